//! Fuzzes week labels (`upskill_calendar::Week::parse`) for every week
//! start: no input may panic, and an accepted label prints back to a label
//! that parses to the same week.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_calendar::{DayOfWeek, Week};

const STARTS: [DayOfWeek; 7] = [
    DayOfWeek::Monday,
    DayOfWeek::Tuesday,
    DayOfWeek::Wednesday,
    DayOfWeek::Thursday,
    DayOfWeek::Friday,
    DayOfWeek::Saturday,
    DayOfWeek::Sunday,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for start in STARTS {
        match Week::parse(text, start) {
            Ok(week) => {
                let label = week.label();
                assert_eq!(Week::parse(&label, start).ok(), Some(week), "{label}");
                let _ = week.next();
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
});
