//! `upskill evaluate`: reading a dataset into the engine and reporting.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use upskill_formats::diagnostics::{Diagnostic, Location};
use upskill_formats::{
    ReadOptions, collect_leave, collect_roster, read_holidays, read_leave, read_pledge,
    read_roster, read_sessions,
};
use upskill_pledge::Pledge;
use upskill_policy::{Assessment, Assessor, Period, Rejection, UncreditedRecord};
use upskill_quota::{Leave, Roster};
use upskill_session::{LearnerId, LearningSession};
use upskill_xapi::{Fate, IdentityMap, ImportOptions, Importer, InputFormat};

use crate::args::{EvaluateArgs, ReportFormat};
use crate::error::CliError;
use crate::example;
use crate::input::{Input, looks_like_xapi};
use crate::period::{parse_as_of, period};
use crate::progress::Progress;
use crate::style::Style;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, html, text};

/// Most reader warnings printed to standard error (the rest are counted).
const WARNINGS_SHOWN: usize = 20;

/// The inputs of one evaluation.
#[derive(Debug)]
struct Files {
    pledge: Input,
    roster: Input,
    leave: Option<Input>,
    holidays: Option<Input>,
    sessions: Vec<Input>,
    actors: Option<Input>,
}

fn embedded(name: &'static str) -> Input {
    let text = example::FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, t)| *t);
    Input::Embedded { name, text }
}

impl Files {
    fn resolve(args: &EvaluateArgs) -> Result<Files, CliError> {
        let file = |p: &PathBuf| Input::File(p.clone());
        if args.example {
            let sessions = if args.sessions.is_empty() {
                vec![embedded("sessions.csv"), embedded("sessions.jsonl")]
            } else {
                args.sessions.iter().map(file).collect()
            };
            return Ok(Files {
                pledge: args
                    .pledge
                    .as_ref()
                    .map_or_else(|| embedded("pledge.json"), file),
                roster: args
                    .roster
                    .as_ref()
                    .map_or_else(|| embedded("roster.csv"), file),
                leave: Some(
                    args.leave
                        .as_ref()
                        .map_or_else(|| embedded("leave.csv"), file),
                ),
                holidays: Some(
                    args.holidays
                        .as_ref()
                        .map_or_else(|| embedded("holidays.csv"), file),
                ),
                sessions,
                actors: args.actors.as_ref().map(file),
            });
        }
        let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
        if !dir.is_dir() {
            return Err(CliError::Missing(format!(
                "`{}` is not a directory",
                dir.display()
            )));
        }
        let in_dir = |name: &str| -> PathBuf {
            if dir == Path::new(".") && args.dir.is_none() {
                PathBuf::from(name)
            } else {
                dir.join(name)
            }
        };
        let required =
            |given: &Option<PathBuf>, name: &str, what: &str| -> Result<Input, CliError> {
                let input = Input::File(given.clone().unwrap_or_else(|| in_dir(name)));
                if input.exists() {
                    Ok(input)
                } else {
                    Err(CliError::Missing(format!(
                        "{what} not found: `{}` does not exist",
                        input.name()
                    )))
                }
            };
        let optional =
            |given: &Option<PathBuf>, name: &str, what: &str| -> Result<Option<Input>, CliError> {
                match given {
                    Some(path) => required(&Some(path.clone()), name, what).map(Some),
                    None => {
                        let input = Input::File(in_dir(name));
                        Ok(input.exists().then_some(input))
                    }
                }
            };
        let pledge = required(&args.pledge, "pledge.json", "the pledge file");
        let roster = required(&args.roster, "roster.csv", "the roster");
        let (pledge, roster) = match (pledge, roster) {
            (Ok(p), Ok(r)) => (p, r),
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(e),
            (Err(a), Err(b)) => return Err(CliError::Missing(format!("{a}; {b}"))),
        };
        let sessions: Vec<Input> = if args.sessions.is_empty() {
            ["sessions.csv", "sessions.jsonl"]
                .into_iter()
                .map(|n| Input::File(in_dir(n)))
                .filter(Input::exists)
                .collect()
        } else {
            args.sessions.iter().map(file).collect()
        };
        if sessions.is_empty() {
            return Err(CliError::Missing(format!(
                "no sessions found: `{}` has neither sessions.csv nor sessions.jsonl (or give --sessions FILE...)",
                dir.display()
            )));
        }
        for input in &sessions {
            if !input.exists() {
                return Err(CliError::Missing(format!(
                    "session file not found: `{}` does not exist",
                    input.name()
                )));
            }
        }
        Ok(Files {
            pledge,
            roster,
            leave: optional(&args.leave, "leave.csv", "the leave file")?,
            holidays: optional(&args.holidays, "holidays.csv", "the holidays file")?,
            sessions,
            actors: args.actors.as_ref().map(file),
        })
    }
}

