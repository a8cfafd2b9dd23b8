//! Proposing a mapping for an unknown export from its header and first rows.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::BufRead;

use upskill_formats::{CsvTable, ReadOptions};

use crate::mapping::MappedKind;
use crate::values::{self, DateTimeFormat, DurationUnit};

/// What [`suggest`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SuggestOptions {
    /// What the file holds; `None`: guessed from the columns (see
    /// [`suggest`]), and the guess stated in the proposal.
    pub kind: Option<MappedKind>,
    /// How many data rows to sample (at least 1).
    pub sample_rows: usize,
}

impl SuggestOptions {
    /// `kind`, sampling 200 rows.
    pub fn new(kind: MappedKind) -> SuggestOptions {
        SuggestOptions {
            kind: Some(kind),
            sample_rows: 200,
        }
    }

    /// The kind guessed from the columns, sampling 200 rows.
    pub fn guess_kind() -> SuggestOptions {
        SuggestOptions {
            kind: None,
            sample_rows: 200,
        }
    }
}

/// A proposed mapping and the guesses it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Suggestion {
    /// The mapping as commented TOML (what [`suggest`] returns).
    pub text: String,
    /// The kind proposed (given, or guessed).
    pub kind: MappedKind,
    /// Each guess stated in `text`, one sentence each, for a terminal: the
    /// kind when it was not given, and each dialect guess (encoding,
    /// delimiter, decimal mark) the reader made.
    pub guesses: Vec<String>,
}

/// Date-time patterns tried, in order; the first that reads every sample wins.
const DATE_TIME_PATTERNS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%:z",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d %B %Y, %I:%M %p",
    "%d %B %Y, %H:%M",
    "%d %b %Y, %I:%M %p",
    "%d %b %Y %H:%M",
    "%B %d, %Y %I:%M %p",
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d %B %Y",
];

/// What a column looks like.
#[derive(Debug, Clone)]
enum Shape {
    Empty,
    Email,
    DateTime {
        pattern: String,
        offset: bool,
        date_only: bool,
    },
    Duration(DurationUnit),
    Number {
        max: f64,
    },
    Enum(Vec<String>),
    Text,
}

struct Column {
    name: String,
    key: String,
    shape: Shape,
    why: String,
    samples: usize,
}

fn key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_word(key: &str, words: &[&str]) -> bool {
    key.split(' ').any(|w| words.contains(&w))
}

/// Whether a pattern writes the day before the month (`%d/%m`, `%d.%m`),
/// the month before the day (`%m/%d`), or neither.
fn order_of(pattern: &str) -> Option<bool> {
    let day = pattern.find("%d");
    let month = pattern.find("%m");
    match (day, month) {
        (Some(d), Some(m)) if !pattern.starts_with("%Y") => Some(m < d),
        _ => None,
    }
}

/// The first pattern that reads every value; with `month_first` set,
/// patterns of that day/month order are tried before the others.
fn date_time_shape(values: &[&str], month_first: Option<bool>) -> Option<(String, bool, bool)> {
    let mut patterns: Vec<&str> = DATE_TIME_PATTERNS.to_vec();
    if let Some(month_first) = month_first {
        patterns.sort_by_key(|p| order_of(p).is_some_and(|m| m != month_first));
    }
    for pattern in patterns {
        let format = DateTimeFormat::new(pattern);
        if values
            .iter()
            .all(|v| values::date_time(v, &format, false).is_some())
        {
            let offset = matches!(format, DateTimeFormat::Pattern { offset: true, .. })
                || pattern.ends_with('Z');
            let date_only = !pattern.contains("%H") && !pattern.contains("%I");
            return Some((pattern.to_string(), offset, date_only));
        }
    }
    None
}

