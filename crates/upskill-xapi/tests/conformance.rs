//! The conformance sweep: every statement case of the ADL LRS conformance
//! test suite (`adlnet/lrs-conformance-test-suite`: `test/v1_0_3`,
//! `test/v2_0` and the older `test/v1_0_2`, `configs/*.js`), generated from
//! the suite's own templates by `scripts/conformance/generate.js` into
//! `tests/data/conformance/cases.jsonl` (how to regenerate:
//! `tests/data/conformance/README.md`).
//!
//! Each case is one statement the suite POSTs, with the answer it expects of
//! an LRS: accept (200) or reject (400). It is run through the path
//! `upskill validate --kind xapi` uses ([`validate_document`]: accepted when
//! it has no error) and through the importer (`upskill import xapi`:
//! accepted when its fate is not `rejected`); both must give the suite's
//! answer, except for the deliberate differences in [`DIFFERENCES`], each
//! with its reason. `docs/xapi.md` ("Conformance sweep") lists the same
//! differences; a test here checks that it names every one.
#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use upskill_xapi::{
    Fate, IdentityMap, ImportOptions, Importer, InputFormat, ReadLimits, validate_document,
};

const CASES: &str = include_str!("data/conformance/cases.jsonl");
const DOCS: &str = include_str!("../../../docs/xapi.md");

/// xAPI 1.0.3 2.2.s3.b1: objects SHOULD NOT be empty (a SHOULD, not a MUST).
const EMPTY_OBJECT: &str = "xAPI 1.0.3 2.2 says an empty object SHOULD NOT be sent, not MUST NOT; \
     the 1.0.3 and 2.0 suites dropped these 1.0.2 cases, and an empty definition, \
     contextActivities or language map is accepted";
/// A well-formed RFC 5646 tag that only the IANA registry refuses.
const UNREGISTERED_TAG: &str = "`test` is a well-formed RFC 5646 tag (a 4-letter language subtag); \
     only the IANA registry says it is unassigned, and the registry is not checked";
/// xAPI 1.0.3 2.4.8: the LRS validates and overwrites `stored`; it does not reject it.
const STORED_GIVEN: &str = "xAPI 1.0.3 2.4.8: an LRS SHOULD validate `stored` and MUST overwrite it; \
     a valid `stored` is no reason to reject (the 1.0.2 suite's own note says this case \
     does not test what it says)";

/// The cases where upskill deliberately answers otherwise than the suite:
/// (case id, the suite's answer, why). All are in the older 1.0.2 suite,
/// where the 1.0.3 suite and specification changed the rule; every case of
/// the 1.0.3 and 2.0 suites is followed.
const DIFFERENCES: &[(&str, &str, &str)] = &[
    ("v1_0_2/activities/023", "reject", EMPTY_OBJECT),
    ("v1_0_2/activities/030", "reject", EMPTY_OBJECT),
    ("v1_0_2/activities/081", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/086", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/091", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/096", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/101", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/106", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/111", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/116", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/121", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/126", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/131", "reject", UNREGISTERED_TAG),
    ("v1_0_2/activities/136", "reject", UNREGISTERED_TAG),
    ("v1_0_2/contexts/019", "reject", EMPTY_OBJECT),
    ("v1_0_2/contexts/020", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/006", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/008", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/010", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/012", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/014", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/016", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/018", "reject", EMPTY_OBJECT),
    ("v1_0_2/languages/020", "reject", EMPTY_OBJECT),
    ("v1_0_2/statements/018", "reject", STORED_GIVEN),
];

struct Case {
    id: String,
    file: String,
    test: String,
    accept: bool,
    statement: String,
}

fn cases() -> Vec<Case> {
    CASES
        .lines()
        .map(|line| {
            let case: Value = serde_json::from_str(line).unwrap();
            let text = |key: &str| case[key].as_str().unwrap().to_string();
            Case {
                id: text("id"),
                file: text("suite_file"),
                test: text("test"),
                accept: match case["expect"].as_str().unwrap() {
                    "accept" => true,
                    "reject" => false,
                    other => panic!("expect {other}"),
                },
                statement: serde_json::to_string(&case["statement"]).unwrap(),
            }
        })
        .collect()
}

fn answer(accept: bool) -> &'static str {
    if accept { "accept" } else { "reject" }
}

