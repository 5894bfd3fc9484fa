//! Writing a simulated run in the shapes of the AWS CLI outputs that [`super::load`] reads:
//! what AWS would have recorded had the simulated endpoint been real. `scalesim
//! record-aws` writes a whole folder (to try `import-aws`, `backtest` and `calibrate`
//! without an AWS account, and for the round-trip tests); `backtest` writes the simulated
//! activities as `describe-scaling-activities` JSON so that a user can diff them with
//! their own.
//!
//! Owns the mapping from a [`RunTrace`] to those documents ([`write_record`],
//! [`scaling_activities`]); one submodule per kind of file:
//!
//! * `endpoint`: `describe-endpoint-config.json`, `describe-endpoint.json`
//!   (`aws sagemaker describe-endpoint-config` / `describe-endpoint`);
//! * `scaling`: `describe-scalable-targets.json`, `describe-scaling-policies.json`,
//!   `describe-scheduled-actions.json`, `describe-scaling-activities.json`
//!   (`aws application-autoscaling describe-…`);
//! * `alarms`: `describe-alarms.json`, `describe-alarm-history.json`
//!   (`aws cloudwatch describe-alarms` / `describe-alarm-history`);
//! * `metrics`: `get-metric-data-queries.json` and `get-metric-data.json`
//!   (`aws cloudwatch get-metric-data`);
//! * `notify`: `notifications.jsonl` (the endpoint's SNS success and error notifications);
//! * `readme`: `README.md` (what the folder is, each file's command);
//! * `ids`: timestamps in either style, and the ids and ARNs;
//! * `out`: writing the files, pretty-printed and paged.
//!
//! # Time
//! Simulation time 0 is [`SimulatedRecord::start`]; simulated time `t` is UTC `start + t`.
//! Minute `m` covers `[start + 60m s, start + 60m + 60 s)` and its CloudWatch datapoint is
//! stamped with the start of the minute. An alarm state reported for minute `m` took
//! effect at the end of that minute. The endpoint was created a day before `start`; the
//! scalable target, its policies, alarms and scheduled actions at `start` (so every alarm
//! starts in `INSUFFICIENT_DATA` there, as a new alarm does).
//!
//! # Conventions
//! * Output is a function of the input only: ids, ARNs and page tokens are hashes of names
//!   and indices, never random or wall-clock.
//! * JSON is pretty-printed with a 4-space indent like the AWS CLI, with a trailing
//!   newline. Objects are built in AWS's member order, but `serde_json` (without its
//!   `preserve_order` feature) prints members alphabetically; readers must not (and ours do
//!   not) depend on member order. The JSON inside strings (`HistoryData`,
//!   `StateReasonData`) and the notification lines are written in AWS's order.
//! * Times follow [`WriteOptions::timestamps`] everywhere except in the SNS notifications,
//!   which SageMaker always sends as ISO 8601 UTC with milliseconds.
//! * Counts are JSON integers where AWS prints integers (capacities, `Period`); metric
//!   values are JSON numbers; non-finite values are left out, never written.
//!
//! # Interpretations
//! * Only scenarios on the `sagemaker_async` platform can be written (an `InvalidInput`
//!   error otherwise). A policy other than Application Auto Scaling leaves no scaling
//!   policies or alarms: only the scalable target (and the activities of the capacity
//!   changes, whatever their cause).
//! * `describe-scalable-targets` shows the bounds the scenario registers, not bounds a
//!   scheduled action may have changed during the run; `describe-endpoint` says
//!   `InService` even when a scaling activity is still in progress at the end.
//! * Free texts follow the forms AWS documents where it does (activity descriptions,
//!   causes and status messages; alarm history summaries; `StateReason`s such as
//!   `Threshold Crossed: 3 out of the last 3 datapoints [...] were greater than the
//!   threshold (5.0) ...`); the failure reason of a timed-out request is scalesim's own.

mod alarms;
mod endpoint;
mod ids;
mod metrics;
mod notify;
mod out;
mod readme;
mod scaling;

#[cfg(test)]
mod tests;

use super::UtcMicros;
use crate::aws::spec::AasConfig;
use crate::platform::PlatformKind;
use crate::scenario::{PolicyConfig, Scenario};
use crate::sim::trace::RunTrace;
use crate::time::SimTime;
use serde_json::{Map, Value};
use std::io;
use std::path::{Path, PathBuf};

use out::{page_name, Out};

