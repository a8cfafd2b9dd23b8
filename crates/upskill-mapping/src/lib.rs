//! Import mappings: foreign CSV exports (LMS time-spent reports,
//! transcripts, HR rosters and absence lists) read as upskill sessions,
//! roster rows and leave rows.
//!
//! A [`Mapping`] (TOML or JSON, `schema_version` 1, published as
//! `schemas/mapping.schema.json`, explained in `docs/mappings.md`) says,
//! for each canonical field, which column it comes from (or a constant),
//! and how to read it: date-time patterns, Excel serial days, durations in
//! several units, decimal commas, percentages, value maps, case, and a
//! lookup of learner ids by another identifier (a [`Directory`]).
//!
//! Mapped rows are read by the *canonical* decoder of `upskill-formats`
//! ([`upskill_formats::CanonicalLayout`]): each foreign row becomes
//! canonical field values placed at their source cells, so a mapped row is
//! checked, coded and located exactly like a canonical row, at the
//! original file's line and column. Every row has a fate (read, or
//! rejected with coded problems); a mapping that names a column the file
//! lacks is a [`MappingError::MissingColumn`].
//!
//! Built-in mappings for common exports are [`presets`]; [`suggest`]
//! proposes a mapping for an unknown file from its header and first rows.
//!
//! # Example
//!
//! ```
//! use upskill_formats::ReadOptions;
//! use upskill_mapping::{MapContext, preset, read_mapped_sessions};
//!
//! // The per-user report has no user column: the learner is a constant.
//! let mapping = preset("moodle-dedication")?.with_constant("learner_id", "u1")?;
//! let csv = "Session start,Session duration\n\"03 March 2026, 10:15 AM\",45 mins 10 secs\n";
//! let mut reader = read_mapped_sessions(
//!     "dedication.csv",
//!     csv.as_bytes(),
//!     &mapping,
//!     MapContext::new().with_pledge_zone(chrono_tz::Europe::London),
//!     ReadOptions::new(),
//! )?;
//! let session = reader.next().unwrap().unwrap().value;
//! assert_eq!(session.start().to_rfc3339(), "2026-03-03T10:15:00+00:00");
//! assert_eq!(session.duration().as_millis(), 45 * 60_000 + 10_000);
//! # Ok::<(), upskill_mapping::MappingError>(())
//! ```

pub mod codes;
mod error;
mod mapping;
mod presets;
mod read;
mod suggest;
mod values;

pub use error::MappingError;
pub use mapping::{
    Case, CsvDialect, FieldRule, MAPPING_SCHEMA_VERSION, MappedKind, Mapping, Rule, delimiter_byte,
};
pub use presets::{Preset, preset, presets};
pub use read::{
    DERIVED_ID_PREFIX, Directory, ImportSummary, MapContext, MappedLeave, MappedReader,
    MappedRoster, MappedSessions, MappedTimeTotals, derived_record_id, read_mapped_leave,
    read_mapped_roster, read_mapped_sessions, read_mapped_time_totals, write_canonical,
};
pub use suggest::{SuggestOptions, Suggestion, propose, suggest};
pub use values::DurationUnit;
