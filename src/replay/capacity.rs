//! The endpoint's capacity over the window, as AWS's scaling activities record it.
//!
//! An activity that set the desired instance count (`Successful`, or `InProgress` at the
//! end of the export) changes the desired capacity at its `StartTime`; a scale-out's new
//! instances are InService by its `EndTime`. Not-scaled and failed activities change
//! nothing. The capacity *before* the window is not in any activity's text (AWS writes
//! only "Setting desired instance count to N."), so [`RecordedCapacity::from_record`]
//! takes the first of these that applies, and says which:
//!
//! 1. the desired count of the last activity before the window;
//! 2. the metrics before the first activity in the window: a minute with
//!    `HasBacklogWithoutCapacity` (Average or Maximum) above 0 means 0 instances; otherwise a minute with backlog
//!    gives `ApproximateBacklogSize ÷ ApproximateBacklogSizePerInstance` instances;
//! 3. with no activity in the window at all, `describe-endpoint`'s `CurrentInstanceCount`;
//! 4. the first activity's direction: after a scale-out, the scalable target's
//!    `MinCapacity` (0 if unknown); after a scale-in, one more than it set.

use super::Window;
use crate::recorded::scaling::{Activity, ActivityStatus};
use crate::recorded::{Origin, Recorded, UtcMicros};

/// One change of the desired capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityChange {
    /// `StartTime` of the activity.
    pub at: UtcMicros,
    /// `EndTime` (absent while in progress).
    pub end: Option<UtcMicros>,
    /// Desired capacity before.
    pub from: u32,
    /// Desired capacity after.
    pub to: u32,
    /// The activity's `Cause`.
    pub cause: String,
    /// Where the activity was read.
    pub origin: Origin,
}

impl CapacityChange {
    /// `EndTime − StartTime`, seconds.
    pub fn duration_s(&self) -> Option<f64> {
        self.end.map(|e| e.secs_since(self.at))
    }
}

/// The desired capacity at the window's start and its changes inside the window.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCapacity {
    /// Desired capacity at the start of the window.
    pub initial: u32,
    /// How `initial` was found (see the module docs), for comments and reports.
    pub initial_source: String,
    /// Changes inside the window, oldest first (a change that sets the same count again is
    /// kept, with `from == to`).
    pub changes: Vec<CapacityChange>,
    /// Every change of the record, before and inside the window (for the cold-start fit).
    pub all_changes: Vec<CapacityChange>,
}

fn sets_capacity(a: &Activity) -> Option<u32> {
    match a.status {
        ActivityStatus::Successful | ActivityStatus::InProgress => a.desired,
        _ => None,
    }
}

impl RecordedCapacity {
    /// Rebuild the capacity of `rec` over `w`; `min_capacity` is the scalable target's
    /// `MinCapacity` when known.
    pub fn from_record(rec: &Recorded, w: &Window, min_capacity: Option<u32>) -> RecordedCapacity {
        let setting: Vec<(&Activity, u32)> = rec
            .activities
            .iter()
            .filter_map(|a| sets_capacity(a).map(|d| (a, d)))
            .collect();
        let before = setting.iter().rev().find(|(a, _)| a.start < w.start);
        let first_inside = setting
            .iter()
            .find(|(a, _)| a.start >= w.start && a.start < w.end());
        let (initial, initial_source) = match before {
            Some((a, d)) => (
                *d,
                format!(
                    "the last scaling activity before the window, {} ({})",
                    a.start,
                    a.origin.describe()
                ),
            ),
            None => initial_from_metrics(rec, w, first_inside.map(|(a, _)| a.start))
                .or_else(|| {
                    first_inside
                        .is_none()
                        .then(|| endpoint_count(rec))
                        .flatten()
                })
                .unwrap_or_else(|| from_first_activity(first_inside, min_capacity)),
        };
        // Walk every change of the record in time order, from the earliest known count.
        let mut all_changes = Vec::new();
        // Before the first known count (activities long before the window) `from` is
        // unknown and taken equal to `to`.
        let mut current = None;
        for (a, d) in &setting {
            if a.start >= w.start && current.is_none() {
                current = Some(initial);
            }
            let from = current.unwrap_or(*d);
            all_changes.push(CapacityChange {
                at: a.start,
                end: a.end,
                from,
                to: *d,
                cause: a.cause.clone(),
                origin: a.origin.clone(),
            });
            current = Some(*d);
        }
        let changes = all_changes
            .iter()
            .filter(|c| c.at >= w.start && c.at < w.end())
            .cloned()
            .collect();
        RecordedCapacity {
            initial,
            initial_source,
            changes,
            all_changes,
        }
    }

