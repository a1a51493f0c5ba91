//! Single-core time per stage over the cables of a file or folder, in MB/s
//! of cable text (the text the form reader hands on).
//!
//! Every cable is read first (up to `--max-mb`, default 64, held in
//! memory); then normalizing, the grammar (over the clean text), both again
//! with each cable run twice in a row and only the second run timed (warm
//! branch predictors and caches: what a cable costs beyond its
//! instructions), the whole of [`process`] and JSON serialisation are each
//! timed on one thread, with the allocator the `cablekit` binary uses
//! (mimalloc). `cargo xtask bench`
//! runs this over its archive; for profiling:
//!
//! ```text
//! cargo run --release -p cablekit-pipeline --example stage_times -- PATH [--max-mb N] [--runs N]
//! ```
use cablekit_pipeline::record::{FieldSet, json};
use cablekit_pipeline::{forms, grammar, normalize, process};
use std::path::PathBuf;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How to call the example.
const USAGE: &str = "usage: stage_times PATH [--max-mb N] [--runs N]";

fn main() {
    let mut path = None;
    let mut max_mb = 64usize;
    let mut runs = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max-mb" => {
                max_mb = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--max-mb N")
            }
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            flag if flag.starts_with('-') => {
                eprintln!("stage_times: unknown option {flag:?}\n{USAGE}");
                std::process::exit(2);
            }
            _ => path = Some(PathBuf::from(a)),
        }
    }
    let Some(root) = path else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    if !root.exists() {
        eprintln!("stage_times: {}: no such file or folder", root.display());
        std::process::exit(2);
    }
    let files: Vec<PathBuf> = if root.is_dir() {
        let mut v: Vec<_> = std::fs::read_dir(&root)
            .expect("a readable folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        v
    } else {
        vec![root.clone()]
    };
    let mut inputs = Vec::new();
    let mut bytes = 0;
    'files: for f in &files {
        for input in forms::read_path(f, None).flatten() {
            bytes += input.text.len();
            inputs.push(input);
            if bytes >= max_mb << 20 {
                break 'files;
            }
        }
    }
    if inputs.is_empty() {
        eprintln!("stage_times: no cable read from {}", root.display());
        std::process::exit(1);
    }
    let mb = bytes as f64 / 1e6;
    let o = normalize::Options::default();
    let runs = runs.max(1);

    let clean: Vec<String> = inputs
        .iter()
        .map(|i| normalize::normalize(&i.text, &o).text)
        .collect();
    let norm = best_of(runs, || {
        for i in &inputs {
            std::hint::black_box(normalize::normalize(&i.text, &o));
        }
    });
    let gram = best_of(runs, || {
        for c in &clean {
            std::hint::black_box(grammar::parse(c));
        }
    });
    // each cable a second time right after the first, only the second
    // timed: the branch predictors and caches have just seen this cable.
    // What the cold figure above costs more than this is not instructions
    // but meeting the cable first: branches that depend on its text
    // mispredicted, its data not yet in cache.
    let warm = best_of_sum(runs, || {
        let mut second = 0.0;
        for i in &inputs {
            let n = normalize::normalize(&i.text, &o);
            std::hint::black_box(grammar::parse(&n.text));
            let t = Instant::now();
            let n = normalize::normalize(&i.text, &o);
            std::hint::black_box(grammar::parse(&n.text));
            second += t.elapsed().as_secs_f64();
        }
        second
    });
    let whole = best_of(runs, || {
        for i in &inputs {
            std::hint::black_box(process(i, "bench", &o));
        }
    });
    let records: Vec<_> = inputs.iter().map(|i| process(i, "bench", &o)).collect();
    // JSON as `cablekit parse` writes it (the record crate's writer), and
    // the same bytes through serde_json for comparison
    let mut out = Vec::new();
    let json = best_of(runs, || {
        out.clear();
        for r in &records {
            json::write_record(&mut out, r, FieldSet::ALL).expect("JSON of a record");
            out.push(b'\n');
        }
    });
    let mut serde_out = Vec::new();
    let serde = best_of(runs, || {
        serde_out.clear();
        for r in &records {
            serde_json::to_writer(&mut serde_out, r).expect("JSON of a record");
            serde_out.push(b'\n');
        }
    });
    assert!(
        out == serde_out,
        "the record writer differs from serde_json"
    );
    println!(
        "{} cables, {mb:.1} MB of cable text, {:.1} MB of JSON; one thread, best of {runs}\n",
        inputs.len(),
        out.len() as f64 / 1e6
    );
    println!("| stage | seconds | MB/s of cable text |\n|---|---:|---:|");
    for (name, s) in [
        ("normalize", norm),
        ("grammar (over the clean text)", gram),
        ("normalize + grammar", norm + gram),
        (
            "normalize + grammar, each cable a second time right after the first (warm)",
            warm,
        ),
        ("process (normalize, grammar, ids and dates)", whole),
        ("JSON output (the record writer)", json),
        ("JSON output through serde_json, for comparison", serde),
    ] {
        println!("| {name} | {s:.3} | {:.1} |", mb / s);
    }
}

/// The smallest of `runs` results of `f`, which times its own parts and
/// returns their sum in seconds.
fn best_of_sum(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..runs).map(|_| f()).fold(f64::MAX, f64::min)
}

/// The shortest of `runs` timings of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}
