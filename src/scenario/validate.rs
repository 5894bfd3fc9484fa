//! Raw scenario → validated [`SimConfig`] and [`PolicyConfig`]: every section checked by
//! its own validator, every issue collected in one [`Issues`].
//!
//! Validation reads the raw scenario through [`Resolved`] (the values an `aws_cli_json`
//! import decides come from the import) and never writes to it. Issues name the field by
//! its path; the loader adds line and column. Input files named by the scenario (traces,
//! samples) are read here, relative to the scenario's folder, so the engine never touches
//! the file system.

use super::aws_import::Resolved;
use super::capacity::{validate_capacity, MAX_INSTANCES};
use super::endpoint::validate_endpoint;
use super::metrics::validate_metrics;
use super::platform::validate_platform;
pub use super::policy::PolicyConfig;
use super::policy::{validate_policy, PolicyContext, MAX_HORIZON_S};
use crate::aws::schedule::parse_timestamp;
use crate::distribution::service::ServiceSpec;
use crate::distribution::Dist;
use crate::error::{BuildError, Issue, Issues};
use crate::sim::{CapacityConfig, EndpointConfig, SimConfig};
use crate::time::{Duration, SimDuration, SimTime};
use crate::workload::{validate_arrivals, LoadContext, ServiceColumns};
use std::path::Path;

/// The validated scenario: the engine's configuration, the policy, and warnings (e.g. a
/// trace that had to be sorted).
pub struct Validated {
    /// The engine's configuration.
    pub sim: SimConfig,
    /// The policy.
    pub policy: PolicyConfig,
    /// Things worth knowing that are not errors.
    pub warnings: Vec<String>,
}

/// Validate `scenario` (named `name`), loading data files relative to `base_dir`. Returns
/// every issue found, or the first file that could not be read.
pub fn validate(scenario: Resolved, name: &str, base_dir: &Path) -> Result<Validated, BuildError> {
    let raw = scenario.raw;
    let mut issues = Issues::new();

    let mut horizon = issues.at("horizon");
    if raw.horizon.secs() <= 0.0 {
        horizon.push("must be greater than 0, e.g. \"1d\"");
    } else {
        horizon.duration_in(raw.horizon, 1e-6, MAX_HORIZON_S);
    }
    let warmup = validate_warmup(&mut issues, raw.warmup, raw.horizon);

    // Service first: a linear model changes how traces are read.
    let linear = match &raw.service {
        ServiceSpec::Linear { base, per_unit_s } => {
            issues.extend(raw.service.validate_linear("service"));
            Some(ServiceColumns {
                base_s: base.secs(),
                per_unit_s: per_unit_s.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            })
        }
        _ => None,
    };
    let service = raw
        .service
        .as_dist()
        .and_then(|spec| issues.take(Dist::build(&spec, "service", base_dir)));

    let ctx = LoadContext {
        base_dir,
        service_columns: linear.as_ref(),
    };
    let arrivals = validate_arrivals(&raw.arrivals, raw.horizon, &ctx, &mut issues);
    let endpoint = validate_endpoint(&raw.endpoint, &raw.platform, base_dir, &mut issues);
    let capacity = validate_capacity(
        &raw.capacity,
        scenario.capacity_min(),
        scenario.capacity_max(),
        !raw.arrivals.is_empty(),
        &mut issues,
    );

    let platform = validate_platform(raw, capacity.max, MAX_INSTANCES, &mut issues);
    let capacity = match platform.capacity {
        Some((initial, min, max)) => CapacityConfig { initial, min, max },
        None => capacity,
    };

    let metrics = validate_metrics(&raw.metrics, &mut issues);

    let start_unix_s = match parse_timestamp(&raw.start_time) {
        Ok(t) => t.floor() as i64,
        Err(e) => {
            issues.at("start_time").push(e);
            0
        }
    };
    let policy = validate_policy(
        scenario,
        &PolicyContext {
            name,
            platform: platform.config.kind(),
            min: capacity.min,
            max: capacity.max,
            start_unix_s,
            horizon_s: raw.horizon.secs(),
        },
        &mut issues,
    );

    let warnings = issues.finish()?;
    let (Some(cold_start), Some(policy)) = (endpoint.cold_start, policy) else {
        // A section without a value has issues, so this is not reached.
        let internal = Issue::new("", "internal error: a section has no value and no issue");
        return Err(BuildError::Invalid(vec![internal]));
    };
    let ep = &raw.endpoint;
    let sim = SimConfig {
        name: name.to_string(),
        horizon: SimTime(raw.horizon.to_sim().0),
        warmup,
        arrivals,
        service,
        endpoint: EndpointConfig {
            instance_type: ep.instance_type.clone(),
            price_per_instance_hour: endpoint.price_per_instance_hour,
            max_concurrent_invocations_per_instance: ep.max_concurrent_invocations_per_instance,
            request_ttl: ep.request_ttl.to_sim(),
            invocation_timeout: ep.invocation_timeout.to_sim(),
            scale_in_mode: ep.scale_in_mode,
            bill_from: ep.bill_from,
            cold_start,
            platform: platform.config,
        },
        capacity,
        metrics,
    };
    Ok(Validated {
        sim,
        policy,
        warnings,
    })
}

/// The warm-up: whole minutes (per-minute statistics start at a minute boundary), shorter
/// than the horizon (something must be left to measure).
fn validate_warmup(issues: &mut Issues, warmup: Duration, horizon: Duration) -> SimDuration {
    let mut at = issues.at("warmup");
    let s = warmup.secs();
    if !(s.is_finite() && s >= 0.0) {
        at.push(format!("{s} seconds is not a duration, e.g. \"1h\""));
        return SimDuration::ZERO;
    }
    let d = warmup.to_sim();
    if d.0 % SimDuration::from_mins(1).0 != 0 {
        at.push(format!(
            "{warmup} is not a whole number of minutes (statistics start at a minute boundary); \
             e.g. \"{}\"",
            Duration::from_secs((s / 60.0).ceil() * 60.0)
        ));
    } else if s > 0.0 && s >= horizon.secs() {
        at.push(format!(
            "{warmup} leaves nothing to measure: it must be shorter than the horizon ({horizon})"
        ));
    }
    d
}
