//! Zone-aware weeks for the upskill workspace.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::calendar`; depend on `upskill-calendar` directly only to keep
//! the dependency tree small.
//!
//! This crate owns **time as an organisation sees it**: an IANA time zone, the
//! day its weeks start on, its working days and public holidays. From those it
//! answers three questions exactly:
//!
//! - which week an instant belongs to, and the exact UTC interval of a week
//!   (a London week around a DST change lasts 167 or 169 hours; a week in
//!   `Australia/Lord_Howe` shifts by 30 minutes; `Pacific/Apia` skipped
//!   30 December 2011 altogether);
//! - how a week is written (`2026-W05`, see [`Week`]) and read back;
//! - how many working days a date range holds.
//!
//! Weeks are **half-open UTC intervals** `[start, end)`: a week starts at the
//! first instant of its first local day and ends where the next week starts.
//! So consecutive weeks tile time with no gap and no overlap, and every
//! instant belongs to exactly one week, whatever the zone's transitions do.
//!
//! It does *not* know about pledges, learners or learning sessions (see
//! `upskill-pledge`, `upskill-session`, `upskill-quota`), and it does no I/O.
//!
//! # Example
//!
//! ```
//! use upskill_calendar::{Calendar, DayOfWeek};
//!
//! let london = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday)?;
//! let week = london.parse_week("2026-W13")?; // the week the clocks go forward
//! assert_eq!(week.to_string(), "2026-W13");
//! assert_eq!(london.week_interval(week)?.duration_hours(), 167);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

#[cfg(feature = "serde")]
mod serde_impls;

/// A day of the week, written in lowercase English (`"monday"`) in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum DayOfWeek {
    /// Monday, the ISO 8601 week start and the default.
    #[default]
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl DayOfWeek {
    /// All seven days, Monday first.
    pub const ALL: [DayOfWeek; 7] = [
        DayOfWeek::Monday,
        DayOfWeek::Tuesday,
        DayOfWeek::Wednesday,
        DayOfWeek::Thursday,
        DayOfWeek::Friday,
        DayOfWeek::Saturday,
        DayOfWeek::Sunday,
    ];

    /// The lowercase three-letter abbreviation used in week labels (`"sun"`).
    pub fn abbreviation(self) -> &'static str {
        match self {
            DayOfWeek::Monday => "mon",
            DayOfWeek::Tuesday => "tue",
            DayOfWeek::Wednesday => "wed",
            DayOfWeek::Thursday => "thu",
            DayOfWeek::Friday => "fri",
            DayOfWeek::Saturday => "sat",
            DayOfWeek::Sunday => "sun",
        }
    }

    /// The full lowercase name (`"sunday"`), as in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            DayOfWeek::Monday => "monday",
            DayOfWeek::Tuesday => "tuesday",
            DayOfWeek::Wednesday => "wednesday",
            DayOfWeek::Thursday => "thursday",
            DayOfWeek::Friday => "friday",
            DayOfWeek::Saturday => "saturday",
            DayOfWeek::Sunday => "sunday",
        }
    }

    /// Reads a full name or a three-letter abbreviation, in any case.
    pub fn parse(text: &str) -> Option<DayOfWeek> {
        let lower = text.trim().to_ascii_lowercase();
        DayOfWeek::ALL
            .into_iter()
            .find(|d| d.name() == lower || d.abbreviation() == lower)
    }

    /// The chrono weekday.
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            DayOfWeek::Monday => chrono::Weekday::Mon,
            DayOfWeek::Tuesday => chrono::Weekday::Tue,
            DayOfWeek::Wednesday => chrono::Weekday::Wed,
            DayOfWeek::Thursday => chrono::Weekday::Thu,
            DayOfWeek::Friday => chrono::Weekday::Fri,
            DayOfWeek::Saturday => chrono::Weekday::Sat,
            DayOfWeek::Sunday => chrono::Weekday::Sun,
        }
    }

    /// From a chrono weekday.
    pub fn from_chrono(day: chrono::Weekday) -> DayOfWeek {
        match day {
            chrono::Weekday::Mon => DayOfWeek::Monday,
            chrono::Weekday::Tue => DayOfWeek::Tuesday,
            chrono::Weekday::Wed => DayOfWeek::Wednesday,
            chrono::Weekday::Thu => DayOfWeek::Thursday,
            chrono::Weekday::Fri => DayOfWeek::Friday,
            chrono::Weekday::Sat => DayOfWeek::Saturday,
            chrono::Weekday::Sun => DayOfWeek::Sunday,
        }
    }

    /// Days from Monday: Monday is 0, Sunday 6.
    pub fn days_from_monday(self) -> u8 {
        match self {
            DayOfWeek::Monday => 0,
            DayOfWeek::Tuesday => 1,
            DayOfWeek::Wednesday => 2,
            DayOfWeek::Thursday => 3,
            DayOfWeek::Friday => 4,
            DayOfWeek::Saturday => 5,
            DayOfWeek::Sunday => 6,
        }
    }
}

