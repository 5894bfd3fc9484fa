//! The simulated SageMaker asynchronous endpoint: its request backlog and its fleet of
//! instances. Pure state machines driven by the engine in `crate::sim`; no events, no I/O.

pub mod backlog;
pub mod fleet;

use crate::time::{SimDuration, SimTime};

/// One inference request as the endpoint sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Sequence number in arrival order, from 0.
    pub id: u64,
    /// When it arrived.
    pub arrival: SimTime,
    /// Processing time it needs on one instance (drawn at arrival, so every policy sees the
    /// same value).
    pub service: SimDuration,
    /// True if it arrived while no instance was InService (it had to wait for a cold start).
    pub cold_wait: bool,
}