/// How timestamps are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampStyle {
    /// Epoch seconds with milliseconds (`1462575838.171`): the JSON APIs, and AWS CLI v1
    /// for SageMaker and Application Auto Scaling.
    EpochSeconds,
    /// ISO 8601 with this UTC offset in minutes (`2023-08-14T13:53:10.480000+08:00`): AWS
    /// CLI v2, which prints times in the local zone.
    Iso8601 {
        /// Offset from UTC, minutes (e.g. 480 for +08:00, 0 prints `+00:00`).
        offset_minutes: i32,
    },
}

/// Options of [`write_record`].
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// Timestamp form of every file.
    pub timestamps: TimestampStyle,
    /// At most this many datapoints per metric result (get-metric-data) or items per list
    /// (activities, alarm history) in one file; more go to further page files with a
    /// `NextToken`. `None`: one file each. `Some(0)` is taken as 1.
    pub page_size: Option<usize>,
    /// Also write the SNS notifications of every finished request (`notifications.jsonl`);
    /// needs a trace with its requests.
    pub notifications: bool,
    /// Region of the ARNs.
    pub region: String,
    /// Account id of the ARNs.
    pub account_id: String,
    /// The seed the run used, for the README (`None`: the scenario's own).
    pub seed: Option<u64>,
    /// Only these metric series, as `Metric:Statistic` (`ApproximateBacklogSize:Average`);
    /// `None`: all of [`metric_series`].
    pub metrics: Option<Vec<String>>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            timestamps: TimestampStyle::Iso8601 { offset_minutes: 0 },
            page_size: None,
            notifications: false,
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            seed: None,
            metrics: None,
        }
    }
}

/// A simulated endpoint and one run of it.
#[derive(Debug, Clone, Copy)]
pub struct SimulatedRecord<'a> {
    /// The scenario that ran (a SageMaker asynchronous endpoint).
    pub scenario: &'a Scenario,
    /// UTC time of simulation time 0 (the scenario's `start_time`).
    pub start: UtcMicros,
    /// What the run left.
    pub trace: &'a RunTrace,
}

pub use metrics::metric_series;

/// Write the whole record into `dir` (created if needed); returns the files written, in
/// order. Refuses (`InvalidInput`) a scenario that is not a SageMaker asynchronous
/// endpoint, and notifications without the trace's requests.
pub fn write_record(
    dir: &Path,
    rec: &SimulatedRecord<'_>,
    opts: &WriteOptions,
) -> io::Result<Vec<PathBuf>> {
    check_platform(rec.scenario)?;
    if opts.notifications && rec.trace.requests.is_none() {
        return Err(invalid(
            "notifications need every request of the run: record the trace with \
             RunTrace::new(alarm_names, true)"
                .into(),
        ));
    }
    let cx = Ctx::new(rec, opts)?;
    std::fs::create_dir_all(dir)?;
    let mut out = Out::new(dir);
    endpoint::write(&cx, &mut out)?;
    scaling::write_setup(&cx, &mut out)?;
    alarms::write(&cx, &mut out)?;
    let activities = scaling::activities(&cx);
    out.paged_list(
        &cx,
        "describe-scaling-activities",
        "ScalingActivities",
        activities,
        &cx.commands().activities(),
    )?;
    metrics::write(&cx, &mut out)?;
    if opts.notifications {
        notify::write(&cx, &mut out)?;
    }
    readme::write(&cx, &mut out)?;
    Ok(out.files.into_iter().map(|f| f.path).collect())
}

