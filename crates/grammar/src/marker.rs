//! Section and page markers in the three layouts of telegram-format.md §4.
//! OWNER: normalizer helper (C).
//!
//! * `cablegate`: `PRISTINA 00000128 002.2 OF 009`, `BERN 00000881  002 OF 002`
//!   — post (truncated to ~10 characters), 8-digit serial, 3-digit part,
//!   optional opaque `.N` suffix, `OF`, 3-digit total. Often inside a sentence.
//! * `page`: `PAGE 02        HARARE  03759  01 OF 03  111533Z` — older
//!   Cablegate page heads with a section and a time group.
//! * `nara`: `PAGE 01  ATHENS 02959  171944Z`, `PAGE 02 STATE 017976` —
//!   NARA / PlusD page heads (the repeated classification banners around them
//!   are handled by the normalizer).
//!
//! [`find_markers`] locates every marker in a text with byte spans.

use cablekit_record::SectionMarker;
use nom::{
    IResult, Parser,
    bytes::complete::{tag, take_while_m_n, take_while1},
    character::complete::char,
    combinator::opt,
};

/// The layout of a marker (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `PRISTINA 00000128 002.2 OF 009`.
    Cablegate,
    /// `PAGE 02        HARARE  03759  01 OF 03  111533Z`.
    Page,
    /// `PAGE 01  ATHENS 02959  171944Z`, `PAGE 02 STATE 017976`.
    Nara,
}

impl Layout {
    /// The record's name for the layout: `cablegate`, `page`, `nara`.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Cablegate => "cablegate",
            Layout::Page => "page",
            Layout::Nara => "nara",
        }
    }
}

/// A parsed marker; fields mirror [`cablekit_record::SectionMarker`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker<'a> {
    /// Layout.
    pub layout: Layout,
    /// Post name as written (`PORT AU PR`).
    pub post: Option<&'a str>,
    /// Serial number.
    pub serial: Option<u32>,
    /// Section (cablegate, page with section) or page number (`PAGE 02`).
    pub part: Option<u32>,
    /// The opaque `.N` suffix.
    pub suffix: Option<u32>,
    /// Total number of sections.
    pub of: Option<u32>,
    /// Time group (`111533Z`).
    pub time: Option<&'a str>,
}

impl Marker<'_> {
    /// The record form of the marker, with its span into the input text.
    pub fn to_record(&self, start: usize, end: usize) -> SectionMarker {
        SectionMarker {
            layout: self.layout.as_str().to_owned(),
            post: self.post.map(str::to_owned),
            serial: self.serial,
            part: self.part,
            suffix: self.suffix,
            of: self.of,
            time: self.time.map(str::to_owned),
            start,
            end,
        }
    }
}

/// A marker found in a text: `text[start..end]` is the marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// Byte offset of the marker's first byte.
    pub start: usize,
    /// Byte offset one past the marker's last byte.
    pub end: usize,
    /// The marker.
    pub marker: Marker<'a>,
}

fn sp1(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c == ' ' || c == '\t').parse(i)
}

fn digits(n: usize) -> impl FnMut(&str) -> IResult<&str, &str> {
    move |i| take_while_m_n(n, n, |c: char| c.is_ascii_digit()).parse(i)
}

fn not_digit_next(i: &str) -> bool {
    !i.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn fail(i: &str) -> nom::Err<nom::error::Error<&str>> {
    nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))
}

/// The part of a Cablegate marker after the post:
/// `00000128 002.2 OF 009` → (serial, part, suffix, total).
pub fn cablegate_tail(i: &str) -> IResult<&str, (u32, u32, Option<u32>, u32)> {
    let (i, serial) = digits(8)(i)?;
    let (i, _) = sp1(i)?;
    let (i, part) = digits(3)(i)?;
    let (i, suffix) = opt((
        char('.'),
        take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
    ))
    .parse(i)?;
    let (i, _) = sp1(i)?;
    let (i, _) = tag("OF").parse(i)?;
    let (i, _) = sp1(i)?;
    let (i, total) = digits(3)(i)?;
    if !not_digit_next(i) {
        return Err(fail(i));
    }
    let (Ok(serial), Ok(part), Ok(total)) = (serial.parse(), part.parse(), total.parse()) else {
        return Err(fail(i));
    };
    Ok((
        i,
        (
            serial,
            part,
            suffix.and_then(|(_, s)| s.parse().ok()),
            total,
        ),
    ))
}

