//! The measures of fit behind a backtest's figures: recorded against simulated per minute
//! (`metric_pairs`, `series_fit`), per-request means, alarm transitions and the `score`
//! `calibrate` minimises.

use super::compare::TOLERANCE_S;
use super::figures::{AlarmFit, Figures, MeanFit, SeriesFit};
use crate::metrics::{EndpointMetric, Statistic, StatisticSet};
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::Window;
use crate::sim::trace::RunTrace;

pub(super) fn sim_stat(set: Option<StatisticSet>, stat: &str) -> Option<f64> {
    let s = set?;
    let v = match stat {
        "Average" => s.get(Statistic::Average),
        "Maximum" => s.maximum,
        "Minimum" => s.minimum,
        "Sum" => s.sum,
        "SampleCount" => s.sample_count,
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// Per-request mean over the window: Σ avg·n ÷ Σ n of a recorded series (unit → seconds).
pub(super) fn recorded_mean(
    rec: &Recorded,
    w: &Window,
    metric: &str,
    to_s: f64,
) -> Option<(f64, f64, Vec<Option<f64>>)> {
    let avg = rec.series(metric, "Average")?;
    let count = rec.series(metric, "SampleCount");
    let per_minute: Vec<Option<f64>> = w
        .per_minute(avg)
        .into_iter()
        .map(|v| v.map(|v| v * to_s))
        .collect();
    let (mut sum, mut n) = (0.0, 0.0);
    for &(t, a) in &avg.points {
        if w.minute_of(t).is_none() {
            continue;
        }
        let k = count.and_then(|c| c.at(t)).unwrap_or(1.0);
        sum += a * to_s * k;
        n += k;
    }
    let counted = if count.is_some() { n } else { 0.0 };
    (n > 0.0).then(|| (sum / n, counted, per_minute))
}

pub(super) fn mean_fit(
    what: &str,
    recorded: Option<(f64, f64)>,
    simulated: (f64, f64),
) -> Option<MeanFit> {
    let (rec_mean, rec_n) = recorded?;
    let sim_mean = if simulated.1 > 0.0 {
        simulated.0 / simulated.1
    } else {
        0.0
    };
    Some(MeanFit {
        what: what.to_string(),
        recorded_mean_s: rec_mean,
        simulated_mean_s: sim_mean,
        relative_error: (rec_mean > 0.0).then(|| (sim_mean - rec_mean).abs() / rec_mean),
        recorded_requests: rec_n,
    })
}

/// Recorded and simulated values of one metric, per minute of `w`. With 1-minute data
/// every minute has the simulated value; with coarser data (5-minute, hourly) the
/// simulation's minutes are merged into the recorded period and both values sit in the
/// period's first minute.
pub(super) fn metric_pairs(
    trace: &RunTrace,
    series: &crate::recorded::metrics::MetricSeries,
    w: &Window,
    metric: EndpointMetric,
    stat: &str,
) -> Vec<(Option<f64>, Option<f64>)> {
    let recorded = w.per_minute(series);
    let minutes = (series.period_s / 60).max(1) as usize;
    let sim_set = |i: usize| {
        trace
            .minutes
            .get(i)
            .and_then(|m| m.record.metrics[metric.index()])
    };
    if minutes == 1 {
        return (0..w.minutes as usize)
            .map(|i| (recorded[i], sim_stat(sim_set(i), stat)))
            .collect();
    }
    let mut out = vec![(None, None); w.minutes as usize];
    for (i, r) in recorded.iter().enumerate() {
        let Some(r) = r else { continue };
        let merged = (i..(i + minutes).min(w.minutes as usize))
            .filter_map(sim_set)
            .reduce(|a, b| StatisticSet {
                sample_count: a.sample_count + b.sample_count,
                sum: a.sum + b.sum,
                minimum: a.minimum.min(b.minimum),
                maximum: a.maximum.max(b.maximum),
            });
        out[i] = (Some(*r), sim_stat(merged, stat));
    }
    out
}

pub(super) fn series_fit(
    metric: &str,
    stat: &str,
    pairs: impl Iterator<Item = (Option<f64>, Option<f64>)>,
) -> SeriesFit {
    let (mut n, mut abs, mut rec_sum_abs, mut rec_sum, mut sim_sum) = (0usize, 0.0, 0.0, 0.0, 0.0);
    for (r, s) in pairs {
        if let (Some(r), Some(s)) = (r, s) {
            n += 1;
            abs += (s - r).abs();
            rec_sum_abs += r.abs();
            rec_sum += r;
            sim_sum += s;
        }
    }
    let k = n.max(1) as f64;
    SeriesFit {
        metric: metric.to_string(),
        statistic: stat.to_string(),
        minutes: n,
        recorded_mean: rec_sum / k,
        simulated_mean: sim_sum / k,
        mae: abs / k,
        relative_error: (rec_sum_abs > 0.0).then(|| abs / rec_sum_abs),
    }
}

/// State changes of the simulated alarms: (alarm, new state, UTC).
pub(super) fn simulated_transitions(
    trace: &RunTrace,
    w: &Window,
) -> Vec<(usize, &'static str, UtcMicros)> {
    let mut out = Vec::new();
    let mut last: Vec<&'static str> = vec!["INSUFFICIENT_DATA"; trace.alarm_names.len()];
    for (m, minute) in trace.minutes.iter().enumerate() {
        for (k, state) in minute.alarms.iter().enumerate() {
            let s = state.as_str();
            if last.get(k).is_some_and(|l| *l != s) {
                out.push((k, s, w.at(m as u64 + 1)));
                last[k] = s;
            }
        }
    }
    out
}

pub(super) fn alarm_fit(trace: &RunTrace, rec: &Recorded, w: &Window) -> Option<AlarmFit> {
    if rec.alarm_history.is_empty() {
        return None;
    }
    let sim = simulated_transitions(trace, w);
    let mut used = vec![false; sim.len()];
    let (mut recorded, mut matched) = (0, 0);
    let mut unknown: Vec<String> = Vec::new();
    for t in rec
        .alarm_history
        .iter()
        .filter(|t| w.minute_of(t.time).is_some())
    {
        let Some(k) = trace.alarm_names.iter().position(|n| *n == t.alarm) else {
            if !unknown.contains(&t.alarm) {
                unknown.push(t.alarm.clone());
            }
            continue;
        };
        recorded += 1;
        let best = sim
            .iter()
            .enumerate()
            .filter(|(j, (a, s, at))| {
                !used[*j] && *a == k && *s == t.to && at.secs_since(t.time).abs() <= TOLERANCE_S
            })
            .min_by(|x, y| {
                x.1 .2
                    .secs_since(t.time)
                    .abs()
                    .total_cmp(&y.1 .2.secs_since(t.time).abs())
            })
            .map(|(j, _)| j);
        if let Some(j) = best {
            used[j] = true;
            matched += 1;
        }
    }
    Some(AlarmFit {
        recorded,
        matched,
        share: (recorded > 0).then(|| matched as f64 / recorded as f64),
        unknown_alarms: unknown,
    })
}

/// The score of the module docs.
pub(super) fn score(f: &Figures) -> f64 {
    let mut s = 0.0;
    let total = f.events_recorded + f.events_simulated;
    if total > 0 {
        s += 1.0 - 2.0 * f.events_matched as f64 / total as f64;
    }
    if let Some(l) = f.mean_abs_lag_s {
        s += l / TOLERANCE_S;
    }
    s += f.capacity_mae / f.capacity_recorded_mean.max(1.0);
    if let Some(e) = f.scale_out_duration_relative_error {
        s += e.min(1.0);
    }
    if let Some(e) = f.instance_hours_relative_error {
        s += e.abs().min(1.0);
    }
    if let Some(e) = f
        .metrics
        .iter()
        .find(|m| m.metric == "ApproximateBacklogSize")
        .and_then(|m| m.relative_error)
    {
        s += e.min(1.0);
    }
    if let Some(e) = f.wait.as_ref().and_then(|m| m.relative_error) {
        s += e.min(1.0);
    }
    s
}
