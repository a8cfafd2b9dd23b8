//! Writes the LRS export the `ratio` and `import` benchmarks read, as files,
//! for whole-process benchmarks (`upskill import xapi` against a peer):
//!
//! ```text
//! cargo run --release -p upskill-xapi --example lrs_export -- 200000 /tmp/xapi
//! ```
//!
//! writes `/tmp/xapi/export-200000.jsonl` (JSON Lines; of every 10
//! statements 2 plain `completed`, one repeating the other, 2 ADL SCORM
//! Profile sittings, a 5-statement cmi5 session and 1 voiding statement)
//! and `/tmp/xapi/people.csv` (the identity mapping of its 500 learners).

#[path = "../benches/support/export.rs"]
mod export;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args
        .next()
        .and_then(|n| n.replace('_', "").parse::<f64>().ok())
        .map_or(200_000, |n| n as u64);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/xapi".into()));
    std::fs::create_dir_all(&dir)?;
    let lines = export::export(count);
    let path = dir.join(format!("export-{count}.jsonl"));
    std::fs::write(&path, &lines)?;
    std::fs::write(dir.join("people.csv"), export::mapping_csv())?;
    println!("{} ({} bytes)", path.display(), lines.len());
    Ok(())
}
