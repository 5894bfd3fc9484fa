//! The files `backtest` writes (see the module docs of `backtest`) and the figures it
//! prints.

use super::compare::Figures;
use super::Backtest;
use crate::chart::overlay::{overlay, OverlaySeries};
use crate::chart::ChartFormat;
use crate::recorded::write::{scaling_activities, SimulatedRecord, TimestampStyle, WriteOptions};
use crate::report::atomic::write_atomic;
use crate::report::files::fmt_f64;
use crate::scenario::Scenario;
use crate::time::human_duration;
use anyhow::Context;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `backtest.csv`.
pub const CSV: &str = "backtest.csv";
/// `backtest.json`.
pub const JSON: &str = "backtest.json";
/// The simulated activities in AWS's shape.
pub const ACTIVITIES: &str = "simulated-scaling-activities.json";

fn opt(v: Option<f64>) -> String {
    v.map(fmt_f64).unwrap_or_default()
}

/// The text of `backtest.csv`.
pub fn csv(bt: &Backtest) -> anyhow::Result<String> {
    let c = &bt.comparison;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "minute",
        "time",
        "recorded_desired",
        "simulated_desired",
        "simulated_in_service",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (m, s) in &c.metric_columns {
        header.push(format!("recorded_{m}_{s}"));
        header.push(format!("simulated_{m}_{s}"));
    }
    header.extend(
        [
            "recorded_time_in_backlog_s",
            "simulated_wait_s",
            "recorded_total_processing_time_s",
            "simulated_latency_s",
            "recorded_invocations_processed",
            "simulated_completed",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    w.write_record(&header)?;
    for r in &c.rows {
        let mut row = vec![
            r.minute.to_string(),
            r.time.clone(),
            r.recorded_desired.to_string(),
            r.simulated_desired.to_string(),
            r.simulated_in_service.to_string(),
        ];
        for (a, b) in &r.metrics {
            row.push(opt(*a));
            row.push(opt(*b));
        }
        row.extend([
            opt(r.wait_s.0),
            opt(r.wait_s.1),
            opt(r.latency_s.0),
            opt(r.latency_s.1),
            opt(r.processed.0),
            r.processed.1.to_string(),
        ]);
        w.write_record(&row)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

#[derive(Serialize)]
struct JsonOut<'a> {
    scenario: &'a str,
    seed: u64,
    window_start: String,
    window_end: String,
    minutes: u64,
    initial_capacity: u32,
    initial_capacity_source: &'a str,
    settings: &'a [super::Setting],
    figures: &'a Figures,
    events: &'a [super::compare::EventMatch],
    unmatched_simulated_events: &'a [super::compare::Event],
}

/// The text of `backtest.json`.
pub fn json(bt: &Backtest, sc: &Scenario) -> anyhow::Result<String> {
    let out = JsonOut {
        scenario: sc.name(),
        seed: bt.summary.seed,
        window_start: bt.window.start.iso(),
        window_end: bt.window.end().iso(),
        minutes: bt.window.minutes,
        initial_capacity: sc.sim.capacity.initial,
        initial_capacity_source: &bt.capacity.initial_source,
        settings: &bt.settings,
        figures: &bt.comparison.figures,
        events: &bt.comparison.matches,
        unmatched_simulated_events: &bt.comparison.unmatched_simulated,
    };
    Ok(serde_json::to_string_pretty(&out)? + "\n")
}

fn overlay_series(bt: &Backtest, sc: &Scenario) -> OverlaySeries {
    let c = &bt.comparison;
    let backlog = c
        .metric_columns
        .iter()
        .position(|(m, _)| m == "ApproximateBacklogSize");
    let pick = |k: Option<usize>, which: usize| -> Vec<f64> {
        c.rows
            .iter()
            .map(|r| {
                k.and_then(|k| r.metrics.get(k))
                    .and_then(|p| if which == 0 { p.0 } else { p.1 })
                    .unwrap_or(f64::NAN)
            })
            .collect()
    };
    let events = |list: &mut Vec<(f64, f64, bool)>, e: &super::compare::Event| {
        list.push((e.offset_s, f64::from(e.to), e.to > e.from));
    };
    let mut recorded_events = Vec::new();
    let mut simulated_events = Vec::new();
    for m in &c.matches {
        events(&mut recorded_events, &m.recorded);
        if let Some(s) = &m.simulated {
            events(&mut simulated_events, s);
        }
    }
    for e in &c.unmatched_simulated {
        events(&mut simulated_events, e);
    }
    OverlaySeries {
        title: format!(
            "{}: recorded against simulated, {} to {}",
            sc.name(),
            bt.window.start,
            bt.window.end()
        ),
        time_s: c.rows.iter().map(|r| r.minute as f64 * 60.0).collect(),
        recorded_capacity: c
            .rows
            .iter()
            .map(|r| f64::from(r.recorded_desired))
            .collect(),
        simulated_capacity: c
            .rows
            .iter()
            .map(|r| f64::from(r.simulated_desired))
            .collect(),
        recorded_backlog: pick(backlog, 0),
        simulated_backlog: pick(backlog, 1),
        recorded_events,
        simulated_events,
        backlog_statistic: backlog
            .and_then(|k| c.metric_columns.get(k))
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| "not in the record".into()),
    }
}

/// Write every output of `bt` into `dir`; returns the files written. A chart that cannot
/// be drawn is reported as the second value (every other file is written).
pub fn write(
    dir: &Path,
    bt: &Backtest,
    sc: &Scenario,
    chart: Option<ChartFormat>,
) -> anyhow::Result<(Vec<PathBuf>, Option<String>)> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    let mut put = |name: &str, text: &str| -> anyhow::Result<()> {
        let path = dir.join(name);
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
        Ok(())
    };
    put(CSV, &csv(bt)?)?;
    put(JSON, &json(bt, sc)?)?;
    let rec = SimulatedRecord {
        scenario: sc,
        start: bt.window.start,
        trace: &bt.trace,
    };
    let opts = WriteOptions {
        timestamps: TimestampStyle::Iso8601 { offset_minutes: 0 },
        ..WriteOptions::default()
    };
    let activities = serde_json::to_string_pretty(&scaling_activities(&rec, &opts))? + "\n";
    put(ACTIVITIES, &activities)?;
    let mut chart_error = None;
    if let Some(format) = chart {
        let path = dir.join(format!("backtest.{}", format.extension()));
        match overlay(&overlay_series(bt, sc), &path, format) {
            Ok(()) => written.push(path),
            Err(e) => chart_error = Some(format!("{}: {e}", path.display())),
        }
    }
    Ok((written, chart_error))
}

fn pct(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{:.1} %", 100.0 * v))
}

/// The figures of fit as a short table for the terminal.
pub fn text(bt: &Backtest) -> String {
    let f = &bt.comparison.figures;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "backtest  {} to {} ({} minutes)",
        bt.window.start,
        bt.window.end(),
        bt.window.minutes
    );
    let row = |s: &mut String, k: &str, v: String| {
        let _ = writeln!(s, "  {k:<40} {v}");
    };
    row(
        &mut s,
        "scaling events matched within ±2 min",
        format!(
            "{} of {} recorded ({}); {} of {} simulated matched",
            f.events_matched,
            f.events_recorded,
            pct(f.events_matched_share),
            f.events_matched,
            f.events_simulated
        ),
    );
    if let (Some(l), Some(m)) = (f.mean_lag_s, f.mean_abs_lag_s) {
        row(
            &mut s,
            "lag of matched events (sim − rec)",
            format!(
                "mean {}{}, mean |lag| {}",
                if l >= 0.0 { "+" } else { "" },
                human_duration(l),
                human_duration(m)
            ),
        );
    }
    if let (Some(r), Some(m)) = (
        f.scale_out_duration_recorded_s,
        f.scale_out_duration_simulated_s,
    ) {
        row(
            &mut s,
            "scale-out duration (matched, mean)",
            format!(
                "recorded {}, simulated {} ({})",
                human_duration(r),
                human_duration(m),
                pct(f.scale_out_duration_relative_error)
            ),
        );
    }
    row(
        &mut s,
        "capacity, mean absolute error",
        format!(
            "{:.3} instances (recorded mean {:.2})",
            f.capacity_mae, f.capacity_recorded_mean
        ),
    );
    row(
        &mut s,
        "instance-hours",
        format!(
            "recorded {:.2}, simulated {:.2} ({})",
            f.instance_hours_recorded,
            f.instance_hours_simulated,
            f.instance_hours_relative_error
                .map_or("n/a".into(), |e| format!("{:+.1} %", 100.0 * e))
        ),
    );
    for m in &f.metrics {
        row(
            &mut s,
            &format!("{} ({})", m.metric, m.statistic),
            format!(
                "MAE {:.3}, relative error {} over {} minutes",
                m.mae,
                pct(m.relative_error),
                m.minutes
            ),
        );
    }
    for m in [&f.wait, &f.latency].into_iter().flatten() {
        row(
            &mut s,
            &m.what,
            format!(
                "recorded {}, simulated {} ({})",
                human_duration(m.recorded_mean_s),
                human_duration(m.simulated_mean_s),
                pct(m.relative_error)
            ),
        );
    }
    if let Some(a) = &f.alarms {
        row(
            &mut s,
            "alarm state changes matched",
            format!("{} of {} ({})", a.matched, a.recorded, pct(a.share)),
        );
    }
    row(&mut s, "score (0 = perfect)", format!("{:.3}", f.score));
    s
}
