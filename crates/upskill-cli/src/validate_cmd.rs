//! `upskill validate`: every problem of each file, located and coded.

use std::path::PathBuf;

use upskill::chrono::DateTime;
use upskill::io::formats::{DocumentKind, collect_roster, read_roster};
use upskill::validate::{
    Input as SchemaInput, ValidateOptions, ValidationReport, render_sarif, render_text, validate,
    validate_mapped,
};

use crate::args::{KindArg, ValidateArgs, ValidateFormat};
use crate::error::CliError;
use crate::progress::Progress;
use crate::style;
use crate::{EXIT_FINDINGS, EXIT_OK};
use upskill::io::Source;

/// Extensions of the files `validate DIR` checks.
const DATASET_EXTENSIONS: &[&str] = &["csv", "json", "jsonl", "ndjson"];

/// The files to check: each file given, and for a directory every dataset
/// file in it (`.csv`, `.json`, `.jsonl`, `.ndjson`, not hidden), by name.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let shown = || upskill::diagnostics::printable(&path.display().to_string()).into_owned();
        let entries = std::fs::read_dir(path).map_err(|e| {
            CliError::Usage(format!("cannot read the directory `{}`: {e}", shown()))
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or(".");
                let extension = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                !name.starts_with('.')
                    && DATASET_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
            })
            .collect();
        if found.is_empty() {
            return Err(CliError::Usage(format!(
                "the directory `{}` holds no dataset file (.csv, .json, .jsonl)",
                shown()
            )));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// The roster to check learners against: `--roster`, else the one of a
/// directory given (`roster.csv` or `roster.json`).
fn roster_path(args: &ValidateArgs) -> Option<PathBuf> {
    args.roster.clone().or_else(|| {
        args.files
            .iter()
            .filter(|p| p.is_dir())
            .flat_map(|dir| [dir.join("roster.csv"), dir.join("roster.json")])
            .find(|p| p.is_file())
    })
}

fn kind_arg(kind: KindArg) -> DocumentKind {
    match kind {
        KindArg::Sessions => DocumentKind::Sessions,
        KindArg::Roster => DocumentKind::Roster,
        KindArg::Leave => DocumentKind::Leave,
        KindArg::Holidays => DocumentKind::Holidays,
        KindArg::Pledge => DocumentKind::Pledge,
        KindArg::People => DocumentKind::People,
        KindArg::Xapi => DocumentKind::Xapi,
    }
}

/// Runs `upskill validate`.
pub(crate) fn run(args: &ValidateArgs) -> Result<u8, CliError> {
    let pledge_zone = args.mapped.pledge_zone(&args.dialect, &args.files)?;
    let read = args
        .dialect
        .read_options_in(pledge_zone)?
        .with_lenient(args.lenient);
    let mapped = args.mapped.load(&read, pledge_zone)?;
    let mut options = ValidateOptions::new()
        .with_read(read)
        .with_max_problems(args.max_problems);
    if let Some(text) = &args.as_of {
        let as_of = DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
            CliError::Usage(format!(
                "`--as-of` `{text}` is not an RFC 3339 instant such as `2026-05-11T09:00:00+01:00`"
            ))
        })?;
        options = options.with_as_of(as_of.to_utc());
    }
    if let Some(path) = roster_path(args) {
        let input = Source::path(path);
        input.check("the roster")?;
        let (roster, problems) = collect_roster(read_roster(
            &input.name(),
            input.open()?.into_reader(),
            None,
            read,
        ));
        if problems.iter().any(|p| p.is_error()) {
            return Err(CliError::Unreadable {
                summary: format!(
                    "the roster `{}` cannot be used to check learners",
                    input.name()
                ),
                problems,
            });
        }
        options = options.with_roster(&roster);
    }
    let inputs: Vec<Source> = expand(&args.files)?.into_iter().map(Source::path).collect();
    for input in &inputs {
        input.check("the file")?;
    }
    let total: u64 = inputs.iter().filter_map(Source::len).sum();
    let progress = Progress::bytes(total, "validating");
    let mut reports: Vec<ValidationReport> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let opened = input.open_with_progress(&progress.callback())?;
        if let Some(format) = upskill::io::columnar_format(&input.file_name(), opened.head()) {
            // The validator's rules read text rows; a columnar file read as
            // text would be a wall of nonsense problems, so it is refused.
            let name = input.name();
            return Err(CliError::Usage(format!(
                "`{name}` is a {format} file, and `validate` checks CSV and JSON exports: \
                 `upskill evaluate` reads it with the same checks and codes and lists \
                 every rejected row with its place (`--ledger` writes each row's fate)"
            )));
        }
        let kind = args.kind.map_or_else(
            || DocumentKind::detect(&input.file_name(), opened.head()),
            kind_arg,
        );
        let reader = opened.into_reader();
        let report = match &mapped {
            Some(loaded) => validate_mapped(
                SchemaInput::new(input.name(), reader),
                &loaded.mapping,
                loaded.context(),
                &options,
            )
            .map_err(|e| CliError::Usage(e.to_string()))?,
            None => validate(kind, SchemaInput::new(input.name(), reader), &options),
        };
        reports.push(report);
    }
    progress.finish();
    let body = match args.format {
        ValidateFormat::Text => {
            let style = style::for_stdout();
            let mut text = String::new();
            for report in &reports {
                for line in render_text(report).lines() {
                    let is_error = line.contains(": error[");
                    let line = upskill::diagnostics::printable(line);
                    text.push_str(&style.problem(&line, is_error));
                    text.push('\n');
                }
            }
            text
        }
        ValidateFormat::Json => {
            let mut json = serde_json::to_string_pretty(&reports).map_err(|e| CliError::Write {
                path: "-".to_string(),
                source: std::io::Error::other(e),
            })?;
            json.push('\n');
            json
        }
        ValidateFormat::Sarif => {
            let mut sarif = render_sarif(&reports);
            if !sarif.ends_with('\n') {
                sarif.push('\n');
            }
            sarif
        }
    };
    crate::output::stdout(body.as_bytes())?;
    Ok(if reports.iter().any(ValidationReport::has_errors) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
