//! The mapping document: what it says, how it is read and checked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use upskill_formats::{
    LEAVE_FIELDS, ROSTER_FIELDS, SESSION_FIELDS, TIME_TOTAL_FIELDS, TextEncoding,
};

use crate::error::MappingError;
use crate::values::DurationUnit;

/// The mapping format version this crate reads and writes.
pub const MAPPING_SCHEMA_VERSION: u32 = 1;

/// What a mapped file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MappedKind {
    /// Learning sessions.
    Sessions,
    /// Roster rows.
    Roster,
    /// Leave rows.
    Leave,
    /// Time-spent totals: a learner's time on a day or in a week.
    TimeTotals,
}

impl MappedKind {
    /// The kind's name (`sessions`, `roster`, `leave`, `time_totals`).
    pub fn name(self) -> &'static str {
        match self {
            MappedKind::Sessions => "sessions",
            MappedKind::Roster => "roster",
            MappedKind::Leave => "leave",
            MappedKind::TimeTotals => "time_totals",
        }
    }

    /// The canonical fields of the kind (`docs/formats.md`).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            MappedKind::Sessions => SESSION_FIELDS,
            MappedKind::Roster => ROSTER_FIELDS,
            MappedKind::Leave => LEAVE_FIELDS,
            MappedKind::TimeTotals => TIME_TOTAL_FIELDS,
        }
    }
}

/// An import mapping: how the columns of one foreign CSV layout become the
/// canonical fields of sessions, roster or leave. Written in TOML (or
/// JSON); see `docs/mappings.md` and `schemas/mapping.schema.json`.
///
/// # Example
///
/// ```
/// use upskill_mapping::Mapping;
///
/// let mapping = Mapping::from_toml_str(r#"
///     schema_version = 1
///     kind = "sessions"
///     time_zone = "Europe/London"
///
///     [fields]
///     learner_id = { column = "Email", case = "lower" }
///     start = { column = "Session start", datetime = "%d %B %Y, %I:%M %p" }
///     duration = { column = "Session duration", duration = "text" }
///     activity = { value = "e_learning" }
/// "#)?;
/// assert_eq!(mapping.fields.len(), 4);
/// # Ok::<(), upskill_mapping::MappingError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "upskill import mapping")]
pub struct Mapping {
    /// The mapping format version: 1.
    pub schema_version: u32,
    /// What the mapped file holds.
    pub kind: MappedKind,
    /// What the mapping reads (a product and report name, a source URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The IANA zone of date-times written without an offset, such as
    /// `Europe/London`, or `pledge` for the pledge's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The CSV dialect, when it should not be detected.
    #[serde(default, skip_serializing_if = "CsvDialect::is_default")]
    pub csv: CsvDialect,
    /// Canonical field name -> where its value comes from: a column name,
    /// or a rule.
    pub fields: BTreeMap<String, FieldRule>,
}

/// The CSV dialect a mapping fixes (each `None`: detected).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvDialect {
    /// The delimiter: `,` `;` `|` or `tab` (`\t`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The encoding: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Whether `,` is the decimal mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_comma: Option<bool>,
}

impl CsvDialect {
    fn is_default(&self) -> bool {
        *self == CsvDialect::default()
    }
}

/// Where one canonical field comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FieldRule {
    /// The column of this name, as it is.
    Column(String),
    /// A column and how to read it, or a constant.
    Rule(Rule),
}

impl FieldRule {
    /// The rule in its long form.
    pub fn rule(&self) -> Rule {
        match self {
            FieldRule::Column(column) => Rule {
                column: Some(column.clone()),
                ..Rule::default()
            },
            FieldRule::Rule(rule) => rule.clone(),
        }
    }
}

/// How one canonical field is read: from `column` (or the constant
/// `value`), then, in this order: `default` if the cell is empty, `map`,
/// `case`, `lookup`, and one parser (`datetime`, `date`, `duration`, or
/// the number rules `percent`, `divide_by`, `decimal_comma`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The source column's name (matched trimmed, then ignoring case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A constant for every row (instead of `column`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The value of an empty cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Cell value -> canonical value (keys matched trimmed, ignoring case);
    /// a value not listed passes as it is.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub map: BTreeMap<String, String>,
    /// Change the case of the value (`lower` or `upper`), such as for ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Case>,
    /// Look the value up in this column of a directory file (such as
    /// `email`) and use that row's `learner_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<String>,
    /// A date-time: a chrono pattern (`%d/%m/%Y %H:%M`, `%d %B %Y, %I:%M
    /// %p`; with `%z` it carries an offset), or `excel` for serial days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datetime: Option<String>,
    /// A date: a chrono pattern (`%d.%m.%Y`) or `excel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A duration in this unit (the field becomes the canonical `duration`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<DurationUnit>,
    /// A number written as a percentage (`50` or `50%` is 0.5), such as FTE.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub percent: bool,
    /// Divide the number by this, such as weekly hours by 40 to give FTE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divide_by: Option<f64>,
    /// Whether `,` is this column's decimal mark (default: the file's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_comma: Option<bool>,
}

