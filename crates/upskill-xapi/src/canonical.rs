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

use std::borrow::Cow;

use crate::raw::Raw;
use crate::syntax::{normalise_mbox, parse_timestamp};

/// The SHA-1 of a statement's canonical form.
///
/// The canonical bytes are written straight from the statement, with the
/// rules above applied on the way (no canonical copy of the statement is
/// built): objects with their keys sorted, strings length-prefixed, numbers
/// by value ([`write`]).
pub(crate) fn statement_hash(statement: &Raw) -> [u8; 20] {
    use sha1::Digest as _;
    with_canonical(statement, |bytes| sha1::Sha1::digest(bytes).into())
}

/// What statements of one key (xAPI 2.3.1) are compared by, 20 bytes.
///
/// For a statement without an `id` this is [`statement_hash`], the SHA-1 its
/// key (`sha1:...`) is written from. For a statement with an `id`, it only
/// has to tell copies of that id apart within this process: it is a 128-bit
/// hash (two keyed `ahash` passes, keys drawn once per process, so no input
/// can be made to collide on purpose) of the same canonical bytes, padded
/// with zeros, some 5 times cheaper than SHA-1 here. The two kinds never
/// meet: keys of statements with an id are their UUIDs, never `sha1:...`.
pub(crate) fn comparison_hash(statement: &Raw) -> [u8; 20] {
    if statement.str_at("id").is_none() {
        return statement_hash(statement);
    }
    with_canonical(statement, |bytes| {
        let (a, b) = keys();
        let mut out = [0u8; 20];
        let (first, rest) = out.split_at_mut(8);
        first.copy_from_slice(&a.hash_one(bytes).to_le_bytes());
        if let Some(second) = rest.get_mut(..8) {
            second.copy_from_slice(&b.hash_one(bytes).to_le_bytes());
        }
        out
    })
}

/// A keyed 128-bit hash of a statement's bytes as they were read (the keys
/// of [`comparison_hash`]): equal bytes, equal fingerprints; it tells
/// byte-identical copies of an id apart from the others without a canonical
/// form, and checks bytes read again.
pub(crate) fn fingerprint(bytes: &[u8]) -> u128 {
    let (a, b) = keys();
    (u128::from(a.hash_one(bytes)) << 64) | u128::from(b.hash_one(bytes))
}

/// The two hash keys of this process ([`comparison_hash`]).
fn keys() -> &'static (ahash::RandomState, ahash::RandomState) {
    static KEYS: std::sync::OnceLock<(ahash::RandomState, ahash::RandomState)> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| (ahash::RandomState::new(), ahash::RandomState::new()))
}

/// Runs `hash` on the canonical bytes of `statement`, written into a buffer
/// kept per thread (no allocation per statement).
fn with_canonical<T>(statement: &Raw, hash: impl FnOnce(&[u8]) -> T) -> T {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(4096));
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut bytes) => {
            bytes.clear();
            write_as(Shape::Statement, statement, &mut bytes);
            hash(&bytes)
        }
        Err(_) => {
            let mut bytes = Vec::with_capacity(1024);
            write_as(Shape::Statement, statement, &mut bytes);
            hash(&bytes)
        }
    })
}

/// What a value is, for the canonical form: which of the comparison rules
/// apply to it and to its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Written as it is.
    Plain,
    /// A statement or SubStatement: LRS-assigned properties and attachments
    /// dropped; timestamp, actor, verb, object, context and result as below.
    Statement,
    /// A timestamp: its instant.
    Instant,
    /// An Agent or Group: the email domain's case, the members' order.
    Actor,
    /// A Verb: without `display`.
    Verb,
    /// A statement's object: an Activity without `definition`, an Agent or
    /// Group as an actor, a SubStatement as a statement.
    Object,
    /// Context: instructor, team, context activities, context agents and groups.
    Context,
    /// `contextActivities`: each list an array of objects.
    ContextActivities,
    /// `contextAgents` or `contextGroups`: entries whose agent or group is an actor.
    ContextAgents,
    /// One entry of `contextAgents` or `contextGroups`.
    ContextAgentEntry,
    /// A result: `duration` to hundredths of a second.
    Result,
}

