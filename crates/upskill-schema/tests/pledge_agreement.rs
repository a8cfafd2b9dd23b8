//! The published pledge schema and the engine's pledge reader give the same
//! yes/no (issue 15 item 4): pledges generated from the schema's own
//! constraints (each field's bounds, just inside and just outside, its enum
//! values and a stranger, `null`, absent, a wrong type) are accepted by
//! `schemas/pledge.schema.json` exactly when `upskill_formats::read_pledge`
//! accepts them.
//!
//! Five rules the schema can only state in words (docs/rules.md, "Pledge
//! versions"; docs/formats.md, "Numbers read exactly"): the time zone is an
//! IANA name; versions are in increasing `effective_from` order of weeks
//! that exist; the `some_weeks` band is not above `most_weeks`; a
//! `"format": "date"` holiday is a real date (draft 2020-12 makes `format`
//! an annotation, so validators do not check it by default); and no number
//! is finer than the engine keeps (proportions to the millionth, hours to
//! the minute; a binary `multipleOf` cannot say it exactly). The generator
//! keeps to them;
//! `cross_field_rules_are_the_engines` shows the engine enforcing each.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use upskill_formats::{ReadOptions, read_pledge};
use upskill_schema::Published;

/// A field's value: `None` leaves it out.
type Field = Option<Value>;

/// One of `values`; the first `valid` of them are accepted by both, the
/// rest (drawn one time in 30, so that most pledges are otherwise valid and
/// each refusal is seen on its own) by neither.
fn pick(values: Vec<Field>) -> BoxedStrategy<Field> {
    pick_valid(values.len(), values)
}

fn pick_valid(valid: usize, values: Vec<Field>) -> BoxedStrategy<Field> {
    let (good, bad) = values.split_at(valid.min(values.len()));
    let good = proptest::sample::select(good.to_vec());
    if bad.is_empty() {
        return good.boxed();
    }
    let bad = proptest::sample::select(bad.to_vec());
    prop_oneof![29 => good, 1 => bad].boxed()
}

/// A `uint32` field with `minimum` `min` and optional `maximum`.
fn integer(min: i64, max: Option<i64>) -> BoxedStrategy<Field> {
    let max = max.unwrap_or(i64::from(u32::MAX));
    pick_valid(
        7,
        vec![
            None,
            Some(Value::Null),
            Some(json!(min)),
            Some(json!(min + 1)),
            Some(json!(max)),
            Some(json!(60.min(max))),
            // A whole number with a fraction, as Python's `json.dumps` of a
            // float writes it: an `integer` (JSON Schema 2020-12 Core §4.2.1).
            #[expect(clippy::cast_precision_loss, reason = "small test values, exact")]
            Some(json!(60.min(max) as f64)),
            Some(json!(min - 1)),
            Some(json!(max + 1)),
            Some(json!(1.5)),
            Some(json!("60")),
        ],
    )
}

/// A number from 0 to 1.
fn proportion() -> BoxedStrategy<Field> {
    pick_valid(
        4,
        vec![
            None,
            Some(json!(0)),
            Some(json!(0.8)),
            Some(json!(1)),
            Some(json!(1.000001)),
            Some(json!(-0.1)),
            Some(json!("0.8")),
        ],
    )
}

fn counting() -> BoxedStrategy<Field> {
    let flag = || {
        pick_valid(
            4,
            vec![
                None,
                Some(Value::Null),
                Some(json!(true)),
                Some(json!(false)),
                Some(json!("yes")),
            ],
        )
    };
    (
        integer(0, None),
        integer(0, None),
        integer(0, None),
        integer(0, None),
        integer(0, None),
        flag(),
        flag(),
        pick_valid(
            4,
            vec![
                None,
                Some(Value::Null),
                Some(json!(["course"])),
                Some(json!(["course", "course", "coaching"])),
                Some(json!([])),
                Some(json!(["napping"])),
            ],
        ),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(a, b, c, d, e, f, g, kinds, absent)| {
            if absent {
                return None;
            }
            let mut o = Map::new();
            for (name, value) in [
                ("per_session_cap_minutes", a),
                ("daily_cap_minutes", b),
                ("minimum_session_minutes", c),
                ("carry_forward_cap_minutes", d),
                ("rounding_increment_minutes", e),
                ("count_self_reported", f),
                ("cmi5_browse_review_counts", g),
                ("creditable_activities", kinds),
            ] {
                if let Some(v) = value {
                    o.insert(name.into(), v);
                }
            }
            Some(Value::Object(o))
        })
        .boxed()
}

fn target() -> BoxedStrategy<Field> {
    (proportion(), proportion(), proportion(), any::<bool>())
        .prop_map(|(a, b, c, null)| {
            if null {
                return Some(Value::Null);
            }
            let mut o = Map::new();
            for (name, value) in [
                ("learner_week_rate", a),
                ("participation_rate", b),
                ("most_weeks_share", c),
            ] {
                if let Some(v) = value {
                    o.insert(name.into(), v);
                }
            }
            Some(Value::Object(o))
        })
        .boxed()
}

