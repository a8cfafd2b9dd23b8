//! The streaming, mergeable assessor: the one public way in. It sets up a
//! `Context` (`setup`), feeds records into a `State` (`state`), merges
//! states, and hands both to `judge` to finish.

use std::sync::Arc;

use chrono::Datelike;
use chrono::{DateTime, Utc};
use upskill_pledge::Pledge;
use upskill_quota::{Leave, Roster};
use upskill_session::{Exclusion, LearningSession, SessionRef, TimeTotal, TotalCovers, record_key};

use upskill_diagnostics::Location;

use crate::assessment::{Assessment, Rejection};
use crate::audit::{self, AuditFate, AuditRow, Kept};
use crate::codes;
use crate::judge;
use crate::setup::{AssessError, Context, Options, Period};
use crate::state::{State, count_unknown, push_rejection};
use crate::totals::TotalEntry;
use crate::wire::{self, StateError};

/// Errors merging two partial assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// The two partial states were set up for different organisations,
    /// rosters, leave, periods, `as_of` instants or options.
    #[error("cannot merge partial assessments of different set-ups")]
    DifferentSetUp,
}

/// A record that was read and is valid, but that an importer already found
/// to earn nothing of its own (it never becomes a session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UncreditedRecord {
    /// Repeats a record already read (same id, same content).
    Duplicate,
    /// Shares its id with a record of different content.
    ConflictingDuplicate,
    /// Voided by another record, or voiding one.
    Voided,
    /// Carries no creditable time of its own.
    NoTimeOfItsOwn,
}

/// Judges one organisation over one period, one record at a time.
///
/// Records may come in any order. Slices of the records can be assessed by
/// separate assessors ([`Assessor::fork`]) and combined with
/// [`Assessor::merge`]: the result equals assessing them all in one. A
/// partial state crosses processes as bytes ([`Assessor::to_bytes`],
/// [`Assessor::fork_from_bytes`]).
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use upskill_calendar::{Calendar, DayOfWeek};
/// use upskill_policy::{Assessor, Period, Verdict};
/// use upskill_pledge::{Organisation, Pledge, PledgeVersion};
/// use upskill_quota::{Leave, Learner, Roster, Workload};
/// use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};
///
/// let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday)?;
/// let pledge = Pledge::new(Organisation::new("acme", "Acme Ltd")?, calendar.clone(), vec![PledgeVersion::default()])?;
/// let roster = Roster::new([Learner::new(LearnerId::new("e1")?, Workload::default())?])?;
/// let period = Period::new(calendar.parse_week("2026-W10")?, calendar.parse_week("2026-W11")?)?;
/// let as_of: DateTime<Utc> = "2026-04-01T00:00:00Z".parse()?;
/// let mut assessor = Assessor::new(pledge, roster, Leave::default(), period, as_of)?;
/// for (id, start) in [("r1", "2026-03-03T12:00:00+00:00"), ("r2", "2026-03-10T12:00:00+00:00")] {
///     let session = LearningSession::new(
///         RecordId::new(id)?, LearnerId::new("e1")?, DateTime::parse_from_rfc3339(start)?,
///         SessionDuration::from_minutes(60), ActivityKind::ELearning)?;
///     assessor.ingest(&session);
/// }
/// let assessment = assessor.finish();
/// assert_eq!(assessment.verdict, Verdict::Met);
/// assert_eq!(assessment.metrics.met_learner_weeks, 2);
/// assert_eq!(assessment.ledger.fates.credited, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Assessor {
    ctx: Arc<Context>,
    state: State,
    /// Threads `finish` may judge learners on (see [`Assessor::set_finish_threads`]).
    finish_threads: usize,
}

