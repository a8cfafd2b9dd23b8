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

/// The ASCII bytes an IRI must not hold, a bit each: controls and space
/// (below `!`), DEL, and `<>"{}|\\^` and the backtick (RFC 3987 2.2).
const IRI_FORBIDDEN_ASCII: u128 = ((1u128 << 33) - 1)
    | 1u128 << 0x7F
    | 1u128 << b'<'
    | 1u128 << b'>'
    | 1u128 << b'"'
    | 1u128 << b'{'
    | 1u128 << b'}'
    | 1u128 << b'|'
    | 1u128 << b'\\'
    | 1u128 << b'^'
    | 1u128 << b'`';

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
    // ASCII (most IRIs): the same test byte by byte, in one pass with a bit
    // per byte; a control character, space or DEL is below `!` or 0x7F. An
    // ASCII byte the bits forbid is forbidden by the test on characters
    // below too, with the same message.
    let mut ascii = true;
    for b in rest.bytes() {
        if b >= 0x80 {
            ascii = false;
            break;
        }
        if (IRI_FORBIDDEN_ASCII >> b) & 1 == 1 {
            return Some("it contains white space or a character IRIs do not allow");
        }
    }
    if ascii {
        return None;
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

/// The address part of a `mailto:` IRI: exactly one RFC 5322 `addr-spec`
/// (`local@domain`), as xAPI 2.4.2.3 requires ("mailto:email address").
///
/// - No URI extras: no `?` (header fields such as `?subject=`), no `#`, no
///   `,` (a second address), no `%` (percent-encoding): write the address as
///   it is.
/// - The local part is a dot-atom (RFC 5322 3.4.1: `atext` characters in
///   dot-separated runs, no leading, trailing or doubled dot) or a quoted
///   string; UTF-8 is allowed (RFC 6532).
/// - The domain is a dot-separated list of labels of letters, digits and
///   inner hyphens, 1 to 63 characters each (RFC 1035 2.3.1, RFC 5321
///   4.1.2), or a domain literal `[...]`. A domain of one label
///   (`localhost`) is valid RFC 5322 and accepted.
pub(crate) fn email_problem(address: &str) -> Option<&'static str> {
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains white space");
    }
    if address.contains('?') {
        return Some(
            "it has a `?`: an xAPI mbox is one address, without header fields such as `?subject=`",
        );
    }
    if address.contains('#') {
        return Some("it has a `#` fragment");
    }
    if address.contains(',') {
        return Some("it lists more than one address");
    }
    if address.contains('%') {
        return Some("it is percent-encoded; write the address as it is");
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some("it has no `@`");
    };
    if local.is_empty() || domain.is_empty() {
        return Some("it needs text on both sides of `@`");
    }
    if local.starts_with('"') {
        if local.len() < 2 || !local.ends_with('"') {
            return Some("its quoted local part is not closed");
        }
    } else {
        if local.contains('@') {
            return Some("it has more than one `@`");
        }
        if local.split('.').any(str::is_empty) {
            return Some("its local part starts or ends with a dot, or has two dots in a row");
        }
        let atext = |c: char| {
            c.is_ascii_alphanumeric() || !c.is_ascii() || "!#$%&'*+-/=?^_`{|}~".contains(c)
        };
        if !local.chars().all(|c| c == '.' || atext(c)) {
            return Some("its local part has a character an address does not allow unquoted");
        }
    }
    if domain.starts_with('[') {
        return if domain.ends_with(']') {
            None
        } else {
            Some("its domain literal is not closed with `]`")
        };
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Some("its domain starts or ends with a dot, or has two dots in a row");
        }
        if label.chars().count() > 63 {
            return Some("a label of its domain is longer than 63 characters");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a label of its domain starts or ends with `-`");
        }
        if !label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
        {
            return Some("its domain has a character other than letters, digits, `-` and `.`");
        }
    }
    None
}

/// An xAPI `mbox`: `mailto:` then exactly one email address (xAPI 2.4.2.3).
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

/// Irregular grandfathered tags (RFC 5646 2.1 `irregular`), which the
/// `langtag` grammar does not produce; the regular ones (`zh-min-nan`, ...)
/// it does.
const IRREGULAR_TAGS: &[&str] = &[
    "en-GB-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-BE-FR",
    "sgn-BE-NL",
    "sgn-CH-DE",
];

