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
//!
//! This file holds the options, the report and [`import`], which assembles the scenario;
//! `endpoint` builds `[endpoint]` (with the price), `metrics` builds `[metrics]`, `notes`
//! keeps every value's source and the policy's notes, `output` renders the annotated TOML
//! and [`write`]s the files.

pub mod annotate;
pub mod arrivals;
pub mod cold_start;
mod endpoint;
mod metrics;
mod notes;
mod output;
pub mod policy;
pub mod service;

#[cfg(test)]
mod tests;

use crate::cost::{PriceTable, BUILTIN_PRICES_PATH};
use crate::distribution::cold_start::ColdStartSpec;
use crate::distribution::service::ServiceSpec;
use crate::distribution::DistSpec;
use crate::error::InputError;
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::capacity::RecordedCapacity;
use crate::replay::Window;
use crate::scenario::raw::{PolicySpec, RawCapacity, RawScenario};
use crate::time::Duration;
use crate::workload::{ArrivalSpec, CountsSpec, TraceSpec};
use arrivals::{Arrivals, ArrivalsKind, TIME_FORMAT};
use notes::{policy_notes, Notes};
use output::render;
pub use output::write;
use serde::Serialize;
use std::path::PathBuf;

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

/// An error about the record as a whole (`opts.record`).
fn invalid_record(opts: &ImportOptions, message: String) -> InputError {
    InputError::Invalid {
        file: opts.record.clone(),
        issues: vec![crate::error::Issue::new("", message)],
    }
}

/// Turn `rec` into a scenario (see the module docs).
pub fn import(rec: &Recorded, opts: &ImportOptions) -> Result<Imported, InputError> {
    let invalid = |message: String| invalid_record(opts, message);
    let window = Window::of_record(rec, opts.from, opts.to).map_err(invalid)?;
    let mut notes = Notes {
        values: Vec::new(),
        assumptions: Vec::new(),
    };
    let mut warnings: Vec<String> = rec.warnings.clone();

    let (endpoint_name, variant_name, mut ep) =
        endpoint::endpoint(rec, opts, &mut notes, &mut warnings)?;

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

    let (metrics, sampled) = metrics::metrics(rec, &mut notes);
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
