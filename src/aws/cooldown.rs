//! Scale-out and scale-in cooldowns (docs/aws-semantics.md §1.8, §1.9, §2.6), for both policy
//! types.
//!
//! Owns [`Cooldowns`], a small pure state machine: the caller records each policy-driven
//! scaling activity ([`Cooldowns::record_scale_out`], [`Cooldowns::record_scale_in`]) at the
//! time its cooldown clock starts (docs/aws-semantics.md §1.9: when the activity completes; the
//! caller decides), and asks [`Cooldowns::check`] before applying a new proposal. Scheduled
//! actions ignore cooldowns (docs/aws-semantics.md §1.8) and should not be recorded or checked
//! here.
//!
//! Rules:
//! * Scale-out cooldown: desired capacity grows again only for a *larger* scale-out; the
//!   capacity added by the activity that started the cooldown counts toward the next one.
//!   For absolute proposals (TT) this is "proceed only if `proposed > current desired`";
//!   a step policy computes its adjustment from [`Cooldowns::scale_out_base`] (the capacity
//!   before the initiating activity), so `+2` then `+3` adds only 1 and `+2` then `+2`
//!   adds nothing (docs/aws-semantics.md §2.6).
//! * Scale-in cooldown: scale-ins are blocked until it expires; a scale-out during it
//!   proceeds and ends it (docs/aws-semantics.md §1.8, §2.6).
//!
//! # Interpretations
//! * One `Cooldowns` per scalable target, so a scale-out by any policy ends the scale-in
//!   cooldown of any other; each record carries its own policy's cooldown length.
//! * A cooldown is active while `now < start + cooldown` (it has ended at exactly that time).
//! * A scale-out recorded during an active scale-out cooldown restarts the clock but keeps
//!   the original base, so repeated invocations of the same step do not compound.
//! * A scale-in does not end a scale-out cooldown (the docs do not say it does); the base
//!   is then capped at the current desired capacity.
//! * Scale-out cooldowns do not block scale-ins.

use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// Why a proposal may not proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockReason {
    /// A scale-out not larger than what the current scale-out cooldown already added.
    ScaleOutCooldown {
        /// When the cooldown ends.
        until: SimTime,
    },
    /// A scale-in during the scale-in cooldown.
    ScaleInCooldown {
        /// When the cooldown ends.
        until: SimTime,
    },
    /// The proposal does not change capacity in the requested direction
    /// (AAS logs `AlreadyAtDesiredCapacity`, docs/aws-semantics.md §1.14).
    NoChange,
}

/// The answer of [`Cooldowns::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CooldownVerdict {
    /// Set the desired capacity to `new_desired`.
    Proceed {
        /// The new desired capacity.
        new_desired: u32,
    },
    /// Do nothing.
    Blocked {
        /// Why.
        reason: BlockReason,
    },
}

/// The direction a policy invocation wants to scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Add capacity.
    Out,
    /// Remove capacity.
    In,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ScaleOutWindow {
    until: SimTime,
    base: u32,
}

/// The cooldown state of one scalable target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cooldowns {
    scale_out: Option<ScaleOutWindow>,
    scale_in_until: Option<SimTime>,
}

impl Cooldowns {
    /// No cooldown in effect.
    pub fn new() -> Cooldowns {
        Cooldowns::default()
    }

    /// Decide whether a change from `current_desired` to `proposed` may proceed at `now`;
    /// the direction is that of the change. Use [`Cooldowns::check_directed`] when the
    /// trigger's direction is known (e.g. a scale-out alarm whose proposal fell below the
    /// current desired capacity must not become a scale-in).
    pub fn check(&self, now: SimTime, current_desired: u32, proposed: u32) -> CooldownVerdict {
        let dir = if proposed < current_desired {
            Direction::In
        } else {
            Direction::Out
        };
        self.check_directed(now, dir, current_desired, proposed)
    }

    /// [`Cooldowns::check`] for a trigger that may only move capacity in `direction`.
    pub fn check_directed(
        &self,
        now: SimTime,
        direction: Direction,
        current_desired: u32,
        proposed: u32,
    ) -> CooldownVerdict {
        let blocked = |reason| CooldownVerdict::Blocked { reason };
        match direction {
            Direction::Out if proposed > current_desired => CooldownVerdict::Proceed {
                new_desired: proposed,
            },
            Direction::Out => match self.active_scale_out(now) {
                Some(w) => blocked(BlockReason::ScaleOutCooldown { until: w.until }),
                None => blocked(BlockReason::NoChange),
            },
            Direction::In if proposed >= current_desired => blocked(BlockReason::NoChange),
            Direction::In => match self.scale_in_until(now) {
                Some(until) => blocked(BlockReason::ScaleInCooldown { until }),
                None => CooldownVerdict::Proceed {
                    new_desired: proposed,
                },
            },
        }
    }

    /// The capacity a step policy applies its adjustment to at `now` (docs/aws-semantics.md §2.6):
    /// during an active scale-out cooldown, the capacity before the activity that started it
    /// (capped at `current_desired`); otherwise `current_desired`.
    pub fn scale_out_base(&self, now: SimTime, current_desired: u32) -> u32 {
        match self.active_scale_out(now) {
            Some(w) => w.base.min(current_desired),
            None => current_desired,
        }
    }

    /// Whether a scale-out cooldown is in effect at `now`, and until when.
    pub fn scale_out_until(&self, now: SimTime) -> Option<SimTime> {
        self.active_scale_out(now).map(|w| w.until)
    }

    /// Whether a scale-in cooldown is in effect at `now`, and until when.
    pub fn scale_in_until(&self, now: SimTime) -> Option<SimTime> {
        self.scale_in_until.filter(|&u| now < u)
    }

