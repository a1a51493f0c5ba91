//! The transmission envelope (ACP-127 format lines): FL1 `VZCZC…`, FL2
//! precedence pair + routing indicators, FL3 `DE` line, FL4 security line,
//! FL5 precedence + DTG, and the end-of-message lines `BT`, `#0128`, `NNNN`.
//!
//! One nom parser per line. Each takes one line (without its terminator;
//! surrounding spaces are ignored), borrows from it, and returns `None` when
//! the line is not that format line. None of them allocates except where a
//! list is returned, and none panics. OWNER: envelope helper (A).

use nom::{
    IResult, Parser,
    bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1},
    character::complete::{char, one_of, space0, space1},
    combinator::opt,
};

use crate::dtg::{self, DtgParts};

fn is_upper(c: char) -> bool {
    c.is_ascii_uppercase()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    s.parse().ok()
}

fn fail<T>(i: &str) -> IResult<&str, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Verify,
    )))
}

/// Whether `word` is a routing indicator: `[QR][A-Z]{3,7}` (one more letter
/// is accepted, as 5 FAH-2 allows up to eight).
pub fn is_routing_indicator(word: &str) -> bool {
    let b = word.as_bytes();
    (4..=8).contains(&b.len())
        && (b[0] == b'R' || b[0] == b'Q')
        && b.iter().all(u8::is_ascii_uppercase)
}

/// nom parser for one routing indicator at the start of `input`, ending at a
/// word boundary.
pub fn routing_indicator(input: &str) -> IResult<&str, &str> {
    let (i, ri) = take_while1(is_upper)(input)?;
    if !is_routing_indicator(ri) {
        return fail(input);
    }
    Ok((i, ri))
}

/// FL1: `VZCZCXRO2921`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartOfMessage<'a> {
    /// The whole identifier as written.
    pub text: &'a str,
    /// Channel designator (`XRO`).
    pub channel: &'a str,
    /// Channel sequence number as written (`2921`).
    pub sequence: &'a str,
}

/// nom parser for FL1: `VZCZC` + three-letter channel + 3–4 (accepted: 1–6) digits.
pub fn start_of_message_p(input: &str) -> IResult<&str, StartOfMessage<'_>> {
    let (i, _) = tag("VZCZC")(input)?;
    let (i, channel) = take_while_m_n(3, 3, is_upper)(i)?;
    let (i, sequence) = take_while_m_n(1, 6, is_digit)(i)?;
    if i.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return fail(i);
    }
    let text = &input[..input.len() - i.len()];
    Ok((
        i,
        StartOfMessage {
            text,
            channel,
            sequence,
        },
    ))
}

/// FL1 on a whole line: `VZCZCXRO2921`, `VZCZCXYZ0016`.
pub fn start_of_message(line: &str) -> Option<StartOfMessage<'_>> {
    // (the whole-line readings trim by `lines::trim`, `str::trim` with a fast
    // return for a line with ASCII non-blank ends, and turn away at once a
    // line that cannot start as their parser's first step requires)
    let t = crate::lines::trim(line);
    if !t.starts_with("VZCZC") {
        return None;
    }
    match start_of_message_p(t) {
        Ok((rest, s)) if rest.trim().is_empty() => Some(s),
        _ => None,
    }
}

/// FL2: precedence prosign pair and routing indicators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingLine<'a> {
    /// `ZZ`, `OO`, `PP`, `RR` (or `YY`).
    pub precedence: &'a str,
    /// Routing indicators in order.
    pub indicators: Vec<&'a str>,
}

fn indicators(mut i: &str) -> IResult<&str, Vec<&str>> {
    let mut out = Vec::new();
    loop {
        let (r, _) = space0(i)?;
        if r.is_empty() {
            return Ok((r, out));
        }
        let (r, ri) = routing_indicator(r)?;
        out.push(ri);
        i = r;
    }
}

/// nom parser for FL2: `OO RUEHAG RUEHAST …` (at least one indicator).
pub fn routing_line_p(input: &str) -> IResult<&str, RoutingLine<'_>> {
    let (i, pair) =
        nom::branch::alt((tag("ZZ"), tag("OO"), tag("PP"), tag("RR"), tag("YY"))).parse(input)?;
    let (i, _) = space1(i)?;
    let (i, inds) = indicators(i)?;
    if inds.is_empty() {
        return fail(i);
    }
    Ok((
        i,
        RoutingLine {
            precedence: pair,
            indicators: inds,
        },
    ))
}

