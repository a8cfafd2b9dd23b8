//! Partial states that travel (issue 17): an [`Assessor`](crate::Assessor)'s
//! state as bytes another process can read back and merge.
//!
//! # The format (version 1)
//!
//! All integers of the envelope are little-endian:
//!
//! | offset | size | what |
//! |---|---|---|
//! | 0 | 8 | magic: the ASCII bytes `UPSKSTAT` ([`STATE_MAGIC`]) |
//! | 8 | 2 | format version, `u16` ([`STATE_FORMAT_VERSION`]) |
//! | 10 | 32 | the set-up fingerprint: SHA-256 of the set-up (below) |
//! | 42 | 8 | `n`, the body's length in bytes, `u64` |
//! | 50 | `n` | the body: the partial state in [postcard](https://docs.rs/postcard) |
//! | 50 + `n` | 32 | SHA-256 of bytes `0 .. 50 + n` (a check against corruption) |
//!
//! The **set-up fingerprint** is the SHA-256 of a text naming everything
//! [`Assessor::fork`](crate::Assessor::fork) shares: the pledge (every
//! version, its calendar and holidays), the roster, the leave, the period,
//! `as_of` (to the millisecond) and the [`Options`](crate::Options), each
//! in its full `Debug` form after a line naming this crate's version and the
//! format. Two states merge only when their fingerprints are equal. States
//! are exchanged between processes running the same upskill version: another
//! version gives another fingerprint, which is a refusal
//! ([`StateError::DifferentSetUp`]), never a wrong merge.
//!
//! The **body** is the state as the engine keeps it, with no copy of the
//! records (postcard: unsigned integers as LEB128 varints, signed ones
//! zig-zag, strings and sequences length-prefixed), in this order:
//! `learners` (the roster size it was made for), `records_read`, the six
//! fates, the seventeen detail counters, per roster learner (in id order)
//! the creditable intervals (record-id key, start and end in ms since the
//! Unix epoch, exclusion), per learner the time totals (record-id key, grid
//! week index, day, ms, exclusion, audit record), per learner the records
//! read, the listed rejections (location, code, message) and the count of
//! the others, the listed unknown learner ids with their record counts and
//! the count of the others, and the audit part when
//! [`Options::audit`](crate::Options::audit) is on.
//!
//! Reading checks, in this order: the magic, the version, the length, the
//! checksum, the fingerprint, then the body against the set-up (sizes per
//! learner, week indices, intervals within the period and `as_of`, and the
//! ledger's sums: every record read has a fate or is kept for its learner). Whatever fails is
//! a [`StateError`]; no input panics.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use upskill_diagnostics::Location;
use upskill_session::{Exclusion, MAX_SESSION_DURATION, RecordSpan, TotalCovers};

use crate::spans::{LearnerSpans, SpanTables};

use crate::assessment::{FateDetail, Fates, Rejection};
use crate::audit::{AuditFate, AuditRow, AuditState, Kept};
use crate::setup::Context;
use crate::state::State;
use crate::totals::TotalEntry;

/// The first eight bytes of every serialised partial state.
pub const STATE_MAGIC: [u8; 8] = *b"UPSKSTAT";

/// The version of the partial-state format this library writes and reads.
pub const STATE_FORMAT_VERSION: u16 = 1;

/// Bytes before the body: magic, version, fingerprint, body length.
const HEADER_LEN: usize = 8 + 2 + 32 + 8;
/// Bytes after the body: the checksum.
const CHECKSUM_LEN: usize = 32;

/// Most records one serialised state may account for (2^48): counts past
/// it are refused as corrupt, so sums of merged states cannot overflow.
pub const MAX_STATE_RECORDS: u64 = 1 << 48;

