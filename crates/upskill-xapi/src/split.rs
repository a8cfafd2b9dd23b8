//! Splitting an input into statements before any statement is parsed, so
//! that each statement is held alone and judged against the reading limits
//! on its own: one statement too large or too deep is rejected and the next
//! one is read (a page is never lost for one statement).
//!
//! A JSON document (one statement, an array, an LRS page) is scanned as a
//! stream of bytes: strings are skipped, brackets counted, and each element
//! of the array or of the page's `statements` is cut out and handed over with
//! the line and column it starts at. JSON Lines are read line by line with a
//! bounded line length. A UTF-8 byte order mark at the very start is skipped
//! in both (RFC 8259 8.1), as the session readers do.

use std::io::{self, BufRead};

/// How much one statement may hold. The defaults match the session readers
/// (`upskill_formats::Limits`): 1 MiB per statement and 64 levels of nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest statement, in bytes: a JSON Lines line (without its line
    /// terminator), an element of an array or LRS page, or a single-statement
    /// document.
    pub max_statement_bytes: usize,
    /// Deepest nesting of arrays and objects in one statement, counting the
    /// statement object itself as 1.
    pub max_depth: usize,
}

/// Default [`ReadLimits::max_statement_bytes`]: 1 MiB.
pub const DEFAULT_MAX_STATEMENT_BYTES: usize = 1 << 20;
/// Default [`ReadLimits::max_depth`]: 64 (serde_json's own limit, 128, is
/// never reached).
pub const DEFAULT_MAX_DEPTH: usize = 64;

impl Default for ReadLimits {
    fn default() -> ReadLimits {
        ReadLimits {
            max_statement_bytes: DEFAULT_MAX_STATEMENT_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// Why a statement was not held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Over {
    /// More bytes than the limit.
    Size,
    /// Deeper than the limit.
    Depth,
}

/// One statement cut out of the input.
pub(crate) struct Piece {
    /// Its bytes, unless it was over a limit.
    pub(crate) bytes: Result<Vec<u8>, Over>,
    /// Line and column (from 1, in characters) of its first byte.
    pub(crate) line: u64,
    pub(crate) column: u64,
}

/// What a JSON document turned out to be.
pub(crate) enum Document {
    /// An array: its elements went to the sink.
    Array,
    /// An LRS page: its `statements` elements went to the sink (when it was
    /// an array); the other properties, as text.
    Page {
        statements_is_array: bool,
        others: Vec<(String, Result<Vec<u8>, Over>)>,
    },
    /// One object without `statements`: a single statement.
    Single(Piece),
    /// Any other JSON value, by its type name.
    Other(&'static str),
    /// Nothing but white space.
    Empty,
}

/// A structural JSON error at the document level (between statements).
pub(crate) struct Syntax {
    pub(crate) line: u64,
    pub(crate) column: u64,
    pub(crate) message: String,
}

pub(crate) enum Failure {
    Io(io::Error),
    Syntax(Syntax),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure::Io(error)
    }
}

/// Moves a line and column (in characters) past `bytes`.
fn advance(line: &mut u64, column: &mut u64, bytes: &[u8]) {
    let chars = |b: &[u8]| b.iter().filter(|&&x| x & 0xC0 != 0x80).count() as u64;
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            *line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            *column = 1 + chars(bytes.get(last + 1..).unwrap_or_default());
        }
        None => *column += chars(bytes),
    }
}

/// Appends `bytes` to `out` unless the value is already over a limit or
/// would pass `max`; then `out` is emptied and the value marked too large.
fn keep(out: &mut Vec<u8>, over: &mut Option<Over>, max: usize, bytes: &[u8]) {
    if over.is_some() {
        if !out.is_empty() {
            out.clear();
            out.shrink_to_fit();
        }
        return;
    }
    if out.len() + bytes.len() > max {
        *over = Some(Over::Size);
        out.clear();
        out.shrink_to_fit();
    } else {
        out.extend_from_slice(bytes);
    }
}

/// A byte stream with line and column tracking.
struct Source<R> {
    inner: R,
    line: u64,
    column: u64,
}

