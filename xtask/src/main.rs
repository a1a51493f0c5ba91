//! `cargo xtask <task>`: the project's own tasks.
//!
//! Each task lives in its own module exposing `run(args)`.

mod bench;
mod codegen;
mod corpus;
mod damage;
mod peer;
mod pgo;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match task.as_str() {
        "bench" => bench::run(&rest),
        "codegen" => codegen::run(&rest),
        "corpus" => corpus::run(&rest),
        "damage" => damage::run(&rest),
        "peer" => peer::run(&rest),
        "pgo" => pgo::run(&rest),
        _ => {
            anyhow::bail!("unknown task {task:?}; tasks: bench, codegen, corpus, damage, peer, pgo")
        }
    }
}
