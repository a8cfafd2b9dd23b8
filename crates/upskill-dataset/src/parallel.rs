//! Reading one CSV or JSON Lines session file on several cores, in the
//! canonical layout or through a sessions mapping (a mapped UTF-8 CSV file).
//!
//! The file is cut at line ends into one chunk per thread
//! ([`upskill_formats::split::ChunkPlan`]), each chunk is read by its own
//! thread into its own [`Assessor::fork`], and the forks are merged in file
//! order. The result is the sequential one, byte for byte: locations keep
//! their line numbers (each chunk knows the line it starts on), warnings
//! keep their order, and merging is exact ([`Assessor::merge`]).
//!
//! Memory stays bounded on this path too: each fork rejects a learner's
//! records past the engine's per-learner limit as it reads them, so a chunk
//! never keeps more than the limit per learner. When the merged counts pass
//! the limit, the file is read again on one thread, where the limit is
//! applied in reading order.

use std::fs::File;
use std::path::Path;

use upskill_diagnostics::Diagnostic;
use upskill_formats::split::ChunkPlan;
use upskill_formats::{
    CsvTable, Dialect, DocumentKind, Format, ReadOptions, SessionItem, TextEncoding, read_sessions,
};
use upskill_mapping::{MapContext, Mapping};
use upskill_policy::Assessor;

use crate::error::DatasetError;
use crate::progress::Tracked;
use crate::{EvaluateOptions, rejection, shift};

/// How the records of a session file are read: in the canonical layout,
/// or through a sessions mapping.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Records<'m> {
    /// The canonical reader (`read_sessions`).
    Canonical,
    /// The mapped reader (`read_mapped_sessions`).
    Mapped {
        mapping: &'m Mapping,
        context: MapContext<'m>,
    },
}

/// A cut file: the chunks, and the dialect every chunk after the first is
/// read in (the file's).
pub(crate) struct Plan {
    chunks: ChunkPlan,
    dialect: Option<Dialect>,
    /// A UTF-8 copy of a file in another encoding, which is cut instead
    /// of the file (removed when the plan is dropped); every chunk of it,
    /// the first too, is read in the file's dialect.
    copy: Option<tempfile::TempPath>,
    /// The file's dialect guesses, which no chunk of a copy makes: the
    /// first chunk reports them where the one-piece reading does.
    notes: Vec<Diagnostic>,
}

/// The dialect guesses among a reader's first file problems.
fn guesses(problems: &[Diagnostic]) -> Vec<Diagnostic> {
    use upskill_formats::codes::{GUESSED_DECIMAL_COMMA, GUESSED_DELIMITER, GUESSED_ENCODING};
    problems
        .iter()
        .filter(|d| {
            [GUESSED_ENCODING, GUESSED_DELIMITER, GUESSED_DECIMAL_COMMA]
                .iter()
                .any(|c| c.code == d.code)
        })
        .cloned()
        .collect()
}

/// How to cut the file at `path` (`head`: its first bytes), or `None` to
/// read it in one piece.
///
/// A CSV file is read as the reader of `records` reads it: a mapped file
/// in the dialect its mapping gives, or detected; every chunk after the
/// first in that dialect (delimiter, decimal mark), so a `;`-separated
/// file is cut. A file with an Excel `sep=` line is read in one piece (the
/// line is not the header each chunk is read under). A file in another
/// encoding than UTF-8 (UTF-16, Windows-1252) is transcoded once to a
/// UTF-8 copy, as its reader would transcode it, and the copy is cut (a
/// chunk of a UTF-16 file would not start at a character).
pub(crate) fn plan(
    path: &Path,
    name: &str,
    head: &[u8],
    threads: usize,
    read: &ReadOptions,
    records: Records<'_>,
    min_bytes: u64,
) -> Result<Option<Plan>, DatasetError> {
    let io_error = |source| DatasetError::Read {
        path: name.to_string(),
        source,
    };
    if threads < 2 {
        return Ok(None);
    }
    let open = || -> std::io::Result<std::io::BufReader<File>> {
        Ok(std::io::BufReader::new(File::open(path)?))
    };
    let (format, opened) = match records {
        Records::Canonical => {
            let format = DocumentKind::Sessions.detect_format(name, head);
            let opened = match format {
                Format::Csv => {
                    let table = CsvTable::open(name, open().map_err(io_error)?, read);
                    Some((table.dialect(), guesses(table.file_problems())))
                }
                _ => None,
            };
            (format, opened)
        }
        Records::Mapped { mapping, context } => {
            let input = open().map_err(io_error)?;
            // A mapping that does not fit the file: read in one piece, where
            // the error is reported.
            match upskill_mapping::read_mapped_sessions(name, input, mapping, context, *read) {
                Ok(reader) => (
                    Format::Csv,
                    Some((reader.dialect(), guesses(reader.file_problems()))),
                ),
                Err(_) => return Ok(None),
            }
        }
    };
    let dialect = opened.as_ref().map(|(dialect, _)| *dialect);
    let (copy, notes) = match opened {
        Some((dialect, _)) if dialect.sep_line => return Ok(None),
        Some((dialect, notes)) if dialect.encoding != TextEncoding::Utf8 => {
            if std::fs::metadata(path).map_err(io_error)?.len() < min_bytes {
                return Ok(None);
            }
            let copy = tempfile::NamedTempFile::new().map_err(io_error)?;
            let mut output = std::io::BufWriter::with_capacity(1 << 16, copy.as_file());
            upskill_formats::split::transcode_to_utf8(
                open().map_err(io_error)?,
                dialect.encoding,
                &mut output,
            )
            .and_then(|_| std::io::Write::flush(&mut output))
            .map_err(io_error)?;
            drop(output);
            (Some(copy.into_temp_path()), notes)
        }
        _ => (None, Vec::new()),
    };
    let cut = copy.as_deref().unwrap_or(path);
    let min_bytes = if copy.is_some() { 0 } else { min_bytes };
    let chunks = ChunkPlan::new(cut, format, threads, min_bytes).map_err(io_error)?;
    Ok(chunks.map(|chunks| Plan {
        chunks,
        dialect,
        copy,
        notes,
    }))
}

