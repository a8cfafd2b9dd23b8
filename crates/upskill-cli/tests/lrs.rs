//! `--lrs` of `import xapi` and `evaluate` against a small LRS on loopback
//! (a thread answering `GET /xAPI/statements` with two `StatementResult`
//! pages): the pages are followed, the parameters, version header and basic
//! authentication are sent, the cursor file is read and advanced, and the
//! sessions equal those of the same statements read from a file. The
//! round trip against a real LRS (Ralph) is `.ci/ralph.sh`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use serde_json::{Value, json};

fn statement(n: u32, learner: u32, verb: &str, minutes: u32, stored: &str) -> Value {
    json!({
        "id": format!("{n:08x}-0000-4000-8000-000000000000"),
        "actor": {"mbox": format!("mailto:learner{learner}@example.com")},
        "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}")},
        "object": {"id": format!("https://lms.example.com/courses/{n}")},
        "result": {"duration": format!("PT{minutes}M")},
        "timestamp": format!("2026-03-0{}T09:00:00Z", n + 1),
        "stored": stored,
    })
}

fn statements() -> Vec<Value> {
    let mut all = vec![
        statement(1, 1, "completed", 30, "2026-03-02T10:00:00Z"),
        statement(2, 1, "experienced", 20, "2026-03-03T10:00:00Z"),
        statement(3, 2, "completed", 45, "2026-03-04T10:00:00.250Z"),
    ];
    all.push(json!({
        "id": "00000009-0000-4000-8000-000000000000",
        "actor": {"mbox": "mailto:admin@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": "00000002-0000-4000-8000-000000000000"},
        "timestamp": "2026-03-05T09:00:00Z",
        "stored": "2026-03-04T09:00:00Z",
    }));
    all
}

/// An LRS on loopback serving `statements()` as two pages; every request
/// line and its headers are kept. Returns the endpoint and the requests.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}/xAPI/", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let all = statements();
            let page = if head.starts_with("GET /xAPI/statements?page=2 ") {
                json!({"statements": all[2..], "more": ""})
            } else {
                json!({"statements": all[..2], "more": "/xAPI/statements?page=2"})
            };
            log.lock().unwrap().push(head);
            let body = page.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Experience-API-Version: 1.0.3\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (endpoint, seen)
}

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn import_pulls_every_page_with_auth_parameters_and_cursor() {
    let (endpoint, seen) = serve();
    let dir = tempfile::tempdir().unwrap();
    let actors = dir.path().join("actors.csv");
    std::fs::write(
        &actors,
        "learner_id,mbox\nl1,mailto:learner1@example.com\nl2,mailto:learner2@example.com\n",
    )
    .unwrap();
    let cursor = dir.path().join("lrs.cursor");
    std::fs::write(&cursor, "2026-03-01T00:00:00Z\n").unwrap();

    let pulled = upskill()
        .env("TEST_LRS_PASSWORD", "s3cret")
        .args(["import", "xapi", "--actors"])
        .arg(&actors)
        .args(["--lrs", &endpoint, "--lrs-user", "reporter"])
        .args([
            "--lrs-password-env",
            "TEST_LRS_PASSWORD",
            "--lrs-limit",
            "2",
        ])
        .arg("--lrs-cursor")
        .arg(&cursor)
        .output()
        .unwrap();
    let stderr = String::from_utf8(pulled.stderr).unwrap();
    assert_eq!(pulled.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("4 statements in 2 pages pulled from"),
        "{stderr}"
    );

    // The same statements from a file give the same sessions.
    let file = dir.path().join("statements.json");
    std::fs::write(&file, serde_json::to_vec(&statements()).unwrap()).unwrap();
    let from_file = upskill()
        .args(["import", "xapi", "--actors"])
        .arg(&actors)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(from_file.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(pulled.stdout).unwrap(),
        String::from_utf8(from_file.stdout).unwrap()
    );

    // The first request carries the parameters (since from the cursor), the
    // version header and basic authentication; the second follows `more`.
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    let first = requests[0].to_ascii_lowercase();
    assert!(
        first.starts_with("get /xapi/statements?since=2026-03-01t00%3a00%3a00z&limit=2 "),
        "{first}"
    );
    assert!(first.contains("x-experience-api-version: 1.0.3"), "{first}");
    // base64("reporter:s3cret")
    assert!(
        first.contains("authorization: basic cmvwb3j0zxi6cznjcmv0"),
        "{first}"
    );
    assert!(requests[1].starts_with("GET /xAPI/statements?page=2 "));
    // The cursor now holds the newest `stored` instant.
    assert_eq!(
        std::fs::read_to_string(&cursor).unwrap().trim(),
        "2026-03-04T10:00:00.250Z"
    );
}

