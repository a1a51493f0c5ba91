//! MongoDB / JSON exports of cables: one JSON object per file, per line
//! (JSON Lines, `mongoexport`), pretty-printed objects one after another,
//! or an array of objects. Fields: `_id`, `origin`, `date_time`,
//! `classification`, `body`, and in some exports `header`, `reference_id`.
//!
//! The cable text is the `header` string (when present and not empty), a
//! blank line, and the `body` string: JSON-unescaped (JSON escaping is the
//! container's) but otherwise as exported.

use crate::decode::{self, error};
use crate::{CableInput, Form, ReadError, ReadResult};
use cablekit_record::{Diagnostic, InputError, SourceMetadata};
use serde_json::{Map, Value};
use std::io::BufRead;

mod array;
pub(crate) use array::{Element, JsonArray};

/// The largest object read line by line before giving up on it.
const MAX_OBJECT_BYTES: usize = 64 * 1024 * 1024;

/// The string value of the first of `keys` present; MongoDB extended JSON
/// wrappers (`{"$date": …}`, `{"$oid": …}`) are unwrapped.
fn string_of(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.values().find_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        _ => None,
    })
}

/// [`string_of`], with a string value moved out of `obj` rather than
/// copied (the body of a cable is most of its object).
fn take_string_of(obj: &mut Map<String, Value>, keys: &[&str]) -> Option<String> {
    for k in keys {
        match obj.get_mut(*k) {
            Some(Value::String(s)) => return Some(std::mem::take(s)),
            Some(_) => {
                if let Some(s) = string_of(obj, &[k]) {
                    return Some(s);
                }
            }
            None => {}
        }
    }
    None
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// `M/D/YYYY H:MM`, the date format of `cables.csv`.
fn is_csv_date(s: &str) -> bool {
    let date = s.split(' ').next().unwrap_or("");
    let parts: Vec<&str> = date.split('/').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// One cable from one JSON value.
pub(crate) fn from_value(value: Value) -> Result<CableInput, InputError> {
    let Value::Object(mut obj) = value else {
        return Err(error(
            "not-a-cable",
            "a JSON value that is not an object: cable exports hold one object per cable",
            None,
        ));
    };
    let Some(body) = take_string_of(&mut obj, &["body", "content", "text"]) else {
        return Err(error(
            "not-a-cable",
            "a JSON object without a `body` (or `content`, `text`) string field",
            None,
        ));
    };
    let header = string_of(&obj, &["header"]).unwrap_or_default();
    let mut diagnostics = Vec::new();
    let created = non_empty(string_of(&obj, &["date_time", "date", "created"]));
    let id = non_empty(string_of(&obj, &["_id"]));
    let mut reference_id = non_empty(string_of(&obj, &["reference_id", "refid", "referenceId"]));
    if reference_id.is_none() {
        if created.as_deref().is_some_and(is_csv_date) {
            // Exports built from cables.csv shifted a column: their `_id`
            // holds the references column, not the cable's id.
            diagnostics.push(Diagnostic::note(
                "json-id-not-used",
                format!(
                    "`_id` ({}) is not taken as the reference id: in exports built from \
                     cables.csv (M/D/YYYY dates) it holds another column",
                    id.as_deref().unwrap_or("empty")
                ),
                0,
                0,
            ));
        } else if id
            .as_deref()
            .is_some_and(|s| s.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            reference_id = id;
        }
    }
    let references = match obj.get("references") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => s
            .split(['|', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let tags = match obj.get("tags") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let metadata = SourceMetadata {
        reference_id,
        created,
        released: non_empty(string_of(&obj, &["released", "release_date"])),
        classification: non_empty(string_of(&obj, &["classification"])),
        origin: non_empty(string_of(&obj, &["origin"])),
        tags,
        references,
    };
    let (text, body_start) = if header.trim().is_empty() {
        (body, 0)
    } else {
        // (`format!` sized its string by the literal pieces only, and grew
        // it through the body)
        let mut text = String::with_capacity(header.len() + 2 + body.len());
        text.push_str(&header);
        text.push_str("\n\n");
        text.push_str(&body);
        (text, header.len() + 2)
    };
    if text.trim().is_empty() {
        return Err(error("empty", "the JSON object's body is empty", None));
    }
    let mut input = CableInput::new(text, Form::Json);
    input.metadata = Some(metadata);
    input.diagnostics = diagnostics;
    input.body_start = Some(body_start);
    Ok(input)
}

/// The records of a JSON input: an array's elements (streamed, each
/// parsed by [`crate::Pending::finish`]), or objects one after another.
pub(crate) fn read<R: BufRead + Send + 'static>(reader: R, array: bool) -> crate::PendingRecords {
    if array {
        Box::new(JsonArray::new(reader))
    } else {
        Box::new(JsonStream::new(reader))
    }
}

/// A whole JSON input held in memory, every record finished.
#[cfg(test)]
pub(crate) fn read_all(text: &str) -> Vec<ReadResult> {
    let array = text.trim_start().starts_with('[');
    read(std::io::Cursor::new(text.as_bytes().to_vec()), array)
        .map(crate::Pending::finish)
        .collect()
}

fn json_error(e: &serde_json::Error, line_offset: u64) -> InputError {
    error(
        "invalid-json",
        format!("invalid JSON: {e}"),
        Some(line_offset + e.line() as u64),
    )
}

/// JSON objects one after another (JSON Lines or pretty-printed), streamed:
/// lines are gathered until they parse as one value. A line that cannot
/// start a value is an error record for that line only.
pub(crate) struct JsonStream<R> {
    reader: R,
    line: u64,
    record: u64,
    buf: Vec<u8>,
    done: bool,
    pending: Vec<ReadResult>,
    /// Parse every line here, the whole objects too (the tests' oracle
    /// for [`one_object`]).
    #[cfg(test)]
    slow: bool,
}

impl<R: BufRead> JsonStream<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            line: 0,
            record: 0,
            buf: Vec::new(),
            done: false,
            pending: Vec::new(),
            #[cfg(test)]
            slow: false,
        }
    }

    /// The line `buf` starts on: it holds the last lines read, the last of
    /// them perhaps without its line break (the end of the file).
    fn buf_line(&self) -> u64 {
        let lines = count_lines(&self.buf) + u64::from(!self.buf.ends_with(b"\n"));
        self.line + 1 - lines
    }

    /// Append the next line to `buf` (read there directly: a line read
    /// apart and then copied over cost a copy of every body).
    fn read_line(&mut self) -> std::io::Result<usize> {
        let n = self.reader.read_until(b'\n', &mut self.buf)?;
        if n > 0 {
            self.line += 1;
        }
        Ok(n)
    }
}

