//! Thin adapter: reading and writing upskill documents (CSV, JSON Lines, JSON),
//! and the [`Diagnostic`](diagnostics::Diagnostic) every reader and validator reports with.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::io::formats`; depend on `upskill-formats` directly only to keep
//! the dependency tree small.
//!
//! This crate owns *bytes <-> domain values*:
//!
//! - streaming readers that never load a JSON Lines or CSV file whole (nor a
//!   JSON array of sessions): [`read_sessions`], [`read_roster`],
//!   [`read_leave`], [`read_holidays`]; and [`read_pledge`] for the pledge
//!   file. Each yields one `Result<`[`Located`]`<T>, `[`Rejected`]`>` per
//!   record: a bad record is rejected with *every* problem found in it, at
//!   `file:line:column` (CSV, JSON Lines, JSON arrays) and JSON pointer
//!   (JSON), and reading goes on;
//! - writers that escape spreadsheet formulas: [`CsvWriter`],
//!   [`JsonLinesWriter`];
//! - the stable problem codes of reading ([`codes::CODES`]) and the limits
//!   that keep hostile input cheap ([`Limits`]).
//!
//! The formats themselves (columns, fields, limits, escaping) are described
//! in `docs/formats.md`.
//!
//! It does *not* judge anything (see `upskill-policy`), nor publish schemas,
//! nor run cross-record checks such as duplicate records or learners missing
//! from the roster (see `upskill-schema`, whose `validate` builds on these
//! readers), nor read xAPI statements (see `upskill-xapi`).
//!
//! # Example
//!
//! ```
//! use upskill_formats::{ReadOptions, read_sessions};
//!
//! let jsonl = concat!(
//!     r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","duration_minutes":30,"activity":"reading"}"#, "\n",
//!     r#"{"record_id":"r2","learner_id":"e1","start":"2026-03-02T10:00:00Z","end":"2026-03-02T09:00:00Z","activity":"reading"}"#, "\n",
//! );
//! let mut read = 0;
//! let mut problems = Vec::new();
//! for item in read_sessions("sessions.jsonl", jsonl.as_bytes(), None, ReadOptions::new()) {
//!     match item {
//!         Ok(_session) => read += 1,
//!         Err(rejected) => problems.extend(rejected.into_diagnostics()),
//!     }
//! }
//! assert_eq!(read, 1);
//! assert_eq!(
//!     problems[0].to_string(),
//!     "sessions.jsonl:2:68#/end: error[S012]: end `2026-03-02T09:00:00+00:00` is before start `2026-03-02T10:00:00+00:00`"
//! );
//! ```

pub mod codes;
mod csv_rows;
mod decode;
mod detect;
/// The shared diagnostic types ([`upskill_diagnostics`]), re-exported here
/// because every reader of this crate returns them.
pub mod diagnostics {
    pub use upskill_diagnostics::*;
}
mod dialect;
mod fast;
mod json_rows;
mod lines;
mod options;
pub mod output;
mod people;
mod people_file;
mod pledge;
mod reader;
mod record;
mod sessions;
pub mod split;
mod table;
mod totals;
mod values;
mod write;

pub use detect::utf8_head;
pub use dialect::{Dialect, open_csv_text};
pub use options::{
    DEFAULT_MAX_DEPTH, DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_LINE_BYTES, DocumentKind, Format,
    Limits, ReadOptions, TextEncoding,
};
pub use people::{
    HOLIDAY_FIELDS, Holiday, HolidayReader, LEAVE_FIELDS, LeaveEntry, LeaveReader, ROSTER_FIELDS,
    RosterReader, collect_leave, collect_roster, duplicate_learner, leave_from_rows, read_holidays,
    read_leave, read_roster, roster_from_rows,
};
pub use people_file::{check_people_organisation, read_people};
pub use pledge::{check_version, pledge_from_document, read_pledge, read_pledge_document};
pub use reader::{CleanSession, Reader, SessionItem};
pub use record::{Located, Rejected};
pub use sessions::{SESSION_FIELDS, SessionReader, read_sessions};
pub use table::{
    CanonicalLayout, ColumnarLayout, CsvTable, HeaderCell, LayoutError, ParsedValue, SpareLists,
    TableRow,
};
pub use totals::{TIME_TOTAL_FIELDS, TimeTotalReader, read_time_totals};
pub use upskill_diagnostics::code_table;
pub use values::{FORMULA_TRIGGERS, escape_formula, unescape_formula};
pub use write::{CsvRow, CsvWriter, JsonLinesWriter, WriteError};
