//! Timestamps in either AWS form, and the ids, ARNs and page tokens of the record: hashes
//! of names and indices, so that the same run always gets the same ones.

use super::TimestampStyle;
use crate::aws::export::{POLICY_NAME_MARKER, SERVICE_NAMESPACE};
use crate::recorded::UtcMicros;
use serde_json::Value;

/// `t` as the AWS CLI prints it: epoch seconds with milliseconds (a JSON number), or
/// ISO 8601 with the offset as CLI v2 prints it (Python's `isoformat`: microseconds only
/// when there are some, `2024-01-01T08:00:00+08:00`, `2024-01-01T08:00:00.480000+08:00`).
pub(super) fn time_value(t: UtcMicros, style: TimestampStyle) -> Value {
    match style {
        TimestampStyle::EpochSeconds => {
            let ms = t.0.saturating_add(500).div_euclid(1000);
            super::number(ms as f64 / 1000.0).unwrap_or(Value::Null)
        }
        TimestampStyle::Iso8601 { offset_minutes } => Value::String(iso_offset(t, offset_minutes)),
    }
}

/// ISO 8601 in the zone `offset_minutes` east of UTC, microseconds only when non-zero.
pub(super) fn iso_offset(t: UtcMicros, offset_minutes: i32) -> String {
    let secs = t.floor_secs();
    let nanos = (t.0.rem_euclid(1_000_000) * 1000) as u32;
    let zone = chrono::FixedOffset::east_opt(offset_minutes.saturating_mul(60));
    match (chrono::DateTime::from_timestamp(secs, nanos), zone) {
        (Some(utc), Some(zone)) => utc
            .with_timezone(&zone)
            .format(if nanos == 0 {
                "%Y-%m-%dT%H:%M:%S%:z"
            } else {
                "%Y-%m-%dT%H:%M:%S%.6f%:z"
            })
            .to_string(),
        _ => t.iso(),
    }
}

/// `t` as CloudWatch writes it inside alarm reason data: `2024-01-01T00:10:00.000+0000`.
pub(super) fn reason_data_time(t: UtcMicros) -> String {
    match chrono::DateTime::from_timestamp(t.floor_secs(), 0) {
        Some(utc) => format!(
            "{}.{:03}+0000",
            utc.format("%Y-%m-%dT%H:%M:%S"),
            t.0.rem_euclid(1_000_000) / 1000
        ),
        None => t.iso(),
    }
}

/// `t` as CloudWatch writes it in a `StateReason`: `01/01/24 00:10:00` (UTC).
pub(super) fn reason_time(t: UtcMicros) -> String {
    match chrono::DateTime::from_timestamp(t.floor_secs(), 0) {
        Some(utc) => utc.format("%d/%m/%y %H:%M:%S").to_string(),
        None => t.iso(),
    }
}

/// 64-bit FNV-1a of the parts (each followed by a 0 byte).
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.bytes().chain([0])) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The splitmix64 finaliser, to spread a hash over 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A version-4-looking uuid determined by `parts`.
pub(super) fn uuid(parts: &[&str]) -> String {
    let a = mix(hash(parts));
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        8 + ((b >> 62) & 0x3),
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// `len` lowercase hex digits determined by `parts`.
fn hex(parts: &[&str], len: usize) -> String {
    let mut out = String::with_capacity(len + 16);
    let mut z = hash(parts);
    while out.len() < len {
        z = mix(z);
        out.push_str(&format!("{z:016x}"));
    }
    out.truncate(len);
    out
}

/// A `NextToken` for the page after page `page` of the file `stem`.
pub(super) fn next_token(stem: &str, page: usize) -> String {
    hex(&["NextToken", stem, &page.to_string()], 64)
}

/// The `PolicyARN` of policy `name`:
/// `arn:aws:autoscaling:<region>:<account>:scalingPolicy:<uuid>:resource/sagemaker/`
/// `<ResourceId>:policyName/<name>`.
pub(super) fn policy_arn(region: &str, account: &str, resource_id: &str, name: &str) -> String {
    let id = uuid(&["scalingPolicy", resource_id, name]);
    format!(
        "arn:aws:autoscaling:{region}:{account}:scalingPolicy:{id}:resource/\
         {SERVICE_NAMESPACE}/{resource_id}{POLICY_NAME_MARKER}{name}"
    )
}

/// The `ScheduledActionARN` of action `name`: `arn:aws:autoscaling:…:scheduledAction:`
/// `<uuid>:resource/sagemaker/<ResourceId>:scheduledActionName/<name>`.
pub(super) fn scheduled_action_arn(
    region: &str,
    account: &str,
    resource_id: &str,
    name: &str,
) -> String {
    let id = uuid(&["scheduledAction", resource_id, name]);
    format!(
        "arn:aws:autoscaling:{region}:{account}:scheduledAction:{id}:resource/\
         {SERVICE_NAMESPACE}/{resource_id}:scheduledActionName/{name}"
    )
}

/// `arn:aws:application-autoscaling:<region>:<account>:scalable-target/<id>`.
pub(super) fn scalable_target_arn(region: &str, account: &str, resource_id: &str) -> String {
    let id = hex(&["scalable-target", resource_id], 36);
    format!("arn:aws:application-autoscaling:{region}:{account}:scalable-target/{id}")
}

/// `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`.
pub(super) fn alarm_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:cloudwatch:{region}:{account}:alarm:{name}")
}

/// `arn:aws:sagemaker:<region>:<account>:<kind>/<name>` (SageMaker lowercases names in
/// ARNs).
pub(super) fn sagemaker_arn(region: &str, account: &str, kind: &str, name: &str) -> String {
    format!(
        "arn:aws:sagemaker:{region}:{account}:{kind}/{}",
        name.to_lowercase()
    )
}

/// The service-linked role Application Auto Scaling uses for SageMaker endpoints.
pub(super) fn scaling_role_arn(account: &str) -> String {
    format!(
        "arn:aws:iam::{account}:role/aws-service-role/sagemaker.application-autoscaling.\
         amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"
    )
}

/// `arn:aws:sns:<region>:<account>:<topic>`.
pub(super) fn sns_arn(region: &str, account: &str, topic: &str) -> String {
    format!("arn:aws:sns:{region}:{account}:{topic}")
}

/// The S3 bucket SageMaker's SDK uses by default: `sagemaker-<region>-<account>`.
pub(super) fn bucket(region: &str, account: &str) -> String {
    format!("sagemaker-{region}-{account}")
}
