//! The text family: plain text, PDF-text extractions, alx/cablegate text
//! conversions, one-body-per-line dumps, History Lab annotated files.

use crate::decode::{self, Decoded, error};
use crate::{CableInput, Form, ReadError, ReadResult};
use cablekit_record::{InputError, SourceMetadata};
use std::io::BufRead;

/// One cable: the whole decoded text (plain text, PDF text).
pub(crate) fn read_whole(text: String, form: Form, decoded: Decoded) -> CableInput {
    let mut input = CableInput::new(text, form);
    input.diagnostics.extend(decoded.note());
    input
}

/// An alx/cablegate conversion: five metadata lines (reference id, subject,
/// Ruby date, classification, origin), then the cable text.
pub(crate) fn read_alx(text: String, decoded: Decoded) -> Result<CableInput, InputError> {
    let mut offsets = Vec::with_capacity(5);
    let mut pos = 0;
    for _ in 0..5 {
        match text[pos..].find('\n') {
            Some(nl) => {
                offsets.push((pos, pos + nl));
                pos += nl + 1;
            }
            None => {
                return Err(error(
                    "not-a-cable",
                    "an alx-style text conversion has five metadata lines before the cable text; \
                     this input has fewer",
                    None,
                ));
            }
        }
    }
    let field = |i: usize| {
        let (a, b) = offsets[i];
        let v = text[a..b].trim();
        (!v.is_empty()).then(|| v.to_owned())
    };
    let metadata = SourceMetadata {
        reference_id: field(0),
        created: field(2),
        classification: field(3),
        origin: field(4),
        ..SourceMetadata::default()
    };
    let body = text[pos..].to_owned();
    if body.trim().is_empty() {
        return Err(error(
            "empty",
            "the alx-style conversion has metadata lines but no cable text",
            Some(6),
        ));
    }
    let mut input = CableInput::new(body, Form::AlxText);
    input.line = 6;
    input.metadata = Some(metadata);
    input.diagnostics.extend(decoded.note());
    Ok(input)
}

/// A History Lab annotated file: an entity list, a `@@@` line, then the
/// cable body with `[[MENTION || n]]` annotations, then `*** … ***` lines.
/// The annotations are resolved to their mention text (the normalizer does
/// not know this markup); the entity list and the trailer are dropped.
pub(crate) fn read_historylab(text: &str, decoded: Decoded) -> Result<CableInput, InputError> {
    let mut start = None;
    let mut pos = 0;
    let mut line_no = 1u64;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        line_no += 1;
        if line.trim() == "@@@" {
            start = Some((pos, line_no));
            break;
        }
    }
    let Some((start, line)) = start else {
        return Err(error(
            "not-a-cable",
            "History Lab annotated file without its `@@@` separator line",
            None,
        ));
    };
    let mut body = &text[start..];
    // Drop the `*** Current Classification *** …` trailer.
    while let Some(last) = body.trim_end().rsplit('\n').next() {
        if last.trim_start().starts_with("***") {
            let cut = body.trim_end().len() - last.len();
            body = &body[..cut];
        } else {
            break;
        }
    }
    let resolved = resolve_annotations(body);
    if resolved.trim().is_empty() {
        return Err(error(
            "empty",
            "the History Lab file has no text after `@@@`",
            Some(line),
        ));
    }
    let mut input = CableInput::new(resolved, Form::HistoryLab);
    input.line = line;
    input.diagnostics.extend(decoded.note());
    Ok(input)
}

