//! Roster, leave and public-holiday rows: CSV, and the JSON roster and leave documents.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::num::NonZeroU32;

use chrono::NaiveDate;
use upskill_pledge::Proportion;
use upskill_quota::{Learner, Leave, LeaveKind, LeaveSpan, QuotaError, Roster, Workload};
use upskill_session::LearnerId;

use crate::codes::{self, HOLIDAY_CODES, LEAVE_CODES, ROSTER_CODES};
use crate::decode::{Decoder, shown};
use crate::diagnostics::{Diagnostic, Location};
use crate::options::{DocumentKind, Format, ReadOptions};
use crate::reader::{Reader, Spec};
use crate::record::{Located, Rejected};
use crate::values::{DecimalError, exact_decimal_times};

/// Roster columns (CSV) and members (JSON `learners` entries).
pub const ROSTER_FIELDS: &[&str] = &[
    "learner_id",
    "start_date",
    "end_date",
    "fte",
    "contracted_hours",
    "team",
];
/// Leave columns (CSV) and members (JSON `leave` entries).
pub const LEAVE_FIELDS: &[&str] = &["learner_id", "from", "to", "kind"];
/// Public-holiday columns.
pub const HOLIDAY_FIELDS: &[&str] = &["date", "name"];

pub(crate) static ROSTER: Spec<Learner> = Spec {
    kind: DocumentKind::Roster,
    fields: ROSTER_FIELDS,
    required: &[&["learner_id"]],
    csv_only: &[],
    codes: ROSTER_CODES,
    document_key: Some("learners"),
    decode: decode_learner,
};

pub(crate) static LEAVE: Spec<LeaveEntry> = Spec {
    kind: DocumentKind::Leave,
    fields: LEAVE_FIELDS,
    required: &[&["learner_id"], &["from"], &["to"]],
    csv_only: &[],
    codes: LEAVE_CODES,
    document_key: Some("leave"),
    decode: decode_leave,
};

pub(crate) static HOLIDAYS: Spec<Holiday> = Spec {
    kind: DocumentKind::Holidays,
    fields: HOLIDAY_FIELDS,
    required: &[&["date"]],
    csv_only: &[],
    codes: HOLIDAY_CODES,
    document_key: None,
    decode: decode_holiday,
};

/// One leave row: whose, and the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveEntry {
    /// The learner away.
    pub learner: LearnerId,
    /// The days away (inclusive) and why.
    pub span: LeaveSpan,
}

/// One public holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The local date.
    pub date: NaiveDate,
    /// Its name, if given.
    pub name: Option<String>,
}

/// A streaming reader of roster rows.
pub type RosterReader<R> = Reader<R, Learner>;
/// A streaming reader of leave rows.
pub type LeaveReader<R> = Reader<R, LeaveEntry>;
/// A streaming reader of public-holiday rows.
pub type HolidayReader<R> = Reader<R, Holiday>;

/// Reads roster rows from CSV (`learner_id, start_date, end_date, fte,
/// contracted_hours, team`) or a JSON roster document
/// (`{"schema_version": 1, "learners": [...]}`). FTE is read exactly from its
/// decimal text.
///
/// Each row is checked on its own; learners appearing twice are found by
/// [`collect_roster`].
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_roster};
///
/// let csv = "learner_id,fte,team\ne1,0.6,data\ne2,1.5,data\n";
/// let rows: Vec<_> = read_roster("roster.csv", csv.as_bytes(), None, ReadOptions::new()).collect();
/// assert!(rows[0].is_ok());
/// assert_eq!(rows[1].as_ref().unwrap_err().reason().code, "R006");
/// ```
pub fn read_roster<R: BufRead>(
    file: &str,
    input: R,
    format: Option<Format>,
    options: ReadOptions,
) -> RosterReader<R> {
    Reader::open(&ROSTER, file, input, format, options)
}

/// Reads leave rows from CSV (`learner_id, from, to, kind`) or a JSON leave
/// document (`{"schema_version": 1, "leave": [...]}`).
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_leave};
///
/// let csv = "learner_id,from,to,kind\ne1,2026-03-02,2026-03-06,annual\n";
/// let entry = read_leave("leave.csv", csv.as_bytes(), None, ReadOptions::new()).next().unwrap()?;
/// assert_eq!(entry.value.span.to.to_string(), "2026-03-06");
/// # Ok::<(), upskill_formats::Rejected>(())
/// ```
pub fn read_leave<R: BufRead>(
    file: &str,
    input: R,
    format: Option<Format>,
    options: ReadOptions,
) -> LeaveReader<R> {
    Reader::open(&LEAVE, file, input, format, options)
}

