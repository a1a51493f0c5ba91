//! Input forms: turn the bytes people downloaded into cable text plus what
//! the container says about the cable. Knows containers, nothing about
//! telegrams. OWNER: forms helper (D).
//!
//! A reader yields the cable text as its container held it, decoded to UTF-8
//! but otherwise raw: HTML entities, TAG links and ¶ anchors of Cablegate
//! pages, the backslash escapes of `cables.csv`, CRLF line ends are all left
//! for the normalizer. Container structure is the reader's business: the
//! metadata table of a page, the columns of a CSV row, the fields of a JSON
//! export.
//!
//! Every input yields at least one item: a [`CableInput`] per cable, or a
//! [`ReadError`] (empty, binary, undecodable, truncated, …). Large
//! multi-record files (`cables.csv`, JSON Lines, JSON arrays,
//! one-body-per-line dumps) are streamed by [`read_path`]: memory is
//! bounded by the longest record.

use cablekit_record::{Diagnostic, InputError, SourceMetadata};
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

mod csv;
mod decode;
mod detect;
mod html;
mod json;
mod pdf;
mod plusd;
mod text;

pub use detect::detect;

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
    /// An alx/cablegate text conversion: five metadata lines (reference id,
    /// subject, date, classification, origin), then the cable text.
    AlxText,
    /// A dump with one cable body per line; one record per non-empty line.
    BodyLines,
    /// A History Lab annotated file: entity list, `@@@`, body with
    /// `[[MENTION || n]]` annotations.
    HistoryLab,
}

impl Form {
    /// Every form, in the order `--help` lists them.
    pub const ALL: [Form; 10] = [
        Form::Text,
        Form::CablegateHtml,
        Form::Csv,
        Form::Json,
        Form::Pdf,
        Form::PdfText,
        Form::Plusd,
        Form::AlxText,
        Form::BodyLines,
        Form::HistoryLab,
    ];

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
            Form::AlxText => "alx-text",
            Form::BodyLines => "body-lines",
            Form::HistoryLab => "historylab",
        }
    }

    /// One line saying what the form is, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Form::Text => "plain text (UTF-8, Windows-1252/Latin-1, UTF-16 with BOM)",
            Form::CablegateHtml => "a WikiLeaks Cablegate cable page (any of the four site builds)",
            Form::Csv => {
                "cables.csv: 8 quoted fields per row, backslash escapes, one cable per row"
            }
            Form::Json => {
                "a MongoDB/JSON export: one object per cable (per file, per line, or an array)"
            }
            Form::Pdf => "a WikiLeaks per-cable PDF (text extracted)",
            Form::PdfText => "text extracted from a PDF (CRLF, Windows-1252)",
            Form::Plusd => "a WikiLeaks PlusD page (NARA 1973-79 telegrams)",
            Form::AlxText => "an alx/cablegate text conversion (5 metadata lines, then the text)",
            Form::BodyLines => "one cable body per line; one cable per non-empty line",
            Form::HistoryLab => "a History Lab annotated file (entities, @@@, [[MENTION || n]])",
        }
    }

    /// The form named `name` (a [`Form::name`], or a common alias such as
    /// `html`, `jsonl`, `mongo`, `nara`, `alx`, `lines`), case-insensitive.
    pub fn from_name(name: &str) -> Option<Form> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        if let Some(form) = Form::ALL.into_iter().find(|f| f.name() == name) {
            return Some(form);
        }
        Some(match name.as_str() {
            "txt" | "plain" => Form::Text,
            "html" | "cablegate" => Form::CablegateHtml,
            "cables.csv" | "cables-csv" => Form::Csv,
            "jsonl" | "json-lines" | "mongo" | "mongodb" | "mongoexport" => Form::Json,
            "pdftext" | "pdf-txt" => Form::PdfText,
            "nara" | "plus-d" => Form::Plusd,
            "alx" => Form::AlxText,
            "lines" | "bodylines" | "body-per-line" => Form::BodyLines,
            "history-lab" => Form::HistoryLab,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Form {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Form::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = Form::ALL.iter().map(|f| f.name()).collect();
            format!("unknown form `{s}`; expected one of: {}", names.join(", "))
        })
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
    /// What the reader noticed about the container: the text was decoded
    /// from Windows-1252 (`decoded-windows-1252`), a Cablegate page's body
    /// runs on into another cable (`html-run-on`, a warning whose span is
    /// where the other cable starts), … Spans are byte offsets into `text`;
    /// `0..0` when the note concerns the whole input. The pipeline appends
    /// them to the record's diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Byte offset in `text` where the container's body block starts, when
    /// the container keeps header and body apart (a Cablegate page's two
    /// `<pre>` blocks, the header and body fields of a `cables.csv` row or a
    /// JSON export): the text before it is the header block and a blank
    /// line. `Some(0)` when the container's header block is empty; `None`
    /// when the container holds one undivided text.
    pub body_start: Option<usize>,
    /// 1-based line of the input file where the body block starts, when
    /// `body_start` is set (the header and body of a `cables.csv` row share
    /// a line; a Cablegate page's `<pre>` blocks hold their newlines as
    /// `&#x000A;` and each sits on one line of the file).
    pub body_line: Option<u64>,
}

