//! `cablekit check`: diagnostics rendered like a compiler's.

use crate::batch::Item;
use crate::output;
use crate::{CheckArgs, Failure, Status};
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use cablekit_pipeline::forms::CableInput;
use cablekit_pipeline::record::{Diagnostic, ErrorRecord, Outcome, Severity};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::{IsTerminal, Write};

/// Lines of a span shown at most; a longer span is shown from its start.
const MAX_LINES: usize = 6;
/// Bytes of a span's lines shown at most; a longer span is shown from its
/// start.
const MAX_BYTES: usize = 2000;
/// Bytes of a span underlined at most (the renderer trims long lines, not
/// their underline).
const MAX_CARETS: usize = 100;

pub fn run(args: &CheckArgs) -> Result<Status, Failure> {
    let (batch, sources) = output::batch(&args.input, &args.normalize, None, true)?;
    let color = args.color.enabled(std::io::stdout().is_terminal());
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = output::stdout();
    let mut counts = Counts::default();
    // Reports are rendered on the worker threads, written in input order.
    batch.run_with(
        &sources,
        |mut item| {
            let reports = reports(&renderer, &item, args.notes);
            item.input = None;
            (item, reports)
        },
        |(item, reports)| {
            counts.count(&item);
            for report in reports {
                out.write_all(report.as_bytes())?;
                out.write_all(b"\n\n")?;
            }
            Ok(())
        },
    )?;
    out.write_all(counts.summary().as_bytes())?;
    out.flush()?;
    Ok(if counts.errors > 0 || counts.unreadable > 0 {
        Status::Failed
    } else {
        Status::Ok
    })
}

/// Counts over a `check` run.
#[derive(Debug, Default)]
struct Counts {
    inputs: HashSet<String>,
    cables: u64,
    unreadable: u64,
    errors: u64,
    warnings: u64,
    notes: u64,
    kinds: BTreeMap<String, u64>,
}

impl Counts {
    fn count(&mut self, item: &Item) {
        if !self.inputs.contains(&item.source) {
            self.inputs.insert(item.source.clone());
        }
        match &item.outcome {
            Outcome::Error(e) => {
                self.unreadable += 1;
                *self.kinds.entry(e.error.kind.clone()).or_default() += 1;
            }
            Outcome::Cable(r) => {
                self.cables += 1;
                for d in &r.diagnostics {
                    match d.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Note => self.notes += 1,
                    }
                    *self.kinds.entry(d.kind.clone()).or_default() += 1;
                }
            }
        }
    }

    fn summary(&self) -> String {
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut s = format!(
            "checked {} from {}: {}, {}, {}",
            plural(self.cables, "cable"),
            plural(self.inputs.len() as u64, "input"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.notes, "note"),
        );
        if self.unreadable > 0 {
            s.push_str(&format!(
                ", {} (inputs or rows without a cable)",
                plural(self.unreadable, "error record")
            ));
        }
        s.push('\n');
        if !self.kinds.is_empty() {
            let mut kinds: Vec<(&String, &u64)> = self.kinds.iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
            s.push_str(&format!("by kind: {}\n", list.join(", ")));
        }
        s
    }
}

