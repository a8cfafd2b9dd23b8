//! Reading one CSV or JSON Lines session file on several cores.
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

use std::path::Path;

use upskill_diagnostics::Diagnostic;
use upskill_formats::split::{ChunkPlan, DEFAULT_MIN_SPLIT_BYTES};
use upskill_formats::{
    CsvTable, DocumentKind, Format, ReadOptions, SessionItem, TextEncoding, read_sessions,
};
use upskill_policy::Assessor;

use crate::error::DatasetError;
use crate::progress::Tracked;
use crate::{EvaluateOptions, rejection, shift};

/// How to cut the file at `path` (`head`: its first bytes), or `None` to
/// read it in one piece.
///
/// A CSV file is cut only when it is UTF-8 without an Excel `sep=` line,
/// as [`upskill_formats::CsvTable`] reads its head: a chunk of a UTF-16
/// file would not start at a character, a `sep=` line is not the header
/// each chunk is read under, and each chunk would guess a Windows-1252
/// encoding from its own bytes. (The delimiter and decimal mark follow
/// from the header, which every chunk is read under, so a `;`-separated
/// UTF-8 file is cut.)
pub(crate) fn plan(
    path: &Path,
    name: &str,
    head: &[u8],
    threads: usize,
    read: &ReadOptions,
) -> Result<Option<ChunkPlan>, DatasetError> {
    if threads < 2 {
        return Ok(None);
    }
    let format = DocumentKind::Sessions.detect_format(name, head);
    if format == Format::Csv {
        let dialect = CsvTable::open(name, head, read).dialect();
        if dialect.encoding != TextEncoding::Utf8 || dialect.sep_line {
            return Ok(None);
        }
    }
    ChunkPlan::new(path, format, threads, DEFAULT_MIN_SPLIT_BYTES).map_err(|source| {
        DatasetError::Read {
            path: name.to_string(),
            source,
        }
    })
}

/// What one thread read.
struct Chunk {
    assessor: Assessor,
    warnings: Vec<Diagnostic>,
    /// Warnings past [`PROBLEMS_LISTED`](crate::PROBLEMS_LISTED), counted.
    dropped: u64,
    file_problems: Vec<Diagnostic>,
    /// A record may run over the chunk's end.
    broken: bool,
}

fn read_chunk(
    mut assessor: Assessor,
    plan: &ChunkPlan,
    name: &str,
    k: usize,
    first_line: u64,
    read: ReadOptions,
    options: &EvaluateOptions,
) -> Result<Chunk, DatasetError> {
    let read_error = |source| DatasetError::Read {
        path: name.to_string(),
        source,
    };
    let (input, by) = plan
        .open_chunk(k, first_line, |r| Tracked::new(r, options.progress.clone()))
        .map_err(read_error)?;
    // The head was read as UTF-8 (see `plan`): every chunk is, whatever its
    // own bytes would suggest, as the file read in one piece is.
    let read = match plan.format() {
        Format::Csv => read.with_encoding(Some(TextEncoding::Utf8)),
        _ => read,
    };
    let mut reader = read_sessions(name, input, Some(plan.format()), read);
    let mut warnings = Vec::new();
    let mut dropped = 0u64;
    let mut broken = false;
    while let Some(item) = reader.next_session() {
        match item {
            SessionItem::Clean(clean) => assessor.ingest_with(&clean.session, || {
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
                    if warnings.len() < crate::PROBLEMS_LISTED {
                        warnings.push(w);
                    } else {
                        dropped += 1;
                    }
                }
                assessor.ingest_at(&session.value, Some(&session.location));
            }
            SessionItem::Read(Err(rejected)) => {
                let mut all = rejected.into_diagnostics();
                for d in &mut all {
                    shift(&mut d.location, by);
                    broken |= plan.breaks_records(d);
                }
                if let Some((reason, others)) = all.split_first() {
                    assessor.reject(rejection(reason, others));
                }
            }
        }
    }
    let mut file_problems = reader.take_file_problems();
    if k > 0 {
        // The header's own problems are reported once, by the first chunk.
        file_problems.retain(|d| d.location.line.is_some_and(|line| line > 1));
        for d in &mut file_problems {
            shift(&mut d.location, by);
        }
    }
    Ok(Chunk {
        assessor,
        warnings,
        dropped,
        file_problems,
        broken,
    })
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
    plan: &ChunkPlan,
    read: ReadOptions,
    options: &EvaluateOptions,
) -> Result<Option<(Vec<Diagnostic>, u64)>, DatasetError> {
    let name = name.to_string();
    let chunks = plan.len();
    // First the lines of every chunk (but the last), to number lines.
    let counts: Vec<Result<u64, DatasetError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..chunks.saturating_sub(1))
            .map(|k| {
                let name = &name;
                scope.spawn(move || {
                    plan.count_lines(k).map_err(|source| DatasetError::Read {
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
                scope.spawn(move || read_chunk(fork, plan, name, k, first_line, read, options))
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
        !(c.broken && k < last) && (k == 0 || c.file_problems.is_empty())
    });
    if !proven {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut file_problems = Vec::new();
    let mut dropped = 0u64;
    let mut merged: Option<Assessor> = None;
    for c in read_chunks {
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
