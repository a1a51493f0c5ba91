//! The signature: the last non-empty line(s) of the text, surname(s) in upper
//! case (`KAIDANOW`, `CLINTON`, `DE PREE`, `STRAUSZ-HUPE`), possibly followed
//! by a classification banner, `NNNN`, `SIPDIS`, a page marker or a NARA
//! `Declassified/Released …` stamp; or glued at the end of the last sentence
//! (`END OF TEXT. BAKER`).

/// A signature found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureMatch {
    /// The surname(s) as written, trailing `.`/`##` removed.
    pub name: String,
    /// Start of the name.
    pub start: usize,
    /// End of the name.
    pub end: usize,
}

/// Words that end a text but are not signatures.
const NOT_NAMES: &[&str] = &[
    "END",
    "TEXT",
    "END TEXT",
    "UNQUOTE",
    "QUOTE",
    "REGARDS",
    "YYY",
    "BT",
    "NNNN",
    "SIPDIS",
    "NOFORN",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "STADIS",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
    "UNCLAS",
    "SENSITIVE",
    "LIMITED OFFICIAL USE",
    "COMMENT",
    "END COMMENT",
    "NOTE",
    "END NOTE",
    "XXXXXXXXXXXX",
    "THANKS",
    "THANK YOU",
    "TOP SECRET",
    "CONFIDENTIAL NOFORN",
    "SECRET NOFORN",
    "MINIMIZE",
    "CONSIDERED",
    "END FYI",
    "FYI",
    "GDS",
    "XGDS",
    "DECONTROL",
    "ENTIRE TEXT",
    "OADR",
    "SUMMARY",
];

/// A line to skip at the end of a text (banners, stamps, markers).
fn is_trailer(line: &str) -> bool {
    let t = line
        .trim()
        .trim_matches(['#', '.', '"', '>', '<', '*', '-', ' '])
        .trim();
    if t.is_empty() {
        return true;
    }
    // a publisher's excerpt cut off with `...`, a `2002ROME01725 - Classification: …` footer
    if line.trim_end().ends_with("...") || t.contains("- Classification:") || t.starts_with("http")
    {
        return true;
    }
    // PlusD trailers: `*** Current Classification ***   …`, `NMAFVVZCZ`
    let lt = line.trim_start();
    if lt.starts_with("***") || (t.contains("VZCZ") && !t.contains(' ')) {
        return true;
    }
    let up = t.to_ascii_uppercase();
    // end-of-message residue: `NN`, `NNN`, `NNNN`, `NNNNN` (§1.7 FL16)
    if up.len() >= 2 && up.bytes().all(|b| b == b'N') {
        return true;
    }
    if matches!(
        up.as_str(),
        "UNCLASSIFIED"
            | "CONFIDENTIAL"
            | "SECRET"
            | "LIMITED OFFICIAL USE"
            | "UNCLAS"
            | "NNNN"
            | "NNN"
            | "SIPDIS"
            | "BT"
            | "SENSITIVE"
            | "NOFORN"
            | "//END//"
            | "END"
    ) {
        return true;
    }
    // `"Visit Ankara's Classified Web Site at http://…"`, `End Cable Text`
    let visit = up.trim_start_matches(['"', '\u{201c}']);
    if (visit.starts_with("VISIT ") && visit.contains("CLASSIFIED WEB")) || up == "END CABLE TEXT" {
        return true;
    }
    up.starts_with("DECLASSIFIED/RELEASED")
        // a publisher's database query left at the end of a page (06LAPAZ3400)
        || up.starts_with("SELECT * FROM")
        || up.starts_with("REVIEW ")
        || up.starts_with("PAGE ")
        || up.starts_with("NOTE: NOT PASSED")
        || up.starts_with("NOTE BY OC/T")
        || up.contains(" OF 0")
            && up
                .split_whitespace()
                .any(|w| w.len() == 8 && w.starts_with("000"))
        || up.ends_with("- UNCLASSIFIED")
        || up.ends_with("- CONFIDENTIAL")
        || up.ends_with("- SECRET")
        || (up.starts_with('#') && up[1..].bytes().all(|c| c.is_ascii_digit()))
}