/// The day/month order the file's unambiguous date columns show:
/// `Some(true)` month-first, `Some(false)` day-first, `None` no evidence
/// (or both).
fn file_order(samples: &[Vec<String>]) -> Option<bool> {
    let mut month_first = false;
    let mut day_first = false;
    for values in samples {
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        if values.is_empty() {
            continue;
        }
        let first = date_time_shape(&values, Some(false)).and_then(|(p, ..)| order_of(&p));
        let second = date_time_shape(&values, Some(true)).and_then(|(p, ..)| order_of(&p));
        match (first, second) {
            (Some(false), Some(false)) => day_first = true,
            (Some(true), Some(true)) => month_first = true,
            _ => {}
        }
    }
    match (month_first, day_first) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Excel's serial day of 1990-01-01 and of 2100-01-01 (1900 date system):
/// serials outside them are not taken for dates.
const EXCEL_SERIALS: std::ops::RangeInclusive<f64> = 32_874.0..=73_051.0;

/// Whether a numeric column holds Excel serial date-times (`46083.5`):
/// every value within 1990..2100 as serial days, and the header names a
/// date or time (`Started`, `Completion Date`) or some value has a
/// fractional day while the header does not name a duration. Returns
/// whether the values are whole days (dates only), and why.
fn excel_serials(name_key: &str, values: &[&str]) -> Option<(bool, String)> {
    let numbers: Vec<f64> = values
        .iter()
        .map(|v| values::number(v, false).or_else(|| values::number(v, true)))
        .collect::<Option<_>>()?;
    if numbers.is_empty() || !numbers.iter().all(|n| EXCEL_SERIALS.contains(n)) {
        return None;
    }
    let fractional = numbers.iter().any(|n| n.fract() != 0.0);
    let dateish = has_word(
        name_key,
        &[
            "date",
            "datetime",
            "timestamp",
            "day",
            "start",
            "started",
            "begin",
            "began",
            "end",
            "ended",
            "finished",
            "completed",
            "completion",
            "created",
            "enrolled",
            "enrollment",
            "enrolment",
            "registration",
            "registered",
            "hire",
            "hired",
            "termination",
            "from",
            "until",
            "when",
        ],
    );
    let durationish = has_word(
        name_key,
        &[
            "duration", "spent", "hours", "hour", "minutes", "mins", "seconds", "secs", "length",
            "effort",
        ],
    );
    if !(dateish || (fractional && !durationish)) {
        return None;
    }
    Some((
        !fractional,
        format!(
            "every value is a number between 32874 and 73051, which Excel writes for a date{} from 1990 to 2100 (serial days{}): read as `excel` serial dates; check that they are",
            if fractional { "-time" } else { "" },
            if fractional {
                ", the fraction the time of day"
            } else {
                ""
            }
        ),
    ))
}

fn shape_of(name_key: &str, values: &[&str], order: Option<bool>) -> (Shape, String) {
    if values.is_empty() {
        return (Shape::Empty, "every sampled cell is empty".into());
    }
    if values
        .iter()
        .all(|v| v.contains('@') && v.rsplit('@').next().is_some_and(|d| d.contains('.')))
    {
        return (Shape::Email, "every value is an e-mail address".into());
    }
    if let Some((pattern, offset, date_only)) = date_time_shape(values, order) {
        let ambiguous = order_of(&pattern).is_some()
            && date_time_shape(values, order.map(|o| !o).or(Some(true)))
                .is_some_and(|(other, ..)| other != pattern);
        let why = format!(
            "every value reads as a date{} with the pattern `{pattern}`{}",
            if date_only { "" } else { "-time" },
            match (ambiguous, order) {
                (false, _) => "",
                (true, Some(true)) =>
                    "; day and month could be either way round here, and other date columns of the file put the month first",
                (true, Some(false)) =>
                    "; day and month could be either way round here, and other date columns of the file put the day first",
                (true, None) =>
                    "; day and month could be either way round: check which comes first",
            }
        );
        return (
            Shape::DateTime {
                pattern,
                offset,
                date_only,
            },
            why,
        );
    }
    if let Some((date_only, why)) = excel_serials(name_key, values) {
        return (
            Shape::DateTime {
                pattern: "excel".into(),
                offset: false,
                date_only,
            },
            why,
        );
    }
    let durationish = has_word(
        name_key,
        &[
            "duration",
            "spent",
            "time",
            "hours",
            "hour",
            "minutes",
            "mins",
            "min",
            "seconds",
            "secs",
            "sec",
            "length",
            "viewed",
            "dedication",
            "effort",
        ],
    );
    let all = |unit: DurationUnit| {
        values
            .iter()
            .all(|v| values::duration_millis(v, unit, false).is_some())
    };
    if values.iter().any(|v| v.chars().any(char::is_alphabetic)) && all(DurationUnit::Text) {
        return (
            Shape::Duration(DurationUnit::Text),
            "every value is a duration in words, such as `1 hour 5 mins`".into(),
        );
    }
    if all(DurationUnit::Hms) {
        return (
            Shape::Duration(DurationUnit::Hms),
            "every value is a duration `H:MM:SS`".into(),
        );
    }
    if durationish && all(DurationUnit::Hm) {
        return (
            Shape::Duration(DurationUnit::Hm),
            "every value is `H:MM` and the header names a duration".into(),
        );
    }
    let numbers: Vec<f64> = values
        .iter()
        .filter_map(|v| values::number(v, false).or_else(|| values::number(v, true)))
        .collect();
    if numbers.len() == values.len() {
        let max = numbers.iter().copied().fold(0.0, f64::max);
        if durationish {
            let unit = if has_word(name_key, &["hours", "hour", "hrs", "hr"]) {
                DurationUnit::Hours
            } else if has_word(name_key, &["seconds", "secs", "sec", "s"]) {
                DurationUnit::Seconds
            } else {
                DurationUnit::Minutes
            };
            return (
                Shape::Duration(unit),
                format!(
                    "every value is a number and the header names a duration in {}",
                    unit.name()
                ),
            );
        }
        return (Shape::Number { max }, "every value is a number".into());
    }
    let mut distinct: Vec<String> = values.iter().map(|v| (*v).to_string()).collect();
    distinct.sort();
    distinct.dedup();
    let enum_header = has_word(
        name_key,
        &[
            "type", "kind", "category", "format", "status", "delivery", "modality", "reason",
        ],
    );
    if distinct.len() <= 12 && (distinct.len() * 2 <= values.len() || enum_header) {
        let why = format!(
            "{} distinct values in {} rows",
            distinct.len(),
            values.len()
        );
        return (Shape::Enum(distinct), why);
    }
    let count = distinct.len();
    (
        Shape::Text,
        format!("text, {count} distinct values in {} rows", values.len()),
    )
}

/// The activity kind a course or content type most likely means.
fn activity_of(value: &str) -> &'static str {
    let v = value.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| v.contains(w));
    if has(&["webinar", "virtual class", "live online"]) {
        "webinar"
    } else if has(&["workshop", "seminar"]) {
        "workshop"
    } else if has(&["conference"]) {
        "conference"
    } else if has(&["coach"]) {
        "coaching"
    } else if has(&["mentor"]) {
        "mentoring"
    } else if has(&["on the job", "on-the-job"]) {
        "on_the_job"
    } else if has(&["book", "article", "read", "document", "material"]) {
        "reading"
    } else if has(&[
        "e-learning",
        "elearning",
        "online",
        "digital",
        "video",
        "scorm",
        "lesson",
        "audio",
        "path",
    ]) {
        "e_learning"
    } else if has(&[
        "ilt",
        "class",
        "session",
        "event",
        "blended",
        "course",
        "curriculum",
    ]) {
        "course"
    } else {
        "other"
    }
}

