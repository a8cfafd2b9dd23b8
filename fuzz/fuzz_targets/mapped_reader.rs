//! Fuzzes the import-mapping layer (`upskill_mapping`) and the CSV dialect
//! and encoding detection under it (`upskill_formats::CsvTable`) over any
//! bytes: every built-in preset reads the bytes as a foreign export, `suggest`
//! proposes a mapping for them, and the bytes are parsed as a mapping file.
//!
//! What must hold: no panic; one item per row (`records_read`); a rejected row
//! carries an error; a suggested mapping is always valid TOML (the user edits
//! it, so a syntax error there would be ours, not theirs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_formats::ReadOptions;
use upskill_mapping::{
    MapContext, MappedKind, Mapping, MappingError, SuggestOptions, presets, read_mapped_leave,
    read_mapped_roster, read_mapped_sessions, read_mapped_time_totals, suggest,
};

/// Reads `data` through `mapping` and checks the row count law.
fn read_through(mapping: &Mapping, data: &[u8], options: ReadOptions) {
    let zone = chrono_tz::Tz::Europe__Berlin;
    macro_rules! drain {
        ($reader:expr) => {
            if let Ok(mut reader) = $reader {
                let mut items = 0u64;
                for item in reader.by_ref() {
                    items += 1;
                    if let Err(rejected) = item {
                        assert!(rejected.reason().is_error());
                    }
                }
                assert_eq!(items, reader.records_read());
                for problem in reader.file_problems() {
                    assert!(!problem.message.is_empty());
                }
            }
        };
    }
    let context = MapContext::new().with_pledge_zone(zone);
    match mapping.kind {
        MappedKind::Sessions => drain!(read_mapped_sessions(
            "export.csv",
            data,
            mapping,
            context,
            options
        )),
        MappedKind::Roster => drain!(read_mapped_roster(
            "export.csv",
            data,
            mapping,
            context,
            options
        )),
        MappedKind::Leave => drain!(read_mapped_leave(
            "export.csv",
            data,
            mapping,
            context,
            options
        )),
        MappedKind::TimeTotals => drain!(read_mapped_time_totals(
            "export.csv",
            data,
            mapping,
            context,
            options
        )),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let all = presets();
    if let Some(preset) = all.get(usize::from(selector) % all.len().max(1)) {
        if let Ok(mapping) = preset.mapping() {
            // The high bits pick reading options: lenient mode, and a
            // delimiter told rather than detected.
            let mut options = ReadOptions::new().with_lenient(selector & 0x80 != 0);
            if selector & 0x40 != 0 {
                options = options.with_delimiter(Some(b';'));
            }
            read_through(&mapping, rest, options);
        }
    }
    for kind in [MappedKind::Sessions, MappedKind::Roster, MappedKind::Leave] {
        let text = suggest(
            "export.csv",
            rest,
            SuggestOptions::new(kind),
            &ReadOptions::new(),
        );
        if let Err(MappingError::Syntax { message, .. }) = Mapping::from_toml_str(&text) {
            panic!("suggest wrote a mapping that is not TOML: {message}\n{text}");
        }
    }
    if let Ok(text) = std::str::from_utf8(rest) {
        if let Ok(mapping) = Mapping::from_str_any(text) {
            read_through(&mapping, b"a,b,c\n1,2,3\n", ReadOptions::new());
        }
    }
});
