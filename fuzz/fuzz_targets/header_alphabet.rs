//! The envelope parsers on a header alphabet: bytes are mapped onto the
//! tokens and characters of format lines, so the fuzzer spends its time on
//! near-valid headers rather than on random bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    "VZCZCXRO", "OO ", "PP ", "RR ", "ZZ ", "RUEHPS", "RUEHC/", "DE ", "#0128", "/01 ", "0721616",
    "ZNR ", "ZNY ", "UUUUU", "CCCCC", " ZZH", "O ", "P R ", "121616Z ", "MAR ", "08", "FM ",
    "TO ", "INFO ", "XMT ", "SECSTATE WASHDC", " IMMEDIATE", " PRIORITY", " 8105", "BT", "NNNN",
    "UNCLAS ", "C O N F I D E N T I A L ", "SECTION 01 OF 09 ", "PRISTINA 000128", "E.O. 12958: ",
    "DECL: 03/12/2018", "N/A", "TAGS: ", "PGOV ", "SUBJECT: ", "REF: ", "A. STATE 2731 ",
    "PRISTINA 00000128 002.2 OF 009", "PAGE 02 ", "¶1. ", "(SBU) ", "11. ", "\n", "\n\n", " ", ",", ".",
    "0", "1", "9", "X", "Z",
];

fuzz_target!(|data: &[u8]| {
    let text: String = data
        .iter()
        .map(|b| TOKENS[usize::from(*b) % TOKENS.len()])
        .collect();
    let record = cablekit_grammar::parse(&text);
    for d in &record.diagnostics {
        assert!(d.start <= d.end && d.end <= text.len());
    }
    let clean = cablekit_normalize::normalize(&text, &Default::default());
    assert_eq!(cablekit_record::apply_edits(&text, &clean.edits), clean.text);
});
