//! The text encoding of an xAPI input. JSON exchanged between systems is
//! UTF-8 (RFC 8259 8.1), and plain UTF-8 is read as it is, byte for byte.
//! But Windows PowerShell 5.1 writes UTF-16 (`>` and `Out-File`), so an LRS
//! export saved there starts with a UTF-16 byte order mark: such a file is
//! transcoded to UTF-8 (by `encoding_rs`) and read, and the reader says so
//! once (`X033`, a warning at `file:1:1`), as the CSV readers do for the
//! encodings they detect (`F016`). A BOM never costs a statement.

use std::io::{self, BufRead, BufReader, Read};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use upskill_formats::diagnostics::{Diagnostic, Location};

use crate::codes::UTF16_INPUT;

/// An input as UTF-8 bytes: the input itself, or UTF-16 transcoded.
pub(crate) enum Utf8Input<R> {
    /// UTF-8 (with or without a BOM, which the splitters skip): as it is.
    Plain(R),
    /// UTF-16 with a byte order mark, transcoded (the BOM dropped).
    Utf16(BufReader<DecodeReaderBytes<R, Vec<u8>>>),
}

/// The UTF-16 encoding a byte order mark at the start of `head` names.
fn utf16_bom(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// Opens `reader` (named `file`) as UTF-8: UTF-16 with a byte order mark is
/// transcoded, and the warning saying so is returned with it.
///
/// # Errors
///
/// The error of the first read, if it fails.
pub(crate) fn open<R: BufRead>(
    mut reader: R,
    file: &str,
) -> io::Result<(Utf8Input<R>, Option<Diagnostic>)> {
    let encoding = loop {
        match reader.fill_buf() {
            Ok(head) => break utf16_bom(head),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    };
    Ok(match encoding {
        None => (Utf8Input::Plain(reader), None),
        Some(encoding) => {
            let name = encoding.name();
            let note = Diagnostic::new(
                &UTF16_INPUT,
                Location::file(file).at_line(1).at_column(1),
                format!(
                    "the file is {name} (it starts with that byte order mark); it is read as such, but JSON exchanged between systems is UTF-8 (RFC 8259 8.1): save it as UTF-8"
                ),
            );
            let decoded = DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(reader);
            (
                Utf8Input::Utf16(BufReader::with_capacity(1 << 16, decoded)),
                Some(note),
            )
        }
    })
}

impl<R: BufRead> Read for Utf8Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Utf8Input::Plain(inner) => inner.read(buf),
            Utf8Input::Utf16(inner) => inner.read(buf),
        }
    }
}

impl<R: BufRead> BufRead for Utf8Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Utf8Input::Plain(inner) => inner.fill_buf(),
            Utf8Input::Utf16(inner) => inner.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Utf8Input::Plain(inner) => inner.consume(amount),
            Utf8Input::Utf16(inner) => inner.consume(amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        bytes
    }

    fn read_all(bytes: &[u8]) -> (String, Option<String>) {
        let (mut input, note) = open(bytes, "f.json").unwrap();
        let mut text = String::new();
        input.read_to_string(&mut text).unwrap();
        (text, note.map(|n| n.to_string()))
    }

    #[test]
    fn utf8_is_read_as_it_is() {
        assert_eq!(
            read_all(b"\xEF\xBB\xBF{}"),
            ("\u{feff}{}".to_string(), None)
        );
        assert_eq!(read_all(b""), (String::new(), None));
    }

    #[test]
    fn utf16_is_transcoded_and_named_once() {
        let (text, note) = read_all(&utf16le("{\"name\":\"Ren\u{e9}\"}\n"));
        assert_eq!(text, "{\"name\":\"Ren\u{e9}\"}\n");
        assert_eq!(
            note.as_deref(),
            Some(
                "f.json:1:1: warning[X033]: the file is UTF-16LE (it starts with that byte order mark); it is read as such, but JSON exchanged between systems is UTF-8 (RFC 8259 8.1): save it as UTF-8"
            )
        );
        let mut be = vec![0xFE, 0xFF];
        for unit in "[1]".encode_utf16() {
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(read_all(&be).0, "[1]");
    }
}
