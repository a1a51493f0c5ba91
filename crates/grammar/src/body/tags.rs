//! The TAGS line: `TAGS: PGOV KJUS … ELAB` possibly wrapped (`\nKFRD, PREF`),
//! commas or spaces, `TAGS:` alone on its line with the list below, and the
//! misspelled keywords `TAGE`, `TAG`, `TAS:`, `TABS`, `TGS`, `AGS:`.
//!
//! This module extracts the raw list; canonical spelling and splitting of
//! run-together tags is [`crate::tagdb::split_tags`].

use super::scan::{find_ci, is_blank, starts_ci, word_start};

/// The TAGS found in a text: the raw list (joined onto one line, SIPDIS and
/// trailing classification banners removed) and its span in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagsMatch {
    /// The list as written, lines joined with a space.
    pub raw: String,
    /// Start of the keyword.
    pub start: usize,
    /// End of the last byte of the list.
    pub end: usize,
}

/// Keywords (upper case) and whether they need a following `:`.
const KEYWORDS: &[(&str, bool)] = &[
    ("TAGS", false),
    ("TAGE", false),
    ("TABS", false),
    ("TGS", true),
    ("TAS", true),
    ("TAG", false),
    ("AGS", true),
];

/// Smallest char boundary of `s` that is `>= i` (`s.len()` past the end).
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The keyword `kw` found at `i` opens a TAGS line: the start of its value
/// (after `:`, `;`, `,` or whitespace), else `None`.
fn keyword_value(text: &str, i: usize, kw: &str, colon: bool) -> Option<usize> {
    let b = text.as_bytes();
    // `DECL: 03/19/2024TAGS: AORC` (09UNVIEVIENNA192): glued onto
    // the E.O. line's date, then only with its colon
    let after_digit = i > 0 && b[i - 1].is_ascii_digit();
    let glued_ok = after_digit && b.get(i + kw.len()) == Some(&b':');
    if !(word_start(text, i) || glued_ok) {
        return None;
    }
    let mut j = i + kw.len();
    // what follows the keyword: `:`, `;`, `,` or whitespace, never a letter
    match b.get(j) {
        Some(b':') | Some(b';') | Some(b',') => j += 1,
        Some(b' ') | Some(b'\t') | Some(b'\n') | Some(b'\r') if !colon => {}
        None if !colon => {}
        _ => return None,
    }
    // lower-case `tags` in prose is not a TAGS line: require the keyword
    // at a line start, or after an E.O. value / DECL on the same line.
    let lb = super::scan::floor_boundary(text, i.saturating_sub(200));
    let line_start = text[lb..i].rfind('\n').map_or(lb, |p| lb + p + 1);
    let before = text[line_start..i].trim();
    let upper_kw = text[i..i + kw.len()]
        .bytes()
        .all(|c| c.is_ascii_uppercase());
    let ok = before.is_empty()
        || before.ends_with(|c: char| c.is_ascii_digit() || c == ' ')
        || find_ci(before, "DECL", 0).is_some()
        || find_ci(before, "N/A", 0).is_some()
        || find_ci(before, "12958", 0).is_some()
        || (upper_kw && kw == "TAGS");
    ok.then_some(j)
}

/// Find the keyword at or after `from`; returns (keyword start, value start).
fn find_keyword(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for &(kw, colon) in KEYWORDS {
        // once a keyword was found at `s`, only an earlier one can replace
        // it: search just the text a match starting before `s` can lie in
        // (the keywords are ASCII; rounded up to a char boundary)
        let hay = match best {
            Some((s, _)) => &text[..ceil_boundary(text, s + kw.len() - 1)],
            None => text,
        };
        let mut at = from;
        while let Some(i) = find_ci(hay, kw, at) {
            at = i + 1;
            if best.is_some_and(|(s, _)| s <= i) {
                break;
            }
            if let Some(j) = keyword_value(text, i, kw, colon) {
                best = Some((i, j));
                break;
            }
        }
    }
    best
}

/// Line starts (upper case) of the header elements that end a TAGS list.
const OTHER_ELEMENTS: &[&str] = &[
    "SUBJ",
    "UBJECT",
    "E.O",
    "EO ",
    "E. O",
    "REF",
    "CLASSIFIED",
    "SUMMARY",
    "SIPDIS",
    "(",
    "C O N",
    "S E C",
    "PAGE ",
    "NNNN",
    "BT",
];

