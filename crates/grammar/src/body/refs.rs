//! REF lines: `REF: STATE 2731`, `REF: A. STATE 124823 B. GUHA-CARTER E-MAIL
//! (07SEP07) C. BERN 860`, `REF: (A)STATE 071143, (B)STATE 073601`,
//! `REF A) LONDON 002351 B) STATE 069339`, `REFTEL`, `REFS:`, `Ref:  06
//! REYKJAVIK 431`, `C. 06 KINGSTON 2021 (NOTAL)`, `STATE 123 AND 456`.
//!
//! The block is found (after SUBJECT, before `Classified By`/SUMMARY/the first
//! paragraph), section markers inside it are dropped, it is cut into items at
//! the enumerators (`A.`, `A)`, `(A)`, `[A]`, `¶B.`, `(1)`) and at `;`, and
//! each item is read as one or more cable references (`[year] ORIGIN number`,
//! `AND`/`,`/`/` continuing the origin) or, when it names an e-mail, a
//! report, a telcon, … as one non-cable reference of that kind.

use std::borrow::Cow;

use cablekit_record::Reference;

use super::scan::{find_ci, is_blank, starts_ci, word_start};

/// The REF block found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefBlock {
    /// Start of the `REF` keyword (or of an enumerator before it).
    pub start: usize,
    /// Start of the list after the keyword.
    pub list_start: usize,
    /// End of the block.
    pub end: usize,
}

/// The REF keywords (upper case), longest first.
const REF_KEYWORDS: &[&str] = &[
    "REFERENCES",
    "REFERENCE",
    "REFTELS",
    "REFTEL",
    "RETELS",
    "RETEL",
    "REF(S)",
    "REFS",
    "REF",
];

/// Line starts (upper case) that end a REF block.
const BLOCK_STOPS: &[&str] = &[
    "CLASSIFIED",
    "SUMMARY",
    "BEGIN SUMMARY",
    "SENSITIVE BUT",
    "THIS MESSAGE",
    "THIS CABLE",
    "THIS IS",
    "SUBJECT",
    "TAGS",
    "E.O.",
    "---",
    "===",
    "(SBU)",
    "ACTION REQ",
    "1. ",
    "1.(",
    "1.  ",
];

/// Match a REF keyword at `i` (already known to start with `REF`/`RET`):
/// returns the end of the keyword and its separator.
fn keyword_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    // compared on the bytes (the keywords are ASCII, shorter than the
    // twelve upper-cased chars once copied for it)
    let kw = REF_KEYWORDS.iter().find(|k| starts_ci(rest, k))?;
    let mut j = i + kw.len();
    let b = text.as_bytes();
    // what follows: separator, or whitespace, never a letter
    if b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    // skip spaces, then an optional `:` / `.` / `-`
    while b.get(j).is_some_and(|c| *c == b' ' || *c == b'\t') {
        j += 1;
    }
    if b.get(j)
        .is_some_and(|c| matches!(c, b':' | b'.' | b'-' | b';'))
    {
        j += 1;
    }
    // the list must start with something a reference can start with
    let after = text[j..].trim_start();
    let ok = after
        .starts_with(|c: char| c.is_alphanumeric() || matches!(c, '(' | '[' | '¶' | '\'' | '#'))
        || after.is_empty();
    ok.then_some(j)
}

/// Find the REF block in `text`.
pub fn find_ref_block(text: &str) -> Option<RefBlock> {
    let b = text.as_bytes();
    let mut at = 0;
    let (kstart, lstart) = loop {
        let i = find_ci(text, "RE", at)?;
        at = i + 1;
        if !word_start(text, i) || (i > 0 && b[i - 1] == b'(') {
            continue;
        }
        if let Some(j) = keyword_end(text, i) {
            // `A. REF AMMAN 222`: an enumerator before the keyword belongs to the list
            let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let before = text[line_start..i].trim();
            if !before.is_empty() && is_enumerator(before) {
                break (line_start, line_start);
            }
            break (i, j);
        }
    };
    // extend over the lines of the block
    let mut end = lstart;
    let mut pos = lstart;
    let mut first = true;
    let mut blank_run = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        let e = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = &rest[..e];
        if is_blank(line) {
            blank_run += 1;
            if blank_run > 3 {
                break;
            }
        } else {
            if !first && stops_block(line, blank_run > 0, &text[lstart..end]) {
                break;
            }
            let cut = inline_stop(line, first);
            end = pos + cut;
            if cut < line.len() {
                break;
            }
            blank_run = 0;
        }
        first = false;
        if e == rest.len() || pos + e + 1 - lstart > 3000 {
            break;
        }
        pos += e + 1;
    }
    Some(RefBlock {
        start: kstart,
        list_start: lstart,
        end: end.max(lstart),
    })
}

/// `A.`, `A)`, `(A)`, `¶A.`, `[A]`, `A.)`, `(1)`.
fn is_enumerator(s: &str) -> bool {
    enumerator_len(s.trim_start_matches('¶'))
        .is_some_and(|(n, _)| n == s.trim_start_matches('¶').len())
}

/// An enumerator at the start of `s`: (bytes, label).
fn enumerator_len(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    match b {
        [b'(', c, b')', ..] | [b'[', c, b']', ..] if c.is_ascii_alphanumeric() => {
            Some((3, *c as char))
        }
        [c, b'.', b')', ..] if c.is_ascii_alphabetic() => Some((3, *c as char)),
        [c, b'.' | b')', ..] if c.is_ascii_alphabetic() => Some((2, *c as char)),
        _ => None,
    }
}

/// A line that ends the block.
fn stops_block(line: &str, after_blank: bool, so_far: &str) -> bool {
    let t = line.trim_start().trim_start_matches('¶');
    // compared on the bytes (the words are ASCII, shorter than the 24
    // upper-cased chars once copied for it)
    if BLOCK_STOPS.iter().any(|s| starts_ci(t, s)) {
        return true;
    }
    // `(C) The minister said …`: a portion-marked paragraph; `(C) Sao Paulo 42` is an item
    if let (Some(_), rest) = super::scan::strip_portion_mark(t)
        && !rest.bytes().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    // `1. (C) …` starts the text; `A. STATE 123` is not a paragraph
    if crate::parahead::parse_head(t).is_some() {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) && t[digits..].starts_with(". ") {
        return true;
    }
    if after_blank {
        // after a blank line only an enumerated item, a number or an
        // unfinished previous item continues the block
        let prev = so_far.trim_end();
        let unfinished = prev.ends_with([',', ')', '-', '&'])
            || prev.ends_with(|c: char| c.is_alphabetic())
                && !prev.to_ascii_uppercase().ends_with("PREVIOUS");
        let starts_item = enumerator_len(t).is_some()
            || t.starts_with('-')
            || t.starts_with(|c: char| c.is_ascii_digit());
        return !(starts_item || unfinished);
    }
    false
}

/// Where a REF line stops inside itself (`… Classified By: …`, `… SENSITIVE BUT
/// UNCLASSIFIED`, `… This message …`, `… 1. (C) …`).
fn inline_stop(line: &str, _first: bool) -> usize {
    let mut end = line.len();
    for kw in [
        "CLASSIFIED BY",
        "SENSITIVE BUT",
        "THIS MESSAGE",
        "PLEASE HANDLE",
        "SUMMARY",
        "THIS IS AN ACTION",
    ] {
        if let Some(p) = find_ci(line, kw, 0) {
            end = end.min(p);
        }
    }
    // `… (d) 1. (S/NF)` : a paragraph head after two spaces
    if let Some(p) = line.find(" 1. (") {
        end = end.min(p);
    }
    end
}

/// Words that name a non-cable reference (upper case), and its kind, in the
/// order they are tried.
const NON_CABLE_WORDS: &[(&str, &str)] = &[
    ("E-MAIL", "email"),
    ("EMAIL", "email"),
    ("E MAIL", "email"),
    ("TELCON", "tel"),
    ("TELECON", "tel"),
    ("TELEPHONE", "tel"),
    ("PHONE", "tel"),
    ("FAX", "fax"),
    ("MEMORANDUM", "memo"),
    ("MEMCON", "memo"),
    ("MEMO", "memo"),
    ("MEETING", "meeting"),
    ("SVTC", "meeting"),
    ("DVC", "meeting"),
    ("VTC", "meeting"),
    ("VIDEOCONFERENCE", "meeting"),
    ("HTTP", "web"),
    ("WWW", "web"),
    ("WEBSITE", "web"),
    ("BOOK", "book"),
    ("REPORT", "report"),
    ("ASSESSMENT", "report"),
    ("IIR", "report"),
    ("DAILY", "report"),
    ("OSC", "report"),
    ("UNSCR", "unknown"),
    ("DTG", "unknown"),
    ("MSG", "unknown"),
    ("POINTS", "unknown"),
    ("NON-PAPER", "unknown"),
    ("LETTER", "unknown"),
    ("DEMARCHE", "unknown"),
];

