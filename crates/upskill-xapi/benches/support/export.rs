//! The generated LRS export both benchmarks read.
#![allow(dead_code, reason = "each benchmark uses a part")]

use std::fmt::Write as _;

use upskill_xapi::IdentityMap;

/// Learners in the generated export.
pub const LEARNERS: u64 = 500;

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// `count` statements as JSON Lines: of every 10, 2 plain statements (one
/// a duplicate of the other), 2 ADL SCORM Profile sittings (`suspended`,
/// `terminated`), 5 of a cmi5 session and 1 voiding (of a SCORM sitting).
pub fn export(count: u64) -> String {
    let mut out = String::new();
    let mut n = 0u64;
    while n < count {
        let learner = n / 10 % LEARNERS;
        let day = 1 + n / 10 / LEARNERS % 28;
        let at = |minute: u64| {
            format!(
                "2026-02-{day:02}T{:02}:{:02}:00Z",
                8 + minute / 60,
                minute % 60
            )
        };
        let agent = format!(
            r#"{{"objectType":"Agent","name":"Learner {learner}","mbox":"mailto:learner{learner}@example.com"}}"#
        );
        let account = format!(
            r#"{{"objectType":"Agent","account":{{"homePage":"https://lms.example.com","name":"l{learner}"}}}}"#
        );
        let course = r#"{"objectType":"Activity","id":"https://lms.example.com/courses/data-ethics","definition":{"name":{"en-GB":"Data ethics"},"type":"http://adlnet.gov/expapi/activities/course"}}"#;
        let plain = |id: u64, verb: &str, minute: u64| {
            format!(
                r#"{{"id":"{}","actor":{agent},"verb":{{"id":"http://adlnet.gov/expapi/verbs/{verb}","display":{{"en-US":"{verb}"}}}},"object":{course},"result":{{"completion":true,"duration":"PT{}M{}.25S"}},"timestamp":"{}","stored":"{}"}}"#,
                uuid(id),
                5 + id % 40,
                id % 60,
                at(minute),
                at(minute + 1)
            )
        };
        let scorm = |id: u64, verb: &str, minute: u64, duration: &str| {
            format!(
                r#"{{"id":"{}","actor":{account},"verb":{{"id":"http://adlnet.gov/expapi/verbs/{verb}","display":{{"en-US":"{verb}"}}}},"object":{{"id":"https://lms.example.com/courses/cs101/lesson01/sco","definition":{{"type":"http://adlnet.gov/expapi/activities/lesson"}}}},"result":{{"completion":false,"duration":"{duration}"}},"context":{{"registration":"d6e7f809-1a2b-4c3d-8e4f-5a6b7c8d9e0f","contextActivities":{{"grouping":[{{"id":"https://lms.example.com/courses/cs101/","definition":{{"type":"http://adlnet.gov/expapi/activities/course"}}}},{{"id":"https://lms.example.com/courses/cs101/lesson01/sco?attemptId={learner}","definition":{{"type":"http://adlnet.gov/expapi/activities/attempt"}}}}],"category":[{{"id":"https://w3id.org/xapi/scorm"}}]}}}},"timestamp":"{}"}}"#,
                uuid(id),
                at(minute)
            )
        };
        let session = format!("session-{n}");
        let cmi5 = |id: u64, verb: &str, minute: u64, extra: &str| {
            format!(
                r#"{{"id":"{}","actor":{account},"verb":{{"id":"{verb}"}},"object":{{"id":"https://lms.example.com/au/{}"}},{extra}"context":{{"registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f7","contextActivities":{{"category":[{{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}}]}},"extensions":{{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"{session}","https://w3id.org/xapi/cmi5/context/extensions/launchmode":"Normal"}}}},"timestamp":"{}"}}"#,
                uuid(id),
                learner % 7,
                at(minute)
            )
        };
        let lines = [
            plain(n, "completed", 60),
            plain(n, "completed", 60),
            scorm(n + 2, "suspended", 120, "PT40M"),
            scorm(n + 3, "terminated", 200, "PT35M"),
            cmi5(n + 4, "http://adlnet.gov/expapi/verbs/launched", 300, ""),
            cmi5(n + 5, "http://adlnet.gov/expapi/verbs/initialized", 301, ""),
            cmi5(
                n + 6,
                "http://adlnet.gov/expapi/verbs/completed",
                320,
                r#""result":{"completion":true,"duration":"PT19M"},"#,
            ),
            cmi5(
                n + 7,
                "http://adlnet.gov/expapi/verbs/terminated",
                330,
                r#""result":{"duration":"PT29M"},"#,
            ),
            cmi5(n + 8, "http://adlnet.gov/expapi/verbs/experienced", 310, ""),
            format!(
                r#"{{"id":"{}","actor":{{"mbox":"mailto:admin@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/voided"}},"object":{{"objectType":"StatementRef","id":"{}"}},"timestamp":"{}"}}"#,
                uuid(n + 9),
                uuid(n + 3),
                at(400)
            ),
        ];
        for line in lines
            .iter()
            .take(usize::try_from(count - n).unwrap_or(usize::MAX))
        {
            out.push_str(line);
            out.push('\n');
        }
        n += 10;
    }
    out
}

/// The identity mapping of the export's learners as CSV: each learner by
/// mbox and by account.
pub fn mapping_csv() -> String {
    let mut csv = String::from("learner_id,mbox,account_home_page,account_name\n");
    for learner in 0..LEARNERS {
        let _ = writeln!(csv, "e{learner},mailto:learner{learner}@example.com,,");
        let _ = writeln!(csv, "e{learner},,https://lms.example.com,l{learner}");
    }
    csv
}

pub fn mapping() -> IdentityMap {
    IdentityMap::read_csv(mapping_csv().as_bytes(), "people.csv").map
}
