//! Progress bars on standard error, only on a terminal and only for inputs
//! large enough to take more than a moment.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Inputs smaller than this (in bytes) read too fast to need a bar.
pub(crate) const MIN_BYTES: u64 = 16 << 20;

/// A bar, or nothing.
#[derive(Debug, Clone)]
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// No bar.
    pub(crate) fn none() -> Progress {
        Progress { bar: None }
    }

    fn shown(total: u64, minimum: u64, template: &str, label: &str) -> Progress {
        if total < minimum || crate::style::quiet() || !std::io::stderr().is_terminal() {
            return Progress::none();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(label.to_string());
        Progress { bar: Some(bar) }
    }

    /// A bar over `total` bytes, shown for at least [`MIN_BYTES`].
    pub(crate) fn bytes(total: u64, label: &str) -> Progress {
        Progress::shown(
            total,
            MIN_BYTES,
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
            label,
        )
    }

    /// A bar over `total` units of work, shown for at least `minimum`.
    pub(crate) fn count(total: u64, minimum: u64, label: &str) -> Progress {
        Progress::shown(
            total,
            minimum,
            "{msg} [{bar:30}] {percent:>3}% ({eta})",
            label,
        )
    }

    /// Sets the position.
    pub(crate) fn set(&self, position: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(position);
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress {
    /// The library's progress callback, advancing this bar.
    pub(crate) fn callback(&self) -> upskill::io::Progress {
        match self.bar.clone() {
            Some(bar) => upskill::io::Progress::new(move |n| bar.inc(n)),
            None => upskill::io::Progress::none(),
        }
    }
}
