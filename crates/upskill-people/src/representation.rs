//! How representative a team is at each level: counts by level and group,
//! and the suppressed report that is safe to show.
//!
//! # Small-cell suppression
//!
//! [`RepresentationCounts`] are the organisation's own figures: how many
//! people of each group it has at each level. They are never part of a
//! scorecard. What a scorecard carries is a [`RepresentationReport`], made by
//! [`RepresentationCounts::suppress`], which applies these rules to each
//! level on its own, with a threshold `t` ([`SuppressionThreshold`], default
//! [`DEFAULT_SUPPRESSION_THRESHOLD`] = 5):
//!
//! 1. **Primary suppression.** A group whose count is under `t` (zero
//!    included) is never shown.
//! 2. **Complementary suppression.** If exactly one group of a level is
//!    suppressed by rule 1 and the level has other groups, the group with the
//!    next-smallest count (among equal counts, the one whose name sorts last,
//!    in byte order) is suppressed too, so a single hidden count is never the
//!    only unknown.
//!
//! Rules 1 and 2 are the workspace's one small-cell rule,
//! [`suppressed_cells`]; the engine's team table applies it too (teams under
//! its threshold are folded into `other` first, then `other` and the shown
//! teams are the cells).
//! 3. **Names withheld.** A suppressed group appears only in the level's
//!    count of suppressed groups; its name is not shown.
//! 4. **Totals only when safe.** A level that hides nothing shows its total.
//!    A level that hides groups shows the number of people in them (its
//!    *suppressed tally*) and its total only when, knowing the tally, the
//!    shown counts and these rules, every hidden count still has at least two
//!    possible values. Otherwise it shows neither. (The tally alone would
//!    give away, for example, three hidden groups of four each when `t` is
//!    5: each must be under 5, and they add up to 12.)
//!
//! The check in rule 4 assumes a reader knows the names of the hidden
//! groups and these rules, and takes the hidden groups to be either all under
//! `t`, or (for exactly two) one under `t` and one at least `t` but under
//! every shown count. The property tests check the result against a
//! brute-force search for every set of hidden counts that gives the same
//! report.
//!
//! # What suppression does not protect
//!
//! - **Overlapping levels.** Each level is protected on its own. If one
//!   level contains another (`all staff` includes the `board`), a group's
//!   counts at the two levels can be subtracted. For the strongest
//!   protection, count levels that do not overlap (`board`, `senior`,
//!   `other staff`).
//! - **Totals known from elsewhere.** If a level's total is public (the size
//!   of a board, say) and the report hides it, subtracting the shown counts
//!   gives the suppressed tally. Rule 2 still means that tally covers at
//!   least two groups.
//! - **Empty groups.** The guarantee is that no hidden group *with people in
//!   it* has its count worked out. An empty group may be known to be empty:
//!   with threshold 1 only empty groups are hidden by rule 1, and whether a
//!   level shows its tally can itself say the tally is 0 (two hidden groups,
//!   nothing else at the level). An empty group identifies no one, but if
//!   every group but one is known to be empty, everyone at the level is known
//!   to be in that one.
//! - **Narrow ranges.** "At least two possible values" is the whole
//!   guarantee: a reader may learn that a hidden count is, say, 4 or 5.

use std::collections::BTreeMap;
use std::fmt;

use crate::{Group, Level};

/// The threshold used when none is given: a group of fewer than 5 people is
/// not shown.
pub const DEFAULT_SUPPRESSION_THRESHOLD: u64 = 5;

/// The smallest count a report may show for a group; groups under it are
/// suppressed. At least 1; the default is [`DEFAULT_SUPPRESSION_THRESHOLD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u64", into = "u64"))]
pub struct SuppressionThreshold(u64);

/// A suppression threshold of zero, which would hide nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a suppression threshold must be at least 1, not 0")]
pub struct ZeroThreshold;

impl SuppressionThreshold {
    /// The default threshold, [`DEFAULT_SUPPRESSION_THRESHOLD`].
    pub const DEFAULT: SuppressionThreshold = SuppressionThreshold(DEFAULT_SUPPRESSION_THRESHOLD);

