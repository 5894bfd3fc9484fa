//! The sizing check made before a run: can the scenario's largest fleet serve its mean
//! arrival rate at all? If not, queues grow without bound whatever the policy does, and the
//! run's latencies describe a broken endpoint; the user is told before it runs.

use crate::sim::SimConfig;

/// A warning when `max capacity × concurrency ÷ mean service time` is below the mean
/// arrival rate (utilisation ≥ 1 at full scale), or `None`. Scenarios whose service time
/// comes from a trace (no service distribution) or with no arrivals are not checked.
pub fn capacity_warning(sim: &SimConfig) -> Option<String> {
    let service = sim.service.as_ref()?;
    let mean_service_s = service.mean_secs();
    let arrival_rate: f64 = sim.arrivals.iter().map(|a| a.mean_rate_per_s()).sum();
    if !(mean_service_s > 0.0 && arrival_rate > 0.0) {
        return None;
    }
    let slots = f64::from(sim.capacity.max)
        * f64::from(sim.endpoint.max_concurrent_invocations_per_instance);
    let throughput = slots / mean_service_s;
    let utilisation = arrival_rate / throughput;
    (utilisation >= 1.0).then(|| {
        format!(
            "the maximum capacity cannot keep up with the traffic: {} instance(s) × {} \
             concurrent request(s) ÷ {:.3} s mean service time serve at most {:.4} requests/s, \
             but requests arrive at {:.4}/s on average (utilisation {:.0} % at full scale), so \
             the queue grows for as long as the traffic lasts; raise capacity.max or \
             endpoint.max_concurrent_invocations_per_instance",
            sim.capacity.max,
            sim.endpoint.max_concurrent_invocations_per_instance,
            mean_service_s,
            throughput,
            arrival_rate,
            utilisation * 100.0
        )
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const SCENARIO: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "poisson"
rate_per_s = 1.5
[service]
kind = "deterministic"
value = "2s"
[endpoint]
instance_type = "ml.g5.xlarge"
max_concurrent_invocations_per_instance = 1
[capacity]
initial = 2
min = 2
max = 2
[policy]
kind = "fixed"
"#;

    fn warnings(overrides: &[&str]) -> Vec<String> {
        let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        crate::scenario::from_text(SCENARIO, Path::new("s.toml"), Path::new("."), &overrides)
            .unwrap_or_else(|e| panic!("{e}"))
            .warnings
    }

    fn warns(overrides: &[&str]) -> bool {
        warnings(overrides)
            .iter()
            .any(|w| w.contains("cannot keep up"))
    }

    #[test]
    fn a_fleet_too_small_for_the_mean_rate_is_warned_about() {
        // 2 instances × 1 ÷ 2 s = 1 request/s < 1.5/s.
        let w = warnings(&[]);
        let text = w
            .iter()
            .find(|w| w.contains("cannot keep up"))
            .expect("warned");
        assert!(text.contains("utilisation 150 %"), "{text}");
        // 4 instances serve 2/s, or 2 instances with 2 requests each.
        assert!(!warns(&[
            "capacity.max=4",
            "capacity.initial=4",
            "capacity.min=4"
        ]));
        assert!(!warns(&[
            "endpoint.max_concurrent_invocations_per_instance=2"
        ]));
        // Exactly at capacity is still a queue that never settles.
        assert!(warns(&["arrivals[0].rate_per_s=1.0"]));
    }
}
