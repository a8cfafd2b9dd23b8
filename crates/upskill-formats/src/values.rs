//! Reading single values from text: instants, dates, decimals, flags, and
//! the spreadsheet-formula escape.

use chrono::{DateTime, FixedOffset, NaiveDate};

/// Why a timestamp could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InstantError {
    /// A date and time without an offset.
    Naive,
    /// Not of the RFC 3339 shape at all.
    Malformed,
    /// Of the right shape, but no such date or time (`2026-02-30`).
    Invalid,
    /// Second 60, a leap second ([`upskill_session::LEAP_SECOND_REFUSED`]).
    LeapSecond,
}

fn digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

/// Reads an RFC 3339 timestamp with an offset: `YYYY-MM-DD`, `T` (or `t` or
/// a space), `hh:mm:ss`, an optional fraction, then `Z` or `±hh:mm`. This is
/// exactly the pattern the published schema gives `start` and `end`.
pub(crate) fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, InstantError> {
    let bytes = text.as_bytes();
    let shape = bytes.len() >= 19
        && digits(bytes.get(0..4).unwrap_or_default())
        && bytes.get(4) == Some(&b'-')
        && digits(bytes.get(5..7).unwrap_or_default())
        && bytes.get(7) == Some(&b'-')
        && digits(bytes.get(8..10).unwrap_or_default())
        && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        && digits(bytes.get(11..13).unwrap_or_default())
        && bytes.get(13) == Some(&b':')
        && digits(bytes.get(14..16).unwrap_or_default())
        && bytes.get(16) == Some(&b':')
        && digits(bytes.get(17..19).unwrap_or_default());
    if !shape {
        return Err(InstantError::Malformed);
    }
    let mut rest = bytes.get(19..).unwrap_or_default();
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return Err(InstantError::Malformed);
        }
        rest = fraction.get(n..).unwrap_or_default();
    }
    let offset_ok = match rest {
        [] => return Err(InstantError::Naive),
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    if !offset_ok {
        return Err(InstantError::Malformed);
    }
    let instant = if bytes.get(10) == Some(&b'T') && !rest.contains(&b'z') {
        DateTime::parse_from_rfc3339(text).map_err(|_| InstantError::Invalid)?
    } else {
        let normalised: String = text
            .char_indices()
            .map(|(i, c)| if i == 10 { 'T' } else { c.to_ascii_uppercase() })
            .collect();
        DateTime::parse_from_rfc3339(&normalised).map_err(|_| InstantError::Invalid)?
    };
    if upskill_session::is_leap_second(&instant) {
        return Err(InstantError::LeapSecond);
    }
    Ok(instant)
}

/// Reads the date and time of a timestamp without an offset, of the shape
/// [`parse_instant`] checks (`YYYY-MM-DD`, `T` or a space, `hh:mm:ss`, an
/// optional fraction); `None` for no such date or time.
pub(crate) fn parse_naive(text: &str) -> Option<chrono::NaiveDateTime> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = bytes.get(range)?;
        if !self::digits(digits) {
            return None;
        }
        Some(
            digits
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d - b'0')),
        )
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )?;
    let nanos = match bytes.get(19..) {
        None | Some([]) => 0,
        Some([b'.', fraction @ ..]) if self::digits(fraction) => fraction
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(9)
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0')),
        Some(_) => return None,
    };
    let time = chrono::NaiveTime::from_hms_nano_opt(
        number(11..13)?,
        number(14..16)?,
        number(17..19)?,
        nanos,
    )?;
    Some(date.and_time(time))
}

/// Reads a `YYYY-MM-DD` date.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && digits(bytes.get(0..4).unwrap_or_default())
        && bytes.get(4) == Some(&b'-')
        && digits(bytes.get(5..7).unwrap_or_default())
        && bytes.get(7) == Some(&b'-')
        && digits(bytes.get(8..10).unwrap_or_default());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

pub(crate) use upskill_session::decimal::DecimalError;

/// Reads a non-negative plain decimal (`45`, `22.5`, `.5`) and returns it
/// times `unit`, exactly: `exact_decimal_times("22.5", 60_000)` is 1,350,000
/// (milliseconds in 22.5 minutes). A value the engine would have to round is
/// refused: the shared rule of [`upskill_session::decimal::whole_units`].
pub(crate) fn exact_decimal_times(text: &str, unit: u64) -> Result<u64, DecimalError> {
    upskill_session::decimal::whole_units(text, unit)
}

/// [`exact_decimal_times`], without the reason.
#[cfg(test)]
pub(crate) fn decimal_times(text: &str, unit: u64) -> Option<u64> {
    exact_decimal_times(text, unit).ok()
}

/// Reads a flag: `true`/`false`, `yes`/`no`, `1`/`0` (case ignored).
pub(crate) fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// Characters a spreadsheet may take as the start of a formula.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn quote_run_then_trigger(text: &str, min_quotes: usize) -> bool {
    let quotes = text.bytes().take_while(|&b| b == b'\'').count();
    quotes >= min_quotes
        && text
            .get(quotes..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| FORMULA_TRIGGERS.contains(&c))
}

