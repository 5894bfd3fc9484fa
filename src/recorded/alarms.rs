//! `describe-alarms` (`MetricAlarms`) and `describe-alarm-history` (state changes).

use super::{Origin, UtcMicros};

/// One `MetricAlarms[*]` entry: the fields the importer needs, and the whole object.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRecord {
    /// Where it was read.
    pub origin: Origin,
    /// `AlarmName`.
    pub name: String,
    /// `MetricName` (absent for metric-math alarms).
    pub metric_name: Option<String>,
    /// `Namespace`.
    pub namespace: Option<String>,
    /// `Statistic` (or `ExtendedStatistic`, e.g. `p99`).
    pub statistic: Option<String>,
    /// `Dimensions` as (`Name`, `Value`).
    pub dimensions: Vec<(String, String)>,
    /// `Period`, seconds.
    pub period_s: Option<u32>,
    /// `EvaluationPeriods`.
    pub evaluation_periods: Option<u32>,
    /// `DatapointsToAlarm` (absent means = EvaluationPeriods).
    pub datapoints_to_alarm: Option<u32>,
    /// `Threshold`.
    pub threshold: Option<f64>,
    /// `ComparisonOperator`.
    pub comparison_operator: Option<String>,
    /// `TreatMissingData`.
    pub treat_missing_data: Option<String>,
    /// `AlarmActions` (policy ARNs, SNS topics).
    pub alarm_actions: Vec<String>,
    /// `ActionsEnabled`.
    pub actions_enabled: Option<bool>,
    /// `StateValue` when exported.
    pub state: Option<String>,
    /// The object as printed, for the importer to read as a `PutMetricAlarm`.
    pub raw: serde_json::Value,
}

impl AlarmRecord {
    /// Whether this is one of the alarms target tracking creates
    /// (`TargetTracking-<ResourceId>-AlarmHigh-<uuid>` / `-AlarmLow-`), and which.
    pub fn hidden_role(&self) -> Option<HiddenRole> {
        if !self.name.starts_with("TargetTracking-") {
            return None;
        }
        if self.name.contains("-AlarmHigh-") {
            Some(HiddenRole::High)
        } else if self.name.contains("-AlarmLow-") {
            Some(HiddenRole::Low)
        } else {
            None
        }
    }
}

/// Which hidden alarm of a target tracking policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiddenRole {
    /// The scale-out alarm.
    High,
    /// The scale-in alarm.
    Low,
}

/// One `StateUpdate` of `describe-alarm-history`.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmTransition {
    /// Where it was read.
    pub origin: Origin,
    /// `AlarmName`.
    pub alarm: String,
    /// `Timestamp`.
    pub time: UtcMicros,
    /// `HistoryData.oldState.stateValue` (`OK`, `ALARM`, `INSUFFICIENT_DATA`).
    pub from: String,
    /// `HistoryData.newState.stateValue`.
    pub to: String,
}
