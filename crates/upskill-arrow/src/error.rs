//! Errors of opening and writing columnar files.

/// Why a columnar file cannot be opened at all (a row group that cannot be
/// read later is a file problem, `F019`, and reading goes on).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnarError {
    /// The input could not be read.
    #[error("cannot read `{file}`: {source}")]
    Io {
        /// The input's name.
        file: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The bytes are not a readable file of the format: truncated, corrupt,
    /// or another format.
    #[error("`{file}` is not a readable {format} file: {reason}")]
    Corrupt {
        /// The input's name.
        file: String,
        /// The format it was read as.
        format: crate::ColumnarFormat,
        /// What the Parquet or Arrow reader found wrong.
        reason: String,
    },
}

impl ColumnarError {
    /// The problem as a located diagnostic (`F001` or `F019` at the file),
    /// for reports that list every problem.
    pub fn to_diagnostic(&self) -> upskill_diagnostics::Diagnostic {
        use upskill_formats::codes;
        match self {
            ColumnarError::Io { file, source } => upskill_diagnostics::Diagnostic::new(
                &codes::IO_ERROR,
                upskill_diagnostics::Location::file(file),
                format!("the input could not be read: {source}"),
            ),
            ColumnarError::Corrupt {
                file,
                format,
                reason,
            } => upskill_diagnostics::Diagnostic::new(
                &codes::COLUMNAR_UNREADABLE,
                upskill_diagnostics::Location::file(file),
                format!("the file is not a readable {format} file: {reason}"),
            ),
        }
    }
}

/// Why a columnar file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The output failed.
    #[error("could not write: {0}")]
    Io(#[from] std::io::Error),
    /// The Parquet writer failed.
    #[error("could not write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// A batch could not be built.
    #[error("could not build the columns: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}
