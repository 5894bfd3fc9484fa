//! `describe-endpoint-config.json` and `describe-endpoint.json`: the endpoint as SageMaker
//! describes it, its counts at the end of the run.

use super::{ids, object, Ctx, Out};
use crate::recorded::UtcMicros;
use crate::sim::observer::ActivityStatus;
use serde_json::{json, Value};
use std::io;

const DAY_US: i64 = 86_400_000_000;
const MINUTE_US: i64 = 60_000_000;

/// Write both files.
pub(super) fn write(cx: &Ctx<'_>, out: &mut Out<'_>) -> io::Result<()> {
    let cmd = cx.commands();
    out.json(
        "describe-endpoint-config.json",
        &endpoint_config(cx),
        &cmd.endpoint_config(),
    )?;
    out.json("describe-endpoint.json", &endpoint(cx), &cmd.endpoint())
}

/// `<endpoint>-config`.
pub(super) fn config_name(cx: &Ctx<'_>) -> String {
    format!("{}-config", cx.endpoint)
}

/// The endpoint was created a day before the run; its configuration just before.
fn created(cx: &Ctx<'_>) -> UtcMicros {
    UtcMicros(cx.rec.start.0 - DAY_US)
}

/// `aws sagemaker describe-endpoint-config`.
fn endpoint_config(cx: &Ctx<'_>) -> Value {
    let ep = &cx.scenario().sim.endpoint;
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    let name = config_name(cx);
    let variant = object([
        ("VariantName", json!(cx.variant)),
        ("ModelName", json!(format!("{}-model", cx.endpoint))),
        ("InitialInstanceCount", json!(1)),
        ("InstanceType", json!(ep.instance_type)),
        ("InitialVariantWeight", json!(1.0)),
    ]);
    Value::Object(object([
        ("EndpointConfigName", json!(name)),
        (
            "EndpointConfigArn",
            json!(ids::sagemaker_arn(
                region,
                account,
                "endpoint-config",
                &name
            )),
        ),
        ("ProductionVariants", json!([variant])),
        ("AsyncInferenceConfig", async_config(cx)),
        (
            "CreationTime",
            cx.time(UtcMicros(created(cx).0 - 5 * MINUTE_US)),
        ),
    ]))
}

/// `AsyncInferenceConfig`: the concurrency per instance, where results go, and the SNS
/// topics when notifications are written.
fn async_config(cx: &Ctx<'_>) -> Value {
    let ep = &cx.scenario().sim.endpoint;
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    let mut output = object([(
        "S3OutputPath",
        json!(format!(
            "s3://{}/{}/output",
            ids::bucket(region, account),
            cx.endpoint
        )),
    )]);
    if cx.opts.notifications {
        let topic = |t: &str| ids::sns_arn(region, account, &format!("{}-{t}", cx.endpoint));
        output.insert(
            "NotificationConfig".into(),
            json!({ "SuccessTopic": topic("success"), "ErrorTopic": topic("error") }),
        );
    }
    json!({
        "ClientConfig": {
            "MaxConcurrentInvocationsPerInstance": ep.max_concurrent_invocations_per_instance
        },
        "OutputConfig": output,
    })
}

/// `aws sagemaker describe-endpoint` at the end of the run.
fn endpoint(cx: &Ctx<'_>) -> Value {
    let (region, account) = (&cx.opts.region, &cx.opts.account_id);
    let (current, desired) = cx.trace().minutes.last().map_or_else(
        || {
            let c = cx.scenario().sim.capacity.initial;
            (c, c)
        },
        |m| (m.record.in_service, m.record.desired),
    );
    let variant = object([
        ("VariantName", json!(cx.variant)),
        ("CurrentWeight", json!(1.0)),
        ("DesiredWeight", json!(1.0)),
        ("CurrentInstanceCount", json!(current)),
        ("DesiredInstanceCount", json!(desired)),
    ]);
    Value::Object(object([
        ("EndpointName", json!(cx.endpoint)),
        (
            "EndpointArn",
            json!(ids::sagemaker_arn(
                region,
                account,
                "endpoint",
                &cx.endpoint
            )),
        ),
        ("EndpointConfigName", json!(config_name(cx))),
        ("ProductionVariants", json!([variant])),
        ("EndpointStatus", json!("InService")),
        ("AsyncInferenceConfig", async_config(cx)),
        ("CreationTime", cx.time(created(cx))),
        ("LastModifiedTime", cx.time(last_modified(cx))),
    ]))
}

/// The last capacity change (Application Auto Scaling updates the endpoint), or when the
/// new endpoint came InService.
fn last_modified(cx: &Ctx<'_>) -> UtcMicros {
    let in_service = UtcMicros(created(cx).0 + 10 * MINUTE_US);
    cx.trace()
        .activities
        .iter()
        .filter(|a| a.status != ActivityStatus::NotScaled && a.from != a.to)
        .map(|a| cx.utc(a.end.unwrap_or(a.start)))
        .fold(in_service, UtcMicros::max)
}
