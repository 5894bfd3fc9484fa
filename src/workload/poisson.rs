//! Homogeneous Poisson arrivals.
//!
//! Owns the `poisson` arrival kind: independent exponential gaps with mean `1 / rate`.
//! The clock is absolute `f64` seconds; each arrival is converted to ticks once from that
//! absolute value, so rounding to microseconds never accumulates.

use super::{check_rate, time_from_secs};
use crate::error::Issue;
use crate::rng::SimRng;
use crate::time::SimTime;
use rand_distr::{Distribution, Exp1};

/// A validated Poisson source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PoissonModel {
    /// Requests per second, finite and > 0.
    rate_per_s: f64,
}

impl PoissonModel {
    /// Validate; pushes issues and returns `None` when the rate is not allowed.
    pub(crate) fn build(rate_per_s: f64, path: &str, issues: &mut Vec<Issue>) -> Option<Self> {
        let before = issues.len();
        check_rate(issues, format!("{path}.rate_per_s"), rate_per_s, true);
        (issues.len() == before).then_some(PoissonModel { rate_per_s })
    }

    pub(crate) fn stream(&self) -> PoissonStream {
        PoissonStream {
            inv_rate_s: 1.0 / self.rate_per_s,
            t_s: 0.0,
        }
    }

    pub(crate) fn mean_rate_per_s(&self) -> f64 {
        self.rate_per_s
    }
}

/// Per-run state: the absolute time of the last arrival in seconds.
#[derive(Debug, Clone)]
pub(crate) struct PoissonStream {
    /// Mean gap, seconds.
    inv_rate_s: f64,
    /// Absolute time of the last arrival, seconds.
    t_s: f64,
}

impl PoissonStream {
    #[inline]
    pub(crate) fn next(&mut self, rng: &mut SimRng) -> Option<SimTime> {
        // `Exp1.sample(rng)` rather than `rng.sample(Exp1)`: the same draw, but this one is
        // inlined (the generic `RngExt::sample` was left out of line, a call per arrival).
        let gap: f64 = Exp1.sample(rng);
        self.t_s += gap * self.inv_rate_s;
        time_from_secs(self.t_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream_rng, Stream};

    #[test]
    fn rejects_bad_rates() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e12] {
            let mut issues = Vec::new();
            assert!(PoissonModel::build(bad, "arrivals[0]", &mut issues).is_none());
            assert_eq!(issues[0].path, "arrivals[0].rate_per_s");
        }
    }

    #[test]
    fn count_and_mean_gap_match_rate() {
        let rate = 40.0;
        let horizon = 5_000.0;
        let m = PoissonModel::build(rate, "p", &mut Vec::new()).unwrap();
        let mut s = m.stream();
        let mut rng = stream_rng(1, Stream::Arrivals, 0);
        let end = SimTime::from_secs(horizon as u64);
        let mut n = 0u64;
        let mut last = SimTime::ZERO;
        let mut sum_gap = 0.0;
        while let Some(t) = s.next(&mut rng) {
            assert!(t >= last);
            if t > end {
                break;
            }
            sum_gap += t.since(last).as_secs_f64();
            last = t;
            n += 1;
        }
        // N(T) ~ Poisson(λT): σ = √(λT).
        let expect = rate * horizon;
        assert!((n as f64 - expect).abs() < 4.0 * expect.sqrt(), "n={n}");
        // Mean of n exponential gaps: σ = (1/λ)/√n.
        let mean_gap = sum_gap / n as f64;
        let sigma = (1.0 / rate) / (n as f64).sqrt();
        assert!(
            (mean_gap - 1.0 / rate).abs() < 4.0 * sigma + 1e-6,
            "{mean_gap}"
        );
    }
}
