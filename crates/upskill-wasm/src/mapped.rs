//! How a foreign export is read: the mapping the page chooses for a file
//! that is not in the canonical format, the built-in presets it offers
//! instead, and a preview of the rows as the library reads them
//! (`docs/mappings.md`, `docs/web.md`).

use std::io::BufRead;

use serde::Serialize;
use upskill::io::formats::{
    CsvRow, Format, LeaveEntry, Located, ReadOptions, Rejected, read_pledge,
};
use upskill::io::formats::{read_leave, read_roster, read_sessions};
use upskill::io::mapping::{
    MapContext, MappedKind, MappedReader, Mapping, MappingError, SuggestOptions,
    presets as library_presets, read_mapped_leave, read_mapped_roster, read_mapped_sessions,
    suggest,
};
use upskill::io::{HEAD_BYTES, SessionsKind};
use upskill::session::LearningSession;

use crate::api::{Role, WebError, WebFile};

/// Rows a preview shows by default.
pub const PREVIEW_ROWS: usize = 10;

/// A built-in mapping as the page lists it (`upskill map list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresetInfo {
    /// Its name (`moodle-dedication`, ...).
    pub name: &'static str,
    /// What it reads: `sessions`, `roster`, `leave` or `time_totals`.
    pub kind: &'static str,
    /// What export it is for, as its `description` says.
    pub description: Option<String>,
    /// Its TOML text, with the comment naming its sources.
    pub toml: &'static str,
}

/// Every built-in mapping (`upskill map list`), in the library's order.
pub fn presets() -> Vec<PresetInfo> {
    library_presets()
        .iter()
        .filter_map(|p| {
            let mapping = p.mapping().ok()?;
            Some(PresetInfo {
                name: p.name,
                kind: mapping.kind.name(),
                description: mapping.description,
                toml: p.toml,
            })
        })
        .collect()
}

/// The kind a mapping for a file of `role` reads, if a mapping can read it.
pub(crate) fn mapped_kind(role: Role) -> Option<MappedKind> {
    match role {
        Role::Sessions => Some(MappedKind::Sessions),
        Role::Roster => Some(MappedKind::Roster),
        Role::Leave => Some(MappedKind::Leave),
        _ => None,
    }
}

/// Whether a file of `role` with these bytes can be read through a
/// mapping: a role with a mapped kind, and CSV (not JSON, not xAPI).
fn mappable(name: &str, role: Role, bytes: &[u8]) -> Option<MappedKind> {
    let kind = mapped_kind(role)?;
    let head = bytes.get(..HEAD_BYTES).unwrap_or(bytes);
    if role == Role::Sessions && SessionsKind::detect(head) == SessionsKind::Xapi {
        return None;
    }
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let format = role
        .document_kind()
        .map(|k| k.detect_format(base, head).name());
    (format == Some("csv")).then_some(kind)
}

/// Parses a mapping the user gave (TOML, or JSON) for a file of `role`.
pub(crate) fn parse_mapping(file: &str, role: Role, text: &str) -> Result<Mapping, WebError> {
    let mapping = Mapping::from_str_any(text).map_err(|source| WebError::Mapping {
        file: file.to_string(),
        source,
    })?;
    match mapped_kind(role) {
        Some(kind) if kind == mapping.kind => Ok(mapping),
        _ => Err(WebError::MappingKind {
            file: file.to_string(),
            role: role.name(),
            kind: mapping.kind.name(),
        }),
    }
}

/// Whether the canonical reader of `kind` reads the file's header without
/// an error (a missing or unknown column, an unreadable header).
fn reads_canonically(name: &str, kind: MappedKind, bytes: &[u8]) -> bool {
    let read = ReadOptions::new();
    let format = Some(Format::Csv);
    match kind {
        MappedKind::Sessions => header_clean(read_sessions(name, bytes, format, read)),
        MappedKind::Roster => header_clean(read_roster(name, bytes, format, read)),
        MappedKind::Leave => header_clean(read_leave(name, bytes, format, read)),
        _ => false,
    }
}

fn header_clean<R: BufRead, T: 'static>(mut reader: upskill::io::formats::Reader<R, T>) -> bool {
    let _ = reader.next();
    !reader.file_problems().iter().any(|d| d.is_error())
}

