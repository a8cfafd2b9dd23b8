//! The `upskill` command: one command from data to a verdict.
//!
//! This crate owns the command line (`docs/cli.md`): arguments, exit
//! statuses, terminal colour and progress bars. Everything else comes from
//! the facade `upskill`, the only library it depends on: the dataset
//! pipeline and report rendering (`upskill::io`), the validator and schemas
//! (`upskill::validate`), the xAPI import (`upskill::xapi`) and the
//! generator (`upskill::generate`).
//!
//! It holds no rule of its own: embedders should depend on `upskill`, not
//! on this crate. The library target exists so the command can be tested;
//! its API is not stable.
//!
//! Exit status: 0 for `met` / `on_track` (and successful commands), 1 for
//! `not_met` / `at_risk` / `insufficient_data` (and problems found by
//! `validate`), 2 for usage errors and datasets that cannot be read.

mod args;
#[cfg(feature = "arrow")]
mod convert_cmd;
#[cfg(test)]
mod docs_commands;
mod error;
mod evaluate_cmd;
mod generate_cmd;
mod import_cmd;
mod lrs_cmd;
mod manual;
mod map_cmd;
mod output;
mod pledge_problems;
mod progress;
mod schema_cmd;
mod serve_cmd;
pub mod style;
mod validate_cmd;
mod verify_cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use error::CliError;

/// Exit status for good news (`met`, `on_track`) and successful commands.
pub const EXIT_OK: u8 = 0;
/// Exit status for bad news (`not_met`, `at_risk`, `insufficient_data`) and problems found.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status for usage errors and unreadable datasets.
pub const EXIT_UNUSABLE: u8 = 2;

/// Runs the command line and returns its exit status.
pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_UNUSABLE
            } else {
                EXIT_OK
            });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            report_error(&error);
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

fn report_error(error: &CliError) {
    let style = style::for_stderr();
    let mut stderr = std::io::stderr().lock();
    for problem in error.problems() {
        let _ = writeln!(
            stderr,
            "{}",
            style.problem(
                &upskill::diagnostics::printable(&problem.to_string()),
                problem.is_error()
            )
        );
    }
    // Each line made printable on its own, so that a parser's caret
    // diagram stays a diagram (a multi-line message escaped whole printed
    // a literal `\n`); control characters within a line stay escaped.
    let text = error.to_string();
    let mut lines = match error {
        CliError::Mapping { .. } => text.lines().collect::<Vec<_>>(),
        _ => vec![text.as_str()],
    }
    .into_iter();
    let first = upskill::diagnostics::printable(lines.next().unwrap_or_default()).into_owned();
    let _ = writeln!(stderr, "{} {first}", style.error_label());
    for line in lines {
        let _ = writeln!(stderr, "{}", upskill::diagnostics::printable(line));
    }
}

fn run(cli: args::Cli) -> Result<u8, CliError> {
    style::init(cli.color, cli.quiet);
    match cli.command {
        args::Command::Evaluate(a) => evaluate_cmd::run(&a),
        args::Command::Validate(a) => validate_cmd::run(&a),
        args::Command::Schema(a) => schema_cmd::run(&a),
        args::Command::Import(args::ImportCommand::Xapi(a)) => import_cmd::run(&a),
        args::Command::Generate(a) => generate_cmd::run(&a),
        #[cfg(feature = "arrow")]
        args::Command::Convert(a) => convert_cmd::run(&a),
        args::Command::Verify(a) => verify_cmd::run(&a),
        args::Command::Map(c) => map_cmd::run(&c),
        args::Command::Import(args::ImportCommand::Csv(a)) => map_cmd::import(&a),
        args::Command::Serve(a) => serve_cmd::run(&a),
        args::Command::Completions(a) => manual::completions(&a),
        args::Command::Man(a) => manual::man(&a),
    }
}
