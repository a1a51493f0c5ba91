//! Stage 1, rule `markup-residue`: what containers and converters put into
//! the text. CRLF / CR / U+2028 line ends, HTML entities and tags,
//! `cables.csv` backslash escapes, LaTeX (`$\bar{a}$`, `$\P6$`).

use crate::{Options, edit};
use cablekit_record::Edit;

const RULE: &str = "markup-residue";

/// Plan the markup repairs of `text`.
pub(crate) fn plan(text: &str, options: &Options) -> Vec<Edit> {
    if !options.on(RULE) {
        return Vec::new();
    }
    let b = text.as_bytes();
    // the bytes that can start an artifact, found with vectorised searches
    let mut triggers: Vec<usize> = memchr::memchr3_iter(b'\r', b'&', b'<', b).collect();
    let n_first = triggers.len();
    triggers.extend(memchr::memchr3_iter(b'\\', b'$', 0xE2, b));
    triggers.extend(memchr::memchr_iter(0xEF, b));
    if triggers.len() > n_first {
        triggers.sort_unstable();
    }
    // most triggers are an edit (a page's line-end entities): room for
    // them at once, instead of growing the plan a dozen times
    let mut out = Vec::with_capacity(triggers.len());
    let mut i = 0;
    for t in triggers {
        if t < i {
            continue;
        }
        i = t;
        let c = b[i];
        let consumed = match c {
            b'\r' => {
                if b.get(i + 1) == Some(&b'\n') {
                    out.push(edit(RULE, text, i, i + 1, ""));
                } else {
                    out.push(edit(RULE, text, i, i + 1, "\n"));
                }
                1
            }
            b'&' => match entity(&text[i..]) {
                Some((len, rep)) => {
                    // encoded on the stack: no allocation besides the edit's
                    let mut buf = [0u8; 4];
                    let rep: &str = match rep {
                        Some(c) => c.encode_utf8(&mut buf),
                        None => "",
                    };
                    out.push(edit(RULE, text, i, i + len, rep));
                    len
                }
                None => 1,
            },
            b'<' => match letter_anchor(&text[i..])
                .map(|l| (l, ""))
                .or_else(|| tag(&text[i..]))
            {
                Some((len, rep)) => {
                    out.push(edit(RULE, text, i, i + len, rep));
                    len
                }
                None => 1,
            },
            b'\\' => backslash(text, i, &mut out),
            b'$' => latex(text, i, &mut out),
            0xE2 => {
                if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA8) {
                    // U+2028 right before a line end (with more of them) adds
                    // nothing: drop it; elsewhere it is a line break
                    let mut j = i + 3;
                    while text[j..].starts_with('\u{2028}') {
                        j += 3;
                    }
                    let before_eol = text[j..].starts_with('\n') || text[j..].starts_with("\r\n");
                    out.push(edit(
                        RULE,
                        text,
                        i,
                        i + 3,
                        if before_eol { "" } else { "\n" },
                    ));
                    3
                } else if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA9) {
                    out.push(edit(RULE, text, i, i + 3, "\n\n"));
                    3
                } else {
                    1
                }
            }
            0xEF if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => {
                // byte-order mark
                out.push(edit(RULE, text, i, i + 3, ""));
                3
            }
            _ => 1,
        };
        i += consumed.max(1);
    }
    out
}

/// `&#x000A;`, `&#8217;`, `&amp;` … → (length, replacement; `None`: nothing).
fn entity(s: &str) -> Option<(usize, Option<char>)> {
    let b = s.as_bytes();
    let semi = b.iter().take(12).position(|&c| c == b';')?;
    let body = &s[1..semi];
    let len = semi + 1;
    let ch = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            if hex.is_empty() || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if num.is_empty() || !num.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            num.parse().ok()?
        };
        match code {
            0x0D => return Some((len, None)),
            0x0A => '\n',
            0x09 => '\t',
            0..=0x1F | 0x7F => return None,
            // Windows-1252 code points written as numeric references
            0x91 => '\u{2018}',
            0x92 => '\u{2019}',
            0x93 => '\u{201C}',
            0x94 => '\u{201D}',
            0x96 => '\u{2013}',
            0x97 => '\u{2014}',
            _ => char::from_u32(code)?,
        }
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201C}',
            "rdquo" => '\u{201D}',
            "hellip" => '\u{2026}',
            "para" => '¶',
            "sect" => '§',
            "eacute" => 'é',
            "egrave" => 'è',
            "aacute" => 'á',
            "iacute" => 'í',
            "oacute" => 'ó',
            "uacute" => 'ú',
            "ntilde" => 'ñ',
            "ccedil" => 'ç',
            "uuml" => 'ü',
            "ouml" => 'ö',
            "auml" => 'ä',
            "deg" => '°',
            "middot" => '·',
            "bull" => '•',
            _ => return None,
        }
    };
    Some((len, Some(ch)))
}

