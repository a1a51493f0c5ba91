//! A JSON array of cables (`mongoexport --jsonArray`, scrapers' dumps of a
//! whole release), streamed element by element: memory is bounded by the
//! largest element, not by the file, and each element is parsed later,
//! on a batch's workers ([`Element::finish`]).
//!
//! The elements are found without parsing them: an element ends at the
//! first `,` or `]` outside strings and outside brackets. A broken element
//! is then an error record of its own, and the elements after it are read
//! as usual. Between elements, empty places (`[a,,b]`, a comma before `]`)
//! are skipped; arrays one after another (`[…][…]`) are read as one.

use super::{MAX_OBJECT_BYTES, from_value, json_error};
use crate::decode::{self, error};
use crate::{ReadError, ReadResult};
use cablekit_record::InputError;
use std::io::BufRead;

/// One element's bytes as the file holds them, read but not yet parsed.
pub(crate) struct Element {
    bytes: Vec<u8>,
    /// The element's number in the array (`None` when it is the only one,
    /// as for a file of one cable).
    record: Option<u64>,
    /// The line the element starts on.
    line: u64,
}

impl Element {
    /// The value in `bytes`, numbered `record`, starting on `line`.
    pub(super) fn new(bytes: Vec<u8>, record: Option<u64>, line: u64) -> Self {
        Element {
            bytes,
            record,
            line,
        }
    }

    /// Parse the element into its cable.
    pub(crate) fn finish(self) -> ReadResult {
        let Element {
            bytes,
            record,
            line,
        } = self;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => decode::decode_lossless(e.as_bytes()).0,
        };
        let value = serde_json::from_str(&text).map_err(|e| ReadError {
            source_record: record,
            error: json_error(&e, line - 1),
        })?;
        drop(text);
        match from_value(value) {
            Ok(mut cable) => {
                cable.source_record = record;
                cable.line = line;
                cable.body_line = Some(line);
                Ok(cable)
            }
            Err(mut error) => {
                error.line = Some(line);
                Err(ReadError {
                    source_record: record,
                    error,
                })
            }
        }
    }
}

/// Where a reading of JSON stands in its strings and brackets, carried
/// from one buffer to the next. Only strings and brackets are followed:
/// the text is not checked (the parse that follows does that).
#[derive(Default)]
pub(super) struct Scan {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Scan {
    /// Read `buf` on, up to the first byte outside strings for which
    /// `stop(byte, depth)` holds (`depth`: the brackets open before that
    /// byte): its position, or `None` when `buf` ends first.
    pub(super) fn feed(&mut self, buf: &[u8], stop: impl Fn(u8, usize) -> bool) -> Option<usize> {
        let mut i = 0;
        while i < buf.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                // to the next quote or backslash at once
                match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                    Some(k) => {
                        i += k;
                        if buf[i] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                        }
                        i += 1;
                    }
                    None => i = buf.len(),
                }
                continue;
            }
            let b = buf[i];
            if stop(b, self.depth) {
                return Some(i);
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                // a closing bracket too many is left to the parse
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// Whether a string or a bracket is still open.
    pub(super) fn open(&self) -> bool {
        self.depth > 0 || self.in_string
    }
}

impl From<Element> for crate::Pending {
    fn from(element: Element) -> Self {
        crate::Pending(crate::PendingKind::JsonElement(element))
    }
}

/// What the scan of the array found next.
enum Found {
    Element(Element),
    Error(InputError),
}

impl Found {
    fn numbered(self, record: Option<u64>) -> crate::Pending {
        match self {
            Found::Element(mut e) => {
                e.record = record;
                e.into()
            }
            Found::Error(error) => Err(ReadError {
                source_record: record,
                error,
            })
            .into(),
        }
    }
}

/// Where the scan stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the opening `[`.
    Start,
    /// Inside an array, before an element, a `,` or the closing `]`.
    Inside,
    /// After a closing `]`.
    After,
    /// Nothing more to read.
    Done,
}

/// Streaming reader of a JSON array's elements.
pub(crate) struct JsonArray<R> {
    reader: R,
    /// Line breaks consumed so far.
    line: u64,
    /// The line of the last opening `[`.
    opened: u64,
    at: At,
    /// Elements and errors found so far.
    found: u64,
    /// The second element, found while telling whether the first is the
    /// only one.
    queued: Option<crate::Pending>,
    /// The length of the last element: room made at once for the next.
    hint: usize,
    max_element: usize,
}

