//! The assembly of a [`Recorded`] from the parts read: the pages of each list merged, exact
//! duplicates dropped (the newer copy kept), every list sorted oldest first, the latest
//! `describe-endpoint` kept.

use super::alarms::{self, HistoryEntry};
use super::endpoint::{Endpoint, EndpointConfig};
use super::load::Parts;
use super::notifications::{self, Received};
use super::scaling::Activity;
use super::select::Chosen;
use super::{json, metrics, FileKind, RawItem, Recorded, UtcMicros};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Merge the pages of each list, drop duplicates, sort oldest first.
pub(super) fn assemble(
    parts: Parts,
    chosen: Chosen,
    metrics: Vec<metrics::MetricSeries>,
    files: Vec<(PathBuf, FileKind)>,
    mut warnings: Vec<String>,
) -> Recorded {
    let w = &mut warnings;
    let endpoint = latest_endpoint(parts.endpoints, w);
    let mut endpoint_configs = dedup_keep_newer(
        parts.configs,
        |c| c.name.clone(),
        |c| c.creation_time,
        |a, b| {
            EndpointConfig {
                origin: b.origin.clone(),
                ..a.clone()
            } == *b
        },
        |c| c.origin.describe(),
        "endpoint config",
        w,
    );
    endpoint_configs.sort_by_key(|c| (c.creation_time.is_none(), c.creation_time));
    let scalable_targets = raw_list(parts.targets, "", "scalable target", w);
    let scaling_policies = raw_list(parts.policies, "PolicyName", "scaling policy", w);
    let scheduled_actions = raw_list(
        parts.schedules,
        "ScheduledActionName",
        "scheduled action",
        w,
    );
    let alarms = dedup_keep_newer(
        parts.alarms,
        |a| a.name.clone(),
        |a| raw_time(&a.raw, "AlarmConfigurationUpdatedTimestamp"),
        |a, b| a.raw == b.raw,
        |a| a.origin.describe(),
        "alarm",
        w,
    );
    Recorded {
        files,
        endpoint,
        endpoint_configs,
        scalable_targets,
        scaling_policies,
        scheduled_actions,
        alarms,
        alarm_history: history(parts.history),
        activities: activities(parts.activities),
        metrics,
        notifications: notifications(parts.notifications),
        endpoint_name: chosen.endpoint,
        variant_name: chosen.variant,
        warnings,
    }
}

/// The `describe-endpoint` with the latest `LastModifiedTime` (the first of equals).
fn latest_endpoint(endpoints: Vec<Endpoint>, warnings: &mut Vec<String>) -> Option<Endpoint> {
    let mut best: Option<Endpoint> = None;
    for e in endpoints {
        let Some(b) = &best else {
            best = Some(e);
            continue;
        };
        let same = Endpoint {
            origin: b.origin.clone(),
            ..e.clone()
        } == *b;
        if same {
            continue;
        }
        let newer = e.last_modified_time > b.last_modified_time;
        let (kept, other) = if newer { (&e, b) } else { (b, &e) };
        warnings.push(format!(
            "{}: another describe-endpoint of {} differs ({}); kept the one modified last ({})",
            other.origin.describe(),
            json::quote(&e.name),
            kept.origin.describe(),
            kept.last_modified_time
                .map_or_else(|| "no LastModifiedTime".to_string(), |t| t.iso())
        ));
        if newer {
            best = Some(e);
        }
    }
    best
}

/// Items merged by `key`: equal ones once; of different ones with the same key, the one
/// with the later `time` (the first if not later), with a warning.
fn dedup_keep_newer<T: Clone, K: Ord>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
    time: impl Fn(&T) -> Option<UtcMicros>,
    same: impl Fn(&T, &T) -> bool,
    describe: impl Fn(&T) -> String,
    what: &str,
    warnings: &mut Vec<String>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut index: BTreeMap<K, usize> = BTreeMap::new();
    for item in items {
        let k = key(&item);
        let Some(kept) = index.get(&k).and_then(|&i| out.get_mut(i)) else {
            index.insert(k, out.len());
            out.push(item);
            continue;
        };
        if same(kept, &item) {
            continue;
        }
        let newer = time(&item) > time(kept);
        let (new_desc, old_desc) = (describe(&item), describe(kept));
        warnings.push(if newer {
            format!("{old_desc}: the same {what} differs in {new_desc}; kept that later one")
        } else {
            format!("{new_desc}: the same {what} differs in {old_desc}; kept that one")
        });
        if newer {
            *kept = item;
        }
    }
    out
}

fn raw_time(v: &serde_json::Value, key: &str) -> Option<UtcMicros> {
    v.get(key).and_then(|t| json::parse_time_value(t).ok())
}

fn raw_str(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_string()
}

/// A list of raw items merged (by ResourceId, ScalableDimension and `name_key`) and sorted
/// by `CreationTime`.
fn raw_list(items: Vec<RawItem>, name_key: &str, what: &str, w: &mut Vec<String>) -> Vec<RawItem> {
    let mut out = dedup_keep_newer(
        items,
        |i| {
            (
                raw_str(&i.value, "ResourceId"),
                raw_str(&i.value, "ScalableDimension"),
                raw_str(&i.value, name_key),
            )
        },
        |i| raw_time(&i.value, "CreationTime"),
        |a, b| a.value == b.value,
        |i| i.origin.describe(),
        what,
        w,
    );
    out.sort_by_key(|i| {
        let t = raw_time(&i.value, "CreationTime");
        (t.is_none(), t)
    });
    out
}

/// Activities once each (by `ActivityId`), by `StartTime`.
fn activities(items: Vec<Activity>) -> Vec<Activity> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<Activity> = items
        .into_iter()
        .filter(|a| seen.insert(a.activity_id.clone()))
        .collect();
    out.sort_by(|a, b| (a.start, &a.activity_id).cmp(&(b.start, &b.activity_id)));
    out
}

/// State changes once each (by alarm, time, type, summary), by time.
fn history(items: Vec<HistoryEntry>) -> Vec<alarms::AlarmTransition> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<alarms::AlarmTransition> = items
        .into_iter()
        .filter(|h| {
            let (a, t, k, s) = h.key();
            seen.insert((a.to_string(), t, k.to_string(), s.to_string()))
        })
        .map(|h| h.transition)
        .collect();
    out.sort_by(|a, b| (a.time, &a.alarm).cmp(&(b.time, &b.alarm)));
    out
}

/// Notifications once each (SNS may deliver one twice), by `receivedTime`.
fn notifications(items: Vec<Received>) -> Vec<notifications::Notification> {
    let mut out: Vec<notifications::Notification> =
        items.into_iter().map(|r| r.notification).collect();
    out.sort_by(|a, b| {
        let key = |n: &notifications::Notification| {
            (
                n.received,
                n.event,
                n.inference_id.clone(),
                n.status == notifications::InvocationStatus::Failed,
                n.endpoint_name.clone(),
                n.failure_reason.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out.dedup();
    out
}
