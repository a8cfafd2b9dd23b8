//! Pledge versions inherit field by field (docs/rules.md, "Pledge versions"):
//! over random version chains, the settings in force in each week equal the
//! field-wise fold of the documents in force, computed here independently of
//! the pledge reader.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test and bench code: a panic is a failed run, not a crash a user sees"
)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use upskill_pledge::{PartialWeeks, Pledge, PledgeDocument, PledgeVersion, ProRata, defaults};

/// One rule field as the fold sees it: its dotted name and its written value.
type Fields = BTreeMap<String, Value>;

/// A random subset of the rule fields, each with a valid value.
fn arb_fields() -> impl Strategy<Value = Fields> {
    let opt = |s: BoxedStrategy<Value>| proptest::option::weighted(0.35, s);
    let minutes = |lo: u32, hi: u32| (lo..=hi).prop_map(|m| json!(m)).boxed();
    // A cap, minimum or increment: `0` ("none") one time in four.
    let cap =
        |hi: u32| prop_oneof![1 => Just(json!(0)), 3 => (1..=hi).prop_map(|m| json!(m))].boxed();
    (
        (
            opt(minutes(1, 600)),
            opt(prop_oneof![
                Just(json!("none")),
                Just(json!("fte")),
                Just(json!("contracted_hours"))
            ]
            .boxed()),
            opt(prop_oneof![
                Just(json!(20.0)),
                Just(json!(37.5)),
                Just(json!(40)),
                Just(json!(48.25))
            ]
            .boxed()),
            opt(prop_oneof![
                Just(json!({"rule": "scale"})),
                (1u32..=5).prop_map(|d| json!({"rule": "exempt_below", "working_days": d})),
            ]
            .boxed()),
            opt(minutes(0, 4)),
        ),
        (
            // 0 means "none" for each (docs/rules.md), so it is drawn too.
            opt(cap(240)),
            opt(cap(480)),
            opt(cap(30)),
            opt(cap(240)),
            opt(cap(15)),
            opt(any::<bool>().prop_map(|b| json!(b)).boxed()),
            opt(any::<bool>().prop_map(|b| json!(b)).boxed()),
            opt(prop_oneof![
                Just(json!(["course"])),
                Just(json!(["e_learning", "coaching"]))
            ]
            .boxed()),
        ),
        (
            opt(prop_oneof![
                Just(Value::Null),
                (0u32..=100).prop_map(|p| json!(f64::from(p) / 100.0))
            ]
            .boxed()),
            opt(prop_oneof![
                Just(Value::Null),
                (0u32..=100).prop_map(|p| json!(f64::from(p) / 100.0))
            ]
            .boxed()),
            // Bands chosen so that any mix of them stays in order.
            opt((50u32..=100)
                .prop_map(|p| json!(f64::from(p) / 100.0))
                .boxed()),
            opt((0u32..50).prop_map(|p| json!(f64::from(p) / 100.0)).boxed()),
        ),
    )
        .prop_map(
            |((mpw, pr, fth, pw, grace), counting, (lwr, pr_rate, most, some))| {
                let mut f = Fields::new();
                let mut put = |name: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        f.insert(name.to_string(), v);
                    }
                };
                put("minutes_per_week", mpw);
                put("pro_rata", pr);
                put("full_time_hours", fth);
                put("partial_weeks", pw);
                put("grace_weeks", grace);
                let (psc, dc, ms, cf, ri, sr, cmi, kinds) = counting;
                put("counting.per_session_cap_minutes", psc);
                put("counting.daily_cap_minutes", dc);
                put("counting.minimum_session_minutes", ms);
                put("counting.carry_forward_cap_minutes", cf);
                put("counting.rounding_increment_minutes", ri);
                put("counting.count_self_reported", sr);
                put("counting.cmi5_browse_review_counts", cmi);
                put("counting.creditable_activities", kinds);
                put("target.learner_week_rate", lwr);
                put("target.participation_rate", pr_rate);
                put("bands.most_weeks", most);
                put("bands.some_weeks", some);
                f
            },
        )
}

/// Writes fields into a pledge or version object (`counting.x` nests).
fn write(object: &mut Map<String, Value>, fields: &Fields) {
    for (name, value) in fields {
        match name.split_once('.') {
            Some((group, field)) => {
                let group = object.entry(group).or_insert_with(|| json!({}));
                group[field] = value.clone();
            }
            None => {
                object.insert(name.clone(), value.clone());
            }
        }
    }
}