#[test]
fn a_missing_password_variable_is_a_usage_error_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let actors = dir.path().join("actors.csv");
    std::fs::write(&actors, "learner_id,mbox\n").unwrap();
    let output = upskill()
        .env_remove("UPSKILL_TEST_UNSET")
        .args(["import", "xapi", "--actors"])
        .arg(&actors)
        .args(["--lrs", "http://127.0.0.1:9/xAPI/", "--lrs-user", "u"])
        .args(["--lrs-password-env", "UPSKILL_TEST_UNSET"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    insta::assert_snapshot!(String::from_utf8(output.stderr).unwrap(), @"error: the LRS password variable `UPSKILL_TEST_UNSET` is not set (for `http://127.0.0.1:9/xAPI/statements`)");
}

/// An LRS whose `more` link loops (the same page, `"more":
/// "/loop/statements"`, to every request) is exit 2 naming the URL, after
/// two requests; nothing is written.
#[test]
fn a_looping_more_link_is_exit_2_with_the_url() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(Mutex::new(0u32));
    let counter = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            *counter.lock().unwrap() += 1;
            let body =
                json!({"statements": [statements()[0]], "more": "/loop/statements"}).to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let actors = dir.path().join("actors.csv");
    std::fs::write(&actors, "learner_id,mbox\nl1,mailto:learner1@example.com\n").unwrap();
    let output = upskill()
        .args(["import", "xapi", "--actors"])
        .arg(&actors)
        .args(["--lrs", &format!("{origin}/xAPI/")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.replace(&origin, "ORIGIN"),
        "error: the LRS page `ORIGIN/loop/statements` links with `more` to \
         `ORIGIN/loop/statements`, a page already read; the pull is stopped\n"
    );
    assert_eq!(*count.lock().unwrap(), 2);
}

#[test]
fn lrs_options_are_checked() {
    let run = |args: &[&str]| {
        let output = upskill()
            .args(["import", "xapi", "--actors", "a.csv"])
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    // A user without the variable that holds the password.
    let (code, stderr) = run(&["--lrs", "http://127.0.0.1:9/", "--lrs-user", "u"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--lrs-password-env"), "{stderr}");
    // A cursor without an LRS.
    let (code, stderr) = run(&["x.json", "--lrs-cursor", "c"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--lrs"), "{stderr}");
}

#[test]
fn evaluate_reads_the_lrs_pages_as_session_inputs() {
    let (endpoint, seen) = serve();
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../upskill-dataset/example");
    let dir = tempfile::tempdir().unwrap();
    let actors = dir.path().join("actors.csv");
    std::fs::write(
        &actors,
        "learner_id,mbox\nl1,mailto:learner1@example.com\nl2,mailto:learner2@example.com\n",
    )
    .unwrap();
    let output = upskill()
        .arg("evaluate")
        .arg(&example)
        .args(["--lrs", &endpoint, "--actors"])
        .arg(&actors)
        .args(["--as-of", "2026-05-11T09:00:00+01:00", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = report.to_string();
    // Both pages are inputs of the evaluation, named by their URLs.
    assert!(
        text.contains(&format!("{endpoint}statements?page=2")),
        "{stderr}"
    );
    assert_eq!(seen.lock().unwrap().len(), 2);
}
