//! `cables.csv`: 8 double-quoted fields per row (row number, date, reference
//! id, origin, classification, references, header, body), no header line,
//! quotes and apostrophes escaped with a backslash (not RFC 4180), raw
//! newlines inside fields. Streamed row by row: memory is bounded by the
//! longest row.
//!
//! The cable text of a row is its header field, a blank line, and its body
//! field, exactly as they stand in the file (backslash escapes, CRLF and all):
//! the normalizer repairs them.

use crate::decode::{self, Decoded, error};
use crate::{CableInput, Form, Pending, PendingKind, ReadError, ReadResult};
use cablekit_record::SourceMetadata;
use std::io::BufRead;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// A row longer than this is taken for a quoting accident (an unbalanced
/// quote swallowing the rest of the file); the reader reports it and
/// resynchronises on the next line that starts a row.
pub(crate) const MAX_ROW_BYTES: usize = 32 * 1024 * 1024;

/// How a row ended.
enum RowEnd {
    /// A complete row.
    Complete,
    /// End of file inside a quoted field.
    Truncated,
    /// The row grew past [`MAX_ROW_BYTES`].
    TooLong,
}

/// Streaming reader of `cables.csv` rows.
pub(crate) struct CsvRows<R> {
    reader: R,
    /// Line breaks consumed so far.
    lines: Lines,
    /// Data rows seen (records and error records).
    record: u64,
    first_row: bool,
    columns: Columns,
    done: bool,
    /// The fields of the row being read, one after another in one buffer
    /// (one allocation a row; a buffer each cost the reading thread a
    /// tenth of its time in allocations), and where each field ends.
    row: Vec<u8>,
    ends: Vec<usize>,
    /// The length of the last row (at most [`ROW_HINT_MAX`]): room made at
    /// once for the next, which would otherwise grow by doubling, a copy
    /// each time.
    hint: usize,
    /// Buffers of rows already decoded, given back for the next rows.
    spare: Arc<Spare>,
    max_row: usize,
    /// Read quoted fields with `quoted_field_slow` (the tests' oracle).
    #[cfg(test)]
    slow: bool,
}

/// The most room made for a row before it is read (see `CsvRows::hint`):
/// one long row does not make every later row as long.
const ROW_HINT_MAX: usize = 256 * 1024;

/// The least room a new row buffer is made with: most cables are shorter,
/// so a buffer given back fits most later rows without growing.
const ROW_ROOM_MIN: usize = 32 * 1024;

/// Counts lines as `grep -n` does: each `\n` ends one (a lone `\r` does
/// not), so that lines agree with [`crate::CableInput::file_line`].
#[derive(Default)]
struct Lines {
    /// Completed lines.
    line: u64,
}

impl Lines {
    fn count(&mut self, bytes: &[u8]) {
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
    }
}

