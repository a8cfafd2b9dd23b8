//! Learning-session records: CSV, JSON Lines and JSON arrays.

use std::io::BufRead;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;
use upskill_session::iso8601::{DurationError, parse_exact_duration};
use upskill_session::{
    ActivityKind, LearnerId, LearningSession, MAX_SESSION_DURATION, RecordId, SessionDuration,
    SessionError,
};

use crate::codes::{self, SESSION_CODES};
use crate::decode::{Decoder, Raw, shown};
use crate::options::{DocumentKind, Format, ReadOptions};
use crate::reader::{Reader, Spec};
use crate::values::{DecimalError, exact_decimal_times};

/// Every session field, in the order the CSV writer writes them (plus the
/// CSV-only `duration`).
pub const SESSION_FIELDS: &[&str] = &[
    "record_id",
    "learner_id",
    "start",
    "end",
    "duration",
    "duration_minutes",
    "activity",
    "title",
    "source",
    "skill_areas",
    "self_reported",
];

pub(crate) static SESSIONS: Spec<LearningSession> = Spec {
    kind: DocumentKind::Sessions,
    fields: SESSION_FIELDS,
    required: &[
        &["record_id"],
        &["learner_id"],
        &["start"],
        &["activity"],
        &["end", "duration", "duration_minutes"],
    ],
    csv_only: &[],
    codes: SESSION_CODES,
    document_key: None,
    decode: decode_session,
};

/// A streaming reader of learning sessions.
pub type SessionReader<R> = Reader<R, LearningSession>;

/// Reads learning sessions from CSV, JSON Lines or a JSON array, one record
/// at a time (`format`: `None` to tell by the file name, then by the first
/// bytes). See `docs/formats.md` for the columns and fields.
///
/// Never fails: problems of the file (a missing CSV column, a JSON array
/// left open) are in [`Reader::file_problems`], and each bad record is an
/// `Err` item.
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_sessions};
///
/// let csv = "record_id,learner_id,start,duration_minutes,activity\n\
///            r1,e042,2026-03-02T09:30:00+00:00,45,e_learning\n\
///            r2,e042,2026-03-02T09:30:00,45,webinar\n";
/// let mut reader = read_sessions("sessions.csv", csv.as_bytes(), None, ReadOptions::new());
/// let first = reader.next().unwrap()?;
/// assert_eq!(first.value.duration().whole_minutes(), 45);
/// let second = reader.next().unwrap().unwrap_err();
/// assert_eq!(
///     second.reason().to_string(),
///     "sessions.csv:3:9: error[S006]: `start` `2026-03-02T09:30:00` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)"
/// );
/// # Ok::<(), upskill_formats::Rejected>(())
/// ```
pub fn read_sessions<R: BufRead>(
    file: &str,
    input: R,
    format: Option<Format>,
    options: ReadOptions,
) -> SessionReader<R> {
    Reader::open(&SESSIONS, file, input, format, options)
}

