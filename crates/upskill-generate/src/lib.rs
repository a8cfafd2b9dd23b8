//! A deterministic, seeded generator of realistic upskill datasets.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::generate`; depend on `upskill-generate` directly only to keep
//! the dependency tree small.
//!
//! This crate owns synthetic *input*: a pledge file, a roster, leave, public
//! holidays and learning-session records for an organisation of any size,
//! the same bytes for the same options and seed on every platform. It is what
//! `upskill generate` writes, what the example dataset in `examples/data/`
//! is (see [`GenerateOptions::example`]), and what benchmarks and load tests
//! read. It does *not* read or judge anything (see `upskill-formats` and
//! `upskill-policy`).
//!
//! It writes its rows itself rather than through `upskill-formats`'
//! writers, because some rows are faulty on purpose ([`Intent`]: an end
//! before the start, a timestamp without an offset, an unknown activity),
//! which no domain value can hold. What it writes is read back by the
//! located readers of `upskill-formats` in its tests, the one decoder of
//! every format, and each row must meet its intended fate there.
//!
//! # What a dataset looks like
//!
//! - **Pledge**: the minimal pledge form, `Europe/London`, Monday weeks,
//!   [`minutes_per_week`](GenerateOptions::minutes_per_week) (60),
//!   `pro_rata: "fte"`, a learner-week-rate target.
//! - **Roster** (`roster.csv`): learner ids `e0001`...; seven teams of
//!   varied sizes, and from 40 learners on two tiny ones (`Legal` and
//!   `Executive Office`, 2 each) that reports must fold and suppress; a share of
//!   part-timers (FTE 0.8, 0.6 or 0.5); about 6% joining and 5% leaving inside
//!   the period, a few joining after it or gone just before it.
//! - **Leave** (`leave.csv`): annual leave for most people (often a whole
//!   week), some sickness, rare parental leave.
//! - **Holidays** (`holidays.csv`): the bank holidays of England and Wales
//!   around the period, by their standing rules.
//! - **Sessions** (`sessions.csv`, and `sessions.jsonl` for the webinar
//!   platform's records when [`sessions_jsonl`](GenerateOptions::sessions_jsonl)
//!   is set): each learner is given an engagement ([`Engagement`]) drawn by
//!   the [`engagement_mix`](GenerateOptions::engagement_mix) (by default the
//!   DMA pilot's: 35% most weeks, 39% some weeks, 26% rarely) and a number of
//!   weeks to meet inside that band (some who rarely learn record nothing
//!   at all); a met week holds one to three sessions of
//!   10-120 minutes adding up to at least the full requirement, a short week
//!   nothing or one short session. Activities follow a mix (e-learning 40%,
//!   webinars 15%, reading 12%, ...) from three systems that write times
//!   differently: London local offsets (`+00:00`, `+01:00`), UTC (`Z`), and a
//!   self-reported journal in the writer's zone (London, Paris or New York).
//! - **Anomalies**, each *added* to the valid records (so the valid records
//!   alone still make the intended weeks met or short): overlapping sessions,
//!   exact duplicates, same-id re-exports with a later start, the same session
//!   from a second system under another id, sessions in the week before the
//!   period, contractors not in the roster, and bad records a reader must
//!   reject (end before start, a timestamp without offset, the activity
//!   `podcast`). Every record carries its [`Intent`].
//!
//! # Streaming
//!
//! Only the organisation (one small plan per learner) is held in memory.
//! Sessions come from [`Dataset::sessions`], an iterator that makes one
//! learner-week at a time from its own random stream (ChaCha8 keyed by the
//! seed, one stream per learner and week), so 10^7 records are written in
//! constant memory and any learner-week can be reproduced alone.
//!
//! # Example
//!
//! ```
//! use upskill_generate::{GenerateOptions, Intent, generate};
//!
//! let options = GenerateOptions { learners: 20, weeks: 4, seed: 7, ..GenerateOptions::default() };
//! let dataset = generate(&options)?;
//! assert_eq!(dataset.roster().count(), 20);
//! let records: Vec<_> = dataset.sessions().collect();
//! assert!(records.iter().any(|r| r.intent == Intent::Valid));
//!
//! let mut csv = Vec::new();
//! dataset.write_sessions(&mut csv, None::<&mut Vec<u8>>)?;
//! assert!(csv.starts_with(b"record_id,learner_id,start,end,activity,title,source,skill_areas,self_reported\n"));
//! # Ok::<(), upskill_generate::GenerateError>(())
//! ```

