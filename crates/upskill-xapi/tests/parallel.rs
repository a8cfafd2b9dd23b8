//! JSON Lines are examined in batches on every core, then added in reading
//! order: the import must be exactly the one a single thread gives. The
//! same statements read as a JSON array (one statement at a time, on this
//! thread) are the reference.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use upskill_xapi::{Fate, IdentityMap, ImportOptions, Importer, InputFormat};

fn statement(n: usize) -> String {
    let id = format!("{:08x}-0000-4000-8000-{:012}", n % 900, n);
    match n % 11 {
        // Not valid xAPI: rejected with its problems.
        3 => format!(
            r#"{{"id":"{id}","actor":{{"mbox":"ann@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/completed"}},"object":{{"id":"https://x/{n}"}}}}"#
        ),
        // A duplicate of the statement before it.
        5 => statement(n - 1),
        // Voids the statement 7 before it.
        7 => format!(
            r#"{{"actor":{{"mbox":"mailto:admin@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/voided"}},"object":{{"objectType":"StatementRef","id":"{:08x}-0000-4000-8000-{:012}"}}}}"#,
            (n - 7) % 900,
            n - 7
        ),
        _ => format!(
            r#"{{"id":"{id}","actor":{{"mbox":"mailto:learner{}@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/completed"}},"object":{{"id":"https://x/{n}"}},"result":{{"duration":"PT{}M"}},"timestamp":"2026-03-0{}T10:{:02}:00Z"}}"#,
            n % 13,
            5 + n % 30,
            1 + n % 9,
            n % 60
        ),
    }
}

#[test]
fn json_lines_on_every_core_import_as_one_thread_does() {
    let statements: Vec<String> = (0..9000).map(statement).collect();
    let mut lines = statements.join("\n");
    // Lines rejected while reading stay in order too.
    lines.push_str("\n{not json\n\n");
    lines.push_str(&statement(9002));
    let array = format!("[{},{}]", statements.join(","), statement(9002));

    let mut mapping = String::from("learner_id,mbox\n");
    for l in 0..13 {
        mapping.push_str(&format!("l{l},mailto:learner{l}@example.com\n"));
    }
    let people = IdentityMap::read_csv(mapping.as_bytes(), "people.csv").map;

    let mut parallel = Importer::new(ImportOptions::default());
    parallel
        .read(lines.as_bytes(), "x.jsonl", InputFormat::JsonLines)
        .unwrap();
    let parallel = parallel.finish(&people);
    let mut single = Importer::new(ImportOptions::default());
    single
        .read(array.as_bytes(), "x.json", InputFormat::Json)
        .unwrap();
    let single = single.finish(&people);

    let fates = |i: &upskill_xapi::Import| -> Vec<(Option<String>, Fate)> {
        i.statements
            .iter()
            .map(|s| (s.statement_id.clone(), s.fate))
            .collect()
    };
    let (mut p, s) = (fates(&parallel), fates(&single));
    assert_eq!(p.len(), 9002);
    assert_eq!(p.remove(9000), (None, Fate::Rejected));
    assert_eq!(p, s);
    // Line numbers in order: the parallel batches did not reorder records.
    let lines: Vec<u64> = parallel
        .statements
        .iter()
        .map(|s| s.location.line.unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]));
    let sessions = |i: &upskill_xapi::Import| -> Vec<String> {
        i.sessions
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {}",
                    s.session.record_id().as_str(),
                    s.session.learner_id().as_str(),
                    s.session.start().to_rfc3339(),
                    s.session.duration().whole_minutes()
                )
            })
            .collect()
    };
    assert!(!parallel.sessions.is_empty());
    assert_eq!(sessions(&parallel), sessions(&single));
    // The same problems, by code (the one line that is not JSON aside).
    let codes = |i: &upskill_xapi::Import| -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for d in &i.diagnostics {
            *counts.entry(d.code.clone()).or_insert(0) += 1;
        }
        counts
    };
    let mut pc = codes(&parallel);
    assert_eq!(pc.remove("X001"), Some(1));
    assert_eq!(pc, codes(&single));
    assert_eq!(parallel.summary().voided, single.summary().voided);
    assert!(single.summary().voided > 0 && single.summary().duplicate > 0);
}

