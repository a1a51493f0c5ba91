//! `cargo xtask bench [--size MB] [--runs N] [--pgo]`: end-to-end throughput.
//!
//! Builds (once, cached in `target/bench/`) an archive of at least `--size`
//! MB (default 256) in the `cables.csv` form from the Cablegate pages of
//! `../shared/corpus/bulk/` (repeated as needed, with fresh row numbers),
//! builds the release `cablekit`, then times in the same run `wc -l` over the
//! file and `cablekit parse --format jsonl` over it, single-threaded
//! (`--jobs 1`), on all cores, and with one job pinned to one core by
//! `taskset` when present (`--jobs 1` reads and writes on a second thread,
//! which a second core runs alongside), over the folder of pages itself,
//! over each form's folder of `../shared/corpus/real` (repeated to at
//! least 40 MB), and over the first cables of the archive as a JSON array
//! and as JSON Lines (64 MB each, the multi-cable JSON exports),
//! and prints MB/s, cables/s, the ratio to
//! `wc -l`, and peak memory (via `/usr/bin/time` when present), also with
//! `--jobs 32` (the memory of a 32-thread machine). It also
//! checks that the output is identical whatever the number of jobs (a hash
//! of standard output), and runs the `stage_times` example of
//! cablekit-pipeline: normalize and the grammar timed in process on one
//! core, the figure the single-core goal is about. With `--pgo` it measures
//! the profile-guided build of `cargo xtask pgo` instead of the plain
//! release build.