impl fmt::Display for DayOfWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The set of weekdays an organisation works on (default Monday to Friday).
///
/// Never empty: a calendar without working days could exempt every week, so
/// [`WorkingDays::new`] refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingDays {
    /// Bit `i` set means the day `i` days after Monday is worked.
    bits: u8,
}

impl Default for WorkingDays {
    fn default() -> Self {
        WorkingDays { bits: 0b0001_1111 }
    }
}

impl WorkingDays {
    /// Monday to Friday.
    pub const MONDAY_TO_FRIDAY: WorkingDays = WorkingDays { bits: 0b0001_1111 };

    /// A set of working days.
    ///
    /// # Errors
    ///
    /// [`CalendarError::NoWorkingDays`] when `days` is empty.
    pub fn new(days: impl IntoIterator<Item = DayOfWeek>) -> Result<WorkingDays, CalendarError> {
        let bits = days
            .into_iter()
            .fold(0u8, |bits, d| bits | (1 << d.days_from_monday()));
        if bits == 0 {
            return Err(CalendarError::NoWorkingDays);
        }
        Ok(WorkingDays { bits })
    }

    /// Whether `day` is a working day.
    pub fn contains(self, day: DayOfWeek) -> bool {
        self.bits & (1 << day.days_from_monday()) != 0
    }

    /// How many working days a normal week (no holidays) has: 1 to 7.
    pub fn per_week(self) -> u32 {
        self.bits.count_ones()
    }

    /// The working days, Monday first.
    pub fn days(self) -> impl Iterator<Item = DayOfWeek> {
        DayOfWeek::ALL
            .into_iter()
            .filter(move |d| self.contains(*d))
    }
}

/// Errors from building a calendar or doing calendar arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The zone name is not in the IANA database chrono-tz ships.
    #[error("unknown time zone `{0}`: expected an IANA name such as `Europe/London`")]
    UnknownTimeZone(String),
    /// A calendar must have at least one working day.
    #[error("a calendar needs at least one working day")]
    NoWorkingDays,
    /// A date or instant lies outside the years 1 to 9999 that week labels can name.
    #[error("`{0}` is outside the supported range of years 0001 to 9999")]
    OutOfRange(String),
}

/// Errors from reading a week label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WeekLabelError {
    /// The text is not of the form `YYYY-Www` or `YYYY-Www-ddd`.
    #[error("`{0}` is not a week label: expected `YYYY-Www` such as `2026-W05`")]
    Malformed(String),
    /// The year has no such ISO week (only some years have a week 53).
    #[error("`{0}` names a week that does not exist: {1} has {2} weeks")]
    NoSuchWeek(String, i32, u32),
    /// The label's start-day suffix disagrees with the calendar's week start.
    #[error(
        "`{label}` names weeks starting on {found}, but this calendar's weeks start on {expected}"
    )]
    WrongWeekStart {
        /// The label as given.
        label: String,
        /// The week start the label names.
        found: DayOfWeek,
        /// The calendar's week start.
        expected: DayOfWeek,
    },
}

/// One week of some calendar, identified by its first local day.
///
/// # Labels
///
/// A week is written as the ISO 8601 week that holds its **fourth day**, the
/// rule ISO 8601 itself uses (a Monday week belongs to the year of its
/// Thursday):
///
/// - weeks starting on Monday are plain ISO weeks: `2026-W05`, `2026-W53`;
/// - weeks starting on another day carry that day as a suffix:
///   `2026-W06-sun` is the week from Sunday 1 February 2026 to Saturday
///   7 February 2026 (its fourth day, Wednesday 4 February, is in ISO week 6).
///
/// The label and the start day determine each other, so labels round-trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    start: NaiveDate,
}

