//! A report that cannot mislead: the period chosen from the data, data
//! warnings with stable codes, and the digests of every input.
//!
//! DOMAIN.md ("Trust"): the period, when not given, is the span of the
//! data, never a window that holds none of it; a report names its inputs'
//! digests, so a rerun can be shown to give the same bytes. Thresholds are
//! in `docs/rules.md` ("Data warnings").

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, Utc};
use upskill_calendar::{Calendar, Week};
use upskill_policy::{Assessment, MAX_PERIOD_WEEKS};

use crate::period::{DEFAULT_WEEKS, PeriodError};

/// The stable codes of data warnings (letter `W`).
pub mod codes {
    pub use upskill_diagnostics::codes::data::*;
}

/// Share of records outside the period above which [`codes::MOST_OUTSIDE_PERIOD`] is given.
pub const OUTSIDE_PERIOD_SHARE: f64 = 0.5;
/// Share of records rejected above which [`codes::MANY_REJECTED`] is given.
pub const REJECTED_SHARE: f64 = 0.1;
/// Share of records of learners not on the roster above which
/// [`codes::UNKNOWN_LEARNERS`] is given (it is given at any share when an
/// id matches the roster apart from case or white space, or looks like an
/// e-mail address).
pub const UNKNOWN_LEARNER_SHARE: f64 = 0.05;
/// A week at the edge of the data is sparse when it holds fewer records of
/// rostered learners than this share of the median week's (the median over
/// the weeks from the first record to the last, empty weeks included). A
/// period chosen from the data starts after a sparse lead-in and names the
/// weeks left out ([`codes::SPARSE_EDGE_WEEKS`]); a sparse last week is
/// kept, with the same warning (leaving it out could hide a real lapse).
pub const SPARSE_WEEK_SHARE: f64 = 0.25;

/// One data warning: a stable code, a sentence, the counts behind it, and
/// a suggested fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct DataWarning {
    /// Stable code (`W001`...; see `docs/rules.md`).
    pub code: String,
    /// What is wrong, in plain words.
    pub message: String,
    /// The counts behind the message, by name.
    pub counts: BTreeMap<String, u64>,
    /// What to do about it.
    pub fix: String,
}

/// How the period was chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "how")]
pub enum PeriodBasis {
    /// `from` and `to` were both given.
    Given,
    /// Chosen from the weeks the records of rostered learners cover (a
    /// given `from` or `to` kept).
    Data {
        /// First week holding a record of a rostered learner.
        first_record_week: Week,
        /// Last week holding a record of a rostered learner.
        last_record_week: Week,
        /// The sentence the report prints.
        text: String,
    },
    /// No record of a rostered learner: the ten weeks ending with the last
    /// week over at `as_of`.
    Default {
        /// The sentence the report prints.
        text: String,
    },
}

impl PeriodBasis {
    /// One sentence saying how the period was chosen.
    pub fn describe(&self) -> String {
        match self {
            PeriodBasis::Given => "the period was given (--from and --to)".to_string(),
            PeriodBasis::Data { text, .. } | PeriodBasis::Default { text } => text.clone(),
        }
    }
}

/// What a first pass over the session inputs saw: the weeks covered by
/// records of rostered learners, and the UTC offsets they were written with.
#[derive(Debug, Clone, Default)]
pub(crate) struct DataSpan {
    pub(crate) first: Option<Week>,
    pub(crate) last: Option<Week>,
    /// Distinct offsets, in seconds east of UTC (at most 16 kept).
    pub(crate) offsets: BTreeSet<i32>,
    /// Records of rostered learners by the week they start in.
    pub(crate) records: BTreeMap<Week, u64>,
}

impl DataSpan {
    /// Records of rostered learners starting in `week`.
    pub(crate) fn records_in(&self, week: Week) -> u64 {
        self.records.get(&week).copied().unwrap_or(0)
    }

    /// The records of the median week from `first` to `last` (empty weeks
    /// included; the lower median of an even count).
    fn median_week(&self, first: Week, last: Week) -> u64 {
        let mut counts: Vec<u64> = Vec::new();
        let mut week = first;
        while week <= last && counts.len() < MAX_MEDIAN_WEEKS {
            counts.push(self.records_in(week));
            match week.next() {
                Ok(next) => week = next,
                Err(_) => break,
            }
        }
        counts.sort_unstable();
        counts
            .get(counts.len().saturating_sub(1) / 2)
            .copied()
            .unwrap_or(0)
    }

