//! The organisation: teams, the roster, engagement, leave and bank holidays.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::rng::{Draw, Purpose, Streams};
use crate::{Engagement, GenerateOptions};

/// Teams and their relative sizes. Two small teams (`Legal`, `Executive
/// Office`) are added with fixed sizes so that per-team reports have cells
/// to suppress.
const TEAMS: [(&str, u32); 7] = [
    ("Marketing", 24),
    ("Client Services", 20),
    ("Data & Insight", 17),
    ("Creative", 15),
    ("Digital", 13),
    ("Finance", 6),
    ("People", 5),
];

/// The small teams and their sizes (only with at least 40 learners): too
/// small to show even when folded together, so reports suppress them.
const SMALL_TEAMS: [(&str, usize); 2] = [("Legal", 2), ("Executive Office", 2)];

/// Part-time FTEs (tenths) and their weights among part-timers.
const PART_TIME_TENTHS: [(u8, u32); 3] = [(8, 45), (6, 35), (5, 20)];

/// One roster row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    /// The learner's id (`e0001`).
    pub learner_id: String,
    /// First day employed, when known.
    pub start_date: Option<NaiveDate>,
    /// Last day employed, for a leaver.
    pub end_date: Option<NaiveDate>,
    /// FTE in tenths (10 is full-time; written empty).
    pub fte_tenths: u8,
    /// The team.
    pub team: String,
}

impl RosterEntry {
    /// The FTE as written in `roster.csv` (`0.6`), or `None` for full-time.
    pub fn fte_text(&self) -> Option<String> {
        (self.fte_tenths < 10).then(|| format!("0.{}", self.fte_tenths))
    }

    /// Whether the learner is employed on `date`.
    pub fn employed_on(&self, date: NaiveDate) -> bool {
        self.start_date.is_none_or(|s| s <= date) && self.end_date.is_none_or(|e| date <= e)
    }
}

/// One leave row (dates inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveEntry {
    /// The learner.
    pub learner_id: String,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// `annual`, `sick`, `parental` or `other`.
    pub kind: &'static str,
}

/// One public holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name.
    pub name: &'static str,
}

/// Everything the generator decided about one learner.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerPlan {
    /// The roster row.
    pub entry: RosterEntry,
    /// The engagement the learner was drawn from.
    pub engagement: Engagement,
    /// Week slots (from 0, in the period) in which the learner owes time.
    pub eligible_weeks: Vec<u32>,
    /// Of those, the weeks the learner's sessions meet the requirement.
    pub met_weeks: Vec<u32>,
    /// A learner who records no learning at all in the period (some of
    /// those who rarely learn).
    pub dormant: bool,
    /// Minutes owed in each week of the period (0 when nothing is owed).
    pub(crate) required: Vec<u32>,
    /// Working days available in each week of the period (for session
    /// placement), one byte a week: bit `d` set when the week's day `d`
    /// (0 Monday .. 4 Friday) is available. A byte, not a list of dates:
    /// at 10^8 records (1.8 million learners x 52 weeks) the lists were
    /// 5.5 GB of the generator's 6.2 GB.
    pub(crate) available: Vec<u8>,
    /// Where the learner writes self-reported records from: 0 London, 1 Paris, 2 New York.
    pub(crate) home_zone: u8,
    /// Preferred hour to start learning (local).
    pub(crate) preferred_hour: u32,
}

impl LearnerPlan {
    /// Whether the learner's sessions in week slot `week` meet the requirement.
    pub fn meets(&self, week: u32) -> bool {
        self.met_weeks.binary_search(&week).is_ok()
    }
}

