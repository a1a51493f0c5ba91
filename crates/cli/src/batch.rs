//! The batch engine: read every source, process its cables in parallel, and
//! hand the results to a sink in input order, in bounded memory.
//!
//! A sliding window of sources is in flight on the thread pool: each task
//! opens one source, reads its first few cables and processes them. The
//! calling thread writes the results in input order as they complete; there
//! is no barrier, so a slow source holds back only its own output. A source
//! with more cables than that (a `cables.csv`) is then streamed the same way:
//! the calling thread reads chunks of cables and writes results in order
//! while a sliding window of chunks is processed on the pool; a record is
//! decoded (`Pending::finish`) on the worker that processes it, so that the
//! calling thread only splits the stream. Memory holds
//! at most the sources and chunks in flight, whatever the archive's size.
//!
//! Nothing is lost: every cable yields a record and every input (or record of
//! it) that yields no cable an error record. A panic while reading or
//! processing one cable becomes an error record of kind `internal` and the
//! batch goes on.

use crate::inputs::Source;
use cablekit_pipeline::forms::{self, CableInput, Form, Pending, PendingRecords};
use cablekit_pipeline::normalize::Options;
use cablekit_pipeline::record::{ErrorRecord, InputError, Outcome, SCHEMA_VERSION};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::iter::Peekable;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// Cables read from a source before it counts as multi-record and is
/// streamed.
const HEAD: usize = 8;
/// Cables per streamed chunk (one task on the pool). Each chunk costs a
/// hand-over both ways (a task sent to the pool, its results sent back and
/// this thread woken): chunks of 64 took 5–8% less CPU time than chunks of
/// 16 on two workers, for as many cables in flight, in four of five
/// alternated comparisons (see docs/performance.md).
const CHUNK: usize = 64;
/// Streamed chunks in flight, per worker thread: two, so that a worker
/// has the next while this thread waits for the oldest (one alone left
/// workers idle behind a slow chunk: 8% more wall-clock time).
const CHUNKS_PER_THREAD: usize = 2;
/// The most worker threads a multi-record source is streamed on. This
/// thread reads and splits the stream for all of them, about a tenth of
/// the work of a cable, so more than about ten workers wait for it; and
/// every thread that takes part keeps memory of its own (about 10 MB).
/// With more jobs, streaming runs on a pool of this many threads, which
/// keeps peak memory under 200 MB on any machine (365 MB on 32 threads
/// before).
const STREAM_THREADS: usize = 12;
/// Sources in flight, per worker thread.
const SOURCES_PER_THREAD: usize = 16;
/// The most sources read in one task on the pool. Many small files (a
/// folder of pages or texts) cost a wake-up of this thread per task, which
/// took a fifth of the time of a folder of short texts; a task of several
/// sources sends their heads at once.
const SOURCES_PER_TASK: usize = 8;
/// Inputs above which a progress bar is shown (on a terminal).
const PROGRESS_INPUTS: usize = 50;
/// Total input size above which a progress bar is shown (on a terminal).
const PROGRESS_BYTES: u64 = 64 << 20;

/// One processed cable (or error), as the sink receives it.
#[derive(Debug)]
pub struct Item {
    /// The source name (`-` for standard input).
    pub source: String,
    /// The input the record was made from, when the batch keeps inputs
    /// ([`Batch::keep_input`]) and the cable could be read.
    pub input: Option<CableInput>,
    /// The record or error record.
    pub outcome: Outcome,
}

impl Item {
    /// Whether this is an error record.
    pub fn is_error(&self) -> bool {
        matches!(self.outcome, Outcome::Error(_))
    }
}

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Read every source as this form (`None`: detect).
    pub form: Option<Form>,
    /// The normalizer's options.
    pub options: Options,
    /// Keep each cable's input in [`Item::input`] (for `check` and `diff`).
    pub keep_input: bool,
    /// Worker threads (`None`: one per core).
    pub jobs: Option<usize>,
    /// Allow a progress bar on standard error (shown only when it is a
    /// terminal and the work is large).
    pub progress: bool,
}

type Records = Peekable<PendingRecords>;

