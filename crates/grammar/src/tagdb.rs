//! TAGS vocabulary: canonical spelling and kinds of tags.
//!
//! TAGS ("Traffic Analysis by Geography and Subject") is the Department's
//! indexing vocabulary: four-letter subject codes (`PGOV`, `ECON`), program
//! codes starting with `K` (`KCRM`), two-letter geographic codes (`KV`, `RS`;
//! FIPS 10-4 style, plus the regional `X?` codes), organisation codes
//! (`NATO`, `UNMIK`), person tags (`CLINTON, HILLARY`) and, in Cablegate,
//! free-text keyword tags (`HUMAN RIGHTS`, `IRAQI FREEDOM`). The tables below
//! are written from the public TAGS lists; [`split_tags`] applies rules over
//! them (see its documentation).
//!
//! OWNER: conformance helper (F).

/// What a TAGS code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// Subject tag (PGOV, PREL).
    Subject,
    /// Geographic tag (KV, RS).
    Geo,
    /// Person tag (`KISSINGER, HENRY A.`).
    Person,
    /// Program tag (K-tags: KCRM).
    Program,
    /// Organization tag (UNMIK, NATO).
    Org,
    /// Unknown.
    Unknown,
}

impl TagKind {
    /// The kind's name: `subject`, `geo`, `person`, `program`, `org`, `unknown`.
    pub fn name(self) -> &'static str {
        match self {
            TagKind::Subject => "subject",
            TagKind::Geo => "geo",
            TagKind::Person => "person",
            TagKind::Program => "program",
            TagKind::Org => "org",
            TagKind::Unknown => "unknown",
        }
    }
}

/// Subject codes (four letters; groups A, B, C, E, M, O, P, S, T), sorted.
static SUBJECT: &[&str] = &[
    "AADP", "ABLD", "ABUD", "ACOA", "ADCO", "ADPM", "AEMR", "AFIN", "AFSI", "AFSN", "AGAO", "AINF",
    "AINR", "AINT", "ALOW", "AMED", "AMGT", "AODE", "AORC", "AORG", "APCS", "APER", "ASCH", "ASEC",
    "ASIG", "ATRN", "BBSR", "BEXP", "BMGT", "BTIO", "CASC", "CFED", "CJAN", "CLMT", "CMGT", "CPAS",
    "CVIS", "EAGR", "EAID", "EAIR", "ECIN", "ECON", "ECPS", "ECUN", "EFIN", "EFIS", "EIND", "EINT",
    "EINV", "ELAB", "ELTN", "EMIN", "ENRG", "ENVR", "EPET", "ETRD", "ETTC", "EWWT", "MARR", "MASS",
    "MCAP", "MNUC", "MOPS", "MPOS", "OCII", "OCON", "ODIP", "OEXC", "OFDP", "OIIP", "OPDC", "OPRC",
    "OREP", "OSCI", "OTRA", "OVIP", "PARM", "PBIO", "PBTS", "PDEM", "PEPR", "PGOV", "PHSA", "PHUM",
    "PINL", "PINR", "PINS", "PINT", "PNAT", "PREF", "PREL", "PROP", "PSOE", "PTER", "SCRS", "SCUL",
    "SENV", "SMIG", "SNAR", "SOCI", "TBIO", "TINT", "TNAR", "TPHY", "TRGY", "TSPA", "TSPL",
];

/// Program codes (`K` + three letters) known from the lists, sorted. Any
/// four-letter tag starting with `K` counts as a program tag; this list is
/// what run-together tags (`KNNPMNUC`) are split against.
static PROGRAM: &[&str] = &[
    "KABM", "KACT", "KAWC", "KAWK", "KBCT", "KBIO", "KBTR", "KCFE", "KCIP", "KCOM", "KCOR", "KCRM",
    "KCRS", "KDEM", "KDEV", "KDRG", "KENV", "KFIN", "KFLO", "KFLU", "KFRD", "KGCC", "KGHG", "KGIC",
    "KHIV", "KHLS", "KICA", "KIDE", "KIFR", "KIPR", "KIRC", "KIRF", "KISL", "KJUS", "KLIG", "KMCA",
    "KMDR", "KMPI", "KNAR", "KNEI", "KNNP", "KNPP", "KNSD", "KNUC", "KOCI", "KOLY", "KOMC", "KPAL",
    "KPAO", "KPKO", "KPLS", "KPOA", "KPRP", "KPWR", "KRAD", "KRFD", "KRIM", "KRVC", "KSAF", "KSCA",
    "KSEC", "KSEO", "KSPR", "KSTC", "KSTH", "KSUM", "KTDB", "KTEX", "KTFN", "KTIA", "KTIP", "KTLA",
    "KUNR", "KVPR", "KWAC", "KWBG", "KWMN", "KWNM",
];

