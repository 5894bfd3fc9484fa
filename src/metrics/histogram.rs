//! A latency distribution with a stated quantile error: exact up to [`EXACT_LIMIT`] values,
//! then a histogram within [`HISTOGRAM_RELATIVE_ERROR`] (1/2048, under 0.05 %).
//!
//! **Quantile definition (both regimes): nearest rank.** The `q` quantile of n values is the
//! smallest recorded value x such that at least ⌈q·n⌉ values are ≤ x (at least one: `q = 0`
//! is the minimum, `q = 1` the maximum). It is always one of the recorded values, never an
//! interpolation between two; numpy calls it `method="inverted_cdf"`, and it is the rank
//! HDR histograms and CloudWatch percentiles use.
//!
//! **Up to [`EXACT_LIMIT`] values** (65,536) every value is kept, to the microsecond, in a
//! `Vec<u64>`: quantiles are the exact nearest-rank values ([`DurationStats::is_exact`];
//! error 0). Memory: 8 bytes per value, at most 512 KiB.
//!
//! **Above it** the values move into an HDR histogram with 3 significant decimal digits over
//! 1 µs .. [`HIGHEST_MICROS`] (10 years, longer than any horizon a scenario may have), and
//! the `Vec` is freed (the counts are kept by [`super::buckets`]: one increment per value).
//! A bucket holding values from 1024·2ᵏ to 2048·2ᵏ µs is 2ᵏ µs wide, and below 2048 µs
//! every microsecond has its own bucket; the quantile reported is the middle of the bucket
//! that holds the nearest-rank value, so it is within half a bucket of it: at
//! most 1/2048 (0.049 %) of either value. The result is clamped into the exact minimum and
//! maximum, which are kept separately (clamping only brings it closer). Memory is flat in
//! the horizon: [`HISTOGRAM_BYTES`] (320 KiB) of counts per distribution.
//!
//! The mean, minimum and maximum are exact in both regimes.

use super::buckets;
use crate::time::SimDuration;

/// Values kept exactly before switching to the histogram.
pub const EXACT_LIMIT: usize = 65_536;

/// Largest value the histogram resolves (µs): 10 years, above the longest horizon a scenario
/// may have, so every latency a run produces is within the stated error.
pub const HIGHEST_MICROS: u64 = 320_000_000_000_000;

/// Largest relative error of a quantile once the histogram is in use: half of the widest
/// bucket relative to its lowest value, (2ᵏ/2) ÷ (1024·2ᵏ) = 1/2048.
pub const HISTOGRAM_RELATIVE_ERROR: f64 = 1.0 / 2048.0;

/// Heap bytes of the histogram's counts (the layout is checked against the `hdrhistogram`
/// crate in `metrics::buckets`).
pub const HISTOGRAM_BYTES: usize = buckets::LEN * std::mem::size_of::<u64>();

/// Where the values are kept.
#[derive(Debug, Clone)]
enum Store {
    /// Every value, in arrival order (µs).
    Exact(Vec<u64>),
    /// Counts per bucket, in the layout of [`buckets`] (recording is one increment).
    Histogram(Box<[u64]>),
}

/// Statistics of a duration: count, exact mean, minimum and maximum, and quantiles with a
/// stated error (see the module header).
#[derive(Debug, Clone)]
pub struct DurationStats {
    store: Store,
    count: u64,
    sum_micros: u128,
    min_micros: u64,
    max_micros: u64,
}

impl Default for DurationStats {
    fn default() -> Self {
        DurationStats::new()
    }
}

/// The 1-based nearest rank of quantile `q` among `n` values: ⌈q·n⌉, at least 1, at most n.
/// A product a hair above an integer from rounding (0.99 × 100) counts as that integer.
fn nearest_rank(q: f64, n: u64) -> u64 {
    let q = if q.is_nan() { 0.0 } else { q.clamp(0.0, 1.0) };
    let x = q * n as f64;
    let rank = (x - x.abs() * 1e-12).ceil();
    (rank as u64).clamp(1, n.max(1))
}

fn new_histogram() -> Box<[u64]> {
    vec![0u64; buckets::LEN].into_boxed_slice()
}

/// Count one value in `counts` (values above [`HIGHEST_MICROS`] count as it).
#[inline(always)]
fn count_in(counts: &mut [u64], v: u64) {
    counts[buckets::index_of(v.min(HIGHEST_MICROS))] += 1;
}

impl DurationStats {
    /// An empty distribution (exact; it allocates as values arrive).
    pub fn new() -> DurationStats {
        DurationStats {
            store: Store::Exact(Vec::new()),
            count: 0,
            sum_micros: 0,
            min_micros: u64::MAX,
            max_micros: 0,
        }
    }

