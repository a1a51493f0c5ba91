//! Input forms: turn the bytes people downloaded into cable text plus what
//! the container says about the cable. Knows containers, nothing about
//! telegrams. OWNER: forms helper (D). Stub: plain UTF-8 text only.

use cablekit_record::{InputError, SourceMetadata};
use std::path::Path;

/// A container form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// Plain text (UTF-8, Windows-1252 or Latin-1).
    Text,
    /// A WikiLeaks Cablegate cable page.
    CablegateHtml,
    /// `cables.csv` (8 fields, backslash escaping); one record per row.
    Csv,
    /// A MongoDB/JSON export; one record per JSON object.
    Json,
    /// A WikiLeaks PDF.
    Pdf,
    /// Text extracted from a PDF.
    PdfText,
    /// A WikiLeaks PlusD page.
    Plusd,
}

impl Form {
    /// The form's stable name, as written in the record's `form` field and
    /// accepted by `--from`.
    pub fn name(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::CablegateHtml => "cablegate-html",
            Form::Csv => "csv",
            Form::Json => "json",
            Form::Pdf => "pdf",
            Form::PdfText => "pdf-text",
            Form::Plusd => "plusd",
        }
    }
}

/// One cable as a container held it.
#[derive(Debug, Clone, PartialEq)]
pub struct CableInput {
    /// The cable text (header and body), decoded to UTF-8 but otherwise as
    /// the container held it: the normalizer repairs it.
    pub text: String,
    /// The form it was read from.
    pub form: Form,
    /// 1-based index in a multi-record file.
    pub source_record: Option<u64>,
    /// 1-based line of the input file where this cable starts.
    pub line: u64,
    /// What the container says about the cable.
    pub metadata: Option<SourceMetadata>,
}

/// An input (or one record of it) that yields no cable.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// 1-based index in a multi-record file.
    pub source_record: Option<u64>,
    /// What went wrong.
    pub error: InputError,
}

/// What reading yields per record.
pub type ReadResult = Result<CableInput, ReadError>;

/// Read all cables of a file; `form` overrides detection.
pub fn read_path(path: &Path, form: Option<Form>) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(bytes, form),
        Err(e) => Box::new(std::iter::once(Err(ReadError {
            source_record: None,
            error: InputError {
                kind: "io".into(),
                message: format!("cannot read {}: {e}", path.display()),
                line: None,
            },
        }))),
    }
}

/// Read all cables of an in-memory input; `form` overrides detection.
pub fn read_bytes(
    bytes: Vec<u8>,
    form: Option<Form>,
) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    let form = form.unwrap_or(Form::Text);
    let result = match String::from_utf8(bytes) {
        Ok(text) => Ok(CableInput {
            text,
            form,
            source_record: None,
            line: 1,
            metadata: None,
        }),
        Err(_) => Err(ReadError {
            source_record: None,
            error: InputError {
                kind: "undecodable".into(),
                message: "input is not UTF-8".into(),
                line: None,
            },
        }),
    };
    Box::new(std::iter::once(result))
}
