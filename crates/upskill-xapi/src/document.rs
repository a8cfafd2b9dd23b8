//! Validating an xAPI document on its own, the way an LMS vendor checks an
//! export before sending it: no identity mapping, no crediting, every spec
//! problem of every statement, each located by JSON pointer, line and column.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use upskill_formats::diagnostics::{Diagnostic, Location};
use upskill_session::iso8601::{DurationError, parse_xapi_duration};

use crate::canonical::comparison_hash;
use crate::codes::{
    CALENDAR_DURATION, CONFLICTING_STATEMENT, DUPLICATE_STATEMENT, DURATION_OVERFLOW, INVALID_JSON,
    NOT_STATEMENTS, STATEMENT_TOO_LARGE,
};
use crate::import::{ImportError, InputFormat, json_message};
use crate::raw::Raw;
use crate::split::{self, Document, Failure, Over, ReadLimits};
use crate::validate::{Validator, child, quote};

/// What [`validate_document`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DocumentValidation {
    /// Statements read, valid or not.
    pub statements: u64,
    /// Statements with at least one error.
    pub statements_with_errors: u64,
    /// Statements with warnings but no error.
    pub statements_with_warnings: u64,
    /// Every problem, in reading order. A statement's problems carry its
    /// record index (arrays and pages) or line (JSON Lines), the JSON pointer
    /// inside it, and the line and column that pointer names in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl DocumentValidation {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Validates an xAPI document read from `reader` (named `file` in
/// locations): one statement, an array, an LRS `StatementResult` page
/// (`{"statements": [...], "more": "..."}`) or JSON Lines. Needs no identity
/// mapping and credits nothing: it reports what xAPI itself says is wrong
/// (the `X0xx` and `D001` rules of `docs/xapi.md`), every problem of every
/// statement, and warns of a valid `result.duration` the import cannot
/// credit, as `import xapi` does (`D002` years or months, with the fix-it
/// hint `P45M` -> `PT45M`; `D003` too long). A statement over `limits` is
/// `X031`; reading goes on. A
/// UTF-16 input (told by its byte order mark) is transcoded and read, with
/// the warning `X033`; a UTF-8 byte order mark is skipped.
///
/// Statements are also compared across the document as the importer
/// compares them (xAPI 2.3.1 statement comparison): a valid statement whose
/// `id` (or, without one, whose content) an earlier valid statement already
/// used is `X040` (warning) when the content is the same and `X041` (error)
/// when it differs, located at the later statement's `id` and naming the
/// first use (file, line and column).
///
/// # Errors
///
/// [`ImportError::Io`] if reading fails; bad content is a diagnostic.
///
/// # Example
///
/// ```
/// use upskill_xapi::{InputFormat, ReadLimits, validate_document};
///
/// let page = r#"{"statements": [
///   {"actor": {"mbox": "mailto:ann@example.com"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
///    "object": {"id": "https://example.com/c"}, "timestamp": "2026-03-04 15:00:00Z"}
/// ], "more": ""}"#;
/// let found = validate_document(page.as_bytes(), "export.json", InputFormat::Json, ReadLimits::default())?;
/// assert_eq!(found.statements, 1);
/// let d = &found.diagnostics[0];
/// assert_eq!((d.code.as_str(), d.location.record, d.location.pointer.as_deref()), ("X020", Some(0), Some("/timestamp")));
/// assert_eq!((d.location.line, d.location.column), (Some(3), Some(60)));
/// # Ok::<(), upskill_xapi::ImportError>(())
/// ```
pub fn validate_document<R: BufRead>(
    reader: R,
    file: &str,
    format: InputFormat,
    limits: ReadLimits,
) -> Result<DocumentValidation, ImportError> {
    let mut out = DocumentValidation::default();
    let mut seen = Seen::default();
    let base = Location::file(file);
    let io = |source| ImportError::Io {
        file: file.to_string(),
        source,
    };
    let (reader, note) = crate::encoding::open(reader, file).map_err(io)?;
    out.diagnostics.extend(note);
    match format {
        InputFormat::JsonLines => {
            let mut reader = reader;
            let mut line = Vec::new();
            let mut number = 0u64;
            while let Some(long) =
                split::read_line(&mut reader, &mut line, limits.max_statement_bytes).map_err(io)?
            {
                number += 1;
                let mut text: &[u8] = &line;
                if number == 1 {
                    text = crate::strip_utf8_bom(text);
                }
                if !long && text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
                    continue;
                }
                let bytes = if long { Err(Over::Size) } else { Ok(text) };
                check_piece(
                    &mut out,
                    &mut seen,
                    bytes,
                    (number, 1),
                    base.clone().at_line(number),
                    limits,
                );
            }
        }
        InputFormat::Json => {
            let shape = split::read_document(reader, limits, &mut |index, piece| {
                let bytes = piece.bytes.as_deref().map_err(|o| *o);
                check_piece(
                    &mut out,
                    &mut seen,
                    bytes,
                    (piece.line, piece.column),
                    base.clone().at_record(index),
                    limits,
                );
            });
            let mut push = |code, location, message: String| {
                out.diagnostics
                    .push(Diagnostic::new(code, location, message));
            };
            match shape {
                Ok(Document::Array) => {}
                Ok(Document::Single(piece)) => {
                    let bytes = piece.bytes.as_deref().map_err(|o| *o);
                    check_piece(
                        &mut out,
                        &mut seen,
                        bytes,
                        (piece.line, piece.column),
                        base,
                        limits,
                    );
                }
                Ok(Document::Page {
                    statements_is_array,
                    others,
                }) => {
                    if !statements_is_array {
                        push(
                            &NOT_STATEMENTS,
                            base.clone().at_pointer("/statements"),
                            "`statements` must be an array of statements".to_string(),
                        );
                    }
                    for (key, value) in others {
                        let at = base.clone().at_pointer(child("", &key));
                        if key == "more" {
                            let kind = value.ok().and_then(|v| {
                                serde_json::from_slice::<Raw>(&v)
                                    .ok()
                                    .filter(|v| v.as_str().is_none())
                                    .map(|v| v.kind())
                            });
                            if let Some(kind) = kind {
                                push(
                                    &NOT_STATEMENTS,
                                    at,
                                    format!("`more` must be a string, found {kind}"),
                                );
                            }
                        } else {
                            push(
                                &NOT_STATEMENTS,
                                at,
                                format!(
                                    "unknown property `{}` in an LRS result page; expected `statements` and `more`",
                                    quote(&key)
                                ),
                            );
                        }
                    }
                }
                Ok(Document::Other(kind)) => push(
                    &NOT_STATEMENTS,
                    base,
                    format!(
                        "the document is {kind}; expected a statement, an array of statements or an LRS result page"
                    ),
                ),
                Ok(Document::Empty) => push(
                    &INVALID_JSON,
                    base.at_line(1).at_column(1),
                    "the input is empty".to_string(),
                ),
                Err(Failure::Io(source)) => return Err(io(source)),
                Err(Failure::Syntax(error)) => push(
                    &INVALID_JSON,
                    base.at_line(error.line).at_column(error.column),
                    error.message,
                ),
            }
        }
    }
    Ok(out)
}

