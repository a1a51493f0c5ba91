//! The cable record, JSON v1: plain data, no parsing logic.
//!
//! Every field name here is part of a contract with users' scripts. Change a
//! name or a type only together with [`SCHEMA_VERSION`] and a note in
//! `docs/schema.md`.
//!
//! Offsets (`start`, `end`) are byte offsets into the *input text*: the cable
//! text as its container held it (the `<pre>` blocks of a Cablegate page, the
//! header and body fields of a `cables.csv` row, a text file decoded to UTF-8),
//! before the normalizer touched it.

mod fields;
pub mod json;

pub use fields::{FieldSet, RECORD_FIELDS, Selected};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The version of the record's JSON schema, written into every record.
pub const SCHEMA_VERSION: u32 = 1;

/// One cable: everything the telegram says about itself, plus where it came
/// from, its clean text, the edits that produced it and what went wrong.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// Canonical cable id, e.g. `08PRISTINA128`; `null` when no id can be derived.
    pub id: Option<String>,
    /// The input path as given, `-` for standard input.
    pub source: String,
    /// 1-based index of the record inside a multi-record file (CSV row, JSON line).
    pub source_record: Option<u64>,
    /// The input form the text was read from (`text`, `cablegate-html`, `csv`, …).
    pub form: String,
    /// What the container says about the cable (page metadata, CSV columns).
    pub source_metadata: Option<SourceMetadata>,
    /// Where `id` came from: `text` (DTG year + classification line),
    /// `text+container` (classification line + the container's year),
    /// `text+file-name` (classification line + the year of an id-like file
    /// name), `container` (the container's reference id), `file-name`.
    pub id_source: Option<String>,
    /// The cable's date: the DTG when the text has one, else the container's
    /// creation date (taken as UTC).
    pub date: Option<DateTime<Utc>>,
    /// Where `date` came from: `dtg` or `container`.
    pub date_source: Option<String>,
    /// The transmission envelope (ACP-127 format lines).
    pub header: Header,
    /// The classification line.
    pub classification: Classification,
    /// Message reference number: post and serial as on the classification line.
    pub mrn: Option<String>,
    /// Captions and handling markings (`SIPDIS`, `NODIS`, `SENSITIVE`, …), in order, deduplicated.
    pub caveats: Vec<String>,
    /// Attention and passing lines (`DEPT FOR EUR/SCE`), verbatim.
    pub attention: Vec<String>,
    /// The declassification (E.O.) line.
    pub eo: Option<ExecutiveOrder>,
    /// The `Classified By: … Reason: …` line.
    pub classified_by: Option<ClassifiedBy>,
    /// TAGS, in order, deduplicated, canonical spelling.
    pub tags: Vec<String>,
    /// The subject, joined onto one line.
    pub subject: Option<String>,
    /// References (REF lines), in order.
    pub references: Vec<Reference>,
    /// The summary (`SUMMARY: … END SUMMARY`), joined onto one line.
    pub summary: Option<String>,
    /// Numbered paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// The signature (surname(s) at the end of the cable).
    pub signature: Option<String>,
    /// Section and page markers found (and removed) in the text.
    pub section_markers: Vec<SectionMarker>,
    /// Redactions (`XXXXXXXXXXXX`), with spans into the input text.
    pub redactions: Vec<Redaction>,
    /// `true` when the text says it is a partial extract of the original cable.
    pub partial: bool,
    /// The clean text.
    pub text: String,
    /// Every change the normalizer made, in input order.
    pub edits: Vec<Edit>,
    /// What could not be read, or looked wrong.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a container (a Cablegate page, a `cables.csv` row, a JSON export)
/// says about the cable, independent of the cable text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceMetadata {
    /// The publisher's reference id, as published (may be malformed).
    pub reference_id: Option<String>,
    /// Creation date and time as the container gives it, verbatim.
    pub created: Option<String>,
    /// Release (publication) date as the container gives it, verbatim.
    pub released: Option<String>,
    /// Classification as the container gives it (`SECRET//NOFORN`).
    pub classification: Option<String>,
    /// Origin as the container gives it (`Embassy Bern`).
    pub origin: Option<String>,
    /// TAGS as the container lists them (Cablegate TAG links).
    pub tags: Vec<String>,
    /// Referenced ids as the container lists them (the CSV's 6th column).
    pub references: Vec<String>,
}

