//! `upskill evaluate`: a thin shell over `upskill::io::evaluate`.

use std::io::Write;

use upskill::io::formats::ReadOptions;
use upskill::io::formats::output::AtomicFile;
use upskill::io::report::{Style, html, json, text};
use upskill::io::{
    AsOf, DatasetFiles, DatasetPaths, EvaluateOptions, Evaluation, LedgerFormat, Source, evaluate,
    example, write_ledger,
};
use upskill::policy::AuditRow;

use crate::args::{DetailArg, EvaluateArgs, ReportFormat};
use crate::error::CliError;
use crate::progress::Progress;
use crate::style;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE};
use upskill::policy::Detail;

/// Most reader warnings printed to standard error (the rest are counted).
const WARNINGS_SHOWN: usize = 20;

/// The environment variable that sets the number of reading threads
/// (`1`: read sequentially). Default: the cores available; a larger number
/// is clamped to them.
pub(crate) const THREADS_VAR: &str = "UPSKILL_THREADS";

/// The reading threads: `UPSKILL_THREADS`, clamped to the cores available.
fn threads() -> Result<usize, CliError> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    match std::env::var(THREADS_VAR) {
        Ok(text) => match text.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n.min(cores)),
            _ => Err(CliError::Usage(format!(
                "`{THREADS_VAR}` is `{}`: give a whole number of threads, 1 or more",
                upskill::diagnostics::printable(&text)
            ))),
        },
        Err(_) => Ok(cores),
    }
}

/// The pages pulled from `--lrs`, each an input named by its URL (an xAPI
/// `StatementResult` document, read as any statement file is).
fn pulled_pages(args: &EvaluateArgs) -> Result<Vec<Source>, CliError> {
    let Some(config) = crate::lrs_cmd::config(&args.lrs)? else {
        return Ok(Vec::new());
    };
    let mut pages = Vec::new();
    let pulled = upskill::lrs::pull_pages(&config, |url, body| {
        pages.push(Source::memory(url, body.to_vec()));
        Ok(())
    })?;
    crate::lrs_cmd::tell(&config, &pulled);
    Ok(pages)
}

/// The dataset's files; the LRS's pages (`pulled`) are session inputs like
/// `--sessions` files, read instead of the directory's session files.
fn files(args: &EvaluateArgs, pulled: Vec<Source>) -> Result<DatasetFiles, CliError> {
    let given = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| Source::path(p.clone()));
    if args.example {
        let mut files = DatasetFiles::example();
        if !args.sessions.is_empty() || !pulled.is_empty() {
            files.sessions = args
                .sessions
                .iter()
                .map(|p| Source::path(p.clone()))
                .chain(pulled)
                .collect();
        }
        let replace = |slot: &mut Source, p: &Option<std::path::PathBuf>| {
            if let Some(s) = given(p) {
                *slot = s;
            }
        };
        replace(&mut files.pledge, &args.pledge);
        replace(&mut files.roster, &args.roster);
        files.leave = given(&args.leave).or(files.leave);
        files.holidays = given(&args.holidays).or(files.holidays);
        files.people = given(&args.people).or(files.people);
        files.actors = given(&args.actors);
        files.check()?;
        return Ok(files);
    }
    let mut paths = DatasetPaths::default();
    paths.dir = args.dir.clone();
    paths.pledge = given(&args.pledge);
    paths.roster = given(&args.roster);
    paths.leave = given(&args.leave);
    paths.holidays = given(&args.holidays);
    paths.people = given(&args.people);
    paths.actors = given(&args.actors);
    paths.sessions = args
        .sessions
        .iter()
        .map(|p| Source::path(p.clone()))
        .chain(pulled)
        .collect();
    paths.time_totals = args
        .time_totals
        .iter()
        .map(|p| Source::path(p.clone()))
        .collect();
    Ok(paths.resolve()?)
}

