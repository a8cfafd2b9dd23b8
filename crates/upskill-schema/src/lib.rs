//! Thin adapter: the published JSON Schemas of upskill interchange
//! documents, and the validator an LMS vendor runs in CI.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::validate`; depend on `upskill-schema` directly only to keep
//! the dependency tree small.
//!
//! This crate owns:
//!
//! - the schemas (draft 2020-12, generated with schemars from the domain
//!   types' serde forms, descriptions from their doc comments): pledge,
//!   roster, leave, learning-session record (and the JSON array of them),
//!   validation report, assessment report ([`PUBLISHED`]); each carries an `$id`
//!   (`https://upskill.invalid/schemas/v{version}/{name}.schema.json`), a
//!   title and `x-schema-version`. They are checked in under `schemas/`, and
//!   a test fails when what is generated drifts from them
//!   (`UPDATE_SCHEMAS=1 cargo test -p upskill-schema` regenerates);
//! - [`validate`]: every problem of one input (the readers' problems of
//!   `upskill-formats`, plus rules across records: duplicate records,
//!   overlapping leave, learners missing from the roster, sessions after
//!   `as_of`, implausibly long sessions), with stable codes
//!   ([`all_codes`], tabled in `docs/validation-codes.md`), locations and
//!   counts, as a [`ValidationReport`];
//! - rendering a report as compiler-style text ([`render_text`]), JSON
//!   ([`render_json`]) or SARIF 2.1.0 ([`render_sarif`]).
//!
//! It does *not* read or write files itself (see `upskill-formats`, whose
//! readers it drives), nor judge whether a pledge was kept (see
//! `upskill-policy`).
//!
//! # Example
//!
//! ```
//! use upskill_formats::DocumentKind;
//! use upskill_schema::{Input, ValidateOptions, render_text, validate};
//!
//! let jsonl = concat!(
//!     r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","duration_minutes":45,"activity":"webinar"}"#, "\n",
//!     r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","duration_minutes":45,"activity":"webinar"}"#, "\n",
//!     r#"{"record_id":"r2","learner_id":"e1","start":"2026-03-02T09:00:00","duration_minutes":45,"activity":"webinar","x":1}"#, "\n",
//! );
//! let report = validate(DocumentKind::Sessions, Input::new("sessions.jsonl", jsonl.as_bytes()), &ValidateOptions::new());
//! assert_eq!(render_text(&report), "\
//! sessions.jsonl:2:2#/record_id: warning[S023]: record `r1` of `e1` repeats the record on line 1; it counts once
//! sessions.jsonl:3:37#/start: error[S006]: `start` `2026-03-02T09:00:00` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)
//! sessions.jsonl:3:110#/x: error[S002]: unknown field `x`: expected one of `record_id`, `learner_id`, `start`, `end`, `duration`, `duration_minutes`, `activity`, `title`, `source`, `skill_areas` or `self_reported`
//! sessions.jsonl: 3 records read, 1 with errors, 1 with warnings only; 2 errors, 1 warning
//! ");
//! ```

mod published;
mod render;
mod report;
mod validate;

pub use published::{
    Drift, ID_BASE, PUBLISHED, Published, SESSION_SCHEMA_VERSION, canonical, check_schemas,
    write_schemas,
};
pub use render::{render_json, render_sarif, render_text};
pub use report::{REPORT_SCHEMA_VERSION, Summary, ValidationReport};
pub use validate::{
    CODES, DEFAULT_LONG_SESSION, DEFAULT_MAX_PROBLEMS, Input, LEAVE_OVERLAPS,
    LEAVE_UNKNOWN_LEARNER, SESSION_CONFLICTING_ID, SESSION_DUPLICATE_CONTENT, SESSION_DUPLICATE_ID,
    SESSION_ENDS_AFTER_AS_OF, SESSION_ID_OF_ANOTHER_LEARNER, SESSION_LONG,
    SESSION_STARTS_AFTER_AS_OF, SESSION_UNKNOWN_LEARNER, ValidateOptions, all_codes, validate,
    validate_mapped,
};
