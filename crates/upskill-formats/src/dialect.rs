//! CSV dialects and text encodings, detected from a file's first bytes.
//!
//! The canonical format is comma-separated UTF-8 (`docs/formats.md`), but a
//! file that went through a localised Excel or a Windows tool arrives as
//! `;`-separated, with a `sep=` first line, as UTF-16 or as Windows-1252.
//! [`open`] tells which from the first buffer of input, states every guess
//! once as a warning ([`GUESSED_ENCODING`](crate::codes::GUESSED_ENCODING),
//! [`GUESSED_DELIMITER`](crate::codes::GUESSED_DELIMITER),
//! [`GUESSED_DECIMAL_COMMA`](crate::codes::GUESSED_DECIMAL_COMMA)), and
//! hands back a UTF-8 byte stream: plain UTF-8 passes through untouched (the
//! fast path); other encodings are transcoded by `encoding_rs`.

use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use crate::codes;
use crate::diagnostics::{Diagnostic, Location};
use crate::options::{ReadOptions, TextEncoding};

/// The delimiters detected, in order of preference on a tie.
pub(crate) const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// An input with its first bytes read ahead to sniff them, then put back.
pub(crate) type Peeked<R> = Chain<Cursor<Vec<u8>>, R>;

/// What [`open`] hands back: the UTF-8 stream, its first line put back.
pub(crate) type Opened<R> = Peeked<Decoded<Peeked<R>>>;

/// The longest header line the delimiter is sniffed from.
const HEADER_PEEK: usize = 64 * 1024;

/// Reads ahead until `enough` says so, `limit` bytes are read, or the input
/// ends, whatever the reader's buffer size or short reads; the bytes read
/// are returned (the caller puts them back in front with `Cursor::chain`).
/// A read error ends the peek: it recurs, located, when the rows are read.
fn peek<B: BufRead>(input: &mut B, enough: impl Fn(&[u8]) -> bool, limit: usize) -> Vec<u8> {
    let mut head = Vec::new();
    while head.len() < limit && !enough(&head) {
        let length = match input.fill_buf() {
            Ok([]) => break,
            Ok(buf) => {
                head.extend_from_slice(buf);
                buf.len()
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        input.consume(length);
    }
    head
}

/// A UTF-8 byte stream: the input itself, or the input transcoded.
pub(crate) enum Decoded<R> {
    /// UTF-8 input, read as it is.
    Plain(R),
    /// Another encoding, transcoded to UTF-8.
    Transcoded(BufReader<DecodeReaderBytes<R, Vec<u8>>>),
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(inner) => inner.read(buf),
            Decoded::Transcoded(inner) => inner.read(buf),
        }
    }
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Decoded::Plain(inner) => inner.fill_buf(),
            Decoded::Transcoded(inner) => inner.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Decoded::Plain(inner) => inner.consume(amount),
            Decoded::Transcoded(inner) => inner.consume(amount),
        }
    }
}

/// How a CSV file is written: what [`Reader::dialect`](crate::Reader::dialect)
/// and [`CsvTable::dialect`](crate::CsvTable::dialect) report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dialect {
    /// The text encoding.
    pub encoding: TextEncoding,
    /// The field delimiter.
    pub delimiter: u8,
    /// Whether `,` is the decimal mark of numbers.
    pub decimal_comma: bool,
    /// Whether the file starts with an Excel `sep=` line (skipped).
    pub sep_line: bool,
}

/// A delimiter as it is named in messages: `,` `;` `tab` `|`.
pub(crate) fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        other => format!("`{}`", char::from(other)),
    }
}

