//! Readable title case for subjects, keeping acronyms.
//! OWNER: conformance helper (F). Stub.

/// Title-case an upper-case subject line, keeping acronyms upper case.
pub fn titlefy(subject: &str) -> String {
    subject.to_owned()
}