use anyhow::{Context, bail};
use cablekit_pipeline::forms::{self, CableInput};
use cablekit_pipeline::normalize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut size_mb: u64 = 256;
    let mut runs: usize = 1;
    let mut pgo = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--size" => size_mb = it.next().context("--size MB")?.parse()?,
            "--runs" => runs = it.next().context("--runs N")?.parse()?,
            "--pgo" => pgo = true,
            other => {
                bail!("usage: cargo xtask bench [--size MB] [--runs N] [--pgo]; unknown {other:?}")
            }
        }
    }
    let root = crate::codegen::root();
    let bulk = root.join("../shared/corpus/bulk/cablegate-2010-12");
    if !bulk.is_dir() {
        println!("skipping: {} is absent", bulk.display());
        return Ok(());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let archive = target.join(format!("bench/cables-v2-{size_mb}MB.csv"));
    let (bytes, rows) = build_archive(&bulk, &archive, size_mb << 20)?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average: {} (wall-clock figures are only meaningful on an idle machine)",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "archive: {} ({:.1} MB, {rows} rows)",
        archive.display(),
        bytes as f64 / 1e6
    );

    let (cablekit, stage_times) = if pgo {
        let built = crate::pgo::build(&[])?;
        println!(
            "binaries: the profile-guided build (cargo xtask pgo), trained on {}",
            built
                .trained_on
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        (built.cablekit, built.stage_times)
    } else {
        println!("building the release cablekit and the stage timer…");
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            // with a target flag, cargo builds only the named targets: the
            // binary is named too, or a fresh target dir would lack it
            .args(["build", "--release", "--quiet", "-p", "cablekit-cli"])
            .args(["--bin", "cablekit"])
            .args(["-p", "cablekit-pipeline", "--example", "stage_times"])
            .current_dir(&root)
            .status()?;
        if !status.success() {
            bail!("cargo build --release failed");
        }
        (
            target.join("release/cablekit"),
            target.join("release/examples/stage_times"),
        )
    };

    let mb = bytes as f64 / 1e6;
    let mut wc_best = f64::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let out = Command::new("wc").arg("-l").arg(&archive).output()?;
        wc_best = wc_best.min(started.elapsed().as_secs_f64());
        if !out.status.success() {
            bail!("wc -l failed");
        }
    }
    println!(
        "\n| run | seconds | MB/s | cables/s | × wc -l | CPU s | MB per CPU s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    println!(
        "| wc -l | {wc_best:.3} | {:.0} | – | 1.0 | – | – | – |",
        mb / wc_best
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // every field but the three large ones (`--fields`)
    let lean: Vec<&str> = cablekit_pipeline::record::RECORD_FIELDS
        .iter()
        .copied()
        .filter(|f| !["text", "paragraphs", "edits"].contains(f))
        .collect();
    let lean = lean.join(",");
    let lean_args = ["--fields", lean.as_str()];
    // one job pinned to one core: `--jobs 1` alone still reads and writes
    // on a second thread, which a second core runs alongside
    let pin = Path::new(TASKSET).exists();
    let mut variants: Vec<Variant> = vec![
        Variant::jobs(1),
        Variant::jobs(threads),
        Variant {
            extra: &lean_args,
            label: " --fields (all but text, paragraphs, edits)".into(),
            ..Variant::jobs(threads)
        },
    ];
    if pin {
        variants.push(Variant {
            label: " pinned to one core (taskset -c 0)".into(),
            pin: true,
            ..Variant::jobs(1)
        });
    }
    // rounds of all variants in turn, so that the machine's drift hits
    // each variant alike
    let mut measured: Vec<Vec<Measure>> = variants.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (v, variant) in variants.iter().enumerate() {
            measured[v].push(measure(&cablekit, &[&archive], variant)?);
        }
    }
    for (variant, ms) in variants.iter().zip(&measured) {
        let m = ms
            .iter()
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
            .context("no run")?;
        println!(
            "| cablekit parse --jobs {}{} | {:.3} | {:.1} | {:.0} | {:.1} | {} | {} |",
            variant.jobs,
            variant.label,
            m.seconds,
            mb / m.seconds,
            rows as f64 / m.seconds,
            m.seconds / wc_best,
            m.cpu_columns(mb),
            m.rss_column(),
        );
    }
    // all cores against one, round by round (a lucky best run of either
    // would skew a ratio of bests): against `--jobs 1`, and against one job
    // pinned to one core
    let mut scaling = scaling_line(
        &format!("{threads} jobs against 1"),
        &measured[0],
        &measured[1],
    );
    if pin {
        scaling.push('\n');
        scaling.push_str(&scaling_line(
            &format!("{threads} jobs on all cores against 1 job pinned to one core"),
            &measured[3],
            &measured[1],
        ));
    }
    // The folder of pages itself: many small inputs (HTML decoding, one
    // cable each).
    let pages: Vec<PathBuf> = std::fs::read_dir(&bulk)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let pages_mb = pages
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6;
    for jobs in [1, threads] {
        let m = measure(&cablekit, &[&bulk], &Variant::jobs(jobs))?;
        println!(
            "| cablekit parse --jobs {jobs} on the {} pages ({pages_mb:.1} MB of HTML) | {:.3} | {:.1} | {:.0} | – | {} | {} |",
            pages.len(),
            m.seconds,
            pages_mb / m.seconds,
            pages.len() as f64 / m.seconds,
            m.cpu_columns(pages_mb),
            m.rss_column(),
        );
    }
    println!("\n{scaling}");
    // Peak memory as a machine of many threads would run the archive:
    // every thread at work holds memory of its own (one run; its time
    // means nothing on fewer cores)
    let many = measure(&cablekit, &[&archive], &Variant::jobs(MANY_JOBS))?;
    println!(
        "peak memory with --jobs {MANY_JOBS} (as a {MANY_JOBS}-thread machine runs it): {} MB",
        many.rss_column()
    );
    forms(&cablekit, &root.join("../shared/corpus/real"), runs)?;
    json_exports(&cablekit, &bulk, &target.join("bench"), runs, threads)?;
    // Normalize + grammar on one core, in process (the single-core
    // figure), stage by stage.
    let status = Command::new(&stage_times)
        .arg(&archive)
        .args(["--runs", &runs.max(3).to_string()])
        .status()?;
    if !status.success() {
        bail!("stage_times failed");
    }

    // Same output whatever the number of jobs (on a smaller archive, held
    // in memory).
    let small = target.join("bench/cables-v2-16MB.csv");
    let (_, small_rows) = build_archive(&bulk, &small, 16 << 20)?;
    let one = output(&cablekit, &small, 1)?;
    let all = output(&cablekit, &small, threads.max(2))?;
    let lines = one.iter().filter(|&&b| b == b'\n').count() as u64;
    if lines != small_rows {
        bail!("{lines} output lines for {small_rows} rows: records lost");
    }
    if one != all {
        bail!(
            "output differs between --jobs 1 and --jobs {}",
            threads.max(2)
        );
    }
    println!(
        "\noutput identical for --jobs 1 and --jobs {} ({small_rows} rows, one record each)",
        threads.max(2)
    );
    Ok(())
}

