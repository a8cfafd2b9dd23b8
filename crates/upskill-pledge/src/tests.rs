use super::*;
use proptest::prelude::*;
use upskill_calendar::DayOfWeek;

fn london() -> Calendar {
    Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap()
}

fn org() -> Organisation {
    Organisation::new("acme", "Acme Ltd").unwrap()
}

#[test]
fn proportions_are_exact() {
    assert_eq!(Proportion::parse("0.8").unwrap().ppm(), 800_000);
    assert_eq!(Proportion::parse("1").unwrap(), Proportion::ONE);
    assert_eq!(Proportion::parse(".5").unwrap().ppm(), 500_000);
    assert_eq!(Proportion::parse("0.333333").unwrap().ppm(), 333_333);
    assert_eq!(Proportion::from_f64(0.6).unwrap().ppm(), 600_000);
    for bad in ["1.1", "-0.1", "0.1234567", "", ".", "abc", "0,5", "NaN"] {
        assert!(Proportion::parse(bad).is_err(), "{bad}");
    }
    assert!(Proportion::from_f64(f64::NAN).is_err());
    // 4 of 5 meets exactly 0.8; 79 of 99 does not.
    let rate = Proportion::parse("0.8").unwrap();
    assert!(rate.is_met_by(4, 5));
    assert!(!rate.is_met_by(79, 99));
    assert!(!rate.is_met_by(0, 0));
    assert_eq!(Proportion::parse("0.250").unwrap().to_string(), "0.25");
    insta::assert_snapshot!(Proportion::parse("1.5").unwrap_err(), @"`1.5` is not a proportion: expected a number from 0 to 1 with at most 6 decimal places");
}

#[test]
fn constructor_validates_versions() {
    assert_eq!(
        Pledge::new(org(), london(), vec![]),
        Err(PledgeError::NoVersions)
    );
    let w = |l: &str| Some(london().parse_week(l).unwrap());
    let v = |from| PledgeVersion {
        effective_from: from,
        ..PledgeVersion::default()
    };
    assert_eq!(
        Pledge::new(org(), london(), vec![v(None), v(None)]),
        Err(PledgeError::MissingEffectiveFrom(1))
    );
    assert!(matches!(
        Pledge::new(
            org(),
            london(),
            vec![v(None), v(w("2026-W10")), v(w("2026-W10"))]
        ),
        Err(PledgeError::VersionsOutOfOrder { index: 2, .. })
    ));
    let mut inverted = PledgeVersion::default();
    inverted.bands.some_weeks = Proportion::parse("0.9").unwrap();
    insta::assert_snapshot!(Pledge::new(org(), london(), vec![inverted]).unwrap_err(), @"band threshold `some_weeks` (0.9) is above `most_weeks` (0.75)");
    let mut none = PledgeVersion::default();
    none.counting.creditable.clear();
    assert_eq!(
        Pledge::new(org(), london(), vec![none]),
        Err(PledgeError::NoCreditableKinds)
    );
    let sunday = Week::parse("2026-W10-sun", DayOfWeek::Sunday).unwrap();
    assert!(matches!(
        Pledge::new(org(), london(), vec![v(None), v(Some(sunday))]),
        Err(PledgeError::WrongWeekStart(_))
    ));
    assert!(Organisation::new(" ", "x").is_err());
}

#[test]
fn the_organisation_id_follows_the_one_id_text_rule() {
    let org = Organisation::new(" acme ", " Acme Ltd ").unwrap();
    assert_eq!(org.id(), "acme");
    assert_eq!(org.organisation_id().as_str(), "acme");
    assert_eq!(
        Organisation::new(" ", "x").unwrap_err(),
        PledgeError::EmptyOrganisationField("id")
    );
    insta::assert_snapshot!(Organisation::new("ac\u{7}me", "x").unwrap_err(), @r"organisation id `ac\u{7}me` contains a control character");
    insta::assert_snapshot!(Organisation::new(&"a".repeat(257), "x").unwrap_err(), @"organisation id is longer than 256 bytes");
}

