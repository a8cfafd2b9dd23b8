//! `upskill serve`: the browser page (`web/`, built by `web/build.sh`)
//! served on this computer only, for users who prefer a local address to
//! opening a file (`docs/web.md`). It binds 127.0.0.1, serves the files of
//! one folder with their content types, answers GET and HEAD only, and
//! refuses any path that leaves the folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::CliError;

/// The folder `web/build.sh` writes, from the repository root.
pub(crate) const DEFAULT_DIR: &str = "target/web";

/// The port served on by default.
pub(crate) const DEFAULT_PORT: u16 = 8765;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The built page's folder (what `bash web/build.sh` writes).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
    /// The port on 127.0.0.1; 0 takes any free port (the address is printed).
    #[arg(long, value_name = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,
}

/// The content type of a file served, by its extension.
fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file under `root` (canonical) a request's URL names, or `None` when
/// it names none or would leave `root`: each segment is percent-decoded
/// (RFC 3986 section 2.1, UTF-8), and must then be a plain name (no `..`,
/// `.`, slash, backslash, colon or NUL, so `%2e%2e` and `%2F` are refused
/// like `..` and `/`), and the file found must still be under `root` once
/// links are followed. `/` is `index.html`.
pub(crate) fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let mut file = root.to_path_buf();
    let mut named = false;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .ok()?;
        if segment == "." || segment == ".." || segment.contains(['/', '\\', ':', '\0']) {
            return None;
        }
        file.push(segment.as_ref());
        named = true;
    }
    if !named {
        file.push("index.html");
    }
    let file = file.canonicalize().ok()?;
    (file.starts_with(root) && file.is_file()).then_some(file)
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(root: &Path, request: tiny_http::Request) {
    let head = *request.method() == tiny_http::Method::Head;
    if !head && *request.method() != tiny_http::Method::Get {
        let _ = request
            .respond(tiny_http::Response::from_string("only GET and HEAD\n").with_status_code(405));
        return;
    }
    let found = resolve(root, request.url()).and_then(|f| std::fs::read(&f).ok().map(|b| (f, b)));
    let Some((file, bytes)) = found else {
        let _ =
            request.respond(tiny_http::Response::from_string("not found\n").with_status_code(404));
        return;
    };
    let mut response = tiny_http::Response::from_data(if head { Vec::new() } else { bytes });
    for (name, value) in [
        ("Content-Type", content_type(&file)),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ] {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

/// Serves `args.dir` on 127.0.0.1 until the process is stopped; prints the
/// address first (on standard output, one line).
pub(crate) fn run(args: &ServeArgs) -> Result<u8, CliError> {
    let root = args.dir.canonicalize().map_err(|source| CliError::Read {
        path: args.dir.display().to_string(),
        source,
    })?;
    if !root.join("index.html").is_file() {
        return Err(CliError::Usage(format!(
            "`{}` has no index.html: build the page first (`bash web/build.sh` writes {DEFAULT_DIR}), or give its folder with --dir",
            args.dir.display()
        )));
    }
    let server = tiny_http::Server::http(("127.0.0.1", args.port))
        .map_err(|e| CliError::Usage(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "serving {} at http://127.0.0.1:{port}/ (this computer only; Ctrl-C stops)",
        root.display()
    );
    let _ = stdout.flush();
    drop(stdout);
    for request in server.incoming_requests() {
        respond(&root, request);
    }
    Ok(crate::EXIT_OK)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn paths_outside_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("web");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("index.html"), "<!DOCTYPE html>").unwrap();
        std::fs::write(root.join("sub/a.js"), "1").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(&root, "/sub/a.js?x=1"), Some(root.join("sub/a.js")));
        std::fs::write(root.join("a b ü.txt"), "1").unwrap();
        assert_eq!(
            resolve(&root, "/a%20b%20%C3%BC.txt"),
            Some(root.join("a b ü.txt"))
        );
        assert_eq!(resolve(&root, "/s%75b/a.js"), Some(root.join("sub/a.js")));
        for bad in [
            "/../secret.txt",
            "/sub/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/sub%2F..%2F..%2Fsecret.txt",
            "/%2E%2E%5Csecret.txt",
            "/%ff.txt",
            "/sub\\..\\..\\secret.txt",
            "/C:/secret.txt",
            "/sub",
            "/missing.js",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(
                resolve(&root, "/link.txt"),
                None,
                "a link out of the folder"
            );
        }
        assert_eq!(content_type(Path::new("m.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("index.HTML")),
            "text/html; charset=utf-8"
        );
    }
}