const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

fn in_supported_range(date: NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&date.year())
}

impl Week {
    /// The week that starts on `start` (a local date).
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the years 0001 to 9999 (a week
    /// must end, and be labelled, inside that range too).
    pub fn starting_on(start: NaiveDate) -> Result<Week, CalendarError> {
        let last = start.checked_add_days(Days::new(7));
        match last {
            Some(last) if in_supported_range(start) && in_supported_range(last) => {
                Ok(Week { start })
            }
            _ => Err(CalendarError::OutOfRange(start.to_string())),
        }
    }

    /// The first local day of the week.
    pub fn start_date(self) -> NaiveDate {
        self.start
    }

    /// The last local day of the week (six days after the first).
    pub fn last_date(self) -> NaiveDate {
        // INVARIANT: `starting_on` checked that start + 7 days is in range.
        self.start
            .checked_add_days(Days::new(6))
            .unwrap_or(self.start)
    }

    /// The seven local dates of the week, in order.
    pub fn dates(self) -> impl Iterator<Item = NaiveDate> {
        (0..7u64).filter_map(move |i| self.start.checked_add_days(Days::new(i)))
    }

    /// The day this week starts on.
    pub fn start_day(self) -> DayOfWeek {
        DayOfWeek::from_chrono(self.start.weekday())
    }

    /// The following week.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] past the year 9999.
    pub fn next(self) -> Result<Week, CalendarError> {
        let next = self
            .start
            .checked_add_days(Days::new(7))
            .ok_or_else(|| CalendarError::OutOfRange(self.start.to_string()))?;
        Week::starting_on(next)
    }

    /// The preceding week.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] before the year 0001.
    pub fn previous(self) -> Result<Week, CalendarError> {
        let prev = self
            .start
            .checked_sub_days(Days::new(7))
            .ok_or_else(|| CalendarError::OutOfRange(self.start.to_string()))?;
        Week::starting_on(prev)
    }

    /// Whole weeks from `self` to `later` (negative when `later` is earlier).
    pub fn weeks_until(self, later: Week) -> i64 {
        (later.start - self.start).num_days().div_euclid(7)
    }

    /// The label, as described on [`Week`].
    pub fn label(self) -> String {
        self.to_string()
    }

    /// Reads a label for weeks starting on `week_start`.
    ///
    /// A label without a suffix is read as naming the week of `week_start`
    /// weeks whose fourth day is in that ISO week; a suffix, when present,
    /// must name `week_start`.
    ///
    /// # Errors
    ///
    /// [`WeekLabelError`] when the text is malformed, names a week 53 its
    /// year lacks, or carries a suffix for another week start.
    pub fn parse(label: &str, week_start: DayOfWeek) -> Result<Week, WeekLabelError> {
        let malformed = || WeekLabelError::Malformed(label.to_string());
        let bytes = label.as_bytes();
        // YYYY-Www is 8 bytes; the suffix adds 4 (`-sun`).
        if !(bytes.len() == 8 || bytes.len() == 12) || !label.is_ascii() {
            return Err(malformed());
        }
        let year_text = label.get(0..4).ok_or_else(malformed)?;
        let week_text = label.get(6..8).ok_or_else(malformed)?;
        if label.get(4..6) != Some("-W")
            || !year_text.bytes().all(|b| b.is_ascii_digit())
            || !week_text.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(malformed());
        }
        let year: i32 = year_text.parse().map_err(|_| malformed())?;
        let week: u32 = week_text.parse().map_err(|_| malformed())?;
        if bytes.len() == 12 {
            let suffix = label.get(8..12).ok_or_else(malformed)?;
            let day = suffix
                .strip_prefix('-')
                .and_then(|s| DayOfWeek::ALL.into_iter().find(|d| d.abbreviation() == s))
                .ok_or_else(malformed)?;
            if day != week_start {
                return Err(WeekLabelError::WrongWeekStart {
                    label: label.to_string(),
                    found: day,
                    expected: week_start,
                });
            }
        }
        if year < MIN_YEAR || week == 0 {
            return Err(malformed());
        }
        let weeks_in_year = iso_weeks_in_year(year).ok_or_else(malformed)?;
        if week > weeks_in_year {
            return Err(WeekLabelError::NoSuchWeek(
                label.to_string(),
                year,
                weeks_in_year,
            ));
        }
        // The fourth day of the week is `week_start + 3`; it lies in ISO week `week`.
        let fourth = DayOfWeek::ALL
            .into_iter()
            .cycle()
            .nth(usize::from(week_start.days_from_monday()) + 3)
            .ok_or_else(malformed)?;
        let fourth_date =
            NaiveDate::from_isoywd_opt(year, week, fourth.to_chrono()).ok_or_else(malformed)?;
        let start = fourth_date
            .checked_sub_days(Days::new(3))
            .ok_or_else(malformed)?;
        Week::starting_on(start).map_err(|_| malformed())
    }
}

