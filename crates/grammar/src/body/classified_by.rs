//! `Classified By: Ambassador Clifford Sobel.  Reason 1.5 (b) (d)` in its many
//! forms: wrapped over lines (also inside words: `for re \nason`), all caps,
//! `for reasons`, portion-marked `(U) Classified by`, repeated `Classified By:
//! Classified by`, the reason on a later line after a page break.
//!
//! The classifier's name is what remains of the text before the reason once
//! the position words (`Ambassador`, `Charge d'Affaires a.i.`, `Pol/Econ
//! Counselor`, `DCM`, …) are removed.

use std::borrow::Cow;

use cablekit_record::ClassifiedBy;

use super::scan::{find_ci, join_ws};

/// A `Classified By` paragraph found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifiedByMatch {
    /// The parsed paragraph.
    pub value: ClassifiedBy,
    /// Start of `Classified`.
    pub start: usize,
    /// End of the paragraph.
    pub end: usize,
}

/// Title and position words (lower case, trailing `.`/`,`/`:` removed), and
/// frequent misspellings of them.
const TITLE_WORDS: &[&str] = &[
    "ambassador",
    "ambassaor",
    "abassador",
    "amabassador",
    "ambassadot",
    "ambassadr",
    "ambssador",
    "ambassodor",
    "ambbassador",
    "ambasssador",
    "ambassad0r",
    "amb",
    "ambassador-at-large",
    "charge",
    "charge'",
    "chargé",
    "d'affaires",
    "d'affaries",
    "d'afairs",
    "d'afaires",
    "d,affaires",
    "d",
    "de",
    "affaires",
    "a.i",
    "a.i.",
    "a",
    "i",
    "ai",
    "(ai)",
    "(cda)",
    "(acting)",
    "cda",
    "dcm",
    "a/dcm",
    "deputy",
    "chief",
    "cief",
    "of",
    "mission",
    "acting",
    "political",
    "economic",
    "pol",
    "econ",
    "pol/econ",
    "pol-econ",
    "polecon",
    "counselor",
    "counsellor",
    "counsel",
    "counsel0r",
    "couns",
    "counseor",
    "counsleor",
    "coun",
    "consul",
    "consular",
    "minister",
    "minister-counselor",
    "min",
    "mc",
    "m-c",
    "m/c",
    "mcounselor",
    "officer",
    "off",
    "poloff",
    "econoff",
    "ecoff",
    "conoff",
    "polmil",
    "pol/mil",
    "pol-mil",
    "political-military",
    "political-economic",
    "polmincons",
    "econmincouns",
    "ecmin",
    "emin",
    "econcouns",
    "econcounselor",
    "e/min",
    "e/p",
    "p/e",
    "pol/c",
    "the",
    "and",
    "for",
    "to",
    "by",
    "head",
    "section",
    "director",
    "dir",
    "deputy",
    "assistant",
    "secretary",
    "a/s",
    "das",
    "pdas",
    "u/s",
    "t",
    "special",
    "envoy",
    "representative",
    "represenative",
    "permanent",
    "u.s",
    "us",
    "usun",
    "useu",
    "usdel",
    "usnato",
    "member",
    "legal",
    "adviser",
    "advisor",
    "general",
    "principal",
    "chairman",
    "ait",
    "isn",
    "io",
    "af",
    "nea",
    "eur",
    "sca",
    "wha",
    "eap",
    "vci",
    "delegate",
    "arms",
    "control",
    "tdy",
    "rso",
    "arso",
    "legatt",
    "a/legatt",
    "est&h",
    "com",
    "interagency",
    "provincial",
    "affairs",
    "affiars",
    "affair",
    "coordinator",
    "prt",
    "sub-national",
    "governance",
    "department",
    "state",
    "dept",
    "embassy",
    "classification",
    "guide",
    "dos",
    "this",
    "message",
    "classified",
    "unit",
    "chief",
    "a/",
    "economics",
    "security",
    "diplomatic",
    "bureau",
    "public",
    "management",
    "management",
    "labor",
    "attache",
    "defense",
    "military",
    "regional",
    "environment",
    "science",
    "technology",
    "health",
    "esth",
    "officer",
    "in",
    "charge",
    "chargé",
    "ecpo",
    "pao",
    "dhs",
    "doj",
    "dod",
    "fbi",
    "legat",
    "treasury",
    "commercial",
    "agricultural",
    "ag",
    "minister-counsellor",
    "econ/pol",
    "pol/mil",
    "internal",
    "external",
    "office",
    "operations",
    "ops",
    "senior",
    "advisor",
    "associate",
    "under",
    "at",
    "large",
    "ecmin",
    "eco",
    "poli",
    "politcal",
    "politicial",
    "econcouns",
    "econ-pol",
    "poloffs",
    "pmo",
    "cg",
    "pol-mil",
    "asia",
    "africa",
    "europe",
    "central",
    "affairs",
    "western",
    "hemisphere",
    "eastern",
    "international",
    "organization",
    "organizations",
    "narcotics",
    "law",
    "enforcement",
    "intelligence",
    "research",
    "inr",
    "oes",
    "drl",
    "prm",
    "isn/mtr",
    "iad",
    "staff",
    "aide",
    "asst",
    "sec",
    "secstate",
    "secretary's",
    "a.i.,",
    "ambassdor",
    "ambasador",
];

/// `true` when `t` is one of [`TITLE_WORDS`]: the words are put in buckets
/// by their first byte once, and only the few words of `t`'s bucket are
/// compared (lengths first), instead of a binary search whose every step
/// compares two strings.
fn is_title_word(t: &str) -> bool {
    fn first(w: &str) -> usize {
        w.as_bytes().first().map_or(0, |&b| usize::from(b))
    }
    static BY_FIRST: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut v = vec![Vec::new(); 256];
        for w in TITLE_WORDS {
            v[first(w)].push(*w);
        }
        v
    })[first(t)]
    .iter()
    .any(|w| w.len() == t.len() && *w == t)
}