/// The settings of a version, flattened to the written vocabulary.
fn settings(v: &PledgeVersion) -> Fields {
    let mut f = Fields::new();
    let r = &v.requirement;
    let c = &v.counting;
    let minutes = |m: Option<std::num::NonZeroU32>| json!(m.map_or(0, |m| m.get()));
    f.insert("minutes_per_week".into(), json!(r.minutes_per_week.get()));
    let pro_rata = match r.pro_rata {
        ProRata::None => "none",
        ProRata::Fte => "fte",
        ProRata::ContractedHours => "contracted_hours",
    };
    f.insert("pro_rata".into(), json!(pro_rata));
    f.insert("full_time_hours".into(), json!(r.full_time_minutes.get()));
    let partial = match r.partial_weeks {
        PartialWeeks::ExemptBelow { working_days } => {
            json!({"rule": "exempt_below", "working_days": working_days.get()})
        }
        PartialWeeks::Scale => json!({"rule": "scale"}),
    };
    f.insert("partial_weeks".into(), partial);
    f.insert("grace_weeks".into(), json!(r.grace_weeks));
    f.insert(
        "counting.per_session_cap_minutes".into(),
        minutes(c.per_session_cap_minutes),
    );
    f.insert(
        "counting.daily_cap_minutes".into(),
        minutes(c.daily_cap_minutes),
    );
    f.insert(
        "counting.minimum_session_minutes".into(),
        minutes(c.minimum_session_minutes),
    );
    f.insert(
        "counting.carry_forward_cap_minutes".into(),
        minutes(c.carry_forward_cap_minutes),
    );
    f.insert(
        "counting.rounding_increment_minutes".into(),
        minutes(c.rounding_increment_minutes),
    );
    f.insert(
        "counting.count_self_reported".into(),
        json!(c.count_self_reported),
    );
    f.insert(
        "counting.cmi5_browse_review_counts".into(),
        json!(c.cmi5_browse_review_counts),
    );
    let kinds: Vec<Value> = c
        .creditable
        .iter()
        .map(|k| serde_json::to_value(k).unwrap())
        .collect();
    f.insert("counting.creditable_activities".into(), Value::Array(kinds));
    let ppm = |p: Option<upskill_pledge::Proportion>| json!(p.map(|p| p.ppm()));
    f.insert(
        "target.learner_week_rate".into(),
        ppm(v.target.learner_week_rate),
    );
    f.insert(
        "target.participation_rate".into(),
        ppm(v.target.participation_rate),
    );
    f.insert("bands.most_weeks".into(), json!(v.bands.most_weeks.ppm()));
    f.insert("bands.some_weeks".into(), json!(v.bands.some_weeks.ppm()));
    f
}

/// The documented defaults, in the same vocabulary as [`settings`].
fn default_settings() -> Fields {
    let all: Vec<Value> = upskill_session::ActivityKind::ALL
        .iter()
        .map(|k| serde_json::to_value(k).unwrap())
        .collect();
    [
        ("minutes_per_week", json!(60)),
        ("pro_rata", json!("none")),
        (
            "full_time_hours",
            json!(defaults::FULL_TIME_MINUTES_PER_WEEK),
        ),
        ("partial_weeks", json!({"rule": "scale"})),
        ("grace_weeks", json!(0)),
        ("counting.per_session_cap_minutes", json!(0)),
        ("counting.daily_cap_minutes", json!(0)),
        ("counting.minimum_session_minutes", json!(0)),
        ("counting.carry_forward_cap_minutes", json!(0)),
        ("counting.rounding_increment_minutes", json!(0)),
        ("counting.count_self_reported", json!(true)),
        ("counting.cmi5_browse_review_counts", json!(false)),
        ("counting.creditable_activities", Value::Array(all)),
        ("target.learner_week_rate", json!(800_000)),
        ("target.participation_rate", Value::Null),
        ("bands.most_weeks", json!(750_000)),
        ("bands.some_weeks", json!(250_000)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A written value in the vocabulary of [`settings`] (hours to minutes,
/// proportions to ppm, kinds sorted).
fn normalise(name: &str, value: &Value) -> Value {
    match name {
        "full_time_hours" => json!((value.as_f64().unwrap() * 60.0).round() as u32),
        n if n.starts_with("target.") || n.starts_with("bands.") => value
            .as_f64()
            .map_or(Value::Null, |p| json!((p * 1e6).round() as u32)),
        "counting.creditable_activities" => {
            let mut kinds: Vec<String> = value
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_string())
                .collect();
            kinds.sort_by_key(|k| {
                serde_json::from_value::<upskill_session::ActivityKind>(json!(k)).unwrap()
            });
            kinds.dedup();
            json!(kinds)
        }
        _ => value.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn each_week_is_judged_by_the_fieldwise_fold_of_the_versions_in_force(
        top in arb_fields(),
        later in proptest::collection::vec((1u32..4, arb_fields()), 0..5),
    ) {
        let mut doc = json!({
            "schema_version": 1,
            "organisation": {"id": "acme", "name": "Acme Ltd"},
            "time_zone": "Europe/London",
        });
        write(doc.as_object_mut().unwrap(), &top);
        let mut week = 2u32;
        let mut chain = vec![(0u32, top)];
        let mut versions = Vec::new();
        for (gap, fields) in later {
            week += gap;
            let mut v = Map::new();
            v.insert("effective_from".into(), json!(format!("2026-W{week:02}")));
            write(&mut v, &fields);
            versions.push(Value::Object(v));
            chain.push((week, fields));
        }
        doc["versions"] = Value::Array(versions);
        let document: PledgeDocument = serde_json::from_value(doc).unwrap();
        let pledge = Pledge::from_document(&document).unwrap();
        let calendar = pledge.calendar().clone();
        for w in 1..=week + 1 {
            let label = format!("2026-W{w:02}");
            let mut expected = default_settings();
            for (_, fields) in chain.iter().filter(|(from, _)| *from <= w) {
                for (name, value) in fields {
                    expected.insert(name.clone(), normalise(name, value));
                }
            }
            let got = settings(pledge.version_for(calendar.parse_week(&label).unwrap()));
            prop_assert_eq!(&got, &expected, "week {}", label);
        }
    }
}
