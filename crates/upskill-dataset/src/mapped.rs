//! Foreign files in a dataset: import mappings, the zone of naive local
//! times, and CSV dialect overrides (`docs/mappings.md`).
//!
//! A mapping has a kind (sessions, roster or leave) and reads every input of
//! that kind: the roster, the leave file, or each session input. Mapped rows
//! go through the same loading rules as canonical rows: an error in a mapped
//! roster or leave row stops the run, a bad mapped session row is rejected
//! into the ledger (so every row has a fate), and a mapping that does not
//! fit its file (a column it names is missing) stops the run with
//! [`DatasetError::Mapping`].

use std::fmt;
use std::str::FromStr;

use upskill_diagnostics::Diagnostic;
use upskill_formats::ReadOptions;
use upskill_mapping::{Directory, MapContext, MappedKind, Mapping};
use upskill_quota::{Leave, Roster};

use crate::error::DatasetError;

/// The zone in which date-times written without a UTC offset are read as
/// wall-clock times: a named IANA zone, or the pledge's own zone.
///
/// Written `pledge` or an IANA name (`Europe/London`); see
/// [`ReadOptions::local_time_zone`] for the rule at DST changes (a time in
/// the spring gap is rejected, one in the autumn overlap takes the earlier
/// instant with a warning).
///
/// # Example
///
/// ```
/// use upskill_dataset::LocalTimeZone;
///
/// assert_eq!("pledge".parse::<LocalTimeZone>(), Ok(LocalTimeZone::Pledge));
/// assert_eq!("Europe/London".parse::<LocalTimeZone>()?.to_string(), "Europe/London");
/// assert!("Mars/Olympus".parse::<LocalTimeZone>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTimeZone {
    /// The pledge's zone (the organisation's calendar).
    Pledge,
    /// A named IANA zone.
    Zone(chrono_tz::Tz),
}

impl LocalTimeZone {
    /// The zone, given the pledge's.
    pub fn resolve(self, pledge: chrono_tz::Tz) -> chrono_tz::Tz {
        match self {
            LocalTimeZone::Pledge => pledge,
            LocalTimeZone::Zone(zone) => zone,
        }
    }
}

impl FromStr for LocalTimeZone {
    type Err = String;

    /// `pledge` (any case) or an IANA zone name.
    ///
    /// # Errors
    ///
    /// A message naming the text when it is neither.
    fn from_str(text: &str) -> Result<LocalTimeZone, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("pledge") {
            return Ok(LocalTimeZone::Pledge);
        }
        text.parse::<chrono_tz::Tz>()
            .map(LocalTimeZone::Zone)
            .map_err(|_| {
                format!(
                    "`{}` is not an IANA time zone such as `Europe/London`, nor `pledge`",
                    upskill_diagnostics::printable(text)
                )
            })
    }
}

impl fmt::Display for LocalTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalTimeZone::Pledge => f.write_str("pledge"),
            LocalTimeZone::Zone(zone) => f.write_str(zone.name()),
        }
    }
}

/// The import mappings of a dataset: at most one per kind, and the
/// directory their `lookup` rules look learner ids up in.
///
/// # Example
///
/// ```
/// use upskill_dataset::Mappings;
/// use upskill_mapping::preset;
///
/// let mut mappings = Mappings::default();
/// mappings.add(preset("workday-worker-roster")?)?;
/// assert!(mappings.roster.is_some() && mappings.sessions.is_none());
/// // A second roster mapping is refused.
/// assert!(mappings.add(preset("workday-worker-roster")?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Mappings {
    /// Reads every session input (each must be a CSV file in the mapped layout).
    pub sessions: Option<Mapping>,
    /// Reads the roster.
    pub roster: Option<Mapping>,
    /// Reads the leave file.
    pub leave: Option<Mapping>,
    /// Reads every time-totals input.
    pub time_totals: Option<Mapping>,
    /// Learner ids by another identifier, for `lookup` rules.
    pub directory: Option<Directory>,
}

impl Mappings {
    /// Adds `mapping` in the slot of its kind.
    ///
    /// # Errors
    ///
    /// [`DatasetError::TwoMappings`] when a mapping of that kind is there already.
    pub fn add(&mut self, mapping: Mapping) -> Result<(), DatasetError> {
        let kind = mapping.kind;
        let slot = match kind {
            MappedKind::Sessions => &mut self.sessions,
            MappedKind::Roster => &mut self.roster,
            MappedKind::Leave => &mut self.leave,
            MappedKind::TimeTotals => &mut self.time_totals,
        };
        if slot.is_some() {
            return Err(DatasetError::TwoMappings { kind: kind.name() });
        }
        *slot = Some(mapping);
        Ok(())
    }

    /// With a directory for `lookup` rules.
    pub fn with_directory(mut self, directory: Directory) -> Mappings {
        self.directory = Some(directory);
        self
    }

    /// Whether no mapping is given.
    pub fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    /// Every mapping given: sessions, roster, leave, time totals.
    pub fn all(&self) -> impl Iterator<Item = &Mapping> {
        [&self.sessions, &self.roster, &self.leave, &self.time_totals]
            .into_iter()
            .flatten()
    }

    /// The context a mapped read needs, with the pledge's zone.
    pub(crate) fn context(&self, pledge_zone: chrono_tz::Tz) -> MapContext<'_> {
        let context = MapContext::new().with_pledge_zone(pledge_zone);
        match &self.directory {
            Some(directory) => context.with_directory(directory),
            None => context,
        }
    }
}

pub(crate) fn mapping_error(path: &str, source: upskill_mapping::MappingError) -> DatasetError {
    DatasetError::Mapping {
        path: path.to_string(),
        source,
    }
}

/// Reads a roster through its mapping: every problem of the file and its
/// rows, and `R010` for a learner seen twice (the first row is kept), as
/// [`upskill_formats::collect_roster`] does for canonical files.
pub(crate) fn collect_roster<R: std::io::BufRead>(
    name: &str,
    input: R,
    mapping: &Mapping,
    context: MapContext<'_>,
    read: ReadOptions,
) -> Result<(Roster, Vec<Diagnostic>), DatasetError> {
    let mut reader = upskill_mapping::read_mapped_roster(name, input, mapping, context, read)
        .map_err(|e| mapping_error(name, e))?;
    let mut problems = reader.take_file_problems();
    let (roster, found) = upskill_formats::roster_from_rows(reader.by_ref());
    problems.extend(found);
    problems.extend(reader.take_file_problems());
    Ok((roster, problems))
}

/// Reads leave through its mapping, with every problem.
pub(crate) fn collect_leave<R: std::io::BufRead>(
    name: &str,
    input: R,
    mapping: &Mapping,
    context: MapContext<'_>,
    read: ReadOptions,
) -> Result<(Leave, Vec<Diagnostic>), DatasetError> {
    let mut reader = upskill_mapping::read_mapped_leave(name, input, mapping, context, read)
        .map_err(|e| mapping_error(name, e))?;
    let mut problems = reader.take_file_problems();
    let (leave, found) = upskill_formats::leave_from_rows(reader.by_ref());
    problems.extend(found);
    problems.extend(reader.take_file_problems());
    Ok((leave, problems))
}
