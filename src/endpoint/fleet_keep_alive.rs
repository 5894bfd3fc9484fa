//! Keep-alive dispatch on the fleet: requests bound to a Pending instance (or to one
//! launched for them) start when it is InService, and an instance idle for its keep-alive
//! stops, with at most one expiry check queued per instance. A child of `fleet`, which
//! owns the instances; the keep-alive platform (`crate::platform::keep_alive`) drives it.

use super::{Fleet, InFlight, InstanceRef, InstanceState, StoppedInstance};
use crate::endpoint::Request;
use crate::time::SimTime;

impl Fleet {
    /// Whether some Pending instance has a slot not yet promised (keep-alive dispatch).
    pub fn has_open_pending(&self) -> bool {
        !self.open_pending.is_empty()
    }

    /// Bind `request` to a Pending instance with a slot not yet promised (keep-alive
    /// dispatch): it starts there when the instance is InService. Returns false if there is
    /// no such instance.
    pub fn bind_to_pending(&mut self, request: Request) -> bool {
        let Some(&slot) = self.open_pending.last() else {
            return false;
        };
        let inst = &mut self.instances[slot as usize];
        inst.bound.push(request);
        if inst.bound.len() as u32 >= self.concurrency {
            self.open_pending.pop();
        }
        self.counts.bound += 1;
        true
    }

    /// Launch a new instance for `request`, which waits for it (keep-alive dispatch).
    pub fn launch_bound(&mut self, request: Request, now: SimTime) -> InstanceRef {
        let r = self.launch(now);
        self.instances[r.slot as usize].bound.push(request);
        self.counts.bound += 1;
        if self.concurrency > 1 {
            self.open_pending.push(r.slot);
        }
        r
    }

    /// Start the requests bound to `r` (just made InService) on it; returns them in the
    /// order they were bound. Their slots were held back by [`Fleet::mark_in_service`].
    pub fn start_bound(&mut self, r: InstanceRef, now: SimTime) -> Vec<Request> {
        let Some(inst) = self
            .instances
            .get_mut(r.slot as usize)
            .filter(|i| i.gen == r.gen && i.state == InstanceState::InService)
        else {
            return Vec::new();
        };
        let bound = std::mem::take(&mut inst.bound);
        if !bound.is_empty() && inst.in_flight.is_empty() {
            self.counts.busy += 1;
        }
        inst.in_flight.extend(bound.iter().map(|&request| InFlight {
            request,
            start: now,
        }));
        self.counts.bound -= bound.len() as u32;
        self.counts.in_flight += bound.len() as u32;
        bound
    }

    /// If `r` is InService with nothing in flight, since when it has been idle.
    pub fn idle_since(&self, r: InstanceRef) -> Option<SimTime> {
        self.get(r)
            .filter(|i| i.state == InstanceState::InService && i.in_flight.is_empty())
            .map(|i| i.idle_since)
    }

    /// Mark that an expiry check is queued for `r`; false if one already is (keep-alive:
    /// at most one check per instance is queued, and it re-arms itself while the instance
    /// keeps being used).
    pub fn arm_expiry(&mut self, r: InstanceRef) -> bool {
        match self.get(r) {
            Some(i) if !i.expiry_armed => {
                self.instances[r.slot as usize].expiry_armed = true;
                true
            }
            _ => false,
        }
    }

    /// The queued expiry check of `r` has come.
    pub fn disarm_expiry(&mut self, r: InstanceRef) {
        if self.get(r).is_some() {
            self.instances[r.slot as usize].expiry_armed = false;
        }
    }

    /// Stop `r` if it is idle (keep-alive expiry).
    pub fn stop_if_idle(&mut self, r: InstanceRef, now: SimTime) -> Option<StoppedInstance> {
        self.idle_since(r)?;
        self.counts.in_service -= 1;
        self.free_slots.retain(|&s| s != r.slot);
        Some(self.stop_slot(r.slot, now))
    }
}
