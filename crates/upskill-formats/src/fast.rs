//! The fast lane for CSV session rows: a row whose every cell is in the
//! canonical, unproblematic form is read straight from the reader's
//! buffers into a borrowed [`SessionRef`], with no allocation; any other
//! row goes through the general decoder ([`crate::decode`]), which finds
//! and words every problem.
//!
//! The lane only ever *accepts* a row the general decoder would accept
//! without a warning, and with the same values (each check below names the
//! general one it stands for); it never rejects. So a report is the same
//! byte for byte whichever lane a row took.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use upskill_session::iso8601::parse_exact_duration;
use upskill_session::{
    ActivityKind, MAX_ID_LENGTH, MAX_SESSION_DURATION, SessionDuration, SessionRef,
};

use crate::csv_rows::CsvRows;
use crate::values::unescape_formula;

/// The column of each session field in the header (`None`: absent), in
/// [`crate::SESSION_FIELDS`] order.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SessionColumns {
    pub record_id: Option<usize>,
    pub learner_id: Option<usize>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub duration: Option<usize>,
    pub duration_minutes: Option<usize>,
    pub activity: Option<usize>,
    pub source: Option<usize>,
    pub self_reported: Option<usize>,
}

impl SessionColumns {
    /// The columns of a header (`columns`: the known field of each column).
    pub fn of(columns: &[Option<&'static str>]) -> SessionColumns {
        let at = |name: &str| columns.iter().position(|c| *c == Some(name));
        SessionColumns {
            record_id: at("record_id"),
            learner_id: at("learner_id"),
            start: at("start"),
            end: at("end"),
            duration: at("duration"),
            duration_minutes: at("duration_minutes"),
            activity: at("activity"),
            source: at("source"),
            self_reported: at("self_reported"),
        }
    }
}

/// A row's cells, as the general reader sees them: `None` for an empty cell.
pub(crate) trait Cells<'a> {
    /// The number of fields in the row.
    fn count(&self) -> usize;
    /// Whether every field is valid UTF-8.
    fn all_utf8(&self) -> bool;
    /// Field `i` as the general reader takes it: unescaped, trimmed, `None`
    /// when empty (or not UTF-8, which [`Cells::all_utf8`] rules out).
    fn cell(&self, i: usize) -> Option<&'a str>;
    /// Whether field `i` has a value (the general decoder's `get`).
    fn present(&self, i: usize) -> bool {
        self.cell(i).is_some()
    }
    /// Field `i` as an instant, when it is one the general decoder reads
    /// as that instant without a problem.
    fn instant(&self, i: usize) -> Option<DateTime<FixedOffset>> {
        canonical_instant(self.cell(i)?)
    }
    /// Field `i` as an exact ISO 8601 duration in centiseconds
    /// (`parse_exact_duration`).
    fn duration_centis(&self, i: usize) -> Option<u64> {
        parse_exact_duration(self.cell(i)?).ok()
    }
}

/// The cells of the CSV record in a [`CsvRows`]'s buffers.
///
/// The record's field bytes are checked for UTF-8 once, as a whole
/// ([`CsvRows::text_fields`] says why that answers for every field): a
/// cell is then a range of that text (`str::get`, which fails only off a
/// character boundary, where the field alone is not UTF-8 either). Only a
/// record that is not UTF-8 as a whole has its fields checked one by one.
pub(crate) struct RowCells<'a, R> {
    rows: &'a CsvRows<R>,
    whole: Option<&'a str>,
}

impl<'a, R: std::io::BufRead> RowCells<'a, R> {
    pub fn new(rows: &'a CsvRows<R>) -> RowCells<'a, R> {
        RowCells {
            rows,
            whole: std::str::from_utf8(rows.record_bytes()).ok(),
        }
    }

    /// Field `i` as text, when it is UTF-8.
    fn text(&self, i: usize) -> Option<&'a str> {
        match self.whole {
            Some(whole) => whole.get(self.rows.field_range(i)?),
            None => std::str::from_utf8(self.rows.field_bytes(i)?).ok(),
        }
    }
}