    /// The desired capacity just before `t` (changes at or after `t` not yet applied).
    pub fn desired_before(&self, t: UtcMicros) -> u32 {
        self.changes
            .iter()
            .take_while(|c| c.at < t)
            .last()
            .map_or(self.initial, |c| c.to)
    }

    /// The desired capacity at the end of each minute of `w` (what the simulation's minute
    /// row reports).
    pub fn per_minute_desired(&self, w: &Window) -> Vec<u32> {
        let mut out = Vec::with_capacity(w.minutes as usize);
        let mut next = 0;
        let mut current = self.initial;
        for i in 0..w.minutes {
            let end = w.at(i + 1);
            while let Some(c) = self.changes.get(next).filter(|c| c.at < end) {
                current = c.to;
                next += 1;
            }
            out.push(current);
        }
        out
    }

    /// Instance-hours of the window: the time integral of the desired count (AWS's bill is
    /// not in the export; instances are taken to run from the activity that asked for them
    /// to the one that removed them).
    pub fn instance_hours(&self, w: &Window) -> f64 {
        let mut total_s = 0.0;
        let mut t = w.start;
        let mut current = self.initial;
        for c in &self.changes {
            total_s += f64::from(current) * c.at.secs_since(t);
            t = c.at;
            current = c.to;
        }
        total_s += f64::from(current) * w.end().secs_since(t);
        total_s / 3600.0
    }
}

fn initial_from_metrics(
    rec: &Recorded,
    w: &Window,
    first_change: Option<UtcMicros>,
) -> Option<(u32, String)> {
    let until = first_change.unwrap_or(w.end());
    let in_range = |t: UtcMicros| t >= w.start && t < until;
    for stat in ["Average", "Maximum"] {
        let Some(s) = rec.series("HasBacklogWithoutCapacity", stat) else {
            continue;
        };
        if let Some((t, _)) = s.points.iter().find(|(t, v)| in_range(*t) && *v > 0.0) {
            return Some((
                0,
                format!(
                    "HasBacklogWithoutCapacity {stat} was above 0 at {t}, before any scaling activity in \
                     the window, so no instance was InService"
                ),
            ));
        }
    }
    let total = rec.series("ApproximateBacklogSize", "Average")?;
    let per = rec.series("ApproximateBacklogSizePerInstance", "Average")?;
    total.points.iter().find_map(|&(t, b)| {
        let p = per.at(t)?;
        (in_range(t) && b > 0.0 && p > 0.0).then(|| {
            let n = (b / p).round().max(0.0) as u32;
            (
                n,
                format!(
                    "ApproximateBacklogSize ÷ ApproximateBacklogSizePerInstance = {b} ÷ {p} at {t}, \
                     before any scaling activity in the window"
                ),
            )
        })
    })
}

fn endpoint_count(rec: &Recorded) -> Option<(u32, String)> {
    let ep = rec.endpoint.as_ref()?;
    let (i, v) = ep
        .variants
        .iter()
        .enumerate()
        .find(|(_, v)| v.current_instance_count.is_some())?;
    Some((
        v.current_instance_count?,
        format!(
            "{}: no scaling activity in the window, so the count at export time held throughout",
            ep.origin
                .field(&format!("ProductionVariants[{i}].CurrentInstanceCount"))
        ),
    ))
}

fn from_first_activity(
    first: Option<&(&Activity, u32)>,
    min_capacity: Option<u32>,
) -> (u32, String) {
    let min = min_capacity.unwrap_or(0);
    match first {
        Some((a, d)) if a.cause.contains("-AlarmLow-") || *d < min => (
            d + 1,
            format!(
                "a guess: the first activity in the window ({}) scaled in to {d}, so at least {} \
                 instances ran before it; set capacity.initial if you know better",
                a.origin.describe(),
                d + 1
            ),
        ),
        Some((a, _)) => (
            min,
            format!(
                "a guess: the first activity in the window ({}) scaled out, so the endpoint is \
                 taken to start at its minimum capacity {min}; set capacity.initial if you know \
                 better",
                a.origin.describe()
            ),
        ),
        None => (
            min,
            format!(
                "no activity and no describe-endpoint: the minimum capacity {min} is assumed; set \
                 capacity.initial if you know better"
            ),
        ),
    }
}