/// `up` holds the word `w` (or its plural in `S`/`s`) standing as a word,
/// ASCII case-insensitive.
fn has_word(up: &str, w: &str) -> bool {
    let mut at = 0;
    while let Some(p) = find_ci(up, w, at) {
        at = p + 1;
        let before_ok = p == 0 || !up.as_bytes()[p - 1].is_ascii_alphabetic();
        let after = up.as_bytes().get(p + w.len());
        let after_ok =
            !after.is_some_and(u8::is_ascii_alphabetic) || matches!(after, Some(b'S' | b's'));
        if before_ok && after_ok {
            return true;
        }
    }
    false
}

/// The bit of a byte in a [`NON_CABLE_WORDS`] presence mask: one bit per
/// ASCII letter (either case), one for `-`, one for the space; 0 for any
/// other byte.
const fn mask_bit(c: u8) -> u32 {
    match c {
        b'A'..=b'Z' => 1 << (c - b'A'),
        b'a'..=b'z' => 1 << (c - b'a'),
        b'-' => 1 << 26,
        b' ' => 1 << 27,
        _ => 0,
    }
}

/// [`mask_bit`] of every byte.
const MASK_BITS: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = mask_bit(c as u8);
        c += 1;
    }
    t
};

/// The presence mask of each of [`NON_CABLE_WORDS`] (the build fails if a
/// word holds a byte the mask has no bit for).
const NON_CABLE_MASKS: [u32; NON_CABLE_WORDS.len()] = {
    let mut m = [0u32; NON_CABLE_WORDS.len()];
    let mut k = 0;
    while k < NON_CABLE_WORDS.len() {
        let w = NON_CABLE_WORDS[k].0.as_bytes();
        let mut i = 0;
        while i < w.len() {
            assert!(mask_bit(w[i]) != 0, "a byte without a mask bit");
            m[k] |= mask_bit(w[i]);
            i += 1;
        }
        k += 1;
    }
    m
};

/// Words that name a non-cable reference, and its kind.
fn non_cable_kind(item: &str) -> Option<&'static str> {
    // the letters (case folded), hyphens and spaces of `item`: a word with
    // one that is not there cannot occur in it, so most words are ruled out
    // without a search (and the item is searched as it is, without an
    // upper-cased copy: the search and the word tests ignore ASCII case)
    let present = item
        .bytes()
        .fold(0u32, |m, c| m | MASK_BITS[usize::from(c)]);
    NON_CABLE_WORDS
        .iter()
        .zip(NON_CABLE_MASKS)
        .find(|((w, _), m)| m & !present == 0 && has_word(item, w))
        .map(|((_, k), _)| *k)
}

/// One token of an item (borrowed from the item, unless an OCR fix or
/// upper-casing made a new text).
#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    /// Letters (origin word candidate), upper-cased, as written.
    Word(Cow<'a, str>, Cow<'a, str>),
    /// Digits as written (leading zeros kept).
    Num(Cow<'a, str>),
    /// A year in parentheses or apostrophe form: `(01)`, `(2002)`, `'08`.
    Year(&'a str),
    /// `,` `&` `AND`: continue with the same origin.
    Cont,
    /// `/` between numbers: continue with the same origin (`Kabul 692/317`).
    Slash,
    /// `-` between a number and a 2-digit year (`4525-91`).
    Dash,
    /// Anything else (parenthesized notes, punctuation).
    Other,
}

const MONTHS: &[&str] = &[
    "JAN",
    "JANUARY",
    "FEB",
    "FEBRUARY",
    "MAR",
    "MARCH",
    "APR",
    "APRIL",
    "MAY",
    "JUN",
    "JUNE",
    "JUL",
    "JULY",
    "AUG",
    "AUGUST",
    "SEP",
    "SEPT",
    "SEPTEMBER",
    "OCT",
    "OCTOBER",
    "NOV",
    "NOVEMBER",
    "DEC",
    "DECEMBER",
];

/// Words that never belong to an origin.
const SKIP_WORDS: &[&str] = &[
    "REF",
    "REFS",
    "REFTEL",
    "REFTELS",
    "REFERENCE",
    "REFERENCES",
    "RETEL",
    "PREVIOUS",
    "PREV",
    "EMBASSY",
    "AMEMBASSY",
    "AMCONSUL",
    "CONSULATE",
    "USMISSION",
    "UNCLASS",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
    "CABLES",
    "CABLE",
    "TELEGRAM",
    "SEPTEL",
    "NOTAL",
    "CIRCULAR",
    "SEE",
    "ALSO",
    "ALL",
    "THRU",
    "THROUGH",
    "TO",
    "OF",
    "IN",
    "ON",
    "EXDIS",
    "NODIS",
    "STADIS",
    "LIMDIS",
    "SIPDIS",
    "AS",
    "WELL",
    "OTHERS",
    "NO",
    "NOS",
    "NUMBER",
];

/// `list` put in buckets by the first byte of its words.
fn by_first_byte(list: &'static [&'static str]) -> Vec<Vec<&'static str>> {
    let mut v = vec![Vec::new(); 256];
    for w in list {
        v[w.as_bytes().first().map_or(0, |&b| usize::from(b))].push(*w);
    }
    v
}

/// `w` is a word of the list `buckets` holds (by [`by_first_byte`]): only
/// the few words with `w`'s first byte are compared, lengths first, instead
/// of every word of the list.
fn in_buckets(buckets: &[Vec<&'static str>], w: &str) -> bool {
    buckets[w.as_bytes().first().map_or(0, |&b| usize::from(b))]
        .iter()
        .any(|x| x.len() == w.len() && *x == w)
}

/// `MONTHS.contains(&w)`, by [`in_buckets`].
fn is_month(w: &str) -> bool {
    static B: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    in_buckets(B.get_or_init(|| by_first_byte(MONTHS)), w)
}

/// `SKIP_WORDS.contains(&w)`, by [`in_buckets`].
fn is_skip_word(w: &str) -> bool {
    static B: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    in_buckets(B.get_or_init(|| by_first_byte(SKIP_WORDS)), w)
}

/// Fix OCR digit/letter confusions inside a token: `COTON0U` → `COTONOU`,
/// `0TTAWA` → `OTTAWA`, `O4` → `04`, `O1512` → `01512`.
fn ocr_fix(t: &str) -> Cow<'_, str> {
    let b = t.as_bytes();
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if (b.first() == Some(&b'O') || b.first() == Some(&b'o')) && letters == 1 && digits >= 1 {
        return Cow::Owned(format!("0{}", &t[1..]));
    }
    if digits == 1 && letters >= 3 && t.contains('0') {
        return Cow::Owned(t.replace('0', "O"));
    }
    Cow::Borrowed(t)
}

