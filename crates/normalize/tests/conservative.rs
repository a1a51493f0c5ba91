//! Must-not-change texts: the normalizer leaves good text alone.

mod common;

use cablekit_normalize::{Options, normalize};

fn assert_untouched(text: &str) {
    let n = normalize(text, &Options::default());
    assert!(n.edits.is_empty(), "{text:?} was edited: {:?}", n.edits);
    assert_eq!(n.text, text);
}

#[test]
fn numbers_commas_apostrophes() {
    for t in [
        "About 1,500 people attended.",
        "He received 12008 euros for the work.",
        "The fine was 12008 euros in June.",
        "There were 12345 cases in 2007.",
        "Mr. O'Brien said the government's plan was sound.",
        "The 's' in \"Kosovo's\" was dropped.",
        "Reasons 1.4 (b,d).",
        "See paras A,B and D.",
        "Kosovo, Serbia and Montenegro signed.",
        "TAGS: PGOV, PREL, KV",
        "Costs rose to $5 million.",
        "AT&T and R&D were named.",
        "He said x < y.",
        "PAGE 12 of the report says so.",
        "Reference 00000128 002 is a number.",
        "The years 2006, 2007 and 2008.",
        "In June 2008. In November 2007.",
        "The IRAQ QATAR talks.",
        "Xerxes and TEXXX met.",
    ] {
        assert_untouched(t);
    }
}

#[test]
fn true_paragraph_eleven_stays() {
    let mut cable = String::new();
    for n in 1..=12 {
        cable.push_str(&format!("{n}. (C) Paragraph number {n} of the cable.\n\n"));
    }
    cable.push_str("SMITH\n");
    assert_untouched(&cable);
    // with the WikiLeaks anchors too
    let anchored = cable
        .lines()
        .map(|l| {
            if l.starts_with(|c: char| c.is_ascii_digit()) {
                format!("¶{l}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_untouched(&anchored);
}

#[test]
fn bullets_and_headings_stay() {
    let t = "¶1. (C) The minister listed three points:\n\n-- first, the budget;\n\n-- second, the army; and\n\n-- third, the courts.\n\n¶2. (C) He added nothing.\n\nSMITH\n";
    assert_untouched(t);
    let t = "¶3. (SBU) Text of the paragraph.\n\nDRC-Rwanda\n----------\n\n¶4. (C) More text.\n";
    assert_untouched(t);
}

#[test]
fn clean_outputs_are_fixed_points() {
    // the clean text of a damaged cable normalizes to no edits
    let seed = std::fs::read_to_string(common::root().join("corpus/08PRISTINA128.txt")).unwrap();
    let clean = normalize(&seed, &Options::default()).text;
    let again = normalize(&clean, &Options::default());
    assert!(
        again.edits.is_empty(),
        "{:?}",
        &again.edits[..again.edits.len().min(5)]
    );
}

/// Cablegate pages: with the layout switched off, only the repairs the
/// format reference predicts for them (entities/tags, `,s`, markers,
/// anchored years, blank-line splits, the `Q` apostrophe) — never a head.
#[test]
fn cablegate_pages_only_expected_edits() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("corpus/bulk/cablegate-2010-12");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    let o = Options {
        disabled: vec!["layout".into()],
        wrap: None,
    };
    let mut seen = 0;
    for e in rd.flatten().take(400) {
        let Ok(s) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let text = common::pre_blocks(&s);
        let n = normalize(&text, &o);
        for ed in &n.edits {
            assert!(
                matches!(
                    ed.rule.as_ref(),
                    "markup-residue"
                        | "comma-apostrophe"
                        | "section-marker"
                        | "year-prefix"
                        | "line-rejoin"
                        | "smart-punctuation"
                ),
                "{}: {:?}",
                e.path().display(),
                ed
            );
            if ed.rule == "line-rejoin" {
                // only blank lines (as entities or tags) go
                assert!(
                    ed.before.contains("&#x000A;") || ed.before.contains("<br>"),
                    "{ed:?}"
                );
            }
        }
        seen += 1;
    }
    assert!(seen > 100);
}

/// `docs/rules.md` documents every rule with its example.
#[test]
fn rules_are_documented() {
    let doc = std::fs::read_to_string(common::root().join("docs/rules.md")).unwrap();
    assert!(doc.contains("## Clean text layout"));
    for r in cablekit_normalize::rules() {
        assert!(
            doc.contains(&format!("## `{}`", r.id)),
            "{} undocumented",
            r.id
        );
        let first_line = r.before.lines().next().unwrap_or("");
        assert!(
            doc.contains(first_line.trim_end()),
            "{}: example missing",
            r.id
        );
    }
}
