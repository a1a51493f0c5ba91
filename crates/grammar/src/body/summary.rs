//! SUMMARY … END SUMMARY: `SUMMARY:`, `BEGIN SUMMARY`, `Summary:` inside
//! paragraph 1, `END SUMMARY.`, `End summary.`, `SUMMARY AND COMMENT`,
//! `SUMMARY AND ACTION REQUEST`, a `SUMMARY` heading underlined with dashes,
//! and the `Summay` typo. When a text has `END SUMMARY` but no start, the
//! summary is the first paragraph.

use super::scan::{strip_portion_mark, word_start};

/// A summary found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryMatch {
    /// The summary: paragraph heads removed, blank lines dropped, line
    /// breaks of the text kept.
    pub text: String,
    /// Start of the summary text (after the `SUMMARY` heading).
    pub start: usize,
    /// End of the summary text (before `END SUMMARY`).
    pub end: usize,
}

impl SummaryMatch {
    /// The summary joined onto one line.
    pub fn one_line(&self) -> String {
        super::scan::join_ws(&self.text)
    }
}

/// [`SummaryMatch::one_line`] of a match [`find_summary`] returned: its text
/// (built by `clean`) has no whitespace but single spaces between words and
/// single line breaks between non-empty lines, nothing at either end, so
/// joining it onto one line only turns each line break into a space, unless
/// a backslash stands before one (`join_ws` drops it): then the full join.
pub(crate) fn found_one_line(m: &SummaryMatch) -> String {
    if memchr::memchr(b'\\', m.text.as_bytes()).is_some() {
        return m.one_line();
    }
    m.text.replace('\n', " ")
}

/// Positions of `SUMMA` in any of its usual spellings (`SUMMARY`, `Summary`,
/// `summary`, `SUMMAY`): `SUMMA`, `Summa` and `summa`, in order. Two fast
/// `memmem` scans, for `UMMA` and `umma` (the `S`/`s` before each hit is
/// checked), with searchers built once, instead of a case-insensitive scan
/// over every `s` or one scan per spelling.
fn summa_positions(text: &str) -> Vec<usize> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static UPPER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("UMMA"));
    static LOWER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("umma"));
    let b = text.as_bytes();
    let mut out: Vec<usize> = Vec::new();
    out.extend(
        UPPER
            .find_iter(b)
            .filter(|&i| i > 0 && b[i - 1] == b'S')
            .map(|i| i - 1),
    );
    out.extend(
        LOWER
            .find_iter(b)
            .filter(|&i| i > 0 && matches!(b[i - 1], b'S' | b's'))
            .map(|i| i - 1),
    );
    out.sort_unstable();
    out
}

/// `END SUMMARY` (any case, any whitespace between): (start, end).
/// `summa` holds [`summa_positions`] of `text`.
fn find_end(text: &str, summa: &[usize]) -> Option<(usize, usize)> {
    for &p in summa {
        let r = &text[p..];
        let kw = if starts_ci(r, "SUMMARY") {
            7
        } else if starts_ci(r, "SUMMAY") {
            6
        } else {
            continue;
        };
        // whitespace, then `END` at a word start, just before
        let before = text[..p].trim_end();
        if before.len() == p || before.len() < 3 {
            continue;
        }
        let e = before.len() - 3;
        if before.is_char_boundary(e) && starts_ci(&before[e..], "END") && word_start(text, e) {
            return Some((e, p + kw));
        }
    }
    None
}

