//! Compact JSON of a record, byte for byte what `serde_json::to_writer`
//! writes, about twice as fast on the three large fields (`text`,
//! `paragraphs`, `edits`: nine tenths of a record's bytes).
//!
//! serde_json escapes a string byte by byte and writes every key through
//! its general serializer; here the keys are literals and strings are
//! scanned eight bytes at a time for the bytes JSON must escape. Fields
//! whose types are small or rare are written by serde_json itself, so only
//! the hot types have a second writer; tests compare both writers on every
//! record of the corpora.

use crate::fields::FieldSet;
use crate::{Edit, Outcome, Paragraph, Record};
use std::borrow::Cow;

/// Append the compact JSON of `outcome` to `out`: a cable record with the
/// fields of `fields`, or an error record whole.
pub fn write_outcome(
    out: &mut Vec<u8>,
    outcome: &Outcome,
    fields: FieldSet,
) -> serde_json::Result<()> {
    match outcome {
        Outcome::Cable(record) => write_record(out, record, fields),
        Outcome::Error(e) => serde_json::to_writer(out, e),
    }
}

/// Append the compact JSON of `record`, with the fields of `fields` in the
/// order of [`crate::RECORD_FIELDS`], to `out`.
pub fn write_record(
    out: &mut Vec<u8>,
    record: &Record,
    fields: FieldSet,
) -> serde_json::Result<()> {
    out.push(b'{');
    crate::fields::write_fields(out, record, fields)?;
    out.push(b'}');
    Ok(())
}

/// A value the fast writer writes: strings, numbers and the large lists
/// natively, everything else through serde_json.
pub(crate) trait WriteJson {
    /// Append the compact JSON of `self` to `out`.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// Types serde_json writes (small, rare or nested: not worth a second
/// writer).
macro_rules! via_serde {
    ($($t:ty),* $(,)?) => {$(
        impl WriteJson for $t {
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                serde_json::to_writer(out, self)
            }
        }
    )*};
}

via_serde!(
    Option<crate::SourceMetadata>,
    Option<chrono::DateTime<chrono::Utc>>,
    crate::Header,
    crate::Classification,
    Option<crate::ExecutiveOrder>,
    Option<crate::ClassifiedBy>,
    Vec<crate::Reference>,
    Vec<crate::SectionMarker>,
    Vec<crate::Redaction>,
    Vec<crate::Diagnostic>,
);

impl WriteJson for u32 {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
        Ok(())
    }
}

impl WriteJson for u64 {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
        Ok(())
    }
}

impl WriteJson for usize {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
        Ok(())
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_str(out, self);
        Ok(())
    }
}

impl WriteJson for Cow<'static, str> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_str(out, self);
        Ok(())
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Some(v) => v.write_json(out),
            None => {
                out.extend_from_slice(b"null");
                Ok(())
            }
        }
    }
}

/// A list, `[a,b]`.
fn write_list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut item: impl FnMut(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    out.push(b'[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, v)?;
    }
    out.push(b']');
    Ok(())
}

impl WriteJson for Vec<String> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_list(out, self, |out, s| s.write_json(out))
    }
}

impl WriteJson for Vec<Paragraph> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_list(out, self, |out, p| {
            // the fields in the struct's order, as serde derives them
            let Paragraph {
                number,
                marking,
                text,
            } = p;
            out.extend_from_slice(b"{\"number\":");
            number.write_json(out)?;
            out.extend_from_slice(b",\"marking\":");
            marking.write_json(out)?;
            out.extend_from_slice(b",\"text\":");
            text.write_json(out)?;
            out.push(b'}');
            Ok(())
        })
    }
}

impl WriteJson for Vec<Edit> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_list(out, self, |out, e| {
            let Edit {
                rule,
                start,
                end,
                before,
                after,
            } = e;
            out.extend_from_slice(b"{\"rule\":");
            rule.write_json(out)?;
            out.extend_from_slice(b",\"start\":");
            start.write_json(out)?;
            out.extend_from_slice(b",\"end\":");
            end.write_json(out)?;
            out.extend_from_slice(b",\"before\":");
            before.write_json(out)?;
            out.extend_from_slice(b",\"after\":");
            after.write_json(out)?;
            out.push(b'}');
            Ok(())
        })
    }
}

