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

/// Makes the rows the same at any number of reading threads: a record's
/// place in its file (`Location::record`) is dropped where its line names
/// it, since a file read in chunks numbers records from each chunk's start
/// (lines are shifted; record indexes are not). JSON array inputs, read in
/// one piece, keep their index.
pub(crate) fn settle(rows: &mut [AuditRow]) {
    for row in rows.iter_mut() {
        for location in
            std::iter::once(&mut row.location).chain(row.duplicate_of.as_mut().map(|(_, l)| l))
        {
            if location.line.is_some() {
                location.record = None;
            }
        }
    }
}

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

/// A JSON Lines row, fields in the CSV's column order.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    file: Option<&'a str>,
    line: Option<u64>,
    record: Option<u64>,
    location: String,
    record_id: Option<&'a str>,
    learner_id: Option<&'a str>,
    fate: &'static str,
    detail: Option<&'a str>,
    duplicate_of: Option<DuplicateOf<'a>>,
    clipped_to_as_of_ms: u64,
    capped_ms: u64,
    clipped_to_period_ms: u64,
    overlap_ms: u64,
    daily_cap_ms: u64,
    credited_minutes: u64,
    weeks: std::collections::BTreeMap<String, u64>,
    message: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct DuplicateOf<'a> {
    record_id: &'a str,
    location: String,
}

fn json(row: &AuditRow) -> JsonRow<'_> {
    JsonRow {
        file: row.location.file.as_deref(),
        line: row.location.line,
        record: row.location.record,
        location: row.location.to_string(),
        record_id: row.record_id.as_deref(),
        learner_id: row.learner_id.as_deref(),
        fate: row.fate.as_str(),
        detail: row.detail.as_deref(),
        duplicate_of: row.duplicate_of.as_ref().map(|(id, location)| DuplicateOf {
            record_id: id,
            location: location.to_string(),
        }),
        clipped_to_as_of_ms: row.clipped_to_as_of_ms,
        capped_ms: row.capped_ms,
        clipped_to_period_ms: row.clipped_to_period_ms,
        overlap_ms: row.overlap_ms,
        daily_cap_ms: row.daily_capped_ms,
        credited_minutes: row.minutes(),
        weeks: row
            .weeks
            .iter()
            .map(|(week, minutes)| (week.to_string(), *minutes))
            .collect(),
        message: row.message.as_deref(),
    }
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
