//! Tests of the M/G/1 setup and keep-alive closed form (`setup_keep_alive`): its limits
//! (Welch at τ = 0, Pollaczek–Khinchine as τ → ∞), its invariants and a Monte Carlo check.

use super::*;
use crate::rng::{stream_rng, SimRng, Stream};
use rand::RngExt;

fn params(lambda: f64, x: Dist, s: Dist, tau: f64) -> SetupKeepAlive {
    SetupKeepAlive {
        arrival_rate: lambda,
        service_mean: x.mean(),
        service_second_moment: x.second_moment(),
        setup_mean: s.mean(),
        setup_second_moment: s.second_moment(),
        keep_alive_s: tau,
    }
}

fn welch_wait(lambda: f64, x: Dist, s: Dist) -> f64 {
    let rho = lambda * x.mean();
    lambda * x.second_moment() / (2.0 * (1.0 - rho))
        + (2.0 * s.mean() + lambda * s.second_moment()) / (2.0 * (1.0 + lambda * s.mean()))
}

#[test]
fn keep_alive_zero_is_welch() {
    for (lambda, x, s) in [
        (0.5, Dist::Exp(1.0), Dist::Exp(2.0)),
        (0.4, Dist::Det(1.5), Dist::Det(3.0)),
        (0.9, Dist::Unif(0.2, 1.0), Dist::Unif(0.0, 10.0)),
    ] {
        let r = setup_keep_alive(&params(lambda, x, s, 0.0)).unwrap();
        let w = welch_wait(lambda, x, s);
        assert!((r.mean_wait_s - w).abs() < 1e-12 * w.max(1.0));
        assert!((r.mean_response_s - w - x.mean()).abs() < 1e-12 * w.max(1.0));
        // Every idle period ends in a cold start: one per cycle of (1 + λE[S])/(1 − ρ).
        let rho = lambda * x.mean();
        let pc = (1.0 - rho) / (1.0 + lambda * s.mean());
        assert!((r.p_cold_start - pc).abs() < 1e-12);
        assert!((r.p_wait_for_setup - pc * (1.0 + lambda * s.mean())).abs() < 1e-12);
        assert_eq!(r.p_turn_off, 1.0);
        assert_eq!(r.idle_on_fraction, 0.0);
    }
}

#[test]
fn mm1_with_exponential_setup_adds_the_setup_mean() {
    // Known M/M/1/setup result: E[T] = 1/(μ − λ) + E[S] for exponential S.
    let r = setup_keep_alive(&params(0.7, Dist::Exp(1.0), Dist::Exp(3.0), 0.0)).unwrap();
    assert!((r.mean_response_s - (1.0 / 0.3 + 3.0)).abs() < 1e-12);
}

#[test]
fn long_keep_alive_is_pollaczek_khinchine() {
    for cv in [0.0, 0.5, 1.0, 2.0] {
        let x2 = 1.0 + cv * cv;
        let pk = mg1_mean_wait(0.6, 1.0, cv).unwrap();
        for tau in [f64::INFINITY, 1e4] {
            let r = setup_keep_alive(&SetupKeepAlive {
                arrival_rate: 0.6,
                service_mean: 1.0,
                service_second_moment: x2,
                setup_mean: 30.0,
                setup_second_moment: 2000.0,
                keep_alive_s: tau,
            })
            .unwrap();
            assert!((r.mean_wait_s - pk).abs() < 1e-12);
            assert_eq!(r.p_cold_start, 0.0);
            assert_eq!(r.billed_fraction, 1.0);
            assert!((r.idle_on_fraction - 0.4).abs() < 1e-12);
        }
    }
}

#[test]
fn no_setup_means_plain_mg1_with_turn_offs() {
    let r = setup_keep_alive(&params(0.5, Dist::Exp(1.0), Dist::Det(0.0), 2.0)).unwrap();
    let p = (-1.0f64).exp();
    assert!((r.mean_wait_s - mg1_mean_wait(0.5, 1.0, 1.0).unwrap()).abs() < 1e-12);
    assert!((r.p_cold_start - p * 0.5).abs() < 1e-12);
    assert!((r.p_wait_for_setup - r.p_cold_start).abs() < 1e-15);
}