/// Why bytes could not be read back as a partial assessment
/// ([`Assessor::from_bytes`](crate::Assessor::from_bytes)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The bytes do not start with [`STATE_MAGIC`]: not a partial state.
    #[error("not an upskill partial state (no `UPSKSTAT` magic)")]
    NotAState,
    /// Written in a format version this library does not read.
    #[error(
        "partial-state format version `{found}` is not supported (this library reads version `{supported}`)"
    )]
    UnsupportedVersion {
        /// The version in the bytes.
        found: u16,
        /// The version this library reads and writes.
        supported: u16,
    },
    /// Fewer or more bytes than the envelope announces.
    #[error(
        "the partial state is truncated or has trailing bytes: `{expected}` bytes announced, `{found}` given"
    )]
    WrongLength {
        /// Bytes the header announces (or the least a header needs).
        expected: u64,
        /// Bytes given.
        found: u64,
    },
    /// The checksum does not match the bytes: corrupted in transit or storage.
    #[error("the partial state is corrupt: its checksum does not match")]
    Corrupt,
    /// A state of another set-up (pledge, roster, leave, period, `as_of`,
    /// options, or another upskill version): merging it would be wrong.
    #[error(
        "the partial state was made for another set-up (pledge, roster, leave, period, as-of or options) or another upskill version"
    )]
    DifferentSetUp,
    /// The body does not decode, or does not fit the set-up.
    #[error("the partial state is malformed: {0}")]
    Malformed(String),
    /// The set-up given to read the state into could not be made
    /// ([`Assessor::from_bytes`](crate::Assessor::from_bytes)).
    #[error(transparent)]
    SetUp(#[from] crate::setup::AssessError),
}

/// The set-up fingerprint of `ctx` (see the module docs).
pub(crate) fn fingerprint(ctx: &Context) -> [u8; 32] {
    let mut hasher = HashWriter(Sha256::new());
    // Writing into a hasher cannot fail.
    let _ = write!(
        hasher,
        "upskill-policy {} partial-state set-up {STATE_FORMAT_VERSION}\npledge {:?}\nroster {:?}\nleave {:?}\nperiod {} {}\nas_of_ms {}\noptions {:?}\n",
        env!("CARGO_PKG_VERSION"),
        ctx.pledge,
        ctx.roster,
        ctx.leave,
        ctx.period.first(),
        ctx.period.last(),
        ctx.as_of_ms,
        ctx.options,
    );
    hasher.0.finalize().into()
}

/// A `fmt::Write` feeding a hash (no text is built in memory).
struct HashWriter(Sha256);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// The body: the state as written.
#[derive(Serialize, Deserialize)]
struct Body {
    learners: u64,
    records_read: u64,
    fates: WireFates,
    detail: WireDetail,
    spans: Vec<Vec<WireSpan>>,
    totals: Vec<Vec<WireTotal>>,
    records_per_learner: Vec<u64>,
    rejections: Vec<WireRejection>,
    rejections_not_listed: u64,
    unknown: Vec<(String, u64)>,
    unknown_records_not_listed: u64,
    audit: Option<WireAudit>,
}

#[derive(Serialize, Deserialize)]
struct WireFates {
    credited: u64,
    duplicate: u64,
    not_creditable: u64,
    outside_period: u64,
    unknown_learner: u64,
    rejected: u64,
}

#[derive(Serialize, Deserialize)]
struct WireDetail {
    clipped_to_period: u64,
    clipped_to_as_of: u64,
    capped: u64,
    duplicate_ids: u64,
    conflicting_ids: u64,
    duplicate_content: u64,
    ids_reused_across_learners: u64,
    kind_not_creditable: u64,
    self_reported_not_counted: u64,
    too_short: u64,
    voided: u64,
    no_time_of_its_own: u64,
    recorded_minutes: u64,
    overlap_minutes: u64,
    daily_cap_minutes: u64,
    time_totals: u64,
    totals_within_sessions_minutes: u64,
}

/// Why a record earns nothing: 0 none, 1 its activity kind, 2 self-reported.
#[derive(Serialize, Deserialize, Clone, Copy)]
enum WireExclusion {
    None,
    ActivityKind,
    SelfReported,
}

#[derive(Serialize, Deserialize)]
struct WireSpan {
    id_key: u64,
    start_ms: i64,
    end_ms: i64,
    excluded: WireExclusion,
}

#[derive(Serialize, Deserialize)]
struct WireTotal {
    id_key: u64,
    week: u64,
    day: Option<i32>,
    ms: u64,
    excluded: WireExclusion,
    kept: Option<WireKept>,
}

