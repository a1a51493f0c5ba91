//! A fast reading of the WikiLeaks per-cable PDFs (wkhtmltopdf renders:
//! one Type0 font with a `ToUnicode` map, every glyph drawn by its own
//! `Td` and `Tj`). `pdf-extract` reads them through a general content-stream
//! parser and a general CMap parser, which took seven tenths of its time; the
//! PDFs of this kind use a handful of operators, read here directly.
//!
//! The text is laid out exactly as `pdf-extract` 0.12 lays it out (its
//! `PlainTextOutput`: the same matrices, in the same order of floating-point
//! operations, and the same spacing thresholds), so a PDF gives the same
//! text on either path. Anything outside that handful (another operator,
//! another kind of font, a width table, a literal string) returns `None`,
//! and the caller extracts the PDF with `pdf-extract`. The test
//! `same_text_as_pdf_extract` compares both on every PDF of the shared
//! corpus.

use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;
use std::rc::Rc;

/// What the glyph reader made of a PDF.
#[derive(Debug, PartialEq)]
pub(crate) enum Reading {
    /// The PDF's text.
    Text(String),
    /// Not of the kind read here: for `pdf-extract`.
    Other,
    /// A PDF `pdf-extract` must not be given (it would never return), and
    /// why.
    Refused(&'static str),
}

/// Read the PDF in `bytes`.
pub(crate) fn extract(bytes: &[u8]) -> Reading {
    let Ok(doc) = Document::load_mem(bytes) else {
        return Reading::Other;
    };
    // the pages in order, walked once for the checks and the text
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if parents_loop(&doc, &pages) {
        return Reading::Refused("its page tree loops (a page's parents lead back to themselves)");
    }
    if drawings_loop(&doc, &pages) {
        return Reading::Refused(
            "its drawings nest without end (a form XObject draws itself, or forms nest too deep)",
        );
    }
    match text(&doc, &pages) {
        Some(text) => Reading::Text(text),
        None => Reading::Other,
    }
}

/// `true` when a page lacks its resources or media box and the chain of
/// its parents, where `pdf-extract` looks for them, does not end: its
/// search would run forever.
fn parents_loop(doc: &Document, pages: &[lopdf::ObjectId]) -> bool {
    pages.iter().any(|&id| {
        doc.get_dictionary(id).is_ok_and(|page| {
            [&b"Resources"[..], b"MediaBox"]
                .iter()
                .any(|key| matches!(lookup(doc, page, key), Lookup::Endless))
        })
    })
}

/// `true` when a page's form XObjects, which `pdf-extract` draws by
/// calling itself, draw themselves again (a form whose content draws,
/// through its resources, a form on the way to it) or nest more than
/// [`FORMS_DEEP_MAX`] deep: `pdf-extract` would overflow its stack, which
/// ends the whole process. A form without resources of its own draws with
/// its caller's, as in `pdf-extract`. More than [`FORM_VISITS_MAX`] forms
/// drawn in all count as endless too.
fn drawings_loop(doc: &Document, pages: &[lopdf::ObjectId]) -> bool {
    let mut visits = 0;
    pages.iter().any(|&id| {
        let Ok(page) = doc.get_dictionary(id) else {
            return false;
        };
        let Lookup::Found(resources) = lookup(doc, page, b"Resources") else {
            return false;
        };
        let Ok(resources) = deref(doc, resources).as_dict() else {
            return false;
        };
        // most pages draw no form: their content is not read again here
        if xobjects(doc, resources).is_none_or(|x| x.is_empty()) {
            return false;
        }
        let content = doc.get_page_content(id).unwrap_or_default();
        forms_loop(doc, resources, &content, &mut Vec::new(), &mut visits)
    })
}

/// The XObjects of `resources`.
fn xobjects<'a>(doc: &'a Document, resources: &'a Dictionary) -> Option<&'a Dictionary> {
    deref(doc, resources.get(b"XObject").ok()?).as_dict().ok()
}

/// [`drawings_loop`] for `content` drawn with `resources`, inside the forms
/// on `path`.
fn forms_loop<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    content: &[u8],
    path: &mut Vec<&'a lopdf::Stream>,
    visits: &mut usize,
) -> bool {
    let Some(all) = xobjects(doc, resources) else {
        return false;
    };
    for name in drawn_names(content) {
        let Some(form) = all
            .get(name)
            .ok()
            .and_then(|x| deref(doc, x).as_stream().ok())
        else {
            continue;
        };
        *visits += 1;
        if path.len() >= FORMS_DEEP_MAX
            || *visits > FORM_VISITS_MAX
            || path.iter().any(|p| std::ptr::eq(*p, form))
        {
            return true;
        }
        let own = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| deref(doc, r).as_dict().ok());
        let inner = stream_content(form);
        path.push(form);
        let looped = forms_loop(doc, own.unwrap_or(resources), &inner, path, visits);
        path.pop();
        if looped {
            return true;
        }
    }
    false
}

/// The names `content` draws (`/X0 Do`): each `Do` operator and the name
/// before it. A `Do` inside a string counts too, which can only find a
/// loop that is not drawn, never miss one.
fn drawn_names(content: &[u8]) -> Vec<&[u8]> {
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(content, b"Do") {
        let after = content.get(at + 2).copied();
        if after.is_some_and(|c| !is_space(c) && !is_delimiter(c)) {
            continue;
        }
        let before = content[..at].trim_ascii_end();
        if before.len() == at {
            continue;
        }
        let start = before
            .iter()
            .rposition(|&c| is_space(c) || is_delimiter(c))
            .map_or(0, |i| i + 1);
        if start > 0 && before[start - 1] == b'/' {
            names.push(&before[start..]);
        }
    }
    names
}

