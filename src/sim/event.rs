//! The closed set of events the engine queues, and the order of same-instant work.
//!
//! # Order of work at the same instant
//! 1. **Minute boundaries first.** Minute boundaries are not queue events: before the
//!    engine handles any event at time `t`, it closes every minute that ends at or before
//!    `t` (`scaling.rs`: takes its last samples, closes the minute's datapoints, hands
//!    the published ones to the policy, writes the minute's row and applies the policy's
//!    actions). An event at exactly 60 s therefore belongs to minute 1, and instances
//!    launched by the policy at 60 s exist before it is handled.
//!    A policy's own ticks (`ScalingPolicy::tick_period`) are run the same way, after
//!    the minute boundary of the same instant.
//! 2. **Then events, first-in-first-out.** Events scheduled for the same time come out in
//!    the order they were scheduled (the queue breaks ties by insertion sequence); an
//!    arrival counts as scheduled when its source drew it (see [`super::arrivals`]). E.g. a
//!    request that completes at the same instant another arrives: whichever was scheduled
//!    first is handled first.
//! 3. **Samples see the end of an instant.** A metric sample at time T sees the state after
//!    every event at or before T.
//! 4. **The horizon is exclusive.** Events at or after the horizon are not handled; the
//!    last minute boundary and tick at or before it are.
//!
//! These rules are pinned by the engine tests in `tests/integration/`.

use super::queue::EventQueue;
use crate::endpoint::fleet::InstanceRef;
use crate::endpoint::Request;
use crate::platform::{PlatformEvent, Timers};
use crate::time::SimTime;

/// The end of one request in service: in the queue as [`Event::ServiceDone`], or held
/// beside it (see [`super::completions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceEnd {
    /// The instance it runs on.
    pub instance: InstanceRef,
    /// The request.
    pub request_id: u64,
    /// True if it runs into the invocation timeout.
    pub failed: bool,
}

/// Something that happens at a point in simulated time.
///
/// Arrivals are not in this enum: each arrival source's next arrival is held beside the
/// queue (see [`super::arrivals`]), and so are most ends of service.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A unit finished its cold start.
    InstanceReady(InstanceRef),
    /// A request finished processing (or hit the invocation timeout, `failed`). Held beside
    /// the queue while there is room (see [`super::completions`]); queued beyond that.
    ServiceDone(ServiceEnd),
    /// The oldest queued request may have reached its TTL.
    ExpiryCheck,
    /// A client retries a refused request (boxed: retries are rare, and a small event
    /// keeps the heap fast).
    Retry(Box<Request>),
    /// A timer of the platform (`crate::platform`), handed back to it.
    Platform(PlatformEvent),
}

impl Timers for EventQueue<Event> {
    #[inline]
    fn schedule(&mut self, at: SimTime, event: PlatformEvent) {
        self.push(at, Event::Platform(event));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn events_stay_small() {
        // Three words: a larger event slows every push and pop of the queue.
        assert!(std::mem::size_of::<super::Event>() <= 24);
    }
}