impl Assessor {
    /// Sets up an assessment of `pledge`'s organisation over `period`, judged at `as_of`.
    ///
    /// # Errors
    ///
    /// [`AssessError`] when the period's weeks do not fit the pledge's
    /// calendar, the period is inverted or longer than [`MAX_PERIOD_WEEKS`](crate::MAX_PERIOD_WEEKS).
    pub fn new(
        pledge: Pledge,
        roster: Roster,
        leave: Leave,
        period: Period,
        as_of: DateTime<Utc>,
    ) -> Result<Assessor, AssessError> {
        Assessor::with_options(pledge, roster, leave, period, as_of, Options::default())
    }

    /// Like [`Assessor::new`], with report options.
    ///
    /// # Errors
    ///
    /// As [`Assessor::new`].
    pub fn with_options(
        pledge: Pledge,
        roster: Roster,
        leave: Leave,
        period: Period,
        as_of: DateTime<Utc>,
        options: Options,
    ) -> Result<Assessor, AssessError> {
        let ctx = Context::new(pledge, roster, leave, period, as_of, options)?;
        Ok(Assessor {
            state: State::new(ctx.learners.len(), ctx.options.audit),
            ctx: Arc::new(ctx),
            finish_threads: 1,
        })
    }

    /// An assessor with the same set-up and no records yet: give it a slice
    /// of the records (on another thread, say) and [`merge`](Assessor::merge) it back.
    pub fn fork(&self) -> Assessor {
        Assessor {
            ctx: Arc::clone(&self.ctx),
            state: State::new(self.ctx.learners.len(), self.ctx.options.audit),
            finish_threads: self.finish_threads,
        }
    }

    /// Lets [`finish`](Assessor::finish) judge learners on up to `threads`
    /// threads (default 1; `0` counts as 1): each learner is judged alone,
    /// so the assessment is the same for any number. A state keeping the
    /// audit ledger ([`Options::audit`](crate::Options::audit)) is finished
    /// on one thread. The number is kept by [`fork`](Assessor::fork) and,
    /// from the left-hand assessor, by [`merge`](Assessor::merge).
    pub fn set_finish_threads(&mut self, threads: usize) {
        self.finish_threads = threads.max(1);
    }

    /// Records read so far.
    pub fn records_read(&self) -> u64 {
        self.state.records_read
    }

    /// Feeds one parsed record.
    pub fn ingest(&mut self, session: &LearningSession) {
        self.ingest_at(session, None);
    }

    /// Feeds one parsed record, naming where it was read (for rejections;
    /// without one a rejection names the record id).
    pub fn ingest_at(&mut self, session: &LearningSession, location: Option<&Location>) {
        let session = session.borrowed();
        self.ingest_with(&session, || {
            location
                .cloned()
                .unwrap_or_else(|| Location::file(format!("record `{}`", session.record_id)))
        });
    }

