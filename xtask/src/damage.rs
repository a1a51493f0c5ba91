//! `cargo xtask damage [--limit N] [--trials T] [--seed S] [--markdown]`:
//! measured recovery of the normalizer.
//!
//! Takes clean cables (the clean text of real Cablegate pages that is a
//! fixed point of the normalizer), injects one artifact at a seeded random
//! place (or, for the per-cable artifacts, across the whole cable), cleans
//! the damaged text, and counts per rule:
//!
//! * recall — damaged texts whose clean text is exactly the original again
//!   (every byte), over all texts damaged with the rule's artifacts;
//! * precision — edits of the rule that lie on the injected damage, over all
//!   edits of the rule (the clean cable is a fixed point of the normalizer,
//!   so an edit off the damage changed good text).

use anyhow::Context;
use cablekit_pipeline::normalize::{Options, normalize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A tiny seeded xorshift generator (no dependency, same numbers everywhere).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> Option<T> {
        if v.is_empty() {
            None
        } else {
            Some(v[self.below(v.len())])
        }
    }
}

/// One damaged text: the text, the spans of the damage in it (`None`: the
/// whole cable), and the rules expected to repair it.
struct Damaged {
    text: String,
    sites: Option<Vec<(usize, usize)>>,
}

#[derive(Default)]
struct Tally {
    trials: usize,
    exact: usize,
    edits: usize,
    good_edits: usize,
}

/// The artifact kinds, each with the rule that should repair it.
const KINDS: &[(&str, &str)] = &[
    ("comma-apostrophe", "comma-apostrophe"),
    ("year-prefix", "year-prefix"),
    ("pilcrow-as-1", "paragraph-mark"),
    ("latex-pilcrow", "paragraph-mark"),
    ("bullet-before-head", "paragraph-mark"),
    ("marker-own-line", "section-marker"),
    ("marker-in-sentence", "section-marker"),
    ("page-head", "section-marker"),
    ("blank-line-split", "line-rejoin"),
    ("doubled-header", "line-rejoin"),
    ("joined-addressees", "line-rejoin"),
    ("html-entities", "markup-residue"),
    ("crlf", "markup-residue"),
    ("latex-letter", "markup-residue"),
    ("csv-escapes", "markup-residue"),
    ("q-apostrophe", "smart-punctuation"),
    ("hard-wrap", "layout"),
];

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut limit = 300usize;
    let mut trials = 3usize;
    let mut seed = 0x5eed_2008u64;
    let mut markdown = false;
    let mut verbose = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--limit" => limit = it.next().context("--limit N")?.parse()?,
            "--trials" => trials = it.next().context("--trials T")?.parse()?,
            "--seed" => seed = it.next().context("--seed S")?.parse()?,
            "--markdown" => markdown = true,
            "--verbose" | "-v" => verbose = true,
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cables = clean_cables(&root, limit)?;
    anyhow::ensure!(!cables.is_empty(), "no clean cables found");
    let mut rng = Rng(seed | 1);
    let o = Options::default();
    let mut by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, Tally> = BTreeMap::new();
    let mut shown = 0;
    for clean in &cables {
        for &(kind, rule) in KINDS {
            for _ in 0..trials {
                let Some(d) = inject(kind, clean, &mut rng) else {
                    continue;
                };
                if d.text == *clean {
                    continue;
                }
                let n = normalize(&d.text, &o);
                let exact = n.text == *clean;
                let t = by_kind.entry(kind).or_default();
                t.trials += 1;
                t.exact += usize::from(exact);
                let r = by_rule.entry(rule.to_owned()).or_default();
                r.trials += 1;
                r.exact += usize::from(exact);
                if !exact && verbose && shown < 40 {
                    shown += 1;
                    let pos = n
                        .text
                        .bytes()
                        .zip(clean.bytes())
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    let lo = clean.floor_char_boundary(pos.saturating_sub(60));
                    let hi = clean.floor_char_boundary((pos + 60).min(clean.len()));
                    let hi2 = n.text.floor_char_boundary((pos + 60).min(n.text.len()));
                    eprintln!(
                        "[{kind}] want {:?}\n{:>w$}got  {:?}",
                        &clean[lo..hi],
                        "",
                        &n.text[lo.min(n.text.len())..hi2.max(lo.min(n.text.len()))],
                        w = kind.len() + 3
                    );
                }
                for e in &n.edits {
                    let rt = by_rule.entry(e.rule.to_string()).or_default();
                    rt.edits += 1;
                    let touches = match &d.sites {
                        None => true,
                        Some(sites) => sites.iter().any(|&(s, t)| e.start <= t && s <= e.end),
                    };
                    if touches {
                        rt.good_edits += 1;
                    }
                }
            }
        }
    }
    print_tables(&by_kind, &by_rule, cables.len(), markdown);
    Ok(())
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn print_tables(
    by_kind: &BTreeMap<&str, Tally>,
    by_rule: &BTreeMap<String, Tally>,
    cables: usize,
    markdown: bool,
) {
    println!("damage: {cables} clean cables\n");
    if markdown {
        println!("| rule | damaged texts | recall (exact repair) | edits | precision |");
        println!("|---|---:|---:|---:|---:|");
    } else {
        println!(
            "{:<18} {:>8} {:>10} {:>8} {:>10}",
            "rule", "trials", "recall", "edits", "precision"
        );
    }
    for (rule, t) in by_rule {
        if markdown {
            println!(
                "| {rule} | {} | {} | {} | {} |",
                t.trials,
                pct(t.exact, t.trials),
                t.edits,
                pct(t.good_edits, t.edits)
            );
        } else {
            println!(
                "{rule:<18} {:>8} {:>10} {:>8} {:>10}",
                t.trials,
                pct(t.exact, t.trials),
                t.edits,
                pct(t.good_edits, t.edits)
            );
        }
    }
    println!();
    if markdown {
        println!("| artifact | damaged texts | exact repair |");
        println!("|---|---:|---:|");
    } else {
        println!("{:<20} {:>8} {:>10}", "artifact", "trials", "exact");
    }
    for (kind, t) in by_kind {
        if markdown {
            println!("| {kind} | {} | {} |", t.trials, pct(t.exact, t.trials));
        } else {
            println!("{kind:<20} {:>8} {:>10}", t.trials, pct(t.exact, t.trials));
        }
    }
}

