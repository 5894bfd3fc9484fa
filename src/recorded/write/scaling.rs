//! Application Auto Scaling: `describe-scalable-targets`, `describe-scaling-policies`,
//! `describe-scheduled-actions` (from the scenario's `put-*` requests of `aws::export`,
//! with what AWS adds: ARNs, creation times, a policy's alarms) and
//! `describe-scaling-activities` (from the run's activities).

use super::{ids, object, Ctx, Out};
use crate::aws::export::{SCALABLE_DIMENSION, SERVICE_NAMESPACE};
use crate::recorded::UtcMicros;
use crate::sim::observer::{ActivityRecord, ActivityStatus};
use serde_json::{json, Map, Value};
use std::io;

/// Write the scalable target and, under Application Auto Scaling, its policies and
/// scheduled actions (the latter only when there are any).
pub(super) fn write_setup(cx: &Ctx<'_>, out: &mut Out<'_>) -> io::Result<()> {
    let cmd = cx.commands();
    let targets = json!({ "ScalableTargets": [scalable_target(cx)] });
    out.json(
        "describe-scalable-targets.json",
        &targets,
        &cmd.scalable_targets(),
    )?;
    if cx.aas().is_none() {
        return Ok(());
    }
    let policies = json!({ "ScalingPolicies": scaling_policies(cx) });
    out.json(
        "describe-scaling-policies.json",
        &policies,
        &cmd.scaling_policies(),
    )?;
    let actions = scheduled_actions(cx);
    if !actions.is_empty() {
        let doc = json!({ "ScheduledActions": actions });
        out.json(
            "describe-scheduled-actions.json",
            &doc,
            &cmd.scheduled_actions(),
        )?;
    }
    Ok(())
}

/// `request[key]`, or `default`.
fn member(request: Option<&Value>, key: &str, default: Value) -> Value {
    request.and_then(|r| r.get(key)).cloned().unwrap_or(default)
}

/// The registered target as `describe-scalable-targets` lists it.
fn scalable_target(cx: &Ctx<'_>) -> Value {
    let r = cx.export.register.as_ref();
    let cap = cx.scenario().sim.capacity;
    let suspended = r.and_then(|r| r.get("SuspendedState"));
    let flag = |k: &str| member(suspended, k, json!(false));
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    Value::Object(object([
        (
            "ServiceNamespace",
            member(r, "ServiceNamespace", json!(SERVICE_NAMESPACE)),
        ),
        ("ResourceId", member(r, "ResourceId", json!(cx.resource_id))),
        (
            "ScalableDimension",
            member(r, "ScalableDimension", json!(SCALABLE_DIMENSION)),
        ),
        ("MinCapacity", member(r, "MinCapacity", json!(cap.min))),
        ("MaxCapacity", member(r, "MaxCapacity", json!(cap.max))),
        ("RoleARN", json!(ids::scaling_role_arn(account))),
        ("CreationTime", cx.time(cx.setup_time())),
        (
            "SuspendedState",
            Value::Object(object([
                (
                    "DynamicScalingInSuspended",
                    flag("DynamicScalingInSuspended"),
                ),
                (
                    "DynamicScalingOutSuspended",
                    flag("DynamicScalingOutSuspended"),
                ),
                (
                    "ScheduledScalingSuspended",
                    flag("ScheduledScalingSuspended"),
                ),
            ])),
        ),
        (
            "ScalableTargetARN",
            json!(ids::scalable_target_arn(region, account, &cx.resource_id)),
        ),
    ]))
}

/// The names of the alarms of the policy called `name`: a target tracking policy's two
/// hidden ones (one with `DisableScaleIn`), a step policy's own.
pub(super) fn policy_alarms(cx: &Ctx<'_>, name: &str) -> Vec<String> {
    let Some(aas) = cx.aas() else {
        return Vec::new();
    };
    if let Some(tt) = aas.target_tracking.iter().find(|t| t.name == name) {
        return std::iter::once(&tt.high)
            .chain(tt.low.as_ref())
            .map(|a| a.name.clone())
            .collect();
    }
    aas.step
        .iter()
        .filter(|s| s.name == name)
        .map(|s| s.alarm.name.clone())
        .collect()
}

/// Each `put-scaling-policy` request with its `PolicyARN`, `Alarms` and `CreationTime`.
fn scaling_policies(cx: &Ctx<'_>) -> Vec<Value> {
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    cx.export
        .policies
        .iter()
        .map(|request| {
            let name = request
                .get("PolicyName")
                .and_then(Value::as_str)
                .unwrap_or("");
            let mut p = object([("PolicyARN", json!(cx.policy_arn(name)))]);
            p.extend(request.as_object().cloned().unwrap_or_default());
            let alarms: Vec<Value> = policy_alarms(cx, name)
                .into_iter()
                .map(|a| json!({ "AlarmARN": ids::alarm_arn(region, account, &a), "AlarmName": a }))
                .collect();
            p.insert("Alarms".into(), Value::Array(alarms));
            p.insert("CreationTime".into(), cx.time(cx.setup_time()));
            Value::Object(p)
        })
        .collect()
}