struct Measure {
    seconds: f64,
    /// User + system CPU seconds (from `/usr/bin/time`).
    cpu: Option<f64>,
    peak_kb: Option<u64>,
}

impl Measure {
    /// The table's CPU seconds and MB per CPU second columns, for a run
    /// that read `mb` MB (`?` without `/usr/bin/time`).
    fn cpu_columns(&self, mb: f64) -> String {
        match self.cpu {
            Some(c) => format!("{c:.2} | {:.1}", mb / c),
            None => "? | ?".to_owned(),
        }
    }

    /// The table's peak RSS column, in MB.
    fn rss_column(&self) -> String {
        self.peak_kb
            .map_or("?".to_owned(), |kb| format!("{:.0}", kb as f64 / 1024.0))
    }
}

/// The jobs of the bench's peak-memory run (see [`run`]): a workstation's
/// threads.
const MANY_JOBS: usize = 32;

/// The least a form's run reads, in MB: its folder is named again and again
/// (at most [`FORM_REPEAT_MAX`] times) until the run reads this much.
const FORM_MB: f64 = 40.0;
/// See [`FORM_MB`].
const FORM_REPEAT_MAX: usize = 2000;

/// One job over each folder of `real` (one input form each), best of
/// `runs`: the forms other than `cables.csv` have costs of their own (HTML
/// decoding, JSON, PDF extraction, many small files).
fn forms(cablekit: &Path, real: &Path, runs: usize) -> anyhow::Result<()> {
    if !real.is_dir() {
        println!("\nno forms to time: {} is absent", real.display());
        return Ok(());
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(real)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    println!(
        "\n| form (`../shared/corpus/real`, one job) | inputs | MB | seconds | MB/s | inputs/s | CPU s | MB per CPU s |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    let one = Variant::jobs(1);
    for dir in &dirs {
        let sizes: Vec<u64> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .collect();
        let bytes: u64 = sizes.iter().sum();
        if bytes == 0 {
            continue;
        }
        let repeat = ((FORM_MB * 1e6 / bytes as f64).ceil() as usize).clamp(1, FORM_REPEAT_MAX);
        let inputs: Vec<&Path> = vec![dir.as_path(); repeat];
        let mut best: Option<Measure> = None;
        for _ in 0..runs.max(1) {
            let m = measure(cablekit, &inputs, &one)?;
            if best.as_ref().is_none_or(|b| m.seconds < b.seconds) {
                best = Some(m);
            }
        }
        let m = best.context("no run")?;
        let mb = (bytes as usize * repeat) as f64 / 1e6;
        let n = sizes.len() * repeat;
        println!(
            "| {} ×{repeat} | {n} | {mb:.1} | {:.3} | {:.1} | {:.0} | {} |",
            dir.file_name().unwrap_or_default().to_string_lossy(),
            m.seconds,
            mb / m.seconds,
            n as f64 / m.seconds,
            m.cpu_columns(mb),
        );
    }
    Ok(())
}

/// `taskset`, which pins a run to one core.
const TASKSET: &str = "/usr/bin/taskset";

/// One way of running `cablekit parse`.
struct Variant<'a> {
    jobs: usize,
    /// More arguments.
    extra: &'a [&'a str],
    /// What the table's row adds to `cablekit parse --jobs N`.
    label: String,
    /// Pinned to one core ([`TASKSET`]).
    pin: bool,
}

