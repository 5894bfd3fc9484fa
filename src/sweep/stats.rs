//! Means and 95% confidence intervals across replications.
//!
//! For n replications with mean x̄ and sample standard deviation s (divisor n − 1), the
//! interval is x̄ ± t₀.₉₇₅,ₙ₋₁ · s / √n. The Student t quantile comes from a table for
//! 1–30 degrees of freedom (6 decimals) and, above, the Cornish–Fisher expansion around the
//! normal quantile 1.959964 (within 2·10⁻⁶ from 31 degrees of freedom on). With one
//! replication there is no interval (empty cells). Sums run in replication order, so the
//! figures do not depend on the order runs finished in.
//!
//! The interval also covers how the values were measured: a percentile from the histogram
//! (a run with more than `EXACT_LIMIT` completed requests) is within its relative error e of
//! the run's exact one, so the mean of n such values is within E = Σ eᵢ·|vᵢ| ÷ n of the mean
//! of the exact ones. The interval is x̄ ± (t·s/√n + E): the Student-t interval is about the
//! exact values, and the reported mean may be E away from theirs. E is 0 when every run's
//! percentiles were exact; otherwise replications that all land on the same value still get
//! an interval at least E wide on each side, never one of zero width.

use super::record::{Metric, RunRecord};

/// t₀.₉₇₅ for 1..=30 degrees of freedom.
const T975: [f64; 30] = [
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
    2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
    2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
    2.048407, 2.045230, 2.042272,
];

/// The 97.5% quantile of Student's t with `df` degrees of freedom (`df` ≥ 1; 0 gives NaN).
pub fn t975(df: u64) -> f64 {
    match df {
        0 => f64::NAN,
        1..=30 => T975[(df - 1) as usize],
        _ => {
            let z = 1.959_963_984_540_054_f64;
            let n = df as f64;
            let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
            z + (z3 + z) / (4.0 * n)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n * n * n)
        }
    }
}

/// Mean and 95% confidence interval of one metric at one point.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MeanCi {
    /// Values it is computed from (replications where the metric exists).
    pub n: usize,
    /// Mean (None without values).
    pub mean: Option<f64>,
    /// Lower end of the 95% interval (None with fewer than 2 values).
    pub lo: Option<f64>,
    /// Upper end of the 95% interval (None with fewer than 2 values).
    pub hi: Option<f64>,
    /// How far the mean may be from the mean of exactly measured values (the percentiles'
    /// stated error; 0 for exact figures), included in the interval.
    pub measurement_error: f64,
}

impl MeanCi {
    /// The upper end of the interval, or with one value that value plus its measurement
    /// error.
    pub fn upper_or_mean(&self) -> Option<f64> {
        self.hi.or(self.mean.map(|m| m + self.measurement_error))
    }
}

/// Mean and Student-t 95% interval of `values`.
pub fn mean_ci(values: &[f64]) -> MeanCi {
    mean_ci_with_error(values, 0.0)
}

/// Mean and Student-t 95% interval of `values`, widened on each side by `error`, the
/// measurement error of the mean (no interval with fewer than 2 values).
pub fn mean_ci_with_error(values: &[f64], error: f64) -> MeanCi {
    let n = values.len();
    if n == 0 {
        return MeanCi::default();
    }
    if values.iter().any(|v| v.is_infinite()) {
        // A latency over all requests whose percentile request was lost, in some
        // replication: the point misses every limit, and its interval is unbounded.
        let inf = Some(f64::INFINITY);
        let (lo, hi) = if n < 2 { (None, None) } else { (inf, inf) };
        return MeanCi {
            n,
            mean: inf,
            lo,
            hi,
            measurement_error: error,
        };
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return MeanCi {
            n,
            mean: Some(mean),
            lo: None,
            hi: None,
            measurement_error: error,
        };
    }
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = (ss / (n - 1) as f64).sqrt();
    let half = t975((n - 1) as u64) * sd / (n as f64).sqrt() + error;
    MeanCi {
        n,
        mean: Some(mean),
        lo: Some(mean - half),
        hi: Some(mean + half),
        measurement_error: error,
    }
}

/// Every metric of one point across its replications.
#[derive(Debug, Clone, PartialEq)]
pub struct PointStats {
    /// Point index.
    pub point: usize,
    /// Replications run.
    pub replications: usize,
    /// One entry per [`Metric::ALL`].
    pub metrics: Vec<MeanCi>,
}

impl PointStats {
    /// The figures of metric `m`.
    pub fn get(&self, m: Metric) -> MeanCi {
        self.metrics.get(m.position()).copied().unwrap_or_default()
    }
}

/// The statistics of points `0..points` from `records` (sorted by run index, so each
/// point's replications are in order). A point without records has no values.
pub fn aggregate(points: usize, records: &[RunRecord]) -> Vec<PointStats> {
    let mut by_point: Vec<Vec<&RunRecord>> = vec![Vec::new(); points];
    for r in records {
        if let Some(v) = by_point.get_mut(r.point) {
            v.push(r);
        }
    }
    by_point
        .into_iter()
        .enumerate()
        .map(|(point, runs)| PointStats {
            point,
            replications: runs.len(),
            metrics: Metric::ALL
                .iter()
                .map(|&m| {
                    let values: Vec<f64> = runs.iter().filter_map(|r| r.value(m)).collect();
                    let error: f64 = runs.iter().filter_map(|r| r.measurement_error(m)).sum();
                    mean_ci_with_error(&values, error / values.len().max(1) as f64)
                })
                .collect(),
        })
        .collect()
}
