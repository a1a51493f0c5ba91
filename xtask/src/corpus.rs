//! `cargo xtask corpus [DIR…]`: the coverage table of any folder of cables,
//! the figures a maintainer looks at before a release: cables, error records,
//! forms, fields found (% of cables), diagnostics by kind, edits by rule, and
//! every disagreement between a cable's text and its container's metadata
//! (Cablegate page table, CSV columns) with its reason.
//!
//! Without DIR: `corpus/` and `../shared/corpus/` when present. Folders are
//! walked as `cablekit` walks them, with the same batch engine.

use anyhow::bail;
use cablekit_cli::batch::Batch;
use cablekit_cli::inputs;
use cablekit_pipeline::agreement;
use cablekit_pipeline::record::{Outcome, Record, Severity};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

/// Disagreements listed at most per folder.
const MAX_LISTED: usize = 200;

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for arg in args {
        if arg.starts_with('-') {
            bail!("usage: cargo xtask corpus [DIR…]; unknown option {arg:?}");
        }
        dirs.push(PathBuf::from(arg));
    }
    if dirs.is_empty() {
        let root = crate::codegen::root();
        for dir in [root.join("corpus"), root.join("../shared/corpus")] {
            if dir.is_dir() {
                dirs.push(std::fs::canonicalize(&dir).unwrap_or(dir));
            } else {
                println!("(skipping {}: absent)", dir.display());
            }
        }
    }
    for dir in &dirs {
        if !dir.exists() {
            bail!("{} does not exist", dir.display());
        }
        let report = coverage(dir)?;
        print!("{report}");
    }
    Ok(())
}

/// What a folder's cables add up to.
#[derive(Debug, Default)]
struct Stats {
    inputs: HashSet<String>,
    cables: u64,
    bytes: u64,
    forms: BTreeMap<String, u64>,
    errors: BTreeMap<String, (u64, String)>,
    fields: BTreeMap<&'static str, u64>,
    diagnostics: BTreeMap<String, (Severity, u64, u64)>,
    edits: BTreeMap<String, (u64, u64)>,
    compared: u64,
    disagreeing: u64,
    disagreements: BTreeMap<&'static str, u64>,
    listed: Vec<String>,
    /// Per cable id, what each copy of it says (for the cross-form check).
    copies: BTreeMap<String, Vec<Copy>>,
}

