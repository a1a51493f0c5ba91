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
use cablekit_record::{ErrorRecord, Outcome, Record, SCHEMA_VERSION};
use std::path::Path;

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
    record.text = text;
    record.edits = edits;
    record.redactions = redactions;
    record.section_markers = section_markers;
    record
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
