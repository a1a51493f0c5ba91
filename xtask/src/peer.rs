//! `cargo xtask peer [--vectors DIR] [--verbose] [--markdown] [--area AREA]`:
//! run conformance vectors (cablemap's test cases, one JSON object per line,
//! see `../shared/peer/README.md`) through cablekit's library and report how
//! many each area gets right.
//!
//! Every case goes through cablekit's own API, mapped onto our record: text
//! cases through the pipeline (forms → normalize → grammar) and a field of the
//! resulting record, id cases through `grammar::id`, tag kinds through
//! `grammar::tagdb`, titles through `grammar::titlecase`. The dispatch is on
//! each object's `area` field, so any folder of vectors in this format runs;
//! an unknown area counts as failed, with a note.
//!
//! Output: one line per area `AREA PASSED/TOTAL`, then `N passed, M failed`.
//! The exit status is 0 whatever fails (it is a report) unless the folder
//! cannot be read.

use anyhow::{Context, bail};
use cablekit_pipeline::forms::{self, CableInput, Form};
use cablekit_pipeline::grammar::{body, id, tagdb, titlecase};
use cablekit_pipeline::normalize::Options;
use cablekit_pipeline::record::{Addressee, Record};
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Command-line options of the task.
struct Args {
    vectors: PathBuf,
    verbose: bool,
    markdown: bool,
    area: Option<String>,
}

fn parse_args(args: &[String]) -> anyhow::Result<Args> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut out = Args {
        vectors: root.join("../shared/peer/cablemap"),
        verbose: false,
        markdown: false,
        area: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--vectors" => {
                out.vectors = PathBuf::from(it.next().context("--vectors needs a folder")?);
            }
            "--verbose" | "-v" => out.verbose = true,
            "--markdown" => out.markdown = true,
            "--area" => out.area = Some(it.next().context("--area needs a name")?.clone()),
            "--help" | "-h" => {
                println!(
                    "cargo xtask peer [--vectors DIR] [--verbose] [--markdown] [--area AREA]\n\
                     Run conformance vectors (*.jsonl) through cablekit and report per area."
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    Ok(out)
}

/// One conformance case.
struct Case {
    area: String,
    id: String,
    input: Value,
    expected: Value,
    args: Value,
}

/// The verdict on one case.
struct Verdict {
    pass: bool,
    got: Value,
    note: Option<String>,
}

impl Verdict {
    fn compare(expected: &Value, got: Value) -> Self {
        Self {
            pass: *expected == got,
            got,
            note: None,
        }
    }
    fn fail(note: impl Into<String>) -> Self {
        Self {
            pass: false,
            got: Value::Null,
            note: Some(note.into()),
        }
    }
}

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let args = parse_args(args)?;
    let cases = read_cases(&args.vectors)?;
    // area -> (passed, total)
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut passed, mut failed) = (0usize, 0usize);
    for case in &cases {
        if args.area.as_ref().is_some_and(|a| *a != case.area) {
            continue;
        }
        let verdict = catch_unwind(AssertUnwindSafe(|| run_case(case)))
            .unwrap_or_else(|_| Verdict::fail("cablekit panicked on this case"));
        let entry = tally.entry(case.area.clone()).or_default();
        entry.1 += 1;
        if verdict.pass {
            entry.0 += 1;
            passed += 1;
        } else {
            failed += 1;
            if args.verbose {
                print_failure(case, &verdict);
            }
        }
    }
    if args.markdown {
        println!("| area | passed | total | % |");
        println!("|---|---:|---:|---:|");
        for (area, (p, t)) in &tally {
            println!("| {area} | {p} | {t} | {:.0}% |", percent(*p, *t));
        }
        println!(
            "| **all** | **{passed}** | **{}** | **{:.1}%** |",
            passed + failed,
            percent(passed, passed + failed)
        );
        println!();
    }
    for (area, (p, t)) in &tally {
        println!("{area} {p}/{t}");
    }
    println!("{passed} passed, {failed} failed");
    Ok(())
}

fn percent(p: usize, t: usize) -> f64 {
    if t == 0 {
        0.0
    } else {
        100.0 * p as f64 / t as f64
    }
}

