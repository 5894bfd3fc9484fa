//! The replica calculator (`replica_calculator.go`): a metric's proposal from the ready and
//! unready pods, for the pod metrics and the External per-pod metric.

use super::{HpaMetric, Proposal};
use crate::k8s::{ceil_count, num, reading};
use crate::policy::LiveInput;

/// `calcPlainMetricReplicas` / `GetResourceReplicas` with `ready` pods sharing `ready_total`
/// and `unready` pods (no missing-metric pods). `ready` must be > 0.
pub(crate) fn plain_metric_replicas(
    current: u32,
    ready: u32,
    unready: u32,
    ready_total: f64,
    target: f64,
    tolerance: f64,
) -> u32 {
    let ready_f = f64::from(ready.max(1));
    let ratio = ready_total / ready_f / target;
    if !(unready > 0 && ratio > 1.0) {
        if (1.0 - ratio).abs() <= tolerance {
            return current;
        }
        return ceil_count(ratio * ready_f);
    }
    let pods = ready_f + f64::from(unready);
    let new_ratio = ready_total / pods / target;
    if (1.0 - new_ratio).abs() <= tolerance || new_ratio < 1.0 {
        return current;
    }
    let replicas = ceil_count(new_ratio * pods);
    if replicas < current {
        return current;
    }
    replicas
}

/// `GetExternalPerPodMetricReplicas`: `usage` in total against `target` per pod, with
/// `pods` replicas in status.
pub(crate) fn external_per_pod_replicas(pods: u32, usage: f64, target: f64, tol: f64) -> u32 {
    if pods == 0 {
        return ceil_count(usage / target);
    }
    let ratio = usage / (target * f64::from(pods));
    if (1.0 - ratio).abs() > tol {
        ceil_count(usage / target)
    } else {
        pods
    }
}

/// Pods that exist (ready or starting); the desired count when there are none yet.
pub(crate) fn status_replicas(input: &LiveInput) -> u32 {
    let c = input.capacity;
    match c.in_service.saturating_add(c.pending) {
        0 => c.desired,
        n => n,
    }
}

/// The proposal of `metric` at `target` for this input (`None`: no ready pod to measure).
pub(super) fn metric_proposal(
    metric: HpaMetric,
    target: f64,
    tol: f64,
    input: &LiveInput,
) -> Option<Proposal> {
    let c = input.capacity;
    let ready = c.in_service;
    let total = reading(input.mean_in_flight) + reading(input.mean_queued);
    match metric {
        HpaMetric::Concurrency => {
            if ready == 0 {
                return None;
            }
            let replicas = plain_metric_replicas(c.desired, ready, c.pending, total, target, tol);
            let per_pod = total / f64::from(ready);
            Some(Proposal {
                replicas,
                what: format!("concurrency {}/{}", num(per_pod), num(target)),
            })
        }
        HpaMetric::Utilization => {
            if ready == 0 {
                return None;
            }
            let slots = f64::from(ready) * f64::from(input.slots_per_instance.max(1));
            let util = (reading(input.mean_in_flight) / slots * 100.0).min(100.0);
            let replicas = plain_metric_replicas(
                c.desired,
                ready,
                c.pending,
                util * f64::from(ready),
                target,
                tol,
            );
            Some(Proposal {
                replicas,
                what: format!("utilization {}%/{}%", num(util), num(target)),
            })
        }
        HpaMetric::Backlog => {
            let replicas = external_per_pod_replicas(status_replicas(input), total, target, tol);
            Some(Proposal {
                replicas,
                what: format!("backlog {} (target {}/pod)", num(total), num(target)),
            })
        }
    }
}
