//! `[endpoint]`: its raw form as written and its validation (concurrency, queue TTL,
//! invocation timeout, price, cold start). The engine's `EndpointConfig` is assembled from
//! this and the platform in [`super::validate`].

use super::raw::RawPlatform;
use crate::cost::{list_price, BillFrom};
use crate::distribution::cold_start::{ColdStart, ColdStartSpec};
use crate::endpoint::fleet::ScaleInMode;
use crate::error::Issues;
use crate::time::Duration;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// `[endpoint]`: the SageMaker asynchronous endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    /// Endpoint name, for AWS resource ids and exported JSON (default: the scenario name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Production variant name (default `AllTraffic`).
    #[serde(default = "default_variant")]
    pub variant_name: String,
    /// Instance type; its price comes from the built-in table unless set below.
    #[serde(default = "default_instance_type")]
    pub instance_type: String,
    /// USD per instance-hour (overrides the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_instance_hour: Option<f64>,
    /// Requests one instance processes at once (1..=1000).
    #[serde(default = "one")]
    pub max_concurrent_invocations_per_instance: u32,
    /// Longest wait in the queue before a request expires (60s..6h, default 6h).
    #[serde(default = "default_ttl")]
    pub request_ttl: Duration,
    /// Longest processing time before a request fails (1s..1h, default 900s).
    #[serde(default = "default_timeout")]
    pub invocation_timeout: Duration,
    /// Busy instances on scale-in: `drain` (default) or `kill_requeue`.
    #[serde(default)]
    pub scale_in_mode: ScaleInMode,
    /// Billing starts at `launch` (default) or `in_service`.
    #[serde(default)]
    pub bill_from: BillFrom,
    /// Cold-start stages of a new instance.
    #[serde(default)]
    pub cold_start: ColdStartSpec,
}

impl Default for RawEndpoint {
    fn default() -> Self {
        RawEndpoint {
            name: None,
            variant_name: default_variant(),
            instance_type: default_instance_type(),
            price_per_instance_hour: None,
            max_concurrent_invocations_per_instance: 1,
            request_ttl: default_ttl(),
            invocation_timeout: default_timeout(),
            scale_in_mode: ScaleInMode::default(),
            bill_from: BillFrom::default(),
            cold_start: ColdStartSpec::default(),
        }
    }
}

fn default_variant() -> String {
    "AllTraffic".into()
}
fn default_instance_type() -> String {
    "ml.g5.xlarge".into()
}
fn one() -> u32 {
    1
}
fn default_ttl() -> Duration {
    Duration::from_secs(21_600.0)
}
fn default_timeout() -> Duration {
    Duration::from_secs(900.0)
}

/// The validated values of `[endpoint]` that need checking or a lookup.
pub struct EndpointValues {
    /// USD per instance-hour (the table's price unless set).
    pub price_per_instance_hour: f64,
    /// The cold start, when its stages are valid.
    pub cold_start: Option<ColdStart>,
}

/// Check `[endpoint]` on `platform`, loading cold-start sample files from `base_dir`.
pub fn validate_endpoint(
    ep: &RawEndpoint,
    platform: &RawPlatform,
    base_dir: &Path,
    issues: &mut Issues,
) -> EndpointValues {
    let mut at = issues.at("endpoint");
    at.field("max_concurrent_invocations_per_instance")
        .count_in(ep.max_concurrent_invocations_per_instance, 1, 1000);
    // At most RequestTTLSeconds' 21600 s (docs/aws-semantics.md §3.5); the platform sets the
    // shortest.
    at.field("request_ttl")
        .duration_in(ep.request_ttl, platform.min_request_ttl_s(), 21_600.0);
    at.field("invocation_timeout")
        .duration_in(ep.invocation_timeout, 1.0, 3_600.0);
    let price = match ep.price_per_instance_hour {
        Some(price) if price.is_finite() && price >= 0.0 => price,
        Some(price) => {
            at.field("price_per_instance_hour").push(format!(
                "{price} is not a price: give a finite number of USD per hour, 0 or more"
            ));
            0.0
        }
        None => list_price(&ep.instance_type).unwrap_or_else(|| {
            let table = crate::cost::PriceTable::builtin();
            let known = table.instance_types();
            at.field("instance_type").push(format!(
                "no built-in price for {:?}; set endpoint.price_per_instance_hour or use one of {}",
                ep.instance_type,
                known.join(", ")
            ));
            0.0
        }),
    };
    let cold_start = issues.take(ColdStart::build(
        &ep.cold_start,
        "endpoint.cold_start",
        base_dir,
    ));
    EndpointValues {
        price_per_instance_hour: price,
        cold_start,
    }
}
