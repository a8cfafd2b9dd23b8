//! A dataset assessed in parts (issue 17): the reference data read once per
//! process, each part's session inputs read into a partial state, states
//! shipped between processes as bytes, merged, and finished into the same
//! [`Evaluation`] [`evaluate`](crate::evaluate) gives.
//!
//! The period must be given (`from` and `to`): each part sees only some of
//! the records, so none can choose the period from the data.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use upskill_diagnostics::Diagnostic;
use upskill_formats::{
    ReadOptions, collect_leave, collect_roster, read_leave, read_pledge, read_roster,
};
use upskill_policy::{Assessor, MergeError, Period, StateError};
use upskill_quota::Leave;

use crate::input::Input;
use crate::period::{self, PeriodError};
use crate::progress::Progress;
use crate::source::{SessionsKind, Source};
use crate::trust::{self, DataSpan, PeriodBasis};
use crate::{
    DatasetError, DatasetFiles, EvaluateOptions, Evaluation, Problems, RunOptions, mapped,
    read_mapped_records, read_records, reading_threads,
};

/// What every part of one evaluation shares: the options and the roster's
/// ids (for the data warnings at the end).
#[derive(Debug)]
struct Shared {
    options: EvaluateOptions,
    as_of: DateTime<Utc>,
    roster_ids: Vec<String>,
    /// The pledge's zone (for naive date-times and mappings).
    zone: chrono_tz::Tz,
}

/// One part of an evaluation in parts: the set-up of a dataset (pledge,
/// roster, leave, holidays, period, `as_of`, options) and the records of
/// the session inputs it has read.
///
/// Make one per process with [`PartialEvaluation::new`] (the same files
/// and options everywhere), [`ingest`](PartialEvaluation::ingest) that
/// process's session inputs, ship [`to_bytes`](PartialEvaluation::to_bytes)
/// to one process, read each back with
/// [`fork_from_bytes`](PartialEvaluation::fork_from_bytes),
/// [`merge`](PartialEvaluation::merge) them in any order and
/// [`finish`](PartialEvaluation::finish): the evaluation equals
/// [`evaluate`](crate::evaluate) on all the inputs at once, but for
/// [`Evaluation::inputs`] (left empty: no process saw every input) and
/// [`Evaluation::warnings`] (the reader warnings of this process's inputs
/// only; they are not in the JSON report).
///
/// Time-spent totals and xAPI inputs are not read in parts (yet). A clone
/// shares the set-up and copies the state.
#[derive(Debug, Clone)]
pub struct PartialEvaluation {
    shared: Arc<Shared>,
    assessor: Assessor,
    problems: Problems,
}

