//! CSV records, one at a time, with the raw position of every field.
//!
//! Physical lines come from a [`LineReader`] (so no line is ever held past
//! the limit); the csv crate's own parser (`csv-core`) splits and unquotes
//! fields, and a quoted field may run over several lines. Knowing each
//! field's byte offset in the raw record gives its line and column.

use std::collections::VecDeque;
use std::io::BufRead;

use crate::codes;
use crate::diagnostics::{Diagnostic, Location};
use crate::lines::{LineRead, LineReader, column_of};

/// A line set aside to be read again (after an unterminated quote).
enum Pending {
    Line(u64, Vec<u8>),
    TooLong(u64, u64),
    Io(u64, std::io::Error),
}

/// One field of the current record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawField {
    out_start: usize,
    out_end: usize,
    raw_start: usize,
}

pub(crate) struct CsvRows<R> {
    lines: LineReader<R>,
    max: usize,
    core: csv_core::Reader,
    pending: VecDeque<Pending>,
    raw: Vec<u8>,
    line_starts: Vec<(u64, usize)>,
    out: Vec<u8>,
    fields: Vec<RawField>,
    delimiter: u8,
    /// The current record's fields are ranges of `raw`, as `csv-core`
    /// would copy them to `out` unchanged: the record had no quote, or
    /// only quotes around whole fields (see `split_simple`).
    in_raw: bool,
}

enum Appended {
    Line,
    TooLong(u64, u64),
    Eof,
    Io(u64, std::io::Error),
}

impl<R: BufRead> CsvRows<R> {
    pub fn new(inner: R, max: usize) -> CsvRows<R> {
        CsvRows {
            lines: LineReader::new(inner, max),
            max,
            core: csv_core::ReaderBuilder::new()
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build(),
            pending: VecDeque::new(),
            raw: Vec::new(),
            line_starts: Vec::new(),
            out: Vec::new(),
            fields: Vec::new(),
            delimiter: b',',
            in_raw: false,
        }
    }

    /// The same rows split at another delimiter (`,` by default).
    pub fn with_delimiter(mut self, delimiter: u8) -> CsvRows<R> {
        self.core = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        self.delimiter = delimiter;
        self
    }

    /// Appends the next physical line (and a `\n`) to the raw record.
    fn append_line(&mut self) -> Appended {
        let (number, bytes) = match self.pending.pop_front() {
            Some(Pending::Line(number, bytes)) => (number, bytes),
            Some(Pending::TooLong(number, length)) => return Appended::TooLong(number, length),
            Some(Pending::Io(number, error)) => return Appended::Io(number, error),
            None => match self.lines.read_line() {
                LineRead::Line(number) => {
                    self.line_starts.push((number, self.raw.len()));
                    if self.raw.is_empty() {
                        // The record's first line: take the line's buffer
                        // rather than copy it (the line reader clears the
                        // one it gets back before its next line).
                        self.lines.swap_line(&mut self.raw);
                    } else {
                        self.raw.extend_from_slice(self.lines.line());
                    }
                    self.raw.push(b'\n');
                    return Appended::Line;
                }
                LineRead::TooLong { number, length } => return Appended::TooLong(number, length),
                LineRead::Eof => return Appended::Eof,
                LineRead::Io { number, error } => return Appended::Io(number, error),
            },
        };
        self.line_starts.push((number, self.raw.len()));
        self.raw.extend_from_slice(&bytes);
        self.raw.push(b'\n');
        Appended::Line
    }

    /// Puts every line of the current record but the first back in front
    /// of the input, then `extra` after them.
    fn requeue_rest(&mut self, extra: Option<Pending>) {
        let mut rest: Vec<Pending> = Vec::new();
        let starts: Vec<(u64, usize)> = self.line_starts.iter().skip(1).copied().collect();
        for (i, (number, start)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(self.raw.len(), |(_, s)| *s);
            // Each line was stored with a `\n` after it.
            let bytes = self
                .raw
                .get(*start..end.saturating_sub(1))
                .unwrap_or_default()
                .to_vec();
            rest.push(Pending::Line(*number, bytes));
        }
        rest.extend(extra);
        for item in rest.into_iter().rev() {
            self.pending.push_front(item);
        }
    }

    /// The line the current record starts on.
    pub fn first_line(&self) -> u64 {
        self.line_starts
            .first()
            .map_or(self.lines.next_number(), |(n, _)| *n)
    }

