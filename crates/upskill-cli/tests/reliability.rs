//! Outputs that never lie and inputs as Unix users give them: the
//! reliability cases of issue 14, end to end through the command.
//!
//! - `import-xapi-write-error-swallowed`: every write error is exit 2 with
//!   the path; a failed write leaves the previous file intact.
//! - `terminal-escape-injection`: nothing from the input reaches a terminal raw.
//! - `fifo-input-reported-missing`: pipes, `/dev/stdin` and process
//!   substitution are read; a directory or a link loop gets its own message.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name)
}

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../upskill-dataset/example")
}

const EXAMPLE_PERIOD: [&str; 6] = [
    "--from",
    "2026-W10",
    "--to",
    "2026-W19",
    "--as-of",
    "2026-05-11T09:00:00+01:00",
];

#[test]
fn write_errors_are_exit_2_with_the_path() {
    let dir = case("import-xapi-write-error-swallowed");
    let out = upskill()
        .current_dir(&dir)
        .args([
            "import",
            "xapi",
            "statements.jsonl",
            "--actors",
            "actors.csv",
        ])
        .args(["--out", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write `/dev/full`"), "{stderr}");
    assert!(!stderr.contains("sessions written"), "{stderr}");
    // Standard output that fails is an error too.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_upskill"))
        .current_dir(&dir)
        .args([
            "import",
            "xapi",
            "statements.jsonl",
            "--actors",
            "actors.csv",
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = upskill()
        .args([
            "evaluate",
            "--example",
            "--format",
            "html",
            "--out",
            "/dev/full",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// On a full file system, the previous report stays whole (root only: a
/// 64 KiB tmpfs is mounted for the test; elsewhere the test says so and passes).
#[test]
fn a_full_disk_leaves_the_previous_report_intact() {
    let dir = std::env::temp_dir().join(format!("upskill-tiny-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root)");
        return;
    }
    let report = dir.join("report.txt");
    std::fs::write(&report, "the previous report\n").unwrap();
    std::fs::write(dir.join("fill"), vec![0u8; 56 << 10]).unwrap();
    let out = upskill()
        .args(["evaluate", "--example", "--format", "html", "--out"])
        .arg(&report)
        .output()
        .unwrap();
    let previous = std::fs::read_to_string(&report).unwrap();
    let leftovers = std::fs::read_dir(&dir).unwrap().count();
    let _ = std::process::Command::new("umount").arg(&dir).status();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No space left on device"));
    assert_eq!(previous, "the previous report\n");
    assert_eq!(leftovers, 2, "no temporary file is left behind");
}

#[test]
fn out_refuses_to_overwrite_an_input() {
    let dir = std::env::temp_dir().join(format!("upskill-out-input-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in std::fs::read_dir(example_dir()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    let before = std::fs::read(dir.join("roster.csv")).unwrap();
    let out = upskill()
        .arg("evaluate")
        .arg(&dir)
        .args(EXAMPLE_PERIOD)
        .arg("--out")
        .arg(dir.join("roster.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is one of this run's inputs"));
    assert_eq!(std::fs::read(dir.join("roster.csv")).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b) || bytes.contains(&0x9b)
}

#[test]
fn nothing_from_the_input_reaches_a_terminal_raw() {
    let dir = case("terminal-escape-injection");
    let period = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W12",
        "--as-of",
        "2026-03-23T09:00:00+00:00",
    ];
    let report = upskill()
        .current_dir(&dir)
        .args(["evaluate", "dataset"])
        .args(period)
        .output()
        .unwrap();
    assert!(!has_escape(&report.stdout), "text report");
    assert!(
        String::from_utf8_lossy(&report.stdout).contains("\\u{1b}"),
        "made visible"
    );
    let strict = upskill()
        .current_dir(&dir)
        .args(["evaluate", "dataset", "--strict"])
        .args(period)
        .output()
        .unwrap();
    assert!(!has_escape(&strict.stderr), "--strict on stderr");
    let validate = upskill()
        .current_dir(&dir)
        .args(["validate", "dataset/sessions.jsonl"])
        .output()
        .unwrap();
    assert!(
        !has_escape(&validate.stdout) && !has_escape(&validate.stderr),
        "validate"
    );
    let import = upskill()
        .current_dir(&dir)
        .args(["import", "xapi", "xapi.jsonl", "--actors", "actors.csv"])
        .output()
        .unwrap();
    assert!(!has_escape(&import.stderr), "import xapi");
    let xapi = upskill()
        .current_dir(&dir)
        .args([
            "evaluate",
            "dataset",
            "--sessions",
            "xapi.jsonl",
            "--actors",
            "actors.csv",
        ])
        .args(period)
        .output()
        .unwrap();
    assert!(
        !has_escape(&xapi.stdout) && !has_escape(&xapi.stderr),
        "evaluate xAPI"
    );
    // Echoed options too.
    let echo = upskill()
        .args(["evaluate", "--example", "--to", "2026-W1\u{1b}[2J"])
        .output()
        .unwrap();
    assert_eq!(echo.status.code(), Some(2));
    assert!(!has_escape(&echo.stderr), "an echoed option");
}

#[cfg(unix)]
#[test]
fn pipes_and_process_substitution_are_read() {
    let sessions = example_dir().join("sessions.csv");
    // A pipe as /dev/stdin.
    let out = upskill()
        .args(["validate", "/dev/stdin"])
        .pipe_stdin(&sessions)
        .unwrap()
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("records read"));
    // Process substitution, through bash.
    let script = format!(
        "{} evaluate {} --sessions <(cat {}) {}",
        env!("CARGO_BIN_EXE_upskill"),
        example_dir().display(),
        sessions.display(),
        EXAMPLE_PERIOD.join(" ")
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Verdict"));
    // A directory and a link loop get their own words.
    let dir = std::env::temp_dir().join(format!("upskill-notfile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("d")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop"), dir.join("loop")).unwrap();
    let out = upskill()
        .args(["evaluate", "--example", "--sessions"])
        .arg(dir.join("d"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
    // `validate DIR` checks a dataset directory: an empty one is said so.
    let out = upskill()
        .arg("validate")
        .arg(dir.join("d"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no dataset file"));
    let out = upskill()
        .arg("validate")
        .arg(dir.join("loop"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("does not exist"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--detail teams` makes a report safe to share: no learner id in any
/// format, the team table kept (issue 14, case `privacy-suppression-differencing`).
#[test]
fn detail_teams_holds_no_learner_ids() {
    for format in ["json", "text", "html"] {
        let out = upskill()
            .args([
                "evaluate",
                "--example",
                "--detail",
                "teams",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "{format}");
        // The example's learner ids are e0001..e0150 and the contractor c002.
        assert!(
            !text.contains("e0042") && !text.contains("c002"),
            "{format}"
        );
        assert!(text.contains("Marketing"), "{format}: the team table stays");
    }
}
