//! Regression tests for bugs the other helpers reported, each built from the
//! real lines that showed it.

use cablekit_normalize::{Options, normalize};

fn clean(s: &str) -> String {
    let n = normalize(s, &Options::default());
    // every regression input stays traceable and idempotent
    assert_eq!(cablekit_record::apply_edits(s, &n.edits), n.text);
    let again = normalize(&n.text, &Options::default());
    assert_eq!(again.text, n.text, "not idempotent on {s:?}");
    n.text
}

/// peer cablemap tags cases 2, 7, 16: the line after a TAGS line is not a
/// tag unless it is made of tag codes or the TAGS line ends with a comma.
#[test]
fn tags_line_does_not_swallow_the_next_line() {
    for input in [
        "TAGS: something\nhere",
        "TAGS something\nhere",
        "tAgs: something\nhere",
    ] {
        let t = clean(input);
        let first = t.lines().next().unwrap_or("");
        assert!(!first.contains("here"), "{input:?} -> {t:?}");
        assert!(t.contains("here"), "{input:?} -> {t:?}");
    }
    // the seed's wrapped TAGS line (08PRISTINA128) still joins
    let t =
        clean("TAGS: PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB\n\nKFRD, PREF\n\nSUBJECT: X\n");
    assert!(t.starts_with("TAGS: PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB KFRD, PREF\n"));
    // a TAGS line ending with a comma goes on
    let t = clean("TAGS: PGOV, PREL,\nKjus\n");
    assert!(t.starts_with("TAGS: PGOV, PREL, Kjus"), "{t:?}");
    // a damaged field label is never joined to the line before
    let t = clean("TAGS: PGOV PREL\nUBJECT: MEETING WITH THE MINISTER\n");
    assert!(!t.contains("PREL UBJECT"), "{t:?}");
}

/// 07BERN881 (Cablegate dump row): ` \&#x000A;` is one line end, so the
/// subject's second line continues it.
#[test]
fn escaped_encoded_newline_is_one_line_end() {
    let input = "E.O. 12958: DECL: 09/10/2027 \\&#x000A;TAGS: MNUC KNNP ETTC IR SZ \\&#x000A;SUBJECT: FM CALMY-REY \"TAKES NOTE\" OF USG CONCERNS \\&#x000A;REGARDING IRAN/IAEA AND IRAN/EGL \\&#x000A; \\&#x000A;REF: A. STATE 124823 \\&#x000A;";
    let t = clean(input);
    assert!(
        t.contains("SUBJECT: FM CALMY-REY \"TAKES NOTE\" OF USG CONCERNS REGARDING IRAN/IAEA AND IRAN/EGL\n\nREF: A. STATE 124823"),
        "{t:?}"
    );
    assert!(!t.contains('\\'), "{t:?}");
}

/// A Classified By line wrapped inside the name, even across a blank line.
#[test]
fn classified_by_name_is_joined() {
    for input in [
        "SUBJECT: TALKS\n\nClassified By: DCM Margaret \n H. Nardi, reasons 1.4 (b) and (d).\n\n1. (C) Summary: text.\n",
        "SUBJECT: TALKS\n\nClassified By: DCM Margaret\n\nH. Nardi, reasons 1.4 (b) and (d).\n\n1. (C) Summary: text.\n",
    ] {
        let t = clean(input);
        assert!(
            t.contains("Classified By: DCM Margaret H. Nardi, reasons 1.4 (b) and (d).\n"),
            "{t:?}"
        );
    }
    // a finished Classified By line stays apart from what follows
    let t = clean(
        "SUBJECT: TALKS\n\nClassified By: Ambassador Margaret Scobey per 1.4 (b) and (d).\n\nReasons 1.4 matter here, he said.\n",
    );
    assert!(t.contains("(d).\n\nReasons"), "{t:?}");
}

/// 07BERN881: an attention line wrapped before a parenthesized name.
#[test]
fn attention_line_wrapped_before_a_name() {
    let t = clean(
        "S E C R E T SECTION 01 OF 02 BERN 000881\n\nSIPDIS\n\nDEPT FOR P (SGUHA), E, ISN/RA (KKESSLER), IO/T\n(HVONBEHREN), AND EUR/AGS (YSAINT-ANDRE)\n\nE.O. 12958: DECL: 09/10/2027\n",
    );
    assert!(
        t.contains("IO/T (HVONBEHREN), AND EUR/AGS (YSAINT-ANDRE)\n\nE.O."),
        "{t:?}"
    );
}

/// 00HARARE5461: the repeated envelope of section 2 inside a paragraph.
#[test]
fn repeated_envelope_not_joined_into_a_paragraph() {
    let input = "5. (C) HE INSISTED THAT HE HAD NO POLITICAL AFFILIATION, AND THEREFORE HAS A CERTAIN CREDIBILITY WITH BOTH MAJOR\n CONFIDENTIAL\n CONFIDENTIAL PTQ2532\nACTION AF-00\nINFO LOG-00 NP-00 ACQ-00 CIAE-00 DINT-00 DODE-00 SRPP-00  DS-00 EUR-00 NFAT-00 SAS-00 /006W  ------------------8A8E22 271459Z /38 O 271459Z SEP 00 FM AMEMBASSY HARARE TO SECSTATE WASHDC IMMEDIATE 7213\nC O N F I D E N T I A L SECTION 02 OF 02 HARARE 005461\nSIPDIS\nXXXXXXXXXXXX\nE.O. 12958: DECL: 09/21/10 TAGS: PGOV PINS ZI MDC ZANU PF\nPOLITICAL PARTIES. THE CHALLENGE IS CONVINCING ZANU-PF AND THE MDC TO SIT IN A ROOM TOGETHER.\n";
    let t = clean(input);
    for line in [
        "ACTION AF-00",
        "C O N F I D E N T I A L SECTION 02 OF 02 HARARE 005461",
        "SIPDIS",
        "XXXXXXXXXXXX",
        "E.O. 12958: DECL: 09/21/10 TAGS: PGOV PINS ZI MDC ZANU PF",
    ] {
        assert!(t.lines().any(|l| l == line), "{line:?} not a line of {t:?}");
    }
    assert!(
        t.lines()
            .any(|l| l.starts_with("INFO LOG-00") && l.ends_with("IMMEDIATE 7213")),
        "{t:?}"
    );
    assert!(!t.contains("MAJOR CONFIDENTIAL"), "{t:?}");
    // sequence line and FM line on their own lines (02VATICAN3692 layout)
    let t = clean(
        "HE ASSERTED.\n\n------------------D08EDC 261100Z /38\nR 261054Z JUL 02\nFM AMEMBASSY VATICAN\nTO SECSTATE WASHDC\nC O N F I D E N T I A L SECTION 02 OF 02 VATICAN 003692\nSIPDIS\nDEPT FOR EUR/WE (MENUTTI); DRL/IRF (FARR)\n",
    );
    for line in [
        "FM AMEMBASSY VATICAN",
        "TO SECSTATE WASHDC",
        "SIPDIS",
        "DEPT FOR EUR/WE (MENUTTI); DRL/IRF (FARR)",
    ] {
        assert!(t.lines().any(|l| l == line), "{line:?} not a line of {t:?}");
    }
}
