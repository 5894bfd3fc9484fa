//! The simulated endpoint: its request backlog, its fleet of instances (or model copies)
//! and, for inference components, the hosts under the copies. Pure state machines driven
//! by the engine in `crate::sim`; no events, no I/O.

pub mod backlog;
pub mod fleet;
pub mod hosts;

use crate::time::{SimDuration, SimTime};

/// One inference request as the endpoint sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Sequence number in arrival order, from 0.
    pub id: u64,
    /// When it arrived (its first attempt; latency counts from here).
    pub arrival: SimTime,
    /// When its current attempt reached the endpoint (a retry's time; `arrival` for the
    /// first). The queue's TTL counts from here.
    pub attempt_at: SimTime,
    /// Processing time it needs on one instance (drawn at arrival, so every policy sees the
    /// same value).
    pub service: SimDuration,
    /// True if it arrived while no instance was InService (it had to wait for a cold start).
    pub cold_wait: bool,
    /// Attempts so far (1 for the first; more when a refused request is retried).
    pub attempts: u32,
}