/// Problems found while reading, split by whether they stop the run.
#[derive(Debug, Default)]
struct Problems {
    fatal: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Problems {
    fn add(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            if d.is_error() {
                self.fatal.push(d)
            } else {
                self.warnings.push(d)
            }
        }
    }
}

fn load_pledge(
    input: &Input,
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Option<Pledge>, CliError> {
    match read_pledge(&input.name(), input.open(&Progress::none())?, read) {
        Ok(pledge) => Ok(Some(pledge)),
        Err(diagnostics) => {
            problems.add(diagnostics);
            Ok(None)
        }
    }
}

fn load_holidays(
    input: &Input,
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Vec<chrono::NaiveDate>, CliError> {
    let mut reader = read_holidays(&input.name(), input.open(&Progress::none())?, None, read);
    let mut dates = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(day) => {
                problems.add(day.warnings);
                dates.push(day.value.date);
            }
            Err(rejected) => problems.add(rejected.into_diagnostics()),
        }
    }
    problems.add(reader.take_file_problems());
    Ok(dates)
}

/// Every rejection of a record carries its first error; the others are named.
fn rejection(reason: &Diagnostic, others: &[&Diagnostic]) -> Rejection {
    let mut message = reason.message.clone();
    let more: Vec<&str> = others
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    if !more.is_empty() {
        message.push_str(&format!(" (and {} more: {})", more.len(), more.join(", ")));
    }
    Rejection {
        location: reason.location.to_string(),
        code: reason.code.clone(),
        message,
    }
}

fn read_plain_sessions(
    assessor: &mut Assessor,
    input: &Input,
    read: ReadOptions,
    progress: &Progress,
    problems: &mut Problems,
) -> Result<(), CliError> {
    let mut reader = read_sessions(&input.name(), input.open(progress)?, None, read);
    for item in reader.by_ref() {
        match item {
            Ok(session) => {
                problems.add(session.warnings);
                assessor.ingest_at(&session.value, Some(&session.location.to_string()));
            }
            Err(rejected) => {
                let others: Vec<&Diagnostic> = rejected.diagnostics().skip(1).collect();
                assessor.reject(rejection(rejected.reason(), &others));
            }
        }
    }
    problems.add(reader.take_file_problems());
    Ok(())
}

fn load_actors(input: &Input, problems: &mut Problems) -> Result<IdentityMap, CliError> {
    let load = IdentityMap::read_csv(input.open(&Progress::none())?, &input.name());
    problems.add(load.diagnostics);
    Ok(load.map)
}

fn same_record(a: &Location, b: &Location) -> bool {
    a.file == b.file && a.line == b.line && a.record == b.record
}

