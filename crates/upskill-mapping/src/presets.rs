//! Built-in mappings for common exports, named by product and report.
//!
//! Each is a TOML file in `crates/upskill-mapping/presets/` whose comment
//! names the vendor documentation its columns come from; each has a
//! fixture of synthetic values in its layout under `tests/data/presets/`.

use crate::error::MappingError;
use crate::mapping::Mapping;

/// A built-in mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The name (`moodle-dedication`, `workday-worker-roster`, ...).
    pub name: &'static str,
    /// The mapping's TOML text, with its source comment.
    pub toml: &'static str,
}

impl Preset {
    /// The mapping.
    ///
    /// # Errors
    ///
    /// None for the built-in presets (a test reads every one); typed as
    /// [`Mapping::from_toml_str`].
    pub fn mapping(&self) -> Result<Mapping, MappingError> {
        Mapping::from_toml_str(self.toml)
    }
}

const PRESETS: &[Preset] = &[
    Preset {
        name: "cornerstone-transcript",
        toml: include_str!("../presets/cornerstone-transcript.toml"),
    },
    Preset {
        name: "docebo-users-courses",
        toml: include_str!("../presets/docebo-users-courses.toml"),
    },
    Preset {
        name: "linkedin-learning-learner-detail",
        toml: include_str!("../presets/linkedin-learning-learner-detail.toml"),
    },
    Preset {
        name: "moodle-dedication",
        toml: include_str!("../presets/moodle-dedication.toml"),
    },
    Preset {
        name: "totara-record-of-learning",
        toml: include_str!("../presets/totara-record-of-learning.toml"),
    },
    Preset {
        name: "workday-learning-record",
        toml: include_str!("../presets/workday-learning-record.toml"),
    },
    Preset {
        name: "workday-worker-roster",
        toml: include_str!("../presets/workday-worker-roster.toml"),
    },
];

/// Every built-in mapping, by name.
///
/// # Example
///
/// ```
/// let names: Vec<&str> = upskill_mapping::presets().iter().map(|p| p.name).collect();
/// assert!(names.contains(&"moodle-dedication"));
/// ```
pub fn presets() -> &'static [Preset] {
    PRESETS
}

/// The built-in mapping named `name`.
///
/// # Errors
///
/// [`MappingError::UnknownPreset`] naming the presets there are.
pub fn preset(name: &str) -> Result<Mapping, MappingError> {
    match PRESETS.iter().find(|p| p.name == name) {
        Some(preset) => preset.mapping(),
        None => {
            let names: Vec<String> = PRESETS.iter().map(|p| format!("`{}`", p.name)).collect();
            Err(MappingError::UnknownPreset {
                name: name.to_string(),
                known: names.join(", "),
            })
        }
    }
}
