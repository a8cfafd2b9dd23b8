//! Where an input's bytes come from, and what kind of input they hold.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::DatasetError;
use crate::progress::{Progress, Tracked};

/// How many bytes of an input are looked at to tell its kind.
pub const HEAD_BYTES: usize = 64 << 10;

/// One input of a dataset: a file, standard input, or bytes in memory.
///
/// A file is opened once per reading; standard input, a named pipe or a
/// process substitution (`<(...)`) is read once, as a stream (its first
/// bytes are kept to tell its kind, then replayed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A path; `-` is standard input.
    Path(PathBuf),
    /// Bytes already in memory (an embedded example, an upload in a browser,
    /// a Python `bytes`), named for locations.
    Memory {
        /// The name used in every location (`sessions.csv`).
        name: String,
        /// The bytes.
        bytes: Arc<[u8]>,
    },
    /// A table of Arrow record batches in memory (a pyarrow, Polars or
    /// pandas table handed over by a program), named for locations: read
    /// as a columnar input (`Arrow record batches`), row `N` located at
    /// `name[N]`. Its bytes, for its digest, are its Arrow IPC stream.
    #[cfg(feature = "arrow")]
    Arrow {
        /// The name used in every location (`sessions`).
        name: String,
        /// The batches.
        table: upskill_arrow::ArrowTable,
    },
}

impl Source {
    /// A path (`-`: standard input).
    pub fn path(path: impl Into<PathBuf>) -> Source {
        Source::Path(path.into())
    }

    /// Bytes in memory, named `name` in locations.
    pub fn memory(name: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Source {
        Source::Memory {
            name: name.into(),
            bytes: bytes.into(),
        }
    }

    /// A table of Arrow record batches, named `name` in locations.
    #[cfg(feature = "arrow")]
    pub fn arrow(name: impl Into<String>, table: upskill_arrow::ArrowTable) -> Source {
        Source::Arrow {
            name: name.into(),
            table,
        }
    }

    /// The name used in every location: the path as given, or the memory name.
    pub fn name(&self) -> String {
        match self {
            Source::Path(path) => path.display().to_string(),
            Source::Memory { name, .. } => name.clone(),
            #[cfg(feature = "arrow")]
            Source::Arrow { name, .. } => name.clone(),
        }
    }

    /// The last part of the name (`sessions.csv`), for telling formats apart.
    pub fn file_name(&self) -> String {
        match self {
            Source::Path(path) => path
                .file_name()
                .map_or_else(|| self.name(), |n| n.to_string_lossy().into_owned()),
            Source::Memory { name, .. } => Path::new(name)
                .file_name()
                .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned()),
            #[cfg(feature = "arrow")]
            Source::Arrow { name, .. } => name.clone(),
        }
    }

    /// Whether this is a path to something that exists (any kind of file).
    pub(crate) fn path_exists(&self) -> bool {
        match self {
            Source::Path(path) => std::fs::symlink_metadata(path).is_ok(),
            _ => false,
        }
    }

    /// Whether it is held in memory (bytes or a table), readable again and again.
    pub(crate) fn in_memory(&self) -> bool {
        !matches!(self, Source::Path(_))
    }

    /// Whether this is standard input (`-`).
    pub fn is_stdin(&self) -> bool {
        matches!(self, Source::Path(path) if path == Path::new("-"))
    }

