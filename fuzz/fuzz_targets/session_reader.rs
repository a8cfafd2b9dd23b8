//! Fuzzes the session readers (`upskill_formats::read_sessions`) over any
//! bytes, as CSV (rows, quoting, timestamps, durations), JSON Lines, a JSON
//! array and with the format told by the bytes: no input may panic, every
//! record read is yielded once (as a session or a rejection with a reason),
//! and small limits hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_formats::{Format, Limits, ReadOptions, read_sessions};

fuzz_target!(|data: &[u8]| {
    let small = ReadOptions::new().with_limits(
        Limits::default()
            .with_max_line_bytes(256)
            .with_max_depth(8)
            .with_max_document_bytes(4096),
    );
    for options in [
        ReadOptions::new(),
        small,
        ReadOptions::new().with_lenient(true),
    ] {
        for (file, format) in [
            ("fuzz.csv", Some(Format::Csv)),
            ("fuzz.jsonl", Some(Format::JsonLines)),
            ("fuzz.json", Some(Format::Json)),
            ("fuzz", None),
        ] {
            let mut reader = read_sessions(file, data, format, options);
            let mut items = 0u64;
            for item in reader.by_ref() {
                items += 1;
                match item {
                    Ok(session) => {
                        assert!(session.value.duration().as_millis() > 0);
                        assert!(session.warnings.iter().all(|w| !w.is_error()));
                    }
                    Err(rejected) => {
                        assert!(rejected.reason().is_error());
                        assert!(!rejected.reason().message.is_empty());
                    }
                }
            }
            assert_eq!(items, reader.records_read());
            for problem in reader.file_problems() {
                assert!(!problem.message.is_empty());
            }
        }
    }
});
