//! Every stable code of upskill, in one place: one module per family, each
//! a `CODES` table built with [`code_table!`](crate::code_table), and
//! [`all`] listing them together.
//!
//! The crates that report a family re-export its module under their own
//! `codes` (so `upskill_formats::codes::SESSION_BAD_TIMESTAMP` and
//! `upskill_diagnostics::codes::reader::SESSION_BAD_TIMESTAMP` are the same
//! constant). Keeping the definitions here, in the leaf crate, is what lets
//! a front end (the validator's SARIF rules, the documentation table, a
//! vendor's own tooling) know every code without depending on every crate,
//! and what lets one test prove that no code is defined twice.
//!
//! A code is a letter for the area and three digits. Codes are never reused
//! or renumbered: a retired code stays reserved.

pub mod data;
pub mod engine;
pub mod mapping;
pub mod reader;
pub mod validator;
pub mod xapi;

use crate::CodeInfo;

/// Which part of upskill reports a family of codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Family {
    /// The record readers of `upskill-formats` ([`reader`]): `E`, `F`, `H`,
    /// `L`, `P`, `R`, `S`.
    Reader,
    /// The validator's rules across records and inputs ([`validator`]):
    /// more `L`, `P` and `S` codes.
    Validator,
    /// Import mappings' cell parsing ([`mapping`]): `I`.
    Mapping,
    /// The policy engine's own rejections ([`engine`]): `A`.
    Engine,
    /// The xAPI importer and the dataset's xAPI bridge ([`xapi`]): `X`,
    /// `D`, `M`.
    Xapi,
    /// The dataset's data warnings about a verdict ([`data`]): `W`.
    DataWarning,
}

impl Family {
    /// The family's name as reports and SARIF rules show it (`reader`,
    /// `validator`, `mapping`, `engine`, `xapi`, `data warning`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Reader => "reader",
            Family::Validator => "validator",
            Family::Mapping => "mapping",
            Family::Engine => "engine",
            Family::Xapi => "xapi",
            Family::DataWarning => "data warning",
        }
    }

    /// The family's codes, in code order.
    pub fn codes(self) -> &'static [CodeInfo] {
        match self {
            Family::Reader => reader::CODES,
            Family::Validator => validator::CODES,
            Family::Mapping => mapping::CODES,
            Family::Engine => engine::CODES,
            Family::Xapi => xapi::CODES,
            Family::DataWarning => data::CODES,
        }
    }
}

/// Every family, in the order above.
pub const FAMILIES: &[Family] = &[
    Family::Reader,
    Family::Validator,
    Family::Mapping,
    Family::Engine,
    Family::Xapi,
    Family::DataWarning,
];

/// Every code of every family with its family, in code order.
///
/// # Example
///
/// ```
/// use upskill_diagnostics::codes::{Family, all};
///
/// let codes = all();
/// assert!(codes.iter().any(|(c, f)| c.code == "A002" && *f == Family::Engine));
/// assert!(codes.windows(2).all(|w| w[0].0.code < w[1].0.code));
/// ```
pub fn all() -> Vec<(CodeInfo, Family)> {
    let mut all: Vec<(CodeInfo, Family)> = FAMILIES
        .iter()
        .flat_map(|f| f.codes().iter().map(move |c| (*c, *f)))
        .collect();
    all.sort_by(|a, b| a.0.code.cmp(b.0.code));
    all
}

/// The code with this text, in any family.
///
/// # Example
///
/// ```
/// use upskill_diagnostics::codes::find;
///
/// assert_eq!(find("W003").map(|c| c.severity), Some(upskill_diagnostics::Severity::Warning));
/// assert_eq!(find("Z999"), None);
/// ```
pub fn find(code: &str) -> Option<CodeInfo> {
    FAMILIES
        .iter()
        .flat_map(|f| f.codes().iter())
        .copied()
        .find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use super::*;

    /// No code is defined twice (in one family or across two), and every code and summary follows the
    /// house form: a capital letter and three digits; a summary starting in
    /// lower case (or a backtick or an acronym) without a final period.
    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let every = all();
        for pair in every.windows(2) {
            assert_ne!(pair[0].0.code, pair[1].0.code, "defined twice");
        }
        for (code, _) in &every {
            let bytes = code.code.as_bytes();
            assert_eq!(bytes.len(), 4, "{}", code.code);
            assert!(
                bytes[0].is_ascii_uppercase() && bytes[1..].iter().all(u8::is_ascii_digit),
                "{}",
                code.code
            );
            assert!(!code.summary.ends_with('.'), "{}", code.code);
            let first_word = code.summary.split(' ').next().unwrap_or_default();
            let acronym =
                first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase());
            assert!(
                acronym
                    || code
                        .summary
                        .starts_with(|c: char| c.is_lowercase() || c == '`'),
                "{}",
                code.code
            );
        }
    }
}
