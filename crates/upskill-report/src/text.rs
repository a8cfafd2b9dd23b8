//! The text report: verdict first, then the criteria, the organisation's
//! figures, bands beside the DMA pilot's, the weekly rate, teams, the
//! learners most behind and the ledger. Every line fits 100 columns.

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use upskill_diagnostics::printable;
use upskill_policy::{Assessment, Band, CriterionName, LearnerResult, Verdict};

use crate::numbers::{decided, decided_percent, instant, meets, threshold};
use crate::style::Style;

/// The widest line the report writes.
pub const WIDTH: usize = 100;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Colour or not.
    pub style: Style,
    /// Learners listed as most behind.
    pub most_behind: usize,
    /// Rejected records listed (the rest are counted).
    pub rejections_shown: usize,
}

impl TextOptions {
    /// The command's defaults (10 learners most behind, 20 rejections) in `style`.
    pub fn new(style: Style) -> TextOptions {
        TextOptions {
            style,
            most_behind: 10,
            rejections_shown: 20,
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate as a percentage with one decimal (`53.6%`), or `-`.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// A rate of the team table as an approximate whole percent (`≈98%`), or
/// `-`: team rates come from counts rounded to a base of 5 (docs/rules.md,
/// "Disclosure control"), so a decimal would claim a precision they lack
/// (docs/report.md, "Teams").
pub fn approx_percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("≈{:.0}%", r * 100.0))
}

/// `part / whole` as a rate, when `whole > 0`.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// At most `width` characters: longer text is cut, ending in `~`.
///
/// Text from input is made [`printable`] first (nothing in it reaches the
/// terminal raw), and widths are display columns (`unicode-width`): a wide
/// character takes two, a combining mark none.
pub fn fit(text: &str, width: usize) -> String {
    let clean = printable(text);
    if clean.width() <= width {
        return clean.into_owned();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(1) {
            break;
        }
        cut.push(c);
        used += w;
    }
    cut.push('~');
    cut
}

/// Columns `text` takes on a terminal: display width, less the colour
/// sequences the report itself writes.
fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => n += c.width().unwrap_or(0),
        }
    }
    n
}

/// Words wrapped to `width`, leading spaces kept, each line after the
/// first indented by `indent`.
pub(crate) fn wrap(text: &str, width: usize, indent: &str) -> String {
    let lead: String = text.chars().take_while(|c| *c == ' ').collect();
    let mut out = String::new();
    let mut line = lead;
    let mut empty = true;
    for word in text.split_whitespace() {
        let limit = width.saturating_sub(indent.len() + 1);
        let word = if visible_len(word) > limit {
            fit(word, limit)
        } else {
            word.to_string()
        };
        if !empty && visible_len(&line) + 1 + visible_len(&word) > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    out.push_str(&line);
    out
}

/// A bar of `width` cells for `rate`, with `|` at the target.
fn bar(rate: Option<f64>, target: Option<f64>, width: usize) -> String {
    let filled = rate.map_or(0, |r| ((r.clamp(0.0, 1.0) * width as f64).round()) as usize);
    let mark = target.map(|t| {
        ((t.clamp(0.0, 1.0) * width as f64).round() as usize).min(width.saturating_sub(1))
    });
    (0..width)
        .map(|i| {
            if Some(i) == mark {
                '|'
            } else if i < filled {
                '#'
            } else {
                '.'
            }
        })
        .collect()
}

/// The verdict as a headline word.
pub fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "MET",
        Verdict::NotMet => "NOT MET",
        Verdict::OnTrack => "ON TRACK",
        Verdict::AtRisk => "AT RISK",
        Verdict::InsufficientData => "INSUFFICIENT DATA",
    }
}

/// The target rate of the learner-week-rate criterion, if judged.
pub fn rate_target(assessment: &Assessment) -> Option<f64> {
    assessment
        .criteria
        .iter()
        .find(|c| c.name == CriterionName::LearnerWeekRate)
        .map(|c| c.threshold)
}

