//! Import xAPI statements (an LRS page) into learning sessions, mapping actors
//! to learner ids, and see what became of every statement.
//!
//! Run: `cargo run -p upskill --example import_xapi`

use upskill::diagnostics::Location;
use upskill::xapi::{IdentityMap, ImportOptions, Importer};

const STATEMENTS: [&str; 3] = [
    r#"{"id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01", "actor": {"mbox": "mailto:ann@Example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://lms.example.com/courses/gdpr"},
        "result": {"duration": "PT1H15M"}, "timestamp": "2026-03-04T11:15:00Z"}"#,
    // The same statement again: counted once.
    r#"{"id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01", "actor": {"mbox": "mailto:ann@Example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://lms.example.com/courses/gdpr"},
        "result": {"duration": "PT1H15M"}, "timestamp": "2026-03-04T11:15:00Z"}"#,
    // An actor the mapping does not know: reported, never dropped silently.
    r#"{"id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b02", "actor": {"mbox": "mailto:bob@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
        "object": {"id": "https://lms.example.com/webinars/42"},
        "result": {"duration": "PT45M"}, "timestamp": "2026-03-05T10:00:00Z"}"#,
];

fn main() {
    // The mapping's email domain is compared case-insensitively.
    let mapping = IdentityMap::read_csv(
        "learner_id,mbox\ne0001,mailto:ann@example.com\n".as_bytes(),
        "actors.csv",
    );
    let mut importer = Importer::new(ImportOptions::default());
    for (i, statement) in STATEMENTS.iter().enumerate() {
        importer.add_statement_json(statement, Location::file("lrs.json").at_record(i as u64));
    }
    let import = importer.finish(&mapping.map);
    for s in &import.sessions {
        let session = &s.session;
        println!(
            "{}: learner {} from {} for {}",
            s.location,
            session.learner_id(),
            session.start().to_rfc3339(),
            session.duration()
        );
    }
    for statement in &import.statements {
        println!("{}: {}", statement.location, statement.fate.name());
    }
    for problem in &import.diagnostics {
        println!("{problem}");
    }
}
