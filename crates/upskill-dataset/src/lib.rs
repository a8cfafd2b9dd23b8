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
//! // No period given: it is the weeks the records cover, less a sparse
//! // lead-in week (W09 holds 7 records), and says so.
//! assert_eq!(evaluation.assessment.period.first_week.to_string(), "2026-W10");
//! assert!(evaluation.period_basis.describe().contains("chosen from the data"));
//! assert_eq!(evaluation.assessment.ledger.records_read, 1_698);
//! # Ok::<(), upskill_dataset::DatasetError>(())
//! ```

mod audit;
mod columnar;
mod error;
pub mod example;
mod input;
mod layout;
mod mapped;
mod parallel;
mod partial;
mod period;
mod progress;
mod source;
pub mod trust;
mod xapi;

use upskill_diagnostics::{Diagnostic, Location};
use upskill_formats::{
    ReadOptions, SessionItem, check_people_organisation, collect_leave, collect_roster,
    read_holidays, read_leave, read_people, read_pledge, read_roster, read_sessions,
};
use upskill_people::PeopleDocument;
use upskill_pledge::Pledge;
use upskill_policy::{Assessment, Assessor, Options, Period, Rejection};
use upskill_quota::Leave;
use upskill_xapi::IdentityMap;

pub use audit::{LEDGER_COLUMNS, LedgerError, LedgerFormat, write_ledger};
pub use columnar::columnar_format;
pub use error::DatasetError;
pub use layout::{DatasetFiles, DatasetPaths, names};
pub use mapped::{LocalTimeZone, Mappings};
pub use partial::PartialEvaluation;
pub use period::{AsOf, DEFAULT_WEEKS, PeriodError, period};
pub use progress::Progress;
pub use source::{HEAD_BYTES, Opened, SessionsKind, Source};
pub use trust::{DataWarning, InputDigest, PeriodBasis};
pub use xapi::codes;

use input::Input;
use trust::DataSpan;

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
    /// The zone of session date-times written without a UTC offset
    /// (`None`: such a date-time is a rejected record, `S006`). A mapping's
    /// own `time_zone` gives way to it.
    pub local_time_zone: Option<LocalTimeZone>,
    /// The delimiter of the CSV session inputs (`None`: detected, each
    /// guess one of the report's warnings). The reference data (roster,
    /// leave, holidays) is always read in its detected dialect, or its
    /// mapping's `csv` section: a UTF-16 export beside a UTF-8 roster is
    /// the common case.
    pub delimiter: Option<u8>,
    /// The text encoding of the CSV session inputs (`None`: detected).
    pub encoding: Option<upskill_formats::TextEncoding>,
    /// Whether `,` is the decimal mark in the CSV session inputs (`None`:
    /// exactly when the delimiter is `;`).
    pub decimal_comma: Option<bool>,
    /// Import mappings for foreign inputs (none: every input is in the
    /// canonical format).
    pub mappings: Mappings,
    /// The smallest session file read on several threads, in bytes
    /// (`None`: 128 KiB, [`upskill_formats::split::DEFAULT_MIN_SPLIT_BYTES`]);
    /// smaller for tests of the chunked reading on small files. The report
    /// is the same either way.
    pub min_split_bytes: Option<u64>,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Evaluation {
    /// The engine's answer: verdict, criteria, detail and ledger.
    pub assessment: Assessment,
    /// Problems that did not stop the run and are not a record's rejection
    /// (a record's rejection is in the ledger): warnings of the readers, in
    /// reading order; at most [`PROBLEMS_LISTED`].
    pub warnings: Vec<Diagnostic>,
    /// Reader warnings past [`PROBLEMS_LISTED`], counted.
    pub warnings_not_listed: u64,
    /// What in the data could make the verdict mislead (see [`trust::codes`]).
    pub data_warnings: Vec<DataWarning>,
    /// How the period was chosen.
    pub period_basis: PeriodBasis,
    /// The SHA-256 of every input, in reading order.
    pub inputs: Vec<InputDigest>,
    /// The options the evaluation ran with, as a rerun needs them.
    pub run: RunOptions,
    /// The per-record audit ledger, sorted by location: empty unless
    /// `options.engine.audit` is on (see [`write_ledger`]).
    pub audit: Vec<upskill_policy::AuditRow>,
}

