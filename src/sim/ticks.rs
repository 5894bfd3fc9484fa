//! Ticks for policies that read the serving layer directly (Kubernetes HPA, KEDA,
//! Knative): every `tick_period` from time 0, after the minute boundary of the same
//! instant, the policy gets a [`LiveInput`] with the state now and the time averages of
//! requests in flight and waiting since its previous tick. The same input, with a zero
//! interval, goes to `on_demand_without_capacity` when a request finds nothing InService.

use super::observer::Observer;
use super::{Integrals, Simulation};
use crate::policy::{LiveInput, ScalingAction, ScalingPolicy};
use crate::time::{SimDuration, SimTime};

/// When the next tick is, and the integrals at the previous one.
#[derive(Debug, Clone, Copy)]
pub(super) struct TickState {
    period: SimDuration,
    /// Time of the next tick.
    pub(super) next: SimTime,
    last: SimTime,
    at_last: Integrals,
    arrivals_at_last: u64,
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
}

impl Simulation<'_> {
    fn live_input(&self, since: Option<&TickState>) -> LiveInput {
        let c = self.fleet.counts();
        let queued = self.queued();
        let (interval, mean_in_flight, mean_queued, arrivals) = match since {
            Some(t) if self.clock > t.last => {
                let dt = self.clock.since(t.last);
                let span = dt.0 as f64;
                let i = &self.integrals;
                (
                    dt,
                    (i.in_flight_micros - t.at_last.in_flight_micros) as f64 / span,
                    (i.queued_micros - t.at_last.queued_micros) as f64 / span,
                    self.counts.arrived - t.arrivals_at_last,
                )
            }
            _ => (
                SimDuration::ZERO,
                f64::from(c.in_flight),
                f64::from(queued),
                0,
            ),
        };
        LiveInput {
            now: self.clock,
            interval,
            capacity: self.capacity_view(),
            queued,
            in_flight: c.in_flight,
            mean_in_flight,
            mean_queued,
            arrivals,
            slots_per_instance: self.config.endpoint.max_concurrent_invocations_per_instance,
        }
    }

    /// Run the policy's tick due now.
    pub(super) fn run_tick<O: Observer>(&mut self, obs: &mut O) {
        let Some(state) = self.ticks else {
            return;
        };
        self.advance_to(state.next);
        let input = self.live_input(Some(&state));
        self.ask_policy(obs, |policy, actions| policy.on_tick(&input, actions));
        self.ticks = Some(TickState {
            next: state.next.after(state.period),
            last: self.clock,
            at_last: self.integrals,
            arrivals_at_last: self.counts.arrived,
            ..state
        });
    }

    /// A request found nothing InService: let the policy react at once (an activator).
    pub(super) fn poke_policy<O: Observer>(&mut self, obs: &mut O) {
        let input = self.live_input(None);
        self.ask_policy(obs, |policy, actions| {
            policy.on_demand_without_capacity(&input, actions)
        });
    }

    /// Let `decide` fill the policy's actions, then apply them in order.
    fn ask_policy<O: Observer>(
        &mut self,
        obs: &mut O,
        decide: impl FnOnce(&mut dyn ScalingPolicy, &mut Vec<ScalingAction>),
    ) {
        let mut actions = std::mem::take(&mut self.actions);
        actions.clear();
        decide(self.policy.as_mut(), &mut actions);
        for action in &actions {
            self.apply(action, obs);
        }
        self.actions = actions;
    }
}
