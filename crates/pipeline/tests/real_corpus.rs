//! Invariants over every real cable of `../shared/corpus/`: no panic, one
//! record per cable (per CSV row), JSON as serde_json writes it, edits that
//! replay, idempotent cleaning, no
//! section marker left, agreement with the Cablegate pages' own metadata, and
//! the same answers for the same cable in several forms.
//!
//! Skips with a printed notice when `../shared/corpus` is absent.

use cablekit_pipeline::forms::{self, CableInput};
use cablekit_pipeline::normalize::{Options, normalize};
use cablekit_pipeline::record::{FieldSet, Outcome, Record, apply_edits, json};
use cablekit_pipeline::{agreement, process, process_path};
use std::path::Path;

mod common;
use common::{cable_files, shared_corpus};

/// Inputs of the real corpus that are expected to yield an error record, and why.
const EXPECTED_ERRORS: &[(&str, &str)] = &[(
    "85CAIRO6360.csv",
    "the last row of a split chunk: truncated inside a quoted field",
)];

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn inputs(path: &Path) -> Vec<CableInput> {
    forms::read_path(path, None)
        .filter_map(Result::ok)
        .collect()
}

#[test]
fn every_real_cable_yields_a_record_with_an_id() {
    let Some(corpus) = shared_corpus("the real-corpus tests") else {
        return;
    };
    let options = Options::default();
    let mut cables = 0;
    let mut problems = Vec::new();
    for path in cable_files(&corpus) {
        let name = file_name(&path);
        let outcomes: Vec<Outcome> = process_path(&path, None, &options).collect();
        if outcomes.is_empty() {
            problems.push(format!("{name}: no record at all"));
        }
        for outcome in outcomes {
            // the record writer of `cablekit parse` writes serde_json's bytes
            let mut fast = Vec::new();
            json::write_outcome(&mut fast, &outcome, FieldSet::ALL).unwrap();
            if fast != serde_json::to_vec(&outcome).unwrap() {
                problems.push(format!("{name}: the record writer differs from serde_json"));
            }
            match outcome {
                Outcome::Cable(record) => {
                    cables += 1;
                    if record.id.is_none() {
                        problems.push(format!("{name}: record without an id"));
                    }
                }
                Outcome::Error(error) => {
                    if !EXPECTED_ERRORS.iter().any(|(file, _)| *file == name) {
                        problems.push(format!("{name}: error record {:?}", error.error));
                    }
                }
            }
        }
    }
    eprintln!("{cables} cables read from {}", corpus.display());
    assert!(cables >= 1500, "only {cables} cables read");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A line that is nothing but a Cablegate section marker
/// (`PRISTINA 00000128 002.2 OF 009`).
fn is_marker_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let n = words.len();
    n >= 4
        && words[n - 2] == "OF"
        && words[n - 1].len() == 3
        && words[n - 1].bytes().all(|b| b.is_ascii_digit())
        && words[n - 3].bytes().take(3).all(|b| b.is_ascii_digit())
        && words[n - 4].len() == 8
        && words[n - 4].bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn edits_replay_cleaning_is_idempotent_and_no_marker_is_left() {
    let Some(corpus) = shared_corpus("the real-corpus tests") else {
        return;
    };
    let options = Options::default();
    let mut problems = Vec::new();
    for path in cable_files(&corpus) {
        let name = file_name(&path);
        for input in inputs(&path) {
            let once = normalize(&input.text, &options);
            for edit in &once.edits {
                if input.text.get(edit.start..edit.end) != Some(&*edit.before) {
                    problems.push(format!(
                        "{name}: edit {edit:?} does not select its `before`"
                    ));
                }
            }
            if apply_edits(&input.text, &once.edits) != once.text {
                problems.push(format!("{name}: edits do not replay to the clean text"));
            }
            if normalize(&once.text, &options).text != once.text {
                problems.push(format!("{name}: cleaning is not idempotent"));
            }
            if let Some(line) = once.text.lines().find(|l| is_marker_line(l)) {
                problems.push(format!("{name}: section marker left: {line:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn cablegate_pages_agree_with_their_own_metadata() {
    let Some(corpus) = shared_corpus("the real-corpus tests") else {
        return;
    };
    let options = Options::default();
    let mut pages = 0;
    let mut agreeing = 0;
    let mut listed = Vec::new();
    for path in cable_files(&corpus) {
        if path.extension().is_none_or(|e| e != "html") || path.to_string_lossy().contains("/nara/")
        {
            continue;
        }
        for input in inputs(&path) {
            pages += 1;
            let record = process(&input, &path.display().to_string(), &options);
            let comparison = agreement::compare(&record);
            // A field may be absent from the record when the text does not
            // have it (no date-time group, no TAGS line); absent although
            // the text has it counts as a disagreement.
            let missed: Vec<&str> = comparison
                .absent
                .iter()
                .copied()
                .filter(|field| match *field {
                    "date" => has_dtg(&record.text),
                    "tags" => record.text.to_uppercase().contains("TAGS:"),
                    _ => true,
                })
                .collect();
            if comparison.disagreements.is_empty() && missed.is_empty() {
                agreeing += 1;
            } else {
                listed.push(format!(
                    "{}: {:?} missed {missed:?}",
                    file_name(&path),
                    comparison.disagreements
                ));
            }
        }
    }
    let rate = agreeing as f64 / pages.max(1) as f64;
    eprintln!(
        "{agreeing}/{pages} Cablegate pages agree ({:.1}%)",
        rate * 100.0
    );
    for line in listed.iter().take(40) {
        eprintln!("  {line}");
    }
    assert!(pages >= 1400, "only {pages} Cablegate pages");
    assert!(rate >= 0.98, "agreement {:.1}% < 98%", rate * 100.0);
}

/// What must agree across forms: id, classification level, TAGS (upper
/// case: JSON exports lower-case everything), subject (case and spacing
/// folded), and the cable's date (the DTG, else the container's creation date).
/// Does `text` contain something shaped like a date-time group
/// (`121616Z MAR 08`)?
fn has_dtg(text: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).any(|w| {
        w[0].len() == 7
            && w[0].ends_with('Z')
            && w[0][..6].bytes().all(|b| b.is_ascii_digit())
            && MONTHS.contains(&w[1])
            && w[2].len() == 2
            && w[2].bytes().all(|b| b.is_ascii_digit())
    })
}

fn summary(record: &Record) -> (Option<String>, Option<String>, Vec<String>, Option<String>) {
    let mut tags: Vec<String> = record.tags.iter().map(|t| t.to_uppercase()).collect();
    tags.sort();
    tags.dedup();
    let subject = record.subject.as_ref().map(|s| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase()
    });
    (
        record.id.clone(),
        record.classification.level.clone(),
        tags,
        subject,
    )
}

/// The cable's date: the DTG, else the container's creation date.
fn cable_date(record: &Record) -> Option<chrono::NaiveDateTime> {
    record.header.dtg.map(|d| d.naive_utc()).or_else(|| {
        record
            .source_metadata
            .as_ref()
            .and_then(|m| m.created.as_deref())
            .and_then(agreement::parse_created)
    })
}

fn dates_agree(a: &Record, b: &Record) -> bool {
    match (cable_date(a), cable_date(b)) {
        (Some(a), Some(b)) => (a - b).num_minutes().abs() <= 24 * 60,
        _ => false,
    }
}

#[test]
fn the_same_cable_in_several_forms_gives_the_same_answers() {
    let Some(corpus) = shared_corpus("the real-corpus tests") else {
        return;
    };
    let options = Options::default();
    let mut groups: std::collections::BTreeMap<String, Vec<(String, Record)>> = Default::default();
    for path in cable_files(&corpus.join("real")) {
        let name = file_name(&path);
        let stem = name.split(['.', '_']).next().unwrap_or_default().to_owned();
        for outcome in process_path(&path, None, &options) {
            if let Outcome::Cable(record) = outcome {
                groups
                    .entry(stem.clone())
                    .or_default()
                    .push((name.clone(), *record));
            }
        }
    }
    let mut compared = 0;
    let mut problems = Vec::new();
    for (stem, records) in groups.iter().filter(|(_, r)| r.len() > 1) {
        let (first_name, first) = &records[0];
        for (name, record) in &records[1..] {
            compared += 1;
            if summary(record) != summary(first) || !dates_agree(record, first) {
                problems.push(format!(
                    "{stem}: {first_name} gives {:?} {:?}\n    but {name} gives {:?} {:?}",
                    summary(first),
                    cable_date(first),
                    summary(record),
                    cable_date(record)
                ));
            }
        }
    }
    eprintln!("{compared} cross-form pairs compared");
    assert!(compared >= 5, "only {compared} cross-form pairs");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