/// FL2 on a whole line: `OO RUEHAG RUEHAST RUEHDA`.
pub fn routing_line(line: &str) -> Option<RoutingLine<'_>> {
    let t = crate::lines::trim(line);
    // a doubled precedence prosign (`ZZ`, `OO`, `PP`, `RR`, `YY`)
    if !matches!(t.as_bytes(), [a, b, ..] if a == b && matches!(a, b'Z' | b'O' | b'P' | b'R' | b'Y'))
    {
        return None;
    }
    routing_line_p(t).ok().map(|(_, r)| r)
}

/// An FL2 continuation line: nothing but routing indicators
/// (`RUEHLZ RUEHPOD RUEHROV`).
pub fn routing_continuation(line: &str) -> Option<Vec<&str>> {
    let t = crate::lines::trim(line);
    // a routing indicator starts with `R` or `Q`
    if !t.starts_with(['R', 'Q']) {
        return None;
    }
    match indicators(t) {
        Ok((_, v)) if !v.is_empty() => Some(v),
        _ => None,
    }
}

/// FL3: `DE RUEHPS #0128/01 0721616`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeLine<'a> {
    /// Originating station routing indicator.
    pub station: &'a str,
    /// Station serial number as written (`0128`).
    pub serial_text: Option<&'a str>,
    /// Station serial number.
    pub serial: Option<u32>,
    /// Section number (`/01` → 1).
    pub section: Option<u32>,
    /// Julian day of year.
    pub day_of_year: Option<u16>,
    /// Hour and minute of filing (UTC).
    pub time: Option<(u8, u8)>,
}

/// nom parser for FL3.
pub fn de_line_p(input: &str) -> IResult<&str, DeLine<'_>> {
    let (i, _) = tag("DE")(input)?;
    let (i, _) = space1(i)?;
    let (i, station) = routing_indicator(i)?;
    let (i, _) = space0(i)?;
    let (i, ssn) = opt((char('#'), space0, take_while_m_n(1, 6, is_digit))).parse(i)?;
    let (i, sect) = opt((char('/'), take_while_m_n(1, 3, is_digit))).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, jt) = opt((
        take_while_m_n(3, 3, is_digit),
        take_while_m_n(2, 2, is_digit),
        take_while_m_n(2, 2, is_digit),
    ))
    .parse(i)?;
    if i.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return fail(i);
    }
    let (mut doy, mut time) = (None, None);
    if let Some((d, h, m)) = jt {
        let (d, h, m) = (
            num(d).unwrap_or(0),
            num(h).unwrap_or(99),
            num(m).unwrap_or(99),
        );
        if (1..=366).contains(&d) {
            doy = Some(d as u16);
        }
        if h <= 24 && m <= 59 {
            time = Some((h as u8, m as u8));
        }
    }
    Ok((
        i,
        DeLine {
            station,
            serial_text: ssn.map(|(_, _, s)| s),
            serial: ssn.and_then(|(_, _, s)| num(s)),
            section: sect.and_then(|(_, s)| num(s)),
            day_of_year: doy,
            time,
        },
    ))
}

/// FL3 on a whole line. Unreadable trailing text makes it not a DE line.
pub fn de_line(line: &str) -> Option<DeLine<'_>> {
    let t = crate::lines::trim(line);
    if !t.starts_with("DE") {
        return None;
    }
    match de_line_p(t) {
        Ok((rest, d)) if rest.trim().is_empty() => Some(d),
        _ => None,
    }
}

/// FL4: `ZNR UUUUU ZZH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityLine<'a> {
    /// `ZNR` or `ZNY`.
    pub warning: &'a str,
    /// The security group (`UUUUU`, `CCCCC`, `TTTTT/AAAAA`).
    pub security: &'a str,
    /// Operating signals after it (`ZZH`).
    pub signals: Vec<&'a str>,
    /// Unread text after the signals (`(TAO)`), empty when all was read.
    pub rest: &'a str,
}

/// Whether `word` is an operating signal: `Z` + two letters + optional digits
/// (`ZZH`, `ZFF4`, `ZDK`).
pub fn is_operating_signal(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 3
        && b.len() <= 6
        && b[0] == b'Z'
        && b[1].is_ascii_uppercase()
        && b[2].is_ascii_uppercase()
        && b[3..].iter().all(u8::is_ascii_digit)
}

fn signals(i: &str) -> (Vec<&str>, &str) {
    let mut out = Vec::new();
    let mut rest = i.trim_start();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let w = &rest[..end];
        if !is_operating_signal(w) {
            break;
        }
        out.push(w);
        rest = rest[end..].trim_start();
    }
    (out, rest)
}

