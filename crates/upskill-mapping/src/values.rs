//! Value parsers of a mapping: date-times, dates, durations and numbers as
//! foreign exports write them, turned into the canonical text the
//! canonical decoder reads.

use chrono::format::{Item, Numeric, Parsed, StrftimeItems};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use upskill_formats::ParsedValue;

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
/// decoder reads exactly (centiseconds); written by
/// [`ParsedValue::write_duration_millis`], which also gives the decoder
/// the value so it need not read the text again.
#[cfg(test)]
pub(crate) fn iso_duration(millis: u64) -> String {
    let mut out = String::new();
    ParsedValue::write_duration_millis(millis, &mut out);
    out
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

/// `H:MM:SS[.fff]` (`seconds`) or `H:MM`: the common shape (ASCII digits
/// and colons only, two-digit minutes and seconds, no fraction, no
/// spaces) read byte by byte, anything else by [`clock_general`]; both
/// give the same value (a proptest checks it).
fn clock(text: &str, seconds: bool) -> Option<u64> {
    match clock_fast(text.as_bytes(), seconds) {
        Some(value) => value,
        None => clock_general(text, seconds),
    }
}

/// [`clock`] on its common shape: `Some(value)` when `text` is
/// `digits:dd[:dd]`, `None` (not answered) otherwise.
fn clock_fast(text: &[u8], seconds: bool) -> Option<Option<u64>> {
    let tail = if seconds { 6 } else { 3 };
    let split = text.len().checked_sub(tail)?;
    let (hours, rest) = text.split_at(split);
    if hours.is_empty() || hours.len() > 12 || !hours.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let two = |at: usize| -> Option<u64> {
        match (rest.get(at), rest.get(at + 1), rest.get(at + 2)) {
            (Some(b':'), Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => {
                Some(u64::from(a - b'0') * 10 + u64::from(b - b'0'))
            }
            _ => None,
        }
    };
    let minutes = two(0)?;
    let secs = if seconds { two(3)? } else { 0 };
    let hours = hours.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    if minutes >= 60 || secs >= 60 {
        return Some(None);
    }
    Some(Some(hours * 3_600_000 + minutes * 60_000 + secs * 1_000))
}

/// [`clock`] in general: surrounding spaces, any number of hour digits,
/// a fraction of a second.
fn clock_general(text: &str, seconds: bool) -> Option<u64> {
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
///
/// Each unit comes at most once, larger units first, as every report that
/// writes durations in words does: `1 hour 1 hour` or `5 mins 1 hour` is
/// not a duration but a damaged cell, and adding its parts would credit
/// time nobody wrote (ISO 8601 §4.4.3.2 likewise names each component once,
/// in that order).
fn words(text: &str) -> Option<u64> {
    let text = text.trim().to_lowercase();
    let mut total: u64 = 0;
    let mut rest = text.as_str();
    let mut any = false;
    // The rank of the last unit read: days 4 .. seconds 1.
    let mut last_rank = u8::MAX;
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
        let (rank, unit_ms) = match unit {
            "d" | "day" | "days" => (4, 86_400_000.0),
            "h" | "hr" | "hrs" | "hour" | "hours" => (3, 3_600_000.0),
            "m" | "min" | "mins" | "minute" | "minutes" => (2, 60_000.0),
            "s" | "sec" | "secs" | "second" | "seconds" => (1, 1_000.0),
            _ => return None,
        };
        if rank >= last_rank {
            return None;
        }
        last_rank = rank;
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
        /// The pattern as fixed-width digits and literals, when it is only
        /// those (`%d/%m/%Y %H:%M`, `%Y-%m-%d %H:%M:%S`).
        fast: Option<FastPattern>,
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
        let items = StrftimeItems::new(text)
            .parse_to_owned()
            .unwrap_or_default();
        DateTimeFormat::Pattern {
            pattern: text.to_string(),
            offset: text.contains("%z") || text.contains("%:z") || text.contains("%#z"),
            fast: FastPattern::new(&items),
            items,
        }
    }
}

/// A date-time a cell names: wall-clock time (read in a zone later) or an
/// instant with its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateTimeValue {
    /// No offset: a naive local date-time.
    Local(NaiveDateTime),
    /// With an offset.
    Instant(DateTime<FixedOffset>),
}

/// One byte of a [`FastPattern`]'s shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// An ASCII digit of field `0` (year, month, day, hour, minute,
    /// second: see [`YEAR`] and the rest).
    Digit(usize),
    /// This byte (of a literal in the pattern).
    Byte(u8),
    /// One ASCII whitespace byte, where the pattern has whitespace (which
    /// chrono reads as any run of whitespace, `str::trim_start`).
    Space,
}

