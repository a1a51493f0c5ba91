//! End to end: run the built `cablekit` binary on temporary files and check
//! its exit status, standard output and standard error.
//!
//! Snapshots stay focused on what this crate decides (exit codes, error
//! records, the shape of each output); the parsed values come from the
//! grammar and normalizer crates and have their own tests.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A fictional cable in the 2000s Cablegate text form.
const CABLE: &str = "\
VZCZCXRO1234
OO RUEHAG RUEHROV
DE RUEHVL #0512/01 1231408
ZNY CCCCC ZZH
O 021408Z MAY 08
FM AMEMBASSY VILNIUS
TO RUEHC/SECSTATE WASHDC IMMEDIATE 2345
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
BT
C O N F I D E N T I A L SECTION 01 OF 02 VILNIUS 000512

SIPDIS

E.O. 12958: DECL: 05/02/2018
TAGS: PREL, PGOV, LH
SUBJECT: LITHUANIA: PARLIAMENT DEBATES ENERGY LAW

Classified By: Ambassador John Doe for reasons 1.4 (b) and (d)

1. (C) Summary: The Seimas debated the country,s energy law on May 1. End Summary.

2. (U) Comment: Debate will resume in June. End Comment.
DOE
";

/// A second fictional cable: no envelope, a different id.
const CABLE2: &str = "\
UNCLAS SECTION 01 OF 01 ACCRA 001466

SIPDIS

E.O. 12958: N/A
TAGS: ECON, GH
SUBJECT: GHANA: COCOA HARVEST OUTLOOK

