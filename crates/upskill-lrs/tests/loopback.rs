//! The pull against a tiny LRS on loopback (a thread answering every request
//! with a page chosen by its path): `more` links that loop or never end are
//! refused with the URL, and a page starting with a UTF-8 BOM is read as the
//! same bytes in a file are.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::json;
use upskill_lrs::{LrsConfig, LrsError, pull};
use upskill_xapi::{IdentityMap, ImportOptions, Importer};

/// Serves `page(n, request path)` to the `n`th request (from 0); returns
/// the endpoint and the count of requests answered.
fn serve<F>(page: F) -> (String, Arc<AtomicU64>)
where
    F: Fn(u64, &str) -> Vec<u8> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}/xAPI/", listener.local_addr().unwrap());
    let count = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split(' ').nth(1).unwrap_or("").to_string();
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let body = page(n, &path);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    (endpoint, count)
}

fn statement(n: u32) -> serde_json::Value {
    json!({
        "id": format!("{n:08x}-0000-4000-8000-000000000000"),
        "actor": {"mbox": "mailto:learner1@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": format!("https://lms.example.com/courses/{n}")},
        "result": {"duration": "PT30M"},
        "timestamp": "2026-03-02T09:00:00Z",
        "stored": "2026-03-02T10:00:00Z",
    })
}

fn mapping() -> IdentityMap {
    IdentityMap::read_csv(
        "learner_id,mbox\nl1,mailto:learner1@example.com\n".as_bytes(),
        "people.csv",
    )
    .map
}

/// The case of the issue: a server answering every request with the same
/// page, whose `more` names `/loop/statements`. Before the fix the pull
/// asked for it forever (6,116 requests until killed).
#[test]
fn a_more_link_to_a_page_already_read_stops_the_pull_with_its_url() {
    let (endpoint, count) = serve(|_, _| {
        json!({"statements": [statement(1)], "more": "/loop/statements"})
            .to_string()
            .into_bytes()
    });
    let mut importer = Importer::new(ImportOptions::default());
    let error = pull(&LrsConfig::new(&endpoint), &mut importer).unwrap_err();
    let origin = endpoint.trim_end_matches("/xAPI/");
    assert!(matches!(error, LrsError::Loop { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "the LRS page `{origin}/loop/statements` links with `more` to \
             `{origin}/loop/statements`, a page already read; the pull is stopped"
        )
    );
    // The first page and the loop page, each asked once.
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

/// A loop through two pages (A -> B -> A) is caught as well.
#[test]
fn a_longer_cycle_of_more_links_is_caught() {
    let (endpoint, count) = serve(|_, path| {
        let more = if path.starts_with("/b") { "/a" } else { "/b" };
        json!({"statements": [], "more": more})
            .to_string()
            .into_bytes()
    });
    let mut importer = Importer::new(ImportOptions::default());
    let error = pull(&LrsConfig::new(&endpoint), &mut importer).unwrap_err();
    let origin = endpoint.trim_end_matches("/xAPI/");
    assert!(
        error.to_string().ends_with(&format!(
            "/a` links with `more` to `{origin}/b`, a page already read; the pull is stopped"
        )),
        "{error}"
    );
    // statements, /b, /a; then /b again is refused.
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

/// `more` links that never repeat (a fresh URL each page) stop at the page
/// cap, naming the page and the link refused.
#[test]
fn never_ending_more_links_stop_at_the_page_cap() {
    let (endpoint, count) = serve(|n, _| {
        json!({"statements": [], "more": format!("/xAPI/statements?page={}", n + 1)})
            .to_string()
            .into_bytes()
    });
    let config = LrsConfig {
        max_pages: 3,
        ..LrsConfig::new(&endpoint)
    };
    assert_eq!(
        LrsConfig::new(&endpoint).max_pages,
        upskill_lrs::DEFAULT_MAX_PAGES
    );
    let mut importer = Importer::new(ImportOptions::default());
    let error = pull(&config, &mut importer).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the LRS page `{endpoint}statements?page=2` links with `more` to \
             `{endpoint}statements?page=3`, past the cap of 3 pages; the pull is stopped"
        )
    );
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

/// A page starting with a UTF-8 BOM is read, as the same bytes in a file are.
#[test]
fn a_page_starting_with_a_bom_is_read_like_a_file() {
    let page = |more: &str| {
        let mut body = b"\xEF\xBB\xBF".to_vec();
        body.extend(
            json!({"statements": [statement(1)], "more": more})
                .to_string()
                .bytes(),
        );
        body
    };
    let bytes = page("");
    let (endpoint, _) = serve(move |_, _| page(""));
    let mut importer = Importer::new(ImportOptions::default());
    let pulled = pull(&LrsConfig::new(&endpoint), &mut importer).unwrap();
    assert_eq!((pulled.pages, pulled.statements), (1, 1));
    let from_lrs = importer.finish(&mapping());
    assert!(!from_lrs.has_errors(), "{:?}", from_lrs.diagnostics);

    let mut file = Importer::new(ImportOptions::default());
    file.read(&bytes[..], "page.json", upskill_xapi::InputFormat::Json)
        .unwrap();
    let from_file = file.finish(&mapping());
    assert_eq!(from_lrs.sessions.len(), 1);
    assert_eq!(from_lrs.sessions.len(), from_file.sessions.len());
}
