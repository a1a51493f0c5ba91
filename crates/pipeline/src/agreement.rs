//! Agreement between what a cable's text says and what its container says
//! (a Cablegate page's metadata table and TAG links, a CSV row's columns).
//!
//! Used by the real-corpus tests and by `cargo xtask corpus`, which lists
//! every disagreement with its reason.

use cablekit_record::Record;
use chrono::NaiveDateTime;

/// A field on which the text and the container disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The field: `id`, `classification`, `date`, `tags`.
    pub field: &'static str,
    /// What cablekit read from the text (`null` when it read nothing).
    pub ours: String,
    /// What the container says.
    pub theirs: String,
}

/// The outcome of comparing one record with its container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Fields on which the text and the container disagree.
    pub disagreements: Vec<Disagreement>,
    /// Fields the container gives but the text does not (e.g. the date of a
    /// partial record, which has no DTG): not compared.
    pub absent: Vec<&'static str>,
}

/// Compare a record's id, classification level, date and TAGS with its
/// container's metadata. Fields the container does not give are not
/// compared; fields the text does not give are listed as absent. Returns an
/// empty comparison for a record without container metadata.
pub fn compare(record: &Record) -> Comparison {
    let Some(meta) = &record.source_metadata else {
        return Comparison::default();
    };
    let mut absent = Vec::new();
    let mut out = Vec::new();
    if let Some(published) = &meta.reference_id {
        let theirs =
            cablekit_grammar::id::canonicalize_id(published).unwrap_or_else(|| published.clone());
        if record.id.as_deref() != Some(theirs.as_str()) {
            out.push(Disagreement {
                field: "id",
                ours: show(record.id.as_deref()),
                theirs,
            });
        }
    }
    if let Some(theirs) = &meta.classification {
        let level = container_level(theirs);
        if record.classification.level.as_deref() != Some(level) {
            out.push(Disagreement {
                field: "classification",
                ours: show(record.classification.level.as_deref()),
                theirs: theirs.clone(),
            });
        }
    }
    if let Some(created) = &meta.created
        && let Some(created_at) = parse_created(created)
    {
        let agrees = record
            .header
            .dtg
            .is_some_and(|dtg| (dtg.naive_utc() - created_at).num_minutes().abs() <= 24 * 60);
        if record.header.dtg.is_none() {
            absent.push("date");
        } else if !agrees {
            out.push(Disagreement {
                field: "date",
                ours: show(record.header.dtg.map(|d| d.to_rfc3339()).as_deref()),
                theirs: created.clone(),
            });
        }
    }
    if !meta.tags.is_empty() && record.tags.is_empty() {
        absent.push("tags");
    } else if !meta.tags.is_empty() && !tags_agree(&record.tags, &meta.tags) {
        let mut ours: Vec<&str> = record.tags.iter().map(String::as_str).collect();
        let mut theirs: Vec<&str> = meta.tags.iter().map(String::as_str).collect();
        ours.sort_unstable();
        theirs.sort_unstable();
        out.push(Disagreement {
            field: "tags",
            ours: ours.join(" "),
            theirs: theirs.join(" "),
        });
    }
    Comparison {
        disagreements: out,
        absent,
    }
}

/// The disagreements of [`compare`].
pub fn check(record: &Record) -> Vec<Disagreement> {
    compare(record).disagreements
}

/// Do our TAGS cover the container's? A Cablegate page links only the first
/// line of a wrapped TAGS list and splits multi-word tags into one link per
/// word (`POLITICAL PARTIES`, `STEINBERG, JAMES B.`), so the container's tags
/// are canonicalised the way ours are and compared word by word as a subset.
fn tags_agree(ours: &[String], theirs: &[String]) -> bool {
    fn words(tags: &[String]) -> std::collections::HashSet<String> {
        tags.iter()
            .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(str::to_uppercase)
            .collect()
    }
    let theirs = cablekit_grammar::tagdb::split_tags(&theirs.join(" "));
    words(&theirs).is_subset(&words(ours))
}

fn show(value: Option<&str>) -> String {
    value.unwrap_or("null").to_owned()
}

/// The level part of a container classification (`SECRET//NOFORN` → `SECRET`,
/// `UNCLASSIFIED//FOR OFFICIAL USE ONLY` → `UNCLASSIFIED`).
pub fn container_level(classification: &str) -> &str {
    classification
        .split("//")
        .next()
        .unwrap_or(classification)
        .trim()
}

/// Parse a container's creation date: `2008-03-13 15:03`, `2008-03-13 15:03:00`
/// or the CSV's `3/13/2008 15:03`.
pub fn parse_created(created: &str) -> Option<NaiveDateTime> {
    let created = created.trim();
    created_quick(created).or_else(|| {
        CREATED_FORMATS
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(created, format).ok())
    })
}

