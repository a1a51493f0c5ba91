//! The `cablekit` binary: see the library crate for the commands.

fn main() -> std::process::ExitCode {
    cablekit_cli::run(std::env::args_os())
}