/// What one thread read.
struct Chunk {
    assessor: Assessor,
    /// Problems of the file found on opening it (a mapped file's dialect
    /// notes), reported before its records' (the first chunk's only).
    head_problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Warnings past [`PROBLEMS_LISTED`](crate::PROBLEMS_LISTED), counted.
    dropped: u64,
    file_problems: Vec<Diagnostic>,
    /// A record may run over the chunk's end.
    broken: bool,
}

/// Where one chunk's records go: what [`read_chunk`] gathers.
struct Sink<'p> {
    plan: &'p ChunkPlan,
    /// Lines to add to the chunk reader's to get the file's.
    by: u64,
    chunk: Chunk,
}

impl Sink<'_> {
    /// Takes one record (ingested or rejected) as the one-piece reading does.
    fn take(&mut self, item: SessionItem<'_>) {
        let (by, chunk) = (self.by, &mut self.chunk);
        match item {
            SessionItem::Clean(clean) => chunk.assessor.ingest_with(&clean.session, || {
                let mut location = clean.location();
                shift(&mut location, by);
                location
            }),
            SessionItem::Read(Ok(mut session)) => {
                shift(&mut session.location, by);
                for w in &mut session.warnings {
                    shift(&mut w.location, by);
                }
                for w in session.warnings.drain(..) {
                    if chunk.warnings.len() < crate::PROBLEMS_LISTED {
                        chunk.warnings.push(w);
                    } else {
                        chunk.dropped += 1;
                    }
                }
                chunk
                    .assessor
                    .ingest_at(&session.value, Some(&session.location));
            }
            SessionItem::Read(Err(rejected)) => {
                let mut all = rejected.into_diagnostics();
                for d in &mut all {
                    shift(&mut d.location, by);
                    chunk.broken |= self.plan.breaks_records(d);
                }
                if let Some((reason, others)) = all.split_first() {
                    chunk.assessor.reject(rejection(reason, others));
                }
            }
        }
    }

    /// Problems of the file found by chunk `k`'s reader: the header's are
    /// reported once, by the first chunk.
    fn file_problems(&self, k: usize, mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if k > 0 {
            problems.retain(|d| d.location.line.is_some_and(|line| line > 1));
            for d in &mut problems {
                shift(&mut d.location, self.by);
            }
        }
        problems
    }
}

