//! The scorecard: per commitment, its evidence and a status.

use std::fmt;

use upskill_calendar::Week;

use upskill_pledge::Mode;
use upskill_session::OrganisationId;

use crate::{Attestation, Commitment, EvidenceKind, Measurement, RepresentationReport};

/// One piece of evidence for a commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Evidence {
    /// A criterion the policy engine measured.
    Measured(Measurement),
    /// A document the organisation points to.
    Attested(Attestation),
    /// Representation counts by level, small groups suppressed.
    Representation(RepresentationReport),
}

impl Evidence {
    /// Which kind of evidence this is.
    pub fn kind(&self) -> EvidenceKind {
        match self {
            Evidence::Measured(_) => EvidenceKind::Measured,
            Evidence::Attested(_) => EvidenceKind::Attested,
            Evidence::Representation(_) => EvidenceKind::Representation,
        }
    }
}

impl From<Measurement> for Evidence {
    fn from(measurement: Measurement) -> Evidence {
        Evidence::Measured(measurement)
    }
}

impl From<Attestation> for Evidence {
    fn from(attestation: Attestation) -> Evidence {
        Evidence::Attested(attestation)
    }
}

impl From<RepresentationReport> for Evidence {
    fn from(report: RepresentationReport) -> Evidence {
        Evidence::Representation(report)
    }
}

/// The weeks a scorecard covers, first to last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::PeriodSpec",
        into = "crate::serde_impls::PeriodSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Period {
    first: Week,
    last: Week,
}

/// Why a period was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// The last week is before the first.
    #[error("period runs from `{first}` to `{last}`: the last week is before the first")]
    Reversed {
        /// The first week given.
        first: Week,
        /// The last week given.
        last: Week,
    },
    /// The two weeks start on different days.
    #[error("period runs from `{first}` to `{last}`: the weeks start on different days")]
    MixedWeekStarts {
        /// The first week given.
        first: Week,
        /// The last week given.
        last: Week,
    },
}

impl Period {
    /// The weeks from `first` to `last`, inclusive.
    ///
    /// # Errors
    ///
    /// [`PeriodError::Reversed`] when `last` is before `first`, and
    /// [`PeriodError::MixedWeekStarts`] when they start on different days
    /// of the week.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_calendar::{DayOfWeek, Week};
    /// use upskill_people::Period;
    ///
    /// let first = Week::parse("2026-W01", DayOfWeek::Monday)?;
    /// let last = Week::parse("2026-W13", DayOfWeek::Monday)?;
    /// let quarter = Period::new(first, last)?;
    /// assert_eq!(quarter.weeks(), 13);
    /// assert!(Period::new(last, first).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(first: Week, last: Week) -> Result<Period, PeriodError> {
        if first.start_day() != last.start_day() {
            return Err(PeriodError::MixedWeekStarts { first, last });
        }
        if last < first {
            return Err(PeriodError::Reversed { first, last });
        }
        Ok(Period { first, last })
    }

    /// The first week.
    pub fn first(self) -> Week {
        self.first
    }

    /// The last week (inclusive).
    pub fn last(self) -> Week {
        self.last
    }

    /// How many weeks the period covers (at least 1).
    pub fn weeks(self) -> i64 {
        self.first.weeks_until(self.last).saturating_add(1)
    }
}

/// How well a commitment is evidenced. Computed from its evidence by
/// [`Status::of`]; never set by hand.
///
/// Four statuses rather than three: "partly evidenced" would otherwise mean
/// both *the records are missing* and *the records show a miss*, which call
/// for different actions (start recording, or make time to learn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Status {
    /// Evidence of the commitment's [primary kind](Commitment::primary_evidence)
    /// is there, and every measured criterion passed.
    Evidenced,
    /// At least one measured criterion did not pass: the records show the
    /// commitment short in this period.
    Shortfall,
    /// There is evidence, none of it failing, but none of the primary kind
    /// either (an attested policy with no recorded hours, say).
    PartlyEvidenced,
    /// No evidence at all.
    NoEvidence,
}

