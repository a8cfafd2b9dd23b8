//! Learning-session records, generated one learner-week at a time.

use std::collections::VecDeque;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::Dataset;
use crate::people::LearnerPlan;
use crate::rng::{Draw, Purpose};

/// What the generator meant a record to be: the fate a correct reader and
/// engine should give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Intent {
    /// An ordinary session in the period.
    Valid,
    /// A session overlapping another of the same learner (credited, the overlap once).
    Overlap,
    /// An exact repeat of an earlier row (same id, same everything).
    ExactDuplicate,
    /// The same record id again with another start (the earliest is kept).
    ConflictingId,
    /// The same session exported by a second system: another id, the same
    /// learner, start and duration, the start written with another offset.
    CrossSystemDuplicate,
    /// A session in the week before the period.
    OutsidePeriod,
    /// A session of someone not in the roster (a contractor).
    UnknownLearner,
    /// Bad: the end is before the start.
    EndBeforeStart,
    /// Bad: timestamps without a UTC offset.
    NaiveTimestamp,
    /// Bad: an activity kind that does not exist (`podcast`).
    UnknownActivity,
}

impl Intent {
    /// Every intent, in order.
    pub const ALL: [Intent; 10] = [
        Intent::Valid,
        Intent::Overlap,
        Intent::ExactDuplicate,
        Intent::ConflictingId,
        Intent::CrossSystemDuplicate,
        Intent::OutsidePeriod,
        Intent::UnknownLearner,
        Intent::EndBeforeStart,
        Intent::NaiveTimestamp,
        Intent::UnknownActivity,
    ];

    /// Whether a reader must reject the record.
    pub fn is_bad(self) -> bool {
        matches!(
            self,
            Intent::EndBeforeStart | Intent::NaiveTimestamp | Intent::UnknownActivity
        )
    }

    /// Whether the record repeats another.
    pub fn is_duplicate(self) -> bool {
        matches!(
            self,
            Intent::ExactDuplicate | Intent::ConflictingId | Intent::CrossSystemDuplicate
        )
    }

    /// A short snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Intent::Valid => "valid",
            Intent::Overlap => "overlap",
            Intent::ExactDuplicate => "exact_duplicate",
            Intent::ConflictingId => "conflicting_id",
            Intent::CrossSystemDuplicate => "cross_system_duplicate",
            Intent::OutsidePeriod => "outside_period",
            Intent::UnknownLearner => "unknown_learner",
            Intent::EndBeforeStart => "end_before_start",
            Intent::NaiveTimestamp => "naive_timestamp",
            Intent::UnknownActivity => "unknown_activity",
        }
    }
}

/// Which sessions file a record goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// `sessions.csv`: the learning platform's export (and everything when
    /// JSON Lines output is off).
    Csv,
    /// `sessions.jsonl`: the webinar platform's export.
    JsonLines,
}

/// The systems records come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The learning platform: ids `LH-`, offsets of London local time.
    LearnHub,
    /// The webinar platform: ids `SC-`, times in UTC (`Z`).
    StreamCast,
    /// Self-reported learning log: ids `JL-`, the writer's local offset.
    Journal,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::LearnHub => "learnhub",
            Source::StreamCast => "streamcast",
            Source::Journal => "learning_journal",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Source::LearnHub => "LH",
            Source::StreamCast => "SC",
            Source::Journal => "JL",
        }
    }

    fn index(self) -> usize {
        match self {
            Source::LearnHub => 0,
            Source::StreamCast => 1,
            Source::Journal => 2,
        }
    }
}

/// One learning-session record, as text (bad records are written as they
/// would arrive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// The record's id in its source system.
    pub record_id: String,
    /// The learner.
    pub learner_id: String,
    /// Start (RFC 3339 with an offset, except in naive-timestamp records).
    pub start: String,
    /// End, written with the start's offset.
    pub end: String,
    /// Activity kind (`e_learning`, ...; `podcast` in unknown-activity records).
    pub activity: &'static str,
    /// Title.
    pub title: &'static str,
    /// Source system.
    pub source: &'static str,
    /// Skill areas (`;`-separated in CSV, an array in JSON Lines).
    pub skill_areas: &'static [&'static str],
    /// Whether the learner reported the session themselves.
    pub self_reported: bool,
    /// What the record is meant to be.
    pub intent: Intent,
    /// Which file it goes to.
    pub destination: Destination,
}