/// Does `line` start with another header element (not a TAGS continuation)?
fn starts_other_element(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches('¶');
    // compared on the bytes (the words are ASCII, shorter than the twelve
    // upper-cased chars once copied for it)
    OTHER_ELEMENTS.iter().any(|s| starts_ci(t, s))
        || t.bytes().next().is_some_and(|c| c.is_ascii_digit())
        || t.starts_with("--")
}

/// A line that can be a continuation of a tag list: upper-case words,
/// commas, slashes, hyphens, parentheses.
fn tag_like(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !starts_other_element(t)
        && t.chars().all(|c| {
            c.is_ascii_uppercase()
                || c.is_ascii_digit()
                || matches!(
                    c,
                    ' ' | ',' | '/' | '-' | '(' | ')' | '.' | '_' | '\t' | ';'
                )
        })
}

/// `word,` at the start of the line.
fn starts_with_word_comma(line: &str) -> bool {
    let t = line.trim_start();
    let n = t
        .bytes()
        .take_while(|c| c.is_ascii_alphabetic() || *c == b'_' || *c == b'-')
        .count();
    n > 0 && t[n..].trim_start_matches(' ').starts_with(',')
}

/// `SUBJECT` / `SUBJ` / `E.O.` at the start of the line.
fn is_subject_or_eo_line(line: &str) -> bool {
    let t = line.trim_start();
    starts_ci(t, "SUBJ") || starts_ci(t, "E.O") || starts_ci(t, "EO ")
}

/// Cut a value at a glued `SUBJECT`/`SUBJ:` and at a run of 4+ spaces (a
/// page banner glued on the same line).
fn cut_value(v: &str) -> &str {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static SPACES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("    "));
    let mut end = v.len();
    // each keyword holds `UBJ`: without it (most values) none is searched for
    if find_ci(v, "UBJ", 0).is_some() {
        for kw in ["SUBJECT", "SUBJ:", " UBJECT:"] {
            if let Some(p) = find_ci(v, kw, 0) {
                end = end.min(p);
            }
        }
    }
    if let Some(p) = SPACES.find(v.as_bytes())
        && !v[..p].trim().is_empty()
    {
        end = end.min(p);
    }
    &v[..end]
}

/// The lines of `text` from `from` on (each with its start, without its
/// `\r`), at most 40, read only as far as they are asked for (the list
/// rarely needs more than its first few).
struct LazyLines<'a> {
    text: &'a str,
    read: Vec<(usize, &'a str)>,
    /// Where the next line starts; `None` once the text or the 40 are done.
    next: Option<usize>,
}

impl<'a> LazyLines<'a> {
    fn new(text: &'a str, from: usize) -> Self {
        LazyLines {
            text,
            read: Vec::with_capacity(8),
            next: Some(from),
        }
    }

    /// Line `k`, reading the lines up to it first.
    fn get(&mut self, k: usize) -> Option<(usize, &'a str)> {
        while self.read.len() <= k {
            let pos = self
                .next
                .filter(|&p| p <= self.text.len() && self.read.len() < 40)?;
            let rest = &self.text[pos..];
            let e = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            self.read.push((pos, rest[..e].trim_end_matches('\r')));
            self.next = (e < rest.len()).then_some(pos + e + 1);
        }
        self.read.get(k).copied()
    }
}