    /// A threshold of `count`.
    ///
    /// # Errors
    ///
    /// [`ZeroThreshold`] when `count` is zero.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::SuppressionThreshold;
    ///
    /// assert_eq!(SuppressionThreshold::new(10)?.get(), 10);
    /// assert!(SuppressionThreshold::new(0).is_err());
    /// # Ok::<(), upskill_people::ZeroThreshold>(())
    /// ```
    pub fn new(count: u64) -> Result<SuppressionThreshold, ZeroThreshold> {
        if count == 0 {
            return Err(ZeroThreshold);
        }
        Ok(SuppressionThreshold(count))
    }

    /// The threshold.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for SuppressionThreshold {
    fn default() -> SuppressionThreshold {
        SuppressionThreshold::DEFAULT
    }
}

impl fmt::Display for SuppressionThreshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<u64> for SuppressionThreshold {
    type Error = ZeroThreshold;

    fn try_from(count: u64) -> Result<SuppressionThreshold, ZeroThreshold> {
        SuppressionThreshold::new(count)
    }
}

impl From<SuppressionThreshold> for u64 {
    fn from(threshold: SuppressionThreshold) -> u64 {
        threshold.0
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for SuppressionThreshold {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SuppressionThreshold".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 1,
            "description": "The smallest count a report may show for a group; groups under it are suppressed.",
            "examples": [DEFAULT_SUPPRESSION_THRESHOLD]
        })
    }
}

/// Why representation counts or a representation report were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RepresentationError {
    /// No levels at all.
    #[error("representation counts and reports need at least one level")]
    NoLevels,
    /// A level with no groups.
    #[error("level `{level}` has no groups")]
    EmptyLevel {
        /// The level.
        level: Level,
    },
    /// The same level twice.
    #[error("level `{level}` is given twice")]
    DuplicateLevel {
        /// The level.
        level: Level,
    },
    /// The same group twice at one level.
    #[error("group `{group}` is given twice at level `{level}`")]
    DuplicateGroup {
        /// The level.
        level: Level,
        /// The group.
        group: Group,
    },
    /// A level's counts add up to more than can be counted.
    #[error("the counts at level `{level}` add up to more than {}", u64::MAX)]
    LevelTooLarge {
        /// The level.
        level: Level,
    },
    /// A report shows a group under its threshold.
    #[error(
        "level `{level}` shows group `{group}` with {count}, under the suppression threshold {threshold}"
    )]
    ShownBelowThreshold {
        /// The level.
        level: Level,
        /// The group.
        group: Group,
        /// The count shown.
        count: u64,
        /// The report's threshold.
        threshold: SuppressionThreshold,
    },
    /// A report's level hides nothing but does not show its total, or
    /// shows a suppressed tally.
    #[error("level `{level}` hides no groups, so it shows its total and no suppressed tally")]
    NothingHidden {
        /// The level.
        level: Level,
    },
    /// A report's level hides exactly one group beside groups it shows,
    /// against complementary suppression.
    #[error(
        "level `{level}` hides a single group beside groups it shows: a second group must be hidden with it"
    )]
    LoneHiddenGroup {
        /// The level.
        level: Level,
    },
    /// A report's level shows only one of its total and its suppressed tally.
    #[error("level `{level}` must show both its total and its suppressed tally, or neither")]
    HalfShown {
        /// The level.
        level: Level,
    },
    /// A report's total is not the shown counts plus the suppressed tally.
    #[error(
        "level `{level}` has total {total}, but its shown counts and suppressed tally add up to {expected}"
    )]
    WrongTotal {
        /// The level.
        level: Level,
        /// The total given.
        total: u64,
        /// The shown counts plus the suppressed tally.
        expected: u128,
    },
    /// A report shows a tally from which a hidden count could be worked out.
    #[error(
        "level `{level}` shows a suppressed tally of {tally} from which a hidden count could be worked out"
    )]
    UnsafeTally {
        /// The level.
        level: Level,
        /// The tally given.
        tally: u64,
    },
}

