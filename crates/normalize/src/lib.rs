//! The normalizer: repairs the damage scraping and conversion did to a cable,
//! plans every edit against the original text, and applies the plan in one
//! pass. OWNER: normalizer helper (C).
//!
//! The work runs in three stages, each of which plans non-overlapping,
//! sorted edits against the text it is given:
//!
//! 1. `markup` — character-level residue of containers and converters
//!    (CRLF, HTML entities and tags, `cables.csv` backslashes, LaTeX);
//! 2. `structure` — lines: section markers, paragraph heads, joined and
//!    split lines, the clean-text layout;
//! 3. `words` — `Kosovo,s`, `June 12008`, `PresidentQs`.
//!
//! The plans are then composed into one list of edits against the original
//! input (an edit of a later stage that touches the replacement of an earlier
//! one is merged with it), so `record::apply_edits(input, &edits) == text`.
//! See `docs/rules.md` for every rule and the clean text layout.

mod compose;
mod markup;
mod structure;
mod words;

use cablekit_record::{Edit, Redaction, SectionMarker};

pub use compose::compose;

/// Which rules run, and how the clean text is laid out.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rule ids switched off (`comma-apostrophe`, …).
    pub disabled: Vec<String>,
    /// Wrap paragraphs at this many columns (`None`: one line per paragraph).
    pub wrap: Option<usize>,
}

impl Options {
    /// `true` unless the rule `id` is switched off.
    pub fn on(&self, id: &str) -> bool {
        !self.disabled.iter().any(|d| d == id)
    }
}

/// The result of normalizing one cable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    /// The clean text; equals `apply_edits(input, &edits)`.
    pub text: String,
    /// Every edit, sorted by `start`, non-overlapping, spans into the input.
    pub edits: Vec<Edit>,
    /// Redactions found (spans into the input).
    pub redactions: Vec<Redaction>,
    /// Section and page markers removed (spans into the input).
    pub section_markers: Vec<SectionMarker>,
}

impl Normalized {
    /// Map a byte offset of the clean text back to the input text.
    pub fn input_offset(&self, clean: usize) -> usize {
        let mut delta: isize = 0;
        for e in &self.edits {
            let clean_start = (e.start as isize + delta) as usize;
            if clean < clean_start {
                break;
            }
            let clean_end = clean_start + e.after.len();
            if clean < clean_end {
                return e.start;
            }
            delta += e.after.len() as isize - (e.end - e.start) as isize;
        }
        (clean as isize - delta).max(0) as usize
    }
}

/// A rule of the normalizer, for `cablekit rules` and `docs/rules.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable kebab-case id, used in edits and in `Options::disabled`.
    pub id: &'static str,
    /// What the rule repairs, one sentence.
    pub description: &'static str,
    /// A real line before the repair.
    pub before: &'static str,
    /// The same line after the repair.
    pub after: &'static str,
    /// The cable the example comes from.
    pub source: &'static str,
}

static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "markup-residue",
        description: "Removes what containers and converters added: CRLF and U+2028 line ends, HTML entities (`&#x000A;`, `&#8217;`, `&amp;`) and tags (TAG links, ¶ anchors), cables.csv backslash escapes, LaTeX (`$\\bar{a}$`, `$\\P6$`).",
        before: "to support the national  $\\bar{a}$ nti-trafficking coordinator",
        after: "to support the national anti-trafficking coordinator",
        source: "08PRISTINA128",
    },
    RuleInfo {
        id: "section-marker",
        description: "Removes section and page markers (`PRISTINA 00000128 002.2 OF 009`, `PAGE 02 HARARE 06677 01 OF 03 291400Z`, NARA page heads and their banners), on their own line or inside a sentence, and rejoins the sentence; the marker's fields go into the record.",
        before: "A number of international and national training PRISTINA 00000128 009.2 OF 009\n\norganizations also provide",
        after: "A number of international and national training organizations also provide",
        source: "08PRISTINA128",
    },
    RuleInfo {
        id: "paragraph-mark",
        description: "Repairs paragraph heads: a `¶` garbled into a leading `1` (`11.` = ¶1, `111.` = ¶11), LaTeX `$\\P6$ .`, converter bullets (`- 13.`); decided per cable from the whole sequence of numbers, so a true paragraph 11 stays 11. Output `¶N.` at the start of a line.",
        before: "- $\\P 10$ . (SBU) The Kosovo government and UNMIK are aware",
        after: "¶10. (SBU) The Kosovo government and UNMIK are aware",
        source: "08PRISTINA128",
    },
    RuleInfo {
        id: "year-prefix",
        description: "Drops the garbled ¶ anchor (`1` or `¶`) before a year: a month or date before it, sentence punctuation after it, and the year plausible for the cable. `12008 euros` stays.",
        before: "expected to take place in June 12008.",
        after: "expected to take place in June 2008.",
        source: "08PRISTINA128",
    },
    RuleInfo {
        id: "comma-apostrophe",
        description: "Restores apostrophes that the messaging system turned into commas (`Kosovo,s`, `Kosovo, s`, `don,t`, `we,ll`, `they,re`, `I,ve`, `he,d`, `I,m`); never in numbers, letter lists or real commas.",
        before: "the Kosovo government led Kosovo,s counter-trafficking efforts",
        after: "the Kosovo government led Kosovo's counter-trafficking efforts",
        source: "08PRISTINA128",
    },
    RuleInfo {
        id: "smart-punctuation",
        description: "Restores an apostrophe written as `Q` (`ZimbabweQs`, `doesnQt`), only when the cable shows the `[a-z]Qs` pattern at least twice.",
        before: "process he destroyed ZimbabweQs agricultural sector, once the",
        after: "process he destroyed Zimbabwe's agricultural sector, once the",
        source: "07HARARE638",
    },
    RuleInfo {
        id: "line-rejoin",
        description: "Rejoins lines the conversion split: sentences broken by blank lines or page breaks, header lines doubled by blank lines, wrapped TAGS/SUBJECT lines, converter bullets before a continuation; splits addressees joined on one line.",
        before: "the identified victims were women and girls trafficked for the\n\npurpose of sexual exploitation.",
        after: "the identified victims were women and girls trafficked for the purpose of sexual exploitation.",
        source: "08PRISTINA128",
    },
    RuleInfo {
        id: "layout",
        description: "Lays the clean text out: envelope lines one per line, a blank line between header blocks, each paragraph on one line (or wrapped at `--wrap N`), paragraphs separated by one blank line, no trailing spaces.",
        before: "1.  (U)  THERE HAVE BEEN SEVERAL ATTACKS AGAINST \nCHRISTIAN INSTITUTIONS IN TRIPOLI DURING THE ",
        after: "1.  (U)  THERE HAVE BEEN SEVERAL ATTACKS AGAINST CHRISTIAN INSTITUTIONS IN TRIPOLI DURING THE",
        source: "85BEIRUT172",
    },
];