/// The transmission envelope: ACP-127 format lines FL1–FL9 and FL15/16.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// FL1 verbatim, e.g. `VZCZCXRO2921`.
    pub start_of_message: Option<String>,
    /// FL1 channel designator, e.g. `XRO`.
    pub channel: Option<String>,
    /// FL1 channel sequence number, e.g. `2921` (kept as written).
    pub channel_sequence: Option<String>,
    /// FL2: precedence prosign pair and routing indicators.
    pub routing: Option<Routing>,
    /// FL3: the `DE` line.
    pub origin: Option<Origin>,
    /// FL4 security warning, e.g. `UUUUU`.
    pub security: Option<String>,
    /// FL4 operating signals after the security warning, e.g. `["ZZH"]`.
    pub operating_signals: Vec<String>,
    /// FL5 action precedence as a word (`IMMEDIATE`).
    pub precedence: Option<String>,
    /// FL5 info precedence as a word, when the line gives a second letter.
    pub info_precedence: Option<String>,
    /// FL5 date-time group as a UTC instant.
    pub dtg: Option<DateTime<Utc>>,
    /// FL5 date-time group verbatim (`121616Z MAR 08`).
    pub dtg_text: Option<String>,
    /// FL6 originator (`USOFFICE PRISTINA`).
    pub from: Option<String>,
    /// FL7 action addressees.
    pub to: Vec<Addressee>,
    /// FL8 information addressees.
    pub info: Vec<Addressee>,
    /// FL9 exempted addressees.
    pub xmt: Vec<Addressee>,
    /// FL15 end-of-message validation, e.g. `#0128`.
    pub end_validation: Option<String>,
    /// `true` when `NNNN` (end of message) was seen.
    pub end_of_message: bool,
}

/// FL2: the precedence prosign pair and the routing indicators of the delivery leg.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Routing {
    /// Prosign pair: `ZZ`, `OO`, `PP` or `RR`.
    pub precedence: String,
    /// Routing indicators in order.
    pub indicators: Vec<String>,
}

/// FL3: `DE RUEHPS #0128/01 0721616`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// Originating station routing indicator.
    pub station: String,
    /// Station serial number.
    pub serial: Option<u32>,
    /// Section number of a multi-section telegram.
    pub section: Option<u32>,
    /// Julian day of year (1–366).
    pub day_of_year: Option<u16>,
    /// Filing time `HH:MM` (UTC).
    pub time: Option<String>,
}

/// One addressee of FL7/FL8/FL9: `RUEHC/SECSTATE WASHDC IMMEDIATE 8105`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    /// Routing indicator, when written (`RUEHC`).
    pub routing_indicator: Option<String>,
    /// Plain-language address (`SECSTATE WASHDC`).
    pub name: String,
    /// Precedence word (`IMMEDIATE`, `NIACT IMMEDIATE`), when written.
    pub precedence: Option<String>,
    /// Message continuity number (`8105`), as written, when present.
    pub sequence: Option<String>,
}

/// The classification line: `UNCLAS SECTION 01 OF 09 PRISTINA 000128`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// `UNCLASSIFIED`, `LIMITED OFFICIAL USE`, `CONFIDENTIAL`, `SECRET` or `TOP SECRET`.
    pub level: Option<String>,
    /// Handling words on the classification line itself (`EFTO`, `NOFORN`).
    pub markings: Vec<String>,
    /// Section number (`SECTION 01 OF 09` → 1).
    pub section: Option<u32>,
    /// Number of sections (`SECTION 01 OF 09` → 9).
    pub of: Option<u32>,
    /// The line verbatim.
    pub line: Option<String>,
}

/// The declassification line: `E.O. 12958: DECL: 03/12/2018`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExecutiveOrder {
    /// The executive order number (`12958`).
    pub order: Option<String>,
    /// Declassification date, when the line gives one.
    pub declassify_on: Option<NaiveDate>,
    /// Schedule or instruction: `N/A`, `OADR`, `GDS`, `RDS-4`, `X1`, …
    pub instruction: Option<String>,
    /// The line verbatim (joined onto one line).
    pub text: String,
}

/// The `Classified By: … Reason: 1.4 (b) and (d)` line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassifiedBy {
    /// The classifier's name(s) as written (`Marc Wall`).
    pub names: Vec<String>,
    /// The classifier's title or position text before/after the name.
    pub title: Option<String>,
    /// Section of the order cited (`1.4`, `1.5`).
    pub section: Option<String>,
    /// Reason letters (`["b", "d"]`).
    pub reasons: Vec<String>,
    /// The line verbatim (joined onto one line).
    pub text: String,
}

/// One reference of the REF block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The reference as written (`STATE 2731`).
    pub text: String,
    /// Enumerator (`A`, `B`) when written.
    pub bullet: Option<String>,
    /// Kind: `cable`, `email`, `report`, `memo`, `meeting`, `tel`, `fax`, `web`, `book`, `unknown`.
    pub kind: String,
    /// Canonical cable id (`08STATE2731`) for cable references.
    pub id: Option<String>,
    /// Title or description after the reference, when written.
    pub title: Option<String>,
}

