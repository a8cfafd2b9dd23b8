//! Input shapes: one statement, an array, an LRS page, JSON Lines; broken
//! documents and lines, each reported where it is.
#![cfg(test)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use common::*;
use upskill_xapi::{Fate, IdentityMap, ImportError, ImportOptions, Importer, InputFormat};

fn read(text: &str, format: InputFormat) -> upskill_xapi::Import {
    let mut importer = Importer::new(ImportOptions::default());
    importer.read(text.as_bytes(), "in", format).unwrap();
    importer.finish(&mapping())
}

fn located(import: &upskill_xapi::Import) -> Vec<String> {
    import.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn a_single_statement_document() {
    let import = read(
        &plain(1, "completed", Some("PT5M"), "10:00:00").to_string(),
        InputFormat::Json,
    );
    assert_eq!(minutes(&import), [5]);
    assert_eq!(import.statements[0].location.record, None);
}

#[test]
fn an_lrs_page_with_more() {
    let page = format!(
        r#"{{"more": "/xapi/statements?cursor=2", "statements": [{}]}}"#,
        plain(1, "completed", Some("PT5M"), "10:00:00")
    );
    let import = read(&page, InputFormat::Json);
    assert_eq!(minutes(&import), [5]);
    assert!(import.diagnostics.is_empty());
}

#[test]
fn an_lrs_page_with_problems() {
    let page = r#"{"statements": {"id": 1}, "more": 7, "next": ""}"#;
    let import = read(page, InputFormat::Json);
    insta::assert_snapshot!(located(&import).join("\n"), @r"
    in#/more: error[X002]: `more` must be a string, found a number
    in#/next: error[X002]: unknown property `next` in an LRS result page; expected `statements` and `more`
    in#/statements: error[X002]: `statements` must be an array of statements
    ");
    assert!(import.statements.is_empty());
}

#[test]
fn a_document_of_the_wrong_kind() {
    let import = read("42", InputFormat::Json);
    assert_eq!(
        located(&import),
        [
            "in: error[X002]: the document is a number; expected a statement, an array of statements or an LRS result page"
        ]
    );
}

#[test]
fn broken_json_is_located_and_earlier_statements_are_kept() {
    let text = format!(
        "[\n{},\n{{\"actor\": }}\n]",
        plain(1, "completed", Some("PT5M"), "10:00:00")
    );
    let import = read(&text, InputFormat::Json);
    assert_eq!(located(&import), ["in:3:11: error[X001]: expected value"]);
    assert_eq!(minutes(&import), [5]);
}

#[test]
fn json_lines_report_each_bad_line_and_go_on() {
    let good = plain(1, "completed", Some("PT5M"), "10:00:00").to_string();
    let other = plain(2, "completed", Some("PT7M"), "11:00:00").to_string();
    let mut bytes = format!("{good}\n{{\"actor\": oops}}\n\n[1,2]\n").into_bytes();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    bytes.extend_from_slice(format!("{other}\r\n").as_bytes());
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(bytes.as_slice(), "in.jsonl", InputFormat::JsonLines)
        .unwrap();
    let import = importer.finish(&mapping());
    insta::assert_snapshot!(located(&import).join("\n"), @r"
    in.jsonl:2:11: error[X001]: expected value
    in.jsonl:4: error[X002]: a statement must be a JSON object, found an array
    in.jsonl:5: error[X001]: the line is not valid UTF-8
    ");
    assert_eq!(minutes(&import), [5, 7]);
    assert_eq!(
        fates(&import),
        [
            Fate::Session,
            Fate::Rejected,
            Fate::Rejected,
            Fate::Rejected,
            Fate::Session
        ]
    );
}

/// A reader that makes statements as it is read, never holding the whole
/// input: JSON Lines must be consumed line by line.
struct Generated {
    next: u32,
    count: u32,
    buffer: Vec<u8>,
    position: usize,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.position == self.buffer.len() {
            if self.next == self.count {
                return Ok(0);
            }
            self.next += 1;
            let time = format!("{:02}:{:02}:00", self.next / 60 % 24, self.next % 60);
            self.buffer =
                format!("{}\n", plain(self.next, "completed", Some("PT1M"), &time)).into_bytes();
            self.position = 0;
        }
        let n = out.len().min(self.buffer.len() - self.position);
        out[..n].copy_from_slice(&self.buffer[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[test]
fn json_lines_stream() {
    let reader = BufReader::with_capacity(
        256,
        Generated {
            next: 0,
            count: 2_000,
            buffer: Vec::new(),
            position: 0,
        },
    );
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(reader, "stream.jsonl", InputFormat::JsonLines)
        .unwrap();
    assert_eq!(importer.statement_count(), 2_000);
    let import = importer.finish(&mapping());
    assert_eq!(import.sessions.len(), 2_000);
}

struct Failing;

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("disk on fire"))
    }
}

impl BufRead for Failing {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Err(std::io::Error::other("disk on fire"))
    }

    fn consume(&mut self, _: usize) {}
}

#[test]
fn io_errors_are_errors() {
    let mut importer = Importer::new(ImportOptions::default());
    let error = importer
        .read(Failing, "in.jsonl", InputFormat::JsonLines)
        .unwrap_err();
    assert_eq!(error.to_string(), "cannot read `in.jsonl`: disk on fire");
    let error = importer
        .read(Failing, "in.json", InputFormat::Json)
        .unwrap_err();
    assert!(matches!(error, ImportError::Io { .. }));
    let missing = upskill_xapi::import_paths(
        &[Path::new("/nonexistent/x.jsonl")],
        &IdentityMap::new(),
        ImportOptions::default(),
    );
    assert!(matches!(missing, Err(ImportError::Io { .. })));
}

#[test]
fn format_follows_the_extension() {
    assert_eq!(
        InputFormat::from_path(Path::new("a/export.JSONL")),
        InputFormat::JsonLines
    );
    assert_eq!(
        InputFormat::from_path(Path::new("export.ndjson")),
        InputFormat::JsonLines
    );
    assert_eq!(
        InputFormat::from_path(Path::new("export.json")),
        InputFormat::Json
    );
    assert_eq!(
        InputFormat::from_path(Path::new("export")),
        InputFormat::Json
    );
}

#[test]
fn files_are_read_by_path() {
    let dir = std::env::temp_dir().join(format!("upskill-xapi-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lines = dir.join("export.jsonl");
    std::fs::write(
        &lines,
        format!("{}\n", plain(1, "completed", Some("PT5M"), "10:00:00")),
    )
    .unwrap();
    let array = dir.join("export.json");
    std::fs::write(
        &array,
        format!("[{}]", plain(2, "completed", Some("PT6M"), "11:00:00")),
    )
    .unwrap();
    let import = upskill_xapi::import_paths(
        &[lines.as_path(), array.as_path()],
        &mapping(),
        ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(minutes(&import), [5, 6]);
    assert_eq!(import.statements[0].location.line, Some(1));
    assert_eq!(import.statements[1].location.record, Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}