impl<R: BufRead> Source<R> {
    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.inner.fill_buf()?.first().copied())
    }

    fn bump(&mut self, byte: u8) {
        self.inner.consume(1);
        advance(&mut self.line, &mut self.column, &[byte]);
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, Failure> {
        Err(Failure::Syntax(Syntax {
            line: self.line,
            column: self.column,
            message: message.into(),
        }))
    }

    fn skip_ws(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b @ (b' ' | b'\t' | b'\r' | b'\n')) => self.bump(b),
                other => return Ok(other),
            }
        }
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        if self.inner.fill_buf()?.starts_with(crate::UTF8_BOM) {
            self.inner.consume(3);
        }
        Ok(())
    }

    /// Consumes one JSON value, copying its bytes into `out` while it stays
    /// within `max_bytes` and `max_depth`. Syntax inside the value is left to
    /// the parser; only strings and brackets are followed.
    fn value(
        &mut self,
        out: &mut Vec<u8>,
        max_bytes: usize,
        max_depth: usize,
    ) -> Result<Option<Over>, Failure> {
        let mut depth = 0usize;
        let mut over = None;
        let mut in_string = false;
        let mut started = false;
        loop {
            let buffer = self.inner.fill_buf()?;
            if buffer.is_empty() {
                if started && depth == 0 && !in_string {
                    // A number or literal that ends the input.
                    return Ok(over);
                }
                return self.error("the input ends inside a value");
            }
            // How many bytes to take, and whether the value ends after them.
            let (take, ends) = if in_string {
                match buffer.iter().position(|&b| b == b'"' || b == b'\\') {
                    None => (buffer.len(), false),
                    Some(at) if buffer.get(at) == Some(&b'\\') => {
                        if buffer.len() < at + 2 {
                            // The escaped byte is in the next chunk.
                            (at, false)
                        } else {
                            (at + 2, false)
                        }
                    }
                    Some(at) => {
                        in_string = false;
                        (at + 1, depth == 0)
                    }
                }
            } else {
                let mut take = 0;
                let mut ends = false;
                for &b in buffer {
                    match b {
                        b'"' => {
                            in_string = true;
                            take += 1;
                            break;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            if depth > max_depth && over.is_none() {
                                over = Some(Over::Depth);
                            }
                            take += 1;
                        }
                        b'}' | b']' if depth == 0 => {
                            ends = true;
                            break;
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            take += 1;
                            if depth == 0 {
                                ends = true;
                                break;
                            }
                        }
                        b',' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => {
                            ends = true;
                            break;
                        }
                        _ => take += 1,
                    }
                }
                (take, ends)
            };
            if take == 0 && !ends {
                // A backslash last in the buffer: take it, then the byte it escapes.
                keep(out, &mut over, max_bytes, b"\\");
                advance(&mut self.line, &mut self.column, b"\\");
                self.inner.consume(1);
                let Some(next) = self.peek()? else {
                    return self.error("the input ends inside a string");
                };
                keep(out, &mut over, max_bytes, &[next]);
                self.bump(next);
                continue;
            }
            started |= take > 0;
            let chunk = buffer.get(..take).unwrap_or_default();
            keep(out, &mut over, max_bytes, chunk);
            advance(&mut self.line, &mut self.column, chunk);
            self.inner.consume(take);
            if ends {
                return Ok(over);
            }
        }
    }

    /// The elements of an array whose `[` is next, each to `sink`.
    fn elements(
        &mut self,
        limits: ReadLimits,
        sink: &mut dyn FnMut(u64, Piece),
    ) -> Result<(), Failure> {
        self.bump(b'[');
        let mut index = 0u64;
        if self.skip_ws()? == Some(b']') {
            self.bump(b']');
            return Ok(());
        }
        loop {
            match self.skip_ws()? {
                None => return self.error("the input ends inside an array"),
                Some(b']' | b',') => return self.error("expected a value"),
                Some(_) => {}
            }
            let (line, column) = (self.line, self.column);
            let mut bytes = Vec::new();
            let over = self.value(&mut bytes, limits.max_statement_bytes, limits.max_depth)?;
            let bytes = match over {
                Some(over) => Err(over),
                None => Ok(bytes),
            };
            sink(
                index,
                Piece {
                    bytes,
                    line,
                    column,
                },
            );
            index += 1;
            match self.skip_ws()? {
                Some(b',') => self.bump(b','),
                Some(b']') => {
                    self.bump(b']');
                    return Ok(());
                }
                None => return self.error("the input ends inside an array"),
                Some(_) => return self.error("expected `,` or `]`"),
            }
        }
    }

    /// A string token whose `"` is next, as raw bytes and decoded.
    fn key(&mut self, raw: &mut Vec<u8>) -> Result<String, Failure> {
        let (line, column) = (self.line, self.column);
        self.value(raw, usize::MAX, 1)?;
        serde_json::from_slice::<String>(raw).map_err(|e| {
            Failure::Syntax(Syntax {
                line,
                column,
                message: crate::import::json_message(&e),
            })
        })
    }
}