/// Activity kinds, their weights, source, titles and skill areas.
struct Activity {
    kind: &'static str,
    weight: u32,
    source: Source,
    titles: &'static [(&'static str, &'static [&'static str])],
}

const ACTIVITIES: [Activity; 10] = [
    Activity {
        kind: "e_learning",
        weight: 40,
        source: Source::LearnHub,
        titles: &[
            ("GDPR essentials for marketers", &["compliance", "data"]),
            ("Introduction to SQL", &["data"]),
            ("Customer journey mapping", &["creative", "digital"]),
            ("Email deliverability", &["digital"]),
            ("Accessibility basics", &["digital"]),
            ("Data, ethics & \"trust\"", &["data", "compliance"]),
            ("Copywriting for social", &["creative"]),
            ("Spreadsheet modelling: pivot tables", &["data"]),
            ("Résumé of the DMA Code", &["compliance"]),
            ("Search engine optimisation", &["digital"]),
        ],
    },
    Activity {
        kind: "webinar",
        weight: 15,
        source: Source::StreamCast,
        titles: &[
            (
                "Attribution after third-party cookies",
                &["data", "digital"],
            ),
            ("AI in the creative process", &["creative", "digital"]),
            ("Measuring brand lift", &["data"]),
            ("Inclusive marketing in practice", &["creative"]),
        ],
    },
    Activity {
        kind: "reading",
        weight: 12,
        source: Source::Journal,
        titles: &[
            ("Chapter: Thinking in experiments", &["data"]),
            ("Industry report: consumer trust", &["data"]),
            ("Style guide refresh", &["creative"]),
        ],
    },
    Activity {
        kind: "course",
        weight: 8,
        source: Source::LearnHub,
        titles: &[
            ("Certificate in direct marketing: module 3", &["digital"]),
            ("Python for analysts", &["data"]),
        ],
    },
    Activity {
        kind: "workshop",
        weight: 6,
        source: Source::LearnHub,
        titles: &[
            ("Design sprint workshop", &["creative"]),
            ("Dashboards that get read", &["data"]),
        ],
    },
    Activity {
        kind: "coaching",
        weight: 5,
        source: Source::Journal,
        titles: &[("Coaching: presenting with confidence", &["leadership"])],
    },
    Activity {
        kind: "mentoring",
        weight: 5,
        source: Source::Journal,
        titles: &[("Mentoring session", &["leadership"])],
    },
    Activity {
        kind: "on_the_job",
        weight: 5,
        source: Source::Journal,
        titles: &[
            ("Shadowing the analytics team", &["data"]),
            ("Pairing on a campaign brief", &["creative"]),
        ],
    },
    Activity {
        kind: "conference",
        weight: 2,
        source: Source::StreamCast,
        titles: &[("Data Protection conference: keynote", &["compliance"])],
    },
    Activity {
        kind: "other",
        weight: 2,
        source: Source::Journal,
        titles: &[("Podcast episode on brand strategy", &["creative"])],
    },
];

/// A session planned in local time, before it is written.
#[derive(Debug, Clone, Copy)]
struct Planned {
    start: DateTime<Utc>,
    minutes: u64,
    extra_seconds: u64,
    activity: usize,
    title: usize,
}

/// The streaming iterator over every session record: the lead-in week
/// first, then each week of the period; within a week, learner by learner,
/// with the week's repeated records (duplicates) at its end. Memory is
/// bounded by one week's duplicates, never by the dataset.
#[derive(Debug)]
pub struct Sessions<'a> {
    dataset: &'a Dataset,
    /// Week slot: 0 is the lead-in week, `w + 1` the period's week `w`.
    slot: u32,
    learner: usize,
    buffer: VecDeque<SessionRow>,
    week_tail: Vec<SessionRow>,
    counters: [u64; 3],
    finished: bool,
}

