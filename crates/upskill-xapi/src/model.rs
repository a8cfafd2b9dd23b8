//! The parts of a valid statement the import uses, read once.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use upskill_formats::diagnostics::Location;

use crate::canonical::comparison_hash;
use crate::raw::Raw;
use crate::syntax::{normalise_mbox, parse_timestamp};
use crate::vocab;

/// An agent's inverse functional identifier (xAPI 2.4.2.3): what an identity
/// mapping matches against.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgentIdentifier {
    /// `mbox`, as written (`mailto:` and the address).
    Mbox(String),
    /// `mbox_sha1sum`, lowercase hexadecimal.
    MboxSha1Sum(String),
    /// `openid`.
    OpenId(String),
    /// `account`: the system's home page and the account name on it.
    Account {
        /// `homePage`.
        home_page: String,
        /// `name`.
        name: String,
    },
}

impl AgentIdentifier {
    /// [`AgentIdentifier::canonical`] written out (`Display`), made in one
    /// step: the key sessions and registrations are grouped by.
    pub(crate) fn canonical_key(&self) -> String {
        match self {
            AgentIdentifier::Mbox(m) => normalise_mbox(m),
            AgentIdentifier::MboxSha1Sum(s) => {
                format!("mbox_sha1sum:{}", s.to_ascii_lowercase())
            }
            other => other.to_string(),
        }
    }

    /// The same identifier in the form two equal identifiers share: an email
    /// domain lowercased (xAPI 2.3.1.b7), a SHA-1 sum lowercased.
    pub fn canonical(&self) -> AgentIdentifier {
        match self {
            AgentIdentifier::Mbox(m) => AgentIdentifier::Mbox(normalise_mbox(m)),
            AgentIdentifier::MboxSha1Sum(s) => AgentIdentifier::MboxSha1Sum(s.to_ascii_lowercase()),
            other => other.clone(),
        }
    }
}

impl fmt::Display for AgentIdentifier {
    /// `mailto:ann@example.com`, `mbox_sha1sum:ab12...`, `openid:https://...`,
    /// `account:ann@https://lms.example.com`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AgentIdentifier::Mbox(m) => f.write_str(m),
            AgentIdentifier::MboxSha1Sum(s) => write!(f, "mbox_sha1sum:{s}"),
            AgentIdentifier::OpenId(o) => write!(f, "openid:{o}"),
            AgentIdentifier::Account { home_page, name } => write!(f, "account:{name}@{home_page}"),
        }
    }
}

/// What the import keeps of one valid statement.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    /// Index of the statement's record (its fate).
    pub(crate) record: usize,
    pub(crate) location: Location,
    /// The statement id, lowercased.
    pub(crate) id: Option<String>,
    /// Canonical content hash (xAPI 2.3.1 comparison,
    /// `canonical::comparison_hash`): the SHA-1 of a statement without an
    /// id, a cheaper per-process hash of one with an id. All zeros when it
    /// is left for later ([`Stmt::later`]).
    pub(crate) hash: [u8; 20],
    /// For a statement with an id read from a file that can be read again:
    /// its hash is not made while reading (most ids never repeat), only
    /// when a second statement with its id differs from it byte for byte.
    pub(crate) later: Option<Later>,
    /// The agent's identifier; `None` for a Group actor.
    pub(crate) actor: Option<AgentIdentifier>,
    /// The actor as sessions are grouped by: its canonical identifier
    /// written out, `group` for a Group (made once, while examining).
    pub(crate) actor_key: String,
    /// For a statement without an id: `sha1:` and its content hash, its
    /// key ([`Stmt::key`]).
    pub(crate) hash_key: Option<String>,
    /// The verb IRI, borrowed from [`vocab`] when it is one of its verbs.
    pub(crate) verb: Text,
    /// For a voiding statement: the id it voids, lowercased.
    pub(crate) voids: Option<String>,
    /// The activity type, borrowed from the default activity kinds when it is one.
    pub(crate) activity_type: Option<Text>,
    pub(crate) title: Option<String>,
    pub(crate) duration: Option<String>,
    pub(crate) timestamp: Option<DateTime<FixedOffset>>,
    pub(crate) stored: Option<DateTime<FixedOffset>>,
    pub(crate) registration: Option<String>,
    pub(crate) session_id: Option<String>,
    /// The session id extension is present but not a string.
    pub(crate) session_id_not_string: bool,
    pub(crate) launch_mode: Option<Text>,
    /// Carries the cmi5 category: a "cmi5 defined" statement (cmi5 9.6.2.1).
    pub(crate) cmi5_defined: bool,
    /// Carries the ADL xAPI SCORM Profile category.
    pub(crate) scorm_profile: bool,
    /// The xAPI Video Profile session id, when it is a string.
    pub(crate) video_session: Option<String>,
    /// The Video Profile's `played-segments`, when it is a string.
    pub(crate) played_segments: Option<String>,
}