fn starts_ci(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// A `SUMMARY` start keyword in `text[..limit]` (word start, not `END SUMMARY`):
/// returns the offset after the keyword and its trailing separators.
/// `summa` holds [`summa_positions`] of `text` (sorted); those of
/// `text[..limit]` are the ones whose `SUMMA` ends by `limit`.
fn find_start(text: &str, limit: usize, summa: &[usize]) -> Option<usize> {
    let hay = &text[..limit];
    for &i in summa.iter().take_while(|&&i| i + 5 <= limit) {
        if !word_start(hay, i) {
            continue;
        }
        let rest = &hay[i..];
        let kw = if starts_ci(rest, "SUMMARY") {
            7
        } else if starts_ci(rest, "SUMMAY") {
            6
        } else {
            continue;
        };
        if rest.as_bytes().get(kw).is_some_and(u8::is_ascii_alphabetic) {
            continue; // `SUMMARYZING`, `summarised`
        }
        let mut j = i + kw;
        // ` AND COMMENT`, ` AND ACTION REQUEST`, ` AND INTRODUCTION`, ` AND TABLE OF CONTENTS`
        let r = &hay[j..];
        if starts_ci(r.trim_start_matches(' '), "AND ") {
            let line_end = r.find('\n').unwrap_or(r.len());
            let line = &r[..line_end];
            let stop = line.find([':', '.']).unwrap_or(line.len());
            if line[..stop].split_whitespace().count() <= 5 {
                j += stop;
            }
        }
        // separators: spaces, dashes, colons, dots, `=`, line breaks
        let b = hay.as_bytes();
        let sep_start = j;
        while j < b.len() {
            let c = hay[j..].chars().next().unwrap_or(' ');
            if c.is_whitespace()
                || matches!(
                    c,
                    '-' | ':' | '.' | '=' | '\u{2010}' | '\u{2011}' | '\u{2013}' | ','
                )
            {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        // `Summary` in running text is not a heading: require a separator
        if j == sep_start {
            continue;
        }
        return Some(j);
    }
    None
}

/// Start of the first paragraph (`\n1.`) before `limit`: offset after the head.
fn first_paragraph(text: &str, limit: usize) -> Option<usize> {
    let mut pos = 0;
    while pos < limit {
        let rest = &text[pos..limit];
        let e = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..e];
        let t = line.trim_start().trim_start_matches('¶');
        if t.starts_with("1.") && !t[2..].starts_with(|c: char| c.is_ascii_digit()) {
            let off = line.len() - t.len();
            return Some(pos + off + head_len(t));
        }
        if e == rest.len() {
            break;
        }
        pos += e + 1;
    }
    None
}

/// Length of a paragraph head (`2. (C) `, `1.(U)  `) at the start of `t`, or 0.
fn head_len(t: &str) -> usize {
    if let Some(h) = crate::parahead::parse_head(t) {
        // defensive: never trust a length from elsewhere to be a char boundary
        return super::scan::floor_boundary(t, h.len);
    }
    let d = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&d) || !t[d..].starts_with('.') {
        return 0;
    }
    let after = &t[d + 1..];
    let (mark, rest) = strip_portion_mark(after);
    if mark.is_some() {
        return t.len() - rest.len();
    }
    if after.starts_with([' ', '\t']) || after.is_empty() {
        return t.len() - after.trim_start().len();
    }
    0
}

/// Clean a raw summary: drop heads, dashes lines and blank lines; keep line breaks.
fn clean(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut first = true;
    for line in raw.split('\n') {
        let t = line.trim().trim_start_matches('¶');
        let t = &t[head_len(t)..];
        let t = strip_portion_mark(t).1;
        let t = strip_summary_word(t);
        let t = t.trim();
        if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '=' | '\u{2010}' | ' ')) {
            continue;
        }
        if !first {
            s.push('\n');
        }
        first = false;
        super::scan::push_collapsed(&mut s, t);
    }
    let s = s.trim_end_matches(['-', ' ', '\n']);
    strip_portion_mark(s).1.trim().to_owned()
}

/// `Summary:` / `Summary.` / `SUMMARY AND COMMENT:` at the start of a line.
fn strip_summary_word(t: &str) -> &str {
    if starts_ci(t, "SUMMARY") {
        let r = &t[7..];
        let r2 = r.trim_start_matches([':', '.', ' ', '-']);
        if r2.len() < r.len() {
            return r2;
        }
    }
    t
}

