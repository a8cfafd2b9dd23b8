//! Value parsers of a mapping: date-times, dates, durations and numbers as
//! foreign exports write them, turned into the canonical text the
//! canonical decoder reads.

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

/// Excel's day 0 for serial dates (1900 date system, with its leap-year bug
/// absorbed: serial 60 is the non-existent 1900-02-29, and every serial
/// after it is right from this base).
fn excel_epoch() -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// How a duration cell is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// `H:MM:SS` (hours may exceed 24; seconds may have a fraction): `1:05:30`.
    Hms,
    /// `H:MM`: `1:05`.
    Hm,
    /// Decimal hours: `1.5`.
    Hours,
    /// Decimal minutes: `90`, `22.5`.
    Minutes,
    /// Decimal seconds: `5400`.
    Seconds,
    /// Words, as Moodle and many LMS reports write them: `1 hour 5 mins`,
    /// `45 mins 10 secs`, `2h 30m`, `1 day 2 hours`.
    Text,
    /// ISO 8601 (`PT1H30M`), passed through as the canonical `duration`.
    Iso8601,
}

impl DurationUnit {
    /// Every unit.
    pub const ALL: [DurationUnit; 7] = [
        DurationUnit::Hms,
        DurationUnit::Hm,
        DurationUnit::Hours,
        DurationUnit::Minutes,
        DurationUnit::Seconds,
        DurationUnit::Text,
        DurationUnit::Iso8601,
    ];

    /// The unit's name in a mapping (`hms`, `hm`, `hours`, ...).
    pub fn name(self) -> &'static str {
        match self {
            DurationUnit::Hms => "hms",
            DurationUnit::Hm => "hm",
            DurationUnit::Hours => "hours",
            DurationUnit::Minutes => "minutes",
            DurationUnit::Seconds => "seconds",
            DurationUnit::Text => "text",
            DurationUnit::Iso8601 => "iso8601",
        }
    }

    /// What the unit looks like, for messages.
    pub fn example(self) -> &'static str {
        match self {
            DurationUnit::Hms => "`H:MM:SS` such as `1:05:30`",
            DurationUnit::Hm => "`H:MM` such as `1:05`",
            DurationUnit::Hours => "decimal hours such as `1.5`",
            DurationUnit::Minutes => "decimal minutes such as `22.5`",
            DurationUnit::Seconds => "decimal seconds such as `5400`",
            DurationUnit::Text => "words such as `1 hour 5 mins`",
            DurationUnit::Iso8601 => "ISO 8601 such as `PT1H5M`",
        }
    }
}

