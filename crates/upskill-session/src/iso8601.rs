//! Exact ISO 8601 durations, in whole centiseconds.
//!
//! Three dialects are read here, each exactly as its specification writes it:
//!
//! - [`parse_xapi_duration`]: xAPI `result.duration` (xAPI 1.0.3 and 2.0, Part Two
//!   section 4.6): the ISO 8601:2004 section 4.4.3.2 format `PnYnMnDTnHnMnS` or
//!   `PnW`. At least one part; `T` must be followed by a part; weeks stand alone
//!   (`P4W1D` is invalid); no sign; the alternative format
//!   (`P0003-06-04T12:30:05`, section 4.4.3.3) is refused. Only the lowest-order
//!   part may carry a decimal fraction (`.` or `,`), and digits finer than a
//!   hundredth of a second are truncated, as section 4.6 allows.
//! - [`parse_scorm2004_duration`]: SCORM 2004 `cmi.session_time`, the
//!   `timeinterval (second,10,2)` type: `P[yY][mM][dD][T[hH][nM][s[.s]S]]`, no
//!   weeks, a fraction only on seconds and at most two fractional digits.
//! - [`parse_scorm12_timespan`]: SCORM 1.2 `cmi.core.session_time`, the
//!   `CMITimespan` type `HHHH:MM:SS.SS`: two to four digits of hours, two of
//!   minutes, two of seconds, then optionally `.` and one or two digits.
//!
//! Years and months are valid syntax, but a month is 28 to 31 days and a year
//! 365 or 366: they have no exact length, so a duration that uses them (with a
//! non-zero value) is answered with [`DurationError::NotExact`] rather than
//! guessed. Days are counted as 24 hours and weeks as 7 days: a duration is
//! elapsed time, not calendar arithmetic.
//!
//! [`format_duration`] writes centiseconds back in the canonical form
//! `PT1H2M3.45S`; every value it writes parses back to itself.
//!
//! # Why not a general ISO 8601 library
//!
//! A general ISO 8601 duration parser is the wrong tool for crediting time:
//!
//! - Most keep seconds (or every part) as floating point, so `PT0.29S` is not
//!   29 centiseconds and sums drift; we need whole centiseconds, truncated the
//!   way section 4.6 says, with integer arithmetic throughout.
//! - They resolve years and months to some number of days (30? 365.25?) or
//!   need a reference date; either way a calendar-relative length would be
//!   credited as if it were measured. We refuse to credit it instead.
//! - They are lenient on purpose, because they serve many profiles of the
//!   standard: signs, lowercase designators, `P4W1D`, an empty `T`, the
//!   alternative format. xAPI asks an LRS to reject exactly those, and a
//!   validator that reports them must be at least as strict as the rule.
//!
//! So the grammar is small enough to write out here, checked by property tests
//! (format -> parse round trip; parsing never panics) and by fuzzing.
//!
//! # Example
//!
//! ```
//! use upskill_session::iso8601::{DurationError, format_duration, parse_xapi_duration};
//!
//! assert_eq!(parse_xapi_duration("PT4H35M59.14S")?, 1_655_914);
//! assert_eq!(parse_xapi_duration("PT0.129S")?, 12); // finer digits truncated
//! assert_eq!(format_duration(1_655_914), "PT4H35M59.14S");
//! assert!(matches!(parse_xapi_duration("P3Y"), Err(DurationError::NotExact(_))));
//! assert!(parse_xapi_duration("P4W1D").is_err());
//! # Ok::<(), DurationError>(())
//! ```

use std::fmt::Write as _;

/// Centiseconds in one second.
const SECOND: u64 = 100;
/// Centiseconds in one minute.
const MINUTE: u64 = 60 * SECOND;
/// Centiseconds in one hour.
const HOUR: u64 = 60 * MINUTE;
/// Centiseconds in one day (24 hours: durations are elapsed time).
const DAY: u64 = 24 * HOUR;
/// Centiseconds in one week.
const WEEK: u64 = 7 * DAY;

/// The longest input quoted back in an error message, in characters.
const SHOWN_CHARS: usize = 64;