impl<R: BufRead> CsvRows<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            lines: Lines::default(),
            record: 0,
            first_row: true,
            columns: Columns::CABLES_CSV,
            done: false,
            row: Vec::new(),
            ends: Vec::with_capacity(8),
            hint: 0,
            spare: Arc::default(),
            max_row: MAX_ROW_BYTES,
            #[cfg(test)]
            slow: false,
        }
    }

    #[cfg(test)]
    fn with_max_row(mut self, max: usize) -> Self {
        self.max_row = max;
        self
    }

    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    fn bump(&mut self) -> std::io::Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.lines.line += u64::from(b == b'\n');
            self.reader.consume(1);
        }
        Ok(b)
    }

    /// Skip blank lines and whitespace between rows. `false` at end of file.
    fn skip_blank(&mut self) -> std::io::Result<bool> {
        if self.first_row && self.reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.reader.consume(3);
        }
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let all = n == buf.len();
            self.lines.count(&buf[..n]);
            self.reader.consume(n);
            if !all {
                return Ok(true);
            }
        }
    }

    /// Read one quoted field's content (the opening quote consumed) onto
    /// the end of `row`, the row so far, which counts towards the row's
    /// limit. `Ok(true)` when the closing quote was found.
    ///
    /// The quotes and backslashes inside the buffered window are handled
    /// in place, and the window's line breaks counted once: only one at the
    /// window's last byte, which needs the byte after it, goes through
    /// [`CsvRows::bump`] and [`CsvRows::peek`]. (Handling each one at a
    /// time, with a line count of its own piece, cost the reading thread a
    /// quarter more instructions: 11.6 M against 9.2 M on 5 MB of
    /// `cables.csv`.) `quoted_field_slow` in the tests is the reading this
    /// one is checked against.
    fn quoted_field(&mut self, row: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
        loop {
            let budget = (self.max_row + 1).saturating_sub(row.len());
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(Some(false));
            }
            let window = &buf[..buf.len().min(budget)];
            let from = row.len();
            // bytes of the window read, and a special at its last byte
            let mut used = window.len();
            let mut edge = None;
            let mut closed = false;
            let mut i = 0;
            while let Some(k) = memchr::memchr2(b'"', b'\\', &window[i..]) {
                let at = i + k;
                row.extend_from_slice(&window[i..at]);
                let special = window[at];
                let Some(&next) = window.get(at + 1) else {
                    edge = Some(special);
                    used = at + 1;
                    break;
                };
                if special == b'\\' {
                    row.extend_from_slice(&[b'\\', next]);
                    i = at + 2;
                    continue;
                }
                // a quote: closing when followed by a separator or the end
                // of the row, else a stray literal quote (one of a doubled
                // pair, RFC 4180, stands for one)
                match next {
                    b',' | b'\n' | b'\r' => {
                        used = at + 1;
                        closed = true;
                        break;
                    }
                    b'"' => i = at + 2,
                    _ => i = at + 1,
                }
                row.push(b'"');
            }
            if edge.is_none() && !closed {
                row.extend_from_slice(&window[i..]);
            }
            // the row holds the window's bytes but for quotes: the same
            // line breaks
            self.lines.count(&row[from..]);
            self.reader.consume(used);
            if closed {
                return Ok(Some(true));
            }
            match edge {
                Some(b'\\') => {
                    row.push(b'\\');
                    match self.bump()? {
                        Some(b) => row.push(b),
                        None => return Ok(Some(false)),
                    }
                }
                Some(_) => match self.peek()? {
                    None | Some(b',') | Some(b'\n') | Some(b'\r') => return Ok(Some(true)),
                    Some(b'"') => {
                        self.bump()?;
                        row.push(b'"');
                    }
                    Some(_) => row.push(b'"'),
                },
                None => {}
            }
            if row.len() > self.max_row {
                return Ok(None);
            }
        }
    }

    /// [`CsvRows::quoted_field`] as it was first written, one special byte
    /// at a time: the reading the fast one is checked against.
    #[cfg(test)]
    fn quoted_field_slow(&mut self, row: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
        loop {
            let budget = (self.max_row + 1).saturating_sub(row.len());
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(Some(false));
            }
            let window = &buf[..buf.len().min(budget)];
            match memchr::memchr2(b'"', b'\\', window) {
                None => {
                    let n = window.len();
                    row.extend_from_slice(window);
                    self.lines.count(window);
                    self.reader.consume(n);
                }
                Some(i) => {
                    let special = buf[i];
                    row.extend_from_slice(&buf[..i]);
                    self.lines.count(&buf[..i]);
                    self.reader.consume(i + 1);
                    if special == b'\\' {
                        row.push(b'\\');
                        match self.bump()? {
                            Some(b) => row.push(b),
                            None => return Ok(Some(false)),
                        }
                    } else {
                        // A quote: closing when followed by a separator or
                        // the end of the row, else a stray literal quote.
                        match self.peek()? {
                            None | Some(b',') | Some(b'\n') | Some(b'\r') => return Ok(Some(true)),
                            Some(b'"') => {
                                // RFC 4180 doubled quote.
                                self.bump()?;
                                row.push(b'"');
                            }
                            Some(_) => row.push(b'"'),
                        }
                    }
                }
            }
            if row.len() > self.max_row {
                return Ok(None);
            }
        }
    }

    /// An unquoted field: up to the next comma or line end, appended to
    /// `row`, where the field starts at `start`.
    fn bare_field(&mut self, row: &mut Vec<u8>, start: usize) -> std::io::Result<()> {
        while let Some(b) = self.peek()? {
            if matches!(b, b',' | b'\n' | b'\r') {
                break;
            }
            row.push(b);
            self.bump()?;
            if row.len() - start > self.max_row {
                break;
            }
        }
        Ok(())
    }

    /// Field `i` of the row being read.
    fn field(&self, i: usize) -> &[u8] {
        &self.row[field_span(&self.ends, Some(i))]
    }

    /// Read one row's fields into `self.row` and `self.ends`.
    fn row(&mut self) -> std::io::Result<RowEnd> {
        // the last row's buffer went with it (or is reused after an error):
        // one given back, or a new one when that is too small (growing an
        // empty buffer copies its old room)
        let mut row = std::mem::take(&mut self.row);
        if row.capacity() == 0 {
            row = self.spare.take();
        }
        row.clear();
        let room = self.hint + self.hint / 4;
        if row.capacity() < room {
            row = Vec::with_capacity(room.max(ROW_ROOM_MIN));
        }
        self.ends.clear();
        let end = self.row_into(&mut row);
        self.hint = row.len().min(ROW_HINT_MAX);
        self.row = row;
        end
    }

    /// [`CsvRows::row`] into `row`.
    fn row_into(&mut self, row: &mut Vec<u8>) -> std::io::Result<RowEnd> {
        loop {
            let start = row.len();
            if self.peek()? == Some(b'"') {
                self.bump()?;
                #[cfg(test)]
                let read = if self.slow {
                    self.quoted_field_slow(row)?
                } else {
                    self.quoted_field(row)?
                };
                #[cfg(not(test))]
                let read = self.quoted_field(row)?;
                match read {
                    Some(true) => {}
                    Some(false) => {
                        self.ends.push(row.len());
                        return Ok(RowEnd::Truncated);
                    }
                    None => return Ok(RowEnd::TooLong),
                }
                // Anything between the closing quote and the separator.
                self.bare_field(row, start)?;
            } else {
                self.bare_field(row, start)?;
            }
            self.ends.push(row.len());
            if row.len() > self.max_row {
                return Ok(RowEnd::TooLong);
            }
            match self.bump()? {
                Some(b',') => continue,
                Some(b'\r') => {
                    if self.peek()? == Some(b'\n') {
                        self.bump()?;
                    }
                    return Ok(RowEnd::Complete);
                }
                _ => return Ok(RowEnd::Complete),
            }
        }
    }

    /// After a runaway row: skip to the next line that starts like a row.
    fn resync(&mut self) -> std::io::Result<()> {
        let mut line = Vec::new();
        loop {
            // Look at the start of the next line without consuming it.
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            if starts_row(buf) {
                return Ok(());
            }
            line.clear();
            let n = self.reader.read_until(b'\n', &mut line)?;
            self.lines.count(&line[..n]);
        }
    }

    fn error(&self, kind: &str, message: String, line: u64) -> ReadResult {
        Err(ReadError {
            source_record: Some(self.record),
            error: error(kind, message, Some(line)),
        })
    }

    fn next_row(&mut self) -> std::io::Result<Option<Pending>> {
        loop {
            if !self.skip_blank()? {
                return Ok(None);
            }
            let start_line = self.lines.line + 1;
            let end = self.row()?;
            let first = std::mem::replace(&mut self.first_row, false);
            if matches!(end, RowEnd::Complete)
                && first
                && let Some(columns) = Columns::from_header(
                    &(0..self.ends.len())
                        .map(|i| self.field(i))
                        .collect::<Vec<_>>(),
                )
            {
                self.columns = columns;
                continue;
            }
            self.record += 1;
            let n = self.record;
            return Ok(Some(match end {
                RowEnd::Truncated => {
                    self.done = true;
                    self.error(
                        "truncated",
                        format!(
                            "row {n} (starting at line {start_line}) ends inside a quoted field: \
                             the file is cut off"
                        ),
                        start_line,
                    )
                    .into()
                }
                RowEnd::TooLong => {
                    let result = self.error(
                        "malformed-row",
                        format!(
                            "row {n} (starting at line {start_line}) runs past {} MiB: an \
                             unbalanced quote? skipped to the next line that starts a row",
                            self.max_row / (1024 * 1024)
                        ),
                        start_line,
                    );
                    self.resync()?;
                    result.into()
                }
                RowEnd::Complete if self.ends.len() != self.columns.count => {
                    let plain = self.columns == Columns::CABLES_CSV;
                    let result = self.error(
                        "malformed-row",
                        format!(
                            "row {n} (starting at line {start_line}) has {} fields; {}",
                            self.ends.len(),
                            if plain {
                                "cables.csv rows have 8 (number, date, reference id, origin, \
                                 classification, references, header, body); skipped to the next \
                                 line that starts a row"
                                    .to_owned()
                            } else {
                                format!("the header line names {}", self.columns.count)
                            }
                        ),
                        start_line,
                    );
                    if plain {
                        self.resync()?;
                    }
                    result.into()
                }
                // decoded later, perhaps on another thread
                RowEnd::Complete => Pending(PendingKind::CsvRow(self.take_row(n, start_line))),
            }));
        }
    }

    /// The fields of the row just read, to be decoded by [`Row::finish`].
    fn take_row(&mut self, record: u64, line: u64) -> Row {
        let span = |i: Option<usize>| field_span(&self.ends, i);
        let cols = &self.columns;
        Row {
            record,
            line,
            date: span(cols.date),
            refid: span(cols.refid),
            origin: span(cols.origin),
            class: span(cols.class),
            refs: span(cols.refs),
            header: span(cols.header),
            body: span(Some(cols.body)),
            row: std::mem::take(&mut self.row),
            spare: Arc::clone(&self.spare),
        }
    }
}

