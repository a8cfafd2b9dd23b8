//! Time-spent totals (docs/rules.md, "Time-spent totals"): the engine's
//! laws with totals among the records, and a reference model of the rule
//! for a learner-week holding both kinds (the larger account, never the sum).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use upskill_calendar::{Calendar, DayOfWeek};
use upskill_pledge::{Organisation, Pledge, PledgeVersion};
use upskill_policy::{Assessment, Assessor, AuditFate, AuditRow, Options, Period};
use upskill_quota::{Learner, Leave, Roster, Workload};
use upskill_session::{
    ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration, TimeTotal, TotalCovers,
};

/// London, 2026-W12 to 2026-W14: the clocks go forward inside the period
/// (W13 lasts 167 hours).
const FIRST: &str = "2026-W12";
const LAST: &str = "2026-W14";

fn calendar() -> Calendar {
    Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap()
}

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 16).unwrap() + Duration::days(offset)
}

/// A record of either kind.
#[derive(Debug, Clone)]
enum Item {
    /// id, learner, start minute from the period start, minutes, kind.
    Session(u32, usize, i64, u64, usize),
    /// id, learner, day offset, a week total?, minutes, kind.
    Total(u32, usize, i64, bool, u64, usize),
}

fn arb_item() -> impl Strategy<Value = Item> {
    prop_oneof![
        (
            0u32..8,
            0usize..3,
            -1440i64..(22 * 1440),
            1u64..300,
            0usize..10
        )
            .prop_map(|(id, l, s, m, k)| Item::Session(id, l, s, m, k)),
        (
            0u32..8,
            0usize..3,
            -8i64..30,
            any::<bool>(),
            0u64..(25 * 60),
            0usize..10
        )
            .prop_map(|(id, l, d, w, m, k)| Item::Total(id, l, d, w, m, k)),
    ]
}

fn learner(i: usize) -> LearnerId {
    LearnerId::new(&format!("l{i}")).unwrap()
}

/// Two learners on the roster (`l2` is unknown); reading is not creditable;
/// `daily_cap` minutes a day if given.
fn build(daily_cap: Option<u32>, as_of: DateTime<Utc>, audit: bool) -> Assessor {
    let cal = calendar();
    let mut version = PledgeVersion::default();
    version
        .counting
        .creditable
        .retain(|k| *k != ActivityKind::Reading);
    version.counting.daily_cap_minutes = daily_cap.and_then(std::num::NonZeroU32::new);
    let pledge = Pledge::new(
        Organisation::new("o", "O").unwrap(),
        cal.clone(),
        vec![version],
    )
    .unwrap();
    let roster =
        Roster::new((0..2).map(|i| Learner::new(learner(i), Workload::default()).unwrap()))
            .unwrap();
    let period = Period::new(
        cal.parse_week(FIRST).unwrap(),
        cal.parse_week(LAST).unwrap(),
    )
    .unwrap();
    let options = Options {
        audit,
        ..Options::default()
    };
    Assessor::with_options(pledge, roster, Leave::default(), period, as_of, options).unwrap()
}