1. (U) The cocoa harvest is expected to rise this year.
SMITH
";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cablekit(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cablekit"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cablekit");
    // Feed standard input from a thread so that a large output cannot
    // block the child while we are still writing.
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = child.wait_with_output().unwrap();
    if let Some(feeder) = feeder {
        feeder.join().unwrap();
    }
    Run {
        code: out.status.code().expect("exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The fields of an error record this crate is responsible for.
fn error_summary(v: &Value) -> Value {
    serde_json::json!({
        "schema": v["schema"],
        "source": v["source"],
        "source_record": v["source_record"],
        "kind": v["error"]["kind"],
        "line": v["error"]["line"],
    })
}

#[test]
fn help_explains_commands_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    let run = cablekit(dir.path(), &["--help"], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("help", run.stdout);
    for cmd in ["clean", "parse", "check", "diff", "rules"] {
        let run = cablekit(dir.path(), &[cmd, "--help"], None);
        assert_eq!(run.code, 0, "{cmd} --help");
        assert!(run.stdout.contains("Example"), "{cmd} --help has examples");
    }
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    write(dir.path(), "b.txt", CABLE2);
    let cases: &[&[&str]] = &[
        &["frobnicate"],
        &["parse", "--format", "xml", "a.txt"],
        &["parse", "--from", "papyrus", "a.txt"],
        &["parse", "--jobs", "0", "a.txt"],
        &["clean", "a.txt", "b.txt"],
        &["diff", "--context", "x", "a.txt"],
        &["parse", "--fields", "id,title", "a.txt"],
        &["parse", "--fields", "", "a.txt"],
        &["parse", "--format", "csv", "--fields", "id", "a.txt"],
        &[],
    ];
    for args in cases {
        let run = cablekit(dir.path(), args, None);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
    let run = cablekit(dir.path(), &["clean", "a.txt", "b.txt"], None);
    insta::assert_snapshot!("clean_several_without_out_dir", run.stderr);
}

#[test]
fn rule_options_reach_the_normalizer() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    let rules = cablekit(dir.path(), &["rules"], None);
    assert_eq!(rules.code, 0);
    assert!(
        rules.stdout.contains("comma-apostrophe\n"),
        "{}",
        rules.stdout
    );

    let run = cablekit(
        dir.path(),
        &["parse", "--skip-rule", "no-such-rule", "a.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-rule"), "{}", run.stderr);
    let run = cablekit(
        dir.path(),
        &["clean", "--rules", "layout,nope", "a.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);

    let clean = cablekit(dir.path(), &["clean", "a.txt"], None);
    assert!(
        clean.stdout.contains("country's energy law"),
        "{}",
        clean.stdout
    );
    let skip = cablekit(
        dir.path(),
        &["clean", "--skip-rule", "comma-apostrophe", "a.txt"],
        None,
    );
    assert_eq!(skip.code, 0, "{}", skip.stderr);
    assert!(
        skip.stdout.contains("country,s energy law"),
        "{}",
        skip.stdout
    );
    let only = cablekit(
        dir.path(),
        &["diff", "--edits", "--rules", "comma-apostrophe", "a.txt"],
        None,
    );
    assert_eq!(only.code, 0, "{}", only.stderr);
    let rules: Vec<&str> = only
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(rules, ["comma-apostrophe"], "{}", only.stdout);
}

#[test]
fn parse_one_file_is_one_pretty_object() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "08VILNIUS512.txt", CABLE);
    let run = cablekit(dir.path(), &["parse", "08VILNIUS512.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("{\n  \""), "pretty JSON");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["source"], "08VILNIUS512.txt");
    assert_eq!(v["form"], "text");
    assert_eq!(v["id"], "08VILNIUS512");
    assert!(v["text"].as_str().unwrap().contains("PARLIAMENT DEBATES"));
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn parse_several_is_json_lines_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/b/2.txt", CABLE2);
    write(dir.path(), "in/a.txt", CABLE);
    write(
        dir.path(),
        "in/README.md",
        "not a cable, skipped in folders",
    );
    write(dir.path(), "z.txt", CABLE2);
    let run = cablekit(dir.path(), &["parse", "z.txt", "in"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = jsonl(&run.stdout);
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["z.txt", "in/a.txt", "in/b/2.txt"]);
    // A folder alone is several inputs too.
    let run = cablekit(dir.path(), &["parse", "in"], None);
    assert_eq!(jsonl(&run.stdout).len(), 2);
}

#[test]
fn fields_choose_what_each_record_holds() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    write(dir.path(), "empty.txt", "");
    let whole = cablekit(dir.path(), &["parse", "-f", "jsonl", "a.txt"], None);
    let whole = &jsonl(&whole.stdout)[0];
    let run = cablekit(
        dir.path(),
        &[
            "parse",
            "-f",
            "jsonl",
            "--fields",
            "tags,id,subject",
            "a.txt",
            "empty.txt",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = jsonl(&run.stdout);
    // the cable: schema and the chosen fields, in the record's order, with
    // the values of the whole record
    let cable = records[0].as_object().unwrap();
    let keys = ["schema", "id", "tags", "subject"];
    assert_eq!(cable.len(), keys.len());
    let line = run.stdout.lines().next().unwrap();
    let at: Vec<usize> = keys
        .iter()
        .map(|k| line.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.is_sorted(), "{line}");
    for k in keys {
        assert_eq!(cable[k], whole[k], "{k}");
    }
    assert_eq!(cable["id"], "08VILNIUS512");
    // an error record is written whole
    assert_eq!(records[1]["error"]["kind"], "empty");
    assert_eq!(records[1]["source"], "empty.txt");
    // pretty JSON too
    let run = cablekit(dir.path(), &["parse", "--fields", "date", "a.txt"], None);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"schema": 1, "date": whole["date"]}));
    assert!(run.stdout.contains("\n  \"date\""));
}

#[test]
fn output_is_the_same_whatever_the_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..70 {
        let text = if i % 3 == 0 { CABLE } else { CABLE2 };
        write(dir.path(), &format!("in/{i:03}.txt"), text);
    }
    write(dir.path(), "in/050-empty.txt", "");
    let one = cablekit(dir.path(), &["parse", "-j", "1", "in"], None);
    let four = cablekit(dir.path(), &["parse", "--jobs", "4", "in"], None);
    assert_eq!(one.code, 1, "the empty file fails");
    assert_eq!(one.stdout, four.stdout);
    let records = jsonl(&one.stdout);
    assert_eq!(records.len(), 71, "one record per input, none lost");
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "input order");
    // Piped: no progress bar on stderr, only the error line and summary.
    assert!(!one.stderr.contains('\r'), "{}", one.stderr);
    assert!(one.stderr.contains("in/050-empty.txt"), "{}", one.stderr);
    let quiet = cablekit(dir.path(), &["parse", "-q", "in"], None);
    assert!(!quiet.stderr.contains("error record"), "{}", quiet.stderr);
}