/// How many ISO weeks (52 or 53) `year` has, or `None` outside chrono's range.
pub fn iso_weeks_in_year(year: i32) -> Option<u32> {
    // 28 December always lies in the last ISO week of its year.
    NaiveDate::from_ymd_opt(year, 12, 28).map(|d| d.iso_week().week())
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fourth = self
            .start
            .checked_add_days(Days::new(3))
            .unwrap_or(self.start);
        let iso = fourth.iso_week();
        write!(f, "{:04}-W{:02}", iso.year(), iso.week())?;
        let day = self.start_day();
        if day != DayOfWeek::Monday {
            write!(f, "-{}", day.abbreviation())?;
        }
        Ok(())
    }
}

/// The exact UTC interval of a week, half-open: `start <= t < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WeekInterval {
    /// First instant of the week.
    pub start: DateTime<Utc>,
    /// First instant of the following week.
    pub end: DateTime<Utc>,
}

impl WeekInterval {
    /// The real elapsed length of the week.
    pub fn duration(&self) -> chrono::TimeDelta {
        self.end - self.start
    }

    /// The length in whole hours (167, 168 or 169 around DST changes in most zones).
    pub fn duration_hours(&self) -> i64 {
        self.duration().num_hours()
    }

    /// Whether `instant` lies in the week.
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.start <= instant && instant < self.end
    }
}

