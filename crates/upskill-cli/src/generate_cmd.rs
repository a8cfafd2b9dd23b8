//! `upskill generate`: a synthetic dataset.

use upskill::DayOfWeek;
use upskill::generate::{GenerateOptions, Intent, generate};

use crate::EXIT_OK;
use crate::args::GenerateArgs;
use crate::error::CliError;
use crate::progress::Progress;

/// Runs `upskill generate`.
pub(crate) fn run(args: &GenerateArgs) -> Result<u8, CliError> {
    if !args.force {
        refuse_non_empty(&args.out_dir)?;
    }
    let options = if args.example {
        GenerateOptions::example()
    } else {
        let first_week = upskill::Week::parse(args.first_week.trim(), DayOfWeek::Monday)
            .map_err(|e| CliError::Usage(format!("`--first-week` `{}`: {e}", args.first_week)))?;
        GenerateOptions {
            learners: args.learners,
            weeks: args.weeks,
            first_week,
            seed: args.seed,
            bad_record_share: args.bad_share,
            duplicate_share: args.duplicate_share,
            target_learner_week_rate: args.target,
            sessions_jsonl: args.jsonl,
            ..GenerateOptions::default()
        }
    };
    let dataset = generate(&options).map_err(|e| CliError::Usage(e.to_string()))?;
    let learner_weeks = u64::from(options.learners) * u64::from(options.weeks + 1);
    let progress = Progress::count(learner_weeks, 200_000, "generating");
    let dir = args.out_dir.display().to_string();
    let written = dataset
        .write_to_with(&args.out_dir, |done, _| progress.set(done))
        .map_err(CliError::Generate)?;
    progress.finish();
    if crate::style::quiet() {
        return Ok(EXIT_OK);
    }
    let c = &written.counts;
    let (first, last) = dataset.period();
    println!(
        "wrote {} learners, {}..{}, {} session records to `{dir}` (seed {})",
        options.learners,
        first,
        last,
        c.records(),
        options.seed
    );
    println!(
        "  {} valid, {} overlapping, {} duplicate, {} outside the period, {} of unknown learners, {} bad",
        c.of(Intent::Valid),
        c.of(Intent::Overlap),
        c.of(Intent::ExactDuplicate)
            + c.of(Intent::ConflictingId)
            + c.of(Intent::CrossSystemDuplicate),
        c.of(Intent::OutsidePeriod),
        c.of(Intent::UnknownLearner),
        c.of(Intent::EndBeforeStart) + c.of(Intent::NaiveTimestamp) + c.of(Intent::UnknownActivity)
    );
    println!(
        "  assess it with: upskill evaluate {dir} --from {first} --to {last} --as-of {}",
        dataset.closing_as_of().to_rfc3339()
    );
    Ok(EXIT_OK)
}

/// Refuses a directory that already holds anything: `generate` would mix
/// its files with the user's (or replace theirs) without `--force`.
fn refuse_non_empty(dir: &std::path::Path) -> Result<(), CliError> {
    let shown = || upskill::diagnostics::printable(&dir.display().to_string()).into_owned();
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Usage(format!(
            "`{}` is a file, not a directory: choose a directory to write the dataset into",
            shown()
        )));
    }
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty {
        return Err(CliError::Usage(format!(
            "`{}` is not empty: choose a new or empty directory, or give --force to write into it",
            shown()
        )));
    }
    Ok(())
}