mod people;
mod rng;
mod sessions;

use std::collections::BTreeSet;
use std::io::Write;

use std::path::{Path, PathBuf};
use upskill_formats::output::AtomicFile;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;
use upskill_calendar::{DayOfWeek, Week};

pub use people::{Holiday, LearnerPlan, LeaveEntry, RosterEntry, england_and_wales_bank_holidays};
pub use sessions::{Destination, Intent, SessionRow, Sessions};

use crate::rng::Streams;

/// The time zone of every generated organisation.
pub const TIME_ZONE: &str = "Europe/London";

/// The seed of the example dataset in `examples/data/`.
pub const EXAMPLE_SEED: u64 = 20_260_302;

/// Columns of `sessions.csv`, in order.
pub const SESSION_COLUMNS: [&str; 9] = [
    "record_id",
    "learner_id",
    "start",
    "end",
    "activity",
    "title",
    "source",
    "skill_areas",
    "self_reported",
];

/// Columns of `roster.csv`, in order.
pub const ROSTER_COLUMNS: [&str; 5] = ["learner_id", "team", "fte", "start_date", "end_date"];

/// Columns of `leave.csv`, in order.
pub const LEAVE_COLUMNS: [&str; 4] = ["learner_id", "from", "to", "kind"];

/// Columns of `holidays.csv`, in order.
pub const HOLIDAY_COLUMNS: [&str; 2] = ["date", "name"];

/// A learner's engagement: the band their met weeks are drawn to fall in
/// (under the default band thresholds: most weeks >= 3/4 of eligible weeks,
/// some weeks >= 1/4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engagement {
    /// Meets at least 80% of their eligible weeks.
    MostWeeks,
    /// Meets 30% to just under 75%.
    SomeWeeks,
    /// Meets under 20% (often none).
    Rarely,
}

/// Shares of learners by engagement (they need not add up to 1: they are
/// weights).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngagementMix {
    /// Share meeting most weeks.
    pub most_weeks: f64,
    /// Share meeting some weeks.
    pub some_weeks: f64,
    /// Share meeting rarely.
    pub rarely: f64,
}

impl EngagementMix {
    /// The DMA 2022-23 micro-upskilling pilot: "just over a third" most
    /// weeks, 39% some weeks, 26% not very often.
    pub const DMA_PILOT: EngagementMix = EngagementMix {
        most_weeks: 0.35,
        some_weeks: 0.39,
        rarely: 0.26,
    };
}

impl Default for EngagementMix {
    fn default() -> Self {
        EngagementMix::DMA_PILOT
    }
}

/// What to generate.
///
/// Shares of anomalies are probabilities *per valid session*: with
/// `bad_record_share: 0.004`, about 4 bad records are added per 1000 valid
/// ones.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// Learners in the roster (at least 1).
    pub learners: u32,
    /// Weeks in the period (1 to 520).
    pub weeks: u32,
    /// The period's first week (an ISO week, starting on a Monday).
    pub first_week: Week,
    /// The seed: the same options and seed give the same bytes.
    pub seed: u64,
    /// Share of bad records a reader must reject (default 0.004).
    pub bad_record_share: f64,
    /// Share of repeated records: exact, same id, or from a second system (default 0.012).
    pub duplicate_share: f64,
    /// Share of added overlapping sessions (default 0.02).
    pub overlap_share: f64,
    /// Share of added records by people not in the roster (default 0.003).
    pub unknown_learner_share: f64,
    /// Share of part-time learners (default 0.2).
    pub part_time_share: f64,
    /// Learners by engagement (default [`EngagementMix::DMA_PILOT`]).
    pub engagement_mix: EngagementMix,
    /// The pledge's minutes per week for a full-time learner (default 60).
    pub minutes_per_week: u32,
    /// The pledge's learner-week-rate target (default 0.8).
    pub target_learner_week_rate: f64,
    /// The organisation's id (default `acme`).
    pub organisation_id: String,
    /// The organisation's name (default `Acme Ltd`).
    pub organisation_name: String,
    /// Write the webinar platform's records to `sessions.jsonl` rather than
    /// `sessions.csv` (default false).
    pub sessions_jsonl: bool,
}