/// Is `s` a surname line: 1–3 upper-case words of letters, `-`, `'`?
fn name_like(s: &str) -> bool {
    // a fourth word is enough to say no: never split a long line further
    let words: Vec<&str> = s.split_whitespace().take(4).collect();
    if words.is_empty() || words.len() > 3 || NOT_NAMES.contains(&s) {
        return false;
    }
    words.iter().all(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().all(|c| c == 'X')
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c == '-' || c == '\'')
            && !NOT_NAMES.contains(w)
    })
}

/// A mixed-case surname alone on the last line (`Leach`, `LeBaron`), as in
/// cables re-typed by the publisher.
fn surname_like(s: &str) -> bool {
    // a second word is enough to say no: never split a long line further
    let words: Vec<&str> = s.split_whitespace().take(2).collect();
    words.len() == 1
        && s.len() >= 3
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
        && s.chars().skip(1).any(|c| c.is_ascii_lowercase())
        && !NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(s))
        && ![
            "comment",
            "thanks",
            "regards",
            "summary",
            "unquote",
            "end",
            "note",
            "protection",
            "background",
        ]
        .contains(&s.to_ascii_lowercase().as_str())
}

/// `NAME 2005-05-06` → `NAME`: a trailing ISO date (a publisher's stamp).
fn strip_iso_date(s: &str) -> &str {
    let Some((head, last)) = s.rsplit_once(' ') else {
        return s;
    };
    let b = last.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if iso { head.trim_end() } else { s }
}

/// A name glued after a post's classified web-site address on the last
/// line (`http://www.state.sgov.gov/p/eur/paris/index.c fm Stapleton`,
/// `…/london/index. cfm Tuttle`, `…/wiki/Portal:Unit ed_Kingdom LEBARON`,
/// `…/p/nea/amman Beecroft`): its offset in `line` and the name. An
/// upper-case surname is taken after any address; a mixed-case one only
/// where the word before it is visibly part of the address.
fn after_web_address(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_end().trim_end_matches(['.', '#']);
    // a post's SIPRNet site (`sgov.gov`, also split `s gov.gov`) or its notice
    if !(t.contains("sgov") || t.contains("s gov.gov") || t.contains("Classified Web")) {
        return None;
    }
    let (head, name) = t.rsplit_once(' ')?;
    let prev = head.trim_end().rsplit(' ').next().unwrap_or("");
    let url_word = prev.ends_with("fm")
        || prev.ends_with("htm")
        || prev.ends_with("html")
        || prev.contains(['/', '_']);
    let site = prev.contains("http") || prev.contains(".gov") || url_word;
    let ok = (name_like(name) && (site || t.contains("Classified Web")))
        || (surname_like(name) && url_word);
    ok.then(|| (t.len() - name.len(), name))
}

/// Whether the line starting at `line_start` stands apart from the text
/// before it: it is the first line, or follows a blank line or a line ending
/// a sentence (`.`, `!`, `?`, a closing quote or bracket, `:`, `;`) or an
/// `END …`/`UNQUOTE` closing. A surname-like word that merely continues a
/// wrapped sentence (`FEARS OF A` / `SPIKE`) is not a signature.
fn stands_apart(text: &str, line_start: usize) -> bool {
    let Some(before) = text.get(..line_start) else {
        return false;
    };
    let before = before.strip_suffix('\n').unwrap_or(before);
    let before = before.strip_suffix('\r').unwrap_or(before);
    let prev = before.rsplit('\n').next().unwrap_or("").trim();
    // a rule under a post's web-site notice (`****…`, `------`) closes too
    if prev
        .chars()
        .all(|c| matches!(c, '*' | '-' | '=' | '_' | '#' | ' '))
    {
        return true;
    }
    if prev.ends_with([
        '.', '!', '?', '"', '\'', ')', ']', ':', ';', '\u{201d}', '\u{2019}',
    ]) {
        return true;
    }
    let up = prev.to_ascii_uppercase();
    [
        "END COMMENT",
        "END TEXT",
        "UNQUOTE",
        "END SUMMARY",
        "END NOTE",
        "END QUOTE",
    ]
    .iter()
    .any(|e| up.ends_with(e))
}

