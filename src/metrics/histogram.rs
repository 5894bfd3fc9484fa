//! A streaming latency distribution: constant memory, quantiles within 1% relative error.
//!
//! Wraps an HDR histogram with 2 significant decimal digits over 1 µs .. ~11.6 days
//! (values above are clamped to the top bucket; the exact maximum is kept separately), so
//! any quantile it reports is within 1% of the true sample quantile. The mean and maximum
//! are exact.

use crate::time::SimDuration;
use hdrhistogram::Histogram;

const HIGHEST_MICROS: u64 = 1_000_000_000_000;

/// Streaming statistics of a duration.
#[derive(Debug, Clone)]
pub struct DurationStats {
    hist: Histogram<u64>,
    count: u64,
    sum_micros: u128,
    max_micros: u64,
}

impl Default for DurationStats {
    fn default() -> Self {
        DurationStats::new()
    }
}

impl DurationStats {
    /// An empty distribution.
    pub fn new() -> DurationStats {
        // Bounds are constants known to be valid: 1 ≤ low, high ≥ 2·low, sigfig 2 ≤ 5.
        let hist = Histogram::new_with_bounds(1, HIGHEST_MICROS, 2)
            .unwrap_or_else(|_| unreachable!("constant histogram bounds are valid"));
        DurationStats {
            hist,
            count: 0,
            sum_micros: 0,
            max_micros: 0,
        }
    }

    /// Add one observation.
    #[inline]
    pub fn record(&mut self, d: SimDuration) {
        let v = d.0.clamp(1, HIGHEST_MICROS);
        self.hist.saturating_record(v);
        self.count += 1;
        self.sum_micros += u128::from(d.0);
        self.max_micros = self.max_micros.max(d.0);
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean in seconds (0 when empty).
    pub fn mean_secs(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_micros as f64 / self.count as f64 / 1e6
        }
    }

    /// Exact maximum in seconds (0 when empty).
    pub fn max_secs(&self) -> f64 {
        self.max_micros as f64 / 1e6
    }

    /// The `q` quantile (0 ≤ q ≤ 1) in seconds, within 1% relative error; 0 when empty.
    /// Never above the exact maximum.
    pub fn quantile_secs(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let v = self.hist.value_at_quantile(q.clamp(0.0, 1.0));
        v.min(self.max_micros) as f64 / 1e6
    }

    /// Merge another distribution into this one.
    pub fn merge(&mut self, other: &DurationStats) {
        // Same bounds on both sides, so adding cannot fail.
        let _ = self.hist.add(&other.hist);
        self.count += other.count;
        self.sum_micros += other.sum_micros;
        self.max_micros = self.max_micros.max(other.max_micros);
    }

    /// Iterate the distribution as (upper value in seconds, cumulative fraction) points, one
    /// per non-empty bucket — for CDF charts.
    pub fn cdf_points(&self) -> Vec<(f64, f64)> {
        if self.count == 0 {
            return Vec::new();
        }
        let total = self.hist.len() as f64;
        let mut seen = 0u64;
        self.hist
            .iter_recorded()
            .map(|v| {
                seen += v.count_at_value();
                (
                    self.hist.highest_equivalent(v.value_iterated_to()) as f64 / 1e6,
                    seen as f64 / total,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_within_one_percent_of_exact() {
        let mut s = DurationStats::new();
        // A spread of values over 6 orders of magnitude: 1ms .. 1000s.
        let mut values: Vec<u64> = (0..20_000u64)
            .map(|i| 1_000 + (i * i * 2_500) % 1_000_000_000)
            .collect();
        for &v in &values {
            s.record(SimDuration(v));
        }
        values.sort_unstable();
        for q in [0.5, 0.9, 0.99, 0.999] {
            let exact = values[((q * values.len() as f64).ceil() as usize).min(values.len()) - 1];
            let got = s.quantile_secs(q) * 1e6;
            let rel = (got - exact as f64).abs() / exact as f64;
            assert!(rel <= 0.01, "q={q}: got {got}, exact {exact}, rel {rel}");
        }
        assert_eq!(s.max_secs(), *values.last().unwrap() as f64 / 1e6);
        let mean = values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64 / 1e6;
        assert!((s.mean_secs() - mean).abs() < 1e-9);
    }

    #[test]
    fn empty_is_zero_and_merge_adds() {
        let mut a = DurationStats::new();
        assert_eq!(a.quantile_secs(0.99), 0.0);
        let mut b = DurationStats::new();
        b.record(SimDuration::from_secs(3));
        a.record(SimDuration::from_secs(1));
        a.merge(&b);
        assert_eq!(a.count(), 2);
        assert_eq!(a.mean_secs(), 2.0);
        assert_eq!(a.max_secs(), 3.0);
    }
}
