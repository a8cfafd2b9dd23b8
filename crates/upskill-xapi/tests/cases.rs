//! The field and reliability cases of issue 13, each as a test on the
//! project's own copy of its input (`tests/data/cases/<case>`). Each case is
//! one of a class; the class is tested in `src/syntax.rs` and
//! `tests/spec_cases.rs`.
#![cfg(test)]

mod common;

use std::path::Path;

use common::*;
use upskill_formats::ReadOptions;
use upskill_xapi::{Fate, IdentityMap, Import, ImportOptions, Importer, InputFormat, ReadLimits};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cases");

fn path(case: &str, file: &str) -> String {
    format!("{CASES}/{case}/{file}")
}

fn import_case_with(case: &str, file: &str, options: ImportOptions) -> Import {
    let actors = std::fs::read_to_string(path(case, "actors.csv")).unwrap();
    let map = IdentityMap::read_csv(actors.as_bytes(), "actors.csv");
    assert!(map.diagnostics.is_empty(), "{:?}", map.diagnostics);
    let mut importer = Importer::new(options);
    importer.read_path(Path::new(&path(case, file))).unwrap();
    importer.finish(&map.map)
}

fn import_case(case: &str, file: &str) -> Import {
    import_case_with(case, file, ImportOptions::default())
}

/// Errors as `code pointer`, file names left out.
fn errors(import: &Import) -> Vec<String> {
    import
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.location.pointer.as_deref().unwrap_or("")))
        .collect()
}

/// field/xapi-version-1-0: `"version": "1.0"` is valid (conformance suite
/// XAPI-00101); the statement becomes a 40-minute session.
#[test]
fn version_1_0_is_accepted() {
    let import = import_case("xapi-version-1-0", "statement.json");
    assert_eq!(errors(&import), [] as [String; 0]);
    assert_eq!(minutes(&import), [40]);
}

/// field/xapi-utf8-bom: a byte order mark costs no statement, in an LRS page
/// or in JSON Lines; the result is the same as without it.
#[test]
fn a_byte_order_mark_costs_nothing() {
    let control = import_case("xapi-utf8-bom", "lrs-page-nobom.json");
    assert_eq!(minutes(&control), [45, 30]);
    for file in ["lrs-page-bom.json", "statements-bom.jsonl"] {
        let import = import_case("xapi-utf8-bom", file);
        assert!(
            import.diagnostics.is_empty(),
            "{file}: {:?}",
            import.diagnostics
        );
        assert_eq!(minutes(&import), [45, 30], "{file}");
    }
    // The same policy as the session reader of the same product.
    let csv = std::fs::read(path("xapi-utf8-bom", "sessions-bom.csv")).unwrap();
    let read: Vec<_> = upskill_formats::read_sessions(
        "sessions-bom.csv",
        csv.as_slice(),
        None,
        ReadOptions::default(),
    )
    .collect();
    assert_eq!(read.len(), 1);
    assert!(read[0].is_ok());
}

/// The class of field/xapi-utf8-bom: Windows PowerShell 5.1 saves with `>`
/// in UTF-16LE. The same page and JSON Lines in UTF-16 (LE and BE) give the
/// same sessions, with one `X033` warning naming the encoding; `validate`
/// reads them too.
#[test]
fn a_utf16_export_is_read_with_one_warning() {
    let actors = std::fs::read_to_string(path("xapi-utf8-bom", "actors.csv")).unwrap();
    let map = IdentityMap::read_csv(actors.as_bytes(), "actors.csv");
    for (file, format) in [
        ("lrs-page-nobom.json", InputFormat::Json),
        ("statements-bom.jsonl", InputFormat::JsonLines),
    ] {
        let text = std::fs::read_to_string(path("xapi-utf8-bom", file)).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        for big_endian in [false, true] {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                bytes.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            let mut importer = Importer::new(ImportOptions::default());
            importer.read(bytes.as_slice(), "export", format).unwrap();
            let import = importer.finish(&map.map);
            assert_eq!(minutes(&import), [45, 30], "{file}");
            let notes: Vec<String> = import.diagnostics.iter().map(ToString::to_string).collect();
            let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            assert_eq!(
                notes,
                [format!(
                    "export:1:1: warning[X033]: the file is {name} (it starts with that byte order mark); it is read as such, but JSON exchanged between systems is UTF-8 (RFC 8259 8.1): save it as UTF-8"
                )],
                "{file}"
            );
            let found = upskill_xapi::validate_document(
                bytes.as_slice(),
                "export",
                format,
                ReadLimits::default(),
            )
            .unwrap();
            assert_eq!(
                (found.statements, found.statements_with_errors),
                (2, 0),
                "{file}"
            );
            assert_eq!(
                found.diagnostics.len(),
                1,
                "{file}: {:?}",
                found.diagnostics
            );
            assert!(
                upskill_xapi::looks_like_xapi(&bytes[..bytes.len().min(4096)]),
                "{file}"
            );
        }
    }
}

/// field/duration-missing-t-hint: the rejection stays, and the hint is the
/// input with `T` put in, not `PTS`.
#[test]
fn duration_hint_is_computed_from_the_input() {
    let import = import_case("duration-missing-t-hint", "statement.json");
    let message = import.diagnostics[0].to_string();
    assert!(message.contains("error[D001]"), "{message}");
    assert!(
        message.ends_with("did you mean `PT16559.14S`?"),
        "{message}"
    );
    // The native session reader gives the same fix for each row.
    let csv = std::fs::read(path("duration-missing-t-hint", "sessions.csv")).unwrap();
    let messages: Vec<String> = upskill_formats::read_sessions(
        "sessions.csv",
        csv.as_slice(),
        None,
        ReadOptions::default(),
    )
    .map(|r| r.unwrap_err().diagnostics().next().unwrap().message.clone())
    .collect();
    assert_eq!(messages.len(), 3);
    assert!(messages[0].contains("`PT16559.14S`"), "{}", messages[0]);
    assert!(messages[1].contains("`PT1H30M`"), "{}", messages[1]);
    assert!(
        messages[2].contains("did you mean `PT45M`?"),
        "{}",
        messages[2]
    );
}