    /// Reads the next record into the buffers: `None` at the end, an error
    /// for a record that could not be split (too long, never closed, I/O).
    pub fn next_record(&mut self, file: &str) -> Option<Result<(), Diagnostic>> {
        loop {
            self.raw.clear();
            self.line_starts.clear();
            self.fields.clear();
            self.core.reset();
            match self.append_line() {
                Appended::Line => {}
                Appended::Eof => return None,
                Appended::TooLong(number, length) => {
                    return Some(Err(too_long(file, number, length, self.max)));
                }
                Appended::Io(number, error) => return Some(Err(io_error(file, number, &error))),
            }
            if self.raw.len() == 1 {
                // A blank line: no record.
                continue;
            }
            return Some(self.parse_record(file));
        }
    }

    #[expect(
        clippy::result_large_err,
        reason = "the shared diagnostic type is the error; its size is not ours to change"
    )]
    fn parse_record(&mut self, file: &str) -> Result<(), Diagnostic> {
        self.in_raw = !self.raw.contains(&b'"');
        if self.in_raw {
            self.split_unquoted();
            return Ok(());
        }
        if self.split_simple() {
            self.in_raw = true;
            return Ok(());
        }
        let mut fed = 0usize;
        let mut out_len = 0usize;
        let mut field_out_start = 0usize;
        let mut field_raw_start = 0usize;
        loop {
            if self.out.len() < self.raw.len() + 1 {
                self.out.resize(self.raw.len() + 1, 0);
            }
            while fed < self.raw.len() {
                let input = self.raw.get(fed..).unwrap_or_default();
                let output = self.out.get_mut(out_len..).unwrap_or_default();
                let (result, nin, nout) = self.core.read_field(input, output);
                fed += nin;
                out_len += nout;
                match result {
                    csv_core::ReadFieldResult::InputEmpty => {}
                    csv_core::ReadFieldResult::OutputFull => {
                        let grown = self.out.len() * 2 + 64;
                        self.out.resize(grown, 0);
                    }
                    csv_core::ReadFieldResult::Field { record_end } => {
                        self.fields.push(RawField {
                            out_start: field_out_start,
                            out_end: out_len,
                            raw_start: field_raw_start,
                        });
                        field_out_start = out_len;
                        field_raw_start = fed;
                        if record_end {
                            return Ok(());
                        }
                    }
                    csv_core::ReadFieldResult::End => return Ok(()),
                }
            }
            // Input used up inside a quoted field: the record goes on.
            let first = self.first_line();
            let unclosed = |file: &str| {
                Diagnostic::new(
                    &codes::MALFORMED_CSV,
                    Location::file(file).at_line(first).at_column(1),
                    "a quoted field opened in this record is never closed; the record is skipped and reading goes on with the next line",
                )
            };
            if self.raw.len() > self.max {
                self.requeue_rest(None);
                return Err(unclosed(file));
            }
            match self.append_line() {
                Appended::Line => {}
                Appended::Eof => {
                    self.requeue_rest(None);
                    return Err(unclosed(file));
                }
                Appended::TooLong(number, length) => {
                    self.requeue_rest(Some(Pending::TooLong(number, length)));
                    return Err(unclosed(file));
                }
                Appended::Io(number, error) => {
                    self.requeue_rest(Some(Pending::Io(number, error)));
                    return Err(unclosed(file));
                }
            }
        }
    }

    /// Splits a one-line record without any quote at its delimiters: what
    /// `csv-core` does with such a record (every field is its raw bytes),
    /// without its per-byte state machine.
    fn split_unquoted(&mut self) {
        // The raw record is one line and its `\n`.
        let body = self.raw.len().saturating_sub(1);
        let line = self.raw.get(..body).unwrap_or_default();
        let mut start = 0usize;
        for end in memchr::memchr_iter(self.delimiter, line) {
            self.fields.push(RawField {
                out_start: start,
                out_end: end,
                raw_start: start,
            });
            start = end + 1;
        }
        self.fields.push(RawField {
            out_start: start,
            out_end: body,
            raw_start: start,
        });
    }

    /// Splits a one-line record whose quotes only wrap whole fields, as
    /// `csv-core` splits it, without its per-byte state machine: a field
    /// that starts with `"` runs to the next `"`, which must be followed by
    /// the delimiter or the line's end, and its text is the bytes between
    /// the two (a field such as `"a;b"`); no other field has a `"`. Each
    /// field is then a range of the raw line, at the raw offset `csv-core`
    /// gives it (its opening quote). Returns `false`, with nothing split,
    /// for any other record (a doubled quote, a quote inside a field, a
    /// quoted field running over the line), which `csv-core` reads.
    fn split_simple(&mut self) -> bool {
        let delimiter = self.delimiter;
        if delimiter == b'"' {
            return false;
        }
        // The raw record is one line and its `\n`.
        let body = self.raw.len().saturating_sub(1);
        let line = self.raw.get(..body).unwrap_or_default();
        let mut start = 0usize;
        loop {
            let rest = line.get(start..).unwrap_or_default();
            if rest.first() == Some(&b'"') {
                let inner = start + 1;
                let Some(close) = memchr::memchr(b'"', line.get(inner..).unwrap_or_default())
                else {
                    self.fields.clear();
                    return false;
                };
                let close = inner + close;
                self.fields.push(RawField {
                    out_start: inner,
                    out_end: close,
                    raw_start: start,
                });
                match line.get(close + 1) {
                    None => return true,
                    Some(&next) if next == delimiter => start = close + 2,
                    Some(_) => {
                        self.fields.clear();
                        return false;
                    }
                }
            } else {
                let end = memchr::memchr(delimiter, rest).map_or(body, |at| start + at);
                if memchr::memchr(b'"', line.get(start..end).unwrap_or_default()).is_some() {
                    self.fields.clear();
                    return false;
                }
                self.fields.push(RawField {
                    out_start: start,
                    out_end: end,
                    raw_start: start,
                });
                if end >= body {
                    return true;
                }
                start = end + 1;
            }
        }
    }

    /// The fields of the current record: unquoted bytes, line and column.
    pub fn fields(&self) -> impl Iterator<Item = (&[u8], u64, u64)> + '_ {
        // One ASCII check per record: then a column is its byte offset, and
        // no field needs its line prefix counted in characters.
        let ascii = self.raw.is_ascii();
        self.fields.iter().map(move |f| {
            let bytes = self
                .field_buffer()
                .get(f.out_start..f.out_end)
                .unwrap_or_default();
            let (line, column) = self.position_in(f.raw_start, ascii);
            (bytes, line, column)
        })
    }

    /// The fields of the current record as text (`None` for a field that
    /// is not valid UTF-8), with line and column: what [`Self::fields`]
    /// gives, each field then checked with `std::str::from_utf8`, but with
    /// the record's bytes checked once rather than each field's.
    ///
    /// The fields' bytes are one buffer (with one-byte delimiters between
    /// them when the record has no quote), so when every field is UTF-8 the
    /// buffer is; and when the buffer is, a field is UTF-8 exactly when it
    /// starts and ends at a character boundary (`str::get`). Only a record
    /// that is not UTF-8 as a whole has its fields checked one by one.
    ///
    /// Each field comes with its raw offset rather than its line and
    /// column, which [`Self::placer`] gives when they are needed (for a
    /// problem): most rows never need them.
    pub fn text_fields(&self) -> impl Iterator<Item = (Option<&str>, usize)> + '_ {
        let buffer = self.field_buffer();
        let end = self.fields.last().map_or(0, |f| f.out_end);
        let whole = buffer
            .get(..end)
            .and_then(|bytes| std::str::from_utf8(bytes).ok());
        self.fields.iter().map(move |f| {
            let text = match whole {
                Some(whole) => whole.get(f.out_start..f.out_end),
                None => buffer
                    .get(f.out_start..f.out_end)
                    .and_then(|bytes| std::str::from_utf8(bytes).ok()),
            };
            (text, f.raw_start)
        })
    }

    /// What places a raw offset of the current record at its line and
    /// column ([`Self::position`]), borrowing the record.
    pub fn placer(&self) -> Placer<'_> {
        Placer {
            raw: &self.raw,
            line_starts: &self.line_starts,
            first_line: self.first_line(),
        }
    }

    /// Line and column of a raw offset in the current record.
    pub fn position(&self, raw_offset: usize) -> (u64, u64) {
        self.position_in(raw_offset, false)
    }

    /// [`Self::position`], told whether the whole record is ASCII.
    fn position_in(&self, raw_offset: usize, ascii: bool) -> (u64, u64) {
        self.placer().place_in(raw_offset, ascii)
    }

    /// The buffer the current record's fields are ranges of.
    fn field_buffer(&self) -> &[u8] {
        if self.in_raw { &self.raw } else { &self.out }
    }

    /// The number of fields in the current record.
    pub fn field_count(&self) -> usize {
        self.fields.len()
    }

    /// The unquoted bytes of field `i` of the current record.
    pub fn field_bytes(&self, i: usize) -> Option<&[u8]> {
        self.field_buffer().get(self.field_range(i)?)
    }

    /// Where the unquoted bytes of field `i` are in [`Self::record_bytes`].
    pub fn field_range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let f = self.fields.get(i)?;
        Some(f.out_start..f.out_end)
    }

    /// The unquoted bytes of every field of the current record, one after
    /// the other.
    pub fn record_bytes(&self) -> &[u8] {
        let end = self.fields.last().map_or(0, |f| f.out_end);
        self.field_buffer().get(..end).unwrap_or_default()
    }

    /// Where the field after the last one would start (for rows with too few fields).
    pub fn end_position(&self) -> (u64, u64) {
        self.position(self.raw.len().saturating_sub(1))
    }
}