/// Escapes a cell so that no spreadsheet runs it as a formula: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return (possibly after
/// `'` characters) gets one `'` in front. [`unescape_formula`] undoes it
/// exactly, so every text survives a write and a read.
///
/// # Example
///
/// ```
/// use upskill_formats::{escape_formula, unescape_formula};
///
/// assert_eq!(escape_formula("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(escape_formula("-5"), "'-5");
/// assert_eq!(escape_formula("plain"), "plain");
/// assert_eq!(unescape_formula(&escape_formula("'=x")), "'=x");
/// ```
pub fn escape_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if quote_run_then_trigger(text, 0) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Undoes [`escape_formula`]: removes one leading `'` from a cell whose
/// `'` characters are followed by `=`, `+`, `-`, `@`, a tab or a carriage
/// return. Readers apply it to every CSV cell.
///
/// # Example
///
/// ```
/// use upskill_formats::unescape_formula;
///
/// assert_eq!(unescape_formula("'=1+1"), "=1+1");
/// assert_eq!(unescape_formula("''-x"), "'-x");
/// assert_eq!(unescape_formula("'quoted'"), "'quoted'");
/// ```
pub fn unescape_formula(text: &str) -> &str {
    if quote_run_then_trigger(text, 1) {
        text.get(1..).unwrap_or(text)
    } else {
        text
    }
}

/// `text.trim()`, answered without decoding when `text` starts and ends
/// with a printable ASCII character (no whitespace at either end to
/// remove): the common cell, which every CSV reader trims.
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick trim is `str::trim`.
        #[test]
        fn quick_trim_is_trim(text in "[ \t\r\u{a0}\u{3000}a=\u{e9}\x00\x7f]{0,6}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn naive_date_times_read_by_position() {
        let read = |t: &str| parse_naive(t).map(|n| n.to_string());
        assert_eq!(
            read("2026-03-02T09:30:00").as_deref(),
            Some("2026-03-02 09:30:00")
        );
        assert_eq!(
            read("2026-03-02 09:30:00.25").as_deref(),
            Some("2026-03-02 09:30:00.250")
        );
        assert_eq!(read("2026-02-30T09:30:00"), None);
        assert_eq!(read("2026-03-02T24:00:00"), None);
        assert_eq!(read("2026-03-02T09:30:00."), None);
    }

    #[test]
    fn instants_need_an_offset() {
        assert!(parse_instant("2026-03-02T09:30:00+01:00").is_ok());
        assert!(parse_instant("2026-03-02 09:30:00.5z").is_ok());
        assert_eq!(
            parse_instant("2026-03-02T09:30:00"),
            Err(InstantError::Naive)
        );
        assert_eq!(
            parse_instant("2026-03-02T09:30:00.123"),
            Err(InstantError::Naive)
        );
        assert_eq!(
            parse_instant("2026-03-02T09:30+01:00"),
            Err(InstantError::Malformed)
        );
        assert_eq!(
            parse_instant("2026-03-02T09:30:00+0100"),
            Err(InstantError::Malformed)
        );
        assert_eq!(
            parse_instant("2026-02-30T09:30:00Z"),
            Err(InstantError::Invalid)
        );
        assert_eq!(parse_instant("2026-03-02"), Err(InstantError::Malformed));
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal_times("22.5", 60_000), Some(1_350_000));
        assert_eq!(decimal_times("0.1", 60_000), Some(6_000));
        assert_eq!(decimal_times(".5", 60), Some(30));
        assert_eq!(decimal_times("7.", 60), Some(420));
        assert_eq!(
            decimal_times("22.500000000000000000000", 60_000),
            Some(1_350_000)
        );
        assert_eq!(decimal_times("0.001", 60_000), Some(60));
        assert_eq!(
            exact_decimal_times("0.0000083", 60_000),
            Err(DecimalError::Finer)
        );
        assert_eq!(
            exact_decimal_times("0.0000084", 60_000),
            Err(DecimalError::Finer)
        );
        assert_eq!(exact_decimal_times("20.001", 60), Err(DecimalError::Finer));
        assert_eq!(
            exact_decimal_times("0.0000000000000000000001", 60),
            Err(DecimalError::Finer)
        );
        assert_eq!(exact_decimal_times("20.05", 60), Ok(1203));
        assert_eq!(
            exact_decimal_times("abc", 60),
            Err(DecimalError::NotANumber)
        );
        assert_eq!(decimal_times("-1", 60), None);
        assert_eq!(decimal_times("1e3", 60), None);
        assert_eq!(decimal_times(".", 60), None);
        assert_eq!(decimal_times("99999999999999999999", 60), None);
    }

    #[test]
    fn formula_escape_round_trips() {
        for text in [
            "=1+1", "+44", "-", "@SUM", "\tx", "\rx", "'=x", "''-x", "'x", "x=", "", "'",
        ] {
            let escaped = escape_formula(text);
            assert!(!escaped.starts_with(FORMULA_TRIGGERS), "{escaped:?}");
            assert_eq!(unescape_formula(&escaped), text);
        }
    }
}
