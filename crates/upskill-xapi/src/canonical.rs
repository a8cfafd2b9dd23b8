//! Statement comparison (xAPI 2.3.1 "Statement Comparison Requirements"):
//! two statements with one id are the same statement when they differ only in
//! ways the immutability exceptions allow. We hash a canonical form that
//! erases exactly those differences:
//!
//! - `id`, `authority`, `stored` and `version` (assigned by an LRS, 2.3.1.b1);
//! - `timestamp` written in another zone (2.3.1.b4): compared as an instant;
//! - Activity Definitions (2.3.1.b2) and the Verb `display` (2.3.1.b3);
//! - the order of Group members (2.3.1.b5);
//! - `attachments` (2.3.1.b6);
//! - the case of an email domain (2.3.1.b7);
//! - a single context activity versus an array of one (the LRS must return
//!   arrays, 2.4.6.2.s4.b3);
//! - precision of `result.duration` beyond 0.01 s (4.6.s1.b5); otherwise the
//!   duration is compared as a string (2.3.1.b8);
//! - object key order and number spelling (`1` and `1.0`): JSON meaning, not bytes.
//!
//! Everything else counts: a different score, verb, actor or duration is a
//! different statement, and one id with two different statements is a conflict.

use crate::raw::Raw;
use crate::syntax::{normalise_mbox, parse_timestamp};

/// The SHA-1 of a statement's canonical form.
pub(crate) fn statement_hash(statement: &Raw) -> [u8; 20] {
    let canonical = canonical_statement(statement);
    let mut bytes = Vec::new();
    write(&canonical, &mut bytes);
    sha1_smol::Sha1::from(&bytes).digest().bytes()
}

fn without(entries: &[(String, Raw)], drop: &[&str]) -> Vec<(String, Raw)> {
    entries
        .iter()
        .filter(|(k, _)| !drop.contains(&k.as_str()))
        .cloned()
        .collect()
}

fn canonical_statement(statement: &Raw) -> Raw {
    let Raw::Object(entries) = statement else {
        return statement.clone();
    };
    let entries = without(
        entries,
        &["id", "authority", "stored", "version", "attachments"],
    );
    Raw::Object(
        entries
            .into_iter()
            .map(|(k, v)| {
                let v = match k.as_str() {
                    "timestamp" => instant(&v),
                    "actor" => actor(&v),
                    "verb" => match &v {
                        Raw::Object(e) => Raw::Object(without(e, &["display"])),
                        other => other.clone(),
                    },
                    "object" => object(&v),
                    "context" => context(&v),
                    "result" => result(&v),
                    _ => v,
                };
                (k, v)
            })
            .collect(),
    )
}

fn instant(value: &Raw) -> Raw {
    match value.as_str().map(parse_timestamp) {
        // The instant as whole seconds and nanoseconds: cheaper than
        // formatting, and equal exactly when the instants are.
        Some(Ok(t)) => Raw::String(format!(
            "{}.{:09}",
            t.timestamp(),
            t.timestamp_subsec_nanos()
        )),
        _ => value.clone(),
    }
}

