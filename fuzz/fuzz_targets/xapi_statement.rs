//! Fuzzes statement parsing and validation, and the whole import (JSON
//! document and JSON Lines): no input may panic, and every statement read
//! must end with exactly one fate.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_formats::diagnostics::Location;
use upskill_xapi::{IdentityMap, ImportOptions, Importer, InputFormat, validate_statement};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for problem in validate_statement(text, Location::file("fuzz.json")) {
            assert!(!problem.message.is_empty());
        }
    }
    let mut importer = Importer::new(ImportOptions::default());
    let _ = importer.read(data, "fuzz.json", InputFormat::Json);
    let _ = importer.read(data, "fuzz.jsonl", InputFormat::JsonLines);
    let read = importer.statement_count();
    let import = importer.finish(&IdentityMap::new());
    assert_eq!(import.statements.len(), read);
    let summary = import.summary();
    let fates = summary.sessions
        + summary.unknown_learner
        + summary.rejected
        + summary.duplicate
        + summary.conflict
        + summary.voided
        + summary.voiding
        + summary.in_cmi5_session
        + summary.no_credit;
    assert_eq!(fates, summary.statements);
    // With an empty mapping nobody is known.
    assert!(import.sessions.is_empty());
});