impl Evaluation {
    /// The DMA Code People-principle scorecard, when the dataset had a
    /// People-principle file ([`DatasetFiles::people`]); the same as
    /// `assessment.people`, which every report format renders.
    pub fn scorecard(&self) -> Option<&upskill_people::Scorecard> {
        self.assessment.people.as_ref()
    }
}

/// The options an evaluation ran with, written into the report so that
/// `upskill verify` can run it again and compare the bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RunOptions {
    /// The tool that made the report (`upskill`).
    pub tool: String,
    /// Its version.
    pub version: String,
    /// `from` as given, if it was.
    pub from: Option<String>,
    /// `to` as given, if it was.
    pub to: Option<String>,
    /// The instant judged at (RFC 3339, UTC), as resolved.
    pub as_of: String,
    /// Lenient reading.
    pub lenient: bool,
    /// The zone of naive session date-times (`pledge` or an IANA name), if
    /// one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_time_zone: Option<String>,
    /// The CSV delimiter given (`,` `;` `tab` `|`), if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The CSV encoding given, if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The decimal-comma setting given, if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_comma: Option<bool>,
    /// The import mappings used (sessions, roster, leave), each as its
    /// document (`schemas/mapping.schema.json`), constants included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<serde_json::Value>,
    /// The per-learner detail the report holds (`--detail`): absent for
    /// `learners`, the default; `teams` or `none` when the report was made
    /// to share. A rerun needs it to give the same report.
    #[serde(default, skip_serializing_if = "upskill_policy::Detail::is_learners")]
    pub detail: upskill_policy::Detail,
}

impl RunOptions {
    /// The run options of an evaluation with `options`, judged at `as_of`.
    pub(crate) fn of(
        options: &EvaluateOptions,
        as_of: chrono::DateTime<chrono::Utc>,
    ) -> RunOptions {
        RunOptions {
            tool: "upskill".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            from: options.from.clone(),
            to: options.to.clone(),
            as_of: as_of.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            lenient: options.lenient,
            local_time_zone: options.local_time_zone.map(|z| z.to_string()),
            delimiter: options.delimiter.map(delimiter_text),
            encoding: options.encoding.map(|e| e.name().to_string()),
            decimal_comma: options.decimal_comma,
            mappings: options
                .mappings
                .all()
                .filter_map(|m| serde_json::to_value(m).ok())
                .collect(),
            detail: options.engine.detail,
        }
    }

    /// The dialect, zone, mapping and detail options of this run, as
    /// [`EvaluateOptions`] take them (for a rerun).
    ///
    /// # Errors
    ///
    /// A message naming the option that cannot be read back.
    pub fn reading(&self, options: &mut EvaluateOptions) -> Result<(), String> {
        options.local_time_zone = self
            .local_time_zone
            .as_deref()
            .map(str::parse)
            .transpose()?;
        options.delimiter = self
            .delimiter
            .as_deref()
            .map(|d| upskill_mapping::delimiter_byte(d).map_err(|e| e.to_string()))
            .transpose()?;
        options.encoding = self
            .encoding
            .as_deref()
            .map(|e| {
                upskill_formats::TextEncoding::from_label(e)
                    .ok_or_else(|| format!("`{e}` is not an encoding"))
            })
            .transpose()?;
        options.decimal_comma = self.decimal_comma;
        options.engine.detail = self.detail;
        let mut mappings = Mappings::default();
        for value in &self.mappings {
            let mapping = upskill_mapping::Mapping::from_json_str(&value.to_string())
                .map_err(|e| e.to_string())?;
            mappings.add(mapping).map_err(|e| e.to_string())?;
        }
        options.mappings = mappings;
        Ok(())
    }
}

/// Most problems of each severity kept in memory (the first in reading
/// order); the rest are counted. It bounds the memory a file with a
/// problem on every line can take, in lenient mode too.
pub const PROBLEMS_LISTED: usize = 1_000;

