use super::*;
use proptest::prelude::*;
use upskill_calendar::{Calendar, DayOfWeek, WeekGrid};

const MIN: i64 = 60_000;

fn london() -> Calendar {
    Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap()
}

/// 2026-W12 .. 2026-W15: the London spring-forward week is 2026-W13.
fn grid(calendar: &Calendar) -> WeekGrid {
    calendar
        .grid(
            calendar.parse_week("2026-W12").unwrap(),
            calendar.parse_week("2026-W15").unwrap(),
        )
        .unwrap()
}

fn span(id: u64, start: i64, minutes: i64) -> RecordSpan {
    RecordSpan {
        id_key: id,
        start_ms: start,
        end_ms: start + minutes * MIN,
        excluded: None,
    }
}

fn run(spans: &[RecordSpan], limits: CountingLimits) -> Normalised {
    let calendar = london();
    let grid = grid(&calendar);
    let mut spans = spans.to_vec();
    normalise(&mut spans, &vec![limits; grid.len()], &grid, &calendar)
}

fn ts(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .timestamp_millis()
}

#[test]
fn overlaps_count_once_and_duplicates_are_classified() {
    let s = ts("2026-03-17T09:00:00Z");
    let result = run(
        &[
            span(1, s, 45),
            span(2, s + 30 * MIN, 30), // overlaps: union 60 min
            span(1, s, 45),            // same id, same interval
            span(1, s + 5 * MIN, 45),  // same id, other interval: conflict
            span(3, s, 45),            // other id, same interval
        ],
        CountingLimits::default(),
    );
    assert_eq!(result.per_week_ms, vec![60 * MIN as u64, 0, 0, 0]);
    assert_eq!(
        (
            result.duplicate_ids,
            result.conflicting_ids,
            result.duplicate_content
        ),
        (1, 1, 1)
    );
    assert_eq!(result.kept, 2);
    assert_eq!(result.recorded_ms, 75 * MIN as u64);
}

#[test]
fn a_session_across_sunday_midnight_credits_both_weeks() {
    // 23:30 Sunday 22 March (GMT) to 00:30 Monday 23 March.
    let result = run(
        &[span(1, ts("2026-03-22T23:30:00Z"), 60)],
        CountingLimits::default(),
    );
    assert_eq!(
        result.per_week_ms,
        vec![30 * MIN as u64, 30 * MIN as u64, 0, 0]
    );
}

#[test]
fn week_boundary_follows_dst() {
    // London 2026-W14 starts at 2026-03-29T23:00Z (BST). 22:30Z to 23:30Z straddles it.
    let result = run(
        &[span(1, ts("2026-03-29T22:30:00Z"), 60)],
        CountingLimits::default(),
    );
    assert_eq!(
        result.per_week_ms,
        vec![0, 30 * MIN as u64, 30 * MIN as u64, 0]
    );
}

#[test]
fn caps_and_minimum_apply_per_record() {
    let s = ts("2026-03-17T09:00:00Z");
    let limits = CountingLimits {
        per_session_cap_ms: Some(90 * MIN as u64),
        daily_cap_ms: None,
        min_session_ms: Some(5 * MIN as u64),
    };
    let result = run(&[span(1, s, 180), span(2, s + 300 * MIN, 4)], limits);
    assert_eq!(result.per_week_ms[0], 90 * MIN as u64);
    assert_eq!((result.capped, result.too_short), (1, 1));
}

#[test]
fn daily_cap_uses_local_days() {
    // Two 90-minute sessions on one London day (BST from 29 March): local
    // 2026-03-31 is 2026-03-30T23:00Z .. 2026-03-31T23:00Z.
    let limits = CountingLimits {
        daily_cap_ms: Some(120 * MIN as u64),
        ..CountingLimits::default()
    };
    let result = run(
        &[
            span(1, ts("2026-03-30T23:00:00Z"), 90),
            span(2, ts("2026-03-31T21:00:00Z"), 90),
        ],
        limits,
    );
    assert_eq!(result.per_week_ms[2], 120 * MIN as u64);
    assert_eq!(result.daily_capped_ms, 60 * MIN as u64);
    // Same sessions moved one hour earlier start on two local days: no cap bites.
    let result = run(
        &[
            span(1, ts("2026-03-30T22:00:00Z"), 60),
            span(2, ts("2026-03-31T21:00:00Z"), 90),
        ],
        limits,
    );
    assert_eq!(result.per_week_ms[2], 150 * MIN as u64);
}

