//! The page's calls as plain Rust: files and JSON options in, the
//! command's own output strings out.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use upskill::io::formats::{DocumentKind, ReadOptions, collect_roster, read_roster};
use upskill::io::mapping::{MappedKind, SuggestOptions, suggest};
use upskill::io::report::{html, json};
use upskill::io::{
    AsOf, DatasetError, DatasetFiles, EvaluateOptions, Evaluation, HEAD_BYTES, Mappings, Progress,
    SessionsKind, Source,
};
use upskill::policy::Detail;
use upskill::validate::{
    Input as SchemaInput, ValidateOptions, ValidationReport, render_sarif, render_text,
};

/// What a file is for in a dataset: the roles of `docs/cli.md`'s dataset
/// layout (`pledge.json`, `roster.csv`, ...), plus the xAPI identity map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// The pledge (one, required to judge).
    Pledge,
    /// The roster (one, required to judge).
    Roster,
    /// Leave (at most one).
    Leave,
    /// Public holidays (at most one).
    Holidays,
    /// The People-principle file (at most one).
    People,
    /// The xAPI identity map (at most one; needed with xAPI statements).
    Actors,
    /// Session records or xAPI statements (one or more).
    Sessions,
}

impl Role {
    /// Every role, in the order a dataset is read.
    pub const ALL: [Role; 7] = [
        Role::Pledge,
        Role::Roster,
        Role::Leave,
        Role::Holidays,
        Role::People,
        Role::Actors,
        Role::Sessions,
    ];

    /// The role's name (`pledge`, `roster`, `leave`, `holidays`, `people`,
    /// `actors`, `sessions`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Pledge => "pledge",
            Role::Roster => "roster",
            Role::Leave => "leave",
            Role::Holidays => "holidays",
            Role::People => "people",
            Role::Actors => "actors",
            Role::Sessions => "sessions",
        }
    }

    /// The role named `text` (see [`Role::name`]).
    ///
    /// # Errors
    ///
    /// [`WebError::Role`] for any other text.
    pub fn parse(text: &str) -> Result<Role, WebError> {
        Role::ALL
            .into_iter()
            .find(|r| r.name() == text.trim())
            .ok_or_else(|| WebError::Role(text.to_string()))
    }

    /// The document kind the validator reads a file of this role as, or
    /// `None` for the identity map (which the validator does not check).
    pub fn document_kind(self) -> Option<DocumentKind> {
        match self {
            Role::Pledge => Some(DocumentKind::Pledge),
            Role::Roster => Some(DocumentKind::Roster),
            Role::Leave => Some(DocumentKind::Leave),
            Role::Holidays => Some(DocumentKind::Holidays),
            Role::People => Some(DocumentKind::People),
            Role::Sessions => Some(DocumentKind::Sessions),
            Role::Actors => None,
        }
    }
}

/// One file the user gave: its name (used in every location, as the
/// command uses a path), its role and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebFile {
    /// The name, such as `sessions.csv` (or `export/sessions.csv` from a
    /// dropped folder).
    pub name: String,
    /// What it is for.
    pub role: Role,
    /// Its bytes, as read from disk.
    pub bytes: Arc<[u8]>,
    /// The import mapping it is read through (TOML or JSON, as
    /// `upskill evaluate --mapping FILE` takes it; a preset's text for a
    /// preset), or `None` for the canonical format (`docs/mappings.md`).
    pub mapping: Option<String>,
}

impl WebFile {
    /// A file named `name` with role `role`.
    pub fn new(name: impl Into<String>, role: Role, bytes: impl Into<Arc<[u8]>>) -> WebFile {
        WebFile {
            name: name.into(),
            role,
            bytes: bytes.into(),
            mapping: None,
        }
    }

    /// The same file, read through the mapping `text` (TOML or JSON;
    /// `None`: the canonical format).
    pub fn with_mapping(mut self, text: Option<String>) -> WebFile {
        self.mapping = text;
        self
    }

