//! `validate_document` compares statements across the document as the
//! importer does: one id with different content is `X041` (what `import
//! xapi` refuses), the same statement twice is `X040`, each located at the
//! later statement and naming the first use. Before this, `upskill validate`
//! passed a file that `import xapi` rejected with `X041`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use serde_json::{Value, json};
use upskill_xapi::{
    IdentityMap, ImportOptions, Importer, InputFormat, ReadLimits, validate_document,
};

fn statement(id: &str, learner: u32, minutes: u32, timestamp: &str) -> Value {
    json!({
        "id": id,
        "actor": {"mbox": format!("mailto:learner{learner}@example.com")},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://lms.example.com/courses/1"},
        "result": {"duration": format!("PT{minutes}M")},
        "timestamp": timestamp,
    })
}

const A: &str = "0000000a-0000-4000-8000-000000000000";
const B: &str = "0000000b-0000-4000-8000-000000000000";

fn rendered(text: &str, format: InputFormat) -> String {
    let found =
        validate_document(text.as_bytes(), "conf.json", format, ReadLimits::default()).unwrap();
    let mut lines: Vec<String> = found.diagnostics.iter().map(ToString::to_string).collect();
    lines.push(format!(
        "{} read, {} with errors, {} with warnings only",
        found.statements, found.statements_with_errors, found.statements_with_warnings
    ));
    lines.join("\n")
}

#[test]
fn one_id_with_different_content_is_x041_and_the_same_statement_twice_x040() {
    let statements = json!([
        statement(A, 1, 30, "2026-03-02T09:00:00Z"),
        statement(B, 1, 20, "2026-03-03T09:00:00Z"),
        // The issue's case: same id, another actor and duration.
        statement(&A.to_uppercase(), 2, 45, "2026-03-02T09:00:00Z"),
        // The same statement as B, its timestamp in another zone (2.3.1.b4).
        statement(B, 1, 20, "2026-03-03T10:00:00+01:00"),
    ]);
    let text = serde_json::to_string_pretty(&statements).unwrap();
    insta::assert_snapshot!(rendered(&text, InputFormat::Json), @r"
    conf.json:38:11#/id: error[X041]: statement id `0000000a-0000-4000-8000-000000000000` is used by the statement at conf.json:2:3 with different content; none of them is credited
    conf.json:54:11#/id: warning[X040]: statement `0000000b-0000-4000-8000-000000000000` repeats the one at conf.json:18:3; it is counted once
    4 read, 1 with errors, 1 with warnings only
    ");

    // The importer agrees: A is refused as a conflict, B counted once.
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(text.as_bytes(), "conf.json", InputFormat::Json)
        .unwrap();
    let import = importer.finish(&IdentityMap::new());
    let codes: Vec<&str> = import.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"X041") && codes.contains(&"X040"),
        "{codes:?}"
    );
}

#[test]
fn json_lines_and_statements_without_id_are_compared_too() {
    let mut no_id = statement(A, 3, 10, "2026-03-04T09:00:00Z");
    no_id.as_object_mut().unwrap().remove("id");
    let lines = [
        statement(A, 1, 30, "2026-03-02T09:00:00Z"),
        no_id.clone(),
        statement(A, 1, 31, "2026-03-02T09:00:00Z"),
        no_id,
    ]
    .iter()
    .map(Value::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    let found = rendered(&lines, InputFormat::JsonLines);
    let found = found.lines().collect::<Vec<_>>();
    assert!(
        found[0].starts_with("conf.json:3:54#/id: error[X041]: statement id `0000000a-")
            && found[0].contains("used by the statement at conf.json:1:1 with different content"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("conf.json:4:1: warning[X040]: statement `sha1:")
            && found[1].ends_with("repeats the one at conf.json:2:1; it is counted once"),
        "{found:?}"
    );
    assert_eq!(found[2], "4 read, 1 with errors, 1 with warnings only");
}

#[test]
fn a_statement_with_errors_is_not_compared() {
    // The second is invalid (X020): the importer rejects it before comparing,
    // so it is no conflict; only its own error is reported.
    let statements = json!([
        statement(A, 1, 30, "2026-03-02T09:00:00Z"),
        statement(A, 2, 45, "2026-03-02 09:00:00Z"),
        statement(B, 1, 20, "2026-03-03T09:00:00Z"),
    ]);
    let found = validate_document(
        statements.to_string().as_bytes(),
        "conf.json",
        InputFormat::Json,
        ReadLimits::default(),
    )
    .unwrap();
    let codes: Vec<&str> = found.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["X020"]);
}

/// Case duration-missing-t-hint, seen from `validate`: `P45M` is valid xAPI
/// (45 months) but `import xapi` cannot credit it; the vendor validating
/// the export gets the import's warning with its fix-it hint, and a
/// duration too long to count its `D003`.
#[test]
fn durations_the_import_cannot_credit_are_warned_with_the_hint() {
    let mut months = statement(A, 1, 45, "2026-03-02T09:00:00Z");
    months["result"]["duration"] = json!("P45M");
    let mut huge = statement(B, 1, 45, "2026-03-02T09:00:00Z");
    huge["result"]["duration"] = json!("PT99999999999999999999H");
    let text = serde_json::to_string(&json!([months, huge])).unwrap();
    insta::assert_snapshot!(rendered(&text, InputFormat::Json), @r"
    conf.json:1:167#/result/duration: warning[D002]: duration `P45M` counts years or months, which have no exact length, so it is not credited; did you mean `PT45M` (minutes)?
    conf.json:1:433#/result/duration: warning[D003]: duration `PT99999999999999999999H` is too long to count, so it is not credited
    2 read, 0 with errors, 2 with warnings only
    ");
}
