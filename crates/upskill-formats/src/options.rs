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
    /// The CSV field delimiter (`,` `;` tab `|`); `None` (the default)
    /// detects it from an Excel `sep=` first line or the header row.
    pub delimiter: Option<u8>,
    /// The text encoding of a CSV file; `None` (the default) detects it: a
    /// byte-order mark names UTF-8 or UTF-16, bytes that are not UTF-8 are
    /// read as Windows-1252.
    pub encoding: Option<TextEncoding>,
    /// Whether `,` is the decimal mark in CSV numbers (`22,5` minutes);
    /// `None` (the default): yes exactly when the delimiter is `;`.
    pub decimal_comma: Option<bool>,
    /// The zone of date-times written without a UTC offset: they are read
    /// as wall-clock times there (a time in a spring-forward gap is
    /// rejected, [`SESSION_LOCAL_TIME_GAP`](crate::codes::SESSION_LOCAL_TIME_GAP);
    /// one in an autumn overlap takes the earlier instant, with the warning
    /// [`SESSION_LOCAL_TIME_AMBIGUOUS`](crate::codes::SESSION_LOCAL_TIME_AMBIGUOUS)).
    /// `None` (the default): such times are rejected,
    /// [`SESSION_NAIVE_TIMESTAMP`](crate::codes::SESSION_NAIVE_TIMESTAMP).
    pub local_time_zone: Option<chrono_tz::Tz>,
}

/// A text encoding a CSV file may be read from (named by
/// [`TextEncoding::name`], read by [`TextEncoding::from_label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian.
    Utf16le,
    /// UTF-16, big-endian.
    Utf16be,
    /// Windows-1252 (the Western-European "ANSI" code page of Excel on Windows).
    Windows1252,
}

impl TextEncoding {
    /// Every encoding.
    pub const ALL: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Utf16le,
        TextEncoding::Utf16be,
        TextEncoding::Windows1252,
    ];

    /// The encoding's name (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf16le => "utf-16le",
            TextEncoding::Utf16be => "utf-16be",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }

    /// The encoding a label names (case and `-`/`_` ignored; `latin1`,
    /// `cp1252` and `utf8` are accepted too).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::TextEncoding;
    ///
    /// assert_eq!(TextEncoding::from_label("UTF-16LE"), Some(TextEncoding::Utf16le));
    /// assert_eq!(TextEncoding::from_label("cp1252"), Some(TextEncoding::Windows1252));
    /// assert_eq!(TextEncoding::from_label("ebcdic"), None);
    /// ```
    pub fn from_label(label: &str) -> Option<TextEncoding> {
        let key: String = label
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "utf8" => Some(TextEncoding::Utf8),
            "utf16le" | "utf16" => Some(TextEncoding::Utf16le),
            "utf16be" => Some(TextEncoding::Utf16be),
            "windows1252" | "cp1252" | "latin1" | "iso88591" => Some(TextEncoding::Windows1252),
            _ => None,
        }
    }

    pub(crate) fn encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
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

    /// The same options with a CSV delimiter (`None`: detect it).
    pub fn with_delimiter(mut self, delimiter: Option<u8>) -> ReadOptions {
        self.delimiter = delimiter;
        self
    }

    /// The same options with a CSV text encoding (`None`: detect it).
    pub fn with_encoding(mut self, encoding: Option<TextEncoding>) -> ReadOptions {
        self.encoding = encoding;
        self
    }

    /// The same options with the decimal comma on or off (`None`: on
    /// exactly when the CSV delimiter is `;`).
    pub fn with_decimal_comma(mut self, decimal_comma: Option<bool>) -> ReadOptions {
        self.decimal_comma = decimal_comma;
        self
    }

    /// The same options with a zone for date-times written without an
    /// offset (`None`: such date-times are rejected).
    pub fn with_local_time_zone(mut self, zone: Option<chrono_tz::Tz>) -> ReadOptions {
        self.local_time_zone = zone;
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
    /// xAPI statements as a learning record store exports them: one
    /// statement, a JSON array of statements, an LRS `StatementResult` page
    /// (`{"statements": [...], "more": "..."}`, xAPI 1.0.3 Communication
    /// 2.1.3) or JSON Lines of statements. No reader here: `upskill-xapi`
    /// reads and checks them (`docs/xapi.md`).
    Xapi,
    /// Time-spent totals (`time_totals.csv`): CSV or JSON Lines.
    TimeTotals,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Sessions,
        DocumentKind::Roster,
        DocumentKind::Leave,
        DocumentKind::Holidays,
        DocumentKind::Pledge,
        DocumentKind::People,
        DocumentKind::Xapi,
        DocumentKind::TimeTotals,
    ];

    /// The kind's name (`sessions`, `roster`, `leave`, `holidays`, `pledge`,
    /// `people`, `xapi`, `time_totals`).
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Sessions => "sessions",
            DocumentKind::Roster => "roster",
            DocumentKind::Leave => "leave",
            DocumentKind::Holidays => "holidays",
            DocumentKind::Pledge => "pledge",
            DocumentKind::People => "people",
            DocumentKind::Xapi => "xapi",
            DocumentKind::TimeTotals => "time_totals",
        }
    }

    /// The formats this kind is read from.
    pub fn formats(self) -> &'static [Format] {
        match self {
            DocumentKind::Sessions => &[Format::Csv, Format::JsonLines, Format::Json],
            DocumentKind::TimeTotals => &[Format::Csv, Format::JsonLines],
            DocumentKind::Roster | DocumentKind::Leave => &[Format::Csv, Format::Json],
            DocumentKind::Holidays => &[Format::Csv],
            DocumentKind::Pledge | DocumentKind::People => &[Format::Json],
            DocumentKind::Xapi => &[Format::Json, Format::JsonLines],
        }
    }

    /// The format of an input: by the extension of `path` if it names one,
    /// otherwise by its first bytes (`head`, after any byte-order mark and
    /// white space): `[` is a JSON array, `{` a JSON Lines file of sessions or
    /// a JSON document of the other kinds, anything else CSV. A pledge and a
    /// People-principle file are always JSON. xAPI starting with `{` is JSON
    /// Lines when its first line is a whole object that is not an LRS page
    /// (no `statements`), otherwise one JSON document (a statement or a page).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::{DocumentKind, Format};
    ///
    /// assert_eq!(DocumentKind::Sessions.detect_format("-", b"  {\"record_id\":"), Format::JsonLines);
    /// assert_eq!(DocumentKind::Roster.detect_format("roster.csv", b"{"), Format::Csv);
    /// assert_eq!(DocumentKind::Xapi.detect_format("-", b"{\"actor\": {}}\n{\"actor\": {}}\n"), Format::JsonLines);
    /// assert_eq!(DocumentKind::Xapi.detect_format("-", b"{\n  \"statements\": []\n}"), Format::Json);
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
            Some(b'{') if matches!(self, DocumentKind::Sessions | DocumentKind::TimeTotals) => {
                Format::JsonLines
            }
            Some(b'{') if self == DocumentKind::Xapi => {
                let text = String::from_utf8_lossy(head);
                let first = text.trim_start().lines().next().unwrap_or("");
                match serde_json::from_str::<serde_json::Value>(first) {
                    Ok(serde_json::Value::Object(o)) if !o.contains_key("statements") => {
                        Format::JsonLines
                    }
                    _ => Format::Json,
                }
            }
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
