//! The validation report: every problem of one input, and the counts.

use serde::{Deserialize, Serialize};
use upskill_formats::diagnostics::Diagnostic;
use upskill_formats::{DocumentKind, Format};

/// The validation report's format version.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// What the validator found in one input: every problem (up to a limit),
/// each with a stable code, a severity, a location and a plain message, and
/// counts over all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename = "ValidationReport")]
pub struct ValidationReport {
    /// Format version of this report: 1.
    pub schema_version: u32,
    /// The input's name, as given to the validator.
    pub file: String,
    /// What the input was read as.
    pub kind: DocumentKind,
    /// The format it was read in (given, or told by extension and content).
    pub format: Format,
    /// True when no error was found (warnings allowed).
    pub valid: bool,
    /// Counts over every problem, listed or not.
    pub summary: Summary,
    /// The problems in the order found (reading order), at most the limit
    /// given to the validator (1000 by default); `summary.not_listed` counts the rest.
    pub problems: Vec<Diagnostic>,
}

/// Counts of a validation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Records read (rows, lines, array elements; 1 for a pledge), good or bad.
    pub records_read: u64,
    /// Records with at least one error.
    pub records_with_errors: u64,
    /// Records with warnings but no error.
    pub records_with_warnings: u64,
    /// Errors found, listed or not.
    pub errors: u64,
    /// Warnings found, listed or not.
    pub warnings: u64,
    /// Problems found but not listed, past the limit.
    pub not_listed: u64,
}

impl ValidationReport {
    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// Whether any warning was found.
    pub fn has_warnings(&self) -> bool {
        self.summary.warnings > 0
    }
}
