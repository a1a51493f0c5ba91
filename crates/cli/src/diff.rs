//! `cablekit diff`: what `clean` changed, as a unified diff or a table of
//! edits.

use crate::batch::{Batch, Item};
use crate::output::{self, Tally};
use crate::{DiffArgs, Failure, Status, inputs};
use cablekit_pipeline::forms::CableInput;
use cablekit_pipeline::record::{Edit, Outcome, Record};
use similar::{ChangeTag, TextDiff};
use std::io::{IsTerminal, Write};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Characters of `before`/`after` shown in the edits table.
const CELL: usize = 40;

pub fn run(args: &DiffArgs) -> Result<Status, Failure> {
    let batch = Batch {
        form: args.from,
        options: args.normalize.options(args.wrap)?,
        keep_input: true,
        jobs: None,
        progress: false,
    };
    let sources = inputs::expand(args.input.as_slice());
    let color = args.color.enabled(std::io::stdout().is_terminal());
    let mut out = output::stdout();
    let mut tally = Tally::default();
    batch.run(&sources, |item| {
        tally.count(&item);
        let Item {
            input: Some(input),
            outcome: Outcome::Cable(record),
            ..
        } = &item
        else {
            return Ok(());
        };
        if args.edits {
            edits_table(&mut out, input, record)
        } else {
            unified(&mut out, input, record, args.context, color)
        }
    })?;
    out.flush()?;
    Ok(tally.status())
}

fn name(record: &Record) -> String {
    match record.source_record {
        Some(n) => format!("{} (record {n})", record.source),
        None => record.source.clone(),
    }
}

fn unified(
    out: &mut impl Write,
    input: &CableInput,
    record: &Record,
    context: usize,
    color: bool,
) -> std::io::Result<()> {
    let diff = TextDiff::from_lines(input.text.as_str(), record.text.as_str());
    let name = name(record);
    let mut udiff = diff.unified_diff();
    udiff.context_radius(context);
    let mut header = false;
    for hunk in udiff.iter_hunks() {
        if !header {
            header = true;
            let (b, r) = if color { (BOLD, RESET) } else { ("", "") };
            writeln!(out, "{b}--- {name}{r}")?;
            writeln!(out, "{b}+++ {name} (clean){r}")?;
        }
        if color {
            writeln!(out, "{CYAN}{}{RESET}", hunk.header())?;
        } else {
            writeln!(out, "{}", hunk.header())?;
        }
        for change in hunk.iter_changes() {
            let (sign, paint) = match change.tag() {
                ChangeTag::Delete => ('-', RED),
                ChangeTag::Insert => ('+', GREEN),
                ChangeTag::Equal => (' ', ""),
            };
            let value = change.value();
            let line = value.strip_suffix('\n').unwrap_or(value);
            if color && !paint.is_empty() {
                writeln!(out, "{paint}{sign}{line}{RESET}")?;
            } else {
                writeln!(out, "{sign}{line}")?;
            }
            if change.missing_newline() {
                writeln!(out, "\\ No newline at end of file")?;
            }
        }
    }
    Ok(())
}

/// The 1-based line of the input file where byte `offset` of the input
/// text is.
fn line_of(input: &CableInput, offset: usize) -> u64 {
    input.file_line(offset).max(1)
}

/// `s` as a quoted, escaped string of at most [`CELL`] characters.
fn cell(s: &str) -> String {
    let quoted = format!("{s:?}");
    if quoted.chars().count() <= CELL {
        quoted
    } else {
        let cut: String = quoted.chars().take(CELL - 1).collect();
        format!("{cut}…")
    }
}

fn edits_table(out: &mut impl Write, input: &CableInput, record: &Record) -> std::io::Result<()> {
    if record.edits.is_empty() {
        return Ok(());
    }
    let rows: Vec<[String; 4]> = record
        .edits
        .iter()
        .map(|e: &Edit| {
            [
                e.rule.to_string(),
                line_of(input, e.start).to_string(),
                cell(&e.before),
                cell(&e.after),
            ]
        })
        .collect();
    let header = ["RULE", "LINE", "BEFORE", "AFTER"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    if record.source_record.is_some() {
        writeln!(out, "{}", name(record))?;
    }
    let line = |cells: [&str; 4]| -> String {
        let [rule, n, before, after] = cells;
        format!(
            "{rule:<w0$}  {n:>w1$}  {before:<w2$}  {after}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        )
    };
    writeln!(out, "{}", line(header).trim_end())?;
    for row in &rows {
        writeln!(
            out,
            "{}",
            line([&row[0], &row[1], &row[2], &row[3]]).trim_end()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cablekit_pipeline::forms::Form;

    #[test]
    fn edits_table_names_rule_line_before_after() {
        let input = CableInput::new("LINE ONE\nKosovo,s June 12008\n".into(), Form::Text);
        let record = Record {
            edits: vec![Edit {
                rule: "comma-apostrophe".into(),
                start: 15,
                end: 16,
                before: ",".into(),
                after: "'".into(),
            }],
            ..Record::default()
        };
        let mut out = Vec::new();
        edits_table(&mut out, &input, &record).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "RULE              LINE  BEFORE  AFTER\n\
             comma-apostrophe     2  \",\"     \"'\"\n"
        );
    }

    #[test]
    fn long_cells_are_cut_on_char_boundaries() {
        let s = "é".repeat(100);
        let c = cell(&s);
        assert_eq!(c.chars().count(), CELL);
        assert!(c.ends_with('…'));
    }
}