    fn source(&self) -> Source {
        Source::memory(self.name.clone(), Arc::clone(&self.bytes))
    }
}

/// Lines of a file shown as its preview by [`recognise`].
pub const PREVIEW_LINES: usize = 6;

/// Longest preview line, in characters (longer lines end in `…`).
const PREVIEW_WIDTH: usize = 160;

/// What [`recognise`] makes of a file, as the page shows it (serialised
/// to JSON with these field names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recognised {
    /// The file's name.
    pub name: String,
    /// The role chosen: by content first, then by name (as
    /// `upskill validate` tells a document's kind; see
    /// `upskill_formats::DocumentKind::detect`); a name beginning `actors`
    /// is the xAPI identity map.
    pub role: Role,
    /// How it is read: `csv`, `json_lines` or `json`.
    pub format: &'static str,
    /// For session input: `records` (the project's own) or `xapi`
    /// (statements, which need an identity map); otherwise `None`.
    pub content: Option<&'static str>,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its first [`PREVIEW_LINES`] lines, control characters escaped
    /// (invalid UTF-8 shown as `\u{fffd}`).
    pub preview: Vec<String>,
}

/// Recognises a file by its name and bytes: which role it plays, how it is
/// read, and its first lines (for the page to show and let the user
/// correct).
pub fn recognise(name: &str, bytes: &[u8]) -> Recognised {
    let head = bytes.get(..HEAD_BYTES).unwrap_or(bytes);
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let role = if base.to_ascii_lowercase().starts_with("actors") {
        Role::Actors
    } else {
        match DocumentKind::detect(base, head) {
            DocumentKind::Pledge => Role::Pledge,
            DocumentKind::Roster => Role::Roster,
            DocumentKind::Leave => Role::Leave,
            DocumentKind::Holidays => Role::Holidays,
            DocumentKind::People => Role::People,
            _ => Role::Sessions,
        }
    };
    let xapi = role == Role::Sessions && SessionsKind::detect(head) == SessionsKind::Xapi;
    let kind = if xapi {
        DocumentKind::Xapi
    } else {
        role.document_kind().unwrap_or(DocumentKind::Roster)
    };
    let content = (role == Role::Sessions).then_some(if xapi { "xapi" } else { "records" });
    let text = String::from_utf8_lossy(head);
    let preview = text
        .lines()
        .take(PREVIEW_LINES)
        .map(|line| {
            let shown = upskill::diagnostics::printable(line);
            if shown.chars().count() > PREVIEW_WIDTH {
                let mut cut: String = shown.chars().take(PREVIEW_WIDTH).collect();
                cut.push('…');
                cut
            } else {
                shown.into_owned()
            }
        })
        .collect();
    Recognised {
        name: name.to_string(),
        role,
        format: kind.detect_format(base, head).name(),
        content,
        bytes: bytes.len() as u64,
        preview,
    }
}

/// How much per-learner detail a report holds (the command's `--detail`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebDetail {
    /// Everything (the default).
    #[default]
    Learners,
    /// No per-learner rows: a report to share.
    Teams,
    /// No team table either.
    None,
}

/// The options of a call, given by the page as one JSON object; every
/// field may be left out. The names are the command's options.
///
/// ```json
/// {"from": "2026-W10", "to": "2026-W19", "as_of": "2026-05-11T09:00:00+01:00",
///  "lenient": false, "detail": "learners", "most_behind": 10, "max_problems": 1000}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct WebOptions {
    /// The first week judged (`--from`).
    pub from: Option<String>,
    /// The last week judged (`--to`).
    pub to: Option<String>,
    /// The instant judged at (`--as-of`: RFC 3339 or a date). The page
    /// always gives it (WebAssembly has no clock); without it the host's
    /// clock is read.
    pub as_of: Option<String>,
    /// Unknown columns and fields are warnings (`--lenient`).
    pub lenient: bool,
    /// Per-learner detail (`--detail`).
    pub detail: WebDetail,
    /// Learners listed as most behind in the HTML report (`--most-behind`).
    pub most_behind: usize,
    /// Problems listed per file by [`validate`] (`--max-problems`).
    pub max_problems: usize,
}

