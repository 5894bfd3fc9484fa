//! The life of a request and of the units that serve it, across the engine's parts:
//! arrival, admission (the platform's [`Admit`]), refusal and client retries, the FIFO
//! queue and its TTL, start and completion, and the launch and stop of units.
//!
//! - A request the platform queues starts on a free slot if nothing waits ahead of it,
//!   else it joins the queue. When the platform says nothing is InService, the policy's
//!   [`ScalingPolicy::on_demand_without_capacity`] hook is called (Knative's activator).
//! - A refused attempt counts in NoCapacityInvocationFailures; the client retries after
//!   its backoff (`[client]`), the request keeping its first arrival time, until it runs
//!   out of attempts.
//! - A request may also bind to a Pending unit, or get a unit launched for it (keep-alive).
//!
//! [`ScalingPolicy::on_demand_without_capacity`]: crate::policy::ScalingPolicy::on_demand_without_capacity

use super::event::{Event, ServiceEnd};
use super::observer::{Observer, Outcome, RequestRecord};
use super::statistics::{FleetEvent, Tally};
use super::Simulation;
use crate::endpoint::fleet::{InstanceRef, StoppedInstance};
use crate::endpoint::Request;
use crate::platform::{Admit, AfterStop, Fired, PlatformRules};
use crate::time::{SimDuration, SimTime};

/// The observer's record of `r`, which left at `finish` with `outcome`.
fn record_of(
    r: &Request,
    start: Option<SimTime>,
    finish: SimTime,
    outcome: Outcome,
) -> RequestRecord {
    RequestRecord {
        id: r.id,
        arrival: r.arrival,
        start,
        finish,
        service_s: r.service.as_secs_f64(),
        outcome,
        cold_wait: r.cold_wait,
    }
}

