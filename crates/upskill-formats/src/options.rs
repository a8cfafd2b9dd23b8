//! What to read (kind and format) and how (limits, strictness).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Default longest line (or CSV record, or JSON array element), in bytes: 1 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;
/// Default deepest JSON nesting: 64 levels (serde_json itself stops at 128).
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// Default largest JSON document read whole (roster, leave, pledge): 64 MiB.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Limits every reader enforces. Past a limit the reader reports a
/// diagnostic ([`LINE_TOO_LONG`](crate::codes::LINE_TOO_LONG),
/// [`TOO_DEEP`](crate::codes::TOO_DEEP),
/// [`DOCUMENT_TOO_LARGE`](crate::codes::DOCUMENT_TOO_LARGE)) and, for lines
/// and records, skips that one and goes on with the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest line of a CSV or JSON Lines file, longest CSV record (a quoted
    /// field may span lines) and longest element of a JSON array, in bytes,
    /// not counting the line terminator.
    pub max_line_bytes: usize,
    /// Deepest nesting of arrays and objects in one JSON record or document.
    pub max_depth: usize,
    /// Largest JSON document read whole (roster, leave and pledge documents).
    pub max_document_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

impl Limits {
    /// The same limits with another longest line, in bytes (at least 1).
    pub fn with_max_line_bytes(mut self, bytes: usize) -> Limits {
        self.max_line_bytes = bytes.max(1);
        self
    }

    /// The same limits with another deepest nesting (at least 1).
    pub fn with_max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth.max(1);
        self
    }

    /// The same limits with another largest JSON document, in bytes.
    pub fn with_max_document_bytes(mut self, bytes: u64) -> Limits {
        self.max_document_bytes = bytes;
        self
    }
}

/// How to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Size limits.
    pub limits: Limits,
    /// Lenient mode: unknown fields and columns are warnings rather than
    /// errors. Strict (the default) is what the formats promise.
    pub lenient: bool,
}

impl ReadOptions {
    /// Strict reading with the default limits.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// The same options in lenient (`true`) or strict mode.
    pub fn with_lenient(mut self, lenient: bool) -> ReadOptions {
        self.lenient = lenient;
        self
    }

    /// The same options with other limits.
    pub fn with_limits(mut self, limits: Limits) -> ReadOptions {
        self.limits = limits;
        self
    }
}

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Comma-separated values with a header row (RFC 4180).
    Csv,
    /// JSON Lines: one JSON object per line.
    JsonLines,
    /// One JSON document: an array of records, or an object.
    Json,
}

impl Format {
    /// The format's name in messages and reports (`csv`, `json_lines`, `json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "json_lines",
            Format::Json => "json",
        }
    }

    /// The format a file name's extension names: `.csv`; `.jsonl`, `.ndjson`
    /// or `.jsonlines`; `.json` (case ignored).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::Format;
    ///
    /// assert_eq!(Format::from_path("export/Sessions.JSONL"), Some(Format::JsonLines));
    /// assert_eq!(Format::from_path("sessions.txt"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<Format> {
        let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "jsonlines" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Learning-session records: CSV, JSON Lines, or a JSON array.
    Sessions,
    /// The roster: CSV, or a JSON roster document.
    Roster,
    /// Leave: CSV, or a JSON leave document.
    Leave,
    /// Public holidays: CSV (`date[, name]`).
    Holidays,
    /// The pledge file: a JSON document.
    Pledge,
    /// The People-principle file (`people.json`): a JSON document.
    People,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::Sessions,
        DocumentKind::Roster,
        DocumentKind::Leave,
        DocumentKind::Holidays,
        DocumentKind::Pledge,
        DocumentKind::People,
    ];

    /// The kind's name (`sessions`, `roster`, `leave`, `holidays`, `pledge`,
    /// `people`).
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Sessions => "sessions",
            DocumentKind::Roster => "roster",
            DocumentKind::Leave => "leave",
            DocumentKind::Holidays => "holidays",
            DocumentKind::Pledge => "pledge",
            DocumentKind::People => "people",
        }
    }

    /// The formats this kind is read from.
    pub fn formats(self) -> &'static [Format] {
        match self {
            DocumentKind::Sessions => &[Format::Csv, Format::JsonLines, Format::Json],
            DocumentKind::Roster | DocumentKind::Leave => &[Format::Csv, Format::Json],
            DocumentKind::Holidays => &[Format::Csv],
            DocumentKind::Pledge | DocumentKind::People => &[Format::Json],
        }
    }

    /// The format of an input: by the extension of `path` if it names one,
    /// otherwise by its first bytes (`head`, after any byte-order mark and
    /// white space): `[` is a JSON array, `{` a JSON Lines file of sessions or
    /// a JSON document of the other kinds, anything else CSV. A pledge and a
    /// People-principle file are always JSON.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::{DocumentKind, Format};
    ///
    /// assert_eq!(DocumentKind::Sessions.detect_format("-", b"  {\"record_id\":"), Format::JsonLines);
    /// assert_eq!(DocumentKind::Roster.detect_format("roster.csv", b"{"), Format::Csv);
    /// ```
    pub fn detect_format(self, path: &str, head: &[u8]) -> Format {
        if matches!(self, DocumentKind::Pledge | DocumentKind::People) {
            return Format::Json;
        }
        if let Some(format) = Format::from_path(path) {
            return format;
        }
        let head = head
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::Json,
            Some(b'{') if self == DocumentKind::Sessions => Format::JsonLines,
            Some(b'{') => Format::Json,
            _ => Format::Csv,
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
