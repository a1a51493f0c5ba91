//! The classification line, the first line of the drafted text:
//! `<level> [markings] [SECTION nn OF nn] <POST> <serial>`.
//!
//! `UNCLAS SECTION 01 OF 09 PRISTINA 000128`,
//! `C O N F I D E N T I A L  BRASILIA 000093`, `S E C R E T STATE 002634`,
//! `LIMITED OFFICIAL USE ATHENS 2959`, `UNCLAS E F T O …`, and the
//! lower-cased JSON-export form `C o n f i d e n t i a l section 01 of 04 ankara 000348`.
//! Levels are matched letter by letter with optional spaces between the
//! letters, case-insensitively. Post + serial form the message reference
//! number (MRN). OWNER: envelope helper (A).

use nom::{
    IResult, Parser,
    bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1},
    character::complete::{space0, space1},
};

/// A parsed classification line. Offsets are byte offsets into the line
/// given to [`classification_line`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassificationLine<'a> {
    /// `UNCLASSIFIED`, `LIMITED OFFICIAL USE`, `CONFIDENTIAL`, `SECRET` or `TOP SECRET`.
    pub level: &'static str,
    /// Whether the level was letter-spaced (`S E C R E T`).
    pub letter_spaced: bool,
    /// Whether the level was read from a damaged spelling (`SS E C R E T`).
    pub damaged: bool,
    /// Handling words on the line, canonical spelling (`EFTO`, `NOFORN`, `TOSEC 140323`).
    pub markings: Vec<String>,
    /// Section number.
    pub section: Option<u32>,
    /// Number of sections.
    pub of: Option<u32>,
    /// Post as written (`PRISTINA`, `USUN NEW YORK`, `ankara`).
    pub post: Option<&'a str>,
    /// Serial as written (`000128`).
    pub serial: Option<&'a str>,
    /// Offset of the first byte not read (the line's length when all was read).
    pub rest: usize,
}

impl ClassificationLine<'_> {
    /// The message reference number: post and serial as written, one space
    /// between words (`PRISTINA 000128`, `USUN NEW YORK 000123`).
    pub fn mrn(&self) -> Option<String> {
        let (post, serial) = (self.post?, self.serial?);
        let mut s = String::with_capacity(post.len() + serial.len() + 1);
        for w in post.split_ascii_whitespace() {
            s.push_str(w);
            s.push(' ');
        }
        s.push_str(serial);
        Some(s)
    }

    /// The serial as a number (leading zeros dropped).
    pub fn serial_number(&self) -> Option<u64> {
        let s = self.serial?;
        if s.len() > 18 {
            return None;
        }
        s.parse().ok()
    }
}

fn fail<T>(i: &str) -> IResult<&str, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Verify,
    )))
}

/// Match `word` (upper-case ASCII letters; spaces in it are ignored) letter by
/// letter, case-insensitively, allowing up to two spaces between letters, and
/// ending at a word boundary. Returns the matched text.
pub fn spaced_word<'a>(word: &'static str, input: &'a str) -> IResult<&'a str, &'a str> {
    let bytes = input.as_bytes();
    let mut pos = 0;
    let mut first = true;
    for w in word.bytes().filter(|b| *b != b' ') {
        if !first {
            let mut n = 0;
            while n < 2 && bytes.get(pos) == Some(&b' ') {
                pos += 1;
                n += 1;
            }
        }
        first = false;
        match bytes.get(pos) {
            Some(b) if b.eq_ignore_ascii_case(&w) => pos += 1,
            _ => return fail(input),
        }
    }
    if bytes.get(pos).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return fail(input);
    }
    // `pos` is just after an ASCII letter, so it is a char boundary.
    Ok((&input[pos..], &input[..pos]))
}

/// nom parser for a classification level at the start of `input`. Returns
/// the canonical level and whether it was letter-spaced.
pub fn level(input: &str) -> IResult<&str, (&'static str, bool)> {
    const LEVELS: [(&str, &str); 8] = [
        ("TOPSECRET", "TOP SECRET"),
        ("UNCLASSIFIED", "UNCLASSIFIED"),
        ("UNCLAS", "UNCLASSIFIED"),
        ("LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE"),
        ("CONFIDENTIAL", "CONFIDENTIAL"),
        ("SECRET", "SECRET"),
        ("UNCLASIFIED", "UNCLASSIFIED"),
        ("UUNCLAS", "UNCLASSIFIED"),
    ];
    for (pat, canon) in LEVELS {
        if let Ok((rest, m)) = spaced_word(pat, input) {
            let spaces = m.bytes().filter(|b| *b == b' ').count();
            return Ok((rest, (canon, spaces >= 3)));
        }
    }
    fail(input)
}

