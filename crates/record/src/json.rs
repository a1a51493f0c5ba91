//! Compact JSON of a record, byte for byte what `serde_json::to_writer`
//! writes, about twice as fast.
//!
//! serde_json escapes a string byte by byte and writes every key through
//! its general serializer; here the keys are literals and strings are
//! scanned sixteen bytes at a time for the bytes JSON must escape. Every
//! struct of the record has a writer generated from its field list; only
//! leaves whose JSON is a formatted string (dates, the severity's name) go
//! through serde_json. Tests compare both writers on every record of the
//! corpora.

use crate::fields::FieldSet;
use crate::{Outcome, Record};
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

    /// Append the compact JSON of the list `items`, `[a,b]`.
    fn write_list(items: &[Self], out: &mut Vec<u8>) -> serde_json::Result<()>
    where
        Self: Sized,
    {
        write_items(items, out, |out, v| v.write_json(out))
    }
}

/// Append `[a,b]`, each item written by `write`.
#[inline(always)]
fn write_items<T>(
    items: &[T],
    out: &mut Vec<u8>,
    mut write: impl FnMut(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    out.push(b'[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, v)?;
    }
    out.push(b']');
    Ok(())
}

/// Types serde_json writes (leaves whose JSON is a formatted string or a
/// name: not worth a second writer).
macro_rules! via_serde {
    ($($t:ty),* $(,)?) => {$(
        impl WriteJson for $t {
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                serde_json::to_writer(out, self)
            }
        }
    )*};
}

via_serde!(crate::Severity);

/// A date and time as chrono serialises it (RFC 3339, `Z` for UTC). The
/// dates of cables, years 1000 to 9999 in whole seconds, are written here;
/// others (fractions of a second, leap seconds) by chrono through serde_json.
impl WriteJson for chrono::DateTime<chrono::Utc> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        use chrono::Timelike;
        let t = self.naive_utc();
        let mut buf = [0u8; 22];
        if t.nanosecond() != 0 || !put_date(&mut buf, t.date()) {
            return serde_json::to_writer(out, self);
        }
        buf[11] = b'T';
        put_two(&mut buf[12..], t.hour());
        buf[14] = b':';
        put_two(&mut buf[15..], t.minute());
        buf[17] = b':';
        put_two(&mut buf[18..], t.second());
        buf[20] = b'Z';
        buf[21] = b'"';
        out.extend_from_slice(&buf);
        Ok(())
    }
}

/// A date as chrono serialises it (`YYYY-MM-DD`), years 1000 to 9999 here.
impl WriteJson for chrono::NaiveDate {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut buf = [0u8; 12];
        if !put_date(&mut buf, *self) {
            return serde_json::to_writer(out, self);
        }
        buf[11] = b'"';
        out.extend_from_slice(&buf);
        Ok(())
    }
}

/// `"YYYY-MM-DD` into `buf[..11]`; `false` (and nothing written) for a year
/// outside 1000 to 9999, which chrono writes otherwise.
fn put_date(buf: &mut [u8], d: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    let Ok(year) = u32::try_from(d.year()) else {
        return false;
    };
    if !(1000..=9999).contains(&year) {
        return false;
    }
    buf[0] = b'"';
    put_two(&mut buf[1..], year / 100);
    put_two(&mut buf[3..], year % 100);
    buf[5] = b'-';
    put_two(&mut buf[6..], d.month());
    buf[8] = b'-';
    put_two(&mut buf[9..], d.day());
    true
}

/// `v` (below 100) in two digits at the start of `buf`.
fn put_two(buf: &mut [u8], v: u32) {
    buf[0] = b'0' + (v / 10) as u8;
    buf[1] = b'0' + (v % 10) as u8;
}

/// Integers, through `itoa` as serde_json writes them.
macro_rules! integers {
    ($($t:ty),* $(,)?) => {$(
        impl WriteJson for $t {
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
                Ok(())
            }
        }
    )*};
}

integers!(u16, u32, u64, usize);

/// A struct as serde derives its JSON: `{"field":value,…}` with the fields
/// in declaration order. The fields are destructured without `..`, so a
/// field added to the struct and not listed here does not compile; the
/// order is checked by the tests that compare this writer with serde_json
/// on every record of the corpora.
macro_rules! structs {
    ($($t:ident { $first:ident $(, $field:ident)* $(,)? })*) => {$(
        impl WriteJson for crate::$t {
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                let crate::$t { $first, $($field),* } = self;
                out.extend_from_slice(concat!("{\"", stringify!($first), "\":").as_bytes());
                $first.write_json(out)?;
                $(
                    out.extend_from_slice(concat!(",\"", stringify!($field), "\":").as_bytes());
                    $field.write_json(out)?;
                )*
                out.push(b'}');
                Ok(())
            }
        }
    )*};
}