fn print_failure(case: &Case, verdict: &Verdict) {
    let input = match &case.input {
        Value::String(s) => shorten(s, 300),
        other => shorten(&other.to_string(), 300),
    };
    println!("FAIL {}", case.id);
    println!("  input:    {input:?}");
    if !case.args.is_null() && case.args != json!({}) {
        println!("  args:     {}", case.args);
    }
    println!("  expected: {}", case.expected);
    println!("  got:      {}", verdict.got);
    if let Some(note) = &verdict.note {
        println!("  note:     {note}");
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let head: String = s.chars().take(max / 2).collect();
    let tail: String = {
        let v: Vec<char> = s.chars().rev().take(max / 2).collect();
        v.into_iter().rev().collect()
    };
    format!("{head} [...] {tail}")
}

/// Read every `*.jsonl` file of `dir` (or the one file `dir` names), in
/// name order.
fn read_cases(dir: &Path) -> anyhow::Result<Vec<Case>> {
    let mut files: Vec<PathBuf> = if dir.is_file() {
        vec![dir.to_path_buf()]
    } else {
        std::fs::read_dir(dir)
            .with_context(|| format!("cannot read vectors folder {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect()
    };
    files.sort();
    if files.is_empty() {
        eprintln!("note: no *.jsonl files in {}", dir.display());
    }
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    // A broken line is a failed case, not a broken report.
                    cases.push(Case {
                        area: "invalid-json".into(),
                        id: format!("{}:{}", file.display(), n + 1),
                        input: Value::String(e.to_string()),
                        expected: Value::Null,
                        args: Value::Null,
                    });
                    continue;
                }
            };
            let area = v["area"].as_str().unwrap_or("(no area)").to_owned();
            let id = v["id"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{}:{}", file.display(), n + 1));
            cases.push(Case {
                area,
                id,
                input: v["input"].clone(),
                expected: v["expected"].clone(),
                args: v["extra"]["args"].clone(),
            });
        }
    }
    Ok(cases)
}

/// Run one case through cablekit.
fn run_case(case: &Case) -> Verdict {
    let Some(input) = case.input.as_str() else {
        return Verdict::fail("input is not a string");
    };
    if case.area == "invalid-json" {
        return Verdict::fail(format!("the line is not valid JSON: {input}"));
    }
    let expected = &case.expected;
    match case.area.as_str() {
        "c14n_ids" => Verdict::compare(expected, opt_str(id::canonicalize_id(input))),
        "malformed_ids" => {
            let want = expected.as_str().and_then(id::canonicalize_id);
            let got = id::canonicalize_id(input);
            Verdict {
                pass: got.is_some() && got == want,
                got: json!({ "input": got, "expected": want }),
                note: None,
            }
        }
        "tag_kind" => {
            let kind = match tagdb::tag_kind(input) {
                tagdb::TagKind::Subject => "subject",
                tagdb::TagKind::Geo => "geo",
                tagdb::TagKind::Person => "person",
                tagdb::TagKind::Program => "program",
                tagdb::TagKind::Org => "org",
                tagdb::TagKind::Unknown => case.args["default"].as_str().unwrap_or("unknown"),
            };
            Verdict::compare(expected, json!(kind))
        }
        "titlefy" => Verdict::compare(expected, json!(titlecase::titlefy(input))),
        "tags" => Verdict::compare(expected, json!(text_record(input).tags)),
        "subject" => {
            let rec = text_record(input);
            Verdict::compare(expected, json!(rec.subject.unwrap_or_default()))
        }
        "subject_from_html" => match page_record(input) {
            Ok(rec) => Verdict::compare(expected, json!(rec.subject.unwrap_or_default())),
            Err(e) => Verdict::fail(e),
        },
        "summary" => {
            let rec = text_record(input);
            // The record joins the summary onto one line (its contract);
            // cablemap keeps the line breaks: compare modulo whitespace.
            let got = rec.summary.map(|s| squash(&s));
            let want = expected.as_str().map(squash);
            Verdict {
                pass: got == want,
                got: opt_str(got),
                note: None,
            }
        }
        "signers" => {
            let rec = text_record(input);
            let got: Vec<String> = rec.signature.into_iter().collect();
            Verdict::compare(expected, json!(got))
        }
        "classified_by" => {
            let rec = text_record(input);
            let mut names = rec.classified_by.map(|c| c.names).unwrap_or_default();
            // `normalize`: the caller asked for names in readable case.
            if case.args["normalize"].as_bool() == Some(true) {
                names = names.iter().map(|n| titlecase::name_case(n)).collect();
            }
            Verdict::compare(expected, json!(names))
        }
        "nondisclosure_deadline" => {
            let rec = text_record(input);
            let date = rec
                .eo
                .and_then(|e| e.declassify_on)
                .map(|d| d.format("%Y-%m-%d").to_string());
            Verdict::compare(expected, opt_str(date))
        }
        "references" => {
            let rec = references_record(input, &case.args);
            let mut ids: Vec<String> = Vec::new();
            for r in rec.references {
                if r.kind == "cable"
                    && let Some(id) = r.id
                    && !ids.contains(&id)
                {
                    ids.push(id);
                }
            }
            Verdict::compare(expected, json!(ids))
        }
        "references_typed" => {
            let rec = references_record(input, &case.args);
            let got: Vec<Value> = rec
                .references
                .into_iter()
                .map(|r| {
                    let value = if r.kind == "cable" {
                        r.id.clone().unwrap_or_else(|| r.text.clone())
                    } else {
                        r.text.clone()
                    };
                    json!({ "value": value, "kind": r.kind, "bullet": r.bullet, "title": r.title })
                })
                .collect();
            Verdict::compare(expected, Value::Array(got))
        }
        "recipients" | "info_recipients" => {
            let rec = text_record(input);
            let info = case.area == "info_recipients";
            Verdict::compare(expected, addressees(&rec, info))
        }
        "clean_content" => {
            // cablekit does not rewrite the text; the cleaned body is the
            // record's paragraphs (numbers and portion marks removed).
            let rec = text_record(input);
            let got = if rec.paragraphs.is_empty() {
                squash(&rec.text)
            } else {
                squash(
                    &rec.paragraphs
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            };
            let want = expected.as_str().map(squash);
            Verdict {
                pass: want.as_deref() == Some(got.as_str()),
                got: Value::String(got),
                note: None,
            }
        }
        other => Verdict::fail(format!("unknown area {other:?}: no mapping onto cablekit")),
    }
}

fn opt_str(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::String)
}