#[test]
fn version_for_picks_the_version_in_force_at_the_week_start() {
    let cal = london();
    let mut later = PledgeVersion {
        effective_from: Some(cal.parse_week("2026-W10").unwrap()),
        ..PledgeVersion::default()
    };
    later.requirement.minutes_per_week = NonZeroU32::new(90).unwrap();
    let pledge = Pledge::new(org(), cal.clone(), vec![PledgeVersion::default(), later]).unwrap();
    let minutes = |l: &str| {
        pledge
            .version_for(cal.parse_week(l).unwrap())
            .requirement
            .minutes_per_week
            .get()
    };
    assert_eq!(minutes("2026-W09"), 60);
    assert_eq!(minutes("2026-W10"), 90);
    assert_eq!(minutes("2027-W01"), 90);
    assert_eq!(minutes("1999-W01"), 60);
}

#[test]
fn counting_rules_round_down() {
    let mut rules = CountingRules::default();
    assert_eq!(rules.round_credited(59), 59);
    rules.rounding_increment_minutes = NonZeroU32::new(15);
    assert_eq!(rules.round_credited(59), 45);
    assert_eq!(rules.round_credited(60), 60);
    assert!(rules.is_creditable(ActivityKind::Reading));
}

#[cfg(feature = "serde")]
mod documents {
    use super::*;

    fn read(json: &str) -> Result<Pledge, String> {
        let doc: PledgeDocument = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Pledge::from_document(&doc).map_err(|e| e.to_string())
    }