impl Default for WebOptions {
    fn default() -> WebOptions {
        WebOptions {
            from: None,
            to: None,
            as_of: None,
            lenient: false,
            detail: WebDetail::Learners,
            most_behind: html::HtmlOptions::default().most_behind,
            max_problems: ValidateOptions::default().max_problems,
        }
    }
}

impl WebOptions {
    /// Reads the options from JSON (an empty text is the defaults).
    ///
    /// # Errors
    ///
    /// [`WebError::Options`] when the text is not such an object.
    pub fn from_json(text: &str) -> Result<WebOptions, WebError> {
        if text.trim().is_empty() {
            return Ok(WebOptions::default());
        }
        serde_json::from_str(text).map_err(|e| WebError::Options(e.to_string()))
    }

    fn read(&self) -> ReadOptions {
        ReadOptions::new().with_lenient(self.lenient)
    }

    fn as_of(&self) -> Result<AsOf, WebError> {
        match &self.as_of {
            Some(text) => AsOf::parse(text).map_err(|e| WebError::Dataset(e.into())),
            None => Ok(AsOf::Now),
        }
    }
}

/// Why a call could not answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// A role name that is none of [`Role::ALL`].
    #[error(
        "`{0}` is not a file role: give pledge, roster, leave, holidays, people, actors or sessions"
    )]
    Role(String),
    /// The options are not the JSON object of [`WebOptions`].
    #[error("the options cannot be read: {0}")]
    Options(String),
    /// No file has a required role.
    #[error("no {0} file: add one (its role can be set by hand)")]
    Missing(&'static str),
    /// Two files have a role that takes one.
    #[error("two files are the {role}: `{first}` and `{second}`; keep one")]
    Twice {
        /// The role.
        role: &'static str,
        /// The first file's name.
        first: String,
        /// The second file's name.
        second: String,
    },
    /// The evaluation could not run (see [`WebError::problems`]).
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// The JSON report could not be written (not expected).
    #[error("cannot write the JSON report: {0}")]
    Json(#[from] serde_json::Error),
    /// A file's mapping cannot be read (not a mapping document, an
    /// unknown field, a bad rule).
    #[error("the mapping of `{file}` cannot be used: {source}")]
    Mapping {
        /// The file's name.
        file: String,
        /// Why.
        source: upskill::io::mapping::MappingError,
    },
    /// A file's mapping reads another kind than the file's role.
    #[error(
        "the mapping of `{file}` reads {kind}, but the file is the {role}: choose a {role} mapping or change the role"
    )]
    MappingKind {
        /// The file's name.
        file: String,
        /// The file's role.
        role: &'static str,
        /// The kind the mapping reads.
        kind: &'static str,
    },
    /// A mapping given to a file of a role no mapping reads (only
    /// sessions, roster and leave are mapped).
    #[error("`{file}` is the {role}, which no mapping reads: remove its mapping")]
    NotMapped {
        /// The file's name.
        file: String,
        /// Its role.
        role: &'static str,
    },
    /// Files of one role read through different mappings (the library
    /// reads every file of a kind through one mapping).
    #[error(
        "`{first}` and `{second}` are both {role} files but are read differently: give them the same mapping (or both none)"
    )]
    MappingsDiffer {
        /// The role.
        role: &'static str,
        /// A file.
        first: String,
        /// Another, read differently.
        second: String,
    },
    /// A mapped kind other than `sessions`, `roster` or `leave`.
    #[error("`{0}` is not a kind a mapping reads: give sessions, roster or leave")]
    MappedKind(String),
}

