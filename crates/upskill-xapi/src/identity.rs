//! One learner behind several xAPI identifiers: the identity mapping.
//!
//! The mapping file is CSV with a `learner_id` column and any of `mbox`,
//! `mbox_sha1sum`, `openid`, `account_home_page` + `account_name`. A row may
//! give several identifiers, and several rows may name one learner. Matching
//! follows xAPI 2.4.2.3:
//!
//! - the domain of an email is compared case-insensitively, the local part
//!   exactly (`Ann@Example.COM` is `Ann@example.com`, not `ann@example.com`);
//! - a statement's `mbox` also matches a row that gives only its
//!   `mbox_sha1sum` (the SHA-1 of the whole `mailto:` IRI, with the domain
//!   lowercased as clients should, or as written), and a statement's
//!   `mbox_sha1sum` matches a row that gives the `mbox`;
//! - `openid` and `account` (home page and name) match exactly.
//!
//! An identifier given for two different learners is reported (`M005`) and
//! then matches nobody: guessing would credit the wrong person.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Read};

use upskill_formats::diagnostics::{Diagnostic, Location};
use upskill_session::LearnerId;

use crate::codes::{
    MAPPING_BAD_VALUE, MAPPING_CONFLICT, MAPPING_CSV, MAPPING_HEADER, MAPPING_NO_IDENTIFIER,
};
use crate::model::AgentIdentifier;
use crate::syntax::{email_problem, iri_problem, is_sha1, normalise_mbox, sha1_hex, uri_problem};
use crate::validate::quote;

/// The columns a mapping file may have.
pub const MAPPING_COLUMNS: &[&str] = &[
    "learner_id",
    "mbox",
    "mbox_sha1sum",
    "openid",
    "account_home_page",
    "account_name",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    One(LearnerId),
    Several(BTreeSet<LearnerId>),
}

impl Target {
    /// Adds a learner; `true` if this made the identifier ambiguous.
    fn add(&mut self, learner: &LearnerId) -> bool {
        match self {
            Target::One(existing) if existing == learner => false,
            Target::One(existing) => {
                let set = BTreeSet::from([existing.clone(), learner.clone()]);
                *self = Target::Several(set);
                true
            }
            Target::Several(set) => {
                set.insert(learner.clone());
                true
            }
        }
    }
}

/// What an actor's identifier matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityMatch<'a> {
    /// Exactly one learner.
    Learner(&'a LearnerId),
    /// No learner: the ledger records the actor as an unknown learner.
    Unknown,
    /// Several learners claim the identifier: it matches none of them.
    Ambiguous(Vec<&'a LearnerId>),
}

/// Learner ids by xAPI agent identifier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityMap {
    mbox: HashMap<String, Target>,
    sha1: HashMap<String, Target>,
    openid: HashMap<String, Target>,
    /// By home page, then account name: looked up with borrowed text.
    account: HashMap<String, HashMap<String, Target>>,
    /// Each mapped `mailto:` IRI wholly lowercased, to the first one so
    /// written: only to name a near miss ([`IdentityMap::near_miss`]), never
    /// to match, since the local part is compared exactly.
    mbox_folded: HashMap<String, String>,
    learners: BTreeSet<LearnerId>,
}

/// An identifier that was already mapped to another learner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("identifier `{identifier}` is mapped to more than one learner: {}", .learners.join(", "))]
pub struct IdentityConflict {
    /// The identifier, as given.
    pub identifier: String,
    /// Every learner it is now mapped to.
    pub learners: Vec<String>,
}

fn insert<K: std::hash::Hash + Eq>(
    table: &mut HashMap<K, Target>,
    key: K,
    learner: &LearnerId,
) -> Option<Vec<String>> {
    match table.get_mut(&key) {
        Some(target) => {
            if target.add(learner) {
                match target {
                    Target::Several(set) => Some(set.iter().map(|l| l.to_string()).collect()),
                    Target::One(l) => Some(vec![l.to_string()]),
                }
            } else {
                None
            }
        }
        None => {
            table.insert(key, Target::One(learner.clone()));
            None
        }
    }
}

fn found(target: Option<&Target>) -> Option<IdentityMatch<'_>> {
    Some(match target? {
        Target::One(learner) => IdentityMatch::Learner(learner),
        Target::Several(set) => IdentityMatch::Ambiguous(set.iter().collect()),
    })
}

