//! The example dataset, built in: the files of this crate's `example/`
//! folder, which are `upskill generate --example` output
//! (`upskill_generate::GenerateOptions::example`; a test keeps them equal).
//!
//! It is judged at [`AS_OF`], the Monday after its ten weeks
//! (2026-W10..2026-W19), so the period is closed and the verdict is `met`
//! or `not_met`.

use crate::layout::DatasetFiles;
use crate::period::AsOf;
use crate::source::Source;

/// The instant the example is judged at unless told otherwise: 09:00 London
/// time on Monday 11 May 2026, the morning after the period.
pub const AS_OF: &str = "2026-05-11T09:00:00+01:00";

/// The first week of the example's period.
pub const FROM: &str = "2026-W10";
/// The last week of the example's period.
pub const TO: &str = "2026-W19";

/// Every file, by name.
pub const FILES: [(&str, &str); 6] = [
    ("pledge.json", include_str!("../example/pledge.json")),
    ("roster.csv", include_str!("../example/roster.csv")),
    ("leave.csv", include_str!("../example/leave.csv")),
    ("holidays.csv", include_str!("../example/holidays.csv")),
    ("sessions.csv", include_str!("../example/sessions.csv")),
    ("sessions.jsonl", include_str!("../example/sessions.jsonl")),
];

/// One example file as a [`Source`] named by its file name.
pub fn source(name: &str) -> Option<Source> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| Source::memory(*n, text.as_bytes()))
}

/// [`AS_OF`] as an [`AsOf`].
pub fn as_of() -> AsOf {
    AsOf::parse(AS_OF).unwrap_or_default()
}

impl DatasetFiles {
    /// The built-in example dataset (see [`crate::example`]).
    pub fn example() -> DatasetFiles {
        let file = |name: &str| source(name).unwrap_or_else(|| Source::memory(name, Vec::new()));
        DatasetFiles::new(
            file("pledge.json"),
            file("roster.csv"),
            vec![file("sessions.csv"), file("sessions.jsonl")],
        )
        .with_leave(file("leave.csv"))
        .with_holidays(file("holidays.csv"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

    use super::*;

    /// The embedded files are exactly what the generator writes for the
    /// example's options: they cannot drift. After a deliberate change to
    /// the generator, run
    /// `cargo run -p upskill-cli -- generate --example crates/upskill-dataset/example --force`.
    #[test]
    fn embedded_example_is_the_generator_output() {
        let dataset = upskill_generate::generate(&upskill_generate::GenerateOptions::example())
            .expect("the example generates");
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        let (mut roster, mut leave, mut holidays, mut csv, mut jsonl) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        dataset.write_roster(&mut roster).unwrap();
        dataset.write_leave(&mut leave).unwrap();
        dataset.write_holidays(&mut holidays).unwrap();
        dataset.write_sessions(&mut csv, Some(&mut jsonl)).unwrap();
        let generated = [
            ("pledge.json", dataset.pledge_json()),
            ("roster.csv", text(roster)),
            ("leave.csv", text(leave)),
            ("holidays.csv", text(holidays)),
            ("sessions.csv", text(csv)),
            ("sessions.jsonl", text(jsonl)),
        ];
        for ((name, embedded), (gname, made)) in FILES.iter().zip(generated.iter()) {
            assert_eq!(name, gname);
            assert!(
                *embedded == made.as_str(),
                "{name} drifted from the generator"
            );
        }
        assert_eq!(
            dataset.closing_as_of(),
            chrono::DateTime::parse_from_rfc3339(AS_OF)
                .unwrap()
                .with_timezone(&chrono::Utc)
        );
    }
}
