//! `upskill completions SHELL` and `upskill man`: shell completions and
//! manual pages generated from the clap definition, so they always match
//! the command (`clap_complete`, `clap_mangen`).

use std::path::PathBuf;

use clap::{Args, CommandFactory};

use crate::EXIT_OK;
use crate::error::CliError;

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write `upskill.1` and one page per subcommand (`upskill-evaluate.1`,
    /// ...) into DIR instead of printing `upskill.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `upskill completions SHELL`: the script on standard output.
pub(crate) fn completions(args: &CompletionsArgs) -> Result<u8, CliError> {
    let mut command = crate::args::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "upskill", &mut script);
    crate::output::stdout(&script)?;
    Ok(EXIT_OK)
}

/// Runs `upskill man`: `upskill.1` on standard output, or every page into `--out`.
pub(crate) fn man(args: &ManArgs) -> Result<u8, CliError> {
    let command = crate::args::Cli::command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(CliError::write("-"))?;
            crate::output::stdout(&page)?;
        }
        Some(dir) => {
            let name = dir.display().to_string();
            std::fs::create_dir_all(dir).map_err(CliError::write(&name))?;
            clap_mangen::generate_to(command, dir).map_err(CliError::write(&name))?;
            if !crate::style::quiet() {
                eprintln!(
                    "wrote the manual pages to `{}`",
                    upskill::diagnostics::printable(&name)
                );
            }
        }
    }
    Ok(EXIT_OK)
}