impl Variant<'_> {
    /// `--jobs jobs`, nothing more.
    fn jobs(jobs: usize) -> Self {
        Self {
            jobs,
            extra: &[],
            label: String::new(),
            pin: false,
        }
    }
}

/// `what, round by round: median R×, lo–hi× over N rounds` of the ratios
/// of `one`'s times to `all`'s.
fn scaling_line(what: &str, one: &[Measure], all: &[Measure]) -> String {
    let mut ratios: Vec<f64> = one
        .iter()
        .zip(all)
        .map(|(one, all)| one.seconds / all.seconds)
        .collect();
    ratios.sort_by(f64::total_cmp);
    match (ratios.first(), ratios.last()) {
        (Some(lo), Some(hi)) => format!(
            "{what}, round by round: median {:.2}×, {lo:.2}–{hi:.2}× over {} rounds",
            ratios[ratios.len() / 2],
            ratios.len()
        ),
        _ => String::new(),
    }
}

/// Run `cablekit parse --format jsonl` over `inputs` as `variant` says,
/// output to /dev/null.
fn measure(cablekit: &Path, inputs: &[&Path], variant: &Variant) -> anyhow::Result<Measure> {
    let time = Path::new("/usr/bin/time");
    let rss_file = std::env::temp_dir().join(format!("cablekit-bench-rss-{}", std::process::id()));
    // [time -f … -o …] [taskset -c 0] cablekit
    let mut chain: Vec<std::ffi::OsString> = Vec::new();
    if time.exists() {
        chain.extend([time.into(), "-f".into(), "%M %U %S".into()]);
        chain.extend(["-o".into(), rss_file.clone().into()]);
    }
    if variant.pin {
        chain.extend([TASKSET.into(), "-c".into(), "0".into()]);
    }
    chain.push(cablekit.into());
    let mut cmd = Command::new(&chain[0]);
    cmd.args(&chain[1..])
        .args(["parse", "--format", "jsonl", "--quiet", "--jobs"])
        .arg(variant.jobs.to_string())
        .args(variant.extra)
        .args(inputs)
        .stdout(std::fs::File::create("/dev/null")?)
        .stderr(Stdio::null());
    let started = Instant::now();
    let status = cmd.status()?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() && status.code() != Some(1) {
        bail!("cablekit failed: {status}");
    }
    let report = std::fs::read_to_string(&rss_file).unwrap_or_default();
    let _ = std::fs::remove_file(&rss_file);
    let fields: Vec<&str> = report
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let peak_kb = fields.first().and_then(|f| f.parse().ok());
    let cpu = match (
        fields.get(1).and_then(|f| f.parse::<f64>().ok()),
        fields.get(2).and_then(|f| f.parse::<f64>().ok()),
    ) {
        (Some(user), Some(system)) => Some(user + system),
        _ => None,
    };
    Ok(Measure {
        seconds,
        cpu,
        peak_kb,
    })
}

/// The output of `cablekit parse --format jsonl --jobs N` over `archive`.
fn output(cablekit: &Path, archive: &Path, jobs: usize) -> anyhow::Result<Vec<u8>> {
    let out = Command::new(cablekit)
        .args(["parse", "--format", "jsonl", "--quiet", "--jobs"])
        .arg(jobs.to_string())
        .arg(archive)
        .stderr(Stdio::null())
        .output()?;
    Ok(out.stdout)
}

/// The size of each JSON export the bench reads, in bytes.
const JSON_EXPORT_BYTES: u64 = 64 << 20;

