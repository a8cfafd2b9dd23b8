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
mod people;
mod style;
pub mod text;

pub use style::Style;

/// The JSON report (`docs/report.md`): pretty-printed, ending in a newline.
pub mod json {
    use upskill_dataset::{DataWarning, Evaluation, InputDigest, PeriodBasis, RunOptions};
    use upskill_policy::Assessment;

    /// The JSON report of an evaluation: the assessment's fields, then how
    /// the period was chosen, the data warnings, the inputs' digests and
    /// the options of the run (so `upskill verify` can rerun it).
    #[derive(Debug, serde::Serialize)]
    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
    pub struct ReportDocument<'a> {
        /// The engine's assessment.
        #[serde(flatten)]
        pub assessment: &'a Assessment,
        /// How the period was chosen.
        pub period_basis: &'a PeriodBasis,
        /// What in the data could make the verdict mislead.
        pub warnings: &'a [DataWarning],
        /// The SHA-256 of every input, in reading order.
        pub inputs: &'a [InputDigest],
        /// The tool, its version and the options of the run.
        pub run: &'a RunOptions,
    }

    impl<'a> ReportDocument<'a> {
        /// The document of `evaluation`.
        pub fn new(evaluation: &'a Evaluation) -> ReportDocument<'a> {
            ReportDocument {
                assessment: &evaluation.assessment,
                period_basis: &evaluation.period_basis,
                warnings: &evaluation.data_warnings,
                inputs: &evaluation.inputs,
                run: &evaluation.run,
            }
        }
    }

    /// Renders `evaluation` as the JSON report.
    ///
    /// # Errors
    ///
    /// `serde_json`'s error (none is expected: every field serialises).
    pub fn render(evaluation: &Evaluation) -> Result<String, serde_json::Error> {
        let mut json = serde_json::to_string_pretty(&ReportDocument::new(evaluation))?;
        json.push('\n');
        Ok(json)
    }

    /// Writes the JSON report of `evaluation` to `out` as it is produced,
    /// byte for byte what [`render`] returns, without ever holding the
    /// whole text: a 10^7-record run's report (hundreds of megabytes with
    /// `--detail learners`) costs only `out`'s buffer. Wrap a file in a
    /// `BufWriter`; `out` is not flushed. Returns `out`.
    ///
    /// # Errors
    ///
    /// `out`'s write error, wrapped by `serde_json` (see
    /// [`serde_json::Error::io_error_kind`]).
    pub fn write<W: std::io::Write>(
        evaluation: &Evaluation,
        mut out: W,
    ) -> Result<W, serde_json::Error> {
        serde_json::to_writer_pretty(&mut out, &ReportDocument::new(evaluation))?;
        out.write_all(b"\n").map_err(serde_json::Error::io)?;
        Ok(out)
    }

    /// Renders an assessment alone (no provenance), as the engine made it.
    ///
    /// # Errors
    ///
    /// `serde_json`'s error (none is expected).
    pub fn render_assessment(assessment: &Assessment) -> Result<String, serde_json::Error> {
        let mut json = serde_json::to_string_pretty(assessment)?;
        json.push('\n');
        Ok(json)
    }
}

/// Showing that a report comes from its inputs: `upskill verify`.
pub mod verify {
    use upskill_dataset::{
        AsOf, DatasetError, DatasetFiles, EvaluateOptions, InputDigest, evaluate,
    };

    /// Why a report could not be checked at all.
    #[derive(Debug, thiserror::Error)]
    #[non_exhaustive]
    pub enum VerifyError {
        /// The report is not a JSON report of this tool.
        #[error("the report is not an upskill JSON report: {0}")]
        NotAReport(String),
        /// The inputs could not be evaluated.
        #[error(transparent)]
        Dataset(#[from] DatasetError),
        /// The report could not be rendered again.
        #[error("the report could not be rendered: {0}")]
        Render(#[from] serde_json::Error),
    }

    /// What a rerun found.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Verification {
        /// The rerun's report is byte-identical to the one given.
        pub identical: bool,
        /// Inputs whose digest differs from the report's, as
        /// `(name, in the report, now)`; an input missing on either side
        /// has an empty digest there. An input in [`renamed`](Self::renamed)
        /// is not listed here.
        pub changed: Vec<(String, String, String)>,
        /// Inputs given under another name than the report records but with
        /// the recorded bytes, as `(role, name in the report, name now)`:
        /// the data is the same, but names are part of the report, so the
        /// rerun is not byte-identical until the input is given as it was
        /// (`upskill verify --sessions NAME`, and so on).
        pub renamed: Vec<(String, String, String)>,
    }

