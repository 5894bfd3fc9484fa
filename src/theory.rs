//! Closed-form queueing results that the simulator is checked against.
//!
//! - Erlang C for M/M/c (probability of waiting, mean wait): Kleinrock, *Queueing Systems*
//!   Vol. 1 (1975), eq. 3.40–3.42.
//! - Pollaczek–Khinchine mean wait for M/G/1: `Wq = λ·E[S²] / (2(1 − ρ))`.
//! - M/M/1 (FIFO) time in system: exponential with rate μ − λ (Kleinrock Vol. 1, eq. 3.26),
//!   so its q quantile is −ln(1 − q) / (μ − λ).
//!
//! All times are in seconds, rates per second. Functions return `None` outside the stable
//! region (ρ ≥ 1) or for meaningless inputs.

/// Probability that an arrival waits in an M/M/c queue (Erlang C), with arrival rate
/// `lambda`, service rate `mu` per server and `c` servers.
pub fn erlang_c(lambda: f64, mu: f64, c: u32) -> Option<f64> {
    if !(lambda > 0.0 && mu > 0.0 && c > 0) {
        return None;
    }
    let a = lambda / mu;
    let rho = a / f64::from(c);
    if rho >= 1.0 {
        return None;
    }
    // Sum a^k/k! iteratively to stay finite for large c.
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..c {
        term *= a / f64::from(k);
        sum += term;
    }
    let last = term * a / f64::from(c) / (1.0 - rho);
    Some(last / (sum + last))
}

/// Mean time in queue of an M/M/c system: `C(c, a) / (cμ − λ)`.
pub fn mmc_mean_wait(lambda: f64, mu: f64, c: u32) -> Option<f64> {
    erlang_c(lambda, mu, c).map(|pw| pw / (f64::from(c) * mu - lambda))
}

/// Mean time in queue of an M/G/1 system with service mean `mean_s` and coefficient of
/// variation `cv` (Pollaczek–Khinchine).
pub fn mg1_mean_wait(lambda: f64, mean_s: f64, cv: f64) -> Option<f64> {
    let rho = lambda * mean_s;
    if !(lambda > 0.0 && mean_s > 0.0 && cv >= 0.0) || rho >= 1.0 {
        return None;
    }
    let second_moment = mean_s * mean_s * (1.0 + cv * cv);
    Some(lambda * second_moment / (2.0 * (1.0 - rho)))
}

