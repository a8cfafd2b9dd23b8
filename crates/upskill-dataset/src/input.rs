//! Inputs made readable as often as the pipeline needs: a regular file or
//! bytes in memory as they are; a stream (standard input, a named pipe, a
//! process substitution) copied once to a temporary file, so it can be
//! scanned for the period, digested, and read on several cores like a file.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::DatasetError;
use crate::progress::Progress;
use crate::source::{Opened, Source};
use crate::trust::InputDigest;

/// One input, readable again and again, named as the user gave it.
#[derive(Debug)]
pub(crate) struct Input {
    /// The role (`pledge`, `roster`, ..., `sessions`).
    pub(crate) role: &'static str,
    /// The name in every location: the source's name as given.
    pub(crate) name: String,
    /// What is read: the source itself, or a temporary copy of a stream.
    backing: Source,
    /// Keeps a stream's copy alive (deleted on drop).
    _spool: Option<tempfile::TempPath>,
}

impl Input {
    /// Makes `source` readable again and again.
    pub(crate) fn new(role: &'static str, source: &Source) -> Result<Input, DatasetError> {
        let name = source.name();
        if source.seekable_path().is_some() || source.in_memory() {
            return Ok(Input {
                role,
                name,
                backing: source.clone(),
                _spool: None,
            });
        }
        let read_error = |source| DatasetError::Read {
            path: name.clone(),
            source,
        };
        let mut spool = tempfile::NamedTempFile::new().map_err(read_error)?;
        let mut reader = source.open()?.into_reader();
        std::io::copy(&mut reader, spool.as_file_mut()).map_err(read_error)?;
        let path = spool.into_temp_path();
        Ok(Input {
            role,
            name,
            backing: Source::Path(path.to_path_buf()),
            _spool: Some(path),
        })
    }

    /// Opens it from its first byte.
    pub(crate) fn open(&self, progress: &Progress) -> Result<Opened, DatasetError> {
        self.backing
            .open_with_progress(progress)
            .map_err(|e| match e {
                DatasetError::Read { source, .. } => DatasetError::Read {
                    path: self.name.clone(),
                    source,
                },
                other => other,
            })
    }

    /// The regular file to read from any offset, if it is one.
    pub(crate) fn path(&self) -> Option<&Path> {
        self.backing.seekable_path()
    }

    /// Its size in bytes (0 when unknown).
    #[cfg(feature = "arrow")]
    pub(crate) fn len(&self) -> u64 {
        self.backing.len().unwrap_or(0)
    }

    /// The input as a columnar file: the file itself, or its bytes.
    #[cfg(feature = "arrow")]
    pub(crate) fn columnar(&self) -> std::io::Result<upskill_arrow::ColumnarInput> {
        match &self.backing {
            Source::Memory { bytes, .. } => Ok(upskill_arrow::ColumnarInput::memory(
                std::sync::Arc::clone(bytes),
            )),
            Source::Path(path) => upskill_arrow::ColumnarInput::open(path),
            Source::Arrow { table, .. } => Ok(upskill_arrow::ColumnarInput::Table(table.clone())),
        }
    }

    /// Whether it is a table of record batches (no bytes to tell its format by).
    #[cfg(feature = "arrow")]
    pub(crate) fn is_table(&self) -> bool {
        matches!(self.backing, Source::Arrow { .. })
    }

    /// Its SHA-256 and size.
    pub(crate) fn digest(&self) -> Result<InputDigest, DatasetError> {
        let mut reader = self.open(&Progress::none())?.into_reader();
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut bytes = 0u64;
        loop {
            let n = reader.read(&mut buf).map_err(|source| DatasetError::Read {
                path: self.name.clone(),
                source,
            })?;
            if n == 0 {
                break;
            }
            bytes += n as u64;
            hasher.update(buf.get(..n).unwrap_or_default());
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        Ok(InputDigest {
            role: self.role.to_string(),
            name: self.name.clone(),
            bytes,
            sha256,
        })
    }
}
