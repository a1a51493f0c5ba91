//! WikiLeaks Cablegate cable pages (`cable/YYYY/MM/ID.html`), all four site
//! builds (Dec 2010, early 2011, Apr 2011, late 2011): a metadata table
//! (Reference ID, Created, Released, Classification, Origin) and two
//! `<pre>` blocks, header and body.
//!
//! The cable text is the content of the two blocks, raw (entities such as
//! `&#x000A;`, TAG links and ¶ anchors kept for the normalizer), joined by a
//! blank line.

use crate::decode::{Decoded, error};
use crate::{CableInput, Form};
use cablekit_record::{Diagnostic, InputError, SourceMetadata};
use memchr::memmem;
use regex::Regex;
use std::sync::LazyLock;

/// A `cables.csv`-like dump row some builds put at the start of the body
/// `<pre>`: date, reference id, origin, classification, references, header,
/// then the body, tab-separated.
static DUMP_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(?::[0-9]{2})?\t([^\t]*)\t[^\t]*\t[^\t]*\t[^\t]*\t")
        .unwrap()
});

/// Another cable's dump row inside a body: `50133  2006-01-19  06THEHAGUE131  Embassy`.
static RUN_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:&#x000A;|\n)[ \t]*[0-9]{1,7}[ \t]+[0-9]{4}-[0-9]{2}-[0-9]{2}[ \t]+([0-9]{2}[A-Z][A-Z0-9]*[0-9])[ \t]")
        .unwrap()
});

/// Read a Cablegate page.
pub(crate) fn read(page: &str, decoded: Decoded) -> Result<CableInput, InputError> {
    let table = find_table(page);
    let metadata = table.map(|(start, end)| table_metadata(&page[start..end]));
    let after_table = table.map_or(0, |(_, end)| end);
    let mut pres = pre_blocks(page, after_table);
    if pres.is_empty() && after_table > 0 {
        pres = pre_blocks(page, 0);
    }
    let mut diagnostics: Vec<Diagnostic> = decoded.note().into_iter().collect();
    let (header, body) = match pres.as_slice() {
        [] => {
            return Err(error(
                "not-a-cable",
                "HTML page without a <pre> block: not a Cablegate cable page",
                None,
            ));
        }
        [body] => ("", *body),
        [header, body, ..] => (*header, *body),
    };
    let refid = metadata.as_ref().and_then(|m| m.reference_id.clone());
    let body = strip_dump_row(body, refid.as_deref(), &mut diagnostics);
    let mut text = String::with_capacity(header.len() + body.len() + 2);
    if !header.trim().is_empty() {
        text.push_str(header);
        text.push_str("\n\n");
    }
    let body_start = text.len();
    text.push_str(body);
    if text.trim().is_empty() {
        return Err(error(
            "empty",
            "the page's header and body <pre> blocks are empty",
            None,
        ));
    }
    // TAG links of this cable only: not those of a cable the body runs on into.
    let mut own_body = body;
    if let Some(d) = run_on(&text, body_start, refid.as_deref()) {
        own_body = &body[..d.start.saturating_sub(body_start).min(body.len())];
        diagnostics.push(d);
    }
    let tags = tags(header)
        .chain(tags(own_body))
        .fold(Vec::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        });
    let metadata = match metadata {
        Some(m) => Some(SourceMetadata { tags, ..m }),
        None if !tags.is_empty() => Some(SourceMetadata {
            tags,
            ..SourceMetadata::default()
        }),
        None => None,
    };
    let mut input = CableInput::new(text, Form::CablegateHtml);
    input.line = crate::decode::line_of(page.as_bytes(), pres_start(page, header, body));
    input.metadata = metadata;
    input.diagnostics = diagnostics;
    input.body_start = Some(body_start);
    input.body_line = Some(crate::decode::line_of(
        page.as_bytes(),
        pres_start(page, "", body),
    ));
    Ok(input)
}

/// Byte offset in `page` where the first used block starts.
fn pres_start(page: &str, header: &str, body: &str) -> usize {
    let first = if header.is_empty() { body } else { header };
    (first.as_ptr() as usize).saturating_sub(page.as_ptr() as usize)
}

/// `(start, end)` of the `<table class='cable'>` element.
fn find_table(page: &str) -> Option<(usize, usize)> {
    let bytes = page.as_bytes();
    let start = memmem::find(bytes, b"<table class='cable'>")
        .or_else(|| memmem::find(bytes, b"<table class=\"cable\">"))?;
    let end = memmem::find(&bytes[start..], b"</table>").map_or(page.len(), |e| start + e + 8);
    Some((start, end))
}