/// An organisation's calendar: zone, week start, working days, public holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    zone: Tz,
    week_start: DayOfWeek,
    working_days: WorkingDays,
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar in `zone` whose weeks start on `week_start`, working Monday
    /// to Friday, with no public holidays.
    pub fn new(zone: Tz, week_start: DayOfWeek) -> Calendar {
        Calendar {
            zone,
            week_start,
            working_days: WorkingDays::default(),
            holidays: BTreeSet::new(),
        }
    }

    /// Like [`Calendar::new`], reading the zone by its IANA name (`Europe/London`).
    ///
    /// # Errors
    ///
    /// [`CalendarError::UnknownTimeZone`] when the name is not an IANA zone.
    pub fn from_zone_name(zone: &str, week_start: DayOfWeek) -> Result<Calendar, CalendarError> {
        Ok(Calendar::new(parse_zone(zone)?, week_start))
    }

    /// The same calendar with other working days.
    pub fn with_working_days(mut self, working_days: WorkingDays) -> Calendar {
        self.working_days = working_days;
        self
    }

    /// The same calendar with these public holidays (local dates) added.
    pub fn with_holidays(mut self, holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        self.holidays.extend(holidays);
        self
    }

    /// The IANA zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The day weeks start on.
    pub fn week_start(&self) -> DayOfWeek {
        self.week_start
    }

    /// The working weekdays.
    pub fn working_days(&self) -> WorkingDays {
        self.working_days
    }

    /// The public holidays, in date order.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// Whether `date` is a public holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    /// Whether `date` is a working day: a working weekday that is no public holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.working_days
            .contains(DayOfWeek::from_chrono(date.weekday()))
            && !self.is_holiday(date)
    }

    /// Working days from `from` to `to`, both inclusive (0 when `to < from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to < from {
            return 0;
        }
        let days = (to - from).num_days();
        let (weeks, rest) = (days / 7, days % 7 + 1);
        // Whole weeks hold `per_week` working weekdays each; the rest is counted
        // day by day. Holidays are then taken off, one look-up per holiday in range.
        let mut count = u64::try_from(weeks).unwrap_or(0) * u64::from(self.working_days.per_week());
        let tail_start = from.checked_add_days(Days::new(u64::try_from(weeks * 7).unwrap_or(0)));
        if let Some(tail_start) = tail_start {
            for i in 0..u64::try_from(rest).unwrap_or(0) {
                if let Some(d) = tail_start.checked_add_days(Days::new(i))
                    && self
                        .working_days
                        .contains(DayOfWeek::from_chrono(d.weekday()))
                {
                    count += 1;
                }
            }
        }
        let holidays_on_working_days = self
            .holidays
            .range(from..=to)
            .filter(|d| {
                self.working_days
                    .contains(DayOfWeek::from_chrono(d.weekday()))
            })
            .count();
        let count = count.saturating_sub(holidays_on_working_days as u64);
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// The week (of this calendar) that holds the local date `date`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the years 0001 to 9999.
    pub fn week_of_date(&self, date: NaiveDate) -> Result<Week, CalendarError> {
        let offset = (7 + i64::from(date.weekday().num_days_from_monday())
            - i64::from(self.week_start.days_from_monday()))
            % 7;
        let start = date
            .checked_sub_days(Days::new(u64::try_from(offset).unwrap_or(0)))
            .ok_or_else(|| CalendarError::OutOfRange(date.to_string()))?;
        Week::starting_on(start)
    }

    /// The week that holds `instant`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the years 0001 to 9999.
    pub fn week_of_instant(&self, instant: DateTime<Utc>) -> Result<Week, CalendarError> {
        let local = instant.with_timezone(&self.zone).date_naive();
        let mut week = self.week_of_date(local)?;
        // The local date nearly always names the week; only where a zone moves
        // its clock back across a week's first midnight can the instant sit in
        // a neighbouring week. Week boundaries are the source of truth.
        for _ in 0..3 {
            let interval = self.week_interval(week)?;
            if instant < interval.start {
                week = week.previous()?;
            } else if instant >= interval.end {
                week = week.next()?;
            } else {
                break;
            }
        }
        Ok(week)
    }

    /// The exact UTC interval of `week`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when the week lies at the edge of the supported range.
    pub fn week_interval(&self, week: Week) -> Result<WeekInterval, CalendarError> {
        let next = week.next()?;
        Ok(WeekInterval {
            start: self.start_of_day(week.start_date())?,
            end: self.start_of_day(next.start_date())?,
        })
    }

    /// The first instant of the local day `date`: local midnight, or, where a
    /// DST gap swallows midnight (or, as in `Pacific/Apia` on 30 December
    /// 2011, the whole day), the first instant after the gap. Where midnight
    /// happens twice, the earlier.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the years 0001 to 9999.
    pub fn start_of_day(&self, date: NaiveDate) -> Result<DateTime<Utc>, CalendarError> {
        if !in_supported_range(date) {
            return Err(CalendarError::OutOfRange(date.to_string()));
        }
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        match self.zone.from_local_datetime(&midnight) {
            LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, b) => Ok(a.min(b).with_timezone(&Utc)),
            LocalResult::None => self
                .first_instant_at_or_after(midnight)
                .ok_or_else(|| CalendarError::OutOfRange(date.to_string())),
        }
    }

    /// The local date of `instant` in this calendar's zone.
    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.zone).date_naive()
    }

    /// Inside a gap: the first instant whose local wall time is at or after
    /// `local`, found by bisection over the +-30 hours any UTC offset allows.
    fn first_instant_at_or_after(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        const SPAN: i64 = 30 * 3600;
        let naive_seconds = local.and_utc().timestamp();
        let (mut lo, mut hi) = (naive_seconds - SPAN, naive_seconds + SPAN);
        let wall = |t: i64| {
            DateTime::from_timestamp(t, 0).map(|utc| utc.with_timezone(&self.zone).naive_local())
        };
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if wall(mid)? >= local {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        DateTime::from_timestamp(hi, 0)
    }

    /// The weeks from `first` to `last`, both included (empty when `last < first`).
    pub fn weeks_between(&self, first: Week, last: Week) -> Vec<Week> {
        let mut weeks = Vec::new();
        let mut week = first;
        while week <= last {
            weeks.push(week);
            match week.next() {
                Ok(next) => week = next,
                Err(_) => break,
            }
        }
        weeks
    }

    /// Reads a week label for this calendar (see [`Week`]).
    ///
    /// # Errors
    ///
    /// [`WeekLabelError`] as for [`Week::parse`].
    pub fn parse_week(&self, label: &str) -> Result<Week, WeekLabelError> {
        Week::parse(label, self.week_start)
    }
}

