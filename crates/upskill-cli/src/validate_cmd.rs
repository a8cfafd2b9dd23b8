//! `upskill validate`: every problem of each file, located and coded.

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

/// The kind a file name suggests: `pledge*.json`, `roster*`, `leave*`,
/// `holidays*`; anything else is sessions.
pub(crate) fn kind_of(file_name: &str) -> DocumentKind {
    let name = file_name.to_ascii_lowercase();
    if name.starts_with("pledge") && name.ends_with(".json") {
        DocumentKind::Pledge
    } else if name.starts_with("roster") {
        DocumentKind::Roster
    } else if name.starts_with("leave") {
        DocumentKind::Leave
    } else if name.starts_with("holiday") {
        DocumentKind::Holidays
    } else {
        DocumentKind::Sessions
    }
}

fn kind_arg(kind: KindArg) -> DocumentKind {
    match kind {
        KindArg::Sessions => DocumentKind::Sessions,
        KindArg::Roster => DocumentKind::Roster,
        KindArg::Leave => DocumentKind::Leave,
        KindArg::Holidays => DocumentKind::Holidays,
        KindArg::Pledge => DocumentKind::Pledge,
    }
}

/// Runs `upskill validate`.
pub(crate) fn run(args: &ValidateArgs) -> Result<u8, CliError> {
    let read = args.dialect.read_options()?.with_lenient(args.lenient);
    let mapped = args.mapped.load(&read)?;
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
    if let Some(path) = &args.roster {
        let input = Source::path(path.clone());
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
    let inputs: Vec<Source> = args.files.iter().map(|p| Source::path(p.clone())).collect();
    for input in &inputs {
        input.check("the file")?;
    }
    let total: u64 = inputs.iter().filter_map(Source::len).sum();
    let progress = Progress::bytes(total, "validating");
    let mut reports: Vec<ValidationReport> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let kind = args
            .kind
            .map_or_else(|| kind_of(&input.file_name()), kind_arg);
        let reader = input
            .open_with_progress(&progress.callback())?
            .into_reader();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(kind_of("pledge.json"), DocumentKind::Pledge);
        assert_eq!(kind_of("Roster-2026.csv"), DocumentKind::Roster);
        assert_eq!(kind_of("leave.csv"), DocumentKind::Leave);
        assert_eq!(kind_of("holidays.csv"), DocumentKind::Holidays);
        assert_eq!(kind_of("export.jsonl"), DocumentKind::Sessions);
    }
}
