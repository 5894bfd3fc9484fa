//! Closed-form queueing results that the simulator is checked against.
//!
//! - Erlang C for M/M/c (probability of waiting, mean wait): Kleinrock, *Queueing Systems*
//!   Vol. 1 (1975), eq. 3.40–3.42.
//! - Pollaczek–Khinchine mean wait for M/G/1: `Wq = λ·E[S²] / (2(1 − ρ))`.
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

#[cfg(test)]
mod tests {
    use super::*;

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
