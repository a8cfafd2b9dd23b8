//! Writers: CSV (every cell escaped against spreadsheet formulas) and JSON Lines.

use std::io::Write;
use std::marker::PhantomData;

use chrono::SecondsFormat;
use upskill_quota::{Learner, Workload};
use upskill_session::{LearningSession, SessionRecord};

use crate::people::{Holiday, LeaveEntry};
use crate::values::escape_formula;

/// Errors while writing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The output failed.
    #[error("could not write: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A value could not be written as JSON.
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// A value written as one CSV row.
pub trait CsvRow {
    /// The header row.
    const HEADER: &'static [&'static str];
    /// The row's cells, before formula escaping.
    fn cells(&self) -> Vec<String>;
}

fn instant(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

impl CsvRow for LearningSession {
    const HEADER: &'static [&'static str] = &[
        "record_id",
        "learner_id",
        "start",
        "end",
        "activity",
        "title",
        "source",
        "skill_areas",
        "self_reported",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.record_id().to_string(),
            self.learner_id().to_string(),
            instant(self.start()),
            instant(self.end()),
            self.activity().name().to_string(),
            self.title().unwrap_or_default().to_string(),
            self.source().unwrap_or_default().to_string(),
            self.skill_areas().join(";"),
            self.self_reported().to_string(),
        ]
    }
}

/// Hours of `minutes` as the shortest decimal that reads back to them.
fn hours(minutes: u32) -> String {
    let whole = minutes / 60;
    let micro = (u64::from(minutes % 60) * 1_000_000 + 30) / 60;
    if micro == 0 {
        return whole.to_string();
    }
    let fraction = format!("{micro:06}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

impl CsvRow for Learner {
    const HEADER: &'static [&'static str] = &[
        "learner_id",
        "start_date",
        "end_date",
        "fte",
        "contracted_hours",
        "team",
    ];

    fn cells(&self) -> Vec<String> {
        let (fte, contracted) = match self.workload() {
            Workload::Fte(p) => (p.to_string(), String::new()),
            Workload::ContractedMinutes(m) => (String::new(), hours(m.get())),
        };
        vec![
            self.id().to_string(),
            self.start_date().map(|d| d.to_string()).unwrap_or_default(),
            self.end_date().map(|d| d.to_string()).unwrap_or_default(),
            fte,
            contracted,
            self.team().unwrap_or_default().to_string(),
        ]
    }
}

impl CsvRow for LeaveEntry {
    const HEADER: &'static [&'static str] = &["learner_id", "from", "to", "kind"];

    fn cells(&self) -> Vec<String> {
        let kind = match self.span.kind {
            upskill_quota::LeaveKind::Annual => "annual",
            upskill_quota::LeaveKind::Sick => "sick",
            upskill_quota::LeaveKind::Parental => "parental",
            upskill_quota::LeaveKind::Other => "other",
        };
        vec![
            self.learner.to_string(),
            self.span.from.to_string(),
            self.span.to.to_string(),
            kind.to_string(),
        ]
    }
}

impl CsvRow for upskill_session::TimeTotal {
    const HEADER: &'static [&'static str] = &[
        "record_id",
        "learner_id",
        "date",
        "week",
        "duration",
        "activity",
        "source",
        "self_reported",
    ];

    /// A day total's `date`, a week total's ISO `week` label (of its date),
    /// and the time as an ISO 8601 `duration` in seconds to the hundredth
    /// (the precision durations are read to; no reader makes a finer total).
    fn cells(&self) -> Vec<String> {
        use chrono::Datelike;
        let (date, week) = match self.covers() {
            upskill_session::TotalCovers::Day => (self.date().to_string(), String::new()),
            upskill_session::TotalCovers::Week => {
                let iso = self.date().iso_week();
                (String::new(), format!("{}-W{:02}", iso.year(), iso.week()))
            }
        };
        let centis = self.duration().as_millis() / 10;
        let duration = match centis % 100 {
            0 => format!("PT{}S", centis / 100),
            c => format!("PT{}.{c:02}S", centis / 100),
        };
        vec![
            self.record_id().to_string(),
            self.learner_id().to_string(),
            date,
            week,
            duration,
            self.activity().name().to_string(),
            self.source().unwrap_or_default().to_string(),
            self.self_reported().to_string(),
        ]
    }
}