/// Where a statement's bytes are in a file read again for its comparison
/// hash, and a fingerprint of those bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Later {
    /// A keyed 128-bit hash of the statement's bytes, as read: copies with
    /// equal bytes are the same statement without a canonical form; bytes
    /// read again are checked against it.
    pub(crate) fingerprint: u128,
    /// The file, an index into the importer's files read again.
    pub(crate) source: u32,
    /// The byte offset of the statement in the file.
    pub(crate) offset: u64,
    /// Its length in bytes.
    pub(crate) len: u32,
}

/// Where the bytes of a statement being extracted are in a file that can be
/// read again (`Importer::read_file`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span<'b> {
    /// The file, an index into the importer's files read again.
    pub(crate) source: u32,
    /// The byte offset of `bytes` in the file.
    pub(crate) offset: u64,
    /// The statement's bytes.
    pub(crate) bytes: &'b [u8],
}

impl Stmt {
    /// When the statement happened: `timestamp`, or `stored` when the LRS
    /// would have copied it there (xAPI 2.4.7.s3.b2).
    pub(crate) fn time(&self) -> Option<DateTime<FixedOffset>> {
        self.timestamp.or(self.stored)
    }

    /// The id, or the content hash for a statement without one.
    pub(crate) fn key(&self) -> &str {
        self.id
            .as_deref()
            .or(self.hash_key.as_deref())
            .unwrap_or_default()
    }
}

/// Text that is most often one of a few well-known values (verb IRIs,
/// activity types, launch modes): borrowed from a table then, so most
/// statements allocate nothing for it; owned otherwise.
pub(crate) type Text = Cow<'static, str>;

/// Verbs most statements use.
const KNOWN_VERBS: &[&str] = &[
    vocab::COMPLETED,
    vocab::PASSED,
    vocab::FAILED,
    vocab::TERMINATED,
    vocab::INITIALIZED,
    vocab::LAUNCHED,
    vocab::SUSPENDED,
    vocab::RESUMED,
    vocab::EXPERIENCED,
    vocab::ATTEMPTED,
    vocab::ATTENDED,
    vocab::VOIDED,
    vocab::ABANDONED,
    vocab::WAIVED,
    vocab::SATISFIED,
    vocab::VIDEO_PLAYED,
];

/// cmi5 launch modes (cmi5 10.0).
const KNOWN_LAUNCH_MODES: &[&str] = &["Normal", "Browse", "Review"];

/// `text` as a [`Text`]: borrowed from `table` when it is there.
fn known(text: &str, table: &[&'static str]) -> Text {
    match table.iter().find(|k| **k == text) {
        Some(k) => Cow::Borrowed(*k),
        None => Cow::Owned(text.to_string()),
    }
}

/// An activity type as a [`Text`], borrowed from the default activity kinds.
fn known_activity_type(text: &str) -> Text {
    match crate::import::DEFAULT_ACTIVITY_KINDS
        .iter()
        .find(|(k, _)| *k == text)
    {
        Some((k, _)) => Cow::Borrowed(*k),
        None => Cow::Owned(text.to_string()),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn identifier(agent: &Raw) -> Option<AgentIdentifier> {
    if agent.str_at("objectType") == Some("Group") {
        return None;
    }
    if let Some(m) = agent.str_at("mbox") {
        return Some(AgentIdentifier::Mbox(m.to_string()));
    }
    if let Some(s) = agent.str_at("mbox_sha1sum") {
        return Some(AgentIdentifier::MboxSha1Sum(s.to_ascii_lowercase()));
    }
    if let Some(o) = agent.str_at("openid") {
        return Some(AgentIdentifier::OpenId(o.to_string()));
    }
    let account = agent.get("account")?;
    Some(AgentIdentifier::Account {
        home_page: account.str_at("homePage")?.to_string(),
        name: account.str_at("name")?.to_string(),
    })
}

/// The display text of a language map: `en-GB`, `en`, `en-US`, else the
/// first tag in sorted order (so the choice never depends on key order).
fn display_text(map: &Raw) -> Option<String> {
    let Raw::Object(entries) = map else {
        return None;
    };
    for preferred in ["en-GB", "en", "en-US"] {
        if let Some(text) = map.str_at(preferred) {
            return Some(text.to_string());
        }
    }
    entries
        .iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?)))
        .min_by(|a, b| a.0.cmp(b.0))
        .map(|(_, v)| v.to_string())
}