/// The rendered reports for one item.
fn reports(renderer: &Renderer, item: &Item, notes: bool) -> Vec<String> {
    match &item.outcome {
        Outcome::Error(e) => vec![render_error(renderer, e)],
        Outcome::Cable(r) => r
            .diagnostics
            .iter()
            .filter(|d| notes || d.severity != Severity::Note)
            .map(|d| match &item.input {
                Some(input) => render_diagnostic(renderer, &item.source, input, d),
                None => render_plain(renderer, &item.source, d),
            })
            .collect(),
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

fn render_error(renderer: &Renderer, e: &ErrorRecord) -> String {
    let mut origin = Origin::path(e.source.as_str());
    if let Some(line) = e.error.line.and_then(|l| usize::try_from(l).ok()) {
        origin = origin.line(line);
    }
    let message = match e.source_record {
        Some(n) => format!("record {n}: {}", e.error.message),
        None => e.error.message.clone(),
    };
    let report = [Level::ERROR
        .primary_title(message)
        .id(e.error.kind.as_str())
        .element(origin)];
    renderer.render(&report)
}

fn render_plain(renderer: &Renderer, source: &str, d: &Diagnostic) -> String {
    let report = [level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.kind.as_str())
        .element(Origin::path(source))];
    renderer.render(&report)
}

/// Render a diagnostic against the input text: only the lines its span
/// touches (at most [`MAX_LINES`]), numbered as lines of the input file.
fn render_diagnostic(
    renderer: &Renderer,
    source: &str,
    input: &CableInput,
    d: &Diagnostic,
) -> String {
    let text = input.text.as_str();
    let (ls, le, start, end) = excerpt(text, d.start, d.end);
    let line = usize::try_from(input.file_line(ls).max(1)).unwrap_or(1);
    let lines = text.get(ls..le).unwrap_or("");
    // Carriage returns would move the caret; they are one byte, like a space.
    let lines: Cow<str> = if lines.contains('\r') {
        Cow::Owned(lines.replace('\r', " "))
    } else {
        Cow::Borrowed(lines)
    };
    let snippet = Snippet::source(lines)
        .line_start(line)
        .path(source)
        .annotation(AnnotationKind::Primary.span(start - ls..end - ls));
    let title = match input.source_record {
        Some(n) => format!("{} (record {n})", d.message),
        None => d.message.clone(),
    };
    let report = [level(d.severity)
        .primary_title(title)
        .id(d.kind.as_str())
        .element(snippet)];
    renderer.render(&report)
}

/// The excerpt of `text` to show for the span `start..end`: (first line's
/// start, last line's end, span start, span end), all on char boundaries
/// and within `text`.
fn excerpt(text: &str, start: usize, end: usize) -> (usize, usize, usize, usize) {
    let start = floor(text, start.min(text.len()));
    let end = floor(text, end.min(text.len())).max(start);
    let ls = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut le = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut end = end;
    if le - ls > MAX_BYTES || text[ls..le].bytes().filter(|&b| b == b'\n').count() >= MAX_LINES {
        le = text[start..].find('\n').map_or(text.len(), |i| start + i);
        end = end.min(le);
    }
    // Long lines are trimmed by the renderer; keep the caret run short too.
    let end = floor(text, end.min(start + MAX_CARETS)).max(start);
    (ls, le, start, end)
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use cablekit_pipeline::forms::Form;

    fn input(text: &str) -> CableInput {
        CableInput::new(text.into(), Form::Text)
    }

    #[test]
    fn caret_under_the_span_on_the_right_line() {
        let text = "R 121616Z MAR 08\nFM USOFFICE PRISTINA\nTO SECSTATE WASHDC\n";
        let start = text.find("USOFFICE").unwrap();
        let d = Diagnostic::warning("test-kind", "odd originator", start, start + 8);
        let got = render_diagnostic(&Renderer::plain(), "c.txt", &input(text), &d);
        assert!(got.contains("warning[test-kind]: odd originator"), "{got}");
        assert!(got.contains("c.txt:2:4"), "{got}");
        assert!(got.contains("2 | FM USOFFICE PRISTINA"), "{got}");
        assert!(got.contains("|    ^^^^^^^^"), "{got}");
        assert!(!got.contains("SECSTATE"), "{got}");
    }

    #[test]
    fn spans_out_of_range_or_inside_a_char_do_not_panic() {
        let text = "ÉÉÉ\nabc";
        for (s, e) in [(1, 3), (100, 200), (5, 2), (0, 0), (9, 9)] {
            let d = Diagnostic::error("k", "m", s, e);
            let got = render_diagnostic(&Renderer::plain(), "x", &input(text), &d);
            assert!(got.contains("error[k]: m"));
        }
    }

    #[test]
    fn empty_texts_and_spans_at_the_end_render() {
        for (text, s, e) in [
            ("", 0, 0),
            ("abc\n", 4, 4),
            ("abc\n", 3, 4),
            ("\r\n\r\n", 1, 3),
            ("\t\tx", 2, 3),
        ] {
            let d = Diagnostic::note("k", "m", s, e);
            let got = render_diagnostic(&Renderer::plain(), "x", &input(text), &d);
            assert!(got.contains("note[k]: m"), "{got}");
            let styled = render_diagnostic(&Renderer::styled(), "x", &input(text), &d);
            assert!(styled.contains("\x1b["), "{styled}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_span_renders_without_panic(
            text in "(?s).{0,300}",
            start in 0usize..400,
            len in 0usize..400,
            line in 0u64..5,
        ) {
            let mut cable = input(&text);
            cable.line = line;
            let d = Diagnostic::error("k", "m", start, start + len);
            let got = render_diagnostic(&Renderer::plain(), "x", &cable, &d);
            proptest::prop_assert!(got.contains("error[k]: m"));
        }
    }

    #[test]
    fn long_spans_are_cut_to_their_first_line() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\n";
        assert_eq!(excerpt(text, 2, text.len()), (2, 3, 2, 3));
        assert_eq!(excerpt(text, 2, 5), (2, 5, 2, 5));
        let long = format!("{}\n{}", "x".repeat(3000), "y".repeat(3000));
        assert_eq!(excerpt(&long, 10, long.len()), (0, 3000, 10, 110));
    }
}