#[test]
fn error_records_for_empty_binary_missing_and_truncated_inputs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\xff\xfe\x00\x00\x03\x00>\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    write(dir.path(), "good.txt", CABLE);
    let row = |n: u32, id: &str, body: &str| {
        format!(
            "\"{n}\",\"5/2/2008 14:08\",\"{id}\",\"Embassy Vilnius\",\"CONFIDENTIAL\",\"\",\"O 021408Z MAY 08\nFM AMEMBASSY VILNIUS\nTO SECSTATE WASHDC IMMEDIATE 2345\n\",\"{body}\"\n"
        )
    };
    let body = |serial: u32| {
        format!(
            "C O N F I D E N T I A L VILNIUS 000{serial}\n\nE.O. 12958: DECL: 05/02/2018\nTAGS: PREL, LH\nSUBJECT: LITHUANIA: ENERGY\n\n1. (C) Text.\n"
        )
    };
    let mut csv = row(1, "08VILNIUS512", &body(512));
    csv.push_str(&row(2, "08VILNIUS513", &body(513)));
    csv.push_str("\"3\",\"5/2/2008 14:08\",\"08VILNIUS514\",\"Embassy Vilnius\",\"CONFIDENTIAL\",\"\",\"O 021408Z MAY 08\nFM AMEMBASSY VILNIUS\n");
    write(dir.path(), "cables.csv", csv);
    let run = cablekit(
        dir.path(),
        &[
            "parse",
            "--format",
            "jsonl",
            "empty.txt",
            "binary.txt",
            "missing.txt",
            "good.txt",
            "cables.csv",
        ],
        None,
    );
    assert_eq!(run.code, 1, "some inputs failed");
    let records = jsonl(&run.stdout);
    let summary: Vec<Value> = records
        .iter()
        .map(|r| {
            if r.get("error").is_some() {
                error_summary(r)
            } else {
                serde_json::json!({"source": r["source"], "source_record": r["source_record"], "id": r["id"], "form": r["form"]})
            }
        })
        .collect();
    insta::assert_json_snapshot!("error_records", summary);
    for record in records.iter().filter(|r| r.get("error").is_some()) {
        let message = record["error"]["message"].as_str().unwrap();
        assert!(!message.is_empty());
        let source = record["source"].as_str().unwrap();
        assert!(
            run.stderr.contains(source),
            "stderr names {source}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("missing.txt"),
        "the missing file is named: {}",
        run.stderr
    );
}

/// A `cables.csv` row of a fictional cable (8 fields, backslash escaping).
fn csv_row(n: u32) -> String {
    let serial = 500 + n;
    format!(
        "\"{n}\",\"5/2/2008 14:08\",\"08VILNIUS{serial}\",\"Embassy Vilnius\",\"CONFIDENTIAL\",\"\",\"O 021408Z MAY 08\nFM AMEMBASSY VILNIUS\nTO SECSTATE WASHDC IMMEDIATE 2345\n\",\"C O N F I D E N T I A L VILNIUS 000{serial}\n\nE.O. 12958: DECL: 05/02/2018\nTAGS: PREL, LH\nSUBJECT: LITHUANIA: THE SEIMAS\\\" ENERGY LAW\n\n1. (C) The country,s text.\n\"\n"
    )
}