/// The encoding a buffer's first bytes show: a byte-order mark, or
/// Windows-1252 when the first [`SNIFF_BYTES`] are not UTF-8 and hold no
/// multi-byte UTF-8 character (a sequence cut off at the window's end is
/// not held against it). Returns the encoding and whether a BOM named it.
pub(crate) fn sniff_encoding(head: &[u8]) -> (TextEncoding, bool) {
    if head.starts_with(b"\xFF\xFE") {
        return (TextEncoding::Utf16le, true);
    }
    if head.starts_with(b"\xFE\xFF") {
        return (TextEncoding::Utf16be, true);
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        return (TextEncoding::Utf8, true);
    }
    let head = head.get(..SNIFF_BYTES).unwrap_or(head);
    if let Some(utf16) = utf16_without_bom(head) {
        return (utf16, false);
    }
    let mut rest = head;
    let mut multibyte = false;
    let mut invalid = false;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                multibyte |= !text.is_ascii();
                break;
            }
            Err(error) => {
                let valid = rest.get(..error.valid_up_to()).unwrap_or_default();
                multibyte |= !valid.is_ascii();
                match error.error_len() {
                    // A sequence cut off at the end of the window.
                    None => break,
                    Some(length) => {
                        invalid = true;
                        rest = rest.get(error.valid_up_to() + length..).unwrap_or_default();
                    }
                }
            }
        }
    }
    if invalid && !multibyte {
        (TextEncoding::Windows1252, false)
    } else {
        (TextEncoding::Utf8, false)
    }
}

/// UTF-16 without a byte-order mark (Excel's "Unicode Text" passed through
/// a tool that drops the BOM, or an export written by a .NET or Java
/// program): a text file never holds a NUL byte, while UTF-16 text of the
/// ASCII letters, digits and punctuation a CSV header is made of has a 0
/// in every other byte. It is UTF-16LE when at least half of the first
/// bytes' 16-bit units have a 0 high byte (odd positions) and no low byte
/// is 0, UTF-16BE for the mirror image. Fewer than 2 units say nothing.
fn utf16_without_bom(head: &[u8]) -> Option<TextEncoding> {
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut even, mut odd) = (0_usize, 0_usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    if even == 0 && odd * 2 >= units {
        Some(TextEncoding::Utf16le)
    } else if odd == 0 && even * 2 >= units {
        Some(TextEncoding::Utf16be)
    } else {
        None
    }
}

/// How many bytes of the input decide between UTF-8 and Windows-1252: bytes
/// that are not UTF-8 there, and no multi-byte UTF-8 character, mean
/// Windows-1252; a stray bad byte in a UTF-8 file stays a located `F002`.
pub(crate) const SNIFF_BYTES: usize = 8 * 1024;

/// The first line of a UTF-8 head (without a BOM and line terminator).
fn first_line(head: &[u8]) -> &[u8] {
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let line = head
        .iter()
        .position(|&b| b == b'\n')
        .map_or(head, |end| head.get(..end).unwrap_or_default());
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// How many rows after the header are searched for a decimal-comma example.
const EXAMPLE_ROWS: usize = 100;

/// The first cell after the header among the first [`EXAMPLE_ROWS`] rows peeked (`;`-separated,
/// quotes stripped) written as a number with a decimal comma (`22,5`,
/// `-0,75`: digits, one `,`, digits, no `.`), to quote in the
/// decimal-comma note; `None` when those rows hold none.
fn decimal_comma_example(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    // The first rows are enough to quote an example; a bound keeps the cost
    // of opening a file independent of the block read ahead.
    text.lines()
        .skip(1)
        .take(EXAMPLE_ROWS)
        .flat_map(|l| l.split(';'))
        .find_map(|cell| {
            let cell = cell.trim().trim_matches('"').trim();
            let (whole, fraction) = cell.split_once(',')?;
            let digits = whole.strip_prefix('-').unwrap_or(whole);
            let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            (is_digits(digits) && is_digits(fraction)).then(|| cell.to_string())
        })
}

/// The delimiter an Excel `sep=X` line names.
pub(crate) fn sep_line(line: &[u8]) -> Option<u8> {
    let line = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    match line {
        [b's' | b'S', b'e' | b'E', b'p' | b'P', b'=', delimiter] => Some(*delimiter),
        _ => None,
    }
}

/// The delimiter a header line most likely uses: the candidate found most
/// often outside quotes (`,` on a tie or when none is found).
pub(crate) fn sniff_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &byte in line {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted
            && let Some(i) = DELIMITERS.iter().position(|d| *d == byte)
            && let Some(count) = counts.get_mut(i)
        {
            *count += 1;
        }
    }
    let mut best = b',';
    let mut best_count = 0;
    for (delimiter, count) in DELIMITERS.iter().zip(counts) {
        if count > best_count {
            best = *delimiter;
            best_count = count;
        }
    }
    best
}

