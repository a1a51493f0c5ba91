//! The drafted text after the classification line: captions, attention
//! lines, E.O., Classified By, TAGS, SUBJECT, REF, paragraphs, summary,
//! signature. OWNER: body helper (B).
//!
//! Each element has its own module with a public function that works on any
//! text (a whole cable, or just the lines holding the element), so the
//! conformance runner can call it directly; [`parse_body`] composes them and
//! fills the record. Spans the element functions return are relative to the
//! text they were given; `parse_body` turns them into offsets into the whole
//! input text.

pub mod captions;
pub mod classified_by;
pub mod eo;
pub mod paragraphs;
pub mod refs;
pub mod scan;
pub mod signature;
pub mod subject;
pub mod summary;
pub mod tags;

use cablekit_record::{Diagnostic, Record};
use chrono::Datelike;

use crate::lines::lines;

/// How far after the start the header elements (E.O., TAGS, SUBJECT, REF)
/// are looked for when no numbered paragraph ends the header earlier.
const HEADER_MAX: usize = 6000;

/// The cable's year for references: the DTG's year, else the two first
/// digits of the id.
pub fn cable_year(record: &Record) -> Option<i32> {
    if let Some(dtg) = record.header.dtg {
        return Some(dtg.year());
    }
    let id = record.id.as_deref()?;
    let yy: i32 = id.get(..2)?.parse().ok()?;
    Some(if yy > 10 { 1900 + yy } else { 2000 + yy })
}

/// The origin part of a canonical id (`08PRISTINA128` → `PRISTINA`).
fn id_origin(id: &str) -> Option<&str> {
    let s = id.get(2..)?;
    let s = s.trim_end_matches(|c: char| c.is_ascii_digit());
    (!s.is_empty()).then_some(s)
}

/// End of the header: the start of the first line that is a paragraph head
/// (or `HEADER_MAX` bytes after `start`).
fn header_end(text: &str, start: usize) -> usize {
    let limit = scan::floor_boundary(text, start + HEADER_MAX);
    for l in lines(&text[start..limit]) {
        let t = crate::lines::trim_start(l.text).trim_start_matches(['-', ' ']);
        if let Some(h) = crate::parahead::parse_head(t)
            && h.number <= 20
        {
            return start + l.start;
        }
    }
    limit
}

