//! Writing a record with only some of its top-level fields
//! (`cablekit parse --fields id,date,tags`).
//!
//! The names and their order are those of [`Record`]'s JSON; a test checks
//! that selecting every field writes exactly what `Record`'s own
//! serialization writes, so the list cannot drift from the struct.

use crate::Record;
use crate::json::WriteJson;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Declares the field list once: the public name table and the writer.
macro_rules! record_fields {
    ($($name:ident),* $(,)?) => {
        /// The top-level fields of a [`Record`], in the order they are written.
        pub const RECORD_FIELDS: &[&str] = &[$(stringify!($name)),*];

        impl Serialize for Selected<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let r = self.record;
                let mut out = serializer.serialize_struct("Record", self.fields.len())?;
                let mut index = 0;
                $(
                    if self.fields.has(index) {
                        out.serialize_field(stringify!($name), &r.$name)?;
                    }
                    index += 1;
                )*
                let _ = index;
                out.end()
            }
        }

        /// Append `"name":value` of each field of `fields`, comma-separated,
        /// with the fast writer of [`crate::json`].
        pub(crate) fn write_fields(
            out: &mut Vec<u8>,
            r: &Record,
            fields: FieldSet,
        ) -> serde_json::Result<()> {
            let mut index = 0;
            let mut first = true;
            $(
                if fields.has(index) {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    out.extend_from_slice(concat!("\"", stringify!($name), "\":").as_bytes());
                    WriteJson::write_json(&r.$name, out)?;
                }
                index += 1;
            )*
            let _ = (index, first);
            Ok(())
        }
    };
}

record_fields!(
    schema,
    id,
    source,
    source_record,
    form,
    source_metadata,
    id_source,
    date,
    date_source,
    header,
    classification,
    mrn,
    caveats,
    attention,
    eo,
    classified_by,
    tags,
    subject,
    references,
    summary,
    paragraphs,
    signature,
    section_markers,
    redactions,
    partial,
    text,
    edits,
    diagnostics,
);

/// A choice of top-level record fields. `schema` is always written, so a
/// reader can tell the version of what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSet(u64);

impl FieldSet {
    /// Every field: the record as [`Record`]'s own serialization writes it.
    pub const ALL: FieldSet = FieldSet((1 << RECORD_FIELDS.len()) - 1);