/// Time one job and all jobs over the archive's cables as a JSON array and
/// as JSON Lines (the multi-cable exports, streamed like `cables.csv`),
/// best of `runs`, and check that both give a record for every object.
fn json_exports(
    cablekit: &Path,
    bulk: &Path,
    dir: &Path,
    runs: usize,
    threads: usize,
) -> anyhow::Result<()> {
    println!(
        "\n| JSON export (the archive's first cables) | seconds | MB/s | cables/s | CPU s | MB per CPU s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|"
    );
    for array in [true, false] {
        let (name, what) = if array {
            ("cables-64MB-array.json", "a JSON array")
        } else {
            ("cables-64MB.jsonl", "JSON Lines")
        };
        let path = dir.join(name);
        let (bytes, objects) = build_export(bulk, &path, array)?;
        let mb = bytes as f64 / 1e6;
        for jobs in [1, threads] {
            let mut best: Option<Measure> = None;
            for _ in 0..runs.max(1) {
                let m = measure(cablekit, &[&path], &Variant::jobs(jobs))?;
                if best.as_ref().is_none_or(|b| m.seconds < b.seconds) {
                    best = Some(m);
                }
            }
            let m = best.context("no run")?;
            println!(
                "| {what}, {objects} objects, `--jobs {jobs}` | {:.3} | {:.1} | {:.0} | {} | {} |",
                m.seconds,
                mb / m.seconds,
                objects as f64 / m.seconds,
                m.cpu_columns(mb),
                m.rss_column(),
            );
        }
        let records = output(cablekit, &path, threads)?
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        if records != objects {
            bail!(
                "{records} records for the {objects} objects of {}",
                path.display()
            );
        }
    }
    Ok(())
}

/// Write a JSON export of at least [`JSON_EXPORT_BYTES`] (an array with one
/// object per line, or JSON Lines) from the pages of `bulk`, unless a
/// complete one is already there; returns its size and number of objects.
fn build_export(bulk: &Path, path: &Path, array: bool) -> anyhow::Result<(u64, u64)> {
    let meta_path = path.with_extension("objects");
    if let (Ok(meta), Ok(n)) = (std::fs::metadata(path), std::fs::read_to_string(&meta_path))
        && let Ok(n) = n.trim().parse()
    {
        return Ok((meta.len(), n));
    }
    let objects: Vec<Vec<u8>> = pages(bulk)?
        .iter()
        .flat_map(|page| forms::read_path(page, None).flatten())
        .map(|input| json_object(&input))
        .collect();
    if objects.is_empty() {
        bail!("no cable read from {}", bulk.display());
    }
    std::fs::create_dir_all(path.parent().context("export folder")?)?;
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let (mut written, mut n) = (0u64, 0u64);
    if array {
        out.write_all(b"[\n")?;
        written += 2;
    }
    for object in objects.iter().cycle() {
        if array && n > 0 {
            out.write_all(b",")?;
            written += 1;
        }
        out.write_all(object)?;
        written += object.len() as u64;
        n += 1;
        if written >= JSON_EXPORT_BYTES {
            break;
        }
    }
    if array {
        out.write_all(b"]\n")?;
        written += 2;
    }
    out.flush()?;
    std::fs::write(&meta_path, n.to_string())?;
    Ok((written, n))
}

/// The Cablegate pages of `bulk`, sorted.
fn pages(bulk: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(bulk)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    Ok(pages)
}

/// Write the archive unless a complete one is already there; returns its
/// size and number of rows.
fn build_archive(bulk: &Path, archive: &Path, min_bytes: u64) -> anyhow::Result<(u64, u64)> {
    let meta_path = archive.with_extension("rows");
    if let (Ok(meta), Ok(rows)) = (
        std::fs::metadata(archive),
        std::fs::read_to_string(&meta_path),
    ) && let Ok(rows) = rows.trim().parse()
    {
        return Ok((meta.len(), rows));
    }
    let mut rows: Vec<Vec<u8>> = Vec::new();
    for page in &pages(bulk)? {
        for input in forms::read_path(page, None).flatten() {
            rows.push(csv_row(&input));
        }
    }
    if rows.is_empty() {
        bail!("no cable read from {}", bulk.display());
    }
    std::fs::create_dir_all(archive.parent().context("archive folder")?)?;
    let mut out = BufWriter::new(std::fs::File::create(archive)?);
    let mut written = 0u64;
    let mut n = 0u64;
    'outer: loop {
        for row in &rows {
            n += 1;
            let prefix = format!("\"{n}\",");
            out.write_all(prefix.as_bytes())?;
            out.write_all(row)?;
            written += (prefix.len() + row.len()) as u64;
            if written >= min_bytes {
                break 'outer;
            }
        }
    }
    out.flush()?;
    std::fs::write(&meta_path, n.to_string())?;
    Ok((written, n))
}

