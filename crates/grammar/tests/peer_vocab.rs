//! cablemap's vocabulary vectors (`../shared/peer/cablemap/{titlefy,tag_kind,tags}.jsonl`)
//! through `grammar::titlecase` and `grammar::tagdb`. Skips with a notice when
//! the shared folder is absent.

use cablekit_grammar::tagdb::{TagKind, split_tags, tag_kind};
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

/// The text after the TAGS keyword up to SUBJECT (or end): a stand-in for
/// the body parser's TAGS extraction, so that `split_tags` is measured alone.
fn tags_text(input: &str) -> Option<String> {
    let upper = input.to_uppercase();
    let keys = ["TAGS:", "TAGS;", "TAGS,", "TAGS ", "TAG ", "TABS:", "AGS:"];
    let (pos, key) = keys
        .iter()
        .filter_map(|k| upper.find(k).map(|p| (p, k.len())))
        .min()?;
    let rest = &input[pos + key..];
    let rest_upper = &upper[pos + key..];
    let end = ["SUBJECT", "SUBJ:", "\nE.O.", "\n\n", "UBJECT:"]
        .iter()
        .filter_map(|k| rest_upper.find(k))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

#[test]
fn split_tags_vectors() {
    let Some(cases) = vectors("tags.jsonl") else {
        return;
    };
    let mut passed = 0;
    for c in &cases {
        let input = c["input"].as_str().unwrap();
        let got = tags_text(input).map(|t| split_tags(&t)).unwrap_or_default();
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
    println!("split_tags {passed}/{}", cases.len());
}
