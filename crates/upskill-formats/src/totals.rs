//! Time-spent totals: CSV (`time_totals.csv`) and JSON Lines
//! (docs/formats.md, "Time totals").

use std::io::BufRead;

use chrono::NaiveDate;
use upskill_session::iso8601::parse_exact_duration;
use upskill_session::{
    ActivityKind, LearnerId, RecordId, SessionDuration, SessionError, TimeTotal, TotalCovers,
};

use crate::codes::{self, TOTAL_CODES};
use crate::decode::{Decoder, shown};
use crate::options::{DocumentKind, Format, ReadOptions};
use crate::reader::{Reader, Spec};
use crate::values::{DecimalError, exact_decimal_times};

/// Time-total columns (CSV) and members (JSON Lines).
pub const TIME_TOTAL_FIELDS: &[&str] = &[
    "record_id",
    "learner_id",
    "date",
    "week",
    "minutes",
    "duration",
    "activity",
    "source",
    "self_reported",
];

pub(crate) static TIME_TOTALS: Spec<TimeTotal> = Spec {
    kind: DocumentKind::TimeTotals,
    fields: TIME_TOTAL_FIELDS,
    required: &[
        &["record_id"],
        &["learner_id"],
        &["date", "week"],
        &["minutes", "duration"],
        &["activity"],
    ],
    csv_only: &[],
    codes: TOTAL_CODES,
    document_key: None,
    decode: decode_total,
};

/// A streaming reader of time totals.
pub type TimeTotalReader<R> = Reader<R, TimeTotal>;

/// Reads time-spent totals from CSV or JSON Lines: `record_id, learner_id`,
/// one of `date` (`YYYY-MM-DD`: a day total) and `week` (`2026-W10`: a
/// week total), one of `minutes` (exact decimal) and `duration` (ISO
/// 8601), `activity`, and optionally `source` and `self_reported`.
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_time_totals};
/// use upskill_session::TotalCovers;
///
/// let csv = "record_id,learner_id,date,week,minutes,activity\nt1,e1,2026-03-03,,45.5,e_learning\nt2,e1,,2026-W10,90,course\nt3,e1,,,30,course\n";
/// let rows: Vec<_> = read_time_totals("time_totals.csv", csv.as_bytes(), None, ReadOptions::new()).collect();
/// let t1 = rows[0].as_ref().unwrap();
/// assert_eq!(t1.value.duration().as_millis(), 45 * 60_000 + 30_000);
/// assert_eq!(rows[1].as_ref().unwrap().value.covers(), TotalCovers::Week);
/// assert_eq!(rows[2].as_ref().unwrap_err().reason().code, "T006");
/// ```
pub fn read_time_totals<R: BufRead>(
    file: &str,
    input: R,
    format: Option<Format>,
    options: ReadOptions,
) -> TimeTotalReader<R> {
    Reader::open(&TIME_TOTALS, file, input, format, options)
}

fn decode_total(d: &mut Decoder<'_, '_>) -> Option<TimeTotal> {
    let record_id = d.id("record_id", RecordId::new);
    let learner_id = d.id("learner_id", LearnerId::new);
    let day = day_or_week(d);
    let millis = time(d);
    let activity = activity(d);
    let source = d.text("source", false, true).map(str::to_string);
    let self_reported = self_reported(d);
    if d.has_errors() {
        return None;
    }
    let ((date, covers), field) = (day?, millis?.0);
    let total = match TimeTotal::new(
        record_id?,
        learner_id?,
        date,
        covers,
        SessionDuration::from_millis(millis?.1),
        activity?,
    ) {
        Ok(total) => total,
        Err(error @ SessionError::TotalTooLong { .. }) => {
            d.report(codes::TOTAL_TOO_LONG, field, error.to_string());
            return None;
        }
        Err(error) => {
            d.report(codes::TOTAL_BAD_TIME, field, error.to_string());
            return None;
        }
    };
    let total = total.with_self_reported(self_reported);
    Some(match source {
        Some(source) => total.with_source(source),
        None => total,
    })
}

