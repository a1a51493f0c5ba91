//! cablemap's recipient conformance cases (`recipients.jsonl`,
//! `info_recipients.jsonl`) run through the driver. Field mapping:
//! route → routing_indicator, name → name, precedence → precedence,
//! mcn → sequence; cablemap's `excluded` (XMT names attached to the
//! addressee before them) → our `header.xmt` names.

use std::path::PathBuf;

use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("NOTICE: {} absent; skipping", p.display());
        None
    }
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// Compare one case; `Err` describes the first difference.
fn check(area: &str, case: &Value) -> Result<(), String> {
    let input = case["input"].as_str().ok_or("no input")?;
    let expected = case["expected"].as_array().ok_or("no expected list")?;
    let r = cablekit_grammar::parse(input);
    let got = match area {
        "recipients" => &r.header.to,
        _ => &r.header.info,
    };
    if got.len() != expected.len() {
        return Err(format!(
            "{} addressees, expected {}: {got:?}",
            got.len(),
            expected.len()
        ));
    }
    let mut excluded = Vec::new();
    for (g, e) in got.iter().zip(expected) {
        let want = (
            opt(&e["route"]),
            e["name"].as_str().unwrap_or_default().to_owned(),
            opt(&e["precedence"]),
            opt(&e["mcn"]),
        );
        let have = (
            g.routing_indicator.clone(),
            g.name.clone(),
            g.precedence.clone(),
            g.sequence.clone(),
        );
        if want != have {
            return Err(format!("got {have:?}, expected {want:?}"));
        }
        for x in e["excluded"].as_array().into_iter().flatten() {
            excluded.push(x.as_str().unwrap_or_default().to_owned());
        }
    }
    if !excluded.is_empty() {
        let xmt: Vec<String> = r.header.xmt.iter().map(|a| a.name.clone()).collect();
        if xmt != excluded {
            return Err(format!("xmt {xmt:?}, expected excluded {excluded:?}"));
        }
    }
    Ok(())
}

#[test]
fn cablemap_recipients() {
    let Some(shared) = shared() else { return };
    let mut total = 0;
    let mut failures = Vec::new();
    for area in ["recipients", "info_recipients"] {
        let path = shared.join(format!("peer/cablemap/{area}.jsonl"));
        let Ok(data) = std::fs::read_to_string(&path) else {
            eprintln!("NOTICE: {} absent; skipping", path.display());
            continue;
        };
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let case: Value = serde_json::from_str(line).unwrap();
            total += 1;
            if let Err(e) = check(area, &case) {
                failures.push(format!("{}: {e}", case["id"]));
            }
        }
    }
    eprintln!(
        "cablemap recipients: {}/{} cases pass",
        total - failures.len(),
        total
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