impl<'a, R: std::io::BufRead> Cells<'a> for RowCells<'a, R> {
    fn count(&self) -> usize {
        self.rows.field_count()
    }

    fn all_utf8(&self) -> bool {
        self.whole.is_some() || (0..self.count()).all(|i| self.text(i).is_some())
    }

    /// As the general reader takes it (`Reader::next_csv`).
    fn cell(&self, i: usize) -> Option<&'a str> {
        let text = crate::values::trim(unescape_formula(self.text(i)?));
        (!text.is_empty()).then_some(text)
    }
}

/// The row as a session, when every cell is canonical and the general
/// decoder would accept it with no problem at all; `None` otherwise (the
/// row then goes to the general decoder).
pub(crate) fn clean_session<'a>(
    cells: &impl Cells<'a>,
    width: usize,
    columns: &SessionColumns,
    decimal_comma: bool,
) -> Option<SessionRef<'a>> {
    // `next_csv`: a row with another field count, or a field not UTF-8, is rejected.
    if cells.count() != width || !cells.all_utf8() {
        return None;
    }
    let get = |column: Option<usize>| column.and_then(|i| cells.cell(i));
    let has = |column: Option<usize>| column.is_some_and(|i| cells.present(i));
    // `Decoder::id`, `check_id_text`.
    let record_id = id(get(columns.record_id)?)?;
    let learner_id = id(get(columns.learner_id)?)?;
    // `Decoder::instant`: only the canonical form.
    let start = cells.instant(columns.start?)?;
    // `length`: exactly one length, and `decode_session`'s checks.
    let lengths = (
        has(columns.end),
        has(columns.duration),
        has(columns.duration_minutes),
    );
    let millis = match lengths {
        (true, false, false) => {
            let end = cells.instant(columns.end?)?;
            if end <= start {
                return None;
            }
            u64::try_from((end - start).num_milliseconds()).ok()?
        }
        (false, true, false) => cells.duration_centis(columns.duration?)?.checked_mul(10)?,
        (false, false, true) if !decimal_comma => {
            upskill_session::decimal::whole_units(get(columns.duration_minutes)?, 60_000).ok()?
        }
        _ => return None,
    };
    if millis == 0 || millis > MAX_SESSION_DURATION.as_millis() {
        return None;
    }
    // `activity` (CSV): a canonical name, or what `ActivityKind::parse` folds.
    let activity_text = get(columns.activity)?;
    let activity = match ActivityKind::ALL
        .into_iter()
        .find(|k| k.name() == activity_text)
    {
        Some(kind) => kind,
        None => ActivityKind::parse(activity_text).ok()?,
    };
    // `self_reported`: `parse_flag`.
    let self_reported = match get(columns.self_reported) {
        None => false,
        Some(text) => flag(text)?,
    };
    Some(SessionRef {
        record_id,
        learner_id,
        source: get(columns.source),
        start,
        duration: SessionDuration::from_millis(millis),
        activity,
        self_reported,
    })
}

/// A JSON Lines session record as the lane reads it: every member borrowed
/// from the line; an escaped string, a member of another type, an unknown
/// or repeated member, anything but an object: an error, and the line goes
/// to the general reader.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRecord<'a> {
    record_id: &'a str,
    learner_id: &'a str,
    start: &'a str,
    #[serde(default, borrow)]
    end: Option<&'a str>,
    #[serde(default, borrow)]
    duration: Option<&'a str>,
    #[serde(default)]
    duration_minutes: Option<serde_json::Number>,
    activity: &'a str,
    #[serde(default, borrow)]
    title: Option<&'a str>,
    #[serde(default, borrow)]
    source: Option<&'a str>,
    #[serde(default)]
    skill_areas: Strings,
    #[serde(default)]
    self_reported: Flag,
}

/// `skill_areas`: an array of strings (not `null`, as `skill_areas` reads
/// it), none kept.
#[derive(Default)]
struct Strings;

impl<'de> serde::Deserialize<'de> for Strings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Strings, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Strings;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut items: A,
            ) -> Result<Strings, A::Error> {
                while items.next_element::<&'de str>()?.is_some() {}
                Ok(Strings)
            }
        }
        deserializer.deserialize_seq(Visit)
    }
}

