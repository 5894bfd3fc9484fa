//! The simulator against queueing theory: Erlang C (M/M/c), Pollaczek–Khinchine (M/G/1)
//! and the M/M/1 time-in-system quantiles.
//!
//! Each case runs R independent replications (fixed seeds) from an empty system and takes
//! the per-replication mean wait and fraction of arrivals that waited. The tolerance is
//! 5 standard errors of the mean across replications (the t quantile for 7 degrees of
//! freedom at two-sided 0.999 is 5.4), plus 2% of the expected value for the bias of
//! starting empty (the runs are ~30 000 arrivals, far longer than the relaxation time).

use crate::common::*;
use scalesim::metrics::histogram::{EXACT_LIMIT, HISTOGRAM_RELATIVE_ERROR};
use scalesim::sim::observer::{Observer, Outcome, RequestRecord};
use scalesim::theory::{erlang_c, mg1_mean_wait, mm1_sojourn_quantile, mmc_mean_wait};

const REPLICATIONS: u64 = 8;

#[derive(Default)]
struct WaitStats {
    started: u64,
    waited: u64,
    total_wait: f64,
}

impl Observer for WaitStats {
    fn on_request(&mut self, r: &RequestRecord) {
        if r.outcome != Outcome::Expired {
            if let Some(start) = r.start {
                let w = start.since(r.arrival).as_secs_f64();
                self.started += 1;
                self.total_wait += w;
                self.waited += u64::from(w > 0.0);
            }
        }
    }
}

fn mean_and_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

fn assert_close(what: &str, xs: &[f64], expected: f64) {
    let (mean, se) = mean_and_se(xs);
    let tol = 5.0 * se + 0.02 * expected;
    assert!(
        (mean - expected).abs() <= tol,
        "{what}: simulated {mean:.4} ± {se:.4} (SE), theory {expected:.4}, tolerance {tol:.4}"
    );
}

fn simulate(service: &str, lambda: f64, c: u32, arrivals: f64) -> (Vec<f64>, Vec<f64>) {
    let horizon = (arrivals / lambda).ceil();
    let text = format!(
        r#"
horizon = "{horizon}s"
[[arrivals]]
kind = "poisson"
rate_per_s = {lambda}
[service]
{service}
[endpoint]
instance_type = "ml.m5.xlarge"
request_ttl = "6h"
invocation_timeout = "1h"
[capacity]
initial = {c}
min = {c}
max = {c}
"#
    );
    let sc = scenario(&text);
    let mut waits = Vec::new();
    let mut p_wait = Vec::new();
    for seed in 0..REPLICATIONS {
        let mut w = WaitStats::default();
        run_with(&sc, 1000 + seed, &mut w);
        waits.push(w.total_wait / w.started as f64);
        p_wait.push(w.waited as f64 / w.started as f64);
    }
    (waits, p_wait)
}

#[test]
fn mmc_matches_erlang_c() {
    for (lambda, mu, c) in [(0.7, 1.0, 1), (3.2, 1.0, 4), (6.4, 0.5, 16)] {
        let service = format!("kind = \"exponential\"\nmean = \"{}s\"", 1.0 / mu);
        let (waits, p_wait) = simulate(&service, lambda, c, 30_000.0);
        let label = format!("M/M/{c} λ={lambda} μ={mu}");
        assert_close(
            &format!("{label} mean wait"),
            &waits,
            mmc_mean_wait(lambda, mu, c).unwrap(),
        );
        assert_close(
            &format!("{label} P(wait > 0)"),
            &p_wait,
            erlang_c(lambda, mu, c).unwrap(),
        );
    }
}

#[test]
fn md1_matches_pollaczek_khinchine() {
    let (waits, _) = simulate("kind = \"deterministic\"\nvalue = \"1s\"", 0.7, 1, 30_000.0);
    assert_close(
        "M/D/1 mean wait",
        &waits,
        mg1_mean_wait(0.7, 1.0, 0.0).unwrap(),
    );
}

#[test]
fn mg1_lognormal_matches_pollaczek_khinchine() {
    let (waits, _) = simulate(
        "kind = \"lognormal\"\nmean = \"1s\"\ncv = 1.5",
        0.6,
        1,
        30_000.0,
    );
    assert_close(
        "M/G/1 lognormal cv 1.5 mean wait",
        &waits,
        mg1_mean_wait(0.6, 1.0, 1.5).unwrap(),
    );
}

/// The p99 latency scalesim reports (summary.json's `latency_s.p99`) for M/M/1 with λ = 0.5,
/// μ = 1, against ln(100) / (μ − λ) = 9.2103 s: once with fewer completed requests than
/// `EXACT_LIMIT` (exact percentiles) and once with more (the histogram). A 1-hour warm-up
/// removes the bias of starting empty, so the tolerance is 5 standard errors of the mean
/// across the 16 replications (t quantile for 15 degrees of freedom at two-sided 0.9999 is
/// 5.2) plus the reported quantile error.
#[test]
fn mm1_p99_matches_the_closed_form_below_and_above_the_exact_limit() {
    const REPS: u64 = 16;
    let (lambda, mu) = (0.5, 1.0);
    let expected = mm1_sojourn_quantile(lambda, mu, 0.99).unwrap();
    for (horizon_s, exact) in [(40_000.0, true), (400_000.0, false)] {
        let text = format!(
            r#"
horizon = "{horizon_s}s"
warmup = "1h"
[[arrivals]]
kind = "poisson"
rate_per_s = {lambda}
[service]
kind = "exponential"
mean = "{}s"
[endpoint]
instance_type = "ml.m5.xlarge"
request_ttl = "6h"
invocation_timeout = "1h"
[capacity]
initial = 1
min = 1
max = 1
"#,
            1.0 / mu
        );
        let sc = scenario(&text);
        let mut p99 = Vec::new();
        for seed in 0..REPS {
            let s = run_with(&sc, 2000 + seed, &mut ());
            assert_eq!(
                s.requests.completed <= EXACT_LIMIT as u64,
                exact,
                "horizon {horizon_s}s: {} completed",
                s.requests.completed
            );
            let stated = if exact { 0.0 } else { HISTOGRAM_RELATIVE_ERROR };
            assert_eq!(s.latency_s.quantile_relative_error, stated);
            p99.push(s.latency_s.p99.expect("requests completed"));
        }
        let (mean, se) = mean_and_se(&p99);
        assert!(se > 0.0, "replications differ: {p99:?}");
        let stated = if exact { 0.0 } else { HISTOGRAM_RELATIVE_ERROR };
        let tol = 5.0 * se + stated * expected;
        assert!(
            (mean - expected).abs() <= tol,
            "M/M/1 p99 over {horizon_s}s: simulated {mean:.4} ± {se:.4} (SE), closed form \
             {expected:.4}, tolerance {tol:.4}"
        );
    }
}