/// Find the TAGS list in `text`.
///
/// ```
/// use cablekit_grammar::body::tags::find_tags;
/// let m = find_tags("TAGS: PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB\n\nKFRD, PREF\n\nSUBJECT: KOSOVO").unwrap();
/// assert_eq!(m.raw, "PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB KFRD, PREF");
/// ```
pub fn find_tags(text: &str) -> Option<TagsMatch> {
    let (kstart, vstart) = find_keyword(text, 0)?;
    let mut lines = LazyLines::new(text, vstart);
    let mut parts: Vec<&str> = Vec::new();
    let mut end;
    let mut idx = 0;
    // the value on the keyword's line, or the next non-blank line when empty
    let first = cut_value(lines.get(0).map_or("", |l| l.1));
    if first.trim().is_empty() {
        idx = 1;
        while lines.get(idx).is_some_and(|l| is_blank(l.1)) {
            idx += 1;
        }
        let l = lines.get(idx)?;
        if !tag_like(l.1) && !l.1.contains(',') {
            return None;
        }
        let v = cut_value(l.1);
        parts.push(v);
        end = l.0 + v.len();
    } else {
        parts.push(first);
        end = vstart + first.len();
    }
    let glued_subject = lines
        .get(idx)
        .is_some_and(|l| cut_value(l.1).len() < l.1.len() && find_ci(l.1, "SUBJ", 0).is_some());
    // continuation lines
    if !glued_subject {
        let mut k = idx + 1;
        loop {
            let mut j = k;
            while j - k < 2 && lines.get(j).is_some_and(|l| is_blank(l.1)) {
                j += 1;
            }
            let Some((lpos, line)) = lines.get(j) else {
                break;
            };
            if is_blank(line) || starts_other_element(line) {
                break;
            }
            let prev_comma = parts.last().is_some_and(|p| p.trim_end().ends_with(','));
            let next_is_subject = {
                let mut n = j + 1;
                while lines.get(n).is_some_and(|l| is_blank(l.1)) {
                    n += 1;
                }
                lines.get(n).is_some_and(|l| is_subject_or_eo_line(l.1))
            };
            let skipped_blank = j > k;
            let cont = if skipped_blank {
                // (the codes before a glued SUBJECT: `ECON, PHUM, UK SUBJECT: …`)
                let head = cut_value(line);
                let glued = head.len() < line.len() && find_ci(line, "SUBJ", 0).is_some();
                tag_like(head) && (starts_with_word_comma(line) || next_is_subject || glued)
            } else {
                prev_comma
                    || starts_with_word_comma(line)
                    || (tag_like(line) && next_is_subject)
                    || (tag_like(line) && find_ci(line, "SUBJ", 0).is_some())
            };
            if !cont {
                break;
            }
            let v = cut_value(line);
            parts.push(v);
            end = lpos + v.len();
            if v.len() < line.len() {
                break; // a glued SUBJECT ends the list
            }
            k = j + 1;
        }
    }
    let mut raw = String::new();
    for p in &parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !raw.is_empty() {
            raw.push(' ');
        }
        raw.push_str(p);
    }
    let raw = clean_raw(&raw);
    Some(TagsMatch {
        raw,
        start: kstart,
        end,
    })
}

/// Upper-case, drop `SIPDIS` and trailing classification banners.
fn clean_raw(raw: &str) -> String {
    let up = raw.to_uppercase();
    let mut words: Vec<&str> = up.split(' ').filter(|w| !w.is_empty()).collect();
    words.retain(|w| w.trim_matches(',') != "SIPDIS");
    while let Some(last) = words.last() {
        let l = last.trim_matches(',');
        if matches!(
            l,
            "UNCLASSIFIED" | "CONFIDENTIAL" | "SECRET" | "UNCLAS" | ""
        ) {
            words.pop();
        } else {
            break;
        }
    }
    let s = words.join(" ");
    s.trim_end_matches([',', ' ', ';']).to_owned()
}

