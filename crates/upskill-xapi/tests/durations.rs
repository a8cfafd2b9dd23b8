//! Exact durations: xAPI (ISO 8601:2004 4.4.3.2 as xAPI 4.6 uses it), SCORM
//! 2004 `cmi.session_time` and SCORM 1.2 `cmi.core.session_time`.
#![cfg(test)]

use proptest::prelude::*;
use upskill_xapi::{
    DurationError, format_duration, parse_scorm12_timespan, parse_scorm2004_duration,
    parse_xapi_duration,
};

const S: u64 = 100;
const M: u64 = 60 * S;
const H: u64 = 60 * M;
const D: u64 = 24 * H;

#[test]
fn xapi_durations() {
    #[rustfmt::skip]
    let valid: &[(&str, u64, &str)] = &[
        ("PT4H35M59.14S", 4 * H + 35 * M + 5914, "4.6.s2 example"),
        ("PT16559.14S", 1_655_914, "4.6.s2 (seconds need not be carried over)"),
        ("P4W", 28 * D, "4.6.s2 example; a week is 7 days"),
        ("P1D", D, "a day is 24 hours of elapsed time"),
        ("P0Y0M2DT3H", 2 * D + 3 * H, "zero years and months are exact"),
        ("PT1.999S", 199, "4.6.s1.b4: finer digits truncated, not rounded"),
        ("PT0.009S", 0, "4.6.s1.b4: truncated to 0"),
        ("PT1,5M", 90 * S, "ISO 8601 comma decimal sign"),
        ("PT0.5H", 30 * M, "fraction on the lowest-order part"),
        ("P0.5D", 12 * H, "fraction on days"),
        ("PT0S", 0, "zero"),
        ("PT36H", 36 * H, "hours need not be carried over"),
        ("P00010D", 10 * D, "leading zeros"),
    ];
    for (text, centis, rule) in valid {
        assert_eq!(parse_xapi_duration(text), Ok(*centis), "{text} ({rule})");
    }
    #[rustfmt::skip]
    let invalid: &[(&str, &str)] = &[
        ("", "empty"), ("P", "no part"), ("PT", "no part"), ("P1DT", "T needs a part"),
        ("P4W1D", "4.6.s2: weeks stand alone"), ("P1DT1W", "weeks stand alone"),
        ("-P1D", "no sign"), ("+P1D", "no sign"), ("P-1D", "no sign"),
        ("P0003-06-04T12:30:05", "4.6.s1.b1: no alternative format"), ("P00030604T123005", "no alternative format, basic"),
        ("pt1h", "designators are uppercase"), ("PT1h", "designators are uppercase"),
        ("1H", "starts with P"), ("P1H", "hours follow T"), ("P16559.14S", "seconds follow T"),
        ("PT1M1H", "order"), ("P1D1Y", "order"), ("PT1H1H", "repeated"),
        ("PT1.5H30M", "fraction only on the last part"), ("PT.5S", "digit before the decimal sign"),
        ("PT1.S", "digit after the decimal sign"), ("PT5", "number without designator"),
        ("PTH", "designator without number"), ("P 1D", "no white space"), ("P1D ", "no white space"),
        ("PT1H30M10S10", "trailing number"), ("PT1X", "unknown designator"), ("P1Y2M3W", "weeks combined"),
    ];
    for (text, rule) in invalid {
        let error = parse_xapi_duration(text).expect_err(text);
        assert!(error.is_syntax_error(), "{text} ({rule}): {error}");
    }
    assert!(matches!(
        parse_xapi_duration("P3Y"),
        Err(DurationError::NotExact(_))
    ));
    assert!(matches!(
        parse_xapi_duration("P1Y2M3DT4H"),
        Err(DurationError::NotExact(_))
    ));
    assert!(matches!(
        parse_xapi_duration("PT18446744073709551616S"),
        Err(DurationError::Overflow(_))
    ));
}

#[test]
fn scorm_2004_session_times() {
    assert_eq!(parse_scorm2004_duration("PT1H5M3.5S"), Ok(H + 5 * M + 350));
    assert_eq!(parse_scorm2004_duration("P1DT0S"), Ok(D));
    assert_eq!(parse_scorm2004_duration("PT0S"), Ok(0));
    for bad in ["PT3.555S", "P1W", "PT0.5H", "PT1,5S", "PT", "P", "-PT1S"] {
        assert!(parse_scorm2004_duration(bad).is_err(), "{bad}");
    }
    assert!(matches!(
        parse_scorm2004_duration("P1M"),
        Err(DurationError::NotExact(_))
    ));
}

