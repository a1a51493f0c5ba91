//! The cable this project started from, end to end: every value the record
//! contract names must be right on it (issues 2 and 3).

use cablekit_pipeline::normalize::Options;
use cablekit_pipeline::process_path;
use cablekit_pipeline::record::{Outcome, Record, apply_edits};
use std::path::Path;

fn seed() -> (String, Record) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/08PRISTINA128.txt");
    let input = std::fs::read_to_string(&path).unwrap();
    let mut outcomes: Vec<Outcome> = process_path(&path, None, &Options::default()).collect();
    assert_eq!(outcomes.len(), 1);
    match outcomes.remove(0) {
        Outcome::Cable(record) => (input, *record),
        Outcome::Error(e) => panic!("seed yields an error record: {e:?}"),
    }
}

#[test]
fn envelope() {
    let (_, r) = seed();
    let h = &r.header;
    assert_eq!(r.id.as_deref(), Some("08PRISTINA128"));
    assert_eq!(h.start_of_message.as_deref(), Some("VZCZCXRO2921"));
    let routing = h.routing.as_ref().expect("routing");
    assert_eq!(routing.precedence, "OO");
    assert_eq!(routing.indicators.len(), 15);
    assert_eq!(routing.indicators[0], "RUEHAG");
    assert_eq!(routing.indicators[14], "RUEHYG");
    let origin = h.origin.as_ref().expect("origin");
    assert_eq!(origin.station, "RUEHPS");
    assert_eq!(origin.serial, Some(128));
    assert_eq!(origin.section, Some(1));
    assert_eq!(origin.day_of_year, Some(72));
    assert_eq!(origin.time.as_deref(), Some("16:16"));
    assert_eq!(h.security.as_deref(), Some("UUUUU"));
    assert_eq!(h.precedence.as_deref(), Some("IMMEDIATE"));
    assert_eq!(
        h.dtg
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .as_deref(),
        Some("2008-03-12T16:16:00Z")
    );
    assert_eq!(h.from.as_deref(), Some("USOFFICE PRISTINA"));
    assert_eq!(h.to.len(), 1);
    assert_eq!(h.to[0].routing_indicator.as_deref(), Some("RUEHC"));
    assert_eq!(h.to[0].name, "SECSTATE WASHDC");
    assert_eq!(h.to[0].precedence.as_deref(), Some("IMMEDIATE"));
    assert_eq!(h.to[0].sequence.as_deref(), Some("8105"));
    assert_eq!(h.info.len(), 18);
    assert_eq!(h.info[0].name, "EUROPEAN POLITICAL COLLECTIVE");
    assert_eq!(h.info[0].sequence, None);
    let sofia = h
        .info
        .iter()
        .position(|a| a.name == "AMEMBASSY SOFIA")
        .expect("Sofia");
    assert_eq!(h.info[sofia].sequence.as_deref(), Some("4945"));
    assert_eq!(h.info[sofia + 1].name, "AMEMBASSY TIRANA");
    assert_eq!(h.info[sofia + 1].sequence.as_deref(), Some("6370"));
    assert!(h.xmt.is_empty());
}

#[test]
fn drafted_text() {
    let (_, r) = seed();
    assert_eq!(r.classification.level.as_deref(), Some("UNCLASSIFIED"));
    assert_eq!(r.classification.section, Some(1));
    assert_eq!(r.classification.of, Some(9));
    assert_eq!(r.mrn.as_deref(), Some("PRISTINA 000128"));
    assert_eq!(r.caveats, ["SIPDIS", "SENSITIVE"]);
    let eo = r.eo.as_ref().expect("E.O. line");
    assert_eq!(eo.order.as_deref(), Some("12958"));
    assert_eq!(eo.instruction.as_deref(), Some("N/A"));
    assert_eq!(eo.declassify_on, None);
    assert_eq!(
        r.tags,
        [
            "PGOV", "KJUS", "KCRM", "EAID", "KDEM", "UNMIK", "KV", "PHUM", "ELAB", "KFRD", "PREF"
        ]
    );
    assert_eq!(
        r.subject.as_deref(),
        Some("KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO")
    );
    assert_eq!(r.references.len(), 1);
    assert_eq!(r.references[0].text, "STATE 2731");
    assert_eq!(r.references[0].id.as_deref(), Some("08STATE2731"));
    assert_eq!(r.references[0].kind, "cable");
    assert!(
        r.summary
            .as_deref()
            .is_some_and(|s| s.starts_with("Post's submission for the Eighth Annual"))
    );
    assert_eq!(r.signature.as_deref(), Some("KAIDANOW"));
}

