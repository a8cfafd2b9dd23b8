//! Whether to colour and whether to talk, for the whole run.
//!
//! Colour follows `--color auto|always|never` through `anstream`, the crate
//! clap itself uses: `auto` colours a terminal unless `NO_COLOR` is set
//! (<https://no-color.org>), and `CLICOLOR_FORCE` forces it. The styles
//! themselves are the report crate's ([`Style`]).
//!
//! `--quiet` silences what only informs: progress bars, reader warnings on
//! standard error (the report still lists them), the `wrote ...` notes and
//! `generate`'s summary. Errors, reports and exit statuses do not change.

use std::sync::atomic::{AtomicBool, Ordering};

use anstream::ColorChoice;

pub use upskill::io::report::Style;

static QUIET: AtomicBool = AtomicBool::new(false);

/// The `--color` choice, as clap spells it.
pub type ColorArg = clap::ColorChoice;

/// Sets the run's colour choice and quietness (once, from the options).
pub fn init(color: ColorArg, quiet: bool) {
    let choice = match color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    };
    choice.write_global();
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

fn colours<S: anstream::stream::RawStream>(stream: &S) -> bool {
    !matches!(anstream::AutoStream::choice(stream), ColorChoice::Never)
}

/// Colour for standard output.
pub fn for_stdout() -> Style {
    Style::new(colours(&std::io::stdout()))
}

/// Colour for standard error.
pub fn for_stderr() -> Style {
    Style::new(colours(&std::io::stderr()))
}
