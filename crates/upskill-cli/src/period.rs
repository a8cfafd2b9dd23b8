//! `--as-of`, `--from` and `--to`, and their defaults.

use chrono::{DateTime, NaiveDate, Utc};
use upskill_calendar::{Calendar, Week};

use crate::error::CliError;

/// Weeks in the default period: ten, as long as the DMA pilot's longest.
pub(crate) const DEFAULT_WEEKS: i64 = 10;

/// Reads `--as-of`: RFC 3339 with an offset, a date (its first instant in
/// the calendar's zone), or `now`.
pub(crate) fn parse_as_of(text: &str, calendar: &Calendar) -> Result<DateTime<Utc>, CliError> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(Utc::now());
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return calendar
            .start_of_day(date)
            .map_err(|e| CliError::Usage(format!("`--as-of` `{text}`: {e}")));
    }
    Err(CliError::Usage(format!(
        "`--as-of` `{text}` is not an instant: give RFC 3339 such as `2026-05-11T09:00:00+01:00`, a date such as `2026-05-11`, or `now`"
    )))
}

fn parse_week(option: &str, text: &str, calendar: &Calendar) -> Result<Week, CliError> {
    calendar
        .parse_week(text.trim())
        .map_err(|e| CliError::Usage(format!("`{option}` `{text}`: {e}")))
}

fn shift(week: Week, weeks: i64) -> Result<Week, CliError> {
    let mut w = week;
    for _ in 0..weeks.unsigned_abs() {
        w = if weeks < 0 { w.previous() } else { w.next() }
            .map_err(|e| CliError::Usage(e.to_string()))?;
    }
    Ok(w)
}

/// The period judged.
///
/// - `--to` defaults to the last week over at `as_of` (the week before the
///   one `as_of` falls in), or to `--from` when that is later;
/// - `--from` defaults to nine weeks before `--to` (ten weeks in all).
pub(crate) fn period(
    from: Option<&str>,
    to: Option<&str>,
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<(Week, Week), CliError> {
    let from = from
        .map(|t| parse_week("--from", t, calendar))
        .transpose()?;
    let to = match to {
        Some(t) => parse_week("--to", t, calendar)?,
        None => {
            let current = calendar
                .week_of_instant(as_of)
                .map_err(|e| CliError::Usage(format!("`--as-of`: {e}")))?;
            let last_closed = shift(current, -1)?;
            match from {
                Some(from) if from > last_closed => from,
                _ => last_closed,
            }
        }
    };
    let from = match from {
        Some(from) => from,
        None => shift(to, -(DEFAULT_WEEKS - 1))?,
    };
    if to < from {
        return Err(CliError::Usage(format!(
            "the period ends (`--to` {to}) before it starts (`--from` {from})"
        )));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use upskill_calendar::DayOfWeek;

    #[test]
    fn defaults() {
        let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap();
        let as_of = parse_as_of("2026-05-11T09:00:00+01:00", &calendar).unwrap();
        let show = |(a, b): (Week, Week)| format!("{a}..{b}");
        assert_eq!(
            show(period(None, None, as_of, &calendar).unwrap()),
            "2026-W10..2026-W19"
        );
        assert_eq!(
            show(period(Some("2026-W15"), None, as_of, &calendar).unwrap()),
            "2026-W15..2026-W19"
        );
        assert_eq!(
            show(period(Some("2026-W21"), None, as_of, &calendar).unwrap()),
            "2026-W21..2026-W21"
        );
        assert_eq!(
            show(period(None, Some("2026-W12"), as_of, &calendar).unwrap()),
            "2026-W03..2026-W12"
        );
        assert!(period(Some("2026-W12"), Some("2026-W11"), as_of, &calendar).is_err());
        // A date is midnight in the calendar's zone (BST: 23:00 UTC the day before).
        assert_eq!(
            parse_as_of("2026-05-11", &calendar).unwrap().to_rfc3339(),
            "2026-05-10T23:00:00+00:00"
        );
        assert!(parse_as_of("yesterday", &calendar).is_err());
    }
}
