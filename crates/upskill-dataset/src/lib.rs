//! The upskill pipeline as a library: a dataset of files in, an evaluated
//! [`Assessment`] out.
//!
//! Most users want the facade crate `upskill` (its `io` module re-exports
//! this crate); depend on `upskill-dataset` directly only to keep the
//! dependency tree small.
//!
//! This crate owns the path from files to a verdict, the same for every
//! front end (the `upskill` command, the Python package, the browser page):
//!
//! - which files make a dataset ([`DatasetFiles`], [`DatasetPaths`]: the
//!   directory layout of `docs/cli.md`, or explicit [`Source`]s: paths,
//!   standard input, named pipes, bytes in memory);
//! - the loading rules: any error in the reference data (pledge, roster,
//!   leave, holidays, identity map) stops the run, because a learner or a
//!   leave range silently missing would change the verdict; an error in a
//!   session record only rejects that record into the ledger;
//! - telling session inputs apart by content ([`SessionsKind`]: the
//!   project's own records, or xAPI statements);
//! - the bridge from an xAPI import to the engine's ledger, so every
//!   statement has a fate and none is turned into a made-up session;
//! - the default period and `as_of` ([`AsOf`], [`period()`]);
//! - reading a large CSV or JSON Lines file on several cores, with a result
//!   byte-identical to one thread;
//! - one call: [`evaluate`] -> [`Evaluation`] `{ assessment, warnings }`.
//!
//! It does *not* define a rule of judgement (see `upskill-policy` and the
//! domain crates), decode a row (see `upskill-formats`, `upskill-xapi`), nor
//! render a report (see `upskill-report`).
//!
//! # Example
//!
//! ```
//! use upskill_dataset::{DatasetFiles, EvaluateOptions, evaluate, example};
//!
//! let options = EvaluateOptions { as_of: example::as_of(), ..EvaluateOptions::default() };
//! let evaluation = evaluate(&DatasetFiles::example(), &options)?;
//! assert_eq!(evaluation.assessment.period.first_week.to_string(), "2026-W10");
//! assert_eq!(evaluation.assessment.ledger.records_read, 1_698);
//! # Ok::<(), upskill_dataset::DatasetError>(())
//! ```

mod audit;
mod error;
pub mod example;
mod layout;
mod parallel;
mod period;
mod progress;
mod source;
mod xapi;

use upskill_diagnostics::{Diagnostic, Location};
use upskill_formats::{
    ReadOptions, collect_leave, collect_roster, read_holidays, read_leave, read_pledge,
    read_roster, read_sessions,
};
use upskill_pledge::Pledge;
use upskill_policy::{Assessment, Assessor, Options, Period, Rejection};
use upskill_quota::Leave;
use upskill_xapi::IdentityMap;

pub use audit::{LEDGER_COLUMNS, LedgerError, LedgerFormat, write_ledger};
pub use error::DatasetError;
pub use layout::{DatasetFiles, DatasetPaths, names};
pub use period::{AsOf, DEFAULT_WEEKS, PeriodError, period};
pub use progress::Progress;
pub use source::{HEAD_BYTES, Opened, SessionsKind, Source};
pub use xapi::codes;

