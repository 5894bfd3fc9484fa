//! Overload: with far more arrivals than capacity, the request TTL bounds the backlog.

use crate::common::{assert_conservation, run_seed, scenario};

#[test]
fn overload_backlog_is_bounded_by_ttl() {
    let rate: f64 = 5.0;
    let ttl_s: f64 = 60.0;
    let sc = scenario(
        r#"
        seed = 11
        horizon = "2h"
        [[arrivals]]
        kind = "poisson"
        rate_per_s = 5.0
        [service]
        kind = "deterministic"
        value = "10s"
        [endpoint]
        max_concurrent_invocations_per_instance = 1
        request_ttl = "60s"
        [capacity]
        min = 1
        max = 1
        [policy]
        kind = "fixed"
        "#,
    );
    let (s, c) = run_seed(&sc, sc.seed());
    assert_conservation(&s);
    assert!(s.requests.expired > 0, "{:?}", s.requests);
    assert!(s.requests.completed > 0, "{:?}", s.requests);
    // Capacity is 0.1 req/s: nearly everything expires.
    assert!(
        s.requests.expired > s.requests.completed * 10,
        "{:?}",
        s.requests
    );
    let peak = c.minutes.iter().map(|m| m.queued).max().unwrap_or(0);
    // A request waits at most the TTL, so the queue holds at most the arrivals of the last
    // TTL: Poisson with mean rate × TTL = 300; six standard deviations of margin.
    let mean = rate * ttl_s;
    let bound = mean + 6.0 * mean.sqrt();
    assert!(
        f64::from(peak) <= bound,
        "peak backlog {peak} above {bound}"
    );
    assert!(
        f64::from(peak) >= mean * 0.8,
        "peak backlog {peak} suspiciously low"
    );
}
