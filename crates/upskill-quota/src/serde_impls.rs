//! Written forms of rosters and leave (JSON documents; the CSV readers in
//! `upskill-formats` map their columns onto the same records).

use std::num::NonZeroU32;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use upskill_pledge::Proportion;
use upskill_session::LearnerId;

use crate::{Learner, Leave, LeaveKind, LeaveSpan, QuotaError, Roster, Workload};

/// The roster and leave documents' format version.
pub const SCHEMA_VERSION: u32 = 1;

/// One roster row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "RosterEntry")]
pub struct RosterRecord {
    /// The learner's id, as used in sessions and leave.
    pub learner_id: LearnerId,
    /// First day employed (`YYYY-MM-DD`); absent: employed since before any period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// Last day employed (`YYYY-MM-DD`); absent: still employed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Full-time equivalent, above 0 and at most 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(max = 1), extend("exclusiveMinimum" = 0)))]
    pub fte: Option<f64>,
    /// Contracted hours per week, instead of `fte`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(max = 168), extend("exclusiveMinimum" = 0)))]
    pub contracted_hours: Option<f64>,
    /// Team, for the per-team breakdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// A roster document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Roster")]
pub struct RosterDocument {
    /// Format version: 1.
    pub schema_version: u32,
    /// The in-scope people.
    pub learners: Vec<RosterRecord>,
}

/// One leave row: a learner away from `from` to `to`, both inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "LeaveEntry")]
pub struct LeaveRecord {
    /// The learner.
    pub learner_id: LearnerId,
    /// First day away (`YYYY-MM-DD`).
    pub from: NaiveDate,
    /// Last day away (`YYYY-MM-DD`), on or after `from`.
    pub to: NaiveDate,
    /// `annual`, `sick`, `parental` or `other` (default).
    #[serde(default)]
    pub kind: LeaveKind,
}

/// A leave document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Leave")]
pub struct LeaveDocument {
    /// Format version: 1.
    pub schema_version: u32,
    /// The leave ranges.
    pub leave: Vec<LeaveRecord>,
}

impl TryFrom<&RosterRecord> for Learner {
    type Error = QuotaError;

    fn try_from(r: &RosterRecord) -> Result<Learner, QuotaError> {
        let who = || r.learner_id.to_string();
        let workload = match (r.fte, r.contracted_hours) {
            (Some(_), Some(_)) => return Err(QuotaError::BothWorkloads(who())),
            (Some(fte), None) => Workload::Fte(
                Proportion::from_f64(fte)
                    .ok()
                    .filter(|p| *p > Proportion::ZERO)
                    .ok_or_else(|| QuotaError::FteOutOfRange {
                        learner: who(),
                        fte: fte.to_string(),
                    })?,
            ),
            (None, Some(hours)) => {
                let bad = || QuotaError::HoursOutOfRange {
                    learner: who(),
                    hours: hours.to_string(),
                };
                if !hours.is_finite() || hours <= 0.0 || hours > 168.0 {
                    return Err(bad());
                }
                // Whole minutes only: `20.001` hours is refused, never rounded.
                let minutes =
                    upskill_session::decimal::whole_units_of_f64(hours, 60).map_err(|_| bad())?;
                Workload::ContractedMinutes(
                    u32::try_from(minutes)
                        .ok()
                        .and_then(NonZeroU32::new)
                        .ok_or_else(bad)?,
                )
            }
            (None, None) => Workload::default(),
        };
        let mut learner = Learner::new(r.learner_id.clone(), workload)?;
        if let Some(start) = r.start_date {
            learner = learner.with_start_date(start)?;
        }
        if let Some(end) = r.end_date {
            learner = learner.with_end_date(end)?;
        }
        if let Some(team) = &r.team {
            learner = learner.with_team(team.clone());
        }
        Ok(learner)
    }
}

impl From<&Learner> for RosterRecord {
    fn from(l: &Learner) -> RosterRecord {
        let (fte, contracted_hours) = match l.workload() {
            Workload::Fte(p) if p == Proportion::ONE => (None, None),
            Workload::Fte(p) => (Some(p.to_f64()), None),
            Workload::ContractedMinutes(m) => (None, Some(f64::from(m.get()) / 60.0)),
        };
        RosterRecord {
            learner_id: l.id().clone(),
            start_date: l.start_date(),
            end_date: l.end_date(),
            fte,
            contracted_hours,
            team: l.team().map(str::to_string),
        }
    }
}

impl Roster {
    /// Reads a roster document, collecting every bad row rather than stopping
    /// at the first: `(roster of the good rows, errors with row indexes)`.
    pub fn from_document(doc: &RosterDocument) -> (Roster, Vec<(usize, QuotaError)>) {
        let mut roster = Roster::default();
        let mut errors = Vec::new();
        for (i, record) in doc.learners.iter().enumerate() {
            match Learner::try_from(record).and_then(|l| roster.insert(l)) {
                Ok(()) => {}
                Err(e) => errors.push((i, e)),
            }
        }
        (roster, errors)
    }

    /// Writes the roster as a document.
    pub fn to_document(&self) -> RosterDocument {
        RosterDocument {
            schema_version: SCHEMA_VERSION,
            learners: self.learners().map(RosterRecord::from).collect(),
        }
    }
}

impl Leave {
    /// Reads a leave document, collecting every bad row.
    pub fn from_document(doc: &LeaveDocument) -> (Leave, Vec<(usize, QuotaError)>) {
        let mut leave = Leave::default();
        let mut errors = Vec::new();
        for (i, r) in doc.leave.iter().enumerate() {
            match LeaveSpan::new(&r.learner_id, r.from, r.to, r.kind) {
                Ok(span) => leave.insert(r.learner_id.clone(), span),
                Err(e) => errors.push((i, e)),
            }
        }
        (leave, errors)
    }

    /// Writes the leave as a document.
    pub fn to_document(&self) -> LeaveDocument {
        let leave = self
            .by_learner
            .iter()
            .flat_map(|(id, spans)| {
                spans.iter().map(|s| LeaveRecord {
                    learner_id: id.clone(),
                    from: s.from,
                    to: s.to,
                    kind: s.kind,
                })
            })
            .collect();
        LeaveDocument {
            schema_version: SCHEMA_VERSION,
            leave,
        }
    }
}
