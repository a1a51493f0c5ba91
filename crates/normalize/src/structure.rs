//! Stage 2: the lines of a cable. Rules `section-marker`, `paragraph-mark`,
//! `line-rejoin` and `layout`.
//!
//! The text is read as a sequence of content lines separated by *gaps*
//! (line ends, blank lines, removed markers). Each line gets a zone
//! (envelope, header, body); each gap gets a decision — join the lines, keep
//! one line end, or one blank line — from the zone and the two lines' edges.
//! Decisions depend only on the text around the gap, never on how much
//! whitespace the gap holds beyond "a line end" vs "blank lines", so a second
//! run over the clean text decides the same and changes nothing.

use crate::{Options, edit, edit_static};
use cablekit_grammar::{marker, parahead};
use cablekit_record::{Edit, SectionMarker};

const MARKER: &str = "section-marker";
const PARA: &str = "paragraph-mark";
const REJOIN: &str = "line-rejoin";
const LAYOUT: &str = "layout";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Envelope,
    Header,
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Class,
    Caption,
    Attention,
    Eo,
    Tags,
    Subject,
    Ref,
    ClassBy,
}

impl Kind {
    fn group(self) -> u8 {
        match self {
            Kind::Class => 1,
            Kind::Caption => 2,
            Kind::Attention => 3,
            Kind::Eo | Kind::Tags | Kind::Subject => 4,
            Kind::Ref => 5,
            Kind::ClassBy => 6,
        }
    }
}

/// A span of markers removed together.
struct Found {
    start: usize,
    end: usize,
}

/// One physical line.
#[derive(Debug, Clone)]
struct Ln {
    /// the line's first byte and its end (the `\n` or the text's end);
    /// `cs..ce` always lies within `start..=end`
    start: usize,
    end: usize,
    /// content start / end (whitespace and markers trimmed)
    cs: usize,
    ce: usize,
    /// the whole line is a marker (or a banner around one)
    marker: bool,
    /// a marker was cut from the end of the line
    marker_edge: bool,
    /// a marker was cut from the start of the line
    marker_head: bool,
}

impl Ln {
    fn blank(&self) -> bool {
        self.cs >= self.ce
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    Join,
    Newline,
    Blank,
}

/// The facts of a content line that the walk reads more than once, one
/// bit each: it holds a lower-case letter ([`has_lower`]), …
const LOWER: u8 = 1;
/// … it is a table row ([`tableish`]), …
const TABLE: u8 = 2;
/// … a rule ([`is_rule_line`]), …
const RULE: u8 = 4;
/// … it starts like a bullet ([`is_bullet`]), …
const BULLET: u8 = 8;
/// … it is an envelope line ([`envelope_like`]), …
const ENV: u8 = 16;
/// … it is a paragraph head (a strong one, or one of the chosen reading).
const HEAD: u8 = 32;

/// A paragraph-head candidate at a line start.
#[derive(Debug, Clone)]
struct Head {
    line: usize,
    /// bytes of the head from the content start to after the `.`
    len: usize,
    written: u32,
    /// a garbled `¶` read as a leading `1`: the number without it
    stripped: Option<u32>,
    /// needs a repair whatever the reading (bullet, `¶6 .`)
    damaged: bool,
    /// a portion mark, a `¶` or converter damage: a head whatever its number
    strong: bool,
}

fn is_ws(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\r' || c == 0x0c
}

fn split_lines(text: &str) -> Vec<Ln> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    // the vector search made once for every line, when the processor has
    // it: `memchr::memchr` chooses it again for each (most lines are short)
    #[cfg(target_arch = "x86_64")]
    let avx2 = memchr::arch::x86_64::avx2::memchr::One::new(b'\n');
    let find = |h: &[u8]| {
        #[cfg(target_arch = "x86_64")]
        if let Some(one) = &avx2 {
            return one.find(h);
        }
        memchr::memchr(b'\n', h)
    };
    let mut pos = 0;
    loop {
        // a blank line (a quarter of all lines) ends where it starts: no
        // search for its end
        let end = if b.get(pos) == Some(&b'\n') {
            pos
        } else {
            find(&b[pos..]).map_or(b.len(), |k| pos + k)
        };
        // whitespace, including no-break spaces (U+00A0, C2 A0); most lines
        // start and end with a printable ASCII byte, which is neither
        let printable = |c: u8| c > b' ' && c < 0x80;
        let mut cs = pos;
        while !(cs < end && printable(b[cs])) {
            if cs < end && is_ws(b[cs]) {
                cs += 1;
            } else if cs + 1 < end && b[cs] == 0xC2 && b[cs + 1] == 0xA0 {
                cs += 2;
            } else {
                break;
            }
        }
        let mut ce = end;
        while !(ce > cs && printable(b[ce - 1])) {
            if ce > cs && is_ws(b[ce - 1]) {
                ce -= 1;
            } else if ce >= cs + 2 && b[ce - 2] == 0xC2 && b[ce - 1] == 0xA0 {
                ce -= 2;
            } else {
                break;
            }
        }
        out.push(Ln {
            start: pos,
            end,
            cs,
            ce,
            marker: false,
            marker_edge: false,
            marker_head: false,
        });
        if end == b.len() {
            break;
        }
        pos = end + 1;
    }
    out
}

const LEVELS: &[&str] = &[
    "UNCLASSIFIED",
    "UNCLAS",
    "CONFIDENTIAL",
    "SECRET",
    "TOPSECRET",
    "LIMITEDOFFICIALUSE",
];

/// `b` (after leading ASCII whitespace) may spell a classification level
/// ([`LEVELS`]) with its words run together: its first byte is the first
/// letter of a level, and the next byte is that level's second letter or
/// ends the word (`C O N F I D E N T I A L`). In any case when `fold`.
/// Most lines fail on their first two bytes.
fn level_start(b: &[u8], fold: bool) -> bool {
    let Some(p) = b.iter().position(|c| !c.is_ascii_whitespace()) else {
        return false;
    };
    let up = |c: u8| if fold { c.to_ascii_uppercase() } else { c };
    let second = match up(b[p]) {
        b'U' => b'N',
        b'C' | b'T' => b'O',
        b'S' => b'E',
        b'L' => b'I',
        _ => return false,
    };
    b.get(p + 1)
        .is_some_and(|&c| c.is_ascii_whitespace() || up(c) == second)
}

/// `UNCLAS SECTION 01 OF 09 PRISTINA 000128`, `C O N F I D E N T I A L BEIRUT 00172`.
fn is_class_line(s: &str) -> bool {
    s.len() <= 120 && level_start(s.as_bytes(), true) && class_line_shape(s)
}

/// The test of [`is_class_line`] after its quick reject: the line squeezed
/// of whitespace starts with a level and its last word is a serial.
fn class_line_shape(s: &str) -> bool {
    // the first letter names the one level that may follow (`UNCLAS` for
    // both of `U`), and the squeezed letters are read against it only as
    // far as they agree: most lines differ by their third
    let mut letters = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_uppercase());
    let level: &[u8] = match letters.next() {
        Some(b'U') => b"UNCLAS",
        Some(b'C') => b"CONFIDENTIAL",
        Some(b'S') => b"SECRET",
        Some(b'T') => b"TOPSECRET",
        Some(b'L') => b"LIMITEDOFFICIALUSE",
        _ => return false,
    };
    if !level[1..].iter().all(|&c| letters.next() == Some(c)) {
        return false;
    }
    // ends with a serial
    let last = s.split_ascii_whitespace().last().unwrap_or("");
    last.len() >= 3 && last.bytes().all(|c| c.is_ascii_digit())
}

/// A classification banner alone on a line (`LIMITED OFFICIAL USE`,
/// ` CONFIDENTIAL     PTQ1859`).
// inlined: the walk asks it of most body lines, and the quick reject turns
// nearly all of them away in a few instructions, fewer than the call's
#[inline]
fn is_banner(s: &str) -> bool {
    level_start(s.as_bytes(), false) && banner_shape(s)
}

/// The test of [`is_banner`] after its quick reject.
#[inline(never)]
fn banner_shape(s: &str) -> bool {
    // the words before the first one with a digit spell a level
    const SPELLED: [&[u8]; 5] = [
        b"UNCLASSIFIED",
        b"CONFIDENTIAL",
        b"SECRET",
        b"LIMITEDOFFICIALUSE",
        b"TOPSECRET",
    ];
    let mut n = 0;
    let mut spelled = [0u8; 24];
    let mut len = 0;
    for w in s.split_ascii_whitespace() {
        n += 1;
        if n > 4 {
            return false;
        }
        if w.bytes().any(|c| c.is_ascii_digit()) {
            break;
        }
        for c in w.bytes() {
            if len == spelled.len() {
                return false;
            }
            spelled[len] = c;
            len += 1;
        }
        // words are only appended: once no level starts with what is
        // spelled, none will equal it
        if !SPELLED.iter().any(|l| l.starts_with(&spelled[..len])) {
            return false;
        }
    }
    SPELLED.contains(&&spelled[..len])
}

/// The words a caption line is made of ([`is_caption_word`] matches them).
#[cfg(test)]
const CAPTION_WORDS: &[&str] = &[
    "SIPDIS",
    "SENSITIVE",
    "NOFORN",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "STADIS",
    "CHEROKEE",
    "ROGER",
    "CHANNEL",
    "EYES",
    "ONLY",
    "FOR",
    "OFFICIAL",
    "USE",
    "BUT",
    "UNCLASSIFIED",
    "NOT",
    "INTERNET",
    "DISTRIBUTION",
    "DISSEMINATION",
    "CONTROLLED",
    "BY",
    "ORIGINATOR",
    "ORCON",
    "PROPIN",
    "RELIDO",
    "EFTO",
    "SBU",
    "NOTAL",
    "DECAPTIONED",
    "CORRECTED",
    "COPY",
    "PLEASE",
    "PASS",
    "IMMEDIATELY",
    "SECRET",
    "CONFIDENTIAL",
    "TOP",
    "LIMITED",
    "REL",
    "FVEY",
];

fn is_caption(s: &str) -> bool {
    let mut any = false;
    for w in s.split(|c: char| {
        c.is_whitespace() || c == ',' || c == '/' || c == '-' || c == '(' || c == ')'
    }) {
        if w.is_empty() {
            continue;
        }
        if !is_caption_word(w) {
            return false;
        }
        any = true;
    }
    any
}

/// `w` is a word of a caption line (`SIPDIS`, `NOFORN`, …; the test list
/// `CAPTION_WORDS` holds them), in any case: upper-cased into a small
/// buffer and matched at once (a test of its length, then of its bytes)
/// instead of against each word of the list in turn.
fn is_caption_word(w: &str) -> bool {
    let b = w.as_bytes();
    let mut up = [0u8; 13];
    if b.len() > up.len() {
        return false;
    }
    for (u, c) in up.iter_mut().zip(b) {
        *u = c.to_ascii_uppercase();
    }
    matches!(
        &up[..b.len()],
        b"SIPDIS"
            | b"SENSITIVE"
            | b"NOFORN"
            | b"EXDIS"
            | b"NODIS"
            | b"LIMDIS"
            | b"STADIS"
            | b"CHEROKEE"
            | b"ROGER"
            | b"CHANNEL"
            | b"EYES"
            | b"ONLY"
            | b"FOR"
            | b"OFFICIAL"
            | b"USE"
            | b"BUT"
            | b"UNCLASSIFIED"
            | b"NOT"
            | b"INTERNET"
            | b"DISTRIBUTION"
            | b"DISSEMINATION"
            | b"CONTROLLED"
            | b"BY"
            | b"ORIGINATOR"
            | b"ORCON"
            | b"PROPIN"
            | b"RELIDO"
            | b"EFTO"
            | b"SBU"
            | b"NOTAL"
            | b"DECAPTIONED"
            | b"CORRECTED"
            | b"COPY"
            | b"PLEASE"
            | b"PASS"
            | b"IMMEDIATELY"
            | b"SECRET"
            | b"CONFIDENTIAL"
            | b"TOP"
            | b"LIMITED"
            | b"REL"
            | b"FVEY"
    )
}

