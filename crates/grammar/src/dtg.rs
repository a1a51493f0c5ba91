//! The date-time group (DTG) of format line 5: `121616Z MAR 08`.
//!
//! `DD HH MM Z MON YY`: day, hour and minute in UTC, a three-letter English
//! month and a two-digit (sometimes four-digit) year. Two-digit years are
//! resolved into 1966–2065 (`yy >= 66` → `19yy`, else `20yy`), the span of the
//! Cablegate and PlusD collections. The parsers are lenient about case and
//! spacing and never panic. OWNER: envelope helper (A).

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use nom::{
    IResult, Parser,
    bytes::complete::take_while_m_n,
    character::complete::{char, one_of, space0},
    combinator::{opt, verify},
};

/// The parts of a date-time group as written, before calendar validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DtgParts<'a> {
    /// Day of month as written (may be out of range, e.g. 31 in February).
    pub day: u32,
    /// Hour (0–24).
    pub hour: u32,
    /// Minute (0–59).
    pub minute: u32,
    /// Month, 1–12.
    pub month: u32,
    /// Year resolved to four digits (see [`resolve_year`]).
    pub year: i32,
    /// The whole group as written (`121616Z MAR 08`).
    pub text: &'a str,
}

/// Why a syntactically well-formed DTG is not a real instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DtgError {
    /// The day does not exist in that month (`31 FEB`), or the time is out of range.
    Invalid,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn num(s: &str) -> u32 {
    s.bytes().fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// Month number (1–12) of an English month name or abbreviation (`MAR`,
/// `Sept`, `DECEMBER`), case-insensitive. The first three letters decide; the
/// rest must continue the month's name.
pub fn month_number(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "JANUARY",
        "FEBRUARY",
        "MARCH",
        "APRIL",
        "MAY",
        "JUNE",
        "JULY",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER",
    ];
    if word.len() < 3 || !word.is_ascii() {
        return None;
    }
    NAMES
        .iter()
        .position(|name| {
            word.len() <= name.len()
                && name.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
        })
        .map(|i| i as u32 + 1)
}

/// Resolve a year as written: two digits into 1966–2065 (`66` → 1966,
/// `08` → 2008), four digits as they are.
pub fn resolve_year(written: u32, digits: usize) -> i32 {
    let y = written as i32;
    if digits >= 4 {
        y
    } else if y >= 66 {
        1900 + y
    } else {
        2000 + y
    }
}

/// nom parser for a date-time group at the start of `input`:
/// `121616Z MAR 08`, `201247Z Jan 04`, `121616Z MAR 2008`. The day, hour and
/// minute are range-checked loosely (day 1–31, hour 0–24, minute 0–59);
/// calendar validity is checked by [`to_utc`].
pub fn dtg(input: &str) -> IResult<&str, DtgParts<'_>> {
    let start = input;
    let (i, dd) = take_while_m_n(2, 2, is_digit)(input)?;
    let (i, hh) = take_while_m_n(2, 2, is_digit)(i)?;
    let (i, mm) = take_while_m_n(2, 2, is_digit)(i)?;
    // `221828 Z MAY 73` (NARA OCR) has a space before the zone letter.
    let (i, _) = opt(char(' ')).parse(i)?;
    let (i, _) = one_of("Zz")(i)?;
    let (i, _) = space0(i)?;
    let (i, mon) = verify(
        take_while_m_n(3, 9, |c: char| c.is_ascii_alphabetic()),
        |m: &str| month_number(m).is_some(),
    )
    .parse(i)?;
    let (i, _) = opt(char('.')).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, yy) = take_while_m_n(2, 4, is_digit)(i)?;
    if yy.len() == 3 || i.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (day, hour, minute) = (num(dd), num(hh), num(mm));
    if !(1..=31).contains(&day) || hour > 24 || minute > 59 {
        return Err(nom::Err::Error(nom::error::Error::new(
            start,
            nom::error::ErrorKind::Verify,
        )));
    }
    let text = &start[..start.len() - i.len()];
    Ok((
        i,
        DtgParts {
            day,
            hour,
            minute,
            month: month_number(mon).unwrap_or(1),
            year: resolve_year(num(yy), yy.len()),
            text,
        },
    ))
}

/// The UTC instant of a DTG, or [`DtgError::Invalid`] for a date that does
/// not exist (`31 FEB`). `2400Z` is read as midnight at the end of the day.
pub fn to_utc(parts: &DtgParts<'_>) -> Result<DateTime<Utc>, DtgError> {
    let date =
        NaiveDate::from_ymd_opt(parts.year, parts.month, parts.day).ok_or(DtgError::Invalid)?;
    let (date, hour) = if parts.hour == 24 {
        if parts.minute != 0 {
            return Err(DtgError::Invalid);
        }
        (date.succ_opt().ok_or(DtgError::Invalid)?, 0)
    } else {
        (date, parts.hour)
    };
    let naive = date
        .and_hms_opt(hour, parts.minute, 0)
        .ok_or(DtgError::Invalid)?;
    Ok(Utc.from_utc_datetime(&naive))
}

