//! Report rendering: an upskill [`Assessment`](upskill_policy::Assessment)
//! as text for a terminal ([`text`]), as one self-contained HTML page
//! ([`html`]), or as the JSON report ([`json`]).
//!
//! Most users want the facade crate `upskill` (its `io` module re-exports
//! this crate). Every front end (the `upskill` command, the Python package,
//! the browser page) renders through this crate, so a report reads the same
//! wherever it is made.
//!
//! This crate owns the *look* of a report: what comes first, widths,
//! wording, colour. It does *not* judge anything (see `upskill-policy`),
//! read files (see `upskill-dataset`), or decide whether to colour (a
//! front end passes a [`Style`]).
//!
//! # Example
//!
//! ```
//! use upskill_dataset::{DatasetFiles, EvaluateOptions, evaluate, example};
//! use upskill_report::{Style, text};
//!
//! let options = EvaluateOptions { as_of: example::as_of(), ..EvaluateOptions::default() };
//! let evaluation = evaluate(&DatasetFiles::example(), &options)?;
//! let report = text::render(&evaluation.assessment, &text::TextOptions::new(Style::PLAIN));
//! assert!(report.lines().all(|line| line.chars().count() <= text::WIDTH));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod html;
pub mod numbers;
mod style;
pub mod text;

pub use style::Style;

/// The JSON report (`docs/report.md`): pretty-printed, ending in a newline.
pub mod json {
    use upskill_policy::Assessment;

    /// Renders `assessment` as the JSON report.
    ///
    /// # Errors
    ///
    /// `serde_json`'s error (none is expected: every field serialises).
    pub fn render(assessment: &Assessment) -> Result<String, serde_json::Error> {
        let mut json = serde_json::to_string_pretty(assessment)?;
        json.push('\n');
        Ok(json)
    }
}