structs! {
    SourceMetadata { reference_id, created, released, classification, origin, tags, references }
    Header {
        start_of_message, channel, channel_sequence, routing, origin, security,
        operating_signals, precedence, info_precedence, dtg, dtg_text, from, to, info, xmt,
        end_validation, end_of_message,
    }
    Routing { precedence, indicators }
    Origin { station, serial, section, day_of_year, time }
    Addressee { routing_indicator, name, precedence, sequence }
    Classification { level, markings, section, of, line }
    ExecutiveOrder { order, declassify_on, instruction, text }
    ClassifiedBy { names, title, section, reasons, text }
    Reference { text, bullet, kind, id, title }
    Paragraph { number, marking, text }
    SectionMarker { layout, post, serial, part, suffix, of, time, start, end }
    Redaction { start, end, text }
    Diagnostic { kind, severity, message, start, end }
}

/// An edit, as the struct writer would write it (the fields in declaration
/// order). Most edits (the layout's line joins above all) have short texts:
/// they are written whole into a buffer on the stack, without a call per
/// piece, and copied; a list's edits share one buffer, and the escaped rule
/// and texts of the edit before, which most edits repeat.
impl WriteJson for crate::Edit {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        write_edit(out, self, &mut EditRoom::new())
    }

    fn write_list(items: &[Self], out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut room = EditRoom::new();
        write_items(items, out, |out, e| write_edit(out, e, &mut room))
    }
}

/// Where the edits of one list are written ([`write_edit`]): a buffer that
/// keeps, from one edit to the next, the escaped rule and texts of the last
/// edit written in it.
///
/// Nine in ten edits are line joins with the same rule and texts (`layout`,
/// `"\n"`, `" "`), all borrowed from the same constants: an edit whose
/// three strings are those of the edit before (the same bytes at the same
/// address: the edits are borrowed while the list is written, so equal
/// places mean equal texts) writes only its two numbers.
struct EditRoom {
    /// `{"rule":"…","start":` from byte 0, then the edit being written.
    buf: [u8; EDIT_ROOM_MAX],
    /// The bytes of `{"rule":"…","start":` at the start of `buf`.
    head: usize,
    /// `,"before":"…","after":"…"}`, in its first `tail_len` bytes.
    tail: [u8; EDIT_TAIL_MAX],
    /// See `tail`.
    tail_len: usize,
    /// Where the rule, `before` and `after` of `head` and `tail` lie (address
    /// and length); `None` before the first edit.
    of: Option<[(*const u8, usize); 3]>,
}

impl EditRoom {
    fn new() -> Self {
        EditRoom {
            buf: [0; EDIT_ROOM_MAX],
            head: 0,
            tail: [0; EDIT_TAIL_MAX],
            tail_len: 0,
            of: None,
        }
    }

    /// Escape the rule and texts of `e` into the head and the tail, unless
    /// they are those of the edit before.
    #[inline(always)]
    fn take(&mut self, e: &crate::Edit) {
        let place = |s: &str| (s.as_ptr(), s.len());
        let of = [place(&e.rule), place(&e.before), place(&e.after)];
        if self.of == Some(of) {
            return;
        }
        let mut n = put(&mut self.buf, 0, b"{\"rule\":\"");
        n = put_escaped(&mut self.buf, n, e.rule.as_bytes());
        self.head = put(&mut self.buf, n, b"\",\"start\":");
        let mut n = put(&mut self.tail, 0, b",\"before\":\"");
        n = put_escaped(&mut self.tail, n, e.before.as_bytes());
        n = put(&mut self.tail, n, b"\",\"after\":\"");
        n = put_escaped(&mut self.tail, n, e.after.as_bytes());
        self.tail_len = put(&mut self.tail, n, b"\"}");
        self.of = Some(of);
    }
}

