//! The streamed JSON report is the rendered one, byte for byte, and a
//! writer that fails mid-way is an error, never a silent short report
//! (issue 16, item 3).
#![allow(clippy::unwrap_used, reason = "tests")]

use upskill_dataset::{DatasetFiles, EvaluateOptions, evaluate, example};
use upskill_report::json;

fn example_evaluation() -> upskill_dataset::Evaluation {
    let options = EvaluateOptions {
        as_of: example::as_of(),
        ..EvaluateOptions::default()
    };
    evaluate(&DatasetFiles::example(), &options).unwrap()
}

#[test]
fn the_streamed_report_is_the_rendered_one() {
    let evaluation = example_evaluation();
    let rendered = json::render(&evaluation).unwrap();
    let streamed = json::write(&evaluation, Vec::new()).unwrap();
    assert_eq!(String::from_utf8(streamed).unwrap(), rendered);
    assert!(rendered.ends_with("}\n"));
}

/// Accepts `room` bytes, then fails like a full disk.
#[derive(Debug)]
struct Full {
    room: usize,
}

impl std::io::Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            ));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_error_at_any_point() {
    let evaluation = example_evaluation();
    let length = json::render(&evaluation).unwrap().len();
    for room in [0, 1, length / 2, length - 1] {
        let error = json::write(&evaluation, Full { room }).unwrap_err();
        assert_eq!(
            error.io_error_kind(),
            Some(std::io::ErrorKind::StorageFull),
            "room {room}"
        );
    }
    assert!(json::write(&evaluation, Full { room: length }).is_ok());
}