/// The leave kind a leave type most likely means.
fn leave_of(value: &str) -> &'static str {
    let v = value.to_lowercase();
    if v.contains("annual") || v.contains("vacation") || v.contains("holiday") || v.contains("pto")
    {
        "annual"
    } else if v.contains("sick") || v.contains("ill") {
        "sick"
    } else if v.contains("parent") || v.contains("matern") || v.contains("patern") {
        "parental"
    } else {
        "other"
    }
}

/// `text` (which quotes column names and sample values from the input) made
/// fit for a TOML comment: TOML forbids control characters there (a column
/// name holding one made the whole proposal unreadable; found by the
/// `mapped_reader` fuzz target), so they are written visibly, as on a
/// terminal.
fn comment_text(text: &str) -> std::borrow::Cow<'_, str> {
    upskill_formats::diagnostics::printable(text)
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// One proposed field.
struct Choice {
    field: &'static str,
    rule: String,
    why: String,
}

/// Proposes a mapping for a CSV export from its header and first rows, as
/// TOML text with a comment on each choice and on each column left
/// unplaced: which columns look like ids, e-mails, date-times (with which
/// pattern), durations (in which unit) and enums (with a value map), for
/// `kind`. The proposal reads with [`Mapping::from_toml_str`](crate::Mapping::from_toml_str);
/// fields it could not place are left as comments for the user to fill.
///
/// # Example
///
/// ```
/// use upskill_formats::ReadOptions;
/// use upskill_mapping::{MappedKind, Mapping, SuggestOptions, suggest};
///
/// let csv = "User ID,Started,Time spent (min)\nu1,2026-03-02 09:00,30\nu2,2026-03-03 10:00,45\n";
/// let text = suggest("export.csv", csv.as_bytes(), SuggestOptions::new(MappedKind::Sessions), &ReadOptions::new());
/// let mapping = Mapping::from_toml_str(&text).unwrap();
/// assert!(text.contains("learner_id = { column = \"User ID\" }"));
/// assert!(text.contains("datetime = \"%Y-%m-%d %H:%M\""));
/// assert_eq!(mapping.fields.len(), 4);
/// ```
pub fn suggest<R: BufRead>(
    file: &str,
    input: R,
    options: SuggestOptions,
    read: &ReadOptions,
) -> String {
    propose(file, input, options, read).text
}

