//! Readable title case for subjects, keeping acronyms.
//!
//! `HMG STRESSES U.S.-UK COORDINATION ON AFGHANISTAN STRATEGY` →
//! `HMG Stresses U.S.-UK Coordination on Afghanistan Strategy`.
//!
//! Rules: a subject that already mixes upper and lower case is kept as
//! written (the drafter chose its case). Otherwise every word is capitalised,
//! except short function words (`of`, `the`, `and`, …) that do not start the
//! subject or a phrase (after `:`, `?`, `!`, `--`, ` - `, `(` or a quote);
//! acronyms stay upper case: words without vowels (`GPC`, `FDP`, `MTCR`),
//! dotted abbreviations (`U.S.`), Roman numerals (`III`), redactions
//! (`XXXXXXXXXXXX`), single letters other than `A`, and a table of common
//! acronyms that have vowels (`UK`, `NATO`, `MONUC`, …). Hyphenated and
//! slashed parts are cased one by one (`Socio-Economic`, `SLA/U`), and
//! `'s`, `'ll`, `'ve` stay lower case (`Germany's`, `We've`, `ROK's`).
//!
//! OWNER: conformance helper (F).

/// Acronyms that contain vowels (so the no-vowel rule does not catch them),
/// sorted. Public abbreviations common in cable subjects.
static ACRONYMS: &[&str] = &[
    "ACOTA", "AFRICOM", "AIDS", "AKP", "AMIS", "AMISOM", "ANC", "APEC", "ASEAN", "AU", "AUC",
    "BOI", "CAFTA", "CARICOM", "CENTCOM", "CEO", "CFIUS", "CIA", "CITES", "CODEL", "COE", "CSTO",
    "CTBTO", "DEA", "DHS", "DOD", "DOE", "DOJ", "DPRK", "DROC", "EAC", "EBRD", "ECOWAS", "EFTA",
    "EIB", "ELN", "ETA", "EU", "EUCOM", "EUFOR", "EULEX", "EXIM", "FAO", "FARC", "FATF", "FBI",
    "FMLN", "FTA", "FTAA", "GAERC", "GAO", "GATT", "GOB", "GOE", "GOI", "GOJ", "GOK", "GOL", "GOP",
    "GOU", "GOY", "GSP", "HIV", "IAEA", "ICAO", "ICC", "ICRC", "ICTR", "ICTY", "IDB", "IDF", "IDP",
    "IDPS", "IED", "IEDS", "IFI", "IFIS", "IGAD", "ILO", "IMF", "IMO", "INR", "IOM", "IPR", "IRGC",
    "ISAF", "ISI", "JEM", "KFOR", "LNG", "LRA", "LTTE", "MDC", "MERCOSUR", "MFA", "MINUSTAH",
    "MOI", "MONUC", "NAFTA", "NASA", "NATO", "NEA", "NGO", "NGOS", "NIACT", "NPT", "OAS", "OAU",
    "OECD", "OEF", "OHCHR", "OIC", "OIF", "OPEC", "OSCE", "PDVSA", "PEPFAR", "PKK", "PLO", "PNAC",
    "PRC", "PRD", "PRI", "PRT", "PRTS", "PSI", "ROK", "SACU", "SADC", "SCO", "SECDEF", "SFOR",
    "SLA", "SLM", "SOUTHCOM", "SPLA", "SPLM", "SRSG", "UAE", "UK", "UN", "UNAMA", "UNAMI",
    "UNAMID", "UNDOF", "UNDP", "UNESCO", "UNFICYP", "UNGA", "UNHCR", "UNHRC", "UNICEF", "UNIFIL",
    "UNITA", "UNMIK", "UNMIL", "UNMIS", "UNODC", "UNSC", "UNSCR", "UNSG", "UNTSO", "US", "USA",
    "USAID", "USDA", "USEU", "USG", "USNATO", "USTR", "USUN", "VARIG", "WEOG", "WFP", "WIPO",
    "WMD", "WTO", "ZANU",
];

/// Function words written in lower case inside a title.
static SMALL_WORDS: &[&str] = &[
    "A", "AN", "AND", "AS", "AT", "BUT", "BY", "FOR", "IN", "NOR", "OF", "ON", "OR", "PER", "THE",
    "TO", "VIA", "VS",
];

/// Titles and abbreviations without vowels that are words, not acronyms.
static VOWELLESS_WORDS: &[&str] = &["DR", "JR", "MR", "MRS", "MS", "SR", "ST"];

