//! Pulling xAPI statements from a Learning Record Store.
//!
//! [`pull`] reads `GET {endpoint}/statements` as xAPI Communication 2.1.3
//! defines it: with the `X-Experience-API-Version` header, the `since`,
//! `until` and `limit` parameters, HTTP basic authentication whose password
//! is read from an environment variable (never from the command line), and
//! the `more` links of each `StatementResult` page followed to the end. A
//! 429 or 5xx answer (and a failed connection) is retried with exponential
//! backoff, honouring `Retry-After`. TLS goes through rustls (`ureq`).
//!
//! Each page is handed to an [`upskill_xapi::Importer`] as it arrives, so
//! statements pulled from an LRS are read exactly as the same statements in
//! a file: same validation, voiding, duplicates and crediting.
//!
//! A **cursor file** makes a nightly job fetch only new statements: after a
//! complete pull it holds the newest `stored` timestamp seen, and the next
//! pull asks for statements stored `since` then (xAPI `since` is exclusive).
//! It is written only when every page was read, and atomically.
//!
//! It does *not* write to an LRS (statements are read only), follow
//! attachments (`attachments=true`), or keep statements itself: that is
//! `upskill-xapi`.
//!
//! # Example
//!
//! ```no_run
//! use upskill_lrs::{LrsConfig, pull};
//! use upskill_xapi::{IdentityMap, ImportOptions, Importer};
//!
//! let config = LrsConfig::new("https://lrs.example.com/xAPI/")
//!     .with_basic_auth("reporting", "LRS_PASSWORD")
//!     .with_cursor_file("lrs.cursor");
//! let mut importer = Importer::new(ImportOptions::default());
//! let pulled = pull(&config, &mut importer)?;
//! eprintln!("{} statements in {} pages", pulled.statements, pulled.pages);
//! let import = importer.finish(&IdentityMap::new());
//! # Ok::<(), upskill_lrs::LrsError>(())
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;
use serde::de::IgnoredAny;
use upskill_xapi::{Importer, InputFormat};

/// The xAPI version sent in `X-Experience-API-Version` by default.
pub const DEFAULT_XAPI_VERSION: &str = "1.0.3";

/// Where and how to pull from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsConfig {
    /// The LRS endpoint, such as `https://lrs.example.com/xAPI/`;
    /// `statements` is appended to it.
    pub endpoint: String,
    /// The user name for HTTP basic authentication, if any.
    pub username: Option<String>,
    /// The environment variable holding the password (never the password).
    pub password_env: Option<String>,
    /// `X-Experience-API-Version` (default `1.0.3`).
    pub version: String,
    /// Only statements stored after this instant (RFC 3339, exclusive).
    /// A cursor file, when it holds an instant, overrides it.
    pub since: Option<String>,
    /// Only statements stored at or before this instant (RFC 3339).
    pub until: Option<String>,
    /// The most statements per page (`limit`); `None` lets the LRS choose.
    pub limit: Option<u32>,
    /// Retries of one request after a 429, a 5xx or a failed connection.
    pub max_retries: u32,
    /// The first wait before a retry; each next one doubles (capped at 60 s).
    pub backoff: Duration,
    /// Time allowed for one request, from connecting to the end of the body.
    pub timeout: Duration,
    /// The largest page body read, in bytes (default 256 MiB).
    pub max_page_bytes: u64,
    /// The cursor file: read before the pull, written after a complete one.
    pub cursor_file: Option<PathBuf>,
    /// The most pages one pull reads (default [`DEFAULT_MAX_PAGES`]); a
    /// `more` link past it stops the pull with [`LrsError::Loop`].
    pub max_pages: u64,
}

/// The most pages one pull reads by default: 1,000,000 pages (at an LRS's
/// usual 100 to 1,000 statements a page, far beyond any real export; it
/// exists only so that a server whose `more` links never end cannot keep a
/// pull running forever).
pub const DEFAULT_MAX_PAGES: u64 = 1_000_000;