    /// Feeds one record's facts, borrowed from where they were read (a
    /// reader's buffers): the fast way in, with no allocation per record.
    /// `location` says where the record was read; it is called only when
    /// the record is rejected or audited, so a caller can build it lazily.
    /// The result is exactly that of [`Assessor::ingest_at`] on the
    /// [`LearningSession`] with the same facts.
    pub fn ingest_with(&mut self, session: &SessionRef<'_>, location: impl Fn() -> Location) {
        let ctx = &self.ctx;
        let state = &mut self.state;
        state.records_read += 1;
        let ids = (Some(session.record_id), Some(session.learner_id));
        let where_ = location;
        let Some(index) = ctx.learner(session.learner_id) else {
            state
                .audit_row(|| AuditRow::new(where_(), AuditFate::UnknownLearner).ids(ids.0, ids.1));
            count_unknown(
                state,
                ctx.options.unknown_learners_listed,
                session.learner_id,
            );
            return;
        };
        if let Some(count) = state.records_per_learner.get_mut(index) {
            if *count >= ctx.options.max_records_per_learner {
                let max = ctx.options.max_records_per_learner;
                push_rejection(
                    state,
                    ctx.options.rejections_listed,
                    Rejection::new(
                        &codes::RECORD_LIMIT,
                        where_(),
                        format!(
                            "learner `{}` has more than {max} records in this evaluation, the most one learner may have; this record is not assessed",
                            session.learner_id,
                        ),
                    ),
                    ids,
                );
                return;
            }
            *count += 1;
        }
        let mut span = session.span();
        if span.start_ms > ctx.as_of_ms {
            push_rejection(
                state,
                ctx.options.rejections_listed,
                Rejection::new(
                    &codes::FUTURE_RECORD,
                    where_(),
                    format!(
                        "the session starts at `{}`, after the assessment's as-of instant `{}`",
                        session.start.to_rfc3339(),
                        ctx.as_of.to_rfc3339()
                    ),
                ),
                ids,
            );
            return;
        }

        let mut clipped_to_as_of_ms = 0;
        if span.end_ms > ctx.as_of_ms {
            clipped_to_as_of_ms = u64::try_from(span.end_ms - ctx.as_of_ms).unwrap_or(0);
            span.end_ms = ctx.as_of_ms;
            state.detail.clipped_to_as_of += 1;
        }
        if span.end_ms <= ctx.grid.start_ms() || span.start_ms >= ctx.grid.end_ms() {
            state.fates.outside_period += 1;
            state.audit_row(|| {
                let mut row = AuditRow::new(where_(), AuditFate::OutsidePeriod).ids(ids.0, ids.1);
                row.clipped_to_as_of_ms = clipped_to_as_of_ms;
                row
            });
            return;
        }
        let week = if span.start_ms < ctx.grid.start_ms() {
            Some(0)
        } else {
            ctx.grid.index_of_ms(span.start_ms)
        };
        let version = week
            .and_then(|w| ctx.week_versions.get(w))
            .and_then(|v| ctx.pledge.versions().get(*v));
        // Exclusions are decided now (by the version in force where the record
        // starts) but applied after duplicates are resolved, as DOMAIN.md orders.
        if let Some(version) = version {
            if !version.counting.is_creditable(session.activity) {
                span.excluded = Some(Exclusion::ActivityKind);
            } else if session.self_reported && !version.counting.count_self_reported {
                span.excluded = Some(Exclusion::SelfReported);
            }
        }
        state.spans.push(index, ctx.packing, span);
        if let Some(kept) = state
            .audit
            .as_mut()
            .and_then(|audit| audit.kept.get_mut(index))
        {
            kept.push(Kept {
                location: where_(),
                record_id: session.record_id.to_string(),
                learner_id: session.learner_id.to_string(),
                clipped_to_as_of_ms,
            });
        }
    }

    /// Feeds one time-spent total (a learner's time on a day or in a week,
    /// with no start instant).
    pub fn ingest_total(&mut self, total: &TimeTotal) {
        self.ingest_total_at(total, None);
    }

