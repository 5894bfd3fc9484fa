//! `[metrics]`: its raw form as written (how the endpoint's CloudWatch metrics are sampled
//! and published) and its validation into the engine's `MetricsConfig`.

use crate::error::Issues;
use crate::metrics::minute::{PerInstanceDenominator, TtFromZero};
use crate::sim::MetricsConfig;
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// `[metrics]`: how the endpoint's CloudWatch metrics are sampled and published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetrics {
    /// Interval between gauge samples within a minute (default 10s).
    #[serde(default = "default_sample_interval")]
    pub sample_interval: Duration,
    /// Delay from the end of a minute until its datapoint reaches the policy (docs/aws-semantics.md
    /// §0.2, `metric_delay_s`; default 60s).
    #[serde(default = "default_metric_delay")]
    pub metric_delay: Duration,
    /// ApproximateBacklogSizePerInstance at 0 InService instances (docs/aws-semantics.md §1.6):
    /// `backlog_as_metric` (default) or `no_data`.
    #[serde(default)]
    pub tt_from_zero: TtFromZero,
    /// What ApproximateBacklogSizePerInstance divides by (docs/aws-semantics.md §3.2): `in_service`
    /// (default) or `in_service_and_pending`.
    #[serde(default)]
    pub per_instance_denominator: PerInstanceDenominator,
}

impl Default for RawMetrics {
    fn default() -> Self {
        RawMetrics {
            sample_interval: default_sample_interval(),
            metric_delay: default_metric_delay(),
            tt_from_zero: TtFromZero::default(),
            per_instance_denominator: PerInstanceDenominator::default(),
        }
    }
}

fn default_sample_interval() -> Duration {
    Duration::from_secs(10.0)
}
fn default_metric_delay() -> Duration {
    Duration::from_secs(60.0)
}

/// Check `[metrics]`: a sample interval of 1s..60s that divides a minute, a delay of at
/// most an hour.
pub fn validate_metrics(m: &RawMetrics, issues: &mut Issues) -> MetricsConfig {
    let mut at = issues.at("metrics");
    let mut interval = at.field("sample_interval");
    interval.duration_in(m.sample_interval, 1.0, 60.0);
    let micros = m.sample_interval.to_sim().0;
    if micros > 0 && 60_000_000 % micros != 0 {
        interval.push(format!(
            "{} does not divide a minute evenly; use e.g. 1s, 5s, 10s, 15s, 30s or 60s",
            m.sample_interval
        ));
    }
    at.field("metric_delay")
        .duration_in(m.metric_delay, 0.0, 3_600.0);
    MetricsConfig {
        sample_interval: m.sample_interval.to_sim(),
        publish_delay: m.metric_delay.to_sim(),
        tt_from_zero: m.tt_from_zero,
        per_instance_denominator: m.per_instance_denominator,
    }
}