/// nom parser for a letter-spaced level damaged in conversion: first letter
/// lost or doubled (`E C R E T`, `SS E C R E T`, `O N F I D E N T I A L`).
/// Only letter-spaced forms are accepted.
pub fn damaged_level(input: &str) -> IResult<&str, &'static str> {
    const DAMAGED: [(&str, &str); 4] = [
        ("SSECRET", "SECRET"),
        ("ECRET", "SECRET"),
        ("CCONFIDENTIAL", "CONFIDENTIAL"),
        ("ONFIDENTIAL", "CONFIDENTIAL"),
    ];
    for (pat, canon) in DAMAGED {
        if let Ok((rest, m)) = spaced_word(pat, input)
            && m.bytes().filter(|b| *b == b' ').count() >= 3
        {
            return Ok((rest, canon));
        }
    }
    fail(input)
}

const MARKINGS: [(&str, &str); 13] = [
    ("FOROFFICIALUSEONLY", "FOR OFFICIAL USE ONLY"),
    ("EFTO", "EFTO"),
    ("NOFORN", "NOFORN"),
    ("NODIS", "NODIS"),
    ("EXDIS", "EXDIS"),
    ("LIMDIS", "LIMDIS"),
    ("STADIS", "STADIS"),
    ("SIPDIS", "SIPDIS"),
    ("SENSITIVE", "SENSITIVE"),
    ("ORCON", "ORCON"),
    ("CHEROKEE", "CHEROKEE"),
    ("SPECAT", "SPECAT"),
    ("CONDIS", "CONDIS"),
];

/// nom parser for one handling marking (`EFTO`, `E F T O`, `NOFORN`,
/// `FOR OFFICIAL USE ONLY`), optionally preceded by `//` or `/`.
pub fn marking(input: &str) -> IResult<&str, &'static str> {
    let i = input.trim_start_matches('/');
    for (pat, canon) in MARKINGS {
        if let Ok((rest, _)) = spaced_word(pat, i) {
            return Ok((rest, canon));
        }
    }
    fail(input)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn num(s: &str) -> Option<u32> {
    if s.len() > 9 { None } else { s.parse().ok() }
}

/// nom parser for `SECTION 01 OF 09` (`section 1 of 3`, `FINAL SECTION OF 03`).
pub fn section(input: &str) -> IResult<&str, (Option<u32>, Option<u32>)> {
    let fin: IResult<&str, _> = (
        tag_no_case("FINAL"),
        space1,
        tag_no_case("SECTION"),
        space1,
        tag_no_case("OF"),
        space1,
        take_while_m_n(1, 3, is_digit),
    )
        .parse(input);
    if let Ok((i, (_, _, _, _, _, _, of))) = fin {
        let of = num(of);
        return Ok((i, (of, of)));
    }
    let (i, (_, _, n, _, _, _, m)) = (
        tag_no_case("SECTION"),
        space1,
        take_while_m_n(1, 3, is_digit),
        space0,
        tag_no_case("OF"),
        space0,
        take_while_m_n(1, 3, is_digit),
    )
        .parse(input)?;
    if i.starts_with(|c: char| c.is_ascii_digit()) {
        return fail(input);
    }
    Ok((i, (num(n), num(m))))
}

fn post_word(input: &str) -> IResult<&str, &str> {
    let (i, w) = take_while1(|c: char| c.is_ascii_alphabetic() || "'.&-".contains(c))(input)?;
    if !w.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return fail(input);
    }
    Ok((i, w))
}

