//! Line iteration with byte offsets, shared by the element parsers and the driver.

/// One line of a text: its content (without the line terminator) and the
/// byte offset of its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of the line's first byte in the whole text.
    pub start: usize,
    /// The line without its `\n` (a trailing `\r` is also excluded).
    pub text: &'a str,
}

impl Line<'_> {
    /// Byte offset one past the line's last content byte.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// `s.trim()` and the length of the whitespace it took off the front
/// (`s.len() - s.trim_start().len()`). A line whose first and last bytes
/// are ASCII and not whitespace, most lines, is returned as it is without
/// the general (Unicode) trimming.
pub fn trim_lead(s: &str) -> (&str, usize) {
    // ASCII bytes that `char::is_whitespace` holds: `\t`..=`\r` and space
    let plain = |c: &u8| c.is_ascii() && !matches!(c, b'\t'..=b'\r' | b' ');
    let b = s.as_bytes();
    if b.first().is_some_and(plain) && b.last().is_some_and(plain) {
        return (s, 0);
    }
    let t = s.trim_start();
    (t.trim_end(), s.len() - t.len())
}

/// `s.trim()`, by [`trim_lead`]: a line with ASCII non-blank ends, most
/// lines, is returned as it is.
pub fn trim(s: &str) -> &str {
    trim_lead(s).0
}

/// `s.trim_start()`: a line whose first byte is ASCII and not whitespace,
/// most lines, is returned as it is without the general (Unicode) trimming.
pub fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(c) if c.is_ascii() && !matches!(c, b'\t'..=b'\r' | b' ') => s,
        _ => s.trim_start(),
    }
}

/// Iterate over the lines of `text` with their byte offsets. A trailing `\r`
/// is not part of a line's text.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let rest = &text[pos..];
        let (len, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (i, pos + i + 1),
            None => (rest.len(), text.len()),
        };
        let mut line = &rest[..len];
        if let Some(stripped) = line.strip_suffix('\r') {
            line = stripped;
        }
        let out = Line {
            start: pos,
            text: line,
        };
        pos = next;
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_lead_matches_plain_reading() {
        let edges = [
            "",
            " ",
            "\t",
            "\u{b}",
            "\u{c}x\u{c}",
            "\r",
            "x",
            "x ",
            " x",
            " x ",
            "x\u{b}",
            "\u{85}x",
            "x\u{85}",
            "\u{a0}x\u{a0}",
            "\u{2003}TO\u{3000}",
            "\u{1f}x\u{7f}",
            "é",
            "TO RUEHC/SECSTATE WASHDC",
        ];
        let mut n = 0;
        for t in crate::testtext::edges_and_corpus(&edges, 100) {
            for l in std::iter::once(t.as_str()).chain(t.lines()) {
                assert_eq!(
                    trim_lead(l),
                    (l.trim(), l.len() - l.trim_start().len()),
                    "{l:?}"
                );
                assert_eq!(trim(l), l.trim(), "{l:?}");
                assert_eq!(trim_start(l), l.trim_start(), "{l:?}");
                n += 1;
            }
        }
        assert!(n > 0);
    }

    #[test]
    fn offsets_and_crlf() {
        let got: Vec<_> = lines("ab\r\ncd\n\nef").collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].text, "ab");
        assert_eq!(got[1].start, 4);
        assert_eq!(got[1].text, "cd");
        assert_eq!(got[2].text, "");
        assert_eq!(got[3].start, 8);
        assert_eq!(got[3].end(), 10);
    }
}
