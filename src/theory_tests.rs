//! Tests of the Erlang C, Pollaczek–Khinchine and M/M/1 closed forms against known values
//! and each other.

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