/// The TAGS of `text`, canonical, in order, deduplicated
/// ([`crate::tagdb::split_tags`] on the list found by [`find_tags`]).
pub fn parse_tags(text: &str) -> Vec<String> {
    find_tags(text).map_or_else(Vec::new, |m| crate::tagdb::split_tags(&m.raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines as first read: all of them (at most 40) at once.
    fn lines_eager(text: &str, from: usize) -> Vec<(usize, &str)> {
        let mut v = Vec::new();
        let mut pos = from;
        while pos <= text.len() && v.len() < 40 {
            let rest = &text[pos..];
            let e = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            v.push((pos, rest[..e].trim_end_matches('\r')));
            if e == rest.len() {
                break;
            }
            pos += e + 1;
        }
        v
    }

    #[test]
    fn lazy_lines_agree_with_reading_them_all() {
        let texts = crate::testtext::edges_and_corpus(
            &[
                "",
                "\n",
                "a",
                "a\n",
                "a\r\n\r\nb\r",
                "\n\n\n",
                &"x\n".repeat(50),
            ],
            100,
        );
        for t in &texts {
            // from the start, from every TAGS keyword and from a few line starts
            let mut froms = vec![0, t.len()];
            froms.extend(t.match_indices("TAGS").map(|(i, _)| i));
            froms.extend(t.match_indices('\n').map(|(i, _)| i + 1).take(20));
            for from in froms {
                let eager = lines_eager(t, from);
                // asked for in order, then again out of order
                let mut lazy = LazyLines::new(t, from);
                for k in 0..eager.len() + 3 {
                    assert_eq!(lazy.get(k), eager.get(k).copied(), "{from} {k}");
                }
                let mut lazy = LazyLines::new(t, from);
                for k in [5, 0, 41, 2, 39, 40] {
                    assert_eq!(lazy.get(k), eager.get(k).copied(), "{from} {k}");
                }
            }
        }
    }

    /// The old `starts_other_element`, `is_subject_or_eo_line` and
    /// `cut_value`, on upper-cased copies and with every search made.
    fn starts_other_element_slow(line: &str) -> bool {
        let t = line.trim_start().trim_start_matches('¶');
        let up: String = t.chars().take(12).collect::<String>().to_ascii_uppercase();
        OTHER_ELEMENTS.iter().any(|s| up.starts_with(s))
            || t.bytes().next().is_some_and(|c| c.is_ascii_digit())
            || t.starts_with("--")
    }

    fn is_subject_or_eo_line_slow(line: &str) -> bool {
        let up: String = line
            .trim_start()
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_uppercase();
        up.starts_with("SUBJ") || up.starts_with("E.O") || up.starts_with("EO ")
    }

    fn cut_value_slow(v: &str) -> &str {
        let mut end = v.len();
        for kw in ["SUBJECT", "SUBJ:", " UBJECT:"] {
            if let Some(p) = find_ci(v, kw, 0) {
                end = end.min(p);
            }
        }
        if let Some(p) = v.find("    ")
            && !v[..p].trim().is_empty()
        {
            end = end.min(p);
        }
        &v[..end]
    }

    #[test]
    fn line_tests_agree_with_the_plain_readings() {
        let mut lines: Vec<String> = [
            "",
            "subj",
            " \u{b6}Classified by x",
            "e.o. 12958",
            "Eo x",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}SUBJ",
            "PGOV PREL SUBJECT: X",
            "PGOV PREL sUbJ: X",
            "PGOV PREL  UBJECT: X",
            "PGOV PREL UBJ",
            "PGOV    UNCLASSIFIED PAGE 2",
            "    PGOV",
            "-- PGOV",
            "12 PGOV",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(300) {
            lines.extend(t.lines().map(str::to_owned));
        }
        for l in &lines {
            assert_eq!(
                starts_other_element(l),
                starts_other_element_slow(l),
                "{l:?}"
            );
            assert_eq!(
                is_subject_or_eo_line(l),
                is_subject_or_eo_line_slow(l),
                "{l:?}"
            );
            assert_eq!(cut_value(l), cut_value_slow(l), "{l:?}");
        }
    }

    /// The plain [`find_keyword`]: every keyword searched through the whole text.
    fn find_keyword_slow(text: &str, from: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for &(kw, colon) in KEYWORDS {
            let mut at = from;
            while let Some(i) = find_ci(text, kw, at) {
                at = i + 1;
                if best.is_some_and(|(s, _)| s <= i) {
                    break;
                }
                if let Some(j) = keyword_value(text, i, kw, colon) {
                    best = Some((i, j));
                    break;
                }
            }
        }
        best
    }

    #[test]
    fn bounded_keyword_search_agrees_with_the_plain_one() {
        let mut cases: Vec<String> = [
            "",
            "TAGS: X",
            "TAS: X\nTAGS: Y",
            "TAGS: Y\nTAS: X",
            "AGS: X TAGS: Y",
            "TAGTAGS: X\nTAG\u{e9}: y\nTA\u{e9}",
            "DECL: 03/19/2024TAGS: AORC",
            "E.O. 12958: N/A TGS: PREL\ntabs: x\nTAGE PGOV",
            "x TAGS\u{e9}TAGS: \u{e9}\u{e9}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(300) {
            let cut = crate::body::scan::floor_boundary(&t, 8000);
            cases.push(t[..cut].to_string());
        }
        for s in &cases {
            for from in [0, 1, 7] {
                if from <= s.len() && s.is_char_boundary(from) {
                    assert_eq!(
                        find_keyword(s, from),
                        find_keyword_slow(s, from),
                        "{s:?} from {from}"
                    );
                }
            }
        }
    }

    fn raw(s: &str) -> Option<String> {
        find_tags(s).map(|m| m.raw)
    }

    #[test]
    fn seed_wrapped_over_blank_line() {
        let t = "E.O. 12958: N/A\n\nTAGS: PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB\n\nKFRD, PREF\n\nSUBJECT: KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO\n";
        let m = find_tags(t).unwrap();
        assert_eq!(
            m.raw,
            "PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB KFRD, PREF"
        );
        assert_eq!(&t[m.start..m.start + 4], "TAGS");
        assert_eq!(&t[m.end - 4..m.end], "PREF");
    }

    #[test]
    fn continuation_rules() {
        assert_eq!(raw("TAGS: something\nhere").as_deref(), Some("SOMETHING"));
        assert_eq!(
            raw("TAGS: something,\nhere").as_deref(),
            Some("SOMETHING, HERE")
        );
        assert_eq!(
            raw("TAGS: ECON EFIN ELAB ETRD KIPR PTER SOCI TBIO SP\nEINV\nSUBJECT: MADRID")
                .as_deref(),
            Some("ECON EFIN ELAB ETRD KIPR PTER SOCI TBIO SP EINV")
        );
        assert_eq!(
            raw("TAGS: PREL VT\n\n(SBU) Charge d'affaires spoke").as_deref(),
            Some("PREL VT")
        );
    }

    #[test]
    fn misspelled_and_glued() {
        assert_eq!(
            raw("DECL: 08/22/2017 AGS: PGOV, PREL, AR").as_deref(),
            Some("PGOV, PREL, AR")
        );
        assert_eq!(
            raw("E.O. 12958: N/A \nTABS: EFIS, ECON, NS \n").as_deref(),
            Some("EFIS, ECON, NS")
        );
        assert_eq!(
            raw("E.O. 12356: DECL:  OADR \nTAGS;  PGOV, TU \nSUBJ: X").as_deref(),
            Some("PGOV, TU")
        );
        assert_eq!(
            raw("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish")
                .as_deref(),
            Some("PREL, PGOV, PINS, TU")
        );
        assert_eq!(
            raw("TAGS: ECON ETRD PGOV CA MX SIPDIS\nSUBJECT: X").as_deref(),
            Some("ECON ETRD PGOV CA MX")
        );
        assert_eq!(
            raw("TAGS:\nPINT, PGOV\nSUBJECT: X").as_deref(),
            Some("PINT, PGOV")
        );
    }

    #[test]
    fn keyword_misspellings() {
        assert_eq!(
            raw("TAGE: PREL, PGOV\nSUBJECT: X").as_deref(),
            Some("PREL, PGOV")
        );
        assert_eq!(
            raw("TAG PTER, PGOV, ASEC").as_deref(),
            Some("PTER, PGOV, ASEC")
        );
        assert_eq!(raw("TGS: PREL IZ\n").as_deref(), Some("PREL IZ"));
        assert_eq!(raw("TAS: PREL IZ\n").as_deref(), Some("PREL IZ"));
        assert_eq!(
            raw("E.O. 12958: N/A \nTAGS, ASEC, APER, AMGT, PE \nSUBJECT: X").as_deref(),
            Some("ASEC, APER, AMGT, PE")
        );
    }

    #[test]
    fn page_banner_on_the_line() {
        assert_eq!(
            raw("TAGS: PREL, ETRD, ETTC, PARM, IT                          SECRET       PAGE 02        ROME  03067  211833Z \nSUBJECT: ITALY").as_deref(),
            Some("PREL, ETRD, ETTC, PARM, IT")
        );
    }

    #[test]
    fn glued_onto_the_decl_date() {
        // 09UNVIEVIENNA192 (Cablegate page)
        let m = find_tags("E.O. 12958: DECL: 03/19/2024TAGS: AORC IR IAEA KNNP MNUC\n\nClassified By: Ambassador Gregory L. Schulte\n").unwrap();
        assert_eq!(m.raw, "AORC IR IAEA KNNP MNUC");
        // a word ending in digits glued to `tags` without a colon is not one
        assert_eq!(find_tags("the 2024tags were\n"), None);
    }

    #[test]
    fn continuation_after_a_blank_line_before_a_glued_subject() {
        // cablemap tags case 59 as the normalizer lays it out (a blank line
        // after the TAGS line, SUBJECT glued onto the continuation)
        let m = find_tags("E.O. 12958: DECL: 09/22/2019\nTAGS: PREL PGOV KPAL ETRD KNNP PARM SENV MARR MNUC\n\nECON, PHUM, RS, IS, IR, GG, AF, UK SUBJECT: MILIBAND'S RUSSIA TRIP AIMS TO MOVE BILATERAL RELATIONSHIP FORWARD  REF: LONDON DAILY 11/3/09\n").unwrap();
        assert_eq!(
            m.raw,
            "PREL PGOV KPAL ETRD KNNP PARM SENV MARR MNUC ECON, PHUM, RS, IS, IR, GG, AF, UK"
        );
        // prose after a blank line is not a continuation
        let m = find_tags("TAGS: PREL PGOV\n\nThe Embassy said SUBJECT: X\n").unwrap();
        assert_eq!(m.raw, "PREL PGOV");
    }

    #[test]
    fn none_without_keyword() {
        assert_eq!(raw("SUBJECT: nothing here"), None);
        assert_eq!(raw("the stage was set"), None);
    }
}