/// [`validate_document`] on a file, its format told by its extension
/// ([`InputFormat::from_path`]).
///
/// # Errors
///
/// [`ImportError::Io`] if the file cannot be opened or read.
pub fn validate_path(path: &Path, limits: ReadLimits) -> Result<DocumentValidation, ImportError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|source| ImportError::Io {
        file: name.clone(),
        source,
    })?;
    validate_document(
        BufReader::new(file),
        &name,
        InputFormat::from_path(path),
        limits,
    )
}

/// The first valid statement of each key (its lowercased `id`, or for a
/// statement without one its content hash, as the importer keys them): its
/// content hash and where it starts.
#[derive(Default)]
struct Seen {
    /// Where the first use starts, as its record (arrays and pages), line
    /// and column: a location is made and written out only when a later
    /// statement repeats it.
    first: HashMap<String, ([u8; 20], Start), ahash::RandomState>,
}

/// Where a statement starts: its record index, line and column.
#[derive(Clone, Copy)]
struct Start {
    record: Option<u64>,
    line: u64,
    column: u64,
}

impl Seen {
    /// `X040` or `X041` for a valid statement whose key an earlier one used
    /// (located at `location`, the statement's `id` when it has one);
    /// otherwise remembers it as the first use, starting at `start`.
    fn compare(&mut self, raw: &Raw, location: &Location, start: Start) -> Option<Diagnostic> {
        let hash = comparison_hash(raw);
        let id = raw.str_at("id").map(str::to_ascii_lowercase);
        let has_id = id.is_some();
        let key = id.unwrap_or_else(|| {
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            format!("sha1:{hex}")
        });
        let Some((first_hash, first)) = self.first.get(&key) else {
            self.first.insert(key, (hash, start));
            return None;
        };
        // Located at the later statement's `id` when it has one.
        let location = if has_id {
            location.clone().at_pointer("/id")
        } else {
            location.clone()
        };
        let first = Location {
            file: location.file.clone(),
            record: first.record,
            ..Location::default()
        }
        .at_line(first.line)
        .at_column(first.column);
        let shown = quote(&key);
        Some(if *first_hash == hash {
            Diagnostic::new(
                &DUPLICATE_STATEMENT,
                location.clone(),
                format!("statement `{shown}` repeats the one at {first}; it is counted once"),
            )
        } else {
            Diagnostic::new(
                &CONFLICTING_STATEMENT,
                location.clone(),
                format!(
                    "statement id `{shown}` is used by the statement at {first} with different content; none of them is credited"
                ),
            )
        })
    }
}