/// Clean cables: the clean text of Cablegate pages, kept when it is a fixed
/// point of the normalizer.
fn clean_cables(root: &Path, limit: usize) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let bulk = root.join("../shared/corpus/bulk/cablegate-2010-12");
    if let Ok(rd) = std::fs::read_dir(&bulk) {
        files.extend(rd.flatten().map(|e| e.path()));
    } else {
        eprintln!("notice: {} is absent; using corpus/ only", bulk.display());
    }
    files.sort();
    let mut out = Vec::new();
    let o = Options::default();
    let step = (files.len() / limit.max(1)).max(1);
    for f in files.iter().step_by(step).take(limit) {
        let Ok(s) = std::fs::read_to_string(f) else {
            continue;
        };
        let text = pre_blocks(&s);
        let clean = normalize(&text, &o).text;
        if normalize(&clean, &o).edits.is_empty() {
            out.push(clean);
        }
    }
    let seed = root.join("corpus/08PRISTINA128.txt");
    if let Ok(s) = std::fs::read_to_string(seed) {
        out.push(normalize(&s, &o).text);
    }
    Ok(out)
}

fn pre_blocks(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(s) = rest.find("<pre>") {
        let after = &rest[s + 5..];
        let Some(e) = after.find("</pre>") else { break };
        out.push_str(&after[..e]);
        out.push('\n');
        rest = &after[e + 6..];
    }
    out
}

/// Byte offsets of the body: after the first paragraph head, or the middle.
fn body_start(c: &str) -> usize {
    c.find("\n¶1.")
        .or_else(|| c.find("\n¶"))
        .unwrap_or(c.len() / 3)
}

/// Spaces inside body paragraph lines (not at a line edge), with the text
/// before them on the line.
fn body_spaces(c: &str) -> Vec<usize> {
    let from = body_start(c);
    let b = c.as_bytes();
    let mut out = Vec::new();
    let mut line_start = 0;
    for (i, &ch) in b.iter().enumerate() {
        if ch == b'\n' {
            line_start = i + 1;
            continue;
        }
        if ch == b' '
            && i > from
            && i - line_start > 20
            && b.get(i + 1).is_some_and(|&n| n != b'\n' && n != b' ')
            && b[i - 1] != b' '
            && c[line_start..].starts_with('¶')
        {
            out.push(i);
        }
    }
    out
}