    /// Feeds one time-spent total, naming where it was read.
    ///
    /// Its fate, like a session's: `unknown_learner` when its learner is
    /// not on the roster; `rejected` (`A001`) when its date is after the
    /// local date of `as_of` (`A002` past the per-learner record limit);
    /// `outside_period` when the week holding its date is not judged;
    /// otherwise `duplicate`, `not_creditable` or `credited` when the
    /// learner is judged. It is credited to the week of the pledge's
    /// calendar holding its date; a week holding both totals and sessions
    /// is credited the larger of the two accounts, never their sum
    /// (docs/rules.md, "Time-spent totals").
    pub fn ingest_total_at(&mut self, total: &TimeTotal, location: Option<&Location>) {
        let ctx = &self.ctx;
        let state = &mut self.state;
        state.records_read += 1;
        let ids = (
            Some(total.record_id().as_str()),
            Some(total.learner_id().as_str()),
        );
        let where_ = || {
            location
                .cloned()
                .unwrap_or_else(|| Location::file(format!("record `{}`", total.record_id())))
        };
        let Some(index) = ctx.learner(total.learner_id().as_str()) else {
            state
                .audit_row(|| AuditRow::new(where_(), AuditFate::UnknownLearner).ids(ids.0, ids.1));
            count_unknown(
                state,
                ctx.options.unknown_learners_listed,
                total.learner_id().as_str(),
            );
            return;
        };
        if let Some(count) = state.records_per_learner.get_mut(index) {
            if *count >= ctx.options.max_records_per_learner {
                let max = ctx.options.max_records_per_learner;
                push_rejection(
                    state,
                    ctx.options.rejections_listed,
                    Rejection::new(
                        &codes::RECORD_LIMIT,
                        where_(),
                        format!(
                            "learner `{}` has more than {max} records in this evaluation, the most one learner may have; this record is not assessed",
                            total.learner_id(),
                        ),
                    ),
                    ids,
                );
                return;
            }
            *count += 1;
        }
        let calendar = ctx.pledge.calendar();
        let today = ctx.as_of.with_timezone(&calendar.zone()).date_naive();
        let first_day = match total.covers() {
            TotalCovers::Day => Some(total.date()),
            TotalCovers::Week => calendar
                .week_of_date(total.date())
                .ok()
                .map(|w| w.start_date()),
        };
        if first_day.is_none_or(|day| day > today) {
            push_rejection(
                state,
                ctx.options.rejections_listed,
                Rejection::new(
                    &codes::FUTURE_RECORD,
                    where_(),
                    format!(
                        "the {} total of `{}` is after the assessment's as-of date `{today}`",
                        total.covers().name(),
                        total.date()
                    ),
                ),
                ids,
            );
            return;
        }
        let week = calendar
            .week_of_date(total.date())
            .ok()
            .and_then(|w| ctx.grid.index_of_week(w));
        let Some(week) = week else {
            state.fates.outside_period += 1;
            state.audit_row(|| AuditRow::new(where_(), AuditFate::OutsidePeriod).ids(ids.0, ids.1));
            return;
        };
        let mut excluded = None;
        if let Some(version) = ctx
            .week_versions
            .get(week)
            .and_then(|v| ctx.pledge.versions().get(*v))
        {
            if !version.counting.is_creditable(total.activity()) {
                excluded = Some(Exclusion::ActivityKind);
            } else if total.self_reported() && !version.counting.count_self_reported {
                excluded = Some(Exclusion::SelfReported);
            }
        }
        let entry = TotalEntry {
            id_key: record_key(total.source(), total.record_id().as_str()),
            week,
            day: match total.covers() {
                TotalCovers::Day => Some(total.date().num_days_from_ce()),
                TotalCovers::Week => None,
            },
            ms: total.duration().as_millis(),
            excluded,
        };
        let kept = state.audit.is_some().then(|| Kept {
            location: where_(),
            record_id: total.record_id().to_string(),
            learner_id: total.learner_id().to_string(),
            clipped_to_as_of_ms: 0,
        });
        if state.totals.is_empty() {
            state.totals.resize_with(ctx.learners.len(), Vec::new);
        }
        if let Some(totals) = state.totals.get_mut(index) {
            totals.push((entry, kept));
        }
    }

    /// Counts a record that was read and is valid but whose learner is not
    /// on the roster (an xAPI actor the identity map does not know, say):
    /// its fate is `unknown_learner`, and `learner` is listed (up to
    /// [`Options::unknown_learners_listed`]) as the input wrote it.
    ///
    /// [`Assessor::ingest`] does the same for a session whose learner id is
    /// not on the roster; this is for records that never become a session.
    pub fn record_unknown_learner(&mut self, learner: &str) {
        self.record_unknown_learner_at(learner, None, None);
    }

    /// Like [`Assessor::record_unknown_learner`], naming the record for the
    /// audit ledger ([`Options::audit`]): its id, and where it was read.
    pub fn record_unknown_learner_at(
        &mut self,
        learner: &str,
        record_id: Option<&str>,
        location: Option<&Location>,
    ) {
        self.state.records_read += 1;
        self.state.audit_row(|| {
            AuditRow::new(
                location.cloned().unwrap_or_default(),
                AuditFate::UnknownLearner,
            )
            .ids(record_id, Some(learner))
        });
        count_unknown(
            &mut self.state,
            self.ctx.options.unknown_learners_listed,
            learner,
        );
    }