impl CableInput {
    /// A cable `text` read as `form`, starting at line 1, with no metadata.
    pub fn new(text: String, form: Form) -> Self {
        Self {
            text,
            form,
            source_record: None,
            line: 1,
            metadata: None,
            diagnostics: Vec::new(),
            body_start: None,
            body_line: None,
        }
    }

    /// The 1-based line of the input file that holds byte `offset` of
    /// `text` (for `file:line` in diagnostics): `line` plus the newlines
    /// before `offset`, counted from the body block's own line when
    /// `offset` is in it.
    pub fn file_line(&self, offset: usize) -> u64 {
        let offset = offset.min(self.text.len());
        let newlines = |a: usize, b: usize| {
            memchr::memchr_iter(b'\n', &self.text.as_bytes()[a..b]).count() as u64
        };
        match (self.body_start, self.body_line) {
            (Some(start), Some(body_line)) if start <= self.text.len() && offset >= start => {
                body_line + newlines(start, offset)
            }
            _ => self.line + newlines(0, offset),
        }
    }
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

/// The iterator the readers return.
pub type Records = Box<dyn Iterator<Item = ReadResult> + Send>;

/// A record as the streaming readers yield it: read from its container, and
/// perhaps not yet decoded. [`Pending::finish`] gives the [`ReadResult`].
///
/// Reading a stream is sequential, but most of the work on a `cables.csv`
/// row is not: checking and decoding its text, joining header and body,
/// reading its metadata. A batch reads rows on one thread and finishes them
/// on its workers ([`read_path_pending`]); [`read_path`] finishes each
/// record as it is read.
pub struct Pending(PendingKind);

enum PendingKind {
    Read(ReadResult),
    CsvRow(csv::Row),
    JsonElement(json::Element),
    BodyLine(text::BodyLine),
}

impl Pending {
    /// Decode what is left to decode.
    pub fn finish(self) -> ReadResult {
        match self.0 {
            PendingKind::Read(read) => read,
            PendingKind::CsvRow(row) => Ok(row.finish()),
            PendingKind::JsonElement(element) => element.finish(),
            PendingKind::BodyLine(line) => line.finish(),
        }
    }
}

impl From<ReadResult> for Pending {
    fn from(read: ReadResult) -> Self {
        Pending(PendingKind::Read(read))
    }
}

/// The iterator of [`Pending`] records the streaming readers return.
pub type PendingRecords = Box<dyn Iterator<Item = Pending> + Send>;

/// Every record of `records` finished as it is read.
fn finished(records: PendingRecords) -> Records {
    Box::new(records.map(Pending::finish))
}

/// Any iterator of read results as pending records.
fn ready(records: impl Iterator<Item = ReadResult> + Send + 'static) -> PendingRecords {
    Box::new(records.map(Pending::from))
}

fn fail(error: InputError) -> PendingRecords {
    ready(std::iter::once(Err(ReadError {
        source_record: None,
        error,
    })))
}

/// Read all cables of a file; `form` overrides detection.
///
/// `cables.csv` files, JSON exports (JSON Lines, arrays) and
/// one-body-per-line dumps are streamed (never read whole into memory);
/// other forms hold one cable per file and are read whole.
pub fn read_path(path: &Path, form: Option<Form>) -> Records {
    finished(read_path_pending(path, form))
}

/// [`read_path`], leaving the decoding of `cables.csv` rows to
/// [`Pending::finish`].
pub fn read_path_pending(path: &Path, form: Option<Form>) -> PendingRecords {
    let io_error = |e: std::io::Error| {
        fail(decode::error(
            "io",
            format!("cannot read the file: {e}"),
            None,
        ))
    };
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return io_error(e),
    };
    let mut prefix = Vec::with_capacity(detect::PREFIX_LEN);
    if let Err(e) = (&mut file)
        .take(detect::PREFIX_LEN as u64)
        .read_to_end(&mut prefix)
    {
        // a folder opens, and fails to be read: asked only then, which
        // spares every file a `stat`
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return fail(decode::error(
                "io",
                "is a directory, not a file (the caller walks folders)",
                None,
            ));
        }
        return io_error(e);
    }
    let whole = prefix.len() < detect::PREFIX_LEN;
    read_stream(prefix, whole, file, form)
}

