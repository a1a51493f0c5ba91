//! cablemap's vocabulary vectors (`../shared/peer/cablemap/{titlefy,tag_kind,tags}.jsonl`)
//! through `grammar::titlecase` and `grammar::tagdb`. Skips with a notice when
//! the shared folder is absent.

use cablekit_grammar::body::tags::parse_tags;
use cablekit_grammar::tagdb::{TagKind, tag_kind};
use cablekit_grammar::titlecase::titlefy;
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
fn titlefy_vectors() {
    let Some(cases) = vectors("titlefy.jsonl") else {
        return;
    };
    let mut passed = 0;
    for c in &cases {
        let got = titlefy(c["input"].as_str().unwrap());
        if Some(got.as_str()) == c["expected"].as_str() {
            passed += 1;
        } else {
            println!(
                "titlefy {}\n   got  {got:?}\n   want {}",
                c["input"], c["expected"]
            );
        }
    }
    println!("titlefy {passed}/{}", cases.len());
    assert!(rate(passed, cases.len()) >= 0.9);
}

#[test]
fn tag_kind_vectors() {
    let Some(cases) = vectors("tag_kind.jsonl") else {
        return;
    };
    let mut passed = 0;
    for c in &cases {
        let default = c["extra"]["args"]["default"].as_str().unwrap_or("unknown");
        let got = match tag_kind(c["input"].as_str().unwrap()) {
            TagKind::Subject => "subject",
            TagKind::Geo => "geo",
            TagKind::Person => "person",
            TagKind::Program => "program",
            TagKind::Org => "org",
            TagKind::Unknown => default,
        };
        if Some(got) == c["expected"].as_str() {
            passed += 1;
        } else {
            println!("tag_kind {} -> {got}, want {}", c["input"], c["expected"]);
        }
    }
    println!("tag_kind {passed}/{}", cases.len());
    assert!(rate(passed, cases.len()) >= 0.9);
}

#[test]
fn split_tags_vectors() {
    let Some(cases) = vectors("tags.jsonl") else {
        return;
    };
    let mut passed = 0;
    for c in &cases {
        let input = c["input"].as_str().unwrap();
        let got = parse_tags(input);
        let want: Vec<String> = c["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        if got == want {
            passed += 1;
        } else {
            println!("tags {input:?}\n   got  {got:?}\n   want {want:?}");
        }
    }
    println!(
        "tags (body::tags::parse_tags + tagdb::split_tags) {passed}/{}",
        cases.len()
    );
    assert!(rate(passed, cases.len()) >= 0.9);
}
