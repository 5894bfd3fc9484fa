//! How closely a run reproduces the record: minute by minute and event by event.
//!
//! * **Scaling events.** Each recorded change of the desired capacity (from the
//!   activities) is paired with a simulated one in the same direction at most
//!   [`TOLERANCE_S`] away, nearest pairs first. The figures: the share of recorded events
//!   matched, the share of simulated ones matched, and the mean lag (simulated − recorded).
//! * **Capacity.** The desired capacity at the end of every minute, recorded against
//!   simulated: mean absolute error.
//! * **Metrics.** `ApproximateBacklogSize`, `ApproximateBacklogSizePerInstance`,
//!   `ApproximateAgeOfOldestRequest` and `HasBacklogWithoutCapacity`, in the statistic the
//!   record has (Average preferred), over the minutes where both have a datapoint: mean
//!   absolute error and relative error `Σ|sim − rec| ÷ Σ|rec|`.
//! * **Requests.** `TimeInBacklog` and `TotalProcessingTime` (means weighted by
//!   SampleCount) against the simulated queue wait and latency of the requests that
//!   completed in the same minutes; relative error of the means.
//! * **Instance-hours.** The integral of the recorded desired capacity against the run's
//!   billed instance-hours.
//! * **Alarm transitions**, when `describe-alarm-history` is given: the share of recorded
//!   state changes that the simulated alarm of the same name made within the tolerance.
//!
//! The **score** `calibrate` minimises adds, for the parts the record has: `1 − F1` of the
//! event matching, the mean |lag| ÷ tolerance, the capacity error ÷ the mean recorded
//! capacity (at least 1), and the relative errors of the scale-out durations,
//! instance-hours, backlog and wait, each capped at 1. 0 is a perfect reproduction.

use crate::metrics::{EndpointMetric, Statistic, StatisticSet};
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::capacity::RecordedCapacity;
use crate::replay::Window;
use crate::sim::observer::ActivityStatus;
use crate::sim::summary::RunSummary;
use crate::sim::trace::RunTrace;
use serde::Serialize;

/// How far apart a recorded and a simulated event may be and still match, seconds.
pub const TOLERANCE_S: f64 = 120.0;

/// One change of the desired capacity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// When it was requested (ISO 8601 UTC).
    pub time: String,
    /// Seconds from the window's start.
    pub offset_s: f64,
    /// Desired capacity before.
    pub from: u32,
    /// Desired capacity after.
    pub to: u32,
    /// Seconds until it completed, when it did.
    pub duration_s: Option<f64>,
}

/// A recorded event and the simulated one it matched, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventMatch {
    /// The recorded event.
    pub recorded: Event,
    /// The simulated event paired with it.
    pub simulated: Option<Event>,
    /// Simulated − recorded, seconds.
    pub lag_s: Option<f64>,
}

/// The fit of one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesFit {
    /// Metric name.
    pub metric: String,
    /// Statistic compared.
    pub statistic: String,
    /// Minutes where both have a datapoint.
    pub minutes: usize,
    /// Mean of the recorded values over those minutes.
    pub recorded_mean: f64,
    /// Mean of the simulated values.
    pub simulated_mean: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// `Σ|sim − rec| ÷ Σ|rec|` (None when the record is all zero).
    pub relative_error: Option<f64>,
}

/// Recorded against simulated means of a per-request time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanFit {
    /// What is compared (`TimeInBacklog vs queue wait`).
    pub what: String,
    /// Recorded mean, seconds (weighted by SampleCount).
    pub recorded_mean_s: f64,
    /// Simulated mean, seconds.
    pub simulated_mean_s: f64,
    /// `|sim − rec| ÷ rec`.
    pub relative_error: Option<f64>,
    /// Requests behind the recorded mean (its SampleCount; 0 if not exported).
    pub recorded_requests: f64,
}

/// Alarm transitions matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmFit {
    /// Recorded state changes in the window, of alarms the simulation has.
    pub recorded: usize,
    /// Of those, made by the simulated alarm within the tolerance.
    pub matched: usize,
    /// `matched ÷ recorded`.
    pub share: Option<f64>,
    /// Recorded alarms the simulation does not have (by name).
    pub unknown_alarms: Vec<String>,
}