/// How to evaluate a dataset.
///
/// Build it with `..EvaluateOptions::default()` so that options added later
/// take their defaults.
#[derive(Debug, Clone, Default)]
pub struct EvaluateOptions {
    /// The first week judged, as a label (`2026-W10`); see [`period()`] for
    /// the default.
    pub from: Option<String>,
    /// The last week judged, as a label; see [`period()`] for the default.
    pub to: Option<String>,
    /// When the assessment is made (default: now).
    pub as_of: AsOf,
    /// Unknown fields and columns are warnings rather than errors.
    pub lenient: bool,
    /// Reading threads per CSV or JSON Lines session file; `0`: the cores
    /// available. A file is read on several threads only when it is a
    /// regular file of 128 KiB or more; the report is the same either way.
    pub threads: usize,
    /// The engine's options (team size folded into `other`, listing caps,
    /// the per-learner record limit).
    pub engine: Options,
    /// Told of the bytes of session input read.
    pub progress: Progress,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Evaluation {
    /// The engine's answer: verdict, criteria, detail and ledger.
    pub assessment: Assessment,
    /// Problems that did not stop the run and are not a record's rejection
    /// (a record's rejection is in the ledger): warnings of the readers, in
    /// reading order.
    pub warnings: Vec<Diagnostic>,
    /// The per-record audit ledger, sorted by location: empty unless
    /// `options.engine.audit` is on (see [`write_ledger`]).
    pub audit: Vec<upskill_policy::AuditRow>,
}

/// Problems found while reading, split by whether they stop the run.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub(crate) fatal: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Problems {
    pub(crate) fn add(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            if d.is_error() {
                self.fatal.push(d)
            } else {
                self.warnings.push(d)
            }
        }
    }

    fn unusable(self) -> DatasetError {
        let mut problems = self.fatal;
        problems.extend(self.warnings);
        DatasetError::Unusable { problems }
    }
}

/// The reading threads for `requested` (`0`: the cores available).
pub fn reading_threads(requested: usize) -> usize {
    match requested {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
}

/// Evaluates a dataset: reads the reference data, then every session
/// input into the engine, and finishes the assessment.
///
/// # Errors
///
/// [`DatasetError`] when an input cannot be read, the reference data has
/// errors ([`DatasetError::Unusable`], every problem listed), an xAPI input
/// comes without an identity map, or the period cannot be set up. A bad
/// session record is no error: it is rejected into the ledger.
pub fn evaluate(
    files: &DatasetFiles,
    options: &EvaluateOptions,
) -> Result<Evaluation, DatasetError> {
    let read = ReadOptions::new().with_lenient(options.lenient);
    let mut problems = Problems::default();

    // Reference data first: any error in it stops the run.
    let pledge = load_pledge(&files.pledge, read, &mut problems)?;
    let holidays = match &files.holidays {
        Some(source) => load_holidays(source, read, &mut problems)?,
        None => Vec::new(),
    };
    let (roster, diagnostics) = collect_roster(read_roster(
        &files.roster.name(),
        files.roster.open()?.into_reader(),
        None,
        read,
    ));
    problems.add(diagnostics);
    let leave = match &files.leave {
        Some(source) => {
            let (leave, diagnostics) = collect_leave(read_leave(
                &source.name(),
                source.open()?.into_reader(),
                None,
                read,
            ));
            problems.add(diagnostics);
            leave
        }
        None => Leave::default(),
    };

    // Each session input is opened once: its first bytes tell its kind.
    let mut opened = Vec::with_capacity(files.sessions.len());
    for source in &files.sessions {
        let input = source.open_with_progress(&options.progress)?;
        let kind = SessionsKind::detect(input.head());
        opened.push((source, kind, input));
    }
    let first_xapi = opened
        .iter()
        .find(|(_, kind, _)| *kind == SessionsKind::Xapi)
        .map(|(source, _, _)| source.name());
    let actors = match (&files.actors, first_xapi) {
        (Some(map), Some(_)) => Some(load_actors(map, &mut problems)?),
        (None, Some(path)) => return Err(DatasetError::XapiWithoutActors { path }),
        (_, None) => None,
    };
    let pledge = match (pledge, problems.fatal.is_empty()) {
        (Some(pledge), true) => pledge.with_holidays(holidays),
        _ => return Err(problems.unusable()),
    };

    let calendar = pledge.calendar().clone();
    let as_of = options.as_of.resolve(&calendar)?;
    let (first, last) = period(
        options.from.as_deref(),
        options.to.as_deref(),
        as_of,
        &calendar,
    )?;
    let period = Period::new(first, last)?;
    let mut assessor =
        Assessor::with_options(pledge, roster, leave, period, as_of, options.engine)?;

    let threads = reading_threads(options.threads);
    let mut xapi_inputs = Vec::new();
    for (source, kind, input) in opened {
        match kind {
            SessionsKind::Records => read_records(
                &mut assessor,
                source,
                input,
                read,
                threads,
                options,
                &mut problems,
            )?,
            _ => xapi_inputs.push((source, input)),
        }
    }
    if let Some(actors) = &actors
        && !xapi_inputs.is_empty()
    {
        xapi::read(&mut assessor, xapi_inputs, actors, &mut problems)?;
    }
    if !problems.fatal.is_empty() {
        return Err(problems.unusable());
    }
    let (assessment, mut audit) = assessor.finish_audited();
    audit::settle(&mut audit);
    Ok(Evaluation {
        assessment,
        warnings: problems.warnings,
        audit,
    })
}

fn load_pledge(
    source: &Source,
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Option<Pledge>, DatasetError> {
    match read_pledge(&source.name(), source.open()?.into_reader(), read) {
        Ok(pledge) => Ok(Some(pledge)),
        Err(diagnostics) => {
            problems.add(diagnostics);
            Ok(None)
        }
    }
}

fn load_holidays(
    source: &Source,
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Vec<chrono::NaiveDate>, DatasetError> {
    let mut reader = read_holidays(&source.name(), source.open()?.into_reader(), None, read);
    let mut dates = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(day) => {
                problems.add(day.warnings);
                dates.push(day.value.date);
            }
            Err(rejected) => problems.add(rejected.into_diagnostics()),
        }
    }
    problems.add(reader.take_file_problems());
    Ok(dates)
}

fn load_actors(source: &Source, problems: &mut Problems) -> Result<IdentityMap, DatasetError> {
    let load = IdentityMap::read_csv(source.open()?.into_reader(), &source.name());
    problems.add(load.diagnostics);
    Ok(load.map)
}

/// A record's rejection: its first error, with the codes of the others named.
pub(crate) fn rejection<'a>(
    reason: &Diagnostic,
    others: impl IntoIterator<Item = &'a Diagnostic>,
) -> Rejection {
    let mut message = reason.message.clone();
    let more: Vec<&str> = others
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    if !more.is_empty() {
        message.push_str(&format!(" (and {} more: {})", more.len(), more.join(", ")));
    }
    Rejection {
        location: reason.location.clone(),
        code: reason.code.clone(),
        message,
    }
}

