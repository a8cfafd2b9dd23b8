//! xAPI, cmi5 and SCORM learning records, imported as learning sessions
//! exactly as the specifications define them.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::xapi`; depend on `upskill-xapi` directly only to keep
//! the dependency tree small.
//!
//! This crate owns:
//!
//! - **Reading** statements from one JSON statement, a JSON array, an LRS
//!   result page (`{"statements": [...], "more": "..."}`) or JSON Lines (read
//!   line by line), xAPI 1.0.x and 2.0.x ([`Importer`]).
//! - **Validation** of every statement against xAPI Part Two (sections 2.2 to
//!   2.4, 4.1, 4.4 to 4.6): every problem of a statement is reported, each with
//!   a stable code ([`CODES`]), its file, its record index or line, and a JSON
//!   pointer ([`validate_statement`]).
//! - **Voiding and duplicates**: a voided statement and its voiding statement
//!   credit nothing, in either order; a repeated id counts once; one id with
//!   different content (compared as xAPI 2.3.1 says) is a conflict.
//! - **cmi5 sessions**: time from `terminated` (or `abandoned`) per session
//!   id, never added to `completed` / `passed` / `failed` of the same session;
//!   session-order rules as warnings; launch modes counted per
//!   [`ImportOptions::cmi5_launch_modes`].
//! - **Profiles**: the ADL xAPI SCORM Profile (each `suspended` and
//!   `terminated` sitting credits its session time) and the xAPI Video
//!   Profile (the `terminated` duration, else the watched segments).
//! - **The credit rule** for other statements ([`ImportOptions`], which the
//!   pledge sets through [`ImportOptions::for_counting`]), and the
//!   **identity mapping** from agents to learner ids ([`IdentityMap`]).
//! - **No silent loss**: durations that earn nothing are summed per verb
//!   ([`Import::uncredited`], warning `X064`); each statement's place in the
//!   engine's ledger is [`Fate::ledger`].
//! - **Reading limits**: each statement is cut out of its document alone and
//!   checked against [`ReadLimits`] (1 MiB, 64 levels) before it is parsed.
//! - **Validating an export** without an identity mapping, every problem
//!   located by pointer, line and column ([`validate_document`]).
//! - **SCORM** session times: [`parse_scorm12_timespan`] (`HHHH:MM:SS.SS`) and
//!   [`parse_scorm2004_duration`] (`PT..`), re-exported from the exact
//!   parser in `upskill_session::iso8601`.
//!
//! It does *not* merge overlapping sessions, cap or split them into weeks
//! (that is `upskill_session::normalise`), decide which activity kinds a
//! pledge credits (`upskill-pledge`), judge anything (`upskill-policy`), or
//! read the workspace's own CSV / JSON session formats (`upskill-formats`).
//! The mapping is documented in `docs/xapi.md`.
//!
//! # Example
//!
//! ```
//! use upskill_xapi::{IdentityMap, ImportOptions, Importer, InputFormat};
//!
//! let page = r#"{"statements": [{
//!     "id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01",
//!     "actor": {"mbox": "mailto:ann@example.com"},
//!     "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
//!     "object": {"id": "https://lms.example.com/courses/gdpr"},
//!     "result": {"duration": "PT45M"},
//!     "timestamp": "2026-03-02T10:15:00Z"
//! }], "more": ""}"#;
//! let people = IdentityMap::read_csv("learner_id,mbox\ne001,mailto:ann@example.com\n".as_bytes(), "people.csv");
//!
//! let mut importer = Importer::new(ImportOptions::default());
//! importer.read(page.as_bytes(), "export.json", InputFormat::Json)?;
//! let import = importer.finish(&people.map);
//!
//! let session = &import.sessions[0].session;
//! assert_eq!(session.learner_id().as_str(), "e001");
//! assert_eq!(session.start().to_rfc3339(), "2026-03-02T09:30:00+00:00");
//! assert_eq!(session.duration().whole_minutes(), 45);
//! assert!(import.diagnostics.is_empty());
//! # Ok::<(), upskill_xapi::ImportError>(())
//! ```

mod canonical;
pub mod codes;
mod document;
mod encoding;
mod identity;
mod import;
mod model;
mod raw;
mod split;
mod syntax;
mod validate;
pub mod vocab;

use std::path::Path;

use upskill_formats::diagnostics::{Diagnostic, Location};

pub use codes::CODES;
pub use document::{DocumentValidation, looks_like_xapi, validate_document, validate_path};
pub use identity::{IdentityConflict, IdentityMap, IdentityMatch, MAPPING_COLUMNS, MappingLoad};
pub use import::{
    DEFAULT_ACTIVITY_KINDS, DEFAULT_CREDITABLE_VERBS, Fate, Import, ImportError, ImportOptions,
    ImportSummary, ImportedSession, Importer, InputFormat, LaunchMode, LedgerFate, NoCreditReason,
    SessionOrigin, StatementFate, TimestampMarks, UncreditedTime, UnmappedSession,
};
pub use model::AgentIdentifier;
pub use split::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_STATEMENT_BYTES, ReadLimits};
pub use upskill_session::iso8601::{
    DurationError, format_duration, parse_scorm12_timespan, parse_scorm2004_duration,
    parse_xapi_duration,
};

