//! The SUBJECT line: `SUBJECT:`, `SUBJ:`, `Subject:` (also the clipped
//! `UBJECT:`), free text possibly wrapped over several lines. It ends at a
//! blank line, a `REF` line, `Classified By`, a section/page marker, a
//! `C O N F I D E N T I A L` banner, `Sensitive but unclassified`, an
//! action-request line, or the first numbered paragraph.

use super::scan::{decode_numeric_entities, find_ci, is_blank, join_ws, strip_portion_mark};

/// The subject found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectMatch {
    /// The subject joined onto one line, entities decoded, portion mark kept.
    pub text: String,
    /// The leading portion mark (`U`, `C`, `SBU`), when written.
    pub marking: Option<String>,
    /// Start of the keyword.
    pub start: usize,
    /// End of the subject text.
    pub end: usize,
}

impl SubjectMatch {
    /// The subject without its leading portion mark.
    pub fn clean(&self) -> &str {
        strip_portion_mark(&self.text).1
    }
}

/// Find the keyword: returns (keyword start, value start).
fn find_keyword(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut at = 0;
    while let Some(i) = find_ci(text, "UBJ", at) {
        at = i + 1;
        // `SUBJ` or a clipped `UBJ` at a word start; never inside `(SUBJ:` of a ref
        let kstart = if i > 0 && b[i - 1].eq_ignore_ascii_case(&b'S') {
            i - 1
        } else {
            i
        };
        // glued to the TAGS list (`… SOCI EGSUBJECT: Egypt`) only in its full upper-case form
        let glued_ok = text[kstart..].starts_with("SUBJECT:");
        if kstart > 0
            && ((b[kstart - 1].is_ascii_alphanumeric() && !glued_ok) || b[kstart - 1] == b'(')
        {
            continue;
        }
        // a clipped `UBJECT` only at a line start, or in full upper case with
        // its colon after a space (a wrapped line joined: `… BA UBJECT: BAHRAIN`)
        if kstart == i
            && i > 0
            && b[i - 1] != b'\n'
            && !(b[i - 1] == b' ' && text[i..].starts_with("UBJECT:"))
        {
            continue;
        }
        let mut j = i + 3;
        if text
            .get(j..j + 3)
            .is_some_and(|s| s.eq_ignore_ascii_case("ECT"))
        {
            j += 3;
        }
        // separator: `:` (with spaces around) or whitespace
        let k = j + text[j..].len() - text[j..].trim_start_matches([' ', '\t']).len();
        let (vstart, ok) = match b.get(k) {
            Some(b':') => (k + 1, true),
            Some(b'\n') | Some(b'\r') | None => (k, false),
            Some(c) if c.is_ascii_alphanumeric() || *c == b'(' || *c == b'"' => (k, k > j),
            _ => (k, k > j),
        };
        if !ok {
            continue;
        }
        // `SUBJECT LINE` of a corrected copy is not a subject
        let v = text[vstart..].trim_start_matches([' ', '\t']);
        if super::scan::starts_ci(v, "LINE") {
            continue;
        }
        return Some((kstart, vstart));
    }
    None
}

