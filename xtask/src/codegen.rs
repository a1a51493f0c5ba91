//! `cargo xtask codegen [--check]`: generate what is derived from the clap
//! definitions of the `cablekit` command line (crates/cli/src/lib.rs):
//!
//! - `docs/cli.md` (checked in; `--check` fails when it is out of date),
//! - shell completions for bash, zsh, fish, elvish and PowerShell in
//!   `target/assets/completions/`,
//! - man pages (`cablekit.1` and one per subcommand) in `target/assets/man/`.

use anyhow::{Context, bail};
use clap::ValueEnum;
use clap_complete::Shell;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut check = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other => bail!("usage: cargo xtask codegen [--check]; unknown argument {other:?}"),
        }
    }
    let root = root();
    let docs = root.join("docs/cli.md");
    let markdown = cablekit_cli::docs::markdown();
    if check {
        let current = std::fs::read_to_string(&docs).unwrap_or_default();
        if current != markdown {
            bail!(
                "{} is out of date: run `cargo xtask codegen` and commit it",
                docs.display()
            );
        }
        println!("{} is up to date", docs.display());
        return Ok(());
    }
    std::fs::create_dir_all(root.join("docs"))?;
    std::fs::write(&docs, &markdown).with_context(|| format!("writing {}", docs.display()))?;
    println!("wrote {}", docs.display());

    let assets = root.join("target/assets");
    let completions = assets.join("completions");
    std::fs::create_dir_all(&completions)?;
    for shell in Shell::value_variants() {
        let mut cmd = cablekit_cli::command();
        let path = clap_complete::generate_to(*shell, &mut cmd, "cablekit", &completions)
            .with_context(|| format!("writing {shell} completions"))?;
        println!("wrote {}", path.display());
    }
    let man = assets.join("man");
    std::fs::create_dir_all(&man)?;
    clap_mangen::generate_to(cablekit_cli::command(), &man).context("writing man pages")?;
    println!("wrote man pages in {}", man.display());
    Ok(())
}
