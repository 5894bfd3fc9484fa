//! `[platform]` and `[client]` → [`PlatformConfig`]: checks, defaults that depend on other
//! sections, and the capacity a keep-alive platform implies.

use super::raw::{AtLimitSpec, PolicySpec, RawClient, RawPlatform, RawScenario};
use crate::error::Issue;
use crate::platform::{
    Admission, AtLimit, ClientRetry, Dispatch, HostConfig, KeepAlive, PlatformConfig, PlatformKind,
};
use crate::time::Duration;

/// The validated platform, and the capacity bounds it imposes (keep-alive: `(initial, min,
/// max)` = `(provisioned, provisioned, max_instances)`).
pub struct PlatformOutcome {
    /// The engine's platform settings.
    pub config: PlatformConfig,
    /// Capacity to use instead of `[capacity]`, when the platform decides it.
    pub capacity: Option<(u32, u32, u32)>,
}

fn duration_issue(issues: &mut Vec<Issue>, path: &str, d: Duration, min_s: f64, max_s: f64) {
    issues.extend(Issue::duration_out_of_range(path, d, min_s, max_s));
}

fn client(c: &RawClient, issues: &mut Vec<Issue>) -> ClientRetry {
    if !(1..=1000).contains(&c.max_attempts) {
        issues.push(Issue::new(
            "client.max_attempts",
            format!(
                "{} is out of range: allowed 1 (no retry) to 1000",
                c.max_attempts
            ),
        ));
    }
    duration_issue(issues, "client.backoff", c.backoff, 0.0, 86_400.0);
    duration_issue(issues, "client.max_backoff", c.max_backoff, 0.0, 86_400.0);
    if !(c.backoff_multiplier.is_finite() && (1.0..=100.0).contains(&c.backoff_multiplier)) {
        issues.push(Issue::new(
            "client.backoff_multiplier",
            format!("{} is out of range: allowed 1 to 100", c.backoff_multiplier),
        ));
    }
    ClientRetry {
        max_attempts: c.max_attempts.max(1),
        backoff: c.backoff.to_sim(),
        multiplier: c.backoff_multiplier,
        max_backoff: c.max_backoff.to_sim(),
    }
}

/// Which policies a platform takes, as a message when `policy` does not fit.
fn policy_mismatch(platform: &RawPlatform, policy: &PolicySpec) -> Option<String> {
    let kubernetes_policy = policy.is_kubernetes();
    match platform {
        RawPlatform::KeepAlive(_) if !matches!(policy, PolicySpec::Fixed) => Some(
            "keep_alive scales per request by itself; remove [policy] or set kind = \"fixed\""
                .into(),
        ),
        RawPlatform::Kubernetes if policy.is_aws() => Some(
            "Application Auto Scaling does not scale a Kubernetes Deployment; use kind = \"hpa\", \"keda\" or \"knative\""
                .into(),
        ),
        RawPlatform::SagemakerRealtime(_) if matches!(policy, PolicySpec::IdleTimeout { .. }) => {
            Some(
                "idle_timeout reads ApproximateBacklogSize, which a real-time endpoint does not publish (and refused requests never queue), so it would never leave zero; use kind = \"application_auto_scaling\" with a step policy on NoCapacityInvocationFailures"
                    .into(),
            )
        }
        RawPlatform::SagemakerAsync | RawPlatform::SagemakerRealtime(_) if kubernetes_policy => {
            Some(
                "hpa, keda and knative scale Kubernetes Deployments; set [platform] kind = \"kubernetes\""
                    .into(),
            )
        }
        _ => None,
    }
}