/// The UTF-8 byte order mark, `EF BB BF`.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading UTF-8 byte order mark: the one BOM policy of
/// xAPI input, shared by files (which skip it while splitting statements)
/// and LRS pages (`upskill-lrs`). JSON (RFC 8259 section 8.1) forbids the
/// BOM but lets a parser ignore it; Windows tools and some LRSs write one.
///
/// ```
/// assert_eq!(upskill_xapi::strip_utf8_bom(b"\xEF\xBB\xBF{}"), b"{}");
/// assert_eq!(upskill_xapi::strip_utf8_bom(b"{}"), b"{}");
/// ```
pub fn strip_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Checks one statement given as JSON text and returns every problem, each
/// located at `location` plus a JSON pointer within the statement.
///
/// An empty list means the statement is valid xAPI. Warnings about crediting
/// (voiding, cmi5 order, identity) need the whole export: see [`Importer`].
///
/// # Example
///
/// ```
/// use upskill_formats::diagnostics::Location;
/// use upskill_xapi::validate_statement;
///
/// let problems = validate_statement(
///     r#"{"actor":{"mbox":"ann@example.com"},"verb":{"id":"completed"},"object":{"id":"http://x"}}"#,
///     Location::file("one.json"),
/// );
/// let codes: Vec<&str> = problems.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["X012", "X014"]);
/// assert_eq!(problems[0].location.pointer.as_deref(), Some("/actor/mbox"));
/// ```
pub fn validate_statement(text: &str, location: Location) -> Vec<Diagnostic> {
    match serde_json::from_str::<raw::Raw>(text) {
        Ok(raw) => validate::Validator::new(&location).check(&raw),
        Err(error) => vec![Diagnostic::new(
            &codes::INVALID_JSON,
            location
                .at_line(error.line() as u64)
                .at_column(error.column() as u64),
            error.to_string(),
        )],
    }
}

/// The formats a session time can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// xAPI `result.duration`: ISO 8601 as xAPI 4.6 uses it.
    Xapi,
    /// SCORM 2004 `cmi.session_time` (`timeinterval (second,10,2)`).
    Scorm2004,
    /// SCORM 1.2 `cmi.core.session_time` (`CMITimespan`, `HHHH:MM:SS.SS`).
    Scorm12,
}

/// Reads a session time exactly, in whole centiseconds, or says why not as a
/// located diagnostic: `D001` / `D005` / `D004` for text that is not valid in
/// its format, `D002` for years or months (valid, but not exact), `D003` for
/// a time too long to count.
///
/// # Errors
///
/// The diagnostic, at `location` (boxed: it is large).
///
/// # Example
///
/// ```
/// use upskill_formats::diagnostics::Location;
/// use upskill_xapi::{TimeFormat, read_session_time};
///
/// assert_eq!(read_session_time("0001:30:00", TimeFormat::Scorm12, Location::file("scorm.csv")), Ok(540_000));
/// let problem = read_session_time("1:30", TimeFormat::Scorm12, Location::file("scorm.csv").at_line(4)).unwrap_err();
/// assert_eq!(problem.to_string(), "scorm.csv:4: error[D004]: SCORM 1.2 time `1:30` is not `HHHH:MM:SS.SS`: expected hours, minutes and seconds separated by `:`");
/// ```
pub fn read_session_time(
    text: &str,
    format: TimeFormat,
    location: Location,
) -> Result<u64, Box<Diagnostic>> {
    let result = match format {
        TimeFormat::Xapi => parse_xapi_duration(text),
        TimeFormat::Scorm2004 => parse_scorm2004_duration(text),
        TimeFormat::Scorm12 => parse_scorm12_timespan(text),
    };
    result.map_err(|error| {
        let code = match (&error, format) {
            (DurationError::NotExact(_), _) => &codes::CALENDAR_DURATION,
            (DurationError::Overflow(_), _) => &codes::DURATION_OVERFLOW,
            (_, TimeFormat::Xapi) => &codes::BAD_DURATION,
            (_, TimeFormat::Scorm2004) => &codes::BAD_SCORM2004_TIME,
            (_, TimeFormat::Scorm12) => &codes::BAD_SCORM12_TIME,
        };
        Box::new(Diagnostic::new(code, location, error.to_string()))
    })
}

/// Imports statement files with an identity mapping, in one call.
///
/// # Errors
///
/// [`ImportError::Io`] if a file cannot be read. Invalid content is reported
/// in [`Import::diagnostics`], never as an error.
///
/// # Example
///
/// ```no_run
/// use std::path::Path;
/// use upskill_xapi::{IdentityMap, ImportOptions, import_paths};
///
/// let people = IdentityMap::read_csv(std::fs::File::open("people.csv")?, "people.csv");
/// let import = import_paths(&[Path::new("export.jsonl")], &people.map, ImportOptions::default())?;
/// for problem in &import.diagnostics {
///     eprintln!("{problem}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_paths(
    paths: &[&Path],
    identities: &IdentityMap,
    options: ImportOptions,
) -> Result<Import, ImportError> {
    let mut importer = Importer::new(options);
    for path in paths {
        importer.read_path(path)?;
    }
    Ok(importer.finish(identities))
}
