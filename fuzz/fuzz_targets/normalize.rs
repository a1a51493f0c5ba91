//! The normalizer: edits replay to the clean text, and cleaning is idempotent.
#![no_main]

use cablekit_normalize::{Options, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let options = Options::default();
    let once = normalize(text, &options);
    for e in &once.edits {
        assert_eq!(&text[e.start..e.end], e.before, "edit span does not select `before`");
    }
    assert_eq!(cablekit_record::apply_edits(text, &once.edits), once.text);
    let twice = normalize(&once.text, &options);
    assert_eq!(twice.text, once.text, "normalize is not idempotent");
});
