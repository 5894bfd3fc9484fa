//! `scalesim backtest`: replay the recorded window and say how closely the simulation
//! matches what AWS really did ([`compare`] holds the figures and the score).
//!
//! The scenario's `start_time` and `horizon` choose the window (an imported scenario has
//! the record's); the run starts with the scenario's `capacity.initial` and replays its
//! arrivals. Outputs, in the output folder: `backtest.csv` (minute by minute, recorded and
//! simulated side by side), `backtest.json` (the figures of fit, every event and its
//! match, the `[I]` settings of the run), `backtest.svg` (the overlay chart) and
//! `simulated-scaling-activities.json` (the run's activities in the shape of
//! `describe-scaling-activities`, to diff with the user's own).

pub mod compare;
mod figures;
mod fit;
pub mod output;

use crate::error::InputError;
use crate::platform::PlatformKind;
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::capacity::RecordedCapacity;
use crate::replay::Window;
use crate::scenario::raw::PolicySpec;
use crate::scenario::Scenario;
use crate::sim::summary::RunSummary;
use crate::sim::trace::RunTrace;
use crate::sim::Simulation;
use compare::Comparison;
use serde::Serialize;

/// One backtest: the run and its comparison with the record.
#[derive(Debug, Clone)]
pub struct Backtest {
    /// The window compared.
    pub window: Window,
    /// The recorded capacity over it.
    pub capacity: RecordedCapacity,
    /// The run's summary.
    pub summary: RunSummary,
    /// What the run left.
    pub trace: RunTrace,
    /// The comparison.
    pub comparison: Comparison,
    /// The settings of the run that AWS does not document.
    pub settings: Vec<Setting>,
}

/// One `[I]` setting of the scenario and its value in this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// Dotted path (`metrics.sample_interval`).
    pub key: String,
    /// Its value, as TOML would write it.
    pub value: String,
}

/// The window a scenario covers: from its `start_time`, for its horizon.
pub fn window_of(sc: &Scenario) -> Result<Window, InputError> {
    let start = crate::aws::schedule::parse_timestamp(&sc.raw.start_time).map_err(|message| {
        InputError::Invalid {
            file: sc.file.clone(),
            issues: vec![crate::error::Issue::new("start_time", message)],
        }
    })?;
    let start = UtcMicros((start * 1e6).round() as i64);
    let end = UtcMicros(start.0 + sc.sim.horizon.0 as i64);
    Ok(Window::new(start, end))
}

/// The `[I]` settings of `sc`, as written.
pub fn settings_of(sc: &Scenario) -> Vec<Setting> {
    let raw = &sc.raw;
    let mut out = vec![
        (
            "metrics.sample_interval",
            raw.metrics.sample_interval.to_string(),
        ),
        ("metrics.metric_delay", raw.metrics.metric_delay.to_string()),
        ("metrics.tt_from_zero", plain(&raw.metrics.tt_from_zero)),
        (
            "metrics.per_instance_denominator",
            plain(&raw.metrics.per_instance_denominator),
        ),
        ("endpoint.scale_in_mode", plain(&raw.endpoint.scale_in_mode)),
    ];
    if let PolicySpec::ApplicationAutoScaling(p) = &raw.policy {
        out.push(("policy.cooldown_clock", plain(&p.cooldown_clock)));
        out.push(("policy.tt_current_capacity", plain(&p.tt_current_capacity)));
        out.push((
            "policy.refuse_while_updating",
            p.refuse_while_updating.to_string(),
        ));
    }
    out.push((
        "endpoint.cold_start",
        format!(
            "mean {}",
            crate::time::human_duration(sc.sim.endpoint.cold_start.mean_secs())
        ),
    ));
    out.into_iter()
        .map(|(k, v)| Setting {
            key: k.into(),
            value: v,
        })
        .collect()
}

fn plain<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Run `sc` with `seed` and compare the run with `rec`.
pub fn run(sc: &Scenario, rec: &Recorded, seed: u64) -> Result<Backtest, InputError> {
    if sc.sim.endpoint.platform.kind() != PlatformKind::SagemakerAsync {
        return Err(InputError::Invalid {
            file: sc.file.clone(),
            issues: vec![crate::error::Issue::new(
                "platform.kind",
                "backtest compares a SageMaker asynchronous endpoint with its AWS record; this \
                 scenario is on another platform",
            )],
        });
    }
    let window = window_of(sc)?;
    let overlap = rec
        .metrics
        .iter()
        .filter_map(|s| s.span())
        .any(|(a, b)| a < window.end() && b >= window.start)
        || rec
            .notifications
            .iter()
            .any(|n| window.minute_of(n.received).is_some());
    if !overlap {
        return Err(InputError::Invalid {
            file: sc.file.clone(),
            issues: vec![crate::error::Issue::new(
                "start_time",
                format!(
                    "the scenario covers {} to {}, but the record has no datapoint in that \
                     window; import the record with `scalesim import-aws` to get a scenario of \
                     its window",
                    window.start,
                    window.end()
                ),
            )],
        });
    }
    Ok(run_in(
        sc,
        rec,
        seed,
        &window,
        &capacity_of(sc, rec, &window),
    ))
}

/// The recorded capacity over `w`, with the scenario's minimum as the hint.
pub fn capacity_of(sc: &Scenario, rec: &Recorded, w: &Window) -> RecordedCapacity {
    RecordedCapacity::from_record(rec, w, Some(sc.sim.capacity.min))
}

/// [`run`] on a known window and recorded capacity (what `calibrate` repeats).
pub fn run_in(
    sc: &Scenario,
    rec: &Recorded,
    seed: u64,
    window: &Window,
    capacity: &RecordedCapacity,
) -> Backtest {
    let sim = Simulation::new(&sc.sim, seed, sc.build_policy());
    let mut trace = RunTrace::new(sim.alarm_names(), false);
    let summary = sim.run(&mut trace);
    let comparison = compare::compare(&trace, &summary, rec, capacity, window);
    Backtest {
        window: *window,
        capacity: capacity.clone(),
        summary,
        trace,
        comparison,
        settings: settings_of(sc),
    }
}
