//! The pledge file (`pledge.json`).

use std::io::{BufRead, Read};

use serde_json::Value;
use upskill_calendar::CalendarError;
use upskill_pledge::{DocumentError, Pledge, PledgeDocument, PledgeError};

use crate::codes;
use crate::diagnostics::{CodeInfo, Diagnostic, Location};
use crate::json_rows::{json_message, read_document};
use crate::options::ReadOptions;

/// Reads a pledge file: the JSON document, then its rules.
///
/// Reports the first problem serde finds in the document's shape (with its
/// line and column); the validator in `upskill-schema` lists every schema
/// problem at once.
///
/// # Errors
///
/// The problems found: malformed JSON, limits, `schema_version`, a missing,
/// unknown or mistyped field, an unknown time zone, an invalid rule.
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_pledge};
///
/// let json = r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"},
///                "time_zone": "Europe/Londres"}"#;
/// let problems = read_pledge("pledge.json", json.as_bytes(), ReadOptions::new()).unwrap_err();
/// assert_eq!(problems[0].code, "P004");
/// assert_eq!(problems[0].location.to_string(), "pledge.json#/time_zone");
/// ```
pub fn read_pledge<R: BufRead>(
    file: &str,
    input: R,
    options: ReadOptions,
) -> Result<Pledge, Vec<Diagnostic>> {
    let document = read_pledge_document(file, input, options)?;
    pledge_from_document(file, &document).map_err(|d| vec![d])
}

/// Reads a pledge file as its document, without judging its rules.
///
/// # Errors
///
/// As [`read_pledge`], less the rule problems.
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_pledge_document};
///
/// let json = r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme"},
///                "time_zone": "Europe/London", "minutes": 60}"#;
/// let problems = read_pledge_document("pledge.json", json.as_bytes(), ReadOptions::new()).unwrap_err();
/// assert_eq!(problems[0].code, "P002");
/// assert_eq!(problems[0].location.to_string(), "pledge.json:2:54");
/// ```
pub fn read_pledge_document<R: BufRead>(
    file: &str,
    input: R,
    options: ReadOptions,
) -> Result<PledgeDocument, Vec<Diagnostic>> {
    read_json_document(file, input, options, |message| {
        if message.starts_with("missing field") {
            codes::PLEDGE_MISSING_FIELD
        } else if message.starts_with("unknown field") {
            codes::PLEDGE_UNKNOWN_FIELD
        } else {
            codes::PLEDGE_WRONG_TYPE
        }
    })
}

/// Reads one JSON document file (`pledge.json`, `people.json`): limits,
/// syntax and `schema_version` (`F` codes), then the strict serde form, whose
/// first problem is coded by `code_of` its message and located by line and
/// column.
pub(crate) fn read_json_document<R: BufRead, T: serde::de::DeserializeOwned>(
    file: &str,
    mut input: R,
    options: ReadOptions,
    code_of: impl Fn(&str) -> CodeInfo,
) -> Result<T, Vec<Diagnostic>> {
    let limits = options.limits;
    let mut bytes = Vec::new();
    if let Err(error) = input
        .by_ref()
        .take(limits.max_document_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Err(vec![Diagnostic::new(
            &codes::IO_ERROR,
            Location::file(file),
            format!("the input could not be read: {error}"),
        )]);
    }
    // A UTF-16 document (Windows PowerShell 5.1's `>` and `Out-File` write
    // UTF-16LE with a BOM) is transcoded, as every other reader does.
    let bytes = crate::detect::utf8_head(&bytes).into_owned();
    let value = read_document(
        file,
        bytes.as_slice(),
        limits.max_document_bytes,
        limits.max_depth,
    )
    .map_err(|d| vec![d])?;
    check_version(file, &value).map_err(|d| vec![d])?;
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&bytes);
    serde_json::from_slice::<T>(body).map_err(|error| {
        let message = json_message(&error).replacen("malformed JSON: ", "", 1);
        let code = code_of(&message);
        let location = Location::file(file)
            .at_line(error.line() as u64)
            .at_column((error.column() as u64).max(1));
        vec![Diagnostic::new(&code, location, message)]
    })
}