    /// Whether a learner has more records than
    /// [`Options::max_records_per_learner`] in this state: possible only
    /// after [`merge`](Assessor::merge), since each partial state rejects
    /// the records past the limit as it reads them.
    pub fn record_limit_exceeded(&self) -> bool {
        let max = self.ctx.options.max_records_per_learner;
        self.state.records_per_learner.iter().any(|n| *n > max)
    }

    /// Whether merging `other` into this state would give a learner more
    /// records than [`Options::max_records_per_learner`] (see
    /// [`Assessor::record_limit_exceeded`]).
    pub fn record_limit_exceeded_with(&self, other: &Assessor) -> bool {
        let max = self.ctx.options.max_records_per_learner;
        self.state
            .records_per_learner
            .iter()
            .zip(&other.state.records_per_learner)
            .any(|(a, b)| a.saturating_add(*b) > max)
    }

    /// Counts a record an importer has already judged to earn nothing (an
    /// xAPI duplicate, a voided statement, a cmi5 `completed` whose time its
    /// `terminated` statement carries): it gets its fate in the ledger, so
    /// `records_read` still counts every record read.
    pub fn record_uncredited(&mut self, record: UncreditedRecord) {
        self.record_uncredited_at(record, None, None);
    }

    /// Like [`Assessor::record_uncredited`], naming the record for the
    /// audit ledger ([`Options::audit`]): its id (an xAPI statement id,
    /// say), and where it was read.
    pub fn record_uncredited_at(
        &mut self,
        record: UncreditedRecord,
        record_id: Option<&str>,
        location: Option<&Location>,
    ) {
        let state = &mut self.state;
        state.records_read += 1;
        state.audit_row(|| {
            let (fate, detail) = audit::uncredited(record);
            let mut row =
                AuditRow::new(location.cloned().unwrap_or_default(), fate).ids(record_id, None);
            row.detail = Some(detail.to_string());
            row
        });
        match record {
            UncreditedRecord::Duplicate => {
                state.fates.duplicate += 1;
                state.detail.duplicate_ids += 1;
            }
            UncreditedRecord::ConflictingDuplicate => {
                state.fates.duplicate += 1;
                state.detail.conflicting_ids += 1;
            }
            UncreditedRecord::Voided => {
                state.fates.not_creditable += 1;
                state.detail.voided += 1;
            }
            UncreditedRecord::NoTimeOfItsOwn => {
                state.fates.not_creditable += 1;
                state.detail.no_time_of_its_own += 1;
            }
        }
    }

    /// Records a record that could not be read or used: it is counted as
    /// `rejected` and listed (up to the listing cap) with its location.
    pub fn reject(&mut self, rejection: Rejection) {
        self.state.records_read += 1;
        push_rejection(
            &mut self.state,
            self.ctx.options.rejections_listed,
            rejection,
            (None, None),
        );
    }

    /// Combines two partial assessments of disjoint slices of the records.
    ///
    /// Merging is associative and commutative: any partition of the records,
    /// merged in any order, finishes to the same assessment.
    ///
    /// # Errors
    ///
    /// [`MergeError::DifferentSetUp`] unless both have the same set-up:
    /// they come from the same [`Assessor::new`] (directly or through
    /// [`Assessor::fork`] or [`Assessor::fork_from_bytes`]), or from set-ups
    /// with the same fingerprint (equal pledge, roster, leave, period,
    /// `as_of` and options; see [`Assessor::to_bytes`]).
    pub fn merge(mut self, other: Assessor) -> Result<Assessor, MergeError> {
        if !Arc::ptr_eq(&self.ctx, &other.ctx) && self.ctx.fingerprint() != other.ctx.fingerprint()
        {
            return Err(MergeError::DifferentSetUp);
        }
        let options = self.ctx.options;
        self.state.absorb(
            other.state,
            options.rejections_listed,
            options.unknown_learners_listed,
        );
        Ok(self)
    }

