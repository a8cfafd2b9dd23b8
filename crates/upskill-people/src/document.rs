//! The People-principle file (`people.json`): what an organisation brings to
//! its scorecard that the engine cannot measure.
//!
//! The engine measures the CPD time recorded (the micro-upskilling hour);
//! this document holds the rest, as this crate models it:
//!
//! - [`Attestation`]s for either [`Commitment`];
//! - the organisation's raw [`RepresentationCounts`] by level and group, with
//!   the [`SuppressionThreshold`] to hide small groups with. The counts are
//!   never shown: only the [suppressed report](RepresentationCounts::suppress)
//!   goes on a scorecard.
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "organisation_id": "acme",
//!   "commitments": {
//!     "micro_upskilling": {
//!       "attestations": [{
//!         "document": "HR-POL-012 v3",
//!         "date": "2026-01-15",
//!         "attested_by": "Head of People",
//!         "statement": "Every employee has a weekly learning hour in their calendar"
//!       }]
//!     },
//!     "diverse_inclusive_teams": {
//!       "representation": {
//!         "suppression_threshold": 5,
//!         "levels": [
//!           {"level": "board", "counts": {"group a": 3, "group b": 6, "group c": 9}}
//!         ]
//!       }
//!     }
//!   }
//! }
//! ```
//!
//! Reading is strict: unknown fields are errors, and every value is checked by
//! the same constructors as in Rust (see the `serde` feature).

use serde::{Deserialize, Serialize};

use crate::{
    Attestation, Commitment, LevelCounts, OrganisationId, RepresentationCounts,
    RepresentationError, RepresentationReport, ScorecardBuilder, SuppressionThreshold,
};

/// The one `schema_version` of `people.json` this version reads and writes.
pub const PEOPLE_SCHEMA_VERSION: u32 = 1;

/// The People-principle file (`people.json`); see the [module
/// documentation](self) for an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "PeopleDocument")]
#[non_exhaustive]
pub struct PeopleDocument {
    /// Format version: 1 ([`PEOPLE_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The organisation, as its pledge's `organisation.id` names it (`acme`).
    pub organisation_id: OrganisationId,
    /// Evidence per commitment; a commitment left out has none from this file.
    #[serde(default)]
    pub commitments: CommitmentsDocument,
}

/// The evidence `people.json` gives for each commitment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CommitmentsDocument {
    /// The micro-upskilling hour ([`Commitment::MicroUpskilling`]): its
    /// measured evidence (the CPD time recorded) comes from the engine, so the
    /// file gives attestations only.
    #[serde(default)]
    pub micro_upskilling: MicroUpskillingDocument,
    /// Diverse, inclusive teams ([`Commitment::DiverseInclusiveTeams`]).
    #[serde(default)]
    pub diverse_inclusive_teams: DiverseTeamsDocument,
}

/// Evidence for the micro-upskilling hour from `people.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MicroUpskillingDocument {
    /// Documents the organisation points to (a learning-hour policy, say).
    #[serde(default)]
    pub attestations: Vec<Attestation>,
}

/// Evidence for diverse, inclusive teams from `people.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DiverseTeamsDocument {
    /// Documents the organisation points to (an inclusion policy, say).
    #[serde(default)]
    pub attestations: Vec<Attestation>,
    /// The organisation's raw representation counts, if it gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representation: Option<RepresentationDocument>,
}

/// Raw representation counts and the threshold to suppress them with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    try_from = "RepresentationSpec",
    into = "RepresentationSpec"
)]
pub struct RepresentationDocument {
    threshold: SuppressionThreshold,
    counts: RepresentationCounts,
}

/// The written form of a [`RepresentationDocument`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "RepresentationDocument")]
struct RepresentationSpec {
    /// The smallest count a group may be shown with (default 5); smaller
    /// groups are suppressed (see the `representation` rules).
    #[serde(default)]
    suppression_threshold: SuppressionThreshold,
    /// People per group at each level, in the organisation's order; at least
    /// one level, each named once, each with at least one group.
    levels: Vec<LevelCounts>,
}

impl TryFrom<RepresentationSpec> for RepresentationDocument {
    type Error = RepresentationError;

    fn try_from(spec: RepresentationSpec) -> Result<RepresentationDocument, RepresentationError> {
        Ok(RepresentationDocument {
            threshold: spec.suppression_threshold,
            counts: RepresentationCounts::new(spec.levels)?,
        })
    }
}

impl From<RepresentationDocument> for RepresentationSpec {
    fn from(document: RepresentationDocument) -> RepresentationSpec {
        RepresentationSpec {
            suppression_threshold: document.threshold,
            levels: document.counts.levels().to_vec(),
        }
    }
}

impl RepresentationDocument {
    /// Raw counts and the threshold to suppress them with.
    pub fn new(counts: RepresentationCounts, threshold: SuppressionThreshold) -> Self {
        RepresentationDocument { threshold, counts }
    }

    /// The threshold (default [`SuppressionThreshold::DEFAULT`]).
    pub fn threshold(&self) -> SuppressionThreshold {
        self.threshold
    }

    /// The raw counts (never shown as they are).
    pub fn counts(&self) -> &RepresentationCounts {
        &self.counts
    }

    /// The report safe to show: [`RepresentationCounts::suppress`] with the
    /// document's threshold.
    pub fn report(&self) -> RepresentationReport {
        self.counts.suppress(self.threshold)
    }
}

impl PeopleDocument {
    /// A document for `organisation_id` with no evidence.
    pub fn new(organisation_id: OrganisationId) -> PeopleDocument {
        PeopleDocument {
            schema_version: PEOPLE_SCHEMA_VERSION,
            organisation_id,
            commitments: CommitmentsDocument::default(),
        }
    }

    /// Adds this document's evidence to a scorecard: the attestations of each
    /// commitment, then the suppressed representation report. Raw counts
    /// never reach the scorecard.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_calendar::{DayOfWeek, Week};
    /// use upskill_people::{Commitment, PeopleDocument, Period, Scorecard, Status};
    ///
    /// let document: PeopleDocument = serde_json::from_str(r#"{
    ///     "schema_version": 1, "organisation_id": "acme",
    ///     "commitments": {"diverse_inclusive_teams": {"representation": {
    ///         "levels": [{"level": "board", "counts": {"group a": 3, "group b": 6, "group c": 9}}]}}}
    /// }"#)?;
    /// let week = Week::parse("2026-W01", DayOfWeek::Monday)?;
    /// let mut builder = Scorecard::builder(document.organisation_id.clone(), Period::new(week, week)?);
    /// document.add_evidence(&mut builder);
    /// let card = builder.build();
    /// assert_eq!(card.status(Commitment::DiverseInclusiveTeams), Status::Evidenced);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_evidence(&self, builder: &mut ScorecardBuilder) {
        let commitments = &self.commitments;
        for (commitment, attestations) in [
            (
                Commitment::MicroUpskilling,
                &commitments.micro_upskilling.attestations,
            ),
            (
                Commitment::DiverseInclusiveTeams,
                &commitments.diverse_inclusive_teams.attestations,
            ),
        ] {
            for attestation in attestations {
                // Both commitments take attested evidence: this cannot fail.
                let _ = builder.add(commitment, attestation.clone());
            }
        }
        if let Some(representation) = &commitments.diverse_inclusive_teams.representation {
            builder.add_representation(representation.report());
        }
    }
}