/// Every figure of fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Recorded scaling events in the window.
    pub events_recorded: usize,
    /// Simulated scaling events.
    pub events_simulated: usize,
    /// Pairs matched within the tolerance.
    pub events_matched: usize,
    /// Share of recorded events matched within ±2 minutes.
    pub events_matched_share: Option<f64>,
    /// Share of simulated events matched.
    pub simulated_events_matched_share: Option<f64>,
    /// Mean |lag| of the matched pairs, seconds.
    pub mean_abs_lag_s: Option<f64>,
    /// Mean lag (simulated − recorded), seconds.
    pub mean_lag_s: Option<f64>,
    /// Mean `EndTime − StartTime` of the matched scale-outs, recorded, seconds.
    pub scale_out_duration_recorded_s: Option<f64>,
    /// The same, simulated.
    pub scale_out_duration_simulated_s: Option<f64>,
    /// `|sim − rec| ÷ rec` of those means.
    pub scale_out_duration_relative_error: Option<f64>,
    /// Mean absolute error of the desired capacity per minute.
    pub capacity_mae: f64,
    /// Mean recorded desired capacity.
    pub capacity_recorded_mean: f64,
    /// Recorded instance-hours (integral of the desired capacity).
    pub instance_hours_recorded: f64,
    /// Simulated billed instance-hours.
    pub instance_hours_simulated: f64,
    /// `(sim − rec) ÷ rec`.
    pub instance_hours_relative_error: Option<f64>,
    /// The metrics.
    pub metrics: Vec<SeriesFit>,
    /// TimeInBacklog against the simulated wait.
    pub wait: Option<MeanFit>,
    /// TotalProcessingTime against the simulated latency.
    pub latency: Option<MeanFit>,
    /// Alarm state changes.
    pub alarms: Option<AlarmFit>,
    /// The score (see the module docs; 0 is perfect).
    pub score: f64,
}

/// One minute of `backtest.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinuteRow {
    /// Minute index from the window's start.
    pub minute: u64,
    /// Start of the minute, ISO 8601 UTC.
    pub time: String,
    /// Recorded desired capacity at the end of the minute.
    pub recorded_desired: u32,
    /// Simulated desired capacity.
    pub simulated_desired: u32,
    /// Simulated InService instances.
    pub simulated_in_service: u32,
    /// Per metric compared: (recorded, simulated).
    pub metrics: Vec<(Option<f64>, Option<f64>)>,
    /// TimeInBacklog mean (s), recorded and simulated wait.
    pub wait_s: (Option<f64>, Option<f64>),
    /// TotalProcessingTime mean (s), recorded and simulated latency.
    pub latency_s: (Option<f64>, Option<f64>),
    /// InvocationsProcesssed, recorded and simulated completions.
    pub processed: (Option<f64>, u64),
}

/// The comparison of one run with the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The figures.
    pub figures: Figures,
    /// Every recorded event and its match.
    pub matches: Vec<EventMatch>,
    /// Simulated events no recorded one matched.
    pub unmatched_simulated: Vec<Event>,
    /// Minute by minute.
    pub rows: Vec<MinuteRow>,
    /// The metrics of [`MinuteRow::metrics`], in order: (name, statistic).
    pub metric_columns: Vec<(String, String)>,
}