impl<R: BufRead> JsonArray<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            line: 0,
            opened: 1,
            at: At::Start,
            found: 0,
            queued: None,
            hint: 0,
            max_element: MAX_OBJECT_BYTES,
        }
    }

    #[cfg(test)]
    fn with_max_element(mut self, max: usize) -> Self {
        self.max_element = max;
        self
    }

    /// Skip white space (and a byte-order mark before the array); the next
    /// byte, not consumed.
    fn skip_space(&mut self) -> std::io::Result<Option<u8>> {
        if self.at == At::Start && self.reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.reader.consume(3);
        }
        loop {
            let buf = self.reader.fill_buf()?;
            let Some(n) = buf.iter().position(|b| !b.is_ascii_whitespace()) else {
                if buf.is_empty() {
                    return Ok(None);
                }
                let n = buf.len();
                self.line += count_lines(buf);
                self.reader.consume(n);
                continue;
            };
            let next = buf[n];
            self.line += count_lines(&buf[..n]);
            self.reader.consume(n);
            return Ok(Some(next));
        }
    }

    /// The next element or error, unnumbered; `None` at the end.
    fn scan(&mut self) -> std::io::Result<Option<Found>> {
        loop {
            let next = self.skip_space()?;
            match (self.at, next) {
                (At::Done, _) | (At::Start | At::After, None) => {
                    self.at = At::Done;
                    return Ok(None);
                }
                (At::Start | At::After, Some(b'[')) => {
                    self.reader.consume(1);
                    self.opened = self.line + 1;
                    self.at = At::Inside;
                }
                (At::Start | At::After, Some(_)) => {
                    let line = self.line + 1;
                    let message = if self.at == At::Start {
                        "not a JSON array: it does not start with `[`".to_owned()
                    } else {
                        format!("text after the end of the JSON array, at line {line}: not read")
                    };
                    self.at = At::Done;
                    return Ok(Some(Found::Error(error(
                        "invalid-json",
                        message,
                        Some(line),
                    ))));
                }
                (At::Inside, None) => {
                    self.at = At::Done;
                    return Ok(Some(Found::Error(error(
                        "truncated",
                        format!(
                            "the JSON array opened at line {} is cut off by the end of the file",
                            self.opened
                        ),
                        Some(self.line + 1),
                    ))));
                }
                (At::Inside, Some(b']')) => {
                    self.reader.consume(1);
                    self.at = At::After;
                }
                (At::Inside, Some(b',')) => self.reader.consume(1),
                (At::Inside, Some(_)) => return self.element().map(Some),
            }
        }
    }

    /// Read one element, from its first byte to the `,` or `]` after it
    /// (not consumed).
    fn element(&mut self) -> std::io::Result<Found> {
        let line = self.line + 1;
        let mut bytes = Vec::with_capacity(self.hint + self.hint / 4);
        let mut scan = Scan::default();
        let mut too_long = false;
        let ended = loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break false;
            }
            // the element ends before a `,` or `]` outside brackets
            let end = scan.feed(buf, |b, depth| depth == 0 && matches!(b, b',' | b']'));
            let used = end.unwrap_or(buf.len());
            self.line += count_lines(&buf[..used]);
            if !too_long {
                if bytes.len() + used > self.max_element {
                    too_long = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&buf[..used]);
                }
            }
            self.reader.consume(used);
            if end.is_some() {
                break true;
            }
        };
        if too_long {
            if !ended {
                self.at = At::Done;
            }
            return Ok(Found::Error(error(
                "too-large",
                format!(
                    "the JSON array element starting at line {line} runs past {} MiB{}",
                    self.max_element >> 20,
                    if ended {
                        ": skipped"
                    } else {
                        ", to the end of the file: an unbalanced bracket or quote?"
                    }
                ),
                Some(line),
            )));
        }
        // a whole value at the end of a file whose array is cut off after
        // it: the value is read, and the array's end found missing next
        if !ended && scan.open() {
            self.at = At::Done;
            return Ok(Found::Error(error(
                "truncated",
                format!("a JSON value starting at line {line} is cut off by the end of the file"),
                Some(line),
            )));
        }
        let len = bytes.trim_ascii_end().len();
        bytes.truncate(len);
        self.hint = len;
        Ok(Found::Element(Element {
            bytes,
            record: None,
            line,
        }))
    }

    /// [`JsonArray::scan`], a read failure an error record that ends the
    /// input.
    fn scan_or_fail(&mut self) -> Option<Found> {
        let found = match self.scan() {
            Ok(found) => found,
            Err(e) => {
                self.at = At::Done;
                Some(Found::Error(error(
                    "io",
                    format!("read failed: {e}"),
                    Some(self.line + 1),
                )))
            }
        };
        self.found += u64::from(found.is_some());
        found
    }
}

