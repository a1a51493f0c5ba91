//! Envelope throughput on the seed cable's header (run with
//! `cargo test --release -p cablekit-grammar --test envelope_speed -- --ignored --nocapture`).

use std::path::PathBuf;

#[test]
#[ignore = "timing; run in release"]
fn seed_header_throughput() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/seed/08PRISTINA128.txt");
    let Ok(text) = std::fs::read_to_string(&p) else {
        eprintln!("NOTICE: {} absent; skipping", p.display());
        return;
    };
    let end = text
        .find("UNCLAS SECTION 01 OF 09 PRISTINA 000128")
        .unwrap()
        + 40;
    let head = &text[..end];
    let n = 20_000;
    let t = std::time::Instant::now();
    let mut ids = 0;
    for _ in 0..n {
        ids += usize::from(cablekit_grammar::parse(head).id.is_some());
    }
    let dt = t.elapsed();
    assert_eq!(ids, n);
    eprintln!(
        "seed header ({} bytes) x {n}: {:.2?} = {:.1} MB/s, {:.2} µs per header",
        head.len(),
        dt,
        (head.len() * n) as f64 / 1e6 / dt.as_secs_f64(),
        dt.as_secs_f64() * 1e6 / n as f64
    );
}
