//! The written form of a learning session (JSON, JSON Lines; CSV maps onto it).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration, SessionError};

/// One learning-session record as written in JSON and JSON Lines.
///
/// The length is given by exactly one of `end`, an ISO 8601 `duration` or
/// `duration_minutes`; written records always carry `end`, which keeps the
/// start's offset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "LearningSession")]
pub struct SessionRecord {
    /// The record's id in its source system; unique per learner.
    pub record_id: RecordId,
    /// The learner, as in the roster.
    pub learner_id: LearnerId,
    /// Start instant, RFC 3339 with an offset (`2026-03-02T09:30:00+00:00`); naive times are refused.
    #[cfg_attr(
        feature = "schemars",
        schemars(
            with = "String",
            regex(
                pattern = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
            )
        )
    )]
    pub start: DateTime<FixedOffset>,
    /// End instant, RFC 3339 with an offset; at or after `start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schemars",
        schemars(
            with = "Option<String>",
            regex(
                pattern = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
            )
        )
    )]
    pub end: Option<DateTime<FixedOffset>>,
    /// Length as an ISO 8601 duration (`PT45M`, `PT1H30M`, `PT0.5H`, `P1D`; no years or months;
    /// digits finer than a hundredth of a second are dropped), instead of `end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schemars",
        schemars(regex(
            pattern = r"^P(?:\d+(?:\.\d+)?W|(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$"
        ))
    )]
    pub duration: Option<String>,
    /// Length in minutes (whole or decimal; read exactly to the millisecond), instead of `end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 0)))]
    pub duration_minutes: Option<f64>,
    /// What kind of learning it was.
    pub activity: ActivityKind,
    /// Title of the course, module or event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The system the record came from (an LMS name, `self_report`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Skill areas such as `creative`, `data`, `digital`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skill_areas: Vec<String>,
    /// Whether the learner reported the session themselves.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub self_reported: bool,
}

/// Errors turning a written record into a session.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// None of `end`, `duration` and `duration_minutes` was given.
    #[error("the record has no `end`, `duration` or `duration_minutes`")]
    NoLength,
    /// More than one of `end`, `duration` and `duration_minutes` was given.
    #[error("the record gives more than one of `end`, `duration` and `duration_minutes`: give one")]
    TwoLengths,
    /// `duration` is not an exact ISO 8601 duration.
    #[error("`duration` `{0}`: {1}")]
    BadDuration(String, crate::iso8601::DurationError),
    /// `duration_minutes` is negative, not finite, too large or finer than a millisecond.
    #[error(
        "`duration_minutes` {0} is not a usable number of minutes (at most 1e9, to the millisecond)"
    )]
    BadMinutes(f64),
    /// The session itself is invalid.
    #[error(transparent)]
    Session(#[from] SessionError),
}

/// Converts decimal minutes to exact milliseconds: every decimal that is a
/// whole number of milliseconds (`22.5`, `0.1`, `0.001`) comes out exact
/// despite the binary float it arrived as; anything finer (`0.00001`) is
/// refused, never rounded (the rule of [`crate::decimal`]).
///
/// # Example
///
/// ```
/// use upskill_session::minutes_to_millis;
///
/// assert_eq!(minutes_to_millis(22.5), Some(1_350_000));
/// assert_eq!(minutes_to_millis(0.00001), None);
/// ```
pub fn minutes_to_millis(minutes: f64) -> Option<u64> {
    if !minutes.is_finite() || !(0.0..=1e9).contains(&minutes) {
        return None;
    }
    crate::decimal::whole_units_of_f64(minutes, 60_000).ok()
}

impl TryFrom<SessionRecord> for LearningSession {
    type Error = RecordError;

    fn try_from(record: SessionRecord) -> Result<LearningSession, RecordError> {
        let given = [
            record.end.is_some(),
            record.duration.is_some(),
            record.duration_minutes.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(RecordError::TwoLengths);
        }
        let minutes = match (&record.duration, record.duration_minutes) {
            (Some(text), _) => {
                let centis = crate::iso8601::parse_exact_duration(text)
                    .map_err(|e| RecordError::BadDuration(text.clone(), e))?;
                Some(centis.saturating_mul(10))
            }
            (None, Some(minutes)) => {
                Some(minutes_to_millis(minutes).ok_or(RecordError::BadMinutes(minutes))?)
            }
            (None, None) => None,
        };
        let session = match (record.end, minutes) {
            (None, None) => return Err(RecordError::NoLength),
            (Some(_), Some(_)) => return Err(RecordError::TwoLengths),
            (Some(end), None) => LearningSession::from_start_end(
                record.record_id,
                record.learner_id,
                record.start,
                end,
                record.activity,
            )?,
            (None, Some(millis)) => LearningSession::new(
                record.record_id,
                record.learner_id,
                record.start,
                SessionDuration::from_millis(millis),
                record.activity,
            )?,
        };
        let mut session = session
            .with_skill_areas(record.skill_areas)
            .with_self_reported(record.self_reported);
        if let Some(title) = record.title {
            session = session.with_title(title);
        }
        if let Some(source) = record.source {
            session = session.with_source(source);
        }
        Ok(session)
    }
}

impl From<&LearningSession> for SessionRecord {
    fn from(session: &LearningSession) -> SessionRecord {
        SessionRecord {
            record_id: session.record_id().clone(),
            learner_id: session.learner_id().clone(),
            start: session.start(),
            end: Some(session.end()),
            duration: None,
            duration_minutes: None,
            activity: session.activity(),
            title: session.title().map(str::to_string),
            source: session.source().map(str::to_string),
            skill_areas: session.skill_areas().to_vec(),
            self_reported: session.self_reported(),
        }
    }
}

impl Serialize for LearningSession {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SessionRecord::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LearningSession {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<LearningSession, D::Error> {
        LearningSession::try_from(SessionRecord::deserialize(deserializer)?)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for LearningSession {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LearningSession".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        SessionRecord::json_schema(generator)
    }
}