impl LrsConfig {
    /// A pull of everything from `endpoint`, without authentication.
    pub fn new(endpoint: impl Into<String>) -> LrsConfig {
        LrsConfig {
            endpoint: endpoint.into(),
            username: None,
            password_env: None,
            version: DEFAULT_XAPI_VERSION.to_string(),
            since: None,
            until: None,
            limit: None,
            max_retries: 5,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
            max_page_bytes: 256 << 20,
            cursor_file: None,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// HTTP basic authentication as `username`, the password read from the
    /// environment variable `password_env` when the pull starts.
    pub fn with_basic_auth(mut self, username: &str, password_env: &str) -> LrsConfig {
        self.username = Some(username.to_string());
        self.password_env = Some(password_env.to_string());
        self
    }

    /// Keeps the newest `stored` instant in `path` between pulls.
    pub fn with_cursor_file(mut self, path: impl Into<PathBuf>) -> LrsConfig {
        self.cursor_file = Some(path.into());
        self
    }

    /// The `statements` resource of the endpoint.
    pub fn statements_url(&self) -> String {
        format!("{}/statements", self.endpoint.trim_end_matches('/'))
    }
}

/// What a pull read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Pulled {
    /// Pages read (`StatementResult` documents).
    pub pages: u64,
    /// Statements the pages held.
    pub statements: u64,
    /// The newest `stored` instant seen, as the LRS wrote it: the cursor.
    pub newest_stored: Option<String>,
    /// Requests retried after a 429, 5xx or failed connection.
    pub retries: u64,
}

/// Why a pull failed. Statements of the pages read before the failure are
/// already in the importer; the cursor file is left as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LrsError {
    /// The password's environment variable is not set (checked before any
    /// request, so `url` is the first page that would have been asked).
    #[error("the LRS password variable `{variable}` is not set (for `{url}`)")]
    NoPassword {
        /// The environment variable.
        variable: String,
        /// The `statements` URL of the LRS.
        url: String,
    },
    /// The LRS answered with a status that is not success, after retries.
    #[error("the LRS answered `{status}` for `{url}`: {body}")]
    Status {
        /// The request's URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the answer's body.
        body: String,
    },
    /// The request failed (connection, TLS, timeout), after retries.
    #[error("cannot reach the LRS at `{url}`: {source}")]
    Transport {
        /// The request's URL.
        url: String,
        /// The transport error.
        #[source]
        source: Box<ureq::Error>,
    },
    /// A page is not a `StatementResult`.
    #[error("the LRS page `{url}` is not a statement result: {message}")]
    Page {
        /// The page's URL.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// A page's `more` link names a page already read (the LRS would be
    /// asked the same pages forever), or the pull read
    /// [`LrsConfig::max_pages`] pages and the last one still had a `more`.
    #[error("the LRS page `{url}` links with `more` to `{more}`, {why}; the pull is stopped")]
    Loop {
        /// The page whose `more` link was refused.
        url: String,
        /// The `more` link, resolved.
        more: String,
        /// Why it was refused: already followed, or past the page cap.
        why: String,
    },
    /// The cursor file cannot be read or written.
    #[error("cannot use the cursor file `{path}`: {source}")]
    Cursor {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The importer could not read a page.
    #[error(transparent)]
    Import(#[from] upskill_xapi::ImportError),
}

/// The parts of a page the pull itself needs.
#[derive(Deserialize)]
struct PageHead {
    #[serde(default)]
    statements: Vec<Stored>,
    #[serde(default)]
    more: Option<String>,
}

#[derive(Deserialize)]
struct Stored {
    #[serde(default)]
    stored: Option<String>,
    #[serde(flatten)]
    _rest: std::collections::BTreeMap<String, IgnoredAny>,
}

/// Reads the cursor file: the instant it holds, or `None` when it does not
/// exist or is empty.
///
/// # Errors
///
/// [`LrsError::Cursor`] if the file exists but cannot be read.
pub fn read_cursor(path: &Path) -> Result<Option<String>, LrsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LrsError::Cursor {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Writes the cursor file atomically (a temporary file, then a rename).
///
/// # Errors
///
/// [`LrsError::Cursor`] if it cannot be written.
pub fn write_cursor(path: &Path, stored: &str) -> Result<(), LrsError> {
    let cursor = |source| LrsError::Cursor {
        path: path.display().to_string(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, format!("{stored}\n")).map_err(cursor)?;
    std::fs::rename(&temporary, path).map_err(cursor)
}

/// `more` (relative to the endpoint's server, or absolute) as a URL.
fn resolve(endpoint: &str, more: &str) -> String {
    if more.starts_with("http://") || more.starts_with("https://") {
        return more.to_string();
    }
    let after_scheme = endpoint.find("://").map_or(0, |i| i + 3);
    let origin_end = endpoint
        .get(after_scheme..)
        .and_then(|rest| rest.find('/'))
        .map_or(endpoint.len(), |i| after_scheme + i);
    let origin = endpoint.get(..origin_end).unwrap_or(endpoint);
    if more.starts_with('/') {
        format!("{origin}{more}")
    } else {
        format!("{origin}/{more}")
    }
}

/// The later of two RFC 3339 instants (by instant, not text); an unreadable
/// one never wins.
fn later(a: Option<String>, b: &str) -> Option<String> {
    let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    match (&a, parse(b)) {
        (_, None) => a,
        (None, Some(_)) => Some(b.to_string()),
        (Some(x), Some(y)) => match parse(x) {
            Some(x) if x >= y => a,
            _ => Some(b.to_string()),
        },
    }
}

/// Pulls every statement the configuration selects into `importer`, page
/// by page (each page named `{url}` in locations), and writes the cursor
/// file when every page was read.
///
/// # Errors
///
/// See [`LrsError`]. Statements already read stay in the importer.
pub fn pull(config: &LrsConfig, importer: &mut Importer) -> Result<Pulled, LrsError> {
    pull_pages(config, |url, body| {
        importer.read(body, url, InputFormat::Json)?;
        Ok(())
    })
}

/// Pulls every statement the configuration selects, handing each page to
/// `on_page` as it arrives: its URL and its body, an xAPI `StatementResult`
/// document (`{"statements": [...], "more": "..."}`, xAPI 1.0.3
/// Communication 2.1.3) as the LRS sent it. [`pull`] is this with an
/// importer's `read`; a caller that keeps the pages (such as `upskill
/// evaluate --lrs`, which reads them as inputs of a dataset) uses this. The
/// cursor file, when configured, is read before the first request and
/// written after the last page was handed over.
///
/// # Errors
///
/// See [`LrsError`]; an error `on_page` returns stops the pull and is
/// returned as it is.
pub fn pull_pages<F>(config: &LrsConfig, mut on_page: F) -> Result<Pulled, LrsError>
where
    F: FnMut(&str, &[u8]) -> Result<(), LrsError>,
{
    let authorization = match (&config.username, &config.password_env) {
        (Some(user), Some(variable)) => {
            let password = std::env::var(variable).map_err(|_| LrsError::NoPassword {
                variable: variable.clone(),
                url: config.statements_url(),
            })?;
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            Some(format!("Basic {token}"))
        }
        _ => None,
    };
    let since = match &config.cursor_file {
        Some(path) => read_cursor(path)?.or_else(|| config.since.clone()),
        None => config.since.clone(),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(config.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut pulled = Pulled::default();
    let mut url = config.statements_url();
    let mut first = true;
    let mut followed = std::collections::HashSet::new();
    followed.insert(url.clone());
    loop {
        let body = get(
            &agent,
            config,
            &url,
            first.then_some(&since),
            authorization.as_deref(),
            &mut pulled,
        )?;
        let body = upskill_xapi::strip_utf8_bom(&body);
        let head: PageHead = serde_json::from_slice(body).map_err(|e| LrsError::Page {
            url: url.clone(),
            message: e.to_string(),
        })?;
        pulled.pages += 1;
        pulled.statements += head.statements.len() as u64;
        for statement in &head.statements {
            if let Some(stored) = &statement.stored {
                pulled.newest_stored = later(pulled.newest_stored.take(), stored);
            }
        }
        on_page(&url, body)?;
        match head.more.filter(|m| !m.is_empty()) {
            Some(more) => {
                let more = resolve(&config.endpoint, &more);
                let why = if followed.contains(&more) {
                    Some("a page already read".to_string())
                } else if pulled.pages >= config.max_pages {
                    Some(format!("past the cap of {} pages", config.max_pages))
                } else {
                    None
                };
                if let Some(why) = why {
                    return Err(LrsError::Loop { url, more, why });
                }
                followed.insert(more.clone());
                url = more;
                first = false;
            }
            None => break,
        }
    }
    if let (Some(path), Some(stored)) = (&config.cursor_file, &pulled.newest_stored) {
        write_cursor(path, stored)?;
    }
    Ok(pulled)
}

/// One GET, retried on 429, 5xx and failed connections.
fn get(
    agent: &ureq::Agent,
    config: &LrsConfig,
    url: &str,
    since: Option<&Option<String>>,
    authorization: Option<&str>,
    pulled: &mut Pulled,
) -> Result<Vec<u8>, LrsError> {
    let mut attempt = 0u32;
    loop {
        let mut request = agent
            .get(url)
            .header("X-Experience-API-Version", &config.version)
            .header("Accept", "application/json");
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        // Parameters go on the first request only: `more` links carry their own.
        if let Some(since) = since {
            if let Some(since) = since {
                request = request.query("since", since);
            }
            if let Some(until) = &config.until {
                request = request.query("until", until);
            }
            if let Some(limit) = config.limit {
                request = request.query("limit", limit.to_string());
            }
        }
        let wait = match request.call() {
            Ok(mut response) => {
                let status = response.status().as_u16();
                if (200..300).contains(&status) {
                    return response
                        .body_mut()
                        .with_config()
                        .limit(config.max_page_bytes)
                        .read_to_vec()
                        .map_err(|e| LrsError::Transport {
                            url: url.to_string(),
                            source: Box::new(e),
                        });
                }
                let retry_after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(4096)
                    .read_to_string()
                    .unwrap_or_default();
                let retryable = status == 429 || (500..600).contains(&status);
                if !retryable || attempt >= config.max_retries {
                    return Err(LrsError::Status {
                        url: url.to_string(),
                        status,
                        body: body.chars().take(300).collect(),
                    });
                }
                retry_after
            }
            Err(error) => {
                if attempt >= config.max_retries {
                    return Err(LrsError::Transport {
                        url: url.to_string(),
                        source: Box::new(error),
                    });
                }
                None
            }
        };
        let backoff = config
            .backoff
            .saturating_mul(1u32 << attempt.min(16))
            .min(Duration::from_secs(60));
        std::thread::sleep(wait.unwrap_or(backoff).min(Duration::from_secs(300)));
        attempt += 1;
        pulled.retries += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_links_resolve_against_the_server() {
        let endpoint = "http://127.0.0.1:8100/xAPI/";
        assert_eq!(
            resolve(endpoint, "/xAPI/statements?pit_id=abc"),
            "http://127.0.0.1:8100/xAPI/statements?pit_id=abc"
        );
        assert_eq!(
            resolve(endpoint, "https://other.example.com/s?x=1"),
            "https://other.example.com/s?x=1"
        );
        assert_eq!(
            LrsConfig::new(endpoint).statements_url(),
            "http://127.0.0.1:8100/xAPI/statements"
        );
    }

    #[test]
    fn the_cursor_keeps_the_latest_instant() {
        let a = later(None, "2026-03-02T10:00:00Z");
        let b = later(a, "2026-03-02T11:00:00+02:00"); // 09:00Z: earlier
        assert_eq!(b.as_deref(), Some("2026-03-02T10:00:00Z"));
        let c = later(b, "2026-03-02T10:00:00.5Z");
        assert_eq!(c.as_deref(), Some("2026-03-02T10:00:00.5Z"));
        assert_eq!(
            later(c, "garbage").as_deref(),
            Some("2026-03-02T10:00:00.5Z")
        );
    }

    #[test]
    fn the_cursor_file_round_trips() {
        let dir = std::env::temp_dir().join(format!("upskill-lrs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cursor");
        assert_eq!(read_cursor(&path).unwrap(), None);
        write_cursor(&path, "2026-03-02T10:00:00Z").unwrap();
        assert_eq!(
            read_cursor(&path).unwrap().as_deref(),
            Some("2026-03-02T10:00:00Z")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_password_variable_is_an_error_before_any_request() {
        let config = LrsConfig::new("http://127.0.0.1:9/xAPI/")
            .with_basic_auth("u", "UPSKILL_LRS_TEST_UNSET_VARIABLE");
        let mut importer = Importer::new(upskill_xapi::ImportOptions::default());
        let error = pull(&config, &mut importer).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the LRS password variable `UPSKILL_LRS_TEST_UNSET_VARIABLE` is not set \
             (for `http://127.0.0.1:9/xAPI/statements`)"
        );
    }
}
