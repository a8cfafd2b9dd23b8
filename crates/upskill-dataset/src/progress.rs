//! Progress reporting: a callback told how many bytes of session input
//! have been read, so a front end can draw a bar (the CLI) or post a
//! message (a Web Worker) without this crate knowing about either.

use std::io::Read;
use std::sync::Arc;

/// A callback given each number of bytes read (a delta, not a total), from
/// any reading thread.
#[derive(Clone, Default)]
pub struct Progress {
    on_bytes: Option<Arc<dyn Fn(u64) + Send + Sync>>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("reported", &self.on_bytes.is_some())
            .finish()
    }
}

impl Progress {
    /// No reporting.
    pub fn none() -> Progress {
        Progress::default()
    }

    /// Reports to `on_bytes`.
    pub fn new(on_bytes: impl Fn(u64) + Send + Sync + 'static) -> Progress {
        Progress {
            on_bytes: Some(Arc::new(on_bytes)),
        }
    }

    pub(crate) fn add(&self, bytes: u64) {
        if let (Some(f), true) = (&self.on_bytes, bytes > 0) {
            f(bytes);
        }
    }
}

/// A reader that reports what it reads.
pub(crate) struct Tracked<R> {
    inner: R,
    progress: Progress,
}

impl<R> Tracked<R> {
    pub(crate) fn new(inner: R, progress: Progress) -> Tracked<R> {
        Tracked { inner, progress }
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.add(n as u64);
        Ok(n)
    }
}
