//! Colour for terminals: ANSI styles, on or off. Whether to colour (a
//! terminal, `NO_COLOR`, `--color`) is the front end's decision.

/// Whether to colour, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    enabled: bool,
}

impl Style {
    /// No colour.
    pub const PLAIN: Style = Style { enabled: false };

    /// Colour on or off.
    pub fn new(enabled: bool) -> Style {
        Style { enabled }
    }

    /// Whether colour is on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Bold.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Bold green: good news.
    pub fn good(&self, text: &str) -> String {
        self.paint("1;32", text)
    }

    /// Bold red: bad news.
    pub fn bad(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// Yellow: a warning.
    pub fn warn(&self, text: &str) -> String {
        self.paint("33", text)
    }

    /// Dim: secondary text.
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// `error:` as a label.
    pub fn error_label(&self) -> String {
        self.bad("error:")
    }

    /// A problem line, its severity coloured.
    pub fn problem(&self, line: &str, is_error: bool) -> String {
        if !self.enabled {
            return line.to_string();
        }
        let word = if is_error { "error[" } else { "warning[" };
        match line.find(word) {
            Some(at) => {
                let (head, tail) = line.split_at(at);
                let end = tail.find(']').map_or(tail.len(), |i| i + 1);
                let (label, rest) = tail.split_at(end);
                let label = if is_error {
                    self.bad(label)
                } else {
                    self.warn(label)
                };
                format!("{head}{label}{rest}")
            }
            None => line.to_string(),
        }
    }
}