/// A change of case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// Lower case.
    Lower,
    /// Upper case.
    Upper,
}

impl Mapping {
    /// Reads a mapping from TOML and checks it ([`Mapping::check`]).
    ///
    /// # Errors
    ///
    /// [`MappingError::Syntax`] for TOML that is not a mapping, and the
    /// errors of [`Mapping::check`].
    pub fn from_toml_str(text: &str) -> Result<Mapping, MappingError> {
        let mapping: Mapping = toml::from_str(text).map_err(|e| MappingError::Syntax {
            format: "TOML",
            message: e.to_string().trim().to_string(),
        })?;
        mapping.check()?;
        Ok(mapping)
    }

    /// Reads a mapping from JSON and checks it ([`Mapping::check`]).
    ///
    /// # Errors
    ///
    /// As [`Mapping::from_toml_str`].
    pub fn from_json_str(text: &str) -> Result<Mapping, MappingError> {
        let mapping: Mapping = serde_json::from_str(text).map_err(|e| MappingError::Syntax {
            format: "JSON",
            message: e.to_string(),
        })?;
        mapping.check()?;
        Ok(mapping)
    }

    /// Reads a mapping file's text: JSON when it starts with `{`, TOML
    /// otherwise.
    ///
    /// # Errors
    ///
    /// As [`Mapping::from_toml_str`].
    pub fn from_str_any(text: &str) -> Result<Mapping, MappingError> {
        if text.trim_start().starts_with('{') {
            Mapping::from_json_str(text)
        } else {
            Mapping::from_toml_str(text)
        }
    }

    /// The mapping as TOML.
    ///
    /// # Errors
    ///
    /// [`MappingError::Syntax`] if it cannot be written (not expected).
    pub fn to_toml_string(&self) -> Result<String, MappingError> {
        toml::to_string(self).map_err(|e| MappingError::Syntax {
            format: "TOML",
            message: e.to_string(),
        })
    }

    /// Checks what can be checked without a file: the version, field names,
    /// one source and at most one parser per field, the zone and dialect
    /// names. Required fields are checked when a file is read (see
    /// [`Mapping::check_complete`]).
    ///
    /// # Errors
    ///
    /// [`MappingError::UnsupportedVersion`], [`MappingError::UnknownField`],
    /// [`MappingError::BadRule`], [`MappingError::UnknownZone`].
    pub fn check(&self) -> Result<(), MappingError> {
        if self.schema_version != MAPPING_SCHEMA_VERSION {
            return Err(MappingError::UnsupportedVersion(self.schema_version));
        }
        if let Some(zone) = &self.time_zone
            && zone != "pledge"
            && zone.parse::<chrono_tz::Tz>().is_err()
        {
            return Err(MappingError::UnknownZone(zone.clone()));
        }
        if let Some(delimiter) = &self.csv.delimiter {
            delimiter_byte(delimiter)?;
        }
        if let Some(encoding) = &self.csv.encoding
            && TextEncoding::from_label(encoding).is_none()
        {
            return Err(MappingError::BadRule {
                field: "csv.encoding".into(),
                reason: format!(
                    "`{encoding}` is not `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`"
                ),
            });
        }
        let known = self.kind.fields();
        for (name, rule) in &self.fields {
            if !known.contains(&name.as_str()) {
                return Err(MappingError::UnknownField {
                    kind: self.kind.name(),
                    field: name.clone(),
                });
            }
            let rule = rule.rule();
            let bad = |reason: String| MappingError::BadRule {
                field: name.clone(),
                reason,
            };
            match (&rule.column, &rule.value) {
                (None, None) => return Err(bad("give `column` or `value`".into())),
                (Some(_), Some(_)) => return Err(bad("give `column` or `value`, not both".into())),
                _ => {}
            }
            let parsers = [
                rule.datetime.is_some(),
                rule.date.is_some(),
                rule.duration.is_some(),
                rule.percent || rule.divide_by.is_some(),
            ];
            if parsers.iter().filter(|p| **p).count() > 1 {
                return Err(bad(
                    "give at most one of `datetime`, `date`, `duration` and the number rules"
                        .into(),
                ));
            }
            for pattern in [&rule.datetime, &rule.date].into_iter().flatten() {
                if !pattern.eq_ignore_ascii_case("excel") && !crate::values::valid_pattern(pattern)
                {
                    return Err(bad(format!(
                        "`{pattern}` is not a chrono pattern such as `%d/%m/%Y %H:%M`"
                    )));
                }
            }
            if rule.divide_by.is_some_and(|d| !(d.is_finite() && d > 0.0)) {
                return Err(bad("`divide_by` must be a number above 0".into()));
            }
            if rule.lookup.is_some() && name != "learner_id" {
                return Err(bad(
                    "`lookup` gives a learner id: use it on `learner_id`".into()
                ));
            }
            if rule.duration.is_some() && !matches!(name.as_str(), "duration" | "duration_minutes")
            {
                return Err(bad(
                    "`duration` reads a length: use it on `duration` or `duration_minutes`".into(),
                ));
            }
        }
        let targets: Vec<String> = self.targets().into_iter().map(|(_, t)| t).collect();
        let mut sorted = targets.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != targets.len() {
            return Err(MappingError::BadRule {
                field: "duration".into(),
                reason: "both `duration` and `duration_minutes` read a length: give one".into(),
            });
        }
        Ok(())
    }

