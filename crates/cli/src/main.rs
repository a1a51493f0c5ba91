//! The `cablekit` command line. OWNER: CLI helper (E). Minimal stub.

use cablekit_pipeline::{normalize::Options, process_path};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Clean, parse and check US diplomatic telegrams.
#[derive(Parser)]
#[command(name = "cablekit", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the JSON v1 record of each input.
    Parse {
        /// Cable files.
        inputs: Vec<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { inputs } => {
            let options = Options::default();
            for path in &inputs {
                for outcome in process_path(path, None, &options) {
                    println!("{}", serde_json::to_string(&outcome)?);
                }
            }
        }
    }
    Ok(())
}
