//! Small text helpers shared by the body parsers: ASCII case-insensitive
//! search, word boundaries, whitespace joining. No allocation unless a
//! function returns an owned string.

/// How common a byte is in cable text, case folded (higher is more common;
/// bytes not listed are rare): [`find_ci`] jumps between the places of the
/// needle's least common byte.
const COMMONNESS: [u8; 256] = {
    const ORDER: &[u8] = b" ETAOINSRHDLCU\nMFWGYP.,B0123456789VK-/:()'JXQZ";
    let mut t = [0u8; 256];
    let mut k = 0;
    while k < ORDER.len() {
        let c = ORDER[k];
        let r = (ORDER.len() - k) as u8;
        t[c as usize] = r;
        t[c.to_ascii_lowercase() as usize] = r;
        k += 1;
    }
    t
};

/// Byte offset of the first ASCII case-insensitive occurrence of `needle`
/// in `hay` at or after `from`.
///
/// Inlined so that, for the literal needles it is almost always called
/// with, the choice of the needle's least common byte is worked out at
/// compile time instead of on every call.
#[inline]
pub fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    find_ci_from_rare(hay, needle, rarest_byte(needle.as_bytes()), from)
}

/// Offset of the least common byte of `n` (the first of them; 0 when `n`
/// is empty), by [`COMMONNESS`].
#[inline]
fn rarest_byte(n: &[u8]) -> usize {
    let mut k = 0;
    for (j, &c) in n.iter().enumerate() {
        if COMMONNESS[c as usize] < COMMONNESS[n[k] as usize] {
            k = j;
        }
    }
    k
}