/// The bank holidays of England and Wales in `year`, by their standing rules
/// (New Year's Day, Good Friday, Easter Monday, the early May, spring and
/// summer bank holidays, Christmas Day and Boxing Day, with substitute days
/// for weekends). One-off holidays (coronations, jubilees) are not included.
pub fn england_and_wales_bank_holidays(year: i32) -> Vec<Holiday> {
    let mut days = Vec::new();
    let date = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let next_weekday = |mut d: NaiveDate, taken: &[NaiveDate]| {
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || taken.contains(&d) {
            d = d.succ_opt().unwrap_or(d);
        }
        d
    };
    if let Some(d) = date(1, 1) {
        days.push(Holiday {
            date: next_weekday(d, &[]),
            name: "New Year's Day",
        });
    }
    if let Some(easter) = easter_sunday(year) {
        if let Some(d) = easter.checked_sub_days(Days::new(2)) {
            days.push(Holiday {
                date: d,
                name: "Good Friday",
            });
        }
        if let Some(d) = easter.checked_add_days(Days::new(1)) {
            days.push(Holiday {
                date: d,
                name: "Easter Monday",
            });
        }
    }
    let first_monday = |m: u32| NaiveDate::from_weekday_of_month_opt(year, m, Weekday::Mon, 1);
    let last_monday = |m: u32| {
        NaiveDate::from_weekday_of_month_opt(year, m, Weekday::Mon, 5)
            .or_else(|| NaiveDate::from_weekday_of_month_opt(year, m, Weekday::Mon, 4))
    };
    if let Some(d) = first_monday(5) {
        days.push(Holiday {
            date: d,
            name: "Early May bank holiday",
        });
    }
    if let Some(d) = last_monday(5) {
        days.push(Holiday {
            date: d,
            name: "Spring bank holiday",
        });
    }
    if let Some(d) = last_monday(8) {
        days.push(Holiday {
            date: d,
            name: "Summer bank holiday",
        });
    }
    if let (Some(christmas), Some(boxing)) = (date(12, 25), date(12, 26)) {
        let christmas = next_weekday(christmas, &[]);
        let boxing = next_weekday(boxing, &[christmas]);
        days.push(Holiday {
            date: christmas,
            name: "Christmas Day",
        });
        days.push(Holiday {
            date: boxing,
            name: "Boxing Day",
        });
    }
    days.sort_by_key(|h| h.date);
    days
}

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Splits `total` into parts proportional to `weights` (largest remainder,
/// ties to the earlier part), so the parts always add up to `total`.
pub(crate) fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let total_u = total as u128;
    let mut parts: Vec<usize> = weights
        .iter()
        .map(|w| (total_u * u128::from(*w) / u128::from(sum)) as usize)
        .collect();
    let mut remainders: Vec<(u128, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| ((total_u * u128::from(*w)) % u128::from(sum), i))
        .collect();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let short = total.saturating_sub(parts.iter().sum());
    for (_, i) in remainders.into_iter().take(short) {
        if let Some(p) = parts.get_mut(i) {
            *p += 1;
        }
    }
    parts
}

/// Shares as integer weights (parts per million).
pub(crate) fn ppm(share: f64) -> u64 {
    if share.is_finite() && share > 0.0 {
        (share * 1_000_000.0).round() as u64
    } else {
        0
    }
}

/// The organisation as generated: learners in id order, leave and holidays.
#[derive(Debug, Clone)]
pub(crate) struct Organisation {
    pub learners: Vec<LearnerPlan>,
    pub leave: Vec<LeaveEntry>,
    pub holidays: Vec<Holiday>,
}

/// The period's dates: the first day of each week slot.
pub(crate) struct PeriodDates {
    pub week_starts: Vec<NaiveDate>,
}

impl PeriodDates {
    pub(crate) fn new(first: NaiveDate, weeks: u32) -> PeriodDates {
        let week_starts = (0..u64::from(weeks))
            .filter_map(|w| first.checked_add_days(Days::new(w * 7)))
            .collect();
        PeriodDates { week_starts }
    }

    pub(crate) fn first(&self) -> Option<NaiveDate> {
        self.week_starts.first().copied()
    }

    /// The last day of the period.
    pub(crate) fn last(&self) -> Option<NaiveDate> {
        self.week_starts
            .last()
            .and_then(|d| d.checked_add_days(Days::new(6)))
    }

    pub(crate) fn day(&self, offset: u64) -> Option<NaiveDate> {
        self.first()
            .and_then(|d| d.checked_add_days(Days::new(offset)))
    }

    pub(crate) fn days(&self) -> u64 {
        self.week_starts.len() as u64 * 7
    }
}