/// What [`IdentityMap::read_csv`] made of a mapping file.
#[derive(Debug, Clone, Default)]
pub struct MappingLoad {
    /// The mapping built from every valid row.
    pub map: IdentityMap,
    /// Problems found, each at `file:line` (`M` codes).
    pub diagnostics: Vec<Diagnostic>,
}

impl MappingLoad {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl IdentityMap {
    /// An empty mapping: every actor is an unknown learner.
    pub fn new() -> IdentityMap {
        IdentityMap::default()
    }

    /// How many learners the mapping names.
    pub fn learner_count(&self) -> usize {
        self.learners.len()
    }

    /// Maps `identifier` to `learner`.
    ///
    /// # Errors
    ///
    /// [`IdentityConflict`] when the identifier already names another
    /// learner. The mapping keeps the identifier, now matching nobody.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_session::LearnerId;
    /// use upskill_xapi::{AgentIdentifier, IdentityMap, IdentityMatch};
    ///
    /// let mut map = IdentityMap::new();
    /// let ann = LearnerId::new("e001")?;
    /// map.insert(&ann, &AgentIdentifier::Mbox("mailto:Ann@Example.com".into()))?;
    /// let seen = AgentIdentifier::Mbox("mailto:Ann@example.COM".into());
    /// assert_eq!(map.lookup(&seen), IdentityMatch::Learner(&ann));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(
        &mut self,
        learner: &LearnerId,
        identifier: &AgentIdentifier,
    ) -> Result<(), IdentityConflict> {
        self.learners.insert(learner.clone());
        let mut conflict = None;
        match identifier {
            AgentIdentifier::Mbox(written) => {
                let normal = normalise_mbox(written);
                conflict = conflict.or(insert(&mut self.sha1, sha1_hex(&normal), learner));
                if normal != *written {
                    conflict = conflict.or(insert(&mut self.sha1, sha1_hex(written), learner));
                }
                self.mbox_folded
                    .entry(normal.to_lowercase())
                    .or_insert_with(|| normal.clone());
                conflict = insert(&mut self.mbox, normal, learner).or(conflict);
            }
            AgentIdentifier::MboxSha1Sum(sum) => {
                conflict = insert(&mut self.sha1, sum.to_ascii_lowercase(), learner);
            }
            AgentIdentifier::OpenId(openid) => {
                conflict = insert(&mut self.openid, openid.clone(), learner);
            }
            AgentIdentifier::Account { home_page, name } => {
                conflict = insert(
                    self.account.entry(home_page.clone()).or_default(),
                    name.clone(),
                    learner,
                );
            }
        }
        match conflict {
            None => Ok(()),
            Some(learners) => Err(IdentityConflict {
                identifier: identifier.to_string(),
                learners,
            }),
        }
    }

