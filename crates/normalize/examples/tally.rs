//! Tally the edits per rule over Cablegate pages (`<pre>` blocks), layout off.
use cablekit_normalize::{Options, normalize};
use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let disabled: Vec<String> = args
        .iter()
        .filter_map(|a| a.strip_prefix("--off=").map(str::to_owned))
        .collect();
    let show = args.iter().find_map(|a| a.strip_prefix("--show="));
    let o = Options {
        disabled,
        wrap: None,
    };
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0usize;
    for p in args.iter().filter(|a| !a.starts_with("--")) {
        let Ok(s) = std::fs::read_to_string(p) else {
            continue;
        };
        let mut text = String::new();
        let mut rest = s.as_str();
        while let Some(a) = rest.find("<pre>") {
            let after = &rest[a + 5..];
            let Some(e) = after.find("</pre>") else { break };
            text.push_str(&after[..e]);
            text.push('\n');
            rest = &after[e + 6..];
        }
        if text.is_empty() {
            text = s.clone();
        }
        total += text.len();
        let n = normalize(&text, &o);
        for e in &n.edits {
            *tally.entry(e.rule.to_string()).or_default() += 1;
            if show == Some(e.rule.as_ref()) {
                println!("{p}: {:?} -> {:?}", e.before, e.after);
            }
        }
    }
    for (k, v) in tally {
        println!("{k}\t{v}");
    }
    println!("bytes\t{total}");
}