#[derive(Serialize, Deserialize)]
struct WireLocation {
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    record: Option<u64>,
    pointer: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WireRejection {
    location: WireLocation,
    code: String,
    message: String,
}

#[derive(Serialize, Deserialize)]
struct WireKept {
    location: WireLocation,
    record_id: String,
    learner_id: String,
    clipped_to_as_of_ms: u64,
}

#[derive(Serialize, Deserialize)]
enum WireFate {
    Credited,
    Duplicate,
    NotCreditable,
    OutsidePeriod,
    UnknownLearner,
    Rejected,
}

#[derive(Serialize, Deserialize)]
struct WireRow {
    location: WireLocation,
    record_id: Option<String>,
    learner_id: Option<String>,
    fate: WireFate,
    detail: Option<String>,
    message: Option<String>,
    duplicate_of: Option<(String, WireLocation)>,
    clipped_to_as_of_ms: u64,
    capped_ms: u64,
    clipped_to_period_ms: u64,
    overlap_ms: u64,
    daily_capped_ms: u64,
    /// (grid week index, minutes).
    weeks: Vec<(u64, u64)>,
}

#[derive(Serialize, Deserialize)]
struct WireAudit {
    rows: Vec<WireRow>,
    kept: Vec<Vec<WireKept>>,
}

/// Serialises `state`, made under `ctx`, into the envelope.
pub(crate) fn to_bytes(ctx: &Context, state: &State) -> Vec<u8> {
    let body = body_of(ctx, state);
    // Every type of the body serialises (no maps with non-string keys, no
    // unsized sequences): an error here would be a bug; it gives an empty
    // body, which reading refuses rather than merging wrongly.
    let body = postcard::to_allocvec(&body).unwrap_or_default();
    let mut out = Vec::with_capacity(HEADER_LEN + body.len() + CHECKSUM_LEN);
    out.extend_from_slice(&STATE_MAGIC);
    out.extend_from_slice(&STATE_FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&ctx.fingerprint());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    let checksum: [u8; 32] = Sha256::digest(&out).into();
    out.extend_from_slice(&checksum);
    out
}

/// Reads a state written by [`to_bytes`] under the same set-up.
pub(crate) fn from_bytes(ctx: &Context, bytes: &[u8]) -> Result<State, StateError> {
    let found = bytes.len() as u64;
    if bytes.get(..8) != Some(STATE_MAGIC.as_slice()) {
        return Err(StateError::NotAState);
    }
    let version = bytes
        .get(8..10)
        .and_then(|b| <[u8; 2]>::try_from(b).ok())
        .map(u16::from_le_bytes)
        .ok_or(StateError::WrongLength {
            expected: (HEADER_LEN + CHECKSUM_LEN) as u64,
            found,
        })?;
    if version != STATE_FORMAT_VERSION {
        return Err(StateError::UnsupportedVersion {
            found: version,
            supported: STATE_FORMAT_VERSION,
        });
    }
    let header_short = StateError::WrongLength {
        expected: (HEADER_LEN + CHECKSUM_LEN) as u64,
        found,
    };
    let body_len = bytes
        .get(42..HEADER_LEN)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_le_bytes)
        .ok_or(header_short.clone())?;
    let expected = body_len
        .checked_add((HEADER_LEN + CHECKSUM_LEN) as u64)
        .ok_or(header_short)?;
    if expected != found {
        return Err(StateError::WrongLength { expected, found });
    }
    let end = bytes.len() - CHECKSUM_LEN;
    let (signed, checksum) = (bytes.get(..end), bytes.get(end..));
    let (Some(signed), Some(checksum)) = (signed, checksum) else {
        return Err(StateError::WrongLength { expected, found });
    };
    if Sha256::digest(signed).as_slice() != checksum {
        return Err(StateError::Corrupt);
    }
    if bytes.get(10..42) != Some(ctx.fingerprint().as_slice()) {
        return Err(StateError::DifferentSetUp);
    }
    let body = signed.get(HEADER_LEN..).unwrap_or_default();
    let (body, rest): (Body, &[u8]) = postcard::take_from_bytes(body)
        .map_err(|e| malformed(format!("the body does not decode (`{e}`)")))?;
    if !rest.is_empty() {
        return Err(malformed(format!("`{}` bytes after the body", rest.len())));
    }
    state_of(ctx, body)
}

