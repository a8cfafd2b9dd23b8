//! The People principle's commitments, the kinds of evidence for them, and
//! the DMA's own words they rest on.

use std::fmt;
use std::str::FromStr;

/// Words of the DMA (Data & Marketing Association), quoted exactly, with
/// where this crate found them.
///
/// This crate invents no official wording. Everything the DMA said that it
/// repeats is a `Quotation` in [`quotes`](crate::quotes); every other
/// description (such as [`Commitment::summary`]) is this crate's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quotation {
    text: &'static str,
    source: &'static str,
}

impl Quotation {
    /// The quoted words, exactly as found.
    pub const fn text(&self) -> &'static str {
        self.text
    }

    /// Who said them and where this crate found them.
    pub const fn source(&self) -> &'static str {
        self.source
    }
}

impl fmt::Display for Quotation {
    /// Writes `“text” (source)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\u{201c}{}\u{201d} ({})", self.text, self.source)
    }
}

/// The DMA's words on micro-upskilling and the People principle, quoted exactly.
///
/// Two sources: an article by the DMA's managing director (Personnel Today,
/// 2022), and the DMA Code's People principle and its FAQ, whose wording this
/// crate takes from the upskill project's domain notes (`DOMAIN.md`).
pub mod quotes {
    use super::Quotation;

    const PERSONNEL_TODAY: &str = "Rachel Aldighieri, managing director of the DMA, \
        \"Why \u{2018}micro-upskilling\u{2019} is essential for productivity\", \
        Personnel Today, 18 July 2022";

    const PEOPLE_PRINCIPLE_SOURCE: &str =
        "the DMA Code, People principle, as recorded in the upskill domain notes (DOMAIN.md)";

    const FAQ_SOURCE: &str = "the DMA Code FAQ on the People principle, as recorded in the upskill domain notes (DOMAIN.md)";

    /// The People principle's summary.
    pub const PEOPLE_PRINCIPLE: Quotation = Quotation {
        text: "put your people at the heart of your data and marketing",
        source: PEOPLE_PRINCIPLE_SOURCE,
    };

    /// What micro-upskilling asks of an organisation.
    pub const ONE_HOUR_A_WEEK: Quotation = Quotation {
        text: "as little as one hour a week per employee to structured e-learning and professional development",
        source: PERSONNEL_TODAY,
    };

    /// The two areas the People pillar of the DMA Code was to cover.
    pub const TWO_MAIN_AREAS: Quotation = Quotation {
        text: "skills development and diversity, equity and inclusion",
        source: PERSONNEL_TODAY,
    };

    /// Why the People principle exists: it is not enforced.
    pub const EMPOWER_NOT_REGULATE: Quotation = Quotation {
        text: "to empower, not regulate",
        source: PEOPLE_PRINCIPLE_SOURCE,
    };

    /// What the FAQ suggests organisations do, in full.
    pub const FAQ_SUGGESTION: Quotation = Quotation {
        text: "recording your team's CPD hours and assessing how representative your team is at all levels",
        source: FAQ_SOURCE,
    };

    /// The first half of [`FAQ_SUGGESTION`]: the evidence for the hour.
    pub const RECORDING_CPD_HOURS: Quotation = Quotation {
        text: "recording your team's CPD hours",
        source: FAQ_SOURCE,
    };

    /// The second half of [`FAQ_SUGGESTION`]: the evidence for diverse teams.
    pub const ASSESSING_REPRESENTATION: Quotation = Quotation {
        text: "assessing how representative your team is at all levels",
        source: FAQ_SOURCE,
    };

    /// Every quotation above, in the order listed.
    pub const ALL: [Quotation; 7] = [
        PEOPLE_PRINCIPLE,
        ONE_HOUR_A_WEEK,
        TWO_MAIN_AREAS,
        EMPOWER_NOT_REGULATE,
        FAQ_SUGGESTION,
        RECORDING_CPD_HOURS,
        ASSESSING_REPRESENTATION,
    ];
}

/// Something an organisation commits to under the People principle.
///
/// The principle covers continuous professional development and diverse,
/// inclusive teams ([`quotes::TWO_MAIN_AREAS`](crate::quotes::TWO_MAIN_AREAS));
/// each is one commitment. Written in every format as its [`id`](Self::id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Commitment {
    /// Continuous professional development through micro-upskilling: a
    /// regular hour a week of structured learning for each employee
    /// ([`quotes::ONE_HOUR_A_WEEK`](crate::quotes::ONE_HOUR_A_WEEK)).
    MicroUpskilling,
    /// Diverse, inclusive teams, shown by how representative the team is at
    /// each level ([`quotes::ASSESSING_REPRESENTATION`](crate::quotes::ASSESSING_REPRESENTATION)).
    DiverseInclusiveTeams,
}