/// The learners most behind: lowest met-week rate, then most minutes missing.
pub fn most_behind(assessment: &Assessment, n: usize) -> Vec<&LearnerResult> {
    let mut learners: Vec<&LearnerResult> = assessment
        .learners
        .iter()
        .filter(|l| l.eligible_weeks > 0)
        .collect();
    learners.sort_by(|a, b| {
        let rate = |l: &LearnerResult| {
            u64::from(l.met_weeks) * 1_000_000 / u64::from(l.eligible_weeks.max(1))
        };
        rate(a)
            .cmp(&rate(b))
            .then(b.missing_minutes.cmp(&a.missing_minutes))
            .then(a.learner_id.cmp(&b.learner_id))
    });
    learners.truncate(n);
    learners
}

/// The DMA pilot's share of learners in a band ("just over a third", 39%, 26%).
pub fn dma_share(band: Band) -> &'static str {
    match band {
        Band::MostWeeks => "just over 1/3",
        Band::SomeWeeks => "39%",
        Band::Rarely => "26%",
    }
}

/// Renders the report.
pub fn render(a: &Assessment, options: &TextOptions) -> String {
    let s = options.style;
    let mut out = String::new();
    let target = rate_target(a);

    // Verdict first.
    let word = verdict_word(a.verdict);
    let headline = if a.verdict.is_positive() {
        s.good(word)
    } else {
        s.bad(word)
    };
    let _ = writeln!(
        out,
        "{} {}   {}",
        s.bold("Verdict:"),
        headline,
        s.dim(&format!("({} mode)", a.organisation.mode))
    );
    let _ = writeln!(out, "  {}", wrap(&a.explanation, WIDTH - 2, "  "));
    let _ = writeln!(out);
    let p = &a.period;
    let _ = writeln!(
        out,
        "{}",
        fit(
            &format!("{} ({})", a.organisation.name, a.organisation.id),
            WIDTH
        )
    );
    let _ = writeln!(
        out,
        "Period {} .. {}: {} weeks, {} closed{}",
        p.first_week,
        p.last_week,
        p.weeks,
        p.closed_weeks,
        if p.closed { "" } else { " (running)" }
    );
    let _ = writeln!(
        out,
        "{}",
        fit(
            &format!(
                "Judged at {} ({} weeks)",
                instant(&p.as_of),
                a.organisation.time_zone
            ),
            WIDTH
        )
    );

    // Criteria.
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", s.bold("Criteria"));
    if a.criteria.is_empty() {
        let _ = writeln!(out, "  (the pledge sets no target)");
    } else {
        let _ = writeln!(
            out,
            "  {:<20} {:>9} {:>11}  {:<7} counts",
            "criterion", "measured", "threshold", "result"
        );
        for c in &a.criteria {
            let result = match c.passed {
                Some(true) => s.good(&format!("{:<7}", "pass")),
                Some(false) => s.bad(&format!("{:<7}", "fail")),
                None => format!("{:<7}", "n/a"),
            };
            let measured = c.measured.map_or_else(
                || "-".to_string(),
                |m| decided(m, c.threshold, c.passed == Some(true), 3),
            );
            let _ = writeln!(
                out,
                "  {:<20} {:>9} {:>11}  {} {}",
                fit(c.name.as_str(), 20),
                measured,
                format!(">= {}", threshold(c.threshold, 3)),
                result,
                fit(
                    &format!("{} of {}", thousands(c.numerator), thousands(c.denominator)),
                    WIDTH - 54
                )
            );
        }
    }

    // Organisation figures, each rate printed true to its criterion.
    let m = &a.metrics;
    let judged = |name: &str, rate: Option<f64>| {
        a.criteria
            .iter()
            .find(|c| c.name.as_str() == name)
            .map_or_else(
                || percent(rate),
                |c| decided_percent(rate, c.threshold, c.passed == Some(true)),
            )
    };
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", s.bold("Organisation (closed weeks)"));
    let _ = writeln!(
        out,
        "  learners       {} in roster, {} with an eligible week, {} learning ({} participation)",
        thousands(m.learners_in_roster),
        thousands(m.learners_eligible),
        thousands(m.learners_participating),
        judged("participation_rate", m.participation_rate)
    );
    let _ = writeln!(
        out,
        "  learner-weeks  {} eligible, {} met ({}), {} exempt",
        thousands(m.eligible_learner_weeks),
        thousands(m.met_learner_weeks),
        judged("learner_week_rate", m.learner_week_rate),
        thousands(m.exempt_learner_weeks)
    );
    let _ = writeln!(
        out,
        "  minutes        {} credited in the period, {} owed in closed weeks",
        thousands(m.credited_minutes),
        thousands(m.required_minutes)
    );

    // Bands beside the DMA pilot.
    let b = &a.bands;
    let banded = b.banded();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        s.bold("Bands (learners by share of their eligible weeks met)")
    );
    let _ = writeln!(
        out,
        "  {:<12} {:>8} {:>7}  {:<40} DMA pilot",
        "band", "learners", "share", ""
    );
    for (band, n) in [
        (Band::MostWeeks, b.most_weeks),
        (Band::SomeWeeks, b.some_weeks),
        (Band::Rarely, b.rarely),
    ] {
        let rate = share(n, banded);
        let _ = writeln!(
            out,
            "  {:<12} {:>8} {:>7}  {:<40} {}",
            band.name(),
            thousands(n),
            percent(rate),
            bar(rate, None, 40),
            dma_share(band)
        );
    }
    if b.no_band > 0 {
        let _ = writeln!(
            out,
            "  {:<12} {:>8}  {}",
            "no band",
            thousands(b.no_band),
            s.dim("(no eligible closed week)")
        );
    }

    // Weekly rate.
    let _ = writeln!(out);
    let target_text = target.map_or_else(String::new, |t| {
        format!(" against the target {} (|)", threshold(t, 3))
    });
    let _ = writeln!(
        out,
        "{}",
        s.bold(&format!("Weekly learner-week rate{target_text}"))
    );
    let _ = writeln!(
        out,
        "  {:<14} {:>8} {:>6} {:>6} {:>7}  {:<40}",
        "week", "eligible", "met", "exempt", "rate", ""
    );
    for w in &a.weekly {
        let label = if w.open {
            format!("{}*", w.week)
        } else {
            w.week.to_string()
        };
        let reached = target.and_then(|t| meets(w.met, w.eligible, t));
        let rate = w.rate.map_or_else(
            || "-".to_string(),
            |r| match (target, reached) {
                (Some(t), Some(ok)) => decided(r, t, ok, 3),
                _ => format!("{r:.3}"),
            },
        );
        let _ = writeln!(
            out,
            "  {:<14} {:>8} {:>6} {:>6} {:>7}  {}",
            fit(&label, 14),
            thousands(w.eligible),
            thousands(w.met),
            thousands(w.exempt),
            rate,
            bar(w.rate, target, 40)
        );
    }

    if a.weekly.iter().any(|w| w.open) {
        let _ = writeln!(
            out,
            "  {}",
            s.dim("* open: not over at the as-of instant, its figures may still change")
        );
    }

    // Teams.
    if !a.teams.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", s.bold("Teams"));
        let _ = writeln!(
            out,
            "  {:<28} {:>8} {:>9} {:>7} {:>7} {:>7}  most/some/rarely",
            "team", "learners", "eligible", "met", "rate", "partic."
        );
        for t in &a.teams {
            let name = match t.teams_folded {
                Some(n) => format!("{} ({} teams)", t.team, n),
                None => t.team.clone(),
            };
            if t.suppressed {
                let _ = writeln!(
                    out,
                    "  {:<28} {:>8}  {}",
                    fit(&name, 28),
                    thousands(t.learners),
                    s.dim(suppression_reason(t))
                );
                continue;
            }
            let opt = |v: Option<u64>| v.map_or_else(|| "-".to_string(), thousands);
            let bands = t.bands.map_or_else(
                || "-".to_string(),
                |b| format!("{}/{}/{}", b.most_weeks, b.some_weeks, b.rarely),
            );
            let _ = writeln!(
                out,
                "  {:<28} {:>8} {:>9} {:>7} {:>7} {:>7}  {}",
                fit(&name, 28),
                thousands(t.learners),
                opt(t.eligible_learner_weeks),
                opt(t.met_learner_weeks),
                approx_percent(t.learner_week_rate),
                approx_percent(t.participation_rate),
                bands
            );
        }
    }

    // Forecast for a running period.
    if let Some(f) = &a.forecast {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", s.bold("Still to come"));
        let needed = f
            .required_rate_remaining
            .map_or_else(|| "-".to_string(), |r| format!("{r:.3}"));
        let _ = writeln!(
            out,
            "  {} open week(s), {} learner-weeks not met yet; {} met learner-weeks needed in all;",
            f.open_weeks,
            thousands(f.remaining_learner_weeks),
            thousands(f.met_learner_weeks_needed)
        );
        let _ = writeln!(
            out,
            "  the remaining learner-weeks need a rate of {needed}: {}",
            if f.reachable {
                s.good("reachable")
            } else {
                s.bad("out of reach")
            }
        );
    }

    // Learners most behind.
    let behind = most_behind(a, options.most_behind);
    if !behind.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            s.bold(&format!(
                "Learners most behind ({} of {})",
                behind.len(),
                m.learners_eligible
            ))
        );
        let _ = writeln!(
            out,
            "  {:<20} {:<28} {:<11} {:>12} {:>7} {:>12}",
            "learner", "team", "band", "met weeks", "rate", "missing min"
        );
        for l in behind {
            let _ = writeln!(
                out,
                "  {:<20} {:<28} {:<11} {:>12} {:>7} {:>12}",
                fit(&l.learner_id, 20),
                fit(&l.team, 28),
                l.band.map_or("-", Band::name),
                format!("{} of {}", l.met_weeks, l.eligible_weeks),
                percent(l.rate),
                thousands(l.missing_minutes)
            );
        }
    }

    // The People-principle scorecard, when a `people.json` was given.
    if let Some(card) = &a.people {
        let _ = writeln!(out);
        out.push_str(&crate::people::text(card, s));
    }

    // Ledger.
    let l = &a.ledger;
    let f = &l.fates;
    let d = &l.detail;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        s.bold(&format!(
            "Ledger: {} records read, each with one fate",
            thousands(l.records_read)
        ))
    );
    let fates = format!(
        "  credited {}, duplicate {}, not creditable {}, outside period {}, unknown learner {}, rejected {}",
        thousands(f.credited),
        thousands(f.duplicate),
        thousands(f.not_creditable),
        thousands(f.outside_period),
        thousands(f.unknown_learner),
        thousands(f.rejected)
    );
    let _ = writeln!(out, "{}", wrap(&fates, WIDTH, "  "));
    let _ = writeln!(
        out,
        "{}",
        wrap(
            &format!(
                "  duplicates: {} same id, {} same id with other times, {} same session under another id",
                thousands(d.duplicate_ids),
                thousands(d.conflicting_ids),
                thousands(d.duplicate_content)
            ),
            WIDTH,
            "  "
        )
    );
    let _ = writeln!(
        out,
        "{}",
        wrap(
            &format!(
                "  minutes: {} recorded, {} overlapping counted once, {} over daily caps",
                thousands(d.recorded_minutes),
                thousands(d.overlap_minutes),
                thousands(d.daily_cap_minutes)
            ),
            WIDTH,
            "  "
        )
    );
    if !l.rejections.is_empty() {
        // By code first, then the first few in reading order (all of them
        // are in the JSON report).
        let mut by_code: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
        for r in &l.rejections {
            *by_code.entry(r.code.as_str()).or_default() += 1;
        }
        let codes: Vec<String> = by_code
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        let listed = l.rejections.len().min(options.rejections_shown);
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!("  rejected records by code: {}", codes.join(", ")),
                WIDTH,
                "    "
            )
        );
        for r in l.rejections.iter().take(listed) {
            let line = format!("    {}: {}: {}", r.location, r.code, r.message);
            let _ = writeln!(out, "{}", wrap(&printable(&line), WIDTH, "        "));
        }
        let rest = (l.rejections.len() - listed) as u64 + l.rejections_not_listed;
        if rest > 0 {
            let _ = writeln!(
                out,
                "    ... and {} more (every one is in `--format json`)",
                thousands(rest)
            );
        }
    }
    if !l.unknown_learners.is_empty() {
        let ids: Vec<String> = l
            .unknown_learners
            .iter()
            .map(|u| format!("{} ({})", printable(&u.learner_id), u.records))
            .collect();
        let mut text = format!("unknown learners (records): {}", ids.join(", "));
        if l.unknown_learners_not_listed > 0 {
            let _ = write!(
                text,
                " and {} more records",
                thousands(l.unknown_learners_not_listed)
            );
        }
        let _ = writeln!(out, "  {}", wrap(&text, WIDTH - 2, "    "));
    }
    // No trailing blanks (the padding of empty last columns), and no line
    // wider than the terminal, whatever the numbers: a line that would be
    // is wrapped, its continuation indented.
    let mut trimmed = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.trim_end();
        if visible_len(line) > WIDTH {
            let lead = line.chars().take_while(|c| *c == ' ').count();
            trimmed.push_str(&wrap(line, WIDTH, &" ".repeat(lead + 4)));
        } else {
            trimmed.push_str(line);
        }
        trimmed.push('\n');
    }
    trimmed
}