    /// Reruns the evaluation a JSON report records (its `run` options,
    /// `--detail` included) on `files` and compares: each input's SHA-256
    /// against the report's, and the whole report byte for byte. Give the
    /// inputs as they were given to the run that made the report: names are
    /// part of it. An input matched by role and digest but not by name is
    /// reported as [`Verification::renamed`], not as changed.
    ///
    /// # Errors
    ///
    /// [`VerifyError`] when the report cannot be read or the inputs cannot
    /// be evaluated.
    pub fn verify(report: &str, files: &DatasetFiles) -> Result<Verification, VerifyError> {
        let value: serde_json::Value =
            serde_json::from_str(report).map_err(|e| VerifyError::NotAReport(e.to_string()))?;
        let run: upskill_dataset::RunOptions =
            serde_json::from_value(value.get("run").cloned().unwrap_or_default())
                .map_err(|e| VerifyError::NotAReport(format!("`run`: {e}")))?;
        let recorded: Vec<InputDigest> =
            serde_json::from_value(value.get("inputs").cloned().unwrap_or_default())
                .map_err(|e| VerifyError::NotAReport(format!("`inputs`: {e}")))?;
        let as_of = AsOf::parse(&run.as_of)
            .map_err(|e| VerifyError::NotAReport(format!("`run.as_of`: {e}")))?;
        let mut options = EvaluateOptions {
            from: run.from.clone(),
            to: run.to.clone(),
            as_of,
            lenient: run.lenient,
            threads: 1,
            ..EvaluateOptions::default()
        };
        run.reading(&mut options)
            .map_err(|e| VerifyError::NotAReport(format!("`run`: {e}")))?;
        let evaluation = evaluate(files, &options)?;
        let (changed, renamed) = compare(&recorded, &evaluation.inputs);
        let again = crate::json::render(&evaluation)?;
        Ok(Verification {
            identical: again == report,
            changed,
            renamed,
        })
    }

    /// A changed input `(name, in the report, now)`.
    type Changed = (String, String, String);
    /// A renamed input `(role, name in the report, name now)`.
    type Renamed = (String, String, String);

    /// Matches the inputs now against those recorded: by role and name,
    /// then what is left by role and digest (a renamed input).
    fn compare(recorded: &[InputDigest], now: &[InputDigest]) -> (Vec<Changed>, Vec<Renamed>) {
        let same_name = |a: &InputDigest, b: &InputDigest| a.role == b.role && a.name == b.name;
        let now_only: Vec<&InputDigest> = now
            .iter()
            .filter(|n| !recorded.iter().any(|d| same_name(n, d)))
            .collect();
        let mut renamed = Vec::new();
        let mut taken = vec![false; now_only.len()];
        let mut changed = Vec::new();
        for d in recorded {
            if let Some(n) = now.iter().find(|n| same_name(n, d)) {
                if n.sha256 != d.sha256 {
                    changed.push((d.name.clone(), d.sha256.clone(), n.sha256.clone()));
                }
            } else if let Some((i, n)) = now_only.iter().enumerate().find(|(i, n)| {
                !taken.get(*i).copied().unwrap_or(true) && n.role == d.role && n.sha256 == d.sha256
            }) {
                if let Some(t) = taken.get_mut(i) {
                    *t = true;
                }
                renamed.push((d.role.clone(), d.name.clone(), n.name.clone()));
            } else {
                changed.push((d.name.clone(), d.sha256.clone(), String::new()));
            }
        }
        for (i, n) in now_only.iter().enumerate() {
            if !taken.get(i).copied().unwrap_or(true) {
                changed.push((n.name.clone(), String::new(), n.sha256.clone()));
            }
        }
        (changed, renamed)
    }
}
