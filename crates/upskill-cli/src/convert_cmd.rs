//! `upskill convert IN OUT`: sessions, roster, leave or time totals from CSV
//! (or JSON Lines, JSON) to Parquet, and from Parquet or Arrow IPC to CSV.
//!
//! Every record is read by the readers `evaluate` uses, so a file converts
//! only if every record reads: a rejected record is listed (with its code
//! and location) and nothing is written. The output is complete or absent.

use std::borrow::Borrow;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use upskill::io::arrow::{self as columnar, ColumnarFormat, ColumnarInput};
use upskill::io::formats::diagnostics::Diagnostic;
use upskill::io::formats::output::AtomicFile;
use upskill::io::formats::{
    CsvRow, CsvTable, CsvWriter, LeaveEntry, Located, ReadOptions, Rejected,
};

use crate::error::CliError;
use crate::{EXIT_OK, EXIT_UNUSABLE};

/// Most problems printed before `... and N more`.
const SHOWN: usize = 20;

/// `upskill convert`.
#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    /// The file to read: CSV, JSON Lines or a JSON array (written as
    /// Parquet), or Parquet or Arrow IPC (written as CSV); told by its
    /// first bytes, then its name.
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// The file to write: Parquet for .parquet or .pq, CSV otherwise.
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
    /// What the file holds [default: told by its columns].
    #[arg(long, value_enum)]
    pub kind: Option<ConvertKind>,
    /// Read unknown columns and fields as warnings rather than errors.
    #[arg(long)]
    pub lenient: bool,
    /// CSV to Parquet: keep every cell as the text written (every column
    /// Utf8), bad records included, rather than typed columns of the
    /// records read; `evaluate` then gives each row the fate it gets in
    /// the CSV file.
    #[arg(long)]
    pub as_text: bool,
    #[command(flatten)]
    pub dialect: crate::map_cmd::DialectArgs,
}

/// The record kinds `convert` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConvertKind {
    /// Learning-session records.
    Sessions,
    /// The roster.
    Roster,
    /// Leave.
    Leave,
    /// Time-spent totals.
    TimeTotals,
}

/// The kind the columns `names` suggest.
fn kind_of(names: &[String]) -> Option<ConvertKind> {
    let has = |n: &str| names.iter().any(|c| c.trim().eq_ignore_ascii_case(n));
    if has("record_id") && has("start") {
        Some(ConvertKind::Sessions)
    } else if has("record_id") && (has("date") || has("week")) {
        Some(ConvertKind::TimeTotals)
    } else if has("learner_id") && has("from") && has("to") {
        Some(ConvertKind::Leave)
    } else if has("learner_id") && !has("record_id") {
        Some(ConvertKind::Roster)
    } else {
        None
    }
}

fn usage(message: String) -> CliError {
    CliError::Usage(message)
}

fn shown(path: &Path) -> String {
    upskill::diagnostics::printable(&path.display().to_string()).into_owned()
}