fn malformed(message: impl Into<String>) -> StateError {
    StateError::Malformed(message.into())
}

fn wire_exclusion(excluded: Option<Exclusion>) -> WireExclusion {
    match excluded {
        None => WireExclusion::None,
        Some(Exclusion::ActivityKind) => WireExclusion::ActivityKind,
        Some(Exclusion::SelfReported) => WireExclusion::SelfReported,
    }
}

fn exclusion(excluded: WireExclusion) -> Option<Exclusion> {
    match excluded {
        WireExclusion::None => None,
        WireExclusion::ActivityKind => Some(Exclusion::ActivityKind),
        WireExclusion::SelfReported => Some(Exclusion::SelfReported),
    }
}

fn wire_location(location: &Location) -> WireLocation {
    WireLocation {
        file: location.file.clone(),
        line: location.line,
        column: location.column,
        record: location.record,
        pointer: location.pointer.clone(),
    }
}

fn location(wire: WireLocation) -> Location {
    Location {
        file: wire.file,
        line: wire.line,
        column: wire.column,
        record: wire.record,
        pointer: wire.pointer,
    }
}

fn wire_kept(kept: &Kept) -> WireKept {
    WireKept {
        location: wire_location(&kept.location),
        record_id: kept.record_id.clone(),
        learner_id: kept.learner_id.clone(),
        clipped_to_as_of_ms: kept.clipped_to_as_of_ms,
    }
}

fn kept(wire: WireKept) -> Kept {
    Kept {
        location: location(wire.location),
        record_id: wire.record_id,
        learner_id: wire.learner_id,
        clipped_to_as_of_ms: wire.clipped_to_as_of_ms,
    }
}

fn wire_fate(fate: AuditFate) -> WireFate {
    match fate {
        AuditFate::Credited => WireFate::Credited,
        AuditFate::Duplicate => WireFate::Duplicate,
        AuditFate::NotCreditable => WireFate::NotCreditable,
        AuditFate::OutsidePeriod => WireFate::OutsidePeriod,
        AuditFate::UnknownLearner => WireFate::UnknownLearner,
        AuditFate::Rejected => WireFate::Rejected,
    }
}

fn fate(wire: WireFate) -> AuditFate {
    match wire {
        WireFate::Credited => AuditFate::Credited,
        WireFate::Duplicate => AuditFate::Duplicate,
        WireFate::NotCreditable => AuditFate::NotCreditable,
        WireFate::OutsidePeriod => AuditFate::OutsidePeriod,
        WireFate::UnknownLearner => AuditFate::UnknownLearner,
        WireFate::Rejected => AuditFate::Rejected,
    }
}