/// Write `e`: its short texts escaped once into `room` (kept for the
/// edits after it that repeat them), its numbers after, then copied (bytes
/// stored through a slice cost less than pushes, which reload the vector's
/// length after every byte); piece by piece when its texts are long.
fn write_edit(out: &mut Vec<u8>, e: &crate::Edit, room: &mut EditRoom) -> serde_json::Result<()> {
    let crate::Edit {
        rule,
        start,
        end,
        before,
        after,
    } = e;
    if rule.len() > EDIT_RULE_MAX || before.len() >= LANES || after.len() >= LANES {
        out.extend_from_slice(b"{\"rule\":");
        write_str(out, rule);
        out.extend_from_slice(b",\"start\":");
        start.write_json(out)?;
        out.extend_from_slice(b",\"end\":");
        end.write_json(out)?;
        out.extend_from_slice(b",\"before\":");
        write_str(out, before);
        out.extend_from_slice(b",\"after\":");
        write_str(out, after);
        out.push(b'}');
        return Ok(());
    }
    room.take(e);
    let EditRoom {
        buf,
        head,
        tail,
        tail_len,
        ..
    } = room;
    let mut n = put_decimal(buf, *head, *start);
    n = put(buf, n, b",\"end\":");
    n = put_decimal(buf, n, *end);
    // the tail in fixed-size blocks (most tails are one), not a copy of
    // its exact length
    for block in tail[..tail_len.next_multiple_of(TAIL_BLOCK)].chunks_exact(TAIL_BLOCK) {
        buf[n..n + TAIL_BLOCK].copy_from_slice(block);
        n += TAIL_BLOCK;
    }
    n -= tail_len.next_multiple_of(TAIL_BLOCK) - *tail_len;
    extend_short(out, buf, n);
    Ok(())
}

/// The longest rule id an edit is written in place with (the ids are
/// kebab-case words, `smart-punctuation` the longest).
const EDIT_RULE_MAX: usize = 24;

/// The longest tail of an edit written in place (`,"before":"…","after":"…"}`:
/// 24 bytes of keys and punctuation, six bytes per byte of its texts
/// escaped, and the slack of the last fixed-size copy of [`put_escaped`]),
/// rounded up to whole [`TAIL_BLOCK`]s.
const EDIT_TAIL_MAX: usize = (24 + 6 * 2 * (LANES - 1) + 8).next_multiple_of(TAIL_BLOCK);

/// The tail of an edit is copied in blocks of this many bytes.
const TAIL_BLOCK: usize = 32;

/// Append `buf[..n]` to `out`. Most edits are shorter than [`SHORT_COPY`]
/// bytes: for them the whole block is copied and the rest cut off again,
/// a copy of a length known when compiling (a few vector moves) instead of
/// a call of `memcpy`, whose branches on the length the edits' varying
/// lengths mispredicted.
#[inline(always)]
fn extend_short(out: &mut Vec<u8>, buf: &[u8; EDIT_ROOM_MAX], n: usize) {
    if n <= SHORT_COPY {
        let len = out.len();
        out.extend_from_slice(&buf[..SHORT_COPY]);
        out.truncate(len + n);
    } else {
        out.extend_from_slice(&buf[..n]);
    }
}

/// See [`extend_short`]: a layout join's edit is about 70 bytes.
const SHORT_COPY: usize = 96;

/// The room of the longest edit written in place: the head (`{"rule":"`
/// and `","start":`, 19 bytes, six bytes per byte of its rule escaped, and
/// the slack of [`put_escaped`]), two numbers of at most 20 digits, `,"end":`
/// and the tail in whole blocks.
const EDIT_ROOM_MAX: usize = 19 + 6 * EDIT_RULE_MAX + 8 + 2 * 20 + 7 + EDIT_TAIL_MAX;

/// Write `s` at `buf[n..]`; the new end.
#[inline(always)]
fn put(buf: &mut [u8], n: usize, s: &[u8]) -> usize {
    buf[n..n + s.len()].copy_from_slice(s);
    n + s.len()
}

/// Write `b` escaped (without quotes) at `buf[n..]`, every byte through
/// [`WRITTEN`]; the new end. `buf` holds eight bytes after the last.
#[inline(always)]
fn put_escaped(buf: &mut [u8], mut n: usize, b: &[u8]) -> usize {
    for &c in b {
        let w = &WRITTEN[usize::from(c)];
        buf[n..n + 8].copy_from_slice(w);
        n += usize::from(w[7]);
    }
    n
}

/// Write `v` in decimal at `buf[n..]`, as `itoa` writes it; the new end.
#[inline(always)]
fn put_decimal(buf: &mut [u8], n: usize, v: usize) -> usize {
    put(buf, n, itoa::Buffer::new().format(v).as_bytes())
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

/// A list, `[a,b]`, as its items' type writes lists.
impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        T::write_list(self, out)
    }
}