fn read_xapi_sessions(
    assessor: &mut Assessor,
    inputs: &[&Input],
    actors: &IdentityMap,
    progress: &Progress,
    problems: &mut Problems,
) -> Result<(), CliError> {
    let mut importer = Importer::new(ImportOptions::default());
    for input in inputs {
        let name = input.name();
        let format = InputFormat::from_path(Path::new(&name));
        importer
            .read(input.open(progress)?, &name, format)
            .map_err(|e| CliError::Read {
                path: name.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
    }
    let import = importer.finish(actors);
    for s in &import.sessions {
        assessor.ingest_at(&s.session, Some(&s.location.to_string()));
    }
    for u in &import.unknown_learners {
        // The engine counts it as `unknown_learner`, listing the actor as written.
        let id = LearnerId::new(&u.actor.to_string()).or_else(|_| LearnerId::new("unmapped-actor"));
        if let Ok(id) = id
            && let Ok(session) =
                LearningSession::new(u.record_id.clone(), id, u.start, u.duration, u.activity)
        {
            assessor.ingest_at(&session, Some(&u.location.to_string()));
        }
    }
    let mut matched = vec![false; import.diagnostics.len()];
    for statement in &import.statements {
        match statement.fate {
            Fate::Session | Fate::UnknownLearner => {}
            Fate::Rejected => {
                let own: Vec<(usize, &Diagnostic)> = import
                    .diagnostics
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| same_record(&d.location, &statement.location))
                    .collect();
                for (i, _) in &own {
                    if let Some(m) = matched.get_mut(*i) {
                        *m = true;
                    }
                }
                let errors: Vec<&Diagnostic> = own
                    .iter()
                    .map(|(_, d)| *d)
                    .filter(|d| d.is_error())
                    .collect();
                match errors.split_first() {
                    Some((reason, others)) => assessor.reject(rejection(reason, others)),
                    None => assessor.reject(Rejection {
                        location: statement.location.to_string(),
                        code: "X000".to_string(),
                        message: "the statement was rejected".to_string(),
                    }),
                }
            }
            Fate::Duplicate => assessor.record_uncredited(UncreditedRecord::Duplicate),
            Fate::Conflict => assessor.record_uncredited(UncreditedRecord::ConflictingDuplicate),
            Fate::Voided | Fate::Voiding => assessor.record_uncredited(UncreditedRecord::Voided),
            // Fates a later importer may add earn nothing of their own either.
            Fate::InCmi5Session | Fate::NoCredit(_) | _ => {
                assessor.record_uncredited(UncreditedRecord::NoTimeOfItsOwn)
            }
        }
    }
    // Problems of the files themselves (not of one statement) stop the run
    // when they are errors: statements may have been lost with them.
    for (d, m) in import.diagnostics.into_iter().zip(matched) {
        if !m {
            let own_statement = import
                .statements
                .iter()
                .any(|s| same_record(&d.location, &s.location));
            if d.is_error() && !own_statement {
                problems.fatal.push(d);
            } else if !d.is_error() {
                problems.warnings.push(d);
            }
        }
    }
    Ok(())
}

/// Runs `upskill evaluate`.
pub(crate) fn evaluate(args: &EvaluateArgs) -> Result<u8, CliError> {
    let files = Files::resolve(args)?;
    let read = ReadOptions::new().with_lenient(args.lenient);
    let mut problems = Problems::default();

    // Reference data first: any error in it stops the run (a learner or a
    // leave range silently missing would change the verdict).
    let pledge = load_pledge(&files.pledge, read, &mut problems)?;
    let holidays = match &files.holidays {
        Some(input) => load_holidays(input, read, &mut problems)?,
        None => Vec::new(),
    };
    let (roster, diagnostics) = collect_roster(read_roster(
        &files.roster.name(),
        files.roster.open(&Progress::none())?,
        None,
        read,
    ));
    problems.add(diagnostics);
    let leave = match &files.leave {
        Some(input) => {
            let (leave, diagnostics) = collect_leave(read_leave(
                &input.name(),
                input.open(&Progress::none())?,
                None,
                read,
            ));
            problems.add(diagnostics);
            leave
        }
        None => Leave::default(),
    };
    let mut xapi_inputs = Vec::new();
    for input in &files.sessions {
        if looks_like_xapi(&input.head()?) {
            xapi_inputs.push(input);
        }
    }
    let actors = match (&files.actors, xapi_inputs.first()) {
        (Some(map), _) => Some(load_actors(map, &mut problems)?),
        (None, Some(first)) => {
            return Err(CliError::Usage(format!(
                "`{}` holds xAPI statements: give the identity mapping with --actors MAP",
                first.name()
            )));
        }
        (None, None) => None,
    };
    let pledge = match (pledge, problems.fatal.is_empty()) {
        (Some(pledge), true) => pledge.with_holidays(holidays),
        _ => return Err(unreadable(problems)),
    };
    let assessment = assess(
        args,
        &files,
        pledge,
        roster,
        leave,
        actors.as_ref(),
        &xapi_inputs,
        read,
        &mut problems,
    )?;
    if !problems.fatal.is_empty() {
        return Err(unreadable(problems));
    }
    print_warnings(&problems.warnings);
    write_report(args, &assessment)?;

    let rejected = assessment.ledger.fates.rejected;
    if args.strict && rejected > 0 {
        let style = Style::for_stderr();
        let mut stderr = std::io::stderr().lock();
        for r in assessment.ledger.rejections.iter().take(WARNINGS_SHOWN) {
            let _ = writeln!(
                stderr,
                "{}",
                style.problem(
                    &format!("{}: error[{}]: {}", r.location, r.code, r.message),
                    true
                )
            );
        }
        if rejected > WARNINGS_SHOWN as u64 {
            let _ = writeln!(stderr, "... and {} more", rejected - WARNINGS_SHOWN as u64);
        }
        let _ = writeln!(
            stderr,
            "{} {}",
            style.error_label(),
            CliError::Strict { count: rejected }
        );
        return Ok(EXIT_UNUSABLE);
    }
    Ok(if assessment.verdict.is_positive() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

fn unreadable(problems: Problems) -> CliError {
    let n = problems.fatal.len();
    let mut all = problems.fatal;
    all.extend(problems.warnings);
    CliError::Unreadable {
        summary: format!(
            "the dataset cannot be used: {n} problem{} found",
            if n == 1 { "" } else { "s" }
        ),
        problems: all,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site, each argument a distinct input"
)]
fn assess(
    args: &EvaluateArgs,
    files: &Files,
    pledge: Pledge,
    roster: Roster,
    leave: Leave,
    actors: Option<&IdentityMap>,
    xapi_inputs: &[&Input],
    read: ReadOptions,
    problems: &mut Problems,
) -> Result<Assessment, CliError> {
    let calendar = pledge.calendar().clone();
    let as_of = match (&args.as_of, args.example) {
        (Some(text), _) => parse_as_of(text, &calendar)?,
        (None, true) => parse_as_of(example::AS_OF, &calendar)?,
        (None, false) => Utc::now(),
    };
    let (first, last) = period(args.from.as_deref(), args.to.as_deref(), as_of, &calendar)?;
    let period = Period::new(first, last).map_err(|e| CliError::Usage(e.to_string()))?;
    let mut assessor = Assessor::new(pledge, roster, leave, period, as_of)
        .map_err(|e| CliError::Usage(e.to_string()))?;

    let total: u64 = files.sessions.iter().filter_map(Input::len).sum();
    let progress = Progress::bytes(total, "reading");
    for input in &files.sessions {
        if !xapi_inputs.iter().any(|x| x.name() == input.name()) {
            read_plain_sessions(&mut assessor, input, read, &progress, problems)?;
        }
    }
    if let (Some(actors), false) = (actors, xapi_inputs.is_empty()) {
        // Every statement gets a ledger fate, including those that become no
        // session of their own (duplicates, voided, cmi5 parts).
        read_xapi_sessions(&mut assessor, xapi_inputs, actors, &progress, problems)?;
    }
    progress.finish();
    Ok(assessor.finish())
}

fn print_warnings(warnings: &[Diagnostic]) {
    let style = Style::for_stderr();
    let mut stderr = std::io::stderr().lock();
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        let _ = writeln!(stderr, "{}", style.problem(&w.to_string(), w.is_error()));
    }
    if warnings.len() > WARNINGS_SHOWN {
        let _ = writeln!(
            stderr,
            "... and {} more warnings",
            warnings.len() - WARNINGS_SHOWN
        );
    }
}

fn write_report(args: &EvaluateArgs, assessment: &Assessment) -> Result<(), CliError> {
    let style = if args.out.is_none() && args.format == ReportFormat::Text {
        Style::for_stdout()
    } else {
        Style::PLAIN
    };
    let body = match args.format {
        ReportFormat::Text => text::render(
            assessment,
            &text::TextOptions {
                style,
                most_behind: args.most_behind,
                rejections_shown: 20,
            },
        ),
        ReportFormat::Json => {
            let mut json =
                serde_json::to_string_pretty(assessment).map_err(|e| CliError::Write {
                    path: "-".to_string(),
                    source: std::io::Error::other(e),
                })?;
            json.push('\n');
            json
        }
        ReportFormat::Html => html::render(
            assessment,
            &html::HtmlOptions {
                most_behind: args.most_behind,
                rejections_shown: 200,
            },
        ),
    };
    match &args.out {
        Some(path) => {
            let name = path.display().to_string();
            std::fs::write(path, body).map_err(CliError::write(&name))?;
            eprintln!("wrote `{name}`: verdict {}", assessment.verdict);
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let written = stdout
                .write_all(body.as_bytes())
                .and_then(|()| stdout.flush());
            match written {
                // A reader that stopped early (`| head`) is no error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.map_err(CliError::write("-"))?,
            }
        }
    }
    Ok(())
}