/// `input`, text in `encoding`, transcoded to UTF-8 by `encoding_rs` (a
/// byte-order mark naming another encoding wins): the stream every reader
/// of a file in that encoding reads.
pub(crate) fn transcoder<R: BufRead>(
    input: R,
    encoding: TextEncoding,
) -> BufReader<DecodeReaderBytes<R, Vec<u8>>> {
    BufReader::with_capacity(
        64 * 1024,
        DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding.encoding_rs()))
            .bom_override(true)
            .build(input),
    )
}

/// CSV text for a reader of its own (such as the xAPI identity mapping,
/// read with the `csv` crate): the input transcoded to UTF-8 and its
/// dialect detected exactly as the session, roster and leave readers detect
/// it (docs/formats.md, "Dialects and encodings"), with a warning at
/// `file:1:1` for each guess (`F016`, `F017`, `F018`).
///
/// The text returned starts where the input starts: a UTF-8 byte-order
/// mark is kept (the `csv` crate skips it), and an Excel `sep=` line is
/// still there when [`Dialect::sep_line`] says so: skip that line, and
/// count it in the line numbers of what follows.
pub fn open_csv_text<R: BufRead>(
    file: &str,
    input: R,
    options: &ReadOptions,
) -> (impl BufRead + use<R>, Dialect, Vec<Diagnostic>) {
    open(file, input, options)
}