/// `[[ [[US || 8]] CINC [[ SO || 10]] ||  9]]` → `US CINC SO`.
fn resolve_annotations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[[") {
            stack.push(out.len());
            rest = r;
        } else if !stack.is_empty() && rest.starts_with("||") {
            // Skip the entity number up to `]]`.
            match rest.find("]]") {
                Some(end) => {
                    rest = &rest[end + 2..];
                    if let Some(open) = stack.pop() {
                        let mention = out[open..].trim().to_owned();
                        out.truncate(open);
                        out.push_str(&mention);
                    }
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            out.push(ch);
            rest = &rest[ch.len_utf8()..];
        }
    }
    out
}

/// One line of a one-body-per-line dump, found but not yet decoded (the
/// binary test and the decoding are left to a batch's workers).
pub(crate) struct BodyLine {
    /// The line without its line break.
    bytes: Vec<u8>,
    record: u64,
    line: u64,
}

impl BodyLine {
    /// Decode the line into its cable.
    pub(crate) fn finish(self) -> ReadResult {
        if let Some(reason) = decode::binary_reason(&self.bytes) {
            return Err(ReadError {
                source_record: Some(self.record),
                error: error("binary", reason, Some(self.line)),
            });
        }
        let (text, decoded) = decode::decode_owned(self.bytes);
        let mut input = CableInput::new(text, Form::BodyLines);
        input.source_record = Some(self.record);
        input.line = self.line;
        input.diagnostics.extend(decoded.note());
        Ok(input)
    }
}

/// One cable per non-empty line (a one-body-per-line dump), streamed.
pub(crate) struct BodyLines<R> {
    reader: R,
    line: u64,
    record: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> BodyLines<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            line: 0,
            record: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for BodyLines<R> {
    type Item = crate::Pending;

    fn next(&mut self) -> Option<crate::Pending> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
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
            }
            self.line += 1;
            let bom = if self.line == 1 {
                self.buf.len() - decode::strip_utf8_bom(&self.buf).len()
            } else {
                0
            };
            let mut end = self.buf.len();
            while end > bom && matches!(self.buf[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            if self.buf[bom..end].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.record += 1;
            // the line's buffer goes with it; the next is made as large
            let room = self.buf.len() + self.buf.len() / 4;
            let mut bytes = std::mem::replace(&mut self.buf, Vec::with_capacity(room));
            bytes.truncate(end);
            bytes.drain(..bom);
            return Some(crate::Pending(crate::PendingKind::BodyLine(BodyLine {
                bytes,
                record: self.record,
                line: self.line,
            })));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_resolve_nested() {
        assert_eq!(
            resolve_annotations("[[ [[US || 8]] CINC [[ SO || 10]] ||  9]] FOR [[POLAD || 11 ]]"),
            "US CINC SO FOR POLAD"
        );
        assert_eq!(
            resolve_annotations("[[[[BOLIVIAN || 2 ]] JUDICIARY || 4]] PROCESSES"),
            "BOLIVIAN JUDICIARY PROCESSES"
        );
        // Unbalanced markup is kept as written.
        assert_eq!(resolve_annotations("A ]] B || C"), "A ]] B || C");
    }

    #[test]
    fn alx_metadata() {
        let text = "02ADANA386\nSOUTHEAST TURKEY PRESS SUMMARY\nWed Nov 20 00:00:00 +0100 2002\nUNCLASSIFIED\nConsulate Adana\nThis record is a partial extract.UNCLAS SECTION 01 OF 02 ADANA 0386 \n";
        let input = read_alx(text.to_owned(), Decoded::Utf8).unwrap();
        let m = input.metadata.unwrap();
        assert_eq!(m.reference_id.as_deref(), Some("02ADANA386"));
        assert_eq!(m.classification.as_deref(), Some("UNCLASSIFIED"));
        assert_eq!(m.origin.as_deref(), Some("Consulate Adana"));
        assert_eq!(input.line, 6);
        assert!(input.text.starts_with("This record"));
    }

    #[test]
    fn body_lines_one_record_per_line() {
        let data = b"UNCLAS A 1  TAGS:  PREL\n\n\r\nS E C R E T B 2  E.O.\r\n";
        let out: Vec<_> = BodyLines::new(&data[..])
            .map(crate::Pending::finish)
            .collect();
        assert_eq!(out.len(), 2);
        let second = out[1].as_ref().unwrap();
        assert_eq!(second.text, "S E C R E T B 2  E.O.");
        assert_eq!(second.line, 4);
        assert_eq!(second.source_record, Some(2));

        // a byte-order mark before the first line, a binary line and a
        // Windows-1252 one among them: each line is decoded (on a worker)
        // as it was when the reading thread decoded it
        let data = b"\xEF\xBB\xBFUNCLAS A 1\r\nB\x00\x01 2\nCAF\xC9 3\n  \n";
        let out: Vec<_> = BodyLines::new(&data[..])
            .map(crate::Pending::finish)
            .collect();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().text, "UNCLAS A 1");
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(
            (e.error.kind.as_str(), e.error.line, e.source_record),
            ("binary", Some(2), Some(2))
        );
        let third = out[2].as_ref().unwrap();
        assert_eq!((third.text.as_str(), third.line), ("CAF\u{c9} 3", 3));
        assert_eq!(third.diagnostics.len(), 1);
    }
}