/// Reads one input of session records (CSV, JSON Lines or JSON).
fn read_records(
    assessor: &mut Assessor,
    source: &Source,
    input: Opened,
    read: ReadOptions,
    threads: usize,
    options: &EvaluateOptions,
    problems: &mut Problems,
) -> Result<(), DatasetError> {
    let plan = match source.seekable_path() {
        Some(path) => parallel::plan(path, &source.name(), input.head(), threads)?,
        None => None,
    };
    let input = match plan {
        Some(plan) => {
            if let Some(outcome) = parallel::read(assessor, source, &plan, read, options)? {
                problems.add(outcome);
                return Ok(());
            }
            // The chunks could not be proven to split at record boundaries
            // (or a learner passed the record limit across chunks, which is
            // applied in reading order): the file is read again in one piece.
            source.open_with_progress(&Progress::none())?
        }
        None => input,
    };
    let mut reader = read_sessions(&source.name(), input.into_reader(), None, read);
    for item in reader.by_ref() {
        match item {
            Ok(session) => {
                problems.add(session.warnings);
                assessor.ingest_at(&session.value, Some(&session.location));
            }
            Err(rejected) => {
                let mut all = rejected.diagnostics();
                if let Some(reason) = all.next() {
                    assessor.reject(rejection(reason, all));
                }
            }
        }
    }
    problems.add(reader.take_file_problems());
    Ok(())
}

/// Shifts a location by `by` lines (for chunks read apart from their file).
pub(crate) fn shift(location: &mut Location, by: u64) {
    if let Some(line) = &mut location.line {
        *line += by;
    }
}