/// One level's counts: people per group.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::LevelCountsSpec",
        into = "crate::serde_impls::LevelCountsSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct LevelCounts {
    level: Level,
    counts: BTreeMap<Group, u64>,
}

impl LevelCounts {
    /// Checks a level's counts. Groups are kept in name order.
    pub(crate) fn new(
        level: Level,
        counts: BTreeMap<Group, u64>,
    ) -> Result<LevelCounts, RepresentationError> {
        if counts.is_empty() {
            return Err(RepresentationError::EmptyLevel { level });
        }
        if sum_counts(counts.values())
            .and_then(|t| u64::try_from(t).ok())
            .is_none()
        {
            return Err(RepresentationError::LevelTooLarge { level });
        }
        Ok(LevelCounts { level, counts })
    }

    /// The level.
    pub fn level(&self) -> &Level {
        &self.level
    }

    /// People per group, in group-name order.
    pub fn counts(&self) -> &BTreeMap<Group, u64> {
        &self.counts
    }

    /// Everyone counted at this level.
    pub fn total(&self) -> u64 {
        // INVARIANT: `new` checked that the total fits.
        sum_counts(self.counts.values())
            .and_then(|t| u64::try_from(t).ok())
            .unwrap_or(u64::MAX)
    }
}

/// The sum of some counts, exactly (`None` only for more than 2^64 counts).
fn sum_counts<'a>(counts: impl IntoIterator<Item = &'a u64>) -> Option<u128> {
    counts
        .into_iter()
        .try_fold(0u128, |sum, &c| sum.checked_add(u128::from(c)))
}

/// An organisation's own counts of how representative its team is: people
/// per group at each level. Levels and groups are the organisation's words
/// (`board`, `senior`, `all staff`); this crate gives them no meaning.
///
/// These are raw counts: show them only through [`suppress`](Self::suppress).
/// A scorecard holds only the suppressed [`RepresentationReport`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::RepresentationCountsSpec",
        into = "crate::serde_impls::RepresentationCountsSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RepresentationCounts {
    levels: Vec<LevelCounts>,
}

impl RepresentationCounts {
    /// Counts from `(level, group, people)` cells. Levels keep the order in
    /// which they first appear; groups are kept in name order.
    ///
    /// # Errors
    ///
    /// [`RepresentationError::NoLevels`] when there are no cells,
    /// [`RepresentationError::DuplicateGroup`] when a level names a group
    /// twice, and [`RepresentationError::LevelTooLarge`] when a level's
    /// counts add up to more than 2^64 - 1.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Group, Level, RepresentationCounts};
    ///
    /// let cell = |level: &str, group: &str, people| -> Result<_, upskill_people::TextError> {
    ///     Ok((Level::new(level)?, Group::new(group)?, people))
    /// };
    /// let counts = RepresentationCounts::from_cells([
    ///     cell("board", "group a", 6)?,
    ///     cell("board", "group b", 7)?,
    ///     cell("all staff", "group a", 120)?,
    ///     cell("all staff", "group b", 95)?,
    /// ])?;
    /// assert_eq!(counts.levels()[1].total(), 215);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_cells(
        cells: impl IntoIterator<Item = (Level, Group, u64)>,
    ) -> Result<RepresentationCounts, RepresentationError> {
        let mut levels: Vec<(Level, BTreeMap<Group, u64>)> = Vec::new();
        for (level, group, people) in cells {
            let position = match levels.iter().position(|(l, _)| *l == level) {
                Some(position) => position,
                None => {
                    levels.push((level.clone(), BTreeMap::new()));
                    levels.len() - 1
                }
            };
            if let Some((_, counts)) = levels.get_mut(position) {
                if counts.contains_key(&group) {
                    return Err(RepresentationError::DuplicateGroup { level, group });
                }
                counts.insert(group, people);
            }
        }
        RepresentationCounts::new(
            levels
                .into_iter()
                .map(|(level, counts)| LevelCounts::new(level, counts))
                .collect::<Result<_, _>>()?,
        )
    }

    /// Checks a list of levels.
    pub(crate) fn new(
        levels: Vec<LevelCounts>,
    ) -> Result<RepresentationCounts, RepresentationError> {
        if levels.is_empty() {
            return Err(RepresentationError::NoLevels);
        }
        for (i, level) in levels.iter().enumerate() {
            if levels
                .iter()
                .take(i)
                .any(|earlier| earlier.level == level.level)
            {
                return Err(RepresentationError::DuplicateLevel {
                    level: level.level.clone(),
                });
            }
        }
        Ok(RepresentationCounts { levels })
    }

    /// The levels, in the order given.
    pub fn levels(&self) -> &[LevelCounts] {
        &self.levels
    }

    /// The report that is safe to show: every group under `threshold`
    /// hidden, following the rules in the [module documentation](crate::representation)
    /// (primary and complementary suppression, names withheld, totals only
    /// when safe).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_people::{Group, Level, RepresentationCounts, SuppressionThreshold};
    ///
    /// let board = Level::new("board")?;
    /// let counts = RepresentationCounts::from_cells([
    ///     (board.clone(), Group::new("group a")?, 2),
    ///     (board.clone(), Group::new("group b")?, 6),
    ///     (board.clone(), Group::new("group c")?, 9),
    /// ])?;
    /// let report = counts.suppress(SuppressionThreshold::DEFAULT);
    /// let level = &report.levels()[0];
    /// // `group a` (2) is under 5; `group b` (6) is hidden with it, so the 2
    /// // cannot be worked out from the total.
    /// assert_eq!(level.shown().len(), 1);
    /// assert_eq!(level.shown().get("group c"), Some(&9));
    /// assert_eq!(level.suppressed_groups(), 2);
    /// assert_eq!(level.suppressed_people(), Some(8));
    /// assert_eq!(level.total(), Some(17));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn suppress(&self, threshold: SuppressionThreshold) -> RepresentationReport {
        RepresentationReport {
            threshold,
            levels: self
                .levels
                .iter()
                .map(|level| suppress_level(level, threshold))
                .collect(),
        }
    }
}