/// Each `put-scheduled-action` request with its ARN and `CreationTime`, its start and end
/// as timestamps.
fn scheduled_actions(cx: &Ctx<'_>) -> Vec<Value> {
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    cx.export
        .scheduled
        .iter()
        .map(|request| {
            let name = request
                .get("ScheduledActionName")
                .and_then(Value::as_str)
                .unwrap_or("");
            let arn = ids::scheduled_action_arn(region, account, &cx.resource_id, name);
            let mut a = Map::new();
            for (k, v) in request.as_object().into_iter().flatten() {
                let v = match k.as_str() {
                    "StartTime" | "EndTime" => timestamp(cx, v),
                    _ => v.clone(),
                };
                a.insert(k.clone(), v);
                if k == "ScheduledActionName" {
                    a.insert("ScheduledActionARN".into(), json!(arn));
                }
            }
            a.insert("CreationTime".into(), cx.time(cx.setup_time()));
            Value::Object(a)
        })
        .collect()
}

/// A request's timestamp (text or epoch seconds) in the output style; kept as written if
/// it cannot be read.
fn timestamp(cx: &Ctx<'_>, v: &Value) -> Value {
    let secs = match v {
        Value::String(t) => crate::aws::schedule::parse_timestamp(t).ok(),
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    secs.filter(|s| s.is_finite()).map_or_else(
        || v.clone(),
        |s| cx.time(UtcMicros((s * 1e6).round() as i64)),
    )
}

/// The run's activities as `describe-scaling-activities --include-not-scaled-activities`
/// lists them, newest first. Activities that change nothing (and are not refusals) are
/// left out.
pub(super) fn activities(cx: &Ctx<'_>) -> Vec<Value> {
    let mut listed: Vec<(usize, &ActivityRecord)> = cx
        .trace()
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == ActivityStatus::NotScaled || a.from != a.to)
        .collect();
    listed.sort_by(|(i, a), (j, b)| b.start.cmp(&a.start).then(j.cmp(i)));
    listed
        .into_iter()
        .map(|(i, a)| activity(cx, i, a))
        .collect()
}

/// One activity; `index` is its place in the trace (its `ActivityId` comes from it).
fn activity(cx: &Ctx<'_>, index: usize, a: &ActivityRecord) -> Value {
    let id = ids::uuid(&["activity", &cx.resource_id, &index.to_string()]);
    let (description, status, message) = match a.status {
        ActivityStatus::NotScaled => (
            "Attempting to scale due to alarm triggered".to_string(),
            "Failed",
            format!("Failed to set desired instance count to {}", a.to),
        ),
        ActivityStatus::Successful | ActivityStatus::InProgress => (
            format!("Setting desired instance count to {}.", a.to),
            if a.status == ActivityStatus::Successful {
                "Successful"
            } else {
                "InProgress"
            },
            format!(
                "Successfully set desired instance count to {}. Change successfully \
                 fulfilled by {SERVICE_NAMESPACE}.",
                a.to
            ),
        ),
    };
    let mut v = object([
        ("ActivityId", json!(id)),
        ("ServiceNamespace", json!(SERVICE_NAMESPACE)),
        ("ResourceId", json!(cx.resource_id)),
        ("ScalableDimension", json!(SCALABLE_DIMENSION)),
        ("Description", json!(description)),
        ("Cause", json!(a.cause)),
        ("StartTime", cx.time(cx.utc(a.start))),
    ]);
    if let Some(end) = a.end {
        v.insert("EndTime".into(), cx.time(cx.utc(end)));
    }
    v.insert("StatusCode".into(), json!(status));
    v.insert("StatusMessage".into(), json!(message));
    if let (ActivityStatus::NotScaled, Some(reason)) = (a.status, a.not_scaled_reason) {
        v.insert("NotScaledReasons".into(), json!([not_scaled(a, reason)]));
    }
    Value::Object(v)
}

/// `NotScaledReasons[0]`: the code and the capacities it refers to.
fn not_scaled(a: &ActivityRecord, reason: crate::policy::NotScaledReason) -> Value {
    use crate::policy::NotScaledReason as R;
    let mut r = object([("Code", json!(reason.code()))]);
    match reason {
        R::AlreadyAtMaxCapacity => {
            r.insert("MaxCapacity".into(), json!(a.from));
        }
        R::AlreadyAtMinCapacity => {
            r.insert("MinCapacity".into(), json!(a.from));
        }
        _ => {}
    }
    r.insert("CurrentCapacity".into(), json!(a.from));
    Value::Object(r)
}