/// Every rule, in the order they are documented.
pub fn rules() -> &'static [RuleInfo] {
    RULES
}

/// Normalize `input`.
pub fn normalize(input: &str, options: &Options) -> Normalized {
    // one pass reaches the fixed point: the rules read each line as the
    // next run will see it (see docs/rules.md, "How idempotence is kept")
    rewrap(input, stages(input, options), options)
}

/// Wrap `n`, the result of [`normalize`] of `input` without
/// [`Options::wrap`], as [`normalize`] with `options` would: the same text
/// and edits, without running the stages again. `n` is returned unchanged
/// when `options.wrap` is `None` or the `layout` rule is off.
pub fn rewrap(input: &str, mut n: Normalized, options: &Options) -> Normalized {
    let wrap = wrap_plan(&n.text, options);
    if !wrap.is_empty() {
        let wrapped = cablekit_record::apply_edits(&n.text, &wrap);
        n.edits = compose(input, std::mem::take(&mut n.edits), &n.text, wrap);
        n.text = wrapped;
    }
    n
}

/// The edits that wrap the clean `text` as `options` asks (none without
/// `wrap` or with the `layout` rule off).
fn wrap_plan(text: &str, options: &Options) -> Vec<Edit> {
    match options.wrap {
        Some(width) if options.on("layout") => structure::wrap(text, width),
        _ => Vec::new(),
    }
}

/// The three stages (without wrapping).
fn stages(input: &str, options: &Options) -> Normalized {
    let redactions = words::redactions(input);

    // stage 1: markup residue
    let e1 = markup::plan(input, options);
    let t1 = apply_owned(input, &e1);
    let mid1: &str = t1.as_deref().unwrap_or(input);

    // stage 1b: line ends of collapsed bodies
    let e1b = structure::restore(mid1, options);
    let t1b = apply_owned(mid1, &e1b);
    let mid1b: &str = t1b.as_deref().unwrap_or(mid1);
    let e1 = compose(input, e1, mid1, e1b);
    let mid1 = mid1b;

    // stage 2: structure
    let (e2, markers) = structure::plan(mid1, options);
    let t2 = apply_owned(mid1, &e2);
    let mid2: &str = t2.as_deref().unwrap_or(mid1);

    // stage 3: words
    let e3 = words::plan(mid2, options);
    let t3 = apply_owned(mid2, &e3);

    // compose the plans into edits against the input
    let map1 = compose::Mapper::new(&e1);
    let section_markers = markers
        .into_iter()
        .map(|mut m| {
            m.start = map1.map_start(m.start);
            m.end = map1.map_end(m.end).max(m.start);
            m
        })
        .collect();
    let edits12 = compose(input, e1, mid1, e2);
    let edits = compose(input, edits12, mid2, e3);
    // most cables get no word edits: their text is the structure stage's,
    // taken rather than copied (`mid2` is read no more)
    let text = match (t3, t2) {
        (Some(t), _) | (None, Some(t)) => t,
        // no structure edits either: `mid2` is `mid1`
        (None, None) => mid1.to_owned(),
    };

    Normalized {
        text,
        edits,
        redactions,
        section_markers,
    }
}

