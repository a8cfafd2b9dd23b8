#![doc = include_str!("../README.md")]
//!
//! # The facade
//!
//! This crate is the one surface: add `upskill` and reach everything
//! through its modules. The other `upskill-*` crates are its parts; their
//! own docs send users here.
//!
//! | module | part | owns |
//! |---|---|---|
//! | [`calendar`] | `upskill-calendar` | zone-aware weeks (exact UTC intervals), week labels, working days |
//! | [`session`] | `upskill-session` | learning sessions, exact durations, per-learner normalisation |
//! | [`pledge`] | `upskill-pledge` | pledges, versions, counting and requirement rules, targets |
//! | [`quota`] | `upskill-quota` | roster, leave, the weekly requirement and learner-week status |
//! | [`policy`] | `upskill-policy` | the engine: assessment, verdict, ledger, mergeable state |
//! | [`people`] | `upskill-people` | the DMA Code People principle: commitments, evidence, scorecard (feature `people`) |
//! | [`diagnostics`] | `upskill-diagnostics` | located, coded problems; terminal-safe text |
//! | [`io`] | `upskill-dataset`, `upskill-formats`, `upskill-mapping`, `upskill-report` | files in (a dataset directory, CSV dialects, JSON Lines, JSON, import mappings and presets), reports out (feature `io`) |
//! | [`xapi`] | `upskill-xapi` | xAPI, cmi5 and SCORM import (feature `xapi`) |
//! | [`lrs`] | `upskill-lrs` | pulling xAPI statements from a Learning Record Store (feature `lrs`) |
//! | [`validate`] | `upskill-schema` | the export validator, JSON Schemas, SARIF (feature `validate`) |
//! | [`generate`] | `upskill-generate` | seeded synthetic datasets (feature `generate`) |
//!
//! [`chrono`] and [`chrono_tz`] are re-exported: their types appear in the
//! API (instants, dates, zones).
//!
//! # Features
//!
//! Default: `serde`, `io`, `xapi`, `validate`, `people`. `schemars` adds
//! JSON Schema derives; `generate` the dataset generator; `lrs` the LRS
//! client (an HTTP client with rustls).
//!
//! # A verdict from a directory
//!
//! ```
//! use upskill::io::{DatasetFiles, EvaluateOptions, evaluate};
//!
//! # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../upskill-dataset/example");
//! let options = EvaluateOptions { as_of: "2026-05-11".parse()?, ..EvaluateOptions::default() };
//! let evaluation = evaluate(&DatasetFiles::open(dir)?, &options)?;
//! println!("{}", evaluation.assessment.verdict);
//! # assert_eq!(evaluation.assessment.verdict, upskill::Verdict::Met);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use chrono;
pub use chrono_tz;

pub use upskill_calendar as calendar;
pub use upskill_diagnostics as diagnostics;
pub use upskill_pledge as pledge;
pub use upskill_policy as policy;
pub use upskill_quota as quota;
pub use upskill_session as session;

/// The DMA Code's People principle as data: commitments, measured and
/// attested evidence, representation with small-cell suppression, and the
/// scorecard (`upskill-people`).
#[cfg(feature = "people")]
pub mod people {
    pub use upskill_people::*;
}

/// Files in, reports out: the dataset pipeline (`upskill-dataset`, whose
/// items are re-exported here), the readers and writers of every
/// interchange format ([`formats`](upskill_formats)), import mappings and presets for
/// foreign exports ([`mapping`](upskill_mapping)), and report rendering ([`report`](upskill_report)).
#[cfg(feature = "io")]
pub mod io {
    /// Parquet and Arrow IPC readers and writers (`upskill-arrow`; the
    /// `arrow` feature).
    #[cfg(feature = "arrow")]
    pub use upskill_arrow as arrow;
    pub use upskill_dataset::*;
    pub use upskill_formats as formats;
    pub use upskill_mapping as mapping;
    pub use upskill_report as report;
}

/// xAPI statements (1.0.x and 2.0.x), cmi5 and SCORM time imported as
/// learning sessions (`upskill-xapi`).
#[cfg(feature = "xapi")]
pub mod xapi {
    pub use upskill_xapi::*;
}

/// Pulling xAPI statements from a Learning Record Store: `GET /statements`
/// with paging, `since`/`until`/`limit`, basic authentication and a cursor
/// file (`upskill-lrs`).
#[cfg(feature = "lrs")]
pub mod lrs {
    pub use upskill_lrs::*;
}

/// The export validator an LMS vendor runs: every problem located and
/// coded, as text, JSON or SARIF; and the published JSON Schemas
/// (`upskill-schema`).
#[cfg(feature = "validate")]
pub mod validate {
    pub use upskill_schema::*;
}

/// Seeded, deterministic synthetic datasets like the DMA pilot's
/// (`upskill-generate`).
#[cfg(feature = "generate")]
pub mod generate {
    pub use upskill_generate::*;
}

pub use upskill_calendar::{Calendar, DayOfWeek, Week};
pub use upskill_pledge::{Mode, Organisation, Pledge, PledgeVersion, Proportion};
pub use upskill_policy::{Assessment, Assessor, Period, Verdict};
pub use upskill_quota::{Learner, Leave, Roster, Workload};
pub use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};

/// The code examples of `docs/embedding.md`, compiled and run as doctests
/// so they cannot rot.
#[doc = include_str!("../../../docs/embedding.md")]
#[cfg(doctest)]
pub struct EmbeddingDoctests;

/// The Rust example of `docs/scale.md` (shipping partial states), compiled
/// and run as a doctest.
#[doc = include_str!("../../../docs/scale.md")]
#[cfg(doctest)]
pub struct ScaleDoctests;
