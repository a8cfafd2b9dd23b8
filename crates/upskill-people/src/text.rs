//! Checked text: names and references chosen by the organisation.
//!
//! Names (levels, groups, metric names, document references, attesters)
//! follow the workspace's one id-text rule, [`upskill_session::check_id_text`]:
//! surrounding white space is trimmed, and the rest must not be empty, must be
//! at most 256 bytes and must hold no control character. A [`Statement`] is
//! free text, not a name: it keeps its own rule (see [`TextError`]).

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// A name broke the id-text rule ([`upskill_session::check_id_text`]):
    /// empty once trimmed, longer than 256 bytes, or a control character.
    #[error(transparent)]
    Name(#[from] upskill_session::SessionError),
    /// A statement is empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What the text was meant to be (`level`, `document reference`, ...).
        what: &'static str,
    },
    /// A statement starts or ends with whitespace.
    #[error("{what} `{}` has leading or trailing whitespace", text.escape_debug())]
    SurroundingWhitespace {
        /// What the text was meant to be.
        what: &'static str,
        /// The text as given.
        text: String,
    },
    /// A statement holds a control character other than a line feed or a
    /// tab.
    #[error("{what} `{}` contains a control character", text.escape_debug())]
    ControlCharacter {
        /// What the text was meant to be.
        what: &'static str,
        /// The text as given.
        text: String,
    },
}

/// Whitespace as JSON Schema's `\s` sees it: Unicode `White_Space` plus the
/// byte-order mark, so the Rust check and the schema's pattern agree.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Checks a name by the id-text rule; returns it trimmed.
fn check_name(what: &'static str, text: String) -> Result<String, TextError> {
    Ok(upskill_session::check_id_text(what, &text)?)
}

/// Checks a statement: not empty, no surrounding whitespace, no control
/// characters but line feeds and tabs inside.
fn check_statement(what: &'static str, text: String) -> Result<String, TextError> {
    check(what, &text, &['\n', '\t'])?;
    Ok(text)
}

fn check(what: &'static str, text: &str, allowed_control: &[char]) -> Result<(), TextError> {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return Err(TextError::Empty { what });
    };
    if is_space(first) || is_space(last) {
        return Err(TextError::SurroundingWhitespace {
            what,
            text: text.to_owned(),
        });
    }
    if text
        .chars()
        .any(|c| c.is_control() && !allowed_control.contains(&c))
    {
        return Err(TextError::ControlCharacter {
            what,
            text: text.to_owned(),
        });
    }
    Ok(())
}

/// JSON Schema pattern for a statement: as a name, but line feeds and tabs
/// may appear inside.
#[cfg(feature = "schemars")]
const STATEMENT_PATTERN: &str = r"^[^\s\u0000-\u001F\u007F-\u009F](?:[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F])?$";

/// JSON Schema of a name: the id-text rule, as `upskill_session`'s ids
/// publish it.
#[cfg(feature = "schemars")]
fn name_schema(what: &str, example: &str) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "minLength": 1,
        "maxLength": upskill_session::MAX_ID_LENGTH,
        "pattern": "\\S",
        "description": format!("Text ({what}): not empty, at most 256 bytes, no control characters; surrounding white space is trimmed."),
        "examples": [example]
    })
}

/// JSON Schema of a statement.
#[cfg(feature = "schemars")]
fn statement_schema(what: &str, example: &str) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "minLength": 1,
        "pattern": STATEMENT_PATTERN,
        "description": format!("Text ({what}): not empty, no leading or trailing whitespace, no control characters other than line feeds and tabs inside."),
        "examples": [example]
    })
}

macro_rules! checked_text {
    (
        $(#[$doc:meta])*
        $name:ident, what = $what:literal, example = $example:literal, check = $check:ident, schema = $schema:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Checks `text` and makes a ", $what, " of it.")]
            ///
            /// # Errors
            ///
            /// [`TextError`] when the text breaks its rule: a name is
            /// trimmed and must then not be empty, be at most 256 bytes and
            /// hold no control character (`upskill_session::check_id_text`);
            /// a statement must not be empty or start or end with white
            /// space, and may hold line feeds and tabs only inside.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use upskill_people::", stringify!($name), ";")]
            ///
            #[doc = concat!("let text = ", stringify!($name), "::new(", stringify!($example), ")?;")]
            #[doc = concat!("assert_eq!(text.as_str(), ", stringify!($example), ");")]
            #[doc = concat!("assert!(", stringify!($name), "::new(\" \").is_err());")]
            /// # Ok::<(), upskill_people::TextError>(())
            /// ```
            pub fn new(text: impl Into<String>) -> Result<$name, TextError> {
                $check($what, text.into()).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = TextError;

            fn from_str(text: &str) -> Result<$name, TextError> {
                $name::new(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;

            fn try_from(text: String) -> Result<$name, TextError> {
                $name::new(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = TextError;

            fn try_from(text: &str) -> Result<$name, TextError> {
                $name::new(text)
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> String {
                text.0
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $schema($what, $example)
            }
        }
    };
}

checked_text! {
    /// Where an attestation can be checked: a document's reference, file
    /// name or address (`HR-POL-012 v3`, `https://intranet.example/cpd-policy`).
    DocumentRef, what = "document reference", example = "HR-POL-012 v3", check = check_name, schema = name_schema
}

checked_text! {
    /// Who made an attestation: a name or a role (`Head of People`).
    Attester, what = "attester", example = "Head of People", check = check_name, schema = name_schema
}

checked_text! {
    /// The name of a measured metric or of a count behind it
    /// (`learner_week_rate`, `eligible_learner_weeks`). The policy engine
    /// chooses these names; this crate gives them no meaning.
    MetricName, what = "metric name", example = "learner_week_rate", check = check_name, schema = name_schema
}

checked_text! {
    /// A level of the organisation at which representation is counted,
    /// chosen by the organisation (`board`, `senior`, `all staff`).
    Level, what = "level", example = "board", check = check_name, schema = name_schema
}

checked_text! {
    /// A group whose representation is counted, chosen by the organisation.
    /// This crate gives groups no meaning and suggests none.
    Group, what = "group", example = "group a", check = check_name, schema = name_schema
}

checked_text! {
    /// What an attestation says, in the attester's words. Unlike a name it
    /// may run over several lines (line feeds and tabs are allowed inside).
    Statement, what = "statement", example = "Every employee has a weekly learning hour in their calendar", check = check_statement, schema = statement_schema
}