fn starts_ci(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

fn header_kind(s: &str) -> Option<Kind> {
    if is_class_line(s) {
        return Some(Kind::Class);
    }
    // each of the prefixes below starts with the letter it is tried after
    let kind = match s.as_bytes().first().map(u8::to_ascii_uppercase) {
        Some(b'E')
            if starts_ci(s, "E.O.")
                || starts_ci(s, "E.O ")
                || starts_ci(s, "E. O.")
                || starts_ci(s, "EO 1")
                || starts_ci(s, "E.0.") =>
        {
            Some(Kind::Eo)
        }
        Some(b'T') if starts_ci(s, "TAGS") => Some(Kind::Tags),
        Some(b'S') if starts_ci(s, "SUBJECT") || starts_ci(s, "SUBJ:") || starts_ci(s, "SUBJ ") => {
            Some(Kind::Subject)
        }
        Some(b'R') if starts_ci(s, "REF") && !starts_ci(s, "REFORM") && !starts_ci(s, "REFUG") => {
            Some(Kind::Ref)
        }
        Some(b'C') if starts_ci(s, "CLASSIFIED BY") => Some(Kind::ClassBy),
        Some(b'D') if starts_ci(s, "DERIVED FROM") => Some(Kind::ClassBy),
        _ => None,
    };
    if kind.is_some() {
        return kind;
    }
    if is_caption(s) {
        return Some(Kind::Caption);
    }
    None
}

/// `DEPT FOR EG/TIP, EUR`, `LONDON FOR CHARLES GURNEY`, `PASS TO …`.
fn is_attention(s: &str) -> bool {
    // decided on the start of the line only, so that a line joined to what
    // follows it reads the same on a second run
    let p = &s[..s.floor_char_boundary(40.min(s.len()))];
    let upper = !p.bytes().any(|c| c.is_ascii_lowercase());
    upper
        && (p.contains(" FOR ")
            || p.starts_with("FOR ")
            || p.starts_with("PASS ")
            || p.starts_with("DEPT ")
            || p.starts_with("DEPARTMENT "))
}

fn is_envelope_start(s: &str) -> bool {
    s.starts_with("VZCZC")
        || s.starts_with("DE ")
        || s.starts_with("FM ")
        || dtg_line(s)
        || prosign_line(s)
}

/// `O 121616Z MAR 08`, `R 101642Z JAN 85`, `P R 281848Z DEC 66`.
fn dtg_line(s: &str) -> bool {
    // the first word is made of these letters, one or two of them: its
    // first byte is one, and the next is one too or ends the word
    let t = s.trim_ascii_start().as_bytes();
    let prosign = |c: &u8| matches!(c, b'Z' | b'O' | b'P' | b'R' | b'M');
    if !(t.first().is_some_and(prosign)
        && t.get(1)
            .is_some_and(|c| prosign(c) || c.is_ascii_whitespace()))
    {
        return false;
    }
    let mut words = s.split_ascii_whitespace().peekable();
    let mut letters = 0;
    while let Some(w) = words.peek() {
        if w.len() <= 2
            && w.bytes()
                .all(|c| matches!(c, b'Z' | b'O' | b'P' | b'R' | b'M'))
        {
            letters += 1;
            words.next();
        } else {
            break;
        }
    }
    let Some(t) = words.next() else { return false };
    (1..=2).contains(&letters)
        && t.len() == 7
        && t.ends_with('Z')
        && t[..6].bytes().all(|c| c.is_ascii_digit())
}

/// A line of an envelope repeated inside the body: the classification line,
/// a DTG line, a banner, `ACTION AF-00` / `INFO LOG-00 NP-00 …` office
/// distribution, `------------------8A8E22 271459Z /38` sequence lines,
/// `FM AMEMBASSY …`, `TO SECSTATE …`, `INFO RUEH…/…`.
fn envelope_like(s: &str) -> bool {
    if s.len() < 3 {
        return false;
    }
    if is_class_line(s) || dtg_line(s) || is_banner(s) {
        return true;
    }
    let office = |w: &str| {
        w.split_once('-').is_some_and(|(a, d)| {
            (1..=6).contains(&a.len())
                && a.bytes().all(|c| c.is_ascii_uppercase())
                && d.len() == 2
                && d.bytes().all(|c| c.is_ascii_digit())
        })
    };
    // the first two words are read only for the tests of `ACTION`, `INFO`
    // and `TO` below
    let (first, second) = if may_start_action(s) {
        first_two_words(s)
    } else {
        ("", "")
    };
    // an office and a sequence line hold a dash
    let dash = memchr::memchr(b'-', s.as_bytes()).is_some();
    if dash && matches!(first, "ACTION" | "INFO") && office(second) {
        return true;
    }
    if dash
        && s.split_ascii_whitespace()
            .take(8)
            .filter(|w| office(w))
            .count()
            >= 4
    {
        return true;
    }
    // `------------------8A8E22 271459Z /38`
    let dashes = s.bytes().take_while(|&c| c == b'-').count();
    if dashes >= 8 {
        let rest = &s[dashes..];
        let tok = rest.split_ascii_whitespace().next().unwrap_or("");
        if (4..=8).contains(&tok.len())
            && tok
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
            && rest.contains('Z')
        {
            return true;
        }
    }
    const FROM: &[&str] = &[
        "FM AMEMBASSY ",
        "FM AMCONSUL ",
        "FM SECSTATE ",
        "FM USMISSION ",
        "FM USDEL ",
        "FM USEU ",
        "FM USNATO ",
        "FM AMEMB ",
        "FM USINT ",
        "FM USLO ",
        "TO SECSTATE ",
        "TO AMEMBASSY ",
    ];
    if (s.starts_with("FM ") || s.starts_with("TO "))
        && FROM.iter().any(|p| s.starts_with(p))
        && !has_lower(s)
    {
        return true;
    }
    // `TO RUEHC/SECSTATE`, `INFO RUEHXK/ARAB …`
    if matches!(first, "TO" | "INFO")
        && second.split_once('/').is_some_and(|(r, t)| {
            (4..=8).contains(&r.len()) && r.bytes().all(|c| c.is_ascii_uppercase()) && !t.is_empty()
        })
    {
        return true;
    }
    false
}

/// The quick reject of the first-word tests of [`envelope_like`]: the
/// line's first word may be `ACTION`, `INFO` or `TO` (it starts with one).
fn may_start_action(s: &str) -> bool {
    let t = s.trim_ascii_start().as_bytes();
    t.starts_with(b"TO") || t.starts_with(b"INFO") || t.starts_with(b"ACTION")
}

/// The first two words of `s` (empty when missing).
fn first_two_words(s: &str) -> (&str, &str) {
    let mut words = s.split_ascii_whitespace();
    (words.next().unwrap_or(""), words.next().unwrap_or(""))
}

/// `OO RUEHAG RUEHAST …`
fn prosign_line(s: &str) -> bool {
    let mut w = s.split_ascii_whitespace();
    matches!(
        w.next(),
        Some("ZZ" | "OO" | "PP" | "RR" | "OP" | "PR" | "RP" | "OR" | "RO" | "PO")
    ) && w
        .next()
        .is_some_and(|r| r.len() >= 4 && r.len() <= 8 && r.bytes().all(|c| c.is_ascii_uppercase()))
}

/// `s` holds an ASCII lower-case letter.
///
/// Read eight bytes at a time: a byte `c` below 0x80 is in `a..=z` when
/// `c + (0x80 - b'a')` has its top bit set and `c + (0x80 - b'z' - 1)` has
/// not. Adding to the low seven bits of each byte carries into no other
/// byte, so one addition tests all eight. Upper-case lines (most of an
/// old telegram) are read at about one instruction a byte instead of four.
fn has_lower(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // the top bit of each byte of `w` that is in `a..=z`
    let lower = |w: &[u8]| {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        let low = x & !HIGH;
        let from_a = low + ONES * u64::from(0x80 - b'a');
        let past_z = low + ONES * u64::from(0x80 - b'z' - 1);
        from_a & !past_z & !x & HIGH
    };
    let b = s.as_bytes();
    if b.len() < 8 {
        return b.iter().any(u8::is_ascii_lowercase);
    }
    // sixteen bytes a step, and the last bytes as the eight that end `b`
    // (read again in part: the test is whether any byte is one)
    let mut pairs = b.chunks_exact(16);
    for p in &mut pairs {
        if lower(&p[..8]) | lower(&p[8..]) != 0 {
            return true;
        }
    }
    let rest = pairs.remainder();
    (rest.len() > 8 && lower(&rest[..8]) != 0)
        || (!rest.is_empty() && lower(&b[b.len() - 8..]) != 0)
}

/// Sentence-final: `.`, `!`, `?`, `:` or `;`, maybe followed by quotes/parentheses
/// (`"`, `'`, `)`, `]`, `*`, `”`, `’`).
fn terminal(s: &str) -> bool {
    // read bytewise from the end: `”` (E2 80 9D) and `’` (E2 80 99) end a
    // string only as whole characters
    let mut b = s.as_bytes();
    loop {
        match b {
            [rest @ .., b'"' | b'\'' | b')' | b']' | b'*'] => b = rest,
            [rest @ .., 0xE2, 0x80, 0x9D | 0x99] => b = rest,
            [.., b'.' | b'!' | b'?' | b':' | b';'] => return true,
            _ => return false,
        }
    }
}

fn last_word(s: &str) -> &str {
    s.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("")
}

/// The last word of `s` (after its last whitespace character) is a
/// function word ([`is_function_word`]), in any case.
fn ends_with_function_word(s: &str) -> bool {
    // every function word is at most 9 bytes of ASCII letters and `.`: the
    // last word is the run of such bytes at the end, and it must follow
    // whitespace (or start `s`), else the last word holds another byte.
    // The run is read backwards into its key ([`word_key`]), lower-cased
    // by setting bit 5 (which leaves `.` as it is).
    let b = s.as_bytes();
    let mut i = b.len();
    let mut key = 0u64;
    while i > 0 {
        let c = b[i - 1];
        if !(c.is_ascii_alphabetic() || c == b'.') {
            break;
        }
        if b.len() - i == 9 {
            return false;
        }
        key = key << 8 | u64::from(c | 0x20);
        i -= 1;
    }
    let n = b.len() - i;
    if n == 0 {
        return false;
    }
    if i > 0 {
        let c = b[i - 1];
        let ws = if c < 0x80 {
            c.is_ascii_whitespace() || c == 0x0b
        } else {
            s[..i].chars().next_back().is_some_and(char::is_whitespace)
        };
        if !ws {
            return false;
        }
    }
    if n == 9 {
        return b[i..].eq_ignore_ascii_case(LONG_FUNCTION_WORD);
    }
    is_function_key(key)
}

/// `w` (lower case) is a function word: a word after which a sentence must
/// go on.
#[cfg(test)]
fn is_function_word(w: &[u8]) -> bool {
    match w.len() {
        1..=8 => !w.contains(&0) && is_function_key(word_key(w)),
        9 => w == LONG_FUNCTION_WORD,
        _ => false,
    }
}

/// The function words of at most eight bytes ([`is_function_word`]).
const FUNCTION_WORDS: &[&[u8]] = &[
    b"the", b"a", b"an", b"of", b"to", b"in", b"for", b"and", b"or", b"but", b"with", b"by", b"on",
    b"at", b"from", b"that", b"which", b"who", b"whose", b"as", b"is", b"are", b"was", b"were",
    b"be", b"been", b"has", b"have", b"had", b"will", b"would", b"could", b"should", b"its",
    b"their", b"his", b"her", b"this", b"these", b"those", b"than", b"into", b"over", b"under",
    b"between", b"about", b"after", b"before", b"during", b"not", b"no", b"such", b"said", b"per",
    b"via", b"mr.", b"ms.", b"mrs.", b"dr.", b"our", b"my", b"your", b"if", b"when", b"while",
    b"because", b"since", b"both", b"either", b"neither", b"also", b"more", b"most", b"very",
    b"any", b"all", b"some", b"other",
];

/// The one function word of nine bytes.
const LONG_FUNCTION_WORD: &[u8] = b"including";

/// The key of a word of at most eight bytes, none of them NUL: its bytes
/// as a little-endian number (the first byte lowest), so that two words
/// have the same key only if they are the same word.
const fn word_key(w: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = w.len();
    while i > 0 {
        i -= 1;
        key = key << 8 | w[i] as u64;
    }
    key
}

/// A multiplier that sends the keys of [`FUNCTION_WORDS`] to 256 distinct
/// slots (found by a search over random odd numbers; the build of
/// [`FUNCTION_KEYS`] fails if two words share a slot).
const FUNCTION_MUL: u64 = 0x8603_c665_1a00_1c05;

const fn function_slot(key: u64) -> usize {
    (key.wrapping_mul(FUNCTION_MUL) >> 56) as usize
}

/// The key of each function word in its slot, 0 elsewhere (no word has
/// the key 0): a perfect hash table.
const FUNCTION_KEYS: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let key = word_key(FUNCTION_WORDS[i]);
        let slot = function_slot(key);
        assert!(t[slot] == 0, "two function words share a slot");
        t[slot] = key;
        i += 1;
    }
    t
};

/// `key` is the key ([`word_key`]) of a function word of at most eight bytes.
fn is_function_key(key: u64) -> bool {
    key != 0 && FUNCTION_KEYS[function_slot(key)] == key
}

/// More than a quarter of the ASCII letters of `b` are lower case: a
/// mixed-case cable, not an all-caps telegram.
///
/// Counted block by block, and decided as soon as the bytes left cannot
/// change the answer (each of them adds at most one to one count): most
/// cables are decided a third or so of the way in.
fn mixed_case(b: &[u8]) -> bool {
    // `lo * 4 > lo + up`, that is `3 lo > up`
    let (mut lo, mut up) = (0usize, 0usize);
    let mut left = b.len();
    // byte-wide counters over blocks of 255 bytes vectorise well
    for block in b.chunks(255) {
        let (mut l, mut u) = (0u8, 0u8);
        for &c in block {
            l += u8::from(c.wrapping_sub(b'a') < 26);
            u += u8::from(c.wrapping_sub(b'A') < 26);
        }
        lo += usize::from(l);
        up += usize::from(u);
        left -= block.len();
        // even if every byte left were upper case
        if 3 * lo > up + left {
            return true;
        }
        // even if every byte left were lower case
        if 3 * (lo + left) <= up {
            return false;
        }
    }
    3 * lo > up
}

/// `--`, `- `, `* `, `• `, `o `, `(a)`, `A.`, `a)`, `1)`.
// inlined: asked of every content line, turned away by its first two bytes
#[inline]
fn is_bullet(s: &str) -> bool {
    let b = s.as_bytes();
    // most lines start with a word: a letter starts a bullet only before
    // `.` or `)` (`A.`, `a)`), or as `o ` before a space
    let word = b.first().is_some_and(u8::is_ascii_alphabetic)
        && !matches!(b.get(1), Some(b'.' | b')' | b' '));
    !word && bullet_shape(s)
}

/// The test of [`is_bullet`] after its quick reject.
#[inline(never)]
fn bullet_shape(s: &str) -> bool {
    let b = s.as_bytes();
    if s.starts_with("--")
        || s.starts_with("- ")
        || s.starts_with("* ")
        || s.starts_with("\u{2022}")
        || s.starts_with("o ")
        || s.starts_with("= ")
    {
        return true;
    }
    // (a) (A) (1) (iv)
    if b.first() == Some(&b'(')
        && let Some(close) = s.find(')')
        && close <= 4
        && close > 1
        && (s[1..close].bytes().all(|c| c.is_ascii_digit())
            || s[1..close].bytes().all(|c| matches!(c, b'i' | b'v' | b'x'))
            || close == 2)
    {
        return true;
    }
    // A. / a) / 1) / ¶B.
    let s2 = s.strip_prefix('¶').unwrap_or(s);
    let b2 = s2.as_bytes();
    if b2.len() >= 2
        && b2[0].is_ascii_alphabetic()
        && (b2[1] == b'.' || b2[1] == b')')
        && b2.get(2).is_none_or(|c| *c == b' ' || *c == b'\t')
    {
        return true;
    }
    if b2.len() >= 2 && b2[0].is_ascii_digit() {
        let n = b2.iter().take_while(|c| c.is_ascii_digit()).count();
        if n <= 2 && b2.get(n) == Some(&b')') {
            return true;
        }
    }
    false
}

fn is_rule_line(s: &str) -> bool {
    s.len() >= 3
        && s.bytes()
            .all(|c| matches!(c, b'-' | b'=' | b'_' | b'*' | b' '))
}

/// `b` holds three spaces in a row.
///
/// Every run of three spaces holds a pair of spaces at an even offset
/// (`q, q+1` when the run starts at an even `q`, else `q+1, q+2`), so the
/// bytes are read eight at a time as four two-byte lanes: a lane of two
/// spaces is a candidate, and it is a run of three when the byte before or
/// after it is a space too. Most lines have no such pair and are passed
/// over at about one instruction a byte.
fn has_three_spaces(b: &[u8]) -> bool {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    const LOW15: u64 = 0x7fff_7fff_7fff_7fff;
    let space_at = |k: usize| b.get(k) == Some(&b' ');
    let mut i = 0;
    while i + 8 <= b.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(word) ^ SPACES;
        // the top bit of each 16-bit lane of `x` that is zero (two spaces):
        // `(x & LOW15) + LOW15` sets it unless the low 15 bits are zero, and
        // no lane carries into the next
        let mut pairs = !(((x & LOW15) + LOW15) | x | LOW15);
        while pairs != 0 {
            // lane `j` has its top bit at `16 j + 15`: the pair starts at `2 j`
            let q = i + (pairs.trailing_zeros() as usize - 15) / 8;
            if (q > 0 && space_at(q - 1)) || space_at(q + 2) {
                return true;
            }
            pairs &= pairs - 1;
        }
        i += 8;
    }
    // runs starting before `i - 1` hold a pair read above
    b[i.saturating_sub(1)..].windows(3).any(|w| w == b"   ")
}

fn tableish(s: &str) -> bool {
    // a run of three or more spaces that does not follow the end of a
    // sentence or a colon (`Summary:   Mubarak`, `more.   The` are prose)
    let b = s.as_bytes();
    if !has_three_spaces(b) {
        return false;
    }
    let n = b.len();
    let mut i = 0;
    while i + 3 <= n {
        // a run of three spaces starting at `i`, `i + 1` or `i + 2` holds
        // `b[i + 2]`: test it first and skip ahead when it is no space
        if b[i + 2] != b' ' {
            i += 3;
        } else if b[i + 1] != b' ' {
            i += 2;
        } else if b[i] != b' ' {
            i += 1;
        } else {
            // the first run of three spaces from `i` on: `i` starts it, as
            // `i` is 0 or follows a byte that is no space
            let mut e = i + 3;
            while e < n && b[e] == b' ' {
                e += 1;
            }
            if i > 0 && e < n && !matches!(b[i - 1], b'.' | b':' | b';' | b'?' | b'!' | b')' | b'"')
            {
                return true;
            }
            i = e;
        }
    }
    false
}

/// A converter bullet (`- `) before a lower-case continuation: its length.
fn converter_bullet(s: &str, conv: bool) -> usize {
    if !conv {
        return 0;
    }
    if let Some(rest) = s.strip_prefix("- ")
        && rest.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
    {
        return 2;
    }
    0
}

fn lower_start(s: &str, conv: bool) -> bool {
    let s = &s[converter_bullet(s, conv)..];
    s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

/// Read a head candidate at the start of a content line.
// inlined: asked of every content line, turned away by its first byte
#[inline]
fn read_head(s: &str) -> Option<(usize, u32, bool, bool, bool, bool)> {
    // a head starts with its number, a `¶` (C2 B6) or a bullet (`- `, `* `,
    // `• `: E2 80 A2)
    let first = s.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'*' | 0xC2 | 0xE2)) {
        return None;
    }
    read_head_shape(s)
}