/// Where field `i` lies in a row whose fields end at `ends` (empty for a
/// column the row does not have).
fn field_span(ends: &[usize], i: Option<usize>) -> Range<usize> {
    match i {
        Some(i) if i < ends.len() => (if i == 0 { 0 } else { ends[i - 1] })..ends[i],
        _ => 0..0,
    }
}

/// A complete row, its fields as the file holds them: what is left to do
/// ([`Row::finish`]) needs no other row, so a batch does it on its workers.
pub(crate) struct Row {
    record: u64,
    line: u64,
    /// The row's fields, one after another; the others are spans of it
    /// (empty for a column the file does not have).
    row: Vec<u8>,
    date: Range<usize>,
    refid: Range<usize>,
    origin: Range<usize>,
    class: Range<usize>,
    refs: Range<usize>,
    header: Range<usize>,
    body: Range<usize>,
    /// Where `row` goes when the row is decoded.
    spare: Arc<Spare>,
}

/// Row buffers given back by [`Row::finish`] (on a batch's workers) for the
/// reader's next rows. A row's buffer was otherwise allocated on the
/// reading thread and freed on a worker: the allocations and their growth
/// were about a sixth of the reading thread's instructions, and a block
/// freed by another thread costs the allocator more.
#[derive(Default)]
struct Spare(Mutex<Vec<Vec<u8>>>);