/// One level of a [`RepresentationReport`]: the groups safe to show, how
/// many were hidden, and the totals when they are safe to show.
///
/// Written only as part of its report, which holds the threshold it is
/// checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelReport {
    level: Level,
    shown: BTreeMap<Group, u64>,
    suppressed_groups: usize,
    suppressed_people: Option<u64>,
    total: Option<u64>,
}

impl LevelReport {
    /// Checks a level of a written report against the rules (all but the
    /// choice of which groups to hide, which needs the raw counts).
    #[cfg(feature = "serde")]
    pub(crate) fn new(
        threshold: SuppressionThreshold,
        level: Level,
        shown: BTreeMap<Group, u64>,
        suppressed_groups: usize,
        suppressed_people: Option<u64>,
        total: Option<u64>,
    ) -> Result<LevelReport, RepresentationError> {
        let t = threshold.get();
        if let Some((group, &count)) = shown.iter().find(|(_, c)| **c < t) {
            return Err(RepresentationError::ShownBelowThreshold {
                level,
                group: group.clone(),
                count,
                threshold,
            });
        }
        if shown.is_empty() && suppressed_groups == 0 {
            return Err(RepresentationError::EmptyLevel { level });
        }
        if suppressed_groups == 1 && !shown.is_empty() {
            return Err(RepresentationError::LoneHiddenGroup { level });
        }
        let shown_sum = sum_counts(shown.values());
        match (suppressed_groups, suppressed_people, total) {
            (0, None, Some(_)) => {}
            (0, _, _) => return Err(RepresentationError::NothingHidden { level }),
            (_, None, None) => {}
            (k, Some(tally), Some(given)) => {
                if !tally_is_safe(k, tally, t, shown.values().min().copied()) {
                    return Err(RepresentationError::UnsafeTally { level, tally });
                }
                let expected = shown_sum
                    .and_then(|s| s.checked_add(u128::from(tally)))
                    .unwrap_or(u128::MAX);
                if expected != u128::from(given) {
                    return Err(RepresentationError::WrongTotal {
                        level,
                        total: given,
                        expected,
                    });
                }
            }
            (_, _, _) => return Err(RepresentationError::HalfShown { level }),
        }
        if suppressed_groups == 0 && shown_sum != total.map(u128::from) {
            return Err(RepresentationError::WrongTotal {
                level,
                total: total.unwrap_or_default(),
                expected: shown_sum.unwrap_or(u128::MAX),
            });
        }
        Ok(LevelReport {
            level,
            shown,
            suppressed_groups,
            suppressed_people,
            total,
        })
    }

