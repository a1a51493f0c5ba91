//! TAGS vocabulary: canonical spelling and kinds of tags.
//! OWNER: conformance helper (F). Stub with a minimal body.

/// What a TAGS code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// Subject tag (PGOV, PREL).
    Subject,
    /// Geographic tag (KV, RS).
    Geo,
    /// Person tag (`KISSINGER, HENRY A.`).
    Person,
    /// Program tag (K-tags: KCRM).
    Program,
    /// Organization tag (UNMIK, NATO).
    Org,
    /// Unknown.
    Unknown,
}

/// Split the text after `TAGS:` (possibly wrapped over lines, commas or
/// spaces) into canonical tags, in order, deduplicated.
pub fn split_tags(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in raw.split(|c: char| c == ',' || c.is_whitespace()) {
        let t = t.trim();
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// The kind of a tag.
pub fn tag_kind(tag: &str) -> TagKind {
    let _ = tag;
    TagKind::Unknown
}
