//! Located, coded problems: the one diagnostic type of every reader and validator.
//!
//! A [`Diagnostic`] answers an LMS vendor the way a compiler answers a
//! programmer: a stable [`code`](Diagnostic::code) (documented in
//! `docs/validation-codes.md`), a [`Severity`], a [`Location`] and a plain
//! message. Each crate that reports problems publishes its codes as a
//! `CODES: &[CodeInfo]` table, so the documentation and the code cannot drift.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record (or document) cannot be used as it is.
    Error,
    /// The record is used, but something about it is suspicious.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Where a problem is: a file, and within it a line and column (text formats)
/// or a JSON pointer (JSON documents), and the record's position.
///
/// Lines and columns count from 1; columns count characters. Ordering sorts
/// by file, then line, column, record and pointer, so lists of problems come
/// out in reading order.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The file (or input name) the problem is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Line, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column, from 1, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// The record's position in its input, from 0 (a JSON array index, or a
    /// statement's place in an LRS page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// RFC 6901 JSON pointer within the document or record (`/actor/mbox`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl Location {
    /// A location in `file` with nothing finer known.
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }

    /// The same location at `line` (from 1).
    pub fn at_line(mut self, line: u64) -> Location {
        self.line = Some(line);
        self
    }

    /// The same location at `column` (from 1).
    pub fn at_column(mut self, column: u64) -> Location {
        self.column = Some(column);
        self
    }

    /// The same location at record `index` (from 0).
    pub fn at_record(mut self, index: u64) -> Location {
        self.record = Some(index);
        self
    }

    /// The same location with a JSON pointer.
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Location {
        self.pointer = Some(pointer.into());
        self
    }
}

impl fmt::Display for Location {
    /// `file:line:column` for text formats, `file#/pointer` for JSON,
    /// `file[3]#/pointer` for the fourth record of a JSON array.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file.as_deref().unwrap_or("<input>"))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(record) = self.record
            && self.line.is_none()
        {
            write!(f, "[{record}]")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, "#{pointer}")?;
        }
        Ok(())
    }
}

/// One problem found in an input.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// Stable code, such as `S003`: see `docs/validation-codes.md`.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in plain words (lowercase, no final period).
    pub message: String,
}

impl Diagnostic {
    /// A problem with a code from a [`CodeInfo`] table, at its default severity.
    pub fn new(code: &CodeInfo, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location,
            code: code.code.to_string(),
            severity: code.severity,
            message: message.into(),
        }
    }

    /// Whether this is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Compiler style: `sessions.csv:17:12: error[S012]: end is before start`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location, self.severity, self.code, self.message
        )
    }
}

/// A documented diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable code: a letter for the area and three digits (`S003`).
    pub code: &'static str,
    /// The severity the code is reported at.
    pub severity: Severity,
    /// One line saying what the code means.
    pub summary: &'static str,
}