    /// The level.
    pub fn level(&self) -> &Level {
        &self.level
    }

    /// The groups shown, each with at least the threshold, in name order.
    pub fn shown(&self) -> &BTreeMap<Group, u64> {
        &self.shown
    }

    /// How many groups were hidden (their names are not shown).
    pub fn suppressed_groups(&self) -> usize {
        self.suppressed_groups
    }

    /// How many people the hidden groups hold, when that is safe to show
    /// (`None` when nothing is hidden or when it is not safe).
    pub fn suppressed_people(&self) -> Option<u64> {
        self.suppressed_people
    }

    /// Everyone at this level, when that is safe to show.
    pub fn total(&self) -> Option<u64> {
        self.total
    }
}

/// Representation counts with small groups suppressed: what a scorecard
/// shows as evidence of diverse, inclusive teams. Made only by
/// [`RepresentationCounts::suppress`] (or read back from one's output, when
/// the rules are checked again).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::RepresentationReportSpec",
        into = "crate::serde_impls::RepresentationReportSpec"
    )
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RepresentationReport {
    threshold: SuppressionThreshold,
    levels: Vec<LevelReport>,
}

impl RepresentationReport {
    /// Checks a written report.
    #[cfg(feature = "serde")]
    pub(crate) fn new(
        threshold: SuppressionThreshold,
        levels: Vec<LevelReport>,
    ) -> Result<RepresentationReport, RepresentationError> {
        if levels.is_empty() {
            return Err(RepresentationError::NoLevels);
        }
        for (i, level) in levels.iter().enumerate() {
            if levels
                .iter()
                .take(i)
                .any(|earlier| earlier.level == level.level)
            {
                return Err(RepresentationError::DuplicateLevel {
                    level: level.level.clone(),
                });
            }
        }
        Ok(RepresentationReport { threshold, levels })
    }

    /// The threshold the report was made with.
    pub fn threshold(&self) -> SuppressionThreshold {
        self.threshold
    }

    /// The levels, in the order of the counts.
    pub fn levels(&self) -> &[LevelReport] {
        &self.levels
    }
}

/// The small-cell rule (rules 1 and 2 of the [module documentation](self)):
/// which cells of one table to hide, given each cell's count in the table's
/// order and the smallest count that may be shown. Returns one flag per
/// cell, `true` for hidden.
///
/// 1. Every cell with a count under `threshold` (zero included) is hidden.
/// 2. If that hides exactly one cell and others remain, the remaining cell
///    with the smallest count is hidden too (among equal counts, the one
///    given last), so a hidden count cannot be worked out from a total.
///
/// A `threshold` of 0 hides nothing. This is the one rule both the engine's
/// team table (`upskill-policy`, under its exact disclosure rule, with
/// `other` as a cell; it calls this function) and
/// [`RepresentationCounts::suppress`] apply.
///
/// # Example
///
/// ```
/// use upskill_people::suppressed_cells;
///
/// // 3 is under 5; the smaller of the rest (6, the last of two) goes with it.
/// assert_eq!(suppressed_cells(&[6, 3, 9, 6], 5), [false, true, false, true]);
/// // Two small cells already hide each other.
/// assert_eq!(suppressed_cells(&[2, 3, 9], 5), [true, true, false]);
/// assert_eq!(suppressed_cells(&[2, 3, 9], 0), [false, false, false]);
/// ```
pub fn suppressed_cells(counts: &[u64], threshold: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&c| c < threshold).collect();
    if hidden.iter().filter(|&&h| h).count() == 1 {
        let mut smallest: Option<(usize, u64)> = None;
        for (i, (&count, &hide)) in counts.iter().zip(&hidden).enumerate() {
            if !hide && smallest.is_none_or(|(_, best)| count <= best) {
                smallest = Some((i, count));
            }
        }
        if let Some(flag) = smallest.and_then(|(i, _)| hidden.get_mut(i)) {
            *flag = true;
        }
    }
    hidden
}

