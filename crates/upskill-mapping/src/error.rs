//! Errors of a mapping as a whole (a bad row is a located rejection instead).

/// Why a mapping cannot be used: the mapping itself is wrong, or it does
/// not fit the file (a column it names is missing). A CLI stops with exit
/// status 2 on these; problems of single rows are rejections, not errors.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MappingError {
    /// The text is not a mapping document.
    #[error("the mapping is not valid {format}: {message}")]
    Syntax {
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A `schema_version` this version does not read.
    #[error("mapping `schema_version` {0} is not supported: this version of upskill reads 1")]
    UnsupportedVersion(u32),
    /// A field the kind does not define.
    #[error("the mapping names `{field}`, which is not a {kind} field")]
    UnknownField {
        /// The kind mapped.
        kind: &'static str,
        /// The field.
        field: String,
    },
    /// A required canonical field has no rule.
    #[error("the mapping gives no rule for {0}: add one, or give a constant (`--set FIELD=VALUE`)")]
    MissingField(String),
    /// A rule that cannot work.
    #[error("the rule for `{field}` is invalid: {reason}")]
    BadRule {
        /// The field (or `csv.delimiter`, ...).
        field: String,
        /// Why.
        reason: String,
    },
    /// A zone name that is not an IANA zone.
    #[error("`{0}` is not an IANA time zone such as `Europe/London`")]
    UnknownZone(String),
    /// `time_zone = "pledge"` but no pledge zone was given.
    #[error(
        "the mapping reads times in the pledge's zone, but no pledge zone was given: give one (`--pledge-zone ZONE`, an IANA name such as Europe/London, or a dataset directory with a `pledge.json`)"
    )]
    PledgeZoneUnknown,
    /// A column the mapping names is not in the file's header.
    #[error(
        "{file}: the mapping reads `{field}` from column `{column}`, which the header does not have; its columns are {available}"
    )]
    MissingColumn {
        /// The file.
        file: String,
        /// The canonical field.
        field: String,
        /// The column named.
        column: String,
        /// The header's columns, listed.
        available: String,
    },
    /// A `lookup` rule without a directory to look in.
    #[error(
        "the mapping looks `learner_id` up in column `{column}` of a directory, but no directory was given"
    )]
    NoDirectory {
        /// The directory column.
        column: String,
    },
    /// The directory file lacks a column.
    #[error("{file}: the directory has no `{column}` column")]
    DirectoryColumn {
        /// The directory file.
        file: String,
        /// The column.
        column: String,
    },
    /// No built-in mapping has this name.
    #[error("no preset is named `{name}`: presets are {known}")]
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The presets, listed.
        known: String,
    },
}
