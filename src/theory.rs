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
#[path = "theory_tests.rs"]
mod tests;

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
#[path = "theory_keep_alive_tests.rs"]
mod setup_keep_alive_tests;
