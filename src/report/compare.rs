//! The comparison of variants: one [`CompareRow`] per variant, with the difference from the
//! first variant (the baseline), written as `compare.csv` and `compare.json` and printed as
//! a table. Columns are snake_case with units; both files read directly with pandas
//! (`pd.read_csv`, `pd.read_json`: the JSON is a list of row objects).

use super::atomic::write_atomic;
use super::files::fmt_f64;
use crate::sim::summary::RunSummary;
use serde::Serialize;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Columns of `compare.csv` (and keys of each `compare.json` object), in order.
pub const COMPARE_COLUMNS: &[&str] = &[
    "variant",
    "arrived",
    "completed",
    "expired",
    "failed",
    "rejected",
    "cost_usd",
    "instance_hours",
    "p50_latency_s",
    "p90_latency_s",
    "p99_latency_s",
    "max_latency_s",
    "cold_start_waits",
    "scale_out_events",
    "scale_in_events",
    "delta_cost_usd",
    "delta_cost_pct",
    "delta_p99_latency_s",
    "delta_p99_latency_pct",
];

/// One variant's results and its difference from the baseline (the first variant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// Variant name.
    pub variant: String,
    /// Requests that arrived (the same for every variant on the same arrivals).
    pub arrived: u64,
    /// Requests completed.
    pub completed: u64,
    /// Requests that expired in the queue.
    pub expired: u64,
    /// Requests that hit the invocation timeout.
    pub failed: u64,
    /// Requests refused on their last attempt.
    pub rejected: u64,
    /// Billed cost (USD).
    pub cost_usd: f64,
    /// Billed instance-hours.
    pub instance_hours: f64,
    /// Median latency of completed requests (s).
    pub p50_latency_s: f64,
    /// 90th percentile latency (s).
    pub p90_latency_s: f64,
    /// 99th percentile latency (s).
    pub p99_latency_s: f64,
    /// Maximum latency (s).
    pub max_latency_s: f64,
    /// Requests that arrived while no instance was InService.
    pub cold_start_waits: u64,
    /// Successful increases of desired capacity.
    pub scale_out_events: u64,
    /// Successful decreases of desired capacity.
    pub scale_in_events: u64,
    /// `cost_usd` minus the baseline's (0 for the baseline).
    pub delta_cost_usd: f64,
    /// `delta_cost_usd` as a percentage of the baseline's cost; null (empty) when the
    /// baseline cost nothing.
    pub delta_cost_pct: Option<f64>,
    /// `p99_latency_s` minus the baseline's (0 for the baseline).
    pub delta_p99_latency_s: f64,
    /// `delta_p99_latency_s` as a percentage of the baseline's p99; null (empty) when the
    /// baseline's p99 is 0.
    pub delta_p99_latency_pct: Option<f64>,
}

fn pct(delta: f64, base: f64) -> Option<f64> {
    (base != 0.0 && base.is_finite()).then(|| 100.0 * delta / base)
}

/// One row per `(variant, summary)`; the first is the baseline, whose deltas are 0.
pub fn rows(runs: &[(&str, &RunSummary)]) -> Vec<CompareRow> {
    let Some((_, base)) = runs.first() else {
        return Vec::new();
    };
    runs.iter()
        .enumerate()
        .map(|(i, (name, s))| {
            let (d_cost, d_p99) = if i == 0 {
                (0.0, 0.0)
            } else {
                (
                    s.cost_usd - base.cost_usd,
                    s.latency_s.p99 - base.latency_s.p99,
                )
            };
            let baseline_pct = |base: f64| if base != 0.0 { Some(0.0) } else { None };
            CompareRow {
                variant: name.to_string(),
                arrived: s.requests.arrived,
                completed: s.requests.completed,
                expired: s.requests.expired,
                failed: s.requests.failed,
                rejected: s.requests.rejected,
                cost_usd: s.cost_usd,
                instance_hours: s.instance_hours,
                p50_latency_s: s.latency_s.p50,
                p90_latency_s: s.latency_s.p90,
                p99_latency_s: s.latency_s.p99,
                max_latency_s: s.latency_s.max,
                cold_start_waits: s.cold_start_waits,
                scale_out_events: s.scale_out_events,
                scale_in_events: s.scale_in_events,
                delta_cost_usd: d_cost,
                delta_cost_pct: if i == 0 {
                    baseline_pct(base.cost_usd)
                } else {
                    pct(d_cost, base.cost_usd)
                },
                delta_p99_latency_s: d_p99,
                delta_p99_latency_pct: if i == 0 {
                    baseline_pct(base.latency_s.p99)
                } else {
                    pct(d_p99, base.latency_s.p99)
                },
            }
        })
        .collect()
}

