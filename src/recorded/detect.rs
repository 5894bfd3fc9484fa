//! Which AWS CLI output a file holds, recognised by its top-level keys.
//!
//! Owns [`classify`]: a file's text becomes one JSON document of a known [`FileKind`], or
//! JSON lines (notifications), or a syntax error, or "not a kind scalesim reads" with the
//! reason. The name of the file is never looked at.

use super::{notifications, FileKind};
use serde_json::{Map, Value};

/// The parsed content of a recognised file.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    /// One JSON document.
    Json(Value),
    /// JSON lines: (1-based line number, the line parsed or serde's message), blank lines
    /// left out.
    Lines(Vec<(usize, Result<Value, String>)>),
}

/// What a file's text is.
#[derive(Debug)]
pub enum Classified {
    /// A kind scalesim reads.
    Known(FileKind, Doc),
    /// Not an output scalesim reads: why.
    Unknown(String),
    /// JSON with a syntax error.
    Syntax(serde_json::Error),
}

/// Recognise `text` by its content.
pub fn classify(text: &str) -> Classified {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.trim_end().is_empty() {
        return Classified::Unknown("the file is empty".into());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => match detect(&v) {
            Ok(kind) => Classified::Known(kind, Doc::Json(v)),
            Err(why) => Classified::Unknown(why),
        },
        Err(e) => {
            if let Some(lines) = notification_lines(text) {
                return Classified::Known(FileKind::Notifications, Doc::Lines(lines));
            }
            if trimmed.starts_with('{') || trimmed.starts_with('[') {
                Classified::Syntax(e)
            } else {
                let head: String = trimmed.chars().take(24).collect();
                Classified::Unknown(format!("not JSON: it begins {head:?}"))
            }
        }
    }
}

/// The lines of `text` if its first non-blank line is a notification on its own.
fn notification_lines(text: &str) -> Option<Vec<(usize, Result<Value, String>)>> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let v: Value = serde_json::from_str(first).ok()?;
    if !notifications::looks_like(&v) {
        return None;
    }
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let parsed = serde_json::from_str::<Value>(l).map_err(|e| {
                format!(
                    "not valid JSON at column {}: {}",
                    e.column(),
                    super::json::strip_position(&e.to_string())
                )
            });
            (i + 1, parsed)
        })
        .collect();
    Some(lines)
}

/// The kind of a parsed document, or why it is none scalesim reads.
pub fn detect(v: &Value) -> Result<FileKind, String> {
    match v {
        Value::Object(m) => detect_object(m, v),
        Value::Array(items) => detect_list(items),
        other => Err(format!(
            "a JSON document that is {}, not an object or a list",
            super::json::type_name(other)
        )),
    }
}

/// Top-level keys that name a kind on their own, in the order they are tried.
const KEYS: &[(&str, FileKind)] = &[
    ("ScalingPolicies", FileKind::DescribeScalingPolicies),
    ("ScalableTargets", FileKind::DescribeScalableTargets),
    ("ScheduledActions", FileKind::DescribeScheduledActions),
    ("ScalingActivities", FileKind::DescribeScalingActivities),
    ("MetricAlarms", FileKind::DescribeAlarms),
    ("CompositeAlarms", FileKind::DescribeAlarms),
    ("AlarmHistoryItems", FileKind::DescribeAlarmHistory),
    ("MetricDataResults", FileKind::GetMetricData),
    ("MetricDataQueries", FileKind::MetricDataQueries),
];

fn detect_object(m: &Map<String, Value>, v: &Value) -> Result<FileKind, String> {
    if let Some((_, kind)) = KEYS.iter().find(|(k, _)| m.contains_key(*k)) {
        return Ok(*kind);
    }
    let has = |k: &str| m.contains_key(k);
    if has("Datapoints") && has("Label") {
        return Ok(FileKind::GetMetricStatistics);
    }
    if has("EndpointName") && has("EndpointStatus") {
        return Ok(FileKind::DescribeEndpoint);
    }
    if has("EndpointConfigName") && has("ProductionVariants") && !has("EndpointName") {
        return Ok(FileKind::DescribeEndpointConfig);
    }
    if notifications::looks_like(v) {
        return Ok(FileKind::Notifications);
    }
    let keys: Vec<&str> = m.keys().take(6).map(String::as_str).collect();
    let more = if m.len() > keys.len() { ", …" } else { "" };
    Err(format!(
        "its top-level keys ({}{more}) are those of no output it knows",
        if keys.is_empty() {
            "none".to_string()
        } else {
            keys.join(", ")
        }
    ))
}

fn detect_list(items: &[Value]) -> Result<FileKind, String> {
    let Some(first) = items.first() else {
        return Err("an empty JSON list".into());
    };
    if is_query(first) {
        return Ok(FileKind::MetricDataQueries);
    }
    if notifications::looks_like(first) {
        return Ok(FileKind::Notifications);
    }
    Err(
        "a JSON list whose first item is neither a metric-data query (Id with MetricStat \
         or Expression) nor an endpoint notification"
            .into(),
    )
}

/// A `get-metric-data` query: `Id` and `MetricStat` or `Expression`.
fn is_query(v: &Value) -> bool {
    v.get("Id").is_some() && (v.get("MetricStat").is_some() || v.get("Expression").is_some())
}