/// Geographic codes (two letters: FIPS 10-4 country codes as TAGS uses
/// them, and the regional `X?` codes), sorted.
static GEO: &[&str] = &[
    "AA", "AC", "AE", "AF", "AG", "AJ", "AL", "AM", "AN", "AO", "AQ", "AR", "AS", "AT", "AU", "AV",
    "AY", "BA", "BB", "BC", "BD", "BE", "BF", "BG", "BH", "BK", "BL", "BM", "BN", "BO", "BP", "BR",
    "BT", "BU", "BX", "BY", "CA", "CB", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CM", "CN",
    "CO", "CS", "CT", "CU", "CV", "CW", "CY", "DA", "DJ", "DO", "DR", "EC", "EG", "EI", "EK", "EN",
    "ER", "ES", "ET", "EU", "EZ", "FI", "FJ", "FK", "FM", "FO", "FP", "FR", "GA", "GB", "GG", "GH",
    "GI", "GJ", "GK", "GL", "GM", "GP", "GQ", "GR", "GT", "GV", "GY", "GZ", "HA", "HK", "HO", "HR",
    "HU", "IC", "ID", "IM", "IN", "IR", "IS", "IT", "IV", "IZ", "JA", "JE", "JM", "JO", "KE", "KG",
    "KN", "KR", "KS", "KT", "KU", "KV", "KZ", "LA", "LE", "LG", "LH", "LI", "LO", "LS", "LT", "LU",
    "LY", "MA", "MC", "MD", "MG", "MH", "MI", "MJ", "MK", "ML", "MN", "MO", "MP", "MR", "MT", "MU",
    "MV", "MX", "MY", "MZ", "NC", "NG", "NH", "NI", "NL", "NO", "NP", "NR", "NS", "NT", "NU", "NZ",
    "PA", "PE", "PK", "PL", "PM", "PO", "PP", "PS", "PU", "QA", "RI", "RM", "RO", "RP", "RQ", "RS",
    "RW", "SA", "SC", "SE", "SF", "SG", "SI", "SL", "SM", "SN", "SO", "SP", "ST", "SU", "SW", "SY",
    "SZ", "TC", "TD", "TE", "TH", "TI", "TK", "TN", "TO", "TP", "TS", "TT", "TU", "TV", "TW", "TX",
    "TZ", "UG", "UK", "UP", "US", "UV", "UY", "UZ", "VC", "VE", "VI", "VM", "VQ", "VT", "WA", "WE",
    "WI", "WS", "WZ", "XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH", "XI", "XJ", "XK", "XL", "XM",
    "XN", "XO", "XP", "XQ", "XR", "XS", "XT", "XU", "XV", "XW", "XX", "XY", "XZ", "YI", "YM", "YO",
    "ZA", "ZI",
];

/// Organisation tags, sorted.
static ORG: &[&str] = &[
    "AMISOM", "APEC", "ASEAN", "AU", "CARICOM", "CD", "CIA", "CTBTO", "DOD", "ECOWAS", "EFTA",
    "EUN", "EXIM", "FAO", "FATF", "FBI", "G8", "GCC", "IAEA", "IBRD", "ICAO", "ICJ", "ICRC",
    "ICTR", "ICTY", "IDB", "IEA", "IFAD", "ILO", "IMF", "IMO", "INRA", "INRB", "INRO", "INTERPOL",
    "IOM", "ISAF", "ITU", "MCC", "MTCR", "MTCRE", "NASA", "NATO", "NPT", "NSG", "OAS", "OECD",
    "OIC", "OPCW", "OPEC", "OPIC", "OSCE", "SADC", "SCO", "UN", "UNAMA", "UNAMI", "UNAMID",
    "UNCHR", "UNCND", "UNDP", "UNEP", "UNESCO", "UNFICYP", "UNGA", "UNHCR", "UNHRC", "UNICEF",
    "UNIFIL", "UNMIK", "UNMIL", "UNMIS", "UNO", "UNODC", "UNSC", "UNTSO", "USAID", "USEU", "USTR",
    "WFP", "WHO", "WIPO", "WMO", "WTO", "WTRO",
];