impl CompareRow {
    /// The row's CSV cells, in [`COMPARE_COLUMNS`] order (empty for a missing value).
    pub fn cells(&self) -> Vec<String> {
        let opt = |v: Option<f64>| v.map(fmt_f64).unwrap_or_default();
        vec![
            self.variant.clone(),
            self.arrived.to_string(),
            self.completed.to_string(),
            self.expired.to_string(),
            self.failed.to_string(),
            self.rejected.to_string(),
            fmt_f64(self.cost_usd),
            fmt_f64(self.instance_hours),
            fmt_f64(self.p50_latency_s),
            fmt_f64(self.p90_latency_s),
            fmt_f64(self.p99_latency_s),
            fmt_f64(self.max_latency_s),
            self.cold_start_waits.to_string(),
            self.scale_out_events.to_string(),
            self.scale_in_events.to_string(),
            fmt_f64(self.delta_cost_usd),
            opt(self.delta_cost_pct),
            fmt_f64(self.delta_p99_latency_s),
            opt(self.delta_p99_latency_pct),
        ]
    }
}

/// Write `compare.csv` and `compare.json` into `dir`, atomically.
pub fn write_files(dir: &Path, rows: &[CompareRow]) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(COMPARE_COLUMNS)?;
    for r in rows {
        csv.write_record(r.cells())?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    write_atomic(&dir.join("compare.csv"), &bytes)?;
    let mut json = serde_json::to_vec_pretty(rows).map_err(io::Error::other)?;
    json.push(b'\n');
    write_atomic(&dir.join("compare.json"), &json)
}

/// A latency for people: `250 ms`, `2.50 s`, `612 s`, `2.1 h`.
pub fn human_secs(s: f64) -> String {
    if !s.is_finite() {
        "n/a".into()
    } else if s.abs() >= 7200.0 {
        format!("{:.1} h", s / 3600.0)
    } else if s.abs() >= 100.0 {
        format!("{s:.0} s")
    } else if s.abs() >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.0} ms", s * 1e3)
    }
}

fn signed_pct(p: Option<f64>) -> String {
    p.map(|p| format!(" ({p:+.1}%)")).unwrap_or_default()
}

/// The rows as human-readable cells: header, then one row per variant (for the terminal
/// table and the HTML report). The baseline's deltas read `baseline`.
pub fn display_cells(rows: &[CompareRow]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec![
        "variant",
        "cost",
        "Δ cost",
        "p50",
        "p90",
        "p99",
        "Δ p99",
        "max",
        "completed",
        "expired",
        "failed",
        "rejected",
        "cold-start waits",
        "scale out / in",
        "instance-hours",
    ];
    let body = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (d_cost, d_p99) = if i == 0 {
                ("baseline".to_string(), "baseline".to_string())
            } else {
                let sign = if r.delta_cost_usd < 0.0 { "-" } else { "+" };
                (
                    format!(
                        "{sign}${:.2}{}",
                        r.delta_cost_usd.abs(),
                        signed_pct(r.delta_cost_pct)
                    ),
                    format!(
                        "{}{}{}",
                        if r.delta_p99_latency_s < 0.0 {
                            "-"
                        } else {
                            "+"
                        },
                        human_secs(r.delta_p99_latency_s.abs()),
                        signed_pct(r.delta_p99_latency_pct)
                    ),
                )
            };
            vec![
                r.variant.clone(),
                format!("${:.2}", r.cost_usd),
                d_cost,
                human_secs(r.p50_latency_s),
                human_secs(r.p90_latency_s),
                human_secs(r.p99_latency_s),
                d_p99,
                human_secs(r.max_latency_s),
                r.completed.to_string(),
                r.expired.to_string(),
                r.failed.to_string(),
                r.rejected.to_string(),
                r.cold_start_waits.to_string(),
                format!("{} / {}", r.scale_out_events, r.scale_in_events),
                format!("{:.2}", r.instance_hours),
            ]
        })
        .collect();
    (header, body)
}

/// The comparison as an aligned text table for the terminal.
pub fn render_table(rows: &[CompareRow]) -> String {
    let (header, body) = display_cells(rows);
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::from(" ");
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            if i == 0 {
                let _ = write!(text, " {cell}{}", " ".repeat(pad));
            } else {
                let _ = write!(text, "  {}{cell}", " ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(&mut out, &mut header.iter().copied());
    for row in &body {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
