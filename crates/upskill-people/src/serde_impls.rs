//! The written forms of this crate's types (serde and, with the `schemars`
//! feature, JSON Schema).
//!
//! Every type with an invariant is read through a plain `*Spec` form and
//! then checked by the same constructor code as in Rust, so a document can
//! never make a value Rust code could not. Unknown fields are errors, names
//! are `snake_case`, and enums say how they are tagged.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use upskill_calendar::Week;

use crate::{
    Commitment, Evidence, Fraction, FractionError, Group, Level, LevelCounts, LevelReport,
    Measurement, MeasurementError, MetricName, Mode, OrganisationId, Period, PeriodError,
    RepresentationCounts, RepresentationError, RepresentationReport, Scorecard, ScorecardEntry,
    ScorecardError, Status, SuppressionThreshold, Threshold, Value,
};

/// Reads a JSON object into a map, refusing a key given twice (which
/// `serde_json` would otherwise let the last one win).
fn unique_map<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    struct UniqueMap<K, V>(PhantomData<(K, V)>);

    impl<'de, K, V> Visitor<'de> for UniqueMap<K, V>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object whose keys are all different")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<BTreeMap<K, V>, A::Error> {
            let mut map = BTreeMap::new();
            while let Some((key, value)) = access.next_entry::<K, V>()? {
                if map.contains_key(&key) {
                    return Err(serde::de::Error::custom(format_args!(
                        "`{key}` is given twice"
                    )));
                }
                map.insert(key, value);
            }
            Ok(map)
        }
    }

    deserializer.deserialize_map(UniqueMap(PhantomData))
}

// The written form of a [`Fraction`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Fraction")]
/// An exact fraction, kept as given (not reduced).
pub(crate) struct FractionSpec {
    /// The numerator.
    numerator: u64,
    /// The denominator, at least 1.
    #[cfg_attr(feature = "schemars", schemars(range(min = 1)))]
    denominator: u64,
}

impl TryFrom<FractionSpec> for Fraction {
    type Error = FractionError;

    fn try_from(spec: FractionSpec) -> Result<Fraction, FractionError> {
        Fraction::new(spec.numerator, spec.denominator)
    }
}

impl From<Fraction> for FractionSpec {
    fn from(fraction: Fraction) -> FractionSpec {
        FractionSpec {
            numerator: fraction.numerator(),
            denominator: fraction.denominator(),
        }
    }
}

// The written form of a [`Value`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    rename = "Value"
)]
/// A count or an exact fraction, tagged by `kind`.
pub(crate) enum ValueSpec {
    /// A whole number.
    Count {
        /// The number.
        count: u64,
    },
    /// An exact fraction, kept as given (not reduced).
    Fraction {
        /// The numerator.
        numerator: u64,
        /// The denominator, at least 1.
        #[cfg_attr(feature = "schemars", schemars(range(min = 1)))]
        denominator: u64,
    },
}

impl TryFrom<ValueSpec> for Value {
    type Error = FractionError;

    fn try_from(spec: ValueSpec) -> Result<Value, FractionError> {
        Ok(match spec {
            ValueSpec::Count { count } => Value::Count(count),
            ValueSpec::Fraction {
                numerator,
                denominator,
            } => Value::Fraction(Fraction::new(numerator, denominator)?),
        })
    }
}

impl From<Value> for ValueSpec {
    fn from(value: Value) -> ValueSpec {
        match value {
            Value::Count(count) => ValueSpec::Count { count },
            Value::Fraction(f) => ValueSpec::Fraction {
                numerator: f.numerator(),
                denominator: f.denominator(),
            },
        }
    }
}

// The written form of a [`Measurement`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Measurement")]
/// A criterion measured by the policy engine.
pub(crate) struct MeasurementSpec {
    /// What was measured (the engine's name).
    metric: MetricName,
    /// The measured value.
    value: Value,
    /// The threshold it is judged against.
    threshold: Threshold,
    /// Whether the value passes the threshold; must agree with them.
    passed: bool,
    /// The counts behind the value, by name (the engine's names).
    #[serde(
        default,
        deserialize_with = "unique_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<MetricName, u64>"))]
    counts: BTreeMap<MetricName, u64>,
}