impl<R: BufRead> Iterator for JsonStream<R> {
    type Item = crate::Pending;

    fn next(&mut self) -> Option<crate::Pending> {
        if let Some(r) = self.pending.pop() {
            return Some(r.into());
        }
        while !self.done {
            // `buf[..before]`: the lines of a value not yet complete
            let before = self.buf.len();
            let n = match self.read_line() {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    self.record += 1;
                    return Some(
                        Err(ReadError {
                            source_record: Some(self.record),
                            error: error("io", format!("read failed: {e}"), Some(self.line + 1)),
                        })
                        .into(),
                    );
                }
            };
            if n == 0 {
                self.done = true;
                if self.buf.iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
                // End of input inside a value.
                self.record += 1;
                let start = self.buf_line();
                self.buf.clear();
                return Some(
                    Err(ReadError {
                        source_record: Some(self.record),
                        error: error(
                            "truncated",
                            format!(
                                "a JSON value starting at line {start} is cut off by the end of the file"
                            ),
                            Some(start),
                        ),
                    })
                    .into(),
                );
            }
            if self.line == 1 {
                let line = &self.buf[before..];
                let bom = line.len() - decode::strip_utf8_bom(line).len();
                self.buf.drain(before..before + bom);
            }
            let fresh = self.buf[..before].iter().all(u8::is_ascii_whitespace);
            if fresh {
                // blank lines before a value are not part of it
                self.buf.drain(..before);
                if self.buf.iter().all(u8::is_ascii_whitespace) {
                    self.buf.clear();
                    continue;
                }
                let first = self.buf.iter().find(|b| !b.is_ascii_whitespace());
                if self.record == 0 && !matches!(first, Some(b'{') | Some(b'[')) {
                    // Not JSON at all: one error, not one per line.
                    self.done = true;
                    self.record += 1;
                    return Some(
                        Err(ReadError {
                            source_record: None,
                            error: error(
                                "invalid-json",
                                "not JSON: a JSON export starts with `{` or `[`",
                                Some(self.line),
                            ),
                        })
                        .into(),
                    );
                }
            }
            let start_line = self.buf_line();
            #[cfg(test)]
            let fresh = fresh && !self.slow;
            if fresh && one_object(&self.buf) {
                // the usual line of JSON Lines: one whole object, found
                // without parsing it, and parsed on a worker
                self.record += 1;
                let room = self.buf.len() + self.buf.len() / 4;
                let bytes = std::mem::replace(&mut self.buf, Vec::with_capacity(room));
                return Some(Element::new(bytes, Some(self.record), start_line).into());
            }
            let text = match std::str::from_utf8(&self.buf) {
                Ok(t) => std::borrow::Cow::Borrowed(t),
                Err(_) => std::borrow::Cow::Owned(decode::decode_lossless(&self.buf).0),
            };
            let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
            let parsed = stream.next();
            let consumed = stream.byte_offset();
            let rest_blank = text.get(consumed..).is_none_or(|r| r.trim().is_empty());
            match parsed {
                Some(Ok(value)) => {
                    // Several values on one line: take them all. A value
                    // the line's end cuts off goes on with the next line; a
                    // broken one is an error record, and the rest of the
                    // line is not read (there is no telling where the next
                    // value would start).
                    let mut values = vec![Ok(value)];
                    let mut rest = None;
                    if !rest_blank {
                        loop {
                            let at = stream.byte_offset();
                            match stream.next() {
                                None => break,
                                Some(Ok(v)) => values.push(Ok(v)),
                                Some(Err(e)) if e.is_eof() => {
                                    rest = Some(text[at..].as_bytes().to_vec());
                                    break;
                                }
                                Some(Err(e)) => {
                                    values.push(Err(e));
                                    break;
                                }
                            }
                        }
                    }
                    self.buf = rest.unwrap_or_else(|| {
                        let mut buf = std::mem::take(&mut self.buf);
                        buf.clear();
                        buf
                    });
                    let mut out: Vec<ReadResult> = values
                        .into_iter()
                        .map(|v| {
                            self.record += 1;
                            let record = Some(self.record);
                            let v = v.map_err(|e| {
                                let mut error = json_error(&e, start_line - 1);
                                error.message.push_str("; the rest of the line is not read");
                                ReadError {
                                    source_record: record,
                                    error,
                                }
                            })?;
                            from_value(v)
                                .map(|mut c| {
                                    c.source_record = record;
                                    c.line = start_line;
                                    c.body_line = Some(start_line);
                                    c
                                })
                                .map_err(|mut error| {
                                    error.line = Some(start_line);
                                    ReadError {
                                        source_record: record,
                                        error,
                                    }
                                })
                        })
                        .collect();
                    out.reverse();
                    let first = out.pop();
                    self.pending = out;
                    return first.map(Into::into);
                }
                Some(Err(e)) if e.is_eof() && self.buf.len() < MAX_OBJECT_BYTES => continue,
                None => continue,
                Some(Err(e)) => {
                    self.buf.clear();
                    self.record += 1;
                    return Some(
                        Err(ReadError {
                            source_record: Some(self.record),
                            error: json_error(&e, start_line - 1),
                        })
                        .into(),
                    );
                }
            }
        }
        None
    }
}

