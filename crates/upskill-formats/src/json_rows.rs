//! JSON records one at a time: JSON Lines, elements of a JSON array read as
//! a stream, and whole JSON documents.
//!
//! Before serde_json sees a record, a cheap scan outside strings finds its
//! nesting depth (so the depth limit is ours, not serde_json's 128) and the
//! line and column of each top-level key (so problems point at fields).

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use serde_json::Value;

use crate::codes;
use crate::csv_rows::{io_error, too_long};
use crate::diagnostics::{Diagnostic, Location};
use crate::lines::{LineRead, LineReader};

/// What a scan of one JSON text found.
pub(crate) struct Scan {
    pub max_depth: usize,
    /// `(key, line offset from the text's first line, column)`; the column
    /// of keys on the first line is counted from `first_column`.
    pub keys: Vec<(Cow<'static, str>, u64, u64)>,
}

/// Scans `bytes` (one JSON text) for its depth and its top-level keys.
/// Keys in `known` are kept as those static names; others are copied.
pub(crate) fn scan(
    bytes: &[u8],
    first_line: u64,
    first_column: u64,
    known: &[&'static str],
) -> Scan {
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    let mut expect_key = false;
    // Byte ranges of top-level keys (inside the quotes).
    let mut key_ranges: Vec<(usize, usize)> = Vec::new();
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let is_key = depth == 1 && expect_key;
                expect_key = false;
                // Skip the string: to the next unescaped quote.
                let mut j = i + 1;
                loop {
                    let rest = bytes.get(j..).unwrap_or_default();
                    match rest.iter().position(|&c| c == b'"' || c == b'\\') {
                        None => {
                            j = bytes.len();
                            break;
                        }
                        Some(k) if rest.get(k) == Some(&b'\\') => j += k + 2,
                        Some(k) => {
                            j += k;
                            break;
                        }
                    }
                }
                if is_key {
                    key_ranges.push((i + 1, j.min(bytes.len())));
                }
                i = j + 1;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                max_depth = max_depth.max(depth);
                expect_key = b == b'{' && depth == 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                expect_key = false;
            }
            b',' => expect_key = depth == 1,
            b' ' | b'\t' | b'\r' | b'\n' | b':' => {}
            _ => expect_key = false,
        }
        i += 1;
    }
    // Lines and columns of the keys, counted in one pass.
    let mut keys = Vec::with_capacity(key_ranges.len());
    let (mut line, mut column, mut at) = (first_line, first_column, 0usize);
    for (start, end) in key_ranges {
        let quote = start - 1;
        for &b in bytes.get(at..quote).unwrap_or_default() {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        at = quote;
        let raw = bytes.get(start..end).unwrap_or_default();
        let name: Cow<'static, str> = match known.iter().find(|k| k.as_bytes() == raw) {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(String::from_utf8_lossy(raw).into_owned()),
        };
        keys.push((name, line, column));
    }
    Scan { max_depth, keys }
}

/// One JSON record, or a problem instead of it.
pub(crate) enum JsonItem {
    Record {
        value: Value,
        line: Option<u64>,
        column: Option<u64>,
        keys: Vec<(Cow<'static, str>, u64, u64)>,
        /// The record's JSON pointer (`""` for a line, `/3` for an element).
        pointer: String,
    },
    /// A record that could not be parsed.
    Rejected(Diagnostic),
    /// A problem with the file rather than one record (the stream stops).
    FileProblem(Diagnostic),
}

/// Parses one JSON text found at `line`/`column`, within the limits.
fn parse_record(
    file: &str,
    bytes: &[u8],
    line: u64,
    column: u64,
    max_depth: usize,
    known: &[&'static str],
    pointer: String,
) -> JsonItem {
    let at = |l: u64, c: u64| Location::file(file).at_line(l).at_column(c);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.valid_up_to();
            let before = bytes.get(..offset).unwrap_or_default();
            let newlines = before.iter().filter(|&&b| b == b'\n').count() as u64;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let base = if newlines == 0 { column } else { 1 };
            let col =
                base + crate::lines::column_of(
                    before.get(line_start..).unwrap_or_default(),
                    offset - line_start,
                ) - 1;
            return JsonItem::Rejected(Diagnostic::new(
                &codes::NOT_UTF8,
                at(line + newlines, col),
                "the text is not valid UTF-8",
            ));
        }
    };
    let scan = scan(bytes, line, column, known);
    if scan.max_depth > max_depth {
        return JsonItem::Rejected(Diagnostic::new(
            &codes::TOO_DEEP,
            at(line, column),
            format!(
                "the record is nested {} levels deep, more than the limit of {max_depth}",
                scan.max_depth
            ),
        ));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => JsonItem::Record {
            value,
            line: Some(line),
            column: Some(column),
            keys: scan.keys,
            pointer,
        },
        Err(error) => {
            let error_line = error.line() as u64;
            let error_column = error.column() as u64;
            let (l, c) = if error_line <= 1 {
                (line, column + error_column.saturating_sub(1))
            } else {
                (line + error_line - 1, error_column)
            };
            JsonItem::Rejected(Diagnostic::new(
                &codes::MALFORMED_JSON,
                at(l, c.max(1)),
                json_message(&error),
            ))
        }
    }
}