fn draw_employment(
    draw: &mut Draw,
    period: &PeriodDates,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let days = period.days();
    let (Some(first), Some(last)) = (period.first(), period.last()) else {
        return (None, None);
    };
    let roll = draw.below(1000);
    let back = |draw: &mut Draw, min: u64, max: u64| {
        first.checked_sub_days(Days::new(draw.between(min, max)))
    };
    let forward = |draw: &mut Draw, min: u64, max: u64| {
        last.checked_add_days(Days::new(draw.between(min, max)))
    };
    match roll {
        // A joiner inside the period (not in its last week).
        0..60 => (period.day(draw.between(1, days.saturating_sub(8))), None),
        // A leaver inside the period (not in its first week).
        60..110 => (
            back(draw, 200, 3000),
            period.day(draw.between(7, days.saturating_sub(2))),
        ),
        // Joins after the period: in the roster export, owes nothing yet.
        110..118 => (forward(draw, 3, 40), None),
        // Left just before the period, still in the export.
        118..124 => (back(draw, 400, 2000), back(draw, 3, 30)),
        // Employed throughout, start date unknown.
        124..260 => (None, None),
        // Employed throughout, with a start date.
        _ => (back(draw, 14, 4000), None),
    }
}

fn draw_leave(draw: &mut Draw, learner: &str, period: &PeriodDates, leave: &mut Vec<LeaveEntry>) {
    let weeks = period.week_starts.len() as u64;
    let first = leave.len();
    // Ranges of one learner never overlap (an overlap would be a data error
    // the validator warns about): a range that would is not taken.
    let mut push = |from: Option<NaiveDate>, to: Option<NaiveDate>, kind: &'static str| {
        if let (Some(from), Some(to)) = (from, to)
            && from <= to
            && !leave
                .get(first..)
                .unwrap_or_default()
                .iter()
                .any(|l| l.from <= to && from <= l.to)
        {
            leave.push(LeaveEntry {
                learner_id: learner.to_string(),
                from,
                to,
                kind,
            });
        }
    };
    // Annual leave: most people take some in ten weeks; some take a week.
    let annual_ranges = match draw.below(100) {
        0..40 => 0,
        40..85 => 1,
        _ => 2,
    };
    for _ in 0..annual_ranges {
        // One week slot either side of the period too: ranges may straddle it.
        let slot = draw.below(weeks + 2);
        let monday = period
            .first()
            .and_then(|d| d.checked_add_days(Days::new(slot * 7)))
            .and_then(|d| d.checked_sub_days(Days::new(7)));
        let Some(monday) = monday else { continue };
        match draw.below(100) {
            // A whole working week.
            0..40 => push(
                Some(monday),
                monday.checked_add_days(Days::new(4)),
                "annual",
            ),
            // A whole week, weekend included.
            40..50 => push(
                Some(monday),
                monday.checked_add_days(Days::new(6)),
                "annual",
            ),
            // A long weekend or a few days.
            _ => {
                let start = draw.below(5);
                let length = draw.between(1, 3);
                let from = monday.checked_add_days(Days::new(start));
                let to = monday.checked_add_days(Days::new((start + length - 1).min(4)));
                push(from, to, "annual");
            }
        }
    }
    // Sickness: one to three consecutive days.
    if draw.chance(0.15) {
        let from = period.day(draw.below(period.days()));
        let to = from.and_then(|d| d.checked_add_days(Days::new(draw.below(3))));
        push(from, to, "sick");
    }
    // Parental leave: many weeks.
    if draw.chance(0.006) {
        let from = period.day(draw.below(period.days() / 2 + 1));
        let to = from.and_then(|d| d.checked_add_days(Days::new(draw.between(42, 120))));
        push(from, to, "parental");
    }
    // Other leave: a single day.
    if draw.chance(0.03) {
        let day = period.day(draw.below(period.days()));
        push(day, day, "other");
    }
}