/// The reading of [`read_head`] after its quick reject.
#[inline(never)]
fn read_head_shape(s: &str) -> Option<(usize, u32, bool, bool, bool, bool)> {
    // (len, number, damaged, pilcrow, can_strip, marked)
    let mut i = 0;
    let mut damaged = false;
    let b = s.as_bytes();
    for p in ["- ", "* ", "\u{2022} "] {
        if s.starts_with(p) {
            i = p.len();
            damaged = true;
            break;
        }
    }
    let mut pilcrow = false;
    if s[i..].starts_with('¶') {
        pilcrow = true;
        i += '¶'.len_utf8();
    }
    let ds = i;
    while i < b.len() && b[i].is_ascii_digit() && i - ds < 4 {
        i += 1;
    }
    let digits = &s[ds..i];
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let mut j = i;
    while j < b.len() && b[j] == b' ' {
        j += 1;
    }
    if j > i {
        // `¶6 .` (LaTeX residue) only after a pilcrow
        if !pilcrow || b.get(j) != Some(&b'.') {
            return None;
        }
        damaged = true;
    }
    if b.get(j) != Some(&b'.') {
        return None;
    }
    let len = j + 1;
    // confirm with the grammar's head parser on the canonical form, the
    // digits, the dot and the rest. With the dot right after the digits that
    // is `s` from the digits on, borrowed: `s` may run to the end of a
    // collapsed body, and a copy at every `¶` head made reading one
    // quadratic in its length
    let canon;
    let head_text = if len == i + 1 {
        &s[ds..]
    } else {
        canon = format!("{digits}.{}", &s[len..]);
        canon.as_str()
    };
    let head = parahead::parse_head(head_text)?;
    let number = head.number;
    let can_strip =
        !pilcrow && digits.len() >= 2 && digits.starts_with('1') && !digits[1..].starts_with('0');
    Some((
        len,
        number,
        damaged,
        pilcrow,
        can_strip,
        head.marking.is_some(),
    ))
}

/// Choose, for each head, the reading that makes the numbers run 1, 2, 3, …
/// Returns the chosen number per head (None: leave as written).
fn choose_readings(heads: &[Head]) -> Vec<Option<u32>> {
    let n = heads.len();
    // readings: 0 = as written, 1 = stripped
    let reading =
        |h: &Head, r: usize| -> Option<u32> { if r == 0 { Some(h.written) } else { h.stripped } };
    // best[i][r] = (chain length, starts at 1, -missing numbers, -strips), prev
    type Score = (i64, i64, i64, i64);
    type Entry = (Score, Option<(usize, usize)>);
    let mut best: Vec<[Entry; 2]> = vec![[((0, 0, 0, 0), None); 2]; n];
    // the value of each reading, 0 when there is none: an entry of `best`
    // with a chain (`len > 0`) has one
    let mut value: Vec<[u32; 2]> = Vec::with_capacity(n);
    for i in 0..n {
        value.push([heads[i].written, heads[i].stripped.unwrap_or(0)]);
        for r in 0..2 {
            let Some(v) = reading(&heads[i], r) else {
                continue;
            };
            let strip = r as i64;
            // a chain starts at 1, or anywhere when read as written (a
            // partial cable); starting at 1 is preferred
            let mut cand: Entry = if v == 1 {
                ((1, 1, 0, -strip), None)
            } else if r == 0 {
                ((1, 0, 0, 0), None)
            } else {
                ((0, 0, 0, 0), None)
            };
            // no chain goes on to a 1 (or a 0)
            if v > 1 {
                let lo = i.saturating_sub(60);
                for j in lo..i {
                    for r2 in 0..2 {
                        // the next number, or one or two paragraphs missing:
                        // `v - 3 <= pv < v` (tested first, on the small
                        // values, as most readings fail it)
                        let pv = value[j][r2];
                        if (v - 1).wrapping_sub(pv) > 2 {
                            continue;
                        }
                        let ((len, one, miss, neg), _) = best[j][r2];
                        if len == 0 {
                            continue;
                        }
                        let gap = i64::from(v - pv - 1);
                        let c = ((len + 1, one, miss - gap, neg - strip), Some((j, r2)));
                        if c.0 > cand.0 {
                            cand = c;
                        }
                    }
                }
            }
            best[i][r] = cand;
        }
    }
    let mut top: Option<(usize, usize)> = None;
    let mut top_score: Score = (0, 0, 0, 0);
    for (i, b) in best.iter().enumerate() {
        for (r, &(score, _)) in b.iter().enumerate() {
            if score.0 > 0 && score > top_score {
                top_score = score;
                top = Some((i, r));
            }
        }
    }
    let mut out = vec![None; n];
    let chain_len = top_score.0;
    let mut cur = top;
    while let Some((i, r)) = cur {
        if r == 0 || chain_len >= 2 {
            out[i] = reading(&heads[i], r);
        }
        cur = best[i][r].1;
    }
    out
}

/// Plan the structural repairs of `text`; also return the markers found.
pub(crate) fn plan(text: &str, o: &Options) -> (Vec<Edit>, Vec<SectionMarker>) {
    let b = text.as_bytes();
    let mut lines = split_lines(text);
    // the layout edits most gaps between lines (a cable of 150 lines gets
    // about 120 edits): one allocation instead of seven doublings
    let mut edits: Vec<Edit> = Vec::with_capacity(lines.len() + 8);
    let mut markers_out = Vec::new();
    // markers cut from inside a line: (line, start, end) of each cut
    let mut cuts: Vec<(usize, usize, usize)> = Vec::new();

    // ---- section markers
    if o.on(MARKER) {
        let found = marker::find_markers(text);
        // markers separated by spaces only are removed together
        let mut groups: Vec<(usize, usize, usize, usize)> = Vec::new(); // start, end, first, last
        for (k, f) in found.iter().enumerate() {
            if let Some(g) = groups.last_mut()
                && f.start >= g.1
                && text[g.1..f.start].bytes().all(|c| c == b' ' || c == b'\t')
            {
                g.1 = f.end;
                g.3 = k;
                continue;
            }
            groups.push((f.start, f.end, k, k));
        }
        let mut li = 0;
        for &(gs, ge, first, last) in &groups {
            let f = Found { start: gs, end: ge };
            while li < lines.len() && lines[li].ce < f.end && lines[li].cs < f.start {
                // advance to the line holding f.start
                if lines[li].end >= f.start {
                    break;
                }
                li += 1;
            }
            let Some(l) = lines.get_mut(li) else { break };
            if l.cs > f.start || f.end > l.ce.max(f.end) && l.end < f.end {
                // marker spanning lines: leave it
                continue;
            }
            for m in &found[first..=last] {
                markers_out.push(m.marker.to_record(m.start, m.end));
            }
            let at_start = f.start <= l.cs;
            let at_end = f.end >= l.ce;
            if at_start && at_end {
                l.marker = true;
                l.cs = l.ce;
            } else if at_end {
                let mut ce = f.start;
                while ce > l.cs && is_ws(b[ce - 1]) {
                    ce -= 1;
                }
                l.ce = ce;
                l.marker_edge = true;
            } else if at_start {
                let mut cs = f.end;
                while cs < l.ce && is_ws(b[cs]) {
                    cs += 1;
                }
                l.cs = cs;
                l.marker_head = true;
            } else {
                // inside a line: drop the marker and one space
                let (s, e) = if b.get(f.end) == Some(&b' ') {
                    (f.start, f.end + 1)
                } else if f.start > 0 && b[f.start - 1] == b' ' {
                    (f.start - 1, f.end)
                } else {
                    (f.start, f.end)
                };
                edits.push(edit(MARKER, text, s, e, ""));
                cuts.push((li, s, e));
            }
        }
        // banners around PAGE heads of page 2 and later
        for (i, f) in found.iter().enumerate() {
            let page: u32 = text
                .get(f.start + 5..f.start + 7)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            if f.marker.layout == marker::Layout::Cablegate || page < 2 {
                continue;
            }
            let _ = i;
            let Some(idx) = lines
                .iter()
                .position(|l| l.marker && l.start <= f.start && f.start <= l.end)
            else {
                // marker at a line start: banners before it
                if let Some(idx) = lines
                    .iter()
                    .position(|l| l.marker_head && l.start <= f.start && f.start <= l.end)
                {
                    mark_banners(text, &mut lines, idx);
                }
                continue;
            };
            mark_banners(text, &mut lines, idx);
        }
    }

    // a line with a marker cut from its inside is read as it will be
    // written, without the marker: the next run sees only that text, and
    // must decide the same (its length, its spacing, its header kind)
    let views = cut_views(text, &lines, &cuts);
    let texts = line_texts(text, &lines, &views);
    let s_of = |i: usize| -> &str { texts[i] };

    // ---- zones
    // `mixed_case` reads up to the whole text, and only two tests of the
    // walk ask it, each after tests of the lines that most lines fail (an
    // upper-case cable never gets to it): worked out when first asked
    let mixed = std::cell::OnceCell::new();
    #[cfg(test)]
    if tests::EAGER_MIXED.get() {
        let _ = mixed.set(mixed_case(b));
    }
    let mixed = || *mixed.get_or_init(|| mixed_case(b));
    let mut content: Vec<usize> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if !l.blank() {
            content.push(i);
        }
    }
    // per-line facts used several times below, a bit each ([`LOWER`], …),
    // read off each content line in one pass with its paragraph head
    let mut class = vec![0u8; lines.len()];
    // a table needs three spaces in a row (a line with markers cut from its
    // inside is read as it is written, and tested whatever its raw text)
    let spaced = three_space_lines(b, &lines);
    let mut heads: Vec<Head> = Vec::new();
    for &i in &content {
        let t = s_of(i);
        let lower = has_lower(t);
        let mut facts = 0;
        if lower {
            facts |= LOWER;
        }
        if (spaced[i] || cuts.iter().any(|c| c.0 == i)) && tableish(t) {
            facts |= TABLE;
        }
        if is_rule_line(t) {
            facts |= RULE;
        }
        // whether or not the line is a paragraph head (`bullet_at`)
        if is_bullet(t) {
            facts |= BULLET;
        }
        // envelope lines are upper case: most body lines are ruled out by
        // the count just made
        if !lower && envelope_like(t) {
            facts |= ENV;
        }
        class[i] = facts;

        // ---- paragraph heads
        if let Some((len, number, damaged, pilcrow, can_strip, marked)) = read_head(t) {
            let stripped = if can_strip {
                let digits: String = t
                    .trim_start_matches(['-', '*', ' ', '\u{2022}'])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits[1..].parse().ok().filter(|&v: &u32| v > 0)
            } else {
                None
            };
            heads.push(Head {
                line: i,
                len,
                written: number,
                stripped,
                damaged,
                strong: damaged || pilcrow || marked,
            });
        }
    }
    let chosen = choose_readings(&heads);
    // read once per process: the look-up cost more than a small cable's heads
    static DEBUG_HEADS: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("CABLEKIT_DEBUG_HEADS").is_some());
    if *DEBUG_HEADS {
        for (h, c) in heads.iter().zip(&chosen) {
            eprintln!("head {} {:?} -> {:?}", h.written, h.stripped, c);
        }
    }
    // a converter that turned lines into Markdown bullets shows it before
    // paragraph heads (`- 13. (SBU)`); only then is `- ` before a
    // lower-case word its residue rather than the drafter's bullet
    let conv = heads
        .iter()
        .any(|h| h.damaged && s_of(h.line).starts_with("- "));
    for (h, c) in heads.iter().zip(&chosen) {
        if h.strong || c.is_some() {
            class[h.line] |= HEAD;
        }
        if !o.on(PARA) {
            continue;
        }
        let number = c.unwrap_or(h.written);
        if h.damaged || number != h.written {
            let cs = lines[h.line].cs;
            // a head that runs into a cut marker takes the marker with it
            let end = orig_offset(&cuts, h.line, cs + h.len);
            edits.push(edit(PARA, text, cs, end, &format!("¶{number}.")));
        }
    }

    // a paragraph head is no bullet: `- 2.` (a converter's bullet before a
    // head) is written `¶2.`, which the next run reads as a head only
    let class = class;
    let is = |i: usize, bit: u8| class[i] & bit != 0;
    let bullet_at = |i: usize| class[i] & (BULLET | HEAD) == BULLET;
    // `ends_with_function_word` of each content line, read when first asked:
    // the walk asks it of a line as the current line and again as the
    // previous one
    let mut fw_at: Vec<Option<bool>> = vec![None; lines.len()];

    // ---- walk the gaps
    let last_content = content.last().copied();
    let mut zone = if content.first().is_some_and(|&i| is_envelope_start(s_of(i))) {
        Zone::Envelope
    } else {
        Zone::Header
    };
    let mut kind: Option<Kind> = None; // header kind of the previous line
    let mut para_len = 0usize; // bytes of the paragraph so far
    let mut para_lines = 0usize;
    let mut para_head = false; // the paragraph starts with a head
    let mut para_bullet = false; // the paragraph starts with a bullet
    let mut seen_class = false;
    let mut seen_head = false;
    let mut in_block = false; // the previous line is a repeated envelope line
    let mut prev: Option<usize> = None;
    // leading blank lines / markers
    for (ci, &li) in content.iter().enumerate() {
        let s = s_of(li);
        let is_head = is(li, HEAD);
        let prev_zone = zone;
        // zone and kind of this line
        let mut this_kind = None;
        let mut cont = false; // continues the previous header line
        let mut decision = Gap::Blank;
        let (k, has_marker) = match prev {
            Some(p) => gap_info(&lines, p, li),
            None => (0, lines[..li].iter().any(|l| l.marker)),
        };
        // an envelope after a banner (Lotus Notes export, Cablegate page
        // oddities), before any paragraph
        let entering_env = zone != Zone::Envelope
            && !seen_head
            && (s.starts_with("VZCZC") || (!seen_class && prosign_line(s)));
        if entering_env {
            zone = Zone::Envelope;
            kind = None;
        }
        // the classification line after a banner or a date line (partial
        // extracts, Lotus Notes exports): the header starts there
        if zone == Zone::Body && !seen_head && !seen_class && is_class_line(s) {
            zone = Zone::Header;
            kind = None;
        }
        // E.O./TAGS/SUBJECT/REF/Classified By before the first paragraph:
        // still the header (after an unknown caption line)
        if zone == Zone::Body
            && !seen_head
            && matches!(
                header_kind(s),
                Some(Kind::Eo | Kind::Tags | Kind::Subject | Kind::Ref | Kind::ClassBy)
            )
        {
            zone = Zone::Header;
            kind = None;
        }
        seen_head |= is_head;
        match zone {
            Zone::Envelope if entering_env => {}
            Zone::Envelope => {
                if is_class_line(s) {
                    zone = Zone::Header;
                    this_kind = Some(Kind::Class);
                    seen_class = true;
                } else if is(li, LOWER) || is_head {
                    zone = Zone::Body;
                } else {
                    decision = Gap::Newline;
                }
            }
            Zone::Header => {}
            Zone::Body => {}
        }
        if zone == Zone::Header && this_kind.is_none() {
            if is_head {
                zone = Zone::Body;
            } else if let Some(kd) =
                header_kind(s).filter(|kd| *kd != Kind::Class || !seen_class || prev.is_none())
            {
                this_kind = Some(kd);
                if kd == Kind::Class {
                    seen_class = true;
                }
            } else if let (Some(pk), Some(p)) = (kind, prev)
                && header_continues(pk, s_of(p), s, k)
            {
                this_kind = Some(pk);
                cont = true;
            } else if is_attention(s) && prev.is_some() {
                this_kind = Some(Kind::Attention);
            } else if prev.is_none() && !is(li, LOWER) && s.len() < 80 {
                // a banner or header fragment before the classification line
                this_kind = Some(Kind::Caption);
            } else {
                zone = Zone::Body;
            }
            if let Some(kd) = this_kind
                && !cont
            {
                decision = match kind {
                    Some(pk) if pk.group() == kd.group() => Gap::Newline,
                    _ => Gap::Blank,
                };
            }
            if cont {
                decision = Gap::Join;
                if kind == Some(Kind::Ref)
                    && (is(li, BULLET) || k == 0 && !terminal_open(s_of(prev.unwrap_or(li))))
                {
                    decision = if is(li, BULLET) {
                        Gap::Newline
                    } else {
                        Gap::Join
                    };
                }
            }
        }
        let mut next_in_block = false;
        if zone == Zone::Body {
            let p_s = prev.map(s_of).unwrap_or("");
            let first_body = kind.is_some() || prev.is_none() || this_kind.is_some();
            // a converter's `- `: a continuation after an unfinished line,
            // else the drafter's `--` bullet
            let dash = conv && s.starts_with("- ") && !is_head && !is(li, RULE);
            let cont_bullet =
                dash && s.as_bytes().get(2).is_some_and(u8::is_ascii_lowercase) && !terminal(p_s);
            let hard_special = is_head
                || is(li, RULE)
                || is(li, TABLE)
                || (Some(li) == last_content
                    && !is(li, LOWER)
                    && s.split_ascii_whitespace().count() <= 3
                    && !terminal(s))
                || is_banner(s)
                || s.starts_with("PAGE ");
            // an upper-case heading in a mixed-case cable: the text after it
            // is mixed case again
            let next_lower = content.get(ci + 1).is_some_and(|&nx| is(nx, LOWER));
            // a bullet-looking start that continues the sentence: `(see Para`
            // / `2) had been`, `the party` / `-- is not likely` (a dash
            // before a lower-case word after an unfinished line, outside a
            // bulleted paragraph). Read only of a bullet: both readings
            // need one (`-- ` is one), and most lines are none.
            let bullet_cont = |p: usize| {
                let b2 = s.as_bytes();
                let ps = s_of(p);
                let para_ref = b2.first().is_some_and(u8::is_ascii_digit)
                    && [
                        "Para",
                        "para",
                        "PARA",
                        "paragraph",
                        "Paragraph",
                        "paras",
                        "Paras",
                    ]
                    .iter()
                    .any(|w| last_word(ps).trim_start_matches('(') == *w);
                let mid_dash = s.starts_with("-- ")
                    && b2.get(3).is_some_and(u8::is_ascii_lowercase)
                    && !terminal(ps)
                    && !ps.ends_with(':')
                    && !para_bullet
                    && para_len >= 30;
                para_ref || mid_dash
            };
            let soft_special = (is(li, BULLET) && !cont_bullet && !prev.is_some_and(bullet_cont))
                || (next_lower
                    && !is(li, LOWER)
                    && !terminal(s)
                    && s.len() <= 70
                    && s.bytes().any(|c| c.is_ascii_uppercase())
                    && mixed());
            let p_heading = prev.is_some_and(|p| {
                let ps = s_of(p);
                is(p, RULE)
                    || is(p, TABLE)
                    || (para_lines == 1
                        && ps.len() < 45
                        && !terminal(ps)
                        && !is(p, HEAD)
                        && !fw_of(&mut fw_at, p, ps))
                    || (!is(p, LOWER) && para_lines == 1 && is(li, LOWER) && mixed())
                    || (para_lines == 1 && bullet_at(p) && ps.len() < 45)
            });
            // `p_open` and `n_heading` are read only by some branches of
            // the decision below (not by the common `k == 0` one): they are
            // worked out there, when asked, which spares most lines the
            // function-word test. Both are pure, so when they are worked
            // out changes nothing. They are functions rather than closures
            // of this loop: a closure's captures were gathered for every
            // line, asked or not.
            let next = content.get(ci + 1).copied();
            decision = if prev.is_none()
                || (first_body && kind.is_some())
                || prev_zone != Zone::Body
            {
                Gap::Blank
            } else if k == 0 && !has_marker && (is(li, RULE) || prev.is_some_and(|p| is(p, RULE))) {
                Gap::Newline
            } else if hard_special || p_heading || (soft_special && !p_open(prev, p_s, &mut fw_at))
            {
                Gap::Blank
            } else if has_marker {
                // markers fall where a transmission section ended, mostly
                // inside a paragraph: join unless a heading follows a
                // finished sentence
                if terminal(p_s)
                    && !(lower_start(s, false) || cont_bullet)
                    && n_heading(s, li, next, &lines, &texts, conv, &mut fw_at)
                {
                    Gap::Blank
                } else {
                    Gap::Join
                }
            } else if k == 0 {
                let plen = s_of(prev.unwrap_or(li)).len();
                if !terminal(p_s)
                    || (50..=100).contains(&plen)
                    || ((lower_start(s, false) || cont_bullet)
                        && !p_s.ends_with(':')
                        && (para_len >= 30 || para_head))
                {
                    Gap::Join
                } else {
                    Gap::Blank
                }
            } else if (lower_start(s, false) || cont_bullet)
                && !p_s.ends_with(':')
                && (para_len >= 30 || para_head)
            {
                // a paragraph does not start in lower case
                Gap::Join
            } else if !terminal(p_s)
                && (para_len >= 30 || para_head)
                && (p_open(prev, p_s, &mut fw_at)
                    || (para_len >= 60
                        && !n_heading(s, li, next, &lines, &texts, conv, &mut fw_at)))
            {
                Gap::Join
            } else {
                Gap::Blank
            };
            // the envelope and header of a later section repeated inside
            // the body (NARA page heads, Cablegate 2000–2003): its lines are
            // never joined into a paragraph, nor to each other
            let blk = is(li, ENV)
                || (in_block
                    && (header_kind(s).is_some()
                        || is_attention(s)
                        || s.bytes().all(|c| c == b'X' || c == b'x')));
            if blk && prev.is_some() {
                decision = if in_block { Gap::Newline } else { Gap::Blank };
            } else if in_block {
                decision = Gap::Blank;
            }
            next_in_block = blk;
            this_kind = None;
            if dash && decision != Gap::Join && o.on("markup-residue") {
                let cs = lines[li].cs;
                edits.push(edit("markup-residue", text, cs, cs + 2, "-- "));
            }
        }
        // paragraph bookkeeping
        if decision == Gap::Join {
            para_len += 1 + s.len();
            para_lines += 1;
        } else {
            para_len = s.len();
            para_lines = 1;
            para_head = is(li, HEAD);
            para_bullet = bullet_at(li);
        }
        // emit the gap edit
        let gs = match prev {
            Some(p) => lines[p].ce,
            None => 0,
        };
        let _ = ci;
        emit_gap(
            text, &lines, prev, li, gs, decision, zone, kind, k, has_marker, conv, o, &mut edits,
        );
        // joined addressees in the envelope
        if zone == Zone::Envelope && o.on(REJOIN) {
            split_addressees(text, lines[li].cs, lines[li].ce, &mut edits);
        }
        in_block = next_in_block;
        kind = if zone == Zone::Body {
            None
        } else {
            this_kind.or(kind)
        };
        prev = Some(li);
    }
    // trailing whitespace and markers after the last line
    if let Some(p) = prev {
        let gs = lines[p].ce;
        let has_marker = lines[p + 1..].iter().any(|l| l.marker) || lines[p].marker_edge;
        let tail = &text[gs..];
        let want = if tail.contains('\n') { "\n" } else { "" };
        if tail != want && (o.on(LAYOUT) || has_marker) {
            let rule = if has_marker { MARKER } else { LAYOUT };
            edits.push(edit(rule, text, gs, text.len(), want));
        }
    } else if text.trim().is_empty() {
        // nothing
    } else if lines.iter().any(|l| l.marker) {
        edits.push(edit(MARKER, text, 0, text.len(), ""));
    }
    (crate::finish(edits), markers_out)
}