impl TryFrom<MeasurementSpec> for Measurement {
    type Error = MeasurementError;

    fn try_from(spec: MeasurementSpec) -> Result<Measurement, MeasurementError> {
        let mut measurement = Measurement::new(spec.metric, spec.value, spec.threshold);
        for (name, count) in spec.counts {
            measurement = measurement.with_count(name, count)?;
        }
        if measurement.passed() != spec.passed {
            return Err(MeasurementError::PassedMismatch {
                metric: measurement.metric().clone(),
                stated: spec.passed,
                value: measurement.value(),
                threshold: measurement.threshold(),
            });
        }
        Ok(measurement)
    }
}

impl From<Measurement> for MeasurementSpec {
    fn from(m: Measurement) -> MeasurementSpec {
        MeasurementSpec {
            passed: m.passed(),
            metric: m.metric().clone(),
            value: m.value(),
            threshold: m.threshold(),
            counts: m.counts().clone(),
        }
    }
}

// The written form of [`LevelCounts`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "LevelCounts")]
/// One level's raw counts: people per group.
pub(crate) struct LevelCountsSpec {
    /// The level (the organisation's word, such as `board`).
    level: Level,
    /// People per group (the organisation's words); at least one group.
    #[serde(deserialize_with = "unique_map")]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<Group, u64>"))]
    counts: BTreeMap<Group, u64>,
}

impl TryFrom<LevelCountsSpec> for LevelCounts {
    type Error = RepresentationError;

    fn try_from(spec: LevelCountsSpec) -> Result<LevelCounts, RepresentationError> {
        LevelCounts::new(spec.level, spec.counts)
    }
}

impl From<LevelCounts> for LevelCountsSpec {
    fn from(level: LevelCounts) -> LevelCountsSpec {
        LevelCountsSpec {
            level: level.level().clone(),
            counts: level.counts().clone(),
        }
    }
}

// The written form of [`RepresentationCounts`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "RepresentationCounts")]
/// An organisation's raw representation counts, by level. Not for showing:
/// a scorecard carries only the suppressed report made from them.
pub(crate) struct RepresentationCountsSpec {
    /// The levels, in the organisation's order; at least one, each named once.
    levels: Vec<LevelCounts>,
}

impl TryFrom<RepresentationCountsSpec> for RepresentationCounts {
    type Error = RepresentationError;

    fn try_from(
        spec: RepresentationCountsSpec,
    ) -> Result<RepresentationCounts, RepresentationError> {
        RepresentationCounts::new(spec.levels)
    }
}

impl From<RepresentationCounts> for RepresentationCountsSpec {
    fn from(counts: RepresentationCounts) -> RepresentationCountsSpec {
        RepresentationCountsSpec {
            levels: counts.levels().to_vec(),
        }
    }
}

// The written form of a [`LevelReport`] (checked with its report's threshold).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "LevelReport")]
/// One level of a representation report: the groups safe to show, how many
/// were hidden, and the totals when they are safe to show.
pub(crate) struct LevelReportSpec {
    /// The level.
    level: Level,
    /// The groups shown, each with at least the report's threshold.
    #[serde(deserialize_with = "unique_map")]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<Group, u64>"))]
    shown: BTreeMap<Group, u64>,
    /// How many groups were hidden (their names are not shown).
    suppressed_groups: usize,
    /// How many people the hidden groups hold; present only when safe to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    suppressed_people: Option<u64>,
    /// Everyone at this level; present only when safe to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

impl From<LevelReport> for LevelReportSpec {
    fn from(level: LevelReport) -> LevelReportSpec {
        LevelReportSpec {
            level: level.level().clone(),
            shown: level.shown().clone(),
            suppressed_groups: level.suppressed_groups(),
            suppressed_people: level.suppressed_people(),
            total: level.total(),
        }
    }
}

// The written form of a [`RepresentationReport`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "RepresentationReport")]
/// Representation counts by level with small groups suppressed: no group
/// under the threshold is shown, and totals are shown only when no hidden
/// count can be worked out from them.
pub(crate) struct RepresentationReportSpec {
    /// The smallest count shown for a group.
    threshold: SuppressionThreshold,
    /// The levels, in the order of the counts.
    levels: Vec<LevelReportSpec>,
}

impl TryFrom<RepresentationReportSpec> for RepresentationReport {
    type Error = RepresentationError;