#[test]
fn a_large_csv_is_streamed_in_order_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (1..=300).map(csv_row).collect();
    write(dir.path(), "cables.csv", rows);
    let one = cablekit(
        dir.path(),
        &["parse", "-j", "1", "--format", "jsonl", "cables.csv"],
        None,
    );
    let two = cablekit(
        dir.path(),
        &["parse", "-j", "2", "--format", "jsonl", "cables.csv"],
        None,
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout == two.stdout, "same output for 1 and 2 jobs");
    let records = jsonl(&one.stdout);
    assert_eq!(records.len(), 300);
    for (i, r) in records.iter().enumerate() {
        let n = i as u64 + 1;
        assert_eq!(r["source_record"], n);
        assert_eq!(r["form"], "csv");
        assert_eq!(r["id"], format!("08VILNIUS{}", 500 + n));
    }
    // `json` on one file prints each record pretty, one after another.
    let pretty = cablekit(dir.path(), &["parse", "cables.csv"], None);
    let values: Vec<Value> = serde_json::Deserializer::from_str(&pretty.stdout)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect();
    assert_eq!(values.len(), 300);
    // A gzip-compressed archive, from a folder and from standard input.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(
        std::fs::read(dir.path().join("cables.csv"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    let gz = gz.finish().unwrap();
    write(dir.path(), "archive/cables.csv.gz", &gz);
    let from_dir = cablekit(dir.path(), &["parse", "-j", "2", "archive"], None);
    assert_eq!(from_dir.code, 0, "{}", from_dir.stderr);
    assert_eq!(
        from_dir
            .stdout
            .replace("\"archive/cables.csv.gz\"", "\"cables.csv\""),
        one.stdout
    );
    let from_stdin = cablekit(dir.path(), &["parse", "--format", "jsonl"], Some(&gz));
    assert_eq!(
        from_stdin
            .stdout
            .replace("\"source\":\"-\"", "\"source\":\"cables.csv\""),
        one.stdout
    );
    // `clean` separates the cables of one input with form feeds.
    let clean = cablekit(dir.path(), &["clean", "cables.csv"], None);
    assert_eq!(clean.stdout.matches("\x0c\n").count(), 299);
}

/// A JSON array export of many cables (one with a broken element) is read
/// element by element: every element is a record or an error record, in
/// order, the same on one job and on two, and the broken one makes the
/// exit status 1.
#[test]
fn a_json_array_export_is_read_element_by_element() {
    let dir = tempfile::tempdir().unwrap();
    let objects: Vec<String> = (1..=300)
        .map(|n| {
            if n == 150 {
                "{\"body\": broken}".to_owned()
            } else {
                let serial = 500 + n;
                let body = format!(
                    "C O N F I D E N T I A L VILNIUS 000{serial}\n\nE.O. 12958: DECL: 05/02/2018\nTAGS: PREL, LH\nSUBJECT: THE \"SEIMAS\" [ENERGY] LAW, {{2}}\n\n1. (C) Text."
                );
                serde_json::json!({"_id": format!("08VILNIUS{serial}"), "date_time": "2008-05-02 14:08", "body": body}).to_string()
            }
        })
        .collect();
    write(
        dir.path(),
        "export.json",
        format!("[\n{}\n]\n", objects.join(",\n")),
    );
    let one = cablekit(
        dir.path(),
        &["parse", "-j", "1", "--format", "jsonl", "export.json"],
        None,
    );
    let two = cablekit(
        dir.path(),
        &["parse", "-j", "2", "--format", "jsonl", "export.json"],
        None,
    );
    assert_eq!(one.code, 1, "{}", one.stderr);
    assert!(one.stdout == two.stdout, "same output for 1 and 2 jobs");
    let records = jsonl(&one.stdout);
    assert_eq!(records.len(), 300);
    for (i, r) in records.iter().enumerate() {
        let n = i as u64 + 1;
        assert_eq!(r["source_record"], n);
        if n == 150 {
            assert_eq!(r["error"]["kind"], "invalid-json", "{r}");
            assert_eq!(r["error"]["line"], 151, "{r}");
        } else {
            assert_eq!(r["form"], "json");
            assert_eq!(r["id"], format!("08VILNIUS{}", 500 + n));
        }
    }
    assert!(one.stderr.contains("export.json:151"), "{}", one.stderr);
}

#[test]
fn standard_input_is_source_dash() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["parse"][..], &["parse", "-"][..]] {
        let run = cablekit(dir.path(), args, Some(CABLE.as_bytes()));
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(v["source"], "-");
        assert_eq!(v["id"], "08VILNIUS512");
    }
    let run = cablekit(dir.path(), &["parse"], Some(b""));
    assert_eq!(run.code, 1);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    insta::assert_json_snapshot!("stdin_empty", error_summary(&v));
}