/// Parse the drafted text of `text` starting at byte `start` (the line after
/// the classification line, or 0 when there is none) and fill the body fields
/// of `record`: `caveats`, `attention`, `eo`, `classified_by`, `tags`,
/// `subject`, `references`, `summary`, `paragraphs`, `signature`, `partial`,
/// and push diagnostics (spans into `text`). The cable's year for references
/// is taken from `record.header.dtg` or `record.id` when they are set.
pub fn parse_body(text: &str, start: usize, record: &mut Record) {
    let start = scan::floor_boundary(text, start.min(text.len()));
    // a second cable's dump row running on after this one ends the text
    let run_on = scan::run_on_start(text, start);
    if let Some(at) = run_on {
        record.diagnostics.push(Diagnostic::warning(
            "run-on-record",
            "another cable's cables.csv row runs on after this cable; not read as its text",
            at,
            text.len(),
        ));
    }
    let text = &text[..run_on.unwrap_or(text.len())];
    let hend = header_end(text, start);
    let header = &text[start..hend];

    // E.O., TAGS, SUBJECT in the header
    let eo = eo::parse_eo(header);
    let tags = tags::find_tags(header);
    let subject = subject::find_subject(header);
    // when the element stands before `start` (a classification banner further
    // down was taken for the classification line), read it there
    let before = &text[..start];
    let eo_before = eo.is_none().then(|| eo::parse_eo(before)).flatten();
    let tags_before = tags.is_none().then(|| tags::find_tags(before)).flatten();
    let subject_before = subject
        .is_none()
        .then(|| subject::find_subject(before))
        .flatten();

    // captions and attention lines: the lines before the first of those
    let first_elem = [
        eo.as_ref().map(|m| m.start),
        tags.as_ref().map(|m| m.start),
        subject.as_ref().map(|m| m.start),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(header.len());
    read_captions(start, &header[..first_elem], record);
    // (attention glued before E.O. on the same line is the last, partial
    // line of that slice: `DEPT FOR NEA/MAG AND DRL E.O. 12958: …`)

    let eo = eo.map(|m| (m, start)).or(eo_before.map(|m| (m, 0)));
    let tags = tags.map(|m| (m, start)).or(tags_before.map(|m| (m, 0)));
    if let Some((m, base)) = eo {
        if m.unparsed {
            record.diagnostics.push(Diagnostic::warning(
                "eo-unparsed",
                format!("could not read the E.O. line {:?}", m.eo.text),
                base + m.start,
                base + m.end,
            ));
        }
        record.eo = Some(m.eo);
    }
    match tags {
        Some((m, base)) => {
            record.tags = crate::tagdb::split_tags(&m.raw);
            if record.tags.is_empty() {
                record.diagnostics.push(Diagnostic::warning(
                    "tags-empty",
                    "TAGS line without tags",
                    base + m.start,
                    base + m.end,
                ));
            }
        }
        None => record.diagnostics.push(Diagnostic::note(
            "tags-missing",
            "no TAGS line found",
            start,
            hend,
        )),
    }
    match subject.as_ref().or(subject_before.as_ref()) {
        Some(m) => record.subject = Some(m.clean().to_owned()).filter(|s| !s.is_empty()),
        None => record.diagnostics.push(Diagnostic::note(
            "subject-missing",
            "no SUBJECT line found",
            start,
            hend,
        )),
    }

    // REF block: after the subject when there is one (before `start` when the
    // subject was found there)
    let (ref_text, ref_base) = if subject.is_none() && subject_before.is_some() {
        (before, 0)
    } else {
        (header, start)
    };
    let ref_from = subject
        .as_ref()
        .or(subject_before.as_ref())
        .map_or(0, |m| m.start)
        .min(ref_text.len());
    if let Some(b) = refs::find_ref_block(&ref_text[ref_from..]) {
        let year = cable_year(record);
        let own = record.id.as_deref().and_then(id_origin).map(str::to_owned);
        let list = &ref_text[ref_from + b.list_start..ref_from + b.end];
        record.references = refs::references_in(list, year, own.as_deref());
        if record.references.is_empty() {
            record.diagnostics.push(Diagnostic::warning(
                "ref-unparsed",
                "REF block without readable references",
                ref_base + ref_from + b.start,
                ref_base + ref_from + b.end,
            ));
        }
    }

    // Classified By: in the header or the first paragraph
    let cb_end = scan::floor_boundary(text, hend + 1500);
    let cb = classified_by::find_classified_by(&text[start..cb_end])
        .map(|m| (m, start))
        .or_else(|| classified_by::find_classified_by(before).map(|m| (m, 0)));
    if let Some((m, base)) = cb {
        if m.value.names.is_empty() {
            record.diagnostics.push(Diagnostic::note(
                "classified-by-no-name",
                "Classified By without a readable name",
                base + m.start,
                base + m.end,
            ));
        }
        record.classified_by = Some(m.value);
    }

    // signature, paragraphs, summary; the signature is read at the end of the
    // whole text (a banner after it may have been taken for the classification line)
    let body = &text[start..];
    let sig = signature::find_signature(text);
    let para_end = sig
        .as_ref()
        .filter(|s| s.start >= start)
        .map_or(body.len(), |s| s.start - start);
    let para_from = (hend - start).min(body.len());
    record.paragraphs =
        paragraphs::split_paragraphs(&body[para_from..], para_end.max(para_from) - para_from)
            .into_iter()
            .map(|p| p.paragraph)
            .collect();
    let sum_from = subject.as_ref().map_or(0, |m| m.end).min(body.len());
    if let Some(m) = summary::find_summary(&body[sum_from..]) {
        record.summary = Some(summary::found_one_line(&m));
    }
    record.signature = sig.map(|s| s.name);
    // the publisher's notice stands before the classification line
    let top = &text[..scan::floor_boundary(text, start + 4000)];
    if has_partial_notice(top) {
        record.partial = true;
    }
}

/// `true` when `top` holds the publisher's notice `partial extract of the
/// original cable` (any case): the same answer as
/// `scan::find_ci(top, "partial extract of the original cable", 0).is_some()`,
/// but searching for its rare `x` first (`xtract of the original cable`) and
/// checking the `partial e` before it, instead of stopping at every `p`.
fn has_partial_notice(top: &str) -> bool {
    const HEAD: &[u8] = b"partial e";
    let b = top.as_bytes();
    let mut from = 0;
    while let Some(j) = scan::find_ci(top, "xtract of the original cable", from) {
        if j >= HEAD.len() && b[j - HEAD.len()..j].eq_ignore_ascii_case(HEAD) {
            return true;
        }
        from = j + 1;
    }
    false
}

/// Fill the `id` of cable references that have none because the cable's
/// year was unknown when the body was parsed (no DTG, no id yet): call it
/// after setting `record.id` or `record.header.dtg`. References keep their
/// order; only missing ids are added.
pub fn fill_reference_ids(record: &mut Record) {
    let Some(year) = cable_year(record) else {
        return;
    };
    let own = record.id.as_deref().and_then(id_origin).map(str::to_owned);
    for r in &mut record.references {
        if r.kind == "cable"
            && r.id.is_none()
            && let Some(again) = refs::references_in(&r.text, Some(year), own.as_deref())
                .into_iter()
                .next()
        {
            r.id = again.id;
        }
    }
}

/// Push captions in order, without duplicates.
fn push_caveats(record: &mut Record, caps: &[&str]) {
    for c in caps {
        if !record.caveats.iter().any(|x| x == c) {
            record.caveats.push((*c).to_owned());
        }
    }
}

/// Read the caption and attention lines of `head` (which starts at byte
/// `start` of the whole text): caption-only lines go to `caveats`, attention lines (joined
/// when a line ends with a comma) to `attention`.
fn read_captions(start: usize, head: &str, record: &mut Record) {
    let mut pending: Option<String> = None;
    let mut unknown = 0;
    let mut after_attention = false;
    // captions and attention lines are a few short lines: do not read a
    // whole page of something else as a header
    for l in lines(head).take(60) {
        let t = crate::lines::trim(l.text);
        if t.is_empty() || t.len() > 600 {
            continue;
        }
        if let Some(p) = pending.as_mut() {
            let up = p.to_ascii_uppercase();
            if p.ends_with([',', ';']) || up.ends_with(" AND") || up.ends_with(" FOR") {
                p.push(' ');
                p.push_str(t);
                continue;
            }
            record.attention.push(pending.take().unwrap_or_default());
        }
        let up = t.to_ascii_uppercase();
        // a corrected copy's notice is not a header element
        if up.starts_with("C O R R E C T E D") || up.starts_with("CORRECTED COPY") {
            continue;
        }
        let class = captions::classify_line(t);
        // more office symbols after an attention line (`NEA/ELA AND INR/TCA`)
        let office_list = matches!(class, captions::HeaderLine::Other)
            && after_attention
            && !t.chars().any(|c| c.is_ascii_lowercase())
            && t.len() <= 200;
        match class {
            captions::HeaderLine::Captions(c) => {
                after_attention = false;
                push_caveats(record, &c);
            }
            captions::HeaderLine::Attention => {
                after_attention = true;
                pending = Some(t.to_owned());
            }
            captions::HeaderLine::Other if office_list => pending = Some(t.to_owned()),
            captions::HeaderLine::Other => {
                unknown += 1;
                if unknown <= 3 {
                    record.diagnostics.push(Diagnostic::note(
                        "header-line-unknown",
                        format!("line before E.O./TAGS/SUBJECT not read: {t:?}"),
                        start + l.start,
                        start + l.end(),
                    ));
                }
            }
        }
    }
    if let Some(p) = pending {
        record.attention.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_notice_agrees_with_find_ci() {
        let n = "partial extract of the original cable";
        let mut cases: Vec<String> = [
            "",
            n,
            "PARTIAL EXTRACT OF THE ORIGINAL CABLE",
            "xtract of the original cable",
            "partial extract of the original cabl",
            "partial  extract of the original cable",
            "a partial exTract of the original cable and xtract of the original cable",
            "xtract of the original cable partial extract of the original cable",
            "\u{e9}artial extract of the original cable",
            "partial \u{e9}xtract of the original cable",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(300) {
            cases.push(format!("{t}{n}"));
            cases.push(format!("{n}{t}"));
            cases.push(t);
        }
        for s in &cases {
            assert_eq!(
                has_partial_notice(s),
                scan::find_ci(s, n, 0).is_some(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn attention_on_the_eo_line() {
        // 08TRIPOLI220 (Cablegate), the form of §2.4
        let t = "SIPDIS\n\nDEPT FOR NEA/MAG AND DRL E.O. 12958: DECL: 3/13/2018\nTAGS: PGOV PHUM LY\nSUBJECT: X\n";
        let mut r = Record::default();
        parse_body(t, 0, &mut r);
        assert_eq!(r.caveats, ["SIPDIS"]);
        assert_eq!(r.attention, ["DEPT FOR NEA/MAG AND DRL"]);
        let eo = r.eo.unwrap();
        assert_eq!(eo.declassify_on.unwrap().to_string(), "2018-03-13");
    }

    #[test]
    fn wrapped_attention_line_is_joined() {
        let t = "NOFORN\nSIPDIS\nSTATE FOR EUR/RUS (GUHA), EUR/ACE,\nOES/STC (DAUGHARTY)\nE.O. 12958: DECL: 04/13/2017\n";
        let mut r = Record::default();
        parse_body(t, 0, &mut r);
        assert_eq!(r.caveats, ["NOFORN", "SIPDIS"]);
        assert_eq!(
            r.attention,
            ["STATE FOR EUR/RUS (GUHA), EUR/ACE, OES/STC (DAUGHARTY)"]
        );
    }

    #[test]
    fn office_lists_after_an_attention_line() {
        // 08TUNIS679, 10BEIJING231 style continuation lines
        let t = "SIPDIS\n\nC O R R E C T E D COPY CAPTION\nSTATE FOR NEA/MAG AND EEB\nNEA/ELA AND INR/TCA\nE.O. 12958: N/A\n";
        let mut r = Record::default();
        parse_body(t, 0, &mut r);
        assert_eq!(
            r.attention,
            ["STATE FOR NEA/MAG AND EEB", "NEA/ELA AND INR/TCA"]
        );
        assert!(
            !r.diagnostics
                .iter()
                .any(|d| d.kind == "header-line-unknown")
        );
    }

    #[test]
    fn diagnostics_point_into_the_whole_text() {
        let t = "UNCLAS STATE 000001\nE.O. 12958\nSUBJECT: X\n";
        let start = t.find("E.O.").unwrap();
        let mut r = Record::default();
        parse_body(t, start, &mut r);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "eo-unparsed")
            .unwrap();
        assert_eq!(&t[d.start..d.start + 4], "E.O.");
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "tags-missing")
            .unwrap();
        assert!(d.start >= start && d.end <= t.len());
    }

    #[test]
    fn run_on_dump_row_ends_the_body() {
        // corpus/html/07ASTANA1488.html: after the signature a second cable's
        // cables.csv row runs on and stops mid-sentence.
        let t = "C O N F I D E N T I A L ASTANA 001488\n\nSUBJECT: X\n\n4. (C) Comment: End comment.\n\nLASSITER\n\n118934\t2007-07-16 12:10:00\t07DUSHANBE1322\tEmbassy Dushanbe\tUNCLASSIFIED\t\tVZCZCXRO2911\n\n1. (SBU) Summary: farms that had";
        let start = t.find("SUBJECT").unwrap();
        let mut r = Record::default();
        parse_body(t, start, &mut r);
        assert_eq!(r.signature.as_deref(), Some("LASSITER"));
        assert_eq!(r.paragraphs.len(), 1);
        assert_eq!(r.paragraphs[0].number, 4);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "run-on-record")
            .unwrap();
        assert!(t[d.start..].starts_with("118934\t"));
        // a run-on row inside the header never panics
        let mut r = Record::default();
        parse_body("SUBJECT: X\n1\t2007-07-16 12:10:00\t07X11\t\n", 0, &mut r);
        assert_eq!(r.subject.as_deref(), Some("X"));
    }

    #[test]
    fn year_from_id_when_no_dtg() {
        let r = Record {
            id: Some("85STATE38496".into()),
            ..Record::default()
        };
        assert_eq!(cable_year(&r), Some(1985));
        assert_eq!(id_origin("08PRISTINA128"), Some("PRISTINA"));
    }
}
