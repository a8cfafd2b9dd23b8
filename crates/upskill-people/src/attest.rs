//! Evidence the organisation attests to, with a document to check it against.

use chrono::NaiveDate;

use crate::{Attester, DocumentRef, Statement};

/// Evidence an organisation attests to: a statement, the document that
/// backs it, the date it was made, and (optionally) who made it.
///
/// This crate does not read or check the document; the reference is there so
/// a reader can. Every part is checked when made (see [`DocumentRef`],
/// [`Statement`]), so an attestation that exists is complete.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Attestation {
    /// The document that backs the statement.
    document: DocumentRef,
    /// The date the attestation was made (`YYYY-MM-DD`).
    date: NaiveDate,
    /// Who made it, if recorded.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    attested_by: Option<Attester>,
    /// What is attested.
    statement: Statement,
}

impl Attestation {
    /// An attestation of `statement`, backed by `document`, made on `date`.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use upskill_people::{Attestation, Attester, DocumentRef, Statement};
    ///
    /// let policy = Attestation::new(
    ///     DocumentRef::new("HR-POL-012 v3")?,
    ///     NaiveDate::from_ymd_opt(2026, 1, 15).ok_or("bad date")?,
    ///     Statement::new("Every employee has a weekly learning hour in their calendar")?,
    /// )
    /// .attested_by(Attester::new("Head of People")?);
    /// assert_eq!(policy.document().as_str(), "HR-POL-012 v3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(document: DocumentRef, date: NaiveDate, statement: Statement) -> Attestation {
        Attestation {
            document,
            date,
            attested_by: None,
            statement,
        }
    }

    /// Records who made the attestation.
    pub fn attested_by(mut self, attester: Attester) -> Attestation {
        self.attested_by = Some(attester);
        self
    }

    /// The document that backs the statement.
    pub fn document(&self) -> &DocumentRef {
        &self.document
    }

    /// The date the attestation was made.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Who made it, if recorded.
    pub fn attester(&self) -> Option<&Attester> {
        self.attested_by.as_ref()
    }

    /// What is attested.
    pub fn statement(&self) -> &Statement {
        &self.statement
    }
}
