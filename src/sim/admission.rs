//! How a request gets to an instance, by platform (`crate::platform`), and the life of the
//! units that serve it.
//!
//! - **Shared queue** (SageMaker async, Kubernetes): a request starts on a free slot if
//!   nothing waits ahead of it, else it joins the FIFO queue. While nothing is InService
//!   the policy's [`ScalingPolicy::on_demand_without_capacity`] hook is called (Knative's
//!   activator).
//! - **Refused without capacity** (SageMaker real-time with inference components, spec
//!   6.5): while no copy is InService the attempt is refused and counted in
//!   NoCapacityInvocationFailures; the client retries after its backoff (`[client]`), the
//!   request keeping its first arrival time, until it runs out of attempts.
//! - **Keep-alive** (Lambda, Cloud Run): the newest idle slot takes the request (free slots
//!   are a stack, so the most recently freed goes first and older idle instances run out
//!   their keep-alive); else a slot not yet promised on a Pending instance; else a new
//!   instance is launched for it and the request waits for that cold start; at the
//!   instance cap it queues or is refused (`at_limit`). An instance idle for the keep-alive
//!   time is released unless only the provisioned instances are left.
//!
//! [`ScalingPolicy::on_demand_without_capacity`]: crate::policy::ScalingPolicy::on_demand_without_capacity

use super::event::Event;
use super::observer::{Observer, Outcome, RequestRecord};
use super::{set_slot, Simulation};
use crate::endpoint::fleet::{InstanceRef, StoppedInstance};
use crate::endpoint::Request;
use crate::platform::{Admission, AtLimit, Dispatch};