    /// Whether every week from `first` up to (not including) `end` is
    /// [`sparse`](Self::sparse).
    fn all_sparse(&self, first: Week, end: Week, median: u64) -> bool {
        let mut week = first;
        let mut seen = 0_usize;
        while week < end && seen < MAX_MEDIAN_WEEKS {
            if !self.sparse(week, median) {
                return false;
            }
            seen += 1;
            match week.next() {
                Ok(next) => week = next,
                Err(_) => break,
            }
        }
        true
    }

    /// Whether `week` holds fewer records than [`SPARSE_WEEK_SHARE`] of
    /// `median`.
    fn sparse(&self, week: Week, median: u64) -> bool {
        (self.records_in(week) as f64) < SPARSE_WEEK_SHARE * median as f64
    }
}

/// Most weeks the median of [`DataSpan`] looks at (a record dated centuries
/// away cannot make it walk them all).
const MAX_MEDIAN_WEEKS: usize = 10_000;

impl DataSpan {
    /// Notes a record of a rostered learner from `start` to `end`.
    pub(crate) fn add(
        &mut self,
        calendar: &Calendar,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    ) {
        if self.offsets.len() < 16 {
            self.offsets.insert(start.offset().local_minus_utc());
        }
        // The start's week is found once (the zone's offset is the cost).
        let start_week = calendar.week_of_instant(start.with_timezone(&Utc)).ok();
        if let Some(week) = start_week {
            *self.records.entry(week).or_default() += 1;
        }
        let last_week = if end > start {
            calendar
                .week_of_instant(end.with_timezone(&Utc) - chrono::Duration::milliseconds(1))
                .ok()
        } else {
            start_week
        };
        for week in [start_week, last_week].into_iter().flatten() {
            self.first = Some(self.first.map_or(week, |w| w.min(week)));
            self.last = Some(self.last.map_or(week, |w| w.max(week)));
        }
    }
}

fn shift(week: Week, weeks: i64) -> Result<Week, PeriodError> {
    let mut w = week;
    for _ in 0..weeks.unsigned_abs() {
        w = if weeks < 0 { w.previous() } else { w.next() }
            .map_err(|e| PeriodError::Calendar(e.to_string()))?;
    }
    Ok(w)
}

