//! cablemap's id vectors (`../shared/peer/cablemap/{c14n,malformed}_ids.jsonl`)
//! through `grammar::id`. Skips with a notice when the shared folder is absent.

use cablekit_grammar::id::canonicalize_id;
use serde_json::Value;
use std::path::PathBuf;

fn vectors(file: &str) -> Option<Vec<Value>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join("../shared/peer/cablemap").join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} not found", path.display());
        return None;
    };
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect(),
    )
}

fn rate(passed: usize, total: usize) -> f64 {
    passed as f64 / total.max(1) as f64
}

#[test]
fn c14n_ids() {
    let Some(cases) = vectors("c14n_ids.jsonl") else {
        return;
    };
    let mut passed = 0;
    for c in &cases {
        let got = canonicalize_id(c["input"].as_str().unwrap());
        if got.as_deref() == c["expected"].as_str() {
            passed += 1;
        } else {
            println!("c14n {} -> {got:?}, want {}", c["input"], c["expected"]);
        }
    }
    println!("c14n_ids {passed}/{}", cases.len());
    assert!(rate(passed, cases.len()) >= 0.95);
}

#[test]
fn malformed_ids() {
    let Some(cases) = vectors("malformed_ids.jsonl") else {
        return;
    };
    let mut passed = 0;
    for c in &cases {
        let got = canonicalize_id(c["input"].as_str().unwrap());
        let want = canonicalize_id(c["expected"].as_str().unwrap());
        if got.is_some() && got == want {
            passed += 1;
        } else {
            println!("malformed {} -> {got:?}, want {want:?}", c["input"]);
        }
    }
    println!("malformed_ids {passed}/{}", cases.len());
    assert!(rate(passed, cases.len()) >= 0.90);
}

/// Precision: real Cablegate ids (the bulk pages' file names) are already
/// canonical, so canonicalisation must leave every one of them alone.
#[test]
fn real_ids_are_fixed_points() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/corpus/bulk/cablegate-2010-12");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipping: {} not found", dir.display());
        return;
    };
    let mut n = 0;
    let mut changed = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".html") else {
            continue;
        };
        n += 1;
        let got = canonicalize_id(id);
        if got.as_deref() != Some(id) {
            changed.push(format!("{id} -> {got:?}"));
        }
    }
    println!("{n} real ids, {} changed: {changed:?}", changed.len());
    assert!(changed.is_empty(), "{changed:?}");
}