fn apply_owned(text: &str, edits: &[Edit]) -> Option<String> {
    if edits.is_empty() {
        None
    } else {
        Some(cablekit_record::apply_edits(text, edits))
    }
}

/// An edit of `text[start..end]` by `rule`.
// inlined: the layout makes one for most line ends, and the call (its
// prologue, the edit returned through memory) cost a third of the edit
#[inline(always)]
pub(crate) fn edit(rule: &'static str, text: &str, start: usize, end: usize, after: &str) -> Edit {
    edit_to(rule, text, start, end, Edit::text(after))
}

/// [`edit`] with a replacement known when compiling (the layout's line
/// ends and spaces): borrowed as it is, not looked up in [`Edit::text`]'s
/// list.
#[inline(always)]
pub(crate) fn edit_static(
    rule: &'static str,
    text: &str,
    start: usize,
    end: usize,
    after: &'static str,
) -> Edit {
    edit_to(rule, text, start, end, after.into())
}

/// The edit of `text[start..end]` into `after` by `rule`.
#[inline(always)]
fn edit_to(
    rule: &'static str,
    text: &str,
    start: usize,
    end: usize,
    after: std::borrow::Cow<'static, str>,
) -> Edit {
    Edit {
        rule: rule.into(),
        start,
        end,
        before: Edit::text(&text[start..end]),
        after,
    }
}

/// `a == b`, for the few bytes of most edits' texts: compared in place,
/// which costs less than the call to `memcmp` that `==` makes.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && !a.iter().zip(b).any(|(x, y)| x != y)
}

/// Sort, drop no-ops and any edit overlapping an earlier one.
pub(crate) fn finish(mut edits: Vec<Edit>) -> Vec<Edit> {
    // the stages plan mostly in order: a sorted plan is not sorted again
    // (the sort takes a buffer as large as the plan for the same result)
    if !edits.is_sorted_by_key(|e| (e.start, e.end)) {
        edits.sort_by_key(|e| (e.start, e.end));
    }
    // in place: most edits are kept, and stay where they are
    let mut last: Option<(usize, usize)> = None; // start and end of the last kept
    edits.retain(|e| {
        if same(e.before.as_bytes(), e.after.as_bytes()) {
            return false;
        }
        if let Some((prev_start, prev_end)) = last {
            if e.start < prev_end {
                return false;
            }
            // two insertions at one point would be ambiguous: keep the first
            if prev_start == prev_end && e.start == e.end && prev_start == e.start {
                return false;
            }
        }
        last = Some((e.start, e.end));
        true
    });
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every documented example does what it says (the smart-punctuation
    /// example needs the cable's repetition, so it is checked doubled).
    /// [`same`] is `==`: over pairs of the short strings edits hold, and
    /// over every pair of lines of a real cable.
    #[test]
    fn same_is_equality() {
        let words = [
            "", " ", "\n", "\n\n", " \n", "\n ", "a", "ab", "ba", "¶1.", "¶2.",
        ];
        for a in words {
            for b in words {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        let Some(shared) = cablekit_testkit::shared("the comparison of real lines") else {
            return;
        };
        let files = cablekit_testkit::files_under(&shared.join("corpus"));
        let Some(bytes) = files.iter().find_map(|f| std::fs::read(f).ok()) else {
            return;
        };
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text.lines().take(200).collect();
        for a in &lines {
            for b in &lines {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn rule_examples_hold() {
        for r in rules() {
            let before = if r.id == "smart-punctuation" {
                format!("{} {}", r.before, r.before)
            } else {
                r.before.to_owned()
            };
            let want = if r.id == "smart-punctuation" {
                format!("{} {}", r.after, r.after)
            } else {
                r.after.to_owned()
            };
            let n = normalize(&before, &Options::default());
            assert_eq!(n.text.trim_end(), want, "{}", r.id);
            assert!(
                n.edits.iter().any(|e| e.rule == r.id),
                "{}: {:?}",
                r.id,
                n.edits
            );
            let off = Options {
                disabled: vec![r.id.to_owned()],
                wrap: None,
            };
            assert!(
                normalize(&before, &off)
                    .edits
                    .iter()
                    .all(|e| e.rule != r.id)
            );
        }
    }

    /// A marker cut between a paragraph break and a lower-case word: the
    /// layout used to keep the break it decided with the marker in place,
    /// and the marker-free text joined it on the next run. One pass now
    /// reaches the fixed point (found by a token-soup generator).
    #[test]
    fn cleaning_after_a_marker_cut_is_idempotent() {
        let input = "2.a)XXXXXXXXXXXX the  andandCONFIDENTIAL1. PRISTINA 00000128 002 OF 009   TAGS: x--\n\nsaid-  PAGE 02 STATE 017976 SECRET    ";
        let o = Options::default();
        let once = normalize(input, &o);
        assert_eq!(once.section_markers.len(), 1);
        assert_eq!(normalize(&once.text, &o).text, once.text);
        assert_eq!(cablekit_record::apply_edits(input, &once.edits), once.text);
        for e in &once.edits {
            assert_eq!(&input[e.start..e.end], e.before);
        }
    }
}
