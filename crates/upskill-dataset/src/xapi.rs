//! The bridge from an xAPI import to the engine's ledger.
//!
//! Every statement read gets exactly one ledger fate, and no session is
//! made up: a statement that becomes a session is ingested; one whose actor
//! the identity map does not know is counted as `unknown_learner`
//! ([`Assessor::record_unknown_learner`]); one that earns nothing of its
//! own is counted with its reason ([`Assessor::record_uncredited`]); a bad
//! one is rejected with its first error.

use upskill_diagnostics::{Diagnostic, Location};
use upskill_policy::{Assessor, Rejection, UncreditedRecord};
use upskill_xapi::{IdentityMap, Import, ImportOptions, Importer, InputFormat, LedgerFate};

use crate::error::DatasetError;
use crate::input::Input;
use crate::progress::Progress;
use crate::{Problems, rejection};

/// The stable codes of the bridge (letter `X`, shared with `upskill-xapi`).
pub mod codes {
    pub use upskill_diagnostics::codes::xapi::STATEMENT_REJECTED;
}

fn same_record(a: &Location, b: &Location) -> bool {
    a.file == b.file && a.line == b.line && a.record == b.record
}

/// Imports the xAPI `inputs` (every statement is held: voiding and
/// duplicates are resolved across the whole import).
///
/// Which statements carry credited time follows the counting rules of the
/// pledge's latest version (`counting.xapi_credited_verbs`,
/// `xapi_uncredited_verbs`, `cmi5_browse_review_counts`; `docs/xapi.md`):
/// the import runs before the period is known, and a profile setting is
/// about the export, not about one week. JSON Lines statements are checked
/// on `threads` threads (`ImportOptions::threads`).
pub(crate) fn import(
    inputs: &[&Input],
    actors: &IdentityMap,
    counting: &upskill_pledge::CountingRules,
    threads: usize,
    progress: &Progress,
) -> Result<Import, DatasetError> {
    let mut importer = Importer::new(ImportOptions {
        threads,
        ..ImportOptions::for_counting(counting)
    });
    for input in inputs {
        let name = input.name.clone();
        let file_name = std::path::Path::new(&name)
            .file_name()
            .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
        let format = InputFormat::from_path(std::path::Path::new(&file_name));
        importer
            .read(input.open(progress)?.into_reader(), &name, format)
            .map_err(|e| DatasetError::Xapi {
                path: name.clone(),
                source: e,
            })?;
    }
    Ok(importer.finish(actors))
}

/// Feeds every statement's fate to `assessor`.
pub(crate) fn feed(assessor: &mut Assessor, import: Import, problems: &mut Problems) {
    for s in &import.sessions {
        assessor.ingest_at(&s.session, Some(&s.location));
    }
    for u in &import.unknown_learners {
        // Listed by the actor as written.
        assessor.record_unknown_learner_at(
            &u.actor.to_string(),
            Some(u.record_id.as_str()),
            Some(&u.location),
        );
    }
    let mut matched = vec![false; import.diagnostics.len()];
    for statement in &import.statements {
        let mut uncredited = |record| {
            assessor.record_uncredited_at(
                record,
                statement.statement_id.as_deref(),
                Some(&statement.location),
            )
        };
        // One decision, made in upskill-xapi and written in docs/xapi.md.
        match statement.fate.ledger() {
            LedgerFate::Record | LedgerFate::UnknownLearner => {}
            LedgerFate::Rejected => {
                let own: Vec<(usize, &Diagnostic)> = import
                    .diagnostics
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| same_record(&d.location, &statement.location))
                    .collect();
                for (i, _) in &own {
                    if let Some(m) = matched.get_mut(*i) {
                        *m = true;
                    }
                }
                let mut errors = own.iter().map(|(_, d)| *d).filter(|d| d.is_error());
                match errors.next() {
                    Some(reason) => assessor.reject(rejection(reason, errors)),
                    None => assessor.reject(Rejection::new(
                        &codes::STATEMENT_REJECTED,
                        statement.location.clone(),
                        "the statement was rejected",
                    )),
                }
            }
            LedgerFate::Duplicate => uncredited(UncreditedRecord::Duplicate),
            LedgerFate::Voided => uncredited(UncreditedRecord::Voided),
            // Fates a later importer may add earn nothing of their own either.
            LedgerFate::NoTimeOfItsOwn | _ => uncredited(UncreditedRecord::NoTimeOfItsOwn),
        }
    }
    // Problems of the files themselves (not of one statement) stop the run
    // when they are errors: statements may have been lost with them.
    for (d, m) in import.diagnostics.into_iter().zip(matched) {
        if !m {
            let own_statement = import
                .statements
                .iter()
                .any(|s| same_record(&d.location, &s.location));
            // A statement's own errors are its rejection's.
            if !d.is_error() || !own_statement {
                problems.add([d]);
            }
        }
    }
}

/// No silent loss (`docs/xapi.md`): xAPI time that carries a duration but
/// earns no credit is a data warning per verb and fate, with its count and
/// minutes (code `X064`, the importer's).
pub(crate) fn uncredited_warnings(import: &Import) -> Vec<crate::DataWarning> {
    import
        .uncredited
        .iter()
        .map(|u| crate::DataWarning {
            code: "X064".to_string(),
            message: format!(
                "{} `{}` statement(s) with {} minutes were not credited ({})",
                u.statements,
                u.verb,
                u.whole_minutes(),
                u.fate.detail()
            ),
            counts: [
                ("statements".to_string(), u.statements),
                ("minutes".to_string(), u.whole_minutes()),
            ]
            .into_iter()
            .collect(),
            fix: "if this time is learning, add the verb to the pledge's `counting.xapi_credited_verbs` (see docs/xapi.md)".to_string(),
        })
        .collect()
}
