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

/// Most records one learner of the roster may have in one evaluation; the
/// records past it are rejected with [`CODE_TOO_MANY_RECORDS`] (so they keep
/// a ledger fate). It bounds the memory one learner can take.
const MAX_RECORDS_PER_LEARNER: u64 = 100_000;

/// The code of a record past [`MAX_RECORDS_PER_LEARNER`].
const CODE_TOO_MANY_RECORDS: &str = "A002";

/// How an evaluation reads its session files.
#[derive(Debug, Clone, Copy)]
struct Settings {
    /// Reading threads per CSV or JSON Lines file.
    threads: usize,
    /// See [`MAX_RECORDS_PER_LEARNER`].
    max_records_per_learner: u64,
}

/// Counts the records of each roster learner and rejects those past the limit.
#[derive(Debug)]
struct Limiter {
    index: std::collections::HashMap<String, usize>,
    counts: Vec<u64>,
    max: u64,
}

impl Limiter {
    fn new(roster: &Roster, max: u64) -> Limiter {
        let index: std::collections::HashMap<String, usize> = roster
            .learners()
            .enumerate()
            .map(|(i, l)| (l.id().as_str().to_string(), i))
            .collect();
        Limiter {
            counts: vec![0; index.len()],
            index,
            max,
        }
    }

    fn slot(&self, learner: &LearnerId) -> Option<usize> {
        self.index.get(learner.as_str()).copied()
    }

