//! The errors that stop a command (exit status 2).

use upskill::diagnostics::Diagnostic;

/// Why a command could not run. Located problems, when there are any, are
/// printed before the message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A file could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file (`-` for standard output).
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A generated dataset could not be written.
    #[error(transparent)]
    Generate(upskill::generate::GenerateError),
    /// A file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The report to verify could not be read.
    #[error("cannot read `{path}`: {source}")]
    ReadReport {
        /// The report.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The report could not be verified.
    #[error(transparent)]
    Verify(upskill::io::report::verify::VerifyError),
    /// A record could not be written.
    #[error("cannot write `{path}`: {source}")]
    WriteRecord {
        /// The file (`-` for standard output).
        path: String,
        /// Why.
        source: upskill::io::formats::WriteError,
    },
    /// The dataset cannot be used: the problems are listed.
    #[error("{summary}")]
    Unreadable {
        /// One line.
        summary: String,
        /// Every problem, located.
        problems: Vec<Diagnostic>,
    },
    /// An option's value is wrong.
    #[error("{0}")]
    Usage(String),
    /// A mapping file does not read; `reason` may span lines (a TOML
    /// parser's caret diagram), each shown on its own line.
    #[error("the mapping `{name}` cannot be used: {reason}")]
    Mapping {
        /// The mapping file as given.
        name: String,
        /// Why, as the mapping reader says it.
        reason: String,
    },
    /// The dataset could not be evaluated.
    #[error(transparent)]
    Dataset(#[from] upskill::io::DatasetError),
    /// Statements could not be pulled from the LRS.
    #[error(transparent)]
    Lrs(#[from] upskill::lrs::LrsError),
    /// `--strict` and records were rejected (the report was written).
    #[error("{count} record(s) rejected and --strict given")]
    Strict {
        /// How many.
        count: u64,
    },
}

impl CliError {
    /// The located problems behind the error.
    pub fn problems(&self) -> &[Diagnostic] {
        match self {
            CliError::Unreadable { problems, .. } => problems,
            CliError::Dataset(e) => e.problems(),
            _ => &[],
        }
    }

    pub(crate) fn write(path: &str) -> impl FnOnce(std::io::Error) -> CliError + '_ {
        move |source| CliError::Write {
            path: path.to_string(),
            source,
        }
    }
}