/// Places raw offsets of one record at their lines and columns (see
/// [`CsvRows::placer`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placer<'a> {
    raw: &'a [u8],
    line_starts: &'a [(u64, usize)],
    first_line: u64,
}

impl Placer<'_> {
    /// Line and column of a raw offset in the record.
    pub fn place(&self, raw_offset: usize) -> (u64, u64) {
        self.place_in(raw_offset, false)
    }

    /// [`Self::place`], told whether the whole record is ASCII.
    fn place_in(&self, raw_offset: usize, ascii: bool) -> (u64, u64) {
        let (number, start) = self
            .line_starts
            .iter()
            .rev()
            .find(|(_, start)| *start <= raw_offset)
            .copied()
            .unwrap_or((self.first_line, 0));
        if ascii {
            return (number, (raw_offset - start) as u64 + 1);
        }
        let line = self.raw.get(start..).unwrap_or_default();
        (number, column_of(line, raw_offset - start))
    }
}

pub(crate) fn too_long(file: &str, number: u64, length: u64, max: usize) -> Diagnostic {
    Diagnostic::new(
        &codes::LINE_TOO_LONG,
        Location::file(file).at_line(number).at_column(1),
        format!("the line is {length} bytes long, more than the limit of {max}; it is skipped"),
    )
}

