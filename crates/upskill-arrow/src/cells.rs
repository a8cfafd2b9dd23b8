//! One Arrow cell as the text a canonical CSV cell would hold.
//!
//! Every column is read into text and decoded by the CSV decoder of
//! `upskill-formats`, so a Parquet row and a CSV row with the same values
//! get the same checks and codes. The types each field accepts are listed
//! in `docs/formats.md`; [`accepts`] is that table.

use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, DurationMicrosecondType, DurationMillisecondType,
    DurationNanosecondType, DurationSecondType, Float32Type, Float64Type, Int8Type, Int16Type,
    Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrowPrimitiveType, PrimitiveArray};
use arrow_schema::{DataType, TimeUnit};
use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone};

/// What a field holds, and so which Arrow types it is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    /// Ids, names, labels: text or integers.
    Text,
    /// Decimal numbers: text, integers, floats, decimals.
    Number,
    /// Instants: RFC 3339 text or timestamps.
    Instant,
    /// Calendar dates: `YYYY-MM-DD` text or dates.
    Date,
    /// Flags: text, booleans or integers (`1`, `0`).
    Flag,
    /// ISO 8601 durations: text or durations.
    Duration,
    /// `;`-separated lists: text or lists of text.
    List,
}

/// The category of a canonical field.
pub(crate) fn category(field: &str) -> Category {
    match field {
        "start" | "end" => Category::Instant,
        "start_date" | "end_date" | "from" | "to" | "date" => Category::Date,
        "duration_minutes" | "minutes" | "fte" | "contracted_hours" => Category::Number,
        "duration" => Category::Duration,
        "self_reported" => Category::Flag,
        "skill_areas" => Category::List,
        _ => Category::Text,
    }
}

fn is_string(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
    )
}

fn is_integer(data_type: &DataType) -> bool {
    data_type.is_integer()
}

/// Whether a column of `data_type` can hold a field of `category`.
pub(crate) fn accepts(category: Category, data_type: &DataType) -> bool {
    if let DataType::Dictionary(_, values) = data_type {
        return data_type_keys_supported(data_type) && accepts(category, values);
    }
    if is_string(data_type) {
        return true;
    }
    match category {
        Category::Text => is_integer(data_type),
        Category::Number => {
            is_integer(data_type)
                || matches!(
                    data_type,
                    DataType::Float32
                        | DataType::Float64
                        | DataType::Decimal128(_, _)
                        | DataType::Decimal256(_, _)
                )
        }
        Category::Instant => match data_type {
            DataType::Timestamp(_, None) => true,
            DataType::Timestamp(_, Some(zone)) => parse_zone(zone).is_some(),
            _ => false,
        },
        Category::Date => matches!(data_type, DataType::Date32 | DataType::Date64),
        Category::Flag => matches!(data_type, DataType::Boolean) || is_integer(data_type),
        Category::Duration => matches!(data_type, DataType::Duration(_)),
        Category::List => match data_type {
            DataType::List(item) | DataType::LargeList(item) => is_string(item.data_type()),
            _ => false,
        },
    }
}

fn data_type_keys_supported(data_type: &DataType) -> bool {
    match data_type {
        DataType::Dictionary(keys, _) => is_integer(keys),
        _ => false,
    }
}

/// A time zone of an Arrow timestamp: an offset (`+01:00`, `Z`) or an IANA name.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

pub(crate) fn parse_zone(text: &str) -> Option<Zone> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0).map(Zone::Fixed);
    }
    if let Some(rest) = text.strip_prefix(['+', '-']) {
        let sign = if text.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => (rest.get(..2)?, rest.get(2..)?),
            None => (rest, "0"),
        };
        let hours: i32 = hours.parse().ok()?;
        let minutes: i32 = minutes.parse().ok()?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        return FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).map(Zone::Fixed);
    }
    text.parse::<chrono_tz::Tz>().ok().map(Zone::Named)
}