/// Read all cables from a reader (standard input, a file); `form` overrides
/// detection. Streams like [`read_path`].
pub fn read_reader<R: Read + Send + 'static>(reader: R, form: Option<Form>) -> Records {
    finished(read_reader_pending(reader, form))
}

/// [`read_reader`], leaving the decoding of `cables.csv` rows to
/// [`Pending::finish`].
pub fn read_reader_pending<R: Read + Send + 'static>(
    mut reader: R,
    form: Option<Form>,
) -> PendingRecords {
    let mut prefix = Vec::with_capacity(detect::PREFIX_LEN);
    if let Err(e) = (&mut reader)
        .take(detect::PREFIX_LEN as u64)
        .read_to_end(&mut prefix)
    {
        return fail(decode::error("io", format!("read failed: {e}"), None));
    }
    let whole = prefix.len() < detect::PREFIX_LEN;
    read_stream(prefix, whole, reader, form)
}

/// Read a gzip stream's content (one level: a gzip inside is not opened).
fn gunzip(compressed: Box<dyn Read + Send>, form: Option<Form>) -> PendingRecords {
    let mut reader: Box<dyn Read + Send> = Box::new(flate2::read::MultiGzDecoder::new(compressed));
    let mut prefix = Vec::with_capacity(detect::PREFIX_LEN);
    if let Err(e) = (&mut reader)
        .take(detect::PREFIX_LEN as u64)
        .read_to_end(&mut prefix)
    {
        return fail(decode::error(
            "undecodable",
            format!("gzip data that cannot be decompressed: {e}"),
            None,
        ));
    }
    if decode::is_gzip(&prefix) {
        return fail(decode::error(
            "binary",
            "gzip inside gzip: decompress it first",
            None,
        ));
    }
    let whole = prefix.len() < detect::PREFIX_LEN;
    read_plain(prefix, whole, reader, form)
}

fn read_stream<R: Read + Send + 'static>(
    prefix: Vec<u8>,
    whole: bool,
    rest: R,
    form: Option<Form>,
) -> PendingRecords {
    if decode::is_gzip(&prefix) && form != Some(Form::Pdf) {
        return gunzip(Box::new(Cursor::new(prefix).chain(rest)), form);
    }
    read_plain(prefix, whole, rest, form)
}

/// Read an input that is not gzip: `prefix` is its first bytes (all of
/// them when `whole`), `rest` the others.
fn read_plain<R: Read + Send + 'static>(
    prefix: Vec<u8>,
    whole: bool,
    mut rest: R,
    form: Option<Form>,
) -> PendingRecords {
    if whole {
        return read_bytes_pending(prefix, form);
    }
    let form = match form {
        Some(f) => f,
        None => match precheck(&prefix) {
            Ok(f) => f,
            Err(e) => return fail(e),
        },
    };
    let streamed = |prefix: Vec<u8>, rest: R| {
        BufReader::with_capacity(64 * 1024, Cursor::new(prefix).chain(rest))
    };
    match form {
        Form::Csv => Box::new(csv::CsvRows::new(streamed(prefix, rest))),
        Form::BodyLines => Box::new(text::BodyLines::new(streamed(prefix, rest))),
        Form::Json => {
            let array = starts_with_array(&prefix);
            json::read(streamed(prefix, rest), array)
        }
        _ => {
            if form != Form::Pdf
                && let Some(reason) = decode::binary_reason(&prefix)
            {
                return fail(decode::error("binary", reason, None));
            }
            let mut bytes = prefix;
            let limit = MAX_WHOLE_BYTES - bytes.len() as u64;
            if let Err(e) = (&mut rest).take(limit + 1).read_to_end(&mut bytes) {
                return fail(decode::error("io", format!("read failed: {e}"), None));
            }
            if bytes.len() as u64 > MAX_WHOLE_BYTES {
                return fail(decode::error(
                    "too-large",
                    format!(
                        "over {} MiB: too large for a one-cable form ({form}); a multi-cable \
                         file is read as csv, json or body-lines",
                        MAX_WHOLE_BYTES >> 20
                    ),
                    None,
                ));
            }
            read_bytes_pending(bytes, Some(form))
        }
    }
}