/// Collapse runs of whitespace to one space and trim.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A plain-text cable (or fragment of one) through the whole pipeline.
fn text_record(text: &str) -> Record {
    let input = CableInput::new(text.to_owned(), Form::Text);
    cablekit_pipeline::process(&input, "peer", &Options::default())
}

/// A whole page (HTML) through the pipeline, form detected from the bytes.
fn page_record(page: &str) -> Result<Record, String> {
    let mut inputs = forms::read_bytes(page.as_bytes().to_vec(), None);
    match inputs.next() {
        Some(Ok(input)) => Ok(cablekit_pipeline::process(
            &input,
            "peer",
            &Options::default(),
        )),
        Some(Err(e)) => Err(format!("forms: {}: {}", e.error.kind, e.error.message)),
        None => Err("forms: no cable in the page".into()),
    }
}

/// A fragment holding REF lines, parsed knowing the citing cable's year
/// (`args.year`) and id (`args.reference_id`), which a whole cable would
/// give through its date-time group and classification line.
fn references_record(text: &str, args: &Value) -> Record {
    let rec = text_record(text);
    let year = args["year"].as_i64().and_then(|y| i32::try_from(y).ok());
    let reference_id = args["reference_id"].as_str();
    if year.is_none() && reference_id.is_none() {
        return rec;
    }
    let mut known = Record {
        id: reference_id.map(str::to_owned),
        ..Record::default()
    };
    if let Some(date) = year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
        && let Some(dt) = date.and_hms_opt(0, 0, 0)
    {
        known.header.dtg = Some(Utc.from_utc_datetime(&dt));
    }
    body::parse_body(&rec.text, 0, &mut known);
    known
}

/// TO (or INFO) addressees in cablemap's shape; the XMT (excluded)
/// addressees belong to the last addressee of the list just before them.
fn addressees(rec: &Record, info: bool) -> Value {
    let list: &[Addressee] = if info {
        &rec.header.info
    } else {
        &rec.header.to
    };
    let xmt_owner_is_info = !rec.header.info.is_empty();
    let excluded: Vec<&str> = rec.header.xmt.iter().map(|a| a.name.as_str()).collect();
    let n = list.len();
    let out: Vec<Value> = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let owns_xmt = i + 1 == n && info == xmt_owner_is_info;
            let ex: Vec<&str> = if owns_xmt { excluded.clone() } else { vec![] };
            json!({
                "route": a.routing_indicator,
                "name": a.name,
                "precedence": a.precedence,
                "mcn": a.sequence,
                "excluded": ex,
            })
        })
        .collect();
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(name: &str) -> Addressee {
        Addressee {
            name: name.to_owned(),
            ..Addressee::default()
        }
    }

    #[test]
    fn xmt_belongs_to_the_last_addressee_before_it() {
        let mut rec = Record::default();
        rec.header.to = vec![
            addr("SECSTATE WASHDC"),
            addr("EUROPEAN POLITICAL COLLECTIVE"),
        ];
        rec.header.xmt = vec![addr("AMEMBASSY SOFIA")];
        let to = addressees(&rec, false);
        assert_eq!(to[0]["excluded"], json!([]));
        assert_eq!(to[1]["excluded"], json!(["AMEMBASSY SOFIA"]));
        rec.header.info = vec![addr("ALL DIPLOMATIC AND CONSULAR POSTS")];
        assert_eq!(addressees(&rec, false)[1]["excluded"], json!([]));
        assert_eq!(
            addressees(&rec, true)[0]["excluded"],
            json!(["AMEMBASSY SOFIA"])
        );
    }

    #[test]
    fn shorten_keeps_char_boundaries() {
        let s = "ü".repeat(400);
        let short = shorten(&s, 10);
        assert!(short.starts_with("üüüüü [...] "));
        assert_eq!(shorten("abc", 10), "abc");
    }

    #[test]
    fn unknown_area_is_a_failed_case() {
        let case = Case {
            area: "no-such-area".into(),
            id: "x".into(),
            input: json!("text"),
            expected: json!("text"),
            args: Value::Null,
        };
        let v = run_case(&case);
        assert!(!v.pass);
        assert!(v.note.is_some());
    }

    #[test]
    fn id_cases_run_through_the_library() {
        let case = Case {
            area: "malformed_ids".into(),
            id: "x".into(),
            input: json!("10EFTOKABUL668"),
            expected: json!("10KABUL668"),
            args: Value::Null,
        };
        assert!(run_case(&case).pass);
    }
}
