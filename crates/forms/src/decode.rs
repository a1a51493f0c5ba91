//! Bytes to UTF-8 text: BOMs, UTF-8, UTF-16 (with BOM), Windows-1252 /
//! Latin-1; and the checks that tell text from binary.

use cablekit_record::{Diagnostic, InputError};
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How the text of an input was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoded {
    /// Valid UTF-8 (a BOM, if any, was stripped).
    Utf8,
    /// UTF-16 with a byte-order mark.
    Utf16,
    /// Not UTF-8: decoded as Windows-1252 (a superset of Latin-1's printable range).
    Windows1252,
}

impl Decoded {
    /// A note for the record when the decoding is worth knowing.
    pub(crate) fn note(self) -> Option<Diagnostic> {
        match self {
            Decoded::Utf8 => None,
            Decoded::Utf16 => Some(Diagnostic::note(
                "decoded-utf-16",
                "the input was UTF-16 (with a byte-order mark) and was decoded to UTF-8",
                0,
                0,
            )),
            Decoded::Windows1252 => Some(Diagnostic::note(
                "decoded-windows-1252",
                "the input was not UTF-8: its non-UTF-8 bytes were decoded as Windows-1252 (Latin-1)",
                0,
                0,
            )),
        }
    }
}

/// An [`InputError`] of `kind` with `message`.
pub(crate) fn error(kind: &str, message: impl Into<String>, line: Option<u64>) -> InputError {
    InputError {
        kind: kind.to_owned(),
        message: message.into(),
        line,
    }
}

/// `true` when the bytes hold nothing but whitespace (or nothing at all).
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    let bytes = strip_utf8_bom(bytes);
    bytes.iter().all(|b| b.is_ascii_whitespace())
}

/// The bytes without a leading UTF-8 byte-order mark.
pub(crate) fn strip_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

/// Why these bytes are not text, if they are not: NUL bytes or many control
/// characters. UTF-16 with a BOM is text.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some(what) = archive_kind(bytes) {
        return Some(format!(
            "{what}, not a cable file: unpack it and give cablekit the files inside"
        ));
    }
    if has_utf16_bom(bytes) {
        return None;
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Some(format!(
            "binary data: NUL byte at offset {pos} (not a text file)"
        ));
    }
    // Control characters: the first 8 KiB tell (as git's heuristic does).
    let head = &bytes[..bytes.len().min(8 * 1024)];
    // counted in byte-sized sums of 64 bytes, which the compiler turns
    // into vector compares
    let controls: usize = head
        .chunks(64)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(is_control(b)))))
        .sum();
    if controls > 8 && controls * 100 > head.len() {
        return Some(format!(
            "binary data: {controls} control bytes in the first {} bytes (not a text file)",
            head.len()
        ));
    }
    None
}

/// A control byte text does not hold: 0x01–0x08, 0x0E–0x1A, 0x1C–0x1F
/// and 0x7F. Written as comparisons without branches, so that counting
/// them over 8 KiB, for every input, is vectorised.
#[inline]
fn is_control(b: u8) -> bool {
    (b.wrapping_sub(0x01) < 8)
        | (b.wrapping_sub(0x0E) < 13)
        | (b.wrapping_sub(0x1C) < 4)
        | (b == 0x7F)
}

/// `true` for gzip data (which the readers decompress).
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1F, 0x8B, 0x08])
}

/// Archives and compressed files the readers do not open, by magic number.
pub(crate) fn archive_kind(bytes: &[u8]) -> Option<&'static str> {
    let is_bzip2 = bytes.len() >= 10
        && bytes.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&bytes[3])
        && &bytes[4..10] == b"1AY&SY";
    Some(
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            "a zip archive"
        } else if bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
            "a 7-Zip archive"
        } else if bytes.starts_with(b"Rar!\x1A\x07") {
            "a RAR archive"
        } else if bytes.starts_with(b"\xFD7zXZ\x00") {
            "an xz-compressed file"
        } else if bytes.starts_with(b"\x28\xB5\x2F\xFD") {
            "a zstd-compressed file"
        } else if is_bzip2 {
            "a bzip2-compressed file"
        } else if bytes.get(257..262) == Some(b"ustar") {
            "a tar archive"
        } else {
            return None;
        },
    )
}

