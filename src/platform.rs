//! The serving platforms scalesim models, as the engine needs them (validated, no serde).
//!
//! A platform decides three things the scaling policy does not:
//! - **admission** — what happens to a request that finds no capacity: it waits in a queue
//!   (SageMaker async, Kubernetes with a queue or an activator) or it is refused and the
//!   client may retry with backoff (SageMaker real-time with inference components);
//! - **dispatch** — whether requests share one FIFO queue served by a fleet sized by a
//!   policy, or each request that finds no idle instance gets a new one that lives on for a
//!   keep-alive time after its last request (Lambda, Cloud Run);
//! - **what is billed** — instances, or (inference components) the hosts that carry the
//!   model copies.
//!
//! The scenario format is in `crate::scenario::raw` (`[platform]`, `[client]`); the
//! behaviour is in `crate::sim`. Each platform has a page in `docs/platforms/`.

use crate::time::SimDuration;

/// Which platform a scenario models (for reports and for which metrics are published).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlatformKind {
    /// SageMaker asynchronous endpoint (the default).
    #[default]
    SagemakerAsync,
    /// SageMaker real-time endpoint with inference components (spec section 6).
    SagemakerRealtime,
    /// Lambda / Cloud Run style: an instance per request that finds none idle, kept warm.
    KeepAlive,
    /// A Kubernetes Deployment (scaled by HPA, KEDA or Knative).
    Kubernetes,
}

impl PlatformKind {
    /// The scenario-file name of the platform.
    pub fn name(self) -> &'static str {
        match self {
            PlatformKind::SagemakerAsync => "sagemaker_async",
            PlatformKind::SagemakerRealtime => "sagemaker_realtime",
            PlatformKind::KeepAlive => "keep_alive",
            PlatformKind::Kubernetes => "kubernetes",
        }
    }
}

/// Client retries of a refused request: attempt `k + 1` comes `backoff · multiplier^(k−1)`
/// (at most `max_backoff`) after attempt `k` was refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientRetry {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the second attempt.
    pub backoff: SimDuration,
    /// Growth of the wait from one retry to the next.
    pub multiplier: f64,
    /// Longest wait between attempts.
    pub max_backoff: SimDuration,
}

impl Default for ClientRetry {
    fn default() -> Self {
        ClientRetry {
            max_attempts: 1,
            backoff: SimDuration::from_secs(1),
            multiplier: 2.0,
            max_backoff: SimDuration::from_secs(60),
        }
    }
}

impl ClientRetry {
    /// The wait after the refused attempt number `attempt` (1-based), or `None` when the
    /// client gives up.
    pub fn wait_after(&self, attempt: u32) -> Option<SimDuration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let exp = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let secs = self.backoff.as_secs_f64() * self.multiplier.powi(exp);
        let capped = secs.min(self.max_backoff.as_secs_f64()).max(0.0);
        Some(SimDuration::from_secs_f64(capped))
    }
}

/// What happens to a request that finds no capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Admission {
    /// It waits in the FIFO queue (up to the request TTL).
    #[default]
    Queue,
    /// While no instance is InService it is refused (NoCapacityInvocationFailures) and the
    /// client may retry; otherwise it queues.
    RejectWithoutCapacity,
}

/// A keep-alive request that finds every instance busy and the instance cap reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AtLimit {
    /// It waits in the FIFO queue for the next free slot (Cloud Run, Lambda async).
    #[default]
    Queue,
    /// It is refused (throttled, like a synchronous Lambda invoke); the client may retry.
    Reject,
}

/// Lambda / Cloud Run style dispatch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeepAlive {
    /// How long an idle instance is kept before it is released (τ).
    pub keep_alive: SimDuration,
    /// Instances never released (provisioned concurrency / min instances).
    pub provisioned: u32,
    /// Most instances at once (reserved concurrency / max instances).
    pub max_instances: u32,
    /// What a request does at the cap.
    pub at_limit: AtLimit,
}

/// How requests reach instances.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Dispatch {
    /// One FIFO queue in front of a fleet sized by the scaling policy.
    #[default]
    Shared,
    /// An instance per request that finds none idle, released after a keep-alive time.
    KeepAlive(KeepAlive),
}

/// Instances carrying inference-component copies (SageMaker ManagedInstanceScaling, spec
/// 6.1, 6.6). The fleet's units are then copies; hosts are what is billed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HostConfig {
    /// Copies one instance holds.
    pub copies_per_host: u32,
    /// ManagedInstanceScaling MinInstanceCount.
    pub min_hosts: u32,
    /// ManagedInstanceScaling MaxInstanceCount.
    pub max_hosts: u32,
    /// Time to provision a new instance before a copy can load on it.
    pub launch: SimDuration,
    /// How long an instance without copies is kept before it is released.
    pub release_delay: SimDuration,
}

/// The platform as the engine needs it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PlatformConfig {
    /// Which platform.
    pub kind: PlatformKind,
    /// Requests without capacity.
    pub admission: Admission,
    /// How requests reach instances.
    pub dispatch: Dispatch,
    /// Hosts under the copies, for inference components.
    pub hosts: Option<HostConfig>,
    /// Client retries of refused requests.
    pub retry: ClientRetry,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_waits_grow_and_are_capped_and_stop() {
        let r = ClientRetry {
            max_attempts: 5,
            backoff: SimDuration::from_secs(10),
            multiplier: 2.0,
            max_backoff: SimDuration::from_secs(30),
        };
        let waits: Vec<f64> = (1..=5)
            .map(|a| r.wait_after(a).map_or(-1.0, |w| w.as_secs_f64()))
            .collect();
        assert_eq!(waits, vec![10.0, 20.0, 30.0, 30.0, -1.0]);
        assert_eq!(
            ClientRetry::default().wait_after(1),
            None,
            "default: no retry"
        );
    }
}
