//! `cargo xtask damage`. Stub.

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("xtask damage is not implemented yet")
}
