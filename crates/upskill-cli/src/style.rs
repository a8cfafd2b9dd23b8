//! Whether to colour: only when the output is a terminal and `NO_COLOR` is
//! unset or empty (<https://no-color.org>). The styles themselves are the
//! report crate's ([`Style`]).

use std::io::IsTerminal;

pub use upskill::io::report::Style;

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Colour for standard output: a terminal, and `NO_COLOR` unset.
pub fn for_stdout() -> Style {
    Style::new(std::io::stdout().is_terminal() && !no_color())
}

/// Colour for standard error: a terminal, and `NO_COLOR` unset.
pub fn for_stderr() -> Style {
    Style::new(std::io::stderr().is_terminal() && !no_color())
}
