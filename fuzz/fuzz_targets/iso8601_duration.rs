//! Fuzzes the exact duration parsers (`upskill_session::iso8601`): they must
//! never panic, and what they accept must be consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upskill_session::iso8601::{
    format_duration, parse_scorm12_timespan, parse_scorm2004_duration, parse_xapi_duration,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let xapi = parse_xapi_duration(text);
    let scorm2004 = parse_scorm2004_duration(text);
    let _ = parse_scorm12_timespan(text);
    // Every message names the problem.
    if let Err(error) = &xapi {
        assert!(!error.to_string().is_empty());
    }
    // The canonical form reads back to the same value.
    if let Ok(centis) = xapi {
        assert_eq!(parse_xapi_duration(&format_duration(centis)), Ok(centis));
    }
    // SCORM 2004 is a stricter dialect of the same grammar: what it accepts,
    // xAPI accepts with the same value.
    if let Ok(centis) = scorm2004 {
        assert_eq!(xapi, Ok(centis), "{text:?}");
    }
});