/// Decode a whole input to UTF-8: strip a BOM, accept UTF-8, UTF-16 with a
/// BOM, and otherwise Windows-1252 when the bytes look like 8-bit text.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Decoded), InputError> {
    if bytes.is_empty() || is_blank(bytes) {
        return Err(error("empty", "the input is empty", None));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, false);
    }
    if let Some(reason) = binary_reason(bytes) {
        return Err(error("binary", reason, None));
    }
    let body = strip_utf8_bom(bytes);
    if let Some(s) = utf8(body) {
        return Ok((s.to_owned(), Decoded::Utf8));
    }
    // where the first byte that is not UTF-8 lies
    let valid = std::str::from_utf8(body).map_or_else(|e| e.valid_up_to(), |_| body.len());
    let high = body.iter().filter(|&&b| b >= 0x80).count();
    if high * 10 > body.len() * 3 {
        let line = line_of(body, valid);
        return Err(error(
            "undecodable",
            format!(
                "not UTF-8 (invalid byte at offset {valid}, line {line}) and too many \
                 non-ASCII bytes ({high} of {}) to be Windows-1252 text",
                body.len()
            ),
            Some(line),
        ));
    }
    Ok((decode_1252(body), Decoded::Windows1252))
}

/// Decode one field or line: UTF-8 when valid, else Windows-1252. Never fails.
pub(crate) fn decode_lossless(bytes: &[u8]) -> (String, Decoded) {
    let (text, decoded) = decode_borrowed(bytes);
    (text.into_owned(), decoded)
}

/// Like [`decode_lossless`], borrowed when UTF-8 (no copy).
pub(crate) fn decode_borrowed(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Decoded) {
    match utf8(bytes) {
        Some(s) => (s.into(), Decoded::Utf8),
        None => (decode_1252(bytes).into(), Decoded::Windows1252),
    }
}

/// `bytes` as text when they are UTF-8: the same answer as
/// `std::str::from_utf8`, checked with `simdutf8`'s vector code in about a
/// third of the instructions on the mostly ASCII text of cables. Where the
/// bytes are not UTF-8 the standard library's error tells where.
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Like [`decode_lossless`] for an owned buffer (no copy when UTF-8).
pub(crate) fn decode_owned(bytes: Vec<u8>) -> (String, Decoded) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, Decoded::Utf8),
        Err(e) => (decode_1252(e.as_bytes()), Decoded::Windows1252),
    }
}

/// Valid UTF-8 runs as UTF-8, every other byte as Windows-1252: a pure
/// Windows-1252 file decodes as Windows-1252, and a file that mixes UTF-8
/// with Windows-1252 (concatenated dumps) keeps both right.
fn decode_1252(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // `valid_up_to` is a char boundary of valid UTF-8.
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len()).max(1).min(after.len());
                out.push_str(&WINDOWS_1252.decode_without_bom_handling(&after[..bad]).0);
                rest = &after[bad..];
            }
        }
    }
    out
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> Result<(String, Decoded), InputError> {
    let encoding = if little_endian { UTF_16LE } else { UTF_16BE };
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) if !s.trim().is_empty() => Ok((s.into_owned(), Decoded::Utf16)),
        Some(_) => Err(error("empty", "the input is empty", None)),
        None => Err(error(
            "undecodable",
            "starts with a UTF-16 byte-order mark but is not valid UTF-16",
            None,
        )),
    }
}

