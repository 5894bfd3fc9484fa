//! `[policy] kind = "hpa"`: [`HpaSpec`] and the [`HpaMetric`] it scales on, with their
//! validation.

use super::behavior::{default_tolerance, fifteen_s};
use super::{HpaBehaviorSpec, ScaleDownRules, ScaleUpRules};
use crate::error::At;
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// The metric an [`HpaSpec`] scales on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HpaMetric {
    /// Pods metric (AverageValue): mean `in_flight + queued` per ready pod over the sync
    /// interval — a queue-aware concurrency. Default.
    #[default]
    Concurrency,
    /// Resource-style utilization (AverageUtilization, percent): busy slots over the ready
    /// pods' slots, like CPU; at most 100.
    Utilization,
    /// External metric (AverageValue): total `in_flight + queued` (mean over the interval)
    /// against `target` per pod.
    Backlog,
}

impl HpaMetric {
    /// The name used in scenario files and cause strings.
    pub fn name(self) -> &'static str {
        match self {
            HpaMetric::Concurrency => "concurrency",
            HpaMetric::Utilization => "utilization",
            HpaMetric::Backlog => "backlog",
        }
    }

    /// The target used when `target` is not set: 70 (percent) for `utilization`, else 1.
    pub fn default_target(self) -> f64 {
        match self {
            HpaMetric::Utilization => 70.0,
            HpaMetric::Concurrency | HpaMetric::Backlog => 1.0,
        }
    }
}

/// `[policy] kind = "hpa"`: a HorizontalPodAutoscaler on one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaSpec {
    /// `concurrency` (default), `utilization` or `backlog`.
    #[serde(default)]
    pub metric: HpaMetric,
    /// Target per pod (> 0): requests for `concurrency` and `backlog`, percent for
    /// `utilization`. Default: 1 for `concurrency` and `backlog`, 70 for `utilization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// No change while `|ratio − 1| ≤ tolerance` (default 0.1; 0 or more).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Time between syncs; the first is at `sync_period` (default "15s").
    #[serde(default = "fifteen_s")]
    pub sync_period: Duration,
    /// Scale-up behaviour.
    #[serde(default)]
    pub scale_up: ScaleUpRules,
    /// Scale-down behaviour.
    #[serde(default)]
    pub scale_down: ScaleDownRules,
}

impl Default for HpaSpec {
    fn default() -> Self {
        let b = HpaBehaviorSpec::default();
        HpaSpec {
            metric: HpaMetric::default(),
            target: None,
            tolerance: b.tolerance,
            sync_period: b.sync_period,
            scale_up: b.scale_up,
            scale_down: b.scale_down,
        }
    }
}

impl HpaSpec {
    /// The target in use (`target`, or the metric's default).
    pub fn target_value(&self) -> f64 {
        self.target.unwrap_or(self.metric.default_target())
    }

    /// The controller settings (everything but the metric).
    pub fn behavior(&self) -> HpaBehaviorSpec {
        HpaBehaviorSpec {
            tolerance: self.tolerance,
            sync_period: self.sync_period,
            scale_up: self.scale_up.clone(),
            scale_down: self.scale_down.clone(),
        }
    }

    /// Every problem, as issues at `at` (normally `policy`) and its sub-fields.
    pub fn validate(&self, at: &mut At) {
        if let Some(t) = self.target {
            let allowed = match self.metric {
                HpaMetric::Utilization => "allowed more than 0 (percent of busy slots, e.g. 70)",
                _ => "allowed more than 0 (requests per pod, e.g. 1)",
            };
            at.field("target").number_where(t, |v| v > 0.0, allowed);
        }
        self.behavior().validate(at);
    }
}