/// A chrono pattern made only of numeric fields of a date, or a date and a
/// time (`%Y %m %d`, `%H %M` and optionally `%S`, each once) and literal
/// text, read without chrono's general parser: byte by byte against its
/// shape, every field at its full width (`02/03/2026 09:30`, not
/// `2/3/2026 9:30`) and one whitespace byte where the pattern has
/// whitespace. Every other input is left to chrono, so it never gives
/// another answer than chrono would (`fast_date_times_agree_with_chrono`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FastPattern {
    shape: Vec<Slot>,
    /// Whether the pattern has a time (`%H` and `%M`).
    time: bool,
}

const YEAR: usize = 0;
const MONTH: usize = 1;
const DAY: usize = 2;
const HOUR: usize = 3;
const MINUTE: usize = 4;
const SECOND: usize = 5;

impl FastPattern {
    fn new(items: &[Item<'static>]) -> Option<FastPattern> {
        let mut seen = [false; 6];
        let mut shape = Vec::with_capacity(items.len() * 2);
        for item in items {
            match item {
                Item::Literal(text) => shape.extend(text.bytes().map(Slot::Byte)),
                Item::OwnedLiteral(text) => shape.extend(text.bytes().map(Slot::Byte)),
                Item::Space(_) | Item::OwnedSpace(_) => shape.push(Slot::Space),
                Item::Numeric(numeric, _) => {
                    let (field, width) = match numeric {
                        Numeric::Year => (YEAR, 4),
                        Numeric::Month => (MONTH, 2),
                        Numeric::Day => (DAY, 2),
                        Numeric::Hour => (HOUR, 2),
                        Numeric::Minute => (MINUTE, 2),
                        Numeric::Second => (SECOND, 2),
                        _ => return None,
                    };
                    let slot = seen.get_mut(field)?;
                    if *slot {
                        return None;
                    }
                    *slot = true;
                    shape.extend(std::iter::repeat_n(Slot::Digit(field), width));
                }
                _ => return None,
            }
        }
        let time = match seen {
            [true, true, true, false, false, false] => false,
            [true, true, true, true, true, _] => true,
            _ => return None,
        };
        Some(FastPattern { shape, time })
    }

    /// `Some(value)` when `text` has this pattern's exact shape (`None`
    /// inside: an impossible date or time), `None` when it is left to
    /// chrono.
    fn parse(&self, text: &str) -> Option<Option<NaiveDateTime>> {
        let bytes = text.as_bytes();
        if bytes.len() != self.shape.len() {
            return None;
        }
        let mut fields = [0u32; 6];
        for (&byte, slot) in bytes.iter().zip(&self.shape) {
            match *slot {
                Slot::Digit(field) => {
                    let digit = byte.wrapping_sub(b'0');
                    if digit > 9 {
                        return None;
                    }
                    let value = fields.get_mut(field)?;
                    *value = *value * 10 + u32::from(digit);
                }
                Slot::Byte(expected) => {
                    if byte != expected {
                        return None;
                    }
                }
                // `char::is_whitespace` among ASCII bytes.
                Slot::Space => {
                    if !matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
                        return None;
                    }
                }
            }
        }
        let [year, month, day, hour, minute, second] = fields;
        if second >= 60 {
            // chrono reads `60` as a leap second: left to it.
            return None;
        }
        // chrono refuses the same impossible dates and times (its setters
        // check each field's range, then the date as a whole).
        let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
        let time = if self.time {
            NaiveTime::from_hms_opt(hour, minute, second)
        } else {
            Some(NaiveTime::MIN)
        };
        Some(date.zip(time).map(|(date, time)| date.and_time(time)))
    }
}

/// A date-time cell in `format` (`None`: not in that format): the fast
/// reading of an all-digit pattern when it answers, else chrono's.
pub(crate) fn parse_date_time(
    text: &str,
    format: &DateTimeFormat,
    decimal_comma: bool,
) -> Option<DateTimeValue> {
    if let DateTimeFormat::Pattern {
        fast: Some(fast), ..
    } = format
        && let Some(answer) = fast.parse(text)
    {
        return answer.map(DateTimeValue::Local);
    }
    parse_date_time_general(text, format, decimal_comma)
}