/// nom parser for `POST SERIAL` (`PRISTINA 000128`, `USUN NEW YORK 000123`,
/// `ankara 000348…`): up to six words, then digits. The serial may be
/// followed directly by other text (`000348SipdisE.o.`).
pub fn post_serial(input: &str) -> IResult<&str, (&str, &str)> {
    // A two-digit year before the post (`75 LIBREVILLE 1895`) is skipped.
    let year: IResult<&str, (&str, &str)> = (take_while_m_n(2, 2, is_digit), space1).parse(input);
    let input = match year {
        Ok((r, _)) if r.starts_with(|c: char| c.is_ascii_alphabetic()) => r,
        _ => input,
    };
    let mut i = input;
    let mut end_of_post = 0;
    for n in 0..6 {
        if n > 0 {
            let (r, _) = space1(i)?;
            let digits: IResult<&str, &str> = take_while_m_n(1, 10, is_digit)(r);
            if let Ok((r2, serial)) = digits {
                let post = &input[..end_of_post];
                if r2.starts_with(|c: char| c.is_ascii_digit()) {
                    return fail(input);
                }
                return Ok((r2, (post, serial)));
            }
            i = r;
        }
        let (r, _) = post_word(i)?;
        end_of_post = input.len() - r.len();
        i = r;
    }
    fail(input)
}

/// Parse a classification line. Returns `None` unless the line is a
/// classification level, optionally followed by markings, a section part
/// and post + serial, and whatever follows the serial (kept as `rest`).
/// A level followed by unknown words and no serial (`SECRET ENTIRE TEXT.`)
/// is not a classification line.
pub fn classification_line(line: &str) -> Option<ClassificationLine<'_>> {
    let lead = line.len() - line.trim_start().len();
    // quick reject: a level, also a damaged one, starts with one of these
    // letters (any case), so other lines are not tried with each level
    if !line.as_bytes().get(lead).is_some_and(|b| {
        matches!(
            b.to_ascii_uppercase(),
            b'T' | b'U' | b'L' | b'C' | b'S' | b'E' | b'O'
        )
    }) {
        return None;
    }
    classification_line_full(line, lead)
}

/// [`classification_line`] without the quick reject (`lead`: the bytes of
/// leading whitespace).
fn classification_line_full(line: &str, lead: usize) -> Option<ClassificationLine<'_>> {
    let input = &line[lead..];
    let (mut i, (lvl, spaced), damaged) = match level(input) {
        Ok((r, l)) => (r, l, false),
        Err(_) => {
            let (r, l) = damaged_level(input).ok()?;
            (r, (l, true), true)
        }
    };
    let lvl_text = &input[..input.len() - i.len()];
    let upper = lvl_text
        .bytes()
        .all(|b| !b.is_ascii_alphabetic() || b.is_ascii_uppercase());
    let mut out = ClassificationLine {
        level: lvl,
        letter_spaced: spaced,
        damaged,
        markings: Vec::new(),
        section: None,
        of: None,
        post: None,
        serial: None,
        rest: line.len(),
    };
    let off = |s: &str| line.len() - s.len();
    loop {
        let (r, _) = space0::<_, nom::error::Error<&str>>(i).ok()?;
        if r.is_empty() {
            i = r;
            break;
        }
        if let Ok((r2, m)) = marking(r) {
            if !out.markings.iter().any(|x| x == m) {
                out.markings.push(m.to_owned());
            }
            i = r2;
            continue;
        }
        if r.starts_with('/') {
            // `SECRET//NOFORN` with an unknown caveat: keep it verbatim.
            let (r2, w) =
                take_while1::<_, _, nom::error::Error<&str>>(|c: char| !c.is_whitespace())(r)
                    .ok()?;
            out.markings.push(w.trim_start_matches('/').to_owned());
            i = r2;
            continue;
        }
        if out.section.is_none()
            && let Ok((r2, (s, o))) = section(r)
        {
            out.section = s;
            out.of = o;
            i = r2;
            continue;
        }
        if let Ok((r2, (post, serial))) = post_serial(r) {
            out.post = Some(post);
            out.serial = Some(serial);
            i = r2;
            // Message-series suffix (`TOSEC 140323`, `SECTO 12345`) and
            // trailing markings, when that is all that follows.
            let mut j = i;
            let mut extra = Vec::new();
            while let Ok((r3, _)) = space0::<_, nom::error::Error<&str>>(j) {
                if r3.is_empty() {
                    j = r3;
                    break;
                }
                if let Ok((r4, m)) = marking(r3) {
                    extra.push(m.to_owned());
                    j = r4;
                    continue;
                }
                let series: IResult<&str, (&str, &str, &str)> = (
                    nom::branch::alt((tag("TOSEC"), tag("SECTO"))),
                    space1,
                    take_while1(is_digit),
                )
                    .parse(r3);
                if let Ok((r4, (s, _, n))) = series {
                    extra.push(format!("{s} {n}"));
                    j = r4;
                    continue;
                }
                break;
            }
            if j.is_empty() {
                for m in extra {
                    if !out.markings.contains(&m) {
                        out.markings.push(m);
                    }
                }
                i = j;
            } else {
                // Something else follows (the next field glued on): leave it.
                let skip = i.len() - i.trim_start().len();
                out.rest = off(i) + skip;
                return accept(out, upper, spaced, lvl_text);
            }
            break;
        }
        // Unknown word before any serial: not a classification line.
        return None;
    }
    let _ = i;
    accept(out, upper, spaced, lvl_text)
}