/// The total's date and what it covers: `date` (a day) or `week` (its Monday).
fn day_or_week(d: &mut Decoder<'_, '_>) -> Option<(NaiveDate, TotalCovers)> {
    let has = |d: &Decoder<'_, '_>, f: &str| d.get(f, true).is_some();
    match (has(d, "date"), has(d, "week")) {
        (true, false) => d.date("date", true).map(|day| (day, TotalCovers::Day)),
        (false, true) => {
            let text = d.text("week", true, false)?;
            match parse_week_label(text) {
                Some(monday) => Some((monday, TotalCovers::Week)),
                None => {
                    d.report(
                        codes::TOTAL_BAD_WEEK,
                        "week",
                        format!(
                            "`week` `{}` is not an ISO 8601 week label such as `2026-W10`",
                            shown(text)
                        ),
                    );
                    None
                }
            }
        }
        (true, true) => {
            d.report(
                codes::TOTAL_DAY_OR_WEEK,
                "week",
                "the total gives both `date` and `week`: give one".to_string(),
            );
            None
        }
        (false, false) => {
            d.report_record(
                codes::TOTAL_DAY_OR_WEEK,
                "the total gives neither `date` nor `week`: give the day (`2026-03-03`) or the week (`2026-W10`) it covers".to_string(),
            );
            None
        }
    }
}

/// The Monday of an ISO week label (`2026-W10`, also `2026W10`).
fn parse_week_label(text: &str) -> Option<NaiveDate> {
    let (year, week) = text.trim().split_once(['W', 'w'])?;
    let year: i32 = year.trim_end_matches('-').parse().ok()?;
    let week: u32 = week.parse().ok()?;
    NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
}

/// The total's time in milliseconds, and the field it came from.
fn time(d: &mut Decoder<'_, '_>) -> Option<(&'static str, u64)> {
    let has = |d: &Decoder<'_, '_>, f: &str| d.get(f, true).is_some();
    match (has(d, "minutes"), has(d, "duration")) {
        (true, false) => {
            let text = d.number_text("minutes")?;
            match exact_decimal_times(&text, 60_000) {
                Ok(millis) => Some(("minutes", millis)),
                Err(error) => {
                    let why = match error {
                        DecimalError::Finer => "is finer than a millisecond",
                        _ => "is not a non-negative number of minutes such as `45` or `22.5`",
                    };
                    d.report(
                        codes::TOTAL_BAD_TIME,
                        "minutes",
                        format!("`minutes` `{}` {why}", shown(&text)),
                    );
                    None
                }
            }
        }
        (false, true) => {
            let text = d.text("duration", true, false)?;
            if let Some(centis) = d.duration_hint("duration", text) {
                return Some(("duration", centis.saturating_mul(10)));
            }
            match parse_exact_duration(text) {
                Ok(centis) => Some(("duration", centis.saturating_mul(10))),
                Err(error) => {
                    d.report(
                        codes::TOTAL_BAD_TIME,
                        "duration",
                        format!("{error}: expected an exact ISO 8601 duration such as `PT45M`"),
                    );
                    None
                }
            }
        }
        (true, true) => {
            d.report(
                codes::TOTAL_BAD_TIME,
                "duration",
                "the total gives both `minutes` and `duration`: give one".to_string(),
            );
            None
        }
        (false, false) => {
            d.report_record(
                codes::TOTAL_BAD_TIME,
                "the total gives neither `minutes` nor `duration`".to_string(),
            );
            None
        }
    }
}

fn activity(d: &mut Decoder<'_, '_>) -> Option<ActivityKind> {
    d.activity(codes::TOTAL_UNKNOWN_ACTIVITY)
}

fn self_reported(d: &mut Decoder<'_, '_>) -> bool {
    d.self_reported(codes::TOTAL_BAD_FLAG)
}