const TAGS: &[&str] = &[
    "a", "b", "i", "u", "em", "strong", "span", "font", "br", "p", "div", "pre", "code", "h1",
    "h2", "h3", "h4", "h5", "h6", "tt", "sup", "sub",
];

/// An HTML tag of the Cablegate pages → (length, replacement).
fn tag(s: &str) -> Option<(usize, &'static str)> {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = &s[name_start..i];
    if !TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        return None;
    }
    // the name ends at whitespace, `/` or `>`
    match b.get(i) {
        Some(b' ' | b'\t' | b'/' | b'>' | b'\n') => {}
        _ => return None,
    }
    let close = b[i..]
        .iter()
        .take(400)
        .position(|&c| c == b'>' || c == b'<')?;
    if b[i + close] != b'>' {
        return None;
    }
    let len = i + close + 1;
    let rep = if name.eq_ignore_ascii_case("br") {
        "\n"
    } else {
        ""
    };
    Some((len, rep))
}

/// `<a id='parB' href='#parB'>¶</a>`: the Cablegate site's anchor before a
/// lettered sub-item (`B. GUHA-CARTER E-MAIL`), not a paragraph sign of the
/// cable: its whole length, to drop it with its `¶`.
fn letter_anchor(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("<a id='par")?;
    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    if n == 0 || n > 2 || rest.as_bytes().get(n) != Some(&b'\'') {
        return None;
    }
    let close = rest.find('>')?;
    if close > 60 {
        return None;
    }
    let after = &rest[close + 1..];
    let tail = after.strip_prefix("¶</a>")?;
    Some(s.len() - tail.len())
}

/// `\"` `\'` and `\` before a line end (cables.csv escapes).
fn backslash(text: &str, i: usize, out: &mut Vec<Edit>) -> usize {
    let b = text.as_bytes();
    match b.get(i + 1) {
        Some(b'"') => {
            out.push(edit(RULE, text, i, i + 2, "\""));
            2
        }
        Some(b'\'') => {
            out.push(edit(RULE, text, i, i + 2, "'"));
            2
        }
        Some(b'\\') => {
            // a run of backslashes is text, not an escape
            let mut j = i;
            while j < b.len() && b[j] == b'\\' {
                j += 1;
            }
            j - i
        }
        _ if i > 0 && b[i - 1] == b'\\' => 1,
        _ => {
            let mut j = i + 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            let rest = &text[j..];
            if j == b.len()
                || rest.starts_with('\n')
                || rest.starts_with("\r\n")
                || rest.starts_with("&#x000A;")
                || rest.starts_with("&#x000a;")
                || rest.starts_with("&#10;")
            {
                out.push(edit(RULE, text, i, j, ""));
                j - i
            } else {
                1
            }
        }
    }
}

/// LaTeX residue starting at a `$`.
fn latex(text: &str, i: usize, out: &mut Vec<Edit>) -> usize {
    let b = text.as_bytes();
    if b.get(i + 1) != Some(&b'\\') {
        return 1;
    }
    // find the closing `$` within a short distance, same line
    let Some(close) = b[i + 1..]
        .iter()
        .take(40)
        .position(|&c| c == b'$' || c == b'\n')
    else {
        return 1;
    };
    let close = i + 1 + close;
    if b[close] != b'$' {
        return 1;
    }
    let inner = &text[i + 2..close]; // after `$\`
    let end = close + 1;
    // `$\P6$`, `$\P 10$`, `$\P$`
    if let Some(num) = inner.strip_prefix('P') {
        let num = num.trim();
        if num.is_empty() || (num.len() <= 3 && num.bytes().all(|c| c.is_ascii_digit())) {
            out.push(edit(RULE, text, i, end, &format!("¶{num}")));
            return end - i;
        }
        return 1;
    }
    // `$\bar{a}$`: command with a braced argument
    let cmd_len = inner.bytes().take_while(u8::is_ascii_alphabetic).count();
    if cmd_len == 0 {
        return 1;
    }
    let arg = &inner[cmd_len..];
    let Some(arg) = arg.strip_prefix('{').and_then(|a| a.strip_suffix('}')) else {
        if arg.is_empty() {
            // a bare command such as `$\cdot$`: drop it
            out.push(edit(RULE, text, i, end, ""));
            return end - i;
        }
        return 1;
    };
    if arg.is_empty() || arg.len() > 8 || arg.contains(['{', '}', '\\', '$']) {
        return 1;
    }
    // the converter put spaces around the letter it replaced:
    // `national  $\bar{a}$ nti-trafficking` → `national anti-trafficking`
    let mut start = i;
    let mut stop = end;
    let single_letter = arg.len() == 1 && arg.as_bytes()[0].is_ascii_alphabetic();
    if single_letter
        && i > 0
        && b[i - 1] == b' '
        && b.get(end) == Some(&b' ')
        && b.get(end + 1).is_some_and(u8::is_ascii_lowercase)
    {
        stop = end + 1;
        // collapse the spaces before to one
        let mut s = i;
        while s > 0 && b[s - 1] == b' ' {
            s -= 1;
        }
        if i - s >= 2 {
            start = s + 1;
        }
    }
    let cmd = &inner[..cmd_len];
    let accented = accent(cmd, arg);
    out.push(edit(
        RULE,
        text,
        start,
        stop,
        accented.as_deref().unwrap_or(arg),
    ));
    stop - i
}

