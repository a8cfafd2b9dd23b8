//! The stable codes of mapped-row problems (letter `I`, for import).
//!
//! A mapped row is decoded by the canonical decoder after its cells are
//! parsed, so it may also carry any code of `upskill_formats::codes`; these
//! are the problems of the parsing a mapping adds.

pub use upskill_diagnostics::codes::mapping::*;