/// Why a duration could not be read as an exact number of centiseconds.
///
/// Every variant but [`NotExact`](DurationError::NotExact) and
/// [`Overflow`](DurationError::Overflow) means the text is not valid in its
/// dialect at all; see [`DurationError::is_syntax_error`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// The text is empty.
    #[error("duration is empty")]
    Empty,
    /// The text does not start with the designator `P`.
    #[error("duration `{0}` does not start with `P`")]
    MissingP(String),
    /// The text starts with `+` or `-`: durations are never signed.
    #[error("duration `{0}` has a sign; a duration is never signed")]
    Signed(String),
    /// The alternative format (`P0003-06-04T12:30:05`), which xAPI forbids.
    #[error(
        "duration `{0}` uses the alternative format; write it with designators, such as `P3Y6M4DT12H30M5S`"
    )]
    AlternativeFormat(String),
    /// `P` (or `PT`) with no parts at all.
    #[error("duration `{0}` has no parts after `P`")]
    NoParts(String),
    /// `T` not followed by hours, minutes or seconds (`P1DT`).
    #[error("duration `{0}` has `T` with no hours, minutes or seconds after it")]
    EmptyTime(String),
    /// Weeks combined with another part (`P4W1D`): `PnW` stands alone.
    #[error("duration `{0}` combines weeks with other parts; `PnW` must stand alone")]
    WeeksCombined(String),
    /// Weeks in a dialect that has none (SCORM 2004).
    #[error("duration `{0}` uses weeks, which this format does not allow")]
    WeeksNotAllowed(String),
    /// A character that has no place in a duration.
    #[error("duration `{text}` has an unexpected `{found}` at character {position}")]
    Unexpected {
        /// The duration as written (shortened if very long).
        text: String,
        /// The character found.
        found: char,
        /// Its position, counting characters from 1.
        position: usize,
    },
    /// A designator repeated, or out of the order `Y M D T H M S`.
    #[error(
        "duration `{text}` has `{designator}` out of order or twice; the order is `PnYnMnDTnHnMnS`"
    )]
    OutOfOrder {
        /// The duration as written (shortened if very long).
        text: String,
        /// The designator.
        designator: char,
    },
    /// Hours or seconds before `T` (`P1H`, `P16559.14S`).
    #[error(
        "duration `{text}` has `{designator}` before `T`; hours, minutes and seconds follow `T`: did you mean `{}`?",
        time_fix(text)
    )]
    NeedsTime {
        /// The duration as written (shortened if very long).
        text: String,
        /// The designator.
        designator: char,
    },
    /// A designator with no number before it (`PTH`).
    #[error("duration `{text}` has `{designator}` with no number before it")]
    MissingNumber {
        /// The duration as written (shortened if very long).
        text: String,
        /// The designator.
        designator: char,
    },
    /// A number with no designator after it (`PT5`).
    #[error("duration `{0}` ends with a number that has no designator")]
    MissingDesignator(String),
    /// A fraction on a part that is not the last one (`PT1.5H30M`).
    #[error("duration `{0}` has a fraction on a part that is not the last one")]
    FractionNotLast(String),
    /// A decimal sign without digits on both sides (`PT.5S`, `PT1.S`).
    #[error("duration `{0}` has a decimal sign without digits on both sides")]
    BadFraction(String),
    /// A fraction where this dialect allows none, or more digits than it allows.
    #[error("duration `{text}` has a fraction that this format does not allow ({rule})")]
    FractionNotAllowed {
        /// The duration as written (shortened if very long).
        text: String,
        /// The rule broken.
        rule: &'static str,
    },
    /// A SCORM 1.2 `CMITimespan` that is not `HHHH:MM:SS.SS`.
    #[error("SCORM 1.2 time `{text}` is not `HHHH:MM:SS.SS`: {rule}")]
    Timespan {
        /// The time as written (shortened if very long).
        text: String,
        /// The rule broken.
        rule: &'static str,
    },
    /// Valid syntax, but years or months: no exact length to credit.
    #[error(
        "duration `{text}` counts years or months, which have no exact length{hint}",
        text = .0,
        hint = month_hint(.0)
    )]
    NotExact(String),
    /// Valid syntax, but too long to count in 64-bit centiseconds.
    #[error("duration `{0}` is too long to count")]
    Overflow(String),
}