/// The deepest nesting of form XObjects read (real PDFs nest a few).
const FORMS_DEEP_MAX: usize = 32;

/// The most form XObjects visited in one PDF's check: a bound on a file
/// whose forms branch out maliciously.
const FORM_VISITS_MAX: usize = 100_000;

/// The text of `doc` (its `pages` in order), or `None` when it is not of
/// the kind read here.
fn text(doc: &Document, pages: &[lopdf::ObjectId]) -> Option<String> {
    if doc.is_encrypted() {
        return None;
    }
    let mut out = Output::default();
    for &id in pages {
        let page = doc.get_object(id).ok()?.as_dict().ok()?;
        let (Lookup::Found(resources), Lookup::Found(media)) = (
            lookup(doc, page, b"Resources"),
            lookup(doc, page, b"MediaBox"),
        ) else {
            return None;
        };
        let resources = deref(doc, resources).as_dict().ok()?;
        let media = deref(doc, media).as_array().ok()?;
        let media: Vec<f64> = media.iter().map(number).collect::<Option<_>>()?;
        let (lly, ury) = (*media.get(1)?, *media.get(3)?);
        out.flip = Mat::row_major(1., 0., 0., -1., 0., ury - lly);
        let content = doc.get_page_content(id).ok()?;
        Page {
            doc,
            resources,
            fonts: HashMap::new(),
        }
        .run(&content, &mut out)?;
    }
    Some(out.text)
}

/// Where a page's resources or media box were found.
#[derive(Debug, PartialEq)]
enum Lookup<'a> {
    Found(&'a Object),
    /// Neither on the page nor on any of its parents.
    Missing,
    /// The chain of parents goes on past [`PARENTS_MAX`] nodes: it loops.
    Endless,
}

/// `page[key]` when it is what `pdf-extract` takes as found (resources that
/// are a dictionary, a media box that is an array), or else the nearest
/// parent page node's, as `pdf-extract` looks them up.
fn lookup<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Lookup<'a> {
    let found = |o: &Object| match key {
        b"Resources" => deref(doc, o).as_dict().is_ok(),
        _ => deref(doc, o).as_array().is_ok(),
    };
    let mut node = page;
    for _ in 0..PARENTS_MAX {
        if let Ok(o) = node.get(key)
            && found(o)
        {
            return Lookup::Found(o);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference);
        match parent.and_then(|p| doc.get_dictionary(p)) {
            Ok(p) => node = p,
            Err(_) => return Lookup::Missing,
        }
    }
    Lookup::Endless
}

/// The deepest page tree looked up by [`lookup`] (the renders' pages sit
/// right under the root).
const PARENTS_MAX: usize = 64;

/// A stream's content, decompressed when its filters allow, as
/// `pdf-extract` reads fonts' maps and forms (its `get_contents`).
fn stream_content(stream: &lopdf::Stream) -> Vec<u8> {
    if stream.filters().is_ok() {
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone())
    } else {
        stream.content.clone()
    }
}

/// The object `o` refers to (or `o`).
fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).unwrap_or(o),
        _ => o,
    }
}

/// A number object as `pdf-extract` reads it (a real is an `f32`).
fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(f) => Some(f64::from(*f)),
        _ => None,
    }
}

/// A 2-D affine matrix in row-major order (row vectors), with `euclid`'s
/// `Transform2D` formulas, term by term.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mat {
    m11: f64,
    m12: f64,
    m21: f64,
    m22: f64,
    m31: f64,
    m32: f64,
}

impl Default for Mat {
    fn default() -> Self {
        Mat::row_major(1., 0., 0., 1., 0., 0.)
    }
}

impl Mat {
    fn row_major(m11: f64, m12: f64, m21: f64, m22: f64, m31: f64, m32: f64) -> Self {
        Mat {
            m11,
            m12,
            m21,
            m22,
            m31,
            m32,
        }
    }

    fn translation(x: f64, y: f64) -> Self {
        Mat::row_major(1., 0., 0., 1., x, y)
    }

    /// `self` then `m` (`self × m`).
    fn then(&self, m: &Mat) -> Mat {
        Mat::row_major(
            self.m11 * m.m11 + self.m12 * m.m21,
            self.m11 * m.m12 + self.m12 * m.m22,
            self.m21 * m.m11 + self.m22 * m.m21,
            self.m21 * m.m12 + self.m22 * m.m22,
            self.m31 * m.m11 + self.m32 * m.m21 + m.m31,
            self.m31 * m.m12 + self.m32 * m.m22 + m.m32,
        )
    }

    fn vector(&self, x: f64, y: f64) -> (f64, f64) {
        (x * self.m11 + y * self.m21, x * self.m12 + y * self.m22)
    }
}

/// `pdf-extract`'s `PlainTextOutput`: a line break when the baseline moves,
/// a space when a glyph starts right of where the last one ended.
struct Output {
    text: String,
    last_end: f64,
    last_y: f64,
    first_char: bool,
    flip: Mat,
}

impl Default for Output {
    fn default() -> Self {
        Output {
            text: String::new(),
            last_end: 100000.,
            last_y: 0.,
            first_char: false,
            flip: Mat::default(),
        }
    }
}

