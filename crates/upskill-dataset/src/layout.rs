//! Which files make a dataset: the directory layout and explicit files.

use std::path::{Path, PathBuf};

use crate::error::DatasetError;
use crate::source::Source;

/// The file names a dataset directory is read by (`docs/cli.md`).
pub mod names {
    /// The pledge (required).
    pub const PLEDGE: &str = "pledge.json";
    /// The roster (required).
    pub const ROSTER: &str = "roster.csv";
    /// The roster as Parquet, read when there is no `roster.csv`.
    pub const ROSTER_PARQUET: &str = "roster.parquet";
    /// Leave (optional).
    pub const LEAVE: &str = "leave.csv";
    /// Leave as Parquet, read when there is no `leave.csv`.
    pub const LEAVE_PARQUET: &str = "leave.parquet";
    /// Public holidays (optional).
    pub const HOLIDAYS: &str = "holidays.csv";
    /// The People-principle commitments, attestations and representation (optional).
    pub const PEOPLE: &str = "people.json";
    /// Session files looked for, in this order, when none is named.
    pub const SESSIONS: [&str; 3] = ["sessions.csv", "sessions.jsonl", "sessions.parquet"];
    /// Time-spent totals looked for, in this order, when none is named (optional).
    pub const TIME_TOTALS: [&str; 3] = [
        "time_totals.csv",
        "time_totals.jsonl",
        "time_totals.parquet",
    ];
}

/// The inputs of one evaluation, each a [`Source`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DatasetFiles {
    /// The pledge (`pledge.json`).
    pub pledge: Source,
    /// The roster (`roster.csv`).
    pub roster: Source,
    /// Leave (`leave.csv`), if any.
    pub leave: Option<Source>,
    /// Public holidays (`holidays.csv`), if any.
    pub holidays: Option<Source>,
    /// Session inputs: records (CSV, JSON Lines, JSON) or xAPI statements,
    /// told apart by content.
    pub sessions: Vec<Source>,
    /// The xAPI identity map (`actors.csv`), if any.
    pub actors: Option<Source>,
    /// The People-principle file (`people.json`), if any.
    pub people: Option<Source>,
    /// Time-spent totals (`time_totals.csv`, `time_totals.jsonl`): a
    /// learner's time per day or week, with no start instant.
    pub time_totals: Vec<Source>,
}

impl DatasetFiles {
    /// The inputs of the dataset directory `dir` (see [`names`]).
    ///
    /// # Errors
    ///
    /// As [`DatasetPaths::resolve`].
    pub fn open(dir: impl AsRef<Path>) -> Result<DatasetFiles, DatasetError> {
        DatasetPaths {
            dir: Some(dir.as_ref().to_path_buf()),
            ..DatasetPaths::default()
        }
        .resolve()
    }

    /// The inputs from explicit sources, with no directory.
    pub fn new(pledge: Source, roster: Source, sessions: Vec<Source>) -> DatasetFiles {
        DatasetFiles {
            pledge,
            roster,
            leave: None,
            holidays: None,
            sessions,
            actors: None,
            people: None,
            time_totals: Vec::new(),
        }
    }

    /// With time-spent totals.
    pub fn with_time_totals(mut self, totals: Vec<Source>) -> DatasetFiles {
        self.time_totals = totals;
        self
    }

    /// With leave.
    pub fn with_leave(mut self, leave: Source) -> DatasetFiles {
        self.leave = Some(leave);
        self
    }

    /// With public holidays.
    pub fn with_holidays(mut self, holidays: Source) -> DatasetFiles {
        self.holidays = Some(holidays);
        self
    }

    /// With an xAPI identity map.
    pub fn with_actors(mut self, actors: Source) -> DatasetFiles {
        self.actors = Some(actors);
        self
    }

    /// With a People-principle file.
    pub fn with_people(mut self, people: Source) -> DatasetFiles {
        self.people = Some(people);
        self
    }

    /// Checks that every input can be read (see [`Source::check`]).
    ///
    /// # Errors
    ///
    /// The first input's error: [`DatasetError::Missing`],
    /// [`DatasetError::IsDirectory`] or [`DatasetError::Read`].
    pub fn check(&self) -> Result<(), DatasetError> {
        for (role, source) in self.all() {
            source.check(what(role))?;
        }
        Ok(())
    }

    /// Every input, named by its role, in reading order.
    pub fn all(&self) -> Vec<(&'static str, &Source)> {
        let mut all = vec![("pledge", &self.pledge), ("roster", &self.roster)];
        all.extend(self.leave.iter().map(|s| ("leave", s)));
        all.extend(self.holidays.iter().map(|s| ("holidays", s)));
        all.extend(self.people.iter().map(|s| ("people", s)));
        all.extend(self.actors.iter().map(|s| ("actors", s)));
        all.extend(self.sessions.iter().map(|s| ("sessions", s)));
        all.extend(self.time_totals.iter().map(|s| ("time_totals", s)));
        all
    }
}

/// The words for an input's role in messages.
fn what(role: &str) -> &'static str {
    match role {
        "pledge" => "the pledge file",
        "roster" => "the roster",
        "leave" => "the leave file",
        "holidays" => "the holidays file",
        "people" => "the People-principle file",
        "actors" => "the identity map",
        "time_totals" => "time-totals file",
        _ => "session file",
    }
}

