//! The pledge file (`pledge.json`): its written form and its reading.
//!
//! The smallest pledge file is
//!
//! ```json
//! {"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"},
//!  "time_zone": "Europe/London", "minutes_per_week": 60, "pro_rata": "fte",
//!  "target": {"learner_week_rate": 0.8}}
//! ```
//!
//! Everything else takes the values in [`crate::defaults`]. Top-level rule
//! fields form the first version; each entry of `versions` applies from its
//! `effective_from` week and changes only the fields it names (the rest are
//! inherited from the version before it).

use std::num::NonZeroU32;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use upskill_calendar::{Calendar, DayOfWeek, Week, WorkingDays};
use upskill_session::ActivityKind;

use crate::{
    BandThresholds, CountingRules, Mode, Organisation, PartialWeeks, Pledge, PledgeError,
    PledgeVersion, ProRata, Proportion, RequirementRules, Target,
};

/// The pledge file's format version.
pub const SCHEMA_VERSION: u32 = 1;

/// The organisation, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganisationDocument {
    /// Short id (`acme`): not blank.
    #[cfg_attr(feature = "schemars", schemars(regex(pattern = r"\S")))]
    pub id: String,
    /// Display name (`Acme Ltd`): not blank.
    #[cfg_attr(feature = "schemars", schemars(regex(pattern = r"\S")))]
    pub name: String,
}

/// Pro-rata rule names as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProRataName {
    /// Everyone owes the full minutes.
    None,
    /// Scaled by FTE.
    Fte,
    /// Scaled by contracted hours over `full_time_hours`.
    ContractedHours,
}

/// How partial weeks are handled, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum PartialWeeksDocument {
    /// Scale the requirement by available working days (the default).
    // A struct variant, so that a stray field (`working_days`) is refused,
    // as the schema refuses it, instead of ignored.
    Scale {},
    /// Exempt weeks with fewer available working days than `working_days`; the rest owe in full.
    ExemptBelow {
        /// Available working days a week needs to count: a count of days, at least 1
        /// (a week with no available working day is always exempt).
        #[cfg_attr(feature = "schemars", schemars(range(min = 1)))]
        working_days: u32,
    },
}

/// Counting rules, as written. Every field is optional: absent (or `null`)
/// keeps the value of the version before (the default in the first version);
/// for the caps, the minimum and the rounding increment, `0` means "none",
/// so a later version removes a cap by naming it with `0`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CountingDocument {
    /// Activity kinds that earn credit (default: all ten); at least one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(length(min = 1)))]
    pub creditable_activities: Option<Vec<ActivityKind>>,
    /// Longest credit one session earns, in minutes; longer sessions are clipped (default, and `0`: no cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_session_cap_minutes: Option<u32>,
    /// Most credit one local day earns, in minutes (default, and `0`: no cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_cap_minutes: Option<u32>,
    /// Sessions shorter than this many minutes earn nothing (default, and `0`: no minimum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_session_minutes: Option<u32>,
    /// Cap, in minutes, on the surplus carried into a week judged by this version (default, and `0`: no carry-forward).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carry_forward_cap_minutes: Option<u32>,
    /// Credited minutes per week are rounded down to a multiple of this many minutes (default, and `0`: no rounding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding_increment_minutes: Option<u32>,
    /// Whether self-reported sessions count (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_self_reported: Option<bool>,
    /// Whether cmi5 sessions launched in Browse or Review mode count (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmi5_browse_review_counts: Option<bool>,
    /// xAPI verb IRIs whose `result.duration` is credited on top of the importer's defaults (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xapi_credited_verbs: Option<Vec<String>>,
    /// xAPI verb IRIs taken off the importer's credited verbs (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xapi_uncredited_verbs: Option<Vec<String>>,
}