/// Bytes tested at once for a byte to escape: sixteen is the width of one
/// vector compare on x86-64's baseline (SSE2), into which the compiler turns
/// [`chunk_needs_escape`].
const LANES: usize = 16;

/// `true` when one of the bytes of `w` is a control character, `"` or `\`
/// (the bytes JSON escapes). Written without early exit, so that it
/// compiles to a few vector instructions instead of sixteen branches.
fn chunk_needs_escape(w: &[u8; LANES]) -> bool {
    w.iter()
        .fold(0u8, |any, &c| any | u8::from(needs_escape(c)))
        != 0
}

fn needs_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// [`needs_escape`] of every byte, for the byte-by-byte loop over short
/// strings and tails: one load instead of three compares.
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = c < 0x20 || c == b'"' as usize || c == b'\\' as usize;
        c += 1;
    }
    t
};

/// Append the escape of `c` as serde_json writes it.
fn write_escape(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\t' => out.extend_from_slice(b"\\t"),
        b'\r' => out.extend_from_slice(b"\\r"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(c >> 4)],
            HEX[usize::from(c & 15)],
        ]),
    }
}

/// Append `s` as a JSON string: quoted, with the escapes serde_json writes.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    // `b[run..]` is not written yet; chunks without a byte to escape are
    // skipped whole
    let mut run = 0;
    let (chunks, tail) = b.as_chunks::<LANES>();
    for (k, w) in chunks.iter().enumerate() {
        if chunk_needs_escape(w) {
            escape_in(out, b, k * LANES, (k + 1) * LANES, &mut run);
        }
    }
    escape_in(out, b, b.len() - tail.len(), b.len(), &mut run);
    if run < b.len() {
        out.extend_from_slice(&b[run..]);
    }
    out.push(b'"');
}

/// Write the escapes of `b[from..to]`, each after the unwritten run before
/// it; `run` moves past each escaped byte.
fn escape_in(out: &mut Vec<u8>, b: &[u8], from: usize, to: usize, run: &mut usize) {
    for (i, &c) in b[from..to].iter().enumerate() {
        if ESCAPED[usize::from(c)] {
            if *run < from + i {
                out.extend_from_slice(&b[*run..from + i]);
            }
            write_escape(out, c);
            *run = from + i + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(s: &str) {
        let mut fast = Vec::new();
        write_str(&mut fast, s);
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            serde_json::to_string(s).unwrap(),
            "{s:?}"
        );
    }

    /// Every byte value JSON may hold, at every position of a chunk of
    /// [`LANES`] bytes and in the tail, is written as serde_json writes it.
    #[test]
    fn strings_are_escaped_like_serde_json() {
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['é', '\u{2028}', '¶', '\u{7f}', 'Ж'])
        {
            for pad in 0..LANES + 2 {
                let s = format!("{}{c}{}", "a".repeat(pad), "b".repeat(LANES + 1 - pad));
                same_as_serde(&s);
                same_as_serde(&format!("{c}{c}"));
            }
        }
        // every length up to two chunks and a byte, an escape at every
        // position
        for len in 1..=2 * LANES + 1 {
            for at in 0..len {
                for c in ['\n', '"', '\\', '\u{1f}'] {
                    let mut s = "a".repeat(len - 1);
                    s.insert(at, c);
                    same_as_serde(&s);
                }
            }
            same_as_serde(&"a".repeat(len));
        }
        for s in [
            "",
            "\"",
            "\\\\",
            "a\nb\tc\r\u{8}\u{c}\u{1}\u{1f}",
            "Kosovo's \"TIP\" report",
        ] {
            same_as_serde(s);
        }
    }

    /// Random strings of the bytes that matter, next to each other.
    #[test]
    fn random_strings_are_escaped_like_serde_json() {
        let alphabet = [
            'a', ' ', '\n', '"', '\\', '\u{0}', '\u{1f}', '\u{20}', '~', '¶', '\u{7f}',
        ];
        let mut x: u64 = 0x2008_0312_1616_0000;
        for _ in 0..5000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for _ in 0..(x % 40) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            same_as_serde(&s);
        }
    }
}
