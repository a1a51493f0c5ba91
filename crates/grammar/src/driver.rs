//! The driver: walks a cable's lines and fills a [`Record`].
//!
//! It reads the transmission envelope in the order ACP-127 allows (FL1 `VZCZC`,
//! FL2 routing, FL3 `DE`, FL4 `ZNR`/`ZNY`, FL5 precedence + DTG, `FM`, `TO`,
//! `INFO`, `XMT`, `BT`), accepting the ACP-126 shape that starts at FL5 and
//! cables with no envelope at all, then finds the classification line and
//! hands the rest to [`crate::body::parse_body`]. Blank lines inside the
//! envelope are skipped (PDF conversions put one between every line). Lines it
//! cannot place are reported verbatim as `unknown-line` notes, never guessed.
//! OWNER: envelope helper (A).

use cablekit_record::{Diagnostic, Origin, Record, Routing, Severity};

use crate::address::{self, Addr, Keyword};
use crate::classification::{self, ClassificationLine};
use crate::dtg::{self, DtgParts};
use crate::envelope;
use crate::lines::{self, Line};

/// How many non-blank lines may precede the envelope or the classification
/// line (banners, page headers, NARA distribution lists, export notices)
/// before the driver decides the text has neither.
const PREAMBLE_MAX: usize = 60;

/// How many unreadable non-blank lines in a row end the search for further
/// envelope lines and the classification line.
const LOOKAHEAD: usize = 10;

/// How many non-blank lines at the end of the text are searched for `BT`,
/// `#SSN` and `NNNN`.
const TAIL_LINES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Start,
    Fl1,
    Fl2,
    Fl3,
    Fl4,
    Fl5,
    Fm,
    To,
    Info,
    Bt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    To,
    Info,
    Xmt,
}

/// The classification line found, with where it is.
struct Found<'a> {
    line: ClassificationLine<'a>,
    /// Offset of the trimmed line in the text.
    start: usize,
    /// End of the trimmed line.
    end: usize,
    /// Where the body starts.
    body_start: usize,
}

struct Walk<'t> {
    text: &'t str,
    stage: Stage,
    list: Option<List>,
    /// Inside a repeated `TO`/`INFO` list: its lines are skipped.
    dup_list: bool,
    env_seen: bool,
    env_start: usize,
    env_end: usize,
    preamble: Vec<(usize, usize)>,
    banner: Option<Found<'t>>,
    dtg_parts: Option<DtgParts<'t>>,
    dtg_span: (usize, usize),
    de_span: (usize, usize),
    de_serial: Option<u32>,
    /// Span of the FL4 security line.
    sec_span: (usize, usize),
    /// The addressees of one line, emptied after each (kept for its room).
    addrs: Vec<Addr<'t>>,
}

/// Offset of the line after `line` (or the text's end).
fn next_line_start(text: &str, line: &Line<'_>) -> usize {
    match memchr::memchr(b'\n', &text.as_bytes()[line.start..]) {
        Some(i) => line.start + i + 1,
        None => text.len(),
    }
}

fn is_group_count(s: &str) -> bool {
    let last = s.split_ascii_whitespace().last().unwrap_or("");
    last == "GRNC"
        || (last.len() > 2
            && last.starts_with("GR")
            && last[2..].bytes().all(|b| b.is_ascii_digit()))
}

/// Parse a cable's text (normally the normalizer's clean text) into a record
/// holding every telegram field that could be read. Never fails, never panics:
/// what cannot be read becomes a diagnostic whose span is a byte range of
/// `text`. Container fields (`source`, `form`, `text`, `edits`) are left for
/// the caller to fill.
pub fn parse(text: &str) -> Record {
    let mut rec = Record {
        schema: cablekit_record::SCHEMA_VERSION,
        ..Record::default()
    };
    let mut w = Walk {
        text,
        stage: Stage::Start,
        list: None,
        dup_list: false,
        env_seen: false,
        env_start: 0,
        env_end: 0,
        preamble: Vec::new(),
        banner: None,
        dtg_parts: None,
        dtg_span: (0, 0),
        de_span: (0, 0),
        de_serial: None,
        sec_span: (0, 0),
        addrs: Vec::new(),
    };
    let found = w.walk(&mut rec);
    if w.dtg_parts.is_none() {
        let to = found.as_ref().map_or(0, |f| f.end) + COLLAPSED_MAX;
        w.collapsed_envelope(&mut rec, to);
    }
    let body_start = w.finish(&mut rec, found);
    end_lines(text, body_start, &w, &mut rec);
    crate::body::parse_body(text, body_start, &mut rec);
    if !w.env_seen
        && rec.classification.level.is_none()
        && rec.subject.is_none()
        && rec.tags.is_empty()
        && rec.paragraphs.is_empty()
        && rec.eo.is_none()
    {
        rec.diagnostics.push(Diagnostic::error(
            "not-a-cable",
            "no envelope, classification line, TAGS, SUBJECT, E.O. line or numbered paragraph found",
            0,
            text.len(),
        ));
    }
    rec
}

impl<'t> Walk<'t> {
    fn mark_env(&mut self, start: usize, end: usize) {
        if !self.env_seen {
            self.env_seen = true;
            self.env_start = start;
        }
        self.env_end = end;
    }

    fn push_addrs(&mut self, rec: &mut Record, list: List, s: &'t str, base: usize) {
        // `TO RUEHC/SECSTATE WASHDC PRIORITY 8166 INFO RUEHZL/…`: a later
        // list keyword joined onto the line.
        if let Some((at, rest_at, next)) = joined_keyword(s, list) {
            self.push_addrs(rec, list, &s[..at], base);
            rec.diagnostics.push(Diagnostic::note(
                "joined-keyword",
                "addressee keyword joined onto the previous addressee line",
                base + at,
                base + rest_at,
            ));
            self.list = Some(next);
            if next == List::Info {
                self.stage = self.stage.max(Stage::Info);
            }
            self.push_addrs(rec, next, &s[rest_at..], base + rest_at);
            return;
        }
        let mut addrs = std::mem::take(&mut self.addrs);
        address::addressees_into(s, &mut addrs);
        for a in addrs.drain(..) {
            self.typo_note(rec, &a, base);
            let r = a.to_record();
            match list {
                List::To => rec.header.to.push(r),
                List::Info => rec.header.info.push(r),
                List::Xmt => rec.header.xmt.push(r),
            }
        }
        self.addrs = addrs;
    }

    fn typo_note(&self, rec: &mut Record, a: &Addr<'_>, base: usize) {
        if let (Some(t), Some(p)) = (a.precedence_typo, a.precedence) {
            rec.diagnostics.push(Diagnostic::note(
                "precedence-typo",
                format!("precedence written `{t}`, read as {p}"),
                base + a.start,
                base + a.end,
            ));
        }
    }