/// Known misspellings of codes (`_TAG_FIXES` in the older tools), sorted.
static FIXES: &[(&str, &str)] = &[
    ("MOPPS", "MOPS"),
    ("PGOC", "PGOV"),
    ("POGOV", "PGOV"),
    ("PREFA", "PREF"),
    ("PRELL", "PREL"),
    ("SYR", "SY"),
];

/// Free-text keyword tags of several words (Cablegate), longest first where
/// one starts another. Used only to find where one keyword tag ends and the
/// next begins; unknown words still join into keyword tags by themselves.
static KEYWORD_PHRASES: &[&str] = &[
    "COUNTRY CLEARANCE",
    "DOMESTIC POLITICS",
    "ECONOMIC AFFAIRS",
    "FOREIGN POL",
    "FOREIGN POLICY",
    "GAZA DISENGAGEMENT",
    "GOI EXTERNAL",
    "GOI INTERNAL",
    "HUMAN RIGHTS",
    "IRAQI FREEDOM",
    "ISRAELI PALESTINIAN AFFAIRS",
    "ITALIAN POLITICS",
    "MEDIA REACTION REPORT",
    "NEW ZEALAND",
    "SAUDI ARABIA",
    "UNITED KINGDOM",
    "UNITED NATIONS",
    "UNITED STATES",
];

/// Free-text keyword tags of one word that stand alone.
static KEYWORD_WORDS: &[&str] = &["COUNTERTERRORISM", "LABOR", "MIL", "POL", "TERRORISM"];

/// Tags after which a person's name follows (`OVIP RICE CONDOLEEZZA`).
static PERSON_LEADS: &[&str] = &["OVIP", "PINR"];

/// Given names (upper case) that mark `SURNAME GIVEN` pairs among keyword
/// words (`ROOD JOHN`), sorted.
static GIVEN_NAMES: &[&str] = &[
    "ALBERTO",
    "ALEXANDER",
    "ANDREW",
    "ANN",
    "ANNE",
    "ANTHONY",
    "BARACK",
    "BENJAMIN",
    "BILL",
    "CARL",
    "CHARLES",
    "CHRISTOPHER",
    "CONDOLEEZZA",
    "DANIEL",
    "DAVID",
    "DICK",
    "DONALD",
    "EDWARD",
    "ELIZABETH",
    "ERIC",
    "FRANK",
    "GEORGE",
    "GERARD",
    "GORDON",
    "HENRY",
    "HILLARY",
    "HUGO",
    "JAMES",
    "JEFFREY",
    "JOHN",
    "JOSEPH",
    "KAREN",
    "KARL",
    "KENNETH",
    "LAURA",
    "MARK",
    "MARY",
    "MICHAEL",
    "NANCY",
    "NICHOLAS",
    "NICOLAS",
    "PATRICK",
    "PAUL",
    "PAULA",
    "PETER",
    "RICHARD",
    "ROBERT",
    "RONALD",
    "SAMUEL",
    "STEPHEN",
    "STEVEN",
    "SUSAN",
    "THOMAS",
    "TIMOTHY",
    "TONY",
    "WILLIAM",
];

/// How person tags of frequent visitors are spelt in full (public names).
static PERSON_FULL: &[(&str, &str)] = &[
    ("BUSH, GEORGE", "BUSH, GEORGE W."),
    ("CHENEY, RICHARD", "CHENEY, RICHARD B."),
    ("STEINBERG, JAMES", "STEINBERG, JAMES B."),
];

fn in_sorted(table: &[&str], s: &str) -> bool {
    table.binary_search(&s).is_ok()
}

/// The four bytes of each entry of a table of four-letter codes as one
/// big-endian number: for texts of one length the numbers sort as the texts
/// do, so a binary search compares numbers instead of strings. The build
/// fails if an entry is not four bytes long.
const fn four_byte_keys<const N: usize>(table: &[&str]) -> [u32; N] {
    let mut keys = [0u32; N];
    let mut k = 0;
    while k < N {
        let b = table[k].as_bytes();
        assert!(b.len() == 4, "a code that is not four bytes long");
        keys[k] = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        k += 1;
    }
    keys
}

/// [`SUBJECT`] as [`four_byte_keys`].
static SUBJECT_KEYS: [u32; SUBJECT.len()] = four_byte_keys(SUBJECT);
/// [`PROGRAM`] as [`four_byte_keys`].
static PROGRAM_KEYS: [u32; PROGRAM.len()] = four_byte_keys(PROGRAM);