/// [`parse_date_time`] through chrono's parser only.
pub(crate) fn parse_date_time_general(
    text: &str,
    format: &DateTimeFormat,
    decimal_comma: bool,
) -> Option<DateTimeValue> {
    match format {
        DateTimeFormat::Excel => {
            let days = number(text, decimal_comma)?;
            if !(0.0..=2_958_465.0).contains(&days) {
                return None;
            }
            let millis = (days * 86_400_000.0).round() as i64;
            let naive = excel_epoch()?.checked_add_signed(Duration::milliseconds(millis))?;
            Some(DateTimeValue::Local(naive))
        }
        DateTimeFormat::Pattern { offset, items, .. } => {
            if items.is_empty() {
                return None;
            }
            let mut parsed = Parsed::new();
            chrono::format::parse(&mut parsed, text, items.iter()).ok()?;
            if *offset {
                parsed.to_datetime().ok().map(DateTimeValue::Instant)
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
                    .map(DateTimeValue::Local)
            }
        }
    }
}

/// Writes a date-time as canonical text to `out`: RFC 3339 when it has an
/// offset, `YYYY-MM-DDTHH:MM:SS[.fff]` (naive, read in the mapping's or
/// the option's zone) otherwise; returns the decoder's hint for it.
pub(crate) fn write_date_time(value: DateTimeValue, out: &mut String) -> Option<ParsedValue> {
    match value {
        DateTimeValue::Local(naive) => ParsedValue::write_local_date_time(naive, out),
        DateTimeValue::Instant(instant) => {
            out.push_str(&instant.to_rfc3339());
            None
        }
    }
}

/// A date-time cell as canonical text (see [`write_date_time`]).
pub(crate) fn date_time(
    text: &str,
    format: &DateTimeFormat,
    decimal_comma: bool,
) -> Option<String> {
    let value = parse_date_time(text, format, decimal_comma)?;
    let mut out = String::new();
    write_date_time(value, &mut out);
    Some(out)
}

/// How a date cell is written: a chrono pattern parsed once, or `excel`
/// serial days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateFormat {
    pattern: String,
    excel: bool,
    items: Vec<Item<'static>>,
    fast: Option<FastPattern>,
}

impl DateFormat {
    pub fn new(text: &str) -> DateFormat {
        let items = StrftimeItems::new(text)
            .parse_to_owned()
            .unwrap_or_default();
        DateFormat {
            pattern: text.to_string(),
            excel: text.eq_ignore_ascii_case("excel"),
            fast: FastPattern::new(&items),
            items,
        }
    }

    /// The pattern as written in the mapping.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }
}

/// A date cell in `format` (`None`: not in that format): `excel` serial
/// days (whole days), or the pattern's date (a pattern with a time too
/// gives the date of that date-time), as `NaiveDate::parse_from_str`
/// reads it, then `NaiveDateTime::parse_from_str`.
pub(crate) fn parse_date(
    text: &str,
    format: &DateFormat,
    decimal_comma: bool,
) -> Option<NaiveDate> {
    if format.excel {
        let days = number(text, decimal_comma)?;
        if !(0.0..=2_958_465.0).contains(&days) {
            return None;
        }
        return excel_epoch()?
            .date()
            .checked_add_signed(Duration::days(days.floor() as i64));
    }
    if let Some(fast) = &format.fast
        && let Some(answer) = fast.parse(text)
    {
        return answer.map(|t| t.date());
    }
    parse_date_general(text, format)
}

/// [`parse_date`] through chrono's parser only.
pub(crate) fn parse_date_general(text: &str, format: &DateFormat) -> Option<NaiveDate> {
    if format.items.is_empty() {
        return None;
    }
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, format.items.iter()).ok()?;
    parsed.to_naive_date().ok().or_else(|| {
        parsed
            .to_naive_datetime_with_offset(0)
            .ok()
            .map(|t| t.date())
    })
}

/// Writes a date as `YYYY-MM-DD` to `out`.
pub(crate) fn write_date(date: NaiveDate, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "{}", date.format("%Y-%m-%d"));
}

