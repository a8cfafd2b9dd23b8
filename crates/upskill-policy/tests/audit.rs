//! The per-record audit ledger on the decision corpus: one row per record,
//! fates and learner-weeks adding up to the assessment, and the same rows
//! whatever the reading order or the partition into merged states.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::collections::BTreeMap;

use upskill_diagnostics::Location;
use upskill_policy::{Assessor, AuditFate, AuditRow, Options};
use upskill_session::LearningSession;

#[path = "../../../testdata/corpus_support.rs"]
mod support;

use support::{assessor_with, cases, sessions};

fn audit() -> Options {
    Options {
        audit: true,
        ..Options::default()
    }
}

fn feed(assessor: &mut Assessor, records: &[(usize, &LearningSession)]) {
    for (line, r) in records {
        let at = Location::file("sessions.jsonl").at_line(*line as u64 + 1);
        assessor.ingest_at(r, Some(&at));
    }
}

#[test]
fn the_corpus_rows_add_up_and_do_not_depend_on_order_or_merging() {
    let mut checked = 0;
    for (name, case) in cases() {
        let records = sessions(&case);
        let numbered: Vec<(usize, &LearningSession)> = records.iter().enumerate().collect();

        let mut forward = assessor_with(&case, audit());
        feed(&mut forward, &numbered);
        let (assessment, rows) = forward.finish_audited();

        let reversed: Vec<_> = numbered.iter().rev().copied().collect();
        let mut backward = assessor_with(&case, audit());
        feed(&mut backward, &reversed);
        let (_, backward_rows) = backward.finish_audited();

        let base = assessor_with(&case, audit());
        let mut merged = base.fork();
        for one in &numbered {
            let mut part = base.fork();
            feed(&mut part, std::slice::from_ref(one));
            merged = part.merge(merged).expect("merge");
        }
        let (_, merged_rows) = merged.finish_audited();

        assert_eq!(backward_rows, rows, "{name}: reversed");
        assert_eq!(merged_rows, rows, "{name}: merged");
        assert_eq!(rows.len() as u64, assessment.ledger.records_read, "{name}");
        let count = |f: AuditFate| rows.iter().filter(|r: &&AuditRow| r.fate == f).count() as u64;
        let fates = assessment.ledger.fates;
        assert_eq!(
            [
                count(AuditFate::Credited),
                count(AuditFate::Duplicate),
                count(AuditFate::NotCreditable),
                count(AuditFate::OutsidePeriod),
                count(AuditFate::UnknownLearner),
                count(AuditFate::Rejected),
            ],
            [
                fates.credited,
                fates.duplicate,
                fates.not_creditable,
                fates.outside_period,
                fates.unknown_learner,
                fates.rejected,
            ],
            "{name}"
        );
        // A learner-week's rows add up to its learned minutes: its credited
        // minutes when the pledge rounds to the minute (carry-forward is
        // apart, in `carried_in_minutes`).
        let rounds = serde_json::to_string(&case.pledge)
            .unwrap()
            .contains("rounding_increment_minutes");
        if !rounds {
            let mut traced: BTreeMap<(String, String), u64> = BTreeMap::new();
            for row in &rows {
                for (week, minutes) in &row.weeks {
                    *traced
                        .entry((row.learner_id.clone().unwrap(), week.to_string()))
                        .or_default() += minutes;
                }
            }
            for learner in &assessment.learners {
                for week in &learner.weeks {
                    let key = (learner.learner_id.clone(), week.week.to_string());
                    assert_eq!(
                        traced.get(&key).copied().unwrap_or(0),
                        week.credited_minutes,
                        "{name}: {key:?}"
                    );
                }
            }
            checked += 1;
        }
        // Without the switch, no rows and the same assessment.
        let mut plain = assessor_with(&case, Options::default());
        feed(&mut plain, &numbered);
        let (plain, none) = plain.finish_audited();
        assert!(none.is_empty());
        assert_eq!(plain, assessment, "{name}");
    }
    assert!(checked > 5, "learner-weeks traced in {checked} cases");
}
