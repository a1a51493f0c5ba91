//! `cargo xtask corpus`. Stub.

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("xtask corpus is not implemented yet")
}
