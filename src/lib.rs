//! scalesim
pub mod rng;
pub mod time;
