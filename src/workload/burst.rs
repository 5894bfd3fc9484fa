//! Bursts: many requests at the same instant.
//!
//! Owns the `burst` arrival kind: `count` requests all at time `at`, and again every
//! `every` if given. Deterministic (draws no random numbers); times are integer ticks, so
//! the k-th burst is exactly at `at + k × every` with no rounding drift.

use super::check_duration;
use crate::error::Issue;
use crate::time::{Duration, SimTime, MICROS_PER_SEC};

/// Largest accepted `count` per burst.
const MAX_COUNT: u64 = 1_000_000_000;

/// A validated burst source; times in microseconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BurstModel {
    at_us: u64,
    count: u64,
    every_us: Option<u64>,
}

impl BurstModel {
    /// Validate; pushes every issue found and returns `None` if there were any.
    pub(crate) fn build(
        at: Duration,
        count: u64,
        every: Option<Duration>,
        path: &str,
        issues: &mut Vec<Issue>,
    ) -> Option<Self> {
        let at_us = check_duration(issues, format!("{path}.at"), at, false);
        let every_us = every.map(|e| check_duration(issues, format!("{path}.every"), e, true));
        let count_ok = (1..=MAX_COUNT).contains(&count);
        if !count_ok {
            issues.push(Issue::new(
                format!("{path}.count"),
                format!("must be between 1 and {MAX_COUNT} requests per burst (got {count})"),
            ));
        }
        match (at_us, every_us, count_ok) {
            (Some(at_us), None, true) => Some(BurstModel {
                at_us,
                count,
                every_us: None,
            }),
            (Some(at_us), Some(Some(e)), true) => Some(BurstModel {
                at_us,
                count,
                every_us: Some(e),
            }),
            _ => None,
        }
    }

    pub(crate) fn stream(&self) -> BurstStream {
        BurstStream {
            model: *self,
            next_us: self.at_us,
            left: self.count,
        }
    }

    /// `count / every`, or 0 for a single burst (no long-run rate).
    pub(crate) fn mean_rate_per_s(&self) -> f64 {
        match self.every_us {
            Some(e) => self.count as f64 * MICROS_PER_SEC as f64 / e as f64,
            None => 0.0,
        }
    }
}

/// Per-run state: time of the current burst and requests left in it.
#[derive(Debug, Clone)]
pub(crate) struct BurstStream {
    model: BurstModel,
    next_us: u64,
    left: u64,
}

impl BurstStream {
    #[inline]
    pub(crate) fn next(&mut self) -> Option<SimTime> {
        if self.left == 0 {
            self.next_us = self.next_us.checked_add(self.model.every_us?)?;
            self.left = self.model.count;
        }
        self.left -= 1;
        Some(SimTime(self.next_us))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn take(m: &BurstModel, n: usize) -> Vec<Option<SimTime>> {
        let mut s = m.stream();
        (0..n).map(|_| s.next()).collect()
    }

    #[test]
    fn single_burst() {
        let m = BurstModel::build(Duration(1.5), 3, None, "a", &mut Vec::new()).unwrap();
        let t = Some(SimTime(1_500_000));
        assert_eq!(take(&m, 5), [t, t, t, None, None]);
        assert_eq!(m.mean_rate_per_s(), 0.0);
    }

    #[test]
    fn periodic_bursts() {
        let m = BurstModel::build(Duration(0.0), 2, Some(Duration(60.0)), "a", &mut Vec::new())
            .unwrap();
        let got = take(&m, 7);
        let want: Vec<Option<SimTime>> = [0, 0, 60, 60, 120, 120, 180]
            .iter()
            .map(|s| Some(SimTime::from_secs(*s)))
            .collect();
        assert_eq!(got, want);
        assert!((m.mean_rate_per_s() - 2.0 / 60.0).abs() < 1e-15);
        // The 1000th burst is exactly at 999 × 60 s.
        let mut s = m.stream();
        let t = (0..2000).filter_map(|_| s.next()).last();
        assert_eq!(t, Some(SimTime::from_secs(999 * 60)));
    }

    #[test]
    fn rejects_bad_values() {
        let mut issues = Vec::new();
        let m = BurstModel::build(Duration(-1.0), 0, Some(Duration(0.0)), "a", &mut issues);
        assert!(m.is_none());
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["a.at", "a.every", "a.count"]);
        let mut issues = Vec::new();
        assert!(BurstModel::build(Duration(0.0), 2_000_000_000, None, "a", &mut issues).is_none());
    }
}
