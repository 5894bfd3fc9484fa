//! `scalesim import-aws`: a runnable scenario from what AWS recorded of the user's own
//! endpoint ([`crate::recorded::Recorded`]), with every value saying where it came from.
//!
//! | value | from |
//! |---|---|
//! | `start_time`, `horizon` | the window the metrics (or notifications) cover, [`Window`] |
//! | arrivals | SNS notifications (exact), else estimated from the metrics ([`arrivals`]) |
//! | service time | `ModelLatency` ([`service`]); its distribution is an assumption |
//! | cold start | `EndTime − StartTime` of the successful scale-outs ([`cold_start`]) |
//! | instance type, concurrency | `describe-endpoint-config` / `describe-endpoint` |
//! | price | the shipped price table (or `--prices`, `--price`) |
//! | capacity bounds, policies, schedules, hidden alarms | [`policy`] |
//! | initial capacity | the activities and metrics around the window's start ([`RecordedCapacity`]) |
//! | `metrics.sample_interval` | the gauges' `SampleCount` when exported, else the default |
//!
//! Every other value is scalesim's default; the comment says so, and the rules AWS does not
//! document (`[I]`) say that `scalesim calibrate` can settle them.

pub mod annotate;
pub mod arrivals;
pub mod cold_start;
pub mod policy;
pub mod service;

#[cfg(test)]
mod tests;

use crate::aws::spec::AasSpec;
use crate::cost::{PriceTable, BUILTIN_PRICES_PATH};
use crate::distribution::cold_start::ColdStartSpec;
use crate::distribution::service::ServiceSpec;
use crate::distribution::DistSpec;
use crate::error::InputError;
use crate::recorded::endpoint::arn_region;
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::capacity::RecordedCapacity;
use crate::replay::Window;
use crate::scenario::raw::{PolicySpec, RawCapacity, RawEndpoint, RawMetrics, RawScenario};
use crate::time::Duration;
use crate::workload::{ArrivalSpec, CountsSpec, TraceSpec};
use arrivals::{Arrivals, ArrivalsKind, TIME_FORMAT};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Name of the arrivals file written beside the scenario.
pub const ARRIVALS_FILE: &str = "arrivals.csv";
/// Name of the scenario file.
pub const SCENARIO_FILE: &str = "scenario.toml";
/// Name of the import report.
pub const REPORT_FILE: &str = "import-report.json";

/// What the user can set on the command line.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Start of the window (default: the record's first datapoint).
    pub from: Option<UtcMicros>,
    /// End of the window (default: the end of the record's last datapoint).
    pub to: Option<UtcMicros>,
    /// Scenario name (default: the endpoint's).
    pub name: Option<String>,
    /// The price table (default: the shipped one).
    pub prices: PriceTable,
    /// Where `prices` came from, for comments.
    pub prices_source: String,
    /// A price that overrides the table, USD per instance-hour.
    pub price: Option<f64>,
    /// What was read (the folders or files given), named by errors about the record as a
    /// whole.
    pub record: PathBuf,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            from: None,
            to: None,
            name: None,
            prices: PriceTable::builtin(),
            prices_source: BUILTIN_PRICES_PATH.to_string(),
            price: None,
            record: PathBuf::from("the record"),
        }
    }
}

/// One value of the scenario and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Dotted path in the scenario.
    pub key: String,
    /// Where the value came from, or why it is a default.
    pub source: String,
}

/// What `import-aws` found and did (`import-report.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The endpoint.
    pub endpoint: String,
    /// Its variant.
    pub variant: String,
    /// Start of the window, ISO 8601 UTC.
    pub window_start: String,
    /// End of the window.
    pub window_end: String,
    /// Minutes in the window.
    pub minutes: u64,
    /// Requests in the arrivals file.
    pub requests: u64,
    /// How the arrivals were found.
    pub arrivals: String,
    /// Cold-start samples used (seconds, instances added).
    pub cold_start_samples: Vec<(f64, u32)>,
    /// Every value with its source.
    pub values: Vec<Provenance>,
    /// AWS's real settings that differ from scalesim's defaults (and are used).
    pub differences: Vec<String>,
    /// Assumptions made where the record is silent.
    pub assumptions: Vec<String>,
    /// Everything else worth knowing (from reading the files and from the import).
    pub warnings: Vec<String>,
    /// Files read, with what they are.
    pub files: Vec<(String, String)>,
}

