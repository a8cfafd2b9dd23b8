//! Filling the DMA Code People-principle scorecard from an assessment.

use upskill_people::{
    Fraction, Measurement, MetricName, OrganisationId, Scorecard, ScorecardBuilder, Threshold,
    Value,
};
use upskill_pledge::Proportion;

use crate::Assessment;

/// Errors filling a scorecard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScorecardFillError {
    /// The organisation id cannot name a scorecard (a control character, say).
    #[error("organisation id `{0}` cannot name a scorecard")]
    OrganisationId(String),
    /// The assessment's period is not a valid scorecard period.
    #[error("the assessment's period cannot be a scorecard period")]
    Period,
}

impl Assessment {
    /// The People-principle scorecard this assessment evidences: one measured
    /// item per target criterion that could be measured, under the
    /// micro-upskilling commitment, each with its exact fraction, threshold
    /// and the counts behind it (`numerator`, `denominator`), and the CPD
    /// time recorded over the period (`credited_minutes`, with the
    /// `required_minutes` it is set against); the pledge's mode carries over.
    ///
    /// Attested evidence and representation counts are the organisation's to
    /// add ([`upskill_people::ScorecardBuilder`]); this fills what the engine
    /// measured.
    ///
    /// # Errors
    ///
    /// [`ScorecardFillError`] if the organisation id or period cannot name a
    /// scorecard (the pledge's own checks make both unlikely).
    pub fn people_scorecard(&self) -> Result<Scorecard, ScorecardFillError> {
        Ok(self.people_scorecard_builder()?.build())
    }

    /// The scorecard of [`people_scorecard`](Self::people_scorecard) before
    /// it is built, for the organisation's own evidence to be added (its
    /// attestations and representation report, from `people.json`).
    ///
    /// # Errors
    ///
    /// As [`people_scorecard`](Self::people_scorecard).
    pub fn people_scorecard_builder(&self) -> Result<ScorecardBuilder, ScorecardFillError> {
        let organisation = OrganisationId::new(&self.organisation.id)
            .map_err(|_| ScorecardFillError::OrganisationId(self.organisation.id.clone()))?;
        let period = upskill_people::Period::new(self.period.first_week, self.period.last_week)
            .map_err(|_| ScorecardFillError::Period)?;
        let mut builder = Scorecard::builder(organisation, period);
        builder.mode(self.organisation.mode);
        for criterion in &self.criteria {
            let (Ok(measured), Ok(threshold), Ok(metric)) = (
                Fraction::new(criterion.numerator, criterion.denominator),
                Proportion::from_f64(criterion.threshold)
                    .map_err(|_| ())
                    .and_then(|p| {
                        Fraction::new(u64::from(p.ppm()), u64::from(upskill_pledge::PPM))
                            .map_err(|_| ())
                    }),
                MetricName::new(criterion.name.as_str()),
            ) else {
                // Nothing measurable yet (a zero denominator): no evidence either way.
                continue;
            };
            let measurement = Measurement::new(
                metric,
                Value::Fraction(measured),
                Threshold::at_least(threshold),
            );
            let counts = [
                ("numerator", criterion.numerator),
                ("denominator", criterion.denominator),
                ("credited_minutes", self.metrics.credited_minutes),
                ("required_minutes", self.metrics.required_minutes),
            ];
            let with_counts = counts
                .into_iter()
                .try_fold(measurement.clone(), |m, (name, count)| {
                    MetricName::new(name)
                        .ok()
                        .and_then(|name| m.with_count(name, count).ok())
                })
                .unwrap_or(measurement);
            builder.add_measured(with_counts);
        }
        Ok(builder)
    }
}