/// `self_reported`: a JSON boolean (not `null`), `false` when absent.
#[derive(Default)]
struct Flag(bool);

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Flag, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E>(self, flag: bool) -> Result<Flag, E> {
                Ok(Flag(flag))
            }
        }
        deserializer.deserialize_bool(Visit)
    }
}

/// The JSON Lines `line` as a session, when it is an object of known
/// members in the canonical form that the general reader (`parse_record`,
/// then `decode_session`) would accept with no problem at all, and with
/// the same values; `None` otherwise (the line then goes to the general
/// reader). `max_depth`: the reader's depth limit (the lane reads records
/// at most 2 deep, an object and its `skill_areas`).
pub(crate) fn clean_json_session(line: &[u8], max_depth: usize) -> Option<SessionRef<'_>> {
    if max_depth < 2 {
        return None;
    }
    // `parse_record`: UTF-8, then serde_json on the text.
    let text = std::str::from_utf8(line).ok()?;
    let record: JsonRecord<'_> = serde_json::from_str(text).ok()?;
    // `Decoder::id`: `check_id_text` trims; an id the lane takes is its own
    // trimmed form.
    let trimmed = |text: &str| text.trim() == text && !text.is_empty();
    if !trimmed(record.record_id) || !trimmed(record.learner_id) {
        return None;
    }
    let record_id = id(record.record_id)?;
    let learner_id = id(record.learner_id)?;
    // `Decoder::instant`: only the canonical form.
    let start = canonical_instant(record.start)?;
    // `length`: exactly one length (`null` is absent), and `decode_session`'s checks.
    let millis = match (record.end, record.duration, &record.duration_minutes) {
        (Some(end), None, None) => {
            let end = canonical_instant(end)?;
            if end <= start {
                return None;
            }
            u64::try_from((end - start).num_milliseconds()).ok()?
        }
        (None, Some(duration), None) => parse_exact_duration(duration).ok()?.checked_mul(10)?,
        // `number_text` writes the number as serde_json does, then
        // `exact_decimal_times`; a whole number is that many minutes.
        (None, None, Some(minutes)) => match minutes.as_u64() {
            Some(whole) => whole.checked_mul(60_000)?,
            None => upskill_session::decimal::whole_units(&minutes.to_string(), 60_000).ok()?,
        },
        _ => return None,
    };
    if millis == 0 || millis > MAX_SESSION_DURATION.as_millis() {
        return None;
    }
    // `Decoder::activity`: JSON strings must be the exact name.
    let activity = ActivityKind::ALL
        .into_iter()
        .find(|k| k.name() == record.activity)?;
    let _ = (record.title, record.skill_areas);
    Some(SessionRef {
        record_id,
        learner_id,
        source: record.source,
        start,
        duration: SessionDuration::from_millis(millis),
        activity,
        self_reported: record.self_reported.0,
    })
}

/// An id the general decoder accepts as it is (`check_id_text`; the text is
/// already trimmed).
fn id(text: &str) -> Option<&str> {
    (text.len() <= MAX_ID_LENGTH && !text.chars().any(char::is_control)).then_some(text)
}

/// `parse_flag`, without its allocation.
fn flag(text: &str) -> Option<bool> {
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if is("true") || is("yes") || text == "1" {
        Some(true)
    } else if is("false") || is("no") || text == "0" {
        Some(false)
    } else {
        None
    }
}

/// Two ASCII digits as a number.
fn two(bytes: &[u8], at: usize) -> Option<u32> {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => {
            Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
        }
        _ => None,
    }
}