fn check_piece(
    out: &mut DocumentValidation,
    seen: &mut Seen,
    bytes: Result<&[u8], Over>,
    start: (u64, u64),
    location: Location,
    limits: ReadLimits,
) {
    out.statements += 1;
    let found = match bytes {
        Ok(bytes) if !split::deeper_than(bytes, limits.max_depth) => {
            // UTF-8 checked once for the whole statement, then parsed as
            // text (the parser does not check each string again); the
            // same result as parsing the bytes.
            let parsed = match std::str::from_utf8(bytes) {
                Ok(text) => serde_json::from_str::<Raw>(text),
                Err(_) => serde_json::from_slice::<Raw>(bytes),
            };
            match parsed {
                Ok(raw) => {
                    let mut problems = Validator::new(&location).check(&raw);
                    if !problems.iter().any(Diagnostic::is_error) {
                        problems.extend(uncountable_duration(&raw, &location));
                        let start_at = Start {
                            record: location.record,
                            line: start.0,
                            column: start.1,
                        };
                        problems.extend(seen.compare(&raw, &location, start_at));
                    }
                    for problem in &mut problems {
                        let pointer = problem.location.pointer.as_deref().unwrap_or("");
                        let offset = split::locate(bytes, pointer);
                        let (line, column) = split::position(bytes, offset, start.0, start.1);
                        problem.location.line = Some(line);
                        problem.location.column = Some(column);
                    }
                    problems
                }
                Err(error) => {
                    let (line, column) = (error.line() as u64, error.column() as u64);
                    let (line, column) = if line <= 1 {
                        (start.0, start.1 + column.saturating_sub(1))
                    } else {
                        (start.0 + line - 1, column)
                    };
                    vec![Diagnostic::new(
                        &INVALID_JSON,
                        location.at_line(line).at_column(column),
                        json_message(&error),
                    )]
                }
            }
        }
        over => {
            let why = match over {
                Err(Over::Size) => format!("longer than {} bytes", limits.max_statement_bytes),
                _ => format!("nested more than {} levels deep", limits.max_depth),
            };
            vec![Diagnostic::new(
                &STATEMENT_TOO_LARGE,
                location.at_line(start.0).at_column(start.1),
                format!("the statement is {why}; it is rejected and the next one is read"),
            )]
        }
    };
    if found.iter().any(Diagnostic::is_error) {
        out.statements_with_errors += 1;
    } else if !found.is_empty() {
        out.statements_with_warnings += 1;
    }
    out.diagnostics.extend(found);
}

/// The warning `import xapi` gives a valid statement whose `result.duration`
/// cannot be credited: years or months (`D002`, with the fix-it hint
/// `P45M` -> `PT45M`) or too long to count (`D003`). Valid xAPI, but the
/// vendor validating an export should see what the import will not count.
fn uncountable_duration(raw: &Raw, location: &Location) -> Option<Diagnostic> {
    let text = raw.get("result")?.str_at("duration")?;
    let error = parse_xapi_duration(text).err()?;
    let code = match error {
        DurationError::NotExact(_) => &CALENDAR_DURATION,
        DurationError::Overflow(_) => &DURATION_OVERFLOW,
        _ => return None,
    };
    Some(Diagnostic::new(
        code,
        location.clone().at_pointer("/result/duration"),
        crate::import::not_credited(&error),
    ))
}

/// Whether the first bytes of an input look like xAPI statements rather than
/// upskill's own session records: an LRS page (`"statements"`), or a first
/// statement with `actor` and `verb` and no `record_id`. A UTF-8 byte order
/// mark is skipped, and a UTF-16 head (told by its byte order mark) is
/// decoded first (`upskill_formats::utf8_head`). Give it the first few
/// kilobytes.
///
/// # Example
///
/// ```
/// assert!(upskill_xapi::looks_like_xapi(br#"{"statements":[],"more":""}"#));
/// assert!(!upskill_xapi::looks_like_xapi(br#"{"record_id":"r1","learner_id":"l1"}"#));
/// ```
pub fn looks_like_xapi(head: &[u8]) -> bool {
    let head = upskill_formats::utf8_head(head);
    let head = crate::strip_utf8_bom(&head);
    let Some(first) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let rest = head.get(first..).unwrap_or_default();
    if !matches!(rest.first(), Some(b'{' | b'[')) {
        return false;
    }
    let has = |key: &str| {
        let needle = format!("\"{key}\"");
        rest.windows(needle.len()).any(|w| w == needle.as_bytes())
    };
    has("statements") || (has("actor") && has("verb") && !has("record_id"))
}