#[test]
fn scorm_1_2_session_times() {
    #[rustfmt::skip]
    let valid: &[(&str, u64)] = &[
        ("00:00:00", 0), ("0000:00:00", 0), ("01:30:00", 90 * M), ("9999:59:59.99", 9999 * H + 59 * M + 5999),
        ("00:00:05.5", 550), ("00:00:05.05", 505), ("123:00:00", 123 * H),
    ];
    for (text, centis) in valid {
        assert_eq!(parse_scorm12_timespan(text), Ok(*centis), "{text}");
    }
    #[rustfmt::skip]
    let invalid = [
        "", "0:00:00", "00000:00:00", "00:0:00", "00:00:0", "00:00:00.", "00:00:00.123",
        "00:60:00", "00:00:60", "00:00", "00:00:00:00", "PT1H", " 00:00:00", "00:00:05..5", "00:00:.5",
    ];
    for text in invalid {
        assert!(parse_scorm12_timespan(text).is_err(), "{text}");
    }
    insta::assert_snapshot!(parse_scorm12_timespan("1:30:00").unwrap_err(), @"SCORM 1.2 time `1:30:00` is not `HHHH:MM:SS.SS`: hours must have 2 to 4 digits");
}

#[test]
fn formatting_is_canonical() {
    assert_eq!(format_duration(0), "PT0S");
    assert_eq!(format_duration(5), "PT0.05S");
    assert_eq!(format_duration(50), "PT0.5S");
    assert_eq!(format_duration(H), "PT1H");
    assert_eq!(format_duration(H + 1), "PT1H0.01S");
    assert_eq!(format_duration(26 * H + 3 * M + 4 * S + 50), "PT26H3M4.5S");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn format_then_parse_round_trips(centis in any::<u64>()) {
        prop_assert_eq!(parse_xapi_duration(&format_duration(centis)), Ok(centis));
        prop_assert_eq!(parse_scorm2004_duration(&format_duration(centis)), Ok(centis));
    }

    #[test]
    fn parts_add_up_exactly(h in 0u64..10_000, m in 0u64..1_000, s in 0u64..100_000, frac in "[0-9]{1,12}") {
        let text = format!("PT{h}H{m}M{s}.{frac}S");
        let hundredths: u64 = format!("{frac:0<2}")[..2].parse().unwrap();
        prop_assert_eq!(parse_xapi_duration(&text), Ok(h * H + m * M + s * S + hundredths));
    }

    #[test]
    fn scorm12_agrees_with_iso(h in 0u64..10_000, m in 0u64..60, s in 0u64..60, cc in 0u64..100) {
        let scorm = format!("{h:02}:{m:02}:{s:02}.{cc:02}");
        let iso = format!("PT{h}H{m}M{s}.{cc:02}S");
        prop_assert_eq!(parse_scorm12_timespan(&scorm), parse_xapi_duration(&iso));
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,40}") {
        let _ = parse_xapi_duration(&text);
        let _ = parse_scorm2004_duration(&text);
        let _ = parse_scorm12_timespan(&text);
    }

    #[test]
    fn near_misses_never_panic(text in "[PTYMWDHS0-9.,:+\\- ]{0,24}") {
        for result in [parse_xapi_duration(&text), parse_scorm2004_duration(&text), parse_scorm12_timespan(&text)] {
            if let Err(error) = result {
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }
}

#[test]
fn session_times_are_reported_with_their_codes() {
    use upskill_formats::diagnostics::Location;
    use upskill_xapi::{TimeFormat, read_session_time};
    let code = |text: &str, format: TimeFormat| {
        read_session_time(text, format, Location::file("f"))
            .unwrap_err()
            .code
    };
    assert_eq!(code("PT", TimeFormat::Xapi), "D001");
    assert_eq!(code("P1Y", TimeFormat::Xapi), "D002");
    assert_eq!(code("P1M", TimeFormat::Scorm2004), "D002");
    assert_eq!(code("PT99999999999999999999S", TimeFormat::Xapi), "D003");
    assert_eq!(code("1:00:00", TimeFormat::Scorm12), "D004");
    assert_eq!(code("PT1.234S", TimeFormat::Scorm2004), "D005");
    assert_eq!(
        read_session_time("PT1.234S", TimeFormat::Xapi, Location::file("f")),
        Ok(123)
    );
}