impl<'a> Sessions<'a> {
    pub(crate) fn new(dataset: &'a Dataset) -> Sessions<'a> {
        Sessions {
            dataset,
            slot: 0,
            learner: 0,
            buffer: VecDeque::new(),
            week_tail: Vec::new(),
            counters: [0; 3],
            finished: false,
        }
    }

    /// Learner-weeks generated so far and in all (for progress reports).
    pub fn progress(&self) -> (u64, u64) {
        let learners = self.dataset.learners().len() as u64;
        let total = learners * (u64::from(self.dataset.options().weeks) + 1);
        let done = if self.finished {
            total
        } else {
            u64::from(self.slot) * learners + self.learner as u64
        };
        (done, total)
    }

    fn next_id(&mut self, source: Source) -> String {
        let counter = self.counters.get_mut(source.index());
        let n = match counter {
            Some(c) => {
                *c += 1;
                *c
            }
            None => 0,
        };
        format!("{}-{n:07}", source.prefix())
    }

    /// Fills the buffer with the next learner-week's records.
    fn step(&mut self) {
        let dataset = self.dataset;
        let learners = dataset.learners();
        if self.learner >= learners.len() {
            // End of a week: its duplicates, then the next week.
            self.buffer.extend(self.week_tail.drain(..));
            self.learner = 0;
            self.slot += 1;
            if self.slot > dataset.options().weeks {
                self.finished = true;
            }
            return;
        }
        let index = self.learner;
        self.learner += 1;
        let Some(plan) = learners.get(index) else {
            return;
        };
        let mut draw = dataset
            .streams
            .stream(Purpose::Week, index as u64, u64::from(self.slot));
        let planned = if self.slot == 0 {
            lead_in(dataset, plan, &mut draw)
        } else {
            week(dataset, plan, self.slot - 1, &mut draw)
        };
        for session in planned {
            self.emit(plan, session, &mut draw);
        }
    }

    fn emit(&mut self, plan: &LearnerPlan, session: Planned, draw: &mut Draw) {
        let options = self.dataset.options();
        let intent = if self.slot == 0 {
            Intent::OutsidePeriod
        } else {
            Intent::Valid
        };
        let activity = ACTIVITIES.get(session.activity).unwrap_or(&ACTIVITIES[0]);
        let id = self.next_id(activity.source);
        let row = self.row(plan, &session, id, intent, None);
        let source = activity.source;
        self.buffer.push_back(row.clone());
        if intent != Intent::Valid {
            return;
        }
        if draw.chance(options.overlap_share) {
            // A webinar or some reading logged while the session ran (and
            // within it, so it never changes whether a week is met).
            // It starts at least a minute in, so it is never the same interval.
            let within = 1 + draw.below(session.minutes / 2);
            let room = session.minutes.saturating_sub(within).max(1);
            let overlap = Planned {
                start: session.start + chrono::TimeDelta::minutes(within as i64),
                minutes: draw.between(room.min(10), room.min(45)).max(1),
                extra_seconds: 0,
                activity: if draw.chance(0.5) { 1 } else { 2 },
                title: draw.below(3) as usize,
            };
            let source = ACTIVITIES
                .get(overlap.activity)
                .map_or(Source::LearnHub, |a| a.source);
            let id = self.next_id(source);
            let row = self.row(plan, &overlap, id, Intent::Overlap, None);
            self.buffer.push_back(row);
        }
        if draw.chance(options.duplicate_share) {
            match draw.below(10) {
                0..5 => self.week_tail.push(SessionRow {
                    intent: Intent::ExactDuplicate,
                    ..row.clone()
                }),
                5..7 => {
                    // Re-exported after a correction: the same id, a later start.
                    let moved = Planned {
                        start: session.start + chrono::TimeDelta::minutes(5),
                        ..session
                    };
                    let again = self.row(
                        plan,
                        &moved,
                        row.record_id.clone(),
                        Intent::ConflictingId,
                        Some(source),
                    );
                    self.week_tail.push(again);
                }
                _ => {
                    // The other system's copy: its own id, its own offset notation.
                    let other = if source == Source::StreamCast {
                        Source::LearnHub
                    } else {
                        Source::StreamCast
                    };
                    let id = self.next_id(other);
                    let mut copy = self.row(
                        plan,
                        &session,
                        id,
                        Intent::CrossSystemDuplicate,
                        Some(other),
                    );
                    copy.source = other.name();
                    self.week_tail.push(copy);
                }
            }
        }
        if draw.chance(options.bad_record_share) {
            let kind = match draw.below(3) {
                0 => Intent::EndBeforeStart,
                1 => Intent::NaiveTimestamp,
                _ => Intent::UnknownActivity,
            };
            let id = self.next_id(source);
            let bad = self.row(plan, &session, id, kind, None);
            self.buffer.push_back(bad);
        }
        if draw.chance(options.unknown_learner_share) {
            let contractors = (options.learners as u64 / 50).max(3);
            let id = self.next_id(source);
            let mut copy = self.row(plan, &session, id, Intent::UnknownLearner, None);
            copy.learner_id = format!("c{:03}", draw.below(contractors) + 1);
            self.buffer.push_back(copy);
        }
    }

    /// Writes a planned session as a row of `intent`; `notation` overrides the
    /// source whose offset notation is used.
    fn row(
        &self,
        plan: &LearnerPlan,
        session: &Planned,
        record_id: String,
        intent: Intent,
        notation: Option<Source>,
    ) -> SessionRow {
        let options = self.dataset.options();
        let activity = ACTIVITIES.get(session.activity).unwrap_or(&ACTIVITIES[0]);
        let (title, skill_areas) = activity
            .titles
            .get(session.title % activity.titles.len().max(1))
            .copied()
            .unwrap_or(("Learning", &[]));
        let source = notation.unwrap_or(activity.source);
        let end = session.start
            + chrono::TimeDelta::minutes(session.minutes as i64)
            + chrono::TimeDelta::seconds(session.extra_seconds as i64);
        let zone = match (source, plan.home_zone) {
            (Source::StreamCast, _) => None,
            (Source::Journal, 1) => Some(chrono_tz::Europe::Paris),
            (Source::Journal, 2) => Some(chrono_tz::America::New_York),
            _ => Some(chrono_tz::Europe::London),
        };
        let (start, end, activity_name) = match intent {
            Intent::EndBeforeStart => (
                written(session.start, zone),
                written(session.start - (end - session.start), zone),
                activity.kind,
            ),
            Intent::NaiveTimestamp => (naive(session.start), naive(end), activity.kind),
            Intent::UnknownActivity => {
                (written(session.start, zone), written(end, zone), "podcast")
            }
            _ => (
                written(session.start, zone),
                written(end, zone),
                activity.kind,
            ),
        };
        let destination = if options.sessions_jsonl && source == Source::StreamCast {
            Destination::JsonLines
        } else {
            Destination::Csv
        };
        SessionRow {
            record_id,
            learner_id: plan.entry.learner_id.clone(),
            start,
            end,
            activity: activity_name,
            title,
            source: activity.source.name(),
            skill_areas,
            self_reported: activity.source == Source::Journal,
            intent,
            destination,
        }
    }
}

impl Iterator for Sessions<'_> {
    type Item = SessionRow;

