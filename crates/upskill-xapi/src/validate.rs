//! Statement validation: every rule of xAPI Part Two sections 2.2 to 2.4, 4.1
//! and 4.4 to 4.6 that a file can be checked against, reporting *all* problems
//! of a statement with a JSON pointer to each.

use std::borrow::Cow;

use upskill_formats::diagnostics::{CodeInfo, Diagnostic, Location};
use upskill_session::iso8601::parse_xapi_duration;

use crate::codes::*;
use crate::raw::Raw;
use crate::syntax::{
    iri_problem, is_language_tag, is_sha1, is_sha2, is_uuid, is_version, mbox_problem,
    media_type_problem, parse_timestamp, uri_problem,
};
use crate::vocab;

/// Properties of a Statement (xAPI 2.4).
const STATEMENT_KEYS: &[&str] = &[
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];
/// Properties of a SubStatement (xAPI 2.4.4.3: a Statement without id,
/// stored, version and authority, plus its objectType).
const SUBSTATEMENT_KEYS: &[&str] = &[
    "objectType",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "attachments",
];
/// What a SubStatement must not have (xAPI 2.4.4.3.s8.b3).
const SUBSTATEMENT_FORBIDDEN: &[&str] = &["id", "stored", "version", "authority"];
/// The inverse functional identifiers (xAPI 2.4.2.3).
const IFIS: &[&str] = &["mbox", "mbox_sha1sum", "openid", "account"];
const AGENT_KEYS: &[&str] = &[
    "objectType",
    "name",
    "mbox",
    "mbox_sha1sum",
    "openid",
    "account",
];
const GROUP_KEYS: &[&str] = &[
    "objectType",
    "name",
    "member",
    "mbox",
    "mbox_sha1sum",
    "openid",
    "account",
];
const ACCOUNT_KEYS: &[&str] = &["homePage", "name"];
const VERB_KEYS: &[&str] = &["id", "display"];
const ACTIVITY_KEYS: &[&str] = &["objectType", "id", "definition"];
const DEFINITION_KEYS: &[&str] = &[
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
];
const COMPONENT_LISTS: &[&str] = &["choices", "scale", "source", "target", "steps"];
const INTERACTION_TYPES: &[&str] = &[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];
const STATEMENT_REF_KEYS: &[&str] = &["objectType", "id"];
const RESULT_KEYS: &[&str] = &[
    "score",
    "success",
    "completion",
    "response",
    "duration",
    "extensions",
];
const SCORE_KEYS: &[&str] = &["scaled", "raw", "min", "max"];
const CONTEXT_KEYS: &[&str] = &[
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
    "contextAgents",
    "contextGroups",
];
const CONTEXT_ACTIVITIES_KEYS: &[&str] = &["parent", "grouping", "category", "other"];
const CONTEXT_AGENT_KEYS: &[&str] = &["objectType", "agent", "relevantTypes"];
const CONTEXT_GROUP_KEYS: &[&str] = &["objectType", "group", "relevantTypes"];
const ATTACHMENT_KEYS: &[&str] = &[
    "usageType",
    "display",
    "description",
    "contentType",
    "length",
    "sha2",
    "fileUrl",
];
const OBJECT_TYPES: &str = "`Activity`, `Agent`, `Group`, `SubStatement` or `StatementRef`";

/// Appends a key to a JSON pointer (RFC 6901 escaping).
pub(crate) fn child(pointer: &str, key: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + key.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an array index to a JSON pointer.
fn item(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}

/// Text quoted in a message, shortened if long.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(MAX).collect();
        short.push_str("...");
        short
    }
}

/// A JSON pointer built as the validator descends and rendered (RFC 6901)
/// only when a problem is reported: no string is made for a valid property.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ptr<'p> {
    /// The statement itself.
    Root,
    /// A property of the value at the parent.
    Key(&'p Ptr<'p>, &'p str),
    /// An element of the array at the parent.
    Index(&'p Ptr<'p>, usize),
}

impl<'p> Ptr<'p> {
    fn child(&'p self, key: &'p str) -> Ptr<'p> {
        Ptr::Key(self, key)
    }

    fn item(&'p self, index: usize) -> Ptr<'p> {
        Ptr::Index(self, index)
    }

    fn render(&self) -> String {
        match self {
            Ptr::Root => String::new(),
            Ptr::Key(parent, key) => child(&parent.render(), key),
            Ptr::Index(parent, index) => item(&parent.render(), *index),
        }
    }
}

/// The allowed properties of an object, as found.
#[derive(Default)]
struct Fields<'r> {
    found: Vec<(&'r str, &'r Raw<'r>)>,
    /// Allowed names that were written in another case (already reported).
    miscased: Vec<&'static str>,
}