/// Is `tag` a code of the TAGS tables (subject, program, geo, org)?
///
/// The tests by length: subject and program codes have four bytes, geo
/// codes two (a test checks the tables), so a tag of another length is
/// looked up among the organisations only; the cheap letter tests come
/// first, and a four-byte tag is looked up as a number.
pub fn is_code(tag: &str) -> bool {
    let upper = |t: &str| t.bytes().all(|b| b.is_ascii_uppercase());
    match tag.len() {
        2 => upper(tag) || in_sorted(GEO, tag) || in_sorted(ORG, tag),
        4 => {
            let b = tag.as_bytes();
            let key = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            (b[0] == b'K' && upper(tag))
                || SUBJECT_KEYS.binary_search(&key).is_ok()
                || PROGRAM_KEYS.binary_search(&key).is_ok()
                || in_sorted(ORG, tag)
        }
        _ => in_sorted(ORG, tag),
    }
}

/// The kind of a tag.
pub fn tag_kind(tag: &str) -> TagKind {
    let t = tag.trim();
    if in_sorted(SUBJECT, t) {
        TagKind::Subject
    } else if t.len() == 4 && t.starts_with('K') && t.bytes().all(|b| b.is_ascii_uppercase()) {
        TagKind::Program
    } else if in_sorted(GEO, t) || (t.len() == 2 && t.bytes().all(|b| b.is_ascii_uppercase())) {
        // any two-letter code is geographic (posts also use ISO codes: GE)
        TagKind::Geo
    } else if in_sorted(ORG, t) {
        TagKind::Org
    } else if looks_like_person(t) {
        TagKind::Person
    } else {
        TagKind::Unknown
    }
}

/// `SURNAME, GIVEN [I.]`: letters (and `-`, `'`, `.`, spaces) around one comma.
fn looks_like_person(t: &str) -> bool {
    let Some((sur, given)) = t.split_once(", ") else {
        return false;
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars().any(char::is_alphabetic)
            && s.chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
    };
    ok(sur) && ok(given)
}

/// The canonical code for a single token, when it is one: exact, a known
/// misspelling, or a five-letter word that is a four-letter code with one
/// letter too many (`MOPPS`, `POGOV`).
fn code_of(word: &str) -> Option<String> {
    if is_code(word) {
        return Some(word.to_owned());
    }
    if let Ok(i) = FIXES.binary_search_by(|(k, _)| (*k).cmp(word)) {
        return Some(FIXES[i].1.to_owned());
    }
    if word.len() == 5 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        let mut found: Option<&str> = None;
        for i in 0..5 {
            let cand = format!("{}{}", &word[..i], &word[i + 1..]);
            let hit = SUBJECT
                .iter()
                .chain(PROGRAM)
                .find(|c| **c == cand.as_str())
                .copied();
            if let Some(h) = hit {
                match found {
                    Some(f) if f != h => return None,
                    _ => found = Some(h),
                }
            }
        }
        return found.map(str::to_owned);
    }
    None
}

/// Split a run-together word into codes (`ECONSOCIXR` → ECON SOCI XR,
/// `PHUMBA` → PHUM BA): two- and four-letter pieces covering the word, at
/// least one of them a four-letter subject/program code, fewest pieces.
fn split_codes(word: &str) -> Option<Vec<&'static str>> {
    let b = word.as_bytes();
    if b.len() < 6 || !b.len().is_multiple_of(2) || !b.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let four = |s: &str| -> Option<&'static str> {
        SUBJECT
            .binary_search(&s)
            .ok()
            .map(|i| SUBJECT[i])
            .or_else(|| PROGRAM.binary_search(&s).ok().map(|i| PROGRAM[i]))
    };
    let two = |s: &str| -> Option<&'static str> { GEO.binary_search(&s).ok().map(|i| GEO[i]) };
    // best[i]: (pieces, number of four-letter pieces) for word[..i]
    let n = b.len();
    let mut best: Vec<Option<(Vec<&'static str>, usize)>> = vec![None; n + 1];
    best[0] = Some((Vec::new(), 0));
    for i in 0..n {
        let Some((pieces, fours)) = best[i].clone() else {
            continue;
        };
        for (len, fourish) in [(4usize, true), (2usize, false)] {
            if i + len > n {
                continue;
            }
            let piece = &word[i..i + len];
            let hit = if fourish { four(piece) } else { two(piece) };
            if let Some(h) = hit {
                let mut p = pieces.clone();
                p.push(h);
                let f = fours + usize::from(fourish);
                let better = match &best[i + len] {
                    None => true,
                    Some((bp, bf)) => p.len() < bp.len() || (p.len() == bp.len() && f > *bf),
                };
                if better {
                    best[i + len] = Some((p, f));
                }
            }
        }
    }
    match best[n].take() {
        Some((pieces, fours)) if fours >= 1 && pieces.len() >= 2 => Some(pieces),
        _ => None,
    }
}

