//! The driver on every file of `../shared/corpus`: no panic on any input
//! (raw bytes, lossily decoded), and for the Cablegate HTML pages and the
//! `cables.csv` rows the id derived from the DTG and the classification line
//! compared with the file name.

use std::path::Path;

/// The `<pre>` blocks of a Cablegate page, newlines and a few entities
/// decoded, tags removed: a rough stand-in for the forms crate, enough for
/// the envelope and the classification line.
fn html_text(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(i) = rest.find("<pre") {
        let after = &rest[i..];
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let end = body.find("</pre>").unwrap_or(body.len());
        let block = &body[..end];
        // strip tags
        let mut plain = String::with_capacity(block.len());
        let mut in_tag = false;
        for c in block.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&#x000A;", "\n")
            .replace("&#x000a;", "\n")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.push_str(&plain);
        out.push('\n');
        rest = &body[end..];
    }
    out
}

/// Fields 7 and 8 (header, body) of a raw `cables.csv` row (backslash escapes).
fn csv_text(row: &str) -> String {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut in_q = false;
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        if in_q {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        if n != '"' && n != '\'' && n != '\\' {
                            cur.push('\\');
                        }
                        cur.push(n);
                    }
                }
                '"' => in_q = false,
                _ => cur.push(c),
            }
        } else if c == '"' {
            in_q = true;
        } else if c == ',' {
            fields.push(std::mem::take(&mut cur));
        }
    }
    fields.push(cur);
    let header = fields.get(6).cloned().unwrap_or_default();
    let body = fields.get(7).cloned().unwrap_or_default();
    format!("{header}\n{body}")
}

/// The cable id a file name gives: `09DUSHANBE575__snap2010-12` →
/// `09DUSHANBE575`; PlusD names `1974ATHENS02959_b` → `74ATHENS2959`.
fn file_id(p: &Path) -> String {
    let stem = p.file_stem().unwrap().to_string_lossy();
    let id = stem.split("__").next().unwrap();
    let id = id.split('_').next().unwrap();
    let b = id.as_bytes();
    if b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4].is_ascii_alphabetic() {
        // four-digit year and zero-padded serial
        let rest = &id[4..];
        let split = rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let serial = rest[split..].trim_start_matches('0');
        return format!("{}{}{}", &id[2..4], &rest[..split], serial);
    }
    id.to_owned()
}

/// `header` and `body` of a JSON export record.
fn json_text(raw: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(raw) else {
        return String::new();
    };
    let h = v["header"].as_str().unwrap_or_default();
    let b = v["body"].as_str().unwrap_or_default();
    format!("{h}\n{b}")
}