#[test]
fn paragraphs() {
    let (_, r) = seed();
    let numbers: Vec<u32> = r.paragraphs.iter().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=47).collect::<Vec<u32>>());
    for p in &r.paragraphs {
        let expected = if p.number == 27 { None } else { Some("SBU") };
        assert_eq!(
            p.marking.as_deref(),
            expected,
            "marking of paragraph {}",
            p.number
        );
    }
    assert!(
        r.paragraphs[26]
            .text
            .starts_with("During calendar year 2007")
    );
}

#[test]
fn edits_and_clean_text() {
    let (input, r) = seed();
    assert_eq!(apply_edits(&input, &r.edits), r.text);
    let count = |rule: &str| r.edits.iter().filter(|e| e.rule == rule).count();
    assert_eq!(count("comma-apostrophe"), 9);
    assert_eq!(count("year-prefix"), 3);
    assert_eq!(count("section-marker"), 8);
    assert!(!r.text.contains('$'));
    assert!(!r.text.lines().any(|l| l.starts_with("- ")));
    for n in 1..=47 {
        assert!(r.text.contains(&format!("¶{n}. ")), "no ¶{n}. head");
    }
    assert!(r.text.contains("and five to 20 years if"));
    assert!(r.text.contains("Kosovo's counter-trafficking efforts"));
    assert!(r.text.contains("June 2008."));
    assert!(r.text.contains("November 2007."));
}

#[test]
fn wrapping_changes_the_text_not_the_record() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/08PRISTINA128.txt");
    let input = std::fs::read_to_string(&path).unwrap();
    let options = Options {
        wrap: Some(30),
        ..Options::default()
    };
    let Some(Outcome::Cable(wrapped)) = process_path(&path, None, &options).next() else {
        panic!("no record");
    };
    let (_, plain) = seed();
    assert_eq!(apply_edits(&input, &wrapped.edits), wrapped.text);
    // paragraphs are wrapped; envelope and header lines stay whole
    let body = &wrapped.text[wrapped.text.find("¶1. ").unwrap()..];
    assert!(
        body.lines()
            .all(|l| l.chars().count() <= 30 || !l.contains(' '))
    );
    assert!(
        wrapped
            .text
            .contains("\nSUBJECT: KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO\n")
    );
    assert_eq!(wrapped.id, plain.id);
    assert_eq!(wrapped.header, plain.header);
    assert_eq!(wrapped.paragraphs, plain.paragraphs);
}

/// With `wrap`, the record carries the wrapped text and edits that replay
/// onto it from the input, and the metadata of the unwrapped text; the
/// wrapped text is what the normalizer writes with that option.
#[test]
fn wrapped_record() {
    let (input, plain) = seed();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/08PRISTINA128.txt");
    let options = Options {
        wrap: Some(60),
        ..Options::default()
    };
    let Some(Outcome::Cable(wrapped)) = process_path(&path, None, &options).next() else {
        panic!("no record");
    };
    assert_ne!(wrapped.text, plain.text);
    assert!(wrapped.text.lines().count() > plain.text.lines().count());
    assert_eq!(
        wrapped.text,
        cablekit_pipeline::normalize::normalize(&input, &options).text
    );
    assert_eq!(apply_edits(&input, &wrapped.edits), wrapped.text);
    assert_eq!(
        (&wrapped.id, &wrapped.tags, &wrapped.paragraphs),
        (&plain.id, &plain.tags, &plain.paragraphs)
    );
}