/// Words of keyword tags (`RIGHTS` of `HUMAN RIGHTS`) and one-word keywords.
fn keyword_word(w: &str) -> bool {
    KEYWORD_WORDS.contains(&w)
        || KEYWORD_PHRASES
            .iter()
            .any(|p| p.split(' ').any(|x| x.len() >= 3 && x == w))
}

/// Split a run-together word into keyword words and codes
/// (`RIGHTSPOLMIL` → RIGHTS POL MIL), all pieces at least three letters.
fn split_keywords(word: &str) -> Option<Vec<String>> {
    let n = word.len();
    if n < 6 || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut best: Vec<Option<Vec<String>>> = vec![None; n + 1];
    best[0] = Some(Vec::new());
    for i in 0..n {
        let Some(pieces) = best[i].clone() else {
            continue;
        };
        for j in (i + 3)..=n {
            let piece = &word[i..j];
            if keyword_word(piece) || (piece.len() == 4 && is_code(piece)) {
                let mut p = pieces.clone();
                p.push(piece.to_owned());
                if best[j].as_ref().is_none_or(|b| p.len() < b.len()) {
                    best[j] = Some(p);
                }
            }
        }
    }
    best[n].take().filter(|p| p.len() >= 2)
}

/// A token of the TAGS list after the first pass.
enum Tok {
    /// A code (canonical).
    Code(String),
    /// A word that is not a code.
    Word(String),
    /// A parenthesised group or a finished tag (kept whole).
    Whole(String),
    /// A comma or semicolon: ends keyword and person runs.
    Break,
}

/// Split the text after `TAGS:` (possibly wrapped over lines, commas or
/// spaces) into canonical tags, in order, deduplicated.
///
/// Rules: upper case; text from a page-break banner on (`SECRET PAGE 02 …`)
/// is dropped, and so is `SIPDIS`; commas, semicolons and white space
/// separate; a parenthesised group is one tag (`OVIP (STEINBERG, JAMES B.)`);
/// codes of the tables are kept, known misspellings corrected (`MOPPS` →
/// `MOPS`, `POGOV` → `PGOV`), run-together codes split (`VTPREL` → `VT`,
/// `PREL`); after `OVIP`/`PINR` two non-code words are a person
/// (`CLINTON HILLARY` → `CLINTON, HILLARY`), as is any `SURNAME GIVEN` pair
/// whose second word is a given name; other runs of non-code words are
/// keyword tags (`HUMAN RIGHTS`), cut where a known keyword tag starts, and
/// joined into one word when that spells a known one (`COUNTER TERRORISM`).
pub fn split_tags(raw: &str) -> Vec<String> {
    let upper = raw.to_uppercase();
    let text = cut_page_break(&upper);
    let toks = tokenize(text);
    // (room for every token's tag at once)
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    // (a tag is copied once, when it is kept)
    let push = |t: &str, out: &mut Vec<String>| {
        let t = trim_tag(t);
        if !t.is_empty() && t != "SIPDIS" && !out.iter().any(|x| x == t) {
            out.push(t.to_owned());
        }
    };
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Break => i += 1,
            Tok::Whole(w) => {
                push(w, &mut out);
                i += 1;
            }
            Tok::Code(c) => {
                push(c, &mut out);
                i += 1;
                if PERSON_LEADS.contains(&c.as_str())
                    && let Some((person, used)) = person_after(&toks[i..])
                {
                    push(&person, &mut out);
                    i += used;
                }
            }
            Tok::Word(_) => {
                let start = i;
                while i < toks.len() && matches!(toks[i], Tok::Word(_)) {
                    i += 1;
                }
                let words: Vec<&str> = toks[start..i]
                    .iter()
                    .filter_map(|t| match t {
                        Tok::Word(w) => Some(w.as_str()),
                        _ => None,
                    })
                    .collect();
                for tag in keyword_run(&words) {
                    push(&tag, &mut out);
                }
            }
        }
    }
    out
}

