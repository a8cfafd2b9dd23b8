//! Located, coded problems: the one diagnostic type of every upskill reader,
//! validator and of the engine's ledger.
//!
//! Most users want the facade crate `upskill` (its `io` and `validate`
//! modules re-export this crate); depend on `upskill-diagnostics` directly
//! only to report problems in the same shape from a crate of your own.
//!
//! A [`Diagnostic`] answers an LMS vendor the way a compiler answers a
//! programmer: a stable [`code`](Diagnostic::code) (documented in
//! `docs/validation-codes.md`), a [`Severity`], a [`Location`] and a plain
//! message. Every code of every crate is defined here, in [`codes`] (one
//! module per family, each a `CODES: &[CodeInfo]` table built with
//! [`code_table!`]); the crates that report them re-export their family, so
//! the documentation, the SARIF rules and the code cannot drift.
//!
//! [`printable`] makes any text that came from input safe to print on a
//! terminal (control characters, escape sequences and bidirectional
//! controls made visible); every front end uses it for input-derived text.
//!
//! This crate depends on no other upskill crate: it is the leaf every
//! reader, validator and the engine share, and the one place a code is
//! defined. It
//! does not render reports (see `upskill-report`) nor read files (see
//! `upskill-formats`).
//!
//! # Example
//!
//! ```
//! use upskill_diagnostics::{Diagnostic, Location, Severity, code_table};
//!
//! code_table! {
//!     #[doc = "Codes of this example."]
//!     NO_TITLE = "Z001", Warning, "a record has no title";
//! }
//! let d = Diagnostic::new(&NO_TITLE, Location::file("sessions.csv").at_line(3).at_column(7), "the title is empty");
//! assert_eq!(d.to_string(), "sessions.csv:3:7: warning[Z001]: the title is empty");
//! assert_eq!(d.severity, Severity::Warning);
//! assert_eq!(CODES.len(), 1);
//! ```

pub mod codes;