/// Titles run together into one word: `PolMinCouns`, `POLCOUNS`,
/// `EconMinCouns`, `A/Polcouns` (lower case).
const RUN_TOGETHER_TITLES: [&str; 7] = [
    "couns", "counsel", "polmin", "econmin", "poloff", "econoff", "ambassad",
];

/// `true` when `t` holds one of [`RUN_TOGETHER_TITLES`]. A word is short, so
/// one pass over it: the titles are compared only at the bytes one of them
/// starts with (`c`, `p`, `e`, `a`), instead of comparing every window of
/// `t` with each title in turn.
fn has_run_together_title(t: &str) -> bool {
    let b = t.as_bytes();
    (0..b.len()).any(|i| {
        matches!(b[i], b'c' | b'p' | b'e' | b'a')
            && RUN_TOGETHER_TITLES
                .iter()
                .any(|k| b[i..].starts_with(k.as_bytes()))
    })
}

/// Is `w` a title/position word?
fn is_title(w: &str, mixed_case: bool) -> bool {
    // an initial (`A.`, `S.K.`) is part of a name
    if is_initial(w) {
        return false;
    }
    let trimmed = w.trim_end_matches(['.', ',', ':', ';']);
    // an ASCII word (most of them) is lower-cased into a buffer on the
    // stack: `to_lowercase` of ASCII is `to_ascii_lowercase`, and such a
    // word holds no `’`
    let mut buf = [0u8; 32];
    if trimmed.is_ascii()
        && let Some(lower) = buf.get_mut(..trimmed.len())
    {
        lower.copy_from_slice(trimmed.as_bytes());
        lower.make_ascii_lowercase();
        // (ASCII bytes: always UTF-8)
        let t = std::str::from_utf8(lower).unwrap_or_default();
        return has_run_together_title(t) || is_title_rest(w, t, mixed_case);
    }
    let mut t = trimmed.to_lowercase();
    // (only a word with a `’` needs the copy with `'`; an ASCII word, most of
    // them, has none, which `is_ascii` tells faster than a search)
    if !t.is_ascii() && t.contains('\u{2019}') {
        t = t.replace('\u{2019}', "'");
    }
    if has_run_together_title(&t) {
        return true;
    }
    is_title_rest(w, &t, mixed_case)
}

/// [`is_title`] of `w` once run-together titles are ruled out; `t` is `w`
/// lower-cased, without trailing punctuation, `’` read as `'`.
fn is_title_rest(w: &str, t: &str, mixed_case: bool) -> bool {
    let t = t.trim_start_matches('(').trim_end_matches(')');
    // (`0` read for `o`: only a word with a `0` can differ after the swap)
    // (the bytes are searched for in place: the words are short, too short
    // for `contains` to win back its set-up)
    if t.is_empty()
        || is_title_word(t)
        || (t.bytes().any(|c| c == b'0') && is_title_word(&t.replace('0', "o")))
    {
        return true;
    }
    // office codes: `EUR/PRA`, `PRM/AFR`, `S/CT`, `AF/C`
    if w.bytes().any(|c| c == b'/' || c == b'&') {
        return true;
    }
    // `-`, `?`: separators in titles
    if !w.chars().any(char::is_alphanumeric) {
        return true;
    }
    // in mixed-case text an all-caps short word is an acronym (`AIT`, `PRT`, `USEU`)
    mixed_case
        && w.len() >= 2
        && w.len() <= 6
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
        && !w.bytes().any(|c| c == b'.')
}

/// `A.`, `S.K.`, `D.C.`: upper-case initials with periods.
fn is_initial(w: &str) -> bool {
    let w = w.trim_end_matches([',', ';', ':']);
    w.len() >= 2
        && w.ends_with('.')
        && w.split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
}

/// Is `w` a word that starts the reason (`Reason`, `reasons:`, `REAS0N`, `rea`, `reQ#8…`)?
fn is_reason_word(w: &str, prev: Option<&str>) -> bool {
    // quick reject: every form starts with `r` once lower-cased, and only
    // `r` and `R` lower-case to it (saves two copies of most words)
    if !w.starts_with(['r', 'R']) {
        return false;
    }
    is_reason_word_full(w, prev)
}

/// [`is_reason_word`] without the quick reject.
fn is_reason_word_full(w: &str, prev: Option<&str>) -> bool {
    let l = w.to_lowercase().replace('0', "o");
    let l = l.trim_end_matches([':', '.', ',', ';']);
    l.starts_with("reason")
        || l.starts_with("reaon")
        || l.starts_with("rason")
        || l.starts_with("reaso")
        || l.starts_with("reas")
        || (l.starts_with("req") && l.contains('#'))
        || (matches!(l, "rea" | "re" | "r") && prev.is_some_and(|p| p.eq_ignore_ascii_case("for")))
}

/// `1.4`, `1.5`, `1,4`, `1.4(b)`, `1.5.D.`, `1.`, `1.2`.
fn is_section_word(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2
        && b[0] == b'1'
        && matches!(b[1], b'.' | b',')
        && (b.len() == 2 || b[2].is_ascii_digit())
}

/// Connector words left before the reason (`for`, `per`, `under`, `based on`, …).
fn is_connector(w: &str) -> bool {
    let l = w.to_lowercase();
    let l = l.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    matches!(
        l,
        "for"
            | "fr"
            | "fo"
            | "f"
            | "or"
            | "per"
            | "under"
            | "based"
            | "on"
            | "due"
            | "to"
            | "by"
            | "and"
            | "e.o"
            | "e.o."
            | "eo"
            | "12958"
            | "para"
            | "0n"
            | "f0r"
            | "with"
            | "s"
            | "-"
            | ""
    )
}

