//! The short human-readable summary printed on stdout after a run.

use crate::sim::summary::RunSummary;
use crate::time::format_duration_secs;
use std::fmt::Write;

fn dur(s: f64) -> String {
    if s >= 120.0 {
        format!("{} ({s:.0} s)", format_duration_secs(s.round()))
    } else {
        format!("{s:.3} s")
    }
}

/// The summary as `(label, value)` rows, for the terminal table and the HTML report.
pub fn rows(s: &RunSummary) -> Vec<(&'static str, String)> {
    let r = &s.requests;
    let mut rows = vec![
        ("scenario", format!("{} (seed {})", s.scenario, s.seed)),
        ("horizon", format_duration_secs(s.horizon_s)),
        (
            "requests",
            format!(
                "{} arrived, {} completed, {} expired, {} failed, {} in system at end",
                r.arrived, r.completed, r.expired, r.failed, r.in_system_at_end
            ),
        ),
        ("latency mean", dur(s.latency_s.mean)),
        ("latency p50", dur(s.latency_s.p50)),
        ("latency p90", dur(s.latency_s.p90)),
        ("latency p99", dur(s.latency_s.p99)),
        ("latency max", dur(s.latency_s.max)),
        ("queue wait mean", dur(s.queue_wait_s.mean)),
        ("queue wait p99", dur(s.queue_wait_s.p99)),
        ("cold-start waits", s.cold_start_waits.to_string()),
        (
            "instance-hours",
            format!(
                "{:.3} ({:.3} busy)",
                s.instance_hours, s.busy_instance_hours
            ),
        ),
        (
            "cost",
            format!(
                "${:.2} at ${}/h ({}){}",
                s.cost_usd,
                s.price_per_instance_hour,
                s.instance_type,
                s.cost_per_1k_requests_usd
                    .map(|c| format!(", ${c:.4} per 1k requests"))
                    .unwrap_or_default()
            ),
        ),
        (
            "scaling",
            format!(
                "{} scale-out, {} scale-in; {:.1}% of the time at zero instances",
                s.scale_out_events,
                s.scale_in_events,
                s.time_at_zero_fraction * 100.0
            ),
        ),
    ];
    // Platforms that refuse requests (real-time components at zero, keep-alive at its cap).
    if r.rejected > 0 || s.no_capacity_failures > 0 {
        rows.insert(
            3,
            (
                "refused",
                format!(
                    "{} attempts refused, {} retries, {} requests rejected (client gave up)",
                    s.no_capacity_failures, s.retries, r.rejected
                ),
            ),
        );
    }
    rows
}

/// Render `s` as an aligned two-column table.
pub fn render(s: &RunSummary) -> String {
    let rows = rows(s);
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        let _ = writeln!(out, "  {k:<width$}  {v}");
    }
    out
}
