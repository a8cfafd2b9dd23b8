//! The per-record audit ledger (issue 12 item 3): one row per record read,
//! fates adding up to the report's, learner-weeks traced to their records,
//! the same rows at any number of reading threads.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use upskill_dataset::{
    AsOf, DatasetFiles, EvaluateOptions, Evaluation, LedgerFormat, Source, evaluate, example,
    write_ledger,
};
use upskill_policy::{AuditFate, AuditRow, Options};

fn audited(as_of: AsOf, threads: usize) -> EvaluateOptions {
    EvaluateOptions {
        as_of,
        threads,
        engine: Options {
            audit: true,
            ..Options::default()
        },
        ..EvaluateOptions::default()
    }
}

/// Every record has one row; the rows of each fate add up to the report's
/// `ledger.fates`; each learner-week's credited minutes are its rows' sum
/// (the example and generated pledges round to the minute).
fn check_adds_up(evaluation: &Evaluation) {
    let assessment = &evaluation.assessment;
    let ledger = &assessment.ledger;
    assert_eq!(evaluation.audit.len() as u64, ledger.records_read);
    let count = |fate: AuditFate| evaluation.audit.iter().filter(|r| r.fate == fate).count() as u64;
    let fates = &ledger.fates;
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
        ]
    );
    let mut traced: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in &evaluation.audit {
        if row.fate != AuditFate::Credited {
            assert!(row.weeks.is_empty(), "{row:?}");
        }
        for (week, minutes) in &row.weeks {
            *traced
                .entry((row.learner_id.clone().unwrap(), week.to_string()))
                .or_default() += minutes;
        }
    }
    let mut weeks_with_credit = 0;
    for learner in &assessment.learners {
        for week in &learner.weeks {
            let key = (learner.learner_id.clone(), week.week.to_string());
            let learned = week.credited_minutes;
            assert_eq!(traced.remove(&key).unwrap_or(0), learned, "{key:?}");
            weeks_with_credit += usize::from(learned > 0);
        }
    }
    assert!(
        traced.values().all(|m| *m == 0),
        "rows credit no other week"
    );
    assert!(weeks_with_credit > 0);
}

#[test]
fn the_example_ledger_has_a_row_per_record_and_adds_up() {
    let evaluation = evaluate(&DatasetFiles::example(), &audited(example::as_of(), 1)).unwrap();
    assert_eq!(evaluation.audit.len(), 1_698);
    check_adds_up(&evaluation);
    // Without the switch: no rows, the same assessment.
    let plain = evaluate(
        &DatasetFiles::example(),
        &EvaluateOptions {
            as_of: example::as_of(),
            ..EvaluateOptions::default()
        },
    )
    .unwrap();
    assert!(plain.audit.is_empty());
    assert_eq!(plain.assessment, evaluation.assessment);
}

fn generated() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-audit-generated-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let options = upskill_generate::GenerateOptions {
        learners: 400,
        weeks: 20,
        seed: 11,
        ..Default::default()
    };
    upskill_generate::generate(&options)
        .unwrap()
        .write_to_with(&dir, |_, _| {})
        .unwrap();
    dir
}

fn written(rows: &[AuditRow], format: LedgerFormat) -> String {
    String::from_utf8(write_ledger(rows, format, Vec::new()).unwrap()).unwrap()
}

#[test]
fn a_generated_ledger_is_the_same_at_one_and_two_threads() {
    let dir = generated();
    let files = DatasetFiles::open(&dir).unwrap();
    let as_of = AsOf::parse("2026-07-01T08:00:00+00:00").unwrap();
    let mut options = audited(as_of, 1);
    options.from = Some("2026-W10".into());
    options.to = Some("2026-W29".into());
    let one = evaluate(&files, &options).unwrap();
    check_adds_up(&one);
    assert!(
        one.assessment.ledger.fates.rejected > 0,
        "some rows are rejections"
    );
    options.threads = 2;
    let two = evaluate(&files, &options).unwrap();
    // The report as written (a rejection's record index differs in memory
    // between the paths, but a location with a line is written without it).
    let json = |e: &Evaluation| serde_json::to_string_pretty(&e.assessment).unwrap();
    assert_eq!(json(&two), json(&one));
    let (a, b) = (
        written(&one.audit, LedgerFormat::Csv),
        written(&two.audit, LedgerFormat::Csv),
    );
    for (x, y) in a.lines().zip(b.lines()).filter(|(x, y)| x != y).take(5) {
        eprintln!("one: {x}\ntwo: {y}");
    }
    assert_eq!(b.lines().count(), a.lines().count());
    assert!(a == b, "the ledger differs at two threads");
    let _ = std::fs::remove_dir_all(&dir);
}

