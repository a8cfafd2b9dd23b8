//! The People-principle section of a report (`docs/people.md`): the
//! scorecard in `Assessment::people`, when the organisation gave a
//! `people.json`.

use std::fmt::Write;

use upskill_people::{
    Attestation, Evidence, LevelReport, Measurement, Mode, RepresentationReport, Scorecard, Value,
};

use crate::html::escape;
use crate::text::{percent, thousands};

/// The counts the engine puts beside a measured criterion, shown in their
/// own words rather than as a list.
const SHOWN_ELSEWHERE: [&str; 4] = [
    "numerator",
    "denominator",
    "credited_minutes",
    "required_minutes",
];

/// The heading line's words after "People principle".
pub(crate) fn reading(card: &Scorecard) -> String {
    match card.mode() {
        Mode::Advisory => {
            "advisory: a shortfall is reported to help, not counted as a failure".to_string()
        }
        Mode::Enforcing => {
            if card.fails() {
                "enforcing: the scorecard fails, a commitment shows a shortfall".to_string()
            } else {
                "enforcing: no commitment shows a shortfall".to_string()
            }
        }
    }
}

/// A value in a reader's words: `55.5% (781 of 1,407)` or `12`.
fn value(value: Value) -> String {
    match value {
        Value::Count(n) => thousands(n),
        Value::Fraction(f) => format!(
            "{} ({} of {})",
            percent(Some(f.numerator() as f64 / f.denominator() as f64)),
            thousands(f.numerator()),
            thousands(f.denominator())
        ),
    }
}

/// A threshold's value: `50.0%` or `12`.
fn threshold_value(value: Value) -> String {
    match value {
        Value::Count(n) => thousands(n),
        Value::Fraction(f) => percent(Some(f.numerator() as f64 / f.denominator() as f64)),
    }
}

/// `learner_week_rate 55.5% (781 of 1,407), at least 50.0%: passed`.
pub(crate) fn measured(m: &Measurement) -> String {
    let threshold = m.threshold();
    let comparison = match threshold.comparison() {
        upskill_people::Comparison::AtLeast => "at least",
        upskill_people::Comparison::AtMost => "at most",
    };
    let mut line = format!(
        "{} {}, {comparison} {}: {}",
        m.metric(),
        value(m.value()),
        threshold_value(threshold.value()),
        if m.passed() { "passed" } else { "not passed" }
    );
    let others: Vec<String> = m
        .counts()
        .iter()
        .filter(|(name, _)| !SHOWN_ELSEWHERE.contains(&name.as_str()))
        .map(|(name, n)| format!("{name} {}", thousands(*n)))
        .collect();
    if !others.is_empty() {
        let _ = write!(line, "; {}", others.join(", "));
    }
    line
}

/// `CPD time recorded: 83,636 minutes (1,393 h 56 min), 72,628 required`,
/// when the engine gave it.
pub(crate) fn cpd_time(m: &Measurement) -> Option<String> {
    let count = |name: &str| {
        m.counts()
            .iter()
            .find(|(k, _)| k.as_str() == name)
            .map(|(_, n)| *n)
    };
    let credited = count("credited_minutes")?;
    let mut line = format!(
        "CPD time recorded: {} minutes ({} h {} min)",
        thousands(credited),
        thousands(credited / 60),
        credited % 60
    );
    if let Some(required) = count("required_minutes") {
        let _ = write!(line, ", {} required", thousands(required));
    }
    Some(line)
}

/// `HR-POL-012 v3, 2026-01-15, Head of People: Every employee ...` (a
/// statement's line breaks and tabs become spaces).
pub(crate) fn attested(a: &Attestation) -> String {
    let by = a
        .attester()
        .map(|who| format!(", {who}"))
        .unwrap_or_default();
    let statement: String = a
        .statement()
        .as_str()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{}, {}{by}: {statement}", a.document(), a.date())
}

/// `group a 61, group b 58; 2 groups suppressed (9 people); total 150`.
pub(crate) fn level(level: &LevelReport) -> String {
    let mut parts = Vec::new();
    let shown: Vec<String> = level
        .shown()
        .iter()
        .map(|(group, n)| format!("{group} {}", thousands(*n)))
        .collect();
    if !shown.is_empty() {
        parts.push(shown.join(", "));
    }
    if level.suppressed_groups() > 0 {
        let k = level.suppressed_groups();
        let groups = if k == 1 { "group" } else { "groups" };
        parts.push(match level.suppressed_people() {
            Some(people) => format!("{k} {groups} suppressed ({} people)", thousands(people)),
            None => format!("{k} {groups} suppressed"),
        });
    }
    parts.push(match level.total() {
        Some(total) => format!("total {}", thousands(total)),
        None => "total withheld".to_string(),
    });
    parts.join("; ")
}

/// `representation by level, groups under 5 suppressed`.
pub(crate) fn representation_heading(r: &RepresentationReport) -> String {
    format!(
        "representation by level, groups under {} suppressed",
        r.threshold()
    )
}

/// `    label           text`, the text wrapped under itself within
/// [`WIDTH`](crate::text::WIDTH).
fn labelled(out: &mut String, label: &str, text: &str) {
    const LEAD: usize = 20;
    let wrapped = crate::text::wrap(text, crate::text::WIDTH - LEAD, "");
    for (i, line) in wrapped.lines().enumerate() {
        let head = if i == 0 {
            format!("    {label:<15} ")
        } else {
            " ".repeat(LEAD)
        };
        let _ = writeln!(out, "{head}{line}");
    }
}

