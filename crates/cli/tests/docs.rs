//! `docs/cli.md` is generated from the clap definitions: fail when it is out
//! of date (the same check as `cargo xtask codegen --check`).

use std::path::Path;

#[test]
fn docs_cli_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/cli.md");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = cablekit_cli::docs::markdown();
    assert!(
        current == generated,
        "{} is out of date: run `cargo xtask codegen` and commit it",
        path.display()
    );
}

#[test]
fn docs_name_every_command_and_option() {
    let md = cablekit_cli::docs::markdown();
    let cmd = cablekit_cli::command();
    for sub in cmd.get_subcommands() {
        assert!(
            md.contains(&format!("`cablekit {}`", sub.get_name())),
            "{}",
            sub.get_name()
        );
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(md.contains(&format!("--{long}")), "--{long}");
            }
        }
    }
}
