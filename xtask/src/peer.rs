//! `cargo xtask peer`. Stub.

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("xtask peer is not implemented yet")
}