/// Whether `line` holds one whole JSON object and nothing after it but
/// white space: its brackets close and no string is left open. Such a line
/// never makes the parse ask for the next line (it parses, or fails where
/// it is wrong), so it is a value of its own.
fn one_object(line: &[u8]) -> bool {
    let Some(start) = line.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    if line[start] != b'{' {
        return false;
    }
    let mut scan = array::Scan::default();
    // the byte that closes the object's brackets
    let Some(end) = scan.feed(&line[start..], |b, depth| {
        depth == 1 && matches!(b, b'}' | b']')
    }) else {
        return false;
    };
    line[start + end + 1..].iter().all(u8::is_ascii_whitespace)
}

fn count_lines(buf: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', buf).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_release_export() {
        let line = r#"{"_id":"09ANKARA1594","origin":"Embassy Ankara","date_time":"2009-11-05 11:11","classification":"UNCLASSIFIED","body":"UNCLAS SECTION 01 OF 04 ANKARA 001594  SIPDIS","header":"VZCZCXRO9785OO RUEHDADE","reference_id":"09ANKARA1594"}"#;
        let out = read_all(line);
        let c = out[0].as_ref().unwrap();
        assert_eq!(
            c.text,
            "VZCZCXRO9785OO RUEHDADE\n\nUNCLAS SECTION 01 OF 04 ANKARA 001594  SIPDIS"
        );
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(m.reference_id.as_deref(), Some("09ANKARA1594"));
        assert_eq!(m.created.as_deref(), Some("2009-11-05 11:11"));
        assert_eq!(c.source_record, Some(1));
        assert!(c.text[c.body_start.unwrap()..].starts_with("UNCLAS SECTION"));
    }

    #[test]
    fn csv_derived_export_id_is_not_trusted() {
        let line = r#"{"_id":"04BAGHDAD1","origin":"Embassy Baghdad","date_time":"7/2/2004 17:37","classification":"CONFIDENTIAL","body":"C O N F I D E N T I A L BAGHDAD 000017   STATE"}"#;
        let c = read_all(line).remove(0).unwrap();
        assert_eq!(c.metadata.as_ref().unwrap().reference_id, None);
        assert_eq!(c.diagnostics[0].kind, "json-id-not-used");
    }

    #[test]
    fn lines_pretty_objects_and_bad_lines() {
        let data = "{\"body\":\"A\"}\n\n{\n  \"body\": \"B\\nC\"\n}\n{\"body\": oops}\n{\"body\":\"D\"} {\"body\":\"E\"}\n";
        let out = read_all(data);
        assert_eq!(out.len(), 5, "{out:?}");
        assert_eq!(out[0].as_ref().unwrap().line, 1);
        let b = out[1].as_ref().unwrap();
        assert_eq!((b.text.as_str(), b.line), ("B\nC", 3));
        let e = out[2].as_ref().unwrap_err();
        assert_eq!(
            (e.error.kind.as_str(), e.error.line),
            ("invalid-json", Some(6))
        );
        assert_eq!(out[4].as_ref().unwrap().text, "E");
        assert_eq!(out[4].as_ref().unwrap().source_record, Some(5));
    }

    /// The stream reads each line into the value's buffer: a byte-order
    /// mark, blank and space-only lines between values and a value's own
    /// lines are kept apart as they were when lines were read one by one.
    #[test]
    fn boms_and_blank_lines_between_values() {
        let data = "\u{feff}{\"body\":\"A\"}\n \n\t\n  {\n\"body\":\n\"B\"}\n\n\n{\"header\":\"H\",\n\"body\":\"C\"}\n   \n";
        let out = read_all(data);
        let got: Vec<_> = out
            .iter()
            .map(|r| {
                let c = r.as_ref().unwrap();
                (c.text.as_str(), c.line, c.source_record)
            })
            .collect();
        assert_eq!(
            got,
            [("A", 1, Some(1)), ("B", 4, Some(2)), ("H\n\nC", 9, Some(3))]
        );
        // a blank file after a byte-order mark holds no value
        assert!(read_all("\u{feff}\n \n").is_empty());
    }

    /// The body is taken from the first of `body`, `content` and `text` that
    /// holds a string (moved out of the object, not copied); a number or a
    /// wrapped value counts, `null` does not.
    #[test]
    fn body_keys_in_order() {
        let text = |line: &str| read_all(line).remove(0).unwrap().text;
        assert_eq!(text(r#"{"body":null,"content":"C","text":"T"}"#), "C");
        assert_eq!(text(r#"{"body":12,"content":"C"}"#), "12");
        assert_eq!(text(r#"{"body":{"$t":"W"},"content":"C"}"#), "W");
        assert_eq!(text(r#"{"text":"T","origin":"O"}"#), "T");
        let c = read_all(r#"{"body":"B","origin":"Embassy X","header":"H"}"#)
            .remove(0)
            .unwrap();
        assert_eq!(c.text, "H\n\nB");
        assert_eq!(c.body_start, Some(3));
        assert_eq!(c.metadata.unwrap().origin.as_deref(), Some("Embassy X"));
    }

    #[test]
    fn text_is_one_error_not_one_per_line() {
        let out = read_all("UNCLAS\nSIPDIS\nE.O. 12958: N/A\n");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap_err().error.kind, "invalid-json");
    }

    /// A line of one whole object is parsed on a worker, without the
    /// stream parsing it first: generated inputs (broken values, several
    /// on a line, values over several lines, brackets and escapes inside
    /// strings, bytes that are not UTF-8) give the records they give when
    /// the stream parses every line.
    #[test]
    fn whole_objects_read_as_parsed_lines() {
        let lines: [&[u8]; 22] = [
            b"{\"body\":\"A\"}",
            b"  {\"body\": \"B \\\" } ] \\\\\", \"references\": [\"x\", \"y]\"]}  ",
            b"{\"body\": oops}",
            b"{\"body\":\"A\"} {\"body\":\"B\"}",
            b"{\"body\":\"A\",",
            b"\"x\": 1}",
            b"{]",
            b"{\"a\":[}",
            b"{\"body\":\"x\\\"}",
            b"[{\"body\":\"A\"}]",
            b"7",
            b"",
            b"   ",
            b"{\"body\":\"caf\xe9 \xff\"}",
            b"{\"body\":\"A\",\"n\":1e400}",
            b"{\"body\":\"A\"} trailing",
            b"{\"body\":\"A\"}}",
            b"{\"body\":\"A\"}\r",
            b"{\"nobody\":1}",
            b"{\"body\":\"\\u00e9\\n{}\"}",
            b"}",
            b"{\"body\":\"A\\",
        ];
        let summary = |data: &[u8], slow: bool| -> Vec<String> {
            let mut stream = JsonStream::new(data);
            stream.slow = slow;
            stream
                .map(crate::Pending::finish)
                .map(|r| match r {
                    Ok(c) => format!(
                        "{:?} {:?} {} {:?}",
                        c.text, c.source_record, c.line, c.metadata
                    ),
                    Err(e) => format!("{:?} {:?}", e.source_record, e.error),
                })
                .collect()
        };
        let mut rng = cablekit_testkit::Xorshift::new(11);
        let mut fast_lines = 0;
        for _ in 0..3000 {
            let mut data = Vec::new();
            for _ in 0..1 + rng.below(8) {
                let line = lines[rng.below(lines.len())];
                fast_lines += usize::from(one_object(line));
                data.extend_from_slice(line);
                data.push(b'\n');
            }
            if rng.below(4) == 0 {
                data.pop();
            }
            assert_eq!(
                summary(&data, false),
                summary(&data, true),
                "{}",
                String::from_utf8_lossy(&data)
            );
        }
        assert!(
            fast_lines > 3000,
            "{fast_lines} lines read as whole objects"
        );
    }

    /// A value on the last line, which has no line break, is on that line
    /// (it was put on the line after it).
    #[test]
    fn the_last_line_without_a_line_break() {
        let lines = |data: &str| -> Vec<u64> {
            read_all(data)
                .iter()
                .map(|r| match r {
                    Ok(c) => c.line,
                    Err(e) => e.error.line.unwrap_or(0),
                })
                .collect()
        };
        assert_eq!(lines("{\"body\":\"A\"}"), [1]);
        assert_eq!(lines("{\"body\":\"A\"}\n"), [1]);
        assert_eq!(lines("\n{\n\"body\":\"A\"}"), [2]);
        assert_eq!(lines("{\"body\":\"A\"}\n{\"body\":\n\"B\"}"), [1, 2]);
        assert_eq!(lines("{\"body\":\"A\"}\n\n{\"body\":\"B\""), [1, 3]);
        assert_eq!(lines("{\"body\":\"A\"}\n{\"body\": oops}"), [1, 2]);
    }

    /// Values after the first on a line: a broken one is an error record
    /// (it was dropped without a word, with the rest of the line), and one
    /// that the line's end cuts off goes on with the next line (it was
    /// dropped, and its next line read as a value of its own).
    #[test]
    fn later_values_on_a_line() {
        let summary = |data: &str| -> Vec<String> {
            read_all(data)
                .iter()
                .map(|r| match r {
                    Ok(c) => format!("{} {:?} {}", c.text, c.source_record, c.line),
                    Err(e) => format!(
                        "{} {:?} {:?} {}",
                        e.error.kind,
                        e.source_record,
                        e.error.line,
                        e.error.message.contains("the rest of the line is not read")
                    ),
                })
                .collect()
        };
        assert_eq!(
            summary("{\"body\":\"A\"} {\"body\": oops} {\"body\":\"C\"}\n{\"body\":\"D\"}\n"),
            [
                "A Some(1) 1",
                "invalid-json Some(2) Some(1) true",
                "D Some(3) 2"
            ]
        );
        assert_eq!(
            summary("{\"body\":\"A\"} trailing\n{\"body\":\"B\"}"),
            [
                "A Some(1) 1",
                "invalid-json Some(2) Some(1) true",
                "B Some(3) 2"
            ]
        );
        assert_eq!(
            summary("{\"body\":\"A\"} {\"body\":\n\"B\"}\n{\n\"body\":\"C\"} {\"body\":\n\"D\"}"),
            ["A Some(1) 1", "B Some(2) 1", "C Some(3) 3", "D Some(4) 4"]
        );
        // cut off by the end of the file
        assert_eq!(
            summary("{\"body\":\"A\"} {\"body\":\n"),
            ["A Some(1) 1", "truncated Some(2) Some(1) false"]
        );
    }

    #[test]
    fn arrays_and_truncation() {
        let out = read_all("[{\"body\":\"A\"},{\"nobody\":1}]");
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap_err().error.kind, "not-a-cable");
        let out = read_all("{\"body\":\"A\"}\n{\"body\": \"cut");
        assert_eq!(out[1].as_ref().unwrap_err().error.kind, "truncated");
    }
}
