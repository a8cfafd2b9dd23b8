//! Where a command's output goes: standard output, or a file that is
//! complete or absent (`upskill::io::formats::output::AtomicFile`). Every
//! write and flush error is an error (exit 2) naming the path and the
//! operating system's reason; a reader that stopped early (`| head`) is not.

use std::io::Write;
use std::path::Path;

use upskill::io::Source;
use upskill::io::formats::output::AtomicFile;

use crate::args::ReportFormat;
use crate::error::CliError;

/// The report format: `--format` if given, else the one the `--out`
/// file's extension names (`.json`; `.html`, `.htm`), else text.
pub(crate) fn report_format(given: Option<ReportFormat>, out: Option<&Path>) -> ReportFormat {
    given.unwrap_or_else(|| {
        let extension = out
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("json") => ReportFormat::Json,
            Some("html" | "htm") => ReportFormat::Html,
            _ => ReportFormat::Text,
        }
    })
}

/// Refuses `--out PATH` when it names one of the run's own inputs: the
/// report would destroy what it reports on.
pub(crate) fn refuse_inputs<'a>(
    out: &Path,
    inputs: impl IntoIterator<Item = &'a Source>,
) -> Result<(), CliError> {
    let Ok(target) = std::fs::canonicalize(out) else {
        return Ok(()); // does not exist yet: no input can be it
    };
    for input in inputs {
        if let Source::Path(path) = input
            && std::fs::canonicalize(path).is_ok_and(|p| p == target)
        {
            return Err(CliError::Usage(format!(
                "`--out` `{}` is one of this run's inputs: choose another file",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Writes `body` to `out` (complete or absent), or to standard output.
pub(crate) fn write(out: Option<&Path>, body: &[u8]) -> Result<(), CliError> {
    match out {
        Some(path) => {
            let name = path.display().to_string();
            let mut file = AtomicFile::create(path).map_err(CliError::write(&name))?;
            file.write_all(body).map_err(CliError::write(&name))?;
            file.commit().map_err(CliError::write(&name))
        }
        None => stdout(body),
    }
}

/// Writes `body` to standard output and flushes it.
pub(crate) fn stdout(body: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(body).and_then(|()| stdout.flush());
    match written {
        // A reader that stopped early (`| head`) is no error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::write("-")),
    }
}

/// A streamed output: a file written atomically, or standard output.
pub(crate) enum Sink {
    /// `--out FILE`.
    File(AtomicFile),
    /// Standard output.
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
}

impl Sink {
    /// Opens `out`, or standard output.
    pub(crate) fn open(out: Option<&Path>) -> Result<Sink, CliError> {
        Ok(match out {
            Some(path) => Sink::File(
                AtomicFile::create(path).map_err(CliError::write(&path.display().to_string()))?,
            ),
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
        })
    }

    /// Flushes and, for a file, renames it into place.
    pub(crate) fn finish(self, name: &str) -> Result<(), CliError> {
        match self {
            Sink::File(file) => file.commit().map_err(CliError::write(name)),
            Sink::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(CliError::write(name)),
            },
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(f) => f.write(buf),
            Sink::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.flush(),
            Sink::Stdout(s) => s.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_out_extension_picks_the_format_unless_format_says() {
        let f = |given, out: &str| report_format(given, Some(Path::new(out)));
        assert_eq!(f(None, "report.html"), ReportFormat::Html);
        assert_eq!(f(None, "Report.HTM"), ReportFormat::Html);
        assert_eq!(f(None, "out/report.json"), ReportFormat::Json);
        assert_eq!(f(None, "report.txt"), ReportFormat::Text);
        assert_eq!(f(None, "report"), ReportFormat::Text);
        assert_eq!(
            f(Some(ReportFormat::Text), "report.html"),
            ReportFormat::Text
        );
        assert_eq!(report_format(None, None), ReportFormat::Text);
    }
}
