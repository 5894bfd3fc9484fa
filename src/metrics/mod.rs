//! Measurement: per-minute endpoint metrics, streaming latency statistics and the run
//! totals. Everything here has constant memory in the horizon.

pub mod buckets;
pub mod histogram;
pub mod minute;

use serde::{Deserialize, Serialize};

/// A CloudWatch statistic (docs/aws-semantics.md §5.3 `Statistic`, §5.5 `Statistic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Statistic {
    /// `Sum / SampleCount`.
    Average,
    /// The lowest value.
    Minimum,
    /// The highest value.
    Maximum,
    /// The sum of all values.
    Sum,
    /// The number of values.
    SampleCount,
}

/// The aggregate of one metric over one period (what CloudWatch stores per datapoint).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StatisticSet {
    /// Number of values published in the period.
    pub sample_count: f64,
    /// Sum of the values.
    pub sum: f64,
    /// Lowest value.
    pub minimum: f64,
    /// Highest value.
    pub maximum: f64,
}

impl StatisticSet {
    /// The set holding one value.
    pub fn single(value: f64) -> StatisticSet {
        StatisticSet {
            sample_count: 1.0,
            sum: value,
            minimum: value,
            maximum: value,
        }
    }

    /// The set of `values`, or `None` when there are none (a missing datapoint).
    pub fn from_values(values: &[f64]) -> Option<StatisticSet> {
        let (first, rest) = values.split_first()?;
        let mut set = StatisticSet::single(*first);
        for v in rest {
            set.push(*v);
        }
        Some(set)
    }

    /// Add one value.
    pub fn push(&mut self, value: f64) {
        self.sample_count += 1.0;
        self.sum += value;
        self.minimum = self.minimum.min(value);
        self.maximum = self.maximum.max(value);
    }

    /// The value of `statistic` for this set. `Average` is `sum / sample_count` (NaN when the
    /// set is empty, which alarms treat as missing).
    pub fn get(&self, statistic: Statistic) -> f64 {
        match statistic {
            Statistic::Average => {
                if self.sample_count > 0.0 {
                    self.sum / self.sample_count
                } else {
                    f64::NAN
                }
            }
            Statistic::Minimum => self.minimum,
            Statistic::Maximum => self.maximum,
            Statistic::Sum => self.sum,
            Statistic::SampleCount => self.sample_count,
        }
    }
}

impl StatisticSet {
    /// Sum ÷ SampleCount (NaN when empty).
    pub fn average(&self) -> f64 {
        self.get(Statistic::Average)
    }
}

/// The endpoint metrics scalesim publishes once a minute (docs/aws-semantics.md §3.1; §6.3–6.4 for
/// inference components).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EndpointMetric {
    /// Requests queued or being processed.
    ApproximateBacklogSize,
    /// Backlog ÷ InService instances (docs/aws-semantics.md §3.2; at 0 instances see
    /// `tt_from_zero`).
    ApproximateBacklogSizePerInstance,
    /// Age in seconds of the oldest request not yet finished.
    ApproximateAgeOfOldestRequest,
    /// 1 when there is backlog and no InService instance, else 0.
    HasBacklogWithoutCapacity,
    /// Requests refused because no copy was InService (real-time inference components).
    NoCapacityInvocationFailures,
    /// Requests accepted in the minute per InService copy.
    InvocationsPerCopy,
    /// Requests queued or in flight per InService copy.
    ConcurrentRequestsPerCopy,
}

/// How many metrics [`EndpointMetric::ALL`] holds.
pub const METRIC_COUNT: usize = 7;

impl EndpointMetric {
    /// Every metric, in column order.
    pub const ALL: [EndpointMetric; METRIC_COUNT] = [
        EndpointMetric::ApproximateBacklogSize,
        EndpointMetric::ApproximateBacklogSizePerInstance,
        EndpointMetric::ApproximateAgeOfOldestRequest,
        EndpointMetric::HasBacklogWithoutCapacity,
        EndpointMetric::NoCapacityInvocationFailures,
        EndpointMetric::InvocationsPerCopy,
        EndpointMetric::ConcurrentRequestsPerCopy,
    ];

    /// The metrics an asynchronous endpoint publishes (docs/aws-semantics.md §3.1).
    pub const ASYNC: [EndpointMetric; 4] = [
        EndpointMetric::ApproximateBacklogSize,
        EndpointMetric::ApproximateBacklogSizePerInstance,
        EndpointMetric::ApproximateAgeOfOldestRequest,
        EndpointMetric::HasBacklogWithoutCapacity,
    ];

    /// The metrics a real-time endpoint with inference components publishes (docs/aws-semantics.md
    /// §6).
    pub const INFERENCE_COMPONENT: [EndpointMetric; 3] = [
        EndpointMetric::NoCapacityInvocationFailures,
        EndpointMetric::InvocationsPerCopy,
        EndpointMetric::ConcurrentRequestsPerCopy,
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
            EndpointMetric::NoCapacityInvocationFailures => "NoCapacityInvocationFailures",
            EndpointMetric::InvocationsPerCopy => "InvocationsPerCopy",
            EndpointMetric::ConcurrentRequestsPerCopy => "ConcurrentRequestsPerCopy",
        }
    }

    /// The metric with this CloudWatch name, if scalesim publishes it.
    pub fn from_name(name: &str) -> Option<EndpointMetric> {
        EndpointMetric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Position in [`EndpointMetric::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One minute of published endpoint metrics: the datapoint of each metric, or `None`
/// where the metric has no datapoint for that minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricMinute {
    /// Minute index: the minute covers `[60·minute, 60·minute + 60)` seconds.
    pub minute: u64,
    values: [Option<StatisticSet>; METRIC_COUNT],
}

impl MetricMinute {
    /// A minute with the given datapoints, in [`EndpointMetric::ALL`] order.
    pub fn new(minute: u64, values: [Option<StatisticSet>; METRIC_COUNT]) -> MetricMinute {
        MetricMinute { minute, values }
    }

    /// The datapoint of `metric`, if there is one.
    pub fn get(&self, metric: EndpointMetric) -> Option<StatisticSet> {
        self.values[metric.index()]
    }
}