/// Length of a section marker `PRETORIA 00000954 001.2 OF 004` or a
/// `PAGE nn` banner starting at the start of `line`, if any.
fn is_marker_line(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with("PAGE ")
        && t[5..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    // words, then a number, then `nnn.n OF nnn`
    let toks: Vec<&str> = t.split_whitespace().collect();
    toks.windows(3).any(|w| {
        w[0].bytes().all(|c| c.is_ascii_digit())
            && w[0].len() >= 4
            && w[1].contains('.')
            && w[1].bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && w[2] == "OF"
    })
}

/// A stop inside a subject line: returns the byte offset where the subject ends.
fn inline_stop(s: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut upd = |p: Option<usize>| {
        if let Some(p) = p {
            best = Some(best.map_or(p, |b: usize| b.min(p)));
        }
    };
    // the keywords are searched for in groups that hold the same letters
    // (`RE`, `SENS`, `THIS IS A`): a line without those (most lines) is
    // spared the searches for each of them
    if find_ci(s, "RE", 0).is_some() {
        // `REF:` / `REFS:` / `Ref(s):` / `REFTELS:` (also glued: `EGYPTREF: CAIRO 493`)
        for kw in ["REF:", "REFS:", "REF(S)", "REFTEL", "RETEL"] {
            let mut at = 0;
            while let Some(p) = find_ci(s, kw, at) {
                at = p + 1;
                let glued_ok = kw == "REF:" || p == 0 || !s.as_bytes()[p - 1].is_ascii_alphabetic();
                if glued_ok && p > 0 {
                    upd(Some(p));
                    break;
                }
            }
        }
        // `REF A. …` after two spaces, as in `… UNCLEAR  REF A) …`
        upd(find_ci(s, "  REF ", 0).map(|p| p + 2));
    }
    // `Classified By` (also glued: `CAIROClassified By:`)
    let mut at = 0;
    while let Some(p) = find_ci(s, "classified", at) {
        at = p + 1;
        let after = s[p + 10..].trim_start();
        if super::scan::starts_ci(after, "by") && p > 0 {
            upd(Some(p));
            break;
        }
    }
    let sens = find_ci(s, "SENS", 0).is_some();
    let this = find_ci(s, "THIS IS A", 0).is_some();
    for (kw, may) in [
        ("SENSITIVE BUT", sens),
        ("SENSITIVE  BUT", sens),
        ("SENSTIVE BUT", sens),
        ("C O N", true),
        ("S E C", true),
        ("THIS IS AN ACTION REQ", this),
        ("THIS IS A ACTION REQ", this),
    ] {
        if may
            && let Some(p) = find_ci(s, kw, 0)
            && p > 0
        {
            upd(Some(p));
        }
    }
    best
}

/// Find the subject in `text`.
///
/// ```
/// use cablekit_grammar::body::subject::find_subject;
/// let m = find_subject("SUBJECT: KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO\n\nREF: STATE 2731").unwrap();
/// assert_eq!(m.text, "KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO");
/// ```
pub fn find_subject(text: &str) -> Option<SubjectMatch> {
    let (kstart, mut vstart) = find_keyword(text)?;
    // `SUBJECT: SUBJECT: AFGHANISTAN …` (09KABUL1239): the keyword repeated
    let v = &text[vstart..];
    let vt = v.trim_start_matches([' ', '\t']);
    for kw in ["SUBJECT:", "SUBJ:"] {
        if super::scan::starts_ci(vt, kw) {
            vstart += v.len() - vt.len() + kw.len();
            break;
        }
    }
    let mut end = vstart;
    let mut pos = vstart;
    let mut first = true;
    while pos <= text.len() {
        let rest = &text[pos..];
        let e = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        // a subject is short: never look further than 1200 bytes into a line
        let line = &rest[..super::scan::floor_boundary(rest, e.min(1200))];
        if is_blank(line) {
            if !first {
                break;
            }
        } else {
            if !first && starts_stop_line(line) {
                break;
            }
            if let Some(p) =
                inline_stop(line).or_else(|| (!first && line_start_ref(line)).then_some(0))
            {
                if p > 0 {
                    end = pos + p;
                }
                break;
            }
            end = pos + line.len();
        }
        first = false;
        if e == rest.len() {
            break;
        }
        pos += e + 1;
        // a subject is a few lines at most
        if pos - vstart > 1000 {
            break;
        }
    }
    let raw = &text[vstart..end.max(vstart)];
    let joined = decode_numeric_entities(&join_ws(raw));
    let joined = joined.trim_end_matches(['\\', ' ']).to_owned();
    let marking = strip_portion_mark(&joined).0.map(str::to_owned);
    Some(SubjectMatch {
        text: joined,
        marking,
        start: kstart,
        end: end.max(vstart),
    })
}

/// `REF` at the start of a line.
fn line_start_ref(line: &str) -> bool {
    let t = line.trim_start();
    if !super::scan::starts_ci(t, "REF") {
        return false;
    }
    let r = &t[3..];
    r.is_empty()
        || r.starts_with([':', ' ', '(', '.', '\t'])
        || super::scan::starts_ci(r, "S")
        || super::scan::starts_ci(r, "TEL")
}

/// A continuation line that starts another element instead.
fn starts_stop_line(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches('¶');
    if is_marker_line(t) || t.starts_with("---") || t.starts_with("===") {
        return true;
    }
    if crate::parahead::parse_head(t).is_some() {
        return true;
    }
    // `1. Summary`, `1.(C)`, `2. (U)` even when the head parser is strict
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) && t[digits..].starts_with('.') {
        return true;
    }
    let up: String = t.chars().take(24).collect::<String>().to_ascii_uppercase();
    [
        "CLASSIFIED",
        "SUMMARY",
        "E.O.",
        "TAGS",
        "(U)",
        "(C)",
        "(S)",
        "(SBU)",
        "BEGIN SUMMARY",
        "C O N",
        "S E C",
        "UNCLAS",
        "SENSITIVE",
        "THIS IS AN ACT",
        "THIS IS A ACT",
    ]
    .iter()
    .any(|k| up.starts_with(k))
}