/// `\acute{e}` → `é`: the accent a converter wrote as a LaTeX command.
/// `\bar` (a converter's misreading of a plain letter) gives the letter.
fn accent(cmd: &str, arg: &str) -> Option<String> {
    let table: &[(&str, &str, &str)] = &[
        ("acute", "aeiouAEIOUyY", "áéíóúÁÉÍÓÚýÝ"),
        ("grave", "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ("hat", "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ("tilde", "anoANO", "ãñõÃÑÕ"),
        ("ddot", "aeiouyAEIOU", "äëïöüÿÄËÏÖÜ"),
        ("c", "cC", "çÇ"),
    ];
    let (_, from, to) = table.iter().find(|(c, _, _)| *c == cmd)?;
    let mut chars = arg.chars();
    let ch = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let idx = from.chars().position(|c| c == ch)?;
    to.chars().nth(idx).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cablekit_record::apply_edits;

    fn clean(s: &str) -> String {
        apply_edits(s, &plan(s, &Options::default()))
    }

    #[test]
    fn real_residue() {
        assert_eq!(
            clean("the national  $\\bar{a}$ nti-trafficking coordinator"),
            "the national anti-trafficking coordinator"
        );
        assert_eq!(clean("- $\\P6$ . (SBU) The"), "- ¶6 . (SBU) The");
        assert_eq!(clean("- $\\P 10$ . (SBU) The"), "- ¶10 . (SBU) The");
        assert_eq!(
            clean("VZCZCXRO4549&#x000A;OO RUEHRG&#x000A;DE RUEHSW"),
            "VZCZCXRO4549\nOO RUEHRG\nDE RUEHSW"
        );
        assert_eq!(
            clean("TAGS: <a href='/tag/PGOV_0.html'>PGOV</a> <a href='/tag/PREL_0.html'>PREL</a>"),
            "TAGS: PGOV PREL"
        );
        assert_eq!(
            clean("<a id='par1' href='#par1'>¶</a>1. (C) SUMMARY"),
            "¶1. (C) SUMMARY"
        );
        assert_eq!(
            clean("MAKONI&#8217;S BUDGET &amp; AT&T"),
            "MAKONI\u{2019}S BUDGET & AT&T"
        );
        assert_eq!(clean("VZCZCXRO4549\\&#x000A;OO"), "VZCZCXRO4549\nOO");
        // 07BERN881: the site's anchor before a lettered reference
        assert_eq!(
            clean("     <a id='parB' href='#parB'>¶</a>B. GUHA-CARTER E-MAIL (07SEP07)"),
            "     B. GUHA-CARTER E-MAIL (07SEP07)"
        );
        assert_eq!(
            clean("EFFORTS \\\"TO FRIGHTEN\\\" it\\'s \\\nx"),
            "EFFORTS \"TO FRIGHTEN\" it's \nx"
        );
        assert_eq!(clean("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        assert_eq!(clean("SIPDIS\u{2028}\u{2028}\nx"), "SIPDIS\nx");
        assert_eq!(
            clean("The Charg$\\acute{e}$ d'Affaires met"),
            "The Chargé d'Affaires met"
        );
    }

    #[test]
    fn leaves_text_alone() {
        for s in [
            "$5 million",
            "costs $\\ 5",
            "x < y and y > z",
            "AT&T and R&D; P&L",
            "a \\ b",
            "<NAME> was",
        ] {
            assert!(plan(s, &Options::default()).is_empty(), "{s}");
        }
    }
}