    /// Whether the mapping gives every field its kind needs (a preset
    /// such as `moodle-dedication` leaves `learner_id` to the caller).
    ///
    /// # Errors
    ///
    /// [`MappingError::MissingField`] naming the first field missing.
    pub fn check_complete(&self) -> Result<(), MappingError> {
        let targets: Vec<String> = self.targets().into_iter().map(|(_, t)| t).collect();
        let mut fields: Vec<&str> = targets.iter().map(String::as_str).collect();
        if self.kind == MappedKind::Sessions && !fields.contains(&"record_id") {
            fields.push("record_id");
        }
        crate::read::layout_check(self.kind, &fields)
    }

    /// The same mapping with `field` set to the constant `value` for
    /// every row (replacing any rule it had), such as the learner of a
    /// per-user report.
    ///
    /// # Errors
    ///
    /// [`MappingError::UnknownField`] if the kind has no such field.
    pub fn with_constant(mut self, field: &str, value: &str) -> Result<Mapping, MappingError> {
        if !self.kind.fields().contains(&field) {
            return Err(MappingError::UnknownField {
                kind: self.kind.name(),
                field: field.to_string(),
            });
        }
        self.fields.insert(
            field.to_string(),
            FieldRule::Rule(Rule {
                value: Some(value.to_string()),
                ..Rule::default()
            }),
        );
        Ok(self)
    }

    /// Each mapping key and the canonical field it fills: a `duration`
    /// rule fills `duration` (written as ISO 8601), whatever its key.
    pub(crate) fn targets(&self) -> Vec<(&str, String)> {
        self.fields
            .iter()
            .map(|(name, rule)| {
                let target = match rule {
                    FieldRule::Rule(Rule {
                        duration: Some(_), ..
                    }) => "duration".to_string(),
                    _ => name.clone(),
                };
                (name.as_str(), target)
            })
            .collect()
    }

    /// The zone of naive date-times: the mapping's, or the pledge's for
    /// `pledge`.
    ///
    /// # Errors
    ///
    /// [`MappingError::PledgeZoneUnknown`] for `pledge` without a pledge
    /// zone, [`MappingError::UnknownZone`] for a name that is no zone.
    pub fn zone(
        &self,
        pledge_zone: Option<chrono_tz::Tz>,
    ) -> Result<Option<chrono_tz::Tz>, MappingError> {
        match self.time_zone.as_deref() {
            None => Ok(None),
            Some("pledge") => pledge_zone.map(Some).ok_or(MappingError::PledgeZoneUnknown),
            Some(name) => name
                .parse::<chrono_tz::Tz>()
                .map(Some)
                .map_err(|_| MappingError::UnknownZone(name.to_string())),
        }
    }
}

/// The byte a delimiter name stands for: `,` `;` `|` `tab` or `\t`.
///
/// # Errors
///
/// [`MappingError::BadRule`] for anything else.
pub fn delimiter_byte(name: &str) -> Result<u8, MappingError> {
    match name {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "|" => Ok(b'|'),
        "\t" | "tab" | "\\t" => Ok(b'\t'),
        other => Err(MappingError::BadRule {
            field: "csv.delimiter".into(),
            reason: format!("`{other}` is not `,`, `;`, `|` or `tab`"),
        }),
    }
}
