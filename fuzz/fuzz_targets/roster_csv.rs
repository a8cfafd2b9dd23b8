//! Fuzzes the roster, leave and holiday readers (CSV and JSON) over any
//! bytes: no input may panic; every row is yielded once; a roster collected
//! without errors holds no learner twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_formats::{
    Format, ReadOptions, collect_leave, collect_roster, read_holidays, read_leave, read_roster,
};

fuzz_target!(|data: &[u8]| {
    for (file, format) in [
        ("roster.csv", Some(Format::Csv)),
        ("roster.json", Some(Format::Json)),
        ("roster", None),
    ] {
        let mut reader = read_roster(file, data, format, ReadOptions::new());
        let mut items = 0u64;
        for item in reader.by_ref() {
            items += 1;
            if let Err(rejected) = item {
                assert!(rejected.reason().is_error());
            }
        }
        assert_eq!(items, reader.records_read());
        let (roster, problems) =
            collect_roster(read_roster(file, data, format, ReadOptions::new()));
        if problems.iter().all(|p| !p.is_error()) {
            let mut ids: Vec<String> = roster.learners().map(|l| l.id().to_string()).collect();
            let n = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), n);
        }
    }
    let _ = collect_leave(read_leave(
        "leave.csv",
        data,
        Some(Format::Csv),
        ReadOptions::new(),
    ));
    for item in read_holidays("holidays.csv", data, Some(Format::Csv), ReadOptions::new()) {
        let _ = item;
    }
});
