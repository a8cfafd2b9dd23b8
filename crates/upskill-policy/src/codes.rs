//! The stable codes of the engine's own rejections (letter `A`).
//!
//! Every code of every crate is defined in one place,
//! `upskill_diagnostics::codes` (this module re-exports the engine's); the
//! table in `docs/validation-codes.md` is checked against them.

pub use upskill_diagnostics::codes::engine::*;