/// serde_json's message without its position (which the location carries).
pub(crate) fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(cut) => text.get(..cut).unwrap_or(&text).to_string(),
        None => text,
    };
    format!("malformed JSON: {text}")
}

/// JSON Lines: one object per line; blank lines are skipped.
pub(crate) struct JsonLines<R> {
    lines: LineReader<R>,
    max_line: usize,
    max_depth: usize,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(inner: R, max_line: usize, max_depth: usize) -> JsonLines<R> {
        JsonLines {
            lines: LineReader::new(inner, max_line),
            max_line,
            max_depth,
        }
    }

    /// Reads the next line that is not blank into the line buffer
    /// ([`JsonLines::line`]): its number, or the problem instead of it (a
    /// line over the limit, a failed input); `None` at the end.
    pub fn next_line(&mut self, file: &str) -> Option<Result<u64, JsonItem>> {
        loop {
            match self.lines.read_line() {
                LineRead::Eof => return None,
                LineRead::Io { number, error } => {
                    return Some(Err(JsonItem::FileProblem(io_error(file, number, &error))));
                }
                LineRead::TooLong { number, length } => {
                    return Some(Err(JsonItem::Rejected(too_long(
                        file,
                        number,
                        length,
                        self.max_line,
                    ))));
                }
                LineRead::Line(number) => {
                    if self.lines.line().iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(number));
                }
            }
        }
    }

    /// The line last read by [`JsonLines::next_line`] (without its end).
    pub fn line(&self) -> &[u8] {
        self.lines.line()
    }

    /// The depth limit.
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Parses the line last read by [`JsonLines::next_line`] (line `number`).
    pub fn parse_line(&self, file: &str, number: u64, known: &[&'static str]) -> JsonItem {
        parse_record(
            file,
            self.lines.line(),
            number,
            1,
            self.max_depth,
            known,
            String::new(),
        )
    }
}

