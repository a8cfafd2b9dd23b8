//! Files that are complete or absent: every file the project writes goes
//! through [`AtomicFile`], so a full disk, a write error or a kill leaves
//! the previous file intact and never a truncated one.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// A file written to a temporary file in the target's directory, flushed,
/// synced and renamed over the target only by [`AtomicFile::commit`]. If it
/// is dropped uncommitted (an error, a panic), the temporary file is removed
/// and the target is untouched.
///
/// A target that exists and is not a regular file (a terminal, a named
/// pipe, `/dev/null`, `/dev/stdout`) cannot be replaced: it is written
/// directly, and every write and flush error is still returned.
#[derive(Debug)]
pub struct AtomicFile {
    writer: Target,
    path: PathBuf,
}

#[derive(Debug)]
enum Target {
    Temporary(BufWriter<NamedTempFile>),
    Direct(BufWriter<std::fs::File>),
}

impl AtomicFile {
    /// Starts writing `path`.
    ///
    /// # Errors
    ///
    /// The operating system's error when the temporary file cannot be
    /// created (a missing or read-only directory, a full disk).
    pub fn create(path: impl AsRef<Path>) -> std::io::Result<AtomicFile> {
        let path = path.as_ref().to_path_buf();
        if let Ok(meta) = std::fs::metadata(&path)
            && !meta.is_file()
            && !meta.is_dir()
        {
            let file = std::fs::OpenOptions::new().write(true).open(&path)?;
            return Ok(AtomicFile {
                writer: Target::Direct(BufWriter::with_capacity(1 << 16, file)),
                path,
            });
        }
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".upskill-")
            .suffix(".part")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            writer: Target::Temporary(BufWriter::with_capacity(1 << 16, temp)),
            path,
        })
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs to disk and renames the file into place.
    ///
    /// # Errors
    ///
    /// The operating system's error of the flush, the sync or the rename;
    /// the target is then untouched and the temporary file removed.
    pub fn commit(self) -> std::io::Result<()> {
        match self.writer {
            Target::Temporary(writer) => {
                let temp = writer.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&self.path).map_err(|e| e.error)?;
            }
            Target::Direct(writer) => {
                writer.into_inner().map_err(|e| e.into_error())?;
            }
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.writer {
            Target::Temporary(w) => w.write(buf),
            Target::Direct(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.writer {
            Target::Temporary(w) => w.flush(),
            Target::Direct(w) => w.flush(),
        }
    }
}

/// Writes `bytes` to `path` through an [`AtomicFile`].
///
/// # Errors
///
/// As [`AtomicFile::create`] and [`AtomicFile::commit`], or a write error.
pub fn write_atomically(path: impl AsRef<Path>, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn a_file_is_complete_or_the_old_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_atomically(&path, b"old").unwrap();
        {
            let mut file = AtomicFile::create(&path).unwrap();
            file.write_all(b"new but never committed").unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Every write to `/dev/full` fails with ENOSPC: the error surfaces,
    /// never a silent success, and the device is written, never replaced.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_is_written_directly_and_its_errors_surface() {
        let result = write_atomically("/dev/full", &[b'x'; 100_000]);
        assert_eq!(result.map_err(|e| e.raw_os_error()), Err(Some(28)));
        let meta = std::fs::metadata("/dev/full").unwrap();
        assert!(!meta.is_file(), "/dev/full was replaced by a file");
        write_atomically("/dev/null", b"fine").unwrap();
    }
}