impl Output {
    fn glyph(&mut self, trm: &Mat, width: f64, font_size: f64, text: &str) {
        let position = trm.then(&self.flip);
        let (sx, sy) = trm.vector(font_size, font_size);
        let size = (sx * sy).sqrt();
        let (x, y) = (position.m31, position.m32);
        if self.first_char {
            if (y - self.last_y).abs() > size * 1.5 {
                self.text.push('\n');
            }
            if x < self.last_end && (y - self.last_y).abs() > size * 0.5 {
                self.text.push('\n');
            }
            if x > self.last_end + size * 0.1 {
                self.text.push(' ');
            }
        }
        self.text.push_str(text);
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
    }
}

/// A Type0 font with the `Identity-H` encoding (two-byte codes, each its
/// own CID), one width for every glyph, and its `ToUnicode` map.
#[derive(Debug)]
struct Font {
    width: f64,
    to_unicode: Option<HashMap<u32, String>>,
}

impl Font {
    fn read(doc: &Document, font: &Dictionary) -> Option<Font> {
        let name = |key: &[u8]| deref(doc, font.get(key).ok()?).as_name().ok();
        if name(b"Subtype")? != b"Type0" || name(b"BaseFont").is_none() {
            return None;
        }
        if !matches!(name(b"Encoding")?, b"Identity-H" | b"Identity-V") {
            return None;
        }
        let descendants = deref(doc, font.get(b"DescendantFonts").ok()?)
            .as_array()
            .ok()?;
        let cid = deref(doc, descendants.first()?).as_dict().ok()?;
        deref(doc, cid.get(b"FontDescriptor").ok()?)
            .as_dict()
            .ok()?;
        if cid.get(b"W").is_ok() {
            return None;
        }
        let width = match cid.get(b"DW").map(|o| deref(doc, o)) {
            Err(_) => 1000,
            Ok(Object::Integer(w)) => *w,
            Ok(_) => return None,
        };
        let to_unicode = match font.get(b"ToUnicode").map(|o| deref(doc, o)) {
            Err(_) => None,
            Ok(Object::Stream(stream)) => Some(unicode_map(&stream_content(stream))?),
            Ok(_) => return None,
        };
        Some(Font {
            width: width as f64,
            to_unicode,
        })
    }

    /// The text of glyph `code` (empty when the map lacks it).
    fn text(&self, code: u32) -> &str {
        self.to_unicode
            .as_ref()
            .and_then(|m| m.get(&code))
            .map_or("", String::as_str)
    }
}

/// One token of a content stream or CMap.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Number(f64),
    Name(&'a [u8]),
    /// A hex string's digits (an even number of them).
    Hex(&'a [u8]),
    /// A `[` … `]` of a content stream (only `d`'s dash array), skipped.
    Array,
    Operator(&'a [u8]),
}

/// What each byte is to the tokenizer: [`SPACE`], [`DELIMITER`] or 0 (part
/// of a word), looked up once instead of compared with sixteen bytes.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let spaces = b" \t\r\n\x0c\0";
    let mut i = 0;
    while i < spaces.len() {
        t[spaces[i] as usize] = SPACE;
        i += 1;
    }
    let delimiters = b"()<>[]{}/%";
    let mut i = 0;
    while i < delimiters.len() {
        t[delimiters[i] as usize] = DELIMITER;
        i += 1;
    }
    t
};
const SPACE: u8 = 1;
const DELIMITER: u8 = 2;

fn is_space(c: u8) -> bool {
    CLASS[usize::from(c)] == SPACE
}

fn is_delimiter(c: u8) -> bool {
    CLASS[usize::from(c)] == DELIMITER
}

/// The tokens of `b`, or `None` at anything else (a literal string, a
/// dictionary, a comment, an odd hex string).
struct Tokens<'a> {
    b: &'a [u8],
    at: usize,
    /// The last real read and its value: the renders repeat one advance
    /// (`7.79687500 0 Td`) before most glyphs, and reading a real
    /// (correctly rounded) is most of a token's cost.
    last_real: (&'a [u8], f64),
}

impl<'a> Tokens<'a> {
    fn new(b: &'a [u8]) -> Self {
        Tokens {
            b,
            at: 0,
            last_real: (b"", 0.),
        }
    }

    /// Step over white space.
    fn skip_space(&mut self) {
        while self.at < self.b.len() && is_space(self.b[self.at]) {
            self.at += 1;
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.at;
        while self.at < self.b.len() && CLASS[usize::from(self.b[self.at])] == 0 {
            self.at += 1;
        }
        &self.b[start..self.at]
    }

    /// The next token; `Some(None)` at the end, `None` at something not read.
    fn next(&mut self) -> Option<Option<Token<'a>>> {
        self.skip_space();
        let Some(&c) = self.b.get(self.at) else {
            return Some(None);
        };
        let token = match c {
            b'/' => {
                self.at += 1;
                Token::Name(self.word())
            }
            b'<' => {
                // hex digits up to `>` (four in a render's `Tj`: a loop
                // costs less than a vector search's setup)
                let start = self.at + 1;
                let len = self.b[start..]
                    .iter()
                    .position(|c| !c.is_ascii_hexdigit())?;
                let end = start + len;
                if self.b[end] != b'>' || !len.is_multiple_of(2) {
                    return None;
                }
                self.at = end + 1;
                Token::Hex(&self.b[start..end])
            }
            b'[' => {
                // a dash array: numbers only
                let end = self.at + 1 + memchr::memchr(b']', &self.b[self.at + 1..])?;
                let inside = &self.b[self.at + 1..end];
                if !inside
                    .iter()
                    .all(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+') || is_space(c))
                {
                    return None;
                }
                self.at = end + 1;
                Token::Array
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let w = self.word();
                if w == self.last_real.0 {
                    Token::Number(self.last_real.1)
                } else {
                    let n = read_number(w)?;
                    if w.contains(&b'.') {
                        self.last_real = (w, n);
                    }
                    Token::Number(n)
                }
            }
            c if is_delimiter(c) => return None,
            _ => Token::Operator(self.word()),
        };
        Some(Some(token))
    }
}

/// The value of a hex digit (`c` is one).
fn hex_value(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        _ => (c | 0x20) - b'a' + 10,
    }
}

/// The bytes a hex string's digits write.
fn hex_bytes(digits: &[u8]) -> Vec<u8> {
    digits
        .chunks_exact(2)
        .map(|p| hex_value(p[0]) << 4 | hex_value(p[1]))
        .collect()
}

/// A number as lopdf reads it: an integer (`i64`), or a real (`f32`) when
/// it has a decimal point.
fn read_number(w: &[u8]) -> Option<f64> {
    let (negative, digits) = match w.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, w),
    };
    // an integer of up to 18 digits (most of them): read here, exactly
    // as `i64::from_str` reads it
    if !digits.is_empty() && digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit) {
        let v = digits
            .iter()
            .fold(0i64, |v, &c| v * 10 + i64::from(c - b'0'));
        return Some(if negative { -v } else { v } as f64);
    }
    let dots = digits.iter().filter(|&&c| c == b'.').count();
    if digits.is_empty()
        || dots > 1
        || !digits.iter().all(|&c| c.is_ascii_digit() || c == b'.')
        || digits == b"."
    {
        return None;
    }
    let s = std::str::from_utf8(w).ok()?;
    if dots == 1 {
        s.parse::<f32>().ok().map(f64::from)
    } else {
        s.parse::<i64>().ok().map(|i| i as f64)
    }
}

