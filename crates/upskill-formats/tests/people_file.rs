//! The People-principle file (`people.json`): read strictly, with coded,
//! located problems.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test, not a crash a user sees"
)]

use upskill_formats::{ReadOptions, check_people_organisation, read_people};

const EXAMPLE: &str = include_str!("data/people.json");

fn problem(json: &str) -> String {
    let problems = read_people("people.json", json.as_bytes(), ReadOptions::new()).unwrap_err();
    assert_eq!(problems.len(), 1);
    problems[0].to_string()
}

#[test]
fn the_example_reads_and_round_trips() {
    let people = read_people("people.json", EXAMPLE.as_bytes(), ReadOptions::new()).unwrap();
    assert_eq!(people.organisation_id.as_str(), "acme");
    let teams = &people.commitments.diverse_inclusive_teams;
    let representation = teams.representation.as_ref().unwrap();
    assert_eq!(representation.counts().levels().len(), 2);
    assert_eq!(people.commitments.micro_upskilling.attestations.len(), 1);
    let written = serde_json::to_string(&people).unwrap();
    let again = read_people("people.json", written.as_bytes(), ReadOptions::new()).unwrap();
    assert_eq!(again, people);
    assert!(check_people_organisation("people.json", &people, "acme").is_ok());
}

#[test]
fn problems_are_coded_and_located() {
    insta::assert_snapshot!(problem(r#"{"schema_version": 2, "organisation_id": "acme"}"#), @"people.json#/schema_version: error[F011]: `schema_version` 2 is not supported: this version of upskill reads 1");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1}"#), @"people.json:1:21: error[E001]: missing field `organisation_id`");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1, "organisation_id": "acme", "mode": "enforcing"}"#), @"people.json:1:55: error[E002]: unknown field `mode`, expected one of `schema_version`, `organisation_id`, `commitments`");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1, "organisation_id": " "}"#), @"people.json:1:45: error[E003]: organisation id is empty");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1, "organisation_id": "acme", "commitments": {"diverse_inclusive_teams": {"representation": {"levels": [{"level": "board", "counts": {"a": 1, "a": 2}}]}}}}"#), @"people.json:1:168: error[E003]: `a` is given twice");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1, "organisation_id": "acme", "commitments": {"diverse_inclusive_teams": {"representation": {"levels": []}}}}"#), @"people.json:1:126: error[E003]: representation counts and reports need at least one level");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1, "organisation_id": "acme", "commitments": {"micro_upskilling": {"representation": {"levels": []}}}}"#), @"people.json:1:102: error[E002]: unknown field `representation`, expected `attestations`");
    insta::assert_snapshot!(problem(r#"{"schema_version": 1, "organisation_id": "acme", "commitments": {"micro_upskilling": {"attestations": [{"document": "d", "date": "2026-02-30", "statement": "s"}]}}}"#), @"people.json:1:141: error[E003]: input is out of range");
    insta::assert_snapshot!(problem("{\"schema_version\": 1, \"organisation_id\": \"acme\""), @"people.json:1:47: error[F005]: malformed JSON: EOF while parsing an object");
}

#[test]
fn another_organisations_file_is_refused() {
    let people = read_people("people.json", EXAMPLE.as_bytes(), ReadOptions::new()).unwrap();
    insta::assert_snapshot!(
        check_people_organisation("people.json", &people, "globex").unwrap_err(),
        @"people.json#/organisation_id: error[E004]: the People-principle file is about `acme`, but the pledge is `globex`'s"
    );
}

/// The example of `docs/people.md` is this test's file, and reads.
#[test]
fn the_documented_example_is_the_tested_one() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/people.md"))
        .unwrap();
    let block: String = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap()
        .to_string();
    let documented: serde_json::Value = serde_json::from_str(&block).unwrap();
    let tested: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    assert_eq!(documented, tested);
    assert!(read_people("people.json", block.as_bytes(), ReadOptions::new()).is_ok());
}