/// Name suffixes kept after a comma: `Jr.`, `III`.
fn is_suffix(w: &str) -> bool {
    let w = w.trim_end_matches([',', ';']);
    ["JR.", "JR", "SR.", "SR", "II", "III", "IV", "III.", "II."]
        .iter()
        .any(|s| w.eq_ignore_ascii_case(s))
}

/// Find the start of the `Classified by` text in `text`: returns (start, after).
fn find_head(text: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    while let Some(i) = find_ci(text, "classified", at) {
        at = i + 1;
        // not `DECLASSIFIED BY NARA`, `UNCLASSIFIED`
        if !super::scan::word_start(text, i) {
            continue;
        }
        let rest = &text[i + 10..];
        let r = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        if super::scan::starts_ci(r, "by") && !r[2..].starts_with(|c: char| c.is_alphabetic()) {
            let mut j = i + 10 + (rest.len() - r.len()) + 2;
            let b = text.as_bytes();
            while b.get(j).is_some_and(|c| matches!(c, b':' | b' ' | b'\t')) {
                j += 1;
            }
            return Some((i, j));
        }
    }
    None
}

/// Where the paragraph ends: a blank line, a paragraph head, `SUMMARY`, or 700 bytes.
fn paragraph_end(text: &str, from: usize) -> usize {
    let mut pos = from;
    let limit = super::scan::floor_boundary(text, from + 700);
    let mut first = true;
    while pos < limit {
        let rest = &text[pos..limit];
        let e = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = &rest[..e];
        let t = crate::lines::trim(line);
        // `… REASONS 1.4 (B) and (D) SUMMARY -------`: a heading glued on the line
        if let Some(p) = super::scan::find_word_ci(line, "SUMMARY", 0)
            && line[p..].starts_with("SUMMARY")
            && (p > 0 || !first)
        {
            return pos + p;
        }
        if !first {
            let up = t.to_ascii_uppercase();
            let page = up.starts_with("PAGE ")
                || up == "CONFIDENTIAL"
                || up == "SECRET"
                || up == "UNCLASSIFIED";
            if t.is_empty() {
                // blank: continue only when the reason has not been seen yet and
                // the next non-blank line is a page banner or a reason
                let tail = &text[pos..limit];
                let next = tail
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("");
                let nu = next.to_ascii_uppercase();
                let so_far = &text[from..pos];
                let has_reason =
                    find_ci(so_far, "1.", 0).is_some() || find_ci(so_far, "reas", 0).is_some();
                if has_reason
                    || !(nu.starts_with("PAGE ")
                        || nu.starts_with("REASON")
                        || nu.starts_with("CONFIDENTIAL")
                        || nu.starts_with("SECRET")
                        || nu.starts_with("SONS")
                        || nu.starts_with("ASON")
                        || continues_name(next))
                {
                    return pos;
                }
            } else if !page
                && (up.starts_with("SUMMARY")
                    || up.starts_with("1.")
                    || up.starts_with("¶1")
                    || up.starts_with("(S)")
                    || up.starts_with("(C)")
                    || up.starts_with("---")
                    || crate::parahead::parse_head(t).is_some())
            {
                return pos;
            }
        }
        first = false;
        if e == rest.len() {
            return limit;
        }
        pos += e + 1;
    }
    limit
}

/// A line after a blank line that still belongs to the paragraph: the rest
/// of the name and the reason (`H. Nardi for reasons 1.4 (b) and (d).`, when
/// a sub-item rule split the line), never a numbered paragraph.
fn continues_name(next: &str) -> bool {
    let head = &next[..super::scan::floor_boundary(next, 80)];
    let d = next.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = d > 0 && next[d..].starts_with('.');
    !numbered && !next.starts_with('(') && find_ci(head, "reason", 0).is_some()
}

/// Title-case one name word: `SIMONS,` → `Simons,`, `MCNAMARA` → `Mcnamara`.
fn title_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = matches!(c, '-' | '.' | '\'');
        }
    }
    out
}