/// Problems found while reading, split by whether they stop the run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Problems {
    pub(crate) fatal: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) fatal_not_listed: u64,
    pub(crate) warnings_not_listed: u64,
    /// The CSV dialect guesses (`F016`-`F018`) and mappings not applied
    /// (`I006`), every one, for the report.
    pub(crate) guesses: Vec<Diagnostic>,
}

/// The codes the report states as warnings besides stderr: how an input
/// was read (a CSV dialect guess, a mapping not applied) changes every
/// figure, so a shared report must say it.
const GUESS_CODES: [&str; 4] = [
    upskill_formats::codes::GUESSED_ENCODING.code,
    upskill_formats::codes::GUESSED_DELIMITER.code,
    upskill_formats::codes::GUESSED_DECIMAL_COMMA.code,
    upskill_diagnostics::codes::mapping::NOT_APPLIED_TO_COLUMNAR.code,
];

/// A dialect guess as one of the report's warnings: its own code, the
/// file and line in the message.
fn guess_warning(guess: &Diagnostic) -> DataWarning {
    DataWarning {
        code: guess.code.clone(),
        message: format!("{}: {}", guess.location, guess.message),
        counts: std::collections::BTreeMap::new(),
        fix: if guess.code == upskill_diagnostics::codes::mapping::NOT_APPLIED_TO_COLUMNAR.code {
            "give the export as CSV with the mapping, or the Parquet file in the canonical columns (`upskill import csv EXPORT --mapping FILE --out sessions.csv`, then `upskill convert sessions.csv sessions.parquet`)".to_string()
        } else {
            "if the guess is wrong, give the dialect: `--encoding`, `--delimiter`, `--decimal-comma` (or `csv` in a mapping); saving the file as comma-separated UTF-8 needs none".to_string()
        },
    }
}

impl Problems {
    pub(crate) fn add(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            if GUESS_CODES.contains(&d.code.as_str()) {
                self.guesses.push(d.clone());
            }
            let (list, not_listed) = if d.is_error() {
                (&mut self.fatal, &mut self.fatal_not_listed)
            } else {
                (&mut self.warnings, &mut self.warnings_not_listed)
            };
            if list.len() < PROBLEMS_LISTED {
                list.push(d);
            } else {
                *not_listed += 1;
            }
        }
    }

    fn unusable(self) -> DatasetError {
        let mut problems = self.fatal;
        problems.extend(self.warnings);
        DatasetError::Unusable {
            problems,
            not_listed: self.fatal_not_listed + self.warnings_not_listed,
        }
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
/// Without `from` and `to`, the period is chosen from the data (see
/// [`PeriodBasis`]); a first pass over the session inputs finds the weeks
/// their records cover. A stream input (standard input, a pipe) is copied
/// once to a temporary file so it can be read more than once.
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
    let mut inputs = Vec::new();
    for (role, source) in files.all() {
        inputs.push(Input::new(role, source)?);
    }
    // The inputs' SHA-256 on another core while they are read and assessed,
    // with one thread (`options.threads == 1`) or where no thread can be
    // started (WebAssembly in a browser) after them, on this one.
    let hash_all = || inputs.iter().map(Input::digest).collect::<Vec<_>>();
    let (evaluation, digests) = if options.threads == 1 {
        (assess(files, options, &inputs), Ok(hash_all()))
    } else {
        std::thread::scope(|scope| {
            match std::thread::Builder::new().spawn_scoped(scope, hash_all) {
                Ok(hashing) => {
                    let evaluation = assess(files, options, &inputs);
                    (evaluation, hashing.join())
                }
                Err(_) => (assess(files, options, &inputs), Ok(hash_all())),
            }
        })
    };
    let mut evaluation = evaluation?;
    let digests = digests.map_err(|_| DatasetError::Read {
        path: files.sessions.first().map(Source::name).unwrap_or_default(),
        source: std::io::Error::other("the thread hashing the inputs stopped"),
    })?;
    evaluation.inputs = digests.into_iter().collect::<Result<_, _>>()?;
    Ok(evaluation)
}

