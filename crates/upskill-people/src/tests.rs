use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use proptest::prelude::*;
use upskill_calendar::{DayOfWeek, Week};

use super::*;
use crate::representation::{suppress_level, tally_is_safe};

fn level(name: &str) -> Level {
    Level::new(name).unwrap()
}

fn group(name: &str) -> Group {
    Group::new(name).unwrap()
}

fn metric(name: &str) -> MetricName {
    MetricName::new(name).unwrap()
}

fn frac(n: u64, d: u64) -> Fraction {
    Fraction::new(n, d).unwrap()
}

fn week(label: &str) -> Week {
    Week::parse(label, DayOfWeek::Monday).unwrap()
}

fn quarter() -> Period {
    Period::new(week("2026-W01"), week("2026-W13")).unwrap()
}

fn counts(cells: &[(&str, &str, u64)]) -> RepresentationCounts {
    RepresentationCounts::from_cells(cells.iter().map(|(l, g, c)| (level(l), group(g), *c)))
        .unwrap()
}

fn one_level(cells: &[(&str, u64)]) -> LevelCounts {
    let all: Vec<(&str, &str, u64)> = cells.iter().map(|(g, c)| ("board", *g, *c)).collect();
    counts(&all).levels()[0].clone()
}

fn rate(met: u64, eligible: u64) -> Measurement {
    Measurement::new(
        metric("learner_week_rate"),
        frac(met, eligible).into(),
        Threshold::at_least(frac(4, 5)),
    )
    .with_count(metric("met_learner_weeks"), met)
    .unwrap()
    .with_count(metric("eligible_learner_weeks"), eligible)
    .unwrap()
}

fn policy() -> Attestation {
    Attestation::new(
        DocumentRef::new("HR-POL-012 v3").unwrap(),
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        Statement::new("Every employee has a weekly learning hour in their calendar").unwrap(),
    )
    .attested_by(Attester::new("Head of People").unwrap())
}

// ---------------------------------------------------------------- text

#[test]
fn text_is_checked() {
    assert_eq!(Level::new("all staff").unwrap().as_str(), "all staff");
    assert_eq!("board".parse::<Level>().unwrap(), level("board"));
    // Names follow the one id-text rule: trimmed, not empty, at most 256
    // bytes, no control characters (upskill_session::check_id_text).
    insta::assert_snapshot!(Level::new("").unwrap_err(), @"level is empty");
    insta::assert_snapshot!(Level::new(" \t ").unwrap_err(), @"level is empty");
    assert_eq!(
        DocumentRef::new(" HR-POL-012\n").unwrap().as_str(),
        "HR-POL-012"
    );
    assert_eq!(OrganisationId::new("acme\n").unwrap().as_str(), "acme");
    insta::assert_snapshot!(Group::new("a\u{7}b").unwrap_err(), @r"group `a\u{7}b` contains a control character");
    insta::assert_snapshot!(MetricName::new("a\nb").unwrap_err(), @r"metric name `a\nb` contains a control character");
    insta::assert_snapshot!(Attester::new("x".repeat(257)).unwrap_err(), @"attester is longer than 256 bytes");
    assert_eq!(Attester::new("x".repeat(256)).unwrap().as_str().len(), 256);
    // The same rule as the session crate's ids, to the byte.
    for text in ["", " ", " a ", "a\u{7}", "\u{feff}x", &"é".repeat(129)] {
        assert_eq!(
            Level::new(text).map(String::from).ok(),
            upskill_session::LearnerId::new(text).map(String::from).ok(),
            "{text:?}"
        );
    }
}

#[test]
fn statements_may_span_lines_but_not_be_blank() {
    assert!(Statement::new("Line one.\n\tLine two.").is_ok());
    insta::assert_snapshot!(Statement::new("   ").unwrap_err(), @"statement `   ` has leading or trailing whitespace");
    insta::assert_snapshot!(Statement::new("").unwrap_err(), @"statement must not be empty");
    insta::assert_snapshot!(Statement::new("a\rb").unwrap_err(), @r"statement `a\rb` contains a control character");
}

// ---------------------------------------------------------------- commitments

#[test]
fn commitments_name_their_evidence() {
    assert_eq!(
        Commitment::ALL.map(Commitment::id),
        ["micro_upskilling", "diverse_inclusive_teams"]
    );
    for c in Commitment::ALL {
        assert_eq!(Commitment::parse(c.id()).unwrap(), c);
        assert_eq!(c.accepted_evidence().first(), Some(&c.primary_evidence()));
        assert!(c.accepts(EvidenceKind::Attested));
    }
    assert!(!Commitment::MicroUpskilling.accepts(EvidenceKind::Representation));
    assert!(!Commitment::DiverseInclusiveTeams.accepts(EvidenceKind::Measured));
    insta::assert_snapshot!(Commitment::parse("dei").unwrap_err(), @"unknown commitment `dei`: expected `micro_upskilling` or `diverse_inclusive_teams`");
}

