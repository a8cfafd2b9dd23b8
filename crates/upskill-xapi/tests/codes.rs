//! The code table: stable, well-formed, and documented in `docs/xapi.md`.
#![cfg(test)]

use upskill_formats::diagnostics::Severity;
use upskill_xapi::CODES;

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = std::collections::BTreeSet::new();
    for info in CODES {
        assert!(seen.insert(info.code), "{} twice", info.code);
        let (letter, digits) = info.code.split_at(1);
        assert!(["X", "D", "M"].contains(&letter), "{}", info.code);
        assert!(
            digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{}",
            info.code
        );
        let first = info.summary.chars().next().unwrap();
        assert!(
            !first.is_uppercase(),
            "{}: summaries start lowercase",
            info.code
        );
        assert!(
            !info.summary.ends_with('.'),
            "{}: no final period",
            info.code
        );
    }
}

#[test]
fn docs_list_every_code_as_it_is() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/xapi.md"))
        .unwrap();
    // The rows of the code table: "| `X001` | error | ... |".
    let documented: Vec<&str> = docs
        .lines()
        .filter(|l| {
            let code = l.get(3..7).unwrap_or_default();
            l.starts_with("| `")
                && code.starts_with(['X', 'D', 'M'])
                && code
                    .get(1..)
                    .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
                && (l.get(7..).is_some_and(|r| {
                    r.starts_with("` | error |") || r.starts_with("` | warning |")
                }))
        })
        .collect();
    let expected: Vec<String> = CODES
        .iter()
        .map(|c| {
            let severity = match c.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("| `{}` | {severity} | {} |", c.code, c.summary)
        })
        .collect();
    assert_eq!(documented, expected);
}
