//! Paragraph heads: `¶1.`, `1.`, `1.(C)`, `12. (SBU)`, with portion marks.
//! OWNER: normalizer helper (C).
//!
//! A head is a paragraph number (1–3 digits, optionally after the WikiLeaks
//! `¶` anchor) followed by `.` and then whitespace, a portion mark in
//! parentheses, or the end of the line. Portion marks: `U`, `C`, `S`, `TS`,
//! `SBU`, `SBU/N`, `S/NF`, `C/NF`, `LOU`, `U//FOUO`, … and the 1970s
//! whole-text forms `1. C - ENTIRE TEXT.` and `1. (C- ENTIRE TEXT)`.

use nom::{
    IResult, Parser,
    bytes::complete::{tag, take_while, take_while_m_n},
    character::complete::char,
    combinator::opt,
};

/// A paragraph head at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParaHead<'a> {
    /// The paragraph number as read (after removing a `¶`).
    pub number: u32,
    /// The portion mark without parentheses (`SBU`, `C`, `S/NF`), if any.
    pub marking: Option<&'a str>,
    /// Bytes of the line taken by the head, including the mark and the
    /// following whitespace: the paragraph text starts at `line[len..]`.
    pub len: usize,
}

/// The classification words a portion mark is built from.
const MARK_WORDS: &[&str] = &[
    "U",
    "C",
    "S",
    "TS",
    "SBU",
    "LOU",
    "FOUO",
    "NF",
    "N",
    "NOFORN",
    "REL",
    "ORCON",
    "SI",
    "CUI",
    "OC",
    "PROPIN",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "SENSITIVE",
];

/// `true` when `s` (the inside of the parentheses) reads as a portion mark:
/// known words separated by `/` or `//`.
pub fn is_portion_mark(s: &str) -> bool {
    // quick accept: the marks most heads carry (single words of `MARK_WORDS`)
    if matches!(s, "C" | "U" | "S" | "SBU") {
        return true;
    }
    is_portion_mark_full(s)
}

/// [`is_portion_mark`] without the quick accept.
fn is_portion_mark_full(s: &str) -> bool {
    if s.is_empty() || s.len() > 24 {
        return false;
    }
    s.split('/')
        .filter(|w| !w.is_empty())
        .all(|w| MARK_WORDS.contains(&w))
        && !s.starts_with('/')
        && !s.ends_with('/')
}

fn pilcrow(i: &str) -> IResult<&str, Option<char>> {
    opt(char('¶')).parse(i)
}

fn number(i: &str) -> IResult<&str, &str> {
    take_while_m_n(1, 3, |c: char| c.is_ascii_digit()).parse(i)
}

fn spaces(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| c == ' ' || c == '\t').parse(i)
}

/// `(SBU)`, `(C- ENTIRE TEXT)`, `(C - ENTIRE TEXT)`: returns the mark.
fn paren_mark(i: &str) -> IResult<&str, &str> {
    let (rest, _) = tag("(").parse(i)?;
    let close = rest
        .find(')')
        .ok_or_else(|| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag)))?;
    let inner = &rest[..close];
    let after = &rest[close + 1..];
    if is_portion_mark(inner) {
        return Ok((after, inner));
    }
    // `(C- ENTIRE TEXT)` / `(C - ENTIRE TEXT)`
    if let Some(dash) = inner.find('-') {
        let mark = inner[..dash].trim_end();
        let tail = inner[dash + 1..].trim();
        if is_portion_mark(mark) && tail.starts_with("ENTIRE TEXT") {
            return Ok((after, mark));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Tag,
    )))
}

/// `C - ENTIRE TEXT.` (1970s whole-text marking without parentheses).
fn entire_text_mark(i: &str) -> IResult<&str, &str> {
    let (rest, mark) = take_while_m_n(1, 3, |c: char| c.is_ascii_uppercase()).parse(i)?;
    if !is_portion_mark(mark) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        )));
    }
    let (rest, _) = spaces(rest)?;
    let (rest, _) = tag("-").parse(rest)?;
    let (rest, _) = spaces(rest)?;
    let (rest, _) = tag("ENTIRE TEXT").parse(rest)?;
    let (rest, _) = opt(char('.')).parse(rest)?;
    Ok((rest, mark))
}