    /// Record a policy-driven scale-out from `from` to `to` whose cooldown clock starts at
    /// `at`. Starts (or restarts) the scale-out cooldown and ends any scale-in cooldown.
    pub fn record_scale_out(&mut self, at: SimTime, cooldown: SimDuration, from: u32, to: u32) {
        let from = from.min(to); // a "scale-out" that lowered capacity adds nothing
        let base = match self.active_scale_out(at) {
            Some(w) => w.base.min(from),
            None => from,
        };
        self.scale_out = Some(ScaleOutWindow {
            until: at.after(cooldown),
            base,
        });
        self.scale_in_until = None;
    }

    /// Record a policy-driven scale-in whose cooldown clock starts at `at`.
    pub fn record_scale_in(&mut self, at: SimTime, cooldown: SimDuration) {
        self.scale_in_until = Some(at.after(cooldown));
    }

    fn active_scale_out(&self, now: SimTime) -> Option<ScaleOutWindow> {
        self.scale_out.filter(|w| now < w.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A time in whole seconds.
    fn t(s: u64) -> SimTime {
        SimTime::from_secs(s)
    }

    /// A cooldown in whole seconds.
    fn d(s: u64) -> SimDuration {
        SimDuration::from_secs(s)
    }

    fn proceed(n: u32) -> CooldownVerdict {
        CooldownVerdict::Proceed { new_desired: n }
    }

    #[test]
    fn step_scale_out_counts_earlier_additions() {
        // docs/aws-semantics.md §2.6: +2 completes at t=100 (cooldown 300); +3 during it adds only
        // 1.
        let mut c = Cooldowns::new();
        c.record_scale_out(t(100), d(300), 10, 12);
        let base = c.scale_out_base(t(160), 12);
        assert_eq!(base, 10);
        assert_eq!(c.check(t(160), 12, base + 3), proceed(13));
        // The same +2 again adds nothing.
        assert_eq!(
            c.check_directed(t(160), Direction::Out, 12, base + 2),
            CooldownVerdict::Blocked {
                reason: BlockReason::ScaleOutCooldown { until: t(400) }
            }
        );
        // A smaller step must not turn into a scale-in.
        assert!(matches!(
            c.check_directed(t(160), Direction::Out, 12, base + 1),
            CooldownVerdict::Blocked { .. }
        ));
        // After the cooldown the adjustment applies to the current capacity.
        assert_eq!(c.scale_out_base(t(400), 12), 12);
        assert_eq!(c.check(t(400), 12, 14), proceed(14));
    }

    #[test]
    fn restarted_scale_out_cooldown_keeps_its_base() {
        let mut c = Cooldowns::new();
        c.record_scale_out(t(0), d(300), 10, 12);
        c.record_scale_out(t(100), d(300), 12, 13); // the larger +3 went through
        assert_eq!(c.scale_out_until(t(100)), Some(t(400)));
        assert_eq!(c.scale_out_base(t(200), 13), 10); // +3 again: 13, blocked
        assert!(matches!(
            c.check_directed(t(200), Direction::Out, 13, 13),
            CooldownVerdict::Blocked { .. }
        ));
    }

    #[test]
    fn tt_scale_out_during_cooldown_needs_more_than_desired() {
        // docs/aws-semantics.md §1.8 rule form: apply only if proposed > current desired.
        let mut c = Cooldowns::new();
        c.record_scale_out(t(0), d(300), 2, 5);
        assert_eq!(c.check(t(60), 5, 7), proceed(7));
        assert!(matches!(
            c.check(t(60), 5, 5),
            CooldownVerdict::Blocked {
                reason: BlockReason::ScaleOutCooldown { .. }
            }
        ));
        assert_eq!(
            Cooldowns::new().check(t(60), 5, 5),
            CooldownVerdict::Blocked {
                reason: BlockReason::NoChange
            }
        );
    }

    #[test]
    fn scale_in_blocked_during_scale_in_cooldown() {
        let mut c = Cooldowns::new();
        c.record_scale_in(t(0), d(300));
        assert_eq!(
            c.check(t(299), 5, 4),
            CooldownVerdict::Blocked {
                reason: BlockReason::ScaleInCooldown { until: t(300) }
            }
        );
        assert_eq!(c.scale_in_until(t(299)), Some(t(300)));
        // Ends at exactly start + cooldown.
        assert_eq!(c.check(t(300), 5, 4), proceed(4));
        assert_eq!(c.scale_in_until(t(300)), None);
    }

    #[test]
    fn scale_out_during_scale_in_cooldown_proceeds_and_ends_it() {
        let mut c = Cooldowns::new();
        c.record_scale_in(t(0), d(300));
        assert_eq!(c.check(t(100), 4, 6), proceed(6));
        c.record_scale_out(t(100), d(300), 4, 6);
        assert_eq!(c.scale_in_until(t(101)), None);
        assert_eq!(c.check(t(101), 6, 5), proceed(5));
    }

    #[test]
    fn scale_out_cooldown_does_not_block_scale_in() {
        let mut c = Cooldowns::new();
        c.record_scale_out(t(0), d(300), 2, 5);
        assert_eq!(c.check(t(10), 5, 3), proceed(3));
        // After a scale-in the base is capped at the current desired capacity.
        assert_eq!(c.scale_out_base(t(10), 1), 1);
    }

    #[test]
    fn zero_cooldown_and_wrong_direction() {
        let mut c = Cooldowns::new();
        c.record_scale_in(t(50), d(0));
        assert_eq!(c.check(t(50), 5, 4), proceed(4));
        assert_eq!(
            c.check_directed(t(50), Direction::In, 5, 6),
            CooldownVerdict::Blocked {
                reason: BlockReason::NoChange
            }
        );
    }
}
