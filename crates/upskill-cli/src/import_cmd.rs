//! `upskill import xapi`: statements to session records (JSON Lines).

use std::io::Write;
use std::path::Path;

use upskill_formats::JsonLinesWriter;
use upskill_xapi::{IdentityMap, ImportOptions, Importer, InputFormat};

use crate::args::{ImportFormat, ImportXapiArgs};
use crate::error::CliError;
use crate::input::Input;
use crate::progress::Progress;
use crate::style::Style;
use crate::{EXIT_FINDINGS, EXIT_OK};

/// Runs `upskill import xapi`: sessions of mapped learners to JSON Lines;
/// every problem and a summary of statement fates to standard error. Exit 1
/// when a statement was rejected or an actor is not in the mapping.
pub(crate) fn run(args: &ImportXapiArgs) -> Result<u8, CliError> {
    let actors = Input::File(args.actors.clone());
    if !actors.exists() {
        return Err(CliError::Missing(format!(
            "the identity mapping not found: `{}` does not exist",
            actors.name()
        )));
    }
    let load = IdentityMap::read_csv(actors.open(&Progress::none())?, &actors.name());
    if load.has_errors() {
        return Err(CliError::Unreadable {
            summary: format!("the identity mapping `{}` cannot be used", actors.name()),
            problems: load.diagnostics,
        });
    }
    let inputs: Vec<Input> = args.files.iter().map(|p| Input::File(p.clone())).collect();
    for input in &inputs {
        if !input.exists() {
            return Err(CliError::Missing(format!(
                "`{}` does not exist",
                input.name()
            )));
        }
    }
    let total: u64 = inputs.iter().filter_map(Input::len).sum();
    let progress = Progress::bytes(total, "importing");
    let mut importer = Importer::new(ImportOptions::default());
    // Pledge settings (ImportOptions::for_counting) reach `evaluate`; this
    // command has no pledge, so it uses the documented defaults.
    for input in &inputs {
        let name = input.name();
        importer
            .read(
                input.open(&progress)?,
                &name,
                InputFormat::from_path(Path::new(&name)),
            )
            .map_err(|e| CliError::Read {
                path: name.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
    }
    progress.finish();
    let import = importer.finish(&load.map);

    let out_name = args
        .out
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(CliError::write(&out_name))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer = JsonLinesWriter::new(sink);
    for s in &import.sessions {
        writer.write(&s.session).map_err(|e| CliError::Write {
            path: out_name.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
    }
    drop(writer);

    let s = import.summary();
    let mut stderr = std::io::stderr().lock();
    if args.format == ImportFormat::Json {
        let problems: Vec<&upskill_formats::diagnostics::Diagnostic> =
            load.diagnostics.iter().chain(&import.diagnostics).collect();
        let uncredited: Vec<serde_json::Value> = import
            .uncredited
            .iter()
            .map(|u| {
                serde_json::json!({
                    "verb": u.verb,
                    "fate": u.fate.detail(),
                    "statements": u.statements,
                    "minutes": u.whole_minutes(),
                })
            })
            .collect();
        let report = serde_json::json!({
            "summary": {
                "statements": s.statements,
                "sessions": s.sessions,
                "unknown_learner": s.unknown_learner,
                "rejected": s.rejected,
                "duplicate": s.duplicate,
                "conflict": s.conflict,
                "voided": s.voided,
                "voiding": s.voiding,
                "in_cmi5_session": s.in_cmi5_session,
                "in_video_session": s.in_video_session,
                "no_credit": s.no_credit,
            },
            "uncredited": uncredited,
            "problems": problems,
        });
        let _ = writeln!(stderr, "{report:#}");
    } else {
        let style = Style::for_stderr();
        for d in load.diagnostics.iter().chain(&import.diagnostics) {
            let _ = writeln!(stderr, "{}", style.problem(&d.to_string(), d.is_error()));
        }
        let _ = writeln!(
            stderr,
            "{} statements: {} sessions written, {} of actors not in the mapping, {} rejected, {} duplicate, {} conflicting, {} voided, {} voiding, {} in cmi5 sessions, {} in video sessions, {} without credit",
            s.statements,
            s.sessions,
            s.unknown_learner,
            s.rejected,
            s.duplicate,
            s.conflict,
            s.voided,
            s.voiding,
            s.in_cmi5_session,
            s.in_video_session,
            s.no_credit
        );
    }
    Ok(if import.has_errors() || s.unknown_learner > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