/// Suppresses one level (rules 1 to 4 of the module documentation).
pub(crate) fn suppress_level(counts: &LevelCounts, threshold: SuppressionThreshold) -> LevelReport {
    let t = threshold.get();
    // Rules 1 and 2: the one small-cell rule, groups in name order.
    let cells: Vec<u64> = counts.counts.values().copied().collect();
    let hidden: Vec<&Group> = counts
        .counts
        .keys()
        .zip(suppressed_cells(&cells, t))
        .filter(|(_, hide)| *hide)
        .map(|(g, _)| g)
        .collect();
    let shown: BTreeMap<Group, u64> = counts
        .counts
        .iter()
        .filter(|(g, _)| !hidden.contains(g))
        .map(|(g, c)| (g.clone(), *c))
        .collect();
    let k = hidden.len();
    // Rule 4: totals only when safe.
    let shown_sum = sum_counts(shown.values()).and_then(|s| u64::try_from(s).ok());
    let tally = sum_counts(hidden.iter().filter_map(|g| counts.counts.get(*g)))
        .and_then(|s| u64::try_from(s).ok());
    let (suppressed_people, level_total) = match (k, tally) {
        (0, _) => (None, shown_sum),
        (_, Some(tally)) if tally_is_safe(k, tally, t, shown.values().min().copied()) => {
            (Some(tally), shown_sum.and_then(|s| s.checked_add(tally)))
        }
        _ => (None, None),
    };
    LevelReport {
        level: counts.level.clone(),
        shown,
        suppressed_groups: k,
        suppressed_people,
        total: level_total,
    }
}

/// Whether a level that hides `hidden` groups holding `tally` people may show
/// that tally (and so its total), with threshold `t` and smallest shown
/// count `min_shown`: whether every hidden count keeps at least two possible
/// values.
///
/// A reader who knows the rules knows the hidden counts are either
///
/// - all under `t` (any number of groups), adding up to `tally`; or
/// - for exactly two groups, one under `t` and one (the complementary
///   group) at least `t` and no more than the smallest shown count.
///
/// This takes the complementary group to be *under* the smallest shown count
/// (a tie is possible when its name sorts first); leaving out that case only
/// shrinks the set of values considered, so the check errs on the side of
/// hiding. Every hidden group gets the same set of possible values, since
/// the check does not use their names.
pub(crate) fn tally_is_safe(hidden: usize, tally: u64, t: u64, min_shown: Option<u64>) -> bool {
    if hidden < 2 {
        return false;
    }
    let Ok(k) = u128::try_from(hidden) else {
        return false;
    };
    let (s, t) = (u128::from(tally), u128::from(t));
    // `t` is at least 1, `k` at least 2: nothing below underflows, and the
    // products of two 64-bit numbers fit in 128 bits.
    let small = t - 1; // the largest count a primary-suppressed group can have
    let mut ranges: Vec<(u128, u128)> = Vec::with_capacity(3);
    // All hidden groups under `t`.
    if s <= k * small {
        ranges.push((s.saturating_sub((k - 1) * small), small.min(s)));
    }
    // One under `t` and one complementary group `y` with t <= y < min_shown.
    if k == 2 {
        let y_max = match min_shown {
            Some(m) => u128::from(m).saturating_sub(1),
            None => s,
        };
        let y_lo = t.max(s.saturating_sub(small));
        let y_hi = y_max.min(s);
        if y_lo <= y_hi {
            ranges.push((y_lo, y_hi));
            ranges.push((s - y_hi, s - y_lo));
        }
    }
    let wide = ranges.iter().any(|(lo, hi)| lo < hi);
    let two_points = ranges
        .iter()
        .any(|(lo, _)| ranges.iter().any(|(other, _)| other != lo));
    wide || two_points
}