/// The text of cell `row` of `array`, as a CSV cell would hold it:
/// trimmed, `None` when null or empty.
pub(crate) fn text(array: &dyn Array, row: usize) -> Option<Cow<'_, str>> {
    if array.is_null(row) {
        return None;
    }
    let text: Cow<'_, str> = match array.data_type() {
        DataType::Null => return None,
        DataType::Utf8 => Cow::Borrowed(array.as_string_opt::<i32>()?.value(row)),
        DataType::LargeUtf8 => Cow::Borrowed(array.as_string_opt::<i64>()?.value(row)),
        DataType::Utf8View => Cow::Borrowed(array.as_string_view_opt()?.value(row)),
        DataType::Dictionary(_, _) => return dictionary(array, row),
        DataType::Boolean => Cow::Borrowed(if array.as_boolean_opt()?.value(row) {
            "true"
        } else {
            "false"
        }),
        DataType::Int8 => number::<Int8Type>(array, row)?,
        DataType::Int16 => number::<Int16Type>(array, row)?,
        DataType::Int32 => number::<Int32Type>(array, row)?,
        DataType::Int64 => number::<Int64Type>(array, row)?,
        DataType::UInt8 => number::<UInt8Type>(array, row)?,
        DataType::UInt16 => number::<UInt16Type>(array, row)?,
        DataType::UInt32 => number::<UInt32Type>(array, row)?,
        DataType::UInt64 => number::<UInt64Type>(array, row)?,
        DataType::Float32 => number::<Float32Type>(array, row)?,
        DataType::Float64 => number::<Float64Type>(array, row)?,
        DataType::Decimal128(_, _) => Cow::Owned(
            array
                .as_primitive_opt::<arrow_array::types::Decimal128Type>()?
                .value_as_string(row),
        ),
        DataType::Decimal256(_, _) => Cow::Owned(
            array
                .as_primitive_opt::<arrow_array::types::Decimal256Type>()?
                .value_as_string(row),
        ),
        DataType::Date32 => Cow::Owned(
            array
                .as_primitive_opt::<Date32Type>()?
                .value_as_date(row)?
                .to_string(),
        ),
        DataType::Date64 => Cow::Owned(
            array
                .as_primitive_opt::<Date64Type>()?
                .value_as_date(row)?
                .to_string(),
        ),
        DataType::Timestamp(unit, zone) => {
            let naive = match unit {
                TimeUnit::Second => timestamp::<TimestampSecondType>(array, row)?,
                TimeUnit::Millisecond => timestamp::<TimestampMillisecondType>(array, row)?,
                TimeUnit::Microsecond => timestamp::<TimestampMicrosecondType>(array, row)?,
                TimeUnit::Nanosecond => timestamp::<TimestampNanosecondType>(array, row)?,
            };
            Cow::Owned(instant(naive, zone.as_deref())?)
        }
        DataType::Duration(unit) => {
            let (value, per_second) = match unit {
                TimeUnit::Second => (value::<DurationSecondType>(array, row)?, 1),
                TimeUnit::Millisecond => (value::<DurationMillisecondType>(array, row)?, 1_000),
                TimeUnit::Microsecond => (value::<DurationMicrosecondType>(array, row)?, 1_000_000),
                TimeUnit::Nanosecond => {
                    (value::<DurationNanosecondType>(array, row)?, 1_000_000_000)
                }
            };
            Cow::Owned(iso_duration(value, per_second))
        }
        DataType::List(_) => Cow::Owned(list(array.as_list_opt::<i32>()?.value(row).as_ref())),
        DataType::LargeList(_) => Cow::Owned(list(array.as_list_opt::<i64>()?.value(row).as_ref())),
        _ => return None,
    };
    match text {
        Cow::Borrowed(t) => Some(t.trim()).filter(|t| !t.is_empty()).map(Cow::Borrowed),
        Cow::Owned(t) => {
            let trimmed = t.trim();
            if trimmed.is_empty() {
                None
            } else if trimmed.len() == t.len() {
                Some(Cow::Owned(t))
            } else {
                Some(Cow::Owned(trimmed.to_string()))
            }
        }
    }
}

fn value<T: ArrowPrimitiveType<Native = i64>>(array: &dyn Array, row: usize) -> Option<i64> {
    let array: &PrimitiveArray<T> = array.as_primitive_opt::<T>()?;
    Some(array.value(row))
}

