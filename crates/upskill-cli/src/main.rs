//! The `upskill` command (see `docs/cli.md`).

fn main() -> std::process::ExitCode {
    upskill_cli::main()
}