impl Status {
    /// The status a commitment's evidence gives, by this rule, in order:
    ///
    /// 1. no evidence: [`NoEvidence`](Status::NoEvidence);
    /// 2. any [measurement](Measurement::passed) that did not pass:
    ///    [`Shortfall`](Status::Shortfall);
    /// 3. any evidence of the commitment's
    ///    [primary kind](Commitment::primary_evidence):
    ///    [`Evidenced`](Status::Evidenced);
    /// 4. otherwise: [`PartlyEvidenced`](Status::PartlyEvidenced).
    ///
    /// The rule looks only at the evidence, not at the [`Mode`].
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Commitment, Status};
    ///
    /// assert_eq!(Status::of(Commitment::MicroUpskilling, &[]), Status::NoEvidence);
    /// ```
    pub fn of(commitment: Commitment, evidence: &[Evidence]) -> Status {
        if evidence.is_empty() {
            Status::NoEvidence
        } else if evidence
            .iter()
            .any(|e| matches!(e, Evidence::Measured(m) if !m.passed()))
        {
            Status::Shortfall
        } else if evidence
            .iter()
            .any(|e| e.kind() == commitment.primary_evidence())
        {
            Status::Evidenced
        } else {
            Status::PartlyEvidenced
        }
    }

    /// The identifier used in every format (`partly_evidenced`).
    pub const fn id(self) -> &'static str {
        match self {
            Status::Evidenced => "evidenced",
            Status::Shortfall => "shortfall",
            Status::PartlyEvidenced => "partly_evidenced",
            Status::NoEvidence => "no_evidence",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One commitment on a scorecard: its evidence, in the order added, and the
/// status that evidence gives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::EntrySpec",
        into = "crate::serde_impls::EntrySpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ScorecardEntry {
    commitment: Commitment,
    status: Status,
    evidence: Vec<Evidence>,
}

impl ScorecardEntry {
    /// Checks that every piece of evidence suits the commitment, and
    /// computes the status.
    #[cfg(feature = "serde")]
    pub(crate) fn new(
        commitment: Commitment,
        evidence: Vec<Evidence>,
    ) -> Result<ScorecardEntry, ScorecardError> {
        if let Some(e) = evidence.iter().find(|e| !commitment.accepts(e.kind())) {
            return Err(ScorecardError::NotAccepted {
                commitment,
                kind: e.kind(),
            });
        }
        let status = Status::of(commitment, &evidence);
        Ok(ScorecardEntry {
            commitment,
            status,
            evidence,
        })
    }

    /// The commitment.
    pub fn commitment(&self) -> Commitment {
        self.commitment
    }

    /// The status its evidence gives (see [`Status::of`]).
    pub fn status(&self) -> Status {
        self.status
    }

    /// The evidence, in the order it was added.
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
}

/// Why a scorecard, or evidence for one, was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScorecardError {
    /// Evidence of a kind the commitment does not take.
    #[error("commitment `{commitment}` does not take `{kind}` evidence: it takes {}", list(commitment.accepted_evidence()))]
    NotAccepted {
        /// The commitment.
        commitment: Commitment,
        /// The kind of evidence offered.
        kind: EvidenceKind,
    },
    /// A written scorecard gives a status its evidence does not.
    #[error("commitment `{commitment}` is marked `{stated}`, but its evidence gives `{computed}`")]
    WrongStatus {
        /// The commitment.
        commitment: Commitment,
        /// The status written.
        stated: Status,
        /// The status the evidence gives.
        computed: Status,
    },
    /// A written scorecard lists a commitment twice.
    #[error("commitment `{0}` is listed twice")]
    DuplicateCommitment(Commitment),
    /// A written scorecard leaves a commitment out.
    #[error(
        "commitment `{0}` is missing: a scorecard lists every commitment, with or without evidence"
    )]
    MissingCommitment(Commitment),
}

