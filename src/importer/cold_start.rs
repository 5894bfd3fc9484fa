//! The cold start as the user's own endpoint showed it: `EndTime − StartTime` of each
//! successful scale-out in `describe-scaling-activities`, the time from the scaling request
//! to the new instances being InService.
//!
//! The policy's own delay (metric publication, alarm evaluation) lies before `StartTime`,
//! so it is not in these samples, and scalesim's activity starts at the same moment as
//! AWS's: the samples are the cold start as the simulation draws it. Two corrections:
//!
//! * a scale-out that adds k instances ends when the slowest of k is InService, so its
//!   duration is the largest of k cold starts: the fit is by maximum likelihood with the
//!   density of the largest of k, `k F(x)^(k−1) f(x)`;
//! * a scale-out overlapped by the next activity (which started before it ended) is left
//!   out: its end may be that activity's.
//!
//! The fit is a lognormal (one stage, `provisioning`); with fewer than
//! [`MIN_SAMPLES`] samples it is not attempted and scalesim's default is kept, saying so.

use crate::replay::capacity::CapacityChange;

/// Fewest scale-outs to fit a cold start from.
pub const MIN_SAMPLES: usize = 3;

/// A fitted cold start.
#[derive(Debug, Clone, PartialEq)]
pub struct ColdStartFit {
    /// Samples used: (duration s, instances added).
    pub samples: Vec<(f64, u32)>,
    /// Mean of one cold start, seconds; `None` when too few samples.
    pub mean_s: Option<f64>,
    /// Its coefficient of variation.
    pub cv: Option<f64>,
    /// What was done, for the scenario's comment.
    pub source: String,
}

/// The samples of `changes` (oldest first): clean successful scale-outs.
pub fn samples(changes: &[CapacityChange]) -> Vec<(f64, u32)> {
    let mut out = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let (Some(end), true) = (c.end, c.to > c.from) else {
            continue;
        };
        if changes.get(i + 1).is_some_and(|n| n.at < end) {
            continue;
        }
        let d = end.secs_since(c.at);
        if d > 0.0 && d.is_finite() {
            out.push((d, c.to - c.from));
        }
    }
    out
}

/// Standard normal CDF (erfc approximation with fractional error below 1.2e-7).
fn phi(z: f64) -> f64 {
    let x = -z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let y = t
        * (-x * x - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    let erfc = if x >= 0.0 { y } else { 2.0 - y };
    0.5 * erfc
}

/// Log-likelihood of (μ, σ) of ln X for the samples (each the largest of k draws).
fn log_likelihood(samples: &[(f64, u32)], mu: f64, sigma: f64) -> f64 {
    samples
        .iter()
        .map(|&(x, k)| {
            let z = (x.ln() - mu) / sigma;
            let log_f = -0.5 * z * z - sigma.ln() - x.ln() - 0.918_938_533_204_672_7;
            let k = f64::from(k.max(1));
            let log_cdf = phi(z).max(1e-300).ln();
            k.ln() + (k - 1.0) * log_cdf + log_f
        })
        .sum()
}

/// Maximise the likelihood over (μ, σ) by a grid refined around its best point.
fn mle(samples: &[(f64, u32)]) -> (f64, f64) {
    let logs: Vec<f64> = samples.iter().map(|s| s.0.ln()).collect();
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let sd = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n).sqrt();
    let (mut mu, mut sigma) = (mean, sd.max(0.01));
    let (mut mu_step, mut sigma_step) = (1.0_f64, sigma.max(0.1));
    for _ in 0..40 {
        let mut best = (log_likelihood(samples, mu, sigma), mu, sigma);
        for i in -4..=4 {
            for j in -4..=4 {
                let m = mu + f64::from(i) * mu_step / 4.0;
                let s = (sigma + f64::from(j) * sigma_step / 4.0).max(0.005);
                let ll = log_likelihood(samples, m, s);
                if ll > best.0 {
                    best = (ll, m, s);
                }
            }
        }
        (mu, sigma) = (best.1, best.2);
        mu_step *= 0.6;
        sigma_step *= 0.6;
    }
    (mu, sigma)
}

/// Fit the cold start from the record's capacity changes.
pub fn fit(changes: &[CapacityChange]) -> ColdStartFit {
    let samples = samples(changes);
    if samples.len() < MIN_SAMPLES {
        return ColdStartFit {
            source: format!(
                "scalesim's default (10 minutes): only {} clean successful scale-out(s) in \
                 describe-scaling-activities, fewer than the {MIN_SAMPLES} needed for a fit",
                samples.len()
            ),
            samples,
            mean_s: None,
            cv: None,
        };
    }
    let (mu, sigma) = mle(&samples);
    let mean = (mu + sigma * sigma / 2.0).exp();
    let cv = (sigma * sigma).exp_m1().sqrt();
    let many = samples.iter().filter(|s| s.1 > 1).count();
    ColdStartFit {
        source: format!(
            "fitted (lognormal, maximum likelihood) to EndTime − StartTime of {} successful \
             scale-outs in describe-scaling-activities{}",
            samples.len(),
            if many > 0 {
                format!(", {many} of them adding several instances (each the slowest of those)")
            } else {
                String::new()
            }
        ),
        samples,
        mean_s: Some(mean),
        cv: Some(cv),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_known_values() {
        assert!((phi(0.0) - 0.5).abs() < 1e-7);
        assert!((phi(1.0) - 0.841_344_746).abs() < 1e-6);
        assert!((phi(-1.959_963_985) - 0.025).abs() < 1e-6);
    }

    #[test]
    fn single_instance_fit_is_the_log_moments() {
        let xs = [300.0, 360.0, 420.0, 390.0, 330.0];
        let samples: Vec<(f64, u32)> = xs.iter().map(|x| (*x, 1)).collect();
        let (mu, sigma) = mle(&samples);
        let logs: Vec<f64> = xs.iter().map(|x: &f64| x.ln()).collect();
        let m = logs.iter().sum::<f64>() / 5.0;
        let s = (logs.iter().map(|l| (l - m).powi(2)).sum::<f64>() / 5.0).sqrt();
        assert!((mu - m).abs() < 1e-3, "{mu} vs {m}");
        assert!((sigma - s).abs() < 1e-3, "{sigma} vs {s}");
    }

    #[test]
    fn slowest_of_several_is_corrected_downwards() {
        // The same durations read as the slowest of 4 give a smaller single cold start.
        let one: Vec<(f64, u32)> = [400.0, 420.0, 380.0, 410.0]
            .iter()
            .map(|x| (*x, 1))
            .collect();
        let four: Vec<(f64, u32)> = one.iter().map(|(x, _)| (*x, 4)).collect();
        assert!(mle(&four).0 < mle(&one).0);
    }
}
