//! The data flow of cablekit, in one place:
//!
//! ```text
//! bytes ──forms──▶ CableInput ──normalize──▶ clean text + edits ──grammar──▶ Record
//! ```
//!
//! The CLI, the xtasks and the tests all go through [`process`] and
//! [`process_path`], so that they see the same records.

use cablekit_forms::{CableInput, Form, ReadError};
use cablekit_normalize::{Normalized, Options};
use cablekit_record::{Diagnostic, ErrorRecord, Outcome, Record, SCHEMA_VERSION};
use chrono::Datelike;
use std::path::Path;

pub mod agreement;

pub use cablekit_forms as forms;
pub use cablekit_grammar as grammar;
pub use cablekit_normalize as normalize;
pub use cablekit_record as record;

/// Turn one cable, as its container held it, into a record: normalize its
/// text, parse the clean text, and map the grammar's diagnostics back onto
/// the input text.
///
/// The grammar always reads the unwrapped clean text: wrapping would split
/// envelope lines. With `options.wrap` set, the record's `text` and `edits`
/// are those of the wrapped text.
pub fn process(input: &CableInput, source: &str, options: &Options) -> Record {
    let unwrapped = Options {
        wrap: None,
        ..options.clone()
    };
    let normalized = cablekit_normalize::normalize(&input.text, &unwrapped);
    let mut record = cablekit_grammar::parse(&normalized.text);
    for diagnostic in &mut record.diagnostics {
        diagnostic.start = normalized.input_offset(diagnostic.start);
        diagnostic.end = normalized
            .input_offset(diagnostic.end)
            .max(diagnostic.start);
    }
    record.diagnostics.extend(input.diagnostics.iter().cloned());
    // wrapping works on the clean text: no second pass of the stages
    let normalized = cablekit_normalize::rewrap(&input.text, normalized, options);
    let Normalized {
        text,
        edits,
        redactions,
        section_markers,
    } = normalized;
    record.schema = SCHEMA_VERSION;
    record.source = source.to_owned();
    record.source_record = input.source_record;
    record.form = input.form.name().to_owned();
    record.source_metadata = input.metadata.clone();
    record.text = text;
    record.edits = edits;
    record.redactions = redactions;
    record.section_markers = section_markers;
    reconcile(&mut record, source);
    // References without a year of their own take the cable's, which may
    // only now be known (from the container).
    cablekit_grammar::body::fill_reference_ids(&mut record);
    record
}

/// Fill `id`, `id_source`, `date` and `date_source`, falling back from the
/// text to the container and the file name, and note when the text and the
/// container disagree on the id.
///
/// The id chain: the grammar's id (DTG year + classification line); else the
/// classification line's post and serial with the year of the container's
/// creation date; else with the year of an id-like file name whose post and
/// serial match; else the container's reference id, canonicalized; else an
/// id-like file name.
fn reconcile(record: &mut Record, source: &str) {
    let meta = record.source_metadata.clone().unwrap_or_default();
    let created = meta.created.as_deref().and_then(agreement::parse_created);
    record.date = record.header.dtg.or_else(|| created.map(|c| c.and_utc()));
    record.date_source = if record.header.dtg.is_some() {
        Some("dtg".into())
    } else {
        created.map(|_| "container".into())
    };

    let stem = Path::new(source)
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split(['.', '_']).next())
        .unwrap_or_default();
    let file_id = cablekit_grammar::id::canonicalize_id(stem)
        .filter(|id| id.len() >= 4 && id.bytes().any(|b| b.is_ascii_alphabetic()));
    // When the header and the body come from different cables (a publisher's
    // error) or the post is redacted, the grammar withholds the id and so do
    // we: the classification line's post and serial do not make an id.
    let mismatched = record
        .diagnostics
        .iter()
        .any(|d| d.kind == "header-body-mismatch" || d.kind == "post-redacted");
    let mrn = record
        .mrn
        .as_deref()
        .and_then(split_mrn)
        .filter(|_| !mismatched);
    let container_id = meta
        .reference_id
        .as_deref()
        .and_then(cablekit_grammar::id::canonicalize_id);

    if record.id.is_some() {
        record.id_source = Some("text".into());
    } else if let (Some((post, serial)), Some(created)) = (mrn, created) {
        record.id = Some(cablekit_grammar::id::cable_id(created.year(), post, serial));
        record.id_source = Some("text+container".into());
    } else if let Some((post, serial)) = mrn
        && let Some(file_id) = &file_id
        && let Some(year) = file_id.get(..2).and_then(|y| y.parse::<i32>().ok())
        && cablekit_grammar::id::cable_id(year, post, serial) == *file_id
    {
        record.id = Some(file_id.clone());
        record.id_source = Some("text+file-name".into());
    } else if let Some(id) = &container_id {
        record.id = Some(id.clone());
        record.id_source = Some("container".into());
    } else if let Some(id) = file_id {
        record.id = Some(id);
        record.id_source = Some("file-name".into());
        record.diagnostics.push(Diagnostic::note(
            "id-from-file-name",
            format!("the text gives no id; {source:?} is named like a cable id, which is used"),
            0,
            0,
        ));
    }

    if let (Some(id), Some(theirs), Some(published)) =
        (&record.id, &container_id, &meta.reference_id)
        && id != theirs
    {
        record.diagnostics.push(Diagnostic::note(
            "id-differs-from-container",
            format!("the text gives id {id}, the container says {published}"),
            0,
            0,
        ));
    }
}

/// Split a message reference number (`PRISTINA 000128`) into post and serial.
fn split_mrn(mrn: &str) -> Option<(&str, u64)> {
    let (post, serial) = mrn.trim().rsplit_once(' ')?;
    let serial = serial.parse().ok()?;
    Some((post.trim(), serial))
}

/// Turn a read error into the error record a batch writes for it.
pub fn error_record(error: ReadError, source: &str) -> ErrorRecord {
    ErrorRecord {
        schema: SCHEMA_VERSION,
        source: source.to_owned(),
        source_record: error.source_record,
        error: error.error,
    }
}

/// Read every cable of a file and process it: one outcome per cable (per CSV
/// row), a record or an error record, in file order.
pub fn process_path<'a>(
    path: &'a Path,
    form: Option<Form>,
    options: &'a Options,
) -> impl Iterator<Item = Outcome> + 'a {
    let source = path.display().to_string();
    cablekit_forms::read_path(path, form).map(move |read| match read {
        Ok(input) => Outcome::Cable(Box::new(process(&input, &source, options))),
        Err(error) => Outcome::Error(error_record(error, &source)),
    })
}
