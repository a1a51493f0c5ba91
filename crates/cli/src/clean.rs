//! `cablekit clean`: clean text on standard output, or one file per cable.

use crate::batch::Item;
use crate::output::{self, Tally};
use crate::{CleanArgs, Failure, Status, inputs};
use cablekit_pipeline::record::{Outcome, Record};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &CleanArgs) -> Result<Status, Failure> {
    if args.out_dir.is_none() && !inputs::is_single(&args.input.inputs) {
        return Err(Failure::Usage(
            "several inputs need `--out-dir DIR` (one file per cable)".into(),
        ));
    }
    // The records' ids (file names) are read from the unwrapped clean text;
    // with `--wrap`, the record's text is that text wrapped.
    let (batch, sources) = output::batch(&args.input, &args.normalize, args.wrap, false)?;
    let map = |item: Item| item;
    let mut tally = Tally::default();
    match &args.out_dir {
        None => {
            let mut out = output::stdout();
            let mut first = true;
            batch.run_with(&sources, map, |item| {
                tally.count(&item);
                if let Outcome::Cable(record) = &item.outcome {
                    if !first {
                        out.write_all(b"\x0c\n")?;
                    }
                    first = false;
                    output::write_text(&mut out, &record.text)?;
                }
                Ok(())
            })?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                std::io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display()))
            })?;
            let mut names = Names::default();
            batch.run_with(&sources, map, |item| {
                tally.count(&item);
                if let Outcome::Cable(record) = item.outcome {
                    let path = dir.join(names.file_name(&record));
                    let mut text = record.text;
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                    if let Err(e) = std::fs::write(&path, text) {
                        return Err(std::io::Error::new(
                            e.kind(),
                            format!("cannot write {}: {e}", path.display()),
                        ));
                    }
                }
                Ok(())
            })?;
        }
    }
    tally.summary("cleaned", args.input.quiet);
    Ok(tally.status())
}

/// File names for `--out-dir`: the cable id, else the source's stem and
/// record number; collisions get `-2`, `-3`, … (compared case-insensitively,
/// for case-insensitive file systems).
#[derive(Debug, Default)]
pub struct Names {
    used: HashSet<String>,
}

impl Names {
    /// The file name for this record.
    pub fn file_name(&mut self, record: &Record) -> PathBuf {
        let base = match &record.id {
            Some(id) if !id.is_empty() => sanitize(id),
            _ => {
                let stem = if record.source == "-" {
                    "stdin".to_owned()
                } else {
                    Path::new(&record.source)
                        .file_stem()
                        .map(|s| sanitize(&s.to_string_lossy()))
                        .unwrap_or_else(|| "cable".to_owned())
                };
                match record.source_record {
                    Some(n) => format!("{stem}-{n}"),
                    None => stem,
                }
            }
        };
        let mut name = base.clone();
        let mut n = 1;
        while !self.used.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        PathBuf::from(format!("{name}.txt"))
    }
}

/// Keep letters, digits, `-`, `_` and `.` (not leading); anything else
/// becomes `_`.
fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    if out.is_empty() {
        out.push_str("cable");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: Option<&str>, source: &str, n: Option<u64>) -> Record {
        Record {
            id: id.map(str::to_owned),
            source: source.into(),
            source_record: n,
            ..Record::default()
        }
    }

    #[test]
    fn names_follow_ids_and_handle_collisions() {
        let mut names = Names::default();
        let got: Vec<PathBuf> = [
            record(Some("08PRISTINA128"), "a.txt", None),
            record(Some("08PRISTINA128"), "b.txt", None),
            record(None, "dir/cables.csv", Some(17)),
            record(None, "-", None),
            record(Some("../x/y"), "c.txt", None),
            record(Some("08pristina128"), "d.txt", None),
        ]
        .iter()
        .map(|r| names.file_name(r))
        .collect();
        let got: Vec<String> = got.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            got,
            [
                "08PRISTINA128.txt",
                "08PRISTINA128-2.txt",
                "cables-17.txt",
                "stdin.txt",
                "_._x_y.txt",
                "08pristina128-3.txt",
            ]
        );
    }
}
