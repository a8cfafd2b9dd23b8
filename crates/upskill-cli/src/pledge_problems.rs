//! Every problem of a pledge at once. The dataset reader stops at the
//! first problem of the pledge's shape (serde's); when it does, the
//! command asks the validator, which lists every one in the user's words,
//! so a user fixes the pledge in one round instead of one per problem.

use upskill::diagnostics::Diagnostic;
use upskill::io::formats::{DocumentKind, ReadOptions};
use upskill::io::{DatasetError, Source};
use upskill::validate::{Input, ValidateOptions, validate};

/// `error` with the pledge's problems replaced by the validator's list, when
/// the pledge is among the problems and the validator finds more.
pub(crate) fn complete(error: DatasetError, pledge: &Source, read: ReadOptions) -> DatasetError {
    let DatasetError::Unusable {
        problems,
        not_listed,
    } = error
    else {
        return error;
    };
    let name = pledge.name();
    let of_pledge = |d: &Diagnostic| {
        d.location.file.as_deref() == Some(name.as_str()) && d.code.starts_with('P')
    };
    if !problems.iter().any(of_pledge) {
        return DatasetError::Unusable {
            problems,
            not_listed,
        };
    }
    let Ok(opened) = pledge.open() else {
        return DatasetError::Unusable {
            problems,
            not_listed,
        };
    };
    let report = validate(
        DocumentKind::Pledge,
        Input::new(name.clone(), opened.into_reader()),
        &ValidateOptions::new().with_read(read),
    );
    let listed: Vec<Diagnostic> = report
        .problems
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if listed.len() <= problems.iter().filter(|d| of_pledge(d)).count() {
        return DatasetError::Unusable {
            problems,
            not_listed,
        };
    }
    let mut all = listed;
    all.extend(problems.into_iter().filter(|d| !of_pledge(d)));
    DatasetError::Unusable {
        problems: all,
        not_listed,
    }
}