/// Reads public holidays from CSV (`date[, name]`).
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_holidays};
///
/// let csv = "date,name\n2026-12-25,Christmas Day\n";
/// let day = read_holidays("holidays.csv", csv.as_bytes(), None, ReadOptions::new()).next().unwrap()?;
/// assert_eq!(day.value.name.as_deref(), Some("Christmas Day"));
/// # Ok::<(), upskill_formats::Rejected>(())
/// ```
pub fn read_holidays<R: BufRead>(
    file: &str,
    input: R,
    format: Option<Format>,
    options: ReadOptions,
) -> HolidayReader<R> {
    Reader::open(&HOLIDAYS, file, input, format, options)
}

/// Reads every roster row into a [`Roster`], with every problem: file
/// problems, rejected rows, and [`ROSTER_DUPLICATE_LEARNER`](codes::ROSTER_DUPLICATE_LEARNER)
/// for a learner seen again (the first row is kept).
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, collect_roster, read_roster};
///
/// let csv = "learner_id\ne1\ne2\ne1\n";
/// let (roster, problems) = collect_roster(read_roster("roster.csv", csv.as_bytes(), None, ReadOptions::new()));
/// assert_eq!(roster.len(), 2);
/// assert_eq!(problems[0].to_string(), "roster.csv:4:1: error[R010]: learner `e1` appears more than once in the roster (first on line 2)");
/// ```
pub fn collect_roster<R: BufRead>(mut reader: RosterReader<R>) -> (Roster, Vec<Diagnostic>) {
    let mut problems = reader.take_file_problems();
    let (roster, found) = roster_from_rows(reader.by_ref());
    problems.extend(found);
    problems.extend(reader.take_file_problems());
    (roster, problems)
}

/// The roster of rows read by any roster reader (CSV, JSON, Parquet, a
/// mapping), and the rows' problems in reading order: each rejected row's,
/// each row's warnings, and `R010` for a learner listed twice (the first
/// row kept). File problems are the caller's: see [`collect_roster`].
pub fn roster_from_rows(
    rows: impl IntoIterator<Item = Result<Located<Learner>, Rejected>>,
) -> (Roster, Vec<Diagnostic>) {
    let mut roster = Roster::default();
    let mut problems = Vec::new();
    let mut first_seen: BTreeMap<LearnerId, Location> = BTreeMap::new();
    for item in rows {
        match item {
            Err(rejected) => problems.extend(rejected.into_diagnostics()),
            Ok(learner) => {
                problems.extend(learner.warnings.iter().cloned());
                if let Some(duplicate) = duplicate_learner(&first_seen, &learner) {
                    problems.push(duplicate);
                    continue;
                }
                first_seen.insert(learner.value.id().clone(), learner.location.clone());
                // Ids are unique by the check above, so this cannot fail.
                let _ = roster.insert(learner.value);
            }
        }
    }
    (roster, problems)
}

/// The duplicate-learner problem for `learner`, if its id was seen before
/// (`first_seen` maps ids to where they were first read).
///
/// # Example
///
/// ```
/// use std::collections::BTreeMap;
/// use upskill_formats::{ReadOptions, duplicate_learner, read_roster};
///
/// let mut seen = BTreeMap::new();
/// let mut problems = Vec::new();
/// for row in read_roster("roster.csv", "learner_id\ne1\ne1\n".as_bytes(), None, ReadOptions::new()) {
///     let learner = row?;
///     problems.extend(duplicate_learner(&seen, &learner));
///     seen.entry(learner.value.id().clone()).or_insert(learner.location.clone());
/// }
/// assert_eq!(problems[0].code, "R010");
/// # Ok::<(), upskill_formats::Rejected>(())
/// ```
pub fn duplicate_learner(
    first_seen: &BTreeMap<LearnerId, Location>,
    learner: &crate::Located<Learner>,
) -> Option<Diagnostic> {
    let first = first_seen.get(learner.value.id())?;
    let earlier = match (first.line, &first.pointer) {
        (Some(line), _) => format!(" (first on line {line})"),
        (None, Some(pointer)) => format!(" (first at `{pointer}`)"),
        _ => String::new(),
    };
    Some(Diagnostic::new(
        &codes::ROSTER_DUPLICATE_LEARNER,
        learner.field("learner_id"),
        format!(
            "{}{earlier}",
            QuotaError::DuplicateLearner(learner.value.id().to_string())
        ),
    ))
}