/// Find a DTG written as the last three words of a line (`… available.201247Z Jan 04`),
/// as in the partial-extract header of Cablegate exports. Returns the parts
/// and the byte offset of the group in `line`.
pub fn trailing_dtg(line: &str) -> Option<(DtgParts<'_>, usize)> {
    let trimmed = line.trim_end();
    let bytes = trimmed.as_bytes();
    // Walk back over "YY", " ", "MON", " ", "DDHHMMZ" (14 bytes in the usual shape).
    let z = memchr::memrchr2(b'Z', b'z', bytes)?;
    let digits_end = if z > 0 && bytes[z - 1] == b' ' {
        z - 1
    } else {
        z
    };
    if digits_end < 6 {
        return None;
    }
    let start = digits_end - 6;
    if !trimmed.is_char_boundary(start) {
        return None;
    }
    let cand = &trimmed[start..];
    if start > 0 && bytes[start - 1].is_ascii_digit() {
        return None;
    }
    match dtg(cand) {
        Ok((rest, parts)) if rest.trim().is_empty() => Some((parts, start)),
        _ => None,
    }
}

/// Day of year (1–366) of an instant.
pub fn day_of_year(t: &DateTime<Utc>) -> u16 {
    t.ordinal() as u16
}

/// Whether the DE line's day of year agrees with the DTG: the same day, or the
/// next day (filing just after midnight), across a year end too.
pub fn doy_agrees(dtg: &DateTime<Utc>, de_day_of_year: u16) -> bool {
    let d = day_of_year(dtg);
    if de_day_of_year == d {
        return true;
    }
    match dtg.date_naive().succ_opt() {
        Some(next) => next.ordinal() as u16 == de_day_of_year,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_dtg() {
        // Seed cable 08PRISTINA128, FL5.
        let (rest, p) = dtg("121616Z MAR 08").unwrap();
        assert_eq!(rest, "");
        assert_eq!(
            (p.day, p.hour, p.minute, p.month, p.year),
            (12, 16, 16, 3, 2008)
        );
        assert_eq!(p.text, "121616Z MAR 08");
        let t = to_utc(&p).unwrap();
        assert_eq!(t.to_rfc3339(), "2008-03-12T16:16:00+00:00");
        assert_eq!(day_of_year(&t), 72);
    }

    #[test]
    fn year_window() {
        // 66BUENOSAIRES2481: `P R 281848Z DEC 66`.
        let (_, p) = dtg("281848Z DEC 66").unwrap();
        assert_eq!(p.year, 1966);
        let (_, p) = dtg("201405Z DEC 89").unwrap();
        assert_eq!(p.year, 1989);
        let (_, p) = dtg("041820Z JAN 10").unwrap();
        assert_eq!(p.year, 2010);
        let (_, p) = dtg("121616Z MAR 2008").unwrap();
        assert_eq!(p.year, 2008);
        assert_eq!(resolve_year(65, 2), 2065);
    }

    #[test]
    fn mixed_case_and_trailing_signal() {
        // 04ANKARA348 JSON export header tail.
        let (_, p) = dtg("201247Z Jan 04").unwrap();
        assert_eq!((p.month, p.year), (1, 2004));
        // 1975 NIACT telegram: trailing operating signal stays in the rest.
        let (rest, p) = dtg("171959Z AUG 75 ZFF4").unwrap();
        assert_eq!(rest, " ZFF4");
        assert_eq!(p.text, "171959Z AUG 75");
        // 1973STATE097844 (PlusD page of a NARA telegram): space before Z.
        let (_, p) = dtg("221828 Z MAY 73").unwrap();
        assert_eq!((p.day, p.hour, p.minute, p.year), (22, 18, 28, 1973));
        assert!(dtg("221828  Z MAY 73").is_err());
    }

    #[test]
    fn invalid_dates() {
        let (_, p) = dtg("311200Z FEB 08").unwrap();
        assert_eq!(to_utc(&p), Err(DtgError::Invalid));
        assert!(dtg("001200Z FEB 08").is_err());
        assert!(dtg("121260Z FEB 08").is_err());
        assert!(dtg("121616Z XYZ 08").is_err());
        assert!(dtg("121616Z MAR 008").is_err());
        assert!(dtg("1216Z MAR 08").is_err());
        let (_, p) = dtg("292400Z FEB 08").unwrap();
        assert_eq!(
            to_utc(&p).unwrap().to_rfc3339(),
            "2008-03-01T00:00:00+00:00"
        );
    }

    #[test]
    fn trailing_dtg_in_partial_header() {
        let line = "This record is a partial extract of the original cable. The full text of the original cable is not available.201247Z Jan 04";
        let (p, at) = trailing_dtg(line).unwrap();
        assert_eq!(p.text, "201247Z Jan 04");
        assert_eq!(&line[at..], "201247Z Jan 04");
        assert!(trailing_dtg("1. THE MEETING ON 12 MARCH").is_none());
        assert!(trailing_dtg("Zürich 1234567Z").is_none());
    }

    #[test]
    fn doy_window() {
        let (_, p) = dtg("312350Z DEC 07").unwrap();
        let t = to_utc(&p).unwrap();
        assert!(doy_agrees(&t, 365));
        assert!(doy_agrees(&t, 1));
        assert!(!doy_agrees(&t, 364));
        // 10STATE284: DE 004/1825 vs DTG 041820Z JAN 10.
        let (_, p) = dtg("041820Z JAN 10").unwrap();
        assert!(doy_agrees(&to_utc(&p).unwrap(), 4));
    }

    #[test]
    fn months() {
        assert_eq!(month_number("MAR"), Some(3));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("december"), Some(12));
        assert_eq!(month_number("MA"), None);
        assert_eq!(month_number("MAX"), None);
        assert_eq!(month_number("ÄÖÜ"), None);
    }
}
