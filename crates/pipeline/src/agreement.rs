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
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(created, format).ok())
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