/// The conformance cases' statements (valid and not, with ids repeated
/// across the three copies, so duplicates and conflicts), lines that are
/// not JSON or not UTF-8, blank lines and a too-deep line, as JSON Lines.
fn conformance_lines() -> Vec<Vec<u8>> {
    let cases = include_str!("data/conformance/cases.jsonl");
    let statements: Vec<String> = cases
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|case| case.get("statement").map(ToString::to_string))
        .collect();
    assert!(statements.len() > 2800);
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for copy in 0..3 {
        for (n, statement) in statements.iter().enumerate() {
            lines.push(statement.clone().into_bytes());
            match (n + copy) % 97 {
                0 => lines.push(b"{not json".to_vec()),
                1 => lines.push(b"   ".to_vec()),
                2 => lines.push(b"{\"id\":\"\xff\"}".to_vec()),
                3 => lines.push(format!("{}{}", "[".repeat(70), "]".repeat(70)).into_bytes()),
                4 => {
                    // One id, two contents: a conflict.
                    for minutes in [5, 6] {
                        lines.push(
                            format!(
                                r#"{{"id":"0e1f3c52-4d7e-4a59-8f6b-{n:012}","actor":{{"mbox":"mailto:learner1@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/completed"}},"object":{{"id":"https://x/c"}},"result":{{"duration":"PT{minutes}M"}},"timestamp":"2026-03-02T10:00:00Z"}}"#
                            )
                            .into_bytes(),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    lines
}

fn import(lines: &[Vec<u8>], threads: usize) -> upskill_xapi::Import {
    let mut bytes = Vec::new();
    for line in lines {
        bytes.extend_from_slice(line);
        bytes.push(b'\n');
    }
    let mut mapping = String::from("learner_id,mbox\n");
    for l in 0..13 {
        mapping.push_str(&format!("l{l},mailto:learner{l}@example.com\n"));
    }
    let people = IdentityMap::read_csv(mapping.as_bytes(), "people.csv").map;
    let mut importer = Importer::new(ImportOptions {
        threads,
        ..ImportOptions::default()
    });
    importer
        .read(bytes.as_slice(), "cases.jsonl", InputFormat::JsonLines)
        .unwrap();
    importer.finish(&people)
}

#[test]
fn the_conformance_cases_import_alike_on_one_two_and_three_threads() {
    let lines = conformance_lines();
    let one = import(&lines, 1);
    assert!(one.statements.len() > 8000);
    assert!(one.summary().rejected > 1000 && one.summary().duplicate > 1000);
    assert!(one.summary().conflict > 0);
    assert_eq!(import(&lines, 2), one);
    assert_eq!(import(&lines, 3), one);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4))]

    /// Any mix of those lines, in any order and number (up to three
    /// batches), imports on two threads exactly as on one.
    #[test]
    fn any_mix_of_lines_imports_alike_on_one_and_two_threads(
        picks in proptest::collection::vec(0usize..10_000, 0..9_000),
    ) {
        let pool = conformance_lines();
        let lines: Vec<Vec<u8>> = picks
            .iter()
            .filter_map(|i| pool.get(i % pool.len()).cloned())
            .collect();
        let one = import(&lines, 1);
        proptest::prop_assert_eq!(import(&lines, 2), one);
    }
}

/// [`conformance_lines`] with a byte order mark, CRLF line ends, and every
/// statement with an id that is JSON again written twice more: once as it
/// is (a byte-identical copy) and once with its keys in another order and
/// spaces (the same statement in other bytes, which only the canonical form
/// tells).
fn lines_with_copies() -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    for line in conformance_lines() {
        let again = serde_json::from_slice::<serde_json::Value>(&line)
            .ok()
            .filter(|v| v.get("id").is_some_and(serde_json::Value::is_string))
            .map(|v| {
                // serde_json's map sorts keys: another order than the line's.
                serde_json::to_string(&v).unwrap().replacen(':', " : ", 1)
            });
        bytes.extend_from_slice(&line);
        bytes.extend_from_slice(b"\r\n");
        if let Some(again) = again {
            bytes.extend_from_slice(&line);
            bytes.push(b'\n');
            bytes.extend_from_slice(again.as_bytes());
            bytes.push(b'\n');
        }
    }
    bytes
}

fn people() -> IdentityMap {
    let mut mapping = String::from("learner_id,mbox\n");
    for l in 0..13 {
        mapping.push_str(&format!("l{l},mailto:learner{l}@example.com\n"));
    }
    IdentityMap::read_csv(mapping.as_bytes(), "people.csv").map
}

/// A file in the temporary folder, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("upskill-xapi-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_file_read_again_imports_as_a_stream_does() {
    // From a file, a statement's comparison hash is made only when its id
    // repeats in other bytes, from the copies read again: the import must be
    // the one that hashes every statement while reading.
    let bytes = lines_with_copies();
    let file = TempFile::new("copies.jsonl", &bytes);
    let people = people();
    let stream = |threads| {
        let mut importer = Importer::new(ImportOptions {
            threads,
            ..ImportOptions::default()
        });
        importer
            .read(bytes.as_slice(), "copies.jsonl", InputFormat::JsonLines)
            .unwrap();
        importer.finish(&people)
    };
    let from_file = |threads| {
        let mut importer = Importer::new(ImportOptions {
            threads,
            ..ImportOptions::default()
        });
        importer
            .read_file(
                bytes.as_slice(),
                "copies.jsonl",
                InputFormat::JsonLines,
                &file.0,
            )
            .unwrap();
        importer.finish(&people)
    };
    let reference = stream(1);
    let s = reference.summary();
    assert!(s.duplicate > 2800, "{s:?}");
    assert!(s.conflict > 0 && s.rejected > 1000, "{s:?}");
    assert_eq!(from_file(1), reference);
    assert_eq!(from_file(2), reference);
    assert_eq!(stream(2), reference);
}

