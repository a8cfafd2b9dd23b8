//! `upskill schema`: the published JSON Schemas.

use std::io::Write;

use upskill::validate::{PUBLISHED, Published};

use crate::EXIT_OK;
use crate::args::SchemaArgs;
use crate::error::CliError;

fn names() -> String {
    PUBLISHED
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `upskill schema`.
pub(crate) fn run(args: &SchemaArgs) -> Result<u8, CliError> {
    let chosen: Vec<&Published> = match &args.name {
        Some(name) => {
            let name = name.trim_end_matches(".schema.json");
            vec![Published::find(name).ok_or_else(|| {
                CliError::Usage(format!(
                    "no schema named `{name}`: the schemas are {}",
                    names()
                ))
            })?]
        }
        None => PUBLISHED.iter().collect(),
    };
    let mut stdout = std::io::stdout().lock();
    match (&args.out, &args.name) {
        (Some(dir), _) => {
            let shown = dir.display().to_string();
            std::fs::create_dir_all(dir).map_err(CliError::write(&shown))?;
            for p in chosen {
                let path = dir.join(p.file_name());
                let name = path.display().to_string();
                crate::output::write(Some(&path), p.text().as_bytes())?;
                if !crate::style::quiet() {
                    writeln!(stdout, "wrote {name}").map_err(CliError::write("-"))?;
                }
            }
        }
        (None, Some(_)) => {
            for p in chosen {
                let text = p.text();
                stdout
                    .write_all(text.as_bytes())
                    .map_err(CliError::write("-"))?;
                if !text.ends_with('\n') {
                    stdout.write_all(b"\n").map_err(CliError::write("-"))?;
                }
            }
        }
        (None, None) => {
            for p in chosen {
                writeln!(stdout, "{:<20} {:<60} {}", p.name, p.title, p.id())
                    .map_err(CliError::write("-"))?;
            }
        }
    }
    Ok(EXIT_OK)
}
