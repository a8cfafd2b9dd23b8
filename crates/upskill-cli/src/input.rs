//! An input: a file on disk, standard input, or a file of the embedded example.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::CliError;
use crate::progress::Progress;

/// Where an input's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    /// A file (`-`: standard input).
    File(PathBuf),
    /// A file of the embedded example.
    Embedded {
        /// Its name (`sessions.csv`).
        name: &'static str,
        /// Its text.
        text: &'static str,
    },
}

impl Input {
    /// The name used in every location (the path as given).
    pub(crate) fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Embedded { name, .. } => (*name).to_string(),
        }
    }

    /// The file name's last part (for telling kinds and formats apart).
    pub(crate) fn file_name(&self) -> String {
        match self {
            Input::File(path) => path
                .file_name()
                .map_or_else(|| self.name(), |n| n.to_string_lossy().into_owned()),
            Input::Embedded { name, .. } => (*name).to_string(),
        }
    }

    pub(crate) fn is_stdin(&self) -> bool {
        matches!(self, Input::File(path) if path == Path::new("-"))
    }

    /// Whether the input is there to read.
    pub(crate) fn exists(&self) -> bool {
        match self {
            Input::File(path) => self.is_stdin() || path.is_file(),
            Input::Embedded { .. } => true,
        }
    }

    /// Its size in bytes, when known.
    pub(crate) fn len(&self) -> Option<u64> {
        match self {
            Input::File(path) if !self.is_stdin() => std::fs::metadata(path).ok().map(|m| m.len()),
            Input::File(_) => None,
            Input::Embedded { text, .. } => Some(text.len() as u64),
        }
    }

    /// Opens it for reading, advancing `progress` as it is read.
    pub(crate) fn open(&self, progress: &Progress) -> Result<Box<dyn BufRead>, CliError> {
        let name = self.name();
        match self {
            Input::File(_) if self.is_stdin() => Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                progress.wrap(std::io::stdin()),
            ))),
            Input::File(path) => {
                let file = File::open(path).map_err(CliError::read(&name))?;
                Ok(Box::new(BufReader::with_capacity(
                    1 << 16,
                    progress.wrap(file),
                )))
            }
            Input::Embedded { text, .. } => Ok(Box::new(text.as_bytes())),
        }
    }

    /// Its first bytes (up to 64 KiB), for telling formats apart; empty for standard input.
    pub(crate) fn head(&self) -> Result<Vec<u8>, CliError> {
        match self {
            Input::File(_) if self.is_stdin() => Ok(Vec::new()),
            Input::File(path) => {
                let name = self.name();
                let file = File::open(path).map_err(CliError::read(&name))?;
                let mut head = Vec::new();
                file.take(64 << 10)
                    .read_to_end(&mut head)
                    .map_err(CliError::read(&name))?;
                Ok(head)
            }
            Input::Embedded { text, .. } => {
                Ok(text.as_bytes().iter().take(64 << 10).copied().collect())
            }
        }
    }
}

/// Whether these first bytes look like xAPI statements: an LRS page
/// (`"statements"`), or a first statement with `actor` and `verb` members
/// and no `record_id`.
pub(crate) fn looks_like_xapi(head: &[u8]) -> bool {
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
    use super::*;

    #[test]
    fn xapi_is_told_by_content() {
        assert!(looks_like_xapi(
            br#"{"actor":{"mbox":"mailto:a@b"},"verb":{"id":"x"},"object":{"id":"y"}}"#
        ));
        assert!(looks_like_xapi(b"{\n  \"statements\": [\n"));
        assert!(looks_like_xapi(
            b"[\n {\"id\": \"1\",\n  \"actor\": {}, \"verb\": {}}]"
        ));
        assert!(!looks_like_xapi(
            br#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z"}"#
        ));
        assert!(!looks_like_xapi(b"record_id,learner_id,start\n"));
        assert!(!looks_like_xapi(b""));
    }
}
