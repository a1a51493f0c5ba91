//! Which container a file is, from its first bytes.

use crate::Form;
use crate::decode::strip_utf8_bom;
use memchr::memmem;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How many bytes of a file detection looks at.
pub(crate) const PREFIX_LEN: usize = 64 * 1024;

/// The first line of a `cables.csv` row: four or more quoted fields, the
/// first a row number.
static CSV_ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\A"[0-9]+","[^"\r\n]*","[^"\r\n]*","[^"\r\n]*","#).unwrap());

/// Line 1 of an alx/cablegate text conversion: a bare reference id.
static ALX_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A[0-9]{2,4}[A-Z][A-Z0-9]*[0-9]+\z").unwrap());

/// Line 3 of an alx/cablegate text conversion: Ruby's `Time#to_s`.
static RUBY_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\A[A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4} [0-9]{4}\z")
        .unwrap()
});

/// Guess the form of an input from its content (its first bytes suffice).
///
/// Order: PDF magic; HTML (PlusD or Cablegate); JSON; `cables.csv`; then the
/// text family (History Lab annotations, alx conversions, one-body-per-line
/// dumps, PDF-text extractions, plain text). Never fails: anything else is
/// [`Form::Text`], and the reader reports what is wrong with it.
pub fn detect(bytes: &[u8]) -> Form {
    let prefix = &bytes[..bytes.len().min(PREFIX_LEN)];
    if memmem::find(&prefix[..prefix.len().min(1024)], b"%PDF-").is_some() {
        return Form::Pdf;
    }
    let body = strip_utf8_bom(prefix);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let trimmed = &body[start..];
    if looks_like_html(trimmed) {
        if memmem::find(prefix, b"/plusd/").is_some() || memmem::find(prefix, b"PlusD").is_some() {
            return Form::Plusd;
        }
        return Form::CablegateHtml;
    }
    match trimmed.first() {
        Some(b'{') => {
            let inner = trimmed[1..].iter().find(|b| !b.is_ascii_whitespace());
            if matches!(inner, Some(b'"') | Some(b'}') | None) {
                return Form::Json;
            }
        }
        Some(b'[') => {
            let inner = trimmed[1..].iter().find(|b| !b.is_ascii_whitespace());
            if matches!(inner, Some(b'{') | Some(b']')) {
                return Form::Json;
            }
        }
        _ => {}
    }
    if CSV_ROW.is_match(trimmed) {
        return Form::Csv;
    }
    if csv_header_with_body(trimmed) {
        return Form::Csv;
    }
    text_form(body, bytes.len() >= PREFIX_LEN)
}

