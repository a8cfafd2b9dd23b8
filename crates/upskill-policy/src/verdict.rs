//! Judging the organisation (DOMAIN.md, "Judging the organisation"): rates,
//! bands, the target criteria, the forecast of a running period, and the
//! verdict that explains itself.

use upskill_pledge::{PPM, PledgeVersion, Proportion};

use crate::assessment::{
    Band, BandCounts, Criterion, CriterionName, Forecast, LearnerForecast, Metrics, Verdict,
    WeekSummary,
};

/// `numerator / denominator` rounded to six decimals, exactly (half up).
pub(crate) fn rate(numerator: u64, denominator: u64) -> Option<f64> {
    if denominator == 0 {
        return None;
    }
    let ppm = (u128::from(numerator) * u128::from(PPM) * 2 + u128::from(denominator))
        / (2 * u128::from(denominator));
    Some(ppm as f64 / f64::from(PPM))
}

/// A learner's band by met over eligible closed weeks; none without one.
pub(crate) fn band_of(met: u32, eligible: u32, version: &PledgeVersion) -> Option<Band> {
    if eligible == 0 {
        return None;
    }
    let (met, eligible) = (u64::from(met), u64::from(eligible));
    Some(if version.bands.most_weeks.is_met_by(met, eligible) {
        Band::MostWeeks
    } else if version.bands.some_weeks.is_met_by(met, eligible) {
        Band::SomeWeeks
    } else {
        Band::Rarely
    })
}

fn criterion(
    name: CriterionName,
    description: &str,
    threshold: Proportion,
    numerator: u64,
    denominator: u64,
) -> Criterion {
    Criterion {
        name,
        description: description.to_string(),
        measured: rate(numerator, denominator),
        threshold: threshold.to_f64(),
        passed: (denominator > 0).then(|| threshold.is_met_by(numerator, denominator)),
        numerator,
        denominator,
    }
}

/// The criteria of the target of `version`, measured on closed weeks.
pub(crate) fn criteria(
    version: &PledgeVersion,
    metrics: &Metrics,
    bands: &BandCounts,
) -> Vec<Criterion> {
    let target = &version.target;
    let mut out = Vec::new();
    if let Some(t) = target.learner_week_rate {
        out.push(criterion(
            CriterionName::LearnerWeekRate,
            "met learner-weeks over eligible learner-weeks",
            t,
            metrics.met_learner_weeks,
            metrics.eligible_learner_weeks,
        ));
    }
    if let Some(t) = target.participation_rate {
        out.push(criterion(
            CriterionName::ParticipationRate,
            "learners with any credited time over learners with an eligible week",
            t,
            metrics.learners_participating,
            metrics.learners_eligible,
        ));
    }
    if let Some(t) = target.most_weeks_share {
        out.push(criterion(
            CriterionName::MostWeeksShare,
            "learners in the most_weeks band over learners with a band",
            t,
            bands.most_weeks,
            bands.banded(),
        ));
    }
    out
}

/// What the open weeks of a running period must still achieve.
pub(crate) fn forecast(
    version: &PledgeVersion,
    metrics: &Metrics,
    open_eligible: u64,
    open_met: u64,
    open_unmet: u64,
    weekly: &[WeekSummary],
    learners: Vec<LearnerForecast>,
) -> Forecast {
    let open_weeks = weekly.iter().filter(|w| w.open).count() as u64;
    let (needed, still_needed, required_rate, reachable) = match version.target.learner_week_rate {
        Some(t) => {
            let total = metrics.eligible_learner_weeks + open_eligible;
            let needed = (u128::from(t.ppm()) * u128::from(total)).div_ceil(u128::from(PPM));
            let needed = u64::try_from(needed).unwrap_or(u64::MAX);
            let still = needed.saturating_sub(metrics.met_learner_weeks + open_met);
            (
                needed,
                still,
                // `null` exactly when no unmet open learner-week remains,
                // like every rate over 0 (docs/report.md); `reachable` says
                // whether anything is still needed.
                rate(still, open_unmet),
                still <= open_unmet,
            )
        }
        None => (0, 0, None, true),
    };
    Forecast {
        open_weeks,
        remaining_learner_weeks: open_unmet,
        met_learner_weeks_needed: needed,
        met_learner_weeks_still_needed: still_needed,
        required_rate_remaining: required_rate,
        reachable,
        learners,
    }
}

fn describe(c: &Criterion) -> String {
    let measured = c
        .measured
        .map_or_else(|| "not measurable".to_string(), |m| format!("{m}"));
    format!(
        "{} {} ({} of {}) against {}",
        c.name.as_str().replace('_', " "),
        measured,
        c.numerator,
        c.denominator,
        c.threshold
    )
}

/// The verdict and the sentence that explains it.
pub(crate) fn verdict(
    closed: bool,
    total_eligible: u64,
    metrics: &Metrics,
    criteria: &[Criterion],
    forecast: Option<&Forecast>,
) -> (Verdict, String) {
    if total_eligible == 0 || (closed && metrics.eligible_learner_weeks == 0) {
        return (
            Verdict::InsufficientData,
            "no learner-week is eligible in the period: every learner is exempt or not employed"
                .to_string(),
        );
    }
    let failed: Vec<&Criterion> = criteria
        .iter()
        .filter(|c| c.passed == Some(false))
        .collect();
    if closed {
        if failed.is_empty() {
            let passed: Vec<String> = criteria.iter().map(describe).collect();
            let text = if passed.is_empty() {
                "the pledge sets no target criteria, so none can fail".to_string()
            } else {
                format!("every criterion passed: {}", passed.join("; "))
            };
            (Verdict::Met, text)
        } else {
            let text: Vec<String> = failed.iter().map(|c| describe(c)).collect();
            (
                Verdict::NotMet,
                format!("below target: {}", text.join("; ")),
            )
        }
    } else {
        let unreachable = forecast.is_some_and(|f| !f.reachable);
        if !failed.is_empty() || unreachable {
            let mut reasons: Vec<String> = failed
                .iter()
                .map(|c| format!("so far {}", describe(c)))
                .collect();
            if let Some(f) = forecast.filter(|f| !f.reachable) {
                reasons.push(format!(
                    "the learner-week-rate target is out of reach: {} more met learner-weeks needed with {} left",
                    f.met_learner_weeks_still_needed, f.remaining_learner_weeks
                ));
            }
            (Verdict::AtRisk, reasons.join("; "))
        } else {
            let tail = forecast
                .and_then(|f| f.required_rate_remaining)
                .map(|r| format!("; the remaining learner-weeks need a rate of {r}"))
                .unwrap_or_default();
            (
                Verdict::OnTrack,
                format!("no criterion fails so far and the target is reachable{tail}"),
            )
        }
    }
}
