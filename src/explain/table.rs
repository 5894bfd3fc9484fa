//! The per-minute table of decisions (one row per minute boundary) and the details of one
//! evaluation, as text. The rows are plain strings so that `report::why` can put the same
//! table into HTML.

use super::answer::{alarm_counts, proposal_text, reason_text};
use super::{clock, clock_minute, number, short_alarm_name, symbol, wrap, WIDTH};
use crate::policy::decision::{AlarmCheck, Decision, DecisionResult, Reason};
use crate::policy::AlarmState;
use crate::time::SimTime;

/// A laid-out table: a legend of the alarm columns, the header and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// One line per alarm column (`A1  High my-policy: …`), then a line on the cells.
    pub legend: Vec<String>,
    /// Column titles.
    pub header: Vec<String>,
    /// One row per decision.
    pub rows: Vec<Vec<String>>,
    /// Whether each column is numeric (right-aligned).
    pub numeric: Vec<bool>,
    /// The row of the time asked about, if any.
    pub marked: Option<usize>,
    /// Alarms left out of the table to keep it within [`WIDTH`] columns.
    pub omitted_alarms: usize,
}

/// The alarms of the run, from the first decision that has an explanation.
pub fn alarms_of(decisions: &[Decision]) -> Vec<AlarmCheck> {
    decisions
        .iter()
        .find_map(|d| d.explanation.as_ref())
        .map(|e| e.alarms.clone())
        .unwrap_or_default()
}

/// The state as a table cell: `OK`, `ALARM` or `INSUF`.
fn state_cell(s: AlarmState) -> &'static str {
    match s {
        AlarmState::Ok => "OK",
        AlarmState::Alarm => "ALARM",
        AlarmState::InsufficientData => "INSUF",
    }
}

/// Longest reason code in the table (longer ones are cut; the details print them whole).
const RESULT_CODE_WIDTH: usize = 24;

/// The result column: `0 → 1`, or the reason code (with the cooldown left), cut to
/// [`RESULT_CODE_WIDTH`] when `narrow`.
pub fn result_cell(d: &Decision, narrow: bool) -> String {
    match &d.result {
        DecisionResult::Scaled { from, to, .. } => format!("{from} → {to}"),
        DecisionResult::Unchanged { reason } => match reason {
            Reason::ScaleOutCooldown { left_s } | Reason::ScaleInCooldown { left_s } => {
                format!("{} {}", reason.code(), super::span(*left_s))
            }
            r if narrow => super::cut(r.code(), RESULT_CODE_WIDTH),
            r => r.code().to_string(),
        },
    }
}

/// The proposals column: each policy's capacity or `-`, the winner marked `*`.
fn proposals_cell(d: &Decision) -> String {
    let Some(e) = &d.explanation else {
        return String::new();
    };
    let winner = e.winner.as_ref().map(|w| w.policy.as_str());
    e.proposals
        .iter()
        .map(|p| match p.capacity {
            Some(c) if winner == Some(p.policy.as_str()) => format!("{c}*"),
            Some(c) => c.to_string(),
            None => "-".to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The table of `decisions`, marking the last row at or before `at`; with `max_width`,
/// alarm columns are left out from the right until its text fits.
pub fn build(decisions: &[Decision], at: Option<SimTime>, max_width: Option<usize>) -> Table {
    let alarms = alarms_of(decisions);
    let mut legend: Vec<String> = alarms
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let metric = a.metric.unwrap_or("(a metric scalesim does not publish)");
            super::cut(
                &format!(
                    "A{}  {}: {} {:?} {} {}, {} of {}",
                    i + 1,
                    short_alarm_name(a),
                    metric,
                    a.statistic,
                    symbol(a.comparison),
                    number(a.threshold),
                    a.datapoints_to_alarm,
                    a.evaluation_periods
                ),
                WIDTH,
            )
        })
        .collect();
    let base = ["time", "queue", "des", "in", "pend"];
    let tail = ["proposed", "result"];
    let rows_for = |n_alarms: usize| -> Vec<Vec<String>> {
        decisions
            .iter()
            .map(|d| {
                let c = d.before;
                let mut row = vec![
                    clock(d.time),
                    d.backlog.to_string(),
                    c.desired.to_string(),
                    c.in_service.to_string(),
                    c.pending.to_string(),
                ];
                let checks = d.explanation.as_ref().map(|e| e.alarms.as_slice());
                for i in 0..n_alarms {
                    row.push(checks.and_then(|a| a.get(i)).map_or(String::new(), |a| {
                        format!(
                            "{} {}/{}",
                            state_cell(a.state),
                            a.breaching,
                            a.datapoints_to_alarm
                        )
                    }));
                }
                row.push(proposals_cell(d));
                row.push(result_cell(d, max_width.is_some()));
                row
            })
            .collect()
    };
    let mut shown = alarms.len();
    let (rows, header) = loop {
        let rows = rows_for(shown);
        let mut header: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        header.extend((1..=shown).map(|i| format!("A{i}")));
        header.extend(tail.iter().map(|s| s.to_string()));
        if max_width.is_none_or(|w| text_width(&header, &rows) <= w) || shown == 0 {
            break (rows, header);
        }
        shown -= 1;
    };
    let omitted = alarms.len() - shown;
    if !alarms.is_empty() {
        legend.push(
            "cells: alarm state after the evaluation (INSUF = INSUFFICIENT_DATA), breaching \
             datapoints / datapoints to alarm (M); proposed: each policy's capacity, * won"
                .to_string(),
        );
    }
    if omitted > 0 {
        let which = if omitted == 1 {
            format!("A{} is", alarms.len())
        } else {
            format!("A{}–A{} are", shown + 1, alarms.len())
        };
        legend.push(format!(
            "{which} left out to keep the table narrow; see the details below and --json"
        ));
    }
    let mut numeric = vec![false, true, true, true, true];
    numeric.extend(std::iter::repeat_n(false, shown + tail.len()));
    let marked = at.and_then(|at| decisions.iter().rposition(|d| d.time <= at));
    Table {
        legend,
        header,
        rows,
        numeric,
        marked,
        omitted_alarms: omitted,
    }
}

fn widths(header: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let mut w: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(x) = w.get_mut(i) {
                *x = (*x).max(cell.chars().count());
            }
        }
    }
    w
}