fn actor(value: &Raw) -> Raw {
    let Raw::Object(entries) = value else {
        return value.clone();
    };
    Raw::Object(
        entries
            .iter()
            .map(|(k, v)| {
                let v = match (k.as_str(), v) {
                    ("mbox", Raw::String(m)) => Raw::String(normalise_mbox(m)),
                    ("member", Raw::Array(members)) => {
                        let mut members: Vec<(Vec<u8>, Raw)> = members
                            .iter()
                            .map(|m| {
                                let m = actor(m);
                                let mut bytes = Vec::new();
                                write(&m, &mut bytes);
                                (bytes, m)
                            })
                            .collect();
                        members.sort_by(|a, b| a.0.cmp(&b.0));
                        Raw::Array(members.into_iter().map(|(_, m)| m).collect())
                    }
                    _ => v.clone(),
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

fn object(value: &Raw) -> Raw {
    let Raw::Object(entries) = value else {
        return value.clone();
    };
    match value.str_at("objectType") {
        None | Some("Activity") => Raw::Object(without(entries, &["definition"])),
        Some("Agent" | "Group") => actor(value),
        Some("SubStatement") => canonical_statement(value),
        _ => value.clone(),
    }
}

fn context(value: &Raw) -> Raw {
    let Raw::Object(entries) = value else {
        return value.clone();
    };
    Raw::Object(
        entries
            .iter()
            .map(|(k, v)| {
                let v = match k.as_str() {
                    "instructor" | "team" => actor(v),
                    "contextActivities" => match v {
                        Raw::Object(lists) => Raw::Object(
                            lists
                                .iter()
                                .map(|(kind, list)| {
                                    let items: Vec<Raw> = match list {
                                        Raw::Array(items) => items.iter().map(object).collect(),
                                        single => vec![object(single)],
                                    };
                                    (kind.clone(), Raw::Array(items))
                                })
                                .collect(),
                        ),
                        other => other.clone(),
                    },
                    "contextAgents" | "contextGroups" => match v {
                        Raw::Array(items) => Raw::Array(
                            items
                                .iter()
                                .map(|entry| match entry {
                                    Raw::Object(e) => Raw::Object(
                                        e.iter()
                                            .map(|(ek, ev)| {
                                                let ev = if ek == "agent" || ek == "group" {
                                                    actor(ev)
                                                } else {
                                                    ev.clone()
                                                };
                                                (ek.clone(), ev)
                                            })
                                            .collect(),
                                    ),
                                    other => other.clone(),
                                })
                                .collect(),
                        ),
                        other => other.clone(),
                    },
                    _ => v.clone(),
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

fn result(value: &Raw) -> Raw {
    let Raw::Object(entries) = value else {
        return value.clone();
    };
    Raw::Object(
        entries
            .iter()
            .map(|(k, v)| match (k.as_str(), v) {
                ("duration", Raw::String(d)) => (k.clone(), Raw::String(hundredths(d))),
                _ => (k.clone(), v.clone()),
            })
            .collect(),
    )
}

/// A duration string with fraction digits past the second dropped.
fn hundredths(duration: &str) -> String {
    let mut out = String::with_capacity(duration.len());
    let mut fraction_digits: Option<usize> = None;
    for c in duration.chars() {
        match (c, fraction_digits) {
            ('.' | ',', _) => {
                fraction_digits = Some(0);
                out.push(c);
            }
            (d, Some(n)) if d.is_ascii_digit() => {
                if n < 2 {
                    out.push(d);
                }
                fraction_digits = Some(n + 1);
            }
            (other, _) => {
                fraction_digits = None;
                out.push(other);
            }
        }
    }
    out
}

/// A deterministic, unambiguous byte form: objects with sorted keys, strings
/// length-prefixed, numbers by value.
fn write(value: &Raw, out: &mut Vec<u8>) {
    match value {
        Raw::Null => out.push(b'n'),
        Raw::Bool(true) => out.push(b't'),
        Raw::Bool(false) => out.push(b'f'),
        Raw::Number(n) => {
            out.push(b'#');
            let text = match n.as_f64() {
                Some(f) => format!("{f:?}"),
                None => n.to_string(),
            };
            out.extend_from_slice(text.as_bytes());
            out.push(b';');
        }
        Raw::String(s) => write_str(s, out),
        Raw::Array(items) => {
            out.push(b'[');
            for item in items {
                write(item, out);
            }
            out.push(b']');
        }
        Raw::Object(entries) => {
            let mut sorted: Vec<&(String, Raw)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            out.push(b'{');
            for (key, value) in sorted {
                write_str(key, out);
                write(value, out);
            }
            out.push(b'}');
        }
    }
}

fn write_str(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    out.extend_from_slice(s.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(json: &str) -> [u8; 20] {
        statement_hash(&serde_json::from_str::<Raw>(json).unwrap())
    }

    #[test]
    fn lrs_assigned_and_display_differences_are_ignored() {
        let a = hash(
            r#"{"id":"x","actor":{"mbox":"mailto:a@EXAMPLE.com"},"verb":{"id":"http://v","display":{"en":"v"}},
                "object":{"id":"http://o","definition":{"name":{"en":"O"}}},"timestamp":"2024-01-01T10:00:00+01:00",
                "result":{"duration":"PT1.234S"},"stored":"2024-01-01T09:00:00Z"}"#,
        );
        let b = hash(
            r#"{"result":{"duration":"PT1.23S"},"object":{"id":"http://o"},"verb":{"id":"http://v"},
                "actor":{"mbox":"mailto:a@example.com"},"timestamp":"2024-01-01T09:00:00.000Z","version":"1.0.0"}"#,
        );
        assert_eq!(a, b);
        let c = hash(
            r#"{"actor":{"mbox":"mailto:A@example.com"},"verb":{"id":"http://v"},"object":{"id":"http://o"}}"#,
        );
        let d = hash(
            r#"{"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://v"},"object":{"id":"http://o"}}"#,
        );
        assert_ne!(c, d, "the local part of an email is case-sensitive");
    }

    #[test]
    fn hundredths_drop_only_fraction_digits() {
        assert_eq!(hundredths("PT1.2345S"), "PT1.23S");
        assert_eq!(hundredths("P1DT10H"), "P1DT10H");
    }
}