/// A dataset directory and explicit files that stand in for its files.
///
/// An explicit file must exist; a file of the directory is used when it
/// exists (the pledge and the roster must). A directory (or a symbolic-link
/// loop) where a file is expected is an error, never skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DatasetPaths {
    /// The dataset directory; `None`: the current directory, with files
    /// named without a directory part (`roster.csv`).
    pub dir: Option<PathBuf>,
    /// Stands in for `pledge.json`.
    pub pledge: Option<Source>,
    /// Stands in for `roster.csv`.
    pub roster: Option<Source>,
    /// Stands in for `leave.csv`.
    pub leave: Option<Source>,
    /// Stands in for `holidays.csv`.
    pub holidays: Option<Source>,
    /// Stands in for `people.json`.
    pub people: Option<Source>,
    /// The xAPI identity map (never looked for in the directory: an
    /// identity map decides who is who, so it is always named).
    pub actors: Option<Source>,
    /// Stand in for `sessions.csv` and `sessions.jsonl` (when not empty).
    pub sessions: Vec<Source>,
    /// Stand in for `time_totals.csv` and `time_totals.jsonl` (when not empty).
    pub time_totals: Vec<Source>,
}

impl DatasetPaths {
    /// The files of `dir` (see [`names`]), none given explicitly.
    pub fn dir(dir: impl Into<PathBuf>) -> DatasetPaths {
        DatasetPaths {
            dir: Some(dir.into()),
            ..DatasetPaths::default()
        }
    }

    /// Finds every input.
    ///
    /// # Errors
    ///
    /// [`DatasetError::NotADirectory`], [`DatasetError::Missing`] (pledge,
    /// roster, or an explicit file), [`DatasetError::IsDirectory`],
    /// [`DatasetError::NoSessions`], [`DatasetError::Read`].
    pub fn resolve(self) -> Result<DatasetFiles, DatasetError> {
        let dir = self.dir.clone().unwrap_or_else(|| PathBuf::from("."));
        if !dir.is_dir() {
            return Err(DatasetError::NotADirectory(dir.display().to_string()));
        }
        let implicit_dir = self.dir.is_none();
        let in_dir = |name: &str| -> Source {
            if implicit_dir {
                Source::path(name)
            } else {
                Source::path(dir.join(name))
            }
        };
        // A file of the directory: `None` when absent; an error when a
        // directory or something unreadable stands there.
        let found = |name: &str, what: &'static str| -> Result<Option<Source>, DatasetError> {
            let source = in_dir(name);
            match source.check(what) {
                Ok(()) => Ok(Some(source)),
                Err(DatasetError::Missing { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let required = |given: Option<Source>,
                        name: &str,
                        what: &'static str|
         -> Result<Source, DatasetError> {
            let source = given.unwrap_or_else(|| in_dir(name));
            source.check(what)?;
            Ok(source)
        };
        let optional = |given: Option<Source>,
                        name: &str,
                        what: &'static str|
         -> Result<Option<Source>, DatasetError> {
            match given {
                Some(source) => source.check(what).map(|()| Some(source)),
                None => found(name, what),
            }
        };
        let pledge = required(self.pledge, names::PLEDGE, "the pledge file");
        // `roster.parquet` (and `leave.parquet`) stand in for a missing CSV.
        let roster_given = self.roster.or_else(|| {
            (!in_dir(names::ROSTER).path_exists() && in_dir(names::ROSTER_PARQUET).path_exists())
                .then(|| in_dir(names::ROSTER_PARQUET))
        });
        let roster = required(roster_given, names::ROSTER, "the roster");
        let (pledge, roster) = match (pledge, roster) {
            (Ok(p), Ok(r)) => (p, r),
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        let time_totals = if self.time_totals.is_empty() {
            let mut totals = Vec::new();
            for name in names::TIME_TOTALS {
                totals.extend(found(name, "a time-totals file")?);
            }
            totals
        } else {
            for source in &self.time_totals {
                source.check("time-totals file")?;
            }
            self.time_totals
        };
        let sessions = if self.sessions.is_empty() {
            let mut sessions = Vec::new();
            for name in names::SESSIONS {
                sessions.extend(found(name, "a session file")?);
            }
            // Time totals alone are learning records too.
            if sessions.is_empty() && time_totals.is_empty() {
                return Err(DatasetError::NoSessions {
                    dir: dir.display().to_string(),
                });
            }
            sessions
        } else {
            for source in &self.sessions {
                source.check("session file")?;
            }
            self.sessions
        };
        Ok(DatasetFiles {
            pledge,
            roster,
            leave: match optional(self.leave, names::LEAVE, "the leave file")? {
                Some(leave) => Some(leave),
                None => found(names::LEAVE_PARQUET, "the leave file")?,
            },
            holidays: optional(self.holidays, names::HOLIDAYS, "the holidays file")?,
            sessions,
            // Named explicitly only: an identity map decides who is who,
            // so it is never picked up by a file name alone.
            actors: match self.actors {
                Some(source) => source.check("the identity map").map(|()| Some(source))?,
                None => None,
            },
            people: optional(self.people, names::PEOPLE, "the People-principle file")?,
            time_totals,
        })
    }
}