/// The elements of one JSON array, read as a stream: each element is cut out
/// by a scan that tracks strings and brackets, then parsed on its own, so a
/// bad element is reported and the next one is read.
pub(crate) struct JsonArray<R> {
    inner: R,
    max_element: usize,
    max_depth: usize,
    line: u64,
    column: u64,
    state: ArrayState,
    index: u64,
    element: Vec<u8>,
    failed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayState {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]`.
    First,
    /// After an element: `,` or `]`.
    Separator,
    /// After `,`: an element.
    Element,
    Done,
}

impl<R: BufRead> JsonArray<R> {
    pub fn new(inner: R, max_element: usize, max_depth: usize) -> JsonArray<R> {
        JsonArray {
            inner,
            max_element,
            max_depth,
            line: 1,
            column: 1,
            state: ArrayState::Start,
            index: 0,
            element: Vec::new(),
            failed: false,
        }
    }

    /// The next byte without consuming it.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.inner.fill_buf() {
                Ok(bytes) => return Ok(bytes.first().copied()),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    fn bump(&mut self, byte: u8) {
        self.inner.consume(1);
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            self.column += 1;
        }
    }

    fn here(&self, file: &str) -> Location {
        Location::file(file)
            .at_line(self.line)
            .at_column(self.column)
    }

    fn skip_whitespace(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b) if b.is_ascii_whitespace() => self.bump(b),
                // A byte-order mark before the array.
                Some(0xEF)
                    if self.state == ArrayState::Start && self.line == 1 && self.column == 1 =>
                {
                    let mut bom = [0u8; 3];
                    self.inner.read_exact(&mut bom)?;
                    if bom != *b"\xEF\xBB\xBF" {
                        return Ok(Some(0xEF));
                    }
                }
                other => return Ok(other),
            }
        }
    }

    pub fn next_item(&mut self, file: &str, known: &[&'static str]) -> Option<JsonItem> {
        if self.failed || self.state == ArrayState::Done {
            return None;
        }
        match self.step(file, known) {
            Ok(item) => item,
            Err(error) => {
                self.failed = true;
                Some(JsonItem::FileProblem(io_error(file, self.line, &error)))
            }
        }
    }

    fn fail(&mut self, diagnostic: Diagnostic) -> Option<JsonItem> {
        self.failed = true;
        Some(JsonItem::FileProblem(diagnostic))
    }

    fn step(&mut self, file: &str, known: &[&'static str]) -> io::Result<Option<JsonItem>> {
        loop {
            let next = self.skip_whitespace()?;
            match (self.state, next) {
                (ArrayState::Start, Some(b'[')) => {
                    self.bump(b'[');
                    self.state = ArrayState::First;
                }
                (ArrayState::Start, Some(_)) => {
                    return Ok(self.fail(Diagnostic::new(
                        &codes::WRONG_SHAPE,
                        self.here(file),
                        "expected a JSON array of records, starting with `[`",
                    )));
                }
                (ArrayState::Start, None) => {
                    self.state = ArrayState::Done;
                    return Ok(None);
                }
                (ArrayState::First | ArrayState::Separator, Some(b']')) => {
                    self.bump(b']');
                    self.state = ArrayState::Done;
                    return Ok(match self.skip_whitespace()? {
                        None => None,
                        Some(_) => self.fail(Diagnostic::new(
                            &codes::MALFORMED_JSON,
                            self.here(file),
                            "malformed JSON: trailing characters after the array",
                        )),
                    });
                }
                (ArrayState::Separator, Some(b',')) => {
                    self.bump(b',');
                    self.state = ArrayState::Element;
                }
                (ArrayState::Separator, Some(_)) => {
                    return Ok(self.fail(Diagnostic::new(
                        &codes::MALFORMED_JSON,
                        self.here(file),
                        "malformed JSON: expected `,` or `]` after an array element; the rest of the file is not read",
                    )));
                }
                (ArrayState::Element, Some(b']')) => {
                    return Ok(self.fail(Diagnostic::new(
                        &codes::MALFORMED_JSON,
                        self.here(file),
                        "malformed JSON: trailing comma before `]`",
                    )));
                }
                (_, None) => {
                    return Ok(self.fail(Diagnostic::new(
                        &codes::MALFORMED_JSON,
                        self.here(file),
                        "malformed JSON: the input ends before the array is closed with `]`",
                    )));
                }
                (ArrayState::First | ArrayState::Element, Some(_)) => {
                    return self.element(file, known).map(Some);
                }
                (ArrayState::Done, _) => return Ok(None),
            }
        }
    }

    /// Cuts out one element: up to a `,` or `]` outside strings and brackets.
    fn element(&mut self, file: &str, known: &[&'static str]) -> io::Result<JsonItem> {
        let (line, column) = (self.line, self.column);
        self.element.clear();
        let mut length: u64 = 0;
        let mut depth = 0usize;
        let mut max_depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut too_long = false;
        while let Some(b) = self.peek()? {
            if !in_string && depth == 0 && (b == b',' || b == b']') {
                break;
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => {
                        depth += 1;
                        max_depth = max_depth.max(depth);
                    }
                    b'}' | b']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            length += 1;
            if !too_long {
                if self.element.len() >= self.max_element {
                    too_long = true;
                    self.element.clear();
                } else {
                    self.element.push(b);
                }
            }
            self.bump(b);
        }
        let index = self.index;
        self.index += 1;
        self.state = ArrayState::Separator;
        let at = Location::file(file)
            .at_line(line)
            .at_column(column)
            .at_record(index)
            .at_pointer(format!("/{index}"));
        if too_long {
            return Ok(JsonItem::Rejected(Diagnostic::new(
                &codes::LINE_TOO_LONG,
                at,
                format!(
                    "the element is {length} bytes long, more than the limit of {}; it is skipped",
                    self.max_element
                ),
            )));
        }
        if max_depth > self.max_depth {
            return Ok(JsonItem::Rejected(Diagnostic::new(
                &codes::TOO_DEEP,
                at,
                format!(
                    "the element is nested {max_depth} levels deep, more than the limit of {}",
                    self.max_depth
                ),
            )));
        }
        let element = std::mem::take(&mut self.element);
        let item = parse_record(
            file,
            &element,
            line,
            column,
            self.max_depth,
            known,
            format!("/{index}"),
        );
        self.element = element;
        Ok(match item {
            JsonItem::Rejected(mut diagnostic) => {
                diagnostic.location.record = Some(index);
                diagnostic.location.pointer = Some(format!("/{index}"));
                JsonItem::Rejected(diagnostic)
            }
            other => other,
        })
    }
}

/// Reads a whole JSON document (at most `max_bytes`) and parses it.
#[expect(
    clippy::result_large_err,
    reason = "the shared diagnostic type is the error; its size is not ours to change"
)]
pub(crate) fn read_document<R: BufRead>(
    file: &str,
    mut inner: R,
    max_bytes: u64,
    max_depth: usize,
) -> Result<Value, Diagnostic> {
    let mut bytes = Vec::new();
    if let Err(error) = inner
        .by_ref()
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Err(Diagnostic::new(
            &codes::IO_ERROR,
            Location::file(file),
            format!("the input could not be read: {error}"),
        ));
    }
    if bytes.len() as u64 > max_bytes {
        return Err(Diagnostic::new(
            &codes::DOCUMENT_TOO_LARGE,
            Location::file(file),
            format!("the document is larger than the limit of {max_bytes} bytes"),
        ));
    }
    // A UTF-16 document (told by its BOM) is transcoded, as every other
    // reader does; a UTF-8 BOM is skipped.
    let bytes = crate::detect::utf8_head(&bytes);
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&bytes);
    match parse_record(file, body, 1, 1, max_depth, &[], String::new()) {
        JsonItem::Record { value, .. } => Ok(value),
        JsonItem::Rejected(diagnostic) | JsonItem::FileProblem(diagnostic) => Err(diagnostic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_depth_and_key_columns() {
        let scan = scan(
            r#"{"a": {"b": [1]}, "é": "x\"", "c":2}"#.as_bytes(),
            7,
            1,
            &["a", "c"],
        );
        assert_eq!(scan.max_depth, 3);
        let keys: Vec<(String, u64, u64)> = scan
            .keys
            .into_iter()
            .map(|(k, l, c)| (k.into_owned(), l, c))
            .collect();
        assert_eq!(
            keys,
            [("a".into(), 7, 2), ("é".into(), 7, 19), ("c".into(), 7, 31)]
        );
    }

    fn array(input: &str) -> Vec<String> {
        let mut reader = JsonArray::new(input.as_bytes(), 100, 4);
        let mut out = Vec::new();
        while let Some(item) = reader.next_item("a.json", &[]) {
            out.push(match item {
                JsonItem::Record {
                    value,
                    line,
                    column,
                    pointer,
                    ..
                } => {
                    format!(
                        "{value}@{}:{}{pointer}",
                        line.unwrap_or(0),
                        column.unwrap_or(0)
                    )
                }
                JsonItem::Rejected(d) | JsonItem::FileProblem(d) => d.to_string(),
            });
        }
        out
    }

    #[test]
    fn arrays_stream_element_by_element() {
        assert_eq!(
            array("\u{feff}[\n {\"a\": \"],\"},\n 2 ,{\"b\":[]}]\n"),
            ["{\"a\":\"],\"}@2:2/0", "2@3:2/1", "{\"b\":[]}@3:5/2"]
        );
        assert_eq!(array("[]"), Vec::<String>::new());
        assert_eq!(
            array("[{\"a\":1}, {\"a\":}, 3"),
            [
                "{\"a\":1}@1:2/0",
                "a.json:1:16#/1: error[F005]: malformed JSON: expected value",
                "3@1:19/2",
                "a.json:1:20: error[F005]: malformed JSON: the input ends before the array is closed with `]`"
            ]
        );
        assert_eq!(
            array("[[[[[[1]]]]]]"),
            [
                "a.json:1:2#/0: error[F004]: the element is nested 5 levels deep, more than the limit of 4"
            ]
        );
        assert_eq!(
            array("{}"),
            ["a.json:1:1: error[F012]: expected a JSON array of records, starting with `[`"]
        );
    }
}
