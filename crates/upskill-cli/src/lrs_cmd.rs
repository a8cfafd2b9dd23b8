//! `--lrs` of `import xapi` and `evaluate`: statements pulled from a
//! Learning Record Store with `upskill_lrs`.

use std::io::Write;

use upskill::chrono::DateTime;
use upskill::lrs::{LrsConfig, Pulled};

use crate::args::LrsArgs;
use crate::error::CliError;
use crate::style;

/// The pull the options ask for, or `None` without `--lrs`. `--lrs-since`
/// and `--lrs-until` must be RFC 3339 instants.
pub(crate) fn config(args: &LrsArgs) -> Result<Option<LrsConfig>, CliError> {
    let Some(url) = &args.lrs else {
        return Ok(None);
    };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(CliError::Usage(format!(
            "`--lrs` `{}` is not an http:// or https:// URL",
            upskill::diagnostics::printable(url)
        )));
    }
    let instant = |option: &str, value: &Option<String>| -> Result<Option<String>, CliError> {
        match value {
            None => Ok(None),
            Some(text) => match DateTime::parse_from_rfc3339(text.trim()) {
                Ok(_) => Ok(Some(text.trim().to_string())),
                Err(_) => Err(CliError::Usage(format!(
                    "`{option}` `{}` is not an RFC 3339 instant such as `2026-05-11T09:00:00Z`",
                    upskill::diagnostics::printable(text)
                ))),
            },
        }
    };
    let mut config = LrsConfig::new(url.clone());
    if let (Some(user), Some(variable)) = (&args.lrs_user, &args.lrs_password_env) {
        config = config.with_basic_auth(user, variable);
    }
    config.since = instant("--lrs-since", &args.lrs_since)?;
    config.until = instant("--lrs-until", &args.lrs_until)?;
    config.limit = args.lrs_limit;
    Ok(Some(config))
}

/// Says on standard error what a pull read (unless `--quiet`).
pub(crate) fn tell(config: &LrsConfig, pulled: &Pulled) {
    if style::quiet() {
        return;
    }
    let retries = match pulled.retries {
        0 => String::new(),
        n => format!(" ({n} requests retried)"),
    };
    let _ = writeln!(
        std::io::stderr().lock(),
        "{} statements in {} pages pulled from `{}`{retries}",
        pulled.statements,
        pulled.pages,
        upskill::diagnostics::printable(&config.statements_url()),
    );
}
