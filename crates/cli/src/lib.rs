//! The `cablekit` command line, as a library so that `cargo xtask codegen`
//! can generate the shell completions, the man page and `docs/cli.md` from
//! the same clap definitions, and `cargo xtask corpus` can walk folders the
//! way the CLI does.
//!
//! Entry point: [`run`]. The clap command: [`command`].

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod batch;
mod check;
mod clean;
mod diff;
pub mod docs;
pub mod inputs;
mod output;
mod parse;
pub mod rules;

pub use cablekit_pipeline as pipeline;

const EXAMPLES: &str = "\
Examples:
  cablekit clean 08PRISTINA128.txt            clean text of one cable on stdout
  cablekit clean --out-dir clean/ pages/       one clean .txt per cable of a folder
  cablekit parse --format jsonl cables.csv     one JSON record per CSV row
  cablekit parse --format csv pages/ > t.csv   a flat table for spreadsheets and pandas
  cablekit check pages/                        diagnostics, like a compiler
  cablekit diff 08PRISTINA128.txt              what clean changed
  cat cable.txt | cablekit parse               standard input

Exit status: 0 all inputs read and processed, 1 some inputs failed (or, for
`check`, some diagnostic is an error), 2 bad usage.";

/// Clean, parse and check US diplomatic telegrams ("cables").
///
/// cablekit reads cables as people have them (plain text, WikiLeaks Cablegate
/// pages, `cables.csv`, JSON exports, PDF text, PlusD pages), repairs what
/// scraping did to them, and reads their routing metadata into a JSON v1
/// record. Every input yields a record or an error record: nothing is lost.
#[derive(Debug, Parser)]
#[command(name = "cablekit", version, max_term_width = 100, after_long_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the clean text of each cable.
    ///
    /// One cable goes to standard output. Several inputs need `--out-dir`:
    /// one file per cable, named by its cable id (`08PRISTINA128.txt`; a
    /// second cable with the same id becomes `08PRISTINA128-2.txt`; a cable
    /// without an id is named after its file and record number,
    /// `cables-17.txt`). Without `--out-dir`, the cables of one
    /// multi-record input (a `cables.csv`) are separated by a form-feed line.
    ///
    /// Example: `cablekit clean --wrap 72 08PRISTINA128.txt`
    Clean(CleanArgs),
    /// Print the JSON v1 record of each cable (see docs/schema.md).
    ///
    /// Every cable yields a record and every input (or `cables.csv` row)
    /// that yields no cable an error record
    /// `{"schema","source","source_record","error":{"kind","message","line"}}`,
    /// in input order.
    ///
    /// Example: `cablekit parse --format jsonl cables.csv > records.jsonl`
    Parse(ParseArgs),
    /// Report what looks wrong in each cable, like a compiler: file:line:col,
    /// the source line and a caret under the span, then summary counts.
    ///
    /// Exits with 1 when any diagnostic is an error or any input could not be
    /// read.
    ///
    /// Example: `cablekit check pages/`
    Check(CheckArgs),
    /// Show what `clean` changed: a unified diff of the input text against
    /// the clean text, or with `--edits` a table of every edit.
    ///
    /// Example: `cablekit diff --edits 08PRISTINA128.txt`
    Diff(DiffArgs),
    /// List every normalizer rule with its description and an example.
    ///
    /// Rule ids are what `--rules` and `--skip-rule` take.
    ///
    /// Example: `cablekit rules`
    Rules,
}

