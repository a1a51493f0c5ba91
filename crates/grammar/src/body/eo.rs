//! The declassification ("E.O.") line: `E.O. 12958: DECL: 03/12/2018`,
//! `E.O. 12958: N/A`, `EO 12958 DECL: 2020/02/23`, `E.o. 12958: decl: 6/30/08`,
//! `E.O. 12065: RDS-4 6/5/99 (GERLACH, FREDERICK H.) OR-M`, `E.O. 12356: DECL: OADR`.

use cablekit_record::ExecutiveOrder;
use chrono::NaiveDate;

use super::scan::{find_ci, word_start};

/// An E.O. line found in a text: the parsed value and its byte span
/// (relative to the searched text).
#[derive(Debug, Clone, PartialEq)]
pub struct EoMatch {
    /// The parsed line.
    pub eo: ExecutiveOrder,
    /// Start of the `E.O.` prefix.
    pub start: usize,
    /// End of the line's value (before a glued `TAGS`, or the line end).
    pub end: usize,
    /// `true` when a value after the order could not be read.
    pub unparsed: bool,
}

/// `E.O.` / `E. O.` / `EO` / `E.O` then spaces, then the order number (4–5
/// digits): the rest after the number, and the number. Read on the bytes:
/// the heads are ASCII, tried in that order, any case (what nom's
/// `tag_no_case` alternatives, `space0` and `take_while_m_n(4, 5, …)` read).
fn eo_head(i: &str) -> Option<(&str, &str)> {
    let b = i.as_bytes();
    let head: [&[u8]; 4] = [b"E.O.", b"E. O.", b"E.O", b"EO"];
    let mut p = head
        .into_iter()
        .find(|h| b.len() >= h.len() && b[..h.len()].eq_ignore_ascii_case(h))?
        .len();
    p += spaces(&b[p..]);
    let d = b[p..]
        .iter()
        .take(5)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (d >= 4).then(|| (&i[p + d..], &i[p..p + d]))
}

/// Length of the run of spaces and tabs at the start of `b` (nom's `space0`).
fn spaces(b: &[u8]) -> usize {
    b.iter().take_while(|c| matches!(c, b' ' | b'\t')).count()
}

/// After the order: optional `:`, optional `DECL`/`DNG` with optional `:`.
/// Returns the rest and whether `DECL`/`DNG` was read (on the bytes, as
/// [`eo_head`]).
fn eo_sep(i: &str) -> (&str, bool) {
    let b = i.as_bytes();
    let mut p = spaces(b);
    if matches!(b.get(p), Some(b':' | b';' | b',')) {
        p += 1;
    }
    p += spaces(&b[p..]);
    let decl = if b[p..].len() >= 4 && b[p..p + 4].eq_ignore_ascii_case(b"DECL") {
        p += 4;
        true
    } else if b[p..].len() >= 3 && b[p..p + 3].eq_ignore_ascii_case(b"DNG") {
        p += 3;
        true
    } else {
        false
    };
    p += spaces(&b[p..]);
    if matches!(b.get(p), Some(b':' | b';')) {
        p += 1;
    }
    p += spaces(&b[p..]);
    (&i[p..], decl)
}

/// Parse one date at the start of `s`: `M/D/YY`, `MM/DD/YYYY`, `YYYY/MM/DD`.
/// Two-digit years below 50 are 20YY, others 19YY. Returns the date and
/// the bytes consumed.
pub fn parse_date(s: &str) -> Option<(NaiveDate, usize)> {
    let b = s.as_bytes();
    let mut parts: Vec<(u32, usize)> = Vec::with_capacity(3); // (value, digit count)
    let mut i = 0;
    for k in 0..3 {
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() && i - st < 4 {
            i += 1;
        }
        if i == st {
            return None;
        }
        let v: u32 = s[st..i].parse().ok()?;
        parts.push((v, i - st));
        if k < 2 {
            if b.get(i) != Some(&b'/') {
                return None;
            }
            i += 1;
        }
    }
    if b.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let expand = |(v, n): (u32, usize)| -> Option<i32> {
        match n {
            4 => Some(v as i32),
            1 | 2 => Some(if v < 50 {
                2000 + v as i32
            } else {
                1900 + v as i32
            }),
            _ => None,
        }
    };
    let date = if parts[0].1 == 4 {
        NaiveDate::from_ymd_opt(parts[0].0 as i32, parts[1].0, parts[2].0)
    } else if parts[0].1 <= 2 && parts[1].1 <= 2 {
        NaiveDate::from_ymd_opt(expand(parts[2])?, parts[0].0, parts[1].0)
    } else {
        None
    }?;
    Some((date, i))
}