#[test]
fn time_outside_the_period_is_clipped() {
    let before = ts("2026-03-15T23:30:00Z"); // Sunday before 2026-W12
    let result = run(&[span(1, before, 60)], CountingLimits::default());
    assert_eq!(result.per_week_ms[0], 30 * MIN as u64);
    assert_eq!(result.clipped_to_period, 1);
}

#[test]
fn ids_and_kinds_are_checked() {
    assert!(LearnerId::new("  ").is_err());
    assert_eq!(LearnerId::new(" e1 ").unwrap().as_str(), "e1");
    assert!(RecordId::new(&"x".repeat(300)).is_err());
    assert!(RecordId::new("a\u{7}b").is_err());
    assert_eq!(
        ActivityKind::parse("E-Learning").unwrap(),
        ActivityKind::ELearning
    );
    assert_eq!(
        ActivityKind::parse("on the job").unwrap(),
        ActivityKind::OnTheJob
    );
    insta::assert_snapshot!(ActivityKind::parse("nap").unwrap_err(), @"unknown activity kind `nap`: expected one of e_learning, course, webinar, workshop, coaching, mentoring, reading, conference, on_the_job, other");
}

#[test]
fn session_constructor_enforces_invariants() {
    let start = DateTime::parse_from_rfc3339("2026-03-02T09:00:00+01:00").unwrap();
    let id = || RecordId::new("r").unwrap();
    let who = || LearnerId::new("e").unwrap();
    assert_eq!(
        LearningSession::new(
            id(),
            who(),
            start,
            SessionDuration::ZERO,
            ActivityKind::Course
        ),
        Err(SessionError::ZeroDuration)
    );
    assert!(matches!(
        LearningSession::new(
            id(),
            who(),
            start,
            SessionDuration::from_minutes(32 * 24 * 60),
            ActivityKind::Course
        ),
        Err(SessionError::TooLong(_))
    ));
    let end = DateTime::parse_from_rfc3339("2026-03-02T08:00:00+01:00").unwrap();
    insta::assert_snapshot!(
        LearningSession::from_start_end(id(), who(), start, end, ActivityKind::Course).unwrap_err(),
        @"end `2026-03-02T08:00:00+01:00` is before start `2026-03-02T09:00:00+01:00`"
    );
    assert_eq!(
        SessionDuration::from_millis(5_412_500).to_string(),
        "1h 30m 12.5s"
    );
}