    /// Ingests `session`, or rejects it when its learner is past the limit.
    fn feed(&mut self, assessor: &mut Assessor, session: &LearningSession, location: String) {
        let max = self.max;
        if let Some(count) = self
            .slot(session.learner_id())
            .and_then(|i| self.counts.get_mut(i))
        {
            *count += 1;
            if *count > max {
                assessor.reject(Rejection {
                    location,
                    code: CODE_TOO_MANY_RECORDS.to_string(),
                    message: format!(
                        "learner `{}` has more than {max} records in this evaluation, the most one learner may have; this record is not assessed",
                        session.learner_id(),
                    ),
                });
                return;
            }
        }
        assessor.ingest_at(session, Some(&location));
    }
}

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
    threads: usize,
    limiter: &mut Limiter,
    progress: &Progress,
    problems: &mut Problems,
) -> Result<(), CliError> {
    if let Some(plan) = parallel::plan(input, threads)?
        && let Some(outcome) = parallel::read(assessor, limiter, input, &plan, read, progress)?
    {
        problems.add(outcome);
        return Ok(());
    }
    // Not cut, or the chunks could not be proven to split at record
    // boundaries: the file is read in one piece.
    let mut reader = read_sessions(&input.name(), input.open(progress)?, None, read);
    for item in reader.by_ref() {
        match item {
            Ok(session) => {
                problems.add(session.warnings);
                limiter.feed(assessor, &session.value, session.location.to_string());
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
    limiter: &mut Limiter,
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
        limiter.feed(assessor, &s.session, s.location.to_string());
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
    let settings = Settings {
        threads: parallel::threads(),
        max_records_per_learner: MAX_RECORDS_PER_LEARNER,
    };
    evaluate_with(args, settings)
}

/// Runs `upskill evaluate` with `settings`.
fn evaluate_with(args: &EvaluateArgs, settings: Settings) -> Result<u8, CliError> {
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
        settings,
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
    settings: Settings,
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
    let mut limiter = Limiter::new(&roster, settings.max_records_per_learner);
    let mut assessor = Assessor::new(pledge, roster, leave, period, as_of)
        .map_err(|e| CliError::Usage(e.to_string()))?;

    let total: u64 = files.sessions.iter().filter_map(Input::len).sum();
    let progress = Progress::bytes(total, "reading");
    for input in &files.sessions {
        if !xapi_inputs.iter().any(|x| x.name() == input.name()) {
            read_plain_sessions(
                &mut assessor,
                input,
                read,
                settings.threads,
                &mut limiter,
                &progress,
                problems,
            )?;
        }
    }
    if let (Some(actors), false) = (actors, xapi_inputs.is_empty()) {
        // Every statement gets a ledger fate, including those that become no
        // session of their own (duplicates, voided, cmi5 parts).
        read_xapi_sessions(
            &mut assessor,
            &mut limiter,
            xapi_inputs,
            actors,
            &progress,
            problems,
        )?;
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

/// Reading one CSV or JSON Lines session file on several cores: the file is
/// cut at line ends into one chunk per thread, each chunk is read by its own
/// thread into its own [`Assessor::fork`], and the forks are merged in file
/// order. The result is the sequential one, byte for byte: locations keep
/// their line numbers (each chunk knows the line it starts on), warnings keep
/// their order, and merging is exact (`Assessor::merge`).
///
/// A CSV quoted field may run over several lines, so a cut might fall inside
/// one. Each chunk but the last is read to its end on its own: if none of
/// them finds a quoted field left open (`F006`), every record ended within
/// its chunk and, by induction from the first chunk (which starts where the
/// file does), every cut is a record boundary. Otherwise the chunks are
/// thrown away and the file is read again in one piece.
mod parallel {
    use std::fs::File;
    use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
    use std::path::PathBuf;

    use upskill_formats::codes::MALFORMED_CSV;
    use upskill_formats::diagnostics::{Diagnostic, Location};
    use upskill_formats::{DocumentKind, Format, ReadOptions, read_sessions};
    use upskill_policy::Assessor;

    use super::{Input, Limiter, rejection};
    use crate::error::CliError;
    use crate::progress::Progress;

    /// The environment variable that sets the number of reading threads
    /// (`1`: read sequentially). Default: the cores available.
    pub(super) const THREADS_VAR: &str = "UPSKILL_THREADS";

    /// Files smaller than this are read in one piece.
    const MIN_BYTES: u64 = 128 << 10;

    /// The longest CSV header line looked for (a longer one: no chunks).
    const MAX_HEADER: u64 = 64 << 10;

    /// How to cut one file.
    #[derive(Debug)]
    pub(super) struct Plan {
        path: PathBuf,
        format: Format,
        /// Chunk `k` is bytes `cuts[k]..cuts[k + 1]`.
        cuts: Vec<u64>,
        /// The CSV header line, with its line end, put before every chunk but the first.
        header: Vec<u8>,
    }

    /// The reading threads: `UPSKILL_THREADS`, else the cores available.
    pub(super) fn threads() -> usize {
        match std::env::var(THREADS_VAR) {
            Ok(text) => text.trim().parse::<usize>().unwrap_or(1).max(1),
            Err(_) => std::thread::available_parallelism().map_or(1, usize::from),
        }
    }

    /// How to cut `input`, or `None` to read it in one piece.
    pub(super) fn plan(input: &Input, threads: usize) -> Result<Option<Plan>, CliError> {
        let (Input::File(path), false, Some(len)) = (input, input.is_stdin(), input.len()) else {
            return Ok(None);
        };
        if threads < 2 || len < MIN_BYTES {
            return Ok(None);
        }
        let name = input.name();
        let head = input.head()?;
        let format = DocumentKind::Sessions.detect_format(&name, &head);
        if !matches!(format, Format::Csv | Format::JsonLines) {
            return Ok(None);
        }
        let mut file = File::open(path).map_err(CliError::read(&name))?;
        let mut header = Vec::new();
        if format == Format::Csv {
            BufReader::new((&mut file).take(MAX_HEADER))
                .read_until(b'\n', &mut header)
                .map_err(CliError::read(&name))?;
            let blank = header.iter().all(|b| b.is_ascii_whitespace());
            if header.last() != Some(&b'\n') || header.contains(&b'"') || blank {
                return Ok(None);
            }
        }
        let mut cuts = vec![0];
        for k in 1..threads {
            let target = (len / threads as u64)
                .saturating_mul(k as u64)
                .max(header.len() as u64);
            file.seek(SeekFrom::Start(target.saturating_sub(1)))
                .map_err(CliError::read(&name))?;
            let mut skipped = Vec::new();
            let n = BufReader::new(&mut file)
                .read_until(b'\n', &mut skipped)
                .map_err(CliError::read(&name))?;
            let cut = target.saturating_sub(1).saturating_add(n as u64);
            if skipped.last() == Some(&b'\n')
                && cut < len
                && cuts.last().is_some_and(|last| *last < cut)
            {
                cuts.push(cut);
            }
        }
        cuts.push(len);
        if cuts.len() < 3 {
            return Ok(None);
        }
        // A byte-order mark is dropped only at the start of the file: a
        // chunk starting with one would be read differently.
        for cut in cuts.iter().skip(1) {
            file.seek(SeekFrom::Start(*cut))
                .map_err(CliError::read(&name))?;
            let mut start = [0u8; 3];
            let n = file.read(&mut start).map_err(CliError::read(&name))?;
            if n == 3 && start == *b"\xEF\xBB\xBF" {
                return Ok(None);
            }
        }
        Ok(Some(Plan {
            path: path.clone(),
            format,
            cuts,
            header,
        }))
    }

    fn chunk(plan: &Plan, k: usize) -> Option<(u64, u64)> {
        let start = *plan.cuts.get(k)?;
        let end = *plan.cuts.get(k + 1)?;
        Some((start, end - start))
    }

    fn open_chunk(plan: &Plan, name: &str, k: usize) -> Result<(File, u64), CliError> {
        let (start, len) = chunk(plan, k).unwrap_or((0, 0));
        let mut file = File::open(&plan.path).map_err(CliError::read(name))?;
        file.seek(SeekFrom::Start(start))
            .map_err(CliError::read(name))?;
        Ok((file, len))
    }

    fn count_lines(plan: &Plan, name: &str, k: usize) -> Result<u64, CliError> {
        let (file, len) = open_chunk(plan, name, k)?;
        let mut reader = BufReader::with_capacity(1 << 16, file.take(len));
        let mut lines = 0u64;
        loop {
            let buf = reader.fill_buf().map_err(CliError::read(name))?;
            if buf.is_empty() {
                return Ok(lines);
            }
            lines += buf.iter().filter(|&&b| b == b'\n').count() as u64;
            let n = buf.len();
            reader.consume(n);
        }
    }

    /// What one thread read.
    struct Chunk {
        assessor: Assessor,
        /// Records of each roster learner (see [`Limiter`]).
        counts: Vec<u64>,
        warnings: Vec<Diagnostic>,
        file_problems: Vec<Diagnostic>,
        /// A quoted field left open (`F006`) somewhere in the chunk.
        open_quote: bool,
    }

    fn shift(location: &mut Location, by: u64) {
        if let Some(line) = &mut location.line {
            *line += by;
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one call site, each argument a distinct input"
    )]
    fn read_chunk(
        mut assessor: Assessor,
        limiter: &Limiter,
        plan: &Plan,
        name: &str,
        k: usize,
        first_line: u64,
        read: ReadOptions,
        progress: &Progress,
    ) -> Result<Chunk, CliError> {
        let (file, len) = open_chunk(plan, name, k)?;
        let body = BufReader::with_capacity(1 << 16, progress.wrap(file.take(len)));
        // Lines are numbered from 1 in the chunk (after the header put
        // before it): `by` makes them the file's numbers.
        let (header, by): (&[u8], u64) = match (k, plan.format) {
            (0, _) => (&[], 0),
            (_, Format::Csv) => (&plan.header, first_line.saturating_sub(2)),
            _ => (&[], first_line.saturating_sub(1)),
        };
        let mut reader = read_sessions(name, header.chain(body), Some(plan.format), read);
        let mut warnings = Vec::new();
        let mut open_quote = false;
        // Every record is ingested here; a learner past the limit sends the
        // file to be read again in one piece, where the limit is applied in
        // reading order.
        let mut counts = vec![0u64; limiter.counts.len()];
        for item in reader.by_ref() {
            match item {
                Ok(mut session) => {
                    shift(&mut session.location, by);
                    for w in &mut session.warnings {
                        shift(&mut w.location, by);
                    }
                    warnings.append(&mut session.warnings);
                    if let Some(count) = limiter
                        .slot(session.value.learner_id())
                        .and_then(|i| counts.get_mut(i))
                    {
                        *count += 1;
                    }
                    assessor.ingest_at(&session.value, Some(&session.location.to_string()));
                }
                Err(rejected) => {
                    let mut all = rejected.into_diagnostics();
                    for d in &mut all {
                        shift(&mut d.location, by);
                        open_quote |= d.code == MALFORMED_CSV.code;
                    }
                    if let Some((reason, others)) = all.split_first() {
                        let others: Vec<&Diagnostic> = others.iter().collect();
                        assessor.reject(rejection(reason, &others));
                    }
                }
            }
        }
        let mut file_problems = reader.take_file_problems();
        if k > 0 {
            // The header's own problems are reported once, by the first chunk.
            file_problems.retain(|d| d.location.line.is_some_and(|line| line > 1));
            for d in &mut file_problems {
                shift(&mut d.location, by);
            }
        }
        Ok(Chunk {
            assessor,
            counts,
            warnings,
            file_problems,
            open_quote,
        })
    }

    fn joined<T>(
        result: std::thread::Result<Result<T, CliError>>,
        name: &str,
    ) -> Result<T, CliError> {
        result.unwrap_or_else(|_| {
            Err(CliError::Read {
                path: name.to_string(),
                source: std::io::Error::other("a reading thread stopped"),
            })
        })
    }

    /// Reads the file as `plan` cuts it into `assessor`, returning the
    /// problems found (in sequential order); `None` when the cuts cannot be
    /// proven to fall between records (nothing is then added to `assessor`).
    pub(super) fn read(
        assessor: &mut Assessor,
        limiter: &mut Limiter,
        input: &Input,
        plan: &Plan,
        read: ReadOptions,
        progress: &Progress,
    ) -> Result<Option<Vec<Diagnostic>>, CliError> {
        let name = input.name();
        let chunks = plan.cuts.len() - 1;
        // First the lines of every chunk (but the last), to number lines.
        let counts: Vec<Result<u64, CliError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..chunks.saturating_sub(1))
                .map(|k| {
                    let name = &name;
                    scope.spawn(move || count_lines(plan, name, k))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| joined(h.join(), &name))
                .collect()
        });
        let mut first_lines = vec![1u64];
        for count in counts {
            let next = first_lines.last().copied().unwrap_or(1) + count?;
            first_lines.push(next);
        }
        let results: Vec<Result<Chunk, CliError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = first_lines
                .iter()
                .enumerate()
                .map(|(k, first_line)| {
                    let (fork, name, first_line) = (assessor.fork(), &name, *first_line);
                    let limiter = &*limiter;
                    scope.spawn(move || {
                        read_chunk(fork, limiter, plan, name, k, first_line, read, progress)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| joined(h.join(), &name))
                .collect()
        });
        let mut read_chunks = Vec::with_capacity(chunks);
        for result in results {
            read_chunks.push(result?);
        }
        let last = read_chunks.len().saturating_sub(1);
        let proven = read_chunks.iter().enumerate().all(|(k, c)| {
            let open = plan.format == Format::Csv && c.open_quote && k < last;
            // Any problem of the file but the header's: read it in one piece.
            !open && (k == 0 || c.file_problems.is_empty())
        });
        let mut totals = limiter.counts.clone();
        for c in &read_chunks {
            for (total, n) in totals.iter_mut().zip(&c.counts) {
                *total += n;
            }
        }
        if !proven || totals.iter().any(|n| *n > limiter.max) {
            return Ok(None);
        }
        limiter.counts = totals;
        let mut problems = Vec::new();
        let mut file_problems = Vec::new();
        let mut merged = std::mem::replace(assessor, assessor.fork());
        for c in read_chunks {
            problems.extend(c.warnings);
            file_problems.extend(c.file_problems);
            merged = merged.merge(c.assessor).map_err(|e| CliError::Read {
                path: name.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
        }
        *assessor = merged;
        problems.extend(file_problems);
        Ok(Some(problems))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

    use std::path::Path;

    use clap::Parser;

    use super::*;
    use crate::args::{Cli, Command};

    fn evaluate_to(dir: &Path, extra: &[&str], out: &Path, threads: usize) -> (u8, String) {
        evaluate_limited(dir, extra, out, threads, MAX_RECORDS_PER_LEARNER)
    }

    fn evaluate_limited(
        dir: &Path,
        extra: &[&str],
        out: &Path,
        threads: usize,
        max_records_per_learner: u64,
    ) -> (u8, String) {
        let mut argv = vec!["upskill", "evaluate", dir.to_str().unwrap()];
        argv.extend_from_slice(extra);
        argv.extend_from_slice(&["--format", "json", "--out", out.to_str().unwrap()]);
        let Command::Evaluate(args) = Cli::try_parse_from(argv).unwrap().command else {
            panic!("not evaluate");
        };
        let settings = Settings {
            threads,
            max_records_per_learner,
        };
        let code = evaluate_with(&args, settings).unwrap();
        (code, std::fs::read_to_string(out).unwrap())
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("upskill-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const PERIOD: &[&str] = &[
        "--from",
        "2026-W10",
        "--to",
        "2026-W29",
        "--as-of",
        "2026-07-01T08:00:00+00:00",
    ];

    /// Chunked reading on several threads reports exactly what one thread does.
    #[test]
    fn threads_change_nothing_in_the_report() {
        for (name, jsonl) in [("csv", false), ("jsonl", true)] {
            let dir = temp_dir(&format!("threads-{name}"));
            let options = upskill_generate::GenerateOptions {
                learners: 400,
                weeks: 20,
                sessions_jsonl: jsonl,
                seed: 11,
                ..Default::default()
            };
            upskill_generate::generate(&options)
                .unwrap()
                .write_to_with(&dir, |_, _| {})
                .unwrap();
            let sessions = ["sessions.csv", "sessions.jsonl"]
                .iter()
                .map(|f| dir.join(f))
                .filter(|p| p.exists())
                .map(Input::File)
                .collect::<Vec<_>>();
            // The files are large enough to be cut.
            assert!(
                sessions
                    .iter()
                    .any(|i| parallel::plan(i, 2).unwrap().is_some())
            );
            let (code, one) = evaluate_to(&dir, PERIOD, &dir.join("one.json"), 1);
            assert!(one.contains("\"location\""), "some rejections are listed");
            for threads in [2, 3, 8] {
                let out = dir.join(format!("{threads}.json"));
                assert_eq!(
                    evaluate_to(&dir, PERIOD, &out, threads),
                    (code, one.clone())
                );
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    /// A quoted field running over a chunk boundary: the file is read again
    /// in one piece, with the same result.
    #[test]
    fn quoted_newlines_across_cuts_fall_back_to_one_piece() {
        let dir = temp_dir("quoted");
        let options = upskill_generate::GenerateOptions {
            learners: 400,
            weeks: 20,
            ..Default::default()
        };
        upskill_generate::generate(&options)
            .unwrap()
            .write_to_with(&dir, |_, _| {})
            .unwrap();
        let path = dir.join("sessions.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        // Every title becomes a quoted field over two lines.
        let mut rewritten = String::new();
        for (i, line) in text.lines().enumerate() {
            let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
            if i > 0 && fields.len() > 5 && !line.contains('"') {
                fields[5] = format!("\"{}\nsecond line\"", fields[5]);
            }
            rewritten.push_str(&fields.join(","));
            rewritten.push('\n');
        }
        std::fs::write(&path, rewritten).unwrap();
        let (code, one) = evaluate_to(&dir, PERIOD, &dir.join("one.json"), 1);
        let two = evaluate_to(&dir, PERIOD, &dir.join("two.json"), 2);
        assert_eq!(two, (code, one));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Records past the per-learner limit are rejected (`A002`), never lost,
    /// and on any number of threads the same ones are.
    #[test]
    fn records_past_the_per_learner_limit_are_rejected() {
        let dir = temp_dir("limit");
        let options = upskill_generate::GenerateOptions {
            learners: 400,
            weeks: 20,
            ..Default::default()
        };
        upskill_generate::generate(&options)
            .unwrap()
            .write_to_with(&dir, |_, _| {})
            .unwrap();
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        let free = json(&evaluate_to(&dir, PERIOD, &dir.join("free.json"), 1).1);
        let (code, one) = evaluate_limited(&dir, PERIOD, &dir.join("one.json"), 1, 10);
        assert_eq!(
            evaluate_limited(&dir, PERIOD, &dir.join("two.json"), 2, 10),
            (code, one.clone())
        );
        let limited = json(&one);
        let ledger = |v: &serde_json::Value, key: &str| v["ledger"][key].clone();
        assert_eq!(
            ledger(&limited, "records_read"),
            ledger(&free, "records_read")
        );
        let rejected = |v: &serde_json::Value| v["ledger"]["fates"]["rejected"].as_u64().unwrap();
        assert!(rejected(&limited) > rejected(&free));
        assert!(one.contains("\"A002\""));
        assert!(one.contains("has more than 10 records in this evaluation"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
