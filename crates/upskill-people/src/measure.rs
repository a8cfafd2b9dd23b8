//! Evidence measured by the policy engine: a value against a threshold.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use crate::MetricName;

/// An exact non-negative fraction such as `97/120`, kept as given (not
/// reduced), so the counts it came from stay visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::FractionSpec",
        into = "crate::serde_impls::FractionSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Fraction {
    numerator: u64,
    denominator: u64,
}

/// Why a fraction was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FractionError {
    /// The denominator is zero.
    #[error("fraction `{numerator}/0` has a zero denominator")]
    ZeroDenominator {
        /// The numerator given.
        numerator: u64,
    },
}

impl Fraction {
    /// The fraction `numerator / denominator`.
    ///
    /// # Errors
    ///
    /// [`FractionError::ZeroDenominator`] when `denominator` is zero (an
    /// engine with nothing to divide by has no measurement to report).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::Fraction;
    ///
    /// let rate = Fraction::new(97, 120)?;
    /// assert_eq!(rate.to_string(), "97/120");
    /// assert!(Fraction::new(1, 0).is_err());
    /// # Ok::<(), upskill_people::FractionError>(())
    /// ```
    pub fn new(numerator: u64, denominator: u64) -> Result<Fraction, FractionError> {
        if denominator == 0 {
            return Err(FractionError::ZeroDenominator { numerator });
        }
        Ok(Fraction {
            numerator,
            denominator,
        })
    }

    /// The numerator, as given.
    pub fn numerator(self) -> u64 {
        self.numerator
    }

    /// The denominator, as given (never zero).
    pub fn denominator(self) -> u64 {
        self.denominator
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

/// A measured value or a threshold: a count or an exact fraction. No
/// floating point anywhere, so a comparison is never off by a rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::ValueSpec",
        into = "crate::serde_impls::ValueSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Value {
    /// A whole number (learners, weeks, minutes).
    Count(u64),
    /// A proportion or rate such as `97/120`.
    Fraction(Fraction),
}

impl Value {
    /// As numerator and denominator (a count `n` is `n/1`).
    fn ratio(self) -> (u128, u128) {
        match self {
            Value::Count(n) => (u128::from(n), 1),
            Value::Fraction(f) => (u128::from(f.numerator), u128::from(f.denominator)),
        }
    }

    /// Compares two values exactly, as rational numbers: `1/2` equals `2/4`,
    /// and `4/2` equals the count `2`.
    ///
    /// # Example
    ///
    /// ```
    /// use std::cmp::Ordering;
    /// use upskill_people::{Fraction, Value};
    ///
    /// let rate = Value::from(Fraction::new(97, 120)?);
    /// let target = Value::from(Fraction::new(4, 5)?);
    /// assert_eq!(rate.cmp_exact(target), Ordering::Greater);
    /// assert_eq!(Value::from(Fraction::new(4, 2)?).cmp_exact(Value::Count(2)), Ordering::Equal);
    /// # Ok::<(), upskill_people::FractionError>(())
    /// ```
    pub fn cmp_exact(self, other: Value) -> Ordering {
        let (a, b) = self.ratio();
        let (c, d) = other.ratio();
        // Both denominators are at least 1 and every part fits in 64 bits,
        // so the cross products fit in 128 bits.
        (a * d).cmp(&(c * b))
    }
}

impl From<Fraction> for Value {
    fn from(fraction: Fraction) -> Value {
        Value::Fraction(fraction)
    }
}

impl From<u64> for Value {
    fn from(count: u64) -> Value {
        Value::Count(count)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Fraction(fraction) => write!(f, "{fraction}"),
        }
    }
}

/// Which side of a threshold passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Comparison {
    /// The value passes when it is at least the threshold (`>=`), as in
    /// "learner-week rate at least 4/5".
    AtLeast,
    /// The value passes when it is at most the threshold (`<=`).
    AtMost,
}

/// A threshold a measured value is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Threshold {
    /// Which side passes.
    comparison: Comparison,
    /// The threshold value.
    value: Value,
}

impl Threshold {
    /// Passes values at least `value`.
    pub fn at_least(value: impl Into<Value>) -> Threshold {
        Threshold {
            comparison: Comparison::AtLeast,
            value: value.into(),
        }
    }

    /// Passes values at most `value`.
    pub fn at_most(value: impl Into<Value>) -> Threshold {
        Threshold {
            comparison: Comparison::AtMost,
            value: value.into(),
        }
    }

