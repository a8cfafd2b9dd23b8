//! The text report keeps its 100-column promise whatever the numbers.

#![allow(clippy::unwrap_used, reason = "tests")]

use upskill_dataset::{DatasetFiles, EvaluateOptions, evaluate, example};
use upskill_report::{Style, text};

#[test]
fn text_fits_100_columns_with_huge_numbers() {
    let options = EvaluateOptions {
        as_of: example::as_of(),
        ..EvaluateOptions::default()
    };
    let evaluation = evaluate(&DatasetFiles::example(), &options).unwrap();
    let mut report = serde_json::to_value(&evaluation.assessment).unwrap();
    let huge = serde_json::json!(123_456_789_012_345_u64);
    for section in ["metrics", "bands"] {
        for (_, v) in report[section].as_object_mut().unwrap() {
            if v.is_u64() {
                *v = huge.clone();
            }
        }
    }
    for (_, v) in report["ledger"]["fates"].as_object_mut().unwrap() {
        *v = huge.clone();
    }
    for (_, v) in report["ledger"]["detail"].as_object_mut().unwrap() {
        *v = huge.clone();
    }
    for w in report["weekly"].as_array_mut().unwrap() {
        w["eligible"] = huge.clone();
        w["met"] = huge.clone();
    }
    report["learners"][0]["team"] =
        serde_json::json!("研修チーム with a very long name that goes on and on e\u{301}\u{1b}[2J");
    report["learners"][1]["learner_id"] = serde_json::json!("学習者-0001-学習者-0001-学習者");
    let assessment: upskill_policy::Assessment = serde_json::from_value(report).unwrap();
    let text = text::render(&assessment, &text::TextOptions::new(Style::PLAIN));
    assert!(!text.contains('\u{1b}'), "input escapes reach the terminal");
    for line in text.lines() {
        let columns = unicode_width::UnicodeWidthStr::width(line);
        assert!(columns <= 100, "{columns} columns: {line}");
    }
}
