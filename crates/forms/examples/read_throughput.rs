//! Read files and report bytes, records and MB/s (reading only).
//! `cargo run --release -p cablekit-forms --example read_throughput -- FILE…`

use std::time::Instant;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let start = Instant::now();
    let (mut ok, mut err, mut text) = (0u64, 0u64, 0u64);
    for p in &paths {
        for r in cablekit_forms::read_path(std::path::Path::new(p), None) {
            match r {
                Ok(c) => {
                    ok += 1;
                    text += c.text.len() as u64;
                }
                Err(_) => err += 1,
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {:.1} MB in {:.2}s = {:.0} MB/s; {ok} cables, {err} errors, {:.1} MB of cable text",
        paths.len(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        text as f64 / 1e6
    );
}