/// A numbered paragraph of the body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The paragraph number.
    pub number: u32,
    /// Portion mark without parentheses (`SBU`, `C`, `S/NF`), when written.
    pub marking: Option<String>,
    /// The paragraph text after the head, joined onto one line.
    pub text: String,
}

/// A section or page marker: `PRISTINA 00000128 002.2 OF 009`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionMarker {
    /// Layout: `cablegate`, `page`, or `nara`.
    pub layout: String,
    /// Post name as written (may be truncated: `PORT AU PR`).
    pub post: Option<String>,
    /// Serial number.
    pub serial: Option<u32>,
    /// Section or page number.
    pub part: Option<u32>,
    /// The opaque `.N` suffix of Cablegate markers.
    pub suffix: Option<u32>,
    /// Total number of sections.
    pub of: Option<u32>,
    /// Time group of `PAGE` markers (`111533Z`).
    pub time: Option<String>,
    /// Start (byte offset into the input text).
    pub start: usize,
    /// End (byte offset into the input text).
    pub end: usize,
}

/// A redaction such as `XXXXXXXXXXXX`; reported, never rewritten.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// Start (byte offset into the input text).
    pub start: usize,
    /// End (byte offset into the input text).
    pub end: usize,
    /// The redaction as written.
    pub text: String,
}

/// One change the normalizer made: replace `before` at `start..end` of the
/// input text with `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The rule id (`comma-apostrophe`). Borrowed when the rule names itself
    /// with a constant, which saves an allocation per edit.
    pub rule: Cow<'static, str>,
    /// Start (byte offset into the input text).
    pub start: usize,
    /// End (byte offset into the input text).
    pub end: usize,
    /// The input text at `start..end`. Borrowed when it is one of the
    /// short texts most edits hold (see [`Edit::text`]).
    pub before: Cow<'static, str>,
    /// The replacement. Borrowed as `before` is.
    pub after: Cow<'static, str>,
}

/// Spaces then line ends: a run of `a` spaces and `b` line ends is
/// `WHITESPACE[32 - a..32 + b]`.
const WHITESPACE: &str = concat!(
    "                                ",
    "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
);

impl Edit {
    /// `s` as an edit's text: borrowed, without an allocation, when it is
    /// a run of spaces followed by a run of line ends (the layout's line
    /// joins: `" \n"` becomes `" "`, `"\n\n\n"` becomes `"\n\n"`, most
    /// edits of a cable) or one of the few texts of the word repairs,
    /// `cables.csv` escapes and Cablegate pages' markup (`\"`, `"`, `,`,
    /// `'`, `&#x000A;`, ` &#x000A;`, `</a>`), owned otherwise.
    pub fn text(s: &str) -> Cow<'static, str> {
        // compared whole, the commonest first: a line end, with a space
        // before it, and what the layout puts in their place; then the word
        // repairs' texts, the cables.csv escape and the pages' line ends
        // and links' ends
        const LISTED: [&str; 11] = [
            " \n",
            "\n",
            " ",
            "\n\n",
            "\\\"",
            "\"",
            "'",
            ",",
            " &#x000A;",
            "&#x000A;",
            "</a>",
        ];
        if let Some(t) = LISTED.iter().find(|t| **t == s) {
            return Cow::Borrowed(t);
        }
        let b = s.as_bytes();
        let spaces = b.iter().take_while(|&&c| c == b' ').count();
        let ends = b.len() - spaces;
        if spaces <= 32 && ends <= 16 && b[spaces..].iter().all(|&c| c == b'\n') {
            return Cow::Borrowed(&WHITESPACE[32 - spaces..32 + ends]);
        }
        Cow::Owned(s.to_owned())
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be read as a cable, or a field is unusable.
    Error,
    /// Something looks wrong but a value was still read.
    #[default]
    Warning,
    /// Worth knowing, nothing wrong.
    Note,
}

/// Something the parser could not read or found suspicious.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable kebab-case kind (`dtg-unparsed`, `doy-mismatch`, …).
    pub kind: String,
    /// How bad it is.
    pub severity: Severity,
    /// Human-readable message.
    pub message: String,
    /// Start (byte offset into the input text).
    pub start: usize,
    /// End (byte offset into the input text).
    pub end: usize,
}

impl Diagnostic {
    /// A warning of `kind` at `start..end`.
    pub fn warning(kind: &str, message: impl Into<String>, start: usize, end: usize) -> Self {
        Self {
            kind: kind.to_owned(),
            severity: Severity::Warning,
            message: message.into(),
            start,
            end,
        }
    }

    /// An error of `kind` at `start..end`.
    pub fn error(kind: &str, message: impl Into<String>, start: usize, end: usize) -> Self {
        Self {
            severity: Severity::Error,
            ..Self::warning(kind, message, start, end)
        }
    }