/// The period from the data: from the first to the last week holding a
/// record of a rostered learner, ending no later than the last week over at
/// `as_of`, at most [`MAX_PERIOD_WEEKS`] long (the latest weeks kept); a
/// given `from` or `to` is kept. Leading sparse weeks ([`SPARSE_WEEK_SHARE`]
/// of the median week's records) are left out when `from` is not given.
/// Without data, or when no week of the data is over at `as_of` (as-of
/// before the first record), the default ten weeks ending with the last
/// week over at `as_of`.
pub(crate) fn period_from_data(
    from: Option<Week>,
    to: Option<Week>,
    span: &DataSpan,
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<(Week, Week, PeriodBasis), PeriodError> {
    let current = calendar
        .week_of_instant(as_of)
        .map_err(|e| PeriodError::Calendar(format!("`--as-of`: {e}")))?;
    let last_closed = shift(current, -1)?;
    let default_period =
        |text: &dyn Fn(Week, Week) -> String| -> Result<(Week, Week, PeriodBasis), PeriodError> {
            let to = match (to, from) {
                (Some(to), _) => to,
                (None, Some(from)) if from > last_closed => from,
                _ => last_closed,
            };
            let from = match from {
                Some(from) => from,
                None => shift(to, -(DEFAULT_WEEKS - 1))?,
            };
            let text = text(from, to);
            Ok((from, to, PeriodBasis::Default { text }))
        };
    let (Some(data_first), Some(data_last)) = (span.first, span.last) else {
        return default_period(&|from, to| {
            format!(
                "no record of a rostered learner was found, so the period is {from}..{to}: the ten weeks ending with the last week over at as-of"
            )
        });
    };
    if data_first > last_closed && to.is_none() {
        return default_period(&|from, to| {
            format!(
                "no week of the data is over at as-of (records of rostered learners cover {data_first}..{data_last}; the last week over is {last_closed}), so the period is {from}..{to}: the ten weeks ending with the last week over at as-of"
            )
        });
    }
    let (given_from, given_to) = (from.is_some(), to.is_some());
    let to = to.unwrap_or_else(|| data_last.min(last_closed));
    let median = span.median_week(data_first, data_last);
    let mut lead_in = 0_u64;
    let mut start = data_first;
    if from.is_none() {
        while start < to && span.sparse(start, median) {
            lead_in += 1;
            start = shift(start, 1)?;
        }
    }
    let mut from = from.unwrap_or_else(|| start.min(to));
    let longest = MAX_PERIOD_WEEKS as i64;
    if from.weeks_until(to) + 1 > longest {
        from = shift(to, -(longest - 1))?;
    }
    if to < from {
        return Err(PeriodError::Inverted { from, to });
    }
    // One bound given: say which, so a reader does not take the caller's
    // choice for the data's.
    let chosen = match (given_from, given_to) {
        (true, false) => "starts at the given --from and ends with the data",
        (false, true) => "ends at the given --to and starts with the data",
        _ => "was chosen from the data",
    };
    let mut text = format!(
        "the period {from}..{to} {chosen}: records of rostered learners cover {data_first}..{data_last}"
    );
    if lead_in > 0 {
        let left_out = shift(start, -1)?;
        text.push_str(&format!(
            "; the sparse lead-in {data_first}..{left_out} (fewer records than a quarter of the median week's {median}) is left out"
        ));
    }
    if data_last > last_closed {
        text.push_str(&format!(
            "; weeks after {last_closed} are not over at as-of and are left out"
        ));
    }
    Ok((
        from,
        to,
        PeriodBasis::Data {
            first_record_week: data_first,
            last_record_week: data_last,
            text,
        },
    ))
}

fn warning(
    code: &upskill_diagnostics::CodeInfo,
    message: String,
    counts: &[(&str, u64)],
    fix: &str,
) -> DataWarning {
    DataWarning {
        code: code.code.to_string(),
        message,
        counts: counts.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        fix: fix.to_string(),
    }
}

/// The fix of [`codes::MANY_REJECTED`]: `validate` with the run's as-of
/// (without it, `validate` cannot report `A001`); a later as-of first when
/// records after as-of are the most frequent rejection.
fn many_rejected_fix(top_code: Option<&str>, as_of: &str) -> String {
    let validate = format!(
        "run `upskill validate --as-of {as_of}` on the session files to see every problem with its location"
    );
    if top_code == Some(upskill_diagnostics::codes::engine::FUTURE_RECORD.code) {
        format!("most rejected records start after as-of (A001): give a later --as-of; {validate}")
    } else {
        validate
    }
}

/// What the data warnings need besides the assessment.
pub(crate) struct Evidence<'a> {
    pub(crate) span: &'a DataSpan,
    pub(crate) basis: &'a PeriodBasis,
    pub(crate) roster_ids: &'a [String],
    pub(crate) zone: &'a str,
}