    /// The learner an actor's identifier names.
    pub fn lookup(&self, identifier: &AgentIdentifier) -> IdentityMatch<'_> {
        let hit = match identifier {
            AgentIdentifier::Mbox(written) => {
                let normal = normalise_mbox(written);
                found(self.mbox.get(&normal))
                    .or_else(|| found(self.sha1.get(&sha1_hex(&normal))))
                    .or_else(|| found(self.sha1.get(&sha1_hex(written))))
            }
            AgentIdentifier::MboxSha1Sum(sum) => found(self.sha1.get(&sum.to_ascii_lowercase())),
            AgentIdentifier::OpenId(openid) => found(self.openid.get(openid)),
            AgentIdentifier::Account { home_page, name } => found(
                self.account
                    .get(home_page.as_str())
                    .and_then(|names| names.get(name.as_str())),
            ),
        };
        hit.unwrap_or(IdentityMatch::Unknown)
    }

    /// A mapped `mailto:` IRI that differs from an unmatched `mbox` only in
    /// the case of its local part (`mailto:Ann.Lee@example.com` against a
    /// mapped `mailto:ann.lee@example.com`), as written in the mapping.
    ///
    /// xAPI 2.4.2.3 compares the local part exactly (RFC 5321 §2.4 leaves
    /// its case to the receiving host), so such an actor stays unmatched;
    /// this only lets the warning name the likely intended row. `None` for
    /// other identifiers, or when the `mbox` matches a learner itself.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_session::LearnerId;
    /// use upskill_xapi::{AgentIdentifier, IdentityMap, IdentityMatch};
    ///
    /// let mut map = IdentityMap::new();
    /// map.insert(&LearnerId::new("e001")?, &AgentIdentifier::Mbox("mailto:ann@example.com".into()))?;
    /// let seen = AgentIdentifier::Mbox("mailto:Ann@example.com".into());
    /// assert_eq!(map.lookup(&seen), IdentityMatch::Unknown);
    /// assert_eq!(map.near_miss(&seen), Some("mailto:ann@example.com"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn near_miss(&self, identifier: &AgentIdentifier) -> Option<&str> {
        let AgentIdentifier::Mbox(written) = identifier else {
            return None;
        };
        let normal = normalise_mbox(written);
        if self.mbox.contains_key(&normal) {
            return None;
        }
        self.mbox_folded
            .get(&normal.to_lowercase())
            .map(String::as_str)
    }

    /// Reads a mapping file. Rows with problems are left out and reported;
    /// the rest are loaded. The CSV dialect and encoding are detected as
    /// for every CSV input (`;`, tab or `|`, Excel's `sep=` line, a BOM,
    /// UTF-16, Windows-1252: `upskill_formats::open_csv_text`), each guess
    /// a warning.
    ///
    /// # Errors
    ///
    /// None as such: every problem, including I/O and CSV errors, is a
    /// diagnostic in the returned [`MappingLoad`] (check
    /// [`MappingLoad::has_errors`]).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_xapi::{AgentIdentifier, IdentityMap, IdentityMatch};
    ///
    /// let csv = "learner_id,mbox,mbox_sha1sum\ne001,mailto:ann@example.com,\n";
    /// let load = IdentityMap::read_csv(csv.as_bytes(), "people.csv");
    /// assert!(!load.has_errors());
    /// let seen = AgentIdentifier::Mbox("mailto:ann@EXAMPLE.com".into());
    /// assert!(matches!(load.map.lookup(&seen), IdentityMatch::Learner(id) if id.as_str() == "e001"));
    /// ```
    pub fn read_csv<R: Read>(reader: R, file: &str) -> MappingLoad {
        let mut load = MappingLoad::default();
        // The same dialects and encodings as every other CSV input (an HR
        // export saved by German Excel: `;`, a BOM, UTF-16), each guess
        // stated as a warning (docs/formats.md).
        let (mut text, dialect, notes) = upskill_formats::open_csv_text(
            file,
            std::io::BufReader::new(reader),
            &upskill_formats::ReadOptions::new(),
        );
        load.diagnostics.extend(notes);
        // Excel's `sep=` line is skipped, and counted in the lines.
        let skipped = u64::from(dialect.sep_line);
        if dialect.sep_line {
            let mut line = Vec::new();
            if let Err(error) = text.read_until(b'\n', &mut line) {
                load.diagnostics.push(Diagnostic::new(
                    &MAPPING_CSV,
                    Location::file(file).at_line(1),
                    format!("the mapping cannot be read: {error}"),
                ));
                return load;
            }
        }
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(false)
            .delimiter(dialect.delimiter)
            .from_reader(text);
        let header_location = Location::file(file).at_line(1 + skipped);
        let headers = match csv.headers() {
            Ok(headers) => headers.clone(),
            Err(error) => {
                load.diagnostics.push(Diagnostic::new(
                    &MAPPING_CSV,
                    header_location,
                    csv_message(&error),
                ));
                return load;
            }
        };
        let mut columns: Vec<Option<&'static str>> = Vec::new();
        for (i, name) in headers.iter().enumerate() {
            let known = MAPPING_COLUMNS.iter().copied().find(|c| *c == name);
            if known.is_none() {
                load.diagnostics.push(Diagnostic::new(
                    &MAPPING_HEADER,
                    header_location.clone().at_column(i as u64 + 1),
                    format!(
                        "unknown column `{}`; expected {}",
                        quote(name),
                        MAPPING_COLUMNS.join(", ")
                    ),
                ));
            } else if columns.contains(&known) {
                load.diagnostics.push(Diagnostic::new(
                    &MAPPING_HEADER,
                    header_location.clone().at_column(i as u64 + 1),
                    format!("column `{name}` appears twice"),
                ));
                columns.push(None);
                continue;
            }
            columns.push(known);
        }
        if !columns.contains(&Some("learner_id")) {
            load.diagnostics.push(Diagnostic::new(
                &MAPPING_HEADER,
                header_location,
                "the mapping has no `learner_id` column".to_string(),
            ));
            return load;
        }
        let identifier_columns = MAPPING_COLUMNS
            .iter()
            .skip(1)
            .any(|c| columns.contains(&Some(c)));
        if !identifier_columns {
            load.diagnostics.push(Diagnostic::new(
                &MAPPING_HEADER,
                header_location,
                "the mapping has no identifier column: add mbox, mbox_sha1sum, openid or account_home_page and account_name".to_string(),
            ));
            return load;
        }
        for record in csv.records() {
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    let line = error.position().map_or(0, |p| p.line() + skipped);
                    load.diagnostics.push(Diagnostic::new(
                        &MAPPING_CSV,
                        Location::file(file).at_line(line),
                        csv_message(&error),
                    ));
                    if error.is_io_error() {
                        return load;
                    }
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line() + skipped);
            let location = Location::file(file).at_line(line);
            let cell = |name: &str| {
                columns
                    .iter()
                    .position(|c| *c == Some(name))
                    .and_then(|i| record.get(i))
                    .filter(|v| !v.is_empty())
            };
            load.row(
                &location,
                cell("learner_id"),
                [
                    cell("mbox"),
                    cell("mbox_sha1sum"),
                    cell("openid"),
                    cell("account_home_page"),
                    cell("account_name"),
                ],
            );
        }
        load
    }
}

