//! Replays the inputs the fuzzers found (`fuzz/regressions/<target>/*`)
//! through the same checks as the fuzz targets, so a fixed crash stays fixed
//! without cargo-fuzz.

use cablekit_pipeline::forms::{Form, read_bytes};
use cablekit_pipeline::grammar;
use cablekit_pipeline::normalize::{Options, normalize};
use cablekit_pipeline::record::apply_edits;
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// The checks of the `normalize` and `grammar` fuzz targets.
fn check_text(text: &str) {
    let record = grammar::parse(text);
    for d in &record.diagnostics {
        assert!(
            d.start <= d.end && d.end <= text.len(),
            "diagnostic span out of bounds"
        );
    }
    let options = Options::default();
    let once = normalize(text, &options);
    for e in &once.edits {
        assert_eq!(
            &text[e.start..e.end],
            e.before,
            "edit span does not select `before`"
        );
    }
    assert_eq!(apply_edits(text, &once.edits), once.text);
    assert_eq!(
        normalize(&once.text, &options).text,
        once.text,
        "not idempotent"
    );
}

#[test]
fn normalize_and_grammar_regressions() {
    for path in inputs("normalize").into_iter().chain(inputs("grammar")) {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        eprintln!("replaying {}", path.display());
        check_text(&text);
    }
}

#[test]
fn forms_regressions() {
    for path in inputs("forms") {
        let bytes = std::fs::read(&path).unwrap();
        for form in [
            None,
            Some(Form::Csv),
            Some(Form::CablegateHtml),
            Some(Form::Json),
        ] {
            for result in read_bytes(bytes.clone(), form).take(1000) {
                let _ = result;
            }
        }
    }
}
