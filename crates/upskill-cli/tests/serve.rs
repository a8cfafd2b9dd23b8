//! `upskill serve`: the page's folder on 127.0.0.1, each file with its
//! content type, nothing outside the folder (docs/web.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Stops the server when the test ends, passed or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `METHOD PATH` on the server: the status line, the headers (lower-case
/// names) and the body.
fn request(port: u16, method: &str, path: &str) -> (String, Vec<(String, String)>, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(answer[..split].to_vec()).unwrap();
    let body = answer[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().unwrap().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body)
}

fn content_type(headers: &[(String, String)]) -> &str {
    headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map(|(_, v)| v.as_str())
        .unwrap()
}

#[test]
fn serves_the_page_with_content_types_and_nothing_outside() {
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(
        web.join("index.html"),
        "<!DOCTYPE html><title>upskill</title>",
    )
    .unwrap();
    std::fs::write(web.join("app.js"), "'use strict';").unwrap();
    let wasm = b"\0asm\x01\0\0\0";
    std::fs::write(web.join("upskill_wasm_bg.wasm"), wasm).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "not served").unwrap();

    let child = Command::new(assert_cmd::cargo::cargo_bin("upskill"))
        .args(["serve", "--port", "0", "--dir"])
        .arg(&web)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "serving DIR at http://127.0.0.1:PORT/ (...)"
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert_ne!(port, 0);

    let (status, headers, body) = request(port, "GET", "/");
    assert!(status.contains(" 200"), "{status}");
    assert_eq!(content_type(&headers), "text/html; charset=utf-8");
    assert_eq!(body, b"<!DOCTYPE html><title>upskill</title>");
    let (status, headers, body) = request(port, "GET", "/index.html");
    assert!(status.contains(" 200"), "{status}");
    assert!(body.starts_with(b"<!DOCTYPE html>"));
    assert_eq!(content_type(&headers), "text/html; charset=utf-8");
    let (status, headers, body) = request(port, "GET", "/upskill_wasm_bg.wasm");
    assert!(status.contains(" 200"), "{status}");
    assert_eq!(content_type(&headers), "application/wasm");
    assert_eq!(body, wasm);
    let (_, headers, _) = request(port, "GET", "/app.js");
    assert_eq!(content_type(&headers), "text/javascript; charset=utf-8");

    for outside in ["/../secret.txt", "/%2e%2e/secret.txt", "/missing.js"] {
        let (status, _, body) = request(port, "GET", outside);
        assert!(status.contains(" 404"), "{outside}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("not served"));
    }
    let (status, _, _) = request(port, "POST", "/index.html");
    assert!(status.contains(" 405"), "{status}");
}

#[test]
fn a_folder_without_the_page_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin("upskill"))
        .args(["serve", "--port", "0", "--dir"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("has no index.html: build the page first"),
        "{stderr}"
    );
}
