//! The report's "Why did it scale?": for each scaling decision of the run (up to a limit),
//! the per-minute table of the minutes around it and the plain-English answer, as an HTML
//! fragment inside a collapsible `<details>`. Every piece of text is escaped.

use super::html::{escape, Page};
use crate::explain::answer::decision_answer;
use crate::explain::around::AroundScaling;
use crate::explain::scaled;
use crate::explain::table::build;
use std::fmt::Write as _;

/// Decisions kept before and after each scaling decision.
pub const ROWS_AROUND: usize = 5;
/// Scaling decisions (groups of nearby ones) shown.
pub const MAX_SHOWN: usize = 20;

/// An observer sized for the report.
pub fn recorder() -> AroundScaling {
    AroundScaling::new(ROWS_AROUND, ROWS_AROUND, MAX_SHOWN)
}

/// The section as an HTML fragment.
pub fn fragment(why: &AroundScaling) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<details class=\"why\">\n<summary>Why did it scale? ({} scaling decision{})</summary>\n",
        why.scalings,
        if why.scalings == 1 { "" } else { "s" }
    );
    if why.groups.is_empty() {
        out.push_str("<p>No scaling decision in this run.</p>\n</details>\n");
        return out;
    }
    out.push_str(&format!(
        "<p>{}</p>\n",
        escape(
            "The minutes around each change of desired capacity: what each alarm saw (state, \
             breaching datapoints / datapoints to alarm), each policy's proposal (* won) and \
             the result, or the reason nothing changed (AWS NotScaledReasons codes, or \
             scalesim's own names where AWS has none). `scalesim explain SCENARIO --at TIME` \
             prints any minute in full."
        )
    ));
    for group in &why.groups {
        let table = build(group, None, None);
        for d in group.iter().filter(|d| scaled(d)) {
            let _ = writeln!(out, "<p>{}</p>", escape(&decision_answer(d)));
        }
        if !table.legend.is_empty() {
            out.push_str("<p>");
            for (i, l) in table.legend.iter().enumerate() {
                if i > 0 {
                    out.push_str("<br>");
                }
                out.push_str(&escape(l));
            }
            out.push_str("</p>\n");
        }
        out.push_str("<div class=\"wide\"><table>\n<thead><tr>");
        for h in &table.header {
            let _ = write!(out, "<th>{}</th>", escape(h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (d, row) in group.iter().zip(&table.rows) {
            out.push_str("<tr>");
            for cell in row {
                if scaled(d) {
                    let _ = write!(out, "<td><strong>{}</strong></td>", escape(cell));
                } else {
                    let _ = write!(out, "<td>{}</td>", escape(cell));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    if why.scalings > why.kept_scalings {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            escape(&format!(
                "Showing {} of the run's {} scaling decisions (the first ones); `scalesim explain` \
                 shows any other.",
                why.kept_scalings, why.scalings
            ))
        );
    }
    out.push_str("</details>\n");
    out
}

/// Append the section to `page`.
pub fn section(page: &mut Page, why: &AroundScaling) {
    page.fragment(&fragment(why));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::observer::{ActivityStatus, Collect};
    use crate::sim::Simulation;

    /// Bursts at 0:30, 0:40 and 1:20: each brings a scale-out and, later, a scale-in.
    fn run(max_groups: usize) -> AroundScaling {
        let sc = crate::scenario::from_text(
            r#"
horizon = "2h"
[[arrivals]]
kind = "burst"
at = "30s"
count = 3
[[arrivals]]
kind = "burst"
at = "40m"
count = 3
[[arrivals]]
kind = "burst"
at = "80m"
count = 3
[service]
kind = "deterministic"
value = "30s"
[capacity]
initial = 0
min = 0
max = 2
[policy]
kind = "application_auto_scaling"
[[policy.step_scaling]]
policy_name = "p<&>"
adjustment_type = "ChangeInCapacity"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]
[policy.step_scaling.alarm]
alarm_name = "a<b&c>"
metric_name = "HasBacklogWithoutCapacity"
statistic = "Maximum"
evaluation_periods = 1
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
[[policy.target_tracking]]
policy_name = "tt"
target_value = 1.0
scale_in_cooldown = "60s"
"#,
            std::path::Path::new("t.toml"),
            std::path::Path::new("."),
            &[],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let why = AroundScaling::new(ROWS_AROUND, ROWS_AROUND, max_groups);
        let mut tee = crate::report::tee::Tee(Collect::default(), why);
        Simulation::new(&sc.sim, 1, sc.build_policy()).run(&mut tee);
        // Every scaling decision here makes exactly one change of desired capacity.
        let changes = tee
            .0
            .activities
            .iter()
            .filter(|a| a.status != ActivityStatus::NotScaled)
            .count();
        assert_eq!(tee.1.scalings, changes as u64);
        assert!(
            changes >= 6,
            "out and in for each of three bursts: {changes}"
        );
        tee.1
    }

    #[test]
    fn every_scaling_decision_gets_its_minutes_escaped() {
        let why = run(MAX_SHOWN);
        assert_eq!(why.kept_scalings, why.scalings);
        let html = fragment(&why);
        assert_eq!(html.matches("<table>").count(), why.groups.len());
        for g in &why.groups {
            assert!(g.len() <= 2 * ROWS_AROUND + 1 || g.iter().filter(|d| scaled(d)).count() > 1);
        }
        assert!(html.contains("a&lt;b&amp;c&gt;"), "alarm name escaped");
        assert!(!html.contains("a<b"), "nothing unescaped");
        assert!(!html.contains("p<&>"));
        assert!(!html.contains("Showing"), "nothing left out");
    }

    #[test]
    fn beyond_the_limit_a_note_says_how_many_are_shown() {
        let why = run(1);
        assert_eq!(why.groups.len(), 1);
        assert!(why.kept_scalings < why.scalings);
        let html = fragment(&why);
        assert!(
            html.contains(&format!(
                "Showing {} of the run&#39;s {} scaling decisions",
                why.kept_scalings, why.scalings
            )),
            "{html}"
        );
        assert!(html.starts_with("<details class=\"why\">") && html.ends_with("</details>\n"));
    }
}