/// A first line of comma-separated column names, one of them the body.
fn csv_header_with_body(trimmed: &[u8]) -> bool {
    let end = memchr::memchr(b'\n', trimmed).unwrap_or(trimmed.len());
    let line = String::from_utf8_lossy(&trimmed[..end]);
    let names: Vec<String> = line
        .trim_end()
        .split(',')
        .map(|n| n.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    names.len() >= 3
        && names.iter().all(|n| {
            !n.is_empty()
                && n.len() <= 40
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_ -.".contains(&b))
        })
        && names
            .iter()
            .any(|n| matches!(n.as_str(), "body" | "content" | "text"))
}

fn looks_like_html(trimmed: &[u8]) -> bool {
    let head = &trimmed[..trimmed.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<?xml")
        || lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || memmem::find(&lower, b"<html").is_some()
        || (lower.starts_with(b"<") && memmem::find(&lower, b"<pre").is_some())
}

/// The text family, from a prefix (`cut`: the prefix is not the whole file,
/// so its last line may be incomplete).
fn text_form(body: &[u8], cut: bool) -> Form {
    if memmem::find(body, b"\n@@@").is_some() && memmem::find(body, b"[[").is_some() {
        return Form::HistoryLab;
    }
    // most inputs are valid UTF-8: checked by the vectorised validator,
    // which is several times faster than the lossy reading's (the same
    // text when valid)
    let text = match std::str::from_utf8(body) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(body),
    };
    // the last line of a cut prefix may be incomplete: not read
    let text = match text.rfind('\n') {
        Some(end) if cut => &text[..end],
        _ => &text[..],
    };
    let lines = || text.split('\n').map(|l| l.trim_end_matches('\r'));
    // read lazily: the tests below stop at the first lines that decide
    let head: Vec<&str> = lines().take(6).collect();
    if head.len() > 5
        && ALX_ID.is_match(head[0].trim_end().as_bytes())
        && RUBY_TIME.is_match(head[2].trim_end().as_bytes())
    {
        return Form::AlxText;
    }
    let mut non_empty = lines().filter(|l| !l.trim().is_empty()).peekable();
    if non_empty.peek().is_some() && non_empty.all(|l| l.len() >= 300) {
        return Form::BodyLines;
    }
    if body.starts_with(b"\r\n") {
        let crlf = memmem::find_iter(body, b"\r\n").count();
        let lf = memchr::memchr_iter(b'\n', body).count();
        if crlf * 10 >= lf * 9 {
            return Form::PdfText;
        }
    }
    Form::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`text_form`] as it read every line of the prefix into lists, the
    /// plain reading its lazy one is tested against.
    fn text_form_plain(body: &[u8], cut: bool) -> Form {
        if memmem::find(body, b"\n@@@").is_some() && memmem::find(body, b"[[").is_some() {
            return Form::HistoryLab;
        }
        let text = String::from_utf8_lossy(body);
        let mut lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        if cut && lines.len() > 1 {
            lines.pop();
        }
        if lines.len() > 5
            && ALX_ID.is_match(lines[0].trim_end().as_bytes())
            && RUBY_TIME.is_match(lines[2].trim_end().as_bytes())
        {
            return Form::AlxText;
        }
        let non_empty: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !non_empty.is_empty() && non_empty.iter().all(|l| l.len() >= 300) {
            return Form::BodyLines;
        }
        let crlf = memmem::find_iter(body, b"\r\n").count();
        let lf = memchr::memchr_iter(b'\n', body).count();
        if lf > 0 && crlf * 10 >= lf * 9 && body.starts_with(b"\r\n") {
            return Form::PdfText;
        }
        Form::Text
    }

    /// The lazy reading of the text family agrees with the plain one, over
    /// edge texts, every file of `../shared/corpus` and their cut prefixes.
    #[test]
    fn text_form_agrees_with_the_plain_reading() {
        let long = "X ".repeat(200);
        let mut texts: Vec<Vec<u8>> = [
            "",
            "\n",
            "\r\n",
            "a",
            "a\nb",
            "\r\nVZCZC\r\nDE RUEHFR\r\n",
            "\r\nVZCZC\r\nDE RUEHFR\nX\n",
            "02ADANA386\nSOUTHEAST TURKEY\nWed Nov 20 00:00:00 +0100 2002\nA\nB\nC\n",
            "02ADANA386\nSOUTHEAST TURKEY\nWed Nov 20 00:00:00 +0100 2002\nA\nB\n",
            "02ADANA386\r\nX\r\nWed Nov 20 00:00:00 +0100 2002\r\nA\nB\nC",
            "x\n@@@ y [[z]]",
            "\u{a0}\n\u{2028}\n",
            // CRLF ends counted over the whole prefix, its cut last line
            // included: nine of ten (without the last, eight of nine)
            "\r\na\r\na\r\na\r\na\r\na\r\na\r\na\r\nb\nc\r\nd",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        for t in [
            format!("{long}\n"),
            format!("{long}\n\n{long}"),
            format!("{long}\nshort"),
            format!("\u{a0}\n{long}\n\u{a0}"),
            format!("{long}\r\n{long}\r\n"),
        ] {
            texts.push(t.into_bytes());
        }
        texts.push(b"\xff\xfe x\n\x92\n".to_vec());
        if let Some(shared) = cablekit_testkit::shared("the text family over real files") {
            for f in cablekit_testkit::files_under(&shared.join("corpus")) {
                if let Ok(bytes) = std::fs::read(&f) {
                    texts.push(bytes[..bytes.len().min(PREFIX_LEN)].to_vec());
                }
            }
        }
        for t in &texts {
            for cut_at in [t.len(), t.len() / 2, t.len() / 3, 7] {
                let body = &t[..cut_at.min(t.len())];
                for cut in [false, true] {
                    assert_eq!(
                        text_form(body, cut),
                        text_form_plain(body, cut),
                        "{:?} cut {cut}",
                        String::from_utf8_lossy(&body[..body.len().min(80)])
                    );
                }
            }
        }
    }

    #[test]
    fn csv_first_line() {
        let row = b"\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",\"UNCLASSIFIED\",\"66STATE106206\",\"P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n\",\"B\"\n";
        assert_eq!(detect(row), Form::Csv);
    }

    #[test]
    fn csv_with_a_header_line() {
        assert_eq!(
            detect(b"id,date,refid,origin,classification,references,header,body\n\"1\",\"x\""),
            Form::Csv
        );
        assert_eq!(
            detect(b"refid,origin,body\n85BEIRUT992,Embassy Beirut,UNCLAS\n"),
            Form::Csv
        );
        assert_eq!(detect(b"TO, FROM, SUBJECT\nUNCLAS\n"), Form::Text);
    }

    #[test]
    fn text_family() {
        assert_eq!(detect(b"UNCLAS PARIS 001052 \nSIPDIS\n"), Form::Text);
        assert_eq!(
            detect(b"\r\nVZCZCXRO3552\r\nDE RUEHFR #1052 2151636\r\n"),
            Form::PdfText
        );
        let alx = "02ADANA386\nSOUTHEAST TURKEY PRESS SUMMARY\nWed Nov 20 00:00:00 +0100 2002\nUNCLASSIFIED\nConsulate Adana\nUNCLAS SECTION 01 OF 02 ADANA 0386 \n";
        assert_eq!(detect(alx.as_bytes()), Form::AlxText);
        let line = format!(
            "S E C R E T ISLAMABAD 15762   E. O. 12356: {}\n",
            "X ".repeat(200)
        );
        assert_eq!(detect(line.as_bytes()), Form::BodyLines);
    }

    #[test]
    fn json_and_pdf() {
        assert_eq!(detect(b"  {\"_id\": \"04ANKARA348\"}"), Form::Json);
        assert_eq!(detect(b"[\n {\"body\": \"x\"}]"), Form::Json);
        assert_eq!(detect(b"%PDF-1.4\n%\xE2\xE3"), Form::Pdf);
        assert_eq!(detect(b"[1] UNCLAS"), Form::Text);
        assert_eq!(detect(b"{SIC} UNCLAS"), Form::Text);
    }
}
