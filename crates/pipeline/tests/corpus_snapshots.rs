//! One snapshot per cable of the repository's `corpus/`: its clean text and
//! its JSON record (the record's `text` is redacted there, since the clean
//! snapshot holds it). Snapshot names are derived from the file's path, so
//! adding a file never renames another's snapshots.
//!
//! And one snapshot of the parsed metadata and edit counts of every cable of
//! `../shared/corpus/` (no cable text), skipped with a notice when that
//! folder is absent.

use cablekit_pipeline::normalize::Options;
use cablekit_pipeline::process_path;
use cablekit_pipeline::record::{FieldSet, Outcome, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

mod common;
use common::{cable_files, shared_corpus};

/// A snapshot-name-safe slug of a path relative to `root`.
fn slug(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace(['/', '\\'], "__")
}

#[test]
fn corpus_cables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let source_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let options = Options::default();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for path in cable_files(&root) {
            let name = slug(&root, &path);
            let outcomes: Vec<Outcome> = process_path(&path, None, &options).collect();
            let several = outcomes.len() > 1;
            for (n, mut outcome) in outcomes.into_iter().enumerate() {
                let name = if several {
                    format!("{name}#{}", n + 1)
                } else {
                    name.clone()
                };
                // Sources relative to the workspace, so snapshots do not
                // depend on where the checkout lives.
                let relative = path
                    .strip_prefix(&source_root)
                    .unwrap()
                    .display()
                    .to_string();
                // `cablekit parse` writes the records with the record
                // crate's writer: the bytes serde_json writes
                let mut fast = Vec::new();
                json::write_outcome(&mut fast, &outcome, FieldSet::ALL).unwrap();
                assert!(
                    fast == serde_json::to_vec(&outcome).unwrap(),
                    "{name}: the record writer differs from serde_json"
                );
                match &mut outcome {
                    Outcome::Cable(record) => {
                        record.source = relative;
                        insta::assert_snapshot!(format!("clean@{name}"), record.text);
                    }
                    Outcome::Error(error) => error.source = relative,
                }
                insta::assert_json_snapshot!(format!("record@{name}"), outcome, {
                    ".text" => "[in the clean snapshot]",
                });
            }
        }
    });
}

#[test]
fn shared_corpus_metadata() {
    let Some(shared) = shared_corpus("the shared-corpus metadata snapshot") else {
        return;
    };
    let options = Options::default();
    let mut table = String::new();
    for path in cable_files(&shared) {
        let name = path.strip_prefix(&shared).unwrap().display().to_string();
        for outcome in process_path(&path, None, &options) {
            match outcome {
                Outcome::Cable(r) => {
                    let mut edits: BTreeMap<&str, usize> = BTreeMap::new();
                    for e in &r.edits {
                        *edits.entry(e.rule.as_ref()).or_default() += 1;
                    }
                    let mut diagnostics: BTreeMap<&str, usize> = BTreeMap::new();
                    for d in &r.diagnostics {
                        *diagnostics.entry(d.kind.as_str()).or_default() += 1;
                    }
                    writeln!(
                        table,
                        "{name}{} | {} | {} | {} | {} | {} | tags {} | subject {} | refs {} | paras {} | sig {} | edits {:?} | diags {:?}",
                        r.source_record.map(|n| format!("#{n}")).unwrap_or_default(),
                        r.form,
                        r.id.as_deref().unwrap_or("-"),
                        r.date.map(|d| d.format("%Y-%m-%dT%H:%MZ").to_string()).unwrap_or("-".into()),
                        r.classification.level.as_deref().unwrap_or("-"),
                        r.header.from.as_deref().unwrap_or("-"),
                        r.tags.join(","),
                        r.subject.as_deref().unwrap_or("-"),
                        r.references.len(),
                        r.paragraphs.len(),
                        r.signature.as_deref().unwrap_or("-"),
                        edits,
                        diagnostics,
                    )
                    .unwrap();
                }
                Outcome::Error(e) => {
                    writeln!(
                        table,
                        "{name} | error {} | {}",
                        e.error.kind, e.error.message
                    )
                    .unwrap();
                }
            }
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings
        .set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("shared-corpus-metadata", table));
}

/// Every snapshot in `corpus/snapshots` belongs to a file of `corpus/` (or
/// is the shared-corpus table): a snapshot left behind by a renamed or
/// removed cable fails the build.
#[test]
fn no_unreferenced_corpus_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let slugs: Vec<String> = cable_files(&root).iter().map(|p| slug(&root, p)).collect();
    let mut orphans = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join("snapshots")) else {
        return;
    };
    for entry in entries {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".snap") else {
            orphans.push(name);
            continue;
        };
        if stem == "shared-corpus-metadata" {
            continue;
        }
        let file = stem
            .split_once('@')
            .map(|(_, rest)| rest.split('#').next().unwrap_or(rest))
            .unwrap_or_default();
        if !slugs.iter().any(|s| s == file) {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "unreferenced snapshots: {orphans:?}");
}
