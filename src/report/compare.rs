//! The comparison of variants: one [`CompareRow`] per variant, with the difference from the
//! first variant (the baseline), written as `compare.csv` and `compare.json` and printed as
//! a table. Columns are snake_case with units; both files read directly with pandas
//! (`pd.read_csv`, `pd.read_json`: the JSON is a list of row objects).

use super::atomic::write_atomic;
use super::files::fmt_f64;
use super::table::percent;
use crate::sim::summary::{Figure, RunSummary, SummaryRow};
use crate::time::{human_duration, human_duration_opt};
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
    "completed_share",
    "lost_share",
    "cost_usd",
    "instance_hours",
    "p50_latency_s",
    "p90_latency_s",
    "p99_latency_s",
    "max_latency_s",
    "p99_latency_all_s",
    "cold_start_waits",
    "scale_out_events",
    "scale_in_events",
    "delta_cost_usd",
    "delta_cost_pct",
    "delta_p99_latency_s",
    "delta_p99_latency_pct",
];

/// One variant's results and its difference from the baseline (the first variant).
/// Latencies are null (an empty CSV cell) when no request completed. Serialized as the
/// [`COMPARE_COLUMNS`], in order: the variant, figures of its [`SummaryRow`], the deltas.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    /// Variant name.
    pub variant: String,
    /// The run's figures.
    pub figures: SummaryRow,
    /// `cost_usd` minus the baseline's (0 for the baseline).
    pub delta_cost_usd: f64,
    /// `delta_cost_usd` as a percentage of the baseline's cost; null (empty) when the
    /// baseline cost nothing.
    pub delta_cost_pct: Option<f64>,
    /// `p99_latency_s` minus the baseline's (0 for the baseline); null when either has
    /// no p99.
    pub delta_p99_latency_s: Option<f64>,
    /// `delta_p99_latency_s` as a percentage of the baseline's p99; null (empty) when the
    /// baseline's p99 is 0 or missing.
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
    let base = base.row();
    runs.iter()
        .map(|(name, s)| {
            let figures = s.row();
            let d_cost = figures.cost_usd - base.cost_usd;
            let d_p99 = figures
                .p99_latency_s
                .zip(base.p99_latency_s)
                .map(|(a, b)| a - b);
            CompareRow {
                variant: name.to_string(),
                delta_cost_usd: d_cost,
                delta_cost_pct: pct(d_cost, base.cost_usd),
                delta_p99_latency_s: d_p99,
                delta_p99_latency_pct: d_p99.and_then(|d| pct(d, base.p99_latency_s?)),
                figures,
            }
        })
        .collect()
}

impl CompareRow {
    /// Whether this variant lost requests (expired, failed or rejected).
    pub fn loses_requests(&self) -> bool {
        self.figures.lost() > 0
    }

    /// The figure of a column after `variant` (a delta, or one of the run's figures).
    fn figure(&self, column: &str) -> Figure {
        match column {
            "delta_cost_usd" => Figure::Number(self.delta_cost_usd),
            "delta_cost_pct" => Figure::Maybe(self.delta_cost_pct),
            "delta_p99_latency_s" => Figure::Maybe(self.delta_p99_latency_s),
            "delta_p99_latency_pct" => Figure::Maybe(self.delta_p99_latency_pct),
            // Every other column is a figure of the row (a unit test checks them all).
            c => self.figures.figure(c).unwrap_or(Figure::Maybe(None)),
        }
    }

    /// The row's CSV cells, in [`COMPARE_COLUMNS`] order (empty for a missing value).
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![self.variant.clone()];
        cells.extend(COMPARE_COLUMNS[1..].iter().map(|c| match self.figure(c) {
            Figure::Count(n) => n.to_string(),
            Figure::Number(v) => fmt_f64(v),
            Figure::Maybe(v) => v.map(fmt_f64).unwrap_or_default(),
        }));
        cells
    }
}

impl Serialize for CompareRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(COMPARE_COLUMNS.len()))?;
        map.serialize_entry(COMPARE_COLUMNS[0], &self.variant)?;
        for c in &COMPARE_COLUMNS[1..] {
            map.serialize_entry(c, &self.figure(c))?;
        }
        map.end()
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

/// The mark after the name of a variant that lost requests, explained under the table.
pub const LOSES_REQUESTS_MARK: &str = " !";

