//! Engine throughput and peak memory on a generated organisation.
//!
//! `cargo bench -p upskill-policy --bench engine` runs 10,000 learners x 52
//! weeks (about 1.3 million records) on one core and prints records per
//! second for ingest and for the whole assessment, and the peak resident
//! memory the assessment added. `-- --learners N --weeks W` changes the size;
//! `-- --threads T` lets `finish` judge learners on T threads (default 1).
//! A second ingest of the same records through `Assessor::ingest_with`
//! (borrowed facts, as the CSV reader's fast lane gives them) is timed too.
//! A bench binary rather than criterion: one large run is the figure wanted,
//! and peak memory is read from `/proc/self/status`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test and bench code: a panic is a failed run, not a crash a user sees"
)]

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use upskill_calendar::{Calendar, DayOfWeek};
use upskill_diagnostics::Location;
use upskill_pledge::{Organisation, Pledge, PledgeVersion, ProRata, Proportion};
use upskill_policy::{Assessor, Period};
use upskill_quota::{Learner, Leave, Roster, Workload};
use upskill_session::{
    ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration, SessionRef,
};

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn peak_rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let learners = arg("--learners", 10_000);
    let threads = usize::try_from(arg("--threads", 1)).unwrap();
    let weeks = arg("--weeks", 52);
    let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap();
    let mut version = PledgeVersion::default();
    version.requirement.pro_rata = ProRata::Fte;
    let pledge = Pledge::new(
        Organisation::new("bench", "Bench Ltd").unwrap(),
        calendar.clone(),
        vec![version],
    )
    .unwrap();
    let first = calendar.parse_week("2026-W01").unwrap();
    let mut last = first;
    for _ in 1..weeks {
        last = last.next().unwrap();
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let roster = Roster::new((0..learners).map(|i| {
        let fte = if rng.below(5) == 0 { "0.6" } else { "1" };
        Learner::new(
            LearnerId::new(&format!("e{i:06}")).unwrap(),
            Workload::Fte(Proportion::parse(fte).unwrap()),
        )
        .unwrap()
        .with_team(format!("team-{}", i % 40))
    }))
    .unwrap();
    let start: DateTime<Utc> = "2025-12-29T00:00:00Z".parse().unwrap();
    let offset = chrono::FixedOffset::east_opt(0).unwrap();
    let mut sessions = Vec::new();
    for l in 0..learners {
        let id = LearnerId::new(&format!("e{l:06}")).unwrap();
        // Engagement like the DMA pilot: a third most weeks, some weeks, rarely.
        let sessions_per_week = [3u64, 2, 1][(l % 3) as usize];
        for w in 0..weeks {
            for k in 0..rng.below(sessions_per_week + 1) {
                let at = start
                    + Duration::days((w * 7 + rng.below(5)) as i64)
                    + Duration::minutes((8 * 60 + rng.below(9 * 60)) as i64);
                let session = LearningSession::new(
                    RecordId::new(&format!("{l}-{w}-{k}")).unwrap(),
                    id.clone(),
                    at.with_timezone(&offset),
                    SessionDuration::from_minutes(10 + rng.below(80)),
                    ActivityKind::ALL[rng.below(10) as usize],
                )
                .unwrap();
                sessions.push(session);
            }
        }
    }
    let records = sessions.len() as u64;
    let baseline_kib = peak_rss_kib("VmRSS:");
    let as_of: DateTime<Utc> = "2027-06-01T00:00:00Z".parse().unwrap();
    let period = Period::new(first, last).unwrap();

    let borrowed: Vec<SessionRef<'_>> = sessions.iter().map(LearningSession::borrowed).collect();
    let mut by_ref = Assessor::new(
        pledge.clone(),
        roster.clone(),
        Leave::default(),
        period,
        as_of,
    )
    .unwrap();
    let started = Instant::now();
    for s in &borrowed {
        by_ref.ingest_with(s, Location::default);
    }
    let ingested_by_ref = started.elapsed();
    drop(by_ref);

    let started = Instant::now();
    let mut assessor = Assessor::new(pledge, roster, Leave::default(), period, as_of).unwrap();
    assessor.set_finish_threads(threads);
    for s in &sessions {
        assessor.ingest(s);
    }
    let ingested = started.elapsed();
    let assessment = assessor.finish();
    let total = started.elapsed();
    let peak_kib = peak_rss_kib("VmHWM:");
    assert_eq!(assessment.ledger.records_read, records);
    println!(
        "engine: {learners} learners x {weeks} weeks, {records} records, ingest on one core, finish on {threads}"
    );
    println!(
        "  ingest            {:>8.3} s  {:>12.0} records/s",
        ingested.as_secs_f64(),
        records as f64 / ingested.as_secs_f64()
    );
    println!(
        "  ingest (borrowed) {:>8.3} s  {:>12.0} records/s",
        ingested_by_ref.as_secs_f64(),
        records as f64 / ingested_by_ref.as_secs_f64()
    );
    println!(
        "  ingest + finish   {:>8.3} s  {:>12.0} records/s",
        total.as_secs_f64(),
        records as f64 / total.as_secs_f64()
    );
    println!(
        "  peak memory added {:>8.1} MiB (VmHWM {} KiB - VmRSS before {} KiB)",
        (peak_kib.saturating_sub(baseline_kib)) as f64 / 1024.0,
        peak_kib,
        baseline_kib
    );
    println!(
        "  verdict {} | learner-week rate {:?} | credited {} | duplicates {}",
        assessment.verdict,
        assessment.metrics.learner_week_rate,
        assessment.ledger.fates.credited,
        assessment.ledger.fates.duplicate
    );
}