#[test]
fn time_fractions_add_up_and_wait_decreases_with_keep_alive() {
    let mut last = f64::INFINITY;
    for tau in [0.0, 0.1, 0.5, 1.0, 3.0, 10.0, 100.0] {
        let r = setup_keep_alive(&params(0.3, Dist::Det(2.0), Dist::Exp(4.0), tau)).unwrap();
        let total = 0.3 * 2.0 + r.setup_fraction + r.idle_on_fraction + r.p_cold_start;
        assert!((total - 1.0).abs() < 1e-12, "tau {tau}: {total}");
        assert!((r.billed_fraction - (1.0 - r.p_cold_start)).abs() < 1e-15);
        assert!(r.mean_wait_s < last);
        last = r.mean_wait_s;
    }
}

#[test]
fn unstable_or_invalid_inputs_give_none() {
    let ok = params(0.5, Dist::Exp(1.0), Dist::Exp(2.0), 1.0);
    assert!(setup_keep_alive(&ok).is_some());
    let bad = [
        SetupKeepAlive {
            arrival_rate: 1.0,
            ..ok
        },
        SetupKeepAlive {
            arrival_rate: 1.5,
            ..ok
        },
        SetupKeepAlive {
            arrival_rate: 0.0,
            ..ok
        },
        SetupKeepAlive {
            arrival_rate: f64::NAN,
            ..ok
        },
        SetupKeepAlive {
            service_mean: 0.0,
            ..ok
        },
        SetupKeepAlive {
            service_second_moment: 0.5,
            ..ok
        },
        SetupKeepAlive {
            setup_mean: -1.0,
            ..ok
        },
        SetupKeepAlive {
            setup_second_moment: 3.0,
            ..ok
        },
        SetupKeepAlive {
            setup_second_moment: f64::INFINITY,
            ..ok
        },
        SetupKeepAlive {
            keep_alive_s: -1.0,
            ..ok
        },
        SetupKeepAlive {
            keep_alive_s: f64::NAN,
            ..ok
        },
    ];
    for b in bad {
        assert!(setup_keep_alive(&b).is_none(), "{b:?}");
    }
    // Deterministic times whose second moment is the rounded square of the mean.
    assert!(setup_keep_alive(&params(0.6, Dist::Det(0.8), Dist::Det(0.1), 1.0)).is_some());
}

/// A distribution for the Monte Carlo, with its exact moments.
#[derive(Debug, Clone, Copy)]
enum Dist {
    Det(f64),
    Exp(f64),
    Unif(f64, f64),
}

impl Dist {
    fn mean(self) -> f64 {
        match self {
            Dist::Det(v) | Dist::Exp(v) => v,
            Dist::Unif(a, b) => (a + b) / 2.0,
        }
    }
    fn second_moment(self) -> f64 {
        match self {
            Dist::Det(v) => v * v,
            Dist::Exp(m) => 2.0 * m * m,
            Dist::Unif(a, b) => (a * a + a * b + b * b) / 3.0,
        }
    }
    fn sample(self, rng: &mut SimRng) -> f64 {
        match self {
            Dist::Det(v) => v,
            // 1 − U lies in (0, 1].
            Dist::Exp(m) => -m * (1.0 - rng.random::<f64>()).ln(),
            Dist::Unif(a, b) => a + (b - a) * rng.random::<f64>(),
        }
    }
}

/// Batch means of the four measured quantities.
#[derive(Default)]
struct Batches {
    wait: Vec<f64>,
    cold: Vec<f64>,
    wait_for_setup: Vec<f64>,
    billed: Vec<f64>,
}

