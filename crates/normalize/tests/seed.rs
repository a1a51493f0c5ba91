//! Acceptance on the seed cable 08PRISTINA128 (the repository copy).

mod common;

use cablekit_normalize::{Options, normalize};
use cablekit_record::apply_edits;

fn seed() -> String {
    std::fs::read_to_string(common::root().join("corpus/08PRISTINA128.txt")).unwrap()
}

fn count(n: &cablekit_normalize::Normalized, rule: &str) -> usize {
    n.edits.iter().filter(|e| e.rule == rule).count()
}

#[test]
fn seed_heads_run_1_to_47() {
    let input = seed();
    let n = normalize(&input, &Options::default());
    let heads: Vec<u32> = n
        .text
        .lines()
        .filter_map(|l| l.strip_prefix('¶'))
        .filter_map(|l| l.split('.').next()?.parse().ok())
        .collect();
    assert_eq!(heads, (1..=47).collect::<Vec<u32>>());
    // a true paragraph reference stays
    assert!(n.text.contains("(see paragraph 16)"));
}

#[test]
fn seed_edit_counts() {
    let input = seed();
    let n = normalize(&input, &Options::default());
    assert_eq!(count(&n, "comma-apostrophe"), 9);
    assert_eq!(count(&n, "year-prefix"), 3);
    assert_eq!(count(&n, "section-marker"), 8);
    assert_eq!(n.section_markers.len(), 8);
    let parts: Vec<u32> = n.section_markers.iter().filter_map(|m| m.part).collect();
    assert_eq!(parts, [1, 2, 3, 4, 5, 6, 7, 9]);
    for m in &n.section_markers {
        assert_eq!(m.post.as_deref(), Some("PRISTINA"));
        assert_eq!((m.serial, m.suffix, m.of), (Some(128), Some(2), Some(9)));
        assert!(input[m.start..m.end].starts_with("PRISTINA 00000128 0"));
    }
    assert!(!n.text.contains("00000128"));
    assert!(n.text.contains("June 2008."));
    assert!(n.text.contains("early-February 2008."));
    assert!(n.text.contains("November 2007."));
    assert!(n.text.contains("Kosovo's counter-trafficking efforts"));
    assert!(n.text.contains("Two of Kosovo's main"));
}

#[test]
fn seed_sentences_rejoined() {
    let n = normalize(&seed(), &Options::default());
    let t = &n.text;
    // marker inside a sentence
    assert!(t.contains("national training organizations also provide"));
    // page 8 lost its marker: still rejoined
    assert!(t.contains("and five to 20 years if the perpetrator"));
    assert!(t.contains("investigative and trial phases."));
    // blank-line splits of the conversion
    assert!(t.contains("trafficked for the purpose of sexual exploitation."));
    assert!(t.contains("between the ages of 18 and 24"));
    assert!(t.contains("The Kosovo Judicial Institute"));
    assert!(t.contains("national anti-trafficking coordinator"));
    // joined addressees split
    assert!(t.contains("PRIORITY 4945\nRUEHTI/AMEMBASSY TIRANA PRIORITY 6370\n"));
    // wrapped TAGS joined
    assert!(t.contains("TAGS: PGOV KJUS KCRM EAID KDEM UNMIK KV PHUM ELAB KFRD, PREF\n"));
    assert!(!t.contains('$'));
    assert!(!t.lines().any(|l| l.starts_with("- ")));
    assert!(t.trim_end().ends_with("\n\nKAIDANOW"));
}

/// The ASCII letters of a text, in order.
fn letters(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphabetic).collect()
}

#[test]
fn seed_every_word_kept() {
    let input = seed();
    let n = normalize(&input, &Options::default());
    assert_eq!(apply_edits(&input, &n.edits), n.text);
    // the input without its markers and LaTeX commands
    let mut expected = String::new();
    let mut pos = 0;
    for m in &n.section_markers {
        expected.push_str(&input[pos..m.start]);
        pos = m.end;
    }
    expected.push_str(&input[pos..]);
    let expected = expected.replace("$\\bar{a}$", "a").replace("$\\P", "");
    assert_eq!(letters(&expected), letters(&n.text));
    // numbers survive
    for num in [
        "135,000",
        "191,970",
        "282,030",
        "60,374",
        "1999",
        "UNMIK/REG/2003/25",
        "Article 18(6)",
    ] {
        assert!(n.text.contains(num), "{num}");
    }
}

#[test]
fn seed_rules_switch_off() {
    let input = seed();
    for rule in cablekit_normalize::rules() {
        let o = Options {
            disabled: vec![rule.id.to_owned()],
            wrap: None,
        };
        let n = normalize(&input, &o);
        assert_eq!(count(&n, rule.id), 0, "{}", rule.id);
        assert_eq!(apply_edits(&input, &n.edits), n.text, "{}", rule.id);
    }
}

#[test]
fn seed_wraps_on_request() {
    let input = seed();
    let o = Options {
        disabled: vec![],
        wrap: Some(70),
    };
    let n = normalize(&input, &o);
    assert_eq!(apply_edits(&input, &n.edits), n.text);
    // paragraphs are wrapped; envelope and header lines stay whole
    let body = &n.text[n.text.find("¶1. ").unwrap()..];
    assert!(
        body.lines()
            .all(|l| l.chars().count() <= 70 || !l.contains(' '))
    );
    assert!(n.text.contains("\nDEPT FOR EG/TIP, EUR, EUR/SCE, DRL, AND INL, NSC FOR BRAUN, USUN FOR DREW SCHUFLETOWSKI, USOSCE FOR STEVE STEGER, OPDAT FOR ACKER\n"));
    assert!(
        n.text
            .contains("\nRUFOADA/JAC MOLESWORTH RAF MOLESWORTH UK PRIORITY\n")
    );
    let unwrapped = normalize(&input, &Options::default());
    assert_eq!(
        n.text.split_whitespace().collect::<Vec<_>>(),
        unwrapped.text.split_whitespace().collect::<Vec<_>>()
    );
    // wrapping is stable
    assert_eq!(normalize(&n.text, &o).text, n.text);
}