/// Title-case an upper-case subject line, keeping acronyms upper case.
pub fn titlefy(subject: &str) -> String {
    let s = subject.trim();
    let has_upper = s.chars().any(char::is_uppercase);
    let has_lower = s.chars().any(char::is_lowercase);
    if has_upper && has_lower {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut phrase_start = true;
    let mut rest = s;
    while !rest.is_empty() {
        let sep_len = rest
            .char_indices()
            .find(|&(_, c)| !is_separator(c))
            .map_or(rest.len(), |(i, _)| i);
        if sep_len > 0 {
            let sep = &rest[..sep_len];
            out.push_str(sep);
            if sep.contains([':', '?', '!', '(', '"', '“'])
                || sep.contains("--")
                || sep.contains(" - ")
            {
                phrase_start = true;
            }
            rest = &rest[sep_len..];
            continue;
        }
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| is_separator(c))
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..word_len];
        out.push_str(&case_word(word, phrase_start));
        phrase_start = false;
        rest = &rest[word_len..];
    }
    out
}

/// Readable case for a personal name written in capitals (`THOMAS W.
/// SIMONS, JR.` → `Thomas W. Simons, Jr.`, `TOM MCDONALD` → `Tom McDonald`,
/// `O'BRIEN` → `O'Brien`). Names already in mixed case are kept as written.
pub fn name_case(name: &str) -> String {
    let s = name.trim();
    if s.chars().any(char::is_lowercase) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let roman = word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
        if roman && letters >= 2 {
            out.push_str(word);
        } else if let Some(rest) = word.strip_prefix("MC").filter(|r| r.len() >= 2) {
            out.push_str("Mc");
            out.push_str(&capitalize(rest));
        } else {
            out.push_str(&capitalize(word));
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '/' | ':' | '(' | ')' | '"' | '?' | '!' | ',' | ';' | '[' | ']' | '“' | '”'
        )
}

/// Case one word (no separators inside), possibly with an apostrophe.
fn case_word(word: &str, phrase_start: bool) -> String {
    let (base, suffix) = match word.find(['\'', '’']) {
        Some(i) => word.split_at(i),
        None => (word, ""),
    };
    let mut out = case_base(base, phrase_start);
    if !suffix.is_empty() {
        let mut chars = suffix.chars();
        let apostrophe = chars.next().unwrap_or('\'');
        let after: String = chars.collect();
        out.push(apostrophe);
        let upper = after.to_uppercase();
        if matches!(
            upper.as_str(),
            "S" | "LL" | "VE" | "RE" | "D" | "T" | "M" | ""
        ) {
            out.push_str(&after.to_lowercase());
        } else {
            out.push_str(&capitalize(&after));
        }
    }
    out
}

fn case_base(base: &str, phrase_start: bool) -> String {
    let upper = base.to_uppercase();
    if base.is_empty() || base.chars().any(|c| c.is_ascii_digit()) {
        return upper;
    }
    if is_acronym(&upper) {
        return upper;
    }
    if !phrase_start && SMALL_WORDS.contains(&upper.as_str()) {
        return base.to_lowercase();
    }
    capitalize(base)
}

fn is_acronym(upper: &str) -> bool {
    let letters: Vec<char> = upper.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return false;
    }
    if letters.len() == 1 {
        // single letters stay upper case, except the article
        return letters[0] != 'A';
    }
    // dotted abbreviation: U.S., U.K.
    let bytes = upper.as_bytes();
    if bytes
        .windows(3)
        .any(|w| w[0].is_ascii_alphabetic() && w[1] == b'.' && w[2].is_ascii_alphabetic())
    {
        return true;
    }
    let core = upper.trim_end_matches('.');
    if ACRONYMS.binary_search(&core).is_ok() {
        return true;
    }
    if VOWELLESS_WORDS.contains(&core) {
        return false;
    }
    if letters.iter().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return true;
    }
    !letters
        .iter()
        .any(|c| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U' | 'Y') || !c.is_ascii())
}

/// First letter upper case, the rest lower case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_table_is_sorted() {
        assert!(ACRONYMS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn titles() {
        // 08REYKJAVIK-style subjects; expected values by the rules above.
        assert_eq!(
            titlefy("ICELAND: NATO AIR POLICING AND THE U.S.-ICELAND SECURITY DIALOGUE"),
            "Iceland: NATO Air Policing and the U.S.-Iceland Security Dialogue"
        );
        assert_eq!(
            titlefy("KOSOVO'S NEW GOVERNMENT"),
            "Kosovo's New Government"
        );
        assert_eq!(
            titlefy("Scenesetter for DoD Visit"),
            "Scenesetter for DoD Visit"
        );
        assert_eq!(titlefy("TITLE III OF THE ACT"), "Title III of the Act");
        assert_eq!(titlefy(""), "");
        assert_eq!(titlefy("  ÜBER ALLES "), "Über Alles");
    }

    #[test]
    fn names() {
        assert_eq!(name_case("THOMAS W. SIMONS, JR."), "Thomas W. Simons, Jr.");
        assert_eq!(name_case("TOM MCDONALD"), "Tom McDonald");
        assert_eq!(name_case("JOHN O'BRIEN III"), "John O'Brien III");
        assert_eq!(name_case("Marc Wall"), "Marc Wall");
        assert_eq!(name_case(""), "");
    }
}