/// nom parser for FL4.
pub fn security_line_p(input: &str) -> IResult<&str, SecurityLine<'_>> {
    let (i, warning) = nom::branch::alt((tag("ZNR"), tag("ZNY"))).parse(input)?;
    let (i, _) = space1(i)?;
    let start = i;
    let (i, _) = take_while_m_n(5, 5, |c: char| "UECSTABOX".contains(c))(i)?;
    let (i, _) = opt((
        char('/'),
        take_while_m_n(5, 5, |c: char| c == 'A' || c == 'B'),
    ))
    .parse(i)?;
    if i.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return fail(i);
    }
    let security = &start[..start.len() - i.len()];
    let (sigs, rest) = signals(i);
    Ok((
        rest,
        SecurityLine {
            warning,
            security,
            signals: sigs,
            rest,
        },
    ))
}

/// FL4 on a whole line; trailing text that is not an operating signal is
/// kept in [`SecurityLine::rest`].
pub fn security_line(line: &str) -> Option<SecurityLine<'_>> {
    let t = crate::lines::trim(line);
    if !t.starts_with("ZN") {
        return None;
    }
    security_line_p(t).ok().map(|(_, s)| s)
}

/// FL5: `O 121616Z MAR 08`, `P R 281848Z DEC 66`, `O 171959Z AUG 75 ZFF4`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrecedenceLine<'a> {
    /// Action precedence letter (`Z`, `O`, `P`, `R`, `Y`).
    pub action: char,
    /// Info precedence letter, when given.
    pub info: Option<char>,
    /// The date-time group.
    pub dtg: DtgParts<'a>,
    /// Operating signals after the DTG (`ZFF4`, `ZDS`).
    pub signals: Vec<&'a str>,
    /// Unread text after the DTG and signals (empty when the line was fully read).
    pub rest: &'a str,
}

/// The precedence word of an FL5 precedence letter or FL2 pair letter.
pub fn precedence_word(letter: char) -> Option<&'static str> {
    Some(match letter {
        'Z' => "FLASH",
        'O' => "IMMEDIATE",
        'P' => "PRIORITY",
        'R' => "ROUTINE",
        'Y' => "EMERGENCY COMMAND PRECEDENCE",
        _ => return None,
    })
}

/// nom parser for FL5.
pub fn precedence_line_p(input: &str) -> IResult<&str, PrecedenceLine<'_>> {
    let (i, action) = one_of("ZOPRY")(input)?;
    let (i, _) = space1(i)?;
    let (i, info) = opt((one_of("ZOPRY"), space1)).parse(i)?;
    let (i, d) = dtg::dtg(i)?;
    let (sigs, rest) = signals(i);
    Ok((
        "",
        PrecedenceLine {
            action,
            info: info.map(|(c, _)| c),
            dtg: d,
            signals: sigs,
            rest,
        },
    ))
}

/// FL5 on a whole line.
pub fn precedence_line(line: &str) -> Option<PrecedenceLine<'_>> {
    let t = crate::lines::trim(line);
    if !t.starts_with(['Z', 'O', 'P', 'R', 'Y']) {
        return None;
    }
    precedence_line_p(t).ok().map(|(_, p)| p)
}

/// FL11/FL13: `BT`.
pub fn is_bt(line: &str) -> bool {
    crate::lines::trim(line) == "BT"
}

/// FL15 end-of-message validation: `#0128` → `"0128"`.
pub fn end_validation(line: &str) -> Option<&str> {
    let r: IResult<&str, &str> = (char('#'), space0, take_while_m_n(1, 6, is_digit))
        .map(|(_, _, d)| d)
        .parse(line.trim());
    match r {
        Ok(("", d)) => Some(d),
        _ => None,
    }
}

/// FL16 end of message: `NNNN` (three or more `N`; NARA copies end in `NNN`).
pub fn is_end_of_message(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.bytes().all(|b| b == b'N')
}

/// A page header printed inside the envelope by older terminals or PDF
/// renderings: `PAGE 02        STATE   015113  182333Z`,
/// `PAGE 01  ATHENS 02959  171944Z`. Returns the page number.
pub fn page_header(line: &str) -> Option<u32> {
    let t = crate::lines::trim(line);
    if !t
        .as_bytes()
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"PAGE"))
    {
        return None;
    }
    page_header_p(t)
}

