//! The seed cable 08PRISTINA128, parsed raw (PDF text with a blank line
//! between every line): every envelope and classification value.

use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("NOTICE: {} absent; skipping", p.display());
        None
    }
}

#[test]
fn seed_envelope() {
    let Some(shared) = shared() else { return };
    let text = std::fs::read_to_string(shared.join("corpus/seed/08PRISTINA128.txt")).unwrap();
    let r = cablekit_grammar::parse(&text);
    let h = &r.header;
    assert_eq!(h.start_of_message.as_deref(), Some("VZCZCXRO2921"));
    assert_eq!(h.channel.as_deref(), Some("XRO"));
    assert_eq!(h.channel_sequence.as_deref(), Some("2921"));
    let routing = h.routing.as_ref().unwrap();
    assert_eq!(routing.precedence, "OO");
    assert_eq!(routing.indicators.len(), 15);
    assert_eq!(routing.indicators[0], "RUEHAG");
    assert_eq!(routing.indicators[14], "RUEHYG");
    let o = h.origin.as_ref().unwrap();
    assert_eq!(o.station, "RUEHPS");
    assert_eq!(o.serial, Some(128));
    assert_eq!(o.section, Some(1));
    assert_eq!(o.day_of_year, Some(72));
    assert_eq!(o.time.as_deref(), Some("16:16"));
    assert_eq!(h.security.as_deref(), Some("UUUUU"));
    assert_eq!(h.operating_signals, vec!["ZZH"]);
    assert_eq!(h.precedence.as_deref(), Some("IMMEDIATE"));
    assert_eq!(h.info_precedence, None);
    assert_eq!(h.dtg.unwrap().to_rfc3339(), "2008-03-12T16:16:00+00:00");
    assert_eq!(h.dtg_text.as_deref(), Some("121616Z MAR 08"));
    assert_eq!(h.from.as_deref(), Some("USOFFICE PRISTINA"));

    assert_eq!(h.to.len(), 1);
    assert_eq!(h.to[0].routing_indicator.as_deref(), Some("RUEHC"));
    assert_eq!(h.to[0].name, "SECSTATE WASHDC");
    assert_eq!(h.to[0].precedence.as_deref(), Some("IMMEDIATE"));
    assert_eq!(h.to[0].sequence.as_deref(), Some("8105"));

    assert_eq!(h.info.len(), 18);
    let first = &h.info[0];
    assert_eq!(first.routing_indicator.as_deref(), Some("RUEHZL"));
    assert_eq!(first.name, "EUROPEAN POLITICAL COLLECTIVE");
    assert_eq!(first.precedence.as_deref(), Some("PRIORITY"));
    assert_eq!(first.sequence, None);
    let sofia = h.info.iter().find(|a| a.name == "AMEMBASSY SOFIA").unwrap();
    assert_eq!(sofia.sequence.as_deref(), Some("4945"));
    assert_eq!(sofia.routing_indicator.as_deref(), Some("RUEHSF"));
    let tirana = h
        .info
        .iter()
        .find(|a| a.name == "AMEMBASSY TIRANA")
        .unwrap();
    assert_eq!(tirana.sequence.as_deref(), Some("6370"));
    assert_eq!(tirana.routing_indicator.as_deref(), Some("RUEHTI"));
    let last = h.info.last().unwrap();
    assert_eq!(last.routing_indicator.as_deref(), Some("RUZEJAA"));
    assert_eq!(last.name, "USNIC PRISTINA SR");
    assert!(h.xmt.is_empty());
    assert!(
        h.info
            .iter()
            .all(|a| a.precedence.as_deref() == Some("PRIORITY"))
    );

    assert_eq!(r.classification.level.as_deref(), Some("UNCLASSIFIED"));
    assert_eq!(r.classification.section, Some(1));
    assert_eq!(r.classification.of, Some(9));
    assert_eq!(
        r.classification.line.as_deref(),
        Some("UNCLAS SECTION 01 OF 09 PRISTINA 000128")
    );
    assert_eq!(r.mrn.as_deref(), Some("PRISTINA 000128"));
    assert_eq!(r.id.as_deref(), Some("08PRISTINA128"));

    // No warnings or errors from the envelope: the seed is well-formed.
    let bad: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.kind.as_str(),
                "no-envelope"
                    | "no-classification"
                    | "dtg-missing"
                    | "doy-mismatch"
                    | "dtg-invalid"
                    | "unknown-line"
                    | "not-a-cable"
            )
        })
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // Every diagnostic span lies in the text.
    for d in &r.diagnostics {
        assert!(d.start <= d.end && d.end <= text.len(), "{d:?}");
    }
}