pub(crate) fn io_error(file: &str, number: u64, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        &codes::IO_ERROR,
        Location::file(file).at_line(number),
        format!("reading stopped at this line: {error}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8], max: usize) -> Vec<String> {
        let mut rows = CsvRows::new(input, max);
        let mut out = Vec::new();
        while let Some(record) = rows.next_record("t.csv") {
            match record {
                Ok(()) => out.push(
                    rows.fields()
                        .map(|(b, l, c)| format!("{}@{l}:{c}", String::from_utf8_lossy(b)))
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                Err(d) => out.push(d.to_string()),
            }
        }
        out
    }

    #[test]
    fn fields_know_their_columns() {
        assert_eq!(
            records(b"a,\"b,c\",d\r\n\nx,\"y\ny\",z\n", 100),
            ["a@1:1|b,c@1:3|d@1:9", "x@3:1|y\ny@3:3|z@4:4"]
        );
    }

    #[test]
    fn quotes_escape_quotes() {
        assert_eq!(
            records(b"\"say \"\"hi\"\"\",\xC3\xA9,e\n", 100),
            ["say \"hi\"@1:1|\u{e9}@1:14|e@1:16"]
        );
    }

    #[test]
    fn unclosed_quote_skips_one_line_and_goes_on() {
        assert_eq!(
            records(b"a,\"b\nc,d\ne,f\n", 100),
            [
                "t.csv:1:1: error[F006]: a quoted field opened in this record is never closed; the record is skipped and reading goes on with the next line",
                "c@2:1|d@2:3",
                "e@3:1|f@3:3"
            ]
        );
    }

    proptest::proptest! {
        /// A line without quotes is split as `csv-core` splits it (the
        /// fast split skips its state machine for such lines).
        #[test]
        fn quote_free_lines_split_as_csv_core_splits_them(
            line in "[a-c,;\t \r'=\u{e9}]{1,40}",
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let input = format!("{line}\n");
            let mut rows = CsvRows::new(input.as_bytes(), 1000).with_delimiter(delimiter);
            let mut core = csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build();
            let mut expected: Vec<Vec<u8>> = Vec::new();
            let (mut rest, mut out) = (input.as_bytes(), [0u8; 256]);
            loop {
                let (result, nin, nout) = core.read_field(rest, &mut out);
                rest = &rest[nin..];
                match result {
                    csv_core::ReadFieldResult::Field { record_end } => {
                        expected.push(out[..nout].to_vec());
                        if record_end {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            let got: Vec<Vec<u8>> = match rows.next_record("t.csv") {
                Some(Ok(())) => rows.fields().map(|(b, _, _)| b.to_vec()).collect(),
                _ => Vec::new(),
            };
            if line == "\r" {
                // A blank line is no record.
                proptest::prop_assert!(got.is_empty());
            } else {
                // The line reader drops one `\r` before the `\n`.
                let mut expected = expected;
                if let Some(last) = expected.last_mut()
                    && line.ends_with('\r')
                {
                    last.pop();
                }
                proptest::prop_assert_eq!(got, expected);
            }
        }
    }

    proptest::proptest! {
        /// Checking the record as UTF-8 once gives each field's text (or
        /// its failure) exactly as checking each field alone: fields of
        /// multi-byte characters, invalid bytes, quoted fields, a character
        /// cut by a delimiter.
        #[test]
        fn record_checked_once_reads_as_fields_checked_alone(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"a,;\"\n ".to_vec()),
                    proptest::sample::select(vec![0xC3u8, 0xA9, 0xE2, 0x82, 0xAC, 0xFF, 0x80]),
                ],
                0..40,
            ),
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let mut rows = CsvRows::new(bytes.as_slice(), 1000).with_delimiter(delimiter);
            while let Some(record) = rows.next_record("t.csv") {
                if record.is_err() {
                    continue;
                }
                let alone: Vec<(Option<&str>, u64, u64)> = rows
                    .fields()
                    .map(|(b, l, c)| (std::str::from_utf8(b).ok(), l, c))
                    .collect();
                let placer = rows.placer();
                let once: Vec<(Option<&str>, u64, u64)> = rows
                    .text_fields()
                    .map(|(text, at)| {
                        let (line, column) = placer.place(at);
                        (text, line, column)
                    })
                    .collect();
                proptest::prop_assert_eq!(once, alone);
            }
        }
    }

    proptest::proptest! {
        /// A one-line record with quotes is split as `csv-core` splits it,
        /// at the same raw offsets (the fast split takes the records whose
        /// quotes wrap whole fields, `csv-core` the rest).
        #[test]
        fn quoted_lines_split_as_csv_core_splits_them(
            line in "[a-b,;\"\r\u{e9}]{1,30}",
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let input = format!("{line}\n");
            let mut core = csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build();
            // The record as the line reader gives it: one `\r` before the
            // `\n` dropped.
            let record = match line.strip_suffix('\r') {
                Some(body) => format!("{body}\n"),
                None => input.clone(),
            };
            let mut expected: Vec<(Vec<u8>, usize)> = Vec::new();
            let (mut fed, mut out) = (0usize, [0u8; 256]);
            let mut ended = false;
            loop {
                let (result, nin, nout) = core.read_field(&record.as_bytes()[fed..], &mut out);
                let start = fed;
                fed += nin;
                match result {
                    csv_core::ReadFieldResult::Field { record_end } => {
                        expected.push((out[..nout].to_vec(), start));
                        if record_end {
                            ended = true;
                            break;
                        }
                    }
                    _ => break,
                }
            }
            let mut rows = CsvRows::new(input.as_bytes(), 1000).with_delimiter(delimiter);
            match rows.next_record("t.csv") {
                Some(Ok(())) if ended && record != "\n" => {
                    let got: Vec<(Vec<u8>, u64)> =
                        rows.fields().map(|(b, _, c)| (b.to_vec(), c)).collect();
                    let ascii = record.is_ascii();
                    let expected: Vec<(Vec<u8>, u64)> = expected
                        .into_iter()
                        .map(|(b, at)| {
                            let column = if ascii {
                                at as u64 + 1
                            } else {
                                column_of(record.as_bytes(), at)
                            };
                            (b, column)
                        })
                        .collect();
                    proptest::prop_assert_eq!(got, expected);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn long_records_are_reported() {
        let out = records(b"abcdefgh\nab\n", 4);
        assert_eq!(
            out[0],
            "t.csv:1:1: error[F003]: the line is 8 bytes long, more than the limit of 4; it is skipped"
        );
        assert_eq!(out[1], "ab@2:1");
    }
}
