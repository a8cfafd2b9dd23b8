//! Valid and invalid statements written from the xAPI 1.0.3 / 2.0 data model
//! (Part Two) and cmi5, each citing the rule it tests. Every case states the
//! *complete* list of problems expected (code and JSON pointer), so a
//! validator that stops at the first problem, or reports extra ones, fails.
#![cfg(test)]

use serde_json::{Value, json};
use upskill_formats::diagnostics::Location;
use upskill_xapi::validate_statement;

/// A complete, valid statement the cases below change one thing in.
fn base() -> Value {
    json!({
        "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
        "actor": {"objectType": "Agent", "name": "Ann Example", "mbox": "mailto:ann@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {
            "objectType": "Activity",
            "id": "http://example.com/activities/gdpr",
            "definition": {"name": {"en-GB": "GDPR basics"}, "type": "http://adlnet.gov/expapi/activities/course"}
        },
        "result": {"completion": true, "duration": "PT45M"},
        "timestamp": "2026-03-02T10:15:00Z"
    })
}

/// How a case builds its input.
enum Input {
    /// `base()` with values set (`Some`) or removed (`None`) at JSON pointers.
    Patch(&'static [(&'static str, Option<&'static str>)]),
    /// Literal JSON text (for repeated keys, which a `Value` cannot hold).
    Text(&'static str),
}

struct Case {
    name: &'static str,
    /// The specification rule tested.
    rule: &'static str,
    input: Input,
    /// Every problem expected: (code, JSON pointer).
    expected: &'static [(&'static str, &'static str)],
}

fn patched(patches: &[(&str, Option<&str>)]) -> String {
    let mut value = base();
    for (pointer, replacement) in patches {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        let target = if parent.is_empty() {
            &mut value
        } else {
            value.pointer_mut(parent).unwrap()
        };
        let map = target
            .as_object_mut()
            .unwrap_or_else(|| panic!("{parent} is not an object"));
        match replacement {
            Some(json) => {
                map.insert(
                    key,
                    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}")),
                );
            }
            None => {
                map.remove(&key);
            }
        }
    }
    value.to_string()
}

const SUB: &str = r#"{"objectType":"SubStatement","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/visited"},"object":{"id":"http://example.com/website"}}"#;

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ----- valid ------------------------------------------------------------
    Case { name: "complete statement", rule: "2.4 table", input: Input::Patch(&[]), expected: &[] },
    Case { name: "simplest statement", rule: "2.4.s2 example", input: Input::Text(r#"{"id":"12345678-1234-5678-1234-567812345678","actor":{"mbox":"mailto:xapi@adlnet.gov"},"verb":{"id":"http://adlnet.gov/expapi/verbs/created","display":{"en-US":"created"}},"object":{"id":"http://example.adlnet.gov/xapi/example/activity"}}"#), expected: &[] },
    Case { name: "no id is allowed", rule: "2.4.1.s2.b1 (id recommended, LRS assigns)", input: Input::Patch(&[("/id", None)]), expected: &[] },
    Case { name: "uppercase uuid", rule: "4.4 standard string form", input: Input::Patch(&[("/id", Some(r#""FD41C918-B88B-4B20-A0A5-A4C32391AAA0""#))]), expected: &[] },
    Case { name: "agent by mbox_sha1sum", rule: "2.4.2.3 IFI table", input: Input::Patch(&[("/actor", Some(r#"{"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}"#))]), expected: &[] },
    Case { name: "agent by openid", rule: "2.4.2.3 IFI table", input: Input::Patch(&[("/actor", Some(r#"{"openid":"http://toby.openid.example.org/"}"#))]), expected: &[] },
    Case { name: "agent by account", rule: "2.4.2.4.s3 example", input: Input::Patch(&[("/actor", Some(r#"{"objectType":"Agent","account":{"homePage":"http://www.example.com","name":"1625378"}}"#))]), expected: &[] },
    Case { name: "identified group with members", rule: "2.4.2.2 identified group; Appendix A", input: Input::Patch(&[("/actor", Some(r#"{"objectType":"Group","name":"Team PB","mbox":"mailto:teampb@example.com","member":[{"account":{"homePage":"http://www.example.com","name":"13936749"},"objectType":"Agent"},{"openid":"http://toby.openid.example.org/"}]}"#))]), expected: &[] },
    Case { name: "anonymous group", rule: "2.4.2.2.s4.b1", input: Input::Patch(&[("/actor", Some(r#"{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"},{"mbox":"mailto:b@example.com"}]}"#))]), expected: &[] },
    Case { name: "agent as object with objectType", rule: "2.4.4.2.s1.b1", input: Input::Patch(&[("/object", Some(r#"{"objectType":"Agent","mbox":"mailto:jeff@example.com"}"#))]), expected: &[] },
    Case { name: "statement reference", rule: "2.4.4.3.s5 example", input: Input::Patch(&[("/object", Some(r#"{"objectType":"StatementRef","id":"8f87ccde-bb56-4c2e-ab83-44982ef22df0"}"#))]), expected: &[] },
    Case { name: "substatement", rule: "2.4.4.3.s9 example", input: Input::Patch(&[("/object", Some(SUB))]), expected: &[] },
    Case { name: "voiding statement", rule: "2.3.2.s3 example", input: Input::Text(r#"{"actor":{"objectType":"Agent","name":"Example Admin","mbox":"mailto:admin@example.adlnet.gov"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},"object":{"objectType":"StatementRef","id":"e05aa883-acaf-40ad-bf54-02c8ce485fb0"}}"#), expected: &[] },
    Case { name: "score within bounds", rule: "2.4.5.1 score table", input: Input::Patch(&[("/result/score", Some(r#"{"scaled":0.95,"raw":95,"min":0,"max":100}"#))]), expected: &[] },
    Case { name: "scaled score at -1", rule: "2.4.5.1 scaled inclusive", input: Input::Patch(&[("/result/score", Some(r#"{"scaled":-1}"#))]), expected: &[] },
    Case { name: "raw equal to max", rule: "2.4.5.1 raw inclusive", input: Input::Patch(&[("/result/score", Some(r#"{"raw":10,"min":0,"max":10}"#))]), expected: &[] },
    Case { name: "full context", rule: "2.4.6 context table", input: Input::Patch(&[("/context", Some(r#"{"registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f7","instructor":{"mbox":"mailto:teacher@example.com"},"team":{"objectType":"Group","member":[{"mbox":"mailto:b@example.com"}]},"contextActivities":{"parent":[{"id":"http://www.example.com/meetings/series/267","objectType":"Activity"}],"grouping":[{"id":"http://example.com/g"}],"category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}],"other":[{"id":"http://example.com/o"}]},"revision":"1.2","platform":"Example LMS","language":"en-GB","statement":{"objectType":"StatementRef","id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-1"}}"#))]), expected: &[] },
    Case { name: "single context activity object", rule: "2.4.6.2.s4.b2", input: Input::Patch(&[("/context", Some(r#"{"contextActivities":{"parent":{"id":"http://example.com/parent"}}}"#))]), expected: &[] },
    Case { name: "timestamp with offset", rule: "4.5.s1.b1", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02T15:45:00+05:30""#))]), expected: &[] },
    Case { name: "timestamp with fraction", rule: "4.5.s1.b3", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02T10:15:00.123456Z""#))]), expected: &[] },
    Case { name: "version 1.0.0", rule: "2.4.10.s4.b1", input: Input::Patch(&[("/version", Some(r#""1.0.0""#))]), expected: &[] },
    Case { name: "version 1.0.3", rule: "2.4.10.s3.b1", input: Input::Patch(&[("/version", Some(r#""1.0.3""#))]), expected: &[] },
    Case { name: "version 2.0.0", rule: "xAPI 2.0 versioning", input: Input::Patch(&[("/version", Some(r#""2.0.0""#))]), expected: &[] },
    Case { name: "context agents in 2.0", rule: "xAPI 2.0 context agents", input: Input::Patch(&[("/version", Some(r#""2.0.0""#)), ("/context", Some(r#"{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:mentor@example.com"},"relevantTypes":["https://example.com/types/mentor"]}],"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:b@example.com"}]}}]}"#))]), expected: &[] },
    Case { name: "null inside extensions", rule: "2.2.s4.b1.b1 except inside extensions; 4.1.s3.b2", input: Input::Patch(&[("/result/extensions", Some(r#"{"http://example.com/ext":null}"#))]), expected: &[] },
    Case { name: "duration in weeks", rule: "4.6.s2 example P4W", input: Input::Patch(&[("/result/duration", Some(r#""P4W""#))]), expected: &[] },
    Case { name: "duration in years is valid syntax", rule: "4.6.s2 example P3Y", input: Input::Patch(&[("/result/duration", Some(r#""P3Y""#))]), expected: &[] },
    Case { name: "duration with every part", rule: "4.6.s2 example P3Y1M29DT4H35M59.14S", input: Input::Patch(&[("/result/duration", Some(r#""P3Y1M29DT4H35M59.14S""#))]), expected: &[] },
    Case { name: "duration in hours minutes seconds", rule: "4.6.s2 example PT4H35M59.14S", input: Input::Patch(&[("/result/duration", Some(r#""PT4H35M59.14S""#))]), expected: &[] },
    Case { name: "duration finer than 0.01 s", rule: "4.6.s1.b4 not rejected", input: Input::Patch(&[("/result/duration", Some(r#""PT1.2345S""#))]), expected: &[] },
    Case { name: "duration with comma fraction", rule: "4.6.s1.b1 (ISO 8601 decimal sign)", input: Input::Patch(&[("/result/duration", Some(r#""PT0,5H""#))]), expected: &[] },
    Case { name: "interaction activity", rule: "2.4.4.1.s8 interactions", input: Input::Patch(&[("/object/definition", Some(r#"{"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice","correctResponsesPattern":["golf[,]tetris"],"choices":[{"id":"golf","description":{"en-US":"Golf Example"}},{"id":"tetris","description":{"en-US":"Tetris Example"}}]}"#))]), expected: &[] },
    Case { name: "attachment", rule: "2.4.11.s2 attachment table", input: Input::Patch(&[("/attachments", Some(r#"[{"usageType":"http://adlnet.gov/expapi/attachments/signature","display":{"en-US":"Signature"},"contentType":"application/octet-stream","length":4235,"sha2":"672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634"}]"#))]), expected: &[] },
    Case { name: "stored and authority from an LRS", rule: "2.4.8, 2.4.9", input: Input::Patch(&[("/stored", Some(r#""2026-03-02T10:15:01.250Z""#)), ("/authority", Some(r#"{"objectType":"Group","member":[{"account":{"homePage":"http://example.com/xAPI/OAuth/Token","name":"oauth_consumer_x75db"}},{"mbox":"mailto:bob@example.com"}]}"#))]), expected: &[] },

    // ----- 2.2 formatting -----------------------------------------------------
    Case { name: "missing actor", rule: "2.2.s2.b3", input: Input::Patch(&[("/actor", None)]), expected: &[("X004", "/actor")] },
    Case { name: "missing verb", rule: "2.2.s2.b3", input: Input::Patch(&[("/verb", None)]), expected: &[("X004", "/verb")] },
    Case { name: "missing object", rule: "2.2.s2.b3", input: Input::Patch(&[("/object", None)]), expected: &[("X004", "/object")] },
    Case { name: "actor twice", rule: "2.2.s2.b2", input: Input::Text(r#"{"actor":{"mbox":"mailto:a@example.com"},"actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://example.com/v"},"object":{"id":"http://example.com/o"}}"#), expected: &[("X003", "/actor")] },
    Case { name: "mbox twice inside actor", rule: "2.2.s2.b2, 2.2.s3.b7", input: Input::Text(r#"{"actor":{"mbox":"mailto:a@example.com","mbox":"mailto:b@example.com"},"verb":{"id":"http://example.com/v"},"object":{"id":"http://example.com/o"}}"#), expected: &[("X003", "/actor/mbox")] },
    Case { name: "null result", rule: "2.2.s4.b1.b1", input: Input::Patch(&[("/result", Some("null"))]), expected: &[("X005", "/result")] },
    Case { name: "null in a language map", rule: "2.2.s4.b1.b1", input: Input::Patch(&[("/verb/display", Some(r#"{"en-US":null}"#))]), expected: &[("X005", "/verb/display/en-US")] },
    Case { name: "null activity id", rule: "2.2.s4.b1.b1", input: Input::Patch(&[("/object/id", Some("null"))]), expected: &[("X005", "/object/id")] },
    Case { name: "unknown top-level property", rule: "2.2.s4.b1.b7, 2.2.s4.b8", input: Input::Patch(&[("/foo", Some("1"))]), expected: &[("X006", "/foo")] },
    Case { name: "unknown property in result", rule: "2.2.s4.b1.b7", input: Input::Patch(&[("/result/time", Some(r#""PT1H""#))]), expected: &[("X006", "/result/time")] },
    Case { name: "key in wrong case", rule: "2.2.s4.b1.b5", input: Input::Text(r#"{"Actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://example.com/v"},"object":{"id":"http://example.com/o"}}"#), expected: &[("X007", "/Actor")] },
    Case { name: "result key in wrong case", rule: "2.2.s4.b1.b5", input: Input::Patch(&[("/result/Duration", Some(r#""PT1H""#))]), expected: &[("X007", "/result/Duration")] },
    Case { name: "objectType in wrong case", rule: "2.2.s4.b1.b6", input: Input::Patch(&[("/actor/objectType", Some(r#""agent""#))]), expected: &[("X017", "/actor/objectType")] },
    Case { name: "number given as a string", rule: "2.2.s4.b1.b2", input: Input::Patch(&[("/result/score", Some(r#"{"raw":"5"}"#))]), expected: &[("X008", "/result/score/raw")] },
    Case { name: "boolean given as a string", rule: "2.2.s4.b1.b3", input: Input::Patch(&[("/result/completion", Some(r#""true""#))]), expected: &[("X008", "/result/completion")] },
    Case { name: "statement is not an object", rule: "2.4 (a statement is an object)", input: Input::Text(r#"["not","a","statement"]"#), expected: &[("X002", "")] },
    Case { name: "every problem is reported", rule: "2.2.s4.b1 (reject with all reasons)", input: Input::Patch(&[("/actor/mbox", Some(r#""ann@example.com""#)), ("/verb/id", Some(r#""completed""#)), ("/timestamp", Some(r#""2026-03-02 10:15:00Z""#)), ("/result/duration", Some(r#""PT""#))]), expected: &[("D001", "/result/duration"), ("X012", "/actor/mbox"), ("X014", "/verb/id"), ("X020", "/timestamp")] },

    // ----- 2.4.1 id, 4.4 UUID -------------------------------------------------
    Case { name: "id not a uuid", rule: "2.4.1.s1, 4.4", input: Input::Patch(&[("/id", Some(r#""statement-1""#))]), expected: &[("X009", "/id")] },
    Case { name: "uuid without hyphens", rule: "4.4 standard string form", input: Input::Patch(&[("/id", Some(r#""fd41c918b88b4b20a0a5a4c32391aaa0""#))]), expected: &[("X009", "/id")] },
    Case { name: "uuid in braces", rule: "4.4 standard string form", input: Input::Patch(&[("/id", Some(r#""{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}""#))]), expected: &[("X009", "/id")] },
    Case { name: "empty id", rule: "2.2.s4.b1.b4 (empty string where a format is required)", input: Input::Patch(&[("/id", Some(r#""""#))]), expected: &[("X009", "/id")] },
    Case { name: "numeric id", rule: "2.4.1 (UUID string)", input: Input::Patch(&[("/id", Some("42"))]), expected: &[("X008", "/id")] },

    // ----- 2.4.2 actor ----------------------------------------------------------
    Case { name: "agent without identifier", rule: "2.4.2.1.s2.b1", input: Input::Patch(&[("/actor", Some(r#"{"name":"Ann"}"#))]), expected: &[("X010", "/actor")] },
    Case { name: "agent with two identifiers", rule: "2.4.2.1.s2.b2", input: Input::Patch(&[("/actor/account", Some(r#"{"homePage":"http://example.com","name":"ann"}"#))]), expected: &[("X011", "/actor")] },
    Case { name: "mbox without mailto", rule: "2.4.2.3 mbox: mailto IRI", input: Input::Patch(&[("/actor/mbox", Some(r#""ann@example.com""#))]), expected: &[("X012", "/actor/mbox")] },
    Case { name: "mbox with no address", rule: "2.4.2.3, 2.2.s4.b1.b4", input: Input::Patch(&[("/actor/mbox", Some(r#""mailto:""#))]), expected: &[("X012", "/actor/mbox")] },
    Case { name: "mbox with white space", rule: "2.4.2.3", input: Input::Patch(&[("/actor/mbox", Some(r#""mailto:ann smith@example.com""#))]), expected: &[("X012", "/actor/mbox")] },
    Case { name: "sha1sum too short", rule: "2.4.2.3 mbox_sha1sum hex SHA1", input: Input::Patch(&[("/actor", Some(r#"{"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee"}"#))]), expected: &[("X013", "/actor/mbox_sha1sum")] },
    Case { name: "sha1sum not hex", rule: "2.4.2.3 mbox_sha1sum hex SHA1", input: Input::Patch(&[("/actor", Some(r#"{"mbox_sha1sum":"zbd31e95054c018b10727ccffd2ef2ec3a016ee9"}"#))]), expected: &[("X013", "/actor/mbox_sha1sum")] },
    Case { name: "openid not a uri", rule: "2.4.2.3 openid: URI", input: Input::Patch(&[("/actor", Some(r#"{"openid":"toby"}"#))]), expected: &[("X014", "/actor/openid")] },
    Case { name: "openid not ascii", rule: "2.4.2.3 openid: URI", input: Input::Patch(&[("/actor", Some(r#"{"openid":"http://exämple.org/toby"}"#))]), expected: &[("X014", "/actor/openid")] },
    Case { name: "account without name", rule: "2.4.2.4.s2 name required", input: Input::Patch(&[("/actor", Some(r#"{"account":{"homePage":"http://www.example.com"}}"#))]), expected: &[("X004", "/actor/account/name")] },
    Case { name: "account without homePage", rule: "2.4.2.4.s2 homePage required", input: Input::Patch(&[("/actor", Some(r#"{"account":{"name":"1625378"}}"#))]), expected: &[("X004", "/actor/account/homePage")] },
    Case { name: "account homePage not an IRL", rule: "2.4.2.4.s2 homePage: IRL", input: Input::Patch(&[("/actor", Some(r#"{"account":{"homePage":"www.example.com","name":"1625378"}}"#))]), expected: &[("X014", "/actor/account/homePage")] },
    Case { name: "account name as number", rule: "2.4.2.4.s2 name: string", input: Input::Patch(&[("/actor", Some(r#"{"account":{"homePage":"http://www.example.com","name":1625378}}"#))]), expected: &[("X008", "/actor/account/name")] },
    Case { name: "anonymous group without members", rule: "2.4.2.2.s4.b1", input: Input::Patch(&[("/actor", Some(r#"{"objectType":"Group","name":"ad hoc"}"#))]), expected: &[("X004", "/actor/member")] },
    Case { name: "group inside a group", rule: "2.4.2.2.s4.b2", input: Input::Patch(&[("/actor", Some(r#"{"objectType":"Group","member":[{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"}]}]}"#))]), expected: &[("X016", "/actor/member/0")] },
    Case { name: "identified group with two identifiers", rule: "2.4.2.2.s5.b1", input: Input::Patch(&[("/actor", Some(r#"{"objectType":"Group","mbox":"mailto:team@example.com","openid":"http://team.example.org/"}"#))]), expected: &[("X011", "/actor")] },
    Case { name: "member on an agent", rule: "2.4.2.1 agent table (no member)", input: Input::Patch(&[("/actor", Some(r#"{"member":[{"mbox":"mailto:a@example.com"}]}"#))]), expected: &[("X006", "/actor/member"), ("X010", "/actor")] },
    Case { name: "actor objectType not agent or group", rule: "2.4.2 (Agent or Group)", input: Input::Patch(&[("/actor/objectType", Some(r#""Person""#))]), expected: &[("X017", "/actor/objectType")] },

    // ----- 2.4.3 verb -----------------------------------------------------------
    Case { name: "verb id not an IRI", rule: "2.4.3.s3 id: IRI; 2.2.s4.b1.b8", input: Input::Patch(&[("/verb/id", Some(r#""completed""#))]), expected: &[("X014", "/verb/id")] },
    Case { name: "verb id with a space", rule: "2.2.s3.b1 valid IRIs", input: Input::Patch(&[("/verb/id", Some(r#""http://example.com/my verb""#))]), expected: &[("X014", "/verb/id")] },
    Case { name: "verb without id", rule: "2.4.3.s3 id required", input: Input::Patch(&[("/verb", Some(r#"{"display":{"en-US":"completed"}}"#))]), expected: &[("X004", "/verb/id")] },
    Case { name: "display key not a language tag", rule: "2.2.s4.b2, 4.2", input: Input::Patch(&[("/verb/display", Some(r#"{"en_US":"completed"}"#))]), expected: &[("X025", "/verb/display/en_US")] },
    Case { name: "unknown verb property", rule: "2.4.3.s3 verb table", input: Input::Patch(&[("/verb/name", Some(r#""completed""#))]), expected: &[("X006", "/verb/name")] },

    // ----- 2.4.4 object ---------------------------------------------------------
    Case { name: "objectType activity in lowercase", rule: "2.4.4.s2, 2.2.s4.b1.b6", input: Input::Patch(&[("/object/objectType", Some(r#""activity""#))]), expected: &[("X017", "/object/objectType")] },
    Case { name: "unknown objectType", rule: "2.4.4.s2 valid values", input: Input::Patch(&[("/object/objectType", Some(r#""Thing""#))]), expected: &[("X017", "/object/objectType")] },
    Case { name: "agent object without objectType", rule: "2.4.4.2.s1.b1", input: Input::Patch(&[("/object", Some(r#"{"mbox":"mailto:jeff@example.com"}"#))]), expected: &[("X018", "/object/objectType")] },
    Case { name: "activity without id", rule: "2.4.4.1.s1 id required", input: Input::Patch(&[("/object/id", None)]), expected: &[("X004", "/object/id")] },
    Case { name: "activity id relative", rule: "2.4.4.1.s1 id: IRI; 2.4.4.1.s2 note", input: Input::Patch(&[("/object/id", Some(r#""gdpr-basics""#))]), expected: &[("X014", "/object/id")] },
    Case { name: "activity type not an IRI", rule: "2.4.4.1.s2 type: IRI", input: Input::Patch(&[("/object/definition/type", Some(r#""course""#))]), expected: &[("X014", "/object/definition/type")] },
    Case { name: "moreInfo not an IRL", rule: "2.4.4.1.s2 moreInfo: IRL", input: Input::Patch(&[("/object/definition/moreInfo", Some(r#""/info""#))]), expected: &[("X014", "/object/definition/moreInfo")] },
    Case { name: "definition name not a language map", rule: "2.4.4.1.s2 name: language map", input: Input::Patch(&[("/object/definition/name", Some(r#""GDPR""#))]), expected: &[("X008", "/object/definition/name")] },
    Case { name: "interactionType not allowed", rule: "2.4.4.1.s13.b1", input: Input::Patch(&[("/object/definition/interactionType", Some(r#""multiple-choice""#))]), expected: &[("X017", "/object/definition/interactionType")] },
    Case { name: "interaction components share an id", rule: "2.4.4.1.s16.b1", input: Input::Patch(&[("/object/definition", Some(r#"{"interactionType":"choice","choices":[{"id":"a"},{"id":"a"}]}"#))]), expected: &[("X027", "/object/definition/choices/1/id")] },
    Case { name: "interaction parts without interactionType", rule: "2.4.4.1.s13.b1", input: Input::Patch(&[("/object/definition", Some(r#"{"choices":[{"id":"a"}]}"#))]), expected: &[("X004", "/object/definition/interactionType")] },
    Case { name: "statement reference without id", rule: "2.4.4.3.s4.b2", input: Input::Patch(&[("/object", Some(r#"{"objectType":"StatementRef"}"#))]), expected: &[("X004", "/object/id")] },
    Case { name: "statement reference id not a uuid", rule: "2.4.4.3.s4.b2", input: Input::Patch(&[("/object", Some(r#"{"objectType":"StatementRef","id":"http://example.com/s/1"}"#))]), expected: &[("X009", "/object/id")] },
    Case { name: "substatement with id", rule: "2.4.4.3.s8.b3", input: Input::Text(r#"{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/planned"},"object":{"objectType":"SubStatement","id":"fd41c918-b88b-4b20-a0a5-a4c32391aaa0","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/visited"},"object":{"id":"http://example.com/website"}}}"#), expected: &[("X023", "/object/id")] },
    Case { name: "substatement with stored, version and authority", rule: "2.4.4.3.s8.b3", input: Input::Text(r#"{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/planned"},"object":{"objectType":"SubStatement","stored":"2026-03-02T10:15:00Z","version":"1.0.0","authority":{"mbox":"mailto:lrs@example.com"},"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/visited"},"object":{"id":"http://example.com/website"}}}"#), expected: &[("X023", "/object/authority"), ("X023", "/object/stored"), ("X023", "/object/version")] },
    Case { name: "nested substatement", rule: "2.4.4.3.s8.b4", input: Input::Text(r#"{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/planned"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/planned"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/visited"},"object":{"id":"http://example.com/website"}}}}"#), expected: &[("X024", "/object/object/objectType")] },
    Case { name: "substatement without verb", rule: "2.4.4.3.s8.b2 (validated as a statement)", input: Input::Text(r#"{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/planned"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:ann@example.com"},"object":{"id":"http://example.com/website"}}}"#), expected: &[("X004", "/object/verb")] },
    Case { name: "substatement actor problem", rule: "2.4.4.3.s8.b2 (validated as a statement)", input: Input::Text(r#"{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/planned"},"object":{"objectType":"SubStatement","actor":{"mbox":"ann@example.com"},"verb":{"id":"http://example.com/visited"},"object":{"id":"http://example.com/website"}}}"#), expected: &[("X012", "/object/actor/mbox")] },

    // ----- 2.4.5 result -----------------------------------------------------------
    Case { name: "scaled above 1", rule: "2.4.5.1 scaled in [-1, 1]", input: Input::Patch(&[("/result/score", Some(r#"{"scaled":1.5}"#))]), expected: &[("X019", "/result/score/scaled")] },
    Case { name: "scaled below -1", rule: "2.4.5.1 scaled in [-1, 1]", input: Input::Patch(&[("/result/score", Some(r#"{"scaled":-1.01}"#))]), expected: &[("X019", "/result/score/scaled")] },
    Case { name: "raw above max", rule: "2.4.5.1 raw between min and max", input: Input::Patch(&[("/result/score", Some(r#"{"raw":101,"min":0,"max":100}"#))]), expected: &[("X019", "/result/score/raw")] },
    Case { name: "raw below min", rule: "2.4.5.1 raw between min and max", input: Input::Patch(&[("/result/score", Some(r#"{"raw":-1,"min":0}"#))]), expected: &[("X019", "/result/score/raw")] },
    Case { name: "min not below max", rule: "2.4.5.1 min less than max", input: Input::Patch(&[("/result/score", Some(r#"{"min":10,"max":10}"#))]), expected: &[("X019", "/result/score/min")] },
    Case { name: "response not a string", rule: "2.4.5.s2 response: string", input: Input::Patch(&[("/result/response", Some("42"))]), expected: &[("X008", "/result/response")] },
    Case { name: "duration not a string", rule: "2.4.5.s2 duration: Duration", input: Input::Patch(&[("/result/duration", Some("2700"))]), expected: &[("X008", "/result/duration")] },
    Case { name: "duration PT with nothing after", rule: "4.6.s1.b1 (at least one part)", input: Input::Patch(&[("/result/duration", Some(r#""PT""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "duration P alone", rule: "4.6.s1.b1 (at least one part)", input: Input::Patch(&[("/result/duration", Some(r#""P""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "duration weeks combined", rule: "4.6.s2 P4W1D is not valid", input: Input::Patch(&[("/result/duration", Some(r#""P4W1D""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "negative duration", rule: "4.6.s1.b1 (ISO 8601 4.4.3.2 has no sign)", input: Input::Patch(&[("/result/duration", Some(r#""-PT1H""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "alternative duration format", rule: "4.6.s1.b1 alternative format MUST NOT be used", input: Input::Patch(&[("/result/duration", Some(r#""P0003-06-04T12:30:05""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "T without a time part", rule: "4.6.s1.b1 (ISO 8601 4.4.3.2)", input: Input::Patch(&[("/result/duration", Some(r#""P1DT""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "lowercase designators", rule: "4.6.s1.b1 (ISO 8601 designators)", input: Input::Patch(&[("/result/duration", Some(r#""pt1h""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "number without designator", rule: "4.6.s1.b1", input: Input::Patch(&[("/result/duration", Some(r#""PT1H30""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "fraction before the last part", rule: "4.6.s1.b1 (ISO 8601: only the lowest order part)", input: Input::Patch(&[("/result/duration", Some(r#""PT1.5H30M""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "seconds without T", rule: "4.6.s1.b1 (the P16559.14S example is an erratum)", input: Input::Patch(&[("/result/duration", Some(r#""P16559.14S""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "parts out of order", rule: "4.6.s1.b1 (PnYnMnDTnHnMnS)", input: Input::Patch(&[("/result/duration", Some(r#""PT30M1H""#))]), expected: &[("D001", "/result/duration")] },
    Case { name: "result extension key not an IRI", rule: "4.1.s3.b1", input: Input::Patch(&[("/result/extensions", Some(r#"{"progress":50}"#))]), expected: &[("X015", "/result/extensions/progress")] },

    // ----- 2.4.6 context --------------------------------------------------------------
    Case { name: "registration not a uuid", rule: "2.4.6.s3 registration: UUID", input: Input::Patch(&[("/context", Some(r#"{"registration":"reg-1"}"#))]), expected: &[("X009", "/context/registration")] },
    Case { name: "revision with an agent object", rule: "2.4.6.s4.b1", input: Input::Patch(&[("/object", Some(r#"{"objectType":"Agent","mbox":"mailto:jeff@example.com"}"#)), ("/context", Some(r#"{"revision":"2"}"#))]), expected: &[("X026", "/context/revision")] },
    Case { name: "platform with a statement reference", rule: "2.4.6.s4.b2", input: Input::Patch(&[("/object", Some(r#"{"objectType":"StatementRef","id":"8f87ccde-bb56-4c2e-ab83-44982ef22df0"}"#)), ("/context", Some(r#"{"platform":"LMS"}"#))]), expected: &[("X026", "/context/platform")] },
    Case { name: "language not a tag", rule: "2.4.6.s3 language: RFC 5646", input: Input::Patch(&[("/context", Some(r#"{"language":"English (UK)"}"#))]), expected: &[("X025", "/context/language")] },
    Case { name: "unknown contextActivities key", rule: "2.4.6.2.s4.b1", input: Input::Patch(&[("/context", Some(r#"{"contextActivities":{"parents":[{"id":"http://example.com/p"}]}}"#))]), expected: &[("X006", "/context/contextActivities/parents")] },
    Case { name: "contextActivities value a string", rule: "2.4.6.2.s4.b2", input: Input::Patch(&[("/context", Some(r#"{"contextActivities":{"parent":"http://example.com/p"}}"#))]), expected: &[("X008", "/context/contextActivities/parent")] },
    Case { name: "context activity with agent objectType", rule: "2.4.6.2.s4.b2 (Activity objects)", input: Input::Patch(&[("/context", Some(r#"{"contextActivities":{"other":[{"objectType":"Agent","id":"http://example.com/p"}]}}"#))]), expected: &[("X017", "/context/contextActivities/other/0/objectType")] },
    Case { name: "context statement not a StatementRef", rule: "2.4.6.s3 statement: Statement Reference", input: Input::Patch(&[("/context", Some(r#"{"statement":{"objectType":"Activity","id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}}"#))]), expected: &[("X017", "/context/statement/objectType")] },
    Case { name: "team is an agent", rule: "2.4.6.s3 team: Group", input: Input::Patch(&[("/context", Some(r#"{"team":{"objectType":"Agent","mbox":"mailto:b@example.com"}}"#))]), expected: &[("X017", "/context/team/objectType")] },
    Case { name: "context extension key not an IRI", rule: "4.1.s3.b1", input: Input::Patch(&[("/context", Some(r#"{"extensions":{"sessionid":"abc"}}"#))]), expected: &[("X015", "/context/extensions/sessionid")] },
    Case { name: "context agents in a 1.0 statement", rule: "2.4.6 (1.0.x context table); 2.2.s4.b1.b7", input: Input::Patch(&[("/version", Some(r#""1.0.3""#)), ("/context", Some(r#"{"contextAgents":[{"agent":{"mbox":"mailto:m@example.com"}}]}"#))]), expected: &[("X006", "/context/contextAgents")] },
    Case { name: "context agent without agent", rule: "xAPI 2.0 context agents (agent required)", input: Input::Patch(&[("/context", Some(r#"{"contextAgents":[{"objectType":"contextAgent","relevantTypes":["https://example.com/t"]}]}"#))]), expected: &[("X004", "/context/contextAgents/0/agent")] },
    Case { name: "context agent with empty relevantTypes", rule: "xAPI 2.0 context agents (one or more types)", input: Input::Patch(&[("/context", Some(r#"{"contextAgents":[{"agent":{"mbox":"mailto:m@example.com"},"relevantTypes":[]}]}"#))]), expected: &[("X004", "/context/contextAgents/0/relevantTypes")] },

    // ----- 2.4.7-2.4.10, 4.5 ----------------------------------------------------------
    Case { name: "timestamp without time zone", rule: "4.5.s1.b4; DOMAIN: no naive local times", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02T10:15:00""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "timestamp with -00:00", rule: "4.5.s1.b1 (ISO 8601 has no unknown offset)", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02T10:15:00-00:00""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "timestamp with a space", rule: "4.5.s1.b1 (T separates date and time)", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02 10:15:00Z""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "timestamp without time", rule: "4.5 (a date and time)", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "timestamp on a day that does not exist", rule: "4.5.s1.b1", input: Input::Patch(&[("/timestamp", Some(r#""2026-02-30T10:15:00Z""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "timestamp with offset hhmm", rule: "4.5.s1.b1 (extended format ±hh:mm)", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-02T10:15:00+0100""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "stored not a timestamp", rule: "2.4.8.s3.b1", input: Input::Patch(&[("/stored", Some(r#""yesterday""#))]), expected: &[("X020", "/stored")] },
    Case { name: "authority without identifier", rule: "2.4.9.s3.b1 (an Agent)", input: Input::Patch(&[("/authority", Some(r#"{"name":"LRS"}"#))]), expected: &[("X010", "/authority")] },
    Case { name: "version 0.95", rule: "2.4.10.s3.b2", input: Input::Patch(&[("/version", Some(r#""0.95""#))]), expected: &[("X021", "/version")] },
    Case { name: "version 1.1.0", rule: "2.4.10.s3.b2", input: Input::Patch(&[("/version", Some(r#""1.1.0""#))]), expected: &[("X021", "/version")] },
    Case { name: "version 2.1.0", rule: "xAPI 2.0 versioning (2.0.x only)", input: Input::Patch(&[("/version", Some(r#""2.1.0""#))]), expected: &[("X021", "/version")] },
    Case { name: "version as number", rule: "2.4.10 (a string)", input: Input::Patch(&[("/version", Some("1.0"))]), expected: &[("X008", "/version")] },

    // ----- 2.3.2 voiding, 2.4.11 attachments -------------------------------------------
    Case { name: "voiding an activity", rule: "2.3.2.s2.b1", input: Input::Patch(&[("/verb/id", Some(r#""http://adlnet.gov/expapi/verbs/voided""#))]), expected: &[("X022", "/object")] },
    Case { name: "voiding reference without id", rule: "2.3.2.s2.b2", input: Input::Text(r#"{"actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef"}}"#), expected: &[("X004", "/object/id")] },
    Case { name: "attachment without sha2", rule: "2.4.11.s2 sha2 required", input: Input::Patch(&[("/attachments", Some(r#"[{"usageType":"http://example.com/cert","display":{"en":"Certificate"},"contentType":"application/pdf","length":10}]"#))]), expected: &[("X004", "/attachments/0/sha2")] },
    Case { name: "attachment length as string", rule: "2.4.11.s2 length: integer", input: Input::Patch(&[("/attachments", Some(r#"[{"usageType":"http://example.com/cert","display":{"en":"Certificate"},"contentType":"application/pdf","length":"10","sha2":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]"#))]), expected: &[("X008", "/attachments/0/length")] },
    // ----- conformance classes (issue 13): version, timestamps per version, authority,
    // language tag sequences, mailto, attachment media types and digests ------------------
    Case { name: "version 1.0 (case xapi-version-1-0)", rule: "2.4.10; conformance suite version.js XAPI-00101", input: Input::Patch(&[("/version", Some(r#""1.0""#))]), expected: &[] },
    Case { name: "version 2.0", rule: "xAPI 2.0 versioning", input: Input::Patch(&[("/version", Some(r#""2.0""#))]), expected: &[] },
    Case { name: "version 1.0.x literally", rule: "2.4.10.s3.b2", input: Input::Patch(&[("/version", Some(r#""1.0.x""#))]), expected: &[("X021", "/version")] },
    Case { name: "version 1.0.3.1", rule: "2.4.10.s3.b2", input: Input::Patch(&[("/version", Some(r#""1.0.3.1""#))]), expected: &[("X021", "/version")] },
    Case { name: "1.0 timestamp without seconds", rule: "4.5 ISO 8601 reduced precision", input: Input::Patch(&[("/version", Some(r#""1.0.3""#)), ("/timestamp", Some(r#""2026-03-02T10:15Z""#))]), expected: &[] },
    Case { name: "2.0 timestamp without seconds", rule: "xAPI 2.0: RFC 3339 date-time", input: Input::Patch(&[("/version", Some(r#""2.0.0""#)), ("/timestamp", Some(r#""2026-03-02T10:15Z""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "1.0 timestamp with a decimal comma", rule: "4.5 ISO 8601 decimal sign", input: Input::Patch(&[("/version", Some(r#""1.0.3""#)), ("/timestamp", Some(r#""2026-03-02T10:15:00,5Z""#))]), expected: &[] },
    Case { name: "2.0 timestamp with a decimal comma", rule: "xAPI 2.0: RFC 3339 5.6 time-secfrac", input: Input::Patch(&[("/version", Some(r#""2.0.0""#)), ("/timestamp", Some(r#""2026-03-02T10:15:00,5Z""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "timestamp with a space (case validate-xapi-export)", rule: "4.5", input: Input::Patch(&[("/timestamp", Some(r#""2026-03-04 15:00:00Z""#))]), expected: &[("X020", "/timestamp")] },
    Case { name: "authority group of two agents", rule: "2.4.9 OAuth consumer and user", input: Input::Patch(&[("/authority", Some(r#"{"objectType":"Group","member":[{"account":{"homePage":"http://example.com/xAPI/OAuth/Token","name":"oauth_consumer_x75db"}},{"mbox":"mailto:bob@example.com"}]}"#))]), expected: &[] },
    Case { name: "authority group of three agents", rule: "2.4.9", input: Input::Patch(&[("/authority", Some(r#"{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"},{"mbox":"mailto:b@example.com"},{"mbox":"mailto:c@example.com"}]}"#))]), expected: &[("X028", "/authority/member")] },
    Case { name: "language tag with two regions (case xapi-langtag-token-sequence)", rule: "2.2.s4.b2; RFC 5646 2.1", input: Input::Patch(&[("/verb/display", Some(r#"{"en-US-US":"completed"}"#))]), expected: &[("X025", "/verb/display/en-US-US")] },
    Case { name: "language map key with a repeated extension singleton", rule: "2.2.s4.b2; RFC 5646 2.2.6 rule 3; conformance suite formatting.js", input: Input::Patch(&[("/verb/display", Some(r#"{"zh-z-aaa-z-bbb-c-ccc":"completed"}"#))]), expected: &[("X025", "/verb/display/zh-z-aaa-z-bbb-c-ccc")] },
    Case { name: "context language with a repeated variant", rule: "RFC 5646 2.2.5 rule 5", input: Input::Patch(&[("/context", Some(r#"{"language":"de-1901-1901"}"#))]), expected: &[("X025", "/context/language")] },
    Case { name: "authority group with an identifier (identified group)", rule: "2.4.9; conformance suite authorities.js XAPI-00098", input: Input::Patch(&[("/authority", Some(r#"{"objectType":"Group","openid":"http://openid.example.org/12345","member":[{"account":{"homePage":"http://example.com/xAPI/OAuth/Token","name":"oauth_consumer_x75db"}},{"mbox":"mailto:bob@example.com"}]}"#))]), expected: &[("X032", "/authority/openid")] },
    Case { name: "authority group with a name only (still anonymous)", rule: "2.4.9; 2.4.2.2 name is not an identifier", input: Input::Patch(&[("/authority", Some(r#"{"objectType":"Group","name":"LMS and Ann","member":[{"account":{"homePage":"http://example.com/xAPI/OAuth/Token","name":"oauth_consumer_x75db"}},{"mbox":"mailto:bob@example.com"}]}"#))]), expected: &[] },
    Case { name: "context language with a bare singleton", rule: "RFC 5646 2.1 extension", input: Input::Patch(&[("/context", Some(r#"{"language":"en-a"}"#))]), expected: &[("X025", "/context/language")] },
    Case { name: "mbox with a query (case xapi-mbox-address-syntax)", rule: "2.4.2.3 mailto:email address", input: Input::Patch(&[("/actor/mbox", Some(r#""mailto:ann@example.com?subject=x""#))]), expected: &[("X012", "/actor/mbox")] },
    Case { name: "mbox domain with a trailing dot", rule: "2.4.2.3; RFC 5322 dot-atom", input: Input::Patch(&[("/actor/mbox", Some(r#""mailto:ann@example.com.""#))]), expected: &[("X012", "/actor/mbox")] },
    Case { name: "attachment contentType empty (case xapi-attachment-contenttype-unchecked)", rule: "2.4.11 Internet Media Type; 2.2 empty string", input: Input::Patch(&[("/attachments", Some(r#"[{"usageType":"http://adlnet.gov/expapi/attachments/signature","display":{"en-US":"Sig"},"contentType":"","length":10,"sha2":"abababababababababababababababababababababababababababababababab"}]"#))]), expected: &[("X029", "/attachments/0/contentType")] },
    Case { name: "attachment contentType without subtype", rule: "2.4.11; RFC 2046", input: Input::Patch(&[("/attachments", Some(r#"[{"usageType":"http://example.com/cert","display":{"en":"Certificate"},"contentType":"text","length":10,"sha2":"abababababababababababababababababababababababababababababababab"}]"#))]), expected: &[("X029", "/attachments/0/contentType")] },
    Case { name: "attachment sha2 not hex", rule: "2.4.11 sha2", input: Input::Patch(&[("/attachments", Some(r#"[{"usageType":"http://example.com/cert","display":{"en":"Certificate"},"contentType":"application/pdf","length":10,"sha2":"zz"}]"#))]), expected: &[("X030", "/attachments/0/sha2")] },

];

#[test]
fn every_case_reports_exactly_its_problems() {
    assert!(CASES.len() >= 80, "only {} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        let text = match &case.input {
            Input::Patch(patches) => patched(patches),
            Input::Text(text) => (*text).to_string(),
        };
        let problems = validate_statement(&text, Location::file("case.json"));
        let mut found: Vec<(String, String)> = problems
            .iter()
            .map(|d| {
                (
                    d.code.clone(),
                    d.location.pointer.clone().unwrap_or_default(),
                )
            })
            .collect();
        found.sort();
        let mut expected: Vec<(String, String)> = case
            .expected
            .iter()
            .map(|(c, p)| (c.to_string(), p.to_string()))
            .collect();
        expected.sort();
        if found != expected {
            let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{} ({}):\n  expected {expected:?}\n  found    {found:?}\n  {}",
                case.name,
                case.rule,
                messages.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len());
}

#[test]
fn messages_read_like_a_compiler() {
    let problems = validate_statement(
        &patched(&[
            ("/actor/mbox", Some(r#""ann@example.com""#)),
            ("/result/duration", Some(r#""P4W1D""#)),
        ]),
        Location::file("export.json").at_record(3),
    );
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(text.join("\n"), @r"
    export.json[3]#/actor/mbox: error[X012]: mbox `ann@example.com` is not valid: it must start with `mailto:`
    export.json[3]#/result/duration: error[D001]: duration `P4W1D` combines weeks with other parts; `PnW` must stand alone
    ");
}