/// Find a classification line glued onto the end of another line, as when a
/// header field and a body field were joined without a newline
/// (`RUEHOO/CHINA POSTS COLLECTIVEUNCLAS SECTION 01 OF 02 CHENGDU 000030`,
/// `…is not available.UNCLAS SECTION 01 OF 02 ADANA 0386`). Only a
/// classification with post and serial counts. Returns the byte offset where
/// it starts and the parsed line (offsets relative to that start).
pub fn glued_classification_line(line: &str) -> Option<(usize, ClassificationLine<'_>)> {
    // the search starts at byte 1: none when that is inside the first char
    if !line.is_char_boundary(1) {
        return None;
    }
    // the first place (from byte 1 on) where a level is written and a
    // classification line with a serial starts; one pass over the bytes
    // instead of one search per level (most lines are short)
    let b = line.as_bytes();
    // the serial is read from ASCII digits after the level: a level can
    // only start before the line's last digit (a line without one, most
    // addressee and body lines, has none); found from the end, where the
    // digits of a classification line usually stand
    let last_digit = b.iter().rposition(u8::is_ascii_digit)?;
    (1..last_digit).find_map(|at| {
        if !GLUED_FIRST[b[at] as usize] || !glued_level_at(&b[at..]) {
            return None;
        }
        let c = classification_line(line.get(at..)?)?;
        c.serial.is_some().then_some((at, c))
    })
}

/// The first bytes of the levels [`glued_level_at`] knows: `U`, `C`, `S`,
/// `L`, `T` (a table look-up rejects the other bytes of a line at once).
const GLUED_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    t[b'U' as usize] = true;
    t[b'C' as usize] = true;
    t[b'S' as usize] = true;
    t[b'L' as usize] = true;
    t[b'T' as usize] = true;
    t
};

/// `true` when `rest` starts with a level as [`glued_classification_line`]
/// looks for it (`UNCLAS`, `CONFIDENTIAL`, `SECRET`, `LIMITED OFFICIAL USE`,
/// letter-spaced `C O N F I D E N T I A L`, `S E C R E T`, `T O P S E C R E T`,
/// and the lower-cased exports' `C o n f i d e n t i a l`, `S e c r e t`,
/// `Unclas`). Asked of every byte of a line, so it compares only the levels
/// that start with that byte.
#[inline]
fn glued_level_at(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b'U') => rest.starts_with(b"UNCLAS") || rest.starts_with(b"Unclas"),
        Some(b'C') => {
            rest.starts_with(b"CONFIDENTIAL")
                || rest.starts_with(b"C O N F I D E N T I A L")
                || rest.starts_with(b"C o n f i d e n t i a l")
        }
        Some(b'S') => {
            rest.starts_with(b"SECRET")
                || rest.starts_with(b"S E C R E T")
                || rest.starts_with(b"S e c r e t")
        }
        Some(b'L') => rest.starts_with(b"LIMITED OFFICIAL USE"),
        Some(b'T') => rest.starts_with(b"T O P S E C R E T"),
        _ => false,
    }
}

