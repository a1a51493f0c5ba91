//! Each element parser on its own, on a header alphabet: the first byte picks
//! the parser, the rest is mapped onto format-line tokens. None may panic,
//! and what a parser consumes must be a prefix of its input.
#![no_main]

use cablekit_grammar::{address, classification, dtg, envelope, marker, parahead};
use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    "VZCZC", "XRO", "2921", "OO ", "RR ", "RUEHC", "RUEHPS", "/", "DE ", "#", "0128", "/01 ",
    "0721616", "ZNR ", "ZNY ", "UUUUU", "CCCCC", " ZZH", "O ", "P R ", "121616Z", " MAR ", "08",
    "FM ", "TO ", "INFO ", "XMT ", "SECSTATE WASHDC", " NIACT", " IMMEDIATE", " PRIORITY",
    " 8105", "UNCLAS ", "C O N F I D E N T I A L ", "S E C R E T", "SECTION ", "01 OF 09 ",
    "PRISTINA ", "000128", "00000128 ", "002.2 OF 009", "PAGE ", "02 ", "¶", "1", "11. ",
    "(SBU) ", "(S/NF)", "(C- ENTIRE TEXT)", " ", "  ", ".", ",", "0", "9", "Z", "É", "\t",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let line: String = rest
        .iter()
        .map(|b| TOKENS[usize::from(*b) % TOKENS.len()])
        .collect();
    let line = line.as_str();
    let prefix = |rest: &str| assert!(line.ends_with(rest), "parser returned a non-suffix");
    match which % 12 {
        0 => {
            if let Ok((rest, parts)) = dtg::dtg(line) {
                prefix(rest);
                let _ = dtg::to_utc(&parts);
            }
            let _ = dtg::trailing_dtg(line);
        }
        1 => {
            let _ = envelope::start_of_message(line);
            let _ = envelope::routing_line(line);
            let _ = envelope::routing_continuation(line);
        }
        2 => {
            let _ = envelope::de_line(line);
            let _ = envelope::security_line(line);
        }
        3 => {
            let _ = envelope::precedence_line(line);
            let _ = envelope::end_validation(line);
            let _ = envelope::page_header(line);
        }
        4 => {
            let _ = address::keyword(line);
            let _ = address::addressees(line);
        }
        5 => {
            let _ = address::looks_like_addressee(line);
            let _ = address::is_distribution_line(line);
        }
        6 => {
            let _ = classification::classification_line(line);
            let _ = classification::glued_classification_line(line);
        }
        7 => {
            if let Ok((rest, _)) = classification::level(line) {
                prefix(rest);
            }
            if let Ok((rest, _)) = classification::section(line) {
                prefix(rest);
            }
        }
        8 => {
            if let Ok((rest, _)) = marker::cablegate(line) {
                prefix(rest);
            }
            if let Ok((rest, _)) = marker::page(line) {
                prefix(rest);
            }
        }
        9 => {
            for found in marker::find_markers(line) {
                assert!(found.start <= found.end && found.end <= line.len());
            }
        }
        10 => {
            if let Some(head) = parahead::parse_head(line) {
                assert!(head.len <= line.len() && line.is_char_boundary(head.len));
            }
        }
        _ => {
            let _ = cablekit_grammar::parse(line);
        }
    }
});
