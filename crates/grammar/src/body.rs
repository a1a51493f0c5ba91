//! The drafted text after the classification line: captions, attention
//! lines, E.O., Classified By, TAGS, SUBJECT, REF, paragraphs, summary,
//! signature. OWNER: body helper (B).
//!
//! Each element has its own module with a public function that works on any
//! text (a whole cable, or just the lines holding the element), so the
//! conformance runner can call it directly; [`parse_body`] composes them and
//! fills the record.

pub mod eo;
pub mod scan;

use cablekit_record::Record;

/// Parse the drafted text of `text` starting at byte `start` (the line after
/// the classification line, or 0 when there is none) and fill the body fields
/// of `record`: `caveats`, `attention`, `eo`, `classified_by`, `tags`,
/// `subject`, `references`, `summary`, `paragraphs`, `signature`, `partial`,
/// and push diagnostics (spans into `text`). The cable's year for references
/// is taken from `record.header.dtg` or `record.id` when they are set.
pub fn parse_body(text: &str, start: usize, record: &mut Record) {
    let _ = (text, start, record);
}