/// Whether the raw text of each line (`start..end`) holds three spaces in
/// a row: one search of the whole text instead of one test per line.
fn three_space_lines(b: &[u8], lines: &[Ln]) -> Vec<bool> {
    static THREE_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"   "));
    let mut out = vec![false; lines.len()];
    let mut li = 0;
    // a run holds no line end: the line it starts in holds it
    for r in THREE_SPACES.find_iter(b) {
        while li < lines.len() && lines[li].end < r {
            li += 1;
        }
        if let Some(x) = out.get_mut(li) {
            *x = true;
        }
    }
    out
}

/// The text of each line that had markers cut from its inside, without
/// them (sorted by line).
fn cut_views(text: &str, lines: &[Ln], cuts: &[(usize, usize, usize)]) -> Vec<(usize, String)> {
    let mut views: Vec<(usize, String)> = Vec::new();
    for (k, &(li, s, e)) in cuts.iter().enumerate() {
        let l = &lines[li];
        // from the content start, or from the end of the previous cut
        let from = match k.checked_sub(1).map(|j| cuts[j]) {
            Some((pl, _, pe)) if pl == li => pe,
            _ => {
                views.push((li, String::new()));
                l.cs
            }
        };
        let view = &mut views.last_mut().expect("pushed above").1;
        let s = s.min(l.ce);
        if from < s {
            view.push_str(&text[from..s]);
        }
        // the rest of the line after the last cut
        if cuts.get(k + 1).is_none_or(|c| c.0 != li) && e < l.ce {
            view.push_str(&text[e..l.ce]);
        }
    }
    views
}

/// The content of each line, as it will be written (see [`cut_views`]);
/// empty for a blank line. Made once: the walk reads most lines several
/// times.
fn line_texts<'a>(text: &'a str, lines: &[Ln], views: &'a [(usize, String)]) -> Vec<&'a str> {
    let mut texts: Vec<&str> = lines
        .iter()
        .map(|l| if l.blank() { "" } else { &text[l.cs..l.ce] })
        .collect();
    for (i, view) in views {
        texts[*i] = view;
    }
    texts
}

/// The input offset of `at`, an offset of line `li`'s text without its cut
/// markers counted from the line's content start.
fn orig_offset(cuts: &[(usize, usize, usize)], li: usize, at: usize) -> usize {
    let mut at = at;
    for &(_, s, e) in cuts.iter().filter(|c| c.0 == li) {
        if at > s {
            at += e - s;
        }
    }
    at
}

/// `true` unless a REF line ends where a continuation must follow.
fn terminal_open(s: &str) -> bool {
    terminal(s)
}

fn line_end(b: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', &b[pos.min(b.len())..]).map_or(b.len(), |i| pos + i)
}

/// Mark the classification banners (and blank lines) just before line `idx`
/// as part of the marker, and a banner glued to the end of the line before.
fn mark_banners(text: &str, lines: &mut [Ln], idx: usize) {
    let mut j = idx;
    while j > 0 {
        j -= 1;
        let l = &lines[j];
        if l.blank() {
            continue;
        }
        let s = &text[l.cs..l.ce];
        if is_banner(s) {
            lines[j].marker = true;
            lines[j].cs = lines[j].ce;
            continue;
        }
        // `ESSENTIALLY, A  CONFIDENTIAL`
        for banner in [
            "LIMITED OFFICIAL USE",
            "CONFIDENTIAL",
            "UNCLASSIFIED",
            "SECRET",
        ] {
            if let Some(pre) = s.strip_suffix(banner)
                && pre.ends_with("  ")
                && !pre.trim_end().is_empty()
            {
                let ce = l.cs + pre.trim_end().len();
                lines[j].ce = ce;
                lines[j].marker_edge = true;
                break;
            }
        }
        break;
    }
}

/// Number of blank lines between content lines `p` and `n`, and whether a
/// marker sits in the gap (or was cut from the lines' edges).
fn gap_info(lines: &[Ln], p: usize, n: usize) -> (usize, bool) {
    let mut k = 0;
    let mut marker = lines[p].marker_edge;
    for l in &lines[p + 1..n] {
        if l.marker {
            marker = true;
        } else {
            k += 1;
        }
    }
    // a marker cut from the start of the next line is in the gap too; one
    // cut from the end of the previous line as well
    if lines[n].marker_head {
        marker = true;
    }
    (k, marker)
}

fn header_continues(pk: Kind, p: &str, n: &str, k: usize) -> bool {
    // a line of punctuation only (`...`, a truncation mark) continues nothing
    if parahead::parse_head(n).is_some()
        || header_kind(n).is_some()
        || !n.chars().any(char::is_alphanumeric)
    {
        return false;
    }
    // a field label (`UBJECT:`, a damaged `SUBJECT:`) starts its own line
    if field_label(n) {
        return false;
    }
    match pk {
        Kind::Tags => {
            // only a line of tag codes (`KFRD, PREF`), or any line after a
            // TAGS line that ends with a comma: `TAGS: something\nhere`
            // is a TAGS line and a line of text
            let tagsish = n
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .all(|w| (2..=5).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_uppercase()));
            p.ends_with(',') || tagsish
        }
        Kind::Subject | Kind::Eo | Kind::ClassBy => {
            (k == 0 && !terminal(p) && (pk == Kind::ClassBy || !is_bullet(n)))
                || ends_with_function_word(p)
                || p.ends_with([',', '-', '/'])
                || (pk == Kind::ClassBy && (p.ends_with("1.4") || p.ends_with("1.5")))
                || (pk == Kind::ClassBy && class_by_wrapped(p, n))
        }
        Kind::Ref => {
            k == 0 && (!terminal(p) || is_bullet(n))
                || ends_with_function_word(p)
                || next_ref_letter(p, n)
        }
        // `DEPT FOR P (SGUHA), E, ISN/RA (KKESSLER), IO/T` + `(HVONBEHREN), AND …`
        Kind::Attention => {
            p.ends_with(',')
                || (k == 0
                    && !is_attention(n)
                    && !has_lower(n)
                    && (n.starts_with('(') || p.ends_with(['/', '-', '&']) || p.ends_with(" AND")))
        }
        Kind::Class | Kind::Caption => false,
    }
}

/// A Classified By line broken inside the name, even by a blank line:
/// `Classified By: DCM Margaret` + `H. Nardi, reasons 1.4 (b) and (d).` —
/// the first part has no reasons yet, the next line brings them.
fn class_by_wrapped(p: &str, n: &str) -> bool {
    let has_reasons = |s: &str| {
        s.contains("1.4")
            || s.contains("1.5")
            || s.contains("1.6")
            || find_ci(s, "reason").is_some()
    };
    let head = &n[..n.floor_char_boundary(n.len().min(80))];
    let numbered = head.contains("1.4") || head.contains("1.5") || head.contains("1.6");
    // `Summary: …` starts a paragraph of its own
    let labelled = n
        .split_ascii_whitespace()
        .next()
        .is_some_and(|w| w.ends_with(':'));
    !terminal(p)
        && !has_reasons(p)
        && !labelled
        && (numbered || (has_reasons(head) && n.len() < 120))
        && n.len() < 200
}

/// `REF: A. STATE 124823` (or `A. STATE 124823`) then `B. GUHA-CARTER …`:
/// the next lettered reference, even after a blank line.
fn next_ref_letter(p: &str, n: &str) -> bool {
    let letter = |s: &str| -> Option<u8> {
        let b = s.as_bytes();
        // `then_some` would index `b[0]` even when `b` is empty.
        match b {
            [l, b'.' | b')', b' ', ..] if l.is_ascii_uppercase() => Some(*l),
            _ => None,
        }
    };
    let mut q = p;
    for pre in ["REFS:", "REF:", "REFTEL:", "REF "] {
        if let Some(r) = q.strip_prefix(pre) {
            q = r.trim_start();
            break;
        }
    }
    matches!((letter(q), letter(n)), (Some(a), Some(b)) if b == a + 1)
}

/// `UBJECT:`, `SUBJ:`, `DEPT:`: a field label, possibly damaged (a prefix or
/// suffix of at least three letters of a known label), and a colon at the
/// start of the line. An acronym that happens to precede a colon in a
/// wrapped subject (`SPP: INFORMATION SHARING`) is not a label.
fn field_label(s: &str) -> bool {
    const LABELS: [&str; 9] = [
        "SUBJECT",
        "TAGS",
        "REFTEL",
        "REFS",
        "SUMMARY",
        "COMMENT",
        "CLASSIFIED",
        "DECL",
        "DEPT",
    ];
    let n = s.bytes().take_while(u8::is_ascii_uppercase).count();
    if !(3..=12).contains(&n) || s.as_bytes().get(n) != Some(&b':') {
        return false;
    }
    let word = &s[..n];
    LABELS
        .iter()
        .any(|label| label.starts_with(word) || label.ends_with(word))
}

/// The sentence of the previous line `prev` (text `p_s`) must go on: it
/// ends with a function word or a comma.
fn p_open(prev: Option<usize>, p_s: &str, fw_at: &mut [Option<bool>]) -> bool {
    prev.is_some_and(|p| fw_of(fw_at, p, p_s)) || p_s.ends_with(',')
}

/// A short line `s` (line `li`) on its own: a heading, not a continuation
/// (it does not go on into the next content line `next` either, so the
/// next decision cannot make it longer). `texts` as [`line_texts`] makes it.
fn n_heading(
    s: &str,
    li: usize,
    next: Option<usize>,
    lines: &[Ln],
    texts: &[&str],
    conv: bool,
    fw_at: &mut [Option<bool>],
) -> bool {
    s.len() < 60
        && !terminal(s)
        && !fw_of(fw_at, li, s)
        && !s.ends_with(',')
        && next.is_none_or(|nx| {
            let (k2, m2) = gap_info(lines, li, nx);
            (k2 > 0 || m2) && !lower_start(texts[nx], conv)
        })
}