fn body_of(ctx: &Context, state: &State) -> Body {
    let f = &state.fates;
    let d = &state.detail;
    Body {
        learners: ctx.learners.len() as u64,
        records_read: state.records_read,
        fates: WireFates {
            credited: f.credited,
            duplicate: f.duplicate,
            not_creditable: f.not_creditable,
            outside_period: f.outside_period,
            unknown_learner: f.unknown_learner,
            rejected: f.rejected,
        },
        detail: WireDetail {
            clipped_to_period: d.clipped_to_period,
            clipped_to_as_of: d.clipped_to_as_of,
            capped: d.capped,
            duplicate_ids: d.duplicate_ids,
            conflicting_ids: d.conflicting_ids,
            duplicate_content: d.duplicate_content,
            ids_reused_across_learners: d.ids_reused_across_learners,
            kind_not_creditable: d.kind_not_creditable,
            self_reported_not_counted: d.self_reported_not_counted,
            too_short: d.too_short,
            voided: d.voided,
            no_time_of_its_own: d.no_time_of_its_own,
            recorded_minutes: d.recorded_minutes,
            overlap_minutes: d.overlap_minutes,
            daily_cap_minutes: d.daily_cap_minutes,
            time_totals: d.time_totals,
            totals_within_sessions_minutes: d.totals_within_sessions_minutes,
        },
        spans: (0..ctx.learners.len())
            .map(|learner| {
                state
                    .spans
                    .lists(learner)
                    .flat_map(|list| list.iter(ctx.packing))
                    .map(|s| WireSpan {
                        id_key: s.id_key,
                        start_ms: s.start_ms,
                        end_ms: s.end_ms,
                        excluded: wire_exclusion(s.excluded),
                    })
                    .collect()
            })
            .collect(),
        // One list per learner, also when no total was ever read (the
        // state keeps no lists then).
        totals: (0..ctx.learners.len())
            .map(|learner| {
                state
                    .totals
                    .get(learner)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .map(|(t, k)| WireTotal {
                        id_key: t.id_key,
                        week: t.week as u64,
                        day: t.day,
                        ms: t.ms,
                        excluded: wire_exclusion(t.excluded),
                        kept: k.as_ref().map(wire_kept),
                    })
                    .collect()
            })
            .collect(),
        records_per_learner: state.records_per_learner.clone(),
        rejections: state
            .rejections
            .iter()
            .map(|r| WireRejection {
                location: wire_location(&r.location),
                code: r.code.clone(),
                message: r.message.clone(),
            })
            .collect(),
        rejections_not_listed: state.rejections_not_listed,
        unknown: state
            .unknown
            .iter()
            .map(|(id, n)| (id.clone(), *n))
            .collect(),
        unknown_records_not_listed: state.unknown_records_not_listed,
        audit: state.audit.as_ref().map(|audit| WireAudit {
            rows: audit
                .rows
                .iter()
                .map(|row| WireRow {
                    location: wire_location(&row.location),
                    record_id: row.record_id.clone(),
                    learner_id: row.learner_id.clone(),
                    fate: wire_fate(row.fate),
                    detail: row.detail.clone(),
                    message: row.message.clone(),
                    duplicate_of: row
                        .duplicate_of
                        .as_ref()
                        .map(|(id, at)| (id.clone(), wire_location(at))),
                    clipped_to_as_of_ms: row.clipped_to_as_of_ms,
                    capped_ms: row.capped_ms,
                    clipped_to_period_ms: row.clipped_to_period_ms,
                    overlap_ms: row.overlap_ms,
                    daily_capped_ms: row.daily_capped_ms,
                    weeks: row
                        .weeks
                        .iter()
                        .filter_map(|(w, m)| ctx.grid.index_of_week(*w).map(|i| (i as u64, *m)))
                        .collect(),
                })
                .collect(),
            kept: audit
                .kept
                .iter()
                .map(|kept| kept.iter().map(wire_kept).collect())
                .collect(),
        }),
    }
}

/// Sums `values`, refusing overflow and totals past [`MAX_STATE_RECORDS`].
fn bounded_sum(what: &str, values: impl IntoIterator<Item = u64>) -> Result<u64, StateError> {
    values
        .into_iter()
        .try_fold(0u64, |sum, v| sum.checked_add(v))
        .filter(|sum| *sum <= MAX_STATE_RECORDS)
        .ok_or_else(|| malformed(format!("{what} exceed `{MAX_STATE_RECORDS}`")))
}