/// Tokenize one item (no enumerators, no `;`).
fn tokenize(item: &str) -> Vec<Tok<'_>> {
    // (room for the usual few tokens at once)
    let mut toks = Vec::with_capacity(8);
    for raw in item.split_whitespace() {
        let mut w = raw.trim_start_matches(['¶', '#']);
        // parenthesized: year, note, portion mark
        if w.starts_with('(') {
            let inner_end = w.find(')');
            let inner = inner_end.map_or(&w[1..], |e| &w[1..e]);
            if inner_end.is_some()
                && inner.bytes().all(|c| c.is_ascii_digit())
                && matches!(inner.len(), 2 | 4)
            {
                toks.push(Tok::Year(inner));
                w = &w[inner_end.map_or(w.len(), |e| e + 1)..];
            } else if let Some(e) = inner_end {
                // a portion mark or caption (`KUWAIT (C)02293`, `(NOTAL)`) does not
                // break an origin from its number
                // (compared without an upper-cased copy)
                let mark = super::scan::is_portion_mark(inner)
                    || ["NOTAL", "EXDIS", "NODIS", "STADIS", "LIMDIS"]
                        .iter()
                        .any(|k| inner.eq_ignore_ascii_case(k));
                if !mark {
                    toks.push(Tok::Other);
                }
                w = &w[e + 1..];
            } else {
                toks.push(Tok::Other);
                continue;
            }
            if w.is_empty() {
                continue;
            }
        }
        if let Some(y) = w.strip_prefix('\'')
            && y.len() >= 2
            && y.as_bytes()[..2].iter().all(u8::is_ascii_digit)
        {
            toks.push(Tok::Year(&y[..2]));
            continue;
        }
        let (w, trailing_cont) = trim_word_end(w);
        if w.is_empty() {
            if trailing_cont {
                toks.push(Tok::Cont);
            }
            continue;
        }
        // split at `/` `-` `,` and letter/digit boundaries
        for (k, part) in w.split('/').enumerate() {
            if k > 0 {
                toks.push(Tok::Slash);
            }
            // a comma continues the origin: the pieces between commas (a
            // part holds no space) are read in turn, a `Cont` for each comma
            for (c, sub) in part.split(',').enumerate() {
                if c > 0 {
                    toks.push(Tok::Cont);
                }
                if !sub.is_empty() {
                    push_part(&mut toks, sub);
                }
            }
        }
        if trailing_cont {
            toks.push(Tok::Cont);
        }
    }
    toks
}

/// `w` without its trailing punctuation (`,` `&` `.` `:` `)` `]` `"` `'`),
/// and whether a `,` or `&` was among it (the item goes on).
fn trim_word_end(w: &str) -> (&str, bool) {
    let mut trailing_cont = false;
    let mut w = w;
    // the bytes dropped are ASCII: each is one byte
    while let Some(&c) = w.as_bytes().last() {
        if matches!(c, b',' | b'&') {
            trailing_cont = true;
        } else if !matches!(c, b'.' | b':' | b')' | b']' | b'"' | b'\'') {
            break;
        }
        w = &w[..w.len() - 1];
    }
    (w, trailing_cont)
}

/// Push the tokens of one part of a word (hyphens split it).
fn push_part<'a>(toks: &mut Vec<Tok<'a>>, part: &'a str) {
    for (h, seg) in part.split('-').enumerate() {
        if h > 0 {
            toks.push(Tok::Dash);
        }
        push_alnum(toks, ocr_fix(seg));
    }
}

/// Split `seg` at letter/digit boundaries and push words and numbers.
fn push_alnum<'a>(toks: &mut Vec<Tok<'a>>, seg: Cow<'a, str>) {
    // `seg[a..b]`, borrowed from the item when `seg` is
    let piece = |a: usize, b: usize| -> Cow<'a, str> {
        match &seg {
            Cow::Borrowed(s) => {
                let s: &'a str = s;
                Cow::Borrowed(&s[a..b])
            }
            Cow::Owned(s) => Cow::Owned(s[a..b].to_owned()),
        }
    };
    let mut start = 0;
    let b = seg.as_bytes();
    for i in 1..=b.len() {
        let boundary = i == b.len()
            || (b[i].is_ascii_digit() != b[i - 1].is_ascii_digit())
                && (b[i].is_ascii_alphanumeric() && b[i - 1].is_ascii_alphanumeric());
        if boundary {
            let p = &seg[start..i];
            let p_start = start;
            start = i;
            if p.is_empty() {
                continue;
            }
            if p.bytes().all(|c| c.is_ascii_digit()) {
                toks.push(Tok::Num(piece(p_start, i)));
            } else if p.eq_ignore_ascii_case("AND") {
                toks.push(Tok::Cont);
            } else if p.bytes().all(|c| c.is_ascii_alphanumeric()) {
                // (a piece of ASCII letters and digits, with a letter: it is
                // its own cleaned form, upper-cased in ASCII; most are in
                // upper case already and stay borrowed)
                let raw = piece(p_start, i);
                let upper = if p.bytes().any(|c| c.is_ascii_lowercase()) {
                    Cow::Owned(p.to_ascii_uppercase())
                } else {
                    raw.clone()
                };
                toks.push(Tok::Word(upper, raw));
            } else if p.chars().any(char::is_alphabetic) {
                let clean: String = p
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == '.' || *c == '\'')
                    .collect();
                let clean = clean.trim_matches(['.', '\'']).to_owned();
                if clean.is_empty() {
                    toks.push(Tok::Other);
                } else {
                    toks.push(Tok::Word(
                        Cow::Owned(clean.to_uppercase()),
                        piece(p_start, i),
                    ));
                }
            } else {
                toks.push(Tok::Other);
            }
        }
    }
}

/// A cable reference read from tokens.
struct CableRef {
    year: Option<i32>,
    origin: String,
    written_origin: String,
    number: String,
}

/// Read the cable references of one item.
fn read_cables(
    toks: &[Tok<'_>],
    prev_origin: &mut Option<(String, String, Option<i32>)>,
) -> Vec<CableRef> {
    let mut out: Vec<CableRef> = Vec::new();
    let mut year: Option<i32> = None;
    let mut words: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    let mut after_month = false;
    let mut last_was_cont = false;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Year(y) => {
                let v: i32 = y.parse().unwrap_or(0);
                if words.is_empty()
                    && !out.is_empty()
                    && y.len() == 4
                    && out.last().is_some_and(|r| r.year.is_none())
                {
                    // `COLOMBO CABLES 0266 AND 02259 (2002)`: year after the number
                    if let Some(r) = out.last_mut() {
                        r.year = Some(v);
                    }
                } else {
                    year = Some(v);
                }
            }
            Tok::Num(n) => {
                let skip_dash = usize::from(matches!(toks.get(i + 1), Some(Tok::Dash)));
                let next_is_word = matches!(toks.get(i + 1 + skip_dash), Some(Tok::Word(w, _)) if !is_skip_word(w) && w.len() >= 2);
                let is_yearish = matches!(n.len(), 2 | 4)
                    && (n.len() == 2 || n.starts_with("19") || n.starts_with("20"));
                // `dated 8 May 08`: a day before a month name is a date
                let before_month =
                    n.len() <= 2 && matches!(toks.get(i + 1), Some(Tok::Word(m, _)) if is_month(m));
                if before_month {
                    words.clear();
                    i += 2;
                    continue;
                }
                if after_month && n.len() <= 2 {
                    // `NOV 2, 1966`, `JULY 15`: a date, not a cable
                    after_month = false;
                    words.clear();
                    if matches!(toks.get(i + 1), Some(Tok::Cont))
                        && matches!(toks.get(i + 2), Some(Tok::Num(y)) if y.len() == 4)
                    {
                        i += 3;
                        continue;
                    }
                } else if words.is_empty() && is_yearish && next_is_word && year.is_none() {
                    year = n.parse().ok();
                } else if words.is_empty() && n.len() == 2 && !last_was_cont && !out.is_empty() {
                    // a two-digit number right after a ref: the year of that ref (`AMMAN 07718 99`)
                    if let Some(r) = out.last_mut() {
                        r.year = n.parse().ok();
                    }
                } else if !words.is_empty() {
                    let origin: Vec<&str> = words.iter().map(|w| &*w.0).collect();
                    let written: Vec<&str> = words.iter().map(|w| &*w.1).collect();
                    let (origin, written) = (origin.join(" "), written.join(" "));
                    *prev_origin = Some((origin.clone(), written.clone(), year));
                    out.push(CableRef {
                        year,
                        origin,
                        written_origin: written,
                        number: n.to_string(),
                    });
                    words.clear();
                    year = None;
                } else if let Some((o, w, y)) = prev_origin.as_ref()
                    && (last_was_cont || out.is_empty() || n.len() >= 3)
                {
                    // a bare number: `STATE 123 AND 456`, `870 Ulaanbaatar`
                    if out.is_empty()
                        && let Some(Tok::Word(nw, nwr)) = toks.get(i + 1)
                        && !is_skip_word(nw)
                        && nw.len() >= 3
                    {
                        out.push(CableRef {
                            year,
                            origin: nw.to_string(),
                            written_origin: nwr.to_string(),
                            number: n.to_string(),
                        });
                        *prev_origin = Some((nw.to_string(), nwr.to_string(), year));
                        i += 2;
                        year = None;
                        continue;
                    }
                    out.push(CableRef {
                        year: year.or(*y),
                        origin: o.clone(),
                        written_origin: w.clone(),
                        number: n.to_string(),
                    });
                } else if let Some(Tok::Word(nw, nwr)) = toks.get(i + 1)
                    && !is_skip_word(nw)
                    && nw.len() >= 3
                    && i + 2 == toks.len()
                {
                    // `870 Ulaanbaatar`
                    out.push(CableRef {
                        year,
                        origin: nw.to_string(),
                        written_origin: nwr.to_string(),
                        number: n.to_string(),
                    });
                    *prev_origin = Some((nw.to_string(), nwr.to_string(), year));
                    i += 2;
                    continue;
                }
                last_was_cont = false;
            }
            Tok::Dash
                if matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Word(..)))
                    && !matches!(toks.get(i.wrapping_sub(2)), Some(Tok::Dash)) =>
            {
                // `CA-3400`: a document number, not a cable
                words.clear();
                if matches!(toks.get(i + 1), Some(Tok::Num(_))) {
                    *prev_origin = None;
                    i += 2;
                    continue;
                }
            }
            Tok::Dash => {
                // `4525-91`: a two-digit year after the number
                if let (Some(Tok::Num(y)), Some(r)) = (toks.get(i + 1), out.last_mut())
                    && y.len() == 2
                    && matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Num(_)))
                {
                    r.year = y.parse().ok();
                    i += 2;
                    continue;
                }
            }
            Tok::Word(w, raw) => {
                if is_month(w) {
                    // `RIO DE JAN 138` is a post; `JULY 15` a date (decided at the number)
                    after_month = true;
                    words.push((w.clone(), raw.clone()));
                } else if is_skip_word(w) || w.len() < 2 {
                    // a skip word before the origin; an origin cannot span it
                    if !words.is_empty()
                        && !matches!(
                            &**w,
                            "EMBASSY" | "AMEMBASSY" | "AMCONSUL" | "CABLE" | "CABLES" | "TELEGRAM"
                        )
                    {
                        words.clear();
                    }
                } else {
                    after_month = false;
                    words.push((w.clone(), raw.clone()));
                    if words.len() > 4 {
                        words.remove(0);
                    }
                }
                last_was_cont = false;
            }
            Tok::Slash => {
                // `POC 201/2006`: a document number with its year, not a cable
                if let Some(Tok::Num(y)) = toks.get(i + 1)
                    && y.len() == 4
                    && (y.starts_with("19") || y.starts_with("20"))
                    && matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Num(_)))
                {
                    out.pop();
                    *prev_origin = None;
                    i += 2;
                    continue;
                }
                last_was_cont = true;
            }
            Tok::Cont => {
                last_was_cont = true;
            }
            Tok::Other => {
                words.clear();
            }
        }
        i += 1;
    }
    out
}