/// What a column's header and shape say about the kind of file.
fn guess_kind(columns: &[Column]) -> (MappedKind, String) {
    let roster_words = [
        "fte",
        "hire",
        "hired",
        "termination",
        "terminated",
        "contracted",
        "weekly",
        "scheduled",
        "workload",
        "department",
        "team",
        "organization",
        "organisation",
        "supervisory",
        "division",
        "employment",
    ];
    let leave_words = ["leave", "absence", "absent", "vacation", "holiday"];
    let from_words = ["from", "start", "begin", "first"];
    let to_words = ["to", "end", "until", "last", "return"];
    let dates = |words: &[&str]| {
        columns
            .iter()
            .find(|c| matches!(c.shape, Shape::DateTime { .. }) && has_word(&c.key, words))
    };
    let leave_column = columns.iter().find(|c| {
        has_word(&c.key, &leave_words)
            || matches!(&c.shape, Shape::Enum(values)
                if has_word(&c.key, &["type", "kind", "reason", "category"])
                    && values.iter().any(|v| leave_of(v) != "other"))
    });
    if let (Some(from), Some(to), Some(kind)) = (dates(&from_words), dates(&to_words), leave_column)
        && from.name != to.name
    {
        return (
            MappedKind::Leave,
            format!(
                "`{}` and `{}` read as the first and last day, and `{}` names a kind of leave",
                from.name, to.name, kind.name
            ),
        );
    }
    let timed = columns.iter().find(|c| {
        matches!(
            c.shape,
            Shape::DateTime {
                date_only: false,
                ..
            }
        )
    });
    let dated = columns
        .iter()
        .find(|c| matches!(c.shape, Shape::DateTime { .. }));
    let learning = columns
        .iter()
        .find(|c| matches!(c.shape, Shape::Duration(_)) && !has_word(&c.key, &roster_words));
    match (timed, dated, learning) {
        (Some(when), _, Some(length)) | (None, Some(when), Some(length)) => {
            return (
                MappedKind::Sessions,
                format!(
                    "`{}` reads as when, and `{}` as how long",
                    when.name, length.name
                ),
            );
        }
        (Some(when), _, None) => {
            return (
                MappedKind::Sessions,
                format!("`{}` reads as a date-time", when.name),
            );
        }
        _ => {}
    }
    let roster: Vec<&str> = columns
        .iter()
        .filter(|c| has_word(&c.key, &roster_words))
        .map(|c| c.name.as_str())
        .collect();
    if !roster.is_empty() {
        let named: Vec<String> = roster.iter().map(|n| format!("`{n}`")).collect();
        return (
            MappedKind::Roster,
            format!(
                "{} name{} employment (FTE, hours, team or hire dates) and no column reads as a learning date-time with a duration",
                named.join(", "),
                if named.len() == 1 { "s" } else { "" }
            ),
        );
    }
    (
        MappedKind::Sessions,
        "no column clearly names a roster or leave; sessions is the default".into(),
    )
}

