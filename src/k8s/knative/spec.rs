//! `[policy] kind = "knative"`: [`KnativeSpec`], its Knative `config-autoscaler` defaults
//! and its validation.

use crate::error::At;
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// Smallest target per pod (`autoscaling.TargetMin`).
pub(super) const TARGET_MIN: f64 = 0.01;

fn d(s: f64) -> Duration {
    Duration::from_secs(s)
}
fn default_utilization() -> f64 {
    0.7
}
fn default_stable_window() -> Duration {
    d(60.0)
}
fn default_panic_window_percentage() -> f64 {
    10.0
}
fn default_panic_threshold_percentage() -> f64 {
    200.0
}
fn default_max_scale_up_rate() -> f64 {
    1000.0
}
fn default_max_scale_down_rate() -> f64 {
    2.0
}
fn default_grace() -> Duration {
    d(30.0)
}
fn zero_s() -> Duration {
    d(0.0)
}
fn default_tick() -> Duration {
    d(2.0)
}
fn default_tbc() -> f64 {
    211.0
}

/// `[policy] kind = "knative"`: the Knative Pod Autoscaler on concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnativeSpec {
    /// Soft concurrency target per pod (`autoscaling.knative.dev/target`); capped at the
    /// instance's slots (`containerConcurrency`). Default: the slots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Fraction of the target to aim at (`container-concurrency-target-percentage` / 100;
    /// default 0.7; more than 0, at most 1).
    #[serde(default = "default_utilization")]
    pub target_utilization: f64,
    /// Window of the stable average (default "60s"; 6s to 1h).
    #[serde(default = "default_stable_window")]
    pub stable_window: Duration,
    /// Panic window as a percentage of the stable window (default 10; 1 to 100).
    #[serde(default = "default_panic_window_percentage")]
    pub panic_window_percentage: f64,
    /// Panic when the panic-window count reaches this percentage of the ready pods
    /// (default 200; 110 to 1000).
    #[serde(default = "default_panic_threshold_percentage")]
    pub panic_threshold_percentage: f64,
    /// At most this many times the ready pods per decision (default 1000; more than 1).
    #[serde(default = "default_max_scale_up_rate")]
    pub max_scale_up_rate: f64,
    /// At least the ready pods divided by this per decision (default 2; more than 1).
    #[serde(default = "default_max_scale_down_rate")]
    pub max_scale_down_rate: f64,
    /// Longest wait for the activator before removing the last pod (default "30s"; 6s to
    /// 1h).
    #[serde(default = "default_grace")]
    pub scale_to_zero_grace_period: Duration,
    /// Least time the last pod stays after the PA goes inactive (default "0s"; 0s to 1h).
    #[serde(default = "zero_s")]
    pub scale_to_zero_pod_retention_period: Duration,
    /// Scale down to the maximum desired count over this window (default "0s"; 0s to 1h).
    #[serde(default = "zero_s")]
    pub scale_down_delay: Duration,
    /// Time between decisions (default "2s"; more than 0s, at most the stable window).
    #[serde(default = "default_tick")]
    pub tick_interval: Duration,
    /// Spare concurrency to keep before taking the activator out of the path (default 211;
    /// 0 = only at zero pods, −1 = always in the path).
    #[serde(default = "default_tbc")]
    pub target_burst_capacity: f64,
}

impl Default for KnativeSpec {
    fn default() -> Self {
        KnativeSpec {
            target: None,
            target_utilization: default_utilization(),
            stable_window: default_stable_window(),
            panic_window_percentage: default_panic_window_percentage(),
            panic_threshold_percentage: default_panic_threshold_percentage(),
            max_scale_up_rate: default_max_scale_up_rate(),
            max_scale_down_rate: default_max_scale_down_rate(),
            scale_to_zero_grace_period: default_grace(),
            scale_to_zero_pod_retention_period: zero_s(),
            scale_down_delay: zero_s(),
            tick_interval: default_tick(),
            target_burst_capacity: default_tbc(),
        }
    }
}

/// A numeric field: name, value, what is allowed (as a test and in words).
type NumberRule = (&'static str, f64, fn(f64) -> bool, &'static str);

impl KnativeSpec {
    /// Every problem, as issues at `at` (normally `policy`) and its sub-fields.
    pub fn validate(&self, at: &mut At) {
        if let Some(t) = self.target {
            let allowed = "allowed 0.01 or more (requests per pod)";
            at.field("target")
                .number_where(t, |x| x >= TARGET_MIN, allowed);
        }
        for (f, x, ok, allowed) in self.numbers() {
            at.field(f).number_where(x, ok, allowed);
        }
        for (f, d, min_s, max_s) in self.durations() {
            at.field(f).duration_in(d, min_s, max_s);
        }
        let max_tick = self.stable_window.secs().clamp(0.0, 3600.0);
        at.field("tick_interval")
            .period_in_whole_seconds(self.tick_interval, max_tick);
        let allowed = "allowed -1 (activator always in the path) or 0 or more";
        at.field("target_burst_capacity").number_where(
            self.target_burst_capacity,
            |x| x == -1.0 || x >= 0.0,
            allowed,
        );
    }

    /// The numeric fields with their rules (Knative's `config-autoscaler` validation).
    fn numbers(&self) -> [NumberRule; 5] {
        [
            (
                "target_utilization",
                self.target_utilization,
                |x| x > 0.0 && x <= 1.0,
                "allowed more than 0, at most 1 (e.g. 0.7)",
            ),
            (
                "panic_window_percentage",
                self.panic_window_percentage,
                |x| (1.0..=100.0).contains(&x),
                "allowed 1 to 100",
            ),
            (
                "panic_threshold_percentage",
                self.panic_threshold_percentage,
                |x| (110.0..=1000.0).contains(&x),
                "allowed 110 to 1000",
            ),
            (
                "max_scale_up_rate",
                self.max_scale_up_rate,
                |x| x > 1.0,
                "allowed more than 1",
            ),
            (
                "max_scale_down_rate",
                self.max_scale_down_rate,
                |x| x > 1.0,
                "allowed more than 1",
            ),
        ]
    }

    /// The duration fields with their ranges in seconds.
    fn durations(&self) -> [(&'static str, Duration, f64, f64); 4] {
        [
            ("stable_window", self.stable_window, 6.0, 3600.0),
            (
                "scale_to_zero_grace_period",
                self.scale_to_zero_grace_period,
                6.0,
                3600.0,
            ),
            (
                "scale_to_zero_pod_retention_period",
                self.scale_to_zero_pod_retention_period,
                0.0,
                3600.0,
            ),
            ("scale_down_delay", self.scale_down_delay, 0.0, 3600.0),
        ]
    }
}
