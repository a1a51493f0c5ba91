//! The whole grammar on arbitrary text: never panics, spans stay in bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let record = cablekit_grammar::parse(text);
    for d in &record.diagnostics {
        assert!(d.start <= d.end && d.end <= text.len(), "diagnostic span out of bounds");
    }
});