/// Parse a paragraph head at the start of `line` (`¶1. (SBU) Text`,
/// `12. (C) Text`, `3.(S/NF) Text`, `4. Text`). Returns `None` when the line
/// does not start with one.
#[inline]
pub fn parse_head(line: &str) -> Option<ParaHead<'_>> {
    // every head starts with a digit or the pilcrow (`¶`, 0xC2 0xB6): reject
    // the other lines on their first byte, before the parsers run
    if !line
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b == 0xC2)
    {
        return None;
    }
    if let Some(answer) = parse_head_quick(line) {
        return answer;
    }
    parse_head_full(line)
}

/// [`parse_head_full`]'s answer for the usual lines, read on the bytes:
/// `Some(answer)`, or `None` when the parsers must read the line (a `¶`, a
/// mark other than `(C)`, `(U)`, `(S)`, `(SBU)`, or an upper-case word that
/// may open a `C - ENTIRE TEXT` mark). The parsers take some hundreds of
/// instructions a line; the usual heads (`12. (C) `, `3. Text`) and the
/// lines starting with a number that is no head are told here in a few
/// dozen.
fn parse_head_quick(line: &str) -> Option<Option<ParaHead<'_>>> {
    let b = line.as_bytes();
    let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if d == 0 {
        return None;
    }
    // more than three digits, or no dot after them: no head
    if d > 3 || b.get(d) != Some(&b'.') {
        return Some(None);
    }
    // after the dot: whitespace, `(`, or the end; never a digit (`1.5`)
    if !matches!(b.get(d + 1), None | Some(b' ' | b'\t' | b'(' | b'\r')) {
        return Some(None);
    }
    let number = b[..d]
        .iter()
        .fold(0u32, |n, &c| n * 10 + u32::from(c - b'0'));
    let blanks = |from: usize| {
        from + b[from..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count()
    };
    let k = blanks(d + 1);
    match b.get(k) {
        Some(b'(') => {
            let close = k + 1 + memchr::memchr(b')', &b[k + 1..])?;
            let inner = &line[k + 1..close];
            if !matches!(inner, "C" | "U" | "S" | "SBU") {
                return None;
            }
            Some(Some(ParaHead {
                number,
                marking: Some(inner),
                len: blanks(close + 1),
            }))
        }
        Some(c) if c.is_ascii_uppercase() => {
            // `C - ENTIRE TEXT`: only when the (at most three) capitals are a
            // portion mark can the parsers read one
            let m = b[k..]
                .iter()
                .take(3)
                .take_while(|c| c.is_ascii_uppercase())
                .count();
            if is_portion_mark(&line[k..k + m]) {
                return None;
            }
            Some(Some(ParaHead {
                number,
                marking: None,
                len: k,
            }))
        }
        // neither a mark in parentheses nor one without: the head ends at
        // the text
        _ => Some(Some(ParaHead {
            number,
            marking: None,
            len: k,
        })),
    }
}