fn sim_stat(set: Option<StatisticSet>, stat: &str) -> Option<f64> {
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

fn event(w: &Window, at: UtcMicros, from: u32, to: u32, end: Option<UtcMicros>) -> Event {
    Event {
        time: at.iso(),
        offset_s: at.secs_since(w.start),
        from,
        to,
        duration_s: end.map(|e| e.secs_since(at)),
    }
}

/// Pair recorded and simulated events (same direction, within the tolerance, nearest
/// first). Returns, per recorded event, the index of its simulated partner.
fn pair(recorded: &[Event], simulated: &[Event]) -> Vec<Option<usize>> {
    let dir = |e: &Event| e.to > e.from;
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, r) in recorded.iter().enumerate() {
        for (j, s) in simulated.iter().enumerate() {
            let lag = (s.offset_s - r.offset_s).abs();
            if dir(r) == dir(s) && lag <= TOLERANCE_S {
                candidates.push((lag, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut of_recorded = vec![None; recorded.len()];
    let mut used = vec![false; simulated.len()];
    for (_, i, j) in candidates {
        if of_recorded[i].is_none() && !used[j] {
            of_recorded[i] = Some(j);
            used[j] = true;
        }
    }
    of_recorded
}

const METRICS: [EndpointMetric; 4] = EndpointMetric::ASYNC;

/// Per-request mean over the window: Σ avg·n ÷ Σ n of a recorded series (unit → seconds).
fn recorded_mean(
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

fn mean_fit(what: &str, recorded: Option<(f64, f64)>, simulated: (f64, f64)) -> Option<MeanFit> {
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

/// Compare `trace` (a run over window `w`, which is simulation time 0) with the record.
pub fn compare(
    trace: &RunTrace,
    summary: &RunSummary,
    rec: &Recorded,
    capacity: &RecordedCapacity,
    w: &Window,
) -> Comparison {
    // Events.
    let recorded: Vec<Event> = capacity
        .changes
        .iter()
        .filter(|c| c.from != c.to)
        .map(|c| event(w, c.at, c.from, c.to, c.end))
        .collect();
    let simulated: Vec<Event> = trace
        .activities
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                ActivityStatus::Successful | ActivityStatus::InProgress
            ) && a.from != a.to
        })
        .map(|a| event(w, w.utc(a.start.0), a.from, a.to, a.end.map(|e| w.utc(e.0))))
        .collect();
    let pairs = pair(&recorded, &simulated);
    let mut matched_sim = vec![false; simulated.len()];
    let matches: Vec<EventMatch> = recorded
        .iter()
        .zip(&pairs)
        .map(|(r, p)| {
            let s = p.map(|j| {
                matched_sim[j] = true;
                simulated[j].clone()
            });
            let lag = s.as_ref().map(|s| s.offset_s - r.offset_s);
            EventMatch {
                recorded: r.clone(),
                simulated: s,
                lag_s: lag,
            }
        })
        .collect();
    let unmatched_simulated: Vec<Event> = simulated
        .iter()
        .zip(&matched_sim)
        .filter(|(_, m)| !**m)
        .map(|(e, _)| e.clone())
        .collect();
    let lags: Vec<f64> = matches.iter().filter_map(|m| m.lag_s).collect();
    let durations: Vec<(f64, f64)> = matches
        .iter()
        .filter(|m| m.recorded.to > m.recorded.from)
        .filter_map(|m| Some((m.recorded.duration_s?, m.simulated.as_ref()?.duration_s?)))
        .collect();
    let (dur_rec, dur_sim) = if durations.is_empty() {
        (None, None)
    } else {
        let n = durations.len() as f64;
        (
            Some(durations.iter().map(|d| d.0).sum::<f64>() / n),
            Some(durations.iter().map(|d| d.1).sum::<f64>() / n),
        )
    };
    let n_matched = lags.len();

    // Minute rows.
    let rec_desired = capacity.per_minute_desired(w);
    let metric_columns: Vec<(String, String)> = METRICS
        .iter()
        .filter_map(|m| {
            ["Average", "Maximum", "Minimum"]
                .iter()
                .find(|s| rec.series(m.name(), s).is_some())
                .map(|s| (m.name().to_string(), s.to_string()))
        })
        .collect();
    let pairs: Vec<Vec<(Option<f64>, Option<f64>)>> = metric_columns
        .iter()
        .map(
            |(m, s)| match (rec.series(m, s), EndpointMetric::from_name(m)) {
                (Some(series), Some(metric)) => metric_pairs(trace, series, w, metric, s),
                _ => Vec::new(),
            },
        )
        .collect();
    let wait_rec = recorded_mean(rec, w, "TimeInBacklog", 1e-6);
    let latency_rec = recorded_mean(rec, w, "TotalProcessingTime", 1e-3);
    let processed = rec
        .series("InvocationsProcesssed", "Sum")
        .map(|s| w.per_minute(s));
    let mut rows = Vec::with_capacity(w.minutes as usize);
    let (mut wait_sim, mut latency_sim) = ((0.0, 0.0), (0.0, 0.0));
    let mut cap_abs = 0.0;
    for i in 0..w.minutes as usize {
        let tm = trace.minutes.get(i);
        let rd = rec_desired.get(i).copied().unwrap_or(0);
        let sd = tm.map_or(0, |m| m.record.desired);
        cap_abs += f64::from(rd.abs_diff(sd));
        let metrics = pairs
            .iter()
            .map(|p| p.get(i).copied().unwrap_or((None, None)))
            .collect();
        let req = tm.map(|t| t.requests).unwrap_or_default();
        if let Some(s) = req.wait {
            wait_sim.0 += s.sum;
            wait_sim.1 += s.sample_count;
        }
        if let Some(s) = req.latency {
            latency_sim.0 += s.sum;
            latency_sim.1 += s.sample_count;
        }
        rows.push(MinuteRow {
            minute: i as u64,
            time: w.at(i as u64).iso(),
            recorded_desired: rd,
            simulated_desired: sd,
            simulated_in_service: tm.map_or(0, |m| m.record.in_service),
            metrics,
            wait_s: (
                wait_rec
                    .as_ref()
                    .and_then(|r| r.2.get(i).copied().flatten()),
                req.wait.map(|s| s.average()),
            ),
            latency_s: (
                latency_rec
                    .as_ref()
                    .and_then(|r| r.2.get(i).copied().flatten()),
                req.latency.map(|s| s.average()),
            ),
            processed: (
                processed.as_ref().and_then(|p| p.get(i).copied().flatten()),
                tm.map_or(0, |m| m.record.counts.completed),
            ),
        });
    }
    let minutes = w.minutes.max(1) as f64;
    let capacity_mae = cap_abs / minutes;
    let capacity_recorded_mean = rec_desired.iter().map(|d| f64::from(*d)).sum::<f64>() / minutes;

    let metrics: Vec<SeriesFit> = metric_columns
        .iter()
        .enumerate()
        .map(|(k, (m, s))| series_fit(m, s, rows.iter().map(|r| r.metrics[k])))
        .collect();
    let wait = mean_fit(
        "TimeInBacklog against the simulated queue wait",
        wait_rec.as_ref().map(|r| (r.0, r.1)),
        wait_sim,
    );
    let latency = mean_fit(
        "TotalProcessingTime against the simulated latency",
        latency_rec.as_ref().map(|r| (r.0, r.1)),
        latency_sim,
    );
    let ih_rec = capacity.instance_hours(w);
    let ih_sim = summary.instance_hours;
    let alarms = alarm_fit(trace, rec, w);

    let mut figures = Figures {
        events_recorded: recorded.len(),
        events_simulated: simulated.len(),
        events_matched: n_matched,
        events_matched_share: (!recorded.is_empty())
            .then(|| n_matched as f64 / recorded.len() as f64),
        simulated_events_matched_share: (!simulated.is_empty())
            .then(|| n_matched as f64 / simulated.len() as f64),
        mean_abs_lag_s: (n_matched > 0)
            .then(|| lags.iter().map(|l| l.abs()).sum::<f64>() / n_matched as f64),
        mean_lag_s: (n_matched > 0).then(|| lags.iter().sum::<f64>() / n_matched as f64),
        scale_out_duration_recorded_s: dur_rec,
        scale_out_duration_simulated_s: dur_sim,
        scale_out_duration_relative_error: dur_rec
            .zip(dur_sim)
            .filter(|(r, _)| *r > 0.0)
            .map(|(r, s)| (s - r).abs() / r),
        capacity_mae,
        capacity_recorded_mean,
        instance_hours_recorded: ih_rec,
        instance_hours_simulated: ih_sim,
        instance_hours_relative_error: (ih_rec > 0.0).then(|| (ih_sim - ih_rec) / ih_rec),
        metrics,
        wait,
        latency,
        alarms,
        score: 0.0,
    };
    figures.score = score(&figures);
    Comparison {
        figures,
        matches,
        unmatched_simulated,
        rows,
        metric_columns,
    }
}

/// Recorded and simulated values of one metric, per minute of `w`. With 1-minute data
/// every minute has the simulated value; with coarser data (5-minute, hourly) the
/// simulation's minutes are merged into the recorded period and both values sit in the
/// period's first minute.
fn metric_pairs(
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

fn series_fit(
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
fn simulated_transitions(trace: &RunTrace, w: &Window) -> Vec<(usize, &'static str, UtcMicros)> {
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

fn alarm_fit(trace: &RunTrace, rec: &Recorded, w: &Window) -> Option<AlarmFit> {
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
fn score(f: &Figures) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(offset_s: f64, from: u32, to: u32) -> Event {
        Event {
            time: String::new(),
            offset_s,
            from,
            to,
            duration_s: None,
        }
    }

    #[test]
    fn events_pair_nearest_first_same_direction_within_two_minutes() {
        let rec = [ev(600.0, 0, 1), ev(1200.0, 1, 0), ev(3000.0, 0, 2)];
        let sim = [
            ev(650.0, 0, 1),
            ev(580.0, 0, 1),
            ev(1230.0, 0, 1),
            ev(3200.0, 0, 2),
        ];
        let p = pair(&rec, &sim);
        // 580 is nearer to 600 than 650; the scale-in has no scale-in partner; 3200 is too far.
        assert_eq!(p, vec![Some(1), None, None]);
    }
}