    /// Walk the envelope; return the classification line if one was found.
    fn walk(&mut self, rec: &mut Record) -> Option<Found<'t>> {
        let text = self.text;
        // Unknown lines after the envelope began, not yet known to be body.
        let mut skipped: Vec<(usize, usize)> = Vec::new();
        // Unknown lines since the last envelope line.
        let mut unknown_run = 0usize;
        // A level-only classification line after the envelope: used unless a
        // line with post and serial follows shortly.
        let mut candidate: Option<Found<'t>> = None;
        let mut nonblank = 0usize;
        for line in lines::lines(text) {
            let (s, lead) = lines::trim_lead(line.text);
            if s.is_empty() {
                continue;
            }
            nonblank += 1;
            let ss = line.start + lead;
            let se = ss + s.len();

            if self.envelope_line(rec, s, ss, se) {
                self.dup_list = self.dup_list && self.list.is_none();
                for (a, b) in skipped.drain(..) {
                    unknown(rec, text, a, b);
                }
                if let Some(c) = candidate.take() {
                    // The level-only line was not the classification line.
                    unknown(rec, text, c.start, c.end);
                }
                unknown_run = 0;
                continue;
            }

            if let Some(c) = classification::classification_line(s) {
                let has_mrn = c.serial.is_some();
                let body_start = body_after(text, &line, ss, s, &c);
                let f = Found {
                    line: c,
                    start: ss,
                    end: se,
                    body_start,
                };
                // A banner with post and serial above the envelope
                // (`UNCLASSIFIED   STATE   00100153` then `O 251814Z SEP 09`):
                // the classification line comes after the envelope.
                let banner = has_mrn
                    && !self.env_seen
                    && envelope_follows(text, next_line_start(text, &line));
                if has_mrn && !banner {
                    if self.env_seen {
                        for (a, b) in std::mem::take(&mut self.preamble) {
                            unknown(rec, text, a, b);
                        }
                    }
                    for (a, b) in skipped.drain(..) {
                        unknown(rec, text, a, b);
                    }
                    if let Some(c) = candidate.take() {
                        unknown(rec, text, c.start, c.end);
                    }
                    return Some(f);
                }
                if self.env_seen {
                    if candidate.is_none() {
                        for (a, b) in skipped.drain(..) {
                            unknown(rec, text, a, b);
                        }
                        candidate = Some(f);
                        self.list = None;
                        unknown_run = 0;
                    }
                    continue;
                }
                // A banner before any envelope (NARA pages): remember it.
                if self.banner.is_none() {
                    self.banner = Some(f);
                } else {
                    self.preamble.push((ss, se));
                }
                continue;
            }

            // A classification line glued onto the last header line.
            if let Some((at, c)) = classification::glued_classification_line(s) {
                let head = &s[..at];
                if let Some(list) = self.list
                    && address::looks_like_addressee(head)
                {
                    self.push_addrs(rec, list, head, ss);
                } else if self.env_seen {
                    unknown(rec, text, ss, ss + head.trim_end().len());
                } else {
                    self.preamble_line(rec, head, ss);
                }
                rec.diagnostics.push(Diagnostic::note(
                    "glued-classification",
                    "classification line joined to the previous line without a line break",
                    ss + at,
                    se,
                ));
                for (a, b) in skipped.drain(..) {
                    unknown(rec, text, a, b);
                }
                if self.env_seen {
                    for (a, b) in std::mem::take(&mut self.preamble) {
                        unknown(rec, text, a, b);
                    }
                }
                let cs = &s[at..];
                let body_start = body_after(text, &line, ss + at, cs, &c);
                return Some(Found {
                    line: c,
                    start: ss + at,
                    end: se,
                    body_start,
                });
            }

            if address::looks_like_addressee(s) {
                if self.dup_list {
                    self.env_end = se;
                    continue;
                }
                if let Some(list) = self.list {
                    if is_group_count(s) {
                        rec.diagnostics.push(Diagnostic::note(
                            "group-count",
                            format!("accounting line (FL10) `{s}` not read as an addressee"),
                            ss,
                            se,
                        ));
                    } else {
                        self.push_addrs(rec, list, s, ss);
                    }
                    self.env_end = se;
                    continue;
                }
            }

            if !self.env_seen {
                self.preamble_line(rec, s, ss);
                if nonblank > PREAMBLE_MAX {
                    break;
                }
                continue;
            }
            // A line that is none of the envelope's: the body may have begun.
            self.list = None;
            self.dup_list = false;
            if candidate.is_none() {
                skipped.push((ss, se));
            }
            unknown_run += 1;
            if unknown_run >= LOOKAHEAD {
                break;
            }
        }
        candidate
    }

    /// A line before any envelope line: remember it, and read a DTG at its
    /// end (the partial-extract notice of Cablegate exports ends in one).
    fn preamble_line(&mut self, rec: &mut Record, s: &'t str, ss: usize) {
        let s = s.trim_end();
        let se = ss + s.len();
        if self.dtg_parts.is_none()
            && let Some((p, at)) = dtg::trailing_dtg(s)
        {
            self.set_dtg(rec, p, ss + at, se);
            rec.diagnostics.push(Diagnostic::note(
                "dtg-outside-envelope",
                "date-time group read from the end of a line outside an envelope",
                ss + at,
                se,
            ));
        }
        self.preamble.push((ss, se));
    }

    /// Try the envelope line parsers on one trimmed line. Returns `true` when
    /// the line was read as part of the envelope.
    fn envelope_line(&mut self, rec: &mut Record, s: &'t str, ss: usize, se: usize) -> bool {
        let h = &mut rec.header;
        if let Some(m) = envelope::start_of_message(s) {
            if h.start_of_message.is_some() {
                return self.duplicate(rec, "FL1", ss, se);
            }
            h.start_of_message = Some(m.text.to_owned());
            h.channel = Some(m.channel.to_owned());
            h.channel_sequence = Some(m.sequence.to_owned());
            self.stage = Stage::Fl1;
            self.mark_env(ss, se);
            return true;
        }
        if let Some(r) = envelope::routing_line(s) {
            if h.routing.is_some() {
                return self.duplicate(rec, "FL2", ss, se);
            }
            h.routing = Some(Routing {
                precedence: r.precedence.to_owned(),
                indicators: r.indicators.iter().map(|x| (*x).to_owned()).collect(),
            });
            self.after(rec, Stage::Fl2, "FL2", ss, se);
            return true;
        }
        if self.stage == Stage::Fl2
            && let Some(more) = envelope::routing_continuation(s)
            && let Some(r) = h.routing.as_mut()
        {
            r.indicators.extend(more.iter().map(|x| (*x).to_owned()));
            self.mark_env(ss, se);
            return true;
        }
        if let Some(d) = envelope::de_line(s) {
            if h.origin.is_some() {
                return self.duplicate(rec, "FL3 (DE)", ss, se);
            }
            h.origin = Some(Origin {
                station: d.station.to_owned(),
                serial: d.serial,
                section: d.section,
                day_of_year: d.day_of_year,
                time: d.time.map(|(hh, mm)| {
                    // `{hh:02}:{mm:02}`
                    let mut t = String::with_capacity(5);
                    crate::id::push_decimal(&mut t, u64::from(hh), 2);
                    t.push(':');
                    crate::id::push_decimal(&mut t, u64::from(mm), 2);
                    t
                }),
            });
            self.de_span = (ss, se);
            self.de_serial = d.serial;
            self.after(rec, Stage::Fl3, "FL3 (DE)", ss, se);
            return true;
        }
        if let Some(sec) = envelope::security_line(s) {
            if h.security.is_some() {
                return self.duplicate(rec, "FL4", ss, se);
            }
            h.security = Some(sec.security.to_owned());
            self.sec_span = (ss, se);
            h.operating_signals
                .extend(sec.signals.iter().map(|x| (*x).to_owned()));
            if !sec.rest.is_empty() {
                let rs = ss + (sec.rest.as_ptr() as usize - s.as_ptr() as usize);
                rec.diagnostics.push(Diagnostic::note(
                    "unknown-token",
                    format!(
                        "text after the security line's signals not read: `{}`",
                        sec.rest
                    ),
                    rs,
                    rs + sec.rest.len(),
                ));
            }
            self.after(rec, Stage::Fl4, "FL4", ss, se);
            return true;
        }
        if let Some(p) = envelope::precedence_line(s) {
            if h.dtg_text.is_some() && self.env_seen {
                return self.duplicate(rec, "FL5", ss, se);
            }
            h.precedence = envelope::precedence_word(p.action).map(str::to_owned);
            h.info_precedence = p
                .info
                .and_then(envelope::precedence_word)
                .map(str::to_owned);
            h.operating_signals
                .extend(p.signals.iter().map(|x| (*x).to_owned()));
            let dstart = ss + (p.dtg.text.as_ptr() as usize - s.as_ptr() as usize);
            self.set_dtg(rec, p.dtg, dstart, dstart + p.dtg.text.len());
            if !p.rest.is_empty() {
                let rs = ss + (p.rest.as_ptr() as usize - s.as_ptr() as usize);
                rec.diagnostics.push(Diagnostic::note(
                    "unknown-token",
                    format!("text after the date-time group not read: `{}`", p.rest),
                    rs,
                    rs + p.rest.len(),
                ));
            }
            self.after(rec, Stage::Fl5, "FL5", ss, se);
            return true;
        }
        if address::is_distribution_line(s) {
            rec.diagnostics.push(Diagnostic::note(
                "distribution-line",
                format!("office distribution list `{s}` is not an addressee list"),
                ss,
                se,
            ));
            return true;
        }
        if let Some((k, rest, off)) = address::keyword(s) {
            // `TO`/`INFO` at the top of a text count only as the first line
            // or inside an envelope (a body line may start with `TO `).
            let first = self.preamble.is_empty() && self.banner.is_none();
            if !(self.env_seen || first) {
                return false;
            }
            let base = ss + off;
            match k {
                Keyword::From => {
                    if rec.header.from.is_some() {
                        return self.duplicate(rec, "FM", ss, se);
                    }
                    let from = address::collapse_spaces(rest);
                    rec.header.from = (!from.is_empty()).then_some(from);
                    self.list = None;
                    self.after(rec, Stage::Fm, "FM", ss, se);
                }
                Keyword::To if !rec.header.to.is_empty() => {
                    self.duplicate(rec, "TO", ss, se);
                    self.list = None;
                    self.dup_list = true;
                }
                Keyword::Info if !rec.header.info.is_empty() => {
                    self.duplicate(rec, "INFO", ss, se);
                    self.list = None;
                    self.dup_list = true;
                }
                Keyword::To => {
                    self.after(rec, Stage::To, "TO", ss, se);
                    self.list = Some(List::To);
                    self.push_addrs(rec, List::To, rest, base);
                }
                Keyword::Info => {
                    self.after(rec, Stage::Info, "INFO", ss, se);
                    if let Some((xr, xo)) = address::split_info_xmt(rest) {
                        self.list = Some(List::Xmt);
                        self.push_addrs(rec, List::Xmt, xr, base + xo);
                    } else {
                        self.list = Some(List::Info);
                        self.push_addrs(rec, List::Info, rest, base);
                    }
                }
                Keyword::Xmt => {
                    self.list = Some(List::Xmt);
                    self.push_addrs(rec, List::Xmt, rest, base);
                    // XMT follows the collective it exempts from, in TO or
                    // INFO, so it does not advance the format-line order.
                    self.stage = self.stage.max(Stage::To);
                    self.mark_env(ss, se);
                }
            }
            return true;
        }
        if self.env_seen && envelope::is_bt(s) {
            self.list = None;
            self.stage = Stage::Bt;
            self.env_end = se;
            return true;
        }
        if self.env_seen && self.stage < Stage::Bt && envelope::page_header(s).is_some() {
            rec.diagnostics.push(Diagnostic::note(
                "page-header",
                format!("page header `{s}` inside the envelope skipped"),
                ss,
                se,
            ));
            return true;
        }
        false
    }

    /// No DTG in the envelope: read it from an envelope collapsed onto one
    /// line further down (`… ZNY SSSSS ZZH R 261341Z MAR 09 FM AMEMBASSY DOHA
    /// TO …`, printouts of a message database): FL5 followed by `FM`.
    fn collapsed_envelope(&mut self, rec: &mut Record, to: usize) {
        let Some((at, p)) = collapsed_fl5(self.text, to) else {
            return;
        };
        let dstart = at + (p.dtg.text.as_ptr() as usize - self.text[at..].as_ptr() as usize);
        let dend = dstart + p.dtg.text.len();
        if rec.header.precedence.is_none() {
            rec.header.precedence = envelope::precedence_word(p.action).map(str::to_owned);
            rec.header.info_precedence = p
                .info
                .and_then(envelope::precedence_word)
                .map(str::to_owned);
        }
        self.set_dtg(rec, p.dtg, dstart, dend);
        rec.diagnostics.push(Diagnostic::note(
            "dtg-in-collapsed-envelope",
            "date-time group read from an envelope run together on one line",
            dstart,
            dend,
        ));
    }

    fn set_dtg(&mut self, rec: &mut Record, p: DtgParts<'t>, start: usize, end: usize) {
        rec.header.dtg_text = Some(p.text.to_owned());
        self.dtg_parts = Some(p);
        self.dtg_span = (start, end);
        match dtg::to_utc(&p) {
            Ok(t) => rec.header.dtg = Some(t),
            Err(_) => rec.diagnostics.push(Diagnostic::warning(
                "dtg-invalid",
                format!("date-time group `{}` is not a real date", p.text),
                start,
                end,
            )),
        }
    }

    /// Record a format line at `stage`, noting when it comes out of order.
    fn after(&mut self, rec: &mut Record, stage: Stage, what: &str, ss: usize, se: usize) {
        if stage < self.stage && self.stage != Stage::Start {
            rec.diagnostics.push(Diagnostic::note(
                "envelope-order",
                format!("{what} line after a later format line"),
                ss,
                se,
            ));
        } else {
            self.stage = stage;
        }
        self.mark_env(ss, se);
    }

    fn duplicate(&mut self, rec: &mut Record, what: &str, ss: usize, se: usize) -> bool {
        let s = self.text.get(ss..se).unwrap_or("");
        rec.diagnostics.push(Diagnostic::note(
            "duplicate-envelope-line",
            format!("second {what} line `{s}` ignored"),
            ss,
            se,
        ));
        self.env_end = se;
        true
    }

    /// Fill classification, MRN and id; add the summary diagnostics; return
    /// where the body starts.
    fn finish(&mut self, rec: &mut Record, found: Option<Found<'t>>) -> usize {
        let text = self.text;
        let env_body = if self.env_seen {
            // The line after the last envelope line.
            match memchr::memchr(b'\n', &text.as_bytes()[self.env_end.min(text.len())..]) {
                Some(i) => self.env_end + i + 1,
                None => text.len(),
            }
        } else {
            0
        };
        let (found, from_banner) = match found {
            Some(f) => (Some(f), false),
            None => (self.banner.take(), true),
        };
        let body_start;
        match &found {
            Some(f) => {
                let c = &f.line;
                rec.classification.level = Some(c.level.to_owned());
                rec.classification.markings = c.markings.clone();
                rec.classification.section = c.section;
                rec.classification.of = c.of;
                rec.classification.line = text.get(f.start..f.end).map(str::to_owned);
                rec.mrn = c.mrn();
                if c.damaged {
                    rec.diagnostics.push(Diagnostic::note(
                        "classification-damaged",
                        format!(
                            "classification level read from a damaged spelling as {}",
                            c.level
                        ),
                        f.start,
                        f.end,
                    ));
                }
                if from_banner && self.env_seen {
                    rec.diagnostics.push(Diagnostic::note(
                        "classification-from-banner",
                        "no classification line after the envelope; level taken from a banner before it",
                        f.start,
                        f.end,
                    ));
                    body_start = env_body;
                } else {
                    body_start = f.body_start;
                }
                if rec.mrn.is_none() {
                    rec.diagnostics.push(Diagnostic::note(
                        "mrn-missing",
                        "classification line without post and serial",
                        f.start,
                        f.end,
                    ));
                }
            }
            None => {
                body_start = env_body;
                rec.diagnostics.push(Diagnostic::warning(
                    "no-classification",
                    "no classification line found",
                    body_start,
                    body_start,
                ));
                // Cablegate pages whose classification line was dropped still
                // carry the FL4 security line (`ZNY SSSSS ZZH`).
                if let Some(level) = rec.header.security.as_deref().and_then(level_of_security) {
                    rec.classification.level = Some(level.to_owned());
                    rec.diagnostics.push(Diagnostic::note(
                        "classification-from-security-line",
                        format!("classification level {level} taken from the FL4 security line"),
                        self.sec_span.0,
                        self.sec_span.1,
                    ));
                }
            }
        }
        if !self.env_seen {
            rec.diagnostics.push(Diagnostic::note(
                "no-envelope",
                "no transmission envelope (ACP-127/126 format lines) found",
                0,
                0,
            ));
        }
        match self.dtg_parts {
            None => rec.diagnostics.push(Diagnostic {
                kind: "dtg-missing".to_owned(),
                severity: if self.env_seen {
                    Severity::Warning
                } else {
                    Severity::Note
                },
                message: "no date-time group; the cable's year and id are unknown".to_owned(),
                start: self.env_start,
                end: self.env_start,
            }),
            Some(p) => {
                if let (Some(t), Some(doy)) = (
                    rec.header.dtg,
                    rec.header.origin.as_ref().and_then(|o| o.day_of_year),
                ) && !dtg::doy_agrees(&t, doy)
                {
                    rec.diagnostics.push(Diagnostic::warning(
                        "doy-mismatch",
                        format!(
                            "DE line day of year {doy} disagrees with the date-time group `{}` (day {})",
                            p.text,
                            dtg::day_of_year(&t)
                        ),
                        self.de_span.0,
                        self.de_span.1,
                    ));
                }
            }
        }
        // Cross-checks between the DE line and the classification line.
        if let Some(f) = &found
            && let (Some(de), Some(serial)) = (self.de_serial, f.line.serial_number())
            && u64::from(de) != serial % 10_000
            && u64::from(de) != serial
        {
            rec.diagnostics.push(Diagnostic::note(
                "serial-mismatch",
                format!("DE line serial {de} differs from the MRN serial {serial}"),
                self.de_span.0,
                self.de_span.1,
            ));
        }
        if let Some(f) = &found
            && let (Some(de), Some(cl)) = (
                rec.header.origin.as_ref().and_then(|o| o.section),
                f.line.section,
            )
            && de != cl
        {
            rec.diagnostics.push(Diagnostic::note(
                "section-mismatch",
                format!("DE line section {de} differs from the classification line's section {cl}"),
                self.de_span.0,
                self.de_span.1,
            ));
        }
        // Does the originator (FM) name the post of the MRN? When neither FM
        // nor the DE serial agree with the classification line, header and
        // body come from different cables (a known Cablegate defect).
        let mut mixed = false;
        if let Some(f) = &found
            && let (Some(post), Some(from)) = (f.line.post, rec.header.from.as_deref())
            && !is_redacted(post)
            && !from_names_post(from, post)
        {
            let de_agrees = match (self.de_serial, f.line.serial_number()) {
                (Some(de), Some(serial)) => u64::from(de) == serial % 10_000,
                _ => false,
            };
            mixed = !de_agrees;
            rec.diagnostics.push(Diagnostic::warning(
                if mixed { "header-body-mismatch" } else { "from-mrn-mismatch" },
                format!(
                    "originator `{from}` does not name the post `{post}` of the classification line{}",
                    if mixed { "; no id derived" } else { "" }
                ),
                f.start,
                f.end,
            ));
        }
        // The canonical id.
        if let (Some(p), Some(f)) = (self.dtg_parts, &found)
            && let (Some(post), Some(serial)) = (f.line.post, f.line.serial_number())
            && !mixed
        {
            if is_redacted(post) {
                rec.diagnostics.push(Diagnostic::note(
                    "post-redacted",
                    format!("post `{post}` is redacted; no id derived"),
                    f.start,
                    f.end,
                ));
            } else {
                rec.id = Some(crate::id::cable_id(p.year, post, serial));
            }
        }
        body_start.min(text.len())
    }
}

