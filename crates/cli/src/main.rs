//! The `cablekit` binary: see the library crate for the commands.

/// mimalloc: the pipeline allocates many small strings per cable; the
/// system allocator cost about a tenth of the run time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cablekit_cli::run(std::env::args_os())
}
