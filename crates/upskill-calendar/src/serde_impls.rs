//! serde (and, with the `schemars` feature, JSON Schema) for calendar types.
//!
//! A [`Week`] is written as its label; a [`Calendar`] as a small object whose
//! zone is an IANA name, checked when read.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Calendar, CalendarError, DayOfWeek, Week, WeekLabelError, WorkingDays};

impl Week {
    /// Reads a label whose suffix (if any) names the week start; no suffix means Monday.
    ///
    /// # Errors
    ///
    /// [`WeekLabelError`] when the text is not a week label.
    pub fn parse_any(label: &str) -> Result<Week, WeekLabelError> {
        let start = label
            .get(8..)
            .and_then(|s| s.strip_prefix('-'))
            .and_then(|s| DayOfWeek::ALL.into_iter().find(|d| d.abbreviation() == s))
            .unwrap_or(DayOfWeek::Monday);
        Week::parse(label, start)
    }
}

impl Serialize for Week {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Week {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Week, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Week::parse_any(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Week {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WeekLabel".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-W[0-9]{2}(-(mon|tue|wed|thu|fri|sat|sun))?$",
            "description": "A week: the ISO 8601 week holding the week's fourth day (`2026-W05`); weeks that do not start on Monday carry their start day (`2026-W06-sun`).",
            "examples": ["2026-W05", "2026-W53", "2026-W06-sun"]
        })
    }
}

fn default_working_days() -> Vec<DayOfWeek> {
    WorkingDays::default().days().collect()
}

fn is_default_week_start(day: &DayOfWeek) -> bool {
    *day == DayOfWeek::Monday
}

/// The written form of a [`Calendar`].
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Calendar")]
/// An organisation's calendar: the zone its weeks are counted in, the day they
/// start on, its working days and public holidays.
struct CalendarSpec {
    /// IANA time zone name, such as `Europe/London`.
    time_zone: String,
    /// The day weeks start on (default `monday`, giving ISO 8601 weeks).
    #[serde(default, skip_serializing_if = "is_default_week_start")]
    week_start: DayOfWeek,
    /// Working weekdays (default Monday to Friday). At least one.
    #[serde(default = "default_working_days")]
    working_days: Vec<DayOfWeek>,
    /// Public holidays as local dates (`YYYY-MM-DD`); they are not working days.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    holidays: BTreeSet<NaiveDate>,
}

impl TryFrom<CalendarSpec> for Calendar {
    type Error = CalendarError;

    fn try_from(spec: CalendarSpec) -> Result<Calendar, CalendarError> {
        Ok(Calendar::from_zone_name(&spec.time_zone, spec.week_start)?
            .with_working_days(WorkingDays::new(spec.working_days)?)
            .with_holidays(spec.holidays))
    }
}

impl From<&Calendar> for CalendarSpec {
    fn from(calendar: &Calendar) -> CalendarSpec {
        CalendarSpec {
            time_zone: calendar.zone().name().to_string(),
            week_start: calendar.week_start(),
            working_days: calendar.working_days().days().collect(),
            holidays: calendar.holidays().clone(),
        }
    }
}

impl Serialize for Calendar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CalendarSpec::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Calendar, D::Error> {
        let spec = CalendarSpec::deserialize(deserializer)?;
        Calendar::try_from(spec).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Calendar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Calendar".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        CalendarSpec::json_schema(generator)
    }
}