/// Find the summary of `text`.
///
/// ```
/// use cablekit_grammar::body::summary::find_summary;
/// let m = find_summary("1. (C) Summary. During separate talks. End summary.\n").unwrap();
/// assert_eq!(m.text, "During separate talks.");
/// ```
pub fn find_summary(text: &str) -> Option<SummaryMatch> {
    // the `SUMMA` positions are found once for both keyword searches
    let summa = summa_positions(text);
    let (start, end) = if let Some((end, _)) = find_end(text, &summa) {
        let start = find_start(text, end, &summa).or_else(|| first_paragraph(text, end))?;
        (start, end)
    } else {
        let start = find_start(text, text.len(), &summa)?;
        // up to a blank line or a dashes line
        let mut pos = start;
        // a summary paragraph without `END SUMMARY` is never longer than a few KB
        let mut end = super::scan::floor_boundary(text, start + 6000);
        let mut first = true;
        while pos < end {
            let rest = &text[pos..end];
            let e = rest.find('\n').unwrap_or(rest.len());
            let line = &rest[..e];
            if !first && line.trim().is_empty() {
                end = pos;
                break;
            }
            if let Some(d) = line.find("----") {
                end = pos + d;
                break;
            }
            first = false;
            if e == rest.len() {
                break;
            }
            pos += e + 1;
        }
        (start, end)
    };
    if start >= end {
        return None;
    }
    let text_out = clean(&text[start..end]);
    (!text_out.is_empty()).then_some(SummaryMatch {
        text: text_out,
        start,
        end,
    })
}

/// The summary of `text` (line breaks kept), or `None`.
pub fn parse_summary(text: &str) -> Option<String> {
    find_summary(text).map(|m| m.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(
            parse_summary("REF: TEHRAN 4887\n\nSUMMARY: FOLLOWING ASSASSINATION [...].\nEND SUMMARY\n\n1. IN WAKE ").as_deref(),
            Some("FOLLOWING ASSASSINATION [...].")
        );
        assert_eq!(
            parse_summary("SUMMARY\n-------\n\n1. (C/NF) This is not a change. END SUMMARY. ")
                .as_deref(),
            Some("This is not a change.")
        );
        assert_eq!(
            parse_summary("1.(C) Summary: The GOB [...]. -------- Training --------\n\n2.(U) Bah")
                .as_deref(),
            Some("The GOB [...].")
        );
        assert_eq!(
            parse_summary("Classified By: X for reasons 1.4\n(b,d).\n\n1. (C) German FM told [...]. END SUMMARY.").as_deref(),
            Some("German FM told [...].")
        );
    }

    #[test]
    fn seed_like() {
        let t = "11. (SBU) SUMMARY: Post's submission follows. End Summary.\n\n12. (SBU) Next";
        assert_eq!(
            parse_summary(t).as_deref(),
            Some("Post's submission follows.")
        );
    }

    #[test]
    fn summa_positions_agree_with_one_scan_per_spelling() {
        let texts = crate::testtext::edges_and_corpus(
            &[
                "",
                "SUMMA",
                "UMMA umma SUMMARY Summary summary sUMMA SuMMA xsumma SSUMMA",
                "END SUMMARY. summay",
            ],
            300,
        );
        for t in &texts {
            let mut want: Vec<usize> = ["SUMMA", "Summa", "summa"]
                .iter()
                .flat_map(|n| memchr::memmem::find_iter(t.as_bytes(), n.as_bytes()))
                .collect();
            want.sort_unstable();
            assert_eq!(summa_positions(t), want, "{t:?}");
        }
    }

    #[test]
    fn found_one_line_agrees_with_one_line() {
        let texts = crate::testtext::edges_and_corpus(
            &[
                "SUMMARY: a  b\n\n c \\\n d\u{a0}e\nEND SUMMARY",
                "SUMMARY: x\\\ny \\ z\nEND SUMMARY",
                "1. (C) Summary: (C) one\n  two  \n-- \nthree\u{2003}four -\nEnd summary.",
            ],
            400,
        );
        let mut seen = 0;
        for t in &texts {
            if let Some(m) = find_summary(t) {
                seen += 1;
                assert_eq!(found_one_line(&m), m.one_line(), "{:?}", m.text);
            }
        }
        assert!(seen >= 3);
    }

    #[test]
    fn none() {
        assert_eq!(parse_summary("1. (C) Nothing to sum up here."), None);
    }
}