fn has_category(context: &Raw, iri: &str) -> bool {
    let Some(category) = context
        .get("contextActivities")
        .and_then(|c| c.get("category"))
    else {
        return false;
    };
    match category {
        Raw::Array(items) => items.iter().any(|a| a.str_at("id") == Some(iri)),
        single => single.str_at("id") == Some(iri),
    }
}

/// Reads the parts the import needs from a statement that passed validation.
///
/// With a `span` (the statement's bytes in a file that can be read again),
/// the comparison hash of a statement with an id is left for later
/// ([`Stmt::later`]): only a fingerprint of its bytes is made.
pub(crate) fn extract(raw: &Raw, record: usize, location: Location, span: Option<Span>) -> Stmt {
    let object = raw.get("object");
    let object_type = object
        .and_then(|o| o.str_at("objectType"))
        .unwrap_or("Activity");
    let verb = known(
        raw.get("verb")
            .and_then(|v| v.str_at("id"))
            .unwrap_or_default(),
        KNOWN_VERBS,
    );
    let voids = (verb == vocab::VOIDED && object_type == "StatementRef")
        .then(|| {
            object
                .and_then(|o| o.str_at("id"))
                .map(str::to_ascii_lowercase)
        })
        .flatten();
    let definition = (object_type == "Activity")
        .then(|| object.and_then(|o| o.get("definition")))
        .flatten();
    let context = raw.get("context");
    let extensions = context.and_then(|c| c.get("extensions"));
    let session = extensions.and_then(|e| e.get(vocab::CMI5_SESSION_ID));
    let id = raw.str_at("id").map(str::to_ascii_lowercase);
    let later = match (&id, span) {
        (Some(_), Some(span)) => u32::try_from(span.bytes.len()).ok().map(|len| Later {
            fingerprint: crate::canonical::fingerprint(span.bytes),
            source: span.source,
            offset: span.offset,
            len,
        }),
        _ => None,
    };
    let hash = match later {
        Some(_) => [0; 20],
        None => comparison_hash(raw),
    };
    let hash_key = id.is_none().then(|| format!("sha1:{}", hex(&hash)));
    let actor = raw.get("actor").and_then(identifier);
    let actor_key = actor
        .as_ref()
        .map_or_else(|| "group".to_string(), AgentIdentifier::canonical_key);
    Stmt {
        record,
        location,
        id,
        hash,
        later,
        hash_key,
        actor,
        actor_key,
        voids,
        activity_type: definition
            .and_then(|d| d.str_at("type"))
            .map(known_activity_type),
        title: definition
            .and_then(|d| d.get("name"))
            .and_then(display_text),
        duration: raw
            .get("result")
            .and_then(|r| r.str_at("duration"))
            .map(str::to_string),
        timestamp: raw
            .str_at("timestamp")
            .and_then(|t| parse_timestamp(t).ok()),
        stored: raw.str_at("stored").and_then(|t| parse_timestamp(t).ok()),
        registration: context
            .and_then(|c| c.str_at("registration"))
            .map(str::to_ascii_lowercase),
        session_id: session.and_then(Raw::as_str).map(str::to_string),
        session_id_not_string: session.is_some_and(|s| s.as_str().is_none()),
        launch_mode: extensions
            .and_then(|e| e.str_at(vocab::CMI5_LAUNCH_MODE))
            .map(|m| known(m, KNOWN_LAUNCH_MODES)),
        cmi5_defined: context.is_some_and(|c| has_category(c, vocab::CMI5_CATEGORY)),
        scorm_profile: context.is_some_and(|c| has_category(c, vocab::SCORM_CATEGORY)),
        video_session: extensions
            .and_then(|e| e.str_at(vocab::VIDEO_SESSION_ID))
            .map(str::to_string),
        played_segments: raw
            .get("result")
            .and_then(|r| r.get("extensions"))
            .and_then(|e| e.str_at(vocab::VIDEO_PLAYED_SEGMENTS))
            .or_else(|| extensions.and_then(|e| e.str_at(vocab::VIDEO_PLAYED_SEGMENTS)))
            .map(str::to_string),
        verb,
    }
}
