//! Throughput of each stage on real cables: input-form decoding, normalizing,
//! the grammar, and the whole pipeline. `cargo bench -p cablekit-pipeline`
//! reports time per iteration and bytes/s (divan's `BytesCount`).
//!
//! Uses `../shared/corpus/real` when present, else the repository's `corpus/`.

use cablekit_pipeline::forms::{self, CableInput};
use cablekit_pipeline::normalize::{Options, normalize};
use cablekit_pipeline::{grammar, process};
use divan::counter::BytesCount;
use std::path::Path;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// The raw bytes of every file of the benchmark corpus.
static RAW: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/corpus/real");
    let dir = if shared.is_dir() {
        shared
    } else {
        root.join("corpus")
    };
    cablekit_testkit::files_under(&dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e != "tsv" && e != "pdf"))
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
});

/// The cable texts the readers produce from [`RAW`].
static INPUTS: LazyLock<Vec<CableInput>> = LazyLock::new(|| {
    RAW.iter()
        .flat_map(|bytes| forms::read_bytes(bytes.clone(), None))
        .filter_map(Result::ok)
        .collect()
});

/// The clean texts of [`INPUTS`].
static CLEAN: LazyLock<Vec<String>> = LazyLock::new(|| {
    INPUTS
        .iter()
        .map(|i| normalize(&i.text, &Options::default()).text)
        .collect()
});

fn total<T>(items: &[T], len: impl Fn(&T) -> usize) -> BytesCount {
    BytesCount::new(items.iter().map(len).sum::<usize>())
}

#[divan::bench]
fn forms_decode(bencher: divan::Bencher) {
    bencher
        .counter(total(&RAW, Vec::len))
        .with_inputs(|| RAW.clone())
        .bench_values(|raw| {
            raw.into_iter()
                .map(|bytes| forms::read_bytes(bytes, None).count())
                .sum::<usize>()
        });
}

#[divan::bench]
fn normalize_stage(bencher: divan::Bencher) {
    let options = Options::default();
    bencher.counter(total(&INPUTS, |i| i.text.len())).bench(|| {
        INPUTS
            .iter()
            .map(|i| normalize(&i.text, &options).edits.len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn grammar_stage(bencher: divan::Bencher) {
    bencher.counter(total(&CLEAN, String::len)).bench(|| {
        CLEAN
            .iter()
            .map(|t| grammar::parse(t).paragraphs.len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn whole_pipeline(bencher: divan::Bencher) {
    let options = Options::default();
    bencher.counter(total(&INPUTS, |i| i.text.len())).bench(|| {
        INPUTS
            .iter()
            .map(|i| process(i, "bench", &options).paragraphs.len())
            .sum::<usize>()
    });
}