/// Draws how many of `eligible` weeks a learner of `engagement` meets, so
/// that their met-week rate falls inside the band (when the band can hold it).
fn draw_met_count(draw: &mut Draw, engagement: Engagement, eligible: u64) -> u64 {
    if eligible == 0 {
        return 0;
    }
    // Band edges of the default thresholds: most >= 3/4, some >= 1/4.
    let most_min = (3 * eligible).div_ceil(4);
    let some_min = eligible.div_ceil(4);
    let (lo, hi) = match engagement {
        Engagement::MostWeeks => (most_min.max((4 * eligible).div_ceil(5)), eligible),
        Engagement::SomeWeeks => (
            some_min.max((3 * eligible).div_ceil(10)),
            most_min.saturating_sub(1),
        ),
        Engagement::Rarely => (0, some_min.saturating_sub(1).min(eligible / 5)),
    };
    if lo > hi {
        // A band too narrow for so few weeks: the nearest count.
        return match engagement {
            Engagement::MostWeeks => eligible,
            Engagement::SomeWeeks => some_min.min(eligible),
            Engagement::Rarely => 0,
        };
    }
    draw.between(lo, hi)
}

pub(crate) fn build(
    options: &GenerateOptions,
    streams: &Streams,
    holidays: &BTreeSet<NaiveDate>,
) -> Organisation {
    let period = PeriodDates::new(options.first_week.start_date(), options.weeks);
    let n = options.learners as usize;
    let width = options.learners.to_string().len().max(4);
    let mut org = streams.stream(Purpose::Organisation, 0, 0);

    // Teams: the small ones first (fixed sizes), the rest by weight.
    let mut teams: Vec<(&str, usize)> = Vec::new();
    let mut rest = n;
    if n >= 40 {
        for (name, size) in SMALL_TEAMS {
            teams.push((name, size));
            rest -= size;
        }
    }
    let weights: Vec<u64> = TEAMS.iter().map(|(_, w)| u64::from(*w)).collect();
    for ((name, _), size) in TEAMS.iter().zip(apportion(rest, &weights)) {
        teams.push((name, size));
    }
    let mut team_of: Vec<&str> = teams
        .iter()
        .flat_map(|(name, size)| std::iter::repeat_n(*name, *size))
        .collect();
    org.shuffle(&mut team_of);

    // Engagement: exact counts by the mix, then shuffled.
    let mix = [
        options.engagement_mix.most_weeks,
        options.engagement_mix.some_weeks,
        options.engagement_mix.rarely,
    ];
    let counts = apportion(n, &mix.map(ppm));
    let mut engagement_of: Vec<Engagement> = [
        Engagement::MostWeeks,
        Engagement::SomeWeeks,
        Engagement::Rarely,
    ]
    .into_iter()
    .zip(counts)
    .flat_map(|(e, c)| std::iter::repeat_n(e, c))
    .collect();
    org.shuffle(&mut engagement_of);

    // Part-timers: exact count, then shuffled.
    let part_timers = apportion(
        n,
        &[
            ppm(options.part_time_share),
            ppm(1.0 - options.part_time_share),
        ],
    );
    let mut part_time: Vec<bool> =
        std::iter::repeat_n(true, part_timers.first().copied().unwrap_or(0))
            .chain(std::iter::repeat_n(
                false,
                part_timers.get(1).copied().unwrap_or(n),
            ))
            .collect();
    org.shuffle(&mut part_time);

    let mut learners = Vec::with_capacity(n);
    let mut leave = Vec::new();
    for i in 0..n {
        let mut draw = streams.stream(Purpose::Person, i as u64, 0);
        let learner_id = format!("e{:0width$}", i + 1);
        let (start_date, end_date) = draw_employment(&mut draw, &period);
        let fte_tenths = if part_time.get(i).copied().unwrap_or(false) {
            let weights: Vec<u32> = PART_TIME_TENTHS.iter().map(|(_, w)| *w).collect();
            PART_TIME_TENTHS
                .get(draw.weighted(&weights))
                .map_or(10, |(t, _)| *t)
        } else {
            10
        };
        let entry = RosterEntry {
            learner_id: learner_id.clone(),
            start_date,
            end_date,
            fte_tenths,
            team: team_of.get(i).copied().unwrap_or("Marketing").to_string(),
        };
        let first_leave = leave.len();
        draw_leave(&mut draw, &learner_id, &period, &mut leave);
        let own_leave = leave.get(first_leave..).unwrap_or_default();

        // What each week owes and where there is time to learn.
        let mut required = Vec::with_capacity(period.week_starts.len());
        let mut available = Vec::with_capacity(period.week_starts.len());
        for monday in &period.week_starts {
            let mut days = 0_u8;
            for d in 0..5_u8 {
                let Some(date) = monday.checked_add_days(Days::new(u64::from(d))) else {
                    continue;
                };
                if !holidays.contains(&date)
                    && entry.employed_on(date)
                    && !own_leave.iter().any(|l| l.from <= date && date <= l.to)
                {
                    days |= 1 << d;
                }
            }
            // 60 x fte x available / 5, rounded up once, as the engine does.
            let owed = (u64::from(options.minutes_per_week)
                * u64::from(fte_tenths)
                * u64::from(days.count_ones()))
            .div_ceil(50);
            required.push(u32::try_from(owed).unwrap_or(u32::MAX));
            available.push(days);
        }
        let eligible_weeks: Vec<u32> = (0..options.weeks)
            .filter(|w| required.get(*w as usize).is_some_and(|m| *m > 0))
            .collect();
        let engagement = engagement_of
            .get(i)
            .copied()
            .unwrap_or(Engagement::SomeWeeks);
        let met = draw_met_count(&mut draw, engagement, eligible_weeks.len() as u64) as usize;
        let mut order = eligible_weeks.clone();
        draw.shuffle(&mut order);
        let mut met_weeks: Vec<u32> = order.into_iter().take(met).collect();
        met_weeks.sort_unstable();
        let dormant = met == 0 && engagement == Engagement::Rarely && draw.chance(0.6);
        let home_zone = match draw.below(100) {
            0..84 => 0,
            84..94 => 1,
            _ => 2,
        };
        let preferred_hour = [8, 9, 9, 10, 11, 12, 13, 14, 15, 16]
            .get(draw.below(10) as usize)
            .copied()
            .unwrap_or(9);
        learners.push(LearnerPlan {
            entry,
            engagement,
            eligible_weeks,
            met_weeks,
            dormant,
            required,
            available,
            home_zone,
            preferred_hour,
        });
    }
    leave.sort_by(|a, b| {
        (a.learner_id.as_str(), a.from, a.to).cmp(&(b.learner_id.as_str(), b.from, b.to))
    });
    let holidays = holidays_around(&period);
    Organisation {
        learners,
        leave,
        holidays,
    }
}