/// A later list keyword (`INFO` after TO, `XMT` after TO or INFO) standing
/// as a word inside an addressee line: its offset, the offset of what
/// follows it, and the list it starts.
fn joined_keyword(s: &str, list: List) -> Option<(usize, usize, List)> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // searchers built once (`str::find` builds one per call)
    static INFO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("INFO"));
    static XMT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("XMT"));
    let bytes = s.as_bytes();
    let mut found: Option<(usize, usize, List)> = None;
    for (kw, finder, next) in [("INFO", &INFO, List::Info), ("XMT", &XMT, List::Xmt)] {
        if (kw == "INFO" && list != List::To) || list == List::Xmt {
            continue;
        }
        let mut from = 0;
        while let Some(i) = bytes.get(from..).and_then(|h| finder.find(h)) {
            let at = from + i;
            let end = at + kw.len();
            let before_ok = at > 0 && bytes[at - 1] == b' ';
            let after_ok =
                end == s.len() || bytes[end] == b' ' || (kw == "XMT" && bytes[end] == b'/');
            if before_ok && after_ok {
                let rest_at = if end < s.len() { end + 1 } else { end };
                if found.is_none_or(|(f, _, _)| at < f) {
                    found = Some((at, rest_at, next));
                }
                break;
            }
            from = end;
        }
    }
    found
}

