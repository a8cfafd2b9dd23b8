//! The HTML report: one self-contained page (inline CSS and SVG, no script,
//! nothing fetched), every piece of text from the data escaped.

use std::fmt::Write as _;

use upskill_policy::{Assessment, Band};

use crate::numbers;
use crate::text::{
    approx_percent, dma_share, most_behind, percent, rate_target, share, thousands, verdict_word,
};

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct HtmlOptions {
    /// Learners listed as most behind.
    pub most_behind: usize,
    /// Rejected records listed (the rest are counted).
    pub rejections_shown: usize,
}

impl Default for HtmlOptions {
    /// The command's defaults: 10 learners most behind, 200 rejections.
    fn default() -> HtmlOptions {
        HtmlOptions {
            most_behind: 10,
            rejections_shown: 200,
        }
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --good: #1a7f37; --bad: #c62828; --ink: #1f2328; --muted: #656d76; --line: #d0d7de;
        --most: #2e7d32; --some: #f9a825; --rarely: #c62828; --bar: #3b6fb6; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; padding: 24px; max-width: 1080px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p.meta, .muted { color: var(--muted); }
.verdict { display: flex; align-items: center; gap: 16px; margin: 16px 0; padding: 16px;
           border-radius: 8px; border: 1px solid var(--line); }
.verdict.good { background: #e8f5e9; border-color: #a5d6a7; }
.verdict.bad { background: #fdecea; border-color: #f5b7b1; }
.verdict .word { font-size: 26px; font-weight: 700; letter-spacing: .02em; white-space: nowrap; }
.verdict.good .word { color: var(--good); } .verdict.bad .word { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 13px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: var(--good); font-weight: 600; } .fail { color: var(--bad); font-weight: 600; }
.suppressed { color: var(--muted); font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .n { font-size: 22px; font-weight: 700; } .card .l { color: var(--muted); font-size: 13px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
"#;

fn weekly_chart(a: &Assessment) -> String {
    let (width, height) = (1000.0_f64, 260.0_f64);
    let (left, right, top, bottom) = (44.0, 96.0, 14.0, 44.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let n = a.weekly.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.62).min(60.0);
    let y = |rate: f64| top + plot_h * (1.0 - rate.clamp(0.0, 1.0));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="weekly learner-week rate against the target" xmlns="http://www.w3.org/2000/svg">"#
    );
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let ty = y(tick);
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{x2}" y1="{ty:.1}" y2="{ty:.1}" stroke="#eaeef2"/><text x="{tx}" y="{ly:.1}" text-anchor="end">{pct}%</text>"##,
            x2 = width - right,
            tx = left - 6.0,
            ly = ty + 4.0,
            pct = (tick * 100.0) as u32
        );
    }
    let target = rate_target(a);
    for (i, w) in a.weekly.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        if let Some(rate) = w.rate {
            // Labels true to the decision: 49.7 % against 50 % never reads 50.
            let reached =
                target.and_then(|t| numbers::meets(w.met, w.eligible, t).map(|ok| (t, ok)));
            let (pct, label_pct) = match reached {
                Some((t, ok)) => (
                    numbers::decided_percent(Some(rate), t, ok),
                    numbers::decided(rate * 100.0, t * 100.0, ok, 0),
                ),
                None => (percent(Some(rate)), format!("{:.0}", rate * 100.0)),
            };
            let top_y = y(rate);
            let fill = if w.open { "#9fb9dd" } else { "#3b6fb6" };
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{top_y:.1}" width="{bar_w:.1}" height="{h:.1}" fill="{fill}"><title>{label}: {met} of {eligible} met ({pct})</title></rect>"#,
                x = cx - bar_w / 2.0,
                h = (y(0.0) - top_y).max(0.0),
                label = escape(&w.week.to_string()),
                met = w.met,
                eligible = w.eligible,
                pct = escape(&pct)
            );
            let _ = write!(
                svg,
                r#"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle">{pct}</text>"#,
                ty = (top_y - 4.0).max(top + 10.0),
                pct = escape(&label_pct)
            );
        }
        let label = w.week.to_string();
        let short = label
            .split_once("-W")
            .map_or(label.clone(), |(_, week)| format!("W{week}"));
        let _ = write!(
            svg,
            r#"<text x="{cx:.1}" y="{ly:.1}" text-anchor="middle">{text}{open}</text>"#,
            ly = height - bottom + 18.0,
            text = escape(&short),
            open = if w.open { "*" } else { "" }
        );
    }
    if let Some(target) = rate_target(a) {
        let ty = y(target);
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{x2}" y1="{ty:.1}" y2="{ty:.1}" stroke="#c62828" stroke-width="2" stroke-dasharray="6 4"/><text x="{tx}" y="{ly:.1}" style="fill:#c62828">target {pct}</text>"##,
            x2 = width - right,
            tx = width - right + 6.0,
            ly = ty + 4.0,
            pct = escape(&percent(Some(target)))
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{left}" y="{ly}" class="muted">share of eligible learners who met the week's requirement{note}</text>"#,
        ly = height - 6.0,
        note = if a.weekly.iter().any(|w| w.open) {
            " (* open week)"
        } else {
            ""
        }
    );
    svg.push_str("</svg>");
    svg
}

fn band_chart(a: &Assessment) -> String {
    let b = &a.bands;
    let banded = b.banded();
    let (width, height) = (520.0_f64, 136.0_f64);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="learners by band" xmlns="http://www.w3.org/2000/svg">"#
    );
    let rows = [
        (Band::MostWeeks, b.most_weeks, "#2e7d32"),
        (Band::SomeWeeks, b.some_weeks, "#f9a825"),
        (Band::Rarely, b.rarely, "#c62828"),
    ];
    let (label_w, bar_max) = (96.0, 200.0);
    let _ = write!(
        svg,
        r##"<text x="{x:.1}" y="12" style="fill:#656d76">learners</text><text x="{dx:.1}" y="12" style="fill:#656d76">DMA pilot</text>"##,
        x = label_w + bar_max + 8.0,
        dx = label_w + bar_max + 96.0
    );
    for (i, (band, n, colour)) in rows.iter().enumerate() {
        let yy = 26.0 + i as f64 * 36.0;
        let rate = share(*n, banded).unwrap_or(0.0);
        let _ = write!(
            svg,
            r##"<text x="0" y="{ty:.1}">{name}</text><rect x="{label_w}" y="{yy:.1}" width="{bar_max}" height="22" fill="#f3f4f6"/><rect x="{label_w}" y="{yy:.1}" width="{w:.1}" height="22" fill="{colour}"><title>{name}: {n} learners</title></rect><text x="{tx:.1}" y="{ty:.1}">{n} ({pct})</text><text x="{dx:.1}" y="{ty:.1}" style="fill:#656d76">{dma}</text>"##,
            ty = yy + 16.0,
            name = band.name(),
            w = bar_max * rate,
            tx = label_w + bar_max + 8.0,
            pct = escape(&percent(Some(rate))),
            dx = label_w + bar_max + 96.0,
            dma = escape(dma_share(*band))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Renders the page.
pub fn render(a: &Assessment, options: &HtmlOptions) -> String {
    let mut h = String::new();
    let org = &a.organisation;
    let p = &a.period;
    let title = format!(
        "{} — {} .. {} — {}",
        org.name, p.first_week, p.last_week, a.verdict
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    let _ = write!(
        h,
        "<h1>{}</h1>\n<p class=\"meta\">Micro-upskilling pledge, {} .. {} ({} weeks, {}), {}; judged at {}</p>\n",
        escape(&org.name),
        escape(&p.first_week.to_string()),
        escape(&p.last_week.to_string()),
        p.weeks,
        if p.closed { "closed" } else { "running" },
        escape(&org.time_zone),
        escape(&numbers::instant(&p.as_of))
    );
    let class = if a.verdict.is_positive() {
        "good"
    } else {
        "bad"
    };
    let _ = writeln!(
        h,
        "<div class=\"verdict {class}\"><span class=\"word\">{}</span><span>{}<br><span class=\"muted\">{} mode</span></span></div>",
        escape(verdict_word(a.verdict)),
        escape(&a.explanation),
        org.mode.id()
    );

    // Criteria.
    h.push_str("<h2>Criteria</h2>\n<table><tr><th>criterion</th><th>what it measures</th><th class=\"num\">measured</th><th class=\"num\">threshold</th><th>result</th><th class=\"num\">counts</th></tr>\n");
    for c in &a.criteria {
        let result = match c.passed {
            Some(true) => "<span class=\"pass\">pass</span>",
            Some(false) => "<span class=\"fail\">fail</span>",
            None => "<span class=\"muted\">not measurable</span>",
        };
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">&ge; {}</td><td>{result}</td><td class=\"num\">{} of {}</td></tr>",
            escape(c.name.as_str()),
            escape(&c.description),
            escape(&c.measured.map_or_else(
                || "-".to_string(),
                |m| numbers::decided(m, c.threshold, c.passed == Some(true), 3)
            )),
            escape(&numbers::threshold(c.threshold, 3)),
            thousands(c.numerator),
            thousands(c.denominator)
        );
    }
    if a.criteria.is_empty() {
        h.push_str("<tr><td colspan=\"6\" class=\"muted\">the pledge sets no target</td></tr>\n");
    }
    h.push_str("</table>\n");

    // Cards.
    let m = &a.metrics;
    let _ = writeln!(
        h,
        "<div class=\"cards\">\
<div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">learner-week rate ({} of {} met)</div></div>\
<div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">participation ({} of {} learners)</div></div>\
<div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">minutes credited</div></div>\
<div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">exempt learner-weeks (leave, holidays, joiners)</div></div>\
</div>",
        escape(&percent(m.learner_week_rate)),
        thousands(m.met_learner_weeks),
        thousands(m.eligible_learner_weeks),
        escape(&percent(m.participation_rate)),
        thousands(m.learners_participating),
        thousands(m.learners_eligible),
        thousands(m.credited_minutes),
        thousands(m.exempt_learner_weeks)
    );

    // Weekly chart.
    h.push_str("<h2>Weekly learner-week rate</h2>\n");
    h.push_str(&weekly_chart(a));
    h.push('\n');

    // Bands and forecast side by side.
    h.push_str("<div class=\"two\"><div>\n<h2>Bands</h2>\n");
    h.push_str(&band_chart(a));
    let _ = writeln!(
        h,
        "<p class=\"muted\">Learners by the share of their eligible weeks met, beside the DMA 2022-23 pilot's answers. {} learner(s) had no eligible closed week.</p>",
        thousands(a.bands.no_band)
    );
    h.push_str("</div><div>\n");
    if let Some(f) = &a.forecast {
        let _ = write!(
            h,
            "<h2>Still to come</h2>\n<p>{} open week(s); {} learner-weeks not met yet; the remaining learner-weeks need a rate of {}: <strong class=\"{}\">{}</strong>.</p>\n",
            f.open_weeks,
            thousands(f.remaining_learner_weeks),
            escape(
                &f.required_rate_remaining
                    .map_or_else(|| "-".to_string(), |r| format!("{r:.3}"))
            ),
            if f.reachable { "pass" } else { "fail" },
            if f.reachable {
                "reachable"
            } else {
                "out of reach"
            }
        );
    } else {
        h.push_str("<h2>Organisation</h2>\n<table>\n");
        for (label, value) in [
            ("learners in roster", thousands(m.learners_in_roster)),
            ("with an eligible week", thousands(m.learners_eligible)),
            (
                "eligible learner-weeks",
                thousands(m.eligible_learner_weeks),
            ),
            ("met learner-weeks", thousands(m.met_learner_weeks)),
            ("minutes owed (closed weeks)", thousands(m.required_minutes)),
        ] {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(label),
                escape(&value)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</div></div>\n");

    // Teams.
    h.push_str("<h2>Teams</h2>\n<table><tr><th>team</th><th class=\"num\">learners</th><th class=\"num\">eligible learner-weeks</th><th class=\"num\">met</th><th class=\"num\">rate</th><th class=\"num\">participation</th><th class=\"num\">most / some / rarely</th></tr>\n");
    for t in &a.teams {
        let name = match t.teams_folded {
            Some(n) => format!("{} ({} small teams)", t.team, n),
            None => t.team.clone(),
        };
        if t.suppressed {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td colspan=\"5\" class=\"suppressed\">{}</td></tr>",
                escape(&name),
                thousands(t.learners),
                crate::text::suppression_reason(t)
            );
            continue;
        }
        let opt = |v: Option<u64>| v.map_or_else(|| "-".to_string(), thousands);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&name),
            thousands(t.learners),
            opt(t.eligible_learner_weeks),
            opt(t.met_learner_weeks),
            escape(&approx_percent(t.learner_week_rate)),
            escape(&approx_percent(t.participation_rate)),
            escape(&t.bands.map_or_else(
                || "-".to_string(),
                |b| format!("{} / {} / {}", b.most_weeks, b.some_weeks, b.rarely)
            ))
        );
    }
    h.push_str("</table>\n<p class=\"muted\">Small teams are folded into <em>other</em>; rows with too few learners are withheld, and so is the smallest team beside them, so that no small group can be worked out from the totals.</p>\n");

    // Most behind.
    let behind = most_behind(a, options.most_behind);
    if !behind.is_empty() {
        h.push_str("<h2>Learners most behind</h2>\n<table><tr><th>learner</th><th>team</th><th>band</th><th class=\"num\">weeks met</th><th class=\"num\">rate</th><th class=\"num\">minutes missing</th></tr>\n");
        for l in behind {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{} of {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&l.learner_id),
                escape(&l.team),
                escape(l.band.map_or("-", Band::name)),
                l.met_weeks,
                l.eligible_weeks,
                escape(&percent(l.rate)),
                thousands(l.missing_minutes)
            );
        }
        h.push_str("</table>\n");
    }

    // The People-principle scorecard, when a `people.json` was given.
    if let Some(card) = &a.people {
        h.push_str(&crate::people::html(card));
    }

    // Ledger.
    let l = &a.ledger;
    let f = &l.fates;
    let _ = write!(
        h,
        "<h2>Ledger</h2>\n<p>{} records read; every one has exactly one fate.</p>\n<table><tr><th>fate</th><th class=\"num\">records</th></tr>\n",
        thousands(l.records_read)
    );
    for (fate, n) in [
        ("credited", f.credited),
        ("duplicate", f.duplicate),
        ("not creditable", f.not_creditable),
        ("outside the period", f.outside_period),
        ("unknown learner", f.unknown_learner),
        ("rejected", f.rejected),
    ] {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(fate),
            thousands(n)
        );
    }
    let _ = writeln!(
        h,
        "<tr><th>total</th><th class=\"num\">{}</th></tr>\n</table>",
        thousands(f.total())
    );
    if !l.rejections.is_empty() {
        h.push_str("<h2>Rejected records</h2>\n<table><tr><th>where</th><th>code</th><th>problem</th></tr>\n");
        for r in l.rejections.iter().take(options.rejections_shown) {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                escape(&r.location.to_string()),
                escape(&r.code),
                escape(&r.message)
            );
        }
        let rest = l.rejections.len().saturating_sub(options.rejections_shown) as u64
            + l.rejections_not_listed;
        if rest > 0 {
            let _ = writeln!(
                h,
                "<tr><td colspan=\"3\" class=\"muted\">and {} more (every one is in the JSON report)</td></tr>",
                thousands(rest)
            );
        }
        h.push_str("</table>\n");
    }
    if !l.unknown_learners.is_empty() {
        h.push_str("<h2>Learners not in the roster</h2>\n<p>");
        let ids: Vec<String> = l
            .unknown_learners
            .iter()
            .map(|u| format!("<code>{}</code> ({})", escape(&u.learner_id), u.records))
            .collect();
        h.push_str(&ids.join(", "));
        if l.unknown_learners_not_listed > 0 {
            let _ = write!(
                h,
                " and {} more records",
                thousands(l.unknown_learners_not_listed)
            );
        }
        h.push_str("</p>\n");
    }
    h.push_str("<p class=\"muted\">Generated by upskill. Figures are over closed weeks; the JSON report (<code>--format json</code>) holds every learner-week.</p>\n</body>\n</html>\n");
    h
}