/// Target thresholds, as written: numbers from 0 to 1. An absent criterion keeps its default
/// (`learner_week_rate` 0.8; the others not judged); `null` switches a criterion off.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TargetDocument {
    /// Met learner-weeks over eligible learner-weeks.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Option<f64>", range(min = 0, max = 1))
    )]
    pub learner_week_rate: Option<Option<f64>>,
    /// Share of learners with any credited time.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Option<f64>", range(min = 0, max = 1))
    )]
    pub participation_rate: Option<Option<f64>>,
    /// Share of learners in the `most_weeks` band.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Option<f64>", range(min = 0, max = 1))
    )]
    pub most_weeks_share: Option<Option<f64>>,
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<Option<f64>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.flatten().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<f64>>, D::Error> {
        Option::<f64>::deserialize(deserializer).map(Some)
    }
}

/// Band thresholds, as written (inclusive lower bounds, numbers from 0 to 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BandsDocument {
    /// Lowest met-week rate of `most_weeks` (default 0.75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 0, max = 1)))]
    pub most_weeks: Option<f64>,
    /// Lowest met-week rate of `some_weeks` (default 0.25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 0, max = 1)))]
    pub some_weeks: Option<f64>,
}

/// A later version of the pledge: the fields it names change from `effective_from` on;
/// every field it does not name (absent or `null`) is inherited from the version before,
/// field by field (docs/rules.md, "Pledge versions").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionDocument {
    /// The first week this version judges (`2026-W14`).
    pub effective_from: Week,
    /// Minutes per week for a full-time learner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 1, max = 10080)))]
    pub minutes_per_week: Option<u32>,
    /// Pro-rata rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pro_rata: Option<ProRataName>,
    /// Full-time hours per week, the divisor of `contracted_hours` pro-rata: above 0, at most 168.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(max = 168), extend("exclusiveMinimum" = 0)))]
    pub full_time_hours: Option<f64>,
    /// Partial-week rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_weeks: Option<PartialWeeksDocument>,
    /// Grace weeks for new starters: the weeks this version judges are grace weeks
    /// when among the first this many, counted from the start date's week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_weeks: Option<u32>,
    /// Counting rules (fields named here change; the rest are inherited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counting: Option<CountingDocument>,
    /// Target thresholds (fields named here change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetDocument>,
    /// Band thresholds (fields named here change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<BandsDocument>,
}

/// The pledge file: organisation, calendar, mode, the first version's rules
/// at the top level, and later versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Pledge")]
pub struct PledgeDocument {
    /// Format version: 1.
    pub schema_version: u32,
    /// The organisation making the pledge.
    pub organisation: OrganisationDocument,
    /// IANA time zone its weeks are counted in (`Europe/London`).
    pub time_zone: String,
    /// The day weeks start on (default `monday`: ISO 8601 weeks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_start: Option<DayOfWeek>,
    /// Working weekdays (default Monday to Friday); at least one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(length(min = 1)))]
    pub working_days: Option<Vec<DayOfWeek>>,
    /// Public holidays (`YYYY-MM-DD`); `holidays.csv` beside the pledge adds more.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<NaiveDate>,
    /// `advisory` (default) or `enforcing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Minutes per week for a full-time learner (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 1, max = 10080)))]
    pub minutes_per_week: Option<u32>,
    /// Pro-rata rule (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pro_rata: Option<ProRataName>,
    /// Full-time hours per week, the divisor of `contracted_hours` pro-rata (default 37.5):
    /// above 0, at most 168; kept by later versions whatever their pro-rata rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(max = 168), extend("exclusiveMinimum" = 0)))]
    pub full_time_hours: Option<f64>,
    /// Partial-week rule (default `{"rule": "scale"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_weeks: Option<PartialWeeksDocument>,
    /// Grace weeks for new starters (default 0): the first this many weeks, counted from
    /// the start date's week, are exempt (`grace_period`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_weeks: Option<u32>,
    /// Counting rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counting: Option<CountingDocument>,
    /// Target thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetDocument>,
    /// Band thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<BandsDocument>,
    /// Later versions, in `effective_from` order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionDocument>,
}

fn hours_to_minutes(hours: f64) -> Result<NonZeroU32, PledgeError> {
    if !hours.is_finite() || hours <= 0.0 || hours > 168.0 {
        return Err(PledgeError::BadHours(hours.to_string()));
    }
    // In (0, 168] by the check above, so the cast cannot saturate; a value
    // under half a minute counts as one minute, so every hours value the
    // schema accepts is read.
    NonZeroU32::new(((hours * 60.0).round() as u32).max(1))
        .ok_or_else(|| PledgeError::BadHours(hours.to_string()))
}

