//! Robustness: every element parser and the driver on every prefix and
//! suffix of real envelope lines, and with multi-byte characters inserted at
//! every position. Nothing may panic; spans must stay inside the text.

use cablekit_grammar::{address, classification, dtg, envelope};

const LINES: &[&str] = &[
    "VZCZCXRO2921",
    "OO RUEHAG RUEHAST RUEHDA RUEHDF RUEHFL RUEHIK RUEHKW RUEHLA RUEHLN",
    "DE RUEHPS #0128/01 0721616",
    "ZNY CCCCC ZZH(CCY AD6CB6C9 WSC6493 634)",
    "O 171959Z AUG 75 ZFF4",
    "P R 281848Z DEC 66",
    "FM USOFFICE PRISTINA",
    "TO RUEHC/SECSTATE WASHDC IMMEDIATE 8105",
    "RUEHSF/AMEMBASSY SOFIA PRIORITY 4945 RUEHTI/AMEMBASSY TIRANA PRIORITY 6370",
    "TO PAGE 02        STATE   015113  182333Z",
    "INFO XMT FOOBAR",
    "XMT/AMEMBASSY SOFIA",
    "SPECIAL EMBASSY PROGRAM NIACT IMMEDIATE",
    "UNCLAS SECTION 01 OF 09 PRISTINA 000128",
    "C o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o. 12958",
    "SS E C R E T MOSCOW 000226 ",
    "RUEHOO/CHINA POSTS COLLECTIVEUNCLAS SECTION 01 OF 02 CHENGDU 000030 ",
    "This record is a partial extract of the original cable.201247Z Jan 04",
    "#0128",
    "NNNN",
];

fn all(s: &str) {
    let _ = envelope::start_of_message(s);
    let _ = envelope::routing_line(s);
    let _ = envelope::routing_continuation(s);
    let _ = envelope::de_line(s);
    let _ = envelope::security_line(s);
    let _ = envelope::precedence_line(s);
    let _ = envelope::end_validation(s);
    let _ = envelope::page_header(s);
    let _ = dtg::dtg(s);
    let _ = dtg::trailing_dtg(s);
    let _ = address::keyword(s);
    let _ = address::addressees(s);
    let _ = address::looks_like_addressee(s);
    let _ = address::is_distribution_line(s);
    if let Some(c) = classification::classification_line(s) {
        assert!(c.rest <= s.len());
        let _ = c.mrn();
    }
    let _ = classification::glued_classification_line(s);
    for a in address::addressees(s) {
        assert!(a.start <= a.end && a.end <= s.len(), "{s:?} {a:?}");
    }
}

fn driver(text: &str) {
    let r = cablekit_grammar::parse(text);
    for d in &r.diagnostics {
        assert!(d.start <= d.end && d.end <= text.len(), "{text:?}: {d:?}");
        assert!(
            text.is_char_boundary(d.start) && text.is_char_boundary(d.end),
            "{text:?}: {d:?}"
        );
    }
}

#[test]
fn prefixes_suffixes_and_insertions() {
    for line in LINES {
        for (i, _) in line
            .char_indices()
            .chain(std::iter::once((line.len(), ' ')))
        {
            all(&line[..i]);
            all(&line[i..]);
            for ins in ["é", "\u{2028}", "Х", "\t", "/", "#"] {
                let mut s = String::with_capacity(line.len() + 4);
                s.push_str(&line[..i]);
                s.push_str(ins);
                s.push_str(&line[i..]);
                all(&s);
            }
        }
    }
}

#[test]
fn driver_on_truncated_envelopes() {
    let text = LINES.join("\n");
    for (i, _) in text.char_indices() {
        driver(&text[..i]);
    }
    let blank = LINES.join("\n\n");
    driver(&blank);
    let crlf = LINES.join("\r\n");
    driver(&crlf);
}
