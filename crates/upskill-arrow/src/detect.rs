//! Telling Parquet and Arrow IPC files apart from text formats.

use std::path::Path;

/// A columnar file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColumnarFormat {
    /// Apache Parquet: starts and ends with `PAR1`.
    Parquet,
    /// The Arrow IPC file format (Feather version 2): starts with `ARROW1`.
    ArrowFile,
    /// The Arrow IPC stream format: a schema message, then record batches.
    ArrowStream,
    /// Record batches in memory, handed over by a program (a pyarrow,
    /// Polars or pandas table through the Arrow C stream interface): no
    /// bytes, so never told by [`detect`](ColumnarFormat::detect). Rows are
    /// located by their place in the whole table (`sessions[3]`).
    RecordBatches,
}

impl ColumnarFormat {
    /// The format of an input named `name` whose first bytes are `head`:
    /// by its magic bytes first (`PAR1`, `ARROW1`), then by its extension
    /// (`.parquet`, `.pq`; `.arrow`, `.feather`, `.ipc`; `.arrows`). `None`:
    /// not a columnar file (read it as text).
    ///
    /// A name alone is enough when `head` is empty or cut short, so that a
    /// truncated `sessions.parquet` is reported as a broken Parquet file
    /// rather than read as CSV.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_arrow::ColumnarFormat;
    ///
    /// assert_eq!(ColumnarFormat::detect("x.bin", b"PAR1\x15\x04"), Some(ColumnarFormat::Parquet));
    /// assert_eq!(ColumnarFormat::detect("s.feather", b""), Some(ColumnarFormat::ArrowFile));
    /// assert_eq!(ColumnarFormat::detect("s.csv", b"record_id,learner_id"), None);
    /// ```
    pub fn detect(name: &str, head: &[u8]) -> Option<ColumnarFormat> {
        if head.starts_with(b"PAR1") {
            return Some(ColumnarFormat::Parquet);
        }
        if head.starts_with(b"ARROW1") {
            return Some(ColumnarFormat::ArrowFile);
        }
        ColumnarFormat::from_name(name)
    }

    /// The format a file name asks for, by its extension (any case).
    pub fn from_name(name: &str) -> Option<ColumnarFormat> {
        let extension = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("parquet" | "pq") => Some(ColumnarFormat::Parquet),
            Some("arrow" | "feather" | "ipc") => Some(ColumnarFormat::ArrowFile),
            Some("arrows") => Some(ColumnarFormat::ArrowStream),
            _ => None,
        }
    }

    /// `Parquet`, `Arrow IPC` or `Arrow IPC stream`, for messages.
    pub fn name(self) -> &'static str {
        match self {
            ColumnarFormat::Parquet => "Parquet",
            ColumnarFormat::ArrowFile => "Arrow IPC",
            ColumnarFormat::ArrowStream => "Arrow IPC stream",
            ColumnarFormat::RecordBatches => "Arrow record batches",
        }
    }

    /// What a part of the file is called in locations: `row_groups`
    /// (Parquet) or `batches` (Arrow IPC).
    pub(crate) fn unit(self) -> &'static str {
        match self {
            ColumnarFormat::Parquet => "row_groups",
            ColumnarFormat::ArrowFile
            | ColumnarFormat::ArrowStream
            | ColumnarFormat::RecordBatches => "batches",
        }
    }
}

impl std::fmt::Display for ColumnarFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