impl Default for GenerateOptions {
    /// 150 learners over 2026-W10..2026-W19, seed 1, the default shares.
    fn default() -> Self {
        GenerateOptions {
            learners: 150,
            weeks: 10,
            first_week: default_first_week(),
            seed: 1,
            bad_record_share: 0.004,
            duplicate_share: 0.012,
            overlap_share: 0.02,
            unknown_learner_share: 0.003,
            part_time_share: 0.2,
            engagement_mix: EngagementMix::DMA_PILOT,
            minutes_per_week: 60,
            target_learner_week_rate: 0.8,
            organisation_id: "acme".to_string(),
            organisation_name: "Acme Ltd".to_string(),
            sessions_jsonl: false,
        }
    }
}

#[expect(clippy::expect_used, reason = "a constant, valid week label")]
fn default_first_week() -> Week {
    Week::parse("2026-W10", DayOfWeek::Monday).expect("2026-W10 is a week") // INVARIANT: a constant label
}

impl GenerateOptions {
    /// The options of the example dataset shipped in `examples/data/` and
    /// embedded in `upskill evaluate --example`: 150 learners of
    /// "Northwind Marketing Ltd", the ten weeks 2026-W10..2026-W19 (the UK
    /// clocks go forward on Sunday 29 March 2026, in 2026-W13; Good Friday,
    /// Easter Monday and the early May bank holiday fall inside), seed
    /// [`EXAMPLE_SEED`], webinar records in `sessions.jsonl`, and a pledge
    /// target of 0.5 met learner-weeks, a first-year target an organisation
    /// with the DMA pilot's engagement can just meet.
    pub fn example() -> GenerateOptions {
        GenerateOptions {
            seed: EXAMPLE_SEED,
            target_learner_week_rate: 0.5,
            organisation_id: "northwind".to_string(),
            organisation_name: "Northwind Marketing Ltd".to_string(),
            sessions_jsonl: true,
            ..GenerateOptions::default()
        }
    }

    fn check(&self) -> Result<(), GenerateError> {
        if self.learners == 0 {
            return Err(GenerateError::NoLearners);
        }
        if self.weeks == 0 || self.weeks > MAX_WEEKS {
            return Err(GenerateError::Weeks(self.weeks));
        }
        if self.first_week.start_day() != DayOfWeek::Monday {
            return Err(GenerateError::FirstWeekNotMonday(
                self.first_week.to_string(),
            ));
        }
        for (name, value) in [
            ("bad_record_share", self.bad_record_share),
            ("duplicate_share", self.duplicate_share),
            ("overlap_share", self.overlap_share),
            ("unknown_learner_share", self.unknown_learner_share),
        ] {
            if !(0.0..=0.5).contains(&value) {
                return Err(GenerateError::Share {
                    name,
                    value: value.to_string(),
                    max: "0.5",
                });
            }
        }
        if !(0.0..=1.0).contains(&self.part_time_share) {
            return Err(GenerateError::Share {
                name: "part_time_share",
                value: self.part_time_share.to_string(),
                max: "1",
            });
        }
        if !(0.0..=1.0).contains(&self.target_learner_week_rate) {
            return Err(GenerateError::Share {
                name: "target_learner_week_rate",
                value: self.target_learner_week_rate.to_string(),
                max: "1",
            });
        }
        let mix = self.engagement_mix;
        let shares = [mix.most_weeks, mix.some_weeks, mix.rarely];
        if shares.iter().any(|s| !s.is_finite() || *s < 0.0) || shares.iter().all(|s| *s == 0.0) {
            return Err(GenerateError::Mix);
        }
        if self.minutes_per_week == 0 || self.minutes_per_week > 10_080 {
            return Err(GenerateError::MinutesPerWeek(self.minutes_per_week));
        }
        if self.organisation_id.trim().is_empty() || self.organisation_name.trim().is_empty() {
            return Err(GenerateError::Organisation);
        }
        self.first_week
            .start_date()
            .checked_add_days(Days::new(u64::from(self.weeks) * 7 + 14))
            .ok_or_else(|| GenerateError::FirstWeekNotMonday(self.first_week.to_string()))?;
        Ok(())
    }
}

/// Longest period generated: 520 weeks, as long as the engine judges.
pub const MAX_WEEKS: u32 = 520;