/// Find the signature at the end of `text`.
///
/// ```
/// use cablekit_grammar::body::signature::find_signature;
/// let m = find_signature("in Sarajevo, Bosnia in November 12007.\n\nKAIDANOW").unwrap();
/// assert_eq!(m.name, "KAIDANOW");
/// ```
pub fn find_signature(text: &str) -> Option<SignatureMatch> {
    let mut end = text.len();
    let mut checked = 0;
    // an end-of-message line (`NNNN`, `BT`, `#0128`) was skipped: what comes
    // before it ends the message even when the text above was cut
    let mut after_eom = false;
    while end > 0 && checked < 40 {
        let line_start = text[..end]
            .trim_end_matches('\n')
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let line = &text[line_start..end];
        let next_end = line_start.saturating_sub(1);
        checked += 1;
        if let Some(m) = after_web_address(line) {
            return Some(SignatureMatch {
                name: m.1.to_owned(),
                start: line_start + m.0,
                end: line_start + m.0 + m.1.len(),
            });
        }
        if is_trailer(line) {
            let u = line.trim().to_ascii_uppercase();
            after_eom |= (u.len() >= 2 && u.bytes().all(|b| b == b'N'))
                || u == "BT"
                || (u.len() > 1
                    && u.starts_with('#')
                    && u[1..].bytes().all(|b| b.is_ascii_digit()));
            // a `Declassified/Released … EO Systematic` + `Review 30 JUN 2006` stamp is two lines
            end = next_end;
            if line_start == 0 {
                break;
            }
            continue;
        }
        // a publisher's date after the name: `DANILOVICH 2005-05-06`
        let trimmed = strip_iso_date(line.trim());
        let name = trimmed.trim_end_matches(['#', '.', ' ']);
        if (name_like(name) || surname_like(name)) && (after_eom || stands_apart(text, line_start))
        {
            let off = line.find(name).unwrap_or(0);
            return Some(SignatureMatch {
                name: name.to_owned(),
                start: line_start + off,
                end: line_start + off + name.len(),
            });
        }
        // glued at the end of the last sentence: `END OF TEXT. BAKER`
        // or in mixed case without a final stop (`… relationship. Edelman`)
        if let Some(p) = name.rfind(". ") {
            let cand = name[p + 2..].trim();
            let mixed = surname_like(cand) && !trimmed.ends_with('.');
            if (name_like(cand) || mixed) && !cand.contains(' ') {
                let off = line.rfind(cand).unwrap_or(0);
                return Some(SignatureMatch {
                    name: cand.to_owned(),
                    start: line_start + off,
                    end: line_start + off + cand.len(),
                });
            }
        }
        // glued to the last sentence without a space: `… beating us down."BROWN`
        let run = name
            .bytes()
            .rev()
            .take_while(|c| c.is_ascii_uppercase() || *c == b'-' || *c == b'\'')
            .count();
        if run >= 3 && run < name.len() {
            let cut = name.len() - run;
            let before = name.as_bytes()[cut - 1];
            let cand = &name[cut..];
            if matches!(before, b'"' | b'.' | b')' | b'\'') && name_like(cand) {
                let off = line.rfind(cand).unwrap_or(0);
                return Some(SignatureMatch {
                    name: cand.to_owned(),
                    start: line_start + off,
                    end: line_start + off + cand.len(),
                });
            }
        }
        // `YYY` / `GP-3` style filler lines before the name are skipped only
        // when they are short codes
        if trimmed.len() <= 5 && !trimmed.chars().any(char::is_lowercase) {
            end = next_end;
            if line_start == 0 {
                break;
            }
            continue;
        }
        return None;
    }
    None
}

