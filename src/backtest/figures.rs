//! What a backtest's comparison holds: the events and their matches, the fits of the
//! metrics and of the per-request means, the alarm transitions, the [`Figures`] (with the
//! score) and the minute-by-minute rows.

use serde::Serialize;

/// One change of the desired capacity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// When it was requested (ISO 8601 UTC).
    pub time: String,
    /// Seconds from the window's start.
    pub offset_s: f64,
    /// Desired capacity before.
    pub from: u32,
    /// Desired capacity after.
    pub to: u32,
    /// Seconds until it completed, when it did.
    pub duration_s: Option<f64>,
}

/// A recorded event and the simulated one it matched, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventMatch {
    /// The recorded event.
    pub recorded: Event,
    /// The simulated event paired with it.
    pub simulated: Option<Event>,
    /// Simulated − recorded, seconds.
    pub lag_s: Option<f64>,
}

/// The fit of one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesFit {
    /// Metric name.
    pub metric: String,
    /// Statistic compared.
    pub statistic: String,
    /// Minutes where both have a datapoint.
    pub minutes: usize,
    /// Mean of the recorded values over those minutes.
    pub recorded_mean: f64,
    /// Mean of the simulated values.
    pub simulated_mean: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// `Σ|sim − rec| ÷ Σ|rec|` (None when the record is all zero).
    pub relative_error: Option<f64>,
}

/// Recorded against simulated means of a per-request time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanFit {
    /// What is compared (`TimeInBacklog vs queue wait`).
    pub what: String,
    /// Recorded mean, seconds (weighted by SampleCount).
    pub recorded_mean_s: f64,
    /// Simulated mean, seconds.
    pub simulated_mean_s: f64,
    /// `|sim − rec| ÷ rec`.
    pub relative_error: Option<f64>,
    /// Requests behind the recorded mean (its SampleCount; 0 if not exported).
    pub recorded_requests: f64,
}

/// Alarm transitions matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmFit {
    /// Recorded state changes in the window, of alarms the simulation has.
    pub recorded: usize,
    /// Of those, made by the simulated alarm within the tolerance.
    pub matched: usize,
    /// `matched ÷ recorded`.
    pub share: Option<f64>,
    /// Recorded alarms the simulation does not have (by name).
    pub unknown_alarms: Vec<String>,
}

/// Every figure of fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Recorded scaling events in the window.
    pub events_recorded: usize,
    /// Simulated scaling events.
    pub events_simulated: usize,
    /// Pairs matched within the tolerance.
    pub events_matched: usize,
    /// Share of recorded events matched within ±2 minutes.
    pub events_matched_share: Option<f64>,
    /// Share of simulated events matched.
    pub simulated_events_matched_share: Option<f64>,
    /// Mean |lag| of the matched pairs, seconds.
    pub mean_abs_lag_s: Option<f64>,
    /// Mean lag (simulated − recorded), seconds.
    pub mean_lag_s: Option<f64>,
    /// Mean `EndTime − StartTime` of the matched scale-outs, recorded, seconds.
    pub scale_out_duration_recorded_s: Option<f64>,
    /// The same, simulated.
    pub scale_out_duration_simulated_s: Option<f64>,
    /// `|sim − rec| ÷ rec` of those means.
    pub scale_out_duration_relative_error: Option<f64>,
    /// Mean absolute error of the desired capacity per minute.
    pub capacity_mae: f64,
    /// Mean recorded desired capacity.
    pub capacity_recorded_mean: f64,
    /// Recorded instance-hours (integral of the desired capacity).
    pub instance_hours_recorded: f64,
    /// Simulated billed instance-hours.
    pub instance_hours_simulated: f64,
    /// `(sim − rec) ÷ rec`.
    pub instance_hours_relative_error: Option<f64>,
    /// The metrics.
    pub metrics: Vec<SeriesFit>,
    /// TimeInBacklog against the simulated wait.
    pub wait: Option<MeanFit>,
    /// TotalProcessingTime against the simulated latency.
    pub latency: Option<MeanFit>,
    /// Alarm state changes.
    pub alarms: Option<AlarmFit>,
    /// The score (see the module docs; 0 is perfect).
    pub score: f64,
}

/// One minute of `backtest.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinuteRow {
    /// Minute index from the window's start.
    pub minute: u64,
    /// Start of the minute, ISO 8601 UTC.
    pub time: String,
    /// Recorded desired capacity at the end of the minute.
    pub recorded_desired: u32,
    /// Simulated desired capacity.
    pub simulated_desired: u32,
    /// Simulated InService instances.
    pub simulated_in_service: u32,
    /// Per metric compared: (recorded, simulated).
    pub metrics: Vec<(Option<f64>, Option<f64>)>,
    /// TimeInBacklog mean (s), recorded and simulated wait.
    pub wait_s: (Option<f64>, Option<f64>),
    /// TotalProcessingTime mean (s), recorded and simulated latency.
    pub latency_s: (Option<f64>, Option<f64>),
    /// InvocationsProcesssed, recorded and simulated completions.
    pub processed: (Option<f64>, u64),
}

/// The comparison of one run with the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The figures.
    pub figures: Figures,
    /// Every recorded event and its match.
    pub matches: Vec<EventMatch>,
    /// Simulated events no recorded one matched.
    pub unmatched_simulated: Vec<Event>,
    /// Minute by minute.
    pub rows: Vec<MinuteRow>,
    /// The metrics of [`MinuteRow::metrics`], in order: (name, statistic).
    pub metric_columns: Vec<(String, String)>,
}