/// Opens a CSV input: its encoding (from `options` or detected), its
/// delimiter and decimal mark, and a warning for each guess that is not the
/// canonical dialect.
pub(crate) fn open<R: BufRead>(
    file: &str,
    mut input: R,
    options: &ReadOptions,
) -> (Opened<R>, Dialect, Vec<Diagnostic>) {
    let mut notes = Vec::new();
    let at = || Location::file(file).at_line(1).at_column(1);
    let raw = peek(&mut input, |h| h.len() >= SNIFF_BYTES, SNIFF_BYTES);
    let encoding = match options.encoding {
        Some(encoding) => encoding,
        None => {
            let (encoding, by_bom) = sniff_encoding(&raw);
            match (encoding, by_bom) {
                (TextEncoding::Utf8, _) => {}
                (other, true) => notes.push(Diagnostic::new(
                    &codes::GUESSED_ENCODING,
                    at(),
                    format!(
                        "the file is {} (it starts with that byte-order mark); it is read as such: save it as UTF-8, or pass `--encoding`, to change this",
                        other.name()
                    ),
                )),
                (other @ (TextEncoding::Utf16le | TextEncoding::Utf16be), false) => {
                    notes.push(Diagnostic::new(
                        &codes::GUESSED_ENCODING,
                        at(),
                        format!(
                            "the file is {} without a byte-order mark (every other byte is 0); it is read as such: save it as UTF-8, or pass `--encoding`, to change this",
                            other.name()
                        ),
                    ));
                }
                (other, false) => notes.push(Diagnostic::new(
                    &codes::GUESSED_ENCODING,
                    at(),
                    format!(
                        "the file is not UTF-8; it is read as {}: save it as UTF-8, or pass `--encoding`, to change this",
                        other.name()
                    ),
                )),
            }
            encoding
        }
    };
    let input = Cursor::new(raw).chain(input);
    let mut decoded = match encoding {
        TextEncoding::Utf8 => Decoded::Plain(input),
        other => Decoded::Transcoded(transcoder(input, other)),
    };
    let head = peek(&mut decoded, |h| h.contains(&b'\n'), HEADER_PEEK);
    let line = first_line(&head).to_vec();
    let sep = sep_line(&line);
    let delimiter = match (options.delimiter, sep) {
        (Some(delimiter), _) => delimiter,
        (None, Some(delimiter)) => {
            notes.push(Diagnostic::new(
                &codes::GUESSED_DELIMITER,
                at(),
                format!(
                    "Excel's `sep=` line names the delimiter {}; the line is skipped",
                    delimiter_name(delimiter)
                ),
            ));
            delimiter
        }
        (None, None) => {
            let delimiter = sniff_delimiter(&line);
            if delimiter != b',' {
                notes.push(Diagnostic::new(
                    &codes::GUESSED_DELIMITER,
                    at(),
                    format!(
                        "the header is {}-separated, so every row is read so; pass `--delimiter` to change this",
                        delimiter_name(delimiter)
                    ),
                ));
            }
            delimiter
        }
    };
    let decimal_comma = match options.decimal_comma {
        Some(decimal_comma) => decimal_comma,
        None => {
            let decimal_comma = delimiter == b';';
            if decimal_comma {
                // Scanning the head for an example costs about as much as
                // reading thousands of rows, so it is done only for the note
                // that quotes it.
                let example = decimal_comma_example(&head);
                notes.push(Diagnostic::new(
                    &codes::GUESSED_DECIMAL_COMMA,
                    at(),
                    format!(
                        "numbers are read with `,` as the decimal mark{}, as `;`-separated files write them; pass `--decimal-comma false` to change this",
                        example
                            .as_deref()
                            .map(|e| format!(" (such as `{e}` in the file)"))
                            .unwrap_or_default()
                    ),
                ));
            }
            decimal_comma
        }
    };
    let dialect = Dialect {
        encoding,
        delimiter,
        decimal_comma,
        sep_line: sep.is_some(),
    };
    let decoded = Cursor::new(head).chain(decoded);
    (decoded, dialect, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_counted_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"\"a;b;c\",d,e"), b',');
        assert_eq!(sniff_delimiter(b"a\tb|c\td"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
        assert_eq!(sniff_delimiter(b"record_id"), b',');
        assert_eq!(sniff_delimiter(b"a,b;c"), b',');
    }

    #[test]
    fn sep_lines_name_a_delimiter() {
        assert_eq!(sep_line(b"sep=;"), Some(b';'));
        assert_eq!(sep_line(b"\"sep=,\""), Some(b','));
        assert_eq!(sep_line(b"sep="), None);
        assert_eq!(sep_line(b"separator"), None);
    }

    #[test]
    fn encodings_are_told_by_bom_or_by_invalid_utf8() {
        assert_eq!(
            sniff_encoding(b"\xFF\xFEa\0"),
            (TextEncoding::Utf16le, true)
        );
        assert_eq!(
            sniff_encoding(b"\xFE\xFF\0a"),
            (TextEncoding::Utf16be, true)
        );
        assert_eq!(sniff_encoding(b"\xEF\xBB\xBFa"), (TextEncoding::Utf8, true));
        assert_eq!(sniff_encoding(b"caf\xC3\xA9"), (TextEncoding::Utf8, false));
        // A sequence cut off at the end of the buffer is still UTF-8.
        assert_eq!(sniff_encoding(b"caf\xC3"), (TextEncoding::Utf8, false));
        assert_eq!(
            sniff_encoding(b"caf\xE9,x"),
            (TextEncoding::Windows1252, false)
        );
        // UTF-16 without a BOM: a 0 in every other byte of ASCII text.
        assert_eq!(
            sniff_encoding(b"r\0e\0c\0,\0\xE9\0\n\0"),
            (TextEncoding::Utf16le, false)
        );
        assert_eq!(
            sniff_encoding(b"\0r\0e\0c\0,\0\n"),
            (TextEncoding::Utf16be, false)
        );
        // A stray NUL in UTF-8 text is not UTF-16.
        assert_eq!(
            sniff_encoding(b"record\0_id,x"),
            (TextEncoding::Utf8, false)
        );
        assert_eq!(sniff_encoding(b"a\0"), (TextEncoding::Utf8, false));
        // A bad byte among UTF-8 characters is a broken UTF-8 file.
        assert_eq!(
            sniff_encoding(b"caf\xC3\xA9,\xE9"),
            (TextEncoding::Utf8, false)
        );
    }
}
