//! Physical lines of a text input, never longer than the limit in memory.

use std::io::{self, BufRead};

/// What one call to [`LineReader::read_line`] found.
#[derive(Debug)]
pub(crate) enum LineRead {
    /// A line (its bytes, without terminator, are in [`LineReader::line`]).
    Line(u64),
    /// A line longer than the limit: skipped, its length given.
    TooLong { number: u64, length: u64 },
    /// End of input.
    Eof,
    /// The input failed.
    Io { number: u64, error: io::Error },
}

/// Reads lines ending in `\n` (a `\r` before it is dropped too), keeping at
/// most `max` bytes of one line in memory. The first line loses a UTF-8
/// byte-order mark.
pub(crate) struct LineReader<R> {
    inner: R,
    max: usize,
    next_number: u64,
    buf: Vec<u8>,
    failed: bool,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R, max: usize) -> LineReader<R> {
        LineReader {
            inner,
            max,
            next_number: 1,
            buf: Vec::new(),
            failed: false,
        }
    }

    /// The bytes of the line last read.
    pub fn line(&self) -> &[u8] {
        &self.buf
    }

    /// Swaps the line last read with `other`'s bytes (a caller that keeps
    /// the line takes it without a copy; the buffer it gives back is
    /// cleared before the next line).
    pub fn swap_line(&mut self, other: &mut Vec<u8>) {
        std::mem::swap(&mut self.buf, other);
    }

    /// The number the next line will have.
    pub fn next_number(&self) -> u64 {
        self.next_number
    }

    pub fn read_line(&mut self) -> LineRead {
        if self.failed {
            return LineRead::Eof;
        }
        self.buf.clear();
        let number = self.next_number;
        let mut length: u64 = 0;
        let mut too_long = false;
        let mut any = false;
        loop {
            let (consumed, found) = {
                let available = match self.inner.fill_buf() {
                    Ok(bytes) => bytes,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                    Err(error) => {
                        self.failed = true;
                        return LineRead::Io { number, error };
                    }
                };
                if available.is_empty() {
                    break;
                }
                any = true;
                // memchr (SIMD) rather than a byte loop: this scan runs over
                // every byte of every CSV and JSON Lines file read.
                let (chunk, found) = match memchr::memchr(b'\n', available) {
                    Some(end) => (available.get(..end).unwrap_or_default(), true),
                    None => (available, false),
                };
                length = length.saturating_add(chunk.len() as u64);
                if !too_long {
                    if self.buf.len().saturating_add(chunk.len()) > self.max.saturating_add(1) {
                        // One byte of slack for a `\r` dropped below.
                        too_long = true;
                        self.buf.clear();
                    } else {
                        self.buf.extend_from_slice(chunk);
                    }
                }
                (chunk.len() + usize::from(found), found)
            };
            self.inner.consume(consumed);
            if found {
                break;
            }
        }
        if !any {
            return LineRead::Eof;
        }
        self.next_number += 1;
        if !too_long && self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        if !too_long && self.buf.len() > self.max {
            too_long = true;
        }
        if too_long {
            self.buf.clear();
            return LineRead::TooLong { number, length };
        }
        if number == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        LineRead::Line(number)
    }
}

/// The column (from 1, in characters) of byte `offset` of `line`.
pub(crate) fn column_of(line: &[u8], offset: usize) -> u64 {
    let prefix = line.get(..offset.min(line.len())).unwrap_or_default();
    1 + prefix.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<String> {
        let mut reader = LineReader::new(input, max);
        let mut out = Vec::new();
        loop {
            match reader.read_line() {
                LineRead::Line(n) => {
                    out.push(format!("{n}:{}", String::from_utf8_lossy(reader.line())))
                }
                LineRead::TooLong { number, length } => {
                    out.push(format!("{number}:too long {length}"))
                }
                LineRead::Eof => break,
                LineRead::Io { .. } => out.push("io".into()),
            }
        }
        out
    }

    #[test]
    fn splits_lines_strips_crlf_and_bom() {
        assert_eq!(
            lines(b"\xEF\xBB\xBFa,b\r\nc\n\nd", 10),
            ["1:a,b", "2:c", "3:", "4:d"]
        );
    }

    #[test]
    fn skips_long_lines_and_goes_on() {
        assert_eq!(
            lines(b"abc\nabcdefgh\nxy\n", 4),
            ["1:abc", "2:too long 8", "3:xy"]
        );
        assert_eq!(lines(b"abcd\r\n", 4), ["1:abcd"]);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("é,x".as_bytes(), 3), 3);
        assert_eq!(column_of(b"abc", 0), 1);
    }
}