/// The forms of [`parse_created`], as `chrono` formats. No text is read by
/// two of them: they differ in the separators and in the seconds.
const CREATED_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
];

/// [`parse_created`] of the plainest writing of its forms, without
/// `chrono`'s format reader (which reads the format itself on every call: a
/// CSV date went through three formats, 2,350 instructions): `M/D/YYYY H:MM`
/// or `YYYY-MM-DD H:MM`, with one or two digits where shown so, and
/// optionally `:SS`. `None` for any other writing, which the formats read:
/// what is read here is what they read it as.
fn created_quick(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    let iso = b.get(4) == Some(&b'-');
    // each field's digits (fewest, most) and the separator after it: the
    // date's three in the form's order, then the time's
    const TIME: [(usize, usize, u8); 3] = [(1, 2, b':'), (2, 2, b':'), (2, 2, 0)];
    let date: [(usize, usize, u8); 3] = if iso {
        [(4, 4, b'-'), (2, 2, b'-'), (2, 2, b' ')]
    } else {
        [(1, 2, b'/'), (1, 2, b'/'), (4, 4, b' ')]
    };
    let mut fields = [0u32; 6];
    let mut at = 0;
    let mut read = 0;
    for (k, &(min, max, sep)) in date.iter().chain(&TIME).enumerate() {
        fields[k] = digits(b, &mut at, min, max)?;
        read = k + 1;
        match b.get(at) {
            None => break,
            Some(&c) if c == sep && sep != 0 => at += 1,
            Some(_) => return None,
        }
    }
    // the minutes at least (the loop ends at the end of `s`)
    if read < 5 {
        return None;
    }
    let (y, m, d) = if iso {
        (fields[0], fields[1], fields[2])
    } else {
        (fields[2], fields[0], fields[1])
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?
        .and_hms_opt(fields[3], fields[4], fields[5])
}

/// The number written at `b[*at..]` in `min..=max` digits and not followed
/// by another digit; `*at` moves past it.
fn digits(b: &[u8], at: &mut usize, min: usize, max: usize) -> Option<u32> {
    let from = *at;
    let mut v = 0;
    while let Some(&c) = b.get(*at).filter(|c| c.is_ascii_digit()) {
        if *at - from == max {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
        *at += 1;
    }
    (*at - from >= min).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_forms() {
        assert!(parse_created("2008-03-13 15:03").is_some());
        assert!(parse_created("12/28/1966 18:48").is_some());
        assert!(parse_created("2/25/1972 9:30").is_some());
        assert!(parse_created("yesterday").is_none());
    }

    /// The quick reading gives what chrono's formats give, or leaves the
    /// text to them: dates written in every way near the forms (digits
    /// short and long, every separator, seconds or not, impossible days and
    /// hours, stray bytes).
    #[test]
    fn quick_created_dates_are_read_as_the_formats_read_them() {
        let by_formats = |s: &str| {
            CREATED_FORMATS
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
        };
        let numbers = [
            "", "0", "3", "03", "12", "13", "29", "31", "60", "123", "1966", "2008", "02008",
        ];
        let seps = ["/", "-", " ", ":", "  ", "x"];
        let mut rng = cablekit_testkit::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        let templates = [
            ["3", "/", "13", "/", "2008", " ", "15", ":", "03", "", ""],
            [
                "12", "/", "28", "/", "1966", " ", "18", ":", "48", ":", "00",
            ],
            ["2008", "-", "03", "-", "13", " ", "15", ":", "03", "", ""],
            ["2008", "-", "03", "-", "13", " ", "9", ":", "03", ":", "59"],
        ];
        let (mut quick, mut total) = (0, 0);
        for _ in 0..40_000 {
            let mut parts = templates[next(templates.len())];
            // change one to three parts
            for _ in 0..1 + next(3) {
                let k = next(parts.len());
                parts[k] = if k % 2 == 0 {
                    numbers[next(numbers.len())]
                } else {
                    seps[next(seps.len())]
                };
            }
            let s = parts.concat();
            let got = created_quick(&s);
            if got.is_some() {
                quick += 1;
                assert_eq!(got, by_formats(&s), "{s:?}");
            }
            assert_eq!(parse_created(&s), by_formats(s.trim()), "{s:?}");
            total += 1;
        }
        // the quick reading did read most valid dates
        assert!(quick > total / 10, "{quick} of {total}");
        for s in ["3/13/2008 15:03", "2008-03-13 15:03:00", "12/28/1966 18:48"] {
            assert!(created_quick(s).is_some(), "{s}");
        }
    }

    #[test]
    fn levels() {
        assert_eq!(container_level("SECRET//NOFORN"), "SECRET");
        assert_eq!(
            container_level("UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
            "UNCLASSIFIED"
        );
        assert_eq!(container_level("CONFIDENTIAL"), "CONFIDENTIAL");
    }
}
