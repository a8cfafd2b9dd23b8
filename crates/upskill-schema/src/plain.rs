//! Schema violations said in the user's words: what the value is and what
//! was expected, never the JSON Schema keyword (`anyOf`, `oneOf`, `const`)
//! that found it.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

/// Longest value quoted in a message (characters); longer ones are cut.
const VALUE_SHOWN: usize = 40;

/// One violation in plain words: where (a JSON pointer into the document)
/// and what. An `anyOf`/`oneOf` violation is explained by its branches: the
/// `null` branch of an optional field is dropped, constants become "one
/// of", and a single remaining branch is explained by its own violation
/// (deepest first, so `/target/learner_week_rate` rather than `/target`).
pub(crate) fn explain(error: &ValidationError<'_>) -> (String, String) {
    let pointer = error.instance_path.to_string();
    let value = shown(&error.instance);
    let what = match &error.kind {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            return branches(&pointer, &value, context);
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            format!("{value} fits more than one meaning: make it unambiguous")
        }
        kind => describe(kind, &value),
    };
    (pointer, what)
}

fn branches(
    pointer: &str,
    value: &str,
    context: &[Vec<ValidationError<'static>>],
) -> (String, String) {
    // Drop the `null` alternative of an optional field.
    let live: Vec<&Vec<ValidationError<'static>>> = context
        .iter()
        .filter(|errors| {
            !errors.iter().all(|e| {
                matches!(&e.kind, ValidationErrorKind::Type { kind: TypeKind::Single(t) }
                    if *t == jsonschema::JsonType::Null)
            })
        })
        .collect();
    let constants: Vec<String> = live
        .iter()
        .flat_map(|errors| errors.iter())
        .filter_map(|e| match &e.kind {
            ValidationErrorKind::Constant { expected_value } => Some(plain_value(expected_value)),
            _ => None,
        })
        .collect();
    if !constants.is_empty() && constants.len() == live.len() {
        return (
            pointer.to_string(),
            format!(
                "{value} is not allowed: expected one of {}",
                constants.join(", ")
            ),
        );
    }
    if let [only] = live.as_slice() {
        // The deepest violation says the most.
        if let Some(deepest) = only
            .iter()
            .max_by_key(|e| e.instance_path.to_string().len())
        {
            return explain(deepest);
        }
    }
    (
        pointer.to_string(),
        format!("{value} matches none of the forms this field takes (see docs/formats.md)"),
    )
}

fn describe(kind: &ValidationErrorKind, value: &str) -> String {
    match kind {
        ValidationErrorKind::Type { kind } => {
            let types: Vec<jsonschema::JsonType> = match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(set) => set.iter().collect(),
            };
            let mut words: Vec<&str> = types
                .iter()
                .filter(|t| **t != jsonschema::JsonType::Null || types.len() == 1)
                .map(|t| type_word(*t))
                .collect();
            words.dedup();
            format!("{value} is the wrong type: expected {}", words.join(" or "))
        }
        ValidationErrorKind::Enum { options } => match options {
            Value::Array(items) => format!(
                "{value} is not allowed: expected one of {}",
                items.iter().map(plain_value).collect::<Vec<_>>().join(", ")
            ),
            other => format!("{value} is not allowed: expected {}", plain_value(other)),
        },
        ValidationErrorKind::Constant { expected_value } => {
            format!(
                "{value} is not allowed: expected {}",
                plain_value(expected_value)
            )
        }
        ValidationErrorKind::Minimum { limit } => {
            format!("{value} is too small: the least allowed is {limit}")
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("{value} is too small: it must be more than {limit}")
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("{value} is too large: the most allowed is {limit}")
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("{value} is too large: it must be less than {limit}")
        }
        ValidationErrorKind::MinLength { limit } => {
            format!("{value} is too short: at least {limit} character(s)")
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("{value} is too long: at most {limit} character(s)")
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("the list has too few entries: at least {limit}")
        }
        ValidationErrorKind::MaxItems { limit } => {
            format!("the list has too many entries: at most {limit}")
        }
        ValidationErrorKind::UniqueItems => "the list repeats an entry".to_string(),
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
            format!("{value} is not in the expected form (see docs/formats.md)")
        }
        ValidationErrorKind::MultipleOf { multiple_of } => {
            format!("{value} must be a multiple of {multiple_of}")
        }
        _ => format!("{value} is not allowed here (see docs/formats.md)"),
    }
}

fn type_word(t: jsonschema::JsonType) -> &'static str {
    match t {
        jsonschema::JsonType::Array => "a list",
        jsonschema::JsonType::Boolean => "true or false",
        jsonschema::JsonType::Integer => "a whole number",
        jsonschema::JsonType::Null => "null",
        jsonschema::JsonType::Number => "a number",
        jsonschema::JsonType::Object => "an object",
        jsonschema::JsonType::String => "text",
    }
}

/// A value as a message quotes it: in backticks, cut when long.
fn shown(value: &Value) -> String {
    plain_value(value)
}

fn plain_value(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = if text.chars().count() > VALUE_SHOWN {
        let cut: String = text.chars().take(VALUE_SHOWN - 1).collect();
        format!("{cut}~")
    } else {
        text
    };
    format!("`{}`", text.replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(instance: &Value) -> Vec<(String, String)> {
        let schema = crate::Published::find("pledge").unwrap().schema();
        let validator = jsonschema::validator_for(&schema).unwrap();
        validator
            .iter_errors(instance)
            .map(|e| explain(&e))
            .collect()
    }

    #[test]
    fn no_schema_keyword_reaches_the_user() {
        let pledge = serde_json::json!({
            "schema_version": 1,
            "organisation": {"id": "a", "name": "A"},
            "time_zone": "UTC",
            "minutes_per_week": "sixty",
            "mode": "sometimes",
            "target": {"learner_week_rate": 1.5}
        });
        let found = messages(&pledge);
        let text = format!("{found:?}");
        for jargon in ["anyOf", "oneOf", "const", "schema", "\"integer\""] {
            assert!(!text.contains(jargon), "{jargon} in {text}");
        }
        assert!(
            found.contains(&(
                "/minutes_per_week".to_string(),
                "`sixty` is the wrong type: expected a whole number".to_string()
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                "/mode".to_string(),
                "`sometimes` is not allowed: expected one of `advisory`, `enforcing`".to_string()
            )),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(p, m)| p == "/target/learner_week_rate" && m.contains("too large")),
            "{found:?}"
        );
    }
}
