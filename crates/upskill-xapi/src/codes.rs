//! The diagnostic codes this crate reports: `X` for statements (xAPI, voiding,
//! duplicates, cmi5 sessions, crediting), `D` for durations, `M` for the
//! identity mapping file. A code keeps its meaning for ever; new meanings get
//! new codes.

pub use upskill_diagnostics::codes::xapi::*;