/// Width of the text table: a two-character marker, then columns two spaces apart.
fn text_width(header: &[String], rows: &[Vec<String>]) -> usize {
    let w = widths(header, rows);
    2 + w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1)
}

/// The table as aligned text, the marked row starting with `>`.
pub fn render_text(t: &Table) -> String {
    let w = widths(&t.header, &t.rows);
    let line = |cells: &[String], mark: bool| -> String {
        let mut s = String::from(if mark { "> " } else { "  " });
        for (i, cell) in cells.iter().enumerate() {
            let pad = w[i].saturating_sub(cell.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if t.numeric.get(i).copied().unwrap_or(false) {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = String::new();
    for l in &t.legend {
        out.push_str(&wrap(l, WIDTH, "    "));
        out.push('\n');
    }
    if !t.legend.is_empty() {
        out.push('\n');
    }
    out.push_str(&line(&t.header, false));
    out.push('\n');
    for (i, row) in t.rows.iter().enumerate() {
        out.push_str(&line(row, t.marked == Some(i)));
        out.push('\n');
    }
    out
}

/// The datapoints of an alarm's evaluation range: `0:13 0.5*` (breaching), `0:14 -` (no
/// datapoint), `0:02 (0.4)` (in the range but not evaluated).
pub fn datapoints(a: &AlarmCheck) -> Vec<String> {
    a.datapoints
        .iter()
        .map(|p| {
            let v = match p.value {
                None => "-".to_string(),
                Some(x) if !p.evaluated => format!("({})", number(x)),
                Some(x) if p.breaching => format!("{}*", number(x)),
                Some(x) => number(x),
            };
            format!("{} {v}", clock_minute(p.minute))
        })
        .collect()
}

/// `items` after `prefix`, two spaces apart, wrapped to [`WIDTH`] without splitting an item.
fn wrap_items(prefix: &str, items: &[String], indent: &str) -> String {
    let mut out = String::new();
    let mut line = prefix.to_string();
    let mut first = true;
    for item in items {
        let len = line.chars().count();
        if !first && len + 2 + item.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
        } else if !first {
            line.push_str("  ");
        }
        line.push_str(item);
        first = false;
    }
    out.push_str(&line);
    out
}

/// `cause` with every full alarm name of `d` replaced by its short name.
pub fn short_cause(d: &Decision, cause: &str) -> String {
    let mut s = cause.to_string();
    if let Some(e) = &d.explanation {
        for a in &e.alarms {
            s = s.replace(&a.name, &short_alarm_name(a));
        }
    }
    s
}

/// A line wrapped to [`WIDTH`], continuation lines indented two more than it.
fn wrapped(line: &str) -> String {
    let indent = " ".repeat(line.len() - line.trim_start().len() + 2);
    wrap(line, WIDTH, &indent)
}

/// Everything about one evaluation, as indented text within [`WIDTH`] columns.
pub fn details(d: &Decision) -> String {
    let c = d.before;
    let mut lines = vec![wrapped(&format!(
        "evaluation at {}: desired {} ({} InService, {} pending), min {}, max {}; {} requests \
         queued or in flight",
        clock(d.time),
        c.desired,
        c.in_service,
        c.pending,
        c.min,
        c.max,
        d.backlog
    ))];
    if let Some(e) = &d.explanation {
        for (i, a) in e.alarms.iter().enumerate() {
            lines.push(format!("  A{} {}", i + 1, short_alarm_name(a)));
            let was = if a.previous == a.state {
                String::new()
            } else {
                format!(" (was {})", a.previous.as_str())
            };
            lines.push(wrapped(&format!(
                "     {}{was}: {}",
                a.state.as_str(),
                alarm_counts(a)
            )));
            let points = datapoints(a);
            let prefix = format!(
                "     {} {:?} per {}: ",
                a.metric.unwrap_or("metric"),
                a.statistic,
                super::span(f64::from(a.period_s)),
            );
            lines.push(if points.is_empty() {
                format!("{prefix}none published yet")
            } else {
                wrap_items(&prefix, &points, "       ")
            });
        }
        if !e.alarms.is_empty() {
            lines.push(wrapped(
                "     (* breaching, - no datapoint, (x) in the range but not evaluated; each \
                 datapoint is labelled with the minute it covers)",
            ));
        }
        lines.push("  proposals:".to_string());
        for p in &e.proposals {
            lines.push(wrapped(&format!("     {}", proposal_text(p, d))));
        }
        let cooldown = |left: Option<f64>| {
            left.map_or("none running".to_string(), |s| {
                format!("{} left", super::span(s))
            })
        };
        lines.push(format!(
            "  cooldowns: scale-out {}; scale-in {}",
            cooldown(e.scale_out_cooldown_left_s),
            cooldown(e.scale_in_cooldown_left_s)
        ));
    }
    lines.push(wrapped(&format!(
        "  result: {}",
        match &d.result {
            DecisionResult::Scaled { from, to, cause } => {
                format!("desired {from} → {to} ({})", short_cause(d, cause))
            }
            DecisionResult::Unchanged { reason } => reason_text(d, reason),
        }
    )));
    lines.join("\n")
}