/// A CSV error in plain words (the location carries the line).
fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the row has {len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("cannot read the mapping: {io}"),
        _ => error.to_string(),
    }
}

impl MappingLoad {
    fn bad(&mut self, location: &Location, message: String) {
        self.diagnostics.push(Diagnostic::new(
            &MAPPING_BAD_VALUE,
            location.clone(),
            message,
        ));
    }

    fn row(&mut self, location: &Location, learner: Option<&str>, cells: [Option<&str>; 5]) {
        let [mbox, sha1, openid, home_page, name] = cells;
        let learner = match LearnerId::new(learner.unwrap_or_default()) {
            Ok(learner) => learner,
            Err(error) => return self.bad(location, format!("learner_id: {error}")),
        };
        let mut identifiers = Vec::new();
        let mut row_ok = true;
        if let Some(mbox) = mbox {
            let full = if mbox.starts_with("mailto:") {
                mbox.to_string()
            } else {
                format!("mailto:{mbox}")
            };
            match full.strip_prefix("mailto:").and_then(email_problem) {
                Some(problem) => {
                    row_ok = false;
                    self.bad(
                        location,
                        format!("mbox `{}` is not valid: {problem}", quote(mbox)),
                    );
                }
                None => identifiers.push(AgentIdentifier::Mbox(full)),
            }
        }
        if let Some(sum) = sha1 {
            if is_sha1(sum) {
                identifiers.push(AgentIdentifier::MboxSha1Sum(sum.to_ascii_lowercase()));
            } else {
                row_ok = false;
                self.bad(
                    location,
                    format!("mbox_sha1sum `{}` is not 40 hexadecimal digits", quote(sum)),
                );
            }
        }
        if let Some(openid) = openid {
            match uri_problem(openid) {
                Some(problem) => {
                    row_ok = false;
                    self.bad(
                        location,
                        format!(
                            "openid `{}` is not an absolute URI: {problem}",
                            quote(openid)
                        ),
                    );
                }
                None => identifiers.push(AgentIdentifier::OpenId(openid.to_string())),
            }
        }
        match (home_page, name) {
            (Some(home_page), Some(name)) => match iri_problem(home_page) {
                Some(problem) => {
                    row_ok = false;
                    self.bad(
                        location,
                        format!(
                            "account_home_page `{}` is not an absolute IRI: {problem}",
                            quote(home_page)
                        ),
                    );
                }
                None => identifiers.push(AgentIdentifier::Account {
                    home_page: home_page.to_string(),
                    name: name.to_string(),
                }),
            },
            (None, None) => {}
            _ => {
                row_ok = false;
                self.diagnostics.push(Diagnostic::new(
                    &MAPPING_NO_IDENTIFIER,
                    location.clone(),
                    "an account needs both account_home_page and account_name".to_string(),
                ));
            }
        }
        if !row_ok {
            return;
        }
        if identifiers.is_empty() {
            self.diagnostics.push(Diagnostic::new(
                &MAPPING_NO_IDENTIFIER,
                location.clone(),
                format!("the row for learner `{learner}` gives no identifier"),
            ));
            return;
        }
        for identifier in &identifiers {
            if let Err(conflict) = self.map.insert(&learner, identifier) {
                self.diagnostics.push(Diagnostic::new(
                    &MAPPING_CONFLICT,
                    location.clone(),
                    conflict.to_string(),
                ));
            }
        }
    }
}