/// The bank holidays from a week before the period to a week after it.
pub(crate) fn holidays_around(period: &PeriodDates) -> Vec<Holiday> {
    let (Some(first), Some(last)) = (period.first(), period.last()) else {
        return Vec::new();
    };
    let from = first.checked_sub_days(Days::new(7)).unwrap_or(first);
    let to = last.checked_add_days(Days::new(7)).unwrap_or(last);
    (from.year()..=to.year())
        .flat_map(england_and_wales_bank_holidays)
        .filter(|h| from <= h.date && h.date <= to)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_holidays_follow_the_rules() {
        let dates = |y| -> Vec<String> {
            england_and_wales_bank_holidays(y)
                .iter()
                .map(|h| h.date.to_string())
                .collect()
        };
        assert_eq!(
            dates(2026),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28"
            ]
        );
        // Christmas on a Saturday, Boxing Day on a Sunday: Monday and Tuesday.
        assert_eq!(
            dates(2027),
            [
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-08-30",
                "2027-12-27",
                "2027-12-28"
            ]
        );
        // New Year's Day on a Saturday.
        assert_eq!(dates(2028).first().map(String::as_str), Some("2028-01-03"));
    }

    #[test]
    fn apportion_adds_up() {
        assert_eq!(apportion(10, &[1, 1, 1]), [4, 3, 3]);
        assert_eq!(apportion(150, &[350_000, 390_000, 260_000]), [53, 58, 39]);
        assert_eq!(apportion(0, &[1, 2]), [0, 0]);
        assert_eq!(apportion(5, &[0, 0]), [0, 0]);
    }
}
