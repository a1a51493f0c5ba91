//! `cablekit parse`: JSON v1 records as pretty JSON, JSON Lines or a flat CSV
//! table.

use crate::output::{self, Tally};
use crate::{Failure, Format, ParseArgs, Status, inputs};
use cablekit_pipeline::record::{Addressee, FieldSet, Outcome, Record, Selected, Severity, json};
use std::io::Write;

pub fn run(args: &ParseArgs) -> Result<Status, Failure> {
    let format = args
        .format
        .unwrap_or(if inputs::is_single(&args.input.inputs) {
            Format::Json
        } else {
            Format::Jsonl
        });
    if args.fields.is_some() && format == Format::Csv {
        return Err(Failure::Usage(
            "--fields chooses fields of the JSON record; the CSV table has fixed columns \
             (use --format json or jsonl)"
                .into(),
        ));
    }
    let fields = args.fields.unwrap_or(FieldSet::ALL);
    let (batch, sources) = output::batch(&args.input, &args.normalize, None, false)?;
    let mut out = output::stdout();
    let mut tally = Tally::default();
    match format {
        Format::Json | Format::Jsonl => {
            let pretty = format == Format::Json;
            batch.run_with(
                &sources,
                |item| {
                    let error = match &item.outcome {
                        Outcome::Error(e) => Some(e.clone()),
                        Outcome::Cable(_) => None,
                    };
                    (error, render_json(&item.outcome, fields, pretty))
                },
                |(error, bytes)| {
                    tally.count_outcome(error.as_ref());
                    out.write_all(&bytes)
                },
            )?;
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(COLUMNS).map_err(csv_error)?;
            batch.run_with(
                &sources,
                |item| {
                    let error = match &item.outcome {
                        Outcome::Error(e) => Some(e.clone()),
                        Outcome::Cable(_) => None,
                    };
                    (error, row(&item.outcome))
                },
                |(error, row)| {
                    tally.count_outcome(error.as_ref());
                    writer.write_record(row).map_err(csv_error)
                },
            )?;
            writer.flush()?;
        }
    }
    out.flush()?;
    tally.summary("parsed", args.input.quiet);
    Ok(tally.status())
}

/// One record as JSON and a newline.
fn render_json(outcome: &Outcome, fields: FieldSet, pretty: bool) -> Vec<u8> {
    // room for the whole record at once: the text, the paragraphs (about
    // as long again), each edit (its keys and numbers, its rule, its texts
    // escaped: a line end takes two bytes) and an eighth of the text more
    // for the summary, header and diagnostics (without it, one record in
    // eight of the JSON exports grew at its last edits); growing by
    // doubling copied the record's bytes twice over
    let mut bytes = Vec::with_capacity(match outcome {
        Outcome::Cable(r) if fields == FieldSet::ALL => {
            let edits: usize = r
                .edits
                .iter()
                .map(|e| 64 + e.rule.len() + 2 * (e.before.len() + e.after.len()))
                .sum();
            2 * r.text.len() + r.text.len() / 8 + edits + 4096
        }
        _ => 4096,
    });
    let written = match outcome {
        // compact: the record crate's writer (serde_json's bytes, faster)
        _ if !pretty => json::write_outcome(&mut bytes, outcome, fields),
        Outcome::Cable(record) if fields != FieldSet::ALL => {
            serde_json::to_writer_pretty(&mut bytes, &Selected { record, fields })
        }
        _ => serde_json::to_writer_pretty(&mut bytes, outcome),
    };
    if let Err(e) = written {
        // Not expected for these plain types; never lose the record silently.
        bytes.clear();
        let _ = serde_json::to_writer(
            &mut bytes,
            &serde_json::json!({"error": {"kind": "internal", "message": e.to_string()}}),
        );
    }
    bytes.push(b'\n');
    bytes
}

fn csv_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// The CSV table's columns.
pub const COLUMNS: [&str; 32] = [
    "source",
    "source_record",
    "form",
    "error_kind",
    "error_message",
    "error_line",
    "id",
    "classification",
    "markings",
    "section",
    "sections",
    "mrn",
    "precedence",
    "dtg",
    "dtg_text",
    "from",
    "to",
    "info",
    "caveats",
    "tags",
    "subject",
    "references",
    "summary",
    "signature",
    "partial",
    "paragraphs",
    "edits",
    "errors",
    "warnings",
    "metadata_reference_id",
    "metadata_created",
    "metadata_classification",
];

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join("|")
}

fn addressees(list: &[Addressee]) -> String {
    join(list.iter().map(|a| a.name.as_str()))
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One row of the CSV table.
fn row(outcome: &Outcome) -> Vec<String> {
    let mut row = vec![String::new(); COLUMNS.len()];
    match outcome {
        Outcome::Error(e) => {
            row[0] = e.source.clone();
            row[1] = opt(e.source_record);
            row[3] = e.error.kind.clone();
            row[4] = e.error.message.clone();
            row[5] = opt(e.error.line);
        }
        Outcome::Cable(r) => cable_row(r, &mut row),
    }
    row
}

fn cable_row(r: &Record, row: &mut [String]) {
    let count = |severity: Severity| {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
            .to_string()
    };
    let meta = r.source_metadata.as_ref();
    let values = [
        r.source.clone(),
        opt(r.source_record),
        r.form.clone(),
        String::new(),
        String::new(),
        String::new(),
        opt(r.id.as_ref()),
        opt(r.classification.level.as_ref()),
        join(r.classification.markings.iter().map(String::as_str)),
        opt(r.classification.section),
        opt(r.classification.of),
        opt(r.mrn.as_ref()),
        opt(r.header.precedence.as_ref()),
        opt(r.header.dtg.map(|d| d.to_rfc3339())),
        opt(r.header.dtg_text.as_ref()),
        opt(r.header.from.as_ref()),
        addressees(&r.header.to),
        addressees(&r.header.info),
        join(r.caveats.iter().map(String::as_str)),
        join(r.tags.iter().map(String::as_str)),
        opt(r.subject.as_ref()),
        join(
            r.references
                .iter()
                .map(|x| x.id.as_deref().unwrap_or(&x.text)),
        ),
        opt(r.summary.as_ref()),
        opt(r.signature.as_ref()),
        r.partial.to_string(),
        r.paragraphs.len().to_string(),
        r.edits.len().to_string(),
        count(Severity::Error),
        count(Severity::Warning),
        opt(meta.and_then(|m| m.reference_id.as_ref())),
        opt(meta.and_then(|m| m.created.as_ref())),
        opt(meta.and_then(|m| m.classification.as_ref())),
    ];
    for (cell, value) in row.iter_mut().zip(values) {
        *cell = value;
    }
}