/// Reads every leave row into [`Leave`], with every problem (file problems
/// and rejected rows).
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, collect_leave, read_leave};
/// use upskill_session::LearnerId;
///
/// let csv = "learner_id,from,to\ne1,2026-03-02,2026-03-06\ne1,2026-03-09,2026-03-01\n";
/// let (leave, problems) = collect_leave(read_leave("leave.csv", csv.as_bytes(), None, ReadOptions::new()));
/// assert_eq!(leave.for_learner(&LearnerId::new("e1")?).len(), 1);
/// assert_eq!(problems[0].code, "L007");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn collect_leave<R: BufRead>(mut reader: LeaveReader<R>) -> (Leave, Vec<Diagnostic>) {
    let mut problems = reader.take_file_problems();
    let (leave, found) = leave_from_rows(reader.by_ref());
    problems.extend(found);
    problems.extend(reader.take_file_problems());
    (leave, problems)
}

/// The leave of rows read by any leave reader (CSV, JSON, Parquet, a
/// mapping), and the rows' problems in reading order (rejected rows,
/// warnings). File problems are the caller's: see [`collect_leave`].
pub fn leave_from_rows(
    rows: impl IntoIterator<Item = Result<Located<LeaveEntry>, Rejected>>,
) -> (Leave, Vec<Diagnostic>) {
    let mut leave = Leave::default();
    let mut problems = Vec::new();
    for item in rows {
        match item {
            Err(rejected) => problems.extend(rejected.into_diagnostics()),
            Ok(entry) => {
                problems.extend(entry.warnings);
                leave.insert(entry.value.learner, entry.value.span);
            }
        }
    }
    (leave, problems)
}

fn decode_learner(d: &mut Decoder<'_, '_>) -> Option<Learner> {
    let id = d.id("learner_id", LearnerId::new);
    let start = d.date("start_date", false);
    let end = d.date("end_date", false);
    let fte = d.number_text("fte");
    let hours = d.number_text("contracted_hours");
    let team = d.text("team", false, true);
    let who = id
        .as_ref()
        .map_or_else(|| "the learner".to_string(), ToString::to_string);
    let workload = match (fte, hours) {
        (Some(_), Some(_)) => {
            d.report(
                codes::ROSTER_BOTH_WORKLOADS,
                "contracted_hours",
                format!("learner `{who}` has both an FTE and contracted hours: give one"),
            );
            None
        }
        (Some(fte), None) => match Proportion::parse(&fte) {
            Ok(p) if p > Proportion::ZERO => Some(Workload::Fte(p)),
            _ => {
                d.report(
                    codes::ROSTER_FTE_OUT_OF_RANGE,
                    "fte",
                    format!(
                        "FTE `{}` of `{who}` must be above 0 and at most 1, with at most 6 decimal places{}",
                        shown(&fte),
                        workload_hint(&fte, true)
                    ),
                );
                None
            }
        },
        (None, Some(hours)) => match exact_decimal_times(&hours, 60)
            .map(|m| u32::try_from(m).ok().filter(|m| *m <= 168 * 60))
        {
            Ok(Some(minutes)) if minutes > 0 => {
                NonZeroU32::new(minutes).map(Workload::ContractedMinutes)
            }
            Err(DecimalError::Finer) => {
                d.report(
                    codes::ROSTER_HOURS_OUT_OF_RANGE,
                    "contracted_hours",
                    format!(
                        "contracted hours `{}` of `{who}` are not a whole number of minutes, which the engine keeps: give at most that precision",
                        shown(&hours)
                    ),
                );
                None
            }
            _ => {
                d.report(
                    codes::ROSTER_HOURS_OUT_OF_RANGE,
                    "contracted_hours",
                    format!(
                        "contracted hours `{}` of `{who}` must be above 0 and at most 168{}",
                        shown(&hours),
                        workload_hint(&hours, false)
                    ),
                );
                None
            }
        },
        (None, None) => Some(Workload::default()),
    };
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        let error = QuotaError::EmploymentEndsBeforeStart {
            learner: who.clone(),
            start,
            end,
        };
        d.report(
            codes::ROSTER_ENDS_BEFORE_START,
            "end_date",
            error.to_string(),
        );
    }
    if d.has_errors() {
        return None;
    }
    let mut learner = match Learner::new(id?, workload?) {
        Ok(learner) => learner,
        Err(error) => {
            d.report(codes::ROSTER_FTE_OUT_OF_RANGE, "fte", error.to_string());
            return None;
        }
    };
    for (date, is_start) in [(start, true), (end, false)] {
        let Some(date) = date else { continue };
        let result = if is_start {
            learner.clone().with_start_date(date)
        } else {
            learner.clone().with_end_date(date)
        };
        match result {
            Ok(next) => learner = next,
            Err(error) => {
                d.report(
                    codes::ROSTER_ENDS_BEFORE_START,
                    "end_date",
                    error.to_string(),
                );
                return None;
            }
        }
    }
    if let Some(team) = team {
        learner = learner.with_team(team);
    }
    Some(learner)
}