/// What opening a source and reading its first cables gave.
struct Head<T> {
    items: Vec<T>,
    rest: Option<Records>,
}

impl Batch {
    /// Run the batch over `sources`, calling `sink` with every item in input
    /// order. Stops early only when `sink` fails (e.g. a closed pipe).
    pub fn run(
        &self,
        sources: &[Source],
        sink: impl FnMut(Item) -> io::Result<()>,
    ) -> io::Result<()> {
        self.run_with(sources, |item| item, sink)
    }

    /// Run the batch over `sources`, turning every item into a `T` with
    /// `map` on the worker threads (e.g. rendering it), then calling `sink`
    /// with every `T` in input order. Stops early only when `sink` fails.
    pub fn run_with<T: Send>(
        &self,
        sources: &[Source],
        map: impl Fn(Item) -> T + Sync,
        mut sink: impl FnMut(T) -> io::Result<()>,
    ) -> io::Result<()> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            .build()
            .map_err(io::Error::other)?;
        let threads = pool.current_num_threads().max(1);
        let bar = self.progress_bar(sources);
        let window = threads * SOURCES_PER_THREAD;
        let map = &map;
        let mut cables = 0u64;
        // A sliding window of sources in flight on the pool; this thread
        // writes them in input order as they complete (no barrier: while it
        // waits for one source, the others go on).
        // sources per task: several when there are many (each task still
        // reads its sources one by one, each caught on its own), one when
        // there are few, so that every worker has some
        let per_task = (sources.len() / (threads * 4)).clamp(1, SOURCES_PER_TASK);
        // the pool multi-record sources are streamed on when `pool` has
        // more than [`STREAM_THREADS`], built when first needed
        let mut streaming: Option<rayon::ThreadPool> = None;
        let written = pool.in_place_scope(|scope| -> io::Result<()> {
            let (tx, rx) = mpsc::channel::<(usize, Vec<std::thread::Result<Head<T>>>)>();
            let mut submitted = 0;
            let mut done: BTreeMap<usize, std::thread::Result<Head<T>>> = BTreeMap::new();
            for next in 0..sources.len() {
                while submitted < sources.len() && submitted < next + window {
                    let end = (submitted + per_task).min(sources.len());
                    let (tx, task) = (tx.clone(), &sources[submitted..end]);
                    let first = submitted;
                    scope.spawn(move |_| {
                        let heads = task
                            .iter()
                            .map(|source| catch_unwind(AssertUnwindSafe(|| self.head(source, map))))
                            .collect();
                        let _ = tx.send((first, heads));
                    });
                    submitted = end;
                }
                let head = loop {
                    if let Some(head) = done.remove(&next) {
                        break head;
                    }
                    match rx.recv() {
                        Ok((first, heads)) => {
                            done.extend(heads.into_iter().enumerate().map(|(k, h)| (first + k, h)));
                        }
                        Err(_) => return Err(io::Error::other("worker pool stopped")),
                    }
                };
                let head = head.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                for item in head.items {
                    cables += 1;
                    sink(item)?;
                }
                if let Some(mut rest) = head.rest {
                    let name = sources[next].name();
                    let (pool, threads) = if threads > STREAM_THREADS {
                        (stream_pool(&mut streaming)?, STREAM_THREADS)
                    } else {
                        (&pool, threads)
                    };
                    self.stream(pool, threads, &mut rest, &name, map, &mut sink, &mut |n| {
                        cables += n;
                        bar.set_message(format!("{cables} cables"));
                    })?;
                }
                bar.inc(1);
                bar.set_message(format!("{cables} cables"));
            }
            Ok(())
        });
        bar.finish_and_clear();
        written
    }

    /// Stream the rest of a multi-record source: this thread reads chunks
    /// and writes results in order while a sliding window of chunks is
    /// processed on the pool.
    #[allow(clippy::too_many_arguments)]
    fn stream<T: Send>(
        &self,
        pool: &rayon::ThreadPool,
        threads: usize,
        rest: &mut Records,
        name: &str,
        map: &(impl Fn(Item) -> T + Sync),
        sink: &mut impl FnMut(T) -> io::Result<()>,
        progress: &mut impl FnMut(u64),
    ) -> io::Result<()> {
        let window = threads * CHUNKS_PER_THREAD;
        pool.in_place_scope(|scope| -> io::Result<()> {
            let (tx, rx) = mpsc::channel::<(u64, std::thread::Result<Vec<T>>)>();
            let (mut submitted, mut next) = (0u64, 0u64);
            let mut exhausted = false;
            let mut done: BTreeMap<u64, std::thread::Result<Vec<T>>> = BTreeMap::new();
            loop {
                while !exhausted && submitted < next + window as u64 {
                    let reads = pull(rest, CHUNK, name);
                    if reads.is_empty() {
                        exhausted = true;
                        break;
                    }
                    let (tx, seq) = (tx.clone(), submitted);
                    scope.spawn(move |_| {
                        let items = catch_unwind(AssertUnwindSafe(|| {
                            reads
                                .into_iter()
                                .map(|read| map(self.process(name, read)))
                                .collect()
                        }));
                        let _ = tx.send((seq, items));
                    });
                    submitted += 1;
                }
                if next == submitted {
                    return Ok(());
                }
                let items = loop {
                    if let Some(items) = done.remove(&next) {
                        break items;
                    }
                    match rx.recv() {
                        Ok((seq, items)) => {
                            done.insert(seq, items);
                        }
                        Err(_) => return Err(io::Error::other("worker pool stopped")),
                    }
                };
                let items = items.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                let n = items.len() as u64;
                for item in items {
                    sink(item)?;
                }
                progress(n);
                next += 1;
            }
        })
    }

    fn progress_bar(&self, sources: &[Source]) -> ProgressBar {
        if !self.progress || !io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let many = sources.len() > PROGRESS_INPUTS;
        let big = || sources.iter().filter_map(Source::file_size).sum::<u64>() > PROGRESS_BYTES;
        if many {
            let bar = ProgressBar::with_draw_target(
                Some(sources.len() as u64),
                ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {pos}/{len} inputs, {msg} [{elapsed}, ETA {eta}]",
            ) {
                bar.set_style(style);
            }
            bar
        } else if big() {
            // A few big inputs (a cables.csv): count cables as they go.
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {msg}, {pos}/{len} inputs [{elapsed}]")
            {
                bar.set_style(style);
            }
            bar.set_length(sources.len() as u64);
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        }
    }

    /// Open a source and process its first [`HEAD`] cables; the rest, if
    /// any, is returned to be streamed.
    fn head<T: Send>(&self, source: &Source, map: &(impl Fn(Item) -> T + Sync)) -> Head<T> {
        let name = source.name();
        let opened = catch_unwind(AssertUnwindSafe(|| open(source, self.form)));
        let mut records = match opened {
            Ok(Ok(records)) => records,
            Ok(Err(error)) => {
                return Head {
                    items: vec![map(self.error_item(&name, None, error))],
                    rest: None,
                };
            }
            Err(panic) => {
                let error = internal(format!("reading panicked: {}", panic_message(&panic)), None);
                return Head {
                    items: vec![map(self.error_item(&name, None, error))],
                    rest: None,
                };
            }
        };
        let reads = pull(&mut records, HEAD, &name);
        let items = reads
            .into_par_iter()
            .map(|read| map(self.process(&name, read)))
            .collect();
        let more = catch_unwind(AssertUnwindSafe(|| records.peek().is_some())).unwrap_or(true);
        Head {
            items,
            rest: more.then_some(records),
        }
    }

    /// Finish reading one record and process it into an item; a panic in
    /// either becomes an error record.
    fn process(&self, source: &str, read: Pending) -> Item {
        let read = catch_unwind(AssertUnwindSafe(|| read.finish())).unwrap_or_else(|panic| {
            Err(forms::ReadError {
                source_record: None,
                error: internal(
                    format!("reading {source} panicked: {}", panic_message(&panic)),
                    None,
                ),
            })
        });
        match read {
            Ok(input) => {
                let result = catch_unwind(AssertUnwindSafe(|| {
                    cablekit_pipeline::process(&input, source, &self.options)
                }));
                let outcome = match result {
                    Ok(record) => Outcome::Cable(Box::new(record)),
                    Err(panic) => Outcome::Error(ErrorRecord {
                        schema: SCHEMA_VERSION,
                        source: source.to_owned(),
                        source_record: input.source_record,
                        error: internal(
                            format!("processing panicked: {}", panic_message(&panic)),
                            Some(input.line),
                        ),
                    }),
                };
                Item {
                    source: source.to_owned(),
                    input: self.keep_input.then_some(input),
                    outcome,
                }
            }
            Err(error) => Item {
                source: source.to_owned(),
                input: None,
                outcome: Outcome::Error(cablekit_pipeline::error_record(error, source)),
            },
        }
    }

    fn error_item(&self, source: &str, source_record: Option<u64>, error: InputError) -> Item {
        Item {
            source: source.to_owned(),
            input: None,
            outcome: Outcome::Error(ErrorRecord {
                schema: SCHEMA_VERSION,
                source: source.to_owned(),
                source_record,
                error,
            }),
        }
    }
}

