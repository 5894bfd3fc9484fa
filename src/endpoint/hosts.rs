//! The instances under a real-time endpoint's inference-component copies (SageMaker
//! ManagedInstanceScaling, docs/aws-semantics.md §6.1, §6.2, §6.6).
//!
//! With inference components the scalable unit is a model copy; SageMaker places copies
//! on instances and adds or releases instances to fit them. Here every copy is a unit of
//! the [`super::fleet::Fleet`], and this module owns where copies sit and which instances
//! exist, which is what is billed:
//! - a new copy goes on a ready instance with room (the fullest first, so copies pack),
//!   else on an instance still provisioning, else on a new instance if fewer than
//!   `max_hosts` exist; the copy can load once its instance is ready;
//! - an instance whose last copy goes away is released `release_delay` later if it is
//!   still empty then and more than `min_hosts` instances exist (IDLE_RELEASE; the blog's
//!   "about 10 minutes after copies reach zero", docs/aws-semantics.md §6.6).
//!
//! Slots are reused with a generation number, like the fleet. Pure state; no events.

use super::fleet::StoppedInstance;
use crate::time::{SimDuration, SimTime};

/// A handle to one host: its slot plus the generation that guards against reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostRef {
    /// Slot index.
    pub slot: u32,
    /// Generation of the slot when the handle was made.
    pub gen: u32,
}

/// Where a new copy went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The host.
    pub host: HostRef,
    /// When the host is (or was) ready to load the copy.
    pub host_ready_at: SimTime,
    /// True if a new host was launched for it.
    pub launched: bool,
}

#[derive(Debug, Clone)]
struct Host {
    gen: u32,
    live: bool,
    launched_at: SimTime,
    ready_at: SimTime,
    copies: u32,
    empty_epoch: u32,
}

/// All hosts of the endpoint.
#[derive(Debug)]
pub struct Hosts {
    hosts: Vec<Host>,
    reusable: Vec<u32>,
    copies_per_host: u32,
    min_hosts: u32,
    max_hosts: u32,
    live: u32,
    launched: u64,
}

impl Hosts {
    /// No hosts yet; each holds `copies_per_host` copies; `[min_hosts, max_hosts]`.
    pub fn new(copies_per_host: u32, min_hosts: u32, max_hosts: u32) -> Hosts {
        Hosts {
            hosts: Vec::new(),
            reusable: Vec::new(),
            copies_per_host: copies_per_host.max(1),
            min_hosts,
            max_hosts,
            live: 0,
            launched: 0,
        }
    }

    /// Hosts that exist (provisioning or ready).
    pub fn live(&self) -> u32 {
        self.live
    }

    /// Hosts launched so far, those at time 0 included.
    pub fn launched(&self) -> u64 {
        self.launched
    }

    /// Launch a host at `now` that is ready at `ready_at`.
    pub fn launch(&mut self, now: SimTime, ready_at: SimTime) -> HostRef {
        self.live += 1;
        self.launched += 1;
        let fresh = |gen| Host {
            gen,
            live: true,
            launched_at: now,
            ready_at,
            copies: 0,
            empty_epoch: 0,
        };
        if let Some(slot) = self.reusable.pop() {
            let h = &mut self.hosts[slot as usize];
            *h = fresh(h.gen.wrapping_add(1));
            HostRef { slot, gen: h.gen }
        } else {
            let slot = self.hosts.len() as u32;
            self.hosts.push(fresh(0));
            HostRef { slot, gen: 0 }
        }
    }

    /// Place a new copy at `now`; a new host takes `launch` to provision. `None` when every
    /// host is full and `max_hosts` exist.
    pub fn place(&mut self, now: SimTime, launch: SimDuration) -> Option<Placement> {
        let best = self
            .hosts
            .iter()
            .enumerate()
            .filter(|(_, h)| h.live && h.copies < self.copies_per_host)
            .min_by_key(|(slot, h)| (h.ready_at.max(now), std::cmp::Reverse(h.copies), *slot));
        let (host, launched) = match best {
            Some((slot, h)) => (
                HostRef {
                    slot: slot as u32,
                    gen: h.gen,
                },
                false,
            ),
            None if self.live < self.max_hosts => (self.launch(now, now.after(launch)), true),
            None => return None,
        };
        let h = &mut self.hosts[host.slot as usize];
        h.copies += 1;
        Some(Placement {
            host,
            host_ready_at: h.ready_at.max(now),
            launched,
        })
    }