/// An RFC 5646 language tag, checked as a **sequence** of subtags against
/// the 2.1 ABNF (xAPI 2.2.s4.b2: "the sequence of token lengths ... matches
/// the RFC 5646 standard"), case-insensitively:
///
/// `language` (2-3 letters with up to three 3-letter `extlang`s, or 4-8
/// letters), then optionally `script` (4 letters), `region` (2 letters or 3
/// digits), any `variant`s (5-8 letters or digits, or a digit and 3), any
/// `extension`s (a singleton other than `x` and subtags of 2-8), and a
/// `privateuse` part (`x` and subtags of 1-8); or a private-use tag alone
/// (`x-...`), or an irregular grandfathered tag (`i-klingon`).
/// The two rules of RFC 5646 2.2.9 that need no registry hold too: a variant
/// appears at most once (2.2.5 rule 5: `de-1901-1901` is refused) and so does
/// an extension singleton (2.2.6 rule 3: `zh-a-aaa-a-bbb`, the conformance
/// suite's `formatting.js` case).
/// Whether a subtag is *registered* (IANA registry) is not checked.
pub(crate) fn is_language_tag(text: &str) -> bool {
    if IRREGULAR_TAGS.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        return true;
    }
    let subtags: Vec<&str> = text.split('-').collect();
    let alpha = |s: &str, r: std::ops::RangeInclusive<usize>| {
        r.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, r: std::ops::RangeInclusive<usize>| {
        r.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let digit3 = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    let mut rest = subtags.as_slice();
    let private = |rest: &[&str]| match rest.split_first() {
        Some((x, tail)) if x.eq_ignore_ascii_case("x") => {
            !tail.is_empty() && tail.iter().all(|s| alnum(s, 1..=8))
        }
        _ => false,
    };
    if private(rest) {
        return true;
    }
    // language
    let Some((language, tail)) = rest.split_first() else {
        return false;
    };
    rest = tail;
    if alpha(language, 2..=3) {
        let mut extlangs = 0;
        while let Some((s, tail)) = rest.split_first() {
            if extlangs < 3 && alpha(s, 3..=3) {
                extlangs += 1;
                rest = tail;
            } else {
                break;
            }
        }
    } else if !alpha(language, 4..=8) {
        return false;
    }
    // script, region
    if let Some((s, tail)) = rest.split_first()
        && alpha(s, 4..=4)
    {
        rest = tail;
    }
    if let Some((s, tail)) = rest.split_first()
        && (alpha(s, 2..=2) || digit3(s))
    {
        rest = tail;
    }
    // variants, each at most once
    let mut variants: Vec<&str> = Vec::new();
    while let Some((s, tail)) = rest.split_first() {
        let starts_digit = s.bytes().next().is_some_and(|b| b.is_ascii_digit());
        if alnum(s, 5..=8) || (starts_digit && alnum(s, 4..=4)) {
            if variants.iter().any(|v| v.eq_ignore_ascii_case(s)) {
                return false;
            }
            variants.push(s);
            rest = tail;
        } else {
            break;
        }
    }
    // extensions, each singleton at most once
    let mut singletons: Vec<&str> = Vec::new();
    while let Some((s, tail)) = rest.split_first() {
        if s.len() == 1 && alnum(s, 1..=1) && !s.eq_ignore_ascii_case("x") {
            if singletons.iter().any(|v| v.eq_ignore_ascii_case(s)) {
                return false;
            }
            singletons.push(s);
            let count = tail.iter().take_while(|t| alnum(t, 2..=8)).count();
            if count == 0 {
                return false;
            }
            rest = tail.get(count..).unwrap_or_default();
        } else {
            break;
        }
    }
    rest.is_empty() || private(rest)
}

/// A statement version as the conformance suite has it (xAPI 1.0.3 2.4.10,
/// `lrs-conformance-test-suite` `version.js`, and 2.0's versioning): `1.0`,
/// `1.0.x`, `2.0` or `2.0.x`, where `x` is one or more digits.
pub(crate) fn is_version(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("1.0")
        .or_else(|| text.strip_prefix("2.0"))
    else {
        return false;
    };
    match rest.strip_prefix('.') {
        None => rest.is_empty(),
        Some(patch) => !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// An RFC 2046 media type, `type/subtype` with optional `; name=value`
/// parameters (RFC 2045 5.1), as xAPI 2.4.11 asks of `contentType`
/// ("Internet Media Type"). The top-level type must be a registered one
/// (RFC 6838 4.2: `application`, `audio`, `example`, `font`, `haptics`,
/// `image`, `message`, `model`, `multipart`, `text`, `video`) or an `x-`
/// extension; the subtype any RFC 2045 token.
pub(crate) fn media_type_problem(text: &str) -> Option<&'static str> {
    const TOP: &[&str] = &[
        "application",
        "audio",
        "example",
        "font",
        "haptics",
        "image",
        "message",
        "model",
        "multipart",
        "text",
        "video",
    ];
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b))
    };
    let mut parts = text.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    let Some((top, sub)) = essence.split_once('/') else {
        return Some("it is not `type/subtype`");
    };
    if !token(top) || !token(sub) {
        return Some("its type or subtype is not a token");
    }
    let known = TOP.iter().any(|t| t.eq_ignore_ascii_case(top))
        || top.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x-"));
    if !known {
        return Some(
            "its top-level type is not a registered one (`application`, `text`, `image`, ...) or `x-`",
        );
    }
    for parameter in parts {
        let Some((name, value)) = parameter.trim().split_once('=') else {
            return Some("a parameter is not `name=value`");
        };
        let quoted = value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
        if !token(name) || !(token(value) || quoted) {
            return Some("a parameter is not `name=value`");
        }
    }
    None
}

