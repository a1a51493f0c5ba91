//! The driver: walks a cable's lines and fills a [`Record`].
//! OWNER: envelope helper (A). Stub until then.

use cablekit_record::Record;

/// Parse a cable's text (normally the normalizer's clean text) into a record
/// holding every telegram field that could be read. Never fails, never panics:
/// what cannot be read becomes a diagnostic whose span is a byte range of
/// `text`. Container fields (`source`, `form`, `text`, `edits`) are left for
/// the caller to fill.
pub fn parse(text: &str) -> Record {
    let mut record = Record {
        schema: cablekit_record::SCHEMA_VERSION,
        ..Record::default()
    };
    crate::body::parse_body(text, 0, &mut record);
    record
}
