//! SageMaker asynchronous endpoint (the default platform): one FIFO queue in front of a
//! fleet of billed instances sized by the scaling policy. A request that finds no capacity
//! waits in the queue (up to the request TTL) for a cold start. Publishes the backlog
//! metrics (ApproximateBacklogSize…). See `docs/aws-semantics.md` and the main README.

use super::{Admit, PlatformRules};
use crate::endpoint::fleet::Fleet;
use crate::metrics::EndpointMetric;
use crate::scenario::raw::PolicySpec;

/// The metrics an asynchronous endpoint publishes.
pub const PUBLISHED: &[EndpointMetric] = &EndpointMetric::ASYNC;

/// The shortest `[endpoint] request_ttl`: an async endpoint's `RequestTTLSeconds` is at
/// least 60 s (docs/aws-semantics.md §3.5).
pub const MIN_REQUEST_TTL_S: f64 = 60.0;

/// The asynchronous endpoint (no settings, no state of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SagemakerAsync;

impl PlatformRules for SagemakerAsync {
    #[inline]
    fn admit(&self, fleet: &Fleet) -> Admit {
        let nothing_in_service = fleet.counts().in_service == 0;
        Admit::Queue {
            cold: nothing_in_service,
            poke_policy: nothing_in_service,
        }
    }
}

/// Kubernetes autoscalers do not scale a SageMaker endpoint.
pub fn policy_mismatch(policy: &PolicySpec) -> Option<String> {
    policy.is_kubernetes().then(|| {
        "hpa, keda and knative scale Kubernetes Deployments; set [platform] kind = \"kubernetes\""
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimTime;

    #[test]
    fn queues_and_pokes_the_policy_only_at_zero() {
        let mut fleet = Fleet::new(1);
        let zero = Admit::Queue {
            cold: true,
            poke_policy: true,
        };
        assert_eq!(SagemakerAsync.admit(&fleet), zero);
        let r = fleet.launch(SimTime::ZERO);
        fleet.mark_in_service(r, SimTime::ZERO);
        assert_eq!(
            SagemakerAsync.admit(&fleet),
            Admit::Queue {
                cold: false,
                poke_policy: false
            }
        );
        assert!(policy_mismatch(&PolicySpec::Fixed).is_none());
    }
}