const SESSIONS: &str = "\
record_id,learner_id,start,end,activity,title,source,skill_areas,self_reported
r1,e1,2026-03-03T09:00:00+00:00,2026-03-03T09:45:00+00:00,e_learning,First,lms,,
r2,e1,2026-03-03T09:30:00+00:00,2026-03-03T10:30:00+00:00,e_learning,Overlaps r1,lms,,
r3,e1,2026-03-03T09:40:00+00:00,2026-03-03T09:50:00+00:00,e_learning,Inside both,lms,,
r1,e1,2026-03-03T09:00:00+00:00,2026-03-03T09:45:00+00:00,e_learning,First again,lms,,
r4,e1,2026-01-05T09:00:00+00:00,2026-01-05T10:00:00+00:00,e_learning,Too early,lms,,
r5,e9,2026-03-03T09:00:00+00:00,2026-03-03T10:00:00+00:00,e_learning,Not on the roster,lms,,
r6,e1,yesterday,2026-03-03T10:00:00+00:00,e_learning,Bad start,lms,,
r7,e2,2026-03-08T23:30:00+00:00,2026-03-09T00:30:00+00:00,e_learning,Across midnight,lms,,
r8,e2,2026-03-10T10:00:30+00:00,2026-03-10T10:01:00+00:00,e_learning,Half a minute,lms,,
r9,e2,2026-03-10T10:01:00+00:00,2026-03-10T10:01:30+00:00,e_learning,Another half,lms,,
";

const ROSTER: &str =
    "learner_id,team,fte,start_date,end_date\ne1,Ops,,2020-01-01,\ne2,Ops,,2020-01-01,\n";

fn hand_made() -> Evaluation {
    let mut files = DatasetFiles::example();
    files.roster = Source::memory("roster.csv", ROSTER.as_bytes().to_vec());
    files.leave = None;
    files.holidays = None;
    files.sessions = vec![Source::memory("sessions.csv", SESSIONS.as_bytes().to_vec())];
    let mut options = audited(AsOf::parse("2026-04-01T00:00:00+00:00").unwrap(), 1);
    options.from = Some("2026-W10".into());
    options.to = Some("2026-W11".into());
    evaluate(&files, &options).unwrap()
}