/// [`page_header`] of a trimmed line, by the parser alone (without the
/// quick reject of lines that do not start with `PAGE`).
fn page_header_p(t: &str) -> Option<u32> {
    let r: IResult<&str, &str> = (
        tag_no_case("PAGE"),
        space1,
        take_while_m_n(1, 3, is_digit),
        space1,
    )
        .map(|(_, _, n, _)| n)
        .parse(t);
    let (rest, n) = r.ok()?;
    // Post words, serial, time group — all optional but nothing else.
    let ok = rest.split_whitespace().all(|w| {
        w.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'.')
            || w.bytes().all(|b| b.is_ascii_digit())
            || (w.len() == 7 && w.ends_with('Z') && w[..6].bytes().all(|b| b.is_ascii_digit()))
    });
    if ok { num(n) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-line readings as they were before their quick rejects:
    /// `str::trim`, then the parser.
    #[test]
    fn quick_rejects_agree_with_the_parsers() {
        let lines = crate::testtext::edges_and_corpus_lines(
            &[
                "",
                " ",
                "\u{a0}",
                "VZCZC",
                " VZCZCXRO2921 ",
                "VZCZCXRO2921\u{2003}",
                "OO RUEHAG",
                "OO",
                "O",
                "OP RUEHAG",
                "\tRR RUEHC RUEHAG",
                "RUEHLZ RUEHPOD",
                "QUEHLZ",
                "R",
                "DE RUEHPS #0128/01 0721616",
                "DE",
                "D",
                "ZNR UUUUU ZZH",
                "ZNY CCCCC",
                "ZN",
                "O 121616Z MAR 08",
                "P R 281848Z DEC 66",
                "Z",
                "BT",
                " BT\u{85}",
                "B",
                "BTX",
                "PAGE 02        STATE   015113  182333Z",
                "page 01  ATHENS 02959  171944Z",
                "PAG",
                "\u{3000}PAGE 01 X",
                "PAGEx 01",
            ],
            200,
        );
        let mut found = [0usize; 8];
        for l in &lines {
            let t = l.trim();
            let som = match start_of_message_p(t) {
                Ok((rest, s)) if rest.trim().is_empty() => Some(s),
                _ => None,
            };
            assert_eq!(start_of_message(l), som, "{l:?}");
            let rl = routing_line_p(t).ok().map(|(_, r)| r);
            assert_eq!(routing_line(l), rl, "{l:?}");
            let rc = match indicators(t) {
                Ok((_, v)) if !v.is_empty() => Some(v),
                _ => None,
            };
            assert_eq!(routing_continuation(l), rc, "{l:?}");
            let de = match de_line_p(t) {
                Ok((rest, d)) if rest.trim().is_empty() => Some(d),
                _ => None,
            };
            assert_eq!(de_line(l), de, "{l:?}");
            let sec = security_line_p(t).ok().map(|(_, s)| s);
            assert_eq!(security_line(l), sec, "{l:?}");
            let prec = precedence_line_p(t).ok().map(|(_, p)| p);
            assert_eq!(precedence_line(l), prec, "{l:?}");
            assert_eq!(is_bt(l), t == "BT", "{l:?}");
            let page = page_header_p(t);
            assert_eq!(page_header(l), page, "{l:?}");
            for (k, hit) in [
                som.is_some(),
                rl.is_some(),
                rc.is_some(),
                de.is_some(),
                sec.is_some(),
                prec.is_some(),
                t == "BT",
                page.is_some(),
            ]
            .into_iter()
            .enumerate()
            {
                found[k] += usize::from(hit);
            }
        }
        assert!(found.iter().all(|&n| n > 0), "{found:?}");
    }

    #[test]
    fn fl1() {
        // Seed cable.
        let s = start_of_message("VZCZCXRO2921").unwrap();
        assert_eq!(
            (s.text, s.channel, s.sequence),
            ("VZCZCXRO2921", "XRO", "2921")
        );
        // Sanitized form (09UNVIEVIENNA279 PDF text).
        let s = start_of_message("VZCZCXYZ0000 ").unwrap();
        assert_eq!((s.channel, s.sequence), ("XYZ", "0000"));
        assert!(start_of_message("VZCZCXR2921").is_none());
        assert!(start_of_message("VZCZCXRO2921 OO RUEHAG").is_none());
        assert!(start_of_message("VZCZC").is_none());
    }

    #[test]
    fn fl2() {
        let r = routing_line("OO RUEHAG RUEHAST RUEHDA RUEHDF RUEHFL RUEHIK RUEHKW RUEHLA RUEHLN")
            .unwrap();
        assert_eq!(r.precedence, "OO");
        assert_eq!(r.indicators.len(), 9);
        assert_eq!(r.indicators[1], "RUEHAST");
        // 10STATE284.
        let r = routing_line("PP RUEHTRO").unwrap();
        assert_eq!((r.precedence, r.indicators), ("PP", vec!["RUEHTRO"]));
        let c = routing_continuation("RUEHLZ RUEHPOD RUEHROV RUEHSR RUEHVK RUEHYG").unwrap();
        assert_eq!(c.len(), 6);
        assert!(routing_line("OO").is_none());
        assert!(routing_line("OO RUEHAG xyz").is_none());
        assert!(routing_continuation("RUEHC/SECSTATE WASHDC").is_none());
        assert!(routing_continuation("REF: STATE 2731").is_none());
        assert!(routing_continuation("").is_none());
    }

    #[test]
    fn fl3() {
        let d = de_line("DE RUEHPS #0128/01 0721616").unwrap();
        assert_eq!(d.station, "RUEHPS");
        assert_eq!(d.serial, Some(128));
        assert_eq!(d.serial_text, Some("0128"));
        assert_eq!(d.section, Some(1));
        assert_eq!(d.day_of_year, Some(72));
        assert_eq!(d.time, Some((16, 16)));
        // 07BOGOTA1165 (single section).
        let d = de_line("DE RUEHBO #1165 0471902").unwrap();
        assert_eq!(
            (d.serial, d.section, d.day_of_year),
            (Some(1165), None, Some(47))
        );
        assert!(de_line("DE RUEHBO #1165 047190").is_none());
        assert!(de_line("DEPT FOR EUR").is_none());
        assert!(de_line("DE").is_none());
    }

    #[test]
    fn fl4() {
        let s = security_line("ZNR UUUUU ZZH").unwrap();
        assert_eq!(
            (s.warning, s.security, s.signals),
            ("ZNR", "UUUUU", vec!["ZZH"])
        );
        let s = security_line("ZNY CCCCC").unwrap();
        assert_eq!((s.security, s.signals.len()), ("CCCCC", 0));
        let s = security_line("ZNY SSSSS ZZH").unwrap();
        assert_eq!(s.security, "SSSSS");
        let s = security_line("ZNY TTTTT/AAAAA ZZH ZOC").unwrap();
        assert_eq!((s.security, s.signals.len()), ("TTTTT/AAAAA", 2));
        assert!(security_line("ZNY SSSS").is_none());
        assert_eq!(security_line("ZNR UUUUU HELLO").unwrap().rest, "HELLO");
        // 09KABUL1239 and 07PARIS159 (Cablegate pages).
        let s = security_line("ZNY CCCCC ZZH (TAO)").unwrap();
        assert_eq!((s.signals, s.rest), (vec!["ZZH"], "(TAO)"));
        let s = security_line("ZNY CCCCC ZZH(CCY AD6CB6C9 WSC6493 634)").unwrap();
        assert_eq!(
            (s.signals, s.rest),
            (vec!["ZZH"], "(CCY AD6CB6C9 WSC6493 634)")
        );
    }

    #[test]
    fn fl5() {
        let p = precedence_line("O 121616Z MAR 08").unwrap();
        assert_eq!((p.action, p.info), ('O', None));
        assert_eq!(p.dtg.text, "121616Z MAR 08");
        let p = precedence_line("P R 281848Z DEC 66").unwrap();
        assert_eq!((p.action, p.info, p.dtg.year), ('P', Some('R'), 1966));
        let p = precedence_line("O 171959Z AUG 75 ZFF4").unwrap();
        assert_eq!(p.signals, vec!["ZFF4"]);
        // 09USEUBRUSSELS948.
        let p = precedence_line("R 081535Z JUL 09 ZDS ZDK").unwrap();
        assert_eq!((p.signals.len(), p.rest), (2, ""));
        let p = precedence_line("O P 190243Z DEC 89").unwrap();
        assert_eq!(p.info, Some('P'));
        assert!(precedence_line("OO RUEHAG").is_none());
        assert!(precedence_line("O 12 MARCH").is_none());
        assert_eq!(precedence_word('Z'), Some("FLASH"));
        assert_eq!(precedence_word('X'), None);
    }

    #[test]
    fn end_lines() {
        assert!(is_bt("BT"));
        assert!(!is_bt("BTX"));
        assert_eq!(end_validation("#0128"), Some("0128"));
        assert_eq!(end_validation("#0128 x"), None);
        assert!(is_end_of_message("NNNN"));
        assert!(is_end_of_message("NNN"));
        assert!(!is_end_of_message("NN"));
    }

    #[test]
    fn page_headers() {
        assert_eq!(
            page_header("PAGE 02        STATE   015113  182333Z"),
            Some(2)
        );
        assert_eq!(page_header("PAGE 01  ATHENS 02959  171944Z"), Some(1));
        assert_eq!(page_header("PAGE 2 OF THE REPORT, which"), None);
    }
}