/// The row of `cables.csv` for a cable, without its leading row number:
/// date, reference id, origin, classification, references, header, body.
///
/// The row holds what the real `cables.csv` holds (see the rows of
/// `../shared/corpus/real/csv-row/`): the page's markup decoded (real line
/// ends, no `&#x000A;`, no TAG links or ¶ anchors), the date as
/// `M/D/YYYY H:MM`, and `"` escaped with a backslash.
fn csv_row(input: &CableInput) -> Vec<u8> {
    let mut row = Vec::new();
    for (i, field) in row_fields(input).iter().enumerate() {
        if i > 0 {
            row.push(b',');
        }
        row.push(b'"');
        row.extend_from_slice(field.replace('"', "\\\"").as_bytes());
        row.push(b'"');
    }
    row.push(b'\n');
    row
}

/// The fields of a cable's `cables.csv` row (see [`csv_row`]), unescaped.
fn row_fields(input: &CableInput) -> [String; 7] {
    let meta = input.metadata.clone().unwrap_or_default();
    let markup_only = normalize::Options {
        disabled: normalize::rules()
            .iter()
            .filter(|r| r.id != "markup-residue")
            .map(|r| r.id.to_owned())
            .collect(),
        wrap: None,
    };
    let decoded = normalize::normalize(&input.text, &markup_only)
        .text
        .replace('¶', "");
    let text = decoded.as_str();
    let split = classification_line(text).unwrap_or(0);
    let (header, body) = text.split_at(split);
    [
        csv_date(&meta.created.unwrap_or_default()),
        meta.reference_id.unwrap_or_default(),
        meta.origin.unwrap_or_default(),
        meta.classification.unwrap_or_default(),
        meta.references.join(","),
        header.to_owned(),
        body.to_owned(),
    ]
}

/// A cable as one object of a JSON export (the keys of the Cablegate
/// MongoDB exports), on one line.
fn json_object(input: &CableInput) -> Vec<u8> {
    let [
        created,
        reference_id,
        origin,
        classification,
        references,
        header,
        body,
    ] = row_fields(input);
    let object = serde_json::json!({
        "_id": reference_id,
        "reference_id": reference_id,
        "date_time": created,
        "origin": origin,
        "classification": classification,
        "references": references,
        "header": header,
        "body": body,
    });
    let mut line = serde_json::to_vec(&object).expect("a JSON value is written");
    line.push(b'\n');
    line
}

/// `2000-11-29 13:01` (as the pages show it) → `11/29/2000 13:01` (as
/// `cables.csv` has it); anything else unchanged.
fn csv_date(created: &str) -> String {
    let parts: Vec<&str> = created.split(['-', ' ']).collect();
    match parts.as_slice() {
        [y, m, d, time] => format!(
            "{}/{}/{y} {}",
            m.trim_start_matches('0'),
            d.trim_start_matches('0'),
            time.strip_prefix('0').unwrap_or(time)
        ),
        _ => created.to_owned(),
    }
}

/// The byte offset of the classification line, where `cables.csv` starts
/// the body field.
fn classification_line(text: &str) -> Option<usize> {
    const STARTS: [&str; 7] = [
        "UNCLAS",
        "C O N F",
        "S E C R E T",
        "CONFIDENTIAL",
        "SECRET",
        "LIMITED OFFICIAL USE",
        "U N C L A S",
    ];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if STARTS.iter().any(|s| trimmed.starts_with(s)) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}