/// How far after the classification line a collapsed envelope is looked for.
const COLLAPSED_MAX: usize = 8000;

/// The first FL5 precedence + DTG followed by ` FM ` inside a line before
/// byte `to` (an envelope run together on one line, or after an office
/// distribution list): its offset and parts.
fn collapsed_fl5(text: &str, to: usize) -> Option<(usize, envelope::PrecedenceLine<'_>)> {
    let to = floor_char(text, to.min(text.len()));
    let hay = &text[..to];
    let b = text.as_bytes();
    for i in memchr::memmem::find_iter(hay.as_bytes(), "Z ") {
        // `261341Z`: six digits before the `Z`, a space and a precedence letter before them
        let z = i;
        if z < 9 || !b[z - 6..z].iter().all(u8::is_ascii_digit) || b[z - 7] != b' ' {
            continue;
        }
        let mut at = z - 8;
        if !matches!(b[at], b'Z' | b'O' | b'P' | b'R') {
            continue;
        }
        // an info precedence before it: `P R 221828Z`
        if at >= 2 && b[at - 1] == b' ' && matches!(b[at - 2], b'Z' | b'O' | b'P' | b'R') {
            at -= 2;
        }
        if at > 0 && !matches!(b[at - 1], b' ' | b'\n') {
            continue;
        }
        let Some(line) = text.get(at..) else {
            continue;
        };
        let line = line.split('\n').next().unwrap_or("");
        if let Ok((_, p)) = envelope::precedence_line_p(line)
            && p.rest.starts_with("FM ")
        {
            return Some((at, p));
        }
    }
    None
}