    /// Add one observation (always inlined: two per request in the engine's hot loop).
    #[inline(always)]
    pub fn record(&mut self, d: SimDuration) {
        let v = d.0;
        self.count += 1;
        self.sum_micros += u128::from(v);
        self.min_micros = self.min_micros.min(v);
        self.max_micros = self.max_micros.max(v);
        match &mut self.store {
            Store::Exact(values) if values.len() < EXACT_LIMIT => values.push(v),
            Store::Exact(_) => count_in(self.histogram_mut(), v),
            Store::Histogram(h) => count_in(h, v),
        }
    }

    /// Move the values into the histogram (if not there yet) and return it.
    #[cold]
    fn histogram_mut(&mut self) -> &mut [u64] {
        if let Store::Exact(values) = &self.store {
            let mut h = new_histogram();
            for &v in values {
                count_in(&mut h, v);
            }
            self.store = Store::Histogram(h);
        }
        match &mut self.store {
            Store::Histogram(h) => h,
            Store::Exact(_) => unreachable!("converted just above"),
        }
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether quantiles are exact (at most [`EXACT_LIMIT`] values were recorded).
    pub fn is_exact(&self) -> bool {
        matches!(self.store, Store::Exact(_))
    }

    /// The largest relative error of [`DurationStats::quantile_secs`]: 0 while exact, else
    /// [`HISTOGRAM_RELATIVE_ERROR`].
    pub fn relative_error(&self) -> f64 {
        if self.is_exact() {
            0.0
        } else {
            HISTOGRAM_RELATIVE_ERROR
        }
    }

    /// Heap bytes held for the quantiles now (the values, or the histogram's counts).
    pub fn heap_bytes(&self) -> usize {
        match &self.store {
            Store::Exact(values) => values.capacity() * std::mem::size_of::<u64>(),
            Store::Histogram(h) => std::mem::size_of_val(&**h),
        }
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

    /// The nearest-rank `q` quantile (0 ≤ q ≤ 1) in seconds: exact, or within
    /// [`DurationStats::relative_error`]; 0 when empty. Always within the exact minimum and
    /// maximum.
    pub fn quantile_secs(&self, q: f64) -> f64 {
        self.quantile_micros(q) as f64 / 1e6
    }

    fn quantile_micros(&self, q: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = nearest_rank(q, self.count);
        match &self.store {
            Store::Exact(values) => {
                let mut sorted = values.clone();
                let (_, v, _) = sorted.select_nth_unstable(rank as usize - 1);
                *v
            }
            Store::Histogram(h) => {
                let mut seen = 0u64;
                let bucket = h.iter().position(|&c| {
                    seen += c;
                    seen >= rank
                });
                let mid = bucket.map_or(self.max_micros, |i| {
                    let (low, width) = buckets::range_of(i);
                    low + width / 2
                });
                mid.clamp(self.min_micros, self.max_micros)
            }
        }
    }

    /// Merge another distribution into this one. The result is exact if both are and
    /// together they hold at most [`EXACT_LIMIT`] values.
    pub fn merge(&mut self, other: &DurationStats) {
        if other.count == 0 {
            return;
        }
        let fits = (self.count + other.count) as usize <= EXACT_LIMIT;
        match (&mut self.store, &other.store) {
            (Store::Exact(mine), Store::Exact(theirs)) if fits => mine.extend_from_slice(theirs),
            (_, Store::Exact(theirs)) => {
                let h = self.histogram_mut();
                for &v in theirs {
                    count_in(h, v);
                }
            }
            (_, Store::Histogram(theirs)) => {
                for (mine, theirs) in self.histogram_mut().iter_mut().zip(theirs.iter()) {
                    *mine += theirs;
                }
            }
        }
        self.count += other.count;
        self.sum_micros += other.sum_micros;
        self.min_micros = self.min_micros.min(other.min_micros);
        self.max_micros = self.max_micros.max(other.max_micros);
    }

    /// The distribution as (value in seconds, fraction of values ≤ it) points, for CDF
    /// charts: one per distinct value while exact, else one per non-empty bucket at the
    /// bucket's upper edge (the last point is the exact maximum).
    pub fn cdf_points(&self) -> Vec<(f64, f64)> {
        if self.count == 0 {
            return Vec::new();
        }
        let total = self.count as f64;
        match &self.store {
            Store::Exact(values) => {
                let mut sorted = values.clone();
                sorted.sort_unstable();
                let mut out: Vec<(f64, f64)> = Vec::new();
                for (i, &v) in sorted.iter().enumerate() {
                    if sorted.get(i + 1) != Some(&v) {
                        out.push((v as f64 / 1e6, (i + 1) as f64 / total));
                    }
                }
                out
            }
            Store::Histogram(h) => {
                let mut seen = 0u64;
                h.iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0)
                    .map(|(i, &c)| {
                        seen += c;
                        let (low, width) = buckets::range_of(i);
                        let upper = (low + width - 1).min(self.max_micros);
                        (upper as f64 / 1e6, seen as f64 / total)
                    })
                    .collect()
            }
        }
    }
}

#[cfg(test)]
#[path = "histogram_tests.rs"]
mod tests;