/// Extract the names from the text between `Classified by` and the reason.
fn names_from(pre: &str) -> (Vec<String>, Option<String>) {
    // (the segments, tokens and name words borrow from `pre`, or from its
    // copy without backslashes when it has one)
    let pre: Cow<'_, str> = if pre.contains('\\') {
        Cow::Owned(pre.replace('\\', ""))
    } else {
        Cow::Borrowed(pre)
    };
    let pre: &str = &pre;
    let mixed = pre.chars().any(|c| c.is_lowercase());
    // segments at `,` / `;` (a comma before `Jr.`/`III` stays with the name)
    let mut segs: Vec<Cow<'_, str>> = Vec::new();
    for part in pre.split([',', ';']) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if is_suffix(p)
            && let Some(last) = segs.last_mut()
        {
            let last = last.to_mut();
            last.push_str(", ");
            last.push_str(p);
            continue;
        }
        segs.push(Cow::Borrowed(p));
    }
    let mut names = Vec::new();
    let mut title_parts: Vec<Cow<'_, str>> = Vec::new();
    for seg in &segs {
        if !names.is_empty()
            && !seg
                .split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("and"))
        {
            title_parts.push(seg.clone());
            continue;
        }
        // split `DCM/Ted`, `AMB:RCROCKER`
        let mut toks: Vec<&str> = Vec::new();
        for w in seg.split_whitespace() {
            // (`split_once` and `rsplit_once` at the byte, found in place)
            let colon = w
                .bytes()
                .position(|c| c == b':')
                .map(|p| (&w[..p], &w[p + 1..]));
            let slash = || {
                w.bytes()
                    .rposition(|c| c == b'/')
                    .map(|p| (&w[..p], &w[p + 1..]))
            };
            if let Some((a, b)) = colon
                && !a.is_empty()
                && !b.is_empty()
            {
                toks.push(a);
                toks.push(b);
            } else if let Some((a, b)) = slash()
                && b.chars().next().is_some_and(char::is_uppercase)
                && b.chars().skip(1).any(char::is_lowercase)
                && a.chars().all(|c| c.is_uppercase() || c == '/')
            {
                toks.push(a);
                toks.push(b);
            } else {
                toks.push(w);
            }
        }
        // the name: tokens after the last title word; a word right after a
        // preposition (`to Sudan`, `for ISN`) belongs to the title
        let mut last_title: Option<usize> = None;
        let mut i = 0;
        while i < toks.len() {
            let w = toks[i];
            // (no other string lower-cases to these: compared without a copy)
            let preposition = w.eq_ignore_ascii_case("to")
                || w.eq_ignore_ascii_case("for")
                || w.eq_ignore_ascii_case("of");
            if preposition && i + 1 < toks.len() {
                last_title = Some(i + 1);
                i += 2;
                // `for Afghanistan and Pakistan`
                while i + 1 < toks.len() && toks[i].eq_ignore_ascii_case("and") {
                    last_title = Some(i + 1);
                    i += 2;
                }
                continue;
            }
            // `Patricia A McNerney`: a lone capital between name words is an initial
            let lone_initial = mixed
                && w.len() == 1
                && w.chars().all(|c| c.is_ascii_uppercase())
                && i > 0
                && !is_title(toks[i - 1], mixed)
                && toks
                    .get(i + 1)
                    .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()));
            // after `Walter E.` the next word is the surname, whatever it means (`North`)
            let after_initial = i >= 2 && is_initial(toks[i - 1]) && !is_title(toks[i - 2], mixed);
            let suffix_after_name = is_suffix(w) && i > 0;
            if is_title(w, mixed) && !suffix_after_name && !lone_initial && !after_initial {
                last_title = Some(i);
            }
            i += 1;
        }
        let mut start = last_title.map_or(0, |t| t + 1);
        // `… AFFAIR S ROBERT LUKE`: a wrapped title word
        if start < toks.len()
            && start > 0
            && toks[start].len() == 1
            && is_title(&format!("{}{}", toks[start - 1], toks[start]), false)
        {
            start += 1;
        }
        let mut stop = toks.len();
        // `DCM J. Dean Yap (acting)`: title words after the name
        if start >= toks.len() {
            let mut e = toks.len();
            while e > 0 && is_title(toks[e - 1], mixed) {
                e -= 1;
            }
            let mut b = e;
            while b > 0 && !is_title(toks[b - 1], mixed) {
                b -= 1;
            }
            start = b;
            stop = e;
        }
        let mut name_toks: Vec<Cow<'_, str>> = Vec::new();
        for &w in &toks[start..stop] {
            // a wrap inside a word: `Hoyt Y ee`, `Richa rd`
            let glue = w.starts_with(|c: char| c.is_lowercase())
                && !matches!(
                    w,
                    "de" | "van"
                        | "von"
                        | "da"
                        | "del"
                        | "der"
                        | "la"
                        | "le"
                        | "bin"
                        | "al"
                        | "el"
                        | "du"
                        | "di"
                );
            if glue && let Some(prev) = name_toks.last_mut() {
                prev.to_mut().push_str(w);
                continue;
            }
            name_toks.push(Cow::Borrowed(w));
        }
        // trailing punctuation
        while let Some(last) = name_toks.last() {
            if last.chars().any(char::is_alphanumeric) {
                break;
            }
            name_toks.pop();
        }
        let name = name_toks.join(" ");
        let name = clean_name(&name);
        if name.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            if start > 0 {
                title_parts.push(Cow::Owned(toks[..start].join(" ")));
            }
            names.push(name);
        } else {
            title_parts.push(seg.clone());
        }
    }
    let title = title_parts.join(", ");
    let title = title.trim().trim_matches([',', '.', ' ']).to_owned();
    (names, (!title.is_empty()).then_some(title))
}

/// Trailing `.` of a sentence end is not part of a name, except after an
/// initial or `Jr.`.
fn clean_name(name: &str) -> String {
    let n = name.trim().trim_end_matches([',', ';', ':']);
    if let Some(stripped) = n.strip_suffix('.') {
        let last = stripped.rsplit([' ', '.']).next().unwrap_or("");
        let keep =
            last.len() == 1 || last.eq_ignore_ascii_case("jr") || last.eq_ignore_ascii_case("sr");
        if !keep {
            return stripped.to_owned();
        }
    }
    n.to_owned()
}

/// Read the reason section and letters after the name: `1.4 (b) and (d)` →
/// (`1.4`, [b, d]).
fn read_reasons(s: &str) -> (Option<String>, Vec<String>) {
    let b = s.as_bytes();
    let mut section = None;
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i] == b'1'
            && matches!(b[i + 1], b'.' | b',')
            && b[i + 2].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            let mut sec = String::with_capacity(3);
            sec.push_str("1.");
            sec.push(b[i + 2] as char);
            section = Some(sec);
            i += 3;
            break;
        }
        i += 1;
    }
    let mut letters = Vec::new();
    if section.is_some() {
        let rest = &s[i..];
        for w in rest.split(|c: char| !c.is_ascii_alphabetic()) {
            if w.len() == 1 {
                let l = w.to_ascii_lowercase();
                if ("a"..="h").contains(&l.as_str()) && !letters.contains(&l) {
                    letters.push(l);
                }
            } else if !w.is_empty()
                && !w.eq_ignore_ascii_case("and")
                && !w.eq_ignore_ascii_case("or")
            {
                break;
            }
        }
    }
    (section, letters)
}

