//! The command line, as clap reads it. `docs/cli.md` documents every option.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Does an organisation keep its micro-upskilling pledge? From a dataset to a verdict.
#[derive(Debug, Parser)]
#[command(name = "upskill", version, about, long_about = None, max_term_width = 100)]
#[command(
    after_help = "Start with `upskill evaluate --example`. Exit status: 0 met / on_track, \
1 not_met / at_risk / insufficient_data (validate: problems found), 2 usage error or unreadable input."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        default_value_t = clap::ColorChoice::Auto,
        display_order = 900
    )]
    pub color: clap::ColorChoice,
    /// Print only reports and errors: no progress bars, warnings or notes.
    #[arg(long, short, global = true, display_order = 901)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per run: the size does not matter"
)]
pub(crate) enum Command {
    /// Assess a dataset against its pledge and report the verdict.
    Evaluate(Box<EvaluateArgs>),
    /// Check files against the interchange formats and report every problem.
    Validate(ValidateArgs),
    /// Print or write the published JSON Schemas.
    Schema(SchemaArgs),
    /// Convert other learning records into upskill sessions.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a realistic synthetic dataset (deterministic for a seed).
    Generate(GenerateArgs),
    /// Convert sessions, roster, leave or time totals between CSV and
    /// Parquet (CSV, JSON Lines or JSON to .parquet; Parquet or Arrow IPC to CSV).
    #[cfg(feature = "arrow")]
    Convert(crate::convert_cmd::ConvertArgs),
    /// Rerun the evaluation a JSON report records and compare: each input's
    /// SHA-256, then every byte of the report.
    Verify(VerifyArgs),
    /// Import mappings: list and show the presets, suggest a mapping for an export.
    #[command(subcommand)]
    Map(crate::map_cmd::MapCommand),
    /// Serve the browser page (web/, built by web/build.sh) on 127.0.0.1 only.
    Serve(crate::serve_cmd::ServeArgs),
    /// Print a shell completion script (bash, elvish, fish, powershell, zsh).
    Completions(crate::manual::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a directory.
    Man(crate::manual::ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The JSON report (`upskill evaluate --format json`).
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,
    /// The dataset directory, given as it was to `evaluate` (names are part
    /// of the report) [default: .]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Session files, given as they were to `evaluate --sessions`.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub sessions: Vec<PathBuf>,
    /// The identity mapping, when the dataset holds xAPI statements.
    #[arg(long, value_name = "MAP")]
    pub actors: Option<PathBuf>,
    /// The pledge file, as given to `evaluate --pledge` [default: DIR/pledge.json].
    #[arg(long, value_name = "FILE")]
    pub pledge: Option<PathBuf>,
    /// The roster, as given to `evaluate --roster` [default: DIR/roster.csv].
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Leave, as given to `evaluate --leave` [default: DIR/leave.csv, if present].
    #[arg(long, value_name = "FILE")]
    pub leave: Option<PathBuf>,
    /// Public holidays, as given to `evaluate --holidays` [default: DIR/holidays.csv, if present].
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
    /// The People-principle file, as given to `evaluate --people` [default: DIR/people.json, if present].
    #[arg(long, value_name = "FILE")]
    pub people: Option<PathBuf>,
}

/// `--detail`: what a report holds about individual learners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DetailArg {
    /// Every learner's row.
    Learners,
    /// No per-learner rows; the team table and organisation figures.
    Teams,
    /// Organisation figures only.
    None,
}

/// Report formats of `evaluate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// For a terminal: verdict first, at most 100 columns.
    Text,
    /// The JSON report (docs/report.md).
    Json,
    /// One self-contained HTML page.
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct EvaluateArgs {
    /// The dataset directory: pledge.json, roster.csv, sessions.csv and/or
    /// sessions.jsonl, optional leave.csv and holidays.csv [default: .]
    #[arg(value_name = "DIR", conflicts_with = "example")]
    pub dir: Option<PathBuf>,
    /// Assess the example dataset built into the command (no files needed).
    #[arg(long)]
    pub example: bool,
    /// Session files to read instead of the directory's (CSV, JSON Lines, a
    /// JSON array, or xAPI statements, told apart by content).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub sessions: Vec<PathBuf>,
    /// Time-spent totals to read instead of the directory's time_totals.csv
    /// / .jsonl (a learner's time per day or week; docs/formats.md).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub time_totals: Vec<PathBuf>,
    /// Identity mapping for xAPI statements (CSV: learner_id, then mbox,
    /// mbox_sha1sum, openid or account columns); required when a session file holds xAPI.
    #[arg(long, value_name = "MAP")]
    pub actors: Option<PathBuf>,
    /// The pledge file [default: DIR/pledge.json].
    #[arg(long, value_name = "FILE")]
    pub pledge: Option<PathBuf>,
    /// The roster [default: DIR/roster.csv].
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Leave [default: DIR/leave.csv, if present].
    #[arg(long, value_name = "FILE")]
    pub leave: Option<PathBuf>,
    /// Public holidays [default: DIR/holidays.csv, if present].
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
    /// The People-principle file: attestations and representation counts;
    /// the report then carries the People-principle scorecard (docs/people.md)
    /// [default: DIR/people.json, if present].
    #[arg(long, value_name = "FILE")]
    pub people: Option<PathBuf>,
    /// First week judged, like 2026-W10 [default: the first week the data
    /// covers, a sparse lead-in left out (docs/cli.md, "The default period")].
    #[arg(long, value_name = "WEEK")]
    pub from: Option<String>,
    /// Last week judged [default: the last week the data covers, at most the
    /// last week over at --as-of].
    #[arg(long, value_name = "WEEK")]
    pub to: Option<String>,
    /// The moment to judge at: RFC 3339 (2026-05-11T09:00:00+01:00), a date
    /// (midnight in the pledge's zone) or `now` [default: now; with
    /// --example: 2026-05-11T09:00:00+01:00].
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Report format [default: told by the --out extension (.json, .html,
    /// .htm), otherwise text].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the per-record audit ledger to FILE: one row per record
    /// read (CSV; JSON Lines for .jsonl, .ndjson or .json; Parquet for
    /// .parquet). See docs/ledger.md.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Also write the per-learner-week detail to FILE as Parquet (.parquet):
    /// one row per learner and week of the period. See docs/formats.md.
    #[arg(long, value_name = "FILE")]
    pub learner_weeks: Option<PathBuf>,
    /// Fail (exit 2) if any record is rejected.
    #[arg(long)]
    pub strict: bool,
    /// Read unknown columns and fields as warnings rather than errors.
    #[arg(long)]
    pub lenient: bool,
    /// Learners listed as most behind in text and HTML reports.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub most_behind: usize,
    /// How much per-learner detail the report holds: `learners` (all of it,
    /// for the organisation itself), `teams` (no per-learner rows: a report
    /// to share) or `none` (no team table either).
    #[arg(long, value_enum, default_value_t = DetailArg::Learners)]
    pub detail: DetailArg,
    #[command(flatten)]
    pub lrs: LrsArgs,
    #[command(flatten)]
    pub mapped: crate::map_cmd::EvaluateMappingArgs,
    #[command(flatten)]
    pub dialect: crate::map_cmd::DialectArgs,
}

/// Pulling xAPI statements from a Learning Record Store (`upskill-lrs`).
#[derive(Debug, Args)]
pub(crate) struct LrsArgs {
    /// Also read the xAPI statements of this Learning Record Store: its
    /// endpoint, such as https://lrs.example.com/xAPI/ (`GET URL/statements`,
    /// every `more` page).
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// The user name for HTTP basic authentication to the LRS.
    #[arg(
        long,
        value_name = "NAME",
        requires = "lrs",
        requires = "lrs_password_env"
    )]
    pub lrs_user: Option<String>,
    /// The environment variable that holds the LRS password (the password is
    /// never given on the command line).
    #[arg(long, value_name = "VAR", requires = "lrs_user")]
    pub lrs_password_env: Option<String>,
    /// Only statements the LRS stored after this instant (RFC 3339, exclusive).
    #[arg(long, value_name = "INSTANT", requires = "lrs")]
    pub lrs_since: Option<String>,
    /// Only statements the LRS stored at or before this instant (RFC 3339).
    #[arg(long, value_name = "INSTANT", requires = "lrs")]
    pub lrs_until: Option<String>,
    /// The most statements per page asked of the LRS [default: the LRS's own].
    #[arg(long, value_name = "N", requires = "lrs", value_parser = clap::value_parser!(u32).range(1..))]
    pub lrs_limit: Option<u32>,
}

/// Document kinds `validate` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindArg {
    /// Learning-session records.
    Sessions,
    /// The roster.
    Roster,
    /// Leave.
    Leave,
    /// Public holidays.
    Holidays,
    /// The pledge file.
    Pledge,
    /// The People-principle file (`people.json`).
    People,
    /// xAPI statements: a statement, an array, an LRS result page, or JSON Lines.
    Xapi,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ValidateFormat {
    /// Compiler-style lines.
    Text,
    /// A JSON array of validation reports.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Files to check (`-` reads standard input); a directory checks every
    /// dataset file in it.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub files: Vec<PathBuf>,
    /// What the files hold [default: told by each file's content (a pledge's
    /// fields, xAPI's actor and verb or an LRS page, a CSV header), then by
    /// its name (pledge*.json, people*.json, roster*, leave*, holidays*),
    /// otherwise sessions].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// A roster: sessions and leave of anyone else are reported.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Sessions after this instant are reported (RFC 3339).
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
    /// Read unknown columns and fields as warnings rather than errors.
    #[arg(long)]
    pub lenient: bool,
    /// Most problems listed per file (the rest are counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_problems: usize,
    #[command(flatten)]
    pub mapped: crate::map_cmd::MappingArgs,
    #[command(flatten)]
    pub dialect: crate::map_cmd::DialectArgs,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// The schema to print (pledge, roster, leave, learning-session, sessions,
    /// validation-report) [default: list them].
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// Write the schema (or all of them) as NAME.schema.json files into DIR.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// xAPI statements (and cmi5 sessions) to session records (JSON Lines).
    Xapi(ImportXapiArgs),
    /// A CSV export (LMS report, HR roster) to canonical CSV through a mapping.
    Csv(crate::map_cmd::ImportCsvArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportXapiArgs {
    /// Statement files: a statement, an array, an LRS result page, or JSON Lines.
    #[arg(value_name = "FILE", required_unless_present = "lrs")]
    pub files: Vec<PathBuf>,
    /// Identity mapping from actors to learner ids (CSV).
    #[arg(long, value_name = "MAP")]
    pub actors: PathBuf,
    /// Write the sessions to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How problems and counts go to standard error: text lines, or one JSON
    /// document (`summary`, `uncredited`, `problems`).
    #[arg(long, value_enum, default_value_t = ImportFormat::Text)]
    pub format: ImportFormat,
    #[command(flatten)]
    pub lrs: LrsArgs,
    /// A cursor file for a job that runs again and again: the pull asks only
    /// for statements stored after the instant it holds, and it is rewritten
    /// with the newest `stored` instant once the sessions are written.
    #[arg(long, value_name = "FILE", requires = "lrs")]
    pub lrs_cursor: Option<PathBuf>,
}

/// Output formats of `import xapi`'s problems and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFormat {
    /// Compiler-style lines and a summary line.
    Text,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// The directory to write (created if missing; it must be empty unless --force).
    #[arg(value_name = "OUT_DIR")]
    pub out_dir: PathBuf,
    /// Write into a directory that already holds files (the dataset's files are replaced).
    #[arg(long)]
    pub force: bool,
    /// Learners in the roster.
    #[arg(long, value_name = "N", default_value_t = 150)]
    pub learners: u32,
    /// Weeks in the period.
    #[arg(long, value_name = "W", default_value_t = 10)]
    pub weeks: u32,
    /// The seed: the same options and seed write the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The period's first week.
    #[arg(long, value_name = "WEEK", default_value = "2026-W10")]
    pub first_week: String,
    /// Share of bad records a reader must reject, per valid record.
    #[arg(long, value_name = "SHARE", default_value_t = 0.004)]
    pub bad_share: f64,
    /// Share of repeated records, per valid record.
    #[arg(long, value_name = "SHARE", default_value_t = 0.012)]
    pub duplicate_share: f64,
    /// The pledge's learner-week-rate target.
    #[arg(long, value_name = "RATE", default_value_t = 0.8)]
    pub target: f64,
    /// Write the webinar platform's records to sessions.jsonl.
    #[arg(long)]
    pub jsonl: bool,
    /// Write the example dataset of crates/upskill-dataset/example/ (ignores the other options).
    #[arg(long)]
    pub example: bool,
}