impl WebError {
    /// The located problems behind the error (the reference data's
    /// problems when the dataset cannot be used), one line each, as the
    /// command prints them.
    pub fn problems(&self) -> Vec<String> {
        match self {
            WebError::Dataset(e) => e.problems().iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    }

    /// The error and its problems, one per line.
    pub fn describe(&self) -> String {
        let mut text = self.to_string();
        for problem in self.problems() {
            text.push('\n');
            text.push_str(&problem);
        }
        if let WebError::Dataset(DatasetError::Unusable { not_listed, .. }) = self
            && *not_listed > 0
        {
            text.push_str(&format!("\n... and {not_listed} more"));
        }
        text
    }
}

/// The dataset the files make: one pledge and one roster (required), at
/// most one leave, holidays, People-principle file and identity map, the
/// session inputs in the order given.
///
/// # Errors
///
/// [`WebError::Missing`] without a pledge, roster or session file;
/// [`WebError::Twice`] for a second file of a single role.
pub fn dataset(files: &[WebFile]) -> Result<DatasetFiles, WebError> {
    let single = |role: Role| -> Result<Option<Source>, WebError> {
        let mut found = files.iter().filter(|f| f.role == role);
        match (found.next(), found.next()) {
            (Some(first), Some(second)) => Err(WebError::Twice {
                role: role.name(),
                first: first.name.clone(),
                second: second.name.clone(),
            }),
            (first, _) => Ok(first.map(WebFile::source)),
        }
    };
    let pledge = single(Role::Pledge)?.ok_or(WebError::Missing("pledge"))?;
    let roster = single(Role::Roster)?.ok_or(WebError::Missing("roster"))?;
    let sessions: Vec<Source> = files
        .iter()
        .filter(|f| f.role == Role::Sessions)
        .map(WebFile::source)
        .collect();
    if sessions.is_empty() {
        return Err(WebError::Missing("session"));
    }
    let mut dataset = DatasetFiles::new(pledge, roster, sessions);
    dataset.leave = single(Role::Leave)?;
    dataset.holidays = single(Role::Holidays)?;
    dataset.people = single(Role::People)?;
    dataset.actors = single(Role::Actors)?;
    Ok(dataset)
}

/// The import mappings of the files ([`WebFile::mapping`]), one per kind,
/// as `upskill evaluate --mapping` gives them: every file of a role read
/// through the same mapping, or none.
///
/// # Errors
///
/// [`WebError::Mapping`] or [`WebError::MappingKind`] for a mapping that
/// cannot be read or reads another kind; [`WebError::MappingsDiffer`] when
/// two files of a role are read differently; [`WebError::NotMapped`] for a
/// mapping on a pledge, holidays, People or identity-map file.
pub fn mappings(files: &[WebFile]) -> Result<Mappings, WebError> {
    let mut mappings = Mappings::default();
    for role in [Role::Sessions, Role::Roster, Role::Leave] {
        let mut given = files.iter().filter(|f| f.role == role);
        let Some(first) = given.next() else { continue };
        if let Some(other) = given.find(|f| f.mapping != first.mapping) {
            return Err(WebError::MappingsDiffer {
                role: role.name(),
                first: first.name.clone(),
                second: other.name.clone(),
            });
        }
        if let Some(text) = &first.mapping {
            let mapping = crate::mapped::parse_mapping(&first.name, role, text)?;
            mappings.add(mapping)?;
        }
    }
    for f in files {
        if f.mapping.is_some() && crate::mapped::mapped_kind(f.role).is_none() {
            return Err(WebError::NotMapped {
                file: f.name.clone(),
                role: f.role.name(),
            });
        }
    }
    Ok(mappings)
}

/// An evaluated dataset, ready to render.
#[derive(Debug, Clone)]
pub struct Judged {
    evaluation: Evaluation,
    most_behind: usize,
}

impl Judged {
    /// The evaluation (verdict, criteria, ledger, data warnings, ...).
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The JSON report, byte for byte what `upskill evaluate --format json`
    /// writes for the same files and options (`docs/report.md`).
    ///
    /// # Errors
    ///
    /// [`WebError::Json`] (not expected: every field serialises).
    pub fn report_json(&self) -> Result<String, WebError> {
        Ok(json::render(&self.evaluation)?)
    }