#[test]
fn clean_prints_text_or_writes_one_file_per_cable() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    write(dir.path(), "b.txt", CABLE);
    write(dir.path(), "c.txt", CABLE2);
    write(dir.path(), "nothing here.txt", "Hello.\n");
    let run = cablekit(dir.path(), &["clean", "a.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("SUBJECT: LITHUANIA"), "{}", run.stdout);
    assert!(!run.stdout.contains("\x0c"));

    let run = cablekit(
        dir.path(),
        &[
            "clean",
            "--out-dir",
            "out",
            "a.txt",
            "b.txt",
            "c.txt",
            "nothing here.txt",
        ],
        None,
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    insta::assert_debug_snapshot!("clean_out_dir_names", (run.code, names));
    let a = std::fs::read_to_string(dir.path().join("out/08VILNIUS512.txt")).unwrap();
    let b = std::fs::read_to_string(dir.path().join("out/08VILNIUS512-2.txt")).unwrap();
    assert_eq!(a, b);
    assert!(a.ends_with('\n'));
}

#[test]
fn wrap_lays_out_clean_text_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    let plain = cablekit(dir.path(), &["clean", "a.txt"], None);
    let wrapped = cablekit(dir.path(), &["clean", "--wrap", "30", "a.txt"], None);
    assert_eq!(wrapped.code, 0, "{}", wrapped.stderr);
    // Paragraph 1 is one line unwrapped, several lines of at most 30
    // columns wrapped.
    let paragraph = |text: &str| -> Vec<String> {
        text.lines()
            .skip_while(|l| !l.starts_with("1. (C)"))
            .take_while(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(paragraph(&plain.stdout).len(), 1, "{}", plain.stdout);
    let lines = paragraph(&wrapped.stdout);
    assert!(lines.len() >= 3, "{}", wrapped.stdout);
    assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(&plain.stdout), words(&wrapped.stdout));
    // Records are always read from the unwrapped text: `parse` has no
    // `--wrap`, and `clean --wrap --out-dir` still names files by cable id.
    let run = cablekit(dir.path(), &["parse", "--wrap", "30", "a.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = cablekit(
        dir.path(),
        &["clean", "--wrap", "30", "--out-dir", "out", "a.txt"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = std::fs::read_to_string(dir.path().join("out/08VILNIUS512.txt")).unwrap();
    assert_eq!(file, wrapped.stdout);
}

#[test]
fn parse_csv_is_a_flat_table() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    write(dir.path(), "c.txt", CABLE2);
    write(dir.path(), "empty.txt", "");
    let run = cablekit(
        dir.path(),
        &["parse", "--format", "csv", "a.txt", "c.txt", "empty.txt"],
        None,
    );
    assert_eq!(run.code, 1);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    insta::assert_snapshot!("csv_header", headers.iter().collect::<Vec<_>>().join(","));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "one row per cable or error");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("source")], "a.txt");
    assert_eq!(&rows[0][col("id")], "08VILNIUS512");
    assert_eq!(&rows[0][col("error_kind")], "");
    assert!(rows[0][col("tags")].split('|').any(|t| t == "PREL"));
    assert_eq!(&rows[2][col("source")], "empty.txt");
    assert_ne!(&rows[2][col("error_kind")], "");
}

#[test]
fn check_renders_like_a_compiler_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    write(dir.path(), "empty.txt", "");
    write(
        dir.path(),
        "prose.txt",
        "Dear diary,\nnothing happened today.\n",
    );
    let run = cablekit(dir.path(), &["check", "a.txt"], None);
    assert!(
        run.stdout.contains("checked 1 cable from 1 input"),
        "{}",
        run.stdout
    );
    let run = cablekit(dir.path(), &["check", "empty.txt", "prose.txt"], None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("empty.txt"),
        "names the file: {}",
        run.stdout
    );
    // Any rendered diagnostic points at file:line:col with the source line.
    if run.stdout.contains("prose.txt:") {
        assert!(
            run.stdout.contains("--> prose.txt:1:") || run.stdout.contains("--> prose.txt:2:"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains(" | "), "{}", run.stdout);
    }
    let last = run
        .stdout
        .lines()
        .rfind(|l| l.starts_with("checked"))
        .unwrap();
    assert!(last.contains("from 2 inputs"), "{last}");
    assert!(!run.stdout.contains("\x1b["), "no colour when piped");
    let run = cablekit(
        dir.path(),
        &["check", "--color", "always", "empty.txt"],
        None,
    );
    assert!(run.stdout.contains("\x1b["), "colour when asked");
}

#[test]
fn diff_shows_what_clean_changed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CABLE);
    let run = cablekit(dir.path(), &["diff", "a.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("\x1b["), "no colour when piped");
    assert!(run.stdout.starts_with("--- a.txt\n+++ a.txt (clean)\n@@ "));
    assert!(
        run.stdout
            .contains("\n-1. (C) Summary: The Seimas debated the country,s")
    );
    assert!(
        run.stdout
            .contains("\n+1. (C) Summary: The Seimas debated the country's")
    );
    let edits = cablekit(dir.path(), &["diff", "--edits", "a.txt"], None);
    assert_eq!(edits.code, 0);
    assert!(edits.stdout.starts_with("RULE "), "{}", edits.stdout);
    assert!(
        edits
            .stdout
            .contains("\ncomma-apostrophe    20  \",\"     \"'\""),
        "{}",
        edits.stdout
    );
    // Snapshots with one rule only, so that they show this crate's layout of
    // a diff and of the edits table, not the normalizer's other rules.
    let one = ["--rules", "comma-apostrophe", "a.txt"];
    let run = cablekit(dir.path(), &[&["diff"][..], &one].concat(), None);
    insta::assert_snapshot!("diff", run.stdout);
    let edits = cablekit(dir.path(), &[&["diff", "--edits"][..], &one].concat(), None);
    insta::assert_snapshot!("diff_edits", edits.stdout);
    let colored = cablekit(
        dir.path(),
        &[&["diff", "--color", "always"][..], &one].concat(),
        None,
    );
    assert!(
        colored.stdout.contains("\x1b[31m-1. (C) Summary"),
        "{}",
        colored.stdout
    );
    assert!(
        colored.stdout.contains("\x1b[32m+1. (C) Summary"),
        "{}",
        colored.stdout
    );
    let missing = cablekit(dir.path(), &["diff", "missing.txt"], None);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("missing.txt"));
}

#[test]
fn rules_lists_rules() {
    let dir = tempfile::tempdir().unwrap();
    let run = cablekit(dir.path(), &["rules"], None);
    assert_eq!(run.code, 0);
    assert!(!run.stdout.is_empty());
}