/// What one copy of a cable says about it: compared across the copies of
/// the same id (the same cable as a page, a CSV row, a JSON export…).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Copy {
    place: String,
    form: String,
    fields: [(&'static str, String); 4],
}

impl Copy {
    fn of(place: String, record: &Record) -> Copy {
        let mut tags = record.tags.clone();
        tags.sort();
        tags.dedup();
        Copy {
            place,
            form: record.form.clone(),
            fields: [
                (
                    "date",
                    record
                        .header
                        .dtg
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                ),
                (
                    "classification",
                    record.classification.level.clone().unwrap_or_default(),
                ),
                ("tags", tags.join(" ")),
                ("subject", record.subject.clone().unwrap_or_default()),
            ],
        }
    }
}

/// Whether a record has a field.
type Has = fn(&Record) -> bool;

/// The fields counted, and whether a record has each.
const FIELDS: &[(&str, Has)] = &[
    ("id", |r| r.id.is_some()),
    ("dtg", |r| r.header.dtg.is_some()),
    ("from", |r| r.header.from.is_some()),
    ("to", |r| !r.header.to.is_empty()),
    ("info", |r| !r.header.info.is_empty()),
    ("precedence", |r| r.header.precedence.is_some()),
    ("origin (DE line)", |r| r.header.origin.is_some()),
    ("classification", |r| r.classification.level.is_some()),
    ("mrn", |r| r.mrn.is_some()),
    ("caveats", |r| !r.caveats.is_empty()),
    ("eo", |r| r.eo.is_some()),
    ("classified_by", |r| r.classified_by.is_some()),
    ("tags", |r| !r.tags.is_empty()),
    ("subject", |r| r.subject.is_some()),
    ("references", |r| !r.references.is_empty()),
    ("summary", |r| r.summary.is_some()),
    ("paragraphs", |r| !r.paragraphs.is_empty()),
    ("signature", |r| r.signature.is_some()),
    ("section_markers", |r| !r.section_markers.is_empty()),
    ("redactions", |r| !r.redactions.is_empty()),
    ("source_metadata", |r| r.source_metadata.is_some()),
];

impl Stats {
    fn add(&mut self, source: &str, outcome: &Outcome) {
        self.inputs.insert(source.to_owned());
        let record = match outcome {
            Outcome::Error(e) => {
                let entry = self
                    .errors
                    .entry(e.error.kind.clone())
                    .or_insert_with(|| (0, cablekit_cli_describe(e)));
                entry.0 += 1;
                return;
            }
            Outcome::Cable(record) => record,
        };
        self.cables += 1;
        self.bytes += record.text.len() as u64;
        *self.forms.entry(record.form.clone()).or_default() += 1;
        for (name, has) in FIELDS {
            if has(record) {
                *self.fields.entry(name).or_default() += 1;
            }
        }
        let mut seen = HashSet::new();
        for d in &record.diagnostics {
            let entry = self
                .diagnostics
                .entry(d.kind.clone())
                .or_insert((d.severity, 0, 0));
            entry.1 += 1;
            if seen.insert(d.kind.as_str()) {
                entry.2 += 1;
            }
        }
        let mut seen = HashSet::new();
        for e in &record.edits {
            let entry = self.edits.entry(e.rule.to_string()).or_default();
            entry.0 += 1;
            if seen.insert(e.rule.as_ref()) {
                entry.1 += 1;
            }
        }
        if let Some(id) = &record.id {
            let place = match record.source_record {
                Some(n) => format!("{source} (record {n})"),
                None => source.to_owned(),
            };
            self.copies
                .entry(id.clone())
                .or_default()
                .push(Copy::of(place, record));
        }
        if record.source_metadata.is_some() {
            self.compared += 1;
            let found = agreement::check(record);
            if !found.is_empty() {
                self.disagreeing += 1;
            }
            for d in found {
                *self.disagreements.entry(d.field).or_default() += 1;
                if self.listed.len() < MAX_LISTED {
                    let place = match record.source_record {
                        Some(n) => format!("{source} (record {n})"),
                        None => source.to_owned(),
                    };
                    self.listed.push(format!(
                        "| {} | {} | `{}` | `{}` |",
                        place,
                        d.field,
                        d.ours.replace('|', "\\|"),
                        d.theirs.replace('|', "\\|")
                    ));
                }
            }
        }
    }
}

fn cablekit_cli_describe(e: &cablekit_pipeline::record::ErrorRecord) -> String {
    let mut s = e.source.clone();
    if let Some(n) = e.source_record {
        s.push_str(&format!(" (record {n})"));
    }
    format!("{s}: {}", e.error.message)
}

fn pct(n: u64, of: u64) -> String {
    if of == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

/// The coverage report of one folder, as Markdown.
fn coverage(dir: &std::path::Path) -> anyhow::Result<String> {
    let sources = inputs::expand(&[dir.to_owned()]);
    let batch = Batch {
        progress: true,
        ..Batch::default()
    };
    let mut stats = Stats::default();
    let started = Instant::now();
    batch.run(&sources, |item| {
        stats.add(&item.source, &item.outcome);
        Ok(())
    })?;
    let seconds = started.elapsed().as_secs_f64();
    let errors: u64 = stats.errors.values().map(|e| e.0).sum();
    let mut s = String::new();
    s.push_str(&format!("\n# {}\n\n", dir.display()));
    s.push_str(&format!(
        "{} inputs, {} cables, {} error records; {:.1} MB of clean text in {:.2} s\n\n",
        stats.inputs.len(),
        stats.cables,
        errors,
        stats.bytes as f64 / 1e6,
        seconds
    ));
    s.push_str("| form | cables |\n|---|---:|\n");
    for (form, n) in &stats.forms {
        s.push_str(&format!("| {form} | {n} |\n"));
    }
    if !stats.errors.is_empty() {
        s.push_str("\n## Error records\n\n| kind | count | first |\n|---|---:|---|\n");
        for (kind, (n, first)) in &stats.errors {
            s.push_str(&format!(
                "| {kind} | {n} | {} |\n",
                first.replace('|', "\\|")
            ));
        }
    }
    s.push_str("\n## Fields found\n\n| field | cables | % |\n|---|---:|---:|\n");
    for (name, _) in FIELDS {
        let n = stats.fields.get(name).copied().unwrap_or(0);
        s.push_str(&format!("| {name} | {n} | {} |\n", pct(n, stats.cables)));
    }
    s.push_str("\n## Diagnostics by kind\n\n");
    if stats.diagnostics.is_empty() {
        s.push_str("none\n");
    } else {
        s.push_str(
            "| kind | severity | count | cables | % of cables |\n|---|---|---:|---:|---:|\n",
        );
        let mut rows: Vec<_> = stats.diagnostics.iter().collect();
        rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
        for (kind, (severity, n, cables)) in rows {
            let severity = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            s.push_str(&format!(
                "| {kind} | {severity} | {n} | {cables} | {} |\n",
                pct(*cables, stats.cables)
            ));
        }
    }
    s.push_str("\n## Edits by rule\n\n");
    if stats.edits.is_empty() {
        s.push_str("none\n");
    } else {
        s.push_str("| rule | edits | cables | % of cables |\n|---|---:|---:|---:|\n");
        let mut rows: Vec<_> = stats.edits.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        for (rule, (n, cables)) in rows {
            s.push_str(&format!(
                "| {rule} | {n} | {cables} | {} |\n",
                pct(*cables, stats.cables)
            ));
        }
    }
    s.push_str(&cross_form(&stats.copies));
    if stats.compared > 0 {
        s.push_str(&format!(
            "\n## Agreement with container metadata\n\n{} cables with container metadata; {} agree on every field ({})\n\n",
            stats.compared,
            stats.compared - stats.disagreeing,
            pct(stats.compared - stats.disagreeing, stats.compared)
        ));
        if !stats.disagreements.is_empty() {
            s.push_str("| field | disagreements |\n|---|---:|\n");
            for (field, n) in &stats.disagreements {
                s.push_str(&format!("| {field} | {n} |\n"));
            }
            s.push_str("\n| cable | field | ours | container |\n|---|---|---|---|\n");
            for line in &stats.listed {
                s.push_str(line);
                s.push('\n');
            }
            let total: u64 = stats.disagreements.values().sum();
            if total as usize > stats.listed.len() {
                s.push_str(&format!(
                    "\n({} more not listed)\n",
                    total as usize - stats.listed.len()
                ));
            }
        }
    }
    Ok(s)
}

/// The same cable in several forms: ids read from copies in more than one
/// form, and every field on which the copies disagree (only fields that
/// every copy gives are compared).
fn cross_form(copies: &BTreeMap<String, Vec<Copy>>) -> String {
    let mut several = 0;
    let mut agreeing = 0;
    let mut rows = Vec::new();
    for (id, copies) in copies {
        let forms: HashSet<&str> = copies.iter().map(|c| c.form.as_str()).collect();
        if forms.len() < 2 {
            continue;
        }
        several += 1;
        let mut agrees = true;
        for i in 0..4 {
            let values: Vec<&str> = copies.iter().map(|c| c.fields[i].1.as_str()).collect();
            if values.iter().any(|v| v.is_empty()) {
                continue;
            }
            if values.iter().any(|v| *v != values[0]) {
                agrees = false;
                for c in copies {
                    rows.push(format!(
                        "| {id} | {} | {} ({}) | `{}` |",
                        c.fields[i].0,
                        c.place,
                        c.form,
                        clip(&c.fields[i].1).replace('|', "\\|")
                    ));
                }
            }
        }
        if agrees {
            agreeing += 1;
        }
    }
    if several == 0 {
        return String::new();
    }
    let mut s = format!(
        "\n## The same cable in several forms\n\n{several} cables read from copies in more than one form; {agreeing} agree on date, classification, tags and subject\n"
    );
    if !rows.is_empty() {
        s.push_str("\n| id | field | copy | value |\n|---|---|---|---|\n");
        for row in rows.iter().take(MAX_LISTED) {
            s.push_str(row);
            s.push('\n');
        }
    }
    s
}

/// At most 120 characters of `s`.
fn clip(s: &str) -> String {
    if s.chars().count() <= 120 {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(119).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(form: &str, subject: &str, tags: &[&str]) -> Record {
        Record {
            id: Some("08VILNIUS512".into()),
            form: form.into(),
            subject: Some(subject.into()),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..Record::default()
        }
    }

    #[test]
    fn copies_in_several_forms_are_compared_field_by_field() {
        let mut stats = Stats::default();
        for (source, r) in [
            (
                "a.html",
                record("cablegate-html", "ENERGY LAW", &["PREL", "LH"]),
            ),
            ("b.csv", record("csv", "ENERGY LAW", &["LH", "PREL"])),
            ("c.json", record("json", "ENERGY LAW(U)", &["LH", "PREL"])),
        ] {
            stats.add(source, &Outcome::Cable(Box::new(r)));
        }
        let report = cross_form(&stats.copies);
        assert!(
            report.contains("1 cables read from copies in more than one form; 0 agree"),
            "{report}"
        );
        assert!(
            report.contains("| 08VILNIUS512 | subject | c.json (json) | `ENERGY LAW(U)` |"),
            "{report}"
        );
        assert!(
            !report.contains("| tags |"),
            "tag order does not matter: {report}"
        );
    }

    #[test]
    fn one_form_is_not_a_cross_form_check() {
        let mut stats = Stats::default();
        for source in ["a.txt", "b.txt"] {
            stats.add(source, &Outcome::Cable(Box::new(record("text", "X", &[]))));
        }
        assert_eq!(cross_form(&stats.copies), "");
    }
}
