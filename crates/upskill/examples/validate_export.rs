//! Validate an LMS export the way CI would: every problem with its location,
//! a stable code and a plain message, and an exit status.
//!
//! Run: `cargo run -p upskill --example validate_export [FILE]`
//! (default: the example dataset's `sessions.csv`).

use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

use upskill::io::formats::DocumentKind;
use upskill::validate::{Input, ValidateOptions, render_text, validate};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../upskill-dataset/example/sessions.csv"
        )
        .to_string()
    });
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("cannot open `{path}`: {e}");
            return ExitCode::from(2);
        }
    };
    let report = validate(
        DocumentKind::Sessions,
        Input::new(path.as_str(), BufReader::new(file)),
        &ValidateOptions::new(),
    );
    // Compiler style: `sessions.csv:112:44: error[S012]: ...`
    print!("{}", render_text(&report));
    println!(
        "{} records read, {} problems; {}",
        report.summary.records_read,
        report.problems.len(),
        if report.valid { "valid" } else { "not valid" }
    );
    if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
