//! `cargo xtask codegen`. Stub.

/// Run the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("xtask codegen is not implemented yet")
}