/// The text state and matrix of `pdf-extract`'s graphics state (its colours
/// and line width do not change the text).
#[derive(Clone)]
struct State {
    ctm: Mat,
    font: Option<Rc<Font>>,
    font_size: f64,
    tm: Mat,
}

/// One page's content stream, read with its resources.
struct Page<'a> {
    doc: &'a Document,
    resources: &'a Dictionary,
    /// Fonts by resource name, read once per page (as `pdf-extract` does).
    fonts: HashMap<&'a [u8], Rc<Font>>,
}

impl<'a> Page<'a> {
    fn resource(&self, kind: &[u8], name: &[u8]) -> Option<&'a Dictionary> {
        let all = deref(self.doc, self.resources.get(kind).ok()?)
            .as_dict()
            .ok()?;
        deref(self.doc, all.get(name).ok()?).as_dict().ok()
    }

    fn run(&mut self, content: &'a [u8], out: &mut Output) -> Option<()> {
        let mut gs = State {
            ctm: Mat::default(),
            font: None,
            font_size: f64::NAN,
            tm: Mat::default(),
        };
        let mut stack: Vec<State> = Vec::new();
        let mut tlm = Mat::default();
        let mut operands: Vec<Token<'a>> = Vec::new();
        let mut tokens = Tokens::new(content);
        while let Some(token) = tokens.next()? {
            let Token::Operator(op) = token else {
                operands.push(token);
                continue;
            };
            let num = |i: usize| match operands.get(i) {
                Some(Token::Number(n)) => Some(*n),
                _ => None,
            };
            let name = |i: usize| match operands.get(i) {
                Some(Token::Name(n)) => Some(*n),
                _ => None,
            };
            let nums = |n: usize| -> Option<[f64; 6]> {
                let mut v = [0.; 6];
                if operands.len() != n {
                    return None;
                }
                for (i, x) in v.iter_mut().enumerate().take(n) {
                    *x = num(i)?;
                }
                Some(v)
            };
            match op {
                b"BT" | b"ET" => {
                    tlm = Mat::default();
                    gs.tm = tlm;
                }
                b"cm" => {
                    let m = nums(6)?;
                    let m = Mat::row_major(m[0], m[1], m[2], m[3], m[4], m[5]);
                    gs.ctm = m.then(&gs.ctm);
                }
                b"Tm" => {
                    let m = nums(6)?;
                    tlm = Mat::row_major(m[0], m[1], m[2], m[3], m[4], m[5]);
                    gs.tm = tlm;
                }
                b"Td" => {
                    let t = nums(2)?;
                    tlm = Mat::translation(t[0], t[1]).then(&tlm);
                    gs.tm = tlm;
                }
                b"Tf" => {
                    let key = name(0)?;
                    let size = num(1)?;
                    let font = match self.fonts.get(key) {
                        Some(f) => f.clone(),
                        None => {
                            let dict = self.resource(b"Font", key)?;
                            let f = Rc::new(Font::read(self.doc, dict)?);
                            self.fonts.insert(key, f.clone());
                            f
                        }
                    };
                    gs.font = Some(font);
                    gs.font_size = size;
                }
                b"Tj" => {
                    let [Token::Hex(s)] = operands.as_slice() else {
                        return None;
                    };
                    show(&mut gs, s, out)?;
                }
                b"q" => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"gs" => {
                    let state = self.resource(b"ExtGState", name(0)?)?;
                    // what pdf-extract's `apply_state` accepts
                    for (k, v) in state.iter() {
                        match k.as_slice() {
                            b"SMask" => match deref(self.doc, v) {
                                Object::Name(n) if n == b"None" => {}
                                Object::Dictionary(_) => {}
                                _ => return None,
                            },
                            b"Type" if v.as_name().ok()? != b"ExtGState" => return None,
                            _ => {}
                        }
                    }
                }
                // colours, lines, paths and clipping: no text
                b"cs" | b"CS" => {
                    name(0)?;
                }
                b"scn" | b"SCN" | b"w" | b"J" | b"j" | b"d" | b"m" | b"l" | b"S" | b"h" | b"W*"
                | b"n" => {}
                _ => return None,
            }
            operands.clear();
        }
        Some(())
    }
}