/// The section as text lines, none over [`WIDTH`](crate::text::WIDTH).
pub(crate) fn text(card: &Scorecard, style: crate::Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold("People principle (DMA Code):"),
        reading(card)
    );
    for entry in card.entries() {
        let status = entry.status();
        let shown = match status {
            upskill_people::Status::Evidenced => style.good(status.id()),
            upskill_people::Status::Shortfall => style.bad(status.id()),
            _ => status.id().to_string(),
        };
        let _ = writeln!(out, "  {:<24} {shown}", entry.commitment().id());
        if entry.evidence().is_empty() {
            let _ = writeln!(out, "    (no evidence)");
        }
        for evidence in entry.evidence() {
            match evidence {
                Evidence::Measured(m) => {
                    labelled(&mut out, "measured", &measured(m));
                    if let Some(cpd) = cpd_time(m) {
                        labelled(&mut out, "", &cpd);
                    }
                }
                Evidence::Attested(a) => labelled(&mut out, "attested", &attested(a)),
                Evidence::Representation(r) => {
                    let _ = writeln!(out, "    {}", representation_heading(r));
                    for l in r.levels() {
                        let name = crate::text::fit(l.level().as_str(), 13);
                        labelled(&mut out, &format!("  {name}"), &level(l));
                    }
                }
            }
        }
    }
    out
}

/// The section as HTML (every text from a file escaped).
pub(crate) fn html(card: &Scorecard) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<h2>People principle (DMA Code)</h2>\n<p>{} ({} mode).</p>\n<table><tr><th>commitment</th><th>status</th><th>evidence</th></tr>\n",
        escape(&reading(card)),
        card.mode().id()
    );
    for entry in card.entries() {
        let status = entry.status();
        let class = match status {
            upskill_people::Status::Evidenced => "pass",
            upskill_people::Status::Shortfall => "fail",
            _ => "",
        };
        let mut items = Vec::new();
        for evidence in entry.evidence() {
            match evidence {
                Evidence::Measured(m) => {
                    let mut item = format!("measured: {}", escape(&measured(m)));
                    if let Some(cpd) = cpd_time(m) {
                        let _ = write!(item, "<br>{}", escape(&cpd));
                    }
                    items.push(item);
                }
                Evidence::Attested(a) => items.push(format!("attested: {}", escape(&attested(a)))),
                Evidence::Representation(r) => {
                    let levels: Vec<String> = r
                        .levels()
                        .iter()
                        .map(|l| format!("{}: {}", escape(l.level().as_str()), escape(&level(l))))
                        .collect();
                    items.push(format!(
                        "{}:<br>{}",
                        escape(&representation_heading(r)),
                        levels.join("<br>")
                    ));
                }
            }
        }
        let evidence = if items.is_empty() {
            "no evidence".to_string()
        } else {
            let items: String = items.iter().map(|i| format!("<li>{i}</li>")).collect();
            format!("<ul>{items}</ul>")
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"{class}\">{}</td><td>{evidence}</td></tr>",
            entry.commitment().id(),
            status.id()
        );
    }
    h.push_str("</table>\n");
    h
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        reason = "test code: a panic is a failed test, not a crash a user sees"
    )]

    use chrono::NaiveDate;
    use upskill_people::{
        Attestation, Attester, Commitment, DocumentRef, Fraction, Measurement, MetricName,
        OrganisationId, Period, Scorecard, Statement, Threshold,
    };

    use super::*;

    fn card(mode: Mode) -> Scorecard {
        let week =
            upskill_calendar::Week::parse("2026-W01", upskill_calendar::DayOfWeek::Monday).unwrap();
        let mut builder = Scorecard::builder(
            OrganisationId::new("acme").unwrap(),
            Period::new(week, week).unwrap(),
        );
        builder.mode(mode);
        builder.add_measured(
            Measurement::new(
                MetricName::new("learner_week_rate").unwrap(),
                Fraction::new(1, 3).unwrap().into(),
                Threshold::at_least(Fraction::new(4, 5).unwrap()),
            )
            .with_count(MetricName::new("numerator").unwrap(), 1)
            .unwrap()
            .with_count(MetricName::new("credited_minutes").unwrap(), 125)
            .unwrap()
            .with_count(MetricName::new("teams").unwrap(), 2)
            .unwrap(),
        );
        let attestation = Attestation::new(
            DocumentRef::new("<Inclusion policy>").unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            Statement::new("Line one.\n\tLine two.").unwrap(),
        )
        .attested_by(Attester::new("Board").unwrap());
        builder
            .add(Commitment::DiverseInclusiveTeams, attestation)
            .unwrap();
        builder.build()
    }

    #[test]
    fn the_text_section_says_what_each_commitment_rests_on() {
        insta::assert_snapshot!(text(&card(Mode::Enforcing), crate::Style::PLAIN), @r"
            People principle (DMA Code): enforcing: the scorecard fails, a commitment shows a shortfall
              micro_upskilling         shortfall
                measured        learner_week_rate 33.3% (1 of 3), at least 80.0%: not passed; teams 2
                                CPD time recorded: 125 minutes (2 h 5 min)
              diverse_inclusive_teams  partly_evidenced
                attested        <Inclusion policy>, 2026-01-02, Board: Line one. Line two.
            ");
        insta::assert_snapshot!(text(&card(Mode::Advisory), crate::Style::PLAIN).lines().next().unwrap(), @"People principle (DMA Code): advisory: a shortfall is reported to help, not counted as a failure");
    }

    #[test]
    fn the_html_section_escapes_what_files_say() {
        let html = html(&card(Mode::Advisory));
        assert!(html.contains("&lt;Inclusion policy&gt;"));
        assert!(!html.contains("<Inclusion"));
    }
}
