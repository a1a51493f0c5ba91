//! The binary over the real cables of `../shared/corpus/` (skipped with a
//! notice when that folder is absent): every file yields at least one
//! record or error record, nothing panics, output does not depend on the
//! number of jobs, and each file's form or error kind is snapshotted
//! (metadata only, never the cable text).

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared_corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipping: {} is absent (real-corpus tests need ../shared beside the workspace)",
            dir.display()
        );
        None
    }
}

fn parse(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cablekit"))
        .current_dir(dir)
        .args(["parse", "--format", "jsonl", "--quiet"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exit code, not a signal"),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn every_real_file_yields_records_in_every_form() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let (code, stdout) = parse(&corpus, &["-j", "2", "seed", "real"]);
    assert!(code == 0 || code == 1, "exit {code}");
    let mut per_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut cables, mut with_id) = (0u32, 0u32);
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let source = v["source"].as_str().unwrap().to_owned();
        let summary = if let Some(error) = v.get("error") {
            assert_ne!(error["kind"], "internal", "{source}: {line}");
            format!("error {}", error["kind"].as_str().unwrap_or("?"))
        } else {
            cables += 1;
            if v["id"].is_string() {
                with_id += 1;
            }
            v["form"].as_str().unwrap_or("?").to_owned()
        };
        per_file.entry(source).or_default().push(summary);
    }
    // Every file the CLI walks yields something.
    let walked = cablekit_cli::inputs::expand(
        &["seed".into(), "real".into()].map(|p: PathBuf| corpus.join(p)),
    );
    assert_eq!(per_file.len(), walked.len(), "one entry per input file");
    // The same output with one job (on the multi-record and HTML forms, to
    // keep the debug-build test short).
    let (_, html_csv) = parse(&corpus, &["-j", "1", "real/csv-row", "real/html"]);
    let expected: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.contains("\"source\":\"real/csv-row/") || l.contains("\"source\":\"real/html/")
        })
        .collect();
    let got: Vec<&str> = html_csv.lines().collect();
    assert!(
        got == expected,
        "output differs between --jobs 1 and --jobs 2"
    );
    // Ids are the grammar's business (and tested there); here, a sanity
    // floor: nearly every real cable gets one through the binary.
    assert!(
        with_id * 100 >= cables * 95,
        "{with_id} of {cables} real cables have an id"
    );
    // The form of each file, or the kind of its error record: what the
    // forms crate and the batch decide.
    insta::assert_debug_snapshot!("real_corpus_forms", per_file);
}