fn closed() -> DateTime<Utc> {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

fn feed(a: &mut Assessor, item: &Item) {
    match item {
        Item::Session(id, l, start, minutes, kind) => {
            let start: DateTime<Utc> = "2026-03-16T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
                + Duration::minutes(*start);
            a.ingest(
                &LearningSession::new(
                    RecordId::new(&format!("s{id}")).unwrap(),
                    learner(*l),
                    start.fixed_offset(),
                    SessionDuration::from_minutes(*minutes),
                    ActivityKind::ALL[*kind],
                )
                .unwrap(),
            );
        }
        Item::Total(id, l, d, week, minutes, kind) => {
            let covers = if *week {
                TotalCovers::Week
            } else {
                TotalCovers::Day
            };
            let location = upskill_diagnostics::Location::file("totals.csv")
                .at_line(u64::from(*id) + 2 + *d as u64 % 7);
            a.ingest_total_at(
                &TimeTotal::new(
                    RecordId::new(&format!("t{id}")).unwrap(),
                    learner(*l),
                    day(*d),
                    covers,
                    SessionDuration::from_minutes(*minutes),
                    ActivityKind::ALL[*kind],
                )
                .unwrap(),
                Some(&location),
            );
        }
    }
}

fn assess(items: &[Item], daily_cap: Option<u32>, audit: bool) -> (Assessment, Vec<AuditRow>) {
    let mut a = build(daily_cap, closed(), audit);
    for item in items {
        feed(&mut a, item);
    }
    a.finish_audited()
}

fn json(a: &Assessment) -> String {
    serde_json::to_string(a).unwrap()
}

/// Credited minutes by (learner, week index).
fn credited(a: &Assessment) -> BTreeMap<(String, usize), u64> {
    let mut out = BTreeMap::new();
    for l in &a.learners {
        for (w, week) in l.weeks.iter().enumerate() {
            out.insert((l.learner_id.clone(), w), week.credited_minutes);
        }
    }
    out
}

/// A total as the reference keeps it: week index, day (offset; `None`
/// for a week total), milliseconds, not creditable.
type Entry = (usize, Option<i64>, u64, bool);

/// The reference: the week's credit is the larger of its sessions' credit
/// (the engine's, fed the sessions alone) and its totals: one per id (the
/// smallest entry), creditable kinds, in the period, a day's summed and
/// capped, the week's summed and capped at its length.
fn reference(items: &[Item], daily_cap: Option<u32>) -> BTreeMap<(String, usize), u64> {
    let sessions: Vec<Item> = items
        .iter()
        .filter(|i| matches!(i, Item::Session(..)))
        .cloned()
        .collect();
    let mut expected = credited(&assess(&sessions, daily_cap, false).0);
    let cal = calendar();
    let grid = cal
        .grid(
            cal.parse_week(FIRST).unwrap(),
            cal.parse_week(LAST).unwrap(),
        )
        .unwrap();
    // One entry per (learner, id): the smallest (week, day, ms, kind).
    let mut by_id: BTreeMap<(usize, u32), Entry> = BTreeMap::new();
    for item in items {
        let Item::Total(id, l, d, is_week, minutes, kind) = item else {
            continue;
        };
        if *l >= 2 {
            continue;
        }
        let Some(w) = grid.index_of_week(cal.week_of_date(day(*d)).unwrap()) else {
            continue;
        };
        let candidate = (
            w,
            (!is_week).then_some(day(*d).signed_duration_since(day(0)).num_days()),
            minutes * 60_000,
            ActivityKind::ALL[*kind] == ActivityKind::Reading,
        );
        let entry = by_id.entry((*l, *id)).or_insert(candidate);
        // The engine orders entries by (week, day (None first), ms, exclusion).
        if candidate < *entry {
            *entry = candidate;
        }
    }
    let mut days: BTreeMap<(usize, i64), u64> = BTreeMap::new();
    let mut weeks: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for ((l, _), (w, d, ms, excluded)) in &by_id {
        if *excluded {
            continue;
        }
        match d {
            Some(d) => *days.entry((*l, *d)).or_default() += ms,
            None => *weeks.entry((*l, *w)).or_default() += ms,
        }
    }
    for ((l, d), ms) in days {
        let capped = daily_cap.map_or(ms, |c| ms.min(u64::from(c) * 60_000));
        let w = grid
            .index_of_week(cal.week_of_date(day(0) + Duration::days(d)).unwrap())
            .unwrap();
        *weeks.entry((l, w)).or_default() += capped;
    }
    for ((l, w), ms) in weeks {
        let (start, end) = grid.interval_ms(w).unwrap();
        let totals = ms.min((end - start) as u64) / 60_000;
        let slot = expected.entry((format!("l{l}"), w)).or_default();
        *slot = (*slot).max(totals);
    }
    expected
}

#[test]
fn a_week_holding_both_kinds_is_credited_the_larger_never_the_sum() {
    // l0: W12 has 45 session minutes and a 60-minute day total: 60.
    // W13 has 90 session minutes and a 30-minute week total: 90.
    // W14 has only a 40-minute day total: 40.
    let items = [
        Item::Session(1, 0, 9 * 60, 45, 0),
        Item::Total(1, 0, 1, false, 60, 0),
        Item::Session(2, 0, 7 * 1440 + 9 * 60, 90, 0),
        Item::Total(2, 0, 8, true, 30, 0),
        Item::Total(3, 0, 15, false, 40, 0),
    ];
    let (a, rows) = assess(&items, None, true);
    let l0 = a.learners.iter().find(|l| l.learner_id == "l0").unwrap();
    let minutes: Vec<u64> = l0.weeks.iter().map(|w| w.credited_minutes).collect();
    assert_eq!(minutes, [60, 90, 40]);
    assert_eq!(a.ledger.fates.credited, 5);
    assert_eq!(a.ledger.detail.time_totals, 3);
    assert_eq!(a.ledger.detail.totals_within_sessions_minutes, 45 + 30);
    // The audit rows still add up to each week's minutes: the losing
    // account's rows give up that week.
    let sum = |week: usize| -> u64 {
        rows.iter()
            .filter(|r| r.fate == AuditFate::Credited)
            .flat_map(|r| r.weeks.iter())
            .filter(|(w, _)| *w == l0.weeks[week].week)
            .map(|(_, m)| m)
            .sum()
    };
    assert_eq!([sum(0), sum(1), sum(2)], [60, 90, 40]);
}

#[test]
fn totals_outside_the_period_and_after_as_of_have_their_fates() {
    let items = [
        Item::Total(1, 0, -3, false, 60, 0), // the week before the period
        Item::Total(2, 0, 25, true, 60, 0),  // the week after it
        Item::Total(3, 2, 1, false, 60, 0),  // not on the roster
        Item::Total(4, 0, 2, false, 60, 6),  // reading: not creditable
        Item::Total(4, 0, 2, false, 60, 6),  // the same id again
    ];
    assert_eq!(ActivityKind::ALL[6], ActivityKind::Reading);
    let (a, _) = assess(&items, None, false);
    let f = &a.ledger.fates;
    assert_eq!(
        (
            f.outside_period,
            f.unknown_learner,
            f.not_creditable,
            f.duplicate,
            f.credited
        ),
        (2, 1, 1, 1, 0)
    );
    // A day total after the as-of date is rejected (A001).
    let mut early = build(None, "2026-03-17T12:00:00Z".parse().unwrap(), false);
    feed(&mut early, &Item::Total(5, 0, 3, false, 60, 0));
    let a = early.finish();
    assert_eq!(a.ledger.fates.rejected, 1);
    assert_eq!(a.ledger.rejections[0].code, "A001");
}

#[test]
fn a_week_of_totals_never_credits_more_than_the_week_lasts() {
    // W13 (clocks forward) lasts 167 hours: seven 25-hour day totals are capped.
    let items: Vec<Item> = (0..7)
        .map(|d| Item::Total(d, 0, 7 + i64::from(d), false, 25 * 60, 0))
        .collect();
    let (a, _) = assess(&items, None, false);
    let l0 = a.learners.iter().find(|l| l.learner_id == "l0").unwrap();
    assert_eq!(l0.weeks[1].credited_minutes, 167 * 60);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn totals_follow_the_reference(items in prop::collection::vec(arb_item(), 0..14), cap in prop::option::of(30u32..200)) {
        prop_assert_eq!(credited(&assess(&items, cap, false).0), reference(&items, cap));
    }

    #[test]
    fn order_does_not_change_the_assessment_or_its_audit(items in prop::collection::vec(arb_item(), 0..14), cap in prop::option::of(30u32..200)) {
        let reversed: Vec<Item> = items.iter().rev().cloned().collect();
        let (a, rows_a) = assess(&items, cap, true);
        let (b, rows_b) = assess(&reversed, cap, true);
        prop_assert_eq!(json(&a), json(&b));
        prop_assert_eq!(rows_a, rows_b);
    }

    #[test]
    fn merging_a_partition_equals_the_whole(items in prop::collection::vec((arb_item(), 0usize..3), 0..14), cap in prop::option::of(30u32..200)) {
        let all: Vec<Item> = items.iter().map(|(i, _)| i.clone()).collect();
        let (whole, whole_rows) = assess(&all, cap, true);
        let base = build(cap, closed(), true);
        let mut parts: Vec<Assessor> = (0..3).map(|_| base.fork()).collect();
        for (item, part) in &items {
            feed(&mut parts[*part], item);
        }
        let mut it = parts.into_iter();
        let (p0, p1, p2) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
        let (merged, rows) = p2.merge(p0).unwrap().merge(p1).unwrap().finish_audited();
        prop_assert_eq!(json(&merged), json(&whole));
        prop_assert_eq!(rows, whole_rows);
    }

    #[test]
    fn every_total_has_a_fate_and_rows_add_up(items in prop::collection::vec(arb_item(), 0..20), cap in prop::option::of(30u32..200)) {
        let (a, rows) = assess(&items, cap, true);
        prop_assert_eq!(a.ledger.records_read, items.len() as u64);
        prop_assert_eq!(a.ledger.fates.total(), items.len() as u64);
        prop_assert_eq!(rows.len() as u64, a.ledger.records_read);
        for l in &a.learners {
            for week in &l.weeks {
                let sum: u64 = rows
                    .iter()
                    .filter(|r| r.learner_id.as_deref() == Some(l.learner_id.as_str()))
                    .flat_map(|r| r.weeks.iter())
                    .filter(|(w, _)| *w == week.week)
                    .map(|(_, m)| m)
                    .sum();
                prop_assert_eq!(sum, week.credited_minutes, "{} {}", l.learner_id, week.week);
            }
        }
    }

    #[test]
    fn adding_a_creditable_total_never_lowers_credit(items in prop::collection::vec(arb_item(), 0..12), d in -8i64..30, week in any::<bool>(), minutes in 0u64..600) {
        let before = credited(&assess(&items, None, false).0);
        let mut more = items.clone();
        more.push(Item::Total(1000, 0, d, week, minutes, 0));
        let after = credited(&assess(&more, None, false).0);
        for (key, b) in &before {
            prop_assert!(after[key] >= *b);
        }
    }
}