/// Bytes tested at once for a byte to escape: sixteen is the width of one
/// vector compare on x86-64's baseline (SSE2), into which the compiler turns
/// [`needs_escape_in`].
const LANES: usize = 16;

/// Bytes of a long string tested at once before its chunks are: four
/// chunks, whose compares the compiler joins before one branch. Most blocks
/// of a cable's clean text hold no byte to escape (22% of them hold a line
/// end, a quote or a backslash, in the bench's archive); tested 16 bytes at
/// a time, the loop and its branch cost as much as the compares. On the
/// bench's 5 MB cut, the long strings took 26.4 M instructions with chunks
/// alone, 23.8 M with blocks.
const BLOCK: usize = 4 * LANES;

/// `true` when one of the bytes of `w` is a control character, `"` or `\`
/// (the bytes JSON escapes). Written without early exit, so that it
/// compiles to a few vector instructions instead of a branch per byte.
#[inline(always)]
fn needs_escape_in<const N: usize>(w: &[u8; N]) -> bool {
    w.iter()
        .fold(0u8, |any, &c| any | u8::from(needs_escape(c)))
        != 0
}

/// Write the escapes in the whole chunks of `part`, which starts at `b[at]`
/// (the bytes after the last whole chunk are left to the caller).
#[inline(always)]
fn escape_chunks(out: &mut Vec<u8>, b: &[u8], at: usize, part: &[u8], run: &mut usize) {
    let (chunks, _) = part.as_chunks::<LANES>();
    for (k, w) in chunks.iter().enumerate() {
        if needs_escape_in(w) {
            let from = at + k * LANES;
            escape_in(out, b, from, from + LANES, run);
        }
    }
}

fn needs_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// What each byte becomes in a JSON string, as serde_json writes it: bytes
/// `0..=6` of an entry hold the bytes to write (the byte itself, or its
/// escape), byte 7 their count. One load and a fixed-size copy per byte,
/// without a branch.
static WRITTEN: [[u8; 8]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut t = [[0u8; 8]; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let (bytes, len): ([u8; 6], u8) = match b {
            b'"' => ([b'\\', b'"', 0, 0, 0, 0], 2),
            b'\\' => ([b'\\', b'\\', 0, 0, 0, 0], 2),
            b'\n' => ([b'\\', b'n', 0, 0, 0, 0], 2),
            b'\t' => ([b'\\', b't', 0, 0, 0, 0], 2),
            b'\r' => ([b'\\', b'r', 0, 0, 0, 0], 2),
            0x08 => ([b'\\', b'b', 0, 0, 0, 0], 2),
            0x0c => ([b'\\', b'f', 0, 0, 0, 0], 2),
            0..0x20 => ([b'\\', b'u', b'0', b'0', HEX[c >> 4], HEX[c & 15]], 6),
            _ => ([b, 0, 0, 0, 0, 0], 1),
        };
        let mut i = 0;
        while i < 6 {
            t[c][i] = bytes[i];
            i += 1;
        }
        t[c][7] = len;
        c += 1;
    }
    t
};

/// Append `s` as a JSON string: quoted, with the escapes serde_json writes.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if b.len() < LANES {
        write_short(out, b);
        return;
    }
    out.reserve(b.len() + 2);
    out.push(b'"');
    // `b[run..]` is not written yet; blocks, then chunks, without a byte to
    // escape are skipped whole
    let mut run = 0;
    let (blocks, rest) = b.as_chunks::<BLOCK>();
    for (k, block) in blocks.iter().enumerate() {
        if needs_escape_in(block) {
            escape_chunks(out, b, k * BLOCK, block, &mut run);
        }
    }
    escape_chunks(out, b, blocks.len() * BLOCK, rest, &mut run);
    let tail = b.len() % LANES;
    // the tail is tested as the last (overlapping) chunk of the string
    let last = b.last_chunk::<LANES>().expect("at least a chunk");
    if tail > 0 && needs_escape_in(last) {
        escape_in(out, b, b.len() - tail, b.len(), &mut run);
    }
    if run < b.len() {
        out.extend_from_slice(&b[run..]);
    }
    out.push(b'"');
}

