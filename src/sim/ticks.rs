//! Ticks for policies that read the serving layer directly (Kubernetes HPA, KEDA,
//! Knative): every `tick_period` from time 0, after the minute boundary of the same
//! instant, the policy gets a `LiveInput` with the state now and the time averages of
//! requests in flight and waiting since its previous tick (built in [`super::scaling`]).
//! The same input, with a zero interval, goes to `on_demand_without_capacity` when a
//! request finds nothing InService.

use super::statistics::Integrals;
use crate::time::{SimDuration, SimTime};

/// When the next tick is, and the integrals at the previous one.
#[derive(Debug, Clone, Copy)]
pub(super) struct TickState {
    period: SimDuration,
    /// Time of the next tick.
    pub(super) next: SimTime,
    /// Time of the previous tick (0 before the first).
    pub(super) last: SimTime,
    /// The integrals at the previous tick.
    pub(super) at_last: Integrals,
    /// Measured arrivals at the previous tick.
    pub(super) arrivals_at_last: u64,
}

impl TickState {
    /// Ticks every `period` (at least 1 µs), the first at `period`.
    pub(super) fn new(period: SimDuration) -> TickState {
        let period = SimDuration(period.0.max(1));
        TickState {
            period,
            next: SimTime::ZERO.after(period),
            last: SimTime::ZERO,
            at_last: Integrals::default(),
            arrivals_at_last: 0,
        }
    }

    /// The tick due now happened at `now`, with `integrals` and `arrivals` then.
    pub(super) fn ticked(&mut self, now: SimTime, integrals: Integrals, arrivals: u64) {
        self.next = self.next.after(self.period);
        self.last = now;
        self.at_last = integrals;
        self.arrivals_at_last = arrivals;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_follow_the_period() {
        let mut t = TickState::new(SimDuration::from_secs(15));
        assert_eq!(t.next, SimTime::ZERO.after(SimDuration::from_secs(15)));
        t.ticked(t.next, Integrals::default(), 3);
        assert_eq!(t.next, SimTime::ZERO.after(SimDuration::from_secs(30)));
        assert_eq!((t.last.0, t.arrivals_at_last), (15_000_000, 3));
        assert_eq!(TickState::new(SimDuration::ZERO).next.0, 1, "at least 1 µs");
    }
}