#[test]
fn every_corpus_file() {
    let Some(shared) = cablekit_testkit::shared("the driver over the real corpus") else {
        return;
    };
    let files = cablekit_testkit::files_under(&shared.join("corpus"));
    assert!(!files.is_empty());
    let mut panics = Vec::new();
    let mut bytes = 0usize;
    let (mut checked, mut agree, mut agree_c14n) = (0, 0, 0);
    let mut disagree = Vec::new();
    let mut with_id = 0;
    let mut kinds = std::collections::BTreeMap::new();
    let mut per_form = std::collections::BTreeMap::new();
    let mut env_time = std::time::Duration::ZERO;
    let mut env_bytes = 0usize;
    let mut body_time = std::time::Duration::ZERO;
    let mut forms_total = 0;
    let t0 = std::time::Instant::now();
    for f in &files {
        let raw = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&raw);
        bytes += text.len();
        // 1. raw text: must not panic.
        let res = std::panic::catch_unwind(|| cablekit_grammar::parse(&text));
        let Ok(rec) = res else {
            panics.push(f.display().to_string());
            continue;
        };
        for d in &rec.diagnostics {
            assert!(
                d.start <= d.end && d.end <= text.len(),
                "{}: {d:?}",
                f.display()
            );
        }
        // 2. forms with a known id: derive it from the extracted cable text.
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let path = f.to_string_lossy();
        let form = if path.contains("/nara/") {
            "nara"
        } else if path.contains("/seed/")
            || path.ends_with("README.md")
            || path.ends_with("README.txt")
            || path.contains("historylab")
            || path.contains("bodyline")
        {
            continue;
        } else {
            ext
        };
        let extracted = match form {
            "html" => html_text(&text),
            "csv" => csv_text(&text),
            "json" => json_text(&text),
            "txt" | "nara" => text.to_string(),
            _ => continue,
        };
        forms_total += 1;
        let Ok(rec) = std::panic::catch_unwind(|| cablekit_grammar::parse(&extracted)) else {
            panics.push(format!("{} (extracted)", f.display()));
            continue;
        };
        if rec.id.is_some() {
            with_id += 1;
        }
        if std::env::var_os("ENVELOPE_ADDR").is_some() {
            for a in rec
                .header
                .to
                .iter()
                .chain(&rec.header.info)
                .chain(&rec.header.xmt)
            {
                eprintln!(
                    "ADDR\t{:?}\t{}\t{:?}\t{:?}",
                    a.routing_indicator, a.name, a.precedence, a.sequence
                );
            }
            if let Some(f) = &rec.header.from {
                eprintln!("FROM\t{f}");
            }
        }
        for d in &rec.diagnostics {
            *kinds.entry(d.kind.clone()).or_insert(0usize) += 1;
            if std::env::var_os("ENVELOPE_DEBUG").is_some()
                && matches!(
                    d.kind.as_str(),
                    "unknown-line"
                        | "distribution-line"
                        | "no-classification"
                        | "unknown-token"
                        | "doy-mismatch"
                        | "envelope-order"
                        | "duplicate-envelope-line"
                        | "serial-mismatch"
                        | "end-validation-mismatch"
                )
            {
                eprintln!("  {}: {} {}", f.display(), d.kind, d.message);
            }
            if d.kind == "header-body-mismatch" || d.kind == "from-mrn-mismatch" {
                eprintln!("  {}: {} {}", f.display(), d.kind, d.message);
            }
        }
        if std::env::var("ENVELOPE_DUMP").is_ok_and(|n| f.to_string_lossy().contains(&n)) {
            eprintln!("{extracted}\n{:#?}\n{:#?}", rec.header, rec.diagnostics);
        }
        // Envelope-only timing: the text up to the end of the classification line.
        if let Some(cl) = &rec.classification.line
            && let Some(at) = extracted.find(cl.as_str())
        {
            let head = &extracted[..at + cl.len()];
            let t = std::time::Instant::now();
            let again = cablekit_grammar::parse(head);
            env_time += t.elapsed();
            let mut empty = cablekit_record::Record::default();
            let t = std::time::Instant::now();
            cablekit_grammar::body::parse_body(head, head.len(), &mut empty);
            body_time += t.elapsed();
            env_bytes += head.len();
            // (unless the DTG was read from an envelope run together on a
            // line after the classification line)
            let late_dtg = rec
                .diagnostics
                .iter()
                .any(|d| d.kind == "dtg-in-collapsed-envelope");
            if !late_dtg {
                assert_eq!(again.id, rec.id, "{}", f.display());
            }
        }
        if rec.header.dtg_text.is_none() || rec.mrn.is_none() {
            if std::env::var_os("ENVELOPE_DEBUG").is_some() {
                let first = extracted
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("");
                eprintln!(
                    "  no id: {} dtg={:?} mrn={:?} first={:?} kinds={:?}",
                    f.display(),
                    rec.header.dtg_text,
                    rec.mrn,
                    first.chars().take(60).collect::<String>(),
                    rec.diagnostics
                        .iter()
                        .map(|d| d.kind.as_str())
                        .collect::<Vec<_>>()
                );
            }
            continue;
        }
        checked += 1;
        let want = file_id(f);
        let got = rec.id.clone().unwrap_or_default();
        if got == want {
            agree += 1;
        }
        let want_c = cablekit_grammar::id::canonicalize_id(&want).unwrap_or(want.clone());
        let e = per_form.entry(form.to_owned()).or_insert((0usize, 0usize));
        e.0 += 1;
        if got == want_c {
            e.1 += 1;
            agree_c14n += 1;
        } else {
            disagree.push(format!("{want} (canonical {want_c}) -> {got}"));
        }
    }
    let dt = t0.elapsed();
    eprintln!(
        "corpus: {} files, {:.1} MB parsed raw+extracted in {:.2?}; panics: {}",
        files.len(),
        bytes as f64 / 1e6,
        dt,
        panics.len()
    );
    eprintln!(
        "ids: {with_id}/{forms_total} cables (html, csv, json, txt, nara) get an id; {checked} have DTG+MRN; \
         agree with file name {agree}/{checked}, with canonicalized file name {agree_c14n}/{checked}"
    );
    eprintln!(
        "envelope only (text up to the classification line): {:.2} MB in {:.2?} = {:.1} MB/s",
        env_bytes as f64 / 1e6,
        env_time,
        env_bytes as f64 / 1e6 / env_time.as_secs_f64().max(1e-9)
    );
    eprintln!("  of which parse_body on an empty rest: {body_time:.2?}");
    eprintln!("diagnostic kinds: {kinds:?}");
    eprintln!("agreement by form (with DTG+MRN, agree): {per_form:?}");
    for d in &disagree {
        eprintln!("  differs: {d}");
    }
    assert!(panics.is_empty(), "{panics:#?}");
    assert!(checked > 0);
}