    /// What the page shows first, in the JSON report's shape and with its
    /// values: `{"verdict": ..., "metrics": {"learner_week_rate": ...},
    /// "ledger": {"records_read": ...}}` (a few bytes where the report of
    /// 10^5 records is 20 MB: the page asks for the report only to
    /// download it).
    ///
    /// # Errors
    ///
    /// [`WebError::Json`] (not expected).
    pub fn summary_json(&self) -> Result<String, WebError> {
        let a = &self.evaluation.assessment;
        Ok(serde_json::to_string(&serde_json::json!({
            "verdict": a.verdict,
            "metrics": {"learner_week_rate": a.metrics.learner_week_rate},
            "ledger": {"records_read": a.ledger.records_read},
        }))?)
    }

    /// The HTML report, as `upskill evaluate --out report.html` writes it:
    /// one self-contained page with no script.
    pub fn report_html(&self) -> String {
        html::render_evaluation(
            &self.evaluation,
            &html::HtmlOptions {
                most_behind: self.most_behind,
                ..html::HtmlOptions::default()
            },
        )
    }
}

/// Evaluates the dataset the files make, as `upskill evaluate` does
/// (`upskill_dataset::evaluate`: the same loading rules and engine), told
/// of the session bytes read through `progress`.
///
/// # Errors
///
/// [`WebError::Options`] for an `as_of` that cannot be read; the errors of
/// [`dataset`]; [`WebError::Dataset`] when the evaluation cannot run (the
/// reference data's problems are in [`WebError::problems`]).
pub fn evaluate(
    files: &[WebFile],
    options: &WebOptions,
    progress: Progress,
) -> Result<Judged, WebError> {
    let dataset = dataset(files)?;
    let mut evaluate_options = EvaluateOptions {
        from: options.from.clone(),
        to: options.to.clone(),
        as_of: options.as_of()?,
        lenient: options.lenient,
        // One thread: in memory, the pipeline reads each file in one piece.
        threads: 1,
        progress,
        ..EvaluateOptions::default()
    };
    evaluate_options.engine.detail = match options.detail {
        WebDetail::Learners => Detail::Learners,
        WebDetail::Teams => Detail::Teams,
        WebDetail::None => Detail::None,
    };
    evaluate_options.mappings = mappings(files)?;
    let evaluation = upskill::io::evaluate(&dataset, &evaluate_options)?;
    Ok(Judged {
        evaluation,
        most_behind: options.most_behind,
    })
}

/// Runs the example dataset built into the library through what the page
/// does with the user's files (recognised, evaluated with the period from
/// the data and with the example's period, both reports rendered), and
/// drops the answers. The page's worker calls it once the module is
/// loaded: a browser first runs WebAssembly through a baseline compiler
/// and optimises the functions that run hot, so the user's first
/// evaluation of 10^5 records took twice as long as the next
/// (`docs/performance.md`).
///
/// # Errors
///
/// Those of [`evaluate`] (none is expected for the example).
pub fn warm_up() -> Result<(), WebError> {
    let files: Vec<WebFile> = upskill::io::example::FILES
        .iter()
        .map(|(name, text)| {
            WebFile::new(
                *name,
                recognise(name, text.as_bytes()).role,
                text.as_bytes(),
            )
        })
        .collect();
    for from_data in [true, false] {
        let options = WebOptions {
            as_of: Some(upskill::io::example::AS_OF.to_string()),
            from: (!from_data).then(|| upskill::io::example::FROM.to_string()),
            to: (!from_data).then(|| upskill::io::example::TO.to_string()),
            ..WebOptions::default()
        };
        let judged = evaluate(&files, &options, Progress::none())?;
        judged.report_json()?;
        judged.summary_json()?;
        judged.report_html();
    }
    Ok(())
}

/// Validates every file as `upskill validate` does: each by its role's
/// document kind (session input holding xAPI statements as xAPI; the
/// identity map is not checked), learners checked
/// against the roster among the files when it reads without error (as
/// `upskill validate DIR` uses the directory's roster), timestamps against
/// `as_of` when given. Reports come in the order of `files`.
///
/// # Errors
///
/// [`WebError::Options`] for an `as_of` that is not an RFC 3339 instant.
pub fn validate(
    files: &[WebFile],
    options: &WebOptions,
) -> Result<Vec<ValidationReport>, WebError> {
    let read = options.read();
    let mut validate_options = ValidateOptions::new()
        .with_read(read)
        .with_max_problems(options.max_problems);
    if let Some(text) = &options.as_of {
        let as_of = upskill::chrono::DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
            WebError::Options(format!(
                "`as_of` `{text}` is not an RFC 3339 instant such as `2026-05-11T09:00:00+01:00`"
            ))
        })?;
        validate_options = validate_options.with_as_of(as_of.to_utc());
    }
    if let Some(roster) = files.iter().find(|f| f.role == Role::Roster) {
        let (roster, problems) =
            collect_roster(read_roster(&roster.name, roster.bytes.as_ref(), None, read));
        if !problems.iter().any(|p| p.is_error()) {
            validate_options = validate_options.with_roster(&roster);
        }
    }
    Ok(files
        .iter()
        .filter_map(|f| {
            let mut kind = f.role.document_kind()?;
            // Session input holding xAPI statements is validated as xAPI,
            // as `upskill validate` tells it by content.
            let head = f.bytes.get(..HEAD_BYTES).unwrap_or(&f.bytes);
            if kind == DocumentKind::Sessions && SessionsKind::detect(head) == SessionsKind::Xapi {
                kind = DocumentKind::Xapi;
            }
            Some(upskill::validate::validate(
                kind,
                SchemaInput::new(f.name.clone(), f.bytes.as_ref()),
                &validate_options,
            ))
        })
        .collect())
}