/// The note under a table in which some variant carries [`LOSES_REQUESTS_MARK`], in lines
/// that fit a terminal.
pub const LOSES_REQUESTS_NOTE: [&str; 2] = [
    "! lost requests (expired, failed or rejected): its p99 is over completed requests only;",
    "  \"p99 all\" counts a lost request as never finished (\"never\": more than 1 % were lost)",
];

fn signed_pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p:+.1}%"))
        .unwrap_or_else(|| "n/a".into())
}

fn signed_duration(d: Option<f64>) -> String {
    match d {
        None => "n/a".into(),
        Some(d) if d < 0.0 => human_duration(d),
        Some(d) => format!("+{}", human_duration(d)),
    }
}

/// Which columns a table shows: the narrow one fits a 100-column terminal, the wide one
/// (`--wide`) has every figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableWidth {
    /// Cost, p99 and the share of requests lost, with the differences from the baseline.
    Narrow,
    /// Everything `compare.csv` holds, for people.
    Wide,
}

/// The rows as human-readable cells: header, then one row per variant (for the terminal
/// table and the HTML report). The baseline's deltas read `baseline`; a variant that lost
/// requests carries [`LOSES_REQUESTS_MARK`].
pub fn display_cells(
    rows: &[CompareRow],
    width: TableWidth,
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let wide = width == TableWidth::Wide;
    let mut header = vec!["variant", "cost", "Δ cost"];
    if wide {
        header.push("p50");
        header.push("p90");
    }
    header.extend(["p99", "Δ p99", "p99 all", "completed", "lost"]);
    if wide {
        header.extend([
            "expired",
            "failed",
            "rejected",
            "max",
            "cold-start waits",
            "instance-hours",
        ]);
    }
    header.push("out/in");
    let body = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (d_cost, d_p99) = if i == 0 {
                ("baseline".to_string(), "baseline".to_string())
            } else if wide {
                let sign = if r.delta_cost_usd < 0.0 { "-" } else { "+" };
                (
                    format!(
                        "{sign}${:.2} ({})",
                        r.delta_cost_usd.abs(),
                        signed_pct(r.delta_cost_pct)
                    ),
                    format!(
                        "{} ({})",
                        signed_duration(r.delta_p99_latency_s),
                        signed_pct(r.delta_p99_latency_pct)
                    ),
                )
            } else {
                (
                    signed_pct(r.delta_cost_pct),
                    signed_pct(r.delta_p99_latency_pct),
                )
            };
            let mark = if r.loses_requests() {
                LOSES_REQUESTS_MARK
            } else {
                ""
            };
            let p99_all = match r.figures.p99_latency_all_s {
                Some(v) => human_duration(v),
                None if r.loses_requests() => "never".into(),
                None => "n/a".into(),
            };
            let mut cells = vec![
                format!("{}{mark}", r.variant),
                format!("${:.2}", r.figures.cost_usd),
                d_cost,
            ];
            if wide {
                cells.push(human_duration_opt(r.figures.p50_latency_s));
                cells.push(human_duration_opt(r.figures.p90_latency_s));
            }
            cells.extend([
                human_duration_opt(r.figures.p99_latency_s),
                d_p99,
                p99_all,
                percent(r.figures.share(r.figures.completed)),
                percent(r.figures.share(r.figures.lost())),
            ]);
            if wide {
                cells.extend([
                    r.figures.expired.to_string(),
                    r.figures.failed.to_string(),
                    r.figures.rejected.to_string(),
                    human_duration_opt(r.figures.max_latency_s),
                    r.figures.cold_start_waits.to_string(),
                    format!("{:.2}", r.figures.instance_hours),
                ]);
            }
            cells.push(format!(
                "{} / {}",
                r.figures.scale_out_events, r.figures.scale_in_events
            ));
            cells
        })
        .collect();
    (header, body)
}

/// The comparison as an aligned text table for the terminal, with the note on lost
/// requests under it when a variant lost some.
pub fn render_table(rows: &[CompareRow], width: TableWidth) -> String {
    let (header, body) = display_cells(rows, width);
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
    if rows.iter().any(CompareRow::loses_requests) {
        for note in LOSES_REQUESTS_NOTE {
            let _ = writeln!(out, "  {note}");
        }
    }
    out
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
