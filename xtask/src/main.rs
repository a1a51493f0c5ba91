//! `cargo xtask <task>`: the project's own tasks. OWNER: CLI helper (E).

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    anyhow::bail!("unknown task {task:?}")
}
