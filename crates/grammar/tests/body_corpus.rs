//! The body parsers on real cables of `../shared/corpus`: the seed cable's
//! acceptance values, and no panic on any corpus file from any start offset.
//! Skips with a notice when `../shared` is absent.

use cablekit_grammar::body;
use cablekit_record::Record;
use chrono::{TimeZone, Utc};

/// Byte offset just after the line that starts with `prefix`.
fn after_line(text: &str, prefix: &str) -> usize {
    let i = text.find(prefix).expect("line present");
    i + text[i..].find('\n').map_or(text.len() - i, |n| n + 1)
}

#[test]
fn seed_cable_acceptance() {
    let Some(sh) = cablekit_testkit::shared("the body parsers over the real corpus") else {
        return;
    };
    let text = std::fs::read_to_string(sh.join("corpus/seed/08PRISTINA128.txt")).unwrap();
    let start = after_line(&text, "UNCLAS SECTION 01 OF 09 PRISTINA 000128");
    let mut r = Record {
        id: Some("08PRISTINA128".into()),
        ..Record::default()
    };
    r.header.dtg = Utc.with_ymd_and_hms(2008, 3, 12, 16, 16, 0).single();
    body::parse_body(&text, start, &mut r);

    assert_eq!(r.caveats, ["SIPDIS", "SENSITIVE"]);
    assert_eq!(r.attention.len(), 1, "{:?}", r.attention);
    assert!(r.attention[0].starts_with("DEPT FOR EG/TIP, EUR, EUR/SCE"));
    let eo = r.eo.as_ref().expect("eo");
    assert_eq!(eo.order.as_deref(), Some("12958"));
    assert_eq!(eo.instruction.as_deref(), Some("N/A"));
    assert_eq!(eo.declassify_on, None);
    // tag splitting is tagdb's; the list read from the wrapped line must be these
    let tags = body::tags::find_tags(&text[start..]).unwrap();
    assert_eq!(cablekit_grammar::tagdb::split_tags(&tags.raw), r.tags);
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
    assert_eq!(r.references.len(), 1, "{:?}", r.references);
    assert_eq!(r.references[0].text, "STATE 2731");
    assert_eq!(r.references[0].kind, "cable");
    assert_eq!(r.references[0].id.as_deref(), Some("08STATE2731"));
    assert_eq!(r.signature.as_deref(), Some("KAIDANOW"));
    assert!(r.classified_by.is_none());
    assert!(!r.partial);
    // the raw seed's heads are garbled (`11.`, `- 13.`): some paragraphs, never 47
    println!(
        "seed paragraphs read from the raw text: {}",
        r.paragraphs.len()
    );
    if let Some(s) = &r.summary {
        assert!(
            s.starts_with("Post's submission for the Eighth Annual"),
            "{s}"
        );
    }
    // every diagnostic span is inside the text
    for d in &r.diagnostics {
        assert!(d.start <= d.end && d.end <= text.len(), "{d:?}");
    }
}

#[test]
fn no_panic_on_any_corpus_file() {
    let Some(sh) = cablekit_testkit::shared("the body parsers over the real corpus") else {
        return;
    };
    let mut all = cablekit_testkit::files_under(&sh.join("corpus"));
    // the 1,295 bulk pages are many: a sample of them keeps the debug test short
    let mut bulk_seen = 0;
    all.retain(|p| {
        let bulk = p.to_string_lossy().contains("/bulk/");
        bulk_seen += usize::from(bulk);
        !bulk || bulk_seen % 10 == 1
    });
    let mut n = 0;
    let mut with_subject = 0;
    let mut with_tags = 0;
    for p in &all {
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut r = Record::default();
        body::parse_body(&text, 0, &mut r);
        n += 1;
        with_subject += usize::from(r.subject.is_some());
        with_tags += usize::from(!r.tags.is_empty());
        for d in &r.diagnostics {
            assert!(
                d.start <= d.end && d.end <= text.len(),
                "{}: {d:?}",
                p.display()
            );
        }
        // a few start offsets (the bulk pages only once: they are many)
        if !p.to_string_lossy().contains("/bulk/") {
            let step = (text.len() / 4).max(1);
            for (i, _) in text.char_indices().step_by(step) {
                let mut r = Record::default();
                body::parse_body(&text, i, &mut r);
            }
        }
    }
    println!("body on {n} corpus files: {with_subject} with a subject, {with_tags} with tags");
    assert!(n == 0 || with_subject > 0);
}

#[test]
fn no_panic_on_odd_inputs() {
    for t in [
        "",
        "¶",
        "REF:",
        "TAGS:",
        "SUBJECT:",
        "E.O.",
        "Classified By:",
        "END SUMMARY",
        "REF: ¶A. é 12 ¶B.",
        "TAGS: é\n\nSUBJECT: ü\nREF: (é) ü 1",
        "Classified by ééé reasons 1.4",
        "SUMMARY: é END SUMMARY",
        "\u{2019}REF\u{2019}: 'é",
    ] {
        let mut r = Record::default();
        body::parse_body(t, 0, &mut r);
        for i in 0..=t.len() {
            if t.is_char_boundary(i) {
                let mut r = Record::default();
                body::parse_body(t, i, &mut r);
            }
        }
        let _ = body::refs::parse_references(t, 2008);
        let _ = body::classified_by::classified_by_names(t, true);
    }
}