/// Errors generating or writing a dataset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// No learners asked for.
    #[error("a dataset needs at least 1 learner")]
    NoLearners,
    /// Weeks out of range.
    #[error("the period must have from 1 to 520 weeks, not {0}")]
    Weeks(u32),
    /// The first week is not an ISO (Monday) week, or the period runs past the year 9999.
    #[error(
        "week `{0}` cannot start a generated period: it must start on a monday, well before 9999"
    )]
    FirstWeekNotMonday(String),
    /// A share out of range.
    #[error("`{name}` must be a share from 0 to {max}, not {value}")]
    Share {
        /// The option.
        name: &'static str,
        /// The value given.
        value: String,
        /// The largest share allowed.
        max: &'static str,
    },
    /// The engagement mix is negative or all zero.
    #[error("the engagement mix needs shares of at least 0, not all 0")]
    Mix,
    /// Minutes per week out of range.
    #[error("minutes per week must be from 1 to 10080, not {0}")]
    MinutesPerWeek(u32),
    /// Empty organisation id or name.
    #[error("the organisation needs an id and a name")]
    Organisation,
    /// Writing failed.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Writing failed (to a writer given by the caller).
    #[error("cannot write: {0}")]
    Write(#[from] std::io::Error),
}

impl From<csv::Error> for GenerateError {
    fn from(error: csv::Error) -> GenerateError {
        GenerateError::Write(std::io::Error::other(error))
    }
}

/// Records written, by intent and by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records by intent, in [`Intent::ALL`] order.
    pub by_intent: [u64; 10],
    /// Records written to `sessions.csv`.
    pub csv_records: u64,
    /// Records written to `sessions.jsonl`.
    pub jsonl_records: u64,
}

impl Counts {
    /// All records.
    pub fn records(&self) -> u64 {
        self.csv_records + self.jsonl_records
    }

    /// Records of one intent.
    pub fn of(&self, intent: Intent) -> u64 {
        Intent::ALL
            .iter()
            .position(|i| *i == intent)
            .and_then(|p| self.by_intent.get(p))
            .copied()
            .unwrap_or(0)
    }

    fn add(&mut self, row: &SessionRow) {
        if let Some(p) = Intent::ALL.iter().position(|i| *i == row.intent)
            && let Some(n) = self.by_intent.get_mut(p)
        {
            *n += 1;
        }
        match row.destination {
            Destination::Csv => self.csv_records += 1,
            Destination::JsonLines => self.jsonl_records += 1,
        }
    }
}

/// What [`Dataset::write_to`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The files, in the order written.
    pub files: Vec<PathBuf>,
    /// Session records.
    pub counts: Counts,
}

/// A generated dataset: the organisation in memory, sessions on demand.
#[derive(Debug, Clone)]
pub struct Dataset {
    options: GenerateOptions,
    pub(crate) streams: Streams,
    organisation: people::Organisation,
}

/// Generates a dataset.
///
/// # Errors
///
/// [`GenerateError`] when an option is out of range.
pub fn generate(options: &GenerateOptions) -> Result<Dataset, GenerateError> {
    options.check()?;
    let streams = Streams::new(options.seed);
    let period = people::PeriodDates::new(options.first_week.start_date(), options.weeks);
    let holidays: BTreeSet<NaiveDate> = people::holidays_around(&period)
        .into_iter()
        .map(|h| h.date)
        .collect();
    let organisation = people::build(options, &streams, &holidays);
    Ok(Dataset {
        options: options.clone(),
        streams,
        organisation,
    })
}

#[derive(Serialize)]
struct PledgeFile<'a> {
    schema_version: u32,
    organisation: PledgeOrganisation<'a>,
    time_zone: &'static str,
    minutes_per_week: u32,
    pro_rata: &'static str,
    target: PledgeTarget,
}

#[derive(Serialize)]
struct PledgeOrganisation<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct PledgeTarget {
    learner_week_rate: f64,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    record_id: &'a str,
    learner_id: &'a str,
    start: &'a str,
    end: &'a str,
    activity: &'a str,
    title: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skill_areas: &'a [&'a str],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    self_reported: bool,
}

impl Dataset {
    /// The options it was generated with.
    pub fn options(&self) -> &GenerateOptions {
        &self.options
    }

    /// Every learner's plan, in id order.
    pub fn learners(&self) -> &[LearnerPlan] {
        &self.organisation.learners
    }

    /// The roster rows, in id order.
    pub fn roster(&self) -> impl Iterator<Item = &RosterEntry> {
        self.organisation.learners.iter().map(|l| &l.entry)
    }