    /// Parse a comma-separated list of field names (`id,date,tags`); spaces
    /// around names are ignored, repeats are harmless. An unknown name is an
    /// error that lists the known ones.
    pub fn parse(list: &str) -> Result<FieldSet, String> {
        let mut bits = 1; // schema
        let mut named = false;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            named = true;
            match RECORD_FIELDS.iter().position(|f| *f == name) {
                Some(i) => bits |= 1 << i,
                None => {
                    return Err(format!(
                        "unknown record field `{name}`; the fields are: {}",
                        RECORD_FIELDS.join(", ")
                    ));
                }
            }
        }
        if !named {
            return Err(format!(
                "no field named; the fields are: {}",
                RECORD_FIELDS.join(", ")
            ));
        }
        Ok(FieldSet(bits))
    }

    /// `true` when the field at `index` of [`RECORD_FIELDS`] is chosen.
    pub(crate) fn has(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    /// How many fields are chosen.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// `true` when no field is chosen (never, as `schema` always is).
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A record to be written with the fields of `fields` only, in the order of
/// [`RECORD_FIELDS`].
#[derive(Debug, Clone, Copy)]
pub struct Selected<'a> {
    /// The record.
    pub record: &'a Record,
    /// The fields to write.
    pub fields: FieldSet,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Edit, Paragraph, SCHEMA_VERSION};

    fn record() -> Record {
        Record {
            schema: SCHEMA_VERSION,
            id: Some("08PRISTINA128".into()),
            source: "a.txt".into(),
            source_record: Some(2),
            form: "text".into(),
            tags: vec!["PHUM".into(), "KTIP".into()],
            subject: Some("TRAFFICKING".into()),
            paragraphs: vec![Paragraph::default()],
            partial: true,
            text: "SUBJECT: TRAFFICKING\n".into(),
            edits: vec![Edit {
                rule: "layout".into(),
                start: 3,
                end: 4,
                before: "\n".into(),
                after: " ".into(),
            }],
            ..Record::default()
        }
    }

    /// Every field, in order: byte for byte what the derived serialization
    /// writes, so the field list matches the struct.
    #[test]
    fn all_fields_write_the_whole_record() {
        for r in [record(), Record::default()] {
            let whole = serde_json::to_string(&r).unwrap();
            let selected = Selected {
                record: &r,
                fields: FieldSet::ALL,
            };
            assert_eq!(serde_json::to_string(&selected).unwrap(), whole);
            assert_eq!(
                serde_json::to_string_pretty(&selected).unwrap(),
                serde_json::to_string_pretty(&r).unwrap()
            );
        }
    }

    /// A record in which every struct of the record appears, each field
    /// set to something other than its default, so that a field written out
    /// of order or under a wrong key shows up without the corpora.
    fn every_struct() -> Record {
        use crate::*;
        let addressee = Addressee {
            routing_indicator: Some("RUEHC".into()),
            name: "SECSTATE WASHDC".into(),
            precedence: Some("IMMEDIATE".into()),
            sequence: Some("0001".into()),
        };
        Record {
            source_metadata: Some(SourceMetadata {
                reference_id: Some("08PRISTINA128".into()),
                created: Some("2008-03-12 16:16".into()),
                released: Some("2011-08-30 01:44".into()),
                classification: Some("CONFIDENTIAL".into()),
                origin: Some("Embassy Pristina".into()),
                tags: vec!["PHUM".into()],
                references: vec!["08PRISTINA100".into()],
            }),
            date: "2008-03-12T16:16:00Z".parse().ok(),
            header: Header {
                start_of_message: Some("VZCZCXRO1234".into()),
                channel: Some("OO".into()),
                channel_sequence: Some("RUEHPS".into()),
                routing: Some(Routing {
                    precedence: "OO".into(),
                    indicators: vec!["RUEHFR".into(), "RUEHSW".into()],
                }),
                origin: Some(Origin {
                    station: "RUEHPS".into(),
                    serial: Some(128),
                    section: Some(2),
                    day_of_year: Some(72),
                    time: Some("1616".into()),
                }),
                security: Some("ZNY CCCCC".into()),
                operating_signals: vec!["ZZH".into()],
                precedence: Some("O".into()),
                info_precedence: Some("P".into()),
                dtg: "2008-03-12T16:16:00Z".parse().ok(),
                dtg_text: Some("121616Z MAR 08".into()),
                from: Some("AMEMBASSY PRISTINA".into()),
                to: vec![addressee.clone()],
                info: vec![addressee.clone(), addressee.clone()],
                xmt: vec![addressee],
                end_validation: Some("BT".into()),
                end_of_message: true,
            },
            classification: Classification {
                level: Some("CONFIDENTIAL".into()),
                markings: vec!["NOFORN".into()],
                section: Some(1),
                of: Some(3),
                line: Some("C O N F I D E N T I A L SECTION 01 OF 03".into()),
            },
            eo: Some(ExecutiveOrder {
                order: Some("12958".into()),
                declassify_on: "2018-03-12".parse().ok(),
                instruction: Some("DECL".into()),
                text: "E.O. 12958: DECL: 03/12/2018".into(),
            }),
            classified_by: Some(ClassifiedBy {
                names: vec!["Tina Kaidanow".into()],
                title: Some("Ambassador".into()),
                section: Some("1.4".into()),
                reasons: vec!["b".into(), "d".into()],
                text: "Classified By: Ambassador Tina Kaidanow".into(),
            }),
            references: vec![Reference {
                text: "A. PRISTINA 100".into(),
                bullet: Some("A".into()),
                kind: "cable".into(),
                id: Some("08PRISTINA100".into()),
                title: Some("\"TIP\" report".into()),
            }],
            section_markers: vec![SectionMarker {
                layout: "page".into(),
                post: Some("PRISTINA".into()),
                serial: Some(128),
                part: Some(2),
                suffix: Some(1),
                of: Some(3),
                time: Some("121616Z".into()),
                start: 10,
                end: 60,
            }],
            redactions: vec![Redaction {
                start: 1,
                end: 2,
                text: "(b)(6)".into(),
            }],
            diagnostics: vec![Diagnostic::warning("dtg-unparsed", "no \"DTG\"", 3, 4)],
            ..record()
        }
    }

    /// The fast writer writes what serde_json writes, for the whole record
    /// and for a choice of fields, strings that need escapes included.
    #[test]
    fn fast_writer_writes_what_serde_json_writes() {
        let mut tricky = record();
        tricky.text = "\"¶1.\" (C)\tKosovo\\s\n\u{1}\u{2028}é end".into();
        tricky.paragraphs = vec![Paragraph {
            number: 11,
            marking: Some("S/NF".into()),
            text: "a \"quoted\" line\r\n".into(),
        }];
        tricky.caveats = vec!["SIPDIS".into(), "\u{7f}".into()];
        tricky.date = "2008-03-12T16:16:00Z".parse().ok();
        for r in [record(), tricky, every_struct(), Record::default()] {
            let mut fast = Vec::new();
            crate::json::write_record(&mut fast, &r, FieldSet::ALL).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                serde_json::to_string(&r).unwrap()
            );
            let fields = FieldSet::parse("text,id,edits,paragraphs,date").unwrap();
            let mut fast = Vec::new();
            crate::json::write_record(&mut fast, &r, fields).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                serde_json::to_string(&Selected { record: &r, fields }).unwrap()
            );
        }
    }

    #[test]
    fn chosen_fields_in_record_order_with_schema() {
        let r = record();
        let fields = FieldSet::parse(" tags, id ,tags").unwrap();
        assert_eq!(fields.len(), 3);
        let json = serde_json::to_string(&Selected { record: &r, fields }).unwrap();
        assert_eq!(
            json,
            r#"{"schema":1,"id":"08PRISTINA128","tags":["PHUM","KTIP"]}"#
        );
    }

    #[test]
    fn unknown_or_no_field_is_an_error_naming_the_fields() {
        let e = FieldSet::parse("id,title").unwrap_err();
        assert!(e.contains("`title`") && e.contains("classified_by"), "{e}");
        assert!(FieldSet::parse(" , ").unwrap_err().starts_with("no field"));
        assert!(FieldSet::parse("").is_err());
        assert_eq!(FieldSet::parse("schema").unwrap().len(), 1);
    }
}
