//! Print what the readers make of every file given: form, records, errors,
//! metadata. `cargo run -p cablekit-forms --example scan -- FILE…`

use cablekit_forms::{detect, read_path};
use std::io::Read;
use std::path::Path;

fn main() {
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let mut prefix = Vec::new();
        if let Ok(f) = std::fs::File::open(path) {
            let _ = f.take(64 * 1024).read_to_end(&mut prefix);
        }
        let form = detect(&prefix);
        let mut ok = 0;
        let mut errors = Vec::new();
        let mut first = None;
        for r in read_path(path, None) {
            match r {
                Ok(c) => {
                    ok += 1;
                    if first.is_none() {
                        first = Some(c);
                    }
                }
                Err(e) => errors.push(format!(
                    "{}@{:?}:{}",
                    e.error.kind, e.error.line, e.error.message
                )),
            }
        }
        let (meta, diags, head, len) = match &first {
            Some(c) => (
                c.metadata.as_ref().map(|m| {
                    format!(
                        "{:?}|{:?}|{:?}|{:?}|{:?}|tags={:?}|refs={:?}",
                        m.reference_id,
                        m.created,
                        m.released,
                        m.classification,
                        m.origin,
                        m.tags,
                        m.references
                    )
                }),
                c.diagnostics
                    .iter()
                    .map(|d| d.kind.clone())
                    .collect::<Vec<_>>(),
                c.text
                    .chars()
                    .take(60)
                    .collect::<String>()
                    .replace('\n', "⏎")
                    .replace('\r', "␍"),
                c.text.len(),
            ),
            None => (None, vec![], String::new(), 0),
        };
        println!(
            "{}\t{}\tok={ok}\terr={errors:?}\tlen={len}\t{diags:?}\t{}\t{head}",
            path.file_name().unwrap().to_string_lossy(),
            form.name(),
            meta.unwrap_or_default()
        );
    }
}
