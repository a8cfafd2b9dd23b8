//! Thin adapter: reading and writing upskill documents (CSV, JSON Lines, JSON),
//! and the [`Diagnostic`](diagnostics::Diagnostic) every reader and validator reports with.
//!
//! This crate owns *bytes <-> domain values*: streaming readers that never load
//! a JSON Lines or CSV file whole, writers that escape spreadsheet formulas,
//! and located, coded problems. It does *not* judge anything (see
//! `upskill-policy`) nor publish schemas (see `upskill-schema`).

pub mod diagnostics;