/// Independent Monte Carlo of the single server: arrival by arrival, the server state is
/// `free_at` (when the work present ends), `setup_end` (end of the last setup) and the
/// keep-alive. Starts at the end of a busy period (a regeneration point), so there is no
/// initial bias. Off time is clipped to each batch, so time is partitioned exactly.
fn simulate(lambda: f64, x: Dist, s: Dist, tau: f64, seed: u64) -> Batches {
    const BATCHES: usize = 40;
    const PER_BATCH: usize = 50_000;
    let mut arrivals = stream_rng(seed, Stream::Arrivals, 0);
    let mut service = stream_rng(seed, Stream::Service, 0);
    let mut setup = stream_rng(seed, Stream::ColdStart, 0);
    let (mut t, mut free_at, mut setup_end) = (0.0f64, 0.0f64, f64::NEG_INFINITY);
    let mut out = Batches::default();
    for _ in 0..BATCHES {
        let start_t = t;
        let (mut wait, mut cold, mut in_setup, mut off) = (0.0, 0u64, 0u64, 0.0);
        for _ in 0..PER_BATCH {
            t += Dist::Exp(1.0 / lambda).sample(&mut arrivals);
            let off_at = free_at + tau;
            let start = if t > off_at {
                // Off: this request triggers a setup.
                off += t - off_at.max(start_t);
                cold += 1;
                in_setup += 1;
                setup_end = t + s.sample(&mut setup);
                setup_end
            } else if t >= free_at {
                t // idle and on: warm
            } else {
                if t < setup_end {
                    in_setup += 1;
                }
                free_at
            };
            wait += start - t;
            free_at = start + x.sample(&mut service);
        }
        let n = PER_BATCH as f64;
        out.wait.push(wait / n);
        out.cold.push(cold as f64 / n);
        out.wait_for_setup.push(in_setup as f64 / n);
        out.billed.push(1.0 - off / (t - start_t));
    }
    out
}

/// Mean and standard error of batch means.
fn mean_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    (m, (var / n).sqrt())
}

#[test]
fn closed_form_matches_monte_carlo() {
    const K: f64 = 4.5;
    let cases = [
        // Welch (τ = 0), exponential and deterministic.
        (0.5, Dist::Exp(1.0), Dist::Exp(2.0), 0.0),
        (0.4, Dist::Det(1.5), Dist::Det(3.0), 0.0),
        // Keep-alive comparable to the gaps between arrivals.
        (0.6, Dist::Det(0.8), Dist::Det(3.0), 1.0),
        (1.0, Dist::Exp(0.5), Dist::Unif(0.5, 2.5), 2.0),
        (0.2, Dist::Unif(1.0, 3.0), Dist::Exp(4.0), 3.0),
        (0.85, Dist::Exp(1.0), Dist::Exp(1.0), 0.5),
        // Rare cold starts: p = e^{-4}.
        (0.5, Dist::Exp(1.0), Dist::Exp(5.0), 8.0),
        // τ large: p = e^{-40}, Pollaczek–Khinchine.
        (0.5, Dist::Exp(1.0), Dist::Exp(5.0), 80.0),
    ];
    for (i, &(lambda, x, s, tau)) in cases.iter().enumerate() {
        let th = setup_keep_alive(&params(lambda, x, s, tau)).unwrap();
        let mc = simulate(lambda, x, s, tau, 1000 + i as u64);
        let checks = [
            ("wait", &mc.wait, th.mean_wait_s),
            ("p_cold", &mc.cold, th.p_cold_start),
            ("p_wait_for_setup", &mc.wait_for_setup, th.p_wait_for_setup),
            ("billed", &mc.billed, th.billed_fraction),
        ];
        for (name, batches, expected) in checks {
            let (m, se) = mean_se(batches);
            let z = if se > 0.0 { (m - expected) / se } else { 0.0 };
            eprintln!(
                "case {i} (λ={lambda}, X={x:?}, S={s:?}, τ={tau}) {name}: \
                 theory {expected:.6} mc {m:.6} ± {se:.6} (z = {z:+.2})"
            );
            assert!(
                (m - expected).abs() <= K * se + 1e-12,
                "case {i} {name}: theory {expected} vs mc {m} ± {se}"
            );
        }
    }
}
