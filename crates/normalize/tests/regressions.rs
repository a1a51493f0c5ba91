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

fn repo_file(rel: &str) -> Option<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    match std::fs::read_to_string(&p) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("notice: {} is absent; skipping", p.display());
            None
        }
    }
}

/// corpus/damaged/08TIRANA411.txt: `Charg$\acute{e}$` is `Chargé`.
#[test]
fn latex_accent_gives_the_accented_letter() {
    assert_eq!(
        clean("The Charg$\\acute{e}$ d'Affaires met Dervishi-Koci on April 11.\n"),
        "The Chargé d'Affaires met Dervishi-Koci on April 11.\n"
    );
    let Some(t) = repo_file("corpus/damaged/08TIRANA411.txt") else {
        return;
    };
    let c = clean(&t);
    assert!(c.contains("The Chargé d'Affaires met"), "{c}");
    assert!(!c.contains('$'));
}

/// corpus/damaged/07TBILISI674.txt: 9 apostrophes (one in `PRESIDENTQS`)
/// and 3 dashes, justified by the repeated `[a-z]Qs`.
#[test]
fn upper_case_q_apostrophe_in_a_q_cable() {
    let Some(t) = repo_file("corpus/damaged/07TBILISI674.txt") else {
        return;
    };
    let n = normalize(&t, &Options::default());
    let q: Vec<_> = n
        .edits
        .iter()
        .filter(|e| e.rule == "smart-punctuation")
        .collect();
    assert_eq!(q.iter().filter(|e| e.after == "'").count(), 9, "{q:?}");
    assert_eq!(q.iter().filter(|e| e.after != "'").count(), 3, "{q:?}");
    assert!(
        n.text
            .contains("SUBJECT: GEORGIA: PRESIDENT'S TOWN HALL TOUR OF THE REGIONS\n")
    );
    assert!(n.text.contains("Qatari") && n.text.contains("Iraq"));
}

/// 09ANKARA1594 / 10DAMASCUS8 (JSON exports): envelope lines glued without
/// any separator get their line ends back; the subject glued to the last tag
/// starts its own line.
#[test]
fn glued_envelope_lines_are_split() {
    let input = "VZCZCXRO9785OO RUEHDADE RUEHAK #1594/01 3091153ZNR UUUUU ZZHO 051153Z NOV 09FM AMEMBASSY ANKARATO RUEHC/SECSTATE WASHDC IMMEDIATE 1151RUEKJCS/CJCS WASHDC IMMEDIATERUEKJCS/OSD WASHDC//PARUEUITH/ODC ANKARA TUINFO RUEHTH/AMEMBASSY ATHENS 0121RUEHNO/USMISSION USNATO 7530RUEUITH/DET 1 39LG ANKARA TURHMFIUU/39OS INCIRLIK AB TU\n\nUNCLAS SECTION 01 OF 04 ANKARA 001594  SIPDIS  DEPARTMENT FOR INR/R/MR, EUR/SE, EUR/PD, NEA/PD, DRL JCS PASS J-5/CDR S. WRIGHT  E.O. 12958: N/A TAGS: OPRC KMDR TU PREL KPAOSUBJECT: TURKISH MEDIA REACTION WEDNESDAY, NOVEMBER 4, 2009  Media Highlights:  Clinton's Global Partnerships; Commentary on Turkey-US-Iraq Relations; New Case Against Incirlik Base Extensions; Sabah on USNATO Tour to Afghanistan;  Another 'One Minute' Crisis in Rize; Erdogan Makes TGS Demands; Erdogan on Turkey's Foreign Policy;  Erdogan Rejects Swine Flu; New Turkish University for Kabul;  Clinton's Global Partnerships to Strengthen Muslim Ties Turkish media outlets were lukewarm in initial reporting on Secretary Clinton's new initiative to boost development around the Muslim world.\n";
    let t = clean(input);
    let lines: Vec<&str> = t.lines().collect();
    for want in [
        "VZCZCXRO9785",
        "OO RUEHDA",
        "DE RUEHAK #1594/01 3091153",
        "ZNR UUUUU ZZH",
        "O 051153Z NOV 09",
        "FM AMEMBASSY ANKARA",
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 1151",
        "RUEKJCS/CJCS WASHDC IMMEDIATE",
        "RUEKJCS/OSD WASHDC//PA",
        "RUEUITH/ODC ANKARA TU",
        "INFO RUEHTH/AMEMBASSY ATHENS 0121",
        "RUEHNO/USMISSION USNATO 7530",
        "RUEUITH/DET 1 39LG ANKARA TU",
        "RHMFIUU/39OS INCIRLIK AB TU",
        "UNCLAS SECTION 01 OF 04 ANKARA 001594",
        "TAGS: OPRC KMDR TU PREL KPAO",
        "SUBJECT: TURKISH MEDIA REACTION WEDNESDAY, NOVEMBER 4, 2009",
    ] {
        assert!(lines.contains(&want), "{want:?} not a line of {t}");
    }
    // an envelope with its line ends is left alone
    let ok = "VZCZCXRO9785\nOO RUEHDA\nDE RUEHAK #1594/01 3091153\nZNR UUUUU ZZH\nO 051153Z NOV 09\nFM AMEMBASSY ANKARA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 1151\n";
    assert!(normalize(ok, &Options::default()).edits.is_empty());
}