/// The data warnings of an assessment (see [`codes`]).
pub(crate) fn warnings(assessment: &Assessment, evidence: &Evidence<'_>) -> Vec<DataWarning> {
    let mut out = Vec::new();
    let ledger = &assessment.ledger;
    let read = ledger.records_read;
    let fates = &ledger.fates;
    let share = |n: u64| {
        if read == 0 {
            0.0
        } else {
            n as f64 / read as f64
        }
    };
    // W006 is about the ids only when records of rostered learners are
    // missing; when they exist but start after as-of, W008 says why (the
    // ids are fine). With no record read at all, a verdict would be
    // "nobody learned" from an empty or header-only export: say so first.
    if let PeriodBasis::Default { .. } = evidence.basis
        && evidence.span.first.is_none()
    {
        if read > 0 {
            // The ids are to blame only when records name learners the
            // roster does not hold; otherwise every record was rejected or
            // carries no creditable time (such as an xAPI verb not credited).
            let (message, fix) = if fates.unknown_learner > 0 {
                (
                    format!(
                        "no record of a learner on the roster was found among {read} records, so the period could not be chosen from the data"
                    ),
                    "check that the roster's learner ids are the ones the session records use",
                )
            } else {
                (
                    format!(
                        "none of the {read} records became a session of a learner on the roster (each was rejected or carries no creditable time), so the period could not be chosen from the data"
                    ),
                    "see the other warnings and the ledger for why no record became a session; the ids are not the cause",
                )
            };
            out.push(warning(
                &codes::NO_DATA_FOR_PERIOD,
                message,
                &[
                    ("records_read", read),
                    ("unknown_learner", fates.unknown_learner),
                ],
                fix,
            ));
        } else {
            out.push(warning(
                &codes::NO_DATA_FOR_PERIOD,
                "no learning record was read: the session inputs hold no records, so no week can be met and the period is the default ten weeks".to_string(),
                &[("records_read", 0)],
                "check the session files: an empty or header-only export, or an export filter that matched nothing, looks like this",
            ));
        }
    }
    let period = &assessment.period;
    if let (Some(data_first), Some(data_last)) = (evidence.span.first, evidence.span.last) {
        let before_data = match evidence.basis {
            PeriodBasis::Default { .. } => period.last_week < data_first,
            _ => false,
        };
        if before_data {
            out.push(warning(
                &codes::AS_OF_BEFORE_DATA,
                format!(
                    "as-of ({}) is before the data's first record: records of rostered learners cover {data_first}..{data_last}, and none of their weeks is over at as-of, so the period {}..{} holds none of them",
                    assessment.period.as_of, period.first_week, period.last_week
                ),
                &[("records_read", read)],
                &format!(
                    "give an --as-of after the weeks to judge (after {data_last} to judge them all), or leave it out to judge now"
                ),
            ));
        }
        if let PeriodBasis::Data { .. } = evidence.basis {
            let median = evidence.span.median_week(data_first, data_last);
            // Only a lead-in the rule left out: with `--from` given, the
            // weeks before it are the caller's choice, not a sparse lead-in
            // (every week left out is sparse exactly when the rule chose).
            if data_first < period.first_week
                && evidence
                    .span
                    .all_sparse(data_first, period.first_week, median)
            {
                let left: u64 = evidence
                    .span
                    .records
                    .range(data_first..period.first_week)
                    .map(|(_, n)| *n)
                    .sum();
                out.push(warning(
                    &codes::SPARSE_EDGE_WEEKS,
                    format!(
                        "the data starts with a sparse lead-in: {left} record(s) from {data_first} to the week before {} (the median week holds {median}) are left out of the period {}..{}",
                        period.first_week, period.first_week, period.last_week
                    ),
                    &[("lead_in_records", left), ("median_week_records", median)],
                    "give --from to judge the lead-in weeks too",
                ));
            }
            let last = evidence.span.records_in(period.last_week);
            if period.last_week > data_first && evidence.span.sparse(period.last_week, median) {
                out.push(warning(
                    &codes::SPARSE_EDGE_WEEKS,
                    format!(
                        "the period's last week {} holds few records ({last}; the median week holds {median}): it is judged as it is, and a late export or a week still being recorded would lower its rate",
                        period.last_week
                    ),
                    &[("last_week_records", last), ("median_week_records", median)],
                    "check that the export is complete up to the period's end, or give --to to end the period earlier",
                ));
            }
        }
    }
    if share(fates.outside_period) > OUTSIDE_PERIOD_SHARE {
        let covered = match (evidence.span.first, evidence.span.last) {
            (Some(a), Some(b)) => format!("; the records cover {a}..{b}"),
            _ => String::new(),
        };
        out.push(warning(
            &codes::MOST_OUTSIDE_PERIOD,
            format!(
                "{} of {read} records fall outside the period {}..{}{covered}",
                fates.outside_period, assessment.period.first_week, assessment.period.last_week
            ),
            &[("outside_period", fates.outside_period), ("records_read", read)],
            "leave out --from and --to to judge the weeks the data covers, or give the weeks it covers",
        ));
    }
    if share(fates.rejected) > REJECTED_SHARE {
        let mut by_code: BTreeMap<&str, u64> = BTreeMap::new();
        for r in &ledger.rejections {
            *by_code.entry(r.code.as_str()).or_default() += 1;
        }
        let mut top: Vec<(&str, u64)> = by_code.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = top
            .iter()
            .take(3)
            .map(|(c, n)| format!("{c} x{n}"))
            .collect();
        let mut counts = vec![("rejected", fates.rejected), ("records_read", read)];
        counts.extend(top.iter().take(3).map(|(c, n)| (*c, *n)));
        out.push(warning(
            &codes::MANY_REJECTED,
            format!(
                "{} of {read} records were rejected; the most frequent codes among those listed: {}",
                fates.rejected,
                listed.join(", ")
            ),
            &counts,
            &many_rejected_fix(top.first().map(|t| t.0), &assessment.period.as_of),
        ));
    }
    if fates.unknown_learner > 0 {
        let unknown: Vec<&str> = ledger
            .unknown_learners
            .iter()
            .map(|u| u.learner_id.as_str())
            .collect();
        // Apart from case, white space, and the leading zeros a spreadsheet
        // drops from an id made of digits (`00123` opened in Excel is `123`).
        let normal = |id: &str| {
            let id = id.trim().to_lowercase();
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                let digits = id.trim_start_matches('0');
                if digits.is_empty() {
                    "0".to_string()
                } else {
                    digits.to_string()
                }
            } else {
                id
            }
        };
        let roster: BTreeMap<String, &str> = evidence
            .roster_ids
            .iter()
            .map(|id| (normal(id), id.as_str()))
            .collect();
        let near: Vec<String> = unknown
            .iter()
            .filter_map(|id| {
                roster
                    .get(&normal(id))
                    .map(|r| format!("`{id}` (roster: `{r}`)"))
            })
            .take(5)
            .collect();
        let emails = unknown.iter().filter(|id| id.contains('@')).count() as u64;
        let notable =
            share(fates.unknown_learner) > UNKNOWN_LEARNER_SHARE || !near.is_empty() || emails > 0;
        // The ids are counted only when every one is listed: past the
        // list's cap, or with the list left out of a shared report
        // (`--detail teams`), the listed ones are a lower bound.
        let listed = unknown.len() as u64;
        let mut message = match (ledger.unknown_learners_not_listed, listed) {
            (0, _) => format!(
                "{} record(s) of {listed} learner id(s) not on the roster",
                fates.unknown_learner
            ),
            (_, 0) => format!(
                "{} record(s) of learners not on the roster",
                fates.unknown_learner
            ),
            (_, _) => format!(
                "{} record(s) of more than {listed} learner id(s) not on the roster",
                fates.unknown_learner
            ),
        };
        let mut fix =
            "add the learners to the roster, or check that both files use the same ids".to_string();
        if !near.is_empty() {
            message.push_str(&format!(
                "; some match roster ids apart from case, white space or leading zeros: {}",
                near.join(", ")
            ));
            fix =
                "write the ids the same way in both files (case, white space and leading zeros count; a spreadsheet drops the leading zeros of an id made of digits: keep the column as text)".to_string();
        }
        if emails > 0 {
            message.push_str(&format!("; {emails} look like e-mail addresses"));
            fix.push_str(
                "; records keyed by e-mail need a mapping to learner ids (see docs/mappings.md)",
            );
        }
        if notable {
            out.push(warning(
                &codes::UNKNOWN_LEARNERS,
                message,
                &[
                    ("unknown_learner", fates.unknown_learner),
                    ("matching_apart_from_case", near.len() as u64),
                    ("e_mail_like", emails),
                ],
                &fix,
            ));
        }
    }
    let empty: Vec<String> = assessment
        .weekly
        .iter()
        .filter(|w| w.credited_minutes == 0 && w.eligible > 0)
        .map(|w| w.week.to_string())
        .collect();
    if !empty.is_empty() && fates.credited > 0 {
        out.push(warning(
            &codes::EMPTY_WEEKS,
            format!(
                "{} week(s) of the period hold no credited learning at all: {}",
                empty.len(),
                empty.join(", ")
            ),
            &[("weeks", empty.len() as u64)],
            "check that the export covers these weeks (a missing file or a filtered export looks like this)",
        ));
    }
    let fixed_zone = matches!(
        evidence.zone,
        "UTC"
            | "GMT"
            | "Etc/UTC"
            | "Etc/GMT"
            | "Etc/UCT"
            | "UCT"
            | "Etc/Universal"
            | "Universal"
            | "Etc/Zulu"
            | "Zulu"
            | "Etc/Greenwich"
            | "Greenwich"
            | "GMT0"
            | "Etc/GMT0"
    );
    let hour_apart = evidence
        .span
        .offsets
        .iter()
        .zip(evidence.span.offsets.iter().skip(1))
        .any(|(a, b)| b - a == 3600);
    if fixed_zone && hour_apart {
        let offsets: Vec<String> = evidence
            .span
            .offsets
            .iter()
            .map(|s| format!("{:+03}:{:02}", s / 3600, (s.abs() % 3600) / 60))
            .collect();
        out.push(warning(
            &codes::ZONE_WITHOUT_DST,
            format!(
                "the pledge's zone is `{}`, which never changes its clocks, but the records are written with offsets {} an hour apart, like a zone with daylight saving time: weeks may start an hour off",
                evidence.zone,
                offsets.join(", ")
            ),
            &[("offsets", evidence.span.offsets.len() as u64)],
            "set the pledge's time_zone to the organisation's IANA zone, such as `Europe/London`",
        ));
    }
    out
}

/// The SHA-256 of an input, as lowercase hex, with its size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InputDigest {
    /// The input's role (`pledge`, `roster`, `leave`, `holidays`, `people`,
    /// `actors`, `sessions`).
    pub role: String,
    /// The input's name as given.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}