/// [`ends_with_function_word`] of line `i` (text `s`), worked out when
/// first asked and kept in `fw_at`: the walk may ask it of a line as the
/// current line and again as the previous one.
fn fw_of(fw_at: &mut [Option<bool>], i: usize, s: &str) -> bool {
    *fw_at[i].get_or_insert_with(|| ends_with_function_word(s))
}

#[allow(clippy::too_many_arguments)]
fn emit_gap(
    text: &str,
    lines: &[Ln],
    prev: Option<usize>,
    n: usize,
    gs: usize,
    decision: Gap,
    zone: Zone,
    prev_kind: Option<Kind>,
    k: usize,
    has_marker: bool,
    conv: bool,
    o: &Options,
    edits: &mut Vec<Edit>,
) {
    let n_cs = lines[n].cs;
    let layout = o.on(LAYOUT);
    let keep_indent =
        zone != Zone::Body && prev_kind == Some(Kind::Ref) && decision == Gap::Newline;
    let Some(_p) = prev else {
        // text start: drop leading blank lines (and markers)
        let ge = if has_marker { n_cs } else { lines[n].start };
        if ge > 0 && (layout || has_marker) {
            let rule = if has_marker { MARKER } else { LAYOUT };
            edits.push(edit(rule, text, 0, ge, ""));
        }
        return;
    };
    let damage = k > 0 || has_marker;
    let (after, rule, ge): (&'static str, &'static str, usize) = match decision {
        Gap::Join => {
            if damage && !o.on(REJOIN) && !has_marker {
                return;
            }
            let bullet = if conv {
                converter_bullet(&text[n_cs..lines[n].ce], conv)
            } else {
                0
            };
            let ge = n_cs + bullet;
            let rule = if has_marker {
                MARKER
            } else if damage || bullet > 0 {
                REJOIN
            } else {
                LAYOUT
            };
            if rule == REJOIN && !o.on(REJOIN) {
                return;
            }
            if !layout {
                if !damage && bullet == 0 {
                    return;
                }
                ("\n", rule, ge)
            } else {
                (" ", rule, ge)
            }
        }
        Gap::Newline => {
            let ge = if keep_indent { lines[n].start } else { n_cs };
            let rule = if has_marker {
                MARKER
            } else if k > 0 && zone == Zone::Envelope {
                REJOIN
            } else {
                LAYOUT
            };
            if rule == LAYOUT && !layout {
                return;
            }
            if rule == REJOIN && !o.on(REJOIN) {
                return;
            }
            ("\n", rule, ge)
        }
        Gap::Blank => {
            let ge = if keep_indent { lines[n].start } else { n_cs };
            let rule = if has_marker { MARKER } else { LAYOUT };
            if rule == LAYOUT && !layout {
                return;
            }
            ("\n\n", rule, ge)
        }
    };
    if ge < gs {
        return;
    }
    if !crate::same(&text.as_bytes()[gs..ge], after.as_bytes()) {
        edits.push(edit_static(rule, text, gs, ge, after));
    }
}

/// `RUEHSF/AMEMBASSY SOFIA PRIORITY 4945 RUEHTI/AMEMBASSY TIRANA PRIORITY 6370`:
/// a line end before the second routing indicator.
fn split_addressees(text: &str, cs: usize, ce: usize, edits: &mut Vec<Edit>) {
    // read as bytes: the words, their tests and the cut are all ASCII
    let s = &text.as_bytes()[cs..ce];
    let prec = |x: &[u8]| matches!(x, b"IMMEDIATE" | b"PRIORITY" | b"ROUTINE" | b"FLASH");
    // the words are read in one pass: only the two before each one matter
    let mut prev: Option<&[u8]> = None;
    let mut prev2: Option<&[u8]> = None;
    let mut pos = 0;
    for w in s.split(|&c| c == b' ') {
        if let Some(p) = prev {
            let after_prec = prec(p)
                || (p.len() == 4 && p.iter().all(u8::is_ascii_digit) && prev2.is_some_and(prec));
            let ri = || {
                w.iter().position(|&c| c == b'/').is_some_and(|k| {
                    (4..=8).contains(&k)
                        && w[..k].iter().all(u8::is_ascii_uppercase)
                        && k + 1 < w.len()
                })
            };
            let keyword = matches!(w, b"INFO" | b"XMT");
            if after_prec && (keyword || ri()) && pos > 0 {
                let at = cs + pos - 1;
                edits.push(edit(REJOIN, text, at, at + 1, "\n"));
            }
        }
        prev2 = prev;
        prev = Some(w);
        pos += w.len() + 1;
    }
}

/// Wrap the text's paragraphs at spaces to `width` columns (rule `layout`).
/// Envelope and header lines (addressees, TAGS, SUBJECT, captions, …) stay
/// one per line, as the clean-text layout has them: before the first
/// paragraph head only lines that are none of those are wrapped.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<Edit> {
    let width = width.max(20);
    let mut edits = Vec::new();
    let mut pos = 0;
    let b = text.as_bytes();
    let mut in_paragraphs = false;
    while pos < b.len() {
        let end = line_end(b, pos);
        let line = &text[pos..end];
        in_paragraphs =
            in_paragraphs || read_head(line).is_some() || parahead::parse_head(line).is_some();
        let header = header_kind(line).is_some()
            || is_envelope_start(line)
            || is_attention(line)
            || line.starts_with("TO ")
            || line.starts_with("INFO ")
            || line.starts_with("XMT")
            || line.split_once('/').is_some_and(|(ri, _)| {
                (4..=8).contains(&ri.len()) && ri.bytes().all(|c| c.is_ascii_uppercase())
            })
            // a continuation line of FL2's routing indicators
            || line.split_ascii_whitespace().all(|w| {
                (4..=8).contains(&w.len())
                    && (w.starts_with('R') || w.starts_with('Q'))
                    && w.bytes().all(|c| c.is_ascii_uppercase())
            });
        if !in_paragraphs && header {
            pos = end + 1;
            continue;
        }
        let mut start = pos;
        while end - start > width {
            let ok = |sp: usize| sp > start && !looks_like_line_start(&text[sp + 1..end]);
            let limit = text.floor_char_boundary((start + width + 1).min(end));
            // the last good space within the width, else the first after it
            let before = text[start..limit]
                .rmatch_indices(' ')
                .map(|(i, _)| start + i)
                .find(|&sp| ok(sp));
            let sp = before.or_else(|| {
                text[limit..end]
                    .match_indices(' ')
                    .map(|(i, _)| limit + i)
                    .find(|&sp| ok(sp))
            });
            let Some(sp) = sp else { break };
            edits.push(edit(LAYOUT, text, sp, sp + 1, "\n"));
            start = sp + 1;
        }
        pos = end + 1;
    }
    edits
}

/// Words a wrapped line must not start with: they would read as a head,
/// a bullet or a header line on the next run.
fn looks_like_line_start(s: &str) -> bool {
    read_head(s).is_some()
        || parahead::parse_head(s).is_some()
        || is_bullet(s)
        || s.starts_with('-')
        || s.starts_with("PAGE ")
        || header_kind(s).is_some()
}

/// Header keywords that start a line in a cable whose line ends were
/// collapsed into spaces.
const RESTORE_KEYS: &[&str] = &[
    "E.O. ",
    "E. O. ",
    "E.O ",
    "TAGS:",
    "TAGS ",
    "SUBJECT:",
    "SUBJ:",
    "REF:",
    "REFS:",
    "REFTEL:",
    "Classified By:",
    "CLASSIFIED BY",
    "Classified by:",
    "SIPDIS",
];

/// Stage 1b, rule `line-rejoin`: a body whose line ends were all collapsed
/// into spaces (JSON exports, one-body-per-line dumps) gets line ends back
/// before its header lines and paragraph heads. Only lines longer than 600
/// bytes are considered; the layout stage then lays the result out.
pub(crate) fn restore(text: &str, o: &Options) -> Vec<Edit> {
    if !o.on(REJOIN) {
        return Vec::new();
    }
    let b = text.as_bytes();
    let mut edits = Vec::new();
    // only the lines `restore_lines` finds can be edited: most cables have
    // their line ends, and walking all their lines cost more than the rest
    for (pos, subject) in restore_lines(b) {
        let end = line_end(b, pos);
        // a collapsed body is one long line at the start of the text
        if end - pos > COLLAPSED_MIN {
            restore_line(text, pos, end, &mut edits);
        }
        let line = &text[pos..end];
        if pos < GLUED_ENVELOPE_BEFORE
            && end - pos > GLUED_ENVELOPE_MIN
            && line.starts_with("VZCZC")
        {
            unglue_envelope(text, pos, end, &mut edits);
        }
        // only a line holding `SUBJECT:` can be a TAGS line with a glued
        // subject
        if !subject {
            continue;
        }
        // `TAGS: PREL IR LE IZ SYSUBJECT: CODEL …` (JSON exports); an
        // indented TAGS line too, as the layout takes the indent away, and
        // one after a section marker the structure stage cuts
        let tags = after_leading_marker(line.trim_start_matches([' ', '\t']));
        let off = line.len() - tags.len();
        if starts_ci(tags, "TAGS")
            && let Some(k) = tags.find("SUBJECT:")
            && k > 4
            && subject_glued(tags, k)
            && !tags[..k].contains("SUBJECT")
        {
            edits.push(edit(REJOIN, text, pos + off + k, pos + off + k, "\n"));
        }
    }
    crate::finish(edits)
}

/// A line longer than this may be a collapsed body.
const COLLAPSED_MIN: usize = 600;
/// A glued envelope starts before this offset, on a line longer than
/// [`GLUED_ENVELOPE_MIN`].
const GLUED_ENVELOPE_BEFORE: usize = 8000;
/// See [`GLUED_ENVELOPE_BEFORE`].
const GLUED_ENVELOPE_MIN: usize = 100;
/// A TAGS line with a glued subject starts before this offset.
const GLUED_SUBJECT_BEFORE: usize = 20000;

/// The starts of the lines of `b` that [`restore`] reads, in order, each
/// with whether it is a line before [`GLUED_SUBJECT_BEFORE`] holding
/// `SUBJECT:`: the lines longer than [`COLLAPSED_MIN`], the glued envelopes'
/// and the early `SUBJECT:` lines. Found with a few vectorised searches
/// rather than a search for every line end.
fn restore_lines(b: &[u8]) -> Vec<(usize, bool)> {
    let mut found = Vec::new();
    // a window one byte longer than a long line's limit, from a line start:
    // without a line end it starts a long line; else every line starting
    // up to its last line end is short, and the next start is after it
    let mut pos = 0;
    while pos + COLLAPSED_MIN < b.len() {
        match memchr::memrchr(b'\n', &b[pos..=pos + COLLAPSED_MIN]) {
            Some(k) => pos += k + 1,
            None => {
                found.push((pos, false));
                pos = line_end(b, pos) + 1;
            }
        }
    }
    let head = &b[..b.len().min(GLUED_ENVELOPE_BEFORE - 1 + b"VZCZC".len())];
    static VZCZC: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"VZCZC"));
    for k in VZCZC.find_iter(head) {
        if (k == 0 || b[k - 1] == b'\n') && line_end(b, k) - k > GLUED_ENVELOPE_MIN {
            found.push((k, false));
        }
    }
    // a `SUBJECT:` at `k` is on a line starting before the limit when no
    // line end lies in `limit - 1..k`: only the text up to the first line
    // end from there is searched (the search of the whole text, which
    // holds no other `SUBJECT:` in most cables, was most of this stage)
    static SUBJECT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"SUBJECT:"));
    let upto = match b.get(GLUED_SUBJECT_BEFORE - 1..) {
        Some(rest) => memchr::memchr(b'\n', rest).map_or(b.len(), |n| GLUED_SUBJECT_BEFORE - 1 + n),
        None => b.len(),
    };
    for k in SUBJECT.find_iter(&b[..upto]) {
        let start = memchr::memrchr(b'\n', &b[..k]).map_or(0, |n| n + 1);
        debug_assert!(start < GLUED_SUBJECT_BEFORE);
        found.push((start, true));
    }
    // a line found twice keeps its `SUBJECT:`
    found.sort_unstable();
    found.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 |= later.1;
        }
        same
    });
    found
}

/// `s` after a section marker at its start and the blanks after it, when
/// `TAGS` follows (the structure stage cuts the marker; the next run reads
/// the line from `TAGS` on); else `s`.
fn after_leading_marker(s: &str) -> &str {
    // cheap tests first: a marker starts with a post or `PAGE`/`SECTION`
    // in capitals, and the line holds `TAGS` after it
    if !s.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        || starts_ci(s, "TAGS")
        || !has_tags(s)
    {
        return s;
    }
    match marker::find_markers(s).first() {
        Some(m) if m.start == 0 => {
            let rest = s[m.end..].trim_start_matches([' ', '\t']);
            if starts_ci(rest, "TAGS") { rest } else { s }
        }
        _ => s,
    }
}

/// `s` holds `TAGS` (one searcher for every line: building a `memmem`
/// searcher per call cost more than the search).
fn has_tags(s: &str) -> bool {
    static TAGS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"TAGS"));
    TAGS.find(s.as_bytes()).is_some()
}

/// `SUBJECT:` at `k` of a TAGS line is glued to an upper-case tag before it
/// (`SYSUBJECT:`), also across a section marker the structure stage will cut
/// (`XXXX BERN 00000881  002 OF 002SUBJECT:` is `XXXXSUBJECT:` once clean:
/// the marker goes with the space before it).
fn subject_glued(tags: &str, k: usize) -> bool {
    let b = tags.as_bytes();
    if b[k - 1].is_ascii_uppercase() {
        return true;
    }
    if !b[k - 1].is_ascii_digit() {
        return false;
    }
    // markers separated by spaces only are cut together
    let found = marker::find_markers(tags);
    let Some(last) = found.iter().position(|m| m.end == k) else {
        return false;
    };
    let mut start = found[last].start;
    for m in found[..last].iter().rev() {
        if m.end <= start && tags[m.end..start].bytes().all(|c| c == b' ' || c == b'\t') {
            start = m.start;
        } else {
            break;
        }
    }
    if start > 0 && b[start - 1] == b' ' {
        start -= 1;
    }
    start > 0 && b[start - 1].is_ascii_uppercase()
}

