//! Chart data: what the charts need about a run, collected while it runs, and the pure
//! transformations that prepare it for drawing (downsampling, hourly totals, CDF and tail
//! thinning, alarm spans, colour-scale ticks). Nothing here touches plotters, so all of it
//! is unit-tested directly. What only the timeline picks out (the zoom day, short alarm
//! names, cold starts) is in `timeline_data.rs`.

use crate::sim::observer::{ActivityRecord, ActivityStatus, MinuteRecord, Observer};

/// Length of one simulated minute in seconds.
pub const MINUTE_S: f64 = 60.0;

const HOUR_S: f64 = 3600.0;

/// Everything the charts need about one run (one variant), collected while it runs.
///
/// The per-minute vectors all have one entry per minute pushed; gauges (`backlog`,
/// `desired`, `pending`, `in_service`) and `cost_usd` are the values at the *end* of the
/// minute that starts at `time_s`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSeries {
    /// Name of the run (the variant), used as panel title and legend label.
    pub name: String,
    /// Start of each minute (s).
    pub time_s: Vec<f64>,
    /// Requests queued or in flight at the end of each minute.
    pub backlog: Vec<f64>,
    /// Desired capacity at the end of each minute.
    pub desired: Vec<f64>,
    /// Pending instances at the end of each minute.
    pub pending: Vec<f64>,
    /// InService instances at the end of each minute.
    pub in_service: Vec<f64>,
    /// Billed machines at the end of each minute (the hosts under inference-component
    /// copies; otherwise the running instances).
    pub machines: Vec<f64>,
    /// Requests that arrived in each minute.
    pub arrivals: Vec<f64>,
    /// Cumulative cost at the end of each minute (USD).
    pub cost_usd: Vec<f64>,
    /// Alarm states, one track per alarm (may be empty).
    pub alarms: Vec<AlarmTrack>,
    /// Changes of desired capacity (successful or in progress).
    pub actions: Vec<ScalingMark>,
    /// `(alarm name, policy name)` for alarms a policy owns (the hidden alarms of target
    /// tracking), so the timeline can call them `High · policy`; may be empty.
    pub alarm_owners: Vec<(String, String)>,
}

/// The state of one alarm over the run: whether it was in ALARM, one entry per minute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlarmTrack {
    /// Alarm name (legend label).
    pub name: String,
    /// `true` for each minute the alarm was in ALARM.
    pub in_alarm: Vec<bool>,
}

/// One change of desired capacity, drawn as a marker on the timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScalingMark {
    /// When the change was requested (s).
    pub time_s: f64,
    /// Desired capacity before.
    pub from: u32,
    /// Desired capacity after.
    pub to: u32,
    /// When capacity reached the new value (s): for a scale-out, when every launched
    /// instance was InService. `None` while still under way at the end of the run.
    pub settled_s: Option<f64>,
}

impl RunSeries {
    /// An empty series for the run called `name`.
    pub fn new(name: impl Into<String>) -> RunSeries {
        RunSeries {
            name: name.into(),
            ..RunSeries::default()
        }
    }

    /// Append one closed minute.
    pub fn push_minute(&mut self, m: &MinuteRecord) {
        self.time_s.push(m.minute as f64 * MINUTE_S);
        self.backlog
            .push(f64::from(m.queued) + f64::from(m.in_flight));
        self.desired.push(f64::from(m.desired));
        self.pending.push(f64::from(m.pending));
        self.in_service.push(f64::from(m.in_service));
        self.machines.push(f64::from(m.machines));
        self.arrivals.push(m.counts.arrivals as f64);
        self.cost_usd.push(m.cost_usd);
    }

    /// Whether billed machines differ from the capacity lines somewhere (inference
    /// components: hosts are not copies; otherwise draining instances), so the timeline
    /// draws them too.
    pub fn machines_differ(&self) -> bool {
        self.machines
            .iter()
            .zip(self.pending.iter().zip(&self.in_service))
            .any(|(m, (p, s))| *m != p + s)
    }

    /// Record a scaling activity: only successful or in-progress changes (`from != to`)
    /// become marks; refused (not-scaled) activities are ignored.
    pub fn push_activity(&mut self, a: &ActivityRecord) {
        let changed = matches!(
            a.status,
            ActivityStatus::Successful | ActivityStatus::InProgress
        ) && a.from != a.to;
        if changed {
            self.actions.push(ScalingMark {
                time_s: a.start.as_secs_f64(),
                from: a.from,
                to: a.to,
                settled_s: a.end.map(|t| t.as_secs_f64()),
            });
        }
    }