/// The rule fields shared by the top level and `versions` entries.
struct RulePatch<'a> {
    minutes_per_week: Option<u32>,
    pro_rata: Option<ProRataName>,
    full_time_hours: Option<f64>,
    partial_weeks: Option<PartialWeeksDocument>,
    grace_weeks: Option<u32>,
    counting: Option<&'a CountingDocument>,
    target: Option<&'a TargetDocument>,
    bands: Option<&'a BandsDocument>,
}

fn apply(base: &PledgeVersion, patch: RulePatch<'_>) -> Result<PledgeVersion, PledgeError> {
    let mut v = base.clone();
    if let Some(m) = patch.minutes_per_week {
        v.requirement.minutes_per_week =
            NonZeroU32::new(m).ok_or(PledgeError::BadMinutesPerWeek(m))?;
    }
    // Every field is inherited on its own: `full_time_hours` named under one
    // pro-rata rule is still in force when a later version switches rule.
    if let Some(h) = patch.full_time_hours {
        v.requirement.full_time_minutes = hours_to_minutes(h)?;
    }
    if let Some(rule) = patch.pro_rata {
        v.requirement.pro_rata = match rule {
            ProRataName::None => ProRata::None,
            ProRataName::Fte => ProRata::Fte,
            ProRataName::ContractedHours => ProRata::ContractedHours,
        };
    }
    if let Some(p) = patch.partial_weeks {
        v.requirement.partial_weeks = match p {
            PartialWeeksDocument::Scale {} => PartialWeeks::Scale,
            PartialWeeksDocument::ExemptBelow { working_days } => PartialWeeks::ExemptBelow {
                working_days: NonZeroU32::new(working_days)
                    .ok_or(PledgeError::ZeroWorkingDays("partial_weeks.working_days"))?,
            },
        };
    }
    if let Some(g) = patch.grace_weeks {
        v.requirement.grace_weeks = g;
    }
    if let Some(c) = patch.counting {
        apply_counting(&mut v.counting, c)?;
    }
    if let Some(t) = patch.target {
        let read = |value: Option<Option<f64>>,
                    current: Option<Proportion>|
         -> Result<Option<Proportion>, PledgeError> {
            match value {
                None => Ok(current),
                Some(None) => Ok(None),
                Some(Some(x)) => Proportion::from_f64(x).map(Some),
            }
        };
        v.target = Target {
            learner_week_rate: read(t.learner_week_rate, v.target.learner_week_rate)?,
            participation_rate: read(t.participation_rate, v.target.participation_rate)?,
            most_weeks_share: read(t.most_weeks_share, v.target.most_weeks_share)?,
        };
    }
    if let Some(b) = patch.bands {
        if let Some(most) = b.most_weeks {
            v.bands.most_weeks = Proportion::from_f64(most)?;
        }
        if let Some(some) = b.some_weeks {
            v.bands.some_weeks = Proportion::from_f64(some)?;
        }
    }
    Ok(v)
}

fn apply_counting(rules: &mut CountingRules, c: &CountingDocument) -> Result<(), PledgeError> {
    if let Some(kinds) = &c.creditable_activities {
        let mut kinds = kinds.clone();
        kinds.sort();
        kinds.dedup();
        rules.creditable = kinds;
    }
    // A named value replaces the one before; 0 means "none" for each (no
    // cap, no minimum, no carry-forward, no rounding), so a later version
    // can remove what an earlier one set. docs/rules.md, "Pledge versions".
    let named = |value: Option<u32>, current: Option<NonZeroU32>| match value {
        Some(minutes) => NonZeroU32::new(minutes),
        None => current,
    };
    rules.per_session_cap_minutes = named(c.per_session_cap_minutes, rules.per_session_cap_minutes);
    rules.daily_cap_minutes = named(c.daily_cap_minutes, rules.daily_cap_minutes);
    rules.minimum_session_minutes = named(c.minimum_session_minutes, rules.minimum_session_minutes);
    rules.carry_forward_cap_minutes =
        named(c.carry_forward_cap_minutes, rules.carry_forward_cap_minutes);
    rules.rounding_increment_minutes = named(
        c.rounding_increment_minutes,
        rules.rounding_increment_minutes,
    );
    if let Some(flag) = c.count_self_reported {
        rules.count_self_reported = flag;
    }
    if let Some(flag) = c.cmi5_browse_review_counts {
        rules.cmi5_browse_review_counts = flag;
    }
    if let Some(verbs) = &c.xapi_credited_verbs {
        rules.xapi_credited_verbs.clone_from(verbs);
    }
    if let Some(verbs) = &c.xapi_uncredited_verbs {
        rules.xapi_uncredited_verbs.clone_from(verbs);
    }
    Ok(())
}