/// Where the E.O. value ends on its line: at a glued `TAGS`/`TAG:`/`SUBJECT`.
fn value_end(rest: &str) -> usize {
    let line_end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    let line = &rest[..line_end];
    let mut end = line.len();
    for kw in ["TAGS", "TAG:", "SUBJECT", "AGS:"] {
        // after a space, or glued onto the date (`DECL: 03/19/2024TAGS: AORC`)
        if let Some(p) = find_ci(line, kw, 0)
            && p > 0
            && (line.as_bytes()[p - 1] == b' '
                || (line.as_bytes()[p - 1].is_ascii_digit() && kw.ends_with(['S', ':'])))
        {
            end = end.min(p);
        }
    }
    end
}

/// Read the value after `E.O. nnnnn:` (`DECL: date`, `N/A`, `OADR`, …).
fn read_value(value: &str, decl: bool) -> (Option<NaiveDate>, Option<String>, bool) {
    let v = value.trim().trim_end_matches(['.', ',', ';']).trim();
    if v.is_empty() {
        return (None, None, !decl);
    }
    let up = v.to_ascii_uppercase();
    if up.starts_with("N/A") || up == "NA" || up.starts_with("NONE") {
        return (None, Some("N/A".to_owned()), false);
    }
    // the first date anywhere in the value
    let mut date = None;
    let mut date_at = None;
    for (i, _) in v.char_indices() {
        if (i == 0 || !v.as_bytes()[i - 1].is_ascii_digit())
            && let Some((d, _)) = parse_date(&v[i..])
        {
            date = Some(d);
            date_at = Some(i);
            break;
        }
    }
    let instruction = match date_at {
        Some(0) => None,
        Some(i) => {
            let s = v[..i].trim().trim_end_matches(['-', ':', ',']).trim();
            (!s.is_empty()).then(|| s.to_owned())
        }
        None => Some(v.to_owned()),
    };
    (date, instruction, false)
}

/// Find and parse the first E.O. line in `text`.
///
/// ```
/// use cablekit_grammar::body::eo::parse_eo;
/// let m = parse_eo("DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012 ").unwrap();
/// assert_eq!(m.eo.order.as_deref(), Some("12958"));
/// assert_eq!(m.eo.declassify_on.unwrap().to_string(), "2012-11-22");
/// assert_eq!(m.start, 17);
/// ```
pub fn parse_eo(text: &str) -> Option<EoMatch> {
    let mut from = 0;
    while from < text.len() {
        let cand = find_e(text, from)?;
        from = cand + 1;
        // `E.O.` with its dots may be glued to a caption (`SIPDISE.O. 12958`)
        let dotted = text.as_bytes().get(cand + 1) == Some(&b'.');
        if !word_start(text, cand) && !dotted {
            continue;
        }
        let Some((rest, order)) = eo_head(&text[cand..]) else {
            continue;
        };
        let (rest, decl) = eo_sep(rest);
        let vstart = text.len() - rest.len();
        let vend = vstart + value_end(rest);
        let value = &text[vstart..vend];
        let (declassify_on, instruction, unparsed) = read_value(value, decl);
        let line = super::scan::join_ws(&text[cand..vend]);
        return Some(EoMatch {
            eo: ExecutiveOrder {
                order: Some(order.to_owned()),
                declassify_on,
                instruction,
                text: line,
            },
            start: cand,
            end: vend,
            unparsed,
        });
    }
    None
}

/// Next `E`/`e` at or after `from`.
fn find_e(text: &str, from: usize) -> Option<usize> {
    memchr::memchr2(b'E', b'e', text.as_bytes().get(from..)?).map(|i| i + from)
}