/// The HTML report of an evaluation: the data warnings before the verdict,
/// how the period was chosen, and the inputs' digests at the end.
pub fn render_evaluation(
    evaluation: &upskill_dataset::Evaluation,
    options: &HtmlOptions,
) -> String {
    let page = render(&evaluation.assessment, options);
    let mut before = String::new();
    if !evaluation.data_warnings.is_empty() {
        before.push_str("<section class=\"warnings\"><h2>Data warnings</h2>\n<ul>\n");
        for w in &evaluation.data_warnings {
            let _ = writeln!(
                before,
                "<li><code>{}</code> {}<br><span class=\"muted\">fix: {}</span></li>",
                escape(&w.code),
                escape(&w.message),
                escape(&w.fix)
            );
        }
        before.push_str("</ul></section>\n");
    }
    let _ = writeln!(
        before,
        "<p class=\"meta\">{}</p>",
        escape(&evaluation.period_basis.describe())
    );
    let mut after = String::from(
        "<h2>Inputs</h2>\n<table><tr><th>role</th><th>file</th><th class=\"num\">bytes</th><th>SHA-256</th></tr>\n",
    );
    for i in &evaluation.inputs {
        let _ = writeln!(
            after,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
            escape(&i.role),
            escape(&i.name),
            i.bytes,
            escape(&i.sha256)
        );
    }
    after.push_str("</table>\n");
    let insert = |page: String, at: Option<usize>, text: &str| match at {
        Some(at) => {
            let (head, tail) = page.split_at(at);
            format!("{head}{text}{tail}")
        }
        None => page,
    };
    let at = page.find("<div class=\"verdict");
    let page = insert(page, at, &before);
    let at = page.rfind("</body>");
    insert(page, at, &after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("R&D <script>\"x\"'"),
            "R&amp;D &lt;script&gt;&quot;x&quot;&#39;"
        );
    }
}