/// A SHA-2 digest in hexadecimal: 56, 64, 96 or 128 hex digits (SHA-224,
/// -256, -384, -512), as xAPI 2.4.11 `sha2` (and 2.6's signature rules) use it.
pub(crate) fn is_sha2(text: &str) -> bool {
    matches!(text.len(), 56 | 64 | 96 | 128) && text.bytes().all(|b| b.is_ascii_hexdigit())
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
    fn the_iri_byte_mask_forbids_what_the_character_test_forbids() {
        for b in 0u8..0x80 {
            let c = char::from(b);
            let by_character = c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`');
            let by_bytes = b < b'!'
                || b == 0x7F
                || matches!(
                    b,
                    b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`'
                );
            assert_eq!((IRI_FORBIDDEN_ASCII >> b) & 1 == 1, by_bytes, "byte {b}");
            assert_eq!(by_bytes, by_character, "byte {b}");
            let iri = format!("https://x.example/{c}");
            assert_eq!(iri_problem(&iri).is_some(), by_bytes, "byte {b}");
            let unicode = format!("https://x.example/é{c}");
            assert_eq!(iri_problem(&unicode).is_some(), by_bytes, "byte {b}");
        }
    }

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
        for good in [
            "en",
            "en-US",
            "zh-Hant-TW",
            "tlh",
            "x-private",
            "es-419",
            "zh-min-nan",
            "i-klingon",
            "de-CH-1901",
            "sl-rozaj-biske",
            "en-US-u-islamcal",
            "en-a-bbb-x-a-ccc",
            "EN-us",
            "zh-yue-HK",
            "en-US-x-twain",
            "de-1901-1996",
            "en-a-bbb-b-ccc",
            "en-x-a-x-a",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        // Case xapi-langtag-token-sequence and its class.
        for bad in [
            "",
            "e",
            "en_US",
            "en-",
            "english-verylongsubtag",
            "x",
            "1n",
            "en-US-US",
            "de-DE-DE",
            "en-a",
            "en-US-a",
            "en-x",
            "en-US-u",
            "en-US-1",
            "en-US-12",
            "en-US-123",
            "en-abc-def-ghi-jkl",
            "en-001-US",
            // RFC 5646 2.2.5 rule 5 and 2.2.6 rule 3: no repeated variant or singleton.
            "de-1901-1901",
            "sl-rozaj-ROZAJ",
            "zh-z-aaa-z-bbb-c-ccc",
            "en-a-bbb-A-ccc",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn versions() {
        for good in ["1.0", "1.0.0", "1.0.3", "1.0.10", "2.0", "2.0.0"] {
            assert!(is_version(good), "{good}");
        }
        for bad in [
            "1", "1.0.", "1.0.x", "1.1", "1.0.3.1", "2.1.0", "0.95", "1.0 ", "v1.0.3",
        ] {
            assert!(!is_version(bad), "{bad}");
        }
    }

    #[test]
    fn mailto_addresses() {
        for good in [
            "a@example.com",
            "first.last+tag@sub.example.co.uk",
            "x@localhost",
            "x@[192.0.2.1]",
            "\"ab\"@example.com",
            "ü@exämple.de",
        ] {
            assert_eq!(email_problem(good), None, "{good}");
        }
        // Case xapi-mbox-address-syntax and its class.
        for bad in [
            "learner1@example.com?subject=x",
            "learner1@example.com.",
            "learner1@example.com#x",
            "learner1@exa_mple.com",
            "a(b)@example.com",
            "learner1@example.com%20",
            "a..b@example.com",
            ".a@example.com",
            "a.@example.com",
            "learner1@example..com",
            "learner1@-example.com",
            "a@b.com,c@d.com",
            "a b@example.com",
            "@example.com",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn media_types_and_digests() {
        for good in [
            "text/plain",
            "application/octet-stream",
            "text/plain; charset=utf-8",
            "x-custom/thing",
            "application/vnd.api+json",
            "image/svg+xml",
        ] {
            assert_eq!(media_type_problem(good), None, "{good}");
        }
        // Case xapi-attachment-contenttype-unchecked and its class.
        for bad in [
            "",
            "not a type",
            "text",
            "x/y",
            "text/",
            "/plain",
            "text/pl ain",
            "text/plain; charset",
        ] {
            assert!(media_type_problem(bad).is_some(), "{bad}");
        }
        assert!(is_sha2(&"ab".repeat(32)));
        assert!(is_sha2(&"AB".repeat(64)));
        for bad in ["", "zz", &"ab".repeat(20), &"zz".repeat(32)] {
            assert!(!is_sha2(bad), "{bad}");
        }
    }
}
