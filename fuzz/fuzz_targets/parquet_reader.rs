//! Fuzzes the Parquet and Arrow IPC readers (`upskill_arrow`) over any
//! bytes, read as Parquet, an Arrow IPC file and an Arrow IPC stream, as
//! sessions, roster, leave and time totals: no input may panic (a broken
//! file is a typed error or an `F019` file problem); one item per row
//! (`records_read`); a rejected row carries an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_arrow::{ColumnarInput, ColumnarReader, read_leave, read_roster, read_sessions, read_time_totals};
use upskill_formats::ReadOptions;

fn drain<T>(reader: Result<ColumnarReader<T>, upskill_arrow::ColumnarError>) {
    let Ok(mut reader) = reader else { return };
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

fuzz_target!(|data: &[u8]| {
    // A valid Parquet file starts and ends with `PAR1`: frame the bytes so
    // the fuzzer reaches the footer parser and the pages.
    let mut framed = b"PAR1".to_vec();
    framed.extend_from_slice(data);
    framed.extend_from_slice(b"PAR1");
    for (name, bytes) in [
        ("s.parquet", framed.clone()),
        ("s.parquet", data.to_vec()),
        ("s.arrow", data.to_vec()),
        ("s.arrows", data.to_vec()),
    ] {
        let options = ReadOptions::new();
        drain(read_sessions(name, ColumnarInput::memory(bytes.clone()), options));
        drain(read_roster(name, ColumnarInput::memory(bytes.clone()), options));
        drain(read_leave(name, ColumnarInput::memory(bytes.clone()), options));
        drain(read_time_totals(name, ColumnarInput::memory(bytes), options.with_lenient(true)));
    }
});