    fn try_from(
        spec: RepresentationReportSpec,
    ) -> Result<RepresentationReport, RepresentationError> {
        let threshold = spec.threshold;
        let levels = spec
            .levels
            .into_iter()
            .map(|l| {
                LevelReport::new(
                    threshold,
                    l.level,
                    l.shown,
                    l.suppressed_groups,
                    l.suppressed_people,
                    l.total,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        RepresentationReport::new(threshold, levels)
    }
}

impl From<RepresentationReport> for RepresentationReportSpec {
    fn from(report: RepresentationReport) -> RepresentationReportSpec {
        RepresentationReportSpec {
            threshold: report.threshold(),
            levels: report
                .levels()
                .iter()
                .cloned()
                .map(LevelReportSpec::from)
                .collect(),
        }
    }
}

// The written form of a [`Period`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Period")]
/// The weeks a scorecard covers, first to last inclusive.
pub(crate) struct PeriodSpec {
    /// The first week.
    first: Week,
    /// The last week; not before the first, and starting on the same day of the week.
    last: Week,
}

impl TryFrom<PeriodSpec> for Period {
    type Error = PeriodError;

    fn try_from(spec: PeriodSpec) -> Result<Period, PeriodError> {
        Period::new(spec.first, spec.last)
    }
}

impl From<Period> for PeriodSpec {
    fn from(period: Period) -> PeriodSpec {
        PeriodSpec {
            first: period.first(),
            last: period.last(),
        }
    }
}

// The written form of a [`ScorecardEntry`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "ScorecardEntry")]
/// One commitment on a scorecard: its evidence and the status it gives.
pub(crate) struct EntrySpec {
    /// The commitment.
    commitment: Commitment,
    /// The status the evidence gives; must agree with the evidence.
    status: Status,
    /// The evidence, in the order added; each of a kind the commitment takes.
    evidence: Vec<Evidence>,
}

impl TryFrom<EntrySpec> for ScorecardEntry {
    type Error = ScorecardError;

    fn try_from(spec: EntrySpec) -> Result<ScorecardEntry, ScorecardError> {
        let entry = ScorecardEntry::new(spec.commitment, spec.evidence)?;
        if entry.status() != spec.status {
            return Err(ScorecardError::WrongStatus {
                commitment: spec.commitment,
                stated: spec.status,
                computed: entry.status(),
            });
        }
        Ok(entry)
    }
}

impl From<ScorecardEntry> for EntrySpec {
    fn from(entry: ScorecardEntry) -> EntrySpec {
        EntrySpec {
            commitment: entry.commitment(),
            status: entry.status(),
            evidence: entry.evidence().to_vec(),
        }
    }
}

// The written form of a [`Scorecard`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Scorecard")]
/// The People principle scorecard for one organisation and period.
pub(crate) struct ScorecardSpec {
    /// The organisation.
    organisation: OrganisationId,
    /// The weeks covered.
    period: Period,
    /// How the scorecard is meant to be read (default `advisory`).
    #[serde(default)]
    mode: Mode,
    /// One entry per commitment, each exactly once.
    commitments: Vec<ScorecardEntry>,
}

impl TryFrom<ScorecardSpec> for Scorecard {
    type Error = ScorecardError;

    fn try_from(spec: ScorecardSpec) -> Result<Scorecard, ScorecardError> {
        Scorecard::from_entries(spec.organisation, spec.period, spec.mode, spec.commitments)
    }
}

impl From<Scorecard> for ScorecardSpec {
    fn from(card: Scorecard) -> ScorecardSpec {
        ScorecardSpec {
            organisation: card.organisation().clone(),
            period: card.period(),
            mode: card.mode(),
            commitments: card.entries().cloned().collect(),
        }
    }
}