/// The declassification date of the first E.O. line in `text` (the peer's
/// `nondisclosure_deadline`).
pub fn declassify_on(text: &str) -> Option<NaiveDate> {
    parse_eo(text).and_then(|m| m.eo.declassify_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::{
        IResult, Parser,
        branch::alt,
        bytes::complete::{tag, tag_no_case, take_while_m_n},
        character::complete::{char, space0},
        combinator::opt,
    };

    /// The nom reading [`eo_head`] replaced.
    fn eo_head_nom(i: &str) -> IResult<&str, &str> {
        let (i, _) = alt((
            tag_no_case("E.O."),
            tag_no_case("E. O."),
            tag_no_case("E.O"),
            tag_no_case("EO"),
        ))
        .parse(i)?;
        let (i, _) = space0(i)?;
        let (i, order) = take_while_m_n(4, 5, |c: char| c.is_ascii_digit())(i)?;
        Ok((i, order))
    }

    /// The nom reading [`eo_sep`] replaced.
    fn eo_sep_nom(i: &str) -> IResult<&str, bool> {
        let (i, _) = space0(i)?;
        let (i, _) = opt(alt((char(':'), char(';'), char(',')))).parse(i)?;
        let (i, _) = space0(i)?;
        let (i, decl) = opt(alt((tag_no_case("DECL"), tag_no_case("DNG")))).parse(i)?;
        let (i, _) = space0(i)?;
        let (i, _) = opt(alt((tag(":"), tag(";")))).parse(i)?;
        let (i, _) = space0(i)?;
        Ok((i, decl.is_some()))
    }

    #[test]
    fn byte_readings_agree_with_nom() {
        let texts = crate::testtext::edges_and_corpus(
            &[
                "",
                "E",
                "E.",
                "E.O",
                "E.O.",
                "E. O.",
                "e.o.12958",
                "E.O 1234",
                "EO 123",
                "EO\t\t 123456: DECL: 1/2/03",
                "E.O. 12958 : decl ; x",
                "E.O.\u{a0}12958",
                "E.\u{e9}",
                "E. O 12958",
                "e. o. 12958:DnG:",
                "E.O. 12958,DECLX",
                "EO12958DNG",
                "E.O. 12958:  \tDECL \t;  N/A",
                "EOX",
                "E.O. 1295",
                "E.O. \u{663}\u{663}\u{663}\u{663}",
            ],
            200,
        );
        let mut heads = 0;
        for t in &texts {
            for (k, _) in t.match_indices(['E', 'e']) {
                let s = &t[k..];
                let nom = eo_head_nom(s).ok();
                assert_eq!(eo_head(s), nom, "{s:.40?}");
                if let Some((rest, _)) = nom {
                    heads += 1;
                    assert_eq!(Some(eo_sep(rest)), eo_sep_nom(rest).ok(), "{rest:.40?}");
                }
            }
            for (k, _) in t.match_indices([' ', ':', 'D', 'd']) {
                let s = &t[k..];
                assert_eq!(Some(eo_sep(s)), eo_sep_nom(s).ok(), "{s:.40?}");
            }
        }
        assert!(heads > 10, "{heads}");
    }

    fn d(s: &str) -> Option<String> {
        declassify_on(s).map(|d| d.to_string())
    }

    #[test]
    fn real_lines() {
        // seed 08PRISTINA128
        let m = parse_eo("E.O. 12958: N/A\n").unwrap();
        assert_eq!(m.eo.instruction.as_deref(), Some("N/A"));
        assert_eq!(m.eo.declassify_on, None);
        assert_eq!(d("E.O. 12958: DECL: 03/12/2018"), Some("2018-03-12".into()));
        assert_eq!(d("EO 12958 DECL: 2020/02/23"), Some("2020-02-23".into()));
        assert_eq!(d("E.o. 12958: decl: 6/30/08"), Some("2008-06-30".into()));
        assert_eq!(d("E.O. 12958:N/A"), None);
        assert_eq!(
            d("E.O. 12958: DECL:  1/20/2019 "),
            Some("2019-01-20".into())
        );
    }

    #[test]
    fn older_orders() {
        let m = parse_eo("E.O. 12065: RDS-4 6/5/99 (GERLACH, FREDERICK H.) OR-M").unwrap();
        assert_eq!(m.eo.order.as_deref(), Some("12065"));
        assert_eq!(m.eo.instruction.as_deref(), Some("RDS-4"));
        assert_eq!(m.eo.declassify_on.unwrap().to_string(), "1999-06-05");
        let m = parse_eo("E.O. 12356: DECL:  OADR \nTAGS;  PGOV, TU").unwrap();
        assert_eq!(m.eo.instruction.as_deref(), Some("OADR"));
        let m = parse_eo("E.O. 11652: N/A").unwrap();
        assert_eq!(m.eo.order.as_deref(), Some("11652"));
        let m = parse_eo("E.O. 12958: DECL: X1, X5 \nTAGS: PREL").unwrap();
        assert_eq!(m.eo.instruction.as_deref(), Some("X1, X5"));
        let m = parse_eo("E.o. 12958: decl: after korean unification\nTags: ovip").unwrap();
        assert_eq!(
            m.eo.instruction.as_deref(),
            Some("after korean unification")
        );
    }

    #[test]
    fn glued_tags_cut_the_value() {
        let m = parse_eo("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu").unwrap();
        assert_eq!(m.eo.text, "E.o. 12958: decl: 01/07/2014");
        assert_eq!(m.eo.declassify_on.unwrap().to_string(), "2014-01-07");
    }

    #[test]
    fn glued_to_a_caption() {
        // 09UNVIEVIENNA192 (Cablegate page): TAGS glued onto the date
        let m = parse_eo("E.O. 12958: DECL: 03/19/2024TAGS: AORC IR IAEA KNNP MNUC").unwrap();
        assert_eq!(m.eo.text, "E.O. 12958: DECL: 03/19/2024");
        assert_eq!(m.eo.declassify_on.unwrap().to_string(), "2024-03-19");
        // 05TELAVIV4403 (partial extract): `… TEL AVIV 004403SIPDISE.O. 12958: DECL: 07/14/2015 TAGS: …`
        let m = parse_eo("TEL AVIV 004403SIPDISE.O. 12958: DECL: 07/14/2015 TAGS: PREL").unwrap();
        assert_eq!(m.eo.declassify_on.unwrap().to_string(), "2015-07-14");
    }

    #[test]
    fn no_eo() {
        assert!(parse_eo("EOF of the text: 12").is_none());
        assert!(parse_eo("").is_none());
    }
}
