//! The cablemap conformance cases of the areas the body parsers own (tags,
//! subject, references, references_typed, classified_by,
//! nondisclosure_deadline, summary, signers), run through the public body
//! functions. Prints `AREA PASSED/TOTAL` per area and asserts a floor per
//! area so regressions fail. Set `BODY_PEER_VERBOSE=1` to print failures.
//!
//! Skips with a notice when `../shared/peer/cablemap` is absent.

use std::path::PathBuf;

use cablekit_grammar::body::{classified_by, eo, refs, signature, subject, summary, tags};
use serde_json::Value;

fn peer_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/peer/cablemap");
    dir.is_dir().then_some(dir)
}

fn cases(dir: &std::path::Path, area: &str) -> Vec<Value> {
    let Ok(s) = std::fs::read_to_string(dir.join(format!("{area}.jsonl"))) else {
        return Vec::new();
    };
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn arg<'a>(case: &'a Value, name: &str) -> &'a Value {
    &case["extra"]["args"][name]
}

/// Run one area: `got` maps a case to our answer as JSON; returns (passed, total).
fn run(dir: &std::path::Path, area: &str, got: impl Fn(&Value) -> Value) -> (usize, usize) {
    let verbose = std::env::var_os("BODY_PEER_VERBOSE").is_some();
    let cs = cases(dir, area);
    let mut pass = 0;
    for c in &cs {
        let g = got(c);
        if g == c["expected"] {
            pass += 1;
        } else if verbose {
            let input = c["input"].as_str().unwrap_or("");
            let shown: String = input.chars().take(300).collect();
            println!(
                "FAIL {area} {}\n  input: {shown:?}\n  want:  {}\n  got:   {g}",
                c["id"], c["expected"]
            );
        }
    }
    println!("{area} {pass}/{}", cs.len());
    (pass, cs.len())
}

fn input(c: &Value) -> &str {
    c["input"].as_str().unwrap_or("")
}

#[test]
fn peer_areas() {
    let Some(dir) = peer_dir() else {
        println!("skipping: ../shared/peer/cablemap not found");
        return;
    };
    let mut results: Vec<(&str, (usize, usize), f64)> = Vec::new();

    let r = run(&dir, "tags", |c| {
        serde_json::json!(tags::parse_tags(input(c)))
    });
    results.push(("tags", r, 0.55));

    let r = run(&dir, "subject", |c| {
        let clean = arg(c, "clean").as_bool().unwrap_or(true);
        serde_json::json!(subject::parse_subject(input(c), clean).unwrap_or_default())
    });
    results.push(("subject", r, 0.95));

    let r = run(&dir, "references", |c| {
        let year = arg(c, "year").as_i64().unwrap_or(2008) as i32;
        let own = arg(c, "reference_id").as_str();
        serde_json::json!(refs::reference_ids(input(c), year, own))
    });
    results.push(("references", r, 0.93));

    let r = run(&dir, "references_typed", |c| {
        let year = arg(c, "year").as_i64().unwrap_or(2008) as i32;
        // the citing cable's own origin, for references that give only a number
        let hint = c["extra"]["cable_hint"].as_str().unwrap_or("");
        let origin: String = hint
            .get(2..)
            .unwrap_or("")
            .trim_end_matches(|ch: char| ch.is_ascii_digit())
            .to_owned();
        let own = (!origin.is_empty()).then_some(origin.as_str());
        let out: Vec<Value> = refs::parse_references_with(input(c), year, own)
            .into_iter()
            .map(|r| {
                serde_json::json!({
                    "value": r.id.clone().unwrap_or(r.text.clone()),
                    "kind": r.kind,
                    "bullet": r.bullet,
                    "title": r.title,
                })
            })
            .collect();
        Value::Array(out)
    });
    results.push(("references_typed", r, 0.82));

    let r = run(&dir, "classified_by", |c| {
        let normalize = arg(c, "normalize").as_bool().unwrap_or(false);
        serde_json::json!(classified_by::classified_by_names(input(c), normalize))
    });
    results.push(("classified_by", r, 0.97));

    let r = run(
        &dir,
        "nondisclosure_deadline",
        |c| match eo::declassify_on(input(c)) {
            Some(d) => Value::String(d.to_string()),
            None => Value::Null,
        },
    );
    results.push(("nondisclosure_deadline", r, 0.99));

    let r = run(&dir, "summary", |c| {
        match summary::parse_summary(input(c)) {
            Some(s) => Value::String(s),
            None => Value::Null,
        }
    });
    results.push(("summary", r, 0.95));

    let r = run(&dir, "signers", |c| {
        serde_json::json!(signature::parse_signers(input(c)))
    });
    results.push(("signers", r, 0.95));

    let (p, t) = results
        .iter()
        .fold((0, 0), |a, (_, (p, t), _)| (a.0 + p, a.1 + t));
    println!("body areas: {p} passed, {} failed", t - p);
    for (area, (p, t), floor) in results {
        if t > 0 {
            let rate = p as f64 / t as f64;
            assert!(rate >= floor, "{area}: {p}/{t} below the floor {floor}");
        }
    }
}
