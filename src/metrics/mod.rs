//! Measurement: per-minute endpoint metrics, streaming latency statistics and the run
//! totals. Everything here has constant memory in the horizon.

pub mod histogram;
pub mod minute;

use serde::{Deserialize, Serialize};

/// A CloudWatch statistic (spec 5.3 `Statistic`, 5.5 `Statistic`).
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
    values: [Option<StatisticSet>; 4],
}

impl MetricMinute {
    /// A minute with the given datapoints, in [`EndpointMetric::ALL`] order.
    pub fn new(minute: u64, values: [Option<StatisticSet>; 4]) -> MetricMinute {
        MetricMinute { minute, values }
    }

    /// The datapoint of `metric`, if there is one.
    pub fn get(&self, metric: EndpointMetric) -> Option<StatisticSet> {
        self.values[metric.index()]
    }
}