/// The largest input read whole (forms that hold one cable per file).
const MAX_WHOLE_BYTES: u64 = 256 << 20;

fn starts_with_array(bytes: &[u8]) -> bool {
    decode::strip_utf8_bom(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        == Some(&b'[')
}

/// Empty and binary inputs, then the detected form.
fn precheck(bytes: &[u8]) -> Result<Form, InputError> {
    if decode::is_blank(bytes) {
        return Err(decode::error("empty", "the input is empty", None));
    }
    let form = detect(bytes);
    if form != Form::Pdf
        && let Some(reason) = decode::binary_reason(bytes)
    {
        return Err(decode::error("binary", reason, None));
    }
    Ok(form)
}

/// Read all cables of an in-memory input; `form` overrides detection.
/// Gzip-compressed input is decompressed first.
pub fn read_bytes(bytes: Vec<u8>, form: Option<Form>) -> Records {
    finished(read_bytes_pending(bytes, form))
}

fn read_bytes_pending(bytes: Vec<u8>, form: Option<Form>) -> PendingRecords {
    if decode::is_gzip(&bytes) && form != Some(Form::Pdf) {
        return gunzip(Box::new(Cursor::new(bytes)), form);
    }
    let form = match form {
        Some(f) => {
            if decode::is_blank(&bytes) {
                return fail(decode::error("empty", "the input is empty", None));
            }
            f
        }
        None => match precheck(&bytes) {
            Ok(f) => f,
            Err(e) => return fail(e),
        },
    };
    match form {
        Form::Csv => return Box::new(csv::CsvRows::new(Cursor::new(bytes))),
        Form::BodyLines => return Box::new(text::BodyLines::new(Cursor::new(bytes))),
        Form::Pdf => return one(pdf::read(&bytes)),
        _ => {}
    }
    let (text, decoded) = match decode::decode(&bytes) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    drop(bytes);
    match form {
        Form::Json => {
            let array = starts_with_array(text.as_bytes());
            json::read(Cursor::new(text.into_bytes()), array)
        }
        Form::CablegateHtml => one(html::read(&text, decoded)),
        Form::Plusd => one(plusd::read(&text, decoded)),
        Form::AlxText => one(text::read_alx(text, decoded)),
        Form::HistoryLab => one(text::read_historylab(&text, decoded)),
        Form::Text | Form::PdfText | Form::Csv | Form::BodyLines | Form::Pdf => {
            ready(std::iter::once(Ok(text::read_whole(text, form, decoded))))
        }
    }
}

fn one(result: Result<CableInput, InputError>) -> PendingRecords {
    ready(std::iter::once(result.map_err(|error| ReadError {
        source_record: None,
        error,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for form in Form::ALL {
            assert_eq!(Form::from_name(form.name()), Some(form));
            assert_eq!(form.name().parse::<Form>(), Ok(form));
        }
        assert_eq!(Form::from_name("HTML"), Some(Form::CablegateHtml));
        assert!("xml".parse::<Form>().is_err());
    }

    #[test]
    fn errors_are_single_records() {
        let kinds = |bytes: &[u8]| -> Vec<String> {
            read_bytes(bytes.to_vec(), None)
                .map(|r| r.unwrap_err().error.kind)
                .collect()
        };
        assert_eq!(kinds(b""), ["empty"]);
        assert_eq!(kinds(b"\x00\x01\x02binary"), ["binary"]);
        assert_eq!(
            read_bytes(Vec::new(), Some(Form::Csv))
                .next()
                .unwrap()
                .unwrap_err()
                .error
                .kind,
            "empty"
        );
    }

    #[test]
    fn windows_1252_text() {
        let out: Vec<_> = read_bytes(b"SPAIN\x92S \xB61.\n".to_vec(), None).collect();
        let c = out[0].as_ref().unwrap();
        assert_eq!(c.text, "SPAIN\u{2019}S \u{b6}1.\n");
        assert_eq!(c.form, Form::Text);
        assert_eq!(c.diagnostics[0].kind, "decoded-windows-1252");
    }
}