fn bands() -> BoxedStrategy<Field> {
    // Valid values keep `some_weeks <= most_weeks` (a cross-field rule).
    (
        pick_valid(
            3,
            vec![
                None,
                Some(json!(0.75)),
                Some(json!(1)),
                Some(json!(1.2)),
                Some(json!(-0.1)),
            ],
        ),
        pick_valid(
            3,
            vec![
                None,
                Some(json!(0)),
                Some(json!(0.25)),
                Some(json!(1.5)),
                Some(json!(-0.1)),
            ],
        ),
    )
        .prop_map(|(most, some)| {
            let mut o = Map::new();
            if let Some(v) = most {
                o.insert("most_weeks".into(), v);
            }
            if let Some(v) = some {
                o.insert("some_weeks".into(), v);
            }
            Some(Value::Object(o))
        })
        .boxed()
}

fn full_time_hours() -> BoxedStrategy<Field> {
    pick_valid(
        6,
        vec![
            None,
            Some(Value::Null),
            // Just above 0 and still a whole number of minutes (3).
            Some(json!(0.05)),
            Some(json!(37.5)),
            Some(json!(40)),
            Some(json!(168)),
            Some(json!(0)),
            Some(json!(168.01)),
            Some(json!(-1)),
            Some(json!("40")),
        ],
    )
}

fn partial_weeks() -> BoxedStrategy<Field> {
    pick_valid(
        6,
        vec![
            None,
            Some(Value::Null),
            Some(json!({"rule": "scale"})),
            Some(json!({"rule": "exempt_below", "working_days": 1})),
            Some(json!({"rule": "exempt_below", "working_days": 3})),
            Some(json!({"rule": "exempt_below", "working_days": 8})),
            Some(json!({"rule": "exempt_below", "working_days": 0})),
            Some(json!({"rule": "exempt_below", "working_days": -1})),
            Some(json!({"rule": "exempt_below"})),
            Some(json!({"rule": "scale", "working_days": 3})),
            Some(json!({"rule": "sometimes"})),
        ],
    )
}

fn pro_rata() -> BoxedStrategy<Field> {
    pick_valid(
        5,
        vec![
            None,
            Some(Value::Null),
            Some(json!("none")),
            Some(json!("fte")),
            Some(json!("contracted_hours")),
            Some(json!("hours")),
        ],
    )
}

/// The rule fields shared by the top level and each version.
fn rules() -> BoxedStrategy<Map<String, Value>> {
    (
        integer(1, Some(10080)),
        pro_rata(),
        full_time_hours(),
        partial_weeks(),
        integer(0, None),
        counting(),
        target(),
        bands(),
    )
        .prop_map(
            |(minutes, pro_rata, hours, partial, grace, counting, target, bands)| {
                let mut o = Map::new();
                for (name, value) in [
                    ("minutes_per_week", minutes),
                    ("pro_rata", pro_rata),
                    ("full_time_hours", hours),
                    ("partial_weeks", partial),
                    ("grace_weeks", grace),
                    ("counting", counting),
                    ("target", target),
                    ("bands", bands),
                ] {
                    if let Some(v) = value {
                        o.insert(name.into(), v);
                    }
                }
                o
            },
        )
        .boxed()
}

fn pledge() -> impl Strategy<Value = Value> {
    let name = || {
        pick_valid(
            2,
            vec![
                Some(json!("acme")),
                Some(json!(" a ")),
                Some(json!("")),
                Some(json!("   ")),
                Some(json!(7)),
                None,
            ],
        )
    };
    (
        (name(), name()),
        pick(vec![
            Some(json!("Europe/London")),
            Some(json!("UTC")),
            Some(json!("Pacific/Apia")),
        ]),
        pick_valid(
            4,
            vec![
                None,
                Some(Value::Null),
                Some(json!("monday")),
                Some(json!("sunday")),
                Some(json!("funday")),
            ],
        ),
        pick_valid(
            4,
            vec![
                None,
                Some(Value::Null),
                Some(json!(["monday"])),
                Some(json!(["saturday", "saturday", "sunday"])),
                Some(json!([])),
                Some(json!(["someday"])),
            ],
        ),
        pick_valid(
            3,
            vec![
                None,
                Some(json!([])),
                Some(json!(["2026-12-25", "2026-12-28"])),
                Some(Value::Null),
            ],
        ),
        pick_valid(
            4,
            vec![
                None,
                Some(Value::Null),
                Some(json!("advisory")),
                Some(json!("enforcing")),
                Some(json!("strict")),
            ],
        ),
        rules(),
        proptest::collection::vec(rules(), 0..3),
        proptest::bool::weighted(0.05),
    )
        .prop_map(
            |(
                (id, name),
                zone,
                week_start,
                working_days,
                holidays,
                mode,
                top,
                versions,
                stranger,
            )| {
                let mut o = Map::new();
                o.insert("schema_version".into(), json!(1));
                let mut org = Map::new();
                if let Some(id) = id {
                    org.insert("id".into(), id);
                }
                if let Some(name) = name {
                    org.insert("name".into(), name);
                }
                o.insert("organisation".into(), Value::Object(org));
                for (key, value) in [
                    ("time_zone", zone),
                    ("week_start", week_start),
                    ("working_days", working_days),
                    ("holidays", holidays),
                    ("mode", mode),
                ] {
                    if let Some(v) = value {
                        o.insert(key.into(), v);
                    }
                }
                o.extend(top);
                let versions: Vec<Value> = versions
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut v)| {
                        // Real labels in increasing order (a cross-field rule).
                        v.insert(
                            "effective_from".into(),
                            json!(format!("2026-W{:02}", 10 + 3 * i)),
                        );
                        Value::Object(v)
                    })
                    .collect();
                if !versions.is_empty() {
                    o.insert("versions".into(), Value::Array(versions));
                }
                if stranger {
                    o.insert("minutes".into(), json!(60));
                }
                Value::Object(o)
            },
        )
}