#[cfg(feature = "serde")]
#[test]
fn records_round_trip_and_are_strict() {
    let json = r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00+14:00","duration_minutes":22.5,"activity":"webinar","skill_areas":["data"]}"#;
    let session: LearningSession = serde_json::from_str(json).unwrap();
    assert_eq!(session.duration(), SessionDuration::from_seconds(1350));
    let written = serde_json::to_string(&session).unwrap();
    assert_eq!(
        written,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00+14:00","end":"2026-03-02T09:52:30+14:00","activity":"webinar","skill_areas":["data"]}"#
    );
    let back: LearningSession = serde_json::from_str(&written).unwrap();
    assert_eq!(back, session);
    // The same length as an exact ISO 8601 duration.
    let iso = json.replace(r#""duration_minutes":22.5"#, r#""duration":"PT22M30S""#);
    assert_eq!(
        serde_json::from_str::<LearningSession>(&iso).unwrap(),
        session
    );
    for bad in [
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration":"P1M","activity":"webinar"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration":"PT5M","duration_minutes":5,"activity":"webinar"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration":"-PT5M","activity":"webinar"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00","duration_minutes":5,"activity":"webinar"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","activity":"webinar"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration_minutes":5,"activity":"nap"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration_minutes":5,"activity":"webinar","colour":"red"}"#,
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration_minutes":-5,"activity":"webinar"}"#,
        r#"{"record_id":"","learner_id":"e1","start":"2026-03-02T09:30:00Z","duration_minutes":5,"activity":"webinar"}"#,
    ] {
        assert!(
            serde_json::from_str::<LearningSession>(bad).is_err(),
            "{bad}"
        );
    }
}

fn arb_spans() -> impl Strategy<Value = Vec<RecordSpan>> {
    let base = ts("2026-03-15T12:00:00Z");
    // Up to 12 records, starting within ~4.5 weeks, 1 minute to 30 hours long, ids from a small pool.
    prop::collection::vec((0u64..8, 0i64..(32 * 24 * 60), 1i64..(30 * 60)), 0..12).prop_map(
        move |v| {
            v.into_iter()
                .map(|(id, at, len)| span(id, base + at * MIN, len))
                .collect()
        },
    )
}

/// Distinct ids so that splitting and repeating are about intervals, not ids.
fn with_unique_ids(spans: Vec<RecordSpan>) -> Vec<RecordSpan> {
    spans
        .into_iter()
        .enumerate()
        .map(|(i, s)| RecordSpan {
            id_key: 1000 + i as u64,
            ..s
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn order_does_not_matter(spans in arb_spans(), seed in any::<u64>()) {
        let mut shuffled = spans.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(run(&spans, CountingLimits::default()), run(&shuffled, CountingLimits::default()));
    }

    #[test]
    fn splitting_into_touching_parts_changes_nothing(spans in arb_spans(), which in any::<prop::sample::Index>(), cut in 1i64..1000) {
        let spans = with_unique_ids(spans);
        prop_assume!(!spans.is_empty());
        let i = which.index(spans.len());
        let s = spans[i];
        let length_min = (s.end_ms - s.start_ms) / MIN;
        prop_assume!(length_min >= 2);
        let at = s.start_ms + (cut % (length_min - 1) + 1) * MIN;
        let mut split = spans.clone();
        split[i] = RecordSpan { id_key: 1, start_ms: s.start_ms, end_ms: at, excluded: None };
        split.push(RecordSpan { id_key: 2, start_ms: at, end_ms: s.end_ms, excluded: None });
        prop_assert_eq!(run(&spans, CountingLimits::default()).per_week_ms, run(&split, CountingLimits::default()).per_week_ms);
    }

    #[test]
    fn repeating_a_record_changes_nothing(spans in arb_spans(), which in any::<prop::sample::Index>()) {
        prop_assume!(!spans.is_empty());
        let mut repeated = spans.clone();
        repeated.push(spans[which.index(spans.len())]);
        prop_assert_eq!(run(&spans, CountingLimits::default()).per_week_ms, run(&repeated, CountingLimits::default()).per_week_ms);
    }

    #[test]
    fn never_more_than_a_week_and_adding_never_lowers(spans in arb_spans(), extra in arb_spans(), cap in prop::option::of(1u64..600), daily in prop::option::of(1u64..1500), min in prop::option::of(1u64..30)) {
        let limits = CountingLimits {
            per_session_cap_ms: cap.map(|m| m * MIN as u64),
            daily_cap_ms: daily.map(|m| m * MIN as u64),
            min_session_ms: min.map(|m| m * MIN as u64),
        };
        let spans = with_unique_ids(spans);
        let calendar = london();
        let grid = grid(&calendar);
        let before = run(&spans, limits);
        for (i, credited) in before.per_week_ms.iter().enumerate() {
            let (start, end) = grid.interval_ms(i).unwrap();
            prop_assert!(*credited <= (end - start) as u64);
        }
        let mut more = spans.clone();
        more.extend(extra.into_iter().enumerate().map(|(i, s)| RecordSpan { id_key: 5000 + i as u64, ..s }));
        let after = run(&more, limits);
        for (b, a) in before.per_week_ms.iter().zip(&after.per_week_ms) {
            prop_assert!(a >= b);
        }
    }

    #[test]
    fn union_equals_minute_by_minute_count(spans in arb_spans()) {
        let calendar = london();
        let grid = grid(&calendar);
        let result = run(&spans, CountingLimits::default());
        // Reference: mark every minute covered by a distinct-id record (earliest interval per id).
        let mut by_id: std::collections::BTreeMap<u64, (i64, i64)> = Default::default();
        for s in &spans {
            let e = by_id.entry(s.id_key).or_insert((s.start_ms, s.end_ms));
            if (s.start_ms, s.end_ms) < *e { *e = (s.start_ms, s.end_ms); }
        }
        let mut minutes = std::collections::BTreeSet::new();
        for (start, end) in by_id.values() {
            let mut m = *start;
            while m < *end { minutes.insert(m); m += MIN; }
        }
        let mut expected = vec![0u64; grid.len()];
        for m in minutes {
            if let Some(i) = grid.index_of_ms(m) { expected[i] += MIN as u64; }
        }
        prop_assert_eq!(result.per_week_ms, expected);
    }
}

fn run_audited(spans: &[RecordSpan], limits: CountingLimits) -> (Normalised, Vec<SpanOutcome>) {
    let calendar = london();
    let grid = grid(&calendar);
    normalise_audited(spans, &vec![limits; grid.len()], &grid, &calendar)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The audited run is the plain run, record by record: same totals, and
    /// every week's credit is the sum of its records' shares.
    #[test]
    fn audited_equals_plain_and_shares_sum_to_weeks(
        spans in arb_spans(),
        excluded in prop::collection::vec(0u8..6, 12),
        cap in prop::option::of(1u64..600),
        daily in prop::option::of(1u64..1500),
        min in prop::option::of(1u64..30),
    ) {
        let spans: Vec<RecordSpan> = spans
            .into_iter()
            .zip(excluded)
            .map(|(s, e)| RecordSpan {
                excluded: match e {
                    0 => Some(Exclusion::ActivityKind),
                    1 => Some(Exclusion::SelfReported),
                    _ => None,
                },
                ..s
            })
            .collect();
        let limits = CountingLimits {
            per_session_cap_ms: cap.map(|m| m * MIN as u64),
            daily_cap_ms: daily.map(|m| m * MIN as u64),
            min_session_ms: min.map(|m| m * MIN as u64),
        };
        let plain = run(&spans, limits);
        let (audited, outcomes) = run_audited(&spans, limits);
        prop_assert_eq!(&audited, &plain);
        prop_assert_eq!(outcomes.len(), spans.len());
        let mut per_week = vec![0u64; plain.per_week_ms.len()];
        let (mut kept, mut duplicates, mut not_creditable) = (0u64, 0u64, 0u64);
        for o in &outcomes {
            match o.fate {
                Some(SpanFate::Kept) => kept += 1,
                Some(SpanFate::DuplicateId { of } | SpanFate::ConflictingId { of } | SpanFate::DuplicateContent { of }) => {
                    duplicates += 1;
                    prop_assert_eq!(outcomes[of].fate.is_some_and(|f| !matches!(f, SpanFate::DuplicateId { .. } | SpanFate::ConflictingId { .. } | SpanFate::DuplicateContent { .. })), true);
                }
                Some(SpanFate::Excluded(_) | SpanFate::TooShort) => not_creditable += 1,
                None => prop_assert!(false, "a record without a fate"),
            }
            if o.fate != Some(SpanFate::Kept) {
                prop_assert!(o.per_week_ms.is_empty());
            }
            for &(w, ms) in &o.per_week_ms {
                per_week[w] += ms;
            }
        }
        prop_assert_eq!(per_week, plain.per_week_ms.clone());
        prop_assert_eq!((kept, duplicates, not_creditable), (plain.kept, plain.duplicates(), plain.not_creditable()));
        let overlap: u64 = outcomes.iter().map(|o| o.overlap_ms).sum();
        prop_assert_eq!(overlap + plain.credited_ms() + plain.daily_capped_ms, plain.recorded_ms);
    }
}

#[test]
fn overlapping_records_share_by_earliest_start() {
    let calendar = london();
    let grid = grid(&calendar);
    let at = ts("2026-03-17T09:00:00Z");
    // r1 09:00-09:45, r2 09:30-10:30 (overlaps r1 by 15), r3 09:40-09:50 (inside both).
    let spans = [
        span(1, at, 45),
        span(2, at + 30 * MIN, 60),
        span(3, at + 40 * MIN, 10),
    ];
    let limits = vec![CountingLimits::default(); grid.len()];
    let (normalised, outcomes) = normalise_audited(&spans, &limits, &grid, &calendar);
    assert_eq!(normalised.per_week_ms[0], 90 * MIN as u64);
    let share = |i: usize| {
        (
            outcomes[i].per_week_ms.clone(),
            outcomes[i].overlap_ms / MIN as u64,
        )
    };
    assert_eq!(share(0), (vec![(0, 45 * MIN as u64)], 0));
    assert_eq!(share(1), (vec![(0, 45 * MIN as u64)], 15));
    assert_eq!(share(2), (vec![], 10));
}

#[test]
fn a_daily_cap_keeps_the_earliest_time_of_the_day() {
    let calendar = london();
    let grid = grid(&calendar);
    let at = ts("2026-03-17T09:00:00Z");
    let spans = [span(1, at, 40), span(2, at + 60 * MIN, 40)];
    let limits = vec![
        CountingLimits {
            daily_cap_ms: Some(60 * MIN as u64),
            ..CountingLimits::default()
        };
        grid.len()
    ];
    let (_, outcomes) = normalise_audited(&spans, &limits, &grid, &calendar);
    assert_eq!(outcomes[0].per_week_ms, vec![(0, 40 * MIN as u64)]);
    assert_eq!(outcomes[1].per_week_ms, vec![(0, 20 * MIN as u64)]);
    assert_eq!(outcomes[1].daily_capped_ms, 20 * MIN as u64);
}