    /// Record the alarm states of one minute, as `(alarm name, in ALARM)`; call once per
    /// minute with the alarms in the same order. Tracks are created on first sight; an alarm
    /// first seen later starts with `false` for the minutes before, and an alarm missing
    /// from a call counts as not in ALARM for that minute, so every track stays the same
    /// length.
    pub fn push_alarm_states(&mut self, states: &[(&str, bool)]) {
        let minutes = self
            .alarms
            .iter()
            .map(|t| t.in_alarm.len())
            .max()
            .unwrap_or(0);
        for (i, &(name, state)) in states.iter().enumerate() {
            // Fast path: same order as last time.
            let idx = match self.alarms.get(i) {
                Some(t) if t.name == name => Some(i),
                _ => self.alarms.iter().position(|t| t.name == name),
            };
            let track = match idx {
                Some(idx) => &mut self.alarms[idx],
                None => {
                    self.alarms.push(AlarmTrack {
                        name: name.to_string(),
                        in_alarm: vec![false; minutes],
                    });
                    let last = self.alarms.len() - 1;
                    &mut self.alarms[last]
                }
            };
            if track.in_alarm.len() == minutes {
                track.in_alarm.push(state);
            }
        }
        for track in &mut self.alarms {
            track.in_alarm.resize(minutes + 1, false);
        }
    }

    /// End of the covered time (s): the end of the last minute, 0 when empty.
    pub fn end_s(&self) -> f64 {
        self.time_s.last().map_or(0.0, |t| t + MINUTE_S)
    }
}

impl Observer for RunSeries {
    fn on_minute(&mut self, m: &MinuteRecord) {
        self.push_minute(m);
    }
    fn on_activity(&mut self, a: &ActivityRecord) {
        self.push_activity(a);
    }
}

/// Min/max-preserving downsampling for drawing only: bucket consecutive points into at
/// most `max_points / 2` buckets and keep each bucket's min and max (in time order), so
/// peaks survive. Returns (x, y) pairs. Input no longer than `max_points` is returned
/// unchanged; with `max_points` = 1 only the global maximum is kept, with 0 nothing. Extra entries of the
/// longer slice are ignored.
pub fn downsample_minmax(x: &[f64], y: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    let n = x.len().min(y.len());
    let pairs = x.iter().copied().zip(y.iter().copied()).take(n);
    if n <= max_points {
        return pairs.collect();
    }
    if max_points == 0 {
        return Vec::new();
    }
    if max_points == 1 {
        return argmax(&y[..n])
            .map(|i| vec![(x[i], y[i])])
            .unwrap_or_default();
    }
    let buckets = max_points / 2;
    let mut out = Vec::with_capacity(buckets * 2);
    for b in 0..buckets {
        let lo = b * n / buckets;
        let hi = (b + 1) * n / buckets;
        let ys = &y[lo..hi];
        let (Some(imin), Some(imax)) = (argmin(ys), argmax(ys)) else {
            continue;
        };
        let (first, second) = if imin <= imax {
            (imin, imax)
        } else {
            (imax, imin)
        };
        out.push((x[lo + first], y[lo + first]));
        if second != first {
            out.push((x[lo + second], y[lo + second]));
        }
    }
    out
}

fn argmin(y: &[f64]) -> Option<usize> {
    (0..y.len()).reduce(|best, i| if y[i] < y[best] { i } else { best })
}

fn argmax(y: &[f64]) -> Option<usize> {
    (0..y.len()).reduce(|best, i| if y[i] > y[best] { i } else { best })
}

/// One hour of a run: requests that arrived in it and what it cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourRow {
    /// Hour index: the hour covers `[3600·hour, 3600·hour + 3600)` s.
    pub hour: u64,
    /// Requests that arrived in the hour.
    pub requests: f64,
    /// Cost accrued in the hour (USD).
    pub cost_usd: f64,
}

/// Step-shaped hourly totals: requests per hour and cost per hour from the per-minute
/// arrivals and cumulative cost. One row per hour that has minutes, in time order (a
/// partial last hour holds only its minutes). The rows add up to the run's totals.
pub fn hourly(series: &RunSeries) -> Vec<HourRow> {
    let mut rows: Vec<HourRow> = Vec::new();
    let mut cost_before = 0.0;
    let mut cost_last = 0.0;
    for (i, &t) in series.time_s.iter().enumerate() {
        let hour = (t.max(0.0) / HOUR_S).floor() as u64;
        let requests = series.arrivals.get(i).copied().unwrap_or(0.0);
        let cum = series.cost_usd.get(i).copied().unwrap_or(cost_last);
        match rows.last_mut() {
            Some(row) if row.hour == hour => row.requests += requests,
            Some(row) => {
                row.cost_usd = cost_last - cost_before;
                cost_before = cost_last;
                rows.push(HourRow {
                    hour,
                    requests,
                    cost_usd: 0.0,
                });
            }
            None => rows.push(HourRow {
                hour,
                requests,
                cost_usd: 0.0,
            }),
        }
        cost_last = cum;
    }
    if let Some(row) = rows.last_mut() {
        row.cost_usd = cost_last - cost_before;
    }
    rows
}

