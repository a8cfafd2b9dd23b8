//! The string formats xAPI requires: UUIDs, IRIs, `mailto:` addresses, SHA-1
//! sums, RFC 5646 language tags, timestamps and versions. Each check is
//! best-effort where the specification allows it (xAPI 2.2.s4.b6, b7) and
//! exact where it names a precise form.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// A UUID in standard string form: `8-4-4-4-12` hexadecimal digits (xAPI 4.4).
pub(crate) fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// An absolute IRI, best effort (RFC 3987): a scheme (a letter, then letters,
/// digits, `+`, `-`, `.`), `:`, and a non-empty rest without white space,
/// control characters or the characters IRIs exclude.
pub(crate) fn iri_problem(text: &str) -> Option<&'static str> {
    let Some((scheme, rest)) = text.split_once(':') else {
        return Some("it has no scheme, such as `https:`");
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Some("it has no valid scheme, such as `https:`");
    }
    if rest.is_empty() {
        return Some("nothing follows the scheme");
    }
    if rest.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    }) {
        return Some("it contains white space or a character IRIs do not allow");
    }
    None
}

/// An absolute URI: an absolute IRI in ASCII only.
pub(crate) fn uri_problem(text: &str) -> Option<&'static str> {
    if !text.is_ascii() {
        return Some("a URI must be ASCII (percent-encode other characters)");
    }
    iri_problem(text)
}

/// The address part of an email: one `@` with something on each side, no
/// white space or control characters.
pub(crate) fn email_problem(address: &str) -> Option<&'static str> {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some("it has no `@`");
    };
    if local.is_empty() || domain.is_empty() {
        return Some("it needs text on both sides of `@`");
    }
    if local.contains('@') && !local.starts_with('"') {
        return Some("it has more than one `@`");
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains white space");
    }
    None
}

/// An xAPI `mbox`: `mailto:` then an email address (xAPI 2.4.2.3).
pub(crate) fn mbox_problem(text: &str) -> Option<&'static str> {
    match text.strip_prefix("mailto:") {
        None => Some("it must start with `mailto:`"),
        Some(address) => email_problem(address),
    }
}

/// `mailto:local@domain` with the domain lowercased: the domain part of an
/// email address is case-insensitive, the local part is not (xAPI 2.3.1.b7,
/// 2.4.2.3.s4.b1).
pub(crate) fn normalise_mbox(mbox: &str) -> String {
    match mbox.rsplit_once('@') {
        Some((head, domain)) => format!("{head}@{}", domain.to_lowercase()),
        None => mbox.to_string(),
    }
}

/// The hex SHA-1 of `text`, lowercase.
pub(crate) fn sha1_hex(text: &str) -> String {
    sha1_smol::Sha1::from(text).digest().to_string()
}