    /// The regular file behind this source, when there is one that can be
    /// opened again and read from any offset (the parallel reader needs that).
    pub(crate) fn seekable_path(&self) -> Option<&Path> {
        match self {
            Source::Path(path) if !self.is_stdin() => std::fs::metadata(path)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|_| path.as_path()),
            _ => None,
        }
    }

    /// Its size in bytes, when known (a regular file or memory).
    pub fn len(&self) -> Option<u64> {
        match self {
            Source::Path(_) => self
                .seekable_path()
                .and_then(|p| std::fs::metadata(p).ok())
                .map(|m| m.len()),
            Source::Memory { bytes, .. } => Some(bytes.len() as u64),
            #[cfg(feature = "arrow")]
            Source::Arrow { .. } => None,
        }
    }

    /// Whether it is known to hold no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Checks that the source can be read as the input `what` (`the roster`):
    /// a path that does not exist, a directory, or a symbolic-link loop each
    /// get their own error. A named pipe, a character device (`/dev/stdin`)
    /// or a process substitution is accepted.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Missing`], [`DatasetError::IsDirectory`] or
    /// [`DatasetError::Read`] (the operating system's reason, such as a loop).
    pub fn check(&self, what: &'static str) -> Result<(), DatasetError> {
        let Source::Path(path) = self else {
            return Ok(());
        };
        if self.is_stdin() {
            return Ok(());
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(DatasetError::IsDirectory {
                what,
                path: self.name(),
            }),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symbolic link is "not found" too, but say so.
                if std::fs::symlink_metadata(path).is_ok() {
                    Err(DatasetError::Read {
                        path: self.name(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "a symbolic link to nothing",
                        ),
                    })
                } else {
                    Err(DatasetError::Missing {
                        what,
                        path: self.name(),
                    })
                }
            }
            Err(source) => Err(DatasetError::Read {
                path: self.name(),
                source,
            }),
        }
    }

    /// Opens it once: the first bytes (up to [`HEAD_BYTES`]) are read now
    /// to tell the kind, and the reader replays them before the rest, so a
    /// stream is never read twice.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Read`] when it cannot be opened or read.
    pub fn open(&self) -> Result<Opened, DatasetError> {
        self.open_with_progress(&Progress::none())
    }

    /// Like [`Source::open`], telling `progress` of every byte read.
    ///
    /// # Errors
    ///
    /// As [`Source::open`].
    pub fn open_with_progress(&self, progress: &Progress) -> Result<Opened, DatasetError> {
        let name = self.name();
        let read_error = |source| DatasetError::Read {
            path: name.clone(),
            source,
        };
        let mut inner: Box<dyn Read + Send> = match self {
            Source::Path(_) if self.is_stdin() => Box::new(std::io::stdin()),
            Source::Path(path) => Box::new(File::open(path).map_err(read_error)?),
            Source::Memory { bytes, .. } => Box::new(Cursor::new(Arc::clone(bytes))),
            #[cfg(feature = "arrow")]
            Source::Arrow { table, .. } => Box::new(Cursor::new(
                table
                    .to_ipc_stream()
                    .map_err(|e| read_error(std::io::Error::other(e.to_string())))?,
            )),
        };
        let mut head = Vec::new();
        (&mut inner)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|source| DatasetError::Read {
                path: name.clone(),
                source,
            })?;
        progress.add(head.len() as u64);
        Ok(Opened {
            head,
            rest: Tracked::new(inner, progress.clone()),
        })
    }
}

impl From<&Path> for Source {
    fn from(path: &Path) -> Source {
        Source::Path(path.to_path_buf())
    }
}

impl From<PathBuf> for Source {
    fn from(path: PathBuf) -> Source {
        Source::Path(path)
    }
}

/// An opened [`Source`]: its first bytes, and a reader of all of its bytes.
pub struct Opened {
    head: Vec<u8>,
    rest: Tracked<Box<dyn Read + Send>>,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("head_bytes", &self.head.len())
            .finish_non_exhaustive()
    }
}

impl Opened {
    /// The first bytes (up to [`HEAD_BYTES`]).
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// A buffered reader of every byte, from the first.
    pub fn into_reader(self) -> Box<dyn BufRead + Send> {
        Box::new(BufReader::with_capacity(
            1 << 16,
            Cursor::new(self.head).chain(self.rest),
        ))
    }
}

/// What a session input holds, told by its content (and name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionsKind {
    /// Learning-session records in the project's own format (CSV, JSON
    /// Lines or JSON; see `docs/formats.md`).
    Records,
    /// xAPI statements (a statement, an array, an LRS `StatementResult`
    /// page, or JSON Lines; see `docs/xapi.md`).
    Xapi,
}

