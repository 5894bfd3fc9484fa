//! `[platform]` and `[client]` → [`PlatformConfig`]: the client's retries here, the
//! platform's own section by its file in `crate::platform` (each platform validates its
//! settings and says which policies it takes).

use super::raw::{RawClient, RawScenario};
use crate::error::Issue;
use crate::platform::{ClientRetry, PlatformConfig, ValidationContext};
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
    if let Some(msg) = crate::platform::policy_mismatch(&raw.platform, &raw.policy) {
        issues.push(Issue::new("policy.kind", msg));
    }
    let c = &raw.capacity;
    let ctx = ValidationContext {
        cap_max,
        max_units,
        capacity_written: c.min.is_some() || c.max.is_some() || c.initial.is_some(),
    };
    let v = crate::platform::validate(&raw.platform, &ctx, issues, warnings);
    PlatformOutcome {
        config: PlatformConfig {
            platform: v.platform,
            retry,
        },
        capacity: v.capacity,
    }
}