#[test]
fn reference_ids_filled_once_the_year_is_known() {
    let text = "SUBJECT: X\n\nREF: A. BERLIN 32\nB. 08 BERLIN 1002\n\nClassified By: Y";
    let mut r = Record::default();
    body::parse_body(text, 0, &mut r);
    assert_eq!(r.references.len(), 2);
    assert_eq!(r.references[0].id, None);
    assert_eq!(r.references[1].id.as_deref(), Some("08BERLIN1002"));
    r.id = Some("09BERLIN1176".into());
    body::fill_reference_ids(&mut r);
    assert_eq!(r.references[0].id.as_deref(), Some("09BERLIN32"));
    assert_eq!(r.references[1].id.as_deref(), Some("08BERLIN1002"));
}

#[test]
fn partial_extract_notice_before_the_classification_line() {
    // 05TELAVIV4403 (Cablegate page of a partial extract)
    let text = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\nS E C R E T SECTION 01 OF 03 TEL AVIV 004403\n\n¶1. (S) Summary: x";
    let start = text.find("¶1.").unwrap();
    let mut r = Record::default();
    body::parse_body(text, start, &mut r);
    assert!(r.partial);
}

#[test]
fn elements_before_a_late_classification_banner() {
    // a banner at the end (`CONFIDENTIAL` after the signature) taken for the
    // classification line: the body parser still reads what stands before it
    let text = "E.O. 12958: DECL: 04/13/2017\nTAGS: KIPR PREL RS\nSUBJECT: RUSSIAN SCIENCE\n\nREF: MOSCOW 1704\n\n1. (C) Text.\n\nSULLIVAN\n\nCONFIDENTIAL\n";
    let start = text.len();
    let mut r = Record::default();
    body::parse_body(text, start, &mut r);
    assert_eq!(r.subject.as_deref(), Some("RUSSIAN SCIENCE"));
    assert_eq!(r.tags.len(), 3);
    assert!(r.eo.is_some());
    assert_eq!(r.references.len(), 1);
    assert_eq!(r.signature.as_deref(), Some("SULLIVAN"));
}

/// Deterministic mutation fuzz: real header lines with multi-byte characters,
/// parentheses, digits and line breaks inserted at pseudo-random places.
#[test]
fn no_panic_on_mutated_headers() {
    let base = "C O N F I D E N T I A L SECTION 01 OF 02 BERN 000881\n\nSIPDIS\n\nDEPT FOR EUR/CE\n\
E.O. 12958: DECL: 09/10/2027\nTAGS: PREL PGOV SZ IR\nSUBJECT: FM CALMY-REY \"TAKES NOTE\"\n\n\
REF: A. STATE 124823 B. GUHA-CARTER E-MAIL (07SEP07) C. BERN 860\n\nClassified By: Charg d'Affaires a.i. Leigh Carter; reasons 1.4(b) and ( \nd).\n\n\
1. (C) Summary: text. End Summary.\n\n2. (SBU) More.\n\nCARTER\n";
    // the unmutated text (07BERN881 lines) reads fully
    let start = base.find("SIPDIS").unwrap();
    let mut r = Record::default();
    r.header.dtg = Utc.with_ymd_and_hms(2007, 9, 10, 0, 0, 0).single();
    body::parse_body(base, start, &mut r);
    assert_eq!(r.caveats, ["SIPDIS"]);
    assert_eq!(r.attention, ["DEPT FOR EUR/CE"]);
    assert_eq!(r.tags, ["PREL", "PGOV", "SZ", "IR"]);
    let kinds: Vec<(&str, Option<&str>)> = r
        .references
        .iter()
        .map(|x| (x.kind.as_str(), x.id.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("cable", Some("07STATE124823")),
            ("email", None),
            ("cable", Some("07BERN860"))
        ]
    );
    let cb = r.classified_by.as_ref().unwrap();
    assert_eq!(cb.names, ["Leigh Carter"]);
    assert_eq!(cb.reasons, ["b", "d"]);
    assert_eq!(r.paragraphs.len(), 2);
    assert_eq!(r.summary.as_deref(), Some("text."));
    assert_eq!(r.signature.as_deref(), Some("CARTER"));
    let inserts = [
        "é", "¶", "’", "(", ")", "1.", "\n", "\n\n", "X", " ", ":", "REF", "0", "Ω", "\u{2010}",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let mut s = base.to_owned();
        for _ in 0..(1 + next() % 6) {
            let mut at = (next() as usize) % (s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            let ins = inserts[(next() as usize) % inserts.len()];
            s.insert_str(at, ins);
        }
        let mut start = (next() as usize) % (s.len() + 1);
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut r = Record::default();
        body::parse_body(&s, start, &mut r);
        for d in &r.diagnostics {
            assert!(d.start <= d.end && d.end <= s.len());
        }
        let _ = body::refs::parse_references(&s, 2007);
        let _ = body::classified_by::classified_by_names(&s, true);
        let _ = body::summary::parse_summary(&s);
        let _ = body::tags::parse_tags(&s);
        let _ = body::subject::parse_subject(&s, false);
        let _ = body::eo::parse_eo(&s);
        let _ = body::signature::parse_signers(&s);
    }
}
