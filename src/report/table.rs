//! The short human-readable summary printed on stdout after a run.
//!
//! It says when statistics leave out a warm-up, and how exact the percentiles are.

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
        ("percentiles", percentile_note(s)),
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
    if s.warmup_s > 0.0 {
        rows.insert(
            2,
            (
                "warm-up",
                format!(
                    "statistics exclude the first {} (warm-up)",
                    format_duration_secs(s.warmup_s)
                ),
            ),
        );
    }
    rows
}

/// How exact p50/p90/p99 are: "exact (nearest rank)", or the histogram's bound for the
/// distributions that outgrew the exact store.
fn percentile_note(s: &RunSummary) -> String {
    let (lat, wait) = (
        s.latency_s.quantile_relative_error,
        s.queue_wait_s.quantile_relative_error,
    );
    let within = |e: f64| format!("within ±{:.3}%", e * 100.0);
    let how = match (lat > 0.0, wait > 0.0) {
        (false, false) => return "exact (nearest rank)".to_string(),
        (true, true) if lat == wait => format!("latency and queue wait {}", within(lat)),
        (true, false) => format!("latency {}, queue wait exact", within(lat)),
        (false, true) => format!("latency exact, queue wait {}", within(wait)),
        (true, true) => format!("latency {}, queue wait {}", within(lat), within(wait)),
    };
    format!(
        "nearest rank; {how} (histogram above {} values)",
        crate::metrics::histogram::EXACT_LIMIT
    )
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
