//! The closed set of events the engine schedules, and the order of same-instant work.
//!
//! # Order of events at the same instant
//! 1. **Minute boundaries first.** Minute boundaries are not queue events: before the
//!    engine handles any event at time `t`, it closes every minute that ends at or before
//!    `t` (takes its last samples, writes its row, publishes its datapoints, runs the
//!    policy and applies its actions). An event at exactly 60 s therefore belongs to
//!    minute 1, and instances launched by the policy at 60 s exist before it is handled.
//!    A policy's own ticks (`ScalingPolicy::tick_period`) are closed the same way, after
//!    the minute boundary of the same instant.
//! 2. **Then queue events, first-in-first-out.** Events scheduled for the same time come
//!    out in the order they were scheduled (the queue breaks ties by insertion sequence).
//!    E.g. a request that completes at the same instant another arrives: whichever event
//!    was scheduled first is handled first.
//! 3. **Samples see the end of an instant.** A metric sample at time T sees the state after
//!    every event at or before T.
//! 4. **The horizon is exclusive.** Events at or after the horizon are not handled; the
//!    last minute boundary and tick at or before it are.
//!
//! These rules are pinned by tests in `sim::tests`.

use crate::endpoint::fleet::InstanceRef;
use crate::endpoint::hosts::HostRef;
use crate::endpoint::Request;

/// Something that happens at a point in simulated time.
///
/// Arrivals are not in this enum: each arrival source's next arrival is held beside the
/// queue with a sequence number reserved from it ([`super::queue::EventQueue::reserve_seq`]),
/// and the engine takes whichever of it and the queue's head has the smaller
/// `(time, sequence)`. The order is exactly as if arrivals were queued; it saves a heap
/// push and pop per request.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An instance finished its cold start.
    InstanceReady(InstanceRef),
    /// A request finished processing (or hit the invocation timeout, `failed`).
    ServiceDone {
        /// The instance it ran on.
        instance: InstanceRef,
        /// The request.
        request_id: u64,
        /// True if it ran into the invocation timeout.
        failed: bool,
    },
    /// The oldest queued request may have reached its TTL.
    ExpiryCheck,
    /// A client retries a refused request (boxed: retries are rare, and a small event
    /// keeps the heap fast).
    Retry(Box<Request>),
    /// A keep-alive instance may have been idle for its keep-alive time (one check is
    /// queued per instance at a time; it re-arms itself if the instance was used since).
    IdleExpiry(InstanceRef),
    /// A host without copies since `epoch` may be released.
    HostRelease {
        /// The host.
        host: HostRef,
        /// Its empty epoch when it lost its last copy.
        epoch: u64,
    },
}