/// 40 hexadecimal digits (either case).
pub(crate) fn is_sha1(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// An RFC 5646 language tag, best effort (xAPI 2.2.s4.b2: the sequence of
/// subtag lengths): a primary subtag of 2 to 8 letters (or `x` / `i` for
/// private use and grandfathered tags), then subtags of 1 to 8 letters or
/// digits, separated by `-`.
pub(crate) fn is_language_tag(text: &str) -> bool {
    let mut subtags = text.split('-');
    let Some(primary) = subtags.next() else {
        return false;
    };
    let primary_ok = primary.chars().all(|c| c.is_ascii_alphabetic())
        && ((2..=8).contains(&primary.len())
            || primary.eq_ignore_ascii_case("x")
            || primary.eq_ignore_ascii_case("i"));
    let singleton = primary.len() == 1;
    let mut count = 0usize;
    let rest_ok = subtags.all(|s| {
        count += 1;
        (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
    });
    primary_ok && rest_ok && (!singleton || count > 0)
}

/// A statement version: `1.0.x` or `2.0.x` (xAPI 2.4.10 and 2.0's versioning).
pub(crate) fn is_version(text: &str) -> bool {
    let patch = text
        .strip_prefix("1.0.")
        .or_else(|| text.strip_prefix("2.0."));
    patch.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads `n` ASCII digits at the front of `text`.
fn digits(text: &str, n: usize) -> Option<(u32, &str)> {
    let head = text.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, text.get(n..)?))
}

/// Reads an xAPI timestamp (xAPI 4.5): ISO 8601 extended format
/// `YYYY-MM-DDThh:mm[:ss[.fff]]` with `T`, then `Z` or `+hh:mm` / `-hh:mm`.
/// `-00:00` (RFC 3339's "offset unknown") is refused: ISO 8601 has no such
/// offset, and an instant must be exact. Digits past nanoseconds are dropped.
///
/// # Errors
///
/// A short reason, used in diagnostics.
pub(crate) fn parse_timestamp(text: &str) -> Result<DateTime<FixedOffset>, &'static str> {
    const SHAPE: &str = "expected `YYYY-MM-DDThh:mm:ss` then `Z` or `+hh:mm`";
    let (year, rest) = digits(text, 4).ok_or(SHAPE)?;
    let rest = rest.strip_prefix('-').ok_or(SHAPE)?;
    let (month, rest) = digits(rest, 2).ok_or(SHAPE)?;
    let rest = rest.strip_prefix('-').ok_or(SHAPE)?;
    let (day, rest) = digits(rest, 2).ok_or(SHAPE)?;
    let rest = match rest.strip_prefix('T') {
        Some(rest) => rest,
        None if rest.is_empty() => return Err("it has a date but no time"),
        None if rest.starts_with(['t', ' ']) => {
            return Err("date and time must be separated by an uppercase `T`");
        }
        None => return Err(SHAPE),
    };
    let (hour, rest) = digits(rest, 2).ok_or(SHAPE)?;
    let rest = rest.strip_prefix(':').ok_or(SHAPE)?;
    let (minute, mut rest) = digits(rest, 2).ok_or(SHAPE)?;
    let mut second = 0;
    let mut nanos = 0u32;
    if let Some(after) = rest.strip_prefix(':') {
        let (s, after) = digits(after, 2).ok_or(SHAPE)?;
        second = s;
        rest = after;
        if let Some(after) = rest.strip_prefix(['.', ',']) {
            let count = after.bytes().take_while(u8::is_ascii_digit).count();
            if count == 0 {
                return Err("a decimal sign must be followed by digits");
            }
            let (fraction, after) = after.split_at(count);
            nanos = fraction
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(9)
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
            rest = after;
        }
    }
    let offset_seconds = match rest {
        "Z" => 0,
        "" => return Err("it has no time zone: add `Z` or an offset such as `+01:00`"),
        "z" => return Err("the UTC designator must be an uppercase `Z`"),
        "-00:00" => return Err("the offset `-00:00` is not allowed; write `Z` or `+00:00`"),
        _ => {
            let (sign, offset) = match rest.split_at_checked(1) {
                Some(("+", offset)) => (1, offset),
                Some(("-", offset)) => (-1, offset),
                _ => return Err(SHAPE),
            };
            let (oh, offset) =
                digits(offset, 2).ok_or("the offset must be `+hh:mm` or `-hh:mm`")?;
            let offset = offset
                .strip_prefix(':')
                .ok_or("the offset must be `+hh:mm` or `-hh:mm`")?;
            let (om, offset) =
                digits(offset, 2).ok_or("the offset must be `+hh:mm` or `-hh:mm`")?;
            if !offset.is_empty() {
                return Err("unexpected text after the offset");
            }
            if oh > 23 || om > 59 {
                return Err("the offset is out of range");
            }
            sign * i32::try_from(oh * 3600 + om * 60).map_err(|_| "the offset is out of range")?
        }
    };
    if second == 60 {
        return Err(upskill_session::LEAP_SECOND_REFUSED);
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).map_err(|_| SHAPE)?, month, day)
        .ok_or("the date does not exist")?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
        .ok_or("the time of day is out of range")?;
    let offset = FixedOffset::east_opt(offset_seconds).ok_or("the offset is out of range")?;
    offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .ok_or("the instant is out of range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let t = parse_timestamp("2015-11-18T12:17:00.123456789123+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2015-11-18T12:17:00.123456789+01:00");
        assert!(parse_timestamp("2015-11-18T12:17Z").is_ok());
        assert!(parse_timestamp("2015-02-29T12:17Z").is_err());
        assert!(parse_timestamp("2015-11-18T12:17:00-00:00").is_err());
        assert!(parse_timestamp("2015-11-18T12:17:00+0100").is_err());
        assert!(parse_timestamp("2015-11-18T24:00:00Z").is_err());
        assert!(parse_timestamp("2015-11-18T12:17:00").is_err());
    }

    /// Leap seconds: refused with the reason every reader gives (docs/formats.md).
    #[test]
    fn leap_seconds_are_refused_like_every_reader() {
        for leap in ["2016-12-31T23:59:60Z", "2017-01-01T00:59:60.5+01:00"] {
            assert_eq!(
                parse_timestamp(leap),
                Err(upskill_session::LEAP_SECOND_REFUSED),
                "{leap}"
            );
        }
        assert!(parse_timestamp("2016-12-31T23:59:59.999Z").is_ok());
    }

    #[test]
    fn language_tags() {
        for good in ["en", "en-US", "zh-Hant-TW", "tlh", "x-private", "es-419"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "e", "en_US", "en-", "english-verylongsubtag", "x", "1n"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