/// `Tj`: each two-byte code drawn as `pdf-extract`'s `show_text` draws it
/// (no character or word spacing, no horizontal scaling, no rise: the
/// operators that set them are not read here).
fn show(gs: &mut State, digits: &[u8], out: &mut Output) -> Option<()> {
    let font = gs.font.clone()?;
    out.first_char = true;
    // two bytes (four digits) a code; an odd last byte is dropped
    for code in digits.chunks_exact(4) {
        let code = code
            .iter()
            .fold(0u32, |v, &c| v << 4 | u32::from(hex_value(c)));
        let trm = Mat::default().then(&gs.tm.then(&gs.ctm));
        let w0 = font.width / 1000.;
        out.glyph(&trm, w0, gs.font_size, font.text(code));
        let tx = w0 * gs.font_size + 0.;
        gs.tm = Mat::translation(tx, 0.).then(&gs.tm);
    }
    Some(())
}

/// A `ToUnicode` CMap's `bfchar` and `bfrange` entries, as
/// `adobe-cmap-parser` reads them and `pdf-extract` turns them into text.
fn unicode_map(cmap: &[u8]) -> Option<HashMap<u32, String>> {
    let mut tokens = Tokens::new(cmap);
    let mut raw: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut last_count: Option<usize> = None;
    let hex = |t: Option<Option<Token>>| match t {
        Some(Some(Token::Hex(b))) => Some(hex_bytes(b)),
        _ => None,
    };
    let code =
        |b: &[u8]| (b.len() <= 4).then(|| b.iter().fold(0u32, |v, &c| v << 8 | u32::from(c)));
    loop {
        let token = match cmap_token(&mut tokens)? {
            None => break,
            Some(t) => t,
        };
        match token {
            CmapToken::Integer(n) => {
                last_count = Some(n);
                continue;
            }
            CmapToken::Operator(b"beginbfchar") => {
                for _ in 0..last_count? {
                    let src = hex(tokens.next())?;
                    let dst = hex(tokens.next())?;
                    raw.push((code(&src)?, dst));
                }
            }
            CmapToken::Operator(b"beginbfrange") => {
                for _ in 0..last_count? {
                    let lo = code(&hex(tokens.next())?)?;
                    let hi = code(&hex(tokens.next())?)?;
                    // a range backwards, or past the two-byte codes these
                    // fonts use (a four-byte range would be billions of
                    // entries): left to pdf-extract
                    if hi < lo || hi - lo > 0xFFFF {
                        return None;
                    }
                    match cmap_token(&mut tokens)?? {
                        CmapToken::Hex(start) if start.len() == 2 || start.len() == 4 => {
                            let first = code(&start)?;
                            for c in lo..=hi {
                                let v = first.checked_add(c - lo)?;
                                if start.len() == 2 {
                                    raw.push((c, u16::try_from(v).ok()?.to_be_bytes().to_vec()));
                                } else {
                                    raw.push((c, v.to_be_bytes().to_vec()));
                                }
                            }
                        }
                        CmapToken::Array(items) if items.len() as u64 == u64::from(hi - lo) + 1 => {
                            for (c, v) in (lo..=hi).zip(items) {
                                raw.push((c, v));
                            }
                        }
                        _ => return None,
                    }
                }
            }
            _ => {}
        }
        last_count = None;
    }
    let mut map = HashMap::with_capacity(raw.len());
    for (k, v) in raw {
        if v.len() % 2 != 0 {
            return None;
        }
        let units: Vec<u16> = v
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        if let [0xd800..=0xdfff] = units.as_slice() {
            continue;
        }
        map.insert(k, String::from_utf16(&units).ok()?);
    }
    Some(map)
}

/// A token of a CMap: its arrays hold hex strings.
enum CmapToken<'a> {
    Integer(usize),
    Hex(Vec<u8>),
    Array(Vec<Vec<u8>>),
    Operator(&'a [u8]),
    Other,
}

