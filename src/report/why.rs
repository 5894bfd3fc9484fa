//! The report's "Why did it scale?": for each scaling decision of the run (up to a limit),
//! the per-minute table of the minutes around it and the plain-English answer, as an HTML
//! fragment inside a collapsible `<details>`. Every piece of text is escaped.

use super::html::{escape, Page};
use crate::explain::answer::decision_answer;
use crate::explain::around::AroundScaling;
use crate::explain::table::build;
use crate::explain::scaled;
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