impl<R: BufRead> Iterator for JsonArray<R> {
    type Item = crate::Pending;

    fn next(&mut self) -> Option<crate::Pending> {
        if let Some(queued) = self.queued.take() {
            return Some(queued);
        }
        if self.found == 0 {
            // the only element of an array is numbered as the cable of a
            // one-cable file is: not at all
            let first = self.scan_or_fail()?;
            return Some(match self.scan_or_fail() {
                None => first.numbered(None),
                Some(second) => {
                    self.queued = Some(second.numbered(Some(2)));
                    first.numbered(Some(1))
                }
            });
        }
        let found = self.scan_or_fail()?;
        Some(found.numbered(Some(self.found)))
    }
}

fn count_lines(buf: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', buf).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::io::BufReader;

    /// The records of `data` read through a buffer of `cap` bytes, each
    /// finished, with elements of at most `max` bytes.
    fn read(data: &str, cap: usize, max: usize) -> Vec<ReadResult> {
        JsonArray::new(BufReader::with_capacity(cap, data.as_bytes()))
            .with_max_element(max)
            .map(crate::Pending::finish)
            .collect()
    }

    fn all(data: &str) -> Vec<ReadResult> {
        read(data, 8 * 1024, MAX_OBJECT_BYTES)
    }

    /// What each record is: its text, or its error's kind; its number and
    /// line.
    fn summary(out: &[ReadResult]) -> Vec<(String, Option<u64>, u64)> {
        out.iter()
            .map(|r| match r {
                Ok(c) => (c.text.clone(), c.source_record, c.line),
                Err(e) => (
                    format!("error {}", e.error.kind),
                    e.source_record,
                    e.error.line.unwrap_or(0),
                ),
            })
            .collect()
    }

    /// The elements are found without parsing them: generated arrays with
    /// quotes, backslashes, brackets and commas inside strings, nested
    /// values and line breaks give the values a parse of the whole array
    /// gives, through buffers of every small size (an element, an escape
    /// or a string split between two fills).
    #[test]
    fn elements_are_the_values_of_a_whole_parse() {
        let pieces = [
            "A",
            "\\\"",
            "\\\\",
            "]",
            "[",
            "}",
            "{",
            ",",
            "\\n",
            "\\u00e9",
            "é",
            " ",
            "\n",
            "\\/",
            "x\\\\\\\"",
        ];
        let mut rng = cablekit_testkit::Xorshift::new(7);
        for round in 0..300 {
            let n = 1 + rng.below(5);
            let mut elements = Vec::new();
            for i in 0..n {
                let mut body = String::new();
                for _ in 0..rng.below(12) {
                    let p = pieces[rng.below(pieces.len())];
                    // a raw line break is no string content: it goes
                    // between the fields
                    body.push_str(if p == "\n" { "\\n" } else { p });
                }
                let space = [" ", "\n", "", "\r\n  "][rng.below(4)];
                elements.push(format!(
                    "{{{space}\"body\":{space}\"B{i} {body}\",\"references\":[\"R{i}\",{space}\"x]\"],\"tags\":[[],{{}}],\"n\":{round}}}"
                ));
            }
            let sep = [",", " ,\n", "\n,"][rng.below(3)];
            let data = format!("[{}]", elements.join(sep));
            let whole: Vec<Value> = serde_json::from_str(&data).unwrap();
            for cap in [1, 2, 3, 5, 16, 8192] {
                let out = read(&data, cap, MAX_OBJECT_BYTES);
                assert_eq!(out.len(), whole.len(), "{data}");
                for (r, v) in out.iter().zip(&whole) {
                    let want = crate::json::from_value(v.clone()).unwrap();
                    let got = r.as_ref().unwrap();
                    assert_eq!(got.text, want.text, "{data} / {cap}");
                    assert_eq!(got.metadata, want.metadata, "{data} / {cap}");
                }
            }
        }
    }

    /// The only element is numbered as the cable of a one-cable file is
    /// (not at all); several are numbered from 1. Each has the line it
    /// starts on.
    #[test]
    fn numbers_and_lines() {
        assert_eq!(
            summary(&all("[\n  {\"body\":\"A\"}\n]\n")),
            [("A".into(), None, 2)]
        );
        assert_eq!(
            summary(&all(
                "\u{feff}[\n{\"body\":\"A\"},\n\n {\n\"body\":\n\"B\\nC\"},{\"body\":\"D\"}]"
            )),
            [
                ("A".into(), Some(1), 2),
                ("B\nC".into(), Some(2), 4),
                ("D".into(), Some(3), 6)
            ]
        );
        // empty places, a comma before the end, and an empty array
        assert_eq!(
            summary(&all("[,{\"body\":\"A\"},,{\"body\":\"B\"},]")),
            [("A".into(), Some(1), 1), ("B".into(), Some(2), 1)]
        );
        assert!(all("[ ]").is_empty());
        assert!(all(" [\n]\n\n").is_empty());
        // arrays one after another are one array
        assert_eq!(
            summary(&all("[{\"body\":\"A\"}]\n[{\"body\":\"B\"}]")),
            [("A".into(), Some(1), 1), ("B".into(), Some(2), 2)]
        );
    }

    /// A broken element is an error record with its line, and the elements
    /// after it are read; what cannot be read past ends the input with one
    /// error record.
    #[test]
    fn broken_elements_are_error_records_and_reading_goes_on() {
        let out = all(
            "[{\"body\":\"A\"},\n{\"body\": oops},\n7,\n{\"nobody\":1},\n{\"body\":\"B\"} {\"body\":\"C\"},\n{\"body\":\"D\"}]",
        );
        assert_eq!(
            summary(&out),
            [
                ("A".into(), Some(1), 1),
                ("error invalid-json".into(), Some(2), 2),
                ("error not-a-cable".into(), Some(3), 3),
                ("error not-a-cable".into(), Some(4), 4),
                ("error invalid-json".into(), Some(5), 5),
                ("D".into(), Some(6), 6),
            ]
        );
        // cut off inside an element, after a whole one, after a comma: the
        // whole elements are read
        let a = || ("A".to_owned(), Some(1), 1);
        for (data, want) in [
            (
                "[{\"body\":\"A\"},\n{\"body\":\"cut",
                vec![a(), ("error truncated".into(), Some(2), 2)],
            ),
            (
                "[{\"body\":\"A\"},\n{\"body\":\"B\"}\n",
                vec![
                    a(),
                    ("B".into(), Some(2), 2),
                    ("error truncated".into(), Some(3), 3),
                ],
            ),
            (
                "[{\"body\":\"A\"},\n",
                vec![a(), ("error truncated".into(), Some(2), 2)],
            ),
        ] {
            assert_eq!(summary(&all(data)), want, "{data}");
        }
        // text after the end
        let out = summary(&all("[{\"body\":\"A\"}]\nnot json\n"));
        assert_eq!(out[1], ("error invalid-json".into(), Some(2), 2));
        assert_eq!(out.len(), 2);
    }

    /// An element past the limit is skipped, not held: one error record,
    /// and the next elements are read; one that runs to the end of the
    /// file ends it.
    #[test]
    fn an_element_past_the_limit_is_skipped() {
        let long = "x".repeat(300);
        let data = format!("[{{\"body\":\"A\"}},\n{{\"body\":\"{long}\"}},\n{{\"body\":\"B\"}}]");
        for cap in [7, 64, 8192] {
            assert_eq!(
                summary(&read(&data, cap, 100)),
                [
                    ("A".into(), Some(1), 1),
                    ("error too-large".into(), Some(2), 2),
                    ("B".into(), Some(3), 3),
                ]
            );
        }
        let data = format!("[{{\"body\":\"A\"}},\n{{\"body\":\"{long}\"]\n");
        let out = read(&data, 64, 100);
        assert_eq!(out.len(), 2);
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.error.kind, "too-large");
        assert!(
            e.error.message.contains("end of the file"),
            "{}",
            e.error.message
        );
    }

    /// The line of a parse error inside an element is the file's line.
    #[test]
    fn a_parse_error_names_the_files_line() {
        let out = all("[\n{\"body\":\"A\"},\n{\n\"body\":\n\"B\",\n\"x\": oops\n}]");
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(
            (e.error.kind.as_str(), e.error.line),
            ("invalid-json", Some(6))
        );
    }
}
