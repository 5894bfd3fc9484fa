//! The scalable target and its guard: the only place desired capacity changes.
//!
//! Owns min/max/desired (like an Application Auto Scaling scalable target, docs/aws-semantics.md
//! §5.1): every proposal is clamped to `[min, max]`, and a proposal that would not change the
//! desired capacity is reported with the AWS not-scaled reason.

use super::NotScaledReason;

/// Desired capacity with its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalableTarget {
    min: u32,
    max: u32,
    desired: u32,
}

/// A change the guard let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Desired capacity before.
    pub from: u32,
    /// Desired capacity after.
    pub to: u32,
}

impl ScalableTarget {
    /// A target with `initial` clamped into `[min, max]` (the caller validated min ≤ max).
    pub fn new(min: u32, max: u32, initial: u32) -> ScalableTarget {
        ScalableTarget {
            min,
            max,
            desired: initial.clamp(min, max.max(min)),
        }
    }

    /// Current desired capacity.
    pub fn desired(&self) -> u32 {
        self.desired
    }
    /// Current minimum.
    pub fn min(&self) -> u32 {
        self.min
    }
    /// Current maximum.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// Let desired capacity follow the fleet, for platforms without a scalable target
    /// (keep-alive dispatch launches and releases instances itself).
    pub fn follow(&mut self, active: u32) {
        self.desired = active;
    }

    /// Propose a new desired capacity; it is clamped to `[min, max]`.
    pub fn propose(&mut self, proposed: u32) -> Result<Change, NotScaledReason> {
        let clamped = proposed.clamp(self.min, self.max);
        if clamped == self.desired {
            return Err(if proposed > self.max {
                NotScaledReason::AlreadyAtMaxCapacity
            } else if proposed < self.min {
                NotScaledReason::AlreadyAtMinCapacity
            } else {
                NotScaledReason::AlreadyAtDesiredCapacity
            });
        }
        let change = Change {
            from: self.desired,
            to: clamped,
        };
        self.desired = clamped;
        Ok(change)
    }

    /// Change the bounds (a `None` keeps the old one) and re-clamp desired capacity into
    /// them (docs/aws-semantics.md §5.1). A minimum above the maximum raises the maximum with it,
    /// as AWS rejects such a pair; callers validate schedules beforehand.
    pub fn set_bounds(&mut self, min: Option<u32>, max: Option<u32>) -> Option<Change> {
        self.min = min.unwrap_or(self.min);
        self.max = max.unwrap_or(self.max).max(self.min);
        let clamped = self.desired.clamp(self.min, self.max);
        (clamped != self.desired).then(|| {
            let c = Change {
                from: self.desired,
                to: clamped,
            };
            self.desired = clamped;
            c
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_names_not_scaled_reasons() {
        let mut t = ScalableTarget::new(1, 3, 0);
        assert_eq!(t.desired(), 1, "initial clamped up to min");
        assert_eq!(t.propose(10), Ok(Change { from: 1, to: 3 }));
        assert_eq!(t.propose(10), Err(NotScaledReason::AlreadyAtMaxCapacity));
        assert_eq!(t.propose(3), Err(NotScaledReason::AlreadyAtDesiredCapacity));
        assert_eq!(t.propose(0), Ok(Change { from: 3, to: 1 }));
        assert_eq!(t.propose(0), Err(NotScaledReason::AlreadyAtMinCapacity));
    }

    #[test]
    fn new_bounds_reclamp_desired() {
        let mut t = ScalableTarget::new(0, 5, 4);
        assert_eq!(t.set_bounds(None, Some(2)), Some(Change { from: 4, to: 2 }));
        assert_eq!(t.set_bounds(Some(3), None), Some(Change { from: 2, to: 3 }));
        assert_eq!((t.min(), t.max()), (3, 3));
        assert_eq!(t.set_bounds(Some(0), Some(10)), None);
    }
}