fn accept<'a>(
    out: ClassificationLine<'a>,
    upper: bool,
    spaced: bool,
    lvl_text: &str,
) -> Option<ClassificationLine<'a>> {
    // A level in lower or mixed case is a classification only when it is
    // letter-spaced, the abbreviation `Unclas`, or the line has a section part.
    let abbrev = lvl_text.eq_ignore_ascii_case("UNCLAS");
    if upper || spaced || abbrev || out.section.is_some() {
        Some(out)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_line() {
        let c = classification_line("UNCLAS SECTION 01 OF 09 PRISTINA 000128").unwrap();
        assert_eq!(c.level, "UNCLASSIFIED");
        assert_eq!((c.section, c.of), (Some(1), Some(9)));
        assert_eq!(c.mrn().as_deref(), Some("PRISTINA 000128"));
        assert_eq!(c.serial_number(), Some(128));
        assert_eq!(c.rest, 39);
    }

    #[test]
    fn letter_spaced() {
        // 08REYKJAVIK195, 08BRASILIA93 (two spaces), 07BERN881.
        let c = classification_line("C O N F I D E N T I A L SECTION 01 OF 02 REYKJAVIK 000195")
            .unwrap();
        assert_eq!((c.level, c.letter_spaced), ("CONFIDENTIAL", true));
        assert_eq!(c.mrn().as_deref(), Some("REYKJAVIK 000195"));
        let c = classification_line("C O N F I D E N T I A L  BRASILIA 000093 ").unwrap();
        assert_eq!(
            (c.level, c.section, c.post),
            ("CONFIDENTIAL", None, Some("BRASILIA"))
        );
        let c = classification_line("S E C R E T SECTION 01 OF 02 BERN 000881").unwrap();
        assert_eq!(c.level, "SECRET");
        let c = classification_line("T O P S E C R E T STATE 012345").unwrap();
        assert_eq!(c.level, "TOP SECRET");
        let c = classification_line("S E C R E T  STATE 038496 ").unwrap();
        assert_eq!(c.mrn().as_deref(), Some("STATE 038496"));
    }

    #[test]
    fn plain_and_old() {
        let c = classification_line("CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135 ").unwrap();
        assert_eq!(c.mrn().as_deref(), Some("NEW DELHI 005135"));
        let c = classification_line("LIMITED OFFICIAL USE ATHENS 2959").unwrap();
        assert_eq!((c.level, c.serial), ("LIMITED OFFICIAL USE", Some("2959")));
        let c = classification_line("UNCLASSIFIED BUENOS AIRES 2481 ").unwrap();
        assert_eq!(c.mrn().as_deref(), Some("BUENOS AIRES 2481"));
        let c = classification_line("C O N F I D E N T I A L SECTION 1 OF 3 RIYADH 0905").unwrap();
        assert_eq!((c.section, c.of), (Some(1), Some(3)));
        let c = classification_line("UNCLAS UNVIE VIENNA 000279 ").unwrap();
        assert_eq!(c.mrn().as_deref(), Some("UNVIE VIENNA 000279"));
        let c = classification_line("UNCLAS SECTION 01 OF 03 USUN NEW YORK 000123").unwrap();
        assert_eq!(c.post, Some("USUN NEW YORK"));
        // 7575LIBREVILLE1895 (Cablegate page): year before the post.
        let c = classification_line("C O N F I D E N T I A L 75 LIBREVILLE 1895 ").unwrap();
        assert_eq!(c.mrn().as_deref(), Some("LIBREVILLE 1895"));
        // 06MANAGUA1002: doubled letter.
        let c = classification_line("UUNCLAS MANAGUA 001002 ").unwrap();
        assert_eq!(c.level, "UNCLASSIFIED");
        let c = classification_line("UNCLAS SAO PAULO 000493").unwrap();
        assert_eq!(c.post, Some("SAO PAULO"));
    }

    #[test]
    fn markings() {
        let c = classification_line("UNCLAS E F T O SECTION 01 OF 02 KABUL 000668").unwrap();
        assert_eq!(c.markings, vec!["EFTO"]);
        assert_eq!(c.mrn().as_deref(), Some("KABUL 000668"));
        let c = classification_line("SECRET//NOFORN").unwrap();
        assert_eq!(
            (c.level, c.markings.clone(), c.post),
            ("SECRET", vec!["NOFORN".to_owned()], None)
        );
        let c = classification_line("UNCLASSIFIED//FOR OFFICIAL USE ONLY").unwrap();
        assert_eq!(c.markings, vec!["FOR OFFICIAL USE ONLY"]);
        let c = classification_line("S E C R E T NOFORN MOGADISHU 01643").unwrap();
        assert_eq!((c.markings.len(), c.post), (1, Some("MOGADISHU")));
        let c = classification_line("C O N F I D E N T I A L STATE 255577 TOSEC 140323").unwrap();
        assert_eq!(c.markings, vec!["TOSEC 140323"]);
        assert_eq!(c.rest, 49);
    }

    #[test]
    fn json_lower_case_and_glued() {
        let line = "C o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o. 12958: decl: 01/07/2014";
        let c = classification_line(line).unwrap();
        assert_eq!(
            (c.level, c.section, c.of),
            ("CONFIDENTIAL", Some(1), Some(4))
        );
        assert_eq!(c.mrn().as_deref(), Some("ankara 000348"));
        assert!(line[c.rest..].starts_with("SipdisE.o."));
        // 10STATE284 (html): the next fields run on after the serial.
        let line = "C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS E.O. 12958: DECL: 01/04/2020";
        let c = classification_line(line).unwrap();
        assert_eq!(c.mrn().as_deref(), Some("STATE 000284"));
        assert!(line[c.rest..].starts_with("SIPDIS E.O."));
    }

    #[test]
    fn glued_lines() {
        // 10CHENGDU30 and 85DUBLIN2469 (plain-text conversions), 02ADANA386.
        let line = "RUEHOO/CHINA POSTS COLLECTIVEUNCLAS SECTION 01 OF 02 CHENGDU 000030 ";
        let (at, c) = glued_classification_line(line).unwrap();
        assert_eq!(&line[..at], "RUEHOO/CHINA POSTS COLLECTIVE");
        assert_eq!(c.mrn().as_deref(), Some("CHENGDU 000030"));
        let (at, _) =
            glued_classification_line("DEPTRANS WASHDC PRIORITYUNCLAS DUBLIN 02469 ").unwrap();
        assert_eq!(at, 24);
        let line = "This record is a partial extract of the original cable. The full text of the original cable is not available.UNCLAS SECTION 01 OF 02 ADANA 0386 ";
        let (_, c) = glued_classification_line(line).unwrap();
        assert_eq!(c.serial, Some("0386"));
        assert!(glued_classification_line("THE SECRETARY MET THE MINISTER").is_none());
        // 04ANKARA348 (JSON export, fields joined by the normalizer).
        let line = "The full text of the original cable is not available.201247Z Jan 04 C o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o.";
        let (at, c) = glued_classification_line(line).unwrap();
        assert_eq!(&line[at..at + 5], "C o n");
        assert_eq!(c.mrn().as_deref(), Some("ankara 000348"));
        assert!(glued_classification_line("the Secret Service 2009 budget").is_none());
        assert!(glued_classification_line("UNCLAS PRISTINA 000128").is_none());
        assert!(glued_classification_line("AMEMBASSY X SECRET PROGRAM").is_none());
    }

    /// The levels [`glued_level_at`] knows, as written.
    const GLUED_LEVELS: [&str; 10] = [
        "UNCLAS",
        "C O N F I D E N T I A L",
        "S E C R E T",
        "CONFIDENTIAL",
        "SECRET",
        "LIMITED OFFICIAL USE",
        "T O P S E C R E T",
        // lower-cased exports (`C o n f i d e n t i a l section 01 of 04 ankara 000348`)
        "C o n f i d e n t i a l",
        "S e c r e t",
        "Unclas",
    ];

    /// The plain reading of [`glued_classification_line`]: each level
    /// searched for in turn, every place it occurs, the first that starts a
    /// classification line with a serial kept when no other level was kept
    /// before it.
    fn glued_classification_line_slow(line: &str) -> Option<(usize, ClassificationLine<'_>)> {
        let mut best: Option<(usize, ClassificationLine<'_>)> = None;
        for level in GLUED_LEVELS {
            let finder = memchr::memmem::Finder::new(level.as_bytes());
            let mut from = 1;
            while from < line.len() {
                let Some(hay) = line.get(from..) else { break };
                let Some(i) = finder.find(hay.as_bytes()) else {
                    break;
                };
                let at = from + i;
                if best.as_ref().is_some_and(|(b, _)| at >= *b) {
                    break;
                }
                if let Some(c) = line.get(at..).and_then(classification_line)
                    && c.serial.is_some()
                {
                    best = Some((at, c));
                    break;
                }
                from = at + 1;
            }
        }
        best
    }

    #[test]
    fn glued_line_agrees_with_the_plain_search() {
        let mut lines: Vec<String> = [
            "",
            "U",
            "xUNCLAS STATE 000001",
            "\u{e9}UNCLAS STATE 000001",
            "x\u{e9}UNCLAS STATE 000001",
            "SECRET SECRET MOSCOW 000226",
            "a SECRET x UNCLAS STATE 000001 SECRET MOSCOW 000226",
            "xS E C R E T MOSCOW 000226 T O P S E C R E T STATE 1",
            "xLIMITED OFFICIAL USE ROME 01196",
            "xUnclas section 01 of 02 ankara 000123",
            "x C o n f i d e n t i a l ankara 000348",
            "xS e c r e t ankara 000348",
            "xCONFIDENTIAL SECTION 01 OF 02 STATE 000284",
            // the serial's digits bound where a level may start
            "xUNCLAS STATE 0",
            "xUNCLAS STATE 1x",
            "1xUNCLAS STATE x",
            "x1UNCLAS STATE",
            "xUNCLAS STATE",
            "xUNCLAS STATE \u{663}",
            "xUNCLAS 12 STATE",
            "01UNCLAS",
            "xSECRET 75 LIBREVILLE 1895",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(200) {
            for l in t.lines() {
                // also glued onto the line before
                lines.push(format!("{l}UNCLAS STATE 000{}", l.len()));
                lines.push(l.to_owned());
            }
        }
        let mut found = 0;
        for l in &lines {
            let got = glued_classification_line(l);
            found += usize::from(got.is_some());
            assert_eq!(got, glued_classification_line_slow(l), "{l:?}");
            // the byte test against comparing every level
            for at in 0..l.len() {
                let rest = &l.as_bytes()[at..];
                assert_eq!(
                    glued_level_at(rest),
                    GLUED_LEVELS.iter().any(|n| rest.starts_with(n.as_bytes())),
                    "{l:?} at {at}"
                );
            }
        }
        assert!(found > 0);
    }

    #[test]
    fn damaged_levels() {
        // 07BAGHDAD146, 09MOSCOW226, 09PESHAWAR41 (Cablegate pages).
        let c = classification_line("E C R E T SECTION 01 OF 03 BAGHDAD 000146 ").unwrap();
        assert_eq!((c.level, c.damaged), ("SECRET", true));
        let c = classification_line("SS E C R E T MOSCOW 000226 ").unwrap();
        assert_eq!(
            (c.level, c.damaged, c.serial),
            ("SECRET", true, Some("000226"))
        );
        assert!(classification_line("ECRET MOSCOW 000226").is_none());
        let c = classification_line("S E C R E T MOSCOW 000226").unwrap();
        assert!(!c.damaged);
    }

    #[test]
    fn not_classification_lines() {
        assert!(classification_line("SECRET ENTIRE TEXT.").is_none());
        assert!(classification_line("SECRETARY RICE MET").is_none());
        assert!(classification_line("Confidential sources 2008 said").is_none());
        assert!(classification_line("Secret").is_none());
        assert!(classification_line("1. SECRET ENTIRE TEXT.").is_none());
        assert!(classification_line("C O R R E C T E D C O P Y").is_none());
        assert!(classification_line("").is_none());
        // A banner alone is a classification line (without MRN).
        let c = classification_line("LIMITED OFFICIAL USE").unwrap();
        assert_eq!(c.mrn(), None);
        assert!(classification_line("Unclas section 01 of 02 ankara 000123").is_some());
    }

    #[test]
    fn first_letter_reject_agrees_with_the_parsers() {
        let lines = crate::testtext::edges_and_corpus_lines(
            &["", " ", "SECRET", "s e c r e t", "E C R E T X", "x SECRET"],
            200,
        );
        for l in &lines {
            let lead = l.len() - l.trim_start().len();
            assert_eq!(
                classification_line(l),
                classification_line_full(l, lead),
                "{l:?}"
            );
        }
    }

    #[test]
    fn spaced_word_boundaries() {
        assert!(spaced_word("SECRET", "SECRET").is_ok());
        assert!(spaced_word("SECRET", "S E C R E T").is_ok());
        assert!(spaced_word("SECRET", "SECRETS").is_err());
        assert!(spaced_word("SECRET", "SÉCRET").is_err());
        assert!(spaced_word("SECRET", "SECRE").is_err());
    }
}