/// Find and parse the `Classified By` paragraph of `text`.
///
/// ```
/// use cablekit_grammar::body::classified_by::find_classified_by;
/// let m = find_classified_by("Classified By: Acting Deputy Chief of Mission Marc Wall for Reasons 1.4\n (b) and (d)\n").unwrap();
/// assert_eq!(m.value.names, ["Marc Wall"]);
/// assert_eq!(m.value.section.as_deref(), Some("1.4"));
/// assert_eq!(m.value.reasons, ["b", "d"]);
/// ```
pub fn find_classified_by(text: &str) -> Option<ClassifiedByMatch> {
    let mut from = 0;
    // a page's truncated excerpt (`Classified By: CDA JEFFERSON B...`) comes
    // before the cable text: skip it
    loop {
        let m = find_classified_by_at(text, from)?;
        let truncated = m.value.text.trim_end().ends_with("...") && m.value.section.is_none();
        if !truncated {
            return Some(m);
        }
        from = m.end.max(m.start + 1);
        if from >= text.len() {
            return Some(m);
        }
    }
}

/// [`find_classified_by`] from byte `from` on (spans relative to `text`).
fn find_classified_by_at(text: &str, from: usize) -> Option<ClassifiedByMatch> {
    let (s0, a0) = find_head(&text[from..])?;
    let (start, mut after) = (from + s0, from + a0);
    // `Classified By: Classified by …`, `Classified By: (C) CLASSIFIED BY …`,
    // `Classified By: This message classified by …`
    for _ in 0..2 {
        let r = &text[after..];
        let r2 = r.trim_start();
        let r2 = super::scan::strip_portion_mark(r2).1;
        let skip = r.len() - r2.len();
        let probe = &text[after + skip..super::scan::floor_boundary(text, after + skip + 40)];
        if let Some((s2, a2)) = find_head(probe)
            && probe[..s2].split_whitespace().count() <= 2
        {
            after = after + skip + a2;
        } else {
            break;
        }
    }
    let end = paragraph_end(text, after);
    let para = join_ws(&text[after..end.max(after)]);
    // drop page banners that interrupt the paragraph
    let para = drop_banners(&para);
    let words: Vec<&str> = para.split(' ').filter(|w| !w.is_empty()).collect();
    let mut cut = words.len();
    for (k, w) in words.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| words[p]);
        if is_reason_word(w, prev) || is_section_word(w) {
            cut = k;
            break;
        }
        // `E.O. 12958` / `EO 12958` before the reason
        if (w.eq_ignore_ascii_case("E.O.")
            || w.eq_ignore_ascii_case("EO")
            || w.starts_with("E.O.1"))
            && k > 0
        {
            cut = k;
            break;
        }
    }
    let mut pre: Vec<&str> = words[..cut].to_vec();
    // `GEORGE GLASS FO R REASONS`: `for` broken by a wrap
    if pre.len() >= 2
        && pre[pre.len() - 1].eq_ignore_ascii_case("r")
        && pre[pre.len() - 2].eq_ignore_ascii_case("fo")
    {
        pre.truncate(pre.len() - 2);
    }
    while let Some(last) = pre.last() {
        if is_connector(last) {
            pre.pop();
        } else {
            break;
        }
    }
    // (the words joined again are the part of `para` they span)
    let pre_text = span_of(&para, &pre);
    // `Margaret McKelvey-reasons`: a reason glued with a hyphen
    let pre_text = match find_ci(pre_text, "-reason", 0) {
        Some(p) => &pre_text[..p],
        None => pre_text,
    };
    let pre_text = pre_text.trim_end_matches([' ', ',', ';', ':', '-']);
    let (names, title) = names_from(pre_text);
    let (section, reasons) = read_reasons(span_of(&para, &words[cut..]));
    let full = join_ws(&text[start..end.max(after)]);
    Some(ClassifiedByMatch {
        value: ClassifiedBy {
            names,
            title,
            section,
            reasons,
            text: full,
        },
        start,
        end: end.max(after),
    })
}

/// `words.join(" ")` for consecutive words of `para` split at its spaces,
/// where `para` is a text of words joined by single spaces (as
/// [`join_ws`] and [`drop_banners`] leave it; a test checks this): the
/// part of `para` from the first word to the end of the last.
fn span_of<'p>(para: &'p str, words: &[&str]) -> &'p str {
    match (words.first(), words.last()) {
        (Some(f), Some(l)) => {
            let s = f.as_ptr() as usize - para.as_ptr() as usize;
            let e = l.as_ptr() as usize - para.as_ptr() as usize + l.len();
            &para[s..e]
        }
        _ => "",
    }
}

/// Remove `CONFIDENTIAL PAGE 02 HARARE 03759 01 OF 03 111533Z` banners.
fn drop_banners(p: &str) -> String {
    // quick exit: only a `PAGE` word starts a banner; without one every word
    // is kept, and the words joined again by the spaces they were split at
    // are `p` (the full reading splits, collects and joins every paragraph)
    if !p.contains("PAGE") {
        return p.to_owned();
    }
    drop_banners_full(p)
}