/// [`parse_head`] without the first-byte check.
fn parse_head_full(line: &str) -> Option<ParaHead<'_>> {
    let (rest, _) = pilcrow(line).ok()?;
    let (rest, digits) = number(rest).ok()?;
    let (rest, _) = char::<&str, nom::error::Error<&str>>('.')
        .parse(rest)
        .ok()?;
    // After the dot: whitespace, `(`, or end of line. Never a digit (`1.5`).
    match rest.chars().next() {
        None | Some(' ') | Some('\t') | Some('(') | Some('\r') => {}
        _ => return None,
    }
    // (one to three ASCII digits: no overflow, nothing to reject)
    let number = digits
        .bytes()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    let (after_sp, _) = spaces(rest).ok()?;
    let (rest, marking) = if let Ok((r, m)) = paren_mark(after_sp) {
        (r, Some(m))
    } else if let Ok((r, m)) = entire_text_mark(after_sp) {
        (r, Some(m))
    } else {
        (after_sp, None)
    };
    let (rest, _) = spaces(rest).ok()?;
    Some(ParaHead {
        number,
        marking,
        len: line.len() - rest.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_head` (first-byte check, then `parse_head_quick`) against the
    /// parsers alone, over real lines and the shapes the quick reading
    /// answers or leaves to the parsers.
    #[test]
    fn first_byte_check_agrees_with_the_parsers() {
        let mut lines: Vec<String> = [
            "",
            "1",
            "1.",
            "¶",
            "¶1.",
            "¶ 1.",
            "\u{a9}1. x",
            " 1. (C) x",
            "(1) x",
            "x 1.",
            "123. (SBU) y",
            "1234. z",
            "C - ENTIRE TEXT.",
            "1. TS - ENTIRE TEXT",
            "1. THE",
            "1. (C",
            "1.(SBU)",
            "12.\tx",
            "1.\r",
            "1.x",
            "999. (U)  y",
            "1. (TS) y",
            "1. \u{e9}t\u{e9}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(300) {
            for l in t.lines() {
                lines.push(l.to_string());
                lines.push(l.trim_start().to_string());
            }
        }
        for l in &lines {
            assert_eq!(parse_head(l), parse_head_full(l), "{l:?}");
        }
    }

    #[test]
    fn portion_mark_quick_accept_agrees_with_the_full_test() {
        for m in ["C", "U", "S", "SBU", "SBU/N", "c", "X", ""] {
            assert_eq!(is_portion_mark(m), is_portion_mark_full(m), "{m:?}");
        }
    }

    #[test]
    fn heads_from_real_cables() {
        // 08PRISTINA128
        let h = parse_head("11. (SBU) SUMMARY: Post's submission for the Eighth").unwrap();
        assert_eq!((h.number, h.marking, h.len), (11, Some("SBU"), 10));
        // Cablegate after anchor removal
        let h = parse_head("¶1. (C) SUMMARY: ASSISTANT SECRETARY SUSAN E. RICE").unwrap();
        assert_eq!((h.number, h.marking), (1, Some("C")));
        assert_eq!(&"¶1. (C) SUMMARY"[h.len..], "SUMMARY");
        // 85BEIRUT172 (two spaces)
        let h = parse_head("1.  (U)  THERE HAVE BEEN SEVERAL ATTACKS AGAINST").unwrap();
        assert_eq!((h.number, h.marking, h.len), (1, Some("U"), 9));
        let h = parse_head("3.(S/NF) Text").unwrap();
        assert_eq!((h.number, h.marking, h.len), (3, Some("S/NF"), 9));
        let h = parse_head("¶1. (C/NF) This is not a \"change\" election.").unwrap();
        assert_eq!(h.marking, Some("C/NF"));
        let h = parse_head("2. (SBU/N) x").unwrap();
        assert_eq!(h.marking, Some("SBU/N"));
        let h = parse_head("127. During calendar year 2007").unwrap();
        assert_eq!((h.number, h.marking, h.len), (127, None, 5));
        let h = parse_head("1. C - ENTIRE TEXT.").unwrap();
        assert_eq!((h.number, h.marking, h.len), (1, Some("C"), 19));
        let h = parse_head("1. (C- ENTIRE TEXT)").unwrap();
        assert_eq!(h.marking, Some("C"));
        let h = parse_head("5.").unwrap();
        assert_eq!((h.number, h.len), (5, 2));
        let h = parse_head("2. (U//FOUO) text").unwrap();
        assert_eq!(h.marking, Some("U//FOUO"));
    }

    #[test]
    fn not_heads() {
        assert_eq!(parse_head("1.5 million people"), None);
        assert_eq!(parse_head("12008. According to CRS"), None);
        assert_eq!(parse_head("2008. The"), None);
        assert_eq!(parse_head("Kosovo is"), None);
        assert_eq!(parse_head("- 13. (SBU)"), None);
        assert_eq!(parse_head("1.4(b) and (d)"), None);
        assert_eq!(parse_head(""), None);
        assert_eq!(parse_head("¶"), None);
        // Parenthesised text that is not a mark stays text.
        let h = parse_head("4. (Note: x)").unwrap();
        assert_eq!((h.marking, h.len), (None, 3));
    }

    /// `parse_head` against the parsers alone over random lines made of the
    /// pieces heads are made of (digits, dots, blanks, marks, capitals, a
    /// `¶`): the shapes the quick reading answers and those it leaves.
    #[test]
    fn quick_reading_agrees_with_the_parsers_on_head_soup() {
        const PIECES: [&str; 24] = [
            "1", "2", "0", "9", "123", "1234", ".", " ", "\t", "(", ")", "C", "U", "S", "SBU",
            "TS", "x", "A", "-", "ENTIRE", "\r", "\u{e9}", "\u{b6}", "THE",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..100_000 {
            let n = 1 + (next() % 8) as usize;
            let line: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            assert_eq!(parse_head(&line), parse_head_full(&line), "{line:?}");
        }
    }
}
