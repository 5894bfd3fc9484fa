//! The endpoint as the engine runs it: the request backlog, the fleet of units, and the
//! platform's state ([`PlatformState`], driven through [`PlatformRules`]). Nothing here
//! names a platform; what differs by platform is behind that interface.

use super::EndpointConfig;
use crate::endpoint::backlog::Backlog;
use crate::endpoint::fleet::Fleet;
use crate::metrics::minute::Gauges;
use crate::platform::{PlatformRules, PlatformState};
use crate::time::SimTime;

/// The endpoint of one run.
pub(super) struct Endpoint {
    /// Requests waiting in the FIFO queue.
    pub(super) backlog: Backlog,
    /// The units (instances, model copies, pods).
    pub(super) fleet: Fleet,
    /// The platform's own state.
    pub(super) platform: PlatformState,
    /// When the queued expiry check is (at most one is queued).
    pub(super) expiry_armed: Option<SimTime>,
}

impl Endpoint {
    /// An endpoint with no unit yet.
    pub(super) fn new(ep: &EndpointConfig) -> Endpoint {
        let platform = PlatformState::new(&ep.platform.platform);
        let fleet = Fleet::new(ep.max_concurrent_invocations_per_instance);
        let fleet = if platform.cancels_pending_first() {
            fleet.pending_first()
        } else {
            fleet
        };
        Endpoint {
            backlog: Backlog::new(ep.request_ttl),
            fleet,
            platform,
            expiry_armed: None,
        }
    }

    /// Requests waiting: in the queue or for a particular Pending instance.
    #[inline]
    pub(super) fn queued(&self) -> u32 {
        self.backlog.len() as u32 + self.fleet.counts().bound
    }

    /// Machines billed now (instances, or the hosts under copies).
    #[inline]
    pub(super) fn machines(&self) -> u32 {
        self.platform.machines(&self.fleet)
    }

    /// What the metric samples read.
    pub(super) fn gauges(&self) -> Gauges {
        let c = self.fleet.counts();
        let oldest_waiting = self.backlog.front().map(|r| r.arrival);
        let oldest_in_flight = if c.in_flight > 0 {
            self.fleet.oldest_in_flight_arrival()
        } else {
            None
        };
        Gauges {
            backlog: self.queued() + c.in_flight,
            in_service: c.in_service,
            pending: c.pending,
            oldest_arrival: match (oldest_waiting, oldest_in_flight) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    /// Machine-microseconds `billing` counts up to `now`.
    pub(super) fn billed_micros(&self, billing: &crate::cost::Billing, now: SimTime) -> u128 {
        self.platform.billed_micros(billing, &self.fleet, now)
    }
}
