//! Every input form's reader on arbitrary bytes, forced and detected: never panics.
#![no_main]

use cablekit_forms::{Form, read_bytes};
use libfuzzer_sys::fuzz_target;

const FORMS: [Option<Form>; 8] = [
    None,
    Some(Form::Text),
    Some(Form::CablegateHtml),
    Some(Form::Csv),
    Some(Form::Json),
    Some(Form::Pdf),
    Some(Form::PdfText),
    Some(Form::Plusd),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let form = FORMS[usize::from(selector) % FORMS.len()];
    for result in read_bytes(bytes.to_vec(), form).take(1000) {
        let _ = result;
    }
});
