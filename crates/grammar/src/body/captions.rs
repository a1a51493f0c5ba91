//! Captions and handling markings on their own lines after the classification
//! line (`SIPDIS`, `SENSITIVE`, `NODIS`, `EXDIS`, `NOFORN`, `EYES ONLY`,
//! `FOR OFFICIAL USE ONLY`, …), and attention/passing lines (`DEPT FOR
//! EG/TIP, EUR`, `STATE FOR EUR/RUS (GUHA)`, `DEPT PASS TO …`, `CAIRO PASS
//! ALEXANDRIA`).

/// Caption phrases, longest first (upper case, single spaces).
const CAPTIONS: &[&str] = &[
    "NOT FOR INTERNET DISTRIBUTION",
    "SENSITIVE BUT UNCLASSIFIED",
    "WEBGRAM EXCLUDED ONLY",
    "FOR OFFICIAL USE ONLY",
    "OFFICIAL INFORMAL",
    "EYES ONLY",
    "SPECAT EXCLUSIVE",
    "SIPDIS",
    "NODIS",
    "NODIF",
    "EXDIS",
    "LIMDIS",
    "STADIS",
    "NOFORN",
    "SENSITIVE",
    "CHEROKEE",
    "ONLY",
    "LOU",
    "AGRMENT",
    "ROGER",
    "ORCON",
    "CONDIS",
    "SPECAT",
    "FOUO",
    "SBU",
    "NOCONTRACT",
    "PROPIN",
];

/// One line's reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderLine {
    /// The line holds only captions, in order.
    Captions(Vec<&'static str>),
    /// An attention or passing line.
    Attention,
    /// Neither.
    Other,
}

/// Read the captions on `line` when the whole line is made of captions
/// (separated by spaces, `/`, `-`, `,`).
pub fn captions_of(line: &str) -> Option<Vec<&'static str>> {
    // quick reject: the first word must open a caption (that of most lines
    // does not), asked of the line as it is, before it is copied upper-cased
    // and split (the words of `line` and of its copy are the same bytes but
    // for the case of ASCII letters; the captions are upper case)
    let first = words_of(line).next()?;
    // (the captions are upper case: only those starting with the word's
    // first letter are compared further)
    let f0 = first.as_bytes()[0].to_ascii_uppercase();
    if !CAPTIONS.iter().any(|c| {
        c.as_bytes()[0] == f0
            && c.len() >= first.len()
            && c.as_bytes()[..first.len()].eq_ignore_ascii_case(first.as_bytes())
    }) {
        return None;
    }
    captions_of_full(line)
}

/// [`captions_of`] without the quick reject.
fn captions_of_full(line: &str) -> Option<Vec<&'static str>> {
    let up = line.to_ascii_uppercase();
    let words = caption_words(&up);
    if words.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < words.len() {
        for cap in CAPTIONS {
            if may_be_caption_at(&words, i, cap) && caption_at(&words, i, cap) {
                out.push(*cap);
                i += cap.split(' ').count();
                continue 'outer;
            }
        }
        return None;
    }
    Some(out)
}

/// The words of an upper-cased line, split at whitespace, `/`, `,` and `;`.
fn caption_words(up: &str) -> Vec<&str> {
    words_of(up).collect()
}

/// The words of a line, split at whitespace, `/`, `,` and `;`, without
/// `.` `-` `(` `)` around them.
fn words_of(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | ';'))
        .map(|w| w.trim_matches(['.', '-', '(', ')']))
        .filter(|w| !w.is_empty())
}

/// `true` when `words[i..]` starts with the words of the caption `cap`.
fn caption_at(words: &[&str], i: usize, cap: &str) -> bool {
    let n = cap.split(' ').count();
    i + n <= words.len() && words[i..i + n].join(" ") == cap
}

/// Quick reject in front of [`caption_at`], without joining words: the
/// joined words start with `words[i]`, so `cap` must too.
fn may_be_caption_at(words: &[&str], i: usize, cap: &str) -> bool {
    cap.starts_with(words[i])
}

/// `true` when `line` reads as an attention or passing line.
pub fn is_attention(line: &str) -> bool {
    let t = crate::lines::trim(line);
    if t.is_empty() || t.len() > 400 {
        return false;
    }
    // the words compared case-insensitively, as they are (the words of an
    // upper-cased copy, compared with upper-case words, say the same)
    let first = t.split_whitespace().next().unwrap_or("");
    t.split_whitespace().any(|w| {
        ["FOR", "PASS", "PASSED", "ALSO"]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
    }) || ATTENTION_FIRST
        .iter()
        .any(|k| first.trim_end_matches([':', ',']).eq_ignore_ascii_case(k))
}