/// An envelope whose lines were glued together without any separator
/// (JSON exports: `VZCZCXRO9785OO RUEHDADE RUEHAK #1594/01 3091153ZNR UUUUU
/// ZZHO 051153Z NOV 09FM AMEMBASSY ANKARATO RUEHC/SECSTATE …`): a line end
/// before each envelope line the grammar knows.
fn unglue_envelope(text: &str, ls: usize, le: usize, edits: &mut Vec<Edit>) {
    let line = &text[ls..le];
    let b = line.as_bytes();
    // only a glued envelope: `ZNR`/`ZNY` right after the DE line's digits
    let glued = ["ZNR ", "ZNY "].iter().any(|k| {
        memchr::memmem::find(b, k.as_bytes()).is_some_and(|i| i > 0 && b[i - 1].is_ascii_digit())
    });
    if !glued {
        return;
    }
    let mut breaks: Vec<usize> = Vec::new();
    // VZCZCXRO9785|OO RUEH…
    let mut i = 5;
    while i < b.len() && b[i].is_ascii_uppercase() {
        i += 1;
    }
    let d = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i > d && i < b.len() && b[i].is_ascii_uppercase() {
        breaks.push(i);
    }
    // DE RUEHAK #1594/01: the word before ` #`, with `DE ` before it
    if let Some(h) = memchr::memmem::find(&b[..b.len().min(300)], b" #") {
        let w = b[..h].iter().rposition(|&c| c == b' ').map_or(0, |p| p + 1);
        if w >= 3 && &b[w - 3..w] == b"DE " && w - 3 > 0 {
            breaks.push(w - 3);
        }
    }
    for k in ["ZNR ", "ZNY "] {
        if let Some(z) = memchr::memmem::find(b, k.as_bytes())
            && z > 0
        {
            breaks.push(z);
        }
    }
    // the DTG `O 051153Z NOV 09`, then `FM `
    let is_dtg = |i: usize| {
        b.len() >= i + 16
            && matches!(b[i], b'O' | b'P' | b'R' | b'Z')
            && b[i + 1] == b' '
            && b[i + 2..i + 8].iter().all(u8::is_ascii_digit)
            && b[i + 8] == b'Z'
            && b[i + 9] == b' '
            && b[i + 10..i + 13].iter().all(u8::is_ascii_uppercase)
            && b[i + 13] == b' '
            && b[i + 14..i + 16].iter().all(u8::is_ascii_digit)
    };
    if let Some(t) = (1..b.len().min(400)).find(|&i| is_dtg(i)) {
        breaks.push(t);
        if line[t + 16..].starts_with("FM ") {
            breaks.push(t + 16);
        }
    }
    // routing indicators: `IMMEDIATE 1151RUEKJCS/`, `PRIORITYRUEHAK/`,
    // `TURHMFIUU/`, and `TO RUEHC/`, `INFO RUEHTH/` glued to the word before
    let ri_at = |j: usize| -> usize {
        // the length of a routing indicator and its `/` at j, or 0
        let n = b[j..]
            .iter()
            .take(9)
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        if (5..=8).contains(&n)
            && b.get(j + n) == Some(&b'/')
            && b[j] == b'R'
            && matches!(b[j + 1], b'U' | b'H')
        {
            n
        } else {
            0
        }
    };
    for slash in memchr::memchr_iter(b'/', b) {
        let mut st = slash;
        while st > 0 && b[st - 1].is_ascii_uppercase() && slash - st < 16 {
            st -= 1;
        }
        if slash - st < 5 {
            continue;
        }
        let Some(j) = (st..slash - 4).find(|&j| slash - j <= 8 && ri_at(j) == slash - j) else {
            continue;
        };
        // `TO RUEHC/` and `INFO RUEHTH/`: the keyword starts the line
        let kw = [&b"TO "[..], b"INFO "]
            .iter()
            .find(|k| j >= k.len() && &b[j - k.len()..j] == **k)
            .map(|k| k.len());
        let at = match kw {
            Some(n) => j - n,
            None => j,
        };
        if at > 0 && b[at - 1] != b' ' {
            breaks.push(at);
        } else if at > 0 && kw.is_some() && at >= 2 && b[at - 2] != b' ' {
            // `ANKARA TO RUEHC/`: collapsed with a space
            breaks.push(at);
        }
    }
    breaks.sort_unstable();
    breaks.dedup();
    let base = text.as_bytes();
    for at in breaks {
        if at == 0 || at >= b.len() {
            continue;
        }
        let at = ls + at;
        let s = ws_run_before(base, at, ls);
        edits.push(edit(REJOIN, text, s, at, "\n"));
    }
}

fn ws_run_before(b: &[u8], at: usize, floor: usize) -> usize {
    let mut s = at;
    while s > floor && (b[s - 1] == b' ' || b[s - 1] == b'\t') {
        s -= 1;
    }
    s
}

/// Where a paragraph head may start in the collapsed body `lb`, in order: a
/// digit or a `¶` after two spaces, and a `¶` after any character (`¶` is
/// unambiguous). Found by searching the two spaces and the `¶`, not by
/// testing every byte of the body.
fn head_starts(lb: &[u8]) -> Vec<usize> {
    static TWO_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    static PILCROW: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("¶".as_bytes()));
    let mut starts = Vec::new();
    // after a run of two spaces or more: only its end can start a head (the
    // bytes inside it are spaces)
    let mut from = 0;
    while let Some(p) = TWO_SPACES.find(&lb[from..]) {
        let mut q = from + p + 2;
        while lb.get(q) == Some(&b' ') {
            q += 1;
        }
        if lb.get(q).is_some_and(|&c| c.is_ascii_digit() || c == 0xC2) {
            starts.push(q);
        }
        from = q;
    }
    let spaced = starts.len();
    starts.extend(PILCROW.find_iter(lb).filter(|&i| i >= 1));
    if starts.len() > spaced {
        starts.sort_unstable();
        starts.dedup();
    }
    starts
}

fn restore_line(text: &str, ls: usize, le: usize, edits: &mut Vec<Edit>) {
    let b = text.as_bytes();
    let line = &text[ls..le];
    // only a collapsed body: header keywords or a classification line
    let head_area = &line[..line.floor_char_boundary(2000.min(line.len()))];
    // cheap test first: a header has TAGS or SUBJECT in some case (one
    // searcher for each, built once: building them for every long line
    // cost as much as the searches)
    static HEAD_WORDS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 6]> =
        std::sync::LazyLock::new(|| {
            [&b"TAGS"[..], b"Tags", b"tags", b"SUBJ", b"Subj", b"subj"]
                .map(memchr::memmem::Finder::new)
        });
    let hb = head_area.as_bytes();
    let maybe = HEAD_WORDS.iter().any(|f| f.find(hb).is_some());
    let starts_class = starts_with_class_line(line);
    if !maybe && !starts_class {
        return;
    }
    // each key's first place in the head area, searched once: the header
    // read below is a prefix of the head area, and a key is in that prefix
    // exactly when its first place in the head area ends inside it (the
    // keys were searched three times: a twentieth of the instructions of
    // the JSON exports)
    let found = key_places(head_area);
    let keys0 = if maybe {
        found[..RESTORE_KEYS.len() - 1]
            .iter()
            .filter(|f| f.is_some())
            .count()
    } else {
        0
    };
    if keys0 < 2 && !starts_class {
        return;
    }
    let mut breaks: Vec<usize> = Vec::new(); // positions where a line starts
    // paragraph heads: `¶N.` or `N. (MARK)` / `N.  TEXT` after two spaces
    let mut heads: Vec<(usize, u32)> = Vec::new();
    for i in head_starts(line.as_bytes()) {
        let s = &line[i..];
        if let Some((_, number, _, pilcrow, _, marked)) = read_head(s) {
            let after = s.find('.').map_or("", |d| &s[d + 1..]);
            let two_spaces = after.starts_with("  ");
            if pilcrow || marked || two_spaces {
                heads.push((ls + i, number));
            }
        }
    }
    // keep the heads that count 1, 2, 3, …
    let mut expected = None;
    let mut first_head = le;
    let mut chain = 0;
    for (at, n) in heads {
        let ok = match expected {
            None => n <= 2,
            Some(e) => n == e,
        };
        if ok {
            breaks.push(at);
            chain += 1;
            expected = Some(n + 1);
            first_head = first_head.min(at);
        }
    }
    // header keywords before the first head
    let header_end = text.floor_char_boundary(first_head.min(ls + 2000).min(le));
    let header = &text[ls..header_end];
    debug_assert!(head_area.starts_with(header));
    let in_header: [Option<usize>; RESTORE_KEYS.len()] =
        std::array::from_fn(|i| found[i].filter(|&k| k + RESTORE_KEYS[i].len() <= header.len()));
    let keys = in_header[..RESTORE_KEYS.len() - 1]
        .iter()
        .filter(|f| f.is_some())
        .count();
    // only a collapsed body: header keywords or a run of heads on one line
    if keys < 2 && chain < 2 && !starts_class {
        return;
    }
    if chain < 2 {
        breaks.clear();
    }
    for (key, k) in RESTORE_KEYS.iter().zip(in_header) {
        if let Some(k) = k {
            let mut at = ls + k;
            // a key glued to the word before it (`000348Sipdis`) also starts
            // a line, unless that word is made of letters
            // `TAGS: PREL IR LE IZ SYSUBJECT:`: the subject glued to the
            // last tag of a TAGS line
            let glued_subject = k > 0
                && key.starts_with("SUBJ")
                && b[at - 1].is_ascii_uppercase()
                && text[text.floor_char_boundary(at.saturating_sub(120).max(ls))..at]
                    .contains("TAGS");
            if k == 0
                || (b[at - 1].is_ascii_alphabetic()
                    && !(b[at - 1].is_ascii_lowercase() && b[at].is_ascii_uppercase())
                    && !glued_subject)
            {
                continue;
            }
            // `(U) Classified by`: the portion mark belongs to the line
            if at >= ls + 4 && b[at - 1] == b' ' && b[at - 2] == b')' && b[at - 4] == b'(' {
                at -= 4;
            }
            breaks.push(at);
        }
    }
    // an envelope collapsed in front of the classification line
    let mut class_from: Option<usize> = if starts_class { Some(0) } else { None };
    if !starts_class && (line.starts_with("VZCZC") || prosign_line(line) || dtg_line(line)) {
        let lim = line.floor_char_boundary(4000.min(line.len()));
        let mut pos = 0;
        let words: Vec<(usize, &str)> = line[..lim]
            .split(' ')
            .map(|w| {
                let at = pos;
                pos += w.len() + 1;
                (at, w)
            })
            .collect();
        for (wi, &(at, w)) in words.iter().enumerate() {
            if w.is_empty() || at == 0 {
                continue;
            }
            let rest = &line[at..];
            let until = rest.find("  ").unwrap_or(rest.len().min(120));
            let squeezed = rest[..rest.floor_char_boundary(40.min(rest.len()))].replace(' ', "");
            if LEVELS.iter().any(|l| starts_ci(&squeezed, l))
                && is_class_line(&rest[..rest.floor_char_boundary(until)])
            {
                breaks.push(ls + at);
                class_from = Some(at);
                break;
            }
            let prev = if wi > 0 { words[wi - 1].1 } else { "" };
            let next = words.get(wi + 1).map_or("", |x| x.1);
            let is_ri = w.split_once('/').is_some_and(|(r, t)| {
                (4..=8).contains(&r.len())
                    && r.bytes().all(|c| c.is_ascii_uppercase())
                    && !t.is_empty()
            });
            let dtg_here = w.len() <= 2
                && w.bytes()
                    .all(|c| matches!(c, b'Z' | b'O' | b'P' | b'R' | b'M'))
                && next.len() == 7
                && next.ends_with('Z')
                && next[..6].bytes().all(|c| c.is_ascii_digit())
                && !matches!(prev.len(), 1 | 2 if prev.bytes().all(|c| matches!(c, b'Z' | b'O' | b'P' | b'R' | b'M')));
            let starts = matches!(
                w,
                "DE" | "ZNR" | "ZNY" | "FM" | "TO" | "INFO" | "XMT" | "BT"
            ) || dtg_here
                || (wi == 1 && matches!(w, "ZZ" | "OO" | "PP" | "RR" | "OP" | "PR" | "RP"))
                || (is_ri && !matches!(prev, "TO" | "INFO" | "XMT"));
            if starts {
                breaks.push(ls + at);
            }
        }
    }
    // in the header, a double space was a blank line (not after a colon);
    // a single space may have been a line end
    let mut blank_breaks: Vec<usize> = Vec::new();
    let header_from = class_from.map_or(header.len(), |c| c.min(header.len()));
    let mut k = header_from;
    while class_from.is_some()
        && let Some(d) = header[k..].find("  ")
    {
        let at0 = k + d;
        let mut at = at0;
        while at < header.len() && header.as_bytes()[at] == b' ' {
            at += 1;
        }
        if at0 > 0 && !matches!(header.as_bytes()[at0 - 1], b':' | b';' | b',') && at < header.len()
        {
            breaks.push(ls + at);
            blank_breaks.push(ls + at);
        }
        k = at;
    }
    // the classification line ends at its serial: the first double space
    if let Some(cf) = class_from
        && let Some(k) = line[cf..].find("  ").map(|k| k + cf)
    {
        {
            let mut at = ls + k;
            while at < le && b[at] == b' ' {
                at += 1;
            }
            breaks.push(at);
            blank_breaks.push(at);
        }
    }
    // a signature after the last sentence: `END COMMENT.  Murphy`
    let tail_from = text.floor_char_boundary(le.saturating_sub(60).max(ls));
    if let Some(k) = text[tail_from..le].rfind("  ") {
        let at = tail_from + k + 2;
        let mut at2 = at;
        while at2 < le && b[at2] == b' ' {
            at2 += 1;
        }
        let sig = &text[at2..le];
        let before = text[ls..tail_from + k].trim_end();
        if !sig.is_empty()
            && sig.split_ascii_whitespace().count() <= 2
            && !terminal(sig)
            && sig.starts_with(|c: char| c.is_ascii_uppercase())
            && (terminal(before) || before.ends_with(|c: char| c.is_ascii_digit()))
        {
            breaks.push(at2);
        }
    }
    breaks.sort_unstable();
    breaks.dedup();
    // never inside a section marker
    let markers = marker::find_markers(line);
    breaks.retain(|&at| {
        !markers
            .iter()
            .any(|m| ls + m.start < at && at <= ls + m.end)
    });
    for at in breaks {
        let s = ws_run_before(b, at, ls);
        if s > ls && s < at {
            let eol = if blank_breaks.contains(&at) {
                "\n\n"
            } else {
                "\n"
            };
            edits.push(edit(REJOIN, text, s, at, eol));
        } else if s == at && at > ls {
            // no space at all where the line end was
            edits.push(edit(REJOIN, text, at, at, "\n"));
        }
    }
}

/// The text before the first double space, when it is a classification
/// line (such a line is at most 120 bytes: only its start is searched).
fn starts_with_class_line(line: &str) -> bool {
    let head = &line.as_bytes()[..line.len().min(124)];
    memchr::memmem::find(head, b"  ").is_some_and(|k| is_class_line(&line[..k]))
}

/// The first place of each of [`RESTORE_KEYS`] in `area`, ASCII
/// case-insensitive.
fn key_places(area: &str) -> [Option<usize>; RESTORE_KEYS.len()] {
    std::array::from_fn(|i| find_ci(area, RESTORE_KEYS[i]))
}