/// A tag without surrounding whitespace, commas and semicolons: a tag with
/// an ASCII letter or digit at both ends (most of them) has none, and is
/// returned without the three trims of [`trim_tag_full`].
fn trim_tag(t: &str) -> &str {
    let b = t.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_alphanumeric() && l.is_ascii_alphanumeric() => t,
        _ => trim_tag_full(t),
    }
}

/// [`trim_tag`] without the quick path.
fn trim_tag_full(t: &str) -> &str {
    t.trim().trim_matches(|c: char| c == ',' || c == ';').trim()
}

/// Drop everything from a page-break banner on: `UNCLASSIFIED PAGE 02 …`.
fn cut_page_break(s: &str) -> &str {
    // quick reject: a banner is followed by `PAGE `, so without one there is
    // nothing to cut (one search instead of one per banner)
    if memchr::memmem::find(s.as_bytes(), b"PAGE ").is_none() {
        return s;
    }
    cut_at_banner(s)
}

/// [`cut_page_break`] without the quick reject.
fn cut_at_banner(s: &str) -> &str {
    for banner in [
        "UNCLASSIFIED",
        "CONFIDENTIAL",
        "SECRET",
        "UNCLAS",
        "LIMITED OFFICIAL USE",
    ] {
        let mut from = 0;
        while let Some(p) = s[from..].find(banner) {
            let at = from + p;
            let after = s[at + banner.len()..].trim_start();
            if after.starts_with("PAGE ") {
                return &s[..at];
            }
            from = at + banner.len();
        }
    }
    s
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == ',' || c == ';' {
            toks.push(Tok::Break);
            rest = &rest[1..];
        } else if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if c == '(' {
            let end = rest.find(')').map_or(rest.len(), |e| e + 1);
            let inner = rest[1..end].trim_end_matches(')').trim();
            let inner = inner.split_whitespace().collect::<Vec<_>>().join(" ");
            if inner.chars().any(char::is_alphanumeric) {
                toks.push(Tok::Whole(inner));
            }
            rest = &rest[end..];
        } else {
            let end = rest
                .find(|c: char| c == ',' || c == ';' || c == '(' || c.is_whitespace())
                .unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            // SIPDIS, and a repeated keyword (`… BA, TAGS: EFIN`), are not tags
            if word == "SIPDIS" || word.trim_end_matches(':') == "TAGS" {
                continue;
            }
            if let Some(code) = code_of(word) {
                toks.push(Tok::Code(code));
            } else if KEYWORD_WORDS.contains(&word) {
                toks.push(Tok::Word(word.to_owned()));
            } else if let Some(pieces) = split_codes(word) {
                toks.extend(pieces.into_iter().map(|p| Tok::Code(p.to_owned())));
            } else if let Some(pieces) = split_keywords(word) {
                for p in pieces {
                    if is_code(&p) {
                        toks.push(Tok::Code(p));
                    } else {
                        toks.push(Tok::Word(p));
                    }
                }
            } else {
                toks.push(Tok::Word(word.to_owned()));
            }
        }
    }
    // Two-letter codes that are English words (`IN`, `TO`) between keyword
    // words belong to the keyword tag: `TIP IN TURKEY`.
    for i in 1..toks.len().saturating_sub(1) {
        let english = matches!(&toks[i], Tok::Code(c) if ENGLISH_CODES.contains(&c.as_str()));
        if english
            && matches!(toks[i - 1], Tok::Word(_))
            && matches!(toks[i + 1], Tok::Word(_))
            && let Tok::Code(c) = &toks[i]
        {
            toks[i] = Tok::Word(c.clone());
        }
    }
    toks
}

/// Two-letter codes that are also English words.
static ENGLISH_CODES: &[&str] = &[
    "AN", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "IF", "IN", "IS", "IT", "ME", "MY", "NO", "OF",
    "ON", "OR", "SO", "TO", "UP", "US", "WE",
];

/// A person right after `OVIP`: `CLINTON HILLARY` or `STEINBERG JAMES B.`
/// (two or three non-code words); returns the tag and tokens used.
fn person_after(toks: &[Tok]) -> Option<(String, usize)> {
    let word = |i: usize| match toks.get(i) {
        Some(Tok::Word(w)) if !keyword_word(w) => Some(w.as_str()),
        _ => None,
    };
    let sur = word(0)?;
    let given = word(1)?;
    let mut used = 2;
    let mut name = format!("{sur}, {given}");
    if let Some(init) = word(2)
        && is_initial(init)
    {
        name.push(' ');
        name.push_str(init);
        used = 3;
    }
    Some((full_person(name), used))
}

