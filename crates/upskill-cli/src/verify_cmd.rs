//! `upskill verify`: a report is what its inputs give, byte for byte.

use std::io::Write;

use upskill::io::report::verify::verify;
use upskill::io::{DatasetPaths, Source};

use crate::args::VerifyArgs;
use crate::error::CliError;
use crate::{EXIT_FINDINGS, EXIT_OK};

/// Runs `upskill verify`: exit 0 when the rerun gives the same bytes and
/// every input its recorded digest, 1 when not (naming each changed input).
pub(crate) fn run(args: &VerifyArgs) -> Result<u8, CliError> {
    let report_source = Source::path(args.report.clone());
    report_source.check("the report")?;
    let name = report_source.name();
    let report = std::fs::read_to_string(&args.report).map_err(|source| CliError::ReadReport {
        path: name.clone(),
        source,
    })?;
    let given = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| Source::path(p.clone()));
    let mut paths = DatasetPaths::default();
    paths.dir = args.dir.clone();
    paths.pledge = given(&args.pledge);
    paths.roster = given(&args.roster);
    paths.leave = given(&args.leave);
    paths.holidays = given(&args.holidays);
    paths.people = given(&args.people);
    paths.actors = given(&args.actors);
    paths.sessions = args
        .sessions
        .iter()
        .map(|p| Source::path(p.clone()))
        .collect();
    let files = paths.resolve()?;
    let result = verify(&report, &files).map_err(CliError::Verify)?;
    let mut out = std::io::stdout().lock();
    let shown = |t: &str| upskill::diagnostics::printable(t).into_owned();
    for (input, was, now) in &result.changed {
        let was = if was.is_empty() {
            "absent"
        } else {
            was.as_str()
        };
        let now = if now.is_empty() {
            "absent"
        } else {
            now.as_str()
        };
        let _ = writeln!(
            out,
            "changed: `{}`: SHA-256 {} in the report, {} now",
            shown(input),
            was,
            now
        );
    }
    for (role, was, now) in &result.renamed {
        let _ = writeln!(
            out,
            "renamed: `{}` has the bytes the report records for `{}` ({role}); names are part of the report: give it as it was given (`--{role} {}`)",
            shown(now),
            shown(was),
            shown(was)
        );
    }
    if result.identical && result.changed.is_empty() && result.renamed.is_empty() {
        let _ = writeln!(
            out,
            "verified: `{}` is what these inputs give, byte for byte",
            shown(&name)
        );
        Ok(EXIT_OK)
    } else {
        if !result.renamed.is_empty() && result.changed.is_empty() {
            let _ = writeln!(
                out,
                "differs: the inputs have the recorded bytes, but under other names"
            );
        } else if result.changed.is_empty() {
            let _ = writeln!(
                out,
                "differs: every input has its recorded digest, but the rerun's report is not byte-identical (another tool version made it, or it was edited)"
            );
        } else {
            let _ = writeln!(
                out,
                "differs: `{}` does not come from these inputs",
                shown(&name)
            );
        }
        Ok(EXIT_FINDINGS)
    }
}
