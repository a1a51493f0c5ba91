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
    up.split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | ';'))
        .map(|w| w.trim_matches(['.', '-', '(', ')']))
        .filter(|w| !w.is_empty())
        .collect()
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
