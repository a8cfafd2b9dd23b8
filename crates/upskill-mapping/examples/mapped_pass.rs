//! One reading of the mapped-CSV benchmark's data, for instruction counts
//! (`valgrind --tool=callgrind`) on a machine too loaded for wall-clock
//! timing (docs/performance.md, "Mapped CSV").
//!
//! `cargo build --release -p upskill-mapping --example mapped_pass`, then
//! `valgrind --tool=callgrind target/release/examples/mapped_pass VARIANT`
//! for VARIANT in `none` (data generation only), `canonical`,
//! `canonical_local_time`, `canonical_semicolon`, `canonical_semicolon_utf16`,
//! `identity_mapping`, `foreign_mapping`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "example code: a panic is a failed measurement"
)]

use upskill_formats::{ReadOptions, read_sessions};
use upskill_mapping::{MapContext, Mapping, read_mapped_sessions};

include!("../benches/support/data.rs");

fn main() {
    let variant = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "none".to_string());
    let canonical = canonical();
    let canonical_local = canonical_local();
    let foreign = foreign();
    let semicolon = canonical.replace(',', ";");
    let mut semicolon_utf16 = vec![0xFF, 0xFE];
    for unit in semicolon.encode_utf16() {
        semicolon_utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let london = ReadOptions::new().with_local_time_zone(Some(chrono_tz::Europe::London));
    let identity = Mapping::from_toml_str(IDENTITY).unwrap();
    let mapping = Mapping::from_toml_str(FOREIGN).unwrap();
    let ok = match variant.as_str() {
        "none" => ROWS,
        "canonical" => read_sessions("s.csv", canonical.as_bytes(), None, ReadOptions::new())
            .filter(Result::is_ok)
            .count(),
        "canonical_local_time" => read_sessions("s.csv", canonical_local.as_bytes(), None, london)
            .filter(Result::is_ok)
            .count(),
        "canonical_semicolon" => {
            read_sessions("s.csv", semicolon.as_bytes(), None, ReadOptions::new())
                .filter(Result::is_ok)
                .count()
        }
        "canonical_semicolon_utf16" => read_sessions(
            "s.csv",
            semicolon_utf16.as_slice(),
            None,
            ReadOptions::new(),
        )
        .filter(Result::is_ok)
        .count(),
        "identity_mapping" => read_mapped_sessions(
            "s.csv",
            canonical.as_bytes(),
            &identity,
            MapContext::new(),
            ReadOptions::new(),
        )
        .unwrap()
        .filter(Result::is_ok)
        .count(),
        "foreign_mapping" => read_mapped_sessions(
            "f.csv",
            foreign.as_bytes(),
            &mapping,
            MapContext::new(),
            ReadOptions::new(),
        )
        .unwrap()
        .filter(Result::is_ok)
        .count(),
        other => panic!("unknown variant `{other}`"),
    };
    assert_eq!(ok, ROWS, "{variant}: every row reads");
    println!("{variant}: {ok} rows");
}