/// 1-based line number of byte offset `pos` in `bytes`.
pub(crate) fn line_of(bytes: &[u8], pos: usize) -> u64 {
    let end = pos.min(bytes.len());
    memchr::memchr_iter(b'\n', &bytes[..end]).count() as u64 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The comparisons of [`is_control`] are the ranges, over every byte.
    #[test]
    fn control_bytes_are_the_ranges() {
        for b in 0..=u8::MAX {
            assert_eq!(
                is_control(b),
                matches!(b, 0x01..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F),
                "{b:#04x}"
            );
        }
    }

    /// [`utf8`] answers as `std::str::from_utf8` does: every sequence that
    /// is UTF-8 or nearly (overlong, surrogate, past U+10FFFF, cut short,
    /// stray continuation bytes) at every offset of a vector's width and
    /// across one, and the files of the shared corpus.
    #[test]
    fn utf8_is_the_standard_answer() {
        let pieces: [&[u8]; 14] = [
            b"a",
            b"\xC2\xB6",
            b"\xE2\x80\x99",
            b"\xF0\x9F\x98\x80",
            b"\xF4\x8F\xBF\xBF",
            b"\xC0\xAF",
            b"\xE0\x80\xAF",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\xF5\x80\x80\x80",
            b"\xE2\x80",
            b"\x80",
            b"\xFF",
            b"\x92",
        ];
        for pad in 0..70 {
            for p in pieces {
                for q in pieces {
                    let mut s = vec![b'x'; pad];
                    s.extend_from_slice(p);
                    s.extend_from_slice(&b"y".repeat(pad % 7));
                    s.extend_from_slice(q);
                    assert_eq!(utf8(&s), std::str::from_utf8(&s).ok(), "{s:?}");
                }
            }
        }
        let Some(shared) = cablekit_testkit::shared("UTF-8 checks of real files") else {
            return;
        };
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            let bytes = std::fs::read(&f).expect("a readable corpus file");
            assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes).ok(), "{f:?}");
        }
    }

    #[test]
    fn windows_1252_is_decoded() {
        // A pilcrow and a right single quote as a Windows-1252 PDF-text file has them.
        let (s, how) = decode(b"\xB61. (C) SPAIN\x92S POSITION\r\n").unwrap();
        assert_eq!(s, "\u{b6}1. (C) SPAIN\u{2019}S POSITION\r\n");
        assert_eq!(how, Decoded::Windows1252);
    }

    #[test]
    fn mixed_utf8_and_windows_1252() {
        // A curly quote in UTF-8, then one in Windows-1252.
        let (s, how) = decode(b"SPAIN\xE2\x80\x99S AND FRANCE\x92S").unwrap();
        assert_eq!(s, "SPAIN\u{2019}S AND FRANCE\u{2019}S");
        assert_eq!(how, Decoded::Windows1252);
        // A truncated UTF-8 sequence at the end.
        assert_eq!(decode_lossless(b"A\xE2\x80").0, "A\u{e2}\u{20ac}");
    }

    #[test]
    fn bom_is_stripped_and_crlf_kept() {
        let (s, how) = decode(b"\xEF\xBB\xBFUNCLAS PARIS 001052 \r\n").unwrap();
        assert_eq!(s, "UNCLAS PARIS 001052 \r\n");
        assert_eq!(how, Decoded::Utf8);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "SECRET".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "SECRET");
    }

    #[test]
    fn errors_have_kinds() {
        assert_eq!(decode(b"").unwrap_err().kind, "empty");
        assert_eq!(decode(b" \n\r\n ").unwrap_err().kind, "empty");
        let zip = decode(b"PK\x03\x04\x00\x00").unwrap_err();
        assert_eq!(zip.kind, "binary");
        assert!(zip.message.starts_with("a zip archive"), "{}", zip.message);
        let mut tar = vec![b'a'; 600];
        tar[257..262].copy_from_slice(b"ustar");
        assert!(
            decode(&tar)
                .unwrap_err()
                .message
                .starts_with("a tar archive")
        );
        let noise: Vec<u8> = (0..200u32).map(|i| 0x80 + (i % 0x70) as u8).collect();
        assert_eq!(decode(&noise).unwrap_err().kind, "undecodable");
    }
}