/// The first five `<td>` cells of the metadata table.
fn table_metadata(table: &str) -> SourceMetadata {
    let mut cells = Vec::with_capacity(5);
    let mut rest = table;
    while cells.len() < 5 {
        let Some(open) = rest.find("<td") else { break };
        let Some(gt) = rest[open..].find('>') else {
            break;
        };
        let inner_start = open + gt + 1;
        let inner_end = rest[inner_start..]
            .find("</td>")
            .map_or(rest.len(), |e| inner_start + e);
        cells.push(strip_tags(&rest[inner_start..inner_end]));
        rest = &rest[inner_end..];
    }
    let cell = |i: usize| cells.get(i).filter(|s| !s.is_empty()).cloned();
    SourceMetadata {
        reference_id: cell(0),
        created: cell(1),
        released: cell(2),
        classification: cell(3),
        origin: cell(4),
        ..SourceMetadata::default()
    }
}

/// The text of an HTML fragment: tags dropped, the few entities the
/// metadata cells use decoded, whitespace collapsed.
pub(crate) fn strip_tags(fragment: &str) -> String {
    let mut out = String::with_capacity(fragment.len());
    let mut in_tag = false;
    for ch in fragment.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Contents of `<pre>` blocks from `from` on.
fn pre_blocks(page: &str, from: usize) -> Vec<&str> {
    let bytes = page.as_bytes();
    let mut out = Vec::new();
    let mut pos = from;
    while let Some(open) = memmem::find(&bytes[pos..], b"<pre") {
        let open = pos + open;
        // `<pre>` or `<pre attr…>`, not `<prefix>`.
        let after = bytes.get(open + 4).copied();
        if !matches!(after, Some(b'>') | Some(b' ') | Some(b'\t') | Some(b'\n')) {
            pos = open + 4;
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &bytes[open..]) else {
            break;
        };
        let start = open + gt + 1;
        let end = memmem::find(&bytes[start..], b"</pre>").map_or(page.len(), |e| start + e);
        out.push(&page[start..end]);
        pos = end;
        if out.len() == 2 {
            break;
        }
    }
    out
}

/// TAG link texts: `<a href='/tag/PGOV_0.html'>PGOV</a>` → `PGOV`.
fn tags(block: &str) -> impl Iterator<Item = String> + '_ {
    let finder = memmem::Finder::new(b"/tag/");
    finder
        .find_iter(block.as_bytes())
        .filter_map(move |at| {
            let rest = &block[at..];
            let gt = rest.find('>')?;
            let close = rest[gt..].find("</a>")?;
            let text = strip_tags(&rest[gt + 1..gt + close]);
            (!text.is_empty()).then_some(text)
        })
        .collect::<Vec<_>>()
        .into_iter()
}

/// Strip a dump row at the start of the body (early-2011 builds): keep the
/// body field only, when the row names this page's cable.
fn strip_dump_row<'a>(
    body: &'a str,
    refid: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> &'a str {
    let Some(caps) = DUMP_ROW.captures(body) else {
        return body;
    };
    let row_refid = caps.get(1).map_or("", |m| m.as_str());
    if refid.is_some_and(|r| r != row_refid) {
        return body;
    }
    let after = caps.get(0).map_or(0, |m| m.end());
    // The header field runs to the next tab.
    let Some(tab) = body[after..].find('\t') else {
        return body;
    };
    diagnostics.push(Diagnostic::note(
        "html-dump-row",
        format!(
            "the page's body block starts with a tab-separated dump row of {row_refid} \
             (date, id, origin, classification, references, header); only its body field is used"
        ),
        0,
        0,
    ));
    &body[after + tab + 1..]
}