impl SessionsKind {
    /// Tells the kind of a session input from its first bytes.
    ///
    /// xAPI: an LRS page (a `"statements"` member), or a first statement
    /// with `actor` and `verb` members and no `record_id`. A byte-order mark
    /// is skipped, and a UTF-16 head is decoded first
    /// ([`upskill_formats::utf8_head`]: the xAPI readers read UTF-16).
    /// Anything else is read as session records.
    pub fn detect(head: &[u8]) -> SessionsKind {
        if looks_like_xapi(&upskill_formats::utf8_head(head)) {
            SessionsKind::Xapi
        } else {
            SessionsKind::Records
        }
    }
}

fn looks_like_xapi(head: &[u8]) -> bool {
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let Some(first) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let rest = head.get(first..).unwrap_or_default();
    if !matches!(rest.first(), Some(b'{' | b'[')) {
        return false;
    }
    // JSON Lines, or a one-line document: read the first line as JSON.
    let line = rest.split(|b| *b == b'\n').next().unwrap_or_default();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(line) {
        let first = match &value {
            serde_json::Value::Array(items) => items.first().cloned().unwrap_or_default(),
            other => other.clone(),
        };
        if let Some(object) = first.as_object() {
            return object.contains_key("statements")
                || (object.contains_key("actor")
                    && object.contains_key("verb")
                    && !object.contains_key("record_id"));
        }
        return false;
    }
    // A document over several lines: look for the members in its start.
    let text = String::from_utf8_lossy(rest);
    text.contains("\"statements\"")
        || (text.contains("\"actor\"")
            && text.contains("\"verb\"")
            && !text.contains("\"record_id\""))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn xapi_is_told_by_content() {
        let xapi = |bytes: &[u8]| SessionsKind::detect(bytes) == SessionsKind::Xapi;
        assert!(xapi(
            br#"{"actor":{"mbox":"mailto:a@b"},"verb":{"id":"x"},"object":{"id":"y"}}"#
        ));
        assert!(xapi(b"{\n  \"statements\": [\n"));
        assert!(xapi(b"\xEF\xBB\xBF{\"statements\": []}"));
        assert!(xapi(
            b"[\n {\"id\": \"1\",\n  \"actor\": {}, \"verb\": {}}]"
        ));
        assert!(!xapi(
            br#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z"}"#
        ));
        assert!(!xapi(b"record_id,learner_id,start\n"));
        assert!(!xapi(b""));
        // Saved by Windows PowerShell 5.1 (UTF-16LE); the xAPI readers read it.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "{\"statements\": []}".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert!(xapi(&utf16));
    }

    #[test]
    fn a_stream_is_read_once_with_its_head_replayed() {
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let source = Source::memory("x.bin", text.clone());
        let opened = source.open().unwrap();
        assert_eq!(opened.head(), text.get(..HEAD_BYTES).unwrap());
        let mut all = Vec::new();
        opened.into_reader().read_to_end(&mut all).unwrap();
        assert_eq!(all, text);
    }

    #[test]
    fn paths_that_are_not_files_say_what_they_are() {
        let dir = std::env::temp_dir().join(format!("upskill-source-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("roster.csv")).unwrap();
        let e = Source::path(dir.join("roster.csv"))
            .check("the roster")
            .unwrap_err();
        assert!(matches!(e, DatasetError::IsDirectory { .. }), "{e}");
        let e = Source::path(dir.join("none.csv"))
            .check("the roster")
            .unwrap_err();
        assert!(matches!(e, DatasetError::Missing { .. }), "{e}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("loop"), dir.join("loop")).unwrap();
            let e = Source::path(dir.join("loop"))
                .check("the roster")
                .unwrap_err();
            assert!(matches!(e, DatasetError::Read { .. }), "{e}");
            assert!(!e.to_string().contains("does not exist"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