/// The pool of [`STREAM_THREADS`] threads in `slot`, built on first use.
fn stream_pool(slot: &mut Option<rayon::ThreadPool>) -> io::Result<&rayon::ThreadPool> {
    match slot {
        Some(pool) => Ok(pool),
        None => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(STREAM_THREADS)
                .build()
                .map_err(io::Error::other)?;
            Ok(slot.insert(pool))
        }
    }
}

/// Open a source as an iterator of read results.
fn open(source: &Source, form: Option<Form>) -> Result<Records, InputError> {
    match source {
        Source::File(path) => Ok(forms::read_path_pending(path, form).peekable()),
        Source::Stdin => Ok(forms::read_reader_pending(io::stdin(), form).peekable()),
        Source::Unlistable { message, .. } => Err(InputError {
            kind: "io".into(),
            message: message.clone(),
            line: None,
        }),
    }
}

/// Read up to `n` records (their decoding is left to the workers); a panic
/// in the reader ends the source with an `internal` error record.
fn pull(records: &mut Records, n: usize, source: &str) -> Vec<Pending> {
    let mut out = Vec::with_capacity(n.min(1024));
    while out.len() < n {
        match catch_unwind(AssertUnwindSafe(|| records.next())) {
            Ok(Some(read)) => out.push(read),
            Ok(None) => break,
            Err(panic) => {
                out.push(Pending::from(Err(forms::ReadError {
                    source_record: None,
                    error: internal(
                        format!(
                            "reading {source} panicked: {}; the rest of it is skipped",
                            panic_message(&panic)
                        ),
                        None,
                    ),
                })));
                // The reader's state is unknown: stop reading this source.
                *records = (Box::new(std::iter::empty()) as PendingRecords).peekable();
                break;
            }
        }
    }
    out
}

