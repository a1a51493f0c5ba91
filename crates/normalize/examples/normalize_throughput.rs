//! Single-core throughput of `normalize` over Cablegate pages' `<pre>` text
//! (files given on the command line; read first, then timed).
use cablekit_normalize::{Options, normalize};
use std::time::Instant;

fn main() {
    let mut texts = Vec::new();
    for p in std::env::args().skip(1) {
        let Ok(s) = std::fs::read_to_string(&p) else {
            continue;
        };
        let mut t = String::new();
        let mut rest = s.as_str();
        while let Some(a) = rest.find("<pre>") {
            let after = &rest[a + 5..];
            let Some(e) = after.find("</pre>") else { break };
            t.push_str(&after[..e]);
            t.push('\n');
            rest = &after[e + 6..];
        }
        texts.push(if t.is_empty() { s } else { t });
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let o = Options::default();
    let clean: Vec<String> = texts.iter().map(|t| normalize(t, &o).text).collect();
    let clean_bytes: usize = clean.iter().map(String::len).sum();
    for (name, set, n) in [
        ("raw <pre> text", &texts, bytes),
        ("clean text", &clean, clean_bytes),
    ] {
        let start = Instant::now();
        let mut edits = 0;
        for _ in 0..3 {
            for t in set.iter() {
                edits += normalize(t, &o).edits.len();
            }
        }
        let secs = start.elapsed().as_secs_f64() / 3.0;
        let start2 = Instant::now();
        for t in set.iter() {
            let n = normalize(t, &o);
            std::hint::black_box(cablekit_grammar::parse(&n.text));
        }
        let secs2 = start2.elapsed().as_secs_f64();
        println!(
            "  normalize + grammar::parse: {:.0} MB/s",
            n as f64 / 1e6 / secs2
        );
        println!(
            "{name}: {} texts, {:.1} MB, {:.3} s, {:.0} MB/s ({} edits/run)",
            set.len(),
            n as f64 / 1e6,
            secs,
            n as f64 / 1e6 / secs,
            edits / 3
        );
    }
}