/// [`write_str`] of a string shorter than a chunk (most of an edit's
/// strings): every byte through [`WRITTEN`] into a buffer on the stack, then
/// one copy. (Growing `out` and writing into it directly was slower: the
/// zeroing costs more than the copy.)
fn write_short(out: &mut Vec<u8>, b: &[u8]) {
    debug_assert!(b.len() < LANES);
    // quotes, at most six bytes per input byte, and the slack of the last
    // fixed-size copy
    let mut buf = [0u8; 6 * LANES + 8];
    buf[0] = b'"';
    let n = put_escaped(&mut buf, 1, b);
    buf[n] = b'"';
    out.extend_from_slice(&buf[..=n]);
}

/// Write the escapes of `b[from..to]`, each after the unwritten run before
/// it; `run` moves past each escaped byte. `to - from` is at most
/// [`LANES`] and `b` holds a whole chunk before `to`: only the bytes to
/// escape are visited, found in one mask of the chunk.
fn escape_in(out: &mut Vec<u8>, b: &[u8], from: usize, to: usize, run: &mut usize) {
    let chunk = b[to - LANES..to].first_chunk::<LANES>().expect("a chunk");
    let mut mask = escape_mask(chunk) >> (LANES - (to - from));
    while mask != 0 {
        let i = from + mask.trailing_zeros() as usize;
        mask &= mask - 1;
        let w = &WRITTEN[usize::from(b[i])];
        if *run < i {
            out.extend_from_slice(&b[*run..i]);
        }
        // all eight bytes, the escape's own kept: a copy of a length known
        // when compiling, not a call of `memcpy`
        let len = out.len();
        out.extend_from_slice(w);
        out.truncate(len + usize::from(w[7]));
        *run = i + 1;
    }
}

/// Bit `i` set when `w[i]` is a byte JSON escapes.
#[inline(always)]
fn escape_mask(w: &[u8; LANES]) -> u32 {
    let (lo, hi) = w.split_at(LANES / 2);
    let word = |h: &[u8]| u64::from_le_bytes(h.try_into().expect("eight bytes"));
    escape_bits(word(lo)) | escape_bits(word(hi)) << (LANES / 2)
}