/// The signer names of `text` (one element, or none).
pub fn parse_signers(text: &str) -> Vec<String> {
    find_signature(text)
        .map(|m| vec![m.name])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(t: &str) -> Option<String> {
        find_signature(t).map(|m| m.name)
    }

    #[test]
    fn with_trailers() {
        assert_eq!(
            sig("RECENT MONTHS.\n\nSULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US Department of State EO Systematic\nReview 30 JUN 2006\n").as_deref(),
            Some("SULLIVAN")
        );
        assert_eq!(
            sig("LIMITATIONS.\n\n\nLAINGEN\n\nCONFIDENTIAL\n").as_deref(),
            Some("LAINGEN")
        );
        assert_eq!(sig("TEXT.\n\nGILLESPIE##\n").as_deref(), Some("GILLESPIE"));
        assert_eq!(
            sig("REVOLUTION.\n\nMCNAMARA.\n").as_deref(),
            Some("MCNAMARA")
        );
        assert_eq!(
            sig("BANGLADESH.\n\n\nDE PREE\n").as_deref(),
            Some("DE PREE")
        );
    }

    #[test]
    fn glued_and_lowercase_text() {
        // 1973STATE097844 (PlusD page)
        assert_eq!(
            sig("WEDNESDAY WITH MINISTER FOREIGN AFFAIRS.    PORTER\n\nLIMITED OFFICIAL USE\n\nNMAFVVZCZ\n\n*** Current Handling Restrictions ***   n/a\n\n***  Current Classification ***   LIMITED OFFICIAL USE").as_deref(),
            Some("PORTER")
        );
        // 02ROME1725 (Cablegate page footer), 06MANAGUA1002 (truncated excerpt), 07KUWAIT808
        assert_eq!(
            sig("DISCUSSED\n\nSEMBLER\n\nCONFIDENTIAL\n\n>\n\n2002ROME01725 - Classification: CONFIDENTIAL\n\n\"").as_deref(),
            Some("SEMBLER")
        );
        assert_eq!(
            sig("l\n\nTRIVELLI\n\nDANIEL ORTEGA AN...").as_deref(),
            Some("TRIVELLI")
        );
        assert_eq!(
            sig("http://www.state.sgov.gov/p/nea/kuwait/\n***** *\n\nLeBaron").as_deref(),
            Some("LeBaron")
        );
        // 10CHENGDU30
        assert_eq!(
            sig("government beating us down.\"BROWN\n").as_deref(),
            Some("BROWN")
        );
        assert_eq!(
            sig("REPORT.  END OF TEXT. BAKER\n\n\nUNCLASSIFIED\n").as_deref(),
            Some("BAKER")
        );
        assert_eq!(
            sig("cash flows.\n(Drafted: PAS: Victoria Alvarado.)\nSHAPIRO\n\n\nNNNN\n\n      2004CARACA01540 - UNCLASSIFIED").as_deref(),
            Some("SHAPIRO")
        );
    }

    #[test]
    fn wrapped_sentence_is_not_a_signature() {
        // cablemap classified_by case 68 (00HARARE3759): the text stops
        // inside a wrapped sentence.
        assert_eq!(
            sig(" \n1.  (C)  SUMMARY:  ALTHOUGH WIDESPREAD FEARS OF A \nSPIKE"),
            None
        );
        // after a closing or a blank line it is one
        assert_eq!(
            sig("4. PLEASE REPORT RESULTS BY SEPTEMBER 5. END TEXT\nKISSINGER\n").as_deref(),
            Some("KISSINGER")
        );
        assert_eq!(sig("SPIKE").as_deref(), Some("SPIKE"));
        // 09KUWAIT110, 06MADRID2281 (Cablegate pages): after a rule
        assert_eq!(
            sig("http://www.intelink.sgov.gov/wiki/Portal:Kuwa it\n********************************************* *********\nJONES\n").as_deref(),
            Some("JONES")
        );
        assert_eq!(
            sig("Visit Embassy Madrid's Classified Website; http://www.state.sgov.gov/p/eur/madrid/\n------------------------------------------\nAGUIRRE\n").as_deref(),
            Some("AGUIRRE")
        );
    }

    #[test]
    fn mixed_case_surname_glued_to_the_last_sentence() {
        // 08CAIRO9, 07MOSCOW4599-style Cablegate pages
        assert_eq!(
            sig("¶13. (U) The delegation did not clear this message. Ricciardone\n").as_deref(),
            Some("Ricciardone")
        );
        assert_eq!(
            sig("NATO-Russia cooperation down the road. End Comment. Bradtke").as_deref(),
            Some("Bradtke")
        );
        // a one-word last sentence is not a name
        assert_eq!(sig("We will follow up. Agreed."), None);
        assert_eq!(sig("as we reported. Comment"), None);
    }

    #[test]
    fn after_the_web_site_address() {
        // 05PARIS7527, 07LONDON3175, 06LAPAZ3400 (Cablegate pages)
        assert_eq!(
            sig("Please visit Paris' Classified Website at:\nhttp://www.state.sgov.gov/p/eur/paris/index.c fm Stapleton\n").as_deref(),
            Some("Stapleton")
        );
        assert_eq!(
            sig("Visit London's Classified Website:\nhttp://www.state.sgov.gov/p/eur/london/index. cfm TUTTLE").as_deref(),
            Some("TUTTLE")
        );
        assert_eq!(
            sig(
                "Visit London's Classified Website:\nhttp://www.state.sgov.gov/p/eur/london/index. cfm tuttle"
            ),
            None
        );
        assert_eq!(
            sig("GOLDBERG\nSELECT * FROM `cable` WHERE `id` = '90016' ORDER BY `date` ASC\n")
                .as_deref(),
            Some("GOLDBERG")
        );
        assert_eq!(sig("see http://www.example.gov/x Details"), None);
    }

    #[test]
    fn stamps_notices_and_end_of_message() {
        // 05BRASILIA1207, 08BRASILIA43 (Cablegate pages): a date stamp after the name
        assert_eq!(
            sig("bodes well for U.S. interests. DANILOVICH 2005-05-06\n").as_deref(),
            Some("DANILOVICH")
        );
        assert_eq!(
            sig("level. End Comment.\nSOBEL 2008-01-08\n").as_deref(),
            Some("SOBEL")
        );
        // 09ANKARA1472: the web-site notice after the name
        assert_eq!(
            sig("JEFFREY\n\"Visit Ankara's Classified Web Site at http://www.intelink.s gov.gov/wiki/Portal:Turkey\"\n").as_deref(),
            Some("JEFFREY")
        );
        // 08LONDON1176, 09AMMAN813: the name after the notice
        assert_eq!(
            sig("l issue. Visit London\u{2019}s Classified Website: http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom TUTTLE").as_deref(),
            Some("TUTTLE")
        );
        assert_eq!(
            sig("End Comment.\nVisit Amman's Classified Website at http://www.state.sgov.gov/p/nea/amman Beecroft").as_deref(),
            Some("Beecroft")
        );
        assert_eq!(
            sig("Visit our Classified Website at http://www.state.sgov.gov/p Portal: Turkey"),
            None
        );
        // 08ISLAMABAD3716: the text above was cut, NNNN ends the message
        assert_eq!(
            sig("to re-focus on its eastern border\nFEIERSTEIN\nNNNN\nEnd Cable Text\n").as_deref(),
            Some("FEIERSTEIN")
        );
        assert_eq!(sig("FEARS OF A \nSPIKE\n"), None);
    }

    #[test]
    fn end_of_message_residue_is_not_a_signature() {
        // corpus/damaged/75STATE201452.txt, corpus/plusd/1974DUBLIN01188_b.html
        assert_eq!(
            sig("4. PLEASE REPORT RESULTS BY SEPTEMBER 5. KISSINGER\n\nLIMITED OFFICIAL USE\n\nNNN\n").as_deref(),
            Some("KISSINGER")
        );
        assert_eq!(
            sig("MOVE. END COMMENT.\n\nMOORCROFT\n\nLIMITED OFFICIAL USE\n\nNNN\n").as_deref(),
            Some("MOORCROFT")
        );
        assert_eq!(sig("END COMMENT.\n\nBT\n#0128\n\nNNNN\n"), None);
        assert_eq!(sig("END COMMENT.\n\nNN\n"), None);
        assert_eq!(
            sig("MOVE.\n\nMOORCROFT\nBT\n#1188\nNNNNN\n").as_deref(),
            Some("MOORCROFT")
        );
    }

    #[test]
    fn none_when_text_ends_in_prose() {
        assert_eq!(
            sig("The regime is focused on profit, not revenue or costs."),
            None
        );
        assert_eq!(sig(""), None);
    }
}