    /// A note of `kind` at `start..end`.
    pub fn note(kind: &str, message: impl Into<String>, start: usize, end: usize) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::warning(kind, message, start, end)
        }
    }
}

/// The record written for an input (or a CSV row) that yields no cable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// The input path as given, `-` for standard input.
    pub source: String,
    /// 1-based index of the record inside a multi-record file.
    pub source_record: Option<u64>,
    /// What went wrong.
    pub error: InputError,
}

/// Why an input yielded no cable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    /// Stable kebab-case kind: `empty`, `binary`, `undecodable`, `truncated`, `io`, `not-a-cable`, …
    pub kind: String,
    /// Human-readable message naming what was wrong.
    pub message: String,
    /// 1-based line in the input file where the problem is, when known.
    pub line: Option<u64>,
}

/// Either a cable record or an error record: what a batch yields per input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outcome {
    /// A cable.
    Cable(Box<Record>),
    /// An input that yielded no cable.
    Error(ErrorRecord),
}

/// Apply `edits` (sorted by `start`, non-overlapping, spans into `input`) to
/// `input`, returning the edited text. The normalizer's output must equal
/// `apply_edits(input, &edits)`.
///
/// # Panics
/// Panics if the edits overlap, are out of order, or do not fall on char
/// boundaries — all of which are bugs in whoever produced them.
pub fn apply_edits(input: &str, edits: &[Edit]) -> String {
    // the output's length, worked out first: edits that insert (the line
    // ends given back to a collapsed body) made the string grow, and each
    // growth copied all of it
    let removed: usize = edits.iter().map(|e| e.end.saturating_sub(e.start)).sum();
    let added: usize = edits.iter().map(|e| e.after.len()).sum();
    let mut out = String::with_capacity((input.len() + added).saturating_sub(removed));
    let mut pos = 0;
    for edit in edits {
        assert!(edit.start >= pos, "edits overlap or are out of order");
        out.push_str(&input[pos..edit.start]);
        // a replacement of one ASCII byte (the layout's `" "` and `"\n"`,
        // most edits of a plan) pushed as a byte rather than copied
        match edit.after.as_bytes() {
            &[c] if c.is_ascii() => out.push(char::from(c)),
            _ => out.push_str(&edit.after),
        }
        pos = edit.end;
    }
    out.push_str(&input[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_edits_replays_in_order() {
        let input = "Kosovo,s June 12008";
        let edits = vec![
            Edit {
                rule: "comma-apostrophe".into(),
                start: 6,
                end: 7,
                before: ",".into(),
                after: "'".into(),
            },
            Edit {
                rule: "year-prefix".into(),
                start: 14,
                end: 15,
                before: "1".into(),
                after: "".into(),
            },
        ];
        assert_eq!(apply_edits(input, &edits), "Kosovo's June 2008");
    }

    /// [`Edit::text`] keeps every text as it is, and borrows exactly the
    /// runs of spaces then line ends that fit the static and the listed
    /// short texts.
    #[test]
    fn edit_texts_are_kept_and_borrowed_when_short() {
        let mut texts: Vec<String> = [
            "",
            " ",
            "\n",
            " \n",
            "\n\n",
            "  \n\n\n",
            "\\\"",
            "\"",
            ",",
            "'",
            "\n ",
            " \n ",
            "\t",
            "\r\n",
            "a",
            "¶1.",
            "é",
            " a\n",
            ", ",
            " &#x000A;",
            "&#x000A;",
            "</a>",
            "&#x000A; ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for spaces in [0, 1, 31, 32, 33] {
            for ends in [0, 1, 15, 16, 17] {
                texts.push(format!("{}{}", " ".repeat(spaces), "\n".repeat(ends)));
            }
        }
        for s in &texts {
            let t = Edit::text(s);
            assert_eq!(t, s.as_str());
            let spaces = s.bytes().take_while(|&c| c == b' ').count();
            let run =
                s[spaces..].bytes().all(|c| c == b'\n') && spaces <= 32 && s.len() - spaces <= 16;
            let listed =
                ["\\\"", "\"", ",", "'", " &#x000A;", "&#x000A;", "</a>"].contains(&s.as_str());
            assert_eq!(matches!(t, Cow::Borrowed(_)), run || listed, "{s:?}");
        }
    }

    #[test]
    fn error_record_serializes_with_contract_names() {
        let rec = ErrorRecord {
            schema: SCHEMA_VERSION,
            source: "x.csv".into(),
            source_record: Some(3),
            error: InputError {
                kind: "truncated".into(),
                message: "row ends inside a quoted field".into(),
                line: Some(40),
            },
        };
        let json = serde_json::to_value(&rec).unwrap();
        assert_eq!(json["error"]["kind"], "truncated");
        assert_eq!(json["source_record"], 3);
        assert_eq!(json["error"]["line"], 40);
    }
}
