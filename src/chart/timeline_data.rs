//! What the timeline picks out of the runs before drawing, as pure functions: the day to
//! zoom on (the most eventful one), the short names of alarms (`High · policy`), and the
//! cold starts (instance launched → InService) as time spans. Unit-tested in
//! `timeline_data_tests.rs`.

use super::data::{RunSeries, MINUTE_S};

/// Length of a day in seconds.
pub const DAY_S: f64 = 86_400.0;

/// Runs up to this long get the overview alone: a zoom on one day would repeat it.
pub const ZOOM_MIN_HORIZON_S: f64 = 1.5 * DAY_S;

/// What happened on one day of the runs (day `d` covers `[d·86400, (d+1)·86400)` s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayActivity {
    /// Changes of desired capacity requested that day, summed over the runs.
    pub scaling_events: usize,
    /// Requests that arrived that day (the largest count among the runs; variants of a
    /// comparison see the same arrivals).
    pub arrivals: f64,
}

/// Why a day was chosen for the zoom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoomReason {
    /// It had the most scaling events.
    MostScalingEvents,
    /// Nothing scaled anywhere; it had the most requests.
    MostRequests,
}

/// The day the timeline zooms on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoomDay {
    /// Day index from 0.
    pub day: usize,
    /// Days in the run (the last one may be partial).
    pub days: usize,
    /// What happened that day.
    pub activity: DayActivity,
    /// Why it was chosen.
    pub reason: ZoomReason,
}

impl ZoomDay {
    /// Start of the day (s).
    pub fn start_s(&self) -> f64 {
        self.day as f64 * DAY_S
    }

    /// End of the day (s).
    pub fn end_s(&self) -> f64 {
        self.start_s() + DAY_S
    }

    /// The zoom panel's title, e.g. `Day 4 of 7 (72–96 h): most scaling events (41)`.
    pub fn title(&self) -> String {
        let (h0, h1) = (self.day * 24, self.day * 24 + 24);
        let why = match self.reason {
            ZoomReason::MostScalingEvents => {
                format!("most scaling events ({})", self.activity.scaling_events)
            }
            ZoomReason::MostRequests => {
                format!("most requests ({:.0})", self.activity.arrivals)
            }
        };
        format!("Day {} of {} ({h0}–{h1} h): {why}", self.day + 1, self.days)
    }
}

/// Per-day activity of `runs`, one entry per day that any run covers.
pub fn day_activity(runs: &[&RunSeries]) -> Vec<DayActivity> {
    let end_s = runs.iter().map(|r| r.end_s()).fold(0.0, f64::max);
    let days = (end_s / DAY_S).ceil() as usize;
    let mut out = vec![
        DayActivity {
            scaling_events: 0,
            arrivals: 0.0,
        };
        days
    ];
    let day_of = |t: f64| (t.max(0.0) / DAY_S).floor() as usize;
    for run in runs {
        let mut arrivals = vec![0.0; days];
        for (&t, &a) in run.time_s.iter().zip(&run.arrivals) {
            if let Some(slot) = arrivals.get_mut(day_of(t)) {
                *slot += a;
            }
        }
        for (day, a) in out.iter_mut().zip(arrivals) {
            day.arrivals = day.arrivals.max(a);
        }
        for mark in &run.actions {
            if let Some(day) = out.get_mut(day_of(mark.time_s)) {
                day.scaling_events += 1;
            }
        }
    }
    out
}

/// The day to zoom on: the most scaling events; among equals (or when nothing scaled) the
/// most requests; among equals the earliest. `None` without days.
pub fn pick_day(days: &[DayActivity]) -> Option<(usize, ZoomReason)> {
    let best = (0..days.len()).reduce(|best, i| {
        let (a, b) = (&days[i], &days[best]);
        let better = a.scaling_events > b.scaling_events
            || (a.scaling_events == b.scaling_events && a.arrivals > b.arrivals);
        if better {
            i
        } else {
            best
        }
    })?;
    let reason = if days[best].scaling_events > 0 {
        ZoomReason::MostScalingEvents
    } else {
        ZoomReason::MostRequests
    };
    Some((best, reason))
}

/// The zoom day of `runs`, or `None` when the longest run is at most
/// [`ZOOM_MIN_HORIZON_S`] (the overview shows it well enough).
pub fn zoom_day(runs: &[&RunSeries]) -> Option<ZoomDay> {
    let end_s = runs.iter().map(|r| r.end_s()).fold(0.0, f64::max);
    if end_s <= ZOOM_MIN_HORIZON_S {
        return None;
    }
    let days = day_activity(runs);
    let (day, reason) = pick_day(&days)?;
    Some(ZoomDay {
        day,
        days: days.len(),
        activity: days[day],
        reason,
    })
}

/// `text` cut to at most `max_chars` characters, ending with `…` when cut.
pub fn ellipsize(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A short name for an alarm, at most `max_chars` characters: the hidden alarms of target
/// tracking (`TargetTracking-<resource>-AlarmHigh-<uuid>`, `...-AlarmLow-...`) become
/// `High` or `Low`, followed by ` · <policy>` when the owning policy is known; any other
/// alarm keeps its own name, cut with an ellipsis when long.
pub fn short_alarm_name(name: &str, policy: Option<&str>, max_chars: usize) -> String {
    let hidden = name.starts_with("TargetTracking-");
    let side = if hidden && name.contains("-AlarmHigh-") {
        Some("High")
    } else if hidden && name.contains("-AlarmLow-") {
        Some("Low")
    } else {
        None
    };
    let text = match (side, policy) {
        (Some(side), Some(policy)) => format!("{side} · {policy}"),
        (Some(side), None) => side.to_string(),
        (None, _) => name.to_string(),
    };
    ellipsize(&text, max_chars)
}

/// The short name of the alarm `name` of `run` (see [`short_alarm_name`]), with its owning
/// policy from [`RunSeries::alarm_owners`].
pub fn alarm_label(run: &RunSeries, name: &str, max_chars: usize) -> String {
    let policy = run
        .alarm_owners
        .iter()
        .find(|(alarm, _)| alarm == name)
        .map(|(_, policy)| policy.as_str());
    short_alarm_name(name, policy, max_chars)
}

/// Cold starts of `run` as disjoint `(start_s, end_s)` spans in time order: from each
/// scale-out's request to the moment its instances were InService (to the end of the run
/// when still under way), joined with the minutes that ended with an instance pending (so
/// that launches outside scaling activities, such as keep-alive platforms', show too).
/// Overlapping or touching spans are merged.
pub fn cold_start_spans(run: &RunSeries) -> Vec<(f64, f64)> {
    let end = run.end_s();
    let mut spans: Vec<(f64, f64)> = run
        .actions
        .iter()
        .filter(|m| m.to > m.from)
        .map(|m| (m.time_s, m.settled_s.unwrap_or(end).max(m.time_s)))
        .collect();
    spans.extend(
        run.time_s
            .iter()
            .zip(&run.pending)
            .filter(|(_, &p)| p > 0.0)
            .map(|(&t, _)| (t, t + MINUTE_S)),
    );
    merge_spans(spans)
}

/// Sort spans by start and merge those that overlap or touch.
fn merge_spans(mut spans: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    spans.retain(|(a, b)| a.is_finite() && b.is_finite());
    spans.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
#[path = "timeline_data_tests.rs"]
mod tests;
