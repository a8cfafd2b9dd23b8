//! What a reader yields for each record: a located value, or a rejection
//! with every problem found in it.

use std::fmt;

use crate::diagnostics::{Diagnostic, Location};

/// Where one field of a record was (line and column, when known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldAt {
    pub name: &'static str,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

/// A value read from one record, with where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where the record is: file, line (text formats and JSON arrays),
    /// record index (from 0) and, in a JSON document, its JSON pointer.
    pub location: Location,
    /// Warnings about the record that did not stop it being read (unknown
    /// fields in lenient mode).
    pub warnings: Vec<Diagnostic>,
    pub(crate) fields: Vec<FieldAt>,
    /// The JSON pointer of the record (`""` for a JSON Lines line, `/3` for
    /// an array element); `None` for CSV.
    pub(crate) pointer: Option<String>,
}

impl<T> Located<T> {
    /// Where the field `name` of the record is: for CSV its line and column,
    /// for JSON Lines its line, the column of its key and the pointer
    /// `/name`, for a JSON array also the element (`/3/name`). A field the
    /// record does not have is located at the record.
    pub fn field(&self, name: &str) -> Location {
        let mut location = self.location.clone();
        if let Some(at) = self
            .fields
            .iter()
            .find(|f| f.name == name && f.line.is_some())
        {
            location.line = at.line;
            location.column = at.column;
        }
        if let Some(prefix) = &self.pointer {
            location.pointer = Some(format!("{prefix}/{}", escape_pointer(name)));
        }
        location
    }

    /// Whether the record gave field `name` (a non-empty CSV cell, a JSON
    /// member whose position is known).
    pub fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name)
    }

    /// The same record holding another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Located<U> {
        Located {
            value: f(self.value),
            location: self.location,
            warnings: self.warnings,
            fields: self.fields,
            pointer: self.pointer,
        }
    }
}

/// A record that could not be read: where it is and every problem found in
/// it (at least one error; warnings about it come along).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    inner: Box<RejectedInner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RejectedInner {
    location: Location,
    reason: Diagnostic,
    others: Vec<Diagnostic>,
}

impl Rejected {
    /// A rejection for one problem.
    pub fn new(location: Location, reason: Diagnostic) -> Rejected {
        Rejected {
            inner: Box::new(RejectedInner {
                location,
                reason,
                others: Vec::new(),
            }),
        }
    }

    /// A rejection from several problems: `None` if none of them is an error.
    /// The first error becomes the [`reason`](Rejected::reason).
    pub fn from_problems(location: Location, mut problems: Vec<Diagnostic>) -> Option<Rejected> {
        let first_error = problems.iter().position(Diagnostic::is_error)?;
        let reason = problems.remove(first_error);
        let mut rejected = Rejected::new(location, reason);
        rejected.inner.others = problems;
        // Keep reading order: the reason was first among the errors.
        Some(rejected)
    }

    /// Where the record is.
    pub fn location(&self) -> &Location {
        &self.inner.location
    }

    /// The first error: the reason the record was rejected.
    pub fn reason(&self) -> &Diagnostic {
        &self.inner.reason
    }

    /// Every problem found in the record, in reading order of errors first
    /// then the rest as found.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        std::iter::once(&self.inner.reason).chain(self.inner.others.iter())
    }

    /// Every problem found in the record, owned.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let inner = *self.inner;
        let mut all = Vec::with_capacity(1 + inner.others.len());
        all.push(inner.reason);
        all.extend(inner.others);
        all
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.reason.fmt(f)
    }
}

impl std::error::Error for Rejected {}

/// Escapes a member name for a JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`).
pub(crate) fn escape_pointer(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains(['~', '/']) {
        name.replace('~', "~0").replace('/', "~1").into()
    } else {
        name.into()
    }
}
