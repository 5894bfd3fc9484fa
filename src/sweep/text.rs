//! The short summary a finished sweep prints on stdout: the Pareto frontier with means and
//! 95% intervals, and the SLO's outcome (the recommended point, or the closest ones).

use super::charts::fmt_latency;
use super::output::{Finished, RECOMMENDED_AWS};
use super::record::Metric;
use super::slo::{check, Constraint};
use super::stats::{MeanCi, PointStats};
use super::Sweep;
use std::fmt::Write;
use std::path::Path;

fn fmt_value(m: Metric, v: f64) -> String {
    if m.is_latency() {
        fmt_latency(v)
    } else if m == Metric::CostUsd {
        format!("${v:.2}")
    } else {
        format!("{v:.4}")
    }
}

/// `mean [lo, hi]`, or the mean alone without an interval.
pub fn fmt_figure(m: Metric, f: MeanCi) -> String {
    match (f.mean, f.lo, f.hi) {
        (Some(mean), Some(lo), Some(hi)) => format!(
            "{} [{}, {}]",
            fmt_value(m, mean),
            fmt_value(m, lo),
            fmt_value(m, hi)
        ),
        (Some(mean), _, _) => fmt_value(m, mean),
        _ => "n/a".into(),
    }
}

fn fmt_check(s: &PointStats, c: &Constraint) -> String {
    let k = check(s, c);
    let judged = k.judged.map_or("n/a (no completed request)".into(), |v| {
        fmt_value(c.metric, v)
    });
    let mark = if k.ok { "≤" } else { ">" };
    format!(
        "{} {judged} {mark} {}",
        c.name,
        fmt_value(c.metric, c.limit)
    )
}

/// The width terminal tables keep within.
const TABLE_WIDTH: usize = 100;

/// `text` cut after its `, ` separators into lines of at most `room` characters (a longer
/// piece stays whole on its own line).
fn wrap_at_commas(text: &str, room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in text.split(", ") {
        if line.is_empty() {
            line.push_str(piece);
        } else if line.chars().count() + 2 + piece.chars().count() <= room {
            line.push_str(", ");
            line.push_str(piece);
        } else {
            line.push(',');
            lines.push(std::mem::replace(&mut line, piece.to_string()));
        }
    }
    lines.push(line);
    lines
}

/// The summary of `result` for `sweep`, whose files are in `out`.
pub fn render(sweep: &Sweep, result: &Finished, out: &Path) -> String {
    let mut o = String::new();
    let lat = sweep.latency_metric.metric();
    let name = sweep.latency_metric.name();
    let last = sweep.seed(sweep.replications.saturating_sub(1));
    let seeds = if last == sweep.base_seed {
        format!("seed {last}")
    } else {
        format!("seeds {}..{last}", sweep.base_seed)
    };
    let _ = writeln!(
        o,
        "  sweep {}: {} points × {} replication(s), {seeds}",
        sweep.name,
        sweep.points.len(),
        sweep.replications,
    );
    let _ = writeln!(
        o,
        "  Pareto frontier on mean cost and mean {name} latency, cheapest first (mean [95% CI]):"
    );
    let rows: Vec<[String; 4]> = result
        .frontier
        .iter()
        .map(|&i| {
            let s = &result.stats[i];
            [
                i.to_string(),
                fmt_figure(Metric::CostUsd, s.get(Metric::CostUsd)),
                fmt_figure(lat, s.get(lat)),
                sweep.points[i].label.clone(),
            ]
        })
        .collect();
    let header = [
        "point".to_string(),
        "cost".into(),
        format!("{name} latency"),
        "parameters".into(),
    ];
    let width = |k: usize| {
        rows.iter()
            .map(|r| r[k].chars().count())
            .chain([header[k].len()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    // The parameters wrap at their commas so that the table fits 100 columns.
    let indent = 4 + w0 + 2 + w1 + 2 + w2 + 2;
    let room = TABLE_WIDTH.saturating_sub(indent).max(30);
    for r in std::iter::once(&header).chain(&rows) {
        let mut lines = wrap_at_commas(&r[3], room).into_iter();
        let first = lines.next().unwrap_or_default();
        let _ = writeln!(
            o,
            "    {:<w0$}  {:<w1$}  {:<w2$}  {first}",
            r[0], r[1], r[2]
        );
        for more in lines {
            let _ = writeln!(o, "{:indent$}{more}", "");
        }
    }
    if let Some(rec) = &result.recommendation {
        let basis = if sweep.replications > 1 {
            "at the upper end of the 95% CI"
        } else {
            "on the single replication (no CI)"
        };
        let _ = writeln!(
            o,
            "  SLO {} judged {basis}: {} of {} points meet it",
            rec.slo,
            rec.meeting,
            sweep.points.len()
        );
        let line = |o: &mut String, head: &str, i: usize| {
            let s = &result.stats[i];
            let checks: Vec<String> = rec
                .slo
                .constraints
                .iter()
                .map(|c| fmt_check(s, c))
                .collect();
            let _ = writeln!(
                o,
                "  {head} point {i} ({}): cost {}; {}",
                sweep.points[i].label,
                fmt_figure(Metric::CostUsd, s.get(Metric::CostUsd)),
                checks.join("; ")
            );
        };
        match rec.chosen {
            Some(i) => {
                line(&mut o, "recommended:", i);
                if result.aws_written {
                    let _ = writeln!(
                        o,
                        "  its AWS CLI JSON: {}",
                        out.join(RECOMMENDED_AWS).display()
                    );
                }
                if let Some(note) = &result.aws_note {
                    let _ = writeln!(o, "  note: {note}");
                }
            }
            None => {
                let _ = writeln!(o, "  no point meets the SLO; the closest:");
                for &i in &rec.closest {
                    line(&mut o, "  ", i);
                }
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::wrap_at_commas;

    #[test]
    fn parameters_wrap_at_commas() {
        let text = "policy.target_tracking[0].target_value=10.0, capacity.min=0, capacity.max=4";
        let lines = wrap_at_commas(text, 50);
        assert_eq!(
            lines,
            vec![
                "policy.target_tracking[0].target_value=10.0,",
                "capacity.min=0, capacity.max=4"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 50));
        assert_eq!(wrap_at_commas("a=1", 10), vec!["a=1"]);
    }
}
