//! The KPA's decider (`autoscaler.Scale`): stable and panic averages turned into a desired
//! pod count, panic mode, `scale_down_delay` and the excess burst capacity.

use super::spec::TARGET_MIN;
use super::KnativePolicy;
use crate::k8s::ceil_count;
use crate::time::{SimDuration, SimTime};

/// What the decider said at a tick.
#[derive(Debug, Clone, Copy)]
pub(super) struct Decision {
    pub(super) desired: u32,
    pub(super) stable: f64,
    pub(super) panic: f64,
    pub(super) panicking: bool,
    pub(super) excess_burst_capacity: f64,
}

/// The decider's window settings.
#[derive(Debug, Clone, Copy)]
pub(super) struct Windows {
    pub(super) stable: SimDuration,
    pub(super) delay: SimDuration,
}

impl KnativePolicy {
    /// `(total, target)`: the concurrency per pod (`containerConcurrency`, or `target`
    /// capped at it) and the value aimed at, `max(0.01, total × utilization)`.
    pub(super) fn targets(&self, slots: u32) -> (f64, f64) {
        let cc = f64::from(slots.max(1));
        let total = self.target.map_or(cc, |t| t.min(cc));
        (total, (total * self.utilization).max(TARGET_MIN))
    }

    /// The decider (`autoscaler.Scale`); `None` without data (`ErrNoData`: nothing
    /// observed within the stable window), which leaves the panic state untouched.
    pub(super) fn decide(&mut self, now: SimTime, ready_pods: u32, slots: u32) -> Option<Decision> {
        let (total, tv) = self.targets(slots);
        let ready = f64::from(ready_pods.max(1));
        let stable = self.stable.average(now)?;
        let panic = self.panic.average(now).unwrap_or(0.0);
        let max_up = (self.max_up * ready).ceil();
        let max_down = (ready / self.max_down).floor();
        let dspc = (stable / tv).ceil();
        let dppc = (panic / tv).ceil();
        let stable_pods = ceil_count(dspc.max(max_down).min(max_up));
        let panic_pods = ceil_count(dppc.max(max_down).min(max_up));
        self.update_panic(now, dppc / ready >= self.panic_threshold);
        let mut desired = stable_pods;
        if self.panic_time.is_some() {
            self.max_panic_pods = self.max_panic_pods.max(desired.max(panic_pods));
            desired = self.max_panic_pods;
        }
        desired = self.delay(now, desired);
        let excess_burst_capacity = if self.burst == 0.0 {
            0.0
        } else if self.burst > 0.0 {
            (f64::from(ready_pods) * total - self.burst - panic).floor()
        } else {
            -1.0
        };
        Some(Decision {
            desired,
            stable,
            panic,
            panicking: self.panic_time.is_some(),
            excess_burst_capacity,
        })
    }

    /// The excess burst capacity before any decision (`createScaler`: one pod's worth).
    pub(super) fn initial_excess_burst_capacity(&self, slots: u32) -> f64 {
        if self.burst == 0.0 || self.burst == -1.0 {
            self.burst
        } else {
            self.targets(slots).0 - self.burst
        }
    }

    /// Enter, extend or leave panic mode.
    fn update_panic(&mut self, now: SimTime, over_threshold: bool) {
        if over_threshold {
            self.panic_time = Some(now);
        } else if let Some(t) = self.panic_time {
            if t.after(self.windows.stable) < now {
                self.panic_time = None;
                self.max_panic_pods = 0;
            }
        }
    }

    /// `scale_down_delay`: the maximum desired count over the delay window.
    fn delay(&mut self, now: SimTime, desired: u32) -> u32 {
        let w = self.windows.delay.0;
        if w == 0 {
            return desired;
        }
        self.delayed.push_back((now, desired));
        while let Some(&(t, _)) = self.delayed.front() {
            if t.0.saturating_add(w) <= now.0 {
                self.delayed.pop_front();
            } else {
                break;
            }
        }
        self.delayed
            .iter()
            .map(|&(_, n)| n)
            .max()
            .unwrap_or(desired)
    }
}