/// The most buffers kept (about 8 MB of the usual 32 KB ones): the rows a
/// batch has in flight on two workers (two chunks of 64 each).
const SPARE_MAX: usize = 256;

impl Spare {
    /// A buffer given back, or an empty one.
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut v| v.pop().unwrap_or_default())
            .unwrap_or_default()
    }

    /// Keep `buf` for a later row, unless enough are kept or it is larger
    /// than rows are made room for ([`ROW_HINT_MAX`]).
    fn give(&self, buf: Vec<u8>) {
        if buf.capacity() > ROW_HINT_MAX + ROW_HINT_MAX / 4 {
            return;
        }
        if let Ok(mut v) = self.0.lock()
            && v.len() < SPARE_MAX
        {
            v.push(buf);
        }
    }
}

impl Row {
    /// Decode the row into the cable it holds.
    pub(crate) fn finish(self) -> CableInput {
        let Row {
            record,
            line,
            row,
            date,
            refid,
            origin,
            class,
            refs,
            header,
            body,
            spare,
        } = self;
        let (header, body) = (&row[header], &row[body]);
        let header_lines = memchr::memchr_iter(b'\n', header).count() as u64;
        let (header, h) = decode::decode_borrowed(header);
        let (body, b) = decode::decode_borrowed(body);
        let (text, body_start) = if header.trim().is_empty() {
            (body.into_owned(), 0)
        } else {
            let mut text = String::with_capacity(header.len() + 2 + body.len());
            text.push_str(&header);
            text.push_str("\n\n");
            let body_start = text.len();
            text.push_str(&body);
            (text, body_start)
        };
        let [date, refid, origin, class, refs] =
            [date, refid, origin, class, refs].map(|f| &row[f]);
        let references = meta(refs)
            .map(|r| {
                r.split(['|', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let metadata = SourceMetadata {
            reference_id: meta(refid),
            created: meta(date),
            released: None,
            classification: meta(class),
            origin: meta(origin),
            tags: Vec::new(),
            references,
        };
        let mut input = CableInput::new(text, Form::Csv);
        input.source_record = Some(record);
        input.line = line;
        input.metadata = Some(metadata);
        input.body_start = Some(body_start);
        input.body_line = Some(line + header_lines);
        if h == Decoded::Windows1252 || b == Decoded::Windows1252 {
            input.diagnostics.extend(Decoded::Windows1252.note());
        }
        spare.give(row);
        input
    }
}

/// A metadata field: backslash escapes removed, trimmed, `None` when empty.
fn meta(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut escaped = false;
    for &b in bytes {
        if b == b'\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(b);
    }
    let (s, _) = decode::decode_owned(out);
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Which column holds what.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    count: usize,
    date: Option<usize>,
    refid: Option<usize>,
    origin: Option<usize>,
    class: Option<usize>,
    refs: Option<usize>,
    header: Option<usize>,
    body: usize,
}

impl Columns {
    /// The 2011 `cables.csv`: number, date, reference id, origin,
    /// classification, references, header, body; no header line.
    const CABLES_CSV: Columns = Columns {
        count: 8,
        date: Some(1),
        refid: Some(2),
        origin: Some(3),
        class: Some(4),
        refs: Some(5),
        header: Some(6),
        body: 7,
    };

    /// A header line someone added (or a re-export with other columns):
    /// short names, the first not a number, one of them the body.
    fn from_header(fields: &[&[u8]]) -> Option<Columns> {
        if fields.len() < 2 || fields[0].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut names = Vec::with_capacity(fields.len());
        for f in fields {
            if f.len() > 40
                || !f
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"_ -.".contains(b))
            {
                return None;
            }
            let name: String = f
                .iter()
                .filter(|b| b.is_ascii_alphanumeric())
                .map(|b| b.to_ascii_lowercase() as char)
                .collect();
            names.push(name);
        }
        let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        Some(Columns {
            count: fields.len(),
            date: find(&["date", "datetime", "created", "createdat"]),
            refid: find(&[
                "refid",
                "referenceid",
                "reference",
                "cableid",
                "canonicalid",
                "identifier",
            ]),
            origin: find(&["origin", "from", "source"]),
            class: find(&["classification", "class"]),
            refs: find(&["references", "refs", "referencedids"]),
            header: find(&["header", "head"]),
            body: find(&["body", "content", "text"])?,
        })
    }
}

/// Does this buffer start like a `cables.csv` row (`"123","`)?
fn starts_row(buf: &[u8]) -> bool {
    let Some(rest) = buf.strip_prefix(b"\"") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(b"\",\"")
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        if self.done {
            return None;
        }
        match self.next_row() {
            Ok(Some(r)) => Some(r),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                self.record += 1;
                let line = self.lines.line + 1;
                Some(self.error("io", format!("read failed: {e}"), line).into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[u8]) -> Vec<ReadResult> {
        CsvRows::new(data).map(Pending::finish).collect()
    }

    const ROW1: &str = "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",\"UNCLASSIFIED\",\"66STATE106206\",\"P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\",\"UNCLASSIFIED BUENOS AIRES 2481 \nTHE \\\"PARDON\\\" ASAD\\'S \\\nGP-3\n\"\n";

    /// A decoded row gives its buffer back and the next row is read into
    /// it (no new allocation), and what the buffer held before does not
    /// show: a long row after a short one and the other way round.
    #[test]
    fn row_buffers_are_given_back_and_reused() {
        let long = ROW1.replace("GP-3", &"GP-3 ".repeat(5000));
        let data = format!("{ROW1}{long}{}", ROW1.replace("\"1\"", "\"3\""));
        let mut reader = CsvRows::new(data.as_bytes());
        let spare = Arc::clone(&reader.spare);
        let kept = |spare: &Spare| spare.0.lock().unwrap().len();
        let first = reader.next().unwrap();
        assert_eq!(kept(&spare), 0);
        let first = first.finish().unwrap();
        assert_eq!(kept(&spare), 1, "the first row's buffer is given back");
        let second = reader.next().unwrap();
        assert_eq!(kept(&spare), 0, "the second row is read into it");
        let second = second.finish().unwrap();
        let third = reader.next().unwrap().finish().unwrap();
        let alone = rows(data.as_bytes());
        for (got, want) in [&first, &second, &third].into_iter().zip(&alone) {
            assert_eq!(got.text, want.as_ref().unwrap().text);
        }
        assert_eq!(first.text, third.text);
        assert!(second.text.len() > 20_000);
    }

    #[test]
    fn row_fields_and_escapes_kept_raw() {
        let out = rows(ROW1.as_bytes());
        assert_eq!(out.len(), 1);
        let c = out[0].as_ref().unwrap();
        assert_eq!(
            c.text,
            "P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n\nUNCLASSIFIED BUENOS AIRES 2481 \nTHE \\\"PARDON\\\" ASAD\\'S \\\nGP-3\n"
        );
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(m.reference_id.as_deref(), Some("66BUENOSAIRES2481"));
        assert_eq!(m.created.as_deref(), Some("12/28/1966 18:48"));
        assert_eq!(m.references, vec!["66STATE106206"]);
        assert_eq!((c.line, c.source_record), (1, Some(1)));
        assert!(c.text[c.body_start.unwrap()..].starts_with("UNCLASSIFIED BUENOS AIRES 2481"));
        // "GP-3" is on line 4 of the file.
        let gp3 = c.text.find("GP-3").unwrap();
        assert_eq!(c.file_line(gp3), 4);
        assert_eq!(c.file_line(c.text.find("FM AMEMBASSY").unwrap()), 2);
    }

    #[test]
    fn line_numbers_of_later_rows_and_crlf() {
        let two = format!("{ROW1}{}", ROW1.replace("\"1\"", "\"2\""));
        let out = rows(two.as_bytes());
        assert_eq!(out[1].as_ref().unwrap().line, 6);
        let crlf = two.replace('\n', "\r\n\r\n");
        let out = rows(crlf.as_bytes());
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap().line, 11);
        assert!(
            out[1]
                .as_ref()
                .unwrap()
                .text
                .contains("\r\n\r\nFM AMEMBASSY")
        );
    }

    #[test]
    fn truncated_last_row_is_an_error_for_that_row_only() {
        let cut = format!("{ROW1}{}", &ROW1.replace("\"1\"", "\"2\"")[..150]);
        let out = rows(cut.as_bytes());
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.error.kind, "truncated");
        assert_eq!(e.error.line, Some(6));
        assert_eq!(e.source_record, Some(2));
    }

    #[test]
    fn wrong_field_count_and_runaway_rows() {
        let out = rows(b"\"1\",\"a\",\"b\"\n");
        assert_eq!(out[0].as_ref().unwrap_err().error.kind, "malformed-row");
        // Text read as cables.csv: one error, not one per line.
        let out = rows(b"UNCLAS PARIS 001052\nSIPDIS\nE.O. 12958: N/A\n");
        assert_eq!(out.len(), 1, "{out:?}");
        // A malformed row between good rows costs that row only.
        let data = format!("{ROW1}\"2\",\"a\",\"b\"\n{ROW1}");
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out[0].is_ok() && out[1].is_err() && out[2].is_ok());
        // A runaway row is reported and reading resumes at the next row start.
        let data = format!("\"1\",\"x\" junk {}\n{ROW1}", "y".repeat(1000));
        let out: Vec<_> = CsvRows::new(data.as_bytes())
            .with_max_row(400)
            .map(Pending::finish)
            .collect();
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].as_ref().unwrap_err().error.kind, "malformed-row");
        assert!(out[1].is_ok(), "{out:?}");
    }

    #[test]
    fn line_breaks_counted_across_chunks() {
        let text = b"a\r\nb\rc\nd\r\n\r\ne\r";
        for split in 0..=text.len() {
            let mut lines = Lines::default();
            lines.count(&text[..split]);
            lines.count(&text[split..]);
            assert_eq!(lines.line, 4, "split at {split}");
        }
    }

    #[test]
    fn bom_is_skipped() {
        let data = format!("\u{feff}{ROW1}");
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().line, 1);
    }

    #[test]
    fn header_line_maps_columns_by_name() {
        let data = "refid,origin,body,date\n\"85BEIRUT992\",\"Embassy Beirut\",\"UNCLAS BEIRUT 00992\nTEXT\",\"2/18/1985 11:59\"\n";
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 1, "{out:?}");
        let c = out[0].as_ref().unwrap();
        assert_eq!(c.text, "UNCLAS BEIRUT 00992\nTEXT");
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(m.reference_id.as_deref(), Some("85BEIRUT992"));
        assert_eq!(m.created.as_deref(), Some("2/18/1985 11:59"));
        assert_eq!(m.classification, None);
        assert_eq!(c.line, 2);
        // A header without a body column is not a header: the row is malformed.
        let out = rows(b"a,b,c\n");
        assert_eq!(out[0].as_ref().unwrap_err().error.kind, "malformed-row");
    }

    #[test]
    fn header_line_is_skipped() {
        let data = format!(
            "\"id\",\"date\",\"refid\",\"origin\",\"classification\",\"references\",\"header\",\"body\"\n{ROW1}"
        );
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().line, 2);
    }

    /// Every row read by [`CsvRows::quoted_field`], as
    /// [`CsvRows::quoted_field_slow`] reads it: over inputs thick with
    /// quotes, backslashes, separators and line ends, through buffers of
    /// one to nine bytes (every special at a buffer's edge) and larger,
    /// with row limits that cut fields anywhere; and over the real
    /// `cables.csv` files of `../shared/corpus`.
    #[test]
    fn fast_quoted_fields_read_as_the_slow_ones() {
        fn read_all(data: &[u8], cap: usize, max_row: usize, slow: bool) -> String {
            let mut rows =
                CsvRows::new(std::io::BufReader::with_capacity(cap, data)).with_max_row(max_row);
            rows.slow = slow;
            let out: Vec<ReadResult> = rows.by_ref().map(Pending::finish).collect();
            format!("{out:?} lines {}", rows.lines.line)
        }
        fn check(data: &[u8], caps: &[usize], limits: &[usize]) {
            for &cap in caps {
                for &max_row in limits {
                    assert_eq!(
                        read_all(data, cap, max_row, false),
                        read_all(data, cap, max_row, true),
                        "{:?} cap {cap} max_row {max_row}",
                        String::from_utf8_lossy(data)
                    );
                }
            }
        }
        const PIECES: [&[u8]; 14] = [
            b"\"",
            b"\"\"",
            b"\\",
            b"\\\"",
            b",",
            b"\n",
            b"\r",
            b"\r\n",
            b"a",
            b"xyz ",
            b"\"1\",\"",
            b"\",\"",
            b"\\\n",
            b"\xC3\xA9",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let caps: Vec<usize> = (1..=9).chain([64, 8192]).collect();
        for _ in 0..400 {
            let mut data = Vec::new();
            let rows = 1 + next() % 4;
            for r in 0..rows {
                data.extend_from_slice(format!("\"{r}\",\"").as_bytes());
                for _ in 0..next() % 40 {
                    data.extend_from_slice(PIECES[(next() % PIECES.len() as u64) as usize]);
                }
                data.extend_from_slice(b"\"\n");
            }
            check(&data, &caps, &[4, 17, 60, MAX_ROW_BYTES]);
        }
        check(ROW1.as_bytes(), &caps, &[40, 100, 150, MAX_ROW_BYTES]);
        let Some(shared) = cablekit_testkit::shared("the CSV reader's fast fields") else {
            return;
        };
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            if f.extension().is_some_and(|e| e == "csv")
                && let Ok(data) = std::fs::read(&f)
            {
                check(&data, &[7, 4096, 64 * 1024], &[MAX_ROW_BYTES, 2000]);
            }
        }
    }
}