    /// The partial state as bytes another process can read back
    /// ([`Assessor::from_bytes`], [`Assessor::fork_from_bytes`]) and merge.
    ///
    /// The bytes are a versioned envelope (format version
    /// [`STATE_FORMAT_VERSION`](crate::STATE_FORMAT_VERSION)): the magic `UPSKSTAT`, the version, the
    /// SHA-256 fingerprint of the set-up (pledge, roster, leave, period,
    /// `as_of`, options), the state in postcard, and a SHA-256 checksum; the
    /// layout is in `docs/scale.md` ("Partial states"). Their size grows
    /// with the learners (a few bytes each) and the records kept for their
    /// learners (about 23 bytes each), not with the records read. The finish
    /// threads ([`Assessor::set_finish_threads`]) are not part of it.
    ///
    /// Serialising, shipping, reading back and merging any partition of
    /// the records finishes to the same assessment as one assessor reading
    /// them all.
    pub fn to_bytes(&self) -> Vec<u8> {
        wire::to_bytes(&self.ctx, &self.state)
    }

    /// Sets up an assessment as [`Assessor::with_options`] does and reads
    /// its partial state from `bytes` (made by [`Assessor::to_bytes`] under
    /// the same set-up, in any process).
    ///
    /// # Errors
    ///
    /// [`StateError::SetUp`] when the set-up itself fails (as
    /// [`Assessor::with_options`]); otherwise as [`Assessor::fork_from_bytes`].
    pub fn from_bytes(
        pledge: Pledge,
        roster: Roster,
        leave: Leave,
        period: Period,
        as_of: DateTime<Utc>,
        options: Options,
        bytes: &[u8],
    ) -> Result<Assessor, StateError> {
        Assessor::with_options(pledge, roster, leave, period, as_of, options)?
            .fork_from_bytes(bytes)
    }

    /// An assessor with this one's set-up (as [`Assessor::fork`]) holding
    /// the partial state read from `bytes`, ready to [`merge`](Assessor::merge).
    ///
    /// # Errors
    ///
    /// [`StateError`]: [`NotAState`](StateError::NotAState) without the
    /// magic, [`UnsupportedVersion`](StateError::UnsupportedVersion) for
    /// another format version, [`WrongLength`](StateError::WrongLength) for
    /// truncated bytes or bytes after the state, [`Corrupt`](StateError::Corrupt)
    /// when the checksum does not match, [`DifferentSetUp`](StateError::DifferentSetUp)
    /// for a state of another set-up, and [`Malformed`](StateError::Malformed)
    /// for a body that does not decode or does not fit the set-up. No
    /// input panics.
    pub fn fork_from_bytes(&self, bytes: &[u8]) -> Result<Assessor, StateError> {
        Ok(Assessor {
            ctx: Arc::clone(&self.ctx),
            state: wire::from_bytes(&self.ctx, bytes)?,
            finish_threads: self.finish_threads,
        })
    }

    /// Finishes the assessment.
    pub fn finish(self) -> Assessment {
        judge::finish(&self.ctx, self.state, self.finish_threads).0
    }

    /// Finishes the assessment with its per-record audit ledger: one
    /// [`AuditRow`] per record read, sorted by location (then record id),
    /// so the same records give the same rows whatever the reading order or
    /// the partition into merged states. The rows are empty unless
    /// [`Options::audit`] is on; with it, `rows.len() == ledger.records_read`,
    /// the rows of each fate add up to `ledger.fates`, and a learner-week's
    /// rows add up to its learned minutes (see [`AuditRow`]).
    pub fn finish_audited(self) -> (Assessment, Vec<AuditRow>) {
        judge::finish(&self.ctx, self.state, self.finish_threads)
    }
}
