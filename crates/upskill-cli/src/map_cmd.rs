//! `upskill map list|show|suggest` and `upskill import csv`: import
//! mappings (docs/mappings.md) from the command line. A thin front over
//! `upskill-mapping`.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use upskill::diagnostics::Diagnostic;
use upskill::io::Source;
use upskill::io::formats::{ReadOptions, TextEncoding};
use upskill::io::mapping::{
    Directory, ImportSummary, MapContext, MappedKind, Mapping, MappingError, SuggestOptions,
    delimiter_byte, preset, presets, propose, read_mapped_leave, read_mapped_roster,
    read_mapped_sessions, write_canonical,
};

use crate::error::CliError;
use crate::style;
use crate::{EXIT_FINDINGS, EXIT_OK};

/// `upskill map ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum MapCommand {
    /// List the built-in mappings (presets).
    List,
    /// Print a built-in mapping's TOML, with the source of its columns.
    Show(MapShowArgs),
    /// Propose a mapping for a CSV export from its header and first rows.
    Suggest(MapSuggestArgs),
}

#[derive(Debug, Args)]
pub(crate) struct MapShowArgs {
    /// The preset's name (see `upskill map list`).
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// What a mapped file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindArg {
    /// Learning sessions.
    Sessions,
    /// Roster rows.
    Roster,
    /// Leave rows.
    Leave,
    /// Time-spent totals.
    TimeTotals,
}