/// Why a team row is withheld: too few learners, or (for a full-size team)
/// because showing it would give the withheld `other` row back by subtraction.
pub(crate) fn suppression_reason(team: &upskill_policy::TeamSummary) -> &'static str {
    if team.teams_folded.is_some() {
        "suppressed: too few learners to show"
    } else {
        "withheld: it would reveal the small teams by subtraction"
    }
}

/// The text report of an evaluation: the data warnings first (above the
/// verdict: a reader must see them before the verdict), then the
/// assessment, then how the period was chosen and the inputs' digests.
pub fn render_evaluation(
    evaluation: &upskill_dataset::Evaluation,
    options: &TextOptions,
) -> String {
    let s = options.style;
    let mut out = String::new();
    if !evaluation.data_warnings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            s.warn("Data warnings (read these before the verdict)")
        );
        for w in &evaluation.data_warnings {
            let line = format!("  {} {}", w.code, w.message);
            let _ = writeln!(out, "{}", wrap(&printable(&line), WIDTH, "       "));
            let fix = format!("       fix: {}", w.fix);
            let _ = writeln!(out, "{}", wrap(&printable(&fix), WIDTH, "            "));
        }
        let _ = writeln!(out);
    }
    out.push_str(&render(&evaluation.assessment, options));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        wrap(
            &printable(&format!("Period: {}", evaluation.period_basis.describe())),
            WIDTH,
            "  "
        )
    );
    if !evaluation.inputs.is_empty() {
        let _ = writeln!(out, "{}", s.bold("Inputs (SHA-256)"));
        for i in &evaluation.inputs {
            let digest: String = i.sha256.chars().take(16).collect();
            let _ = writeln!(
                out,
                "  {:<9} {}  {}",
                i.role,
                digest,
                fit(&i.name, WIDTH - 31)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(100), "100");
        assert_eq!(percent(Some(0.5364)), "53.6%");
        assert_eq!(fit("abcdef", 4), "abc~");
        assert_eq!(fit("a\u{1b}[31m", 20), "a\\u{1b}[31m");
        assert_eq!(fit("a\u{1b}[31m", 8), "a\\u{1b}~");
        // Display columns: a wide character takes two, a combining mark none.
        assert_eq!(fit("研修研修研修", 7), "研修研~");
        assert_eq!(
            fit("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(bar(Some(0.5), Some(0.8), 10), "#####...|.");
        assert_eq!(wrap("aa bb cc", 5, "  "), "aa bb\n  cc");
        assert_eq!(visible_len("\x1b[1;32mMET\x1b[0m"), 3);
        assert_eq!(wrap("  aa bb", 6, "   "), "  aa\n   bb");
    }
}