/// Where the cables come from, and how the batch runs.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files, folders or `-` for standard input (the default when none).
    /// Gzip-compressed inputs are decompressed.
    ///
    /// Folders are walked recursively in sorted order; inside folders only
    /// files with a cable-like extension (txt, text, html, htm, csv, json,
    /// jsonl, ndjson, pdf, gz) or none are read, and hidden entries are skipped.
    /// Files named on the command line are always read.
    ///
    /// Example: `cablekit parse cables.csv pages/ -`
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Read every input as FORM instead of detecting the form from its
    /// content.
    ///
    /// Example: `--from pdf-text`
    #[arg(long = "from", value_name = "FORM", value_parser = form_parser())]
    pub from: Option<pipeline::forms::Form>,

    /// Number of worker threads (default: one per core). Output is the same
    /// whatever the number. A multi-cable file (a `cables.csv`, a JSON
    /// export, a one-body-per-line dump) is streamed on at most 12 of them
    /// (one thread finds its cables for all, which keeps about ten busy);
    /// each thread at work holds about 10 MB.
    ///
    /// Example: `--jobs 1`
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// No progress bar and no summary on standard error; errors are still
    /// reported.
    ///
    /// Example: `cablekit parse -q pages/`
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The normalizer's options.
#[derive(Debug, Clone, Default, Args)]
pub struct NormalizeArgs {
    /// Run only these normalizer rules: comma-separated rule ids (see
    /// `cablekit rules`).
    ///
    /// Example: `--rules comma-apostrophe,year-prefix`
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub rules: Option<Vec<String>>,

    /// Do not run the normalizer rule ID; repeatable.
    ///
    /// Example: `--skip-rule comma-apostrophe --skip-rule year-prefix`
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rule: Vec<String>,
}

/// `cablekit clean`.
#[derive(Debug, Clone, Args)]
pub struct CleanArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Normalizer options.
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    /// Wrap the clean text at N columns (default: one line per paragraph).
    /// Only for reading: `parse` and `check` always read the unwrapped text.
    ///
    /// Example: `--wrap 72`
    #[arg(long, value_name = "N")]
    pub wrap: Option<usize>,
    /// Write one file per cable into DIR (created if missing) instead of
    /// standard output. Required with several inputs.
    ///
    /// Example: `--out-dir clean/`
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// `cablekit parse`.
#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Normalizer options.
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    /// Output format. Default: `json` for one input file (or standard
    /// input), `jsonl` for several inputs or a folder.
    ///
    /// `json` pretty-prints each record (several records follow each other,
    /// as `jq` reads them); `jsonl` writes one record per line; `csv` writes a
    /// flat table, one row per cable, lists joined with `|`, without the
    /// clean text.
    ///
    /// Example: `--format csv`
    #[arg(long, short = 'f', value_name = "FORMAT", value_enum)]
    pub format: Option<Format>,
    /// Write only these top-level fields of each record (`json` and `jsonl`),
    /// comma-separated, in the record's own order; `schema` is always
    /// written, and error records are written whole. Leaving out `text`,
    /// `paragraphs` and `edits` makes the output of a `cables.csv` about a
    /// ninth of its full size, and the run faster. The names are those of
    /// docs/schema.md.
    ///
    /// Example: `--fields id,date,classification,tags,subject`
    #[arg(long, value_name = "LIST", value_parser = cablekit_pipeline::record::FieldSet::parse)]
    pub fields: Option<cablekit_pipeline::record::FieldSet>,
}

/// `cablekit check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Normalizer options.
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    /// Colour the report: `auto` (when standard output is a terminal),
    /// `always` or `never`.
    ///
    /// Example: `--color always | less -R`
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Also show notes (by default only errors and warnings are shown; notes
    /// are always counted).
    ///
    /// Example: `cablekit check --notes cable.txt`
    #[arg(long)]
    pub notes: bool,
}