/// The largest char boundary at or below `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How many non-blank lines after a banner with post and serial may come
/// before the envelope (a message database's ACTION/INFO/DRAFTED/CLEARED
/// lines in 09DOHA214).
const BANNER_GAP: usize = 15;

/// Whether one of the next [`BANNER_GAP`] non-blank lines from `from` opens
/// an envelope (FL1, FL2, FL3 or FL5).
fn envelope_follows(text: &str, from: usize) -> bool {
    let Some(rest) = text.get(from..) else {
        return false;
    };
    lines::lines(rest)
        .map(|l| lines::trim_lead(l.text).0)
        .filter(|t| !t.is_empty())
        .take(BANNER_GAP)
        .any(|t| {
            envelope::start_of_message(t).is_some()
                || envelope::routing_line(t).is_some()
                || envelope::de_line(t).is_some()
                || envelope::precedence_line(t).is_some()
        })
}

/// The classification level an FL4 security field stands for (§1.4):
/// `CCCCC` CONFIDENTIAL, `SSSSS` SECRET, `TTTTT` TOP SECRET, `EEEEE`
/// UNCLASSIFIED (EFTO). `UUUUU` is not mapped: it is used for unclassified
/// and LIMITED OFFICIAL USE traffic alike. SPECAT suffixes (`/AAAAA`) and
/// the variant `SSSAA` read by their first three letters.
fn level_of_security(sec: &str) -> Option<&'static str> {
    let head = sec.get(..3)?;
    match head {
        "CCC" => Some("CONFIDENTIAL"),
        "SSS" => Some("SECRET"),
        "TTT" => Some("TOP SECRET"),
        "EEE" => Some("UNCLASSIFIED"),
        _ => None,
    }
}

/// Whether a post name is a redaction (`XXXXXXXXXXXX`, also Cyrillic `Х`).
fn is_redacted(post: &str) -> bool {
    post.chars().filter(|c| *c != ' ').count() >= 3
        && post
            .chars()
            .all(|c| matches!(c, 'X' | 'x' | 'Х' | 'х' | ' '))
}

/// The letters and digits of `s`, upper-cased: [`crate::id::clean`], byte
/// by byte (checked there against this char filter).
fn alnum_upper(s: &str) -> String {
    crate::id::clean(s)
}

/// Whether the originator line names the post of an MRN: `USOFFICE
/// PRISTINA` ↔ `PRISTINA`, `SECSTATE WASHDC` ↔ `STATE`, `USMISSION USUN NEW
/// YORK` ↔ `USUN NEW YORK` (letters compared without spaces, also through
/// the origin alias table).
fn from_names_post(from: &str, post: &str) -> bool {
    let f = alnum_upper(from);
    let p = alnum_upper(post);
    if p.is_empty() || f.contains(&p) {
        return true;
    }
    let canon = crate::id::canonical_origin(post);
    !canon.is_empty() && (f.contains(&canon) || crate::id::canonical_origin(from).contains(&canon))
}

/// Where the body starts after a classification line: mid-line when other
/// fields are glued onto it, else the next line.
fn body_after(
    text: &str,
    line: &Line<'_>,
    ss: usize,
    s: &str,
    c: &ClassificationLine<'_>,
) -> usize {
    if c.rest < s.len() {
        ss + c.rest
    } else {
        next_line_start(text, line)
    }
}

fn unknown(rec: &mut Record, text: &str, start: usize, end: usize) {
    let s = text.get(start..end).unwrap_or("");
    rec.diagnostics.push(Diagnostic::note(
        "unknown-line",
        format!("line not read: `{s}`"),
        start,
        end,
    ));
}