/// Runs `upskill evaluate`.
pub(crate) fn run(args: &EvaluateArgs) -> Result<u8, CliError> {
    let files = files(args, pulled_pages(args)?)?;
    if let Some(out) = &args.out {
        crate::output::refuse_inputs(out, files.all().into_iter().map(|(_, s)| s))?;
    }
    if let Some(ledger) = &args.ledger {
        let inputs = files.all().into_iter().map(|(_, s)| s);
        if crate::output::refuse_inputs(ledger, inputs).is_err()
            || args.out.as_ref() == Some(ledger)
        {
            return Err(CliError::Usage(format!(
                "`--ledger` `{}` is one of this run's inputs or its report: choose another file",
                upskill::diagnostics::printable(&ledger.display().to_string())
            )));
        }
    }
    if let Some(path) = &args.learner_weeks {
        let inputs = files.all().into_iter().map(|(_, s)| s);
        if crate::output::refuse_inputs(path, inputs).is_err()
            || args.out.as_ref() == Some(path)
            || args.ledger.as_ref() == Some(path)
        {
            return Err(CliError::Usage(format!(
                "`--learner-weeks` `{}` is one of this run's inputs or outputs: choose another file",
                upskill::diagnostics::printable(&path.display().to_string())
            )));
        }
        if !is_parquet(path) {
            return Err(CliError::Usage(format!(
                "`--learner-weeks` `{}`: the learner-week detail is written as Parquet: name the file .parquet",
                upskill::diagnostics::printable(&path.display().to_string())
            )));
        }
    }
    let as_of = match (&args.as_of, args.example) {
        (Some(text), _) => AsOf::parse(text).map_err(upskill::io::DatasetError::from)?,
        (None, true) => example::as_of(),
        (None, false) => AsOf::Now,
    };
    let total: u64 = files.sessions.iter().filter_map(Source::len).sum();
    let progress = Progress::bytes(total, "reading");
    // The example is defined over its ten weeks (it holds a few sessions of
    // the week before, on purpose).
    let (from, to) = if args.example {
        (
            args.from
                .clone()
                .or_else(|| Some(example::FROM.to_string())),
            args.to.clone().or_else(|| Some(example::TO.to_string())),
        )
    } else {
        (args.from.clone(), args.to.clone())
    };
    let mut options = EvaluateOptions {
        from,
        to,
        as_of,
        lenient: args.lenient,
        threads: threads()?,
        progress: progress.callback(),
        ..EvaluateOptions::default()
    };
    args.dialect.evaluate_options(&mut options)?;
    let read = ReadOptions::new()
        .with_lenient(args.lenient)
        .with_delimiter(options.delimiter)
        .with_encoding(options.encoding)
        .with_decimal_comma(options.decimal_comma);
    let (mappings, directory_problems) = args.mapped.load(&read)?;
    options.mappings = mappings;
    if !style::quiet() && !directory_problems.is_empty() {
        print_warnings(&directory_problems, 0);
    }
    options.engine.audit = args.ledger.is_some();
    options.engine.detail = match args.detail {
        DetailArg::Learners => Detail::Learners,
        DetailArg::Teams => Detail::Teams,
        DetailArg::None => Detail::None,
    };
    // The text report reads only the learners' totals (the learners most
    // behind), so the weekly rows, most of the memory of a large run, are
    // not built unless a Parquet file of them is asked for too.
    options.engine.learner_weeks = args.learner_weeks.is_some()
        || crate::output::report_format(args.format, args.out.as_deref()) != ReportFormat::Text;
    let evaluation = evaluate(&files, &options);
    progress.finish();
    let evaluation = evaluation.map_err(|e| {
        crate::pledge_problems::complete(
            e,
            &files.pledge,
            ReadOptions::new().with_lenient(args.lenient),
        )
    })?;
    if !style::quiet() {
        print_warnings(&evaluation.warnings, evaluation.warnings_not_listed);
    }
    if let Some(path) = &args.ledger {
        write_ledger_file(path, &evaluation.audit)?;
    }
    if let Some(path) = &args.learner_weeks {
        write_learner_weeks_file(path, &evaluation.assessment)?;
    }
    write_report(args, &evaluation)?;
    let assessment = &evaluation.assessment;

    let rejected = assessment.ledger.fates.rejected;
    if args.strict && rejected > 0 {
        let style = style::for_stderr();
        let mut stderr = std::io::stderr().lock();
        for r in assessment.ledger.rejections.iter().take(WARNINGS_SHOWN) {
            let line = format!("{}: error[{}]: {}", r.location, r.code, r.message);
            let _ = writeln!(
                stderr,
                "{}",
                style.problem(&upskill::diagnostics::printable(&line), true)
            );
        }
        if rejected > WARNINGS_SHOWN as u64 {
            let _ = writeln!(stderr, "... and {} more", rejected - WARNINGS_SHOWN as u64);
        }
        let _ = writeln!(
            stderr,
            "{} {}",
            style.error_label(),
            CliError::Strict { count: rejected }
        );
        return Ok(EXIT_UNUSABLE);
    }
    Ok(if assessment.verdict.is_positive() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

fn print_warnings(warnings: &[upskill::diagnostics::Diagnostic], not_listed: u64) {
    let style = style::for_stderr();
    let mut stderr = std::io::stderr().lock();
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        let line = upskill::diagnostics::printable(&w.to_string()).into_owned();
        let _ = writeln!(stderr, "{}", style.problem(&line, w.is_error()));
    }
    let more = warnings.len().saturating_sub(WARNINGS_SHOWN) as u64 + not_listed;
    if more > 0 {
        let _ = writeln!(stderr, "... and {more} more warnings");
    }
}

/// Whether `path` names a Parquet file (`.parquet`, `.pq`).
fn is_parquet(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq"))
}

/// Writes the per-learner-week detail to `path` as Parquet (complete or absent).
fn write_learner_weeks_file(
    path: &std::path::Path,
    assessment: &upskill::Assessment,
) -> Result<(), CliError> {
    if !is_parquet(path) {
        return Err(CliError::Usage(format!(
            "`--learner-weeks` `{}`: the learner-week detail is written as Parquet: name the file .parquet",
            upskill::diagnostics::printable(&path.display().to_string())
        )));
    }
    parquet::learner_weeks(path, assessment)
}

/// The Parquet outputs, in a build with the `arrow` feature.
#[cfg(feature = "arrow")]
mod parquet {
    use super::{AtomicFile, AuditRow, CliError};

    pub(super) fn learner_weeks(
        path: &std::path::Path,
        assessment: &upskill::Assessment,
    ) -> Result<(), CliError> {
        let name = path.display().to_string();
        let file = AtomicFile::create(path).map_err(CliError::write(&name))?;
        let file = upskill::io::arrow::write_learner_weeks(assessment, file).map_err(|e| {
            CliError::Write {
                path: name.clone(),
                source: std::io::Error::other(e),
            }
        })?;
        file.commit().map_err(CliError::write(&name))
    }

    pub(super) fn ledger(path: &std::path::Path, rows: &[AuditRow]) -> Result<(), CliError> {
        let name = path.display().to_string();
        let file = AtomicFile::create(path).map_err(CliError::write(&name))?;
        let file = upskill::io::arrow::write_ledger(rows, file).map_err(|e| CliError::Write {
            path: name.clone(),
            source: std::io::Error::other(e),
        })?;
        file.commit().map_err(CliError::write(&name))
    }
}

/// The Parquet outputs refused, in a build without the `arrow` feature.
#[cfg(not(feature = "arrow"))]
mod parquet {
    use super::{AuditRow, CliError};

    fn refused(path: &std::path::Path) -> CliError {
        CliError::Usage(format!(
            "`{}`: this build of upskill writes no Parquet (build it with the `arrow` feature)",
            upskill::diagnostics::printable(&path.display().to_string())
        ))
    }

    pub(super) fn learner_weeks(
        path: &std::path::Path,
        _assessment: &upskill::Assessment,
    ) -> Result<(), CliError> {
        Err(refused(path))
    }

    pub(super) fn ledger(path: &std::path::Path, _rows: &[AuditRow]) -> Result<(), CliError> {
        Err(refused(path))
    }
}

/// Writes the audit ledger to `path` (complete or absent), in the format
/// its extension asks for.
fn write_ledger_file(path: &std::path::Path, rows: &[AuditRow]) -> Result<(), CliError> {
    if is_parquet(path) {
        return parquet::ledger(path, rows);
    }
    let name = path.display().to_string();
    let file = AtomicFile::create(path).map_err(CliError::write(&name))?;
    let file =
        write_ledger(rows, LedgerFormat::from_path(path), file).map_err(|e| CliError::Write {
            path: name.clone(),
            source: std::io::Error::other(e),
        })?;
    file.commit().map_err(CliError::write(&name))
}

/// Streams the JSON report into `--out` (complete or absent) or standard
/// output: the text of a large report is never held whole.
fn write_json_report(args: &EvaluateArgs, evaluation: &Evaluation) -> Result<(), CliError> {
    let name = args
        .out
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let sink = crate::output::Sink::open(args.out.as_deref())?;
    let sink = match json::write(evaluation, sink) {
        Ok(sink) => sink,
        // A reader that stopped early (`| head`) is no error.
        Err(e)
            if args.out.is_none() && e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) =>
        {
            return Ok(());
        }
        Err(e) => {
            return Err(CliError::Write {
                path: name,
                source: std::io::Error::other(e),
            });
        }
    };
    sink.finish(&name)?;
    if let Some(path) = args.out.as_ref().filter(|_| !style::quiet()) {
        eprintln!(
            "wrote `{}`: verdict {}",
            upskill::diagnostics::printable(&path.display().to_string()),
            evaluation.assessment.verdict
        );
    }
    Ok(())
}

fn write_report(args: &EvaluateArgs, evaluation: &Evaluation) -> Result<(), CliError> {
    let assessment = &evaluation.assessment;
    let format = crate::output::report_format(args.format, args.out.as_deref());
    let style = if args.out.is_none() && format == ReportFormat::Text {
        style::for_stdout()
    } else {
        Style::PLAIN
    };
    let body = match format {
        ReportFormat::Text => text::render_evaluation(
            evaluation,
            &text::TextOptions {
                most_behind: args.most_behind,
                ..text::TextOptions::new(style)
            },
        ),
        ReportFormat::Json => return write_json_report(args, evaluation),
        ReportFormat::Html => html::render_evaluation(
            evaluation,
            &html::HtmlOptions {
                most_behind: args.most_behind,
                ..html::HtmlOptions::default()
            },
        ),
    };
    crate::output::write(args.out.as_deref(), body.as_bytes())?;
    if let Some(path) = args.out.as_ref().filter(|_| !style::quiet()) {
        eprintln!(
            "wrote `{}`: verdict {}",
            upskill::diagnostics::printable(&path.display().to_string()),
            assessment.verdict
        );
    }
    Ok(())
}