/// CDF points for a latency distribution on a log axis: from
/// [`DurationStats::cdf_points`](crate::metrics::histogram::DurationStats::cdf_points),
/// dropping zero, negative and non-finite x, at most `max_points` points, evenly spread
/// over the input and always keeping the first and the last.
pub fn cdf_series(points: &[(f64, f64)], max_points: usize) -> Vec<(f64, f64)> {
    let kept: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|&(x, y)| x > 0.0 && x.is_finite() && y.is_finite())
        .collect();
    let n = kept.len();
    if n <= max_points {
        return kept;
    }
    match max_points {
        0 => Vec::new(),
        1 => kept.last().copied().into_iter().collect(),
        _ => {
            let mut out: Vec<(f64, f64)> = Vec::with_capacity(max_points);
            let mut prev = None;
            for k in 0..max_points {
                // Evenly spaced indices from 0 to n − 1 inclusive.
                let idx = k * (n - 1) / (max_points - 1);
                if prev != Some(idx) {
                    out.push(kept[idx]);
                    prev = Some(idx);
                }
            }
            out
        }
    }
}

/// Tail points for a latency distribution: `(x, 1 − F(x))` from the CDF points of
/// [`DurationStats::cdf_points`](crate::metrics::histogram::DurationStats::cdf_points), for
/// a log–log chart of the share of requests slower than x. Shares below `floor` (the last
/// point's 0 among them) are raised to `floor`, so the curve ends with a drop to the axis
/// at the largest latency. Zero, negative and non-finite x are dropped; points that would
/// land on the same spot (within 0.5 % in x and 2 % in share) are merged, keeping the first,
/// then at most `max_points` are kept as by [`cdf_series`]. The last point always stays.
pub fn ccdf_series(points: &[(f64, f64)], floor: f64, max_points: usize) -> Vec<(f64, f64)> {
    let floor = if floor.is_finite() && floor > 0.0 {
        floor
    } else {
        1e-4
    };
    let mapped: Vec<(f64, f64)> = points
        .iter()
        .filter(|&&(x, f)| x > 0.0 && x.is_finite() && f.is_finite())
        .map(|&(x, f)| (x, (1.0 - f).max(floor)))
        .collect();
    let mut kept: Vec<(f64, f64)> = Vec::with_capacity(mapped.len());
    for (i, &(x, y)) in mapped.iter().enumerate() {
        let last = i + 1 == mapped.len();
        let close = kept.last().is_some_and(|&(kx, ky): &(f64, f64)| {
            (x / kx).ln().abs() < 0.005 && (y / ky).ln().abs() < 0.02
        });
        if !close || last {
            if close {
                kept.pop();
            }
            kept.push((x, y));
        }
    }
    cdf_series(&kept, max_points)
}

/// The lowest share the tail chart shows for a sample of `count` requests: the power of ten
/// at or below 1/count (one request in the sample), between 10⁻⁴ and 10⁻².
pub fn ccdf_floor(count: u64) -> f64 {
    if count == 0 {
        return 1e-2;
    }
    let exponent = (1.0 / count as f64).log10().floor().clamp(-4.0, -2.0);
    10f64.powf(exponent)
}

/// Round tick values for a colour scale over `[lo, hi]`: multiples of 1, 2 or 5 × 10ᵏ, at
/// most `max_ticks` of them (at least 2 asked), all inside the range. One value when
/// `lo == hi`, none when either end is not finite or `lo > hi`.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || lo > hi {
        return Vec::new();
    }
    if lo == hi {
        return vec![lo];
    }
    let intervals = max_ticks.max(2) - 1;
    let raw = (hi - lo) / intervals as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let mut ticks = Vec::new();
    for step in [1.0, 2.0, 5.0, 10.0].map(|m| m * magnitude) {
        ticks.clear();
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        for k in first..=last {
            // Snap to the step's decimals so that 0.30000000000000004 prints as 0.3.
            let v = k as f64 * step;
            ticks.push((v / magnitude * 1e6).round() / 1e6 * magnitude);
        }
        if ticks.len() <= max_ticks.max(2) {
            break;
        }
    }
    ticks
}

/// Spans of consecutive `true` minutes as `(start_s, end_s)` for shading alarm states: a
/// span starts at the start of its first minute and ends at the end of its last minute.
/// Extra entries of the longer slice are ignored.
pub fn alarm_spans(time_s: &[f64], in_alarm: &[bool]) -> Vec<(f64, f64)> {
    let mut spans = Vec::new();
    let mut open: Option<(f64, f64)> = None;
    for (&t, &on) in time_s.iter().zip(in_alarm) {
        open = match (open, on) {
            (Some((start, _)), true) => Some((start, t + MINUTE_S)),
            (None, true) => Some((t, t + MINUTE_S)),
            (Some(span), false) => {
                spans.push(span);
                None
            }
            (None, false) => None,
        };
    }
    spans.extend(open);
    spans
}

#[cfg(test)]
#[path = "data_tests.rs"]
mod tests;
