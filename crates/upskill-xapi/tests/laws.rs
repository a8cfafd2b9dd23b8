//! Laws of reading, over generated exports: the same statements give the
//! same fates and sessions whether they come as a JSON array, an LRS page or
//! JSON Lines, with or without a byte order mark, and whatever the reading
//! limits reject, every statement still has exactly one fate.
#![cfg(test)]

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use upskill_xapi::{Fate, Import, ImportOptions, Importer, InputFormat, ReadLimits};

/// One generated statement: plain, with a long name, or deeply nested.
fn statement(n: u32, shape: u8) -> Value {
    let mut s = plain(
        n,
        "completed",
        Some("PT20M"),
        &format!("{:02}:00:00", n % 24),
    );
    match shape % 4 {
        1 => s["object"]["definition"]["name"] = json!({"en-US": "A".repeat(3_000)}),
        2 => {
            let mut deep = json!(1);
            for _ in 0..70 {
                deep = json!([deep]);
            }
            s["result"]["extensions"] = json!({"https://example.com/deep": deep});
        }
        _ => {}
    }
    s
}

fn read(text: &[u8], format: InputFormat, limits: ReadLimits) -> Import {
    let mut importer = Importer::new(ImportOptions {
        limits,
        ..ImportOptions::default()
    });
    importer.read(text, "in", format).unwrap();
    importer.finish(&mapping())
}

fn outcome(import: &Import) -> (Vec<Fate>, Vec<u64>) {
    (fates(import), minutes(import))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_shape_reads_the_same(shapes in prop::collection::vec(0u8..8, 0..12), bom: bool, small in 1_000usize..5_000) {
        let statements: Vec<Value> = shapes.iter().enumerate().map(|(i, s)| statement(i as u32 + 1, *s)).collect();
        let limits = ReadLimits { max_statement_bytes: small, max_depth: 64 };
        let prefix: &[u8] = if bom { b"\xEF\xBB\xBF" } else { b"" };
        let array = [prefix, Value::Array(statements.clone()).to_string().as_bytes()].concat();
        let page = [prefix, json!({"statements": statements, "more": ""}).to_string().as_bytes()].concat();
        let lines: String = statements.iter().map(|s| format!("{s}\n")).collect();
        let lines = [prefix, lines.as_bytes()].concat();

        let from_array = read(&array, InputFormat::Json, limits);
        let from_page = read(&page, InputFormat::Json, limits);
        let from_lines = read(&lines, InputFormat::JsonLines, limits);

        // Exactly one fate per statement, in every shape.
        prop_assert_eq!(from_array.statements.len(), statements.len());
        prop_assert_eq!(outcome(&from_array), outcome(&from_page));
        prop_assert_eq!(outcome(&from_array), outcome(&from_lines));
        // A statement is rejected exactly when it is over a limit.
        for (i, s) in statements.iter().enumerate() {
            let over = s.to_string().len() > small || shapes[i] % 4 == 2;
            prop_assert_eq!(from_array.statements[i].fate == Fate::Rejected, over, "statement {}", i);
        }
    }
}
