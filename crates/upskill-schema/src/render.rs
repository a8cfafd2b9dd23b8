//! Reports for people (compiler-style text) and machines (JSON, SARIF 2.1.0).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};
use upskill_formats::diagnostics::{Diagnostic, Severity};

use crate::report::ValidationReport;
use crate::validate::all_codes;

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The report in compiler style: one line per problem
/// (`sessions.csv:17:12: error[S012]: end ... is before start ...`), a note
/// for problems past the limit, and a summary line.
///
/// # Example
///
/// ```
/// use upskill_formats::DocumentKind;
/// use upskill_schema::{Input, ValidateOptions, render_text, validate};
///
/// let csv = "learner_id,fte\ne1,0\n";
/// let report = validate(DocumentKind::Roster, Input::new("roster.csv", csv.as_bytes()), &ValidateOptions::new());
/// assert_eq!(
///     render_text(&report),
///     "roster.csv:2:4: error[R006]: FTE `0` of `e1` must be above 0 and at most 1, with at most 6 decimal places\n\
///      roster.csv: 1 record read, 1 with errors, 0 with warnings only; 1 error, 0 warnings\n"
/// );
/// ```
pub fn render_text(report: &ValidationReport) -> String {
    let mut out = String::new();
    for problem in &report.problems {
        let _ = writeln!(out, "{problem}");
    }
    let s = &report.summary;
    if s.not_listed > 0 {
        let _ = writeln!(
            out,
            "{}: note: {} not listed",
            report.file,
            plural(s.not_listed, "more problem", "more problems")
        );
    }
    let _ = writeln!(
        out,
        "{}: {} read, {} with errors, {} with warnings only; {}, {}",
        report.file,
        plural(s.records_read, "record", "records"),
        s.records_with_errors,
        s.records_with_warnings,
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
    );
    out
}

/// The report as JSON, as described by `schemas/validation-report.schema.json`
/// (pretty-printed, with a final newline).
///
/// # Example
///
/// ```
/// use upskill_formats::DocumentKind;
/// use upskill_schema::{Input, ValidateOptions, render_json, validate};
///
/// let report = validate(DocumentKind::Holidays, Input::new("holidays.csv", "date\n2026-12-25\n".as_bytes()), &ValidateOptions::new());
/// let json: serde_json::Value = serde_json::from_str(&render_json(&report))?;
/// assert_eq!(json["valid"], true);
/// assert_eq!(json["summary"]["records_read"], 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn render_json(report: &ValidationReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// A file name as a SARIF URI reference: `\` as `/`, and every byte outside
/// `A-Z a-z 0-9 - . _ ~ /` percent-encoded.
fn uri(file: &str) -> String {
    let mut out = String::new();
    for byte in file.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(problem: &Diagnostic, rule_index: Option<usize>, file: &str) -> Value {
    let location = &problem.location;
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": uri(location.file.as_deref().unwrap_or(file)) }),
    );
    if let Some(line) = location.line {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(line));
        if let Some(column) = location.column {
            region.insert("startColumn".into(), json!(column));
        }
        physical.insert("region".into(), Value::Object(region));
    }
    let mut sarif_location = Map::new();
    sarif_location.insert("physicalLocation".into(), Value::Object(physical));
    let mut properties = Map::new();
    if let Some(pointer) = &location.pointer {
        sarif_location.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": pointer }]),
        );
        properties.insert("jsonPointer".into(), json!(pointer));
    }
    if let Some(record) = location.record {
        properties.insert("record".into(), json!(record));
    }
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(problem.code));
    if let Some(index) = rule_index {
        out.insert("ruleIndex".into(), json!(index));
    }
    out.insert("level".into(), json!(level(problem.severity)));
    out.insert("message".into(), json!({ "text": problem.message }));
    out.insert("locations".into(), json!([Value::Object(sarif_location)]));
    if !properties.is_empty() {
        out.insert("properties".into(), Value::Object(properties));
    }
    Value::Object(out)
}

/// The reports as one SARIF 2.1.0 log (one run of the tool `upskill`, its
/// rules the documented codes), for code-scanning views. Locations carry
/// the file, line and column when known (columns count Unicode code
/// points) and a JSON pointer as a logical location.
///
/// # Example
///
/// ```
/// use upskill_formats::DocumentKind;
/// use upskill_schema::{Input, ValidateOptions, render_sarif, validate};
///
/// let csv = "learner_id,fte\ne1,0\n";
/// let report = validate(DocumentKind::Roster, Input::new("roster.csv", csv.as_bytes()), &ValidateOptions::new());
/// let sarif: serde_json::Value = serde_json::from_str(&render_sarif(&[report]))?;
/// let result = &sarif["runs"][0]["results"][0];
/// assert_eq!(result["ruleId"], "R006");
/// assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startColumn"], 4);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn render_sarif(reports: &[ValidationReport]) -> String {
    let codes = all_codes();
    let rules: Vec<Value> = codes
        .iter()
        .map(|(code, by)| {
            json!({
                "id": code.code,
                "shortDescription": { "text": code.summary },
                "defaultConfiguration": { "level": level(code.severity) },
                "properties": { "reportedBy": by },
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            report.problems.iter().map(|problem| {
                let index = codes.iter().position(|(c, _)| c.code == problem.code);
                result(problem, index, &report.file)
            })
        })
        .collect();
    let summaries: Vec<Value> = reports
        .iter()
        .map(|r| json!({ "file": r.file, "kind": r.kind, "format": r.format, "valid": r.valid, "summary": r.summary }))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "upskill",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "validations": summaries },
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            uri("data\\my sessions (1).csv"),
            "data/my%20sessions%20%281%29.csv"
        );
        assert_eq!(uri("é.csv"), "%C3%A9.csv");
    }
}
