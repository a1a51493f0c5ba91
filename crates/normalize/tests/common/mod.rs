//! Shared helpers of the normalizer's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `<workspace>/../shared`, or `None` (with a printed notice) when absent.
pub fn shared() -> Option<PathBuf> {
    cablekit_testkit::shared("the tests over the shared corpus")
}

/// Decode bytes as UTF-8, or as Windows-1252/Latin-1 when they are not.
pub fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    }
}

/// The text of the `<pre>` blocks of a Cablegate page, joined by a line end.
pub fn pre_blocks(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(s) = rest.find("<pre>") {
        let after = &rest[s + 5..];
        let Some(e) = after.find("</pre>") else { break };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&after[..e]);
        rest = &after[e + 6..];
    }
    out
}

/// Every cable text of the corpora: (name, text).
pub fn corpus() -> Vec<(String, String)> {
    let mut dirs = vec![root().join("corpus")];
    if let Some(s) = shared() {
        dirs.push(s.join("corpus"));
    }
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| cablekit_testkit::files_under(d))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "txt" | "html" | "csv" | "json") {
            continue;
        }
        if f.file_name()
            .is_some_and(|n| n == "README.txt" || n == "MANIFEST.tsv")
        {
            continue;
        }
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let text = decode(bytes);
        let text = match ext {
            "html" => pre_blocks(&text),
            "json" => json_text(&text).unwrap_or(text),
            _ => text,
        };
        out.push((f.display().to_string(), text));
    }
    out
}

/// The header and body fields of a JSON export record.
pub fn json_text(s: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    let header = v.get("header").and_then(|h| h.as_str()).unwrap_or("");
    let body = v.get("body")?.as_str()?;
    Some(if header.is_empty() {
        body.to_owned()
    } else {
        format!("{header}\n{body}")
    })
}
