//! CloudWatch: `describe-alarms` (the hidden alarms of each target tracking policy exactly
//! as Application Auto Scaling creates them, and each step policy's alarm, all with the
//! settings the simulation evaluated and their state at the end of the run) and
//! `describe-alarm-history` (one `StateUpdate` per change of state).
//!
//! Every alarm starts in `INSUFFICIENT_DATA` at the start of the run; a state reported for
//! minute `m` took effect at the end of that minute. The reasons are written in
//! CloudWatch's words from the datapoints the alarm could see then (the newest minute
//! being `metrics.metric_delay` old); for periods over a minute the minutes are combined.
//! The transitions, reasons and end states are in `reasons` (`alarms/reasons.rs`); this file
//! assembles the two documents.

use super::{ids, number, object, Ctx, Out};
use crate::aws::alarm::{AlarmConfig, AlarmState};
use crate::aws::export::{ENDPOINT_DIMENSION, METRIC_NAMESPACE};
use crate::metrics::EndpointMetric;
use crate::recorded::UtcMicros;
use serde::Serialize;
use serde_json::{json, Value};
use std::io;

mod reasons;

use reasons::{
    effective, end_state, reason, transitions, Reason, ReasonData, Transition, INITIAL_REASON,
};

/// One alarm of the simulated scaling.
struct AlarmInfo<'a> {
    /// What the simulation evaluated.
    config: &'a AlarmConfig,
    /// Its metric, if the endpoint publishes it.
    metric: Option<EndpointMetric>,
    /// The policy it invokes.
    policy: &'a str,
    /// A step alarm's `put-metric-alarm` request (`None` for hidden alarms).
    request: Option<&'a Value>,
}

/// The alarms of the scaling: each target tracking policy's AlarmHigh and AlarmLow, then
/// each step policy's alarm.
fn alarm_infos<'a>(cx: &'a Ctx<'_>) -> Vec<AlarmInfo<'a>> {
    let Some(aas) = cx.aas() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for tt in &aas.target_tracking {
        for config in std::iter::once(&tt.high).chain(tt.low.as_ref()) {
            out.push(AlarmInfo {
                config,
                metric: tt.metric,
                policy: &tt.name,
                request: None,
            });
        }
    }
    for s in &aas.step {
        let request = cx
            .export
            .alarms
            .iter()
            .find(|r| r.get("AlarmName").and_then(Value::as_str) == Some(&s.alarm.name));
        out.push(AlarmInfo {
            config: &s.alarm,
            metric: s.metric,
            policy: &s.name,
            request,
        });
    }
    out
}

/// Write `describe-alarms.json` and the alarm history (when the scaling has alarms).
pub(super) fn write(cx: &Ctx<'_>, out: &mut Out<'_>) -> io::Result<()> {
    let infos = alarm_infos(cx);
    if infos.is_empty() {
        return Ok(());
    }
    let cmd = cx.commands();
    let mut alarms: Vec<(&str, Value)> = infos
        .iter()
        .map(|i| (i.config.name.as_str(), metric_alarm(cx, i)))
        .collect();
    alarms.sort_by(|a, b| a.0.cmp(b.0));
    let alarms: Vec<Value> = alarms.into_iter().map(|(_, v)| v).collect();
    let doc = json!({ "MetricAlarms": alarms, "CompositeAlarms": [] });
    out.json("describe-alarms.json", &doc, &cmd.alarms())?;
    let history = history(cx, &infos);
    out.paged_list(
        cx,
        "describe-alarm-history",
        "AlarmHistoryItems",
        history,
        &cmd.alarm_history(),
    )
}

/// `MetricName`, `Namespace` and `Dimensions` of the metric a target tracking policy
/// tracks, from its `put-scaling-policy` request.
fn tracked_metric(cx: &Ctx<'_>, info: &AlarmInfo<'_>) -> (Value, Value, Value) {
    let endpoint_dims = || json!([{ "Name": ENDPOINT_DIMENSION, "Value": cx.endpoint }]);
    let config = cx
        .export
        .policies
        .iter()
        .find(|p| p.get("PolicyName").and_then(Value::as_str) == Some(info.policy))
        .and_then(|p| p.get("TargetTrackingScalingPolicyConfiguration"));
    let fallback = info.metric.map_or("", EndpointMetric::name);
    if let Some(m) = config.and_then(|c| c.get("CustomizedMetricSpecification")) {
        let get = |k: &str| m.get(k).cloned();
        return (
            get("MetricName").unwrap_or_else(|| json!(fallback)),
            get("Namespace").unwrap_or_else(|| json!(METRIC_NAMESPACE)),
            get("Dimensions").unwrap_or_else(endpoint_dims),
        );
    }
    let predefined = config
        .and_then(|c| c.get("PredefinedMetricSpecification"))
        .and_then(|p| p.get("PredefinedMetricType"))
        .and_then(Value::as_str);
    if predefined == Some("SageMakerVariantInvocationsPerInstance") {
        let dims = json!([
            { "Name": ENDPOINT_DIMENSION, "Value": cx.endpoint },
            { "Name": "VariantName", "Value": cx.variant },
        ]);
        return (
            json!("InvocationsPerInstance"),
            json!(METRIC_NAMESPACE),
            dims,
        );
    }
    (
        json!(predefined.unwrap_or(fallback)),
        json!(METRIC_NAMESPACE),
        endpoint_dims(),
    )
}