/// The imported scenario.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The scenario file's text, with comments.
    pub scenario_toml: String,
    /// The arrivals CSV.
    pub arrivals_csv: String,
    /// The report.
    pub report: ImportReport,
}

struct Notes {
    values: Vec<Provenance>,
    assumptions: Vec<String>,
}

impl Notes {
    fn set(&mut self, key: &str, source: impl Into<String>) {
        self.values.push(Provenance {
            key: key.to_string(),
            source: source.into(),
        });
    }
}

const INFERRED: &str = "[I] an inference: AWS does not document this rule; `scalesim calibrate` \
                        can settle it against this record";

fn round_ms(s: f64) -> Duration {
    Duration::from_secs((s * 1000.0).round() / 1000.0)
}

fn lognormal(mean_s: f64, cv: f64) -> (ServiceSpec, DistSpec) {
    let mean = round_ms(mean_s.max(0.001));
    let cv = (cv * 1000.0).round() / 1000.0;
    if cv < 0.01 {
        (
            ServiceSpec::Deterministic { value: mean },
            DistSpec::Deterministic { value: mean },
        )
    } else {
        (
            ServiceSpec::Lognormal { mean, cv },
            DistSpec::Lognormal { mean, cv },
        )
    }
}

/// The interval between gauge samples that the gauges' SampleCount shows, if exported.
fn sample_interval(rec: &Recorded) -> Option<(u32, String)> {
    for metric in [
        "ApproximateBacklogSize",
        "ApproximateBacklogSizePerInstance",
        "HasBacklogWithoutCapacity",
        "ApproximateAgeOfOldestRequest",
    ] {
        let Some(s) = rec.series(metric, "SampleCount") else {
            continue;
        };
        let mut counts: Vec<f64> = s
            .points
            .iter()
            .map(|p| p.1 / f64::from((s.period_s / 60).max(1)))
            .filter(|c| *c >= 1.0)
            .collect();
        if counts.is_empty() {
            continue;
        }
        counts.sort_by(f64::total_cmp);
        let k = counts[counts.len() / 2].round().clamp(1.0, 60.0) as u32;
        let interval = 60 / k;
        return Some((
            interval,
            format!(
                "{metric} SampleCount: typically {k} sample(s) a minute ({}), so one every {interval} s",
                s.origins
                    .first()
                    .map(|o| o.file.display().to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    None
}

/// Turn `rec` into a scenario (see the module docs).
pub fn import(rec: &Recorded, opts: &ImportOptions) -> Result<Imported, InputError> {
    let invalid = |message: String| InputError::Invalid {
        file: opts.record.clone(),
        issues: vec![crate::error::Issue::new("", message)],
    };
    let window = Window::of_record(rec, opts.from, opts.to).map_err(invalid)?;
    let mut notes = Notes {
        values: Vec::new(),
        assumptions: Vec::new(),
    };
    let mut warnings: Vec<String> = rec.warnings.clone();

    // The endpoint and its variant.
    let config = rec.endpoint_configs.last();
    let (endpoint_name, endpoint_source) = match (&rec.endpoint, &rec.endpoint_name) {
        (Some(e), _) => (e.name.clone(), e.origin.field("EndpointName")),
        (None, Some(n)) => (n.clone(), "the endpoint the record's files name".into()),
        (None, None) => {
            return Err(invalid(
                "the record names no endpoint: save `aws sagemaker describe-endpoint \
                 --endpoint-name NAME --output json` beside the other files"
                    .into(),
            ))
        }
    };
    let variant_name = rec
        .variant_name
        .clone()
        .or_else(|| {
            config
                .and_then(|c| c.variants.first())
                .map(|v| v.name.clone())
        })
        .unwrap_or_else(|| "AllTraffic".into());
    let mut ep = RawEndpoint {
        name: Some(endpoint_name.clone()),
        variant_name: variant_name.clone(),
        ..RawEndpoint::default()
    };
    notes.set("endpoint.name", endpoint_source);
    notes.set(
        "endpoint.variant_name",
        "the production variant of the record",
    );
    match config.and_then(|c| {
        c.variants
            .iter()
            .enumerate()
            .find(|(_, v)| v.name == variant_name)
            .map(|(i, v)| (c, i, v))
    }) {
        Some((c, i, v)) => {
            let path = format!("ProductionVariants[{i}]");
            if let Some(t) = &v.instance_type {
                ep.instance_type = t.clone();
                notes.set(
                    "endpoint.instance_type",
                    c.origin.field(&format!("{path}.InstanceType")),
                );
            } else if let Some((t, _)) = v.instance_pools.first() {
                ep.instance_type = t.clone();
                notes.set(
                    "endpoint.instance_type",
                    format!(
                        "{} (the pool of priority 1; scalesim simulates one instance type)",
                        c.origin
                            .field(&format!("{path}.InstancePools[0].InstanceType"))
                    ),
                );
                if v.instance_pools.len() > 1 {
                    warnings.push(format!(
                        "{}: {} instance pools; scalesim simulates only the first ({t})",
                        c.origin.describe(),
                        v.instance_pools.len()
                    ));
                }
            }
            if let Some(f) = c.metric_publish_frequency_s {
                notes.assumptions.push(format!(
                    "{} is {f} s: it sets how often the utilization metrics are published; \
                     the backlog metrics scalesim simulates stay 1-minute metrics",
                    c.origin
                        .field("MetricsConfig.MetricPublishFrequencyInSeconds")
                ));
            }
        }
        None => {
            notes.set(
                "endpoint.instance_type",
                format!(
                    "scalesim's default: no describe-endpoint-config of variant {variant_name} \
                     in the record"
                ),
            );
        }
    }
    let concurrency = config
        .and_then(|c| {
            c.max_concurrent_invocations_per_instance.map(|n| {
                (
                    n,
                    c.origin.field(
                        "AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance",
                    ),
                )
            })
        })
        .or_else(|| {
            rec.endpoint.as_ref().and_then(|e| {
                e.max_concurrent_invocations_per_instance.map(|n| {
                    (
                        n,
                        e.origin.field(
                            "AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance",
                        ),
                    )
                })
            })
        });
    match concurrency {
        Some((n, src)) => {
            ep.max_concurrent_invocations_per_instance = n;
            notes.set("endpoint.max_concurrent_invocations_per_instance", src);
        }
        None => {
            notes.set(
                "endpoint.max_concurrent_invocations_per_instance",
                "assumed 1: the endpoint config sets no MaxConcurrentInvocationsPerInstance, so \
                 SageMaker chose a value the export does not show; set it if you know it",
            );
            notes
                .assumptions
                .push("MaxConcurrentInvocationsPerInstance assumed 1".into());
        }
    }
    // Price.
    let region = rec
        .endpoint
        .as_ref()
        .and_then(|e| e.arn.as_deref())
        .or_else(|| config.and_then(|c| c.arn.as_deref()))
        .and_then(arn_region)
        .map(str::to_string);
    let price = match (opts.price, &region) {
        (Some(p), _) => (p, "given with --price".to_string()),
        (None, Some(r)) => match opts.prices.find(&ep.instance_type, r) {
            Some(p) => (
                p.usd_per_hour,
                format!(
                    "{} row {} {} ({}, {}); re-check before reporting costs",
                    opts.prices_source, p.instance_type, p.region, p.as_of, p.source
                ),
            ),
            None => fallback_price(opts, &ep.instance_type, Some(r), &mut warnings)?,
        },
        (None, None) => fallback_price(opts, &ep.instance_type, None, &mut warnings)?,
    };
    ep.price_per_instance_hour = Some(price.0);
    notes.set("endpoint.price_per_instance_hour", price.1);
    notes.set(
        "endpoint.request_ttl",
        "scalesim's default (6 h, AWS's default RequestTTLSeconds): the TTL is a header of each \
         request, not in the export",
    );
    notes.set(
        "endpoint.invocation_timeout",
        "scalesim's default (900 s, AWS's default InvocationTimeoutSeconds): a header of each \
         request, not in the export",
    );
    notes.set(
        "endpoint.scale_in_mode",
        format!("scalesim's default. {INFERRED}"),
    );
    notes.set(
        "endpoint.bill_from",
        "scalesim's default [I]: billing from launch",
    );

    // Scaling, capacity.
    let scaling = policy::import_scaling(rec)?;
    warnings.extend(scaling.warnings.iter().cloned());
    let capacity = RecordedCapacity::from_record(rec, &window, scaling.min_capacity);
    let cold = cold_start::fit(&capacity.all_changes);
    ep.cold_start = match (cold.mean_s, cold.cv) {
        (Some(mean), Some(cv)) => ColdStartSpec {
            provisioning: Some(lognormal(mean, cv).1),
            image_pull: None,
            model_load: None,
            container_start: None,
        },
        _ => ColdStartSpec::default(),
    };
    notes.set("endpoint.cold_start", cold.source.clone());

    let (min, max) = match (scaling.min_capacity, scaling.max_capacity) {
        (Some(min), Some(max)) => (min, max),
        _ => {
            let n = capacity.initial.max(1);
            (n, n)
        }
    };
    let mut initial = capacity.initial;
    if initial < min || initial > max {
        warnings.push(format!(
            "the capacity at the window's start ({initial}, from {}) is outside [{min}, {max}]; \
             it is clamped",
            capacity.initial_source
        ));
        initial = initial.clamp(min, max);
    }
    let raw_capacity = RawCapacity {
        initial: Some(initial),
        min: Some(min),
        max: Some(max),
    };
    notes.set("capacity.initial", capacity.initial_source.clone());
    match &scaling.target_origin {
        Some(o) => {
            notes.set("capacity.min", o.field("MinCapacity"));
            notes.set("capacity.max", o.field("MaxCapacity"));
        }
        None => {
            let why = "no describe-scalable-targets in the record: the capacity is fixed at the \
                       initial one";
            notes.set("capacity.min", why);
            notes.set("capacity.max", why);
        }
    }

    // Metrics.
    let mut metrics = RawMetrics::default();
    let sampled = sample_interval(rec);
    match &sampled {
        Some((s, why)) => {
            metrics.sample_interval = Duration::from_secs(f64::from(*s));
            notes.set("metrics.sample_interval", why.clone());
        }
        None => notes.set(
            "metrics.sample_interval",
            format!("scalesim's default (10 s). {INFERRED}; a SampleCount of ApproximateBacklogSize in the export would settle it"),
        ),
    }
    notes.set(
        "metrics.metric_delay",
        format!("scalesim's default (60 s). {INFERRED}"),
    );
    notes.set(
        "metrics.tt_from_zero",
        format!("scalesim's default. {INFERRED}"),
    );
    notes.set(
        "metrics.per_instance_denominator",
        format!("scalesim's default. {INFERRED}"),
    );

    // Arrivals and service.
    let arr: Arrivals = match arrivals::from_notifications(rec, &window) {
        Some(a) => a,
        None => {
            let interval = match &sampled {
                Some((s, _)) => *s,
                None => {
                    notes.assumptions.push(
                        "the backlog's averages are read as samples every 10 s (scalesim's \
                         default sample interval: no SampleCount in the record)"
                            .into(),
                    );
                    10
                }
            };
            arrivals::from_metrics(rec, &window, interval).map_err(invalid)?
        }
    };
    if arr.requests == 0 {
        return Err(invalid(format!(
            "no request arrived in the window {} to {}; choose another window with --from/--to",
            window.start,
            window.end()
        )));
    }
    notes.assumptions.extend(arr.notes.iter().cloned());
    let origin = window.start.iso();
    let arrival = match arr.kind {
        ArrivalsKind::Trace => ArrivalSpec::Trace(TraceSpec {
            path: ARRIVALS_FILE.into(),
            time_column: "received_time".into(),
            time_format: TIME_FORMAT.into(),
            origin: Some(origin),
            speedup: None,
        }),
        ArrivalsKind::Counts { period_s } => ArrivalSpec::Counts(CountsSpec {
            path: ARRIVALS_FILE.into(),
            time_column: "period_start".into(),
            count_column: "arrivals".into(),
            time_format: TIME_FORMAT.into(),
            interval: Duration::from_secs(f64::from(period_s)),
            spread: crate::workload::Spread::Uniform,
            origin: Some(origin),
        }),
    };
    notes.set("arrivals[0]", arr.source.clone());
    let fit = service::fit(rec).map_err(invalid)?;
    notes.set("service", fit.source.clone());
    notes
        .assumptions
        .push(format!("service time: {}", fit.source));

    let policy = match scaling.spec.clone() {
        Some(spec) => PolicySpec::ApplicationAutoScaling(spec),
        None => PolicySpec::Fixed,
    };
    let name = opts.name.clone().unwrap_or_else(|| endpoint_name.clone());
    let raw = RawScenario {
        name: Some(name),
        description: Some(format!(
            "Endpoint {endpoint_name} ({variant_name}) as AWS recorded it from {} to {}, \
             imported by scalesim import-aws",
            window.start,
            window.end()
        )),
        seed: 1,
        horizon: Duration::from_secs(window.minutes as f64 * 60.0),
        warmup: Duration::default(),
        start_time: window.start_time_text(),
        arrivals: vec![arrival],
        service: lognormal(fit.mean_s, fit.cv).0,
        platform: Default::default(),
        client: Default::default(),
        endpoint: ep,
        capacity: raw_capacity,
        metrics,
        policy,
        variants: Vec::new(),
    };
    notes.set(
        "start_time",
        format!("the start of the record's first minute ({})", window.start),
    );
    notes.set(
        "horizon",
        format!(
            "the record's span, {} minutes, to {}",
            window.minutes,
            window.end()
        ),
    );
    notes.set("seed", "seed of the simulated randomness (service times, cold starts, arrival times within a period)");
    policy_notes(&mut notes, &scaling);

    let text = render(&raw, &notes, rec, &window)?;
    let report = ImportReport {
        endpoint: endpoint_name,
        variant: variant_name,
        window_start: window.start.iso(),
        window_end: window.end().iso(),
        minutes: window.minutes,
        requests: arr.requests,
        arrivals: arr.source,
        cold_start_samples: cold.samples,
        values: notes.values,
        differences: scaling.differences,
        assumptions: notes.assumptions,
        warnings,
        files: rec
            .files
            .iter()
            .map(|(f, k)| (f.display().to_string(), k.command().to_string()))
            .collect(),
    };
    Ok(Imported {
        scenario_toml: text,
        arrivals_csv: arr.csv,
        report,
    })
}

fn fallback_price(
    opts: &ImportOptions,
    instance_type: &str,
    region: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<(f64, String), InputError> {
    match opts.prices.find_any_region(instance_type) {
        Some(p) => {
            warnings.push(format!(
                "no price of {instance_type} in {} in {}; the {} price is used (give --price or \
                 --prices for your region)",
                region.unwrap_or("the endpoint's region (unknown: no ARN in the record)"),
                opts.prices_source,
                p.region
            ));
            Ok((
                p.usd_per_hour,
                format!(
                    "{} row {} {} ({}, {}): not the endpoint's region; re-check",
                    opts.prices_source, p.instance_type, p.region, p.as_of, p.source
                ),
            ))
        }
        None => Err(InputError::Invalid {
            file: PathBuf::from(&opts.prices_source),
            issues: vec![crate::error::Issue::new(
                "",
                format!(
                    "no price for instance type {instance_type:?}; give one with --price USD_PER_HOUR \
                     or a table with --prices FILE (columns instance_type,region,usd_per_hour,as_of,source)"
                ),
            )],
        }),
    }
}

fn policy_notes(notes: &mut Notes, scaling: &policy::ImportedScaling) {
    let Some(spec) = &scaling.spec else {
        notes.set(
            "policy",
            "fixed capacity: the record has no scalable target of the variant",
        );
        return;
    };
    notes.set("policy", "Application Auto Scaling as describe-scalable-targets, describe-scaling-policies, describe-scheduled-actions and describe-alarms show it");
    let origin_of = |list: &[(String, crate::recorded::Origin)], name: &str| {
        list.iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.describe())
    };
    for key in [
        "cooldown_clock",
        "tt_current_capacity",
        "refuse_while_updating",
    ] {
        notes.set(
            &format!("policy.{key}"),
            format!("scalesim's default. {INFERRED}"),
        );
    }
    for key in [
        "tt_high_evaluation_periods",
        "tt_low_evaluation_periods",
        "tt_low_threshold_factor",
    ] {
        notes.set(
            &format!("policy.{key}"),
            "scalesim's default [I]; where describe-alarms shows a policy's hidden alarms, \
             their real settings are in that policy's alarm_high / alarm_low and replace this",
        );
    }
    notes.set(
        "policy.alarm_evaluation_range_extra",
        "scalesim's default [I]: how many periods before the newest N CloudWatch looks at for \
         missing data",
    );
    if let Some(o) = &scaling.target_origin {
        notes.set("policy.suspended_state", o.field("SuspendedState"));
    }
    describe_policies(notes, spec, &origin_of, scaling);
}

/// Where the item of a name was read, from a list of (name, origin).
type OriginOf<'a> = &'a dyn Fn(&[(String, crate::recorded::Origin)], &str) -> Option<String>;

fn describe_policies(
    notes: &mut Notes,
    spec: &AasSpec,
    origin_of: OriginOf<'_>,
    scaling: &policy::ImportedScaling,
) {
    for (i, tt) in spec.target_tracking.iter().enumerate() {
        if let Some(o) = origin_of(&scaling.policy_origins, &tt.policy_name) {
            notes.set(&format!("policy.target_tracking[{i}]"), o);
        }
        for (key, alarm) in [("alarm_high", &tt.alarm_high), ("alarm_low", &tt.alarm_low)] {
            let Some(name) = alarm.as_ref().and_then(|a| a.alarm_name.as_deref()) else {
                continue;
            };
            if let Some(o) = origin_of(&scaling.alarm_origins, name) {
                notes.set(
                    &format!("policy.target_tracking[{i}].{key}"),
                    format!("the hidden alarm as AWS created it: {o}; fields left out equal scalesim's defaults"),
                );
            }
        }
    }
    for (i, s) in spec.step_scaling.iter().enumerate() {
        if let Some(o) = origin_of(&scaling.policy_origins, &s.policy_name) {
            notes.set(&format!("policy.step_scaling[{i}]"), o);
        }
        if let Some(o) = s
            .alarm
            .alarm_name
            .as_deref()
            .and_then(|n| origin_of(&scaling.alarm_origins, n))
        {
            notes.set(&format!("policy.step_scaling[{i}].alarm"), o);
        }
    }
    for (i, a) in spec.scheduled_actions.iter().enumerate() {
        if let Some(o) = origin_of(&scaling.schedule_origins, &a.scheduled_action_name) {
            notes.set(&format!("policy.scheduled_actions[{i}]"), o);
        }
    }
}

fn render(
    raw: &RawScenario,
    notes: &Notes,
    rec: &Recorded,
    window: &Window,
) -> Result<String, InputError> {
    let text = toml::to_string_pretty(raw).map_err(|e| InputError::Invalid {
        file: PathBuf::from(SCENARIO_FILE),
        issues: vec![crate::error::Issue::new(
            "",
            format!("cannot write the scenario: {e}"),
        )],
    })?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| InputError::Invalid {
        file: PathBuf::from(SCENARIO_FILE),
        issues: vec![crate::error::Issue::new(
            "",
            format!("cannot annotate the scenario: {e}"),
        )],
    })?;
    for p in &notes.values {
        annotate::annotate(&mut doc, &p.key, &p.source);
    }
    let files: Vec<String> = rec
        .files
        .iter()
        .map(|(f, k)| format!("{} ({})", f.display(), k.command()))
        .collect();
    let header = format!(
        "Imported by `scalesim import-aws` from what AWS recorded of the endpoint, {} to {}.\n\
         Each value says where it came from, or that it is scalesim's default and why. Rules \
         marked [I] are not documented by AWS; `scalesim calibrate` can settle them against the \
         record.\nFiles read: {}",
        window.start,
        window.end(),
        files.join("; ")
    );
    Ok(annotate::with_header(&doc, &header))
}

/// Write the scenario, its arrivals and the report into `dir`, then load the scenario to
/// check that it runs as it is. Returns the scenario's path.
pub fn write(dir: &Path, imported: &Imported) -> anyhow::Result<PathBuf> {
    use crate::report::atomic::write_atomic;
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    write_atomic(&dir.join(ARRIVALS_FILE), imported.arrivals_csv.as_bytes())
        .with_context(|| format!("writing {}", dir.join(ARRIVALS_FILE).display()))?;
    let scenario = dir.join(SCENARIO_FILE);
    write_atomic(&scenario, imported.scenario_toml.as_bytes())
        .with_context(|| format!("writing {}", scenario.display()))?;
    let mut json = serde_json::to_vec_pretty(&imported.report)?;
    json.push(b'\n');
    write_atomic(&dir.join(REPORT_FILE), &json)
        .with_context(|| format!("writing {}", dir.join(REPORT_FILE).display()))?;
    crate::scenario::load(&scenario, &[]).with_context(|| {
        format!(
            "the imported scenario {} does not load; this is a bug in scalesim's import, please \
             report it with the files",
            scenario.display()
        )
    })?;
    Ok(scenario)
}