impl Commitment {
    /// Every commitment, in the order a scorecard lists them.
    pub const ALL: [Commitment; 2] = [
        Commitment::MicroUpskilling,
        Commitment::DiverseInclusiveTeams,
    ];

    /// The stable identifier used in every format (`micro_upskilling`).
    pub const fn id(self) -> &'static str {
        match self {
            Commitment::MicroUpskilling => "micro_upskilling",
            Commitment::DiverseInclusiveTeams => "diverse_inclusive_teams",
        }
    }

    /// A plain description in this crate's words (not the DMA's: see
    /// [`quotation`](Self::quotation) for those).
    pub const fn summary(self) -> &'static str {
        match self {
            Commitment::MicroUpskilling => {
                "continuous professional development: a regular hour a week of structured learning for each employee"
            }
            Commitment::DiverseInclusiveTeams => {
                "diverse, inclusive teams: knowing how representative the team is at each level"
            }
        }
    }

    /// The DMA's words this commitment rests on.
    pub const fn quotation(self) -> Quotation {
        match self {
            Commitment::MicroUpskilling => quotes::ONE_HOUR_A_WEEK,
            Commitment::DiverseInclusiveTeams => quotes::TWO_MAIN_AREAS,
        }
    }

    /// What the DMA's FAQ suggests recording for this commitment.
    pub const fn suggested_evidence(self) -> Quotation {
        match self {
            Commitment::MicroUpskilling => quotes::RECORDING_CPD_HOURS,
            Commitment::DiverseInclusiveTeams => quotes::ASSESSING_REPRESENTATION,
        }
    }

    /// The kinds of evidence that can support this commitment, the
    /// [primary](Self::primary_evidence) kind first.
    ///
    /// - the hour: learning time measured by the engine, or an attestation
    ///   (a CPD policy, say);
    /// - diverse teams: representation counts by level, or an attestation.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Commitment, EvidenceKind};
    ///
    /// assert!(Commitment::MicroUpskilling.accepts(EvidenceKind::Measured));
    /// assert!(!Commitment::DiverseInclusiveTeams.accepts(EvidenceKind::Measured));
    /// ```
    pub const fn accepted_evidence(self) -> &'static [EvidenceKind] {
        match self {
            Commitment::MicroUpskilling => &[EvidenceKind::Measured, EvidenceKind::Attested],
            Commitment::DiverseInclusiveTeams => {
                &[EvidenceKind::Representation, EvidenceKind::Attested]
            }
        }
    }

    /// Whether evidence of `kind` can support this commitment.
    pub fn accepts(self, kind: EvidenceKind) -> bool {
        self.accepted_evidence().contains(&kind)
    }

    /// The kind of evidence the FAQ [suggests](Self::suggested_evidence):
    /// [`Measured`](EvidenceKind::Measured) CPD hours for the hour,
    /// [`Representation`](EvidenceKind::Representation) counts for diverse
    /// teams. An attestation alone leaves a commitment only
    /// [partly evidenced](crate::Status::PartlyEvidenced).
    pub const fn primary_evidence(self) -> EvidenceKind {
        match self {
            Commitment::MicroUpskilling => EvidenceKind::Measured,
            Commitment::DiverseInclusiveTeams => EvidenceKind::Representation,
        }
    }

    /// Reads a commitment from its [`id`](Self::id).
    ///
    /// # Errors
    ///
    /// [`UnknownCommitment`] when `id` names no commitment.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::Commitment;
    ///
    /// assert_eq!(Commitment::parse("micro_upskilling")?, Commitment::MicroUpskilling);
    /// # Ok::<(), upskill_people::UnknownCommitment>(())
    /// ```
    pub fn parse(id: &str) -> Result<Commitment, UnknownCommitment> {
        Commitment::ALL
            .into_iter()
            .find(|c| c.id() == id)
            .ok_or_else(|| UnknownCommitment(id.to_owned()))
    }
}

impl fmt::Display for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Commitment {
    type Err = UnknownCommitment;

    fn from_str(id: &str) -> Result<Commitment, UnknownCommitment> {
        Commitment::parse(id)
    }
}

/// A commitment id that names no commitment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown commitment `{0}`: expected `micro_upskilling` or `diverse_inclusive_teams`")]
pub struct UnknownCommitment(pub String);

/// The kinds of evidence a commitment can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum EvidenceKind {
    /// A criterion the policy engine measured from learning records: a
    /// [`Measurement`](crate::Measurement).
    Measured,
    /// A document the organisation points to: an [`Attestation`](crate::Attestation).
    Attested,
    /// Counts of a team's make-up by level, with small groups suppressed: a
    /// [`RepresentationReport`](crate::RepresentationReport).
    Representation,
}

impl EvidenceKind {
    /// The identifier used in every format (`measured`).
    pub const fn id(self) -> &'static str {
        match self {
            EvidenceKind::Measured => "measured",
            EvidenceKind::Attested => "attested",
            EvidenceKind::Representation => "representation",
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