/// A warning when the body runs on into another cable's dump row.
fn run_on(text: &str, body_start: usize, refid: Option<&str>) -> Option<Diagnostic> {
    let body = &text[body_start..];
    for caps in RUN_ON.captures_iter(body) {
        let other = caps.get(1)?.as_str();
        if refid == Some(other) {
            continue;
        }
        let m = caps.get(0)?;
        // The span starts at the row itself, after the newline.
        let nl = if m.as_str().starts_with("&#x000A;") {
            8
        } else {
            1
        };
        let start = body_start + m.start() + nl;
        let line_end = body[m.end()..]
            .find("&#x000A;")
            .map_or(body.len(), |e| m.end() + e);
        return Some(Diagnostic::warning(
            "html-run-on",
            format!(
                "the page's body runs on into another cable ({other}): the text from here on is \
                 not part of {}",
                refid.unwrap_or("this cable")
            ),
            start,
            body_start + line_end,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><table class='cable'>\n<tr>\n<th>Reference ID</th>\n</tr>\n<tr>\n<td>\n<a href='/cable/2000/09/00HARARE5461.html'>00HARARE5461</a>\n</td>\n<td>\n<a href='/date/2000-09_0.html'>2000-09-27 14:02</a>\n</td>\n<td>\n<a href='/reldate/2010-12-18_0.html'>2010-12-18 21:09</a>\n</td>\n<td>\n<a href='/classification/1_0.html' title='unclassified'>CONFIDENTIAL</a>\n</td>\n<td>\n<a href='/origin/98_0.html'>Embassy Harare</a>\n</td>\n</tr>\n</table>\n<code><pre>FM AMEMBASSY HARARE&#x000A;TO SECSTATE WASHDC IMMEDIATE 7212</pre></code>\n<code><pre>C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461 &#x000A;TAGS: <a href='/tag/PGOV_0.html'>PGOV</a> <a href='/tag/ZI_0.html'>ZI</a>&#x000A;<a id='par1' href='#par1'>¶</a>1. (C) TEXT</pre></code></html>";

    #[test]
    fn metadata_blocks_and_tags() {
        let c = read(PAGE, Decoded::Utf8).unwrap();
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(m.reference_id.as_deref(), Some("00HARARE5461"));
        assert_eq!(m.created.as_deref(), Some("2000-09-27 14:02"));
        assert_eq!(m.released.as_deref(), Some("2010-12-18 21:09"));
        assert_eq!(m.classification.as_deref(), Some("CONFIDENTIAL"));
        assert_eq!(m.origin.as_deref(), Some("Embassy Harare"));
        assert_eq!(m.tags, vec!["PGOV", "ZI"]);
        assert!(c.text.starts_with(
            "FM AMEMBASSY HARARE&#x000A;TO SECSTATE WASHDC IMMEDIATE 7212\n\nC O N F"
        ));
        assert!(c.text.ends_with("¶</a>1. (C) TEXT"));
        assert_eq!(c.line, 23);
        assert!(c.text[c.body_start.unwrap()..].starts_with("C O N F I D E N T I A L SECTION"));
        assert_eq!(c.body_line, Some(24));
        assert_eq!(c.file_line(5), 23);
        assert_eq!(c.file_line(c.text.len()), 24);
        assert!(c.diagnostics.is_empty());
    }

    #[test]
    fn dump_row_is_stripped_when_it_names_the_page() {
        let body = "2005-11-14 10:58:00\t00HARARE5461\tEmbassy Harare\tCONFIDENTIAL\t\tHEADER\\&#x000A;\tC O N F I D E N T I A L \\&#x000A;";
        let page = PAGE.replace(
            "C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461 &#x000A;",
            body,
        );
        let c = read(&page, Decoded::Utf8).unwrap();
        assert!(
            c.text
                .contains("7212\n\nC O N F I D E N T I A L \\&#x000A;TAGS")
        );
        assert_eq!(c.diagnostics[0].kind, "html-dump-row");
    }

    #[test]
    fn run_on_is_reported() {
        let page = PAGE.replace(
            "1. (C) TEXT",
            "SUBJECT: AUDIENCE &#x000A; ...&#x000A;&#x000A;&#x000A;50133  2006-01-19  06THEHAGUE131  Embassy The Hague  CONFIDENTIAL    C O N F TAGS: <a href='/tag/NL_0.html'>NL</a>",
        );
        let c = read(&page, Decoded::Utf8).unwrap();
        let d = &c.diagnostics[0];
        assert_eq!(d.kind, "html-run-on");
        assert!(c.text[d.start..].starts_with("50133  2006-01-19  06THEHAGUE131"));
        assert!(d.message.contains("06THEHAGUE131"));
        // The other cable's TAG links are not this cable's.
        assert_eq!(c.metadata.unwrap().tags, ["PGOV", "ZI"]);
    }

    #[test]
    fn page_without_pre_is_an_error() {
        assert_eq!(
            read("<html><p>hi</p></html>", Decoded::Utf8)
                .unwrap_err()
                .kind,
            "not-a-cable"
        );
    }
}