fn is_post_char(c: char) -> bool {
    c.is_ascii_uppercase() || matches!(c, ' ' | '.' | '\'' | '-')
}

/// A whole Cablegate marker at the start of `i`:
/// `PRISTINA 00000128 002.2 OF 009`.
pub fn cablegate(i: &str) -> IResult<&str, Marker<'_>> {
    let (rest, post) = take_while_m_n(1, 20, is_post_char).parse(i)?;
    let post_trim = post.trim_end();
    if post_trim.is_empty()
        || !post_trim.starts_with(|c: char| c.is_ascii_uppercase())
        || post_trim.len() == post.len()
    {
        return Err(fail(i));
    }
    let (rest, (serial, part, suffix, of)) = cablegate_tail(rest)?;
    Ok((
        rest,
        Marker {
            layout: Layout::Cablegate,
            post: Some(post_trim),
            serial: Some(serial),
            part: Some(part),
            suffix,
            of: Some(of),
            time: None,
        },
    ))
}

/// A time group `DDHHMMZ`.
fn time_group(i: &str) -> IResult<&str, &str> {
    let (rest, d) = digits(6)(i)?;
    let (rest, _) = char('Z').parse(rest)?;
    Ok((rest, &i[..d.len() + 1]))
}

/// A page head at the start of `i`: `PAGE 02        HARARE  03759  01 OF 03  111533Z`
/// (layout `page`), `PAGE 01  ATHENS 02959  171944Z` or `PAGE 02 STATE 017976`
/// (layout `nara`).
pub fn page(i: &str) -> IResult<&str, Marker<'_>> {
    let (rest, _) = tag("PAGE").parse(i)?;
    let (rest, gap) = sp1(rest)?;
    let (rest, pg) = digits(2)(rest)?;
    let (rest, gap2) = sp1(rest)?;
    let (rest, post) = take_while_m_n(2, 12, |c: char| c.is_ascii_uppercase()).parse(rest)?;
    let (rest, _) = sp1(rest)?;
    let (rest, serial) = take_while_m_n(4, 6, |c: char| c.is_ascii_digit()).parse(rest)?;
    if !not_digit_next(rest) {
        return Err(fail(rest));
    }
    // optional `01 OF 03`
    let (rest, section) = opt((sp1, digits(2), sp1, tag("OF"), sp1, digits(2))).parse(rest)?;
    let (rest, time) = opt((sp1, time_group)).parse(rest)?;
    let (rest, time) = match time {
        Some((_, t)) if not_digit_next(rest) => (rest, Some(t)),
        Some(_) => return Err(fail(rest)),
        None => (rest, None),
    };
    // after the serial (no time group): the line goes on with a space or
    // punctuation; after a time group anything may be glued on
    if time.is_none()
        && !rest.is_empty()
        && !rest.starts_with(|c: char| c.is_whitespace())
        && !rest.starts_with(|c: char| c.is_ascii_punctuation())
    {
        return Err(fail(rest));
    }
    let layout = if section.is_some() || gap.len() > 2 || gap2.len() > 2 {
        Layout::Page
    } else {
        Layout::Nara
    };
    let (part, of) = match section {
        Some((_, p, _, _, _, t)) => (p.parse().ok(), t.parse().ok()),
        None => (pg.parse().ok(), None),
    };
    Ok((
        rest,
        Marker {
            layout,
            post: Some(post),
            serial: serial.parse().ok(),
            part,
            suffix: None,
            of,
            time,
        },
    ))
}

/// Start offsets of the candidate post names before `serial_start`: the
/// trailing upper-case words (at most 10 characters together, as the post
/// name is truncated), longest first. Each start lies at a word boundary.
fn post_candidates(text: &str, serial_start: usize) -> Vec<usize> {
    let b = text.as_bytes();
    // one to three spaces before the serial
    let mut p = serial_start;
    let mut spaces = 0;
    while p > 0 && b[p - 1] == b' ' {
        p -= 1;
        spaces += 1;
    }
    if spaces == 0 || spaces > 3 {
        return Vec::new();
    }
    let post_end = p;
    let mut out = Vec::new();
    let mut q = p;
    loop {
        // one word backwards
        let word_end = q;
        while q > 0 && (b[q - 1].is_ascii_uppercase() || matches!(b[q - 1], b'.' | b'\'' | b'-')) {
            q -= 1;
        }
        if q == word_end || !b[q].is_ascii_uppercase() {
            break;
        }
        // word boundary: start of text, whitespace, or punctuation that is not a letter/digit
        // a word boundary; a digit before counts too (a marker glued to the
        // end of the one before it: `… OF 009PRISTINA 00000128 …`)
        let boundary = q == 0 || !(b[q - 1].is_ascii_alphabetic() || b[q - 1] >= 0x80);
        if !boundary {
            break;
        }
        if post_end - q > 10 {
            break;
        }
        out.push(q);
        if q >= 2 && b[q - 1] == b' ' && b[q - 2].is_ascii_uppercase() {
            q -= 1;
        } else {
            break;
        }
    }
    out.reverse();
    out
}

