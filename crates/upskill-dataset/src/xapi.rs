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
use upskill_xapi::{Fate, IdentityMap, ImportOptions, Importer, InputFormat};

use crate::error::DatasetError;
use crate::source::{Opened, Source};
use crate::{Problems, rejection};

/// The stable codes of the bridge (letter `X`, shared with `upskill-xapi`).
pub mod codes {
    upskill_diagnostics::code_table! {
        #[doc = "Every code the xAPI bridge rejects statements with."]
        /// The importer rejected the statement without saying why (a
        /// safeguard: every rejection it makes carries a diagnostic).
        STATEMENT_REJECTED = "X000", Error, "the statement was rejected";
    }
}

fn same_record(a: &Location, b: &Location) -> bool {
    a.file == b.file && a.line == b.line && a.record == b.record
}

/// Imports the xAPI `inputs` and feeds every statement's fate to `assessor`.
pub(crate) fn read(
    assessor: &mut Assessor,
    inputs: Vec<(&Source, Opened)>,
    actors: &IdentityMap,
    problems: &mut Problems,
) -> Result<(), DatasetError> {
    let mut importer = Importer::new(ImportOptions::default());
    for (source, input) in inputs {
        let name = source.name();
        let format = InputFormat::from_path(std::path::Path::new(&source.file_name()));
        importer
            .read(input.into_reader(), &name, format)
            .map_err(|e| DatasetError::Xapi {
                path: name.clone(),
                source: e,
            })?;
    }
    let import = importer.finish(actors);
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
        match statement.fate {
            Fate::Session | Fate::UnknownLearner => {}
            Fate::Rejected => {
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
            Fate::Duplicate => uncredited(UncreditedRecord::Duplicate),
            Fate::Conflict => uncredited(UncreditedRecord::ConflictingDuplicate),
            Fate::Voided | Fate::Voiding => uncredited(UncreditedRecord::Voided),
            // Fates a later importer may add earn nothing of their own either.
            Fate::InCmi5Session | Fate::NoCredit(_) | _ => {
                uncredited(UncreditedRecord::NoTimeOfItsOwn)
            }
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
            if d.is_error() && !own_statement {
                problems.fatal.push(d);
            } else if !d.is_error() {
                problems.warnings.push(d);
            }
        }
    }
    Ok(())
}
