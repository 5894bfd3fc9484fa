//! Scaling across the engine's parts: closing a minute (its row, its datapoints, the
//! policy's evaluation and the actions it takes), the policy's own ticks and its
//! activator hook, and carrying out a change of desired capacity on the endpoint (launch,
//! or remove in the platform's scale-in order).

use super::observer::{MinuteRecord, Observer};
use super::statistics::FleetEvent;
use super::ticks::TickState;
use super::Simulation;
use crate::policy::target::Change;
use crate::policy::{LiveInput, PolicyInput, ScalingAction};
use crate::time::SimDuration;

impl Simulation<'_> {
    /// Close the minute ending at the next boundary: row, datapoints, policy, actions.
    pub(super) fn close_minute<O: Observer>(&mut self, obs: &mut O) {
        let boundary = self.publication.next_boundary();
        self.advance_to(boundary);
        if boundary == self.stats.measure_from() {
            let billed = self.endpoint.billed_micros(&self.stats.billing, boundary);
            let machine = self
                .endpoint
                .billed_micros(&self.stats.machine_time, boundary);
            self.stats.warmup_ends(billed, machine);
        }
        let (minute, counts, metrics) = self.publication.close();
        let c = self.endpoint.fleet.counts();
        let billed = self.endpoint.billed_micros(&self.stats.billing, boundary);
        let record = MinuteRecord {
            minute,
            counts,
            queued: self.endpoint.queued(),
            in_flight: c.in_flight,
            desired: self.control.target.desired(),
            pending: c.pending,
            in_service: c.in_service,
            draining: c.draining,
            machines: self.endpoint.machines(),
            cost_usd: self.stats.cost_since_warmup(billed),
            metrics,
        };
        let before = self.control.capacity_view(c);
        let input = PolicyInput {
            now: boundary,
            published: self.publication.publish(),
            capacity: before,
        };
        let actions = self.control.on_minute(&input);
        if !self.control.alarm_states().is_empty() {
            obs.on_alarms(minute, self.control.alarm_states());
        }
        obs.on_minute(&record);
        self.apply_all(&actions, obs);
        self.control.restore(actions);
        if self.control.explain {
            let backlog = record.queued + record.in_flight;
            self.control
                .emit_decision(self.clock, minute, before, backlog, obs);
        }
        self.publication.next_minute();
    }

    /// Run the policy's tick due now.
    pub(super) fn run_tick<O: Observer>(&mut self, obs: &mut O) {
        let Some(state) = self.control.ticks else {
            return;
        };
        self.advance_to(state.next);
        let input = self.live_input(Some(&state));
        let actions = self.control.decide(|p, a| p.on_tick(&input, a));
        self.apply_all(&actions, obs);
        self.control.restore(actions);
        let (integrals, arrived) = (self.stats.integrals, self.stats.arrived());
        if let Some(t) = &mut self.control.ticks {
            t.ticked(self.clock, integrals, arrived);
        }
    }

    /// A request found nothing InService: let the policy react at once (an activator).
    pub(super) fn poke_policy<O: Observer>(&mut self, obs: &mut O) {
        let input = self.live_input(None);
        let actions = self
            .control
            .decide(|p, a| p.on_demand_without_capacity(&input, a));
        self.apply_all(&actions, obs);
        self.control.restore(actions);
    }

    /// The serving layer now, with the averages since the tick `since` (or none).
    fn live_input(&self, since: Option<&TickState>) -> LiveInput {
        let c = self.endpoint.fleet.counts();
        let queued = self.endpoint.queued();
        let (interval, mean_in_flight, mean_queued, arrivals) = match since {
            Some(t) if self.clock > t.last => {
                let dt = self.clock.since(t.last);
                let span = dt.0 as f64;
                let i = &self.stats.integrals;
                (
                    dt,
                    (i.in_flight_micros - t.at_last.in_flight_micros) as f64 / span,
                    (i.queued_micros - t.at_last.queued_micros) as f64 / span,
                    self.stats.arrived() - t.arrivals_at_last,
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
            capacity: self.control.capacity_view(c),
            queued,
            in_flight: c.in_flight,
            mean_in_flight,
            mean_queued,
            arrivals,
            slots_per_instance: self.config.endpoint.max_concurrent_invocations_per_instance,
        }
    }

    /// Apply `actions` in order.
    fn apply_all<O: Observer>(&mut self, actions: &[ScalingAction], obs: &mut O) {
        for action in actions {
            if let Some((change, _cause)) = self.control.apply(action, self.clock, obs) {
                self.change_capacity(change, obs);
            }
        }
    }

    /// Bring the fleet to the new desired capacity: launch, or remove in scale-in order.
    fn change_capacity<O: Observer>(&mut self, change: Change, obs: &mut O) {
        let now = self.clock;
        let event = if change.to > change.from {
            FleetEvent::ScaleOut
        } else {
            FleetEvent::ScaleIn
        };
        self.stats.fleet_event(now, event);
        let active = self.endpoint.fleet.counts().active();
        if change.to > active {
            for _ in active..change.to {
                if self.launch_unit(None).is_none() {
                    break;
                }
            }
        } else if change.to < active {
            let mode = self.config.endpoint.scale_in_mode;
            let removal = self.endpoint.fleet.remove(active - change.to, mode, now);
            for s in &removal.stopped {
                self.on_unit_stopped(s);
            }
            if !removal.requeue.is_empty() {
                self.endpoint.backlog.requeue_front(removal.requeue);
            }
        }
        let pending = self.endpoint.fleet.counts().pending;
        self.control.settle(now, pending, obs);
        self.dispatch(obs);
    }
}