/// `describe-scaling-activities` output of the run (all pages as one document, newest
/// first), as `describe-scaling-activities --include-not-scaled-activities` prints it.
pub fn scaling_activities(rec: &SimulatedRecord<'_>, opts: &WriteOptions) -> Value {
    let cx = Ctx::without_export(rec, opts);
    let mut doc = Map::new();
    doc.insert(
        "ScalingActivities".into(),
        Value::Array(scaling::activities(&cx)),
    );
    Value::Object(doc)
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Only an asynchronous endpoint has the record this module writes.
fn check_platform(sc: &Scenario) -> io::Result<()> {
    let kind = sc.sim.endpoint.platform.kind();
    if kind == PlatformKind::SagemakerAsync {
        return Ok(());
    }
    Err(invalid(format!(
        "scenario `{}` runs on platform `{}`: scalesim writes the AWS record of SageMaker \
         asynchronous endpoints only (set [platform] kind = \"{}\")",
        sc.name(),
        kind.name(),
        PlatformKind::SagemakerAsync.name()
    )))
}

/// The requests of `Scenario::aws_export`, as JSON objects, by kind.
#[derive(Debug, Default)]
struct Export {
    /// `register-scalable-target`.
    register: Option<Value>,
    /// `put-scaling-policy`, in export order (target tracking, then step).
    policies: Vec<Value>,
    /// `put-metric-alarm` (one per step policy).
    alarms: Vec<Value>,
    /// `put-scheduled-action`.
    scheduled: Vec<Value>,
}

impl Export {
    fn of(sc: &Scenario, opts: &WriteOptions) -> io::Result<Export> {
        let (files, _) = sc.aws_export(&opts.region, &opts.account_id);
        let mut export = Export::default();
        for f in files {
            let v: Value = serde_json::from_str(&f.json).map_err(|e| {
                io::Error::other(format!("the exported {} is not JSON: {e}", f.name))
            })?;
            let cmd = &f.aws_command;
            if cmd.contains(" register-scalable-target ") {
                export.register = Some(v);
            } else if cmd.contains(" put-scaling-policy ") {
                export.policies.push(v);
            } else if cmd.contains(" put-metric-alarm ") {
                export.alarms.push(v);
            } else if cmd.contains(" put-scheduled-action ") {
                export.scheduled.push(v);
            }
        }
        Ok(export)
    }
}

/// Everything the writers share: the record, the options, the AWS names of the endpoint.
struct Ctx<'a> {
    rec: &'a SimulatedRecord<'a>,
    opts: &'a WriteOptions,
    /// `EndpointName`.
    endpoint: String,
    /// `VariantName`.
    variant: String,
    /// `endpoint/<endpoint>/variant/<variant>`.
    resource_id: String,
    /// The scaling requests of the scenario.
    export: Export,
}

impl<'a> Ctx<'a> {
    fn new(rec: &'a SimulatedRecord<'a>, opts: &'a WriteOptions) -> io::Result<Ctx<'a>> {
        Ok(Ctx {
            export: Export::of(rec.scenario, opts)?,
            ..Ctx::without_export(rec, opts)
        })
    }

    /// A context for the activities alone (they need no request).
    fn without_export(rec: &'a SimulatedRecord<'a>, opts: &'a WriteOptions) -> Ctx<'a> {
        let sc = rec.scenario;
        let endpoint = sc
            .raw
            .endpoint
            .name
            .clone()
            .unwrap_or_else(|| sc.name().into());
        let variant = sc.raw.endpoint.variant_name.clone();
        Ctx {
            resource_id: crate::aws::export::resource_id(&endpoint, &variant),
            endpoint,
            variant,
            rec,
            opts,
            export: Export::default(),
        }
    }

    fn scenario(&self) -> &'a Scenario {
        self.rec.scenario
    }

    fn trace(&self) -> &'a RunTrace {
        self.rec.trace
    }

    /// The simulated Application Auto Scaling, if that is the policy.
    fn aas(&self) -> Option<&'a AasConfig> {
        match &self.rec.scenario.policy {
            PolicyConfig::ApplicationAutoScaling(c) => Some(c),
            _ => None,
        }
    }

    /// UTC of simulated time `t`.
    fn utc(&self, t: SimTime) -> UtcMicros {
        UtcMicros(self.rec.start.0.saturating_add(t.0 as i64))
    }

    /// UTC of the start of minute `m`.
    fn minute_start(&self, m: u64) -> UtcMicros {
        UtcMicros(
            self.rec
                .start
                .0
                .saturating_add((m as i64).saturating_mul(60_000_000)),
        )
    }

    /// `t` as a JSON timestamp in the chosen style.
    fn time(&self, t: UtcMicros) -> Value {
        ids::time_value(t, self.opts.timestamps)
    }

    /// The end of the recorded window: the horizon, or the last minute's end if later.
    fn end(&self) -> UtcMicros {
        let horizon = self.utc(self.scenario().sim.horizon);
        let last = self.trace().minutes.last().map(|m| m.record.minute + 1);
        horizon.max(last.map_or(horizon, |m| self.minute_start(m)))
    }

    /// When the scalable target, the policies and the alarms were created.
    fn setup_time(&self) -> UtcMicros {
        self.rec.start
    }

    /// The real-looking `PolicyARN` of the policy called `name`.
    fn policy_arn(&self, name: &str) -> String {
        ids::policy_arn(
            &self.opts.region,
            &self.opts.account_id,
            &self.resource_id,
            name,
        )
    }

    /// The AWS CLI commands each file stands for.
    fn commands(&self) -> readme::Commands<'_> {
        readme::Commands { cx: self }
    }
}

/// A finite `f64` as a JSON number (`None` for NaN and infinities).
fn number(v: f64) -> Option<Value> {
    serde_json::Number::from_f64(v).map(Value::Number)
}

/// An object from `(key, value)` pairs, in order.
fn object<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}
