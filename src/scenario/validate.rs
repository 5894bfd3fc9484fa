//! Raw scenario → validated [`SimConfig`]: every value checked, every issue collected.
//!
//! Issues name the field by its dotted path; the loader adds line and column. Input
//! files named by the scenario (traces, samples) are read here, relative to the scenario's
//! folder, so the engine never touches the file system.

use super::platform::validate_platform;
use super::raw::{PolicySpec, RawPlatform, RawScenario};
use crate::aws::schedule::parse_timestamp;
use crate::aws::spec::AasConfig;
use crate::cost::list_price;
use crate::dist::cold_start::ColdStart;
use crate::dist::service::ServiceSpec;
use crate::dist::{Dist, DistError};
use crate::error::{InputError, Issue};
use crate::k8s::{HpaSpec, KedaSpec, KnativeSpec};
use crate::sim::{CapacityConfig, EndpointConfig, MetricsConfig, SimConfig};
use crate::time::{Duration, SimDuration, SimTime};
use crate::workload::ServiceColumns;
use std::sync::Arc;

/// The validated scaling policy of a scenario.
#[derive(Debug, Clone)]
pub enum PolicyConfig {
    /// Keep the initial capacity.
    Fixed,
    /// The idle-timeout rule.
    IdleTimeout {
        /// Seconds without backlog before scaling in.
        idle_timeout_s: f64,
        /// Capacity while there is work.
        active_instances: u32,
    },
    /// Simulated Application Auto Scaling.
    ApplicationAutoScaling(Arc<AasConfig>),
    /// The Kubernetes HPA, with its minReplicas.
    Hpa(Arc<HpaSpec>, u32),
    /// KEDA on top of HPA.
    Keda(Arc<KedaSpec>),
    /// The Knative Pod Autoscaler.
    Knative(Arc<KnativeSpec>),
}
use crate::workload::{ArrivalModel, ArrivalSpec, BuildError, LoadContext};
use std::path::Path;

/// The largest number of requests a run may be expected to generate. Above it the run would
/// take hours; refuse before starting.
pub const MAX_EXPECTED_REQUESTS: f64 = 1e10;
/// The largest maximum capacity accepted.
pub const MAX_INSTANCES: u32 = 100_000;
/// The longest horizon accepted (about 10 years).
pub const MAX_HORIZON_S: f64 = 3.2e8;

/// Collects issues and the first file error met.
#[derive(Default)]
struct Problems {
    issues: Vec<Issue>,
    input: Option<InputError>,
}

impl Problems {
    fn issue(&mut self, path: &str, message: impl Into<String>) {
        self.issues.push(Issue::new(path, message));
    }

    fn take_dist<T>(&mut self, r: Result<T, DistError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DistError::Invalid(issues)) => {
                self.issues.extend(issues);
                None
            }
            Err(DistError::Input(e)) => {
                self.input.get_or_insert(e);
                None
            }
        }
    }

    fn duration_in(&mut self, path: &str, d: Duration, min_s: f64, max_s: f64) {
        self.issues
            .extend(Issue::duration_out_of_range(path, d, min_s, max_s));
    }
}

