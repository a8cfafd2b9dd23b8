//! The stable codes of every problem the readers in this crate report.
//!
//! A code is a letter for the area and three digits:
//!
//! | letter | area |
//! |---|---|
//! | `F` | the file itself: reading, encoding, limits, JSON and CSV syntax, CSV headers, document shape |
//! | `S` | learning-session records |
//! | `R` | roster rows |
//! | `L` | leave rows |
//! | `H` | public-holiday rows |
//! | `P` | the pledge file |
//! | `E` | the People-principle evidence file (`people.json`) |
//!
//! Codes are never reused or renumbered: a code that is retired stays
//! reserved. The validator in `upskill-schema` adds codes of its own
//! (cross-record rules such as duplicates) to the same numbering; the table
//! in `docs/validation-codes.md` is generated from both lists.

use upskill_diagnostics::CodeInfo;
pub use upskill_diagnostics::codes::reader::*;

/// The code with this text, if this crate defines it.
///
/// # Example
///
/// ```
/// use upskill_formats::codes;
///
/// assert_eq!(codes::find("S012"), Some(codes::SESSION_END_BEFORE_START));
/// assert_eq!(codes::find("S999"), None);
/// ```
pub fn find(code: &str) -> Option<CodeInfo> {
    CODES.iter().copied().find(|c| c.code == code)
}

/// The codes of one record kind: the schema-level problems shared by every kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindCodes {
    pub missing: CodeInfo,
    pub unknown: CodeInfo,
    pub wrong_type: CodeInfo,
    pub bad_id: CodeInfo,
    pub bad_date: CodeInfo,
}

pub(crate) const SESSION_CODES: KindCodes = KindCodes {
    missing: SESSION_MISSING_FIELD,
    unknown: SESSION_UNKNOWN_FIELD,
    wrong_type: SESSION_WRONG_TYPE,
    bad_id: SESSION_BAD_ID,
    bad_date: SESSION_BAD_TIMESTAMP,
};

pub(crate) const ROSTER_CODES: KindCodes = KindCodes {
    missing: ROSTER_MISSING_FIELD,
    unknown: ROSTER_UNKNOWN_FIELD,
    wrong_type: ROSTER_WRONG_TYPE,
    bad_id: ROSTER_BAD_ID,
    bad_date: ROSTER_BAD_DATE,
};

pub(crate) const TOTAL_CODES: KindCodes = KindCodes {
    missing: TOTAL_MISSING_FIELD,
    unknown: TOTAL_UNKNOWN_FIELD,
    wrong_type: TOTAL_WRONG_TYPE,
    bad_id: TOTAL_BAD_ID,
    bad_date: TOTAL_BAD_DATE,
};

pub(crate) const LEAVE_CODES: KindCodes = KindCodes {
    missing: LEAVE_MISSING_FIELD,
    unknown: LEAVE_UNKNOWN_FIELD,
    wrong_type: LEAVE_WRONG_TYPE,
    bad_id: LEAVE_BAD_ID,
    bad_date: LEAVE_BAD_DATE,
};

pub(crate) const HOLIDAY_CODES: KindCodes = KindCodes {
    missing: HOLIDAY_MISSING_DATE,
    unknown: HOLIDAY_UNKNOWN_FIELD,
    wrong_type: HOLIDAY_BAD_DATE,
    bad_id: HOLIDAY_BAD_DATE,
    bad_date: HOLIDAY_BAD_DATE,
};
