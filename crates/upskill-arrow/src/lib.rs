//! Parquet and Arrow IPC for upskill: sessions, roster, leave and time
//! totals read from columnar files with the same columns, codes and ledger
//! fates as CSV; the same records, the per-learner-week detail and the
//! audit ledger written as Parquet.
//!
//! Most users want the facade crate `upskill` with its `arrow` feature
//! (which re-exports this crate as `upskill::io::arrow`) or the `upskill`
//! command, whose `evaluate` reads `sessions.parquet` and whose `convert`
//! turns CSV into Parquet and back. Depend on `upskill-arrow` directly only
//! to read or write these files from a crate of your own. The Arrow and
//! Parquet crates are large: they are compiled only by crates that ask for
//! this one, never by the rest of the workspace's libraries.
//!
//! This crate owns *columnar bytes <-> records*:
//!
//! - [`read_sessions`], [`read_roster`], [`read_leave`],
//!   [`read_time_totals`]: streaming readers, one row group (Parquet) or
//!   record batch (Arrow IPC) in memory at a time, yielding one
//!   `Result<`[`Located`]`<T>, `[`Rejected`]`>` per row exactly as the CSV
//!   readers of `upskill-formats` do: every cell is turned into the text a
//!   CSV cell would hold and decoded by the *same* decoder, so a bad row
//!   gets the same codes; a row is located at `file[index]#/row_groups/G/rows/R`
//!   and a field at `.../rows/R/start`;
//! - [`ColumnarFormat`]: telling Parquet (`PAR1`) and Arrow IPC (`ARROW1`,
//!   or a stream) by name and first bytes;
//! - writers ([`write_sessions`], [`write_roster`], [`write_leave`],
//!   [`write_time_totals`], [`write_ledger`], [`write_learner_weeks`])
//!   whose schemas are documented in `docs/formats.md`.
//!
//! Which Arrow types each column accepts is listed in `docs/formats.md`
//! ("Parquet and Arrow"). It does *not* judge anything (see
//! `upskill-policy`), nor choose which files make a dataset (see
//! `upskill-dataset`, whose `arrow` feature calls this crate), nor read CSV
//! or JSON (see `upskill-formats`).
//!
//! # Example
//!
//! ```
//! use upskill_arrow::{ColumnarInput, read_sessions, write_sessions};
//! use upskill_formats::{ReadOptions, read_sessions as read_csv};
//!
//! let csv = "record_id,learner_id,start,duration_minutes,activity\n\
//!            r1,e1,2026-03-02T09:30:00+00:00,45,e_learning\n";
//! let sessions: Vec<_> = read_csv("s.csv", csv.as_bytes(), None, ReadOptions::new())
//!     .map(|item| item.map(|located| located.value))
//!     .collect::<Result<_, _>>()?;
//! let bytes = write_sessions(&sessions, Vec::new())?;
//! assert_eq!(&bytes[..4], b"PAR1");
//!
//! let input = ColumnarInput::memory(bytes);
//! let mut reader = read_sessions("s.parquet", input, ReadOptions::new())?;
//! let first = reader.next().unwrap()?;
//! assert_eq!(first.value.duration().whole_minutes(), 45);
//! assert_eq!(first.field("start").to_string(), "s.parquet[0]#/row_groups/0/rows/0/start");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cells;
mod detect;
mod error;
mod read;
mod write;

pub use detect::ColumnarFormat;
pub use error::{ColumnarError, WriteError};
pub use read::{
    ArrowTable, ColumnarInput, ColumnarReader, ColumnarRecord, collect_leave, collect_roster,
    read_leave, read_roster, read_sessions, read_time_totals,
};
pub use upskill_formats::{Located, Rejected};
pub use write::{
    LEARNER_WEEK_COLUMNS, LEDGER_COLUMNS, learner_week_batches, ledger_batches, write_ipc_stream,
    write_learner_weeks, write_leave, write_ledger, write_roster, write_sessions,
    write_text_columns, write_time_totals,
};
