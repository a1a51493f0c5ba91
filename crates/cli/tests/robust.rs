//! Any bytes, in any form, through the batch engine: every input yields at
//! least one record or error record, and none is an `internal` error (a
//! panic caught in a reader or in the pipeline).

use cablekit_cli::batch::Batch;
use cablekit_cli::inputs::Source;
use cablekit_cli::pipeline::forms::Form;
use cablekit_cli::pipeline::record::Outcome;
use proptest::prelude::*;

/// Bytes that look a little like each form, or like nothing.
fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        "(?s).{0,400}".prop_map(String::into_bytes),
        "[A-Z0-9 /.:,()\n]{0,400}".prop_map(String::into_bytes),
        "(\"[0-9]{1,3}\",\"[^\"]{0,20}\",\"[A-Z0-9]{0,12}\",\"[^\"]{0,20}\",\"[A-Z]{0,12}\",\"\",\"[A-Z0-9 \n\\\\\"]{0,80}\",\"[A-Z0-9 .:\n\\\\\"]{0,120}\"?\n?){1,4}"
            .prop_map(String::into_bytes),
        "<html><pre>[A-Z0-9 &#;x\n<>/='a-z]{0,300}</pre>(<pre>[A-Z ]{0,50})?".prop_map(String::into_bytes),
        "\\{\"[a-z_]{1,8}\": ?\"[A-Z0-9 \\\\n]{0,100}\"?\\}\n?".prop_map(String::into_bytes),
        "%PDF-1\\.[0-9][^\u{0}]{0,200}".prop_map(String::into_bytes),
    ]
}

fn form() -> impl Strategy<Value = Option<Form>> {
    prop_oneof![
        3 => Just(None),
        1 => proptest::sample::select(Form::ALL.to_vec()).prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn any_input_yields_records_without_panics(
        files in proptest::collection::vec(input(), 1..4),
        form in form(),
        jobs in 1usize..3,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Vec::new();
        for (i, bytes) in files.iter().enumerate() {
            let path = dir.path().join(format!("{i}.in"));
            std::fs::write(&path, bytes).unwrap();
            sources.push(Source::File(path));
        }
        let batch = Batch { form, jobs: Some(jobs), keep_input: true, ..Batch::default() };
        let mut seen = Vec::new();
        batch.run(&sources, |item| {
            if let Outcome::Error(e) = &item.outcome {
                assert_ne!(e.error.kind, "internal", "{}: {}", e.source, e.error.message);
            }
            seen.push(item.source);
            Ok(())
        }).unwrap();
        for source in &sources {
            prop_assert!(seen.contains(&source.name()), "{} yielded nothing", source.name());
        }
    }
}
