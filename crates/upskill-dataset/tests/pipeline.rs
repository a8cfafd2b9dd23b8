//! The pipeline end to end: reading on several threads changes nothing,
//! the per-learner record limit holds on every path, and streams are read.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};

use upskill_dataset::{AsOf, DatasetFiles, DatasetPaths, EvaluateOptions, Source, evaluate};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-dataset-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generated(name: &str, jsonl: bool) -> PathBuf {
    let dir = temp_dir(name);
    let options = upskill_generate::GenerateOptions {
        learners: 400,
        weeks: 20,
        sessions_jsonl: jsonl,
        seed: 11,
        ..Default::default()
    };
    upskill_generate::generate(&options)
        .unwrap()
        .write_to_with(&dir, |_, _| {})
        .unwrap();
    dir
}

fn options(threads: usize) -> EvaluateOptions {
    EvaluateOptions {
        from: Some("2026-W10".into()),
        to: Some("2026-W29".into()),
        as_of: AsOf::parse("2026-07-01T08:00:00+00:00").unwrap(),
        threads,
        ..EvaluateOptions::default()
    }
}

fn report(dir: &Path, options: &EvaluateOptions) -> String {
    let evaluation = evaluate(&DatasetFiles::open(dir).unwrap(), options).unwrap();
    serde_json::to_string_pretty(&evaluation.assessment).unwrap()
}

