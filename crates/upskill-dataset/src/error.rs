//! Why an evaluation could not run.

use upskill_diagnostics::Diagnostic;

/// Why a dataset could not be evaluated. Records that are merely bad are
/// never errors: they are rejected into the ledger. These stop the run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DatasetError {
    /// A required input is missing.
    #[error("{what} not found: `{path}` does not exist")]
    Missing {
        /// Which input (`the roster`).
        what: &'static str,
        /// The path looked for.
        path: String,
    },
    /// A directory stands where a file is expected.
    #[error("{what}: `{path}` is a directory, not a file")]
    IsDirectory {
        /// Which input.
        what: &'static str,
        /// The path.
        path: String,
    },
    /// The dataset directory is not a directory.
    #[error("`{0}` is not a directory")]
    NotADirectory(String),
    /// No session input was found or given.
    #[error(
        "no sessions found: `{dir}` has neither sessions.csv nor sessions.jsonl (or give --sessions FILE...)"
    )]
    NoSessions {
        /// The dataset directory.
        dir: String,
    },
    /// An input could not be opened or read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The input's name.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The reference data (pledge, roster, leave, holidays, identity map,
    /// People-principle file) or a session file as a whole has errors: a
    /// learner or a leave range silently missing would change the verdict.
    #[error("the dataset cannot be used: {} problem{} found", count_errors(.problems), if count_errors(.problems) == 1 { "" } else { "s" })]
    Unusable {
        /// The problems, errors first, each located (at most
        /// [`PROBLEMS_LISTED`](crate::PROBLEMS_LISTED) of each severity).
        problems: Vec<Diagnostic>,
        /// Problems past the listing cap, counted.
        not_listed: u64,
    },
    /// A session input holds xAPI statements and no identity map was given.
    #[error("`{path}` holds xAPI statements: give the identity mapping with --actors MAP")]
    XapiWithoutActors {
        /// The input.
        path: String,
    },
    /// An xAPI input could not be read as a whole.
    #[error("cannot read xAPI statements from `{path}`: {source}")]
    Xapi {
        /// The input.
        path: String,
        /// Why.
        source: upskill_xapi::ImportError,
    },
    /// A mapping does not fit its file (a column it names is not in the
    /// header), or cannot be used (`lookup` without a directory).
    #[error("`{path}` cannot be read through its mapping: {source}")]
    Mapping {
        /// The input.
        path: String,
        /// Why.
        source: upskill_mapping::MappingError,
    },
    /// Two mappings of one kind were given.
    #[error("two {kind} mappings were given: give one mapping of each kind")]
    TwoMappings {
        /// The kind (`sessions`, `roster`, `leave`).
        kind: &'static str,
    },
    /// An input is a Parquet or Arrow IPC file and this build reads none
    /// (the `arrow` feature of `upskill-dataset`, or of `upskill`, is off).
    #[error(
        "`{path}` is a Parquet or Arrow file: this build of upskill does not read them (build it with the `arrow` feature), or give the data as CSV"
    )]
    NoColumnarSupport {
        /// The input.
        path: String,
    },
    /// `from`, `to` or `as_of` could not be read or do not make a period.
    #[error(transparent)]
    Period(#[from] crate::period::PeriodError),
    /// The engine refused the set-up (period too long, wrong week start).
    #[error(transparent)]
    Assess(#[from] upskill_policy::AssessError),
    /// The People-principle scorecard could not be started from the
    /// assessment (not expected: the pledge's checks rule it out).
    #[error(transparent)]
    Scorecard(#[from] upskill_policy::ScorecardFillError),
}

fn count_errors(problems: &[Diagnostic]) -> usize {
    problems.iter().filter(|d| d.is_error()).count()
}

impl DatasetError {
    /// The located problems behind the error (empty for most variants).
    pub fn problems(&self) -> &[Diagnostic] {
        match self {
            DatasetError::Unusable { problems, .. } => problems,
            _ => &[],
        }
    }
}