/// Validate `raw`, loading data files relative to `base_dir`. Returns the engine config and
/// warnings (e.g. a trace that had to be sorted), or every issue found.
pub fn validate(
    raw: &RawScenario,
    name: &str,
    base_dir: &Path,
) -> Result<(SimConfig, PolicyConfig, Vec<String>), InputErrorOrIssues> {
    let mut p = Problems::default();
    let mut warnings = Vec::new();

    p.duration_in("horizon", raw.horizon, 1e-6, MAX_HORIZON_S);
    if raw.horizon.secs() <= 0.0 {
        p.issue("horizon", "must be greater than 0, e.g. \"1d\"");
    }
    let horizon = SimTime(raw.horizon.to_sim().0);
    let warmup = validate_warmup(&mut p, raw.warmup, raw.horizon);

    // Service first: a linear model changes how traces are read.
    let linear = match &raw.service {
        ServiceSpec::Linear { base, per_unit_s } => {
            p.issues.extend(raw.service.validate_linear("service"));
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
        .and_then(|spec| p.take_dist(Dist::build(&spec, "service", base_dir)));

    if raw.arrivals.is_empty() {
        p.issue(
            "arrivals",
            "at least one arrival source is required ([[arrivals]])",
        );
    }
    let ctx = LoadContext {
        base_dir,
        service_columns: linear.as_ref(),
    };
    let mut arrivals = Vec::with_capacity(raw.arrivals.len());
    let mut expected_requests = 0.0;
    for (i, spec) in raw.arrivals.iter().enumerate() {
        let path = format!("arrivals[{i}]");
        if linear.is_some() && !matches!(spec, ArrivalSpec::Trace(_)) {
            p.issue(
                &format!("{path}.kind"),
                "service kind \"linear\" reads per-request columns, so every arrival source must be a \"trace\"",
            );
            continue;
        }
        match ArrivalModel::build(spec, &path, &ctx) {
            Ok((model, w)) => {
                warnings.extend(w.into_iter().map(|w| format!("{path}: {w}")));
                if let Some(last) = model.last_time() {
                    if last >= horizon && raw.horizon.secs() > 0.0 {
                        warnings.push(format!(
                            "{path}: the trace runs to {:.0}s, beyond the horizon ({}); later requests are not simulated",
                            last.as_secs_f64(),
                            raw.horizon
                        ));
                    }
                }
                expected_requests += model.mean_rate_per_s() * raw.horizon.secs();
                arrivals.push(model);
            }
            Err(BuildError::Invalid(issues)) => p.issues.extend(issues),
            Err(BuildError::Input(e)) => {
                p.input.get_or_insert(e);
            }
        }
    }
    if expected_requests > MAX_EXPECTED_REQUESTS {
        p.issue(
            "arrivals",
            format!(
                "about {expected_requests:.3e} requests over the horizon; the limit is {MAX_EXPECTED_REQUESTS:.0e}. Shorten the horizon or lower the rates"
            ),
        );
    }

    let ep = &raw.endpoint;
    let concurrency = ep.max_concurrent_invocations_per_instance;
    if !(1..=1000).contains(&concurrency) {
        p.issue(
            "endpoint.max_concurrent_invocations_per_instance",
            format!("{concurrency} is out of range: allowed 1 to 1000"),
        );
    }
    // An async endpoint's RequestTTLSeconds is 60..21600 (spec 3.5); elsewhere the TTL is
    // how long a client waits in a queue, so shorter is allowed.
    let min_ttl = match raw.platform {
        RawPlatform::SagemakerAsync => 60.0,
        _ => 0.001,
    };
    p.duration_in("endpoint.request_ttl", ep.request_ttl, min_ttl, 21_600.0);
    p.duration_in(
        "endpoint.invocation_timeout",
        ep.invocation_timeout,
        1.0,
        3_600.0,
    );
    let price = match ep.price_per_instance_hour {
        Some(price) if price.is_finite() && price >= 0.0 => price,
        Some(price) => {
            p.issue(
                "endpoint.price_per_instance_hour",
                format!("{price} is not a price: give a finite number of USD per hour, 0 or more"),
            );
            0.0
        }
        None => list_price(&ep.instance_type).unwrap_or_else(|| {
            let table = crate::cost::PriceTable::builtin();
            let known = table.instance_types();
            p.issue(
                "endpoint.instance_type",
                format!(
                    "no built-in price for {:?}; set endpoint.price_per_instance_hour or use one of {}",
                    ep.instance_type,
                    known.join(", ")
                ),
            );
            0.0
        }),
    };
    let cold_start = p.take_dist(ColdStart::build(
        &ep.cold_start,
        "endpoint.cold_start",
        base_dir,
    ));

    let cap = &raw.capacity;
    let (cap_min, cap_max) = (cap.min.unwrap_or(0), cap.max.unwrap_or(1));
    if cap_min > cap_max {
        p.issue(
            "capacity.min",
            format!("{cap_min} is greater than capacity.max ({cap_max})"),
        );
    }
    if cap_max > MAX_INSTANCES {
        p.issue(
            "capacity.max",
            format!(
                "{} instances is more than scalesim simulates ({MAX_INSTANCES})",
                cap_max
            ),
        );
    }
    if cap_max == 0 && !raw.arrivals.is_empty() {
        p.issue(
            "capacity.max",
            "is 0, so no request could ever be served; allow at least 1 instance",
        );
    }
    let mut initial = cap.initial.unwrap_or(cap_min);
    if cap.initial.is_some() && (initial < cap_min || initial > cap_max) {
        p.issue(
            "capacity.initial",
            format!(
                "{initial} is outside [capacity.min, capacity.max] = [{}, {}]",
                cap_min, cap_max
            ),
        );
    }

    let platform = validate_platform(raw, cap_max, MAX_INSTANCES, &mut p.issues, &mut warnings);
    let (cap_min, cap_max) = match platform.capacity {
        Some((i, lo, hi)) => {
            initial = i;
            (lo, hi)
        }
        None => (cap_min, cap_max),
    };

    let m = &raw.metrics;
    p.duration_in("metrics.sample_interval", m.sample_interval, 1.0, 60.0);
    let micros = m.sample_interval.to_sim().0;
    if micros > 0 && 60_000_000 % micros != 0 {
        p.issue(
            "metrics.sample_interval",
            format!(
                "{} does not divide a minute evenly; use e.g. 1s, 5s, 10s, 15s, 30s or 60s",
                m.sample_interval
            ),
        );
    }
    p.duration_in("metrics.metric_delay", m.metric_delay, 0.0, 3_600.0);

    let start_unix_s = match parse_timestamp(&raw.start_time) {
        Ok(t) => t.floor() as i64,
        Err(e) => {
            p.issue("start_time", e);
            0
        }
    };
    let mut policy = None;
    match &raw.policy {
        PolicySpec::Fixed => policy = Some(PolicyConfig::Fixed),
        PolicySpec::IdleTimeout {
            idle_timeout,
            active_instances,
        } => {
            p.duration_in("policy.idle_timeout", *idle_timeout, 1.0, MAX_HORIZON_S);
            if *active_instances == 0 || *active_instances > cap_max {
                p.issue(
                    "policy.active_instances",
                    format!("{active_instances} must be between 1 and capacity.max ({cap_max})"),
                );
            }
            policy = Some(PolicyConfig::IdleTimeout {
                idle_timeout_s: idle_timeout.secs(),
                active_instances: *active_instances,
            });
        }
        PolicySpec::ApplicationAutoScaling(spec) => {
            // The scalable target: the endpoint variant, or on a real-time endpoint the
            // inference component (spec 3.11, 6.2); an imported target must fit the platform.
            let endpoint = ep.name.as_deref().unwrap_or(name);
            let inference_component = match &raw.platform {
                RawPlatform::SagemakerRealtime(rt) => rt.inference_component_name.as_deref(),
                _ => None,
            };
            let (target, target_issues) = crate::aws::target::scenario_target(
                platform.config.kind,
                endpoint,
                &ep.variant_name,
                inference_component,
                name,
                spec.imported_target.as_ref(),
            );
            p.issues.extend(target_issues);
            match crate::aws::spec::validate(
                spec,
                "policy",
                &target.resource_id(),
                platform.config.kind,
                start_unix_s,
                raw.horizon.secs(),
            ) {
                Ok((config, w)) => {
                    warnings.extend(w);
                    policy = Some(PolicyConfig::ApplicationAutoScaling(Arc::new(config)));
                }
                Err(issues) => p.issues.extend(issues),
            }
        }
        PolicySpec::Hpa(spec) => {
            p.issues.extend(spec.validate("policy"));
            if cap_min == 0 {
                p.issue(
                    "capacity.min",
                    "is 0, but the HPA needs at least 1 replica (it is disabled at 0); use [policy] kind = \"keda\" or \"knative\" to scale to zero",
                );
            }
            policy = Some(PolicyConfig::Hpa(Arc::new(spec.clone()), cap_min.max(1)));
        }
        PolicySpec::Keda(spec) => {
            p.issues.extend(spec.validate("policy"));
            policy = Some(PolicyConfig::Keda(Arc::new(spec.clone())));
        }
        PolicySpec::Knative(spec) => {
            p.issues.extend(spec.validate("policy"));
            policy = Some(PolicyConfig::Knative(Arc::new(spec.clone())));
        }
        PolicySpec::AwsCliJson(_) => p.issue(
            "policy.kind",
            "aws_cli_json must be imported before validation (internal error)",
        ),
    }

    if let Some(e) = p.input {
        return Err(InputErrorOrIssues::Input(e));
    }
    let (Some(cold_start), Some(policy), true) = (cold_start, policy, p.issues.is_empty()) else {
        return Err(InputErrorOrIssues::Issues(p.issues));
    };
    let config = SimConfig {
        name: name.to_string(),
        horizon,
        warmup,
        arrivals,
        service,
        endpoint: EndpointConfig {
            instance_type: ep.instance_type.clone(),
            price_per_instance_hour: price,
            max_concurrent_invocations_per_instance: concurrency,
            request_ttl: ep.request_ttl.to_sim(),
            invocation_timeout: ep.invocation_timeout.to_sim(),
            scale_in_mode: ep.scale_in_mode,
            bill_from: ep.bill_from,
            cold_start,
            platform: platform.config,
        },
        capacity: CapacityConfig {
            initial,
            min: cap_min,
            max: cap_max,
        },
        metrics: MetricsConfig {
            sample_interval: m.sample_interval.to_sim(),
            publish_delay: m.metric_delay.to_sim(),
            tt_from_zero: m.tt_from_zero,
            per_instance_denominator: m.per_instance_denominator,
        },
    };
    Ok((config, policy, warnings))
}

/// The warm-up: whole minutes (per-minute statistics start at a minute boundary), shorter
/// than the horizon (something must be left to measure).
fn validate_warmup(p: &mut Problems, warmup: Duration, horizon: Duration) -> SimDuration {
    let s = warmup.secs();
    if !(s.is_finite() && s >= 0.0) {
        p.issue(
            "warmup",
            format!("{s} seconds is not a duration, e.g. \"1h\""),
        );
        return SimDuration::ZERO;
    }
    let d = warmup.to_sim();
    if d.0 % SimDuration::from_mins(1).0 != 0 {
        p.issue(
            "warmup",
            format!(
                "{warmup} is not a whole number of minutes (statistics start at a minute boundary); \
                 e.g. \"{}\"",
                Duration::from_secs((s / 60.0).ceil() * 60.0)
            ),
        );
    } else if s > 0.0 && s >= horizon.secs() {
        p.issue(
            "warmup",
            format!(
                "{warmup} leaves nothing to measure: it must be shorter than the horizon ({horizon})"
            ),
        );
    }
    d
}

/// Validation failed: a data file could not be read, or values are not allowed.
#[derive(Debug)]
pub enum InputErrorOrIssues {
    /// A file named by the scenario is unreadable or has a bad row.
    Input(InputError),
    /// Values that are not allowed, by field path.
    Issues(Vec<Issue>),
}