fn line_start_at(text: &str, pos: usize) -> bool {
    let before = &text.as_bytes()[..pos];
    before
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .all(|&c| c == b' ' || c == b'\t' || c == b'\r')
}

/// A Cablegate marker candidate: serial start, end, post candidates, fields.
type RawMarker = (usize, usize, Vec<usize>, (u32, u32, Option<u32>, u32));

/// Every section/page marker in `text`, sorted by start, non-overlapping.
///
/// Cablegate markers are found by their 8-digit serial; the post name before
/// it is taken whole at the start of a line, and inside a sentence it is the
/// upper-case word(s) confirmed elsewhere in the cable (a marker at a line
/// start, or the classification line's `PRISTINA 000128`), else the last word.
pub fn find_markers(text: &str) -> Vec<Found<'_>> {
    let mut found = find_markers_once(text);
    if found.is_empty() || !blanking_may_reveal_more(text, &found) {
        return found;
    }
    // markers glued to each other (`… OF 009PAGE 02 …`): blank the ones
    // found and look again, a few times
    let mut scratch = text.as_bytes().to_vec();
    for _ in 0..3 {
        for f in &found {
            scratch[f.start..f.end].fill(b' ');
        }
        let Ok(s) = std::str::from_utf8(&scratch) else {
            break;
        };
        let more: Vec<Found<'_>> = find_markers_once(s)
            .into_iter()
            .map(|f| rebase(text, s, f))
            .collect();
        if more.is_empty() {
            break;
        }
        found.extend(more);
        found.sort_by_key(|f| f.start);
    }
    found
}

/// `text` (which starts at byte `base` of the whole text) with the markers
/// of `found` (sorted, non-overlapping, all inside `text`) replaced by
/// spaces. Markers are ASCII, so the result is still UTF-8.
fn blanked(text: &str, base: usize, found: &[Found<'_>]) -> String {
    let mut s = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        let (a, e) = (f.start - base, f.end - base);
        s.push_str(&text[at..a]);
        s.extend(std::iter::repeat_n(' ', e - a));
        at = e;
    }
    s.push_str(&text[at..]);
    s
}

/// Whether [`find_markers_once`] finds anything in `text` with the markers
/// of `found` (its result on `text`) blanked: the same answer as
/// `!find_markers_once(&blanked(text, 0, found)).is_empty()`, without
/// copying and searching the whole text again.
///
/// Whether a marker is found somewhere depends only on the line it stands
/// on (markers, their post names and the line-start test never cross a
/// `\n`, and a marker never holds one); the post chosen for it may depend on
/// the whole text, but a candidate is always kept or overlaps one that is.
/// So a line without a found marker had no candidate at all and, unchanged
/// by the blanking, still has none: only the lines holding a found marker
/// are looked at again, each on its own.
fn blanking_may_reveal_more(text: &str, found: &[Found<'_>]) -> bool {
    let b = text.as_bytes();
    let mut k = 0;
    while k < found.len() {
        let start = memchr::memrchr(b'\n', &b[..found[k].start]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[found[k].end..]).map_or(b.len(), |i| found[k].end + i);
        // the markers on this line
        let mut m = k + 1;
        while m < found.len() && found[m].start < end {
            m += 1;
        }
        if !find_markers_once(&blanked(&text[start..end], start, &found[k..m])).is_empty() {
            return true;
        }
        k = m;
    }
    false
}

/// The same marker, its slices taken from `text` instead of `scratch` (the
/// two agree byte for byte outside blanked markers).
fn rebase<'a>(text: &'a str, scratch: &str, f: Found<'_>) -> Found<'a> {
    let base = scratch.as_ptr() as usize;
    let re = |x: Option<&str>| {
        x.and_then(|p| {
            let off = p.as_ptr() as usize - base;
            text.get(off..off + p.len())
        })
    };
    Found {
        start: f.start,
        end: f.end,
        marker: Marker {
            layout: f.marker.layout,
            post: re(f.marker.post),
            serial: f.marker.serial,
            part: f.marker.part,
            suffix: f.marker.suffix,
            of: f.marker.of,
            time: re(f.marker.time),
        },
    }
}

/// The searchers of [`find_markers_once`], built once: it runs on every text
/// and again on every line holding a marker.
static SERIAL_FIELD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b" 00"));
static PAGE_HEAD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"PAGE "));