/// Objects of at most this many properties are sorted without a vector.
const FEW: usize = 16;

/// The properties an object of `shape` leaves out.
fn dropped(shape: Shape, value: &Raw) -> &'static [&'static str] {
    match shape {
        Shape::Statement => &["id", "authority", "stored", "version", "attachments"],
        Shape::Verb => &["display"],
        Shape::Object => match value.str_at("objectType") {
            None | Some("Activity") => &["definition"],
            _ => &[],
        },
        _ => &[],
    }
}

/// The shape of the member `key` of an object of `shape`.
fn member(shape: Shape, key: &str) -> Shape {
    match (shape, key) {
        (Shape::Statement, "timestamp") => Shape::Instant,
        (Shape::Statement, "actor") => Shape::Actor,
        (Shape::Statement, "verb") => Shape::Verb,
        (Shape::Statement, "object") => Shape::Object,
        (Shape::Statement, "context") => Shape::Context,
        (Shape::Statement, "result") => Shape::Result,
        (Shape::Context, "instructor" | "team") => Shape::Actor,
        (Shape::Context, "contextActivities") => Shape::ContextActivities,
        (Shape::Context, "contextAgents" | "contextGroups") => Shape::ContextAgents,
        (Shape::ContextAgentEntry, "agent" | "group") => Shape::Actor,
        _ => Shape::Plain,
    }
}