/// Checks `body` against `ctx` and builds the state.
fn state_of(ctx: &Context, body: Body) -> Result<State, StateError> {
    let learners = ctx.learners.len();
    if body.learners != learners as u64
        || body.spans.len() != learners
        || body.totals.len() != learners
        || body.records_per_learner.len() != learners
    {
        return Err(malformed(format!(
            "it holds `{}` learners, the roster `{learners}`",
            body.learners
        )));
    }
    if body.audit.is_some() != ctx.options.audit {
        return Err(malformed("the audit part does not match the options"));
    }
    let f = &body.fates;
    let records_read = body.records_read;
    let fates_total = bounded_sum(
        "the fates",
        [
            f.credited,
            f.duplicate,
            f.not_creditable,
            f.outside_period,
            f.unknown_learner,
            f.rejected,
        ],
    )?;
    let kept_records = bounded_sum(
        "the kept records",
        body.spans
            .iter()
            .zip(&body.totals)
            .map(|(s, t)| (s.len() + t.len()) as u64),
    )?;
    // Kept records get their fate when their learner is judged.
    if fates_total.checked_add(kept_records) != Some(records_read) {
        return Err(malformed(format!(
            "`{records_read}` records read but `{fates_total}` fates and `{kept_records}` kept records"
        )));
    }
    let d = &body.detail;
    let detail = [
        d.clipped_to_period,
        d.clipped_to_as_of,
        d.capped,
        d.duplicate_ids,
        d.conflicting_ids,
        d.duplicate_content,
        d.ids_reused_across_learners,
        d.kind_not_creditable,
        d.self_reported_not_counted,
        d.too_short,
        d.voided,
        d.no_time_of_its_own,
        d.recorded_minutes,
        d.overlap_minutes,
        d.daily_cap_minutes,
        d.time_totals,
        d.totals_within_sessions_minutes,
    ];
    if detail.iter().any(|n| *n > records_read) {
        return Err(malformed("a detail count exceeds the records read"));
    }
    let listed_rejections = body.rejections.len() as u64;
    if listed_rejections.checked_add(body.rejections_not_listed) != Some(f.rejected) {
        return Err(malformed(
            "the rejections do not add up to the rejected fate",
        ));
    }
    if body.unknown.windows(2).any(|w| match w {
        [a, b] => a.0 >= b.0,
        _ => false,
    }) {
        return Err(malformed("the unknown learner ids are not in order"));
    }
    let unknown = bounded_sum(
        "the unknown learners' records",
        body.unknown
            .iter()
            .map(|(_, n)| *n)
            .chain([body.unknown_records_not_listed]),
    )?;
    if unknown != f.unknown_learner {
        return Err(malformed(
            "the unknown learners' records do not add up to their fate",
        ));
    }
    let per_learner = bounded_sum(
        "the records per learner",
        body.records_per_learner.iter().copied(),
    )?;
    if per_learner > records_read {
        return Err(malformed("the records per learner exceed the records read"));
    }
    for ((spans, totals), n) in body
        .spans
        .iter()
        .zip(&body.totals)
        .zip(&body.records_per_learner)
    {
        if (spans.len() + totals.len()) as u64 > *n {
            return Err(malformed(
                "a learner has more kept records than records read",
            ));
        }
    }

    let max_ms = i64::try_from(MAX_SESSION_DURATION.as_millis()).unwrap_or(i64::MAX);
    let (grid_start, grid_end) = (ctx.grid.start_ms(), ctx.grid.end_ms());
    let mut spans = Vec::with_capacity(learners);
    for list in body.spans {
        let mut out = LearnerSpans::default();
        for s in list {
            let length = s.end_ms.checked_sub(s.start_ms);
            let fits = length.is_some_and(|l| (0..=max_ms).contains(&l))
                && s.end_ms <= ctx.as_of_ms
                && s.end_ms > grid_start
                && s.start_ms < grid_end;
            if !fits {
                return Err(malformed(format!(
                    "an interval `{}..{}` ms is not one the period and as-of instant allow",
                    s.start_ms, s.end_ms
                )));
            }
            out.push(
                ctx.packing,
                RecordSpan {
                    id_key: s.id_key,
                    start_ms: s.start_ms,
                    end_ms: s.end_ms,
                    excluded: exclusion(s.excluded),
                },
            );
        }
        spans.push(out);
    }

    let calendar = ctx.pledge.calendar();
    let mut totals = Vec::with_capacity(learners);
    for list in body.totals {
        let mut out = Vec::with_capacity(list.len());
        for t in list {
            let week = usize::try_from(t.week)
                .ok()
                .filter(|w| *w < ctx.grid.len())
                .ok_or_else(|| {
                    malformed(format!("a total's week `{}` is not in the period", t.week))
                })?;
            let covers = match t.day {
                Some(day) => {
                    let date = chrono::NaiveDate::from_num_days_from_ce_opt(day);
                    let in_week = date
                        .and_then(|date| calendar.week_of_date(date).ok())
                        .and_then(|w| ctx.grid.index_of_week(w));
                    if in_week != Some(week) {
                        return Err(malformed(format!(
                            "a total's day `{day}` is not in its week"
                        )));
                    }
                    TotalCovers::Day
                }
                None => TotalCovers::Week,
            };
            if t.ms > covers.max_duration().as_millis() {
                return Err(malformed(format!(
                    "a total of `{}` ms is longer than its {} can hold",
                    t.ms,
                    covers.name()
                )));
            }
            if t.kept.is_some() != ctx.options.audit {
                return Err(malformed(
                    "a total's audit record does not match the options",
                ));
            }
            out.push((
                TotalEntry {
                    id_key: t.id_key,
                    week,
                    day: t.day,
                    ms: t.ms,
                    excluded: exclusion(t.excluded),
                },
                t.kept.map(kept),
            ));
        }
        totals.push(out);
    }

    let audit = match body.audit {
        None => None,
        Some(audit) => {
            if audit.kept.len() != learners
                || audit
                    .kept
                    .iter()
                    .zip(&spans)
                    .any(|(k, s)| k.len() != s.len())
            {
                return Err(malformed(
                    "the audit's kept records do not match the intervals",
                ));
            }
            if (audit.rows.len() as u64).checked_add(kept_records) != Some(records_read) {
                return Err(malformed(
                    "the audit rows and kept records do not add up to the records read",
                ));
            }
            let mut rows = Vec::with_capacity(audit.rows.len());
            for row in audit.rows {
                let mut weeks = Vec::with_capacity(row.weeks.len());
                for (index, minutes) in row.weeks {
                    let week = usize::try_from(index)
                        .ok()
                        .and_then(|i| ctx.grid.weeks().get(i))
                        .ok_or_else(|| {
                            malformed(format!(
                                "an audit row's week `{index}` is not in the period"
                            ))
                        })?;
                    weeks.push((*week, minutes));
                }
                let mut out = AuditRow::new(location(row.location), fate(row.fate));
                out.record_id = row.record_id;
                out.learner_id = row.learner_id;
                out.detail = row.detail;
                out.message = row.message;
                out.duplicate_of = row.duplicate_of.map(|(id, at)| (id, location(at)));
                out.clipped_to_as_of_ms = row.clipped_to_as_of_ms;
                out.capped_ms = row.capped_ms;
                out.clipped_to_period_ms = row.clipped_to_period_ms;
                out.overlap_ms = row.overlap_ms;
                out.daily_capped_ms = row.daily_capped_ms;
                out.weeks = weeks;
                rows.push(out);
            }
            Some(AuditState {
                rows,
                kept: audit
                    .kept
                    .into_iter()
                    .map(|list| list.into_iter().map(kept).collect())
                    .collect(),
            })
        }
    };

    Ok(State {
        records_read,
        fates: Fates {
            credited: f.credited,
            duplicate: f.duplicate,
            not_creditable: f.not_creditable,
            outside_period: f.outside_period,
            unknown_learner: f.unknown_learner,
            rejected: f.rejected,
        },
        detail: FateDetail {
            clipped_to_period: d.clipped_to_period,
            clipped_to_as_of: d.clipped_to_as_of,
            capped: d.capped,
            duplicate_ids: d.duplicate_ids,
            conflicting_ids: d.conflicting_ids,
            duplicate_content: d.duplicate_content,
            ids_reused_across_learners: d.ids_reused_across_learners,
            kind_not_creditable: d.kind_not_creditable,
            self_reported_not_counted: d.self_reported_not_counted,
            too_short: d.too_short,
            voided: d.voided,
            no_time_of_its_own: d.no_time_of_its_own,
            recorded_minutes: d.recorded_minutes,
            overlap_minutes: d.overlap_minutes,
            daily_cap_minutes: d.daily_cap_minutes,
            time_totals: d.time_totals,
            totals_within_sessions_minutes: d.totals_within_sessions_minutes,
        },
        spans: SpanTables::from_lists(spans),
        totals,
        records_per_learner: body.records_per_learner,
        rejections: body
            .rejections
            .into_iter()
            .map(|r| Rejection {
                location: location(r.location),
                code: r.code,
                message: r.message,
            })
            .collect(),
        rejections_not_listed: body.rejections_not_listed,
        unknown: body.unknown.into_iter().collect::<BTreeMap<_, _>>(),
        unknown_records_not_listed: body.unknown_records_not_listed,
        audit,
    })
}
