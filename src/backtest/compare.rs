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
//!
//! This file pairs the events and assembles the [`Comparison`]; its types live in
//! `figures` and the measures of fit (and the score) in `fit`.

use crate::metrics::EndpointMetric;
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::capacity::RecordedCapacity;
use crate::replay::Window;
use crate::sim::observer::ActivityStatus;
use crate::sim::summary::RunSummary;
use crate::sim::trace::RunTrace;

/// How far apart a recorded and a simulated event may be and still match, seconds.
pub use super::figures::{
    AlarmFit, Comparison, Event, EventMatch, Figures, MeanFit, MinuteRow, SeriesFit,
};
use super::fit::{alarm_fit, mean_fit, metric_pairs, recorded_mean, score, series_fit};
pub const TOLERANCE_S: f64 = 120.0;

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
