//! `upskill import xapi`: statements to session records (JSON Lines).

use std::io::Write;
use std::path::Path;

use upskill::io::formats::JsonLinesWriter;
use upskill::xapi::{IdentityMap, ImportOptions, Importer, InputFormat};

use crate::args::{ImportFormat, ImportXapiArgs};
use crate::error::CliError;
use crate::progress::Progress;
use crate::style;
use crate::{EXIT_FINDINGS, EXIT_OK};
use upskill::io::Source;

/// Runs `upskill import xapi`: sessions of mapped learners to JSON Lines;
/// every problem and a summary of statement fates to standard error. Exit 1
/// when a statement was rejected or an actor is not in the mapping.
/// Statements of files come first, then those pulled from `--lrs`; the
/// cursor file (`--lrs-cursor`) advances only once the sessions are written.
pub(crate) fn run(args: &ImportXapiArgs) -> Result<u8, CliError> {
    let lrs = crate::lrs_cmd::config(&args.lrs)?;
    let actors = Source::path(args.actors.clone());
    actors.check("the identity mapping")?;
    let load = IdentityMap::read_csv(actors.open()?.into_reader(), &actors.name());
    if load.has_errors() {
        return Err(CliError::Unreadable {
            summary: format!("the identity mapping `{}` cannot be used", actors.name()),
            problems: load.diagnostics,
        });
    }
    if let Some(out) = &args.out {
        let mut all = vec![actors.clone()];
        all.extend(args.files.iter().map(|p| Source::path(p.clone())));
        all.extend(args.lrs_cursor.iter().map(|p| Source::path(p.clone())));
        crate::output::refuse_inputs(out, &all)?;
    }
    let inputs: Vec<Source> = args.files.iter().map(|p| Source::path(p.clone())).collect();
    for input in &inputs {
        input.check("the file")?;
    }
    let total: u64 = inputs.iter().filter_map(Source::len).sum();
    let progress = Progress::bytes(total, "importing");
    let mut importer = Importer::new(ImportOptions::default());
    // Pledge settings (ImportOptions::for_counting) reach `evaluate`; this
    // command has no pledge, so it uses the documented defaults.
    for input in &inputs {
        let name = input.name();
        let reader = input
            .open_with_progress(&progress.callback())?
            .into_reader();
        let format = InputFormat::from_path(Path::new(&name));
        // A regular file can be read again: the importer then makes the
        // comparison hash of a statement only when its id repeats.
        let file = match input {
            Source::Path(path) if !input.is_stdin() && path.is_file() => Some(path),
            _ => None,
        };
        match file {
            Some(path) => importer.read_file(reader, &name, format, path),
            None => importer.read(reader, &name, format),
        }
        .map_err(|source| upskill::io::DatasetError::Xapi {
            path: name.clone(),
            source,
        })?;
    }
    progress.finish();
    let pulled = match &lrs {
        Some(config) => {
            let mut config = config.clone();
            // The cursor is read here and written below, after the sessions:
            // a failed write never skips statements on the next run.
            if let Some(path) = &args.lrs_cursor {
                config.since = upskill::lrs::read_cursor(path)?.or(config.since);
            }
            let pulled = upskill::lrs::pull(&config, &mut importer)?;
            if args.format == ImportFormat::Text {
                crate::lrs_cmd::tell(&config, &pulled);
            }
            Some(pulled)
        }
        None => None,
    };
    let import = importer.finish(&load.map);

    let out_name = args
        .out
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let sink = crate::output::Sink::open(args.out.as_deref())?;
    let mut writer = JsonLinesWriter::new(sink);
    for s in &import.sessions {
        writer
            .write(&s.session)
            .map_err(|source| CliError::WriteRecord {
                path: out_name.clone(),
                source,
            })?;
    }
    // Every byte is flushed (and the file renamed into place) before the
    // summary says anything was written.
    let sink = writer.finish().map_err(|source| CliError::WriteRecord {
        path: out_name.clone(),
        source,
    })?;
    sink.finish(&out_name)?;
    if let (Some(path), Some(stored)) = (
        &args.lrs_cursor,
        pulled.as_ref().and_then(|p| p.newest_stored.as_ref()),
    ) {
        upskill::lrs::write_cursor(path, stored)?;
    }

    let s = import.summary();
    let status = if import.has_errors() || s.unknown_learner > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    if style::quiet() && args.format != ImportFormat::Json {
        return Ok(status);
    }
    let mut stderr = std::io::stderr().lock();
    if args.format == ImportFormat::Json {
        let problems: Vec<&upskill::diagnostics::Diagnostic> =
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
        let lrs = pulled.as_ref().map(|p| {
            serde_json::json!({
                "pages": p.pages,
                "statements": p.statements,
                "retries": p.retries,
                "newest_stored": p.newest_stored,
            })
        });
        let report = serde_json::json!({
            "lrs": lrs,
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
        let style = style::for_stderr();
        for d in load.diagnostics.iter().chain(&import.diagnostics) {
            let line = upskill::diagnostics::printable(&d.to_string()).into_owned();
            let _ = writeln!(stderr, "{}", style.problem(&line, d.is_error()));
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
    Ok(status)
}
