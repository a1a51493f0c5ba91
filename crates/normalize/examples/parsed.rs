//! Debug: normalize a file and print what the grammar reads from it.
use cablekit_normalize::{Options, normalize};

fn main() {
    let p = std::env::args().nth(1).expect("path");
    let off: Vec<String> = std::env::args().skip(2).collect();
    let text = std::fs::read_to_string(p).expect("read");
    let n = normalize(
        &text,
        &Options {
            disabled: off,
            wrap: None,
        },
    );
    let r = cablekit_grammar::parse(&n.text);
    println!("dtg {:?} {:?}", r.header.dtg, r.header.dtg_text);
    println!("tags {:?}", r.tags);
    println!("subject {:?}", r.subject);
    println!(
        "diags {:?}",
        r.diagnostics.iter().map(|d| &d.kind).collect::<Vec<_>>()
    );
}