/// [`suggest`], with the kind proposed and each guess it made (the kind
/// when [`SuggestOptions::kind`] is `None`; the dialect the reader
/// guessed) as sentences for a terminal. Without a kind, the kind is
/// guessed from the columns: `leave` when two date columns read as from
/// and to and a column names a kind of leave; `sessions` when a column
/// reads as a date-time, or as a date with a learning duration beside it;
/// `roster` when a header names employment (FTE, weekly or contracted
/// hours, team, hire or termination dates) and neither of those holds;
/// else `sessions`.
pub fn propose<R: BufRead>(
    file: &str,
    input: R,
    options: SuggestOptions,
    read: &ReadOptions,
) -> Suggestion {
    let mut table = CsvTable::open(file, input, read);
    let dialect = table.dialect();
    let dialect_guesses: Vec<String> = table
        .file_problems()
        .iter()
        .filter(|d| {
            [
                &upskill_formats::codes::GUESSED_ENCODING,
                &upskill_formats::codes::GUESSED_DELIMITER,
                &upskill_formats::codes::GUESSED_DECIMAL_COMMA,
            ]
            .iter()
            .any(|c| c.code == d.code)
        })
        .map(|d| d.message.clone())
        .collect();
    let names: Vec<String> = table.header().iter().map(|c| c.name.clone()).collect();
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    let mut rows = 0usize;
    while rows < options.sample_rows.max(1) {
        match table.next_row() {
            None => break,
            Some(Err(_)) => {}
            Some(Ok(row)) => {
                rows += 1;
                for (i, value) in row.values.iter().enumerate() {
                    if let (Some(text), Some(list)) = (value, samples.get_mut(i)) {
                        list.push((*text).to_string());
                    }
                }
            }
        }
    }
    let order = file_order(&samples);
    let columns: Vec<Column> = names
        .iter()
        .zip(&samples)
        .map(|(name, values)| {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let key = key(name);
            let (shape, why) = shape_of(&key, &values, order);
            Column {
                name: name.clone(),
                key,
                shape,
                why,
                samples: values.len(),
            }
        })
        .collect();
    let (kind, kind_guess) = match options.kind {
        Some(kind) => (kind, None),
        None => {
            let (kind, why) = guess_kind(&columns);
            (kind, Some(why))
        }
    };
    let mut used = vec![false; columns.len()];
    let mut choices: Vec<Choice> = Vec::new();
    let mut naive = false;

    // Picks the best unused column by score; ties go to the leftmost.
    let pick = |used: &mut Vec<bool>, score: &dyn Fn(&Column) -> i32| -> Option<usize> {
        let best = columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.get(*i).copied().unwrap_or(true))
            .map(|(i, c)| (score(c), i))
            .filter(|(s, _)| *s > 0)
            .max_by_key(|(s, i)| (*s, std::cmp::Reverse(*i)))?;
        if let Some(flag) = used.get_mut(best.1) {
            *flag = true;
        }
        Some(best.1)
    };
    let id_words = [
        "id", "userid", "username", "login", "employee", "learner", "user", "worker", "person",
        "number",
    ];
    let id_score = |c: &Column| -> i32 {
        let mut score = 0;
        if matches!(c.shape, Shape::Text | Shape::Number { .. } | Shape::Enum(_)) {
            if has_word(&c.key, &id_words) {
                score += 10;
            }
            if has_word(
                &c.key,
                &["user", "employee", "learner", "worker", "username"],
            ) {
                score += 5;
            }
            if has_word(&c.key, &["id", "username", "login"]) {
                score += 3;
            }
            if has_word(
                &c.key,
                &[
                    "course",
                    "content",
                    "training",
                    "record",
                    "transaction",
                    "session",
                ],
            ) {
                score -= 20;
            }
            if has_word(
                &c.key,
                &["name", "fullname", "full", "first", "last", "display"],
            ) {
                score -= 20;
            }
        }
        if matches!(c.shape, Shape::Email) {
            score += 8;
        }
        score
    };

    let learner = pick(&mut used, &id_score);
    if let Some(i) = learner
        && let Some(c) = columns.get(i)
    {
        let case = if matches!(c.shape, Shape::Email) {
            ", case = \"lower\""
        } else {
            ""
        };
        choices.push(Choice {
            field: "learner_id",
            rule: format!("{{ column = {}{case} }}", quoted(&c.name)),
            why: format!(
                "`{}`: the learner: {}{}",
                c.name,
                if matches!(c.shape, Shape::Email) {
                    "e-mail addresses (lower-cased; add `lookup = \"email\"` and a directory to turn them into ids)".to_string()
                } else {
                    "the header names a user or employee id".to_string()
                },
                format_args!(" ({})", c.why)
            ),
        });
    }

    match kind {
        MappedKind::Sessions => {
            let record = pick(&mut used, &|c: &Column| {
                let id = has_word(&c.key, &["id", "key", "number"]);
                let of_record = has_word(
                    &c.key,
                    &[
                        "record",
                        "transaction",
                        "statement",
                        "session",
                        "attempt",
                        "row",
                    ],
                );
                if matches!(c.shape, Shape::Text | Shape::Number { .. }) && id && of_record {
                    10
                } else {
                    0
                }
            });
            match record.and_then(|i| columns.get(i)) {
                Some(c) => choices.push(Choice {
                    field: "record_id",
                    rule: quoted(&c.name),
                    why: format!("`{}`: the record's id ({})", c.name, c.why),
                }),
                None => choices.push(Choice {
                    field: "",
                    rule: String::new(),
                    why: "no column looks like a record id: each row gets one derived from its content (`row-` and a hash)".into(),
                }),
            }
            let start = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::DateTime { .. } => {
                    let mut s = 5;
                    if has_word(
                        &c.key,
                        &[
                            "start",
                            "started",
                            "begin",
                            "began",
                            "viewed",
                            "date",
                            "completed",
                            "completion",
                            "time",
                        ],
                    ) {
                        s += 5;
                    }
                    if has_word(
                        &c.key,
                        &[
                            "end",
                            "finish",
                            "finished",
                            "due",
                            "expiry",
                            "expiration",
                            "hire",
                            "enrollment",
                            "enrolled",
                            "assigned",
                            "registration",
                            "registered",
                            "created",
                        ],
                    ) {
                        s -= 4;
                    }
                    s
                }
                _ => 0,
            });
            let mut end_choice = None;
            if let Some(c) = start.and_then(|i| columns.get(i)) {
                if let Shape::DateTime {
                    pattern,
                    offset,
                    date_only,
                    ..
                } = &c.shape
                {
                    naive |= !offset;
                    choices.push(Choice {
                        field: "start",
                        rule: format!(
                            "{{ column = {}, datetime = {} }}",
                            quoted(&c.name),
                            quoted(pattern)
                        ),
                        why: format!(
                            "`{}`: when the learning started ({}){}",
                            c.name,
                            c.why,
                            if *date_only {
                                "; a date only, so sessions start at midnight"
                            } else {
                                ""
                            }
                        ),
                    });
                }
                let end = pick(&mut used, &|c: &Column| match &c.shape {
                    Shape::DateTime { .. }
                        if has_word(&c.key, &["end", "ended", "finish", "finished", "stop"]) =>
                    {
                        10
                    }
                    _ => 0,
                });
                end_choice = end.and_then(|i| columns.get(i));
            }
            let duration = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::Duration(_) => 10,
                _ => 0,
            });
            match (duration.and_then(|i| columns.get(i)), end_choice) {
                (Some(c), _) => {
                    if let Shape::Duration(unit) = &c.shape {
                        choices.push(Choice {
                            field: "duration",
                            rule: format!(
                                "{{ column = {}, duration = {} }}",
                                quoted(&c.name),
                                quoted(unit.name())
                            ),
                            why: format!("`{}`: how long ({})", c.name, c.why),
                        });
                    }
                    if let Some(end) = end_choice
                        && let Some(i) = columns.iter().position(|x| x.name == end.name)
                        && let Some(flag) = used.get_mut(i)
                    {
                        *flag = false;
                    }
                }
                (None, Some(c)) => {
                    if let Shape::DateTime {
                        pattern, offset, ..
                    } = &c.shape
                    {
                        naive |= !offset;
                        choices.push(Choice {
                            field: "end",
                            rule: format!(
                                "{{ column = {}, datetime = {} }}",
                                quoted(&c.name),
                                quoted(pattern)
                            ),
                            why: format!("`{}`: when the learning ended ({})", c.name, c.why),
                        });
                    }
                }
                (None, None) => {}
            }
            let activity = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::Enum(_)
                    if has_word(
                        &c.key,
                        &[
                            "type", "activity", "kind", "format", "delivery", "modality",
                            "category",
                        ],
                    ) =>
                {
                    10
                }
                _ => 0,
            });
            match activity.and_then(|i| columns.get(i)) {
                Some(c) => {
                    if let Shape::Enum(values) = &c.shape {
                        let map: Vec<String> = values
                            .iter()
                            .map(|v| format!("{} = {}", quoted(v), quoted(activity_of(v))))
                            .collect();
                        choices.push(Choice {
                            field: "activity",
                            rule: format!(
                                "{{ column = {}, default = \"e_learning\", map = {{ {} }} }}",
                                quoted(&c.name),
                                map.join(", ")
                            ),
                            why: format!(
                                "`{}`: the kind of learning ({}); each value is mapped to the activity kind it most likely means: check the map",
                                c.name, c.why
                            ),
                        });
                    }
                }
                None => choices.push(Choice {
                    field: "activity",
                    rule: "{ value = \"e_learning\" }".into(),
                    why: "no column names the kind of learning: every row is `e_learning`; change it if the export holds other kinds".into(),
                }),
            }
            let title = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::Text | Shape::Enum(_) => {
                    let mut s = 0;
                    if has_word(
                        &c.key,
                        &[
                            "title", "course", "content", "training", "module", "activity",
                            "learning", "item",
                        ],
                    ) {
                        s += 6;
                    }
                    if has_word(&c.key, &["name", "title"]) {
                        s += 2;
                    }
                    if has_word(
                        &c.key,
                        &[
                            "user", "employee", "learner", "manager", "full", "first", "last",
                            "worker",
                        ],
                    ) {
                        s -= 10;
                    }
                    s
                }
                _ => 0,
            });
            if let Some(c) = title.and_then(|i| columns.get(i)) {
                choices.push(Choice {
                    field: "title",
                    rule: quoted(&c.name),
                    why: format!("`{}`: the title of what was learned ({})", c.name, c.why),
                });
            }
        }
        MappedKind::Roster => {
            let date_field = |used: &mut Vec<bool>,
                              words: &'static [&'static str],
                              field: &'static str,
                              what: &str,
                              choices: &mut Vec<Choice>| {
                let found = pick(used, &|c: &Column| match &c.shape {
                    Shape::DateTime { .. } if has_word(&c.key, words) => 10,
                    _ => 0,
                });
                if let Some(c) = found.and_then(|i| columns.get(i))
                    && let Shape::DateTime { pattern, .. } = &c.shape
                {
                    choices.push(Choice {
                        field,
                        rule: format!(
                            "{{ column = {}, date = {} }}",
                            quoted(&c.name),
                            quoted(pattern)
                        ),
                        why: format!("`{}`: {what} ({})", c.name, c.why),
                    });
                }
            };
            date_field(
                &mut used,
                &["hire", "start", "joined", "from", "entry"],
                "start_date",
                "when employment started",
                &mut choices,
            );
            date_field(
                &mut used,
                &["termination", "end", "left", "leaving", "exit", "to"],
                "end_date",
                "when employment ended",
                &mut choices,
            );
            let fte = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::Number { .. }
                    if has_word(&c.key, &["fte", "percent", "pct", "workload", "ratio"])
                        || c.key.contains('%') =>
                {
                    10
                }
                _ => 0,
            });
            let hours = if fte.is_none() {
                pick(&mut used, &|c: &Column| match &c.shape {
                    Shape::Number { .. } | Shape::Duration(_)
                        if has_word(
                            &c.key,
                            &["hours", "hrs", "weekly", "contracted", "scheduled"],
                        ) =>
                    {
                        10
                    }
                    _ => 0,
                })
            } else {
                None
            };
            if let Some(c) = fte.and_then(|i| columns.get(i)) {
                let max = match c.shape {
                    Shape::Number { max } => max,
                    _ => 0.0,
                };
                if max > 1.0 {
                    choices.push(Choice {
                        field: "fte",
                        rule: format!("{{ column = {}, percent = true }}", quoted(&c.name)),
                        why: format!(
                            "`{}`: FTE written as a percentage (values up to {max})",
                            c.name
                        ),
                    });
                } else {
                    choices.push(Choice {
                        field: "fte",
                        rule: quoted(&c.name),
                        why: format!("`{}`: FTE as a fraction ({})", c.name, c.why),
                    });
                }
            } else if let Some(c) = hours.and_then(|i| columns.get(i)) {
                choices.push(Choice {
                    field: "contracted_hours",
                    rule: quoted(&c.name),
                    why: format!("`{}`: weekly contracted hours ({}); the pledge's `full_time_hours` turns them into a share of full time", c.name, c.why),
                });
            }
            let team = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::Text | Shape::Enum(_)
                    if has_word(
                        &c.key,
                        &[
                            "team",
                            "department",
                            "organization",
                            "organisation",
                            "unit",
                            "division",
                            "group",
                        ],
                    ) =>
                {
                    10
                }
                _ => 0,
            });
            if let Some(c) = team.and_then(|i| columns.get(i)) {
                choices.push(Choice {
                    field: "team",
                    rule: quoted(&c.name),
                    why: format!("`{}`: the team ({})", c.name, c.why),
                });
            }
        }
        // Not yet proposed for time totals: the required fields are named below.
        MappedKind::TimeTotals => {}
        MappedKind::Leave => {
            for (field, words, what) in [
                (
                    "from",
                    &["from", "start", "begin", "first"][..],
                    "the first day away",
                ),
                (
                    "to",
                    &["to", "end", "until", "last", "return"][..],
                    "the last day away",
                ),
            ] {
                let found = pick(&mut used, &|c: &Column| match &c.shape {
                    Shape::DateTime { .. } if has_word(&c.key, words) => 10,
                    Shape::DateTime { .. } => 1,
                    _ => 0,
                });
                if let Some(c) = found.and_then(|i| columns.get(i))
                    && let Shape::DateTime { pattern, .. } = &c.shape
                {
                    choices.push(Choice {
                        field,
                        rule: format!(
                            "{{ column = {}, date = {} }}",
                            quoted(&c.name),
                            quoted(pattern)
                        ),
                        why: format!("`{}`: {what} ({})", c.name, c.why),
                    });
                }
            }
            let kind = pick(&mut used, &|c: &Column| match &c.shape {
                Shape::Enum(_) | Shape::Text
                    if has_word(
                        &c.key,
                        &["type", "kind", "reason", "category", "absence", "leave"],
                    ) =>
                {
                    10
                }
                _ => 0,
            });
            match kind.and_then(|i| columns.get(i)) {
                Some(c) => {
                    let values = match &c.shape {
                        Shape::Enum(values) => values.clone(),
                        _ => Vec::new(),
                    };
                    let map: Vec<String> = values
                        .iter()
                        .map(|v| format!("{} = {}", quoted(v), quoted(leave_of(v))))
                        .collect();
                    choices.push(Choice {
                        field: "kind",
                        rule: if map.is_empty() {
                            quoted(&c.name)
                        } else {
                            format!(
                                "{{ column = {}, map = {{ {} }} }}",
                                quoted(&c.name),
                                map.join(", ")
                            )
                        },
                        why: format!("`{}`: the kind of leave ({}); check the map", c.name, c.why),
                    });
                }
                None => choices.push(Choice {
                    field: "kind",
                    rule: "{ value = \"other\" }".into(),
                    why: "no column names the kind of leave: every row is `other`".into(),
                }),
            }
        }
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Proposed by `upskill map suggest` from `{}` ({} columns, {rows} rows sampled).",
        comment_text(file),
        columns.len()
    );
    let _ = writeln!(
        out,
        "# Check each choice, edit what is wrong, then pass the file with `--mapping`."
    );
    let mut guesses = Vec::new();
    if let Some(why) = &kind_guess {
        let guess = format!(
            "`--kind` not given: guessed `{}` from the columns ({why}); pass `--kind` if it is wrong",
            kind.name()
        );
        let _ = writeln!(out, "# {}", comment_text(&guess));
        guesses.push(guess);
    }
    let _ = writeln!(out, "schema_version = 1");
    let _ = writeln!(out, "kind = {}", quoted(kind.name()));
    if naive {
        let _ = writeln!(
            out,
            "# The date-times carry no UTC offset: they are read as wall-clock times in the\n# pledge's zone. Name the export's zone instead (such as \"Europe/London\") if it differs."
        );
        let _ = writeln!(out, "time_zone = \"pledge\"");
    }
    if dialect.delimiter != b','
        || dialect.decimal_comma
        || dialect.encoding != upskill_formats::TextEncoding::Utf8
        || !dialect_guesses.is_empty()
    {
        let _ = writeln!(out, "\n# The file's dialect, as detected.");
        for guess in &dialect_guesses {
            let _ = writeln!(out, "# {}", comment_text(guess));
        }
        guesses.extend(dialect_guesses.iter().cloned());
        let _ = writeln!(out, "[csv]");
        let _ = writeln!(out, "encoding = {}", quoted(dialect.encoding.name()));
        let delimiter = if dialect.delimiter == b'\t' {
            "tab".to_string()
        } else {
            char::from(dialect.delimiter).to_string()
        };
        let _ = writeln!(out, "delimiter = {}", quoted(&delimiter));
        let _ = writeln!(out, "decimal_comma = {}", dialect.decimal_comma);
    }
    let _ = writeln!(out, "\n[fields]");
    let mut placed: BTreeMap<&str, ()> = BTreeMap::new();
    for choice in &choices {
        let _ = writeln!(out, "# {}", comment_text(&choice.why));
        if !choice.field.is_empty() {
            let _ = writeln!(out, "{} = {}", choice.field, choice.rule);
            placed.insert(choice.field, ());
        }
    }
    let required: &[&str] = match kind {
        MappedKind::Sessions => &["learner_id", "start", "activity"],
        MappedKind::Roster => &["learner_id"],
        MappedKind::Leave => &["learner_id", "from", "to", "kind"],
        MappedKind::TimeTotals => &["learner_id", "date", "duration", "activity"],
    };
    for field in required {
        if !placed.contains_key(field) {
            let _ = writeln!(
                out,
                "# `{field}`: no column fits; give one: {field} = {{ column = \"...\" }} (or a constant: {{ value = \"...\" }})"
            );
        }
    }
    if kind == MappedKind::Sessions
        && !placed.contains_key("duration")
        && !placed.contains_key("end")
    {
        let _ = writeln!(
            out,
            "# `duration`: no column reads as a duration or end time; give one: duration = {{ column = \"...\", duration = \"minutes\" }}"
        );
    }
    let unplaced: Vec<&Column> = columns
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| c)
        .collect();
    if !unplaced.is_empty() {
        let _ = writeln!(out, "\n# Columns not placed:");
        for c in unplaced {
            let _ = writeln!(
                out,
                "# - `{}`: {}{}",
                comment_text(&c.name),
                comment_text(&c.why),
                if c.samples == 0 { "" } else { "; not used" }
            );
        }
    }
    Suggestion {
        text: out,
        kind,
        guesses,
    }
}
