//! Figures print on the side of the threshold the verdict decided, and
//! instants to the second (issue 12, item 5).
#![allow(clippy::unwrap_used, reason = "tests")]

use upskill_dataset::{DatasetFiles, EvaluateOptions, evaluate, example};
use upskill_policy::Assessment;
use upskill_report::{Style, html, text};

fn example_assessment() -> Assessment {
    let options = EvaluateOptions {
        as_of: example::as_of(),
        ..EvaluateOptions::default()
    };
    evaluate(&DatasetFiles::example(), &options)
        .unwrap()
        .assessment
}

/// A week at 49.97 % and a rate criterion at 0.4997 against a 0.5 target.
fn just_below_half() -> Assessment {
    let mut a = example_assessment();
    let c = a
        .criteria
        .iter_mut()
        .find(|c| c.name.as_str() == "learner_week_rate")
        .unwrap();
    c.threshold = 0.5;
    c.numerator = 4_997;
    c.denominator = 10_000;
    c.measured = Some(0.4997);
    c.passed = Some(false);
    let w = a.weekly.first_mut().unwrap();
    w.met = 4_997;
    w.eligible = 10_000;
    w.rate = Some(0.4997);
    a.metrics.met_learner_weeks = 4_997;
    a.metrics.eligible_learner_weeks = 10_000;
    a.metrics.learner_week_rate = Some(0.4997);
    a.period.as_of = "2026-11-30T13:26:21.180243726+00:00".to_string();
    a
}

#[test]
fn text_never_shows_a_failing_rate_as_meeting_its_target() {
    let report = text::render(&just_below_half(), &text::TextOptions::new(Style::PLAIN));
    let criterion = report
        .lines()
        .find(|l| l.trim_start().starts_with("learner_week_rate"))
        .unwrap();
    assert!(criterion.contains(" 0.4997 "), "{criterion}");
    assert!(criterion.contains(">= 0.500"), "{criterion}");
    assert!(criterion.contains("fail"), "{criterion}");
    let week = a_week_line(&report);
    assert!(week.contains(" 0.4997 "), "{week}");
    let figures = report
        .lines()
        .find(|l| l.contains("learner-weeks") && l.contains("eligible"))
        .unwrap();
    assert!(figures.contains("(49.97%)"), "{figures}");
}

fn a_week_line(report: &str) -> &str {
    report
        .lines()
        .skip_while(|l| !l.starts_with("Weekly learner-week rate"))
        .nth(2)
        .unwrap()
}

#[test]
fn text_prints_the_instant_to_the_second() {
    let report = text::render(&just_below_half(), &text::TextOptions::new(Style::PLAIN));
    assert!(
        report.contains("Judged at 2026-11-30T13:26:21+00:00 "),
        "{report}"
    );
    assert!(!report.contains(".180243726"));
}

#[test]
fn html_labels_the_week_below_target_below_it() {
    let page = html::render(&just_below_half(), &html::HtmlOptions::default());
    assert!(page.contains(">49.97</text>"), "no 49.97 label");
    assert!(page.contains("(49.97%)</title>"));
    assert!(page.contains("judged at 2026-11-30T13:26:21+00:00"));
    assert!(page.contains("0.4997"));
}

#[test]
fn figures_that_meet_keep_the_usual_rounding() {
    let a = example_assessment();
    let report = text::render(&a, &text::TextOptions::new(Style::PLAIN));
    for c in &a.criteria {
        let line = report
            .lines()
            .find(|l| l.trim_start().starts_with(c.name.as_str()))
            .unwrap();
        let shown = format!("{:.3}", c.measured.unwrap());
        if c.passed == Some(true) || c.measured.unwrap() < c.threshold - 0.001 {
            assert!(line.contains(&shown), "{line} should show {shown}");
        }
    }
}