/// corpus/damaged/09DAKAR1190.txt: the whole cable on one line.
#[test]
fn one_line_cable_gets_its_lines_back() {
    let Some(t) = repo_file("corpus/damaged/09DAKAR1190.txt") else {
        return;
    };
    let c = clean(&t);
    let lines: Vec<&str> = c.lines().collect();
    for want in [
        "R 081612Z SEP 09",
        "UNCLAS SECTION 01 OF 02 DAKAR 001190",
        "TAGS: EAGR ECON SENV PGOV SG",
        "FERNANDEZ-MBAYE",
    ] {
        assert!(lines.contains(&want), "{want:?} not a line of {c}");
    }
    assert!(!c.contains("DAKAR 00001190"));
}

/// 07BERN881 (Cablegate dump row): the site's `¶` anchors before lettered
/// references are dropped, and the references stay in the REF block.
#[test]
fn lettered_references_stay_in_the_ref_block() {
    let input = "SUBJECT: FM CALMY-REY \"TAKES NOTE\" OF USG CONCERNS \\&#x000A;REGARDING IRAN/IAEA AND IRAN/EGL \\&#x000A; \\&#x000A;REF: A. STATE 124823 \\&#x000A; \\&#x000A;     <a id='parB' href='#parB'>¶</a>B. GUHA-CARTER E-MAIL (07SEP07) \\&#x000A;     <a id='parC' href='#parC'>¶</a>C. BERN 860 \\&#x000A;     <a id='parD' href='#parD'>¶</a>D. STATE 123352 \\&#x000A; \\&#x000A;Classified By: Charg d'Affaires a.i. Leigh Carter; reasons 1.4(b) and ( \\&#x000A;d). \\&#x000A; \\&#x000A;<a id='par1' href='#par1'>¶</a>1. (S) Per instructions in reftel A, CDA met FM Calmy-Rey.\\&#x000A;";
    let t = clean(input);
    assert!(
        t.contains("REF: A. STATE 124823\n     B. GUHA-CARTER E-MAIL (07SEP07)\n     C. BERN 860\n     D. STATE 123352\n\nClassified By: Charg d'Affaires a.i. Leigh Carter; reasons 1.4(b) and ( d).\n\n¶1. (S) Per"),
        "{t}"
    );
}

/// Hard-wrapped lines that start like a bullet but go on with the sentence
/// (lines of the damage benchmark's cables, 10MOSCOW317).
#[test]
fn bullet_looking_continuations_are_joined() {
    let t = clean(
        "¶4. (SBU) Manley said the statement (see Para\n2) had been cleared by \"State and (GPRO).\" There are no plans.\n",
    );
    assert!(t.contains("(see Para 2) had been cleared"), "{t}");
    let t = clean(
        "¶5. (C) His long relationship with the business community\n-- the big and legitimate as well as the marginal and corrupt\n-- has enabled him to call for support when he needs it.\n",
    );
    assert!(
        t.contains("business community -- the big and legitimate as well as the marginal and corrupt -- has enabled him"),
        "{t}"
    );
    // a drafter's bullets after a colon keep their lines
    let t = clean(
        "¶6. (C) The minister listed three priorities for the coming year:\n-- the budget;\n-- the courts;\n-- the police.\n",
    );
    assert!(
        t.contains("year:\n\n-- the budget;\n\n-- the courts;"),
        "{t}"
    );
}

/// A Classified By line without reasons is not joined to a body paragraph
/// that merely mentions reasons.
#[test]
fn classified_by_does_not_swallow_a_paragraph() {
    let t = clean(
        "SUBJECT: TALKS\n\nClassified By: Ambassador Margaret Scobey\n\nSummary: The minister gave no reason for the delay and asked the Embassy to wait until the cabinet had met again next week.\n",
    );
    assert!(t.contains("Scobey\n\nSummary: The minister"), "{t}");
}

/// peer cablemap subject case 50: an acronym before a colon on the wrapped
/// line of a SUBJECT (`SPP: INFORMATION SHARING`) continues the subject; only
/// a known field label, possibly damaged (`UBJECT:`), starts a line of its own.
#[test]
fn subject_continuation_starting_with_an_acronym_and_colon() {
    let t = clean(
        "E.O. 12958: N/A \nTAGS: ECON ETRD PGOV CA MX SIPDIS\nSUBJECT: TRILATERAL REGULATORY COOPERATION MEETING UNDER \nSPP: INFORMATION SHARING \n",
    );
    assert!(
        t.contains(
            "SUBJECT: TRILATERAL REGULATORY COOPERATION MEETING UNDER SPP: INFORMATION SHARING"
        ),
        "{t:?}"
    );
    let t = clean("SUBJECT: MEETING WITH THE\nUBJECT: MINISTER\n");
    assert!(!t.contains("THE UBJECT"), "{t:?}");
}
