//! `cargo xtask pgo [--train PATH]…`: a profile-guided release build of
//! `cablekit`, for whoever runs it over a whole archive.
//!
//! Three steps, each in its own target folder under `target/pgo/`:
//! 1. build `cablekit` instrumented (`-Cprofile-generate`);
//! 2. run `cablekit parse --format jsonl --jobs 1` over the training inputs
//!    (by default the repository's `corpus/` and, when present,
//!    `../shared/corpus/real/`: every input form, and none of the Cablegate
//!    pages `cargo xtask bench` builds its archive from, so the bench
//!    measures the build on cables it was not trained on), then merge the
//!    profiles with `llvm-profdata` (rustup's `llvm-tools` component);
//! 3. build `cablekit` (and the `stage_times` example the bench runs) with
//!    `-Cprofile-use`, and check that its output over the training inputs is
//!    byte for byte the instrumented build's.
//!
//! The build is for `--target` the host, so that `RUSTFLAGS` reach only the
//! crates of the binary, not build scripts and procedural macros. The output
//! is the same as the plain release build's: only the layout of the machine
//! code changes.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binaries of a profile-guided build.
pub struct Built {
    /// `cablekit`.
    pub cablekit: PathBuf,
    /// The `stage_times` example of `cablekit-pipeline`.
    pub stage_times: PathBuf,
    /// What the profile was recorded on.
    pub trained_on: Vec<PathBuf>,
}

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut train = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--train" => train.push(PathBuf::from(it.next().context("--train PATH")?)),
            other => bail!("usage: cargo xtask pgo [--train PATH]...; unknown {other:?}"),
        }
    }
    let built = build(&train)?;
    println!("{}", built.cablekit.display());
    Ok(())
}

/// Build `cablekit` with a profile recorded on `train` (the default inputs
/// when empty); see the module documentation.
pub fn build(train: &[PathBuf]) -> anyhow::Result<Built> {
    let root = crate::codegen::root();
    let train = if train.is_empty() {
        default_training(&root)
    } else {
        train.to_vec()
    };
    let (sysroot, host) = toolchain()?;
    let profdata_tool = sysroot.join(format!("lib/rustlib/{host}/bin/llvm-profdata"));
    if !profdata_tool.is_file() {
        bail!(
            "{} is absent: a profile-guided build needs `rustup component add llvm-tools`",
            profdata_tool.display()
        );
    }
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("pgo");
    let raw = dir.join("raw");
    if raw.exists() {
        std::fs::remove_dir_all(&raw).with_context(|| format!("removing {}", raw.display()))?;
    }
    std::fs::create_dir_all(&raw)?;

    eprintln!("pgo: building the instrumented cablekit…");
    let generate = format!("-Cprofile-generate={}", raw.display());
    cargo_build(&root, &dir.join("gen"), &host, &generate, false)?;
    let instrumented = dir.join(format!("gen/{host}/release/cablekit"));

    eprintln!(
        "pgo: recording a profile on {}…",
        train
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let trained = parse(&instrumented, &train)?;
    let profiles: Vec<PathBuf> = std::fs::read_dir(&raw)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "profraw"))
        .collect();
    if profiles.is_empty() {
        bail!("the instrumented run left no profile in {}", raw.display());
    }
    let profdata = dir.join("cablekit.profdata");
    let status = Command::new(&profdata_tool)
        .arg("merge")
        .arg("-o")
        .arg(&profdata)
        .args(&profiles)
        .status()?;
    if !status.success() {
        bail!("llvm-profdata merge failed");
    }

    eprintln!("pgo: building cablekit with the profile…");
    let usage = format!("-Cprofile-use={}", profdata.display());
    cargo_build(&root, &dir.join("use"), &host, &usage, true)?;
    let release = dir.join(format!("use/{host}/release"));
    let cablekit = release.join("cablekit");
    // The profile changes the layout of the machine code, never the output.
    if parse(&cablekit, &train)? != trained {
        bail!("the profile-guided cablekit's output differs from the instrumented one's");
    }
    Ok(Built {
        cablekit,
        stage_times: release.join("examples/stage_times"),
        trained_on: train,
    })
}

/// The repository's `corpus/` and, when present, `../shared/corpus/real/`.
fn default_training(root: &Path) -> Vec<PathBuf> {
    let mut train = vec![root.join("corpus")];
    if let Ok(real) = root.join("../shared/corpus/real").canonicalize() {
        train.push(real);
    }
    train
}

/// The standard output of `cablekit parse --format jsonl --jobs 1` over
/// `inputs`. Exit status 1 only says that some inputs are errors
/// (`corpus/errors/` holds them on purpose).
fn parse(cablekit: &Path, inputs: &[PathBuf]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new(cablekit)
        .args(["parse", "--format", "jsonl", "--quiet", "--jobs", "1"])
        .args(inputs)
        .stderr(Stdio::null())
        .output()
        .with_context(|| format!("running {}", cablekit.display()))?;
    if out.status.code().is_none_or(|c| c > 1) || out.stdout.is_empty() {
        bail!("{} failed: {}", cablekit.display(), out.status);
    }
    Ok(out.stdout)
}

/// The sysroot and host triple of the `rustc` cargo uses.
fn toolchain() -> anyhow::Result<(PathBuf, String)> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .with_context(|| format!("running {rustc}"))?;
    let version = Command::new(&rustc).arg("-vV").output()?;
    let host = String::from_utf8_lossy(&version.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .context("rustc -vV printed no host")?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    Ok((sysroot, host))
}

/// `cargo build --release --target HOST` of `cablekit` (and, with
/// `stage_times`, the example) into `target_dir`, with `rustflags`.
fn cargo_build(
    root: &Path,
    target_dir: &Path,
    host: &str,
    rustflags: &str,
    stage_times: bool,
) -> anyhow::Result<()> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["build", "--release", "--quiet", "--target", host])
        .args(["-p", "cablekit-cli", "--bin", "cablekit"])
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("RUSTFLAGS", rustflags)
        .current_dir(root);
    if stage_times {
        cmd.args(["-p", "cablekit-pipeline", "--example", "stage_times"]);
    }
    if !cmd.status()?.success() {
        bail!("cargo build with {rustflags} failed");
    }
    Ok(())
}