/// [`evaluate`] but for the inputs' digests (left empty).
fn assess(
    files: &DatasetFiles,
    options: &EvaluateOptions,
    inputs: &[Input],
) -> Result<Evaluation, DatasetError> {
    // Reference data is read in its detected dialect; the dialect given
    // is that of the session inputs (the exports), below.
    let read = ReadOptions::new().with_lenient(options.lenient);
    let mut problems = Problems::default();
    let none = Progress::none();
    let input = |role: &str| inputs.iter().find(|i| i.role == role);
    let sessions: Vec<&Input> = inputs.iter().filter(|i| i.role == "sessions").collect();

    // Reference data first: any error in it stops the run.
    let pledge_input = input("pledge").ok_or_else(|| DatasetError::Missing {
        what: "the pledge file",
        path: files.pledge.name(),
    })?;
    let pledge = match read_pledge(
        &pledge_input.name,
        pledge_input.open(&none)?.into_reader(),
        read,
    ) {
        Ok(pledge) => Some(pledge),
        Err(diagnostics) => {
            problems.add(diagnostics);
            None
        }
    };
    let people = match input("people") {
        Some(i) => load_people(i, pledge.as_ref(), read, &mut problems)?,
        None => None,
    };
    let holidays = match input("holidays") {
        Some(i) => load_holidays(i, read, &mut problems)?,
        None => Vec::new(),
    };
    // Naive local times: read in the zone given (`pledge`: the pledge's).
    let pledge_zone = pledge
        .as_ref()
        .map_or(chrono_tz::UTC, |p| p.calendar().zone());
    let session_read = read
        .with_delimiter(options.delimiter)
        .with_encoding(options.encoding)
        .with_decimal_comma(options.decimal_comma)
        .with_local_time_zone(options.local_time_zone.map(|z| z.resolve(pledge_zone)));
    let context = options.mappings.context(pledge_zone);
    let roster_input = input("roster").ok_or_else(|| DatasetError::Missing {
        what: "the roster",
        path: files.roster.name(),
    })?;
    let roster_columnar = columnar::format(roster_input)?;
    if let (Some(format), Some(_)) = (roster_columnar, &options.mappings.roster) {
        problems.add(vec![columnar::mapping_not_applied(
            &roster_input.name,
            format,
        )]);
    }
    let roster_columnar = roster_columnar.is_some();
    let (roster, diagnostics) = match &options.mappings.roster {
        _ if roster_columnar => columnar::roster(roster_input, read)?,
        Some(mapping) => mapped::collect_roster(
            &roster_input.name,
            roster_input.open(&none)?.into_reader(),
            mapping,
            context,
            read,
        )?,
        None => collect_roster(read_roster(
            &roster_input.name,
            roster_input.open(&none)?.into_reader(),
            None,
            read,
        )),
    };
    problems.add(diagnostics);
    let leave = match input("leave") {
        Some(i) => {
            let leave_columnar = columnar::format(i)?;
            if let (Some(format), Some(_)) = (leave_columnar, &options.mappings.leave) {
                problems.add(vec![columnar::mapping_not_applied(&i.name, format)]);
            }
            let leave_columnar = leave_columnar.is_some();
            let (leave, diagnostics) = match &options.mappings.leave {
                _ if leave_columnar => columnar::leave(i, read)?,
                Some(mapping) => mapped::collect_leave(
                    &i.name,
                    i.open(&none)?.into_reader(),
                    mapping,
                    context,
                    read,
                )?,
                None => collect_leave(read_leave(
                    &i.name,
                    i.open(&none)?.into_reader(),
                    None,
                    read,
                )),
            };
            problems.add(diagnostics);
            leave
        }
        None => Leave::default(),
    };

    let mut kinds = Vec::with_capacity(sessions.len());
    for i in &sessions {
        // A sessions mapping reads every session input as its CSV layout.
        kinds.push(match options.mappings.sessions {
            _ if columnar::format(i)?.is_some() => SessionsKind::Records,
            Some(_) => SessionsKind::Records,
            None => SessionsKind::detect(i.open(&none)?.head()),
        });
    }
    let sessions_mapping = options
        .mappings
        .sessions
        .as_ref()
        .map(|mapping| (mapping, context));
    let first_xapi = sessions
        .iter()
        .zip(&kinds)
        .find(|(_, k)| **k == SessionsKind::Xapi)
        .map(|(i, _)| i.name.clone());
    let actors = match (input("actors"), first_xapi) {
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
    let xapi_import = match &actors {
        Some(actors) => {
            let xapi_inputs: Vec<&Input> = sessions
                .iter()
                .zip(&kinds)
                .filter(|(_, k)| **k == SessionsKind::Xapi)
                .map(|(i, _)| *i)
                .collect();
            let counting = pledge
                .versions()
                .last()
                .map(|v| v.counting.clone())
                .unwrap_or_default();
            Some(xapi::import(
                &xapi_inputs,
                actors,
                &counting,
                reading_threads(options.threads),
                &options.progress,
            )?)
        }
        None => None,
    };

    // The period: given, or from the weeks the records cover.
    let from = options
        .from
        .as_deref()
        .map(|t| period::parse_week("--from", t, &calendar))
        .transpose()?;
    let to = options
        .to
        .as_deref()
        .map(|t| period::parse_week("--to", t, &calendar))
        .transpose()?;
    let mut span = DataSpan::default();
    let record_inputs: Vec<&Input> = sessions
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == SessionsKind::Records)
        .map(|(i, _)| *i)
        .collect();
    let (first, last, basis) = match (from, to) {
        (Some(from), Some(to)) => {
            if to < from {
                return Err(PeriodError::Inverted { from, to }.into());
            }
            (from, to, PeriodBasis::Given)
        }
        _ => {
            for i in &record_inputs {
                scan_records(
                    i,
                    session_read,
                    sessions_mapping,
                    &roster,
                    &calendar,
                    &mut span,
                )?;
            }
            for i in inputs.iter().filter(|i| i.role == "time_totals") {
                scan_totals(
                    i,
                    session_read,
                    context_for_totals(options, pledge_zone),
                    &roster,
                    &calendar,
                    &mut span,
                )?;
            }
            if let Some(import) = &xapi_import {
                for s in &import.sessions {
                    span.add(&calendar, s.session.start(), s.session.end());
                }
            }
            trust::period_from_data(from, to, &span, as_of, &calendar)?
        }
    };
    let period = Period::new(first, last)?;
    let roster_ids: Vec<String> = roster
        .learners()
        .map(|l| l.id().as_str().to_string())
        .collect();
    let mut assessor =
        Assessor::with_options(pledge, roster, leave, period, as_of, options.engine)?;

    let threads = reading_threads(options.threads);
    assessor.set_finish_threads(threads);
    for i in &record_inputs {
        if let Some(format) = columnar::format(i)? {
            if sessions_mapping.is_some() {
                problems.add(vec![columnar::mapping_not_applied(&i.name, format)]);
            }
            read_columnar_records(&mut assessor, i, session_read, options, &mut problems)?;
            continue;
        }
        match sessions_mapping {
            Some((mapping, context)) => read_mapped_records(
                &mut assessor,
                i,
                session_read,
                (mapping, context),
                threads,
                options,
                &mut problems,
            )?,
            None => read_records(
                &mut assessor,
                i,
                session_read,
                threads,
                options,
                &mut problems,
            )?,
        }
    }
    let totals_inputs: Vec<&Input> = inputs.iter().filter(|i| i.role == "time_totals").collect();
    for i in &totals_inputs {
        read_totals(
            &mut assessor,
            i,
            session_read,
            context_for_totals(options, pledge_zone),
            options,
            &mut problems,
        )?;
    }
    let mut uncredited = Vec::new();
    if let Some(import) = xapi_import {
        uncredited = xapi::uncredited_warnings(&import);
        xapi::feed(&mut assessor, import, &mut problems);
    }
    if !problems.fatal.is_empty() {
        return Err(problems.unusable());
    }
    let (mut assessment, mut audit) = assessor.finish_audited();
    audit::settle(&mut audit);
    if let Some(people) = people {
        let mut card = assessment.people_scorecard_builder()?;
        people.add_evidence(&mut card);
        assessment.people = Some(card.build());
    }
    let mut data_warnings = trust::warnings(
        &assessment,
        &trust::Evidence {
            span: &span,
            basis: &basis,
            roster_ids: &roster_ids,
            zone: &assessment.organisation.time_zone,
        },
    );
    data_warnings.extend(uncredited);
    data_warnings.extend(problems.guesses.iter().map(guess_warning));
    Ok(Evaluation {
        run: RunOptions::of(options, as_of),
        assessment,
        warnings: problems.warnings,
        warnings_not_listed: problems.warnings_not_listed,
        data_warnings,
        period_basis: basis,
        inputs: Vec::new(),
        audit,
    })
}

