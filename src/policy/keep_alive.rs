//! The keep-alive rule: when a keep-alive platform (Lambda, Cloud Run;
//! `crate::platform::keep_alive`) releases an instance that has gone idle.
//!
//! The platform asks its rule when an instance idle since a given time is due
//! ([`KeepAliveRule::release_at`]), and, once it is due and still idle, whether to release it
//! ([`KeepAliveRule::release_at_expiry`]). The rule of today is a fixed keep-alive time with
//! a floor of provisioned instances ([`FixedKeepAlive`]); another rule (for example one that
//! learns each application's idle-time histogram, as in "Serverless in the Wild") is a new
//! type here and a choice in [`rule_for`], with no change to the engine.

use crate::platform::KeepAlive;
use crate::time::{SimDuration, SimTime};

/// When to release idle instances of a keep-alive platform.
pub trait KeepAliveRule: std::fmt::Debug {
    /// When an instance idle since `idle_since` is due for release (the engine checks it
    /// then, and asks again if it was used in between).
    fn release_at(&mut self, idle_since: SimTime) -> SimTime;
    /// Whether to release an instance that is due and still idle, with `active` instances
    /// (Pending or InService) on the platform.
    fn release_at_expiry(&mut self, active: u32) -> bool;
}

/// Release an instance `keep_alive` after its last request, unless only the provisioned
/// instances are left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedKeepAlive {
    /// How long an idle instance is kept (τ).
    pub keep_alive: SimDuration,
    /// Instances never released.
    pub provisioned: u32,
}

impl KeepAliveRule for FixedKeepAlive {
    fn release_at(&mut self, idle_since: SimTime) -> SimTime {
        idle_since.after(self.keep_alive)
    }

    fn release_at_expiry(&mut self, active: u32) -> bool {
        active > self.provisioned
    }
}

/// The rule of a keep-alive platform with `settings`.
pub fn rule_for(settings: &KeepAlive) -> Box<dyn KeepAliveRule> {
    Box::new(FixedKeepAlive {
        keep_alive: settings.keep_alive,
        provisioned: settings.provisioned,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rule_waits_tau_and_keeps_the_provisioned() {
        let mut r = FixedKeepAlive {
            keep_alive: SimDuration::from_secs(600),
            provisioned: 2,
        };
        let t = SimTime::ZERO.after(SimDuration::from_secs(30));
        assert_eq!(r.release_at(t), t.after(SimDuration::from_secs(600)));
        assert!(!r.release_at_expiry(2));
        assert!(r.release_at_expiry(3));
    }
}
