//! `describe-alarms` (`MetricAlarms`) and `describe-alarm-history` (state changes): the
//! records and their reading ([`parse_alarms`], [`parse_history`]).

use super::json::{self, Obj};
use super::{Origin, UtcMicros};
use crate::error::Issue;
use serde_json::Value;
use std::path::Path;

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

/// Top-level timestamp members of a `MetricAlarms[*]` object, made UTC text in
/// [`AlarmRecord::raw`].
pub const ALARM_TIME_KEYS: &[&str] = &[
    "AlarmConfigurationUpdatedTimestamp",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
];

/// The states of an alarm.
pub const STATES: &[&str] = &["OK", "ALARM", "INSUFFICIENT_DATA"];

impl AlarmRecord {
    /// The endpoint this alarm watches, when it can be told: its `EndpointName`
    /// dimension, else the endpoint in a target tracking alarm's name.
    pub fn endpoint(&self) -> Option<&str> {
        self.dimensions
            .iter()
            .find(|(n, _)| n == "EndpointName")
            .map(|(_, v)| v.as_str())
            .or_else(|| endpoint_of_alarm_name(&self.name))
    }
}

/// The endpoint of a target tracking alarm name
/// (`TargetTracking-endpoint/<endpoint>/variant/<variant>-AlarmHigh-<uuid>`).
pub fn endpoint_of_alarm_name(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("TargetTracking-endpoint/")?;
    let (endpoint, _) = rest.split_once("/variant/")?;
    Some(endpoint).filter(|e| !e.is_empty())
}

/// The metric alarms of a `describe-alarms` output; a non-empty `CompositeAlarms` gets
/// one warning (composite alarms do not invoke scaling policies of a variant here).
pub fn parse_alarms(
    file: &Path,
    doc: &Value,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<String>,
) -> Vec<AlarmRecord> {
    let Some(top) = Obj::of(doc, "", issues) else {
        return Vec::new();
    };
    let composite = top.list("CompositeAlarms", issues);
    if !composite.is_empty() {
        warnings.push(format!(
            "{}: CompositeAlarms: {} composite alarm(s) ignored; scalesim reads metric \
             alarms (MetricAlarms)",
            file.display(),
            composite.len()
        ));
    }
    top.list("MetricAlarms", issues)
        .into_iter()
        .filter_map(|(path, v)| parse_alarm(file, path, v, issues))
        .collect()
}

fn parse_alarm(
    file: &Path,
    path: String,
    v: &Value,
    issues: &mut Vec<Issue>,
) -> Option<AlarmRecord> {
    let o = Obj::of(v, path.clone(), issues)?;
    let before = issues.len();
    let name = o.req_str("AlarmName", issues);
    let statistic = o
        .str("Statistic", issues)
        .or_else(|| o.str("ExtendedStatistic", issues))
        .map(str::to_string);
    let state = o.str("StateValue", issues).map(str::to_string);
    let mut raw = v.clone();
    json::normalise_times(&mut raw, &path, ALARM_TIME_KEYS, issues);
    let record = AlarmRecord {
        origin: Origin {
            file: file.to_path_buf(),
            path: path.clone(),
        },
        name: name.unwrap_or_default().to_string(),
        metric_name: o.str("MetricName", issues).map(str::to_string),
        namespace: o.str("Namespace", issues).map(str::to_string),
        statistic,
        dimensions: o.dimensions("Dimensions", issues),
        period_s: o.u32("Period", issues),
        evaluation_periods: o.u32("EvaluationPeriods", issues),
        datapoints_to_alarm: o.u32("DatapointsToAlarm", issues),
        threshold: o.f64("Threshold", issues),
        comparison_operator: o.str("ComparisonOperator", issues).map(str::to_string),
        treat_missing_data: o.str("TreatMissingData", issues).map(str::to_string),
        alarm_actions: o.strings("AlarmActions", issues),
        actions_enabled: o.bool("ActionsEnabled", issues),
        state,
        raw,
    };
    (issues.len() == before).then_some(record)
}

/// One `StateUpdate` item of `describe-alarm-history`, with its `HistorySummary` (part
/// of the key that drops the duplicates of overlapping pages).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The transition.
    pub transition: AlarmTransition,
    /// `HistorySummary`.
    pub summary: String,
}

impl HistoryEntry {
    /// (alarm, timestamp, type, summary): equal for the same item on two pages.
    pub fn key(&self) -> (&str, UtcMicros, &str, &str) {
        (
            &self.transition.alarm,
            self.transition.time,
            "StateUpdate",
            &self.summary,
        )
    }
}

/// The `StateUpdate` items of a `describe-alarm-history` output (other item types are
/// skipped).
pub fn parse_history(file: &Path, doc: &Value, issues: &mut Vec<Issue>) -> Vec<HistoryEntry> {
    let Some(top) = Obj::of(doc, "", issues) else {
        return Vec::new();
    };
    top.req_list("AlarmHistoryItems", issues)
        .into_iter()
        .filter_map(|(path, v)| {
            let o = Obj::of(v, path, issues)?;
            if o.req_str("HistoryItemType", issues)? != "StateUpdate" {
                return None;
            }
            parse_state_update(file, &o, issues)
        })
        .collect()
}

fn parse_state_update(file: &Path, o: &Obj<'_>, issues: &mut Vec<Issue>) -> Option<HistoryEntry> {
    let before = issues.len();
    let alarm = o.req_str("AlarmName", issues);
    let time = o.req_time("Timestamp", issues);
    let summary = o.str("HistorySummary", issues).unwrap_or_default();
    let states = o
        .req_str("HistoryData", issues)
        .and_then(|text| history_states(text, &o.path_of("HistoryData"), issues));
    if issues.len() > before {
        return None;
    }
    let (from, to) = states?;
    Some(HistoryEntry {
        transition: AlarmTransition {
            origin: Origin {
                file: file.to_path_buf(),
                path: o.path.clone(),
            },
            alarm: alarm?.to_string(),
            time: time?,
            from,
            to,
        },
        summary: summary.to_string(),
    })
}

/// `oldState.stateValue` and `newState.stateValue` of a `HistoryData` JSON string.
fn history_states(text: &str, path: &str, issues: &mut Vec<Issue>) -> Option<(String, String)> {
    let expected = "expected the JSON text describe-alarm-history prints, \
                    {\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"OK\",...},\
                    \"newState\":{\"stateValue\":\"ALARM\",...}}";
    let data: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            issues.push(Issue::new(
                path,
                format!(
                    "not valid JSON ({}); {expected}",
                    json::strip_position(&e.to_string())
                ),
            ));
            return None;
        }
    };
    let state = |which: &str, issues: &mut Vec<Issue>| -> Option<String> {
        let s = data
            .get(which)
            .and_then(|s| s.get("stateValue"))
            .and_then(Value::as_str);
        match s {
            Some(s) if STATES.contains(&s) => Some(s.to_string()),
            Some(s) => {
                issues.push(Issue::new(
                    path,
                    format!(
                        "{which}.stateValue {} is not OK, ALARM or INSUFFICIENT_DATA",
                        json::shown(s)
                    ),
                ));
                None
            }
            None => {
                issues.push(Issue::new(
                    path,
                    format!("has no {which}.stateValue; {expected}"),
                ));
                None
            }
        }
    };
    let from = state("oldState", issues);
    let to = state("newState", issues);
    Some((from?, to?))
}
