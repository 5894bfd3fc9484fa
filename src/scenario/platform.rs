//! `[platform]` and `[client]` → [`PlatformConfig`]: the client's retries here, the
//! platform's own section by its file in `crate::platform` (each platform validates its
//! settings and says which policies it takes).

use super::raw::{RawClient, RawScenario};
use crate::error::Issues;
use crate::platform::{ClientRetry, PlatformConfig, ValidationContext};

/// The validated platform, and the capacity bounds it imposes (keep-alive: `(initial, min,
/// max)` = `(provisioned, provisioned, max_instances)`).
pub struct PlatformOutcome {
    /// The engine's platform settings.
    pub config: PlatformConfig,
    /// Capacity to use instead of `[capacity]`, when the platform decides it.
    pub capacity: Option<(u32, u32, u32)>,
}

fn client(c: &RawClient, issues: &mut Issues) -> ClientRetry {
    let mut at = issues.at("client");
    if !(1..=1000).contains(&c.max_attempts) {
        at.field("max_attempts").push(format!(
            "{} is out of range: allowed 1 (no retry) to 1000",
            c.max_attempts
        ));
    }
    at.field("backoff").duration_in(c.backoff, 0.0, 86_400.0);
    at.field("max_backoff")
        .duration_in(c.max_backoff, 0.0, 86_400.0);
    if !(c.backoff_multiplier.is_finite() && (1.0..=100.0).contains(&c.backoff_multiplier)) {
        at.field("backoff_multiplier").push(format!(
            "{} is out of range: allowed 1 to 100",
            c.backoff_multiplier
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
    issues: &mut Issues,
) -> PlatformOutcome {
    let retry = client(&raw.client, issues);
    if let Some(msg) = crate::platform::policy_mismatch(&raw.platform, &raw.policy) {
        issues.at("policy").field("kind").push(msg);
    }
    let c = &raw.capacity;
    let ctx = ValidationContext {
        cap_max,
        max_units,
        capacity_written: c.min.is_some() || c.max.is_some() || c.initial.is_some(),
    };
    let v = crate::platform::validate(&raw.platform, &ctx, issues);
    PlatformOutcome {
        config: PlatformConfig {
            platform: v.platform,
            retry,
        },
        capacity: v.capacity,
    }
}