/// Runs `upskill convert`.
pub(crate) fn run(args: &ConvertArgs) -> Result<u8, CliError> {
    let name = args.input.display().to_string();
    crate::output::refuse_inputs(
        &args.output,
        std::iter::once(&upskill::io::Source::path(args.input.clone())),
    )?;
    let read_error = |source| CliError::Read {
        path: name.clone(),
        source,
    };
    let mut head = Vec::new();
    {
        use std::io::Read;
        std::fs::File::open(&args.input)
            .map_err(read_error)?
            .take(64 << 10)
            .read_to_end(&mut head)
            .map_err(read_error)?;
    }
    let from_columnar = ColumnarFormat::detect(&name, &head).is_some();
    let to_parquet = ColumnarFormat::from_name(&args.output.display().to_string())
        == Some(ColumnarFormat::Parquet);
    if from_columnar == to_parquet {
        return Err(usage(format!(
            "`upskill convert` turns CSV (or JSON Lines) into Parquet and Parquet or Arrow into CSV: `{}` to `{}` is neither; name the output .parquet or .csv",
            shown(&args.input),
            shown(&args.output)
        )));
    }
    let read = args.dialect.read_options()?.with_lenient(args.lenient);
    let kind = match args.kind {
        Some(kind) => kind,
        None => {
            let names = column_names(&args.input, &name, &head, from_columnar, &read)?;
            kind_of(&names).ok_or_else(|| {
                usage(format!(
                    "cannot tell what `{}` holds from its columns: give --kind sessions, roster, leave or time-totals",
                    shown(&args.input)
                ))
            })?
        }
    };
    if args.as_text {
        if from_columnar {
            return Err(usage(
                "`--as-text` keeps the cells of a CSV file: the input is already columnar"
                    .to_string(),
            ));
        }
        let out = AtomicFile::create(&args.output)
            .map_err(CliError::write(&args.output.display().to_string()))?;
        return as_text(args, &name, read, out);
    }
    let out = AtomicFile::create(&args.output)
        .map_err(CliError::write(&args.output.display().to_string()))?;
    let outcome = match kind {
        ConvertKind::Sessions => convert(
            args,
            &name,
            from_columnar,
            read,
            columnar::read_sessions,
            |n, i, r| upskill::io::formats::read_sessions(n, i, None, r),
            |rows, out| columnar::write_sessions(rows, out),
            out,
        ),
        ConvertKind::Roster => convert(
            args,
            &name,
            from_columnar,
            read,
            columnar::read_roster,
            |n, i, r| upskill::io::formats::read_roster(n, i, None, r),
            |rows, out| columnar::write_roster(rows, out),
            out,
        ),
        ConvertKind::Leave => convert::<LeaveEntry, _, _>(
            args,
            &name,
            from_columnar,
            read,
            columnar::read_leave,
            |n, i, r| upskill::io::formats::read_leave(n, i, None, r),
            |rows, out| columnar::write_leave(rows, out),
            out,
        ),
        ConvertKind::TimeTotals => convert(
            args,
            &name,
            from_columnar,
            read,
            columnar::read_time_totals,
            |n, i, r| upskill::io::formats::read_time_totals(n, i, None, r),
            |rows, out| columnar::write_time_totals(rows, out),
            out,
        ),
    }?;
    Ok(outcome)
}

/// The column names of the input (its header, or its schema).
fn column_names(
    path: &Path,
    name: &str,
    head: &[u8],
    from_columnar: bool,
    read: &ReadOptions,
) -> Result<Vec<String>, CliError> {
    if from_columnar {
        let input = ColumnarInput::open(path).map_err(|source| CliError::Read {
            path: name.to_string(),
            source,
        })?;
        // A roster's layout accepts any columns it knows and names the others.
        let reader = columnar::read_roster(name, input, read.with_lenient(true))
            .map_err(|e| usage(e.to_string()))?;
        return Ok(reader.column_names().to_vec());
    }
    if head.first().is_some_and(|b| matches!(b, b'{' | b'[')) {
        // JSON: the first record's members.
        let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
        let names = serde_json::from_slice::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
            .unwrap_or_default();
        return Ok(names);
    }
    let file = std::fs::File::open(path).map_err(|source| CliError::Read {
        path: name.to_string(),
        source,
    })?;
    let table = CsvTable::open(name, BufReader::new(file), read);
    Ok(table.header().iter().map(|c| c.name.clone()).collect())
}

type Item<T> = Result<Located<T>, Rejected>;