/// Bit `i` set when byte `i` of `x` (little-endian) is a byte JSON escapes:
/// the test of [`needs_escape`] on all eight bytes at once, in plain integer
/// operations (no byte's sum carries into the next). Written as a fold of
/// [`needs_escape`] bit by bit, the compiler's vector code made
/// `escape_in` cost 5.0 M instructions on the bench's 5 MB cut; this 3.9 M.
#[inline(always)]
fn escape_bits(x: u64) -> u32 {
    const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);
    const EACH: u64 = u64::from_le_bytes([1; 8]);
    // the top bit of each byte of `nonzero(v)`: set when that byte of `v`
    // is not zero; of `at_least_space`: when that byte of `x` is 0x20 or more
    let nonzero = |v: u64| ((v & LOW7) + LOW7) | v;
    let at_least_space = ((x & LOW7) + (EACH * (0x80 - 0x20))) | x;
    let plain = at_least_space
        & nonzero(x ^ (EACH * u64::from(b'"')))
        & nonzero(x ^ (EACH * u64::from(b'\\')));
    // the top bits, gathered into the top byte (each to its own bit: the
    // products do not overlap)
    let flags = (!plain >> 7) & EACH;
    (flags.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `v` written by its [`WriteJson`] is what serde_json writes.
    fn written_as_serde<T: WriteJson + serde::Serialize + std::fmt::Debug>(v: &T) {
        let mut fast = Vec::new();
        v.write_json(&mut fast).unwrap();
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            serde_json::to_string(v).unwrap(),
            "{v:?}"
        );
    }

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
    /// [`LANES`] bytes and in the tail, is written as serde_json writes it;
    /// and the escapes at every position of a string of blocks.
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
        // every length up to two blocks, a chunk and a byte, an escape at
        // every position (in a block, in the chunks after the blocks, in the
        // tail)
        for len in 1..=2 * BLOCK + LANES + 1 {
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

    /// An edit is written as serde_json writes it, in place and piece by
    /// piece: texts around the chunk width, rules up to and past the longest
    /// written in place, escapes in every field, numbers of every width.
    #[test]
    fn edits_are_written_like_serde_json() {
        let texts = [
            String::new(),
            "\n".to_owned(),
            " ".to_owned(),
            "\"\\\u{1}\u{1f}\t".to_owned(),
            "¶12.".to_owned(),
            "a".repeat(LANES - 1),
            "\u{1f}".repeat(LANES - 1),
            "a".repeat(LANES),
            "é".repeat(LANES),
            "b".repeat(3 * LANES + 1),
        ];
        let rules = [
            "layout".to_owned(),
            "smart-punctuation".to_owned(),
            "r".repeat(EDIT_RULE_MAX),
            "r".repeat(EDIT_RULE_MAX + 1),
            "\"\u{0}".repeat(EDIT_RULE_MAX / 2),
        ];
        let numbers = [0, 7, 9, 10, 99, 100, 123_456, usize::MAX / 10, usize::MAX];
        let mut all = Vec::new();
        for rule in &rules {
            for before in &texts {
                for after in &texts {
                    for (start, end) in numbers.iter().zip(numbers.iter().rev()) {
                        let e = crate::Edit {
                            rule: rule.clone().into(),
                            start: *start,
                            end: *end,
                            before: crate::Edit::text(before),
                            after: after.clone().into(),
                        };
                        written_as_serde(&e);
                        all.push(e);
                    }
                }
            }
        }
        // lists, which share one buffer: short edits after long ones and
        // the other way round, from every offset
        for from in 0..12 {
            for len in [0, 1, 2, 3, 7, 40, all.len()] {
                let list: Vec<crate::Edit> = all.iter().skip(from).take(len).cloned().collect();
                written_as_serde(&list);
            }
        }
    }

    /// A list's edits that repeat the rule and texts of the edit before
    /// reuse their escaped form, and only those: texts borrowed from one
    /// constant at the same address with other lengths, equal texts at
    /// other addresses, long edits in between, every order.
    #[test]
    fn edits_repeating_the_one_before_are_written_like_serde_json() {
        const ALL: &str = " \n\n\"\\\u{1}layout-x";
        let texts: Vec<Cow<'static, str>> = vec![
            Cow::Borrowed(&ALL[..1]),
            Cow::Borrowed(&ALL[..2]),
            Cow::Borrowed(&ALL[..3]),
            Cow::Borrowed(&ALL[1..2]),
            Cow::Borrowed(&ALL[3..6]),
            Cow::Owned(" ".to_owned()),
            Cow::Owned("\n".to_owned()),
            Cow::Borrowed(""),
            Cow::Owned("x".repeat(LANES)),
        ];
        let rules: Vec<Cow<'static, str>> = vec![
            Cow::Borrowed(&ALL[6..12]),
            Cow::Borrowed(&ALL[6..14]),
            Cow::Borrowed("layout"),
            Cow::Owned("layout".to_owned()),
        ];
        // runs of the same edit shape, and every change of one of its three
        // strings
        let mut rng = cablekit_testkit::Xorshift::new(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..200 {
            let mut list: Vec<crate::Edit> = Vec::new();
            let (mut r, mut b, mut a) = (0, 0, 0);
            for i in 0..next(40) {
                match next(6) {
                    0 => r = next(rules.len()),
                    1 => b = next(texts.len()),
                    2 => a = next(texts.len()),
                    _ => {}
                }
                list.push(crate::Edit {
                    rule: rules[r].clone(),
                    start: i * 97,
                    end: i * 97 + next(3),
                    before: texts[b].clone(),
                    after: texts[a].clone(),
                });
            }
            written_as_serde(&list);
        }
    }

    /// Dates and times are written as chrono serialises them: every year
    /// near the written range's ends, every month and day, times with and
    /// without fractions of a second, a leap second.
    #[test]
    fn dates_are_written_like_serde_json() {
        use chrono::{NaiveDate, TimeZone, Utc};
        let years = [
            -1, 0, 1, 999, 1000, 1001, 1966, 1999, 2000, 2010, 9999, 10000, 262_000,
        ];
        for year in years {
            for month in 1..=12 {
                for day in [1, 9, 10, 28, 29, 30, 31] {
                    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                        continue;
                    };
                    written_as_serde(&date);
                    for (h, m, s, nano) in [
                        (0, 0, 0, 0),
                        (9, 5, 7, 0),
                        (23, 59, 59, 0),
                        (12, 30, 0, 1),
                        (12, 30, 0, 120_000_000),
                        (23, 59, 59, 1_500_000_000),
                    ] {
                        let t = Utc.from_utc_datetime(
                            &date.and_hms_nano_opt(h, m, s, nano).expect("a time"),
                        );
                        written_as_serde(&t);
                    }
                }
            }
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