    /// The leave rows, by learner then date.
    pub fn leave(&self) -> &[LeaveEntry] {
        &self.organisation.leave
    }

    /// The public holidays written to `holidays.csv`.
    pub fn holidays(&self) -> &[Holiday] {
        &self.organisation.holidays
    }

    /// The period's first and last weeks.
    pub fn period(&self) -> (Week, Week) {
        let first = self.options.first_week;
        let last = first
            .start_date()
            .checked_add_days(Days::new(u64::from(self.options.weeks - 1) * 7))
            .and_then(|d| Week::starting_on(d).ok())
            .unwrap_or(first);
        (first, last)
    }

    /// An `as_of` that closes the period: 09:00 London time on the Monday
    /// after it (2026-05-11T08:00:00Z for the example).
    pub fn closing_as_of(&self) -> DateTime<Utc> {
        let (_, last) = self.period();
        let monday = last
            .start_date()
            .checked_add_days(Days::new(7))
            .unwrap_or(last.start_date());
        let local = monday.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN));
        chrono_tz::Europe::London
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
    }

    /// Every session record, streamed (see the crate docs).
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions::new(self)
    }

    /// The pledge file's text (pretty JSON, ending in a newline).
    pub fn pledge_json(&self) -> String {
        let pledge = PledgeFile {
            schema_version: 1,
            organisation: PledgeOrganisation {
                id: &self.options.organisation_id,
                name: &self.options.organisation_name,
            },
            time_zone: TIME_ZONE,
            minutes_per_week: self.options.minutes_per_week,
            pro_rata: "fte",
            target: PledgeTarget {
                learner_week_rate: self.options.target_learner_week_rate,
            },
        };
        let mut text = serde_json::to_string_pretty(&pledge).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Writes `pledge.json`.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Write`] when the writer fails.
    pub fn write_pledge<W: Write>(&self, mut out: W) -> Result<(), GenerateError> {
        out.write_all(self.pledge_json().as_bytes())?;
        Ok(())
    }

    /// Writes `roster.csv`.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Write`] when the writer fails.
    pub fn write_roster<W: Write>(&self, out: W) -> Result<(), GenerateError> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        csv.write_record(ROSTER_COLUMNS)?;
        for r in self.roster() {
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            csv.write_record([
                r.learner_id.as_str(),
                r.team.as_str(),
                r.fte_text().as_deref().unwrap_or(""),
                &date(r.start_date),
                &date(r.end_date),
            ])?;
        }
        csv.flush()?;
        Ok(())
    }

    /// Writes `leave.csv`.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Write`] when the writer fails.
    pub fn write_leave<W: Write>(&self, out: W) -> Result<(), GenerateError> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        csv.write_record(LEAVE_COLUMNS)?;
        for l in self.leave() {
            csv.write_record([
                l.learner_id.as_str(),
                &l.from.to_string(),
                &l.to.to_string(),
                l.kind,
            ])?;
        }
        csv.flush()?;
        Ok(())
    }

    /// Writes `holidays.csv`.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Write`] when the writer fails.
    pub fn write_holidays<W: Write>(&self, out: W) -> Result<(), GenerateError> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        csv.write_record(HOLIDAY_COLUMNS)?;
        for h in self.holidays() {
            csv.write_record([h.date.to_string().as_str(), h.name])?;
        }
        csv.flush()?;
        Ok(())
    }

    /// Streams the session records to `csv` (with a header) and, when given,
    /// the JSON Lines ones to `jsonl` (without one, every record goes to `csv`).
    ///
    /// # Errors
    ///
    /// [`GenerateError::Write`] when a writer fails.
    pub fn write_sessions<W: Write, J: Write>(
        &self,
        csv: W,
        jsonl: Option<J>,
    ) -> Result<Counts, GenerateError> {
        self.write_sessions_with(csv, jsonl, |_, _| {})
    }

    /// As [`Dataset::write_sessions`], calling `progress(done, total)` with
    /// learner-weeks generated after each week.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Write`] when a writer fails.
    pub fn write_sessions_with<W: Write, J: Write>(
        &self,
        csv: W,
        mut jsonl: Option<J>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<Counts, GenerateError> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(csv);
        csv.write_record(SESSION_COLUMNS)?;
        let mut counts = Counts::default();
        let mut rows = self.sessions();
        let mut reported = 0;
        let learners = self.learners().len().max(1) as u64;
        while let Some(mut row) = rows.next() {
            if jsonl.is_none() {
                row.destination = Destination::Csv;
            }
            counts.add(&row);
            match (&mut jsonl, row.destination) {
                (Some(out), Destination::JsonLines) => {
                    let line = JsonLine {
                        record_id: &row.record_id,
                        learner_id: &row.learner_id,
                        start: &row.start,
                        end: &row.end,
                        activity: row.activity,
                        title: row.title,
                        source: row.source,
                        skill_areas: row.skill_areas,
                        self_reported: row.self_reported,
                    };
                    serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::other)?;
                    out.write_all(b"\n")?;
                }
                _ => {
                    csv.write_record([
                        row.record_id.as_str(),
                        &row.learner_id,
                        &row.start,
                        &row.end,
                        row.activity,
                        row.title,
                        row.source,
                        &row.skill_areas.join(";"),
                        if row.self_reported { "true" } else { "" },
                    ])?;
                }
            }
            let (done, total) = rows.progress();
            if done / learners != reported {
                reported = done / learners;
                progress(done, total);
            }
        }
        csv.flush()?;
        if let Some(out) = &mut jsonl {
            out.flush()?;
        }
        let (done, total) = rows.progress();
        progress(done, total);
        Ok(counts)
    }

    /// Writes the dataset into `dir` (created if missing): `pledge.json`,
    /// `roster.csv`, `leave.csv`, `holidays.csv`, `sessions.csv` and, with
    /// [`sessions_jsonl`](GenerateOptions::sessions_jsonl), `sessions.jsonl`.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Io`] when a file cannot be created or written.
    pub fn write_to(&self, dir: &Path) -> Result<Written, GenerateError> {
        self.write_to_with(dir, |_, _| {})
    }

    /// As [`Dataset::write_to`], reporting progress as
    /// [`Dataset::write_sessions_with`] does.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Io`] when a file cannot be created or written.
    pub fn write_to_with(
        &self,
        dir: &Path,
        progress: impl FnMut(u64, u64),
    ) -> Result<Written, GenerateError> {
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |e: std::io::Error| GenerateError::Io {
                path: path.clone(),
                source: e,
            }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        // Each file is written to a temporary file and renamed into place
        // when complete: a failed run never leaves a truncated dataset file.
        let create = |name: &str| -> Result<(PathBuf, AtomicFile), GenerateError> {
            let path = dir.join(name);
            let file = AtomicFile::create(&path).map_err(io(&path))?;
            Ok((path, file))
        };
        let relabel = |path: &Path| {
            let io = io(path);
            move |e: GenerateError| match e {
                GenerateError::Write(e) => io(e),
                other => other,
            }
        };
        let commit = |path: &Path, file: AtomicFile| file.commit().map_err(io(path));
        let mut files = Vec::new();
        let (path, mut out) = create("pledge.json")?;
        self.write_pledge(&mut out).map_err(relabel(&path))?;
        commit(&path, out)?;
        files.push(path);
        let (path, mut out) = create("roster.csv")?;
        self.write_roster(&mut out).map_err(relabel(&path))?;
        commit(&path, out)?;
        files.push(path);
        let (path, mut out) = create("leave.csv")?;
        self.write_leave(&mut out).map_err(relabel(&path))?;
        commit(&path, out)?;
        files.push(path);
        let (path, mut out) = create("holidays.csv")?;
        self.write_holidays(&mut out).map_err(relabel(&path))?;
        commit(&path, out)?;
        files.push(path);
        let (csv_path, mut csv) = create("sessions.csv")?;
        let counts = if self.options.sessions_jsonl {
            let (jsonl_path, mut jsonl) = create("sessions.jsonl")?;
            let counts = self
                .write_sessions_with(&mut csv, Some(&mut jsonl), progress)
                .map_err(relabel(&csv_path))?;
            commit(&csv_path, csv)?;
            commit(&jsonl_path, jsonl)?;
            files.push(csv_path);
            files.push(jsonl_path);
            counts
        } else {
            let counts = self
                .write_sessions_with(&mut csv, None::<Vec<u8>>, progress)
                .map_err(relabel(&csv_path))?;
            commit(&csv_path, csv)?;
            files.push(csv_path);
            counts
        };
        Ok(Written { files, counts })
    }
}