/// Writes the canonical form of `value`, read as `shape`.
fn write_as(shape: Shape, value: &Raw, out: &mut Vec<u8>) {
    let shape = match (shape, value) {
        (Shape::Instant, Raw::String(text)) => {
            if let Ok(t) = parse_timestamp(text) {
                // The instant as whole seconds and nanoseconds (`{s}.{ns:09}`):
                // cheaper than formatting a date, and equal exactly when the
                // instants are. Written on the stack, without `format!`.
                let seconds = t.timestamp();
                let sign = usize::from(seconds < 0);
                write_len(sign + decimal_len(seconds.unsigned_abs()) + 10, out);
                if seconds < 0 {
                    out.push(b'-');
                }
                decimal(seconds.unsigned_abs(), out);
                out.push(b'.');
                let nanos = u64::from(t.timestamp_subsec_nanos());
                out.extend(std::iter::repeat_n(
                    b'0',
                    9usize.saturating_sub(decimal_len(nanos)),
                ));
                decimal(nanos, out);
                return;
            }
            Shape::Plain
        }
        (Shape::Object, Raw::Object(_)) => match value.str_at("objectType") {
            None | Some("Activity") => Shape::Object,
            Some("Agent" | "Group") => Shape::Actor,
            Some("SubStatement") => Shape::Statement,
            _ => Shape::Plain,
        },
        (Shape::ContextAgents, Raw::Array(items)) => {
            out.push(b'[');
            for item in items {
                write_as(Shape::ContextAgentEntry, item, out);
            }
            out.push(b']');
            return;
        }
        (Shape::ContextActivities, Raw::Object(lists)) => {
            // Each list an array (a single activity is an array of one).
            let mut sorted: Vec<&(Cow<'_, str>, Raw<'_>)> = lists.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            out.push(b'{');
            for (kind, list) in sorted {
                write_str(kind, out);
                out.push(b'[');
                match list {
                    Raw::Array(items) => {
                        for item in items {
                            write_as(Shape::Object, item, out);
                        }
                    }
                    single => write_as(Shape::Object, single, out),
                }
                out.push(b']');
            }
            out.push(b'}');
            return;
        }
        (_, Raw::Object(_)) => shape,
        _ => Shape::Plain,
    };
    let Raw::Object(entries) = value else {
        write(value, out);
        return;
    };
    let drop = dropped(shape, value);
    let kept = entries.iter().filter(|(k, _)| !drop.contains(&&**k));
    // Most objects have a few keys: sorted on the stack (insertion sort,
    // stable as `sort_by`), without a vector per object.
    let mut few: [Option<&(Cow<'_, str>, Raw<'_>)>; FEW] = [None; FEW];
    let mut many: Vec<&(Cow<'_, str>, Raw<'_>)> = Vec::new();
    let sorted: &[Option<&(Cow<'_, str>, Raw<'_>)>] = if entries.len() <= FEW {
        let mut n = 0;
        for entry in kept {
            let mut at = n;
            while at > 0
                && few
                    .get(at - 1)
                    .copied()
                    .flatten()
                    .is_some_and(|e| e.0 > entry.0)
            {
                few.swap(at - 1, at);
                at -= 1;
            }
            if let Some(slot) = few.get_mut(at) {
                *slot = Some(entry);
            }
            n += 1;
        }
        few.get(..n).unwrap_or_default()
    } else {
        many.extend(kept);
        many.sort_by(|a, b| a.0.cmp(&b.0));
        &[]
    };
    let sorted = sorted.iter().flatten().copied().chain(many.iter().copied());
    out.push(b'{');
    for (key, v) in sorted {
        write_str(key, out);
        match (shape, &**key, v) {
            (Shape::Actor, "mbox", Raw::String(m)) => match m.rsplit_once('@') {
                // The domain's case does not count (`normalise_mbox`):
                // an ASCII domain is lowercased in place, without a copy.
                Some((head, domain)) if domain.is_ascii() => {
                    write_len(m.len(), out);
                    out.extend_from_slice(head.as_bytes());
                    out.push(b'@');
                    out.extend(domain.bytes().map(|b| b.to_ascii_lowercase()));
                }
                _ => write_str(&normalise_mbox(m), out),
            },
            (Shape::Actor, "member", Raw::Array(members)) => {
                // Group members in a fixed order: by their canonical bytes.
                let mut members: Vec<Vec<u8>> = members
                    .iter()
                    .map(|m| {
                        let mut bytes = Vec::new();
                        write_as(Shape::Actor, m, &mut bytes);
                        bytes
                    })
                    .collect();
                members.sort();
                out.push(b'[');
                for m in members {
                    out.extend_from_slice(&m);
                }
                out.push(b']');
            }
            (Shape::Result, "duration", Raw::String(d)) => {
                if d.contains(['.', ',']) {
                    write_str(&hundredths(d), out);
                } else {
                    // No fraction: nothing to drop.
                    write_str(d, out);
                }
            }
            _ => write_as(member(shape, key), v, out),
        }
    }
    out.push(b'}');
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
    use std::io::Write as _;
    match value {
        Raw::Null => out.push(b'n'),
        Raw::Bool(true) => out.push(b't'),
        Raw::Bool(false) => out.push(b'f'),
        Raw::Number(n) => {
            out.push(b'#');
            // Writing to a `Vec` cannot fail.
            let _ = match n.as_f64() {
                Some(f) => write!(out, "{f:?}"),
                None => write!(out, "{n}"),
            };
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
            let mut sorted: Vec<&(Cow<'_, str>, Raw<'_>)> = entries.iter().collect();
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
    write_bytes(s.as_bytes(), out);
}

/// A string's bytes, length-prefixed: `"` then the length in decimal and `:`.
fn write_bytes(s: &[u8], out: &mut Vec<u8>) {
    write_len(s.len(), out);
    out.extend_from_slice(s);
}

/// The prefix of a string of `len` bytes: `"`, `len` in decimal, `:`.
fn write_len(len: usize, out: &mut Vec<u8>) {
    // Most strings of a statement are shorter than 100 bytes: their length
    // is written without the general loop (a profile put a twentieth of the
    // import's time here).
    match len {
        0..=9 => out.extend_from_slice(&[b'"', b'0' + len as u8, b':']),
        10..=99 => {
            out.extend_from_slice(&[b'"', b'0' + (len / 10) as u8, b'0' + (len % 10) as u8, b':'])
        }
        _ => {
            out.push(b'"');
            decimal(len as u64, out);
            out.push(b':');
        }
    }
}

/// How many digits `n` has in decimal.
fn decimal_len(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Writes `n` in decimal, as `format!("{n}")` writes it, without the
/// formatting machinery.
fn decimal(n: u64, out: &mut Vec<u8>) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(slot) = digits.get_mut(at) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
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

    /// The canonical form as it was built before it was streamed: a
    /// canonical copy of the statement, then its bytes. The streamed form
    /// must hash the same.
    mod reference {
        use super::super::hundredths;
        use std::borrow::Cow;

        use crate::raw::Raw;
        use crate::syntax::{normalise_mbox, parse_timestamp};

        /// The SHA-1 of a statement's canonical form.
        pub(super) fn statement_hash(statement: &Raw) -> [u8; 20] {
            let canonical = canonical_statement(statement);
            let mut bytes = Vec::new();
            write(&canonical, &mut bytes);
            sha1_smol::Sha1::from(&bytes).digest().bytes()
        }

        fn without<'a>(
            entries: &[(Cow<'a, str>, Raw<'a>)],
            drop: &[&str],
        ) -> Vec<(Cow<'a, str>, Raw<'a>)> {
            entries
                .iter()
                .filter(|(k, _)| !drop.contains(&&**k))
                .cloned()
                .collect()
        }

        fn canonical_statement<'a>(statement: &Raw<'a>) -> Raw<'a> {
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
                        let v = match k.as_ref() {
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

        fn instant<'a>(value: &Raw<'a>) -> Raw<'a> {
            match value.as_str().map(parse_timestamp) {
                // The instant as whole seconds and nanoseconds: cheaper than
                // formatting, and equal exactly when the instants are.
                Some(Ok(t)) => Raw::String(
                    format!("{}.{:09}", t.timestamp(), t.timestamp_subsec_nanos()).into(),
                ),
                _ => value.clone(),
            }
        }

        fn actor<'a>(value: &Raw<'a>) -> Raw<'a> {
            let Raw::Object(entries) = value else {
                return value.clone();
            };
            Raw::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let v = match (&**k, v) {
                            ("mbox", Raw::String(m)) => Raw::String(normalise_mbox(m).into()),
                            ("member", Raw::Array(members)) => {
                                let mut members: Vec<(Vec<u8>, Raw<'a>)> = members
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

        fn object<'a>(value: &Raw<'a>) -> Raw<'a> {
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

        fn context<'a>(value: &Raw<'a>) -> Raw<'a> {
            let Raw::Object(entries) = value else {
                return value.clone();
            };
            Raw::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let v = match &**k {
                            "instructor" | "team" => actor(v),
                            "contextActivities" => match v {
                                Raw::Object(lists) => Raw::Object(
                                    lists
                                        .iter()
                                        .map(|(kind, list)| {
                                            let items: Vec<Raw<'a>> = match list {
                                                Raw::Array(items) => {
                                                    items.iter().map(object).collect()
                                                }
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

        fn result<'a>(value: &Raw<'a>) -> Raw<'a> {
            let Raw::Object(entries) = value else {
                return value.clone();
            };
            Raw::Object(
                entries
                    .iter()
                    .map(|(k, v)| match (&**k, v) {
                        ("duration", Raw::String(d)) => {
                            (k.clone(), Raw::String(hundredths(d).into()))
                        }
                        _ => (k.clone(), v.clone()),
                    })
                    .collect(),
            )
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
                    let mut sorted: Vec<&(Cow<'_, str>, Raw<'_>)> = entries.iter().collect();
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
    }

    #[test]
    fn the_streamed_form_hashes_as_the_copied_one() {
        let statements = [
            r#"{"id":"x","actor":{"objectType":"Group","name":"G","member":[{"mbox":"mailto:b@EXAMPLE.com"},{"account":{"homePage":"http://h","name":"a"}},{"mbox":"mailto:a@Example.com"}]},
                "verb":{"id":"http://v","display":{"en":"v"}},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:S@X.org"},"verb":{"id":"http://w","display":{"de":"w"}},
                "object":{"id":"http://o","definition":{"type":"http://t"}},"timestamp":"2024-01-01T10:00:00.123456+01:00","result":{"duration":"PT1.2399S"}},
                "context":{"instructor":{"mbox":"mailto:I@Y.com"},"team":{"objectType":"Group","member":[{"mbox":"mailto:z@z.z"},{"mbox":"mailto:y@Y.Y"}]},
                "contextActivities":{"parent":{"id":"http://p","definition":{"x":1}},"grouping":[{"id":"http://g"},{"objectType":"Activity","id":"http://h","definition":{}}],"other":[]},
                "contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:Q@Q.q"},"relevantTypes":["http://r"]}, 5],
                "contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:b@B"},{"mbox":"mailto:a@A"}]}}],
                "registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f7","extensions":{"http://e":{"n":[1,1.0,-0.5,1e300,null,true,false]}}},
                "result":{"score":{"scaled":0.5,"raw":5},"success":true,"duration":"PT3M2.5S","extensions":{"http://d":"PT1.999S"}},
                "timestamp":"2024-01-01T09:00:00Z","stored":"2024-01-01T09:00:01Z","authority":{"mbox":"mailto:auth@x"},"version":"1.0.3","attachments":[]}"#,
            r#"{"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://v"},"object":{"objectType":"Agent","mbox":"mailto:O@B.C"},"timestamp":"not a time","result":{"duration":7}}"#,
            r#"{"actor":"odd","verb":["x"],"object":{"objectType":"StatementRef","id":"x"},"context":{"contextActivities":[1],"contextAgents":{"b":1,"a":2}},"result":"r","timestamp":5}"#,
            r#"{"actor":{"mbox":"mailto:a@b.c","mbox":"mailto:A@B.C"},"verb":{"id":"http://v","id":"http://w"},"object":{"id":"http://o","definition":{}}}"#,
            r#"[1, 2]"#,
        ];
        for text in statements {
            let raw = serde_json::from_str::<Raw>(text).unwrap();
            assert_eq!(
                statement_hash(&raw),
                reference::statement_hash(&raw),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_and_instants_are_written_as_format_writes_them() {
        for len in (0..1_200).chain([99_999, 100_000]) {
            let mut out = Vec::new();
            write_len(len, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), format!("\"{len}:"));
        }
        for n in [0u64, 7, 9, 10, 99, 100, 12_345, u64::MAX] {
            let mut out = Vec::new();
            decimal(n, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
            assert_eq!(decimal_len(n), n.to_string().len());
        }
        for (text, seconds) in [
            ("2026-02-01T09:00:00Z", "1769936400.000000000"),
            (
                "1900-01-01T00:00:00.000000005+01:00",
                "-2208992400.000000005",
            ),
            ("1970-01-01T00:00:00.5Z", "0.500000000"),
        ] {
            let mut out = Vec::new();
            write_as(Shape::Instant, &Raw::String(text.into()), &mut out);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("\"{}:{seconds}", seconds.len())
            );
        }
        let mut out = Vec::new();
        write_as(
            Shape::Actor,
            &serde_json::from_str::<Raw>(r#"{"mbox":"mailto:Ann@Example.COM"}"#).unwrap(),
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"4:mbox\"22:mailto:Ann@example.com}"
        );
    }

    #[test]
    fn hundredths_drop_only_fraction_digits() {
        assert_eq!(hundredths("PT1.2345S"), "PT1.23S");
        assert_eq!(hundredths("P1DT10H"), "P1DT10H");
    }
}