enum Length {
    End(DateTime<FixedOffset>),
    Millis(&'static str, u64),
}

fn decode_session(d: &mut Decoder<'_, '_>) -> Option<LearningSession> {
    let record_id = d.id("record_id", RecordId::new);
    let learner_id = d.id("learner_id", LearnerId::new);
    let start = d.instant("start", true);
    let length = length(d);
    let activity = activity(d);
    let title = d.text("title", false, true).map(str::to_string);
    let source = d.text("source", false, true).map(str::to_string);
    let skill_areas = skill_areas(d);
    let self_reported = self_reported(d);

    match (start, &length) {
        (Some(start), Some(Length::End(end))) => {
            if *end < start {
                d.report(
                    codes::SESSION_END_BEFORE_START,
                    "end",
                    format!(
                        "end `{}` is before start `{}`",
                        end.to_rfc3339(),
                        start.to_rfc3339()
                    ),
                );
            } else if (*end - start).num_milliseconds() == 0 {
                d.report(
                    codes::SESSION_ZERO_DURATION,
                    "end",
                    "the session lasts no time: `end` equals `start`".to_string(),
                );
            } else if u64::try_from((*end - start).num_milliseconds()).unwrap_or(u64::MAX)
                > MAX_SESSION_DURATION.as_millis()
            {
                let lasts = SessionDuration::from_millis(
                    u64::try_from((*end - start).num_milliseconds()).unwrap_or(0),
                );
                d.report(
                    codes::SESSION_TOO_LONG,
                    "end",
                    format!("the session lasts {lasts}, longer than the 31 days any session may"),
                );
            }
        }
        (_, Some(Length::Millis(field, 0))) => {
            d.report(
                codes::SESSION_ZERO_DURATION,
                field,
                format!("the session lasts no time: `{field}` is zero"),
            );
        }
        (_, Some(Length::Millis(field, millis))) if *millis > MAX_SESSION_DURATION.as_millis() => {
            d.report(
                codes::SESSION_TOO_LONG,
                field,
                format!(
                    "the session lasts {}, longer than the 31 days any session may",
                    SessionDuration::from_millis(*millis)
                ),
            );
        }
        _ => {}
    }
    if d.has_errors() {
        return None;
    }
    let (record_id, learner_id, start, length, activity) =
        (record_id?, learner_id?, start?, length?, activity?);
    let (built, field) = match length {
        Length::End(end) => (
            LearningSession::from_start_end(record_id, learner_id, start, end, activity),
            "end",
        ),
        Length::Millis(field, millis) => (
            LearningSession::new(
                record_id,
                learner_id,
                start,
                SessionDuration::from_millis(millis),
                activity,
            ),
            field,
        ),
    };
    let session = match built {
        Ok(session) => session,
        Err(error) => {
            let code = match error {
                SessionError::ZeroDuration => codes::SESSION_ZERO_DURATION,
                SessionError::TooLong(_) => codes::SESSION_TOO_LONG,
                SessionError::EndBeforeStart { .. } => codes::SESSION_END_BEFORE_START,
                _ => codes::SESSION_BAD_TIMESTAMP,
            };
            d.report(code, field, error.to_string());
            return None;
        }
    };
    let mut session = session
        .with_skill_areas(skill_areas)
        .with_self_reported(self_reported);
    if let Some(title) = title {
        session = session.with_title(title);
    }
    if let Some(source) = source {
        session = session.with_source(source);
    }
    Some(session)
}

fn length(d: &mut Decoder<'_, '_>) -> Option<Length> {
    let candidates: &[&'static str] = &["end", "duration", "duration_minutes"];
    let given: Vec<&'static str> = candidates
        .iter()
        .copied()
        .filter(|f| d.get(f, true).is_some())
        .collect();
    match given.as_slice() {
        [] => {
            let names = crate::decode::list(candidates);
            d.report_record(
                codes::SESSION_NO_LENGTH,
                format!("the record gives no length: give one of {names}"),
            );
            None
        }
        ["end"] => d.instant("end", false).map(Length::End),
        ["duration"] => {
            let text = d.text("duration", false, true)?;
            if let Some(centis) = d.duration_hint("duration", text) {
                return Some(Length::Millis("duration", centis.saturating_mul(10)));
            }
            match parse_exact_duration(text) {
                Ok(centis) => Some(Length::Millis("duration", centis.saturating_mul(10))),
                Err(error @ DurationError::NotExact(_)) => {
                    let hint = error
                        .suggestion()
                        .map(|fix| format!(" (did you mean `{fix}`?)"))
                        .unwrap_or_default();
                    d.report(
                        codes::SESSION_INEXACT_DURATION,
                        "duration",
                        format!("`duration` `{}` uses years or months, which have no exact length: use days, hours, minutes and seconds{hint}", shown(text)),
                    );
                    None
                }
                Err(DurationError::Finer(_)) => {
                    d.report(
                        codes::SESSION_BAD_DURATION,
                        "duration",
                        format!("`duration` `{}` is finer than a hundredth of a second, the precision durations are read to: give at most that precision", shown(text)),
                    );
                    None
                }
                Err(DurationError::Overflow(_)) => {
                    d.report(
                        codes::SESSION_TOO_LONG,
                        "duration",
                        format!(
                            "`duration` `{}` is longer than any session may be",
                            shown(text)
                        ),
                    );
                    None
                }
                Err(error) => {
                    d.report(
                        codes::SESSION_BAD_DURATION,
                        "duration",
                        format!(
                            "{error}: expected an ISO 8601 duration such as `PT45M` or `PT1H30M`"
                        ),
                    );
                    None
                }
            }
        }
        ["duration_minutes"] => {
            let text = d.number_text("duration_minutes")?;
            match exact_decimal_times(&text, 60_000) {
                Ok(millis) => Some(Length::Millis("duration_minutes", millis)),
                Err(DecimalError::Finer) => {
                    d.report(
                        codes::SESSION_BAD_DURATION,
                        "duration_minutes",
                        format!("`duration_minutes` `{}` is finer than a millisecond, which the engine keeps: give at most that precision", shown(&text)),
                    );
                    None
                }
                Err(_) => {
                    d.report(
                        codes::SESSION_BAD_DURATION,
                        "duration_minutes",
                        format!(
                            "`duration_minutes` `{}` is not a non-negative number of minutes such as `45` or `22.5`{}",
                            shown(&text),
                            match (text.contains(','), text.contains('.')) {
                                // `1.234,5` or `1,234.5`: a thousands
                                // separator, whichever the decimal mark.
                                (true, true) => {
                                    ": write it without a thousands separator, such as `1234.5`"
                                }
                                (true, false) => {
                                    ": use `.` as the decimal mark, or `--decimal-comma`"
                                }
                                _ => "",
                            }
                        ),
                    );
                    None
                }
            }
        }
        [_] => None,
        [first, second, ..] => {
            let message =
                format!("the record gives both `{first}` and `{second}`: give one length");
            d.report(codes::SESSION_TWO_LENGTHS, second, message);
            None
        }
    }
}

fn activity(d: &mut Decoder<'_, '_>) -> Option<ActivityKind> {
    d.activity(codes::SESSION_UNKNOWN_ACTIVITY)
}

fn skill_areas(d: &mut Decoder<'_, '_>) -> Vec<String> {
    match d.get("skill_areas", false) {
        None => Vec::new(),
        Some(Raw::Text(text)) => text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Raw::Json(Value::Array(items))) => {
            let mut areas = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(area) => areas.push(area.clone()),
                    other => {
                        let message = format!(
                            "`skill_areas` item {i} must be a string, not {}",
                            crate::decode::json_type(other)
                        );
                        d.report(codes::SESSION_WRONG_TYPE, "skill_areas", message);
                    }
                }
            }
            areas
        }
        Some(Raw::Json(other)) => {
            d.wrong_type("skill_areas", "an array of strings", other);
            Vec::new()
        }
    }
}

fn self_reported(d: &mut Decoder<'_, '_>) -> bool {
    d.self_reported(codes::SESSION_BAD_FLAG)
}
