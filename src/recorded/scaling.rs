//! Application Auto Scaling outputs: `describe-scaling-activities` read into [`Activity`];
//! `describe-scalable-targets`, `describe-scaling-policies` and
//! `describe-scheduled-actions` are kept as JSON objects ([`super::RawItem`]) for the
//! importer, which reads them with the request shapes.
//!
//! Also owns reading those outputs ([`parse_activities`], [`parse_raw_items`]) and the
//! `endpoint/<endpoint>/variant/<variant>` resource ids ([`endpoint_variant`]).

use super::json::{self, Obj};
use super::{Origin, RawItem, UtcMicros};
use crate::error::Issue;
use serde_json::Value;
use std::path::Path;

/// `StatusCode` of a scaling activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    /// `Pending`.
    Pending,
    /// `InProgress`.
    InProgress,
    /// `Successful`.
    Successful,
    /// `Overridden`.
    Overridden,
    /// `Unfulfilled`.
    Unfulfilled,
    /// `Failed`.
    Failed,
}

impl ActivityStatus {
    /// The AWS `StatusCode` string.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Pending => "Pending",
            ActivityStatus::InProgress => "InProgress",
            ActivityStatus::Successful => "Successful",
            ActivityStatus::Overridden => "Overridden",
            ActivityStatus::Unfulfilled => "Unfulfilled",
            ActivityStatus::Failed => "Failed",
        }
    }

    /// The status called `s`, if AWS defines it.
    pub fn parse(s: &str) -> Option<ActivityStatus> {
        [
            ActivityStatus::Pending,
            ActivityStatus::InProgress,
            ActivityStatus::Successful,
            ActivityStatus::Overridden,
            ActivityStatus::Unfulfilled,
            ActivityStatus::Failed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// One `NotScaledReasons[*]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotScaledReason {
    /// `Code`, e.g. `AlreadyAtMinCapacity`.
    pub code: String,
    /// `CurrentCapacity`.
    pub current_capacity: Option<u32>,
    /// `MinCapacity`.
    pub min_capacity: Option<u32>,
    /// `MaxCapacity`.
    pub max_capacity: Option<u32>,
}

/// What caused an activity, read from its `Cause`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// `monitor alarm <alarm> in state ALARM triggered policy <policy>`.
    Alarm {
        /// The alarm name.
        alarm: String,
        /// The policy name.
        policy: String,
    },
    /// A scheduled action (`... scheduled action name <name> ...` or `minimum/maximum
    /// capacity was set to ...`); the action name when the text gives it.
    Scheduled {
        /// The scheduled action's name, if the Cause names it.
        name: Option<String>,
    },
    /// Anything else (a manual change, `RegisterScalableTarget`): the Cause as written.
    Other(String),
}

/// One `ScalingActivities[*]` record.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Where it was read.
    pub origin: Origin,
    /// `ActivityId`.
    pub activity_id: String,
    /// `ResourceId`.
    pub resource_id: String,
    /// `ScalableDimension`.
    pub scalable_dimension: String,
    /// `Description`, e.g. `Setting desired instance count to 2.`.
    pub description: String,
    /// `Cause`.
    pub cause: String,
    /// The cause, parsed.
    pub trigger: Trigger,
    /// `StartTime`.
    pub start: UtcMicros,
    /// `EndTime` (absent while in progress).
    pub end: Option<UtcMicros>,
    /// `StatusCode`.
    pub status: ActivityStatus,
    /// `StatusMessage`.
    pub status_message: Option<String>,
    /// The new desired capacity, read from `Description` (`... to N.`; instance count or
    /// copy count), absent for not-scaled records.
    pub desired: Option<u32>,
    /// `NotScaledReasons` (activities listed with `--include-not-scaled-activities`).
    pub not_scaled: Vec<NotScaledReason>,
}

/// Parse a `Cause` text into a [`Trigger`].
pub fn parse_cause(cause: &str) -> Trigger {
    const PREFIX: &str = "monitor alarm ";
    const MIDDLE: &str = " in state ALARM triggered policy ";
    if let Some(rest) = cause.strip_prefix(PREFIX) {
        if let Some((alarm, policy)) = rest.split_once(MIDDLE) {
            // Some records go on after the policy name ("... changing the desired
            // capacity from 1 to 2.").
            let policy = policy
                .split_once(" changing the ")
                .map_or(policy, |(p, _)| p)
                .trim_end_matches('.');
            return Trigger::Alarm {
                alarm: alarm.to_string(),
                policy: policy.to_string(),
            };
        }
    }
    if let Some(i) = cause.find("scheduled action name ") {
        let rest = &cause[i + "scheduled action name ".len()..];
        let name = rest.split_whitespace().next().map(|n| n.to_string());
        return Trigger::Scheduled { name };
    }
    if cause.contains("capacity was set to") {
        return Trigger::Scheduled { name: None };
    }
    Trigger::Other(cause.to_string())
}