/// Whether `mapping` fits the file's header: every column it names is
/// there (a required field it leaves to the user, such as the learner of
/// a per-user report, does not count against it).
fn fits(name: &str, bytes: &[u8], mapping: &Mapping) -> bool {
    // Any zone will do for `time_zone = "pledge"`: only the header is read.
    let context = MapContext::new().with_pledge_zone(upskill::chrono_tz::UTC);
    let read = ReadOptions::new();
    let opened = match mapping.kind {
        MappedKind::Sessions => read_mapped_sessions(name, bytes, mapping, context, read).map(drop),
        MappedKind::Roster => read_mapped_roster(name, bytes, mapping, context, read).map(drop),
        MappedKind::Leave => read_mapped_leave(name, bytes, mapping, context, read).map(drop),
        _ => return false,
    };
    matches!(opened, Ok(()) | Err(MappingError::MissingField(_)))
}

/// The mapping the page proposes for a file given the role `role`, as
/// TOML: `None` when the file is read as it is (not CSV, a role no mapping
/// reads, or a header the canonical reader takes); else the first built-in
/// preset of the kind whose columns the header has
/// ([`presets`]); else the mapping `upskill map suggest --kind KIND`
/// proposes.
pub fn choose_mapping(name: &str, role: Role, bytes: &[u8]) -> Option<String> {
    let kind = mappable(name, role, bytes)?;
    if reads_canonically(name, kind, bytes) {
        return None;
    }
    for preset in library_presets() {
        if let Ok(mapping) = preset.mapping()
            && mapping.kind == kind
            && fits(name, bytes, &mapping)
        {
            return Some(preset.toml.to_string());
        }
    }
    Some(suggest(
        name,
        bytes,
        SuggestOptions::new(kind),
        &ReadOptions::new(),
    ))
}

/// One row of a [`Preview`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    /// The row's line in the file (from 1), when known.
    pub line: Option<u64>,
    /// Its values as read, one per [`Preview::columns`] (empty when the
    /// row is rejected).
    pub cells: Vec<String>,
    /// Its problems, as the command prints them (`file:line:col:
    /// error[S010]: ...`); a row with an error is rejected.
    pub problems: Vec<String>,
}

/// A file's first rows as the library reads them, with how it reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// `canonical` (the project's own format), `preset` (a built-in
    /// mapping, named in [`Preview::preset`]) or `mapping` (another
    /// mapping: proposed, or edited by the user).
    pub reading: &'static str,
    /// The preset's name when [`Preview::reading`] is `preset`.
    pub preset: Option<&'static str>,
    /// What a row holds: `record_id, learner_id, start, minutes, activity`
    /// for sessions; the canonical roster or leave columns otherwise.
    pub columns: Vec<&'static str>,
    /// The first rows, in file order.
    pub rows: Vec<PreviewRow>,
    /// Problems of the file, not of a row: a mapping that cannot be read
    /// or does not fit the header, dialect guesses, header errors.
    pub problems: Vec<String>,
}

/// A session's preview cells: record id, learner, start (RFC 3339, as
/// read: the offset given or the zone's), minutes (up to two decimals)
/// and activity.
fn session_cells(s: &LearningSession) -> Vec<String> {
    let minutes = (s.duration().as_millis() as f64 / 600.0).round() / 100.0;
    vec![
        s.record_id().to_string(),
        s.learner_id().to_string(),
        s.start().to_rfc3339(),
        minutes.to_string(),
        s.activity().to_string(),
    ]
}

const SESSION_COLUMNS: [&str; 5] = ["record_id", "learner_id", "start", "minutes", "activity"];

/// The first `rows` items of a reader, as preview rows.
fn rows_of<T>(
    items: impl Iterator<Item = Result<Located<T>, Rejected>>,
    rows: usize,
    cells: impl Fn(&T) -> Vec<String>,
) -> Vec<PreviewRow> {
    items
        .take(rows)
        .map(|item| match item {
            Ok(located) => PreviewRow {
                line: located.location.line,
                cells: cells(&located.value),
                problems: located.warnings.iter().map(ToString::to_string).collect(),
            },
            Err(rejected) => PreviewRow {
                line: rejected.location().line,
                cells: Vec::new(),
                problems: rejected.diagnostics().map(ToString::to_string).collect(),
            },
        })
        .collect()
}

