//! The Kubernetes autoscalers driven by the engine end to end, on timelines worked out by
//! hand from the upstream rules (see src/k8s/*.rs for the rules and their sources).

use crate::common::{by_id, run_collect, scenario_with};
use scalesim::sim::observer::{ActivityStatus, Collect};

fn changes(c: &Collect) -> Vec<(f64, u32, u32)> {
    c.activities
        .iter()
        .filter(|a| a.status != ActivityStatus::NotScaled)
        .map(|a| (a.start.as_secs_f64(), a.from, a.to))
        .collect()
}

const BASE: &str = r#"
horizon = "15m"
[[arrivals]]
kind = "burst"
at = "10s"
count = 1
[service]
kind = "deterministic"
value = "10s"
[platform]
kind = "kubernetes"
[endpoint]
instance_type = "pod"
price_per_instance_hour = 1.0
request_ttl = "1h"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "60s" }
[capacity]
min = 0
max = 10
"#;

/// KEDA polls every 30 s: the request queued at 10 s activates the Deployment at the 30 s
/// poll (0 → 1); the pod is ready at 90 s (the poll at 90 s runs before, so it still sees
/// the request: last active at 90 s) and serves it by 100 s. The step to 0 waits for the
/// cooldown: the first poll strictly after 90 + 300 s is at 420 s.
#[test]
fn keda_activates_at_a_poll_and_returns_to_zero_after_the_cooldown() {
    let sc = scenario_with(BASE, &["policy={kind=\"keda\"}"]);
    let (_, c) = run_collect(&sc);
    assert_eq!(changes(&c), vec![(30.0, 0, 1), (420.0, 1, 0)]);
    let r = by_id(&c);
    assert_eq!(r[0].finish.as_secs_f64(), 100.0);
}

/// Knative's activator asks for a pod the moment a request finds none.
#[test]
fn knative_activator_launches_a_pod_at_once() {
    let sc = scenario_with(BASE, &["policy={kind=\"knative\"}"]);
    let (_, c) = run_collect(&sc);
    assert_eq!(changes(&c)[0], (10.0, 0, 1));
    let r = by_id(&c);
    assert_eq!(r[0].start.unwrap().as_secs_f64(), 70.0);
}

/// Forty 10-minute requests at 0 s on one pod (concurrency 1): at the 15 s sync the metric
/// is 40 per pod, so the HPA wants 40 but the default scale-up policies allow
/// max(2 × 1, 1 + 4) = 5; at 30 s (the 4 new pods still starting count as using 0) it
/// wants 40 again and may double to 10 = maxReplicas.
#[test]
fn hpa_scale_up_is_limited_by_the_default_policies() {
    let sc = scenario_with(
        BASE,
        &[
            "arrivals[0].at=\"0s\"",
            "arrivals[0].count=40",
            "service.value=\"10m\"",
            "endpoint.cold_start.provisioning.value=\"30s\"",
            "capacity.min=1",
            "policy={kind=\"hpa\", target=1.0}",
        ],
    );
    let (_, c) = run_collect(&sc);
    let ch = changes(&c);
    assert_eq!(&ch[..2], &[(15.0, 1, 5), (30.0, 5, 10)]);
}

/// The HPA cannot start from zero replicas: capacity.min = 0 is refused with advice.
#[test]
fn hpa_with_zero_min_replicas_is_refused() {
    let text = format!("{BASE}\n[policy]\nkind = \"hpa\"\n");
    let err = scalesim::scenario::from_text(
        &text,
        std::path::Path::new("hpa.toml"),
        std::path::Path::new("."),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("capacity.min") && err.contains("keda"),
        "{err}"
    );
}