/// One learner-week traced to its records: e1's 2026-W10 is 90 minutes,
/// 45 from r1, 45 from r2 (which loses 15 to r1), none from r3 (inside
/// both); the repeat of r1 is its duplicate.
#[test]
fn a_learner_week_is_traced_to_its_records() {
    let evaluation = hand_made();
    check_adds_up(&evaluation);
    let csv = written(&evaluation.audit, LedgerFormat::Csv);
    insta::assert_snapshot!(csv, @r"
    file,line,record,location,record_id,learner_id,fate,detail,duplicate_of_record_id,duplicate_of_location,clipped_to_as_of_minutes,capped_minutes,clipped_to_period_minutes,overlap_minutes,daily_cap_minutes,credited_minutes,weeks,message
    sessions.csv,2,,sessions.csv:2:1,r1,e1,credited,,,,0,0,0,0,0,45,2026-W10:45,
    sessions.csv,3,,sessions.csv:3:1,r2,e1,credited,,,,0,0,0,15,0,45,2026-W10:45,
    sessions.csv,4,,sessions.csv:4:1,r3,e1,credited,,,,0,0,0,10,0,0,,
    sessions.csv,5,,sessions.csv:5:1,r1,e1,duplicate,duplicate_ids,r1,sessions.csv:2:1,0,0,0,0,0,0,,
    sessions.csv,6,,sessions.csv:6:1,r4,e1,outside_period,,,,0,0,0,0,0,0,,
    sessions.csv,7,,sessions.csv:7:1,r5,e9,unknown_learner,,,,0,0,0,0,0,0,,
    sessions.csv,8,,sessions.csv:8:7,,,rejected,S005,,,0,0,0,0,0,0,,`start` `yesterday` is not a timestamp: expected RFC 3339 such as `2026-03-02T09:30:00+00:00`
    sessions.csv,9,,sessions.csv:9:1,r7,e2,credited,,,,0,0,0,0,0,60,2026-W10:30;2026-W11:30,
    sessions.csv,10,,sessions.csv:10:1,r8,e2,credited,,,,0,0,0,0,0,0,,
    sessions.csv,11,,sessions.csv:11:1,r9,e2,credited,,,,0,0,0,0,0,1,2026-W11:1,
    ");
    // The week as the report has it: e1's 2026-W10 is the 45 + 45 + 0 above;
    // e2's 2026-W11 is 30 (r7) + 0 (r8) + 1 (r9): two half minutes make one.
    let week = |learner: &str, label: &str| {
        let l = evaluation
            .assessment
            .learners
            .iter()
            .find(|l| l.learner_id == learner)
            .unwrap();
        l.weeks
            .iter()
            .find(|w| w.week.to_string() == label)
            .unwrap()
            .credited_minutes
    };
    assert_eq!(week("e1", "2026-W10"), 90);
    assert_eq!(week("e2", "2026-W11"), 31);
    let jsonl = written(&evaluation.audit, LedgerFormat::JsonLines);
    assert_eq!(jsonl.lines().count(), 10);
    insta::assert_snapshot!(jsonl.lines().nth(1).unwrap(), @r#"{"file":"sessions.csv","line":3,"record":null,"location":"sessions.csv:3:1","record_id":"r2","learner_id":"e1","fate":"credited","detail":null,"duplicate_of":null,"clipped_to_as_of_ms":0,"capped_ms":0,"clipped_to_period_ms":0,"overlap_ms":900000,"daily_cap_ms":0,"credited_minutes":45,"weeks":{"2026-W10":45},"message":null}"#);
}

const STATEMENTS: &str = r#"{"id":"00000000-0000-4000-8000-000000000001","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example.com/c1"},"result":{"duration":"PT30M"},"timestamp":"2026-03-03T09:30:00Z"}
{"id":"00000000-0000-4000-8000-000000000001","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example.com/c1"},"result":{"duration":"PT30M"},"timestamp":"2026-03-03T09:30:00Z"}
{"id":"00000000-0000-4000-8000-000000000002","actor":{"mbox":"mailto:zed@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example.com/c2"},"result":{"duration":"PT20M"},"timestamp":"2026-03-03T10:30:00Z"}
{"id":"00000000-0000-4000-8000-000000000003","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example.com/c3"},"result":{"duration":"PT20M"},"timestamp":"2026-03-04T10:30:00Z"}
{"id":"00000000-0000-4000-8000-000000000004","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"00000000-0000-4000-8000-000000000003"},"timestamp":"2026-03-05T10:30:00Z"}
{"id":"00000000-0000-4000-8000-000000000005","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example.com/c5"},"result":{"duration":"PT20M"}}
"#;

const ACTORS: &str = "learner_id,mbox\ne1,mailto:ann@example.com\n";

/// xAPI statements get rows too: a duplicate, an unknown actor, a voided
/// and a voiding statement, one with no time of its own (no timestamp).
#[test]
fn xapi_statements_have_rows_with_their_fates() {
    let mut files = DatasetFiles::example();
    files.roster = Source::memory("roster.csv", ROSTER.as_bytes().to_vec());
    files.leave = None;
    files.holidays = None;
    files.sessions = vec![Source::memory(
        "statements.jsonl",
        STATEMENTS.as_bytes().to_vec(),
    )];
    files.actors = Some(Source::memory("actors.csv", ACTORS.as_bytes().to_vec()));
    let mut options = audited(AsOf::parse("2026-04-01T00:00:00+00:00").unwrap(), 1);
    options.from = Some("2026-W10".into());
    options.to = Some("2026-W11".into());
    let evaluation = evaluate(&files, &options).unwrap();
    check_adds_up(&evaluation);
    let summary: Vec<String> = evaluation
        .audit
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r.location,
                r.learner_id.as_deref().unwrap_or("-"),
                r.fate.as_str(),
                r.detail.as_deref().unwrap_or("-"),
                r.minutes()
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"), @r"
    statements.jsonl:1 e1 credited - 30
    statements.jsonl:2 - duplicate duplicate_ids 0
    statements.jsonl:3 mailto:zed@example.com unknown_learner - 0
    statements.jsonl:4 - not_creditable voided 0
    statements.jsonl:5 - not_creditable voided 0
    statements.jsonl:6 - not_creditable no_time_of_its_own 0
    ");
}