fn decode_leave(d: &mut Decoder<'_, '_>) -> Option<LeaveEntry> {
    let id = d.id("learner_id", LearnerId::new);
    let from = d.date("from", true);
    let to = d.date("to", true);
    let csv = d.is_csv();
    let kind = match d.text("kind", false, false) {
        None => Some(LeaveKind::Other),
        Some(text) => {
            let kind = if csv {
                LeaveKind::parse(text).ok()
            } else {
                [
                    LeaveKind::Annual,
                    LeaveKind::Sick,
                    LeaveKind::Parental,
                    LeaveKind::Other,
                ]
                .into_iter()
                .find(|k| {
                    LeaveKind::parse(text).ok() == Some(*k)
                        && text.bytes().all(|b| b.is_ascii_lowercase())
                })
            };
            if kind.is_none() {
                d.report(
                    codes::LEAVE_UNKNOWN_KIND,
                    "kind",
                    QuotaError::UnknownLeaveKind(shown(text)).to_string(),
                );
            }
            kind
        }
    };
    if let (Some(id), Some(from), Some(to)) = (&id, from, to)
        && to < from
    {
        let error = QuotaError::LeaveInverted {
            learner: id.to_string(),
            from,
            to,
        };
        d.report(codes::LEAVE_INVERTED, "to", error.to_string());
    }
    if d.has_errors() {
        return None;
    }
    let learner = id?;
    match LeaveSpan::new(&learner, from?, to?, kind?) {
        Ok(span) => Some(LeaveEntry { learner, span }),
        Err(error) => {
            d.report(codes::LEAVE_INVERTED, "to", error.to_string());
            None
        }
    }
}

fn decode_holiday(d: &mut Decoder<'_, '_>) -> Option<Holiday> {
    let date = d.date("date", true);
    let name = d.text("name", false, true).map(str::to_string);
    Some(Holiday { date: date?, name })
}

/// The likely cause of a refused FTE or contracted-hours cell, as a clause
/// to append to its message (empty when there is none to name): a decimal
/// comma (`37,5` in a comma-separated file, which keeps the canonical
/// reading), or, for FTE, a percentage (`50` (10 to 100), `50%`: HR
/// exports such as Workday's write FTE so).
fn workload_hint(text: &str, fte: bool) -> String {
    let text = text.trim();
    if text.contains(',') && !text.contains('.') {
        return ": use `.` as the decimal mark, or `--decimal-comma`".to_string();
    }
    let number = text.strip_suffix('%').unwrap_or(text).trim();
    let percent = number
        .parse::<f64>()
        .is_ok_and(|n| (10.0..=100.0).contains(&n));
    if fte && (percent || text.ends_with('%')) {
        return format!(
            ": `{}` looks like a percentage: write it as a share of 1 (50% is 0.5), or read the roster through a mapping with `percent = true` (such as the preset `workday-worker-roster`)",
            shown(text)
        );
    }
    String::new()
}