fn list(kinds: &[EvidenceKind]) -> String {
    kinds
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The People principle scorecard for one organisation and period: per
/// commitment, its evidence and status.
///
/// The policy engine fills it through a [`ScorecardBuilder`]; every
/// commitment is listed, with or without evidence, in the order of
/// [`Commitment::ALL`].
///
/// # Example
///
/// ```
/// use upskill_calendar::{DayOfWeek, Week};
/// use upskill_people::{
///     Commitment, Fraction, Measurement, MetricName, OrganisationId, Period, Scorecard, Status,
///     Threshold,
/// };
///
/// let period = Period::new(
///     Week::parse("2026-W01", DayOfWeek::Monday)?,
///     Week::parse("2026-W13", DayOfWeek::Monday)?,
/// )?;
/// let rate = Measurement::new(
///     MetricName::new("learner_week_rate")?,
///     Fraction::new(97, 120)?.into(),
///     Threshold::at_least(Fraction::new(4, 5)?),
/// );
/// let card = Scorecard::builder(OrganisationId::new("acme")?, period)
///     .add_measured(rate)
///     .build();
/// assert_eq!(card.status(Commitment::MicroUpskilling), Status::Evidenced);
/// assert_eq!(card.status(Commitment::DiverseInclusiveTeams), Status::NoEvidence);
/// assert!(!card.fails());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::ScorecardSpec",
        into = "crate::serde_impls::ScorecardSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Scorecard {
    organisation: OrganisationId,
    period: Period,
    mode: Mode,
    micro_upskilling: ScorecardEntry,
    diverse_inclusive_teams: ScorecardEntry,
}

impl Scorecard {
    /// Starts a scorecard for `organisation` over `period`, in
    /// [advisory](Mode::Advisory) mode, with no evidence.
    pub fn builder(organisation: OrganisationId, period: Period) -> ScorecardBuilder {
        ScorecardBuilder {
            organisation,
            period,
            mode: Mode::default(),
            micro_upskilling: Vec::new(),
            diverse_inclusive_teams: Vec::new(),
        }
    }

    /// Puts checked entries together.
    #[cfg(feature = "serde")]
    pub(crate) fn from_entries(
        organisation: OrganisationId,
        period: Period,
        mode: Mode,
        entries: Vec<ScorecardEntry>,
    ) -> Result<Scorecard, ScorecardError> {
        let mut micro_upskilling = None;
        let mut diverse_inclusive_teams = None;
        for entry in entries {
            let slot = match entry.commitment {
                Commitment::MicroUpskilling => &mut micro_upskilling,
                Commitment::DiverseInclusiveTeams => &mut diverse_inclusive_teams,
            };
            if slot.is_some() {
                return Err(ScorecardError::DuplicateCommitment(entry.commitment));
            }
            *slot = Some(entry);
        }
        Ok(Scorecard {
            organisation,
            period,
            mode,
            micro_upskilling: micro_upskilling.ok_or(ScorecardError::MissingCommitment(
                Commitment::MicroUpskilling,
            ))?,
            diverse_inclusive_teams: diverse_inclusive_teams.ok_or(
                ScorecardError::MissingCommitment(Commitment::DiverseInclusiveTeams),
            )?,
        })
    }

    /// The organisation.
    pub fn organisation(&self) -> &OrganisationId {
        &self.organisation
    }

    /// The weeks covered.
    pub fn period(&self) -> Period {
        self.period
    }

    /// How the scorecard is meant to be read.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The entry for `commitment`.
    pub fn entry(&self, commitment: Commitment) -> &ScorecardEntry {
        match commitment {
            Commitment::MicroUpskilling => &self.micro_upskilling,
            Commitment::DiverseInclusiveTeams => &self.diverse_inclusive_teams,
        }
    }

    /// Every entry, in the order of [`Commitment::ALL`].
    pub fn entries(&self) -> impl Iterator<Item = &ScorecardEntry> {
        [&self.micro_upskilling, &self.diverse_inclusive_teams].into_iter()
    }

    /// The status of `commitment`.
    pub fn status(&self, commitment: Commitment) -> Status {
        self.entry(commitment).status
    }