/// The subject of `text`; `clean` removes a leading portion mark (`(U)`).
pub fn parse_subject(text: &str, clean: bool) -> Option<String> {
    let m = find_subject(text)?;
    Some(if clean {
        m.clean().to_owned()
    } else {
        m.text.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old `inline_stop`: every keyword searched for.
    fn inline_stop_slow(s: &str) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut upd = |p: Option<usize>| {
            if let Some(p) = p {
                best = Some(best.map_or(p, |b: usize| b.min(p)));
            }
        };
        // `REF:` / `REFS:` / `Ref(s):` / `REFTELS:` (also glued: `EGYPTREF: CAIRO 493`)
        for kw in ["REF:", "REFS:", "REF(S)", "REFTEL", "RETEL"] {
            let mut at = 0;
            while let Some(p) = find_ci(s, kw, at) {
                at = p + 1;
                let glued_ok = kw == "REF:" || p == 0 || !s.as_bytes()[p - 1].is_ascii_alphabetic();
                if glued_ok && p > 0 {
                    upd(Some(p));
                    break;
                }
            }
        }
        // `REF A. …` after two spaces, as in `… UNCLEAR  REF A) …`
        upd(find_ci(s, "  REF ", 0).map(|p| p + 2));
        // `Classified By` (also glued: `CAIROClassified By:`)
        let mut at = 0;
        while let Some(p) = find_ci(s, "classified", at) {
            at = p + 1;
            let after = s[p + 10..].trim_start();
            if crate::body::scan::starts_ci(after, "by") && p > 0 {
                upd(Some(p));
                break;
            }
        }
        for kw in [
            "SENSITIVE BUT",
            "SENSITIVE  BUT",
            "SENSTIVE BUT",
            "C O N",
            "S E C",
            "THIS IS AN ACTION REQ",
            "THIS IS A ACTION REQ",
        ] {
            if let Some(p) = find_ci(s, kw, 0)
                && p > 0
            {
                upd(Some(p));
            }
        }
        best
    }

    #[test]
    fn inline_stop_agrees_with_every_search_made() {
        let lines = crate::testtext::edges_and_corpus(
            &[
                "",
                "X REF: Y",
                "EGYPTREF: CAIRO",
                "X ref(s) y",
                "X  REF A) Y",
                "X retel Y",
                "X Classified By: Y",
                "X sensitive  but Y",
                "X SENSTIVE BUT",
                "X this is a action req",
                "X THIS IS AN ACTION REQUEST",
                "X C O N F",
            ],
            300,
        );
        for t in &lines {
            for l in t.lines() {
                let l = &l[..crate::body::scan::floor_boundary(l, 1200)];
                assert_eq!(inline_stop(l), inline_stop_slow(l), "{l:?}");
            }
        }
    }

    fn s(t: &str) -> Option<String> {
        parse_subject(t, true)
    }

    #[test]
    fn wrapped_and_stops() {
        assert_eq!(
            s("SUBJECT: SUBJECT WHICH HAS a \nSECOND LINE \n\nREF: REF 1").as_deref(),
            Some("SUBJECT WHICH HAS a SECOND LINE")
        );
        assert_eq!(
            s("SUBJECT: SAG AGREES TO USG STEPS TO PROTECT OIL FACILITIES\nREF A. RIYADH 1579")
                .as_deref(),
            Some("SAG AGREES TO USG STEPS TO PROTECT OIL FACILITIES")
        );
        assert_eq!(
            s("SUBJECT: PART 3 OF 3:  THE LIFE AND TIMES OF SOUTH AFRICA'S \nNEW PRESIDENT\nPRETORIA 00000954 001.2 OF 004\n").as_deref(),
            Some("PART 3 OF 3: THE LIFE AND TIMES OF SOUTH AFRICA'S NEW PRESIDENT")
        );
        assert_eq!(
            s("SUBJECT: FBI DIRECTOR MUELLER\u{2019}S VISIT TO EGYPTREF: CAIRO 493\n").as_deref(),
            Some("FBI DIRECTOR MUELLER\u{2019}S VISIT TO EGYPT")
        );
    }

    #[test]
    fn portion_mark_and_entities() {
        assert_eq!(
            s("SUBJECT: (S) GERMANY TAKING ACTION").as_deref(),
            Some("GERMANY TAKING ACTION")
        );
        assert_eq!(
            parse_subject("SUBJECT: (U) Secretary Clinton\n1. x", false).as_deref(),
            Some("(U) Secretary Clinton")
        );
        assert_eq!(
            s("SUBJECT: Bla &#8217; bla ").as_deref(),
            Some("Bla \u{2019} bla")
        );
    }

    #[test]
    fn seed() {
        let t = "TAGS: PGOV\n\nKFRD, PREF\n\nSUBJECT: KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO\n\nREF: STATE 2731\n";
        let m = find_subject(t).unwrap();
        assert_eq!(m.text, "KOSOVO: TIP REPORT SUBMISSION PART ONE OF TWO");
        assert_eq!(&t[m.start..m.start + 8], "SUBJECT:");
    }

    #[test]
    fn glued_to_tags() {
        // 10CAIRO219 (JSON export)
        assert_eq!(
            s("TAGS: ECON EFIN PGOV SOCI EGSUBJECT: Egypt: Tax Reform Continues\n\nREF: 10 CAIRO 26").as_deref(),
            Some("Egypt: Tax Reform Continues")
        );
    }

    #[test]
    fn repeated_keyword() {
        assert_eq!(
            s("SUBJECT: SUBJECT: AFGHANISTAN: A STRATEGY\n\n").as_deref(),
            Some("AFGHANISTAN: A STRATEGY")
        );
    }

    #[test]
    fn not_a_subject() {
        assert_eq!(s("C O R R E C T E D COPY (SUBJECT LINE)\n"), None);
        assert_eq!(s("no keyword"), None);
    }
}
