//! `[capacity]`: its raw form as written and its validation into the bounds of the scalable
//! target. With `aws_cli_json` the bounds come from the JSON instead (see
//! [`super::aws_import`]); a platform may decide them too (keep-alive, see `platform`).

use crate::error::Issues;
use crate::sim::CapacityConfig;
use serde::{Deserialize, Serialize};

/// The largest maximum capacity accepted.
pub const MAX_INSTANCES: u32 = 100_000;

/// `[capacity]`: bounds of the scalable target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawCapacity {
    /// Instances InService at time 0 (default: min).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<u32>,
    /// Minimum capacity (default 0; with `aws_cli_json`, MinCapacity from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Maximum capacity (default 1; with `aws_cli_json`, MaxCapacity from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// Check the bounds `min`/`max` (as written, or imported) and `initial` of `cap`. Without
/// `has_arrivals`, a maximum of 0 is allowed (nothing to serve).
pub fn validate_capacity(
    cap: &RawCapacity,
    min: Option<u32>,
    max: Option<u32>,
    has_arrivals: bool,
    issues: &mut Issues,
) -> CapacityConfig {
    let (min, max) = (min.unwrap_or(0), max.unwrap_or(1));
    let mut at = issues.at("capacity");
    if min > max {
        at.field("min")
            .push(format!("{min} is greater than capacity.max ({max})"));
    }
    if max > MAX_INSTANCES {
        at.field("max").push(format!(
            "{max} instances is more than scalesim simulates ({MAX_INSTANCES})"
        ));
    }
    if max == 0 && has_arrivals {
        at.field("max")
            .push("is 0, so no request could ever be served; allow at least 1 instance");
    }
    let initial = cap.initial.unwrap_or(min);
    if cap.initial.is_some() && (initial < min || initial > max) {
        at.field("initial").push(format!(
            "{initial} is outside [capacity.min, capacity.max] = [{min}, {max}]"
        ));
    }
    CapacityConfig { initial, min, max }
}