fn read_chunk(
    assessor: Assessor,
    plan: &Plan,
    name: &str,
    k: usize,
    first_line: u64,
    (read, records): (ReadOptions, Records<'_>),
    options: &EvaluateOptions,
) -> Result<Chunk, DatasetError> {
    let read_error = |source| DatasetError::Read {
        path: name.to_string(),
        source,
    };
    let (input, by) = plan
        .chunks
        .open_chunk(k, first_line, |r| Tracked::new(r, options.progress.clone()))
        .map_err(read_error)?;
    // The head was read as UTF-8 (see `plan`): every chunk is, whatever its
    // own bytes would suggest, as the file read in one piece is; and every
    // chunk after the first in the head's delimiter and decimal mark.
    let read = match (plan.chunks.format(), plan.dialect) {
        (Format::Csv, Some(dialect)) if k > 0 || plan.copy.is_some() => {
            let mut read = read.with_encoding(Some(TextEncoding::Utf8));
            read.delimiter = Some(dialect.delimiter);
            read.decimal_comma = Some(dialect.decimal_comma);
            read
        }
        (Format::Csv, _) => read.with_encoding(Some(TextEncoding::Utf8)),
        _ => read,
    };
    let mut sink = Sink {
        plan: &plan.chunks,
        by,
        chunk: Chunk {
            assessor,
            head_problems: Vec::new(),
            warnings: Vec::new(),
            dropped: 0,
            file_problems: Vec::new(),
            broken: false,
        },
    };
    // The dialect guesses of a transcoded file, first where the one-piece
    // reading puts them (its reader's first problems).
    let notes = match k {
        0 => plan.notes.clone(),
        _ => Vec::new(),
    };
    let file_problems = match records {
        Records::Canonical => {
            let mut reader = read_sessions(name, input, Some(plan.chunks.format()), read);
            while let Some(item) = reader.next_session() {
                sink.take(item);
            }
            let mut problems = notes;
            problems.extend(reader.take_file_problems());
            problems
        }
        Records::Mapped { mapping, context } => {
            let mut reader =
                upskill_mapping::read_mapped_sessions(name, input, mapping, context, read)
                    .map_err(|e| crate::mapped::mapping_error(name, e))?;
            let mut head = notes;
            head.extend(reader.take_file_problems());
            sink.chunk.head_problems = sink.file_problems(k, head);
            while let Some(item) = reader.next_session() {
                sink.take(item);
            }
            reader.take_file_problems()
        }
    };
    sink.chunk.file_problems = sink.file_problems(k, file_problems);
    Ok(sink.chunk)
}

fn joined<T>(
    result: std::thread::Result<Result<T, DatasetError>>,
    name: &str,
) -> Result<T, DatasetError> {
    result.unwrap_or_else(|_| {
        Err(DatasetError::Read {
            path: name.to_string(),
            source: std::io::Error::other("a reading thread stopped"),
        })
    })
}

/// Reads the file as `plan` cuts it into `assessor`, returning the problems
/// found (in sequential order); `None` when the cuts cannot be proven to
/// fall between records, or a learner passed the record limit across
/// chunks (nothing is then added to `assessor`). The count beside the
/// problems is of warnings a chunk dropped past the listing cap.
pub(crate) fn read(
    assessor: &mut Assessor,
    name: &str,
    plan: &Plan,
    reading: (ReadOptions, Records<'_>),
    options: &EvaluateOptions,
) -> Result<Option<(Vec<Diagnostic>, u64)>, DatasetError> {
    let name = name.to_string();
    let chunks = plan.chunks.len();
    // First the lines of every chunk (but the last), to number lines.
    let counts: Vec<Result<u64, DatasetError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..chunks.saturating_sub(1))
            .map(|k| {
                let name = &name;
                scope.spawn(move || {
                    plan.chunks
                        .count_lines(k)
                        .map_err(|source| DatasetError::Read {
                            path: name.clone(),
                            source,
                        })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| joined(h.join(), &name))
            .collect()
    });
    let mut first_lines = vec![1u64];
    for count in counts {
        let next = first_lines.last().copied().unwrap_or(1) + count?;
        first_lines.push(next);
    }
    let results: Vec<Result<Chunk, DatasetError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = first_lines
            .iter()
            .enumerate()
            .map(|(k, first_line)| {
                let (fork, name, first_line) = (assessor.fork(), &name, *first_line);
                scope.spawn(move || read_chunk(fork, plan, name, k, first_line, reading, options))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| joined(h.join(), &name))
            .collect()
    });
    let mut read_chunks = Vec::with_capacity(chunks);
    for result in results {
        read_chunks.push(result?);
    }
    let last = read_chunks.len().saturating_sub(1);
    let proven = read_chunks.iter().enumerate().all(|(k, c)| {
        // Any problem of the file but the header's: read it in one piece.
        !(c.broken && k < last)
            && (k == 0 || (c.file_problems.is_empty() && c.head_problems.is_empty()))
    });
    if !proven {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut file_problems = Vec::new();
    let mut dropped = 0u64;
    let mut merged: Option<Assessor> = None;
    for c in read_chunks {
        // Before every record's (only the first chunk has any).
        problems.extend(c.head_problems);
        problems.extend(c.warnings);
        dropped += c.dropped;
        file_problems.extend(c.file_problems);
        merged = Some(match merged {
            None => c.assessor,
            // Forks of one assessor always merge.
            Some(m) => match m.merge(c.assessor) {
                Ok(m) => m,
                Err(_) => return Ok(None),
            },
        });
    }
    let Some(merged) = merged else {
        return Ok(None);
    };
    if assessor.record_limit_exceeded_with(&merged) {
        return Ok(None);
    }
    let before = std::mem::replace(assessor, merged.fork());
    *assessor = match before.merge(merged) {
        Ok(m) => m,
        Err(_) => return Ok(None),
    };
    problems.extend(file_problems);
    Ok(Some((problems, dropped)))
}