/// The first `rows` rows read through a mapping, its file problems added
/// to `problems`; a mapping that does not fit the file is one problem.
fn mapped_rows<R: BufRead, T: 'static>(
    name: &str,
    opened: Result<MappedReader<'_, R, T>, MappingError>,
    rows: usize,
    cells: impl Fn(&T) -> Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<PreviewRow> {
    match opened {
        Ok(mut reader) => {
            let shown = rows_of(&mut reader, rows, cells);
            problems.extend(reader.file_problems().iter().map(ToString::to_string));
            shown
        }
        Err(e) => {
            problems.push(format!("`{name}` cannot be read through its mapping: {e}"));
            Vec::new()
        }
    }
}

/// The zone of naive times that `time_zone = "pledge"` means: the zone of
/// the pledge among the files when it reads, else UTC (as the evaluation
/// does without a pledge).
fn pledge_zone(pledge: Option<&WebFile>) -> upskill::chrono_tz::Tz {
    pledge
        .and_then(|p| read_pledge(&p.name, p.bytes.as_ref(), ReadOptions::new()).ok())
        .map_or(upskill::chrono_tz::UTC, |p| p.calendar().zone())
}

/// Previews `file` as the evaluation would read it: through its mapping
/// ([`WebFile::mapping`]) when it has one, else canonically; its first
/// `rows` rows (at least 1) with their problems. `pledge` gives the zone
/// of a mapping's `time_zone = "pledge"`. Files no mapping reads (JSON,
/// xAPI, pledge, holidays, ...) are previewed only when their role is
/// sessions, roster or leave.
///
/// # Errors
///
/// [`WebError::Mapping`] or [`WebError::MappingKind`] when the file's
/// mapping cannot be read or reads another kind; a mapping that does not
/// fit the header is a file problem of the preview, not an error.
pub fn preview(file: &WebFile, pledge: Option<&WebFile>, rows: usize) -> Result<Preview, WebError> {
    let rows = rows.max(1);
    let bytes = file.bytes.as_ref();
    let name = file.name.as_str();
    let read = ReadOptions::new();
    let mut problems: Vec<String> = Vec::new();
    let Some(text) = &file.mapping else {
        let columns: Vec<&'static str>;
        let shown = match file.role {
            Role::Sessions => {
                columns = SESSION_COLUMNS.to_vec();
                let mut reader = read_sessions(name, bytes, None, read);
                let shown = rows_of(&mut reader, rows, session_cells);
                problems.extend(reader.file_problems().iter().map(ToString::to_string));
                shown
            }
            Role::Roster => {
                columns = upskill::Learner::HEADER.to_vec();
                let mut reader = read_roster(name, bytes, None, read);
                let shown = rows_of(&mut reader, rows, CsvRow::cells);
                problems.extend(reader.file_problems().iter().map(ToString::to_string));
                shown
            }
            Role::Leave => {
                columns = LeaveEntry::HEADER.to_vec();
                let mut reader = read_leave(name, bytes, None, read);
                let shown = rows_of(&mut reader, rows, CsvRow::cells);
                problems.extend(reader.file_problems().iter().map(ToString::to_string));
                shown
            }
            _ => {
                columns = Vec::new();
                Vec::new()
            }
        };
        return Ok(Preview {
            reading: "canonical",
            preset: None,
            columns,
            rows: shown,
            problems,
        });
    };
    let mapping = parse_mapping(name, file.role, text)?;
    let preset = library_presets()
        .iter()
        .find(|p| p.toml.trim() == text.trim())
        .map(|p| p.name);
    let context = MapContext::new().with_pledge_zone(pledge_zone(pledge));
    let (columns, shown) = match mapping.kind {
        MappedKind::Sessions => (
            SESSION_COLUMNS.to_vec(),
            mapped_rows(
                name,
                read_mapped_sessions(name, bytes, &mapping, context, read),
                rows,
                session_cells,
                &mut problems,
            ),
        ),
        MappedKind::Roster => (
            upskill::Learner::HEADER.to_vec(),
            mapped_rows(
                name,
                read_mapped_roster(name, bytes, &mapping, context, read),
                rows,
                CsvRow::cells,
                &mut problems,
            ),
        ),
        MappedKind::Leave => (
            LeaveEntry::HEADER.to_vec(),
            mapped_rows(
                name,
                read_mapped_leave(name, bytes, &mapping, context, read),
                rows,
                CsvRow::cells,
                &mut problems,
            ),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    Ok(Preview {
        reading: if preset.is_some() {
            "preset"
        } else {
            "mapping"
        },
        preset,
        columns,
        rows: shown,
        problems,
    })
}
