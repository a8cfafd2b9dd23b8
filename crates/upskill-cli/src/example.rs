//! The example dataset, built into the command: the files of
//! `examples/data/`, which are `upskill generate --example` output
//! ([`upskill_generate::GenerateOptions::example`]; a test keeps them equal).
//!
//! `upskill evaluate --example` judges it at [`AS_OF`], the Monday after its
//! ten weeks (2026-W10..2026-W19), so the period is closed and the verdict
//! is `met` or `not_met`.

/// The instant the example is judged at unless `--as-of` says otherwise:
/// 09:00 London time on Monday 11 May 2026, the morning after the period.
pub const AS_OF: &str = "2026-05-11T09:00:00+01:00";

/// `pledge.json`.
pub const PLEDGE: &str = include_str!("../../../examples/data/pledge.json");
/// `roster.csv`.
pub const ROSTER: &str = include_str!("../../../examples/data/roster.csv");
/// `leave.csv`.
pub const LEAVE: &str = include_str!("../../../examples/data/leave.csv");
/// `holidays.csv`.
pub const HOLIDAYS: &str = include_str!("../../../examples/data/holidays.csv");
/// `sessions.csv`: the learning platform's and the learning journal's records.
pub const SESSIONS_CSV: &str = include_str!("../../../examples/data/sessions.csv");
/// `sessions.jsonl`: the webinar platform's records.
pub const SESSIONS_JSONL: &str = include_str!("../../../examples/data/sessions.jsonl");

/// Every file, by name.
pub const FILES: [(&str, &str); 6] = [
    ("pledge.json", PLEDGE),
    ("roster.csv", ROSTER),
    ("leave.csv", LEAVE),
    ("holidays.csv", HOLIDAYS),
    ("sessions.csv", SESSIONS_CSV),
    ("sessions.jsonl", SESSIONS_JSONL),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded files (and so `examples/data/`) are exactly what the
    /// generator writes for the example's options: they cannot drift.
    /// After a deliberate change to the generator, run
    /// `cargo run -p upskill-cli -- generate --example examples/data`.
    #[test]
    fn embedded_example_is_the_generator_output() {
        let dataset =
            upskill_generate::generate(&upskill_generate::GenerateOptions::example()).unwrap();
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        let (mut roster, mut leave, mut holidays, mut csv, mut jsonl) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        dataset.write_roster(&mut roster).unwrap();
        dataset.write_leave(&mut leave).unwrap();
        dataset.write_holidays(&mut holidays).unwrap();
        dataset.write_sessions(&mut csv, Some(&mut jsonl)).unwrap();
        assert!(
            dataset.pledge_json() == PLEDGE,
            "pledge.json drifted from the generator"
        );
        assert!(
            text(roster) == ROSTER,
            "roster.csv drifted from the generator"
        );
        assert!(text(leave) == LEAVE, "leave.csv drifted from the generator");
        assert!(
            text(holidays) == HOLIDAYS,
            "holidays.csv drifted from the generator"
        );
        assert!(
            text(csv) == SESSIONS_CSV,
            "sessions.csv drifted from the generator"
        );
        assert!(
            text(jsonl) == SESSIONS_JSONL,
            "sessions.jsonl drifted from the generator"
        );
        assert_eq!(
            dataset.closing_as_of(),
            chrono::DateTime::parse_from_rfc3339(AS_OF)
                .unwrap()
                .with_timezone(&chrono::Utc)
        );
    }
}