/// Reads one JSON document, passing each statement of an array or page to
/// `sink` with its index as soon as it is cut out.
pub(crate) fn read_document<R: BufRead>(
    reader: R,
    limits: ReadLimits,
    sink: &mut dyn FnMut(u64, Piece),
) -> Result<Document, Failure> {
    let mut source = Source {
        inner: reader,
        line: 1,
        column: 1,
    };
    source.skip_bom()?;
    let document = match source.skip_ws()? {
        None => Document::Empty,
        Some(b'[') => {
            source.elements(limits, sink)?;
            Document::Array
        }
        Some(b'{') => object(&mut source, limits, sink)?,
        Some(b) => {
            let kind = match b {
                b'"' => "a string",
                b't' | b'f' => "a boolean",
                b'n' => "null",
                _ => "a number",
            };
            let mut bytes = Vec::new();
            source.value(&mut bytes, limits.max_statement_bytes, limits.max_depth)?;
            Document::Other(kind)
        }
    };
    if source.skip_ws()?.is_some() {
        return source.error("trailing characters after the document");
    }
    Ok(document)
}

/// A top-level object: a single statement, or an LRS page whose
/// `statements` are streamed. Its bytes are kept verbatim (for a single
/// statement) until they pass the size limit or `statements` is found.
fn object<R: BufRead>(
    source: &mut Source<R>,
    limits: ReadLimits,
    sink: &mut dyn FnMut(u64, Piece),
) -> Result<Document, Failure> {
    let (line, column) = (source.line, source.column);
    let max = limits.max_statement_bytes;
    let mut verbatim: Result<Vec<u8>, Over> = Ok(b"{".to_vec());
    let mut others = Vec::new();
    let mut statements: Option<bool> = None;
    let keep = |verbatim: &mut Result<Vec<u8>, Over>, bytes: &[u8]| {
        if let Ok(v) = verbatim {
            if v.len() + bytes.len() > max {
                *verbatim = Err(Over::Size);
            } else {
                v.extend_from_slice(bytes);
            }
        }
    };
    source.bump(b'{');
    let mut first = true;
    loop {
        match source.skip_ws()? {
            Some(b'}') if first => {
                source.bump(b'}');
                keep(&mut verbatim, b"}");
                break;
            }
            Some(b'"') => {}
            None => return source.error("the input ends inside an object"),
            Some(_) => return source.error("expected a property name"),
        }
        first = false;
        let mut raw_key = Vec::new();
        let key = source.key(&mut raw_key)?;
        keep(&mut verbatim, &raw_key);
        if source.skip_ws()? != Some(b':') {
            return source.error("expected `:`");
        }
        source.bump(b':');
        keep(&mut verbatim, b":");
        let next = source.skip_ws()?;
        if key == "statements" && statements.is_none() && next == Some(b'[') {
            statements = Some(true);
            verbatim = Err(Over::Size);
            source.elements(limits, sink)?;
        } else {
            if matches!(next, None | Some(b',' | b'}' | b']')) {
                return source.error("expected a value");
            }
            let mut bytes = Vec::new();
            let over = source.value(&mut bytes, max, limits.max_depth.saturating_sub(1))?;
            match over {
                Some(over) => {
                    if verbatim.is_ok() {
                        verbatim = Err(over);
                    }
                    others.push((key.clone(), Err(over)));
                }
                None => {
                    keep(&mut verbatim, &bytes);
                    others.push((key.clone(), Ok(bytes)));
                }
            }
            if key == "statements" && statements.is_none() {
                statements = Some(false);
                others.pop();
            }
        }
        match source.skip_ws()? {
            Some(b',') => {
                source.bump(b',');
                keep(&mut verbatim, b",");
            }
            Some(b'}') => {
                source.bump(b'}');
                keep(&mut verbatim, b"}");
                break;
            }
            None => return source.error("the input ends inside an object"),
            Some(_) => return source.error("expected `,` or `}`"),
        }
    }
    Ok(match statements {
        Some(statements_is_array) => Document::Page {
            statements_is_array,
            others,
        },
        None => Document::Single(Piece {
            bytes: verbatim,
            line,
            column,
        }),
    })
}

