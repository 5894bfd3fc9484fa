//! Measurement: per-minute endpoint metrics, streaming latency statistics and the run
//! totals. Everything here has constant memory in the horizon.

pub mod histogram;
pub mod minute;

use serde::Serialize;

/// CloudWatch-style statistics of one metric over one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StatSet {
    /// Number of samples in the period.
    pub sample_count: f64,
    /// Sum of the samples.
    pub sum: f64,
    /// Smallest sample.
    pub minimum: f64,
    /// Largest sample.
    pub maximum: f64,
}

impl StatSet {
    /// Sum ÷ SampleCount.
    pub fn average(&self) -> f64 {
        if self.sample_count > 0.0 {
            self.sum / self.sample_count
        } else {
            0.0
        }
    }
}

/// The endpoint metrics scalesim publishes once a minute (spec 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EndpointMetric {
    /// Requests queued or being processed.
    ApproximateBacklogSize,
    /// Backlog ÷ InService instances (spec 3.2; at 0 instances see `tt_from_zero`).
    ApproximateBacklogSizePerInstance,
    /// Age in seconds of the oldest request not yet finished.
    ApproximateAgeOfOldestRequest,
    /// 1 when there is backlog and no InService instance, else 0.
    HasBacklogWithoutCapacity,
}

impl EndpointMetric {
    /// Every metric, in column order.
    pub const ALL: [EndpointMetric; 4] = [
        EndpointMetric::ApproximateBacklogSize,
        EndpointMetric::ApproximateBacklogSizePerInstance,
        EndpointMetric::ApproximateAgeOfOldestRequest,
        EndpointMetric::HasBacklogWithoutCapacity,
    ];

    /// The CloudWatch metric name.
    pub fn name(self) -> &'static str {
        match self {
            EndpointMetric::ApproximateBacklogSize => "ApproximateBacklogSize",
            EndpointMetric::ApproximateBacklogSizePerInstance => {
                "ApproximateBacklogSizePerInstance"
            }
            EndpointMetric::ApproximateAgeOfOldestRequest => "ApproximateAgeOfOldestRequest",
            EndpointMetric::HasBacklogWithoutCapacity => "HasBacklogWithoutCapacity",
        }
    }

    /// The metric with this CloudWatch name, if scalesim publishes it.
    pub fn from_name(name: &str) -> Option<EndpointMetric> {
        EndpointMetric::ALL.into_iter().find(|m| m.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One minute of published endpoint metrics: the datapoint of each metric, or `None`
/// where the metric has no datapoint for that minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricMinute {
    /// Minute index: the minute covers `[60·minute, 60·minute + 60)` seconds.
    pub minute: u64,
    values: [Option<StatSet>; 4],
}

impl MetricMinute {
    /// A minute with the given datapoints, in [`EndpointMetric::ALL`] order.
    pub fn new(minute: u64, values: [Option<StatSet>; 4]) -> MetricMinute {
        MetricMinute { minute, values }
    }

    /// The datapoint of `metric`, if there is one.
    pub fn get(&self, metric: EndpointMetric) -> Option<StatSet> {
        self.values[metric.index()]
    }
}
