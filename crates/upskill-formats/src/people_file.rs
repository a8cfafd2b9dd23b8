//! The People-principle file (`people.json`).

use std::io::BufRead;

use upskill_people::PeopleDocument;

use crate::codes;
use crate::diagnostics::{Diagnostic, Location};
use crate::options::ReadOptions;
use crate::pledge::read_json_document;

/// Reads a People-principle file (`people.json`, see
/// [`upskill_people::document`]): attestations per commitment and raw
/// representation counts.
///
/// Every value is checked as it is read (names by the one id-text rule,
/// groups and levels named once, a threshold of at least 1). Reports the
/// first problem found, located by line and column; the validator in
/// `upskill-schema` lists every schema problem at once.
///
/// # Errors
///
/// Malformed JSON, limits and `schema_version` (`F` codes), then
/// [`PEOPLE_MISSING_FIELD`](codes::PEOPLE_MISSING_FIELD),
/// [`PEOPLE_UNKNOWN_FIELD`](codes::PEOPLE_UNKNOWN_FIELD) or
/// [`PEOPLE_INVALID`](codes::PEOPLE_INVALID).
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, read_people};
///
/// let json = r#"{"schema_version": 1, "organisation_id": "acme",
///                "commitments": {"diverse_inclusive_teams": {"representation": {
///                  "suppression_threshold": 0, "levels": []}}}}"#;
/// let problems = read_people("people.json", json.as_bytes(), ReadOptions::new()).unwrap_err();
/// assert_eq!(problems[0].code, "E003");
/// assert_eq!(problems[0].location.to_string(), "people.json:3:43");
/// ```
pub fn read_people<R: BufRead>(
    file: &str,
    input: R,
    options: ReadOptions,
) -> Result<PeopleDocument, Vec<Diagnostic>> {
    read_json_document(file, input, options, |message| {
        if message.starts_with("missing field") {
            codes::PEOPLE_MISSING_FIELD
        } else if message.starts_with("unknown field") {
            codes::PEOPLE_UNKNOWN_FIELD
        } else {
            codes::PEOPLE_INVALID
        }
    })
}

/// Checks that a People-principle file is about the pledge's organisation.
///
/// # Errors
///
/// [`PEOPLE_OTHER_ORGANISATION`](codes::PEOPLE_OTHER_ORGANISATION), at
/// `/organisation_id`, when the ids differ.
///
/// # Example
///
/// ```
/// use upskill_formats::{ReadOptions, check_people_organisation, read_people};
///
/// let json = r#"{"schema_version": 1, "organisation_id": "acme"}"#;
/// let people = read_people("people.json", json.as_bytes(), ReadOptions::new()).unwrap();
/// assert!(check_people_organisation("people.json", &people, "acme").is_ok());
/// let problem = check_people_organisation("people.json", &people, "globex").unwrap_err();
/// assert_eq!(problem.to_string(), "people.json#/organisation_id: error[E004]: the People-principle file is about `acme`, but the pledge is `globex`'s");
/// ```
#[expect(
    clippy::result_large_err,
    reason = "the shared diagnostic type is the error; its size is not ours to change"
)]
pub fn check_people_organisation(
    file: &str,
    people: &PeopleDocument,
    pledge_organisation: &str,
) -> Result<(), Diagnostic> {
    if people.organisation_id.as_str() == pledge_organisation {
        return Ok(());
    }
    Err(Diagnostic::new(
        &codes::PEOPLE_OTHER_ORGANISATION,
        Location::file(file).at_pointer("/organisation_id"),
        format!(
            "the People-principle file is about `{}`, but the pledge is `{pledge_organisation}`'s",
            people.organisation_id
        ),
    ))
}