/// Errors reading a pledge document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The file declares a format version this library does not read.
    #[error("`schema_version` {0} is not supported: this version of upskill reads 1")]
    UnsupportedSchemaVersion(u32),
    /// A rule is invalid.
    #[error(transparent)]
    Pledge(#[from] PledgeError),
}

impl TryFrom<&PledgeDocument> for Pledge {
    type Error = DocumentError;

    fn try_from(doc: &PledgeDocument) -> Result<Pledge, DocumentError> {
        if doc.schema_version != SCHEMA_VERSION {
            return Err(DocumentError::UnsupportedSchemaVersion(doc.schema_version));
        }
        let organisation = Organisation::new(&doc.organisation.id, &doc.organisation.name)?;
        let mut calendar =
            Calendar::from_zone_name(&doc.time_zone, doc.week_start.unwrap_or_default())
                .map_err(PledgeError::from)?
                .with_holidays(doc.holidays.iter().copied());
        if let Some(days) = &doc.working_days {
            calendar = calendar.with_working_days(
                WorkingDays::new(days.iter().copied()).map_err(PledgeError::from)?,
            );
        }
        let first = apply(
            &PledgeVersion::default(),
            RulePatch {
                minutes_per_week: doc.minutes_per_week,
                pro_rata: doc.pro_rata,
                full_time_hours: doc.full_time_hours,
                partial_weeks: doc.partial_weeks,
                grace_weeks: doc.grace_weeks,
                counting: doc.counting.as_ref(),
                target: doc.target.as_ref(),
                bands: doc.bands.as_ref(),
            },
        )?;
        let mut versions = vec![first];
        for later in &doc.versions {
            let base = versions.last().cloned().unwrap_or_default();
            let mut next = apply(
                &base,
                RulePatch {
                    minutes_per_week: later.minutes_per_week,
                    pro_rata: later.pro_rata,
                    full_time_hours: later.full_time_hours,
                    partial_weeks: later.partial_weeks,
                    grace_weeks: later.grace_weeks,
                    counting: later.counting.as_ref(),
                    target: later.target.as_ref(),
                    bands: later.bands.as_ref(),
                },
            )?;
            // A bare label is read in the calendar's week start.
            next.effective_from = Some(
                calendar
                    .parse_week(&later.effective_from.to_string())
                    .map_err(PledgeError::from)?,
            );
            versions.push(next);
        }
        Ok(Pledge::new(organisation, calendar, versions)?.with_mode(doc.mode.unwrap_or_default()))
    }
}

impl Pledge {
    /// Reads a pledge from its document.
    ///
    /// # Errors
    ///
    /// [`DocumentError`] for an unsupported `schema_version` or an invalid rule.
    pub fn from_document(doc: &PledgeDocument) -> Result<Pledge, DocumentError> {
        Pledge::try_from(doc)
    }
}

