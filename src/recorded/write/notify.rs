//! `notifications.jsonl`: the SNS message an asynchronous endpoint sends for every request
//! that completed (to its SuccessTopic) or failed (ErrorTopic), one JSON object a line in
//! order of completion, with times in ISO 8601 UTC with milliseconds as SageMaker sends
//! them. Expired requests send none.

use super::{ids, Ctx, Out};
use crate::sim::observer::{Outcome, RequestRecord};
use serde::Serialize;
use std::io;

/// One notification, members in SageMaker's order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification<'a> {
    aws_region: &'a str,
    event_time: String,
    received_time: String,
    invocation_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure_reason: Option<String>,
    request_parameters: RequestParameters<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_parameters: Option<ResponseParameters>,
    inference_id: String,
    event_version: &'static str,
    event_source: &'static str,
    event_name: &'static str,
}

/// `requestParameters`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestParameters<'a> {
    accept: &'static str,
    endpoint_name: &'a str,
    input_location: String,
}

/// `responseParameters` (completed requests).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseParameters {
    content_type: &'static str,
    output_location: String,
}

/// Write `notifications.jsonl` (the trace must hold its requests).
pub(super) fn write(cx: &Ctx<'_>, out: &mut Out<'_>) -> io::Result<()> {
    let Some(requests) = &cx.trace().requests else {
        return Err(super::invalid(
            "notifications need every request of the run".into(),
        ));
    };
    let mut done: Vec<&RequestRecord> = requests
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Completed | Outcome::Failed))
        .collect();
    done.sort_by_key(|r| (r.finish, r.id));
    let mut text = String::new();
    for r in done {
        text += &serde_json::to_string(&notification(cx, r)).map_err(io::Error::other)?;
        text.push('\n');
    }
    let cmd = cx.commands().notifications();
    out.bytes("notifications.jsonl", text.as_bytes(), &cmd)
}

/// The notification of request `r`.
fn notification<'a>(cx: &'a Ctx<'_>, r: &RequestRecord) -> Notification<'a> {
    let bucket = ids::bucket(&cx.opts.region, &cx.opts.account_id);
    let id = ids::uuid(&["inference", &cx.endpoint, &r.id.to_string()]);
    let completed = r.outcome == Outcome::Completed;
    let timeout_s = cx.scenario().sim.endpoint.invocation_timeout.as_secs_f64();
    Notification {
        aws_region: &cx.opts.region,
        event_time: cx.utc(r.finish).iso(),
        received_time: cx.utc(r.arrival).iso(),
        invocation_status: if completed { "Completed" } else { "Failed" },
        failure_reason: (!completed).then(|| {
            format!(
                "ClientError: The model did not respond within the invocation timeout \
                 ({timeout_s} seconds)."
            )
        }),
        request_parameters: RequestParameters {
            accept: "application/json",
            endpoint_name: &cx.endpoint,
            input_location: format!("s3://{bucket}/{}/input/{}.json", cx.endpoint, r.id),
        },
        response_parameters: completed.then(|| ResponseParameters {
            content_type: "application/json",
            output_location: format!("s3://{bucket}/{}/output/{id}.out", cx.endpoint),
        }),
        inference_id: id,
        event_version: "1.0",
        event_source: "aws:sagemaker",
        event_name: "InferenceResult",
    }
}
