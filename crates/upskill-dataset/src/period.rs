//! The instant an assessment is made at, and the period it judges.

use chrono::{DateTime, NaiveDate, Utc};
use upskill_calendar::{Calendar, Week};

/// Weeks in the default period: ten, as long as the DMA pilot's longest.
pub const DEFAULT_WEEKS: i64 = 10;

/// Why an as-of instant or a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// The as-of text is no instant.
    #[error(
        "`--as-of` `{0}` is not an instant: give RFC 3339 such as `2026-05-11T09:00:00+01:00`, a date such as `2026-05-11`, or `now`"
    )]
    AsOf(String),
    /// A week label could not be read in the organisation's calendar.
    #[error("`{option}` `{text}`: {reason}")]
    Week {
        /// `--from` or `--to`.
        option: &'static str,
        /// The text given.
        text: String,
        /// Why.
        reason: String,
    },
    /// Calendar arithmetic left the calendar's range.
    #[error("{0}")]
    Calendar(String),
    /// An evaluation in parts ([`PartialEvaluation`](crate::PartialEvaluation))
    /// was set up without its first or last week: no part sees every
    /// record, so none can choose the period from the data.
    #[error(
        "an evaluation in parts needs its period: give the first and last week (`--from`, `--to`)"
    )]
    NotGiven,
    /// The period ends before it starts.
    #[error("the period ends (`--to` {to}) before it starts (`--from` {from})")]
    Inverted {
        /// First week.
        from: Week,
        /// Last week.
        to: Week,
    },
}

/// When the assessment is made: weeks over at this instant are closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AsOf {
    /// The clock's time when the evaluation runs.
    #[default]
    Now,
    /// An instant.
    Instant(DateTime<Utc>),
    /// The first instant of a day in the organisation's zone.
    Date(NaiveDate),
}

impl AsOf {
    /// Reads RFC 3339 with an offset, a date `YYYY-MM-DD`, or `now`.
    ///
    /// # Errors
    ///
    /// [`PeriodError::AsOf`] for any other text.
    pub fn parse(text: &str) -> Result<AsOf, PeriodError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("now") {
            return Ok(AsOf::Now);
        }
        if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
            return Ok(AsOf::Instant(instant.with_timezone(&Utc)));
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(AsOf::Date(date));
        }
        Err(PeriodError::AsOf(text.to_string()))
    }

    /// The instant in `calendar`'s zone.
    ///
    /// # Errors
    ///
    /// [`PeriodError::Calendar`] for a date outside the calendar's range.
    pub fn resolve(self, calendar: &Calendar) -> Result<DateTime<Utc>, PeriodError> {
        match self {
            AsOf::Now => Ok(Utc::now()),
            AsOf::Instant(instant) => Ok(instant),
            AsOf::Date(date) => calendar
                .start_of_day(date)
                .map_err(|e| PeriodError::Calendar(format!("`--as-of` `{date}`: {e}"))),
        }
    }
}

fn normal_week_label(text: &str) -> String {
    let compact: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let upper = compact.to_ascii_uppercase();
    let Some((year, rest)) = upper.split_once('W') else {
        return compact;
    };
    let year = year.trim_end_matches('-');
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let suffix = rest
        .get(digits.len()..)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if year.len() != 4
        || !year.bytes().all(|b| b.is_ascii_digit())
        || digits.is_empty()
        || digits.len() > 2
    {
        return compact;
    }
    format!("{year}-W{:0>2}{suffix}", digits)
}

impl std::str::FromStr for AsOf {
    type Err = PeriodError;

    /// As [`AsOf::parse`].
    fn from_str(text: &str) -> Result<AsOf, PeriodError> {
        AsOf::parse(text)
    }
}

/// Reads a week label leniently where it is unambiguous: `2026-W9`,
/// `2026w09`, `2026 W09` and ` 2026-W09 ` all read as `2026-W09` (a
/// start-day suffix such as `-sun` is kept).
pub(crate) fn parse_week(
    option: &'static str,
    text: &str,
    calendar: &Calendar,
) -> Result<Week, PeriodError> {
    calendar
        .parse_week(&normal_week_label(text))
        .map_err(|e| PeriodError::Week {
            option,
            text: text.to_string(),
            reason: e.to_string(),
        })
}

fn shift(week: Week, weeks: i64) -> Result<Week, PeriodError> {
    let mut w = week;
    for _ in 0..weeks.unsigned_abs() {
        w = if weeks < 0 { w.previous() } else { w.next() }
            .map_err(|e| PeriodError::Calendar(e.to_string()))?;
    }
    Ok(w)
}

/// The period judged, from optional week labels.
///
/// - `to` defaults to the last week over at `as_of` (the week before the
///   one `as_of` falls in), or to `from` when that is later;
/// - `from` defaults to nine weeks before `to` ([`DEFAULT_WEEKS`] in all).
///
/// # Errors
///
/// [`PeriodError`] when a label cannot be read or the period is inverted.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<(Week, Week), PeriodError> {
    let from = from
        .map(|t| parse_week("--from", t, calendar))
        .transpose()?;
    let to = match to {
        Some(t) => parse_week("--to", t, calendar)?,
        None => {
            let current = calendar
                .week_of_instant(as_of)
                .map_err(|e| PeriodError::Calendar(format!("`--as-of`: {e}")))?;
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
        return Err(PeriodError::Inverted { from, to });
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use upskill_calendar::DayOfWeek;

    #[test]
    fn week_labels_are_read_leniently() {
        for (text, label) in [
            ("2026-W9", "2026-W09"),
            ("2026w09", "2026-W09"),
            (" 2026 W09 ", "2026-W09"),
            ("2026-W53", "2026-W53"),
            ("2026-W06-SUN", "2026-W06-sun"),
        ] {
            assert_eq!(normal_week_label(text), label);
        }
        assert_eq!(normal_week_label("26-W9"), "26-W9");
    }

    #[test]
    fn defaults() {
        let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap();
        let as_of = AsOf::parse("2026-05-11T09:00:00+01:00")
            .unwrap()
            .resolve(&calendar)
            .unwrap();
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
            AsOf::parse("2026-05-11")
                .unwrap()
                .resolve(&calendar)
                .unwrap()
                .to_rfc3339(),
            "2026-05-10T23:00:00+00:00"
        );
        assert!(AsOf::parse("yesterday").is_err());
    }
}
