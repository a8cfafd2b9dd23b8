//! A JSON value that keeps what `serde_json::Value` throws away: repeated keys
//! and their order. xAPI 2.2.s2.b2 forbids a property twice, and a map would
//! silently keep only one of them.
//!
//! Keys and strings borrow from the input wherever the JSON text has no
//! escape in them (most do not), so reading a statement allocates only its
//! lists of entries and items, not a string per key and value.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value with objects as ordered lists of entries, its strings
/// borrowed from the text it was read from (`'a`) where they can be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<Raw<'a>>),
    Object(Vec<(Cow<'a, str>, Raw<'a>)>),
}

impl<'a> Raw<'a> {
    /// The JSON type's name, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool(_) => "a boolean",
            Raw::Number(_) => "a number",
            Raw::String(_) => "a string",
            Raw::Array(_) => "an array",
            Raw::Object(_) => "an object",
        }
    }

    /// The first entry named exactly `key`, if this is an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Raw<'a>> {
        match self {
            Raw::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string value, if this is a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Raw::String(s) => Some(s),
            _ => None,
        }
    }

    /// `self.get(key)` as a string.
    pub(crate) fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Raw::as_str)
    }
}

impl<'de> serde::Deserialize<'de> for Raw<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Raw<'de>, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw<'de>, E> {
        serde_json::Number::from_f64(v)
            .map(Raw::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::String(Cow::Owned(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Raw<'de>>()? {
            items.push(item);
        }
        Ok(Raw::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Key<'de>, Raw<'de>>()? {
            let Key(key) = key;
            entries.push((key, value));
        }
        Ok(Raw::Object(entries))
    }
}

/// An object's key, borrowed when the text has no escape in it (serde's
/// `Cow<str>` always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}
