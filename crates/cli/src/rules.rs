//! `cablekit rules`: the normalizer's rules.
//!
//! PLACEHOLDER: the normalizer does not list its rules yet
//! (`cablekit_normalize::rules()` is planned). Until it does, this module
//! holds a local table so the command, `--rules` and `--skip-rule` work.

use crate::output;
use crate::{Failure, Status};
use std::io::Write;

/// One rule, as `cablekit rules` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The rule id (`comma-apostrophe`).
    pub id: String,
    /// What it repairs.
    pub description: String,
    /// Example input.
    pub before: String,
    /// Example output.
    pub after: String,
}

/// Every normalizer rule.
pub fn list() -> Vec<Rule> {
    PLACEHOLDER
        .iter()
        .map(|(id, description, before, after)| Rule {
            id: (*id).into(),
            description: (*description).into(),
            before: (*before).into(),
            after: (*after).into(),
        })
        .collect()
}

/// Every rule id (empty: unknown, accept any id).
pub fn ids() -> Vec<String> {
    list().into_iter().map(|r| r.id).collect()
}

const PLACEHOLDER: &[(&str, &str, &str, &str)] = &[];

pub(crate) fn run() -> Result<Status, Failure> {
    let mut out = output::stdout();
    let rules = list();
    if rules.is_empty() {
        writeln!(out, "the normalizer lists no rules yet")?;
    }
    for rule in rules {
        writeln!(out, "{}", rule.id)?;
        for line in rule.description.lines() {
            writeln!(out, "    {line}")?;
        }
        writeln!(out, "    example: {:?} -> {:?}", rule.before, rule.after)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