impl Simulation<'_> {
    /// A request (first attempt or retry) reaches the endpoint.
    pub(super) fn admit<O: Observer>(&mut self, mut r: Request, obs: &mut O) {
        let platform = self.config.endpoint.platform;
        let nothing_in_service = self.fleet.counts().in_service == 0;
        match platform.dispatch {
            Dispatch::Shared => {
                if platform.admission == Admission::RejectWithoutCapacity && nothing_in_service {
                    self.refuse(r, obs);
                    return;
                }
                self.accept(&mut r, nothing_in_service);
                self.start_or_queue(r, obs);
                if nothing_in_service {
                    self.poke_policy(obs);
                }
            }
            Dispatch::KeepAlive(k) => {
                if self.fleet.has_free_slot() {
                    self.accept(&mut r, false);
                    self.start_or_queue(r, obs);
                } else if self.fleet.has_open_pending() {
                    self.accept(&mut r, true);
                    self.fleet.bind_to_pending(r);
                } else if self.fleet.counts().active() < k.max_instances {
                    self.accept(&mut r, true);
                    self.launch_unit(Some(r));
                } else if k.at_limit == AtLimit::Queue {
                    self.accept(&mut r, nothing_in_service);
                    self.start_or_queue(r, obs);
                } else {
                    self.refuse(r, obs);
                }
            }
        }
    }

    /// Start `r` at once if nothing waits ahead of it and a slot is free (then nothing can
    /// expire either); else queue it and dispatch.
    fn start_or_queue<O: Observer>(&mut self, r: Request, obs: &mut O) {
        if self.backlog.is_empty() && self.fleet.has_free_slot() {
            self.start(r);
        } else {
            self.backlog.push_back(r);
            self.dispatch(obs);
        }
    }

    /// Count an accepted attempt; `cold` marks a request that waits for a cold start.
    fn accept(&mut self, r: &mut Request, cold: bool) {
        self.minute.counts.invocations += 1;
        if cold && !r.cold_wait {
            r.cold_wait = true;
            self.cold_start_waits += u64::from(self.measured(r.arrival));
        }
    }

    /// Refuse an attempt for lack of capacity; the client retries or gives up.
    fn refuse<O: Observer>(&mut self, mut r: Request, obs: &mut O) {
        // Refusals, retries and rejections count with the request, by its first arrival.
        let measured = u64::from(self.measured(r.arrival));
        self.no_capacity_failures += measured;
        self.minute.counts.rejected += 1;
        // Refused for want of any capacity (real-time components at zero copies) is waiting
        // for a cold start; a throttle at the keep-alive cap is not.
        let at_zero = self.config.endpoint.platform.admission == Admission::RejectWithoutCapacity;
        if at_zero && !r.cold_wait {
            r.cold_wait = true;
            self.cold_start_waits += measured;
        }
        match self.config.endpoint.platform.retry.wait_after(r.attempts) {
            Some(wait) => {
                self.retries += measured;
                self.retrying += 1;
                r.attempts += 1;
                self.queue
                    .push(self.clock.after(wait), Event::Retry(Box::new(r)));
            }
            None => {
                self.counts.rejected += measured;
                obs.on_request(&RequestRecord {
                    id: r.id,
                    arrival: r.arrival,
                    start: None,
                    finish: self.clock,
                    service_s: r.service.as_secs_f64(),
                    outcome: Outcome::Rejected,
                    cold_wait: r.cold_wait,
                });
            }
        }
    }

    /// Launch one unit (instance, or model copy on a host) now, with `bound` waiting for
    /// it. Returns `None` when a copy does not fit on any host (every host full and
    /// `max_hosts` running).
    pub(super) fn launch_unit(&mut self, bound: Option<Request>) -> Option<InstanceRef> {
        let now = self.clock;
        let host_ready_at = match (&mut self.hosts, self.config.endpoint.platform.hosts) {
            (Some(hosts), Some(h)) => Some(hosts.place(now, h.launch)?),
            _ => None,
        };
        let r = match bound {
            Some(request) => self.fleet.launch_bound(request, now),
            None => self.fleet.launch(now),
        };
        if let Some(p) = host_ready_at {
            set_slot(&mut self.copy_host, r.slot, Some(p.host));
        }
        let cold = self
            .config
            .endpoint
            .cold_start
            .sample(&mut self.cold_start_rng);
        let ready_from = host_ready_at.map_or(now, |p| p.host_ready_at);
        self.queue
            .push(ready_from.after(cold), Event::InstanceReady(r));
        let measured = u64::from(self.measured(now));
        self.cold_starts += measured;
        if matches!(
            self.config.endpoint.platform.dispatch,
            Dispatch::KeepAlive(_)
        ) {
            self.scale_out_events += measured;
            self.target.follow(self.fleet.counts().active());
        }
        Some(r)
    }

    /// A unit stopped: bill it, or free its place on its host (hosts are billed).
    pub(super) fn on_unit_stopped(&mut self, s: &StoppedInstance) {
        let (Some(hosts), Some(h)) = (&mut self.hosts, self.config.endpoint.platform.hosts) else {
            self.bill_stop(s);
            return;
        };
        let host = self
            .copy_host
            .get_mut(s.slot as usize)
            .and_then(Option::take);
        let Some(host) = host else {
            return;
        };
        if let Some(epoch) = hosts.remove_copy(host) {
            self.queue.push(
                self.clock.after(h.release_delay),
                Event::HostRelease { host, epoch },
            );
        }
        self.launch_missing_copies();
    }

    /// Launch the copies the desired count asks for but that found no room on a host
    /// (every host full, e.g. with copies still draining, and `max_hosts` running); called
    /// whenever a copy leaves its host.
    fn launch_missing_copies(&mut self) {
        while self.fleet.counts().active() < self.target.desired() {
            if self.launch_unit(None).is_none() {
                break;
            }
        }
    }

    /// With keep-alive dispatch, queue an expiry check of `r` if it is idle now and none
    /// is queued.
    pub(super) fn schedule_idle_check(&mut self, r: InstanceRef) {
        let Dispatch::KeepAlive(k) = self.config.endpoint.platform.dispatch else {
            return;
        };
        if let Some(since) = self.fleet.idle_since(r) {
            if self.fleet.arm_expiry(r) {
                let at = since.after(k.keep_alive).max(self.clock);
                self.queue.push(at, Event::IdleExpiry(r));
            }
        }
    }

    /// An expiry check of `r`: if it has been idle for the keep-alive time, release it,
    /// unless only the provisioned instances are left; if it was used since the check was
    /// queued and is idle again, check again at its new expiry.
    pub(super) fn on_idle_expiry(&mut self, r: InstanceRef) {
        let Dispatch::KeepAlive(k) = self.config.endpoint.platform.dispatch else {
            return;
        };
        self.fleet.disarm_expiry(r);
        let Some(since) = self.fleet.idle_since(r) else {
            return; // busy: it queues a check when it is idle again
        };
        if since.after(k.keep_alive) > self.clock {
            self.schedule_idle_check(r);
            return;
        }
        if self.fleet.counts().active() <= k.provisioned {
            return;
        }
        if let Some(s) = self.fleet.stop_if_idle(r, self.clock) {
            self.on_unit_stopped(&s);
            self.scale_in_events += u64::from(self.measured(self.clock));
            self.target.follow(self.fleet.counts().active());
        }
    }
}