/// The capacity `N` of a `Description` that sets a desired count, ending in `to N.`
/// (`Setting desired instance count to 2.`, `Setting desired copy count to 0.`); `None` for
/// other descriptions (`Attempting to scale due to alarm triggered`, a scheduled action's
/// `Setting min capacity to 1 and max capacity to 5`).
pub fn parse_desired(description: &str) -> Option<u32> {
    let (head, tail) = description.rsplit_once(" to ")?;
    if !head.contains("desired") {
        return None;
    }
    tail.trim().trim_end_matches('.').parse().ok()
}

/// Top-level timestamp members of the Application Auto Scaling objects kept as
/// [`RawItem`]s, made UTC text by [`json::normalise_times`].
pub const RAW_TIME_KEYS: &[&str] = &["CreationTime", "StartTime", "EndTime", "LastModifiedTime"];

/// The objects of list `key` (`ScalableTargets`, `ScalingPolicies`, `ScheduledActions`)
/// as [`RawItem`]s, with their timestamps made UTC text. Each must be an object with a
/// string `ResourceId`.
pub fn parse_raw_items(
    file: &Path,
    doc: &Value,
    key: &str,
    issues: &mut Vec<Issue>,
) -> Vec<RawItem> {
    let Some(top) = Obj::of(doc, "", issues) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, v) in top.req_list(key, issues) {
        let Some(o) = Obj::of(v, path.clone(), issues) else {
            continue;
        };
        let before = issues.len();
        o.req_str("ResourceId", issues);
        let mut value = v.clone();
        json::normalise_times(&mut value, &path, RAW_TIME_KEYS, issues);
        if issues.len() == before {
            out.push(RawItem {
                origin: Origin {
                    file: file.to_path_buf(),
                    path,
                },
                value,
            });
        }
    }
    out
}

/// Every `ScalingActivities[*]` of a `describe-scaling-activities` output.
pub fn parse_activities(file: &Path, doc: &Value, issues: &mut Vec<Issue>) -> Vec<Activity> {
    let Some(top) = Obj::of(doc, "", issues) else {
        return Vec::new();
    };
    top.req_list("ScalingActivities", issues)
        .into_iter()
        .filter_map(|(path, v)| {
            let o = Obj::of(v, path, issues)?;
            parse_activity(file, &o, issues)
        })
        .collect()
}

fn parse_activity(file: &Path, o: &Obj<'_>, issues: &mut Vec<Issue>) -> Option<Activity> {
    let before = issues.len();
    let id = o.req_str("ActivityId", issues);
    let resource = o.req_str("ResourceId", issues);
    let dimension = o.req_str("ScalableDimension", issues);
    let description = o.req_str("Description", issues);
    let cause = o.req_str("Cause", issues);
    let start = o.req_time("StartTime", issues);
    let end = o.time("EndTime", issues);
    let status = o.req_str("StatusCode", issues).and_then(|s| {
        let parsed = ActivityStatus::parse(s);
        if parsed.is_none() {
            issues.push(Issue::new(
                o.path_of("StatusCode"),
                format!(
                    "{} is not a StatusCode of a scaling activity; expected Pending, \
                     InProgress, Successful, Overridden, Unfulfilled or Failed",
                    json::shown(s)
                ),
            ));
        }
        parsed
    });
    let status_message = o.str("StatusMessage", issues).map(str::to_string);
    let not_scaled = not_scaled_reasons(o, issues);
    if issues.len() > before {
        return None;
    }
    let description = description?.to_string();
    let cause = cause?.to_string();
    Some(Activity {
        origin: Origin {
            file: file.to_path_buf(),
            path: o.path.clone(),
        },
        activity_id: id?.to_string(),
        resource_id: resource?.to_string(),
        scalable_dimension: dimension?.to_string(),
        desired: parse_desired(&description),
        trigger: parse_cause(&cause),
        description,
        cause,
        start: start?,
        end,
        status: status?,
        status_message,
        not_scaled,
    })
}

fn not_scaled_reasons(o: &Obj<'_>, issues: &mut Vec<Issue>) -> Vec<NotScaledReason> {
    let mut out = Vec::new();
    for (path, v) in o.list("NotScaledReasons", issues) {
        let Some(r) = Obj::of(v, path, issues) else {
            continue;
        };
        let code = r.req_str("Code", issues);
        let reason = NotScaledReason {
            code: code.unwrap_or_default().to_string(),
            current_capacity: r.u32("CurrentCapacity", issues),
            min_capacity: r.u32("MinCapacity", issues),
            max_capacity: r.u32("MaxCapacity", issues),
        };
        if code.is_some() {
            out.push(reason);
        }
    }
    out
}

/// `endpoint/<endpoint>/variant/<variant>` as (endpoint, variant).
pub fn endpoint_variant(resource_id: &str) -> Option<(&str, &str)> {
    let rest = resource_id.strip_prefix("endpoint/")?;
    let (endpoint, variant) = rest.split_once("/variant/")?;
    if endpoint.is_empty() || variant.is_empty() || variant.contains('/') {
        return None;
    }
    Some((endpoint, variant))
}