#[test]
fn quotations_are_the_dmas_words_with_sources() {
    // The FAQ halves are exact parts of the whole suggestion.
    let faq = quotes::FAQ_SUGGESTION.text();
    assert!(faq.starts_with(quotes::RECORDING_CPD_HOURS.text()));
    assert!(faq.ends_with(quotes::ASSESSING_REPRESENTATION.text()));
    for q in quotes::ALL {
        assert!(!q.source().is_empty());
        assert_eq!(q.text().trim(), q.text());
    }
    insta::assert_snapshot!(quotes::ONE_HOUR_A_WEEK, @"“as little as one hour a week per employee to structured e-learning and professional development” (Rachel Aldighieri, managing director of the DMA, \"Why ‘micro-upskilling’ is essential for productivity\", Personnel Today, 18 July 2022)");
    assert_eq!(
        Commitment::DiverseInclusiveTeams.suggested_evidence(),
        quotes::ASSESSING_REPRESENTATION
    );
}

// ---------------------------------------------------------------- measurements

#[test]
fn values_compare_exactly() {
    use std::cmp::Ordering::*;
    assert_eq!(Value::from(frac(1, 2)).cmp_exact(frac(2, 4).into()), Equal);
    assert_eq!(Value::from(frac(4, 2)).cmp_exact(Value::Count(2)), Equal);
    // 0.8 as a float is not four fifths; here it is.
    assert!(Threshold::at_least(frac(4, 5)).passes(frac(8, 10).into()));
    assert!(!Threshold::at_least(frac(4, 5)).passes(frac(799_999, 1_000_000).into()));
    assert!(Threshold::at_most(Value::Count(3)).passes(Value::Count(3)));
    assert!(!Threshold::at_most(Value::Count(3)).passes(frac(7, 2).into()));
    // The largest values do not overflow.
    assert_eq!(
        Value::from(frac(u64::MAX, 1)).cmp_exact(frac(u64::MAX - 1, u64::MAX).into()),
        Greater
    );
    assert_eq!(
        Value::Count(u64::MAX).cmp_exact(frac(u64::MAX, u64::MAX).into()),
        Greater
    );
    insta::assert_snapshot!(Fraction::new(3, 0).unwrap_err(), @"fraction `3/0` has a zero denominator");
    assert_eq!(Threshold::at_least(frac(4, 5)).to_string(), "at least 4/5");
}

#[test]
fn a_measurement_computes_whether_it_passed() {
    assert!(rate(97, 120).passed());
    assert!(rate(96, 120).passed());
    assert!(!rate(95, 120).passed());
    assert_eq!(
        rate(97, 120).counts().get("eligible_learner_weeks"),
        Some(&120)
    );
    let err = rate(1, 2)
        .with_count(metric("met_learner_weeks"), 1)
        .unwrap_err();
    insta::assert_snapshot!(err, @"measurement `learner_week_rate` already has a count `met_learner_weeks`");
}

// ---------------------------------------------------------------- representation

#[test]
fn threshold_is_at_least_one_and_defaults_to_five() {
    assert_eq!(
        SuppressionThreshold::default().get(),
        DEFAULT_SUPPRESSION_THRESHOLD
    );
    assert_eq!(DEFAULT_SUPPRESSION_THRESHOLD, 5);
    insta::assert_snapshot!(SuppressionThreshold::new(0).unwrap_err(), @"a suppression threshold must be at least 1, not 0");
}

