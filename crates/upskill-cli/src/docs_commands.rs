//! Every `upskill` command line the documentation shows is one the command
//! accepts: README.md, docs/*.md and the crates' READMEs are read, and each
//! command in a code block or an inline code span is parsed by the clap
//! definition. (Their outputs are checked by `tests/docs_cmd.rs` with
//! trycmd, against the cases in `tests/cmd/`.)

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::args::Cli;

fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = vec![root.join("README.md")];
    for dir in ["docs", "crates/upskill", "crates/upskill-cli"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            files.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "md")),
            );
        }
    }
    files.sort();
    files
}

/// A command line as `upskill ...` words, if `text` is one: `upskill ...`
/// or `cargo run -p upskill-cli -- ...`, a `# comment` dropped. Synopses
/// (`[options]`, `a|b`, `FILE...`, placeholders in capitals) are not.
fn command(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    let text = text.split(" #").next().unwrap_or(text).trim();
    // The command ends where a pipe or a redirection begins.
    let text = text.split(['|', '>']).next().unwrap_or(text).trim();
    let rest = if let Some(rest) = text.strip_prefix("cargo run -p upskill-cli -- ") {
        rest
    } else {
        text.strip_prefix("upskill ")?
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let synopsis = words.iter().any(|w| {
        w.contains(['[', '<']) || w.contains("...") || {
            let letters: String = w.chars().filter(char::is_ascii_alphabetic).collect();
            !letters.is_empty() && letters.chars().all(|c| c.is_ascii_uppercase())
        }
    });
    if synopsis {
        return None;
    }
    let mut line = vec!["upskill".to_string()];
    line.extend(words.iter().map(|w| w.to_string()));
    Some(line)
}

/// Every command in `markdown`: lines of fenced blocks, and inline spans
/// with an option.
fn commands(markdown: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut fenced = false;
    // A fenced line ending in `\` goes on on the next one, as in a shell.
    let mut pending = String::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            if let Some(head) = line.trim_end().strip_suffix('\\') {
                pending.push_str(head);
                pending.push(' ');
                continue;
            }
            let whole = std::mem::take(&mut pending) + line;
            found.extend(command(whole.trim_start_matches("$ ")));
        } else {
            // An inline span without an option names a command (`upskill
            // validate`) rather than running one.
            found.extend(
                line.split('`')
                    .skip(1)
                    .step_by(2)
                    .filter_map(command)
                    .filter(|words| words.iter().any(|w| w.starts_with('-'))),
            );
        }
    }
    found
}

#[test]
fn every_documented_command_line_is_accepted() {
    let mut checked = 0;
    let mut refused = Vec::new();
    for file in documents() {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in commands(&text) {
            checked += 1;
            if let Err(e) = Cli::try_parse_from(&line)
                && e.kind() != clap::error::ErrorKind::DisplayHelp
                && e.kind() != clap::error::ErrorKind::DisplayVersion
            {
                refused.push(format!("{}: {}\n{e}", file.display(), line.join(" ")));
            }
        }
    }
    assert!(checked >= 10, "only {checked} documented commands found");
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[test]
fn synopses_and_commands_are_told_apart() {
    assert_eq!(
        command("upskill evaluate data/ --format html --out report.html  # a page"),
        Some(
            [
                "upskill",
                "evaluate",
                "data/",
                "--format",
                "html",
                "--out",
                "report.html"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    assert_eq!(command("upskill evaluate [DIR] [--strict]"), None);
    assert_eq!(
        command("upskill man | man -l -").map(|c| c.join(" ")),
        Some("upskill man".to_string())
    );
    assert_eq!(
        command("upskill completions zsh > ~/.zfunc/_upskill").map(|c| c.join(" ")),
        Some("upskill completions zsh".to_string())
    );
    assert_eq!(command("upskill generate --learners N"), None);
    assert_eq!(
        command("cargo run -p upskill-cli -- evaluate --example").map(|c| c.len()),
        Some(3)
    );
    assert_eq!(command("cargo test"), None);
}

#[test]
fn docs_cli_md_lists_every_option_and_no_other() {
    use clap::CommandFactory;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
    let mut options = std::collections::BTreeSet::new();
    let mut stack = vec![Cli::command()];
    while let Some(command) = stack.pop() {
        for arg in command.get_arguments() {
            if let Some(long) = arg.get_long()
                && long != "help"
                && long != "version"
            {
                options.insert(format!("--{long}"));
            }
        }
        stack.extend(command.get_subcommands().cloned());
    }
    let missing: Vec<&String> = options
        .iter()
        .filter(|o| !doc.contains(o.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/cli.md does not document {missing:?}"
    );
    let documented: std::collections::BTreeSet<String> = doc
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| {
            w.strip_prefix("--")
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_alphabetic()))
        })
        // `cargo install --path`, not the command's.
        .filter(|w| *w != "--path")
        .map(str::to_string)
        .collect();
    let unknown: Vec<&String> = documented.difference(&options).collect();
    assert!(
        unknown.is_empty(),
        "docs/cli.md documents unknown options {unknown:?}"
    );
}