/// FL13–FL16 at the end of the text: `BT`, `#0128`, `NNNN`.
fn end_lines(text: &str, body_start: usize, w: &Walk<'_>, rec: &mut Record) {
    let bytes = text.as_bytes();
    let mut end = text.len();
    let mut seen = 0;
    while end > body_start && seen < TAIL_LINES {
        let start = match memchr::memrchr(b'\n', &bytes[..end]) {
            Some(i) => i + 1,
            None => 0,
        };
        let start = start.max(body_start);
        let Some(line) = text.get(start..end) else {
            break;
        };
        let s = line.trim();
        if !s.is_empty() {
            seen += 1;
            if envelope::is_end_of_message(s) {
                rec.header.end_of_message = true;
            } else if let Some(ssn) = envelope::end_validation(s) {
                if rec.header.end_validation.is_none() {
                    rec.header.end_validation = Some(format!("#{ssn}"));
                    if let (Some(de), Ok(n)) = (w.de_serial, ssn.parse::<u32>())
                        && de != n
                    {
                        let lead = line.len() - line.trim_start().len();
                        rec.diagnostics.push(Diagnostic::warning(
                            "end-validation-mismatch",
                            format!(
                                "end-of-message validation #{ssn} differs from the DE serial {de}"
                            ),
                            start + lead,
                            start + lead + s.len(),
                        ));
                    }
                }
            } else if !envelope::is_bt(s) {
                break;
            }
        }
        if start == 0 || start <= body_start {
            break;
        }
        end = start - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(r: &Record) -> Vec<&str> {
        r.diagnostics.iter().map(|d| d.kind.as_str()).collect()
    }

    #[test]
    fn acp126_shape() {
        // 08BRASILIA93 header + first body line (Cablegate page).
        let text = "O 151856Z JAN 08\nFM AMEMBASSY BRASILIA\nTO SECSTATE WASHDC IMMEDIATE 0861\nSECDEF WASHDC IMMEDIATE\nINFO AMEMBASSY BUENOS AIRES PRIOITY \nAMEMBASSY CARACAS PRIORITY \nAMCONSUL RIO DE JANEIRO PRIORITY\nC O N F I D E N T I A L  BRASILIA 000093 \n \nClassified By: Ambassador Clifford Sobel.\n";
        let r = parse(text);
        assert_eq!(r.header.precedence.as_deref(), Some("IMMEDIATE"));
        assert_eq!(r.header.from.as_deref(), Some("AMEMBASSY BRASILIA"));
        assert_eq!(r.header.to.len(), 2);
        assert_eq!(r.header.to[1].name, "SECDEF WASHDC");
        assert_eq!(r.header.info.len(), 3);
        assert_eq!(r.header.info[0].precedence.as_deref(), Some("PRIORITY"));
        assert!(kinds(&r).contains(&"precedence-typo"));
        assert_eq!(r.classification.level.as_deref(), Some("CONFIDENTIAL"));
        assert_eq!(r.mrn.as_deref(), Some("BRASILIA 000093"));
        assert_eq!(r.id.as_deref(), Some("08BRASILIA93"));
        assert!(r.header.start_of_message.is_none());
        assert!(!kinds(&r).contains(&"no-envelope"));
    }

    #[test]
    fn body_only() {
        let text = "UNCLASSIFIED BUENOS AIRES 2481 \n \nE.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009\n";
        let r = parse(text);
        assert_eq!(r.mrn.as_deref(), Some("BUENOS AIRES 2481"));
        assert_eq!(r.id, None);
        let k = kinds(&r);
        assert!(k.contains(&"no-envelope"));
        assert!(k.contains(&"dtg-missing"));
    }

    #[test]
    fn nara_shape() {
        // 1974ATHENS02959 (PlusD page text).
        let text = "\nLIMITED OFFICIAL USE\n\nPAGE 01  ATHENS 02959  171944Z\n\n11\nACTION EUR-25\n\nINFO  OCT-01  EA-11  ISO-00  CIAE-00\n\n/096 W\n---------------------     064536\nR 171600Z MAY 74\nFM AMEMBASSY ATHENS\nTO SECSTATE WASHDC 3410\nINFO AMEMBASSY LONDON\nAMEMBASSY CANBERRA\nAMCONSUL THESSALONIKI\n\n\nLIMITED OFFICIAL USE ATHENS 2959\n\nE.O. 11652: N/A\n";
        let r = parse(text);
        assert_eq!(r.header.info.len(), 3);
        assert_eq!(r.header.to[0].sequence.as_deref(), Some("3410"));
        assert_eq!(r.mrn.as_deref(), Some("ATHENS 2959"));
        assert_eq!(r.id.as_deref(), Some("74ATHENS2959"));
        assert_eq!(
            r.header.dtg.unwrap().to_rfc3339(),
            "1974-05-17T16:00:00+00:00"
        );
        assert!(kinds(&r).contains(&"distribution-line"));
    }

    #[test]
    fn doy_mismatch_and_invalid() {
        let text = "DE RUEHPS #0128/01 0801616\nZNR UUUUU ZZH\nO 121616Z MAR 08\nFM USOFFICE PRISTINA\nUNCLAS SECTION 02 OF 09 PRISTINA 000128\n";
        let r = parse(text);
        assert!(kinds(&r).contains(&"doy-mismatch"));
        assert!(kinds(&r).contains(&"section-mismatch"));
        assert_eq!(r.id.as_deref(), Some("08PRISTINA128"));
        let text = "O 311616Z FEB 08\nFM USOFFICE PRISTINA\nUNCLAS PRISTINA 000128\n";
        let r = parse(text);
        assert!(kinds(&r).contains(&"dtg-invalid"));
        assert_eq!(r.header.dtg, None);
        assert_eq!(r.header.dtg_text.as_deref(), Some("311616Z FEB 08"));
    }

    #[test]
    fn end_of_message_lines() {
        let text = "O 121616Z MAR 08\nFM X\nDE RUEHPS #0128/01 0721616\nUNCLAS PRISTINA 000128\nTEXT\nKAIDANOW\nBT\n#0128\n\nNNNN\n";
        let r = parse(text);
        assert_eq!(r.header.end_validation.as_deref(), Some("#0128"));
        assert!(r.header.end_of_message);
        assert!(kinds(&r).contains(&"envelope-order"));
    }

    #[test]
    fn missing_classification_and_unknown_lines() {
        let text =
            "O 121616Z MAR 08\nFM AMEMBASSY X\nTO SECSTATE WASHDC 0001\nSIPDIS\nE.O. 12958: N/A\n";
        let r = parse(text);
        assert!(kinds(&r).contains(&"no-classification"));
        assert_eq!(r.id, None);
        let text = "O 121616Z MAR 08\nFM AMEMBASSY X\nTO SECSTATE WASHDC 0001\nC O R R E C T E D C O P Y\nUNCLAS X 000001\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("08X1"));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "unknown-line")
            .unwrap();
        assert_eq!(&text[d.start..d.end], "C O R R E C T E D C O P Y");
    }

    #[test]
    fn partial_extract_header() {
        let text = "This record is a partial extract of the original cable. The full text of the original cable is not available.201247Z Jan 04\nC o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o. 12958: decl\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("04ANKARA348"));
        assert_eq!(r.mrn.as_deref(), Some("ankara 000348"));
        assert!(r.partial);
        // 02BRASILIA4227 (Cablegate page): the notice above the
        // classification line, in the header block
        let text = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\nC O N F I D E N T I A L SECTION 01 OF 04 BRASILIA 004227\n\nSIPDIS\n\nDEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012\n\nTAGS: PGOV PREL ECON BR\n";
        let r = parse(text);
        assert!(r.partial);
        assert_eq!(r.classification.section, Some(1));
        assert!(!parse("C O N F I D E N T I A L BRASILIA 004227\n\nSIPDIS\n").partial);
    }

    #[test]
    fn header_from_another_cable() {
        // 88BAGHDAD28 (Cablegate page): a 1988 header on a 2009 STATE body.
        let text = "R 021258Z JAN 88\nFM AMEMBASSY BAGHDAD\nTO SECSTATE WASHDC 9118\nS e c r e t state 068250\n\nSipdis\n";
        let r = parse(text);
        assert_eq!(r.mrn.as_deref(), Some("state 068250"));
        assert_eq!(r.id, None);
        assert!(kinds(&r).contains(&"header-body-mismatch"));
        // Redacted post (10SHENYANG4).
        let text =
            "O 041020Z JAN 10\nFM AMCONSUL SHENYANG\nC O N F I D E N T I A L XXXXXXXXXXXX 000004\n";
        let r = parse(text);
        assert_eq!(r.id, None);
        assert!(kinds(&r).contains(&"post-redacted"));
        // The usual pairs agree.
        assert!(from_names_post("SECSTATE WASHDC", "STATE"));
        assert!(from_names_post("USMISSION USUN NEW YORK", "USUN NEW YORK"));
        assert!(from_names_post("AMEMBASSY BRASILIA", "BRASILIA"));
        assert!(!from_names_post("AMEMBASSY PARIS", "MOSCOW"));
    }

    #[test]
    fn glued_classification_after_info() {
        // 85DUBLIN2469 (plain-text conversion): header and body joined.
        let text = "85DUBLIN2469\nBOEING 747 CRASH OFF IRISH COAST\nUNCLASSIFIED\nEmbassy Dublin\nO 241132Z JUN 85\nFM AMEMBASSY DUBLIN\nTO SECSTATE WASHDC IMMEDIATE 3998\nINFO AMEMBASSY LONDON PRIORITY\nDEPTRANS WASHDC PRIORITYUNCLAS DUBLIN 02469 \n \nE.O.  12356:  N/A \n";
        let r = parse(text);
        assert_eq!(r.header.info.len(), 2);
        assert_eq!(r.header.info[1].name, "DEPTRANS WASHDC");
        assert_eq!(r.header.info[1].precedence.as_deref(), Some("PRIORITY"));
        assert_eq!(r.mrn.as_deref(), Some("DUBLIN 02469"));
        assert_eq!(r.id.as_deref(), Some("85DUBLIN2469"));
        assert!(kinds(&r).contains(&"glued-classification"));
        // The lines before the envelope are reported, the banner is not used.
        assert_eq!(r.classification.level.as_deref(), Some("UNCLASSIFIED"));
        assert!(kinds(&r).contains(&"unknown-line"));
    }

    #[test]
    fn one_line_partial_extract_and_nara_1973() {
        // 04ANKARA348 JSON export after the normalizer joined header and body.
        let text = "This record is a partial extract of the original cable. The full text of the original cable is not available.201247Z Jan 04 C o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o. 12958: decl: 01/07/2014 Tags: prel";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("04ANKARA348"));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "dtg-outside-envelope")
            .unwrap();
        assert_eq!(&text[d.start..d.end], "201247Z Jan 04");
        // 1973STATE097844 (PlusD): ORIGIN/INFO office lists, `221828 Z`.
        let text = "LIMITED OFFICIAL USE\n\n51\n\nORIGIN    SPM-01\n\nINFO  OCT-01    EUR-25   ADP-00   RSC-01  /028  R\n\nDRAFTED BY S/ PM: PPCLAXTON,  JR.\n\n---------------------       001415\n\nP R 221828 Z MAY 73\n\nFM SECSTATE WASHDC\n\nTO  AMEMBASSY LUXEMBOURG PRIORITY\n\nINFO  AMEMBASSY ROME\n\nLIMITED OFFICIAL USE STATE 097844\n\nE. O. 11652:  N/ A\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("73STATE97844"));
        assert_eq!(r.header.to[0].name, "AMEMBASSY LUXEMBOURG");
        assert_eq!(r.header.info[0].name, "AMEMBASSY ROME");
        assert_eq!(r.header.info_precedence.as_deref(), Some("ROUTINE"));
    }

    #[test]
    fn xmt_after_a_to_collective() {
        // 5 FAH-2 H-321.9 example shape: XMT after a TO collective, then INFO.
        let text = "O 121616Z MAR 08\nFM AMEMBASSY FOOBAR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3355\nRUEHX/EUROPEAN POLITICAL COLLECTIVE\nXMT AMEMBASSY SOFIA\nAMEMBASSY BUCHAREST\nINFO RUEHZL/AMEMBASSY X PRIORITY\nUNCLAS FOOBAR 000001\n";
        let r = parse(text);
        assert_eq!(r.header.to.len(), 2);
        assert_eq!(r.header.xmt.len(), 2);
        assert_eq!(r.header.info.len(), 1);
        assert!(!kinds(&r).contains(&"envelope-order"), "{:?}", kinds(&r));
    }

    #[test]
    fn info_joined_onto_to_line() {
        // corpus/damaged/07ZAGREB633.
        let text = "P 161310Z JUL 07\nFM AMEMBASSY ZAGREB\nTO RUEHC/SECSTATE WASHDC PRIORITY 8166 INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY\nRUEHBW/AMEMBASSY BELGRADE PRIORITY 0718 RUEHVJ/AMEMBASSY SARAJEVO PRIORITY 2245\nUNCLAS SECTION 01 OF 02 ZAGREB 000633 \n";
        let r = parse(text);
        assert_eq!(r.header.to.len(), 1);
        assert_eq!(r.header.to[0].sequence.as_deref(), Some("8166"));
        assert_eq!(r.header.info.len(), 3);
        assert_eq!(r.header.info[0].name, "EUROPEAN POLITICAL COLLECTIVE");
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "joined-keyword")
            .unwrap();
        assert_eq!(&text[d.start..d.end], "INFO ");
        assert!(!kinds(&r).contains(&"envelope-order"));
        assert_eq!(
            joined_keyword("AMEMBASSY INFORMATION PRIORITY", List::To),
            None
        );
        assert_eq!(
            joined_keyword("AMEMBASSY X XMT/AMEMBASSY Y", List::Info).map(|x| x.2),
            Some(List::Xmt)
        );
    }

    #[test]
    fn level_from_the_security_line() {
        // 07LAPAZ3262 (Cablegate page): the classification line is missing.
        let text = "VZCZCXYZ0002\nOO RUEHWEB\n\nDE RUEHLP #3262/01 3482321\nZNY SSSSS ZZH\nO 142321Z DEC 07\nFM AMEMBASSY LA PAZ\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 5974\nRHMFISS/HQ USSOUTHCOM MIAMI FL\nSIPDIS \n \nE.O. 12958: DECL: 12/15/2027 \n";
        let r = parse(text);
        assert_eq!(r.classification.level.as_deref(), Some("SECRET"));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "classification-from-security-line")
            .unwrap();
        assert_eq!(&text[d.start..d.end], "ZNY SSSSS ZZH");
        assert!(kinds(&r).contains(&"no-classification"));
        assert_eq!(r.caveats, ["SIPDIS"]);
        // 09LAPAZ96: CCCCC
        let r = parse(&text.replace("SSSSS", "CCCCC"));
        assert_eq!(r.classification.level.as_deref(), Some("CONFIDENTIAL"));
        // UUUUU stands for unclassified and LOU traffic alike: no level.
        let r = parse(&text.replace("ZNY SSSSS", "ZNR UUUUU"));
        assert_eq!(r.classification.level, None);
        assert_eq!(level_of_security("TTTTT/AAAAA"), Some("TOP SECRET"));
        assert_eq!(level_of_security("EEEEE"), Some("UNCLASSIFIED"));
        assert_eq!(level_of_security("é"), None);
    }

    #[test]
    fn banner_with_mrn_above_the_envelope() {
        // 09STATE100153 (Cablegate page).
        let text = "UNCLASSIFIED   STATE   00100153\n\nO 251814Z SEP 09\n\nFM SECSTATE WASHDC\n\nTO ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE IMMEDIATE RUEHTRO/AMEMBASSY TRIPOLI IMMEDIATE 9888\n\nUNCLAS SECTION 01 OF 02 STATE 100153\n\nSENSITIVE\n";
        let r = parse(text);
        assert_eq!(
            r.header.dtg.map(|t| t.to_rfc3339()).as_deref(),
            Some("2009-09-25T18:14:00+00:00")
        );
        assert_eq!(r.header.from.as_deref(), Some("SECSTATE WASHDC"));
        assert_eq!(r.mrn.as_deref(), Some("STATE 100153"));
        assert_eq!(r.classification.section, Some(1));
        assert_eq!(r.id.as_deref(), Some("09STATE100153"));
        assert_eq!(r.caveats, ["SENSITIVE"]);
        // 09DOHA214 (Cablegate page, a message-database printout): the
        // envelope follows the banner after the database's routing lines.
        let text = "Stephen H Rogerson  12/02/2009 11:08:08 AM  From  DB/Inbox:  Search Results Cable Text:\n\nS E C R E T        DOHA 00214\n\nCXDOHA:\n\nACTION: AMB\n\nINFO:   RSO RAO P/E OMC LEGATT DAO DCM\n\nDISSEMINATION: AMB /1\n\nCHARGE: PROG\n\nAPPROVED: AMB:JLABARON\n\nDRAFTED: P/E:MZEBLEY\n\nCLEARED: P/E: DFABRYCKY, P/E: RICE, DCM: MRATNEY\n\nVZCZCDOI550\nRR RUEHC RHMFISS RUEAIIA RHMFISS RULSSGG RHMFISS\nRHEFDIA RHMFISS\nDE RUEHDO #0214/01 0851341\nZNY SSSSS ZZH\nR 261341Z MAR 09\nFM AMEMBASSY DOHA\nTO RUEHC/SECSTATE WASHDC 8904\nRHMFISS/HQ USCENTCOM MACDILL AFB FL\n\nS E C R E T SECTION 01 OF 05 DOHA 000214\n\nNOFORN\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("09DOHA214"));
        assert_eq!(r.classification.of, Some(5));
        assert_eq!(r.header.to.len(), 2);
        assert_eq!(r.caveats, ["NOFORN"]);
        // 03ABUDHABI2641: a level-only banner, then one with post and serial
        let text = "CONFIDENTIAL\nSIPDIS\nTELEGRAM                                            June 03, 2003\nFrom:     AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)\n_________________________________________________________________\nC O N F I D E N T I A L        ABU DHABI 02641\nSIPDIS\nCXABU:\nACTION: POL\nVZCZCADI319\nOO RUEHC RUEHAM\nDE RUEHAD #2641 1541250\nZNY CCCCC ZZH\nO 031250Z JUN 03\nFM AMEMBASSY ABU DHABI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0227\nC O N F I D E N T I A L ABU DHABI 002641\n\nE.O. 12958: DECL: 06/03/2013\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("03ABUDHABI2641"));
        assert_eq!(r.mrn.as_deref(), Some("ABU DHABI 002641"));
        // Without an envelope after it, the line is the classification line.
        let r = parse("UNCLASSIFIED   STATE   00100153\n\nSENSITIVE\n");
        assert_eq!(r.mrn.as_deref(), Some("STATE 00100153"));
    }

    #[test]
    fn dtg_from_a_collapsed_envelope() {
        // 09DOHA214 (Cablegate page, a message-database printout): the
        // envelope is run together on one line after the classification line.
        let text = "Stephen H Rogerson  12/02/2009 11:08:08 AM  From  DB/Inbox:  Search Results Cable Text:\n\nS E C R E T        DOHA 00214\n\nCXDOHA:\n\nACTION: AMB\n\nRR RUEHC RHMFISS RUEAIIA DE RUEHDO #0214/01 0851341 ZNY SSSSS ZZH R 261341Z MAR 09 FM AMEMBASSY DOHA TO RUEHC/SECSTATE WASHDC 8904\n";
        let r = parse(text);
        assert_eq!(
            r.header.dtg.map(|t| t.to_rfc3339()).as_deref(),
            Some("2009-03-26T13:41:00+00:00")
        );
        assert_eq!(r.header.precedence.as_deref(), Some("ROUTINE"));
        assert_eq!(r.id.as_deref(), Some("09DOHA214"));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.kind == "dtg-in-collapsed-envelope")
            .unwrap();
        assert_eq!(&text[d.start..d.end], "261341Z MAR 09");
        assert!(!kinds(&r).contains(&"dtg-missing"));
        // 09ISLAMABAD2295: after an office distribution list
        let text = "S E C R E T ISLAMABAD 002295\n\nINFO LOG-00 EEB-00 SRAP-00 /000W O 231509Z SEP 09 FM AMEMBASSY ISLAMABAD TO SECSTATE WASHDC IMMEDIATE 4975\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("09ISLAMABAD2295"));
        // the same page as the normalizer gives it now: the list first
        let text = "ACTION SCA-00\n\nINFO LOG-00 EEB-00 SRAP-00 /000W O 231509Z SEP 09 FM AMEMBASSY ISLAMABAD TO SECSTATE WASHDC IMMEDIATE 4975\n\nS E C R E T ISLAMABAD 002295\n\nNOFORN\n";
        let r = parse(text);
        assert_eq!(r.id.as_deref(), Some("09ISLAMABAD2295"));
        assert_eq!(r.caveats, ["NOFORN"]);
        // a DTG in prose without FM is not an envelope
        let r = parse("SECRET DOHA 00214\n\n1. (S) On R 261341Z MAR 09 the minister said\n");
        assert_eq!(r.header.dtg, None);
    }

    #[test]
    fn garbage_never_panics() {
        for t in [
            "",
            "\n\n",
            "é\u{2028}Z",
            "VZCZC",
            "O 1",
            "TO",
            "INFO XMT",
            "\r\n#",
            "ZNR UUUUU\nNNNN",
            "SECRET",
        ] {
            let _ = parse(t);
        }
        let r = parse("Hello world\nthis is not a cable\n");
        assert!(kinds(&r).contains(&"not-a-cable"));
    }
}
