//! [`ExplainLog`]: the observer behind `scalesim explain`. It keeps, for one time `at`,
//! the decisions within the window around it, every scaling decision and activity (for
//! tracing a wait back to its scale-out and cold start), the per-minute rows of the
//! window, and the requests that were waiting at `at` or arrived within the minute after
//! it. It ends the run once the window has passed and every request that arrived up to a
//! minute after `at` has left.

use super::scaled;
use crate::sim::observer::{ActivityRecord, Decision, MinuteRecord, Observer, RequestRecord};
use crate::time::{SimDuration, SimTime};

const MINUTE_US: u64 = 60_000_000;

/// See the module docs.
#[derive(Debug, Clone)]
pub struct ExplainLog {
    /// The time asked about.
    pub at: SimTime,
    /// How far before and after `at` the table goes.
    pub window: SimDuration,
    /// Decisions with `at − window ≤ time ≤ at + window`, in order.
    pub decisions: Vec<Decision>,
    /// Every decision that changed desired capacity up to the end of the run, in order.
    pub scalings: Vec<Decision>,
    /// The last decision at or before `at` (also when it is outside the window).
    pub at_or_before: Option<Decision>,
    /// Every scaling activity, in the order reported.
    pub activities: Vec<ActivityRecord>,
    /// Requests waiting at `at`, or arriving in `[at, at + 1 min)`, in the order they left.
    pub requests: Vec<RequestRecord>,
    /// Requests that arrived before `cutoff`, and those of them that have left.
    arrived: u64,
    left: u64,
    /// A whole minute at least one minute after `at`.
    cutoff: SimTime,
}

impl ExplainLog {
    /// A log for the time `at` and the table `window` either side of it.
    pub fn new(at: SimTime, window: SimDuration) -> ExplainLog {
        let cutoff = SimTime((at.0 + MINUTE_US).div_ceil(MINUTE_US) * MINUTE_US);
        ExplainLog {
            at,
            window,
            decisions: Vec::new(),
            scalings: Vec::new(),
            at_or_before: None,
            activities: Vec::new(),
            requests: Vec::new(),
            arrived: 0,
            left: 0,
            cutoff,
        }
    }

    fn first_shown(&self) -> SimTime {
        SimTime(self.at.0.saturating_sub(self.window.0))
    }

    fn last_shown(&self) -> SimTime {
        self.at.after(self.window)
    }
}

impl Observer for ExplainLog {
    fn on_request(&mut self, r: &RequestRecord) {
        if r.arrival < self.cutoff {
            self.left += 1;
        }
        let started = r.start.unwrap_or(r.finish);
        let waiting_at = r.arrival <= self.at && started > self.at;
        let arrived_after = r.arrival >= self.at && r.arrival.0 < self.at.0 + MINUTE_US;
        if waiting_at || arrived_after {
            self.requests.push(*r);
        }
    }

    fn on_minute(&mut self, m: &MinuteRecord) {
        if (m.minute + 1) * MINUTE_US <= self.cutoff.0 {
            self.arrived += m.counts.arrivals;
        }
    }

    fn on_activity(&mut self, a: &ActivityRecord) {
        self.activities.push(a.clone());
    }

    fn wants_decisions(&self) -> bool {
        true
    }

    fn on_decision(&mut self, d: &Decision) {
        if d.time <= self.at {
            self.at_or_before = Some(d.clone());
        }
        if d.time >= self.first_shown() && d.time <= self.last_shown() {
            self.decisions.push(d.clone());
        }
        if scaled(d) {
            self.scalings.push(d.clone());
        }
    }

    fn keep_running(&self, now: SimTime) -> bool {
        let seen_all = now >= self.cutoff && self.left >= self.arrived;
        now <= self.last_shown().max(self.cutoff) || !seen_all
    }
}
