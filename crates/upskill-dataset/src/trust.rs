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
}

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
        let last_instant = if end > start {
            end.with_timezone(&Utc) - chrono::Duration::milliseconds(1)
        } else {
            start.with_timezone(&Utc)
        };
        for instant in [start.with_timezone(&Utc), last_instant] {
            if let Ok(week) = calendar.week_of_instant(instant) {
                self.first = Some(self.first.map_or(week, |w| w.min(week)));
                self.last = Some(self.last.map_or(week, |w| w.max(week)));
            }
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
/// given `from` or `to` is kept. Without data, the default ten weeks.
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
    let (Some(data_first), Some(data_last)) = (span.first, span.last) else {
        let to = match (to, from) {
            (Some(to), _) => to,
            (None, Some(from)) if from > last_closed => from,
            _ => last_closed,
        };
        let from = match from {
            Some(from) => from,
            None => shift(to, -(DEFAULT_WEEKS - 1))?,
        };
        let text = format!(
            "no record of a rostered learner was found, so the period is {from}..{to}: the ten weeks ending with the last week over at as-of"
        );
        return Ok((from, to, PeriodBasis::Default { text }));
    };
    let to = to.unwrap_or_else(|| data_last.min(last_closed));
    let mut from = from.unwrap_or_else(|| data_first.min(to));
    let longest = MAX_PERIOD_WEEKS as i64;
    if from.weeks_until(to) + 1 > longest {
        from = shift(to, -(longest - 1))?;
    }
    if to < from {
        return Err(PeriodError::Inverted { from, to });
    }
    let mut text = format!(
        "the period {from}..{to} was chosen from the data: records of rostered learners cover {data_first}..{data_last}"
    );
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
    if let PeriodBasis::Default { .. } = evidence.basis
        && read > 0
    {
        out.push(warning(
            &codes::NO_DATA_FOR_PERIOD,
            format!(
                "no record of a learner on the roster was found among {read} records, so the period could not be chosen from the data"
            ),
            &[("records_read", read)],
            "check that the roster's learner ids are the ones the session records use",
        ));
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
            "run `upskill validate` on the session files to see every problem with its location",
        ));
    }
    if fates.unknown_learner > 0 {
        let unknown: Vec<&str> = ledger
            .unknown_learners
            .iter()
            .map(|u| u.learner_id.as_str())
            .collect();
        let normal = |id: &str| id.trim().to_lowercase();
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
        let ids = unknown.len() as u64 + ledger.unknown_learners_not_listed.min(1);
        let mut message = format!(
            "{} record(s) of {} learner id(s) not on the roster",
            fates.unknown_learner, ids
        );
        let mut fix =
            "add the learners to the roster, or check that both files use the same ids".to_string();
        if !near.is_empty() {
            message.push_str(&format!(
                "; some match roster ids apart from case or white space: {}",
                near.join(", ")
            ));
            fix =
                "write the ids the same way in both files (case and white space count)".to_string();
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
