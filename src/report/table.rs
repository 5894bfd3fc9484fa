//! The short human-readable summary printed on stdout after a run.
//!
//! It says when statistics leave out a warm-up, and how exact the percentiles are.

use crate::sim::summary::RunSummary;
use crate::time::{format_duration_secs, human_duration, human_duration_opt as dur};
use std::fmt::Write;

/// A share as a percentage for people (`23.1 %`, `0 %`); `n/a` when there is none.
pub fn percent(share: Option<f64>) -> String {
    match share {
        None => "n/a".into(),
        Some(0.0) => "0 %".into(),
        Some(v) if v < 0.001 => "<0.1 %".into(),
        Some(v) => format!("{:.1} %", v * 100.0),
    }
}

/// The summary as `(label, value)` rows, for the terminal table and the HTML report.
pub fn rows(s: &RunSummary) -> Vec<(&'static str, String)> {
    let r = &s.requests;
    let mut rows = vec![
        ("scenario", format!("{} (seed {})", s.scenario, s.seed)),
        ("horizon", human_duration(s.horizon_s)),
        (
            "requests",
            format!(
                "{} arrived, {} completed ({}), {} in system at end",
                r.arrived,
                r.completed,
                percent(s.shares.completed),
                r.in_system_at_end
            ),
        ),
        (
            "lost",
            format!(
                "{} ({}): {} expired, {} failed, {} rejected",
                r.lost(),
                percent(s.shares.lost),
                r.expired,
                r.failed,
                r.rejected
            ),
        ),
        (
            "latency, completed",
            format!(
                "mean {}, p50 {}, p90 {}, p99 {}, max {}",
                dur(s.latency_s.mean),
                dur(s.latency_s.p50),
                dur(s.latency_s.p90),
                dur(s.latency_s.p99),
                dur(s.latency_s.max)
            ),
        ),
        (
            "p99, all requests",
            match s.latency_all_s.p99 {
                Some(v) => human_duration(v),
                None if r.lost() > 0 => "never: more than 1 % of the requests were lost".into(),
                None => "n/a".into(),
            },
        ),
        (
            "queue wait",
            format!(
                "mean {}, p99 {}",
                dur(s.queue_wait_s.mean),
                dur(s.queue_wait_s.p99)
            ),
        ),
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
            4,
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