fn internal(message: String, line: Option<u64>) -> InputError {
    InputError {
        kind: "internal".into(),
        message: format!("cablekit bug: {message} (please report it)"),
        line,
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(items: Vec<Option<&'static str>>) -> Records {
        let it = items.into_iter().map(|item| match item {
            Some(text) => Pending::from(Ok(CableInput::new(text.to_owned(), Form::Text))),
            None => panic!("reader bug"),
        });
        (Box::new(it) as PendingRecords).peekable()
    }

    #[test]
    fn a_panicking_reader_ends_its_source_with_an_internal_error() {
        let mut rs = records(vec![Some("a"), Some("b"), None, Some("never read")]);
        let got: Vec<_> = pull(&mut rs, 10, "x.csv")
            .into_iter()
            .map(Pending::finish)
            .collect();
        assert_eq!(got.len(), 3);
        assert!(got[0].is_ok() && got[1].is_ok());
        let error = got[2].as_ref().unwrap_err();
        assert_eq!(error.error.kind, "internal");
        assert!(
            error.error.message.contains("x.csv"),
            "{}",
            error.error.message
        );
        assert!(
            error.error.message.contains("reader bug"),
            "{}",
            error.error.message
        );
        assert!(
            pull(&mut rs, 10, "x.csv").is_empty(),
            "the source is abandoned"
        );
    }

    #[test]
    fn pull_takes_at_most_n() {
        let mut rs = records(vec![Some("a"), Some("b"), Some("c")]);
        assert_eq!(pull(&mut rs, 2, "x").len(), 2);
        assert_eq!(pull(&mut rs, 2, "x").len(), 1);
        assert_eq!(pull(&mut rs, 2, "x").len(), 0);
    }

    /// In input order, one item each, errors in their place: over few
    /// sources (a task each) and many (several a task), on one worker and
    /// on two.
    #[test]
    fn every_read_result_becomes_one_item_in_order() {
        for (count, jobs) in [(40, 2), (40, 1), (300, 2), (300, 1)] {
            let batch = Batch {
                jobs: Some(jobs),
                keep_input: true,
                ..Batch::default()
            };
            let dir = tempfile::tempdir().unwrap();
            let mut sources = Vec::new();
            for i in 0..count {
                let path = dir.path().join(format!("{i:03}.txt"));
                let text = if i % 37 == 7 {
                    String::new()
                } else {
                    format!("TEXT {i}\n")
                };
                std::fs::write(&path, text).unwrap();
                sources.push(Source::File(path));
            }
            sources.push(Source::File(dir.path().join("missing.txt")));
            let mut seen = Vec::new();
            batch
                .run(&sources, |item| {
                    seen.push((item.source.clone(), item.is_error(), item.input.is_some()));
                    Ok(())
                })
                .unwrap();
            let names: Vec<String> = sources.iter().map(Source::name).collect();
            let got: Vec<String> = seen.iter().map(|s| s.0.clone()).collect();
            assert_eq!(got, names);
            let errors: Vec<usize> = seen
                .iter()
                .enumerate()
                .filter(|(_, s)| s.1)
                .map(|(i, _)| i)
                .collect();
            let want: Vec<usize> = (0..count).filter(|i| i % 37 == 7).chain([count]).collect();
            assert_eq!(errors, want);
            assert!(
                seen.iter().all(|s| s.1 != s.2),
                "inputs kept for cables only"
            );
        }
    }

    /// A `cables.csv` streamed on more jobs than [`STREAM_THREADS`] (its
    /// own pool) gives every row in order, as one job does, and so do the
    /// files around it.
    #[test]
    fn a_csv_streamed_on_many_jobs_keeps_its_rows_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::new();
        for i in 1..=300 {
            csv.push_str(&format!(
                "\"{i}\",\"1/2/2008 10:00\",\"08PARIS{i}\",\"Embassy Paris\",\"UNCLASSIFIED\",\"\",\"\",\"UNCLAS PARIS {i}\nTEXT {i}\n\"\n"
            ));
        }
        let path = dir.path().join("cables.csv");
        std::fs::write(&path, csv).unwrap();
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "TEXT\n").unwrap();
        let sources = vec![
            Source::File(text.clone()),
            Source::File(path),
            Source::File(text),
        ];
        let run = |jobs: usize| {
            let batch = Batch {
                jobs: Some(jobs),
                keep_input: true,
                ..Batch::default()
            };
            let mut seen = Vec::new();
            batch
                .run(&sources, |item| {
                    let text = item.input.map(|i| i.text).unwrap_or_default();
                    seen.push((item.source, text));
                    Ok(())
                })
                .unwrap();
            seen
        };
        let one = run(1);
        assert_eq!(one.len(), 302);
        assert!(one[150].1.contains("PARIS 150\n"), "{:?}", one[150]);
        assert_eq!(run(STREAM_THREADS + 3), one);
    }

    #[test]
    fn a_failing_sink_stops_the_batch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "TEXT\n").unwrap();
        let sources = vec![Source::File(path.clone()), Source::File(path)];
        let mut calls = 0;
        let result = Batch::default().run(&sources, |_| {
            calls += 1;
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        });
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(calls, 1);
    }
}
