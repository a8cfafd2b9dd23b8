//! Fuzzes pledge files (`upskill_formats::read_pledge`): no input may panic,
//! and a pledge that is refused is refused with at least one located error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_formats::{Limits, ReadOptions, read_pledge};

fuzz_target!(|data: &[u8]| {
    let small = ReadOptions::new().with_limits(Limits::default().with_max_depth(8));
    for options in [
        ReadOptions::new(),
        small,
        ReadOptions::new().with_lenient(true),
    ] {
        match read_pledge("pledge.json", data, options) {
            Ok(pledge) => assert!(!pledge.versions().is_empty()),
            Err(problems) => {
                assert!(problems.iter().any(|p| p.is_error()));
                assert!(problems.iter().all(|p| !p.message.is_empty()));
            }
        }
    }
});