/// What the published schema says of `doc`. jsonschema 0.33 takes `60.0`
/// for an `integer` only where `type` is that one word, not in a set such as
/// `["integer", "null"]`, against JSON Schema 2020-12 (Core §4.2.1; Python's
/// `jsonschema` accepts it): the document is given with such numbers as
/// integers, as `upskill validate` gives it.
fn schema_says(validator: &jsonschema::Validator, doc: &Value) -> Result<(), Vec<String>> {
    let whole = upskill_formats::whole_numbers_as_integers(doc);
    let doc = whole.as_ref().unwrap_or(doc);
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn engine_says(doc: &Value) -> Result<(), Vec<String>> {
    let bytes = serde_json::to_vec(doc).unwrap();
    read_pledge("pledge.json", bytes.as_slice(), ReadOptions::new())
        .map(|_| ())
        .map_err(|d| d.iter().map(ToString::to_string).collect())
}

/// The published pledge schema, compiled once.
static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(|| {
    jsonschema::draft202012::new(&Published::find("pledge").unwrap().schema()).unwrap()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn schema_and_engine_accept_the_same_pledges(doc in pledge()) {
        let schema = schema_says(&VALIDATOR, &doc);
        if std::env::var_os("AGREEMENT_STATS").is_some() {
            eprintln!("accepted={} {:?}", schema.is_ok(), schema.as_ref().err().map(|e| e.first().cloned()));
        }
        let engine = engine_says(&doc);
        prop_assert_eq!(
            schema.is_ok(),
            engine.is_ok(),
            "pledge {}\nschema: {:?}\nengine: {:?}",
            doc,
            schema,
            engine
        );
    }
}

#[test]
fn zero_means_none_for_caps_minimum_and_rounding() {
    // Case zero-caps-schema-mismatch: 0 in each counting field is valid for
    // the schema and read by the engine as "none".
    let validator = &*VALIDATOR;
    for field in [
        "minimum_session_minutes",
        "per_session_cap_minutes",
        "daily_cap_minutes",
        "rounding_increment_minutes",
        "carry_forward_cap_minutes",
    ] {
        let doc = json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"},
            "time_zone": "UTC", "counting": {field: 0}});
        assert!(schema_says(validator, &doc).is_ok(), "{field}");
        assert!(engine_says(&doc).is_ok(), "{field}");
    }
    // `partial_weeks.working_days` counts days and must be at least 1; both
    // refuse 0, and the engine names the unit.
    let doc = json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"},
        "time_zone": "UTC", "partial_weeks": {"rule": "exempt_below", "working_days": 0}});
    assert!(schema_says(validator, &doc).is_err());
    let engine = engine_says(&doc).unwrap_err();
    insta::assert_snapshot!(engine.join("\n"), @"pledge.json: error[P005]: `partial_weeks.working_days` must be at least 1 working day");
}

#[test]
fn cross_field_rules_are_the_engines() {
    let validator = &*VALIDATOR;
    let base = || json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "UTC"});
    let mut zone = base();
    zone["time_zone"] = json!("Mars/Olympus_Mons");
    let mut order = base();
    order["versions"] = json!([{"effective_from": "2026-W12"}, {"effective_from": "2026-W11"}]);
    let mut label = base();
    label["versions"] = json!([{"effective_from": "2026-W99"}]);
    let mut bands = base();
    bands["bands"] = json!({"most_weeks": 0.2});
    let mut date = base();
    date["holidays"] = json!(["2026-02-30"]);
    let mut finer_target = base();
    finer_target["target"] = json!({"learner_week_rate": 0.5740741});
    let mut finer_hours = base();
    finer_hours["full_time_hours"] = json!(0.001);
    for doc in [zone, order, label, bands, date, finer_target, finer_hours] {
        assert!(schema_says(validator, &doc).is_ok(), "{doc}");
        assert!(engine_says(&doc).is_err(), "{doc}");
    }
}
