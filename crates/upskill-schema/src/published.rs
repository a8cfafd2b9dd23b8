//! The published JSON Schemas: which documents, their `$id`s, and how they
//! are generated, compared and written.

use std::path::Path;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use upskill_pledge::PledgeDocument;
use upskill_quota::{LeaveDocument, RosterDocument};
use upskill_session::SessionRecord;

use crate::report::{REPORT_SCHEMA_VERSION, ValidationReport};

/// Where every `$id` starts. The `.invalid` top-level domain never
/// resolves (RFC 2606): an `$id` names a schema, it is not a download
/// address; the files themselves are in the repository's `schemas/`.
pub const ID_BASE: &str = "https://upskill.invalid/schemas";

/// The format version of learning-session records (JSON Lines lines and
/// JSON array elements carry no `schema_version` of their own; their schema
/// does).
pub const SESSION_SCHEMA_VERSION: u32 = 1;

/// One published schema.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    /// File stem: the schema is `schemas/{name}.schema.json`.
    pub name: &'static str,
    /// The schema's `title`.
    pub title: &'static str,
    /// The document's format version, in the `$id` (`/v1/`) and as
    /// `x-schema-version`; a document's `schema_version` member, when it
    /// has one, must equal it.
    pub schema_version: u32,
    generate: fn(SchemaGenerator) -> Schema,
}

/// One time-spent total: a line of `time_totals.jsonl`, whose members are
/// the columns of `time_totals.csv` (docs/formats.md, "Time totals"). Give
/// exactly one of `date` (a day total) and `week` (a week total), and
/// exactly one of `minutes` and `duration`.
#[derive(serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the type exists for its schema")]
struct TimeTotalRecord {
    /// The record's id, unique within its source.
    record_id: String,
    /// The learner.
    learner_id: String,
    /// The day of a day total (`YYYY-MM-DD`).
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    date: Option<String>,
    /// The ISO 8601 week of a week total (`2026-W10`).
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-?[Ww]\d{2}$"))]
    week: Option<String>,
    /// The time in minutes (exact decimal, to the millisecond).
    #[serde(default)]
    #[schemars(range(min = 0))]
    minutes: Option<f64>,
    /// The time as an exact ISO 8601 duration (`PT1H5M`).
    #[serde(default)]
    duration: Option<String>,
    /// The activity kind.
    activity: upskill_session::ActivityKind,
    /// The source system (ids are unique per source).
    #[serde(default)]
    source: Option<String>,
    /// Whether the learner reported it.
    #[serde(default)]
    self_reported: Option<bool>,
}

fn root<T: JsonSchema>(generator: SchemaGenerator) -> Schema {
    generator.into_root_schema_for::<T>()
}

/// Every published schema.
pub const PUBLISHED: &[Published] = &[
    Published {
        name: "pledge",
        title: "upskill pledge",
        schema_version: upskill_pledge::SCHEMA_VERSION,
        generate: root::<PledgeDocument>,
    },
    Published {
        name: "people",
        title: "upskill People-principle evidence (people.json)",
        schema_version: upskill_people::PEOPLE_SCHEMA_VERSION,
        generate: root::<upskill_people::PeopleDocument>,
    },
    Published {
        name: "roster",
        title: "upskill roster",
        schema_version: upskill_quota::SCHEMA_VERSION,
        generate: root::<RosterDocument>,
    },
    Published {
        name: "leave",
        title: "upskill leave",
        schema_version: upskill_quota::SCHEMA_VERSION,
        generate: root::<LeaveDocument>,
    },
    Published {
        name: "learning-session",
        title: "upskill learning-session record (one JSON Lines line)",
        schema_version: SESSION_SCHEMA_VERSION,
        generate: root::<SessionRecord>,
    },
    Published {
        name: "sessions",
        title: "upskill learning-session records (a JSON array)",
        schema_version: SESSION_SCHEMA_VERSION,
        generate: root::<Vec<SessionRecord>>,
    },
    Published {
        name: "time-total",
        title: "upskill time-spent total (one JSON Lines line)",
        schema_version: SESSION_SCHEMA_VERSION,
        generate: root::<TimeTotalRecord>,
    },
    Published {
        name: "validation-report",
        title: "upskill validation report",
        schema_version: REPORT_SCHEMA_VERSION,
        generate: root::<ValidationReport>,
    },
    Published {
        name: "mapping",
        title: "upskill import mapping",
        schema_version: upskill_mapping::MAPPING_SCHEMA_VERSION,
        generate: root::<upskill_mapping::Mapping>,
    },
    Published {
        name: "assessment-report",
        title: "upskill assessment report",
        schema_version: upskill_policy::REPORT_SCHEMA_VERSION,
        generate: root::<upskill_report::json::ReportDocument<'static>>,
    },
];

