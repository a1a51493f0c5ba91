//! `cablekit rules`: the normalizer's rules, from
//! [`cablekit_normalize::rules`](cablekit_pipeline::normalize::rules).

use crate::output;
use crate::{Failure, Status};
use cablekit_pipeline::normalize;
use std::io::Write;

/// Every normalizer rule.
pub fn list() -> &'static [normalize::RuleInfo] {
    normalize::rules()
}

/// Every rule id.
pub fn ids() -> Vec<String> {
    list().iter().map(|r| r.id.to_owned()).collect()
}

pub(crate) fn run() -> Result<Status, Failure> {
    let mut out = output::stdout();
    for rule in list() {
        writeln!(out, "{}", rule.id)?;
        for line in wrap(rule.description, 92) {
            writeln!(out, "    {line}")?;
        }
        writeln!(out, "    before: {:?}", rule.before)?;
        writeln!(out, "    after:  {:?}", rule.after)?;
        if !rule.source.is_empty() {
            writeln!(out, "    (from {})", rule.source)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// Split `text` into lines of at most `width` characters, at spaces (a
/// longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_width() {
        let text = "Removes what containers and converters added: CRLF and U+2028 line ends";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }
}