    #[test]
    fn the_minimal_form_reads_with_defaults() {
        let pledge = read(r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London", "minutes_per_week": 60, "pro_rata": "fte", "target": {"learner_week_rate": 0.8}}"#).unwrap();
        assert_eq!(pledge.organisation().name(), "Acme Ltd");
        assert_eq!(pledge.calendar(), &london());
        assert_eq!(pledge.mode(), Mode::Advisory);
        let v = &pledge.versions()[0];
        assert_eq!(v.requirement.pro_rata, ProRata::Fte);
        assert_eq!(
            v.target.learner_week_rate,
            Some(Proportion::parse("0.8").unwrap())
        );
        assert_eq!(v.counting, CountingRules::default());
        assert_eq!(v.bands, BandThresholds::default());
    }

    /// Case `field/workday-40h-fulltime`: `full_time_hours` is honoured under
    /// `pro_rata: fte` too (it measures learners given hours), kept when a later
    /// version switches the rule, and written back.
    #[test]
    fn full_time_hours_is_kept_under_fte_pro_rata() {
        let forty = NonZeroU32::new(2400).unwrap();
        let pledge = read(r#"{"schema_version": 1, "organisation": {"id": "a", "name": "A"}, "time_zone": "America/Chicago",
            "pro_rata": "fte", "full_time_hours": 40,
            "versions": [{"effective_from": "2026-W14", "pro_rata": "contracted_hours"}]}"#).unwrap();
        let [first, second] = pledge.versions() else {
            panic!("two versions")
        };
        assert_eq!(first.requirement.pro_rata, ProRata::Fte);
        assert_eq!(first.requirement.full_time_minutes, forty);
        assert_eq!(second.requirement.pro_rata, ProRata::ContractedHours);
        assert_eq!(second.requirement.full_time_minutes, forty);
        let back = Pledge::from_document(&pledge.to_document()).unwrap();
        assert_eq!(back, pledge);
    }

    #[test]
    fn versions_inherit_and_override() {
        let pledge = read(r#"{"schema_version": 1, "organisation": {"id": "a", "name": "A"}, "time_zone": "America/New_York", "week_start": "sunday",
            "pro_rata": "contracted_hours", "full_time_hours": 40, "counting": {"per_session_cap_minutes": 120},
            "target": {"participation_rate": 0.9},
            "versions": [{"effective_from": "2026-W14", "minutes_per_week": 90, "counting": {"daily_cap_minutes": 180}, "target": {"learner_week_rate": null}}]}"#).unwrap();
        let [first, second] = pledge.versions() else {
            panic!("two versions")
        };
        assert_eq!(first.requirement.pro_rata, ProRata::ContractedHours);
        assert_eq!(first.requirement.full_time_minutes.get(), 2400);
        assert_eq!(second.requirement.full_time_minutes.get(), 2400);
        assert_eq!(second.requirement.pro_rata, first.requirement.pro_rata);
        assert_eq!(second.requirement.minutes_per_week.get(), 90);
        assert_eq!(
            second.counting.per_session_cap_minutes,
            NonZeroU32::new(120)
        );
        assert_eq!(second.counting.daily_cap_minutes, NonZeroU32::new(180));
        assert_eq!(
            first.target.learner_week_rate,
            Some(defaults::LEARNER_WEEK_RATE)
        );
        assert_eq!(second.target.learner_week_rate, None);
        assert_eq!(
            second.target.participation_rate,
            Some(Proportion::parse("0.9").unwrap())
        );
        assert_eq!(second.effective_from.unwrap().to_string(), "2026-W14-sun");
    }

    #[test]
    fn bad_documents_are_refused_with_clear_errors() {
        let base = r#""schema_version": 1, "organisation": {"id": "a", "name": "A"}, "time_zone": "Europe/London""#;
        let err = |extra: &str| read(&format!("{{{base}{extra}}}")).unwrap_err();
        insta::assert_snapshot!(err(r#", "target": {"learner_week_rate": 1.2}"#), @"`1.2` is not a proportion: expected a number from 0 to 1 with at most 6 decimal places");
        insta::assert_snapshot!(err(r#", "minutes_per_week": 0"#), @"minutes per week must be from 1 to 10080, not 0");
        insta::assert_snapshot!(err(r#", "partial_weeks": {"rule": "exempt_below", "working_days": 0}"#), @"`partial_weeks.working_days` must be at least 1 working day");
        assert!(
            err(r#", "partial_weeks": {"rule": "scale", "working_days": 3}"#)
                .contains("unknown field `working_days`")
        );
        // 0 means "none" for the caps, the minimum and the rounding increment.
        let zero = read(&format!(r#"{{{base}, "counting": {{"per_session_cap_minutes": 0, "daily_cap_minutes": 0, "minimum_session_minutes": 0, "rounding_increment_minutes": 0}}}}"#)).unwrap();
        assert_eq!(zero.versions()[0].counting, CountingRules::default());
        assert!(err(r#", "colour": "red""#).contains("unknown field `colour`"));
        assert!(err(r#", "pro_rata": "hours""#).contains("unknown variant `hours`"));
        insta::assert_snapshot!(read(r#"{"schema_version": 2, "organisation": {"id": "a", "name": "A"}, "time_zone": "Europe/London"}"#).unwrap_err(), @"`schema_version` 2 is not supported: this version of upskill reads 1");
        insta::assert_snapshot!(read(r#"{"schema_version": 1, "organisation": {"id": "a", "name": "A"}, "time_zone": "Europe/Paris2"}"#).unwrap_err(), @"unknown time zone `Europe/Paris2`: expected an IANA name such as `Europe/London`");
        assert!(
            err(
                r#", "versions": [{"effective_from": "2026-W14"}, {"effective_from": "2026-W12"}]"#
            )
            .contains("not after the version before it")
        );
    }

    #[test]
    fn pledges_round_trip_through_documents() {
        let pledge = read(r#"{"schema_version": 1, "organisation": {"id": "a", "name": "A"}, "time_zone": "Australia/Lord_Howe", "holidays": ["2026-01-26"], "mode": "enforcing",
            "partial_weeks": {"rule": "exempt_below", "working_days": 3}, "grace_weeks": 2,
            "counting": {"creditable_activities": ["course", "e_learning"], "carry_forward_cap_minutes": 30, "rounding_increment_minutes": 15},
            "bands": {"most_weeks": 0.8, "some_weeks": 0.4},
            "versions": [{"effective_from": "2026-W20", "counting": {"carry_forward_cap_minutes": 0}}]}"#).unwrap();
        let doc = pledge.to_document();
        let json = serde_json::to_string(&doc).unwrap();
        let back: PledgeDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
        assert_eq!(Pledge::from_document(&back).unwrap(), pledge);
        assert_eq!(
            pledge.versions()[1].counting.carry_forward_cap_minutes,
            None
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn decimal_text_round_trips(ppm in 0u32..=PPM) {
        let p = Proportion::from_ppm(ppm).unwrap();
        prop_assert_eq!(Proportion::parse(&p.to_string()).unwrap(), p);
        prop_assert_eq!(Proportion::from_f64(p.to_f64()).unwrap(), p);
    }

    #[test]
    fn is_met_by_agrees_with_exact_fractions(ppm in 0u32..=PPM, num in 0u64..10_000, den in 1u64..10_000) {
        let p = Proportion::from_ppm(ppm).unwrap();
        prop_assert_eq!(p.is_met_by(num, den), num * 1_000_000 >= u64::from(ppm) * den);
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,12}") {
        let _ = Proportion::parse(&text);
    }
}
