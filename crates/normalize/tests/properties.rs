//! Properties over every cable of `corpus/` and `../shared/corpus/`:
//! traceable, idempotent, no marker left, no panic.

mod common;

use cablekit_normalize::{Normalized, Options, normalize};
use cablekit_record::apply_edits;

fn check_traceable(name: &str, input: &str, n: &Normalized) {
    let mut last = 0;
    for e in &n.edits {
        assert!(
            e.start >= last,
            "{name}: edits overlap or are unsorted at {}",
            e.start
        );
        assert!(e.start <= e.end && e.end <= input.len(), "{name}: bad span");
        assert_eq!(
            &input[e.start..e.end],
            e.before,
            "{name}: before does not match"
        );
        assert_ne!(e.before, e.after, "{name}: no-op edit");
        last = e.end;
    }
    assert_eq!(
        apply_edits(input, &n.edits),
        n.text,
        "{name}: edits do not replay"
    );
    for r in &n.redactions {
        assert_eq!(&input[r.start..r.end], r.text, "{name}: redaction span");
    }
    for m in &n.section_markers {
        assert!(
            m.start <= m.end && m.end <= input.len(),
            "{name}: marker span"
        );
    }
}

#[test]
fn traceable_idempotent_no_markers_left() {
    let corpus = common::corpus();
    assert!(!corpus.is_empty());
    let mut failures = Vec::new();
    for (name, input) in &corpus {
        let n = normalize(input, &Options::default());
        check_traceable(name, input, &n);
        let again = normalize(&n.text, &Options::default());
        check_traceable(name, &n.text, &again);
        if again.text != n.text {
            let pos = again
                .text
                .bytes()
                .zip(n.text.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let lo = n.text.floor_char_boundary(pos.saturating_sub(80));
            let hi = n.text.floor_char_boundary((pos + 80).min(n.text.len()));
            failures.push(format!(
                "{name}: not idempotent near {pos}: {:?}\n   second pass edits: {:?}",
                &n.text[lo..hi],
                again.edits.iter().take(3).collect::<Vec<_>>()
            ));
        }
        let left = cablekit_grammar::marker::find_markers(&n.text);
        if !left.is_empty() {
            failures.push(format!(
                "{name}: marker left: {:?}",
                &n.text[left[0].start..left[0].end]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_switched_off_stays_traceable() {
    let corpus = common::corpus();
    for rule in cablekit_normalize::rules() {
        let o = Options {
            disabled: vec![rule.id.to_owned()],
            wrap: Some(72),
        };
        for (name, input) in corpus.iter().step_by(7) {
            let n = normalize(input, &o);
            check_traceable(name, input, &n);
            assert!(
                n.edits.iter().all(|e| e.rule != rule.id),
                "{name}: {}",
                rule.id
            );
        }
    }
}

#[test]
fn no_panic_on_odd_inputs() {
    for s in [
        "",
        "\n",
        "\r",
        "¶",
        "&#x000A;",
        "&#xD800;",
        "&#99999999;",
        "<a",
        "$\\",
        "$\\P",
        "\\",
        "PAGE 02 X 1234",
        "X 00000001 001 OF 001",
        "11.",
        "- 13.",
        "1,",
        "June 12008.",
        "é\u{2028}é\r\né",
        "\u{feff}UNCLAS",
    ] {
        let n = normalize(
            s,
            &Options {
                disabled: vec![],
                wrap: Some(5),
            },
        );
        check_traceable(s, s, &n);
    }
    // long collapsed lines with multi-byte characters everywhere
    for filler in ["é", "¶", "Х", "ü ", "— "] {
        let s = format!(
            "C O N F I D E N T I A L SECTION 01 OF 02 X 000123  SIPDIS  TAGS: X{}  SUBJECT: Y{}  ¶1. (C) a{}",
            filler.repeat(700),
            filler.repeat(1300),
            filler.repeat(900)
        );
        let n = normalize(&s, &Options::default());
        check_traceable(&s, &s, &n);
        let again = normalize(&n.text, &Options::default());
        check_traceable(&s, &n.text, &again);
    }
    // arbitrary byte soup built from artifact pieces
    let pieces = [
        "11. ",
        "- ",
        "$\\P6$",
        " .",
        "PRISTINA 00000128 002.2 OF 009",
        "\n",
        "\n\n",
        "Kosovo,s ",
        "June 12008.",
        "&#x000A;",
        "\\\n",
        "¶",
        "é",
        "  ",
        "TAGS: X",
        "<a href='x'>",
        "</a>",
        "\r\n",
        "PAGE 02 HARARE 06677 01 OF 03 291400Z",
        "CONFIDENTIAL\n",
        "XXXXXX",
        "the ",
        "  ",
        "TAGS: ",
        "SUBJECT: ",
        "Х",
        "—",
        "2. (C) ",
        "E.O. 12958",
        "  1.  ",
        "UNCLAS SECTION 01 OF 09 PRISTINA 000128",
        "Classified By: ",
        "\u{a0}",
    ];
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let mut unstable = 0;
    for round in 0..3300 {
        let mut s = String::new();
        // the last rounds build long lines (collapsed-body restoration)
        let pieces_n = if round >= 3000 { 100 + x % 300 } else { x % 12 };
        for _ in 0..pieces_n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(pieces[(x % pieces.len() as u64) as usize]);
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let n = normalize(&s, &Options::default());
        check_traceable(&s, &s, &n);
        let again = normalize(&n.text, &Options::default());
        check_traceable(&s, &n.text, &again);
        if again.text != n.text {
            unstable += 1;
            if std::env::var_os("CABLEKIT_SHOW_UNSTABLE").is_some() {
                eprintln!(
                    "unstable: {s:?}\n  once:  {:?}\n  twice: {:?}",
                    n.text, again.text
                );
            }
        }
    }
    eprintln!("{unstable} of 3300 random texts not idempotent");
}

/// The pieces the token-soup inputs are glued from: section and page
/// markers, banners, heads, bullets, header keys and the damage the rules
/// repair, with spaces, tabs and line ends between them.
const SOUP: &[&str] = &[
    "PRISTINA 00000128 002 OF 009",
    "BERN 00000881  002 OF 002",
    "PAGE 02 STATE 017976",
    "SECTION 02 OF 03",
    "PRISTINA 000128",
    "CONFIDENTIAL",
    "UNCLASSIFIED",
    "SECRET",
    "XXXXXXXXXXXX",
    "\n",
    "\n\n",
    "\n\n\n",
    " ",
    "  ",
    "\t",
    "the",
    "and",
    "said",
    "Of",
    "x",
    "talks.",
    "1.",
    "2.",
    "11.",
    "¶3.",
    "(C)",
    "--",
    "- ",
    "a)",
    "END",
    "SUMMARY:",
    "TAGS:",
    "SUBJECT:",
    "REF:",
    "E.O. 12958:",
    "12008",
    "June 12008",
    "Kosovo,s",
    "PresidentQs",
    "$\\P6$",
];

/// A deterministic generator (64-bit LCG, high bits): the same inputs on
/// every run, no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Cleaning is idempotent also on adversarial text: markers cut from the
/// inside of lines, heads glued to bullets, header keys glued to tags. The
/// normalizer of 2026-11-28 cleaned 26 of these 20,000 inputs differently a
/// second time. (Other seeds still find about 1 in 30,000: see the
/// idempotence paragraph of docs/rules.md.)
///
/// `CABLEKIT_SOUP_SEED=N` runs another seed (to explore; CI runs the fixed
/// one).
#[test]
fn idempotent_on_token_soup() {
    let seed = std::env::var("CABLEKIT_SOUP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2008);
    let mut rng = Lcg(seed);
    let o = Options::default();
    let mut failures = Vec::new();
    for i in 0..20_000 {
        let mut input = String::new();
        for _ in 0..4 + rng.below(27) {
            let t = SOUP[rng.below(SOUP.len())];
            input.push_str(t);
            if !t.ends_with('\n') && rng.below(2) == 0 {
                input.push(' ');
            }
        }
        let n = normalize(&input, &o);
        check_traceable(&format!("soup {i}"), &input, &n);
        if normalize(&n.text, &o).text != n.text {
            failures.push(input);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 20,000 inputs are not a fixed point after one cleaning, e.g. {:?}",
        failures.len(),
        failures.first()
    );
}
