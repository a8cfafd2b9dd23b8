//! Cutting one CSV or JSON Lines file into chunks that can be read on
//! several threads, each with the line numbers of the whole file.
//!
//! A file is cut at line ends into up to `n` chunks. A CSV chunk after the
//! first is read with the header line put before it. A CSV quoted field may
//! run over several lines, so a cut might fall inside one; the reader of
//! the chunks proves the cuts right afterwards: if no chunk but the last
//! finds a quoted field left open ([`ChunkPlan::breaks_records`]), every
//! record ended within its chunk and, by induction from the first chunk
//! (which starts where the file does), every cut is a record boundary.
//! Otherwise the chunks must be thrown away and the file read in one piece.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::Format;
use crate::codes::MALFORMED_CSV;
use crate::diagnostics::Diagnostic;

/// Writes `input`, a CSV file in `encoding`, to `output` as UTF-8: exactly
/// the text the readers read from it (the same transcoding), so that a
/// copy of a UTF-16 or Windows-1252 file can be cut into chunks as a UTF-8
/// file is. Its lines and characters are the file's, so locations (lines,
/// columns in characters) are the same. Returns the bytes written.
///
/// # Errors
///
/// The operating system's error when `input` cannot be read or `output`
/// written.
pub fn transcode_to_utf8<R: BufRead, W: std::io::Write>(
    input: R,
    encoding: crate::TextEncoding,
    mut output: W,
) -> std::io::Result<u64> {
    let mut text = crate::dialect::transcoder(input, encoding);
    std::io::copy(&mut text, &mut output)
}

/// Files smaller than this are read in one piece by default.
pub const DEFAULT_MIN_SPLIT_BYTES: u64 = 128 << 10;

/// The longest CSV header line looked for (a longer one: no chunks).
const MAX_HEADER: u64 = 64 << 10;

/// How to cut one file into chunks.
#[derive(Debug, Clone)]
pub struct ChunkPlan {
    path: PathBuf,
    format: Format,
    /// Chunk `k` is bytes `cuts[k]..cuts[k + 1]`.
    cuts: Vec<u64>,
    /// The CSV header line, with its line end, put before every chunk but the first.
    header: Vec<u8>,
}

impl ChunkPlan {
    /// Plans up to `chunks` chunks of the regular file at `path` in
    /// `format`; `None` when it should be read in one piece: fewer than two
    /// chunks, a file under `min_bytes`, a format other than CSV or JSON
    /// Lines, a CSV header with a quote or over 64 KiB, or a byte-order
    /// mark where a chunk would start.
    ///
    /// # Errors
    ///
    /// The operating system's error when the file cannot be read.
    pub fn new(
        path: &Path,
        format: Format,
        chunks: usize,
        min_bytes: u64,
    ) -> std::io::Result<Option<ChunkPlan>> {
        if chunks < 2 || !matches!(format, Format::Csv | Format::JsonLines) {
            return Ok(None);
        }
        let mut file = File::open(path)?;
        let len = file.metadata()?.len();
        if len < min_bytes {
            return Ok(None);
        }
        let mut header = Vec::new();
        if format == Format::Csv {
            BufReader::new((&mut file).take(MAX_HEADER)).read_until(b'\n', &mut header)?;
            let blank = header.iter().all(|b| b.is_ascii_whitespace());
            if header.last() != Some(&b'\n') || header.contains(&b'"') || blank {
                return Ok(None);
            }
        }
        let mut cuts = vec![0];
        for k in 1..chunks {
            // Past the header's line end: the first chunk holds a record
            // line at least (a chunk of the header alone would be read as
            // an input without records).
            let target = (len / chunks as u64)
                .saturating_mul(k as u64)
                .max(header.len() as u64 + 1);
            file.seek(SeekFrom::Start(target.saturating_sub(1)))?;
            let mut skipped = Vec::new();
            let n = BufReader::new(&mut file).read_until(b'\n', &mut skipped)?;
            let cut = target.saturating_sub(1).saturating_add(n as u64);
            if skipped.last() == Some(&b'\n')
                && cut < len
                && cuts.last().is_some_and(|last| *last < cut)
            {
                cuts.push(cut);
            }
        }
        cuts.push(len);
        if cuts.len() < 3 {
            return Ok(None);
        }
        // A byte-order mark is dropped only at the start of the file: a
        // chunk starting with one would be read differently.
        for cut in cuts.iter().skip(1) {
            file.seek(SeekFrom::Start(*cut))?;
            let mut start = [0u8; 3];
            let n = file.read(&mut start)?;
            if n == 3 && start == *b"\xEF\xBB\xBF" {
                return Ok(None);
            }
        }
        Ok(Some(ChunkPlan {
            path: path.to_path_buf(),
            format,
            cuts,
            header,
        }))
    }

    /// The format of every chunk.
    pub fn format(&self) -> Format {
        self.format
    }

    /// How many chunks.
    pub fn len(&self) -> usize {
        self.cuts.len().saturating_sub(1)
    }

    /// Whether there are no chunks (never, for a plan that [`ChunkPlan::new`] made).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn range(&self, k: usize) -> (u64, u64) {
        match (self.cuts.get(k), self.cuts.get(k + 1)) {
            (Some(start), Some(end)) => (*start, end.saturating_sub(*start)),
            _ => (0, 0),
        }
    }

    fn open_range(&self, k: usize) -> std::io::Result<std::io::Take<File>> {
        let (start, len) = self.range(k);
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(start))?;
        Ok(file.take(len))
    }

    /// The number of line ends in chunk `k`: chunk `k + 1` starts on line
    /// 1 + the sum of the counts of chunks `0..=k`.
    ///
    /// # Errors
    ///
    /// The operating system's error when the file cannot be read.
    pub fn count_lines(&self, k: usize) -> std::io::Result<u64> {
        let mut reader = BufReader::with_capacity(1 << 16, self.open_range(k)?);
        let mut lines = 0u64;
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(lines);
            }
            lines += buf.iter().filter(|&&b| b == b'\n').count() as u64;
            let n = buf.len();
            reader.consume(n);
        }
    }

    /// Chunk `k` as a reader of its format (a CSV chunk after the first
    /// starts with the header line), wrapped by `wrap` (for progress), and
    /// the number to add to each line the reader reports to get the file's
    /// line, given that the chunk starts on the file's line `first_line`.
    ///
    /// # Errors
    ///
    /// The operating system's error when the file cannot be opened.
    pub fn open_chunk<'a, R: Read + 'a>(
        &'a self,
        k: usize,
        first_line: u64,
        wrap: impl FnOnce(std::io::Take<File>) -> R,
    ) -> std::io::Result<(Box<dyn BufRead + 'a>, u64)> {
        let body = BufReader::with_capacity(1 << 16, wrap(self.open_range(k)?));
        // Lines are numbered from 1 in the chunk (after the header put
        // before it): the shift makes them the file's numbers.
        let (header, by): (&[u8], u64) = match (k, self.format) {
            (0, _) => (&[], 0),
            (_, Format::Csv) => (&self.header, first_line.saturating_sub(2)),
            _ => (&[], first_line.saturating_sub(1)),
        };
        Ok((Box::new(header.chain(body)), by))
    }

    /// Whether `problem`, found in a chunk that is not the last, means a
    /// record may run over the chunk's end (a CSV quoted field left open).
    pub fn breaks_records(&self, problem: &Diagnostic) -> bool {
        self.format == Format::Csv && problem.code == MALFORMED_CSV.code
    }
}
