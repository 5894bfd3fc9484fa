//! The settings `calibrate` searches ([`Knob`]) and their candidate values, from the
//! scenario's own values and what the record measures: the sample interval (unless a
//! `SampleCount` measures it), the metric delay, the Application Auto Scaling `[I]` rules and
//! the cold start's mean. Re-exported by [`super`].

use crate::distribution::DistSpec;
use crate::recorded::Recorded;
use crate::scenario::raw::PolicySpec;
use crate::scenario::Scenario;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Knob {
    /// Dotted path.
    pub key: String,
    /// Candidate values, as TOML text.
    pub values: Vec<String>,
    /// The scenario's own value.
    pub current: String,
    /// What it changes, one line.
    pub what: String,
}

pub(super) fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn plain<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Durations as the scenario writes them (`"1m"`, `"2m"`), quoted.
fn durations(secs: &[f64]) -> Vec<String> {
    secs.iter()
        .map(|s| quoted(&crate::time::format_duration_secs(*s)))
        .collect()
}

fn with_current<S: AsRef<str>>(values: &[S], current: String) -> Vec<String> {
    let mut out: Vec<String> = values.iter().map(|v| v.as_ref().to_string()).collect();
    if !out.contains(&current) {
        out.push(current);
    }
    out
}

/// The cold start as one lognormal stage: (mean s, cv) of the scenario's cold start.
fn cold_start_shape(sc: &Scenario) -> (f64, f64) {
    let cs = &sc.raw.endpoint.cold_start;
    let only_provisioning =
        cs.image_pull.is_none() && cs.model_load.is_none() && cs.container_start.is_none();
    match (&cs.provisioning, only_provisioning) {
        (Some(DistSpec::Lognormal { mean, cv }), true) => (mean.secs(), *cv),
        _ => (sc.sim.endpoint.cold_start.mean_secs(), 0.0),
    }
}

/// The TOML value of a one-stage cold start of `mean_s` and `cv`.
fn cold_start_value(mean_s: f64, cv: f64) -> String {
    let mean = quoted(&crate::time::format_duration_secs(
        (mean_s * 1000.0).round() / 1000.0,
    ));
    if cv > 0.0 {
        format!("{{ provisioning = {{ kind = \"lognormal\", mean = {mean}, cv = {cv} }} }}")
    } else {
        format!("{{ provisioning = {{ kind = \"deterministic\", value = {mean} }} }}")
    }
}

/// The gauge whose `SampleCount` in `rec` measures the sample interval, if any.
fn measured_interval(rec: &Recorded) -> Option<&'static str> {
    [
        "ApproximateBacklogSize",
        "ApproximateBacklogSizePerInstance",
        "HasBacklogWithoutCapacity",
        "ApproximateAgeOfOldestRequest",
    ]
    .into_iter()
    .find(|m| {
        rec.series(m, "SampleCount")
            .is_some_and(|s| !s.points.is_empty())
    })
}

/// The settings to search for `sc` against `rec` (see the module docs).
pub fn knobs(sc: &Scenario, rec: &Recorded) -> Vec<Knob> {
    let raw = &sc.raw;
    let mut out = vec![
        Knob {
            key: "metrics.sample_interval".into(),
            current: quoted(&raw.metrics.sample_interval.to_string()),
            values: Vec::new(),
            what: "how often the backlog gauges are sampled within a minute's datapoint".into(),
        },
        Knob {
            key: "metrics.metric_delay".into(),
            current: quoted(&raw.metrics.metric_delay.to_string()),
            values: Vec::new(),
            what: "delay from the end of a minute until its datapoint reaches the alarms".into(),
        },
    ];
    match measured_interval(rec) {
        Some(metric) => {
            out[0].values = vec![out[0].current.clone()];
            out[0].what = format!(
                "not searched: the record's {metric} SampleCount measures it (import-aws set it \
                 from there)"
            );
        }
        None => {
            out[0].values = with_current(
                &durations(&[10.0, 20.0, 30.0, 60.0]),
                out[0].current.clone(),
            );
        }
    }
    out[1].values = with_current(
        &durations(&[0.0, 60.0, 120.0, 180.0]),
        out[1].current.clone(),
    );
    if let PolicySpec::ApplicationAutoScaling(p) = &raw.policy {
        if !p.target_tracking.is_empty() {
            let current = quoted(&plain(&p.tt_current_capacity));
            out.push(Knob {
                key: "policy.tt_current_capacity".into(),
                values: with_current(&["\"in_service\"", "\"desired\""], current.clone()),
                current,
                what: "the capacity C in target tracking's ceil(C·M/T)".into(),
            });
        }
        let current = quoted(&plain(&p.cooldown_clock));
        out.push(Knob {
            key: "policy.cooldown_clock".into(),
            values: with_current(&["\"activity_complete\"", "\"request\""], current.clone()),
            current,
            what: "whether a cooldown starts when the activity completes or when it is requested"
                .into(),
        });
        let current = p.refuse_while_updating.to_string();
        out.push(Knob {
            key: "policy.refuse_while_updating".into(),
            values: with_current(&["true", "false"], current.clone()),
            current,
            what: "whether a change is refused while the previous one is in progress".into(),
        });
    }
    let (mean, cv) = cold_start_shape(sc);
    let current = cold_start_value(mean, cv);
    let values: Vec<String> = [0.8, 0.9, 1.0, 1.1, 1.25]
        .iter()
        .map(|f| cold_start_value(mean * f, cv))
        .collect();
    out.push(Knob {
        key: "endpoint.cold_start".into(),
        values: with_current(
            &values.iter().map(String::as_str).collect::<Vec<_>>(),
            current.clone(),
        ),
        current,
        what: format!(
            "the cold start's mean (the scenario's {:.0} s × 0.8 to 1.25, cv {cv} kept)",
            mean
        ),
    });
    out
}