use std::borrow::Cow;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Location {
    /// The file (or input name) the problem is in.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub file: Option<String>,
    /// Line, from 1.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub line: Option<u64>,
    /// Column, from 1, in characters.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub column: Option<u64>,
    /// The record's position in its input, from 0 (a JSON array index, or a
    /// statement's place in an LRS page).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub record: Option<u64>,
    /// RFC 6901 JSON pointer within the document or record (`/actor/mbox`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
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

impl Location {
    /// Reads back the one-line text [`Display`](fmt::Display) writes
    /// (`file:line:column`, `file:line`, `file[record]`, each optionally
    /// followed by `#pointer`). Text of another shape becomes a location
    /// whose file is the whole text, which displays as the same text.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_diagnostics::Location;
    ///
    /// let l = Location::parse_display("sessions.jsonl:4:9#/end");
    /// assert_eq!((l.line, l.column, l.pointer.as_deref()), (Some(4), Some(9), Some("/end")));
    /// assert_eq!(l.to_string(), "sessions.jsonl:4:9#/end");
    /// ```
    pub fn parse_display(text: &str) -> Location {
        let parsed = Location::try_parse_display(text);
        match parsed {
            Some(location) if location.to_string() == text => location,
            _ => Location::file(text),
        }
    }

    fn try_parse_display(text: &str) -> Option<Location> {
        let (head, pointer) = match text.find("#/") {
            Some(i) => (text.get(..i)?, Some(text.get(i + 1..)?.to_string())),
            None => match text.strip_suffix('#') {
                Some(head) => (head, Some(String::new())),
                None => (text, None),
            },
        };
        let number = |t: &str| -> Option<u64> {
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let mut location = Location::default();
        let mut file = head;
        if let Some(body) = head.strip_suffix(']')
            && let Some(open) = body.rfind('[')
            && let Some(record) = number(body.get(open + 1..)?)
        {
            location.record = Some(record);
            file = body.get(..open)?;
        } else if let Some((rest, last)) = head.rsplit_once(':')
            && let Some(n) = number(last)
        {
            match rest.rsplit_once(':') {
                Some((name, line)) if number(line).is_some() => {
                    location.line = number(line);
                    location.column = Some(n);
                    file = name;
                }
                _ => {
                    location.line = Some(n);
                    file = rest;
                }
            }
        }
        location.file = (file != "<input>").then(|| file.to_string());
        location.pointer = pointer;
        Some(location)
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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

/// Declares a table of diagnostic codes: one documented [`CodeInfo`]
/// constant per code, and `CODES`, all of them in order, documented by the
/// first argument. Every crate that reports problems builds its table with
/// it, so code, severity and summary are written once, where the docs are
/// generated from.
#[macro_export]
macro_rules! code_table {
    (#[$codes_doc:meta] $($(#[$doc:meta])* $name:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("\n\n`", $code, "` (", stringify!($severity), "): ", $summary, ".")]
            pub const $name: $crate::CodeInfo = $crate::CodeInfo {
                code: $code,
                severity: $crate::Severity::$severity,
                summary: $summary,
            };
        )*

        #[$codes_doc]
        pub const CODES: &[$crate::CodeInfo] = &[$($name),*];
    };
}

/// `text` made safe to print on a terminal: every control character
/// (C0, DEL, C1, so also the escape that starts an ANSI sequence), every
/// bidirectional control (U+061C, U+200E-U+200F, U+202A-U+202E,
/// U+2066-U+2069; the "Trojan Source" set) and U+FEFF is replaced by its
/// `\u{...}` escape, so nothing read from an input can move the cursor,
/// recolour the screen or reorder what the reader sees.
///
/// Tabs become `\t`; line breaks become `\n` and `\r`, so one problem stays
/// on one line. Text without such characters is returned as it is (no copy).
///
/// # Example
///
/// ```
/// use upskill_diagnostics::printable;
///
/// assert_eq!(printable("plain"), "plain");
/// assert_eq!(printable("\u{1b}[2Jwiped"), "\\u{1b}[2Jwiped");
/// assert_eq!(printable("a\u{202e}b"), "a\\u{202e}b");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether [`printable`] escapes `c`.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn printable_makes_escapes_visible() {
        assert_eq!(printable("\u{1b}]0;title\u{7}x"), "\\u{1b}]0;title\\u{7}x");
        assert_eq!(printable("a\tb\nc\rd"), "a\\tb\\nc\\rd");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(printable("\u{2067}x\u{2069}"), "\\u{2067}x\\u{2069}");
        assert!(matches!(printable("Zoë 学"), Cow::Borrowed(_)));
    }

    #[test]
    fn locations_read_back_from_their_text() {
        for text in [
            "sessions.csv:17:12",
            "sessions.csv:17",
            "page.json[3]#/actor/mbox",
            "sessions.jsonl:2:68#/end",
            "record `r1`",
            "C:\\data\\x.csv:3:4",
            "<input>:3",
            "odd:name:x",
        ] {
            assert_eq!(Location::parse_display(text).to_string(), text);
        }
        let l = Location::parse_display("sessions.csv:17:12");
        assert_eq!(
            (l.file.as_deref(), l.line, l.column),
            (Some("sessions.csv"), Some(17), Some(12))
        );
    }

    proptest! {
        /// Any location's text reads back to a location with the same text.
        #[test]
        fn location_text_round_trips(
            file in proptest::option::of("[a-z:#\\[\\]0-9.]{0,12}"),
            line in proptest::option::of(1u64..1000),
            column in proptest::option::of(1u64..1000),
            record in proptest::option::of(0u64..1000),
            pointer in proptest::option::of("(/[a-z0-9]{0,4}){0,3}"),
        ) {
            let l = Location { file, line, column, record, pointer };
            let text = l.to_string();
            prop_assert_eq!(Location::parse_display(&text).to_string(), text);
        }

        /// Nothing a terminal acts on survives, whatever the input.
        #[test]
        fn printable_leaves_no_control(text in any::<String>()) {
            let shown = printable(&text);
            prop_assert!(!shown.chars().any(needs_escape));
        }
    }
}