/// The deepest nesting of arrays and objects in `bytes` (one JSON text),
/// skipping strings.
/// Whether `bytes` nest deeper than `max` levels ([`depth_of`]), told
/// without the exact scan when there are too few brackets to get that deep
/// (a count the compiler vectorises).
pub(crate) fn deeper_than(bytes: &[u8], max: usize) -> bool {
    let brackets = bytes
        .iter()
        .fold(0usize, |n, &b| n + usize::from(b == b'{' || b == b'['));
    brackets > max && depth_of(bytes) > max
}

pub(crate) fn depth_of(bytes: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// Reads one line (without `\n`) into `line`, keeping at most `max` bytes:
/// `Ok(None)` at the end of input, `Ok(Some(true))` when the line was longer
/// (the rest is consumed, never held), `Ok(Some(false))` otherwise.
pub(crate) fn read_line<R: BufRead>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    line.clear();
    let mut any = false;
    let mut long = false;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(any.then_some(long));
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', buffer) {
            Some(at) => (buffer.get(..at).unwrap_or_default(), Some(at + 1)),
            None => (buffer, None),
        };
        if !long {
            if line.len() + chunk.len() > max.saturating_add(1) {
                long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(buffer.len());
        reader.consume(used);
        if done.is_some() {
            if !long && line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > max {
                long = true;
                line.clear();
            }
            return Ok(Some(long));
        }
    }
}

/// Skips one JSON value starting at `i` (after white space), returning the
/// index just past it. Lenient: it follows strings and brackets only.
fn skip_value(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                if depth == 0 {
                    return i + 1;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth <= 1 {
                    return i + usize::from(depth == 1);
                }
                depth -= 1;
            }
            b',' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

fn skip_ws_at(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        i += 1;
    }
    i
}

/// The byte offset of the value a JSON pointer (RFC 6901) names in one JSON
/// text, or of the deepest part of the pointer that exists (the object a
/// missing property belongs in).
pub(crate) fn locate(bytes: &[u8], pointer: &str) -> usize {
    let mut at = skip_ws_at(bytes, 0);
    let tokens = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"));
    'tokens: for token in tokens {
        match bytes.get(at) {
            Some(b'{') => {
                let mut i = skip_ws_at(bytes, at + 1);
                while bytes.get(i) == Some(&b'"') {
                    let end = skip_value(bytes, i);
                    let key = bytes
                        .get(i..end)
                        .and_then(|k| serde_json::from_slice::<String>(k).ok());
                    i = skip_ws_at(bytes, end);
                    if bytes.get(i) == Some(&b':') {
                        i = skip_ws_at(bytes, i + 1);
                    }
                    if key.as_deref() == Some(token.as_str()) {
                        at = i;
                        continue 'tokens;
                    }
                    i = skip_ws_at(bytes, skip_value(bytes, i));
                    if bytes.get(i) == Some(&b',') {
                        i = skip_ws_at(bytes, i + 1);
                    }
                }
                return at;
            }
            Some(b'[') => {
                let Ok(wanted) = token.parse::<usize>() else {
                    return at;
                };
                let mut i = skip_ws_at(bytes, at + 1);
                for _ in 0..wanted {
                    i = skip_ws_at(bytes, skip_value(bytes, i));
                    if bytes.get(i) != Some(&b',') {
                        return at;
                    }
                    i = skip_ws_at(bytes, i + 1);
                }
                at = i;
            }
            _ => return at,
        }
    }
    at
}

/// Line and column (from 1; columns in characters) of byte `offset` in a
/// text that starts at `line`:`column`.
pub(crate) fn position(bytes: &[u8], offset: usize, line: u64, column: u64) -> (u64, u64) {
    let (mut l, mut c) = (line, column);
    advance(&mut l, &mut c, bytes.get(..offset).unwrap_or(bytes));
    (l, c)
}