impl CsvRow for Holiday {
    const HEADER: &'static [&'static str] = &["date", "name"];

    fn cells(&self) -> Vec<String> {
        vec![self.date.to_string(), self.name.clone().unwrap_or_default()]
    }
}

/// Writes values as CSV rows under a header, quoting as RFC 4180 needs and
/// escaping every cell that a spreadsheet would run as a formula (see
/// [`escape_formula`]); the readers undo the escape.
pub struct CsvWriter<W: Write, T: CsvRow> {
    inner: csv::Writer<W>,
    _rows: PhantomData<fn(&T)>,
}

impl<W: Write, T: CsvRow> CsvWriter<W, T> {
    /// A writer that has written the header row.
    ///
    /// # Errors
    ///
    /// [`WriteError`] if the output fails.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::{CsvWriter, Holiday};
    ///
    /// let mut writer = CsvWriter::<_, Holiday>::new(Vec::new())?;
    /// let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    /// writer.write(&Holiday { date, name: Some("=1+1".into()) })?;
    /// assert_eq!(String::from_utf8(writer.finish()?).unwrap(), "date,name\n2026-12-25,'=1+1\n");
    /// # Ok::<(), upskill_formats::WriteError>(())
    /// ```
    pub fn new(output: W) -> Result<CsvWriter<W, T>, WriteError> {
        let mut inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(output);
        inner.write_record(T::HEADER)?;
        Ok(CsvWriter {
            inner,
            _rows: PhantomData,
        })
    }

    /// Writes one row.
    ///
    /// # Errors
    ///
    /// [`WriteError`] if the output fails.
    pub fn write(&mut self, row: &T) -> Result<(), WriteError> {
        let cells = row.cells();
        self.inner
            .write_record(cells.iter().map(|c| escape_formula(c).into_owned()))?;
        Ok(())
    }

    /// Flushes and returns the output.
    ///
    /// # Errors
    ///
    /// [`WriteError`] if the output fails.
    pub fn finish(self) -> Result<W, WriteError> {
        self.inner
            .into_inner()
            .map_err(|e| WriteError::Io(e.into_error()))
    }
}

/// Writes sessions as JSON Lines: one [`SessionRecord`] per line, each with
/// `end` (so the start's offset is kept).
pub struct JsonLinesWriter<W: Write> {
    inner: W,
}

impl<W: Write> JsonLinesWriter<W> {
    /// A writer to `output`.
    pub fn new(output: W) -> JsonLinesWriter<W> {
        JsonLinesWriter { inner: output }
    }

    /// Writes one session as a line.
    ///
    /// # Errors
    ///
    /// [`WriteError`] if the output fails.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::DateTime;
    /// use upskill_formats::JsonLinesWriter;
    /// use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};
    ///
    /// let session = LearningSession::new(
    ///     RecordId::new("r1")?,
    ///     LearnerId::new("e1")?,
    ///     DateTime::parse_from_rfc3339("2026-03-02T09:30:00+01:00")?,
    ///     SessionDuration::from_minutes(45),
    ///     ActivityKind::Webinar,
    /// )?;
    /// let mut writer = JsonLinesWriter::new(Vec::new());
    /// writer.write(&session)?;
    /// assert_eq!(
    ///     String::from_utf8(writer.finish()?)?,
    ///     "{\"record_id\":\"r1\",\"learner_id\":\"e1\",\"start\":\"2026-03-02T09:30:00+01:00\",\"end\":\"2026-03-02T10:15:00+01:00\",\"activity\":\"webinar\"}\n"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write(&mut self, session: &LearningSession) -> Result<(), WriteError> {
        serde_json::to_writer(&mut self.inner, &SessionRecord::from(session))?;
        self.inner.write_all(b"\n")?;
        Ok(())
    }

    /// Flushes and returns the output.
    ///
    /// # Errors
    ///
    /// [`WriteError`] if the output fails.
    pub fn finish(mut self) -> Result<W, WriteError> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_back_exactly() {
        for minutes in [1u32, 30, 60, 1350, 2250, 10_079] {
            let text = hours(minutes);
            assert_eq!(
                crate::values::decimal_times(&text, 60),
                Some(u64::from(minutes)),
                "{text}"
            );
        }
        assert_eq!(hours(1350), "22.5");
        assert_eq!(hours(2250), "37.5");
    }
}