fn number<T>(array: &dyn Array, row: usize) -> Option<Cow<'static, str>>
where
    T: ArrowPrimitiveType,
    T::Native: std::fmt::Display,
{
    let array: &PrimitiveArray<T> = array.as_primitive_opt::<T>()?;
    Some(Cow::Owned(array.value(row).to_string()))
}

fn timestamp<T>(array: &dyn Array, row: usize) -> Option<NaiveDateTime>
where
    T: arrow_array::types::ArrowTemporalType + ArrowPrimitiveType<Native = i64>,
{
    let array: &PrimitiveArray<T> = array.as_primitive_opt::<T>()?;
    array.value_as_datetime(row)
}

/// A timestamp as RFC 3339 text: in its column's zone (with that zone's
/// offset at the instant), or without an offset when the column has no
/// zone (then read as a naive local time, as such CSV text is).
fn instant(naive_utc: NaiveDateTime, zone: Option<&str>) -> Option<String> {
    let Some(zone) = zone else {
        return Some(naive_utc.format("%Y-%m-%dT%H:%M:%S%.f").to_string());
    };
    let at: DateTime<FixedOffset> = match parse_zone(zone)? {
        Zone::Fixed(offset) => offset.from_utc_datetime(&naive_utc),
        Zone::Named(tz) => tz.from_utc_datetime(&naive_utc).fixed_offset(),
    };
    Some(at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// `value` units of `1 / per_second` seconds as an ISO 8601 duration
/// (`PT2700S`, `PT1.5S`); a negative one is written with a leading `-`
/// (and refused by the decoder).
fn iso_duration(value: i64, per_second: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let per = per_second.unsigned_abs().max(1);
    let (seconds, fraction) = (magnitude / per, magnitude % per);
    if fraction == 0 {
        return format!("{sign}PT{seconds}S");
    }
    let digits = per.ilog10() as usize;
    let fraction = format!("{fraction:0digits$}");
    format!("{sign}PT{seconds}.{}S", fraction.trim_end_matches('0'))
}

/// The items of a list cell joined with `;` (nulls and empty items left out).
fn list(items: &dyn Array) -> String {
    let mut out = String::new();
    for i in 0..items.len() {
        if let Some(item) = text(items, i) {
            if !out.is_empty() {
                out.push(';');
            }
            out.push_str(&item);
        }
    }
    out
}

fn dictionary(array: &dyn Array, row: usize) -> Option<Cow<'_, str>> {
    macro_rules! keyed {
        ($($key:ty),*) => {
            $(
                if let Some(dict) = array.as_dictionary_opt::<$key>() {
                    let key = usize::try_from(dict.keys().value(row)).ok()?;
                    let values = dict.values();
                    if key >= values.len() {
                        return None;
                    }
                    return text(values.as_ref(), key).map(|t| Cow::Owned(t.into_owned()));
                }
            )*
        };
    }
    keyed!(
        Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_seconds() {
        assert_eq!(iso_duration(2_700, 1), "PT2700S");
        assert_eq!(iso_duration(1_500, 1_000), "PT1.5S");
        assert_eq!(iso_duration(1_000_000_001, 1_000_000_000), "PT1.000000001S");
        assert_eq!(iso_duration(-5, 1), "-PT5S");
    }

    #[test]
    fn zones_are_offsets_or_names() {
        assert!(
            matches!(parse_zone("+01:00"), Some(Zone::Fixed(o)) if o.local_minus_utc() == 3600)
        );
        assert!(
            matches!(parse_zone("-0530"), Some(Zone::Fixed(o)) if o.local_minus_utc() == -19_800)
        );
        assert!(matches!(parse_zone("UTC"), Some(Zone::Fixed(o)) if o.local_minus_utc() == 0));
        assert!(matches!(parse_zone("Europe/Berlin"), Some(Zone::Named(_))));
        assert!(parse_zone("Mars/Olympus").is_none());
        assert!(parse_zone("+25:00").is_none());
    }
}
