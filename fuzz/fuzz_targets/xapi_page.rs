//! Fuzzes the xAPI reader on LRS result pages (`{"statements": [...],
//! "more": "..."}`, xAPI 2.1.3): the bytes are wrapped in a page envelope
//! chosen by the first byte (statements first or `more` first, `statements`
//! not an array, a stranger key, or the bytes as the whole document), so the
//! page-level paths are reached without the fuzzer having to find them. No
//! input may panic, and every statement read must end with exactly one fate.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_xapi::{IdentityMap, ImportOptions, Importer, InputFormat};

fn page(mode: u8, rest: &[u8]) -> Vec<u8> {
    let mut page = Vec::with_capacity(rest.len() + 64);
    match mode % 5 {
        0 => {
            page.extend_from_slice(br#"{"statements": ["#);
            page.extend_from_slice(rest);
            page.extend_from_slice(br#"], "more": ""}"#);
        }
        1 => {
            page.extend_from_slice(br#"{"more": "/xapi/statements?more=1", "statements": ["#);
            page.extend_from_slice(rest);
            page.extend_from_slice(b"]}");
        }
        2 => {
            page.extend_from_slice(br#"{"statements": "#);
            page.extend_from_slice(rest);
            page.extend_from_slice(br#", "more": null}"#);
        }
        3 => {
            page.extend_from_slice(br#"{"statements": [], "#);
            page.extend_from_slice(rest);
            page.push(b'}');
        }
        _ => page.extend_from_slice(rest),
    }
    page
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = page(*mode, rest);
    let mut importer = Importer::new(ImportOptions::default());
    let _ = importer.read(bytes.as_slice(), "page.json", InputFormat::Json);
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
    assert!(import.sessions.is_empty());
});