/// One `MetricAlarms[*]` entry.
fn metric_alarm(cx: &Ctx<'_>, info: &AlarmInfo<'_>) -> Value {
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    let c = info.config;
    let policy_arn = cx.policy_arn(info.policy);
    let (metric, namespace, dimensions, description) = match info.request {
        None => {
            let (m, n, d) = tracked_metric(cx, info);
            let text =
                format!("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {policy_arn}.");
            (m, n, d, Some(json!(text)))
        }
        Some(r) => {
            let get = |k: &str| r.get(k).cloned();
            (
                get("MetricName")
                    .unwrap_or_else(|| json!(info.metric.map_or("", EndpointMetric::name))),
                get("Namespace").unwrap_or_else(|| json!(METRIC_NAMESPACE)),
                get("Dimensions").unwrap_or_else(|| json!([])),
                get("AlarmDescription"),
            )
        }
    };
    let end = end_state(cx, info);
    let since = cx.time(end.since);
    let mut a = object([
        ("AlarmName", json!(c.name)),
        ("AlarmArn", json!(ids::alarm_arn(region, account, &c.name))),
    ]);
    if let Some(d) = description {
        a.insert("AlarmDescription".into(), d);
    }
    a.extend(object([
        (
            "AlarmConfigurationUpdatedTimestamp",
            cx.time(cx.setup_time()),
        ),
        ("ActionsEnabled", json!(true)),
        ("OKActions", json!([])),
        ("AlarmActions", json!([policy_arn])),
        ("InsufficientDataActions", json!([])),
        ("StateValue", json!(end.state.as_str())),
        ("StateReason", json!(end.reason.text)),
    ]));
    if let Some(data) = &end.reason.data {
        if let Ok(text) = serde_json::to_string(data) {
            a.insert("StateReasonData".into(), json!(text));
        }
    }
    a.extend(object([
        ("StateUpdatedTimestamp", since.clone()),
        ("MetricName", metric),
        ("Namespace", namespace),
        ("Statistic", json!(c.statistic)),
        ("Dimensions", dimensions),
        ("Period", json!(c.period_s)),
        ("EvaluationPeriods", json!(c.evaluation_periods)),
        ("DatapointsToAlarm", json!(c.datapoints_to_alarm)),
        ("Threshold", number(c.threshold).unwrap_or(Value::Null)),
        ("ComparisonOperator", json!(c.comparison)),
        ("TreatMissingData", json!(c.treat_missing)),
        ("StateTransitionedTimestamp", since),
    ]));
    Value::Object(a)
}

/// `HistoryData` of a `StateUpdate`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct HistoryData<'a> {
    version: &'static str,
    old_state: StateDoc<'a>,
    new_state: StateDoc<'a>,
}

/// `oldState` / `newState` of `HistoryData`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StateDoc<'a> {
    state_value: &'static str,
    state_reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_reason_data: Option<&'a ReasonData>,
}

fn state_doc(state: AlarmState, r: &Reason) -> StateDoc<'_> {
    StateDoc {
        state_value: state.as_str(),
        state_reason: &r.text,
        state_reason_data: r.data.as_ref(),
    }
}

/// Every state change of every alarm of the trace, newest first.
fn history(cx: &Ctx<'_>, infos: &[AlarmInfo<'_>]) -> Vec<Value> {
    let mut items: Vec<(UtcMicros, usize, Value)> = Vec::new();
    for (i, name) in cx.trace().alarm_names.iter().enumerate() {
        let info = infos.iter().find(|a| a.config.name == *name);
        let mut old = Reason {
            text: INITIAL_REASON.into(),
            data: None,
        };
        for t in transitions(cx, i) {
            let new = reason(cx, info, t);
            let at = effective(cx, t.minute);
            items.push((at, i, history_item(cx, name, at, t, &old, &new)));
            old = new;
        }
    }
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    items.into_iter().map(|(_, _, v)| v).collect()
}

/// One `AlarmHistoryItems[*]` entry.
fn history_item(
    cx: &Ctx<'_>,
    alarm: &str,
    at: UtcMicros,
    t: Transition,
    old: &Reason,
    new: &Reason,
) -> Value {
    let data = HistoryData {
        version: "1.0",
        old_state: state_doc(t.from, old),
        new_state: state_doc(t.to, new),
    };
    let (from, to) = (t.from.as_str(), t.to.as_str());
    Value::Object(object([
        ("AlarmName", json!(alarm)),
        ("AlarmType", json!("MetricAlarm")),
        ("Timestamp", cx.time(at)),
        ("HistoryItemType", json!("StateUpdate")),
        (
            "HistorySummary",
            json!(format!("Alarm updated from {from} to {to}")),
        ),
        (
            "HistoryData",
            json!(serde_json::to_string(&data).unwrap_or_default()),
        ),
    ]))
}
