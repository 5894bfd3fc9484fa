//! The endpoint's instances and their life cycle: Pending → InService → (Draining) → Stopped.
//!
//! Owns which instance serves which request and which instances go on scale-in. Instance
//! slots are reused after an instance stops, with a generation number so that events still
//! queued for the old instance are recognised as stale; memory is bounded by the largest
//! fleet, not by the number of launches.
//!
//! Dispatch: an InService instance has `concurrency` slots. Free slots are kept on a stack,
//! so the most recently freed slot takes the next request; this packs work onto few
//! instances and leaves others idle for scale-in.
//!
//! Scale-in order (docs/aws-semantics.md §3.10, issue 2): idle InService instances first, then
//! Pending ones (cancelled before they come up), then busy ones; newest first within each group. On
//! Kubernetes ([`Fleet::pending_first`]) Pending pods go before idle ready ones, as a
//! ReplicaSet deletes not-ready pods first. A busy
//! instance either drains (finishes its requests, then stops; the default) or is stopped at
//! once and its requests go back to the head of the backlog (`kill_requeue`).
//! The choice is made in `fleet_scale_in.rs` ([`Fleet::remove`]).

use super::Request;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Where an instance is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    /// Launched, cold-starting; serves nothing yet.
    Pending,
    /// Serving requests.
    InService,
    /// Chosen for scale-in while busy: finishes its requests, takes no new ones.
    Draining,
    /// Gone; the slot may be reused.
    Stopped,
}

/// What happens to a busy instance chosen for scale-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScaleInMode {
    /// Finish the requests in flight, then stop (default).
    #[default]
    Drain,
    /// Stop now; requests in flight go back to the head of the backlog.
    KillRequeue,
}

/// A handle to one instance: its slot plus the generation that guards against reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceRef {
    /// Slot index in the fleet.
    pub slot: u32,
    /// Generation of the slot when the handle was made.
    pub gen: u32,
}

/// A request being processed, with when it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFlight {
    /// The request.
    pub request: Request,
    /// When processing started.
    pub start: SimTime,
}

/// The life of an instance that has stopped, for billing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoppedInstance {
    /// Its slot (in the fleet, or among the hosts).
    pub slot: u32,
    /// When it was launched (Pending).
    pub launched_at: SimTime,
    /// When it became InService, if it did.
    pub in_service_at: Option<SimTime>,
    /// When it stopped.
    pub stopped_at: SimTime,
}

/// What a scale-in did.
#[derive(Debug, Default)]
pub struct Removal {
    /// Instances that stopped at once.
    pub stopped: Vec<StoppedInstance>,
    /// Requests taken back from killed instances (kill_requeue).
    pub requeue: Vec<Request>,
    /// How many busy instances started draining.
    pub draining: u32,
}

#[derive(Debug)]
struct Instance {
    serial: u64,
    gen: u32,
    state: InstanceState,
    launched_at: SimTime,
    in_service_at: Option<SimTime>,
    in_flight: Vec<InFlight>,
    /// Requests waiting for this Pending instance (keep-alive dispatch).
    bound: Vec<Request>,
    /// When it last became idle (keep-alive expiry).
    idle_since: SimTime,
    /// A keep-alive expiry check is queued for it.
    expiry_armed: bool,
}

/// Counts of instances by state and of requests in flight, kept up to date on every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FleetCounts {
    /// Instances cold-starting.
    pub pending: u32,
    /// Instances serving (not draining).
    pub in_service: u32,
    /// Instances finishing their last requests before stopping.
    pub draining: u32,
    /// Instances (InService or Draining) with at least one request in flight.
    pub busy: u32,
    /// Requests being processed.
    pub in_flight: u32,
    /// Requests waiting for a particular Pending instance (keep-alive dispatch).
    pub bound: u32,
}

impl FleetCounts {
    /// Instances that count toward the desired capacity (pending + in service).
    pub fn active(&self) -> u32 {
        self.pending + self.in_service
    }
    /// Instances that exist and are billed (pending + in service + draining).
    pub fn running(&self) -> u32 {
        self.pending + self.in_service + self.draining
    }
}

/// All instances of the endpoint.
#[derive(Debug)]
pub struct Fleet {
    instances: Vec<Instance>,
    reusable: Vec<u32>,
    free_slots: Vec<u32>,
    /// Pending instances with fewer bound requests than slots (keep-alive dispatch).
    open_pending: Vec<u32>,
    concurrency: u32,
    /// Scale in Pending instances before idle InService ones (Kubernetes ReplicaSets).
    pending_first: bool,
    counts: FleetCounts,
    next_serial: u64,
}

impl Fleet {
    /// An empty fleet whose instances each run up to `concurrency` requests at once.
    pub fn new(concurrency: u32) -> Fleet {
        Fleet {
            instances: Vec::new(),
            reusable: Vec::new(),
            free_slots: Vec::new(),
            open_pending: Vec::new(),
            concurrency: concurrency.max(1),
            pending_first: false,
            counts: FleetCounts::default(),
            next_serial: 0,
        }
    }

    /// The same fleet, scaling in Pending instances before idle InService ones, as a
    /// Kubernetes ReplicaSet deletes not-ready pods first (`controller/replicaset`,
    /// `ActivePodsWithRanks`).
    pub fn pending_first(mut self) -> Fleet {
        self.pending_first = true;
        self
    }