impl Published {
    /// The published schema named `name` (`pledge`, `roster`, ...).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_schema::Published;
    ///
    /// assert_eq!(Published::find("pledge").unwrap().file_name(), "pledge.schema.json");
    /// ```
    pub fn find(name: &str) -> Option<&'static Published> {
        PUBLISHED.iter().find(|p| p.name == name)
    }

    /// `{name}.schema.json`.
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// `https://upskill.invalid/schemas/v{schema_version}/{name}.schema.json`.
    pub fn id(&self) -> String {
        format!("{ID_BASE}/v{}/{}", self.schema_version, self.file_name())
    }

    /// The schema (draft 2020-12) as JSON, with `$id`, `title`,
    /// `x-schema-version`, and `schema_version` pinned to this version.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_schema::Published;
    ///
    /// let schema = Published::find("roster").unwrap().schema();
    /// assert_eq!(schema["$id"], "https://upskill.invalid/schemas/v1/roster.schema.json");
    /// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    /// assert_eq!(schema["properties"]["schema_version"]["const"], 1);
    /// ```
    pub fn schema(&self) -> Value {
        let generator = SchemaSettings::draft2020_12().into_generator();
        let mut value = (self.generate)(generator).to_value();
        if let Some(object) = value.as_object_mut() {
            object.insert("$id".into(), Value::String(self.id()));
            object.insert("title".into(), Value::String(self.title.into()));
            object.insert("x-schema-version".into(), Value::from(self.schema_version));
            if let Some(Value::Object(properties)) = object.get_mut("properties")
                && let Some(version) = properties.get_mut("schema_version")
            {
                *version = serde_json::json!({
                    "description": format!("Format version: {}.", self.schema_version),
                    "type": "integer",
                    "const": self.schema_version,
                });
            }
        }
        bound_integers(&mut value);
        canonical(&value)
    }

    /// The schema as the text checked in: keys sorted, two-space indent,
    /// a final newline.
    pub fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Gives every `uint32` (and `uint16`, `uint8`) integer its maximum: a
/// validator treats `format` as an annotation only, so without it the
/// schema would accept numbers the readers refuse.
fn bound_integers(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let max = match object.get("format").and_then(Value::as_str) {
                Some("uint32") => Some(u64::from(u32::MAX)),
                Some("uint16") => Some(u64::from(u16::MAX)),
                Some("uint8") => Some(u64::from(u8::MAX)),
                _ => None,
            };
            if let Some(max) = max
                && !object.contains_key("maximum")
            {
                object.insert("maximum".into(), Value::from(max));
            }
            object.values_mut().for_each(bound_integers);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

/// The same JSON with every object's keys in sorted order (whatever
/// serde_json's map keeps), so output never depends on feature flags.
///
/// # Example
///
/// ```
/// let value = serde_json::json!({"b": 1, "a": {"d": 2, "c": 3}});
/// assert_eq!(upskill_schema::canonical(&value).to_string(), r#"{"a":{"c":3,"d":2},"b":1}"#);
/// ```
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut keys: Vec<&String> = object.keys().collect();
            keys.sort();
            let mut sorted = Map::new();
            for key in keys {
                if let Some(v) = object.get(key) {
                    sorted.insert(key.clone(), canonical(v));
                }
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// One schema whose checked-in file differs from what is generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The file.
    pub file: String,
    /// The checked-in text (`None`: missing).
    pub found: Option<String>,
    /// The generated text.
    pub expected: String,
}

/// Compares every published schema with the files in `dir`.
///
/// # Example
///
/// ```no_run
/// let drift = upskill_schema::check_schemas(std::path::Path::new("schemas"));
/// assert!(drift.is_empty(), "regenerate with UPDATE_SCHEMAS=1 cargo test -p upskill-schema");
/// ```
pub fn check_schemas(dir: &Path) -> Vec<Drift> {
    PUBLISHED
        .iter()
        .filter_map(|p| {
            let file = p.file_name();
            let expected = p.text();
            let found = std::fs::read_to_string(dir.join(&file)).ok();
            (found.as_deref() != Some(expected.as_str())).then_some(Drift {
                file,
                found,
                expected,
            })
        })
        .collect()
}

/// Writes every published schema into `dir`.
///
/// # Errors
///
/// The I/O error if a file cannot be written.
///
/// # Example
///
/// ```no_run
/// upskill_schema::write_schemas(std::path::Path::new("schemas"))?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_schemas(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for p in PUBLISHED {
        std::fs::write(dir.join(p.file_name()), p.text())?;
    }
    Ok(())
}
