//! Writing the per-record audit ledger (issue 12): one row per record read,
//! as CSV or JSON Lines. The columns are documented in `docs/ledger.md`.
//!
//! Ask for the rows with `EvaluateOptions { engine: Options { audit: true,
//! .. }, .. }`; they come back in [`Evaluation::audit`](crate::Evaluation::audit),
//! sorted by location, the same at any number of reading threads.

use std::io::Write;
use std::path::Path;

use upskill_formats::escape_formula;
use upskill_policy::AuditRow;

/// The ledger's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LedgerFormat {
    /// Comma-separated values with a header row; text cells escaped against
    /// spreadsheet formulas (a leading `'`).
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl LedgerFormat {
    /// The format a file name asks for: JSON Lines for `.jsonl`, `.ndjson`
    /// or `.json` (any case), CSV otherwise.
    pub fn from_path(path: &Path) -> LedgerFormat {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("jsonl" | "ndjson" | "json") => LedgerFormat::JsonLines,
            _ => LedgerFormat::Csv,
        }
    }
}

/// Errors writing the ledger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The output could not be written.
    #[error("cannot write the ledger: {0}")]
    Io(#[from] std::io::Error),
    /// A CSV row could not be written.
    #[error("cannot write the ledger: {0}")]
    Csv(#[from] csv::Error),
    /// A JSON line could not be written.
    #[error("cannot write the ledger: {0}")]
    Json(#[from] serde_json::Error),
}

/// The CSV header, in column order.
pub const LEDGER_COLUMNS: [&str; 18] = [
    "file",
    "line",
    "record",
    "location",
    "record_id",
    "learner_id",
    "fate",
    "detail",
    "duplicate_of_record_id",
    "duplicate_of_location",
    "clipped_to_as_of_minutes",
    "capped_minutes",
    "clipped_to_period_minutes",
    "overlap_minutes",
    "daily_cap_minutes",
    "credited_minutes",
    "weeks",
    "message",
];

/// Milliseconds as minutes, to the thousandth of a minute (rounded down),
/// without trailing zeros: `90_000` -> `1.5`, `0` -> `0`.
fn minutes(ms: u64) -> String {
    let (whole, rest) = (ms / 60_000, ms % 60_000);
    let thousandths = rest / 60;
    if thousandths == 0 {
        return whole.to_string();
    }
    let fraction = format!("{thousandths:03}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

fn text(value: Option<&str>) -> String {
    escape_formula(value.unwrap_or_default()).into_owned()
}

fn cells(row: &AuditRow) -> [String; 18] {
    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let weeks: Vec<String> = row
        .weeks
        .iter()
        .map(|(week, minutes)| format!("{week}:{minutes}"))
        .collect();
    let (of_id, of_location) = match &row.duplicate_of {
        Some((id, location)) => (Some(id.as_str()), Some(location.to_string())),
        None => (None, None),
    };
    [
        text(row.location.file.as_deref()),
        number(row.location.line),
        number(row.location.record),
        text(Some(&row.location.to_string())),
        text(row.record_id.as_deref()),
        text(row.learner_id.as_deref()),
        row.fate.as_str().to_string(),
        text(row.detail.as_deref()),
        text(of_id),
        text(of_location.as_deref()),
        minutes(row.clipped_to_as_of_ms),
        minutes(row.capped_ms),
        minutes(row.clipped_to_period_ms),
        minutes(row.overlap_ms),
        minutes(row.daily_capped_ms),
        row.minutes().to_string(),
        weeks.join(";"),
        text(row.message.as_deref()),
    ]
}

fn json(row: &AuditRow) -> serde_json::Value {
    use serde_json::{Value, json};
    let weeks: serde_json::Map<String, Value> = row
        .weeks
        .iter()
        .map(|(week, minutes)| (week.to_string(), Value::from(*minutes)))
        .collect();
    let mut object = json!({
        "location": row.location.to_string(),
        "fate": row.fate.as_str(),
        "credited_minutes": row.minutes(),
        "weeks": weeks,
    });
    let mut put = |key: &str, value: Value| {
        if let Some(map) = object.as_object_mut() {
            map.insert(key.to_string(), value);
        }
    };
    let optional = |v: Option<&str>| v.map_or(Value::Null, Value::from);
    put("file", optional(row.location.file.as_deref()));
    put("line", row.location.line.map_or(Value::Null, Value::from));
    put(
        "record",
        row.location.record.map_or(Value::Null, Value::from),
    );
    put("record_id", optional(row.record_id.as_deref()));
    put("learner_id", optional(row.learner_id.as_deref()));
    put("detail", optional(row.detail.as_deref()));
    put("message", optional(row.message.as_deref()));
    put(
        "duplicate_of",
        row.duplicate_of.as_ref().map_or(
            Value::Null,
            |(id, location)| json!({ "record_id": id, "location": location.to_string() }),
        ),
    );
    for (key, ms) in [
        ("clipped_to_as_of_ms", row.clipped_to_as_of_ms),
        ("capped_ms", row.capped_ms),
        ("clipped_to_period_ms", row.clipped_to_period_ms),
        ("overlap_ms", row.overlap_ms),
        ("daily_cap_ms", row.daily_capped_ms),
    ] {
        put(key, Value::from(ms));
    }
    object
}

/// Writes `rows` to `out` in `format`, returning `out` (flushed).
///
/// # Errors
///
/// [`LedgerError`] when `out` cannot be written.
pub fn write_ledger<W: Write>(
    rows: &[AuditRow],
    format: LedgerFormat,
    mut out: W,
) -> Result<W, LedgerError> {
    match format {
        LedgerFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(LEDGER_COLUMNS)?;
            for row in rows {
                writer.write_record(cells(row))?;
            }
            writer.flush()?;
            out = writer.into_inner().map_err(|e| {
                LedgerError::Io(std::io::Error::new(e.error().kind(), e.error().to_string()))
            })?;
        }
        LedgerFormat::JsonLines => {
            for row in rows {
                serde_json::to_writer(&mut out, &json(row))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_exact_to_the_thousandth() {
        assert_eq!(minutes(0), "0");
        assert_eq!(minutes(90_000), "1.5");
        assert_eq!(minutes(60_060), "1.001");
        assert_eq!(minutes(45 * 60_000), "45");
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(
            LedgerFormat::from_path(Path::new("a.JSONL")),
            LedgerFormat::JsonLines
        );
        assert_eq!(
            LedgerFormat::from_path(Path::new("a.csv")),
            LedgerFormat::Csv
        );
        assert_eq!(
            LedgerFormat::from_path(Path::new("ledger")),
            LedgerFormat::Csv
        );
    }
}