    /// Put a copy on `host` without checks (the copies that exist at time 0).
    pub fn add_copy(&mut self, host: HostRef) {
        if let Some(h) = self.get_mut(host) {
            h.copies += 1;
        }
    }

    fn get_mut(&mut self, r: HostRef) -> Option<&mut Host> {
        self.hosts
            .get_mut(r.slot as usize)
            .filter(|h| h.live && h.gen == r.gen)
    }

    /// A copy on `host` went away. Returns the host's empty epoch when it is now empty:
    /// the caller checks [`Hosts::release_if_idle`] with it after the release delay.
    pub fn remove_copy(&mut self, host: HostRef) -> Option<u32> {
        let h = self.get_mut(host)?;
        h.copies = h.copies.saturating_sub(1);
        if h.copies > 0 {
            return None;
        }
        h.empty_epoch = h.empty_epoch.wrapping_add(1);
        Some(h.empty_epoch)
    }

    /// Release `host` if it has been empty since `epoch` and more than `min_hosts` exist.
    pub fn release_if_idle(
        &mut self,
        host: HostRef,
        epoch: u32,
        now: SimTime,
    ) -> Option<StoppedInstance> {
        if self.live <= self.min_hosts {
            return None;
        }
        let h = self.get_mut(host)?;
        if h.copies > 0 || h.empty_epoch != epoch {
            return None;
        }
        h.live = false;
        let stopped = StoppedInstance {
            slot: host.slot,
            launched_at: h.launched_at,
            in_service_at: Some(h.ready_at.min(now)),
            stopped_at: now,
        };
        self.live -= 1;
        self.reusable.push(host.slot);
        Some(stopped)
    }

    /// Launch and ready times of every live host (for billing up to `now`).
    pub fn running(&self, now: SimTime) -> impl Iterator<Item = (SimTime, Option<SimTime>)> + '_ {
        self.hosts
            .iter()
            .filter(|h| h.live)
            .map(move |h| (h.launched_at, (h.ready_at <= now).then_some(h.ready_at)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAUNCH: SimDuration = SimDuration::from_secs(100);

    #[test]
    fn copies_pack_onto_hosts_and_new_hosts_come_up_to_the_maximum() {
        let mut h = Hosts::new(2, 0, 2);
        let a = h.place(SimTime::ZERO, LAUNCH).unwrap();
        assert!(a.launched);
        assert_eq!(a.host_ready_at, SimTime::from_secs(100));
        let b = h.place(SimTime::from_secs(10), LAUNCH).unwrap();
        assert_eq!(b.host, a.host, "second copy shares the provisioning host");
        assert_eq!(b.host_ready_at, SimTime::from_secs(100));
        let c = h.place(SimTime::from_secs(200), LAUNCH).unwrap();
        assert!(c.launched);
        assert_eq!(c.host_ready_at, SimTime::from_secs(300));
        h.place(SimTime::from_secs(200), LAUNCH).unwrap();
        assert!(
            h.place(SimTime::from_secs(200), LAUNCH).is_none(),
            "2 × 2 full"
        );
        assert_eq!(h.live(), 2);
    }

    #[test]
    fn an_empty_host_is_released_only_if_still_empty_and_above_the_minimum() {
        let mut h = Hosts::new(1, 1, 3);
        let a = h.place(SimTime::ZERO, LAUNCH).unwrap().host;
        let b = h.place(SimTime::ZERO, LAUNCH).unwrap().host;
        let epoch = h.remove_copy(b).unwrap();
        // A copy comes back before the delay: the old epoch no longer releases it.
        let again = h.place(SimTime::from_secs(150), LAUNCH).unwrap();
        assert_eq!(again.host, b);
        assert!(!again.launched);
        assert!(h
            .release_if_idle(b, epoch, SimTime::from_secs(700))
            .is_none());
        let epoch = h.remove_copy(b).unwrap();
        let s = h
            .release_if_idle(b, epoch, SimTime::from_secs(900))
            .unwrap();
        assert_eq!(s.stopped_at, SimTime::from_secs(900));
        assert_eq!(s.in_service_at, Some(SimTime::from_secs(100)));
        let epoch = h.remove_copy(a).unwrap();
        assert!(
            h.release_if_idle(a, epoch, SimTime::from_secs(900))
                .is_none(),
            "min_hosts = 1 keeps the last host"
        );
        assert_eq!(h.live(), 1);
        assert_eq!(h.launched(), 2);
    }
}
