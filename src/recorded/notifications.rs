//! The success/error notifications an asynchronous endpoint sends to SNS, one per request
//! (`receivedTime` = arrival, `eventTime` = completion): an exact arrival trace.
//!
//! Also owns reading them ([`parse`]): JSON lines or a JSON list, each bare or wrapped in an
//! SNS envelope (`"Message"`) or an SQS message (`"Body"`).

use super::detect::Doc;
use super::json::{self, Obj};
use super::UtcMicros;
use crate::error::Issue;
use serde_json::Value;
use std::path::Path;

/// `invocationStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvocationStatus {
    /// `Completed`.
    Completed,
    /// `Failed`.
    Failed,
}

/// One notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// `receivedTime`: when the endpoint received the request.
    pub received: UtcMicros,
    /// `eventTime`: when it completed or failed.
    pub event: UtcMicros,
    /// `invocationStatus`.
    pub status: InvocationStatus,
    /// `requestParameters.endpointName`.
    pub endpoint_name: Option<String>,
    /// `inferenceId`.
    pub inference_id: Option<String>,
    /// `failureReason`.
    pub failure_reason: Option<String>,
}

/// One notification read, with where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The notification.
    pub notification: Notification,
    /// The file and `line 7` (JSON lines) or `[6]` (a JSON list).
    pub origin: super::Origin,
}

/// How deep SQS/SNS wrappers are unwrapped (SQS `Body` → SNS `Message` → notification).
const MAX_WRAPPING: usize = 3;

/// Whether `v` is a notification, bare or wrapped in an SNS envelope
/// (`{"Type": "Notification", "Message": "<json>"}`) or an SQS message (`"Body"`).
pub fn looks_like(v: &Value) -> bool {
    let mut path = String::new();
    matches!(unwrap(v, &mut path, &mut Vec::new()), Some(n) if is_bare(&n))
}

fn is_bare(v: &Value) -> bool {
    v.get("invocationStatus").is_some()
        || (v.get("receivedTime").is_some() && v.get("eventTime").is_some())
}

/// The notification inside `v` (itself if bare); `path` gets `.Body` / `.Message` for
/// each wrapper opened. A wrapper whose text is not JSON is an issue.
fn unwrap(v: &Value, path: &mut String, issues: &mut Vec<Issue>) -> Option<Value> {
    let mut cur = v.clone();
    for _ in 0..MAX_WRAPPING {
        if is_bare(&cur) {
            return Some(cur);
        }
        let key = if cur.get("Type").and_then(Value::as_str) == Some("Notification") {
            "Message"
        } else if cur.get("Body").is_some() {
            "Body"
        } else {
            return Some(cur);
        };
        *path = json::join(path, key);
        let Some(text) = cur.get(key).and_then(Value::as_str) else {
            issues.push(Issue::new(
                path.clone(),
                "expected the notification as JSON text",
            ));
            return None;
        };
        match serde_json::from_str::<Value>(text) {
            Ok(inner) => cur = inner,
            Err(e) => {
                issues.push(Issue::new(
                    path.clone(),
                    format!(
                        "not a JSON notification: {}",
                        json::strip_position(&e.to_string())
                    ),
                ));
                return None;
            }
        }
    }
    Some(cur)
}

/// Every notification of a file: JSON lines (origins `line N`) or a JSON list (`[i]`),
/// each bare or wrapped.
pub fn parse(file: &Path, doc: &Doc, issues: &mut Vec<Issue>) -> Vec<Received> {
    let mut out = Vec::new();
    let mut one = |path: String, v: &Value, issues: &mut Vec<Issue>| {
        if let Some(n) = parse_one(v, &path, issues) {
            out.push(Received {
                notification: n,
                origin: super::Origin {
                    file: file.to_path_buf(),
                    path,
                },
            });
        }
    };
    match doc {
        Doc::Lines(lines) => {
            for (number, line) in lines {
                let path = format!("line {number}");
                match line {
                    Ok(v) => one(path, v, issues),
                    Err(message) => issues.push(Issue::new(path, message.clone())),
                }
            }
        }
        Doc::Json(Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                one(json::at("", i), v, issues);
            }
        }
        Doc::Json(v) => one(String::new(), v, issues),
    }
    out
}

fn parse_one(v: &Value, path: &str, issues: &mut Vec<Issue>) -> Option<Notification> {
    let mut inner_path = path.to_string();
    let n = unwrap(v, &mut inner_path, issues)?;
    let o = Obj::of(&n, inner_path, issues)?;
    let before = issues.len();
    let received = o.req_time("receivedTime", issues);
    let event = o.req_time("eventTime", issues);
    let status = match o.req_str("invocationStatus", issues) {
        Some("Completed") => Some(InvocationStatus::Completed),
        Some("Failed") => Some(InvocationStatus::Failed),
        Some(other) => {
            issues.push(Issue::new(
                o.path_of("invocationStatus"),
                format!("{} is not Completed or Failed", json::shown(other)),
            ));
            None
        }
        None => None,
    };
    let endpoint_name = o
        .obj("requestParameters", issues)
        .and_then(|p| p.str("endpointName", issues).map(str::to_string));
    let inference_id = o.str("inferenceId", issues).map(str::to_string);
    let failure_reason = o.str("failureReason", issues).map(str::to_string);
    if issues.len() > before {
        return None;
    }
    Some(Notification {
        received: received?,
        event: event?,
        status: status?,
        endpoint_name,
        inference_id,
        failure_reason,
    })
}
