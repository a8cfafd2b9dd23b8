//! Parquet and Arrow IPC inputs (sessions, roster, leave, time totals),
//! read through `upskill-arrow` when the `arrow` feature is on.
//!
//! An input is columnar when its first bytes say so (`PAR1`, `ARROW1`) or
//! its name ends in `.parquet`, `.pq`, `.arrow`, `.feather`, `.ipc` or
//! `.arrows`. Its rows get the CSV readers' checks, codes and ledger fates;
//! a file that cannot be opened at all is an `F019` problem of the file,
//! which stops the run as a broken CSV header does. Without the feature, a
//! columnar input is [`DatasetError::NoColumnarSupport`], never read as text.

use upskill_diagnostics::Diagnostic;
use upskill_formats::{Located, ReadOptions, Rejected};
use upskill_quota::{Leave, Roster};
use upskill_session::{LearningSession, TimeTotal};

use crate::error::DatasetError;
use crate::input::Input;
use crate::progress::Progress;

/// A row read, or its rejection.
pub(crate) type Item<T> = Result<Located<T>, Rejected>;

/// The columnar format of `input` (`Parquet`, `Arrow IPC`, ...), if it is one.
///
/// # Errors
///
/// [`DatasetError::Read`] when its first bytes cannot be read.
pub(crate) fn format(input: &Input) -> Result<Option<&'static str>, DatasetError> {
    #[cfg(feature = "arrow")]
    if input.is_table() {
        return Ok(Some(upskill_arrow::ColumnarFormat::RecordBatches.name()));
    }
    let opened = input.open(&Progress::none())?;
    Ok(detect(&input.name, opened.head()))
}

/// The columnar format (`"Parquet"`, `"Arrow IPC"`) of a file named `name`
/// whose first bytes are `head`, told by its magic bytes (`PAR1`, `ARROW1`)
/// or its extension (`.parquet`, `.pq`, `.arrow`, `.feather`, `.ipc`,
/// `.arrows`); `None` for text (CSV, JSON). Known with or without the
/// `arrow` feature, so that a build without it can refuse such a file
/// rather than read it as text.
pub fn columnar_format(name: &str, head: &[u8]) -> Option<&'static str> {
    detect(name, head)
}

/// The `I006` warning: a mapping of `name`'s kind was given, but `name` is
/// a `format` file, read by its canonical columns (mappings read CSV
/// tables).
pub(crate) fn mapping_not_applied(name: &str, format: &str) -> Diagnostic {
    Diagnostic::new(
        &upskill_diagnostics::codes::mapping::NOT_APPLIED_TO_COLUMNAR,
        upskill_diagnostics::Location::file(name),
        format!(
            "`{name}` is a {format} file, read by its canonical columns: the mapping given for its kind applies to CSV inputs only"
        ),
    )
}

#[cfg(feature = "arrow")]
fn detect(name: &str, head: &[u8]) -> Option<&'static str> {
    upskill_arrow::ColumnarFormat::detect(name, head).map(upskill_arrow::ColumnarFormat::name)
}

#[cfg(not(feature = "arrow"))]
fn detect(name: &str, head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"PAR1") {
        return Some("Parquet");
    }
    if head.starts_with(b"ARROW1") {
        return Some("Arrow IPC");
    }
    let extension = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("parquet" | "pq") => Some("Parquet"),
        Some("arrow" | "feather" | "ipc" | "arrows") => Some("Arrow IPC"),
        _ => None,
    }
}

#[cfg(feature = "arrow")]
mod imp {
    use super::*;
    use upskill_arrow::{ColumnarError, ColumnarInput, ColumnarReader};

    fn input_of(input: &Input) -> Result<ColumnarInput, DatasetError> {
        input.columnar().map_err(|source| DatasetError::Read {
            path: input.name.clone(),
            source,
        })
    }

    fn drain<T>(
        opened: Result<ColumnarReader<T>, ColumnarError>,
        progress: &Progress,
        bytes: u64,
        mut each: impl FnMut(Item<T>),
    ) -> Vec<Diagnostic> {
        let mut reader = match opened {
            Ok(reader) => reader,
            Err(error) => return vec![error.to_diagnostic()],
        };
        let mut problems = reader.take_file_problems();
        for item in reader.by_ref() {
            each(item);
        }
        problems.extend(reader.take_file_problems());
        progress.add(bytes);
        problems
    }

    pub(crate) fn each_session(
        input: &Input,
        read: ReadOptions,
        progress: &Progress,
        each: impl FnMut(Item<LearningSession>),
    ) -> Result<Vec<Diagnostic>, DatasetError> {
        let opened = upskill_arrow::read_sessions(&input.name, input_of(input)?, read);
        Ok(drain(opened, progress, input.len(), each))
    }

    pub(crate) fn each_total(
        input: &Input,
        read: ReadOptions,
        progress: &Progress,
        each: impl FnMut(Item<TimeTotal>),
    ) -> Result<Vec<Diagnostic>, DatasetError> {
        let opened = upskill_arrow::read_time_totals(&input.name, input_of(input)?, read);
        Ok(drain(opened, progress, input.len(), each))
    }

    pub(crate) fn roster(
        input: &Input,
        read: ReadOptions,
    ) -> Result<(Roster, Vec<Diagnostic>), DatasetError> {
        Ok(
            match upskill_arrow::read_roster(&input.name, input_of(input)?, read) {
                Ok(reader) => upskill_arrow::collect_roster(reader),
                Err(error) => (Roster::default(), vec![error.to_diagnostic()]),
            },
        )
    }

    pub(crate) fn leave(
        input: &Input,
        read: ReadOptions,
    ) -> Result<(Leave, Vec<Diagnostic>), DatasetError> {
        Ok(
            match upskill_arrow::read_leave(&input.name, input_of(input)?, read) {
                Ok(reader) => upskill_arrow::collect_leave(reader),
                Err(error) => (Leave::default(), vec![error.to_diagnostic()]),
            },
        )
    }
}

#[cfg(not(feature = "arrow"))]
mod imp {
    use super::*;

    fn unsupported(input: &Input) -> DatasetError {
        DatasetError::NoColumnarSupport {
            path: input.name.clone(),
        }
    }

    pub(crate) fn each_session(
        input: &Input,
        _read: ReadOptions,
        _progress: &Progress,
        _each: impl FnMut(Item<LearningSession>),
    ) -> Result<Vec<Diagnostic>, DatasetError> {
        Err(unsupported(input))
    }

    pub(crate) fn each_total(
        input: &Input,
        _read: ReadOptions,
        _progress: &Progress,
        _each: impl FnMut(Item<TimeTotal>),
    ) -> Result<Vec<Diagnostic>, DatasetError> {
        Err(unsupported(input))
    }

    pub(crate) fn roster(
        input: &Input,
        _read: ReadOptions,
    ) -> Result<(Roster, Vec<Diagnostic>), DatasetError> {
        Err(unsupported(input))
    }

    pub(crate) fn leave(
        input: &Input,
        _read: ReadOptions,
    ) -> Result<(Leave, Vec<Diagnostic>), DatasetError> {
        Err(unsupported(input))
    }
}

pub(crate) use imp::{each_session, each_total, leave, roster};
