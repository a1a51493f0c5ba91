//! `cargo xtask bench`. Stub.

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("xtask bench is not implemented yet")
}