/// First words of an attention line.
const ATTENTION_FIRST: &[&str] = &[
    "DEPT",
    "DEPARTMENT",
    "STATE",
    "SECSTATE",
    "USDOC",
    "TREASURY",
    "USAID",
    "DOD",
    "NSC",
];

/// Classify one header line.
pub fn classify_line(line: &str) -> HeaderLine {
    if let Some(c) = captions_of(line) {
        HeaderLine::Captions(c)
    } else if is_attention(line) {
        HeaderLine::Attention
    } else {
        HeaderLine::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions() {
        assert_eq!(captions_of("SIPDIS"), Some(vec!["SIPDIS"]));
        assert_eq!(captions_of("NOFORN SIPDIS"), Some(vec!["NOFORN", "SIPDIS"]));
        assert_eq!(captions_of("EXDIS/NOFORN"), Some(vec!["EXDIS", "NOFORN"]));
        assert_eq!(
            captions_of("For Official Use Only"),
            Some(vec!["FOR OFFICIAL USE ONLY"])
        );
        assert_eq!(captions_of("DEPT FOR EG/TIP"), None);
        assert_eq!(captions_of(""), None);
    }

    #[test]
    fn quick_reject_agrees_with_caption_at() {
        let mut lines: Vec<String> = CAPTIONS.iter().map(|c| c.to_string()).collect();
        lines.push("SENSITIVE BUT UNCLASSIFIED / NOFORN, EYES ONLY".to_string());
        lines.push("FOR OFFICIAL USE ON".to_string());
        for t in crate::testtext::corpus_texts(40) {
            lines.extend(t.lines().map(str::to_string));
        }
        for l in &lines {
            let up = l.to_ascii_uppercase();
            let words = caption_words(&up);
            for i in 0..words.len() {
                for cap in CAPTIONS {
                    if caption_at(&words, i, cap) {
                        assert!(may_be_caption_at(&words, i, cap), "{l:?} {cap}");
                    }
                }
            }
        }
    }

    /// The old `is_attention`, on an upper-cased copy.
    fn is_attention_slow(line: &str) -> bool {
        let t = line.trim();
        if t.is_empty() || t.len() > 400 {
            return false;
        }
        let up = t.to_ascii_uppercase();
        let words: Vec<&str> = up.split_whitespace().collect();
        let first = words.first().copied().unwrap_or("");
        words
            .iter()
            .any(|w| matches!(*w, "FOR" | "PASS" | "PASSED" | "ALSO"))
            || matches!(
                first.trim_end_matches([':', ',']),
                "DEPT"
                    | "DEPARTMENT"
                    | "STATE"
                    | "SECSTATE"
                    | "USDOC"
                    | "TREASURY"
                    | "USAID"
                    | "DOD"
                    | "NSC"
            )
    }

    #[test]
    fn quick_readings_agree_with_the_full_ones() {
        let mut lines: Vec<String> = CAPTIONS.iter().map(|c| c.to_string()).collect();
        for l in [
            "",
            " / ",
            "(sipdis)",
            "-Noforn-, exdis",
            "SENSITIVE BUT UNCLASSIFIED / NOFORN, EYES ONLY",
            "sensitive\u{a0}but unclassified",
            "FOR OFFICIAL USE ON",
            "S\u{e9}NSITIVE",
            "state: for x",
            "Dept, x",
            "x pass y",
            "x PASSED",
            "FORWARD",
            "\u{e9}FOR",
        ] {
            lines.push(l.to_string());
        }
        for t in crate::testtext::corpus_texts(300) {
            lines.extend(t.lines().map(str::to_string));
        }
        for l in &lines {
            assert_eq!(captions_of(l), captions_of_full(l), "{l:?}");
            assert_eq!(is_attention(l), is_attention_slow(l), "{l:?}");
        }
    }

    #[test]
    fn attention_lines() {
        assert!(is_attention(
            "DEPT FOR EG/TIP, EUR, EUR/SCE, DRL, AND INL, NSC FOR BRAUN, USUN FOR DREW SCHUFLETOWSKI, USOSCE FOR STEVE STEGER, OPDAT FOR ACKER"
        ));
        assert!(is_attention(
            "STATE FOR EUR/RUS (GUHA), EUR/ACE, OES/STC (DAUGHARTY)"
        ));
        assert!(is_attention("CAIRO PASS ALEXANDRIA"));
        assert!(is_attention("DEPT NEA/MAG (JOHNSON), INR (HOFSTATTER)"));
        assert!(!is_attention("C O R R E C T E D COPY (SUBJECT LINE)"));
    }
}
