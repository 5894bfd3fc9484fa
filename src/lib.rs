//! scalesim: a discrete-event simulator and cost model for autoscaling policies of
//! inference endpoints that scale to zero.
#![forbid(unsafe_code)]

pub mod aws;
pub mod dist;
pub mod error;
pub mod rng;
pub mod time;
pub mod workload;