/// field/xapi-langtag-token-sequence: `en-US-US` has two regions.
#[test]
fn language_tag_is_checked_as_a_sequence() {
    let import = import_case("xapi-langtag-token-sequence", "statement.json");
    assert_eq!(errors(&import), ["X025 /verb/display/en-US-US"]);
    assert_eq!(fates(&import), [Fate::Rejected]);
}

/// field/xapi-mbox-address-syntax: a `mailto:` IRI with a query is not one
/// email address.
#[test]
fn mbox_holds_exactly_one_address() {
    let import = import_case("xapi-mbox-address-syntax", "statement.json");
    assert_eq!(errors(&import), ["X012 /actor/mbox"]);
    assert_eq!(fates(&import), [Fate::Rejected]);
}

/// field/xapi-attachment-contenttype-unchecked: `""` is no media type.
#[test]
fn attachment_content_type_is_a_media_type() {
    let import = import_case("xapi-attachment-contenttype-unchecked", "statement.json");
    assert_eq!(errors(&import), ["X029 /attachments/0/contentType"]);
}

/// reliability/xapi-deep-statement-stops-document: the deep statement is
/// rejected alone, in a page and in JSON Lines alike, and the third statement
/// is read.
#[test]
fn a_deep_statement_is_rejected_alone() {
    for file in ["page.json", "lines.jsonl"] {
        let import = import_case("xapi-deep-statement-stops-document", file);
        assert_eq!(
            fates(&import),
            [Fate::Session, Fate::Rejected, Fate::Session],
            "{file}"
        );
        let codes: Vec<&str> = import.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["X031"], "{file}");
    }
    let page = import_case("xapi-deep-statement-stops-document", "page.json");
    assert_eq!(
        page.diagnostics[0].to_string(),
        format!(
            "{}:2:1: error[X031]: the statement is nested more than 64 levels deep; it is rejected and the next one is read",
            path("xapi-deep-statement-stops-document", "page.json")
        )
    );
}

/// reliability/xapi-statement-size-unbounded: a statement past the size
/// limit is rejected without being held, and reading goes on, in every input
/// shape.
#[test]
fn an_oversized_statement_is_rejected_alone() {
    let big = {
        let mut s = plain(1, "completed", Some("PT75M"), "11:15:00");
        s["object"]["definition"]["name"] = serde_json::json!({"en-US": "A".repeat(5_000)});
        s.to_string()
    };
    let small = plain(2, "completed", Some("PT30M"), "12:00:00").to_string();
    let options = ImportOptions {
        limits: ReadLimits {
            max_statement_bytes: 4_096,
            ..ReadLimits::default()
        },
        ..ImportOptions::default()
    };
    let inputs = [
        (format!("{big}\n{small}\n"), InputFormat::JsonLines),
        (format!("[{big},{small}]"), InputFormat::Json),
        (
            format!("{{\"statements\":[{big},\n{small}],\"more\":\"\"}}"),
            InputFormat::Json,
        ),
    ];
    for (text, format) in inputs {
        let mut importer = Importer::new(options.clone());
        importer.read(text.as_bytes(), "x", format).unwrap();
        let import = importer.finish(&mapping());
        assert_eq!(
            fates(&import),
            [Fate::Rejected, Fate::Session],
            "{format:?}"
        );
        assert_eq!(minutes(&import), [30]);
        assert_eq!(import.diagnostics[0].code, "X031");
        assert!(
            import.diagnostics[0]
                .message
                .contains("longer than 4096 bytes"),
            "{}",
            import.diagnostics[0]
        );
    }
    // A single statement too large is rejected too, and counted.
    let mut importer = Importer::new(options);
    importer
        .read(big.as_bytes(), "one.json", InputFormat::Json)
        .unwrap();
    let import = importer.finish(&mapping());
    assert_eq!(fates(&import), [Fate::Rejected]);
}

/// field/validate-xapi-export: an LRS page and the same statements as JSON
/// Lines validate with no identity mapping; the one real fault is reported,
/// located by record (or line), JSON pointer, line and column.
#[test]
fn an_export_validates_without_a_mapping() {
    let page = upskill_xapi::validate_path(
        Path::new(&path("validate-xapi-export", "lrs-export.json")),
        ReadLimits::default(),
    )
    .unwrap();
    assert_eq!((page.statements, page.statements_with_errors), (2, 1));
    let found: Vec<_> = page
        .diagnostics
        .iter()
        .map(|d| {
            let l = &d.location;
            (
                d.code.as_str(),
                l.record,
                l.pointer.as_deref(),
                l.line,
                l.column,
            )
        })
        .collect();
    assert_eq!(
        found,
        [("X020", Some(1), Some("/timestamp"), Some(20), Some(20))]
    );

    let lines = upskill_xapi::validate_path(
        Path::new(&path("validate-xapi-export", "statements.jsonl")),
        ReadLimits::default(),
    )
    .unwrap();
    assert_eq!(lines.statements, 2);
    let codes: Vec<_> = lines
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.location.line,
                d.location.pointer.as_deref(),
            )
        })
        .collect();
    assert_eq!(codes, [("X020", Some(2), Some("/timestamp"))]);
    assert!(upskill_xapi::looks_like_xapi(
        &std::fs::read(path("validate-xapi-export", "lrs-export.json")).unwrap()
    ));
}