impl<'r> Fields<'r> {
    fn get(&self, key: &str) -> Option<&'r Raw<'r>> {
        self.found.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// Where an Agent or Group appears: the rules differ slightly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Actor,
    Authority,
    Object,
    Instructor,
    Team,
    Member,
    ContextAgent,
    ContextGroup,
}

/// What kind of thing a statement's object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjectKind {
    Activity,
    Agent,
    Group,
    SubStatement,
    StatementRef,
}

/// Collects the problems of one statement.
pub(crate) struct Validator<'a> {
    location: &'a Location,
    diagnostics: Vec<Diagnostic>,
    /// `Some(false)` when the statement declares a 1.0.x version.
    version_2: Option<bool>,
}

impl<'a> Validator<'a> {
    /// A validator reporting at `location` (file, record or line).
    pub(crate) fn new(location: &'a Location) -> Validator<'a> {
        Validator {
            location,
            diagnostics: Vec::new(),
            version_2: None,
        }
    }

    /// Checks one statement and returns every problem found.
    pub(crate) fn check(mut self, raw: &Raw) -> Vec<Diagnostic> {
        match raw {
            Raw::Object(entries) => self.statement(entries, &Ptr::Root, false),
            other => self.report(
                &NOT_STATEMENTS,
                &Ptr::Root,
                format!("a statement must be a JSON object, found {}", other.kind()),
            ),
        }
        self.diagnostics
    }

    fn report(&mut self, code: &CodeInfo, pointer: &Ptr<'_>, message: String) {
        let location = match pointer {
            Ptr::Root => self.location.clone(),
            other => self.location.clone().at_pointer(other.render()),
        };
        self.diagnostics
            .push(Diagnostic::new(code, location, message));
    }

    // ----- generic helpers -------------------------------------------------

    /// Reports repeated, unknown and miscased keys; returns the allowed ones.
    /// Keys in `skip` were reported by the caller already.
    fn fields<'r>(
        &mut self,
        entries: &'r [(Cow<'r, str>, Raw<'r>)],
        pointer: &Ptr<'_>,
        allowed: &[&'static str],
        skip: &[&str],
    ) -> Fields<'r> {
        let mut fields = Fields::default();
        for (i, (key, value)) in entries.iter().enumerate() {
            let earlier = entries.get(..i).unwrap_or_default();
            if earlier.iter().any(|(k, _)| k == key) {
                self.report(
                    &DUPLICATE_PROPERTY,
                    &pointer.child(key),
                    format!("property `{}` appears more than once", quote(key)),
                );
                continue;
            }
            if let Some(name) = allowed.iter().find(|a| **a == key) {
                fields.found.push((name, value));
            } else if skip.contains(&&**key) {
            } else if let Some(right) = allowed.iter().find(|a| a.eq_ignore_ascii_case(key)) {
                self.report(
                    &PROPERTY_CASE,
                    &pointer.child(key),
                    format!("property `{}` must be written `{right}`", quote(key)),
                );
                fields.miscased.push(right);
            } else {
                self.report(
                    &UNKNOWN_PROPERTY,
                    &pointer.child(key),
                    format!(
                        "unknown property `{}`; allowed here: {}",
                        quote(key),
                        allowed.join(", ")
                    ),
                );
            }
        }
        fields
    }

