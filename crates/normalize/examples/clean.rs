//! Print the clean text (or the edits with `--edits`) of a file.
use cablekit_normalize::{Options, normalize};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.iter().find(|a| !a.starts_with("--")).expect("path");
    let bytes = std::fs::read(path).expect("read");
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let wrap = args
        .iter()
        .find_map(|a| a.strip_prefix("--wrap=").and_then(|w| w.parse().ok()));
    let o = Options {
        disabled: vec![],
        wrap,
    };
    let mut n = normalize(&text, &o);
    if args.iter().any(|a| a == "--twice") {
        n = normalize(&n.text, &o);
    }
    if args.iter().any(|a| a == "--edits") {
        for e in &n.edits {
            println!(
                "{} {}..{} {:?} -> {:?}",
                e.rule, e.start, e.end, e.before, e.after
            );
        }
    } else {
        print!("{}", n.text);
    }
}