/// A date cell as `YYYY-MM-DD`: a chrono pattern, or `excel` serial days.
#[cfg(test)]
pub(crate) fn date(text: &str, pattern: &str, decimal_comma: bool) -> Option<String> {
    let date = parse_date(text, &DateFormat::new(pattern), decimal_comma)?;
    let mut out = String::new();
    write_date(date, &mut out);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};
    use proptest::prelude::*;

    /// The canonical text of a naive date-time as the mapping wrote it
    /// before the decoder took hints (`naive_text`, digits by hand).
    fn naive_text_reference(naive: NaiveDateTime) -> String {
        let year = naive.year();
        if !(0..=9999).contains(&year) {
            return naive.format("%Y-%m-%dT%H:%M:%S").to_string();
        }
        let millis = naive.nanosecond() / 1_000_000;
        let mut out = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            year,
            naive.month(),
            naive.day(),
            naive.hour(),
            naive.minute(),
            naive.second()
        );
        if millis > 0 {
            out.push_str(&format!(".{:03}", millis % 1000));
        }
        out
    }

    /// The ISO duration text as the mapping wrote it before (`format!`).
    fn iso_duration_reference(millis: u64) -> String {
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

    /// Patterns a fast reading may take (and some it must refuse).
    const PATTERNS: &[&str] = &[
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%d.%m.%Y %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y",
        "%Y%m%d%H%M%S",
        "%Y%m%d",
        "%d-%m-%Y %H.%M",
        "%e/%m/%Y %k:%M",
        "%F %T",
        "%d/%m/%Y, %H:%M Uhr",
        "%d/%m/%Y %H",
        "%d %B %Y, %I:%M %p",
        "%Y-%m-%d %H:%M:%S %z",
        "%d/%m/%Y %H:%M:%S%.3f",
    ];

    /// Text shaped like `pattern`'s fields: `fields` are year, month,
    /// day, hour, minute and second, each at its full width unless `short`
    /// (then without leading zeros), with `noise` after.
    fn shaped(pattern: &str, fields: [u32; 6], short: &[bool], noise: &str) -> String {
        let put = |out: &mut String, i: usize| {
            let value = fields.get(i).copied().unwrap_or(0);
            let width = match (short.get(i), i) {
                (Some(true), _) => 0,
                (_, 0) => 4,
                _ => 2,
            };
            out.push_str(&format!("{value:0width$}"));
        };
        let mut out = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next().unwrap_or('d') {
                'Y' => put(&mut out, 0),
                'm' => put(&mut out, 1),
                'd' | 'e' => put(&mut out, 2),
                'H' | 'k' | 'I' => put(&mut out, 3),
                'M' => put(&mut out, 4),
                'S' => put(&mut out, 5),
                'F' => {
                    put(&mut out, 0);
                    out.push('-');
                    put(&mut out, 1);
                    out.push('-');
                    put(&mut out, 2);
                }
                'T' => {
                    put(&mut out, 3);
                    out.push(':');
                    put(&mut out, 4);
                    out.push(':');
                    put(&mut out, 5);
                }
                'y' => out.push_str("26"),
                'B' => out.push_str("March"),
                'p' => out.push_str("PM"),
                'z' => out.push_str("+0100"),
                '.' => {
                    chars.next();
                    chars.next();
                    out.push_str(".250");
                }
                _ => {}
            }
        }
        out.push_str(noise);
        out
    }

    proptest! {
        /// The fast reading of all-digit patterns answers as chrono does,
        /// on well-shaped text (the fast path) and on text it leaves to
        /// chrono: short fields, impossible dates, leap seconds (`60`),
        /// spaces, trailing text.
        #[test]
        fn fast_date_times_agree_with_chrono(
            pattern in proptest::sample::select(PATTERNS),
            fields in (
                prop_oneof![1900u32..2100, 0u32..10_000, 10_000u32..100_000],
                prop_oneof![1u32..13, 0u32..100],
                prop_oneof![1u32..29, 0u32..33],
                prop_oneof![0u32..24, 0u32..100],
                prop_oneof![0u32..60, Just(60u32)],
                prop_oneof![0u32..60, Just(60u32), Just(61u32)],
            ),
            short in proptest::collection::vec(proptest::bool::weighted(0.1), 6),
            noise in prop_oneof![3 => Just(String::new()), 1 => "[ 0-9:/\\-]{0,3}", 1 => "\\PC{0,2}"],
        ) {
            let (year, month, day, hour, minute, second) = fields;
            let text = shaped(pattern, [year, month, day, hour, minute, second], &short, &noise);
            let format = DateTimeFormat::new(pattern);
            prop_assert_eq!(
                parse_date_time(&text, &format, false),
                parse_date_time_general(&text, &format, false),
                "{:?} in {:?}", text, pattern
            );
            let date_format = DateFormat::new(pattern);
            prop_assert_eq!(
                parse_date(&text, &date_format, false),
                parse_date_general(&text, &date_format),
                "{:?} as a date in {:?}", text, pattern
            );
        }

        /// The same on any text at all.
        #[test]
        fn fast_date_times_agree_with_chrono_on_any_text(
            pattern in proptest::sample::select(PATTERNS),
            text in "[0-9 /:.T,\\-]{0,20}|\\PC{0,20}",
        ) {
            let format = DateTimeFormat::new(pattern);
            prop_assert_eq!(
                parse_date_time(&text, &format, false),
                parse_date_time_general(&text, &format, false)
            );
        }

        /// `H:MM:SS` and `H:MM` read byte by byte agree with the general
        /// reading, on their shape and off it.
        #[test]
        fn fast_clock_durations_agree_with_the_general_reading(
            hours in prop_oneof![0u64..100, 0u64..100_000_000_000_000],
            minutes in 0u64..100,
            seconds in 0u64..100,
            widths in (0usize..4, 0usize..4),
            noise in prop_oneof![Just(String::new()), Just(String::new()), "[ 0-9:.]{0,3}", "\\PC{0,2}"],
            with_seconds in any::<bool>(),
        ) {
            let (mw, sw) = widths;
            let text = if with_seconds {
                format!("{hours}:{minutes:0mw$}:{seconds:0sw$}{noise}")
            } else {
                format!("{hours}:{minutes:0mw$}{noise}")
            };
            for seconds_too in [true, false] {
                prop_assert_eq!(clock(&text, seconds_too), clock_general(&text, seconds_too), "{:?}", text);
            }
        }

        #[test]
        fn fast_clock_durations_agree_on_any_text(text in "[0-9:. ]{0,12}|\\PC{0,12}") {
            for seconds_too in [true, false] {
                prop_assert_eq!(clock(&text, seconds_too), clock_general(&text, seconds_too));
            }
        }

        /// The canonical texts written with hints are the texts the mapping
        /// wrote before.
        #[test]
        fn written_texts_are_unchanged(
            days in -800_000i64..4_000_000,
            seconds in 0u32..86_400,
            nanos in 0u32..2_000_000_000,
            millis in any::<u64>(),
        ) {
            let value = NaiveDate::from_ymd_opt(1, 1, 1)
                .and_then(|d| d.checked_add_signed(Duration::days(days)))
                .zip(NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos))
                .map(|(d, t)| d.and_time(t));
            if let Some(value) = value {
                let mut out = String::new();
                write_date_time(DateTimeValue::Local(value), &mut out);
                prop_assert_eq!(out, naive_text_reference(value));
            }
            prop_assert_eq!(iso_duration(millis), iso_duration_reference(millis));
        }
    }

    #[test]
    fn the_fast_readings_take_the_common_shapes_and_leave_the_rest() {
        let fast = FastPattern::new(
            &StrftimeItems::new("%d/%m/%Y %H:%M")
                .parse_to_owned()
                .unwrap_or_default(),
        );
        let Some(fast) = fast else {
            panic!("`%d/%m/%Y %H:%M` has a fast reading");
        };
        let at = NaiveDate::from_ymd_opt(2026, 3, 2).and_then(|d| d.and_hms_opt(9, 30, 0));
        assert_eq!(fast.parse("02/03/2026 09:30"), Some(at));
        assert_eq!(fast.parse("31/02/2026 09:30"), Some(None));
        // Left to chrono: short fields, trailing text, a leap second.
        assert_eq!(fast.parse("2/3/2026 9:30"), None);
        assert_eq!(fast.parse("02/03/2026 09:30 "), None);
        for pattern in [
            "%d %B %Y, %I:%M %p",
            "%Y-%m-%d %H:%M:%S %z",
            "%d/%m/%Y %H",
            "%y-%m-%d",
        ] {
            let items = StrftimeItems::new(pattern)
                .parse_to_owned()
                .unwrap_or_default();
            assert_eq!(FastPattern::new(&items), None, "{pattern}");
        }
        assert!(DateFormat::new("%d.%m.%Y").fast.is_some());
        assert_eq!(clock_fast(b"1:05:30", true), Some(Some(3_930_000)));
        assert_eq!(clock_fast(b"1:65:30", true), Some(None));
        assert_eq!(clock_fast(b"100:05", false), Some(Some(360_300_000)));
        assert_eq!(clock_fast(b" 1:05:30", true), None);
        assert_eq!(clock_fast(b"1:05:30.5", true), None);
    }

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
        // A unit twice, or a smaller unit before a larger one, is a damaged
        // cell, not a sum.
        assert_eq!(
            duration_millis("1 hour 1 hour", DurationUnit::Text, false),
            None
        );
        assert_eq!(
            duration_millis("5 mins 1 hour", DurationUnit::Text, false),
            None
        );
        assert_eq!(duration_millis("1h1h", DurationUnit::Text, false), None);
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