/// Origin spellings that read as words but are not posts.
fn plausible_origin(canon: &str) -> bool {
    (2..=24).contains(&canon.len()) && canon.bytes().all(|c| c.is_ascii_alphanumeric())
}

/// Split the block into (enumerator, item text) at enumerators.
fn split_items(list: &str) -> Vec<(Option<String>, String)> {
    let mut items: Vec<(Option<String>, String)> = Vec::new();
    // (each item's text gets room for the whole list at once, and the token
    // list room for a word every four bytes, instead of growing step by step)
    let room = || String::with_capacity(list.len());
    let mut cur = room();
    let mut cur_label: Option<String> = None;
    let mut expected: Option<char> = None; // next label expected, lower-cased
    // `213042,C)`: a comma glued to the next enumerator
    let mut toks: Vec<&str> = Vec::with_capacity(list.len() / 4 + 1);
    for t in list.split_whitespace() {
        let (a, b) = split_glued_enumerator(t);
        toks.push(a);
        toks.extend(b);
    }
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k].trim_start_matches('¶');
        let t = t.trim_start_matches(['-', ',', ';']);
        let mut consumed = false;
        if let Some((n, label)) = enumerator_len(t) {
            let l = label.to_ascii_lowercase();
            let is_next = match expected {
                None => l == 'a' || l == '1',
                Some(e) => l == e || Some(l) == prev_label(e),
            };
            let mut buf = [0u8; 4];
            let label_text: &str = label.encode_utf8(&mut buf);
            let same_as_current = cur_label
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(label_text));
            if is_next || same_as_current {
                if !(same_as_current && cur.trim().is_empty()) {
                    if !cur.trim().is_empty() || cur_label.is_some() {
                        items.push((cur_label.take(), std::mem::replace(&mut cur, room())));
                    }
                    cur_label = Some(label.to_ascii_uppercase().to_string());
                }
                expected = next_label(l);
                let rest = &t[n..];
                if !rest.is_empty() {
                    cur.push_str(rest);
                    cur.push(' ');
                }
                consumed = true;
            }
        } else if t.len() == 1
            && t.chars().all(|c| c.is_ascii_uppercase())
            && expected.is_some_and(|e| e == t.chars().next().unwrap_or(' ').to_ascii_lowercase())
            && toks.get(k + 1).is_some_and(|n| {
                n.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
            && (cur_label.is_some() || k == 0)
        {
            // bare letter enumerators: `REF A WELLINGTON 721 B WELLINGTON 690`
            if !cur.trim().is_empty() || cur_label.is_some() {
                items.push((cur_label.take(), std::mem::replace(&mut cur, room())));
            }
            cur_label = Some(t.to_owned());
            expected = next_label(t.chars().next().unwrap_or('a').to_ascii_lowercase());
            consumed = true;
        } else if k == 0
            && t.len() == 1
            && t == "A"
            && toks.get(1).is_some_and(|n| {
                n.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
        {
            cur_label = Some("A".to_owned());
            expected = Some('b');
            consumed = true;
        }
        if !consumed {
            cur.push_str(toks[k]);
            cur.push(' ');
        }
        k += 1;
    }
    if !cur.trim().is_empty() || cur_label.is_some() {
        items.push((cur_label, cur));
    }
    items
}

/// `213042,C)`: a token cut after its first comma when an enumerator
/// follows it (`213042,` and `C)`), else the token alone.
fn split_glued_enumerator(t: &str) -> (&str, Option<&str>) {
    match t.find(',') {
        Some(p) if p + 1 < t.len() && enumerator_len(&t[p + 1..]).is_some() => {
            (&t[..=p], Some(&t[p + 1..]))
        }
        _ => (t, None),
    }
}

fn next_label(c: char) -> Option<char> {
    match c {
        'z' | '9' => None,
        c => char::from_u32(c as u32 + 1),
    }
}

fn prev_label(c: char) -> Option<char> {
    match c {
        'a' | '1' => None,
        c => char::from_u32(c as u32 - 1),
    }
}

/// `PAGE` opening a page banner, also after literal `\n` marks (`\nPAGE`,
/// `…\nPAGE`).
fn is_page_word(t: &str) -> bool {
    // quick reject: every form ends in `PAGE` (the full test builds searchers)
    t.ends_with("PAGE") && is_page_word_full(t)
}

/// [`is_page_word`] without the quick reject.
fn is_page_word_full(t: &str) -> bool {
    t.trim_start_matches("\\n") == "PAGE" || t.ends_with("\\nPAGE")
}

/// A classification banner word, also before literal `\n` marks.
fn is_banner_word(t: &str) -> bool {
    // quick reject: every form starts with `C`, `U` or `S`
    matches!(t.as_bytes().first(), Some(b'C' | b'U' | b'S')) && is_banner_word_full(t)
}

/// [`is_banner_word`] without the quick reject.
fn is_banner_word_full(t: &str) -> bool {
    matches!(
        t.trim_end_matches("\\n"),
        "CONFIDENTIAL" | "UNCLASSIFIED" | "SECRET" | "CONFIDENTIAL\\nPAGE"
    )
}

/// Remove section/page markers and banners from the block text: its words
/// joined by single spaces, as [`strip_markers_full`] gives them when no
/// word can open or be a marker or banner (most blocks), else that reading.
fn strip_markers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for t in s.split_whitespace() {
        // a serial (`00000402`), a `PAGE` word or a banner word: the only
        // words the full reading drops anything at
        if (t.len() == 8 && t.starts_with("000")) || is_page_word(t) || is_banner_word(t) {
            return strip_markers_full(s);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// [`strip_markers`] without the quick path.
fn strip_markers_full(s: &str) -> String {
    let toks: Vec<&str> = s.split_whitespace().collect();
    let mut keep = vec![true; toks.len()];
    for i in 0..toks.len() {
        // `POST 00000402 001.2 OF 003`
        if toks[i].len() == 8
            && toks[i].starts_with("000")
            && toks[i].bytes().all(|c| c.is_ascii_digit())
            && toks.get(i + 1).is_some_and(|t| {
                t.contains('.') && t.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            })
            && toks.get(i + 2) == Some(&"OF")
        {
            let mut j = i;
            // drop the post name words before the serial (upper case)
            while j > 0
                && toks[j - 1].chars().all(|c| c.is_ascii_uppercase())
                && !toks[j - 1].is_empty()
                && i - j < 4
            {
                j -= 1;
            }
            // keep one word if it is the origin of a ref without number? no: markers repeat the post
            for k in keep.iter_mut().take((i + 4).min(toks.len())).skip(j) {
                *k = false;
            }
        }
        // `PAGE 02 ROME 01196 01 OF 02 082030Z`
        if is_page_word(toks[i]) {
            let mut j = i + 1;
            while j < toks.len() && j - i < 9 {
                let t = toks[j];
                let is_dtg =
                    t.len() == 7 && t.ends_with('Z') && t[..6].bytes().all(|c| c.is_ascii_digit());
                j += 1;
                if is_dtg {
                    for k in keep.iter_mut().take(j).skip(i) {
                        *k = false;
                    }
                    break;
                }
            }
        }
        if is_banner_word(toks[i]) {
            keep[i] = false;
        }
    }
    toks.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| *t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parse the references of `text` (the first REF block). `year` is the
/// citing cable's year (2 or 4 digits), used when a reference has none.
///
/// ```
/// use cablekit_grammar::body::refs::parse_references;
/// let r = parse_references("REF: STATE 2731\n", 2008);
/// assert_eq!(r[0].id.as_deref(), Some("08STATE2731"));
/// assert_eq!(r[0].text, "STATE 2731");
/// assert_eq!(r[0].kind, "cable");
/// ```
pub fn parse_references(text: &str, year: i32) -> Vec<Reference> {
    parse_references_with(text, year, None)
}

/// Like [`parse_references`], with the citing cable's own origin (`ANKARA`)
/// for references that give only a number (`REF: A) 6307`).
pub fn parse_references_with(text: &str, year: i32, own_origin: Option<&str>) -> Vec<Reference> {
    let Some(block) = find_ref_block(text) else {
        return Vec::new();
    };
    references_in(&text[block.list_start..block.end], Some(year), own_origin)
}

/// Read references from the list text of a REF block (without the keyword).
/// `year` is the citing cable's year; when it is unknown, cable references
/// that do not give their own year get no `id`.
pub fn references_in(list: &str, year: Option<i32>, own_origin: Option<&str>) -> Vec<Reference> {
    let list = strip_markers(list);
    let mut out = Vec::new();
    let mut prev: Option<(String, String, Option<i32>)> =
        own_origin.map(|o| (o.to_ascii_uppercase(), o.to_owned(), None));
    for (label, item) in split_items(&list) {
        for sub in item.split(';') {
            let sub = sub.trim().trim_matches([',', ' ', '-']);
            if sub.is_empty() {
                continue;
            }
            if let Some(kind) = non_cable_kind(sub) {
                out.push(Reference {
                    text: sub.to_owned(),
                    bullet: label.clone(),
                    kind: kind.to_owned(),
                    id: None,
                    title: None,
                });
                continue;
            }
            let toks = tokenize(sub);
            let cables = read_cables(&toks, &mut prev);
            // a title or description after the one cable of an item:
            // `TOKYO 3114 (TRILATERAL POLICY PLANNING)`, `MANAGUA 182 -- REQUEST TO …`
            let title = match cables.as_slice() {
                [c] => title_after_number(sub, &c.number),
                _ => None,
            };
            let mut any = false;
            for c in cables {
                // `MTCR POC 201`: words before a number are a cable's origin
                // only when they name a known station (whose canonical
                // spelling is then the station's, read once here)
                let Some(canon) =
                    crate::id::station_origin(&c.origin).filter(|o| plausible_origin(o))
                else {
                    continue;
                };
                let serial: u64 = match c.number.parse() {
                    Ok(n) if n > 0 => n,
                    _ => continue,
                };
                let id = c
                    .year
                    .or(year)
                    .map(|y| crate::id::cable_id_of_origin(y, &canon, serial));
                // `{:02} {} {}` of the year, origin and number (or the last
                // two), without the formatting machinery
                let mut written =
                    String::with_capacity(3 + c.written_origin.len() + 1 + c.number.len());
                if let Some(y) = c.year {
                    crate::id::push_decimal(
                        &mut written,
                        u64::from(y.rem_euclid(100).unsigned_abs()),
                        2,
                    );
                    written.push(' ');
                }
                written.push_str(&c.written_origin);
                written.push(' ');
                written.push_str(&c.number);
                any = true;
                out.push(Reference {
                    text: written,
                    bullet: label.clone(),
                    kind: "cable".to_owned(),
                    id,
                    title: title.clone(),
                });
            }
            // (a word that means something is looked for only when no
            // cable was read)
            let meaningful = || {
                sub.split_whitespace().any(|w| {
                    let u = w
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_ascii_uppercase();
                    u.len() >= 2 && u != "AND" && !is_skip_word(&u)
                })
            };
            if !any && meaningful() {
                out.push(Reference {
                    text: sub.to_owned(),
                    bullet: label.clone(),
                    kind: "unknown".to_owned(),
                    id: None,
                    title: None,
                });
            }
        }
    }
    out
}

/// The title or description written after a reference's number in `item`
/// (the number as written): `(ROKG ON CHINA)`, `-- ORTEGA ATTACKS U.S.
/// "OCCUPATION" OF HAITI`, `, "Title"`. Notes that are not titles
/// (`(NOTAL)`, a portion mark, a year, `AND PREVIOUS`) give `None`, as does
/// a one-word text.
fn title_after_number(item: &str, number: &str) -> Option<String> {
    // the last occurrence of the number as a whole token
    let mut at = None;
    let mut from = 0;
    while let Some(p) = item.get(from..).and_then(|h| find_short(h, number)) {
        let s = from + p;
        let e = s + number.len();
        let before_ok = !item[..s].ends_with(|c: char| c.is_ascii_alphanumeric());
        let after_ok = !item[e..].starts_with(|c: char| c.is_ascii_alphanumeric());
        if before_ok && after_ok {
            at = Some(e);
        }
        from = e;
    }
    let tail = item.get(at?..)?.trim_start();
    let tail = tail.trim_start_matches(',').trim_start();
    let text = if let Some(inner) = tail.strip_prefix('(') {
        inner.find(')').map_or(inner, |e| &inner[..e])
    } else if let Some(inner) = tail.strip_prefix('"') {
        inner.find('"').map_or(inner, |e| &inner[..e])
    } else {
        tail.strip_prefix("--")
            .or_else(|| tail.strip_prefix("- "))
            .or_else(|| tail.strip_prefix(": "))?
    };
    let text = super::scan::join_ws(text);
    let text = text.trim_matches([' ', '-', ',', ';']);
    let up = text.to_ascii_uppercase();
    let words = text.split_whitespace().count();
    let note = super::scan::is_portion_mark(text)
        || matches!(
            up.as_str(),
            "NOTAL" | "EXDIS" | "NODIS" | "STADIS" | "LIMDIS" | "AND PREVIOUS"
        )
        || up.starts_with("AND ")
        || !text.starts_with(|c: char| c.is_alphabetic() || matches!(c, '"' | '.' | '\''))
        || !text.chars().any(char::is_alphabetic);
    (words >= 2 && !note).then(|| text.to_owned())
}

/// `h.find(n)` by a plain search over the bytes: a reference item is short,
/// too short for `str::find` to win back building its searcher each time.
/// (A match of a UTF-8 needle's bytes in UTF-8 text starts on a char
/// boundary, so the offsets are the same.)
fn find_short(h: &str, n: &str) -> Option<usize> {
    let (h, n) = (h.as_bytes(), n.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w == n)
}

/// The canonical ids of the cables referenced in `text`, in order,
/// duplicates and `own_id` removed (the peer's `references` area).
pub fn reference_ids(text: &str, year: i32, own_id: Option<&str>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for r in parse_references(text, year) {
        if let Some(id) = r.id
            && Some(id.as_str()) != own_id
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_short_agrees_with_str_find() {
        let mut hays: Vec<String> = [
            "",
            "1",
            "123",
            "STATE 1234 AND 1234",
            "caf\u{e9} 12 \u{e9}",
            "\u{e9}\u{e9}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(50) {
            hays.extend(t.lines().take(200).map(str::to_owned));
        }
        let needles = [
            "", "1", "12", "123", "1234", "00", "\u{e9}", "\u{e9} ", "E", "STATE",
        ];
        let mut found = 0;
        for h in &hays {
            for n in needles {
                let got = find_short(h, n);
                found += usize::from(got.is_some_and(|p| p > 0));
                assert_eq!(got, h.find(n), "{h:?} {n:?}");
            }
        }
        assert!(found > 0);
    }

    #[test]
    fn marker_word_quick_rejects_agree_with_the_full_tests() {
        let mut words: Vec<String> = [
            "",
            "PAGE",
            "\\nPAGE",
            "\\n\\nPAGE",
            "X\\nPAGE",
            "PAGES",
            "CONFIDENTIAL",
            "CONFIDENTIAL\\n",
            "CONFIDENTIAL\\nPAGE\\n",
            "SECRET\\n\\n",
            "\\nSECRET",
            "UNCLASSIFIED",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(300) {
            words.extend(t.split_whitespace().map(str::to_string));
        }
        for w in &words {
            assert_eq!(is_page_word(w), is_page_word_full(w), "{w:?}");
            assert_eq!(is_banner_word(w), is_banner_word_full(w), "{w:?}");
        }
    }

    #[test]
    fn keyword_and_stop_tests_agree_with_the_upper_cased_copies() {
        let mut lines: Vec<String> = [
            "",
            "ref",
            "Ref(s): A",
            "re\u{e9}f",
            "REF\u{e9}",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}REF",
            "this is",
            "1.  x",
            "begin summar\u{e9}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(100) {
            for l in t.lines() {
                let l = l.trim_start();
                lines.push(l.to_owned());
                // from each word starting `re` on, as keyword_end reads it
                for (i, _) in l.match_indices(['R', 'r']) {
                    if super::word_start(l, i) && starts_ci(&l[i..], "RE") {
                        lines.push(l[i..].to_owned());
                    }
                }
            }
        }
        for l in &lines {
            let up12: String = l.chars().take(12).collect::<String>().to_ascii_uppercase();
            let up24: String = l.chars().take(24).collect::<String>().to_ascii_uppercase();
            for k in REF_KEYWORDS {
                assert_eq!(starts_ci(l, k), up12.starts_with(k), "{l:?} {k}");
            }
            for s in BLOCK_STOPS {
                assert_eq!(starts_ci(l, s), up24.starts_with(s), "{l:?} {s}");
            }
        }
    }

    /// The old readings of a word's end, an OCR fix and a token list, kept
    /// to check the copy-free ones against.
    fn trim_word_end_slow(w: &str) -> (String, bool) {
        let mut trailing_cont = false;
        let mut w = w.to_owned();
        while let Some(c) = w.chars().last() {
            if matches!(c, ',' | '&') {
                trailing_cont = true;
                w.pop();
            } else if matches!(c, '.' | ':' | ')' | ']' | '"' | '\'') {
                w.pop();
            } else {
                break;
            }
        }
        (w, trailing_cont)
    }

    fn ocr_fix_slow(t: &str) -> String {
        let b = t.as_bytes();
        let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
        let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
        if (b.first() == Some(&b'O') || b.first() == Some(&b'o')) && letters == 1 && digits >= 1 {
            return format!("0{}", &t[1..]);
        }
        if digits == 1 && letters >= 3 && t.contains('0') {
            return t.replace('0', "O");
        }
        t.to_owned()
    }

    fn split_tokens_slow(list: &str) -> Vec<&str> {
        list.split_whitespace()
            .flat_map(|t| match t.find(',') {
                Some(p) if p + 1 < t.len() && enumerator_len(&t[p + 1..]).is_some() => {
                    vec![&t[..=p], &t[p + 1..]]
                }
                _ => vec![t],
            })
            .collect()
    }

    #[test]
    fn copy_free_word_readings_agree_with_the_old_ones() {
        let texts = crate::testtext::edges_and_corpus(
            &[
                "",
                ",",
                "&.,",
                "STATE 123, 456&",
                "A. 213042,C) X",
                "213042,",
                "x,(A) y,B",
                "COTON0U 0TTAWA O4 O1512 o5",
                "caf\u{e9}. \u{e9}, \"x\"' (y) [z]: a-b",
            ],
            300,
        );
        for t in &texts {
            let fast: Vec<&str> = t
                .split_whitespace()
                .flat_map(|w| {
                    let (a, b) = split_glued_enumerator(w);
                    std::iter::once(a).chain(b)
                })
                .collect();
            assert_eq!(fast, split_tokens_slow(t));
            for w in t.split_whitespace() {
                let (a, c) = trim_word_end(w);
                assert_eq!((a.to_owned(), c), trim_word_end_slow(w), "{w:?}");
                for seg in w.split(['-', '/', ',']) {
                    assert_eq!(ocr_fix(seg), ocr_fix_slow(seg), "{seg:?}");
                }
            }
        }
    }

    /// The plain [`non_cable_kind`]: every word searched for.
    fn non_cable_kind_slow(item: &str) -> Option<&'static str> {
        let up = item.to_ascii_uppercase();
        NON_CABLE_WORDS
            .iter()
            .find(|(w, _)| has_word(&up, w))
            .map(|(_, k)| *k)
    }

    #[test]
    fn non_cable_kind_agrees_with_the_plain_search() {
        let mut items: Vec<String> = [
            "",
            "e-mail of 3 May",
            "STATE 12345",
            "Embassy email",
            "telcon",
            "memos",
            "a non-paper",
            "VTCs",
            "\u{e9}mail",
            "DTG 121212Z",
            "www.state.gov",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (w, _) in NON_CABLE_WORDS {
            items.push(format!("x {w} y"));
            items.push(w.to_ascii_lowercase());
        }
        for t in crate::testtext::corpus_texts(100) {
            for l in t.lines() {
                items.push(l.to_string());
                items.extend(l.split([',', ';']).map(str::to_string));
            }
        }
        for it in &items {
            assert_eq!(non_cable_kind(it), non_cable_kind_slow(it), "{it:?}");
        }
    }

    /// The old token reader (a copy of every token), kept to check the one
    /// that borrows from the item against.
    #[derive(Debug, Clone, PartialEq)]
    enum OldTok {
        /// Letters (origin word candidate), upper-cased, as written.
        Word(String, String),
        /// Digits as written (leading zeros kept).
        Num(String),
        /// A year in parentheses or apostrophe form: `(01)`, `(2002)`, `'08`.
        Year(String),
        /// `,` `&` `AND`: continue with the same origin.
        Cont,
        /// `/` between numbers: continue with the same origin (`Kabul 692/317`).
        Slash,
        /// `-` between a number and a 2-digit year (`4525-91`).
        Dash,
        /// Anything else (parenthesized notes, punctuation).
        Other,
    }

    fn tokenize_slow(item: &str) -> Vec<OldTok> {
        let mut toks = Vec::new();
        for raw in item.split_whitespace() {
            let mut w = raw.trim_start_matches(['¶', '#']);
            // parenthesized: year, note, portion mark
            if w.starts_with('(') {
                let inner_end = w.find(')');
                let inner = inner_end.map_or(&w[1..], |e| &w[1..e]);
                if inner_end.is_some()
                    && inner.bytes().all(|c| c.is_ascii_digit())
                    && matches!(inner.len(), 2 | 4)
                {
                    toks.push(OldTok::Year(inner.to_owned()));
                    w = &w[inner_end.map_or(w.len(), |e| e + 1)..];
                } else if let Some(e) = inner_end {
                    // a portion mark or caption (`KUWAIT (C)02293`, `(NOTAL)`) does not
                    // break an origin from its number
                    let up = inner.to_ascii_uppercase();
                    let mark = crate::body::scan::is_portion_mark(inner)
                        || matches!(
                            up.as_str(),
                            "NOTAL" | "EXDIS" | "NODIS" | "STADIS" | "LIMDIS"
                        );
                    if !mark {
                        toks.push(OldTok::Other);
                    }
                    w = &w[e + 1..];
                } else {
                    toks.push(OldTok::Other);
                    continue;
                }
                if w.is_empty() {
                    continue;
                }
            }
            if let Some(y) = w.strip_prefix('\'')
                && y.len() >= 2
                && y.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            {
                toks.push(OldTok::Year(y[..2].to_owned()));
                continue;
            }
            let (w, trailing_cont) = trim_word_end(w);
            if w.is_empty() {
                if trailing_cont {
                    toks.push(OldTok::Cont);
                }
                continue;
            }
            // split at `/` `-` `,` and letter/digit boundaries
            for (k, part) in w.split('/').enumerate() {
                if k > 0 {
                    toks.push(OldTok::Slash);
                }
                // (a part without a comma is one piece: no copy made)
                let part = if part.contains(',') {
                    Cow::Owned(part.replace(',', " , "))
                } else {
                    Cow::Borrowed(part)
                };
                for sub in part.split(' ').filter(|x| !x.is_empty()) {
                    if sub == "," {
                        toks.push(OldTok::Cont);
                        continue;
                    }
                    push_part_slow(&mut toks, sub);
                }
            }
            if trailing_cont {
                toks.push(OldTok::Cont);
            }
        }
        toks
    }

    fn push_part_slow(toks: &mut Vec<OldTok>, part: &str) {
        {
            {
                for (h, seg) in part.split('-').enumerate() {
                    if h > 0 {
                        toks.push(OldTok::Dash);
                    }
                    let seg = ocr_fix(seg);
                    push_alnum_slow(toks, &seg);
                }
            }
        }
    }

    fn push_alnum_slow(toks: &mut Vec<OldTok>, seg: &str) {
        let mut start = 0;
        let b = seg.as_bytes();
        for i in 1..=b.len() {
            let boundary = i == b.len()
                || (b[i].is_ascii_digit() != b[i - 1].is_ascii_digit())
                    && (b[i].is_ascii_alphanumeric() && b[i - 1].is_ascii_alphanumeric());
            if boundary {
                let p = &seg[start..i];
                start = i;
                if p.is_empty() {
                    continue;
                }
                if p.bytes().all(|c| c.is_ascii_digit()) {
                    toks.push(OldTok::Num(p.to_owned()));
                } else if p.eq_ignore_ascii_case("AND") {
                    toks.push(OldTok::Cont);
                } else if p.chars().any(char::is_alphabetic) {
                    let clean: String = p
                        .chars()
                        .filter(|c| c.is_alphanumeric() || *c == '.' || *c == '\'')
                        .collect();
                    let clean = clean.trim_matches(['.', '\'']).to_owned();
                    if clean.is_empty() {
                        toks.push(OldTok::Other);
                    } else {
                        toks.push(OldTok::Word(clean.to_uppercase(), p.to_owned()));
                    }
                } else {
                    toks.push(OldTok::Other);
                }
            }
        }
    }

    /// A token of the borrowing reader in the old reader's form.
    fn owned_tok(t: &Tok<'_>) -> OldTok {
        match t {
            Tok::Word(u, r) => OldTok::Word(u.to_string(), r.to_string()),
            Tok::Num(n) => OldTok::Num(n.to_string()),
            Tok::Year(y) => OldTok::Year((*y).to_owned()),
            Tok::Cont => OldTok::Cont,
            Tok::Slash => OldTok::Slash,
            Tok::Dash => OldTok::Dash,
            Tok::Other => OldTok::Other,
        }
    }

    #[test]
    fn borrowed_tokens_agree_with_the_old_reader() {
        let mut items = crate::testtext::edges_and_corpus_lines(
            &[
                "",
                "STATE 123, 456&",
                "A,B ,C, ,,D,",
                "Kabul 692/317 and 4525-91",
                "COTON0U 0TTAWA O4 O1512 o5 Bern (NOTAL) (notal) (C)02293",
                "(01) (2002) '08 'x (foo bar) (unclosed",
                "caf\u{e9}12 \u{e9}t\u{e9} x.y'z ..'a'. Rio-de-Jan-138",
                "MTCR POC 201/2006 CA-3400 e-mail dated 8 May 08",
            ],
            200,
        );
        for t in crate::testtext::corpus_texts(200) {
            if let Some(b) = find_ref_block(&t) {
                let list = strip_markers(&t[b.list_start..b.end]);
                for (_, item) in split_items(&list) {
                    items.extend(item.split(';').map(str::to_owned));
                }
            }
        }
        let mut words = 0;
        for it in &items {
            let got: Vec<OldTok> = tokenize(it).iter().map(owned_tok).collect();
            words += got.iter().filter(|t| matches!(t, OldTok::Word(..))).count();
            assert_eq!(got, tokenize_slow(it), "{it:?}");
        }
        assert!(words > 0);
    }

    #[test]
    fn word_list_buckets_agree_with_the_lists() {
        let mut words: Vec<String> = ["", "A", "JANU", "REFS", "\u{e9}"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for w in MONTHS.iter().chain(SKIP_WORDS) {
            words.push((*w).to_owned());
            words.push(w.to_ascii_lowercase());
            words.push(format!("{w}S"));
            words.push(w[..w.len() - 1].to_owned());
        }
        for t in crate::testtext::corpus_texts(100) {
            words.extend(t.split_whitespace().map(str::to_uppercase));
        }
        let mut hits = 0;
        for w in &words {
            let (m, k) = (
                MONTHS.contains(&w.as_str()),
                SKIP_WORDS.contains(&w.as_str()),
            );
            hits += usize::from(m) + usize::from(k);
            assert_eq!(is_month(w), m, "{w:?}");
            assert_eq!(is_skip_word(w), k, "{w:?}");
        }
        assert!(hits > 0);
    }

    #[test]
    fn strip_markers_quick_path_agrees_with_the_full_reading() {
        let mut lists = crate::testtext::edges_and_corpus_lines(
            &[
                "",
                "  ",
                "STATE 123",
                "A. STATE 123 \u{a0} B. BERN 4",
                "ROME 00000402 001.2 OF 003 B. ROME 5",
                "X 00000402 1.2 OF",
                "PAGE 02 ROME 01196 01 OF 02 082030Z",
                "A\\nPAGE 02 ROME 01196 01 OF 02 082030Z B",
                "CONFIDENTIAL",
                "CONFIDENTIAL\\n",
                "SECRET STATE 1",
                "UNCLASSIFIED\\nPAGE",
                "00012345",
                "0001234",
                "\u{2003}STATE\u{2003}1\u{2003}",
            ],
            100,
        );
        for t in crate::testtext::corpus_texts(100) {
            if let Some(b) = find_ref_block(&t) {
                lists.push(t[b.list_start..b.end].to_owned());
            }
        }
        // (both paths taken: some lists lose a marker)
        let mut dropped = 0;
        for l in &lists {
            let full = strip_markers_full(l);
            assert_eq!(strip_markers(l), full, "{l:?}");
            dropped += usize::from(full != crate::body::scan::collapse_ws(l));
        }
        assert!(dropped > 0);
    }

    fn ids(t: &str, y: i32) -> Vec<String> {
        reference_ids(t, y, None)
    }

    #[test]
    fn seed_ref() {
        let t = "SUBJECT: KOSOVO\n\nREF: STATE 2731\n\nPRISTINA 00000128 001.2 OF 009\n\n11. (SBU) SUMMARY: Post's";
        let r = parse_references(t, 2008);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].text, "STATE 2731");
        assert_eq!(r[0].id.as_deref(), Some("08STATE2731"));
        assert_eq!(r[0].bullet, None);
    }

    #[test]
    fn enumerated_forms() {
        assert_eq!(
            ids(
                "REF: (A)STATE 071143, (B)STATE 073601, (C)STATE 72896, (D)BEIJING \n5361, (E) STATE 148514",
                2007
            ),
            [
                "07STATE71143",
                "07STATE73601",
                "07STATE72896",
                "07BEIJING5361",
                "07STATE148514"
            ]
        );
        assert_eq!(
            ids("REF A) LONDON 002351 B) STATE 069339", 2010),
            ["10LONDON2351", "10STATE69339"]
        );
        assert_eq!(
            ids("REF: A) 07 TRIPOLI 656; B) 07 TRIPOLI 695", 2009),
            ["07TRIPOLI656", "07TRIPOLI695"]
        );
        assert_eq!(ids("Ref:  06 REYKJAVIK 431", 2008), ["06REYKJAVIK431"]);
        assert_eq!(
            ids(
                "REF: A. STATE 1 B. STATE 2 C. 06 KINGSTON 2021 (NOTAL)",
                2008
            )[2],
            "06KINGSTON2021"
        );
    }

    #[test]
    fn continuation_and_years() {
        assert_eq!(
            ids("REF: SECSTATE 113408 AND SECSTATE 113635 ", 2005).len(),
            2
        );
        assert_eq!(
            ids("REF: A. BRASILIA 2799 AND 2764 ", 2004),
            ["04BRASILIA2799", "04BRASILIA2764"]
        );
        assert_eq!(ids("REF: A. QUITO 4525-91 ", 2006), ["91QUITO4525"]);
        assert_eq!(
            ids("REF: 09CAIRO0561; 08CAIRO2528 ", 2010),
            ["09CAIRO561", "08CAIRO2528"]
        );
        assert_eq!(
            ids(
                "REFS: (1) 2005 RIO DE JANEIRO 1143, (2) 2005 BRASILIA 03242 ",
                2006
            )[1],
            "05BRASILIA3242"
        );
        assert_eq!(
            ids("REF: AMMAN 07718 99, AMMAN 05986 00", 2002),
            ["99AMMAN7718", "00AMMAN5986"]
        );
    }

    #[test]
    fn non_cables_are_typed() {
        let r = parse_references(
            "REF: A) TALLINN 366 B) LEE-GOLDSTEIN EMAIL 05/11/07 \nB) TALLINN 347 ",
            2007,
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].kind, "email");
        assert_eq!(r[1].text, "LEE-GOLDSTEIN EMAIL 05/11/07");
        assert_eq!(r[1].bullet.as_deref(), Some("B"));
        assert_eq!(r[2].id.as_deref(), Some("07TALLINN347"));
        assert!(ids("REF: EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14\n", 2004).is_empty());
    }

    #[test]
    fn marks_and_words_between_origin_and_number() {
        assert_eq!(ids("REF: KUWAIT (C)02293 ", 2003), ["03KUWAIT2293"]);
        assert_eq!(
            ids("REF: COLOMBO CABLES 0266 AND 02259 (2002)", 2003),
            ["03COLOMBO266", "02COLOMBO2259"]
        );
    }

    #[test]
    fn meetings_and_reports() {
        // 08LONDON1412, 08NAIROBI2290
        let r = parse_references(
            "REF: A. LONDON 1 B. STATE-LONDON SVTC MAY 9 C. USDAO NAIROBI IIR 6 854 0108 08 291553Z JAN 08",
            2008,
        );
        let kinds: Vec<&str> = r.iter().map(|x| x.kind.as_str()).collect();
        assert_eq!(kinds, ["cable", "meeting", "report"]);
    }

    #[test]
    fn dates_are_not_cables() {
        // 08NAIROBI1363, 66BUENOSAIRES2481
        assert!(ids("Ref: A) DAR-T doc TS-323-08A dated 8 May 08 ", 2008).is_empty());
        assert_eq!(
            ids(
                "REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 ",
                1966
            ),
            ["66STATE106206"]
        );
    }

    #[test]
    fn markers_inside_are_dropped() {
        assert_eq!(
            ids(
                "REF: A) TRIPOLI 199, B) TRIPOLI 227 TRIPOLI 00000402 \n\n001.2 OF 003 ",
                2008
            ),
            ["08TRIPOLI199", "08TRIPOLI227"]
        );
    }

    #[test]
    fn unknown_origins_are_not_cables() {
        // 09STATE119085 (Cablegate page): Foreign Affairs Manual sections
        let r = parse_references(
            "REF: (A) 08 STATE 061194\n\n(B) 7 FAM 180\n\n(C) 09 STATE 030541\n\n(D) 04 STATE 061816\n\n(E) 2 FAM 227\n\n(F) 08 STATE 110175\n\n(G) 09 STATE 110904\n\n(H) 9 FAM 42.1 N4, PN2-5, and PN7\n\n(U) Classified by: David Appleton, Director,\n",
            2009,
        );
        let got: Vec<(&str, Option<&str>)> = r
            .iter()
            .map(|x| (x.kind.as_str(), x.id.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("cable", Some("08STATE61194")),
                ("unknown", None),
                ("cable", Some("09STATE30541")),
                ("cable", Some("04STATE61816")),
                ("unknown", None),
                ("cable", Some("08STATE110175")),
                ("cable", Some("09STATE110904")),
                ("unknown", None)
            ]
        );
        assert_eq!(r[1].text, "7 FAM 180");
        // a point of contact list is not a cable from `MTCRPOC`
        let r = parse_references("REF: MTCR POC 201\n", 2009);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].kind, "unknown");
        // 09RPODUBAI379: `DUBAI RPO` is the station RPODUBAI
        let r = parse_references("REF: DUBAI RPO 378\n", 2009);
        assert_eq!(r[0].id.as_deref(), Some("09RPODUBAI378"));
    }

    #[test]
    fn titles_after_the_number() {
        // 09SEOUL59 (Cablegate page)
        let r = parse_references(
            "REF: A. TOKYO 3114 (TRILATERAL POLICY PLANNING)\n     B. SECDEF DTG261447ZNOV08 (DEFENSE TRILATERAL TALKS)\n     C. TOKYO 3416 (ROK-PRC-JAPAN TRILATS)\n     D. SEOUL 1681 (ROKG ON CHINA)\n",
            2009,
        );
        let got: Vec<(&str, Option<&str>)> = r
            .iter()
            .map(|x| (x.kind.as_str(), x.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("cable", Some("TRILATERAL POLICY PLANNING")),
                ("unknown", None),
                ("cable", Some("ROK-PRC-JAPAN TRILATS")),
                ("cable", Some("ROKG ON CHINA"))
            ]
        );
        // 10MANAGUA115, 10HAVANA84
        let r = parse_references(
            "REF: A) MANAGUA 182 -- REQUEST TO RENEW STATUS OF FORCES AGREEMENT B) MANAGUA 49 -- ORTEGA ATTACKS U.S. \"OCCUPATION\" OF HAITI C) 2009 MANAGUA 1090\n",
            2010,
        );
        assert_eq!(
            r[0].title.as_deref(),
            Some("REQUEST TO RENEW STATUS OF FORCES AGREEMENT")
        );
        assert_eq!(
            r[1].title.as_deref(),
            Some("ORTEGA ATTACKS U.S. \"OCCUPATION\" OF HAITI")
        );
        assert_eq!(r[2].title, None);
        let r = parse_references(
            "REF: A. 09 HAVANA 631 (GOC TELLS CUBANS TO FEND FOR THEMSELVES) B. 09 HAVANA 322 (...ANOTHER SPECIAL PERIOD?)\n",
            2010,
        );
        assert_eq!(
            r[0].title.as_deref(),
            Some("GOC TELLS CUBANS TO FEND FOR THEMSELVES")
        );
        assert_eq!(r[1].title.as_deref(), Some("...ANOTHER SPECIAL PERIOD?"));
        // notes are not titles
        for t in [
            "REF: C. 06 KINGSTON 2021 (NOTAL)\n",
            "REF: A. QUITO 4525-91\n",
            "REF: (C) Colombo 2179, and previous\n",
            "REF: COLOMBO CABLES 0266 AND 02259 (2002)\n",
            "REF: KUWAIT (C)02293\n",
        ] {
            for x in parse_references(t, 2005) {
                assert_eq!(x.title, None, "{t}");
            }
        }
    }

    #[test]
    fn no_block() {
        assert!(parse_references("REFORM OF THE JUDICIARY", 2008).is_empty());
        assert!(parse_references("", 2008).is_empty());
    }
}
