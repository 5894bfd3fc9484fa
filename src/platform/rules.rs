//! The one interface the engine drives every platform through, [`PlatformRules`], and
//! what passes across it: [`Admit`] (what happens to a request that reaches the endpoint),
//! [`AfterStop`] and [`Fired`] (what the engine follows up), [`PlatformEvent`] and
//! [`Timers`] (the platforms' own timers on the engine's queue). The defaults are those of
//! a plain fleet of billed instances behind a queue.

use crate::cost::Billing;
use crate::endpoint::fleet::{Fleet, InstanceRef, StoppedInstance};
use crate::endpoint::hosts::HostRef;
use crate::time::SimTime;

/// What the platform does with a request (first attempt or retry) that reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Accept it: start it on a free slot, else queue it. `cold`: it waits for a cold start;
    /// `poke_policy`: nothing is InService, so the policy hears of the demand at once.
    Queue {
        /// It waits for a cold start.
        cold: bool,
        /// Call the policy's `on_demand_without_capacity`.
        poke_policy: bool,
    },
    /// Accept it and bind it to a Pending instance with a slot not yet promised.
    BindToPending,
    /// Accept it and launch a new unit for it.
    Launch,
    /// Refuse it for lack of capacity; the client retries or gives up. `cold`: a refusal
    /// for want of any capacity counts as waiting for a cold start.
    Refuse {
        /// The request waits for a cold start.
        cold: bool,
    },
}

/// What the engine does after a unit stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterStop {
    /// The unit was a billed machine: bill it.
    Bill,
    /// The unit left its host (hosts are billed): launch the units the desired count still
    /// lacks, since there may be room now.
    Refill,
    /// Nothing.
    Nothing,
}

/// What a platform event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    /// Nothing the engine must follow up.
    Nothing,
    /// A billed machine (not a unit) stopped: bill it.
    MachineStopped(StoppedInstance),
    /// The platform released an idle unit by itself (a scale-in of its own).
    UnitReleased(StoppedInstance),
}

/// Timers of the platforms, queued by the engine and handed back at their time to
/// [`PlatformRules::on_event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformEvent {
    /// A keep-alive instance may have been idle long enough to release (one check is
    /// queued per instance at a time; it re-arms itself if the instance was used since).
    IdleExpiry(InstanceRef),
    /// A host without copies since `epoch` may be released.
    HostRelease {
        /// The host.
        host: HostRef,
        /// Its empty epoch when it lost its last copy.
        epoch: u32,
    },
}

/// Where a platform schedules its timers (the engine's event queue).
pub trait Timers {
    /// Hand `event` back to the platform at `at`.
    fn schedule(&mut self, at: SimTime, event: PlatformEvent);
}

/// The interface between the engine and a platform. The defaults are those of a plain
/// fleet of billed instances behind a queue.
pub trait PlatformRules {
    /// Scale-in removes Pending units before idle InService ones (a ReplicaSet deletes
    /// not-ready pods first).
    fn cancels_pending_first(&self) -> bool {
        false
    }

    /// What to do with a request that reaches the endpoint, given the fleet now.
    fn admit(&self, fleet: &Fleet) -> Admit;

    /// Units come and go per request, not by the policy: each launch and release counts as
    /// a scale event, and the scalable target follows the fleet.
    fn scales_itself(&self) -> bool {
        false
    }

    /// A unit that is InService at time 0 was launched.
    fn initial_unit(&mut self, _unit: InstanceRef) {}

    /// Every unit of time 0 is launched.
    fn initial_done(&mut self) {}

    /// Place a new unit now: `launch` adds it to the fleet. Returns it and when its cold
    /// start may begin, or `None` when there is no room for it (nothing launched).
    fn place_unit(
        &mut self,
        now: SimTime,
        launch: impl FnOnce() -> InstanceRef,
    ) -> Option<(InstanceRef, SimTime)> {
        Some((launch(), now))
    }

    /// A unit stopped now.
    fn unit_stopped(
        &mut self,
        _stopped: &StoppedInstance,
        _now: SimTime,
        _timers: &mut impl Timers,
    ) -> AfterStop {
        AfterStop::Bill
    }

    /// `unit` may have become idle now (it finished a request, or came up).
    fn unit_free(
        &mut self,
        _unit: InstanceRef,
        _fleet: &mut Fleet,
        _now: SimTime,
        _timers: &mut impl Timers,
    ) {
    }

    /// A timer this platform scheduled is due.
    fn on_event(
        &mut self,
        _event: PlatformEvent,
        _fleet: &mut Fleet,
        _now: SimTime,
        _timers: &mut impl Timers,
    ) -> Fired {
        Fired::Nothing
    }

    /// Machines billed now.
    fn machines(&self, fleet: &Fleet) -> u32 {
        fleet.counts().running()
    }

    /// Machine-microseconds `billing` counts up to `now`.
    fn billed_micros(&self, billing: &Billing, fleet: &Fleet, now: SimTime) -> u128 {
        billing.billed_micros(now, fleet.running_instances())
    }
}