/// Validate the platform and client sections of `raw`, given the maximum capacity written
/// in `[capacity]`.
pub fn validate_platform(
    raw: &RawScenario,
    cap_max: u32,
    max_units: u32,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<String>,
) -> PlatformOutcome {
    let retry = client(&raw.client, issues);
    if let Some(msg) = policy_mismatch(&raw.platform, &raw.policy) {
        issues.push(Issue::new("policy.kind", msg));
    }
    let base = PlatformConfig {
        retry,
        ..PlatformConfig::default()
    };
    match &raw.platform {
        RawPlatform::SagemakerAsync => PlatformOutcome {
            config: base,
            capacity: None,
        },
        RawPlatform::Kubernetes => PlatformOutcome {
            config: PlatformConfig {
                kind: PlatformKind::Kubernetes,
                ..base
            },
            capacity: None,
        },
        RawPlatform::SagemakerRealtime(rt) => {
            let hosts = realtime_hosts(rt, cap_max, max_units, issues);
            PlatformOutcome {
                config: PlatformConfig {
                    kind: PlatformKind::SagemakerRealtime,
                    admission: Admission::RejectWithoutCapacity,
                    hosts: Some(hosts),
                    ..base
                },
                capacity: None,
            }
        }
        RawPlatform::KeepAlive(k) => {
            duration_issue(
                issues,
                "platform.keep_alive",
                k.keep_alive,
                0.0,
                86_400.0 * 7.0,
            );
            if k.max_instances == 0 || k.max_instances > max_units {
                issues.push(Issue::new(
                    "platform.max_instances",
                    format!(
                        "{} is out of range: allowed 1 to {max_units}",
                        k.max_instances
                    ),
                ));
            }
            if k.provisioned_instances > k.max_instances {
                issues.push(Issue::new(
                    "platform.provisioned_instances",
                    format!(
                        "{} is more than platform.max_instances ({})",
                        k.provisioned_instances, k.max_instances
                    ),
                ));
            }
            let c = &raw.capacity;
            if c.min.is_some() || c.max.is_some() || c.initial.is_some() {
                warnings.push(
                    "[capacity] is ignored with [platform] kind = \"keep_alive\": instances come and go per request, between platform.provisioned_instances and platform.max_instances"
                        .into(),
                );
            }
            let dispatch = Dispatch::KeepAlive(KeepAlive {
                keep_alive: k.keep_alive.to_sim(),
                provisioned: k.provisioned_instances,
                max_instances: k.max_instances.max(1),
                at_limit: match k.at_limit {
                    AtLimitSpec::Queue => AtLimit::Queue,
                    AtLimitSpec::Reject => AtLimit::Reject,
                },
            });
            let provisioned = k.provisioned_instances.min(k.max_instances);
            PlatformOutcome {
                config: PlatformConfig {
                    kind: PlatformKind::KeepAlive,
                    dispatch,
                    ..base
                },
                capacity: Some((provisioned, provisioned, k.max_instances.max(1))),
            }
        }
    }
}

fn realtime_hosts(
    rt: &super::raw::RawRealtime,
    cap_max: u32,
    max_units: u32,
    issues: &mut Vec<Issue>,
) -> HostConfig {
    let per = rt.copies_per_instance;
    if per == 0 || per > 1000 {
        issues.push(Issue::new(
            "platform.copies_per_instance",
            format!("{per} is out of range: allowed 1 to 1000"),
        ));
    }
    let per = per.max(1);
    let max_hosts = rt
        .max_instance_count
        .unwrap_or(cap_max.div_ceil(per).max(1));
    if max_hosts == 0 || max_hosts > max_units {
        issues.push(Issue::new(
            "platform.max_instance_count",
            format!("{max_hosts} is out of range: allowed 1 to {max_units}"),
        ));
    }
    if rt.min_instance_count > max_hosts {
        issues.push(Issue::new(
            "platform.min_instance_count",
            format!(
                "{} is more than platform.max_instance_count ({max_hosts})",
                rt.min_instance_count
            ),
        ));
    }
    if u64::from(cap_max) > u64::from(max_hosts) * u64::from(per) {
        issues.push(Issue::new(
            "capacity.max",
            format!(
                "{cap_max} copies do not fit on platform.max_instance_count ({max_hosts}) × platform.copies_per_instance ({per}) instances"
            ),
        ));
    }
    duration_issue(
        issues,
        "platform.instance_launch",
        rt.instance_launch,
        0.0,
        3_600.0,
    );
    duration_issue(
        issues,
        "platform.instance_release_delay",
        rt.instance_release_delay,
        0.0,
        86_400.0,
    );
    HostConfig {
        copies_per_host: per,
        min_hosts: rt.min_instance_count,
        max_hosts,
        launch: rt.instance_launch.to_sim(),
        release_delay: rt.instance_release_delay.to_sim(),
    }
}