/// `cablekit diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The cable file (`-` or nothing: standard input); a folder or a
    /// multi-record file shows every cable in turn.
    ///
    /// Example: `cablekit diff 08PRISTINA128.txt`
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,
    /// Read the input as FORM instead of detecting the form from its content.
    ///
    /// Example: `--from csv`
    #[arg(long = "from", value_name = "FORM", value_parser = form_parser())]
    pub from: Option<pipeline::forms::Form>,
    /// Normalizer options.
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    /// Wrap the clean text at N columns (default: one line per paragraph).
    /// Only for reading: `parse` and `check` always read the unwrapped text.
    ///
    /// Example: `--wrap 72`
    #[arg(long, value_name = "N")]
    pub wrap: Option<usize>,
    /// Print a table of the edits (rule, line, before, after) instead of a
    /// diff.
    ///
    /// Example: `cablekit diff --edits cable.txt`
    #[arg(long)]
    pub edits: bool,
    /// Lines of context around each change in the diff.
    ///
    /// Example: `--context 1`
    #[arg(long, short = 'U', value_name = "N", default_value_t = 3)]
    pub context: usize,
    /// Colour the diff: `auto` (when standard output is a terminal),
    /// `always` or `never`.
    ///
    /// Example: `--color always | less -R`
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Output format of `cablekit parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Pretty-printed JSON records.
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// A flat CSV table: one row per cable, lists joined with `|`.
    Csv,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether the output is a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none(),
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        }
    }
}

/// The `--from` values: every input form the forms crate knows, with its
/// description.
pub fn form_parser() -> impl clap::builder::TypedValueParser<Value = pipeline::forms::Form> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    use pipeline::forms::Form;
    PossibleValuesParser::new(
        Form::ALL
            .iter()
            .map(|f| PossibleValue::new(f.name()).help(f.description())),
    )
    .map(|name| Form::from_name(&name).unwrap_or(Form::Text))
}

/// The clap command of `cablekit` (for completions, man page and docs).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Run `cablekit` with these arguments (the first is the program name) and
/// return its exit status: 0 all good, 1 some inputs failed, 2 bad usage.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let name = match &cli.command {
        Command::Clean(_) => "clean",
        Command::Parse(_) => "parse",
        Command::Check(_) => "check",
        Command::Diff(_) => "diff",
        Command::Rules => "rules",
    };
    let status = match cli.command {
        Command::Clean(args) => clean::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Rules => rules::run(),
    };
    match status {
        Ok(status) => status.code(),
        Err(Failure::Usage(message)) => {
            let mut cmd = command();
            cmd.build();
            let mut sub = cmd.find_subcommand(name).cloned().unwrap_or(cmd);
            let _ = sub
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .print();
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("cablekit: error: {e}");
            ExitCode::from(1)
        }
    }
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything was read and processed.
    Ok,
    /// Some inputs failed (or `check` found errors).
    Failed,
}

impl Status {
    fn code(self) -> ExitCode {
        match self {
            Status::Ok => ExitCode::SUCCESS,
            Status::Failed => ExitCode::from(1),
        }
    }
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage: exit 2 with this message.
    Usage(String),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

impl NormalizeArgs {
    /// The normalizer options these arguments ask for, wrapping at `wrap`
    /// columns; unknown rule ids are a usage error.
    pub fn options(&self, wrap: Option<usize>) -> Result<pipeline::normalize::Options, Failure> {
        let known = rules::ids();
        let check = |id: &String| -> Result<(), Failure> {
            if known.is_empty() || known.iter().any(|k| k == id) {
                Ok(())
            } else {
                Err(Failure::Usage(format!(
                    "unknown rule `{id}`; `cablekit rules` lists them: {}",
                    known.join(", ")
                )))
            }
        };
        let mut disabled = Vec::new();
        for id in &self.skip_rule {
            check(id)?;
            disabled.push(id.clone());
        }
        if let Some(only) = &self.rules {
            for id in only {
                check(id)?;
            }
            for id in &known {
                if !only.contains(id) && !disabled.contains(id) {
                    disabled.push(id.clone());
                }
            }
        }
        // `..Default::default()` keeps this compiling when options are added.
        #[allow(clippy::needless_update)]
        Ok(pipeline::normalize::Options {
            disabled,
            wrap,
            ..Default::default()
        })
    }
}