/// [`drop_banners`] without the quick exit.
fn drop_banners_full(p: &str) -> String {
    let words: Vec<&str> = p.split(' ').collect();
    let mut keep = vec![true; words.len()];
    for i in 0..words.len() {
        if words[i] == "PAGE"
            && words
                .get(i + 1)
                .is_some_and(|w| w.bytes().all(|c| c.is_ascii_digit()))
        {
            let mut j = i;
            while j < words.len() && j - i < 10 {
                let w = words[j];
                keep[j] = false;
                j += 1;
                if w.len() == 7 && w.ends_with('Z') {
                    break;
                }
            }
            if i > 0 && matches!(words[i - 1], "CONFIDENTIAL" | "SECRET" | "UNCLASSIFIED") {
                keep[i - 1] = false;
            }
        }
    }
    words
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(w, _)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The classifier names of `text`. With `normalize`, names written all in
/// capitals are title-cased (`THOMAS W. SIMONS, JR.` → `Thomas W. Simons, Jr.`).
pub fn classified_by_names(text: &str, normalize: bool) -> Vec<String> {
    let Some(m) = find_classified_by(text) else {
        return Vec::new();
    };
    if !normalize {
        return m.value.names;
    }
    m.value
        .names
        .into_iter()
        .map(|n| {
            if n.chars().any(char::is_lowercase) {
                n
            } else {
                n.split(' ').map(title_word).collect::<Vec<_>>().join(" ")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_word_lookup_agrees_with_the_list() {
        for w in TITLE_WORDS {
            assert!(is_title_word(w), "{w}");
        }
        let mut others: Vec<String> = ["", "ambassado", "ambassadorr", "zzz", "a", "(dcm)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for t in crate::testtext::corpus_texts(100) {
            others.extend(t.split_whitespace().map(|w| w.to_lowercase()));
        }
        for w in &others {
            assert_eq!(is_title_word(w), TITLE_WORDS.contains(&w.as_str()), "{w:?}");
        }
    }

    /// The old reading of a word in [`is_title`] (copies at every step, a
    /// substring search per run-together title), before the shared rest.
    fn is_title_slow(w: &str, mixed_case: bool) -> bool {
        if is_initial(w) {
            return false;
        }
        let t = w
            .trim_end_matches(['.', ',', ':', ';'])
            .to_lowercase()
            .replace('\u{2019}', "'");
        if RUN_TOGETHER_TITLES.iter().any(|k| t.contains(k)) {
            return true;
        }
        is_title_rest(w, &t, mixed_case)
    }

    /// The old `is_suffix`, kept to check the one without a copy against.
    fn is_suffix_slow(w: &str) -> bool {
        matches!(
            w.trim_end_matches([',', ';']).to_ascii_uppercase().as_str(),
            "JR." | "JR" | "SR." | "SR" | "II" | "III" | "IV" | "III." | "II."
        )
    }

    #[test]
    fn run_together_first_bytes_cover_every_title() {
        // the one-pass search compares only at `c`, `p`, `e`, `a`
        for k in RUN_TOGETHER_TITLES {
            assert!(has_run_together_title(k), "{k}");
            assert!(has_run_together_title(&format!("x{k}y")), "{k}");
        }
    }

    #[test]
    fn word_tests_agree_with_the_plain_readings() {
        let mut words: Vec<String> = [
            "",
            "PolMinCouns",
            "POLCOUNS,",
            "Charge\u{2019}",
            "d\u{2019}Affaires",
            "AMBASSAD0R",
            "Reason",
            "REAS0N:",
            "rea",
            "\u{211b}eason",
            "jr.,",
            "III;",
            "Jr",
            "(acting)",
            "EUR/PRA",
            "--",
            // longer than the stack buffer of the ASCII path (32 bytes)
            "PolMinCouns-and-Something-Much-Longer.",
            "ambassador-at-large-and-anything-else",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF.",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(100) {
            words.extend(t.split_whitespace().map(str::to_owned));
        }
        words.sort_unstable();
        words.dedup();
        for w in &words {
            for mixed in [false, true] {
                assert_eq!(is_title(w, mixed), is_title_slow(w, mixed), "{w:?}");
            }
            for prev in [None, Some("for")] {
                assert_eq!(
                    is_reason_word(w, prev),
                    is_reason_word_full(w, prev),
                    "{w:?}"
                );
            }
            assert_eq!(is_suffix(w), is_suffix_slow(w), "{w:?}");
        }
    }

    /// The old [`names_from`] (a copy of every segment, token and name word).
    fn names_from_slow(pre: &str) -> (Vec<String>, Option<String>) {
        let pre = &pre.replace('\\', "");
        let mixed = pre.chars().any(|c| c.is_lowercase());
        // segments at `,` / `;` (a comma before `Jr.`/`III` stays with the name)
        let mut segs: Vec<String> = Vec::new();
        for part in pre.split([',', ';']) {
            let p = part.trim();
            if p.is_empty() {
                continue;
            }
            if is_suffix(p)
                && let Some(last) = segs.last_mut()
            {
                last.push_str(", ");
                last.push_str(p);
                continue;
            }
            segs.push(p.to_owned());
        }
        let mut names = Vec::new();
        let mut title_parts: Vec<String> = Vec::new();
        for seg in &segs {
            if !names.is_empty()
                && !seg
                    .split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("and"))
            {
                title_parts.push(seg.clone());
                continue;
            }
            // split `DCM/Ted`, `AMB:RCROCKER`
            let mut toks: Vec<String> = Vec::new();
            for w in seg.split_whitespace() {
                if let Some((a, b)) = w.split_once(':')
                    && !a.is_empty()
                    && !b.is_empty()
                {
                    toks.push(a.to_owned());
                    toks.push(b.to_owned());
                } else if let Some((a, b)) = w.rsplit_once('/')
                    && b.chars().next().is_some_and(char::is_uppercase)
                    && b.chars().skip(1).any(char::is_lowercase)
                    && a.chars().all(|c| c.is_uppercase() || c == '/')
                {
                    toks.push(a.to_owned());
                    toks.push(b.to_owned());
                } else {
                    toks.push(w.to_owned());
                }
            }
            // the name: tokens after the last title word; a word right after a
            // preposition (`to Sudan`, `for ISN`) belongs to the title
            let mut last_title: Option<usize> = None;
            let mut i = 0;
            while i < toks.len() {
                let w = &toks[i];
                let lw = w.to_lowercase();
                if matches!(lw.as_str(), "to" | "for" | "of") && i + 1 < toks.len() {
                    last_title = Some(i + 1);
                    i += 2;
                    // `for Afghanistan and Pakistan`
                    while i + 1 < toks.len() && toks[i].eq_ignore_ascii_case("and") {
                        last_title = Some(i + 1);
                        i += 2;
                    }
                    continue;
                }
                // `Patricia A McNerney`: a lone capital between name words is an initial
                let lone_initial = mixed
                    && w.len() == 1
                    && w.chars().all(|c| c.is_ascii_uppercase())
                    && i > 0
                    && !is_title(&toks[i - 1], mixed)
                    && toks
                        .get(i + 1)
                        .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()));
                // after `Walter E.` the next word is the surname, whatever it means (`North`)
                let after_initial =
                    i >= 2 && is_initial(&toks[i - 1]) && !is_title(&toks[i - 2], mixed);
                let suffix_after_name = is_suffix(w) && i > 0;
                if is_title(w, mixed) && !suffix_after_name && !lone_initial && !after_initial {
                    last_title = Some(i);
                }
                i += 1;
            }
            let mut start = last_title.map_or(0, |t| t + 1);
            // `… AFFAIR S ROBERT LUKE`: a wrapped title word
            if start < toks.len()
                && start > 0
                && toks[start].len() == 1
                && is_title(&format!("{}{}", toks[start - 1], toks[start]), false)
            {
                start += 1;
            }
            let mut stop = toks.len();
            // `DCM J. Dean Yap (acting)`: title words after the name
            if start >= toks.len() {
                let mut e = toks.len();
                while e > 0 && is_title(&toks[e - 1], mixed) {
                    e -= 1;
                }
                let mut b = e;
                while b > 0 && !is_title(&toks[b - 1], mixed) {
                    b -= 1;
                }
                start = b;
                stop = e;
            }
            let mut name_toks: Vec<String> = Vec::new();
            for w in &toks[start..stop] {
                // a wrap inside a word: `Hoyt Y ee`, `Richa rd`
                let glue = w.starts_with(|c: char| c.is_lowercase())
                    && !matches!(
                        w.as_str(),
                        "de" | "van"
                            | "von"
                            | "da"
                            | "del"
                            | "der"
                            | "la"
                            | "le"
                            | "bin"
                            | "al"
                            | "el"
                            | "du"
                            | "di"
                    );
                if glue && let Some(prev) = name_toks.last_mut() {
                    prev.push_str(w);
                    continue;
                }
                name_toks.push(w.clone());
            }
            // trailing punctuation
            while let Some(last) = name_toks.last() {
                if last.chars().any(char::is_alphanumeric) {
                    break;
                }
                name_toks.pop();
            }
            let name = name_toks.join(" ");
            let name = clean_name(&name);
            if name.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                if start > 0 {
                    title_parts.push(toks[..start].join(" "));
                }
                names.push(name);
            } else {
                title_parts.push(seg.clone());
            }
        }
        let title = title_parts.join(", ");
        let title = title.trim().trim_matches([',', '.', ' ']).to_owned();
        (names, (!title.is_empty()).then_some(title))
    }

    #[test]
    fn names_without_copies_agree_with_the_old_reading() {
        let texts = crate::testtext::edges_and_corpus_lines(
            &[
                "",
                "Ambassador John Doe",
                "DCM J. Dean Yap (acting)",
                "Pol/Econ Counselor Jane Roe, Jr., and DCM Richard Roe",
                "AMB:RCROCKER",
                "DCM/Ted Smith",
                "POLCOUNS\\ MARY SMITH III",
                "Charge d\u{2019}Affaires a.i. Hoyt Y ee",
                "Patricia A McNerney",
                "Walter E. North",
                "Special Envoy to Sudan John Doe",
                "AFFAIR S ROBERT LUKE",
                "POLITICAL OFFICER FOR Afghanistan and Pakistan TO",
                "\u{130}stanbul Of \u{212a}elvin, to",
            ],
            100,
        );
        let mut named = 0;
        for t in &texts {
            let got = names_from(t);
            named += usize::from(!got.0.is_empty());
            assert_eq!(got, names_from_slow(t), "{t:?}");
        }
        assert!(named > 0);
    }

    #[test]
    fn spans_of_words_agree_with_joining_them() {
        let mut paras: Vec<String> = [
            "",
            " ",
            "a",
            "John  Doe,\tfor reasons 1.4 (b)\n(d)",
            "JOHN DOE CONFIDENTIAL PAGE 02 HARARE 03759 01 OF 03 111533Z FOR REASONS 1.4",
            "x\u{a0}y \\\nz",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(100) {
            paras.extend(t.lines().map(str::to_owned));
            paras.extend(t.split("\n\n").map(str::to_owned));
        }
        for p in &paras {
            // as find_classified_by_at makes it and splits it
            let para = drop_banners(&join_ws(p));
            let words: Vec<&str> = para.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(words.join(" "), para, "{p:?}");
            // (a few cuts of each: every cut of a long paragraph is too slow)
            let n = words.len();
            for k in [
                0,
                1,
                2,
                n / 3,
                n / 2,
                n.saturating_sub(2),
                n.saturating_sub(1),
                n,
            ] {
                let k = k.min(n);
                assert_eq!(span_of(&para, &words[..k]), words[..k].join(" "));
                assert_eq!(span_of(&para, &words[k..]), words[k..].join(" "));
            }
        }
    }

    fn names(t: &str) -> Vec<String> {
        classified_by_names(t, false)
    }

    #[test]
    fn banner_quick_exit_agrees_with_the_full_reading() {
        let mut paras: Vec<String> = [
            "",
            " ",
            "A  B ",
            "JOHN DOE CONFIDENTIAL PAGE 02 HARARE 03759 01 OF 03 111533Z FOR REASONS",
            "PAGES 2 PAGE x PAGE",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(200) {
            paras.extend(t.lines().map(join_ws));
            paras.push(join_ws(&t));
        }
        for p in &paras {
            assert_eq!(drop_banners(p), drop_banners_full(p), "{p:?}");
        }
    }

    #[test]
    fn common_forms() {
        assert_eq!(
            names("Classified By: Ambassador Clifford Sobel.  Reason 1.5 (b) (d)"),
            ["Clifford Sobel"]
        );
        assert_eq!(
            names("Classified by: Amb. Carol van Voorst for reasons 1.4 (b) and (d)."),
            ["Carol van Voorst"]
        );
        assert_eq!(
            names(
                "CLASSIFIED BY: Chris Stevens, CDA, Embassy Tripoli, Dept of State. REASON: 1.4 (b), (d)"
            ),
            ["Chris Stevens"]
        );
        assert_eq!(
            names(
                "Classified By: Charge d'Affaires a.i. Christopher W. Webster, \nreason 1.4 (b) and (d) \n"
            ),
            ["Christopher W. Webster"]
        );
    }

    #[test]
    fn wraps_and_caps() {
        assert_eq!(
            names(
                "\nClassified By: Political Minister-Counselor Christopher R. Davis for re \nason 1.4 (b/d) \n"
            ),
            ["Christopher R. Davis"]
        );
        assert_eq!(
            names("\n1.  CLASSIFIED BY DCM\nTHEODORE KATTOUF - 1.5 B,D.\n\n2.  (C)"),
            ["THEODORE KATTOUF"]
        );
        assert_eq!(
            names(
                "\nClassified By: Interagency Provincial Affairs Deputy Coordinator Hoyt Y \nee for reasons 1.4 (b) and (d) \n"
            ),
            ["Hoyt Yee"]
        );
        assert!(
            names("\n1.  CONFIDENTIAL - ENTIRE TEXT.  CLASSIFIED BY SECTION 1.5 (B)\nAND (D).")
                .is_empty()
        );
    }

    #[test]
    fn not_declassified_by_and_not_an_excerpt() {
        // 66BUENOSAIRES2481: a NARA stamp is not a Classified By line
        assert!(
            find_classified_by("E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009 TAGS: EFIS")
                .is_none()
        );
        // 05QUITO1978: the page's excerpt comes first
        let t = "Classified By: CDA JEFFERSON B...\n\nid: 39001\n\nClassified By: CDA JEFFERSON BROWN, REASONS 1.4 (B,D)\n\n1. (C) Summary";
        assert_eq!(classified_by_names(t, false), ["JEFFERSON BROWN"]);
    }

    #[test]
    fn run_together_titles_and_curly_apostrophes() {
        // 08OTTAWA918, 10MADRID154, 08DAMASCUS146
        assert_eq!(
            names("Classified By: PolMinCouns Scott Bellard, reasons 1.4 (b) and (d)"),
            ["Scott Bellard"]
        );
        assert_eq!(
            names("Classified By: POLCOUNS William H. Duncan, for Reasons 1.4 (b) and (d)"),
            ["William H. Duncan"]
        );
        assert_eq!(
            names("Classified By: Charge d\u{2019}Affaires Michael Corbin for reasons 1.4 b and d"),
            ["Michael Corbin"]
        );
    }

    #[test]
    fn surname_that_is_a_word() {
        // 04NEWDELHI6976
        assert_eq!(
            names("Classified By: A/DCM Walter E. North, Reasons 1.4 (B,D)."),
            ["Walter E. North"]
        );
    }

    #[test]
    fn name_split_by_a_blank_line() {
        // what a sub-item rule may make of `Margaret \n H. Nardi for reasons …`
        let t = "Classified By: Acting Counselor for Political-Military Affiars Margaret\n\nH. Nardi for reasons 1.4 (b) and (d).\n";
        assert_eq!(names(t), ["Margaret H. Nardi"]);
        assert!(
            names("Classified By: Glyn T. Davies \n \nSUMMARY \n------- \n") == ["Glyn T. Davies"]
        );
    }

    #[test]
    fn reason_after_page_break() {
        let t = " \nCLASSIFIED BY AMBASSADOR TOM MCDONALD. \n                       CONFIDENTIAL \n \nPAGE 02        HARARE  03759  01 OF 03  111533Z \nREASONS: 1.5 (B) AND (D). \n \n1.  (C)  SUMMARY:";
        let m = find_classified_by(t).unwrap();
        assert_eq!(m.value.names, ["TOM MCDONALD"]);
        assert_eq!(m.value.section.as_deref(), Some("1.5"));
        assert_eq!(m.value.reasons, ["b", "d"]);
    }

    #[test]
    fn normalize_title_cases() {
        assert_eq!(
            classified_by_names(
                "\n1.  (U) CLASSIFIED BY THOMAS W. SIMONS, JR., AMBASSADOR.\nREASON:  1.5 (B), (C) AND (D).\n ",
                true
            ),
            ["Thomas W. Simons, Jr."]
        );
    }
}