/// Reads every record of the input and writes them; `EXIT_OK`, or the
/// problems printed and `EXIT_UNUSABLE` with nothing written.
#[allow(
    clippy::too_many_arguments,
    reason = "one call per record kind, each naming its reader and writer"
)]
fn convert<T, C, P>(
    args: &ConvertArgs,
    name: &str,
    from_columnar: bool,
    read: ReadOptions,
    read_columnar: fn(
        &str,
        ColumnarInput,
        ReadOptions,
    ) -> Result<columnar::ColumnarReader<T>, columnar::ColumnarError>,
    read_text: C,
    write_parquet: P,
    out: AtomicFile,
) -> Result<u8, CliError>
where
    T: CsvRow + 'static,
    C: FnOnce(
        &str,
        BufReader<std::fs::File>,
        ReadOptions,
    ) -> upskill::io::formats::Reader<BufReader<std::fs::File>, T>,
    P: FnOnce(&mut dyn Iterator<Item = T>, AtomicFile) -> Result<AtomicFile, columnar::WriteError>,
{
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut rejected = 0u64;
    let mut take = |item: Item<T>, problems: &mut Vec<Diagnostic>| match item {
        Ok(located) => {
            problems.extend(located.warnings);
            Some(located.value)
        }
        Err(r) => {
            rejected += 1;
            problems.extend(r.into_diagnostics());
            None
        }
    };
    let written: Result<AtomicFile, String> = if from_columnar {
        let input = ColumnarInput::open(&args.input).map_err(|source| CliError::Read {
            path: name.to_string(),
            source,
        })?;
        let mut reader = match read_columnar(name, input, read) {
            Ok(reader) => reader,
            Err(error) => {
                print(&[error.to_diagnostic()]);
                return Ok(EXIT_UNUSABLE);
            }
        };
        problems.extend(reader.take_file_problems());
        let result = write_csv(
            &mut reader.by_ref().filter_map(|item| take(item, &mut problems)),
            out,
        );
        problems.extend(reader.take_file_problems());
        result
    } else {
        let file = std::fs::File::open(&args.input).map_err(|source| CliError::Read {
            path: name.to_string(),
            source,
        })?;
        let mut reader = read_text(name, BufReader::new(file), read);
        problems.extend(reader.take_file_problems());
        let result = write_parquet(
            &mut reader.by_ref().filter_map(|item| take(item, &mut problems)),
            out,
        )
        .map_err(|e| e.to_string());
        problems.extend(reader.take_file_problems());
        result
    };
    let errors = problems.iter().filter(|d| d.is_error()).count();
    print(&problems);
    if errors > 0 || rejected > 0 {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "{} `{}` not written: {errors} error{} in `{}`",
            crate::style::for_stderr().error_label(),
            shown(&args.output),
            if errors == 1 { "" } else { "s" },
            upskill::diagnostics::printable(name)
        );
        return Ok(EXIT_UNUSABLE);
    }
    let file = written.map_err(|message| CliError::Write {
        path: args.output.display().to_string(),
        source: std::io::Error::other(message),
    })?;
    file.commit()
        .map_err(CliError::write(&args.output.display().to_string()))?;
    Ok(EXIT_OK)
}

/// `--as-text`: the CSV file's cells as Utf8 columns.
fn as_text(
    args: &ConvertArgs,
    name: &str,
    read: ReadOptions,
    out: AtomicFile,
) -> Result<u8, CliError> {
    let file = std::fs::File::open(&args.input).map_err(|source| CliError::Read {
        path: name.to_string(),
        source,
    })?;
    let mut table = CsvTable::open(name, BufReader::new(file), &read);
    let mut problems = table.take_file_problems();
    let names: Vec<String> = table.header().iter().map(|c| c.name.clone()).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut bad = Vec::new();
    let rows = std::iter::from_fn(|| {
        loop {
            match table.next_row()? {
                Ok(row) => {
                    return Some(
                        row.values
                            .iter()
                            .map(|v| v.map(str::to_string))
                            .collect::<Vec<_>>(),
                    );
                }
                Err(rejected) => bad.extend(rejected.into_diagnostics()),
            }
        }
    });
    let written = columnar::write_text_columns(&refs, rows, out);
    problems.extend(bad);
    print(&problems);
    let errors = problems.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{} `{}` not written: {errors} error{} in `{}` (rows that are not CSV records cannot be kept)",
            crate::style::for_stderr().error_label(),
            shown(&args.output),
            if errors == 1 { "" } else { "s" },
            upskill::diagnostics::printable(name)
        );
        return Ok(EXIT_UNUSABLE);
    }
    let file = written.map_err(|e| CliError::Write {
        path: args.output.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    file.commit()
        .map_err(CliError::write(&args.output.display().to_string()))?;
    Ok(EXIT_OK)
}

fn write_csv<T: CsvRow>(
    rows: &mut dyn Iterator<Item = T>,
    out: AtomicFile,
) -> Result<AtomicFile, String> {
    let mut writer = CsvWriter::<AtomicFile, T>::new(out).map_err(|e| e.to_string())?;
    for row in rows {
        writer.write(row.borrow()).map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())
}

fn print(problems: &[Diagnostic]) {
    if crate::style::quiet() {
        return;
    }
    let style = crate::style::for_stderr();
    let mut stderr = std::io::stderr().lock();
    for d in problems.iter().take(SHOWN) {
        let line = upskill::diagnostics::printable(&d.to_string()).into_owned();
        let _ = writeln!(stderr, "{}", style.problem(&line, d.is_error()));
    }
    if problems.len() > SHOWN {
        let _ = writeln!(stderr, "... and {} more", problems.len() - SHOWN);
    }
}