    /// The value of a required property, reporting its absence.
    fn require<'r>(
        &mut self,
        fields: &Fields<'r>,
        pointer: &Ptr<'_>,
        key: &'static str,
        whose: &str,
    ) -> Option<&'r Raw<'r>> {
        let value = fields.get(key);
        if value.is_none() && !fields.miscased.contains(&key) {
            self.report(
                &MISSING_PROPERTY,
                &pointer.child(key),
                format!("{whose} has no `{key}`"),
            );
        }
        value
    }

    fn wrong_type(&mut self, value: &Raw, pointer: &Ptr<'_>, expected: &str) {
        if matches!(value, Raw::Null) {
            self.report(
                &NULL_VALUE,
                pointer,
                "null is not allowed here (only inside extensions)".to_string(),
            );
        } else {
            self.report(
                &WRONG_TYPE,
                pointer,
                format!("expected {expected}, found {}", value.kind()),
            );
        }
    }

    fn object<'r>(
        &mut self,
        value: &'r Raw<'r>,
        pointer: &Ptr<'_>,
    ) -> Option<&'r [(Cow<'r, str>, Raw<'r>)]> {
        match value {
            Raw::Object(entries) => Some(entries),
            other => {
                self.wrong_type(other, pointer, "an object");
                None
            }
        }
    }

    fn array<'r>(&mut self, value: &'r Raw<'r>, pointer: &Ptr<'_>) -> Option<&'r [Raw<'r>]> {
        match value {
            Raw::Array(items) => Some(items),
            other => {
                self.wrong_type(other, pointer, "an array");
                None
            }
        }
    }

    fn string<'r>(&mut self, value: &'r Raw<'r>, pointer: &Ptr<'_>) -> Option<&'r str> {
        match value {
            Raw::String(s) => Some(s),
            other => {
                self.wrong_type(other, pointer, "a string");
                None
            }
        }
    }

    fn number(&mut self, value: &Raw, pointer: &Ptr<'_>) -> Option<f64> {
        match value {
            Raw::Number(n) => n.as_f64(),
            other => {
                self.wrong_type(other, pointer, "a number");
                None
            }
        }
    }

    fn boolean(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        if !matches!(value, Raw::Bool(_)) {
            self.wrong_type(value, pointer, "true or false");
        }
    }

    /// An absolute IRI (or IRL): xAPI 2.2.s4.b1.b4, b8.
    fn iri<'r>(&mut self, value: &'r Raw<'r>, pointer: &Ptr<'_>, what: &str) -> Option<&'r str> {
        let text = self.string(value, pointer)?;
        if let Some(problem) = iri_problem(text) {
            self.report(
                &NOT_IRI,
                pointer,
                format!("{what} `{}` is not an absolute IRI: {problem}", quote(text)),
            );
            return None;
        }
        Some(text)
    }

    fn uuid(&mut self, value: &Raw, pointer: &Ptr<'_>, what: &str) {
        if let Some(text) = self.string(value, pointer)
            && !is_uuid(text)
        {
            self.report(
                &NOT_UUID,
                pointer,
                format!(
                    "{what} `{}` is not a UUID in standard form (8-4-4-4-12 hexadecimal digits)",
                    quote(text)
                ),
            );
        }
    }

    /// A timestamp (xAPI 4.5): ISO 8601 with a zone; a statement that
    /// declares version 2.0.x must use RFC 3339 `date-time`, which has seconds.
    fn timestamp(&mut self, value: &Raw, pointer: &Ptr<'_>, what: &str) {
        let Some(text) = self.string(value, pointer) else {
            return;
        };
        let problem = match parse_timestamp(text) {
            Err(problem) => Some(problem),
            Ok(_) if self.version_2 == Some(true) && !has_seconds(text) => Some(
                "a version 2.0 statement needs an RFC 3339 date-time, with seconds (`hh:mm:ss`)",
            ),
            // RFC 3339 5.6 `time-secfrac = "." 1*DIGIT`: ISO 8601's decimal comma is not one.
            Ok(_) if self.version_2 == Some(true) && text.contains(',') => Some(
                "a version 2.0 statement needs an RFC 3339 date-time, whose fraction of a second follows `.`, not `,`",
            ),
            Ok(_) => None,
        };
        if let Some(problem) = problem {
            self.report(
                &BAD_TIMESTAMP,
                pointer,
                format!("{what} `{}` is not valid: {problem}", quote(text)),
            );
        }
    }

    /// A language map (xAPI 4.2): RFC 5646 keys, string values.
    fn language_map(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        for (i, (key, text)) in entries.iter().enumerate() {
            let at = pointer.child(key);
            if entries
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|(k, _)| k == key)
            {
                self.report(
                    &DUPLICATE_PROPERTY,
                    &at,
                    format!("language `{}` appears more than once", quote(key)),
                );
                continue;
            }
            if !is_language_tag(key) {
                self.report(
                    &BAD_LANGUAGE_TAG,
                    &at,
                    format!(
                        "`{}` is not an RFC 5646 language tag, such as `en` or `en-GB`",
                        quote(key)
                    ),
                );
            }
            self.string(text, &at);
        }
    }

    /// An extensions map (xAPI 4.1): IRI keys, any values (even null).
    fn extensions(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        for (i, (key, _)) in entries.iter().enumerate() {
            let at = pointer.child(key);
            if entries
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|(k, _)| k == key)
            {
                self.report(
                    &DUPLICATE_PROPERTY,
                    &at,
                    format!("extension `{}` appears more than once", quote(key)),
                );
                continue;
            }
            if let Some(problem) = iri_problem(key) {
                self.report(
                    &EXTENSION_KEY,
                    &at,
                    format!(
                        "extension key `{}` is not an absolute IRI: {problem}",
                        quote(key)
                    ),
                );
            }
        }
    }

    // ----- the statement ----------------------------------------------------

    fn statement(&mut self, entries: &[(Cow<'_, str>, Raw<'_>)], pointer: &Ptr<'_>, sub: bool) {
        let whose = if sub {
            "the SubStatement"
        } else {
            "the statement"
        };
        if sub {
            for (key, _) in entries {
                if SUBSTATEMENT_FORBIDDEN.contains(&&**key) {
                    self.report(
                        &SUBSTATEMENT_PROPERTY,
                        &pointer.child(key),
                        format!("a SubStatement must not have `{key}`"),
                    );
                }
            }
        }
        let (allowed, skip) = if sub {
            (SUBSTATEMENT_KEYS, SUBSTATEMENT_FORBIDDEN)
        } else {
            (STATEMENT_KEYS, &[][..])
        };
        let f = self.fields(entries, pointer, allowed, skip);

        if let Some(version) = f.get("version") {
            let at = pointer.child("version");
            if let Some(text) = self.string(version, &at) {
                if is_version(text) {
                    self.version_2 = Some(text.starts_with("2."));
                } else {
                    self.report(
                        &BAD_VERSION,
                        &at,
                        format!(
                            "version `{}` is not `1.0`, `1.0.x`, `2.0` or `2.0.x`",
                            quote(text)
                        ),
                    );
                }
            }
        }
        if let Some(id) = f.get("id") {
            self.uuid(id, &pointer.child("id"), "statement id");
        }
        if let Some(actor) = self.require(&f, pointer, "actor", whose) {
            self.actor(actor, &pointer.child("actor"), Role::Actor);
        }
        let verb_id = self
            .require(&f, pointer, "verb", whose)
            .and_then(|verb| self.verb(verb, &pointer.child("verb")));
        let object_kind = self
            .require(&f, pointer, "object", whose)
            .and_then(|object| self.statement_object(object, &pointer.child("object"), sub));
        if let Some(result) = f.get("result") {
            self.result(result, &pointer.child("result"));
        }
        if let Some(context) = f.get("context") {
            let object_is_activity = object_kind.map(|k| k == ObjectKind::Activity);
            self.context(context, &pointer.child("context"), object_is_activity);
        }
        if let Some(timestamp) = f.get("timestamp") {
            self.timestamp(timestamp, &pointer.child("timestamp"), "timestamp");
        }
        if let Some(stored) = f.get("stored") {
            self.timestamp(stored, &pointer.child("stored"), "stored");
        }
        if let Some(authority) = f.get("authority") {
            let at = pointer.child("authority");
            self.actor(authority, &at, Role::Authority);
            // xAPI 2.4.9: a Group authority is an OAuth consumer and user pair.
            if authority.str_at("objectType") == Some("Group")
                && let Some(Raw::Array(members)) = authority.get("member")
                && members.len() != 2
            {
                self.report(
                    &AUTHORITY_GROUP,
                    &at.child("member"),
                    format!(
                        "an authority group must have exactly two agents (an OAuth consumer and user), found {}",
                        members.len()
                    ),
                );
            }
            // xAPI 2.4.9 and the conformance suite (XAPI-00098, authorities.js):
            // the two agents are the authority; the group is anonymous.
            if authority.str_at("objectType") == Some("Group") {
                for key in IFIS {
                    if authority.get(key).is_some() {
                        self.report(
                            &AUTHORITY_GROUP_IDENTIFIED,
                            &at.child(key),
                            format!(
                                "an authority group must be anonymous (its two agents, the OAuth consumer and user, are the authority), but it has `{key}`"
                            ),
                        );
                    }
                }
            }
        }
        if let Some(attachments) = f.get("attachments") {
            self.attachments(attachments, &pointer.child("attachments"));
        }
        if verb_id == Some(vocab::VOIDED)
            && let Some(kind) = object_kind
            && kind != ObjectKind::StatementRef
        {
            self.report(
                &VOIDING_TARGET,
                &pointer.child("object"),
                "a voiding statement's object must be a StatementRef naming the statement it voids"
                    .to_string(),
            );
        }
    }

    fn actor(&mut self, value: &Raw, pointer: &Ptr<'_>, role: Role) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        let object_type = entries
            .iter()
            .find(|(k, _)| k == "objectType")
            .map(|(_, v)| v);
        let is_group = match object_type {
            None => {
                if matches!(role, Role::Team | Role::ContextGroup) {
                    self.report(
                        &MISSING_PROPERTY,
                        &pointer.child("objectType"),
                        "a group has no `objectType`; it must be `Group`".to_string(),
                    );
                }
                false
            }
            Some(Raw::String(s)) if s == "Agent" => false,
            Some(Raw::String(s)) if s == "Group" => true,
            Some(Raw::String(s)) => {
                self.report(
                    &NOT_ALLOWED_VALUE,
                    &pointer.child("objectType"),
                    format!("objectType `{}` is not `Agent` or `Group`", quote(s)),
                );
                return;
            }
            Some(other) => {
                self.wrong_type(other, &pointer.child("objectType"), "a string");
                return;
            }
        };
        match role {
            Role::Member if is_group => {
                self.report(
                    &GROUP_IN_GROUP,
                    pointer,
                    "a group's member must be an agent, not a group".to_string(),
                );
                return;
            }
            Role::Team | Role::ContextGroup if !is_group && object_type.is_some() => {
                self.report(
                    &NOT_ALLOWED_VALUE,
                    &pointer.child("objectType"),
                    "this must be a group: objectType `Group`".to_string(),
                );
                return;
            }
            Role::ContextAgent if is_group => {
                self.report(
                    &NOT_ALLOWED_VALUE,
                    &pointer.child("objectType"),
                    "a context agent must be an agent: objectType `Agent`".to_string(),
                );
                return;
            }
            _ => {}
        }
        let f = self.fields(
            entries,
            pointer,
            if is_group { GROUP_KEYS } else { AGENT_KEYS },
            &[],
        );
        if let Some(name) = f.get("name") {
            self.string(name, &pointer.child("name"));
        }
        let identifiers: Vec<&str> = IFIS.iter().copied().filter(|k| f.has(k)).collect();
        if let Some(mbox) = f.get("mbox") {
            let at = pointer.child("mbox");
            if let Some(text) = self.string(mbox, &at)
                && let Some(problem) = mbox_problem(text)
            {
                self.report(
                    &BAD_MBOX,
                    &at,
                    format!("mbox `{}` is not valid: {problem}", quote(text)),
                );
            }
        }
        if let Some(sum) = f.get("mbox_sha1sum") {
            let at = pointer.child("mbox_sha1sum");
            if let Some(text) = self.string(sum, &at)
                && !is_sha1(text)
            {
                self.report(
                    &BAD_MBOX_SHA1SUM,
                    &at,
                    format!(
                        "mbox_sha1sum `{}` is not 40 hexadecimal digits",
                        quote(text)
                    ),
                );
            }
        }
        if let Some(openid) = f.get("openid") {
            let at = pointer.child("openid");
            if let Some(text) = self.string(openid, &at)
                && let Some(problem) = uri_problem(text)
            {
                self.report(
                    &NOT_IRI,
                    &at,
                    format!("openid `{}` is not an absolute URI: {problem}", quote(text)),
                );
            }
        }
        if let Some(account) = f.get("account") {
            self.account(account, &pointer.child("account"));
        }
        let who = if is_group { "group" } else { "agent" };
        if identifiers.len() > 1 {
            self.report(
                &SEVERAL_IDENTIFIERS,
                pointer,
                format!(
                    "an {who} must have exactly one identifier, found {}",
                    identifiers.join(", ")
                ),
            );
        }
        if is_group {
            if identifiers.is_empty() {
                self.require(&f, pointer, "member", "an anonymous group");
            }
            if let Some(members) = f.get("member") {
                let at = pointer.child("member");
                if let Some(items) = self.array(members, &at) {
                    for (i, member) in items.iter().enumerate() {
                        self.actor(member, &at.item(i), Role::Member);
                    }
                }
            }
        } else if identifiers.is_empty() && !IFIS.iter().any(|k| f.miscased.contains(k)) {
            self.report(
                &NO_IDENTIFIER,
                pointer,
                "an agent needs one identifier: mbox, mbox_sha1sum, openid or account".to_string(),
            );
        }
    }

    fn account(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        let f = self.fields(entries, pointer, ACCOUNT_KEYS, &[]);
        if let Some(home) = self.require(&f, pointer, "homePage", "the account") {
            self.iri(home, &pointer.child("homePage"), "homePage");
        }
        if let Some(name) = self.require(&f, pointer, "name", "the account") {
            self.string(name, &pointer.child("name"));
        }
    }

    /// Checks a verb and returns its id if valid.
    fn verb<'r>(&mut self, value: &'r Raw<'r>, pointer: &Ptr<'_>) -> Option<&'r str> {
        let entries = self.object(value, pointer)?;
        let f = self.fields(entries, pointer, VERB_KEYS, &[]);
        if let Some(display) = f.get("display") {
            self.language_map(display, &pointer.child("display"));
        }
        let id = self.require(&f, pointer, "id", "the verb")?;
        self.iri(id, &pointer.child("id"), "verb id")
    }

    /// Checks a statement's object; returns its kind when it could be told.
    fn statement_object(
        &mut self,
        value: &Raw,
        pointer: &Ptr<'_>,
        in_sub: bool,
    ) -> Option<ObjectKind> {
        let entries = self.object(value, pointer)?;
        let object_type = entries
            .iter()
            .find(|(k, _)| k == "objectType")
            .map(|(_, v)| v);
        let kind = match object_type {
            None => {
                let agentish = entries
                    .iter()
                    .any(|(k, _)| IFIS.contains(&&**k) || k == "member");
                if agentish && !entries.iter().any(|(k, _)| k == "id") {
                    self.report(
                        &OBJECT_TYPE_REQUIRED,
                        &pointer.child("objectType"),
                        "an agent or group used as the object must state `objectType`".to_string(),
                    );
                    return None;
                }
                ObjectKind::Activity
            }
            Some(Raw::String(s)) => match &**s {
                "Activity" => ObjectKind::Activity,
                "Agent" => ObjectKind::Agent,
                "Group" => ObjectKind::Group,
                "SubStatement" => ObjectKind::SubStatement,
                "StatementRef" => ObjectKind::StatementRef,
                other => {
                    self.report(
                        &NOT_ALLOWED_VALUE,
                        &pointer.child("objectType"),
                        format!("objectType `{}` is not {OBJECT_TYPES}", quote(other)),
                    );
                    return None;
                }
            },
            Some(other) => {
                self.wrong_type(other, &pointer.child("objectType"), "a string");
                return None;
            }
        };
        match kind {
            ObjectKind::Activity => self.activity(entries, pointer),
            ObjectKind::Agent | ObjectKind::Group => self.actor(value, pointer, Role::Object),
            ObjectKind::StatementRef => self.statement_ref(entries, pointer),
            ObjectKind::SubStatement if in_sub => self.report(
                &NESTED_SUBSTATEMENT,
                &pointer.child("objectType"),
                "a SubStatement must not contain another SubStatement".to_string(),
            ),
            ObjectKind::SubStatement => self.statement(entries, pointer, true),
        }
        Some(kind)
    }

    fn activity(&mut self, entries: &[(Cow<'_, str>, Raw<'_>)], pointer: &Ptr<'_>) {
        let f = self.fields(entries, pointer, ACTIVITY_KEYS, &[]);
        if let Some(object_type) = f.get("objectType") {
            let at = pointer.child("objectType");
            if let Some(text) = self.string(object_type, &at)
                && text != "Activity"
            {
                self.report(
                    &NOT_ALLOWED_VALUE,
                    &at,
                    format!("objectType `{}` must be `Activity` here", quote(text)),
                );
            }
        }
        if let Some(id) = self.require(&f, pointer, "id", "the activity") {
            self.iri(id, &pointer.child("id"), "activity id");
        }
        if let Some(definition) = f.get("definition") {
            self.definition(definition, &pointer.child("definition"));
        }
    }

    fn activity_value(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        if let Some(entries) = self.object(value, pointer) {
            self.activity(entries, pointer);
        }
    }

    fn definition(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        let f = self.fields(entries, pointer, DEFINITION_KEYS, &[]);
        for key in ["name", "description"] {
            if let Some(map) = f.get(key) {
                self.language_map(map, &pointer.child(key));
            }
        }
        if let Some(kind) = f.get("type") {
            self.iri(kind, &pointer.child("type"), "activity type");
        }
        if let Some(more) = f.get("moreInfo") {
            self.iri(more, &pointer.child("moreInfo"), "moreInfo");
        }
        if let Some(extensions) = f.get("extensions") {
            self.extensions(extensions, &pointer.child("extensions"));
        }
        if let Some(kind) = f.get("interactionType") {
            let at = pointer.child("interactionType");
            if let Some(text) = self.string(kind, &at)
                && !INTERACTION_TYPES.contains(&text)
            {
                self.report(
                    &NOT_ALLOWED_VALUE,
                    &at,
                    format!(
                        "interactionType `{}` is not one of {}",
                        quote(text),
                        INTERACTION_TYPES.join(", ")
                    ),
                );
            }
        }
        let interaction_parts = COMPONENT_LISTS
            .iter()
            .chain(["correctResponsesPattern"].iter())
            .any(|k| f.has(k));
        if interaction_parts && !f.has("interactionType") {
            self.require(&f, pointer, "interactionType", "an interaction activity");
        }
        if let Some(patterns) = f.get("correctResponsesPattern") {
            let at = pointer.child("correctResponsesPattern");
            if let Some(items) = self.array(patterns, &at) {
                for (i, pattern) in items.iter().enumerate() {
                    self.string(pattern, &at.item(i));
                }
            }
        }
        for key in COMPONENT_LISTS {
            let Some(list) = f.get(key) else { continue };
            let at = pointer.child(key);
            let Some(items) = self.array(list, &at) else {
                continue;
            };
            let mut seen: Vec<&str> = Vec::new();
            for (i, component) in items.iter().enumerate() {
                let at = at.item(i);
                let Some(entries) = self.object(component, &at) else {
                    continue;
                };
                let cf = self.fields(entries, &at, &["id", "description"], &[]);
                if let Some(id) = self.require(&cf, &at, "id", "the interaction component")
                    && let Some(id) = self.string(id, &at.child("id"))
                {
                    if seen.contains(&id) {
                        self.report(
                            &COMPONENT_ID_REPEATED,
                            &at.child("id"),
                            format!(
                                "interaction component id `{}` is used twice in `{key}`",
                                quote(id)
                            ),
                        );
                    }
                    seen.push(id);
                }
                if let Some(description) = cf.get("description") {
                    self.language_map(description, &at.child("description"));
                }
            }
        }
    }

    fn statement_ref(&mut self, entries: &[(Cow<'_, str>, Raw<'_>)], pointer: &Ptr<'_>) {
        let f = self.fields(entries, pointer, STATEMENT_REF_KEYS, &[]);
        if let Some(id) = self.require(&f, pointer, "id", "the StatementRef") {
            self.uuid(id, &pointer.child("id"), "StatementRef id");
        }
    }

    fn result(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        let f = self.fields(entries, pointer, RESULT_KEYS, &[]);
        if let Some(score) = f.get("score") {
            self.score(score, &pointer.child("score"));
        }
        for key in ["success", "completion"] {
            if let Some(flag) = f.get(key) {
                self.boolean(flag, &pointer.child(key));
            }
        }
        if let Some(response) = f.get("response") {
            self.string(response, &pointer.child("response"));
        }
        if let Some(duration) = f.get("duration") {
            let at = pointer.child("duration");
            if let Some(text) = self.string(duration, &at)
                && let Err(error) = parse_xapi_duration(text)
                && error.is_syntax_error()
            {
                self.report(&BAD_DURATION, &at, error.to_string());
            }
        }
        if let Some(extensions) = f.get("extensions") {
            self.extensions(extensions, &pointer.child("extensions"));
        }
    }

    fn score(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        let f = self.fields(entries, pointer, SCORE_KEYS, &[]);
        let read = |key: &str, this: &mut Self| {
            f.get(key).and_then(|v| this.number(v, &pointer.child(key)))
        };
        let scaled = read("scaled", self);
        let raw = read("raw", self);
        let min = read("min", self);
        let max = read("max", self);
        if let Some(scaled) = scaled
            && !(-1.0..=1.0).contains(&scaled)
        {
            self.report(
                &SCORE_BOUNDS,
                &pointer.child("scaled"),
                format!("scaled score {scaled} is not between -1 and 1"),
            );
        }
        if let (Some(min), Some(max)) = (min, max)
            && min >= max
        {
            self.report(
                &SCORE_BOUNDS,
                &pointer.child("min"),
                format!("min {min} is not less than max {max}"),
            );
        }
        if let (Some(raw), Some(min)) = (raw, min)
            && raw < min
        {
            self.report(
                &SCORE_BOUNDS,
                &pointer.child("raw"),
                format!("raw score {raw} is below min {min}"),
            );
        }
        if let (Some(raw), Some(max)) = (raw, max)
            && raw > max
        {
            self.report(
                &SCORE_BOUNDS,
                &pointer.child("raw"),
                format!("raw score {raw} is above max {max}"),
            );
        }
    }

    fn context(&mut self, value: &Raw, pointer: &Ptr<'_>, object_is_activity: Option<bool>) {
        let Some(entries) = self.object(value, pointer) else {
            return;
        };
        let f = self.fields(entries, pointer, CONTEXT_KEYS, &[]);
        if let Some(registration) = f.get("registration") {
            self.uuid(registration, &pointer.child("registration"), "registration");
        }
        if let Some(instructor) = f.get("instructor") {
            self.actor(instructor, &pointer.child("instructor"), Role::Instructor);
        }
        if let Some(team) = f.get("team") {
            self.actor(team, &pointer.child("team"), Role::Team);
        }
        for key in ["revision", "platform"] {
            if let Some(text) = f.get(key) {
                let at = pointer.child(key);
                self.string(text, &at);
                if object_is_activity == Some(false) {
                    self.report(
                        &CONTEXT_NEEDS_ACTIVITY,
                        &at,
                        format!(
                            "`{key}` may only be used when the statement's object is an activity"
                        ),
                    );
                }
            }
        }
        if let Some(language) = f.get("language") {
            let at = pointer.child("language");
            if let Some(tag) = self.string(language, &at)
                && !is_language_tag(tag)
            {
                self.report(
                    &BAD_LANGUAGE_TAG,
                    &at,
                    format!(
                        "`{}` is not an RFC 5646 language tag, such as `en` or `en-GB`",
                        quote(tag)
                    ),
                );
            }
        }
        if let Some(statement) = f.get("statement") {
            let at = pointer.child("statement");
            if let Some(entries) = self.object(statement, &at) {
                match entries
                    .iter()
                    .find(|(k, _)| k == "objectType")
                    .map(|(_, v)| v)
                {
                    None => self.report(
                        &MISSING_PROPERTY,
                        &at.child("objectType"),
                        "a statement reference has no `objectType`; it must be `StatementRef`"
                            .to_string(),
                    ),
                    Some(Raw::String(s)) if s == "StatementRef" => {}
                    Some(other) => {
                        let text = other
                            .as_str()
                            .map(quote)
                            .unwrap_or_else(|| other.kind().to_string());
                        self.report(
                            &NOT_ALLOWED_VALUE,
                            &at.child("objectType"),
                            format!("objectType `{text}` must be `StatementRef` here"),
                        );
                    }
                }
                self.statement_ref(entries, &at);
            }
        }
        if let Some(activities) = f.get("contextActivities") {
            let at = pointer.child("contextActivities");
            if let Some(entries) = self.object(activities, &at) {
                let cf = self.fields(entries, &at, CONTEXT_ACTIVITIES_KEYS, &[]);
                for (key, list) in &cf.found {
                    let at = at.child(key);
                    match list {
                        Raw::Array(items) => {
                            for (i, activity) in items.iter().enumerate() {
                                self.activity_value(activity, &at.item(i));
                            }
                        }
                        Raw::Object(_) => self.activity_value(list, &at),
                        other => {
                            self.wrong_type(other, &at, "an activity or an array of activities")
                        }
                    }
                }
            }
        }
        if let Some(extensions) = f.get("extensions") {
            self.extensions(extensions, &pointer.child("extensions"));
        }
        for (key, keys, inner, role, object_type) in [
            (
                "contextAgents",
                CONTEXT_AGENT_KEYS,
                "agent",
                Role::ContextAgent,
                "contextAgent",
            ),
            (
                "contextGroups",
                CONTEXT_GROUP_KEYS,
                "group",
                Role::ContextGroup,
                "contextGroup",
            ),
        ] {
            let Some(list) = f.get(key) else { continue };
            let at = pointer.child(key);
            if self.version_2 == Some(false) {
                self.report(
                    &UNKNOWN_PROPERTY,
                    &at,
                    format!(
                        "`{key}` is an xAPI 2.0 property, but this statement's version is 1.0.x"
                    ),
                );
                continue;
            }
            let Some(items) = self.array(list, &at) else {
                continue;
            };
            for (i, entry) in items.iter().enumerate() {
                let at = at.item(i);
                let Some(entries) = self.object(entry, &at) else {
                    continue;
                };
                let ef = self.fields(entries, &at, keys, &[]);
                if let Some(kind) = ef.get("objectType") {
                    let kind_at = at.child("objectType");
                    if let Some(text) = self.string(kind, &kind_at)
                        && text != object_type
                    {
                        self.report(
                            &NOT_ALLOWED_VALUE,
                            &kind_at,
                            format!("objectType `{}` must be `{object_type}` here", quote(text)),
                        );
                    }
                }
                if let Some(who) = self.require(&ef, &at, inner, "the entry") {
                    self.actor(who, &at.child(inner), role);
                }
                if let Some(types) = ef.get("relevantTypes") {
                    let types_at = at.child("relevantTypes");
                    if let Some(list) = self.array(types, &types_at) {
                        if list.is_empty() {
                            self.report(
                                &MISSING_PROPERTY,
                                &types_at,
                                "relevantTypes must list at least one type".to_string(),
                            );
                        }
                        for (j, iri) in list.iter().enumerate() {
                            self.iri(iri, &types_at.item(j), "relevant type");
                        }
                    }
                }
            }
        }
    }

    fn attachments(&mut self, value: &Raw, pointer: &Ptr<'_>) {
        let Some(items) = self.array(value, pointer) else {
            return;
        };
        for (i, attachment) in items.iter().enumerate() {
            let at = pointer.item(i);
            let Some(entries) = self.object(attachment, &at) else {
                continue;
            };
            let f = self.fields(entries, &at, ATTACHMENT_KEYS, &[]);
            if let Some(usage) = self.require(&f, &at, "usageType", "the attachment") {
                self.iri(usage, &at.child("usageType"), "usageType");
            }
            if let Some(display) = self.require(&f, &at, "display", "the attachment") {
                self.language_map(display, &at.child("display"));
            }
            if let Some(description) = f.get("description") {
                self.language_map(description, &at.child("description"));
            }
            if let Some(value) = self.require(&f, &at, "contentType", "the attachment") {
                let here = at.child("contentType");
                if let Some(text) = self.string(value, &here)
                    && let Some(problem) = media_type_problem(text)
                {
                    self.report(
                        &BAD_CONTENT_TYPE,
                        &here,
                        format!(
                            "contentType `{}` is not an Internet media type: {problem}",
                            quote(text)
                        ),
                    );
                }
            }
            if let Some(value) = self.require(&f, &at, "sha2", "the attachment") {
                let here = at.child("sha2");
                if let Some(text) = self.string(value, &here)
                    && !is_sha2(text)
                {
                    self.report(
                        &BAD_SHA2,
                        &here,
                        format!(
                            "sha2 `{}` is not a SHA-2 digest in hexadecimal (56, 64, 96 or 128 hex digits)",
                            quote(text)
                        ),
                    );
                }
            }
            if let Some(length) = self.require(&f, &at, "length", "the attachment") {
                let is_count = matches!(length, Raw::Number(n) if n.is_u64());
                if !is_count {
                    self.wrong_type(length, &at.child("length"), "a whole number of octets");
                }
            }
            if let Some(url) = f.get("fileUrl") {
                self.iri(url, &at.child("fileUrl"), "fileUrl");
            }
        }
    }
}

/// Whether an ISO 8601 timestamp that parsed writes seconds (`hh:mm:ss`):
/// its time part has two `:`.
fn has_seconds(text: &str) -> bool {
    text.split_once('T')
        .is_some_and(|(_, time)| time.get(..8).is_some_and(|t| t.matches(':').count() == 2))
}
