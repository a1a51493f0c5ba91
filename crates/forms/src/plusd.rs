//! WikiLeaks PlusD pages of NARA 1970s telegrams (`…_b.html`): a synopsis
//! table (Date, Canonical ID, Original Classification, TAGS, From, …), the
//! text in a "Content" pane (split header/body) and again in a "Raw content"
//! pane, then a "Metadata" pane (`Document Number: …`).
//!
//! The cable text is the "Raw content" pane, raw (HTML entities kept).

use crate::decode::{Decoded, error};
use crate::html::strip_tags;
use crate::{CableInput, Form};
use cablekit_record::{InputError, SourceMetadata};

/// Read a PlusD page.
pub(crate) fn read(page: &str, decoded: Decoded) -> Result<CableInput, InputError> {
    let (start, text) = pane(page, "Raw content")
        .or_else(|| pane(page, "Content"))
        .ok_or_else(|| {
            error(
                "not-a-cable",
                "PlusD page without a \"Raw content\" or \"Content\" pane",
                None,
            )
        })?;
    if text.trim().is_empty() {
        return Err(error(
            "empty",
            "the PlusD page's content pane is empty",
            None,
        ));
    }
    let canonical = field(page, "Canonical ID");
    let document_number = pane(page, "Metadata").and_then(|(_, m)| {
        m.lines()
            .find_map(|l| l.strip_prefix("Document Number:"))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    });
    let reference_id = document_number.or_else(|| {
        canonical.map(|c| match c.rsplit_once('_') {
            Some((id, suffix)) if suffix.len() == 1 => id.to_owned(),
            _ => c,
        })
    });
    let metadata = SourceMetadata {
        reference_id,
        created: field(page, "Date"),
        released: None,
        classification: field(page, "Original Classification"),
        origin: field(page, "From"),
        tags: links(page, "TAGS"),
        references: Vec::new(),
    };
    let mut input = CableInput::new(text, Form::Plusd);
    input.line = crate::decode::line_of(page.as_bytes(), start);
    input.metadata = Some(metadata);
    input.diagnostics.extend(decoded.note());
    Ok(input)
}

/// `(offset, text)` of the text of the pane headed `name`: its first text
/// div, and for the "Content" pane (split header and body) both.
fn pane(page: &str, name: &str) -> Option<(usize, String)> {
    let header = format!("<div class=\"pane-header\">{name}</div>");
    let at = page.find(&header)? + header.len();
    let rest = &page[at..];
    let next_pane = rest
        .find("<div class=\"pane-header\">")
        .unwrap_or(rest.len());
    let rest = &rest[..next_pane];
    let div = |from: usize| -> Option<(usize, usize)> {
        let open = rest[from..].find("<div class=\"text-")? + from;
        let gt = rest[open..].find('>')? + open + 1;
        let end = rest[gt..].find("</div>").map_or(rest.len(), |e| gt + e);
        Some((gt, end))
    };
    let (start, end) = div(0)?;
    let mut text = rest[start..end].to_owned();
    if let Some((b, e)) = div(end) {
        text.push_str("\n\n");
        text.push_str(&rest[b..e]);
    }
    Some((at + start, text))
}

/// The `s_val` div following the `s_key` whose title is `key`: its text.
fn s_val<'a>(page: &'a str, key: &str) -> Option<&'a str> {
    let marker = format!("title=\"{key}\">{key}");
    let at = page.find(&marker)?;
    let rest = &page[at..];
    let open = rest.find("<div class=\"s_val\"")?;
    let gt = rest[open..].find("\">")? + open + 2;
    let end = rest[gt..].find("</div>").map_or(rest.len(), |e| gt + e);
    Some(&rest[gt..end])
}

fn field(page: &str, key: &str) -> Option<String> {
    let v = strip_tags(s_val(page, key)?);
    (!v.is_empty() && !v.starts_with("-- N/A")).then_some(v)
}

/// The link texts of a field (TAGS): `<a …>GR<span> - Greece</span></a>` → `GR`.
fn links(page: &str, key: &str) -> Vec<String> {
    let Some(val) = s_val(page, key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = val;
    while let Some(open) = rest.find("<a ") {
        let Some(gt) = rest[open..].find('>') else {
            break;
        };
        let start = open + gt + 1;
        let end = rest[start..].find('<').map_or(rest.len(), |e| start + e);
        let text = strip_tags(&rest[start..end]);
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
        }
        rest = &rest[end..];
    }
    out
}