    /// Whether the scorecard counts as a failure: only in
    /// [enforcing](Mode::Enforcing) mode (the pledge's [`Mode`], which the
    /// DMA's framing, [“to empower, not regulate”](crate::quotes::EMPOWER_NOT_REGULATE),
    /// makes advisory by default), when some commitment has a
    /// [shortfall](Status::Shortfall). In advisory mode, never.
    pub fn fails(&self) -> bool {
        self.mode == Mode::Enforcing && self.entries().any(|e| e.status == Status::Shortfall)
    }
}

/// Collects evidence for a [`Scorecard`]; see [`Scorecard::builder`].
#[derive(Debug, Clone)]
pub struct ScorecardBuilder {
    organisation: OrganisationId,
    period: Period,
    mode: Mode,
    micro_upskilling: Vec<Evidence>,
    diverse_inclusive_teams: Vec<Evidence>,
}

impl ScorecardBuilder {
    /// Sets how the scorecard is meant to be read (default advisory).
    pub fn mode(&mut self, mode: Mode) -> &mut ScorecardBuilder {
        self.mode = mode;
        self
    }

    /// Adds evidence for `commitment`.
    ///
    /// # Errors
    ///
    /// [`ScorecardError::NotAccepted`] when the commitment does not take
    /// evidence of that kind (see [`Commitment::accepted_evidence`]); the
    /// builder is left unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use upskill_calendar::{DayOfWeek, Week};
    /// use upskill_people::{
    ///     Attestation, Commitment, DocumentRef, OrganisationId, Period, Scorecard, Statement, Status,
    /// };
    ///
    /// let week = Week::parse("2026-W01", DayOfWeek::Monday)?;
    /// let policy = Attestation::new(
    ///     DocumentRef::new("HR-POL-012 v3")?,
    ///     NaiveDate::from_ymd_opt(2026, 1, 15).ok_or("bad date")?,
    ///     Statement::new("Every employee has a weekly learning hour in their calendar")?,
    /// );
    /// let mut builder = Scorecard::builder(OrganisationId::new("acme")?, Period::new(week, week)?);
    /// builder.add(Commitment::MicroUpskilling, policy)?;
    /// let card = builder.build();
    /// assert_eq!(card.status(Commitment::MicroUpskilling), Status::PartlyEvidenced);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add(
        &mut self,
        commitment: Commitment,
        evidence: impl Into<Evidence>,
    ) -> Result<&mut ScorecardBuilder, ScorecardError> {
        let evidence = evidence.into();
        if !commitment.accepts(evidence.kind()) {
            return Err(ScorecardError::NotAccepted {
                commitment,
                kind: evidence.kind(),
            });
        }
        self.slot(commitment).push(evidence);
        Ok(self)
    }

    /// Adds a measurement for [the hour](Commitment::MicroUpskilling), the
    /// one commitment measured evidence supports.
    pub fn add_measured(&mut self, measurement: Measurement) -> &mut ScorecardBuilder {
        self.micro_upskilling.push(Evidence::Measured(measurement));
        self
    }

    /// Adds a representation report for
    /// [diverse, inclusive teams](Commitment::DiverseInclusiveTeams), the one
    /// commitment it supports.
    pub fn add_representation(&mut self, report: RepresentationReport) -> &mut ScorecardBuilder {
        self.diverse_inclusive_teams
            .push(Evidence::Representation(report));
        self
    }

    fn slot(&mut self, commitment: Commitment) -> &mut Vec<Evidence> {
        match commitment {
            Commitment::MicroUpskilling => &mut self.micro_upskilling,
            Commitment::DiverseInclusiveTeams => &mut self.diverse_inclusive_teams,
        }
    }

    /// The scorecard, with every status computed by [`Status::of`].
    pub fn build(&self) -> Scorecard {
        let entry = |commitment, evidence: &Vec<Evidence>| ScorecardEntry {
            commitment,
            status: Status::of(commitment, evidence),
            evidence: evidence.clone(),
        };
        Scorecard {
            organisation: self.organisation.clone(),
            period: self.period,
            mode: self.mode,
            micro_upskilling: entry(Commitment::MicroUpskilling, &self.micro_upskilling),
            diverse_inclusive_teams: entry(
                Commitment::DiverseInclusiveTeams,
                &self.diverse_inclusive_teams,
            ),
        }
    }
}