#[test]
fn counts_are_checked() {
    let dup = RepresentationCounts::from_cells([
        (level("board"), group("a"), 1),
        (level("board"), group("a"), 2),
    ]);
    insta::assert_snapshot!(dup.unwrap_err(), @"group `a` is given twice at level `board`");
    insta::assert_snapshot!(RepresentationCounts::from_cells([]).unwrap_err(), @"representation counts and reports need at least one level");
    let huge = RepresentationCounts::from_cells([
        (level("all"), group("a"), u64::MAX),
        (level("all"), group("b"), 1),
    ]);
    insta::assert_snapshot!(huge.unwrap_err(), @"the counts at level `all` add up to more than 18446744073709551615");
    // Levels keep their first-seen order; groups are sorted.
    let c = counts(&[("senior", "b", 5), ("board", "a", 1), ("senior", "a", 7)]);
    let names: Vec<&str> = c.levels().iter().map(|l| l.level().as_str()).collect();
    assert_eq!(names, ["senior", "board"]);
    assert_eq!(
        c.levels()[0]
            .counts()
            .keys()
            .map(Group::as_str)
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(c.levels()[0].total(), 12);
}

fn report_of(cells: &[(&str, u64)], t: u64) -> LevelReport {
    suppress_level(&one_level(cells), SuppressionThreshold::new(t).unwrap())
}

#[test]
fn a_level_with_nothing_small_shows_everything() {
    let r = report_of(&[("a", 5), ("b", 12)], 5);
    assert_eq!(r.shown().len(), 2);
    assert_eq!(r.suppressed_groups(), 0);
    assert_eq!(r.suppressed_people(), None);
    assert_eq!(r.total(), Some(17));
}

#[test]
fn one_small_group_takes_the_next_smallest_with_it() {
    let r = report_of(&[("a", 2), ("b", 9), ("c", 6), ("d", 30)], 5);
    assert_eq!(
        r.shown().keys().map(Group::as_str).collect::<Vec<_>>(),
        ["b", "d"]
    );
    assert_eq!(r.suppressed_groups(), 2);
    assert_eq!(r.suppressed_people(), Some(8));
    assert_eq!(r.total(), Some(47));
    // Ties for next-smallest go to the last name, as in the engine's team
    // table (one small-cell rule: `suppressed_cells`).
    let r = report_of(&[("a", 1), ("c", 6), ("b", 6)], 5);
    assert_eq!(
        r.shown().keys().map(Group::as_str).collect::<Vec<_>>(),
        ["b"]
    );
}

#[test]
fn a_lone_small_group_hides_the_levels_total() {
    // Nothing to pair it with: the total would be the hidden count.
    let r = report_of(&[("a", 3)], 5);
    assert_eq!(
        (r.suppressed_groups(), r.suppressed_people(), r.total()),
        (1, None, None)
    );
    assert!(r.shown().is_empty());
}

#[test]
fn a_tally_that_gives_the_hidden_counts_away_is_not_shown() {
    // Three groups of 4 with threshold 5: each must be under 5, and 12 = 4 + 4 + 4.
    let r = report_of(&[("a", 4), ("b", 4), ("c", 4), ("d", 40)], 5);
    assert_eq!(
        (r.suppressed_groups(), r.suppressed_people(), r.total()),
        (3, None, None)
    );
    assert_eq!(r.shown().get("d"), Some(&40));
    // Two empty groups: a tally of 0 would say so.
    let r = report_of(&[("a", 0), ("b", 0), ("c", 40)], 5);
    assert_eq!(
        (r.suppressed_groups(), r.suppressed_people(), r.total()),
        (2, None, None)
    );
    // Two groups of 3: the tally 6 could be 2 + 4, 3 + 3, ... so it is shown.
    let r = report_of(&[("a", 3), ("b", 3), ("c", 40)], 5);
    assert_eq!((r.suppressed_people(), r.total()), (Some(6), Some(46)));
}

#[test]
fn zero_counts_are_suppressed_like_any_small_count() {
    let r = report_of(&[("a", 0), ("b", 20), ("c", 30)], 5);
    assert_eq!(
        r.shown().keys().map(Group::as_str).collect::<Vec<_>>(),
        ["c"]
    );
    assert_eq!(r.suppressed_groups(), 2);
    assert_eq!(r.total(), Some(50));
}

#[test]
fn tally_safety_edge_cases() {
    // Fewer than two hidden groups: never.
    assert!(!tally_is_safe(0, 0, 5, None));
    assert!(!tally_is_safe(1, 3, 5, None));
    // All zero, or all at the largest small value: pinned.
    assert!(!tally_is_safe(4, 0, 5, Some(9)));
    assert!(!tally_is_safe(4, 16, 5, Some(9)));
    assert!(tally_is_safe(4, 15, 5, Some(9)));
    // Two groups holding 9 beside a smallest shown count of 6: one is under 5
    // and the other at least 5 and under 6, so they are 4 and 5, but either
    // way round: each keeps two possible values.
    assert!(tally_is_safe(2, 9, 5, Some(6)));
    // ... whereas 10 beside a 6 needs the complementary group to tie with the
    // 6 (4 + 6): the check does not count on ties, so it hides the tally.
    assert!(!tally_is_safe(2, 10, 5, Some(6)));
    // Huge numbers do not overflow.
    assert!(tally_is_safe(2, u64::MAX, u64::MAX, None));
    assert!(tally_is_safe(
        usize::MAX,
        u64::MAX,
        u64::MAX,
        Some(u64::MAX)
    ));
}

#[test]
fn threshold_one_hides_only_empty_groups() {
    let r = report_of(&[("a", 0), ("b", 1), ("c", 2)], 1);
    // `a` is empty; `b` is the complementary group.
    assert_eq!(
        r.shown().keys().map(Group::as_str).collect::<Vec<_>>(),
        ["c"]
    );
    assert_eq!(r.suppressed_groups(), 2);
}

/// Everything a reader can learn about a level's hidden counts from its
/// report: for each hidden group, every value (up to `cap`) that, with the
/// others, gives exactly the same report.
fn consistent_values(
    original: &LevelCounts,
    t: SuppressionThreshold,
    cap: u64,
) -> BTreeMap<Group, BTreeSet<u64>> {
    let report = suppress_level(original, t);
    let hidden: Vec<Group> = original
        .counts()
        .keys()
        .filter(|g| !report.shown().contains_key(*g))
        .cloned()
        .collect();
    let mut values: BTreeMap<Group, BTreeSet<u64>> = hidden
        .iter()
        .map(|g| (g.clone(), BTreeSet::new()))
        .collect();
    let mut assignment = vec![0u64; hidden.len()];
    loop {
        let mut cells = report.shown().clone();
        cells.extend(hidden.iter().cloned().zip(assignment.iter().copied()));
        let candidate = LevelCounts::new(original.level().clone(), cells).unwrap();
        if suppress_level(&candidate, t) == report {
            for (g, v) in hidden.iter().zip(&assignment) {
                values.get_mut(g).unwrap().insert(*v);
            }
        }
        // Next assignment, odometer style.
        let mut i = 0;
        loop {
            if i == assignment.len() {
                return values;
            }
            if assignment[i] < cap {
                assignment[i] += 1;
                break;
            }
            assignment[i] = 0;
            i += 1;
        }
    }
}

fn level_cells() -> impl Strategy<Value = Vec<(String, u64)>> {
    prop::collection::btree_map("[a-e]", 0u64..=10, 1..=4).prop_map(|m| m.into_iter().collect())
}

fn representation() -> impl Strategy<Value = RepresentationCounts> {
    prop::collection::vec(
        ("(board|senior|middle|all staff)", "[a-e]", 0u64..=40),
        1..=16,
    )
    .prop_map(|cells| {
        let mut seen = BTreeSet::new();
        let cells = cells
            .into_iter()
            .filter(|(l, g, _)| seen.insert((l.clone(), g.clone())));
        RepresentationCounts::from_cells(cells.map(|(l, g, c)| (level(&l), group(&g), c))).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// No suppressed count can be recovered from a report: from what the
    /// report shows (counts, tally, total, and whether the tally is shown),
    /// knowing the rules and every group's name, each hidden group with
    /// people in it has at least two possible counts. (An empty hidden group
    /// can be known to be empty; see the module documentation.)
    #[test]
    fn no_hidden_count_can_be_recovered(cells in level_cells(), t in 1u64..=6) {
        let original = one_level(&cells.iter().map(|(g, c)| (g.as_str(), *c)).collect::<Vec<_>>());
        let t = SuppressionThreshold::new(t).unwrap();
        let cap = cells.iter().map(|(_, c)| *c).max().unwrap_or(0).max(t.get()) + 2;
        for (g, values) in consistent_values(&original, t, cap) {
            let actual = original.counts()[&g];
            prop_assert!(values.contains(&actual));
            if actual > 0 {
                prop_assert!(values.len() >= 2, "group `{g}` ({actual}) is pinned by {:?}", suppress_level(&original, t));
            }
        }
    }

    /// A report never shows a group under the threshold, shows true counts and
    /// totals when it shows them, and never shows the total of a level that
    /// hides exactly one group.
    #[test]
    fn reports_show_only_safe_true_numbers(counts in representation(), t in 1u64..=8) {
        let t = SuppressionThreshold::new(t).unwrap();
        let report = counts.suppress(t);
        prop_assert_eq!(report.levels().len(), counts.levels().len());
        for (raw, shown) in counts.levels().iter().zip(report.levels()) {
            prop_assert_eq!(raw.level(), shown.level());
            for (g, c) in shown.shown() {
                prop_assert!(*c >= t.get());
                prop_assert_eq!(raw.counts().get(g), Some(c));
            }
            prop_assert_eq!(shown.shown().len() + shown.suppressed_groups(), raw.counts().len());
            // No group under the threshold escapes suppression.
            let small = raw.counts().values().filter(|c| **c < t.get()).count();
            prop_assert!(shown.suppressed_groups() >= small);
            prop_assert!(shown.suppressed_groups() != 1 || raw.counts().len() == 1);
            if let Some(total) = shown.total() {
                prop_assert_eq!(total, raw.total());
                prop_assert!(shown.suppressed_groups() != 1);
            }
            if let Some(tally) = shown.suppressed_people() {
                prop_assert_eq!(tally + shown.shown().values().sum::<u64>(), raw.total());
                prop_assert!(shown.total().is_some());
            }
        }
    }

    /// The status rule, checked against its definition in words.
    #[test]
    fn status_follows_the_rule(passes in prop::collection::vec(any::<bool>(), 0..4), attested in any::<bool>()) {
        let mut b = Scorecard::builder(OrganisationId::new("acme").unwrap(), quarter());
        for pass in &passes {
            b.add_measured(if *pass { rate(97, 120) } else { rate(90, 120) });
        }
        if attested {
            b.add(Commitment::MicroUpskilling, policy()).unwrap();
        }
        let expected = if passes.is_empty() && !attested {
            Status::NoEvidence
        } else if passes.contains(&false) {
            Status::Shortfall
        } else if !passes.is_empty() {
            Status::Evidenced
        } else {
            Status::PartlyEvidenced
        };
        prop_assert_eq!(b.build().status(Commitment::MicroUpskilling), expected);
    }
}

// ---------------------------------------------------------------- scorecard

#[test]
fn periods_are_checked() {
    assert_eq!(quarter().weeks(), 13);
    insta::assert_snapshot!(Period::new(week("2026-W13"), week("2026-W01")).unwrap_err(), @"period runs from `2026-W13` to `2026-W01`: the last week is before the first");
    let sunday = Week::parse("2026-W06-sun", DayOfWeek::Sunday).unwrap();
    insta::assert_snapshot!(Period::new(week("2026-W01"), sunday).unwrap_err(), @"period runs from `2026-W01` to `2026-W06-sun`: the weeks start on different days");
}

#[test]
fn the_builder_refuses_evidence_a_commitment_does_not_take() {
    let mut b = Scorecard::builder(OrganisationId::new("acme").unwrap(), quarter());
    let err = b
        .add(Commitment::DiverseInclusiveTeams, rate(97, 120))
        .unwrap_err();
    insta::assert_snapshot!(err, @"commitment `diverse_inclusive_teams` does not take `measured` evidence: it takes `representation` or `attested`");
    let report = counts(&[("board", "a", 9)]).suppress(SuppressionThreshold::DEFAULT);
    let err = b.add(Commitment::MicroUpskilling, report).unwrap_err();
    insta::assert_snapshot!(err, @"commitment `micro_upskilling` does not take `representation` evidence: it takes `measured` or `attested`");
    // Nothing was added.
    assert!(b.build().entries().all(|e| e.evidence().is_empty()));
}

#[test]
fn statuses_and_modes() {
    let mut b = Scorecard::builder(OrganisationId::new("acme").unwrap(), quarter());
    b.add_measured(rate(90, 120))
        .add(Commitment::DiverseInclusiveTeams, policy())
        .unwrap();
    let card = b.build();
    assert_eq!(card.mode(), Mode::Advisory);
    assert_eq!(card.status(Commitment::MicroUpskilling), Status::Shortfall);
    assert_eq!(
        card.status(Commitment::DiverseInclusiveTeams),
        Status::PartlyEvidenced
    );
    // Advisory: a shortfall is reported, not a failure.
    assert!(!card.fails());
    assert!(b.mode(Mode::Enforcing).build().fails());
    // Representation evidence makes the team commitment evidenced.
    b.add_representation(
        counts(&[("board", "a", 2), ("board", "b", 7)]).suppress(SuppressionThreshold::DEFAULT),
    );
    assert_eq!(
        b.build().status(Commitment::DiverseInclusiveTeams),
        Status::Evidenced
    );
}

/// The written forms (serde and JSON Schema).
#[cfg(feature = "serde")]
mod written {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever `suppress` makes, its written form reads back unchanged (the
        /// reader re-checks every rule it can without the raw counts).
        #[test]
        fn every_report_round_trips(counts in representation(), t in 1u64..=8) {
            let report = counts.suppress(SuppressionThreshold::new(t).unwrap());
            let json = serde_json::to_string(&report).unwrap();
            let back: RepresentationReport = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, report);
            let json = serde_json::to_string(&counts).unwrap();
            let back: RepresentationCounts = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, counts);
        }
    }

    fn sample_card() -> Scorecard {
        let counts = counts(&[
            ("board", "group a", 3),
            ("board", "group b", 6),
            ("board", "group c", 8),
            ("all staff", "group a", 41),
            ("all staff", "group b", 57),
            ("all staff", "group c", 4),
        ]);
        let participation = Measurement::new(
            metric("participation"),
            frac(38, 40).into(),
            Threshold::at_least(frac(3, 4)),
        );
        let mut b = Scorecard::builder(OrganisationId::new("acme").unwrap(), quarter());
        b.mode(Mode::Advisory)
            .add_measured(rate(97, 120))
            .add_measured(participation)
            .add_representation(counts.suppress(SuppressionThreshold::DEFAULT))
            .add(Commitment::MicroUpskilling, policy())
            .unwrap();
        b.build()
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<u64>().prop_map(Value::Count),
            (any::<u64>(), 1..=u64::MAX).prop_map(|(n, d)| frac(n, d).into()),
        ]
    }

    fn measurement() -> impl Strategy<Value = Measurement> {
        let counts = prop::collection::btree_map("[a-z_]{1,12}", any::<u64>(), 0..3);
        ("[a-z_]{1,12}", value(), value(), any::<bool>(), counts).prop_map(
            |(name, v, t, at_least, counts)| {
                let threshold = if at_least {
                    Threshold::at_least(t)
                } else {
                    Threshold::at_most(t)
                };
                counts.into_iter().fold(
                    Measurement::new(metric(&name), v, threshold),
                    |m, (n, c)| m.with_count(metric(&n), c).unwrap(),
                )
            },
        )
    }

    fn attestation() -> impl Strategy<Value = Attestation> {
        let text = "[A-Za-z0-9]([A-Za-z0-9 ./:-]{0,20}[A-Za-z0-9])?";
        (
            text,
            0u64..20_000,
            proptest::option::of(text),
            // Any text, tabs and line feeds included, that makes a statement.
            "([^\\p{Cc}]|\t|\n){1,30}"
                .prop_filter_map("not a statement", |s| Statement::new(s).ok()),
        )
            .prop_map(|(doc, day, who, statement)| {
                let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(day);
                let a = Attestation::new(DocumentRef::new(doc).unwrap(), date, statement);
                match who {
                    Some(who) => a.attested_by(Attester::new(who).unwrap()),
                    None => a,
                }
            })
    }

    fn scorecard() -> impl Strategy<Value = Scorecard> {
        let hour = prop::collection::vec(
            prop_oneof![
                measurement().prop_map(Evidence::from),
                attestation().prop_map(Evidence::from)
            ],
            0..4,
        );
        let teams = prop::collection::vec(
            prop_oneof![
                (representation(), 1u64..=8).prop_map(|(c, t)| Evidence::from(
                    c.suppress(SuppressionThreshold::new(t).unwrap())
                )),
                attestation().prop_map(Evidence::from),
            ],
            0..3,
        );
        (hour, teams, any::<bool>()).prop_map(|(hour, teams, enforcing)| {
            let mut b = Scorecard::builder(OrganisationId::new("acme").unwrap(), quarter());
            b.mode(if enforcing {
                Mode::Enforcing
            } else {
                Mode::Advisory
            });
            for e in hour {
                b.add(Commitment::MicroUpskilling, e).unwrap();
            }
            for e in teams {
                b.add(Commitment::DiverseInclusiveTeams, e).unwrap();
            }
            b.build()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any scorecard the builder makes reads back unchanged, statuses and all.
        #[test]
        fn every_scorecard_round_trips(card in scorecard()) {
            let json = serde_json::to_string_pretty(&card).unwrap();
            let back: Scorecard = serde_json::from_str(&json).unwrap();
            for entry in back.entries() {
                prop_assert_eq!(entry.status(), Status::of(entry.commitment(), entry.evidence()));
            }
            prop_assert_eq!(back, card);
        }
    }

    #[test]
    fn scorecard_json() {
        insta::assert_json_snapshot!(sample_card(), @r#"
    {
      "organisation": "acme",
      "period": {
        "first": "2026-W01",
        "last": "2026-W13"
      },
      "mode": "advisory",
      "commitments": [
        {
          "commitment": "micro_upskilling",
          "status": "evidenced",
          "evidence": [
            {
              "kind": "measured",
              "metric": "learner_week_rate",
              "value": {
                "kind": "fraction",
                "numerator": 97,
                "denominator": 120
              },
              "threshold": {
                "comparison": "at_least",
                "value": {
                  "kind": "fraction",
                  "numerator": 4,
                  "denominator": 5
                }
              },
              "passed": true,
              "counts": {
                "eligible_learner_weeks": 120,
                "met_learner_weeks": 97
              }
            },
            {
              "kind": "measured",
              "metric": "participation",
              "value": {
                "kind": "fraction",
                "numerator": 38,
                "denominator": 40
              },
              "threshold": {
                "comparison": "at_least",
                "value": {
                  "kind": "fraction",
                  "numerator": 3,
                  "denominator": 4
                }
              },
              "passed": true
            },
            {
              "kind": "attested",
              "document": "HR-POL-012 v3",
              "date": "2026-01-15",
              "attested_by": "Head of People",
              "statement": "Every employee has a weekly learning hour in their calendar"
            }
          ]
        },
        {
          "commitment": "diverse_inclusive_teams",
          "status": "evidenced",
          "evidence": [
            {
              "kind": "representation",
              "threshold": 5,
              "levels": [
                {
                  "level": "board",
                  "shown": {
                    "group c": 8
                  },
                  "suppressed_groups": 2,
                  "suppressed_people": 9,
                  "total": 17
                },
                {
                  "level": "all staff",
                  "shown": {
                    "group b": 57
                  },
                  "suppressed_groups": 2,
                  "suppressed_people": 45,
                  "total": 102
                }
              ]
            }
          ]
        }
      ]
    }
    "#);
    }

    #[test]
    fn every_type_round_trips_through_json() {
        fn round_trip<
            T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        >(
            value: &T,
        ) {
            let json = serde_json::to_string(value).unwrap();
            let back: T = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, value, "{json}");
        }
        let card = sample_card();
        round_trip(&card);
        round_trip(
            &Scorecard::builder(OrganisationId::new("x").unwrap(), quarter())
                .mode(Mode::Enforcing)
                .build(),
        );
        round_trip(&quarter());
        round_trip(&policy());
        round_trip(&rate(1, 3));
        round_trip(&Value::Count(7));
        round_trip(&frac(2, 4));
        round_trip(&Threshold::at_most(frac(1, 10)));
        round_trip(&SuppressionThreshold::new(10).unwrap());
        round_trip(&Commitment::DiverseInclusiveTeams);
        round_trip(&EvidenceKind::Representation);
        round_trip(&Status::PartlyEvidenced);
        round_trip(&Evidence::from(policy()));
        round_trip(&level("all staff"));
        for entry in card.entries() {
            round_trip(entry);
        }
    }

    fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn documents_are_strict() {
        let e = |r: Result<Measurement, serde_json::Error>| r.unwrap_err().to_string();
        let m = r#"{"metric": "m", "value": {"kind": "count", "count": 3}, "threshold": {"comparison": "at_least", "value": {"kind": "count", "count": 2}}, "passed": true"#;
        assert!(read::<Measurement>(&format!("{m}}}")).is_ok());
        insta::assert_snapshot!(e(read(&format!("{m}, \"colour\": 1}}"))), @"unknown field `colour`, expected one of `metric`, `value`, `threshold`, `passed`, `counts` at line 1 column 161");
        insta::assert_snapshot!(e(read(&format!("{m}, \"counts\": {{\"a\": 1, \"a\": 2}}}}"))), @"`a` is given twice at line 1 column 179");
        insta::assert_snapshot!(e(read(&format!("{}}}", m.replace("true", "false")))), @"measurement `m` is marked `passed: false`, but `3` is at least 2");
        insta::assert_snapshot!(e(read(&format!("{m}, \"counts\": {{\"a\": -1}}}}"))), @"invalid value: integer `-1`, expected u64 at line 1 column 171");
        insta::assert_snapshot!(read::<Value>(r#"{"kind": "fraction", "numerator": 1, "denominator": 0}"#).unwrap_err(), @"fraction `1/0` has a zero denominator");
        insta::assert_snapshot!(read::<Value>(r#"{"kind": "count", "count": 1, "extra": 0}"#).unwrap_err(), @"unknown field `extra`, expected `count`");
        insta::assert_snapshot!(read::<Value>(r#"{"kind": "percent", "value": 80}"#).unwrap_err(), @"unknown variant `percent`, expected `count` or `fraction` at line 1 column 18");
        insta::assert_snapshot!(read::<Attestation>(r#"{"document": "", "date": "2026-01-15", "statement": "x"}"#).unwrap_err(), @"document reference is empty at line 1 column 15");
        insta::assert_snapshot!(read::<Evidence>(r#"{"kind": "attested", "document": "d", "date": "2026-01-15", "statement": "x", "url": "u"}"#).unwrap_err(), @"unknown field `url`, expected one of `document`, `date`, `attested_by`, `statement`");
        insta::assert_snapshot!(read::<SuppressionThreshold>("0").unwrap_err(), @"a suppression threshold must be at least 1, not 0");
        insta::assert_snapshot!(read::<Period>(r#"{"first": "2026-W13", "last": "2026-W01"}"#).unwrap_err(), @"period runs from `2026-W13` to `2026-W01`: the last week is before the first");
    }

    #[test]
    fn written_reports_are_checked_again() {
        let level =
            |body: &str| format!(r#"{{"threshold": 5, "levels": [{{"level": "board", {body}}}]}}"#);
        let e = |body: &str| {
            read::<RepresentationReport>(&level(body))
                .unwrap_err()
                .to_string()
        };
        assert!(
            read::<RepresentationReport>(&level(
                r#""shown": {"a": 9}, "suppressed_groups": 0, "total": 9"#
            ))
            .is_ok()
        );
        insta::assert_snapshot!(e(r#""shown": {"a": 4}, "suppressed_groups": 0, "total": 4"#), @"level `board` shows group `a` with 4, under the suppression threshold 5");
        insta::assert_snapshot!(e(r#""shown": {"a": 9}, "suppressed_groups": 0"#), @"level `board` hides no groups, so it shows its total and no suppressed tally");
        insta::assert_snapshot!(e(r#""shown": {"a": 9}, "suppressed_groups": 1, "suppressed_people": 3, "total": 12"#), @"level `board` hides a single group beside groups it shows: a second group must be hidden with it");
        insta::assert_snapshot!(e(r#""shown": {"a": 9}, "suppressed_groups": 1"#), @"level `board` hides a single group beside groups it shows: a second group must be hidden with it");
        insta::assert_snapshot!(e(r#""shown": {}, "suppressed_groups": 1, "suppressed_people": 3, "total": 3"#), @"level `board` shows a suppressed tally of 3 from which a hidden count could be worked out");
        insta::assert_snapshot!(e(r#""shown": {"a": 9}, "suppressed_groups": 2, "suppressed_people": 6"#), @"level `board` must show both its total and its suppressed tally, or neither");
        insta::assert_snapshot!(e(r#""shown": {"a": 9}, "suppressed_groups": 2, "suppressed_people": 6, "total": 16"#), @"level `board` has total 16, but its shown counts and suppressed tally add up to 15");
        insta::assert_snapshot!(e(r#""shown": {"d": 40}, "suppressed_groups": 3, "suppressed_people": 12, "total": 52"#), @"level `board` shows a suppressed tally of 12 from which a hidden count could be worked out");
        insta::assert_snapshot!(e(r#""shown": {}, "suppressed_groups": 0, "total": 0"#), @"level `board` has no groups");
        insta::assert_snapshot!(read::<RepresentationReport>(r#"{"threshold": 5, "levels": []}"#).unwrap_err(), @"representation counts and reports need at least one level");
        let twice = r#"{"levels": [{"level": "board", "counts": {"a": 1}}, {"level": "board", "counts": {"b": 1}}]}"#;
        insta::assert_snapshot!(read::<RepresentationCounts>(twice).unwrap_err(), @"level `board` is given twice");
        insta::assert_snapshot!(read::<RepresentationCounts>(r#"{"levels": [{"level": "board", "counts": {}}]}"#).unwrap_err(), @"level `board` has no groups at line 1 column 45");
    }

    #[test]
    fn written_scorecards_are_checked_again() {
        let json = serde_json::to_value(sample_card()).unwrap();
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut json = json.clone();
            f(&mut json);
            serde_json::from_value::<Scorecard>(json)
                .unwrap_err()
                .to_string()
        };
        insta::assert_snapshot!(edit(&|j| j["commitments"][1]["status"] = "no_evidence".into()), @"commitment `diverse_inclusive_teams` is marked `no_evidence`, but its evidence gives `evidenced`");
        insta::assert_snapshot!(edit(&|j| {
        let entry = j["commitments"][0].clone();
        j["commitments"][1] = entry;
    }), @"commitment `micro_upskilling` is listed twice");
        insta::assert_snapshot!(edit(&|j| {
        j["commitments"].as_array_mut().unwrap().pop();
    }), @"commitment `diverse_inclusive_teams` is missing: a scorecard lists every commitment, with or without evidence");
        insta::assert_snapshot!(edit(&|j| {
        let measured = j["commitments"][0]["evidence"][0].clone();
        j["commitments"][1]["evidence"].as_array_mut().unwrap().push(measured);
    }), @"commitment `diverse_inclusive_teams` does not take `measured` evidence: it takes `representation` or `attested`");
        insta::assert_snapshot!(edit(&|j| j["schema"] = 1.into()), @"unknown field `schema`, expected one of `organisation`, `period`, `mode`, `commitments`");
        // The mode may be left out: advisory.
        let mut json = json.clone();
        json.as_object_mut().unwrap().remove("mode");
        assert_eq!(
            serde_json::from_value::<Scorecard>(json).unwrap().mode(),
            Mode::Advisory
        );
    }

    #[cfg(feature = "schemars")]
    #[test]
    fn schemas_are_strict() {
        // Every object in the schema refuses unknown properties.
        fn check(path: &str, schema: &serde_json::Value, objects: &mut usize) {
            match schema {
                serde_json::Value::Object(map) => {
                    if map.get("type") == Some(&"object".into()) {
                        assert_eq!(
                            map.get("additionalProperties"),
                            Some(&false.into()),
                            "{path}"
                        );
                        *objects += 1;
                    }
                    for (key, value) in map {
                        check(&format!("{path}/{key}"), value, objects);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        check(&format!("{path}/{i}"), item, objects);
                    }
                }
                _ => {}
            }
        }
        let mut objects = 0;
        check(
            "#",
            &serde_json::to_value(schemars::schema_for!(Scorecard)).unwrap(),
            &mut objects,
        );
        check(
            "#",
            &serde_json::to_value(schemars::schema_for!(RepresentationCounts)).unwrap(),
            &mut objects,
        );
        assert!(objects >= 12, "{objects}");
        let schema = serde_json::to_value(schemars::schema_for!(Level)).unwrap();
        assert_eq!(schema["minLength"], 1);
    }
}