fn counting_document(c: &CountingRules) -> CountingDocument {
    CountingDocument {
        creditable_activities: Some(c.creditable.clone()),
        // Spelled out with 0 for "none", so a version without a cap its
        // predecessor had reads back without it.
        per_session_cap_minutes: Some(c.per_session_cap_minutes.map_or(0, NonZeroU32::get)),
        daily_cap_minutes: Some(c.daily_cap_minutes.map_or(0, NonZeroU32::get)),
        minimum_session_minutes: Some(c.minimum_session_minutes.map_or(0, NonZeroU32::get)),
        carry_forward_cap_minutes: Some(c.carry_forward_cap_minutes.map_or(0, NonZeroU32::get)),
        rounding_increment_minutes: Some(c.rounding_increment_minutes.map_or(0, NonZeroU32::get)),
        count_self_reported: Some(c.count_self_reported),
        cmi5_browse_review_counts: Some(c.cmi5_browse_review_counts),
        xapi_credited_verbs: (!c.xapi_credited_verbs.is_empty())
            .then(|| c.xapi_credited_verbs.clone()),
        xapi_uncredited_verbs: (!c.xapi_uncredited_verbs.is_empty())
            .then(|| c.xapi_uncredited_verbs.clone()),
    }
}

fn target_document(t: &Target) -> TargetDocument {
    let write = |p: Option<Proportion>| Some(p.map(Proportion::to_f64));
    TargetDocument {
        learner_week_rate: write(t.learner_week_rate),
        participation_rate: write(t.participation_rate),
        most_weeks_share: write(t.most_weeks_share),
    }
}

fn bands_document(b: &BandThresholds) -> BandsDocument {
    BandsDocument {
        most_weeks: Some(b.most_weeks.to_f64()),
        some_weeks: Some(b.some_weeks.to_f64()),
    }
}

fn requirement_fields(
    r: &RequirementRules,
) -> (u32, ProRataName, Option<f64>, PartialWeeksDocument, u32) {
    let name = match r.pro_rata {
        ProRata::None => ProRataName::None,
        ProRata::Fte => ProRataName::Fte,
        ProRata::ContractedHours => ProRataName::ContractedHours,
    };
    let hours = Some(f64::from(r.full_time_minutes.get()) / 60.0);
    let partial = match r.partial_weeks {
        PartialWeeks::Scale => PartialWeeksDocument::Scale {},
        PartialWeeks::ExemptBelow { working_days } => PartialWeeksDocument::ExemptBelow {
            working_days: working_days.get(),
        },
    };
    (
        r.minutes_per_week.get(),
        name,
        hours,
        partial,
        r.grace_weeks,
    )
}

impl Pledge {
    /// Writes the pledge as a document, every rule spelled out (so reading it
    /// back gives the same pledge whatever the defaults become).
    pub fn to_document(&self) -> PledgeDocument {
        let calendar = self.calendar();
        let first = self.versions().first().cloned().unwrap_or_default();
        let (minutes, pro_rata, hours, partial, grace) = requirement_fields(&first.requirement);
        let versions = self
            .versions()
            .iter()
            .skip(1)
            .filter_map(|v| {
                let (minutes, pro_rata, hours, partial, grace) = requirement_fields(&v.requirement);
                Some(VersionDocument {
                    effective_from: v.effective_from?,
                    minutes_per_week: Some(minutes),
                    pro_rata: Some(pro_rata),
                    full_time_hours: hours,
                    partial_weeks: Some(partial),
                    grace_weeks: Some(grace),
                    counting: Some(counting_document(&v.counting)),
                    target: Some(target_document(&v.target)),
                    bands: Some(bands_document(&v.bands)),
                })
            })
            .collect();
        PledgeDocument {
            schema_version: SCHEMA_VERSION,
            organisation: OrganisationDocument {
                id: self.organisation().id().to_string(),
                name: self.organisation().name().to_string(),
            },
            time_zone: calendar.zone().name().to_string(),
            week_start: Some(calendar.week_start()),
            working_days: Some(calendar.working_days().days().collect()),
            holidays: calendar.holidays().iter().copied().collect(),
            mode: Some(self.mode()),
            minutes_per_week: Some(minutes),
            pro_rata: Some(pro_rata),
            full_time_hours: hours,
            partial_weeks: Some(partial),
            grace_weeks: Some(grace),
            counting: Some(counting_document(&first.counting)),
            target: Some(target_document(&first.target)),
            bands: Some(bands_document(&first.bands)),
            versions,
        }
    }
}
