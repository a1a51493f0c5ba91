//! Canonical cable ids: `YY` + origin as WikiLeaks spells it + serial without
//! leading zeros. OWNER: conformance helper (F). Stub with a minimal body.

/// Canonical origin spelling for a post name as written on a classification
/// line or in a reference (`PRISTINA`, `USUN NEW YORK` → `USUNNEWYORK`,
/// `SECSTATE` → `STATE`, `HAGUE` → `THEHAGUE`).
pub fn canonical_origin(post: &str) -> String {
    post.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Build a canonical id from a year (2 or 4 digits), a post name and a
/// serial: `cable_id(2008, "PRISTINA", 128)` → `08PRISTINA128`.
pub fn cable_id(year: i32, post: &str, serial: u64) -> String {
    format!(
        "{:02}{}{}",
        year.rem_euclid(100),
        canonical_origin(post),
        serial
    )
}

/// Canonicalize an id as published (possibly malformed: `07SOIA828`,
/// `08SECTION01OF03CAIRO1416`) to the id it should be. Returns `None` when
/// `raw` does not look like a cable id at all.
pub fn canonicalize_id(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.len() < 4 || !raw.as_bytes()[..2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(raw.to_ascii_uppercase())
}