/// [`find_ci`] with the offset `k` of the needle's least common byte given.
fn find_ci_from_rare(hay: &str, needle: &str, k: usize, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from > h.len() || h.len() - from < n.len() {
        return None;
    }
    let lower = n[k].to_ascii_lowercase();
    let upper = n[k].to_ascii_uppercase();
    // the last start the needle fits at
    let last = h.len() - n.len();
    let mut i = from;
    while i <= last {
        // jump to the next start whose byte `k` is that byte, in either case
        let j = memchr::memchr2(lower, upper, &h[i + k..=last + k])?;
        i += j;
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `true` when `s` starts with `p`, ASCII case-insensitive (byte-wise, never
/// slices `s`).
pub fn starts_ci(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// `true` when `b` is part of a word (ASCII letter or digit).
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `true` when position `i` of `s` is at a word start (no letter or digit before it).
pub fn word_start(s: &str, i: usize) -> bool {
    i == 0 || !s.as_bytes().get(i - 1).copied().is_some_and(is_word_byte)
}

/// `true` when position `i` of `s` is at a word end (no letter or digit at it).
pub fn word_end(s: &str, i: usize) -> bool {
    !s.as_bytes().get(i).copied().is_some_and(is_word_byte)
}

/// First occurrence of `word` (case-insensitive) as a whole word at or after `from`.
pub fn find_word_ci(hay: &str, word: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = find_ci(hay, word, at) {
        if word_start(hay, i) && word_end(hay, i + word.len()) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Bytes that may start a whitespace run for [`ws_len`]: ASCII whitespace
/// (`\t`..=`\r`, space), the backslash (a line-continuation mark for
/// [`join_ws`]) and the UTF-8 lead bytes of the non-ASCII `White_Space`
/// characters (`0xC2`, `0xE1`, `0xE2`, `0xE3`). Every other byte is never
/// part of whitespace.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(
            b as u8,
            b'\t'..=b'\r' | b' ' | b'\\' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        b += 1;
    }
    t
};

/// Byte length of the whitespace character (in the sense of
/// [`char::is_whitespace`]) starting at byte `i` of `b`, or 0 when there is
/// none. With `BACKSLASH`, a backslash directly before `\n` or `\r` also
/// counts as whitespace (length 1). `i` must be a char boundary.
#[inline]
fn ws_len<const BACKSLASH: bool>(b: &[u8], i: usize) -> usize {
    let c = b[i];
    if !SPECIAL[c as usize] {
        return 0;
    }
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match c {
        b'\t'..=b'\r' | b' ' => 1,
        b'\\' => usize::from(BACKSLASH && matches!(at(1), b'\n' | b'\r')),
        // U+0085, U+00A0
        0xC2 => 2 * usize::from(matches!(at(1), 0x85 | 0xA0)),
        // U+1680
        0xE1 => 3 * usize::from(at(1) == 0x9A && at(2) == 0x80),
        // U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F
        0xE2 => {
            let ws = match at(1) {
                0x80 => matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                0x81 => at(2) == 0x9F,
                _ => false,
            };
            3 * usize::from(ws)
        }
        // U+3000
        0xE3 => 3 * usize::from(at(1) == 0x80 && at(2) == 0x80),
        _ => 0,
    }
}

/// A quick skip over the inside of a run of words, eight bytes at a time:
/// the first offset at or after `i` holding a byte that is `<= b' '`, a
/// backslash (with `BACKSLASH` only: without it a backslash is never
/// whitespace) or `>= 0x80` (a candidate: a superset of the bytes that can
/// start whitespace), except a space followed (in the same eight bytes) by
/// a byte that is not one, which a run of words takes in as it is. Also
/// stops where fewer than eight bytes are left; the caller tests the byte it
/// stops at.
#[inline]
fn skip_plain<const BACKSLASH: bool>(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // the high bit of every byte of `x` equal to `v` (exact: no carry
    // crosses a byte)
    let equal = |x: u64, v: u8| {
        let y = x ^ (ONES * u64::from(v));
        !(((y & LOW7) + LOW7) | y) & HIGHS
    };
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // bytes below 0x21 (exact, as above), backslashes, non-ASCII bytes
        let below = !(((x & LOW7) + ONES * (0x80 - 0x21)) | x) & HIGHS;
        let candidate = if BACKSLASH {
            below | equal(x, b'\\') | (x & HIGHS)
        } else {
            below | (x & HIGHS)
        };
        // a space whose next byte (not past the eight) is no candidate
        let inner_space = equal(x, b' ') & !(candidate >> 8) & (HIGHS >> 8);
        let stop = candidate & !inner_space;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// Push the whitespace-separated words of `s` onto `out`, one space between
/// them: the same text as `s.split_whitespace().collect::<Vec<_>>().join(" ")`
/// (with `BACKSLASH`, a backslash before a line break also separates words),
/// without the vector, and copying runs of words at a time. Returns `true`
/// when `s` had a word.
fn push_words<const BACKSLASH: bool>(out: &mut String, s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut any = false;
    while i < n {
        let w = ws_len::<BACKSLASH>(b, i);
        if w > 0 {
            i += w;
            continue;
        }
        // a run of words separated by single spaces
        let start = i;
        loop {
            // skip bytes that can never start whitespace (and single spaces
            // between words), eight at a time where possible (UTF-8
            // continuation bytes are never in `SPECIAL`, so this stays on
            // char boundaries wherever it stops)
            loop {
                i = skip_plain::<BACKSLASH>(b, i);
                if i == n || SPECIAL[b[i] as usize] {
                    break;
                }
                i += 1;
            }
            if i == n {
                break;
            }
            if ws_len::<BACKSLASH>(b, i) == 0 {
                // a backslash or lead byte that is not whitespace here
                i += 1;
                continue;
            }
            if i + 1 < n && b[i] == b' ' && ws_len::<BACKSLASH>(b, i + 1) == 0 {
                i += 1;
                continue;
            }
            break;
        }
        if any {
            out.push(' ');
        }
        out.push_str(&s[start..i]);
        any = true;
    }
    any
}

/// Push the words of `s` (split at Unicode whitespace) onto `out`, joined by
/// single spaces: `out.push_str(&s.split_whitespace().collect::<Vec<_>>().join(" "))`
/// without allocating. Returns `true` when `s` had a word.
pub fn push_collapsed(out: &mut String, s: &str) -> bool {
    push_words::<false>(out, s)
}

/// `s` with every run of whitespace made one space and the ends trimmed:
/// `s.split_whitespace().collect::<Vec<_>>().join(" ")`.
pub fn collapse_ws(s: &str) -> String {
    // (a short text already single-spaced, as an addressee's name mostly
    // is, is copied as it is: the full reading's set-up costs more)
    if s.len() <= 64 && single_spaced(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// `true` when `s` is its own [`collapse_ws`]: ASCII, words separated by
/// single spaces, no space at either end, no other whitespace (a byte below
/// `!` other than such a space, or a non-ASCII byte, gives `false`, also
/// where it is not whitespace).
fn single_spaced(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    (0..n).all(|i| match b[i] {
        b' ' => i > 0 && i + 1 < n && b[i + 1] != b' ',
        c => c > b' ' && c < 0x80,
    })
}

/// Join the lines of `s` onto one line: every run of whitespace (including
/// line breaks, and a backslash directly before a line break) becomes one
/// space; leading and trailing whitespace removed.
pub fn join_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_words::<true>(&mut out, s);
    out
}

/// `true` when the line is blank (only whitespace, or a lone backslash
/// continuation, or a pilcrow).
pub fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || c == '\\' || c == '¶')
}

/// Largest char boundary of `s` that is `<= i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Strip a leading portion mark `(U)`, `(C)`, `(S)`, `(SBU)`, `(SBU/N)`,
/// `(TS)`, `(S/NF)`, `(C/NF)`, `(S//NF)`, `(C-ENTIRE TEXT)` … from `s`
/// (after leading whitespace). Returns the mark (without parentheses) and the rest.
pub fn strip_portion_mark(s: &str) -> (Option<&str>, &str) {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('(')
        && let Some(close) = rest.find(')')
    {
        let mark = &rest[..close];
        if is_portion_mark(mark) {
            return (Some(mark.trim()), rest[close + 1..].trim_start());
        }
    }
    (None, t)
}

/// `true` when `m` (the text inside parentheses) is a portion mark.
pub fn is_portion_mark(m: &str) -> bool {
    let m = m.trim();
    if m.is_empty() || m.len() > 12 {
        return false;
    }
    const MARKS: &[&str] = &[
        "U", "C", "S", "TS", "SBU", "SBU/N", "SBU/NF", "S/NF", "C/NF", "S//NF", "C//NF", "U/FOUO",
        "LOU", "S/REL", "TS/NF", "S NF", "C NF", "U//FOUO", "SBU NF", "FOUO",
    ];
    MARKS.iter().any(|k| m.eq_ignore_ascii_case(k))
}

/// Decode numeric HTML character references `&#8217;` and `&#x2019;` in `s`.
pub fn decode_numeric_entities(s: &str) -> String {
    if !s.contains("&#") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let (hex, digits) = match tail.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, tail),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let decoded = if n > 0 && digits.as_bytes().get(n) == Some(&b';') {
            u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 })
                .ok()
                .and_then(char::from_u32)
        } else {
            None
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &digits[n + 1..];
            }
            None => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `line` opens a `cables.csv` dump row of another cable
/// (`118934<TAB>2007-07-16 12:10:00<TAB>07DUSHANBE1322<TAB>…`): a number, a
/// `YYYY-MM-DD HH:MM:SS` timestamp and a cable id, tab-separated.
pub fn is_dump_row(line: &str) -> bool {
    let mut f = line.trim_start().split('\t');
    let (Some(n), Some(ts), Some(id)) = (f.next(), f.next(), f.next()) else {
        return false;
    };
    let ts = ts.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| ts.get(r).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    let ts_ok = ts.len() == 19
        && digits(0..4)
        && ts[4] == b'-'
        && digits(5..7)
        && ts[7] == b'-'
        && digits(8..10)
        && ts[10] == b' '
        && digits(11..13)
        && ts[13] == b':'
        && digits(14..16)
        && ts[16] == b':'
        && digits(17..19);
    let id = id.as_bytes();
    let id_ok = id.len() >= 5
        && id[..2].iter().all(u8::is_ascii_digit)
        && id[2].is_ascii_uppercase()
        && id.iter().all(u8::is_ascii_alphanumeric);
    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && ts_ok && id_ok
}

/// Offset of the first line at or after `from` that opens another cable's
/// dump row ([`is_dump_row`]): where a run-on body ends.
///
/// Only lines holding a tab can be dump rows, so this jumps from tab to tab
/// (`memchr`) and reads just the lines they stand on instead of every line.
pub fn run_on_start(text: &str, from: usize) -> Option<usize> {
    let from = floor_boundary(text, from.min(text.len()));
    let b = text.as_bytes();
    let mut at = from;
    while let Some(k) = memchr::memchr(b'\t', &b[at..]) {
        let tab = at + k;
        // the line holding the tab (never starting before `from`)
        let start = memchr::memrchr(b'\n', &b[from..tab]).map_or(from, |i| from + i + 1);
        let end = memchr::memchr(b'\n', &b[tab..]).map_or(b.len(), |i| tab + i);
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        if is_dump_row(line) {
            return Some(start);
        }
        at = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ci_finds_mixed_case() {
        assert_eq!(find_ci("E.o. 12958: decl: 6/30/08", "DECL", 0), Some(12));
        assert_eq!(find_ci("abc", "abcd", 0), None);
        assert_eq!(find_word_ci("REFORM REF: X", "REF", 0), Some(7));
        // the byte jumped between: the first of the least common ones
        assert_eq!(rarest_byte(b""), 0);
        assert_eq!(rarest_byte(b"UBJ"), 2);
        assert_eq!(rarest_byte(b"classified"), 6);
        assert_eq!(rarest_byte(b"zz"), 0);
    }

    /// The plain [`find_ci`]: the needle compared at every start in turn.
    fn find_ci_slow(hay: &str, needle: &str, from: usize) -> Option<usize> {
        let h = hay.as_bytes();
        let n = needle.as_bytes();
        if n.is_empty() || from > h.len() || h.len() - from < n.len() {
            return None;
        }
        (from..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
    }

    #[test]
    fn find_ci_agrees_with_the_plain_search() {
        let needles = [
            "UBJ",
            "SUBJ",
            "SUBJECT:",
            "classified",
            "REF:",
            "REFS:",
            "REF(S)",
            "REFTEL",
            "RETEL",
            "  REF ",
            "RE",
            "SENSITIVE BUT",
            "C O N",
            "S E C",
            "THIS IS AN ACTION REQ",
            "xtract of the original cable",
            "reason",
            "-reason",
            "reas",
            "1.",
            "DECL",
            "N/A",
            "12958",
            "E.O.",
            "TAGS",
            "SUMMARY",
            "a",
            " ",
            "\u{b6}1",
            "caf\u{e9}",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        ];
        let texts = crate::testtext::edges_and_corpus(
            &[
                "",
                "a",
                "SubJect: x",
                "re RE rE Re",
                "\u{b6}1. caf\u{c9} caf\u{e9}",
            ],
            40,
        );
        for t in &texts {
            for n in needles {
                // every occurrence in turn, and starts past the end
                let mut from = 0;
                loop {
                    let got = find_ci(t, n, from);
                    assert_eq!(got, find_ci_slow(t, n, from), "{n:?} from {from}");
                    match got {
                        Some(i) => from = i + 1,
                        None => break,
                    }
                }
                assert_eq!(find_ci(t, n, t.len() + 1), None);
            }
        }
    }

    #[test]
    fn join_ws_handles_backslash_wraps() {
        assert_eq!(
            join_ws("LITTLE PROGRESS \\\nLEAD TO  ADJOURNMENT "),
            "LITTLE PROGRESS LEAD TO ADJOURNMENT"
        );
    }

    /// The old `join_ws`, kept to check the fast one against.
    fn join_ws_slow(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut pending = false;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| *n == '\n' || *n == '\r') {
                pending = true;
                continue;
            }
            if c.is_whitespace() {
                pending = true;
                continue;
            }
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(c);
        }
        out
    }

    #[test]
    fn ws_len_agrees_with_is_whitespace_for_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 8];
            let s = c.encode_utf8(&mut buf[..4]).len();
            // followed by a letter (never whitespace), and at the very end
            buf[s] = b'x';
            let want = if c.is_whitespace() { s } else { 0 };
            assert_eq!(ws_len::<false>(&buf[..=s], 0), want, "{c:?}");
            assert_eq!(ws_len::<false>(&buf[..s], 0), want, "{c:?}");
            assert_eq!(ws_len::<true>(&buf[..=s], 0), want, "{c:?}");
        }
        assert_eq!(ws_len::<true>(b"\\\n", 0), 1);
        assert_eq!(ws_len::<true>(b"\\\r", 0), 1);
        assert_eq!(ws_len::<true>(b"\\x", 0), 0);
        assert_eq!(ws_len::<false>(b"\\\n", 0), 0);
    }

    /// A byte that [`skip_plain`] stops at (a superset of [`SPECIAL`], but
    /// for the backslash without `BACKSLASH`).
    fn is_candidate<const BACKSLASH: bool>(c: u8) -> bool {
        c <= b' ' || (BACKSLASH && c == b'\\') || c >= 0x80
    }

    /// Where [`skip_plain`] must stop, read plainly: eight bytes at a time,
    /// at the first byte that is a candidate and not a space followed, in
    /// the same eight bytes, by a byte that is not one.
    fn skip_plain_slow<const BACKSLASH: bool>(b: &[u8], i: usize) -> usize {
        let mut c = i;
        while c + 8 <= b.len() {
            for k in c..c + 8 {
                let inner_space =
                    b[k] == b' ' && k + 1 < c + 8 && !is_candidate::<BACKSLASH>(b[k + 1]);
                if is_candidate::<BACKSLASH>(b[k]) && !inner_space {
                    return k;
                }
            }
            c += 8;
        }
        c
    }

    #[test]
    fn skip_plain_agrees_with_the_plain_reading() {
        // it never skips a byte of `SPECIAL`, other than a space that a
        // run of words takes in (one followed by a byte that is not whitespace)
        for c in 0..=255u8 {
            if SPECIAL[c as usize] {
                assert!(is_candidate::<true>(c), "{c:#x}");
                // (without `BACKSLASH` a backslash is never whitespace)
                assert!(is_candidate::<false>(c) || c == b'\\', "{c:#x}");
            }
        }
        // both forms, against their plain readings
        let same = |b: &[u8], i: usize| {
            assert_eq!(skip_plain::<true>(b, i), skip_plain_slow::<true>(b, i));
            assert_eq!(skip_plain::<false>(b, i), skip_plain_slow::<false>(b, i));
        };
        // every pair of byte values at every pair of places in a chunk
        let mut buf = [b'a'; 12];
        for v in 0..=255u8 {
            for w in 0..=255u8 {
                for p in 0..8 {
                    for q in p + 1..8 {
                        buf[..8].fill(b'a');
                        buf[p] = v;
                        buf[q] = w;
                        same(&buf, 0);
                    }
                }
            }
        }
        // every triple of telling byte values at every triple of places
        let values = [
            b'a', b' ', b'\t', b'\\', 0x00, b'\n', 0x1F, 0x21, 0x5B, 0x5D, 0x7F, 0x80, 0xC2, 0xFF,
        ];
        for &u in &values {
            for &v in &values {
                for &w in &values {
                    for p in 0..8 {
                        for q in p + 1..8 {
                            for r in q + 1..8 {
                                buf[..8].fill(b'a');
                                buf[p] = u;
                                buf[q] = v;
                                buf[r] = w;
                                same(&buf, 0);
                            }
                        }
                    }
                }
            }
        }
        // every start of real text
        for s in crate::testtext::corpus_texts(40) {
            let b = s.as_bytes();
            for i in 0..=b.len() {
                same(b, i);
            }
        }
    }

    #[test]
    fn collapse_and_join_agree_with_the_slow_forms() {
        let cases = crate::testtext::edges_and_corpus(
            &[
                "",
                " ",
                "a",
                "  a  b\tc\n\nd  ",
                "a\u{a0}b\u{2003} c\u{3000}\u{85}d\u{1680}e\u{205f}f\u{202f}",
                "\u{2002}x \u{200b}y\u{feff}z \u{2029}",
                "caf\u{e9} \u{e2}\u{80}x \u{20ac}  \u{1F600}",
                "a \\\nb\\ c\\\\\r\nd \\",
                "\\\n\\\n",
                "x\u{b}y\u{c}z\rw",
                // lead bytes of whitespace (0xC2, 0xE1, 0xE2, 0xE3) in other chars
                "a\u{a9}b \u{a9}  \u{2014}x\u{1681}\u{3001} \u{2030}\u{205e}\u{a9}",
                "\u{a9}\u{2014}\\",
                "x\\y \\ z\\",
            ],
            300,
        );
        for s in &cases {
            let want: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_ws(s), want);
            let mut out = String::from("x");
            assert_eq!(push_collapsed(&mut out, s), !want.is_empty());
            assert_eq!(out, format!("x{want}"));
            assert_eq!(join_ws(s), join_ws_slow(s), "{s:?}");
            for l in s.lines() {
                assert_eq!(
                    collapse_ws(l),
                    l.split_whitespace().collect::<Vec<_>>().join(" ")
                );
                assert_eq!(join_ws(l), join_ws_slow(l));
            }
        }
    }

    #[test]
    fn single_spaced_quick_path_agrees_with_the_full_collapse() {
        let mut cases: Vec<String> = crate::testtext::edges_and_corpus_lines(
            &[
                "",
                " ",
                "a",
                "a ",
                " a",
                "a b",
                "a  b",
                "a\tb",
                "SECSTATE WASHDC",
                "AMEMBASSY\u{a0}RIGA",
                "x\\ y",
                "a\u{1}b",
                "a\u{7f}b",
                "caf\u{e9} x",
                "0123456789 0123456789 0123456789 0123456789 0123456789 012345678",
                "0123456789 0123456789 0123456789 0123456789 0123456789 0123456789",
            ],
            200,
        );
        // the short ends of real lines: most are single-spaced
        let tails: Vec<String> = cases
            .iter()
            .map(|l| l[..floor_boundary(l, 64)].to_owned())
            .collect();
        cases.extend(tails);
        let mut quick = 0;
        for s in &cases {
            let want: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let q = single_spaced(s);
            quick += usize::from(q);
            if q {
                assert_eq!(*s, want, "{s:?}");
            }
            assert_eq!(collapse_ws(s), want, "{s:?}");
        }
        assert!(quick > 0);
    }

    #[test]
    fn portion_marks() {
        assert_eq!(
            strip_portion_mark("(SBU) SUMMARY"),
            (Some("SBU"), "SUMMARY")
        );
        assert_eq!(strip_portion_mark("(Iceland) x"), (None, "(Iceland) x"));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_numeric_entities("Bla &#8217; bla &#x201C;"),
            "Bla \u{2019} bla \u{201C}"
        );
        assert_eq!(decode_numeric_entities("a &# b"), "a &# b");
    }

    /// The plain reading of [`run_on_start`]: every line, in order.
    fn run_on_start_slow(text: &str, from: usize) -> Option<usize> {
        let from = floor_boundary(text, from.min(text.len()));
        crate::lines::lines(&text[from..])
            .find(|l| l.text.contains('\t') && is_dump_row(l.text))
            .map(|l| from + l.start)
    }

    #[test]
    fn run_on_start_agrees_with_the_plain_reading() {
        let row = "118934\t2007-07-16 12:10:00\t07DUSHANBE1322\tEmbassy Dushanbe";
        let mut cases: Vec<String> = [
            "",
            "\t",
            "\n\t\n",
            "a\tb\tc\n",
            "x\n118934\t2007-07-16 12:10:00\t07DUSHANBE1322\r\n",
            "x\n118934\t2007-07-16 12:10:00\t07DUSHANBE1322\t\r",
            "118934\t2007-07-16 12:10:00\t07DUSHANBE1322",
            "a\tb\n118934\t2007-07-16 12:10:00\t07DUSHANBE1322\tz\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cases.push(format!("caf\u{e9}\n{row}\n\t{row}"));
        cases.push(format!("  {row}\nLASSITER\n\n{row}"));
        let texts = crate::testtext::corpus_texts(300);
        for t in &texts {
            cases.push(t.clone());
            // a dump row run on after the text, and one glued to its last line
            cases.push(format!("{t}\n\n{row}\n"));
            cases.push(format!("{t}{row}"));
        }
        for s in &cases {
            let mut froms = vec![0, 1, 5, s.len() / 2, s.len(), s.len() + 3];
            froms.extend(s.match_indices('\t').map(|(i, _)| i).take(20));
            froms.extend(s.match_indices('\n').flat_map(|(i, _)| [i, i + 1]).take(20));
            for from in froms {
                assert_eq!(
                    run_on_start(s, from),
                    run_on_start_slow(s, from),
                    "{s:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn dump_rows() {
        // corpus/html/07ASTANA1488.html: a second cable runs on after the signature
        let t = "LASSITER\n\n118934\t2007-07-16 12:10:00\t07DUSHANBE1322\tEmbassy Dushanbe\tUNCLASSIFIED\n";
        let at = run_on_start(t, 0).unwrap();
        assert!(t[at..].starts_with("118934"));
        assert!(!is_dump_row("1. (C)\tSUMMARY: 2007-07-16 12:10:00"));
        assert!(!is_dump_row("118934\t2007-07-16\t07X1"));
        assert_eq!(run_on_start("no rows\there", 0), None);
    }
}