/// Whether `validate` accepts the statement, and its errors (`code pointer`).
fn validate(statement: &str) -> (bool, Vec<String>) {
    let found = validate_document(
        statement.as_bytes(),
        "case.json",
        InputFormat::Json,
        ReadLimits::default(),
    )
    .unwrap();
    assert_eq!(found.statements, 1);
    let errors = found
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.location.pointer.as_deref().unwrap_or("")))
        .collect();
    (!found.has_errors(), errors)
}

/// Whether `import xapi` keeps the statement (any fate but `rejected`).
fn import_accepts(statement: &str) -> bool {
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(statement.as_bytes(), "case.json", InputFormat::Json)
        .unwrap();
    let import = importer.finish(&IdentityMap::new());
    assert_eq!(import.statements.len(), 1);
    import.statements[0].fate != Fate::Rejected
}

#[test]
fn the_sweep_agrees_with_the_suite_except_the_listed_differences() {
    let cases = cases();
    assert_eq!(cases.len(), 2889, "regenerate the cases as the README says");
    let differences: BTreeMap<&str, &str> = DIFFERENCES
        .iter()
        .map(|(id, expect, _)| (*id, *expect))
        .collect();
    assert_eq!(differences.len(), DIFFERENCES.len(), "a case listed twice");
    let mut unexpected = Vec::new();
    let mut agreed = 0;
    // CONFORMANCE_REPORT=FILE writes every case's answers and errors (tab-separated).
    let mut report = String::new();
    for case in &cases {
        let (accepted, errors) = validate(&case.statement);
        assert_eq!(
            import_accepts(&case.statement),
            accepted,
            "{}: import and validate disagree",
            case.id
        );
        report.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            case.id,
            answer(case.accept),
            answer(accepted),
            errors.join(", "),
            case.test
        ));
        match (accepted == case.accept, differences.get(case.id.as_str())) {
            (true, None) => agreed += 1,
            (true, Some(_)) => {
                unexpected.push(format!("{}: listed as a difference but agrees", case.id))
            }
            (false, Some(expect)) => assert_eq!(*expect, answer(case.accept), "{}", case.id),
            (false, None) => unexpected.push(format!(
                "{} ({}: {}): the suite expects {}, upskill answers {} {errors:?}\n  {}",
                case.id,
                case.file,
                case.test,
                answer(case.accept),
                answer(accepted),
                case.statement
            )),
        }
    }
    if let Some(path) = std::env::var_os("CONFORMANCE_REPORT") {
        std::fs::write(path, report).unwrap();
    }
    eprintln!("conformance sweep: {agreed} of {} cases agree", cases.len());
    assert!(
        unexpected.is_empty(),
        "{} unexpected:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert_eq!(agreed + DIFFERENCES.len(), cases.len());
}

/// Every case of the 1.0.3 and 2.0 suites is followed: the differences are
/// all in the 1.0.2 suite.
#[test]
fn every_case_of_the_current_suites_is_followed() {
    let current = cases()
        .iter()
        .filter(|c| c.id.starts_with("v1_0_3/") || c.id.starts_with("v2_0/"))
        .count();
    assert_eq!(current, 1922);
    assert!(DIFFERENCES.iter().all(|(id, ..)| id.starts_with("v1_0_2/")));
}

#[test]
fn docs_list_every_difference() {
    let section = DOCS
        .split("## Conformance sweep")
        .nth(1)
        .expect("docs/xapi.md has a `## Conformance sweep` section");
    let section = section.split("\n## ").next().unwrap();
    let missing: Vec<&str> = DIFFERENCES
        .iter()
        .map(|(id, ..)| *id)
        .filter(|id| !section.contains(&format!("`{id}`")))
        .collect();
    assert!(missing.is_empty(), "docs/xapi.md does not list {missing:?}");
}

/// Why each rejected case is rejected, summed per suite file: the error codes
/// and how many rejected cases carry each. Guards against a case that is
/// still rejected, but for another reason than before.
#[test]
fn rejections_keep_their_reasons() {
    let mut summary: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for case in cases().iter().filter(|c| !c.accept) {
        let (_, errors) = validate(&case.statement);
        let codes: BTreeSet<String> = errors
            .iter()
            .map(|e| e.split(' ').next().unwrap().to_string())
            .collect();
        let entry = summary.entry(case.file.clone()).or_default();
        entry.0 += 1;
        for code in codes {
            *entry.1.entry(code).or_default() += 1;
        }
    }
    let text: Vec<String> = summary
        .iter()
        .map(|(file, (rejected, codes))| {
            let codes: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
            format!("{file}: {rejected} rejected: {}", codes.join(", "))
        })
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}