    /// Which side passes.
    pub fn comparison(self) -> Comparison {
        self.comparison
    }

    /// The threshold value.
    pub fn value(self) -> Value {
        self.value
    }

    /// Whether `measured` passes, compared exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Fraction, Threshold, Value};
    ///
    /// let target = Threshold::at_least(Fraction::new(4, 5)?);
    /// assert!(target.passes(Fraction::new(8, 10)?.into()));
    /// assert!(!target.passes(Fraction::new(79, 100)?.into()));
    /// # Ok::<(), upskill_people::FractionError>(())
    /// ```
    pub fn passes(self, measured: Value) -> bool {
        let order = measured.cmp_exact(self.value);
        match self.comparison {
            Comparison::AtLeast => order != Ordering::Less,
            Comparison::AtMost => order != Ordering::Greater,
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.comparison {
            Comparison::AtLeast => write!(f, "at least {}", self.value),
            Comparison::AtMost => write!(f, "at most {}", self.value),
        }
    }
}

/// Evidence the policy engine measured: a named metric, its value, the
/// threshold it is judged against, whether it passed, and the counts behind
/// it.
///
/// Whether it passed is computed here from the value and the threshold, so
/// a measurement can never claim a pass its numbers do not support. The
/// metric and count names are the engine's; this crate only carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::MeasurementSpec",
        into = "crate::serde_impls::MeasurementSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Measurement {
    metric: MetricName,
    value: Value,
    threshold: Threshold,
    counts: BTreeMap<MetricName, u64>,
}

/// Why a measurement was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MeasurementError {
    /// The same count was given twice.
    #[error("measurement `{metric}` already has a count `{name}`")]
    DuplicateCount {
        /// The metric.
        metric: MetricName,
        /// The repeated count name.
        name: MetricName,
    },
    /// A written measurement says it passed (or failed) when its numbers say
    /// otherwise.
    #[error("measurement `{metric}` is marked `passed: {stated}`, but `{value}` is {}{threshold}", if *stated { "not " } else { "" })]
    PassedMismatch {
        /// The metric.
        metric: MetricName,
        /// What the document said.
        stated: bool,
        /// The measured value.
        value: Value,
        /// The threshold.
        threshold: Threshold,
    },
}

impl Measurement {
    /// A measurement of `metric` with no counts behind it yet.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Fraction, Measurement, MetricName, Threshold};
    ///
    /// let rate = Measurement::new(
    ///     MetricName::new("learner_week_rate")?,
    ///     Fraction::new(97, 120)?.into(),
    ///     Threshold::at_least(Fraction::new(4, 5)?),
    /// )
    /// .with_count(MetricName::new("met_learner_weeks")?, 97)?
    /// .with_count(MetricName::new("eligible_learner_weeks")?, 120)?;
    /// assert!(rate.passed());
    /// assert_eq!(rate.counts().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(metric: MetricName, value: Value, threshold: Threshold) -> Measurement {
        Measurement {
            metric,
            value,
            threshold,
            counts: BTreeMap::new(),
        }
    }

    /// Adds a count behind the measured value (such as the eligible and met
    /// learner-weeks behind a rate).
    ///
    /// # Errors
    ///
    /// [`MeasurementError::DuplicateCount`] when a count of that name is
    /// already there.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Measurement, MetricName, Threshold, Value};
    ///
    /// let name = MetricName::new("learners")?;
    /// let m = Measurement::new(MetricName::new("participants")?, Value::Count(9), Threshold::at_least(5))
    ///     .with_count(name.clone(), 12)?;
    /// assert!(m.with_count(name, 12).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_count(
        mut self,
        name: MetricName,
        count: u64,
    ) -> Result<Measurement, MeasurementError> {
        if self.counts.contains_key(&name) {
            return Err(MeasurementError::DuplicateCount {
                metric: self.metric,
                name,
            });
        }
        self.counts.insert(name, count);
        Ok(self)
    }

    /// What was measured.
    pub fn metric(&self) -> &MetricName {
        &self.metric
    }

    /// The measured value.
    pub fn value(&self) -> Value {
        self.value
    }

    /// The threshold it is judged against.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// Whether the value passes the threshold, compared exactly.
    pub fn passed(&self) -> bool {
        self.threshold.passes(self.value)
    }

    /// The counts behind the value, by name.
    pub fn counts(&self) -> &BTreeMap<MetricName, u64> {
        &self.counts
    }
}