/// Checks the document's `schema_version` is one this version reads.
///
/// # Errors
///
/// [`UNSUPPORTED_VERSION`](codes::UNSUPPORTED_VERSION) when it is absent or not 1.
///
/// # Example
///
/// ```
/// use upskill_formats::check_version;
///
/// let problem = check_version("pledge.json", &serde_json::json!({"schema_version": 2})).unwrap_err();
/// assert_eq!(problem.to_string(), "pledge.json#/schema_version: error[F011]: `schema_version` 2 is not supported: this version of upskill reads 1");
/// ```
#[expect(
    clippy::result_large_err,
    reason = "the shared diagnostic type is the error; its size is not ours to change"
)]
pub fn check_version(file: &str, document: &Value) -> Result<(), Diagnostic> {
    match document.get("schema_version") {
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(()),
        None if document.is_object() => Err(Diagnostic::new(
            &codes::UNSUPPORTED_VERSION,
            Location::file(file).at_pointer(""),
            "missing field `schema_version`: this version of upskill reads 1",
        )),
        None => Err(Diagnostic::new(
            &codes::WRONG_SHAPE,
            Location::file(file).at_pointer(""),
            "the document must be a JSON object",
        )),
        Some(other) => Err(Diagnostic::new(
            &codes::UNSUPPORTED_VERSION,
            Location::file(file).at_pointer("/schema_version"),
            format!("`schema_version` {other} is not supported: this version of upskill reads 1"),
        )),
    }
}

/// Builds the pledge from its document, judging its rules.
///
/// # Errors
///
/// [`PLEDGE_UNKNOWN_ZONE`](codes::PLEDGE_UNKNOWN_ZONE) (at `/time_zone`),
/// [`UNSUPPORTED_VERSION`](codes::UNSUPPORTED_VERSION) or
/// [`PLEDGE_INVALID_RULE`](codes::PLEDGE_INVALID_RULE).
///
/// # Example
///
/// ```
/// use upskill_formats::pledge_from_document;
/// use upskill_pledge::PledgeDocument;
///
/// let document: PledgeDocument = serde_json::from_str(
///     r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme"}, "time_zone": "Europe/London"}"#,
/// )?;
/// let pledge = pledge_from_document("pledge.json", &document).unwrap();
/// assert_eq!(pledge.organisation().id(), "acme");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[expect(
    clippy::result_large_err,
    reason = "the shared diagnostic type is the error; its size is not ours to change"
)]
pub fn pledge_from_document(file: &str, document: &PledgeDocument) -> Result<Pledge, Diagnostic> {
    Pledge::from_document(document).map_err(|error| {
        if let DocumentError::At { pointer, .. } = &error {
            let location = Location::file(file).at_pointer(pointer.clone());
            return Diagnostic::new(&codes::PLEDGE_INVALID_RULE, location, error.to_string());
        }
        let (code, pointer) = match &error {
            DocumentError::UnsupportedSchemaVersion(_) => {
                (codes::UNSUPPORTED_VERSION, "/schema_version")
            }
            DocumentError::Pledge(PledgeError::Calendar(CalendarError::UnknownTimeZone(_))) => {
                (codes::PLEDGE_UNKNOWN_ZONE, "/time_zone")
            }
            DocumentError::Pledge(
                PledgeError::EmptyOrganisationField(_) | PledgeError::OrganisationId(_),
            ) => (codes::PLEDGE_INVALID_RULE, "/organisation"),
            _ => (codes::PLEDGE_INVALID_RULE, ""),
        };
        let location = Location::file(file);
        let location = if pointer.is_empty() {
            location
        } else {
            location.at_pointer(pointer)
        };
        Diagnostic::new(&code, location, error.to_string())
    })
}
