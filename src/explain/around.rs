//! [`AroundScaling`]: an observer that keeps the decisions of the minutes around each
//! scaling decision (desired capacity changed), for the report's "Why did it scale?".
//! Memory is bounded: at most `max_groups` groups of at most [`MAX_GROUP_ROWS`] rows, plus
//! the last `before` decisions.

use super::scaled;
use crate::sim::observer::{Decision, Observer};
use std::collections::VecDeque;

/// Longest group: scaling decisions closer together than the window share a group, up to
/// this many rows.
pub const MAX_GROUP_ROWS: usize = 60;

/// See the module docs.
#[derive(Debug, Clone)]
pub struct AroundScaling {
    before: usize,
    after: usize,
    max_groups: usize,
    recent: VecDeque<Decision>,
    /// Runs of consecutive decisions, each holding at least one scaling decision.
    pub groups: Vec<Vec<Decision>>,
    /// Rows still to add to the last group.
    open: usize,
    /// Scaling decisions in the whole run (also those beyond the kept groups).
    pub scalings: u64,
    /// Scaling decisions inside the kept groups.
    pub kept_scalings: u64,
}

impl AroundScaling {
    /// Keep `before` decisions before and `after` after each scaling decision, for the
    /// first `max_groups` groups.
    pub fn new(before: usize, after: usize, max_groups: usize) -> AroundScaling {
        AroundScaling {
            before,
            after,
            max_groups,
            recent: VecDeque::with_capacity(before + 1),
            groups: Vec::new(),
            open: 0,
            scalings: 0,
            kept_scalings: 0,
        }
    }
}

impl Observer for AroundScaling {
    fn wants_decisions(&self) -> bool {
        true
    }

    fn on_decision(&mut self, d: &Decision) {
        let is_scaling = scaled(d);
        self.scalings += u64::from(is_scaling);
        if self.open > 0 {
            if let Some(group) = self.groups.last_mut() {
                group.push(d.clone());
                self.open -= 1;
                if is_scaling {
                    self.kept_scalings += 1;
                    self.open = self.after;
                }
                if group.len() >= MAX_GROUP_ROWS {
                    self.open = 0;
                }
                return;
            }
        }
        if is_scaling && self.groups.len() < self.max_groups {
            let mut group: Vec<Decision> = self.recent.drain(..).collect();
            group.push(d.clone());
            self.groups.push(group);
            self.kept_scalings += 1;
            self.open = self.after;
            return;
        }
        if self.groups.len() >= self.max_groups && self.open == 0 {
            return; // nothing more will be kept
        }
        if self.before > 0 {
            if self.recent.len() == self.before {
                self.recent.pop_front();
            }
            self.recent.push_back(d.clone());
        }
    }
}