/// ASCII case-insensitive `find` (the grammar's, which jumps between
/// candidate first bytes with `memchr`).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    cablekit_grammar::body::scan::find_ci(hay, needle, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// `plan` works `mixed_case` out before the walk, as it used to,
        /// rather than when first asked.
        pub(super) static EAGER_MIXED: std::cell::Cell<bool> =
            const { std::cell::Cell::new(false) };
    }

    /// The walk asks `mixed_case` last in its two tests, and only when
    /// first needed: the plans of the real cables are those made with it
    /// worked out first.
    #[test]
    fn lazy_mixed_case_plans_the_same() {
        let Some(shared) = cablekit_testkit::shared("the plans of real cables") else {
            return;
        };
        let o = Options::default();
        let mut mixed = 0;
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let lazy = plan(&text, &o);
            EAGER_MIXED.set(true);
            let eager = plan(&text, &o);
            EAGER_MIXED.set(false);
            assert_eq!(lazy.0, eager.0, "{}", f.display());
            mixed += usize::from(mixed_case(text.as_bytes()));
        }
        eprintln!("{mixed} mixed-case cables");
    }

    /// The plain readings the fast paths above must agree with.
    mod slow {
        /// [`super::super::head_starts`], byte by byte.
        pub fn head_starts(lb: &[u8]) -> Vec<usize> {
            (0..lb.len())
                .filter(|&i| {
                    let c = lb[i];
                    let start_ok = i >= 2 && lb[i - 1] == b' ' && lb[i - 2] == b' '
                        || (i >= 1 && c == 0xC2 && lb.get(i + 1) == Some(&0xB6));
                    start_ok && (c.is_ascii_digit() || c == 0xC2)
                })
                .collect()
        }

        /// The function words, as [`super::super::is_function_word`] matches them.
        pub const FUNCTION_WORDS: &[&str] = &[
            "the",
            "a",
            "an",
            "of",
            "to",
            "in",
            "for",
            "and",
            "or",
            "but",
            "with",
            "by",
            "on",
            "at",
            "from",
            "that",
            "which",
            "who",
            "whose",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "has",
            "have",
            "had",
            "will",
            "would",
            "could",
            "should",
            "its",
            "their",
            "his",
            "her",
            "this",
            "these",
            "those",
            "than",
            "into",
            "over",
            "under",
            "between",
            "about",
            "after",
            "before",
            "during",
            "not",
            "no",
            "such",
            "said",
            "including",
            "per",
            "via",
            "mr.",
            "ms.",
            "mrs.",
            "dr.",
            "our",
            "my",
            "your",
            "if",
            "when",
            "while",
            "because",
            "since",
            "both",
            "either",
            "neither",
            "also",
            "more",
            "most",
            "very",
            "any",
            "all",
            "some",
            "other",
        ];

        pub fn ends_with_function_word(s: &str) -> bool {
            let w = s.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
            w.len() <= 9 && FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w))
        }

        pub fn tableish(s: &str) -> bool {
            let b = s.as_bytes();
            let mut from = 0;
            while let Some(k) = memchr::memmem::find(&b[from..], b"   ") {
                let mut st = from + k;
                while st > from && b[st - 1] == b' ' {
                    st -= 1;
                }
                let mut i = from + k;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                if st > 0
                    && i < b.len()
                    && !matches!(b[st - 1], b'.' | b':' | b';' | b'?' | b'!' | b')' | b'"')
                {
                    return true;
                }
                from = i;
            }
            false
        }

        pub fn mixed_case(b: &[u8]) -> bool {
            let lo = b.iter().filter(|c| c.is_ascii_lowercase()).count();
            let up = b.iter().filter(|c| c.is_ascii_uppercase()).count();
            lo * 4 > lo + up
        }

        pub fn is_caption(s: &str) -> bool {
            let mut any = false;
            for w in s.split(|c: char| {
                c.is_whitespace() || c == ',' || c == '/' || c == '-' || c == '(' || c == ')'
            }) {
                if w.is_empty() {
                    continue;
                }
                if !super::super::CAPTION_WORDS
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(w))
                {
                    return false;
                }
                any = true;
            }
            any
        }

        pub fn header_kind(s: &str) -> Option<super::super::Kind> {
            use super::super::{Kind, is_class_line, starts_ci};
            if is_class_line(s) {
                return Some(Kind::Class);
            }
            if starts_ci(s, "E.O.")
                || starts_ci(s, "E.O ")
                || starts_ci(s, "E. O.")
                || starts_ci(s, "EO 1")
                || starts_ci(s, "E.0.")
            {
                return Some(Kind::Eo);
            }
            if starts_ci(s, "TAGS") {
                return Some(Kind::Tags);
            }
            if starts_ci(s, "SUBJECT") || starts_ci(s, "SUBJ:") || starts_ci(s, "SUBJ ") {
                return Some(Kind::Subject);
            }
            if starts_ci(s, "REF") && !starts_ci(s, "REFORM") && !starts_ci(s, "REFUG") {
                return Some(Kind::Ref);
            }
            if starts_ci(s, "CLASSIFIED BY") || starts_ci(s, "DERIVED FROM") {
                return Some(Kind::ClassBy);
            }
            if is_caption(s) {
                return Some(Kind::Caption);
            }
            None
        }

        /// The lines of [`super::super::split_lines`] (start, end, content
        /// start and end), found by a search for every line end.
        pub fn split_lines(text: &str) -> Vec<(usize, usize, usize, usize)> {
            let b = text.as_bytes();
            let ws = |c: u8| super::super::is_ws(c);
            let mut out = Vec::new();
            let mut pos = 0;
            for end in memchr::memchr_iter(b'\n', b).chain(std::iter::once(b.len())) {
                let mut cs = pos;
                loop {
                    if cs < end && ws(b[cs]) {
                        cs += 1;
                    } else if cs + 1 < end && b[cs] == 0xC2 && b[cs + 1] == 0xA0 {
                        cs += 2;
                    } else {
                        break;
                    }
                }
                let mut ce = end;
                loop {
                    if ce > cs && ws(b[ce - 1]) {
                        ce -= 1;
                    } else if ce >= cs + 2 && b[ce - 2] == 0xC2 && b[ce - 1] == 0xA0 {
                        ce -= 2;
                    } else {
                        break;
                    }
                }
                out.push((pos, end, cs, ce));
                pos = end + 1;
            }
            out
        }

        /// [`super::super::class_line_shape`] as first written: the first
        /// 20 letters against every level.
        pub fn class_line_shape(s: &str) -> bool {
            let mut squeezed = [0u8; 20];
            let mut n = 0;
            for c in s.bytes().filter(|c| !c.is_ascii_whitespace()).take(20) {
                squeezed[n] = c.to_ascii_uppercase();
                n += 1;
            }
            let squeezed = &squeezed[..n];
            if !super::super::LEVELS
                .iter()
                .any(|l| squeezed.starts_with(l.as_bytes()))
            {
                return false;
            }
            let last = s.split_ascii_whitespace().last().unwrap_or("");
            last.len() >= 3 && last.bytes().all(|c| c.is_ascii_digit())
        }

        pub fn has_lower(s: &str) -> bool {
            s.bytes().any(|c| c.is_ascii_lowercase())
        }

        pub fn terminal(s: &str) -> bool {
            let t = s.trim_end_matches(['"', '\'', ')', ']', '\u{201D}', '\u{2019}', '*']);
            t.ends_with(['.', '!', '?', ':', ';'])
        }

        pub fn dtg_line(s: &str) -> bool {
            let mut words = s.split_ascii_whitespace().peekable();
            let mut letters = 0;
            while let Some(w) = words.peek() {
                if w.len() <= 2
                    && w.bytes()
                        .all(|c| matches!(c, b'Z' | b'O' | b'P' | b'R' | b'M'))
                {
                    letters += 1;
                    words.next();
                } else {
                    break;
                }
            }
            let Some(t) = words.next() else { return false };
            (1..=2).contains(&letters)
                && t.len() == 7
                && t.ends_with('Z')
                && t[..6].bytes().all(|c| c.is_ascii_digit())
        }

        /// [`super::super::envelope_like`] without its quick rejects.
        pub fn envelope_like(s: &str) -> bool {
            if s.len() < 3 {
                return false;
            }
            if super::super::is_class_line(s) || dtg_line(s) || is_banner(s) {
                return true;
            }
            let office = |w: &str| {
                w.split_once('-').is_some_and(|(a, d)| {
                    (1..=6).contains(&a.len())
                        && a.bytes().all(|c| c.is_ascii_uppercase())
                        && d.len() == 2
                        && d.bytes().all(|c| c.is_ascii_digit())
                })
            };
            let mut words = s.split_ascii_whitespace();
            let (first, second) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            if matches!(first, "ACTION" | "INFO") && office(second) {
                return true;
            }
            if s.split_ascii_whitespace()
                .take(8)
                .filter(|w| office(w))
                .count()
                >= 4
            {
                return true;
            }
            let dashes = s.bytes().take_while(|&c| c == b'-').count();
            if dashes >= 8 {
                let rest = &s[dashes..];
                let tok = rest.split_ascii_whitespace().next().unwrap_or("");
                if (4..=8).contains(&tok.len())
                    && tok
                        .bytes()
                        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
                    && rest.contains('Z')
                {
                    return true;
                }
            }
            const FROM: &[&str] = &[
                "FM AMEMBASSY ",
                "FM AMCONSUL ",
                "FM SECSTATE ",
                "FM USMISSION ",
                "FM USDEL ",
                "FM USEU ",
                "FM USNATO ",
                "FM AMEMB ",
                "FM USINT ",
                "FM USLO ",
                "TO SECSTATE ",
                "TO AMEMBASSY ",
            ];
            if FROM.iter().any(|p| s.starts_with(p)) && !has_lower(s) {
                return true;
            }
            matches!(first, "TO" | "INFO")
                && second.split_once('/').is_some_and(|(r, t)| {
                    (4..=8).contains(&r.len())
                        && r.bytes().all(|c| c.is_ascii_uppercase())
                        && !t.is_empty()
                })
        }

        /// The cuts of [`super::super::split_addressees`], read over `str` words.
        pub fn split_addressees(s: &str) -> Vec<usize> {
            let prec = |x: &str| matches!(x, "IMMEDIATE" | "PRIORITY" | "ROUTINE" | "FLASH");
            let mut out = Vec::new();
            let words: Vec<&str> = s.split(' ').collect();
            let mut pos = 0;
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    let p = words[i - 1];
                    let after_prec = prec(p)
                        || (p.len() == 4
                            && p.bytes().all(|c| c.is_ascii_digit())
                            && i >= 2
                            && prec(words[i - 2]));
                    let ri = w.split_once('/').is_some_and(|(r, rest)| {
                        r.len() >= 4
                            && r.len() <= 8
                            && r.bytes().all(|c| c.is_ascii_uppercase())
                            && !rest.is_empty()
                    });
                    if after_prec && (matches!(*w, "INFO" | "XMT") || ri) && pos > 0 {
                        out.push(pos - 1);
                    }
                }
                pos += w.len() + 1;
            }
            out
        }

        pub fn is_banner(s: &str) -> bool {
            if !s
                .bytes()
                .find(|c| !c.is_ascii_whitespace())
                .is_some_and(|c| matches!(c, b'U' | b'C' | b'S' | b'L' | b'T'))
            {
                return false;
            }
            let mut n = 0;
            let mut spelled = [0u8; 24];
            let mut len = 0;
            for w in s.split_ascii_whitespace() {
                n += 1;
                if n > 4 {
                    return false;
                }
                if w.bytes().any(|c| c.is_ascii_digit()) {
                    break;
                }
                for c in w.bytes() {
                    if len == spelled.len() {
                        return false;
                    }
                    spelled[len] = c;
                    len += 1;
                }
            }
            matches!(
                &spelled[..len],
                b"UNCLASSIFIED"
                    | b"CONFIDENTIAL"
                    | b"SECRET"
                    | b"LIMITEDOFFICIALUSE"
                    | b"TOPSECRET"
            )
        }
    }

    /// Lines that test the edges of the fast paths.
    const EDGES: &[&str] = &[
        "",
        " ",
        "the",
        "THE",
        "of the",
        "of the ",
        "of\u{a0}the",
        "of\u{2003}the",
        "of\u{b}the",
        "of\u{1c}the",
        "of-the",
        "of,the",
        "caf\u{e9} the",
        "x\u{e9}the",
        "Mr.",
        "with Mrs.",
        "including",
        "xincluding",
        " including",
        "after INCLUDING",
        "said Including",
        "a includings",
        "a abcdefghi",
        "a abcdefghij",
        "the.",
        "in MRS.",
        "DR.",
        "Dr",
        "x.of",
        "BETWEEN",
        "a zzzzzzzz",
        "a   b",
        "   b",
        "a   ",
        "a.   b",
        "a)    b",
        "a  b   c",
        "a  b.   c  d    e",
        "    ",
        "ab",
        "CONFIDENTIAL",
        "LIMITED OFFICIAL USE",
        "LIMITED OFFICIAL USE ONLY",
        " CONFIDENTIAL     PTQ1859",
        "SECRET SECRET",
        "TOP SECRET",
        "UN CLASSIFIED 12",
        "CONFIDENTIALITY",
        "o",
        "o ",
        "o.",
        "on",
        "A.",
        "A. B",
        "a)",
        "ab)",
        "(a)",
        "(iv) x",
        "- 2. (C) x",
        "* 3.",
        "\u{2022} 4. x",
        "\u{2022}x",
        "\u{b6}6 . x",
        "\u{b6}B.",
        "12. (SBU) x",
        "1)",
        "123) x",
        "-- x",
        "= x",
        "\u{e9}. x",
        "C",
        "C ",
        "C1",
        "Co",
        "c o n f i d e n t i a l  00172",
        "C O N F I D E N T I A L BEIRUT 00172",
        "  confidential section 01 of 02 rome 000123",
        "UNCLAS SECTION 01 OF 09 PRISTINA 000128",
        "U NCLAS 123",
        "UNCLA 123",
        "unclassified 1234",
        "T O P S E C R E T 1234",
        "TOPSECRE 1234",
        "L I M I T E D  O F F I C I A L  U S E 001",
        "LIMITEDOFFICIALUS 001",
        "SECRETARY 001",
        "CONFIDENTIA 12",
        "S",
        "S 123",
        "Unclassified",
        "abcdefghijklmnopqrstuvwxyz{|}~`@[]^_AZ",
        "ABCDEFGH@IJKLMNOPQRSTUVWXYZ[\\]^_`{|}\u{e9}\u{c0}\u{7f}",
        "ABCDEFGHz",
        "\u{c1}\u{e1}\u{fa}\u{ff}ABCDEFGHIJ",
        "Hello.\u{201d}",
        "Hello.\u{2019}\u{201d})*]'\"",
        "Hello\u{201c}",
        "x\u{2018}",
        "\u{2019}",
        "A.\u{e2}",
        "O 121616Z MAR 08",
        "P R 281848Z DEC 66",
        "ZZ 1234567",
        "ZP",
        "Z",
        "OR 121616Z",
        "  O 121616Z",
        "OOO 121616Z",
        "M\t121616Z",
        "ACTION AF-00",
        "INFO LOG-00 NP-00 AID-00 CIAE-00",
        "X LOG-00 NP-00 AID-00 CIAE-00 EUR-00",
        "X LOG-00 NP-00 AID-00 CIAE-001 EUR-0",
        "LOG-00 NP-00 AID-00 CIAE-00",
        "LOG-00 NP-00 AID-00 CIAE-00\tX",
        "A-1-00 B-00 C-00 D-00",
        "TO RUEHC/SECSTATE WASHDC",
        "TOO RUEHC/SECSTATE",
        " INFO RUEHXK/ARAB",
        "ACTIONS AF-00",
        "FM AMEMBASSY PRISTINA",
        "FM AMEMBASSY Pristina",
        "TO SECSTATE WASHDC IMMEDIATE 8105",
        "------------------8A8E22 271459Z /38",
        "RUEHSF/AMEMBASSY SOFIA PRIORITY 4945 RUEHTI/AMEMBASSY TIRANA PRIORITY 6370",
        "X IMMEDIATE INFO RUEHXK/ARAB PRIORITY XMT AMCONSUL",
        "FLASH RUEH/X ROUTINE 1234 RUEHAB/X ROUTINE 12345 RUEHAB/X",
        "PRIORITY  RUEHAB/X PRIORITY RUEHABCDE/X PRIORITY RUEHA/ PRIORITY RUEHAB/",
        "SEC RET",
        "TOP SECRET 1234",
        "LIMITED OFFICIAL USE",
        "Secret",
        "\tSECRET",
        "Ls",
        "¶12. (C) The talks",
        "- ¶3. (SBU) x",
        "¶6 . (C) y",
        "¶6  .  y",
        "- 13. (U) z",
        "* 2. text",
        "\u{2022} 4.  two",
        "¶1.(C - ENTIRE TEXT) x",
        "¶7. (C) a  ¶8. (S) b  ¶9.  c",
        "¶1234. x",
        "¶. x",
    ];

    fn check_line(s: &str) {
        assert_eq!(
            ends_with_function_word(s),
            slow::ends_with_function_word(s),
            "ends_with_function_word({s:?})"
        );
        assert_eq!(tableish(s), slow::tableish(s), "tableish({s:?})");
        assert_eq!(
            has_three_spaces(s.as_bytes()),
            memchr::memmem::find(s.as_bytes(), b"   ").is_some(),
            "has_three_spaces({s:?})"
        );
        assert_eq!(is_banner(s), slow::is_banner(s), "is_banner({s:?})");
        // the quick rejects never turn a line away the full tests accept
        // (a squeezed level starts with one of the letters `level_start`
        // tests, so the length limit is the only other difference)
        assert_eq!(
            is_class_line(s),
            s.len() <= 120 && class_line_shape(s),
            "is_class_line({s:?})"
        );
        assert_eq!(is_bullet(s), bullet_shape(s), "is_bullet({s:?})");
        assert!(
            may_start_action(s) || !matches!(first_two_words(s).0, "ACTION" | "INFO" | "TO"),
            "may_start_action({s:?})"
        );
        assert_eq!(read_head(s), read_head_shape(s), "read_head({s:?})");
        assert_eq!(
            head_starts(s.as_bytes()),
            slow::head_starts(s.as_bytes()),
            "head_starts({s:?})"
        );
        // a head is confirmed as the parser reads a copy of its canonical
        // text (the digits, the dot, the rest), though the text is borrowed
        if let Some((len, number, _, _, _, marked)) = read_head_shape(s) {
            let head = s[..len - 1].trim_end_matches(' ');
            let digits = &head[head.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
            let canon = format!("{digits}.{}", &s[len..]);
            let p = parahead::parse_head(&canon).expect("a confirmed head");
            assert_eq!((p.number, p.marking.is_some()), (number, marked), "{s:?}");
        }
        assert_eq!(has_lower(s), slow::has_lower(s), "has_lower({s:?})");
        assert_eq!(
            class_line_shape(s),
            slow::class_line_shape(s),
            "class_line_shape({s:?})"
        );
        assert_eq!(is_caption(s), slow::is_caption(s), "is_caption({s:?})");
        assert_eq!(header_kind(s), slow::header_kind(s), "header_kind({s:?})");
        assert_eq!(terminal(s), slow::terminal(s), "terminal({s:?})");
        assert_eq!(dtg_line(s), slow::dtg_line(s), "dtg_line({s:?})");
        assert_eq!(
            envelope_like(s),
            slow::envelope_like(s),
            "envelope_like({s:?})"
        );
        let mut edits = Vec::new();
        split_addressees(s, 0, s.len(), &mut edits);
        let cuts: Vec<usize> = edits.iter().map(|e| e.start).collect();
        assert_eq!(cuts, slow::split_addressees(s), "split_addressees({s:?})");
        assert_eq!(
            mixed_case(s.as_bytes()),
            slow::mixed_case(s.as_bytes()),
            "mixed_case({s:?})"
        );
    }

    #[test]
    fn function_words_are_found_by_their_keys() {
        for w in slow::FUNCTION_WORDS {
            assert!(is_function_word(w.as_bytes()), "{w}");
        }
        for w in [
            "",
            "th",
            "thee",
            "includin",
            "includings",
            "mr",
            "tho",
            "a.",
            "xx",
            "the\0",
            "\0the",
        ] {
            assert!(!is_function_word(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn fast_paths_agree_on_edges() {
        for s in EDGES {
            check_line(s);
        }
        for t in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "\na",
            "a\n\n\nb\n",
            " \u{a0}x\u{a0} \n\t\n \r\n\u{a0}\n\u{a0}",
            "\u{e9}x\u{e9}\n\u{a0}\u{e9}\u{a0}\n\u{c2}\n \u{7f} \n\u{b}x\u{b}\n\u{c}x\u{c}",
        ] {
            let spans: Vec<_> = split_lines(t)
                .iter()
                .map(|l| (l.start, l.end, l.cs, l.ce))
                .collect();
            assert_eq!(spans, slow::split_lines(t), "{t:?}");
        }
        // every caption word, in each case and cut or lengthened by a byte
        for w in CAPTION_WORDS {
            assert!(is_caption_word(w), "{w}");
            for v in [
                w.to_lowercase(),
                format!("{w}S"),
                format!("{w}\u{e9}"),
                w[1..].to_owned(),
                w[..w.len() - 1].to_owned(),
                format!("{w} / {}", w.to_lowercase()),
                format!("E.O. {w}"),
                format!("SUBJ: {w}"),
            ] {
                check_line(&v);
            }
        }
        let long = "Ab ".repeat(400);
        check_line(&long);
        // `mixed_case` decided early, across its blocks: counts at and next
        // to the limit (`3 lo > up`), lower or upper case first, and with
        // bytes of neither case after them
        for (lo, up) in [
            (1, 3),
            (1, 2),
            (100, 299),
            (100, 300),
            (300, 899),
            (300, 900),
        ] {
            for (lo, up) in [(lo, up), (lo + 1, up), (lo, up + 1)] {
                let (a, b) = ("a".repeat(lo), "B".repeat(up));
                for pad in [0, 1, 254, 600] {
                    let tail = " ".repeat(pad);
                    assert_eq!(
                        mixed_case(format!("{a}{b}{tail}").as_bytes()),
                        slow::mixed_case(format!("{a}{b}{tail}").as_bytes())
                    );
                    assert_eq!(
                        mixed_case(format!("{b}{tail}{a}").as_bytes()),
                        slow::mixed_case(format!("{b}{tail}{a}").as_bytes())
                    );
                }
            }
        }
        // a lower-case letter (or a byte next to `a..=z`) at every offset
        // of lines of every length across the sixteen-byte steps and the
        // last eight bytes
        for len in 0..41 {
            for at in 0..len {
                for c in ['a', 'z', '`', '{', '@', '[', 'A', 'Z', '\u{e9}'] {
                    let mut line: String = "X".repeat(len);
                    line.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                    check_line(&line);
                }
            }
        }
        // runs of two, three and four spaces at every offset across the
        // eight-byte words, with and without a byte after them
        for run in 2..=4 {
            for at in 0..20 {
                let line = format!("{}{}", "x".repeat(at), " ".repeat(run));
                check_line(&line);
                check_line(&format!("{line}y"));
                check_line(&format!("{line}y{}", "z".repeat(at % 9)));
                check_line(&format!("a.{line}b"));
            }
        }
    }

    /// Every line of the real cables (and its trimmed forms) reads the same
    /// through the fast paths as through the plain ones.
    #[test]
    fn fast_paths_agree_on_real_lines() {
        let Some(shared) = cablekit_testkit::shared("the fast-path agreement over real lines")
        else {
            return;
        };
        let mut lines = 0usize;
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(
                mixed_case(text.as_bytes()),
                slow::mixed_case(text.as_bytes())
            );
            let split = split_lines(&text);
            let spans: Vec<_> = split.iter().map(|l| (l.start, l.end, l.cs, l.ce)).collect();
            assert_eq!(spans, slow::split_lines(&text));
            let spaced = three_space_lines(text.as_bytes(), &split);
            for (k, line) in text.split('\n').enumerate() {
                assert_eq!(spaced[k], line.contains("   "), "{line:?}");
                check_line(line);
                check_line(line.trim());
                lines += 1;
            }
        }
        eprintln!("{lines} lines compared");
    }

    /// [`restore_lines`] finds the lines a walk over every line picks out
    /// with the tests of [`restore`].
    fn check_restore_lines(b: &[u8]) {
        let mut want = Vec::new();
        let mut pos = 0;
        while pos < b.len() {
            let end = line_end(b, pos);
            let line = &b[pos..end];
            let subject =
                pos < GLUED_SUBJECT_BEFORE && memchr::memmem::find(line, b"SUBJECT:").is_some();
            let envelope = pos < GLUED_ENVELOPE_BEFORE
                && line.len() > GLUED_ENVELOPE_MIN
                && line.starts_with(b"VZCZC");
            if line.len() > COLLAPSED_MIN || envelope || subject {
                want.push((pos, subject));
            }
            pos = end + 1;
        }
        assert_eq!(restore_lines(b), want, "{:?}", String::from_utf8_lossy(b));
    }

    #[test]
    fn restore_lines_agree_on_edges() {
        let long = |n: usize| "x".repeat(n);
        let envelope = format!("VZCZC{}", long(96));
        for t in [
            String::new(),
            "\n\n".to_owned(),
            long(600),
            long(601),
            format!("{}\n", long(601)),
            format!("\n{}\n{}", long(600), long(601)),
            format!(
                "{}\n{}SUBJECT: x\nSUBJECT: y SUBJECT: z",
                long(700),
                long(19400)
            ),
            format!("SUBJECT: {}", long(700)),
            format!(
                "{envelope}\n{envelope}x\n {envelope}x\n{}{envelope}x",
                long(7900)
            ),
            format!("{}\n{envelope}x\n{envelope}x", long(7993)),
            format!("{}\n{envelope}x", long(7999)),
            // around the limit of the `SUBJECT:` lines
            format!("{}\nSUBJECT: a", long(19998)),
            format!("{}\nSUBJECT: a", long(19999)),
            format!("{}\nSUBJECT: a", long(20000)),
            format!("{}SUBJECT: a SUBJECT: b", long(25000)),
            format!("{}\n{}SUBJECT: a\nSUBJECT: b", long(100), long(25000)),
            format!("{}\n\nSUBJECT: a", long(19998)),
            format!("SUBJECT:\n{}\nSUBJECT:", long(19990)),
        ] {
            check_restore_lines(t.as_bytes());
        }
    }

    #[test]
    fn restore_lines_agree_on_real_cables() {
        let Some(shared) = cablekit_testkit::shared("the restore lines of real cables") else {
            return;
        };
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            if let Ok(bytes) = std::fs::read(&f) {
                check_restore_lines(&bytes);
                // and the head starts of the cable collapsed, its line ends
                // turned into two spaces, as JSON exports have them
                let collapsed: Vec<u8> = bytes
                    .iter()
                    .flat_map(|&c| {
                        if c == b'\n' {
                            vec![b' ', b' ']
                        } else {
                            vec![c]
                        }
                    })
                    .collect();
                for b in [&bytes[..], &collapsed[..]] {
                    assert_eq!(head_starts(b), slow::head_starts(b), "{}", f.display());
                }
            }
        }
    }

    /// Head starts at the edges of the searches: runs of spaces of every
    /// length, `¶` at either end, after spaces, doubled, or cut.
    #[test]
    fn head_starts_agree_on_edges() {
        for t in [
            "",
            " ",
            "  ",
            "   ",
            "  1",
            "   1",
            " 1",
            "1",
            "¶",
            "¶1",
            "x¶1",
            "  ¶1",
            " ¶",
            "¶¶",
            "  \u{c2}",
            "  \u{c2}\u{a0}",
            "a  1.  b   2.  ¶3. c¶",
            "    ",
            "  x  9",
        ] {
            assert_eq!(
                head_starts(t.as_bytes()),
                slow::head_starts(t.as_bytes()),
                "{t:?}"
            );
        }
    }

    /// The clean text of `input`, checked to be a fixed point and to replay
    /// from the edits.
    fn clean_fixed(input: &str) -> String {
        let o = Options::default();
        let n = crate::normalize(input, &o);
        assert_eq!(cablekit_record::apply_edits(input, &n.edits), n.text);
        for e in &n.edits {
            assert_eq!(&input[e.start..e.end], e.before, "{input:?}");
        }
        assert_eq!(crate::normalize(&n.text, &o).text, n.text, "{input:?}");
        n.text
    }

    /// A line with markers cut from its inside is read as it is written:
    /// without them.
    #[test]
    fn cut_views_drop_inline_markers() {
        let text =
            "x\nThe talks BERN 00000881  002 OF 002 went PRISTINA 00000128 002 OF 009 on.\ny";
        let lines = split_lines(text);
        let (a, b) = (text.find("BERN").unwrap(), text.find("PRISTINA").unwrap());
        let cuts = [(1, a, a + 26), (1, b, b + 29)];
        let views = cut_views(text, &lines, &cuts);
        assert_eq!(views, vec![(1, "The talks went on.".to_owned())]);
        let texts = line_texts(text, &lines, &views);
        assert_eq!(texts[1], "The talks went on.");
        assert_eq!(texts[2], "y");
        // offsets of the view map back past the cuts
        let cs = lines[1].cs;
        assert_eq!(orig_offset(&cuts, 1, cs + 4), cs + 4);
        assert_eq!(orig_offset(&cuts, 1, cs + 10), cs + 10);
        assert_eq!(orig_offset(&cuts, 1, cs + 11), cs + 11 + 26);
        assert_eq!(orig_offset(&cuts, 1, cs + 16), cs + 16 + 26 + 29);
    }

    /// The first pass used to read the line with the marker in it: too long
    /// for a caption, three spaces making it a table row, a `- ` bullet
    /// before the marker; the second pass read it without and decided
    /// otherwise (found by the token-soup generator).
    #[test]
    fn a_line_with_a_cut_marker_is_laid_out_once() {
        assert_eq!(
            clean_fixed(
                "PRISTINA 000128 \n\nUNCLASSIFIED PRISTINA 00000128 002 OF 009 UNCLASSIFIED"
            ),
            "PRISTINA 000128\nUNCLASSIFIED UNCLASSIFIED"
        );
        clean_fixed(
            "said talks.\n\nKosovo,s   PRISTINA 00000128 002 OF 009PRISTINA 00000128 002 OF 009Kosovo,ssaidBERN 00000881  002 OF 002 said\n\nXXXXXXXXXXXX -- UNCLASSIFIED¶3. 2. TAGS:talks.Kosovo,s(C)",
        );
        clean_fixed(
            "--XXXXXXXXXXXXand SECTION 02 OF 03Kosovo,s PRISTINA 00012812008 SECRET (C)saidand\n\n\n- BERN 00000881  002 OF 002the BERN 00000881  002 OF 0022.",
        );
        // must not change: a head and a marker on one line are both repaired
        assert_eq!(
            clean_fixed(
                "- 2. (C) The talks PRISTINA 00000128 002 OF 009 went on.\n\n- 3. (C) More."
            ),
            "¶2. (C) The talks went on.\n\n¶3. (C) More."
        );
        // nor a sentence broken by a marker inside it
        assert_eq!(
            clean_fixed(
                "A number of international and national training PRISTINA 00000128 009.2 OF 009 organizations also provide"
            ),
            "A number of international and national training organizations also provide"
        );
    }

    /// `- 2.` is a paragraph head a converter put a bullet before, written
    /// `¶2.`: it is no bullet, or the first pass keeps a paragraph break the
    /// second (reading `¶2.`) joins.
    #[test]
    fn a_bulleted_head_is_no_bullet() {
        assert_eq!(
            clean_fixed(
                "- 2. ¶3. \n\ntalks.(C) \nXXXXXXXXXXXX CONFIDENTIAL 2.x   SECRET OfsaidXXXXXXXXXXXX"
            ),
            "¶2. ¶3. talks.(C)\n\nXXXXXXXXXXXX CONFIDENTIAL 2.x   SECRET OfsaidXXXXXXXXXXXX"
        );
        // must not change: a short `--` bullet is still a line of its own
        let input = "1. (C) The minister spoke about the talks at length.\n\n-- Short bullet\n\nand more after it.";
        assert_eq!(clean_fixed(input), input);
    }

    /// A TAGS line that starts with a section marker is read from `TAGS`
    /// on, as the next run reads it once the marker is cut.
    #[test]
    fn a_leading_marker_before_tags_is_skipped() {
        assert_eq!(
            after_leading_marker("PRISTINA 00000128 002 OF 009 TAGS: PREL KOSUBJECT: X"),
            "TAGS: PREL KOSUBJECT: X"
        );
        // must not change: no marker, TAGS first, no TAGS after the marker
        for s in [
            "TAGS: PREL KOSUBJECT: X",
            "SUBJECT: TAGS AND MORE",
            "PRISTINA 00000128 002 OF 009 The TAGS line",
            "The TAGS: line",
        ] {
            assert_eq!(after_leading_marker(s), s);
        }
        let o = Options::default();
        let t = "E.O. 12958:\n\nPRISTINA 00000128 002 OF 009 TAGS: SECTION 02 OF 03ENDSUBJECT: X";
        let e = restore(t, &o);
        assert_eq!(
            cablekit_record::apply_edits(t, &e),
            "E.O. 12958:\n\nPRISTINA 00000128 002 OF 009 TAGS: SECTION 02 OF 03END\nSUBJECT: X"
        );
    }

    /// `TAGS: … SYSUBJECT:` is split also when the TAGS line is indented,
    /// and when a marker the structure stage cuts sits before `SUBJECT:`.
    #[test]
    fn glued_subject_after_tags() {
        let o = Options::default();
        let split = |t: &str| {
            let e = restore(t, &o);
            cablekit_record::apply_edits(t, &e)
        };
        assert_eq!(
            split("  TAGS: PREL KOXXSUBJECT: THE TALKS"),
            "  TAGS: PREL KOXX\nSUBJECT: THE TALKS"
        );
        assert_eq!(
            split("TAGS: PREL XX BERN 00000881  002 OF 002SUBJECT: THE TALKS"),
            "TAGS: PREL XX BERN 00000881  002 OF 002\nSUBJECT: THE TALKS"
        );
        assert_eq!(
            clean_fixed(
                "TAGS: PREL XX BERN 00000881  002 OF 002SUBJECT: THE TALKS\n\n1. (C) Text."
            ),
            "TAGS: PREL XX\nSUBJECT: THE TALKS\n\n1. (C) Text."
        );
        clean_fixed(
            "thetheKosovo,s 1. (C) 12008and (C) \tEND1. -  the (C)\n\n\n  TAGS:CONFIDENTIAL Of -- XXXXXXXXXXXXPRISTINA 000128UNCLASSIFIEDSUBJECT:120082.SECRETx UNCLASSIFIED",
        );
        // must not change: a digit, a lower-case word or a space before it
        for t in [
            "TAGS: PREL 2008SUBJECT: THE TALKS",
            "TAGS: PREL xx BERN 00000881  002 OF 002SUBJECT: THE TALKS",
            "  TAGS: PREL KO SUBJECT: THE TALKS",
            "  TAGS: PREL\n  SUBJECT: THE TALKS",
        ] {
            assert_eq!(split(t), t);
        }
    }
}