fn find_markers_once(text: &str) -> Vec<Found<'_>> {
    let b = text.as_bytes();
    let mut raw: Vec<RawMarker> = Vec::new();
    let mut i = 0;
    // the serial is zero-padded to 8 digits and at most 6 digits long, so
    // its field starts with ` 00`: jump from one to the next
    for hit in SERIAL_FIELD.find_iter(b) {
        let run_start = hit + 1;
        if run_start < i {
            continue;
        }
        // a run of digits
        i = run_start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - run_start != 8 {
            continue;
        }
        let Ok((rest, fields)) = cablegate_tail(&text[run_start..]) else {
            continue;
        };
        let end = text.len() - rest.len();
        let cands = post_candidates(text, run_start);
        if cands.is_empty() {
            continue;
        }
        raw.push((run_start, end, cands, fields));
        i = end;
    }
    // confirmed posts: markers whose longest candidate starts a line; the
    // serial written with 6 digits (classification line, `PRISTINA 000128`)
    let mut confirmed: Vec<&str> = Vec::new();
    for (serial_start, _, cands, _) in &raw {
        if let Some(&s) = cands.first()
            && line_start_at(text, s)
        {
            confirmed.push(text[s..*serial_start].trim_end());
        }
    }
    let mut out: Vec<Found<'_>> = Vec::new();
    for (serial_start, end, cands, (serial, part, suffix, of)) in raw {
        let mut chosen = None;
        for &c in &cands {
            let post = text[c..serial_start].trim_end();
            if (cands[0] == c && line_start_at(text, c)) || confirmed.contains(&post) {
                chosen = Some(c);
                break;
            }
            let six = format!("{post} {serial:06}");
            if memchr::memmem::find(b, six.as_bytes()).is_some() {
                chosen = Some(c);
                break;
            }
        }
        let start = chosen.unwrap_or(*cands.last().unwrap_or(&serial_start));
        let post = text[start..serial_start].trim_end();
        if post.is_empty() {
            continue;
        }
        out.push(Found {
            start,
            end,
            marker: Marker {
                layout: Layout::Cablegate,
                post: Some(post),
                serial: Some(serial),
                part: Some(part),
                suffix,
                of: Some(of),
                time: None,
            },
        });
    }
    // PAGE heads
    for pos in PAGE_HEAD.find_iter(b) {
        if pos > 0 && (b[pos - 1].is_ascii_alphabetic() || b[pos - 1] >= 0x80) {
            continue;
        }
        if let Ok((rest, marker)) = page(&text[pos..]) {
            // without a time group or section, only at a line start
            if marker.time.is_none() && marker.of.is_none() && !line_start_at(text, pos) {
                continue;
            }
            let end = text.len() - rest.len();
            out.push(Found {
                start: pos,
                end,
                marker,
            });
        }
    }
    out.sort_by_key(|f| f.start);
    // drop overlaps (keep the first)
    let mut last_end = 0;
    out.retain(|f| {
        if f.start < last_end {
            return false;
        }
        last_end = f.end;
        true
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cablegate_line() {
        let (rest, m) = cablegate("PRISTINA 00000128 002.2 OF 009").unwrap();
        assert_eq!(rest, "");
        assert_eq!(m.post, Some("PRISTINA"));
        assert_eq!(
            (m.serial, m.part, m.suffix, m.of),
            (Some(128), Some(2), Some(2), Some(9))
        );
        let (_, m) = cablegate("PORT AU PR 00002230 001.2 OF 002").unwrap();
        assert_eq!(m.post, Some("PORT AU PR"));
        let (_, m) = cablegate("BERN 00000881  002 OF 002").unwrap();
        assert_eq!(
            (m.serial, m.part, m.suffix, m.of),
            (Some(881), Some(2), None, Some(2))
        );
        assert!(cablegate("REF: STATE 2731").is_err());
        assert!(cablegate("PRISTINA 000128").is_err());
    }

    #[test]
    fn page_heads() {
        let (rest, m) = page("PAGE 02        HARARE  03759  01 OF 03  111533Z").unwrap();
        assert_eq!(rest, "");
        assert_eq!(m.layout, Layout::Page);
        assert_eq!(
            (m.post, m.serial, m.part, m.of),
            (Some("HARARE"), Some(3759), Some(1), Some(3))
        );
        assert_eq!(m.time, Some("111533Z"));
        let (_, m) = page("PAGE 03        SOFIA  03382  111320Z").unwrap();
        assert_eq!((m.part, m.of, m.time), (Some(3), None, Some("111320Z")));
        let (rest, m) = page("PAGE 01  ATHENS 02959  171944Z").unwrap();
        assert_eq!(rest, "");
        assert_eq!(m.layout, Layout::Nara);
        assert_eq!(
            (m.post, m.serial, m.part),
            (Some("ATHENS"), Some(2959), Some(1))
        );
        let (_, m) = page("PAGE 02 STATE 017976").unwrap();
        assert_eq!((m.layout, m.serial), (Layout::Nara, Some(17976)));
        let (rest, m) =
            page("PAGE 04 HARARE 06677 01 OF 03 291400Z COALITION GOVERNMENT. THE GOAL").unwrap();
        assert_eq!(m.time, Some("291400Z"));
        assert_eq!(rest, " COALITION GOVERNMENT. THE GOAL");
        assert!(page("PAGE 2 of the report").is_err());
    }

    #[test]
    fn finds_markers_in_sentences() {
        let t = "- 145. (SBU) A number of international and national training PRISTINA 00000128 009.2 OF 009\n\norganizations also";
        let f = find_markers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].start..f[0].end], "PRISTINA 00000128 009.2 OF 009");
        let t = "UNCLAS SECTION 01 OF 03 TEL AVIV 001234\nsaid that by changing TEL AVIV 00001234 003.2 OF 003 the";
        let f = find_markers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].marker.post, Some("TEL AVIV"));
        // unconfirmed: last word only
        let t = "aid that by changing BRASILIA 00001378 003.2 OF 003 the";
        let f = find_markers(t);
        assert_eq!(f[0].marker.post, Some("BRASILIA"));
        let t = "REF: BRASILIA 1159 BRASILIA 00001378 001.2 OF 003\n";
        let f = find_markers(t);
        assert_eq!(&t[f[0].start..f[0].end], "BRASILIA 00001378 001.2 OF 003");
        let t = "X\nTO PAGE 02        STATE   015113  182333Z\n";
        let f = find_markers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].marker.post, Some("STATE"));
        // numbers in prose are not markers
        assert!(find_markers("about 12345678 people, 001 OF them").is_empty());
        assert!(find_markers("see PAGE 12 of the report").is_empty());
    }

    #[test]
    fn glued_markers_are_found_by_the_second_look() {
        // the page head is only a line start once the marker before it is blanked
        let t = "X\nBERN 00000881 002 OF 002 PAGE 02 STATE 017976\nY";
        let f = find_markers(t);
        assert_eq!(f.len(), 2);
        assert_eq!(&t[f[1].start..f[1].end], "PAGE 02 STATE 017976");
    }

    #[test]
    fn second_look_test_agrees_with_the_plain_reading() {
        let texts = crate::testtext::edges_and_corpus(
            &[
                "X\nBERN 00000881 002 OF 002 PAGE 02 STATE 017976\nY",
                "BERN 00000881 002 OF 002PAGE 02 STATE 017976",
                "PAGE 02 STATE 017976 BERN 00000881 002 OF 002\nPAGE 03 STATE 017976",
                "a\r\nROME 00000001 001 OF 002 ROME 00000001 002 OF 002\r\n\u{e9}",
                "PAGE 02        HARARE  03759  01 OF 03  111533ZHARARE 00003759 002 OF 003",
            ],
            400,
        );
        let mut seen = 0;
        for t in &texts {
            let found = find_markers_once(t);
            if found.is_empty() {
                continue;
            }
            seen += 1;
            let plain = !find_markers_once(&blanked(t, 0, &found)).is_empty();
            assert_eq!(blanking_may_reveal_more(t, &found), plain, "{t:?}");
        }
        assert!(seen >= 5);
    }
}