/// Chunked reading on several threads reports exactly what one thread does.
#[test]
fn threads_change_nothing_in_the_report() {
    for (name, jsonl) in [("csv", false), ("jsonl", true)] {
        let dir = generated(&format!("threads-{name}"), jsonl);
        let one = report(&dir, &options(1));
        assert!(one.contains("\"location\""), "some rejections are listed");
        for threads in [2, 3, 8] {
            assert_eq!(
                report(&dir, &options(threads)),
                one,
                "{name}, {threads} threads"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A quoted field running over a chunk boundary: the file is read again
/// in one piece, with the same result.
#[test]
fn quoted_newlines_across_cuts_fall_back_to_one_piece() {
    let dir = generated("quoted", false);
    let path = dir.join("sessions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Every title becomes a quoted field over two lines.
    let mut rewritten = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 && fields.len() > 5 && !line.contains('"') {
            fields[5] = format!("\"{}\nsecond line\"", fields[5]);
        }
        rewritten.push_str(&fields.join(","));
        rewritten.push('\n');
    }
    std::fs::write(&path, rewritten).unwrap();
    assert_eq!(report(&dir, &options(2)), report(&dir, &options(1)));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Records past the per-learner limit are rejected (`A002`), never lost,
/// and on any number of threads the same ones are.
#[test]
fn records_past_the_per_learner_limit_are_rejected() {
    let dir = generated("limit", false);
    let limited = |threads| {
        let mut o = options(threads);
        o.engine.max_records_per_learner = 10;
        o
    };
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    let free = json(&report(&dir, &options(1)));
    let one = report(&dir, &limited(1));
    assert_eq!(report(&dir, &limited(2)), one);
    let limited = json(&one);
    assert_eq!(
        limited["ledger"]["records_read"],
        free["ledger"]["records_read"]
    );
    let rejected = |v: &serde_json::Value| v["ledger"]["fates"]["rejected"].as_u64().unwrap();
    assert!(rejected(&limited) > rejected(&free));
    assert!(one.contains("\"A002\""));
    assert!(one.contains("has more than 10 records in this evaluation"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The case `parallel-reader-ignores-learner-cap`: one learner's record
/// repeated far past the limit. Each reading thread keeps at most the
/// limit per learner, so memory does not grow with the file; the report is
/// the one-thread report, byte for byte.
#[test]
fn one_learner_past_the_limit_on_two_threads() {
    let dir = generated("one-learner", false);
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    let learner = roster
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let mut csv = String::from("record_id,learner_id,start,duration_minutes,activity,title\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "r{i},{learner},2026-03-02T09:00:00+00:00,30,webinar,the same webinar again and again\n"
        ));
    }
    std::fs::write(dir.join("sessions.csv"), csv).unwrap();
    let limited = |threads| {
        let mut o = options(threads);
        o.engine.max_records_per_learner = 50;
        o
    };
    let one = report(&dir, &limited(1));
    assert_eq!(report(&dir, &limited(2)), one);
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["ledger"]["records_read"], 20_000);
    assert_eq!(
        v["ledger"]["fates"]["rejected"],
        20_000 - 50,
        "{}",
        v["ledger"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A named pipe is read once, as a stream (no second pass, no seeking).
#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_as_a_stream() {
    let dir = generated("fifo", false);
    let file_report = report(&dir, &options(2));
    let fifo = dir.join("pipe.csv");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(dir.join("sessions.csv")).unwrap();
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(writer_path, bytes).unwrap());
    let mut paths = DatasetPaths::dir(&dir);
    paths.sessions = vec![Source::path(&fifo)];
    let files = paths.resolve().unwrap();
    let evaluation = evaluate(&files, &options(2)).unwrap();
    writer.join().unwrap();
    let fifo_report = serde_json::to_string_pretty(&evaluation.assessment).unwrap();
    // The same records; only the file name in locations differs.
    let renamed = file_report.replace(
        &dir.join("sessions.csv").display().to_string(),
        &fifo.display().to_string(),
    );
    assert_eq!(fifo_report, renamed);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A directory named like a dataset file is an error, not skipped.
#[test]
fn a_directory_named_like_a_dataset_file_is_an_error() {
    let dir = generated("dir-as-file", false);
    std::fs::create_dir(dir.join("leave.csv.d")).unwrap();
    std::fs::remove_file(dir.join("leave.csv")).unwrap();
    std::fs::rename(dir.join("leave.csv.d"), dir.join("leave.csv")).unwrap();
    let e = DatasetFiles::open(&dir).unwrap_err();
    assert!(e.to_string().contains("is a directory"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Bytes in memory give the report files give.
#[test]
fn memory_sources_equal_files() {
    let dir = generated("memory", false);
    let files = DatasetFiles::open(&dir).unwrap();
    let from_disk = evaluate(&files, &options(1)).unwrap();
    let mem = |name: &str| {
        let path = dir.join(name);
        Source::memory(path.display().to_string(), std::fs::read(&path).unwrap())
    };
    let in_memory = DatasetFiles::new(
        mem("pledge.json"),
        mem("roster.csv"),
        vec![mem("sessions.csv")],
    )
    .with_leave(mem("leave.csv"))
    .with_holidays(mem("holidays.csv"));
    let from_memory = evaluate(&in_memory, &options(1)).unwrap();
    assert_eq!(
        serde_json::to_string(&from_memory.assessment).unwrap(),
        serde_json::to_string(&from_disk.assessment).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Warnings kept in memory are capped like problems, in lenient mode too:
/// a JSON Lines file with an unknown field warns on every line, and memory
/// does not grow with it (the rest are counted), on one thread and on two.
#[test]
fn warnings_are_capped_and_counted() {
    let dir = generated("warnings", true);
    let text = std::fs::read_to_string(dir.join("sessions.jsonl")).unwrap();
    let lines = text.lines().count();
    assert!(
        lines > upskill_dataset::PROBLEMS_LISTED + 100,
        "{lines} lines"
    );
    let mut with_extra = String::new();
    for line in text.lines() {
        with_extra.push_str(line.trim_end().strip_suffix('}').unwrap());
        with_extra.push_str(",\"colour\":\"blue\"}\n");
    }
    std::fs::write(dir.join("sessions.jsonl"), with_extra).unwrap();
    for threads in [1, 2] {
        let mut o = options(threads);
        o.lenient = true;
        let evaluation = evaluate(&DatasetFiles::open(&dir).unwrap(), &o).unwrap();
        assert_eq!(evaluation.warnings.len(), upskill_dataset::PROBLEMS_LISTED);
        assert!(evaluation.warnings_not_listed > 100, "{threads} thread(s)");
        // Every line warns, but a rejected line's problems are its rejection's.
        let counted = evaluation.warnings.len() as u64 + evaluation.warnings_not_listed;
        let rejected = evaluation.assessment.ledger.fates.rejected;
        assert!(
            counted <= lines as u64 && counted + rejected >= lines as u64,
            "every warning is kept or counted: {counted} + {rejected} rejected for {lines} lines"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
