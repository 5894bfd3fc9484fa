//! The service time (one request's processing on one instance) from CloudWatch's
//! `ModelLatency` (microseconds), which is all an export says of it: per-minute
//! statistics, never single requests. So the distribution is an assumption, stated in the
//! scenario: lognormal, with
//!
//! * mean = Σ Sum ÷ Σ SampleCount over the window (or the mean of the minute Averages
//!   without SampleCount);
//! * coefficient of variation, in order of preference: from the extended statistics
//!   `p50` and `p90` when exported (lognormal: σ = ln(p90/p50) ÷ 1.2816, the median of the
//!   minutes' ratios); else from how the minute averages scatter: if requests are
//!   independent with standard deviation s, a minute's average of n of them has variance
//!   s²/n, so s² ≈ Σ nᵢ(āᵢ − mean)² ÷ (k − 1) over the k minutes (this counts any drift of
//!   the mean over the window as spread, so it can only overstate the cv); with fewer than
//!   10 minutes, cv = 1 is assumed.
//!
//! Without ModelLatency, `TotalProcessingTime − TimeInBacklog` (both per-request means) is
//! used, with a note.

use crate::recorded::Recorded;

/// The fitted service time.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFit {
    /// Mean, seconds.
    pub mean_s: f64,
    /// Coefficient of variation.
    pub cv: f64,
    /// How it was found, for the scenario's comment.
    pub source: String,
}

/// The ModelLatency statistic pairs (Average, SampleCount) by minute.
fn minutes(rec: &Recorded, metric: &str) -> Vec<(f64, Option<f64>)> {
    let Some(avg) = rec.series(metric, "Average") else {
        return Vec::new();
    };
    let count = rec.series(metric, "SampleCount");
    avg.points
        .iter()
        .filter(|(_, a)| a.is_finite() && *a >= 0.0)
        .map(|&(t, a)| (a, count.and_then(|c| c.at(t)).filter(|n| *n > 0.0)))
        .collect()
}

fn weighted_mean(m: &[(f64, Option<f64>)]) -> f64 {
    let (sum, n) = m.iter().fold((0.0, 0.0), |(s, n), (a, c)| {
        let w = c.unwrap_or(1.0);
        (s + a * w, n + w)
    });
    if n > 0.0 {
        sum / n
    } else {
        0.0
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let k = v.len();
    Some(if k % 2 == 1 {
        v[k / 2]
    } else {
        (v[k / 2 - 1] + v[k / 2]) / 2.0
    })
}

fn cv_of(rec: &Recorded, m: &[(f64, Option<f64>)], mean: f64) -> (f64, String) {
    if let (Some(p50), Some(p90)) = (
        rec.series("ModelLatency", "p50"),
        rec.series("ModelLatency", "p90"),
    ) {
        let ratios: Vec<f64> = p50
            .points
            .iter()
            .filter_map(|&(t, a)| p90.at(t).map(|b| b / a))
            .filter(|r| r.is_finite() && *r >= 1.0)
            .collect();
        if let Some(r) = median(ratios) {
            let sigma = r.ln() / 1.281_551_565_545;
            let cv = (sigma * sigma).exp_m1().sqrt();
            return (
                cv,
                format!("cv from ModelLatency p90/p50 = {r:.3} (lognormal σ = {sigma:.3})"),
            );
        }
    }
    let with_counts: Vec<(f64, f64)> = m.iter().filter_map(|(a, c)| c.map(|c| (*a, c))).collect();
    if with_counts.len() >= 10 && mean > 0.0 {
        let k = with_counts.len() as f64;
        let s2 = with_counts
            .iter()
            .map(|(a, n)| n * (a - mean).powi(2))
            .sum::<f64>()
            / (k - 1.0);
        let cv = s2.sqrt() / mean;
        return (
            cv,
            format!(
                "cv from the scatter of {} minute averages weighted by SampleCount (an upper \
                 estimate: drift of the mean counts as spread)",
                with_counts.len()
            ),
        );
    }
    (
        1.0,
        "cv = 1 assumed: the record has neither ModelLatency p50/p90 nor 10 minutes with \
         Average and SampleCount"
            .to_string(),
    )
}

/// Fit the service time of `rec` (see the module docs).
pub fn fit(rec: &Recorded) -> Result<ServiceFit, String> {
    let m = minutes(rec, "ModelLatency");
    if !m.is_empty() {
        let mean = weighted_mean(&m) / 1e6;
        let (cv, how) = cv_of(rec, &m, mean * 1e6);
        return Ok(ServiceFit {
            mean_s: mean,
            cv: cv.clamp(0.0, 10.0),
            source: format!(
                "lognormal (an assumption: CloudWatch keeps per-minute statistics of \
                 ModelLatency, not each request's); mean from ModelLatency over {} minutes; {how}",
                m.len()
            ),
        });
    }
    let total = minutes(rec, "TotalProcessingTime");
    let backlog = minutes(rec, "TimeInBacklog");
    if !total.is_empty() && !backlog.is_empty() {
        let mean = (weighted_mean(&total) / 1e3 - weighted_mean(&backlog) / 1e6).max(0.001);
        return Ok(ServiceFit {
            mean_s: mean,
            cv: 1.0,
            source: "lognormal with cv = 1 (assumed); mean = TotalProcessingTime − TimeInBacklog \
                     (no ModelLatency in the record; this includes the upload of the response)"
                .into(),
        });
    }
    Err(
        "no service time: the record has no ModelLatency (nor TotalProcessingTime and \
         TimeInBacklog); save their Average and SampleCount with get-metric-data"
            .into(),
    )
}