impl Simulation<'_> {
    /// Count `tally` of `r` now, in the run and in the minute.
    #[inline(always)]
    fn record(&mut self, r: &Request, tally: Tally) {
        self.stats
            .record(self.publication.counts_mut(), r.arrival, self.clock, tally);
    }

    /// Handle one queued event.
    pub(super) fn handle<O: Observer>(&mut self, ev: Event, obs: &mut O) {
        match ev {
            Event::InstanceReady(r) => {
                let now = self.clock;
                if self.endpoint.fleet.mark_in_service(r, now) {
                    for request in self.endpoint.fleet.start_bound(r, now) {
                        self.started(r, request);
                    }
                    let pending = self.endpoint.fleet.counts().pending;
                    self.control.settle(now, pending, obs);
                    self.dispatch(obs);
                    self.unit_free(r);
                }
            }
            Event::Retry(request) => {
                let mut request = *request;
                self.record(&request, Tally::RetryDue);
                request.attempt_at = self.clock;
                self.admit(request, obs);
            }
            Event::ServiceDone(end) => self.on_service_done(end, obs),
            Event::ExpiryCheck => {
                self.endpoint.expiry_armed = None;
                self.dispatch(obs);
            }
            Event::Platform(e) => {
                let ep = &mut self.endpoint;
                match ep
                    .platform
                    .on_event(e, &mut ep.fleet, self.clock, &mut self.queue)
                {
                    Fired::Nothing => {}
                    Fired::MachineStopped(s) => self.stats.bill_stop(&s),
                    Fired::UnitReleased(s) => {
                        self.on_unit_stopped(&s);
                        self.stats.fleet_event(self.clock, FleetEvent::ScaleIn);
                        let active = self.endpoint.fleet.counts().active();
                        self.control.target.follow(active);
                    }
                }
            }
        }
    }

    /// A request arrives now from `source`, carrying `service` or not.
    #[inline]
    pub(super) fn on_arrival<O: Observer>(
        &mut self,
        source: usize,
        service: Option<SimDuration>,
        obs: &mut O,
    ) {
        let now = self.clock;
        let request = self.arrivals.request(now, service);
        self.record(&request, Tally::Arrived);
        self.admit(request, obs);
        self.arrivals.schedule_next(source, now, &mut self.queue);
    }

    /// A request (first attempt or retry) reaches the endpoint.
    #[inline]
    fn admit<O: Observer>(&mut self, mut r: Request, obs: &mut O) {
        match self.endpoint.platform.admit(&self.endpoint.fleet) {
            Admit::Queue { cold, poke_policy } => {
                self.accept(&mut r, cold);
                self.start_or_queue(r, obs);
                if poke_policy {
                    self.poke_policy(obs);
                }
            }
            Admit::BindToPending => {
                self.accept(&mut r, true);
                self.endpoint.fleet.bind_to_pending(r);
            }
            Admit::Launch => {
                self.accept(&mut r, true);
                self.launch_unit(Some(r));
            }
            Admit::Refuse { cold } => self.refuse(r, cold, obs),
        }
    }

    /// Whether `r` now waits for a cold start for the first time (and mark it).
    fn first_cold_wait(r: &mut Request, cold: bool) -> bool {
        let first = cold && !r.cold_wait;
        r.cold_wait |= first;
        first
    }

    /// Count an accepted attempt; `cold` marks a request that waits for a cold start.
    #[inline]
    fn accept(&mut self, r: &mut Request, cold: bool) {
        let cold_first = Self::first_cold_wait(r, cold);
        self.record(r, Tally::Accepted { cold_first });
    }

    /// Refuse an attempt for lack of capacity; the client retries or gives up.
    fn refuse<O: Observer>(&mut self, mut r: Request, cold: bool, obs: &mut O) {
        let cold_first = Self::first_cold_wait(&mut r, cold);
        match self.config.endpoint.platform.retry.wait_after(r.attempts) {
            Some(wait) => {
                self.record(
                    &r,
                    Tally::Refused {
                        cold_first,
                        retry: true,
                    },
                );
                r.attempts += 1;
                self.queue
                    .push(self.clock.after(wait), Event::Retry(Box::new(r)));
            }
            None => {
                self.record(
                    &r,
                    Tally::Refused {
                        cold_first,
                        retry: false,
                    },
                );
                obs.on_request(&record_of(&r, None, self.clock, Outcome::Rejected));
            }
        }
    }

    /// Start `r` at once if nothing waits ahead of it and a slot is free (then nothing can
    /// expire either); else queue it and dispatch.
    #[inline]
    fn start_or_queue<O: Observer>(&mut self, r: Request, obs: &mut O) {
        if self.endpoint.backlog.is_empty() && self.endpoint.fleet.has_free_slot() {
            self.start(r);
        } else {
            self.endpoint.backlog.push_back(r);
            self.dispatch(obs);
        }
    }

    /// Expire what is due, then start queued requests on free slots, then arm the next
    /// expiry check. With an empty backlog there is nothing to do (the common case, checked
    /// inline at each call).
    #[inline]
    pub(super) fn dispatch<O: Observer>(&mut self, obs: &mut O) {
        if !self.endpoint.backlog.is_empty() {
            self.dispatch_backlog(obs);
        }
    }

    /// [`Simulation::dispatch`] with requests in the backlog.
    fn dispatch_backlog<O: Observer>(&mut self, obs: &mut O) {
        let now = self.clock;
        let (stats, minute) = (&mut self.stats, self.publication.counts_mut());
        self.endpoint.backlog.expire_due(now, |r, at| {
            stats.record(minute, r.arrival, at, Tally::Expired);
            obs.on_request(&record_of(&r, None, at, Outcome::Expired));
        });
        while self.endpoint.fleet.has_free_slot() {
            let Some(r) = self.endpoint.backlog.pop_front() else {
                break;
            };
            self.start(r);
        }
        let ep = &mut self.endpoint;
        if let Some(at) = ep.backlog.next_expiry().map(|at| at.max(now)) {
            if ep.expiry_armed.is_none_or(|armed| at < armed) {
                self.queue.push(at, Event::ExpiryCheck);
                ep.expiry_armed = Some(at);
            }
        }
    }

    #[inline]
    fn start(&mut self, r: Request) {
        let Some(instance) = self.endpoint.fleet.start(r, self.clock) else {
            debug_assert!(false, "start called without a free slot");
            return;
        };
        self.started(instance, r);
    }

    /// `r` started on `instance` now: count it and schedule its end (beside the queue
    /// while there is room, see [`super::completions`]).
    #[inline(always)]
    fn started(&mut self, instance: InstanceRef, r: Request) {
        self.record(&r, Tally::Started);
        let timeout = self.config.endpoint.invocation_timeout;
        let failed = r.service > timeout;
        let took = if failed { timeout } else { r.service };
        let at = self.clock.after(took);
        let end = ServiceEnd {
            instance,
            request_id: r.id,
            failed,
        };
        if self.completions.takes(at) {
            let seq = self.queue.reserve_seq();
            self.completions.push(at, seq, end);
        } else {
            self.queue.push(at, Event::ServiceDone(end));
        }
    }

    #[inline]
    pub(super) fn on_service_done<O: Observer>(&mut self, end: ServiceEnd, obs: &mut O) {
        let ServiceEnd {
            instance,
            request_id,
            failed,
        } = end;
        let now = self.clock;
        let Some((done, stopped)) = self.endpoint.fleet.finish(instance, request_id, now) else {
            return; // the instance was killed; the request went back to the queue
        };
        let r = done.request;
        let (tally, outcome) = if failed {
            (Tally::Failed, Outcome::Failed)
        } else {
            (Tally::Completed, Outcome::Completed)
        };
        self.record(&r, tally);
        obs.on_request(&record_of(&r, Some(done.start), now, outcome));
        if let Some(s) = stopped {
            self.on_unit_stopped(&s);
        }
        self.dispatch(obs);
        self.unit_free(instance);
    }

    /// Tell the platform that `unit` may be idle now.
    #[inline]
    pub(super) fn unit_free(&mut self, unit: InstanceRef) {
        let ep = &mut self.endpoint;
        ep.platform
            .unit_free(unit, &mut ep.fleet, self.clock, &mut self.queue);
    }

    /// Launch one unit now, with `bound` waiting for it. Returns `None` when the platform
    /// has no room for it.
    pub(super) fn launch_unit(&mut self, bound: Option<Request>) -> Option<InstanceRef> {
        let now = self.clock;
        let ep = &mut self.endpoint;
        let fleet = &mut ep.fleet;
        let (r, ready_from) = ep.platform.place_unit(now, || match bound {
            Some(request) => fleet.launch_bound(request, now),
            None => fleet.launch(now),
        })?;
        let cold = self
            .config
            .endpoint
            .cold_start
            .sample(&mut self.cold_start_rng);
        self.queue
            .push(ready_from.after(cold), Event::InstanceReady(r));
        self.stats.fleet_event(now, FleetEvent::ColdStart);
        if self.endpoint.platform.scales_itself() {
            self.stats.fleet_event(now, FleetEvent::ScaleOut);
            let active = self.endpoint.fleet.counts().active();
            self.control.target.follow(active);
        }
        Some(r)
    }

    /// A unit stopped: bill it, or launch the units that may fit now.
    pub(super) fn on_unit_stopped(&mut self, s: &StoppedInstance) {
        match self
            .endpoint
            .platform
            .unit_stopped(s, self.clock, &mut self.queue)
        {
            AfterStop::Bill => self.stats.bill_stop(s),
            AfterStop::Refill => self.launch_missing_units(),
            AfterStop::Nothing => {}
        }
    }

    /// Launch the units the desired count asks for but that found no room (e.g. every
    /// host full with copies still draining).
    fn launch_missing_units(&mut self) {
        while self.endpoint.fleet.counts().active() < self.control.target.desired() {
            if self.launch_unit(None).is_none() {
                break;
            }
        }
    }
}