impl PartialEvaluation {
    /// Reads the reference data of `files` (pledge, roster, leave,
    /// holidays; its session inputs are not read: give them to
    /// [`ingest`](PartialEvaluation::ingest)) and sets up the assessment of
    /// the period `options.from` to `options.to` at `options.as_of`.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Period`] ([`PeriodError::NotGiven`]) without both
    /// `from` and `to`; otherwise as [`evaluate`](crate::evaluate) for the
    /// reference data: [`DatasetError::Unusable`] lists every problem in it.
    pub fn new(
        files: &DatasetFiles,
        options: &EvaluateOptions,
    ) -> Result<PartialEvaluation, DatasetError> {
        let read = ReadOptions::new().with_lenient(options.lenient);
        let mut problems = Problems::default();
        let none = Progress::none();
        let pledge_input = Input::new("pledge", &files.pledge)?;
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
        let holidays = match &files.holidays {
            Some(source) => {
                crate::load_holidays(&Input::new("holidays", source)?, read, &mut problems)?
            }
            None => Vec::new(),
        };
        let pledge_zone = pledge
            .as_ref()
            .map_or(chrono_tz::UTC, |p| p.calendar().zone());
        let context = options.mappings.context(pledge_zone);
        let roster_input = Input::new("roster", &files.roster)?;
        let (roster, diagnostics) = match &options.mappings.roster {
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
        let leave = match &files.leave {
            Some(source) => {
                let input = Input::new("leave", source)?;
                let (leave, diagnostics) = match &options.mappings.leave {
                    Some(mapping) => mapped::collect_leave(
                        &input.name,
                        input.open(&none)?.into_reader(),
                        mapping,
                        context,
                        read,
                    )?,
                    None => collect_leave(read_leave(
                        &input.name,
                        input.open(&none)?.into_reader(),
                        None,
                        read,
                    )),
                };
                problems.add(diagnostics);
                leave
            }
            None => Leave::default(),
        };
        let pledge = match (pledge, problems.fatal.is_empty()) {
            (Some(pledge), true) => pledge.with_holidays(holidays),
            _ => return Err(problems.unusable()),
        };
        let calendar = pledge.calendar().clone();
        let as_of = options.as_of.resolve(&calendar)?;
        let (Some(from), Some(to)) = (options.from.as_deref(), options.to.as_deref()) else {
            return Err(PeriodError::NotGiven.into());
        };
        let from = period::parse_week("--from", from, &calendar)?;
        let to = period::parse_week("--to", to, &calendar)?;
        if to < from {
            return Err(PeriodError::Inverted { from, to }.into());
        }
        let roster_ids = roster
            .learners()
            .map(|l| l.id().as_str().to_string())
            .collect();
        let mut assessor = Assessor::with_options(
            pledge,
            roster,
            leave,
            Period::new(from, to)?,
            as_of,
            options.engine,
        )?;
        assessor.set_finish_threads(reading_threads(options.threads));
        let mut options = options.clone();
        options.progress = Progress::none();
        Ok(PartialEvaluation {
            shared: Arc::new(Shared {
                options,
                as_of,
                roster_ids,
                zone: calendar.zone(),
            }),
            assessor,
            problems,
        })
    }

    /// Reads one session input (CSV, JSON Lines or JSON records, told by
    /// content; through the sessions mapping when the options have one)
    /// into this part: every record is ingested or rejected into the
    /// ledger, as [`evaluate`](crate::evaluate) reads it.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Read`] when the input cannot be read,
    /// [`DatasetError::XapiWithoutActors`] for xAPI statements (not read in
    /// parts), [`DatasetError::Unusable`] for a file-level error (a CSV
    /// header without a required column, say); the records read before a
    /// file-level error stay in the part.
    pub fn ingest(&mut self, source: &Source) -> Result<(), DatasetError> {
        let input = Input::new("sessions", source)?;
        let options = &self.shared.options;
        let none = Progress::none();
        let calendar = self.shared.zone;
        let read = self.session_read_options();
        let mut problems = Problems::default();
        match &options.mappings.sessions {
            Some(mapping) => {
                let context = options.mappings.context(calendar);
                read_mapped_records(
                    &mut self.assessor,
                    &input,
                    read,
                    (mapping, context),
                    reading_threads(options.threads),
                    options,
                    &mut problems,
                )?;
            }
            None => {
                if SessionsKind::detect(input.open(&none)?.head()) == SessionsKind::Xapi {
                    return Err(DatasetError::XapiWithoutActors { path: input.name });
                }
                read_records(
                    &mut self.assessor,
                    &input,
                    read,
                    reading_threads(options.threads),
                    options,
                    &mut problems,
                )?;
            }
        }
        if !problems.fatal.is_empty() {
            return Err(problems.unusable());
        }
        self.problems.absorb(problems);
        Ok(())
    }

    /// How this set-up reads session inputs: leniency, the CSV dialect
    /// given, and the zone of local times (for a columnar reader made
    /// outside, such as `upskill_arrow::ColumnarReader::from_batches`, to
    /// give `ingest_columnar`, with the `arrow` feature).
    pub fn session_read_options(&self) -> ReadOptions {
        let options = &self.shared.options;
        ReadOptions::new()
            .with_lenient(options.lenient)
            .with_delimiter(options.delimiter)
            .with_encoding(options.encoding)
            .with_decimal_comma(options.decimal_comma)
            .with_local_time_zone(options.local_time_zone.map(|z| z.resolve(self.shared.zone)))
    }

    /// Reads the rows of a columnar reader of sessions (record batches a
    /// program handed over, through
    /// `upskill_arrow::ColumnarReader::from_batches`, or a Parquet or Arrow
    /// IPC file) into this part: every row is ingested or rejected into the
    /// ledger, as [`evaluate`](crate::evaluate) reads a Parquet file.
    /// A sessions mapping does not apply (`I006` warning): the rows are
    /// read by their canonical columns.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Unusable`] for a problem of the table rather than of
    /// a row (a missing column `F008`, a column of a type it is not read
    /// from `F020`, a stream that fails `F019`); the rows read before a
    /// failing stream stay in the part.
    #[cfg(feature = "arrow")]
    pub fn ingest_columnar(
        &mut self,
        mut reader: upskill_arrow::ColumnarReader<upskill_session::LearningSession>,
    ) -> Result<(), DatasetError> {
        let mut problems = Problems::default();
        if self.shared.options.mappings.sessions.is_some() {
            problems.add(vec![crate::columnar::mapping_not_applied(
                reader.file(),
                reader.format().name(),
            )]);
        }
        problems.add(reader.take_file_problems());
        let mut warnings = Vec::new();
        for item in reader.by_ref() {
            match item {
                Ok(session) => {
                    warnings.extend(session.warnings);
                    self.assessor
                        .ingest_at(&session.value, Some(&session.location));
                }
                Err(rejected) => crate::reject_row(&mut self.assessor, &rejected),
            }
        }
        problems.add(warnings);
        problems.add(reader.take_file_problems());
        if !problems.fatal.is_empty() {
            return Err(problems.unusable());
        }
        self.problems.absorb(problems);
        Ok(())
    }

    /// Records read so far.
    pub fn records_read(&self) -> u64 {
        self.assessor.records_read()
    }

    /// The partial state as bytes ([`Assessor::to_bytes`]: a versioned
    /// envelope with the set-up's fingerprint; `docs/scale.md`, "Partial
    /// states"). Reader warnings are not in it.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.assessor.to_bytes()
    }

