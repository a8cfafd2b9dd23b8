//! Fuzzes the readers' fast lanes (`Reader::next_session`: the CSV lane and
//! the JSON Lines lane) against the general reader over any bytes: every
//! record a lane takes is the one the general reader reads, at the same
//! location and without a problem, every other record is exactly what the
//! iterator gives, and the file's problems are the same. The lanes only
//! ever accept, so a disagreement is a record read two ways.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_formats::{Format, Limits, ReadOptions, SessionItem, read_sessions};

fuzz_target!(|data: &[u8]| {
    let shallow = ReadOptions::new().with_limits(Limits::default().with_max_depth(2));
    for options in [
        ReadOptions::new(),
        shallow,
        ReadOptions::new().with_lenient(true),
    ] {
        for (file, format) in [("fuzz.csv", Format::Csv), ("fuzz.jsonl", Format::JsonLines)] {
            let mut general = read_sessions(file, data, Some(format), options);
            let mut fast = read_sessions(file, data, Some(format), options);
            loop {
                let expected = general.next();
                let Some(item) = fast.next_session() else {
                    assert!(expected.is_none(), "as many records both ways");
                    break;
                };
                let Some(expected) = expected else {
                    panic!("the lane read a record the general reader did not");
                };
                match item {
                    SessionItem::Clean(clean) => {
                        let Ok(expected) = expected else {
                            panic!("the lane took a record the general reader rejects");
                        };
                        assert!(expected.warnings.is_empty());
                        assert_eq!(clean.session, expected.value.borrowed());
                        assert_eq!(clean.location(), expected.location);
                    }
                    SessionItem::Read(read) => {
                        assert_eq!(format!("{read:?}"), format!("{expected:?}"));
                    }
                }
            }
            assert_eq!(fast.file_problems(), general.file_problems());
        }
    }
});