/// The canonical RFC 3339 form, `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`,
/// read by position: the same instant, with the same offset, as the general
/// reader (`values::parse_instant`) gives it; `None` for any other text
/// (a lower-case `t` or `z`, a space, a leap second, more than nine
/// fraction digits, an offset of a day or more), which the general reader
/// then reads or reports.
pub(crate) fn canonical_instant(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    if b.len() < 20
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(10) != Some(&b'T')
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let year = two(b, 0)? * 100 + two(b, 2)?;
    let (month, day) = (two(b, 5)?, two(b, 8)?);
    let (hour, minute, second) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let digits = b
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || digits > 9 {
            return None;
        }
        for c in b.get(at..at + digits).unwrap_or_default() {
            nanos = nanos * 10 + u32::from(c - b'0');
        }
        nanos *= 10u32.pow(9 - digits as u32);
        at += digits;
    }
    let offset_seconds = match b.get(at..).unwrap_or_default() {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (two(b, at + 1)?, two(b, at + 4)?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = i32::try_from(h * 3600 + m * 60).ok()?;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let offset = FixedOffset::east_opt(offset_seconds)?;
    offset
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn canonical_forms_read_as_the_general_reader_reads_them() {
        for text in [
            "2026-03-02T09:30:00+00:00",
            "2026-03-02T09:30:00Z",
            "2026-03-02T09:30:00.5-05:30",
            "2026-03-02T09:30:00.123456789+14:00",
            "2024-02-29T23:59:59+23:59",
            "0000-01-01T00:00:00Z",
        ] {
            let (fast, general) = (
                canonical_instant(text),
                crate::values::parse_instant(text).ok(),
            );
            assert_eq!(fast, general, "{text}");
            assert_eq!(fast.map(|t| *t.offset()), general.map(|t| *t.offset()));
            assert!(canonical_instant(text).is_some(), "{text}");
        }
    }

    #[test]
    fn other_forms_are_left_to_the_general_reader() {
        for text in [
            "2026-03-02t09:30:00Z",
            "2026-03-02 09:30:00Z",
            "2026-03-02T09:30:00z",
            "2026-03-02T09:30:00",
            "2026-03-02T09:30:60Z",
            "2026-02-30T09:30:00Z",
            "2026-03-02T09:30:00.Z",
            "2026-03-02T09:30:00.1234567891Z",
            "2026-03-02T09:30:00+24:00",
            "2026-03-02T09:30:00+0100",
            "+2026-03-02T09:30:00Z",
        ] {
            assert_eq!(canonical_instant(text), None, "{text}");
        }
    }

    #[test]
    fn flags_read_as_parse_flag_reads_them() {
        for text in [
            "true", "TRUE", "Yes", "1", "false", "No", "0", "y", "01", "",
        ] {
            assert_eq!(flag(text), crate::values::parse_flag(text), "{text}");
        }
    }

    proptest! {
        /// The law: whenever the fast path reads a timestamp, the general
        /// reader reads the same instant with the same offset.
        #[test]
        fn fast_instants_agree_with_the_general_reader(
            year in 0u32..10_000,
            month in 0u32..14,
            day in 0u32..33,
            hour in 0u32..26,
            minute in 0u32..61,
            second in 0u32..62,
            fraction in proptest::option::of("[0-9]{0,11}"),
            offset in prop_oneof![
                Just("Z".to_string()),
                Just("z".to_string()),
                (0u32..30, 0u32..62, any::<bool>()).prop_map(|(h, m, plus)| {
                    format!("{}{h:02}:{m:02}", if plus { '+' } else { '-' })
                }),
            ],
            separator in prop_oneof![Just('T'), Just('t'), Just(' ')],
        ) {
            let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
            let text = format!(
                "{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{fraction}{offset}"
            );
            if let Some(fast) = canonical_instant(&text) {
                let general = crate::values::parse_instant(&text);
                // DateTime equality is of instants: the offsets too.
                prop_assert_eq!(Ok(fast), general, "{}", text);
                prop_assert_eq!(Some(*fast.offset()), general.ok().map(|g| *g.offset()));
            } else if separator == 'T'
                && !offset.starts_with('z')
                && (1..=12).contains(&month)
                && hour < 24 && minute < 60 && second < 60
                && fraction.len() != 1 && fraction.len() <= 10
                && crate::values::parse_instant(&text).is_ok()
                && (offset == "Z"
                    || (offset.get(1..3).is_some_and(|h| h < "24")
                        && offset.get(4..6).is_some_and(|m| m < "60")))
            {
                // Canonical and valid: the fast path must take it.
                prop_assert!(false, "the fast path refused canonical {}", text);
            }
        }
    }
}