    /// A part with this one's set-up holding the state read from `bytes`.
    ///
    /// # Errors
    ///
    /// [`StateError`] as [`Assessor::fork_from_bytes`]: not a state,
    /// another format version, truncated or corrupt bytes, a state of
    /// another set-up.
    pub fn fork_from_bytes(&self, bytes: &[u8]) -> Result<PartialEvaluation, StateError> {
        Ok(PartialEvaluation {
            shared: Arc::clone(&self.shared),
            assessor: self.assessor.fork_from_bytes(bytes)?,
            problems: Problems::default(),
        })
    }

    /// Combines two parts of the same set-up ([`Assessor::merge`]).
    ///
    /// # Errors
    ///
    /// [`MergeError::DifferentSetUp`] for parts of different set-ups.
    pub fn merge(mut self, other: PartialEvaluation) -> Result<PartialEvaluation, MergeError> {
        self.assessor = self.assessor.merge(other.assessor)?;
        self.problems.absorb(other.problems);
        Ok(self)
    }

    /// Finishes the evaluation: the assessment, the data warnings, and the
    /// run options, as [`evaluate`](crate::evaluate) with the period given.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Scorecard`] never (no People-principle file is read
    /// in parts); kept for the pipeline's errors to come.
    pub fn finish(self) -> Result<Evaluation, DatasetError> {
        let shared = self.shared;
        let (assessment, mut audit) = self.assessor.finish_audited();
        crate::audit::settle(&mut audit);
        let basis = PeriodBasis::Given;
        let span = DataSpan::default();
        let mut data_warnings = trust::warnings(
            &assessment,
            &trust::Evidence {
                span: &span,
                basis: &basis,
                roster_ids: &shared.roster_ids,
                zone: &assessment.organisation.time_zone,
            },
        );
        data_warnings.extend(self.problems.guesses.iter().map(crate::guess_warning));
        Ok(Evaluation {
            run: RunOptions::of(&shared.options, shared.as_of),
            assessment,
            warnings: self.problems.warnings,
            warnings_not_listed: self.problems.warnings_not_listed,
            data_warnings,
            period_basis: basis,
            inputs: Vec::new(),
            audit,
        })
    }
}

impl Problems {
    /// Adds `other`'s problems (warnings kept up to the listing cap).
    pub(crate) fn absorb(&mut self, other: Problems) {
        for (mine, not_listed, theirs) in [
            (&mut self.fatal, &mut self.fatal_not_listed, other.fatal),
            (
                &mut self.warnings,
                &mut self.warnings_not_listed,
                other.warnings,
            ),
        ] {
            for d in theirs {
                if mine.len() < crate::PROBLEMS_LISTED {
                    mine.push(d);
                } else {
                    *not_listed += 1;
                }
            }
        }
        self.fatal_not_listed += other.fatal_not_listed;
        self.warnings_not_listed += other.warnings_not_listed;
        self.guesses.extend(other.guesses);
    }
}

impl PartialEvaluation {
    /// Reader warnings of the inputs this part read, in reading order (at
    /// most [`PROBLEMS_LISTED`](crate::PROBLEMS_LISTED)).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.problems.warnings
    }
}