/// The weeks of a period with their exact boundaries, for fast look-ups.
///
/// `bounds_ms` holds `weeks.len() + 1` instants (milliseconds since the Unix
/// epoch): week `i` is `[bounds_ms[i], bounds_ms[i + 1])`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekGrid {
    weeks: Vec<Week>,
    bounds_ms: Vec<i64>,
}

impl WeekGrid {
    /// The weeks, in order.
    pub fn weeks(&self) -> &[Week] {
        &self.weeks
    }

    /// The `weeks().len() + 1` week boundaries, in milliseconds since the epoch.
    pub fn bounds_ms(&self) -> &[i64] {
        &self.bounds_ms
    }

    /// How many weeks the grid has.
    pub fn len(&self) -> usize {
        self.weeks.len()
    }

    /// Whether the grid has no weeks.
    pub fn is_empty(&self) -> bool {
        self.weeks.is_empty()
    }

    /// First instant of the first week (ms).
    pub fn start_ms(&self) -> i64 {
        self.bounds_ms.first().copied().unwrap_or(0)
    }

    /// First instant after the last week (ms).
    pub fn end_ms(&self) -> i64 {
        self.bounds_ms.last().copied().unwrap_or(0)
    }

    /// The index of the week holding the instant `ms`, if any.
    ///
    /// A week lasts seven days give or take the zone's offset changes (an
    /// hour, rarely more), so the elapsed time divided by seven days lands
    /// on the week or next to it; the bounds then correct the guess, a
    /// step at a time (one step at most in every zone there is). This is
    /// the engine's look-up per record, where a binary search over the
    /// bounds cost more.
    pub fn index_of_ms(&self, ms: i64) -> Option<usize> {
        let start = self.start_ms();
        if ms < start || ms >= self.end_ms() {
            return None;
        }
        const WEEK_MS: i64 = 7 * 24 * 3_600_000;
        let last = self.weeks.len().saturating_sub(1);
        let mut index = usize::try_from((ms - start) / WEEK_MS).map_or(last, |i| i.min(last));
        // Week `index` is [bounds[index], bounds[index + 1]); bounds[0] <= ms
        // and bounds[last + 1] > ms, so both walks stop inside the grid.
        while index > 0 && self.bounds_ms.get(index).is_some_and(|b| *b > ms) {
            index -= 1;
        }
        while index < last && self.bounds_ms.get(index + 1).is_some_and(|b| *b <= ms) {
            index += 1;
        }
        Some(index)
    }

    /// The index of `week` in the grid, if it is one of its weeks.
    pub fn index_of_week(&self, week: Week) -> Option<usize> {
        self.weeks.binary_search(&week).ok()
    }

    /// Week `index`'s interval in milliseconds, if the index is in range.
    pub fn interval_ms(&self, index: usize) -> Option<(i64, i64)> {
        Some((*self.bounds_ms.get(index)?, *self.bounds_ms.get(index + 1)?))
    }
}

impl Calendar {
    /// The weeks from `first` to `last` (inclusive) with their exact boundaries.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] at the edges of the supported range.
    pub fn grid(&self, first: Week, last: Week) -> Result<WeekGrid, CalendarError> {
        let weeks = self.weeks_between(first, last);
        let mut bounds_ms = Vec::with_capacity(weeks.len() + 1);
        for week in &weeks {
            bounds_ms.push(self.start_of_day(week.start_date())?.timestamp_millis());
        }
        if let Some(last) = weeks.last() {
            bounds_ms.push(
                self.start_of_day(last.next()?.start_date())?
                    .timestamp_millis(),
            );
        }
        Ok(WeekGrid { weeks, bounds_ms })
    }
}

/// Reads an IANA zone name (exact case, as the database spells it).
///
/// # Errors
///
/// [`CalendarError::UnknownTimeZone`] when the name is not in the database.
pub fn parse_zone(name: &str) -> Result<Tz, CalendarError> {
    name.parse::<Tz>()
        .map_err(|_| CalendarError::UnknownTimeZone(name.to_string()))
}

#[cfg(test)]
mod tests;