/// The reports as `upskill validate --format json` prints them.
///
/// # Errors
///
/// [`WebError::Json`] (not expected).
pub fn validation_json(reports: &[ValidationReport]) -> Result<String, WebError> {
    let mut json = serde_json::to_string_pretty(reports)?;
    json.push('\n');
    Ok(json)
}

/// The reports as SARIF 2.1.0, as `upskill validate --format sarif` prints them.
pub fn validation_sarif(reports: &[ValidationReport]) -> String {
    let mut sarif = render_sarif(reports);
    if !sarif.ends_with('\n') {
        sarif.push('\n');
    }
    sarif
}

/// The reports as text, as `upskill validate` prints them without colour.
pub fn validation_text(reports: &[ValidationReport]) -> String {
    reports.iter().map(render_text).collect()
}

/// Proposes a mapping for a CSV export (`upskill map suggest`): TOML text
/// with a comment on each choice. `kind` is `sessions`, `roster` or
/// `leave`; `rows` data rows are sampled (at least 1).
///
/// # Errors
///
/// [`WebError::MappedKind`] for another `kind`.
pub fn map_suggest(name: &str, bytes: &[u8], kind: &str, rows: usize) -> Result<String, WebError> {
    let kind = match kind.trim() {
        "sessions" => MappedKind::Sessions,
        "roster" => MappedKind::Roster,
        "leave" => MappedKind::Leave,
        other => return Err(WebError::MappedKind(other.to_string())),
    };
    let mut options = SuggestOptions::new(kind);
    options.sample_rows = rows.max(1);
    Ok(suggest(name, bytes, options, &ReadOptions::new()))
}
