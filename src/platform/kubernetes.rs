//! A Kubernetes Deployment scaled by HPA, KEDA or Knative (`docs/platforms/kubernetes.md`):
//! requests queue in front of the pods (a queue, or Knative's activator, which hears of
//! demand at zero at once), pods are billed like instances, and scale-in deletes Pending
//! (not-ready) pods before ready ones, as a ReplicaSet does. The backlog metrics are
//! published as a record of the queue; the autoscalers read the serving layer directly.

use super::{Admit, PlatformRules};
use crate::endpoint::fleet::Fleet;
use crate::metrics::EndpointMetric;
use crate::scenario::raw::PolicySpec;

/// The metrics recorded for a Deployment (the backlog metrics, as a record of the queue).
pub const PUBLISHED: &[EndpointMetric] = &EndpointMetric::ASYNC;

/// The shortest `[endpoint] request_ttl`: here it is how long a client waits in a queue, so
/// any positive time is allowed.
pub const MIN_REQUEST_TTL_S: f64 = 0.001;

/// A Deployment (no settings, no state of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kubernetes;

impl PlatformRules for Kubernetes {
    fn cancels_pending_first(&self) -> bool {
        true
    }

    #[inline]
    fn admit(&self, fleet: &Fleet) -> Admit {
        let nothing_in_service = fleet.counts().in_service == 0;
        Admit::Queue {
            cold: nothing_in_service,
            poke_policy: nothing_in_service,
        }
    }
}

/// Application Auto Scaling does not scale a Deployment.
pub fn policy_mismatch(policy: &PolicySpec) -> Option<String> {
    policy.is_aws().then(|| {
        "Application Auto Scaling does not scale a Kubernetes Deployment; use kind = \"hpa\", \"keda\" or \"knative\""
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletes_pending_pods_first_and_takes_no_aws_policy() {
        assert!(Kubernetes.cancels_pending_first());
        assert!(policy_mismatch(&PolicySpec::Fixed).is_none());
    }
}