impl KindArg {
    fn kind(self) -> MappedKind {
        match self {
            KindArg::Sessions => MappedKind::Sessions,
            KindArg::Roster => MappedKind::Roster,
            KindArg::Leave => MappedKind::Leave,
            KindArg::TimeTotals => MappedKind::TimeTotals,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct MapSuggestArgs {
    /// The CSV export.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What the file holds [default: guessed from the columns, and the
    /// guess stated].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Data rows to sample.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub rows: usize,
    /// Write the mapping to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The dialect and zone options shared by mapped reads.
#[derive(Debug, Args)]
pub(crate) struct DialectArgs {
    /// Read date-times without an offset as wall-clock times in ZONE (an
    /// IANA name such as Europe/London; `pledge`: the pledge's zone, from
    /// `--pledge-zone` or the dataset's pledge.json).
    #[arg(long, value_name = "ZONE")]
    pub local_time_zone: Option<String>,
    /// The CSV delimiter: `,` `;` `|` or `tab` [default: detected].
    #[arg(long, value_name = "D")]
    pub delimiter: Option<String>,
    /// The CSV encoding: utf-8, utf-16le, utf-16be, windows-1252 [default: detected].
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// Whether `,` is the decimal mark [default: when the delimiter is `;`].
    #[arg(long, value_name = "BOOL")]
    pub decimal_comma: Option<bool>,
}

impl DialectArgs {
    /// Sets the dialect and zone of an evaluation (`--local-time-zone
    /// pledge`: the pledge's zone).
    pub(crate) fn evaluate_options(
        &self,
        options: &mut upskill::io::EvaluateOptions,
    ) -> Result<(), CliError> {
        let plain = DialectArgs {
            local_time_zone: None,
            delimiter: self.delimiter.clone(),
            encoding: self.encoding.clone(),
            decimal_comma: self.decimal_comma,
        };
        let read = plain.read_options()?;
        options.delimiter = read.delimiter;
        options.encoding = read.encoding;
        options.decimal_comma = read.decimal_comma;
        options.local_time_zone = match &self.local_time_zone {
            None => None,
            Some(zone) => Some(
                zone.parse()
                    .map_err(|e: String| CliError::Usage(format!("`--local-time-zone`: {e}")))?,
            ),
        };
        Ok(())
    }

    /// The read options, with `--local-time-zone pledge` not allowed
    /// (no pledge zone is known).
    pub(crate) fn read_options(&self) -> Result<ReadOptions, CliError> {
        self.read_options_in(None)
    }

    /// The read options; `--local-time-zone pledge` reads in `pledge_zone`
    /// (`--pledge-zone`, or a dataset's `pledge.json`), and is refused,
    /// naming `--pledge-zone`, when there is none.
    pub(crate) fn read_options_in(
        &self,
        pledge_zone: Option<upskill::chrono_tz::Tz>,
    ) -> Result<ReadOptions, CliError> {
        let mut options = ReadOptions::new().with_decimal_comma(self.decimal_comma);
        if let Some(d) = &self.delimiter {
            options = options.with_delimiter(Some(delimiter_byte(d).map_err(usage)?));
        }
        if let Some(e) = &self.encoding {
            let encoding = TextEncoding::from_label(e).ok_or_else(|| {
                CliError::Usage(format!(
                    "`--encoding {e}` is not utf-8, utf-16le, utf-16be or windows-1252"
                ))
            })?;
            options = options.with_encoding(Some(encoding));
        }
        if let Some(zone) = &self.local_time_zone
            && zone.trim().eq_ignore_ascii_case("pledge")
        {
            let Some(tz) = pledge_zone else {
                return Err(CliError::Usage(
                    "`--local-time-zone pledge` reads times in the pledge's zone, but no pledge zone was given: pass `--pledge-zone ZONE` (an IANA name such as Europe/London) or a dataset directory with a `pledge.json`".into(),
                ));
            };
            options = options.with_local_time_zone(Some(tz));
        } else if let Some(zone) = &self.local_time_zone {
            let tz = zone.parse::<upskill::chrono_tz::Tz>().map_err(|_| {
                CliError::Usage(format!(
                    "`--local-time-zone {zone}` is not an IANA time zone such as Europe/London"
                ))
            })?;
            options = options.with_local_time_zone(Some(tz));
        }
        Ok(options)
    }
}

/// Which mapping to read a foreign file through, and what it needs.
#[derive(Debug, Args)]
pub(crate) struct MappingArgs {
    /// Read the file through this import mapping (TOML or JSON; docs/mappings.md).
    #[arg(long, value_name = "FILE", conflicts_with = "preset")]
    pub mapping: Option<PathBuf>,
    /// Read the file through a built-in mapping (see `upskill map list`).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Give FIELD the constant VALUE on every row (such as the learner of a per-user report).
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// A CSV with `learner_id` and the column `lookup` rules name (such as `email`).
    #[arg(long, value_name = "FILE")]
    pub directory: Option<PathBuf>,
    /// The pledge's IANA zone, for `time_zone = "pledge"` in the mapping.
    #[arg(long, value_name = "ZONE")]
    pub pledge_zone: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportCsvArgs {
    /// The foreign CSV export.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub mapped: MappingArgs,
    /// Where to write the canonical CSV.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// A mapping, the directory it looks learners up in, and the context to read with.
pub(crate) struct Loaded {
    pub mapping: Mapping,
    pub directory: Option<Directory>,
    pub pledge_zone: Option<upskill::chrono_tz::Tz>,
    pub problems: Vec<Diagnostic>,
}

impl Loaded {
    pub(crate) fn context(&self) -> MapContext<'_> {
        let mut context = MapContext::new();
        if let Some(zone) = self.pledge_zone {
            context = context.with_pledge_zone(zone);
        }
        if let Some(directory) = &self.directory {
            context = context.with_directory(directory);
        }
        context
    }
}

impl MappingArgs {
    /// The pledge's zone: `--pledge-zone`, else, when `dialect` asks for
    /// `--local-time-zone pledge` or a mapping is given, the zone of the
    /// `pledge.json` of the first directory among `paths` that holds one
    /// (a pledge that does not read is then an error), else none.
    pub(crate) fn pledge_zone(
        &self,
        dialect: &DialectArgs,
        paths: &[PathBuf],
    ) -> Result<Option<upskill::chrono_tz::Tz>, CliError> {
        if let Some(zone) = &self.pledge_zone {
            return zone
                .trim()
                .parse::<upskill::chrono_tz::Tz>()
                .map(Some)
                .map_err(|_| {
                    CliError::Usage(format!(
                        "`--pledge-zone {zone}` is not an IANA time zone such as Europe/London"
                    ))
                });
        }
        let local_pledge = dialect
            .local_time_zone
            .as_deref()
            .is_some_and(|z| z.trim().eq_ignore_ascii_case("pledge"));
        if !local_pledge && self.mapping.is_none() && self.preset.is_none() {
            return Ok(None);
        }
        let Some(path) = paths
            .iter()
            .filter(|p| p.is_dir())
            .map(|dir| dir.join("pledge.json"))
            .find(|p| p.is_file())
        else {
            return Ok(None);
        };
        let name = path.display().to_string();
        let pledge = upskill::io::formats::read_pledge(&name, open(&path)?, ReadOptions::new())
            .map_err(|problems| CliError::Unreadable {
                summary: format!("the pledge `{name}` cannot give the pledge's zone"),
                problems,
            })?;
        Ok(Some(pledge.calendar().zone()))
    }

    /// The mapping asked for, if any, with its `--set` constants, directory
    /// and `pledge_zone` (see [`MappingArgs::pledge_zone`]).
    pub(crate) fn load(
        &self,
        options: &ReadOptions,
        pledge_zone: Option<upskill::chrono_tz::Tz>,
    ) -> Result<Option<Loaded>, CliError> {
        let mapping = match (&self.mapping, &self.preset) {
            (Some(path), _) => mapping_file(path)?,
            (None, Some(name)) => preset(name).map_err(usage)?,
            (None, None) => return Ok(None),
        };
        let mapping = with_constants(mapping, &self.set)?;
        let (directory, problems) = match &self.directory {
            None => (None, Vec::new()),
            Some(path) => {
                let column = mapping
                    .fields
                    .get("learner_id")
                    .and_then(|r| r.rule().lookup)
                    .unwrap_or_else(|| "email".to_string());
                let (directory, problems) =
                    Directory::from_csv(&path.display().to_string(), open(path)?, &column, options)
                        .map_err(usage)?;
                (Some(directory), problems)
            }
        };
        Ok(Some(Loaded {
            mapping,
            directory,
            pledge_zone,
            problems,
        }))
    }
}

/// Reads a mapping file (TOML or JSON).
fn mapping_file(path: &Path) -> Result<Mapping, CliError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: name.clone(),
        source,
    })?;
    Mapping::from_str_any(&text).map_err(|e| CliError::Mapping {
        name,
        reason: e.to_string(),
    })
}

/// `mapping` with the `--set FIELD=VALUE` constants.
fn with_constants(mut mapping: Mapping, sets: &[String]) -> Result<Mapping, CliError> {
    for set in sets {
        let Some((field, value)) = set.split_once('=') else {
            return Err(CliError::Usage(format!("`--set {set}` is not FIELD=VALUE")));
        };
        mapping = mapping
            .with_constant(field.trim(), value.trim())
            .map_err(usage)?;
    }
    Ok(mapping)
}

/// The import mappings of `upskill evaluate`: one per kind of input.
#[derive(Debug, Args)]
pub(crate) struct EvaluateMappingArgs {
    /// Read the inputs of the mapping's kind (the session files, the roster
    /// or the leave file) through this import mapping (TOML or JSON;
    /// docs/mappings.md). Repeat it for another kind.
    #[arg(long, value_name = "FILE")]
    pub mapping: Vec<PathBuf>,
    /// Read the inputs of its kind through a built-in mapping (see `upskill
    /// map list`). Repeat it for another kind.
    #[arg(long, value_name = "NAME")]
    pub preset: Vec<String>,
    /// Give FIELD the constant VALUE on every row of the sessions mapping
    /// (or of the only mapping given), such as the learner of a per-user report.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// A CSV with `learner_id` and the column `lookup` rules name (such as `email`).
    #[arg(long, value_name = "FILE")]
    pub directory: Option<PathBuf>,
}

impl EvaluateMappingArgs {
    /// The mappings asked for, by kind, with the directory; the directory's
    /// problems are returned to be shown.
    pub(crate) fn load(
        &self,
        options: &ReadOptions,
    ) -> Result<(upskill::io::Mappings, Vec<Diagnostic>), CliError> {
        let mut all = Vec::new();
        for path in &self.mapping {
            all.push(mapping_file(path)?);
        }
        for name in &self.preset {
            all.push(preset(name).map_err(usage)?);
        }
        if !self.set.is_empty() {
            let target = all
                .iter()
                .position(|m| m.kind == MappedKind::Sessions)
                .or(if all.len() == 1 { Some(0) } else { None });
            let Some(target) = target else {
                return Err(CliError::Usage(
                    "`--set` gives constants to the sessions mapping (or to the only mapping given): give one".into(),
                ));
            };
            let mapping = all.remove(target);
            all.insert(target, with_constants(mapping, &self.set)?);
        }
        let mut mappings = upskill::io::Mappings::default();
        let mut problems = Vec::new();
        if let Some(path) = &self.directory {
            let column = all
                .iter()
                .find_map(|m| m.fields.get("learner_id").and_then(|r| r.rule().lookup))
                .unwrap_or_else(|| "email".to_string());
            let (directory, found) =
                Directory::from_csv(&path.display().to_string(), open(path)?, &column, options)
                    .map_err(usage)?;
            problems = found;
            mappings = mappings.with_directory(directory);
        }
        for mapping in all {
            mappings.add(mapping)?;
        }
        Ok((mappings, problems))
    }
}

fn usage(error: MappingError) -> CliError {
    CliError::Usage(error.to_string())
}

fn open(path: &Path) -> Result<BufReader<Box<dyn std::io::BufRead + Send>>, CliError> {
    let source = Source::path(path);
    source.check("the file")?;
    Ok(BufReader::with_capacity(
        256 * 1024,
        source.open()?.into_reader(),
    ))
}

fn out_name(out: Option<&PathBuf>) -> String {
    out.map_or_else(|| "-".to_string(), |p| p.display().to_string())
}

/// Runs `upskill map ...`.
pub(crate) fn run(command: &MapCommand) -> Result<u8, CliError> {
    match command {
        MapCommand::List => {
            let mut stdout = std::io::stdout().lock();
            for p in presets() {
                let mapping = p.mapping().map_err(usage)?;
                writeln!(
                    stdout,
                    "{:<34} {:<9} {}",
                    p.name,
                    mapping.kind.name(),
                    mapping.description.as_deref().unwrap_or_default()
                )
                .map_err(CliError::write("-"))?;
            }
            Ok(EXIT_OK)
        }
        MapCommand::Show(args) => {
            let found = presets().iter().find(|p| p.name == args.name);
            let Some(p) = found else {
                preset(&args.name).map_err(usage)?;
                return Ok(EXIT_OK);
            };
            crate::output::stdout(p.toml.as_bytes())?;
            Ok(EXIT_OK)
        }
        MapCommand::Suggest(args) => {
            let input = open(&args.file)?;
            if let Some(out) = &args.out {
                crate::output::refuse_inputs(out, &[Source::path(&args.file)])?;
            }
            let mut options = match args.kind {
                Some(kind) => SuggestOptions::new(kind.kind()),
                None => SuggestOptions::guess_kind(),
            };
            options.sample_rows = args.rows.max(1);
            let name = args.file.display().to_string();
            let proposal = propose(&name, input, options, &ReadOptions::new());
            crate::output::write(args.out.as_deref(), proposal.text.as_bytes())?;
            let mut stderr = std::io::stderr().lock();
            for guess in &proposal.guesses {
                let line = upskill::diagnostics::printable(guess).into_owned();
                let _ = writeln!(stderr, "{name}: {line}");
            }
            Ok(EXIT_OK)
        }
    }
}

/// Runs `upskill import csv`: a foreign export, through a mapping, to
/// canonical CSV; every problem and a summary of row fates to standard
/// error. Exit 1 when a row was rejected, 2 when the mapping does not fit.
pub(crate) fn import(args: &ImportCsvArgs) -> Result<u8, CliError> {
    let pledge_zone = args.mapped.pledge_zone(&args.dialect, &[])?;
    let options = args.dialect.read_options_in(pledge_zone)?;
    let Some(loaded) = args.mapped.load(&options, pledge_zone)? else {
        return Err(CliError::Usage(
            "give the mapping: --mapping FILE or --preset NAME".into(),
        ));
    };
    let mapping = &loaded.mapping;
    let context = loaded.context();
    let directory_problems = &loaded.problems;
    let name = args.file.display().to_string();
    let input = open(&args.file)?;
    if let Some(out) = &args.out {
        crate::output::refuse_inputs(out, &[Source::path(&args.file)])?;
    }
    let out = crate::output::Sink::open(args.out.as_deref())?;
    let out_name = out_name(args.out.as_ref());
    let write_error = |source: upskill::io::formats::WriteError| CliError::WriteRecord {
        path: out_name.clone(),
        source,
    };
    let summary: ImportSummary = match mapping.kind {
        MappedKind::Sessions => {
            let mut reader =
                read_mapped_sessions(&name, input, mapping, context, options).map_err(usage)?;
            let (summary, out) = write_canonical(&mut reader, out).map_err(write_error)?;
            out.finish(&out_name)?;
            summary
        }
        MappedKind::Roster => {
            let mut reader =
                read_mapped_roster(&name, input, mapping, context, options).map_err(usage)?;
            let (summary, out) = write_canonical(&mut reader, out).map_err(write_error)?;
            out.finish(&out_name)?;
            summary
        }
        MappedKind::Leave => {
            let mut reader =
                read_mapped_leave(&name, input, mapping, context, options).map_err(usage)?;
            let (summary, out) = write_canonical(&mut reader, out).map_err(write_error)?;
            out.finish(&out_name)?;
            summary
        }
        MappedKind::TimeTotals => {
            let mut reader = upskill::io::mapping::read_mapped_time_totals(
                &name, input, mapping, context, options,
            )
            .map_err(usage)?;
            let (summary, out) = write_canonical(&mut reader, out).map_err(write_error)?;
            out.finish(&out_name)?;
            summary
        }
    };
    let style = style::for_stderr();
    let mut stderr = std::io::stderr().lock();
    let errors = summary.problems.iter().any(Diagnostic::is_error);
    for d in directory_problems.iter().chain(&summary.problems) {
        let line = upskill::diagnostics::printable(&d.to_string()).into_owned();
        let _ = writeln!(stderr, "{}", style.problem(&line, d.is_error()));
    }
    let _ = writeln!(
        stderr,
        "{name}: {} rows: {} written, {} rejected",
        summary.written + summary.rejected,
        summary.written,
        summary.rejected
    );
    Ok(if summary.rejected > 0 || errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