impl DurationError {
    /// The duration the writer most likely meant, computed from the text,
    /// when the mistake is a missing `T`: `P16559.14S` -> `PT16559.14S`,
    /// `P1H30M` -> `PT1H30M`, and `P45M` (45 months) -> `PT45M`.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_session::iso8601::parse_xapi_duration;
    ///
    /// let error = parse_xapi_duration("P45M").unwrap_err();
    /// assert_eq!(error.suggestion().as_deref(), Some("PT45M"));
    /// ```
    pub fn suggestion(&self) -> Option<String> {
        match self {
            DurationError::NeedsTime { text, .. } => {
                let fix = time_fix(text);
                (fix != "PT...").then_some(fix)
            }
            DurationError::NotExact(text) => {
                let parts = date_parts(text)?;
                match parts.last() {
                    Some((start, 'M')) if !parts.iter().any(|(_, d)| *d == 'Y') => {
                        let (head, tail) = text.split_at_checked(*start)?;
                        Some(format!("{head}T{tail}"))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether the text is invalid in its dialect. `false` for
    /// [`NotExact`](DurationError::NotExact) and
    /// [`Overflow`](DurationError::Overflow): those are valid durations that
    /// cannot be credited as exact time.
    pub fn is_syntax_error(&self) -> bool {
        !matches!(
            self,
            DurationError::NotExact(_) | DurationError::Overflow(_)
        )
    }
}

/// The input, shortened for messages.
fn shown(text: &str) -> String {
    if text.chars().count() <= SHOWN_CHARS {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(SHOWN_CHARS).collect();
        short.push_str("...");
        short
    }
}

/// The parts of a duration written without `T` (`P1D2H`): `(start, designator)`
/// of each number-and-designator, after the leading `P`.
fn date_parts(text: &str) -> Option<Vec<(usize, char)>> {
    let body = text.strip_prefix('P')?;
    let mut parts = Vec::new();
    let mut start = None;
    for (i, c) in body.char_indices() {
        match c {
            '0'..='9' | '.' | ',' => {
                start.get_or_insert(i + 1);
            }
            'Y' | 'M' | 'W' | 'D' | 'H' | 'S' => parts.push((start.take()?, c)),
            _ => return None,
        }
    }
    start.is_none().then_some(parts)
}

/// The duration with `T` put where the time parts begin, computed from the
/// text: `P16559.14S` -> `PT16559.14S`, `P1H30M` -> `PT1H30M`, `P1D2H` ->
/// `P1DT2H`, `P30M15S` -> `PT30M15S` (minutes before seconds are minutes).
fn time_fix(text: &str) -> String {
    let Some(parts) = date_parts(text) else {
        return "PT...".to_string();
    };
    let Some(first_time) = parts.iter().position(|(_, d)| matches!(d, 'H' | 'S')) else {
        return "PT...".to_string();
    };
    let mut from = first_time;
    if let Some(before) = first_time.checked_sub(1)
        && parts.get(before).is_some_and(|(_, d)| *d == 'M')
        && !parts.iter().any(|(_, d)| *d == 'Y')
    {
        from = before;
    }
    let at = parts.get(from).map_or(1, |(start, _)| *start);
    let (head, tail) = text.split_at_checked(at).unwrap_or((text, ""));
    format!("{head}T{tail}")
}

/// For months written where minutes were likely meant (`P45M`, `P1D30M`:
/// an `M` last, no `T`, no years): `; did you mean `PT45M` (minutes)?`.
fn month_hint(text: &str) -> String {
    match DurationError::NotExact(text.to_string()).suggestion() {
        Some(fix) => format!("; did you mean `{fix}` (minutes)?"),
        None => String::new(),
    }
}

/// Which grammar to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// ISO 8601:2004 4.4.3.2 as xAPI section 4.6 uses it.
    Xapi,
    /// SCORM 2004 `timeinterval (second,10,2)`.
    Scorm2004,
}

/// One `<number><designator>` part.
struct Part<'a> {
    /// The designator: `Y`, `M` (months), `W`, `D`, `H`, `m` (minutes, after
    /// `T`; lowercased here only to tell it from months), `S`.
    designator: char,
    /// Digits before the decimal sign (at least one).
    whole: &'a str,
    /// Digits after the decimal sign, if any (at least one).
    fraction: Option<&'a str>,
}

/// Rank of a designator in `Y M D T H M S` (weeks handled apart).
fn rank(designator: char) -> u8 {
    match designator {
        'Y' => 1,
        'M' => 2,
        'D' => 3,
        'H' => 4,
        'm' => 5,
        _ => 6, // 'S'
    }
}

/// Splits a duration into its parts, checking the grammar of `dialect`.
fn parts(text: &str, dialect: Dialect) -> Result<Vec<Part<'_>>, DurationError> {
    let Some(first) = text.chars().next() else {
        return Err(DurationError::Empty);
    };
    if first == '+' || first == '-' || first == '\u{2212}' {
        return Err(DurationError::Signed(shown(text)));
    }
    let Some(body) = text.strip_prefix('P') else {
        return Err(DurationError::MissingP(shown(text)));
    };
    if body.is_empty() {
        return Err(DurationError::NoParts(shown(text)));
    }
    if body.starts_with(['+', '-']) {
        return Err(DurationError::Signed(shown(text)));
    }
    // The alternative format writes a time point: `P0003-06-04T12:30:05` or
    // its basic form `P00030604T123005`. Neither has a designator after a number.
    let has_designator = body
        .chars()
        .any(|c| matches!(c, 'Y' | 'M' | 'W' | 'D' | 'H' | 'S'));
    if body.contains([':', '-']) || (!has_designator && body.len() >= 8) {
        return Err(DurationError::AlternativeFormat(shown(text)));
    }

    let bytes = body.as_bytes();
    let mut parts: Vec<Part<'_>> = Vec::new();
    let mut in_time = false;
    let mut time_seen = false;
    let mut last_rank = 0u8;
    let mut i = 0usize;
    while i < bytes.len() {
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let whole = body.get(start..i).unwrap_or("");
        let mut fraction = None;
        if let Some(&sign @ (b'.' | b',')) = bytes.get(i) {
            if whole.is_empty() {
                return Err(DurationError::BadFraction(shown(text)));
            }
            if sign == b',' && dialect == Dialect::Scorm2004 {
                return Err(unexpected(text, 1 + 1 + i));
            }
            i += 1;
            let fraction_start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == fraction_start {
                return Err(DurationError::BadFraction(shown(text)));
            }
            fraction = body.get(fraction_start..i);
        }
        let Some(&designator) = bytes.get(i) else {
            return Err(DurationError::MissingDesignator(shown(text)));
        };
        let designator = char::from(designator);
        if designator == 'T' {
            if !whole.is_empty() || fraction.is_some() {
                return Err(unexpected(text, 1 + 1 + i));
            }
            if time_seen {
                return Err(DurationError::OutOfOrder {
                    text: shown(text),
                    designator: 'T',
                });
            }
            time_seen = true;
            in_time = true;
            i += 1;
            if i == bytes.len() {
                return Err(if parts.is_empty() {
                    DurationError::NoParts(shown(text))
                } else {
                    DurationError::EmptyTime(shown(text))
                });
            }
            continue;
        }
        if !matches!(designator, 'Y' | 'M' | 'W' | 'D' | 'H' | 'S') {
            // Report the real character (which may be multi-byte) at its position.
            let position = body.get(..i).map_or(0, |head| head.chars().count()) + 2;
            let found = body
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('?');
            return Err(DurationError::Unexpected {
                text: shown(text),
                found,
                position,
            });
        }
        if whole.is_empty() {
            return Err(DurationError::MissingNumber {
                text: shown(text),
                designator,
            });
        }
        if designator == 'W' && (in_time || !parts.is_empty()) {
            return Err(DurationError::WeeksCombined(shown(text)));
        }
        let designator = match (designator, in_time) {
            ('Y' | 'W' | 'D', true) => {
                return Err(DurationError::OutOfOrder {
                    text: shown(text),
                    designator,
                });
            }
            ('H' | 'S', false) => {
                return Err(DurationError::NeedsTime {
                    text: shown(text),
                    designator,
                });
            }
            ('M', true) => 'm',
            (other, _) => other,
        };
        if designator == 'W' {
            if dialect == Dialect::Scorm2004 {
                return Err(DurationError::WeeksNotAllowed(shown(text)));
            }
        } else {
            if parts.first().is_some_and(|p| p.designator == 'W') {
                return Err(DurationError::WeeksCombined(shown(text)));
            }
            let this_rank = rank(designator);
            if this_rank <= last_rank {
                return Err(DurationError::OutOfOrder {
                    text: shown(text),
                    designator: designator.to_ascii_uppercase(),
                });
            }
            last_rank = this_rank;
        }
        if parts.last().is_some_and(|p| p.fraction.is_some()) {
            return Err(DurationError::FractionNotLast(shown(text)));
        }
        parts.push(Part {
            designator,
            whole,
            fraction,
        });
        i += 1;
    }
    if parts.is_empty() {
        return Err(DurationError::NoParts(shown(text)));
    }
    if dialect == Dialect::Scorm2004 {
        for part in &parts {
            if let Some(fraction) = part.fraction {
                if part.designator != 'S' {
                    return Err(DurationError::FractionNotAllowed {
                        text: shown(text),
                        rule: "only seconds may have a fraction",
                    });
                }
                if fraction.len() > 2 {
                    return Err(DurationError::FractionNotAllowed {
                        text: shown(text),
                        rule: "at most 2 fractional digits",
                    });
                }
            }
        }
    }
    Ok(parts)
}

/// An [`DurationError::Unexpected`] at byte `byte_index` of `text` (ASCII prefix).
fn unexpected(text: &str, position: usize) -> DurationError {
    let found = text.chars().nth(position.saturating_sub(1)).unwrap_or('?');
    DurationError::Unexpected {
        text: shown(text),
        found,
        position,
    }
}

/// `digits` (ASCII digits) as a number, or `None` past `u64::MAX`.
fn whole_number(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |acc, d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// `floor(0.<digits> * unit)`, exactly: multiply the digit string by `unit`
/// from its last digit, carrying; the carry out of the first digit is the
/// whole part. No precision is lost however many digits there are.
fn fraction_of(digits: &str, unit: u64) -> u64 {
    digits
        .bytes()
        .rev()
        .fold(0u64, |carry, d| (u64::from(d - b'0') * unit + carry) / 10)
}

/// Adds up the parts, in centiseconds.
fn total(text: &str, parts: &[Part<'_>]) -> Result<u64, DurationError> {
    let overflow = || DurationError::Overflow(shown(text));
    let mut sum = 0u64;
    for part in parts {
        let unit = match part.designator {
            'Y' | 'M' => {
                let zero = part.whole.bytes().all(|d| d == b'0')
                    && part.fraction.is_none_or(|f| f.bytes().all(|d| d == b'0'));
                if zero {
                    continue;
                }
                return Err(DurationError::NotExact(shown(text)));
            }
            'W' => WEEK,
            'D' => DAY,
            'H' => HOUR,
            'm' => MINUTE,
            _ => SECOND,
        };
        let whole = whole_number(part.whole).ok_or_else(overflow)?;
        let value = whole
            .checked_mul(unit)
            .and_then(|v| v.checked_add(part.fraction.map_or(0, |f| fraction_of(f, unit))))
            .ok_or_else(overflow)?;
        sum = sum.checked_add(value).ok_or_else(overflow)?;
    }
    Ok(sum)
}

/// Reads an xAPI `result.duration` as whole centiseconds (finer digits
/// truncated).
///
/// # Errors
///
/// A [syntax error](DurationError::is_syntax_error) for anything ISO 8601:2004
/// section 4.4.3.2 does not allow in xAPI; [`DurationError::NotExact`] for a
/// valid duration with years or months; [`DurationError::Overflow`] past
/// `u64::MAX` centiseconds.
///
/// # Example
///
/// ```
/// use upskill_session::iso8601::parse_xapi_duration;
///
/// assert_eq!(parse_xapi_duration("PT1H30M"), Ok(540_000));
/// assert_eq!(parse_xapi_duration("P1W"), Ok(60_480_000));
/// assert_eq!(parse_xapi_duration("PT0,5H"), Ok(180_000));
/// assert!(parse_xapi_duration("PT").is_err());
/// ```
pub fn parse_xapi_duration(text: &str) -> Result<u64, DurationError> {
    let parts = parts(text, Dialect::Xapi)?;
    total(text, &parts)
}

/// Reads a SCORM 2004 `cmi.session_time` (`timeinterval (second,10,2)`) as
/// whole centiseconds.
///
/// # Errors
///
/// As [`parse_xapi_duration`], and also [`DurationError::WeeksNotAllowed`] and
/// [`DurationError::FractionNotAllowed`] (a fraction on anything but seconds,
/// or more than two fractional digits).
///
/// # Example
///
/// ```
/// use upskill_session::iso8601::parse_scorm2004_duration;
///
/// assert_eq!(parse_scorm2004_duration("PT1H5M3.5S"), Ok(390_350));
/// assert!(parse_scorm2004_duration("PT3.555S").is_err());
/// ```
pub fn parse_scorm2004_duration(text: &str) -> Result<u64, DurationError> {
    let parts = parts(text, Dialect::Scorm2004)?;
    total(text, &parts)
}

/// Reads a SCORM 1.2 `cmi.core.session_time` (`CMITimespan`,
/// `HHHH:MM:SS.SS`) as whole centiseconds.
///
/// Hours have two to four digits, minutes and seconds exactly two (each below
/// 60: the format is a clock reading of elapsed time), and seconds may end
/// with `.` and one or two digits.
///
/// # Errors
///
/// [`DurationError::Timespan`] for anything else, or [`DurationError::Empty`].
///
/// # Example
///
/// ```
/// use upskill_session::iso8601::parse_scorm12_timespan;
///
/// assert_eq!(parse_scorm12_timespan("0001:30:00"), Ok(540_000));
/// assert_eq!(parse_scorm12_timespan("00:00:05.5"), Ok(550));
/// assert!(parse_scorm12_timespan("1:30:00").is_err());
/// ```
pub fn parse_scorm12_timespan(text: &str) -> Result<u64, DurationError> {
    if text.is_empty() {
        return Err(DurationError::Empty);
    }
    let bad = |rule| DurationError::Timespan {
        text: shown(text),
        rule,
    };
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return Err(bad("only digits, `:` and `.` are allowed"));
    }
    let digits = |field: &str| !field.is_empty() && field.bytes().all(|b| b.is_ascii_digit());
    let mut fields = text.split(':');
    let (Some(hours), Some(minutes), Some(seconds), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(bad("expected hours, minutes and seconds separated by `:`"));
    };
    if !(2..=4).contains(&hours.len()) || !digits(hours) {
        return Err(bad("hours must have 2 to 4 digits"));
    }
    if minutes.len() != 2 || !digits(minutes) {
        return Err(bad("minutes must have exactly 2 digits"));
    }
    let (whole_seconds, fraction) = match seconds.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (seconds, None),
    };
    if whole_seconds.len() != 2 || !digits(whole_seconds) {
        return Err(bad("seconds must have exactly 2 digits"));
    }
    if let Some(fraction) = fraction
        && (!(1..=2).contains(&fraction.len()) || !digits(fraction))
    {
        return Err(bad("the fraction of a second must have 1 or 2 digits"));
    }
    // Every field is now 1 to 4 ASCII digits: these cannot overflow.
    let hours = whole_number(hours).unwrap_or(0);
    let minutes = whole_number(minutes).unwrap_or(0);
    let whole_seconds = whole_number(whole_seconds).unwrap_or(0);
    if minutes >= 60 {
        return Err(bad("minutes must be below 60"));
    }
    if whole_seconds >= 60 {
        return Err(bad("seconds must be below 60"));
    }
    let fraction = fraction.map_or(0, |f| fraction_of(f, SECOND));
    Ok(hours * HOUR + minutes * MINUTE + whole_seconds * SECOND + fraction)
}

/// Writes centiseconds as the canonical xAPI duration `PT{h}H{m}M{s}.{cc}S`,
/// leaving out zero parts (`PT0S` for zero) and trailing zeros of the
/// fraction. [`parse_xapi_duration`] reads every output back to the same value.
///
/// # Example
///
/// ```
/// use upskill_session::iso8601::format_duration;
///
/// assert_eq!(format_duration(0), "PT0S");
/// assert_eq!(format_duration(540_000), "PT1H30M");
/// assert_eq!(format_duration(550), "PT5.5S");
/// ```
pub fn format_duration(centiseconds: u64) -> String {
    let hours = centiseconds / HOUR;
    let minutes = centiseconds % HOUR / MINUTE;
    let seconds = centiseconds % MINUTE / SECOND;
    let centis = centiseconds % SECOND;
    let mut out = String::from("PT");
    // Writing to a String cannot fail.
    if hours > 0 {
        let _ = write!(out, "{hours}H");
    }
    if minutes > 0 {
        let _ = write!(out, "{minutes}M");
    }
    if seconds > 0 || centis > 0 || (hours == 0 && minutes == 0) {
        let _ = write!(out, "{seconds}");
        if centis > 0 {
            let fraction = format!("{centis:02}");
            let _ = write!(out, ".{}", fraction.trim_end_matches('0'));
        }
        out.push('S');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Case duration-missing-t-hint: the fix is computed from the input.
    #[test]
    fn hints_are_computed_from_the_input() {
        let message = |text: &str| parse_xapi_duration(text).unwrap_err().to_string();
        assert!(
            message("P16559.14S").ends_with("did you mean `PT16559.14S`?"),
            "{}",
            message("P16559.14S")
        );
        assert!(message("P1H30M").ends_with("did you mean `PT1H30M`?"));
        assert!(message("P1D2H").ends_with("did you mean `P1DT2H`?"));
        assert!(message("P30M15S").ends_with("did you mean `PT30M15S`?"));
        assert_eq!(
            message("P45M"),
            "duration `P45M` counts years or months, which have no exact length; did you mean `PT45M` (minutes)?"
        );
        assert_eq!(
            message("P1Y6M"),
            "duration `P1Y6M` counts years or months, which have no exact length"
        );
        let scorm = parse_scorm2004_duration("P0S").unwrap_err().to_string();
        assert!(scorm.ends_with("did you mean `PT0S`?"), "{scorm}");
    }

    #[test]
    fn fractions_truncate_exactly() {
        assert_eq!(parse_xapi_duration("PT59.149S"), Ok(5914));
        assert_eq!(parse_xapi_duration("PT0.0099999999999999999999999S"), Ok(0));
        assert_eq!(parse_xapi_duration("PT0.01S"), Ok(1));
        assert_eq!(parse_xapi_duration("PT0.001H"), Ok(360));
        assert_eq!(parse_xapi_duration("P0.5W"), Ok(WEEK / 2));
    }

    #[test]
    fn years_and_months_at_zero_are_exact() {
        assert_eq!(parse_xapi_duration("P0Y0M1D"), Ok(DAY));
        assert_eq!(parse_xapi_duration("P0000000000000000000000000Y"), Ok(0));
        assert!(matches!(
            parse_xapi_duration("P1M"),
            Err(DurationError::NotExact(_))
        ));
        assert!(matches!(
            parse_xapi_duration("P0.1Y"),
            Err(DurationError::NotExact(_))
        ));
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        assert!(matches!(
            parse_xapi_duration("PT99999999999999999999S"),
            Err(DurationError::Overflow(_))
        ));
        assert!(matches!(
            parse_xapi_duration("P9999999999999999W"),
            Err(DurationError::Overflow(_))
        ));
    }

    #[test]
    fn messages_quote_the_input_and_shorten_it() {
        let long = format!("P{}", "1".repeat(200));
        let message = parse_xapi_duration(&long).unwrap_err().to_string();
        assert!(message.len() < 200, "{message}");
        assert_eq!(
            parse_xapi_duration("P4W1D").unwrap_err().to_string(),
            "duration `P4W1D` combines weeks with other parts; `PnW` must stand alone"
        );
        assert_eq!(
            parse_xapi_duration("PT1H x").unwrap_err().to_string(),
            "duration `PT1H x` has an unexpected ` ` at character 5"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn format_then_parse_is_identity(centis in proptest::prelude::any::<u64>()) {
            proptest::prop_assert_eq!(parse_xapi_duration(&format_duration(centis)), Ok(centis));
            proptest::prop_assert_eq!(parse_scorm2004_duration(&format_duration(centis)), Ok(centis));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,24}", iso in "[PTYMWDHS0-9.,:+-]{0,16}") {
            let _ = parse_xapi_duration(&text);
            let _ = parse_scorm2004_duration(&text);
            let _ = parse_scorm12_timespan(&text);
            let _ = parse_xapi_duration(&iso);
            let _ = parse_scorm2004_duration(&iso);
            let _ = parse_scorm12_timespan(&iso);
        }
    }
}