/// A decimal number written with `.` or (when `decimal_comma`) `,` as its
/// decimal mark, with an optional `%` sign; thousands separators are not
/// read.
pub(crate) fn number(text: &str, decimal_comma: bool) -> Option<f64> {
    let text = text.trim().trim_end_matches('%').trim_end();
    let text = if decimal_comma && !text.contains('.') {
        std::borrow::Cow::Owned(text.replacen(',', ".", 1))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let valid = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+');
    if !valid {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A number as canonical decimal text: at most 6 decimal places, no
/// trailing zeros (`0.5`, `30`).
pub(crate) fn decimal_text(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Milliseconds as a canonical ISO 8601 duration (`PT3900S`,
/// `PT22.5S`): seconds with up to two decimals, which the canonical
/// decoder reads exactly (centiseconds).
pub(crate) fn iso_duration(millis: u64) -> String {
    let centis = millis / 10;
    let (seconds, fraction) = (centis / 100, centis % 100);
    if fraction == 0 {
        format!("PT{seconds}S")
    } else if fraction % 10 == 0 {
        format!("PT{seconds}.{}S", fraction / 10)
    } else {
        format!("PT{seconds}.{fraction:02}S")
    }
}

fn millis_of(value: f64, unit_ms: f64) -> Option<u64> {
    let millis = (value * unit_ms).round();
    (0.0..1e15).contains(&millis).then_some(millis as u64)
}

/// A duration cell in `unit`, in milliseconds (`None`: not of that unit).
/// [`DurationUnit::Iso8601`] is not read here (the canonical decoder does).
pub(crate) fn duration_millis(text: &str, unit: DurationUnit, decimal_comma: bool) -> Option<u64> {
    match unit {
        DurationUnit::Hours => millis_of(number(text, decimal_comma)?, 3_600_000.0),
        DurationUnit::Minutes => millis_of(number(text, decimal_comma)?, 60_000.0),
        DurationUnit::Seconds => millis_of(number(text, decimal_comma)?, 1_000.0),
        DurationUnit::Hms | DurationUnit::Hm => clock(text, unit == DurationUnit::Hms),
        DurationUnit::Text => words(text),
        DurationUnit::Iso8601 => None,
    }
}

/// `H:MM:SS[.fff]` (`seconds`) or `H:MM`.
fn clock(text: &str, seconds: bool) -> Option<u64> {
    let text = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = text.splitn(4, ':');
    let (hours, minutes) = (parts.next()?, parts.next()?);
    let secs = if seconds { parts.next()? } else { "0" };
    if parts.next().is_some() {
        return None;
    }
    let (whole_secs, frac) = secs.split_once('.').unwrap_or((secs, ""));
    if !digits(hours)
        || !digits(minutes)
        || minutes.len() != 2
        || !digits(whole_secs)
        || (seconds && whole_secs.len() != 2)
        || !(frac.is_empty() || digits(frac))
    {
        return None;
    }
    let hours: u64 = hours.parse().ok()?;
    let minutes: u64 = minutes.parse().ok()?;
    let whole_secs: u64 = whole_secs.parse().ok()?;
    if minutes >= 60 || whole_secs >= 60 {
        return None;
    }
    let frac_ms: u64 = if frac.is_empty() {
        0
    } else {
        let three: String = frac.chars().chain("000".chars()).take(3).collect();
        three.parse().ok()?
    };
    hours
        .checked_mul(3_600_000)?
        .checked_add(minutes * 60_000 + whole_secs * 1_000 + frac_ms)
}

/// `1 hour 5 mins`, `45 mins 10 secs`, `2h30m`, `1 day, 2 hours`.
fn words(text: &str) -> Option<u64> {
    let text = text.trim().to_lowercase();
    let mut total: u64 = 0;
    let mut rest = text.as_str();
    let mut any = false;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest.get(..n)?.parse().ok()?;
        rest = rest.get(n..)?.trim_start();
        let w = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let unit = rest.get(..w)?;
        rest = rest.get(w..)?;
        let unit_ms = match unit {
            "d" | "day" | "days" => 86_400_000.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60_000.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1_000.0,
            _ => return None,
        };
        total = total.checked_add(millis_of(value, unit_ms)?)?;
        any = true;
    }
    any.then_some(total)
}

/// How a date-time cell is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateTimeFormat {
    /// Excel serial days (`46084.4270833`), a naive local date-time.
    Excel,
    /// A chrono pattern, parsed once; with an offset field (`%z`, `%:z`)
    /// it names an instant, otherwise a naive local date-time.
    Pattern {
        pattern: String,
        offset: bool,
        items: Vec<Item<'static>>,
    },
}

/// Whether `pattern` is a chrono pattern chrono can read with.
pub(crate) fn valid_pattern(pattern: &str) -> bool {
    StrftimeItems::new(pattern).parse().is_ok()
}

impl DateTimeFormat {
    pub fn new(text: &str) -> DateTimeFormat {
        if text.eq_ignore_ascii_case("excel") {
            return DateTimeFormat::Excel;
        }
        DateTimeFormat::Pattern {
            pattern: text.to_string(),
            offset: text.contains("%z") || text.contains("%:z") || text.contains("%#z"),
            items: StrftimeItems::new(text)
                .parse_to_owned()
                .unwrap_or_default(),
        }
    }
}

/// A date-time cell as canonical text: RFC 3339 when it carries an offset,
/// `YYYY-MM-DDTHH:MM:SS[.fff]` (naive, read in the mapping's or the
/// option's zone) otherwise.
pub(crate) fn date_time(
    text: &str,
    format: &DateTimeFormat,
    decimal_comma: bool,
) -> Option<String> {
    match format {
        DateTimeFormat::Excel => {
            let days = number(text, decimal_comma)?;
            if !(0.0..=2_958_465.0).contains(&days) {
                return None;
            }
            let millis = (days * 86_400_000.0).round() as i64;
            let naive = excel_epoch()?.checked_add_signed(Duration::milliseconds(millis))?;
            Some(naive_text(naive))
        }
        DateTimeFormat::Pattern { offset, items, .. } => {
            if items.is_empty() {
                return None;
            }
            let mut parsed = Parsed::new();
            chrono::format::parse(&mut parsed, text, items.iter()).ok()?;
            if *offset {
                parsed.to_datetime().ok().map(|t| t.to_rfc3339())
            } else {
                parsed
                    .to_naive_datetime_with_offset(0)
                    .ok()
                    .or_else(|| {
                        // A pattern with a date only: midnight.
                        parsed
                            .to_naive_date()
                            .ok()
                            .map(|d| d.and_time(NaiveTime::MIN))
                    })
                    .map(naive_text)
            }
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` and, when there is one, `.fff`; digits written
/// by hand (this runs once per mapped row).
fn naive_text(naive: NaiveDateTime) -> String {
    fn push(out: &mut String, value: u32, width: usize) {
        let mut digits = [b'0'; 10];
        let mut v = value;
        for slot in digits.iter_mut().take(width).rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        for d in digits.iter().take(width) {
            out.push(char::from(*d));
        }
    }
    let mut out = String::with_capacity(23);
    let year = naive.year();
    if !(0..=9999).contains(&year) {
        // Out of RFC 3339's range: written as chrono writes it, refused later.
        return naive.format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    push(&mut out, year.unsigned_abs(), 4);
    out.push('-');
    push(&mut out, naive.month(), 2);
    out.push('-');
    push(&mut out, naive.day(), 2);
    out.push('T');
    push(&mut out, naive.hour(), 2);
    out.push(':');
    push(&mut out, naive.minute(), 2);
    out.push(':');
    push(&mut out, naive.second(), 2);
    let millis = naive.nanosecond() / 1_000_000;
    if millis > 0 {
        out.push('.');
        push(&mut out, millis, 3);
    }
    out
}

/// A date cell as `YYYY-MM-DD`: a chrono pattern, or `excel` serial days.
pub(crate) fn date(text: &str, pattern: &str, decimal_comma: bool) -> Option<String> {
    if pattern.eq_ignore_ascii_case("excel") {
        let days = number(text, decimal_comma)?;
        if !(0.0..=2_958_465.0).contains(&days) {
            return None;
        }
        let date = excel_epoch()?
            .date()
            .checked_add_signed(Duration::days(days.floor() as i64))?;
        return Some(date.format("%Y-%m-%d").to_string());
    }
    NaiveDate::parse_from_str(text, pattern)
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, pattern)
                .ok()
                .map(|t| t.date())
        })
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        let min = 60_000;
        assert_eq!(
            duration_millis("1 hour 5 mins", DurationUnit::Text, false),
            Some(65 * min)
        );
        assert_eq!(
            duration_millis("45 mins 10 secs", DurationUnit::Text, false),
            Some(45 * min + 10_000)
        );
        assert_eq!(
            duration_millis("2h30m", DurationUnit::Text, false),
            Some(150 * min)
        );
        assert_eq!(
            duration_millis("1 day, 2 hours", DurationUnit::Text, false),
            Some(26 * 60 * min)
        );
        assert_eq!(duration_millis("soon", DurationUnit::Text, false), None);
        assert_eq!(duration_millis("5", DurationUnit::Text, false), None);
        assert_eq!(
            duration_millis("1:05:30", DurationUnit::Hms, false),
            Some(65 * min + 30_000)
        );
        assert_eq!(
            duration_millis("100:00:00.5", DurationUnit::Hms, false),
            Some(6000 * min + 500)
        );
        assert_eq!(duration_millis("1:65:00", DurationUnit::Hms, false), None);
        assert_eq!(
            duration_millis("01:05", DurationUnit::Hm, false),
            Some(65 * min)
        );
        assert_eq!(duration_millis("1:5", DurationUnit::Hm, false), None);
        assert_eq!(
            duration_millis("1,5", DurationUnit::Hours, true),
            Some(90 * min)
        );
        assert_eq!(duration_millis("1,5", DurationUnit::Hours, false), None);
        assert_eq!(
            duration_millis("22.5", DurationUnit::Minutes, false),
            Some(22 * min + 30_000)
        );
        assert_eq!(
            duration_millis("5400", DurationUnit::Seconds, false),
            Some(90 * min)
        );
        assert_eq!(duration_millis("-5", DurationUnit::Seconds, false), None);
    }

    #[test]
    fn iso_durations_are_exact_to_the_centisecond() {
        assert_eq!(iso_duration(3_900_000), "PT3900S");
        assert_eq!(iso_duration(22_500), "PT22.5S");
        assert_eq!(iso_duration(1_250), "PT1.25S");
    }

    #[test]
    fn date_times_by_pattern_and_excel_serial() {
        let moodle = DateTimeFormat::new("%d %B %Y, %I:%M %p");
        assert_eq!(
            date_time("03 March 2026, 10:15 AM", &moodle, false).as_deref(),
            Some("2026-03-03T10:15:00")
        );
        assert_eq!(
            date_time("30 March 2026, 02:45 PM", &moodle, false).as_deref(),
            Some("2026-03-30T14:45:00")
        );
        let dmy = DateTimeFormat::new("%d/%m/%Y %H:%M");
        assert_eq!(
            date_time("02/03/2026 09:30", &dmy, false).as_deref(),
            Some("2026-03-02T09:30:00")
        );
        let zoned = DateTimeFormat::new("%Y-%m-%d %H:%M:%S %z");
        assert_eq!(
            date_time("2026-03-02 09:30:00 -0600", &zoned, false).as_deref(),
            Some("2026-03-02T09:30:00-06:00")
        );
        let excel = DateTimeFormat::Excel;
        assert_eq!(
            date_time("46083.5", &excel, false).as_deref(),
            Some("2026-03-02T12:00:00")
        );
        assert_eq!(
            date_time("46083,5", &excel, true).as_deref(),
            Some("2026-03-02T12:00:00")
        );
        assert_eq!(date_time("x", &excel, false), None);
        assert_eq!(date("46083", "excel", false).as_deref(), Some("2026-03-02"));
        assert_eq!(
            date("02.03.2026", "%d.%m.%Y", false).as_deref(),
            Some("2026-03-02")
        );
    }

    #[test]
    fn numbers_and_their_text() {
        assert_eq!(number("50%", false), Some(50.0));
        assert_eq!(number("0,75", true), Some(0.75));
        assert_eq!(number("1,000.5", true), None);
        assert_eq!(decimal_text(0.5), "0.5");
        assert_eq!(decimal_text(30.0), "30");
        assert_eq!(decimal_text(20.0 / 37.5), "0.533333");
    }
}