fn is_initial(w: &str) -> bool {
    let b = w.as_bytes();
    (b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.')
        || (b.len() == 1 && b[0].is_ascii_uppercase())
}

fn full_person(name: String) -> String {
    PERSON_FULL
        .iter()
        .find(|(k, _)| *k == name)
        .map_or(name, |(_, v)| (*v).to_owned())
}

/// Tags of a run of non-code words: persons (`ROOD JOHN`), known keyword
/// tags, joined keywords (`COUNTER TERRORISM`), and the rest as keyword
/// tags of several words.
fn keyword_run(words: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let flush = |pending: &mut Vec<&str>, out: &mut Vec<String>| {
        if !pending.is_empty() {
            out.push(pending.join(" "));
            pending.clear();
        }
    };
    let mut i = 0;
    while i < words.len() {
        // joined keyword: COUNTER TERRORISM
        if i + 1 < words.len() {
            let joined = format!("{}{}", words[i], words[i + 1]);
            if KEYWORD_WORDS.contains(&joined.as_str()) {
                flush(&mut pending, &mut out);
                out.push(joined);
                i += 2;
                continue;
            }
        }
        // person: SURNAME GIVEN
        if i + 1 < words.len()
            && GIVEN_NAMES.binary_search(&words[i + 1]).is_ok()
            && !keyword_word(words[i])
            && words[i]
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        {
            flush(&mut pending, &mut out);
            let mut name = format!("{}, {}", words[i], words[i + 1]);
            i += 2;
            if i < words.len() && is_initial(words[i]) {
                name.push(' ');
                name.push_str(words[i]);
                i += 1;
            }
            out.push(full_person(name));
            continue;
        }
        // known keyword tag, longest first
        let mut matched = 0;
        for p in KEYWORD_PHRASES {
            let pw: Vec<&str> = p.split(' ').collect();
            if pw.len() > matched && words.len() >= i + pw.len() && words[i..i + pw.len()] == pw[..]
            {
                matched = pw.len();
            }
        }
        if matched == 0 && KEYWORD_WORDS.contains(&words[i]) {
            matched = 1;
        }
        if matched > 0 {
            flush(&mut pending, &mut out);
            out.push(words[i..i + matched].join(" "));
            i += matched;
            continue;
        }
        pending.push(words[i]);
        i += 1;
    }
    flush(&mut pending, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_break_quick_reject_agrees_with_the_banner_search() {
        let mut lines: Vec<String> = [
            "",
            "PREL PGOV UNCLASSIFIED PAGE 02 STATE 123",
            "PREL CONFIDENTIAL  PAGE 03",
            "SECRET PAGE",
            "PAGE 2 PREL",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(300) {
            lines.extend(t.lines().map(str::to_uppercase));
        }
        for l in &lines {
            assert_eq!(cut_page_break(l), cut_at_banner(l), "{l:?}");
        }
    }

    #[test]
    fn tag_trim_quick_path_agrees_with_the_three_trims() {
        let mut tags: Vec<String> = [
            "",
            " ",
            ",",
            "PGOV",
            " PGOV",
            "PGOV,",
            ",PGOV;",
            "P",
            "\u{a0}PGOV\u{a0}",
            "PGOV\u{2003}",
            "(OVIP)",
            "KV ,",
            "HUMAN RIGHTS",
            "\u{e9}X\u{e9}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::testtext::corpus_texts(200) {
            tags.extend(t.split_whitespace().map(str::to_owned));
            tags.extend(t.split(',').map(str::to_owned).take(200));
        }
        let mut quick = 0;
        for t in &tags {
            let want = trim_tag_full(t);
            quick += usize::from(want.len() == t.len());
            assert_eq!(trim_tag(t), want, "{t:?}");
        }
        assert!(quick > 0);
    }

    /// The old [`is_code`]: every table searched for every tag.
    fn is_code_slow(tag: &str) -> bool {
        (tag.len() == 2 && tag.bytes().all(|b| b.is_ascii_uppercase()))
            || in_sorted(SUBJECT, tag)
            || in_sorted(PROGRAM, tag)
            || in_sorted(GEO, tag)
            || in_sorted(ORG, tag)
            || (tag.len() == 4
                && tag.starts_with('K')
                && tag.bytes().all(|b| b.is_ascii_uppercase()))
    }

    #[test]
    fn is_code_by_length_agrees_with_every_table_searched() {
        // the lengths the lookup by length relies on
        assert!(SUBJECT.iter().chain(PROGRAM).all(|c| c.len() == 4));
        assert!(GEO.iter().all(|c| c.len() == 2));
        let mut words: Vec<String> = [
            "",
            "K",
            "KV",
            "kv",
            "G8",
            "UN",
            "PGOV",
            "PGOv",
            "KXYZ",
            "KXY1",
            "kXYZ",
            "ZZZZ",
            "AADP",
            "TSPL",
            "AADO",
            "TSPM",
            "UNMIK",
            "UNMIKS",
            "\u{e9}\u{e9}",
            "PGO\u{e9}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in [SUBJECT, PROGRAM, GEO, ORG, GIVEN_NAMES] {
            for c in t {
                words.push((*c).to_owned());
                words.push(c.to_ascii_lowercase());
                // neighbours of every entry, in both directions
                let mut b = c.as_bytes().to_vec();
                if let Some(last) = b.last_mut() {
                    *last = last.wrapping_add(1);
                }
                words.push(String::from_utf8_lossy(&b).into_owned());
                if let Some(last) = b.last_mut() {
                    *last = last.wrapping_sub(2);
                }
                words.push(String::from_utf8_lossy(&b).into_owned());
            }
        }
        for t in crate::testtext::corpus_texts(200) {
            words.extend(t.split_whitespace().map(str::to_uppercase));
            words.extend(t.split_whitespace().map(str::to_owned));
        }
        let mut codes = 0;
        for w in &words {
            let want = is_code_slow(w);
            codes += usize::from(want);
            assert_eq!(is_code(w), want, "{w:?}");
        }
        assert!(codes > 0);
    }

    #[test]
    fn tables_are_sorted() {
        for t in [SUBJECT, PROGRAM, GEO, ORG, GIVEN_NAMES] {
            assert!(
                t.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                t.windows(2).find(|w| w[0] >= w[1])
            );
        }
        assert!(FIXES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn kinds() {
        assert_eq!(tag_kind("PGOV"), TagKind::Subject);
        assert_eq!(tag_kind("KCRM"), TagKind::Program);
        assert_eq!(tag_kind("KV"), TagKind::Geo);
        assert_eq!(tag_kind("UNMIK"), TagKind::Org);
        assert_eq!(tag_kind("CLINTON, HILLARY"), TagKind::Person);
        assert_eq!(tag_kind("HUMAN RIGHTS"), TagKind::Unknown);
    }

    #[test]
    fn seed_tags() {
        // 08PRISTINA128
        assert_eq!(
            split_tags("PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB KFRD, PREF"),
            [
                "PGOV", "KJUS", "KCRM", "EAID", "KDEM", "UNMIK", "KV", "PHUM", "ELAB", "KFRD",
                "PREF"
            ]
        );
    }

    #[test]
    fn canonicalisation() {
        assert_eq!(
            split_tags("ECON, PGOV, MOPPS, POGOV"),
            ["ECON", "PGOV", "MOPS"]
        );
        assert_eq!(split_tags("PREL VT VTPREL"), ["PREL", "VT"]);
        assert_eq!(
            split_tags("KCRM KWMN ASEC PHUMBA"),
            ["KCRM", "KWMN", "ASEC", "PHUM", "BA"]
        );
        assert_eq!(
            split_tags("ovip (steinberg, james b.), prel"),
            ["OVIP", "STEINBERG, JAMES B.", "PREL"]
        );
        assert_eq!(
            split_tags("OVIP RICE CONDOLEEZZA PREL"),
            ["OVIP", "RICE, CONDOLEEZZA", "PREL"]
        );
        assert_eq!(split_tags("PGOV SIPDIS"), ["PGOV"]);
        assert_eq!(
            split_tags("PREL, IT   SECRET   PAGE 02   ROME 03067"),
            ["PREL", "IT"]
        );
        assert_eq!(split_tags("PHUM HUMAN RIGHTS"), ["PHUM", "HUMAN RIGHTS"]);
        assert_eq!(split_tags("POLITICS"), ["POLITICS"]);
        assert_eq!(split_tags(""), Vec::<String>::new());
        assert_eq!(split_tags("((("), Vec::<String>::new());
    }
}
