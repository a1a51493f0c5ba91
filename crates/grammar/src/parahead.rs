//! Paragraph heads: `¶1.`, `1.`, `1.(C)`, `12. (SBU)`, with portion marks.
//! OWNER: normalizer helper (C). Stub.

/// A paragraph head at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParaHead<'a> {
    /// The paragraph number as read (after removing a `¶`).
    pub number: u32,
    /// The portion mark without parentheses (`SBU`, `C`, `S/NF`), if any.
    pub marking: Option<&'a str>,
    /// Bytes of the line taken by the head, including the mark and the
    /// following whitespace: the paragraph text starts at `line[len..]`.
    pub len: usize,
}

/// Parse a paragraph head at the start of `line` (`¶1. (SBU) Text`,
/// `12. (C) Text`, `3.(S/NF) Text`, `4. Text`). Returns `None` when the line
/// does not start with one.
pub fn parse_head(line: &str) -> Option<ParaHead<'_>> {
    let _ = line;
    None
}