fn cmap_token<'a>(tokens: &mut Tokens<'a>) -> Option<Option<CmapToken<'a>>> {
    // skip what a CMap holds besides its entries: dictionaries, literal
    // strings (`(Adobe)`), names
    loop {
        tokens.skip_space();
        let rest = &tokens.b[tokens.at..];
        if rest.starts_with(b"<<") || rest.starts_with(b">>") {
            tokens.at += 2;
            return Some(Some(CmapToken::Other));
        }
        match rest.first() {
            None => return Some(None),
            Some(b'(') => {
                let end = memchr::memchr(b')', rest)?;
                tokens.at += end + 1;
                return Some(Some(CmapToken::Other));
            }
            Some(b'%') => {
                let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                tokens.at += end;
                continue;
            }
            Some(b'[') => {
                tokens.at += 1;
                let mut items = Vec::new();
                loop {
                    tokens.skip_space();
                    if tokens.b.get(tokens.at) == Some(&b']') {
                        tokens.at += 1;
                        return Some(Some(CmapToken::Array(items)));
                    }
                    match tokens.next()?? {
                        Token::Hex(b) => items.push(hex_bytes(b)),
                        _ => return None,
                    }
                }
            }
            Some(b'{' | b'}') => {
                tokens.at += 1;
                return Some(Some(CmapToken::Other));
            }
            _ => {}
        }
        let start = tokens.at;
        return Some(Some(match tokens.next()?? {
            Token::Hex(b) => CmapToken::Hex(hex_bytes(b)),
            Token::Operator(o) => CmapToken::Operator(o),
            // a count: an integer (`12`, not `12.0`)
            Token::Number(n) if n >= 0. && !tokens.b[start..tokens.at].contains(&b'.') => {
                CmapToken::Integer(n as usize)
            }
            _ => CmapToken::Other,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text read here, `None` when the PDF is left to pdf-extract.
    fn text_of(bytes: &[u8]) -> Option<String> {
        match extract(bytes) {
            Reading::Text(text) => Some(text),
            Reading::Other => None,
            Reading::Refused(why) => panic!("refused: {why}"),
        }
    }

    /// Every PDF of the shared corpus: read here, and to the byte the text
    /// `pdf-extract` gives.
    #[test]
    fn same_text_as_pdf_extract() {
        let Some(shared) = cablekit_testkit::shared("the PDF comparison with pdf-extract") else {
            return;
        };
        let pdfs: Vec<_> = cablekit_testkit::files_under(&shared.join("corpus"))
            .into_iter()
            .filter(|f| std::fs::read(f).is_ok_and(|b| b.starts_with(b"%PDF")))
            .collect();
        assert!(!pdfs.is_empty(), "no PDF under {}", shared.display());
        for f in &pdfs {
            let bytes = std::fs::read(f).unwrap();
            let fast = text_of(&bytes).unwrap_or_else(|| panic!("{}: not read", f.display()));
            let slow = pdf_extract::extract_text_from_mem(&bytes).unwrap();
            assert!(fast == slow, "{}: the texts differ", f.display());
        }
    }

    /// The content streams and `ToUnicode` maps of the real PDFs, cut short
    /// anywhere and with bytes changed at random: read or refused, never a
    /// panic (a PDF's reading is also inside `catch_unwind`, but a panic
    /// here would be a bug of ours).
    #[test]
    fn damaged_content_and_cmaps_never_panic() {
        const CONTENT_BYTES: &[u8] = b"<>[]()/%0.-TdjBE \n";
        const CMAP_BYTES: &[u8] = b"<>[]0123456789abcdef \n";
        let Some(shared) = cablekit_testkit::shared("the damaged PDF content") else {
            return;
        };
        let mut rng = cablekit_testkit::Xorshift::new(7);
        let mut damaged = 0;
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let Ok(doc) = Document::load_mem(&bytes) else {
                continue;
            };
            for (_, id) in doc.get_pages() {
                let page = doc.get_object(id).unwrap().as_dict().unwrap();
                let Lookup::Found(resources) = lookup(&doc, page, b"Resources") else {
                    panic!("{}: no resources", f.display());
                };
                let resources = deref(&doc, resources).as_dict().unwrap();
                let content = doc.get_page_content(id).unwrap();
                let run = |c: &[u8]| {
                    let mut page = Page {
                        doc: &doc,
                        resources,
                        fonts: HashMap::new(),
                    };
                    let _ = page.run(c, &mut Output::default());
                };
                for cut in (0..content.len()).step_by(content.len() / 8 + 1) {
                    run(&content[..cut]);
                }
                for _ in 0..4 {
                    let mut c = content.clone();
                    for _ in 0..1 + rng.below(8) {
                        let at = rng.below(c.len());
                        c[at] = CONTENT_BYTES[rng.below(CONTENT_BYTES.len())];
                    }
                    run(&c);
                    damaged += 1;
                }
            }
            for o in doc.objects.values() {
                if let Object::Stream(s) = o
                    && s.content.windows(9).any(|w| w == b"begincmap")
                {
                    for cut in 0..s.content.len() {
                        let _ = unicode_map(&s.content[..cut]);
                    }
                    for _ in 0..50 {
                        let mut c = s.content.clone();
                        let at = rng.below(c.len());
                        c[at] = CMAP_BYTES[rng.below(CMAP_BYTES.len())];
                        let _ = unicode_map(&c);
                    }
                }
            }
        }
        assert!(damaged > 0, "no PDF content was read");
    }

    /// One page with the given content stream and a font whose `ToUnicode`
    /// map is `cmap`, built with lopdf.
    fn pdf(content: &str, cmap: &str, extra_font_key: Option<(&str, Object)>) -> Vec<u8> {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.4");
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.as_bytes().to_vec()));
        let descriptor = doc.add_object(dictionary! { "Type" => "FontDescriptor" });
        let mut cid = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Courier",
            "FontDescriptor" => descriptor, "DW" => 600,
        };
        if let Some((k, v)) = extra_font_key {
            cid.set(k, v);
        }
        let cid = doc.add_object(cid);
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Courier",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
            "ToUnicode" => to_unicode,
        });
        let gs = doc.add_object(dictionary! { "Type" => "ExtGState", "SMask" => "None" });
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font },
            "ExtGState" => dictionary! { "GSa" => gs },
        });
        one_page(doc, content, resources.into())
    }

    /// `doc` saved with one page of `content` drawn with `resources`.
    fn one_page(mut doc: Document, content: &str, resources: Object) -> Vec<u8> {
        use lopdf::{Stream, dictionary};
        let pages_id = doc.new_object_id();
        let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents,
            "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    const CMAP: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfrange <0001> <0003> [<0048> <0069> <0021>] <0004> <0005> <0061> endbfrange\n\
        1 beginbfchar <0006> <00e9> endbfchar\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";

    /// Resources looked up as pdf-extract looks them up: on the page, else
    /// on its parents (past a value of the wrong type); parents that loop
    /// are found out, not climbed forever.
    #[test]
    fn resources_are_looked_up_the_parents_and_their_loops() {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.4");
        let ids: Vec<_> = (0..6).map(|_| doc.new_object_id()).collect();
        let dicts = [
            dictionary! { "Parent" => ids[1] },
            dictionary! { "Parent" => ids[0] },
            dictionary! { "Parent" => ids[3] },
            dictionary! { "Resources" => dictionary! { "Font" => dictionary! {} } },
            dictionary! { "Resources" => 5, "Parent" => ids[3] },
            dictionary! {},
        ];
        for (id, d) in ids.iter().zip(dicts) {
            doc.objects.insert(*id, Object::Dictionary(d));
        }
        let on = |k: usize| lookup(&doc, doc.get_dictionary(ids[k]).unwrap(), b"Resources");
        let of_3 = doc
            .get_dictionary(ids[3])
            .unwrap()
            .get(b"Resources")
            .unwrap();
        assert_eq!(on(0), Lookup::Endless);
        assert_eq!(on(2), Lookup::Found(of_3));
        assert_eq!(on(4), Lookup::Found(of_3));
        assert_eq!(on(5), Lookup::Missing);
    }

    /// A one-page PDF with `forms` (each a content, and the forms its own
    /// resources name, or `None` to draw with its caller's) and a page
    /// whose content is `page` and whose resources name `on_page`.
    fn with_forms(page: &str, on_page: &[usize], forms: &[(&str, Option<&[usize]>)]) -> Vec<u8> {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.4");
        let ids: Vec<_> = forms.iter().map(|_| doc.new_object_id()).collect();
        let names = |of: &[usize]| {
            let mut d = Dictionary::new();
            for &k in of {
                d.set(format!("X{k}"), ids[k]);
            }
            dictionary! { "XObject" => d }
        };
        for (k, (content, own)) in forms.iter().enumerate() {
            let mut dict = dictionary! { "Type" => "XObject", "Subtype" => "Form" };
            if let Some(own) = own {
                dict.set("Resources", names(own));
            }
            let stream = Stream::new(dict, content.as_bytes().to_vec());
            doc.objects.insert(ids[k], Object::Stream(stream));
        }
        let resources = names(on_page);
        one_page(doc, page, resources.into())
    }

    /// Forms that draw themselves, directly, through another form, or with
    /// their caller's resources, and forms nested too deep: refused (pdf-extract
    /// would overflow its stack and end the process). Forms that only look
    /// alike are drawn: a form drawing another with the caller's resources,
    /// a form named but not drawn, the same form drawn twice.
    #[test]
    fn forms_that_draw_themselves_are_refused() {
        let refused = |b: &[u8]| matches!(extract(b), Reading::Refused(_));
        // X0 draws X0 with its own resources
        assert!(refused(&with_forms(
            "/X0 Do",
            &[0],
            &[("/X0 Do", Some(&[0]))]
        )));
        // X0 draws X1, which draws X0
        assert!(refused(&with_forms(
            "q /X0 Do Q",
            &[0],
            &[("/X1 Do", Some(&[1])), ("/X0 Do", Some(&[0]))]
        )));
        // X0 has no resources: it draws with the page's, which hold X0
        assert!(refused(&with_forms("/X0 Do", &[0], &[("/X0 Do", None)])));
        // forty forms, each drawing the next
        let deep: Vec<String> = (0..40).map(|k| format!("/X{} Do", k + 1)).collect();
        let forms: Vec<(&str, Option<&[usize]>)> = (0..40)
            .map(|k| (deep[k].as_str(), None))
            .chain([("", None)])
            .collect();
        let all: Vec<usize> = (0..41).collect();
        assert!(refused(&with_forms("/X0 Do", &all, &forms)));
        // not loops
        for bytes in [
            with_forms("/X0 Do", &[0, 1], &[("/X1 Do", None), ("", None)]),
            with_forms("/X1 Do", &[0, 1], &[("/X0 Do", Some(&[0])), ("", None)]),
            with_forms("/X0 Do /X0 Do", &[0], &[("", None)]),
            with_forms(
                "/X0 Do",
                &[0, 1],
                &[("/X1Do /X1 Dot", None), ("/X0 Do", None)],
            ),
        ] {
            assert_eq!(extract(&bytes), Reading::Other);
        }
    }

    #[test]
    fn drawn_names_are_the_names_before_do() {
        let names = drawn_names(b"/X0 Do q /Im1  Do\n/F Do Q /Y Dot /Z0Do Do(Do)/W\tDo");
        assert_eq!(names, [&b"X0"[..], b"Im1", b"F", b"Z0Do", b"W"]);
        assert!(drawn_names(b"Do").is_empty());
    }

    /// The text of a page with `content` and the font of [`CMAP`], read
    /// here, after checking that pdf-extract reads the same.
    fn read_as_pdf_extract(content: &str) -> String {
        let bytes = pdf(content, CMAP, None);
        let fast = text_of(&bytes).expect("read here");
        assert_eq!(fast, pdf_extract::extract_text_from_mem(&bytes).unwrap());
        fast
    }

    /// Lines, spaces and glyphs the map lacks, laid out as pdf-extract
    /// lays them out; and the same on a PDF written here.
    #[test]
    fn a_written_pdf_reads_as_pdf_extract_reads_it() {
        let content = "/GSa gs q 0.06 0 0 -0.06 28.32 813.68 cm 12.8 0 0 12.8 0 0 cm BT \
            /F1 13 Tf 1 0 0 -1 0 0 Tm 8 -10 Td <0001> Tj 7.8 0 Td <0002> Tj 7.8 0 Td <0003> Tj \
            15.6 0 Td <0004> Tj 7.8 0 Td <0005> Tj 7.8 0 Td <0006> Tj 7.8 0 Td <0007> Tj ET \
            q BT /F1 13 Tf 1 0 0 -1 0 0 Tm 8 40 Td <00010002> Tj ET Q Q [] 0 d 0 0 m 10 10 l S";
        // a line break before the first glyph too: the last line is taken
        // to be at 0 when the text starts
        assert_eq!(read_as_pdf_extract(content), "\n\nHi! abé\n\nHi");
    }

    /// Gaps around pdf-extract's thresholds (a space past a tenth of the
    /// font size, a line break past one and a half sizes down, or half a
    /// size down and back to the left): the glyphs are 0.6 wide at size 10,
    /// so a glyph ends 6 after its start.
    #[test]
    fn spaces_and_line_breaks_at_the_thresholds() {
        let content = "BT /F1 10 Tf 0 0 Td <0001> Tj 6.9 0 Td <0002> Tj 7.1 0 Td <0003> Tj \
            -14 -16 Td <0004> Tj 0 -6 Td <0005> Tj 0 -4 Td <0006> Tj 7.01 0 Td <0001> Tj ET \
            BT /F1 10 Tf 1 0 0 -1 0 0 Tm 0 50 Td <0001> Tj 30 0 Td <0002> Tj ET";
        // the last line is drawn upside down (`1 0 0 -1 0 0 Tm`): the size
        // pdf-extract takes is the square root of a negative area, not a
        // number, so no gap counts and its glyphs follow without a break
        assert_eq!(read_as_pdf_extract(content), "\n\nHi !\n\na\nbé HHi");
    }

    /// What is not read here goes to pdf-extract: another operator, a width
    /// table, a literal string, a dictionary in the content.
    #[test]
    fn other_pdfs_are_left_to_pdf_extract() {
        let plain = "BT /F1 13 Tf 1 0 0 -1 0 0 Tm 8 -10 Td <0001> Tj ET";
        assert!(text_of(&pdf(plain, CMAP, None)).is_some());
        for content in [
            "BT /F1 13 Tf 1 0 0 -1 0 0 Tm 8 -10 Td (H) Tj ET",
            "BT /F1 13 Tf 1 0 0 -1 0 0 Tm 8 -10 Td [<0001> -200 <0002>] TJ ET",
            "BT /F1 13 Tf 2 Tc 1 0 0 -1 0 0 Tm 8 -10 Td <0001> Tj ET",
            "/P << /MCID 0 >> BDC BT /F1 13 Tf 8 -10 Td <0001> Tj ET EMC",
            "BT /F1 13 Tf 8 -10 Td <001> Tj ET",
            "BT /F2 13 Tf 8 -10 Td <0001> Tj ET",
            "/GSb gs",
        ] {
            assert_eq!(text_of(&pdf(content, CMAP, None)), None, "{content}");
        }
        let widths = Object::Array(vec![1.into(), Object::Array(vec![500.into()])]);
        assert_eq!(text_of(&pdf(plain, CMAP, Some(("W", widths)))), None);
        assert_eq!(text_of(b"%PDF-1.4\n"), None);
    }

    #[test]
    fn numbers_read_as_lopdf_reads_them() {
        assert_eq!(read_number(b"8"), Some(8.));
        assert_eq!(read_number(b"-10"), Some(-10.));
        // a real is an f32, widened
        assert_eq!(read_number(b"0.06"), Some(f64::from(0.06f32)));
        assert_ne!(read_number(b"0.06"), Some(0.06));
        assert_eq!(read_number(b".5"), Some(0.5));
        assert_eq!(read_number(b"-5."), Some(-5.));
        // integers read directly agree with i64::from_str, signs and
        // zeros included, up to the longest and past it
        for w in [
            "0",
            "-0",
            "+7",
            "007",
            "-10",
            "123456789012345678",
            "-999999999999999999",
            "1234567890123456789",
            "-9223372036854775808",
            "9223372036854775808",
        ] {
            let want = w.parse::<i64>().ok().map(|i| i as f64);
            assert_eq!(read_number(w.as_bytes()), want, "{w}");
        }
        for bad in [&b"-"[..], b".", b"1.2.3", b"1e5", b"--1"] {
            assert_eq!(read_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn cmaps_read_as_adobe_cmap_parser_reads_them() {
        let map = unicode_map(CMAP.as_bytes()).unwrap();
        let get = |c: u32| map.get(&c).map(String::as_str);
        assert_eq!(
            (get(1), get(2), get(3), get(4), get(5), get(6), get(7)),
            (
                Some("H"),
                Some("i"),
                Some("!"),
                Some("a"),
                Some("b"),
                Some("é"),
                None
            )
        );
        // a lone surrogate is left out; a pair is one character
        let pairs = "2 beginbfchar <0001> <D800> <0002> <D83DDE00> endbfchar";
        let map = unicode_map(pairs.as_bytes()).unwrap();
        assert_eq!(
            (map.get(&1), map.get(&2).map(String::as_str)),
            (None, Some("😀"))
        );
        // a range array of the wrong length, or a range past 0xFFFF: not read
        for bad in [
            "1 beginbfrange <0001> <0003> [<0048>] endbfrange",
            "1 beginbfrange <0001> <0003> <FFFF> endbfrange",
            "1 beginbfchar <0001> <004> endbfchar",
            "1 beginbfchar <0001> <00> endbfchar",
            "1 beginbfrange <0003> <0001> <0041> endbfrange",
            "1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange",
        ] {
            assert_eq!(unicode_map(bad.as_bytes()), None, "{bad}");
        }
    }
}