    /// Current counts.
    #[inline]
    pub fn counts(&self) -> FleetCounts {
        self.counts
    }

    /// Launch a new instance (Pending). The caller schedules its readiness.
    pub fn launch(&mut self, now: SimTime) -> InstanceRef {
        let serial = self.next_serial;
        self.next_serial += 1;
        self.counts.pending += 1;
        let fresh = |gen| Instance {
            serial,
            gen,
            state: InstanceState::Pending,
            launched_at: now,
            in_service_at: None,
            in_flight: Vec::new(),
            bound: Vec::new(),
            idle_since: now,
            expiry_armed: false,
        };
        if let Some(slot) = self.reusable.pop() {
            let inst = &mut self.instances[slot as usize];
            let gen = inst.gen.wrapping_add(1);
            let mut in_flight = std::mem::take(&mut inst.in_flight);
            in_flight.clear();
            let mut bound = std::mem::take(&mut inst.bound);
            bound.clear();
            *inst = Instance {
                in_flight,
                bound,
                ..fresh(gen)
            };
            InstanceRef { slot, gen }
        } else {
            let slot = self.instances.len() as u32;
            self.instances.push(fresh(0));
            InstanceRef { slot, gen: 0 }
        }
    }

    #[inline]
    fn get(&self, r: InstanceRef) -> Option<&Instance> {
        self.instances
            .get(r.slot as usize)
            .filter(|i| i.gen == r.gen && i.state != InstanceState::Stopped)
    }

    /// A Pending instance finished its cold start. Returns false if the handle is stale
    /// (the instance was cancelled by a scale-in).
    pub fn mark_in_service(&mut self, r: InstanceRef, now: SimTime) -> bool {
        if self.get(r).map(|i| i.state) != Some(InstanceState::Pending) {
            return false;
        }
        let inst = &mut self.instances[r.slot as usize];
        inst.state = InstanceState::InService;
        inst.in_service_at = Some(now);
        inst.idle_since = now;
        self.counts.pending -= 1;
        self.counts.in_service += 1;
        let reserved = inst.bound.len() as u32;
        for _ in reserved..self.concurrency {
            self.free_slots.push(r.slot);
        }
        self.open_pending.retain(|&s| s != r.slot);
        true
    }

    /// Start `request` on a free slot, if there is one; returns the instance that took it.
    #[inline]
    pub fn start(&mut self, request: Request, now: SimTime) -> Option<InstanceRef> {
        let slot = self.free_slots.pop()?;
        let inst = &mut self.instances[slot as usize];
        debug_assert_eq!(inst.state, InstanceState::InService);
        if inst.in_flight.is_empty() {
            self.counts.busy += 1;
        }
        inst.in_flight.push(InFlight {
            request,
            start: now,
        });
        self.counts.in_flight += 1;
        Some(InstanceRef {
            slot,
            gen: inst.gen,
        })
    }

    /// Whether some InService instance has a free slot.
    #[inline]
    pub fn has_free_slot(&self) -> bool {
        !self.free_slots.is_empty()
    }

    /// Request `request_id` finished on instance `r`. Returns what was in flight and, if the
    /// instance was draining and is now empty, its stopped record. `None` if the handle is
    /// stale (the instance was killed and the request requeued).
    #[inline]
    pub fn finish(
        &mut self,
        r: InstanceRef,
        request_id: u64,
        now: SimTime,
    ) -> Option<(InFlight, Option<StoppedInstance>)> {
        self.get(r)?;
        let inst = &mut self.instances[r.slot as usize];
        let pos = inst
            .in_flight
            .iter()
            .position(|f| f.request.id == request_id)?;
        let done = inst.in_flight.swap_remove(pos);
        self.counts.in_flight -= 1;
        let now_idle = inst.in_flight.is_empty();
        if now_idle {
            self.counts.busy -= 1;
            inst.idle_since = now;
        }
        let mut stopped = None;
        match inst.state {
            InstanceState::InService => self.free_slots.push(r.slot),
            InstanceState::Draining if now_idle => {
                self.counts.draining -= 1;
                stopped = Some(self.stop_slot(r.slot, now));
            }
            _ => {}
        }
        Some((done, stopped))
    }

    fn stop_slot(&mut self, slot: u32, now: SimTime) -> StoppedInstance {
        let inst = &mut self.instances[slot as usize];
        inst.state = InstanceState::Stopped;
        self.reusable.push(slot);
        StoppedInstance {
            slot,
            launched_at: inst.launched_at,
            in_service_at: inst.in_service_at,
            stopped_at: now,
        }
    }

    /// Launch and in-service times of every instance still running (for billing up to now).
    pub fn running_instances(&self) -> impl Iterator<Item = (SimTime, Option<SimTime>)> + '_ {
        self.instances
            .iter()
            .filter(|i| i.state != InstanceState::Stopped)
            .map(|i| (i.launched_at, i.in_service_at))
    }

    /// Arrival time of the oldest request in flight, if any (for the oldest-request age).
    pub fn oldest_in_flight_arrival(&self) -> Option<SimTime> {
        self.instances
            .iter()
            .flat_map(|i| i.in_flight.iter())
            .map(|f| f.request.arrival)
            .min()
    }
}

#[path = "fleet_keep_alive.rs"]
mod keep_alive;

#[path = "fleet_scale_in.rs"]
mod scale_in;

#[cfg(test)]
#[path = "fleet_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "fleet_order_tests.rs"]
mod order_tests;