/// The `q` quantile (0 ≤ q < 1) of the time in system (wait + service) of a FIFO M/M/1
/// queue: `−ln(1 − q) / (μ − λ)`; p99 is `ln(100) / (μ − λ)`.
pub fn mm1_sojourn_quantile(lambda: f64, mu: f64, q: f64) -> Option<f64> {
    if !(lambda > 0.0 && mu > lambda && (0.0..1.0).contains(&q)) {
        return None;
    }
    Some(-(-q).ln_1p() / (mu - lambda))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm1_sojourn_p99_is_ln_100_over_the_rate_gap() {
        let p99 = mm1_sojourn_quantile(0.5, 1.0, 0.99).unwrap();
        assert!((p99 - 100f64.ln() / 0.5).abs() < 1e-12);
        // p90 of the case: ln(10) / 0.5 = 4.60517.
        assert!((mm1_sojourn_quantile(0.5, 1.0, 0.9).unwrap() - 4.605170).abs() < 1e-6);
        assert_eq!(mm1_sojourn_quantile(1.0, 1.0, 0.5), None);
        assert_eq!(mm1_sojourn_quantile(0.5, 1.0, 1.0), None);
    }

    #[test]
    fn mm1_reduces_to_rho_and_known_wait() {
        // M/M/1: P(wait) = ρ, Wq = ρ / (μ − λ).
        assert!((erlang_c(0.8, 1.0, 1).unwrap() - 0.8).abs() < 1e-12);
        assert!((mmc_mean_wait(0.8, 1.0, 1).unwrap() - 4.0).abs() < 1e-12);
    }

    #[test]
    fn erlang_c_matches_a_textbook_value() {
        // a = 2 Erlang on c = 3 servers: C = (8/6 · 3) / (1 + 2 + 2 + 4) = 4/9.
        assert!((erlang_c(2.0, 1.0, 3).unwrap() - 4.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn pk_agrees_with_mm1_when_cv_is_one() {
        let pk = mg1_mean_wait(0.8, 1.0, 1.0).unwrap();
        assert!((pk - mmc_mean_wait(0.8, 1.0, 1).unwrap()).abs() < 1e-12);
        // M/D/1 waits half as long as M/M/1.
        assert!((mg1_mean_wait(0.8, 1.0, 0.0).unwrap() - 2.0).abs() < 1e-12);
    }

    #[test]
    fn unstable_or_bad_inputs_give_none() {
        assert!(erlang_c(1.0, 1.0, 1).is_none());
        assert!(mg1_mean_wait(2.0, 1.0, 1.0).is_none());
        assert!(erlang_c(0.0, 1.0, 1).is_none());
    }
}

/// Inputs of [`setup_keep_alive`]: one server with Poisson arrivals, i.i.d. general service,
/// a general setup (cold start) and a deterministic keep-alive before turning off.
///
/// All times in seconds, the rate per second. Second moments are `E[X²]`, not variances.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SetupKeepAlive {
    /// Poisson arrival rate λ.
    pub arrival_rate: f64,
    /// Mean service time `E[X]`.
    pub service_mean: f64,
    /// Second moment of the service time `E[X²]` (≥ `E[X]²`).
    pub service_second_moment: f64,
    /// Mean setup (cold start) time `E[S]`; 0 for no setup.
    pub setup_mean: f64,
    /// Second moment of the setup time `E[S²]` (≥ `E[S]²`).
    pub setup_second_moment: f64,
    /// Keep-alive τ: how long an idle server stays on before turning off. 0 turns off at once
    /// (Welch's setup model); `f64::INFINITY` never turns off (plain M/G/1).
    pub keep_alive_s: f64,
}

/// Long-run results of [`setup_keep_alive`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SetupKeepAliveResult {
    /// Mean response time `E[T] = E[W] + E[X]`.
    pub mean_response_s: f64,
    /// Mean wait before service starts `E[W]` (includes waiting for a setup).
    pub mean_wait_s: f64,
    /// Fraction of requests that find the server off and so trigger a setup (cold start).
    /// Equals the long-run fraction of time the server is off (PASTA).
    pub p_cold_start: f64,
    /// Fraction of requests that arrive while the server is off or in setup, i.e. that wait
    /// for a cold start (the triggering request and those queued behind the setup).
    pub p_wait_for_setup: f64,
    /// Long-run fraction of time the server is on (setup, busy or idle within keep-alive):
    /// `1 − P(off) = 1 − p_cold_start`.
    pub billed_fraction: f64,
    /// Long-run fraction of time the server is in setup.
    pub setup_fraction: f64,
    /// Long-run fraction of time the server is on and idle (inside a keep-alive window).
    pub idle_on_fraction: f64,
    /// Probability `p = e^{−λτ}` that an idle period outlasts the keep-alive.
    pub p_turn_off: f64,
    /// Cold starts per second, `λ · p_cold_start`.
    pub cold_start_rate: f64,
}

/// Closed form of the M/G/1 queue with setup times and delayed turn-off (keep-alive τ), FCFS,
/// unlimited queue. Returns `None` for ρ = λE[X] ≥ 1 or invalid inputs (non-positive rate or
/// service mean, negative or non-finite setup moments, negative τ, second moments below the
/// squared mean, NaN).
///
/// # Model
/// When the queue empties the server stays on for τ. An arrival within τ is served at once
/// (warm). Otherwise the server turns off at the end of τ; the next arrival finds it off and
/// starts a setup of length S; arrivals during the setup queue; after the setup, service is
/// FCFS. τ = 0 is Welch's (1964) M/G/1 with setup (exceptional first service); τ = ∞ is the
/// M/G/1 queue. Gandhi, Harchol-Balter et al. call this policy "DelayedOff".
///
/// # Derivation
/// Let `p = e^{−λτ}`, the probability that the first arrival after a busy period comes later
/// than τ (the server turns off). The ends of busy periods are regeneration points; a cycle is
/// a *non-serving period* V (from the end of a busy period until service restarts) followed by
/// a busy period.
///
/// - **Wait.** By the Fuhrmann–Cooper decomposition (exhaustive service, Poisson arrivals,
///   FCFS), the number left behind by a departure is the M/G/1 number plus an independent
///   copy of the number present at a random instant of V, `N_V`. Since a departure leaves
///   `λT` customers on average, `E[T] = E[T_{M/G/1}] + E[N_V]/λ`. In V nobody is present
///   during the idle-on and off phases; during a setup there is the triggering request plus
///   the Poisson arrivals so far, so `E[∫_V N dt] = p(E[S] + λE[S²]/2)`. The time to the
///   first arrival after a busy period is Exp(λ) whatever τ, so `E[V] = 1/λ + pE[S]`. Hence
///
///   `E[W] = λE[X²] / (2(1 − ρ)) + p(2E[S] + λE[S²]) / (2(1 + pλE[S]))`.
///
///   At τ = 0 (p = 1) this is Welch's `(2E[S] + λE[S²]) / (2(1 + λE[S]))` extra term; as
///   τ → ∞ the extra term vanishes (Pollaczek–Khinchine).
/// - **Requests per cycle.** A warm cycle is an ordinary busy period, `1/(1 − ρ)` requests.
///   A cold cycle is a busy period whose first request has exceptional service `S + X`:
///   `1 + λ(E[S] + E[X])/(1 − ρ)` requests. Averaging with weights `1 − p`, `p`:
///   `E[N_cycle] = (1 + pλE[S]) / (1 − ρ)`, and `E[cycle] = E[N_cycle]/λ`.
/// - **Cold starts.** One per cold cycle: `P(cold) = p(1 − ρ) / (1 + pλE[S])`. The off time
///   per cycle is `p/λ`, so by PASTA `P(off) = (p/λ)/E[cycle] = P(cold)`.
/// - **Waiting for a setup.** Per cycle `p(1 + λE[S])` requests arrive while off or in setup:
///   `P(wait for setup) = p(1 + λE[S])(1 − ρ) / (1 + pλE[S])`.
/// - **Time fractions.** Busy ρ; setup `pλE[S](1 − ρ)/(1 + pλE[S])`; idle-on
///   (`E[min(A, τ)] = (1 − p)/λ` per cycle) `(1 − p)(1 − ρ)/(1 + pλE[S])`; off `P(cold)`.
///   They sum to 1. Billed (on) fraction `= 1 − P(cold)`.
///
/// References: P. D. Welch, "On a generalized M/G/1 queuing process in which the first
/// customer of each busy period receives exceptional service", Oper. Res. 12 (1964);
/// S. W. Fuhrmann and R. B. Cooper, "Stochastic decompositions in the M/G/1 queue with
/// generalized vacations", Oper. Res. 33 (1985); M. Harchol-Balter, *Performance Modeling
/// and Design of Computer Systems* (2013), ch. 27 exercises (ON/OFF = M/G/1/setup, and
/// "DelayedOff" with timer `t_wait` = τ); A. Gandhi and M. Harchol-Balter, "M/G/k with
/// exponential setup" (CMU tech. report): for exponential setup `E[T]` grows by exactly
/// `E[S]`, which is the τ = 0 case here with `E[S²] = 2E[S]²`. Checked by a Monte Carlo of
/// the single-server system in the unit tests.
pub fn setup_keep_alive(p: &SetupKeepAlive) -> Option<SetupKeepAliveResult> {
    let lambda = p.arrival_rate;
    let (ex, ex2) = (p.service_mean, p.service_second_moment);
    let (es, es2) = (p.setup_mean, p.setup_second_moment);
    let tau = p.keep_alive_s;
    // Allow rounding in E[X²] = E[X]² (deterministic times given as mean·mean).
    let moments_ok = |m: f64, m2: f64| m2.is_finite() && m2 >= m * m * (1.0 - 1e-9);
    let valid = lambda > 0.0
        && lambda.is_finite()
        && ex > 0.0
        && ex.is_finite()
        && moments_ok(ex, ex2)
        && es >= 0.0
        && es.is_finite()
        && moments_ok(es, es2)
        && tau >= 0.0; // rejects NaN; +∞ allowed
    if !valid {
        return None;
    }
    let rho = lambda * ex;
    if rho >= 1.0 {
        return None;
    }
    let p_off = (-lambda * tau).exp(); // 0 for τ = ∞
    let denom = 1.0 + p_off * lambda * es;
    let wait_mg1 = lambda * ex2 / (2.0 * (1.0 - rho));
    let wait_extra = p_off * (2.0 * es + lambda * es2) / (2.0 * denom);
    let mean_wait = wait_mg1 + wait_extra;
    let p_cold = p_off * (1.0 - rho) / denom;
    let p_wait_for_setup = p_off * (1.0 + lambda * es) * (1.0 - rho) / denom;
    let setup_fraction = p_off * lambda * es * (1.0 - rho) / denom;
    let idle_on_fraction = (1.0 - p_off) * (1.0 - rho) / denom;
    Some(SetupKeepAliveResult {
        mean_response_s: mean_wait + ex,
        mean_wait_s: mean_wait,
        p_cold_start: p_cold,
        p_wait_for_setup,
        billed_fraction: 1.0 - p_cold,
        setup_fraction,
        idle_on_fraction,
        p_turn_off: p_off,
        cold_start_rate: lambda * p_cold,
    })
}

#[cfg(test)]
mod setup_keep_alive_tests {
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
}