    fn next(&mut self) -> Option<SessionRow> {
        loop {
            if let Some(row) = self.buffer.pop_front() {
                return Some(row);
            }
            if self.finished {
                return None;
            }
            self.step();
        }
    }
}

/// `2026-03-04T10:15:00+00:00` in `zone`, or `...Z` in UTC.
fn written(instant: DateTime<Utc>, zone: Option<Tz>) -> String {
    match zone {
        Some(zone) => instant
            .with_timezone(&zone)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        None => instant.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

/// London local time with no offset: the naive-timestamp mistake.
fn naive(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&chrono_tz::Europe::London)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// The instant of London local `date` at `minute` minutes after midnight
/// (a time in the spring-forward gap is read an hour later).
fn london(date: NaiveDate, minute: u64) -> Option<DateTime<Utc>> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(
        u32::try_from(minute.min(1439) * 60).ok()?,
        0,
    )?;
    let local = date.and_time(time);
    let zone = chrono_tz::Europe::London;
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + chrono::TimeDelta::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

fn pick_activity(draw: &mut Draw) -> (usize, usize) {
    let weights: Vec<u32> = ACTIVITIES.iter().map(|a| a.weight).collect();
    let activity = draw.weighted(&weights);
    let titles = ACTIVITIES
        .get(activity)
        .map_or(1, |a| a.titles.len().max(1));
    (activity, draw.below(titles as u64) as usize)
}

/// The sessions of the week before the period (a few learners: outside the period).
fn lead_in(dataset: &Dataset, plan: &LearnerPlan, draw: &mut Draw) -> Vec<Planned> {
    if !draw.chance(0.06) || plan.dormant {
        return Vec::new();
    }
    let monday = dataset
        .options()
        .first_week
        .start_date()
        .checked_sub_days(Days::new(7));
    let day = monday.and_then(|m| m.checked_add_days(Days::new(draw.below(5))));
    let minute = draw.between(8 * 60, 17 * 60);
    let (activity, title) = pick_activity(draw);
    day.and_then(|d| london(d, minute))
        .map(|start| {
            vec![Planned {
                start,
                minutes: draw.between(15, 60),
                extra_seconds: 0,
                activity,
                title,
            }]
        })
        .unwrap_or_default()
}

/// The sessions of one learner in period week `week`.
fn week(dataset: &Dataset, plan: &LearnerPlan, week: u32, draw: &mut Draw) -> Vec<Planned> {
    let options = dataset.options();
    let w = week as usize;
    let required = u64::from(plan.required.get(w).copied().unwrap_or(0));
    let monday = options
        .first_week
        .start_date()
        .checked_add_days(Days::new(u64::from(week) * 7));
    let mask = plan.available.get(w).copied().unwrap_or(0);
    let days: Vec<NaiveDate> = (0..5_u8)
        .filter(|d| mask & (1 << d) != 0)
        .filter_map(|d| monday?.checked_add_days(Days::new(u64::from(d))))
        .collect();
    if required == 0 || days.is_empty() || plan.dormant {
        return Vec::new();
    }
    let full =
        (u64::from(options.minutes_per_week) * u64::from(plan.entry.fte_tenths)).div_ceil(10);
    let durations: Vec<u64> = if plan.meets(week) {
        let need = full.max(required).max(10);
        match draw.below(100) {
            0..45 => vec![draw.between(need, need.max(120))],
            45..80 => {
                let half = need.div_ceil(2).max(10);
                vec![
                    draw.between(half, half.max(75)),
                    draw.between(half, half.max(75)),
                ]
            }
            _ => {
                let third = need.div_ceil(3).max(10);
                (0..3).map(|_| draw.between(third, third.max(50))).collect()
            }
        }
    } else if required > 10 && draw.chance(0.45) {
        vec![draw.between(10, required - 1)]
    } else {
        Vec::new()
    };
    // Place the sessions on days, one after another within a day.
    let mut by_day: Vec<(NaiveDate, Vec<u64>)> = Vec::new();
    for minutes in durations {
        let weekend = draw.chance(0.05);
        let day = if weekend {
            monday.and_then(|m| m.checked_add_days(Days::new(5 + draw.below(2))))
        } else {
            days.get(draw.below(days.len() as u64) as usize).copied()
        };
        let Some(day) = day else { continue };
        match by_day.iter_mut().find(|(d, _)| *d == day) {
            Some((_, list)) => list.push(minutes),
            None => by_day.push((day, vec![minutes])),
        }
    }
    let mut planned = Vec::new();
    for (day, list) in by_day {
        // Evening learning only for a single session, so a day never runs past midnight.
        let evening = list.len() == 1 && draw.chance(0.08);
        let mut minute = if evening {
            draw.between(19 * 60, 20 * 60 + 30)
        } else {
            u64::from(plan.preferred_hour) * 60 + draw.below(12) * 5
        };
        for minutes in list {
            let (activity, title) = pick_activity(draw);
            // Learning-platform e-learning ends on odd seconds.
            let extra_seconds = if activity == 0 { draw.below(60) } else { 0 };
            if let Some(start) = london(day, minute) {
                planned.push(Planned {
                    start,
                    minutes,
                    extra_seconds,
                    activity,
                    title,
                });
            }
            minute += minutes + 1 + draw.between(10, 90);
        }
    }
    planned
}
