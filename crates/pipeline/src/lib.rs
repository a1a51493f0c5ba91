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
use std::path::Path;

pub mod agreement;

pub use cablekit_forms as forms;
pub use cablekit_grammar as grammar;
pub use cablekit_normalize as normalize;
pub use cablekit_record as record;

/// Turn one cable, as its container held it, into a record: normalize its
/// text, parse the clean text, and map the grammar's diagnostics back onto
/// the input text.
pub fn process(input: &CableInput, source: &str, options: &Options) -> Record {
    let normalized = cablekit_normalize::normalize(&input.text, options);
    let mut record = cablekit_grammar::parse(&normalized.text);
    for diagnostic in &mut record.diagnostics {
        diagnostic.start = normalized.input_offset(diagnostic.start);
        diagnostic.end = normalized
            .input_offset(diagnostic.end)
            .max(diagnostic.start);
    }
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
    reconcile_id(&mut record);
    record.text = text;
    record.edits = edits;
    record.redactions = redactions;
    record.section_markers = section_markers;
    record
}

/// Fill the id from the container's reference id when the text gives none,
/// and note when the two disagree.
fn reconcile_id(record: &mut Record) {
    let Some(published) = record
        .source_metadata
        .as_ref()
        .and_then(|m| m.reference_id.as_deref())
    else {
        return;
    };
    let Some(canonical) = cablekit_grammar::id::canonicalize_id(published) else {
        return;
    };
    match &record.id {
        None => record.id = Some(canonical),
        Some(id) if *id != canonical => {
            record.diagnostics.push(Diagnostic::note(
                "id-differs-from-container",
                format!("the text gives id {id}, the container says {published}"),
                0,
                0,
            ));
        }
        Some(_) => {}
    }
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