/// Reads the People-principle file: reference data, so its errors stop the
/// run, and it must name the pledge's organisation.
fn load_people(
    input: &Input,
    pledge: Option<&Pledge>,
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Option<PeopleDocument>, DatasetError> {
    match read_people(
        &input.name,
        input.open(&Progress::none())?.into_reader(),
        read,
    ) {
        Ok(people) => {
            let other = pledge.and_then(|pledge| {
                check_people_organisation(&input.name, &people, pledge.organisation().id()).err()
            });
            match other {
                Some(problem) => {
                    problems.add([problem]);
                    Ok(None)
                }
                None => Ok(Some(people)),
            }
        }
        Err(diagnostics) => {
            problems.add(diagnostics);
            Ok(None)
        }
    }
}

/// A delimiter as the run options write it (`tab` for a tab).
fn delimiter_text(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        other => char::from(other).to_string(),
    }
}

/// The first pass: the weeks covered by records of rostered learners, and
/// the offsets they are written with (problems are left to the second pass).
fn scan_records(
    input: &Input,
    read: ReadOptions,
    mapping: Option<(&upskill_mapping::Mapping, upskill_mapping::MapContext<'_>)>,
    roster: &upskill_quota::Roster,
    calendar: &upskill_calendar::Calendar,
    span: &mut DataSpan,
) -> Result<(), DatasetError> {
    if columnar::format(input)?.is_some() {
        columnar::each_session(input, read, &Progress::none(), |item| {
            if let Ok(session) = item
                && roster.get(session.value.learner_id()).is_some()
            {
                span.add(calendar, session.value.start(), session.value.end());
            }
        })?;
        return Ok(());
    }
    let opened = input.open(&Progress::none())?.into_reader();
    match mapping {
        Some((mapping, context)) => {
            let reader =
                upskill_mapping::read_mapped_sessions(&input.name, opened, mapping, context, read)
                    .map_err(|e| mapped::mapping_error(&input.name, e))?;
            for session in reader.flatten() {
                let s = &session.value;
                if roster.get(s.learner_id()).is_some() {
                    span.add(calendar, s.start(), s.end());
                }
            }
        }
        None => {
            // The reader's fast lane, as the second pass reads: a clean
            // CSV record is not built into a located session (the scan
            // took as long as the reading itself without it).
            // Rostered ids as text: a borrowed id is looked up without
            // building a `LearnerId` (trimmed, as `LearnerId::new` does).
            let rostered: std::collections::HashSet<&str> =
                roster.learners().map(|l| l.id().as_str()).collect();
            let mut reader = read_sessions(&input.name, opened, None, read);
            while let Some(item) = reader.next_session() {
                match item {
                    SessionItem::Clean(clean) => {
                        let s = clean.session;
                        if rostered.contains(s.learner_id.trim()) {
                            let end = s
                                .start
                                .checked_add_signed(s.duration.to_time_delta())
                                .unwrap_or(s.start);
                            span.add(calendar, s.start, end);
                        }
                    }
                    SessionItem::Read(Ok(session)) => {
                        let s = &session.value;
                        if roster.get(s.learner_id()).is_some() {
                            span.add(calendar, s.start(), s.end());
                        }
                    }
                    SessionItem::Read(Err(_)) => {}
                }
            }
        }
    }
    Ok(())
}

/// The time-totals mapping, if any, with its context.
fn context_for_totals(
    options: &EvaluateOptions,
    pledge_zone: chrono_tz::Tz,
) -> Option<(&upskill_mapping::Mapping, upskill_mapping::MapContext<'_>)> {
    options
        .mappings
        .time_totals
        .as_ref()
        .map(|mapping| (mapping, options.mappings.context(pledge_zone)))
}

/// A time total read, or its row's rejection.
type TotalItem =
    Result<upskill_formats::Located<upskill_session::TimeTotal>, upskill_formats::Rejected>;

/// Time totals of one input, canonical or through its mapping, each given
/// to `each`; returns the file's problems.
fn each_total(
    input: &Input,
    opened: Box<dyn std::io::BufRead + Send>,
    read: ReadOptions,
    mapping: Option<(&upskill_mapping::Mapping, upskill_mapping::MapContext<'_>)>,
    mut each: impl FnMut(TotalItem),
) -> Result<Vec<Diagnostic>, DatasetError> {
    if columnar::format(input)?.is_some() {
        return columnar::each_total(input, read, &Progress::none(), each);
    }
    match mapping {
        Some((mapping, context)) => {
            let mut reader = upskill_mapping::read_mapped_time_totals(
                &input.name,
                opened,
                mapping,
                context,
                read,
            )
            .map_err(|e| mapped::mapping_error(&input.name, e))?;
            let mut problems = reader.take_file_problems();
            for item in reader.by_ref() {
                each(item);
            }
            problems.extend(reader.take_file_problems());
            Ok(problems)
        }
        None => {
            let mut reader = upskill_formats::read_time_totals(&input.name, opened, None, read);
            let mut problems = reader.take_file_problems();
            for item in reader.by_ref() {
                each(item);
            }
            problems.extend(reader.take_file_problems());
            Ok(problems)
        }
    }
}

/// The first pass over time totals: the weeks their days cover.
fn scan_totals(
    input: &Input,
    read: ReadOptions,
    mapping: Option<(&upskill_mapping::Mapping, upskill_mapping::MapContext<'_>)>,
    roster: &upskill_quota::Roster,
    calendar: &upskill_calendar::Calendar,
    span: &mut DataSpan,
) -> Result<(), DatasetError> {
    let opened = input.open(&Progress::none())?.into_reader();
    each_total(input, opened, read, mapping, |item| {
        if let Ok(total) = item
            && roster.get(total.value.learner_id()).is_some()
            && let Ok(start) = calendar.start_of_day(total.value.date())
        {
            let start = start.fixed_offset();
            span.add(calendar, start, start);
        }
    })?;
    Ok(())
}

/// Reads one input of time totals into the engine: every row ingested or
/// rejected into the ledger.
fn read_totals(
    assessor: &mut Assessor,
    input: &Input,
    read: ReadOptions,
    mapping: Option<(&upskill_mapping::Mapping, upskill_mapping::MapContext<'_>)>,
    options: &EvaluateOptions,
    problems: &mut Problems,
) -> Result<(), DatasetError> {
    let opened = input.open(&options.progress)?.into_reader();
    let mut warnings = Vec::new();
    let file_problems = each_total(input, opened, read, mapping, |item| match item {
        Ok(total) => {
            warnings.extend(total.warnings);
            assessor.ingest_total_at(&total.value, Some(&total.location));
        }
        Err(rejected) => reject_row(assessor, &rejected),
    })?;
    problems.add(warnings);
    problems.add(file_problems);
    Ok(())
}

/// Reads one Parquet or Arrow IPC session input into the engine: every row
/// ingested or rejected into the ledger, as a CSV row would be.
fn read_columnar_records(
    assessor: &mut Assessor,
    input: &Input,
    read: ReadOptions,
    options: &EvaluateOptions,
    problems: &mut Problems,
) -> Result<(), DatasetError> {
    let mut warnings = Vec::new();
    let file_problems =
        columnar::each_session(input, read, &options.progress, |item| match item {
            Ok(session) => {
                warnings.extend(session.warnings);
                assessor.ingest_at(&session.value, Some(&session.location));
            }
            Err(rejected) => reject_row(assessor, &rejected),
        })?;
    problems.add(warnings);
    problems.add(file_problems);
    Ok(())
}

/// Reads one session input through a sessions mapping: a UTF-8 file on
/// `threads` cores as [`read_records`] reads a canonical one (cut into
/// chunks, the report the same byte for byte), any other in one piece;
/// every row is ingested or rejected into the ledger.
fn read_mapped_records(
    assessor: &mut Assessor,
    input: &Input,
    read: ReadOptions,
    (mapping, context): (&upskill_mapping::Mapping, upskill_mapping::MapContext<'_>),
    threads: usize,
    options: &EvaluateOptions,
    problems: &mut Problems,
) -> Result<(), DatasetError> {
    let records = parallel::Records::Mapped { mapping, context };
    let Some(opened) = read_in_chunks(assessor, input, read, records, threads, options, problems)?
    else {
        return Ok(());
    };
    let mut reader = upskill_mapping::read_mapped_sessions(
        &input.name,
        opened.into_reader(),
        mapping,
        context,
        read,
    )
    .map_err(|e| mapped::mapping_error(&input.name, e))?;
    problems.add(reader.take_file_problems());
    while let Some(item) = reader.next_session() {
        take_record(assessor, item, problems);
    }
    problems.add(reader.take_file_problems());
    Ok(())
}

/// Reads `input` in chunks on `threads` cores when it can be cut: `None`
/// when it was read so, else the input opened to be read in one piece.
fn read_in_chunks(
    assessor: &mut Assessor,
    input: &Input,
    read: ReadOptions,
    records: parallel::Records<'_>,
    threads: usize,
    options: &EvaluateOptions,
    problems: &mut Problems,
) -> Result<Option<Opened>, DatasetError> {
    let opened = input.open(&options.progress)?;
    let min_bytes = options
        .min_split_bytes
        .unwrap_or(upskill_formats::split::DEFAULT_MIN_SPLIT_BYTES);
    let plan = match input.path() {
        Some(path) => parallel::plan(
            path,
            &input.name,
            opened.head(),
            threads,
            &read,
            records,
            min_bytes,
        )?,
        None => None,
    };
    let Some(plan) = plan else {
        return Ok(Some(opened));
    };
    drop(opened);
    if let Some((outcome, dropped)) =
        parallel::read(assessor, &input.name, &plan, (read, records), options)?
    {
        problems.add(outcome);
        problems.warnings_not_listed += dropped;
        return Ok(None);
    }
    // The chunks could not be proven to split at record boundaries (or a
    // learner passed the record limit across chunks, which is applied in
    // reading order): the file is read again in one piece.
    Ok(Some(input.open(&Progress::none())?))
}

/// Takes one session record read in one piece: ingested (its warnings
/// kept) or rejected into the ledger.
fn take_record(assessor: &mut Assessor, item: SessionItem<'_>, problems: &mut Problems) {
    match item {
        SessionItem::Clean(clean) => assessor.ingest_with(&clean.session, || clean.location()),
        SessionItem::Read(Ok(session)) => {
            problems.add(session.warnings);
            assessor.ingest_at(&session.value, Some(&session.location));
        }
        SessionItem::Read(Err(rejected)) => reject_row(assessor, &rejected),
    }
}

fn load_holidays(
    input: &Input,
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Vec<chrono::NaiveDate>, DatasetError> {
    let mut reader = read_holidays(
        &input.name,
        input.open(&Progress::none())?.into_reader(),
        None,
        read,
    );
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

fn load_actors(input: &Input, problems: &mut Problems) -> Result<IdentityMap, DatasetError> {
    let load = IdentityMap::read_csv(input.open(&Progress::none())?.into_reader(), &input.name);
    problems.add(load.diagnostics);
    Ok(load.map)
}

/// Records a rejected row in the engine's ledger: its first problem is the
/// reason, the codes of its other errors are appended.
pub(crate) fn reject_row(assessor: &mut Assessor, rejected: &upskill_formats::Rejected) {
    let mut all = rejected.diagnostics();
    if let Some(reason) = all.next() {
        assessor.reject(rejection(reason, all));
    }
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
    input: &Input,
    read: ReadOptions,
    threads: usize,
    options: &EvaluateOptions,
    problems: &mut Problems,
) -> Result<(), DatasetError> {
    let records = parallel::Records::Canonical;
    let Some(opened) = read_in_chunks(assessor, input, read, records, threads, options, problems)?
    else {
        return Ok(());
    };
    let mut reader = read_sessions(&input.name, opened.into_reader(), None, read);
    while let Some(item) = reader.next_session() {
        take_record(assessor, item, problems);
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