#[test]
fn copies_that_cannot_be_read_again_conflict_rather_than_count_twice() {
    // The file holds other bytes than were read (it changed in between): the
    // copy in other bytes cannot be compared, so the id conflicts; the
    // byte-identical copy is still a duplicate.
    let statement = r#"{"id":"6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01","actor":{"mbox":"mailto:learner1@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://x/c"},"result":{"duration":"PT5M"},"timestamp":"2026-03-02T10:00:00Z"}"#;
    let reordered = r#"{"timestamp":"2026-03-02T10:00:00Z","id":"6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01","actor":{"mbox":"mailto:learner1@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://x/c"},"result":{"duration":"PT5M"}}"#;
    let read = format!("{statement}\n{statement}\n");
    let both = format!("{statement}\n{reordered}\n");
    let people = people();
    let import = |lines: &str, on_disk: &str| {
        let file = TempFile::new("changed.jsonl", on_disk.as_bytes());
        let mut importer = Importer::new(ImportOptions::default());
        importer
            .read_file(lines.as_bytes(), "x.jsonl", InputFormat::JsonLines, &file.0)
            .unwrap();
        let fates: Vec<Fate> = importer
            .finish(&people)
            .statements
            .iter()
            .map(|s| s.fate)
            .collect();
        fates
    };
    assert_eq!(import(&read, "changed"), [Fate::Session, Fate::Duplicate]);
    assert_eq!(import(&both, &both), [Fate::Session, Fate::Duplicate]);
    assert_eq!(import(&both, "changed"), [Fate::Conflict, Fate::Conflict]);
}

#[path = "../benches/support/export.rs"]
mod export;

#[test]
fn an_lrs_export_finishes_alike_on_one_and_two_threads() {
    // cmi5 sessions, SCORM Profile sittings, plain statements, duplicates and
    // voiding (the benchmark's export): `finish` splits its work over two
    // threads and must decide exactly what one thread decides.
    let lines = export::export(6_000);
    let people = export::mapping();
    let file = TempFile::new("export.jsonl", lines.as_bytes());
    let import = |threads| {
        let mut importer = Importer::new(ImportOptions {
            threads,
            ..ImportOptions::default()
        });
        importer
            .read_file(
                lines.as_bytes(),
                "export.jsonl",
                InputFormat::JsonLines,
                &file.0,
            )
            .unwrap();
        importer.finish(&people)
    };
    let one = import(1);
    let s = one.summary();
    assert!(
        s.in_cmi5_session > 1000 && s.sessions > 1000 && s.duplicate > 100,
        "{s:?}"
    );
    assert!(s.voided > 0 && s.voiding > 0, "{s:?}");
    assert_eq!(import(2), one);
    assert_eq!(import(3), one);
}