fn replace(c: &str, s: usize, e: usize, with: &str) -> Damaged {
    let mut t = String::with_capacity(c.len() + with.len());
    t.push_str(&c[..s]);
    t.push_str(with);
    t.push_str(&c[e..]);
    Damaged {
        text: t,
        sites: Some(vec![(s, s + with.len())]),
    }
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Inject one artifact of `kind` into the clean cable `c`.
fn inject(kind: &str, c: &str, rng: &mut Rng) -> Option<Damaged> {
    let b = c.as_bytes();
    match kind {
        "comma-apostrophe" => {
            let sites: Vec<usize> = c
                .match_indices('\'')
                .map(|(i, _)| i)
                .filter(|&i| {
                    i > 1
                        && b[i - 1].is_ascii_alphabetic()
                        && b[i - 2].is_ascii_alphabetic()
                        && (c[i + 1..].starts_with("s ")
                            || c[i + 1..].starts_with("t ")
                            || c[i + 1..].starts_with("ll ")
                            || c[i + 1..].starts_with("re ")
                            || c[i + 1..].starts_with("ve "))
                })
                .collect();
            let i = rng.pick(&sites)?;
            Some(replace(c, i, i + 1, ","))
        }
        "year-prefix" => {
            let mut sites = Vec::new();
            for m in MONTHS {
                for (i, _) in c.match_indices(m) {
                    let y = i + m.len() + 1;
                    if b.get(y - 1) == Some(&b' ')
                        && y + 5 <= b.len()
                        && b[y..y + 4].iter().all(u8::is_ascii_digit)
                        && matches!(b[y + 4], b'.' | b',')
                        && b.get(y + 5).is_none_or(|&n| n == b' ' || n == b'\n')
                        && matches!(&c[y..y + 2], "19" | "20")
                    {
                        sites.push(y);
                    }
                }
            }
            let y = rng.pick(&sites)?;
            Some(replace(c, y, y, "1"))
        }
        "pilcrow-as-1" => {
            // every head `¶N.` at a line start becomes `1N.`
            let heads: Vec<usize> = c.match_indices("\n¶").map(|(i, _)| i + 1).collect();
            if heads.len() < 2 {
                return None;
            }
            Some(Damaged {
                text: garble_heads(c, "1"),
                sites: None,
            })
        }
        "latex-pilcrow" => {
            let heads: Vec<usize> = c
                .match_indices("\n¶")
                .map(|(i, _)| i + 1)
                .filter(|&i| {
                    let d = &c[i + 2..];
                    let n = d.bytes().take_while(u8::is_ascii_digit).count();
                    n > 0 && d[n..].starts_with('.')
                })
                .collect();
            let i = rng.pick(&heads)?;
            let d = &c[i + 2..];
            let n = d.bytes().take_while(u8::is_ascii_digit).count();
            let num = &d[..n];
            let latex = if rng.below(2) == 0 {
                format!("$\\P{num}$ .")
            } else {
                format!("$\\P {num}$ .")
            };
            Some(replace(c, i, i + 2 + n + 1, &latex))
        }
        "bullet-before-head" => {
            if c.matches("\n¶").count() < 2 {
                return None;
            }
            // the converter also turns the drafter's `-- ` bullets into `- `;
            // a cable that already has `- ` bullets is ambiguous under this
            // converter (they would come back as `-- `), so it is skipped
            if c.lines().any(|l| l.starts_with("- ")) {
                return None;
            }
            let t = garble_heads(c, "- ¶").replace("\n-- ", "\n- ");
            Some(Damaged {
                text: t,
                sites: None,
            })
        }
        "marker-own-line" | "marker-in-sentence" | "page-head" => {
            let sp = rng.pick(&body_spaces(c))?;
            let part = 2 + rng.below(5);
            let marker = match kind {
                "page-head" => format!("PAGE {:02}        HARARE  03759  01 OF 03  111533Z", part),
                _ => format!("PRISTINA 00000128 {:03}.2 OF 009", part),
            };
            let with = if kind == "marker-in-sentence" {
                format!(" {marker}\n\n")
            } else {
                format!("\n\n{marker}\n\n")
            };
            Some(replace(c, sp, sp + 1, &with))
        }
        "blank-line-split" => {
            let sp = rng.pick(&body_spaces(c))?;
            Some(replace(c, sp, sp + 1, "\n\n"))
        }
        "doubled-header" => {
            let end = c.find("\n\n")?;
            let head = &c[..end];
            if !head.contains('\n') {
                return None;
            }
            Some(Damaged {
                text: format!("{}{}", head.replace('\n', "\n\n"), &c[end..]),
                sites: Some(vec![(0, end * 2)]),
            })
        }
        "joined-addressees" => {
            let sites: Vec<usize> = c
                .match_indices('\n')
                .map(|(i, _)| i)
                .filter(|&i| {
                    let before = &c[..i];
                    let after = &c[i + 1..];
                    let line_before = before.rsplit('\n').next().unwrap_or("");
                    let prec = line_before
                        .split_ascii_whitespace()
                        .rev()
                        .find(|w| !w.bytes().all(|x| x.is_ascii_digit()))
                        .unwrap_or("");
                    matches!(prec, "PRIORITY" | "IMMEDIATE" | "ROUTINE")
                        && after.split_once('/').is_some_and(|(ri, _)| {
                            (4..=8).contains(&ri.len())
                                && ri.bytes().all(|x| x.is_ascii_uppercase())
                        })
                        && !line_before.starts_with("TO ")
                        && !line_before.starts_with("INFO ")
                })
                .collect();
            let i = rng.pick(&sites)?;
            Some(replace(c, i, i + 1, " "))
        }
        "html-entities" => Some(Damaged {
            text: c.replace('&', "&amp;").replace('\n', "&#x000A;"),
            sites: None,
        }),
        "crlf" => Some(Damaged {
            text: c.replace('\n', "\r\n"),
            sites: None,
        }),
        "latex-letter" => {
            let sites: Vec<usize> = body_spaces(c)
                .into_iter()
                .filter(|&i| {
                    b.get(i + 1)
                        .is_some_and(|&x| matches!(x, b'a' | b'e' | b'i' | b'o'))
                        && b.get(i + 2).is_some_and(u8::is_ascii_lowercase)
                })
                .collect();
            let i = rng.pick(&sites)?;
            let letter = &c[i + 1..i + 2];
            Some(replace(c, i, i + 2, &format!("  $\\bar{{{letter}}}$ ")))
        }
        "csv-escapes" => {
            if !c.contains('"') && !c.contains('\'') {
                return None;
            }
            Some(Damaged {
                text: c.replace('"', "\\\"").replace('\'', "\\'"),
                sites: None,
            })
        }
        "q-apostrophe" => {
            // a cable that already shows the substitution elsewhere (` Q `
            // for a dash, left alone while it had no `[a-z]Qs`) is not clean
            // for this artifact: the repair rightly changes that `Q` too
            if c.contains(" Q ") {
                return None;
            }
            let sites: Vec<usize> = c
                .match_indices("'s ")
                .map(|(i, _)| i)
                .filter(|&i| i > 0 && b[i - 1].is_ascii_lowercase())
                .collect();
            if sites.len() < 2 {
                return None;
            }
            let a = rng.pick(&sites)?;
            let mut bsite = rng.pick(&sites)?;
            if bsite == a {
                bsite = *sites.iter().find(|&&x| x != a)?;
            }
            let mut t = c.to_owned();
            let (x, y) = (a.max(bsite), a.min(bsite));
            t.replace_range(x..x + 1, "Q");
            t.replace_range(y..y + 1, "Q");
            Some(Damaged {
                text: t,
                sites: Some(vec![(y, y + 1), (x, x + 1)]),
            })
        }
        "hard-wrap" => {
            // wrap one long body paragraph at 65 columns, trailing space kept
            let from = body_start(c);
            let paras: Vec<(usize, usize)> = c[from..]
                .split('\n')
                .scan(from, |pos, l| {
                    let s = *pos;
                    *pos += l.len() + 1;
                    Some((s, s + l.len()))
                })
                .filter(|&(s, e)| e - s > 200 && c[s..].starts_with('¶'))
                .collect();
            let (s, e) = rng.pick(&paras)?;
            // break at single spaces only (a double space at a line end
            // cannot be told from a single one)
            let para = &c[s..e];
            let pb = para.as_bytes();
            let mut out = String::new();
            let mut line_start = 0;
            let mut last_ok: Option<usize> = None;
            let mut i = 0;
            while i < pb.len() {
                if pb[i] == b' '
                    && i > 0
                    && pb[i - 1] != b' '
                    && pb.get(i + 1).is_some_and(|&x| x != b' ')
                {
                    if i - line_start > 65
                        && let Some(br) = last_ok
                    {
                        out.push_str(&para[line_start..br]);
                        out.push_str(" \n");
                        line_start = br + 1;
                    }
                    last_ok = Some(i);
                }
                i += 1;
            }
            out.push_str(&para[line_start..]);
            let mut d = replace(c, s, e, &out);
            d.sites = Some(vec![(s, s + out.len())]);
            Some(d)
        }
        _ => None,
    }
}

/// Replace the `¶` of every numbered head (`\n¶12.`) by `with`.
fn garble_heads(c: &str, with: &str) -> String {
    let mut out = String::with_capacity(c.len() + 64);
    let mut pos = 0;
    for (i, _) in c.match_indices("\n¶") {
        let d = &c[i + 3..];
        let n = d.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=3).contains(&n) && d[n..].starts_with('.') {
            out.push_str(&c[pos..=i]);
            out.push_str(with);
            pos = i + 3;
        }
    }
    out.push_str(&c[pos..]);
    out
}
