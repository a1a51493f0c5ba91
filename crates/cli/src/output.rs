//! What the commands share: the batch they run, error lines on standard
//! error, summary counts.

use crate::batch::{Batch, Item};
use crate::inputs::{self, Source};
use crate::{Failure, InputArgs, NormalizeArgs, Status};
use cablekit_pipeline::record::{ErrorRecord, Outcome};
use std::io::{self, BufWriter, Write};

/// The batch and its sources for the common arguments.
pub fn batch(
    input: &InputArgs,
    normalize: &NormalizeArgs,
    wrap: Option<usize>,
    keep_input: bool,
) -> Result<(Batch, Vec<Source>), Failure> {
    let batch = Batch {
        form: input.from,
        options: normalize.options(wrap)?,
        keep_input,
        jobs: input.jobs.map(usize::from),
        progress: !input.quiet,
    };
    let (sources, skipped) = inputs::expand_with_skipped(&input.inputs);
    if !input.quiet {
        report_skipped(&skipped);
    }
    Ok((batch, sources))
}

/// Say on standard error which files of the walked folders were left out.
pub fn report_skipped(skipped: &[std::path::PathBuf]) {
    if let Some(first) = skipped.first() {
        eprintln!(
            "cablekit: note: left out {} file(s) of the folders whose extension is not a cable form (first: {}); name a file on the command line to read it anyway",
            skipped.len(),
            first.display()
        );
    }
}

/// A buffered standard output. Small writes (table rows, short records)
/// are gathered; a write at least as large as the buffer (a whole cable's
/// record or clean text, tens of kilobytes) goes straight through, which
/// spares the writing thread a copy of most of the output.
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::with_capacity(8 << 10, io::stdout().lock())
}

/// `source:line: record N: message [kind]`, the way an error record is
/// reported on standard error.
pub fn describe(error: &ErrorRecord) -> String {
    let mut place = error.source.clone();
    if let Some(line) = error.error.line {
        place.push_str(&format!(":{line}"));
    }
    if let Some(n) = error.source_record {
        place.push_str(&format!(": record {n}"));
    }
    format!("{place}: {} [{}]", error.error.message, error.error.kind)
}

/// Counts over a batch.
#[derive(Debug, Default)]
pub struct Tally {
    /// Cables read.
    pub cables: u64,
    /// Error records.
    pub errors: u64,
}

impl Tally {
    /// Count an item; error records are reported on standard error.
    pub fn count(&mut self, item: &Item) {
        match &item.outcome {
            Outcome::Cable(_) => self.count_outcome(None),
            Outcome::Error(error) => self.count_outcome(Some(error)),
        }
    }

    /// Count a cable (`None`) or an error record, reported on standard
    /// error.
    pub fn count_outcome(&mut self, error: Option<&ErrorRecord>) {
        match error {
            None => self.cables += 1,
            Some(error) => {
                self.errors += 1;
                eprintln!("cablekit: error: {}", describe(error));
            }
        }
    }

    /// The exit status: failed when any input failed.
    pub fn status(&self) -> Status {
        if self.errors > 0 {
            Status::Failed
        } else {
            Status::Ok
        }
    }

    /// Print `verb N cables, M failed` on standard error unless quiet.
    pub fn summary(&self, verb: &str, quiet: bool) {
        if quiet {
            return;
        }
        let s = if self.cables == 1 { "" } else { "s" };
        if self.errors > 0 {
            eprintln!(
                "cablekit: {verb} {} cable{s}; {} error record{} (inputs or rows without a cable)",
                self.cables,
                self.errors,
                if self.errors == 1 { "" } else { "s" }
            );
        }
    }
}

/// Write `text` and make sure it ends with a newline.
pub fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}
