//! What AWS recorded about a user's endpoint: the JSON the AWS CLI prints for
//! `describe-*`, `get-metric-data`, `get-metric-statistics`, `describe-alarm-history` and
//! the endpoint's SNS notifications, read into one [`Recorded`].
//!
//! Owns the *output* shapes of those commands (the request shapes a user gives the CLI are
//! in `crate::aws::cli_json`): reading them ([`load`]) and writing them from a simulation
//! ([`write`], so that a simulated endpoint leaves the same record a real one does).
//! `docs/aws-record.md` lists every field read and how.
//!
//! ```text
//! DIR or files ──load──▶ each file recognised by its content (detect), never by its name
//!      │                 pages of one command merged, timestamps (epoch seconds or ISO 8601
//!      │                 with any offset) made UTC, lists sorted oldest first
//!      ▼
//! Recorded { endpoint, configs, targets, policies, schedules, alarms, history,
//!            activities, metric series, notifications, warnings }
//! ```
//!
//! The endpoint is chosen, and other endpoints' records dropped with warnings, by
//! `select`; metric results are matched to their queries and merged by `series`.
//!
//! Errors name the file and, where they can, the line and column (syntax) or the JSON path
//! (`MetricDataResults[2].Timestamps[17]`) and the field. Problems that leave the rest
//! usable (a metric of another endpoint, a `PartialData` page without its continuation, a
//! file of no known kind inside a folder) are warnings, `file: path: message`.

pub mod alarms;
mod assemble;
pub mod detect;
pub mod endpoint;
mod files;
pub mod json;
pub mod load;
mod metric_queries;
pub mod metrics;
pub mod notifications;
pub mod scaling;
pub mod select;
pub mod series;
mod timestamp;
pub mod write;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::PathBuf;

pub use load::{load, load_paths, LoadOptions};

/// A UTC instant, in microseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcMicros(pub i64);

impl UtcMicros {
    /// From seconds since the epoch.
    pub fn from_secs(s: i64) -> UtcMicros {
        UtcMicros(s.saturating_mul(1_000_000))
    }

    /// Seconds since the epoch (fractional).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e6
    }

    /// Whole seconds since the epoch, rounded down.
    pub fn floor_secs(self) -> i64 {
        self.0.div_euclid(1_000_000)
    }

    /// This instant rounded down to the start of its UTC minute.
    pub fn floor_minute(self) -> UtcMicros {
        UtcMicros(self.0 - self.0.rem_euclid(60_000_000))
    }

    /// `self − earlier`, in seconds.
    pub fn secs_since(self, earlier: UtcMicros) -> f64 {
        (self.0 - earlier.0) as f64 / 1e6
    }

    /// ISO 8601 in UTC with milliseconds, `2024-05-06T22:23:58.171Z`.
    pub fn iso(self) -> String {
        let secs = self.floor_secs();
        let micros = self.0.rem_euclid(1_000_000);
        match chrono::DateTime::from_timestamp(secs, (micros * 1000) as u32) {
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            None => format!("{}s", self.as_secs_f64()),
        }
    }
}

impl fmt::Display for UtcMicros {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Where a value was read: the file and the JSON path of the object in it
/// (`ScalingPolicies[2]`; empty for the whole file, `line 7` in a JSON-lines file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub file: PathBuf,
    /// JSON path of the object within the file.
    pub path: String,
}

impl Origin {
    /// `file: path` (or just the file), for messages and for the comments of a generated
    /// scenario.
    pub fn describe(&self) -> String {
        if self.path.is_empty() {
            self.file.display().to_string()
        } else {
            format!("{}: {}", self.file.display(), self.path)
        }
    }

    /// The origin of a field of this object: `path.field`.
    pub fn field(&self, field: &str) -> String {
        if self.path.is_empty() {
            format!("{}: {field}", self.file.display())
        } else {
            format!("{}: {}.{field}", self.file.display(), self.path)
        }
    }
}

/// The kinds of file [`load`] recognises, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `aws sagemaker describe-endpoint`.
    DescribeEndpoint,
    /// `aws sagemaker describe-endpoint-config`.
    DescribeEndpointConfig,
    /// `aws application-autoscaling describe-scalable-targets`.
    DescribeScalableTargets,
    /// `aws application-autoscaling describe-scaling-policies`.
    DescribeScalingPolicies,
    /// `aws application-autoscaling describe-scheduled-actions`.
    DescribeScheduledActions,
    /// `aws application-autoscaling describe-scaling-activities`.
    DescribeScalingActivities,
    /// `aws cloudwatch describe-alarms`.
    DescribeAlarms,
    /// `aws cloudwatch describe-alarm-history`.
    DescribeAlarmHistory,
    /// `aws cloudwatch get-metric-data` output.
    GetMetricData,
    /// The `--metric-data-queries` file given to `get-metric-data` (a list of queries, or
    /// a `--cli-input-json` request with `MetricDataQueries`).
    MetricDataQueries,
    /// `aws cloudwatch get-metric-statistics` output.
    GetMetricStatistics,
    /// SNS success/error notifications of an asynchronous endpoint, as JSON lines (or a
    /// JSON list); each may be wrapped in an SNS envelope (`"Message": "<json>"`).
    Notifications,
}

impl FileKind {
    /// Every kind, in the order messages list them.
    pub const ALL: [FileKind; 12] = [
        FileKind::DescribeEndpoint,
        FileKind::DescribeEndpointConfig,
        FileKind::DescribeScalableTargets,
        FileKind::DescribeScalingPolicies,
        FileKind::DescribeScheduledActions,
        FileKind::DescribeScalingActivities,
        FileKind::DescribeAlarms,
        FileKind::DescribeAlarmHistory,
        FileKind::GetMetricData,
        FileKind::MetricDataQueries,
        FileKind::GetMetricStatistics,
        FileKind::Notifications,
    ];

    /// The AWS CLI command that prints this kind of file.
    pub fn command(self) -> &'static str {
        match self {
            FileKind::DescribeEndpoint => "aws sagemaker describe-endpoint",
            FileKind::DescribeEndpointConfig => "aws sagemaker describe-endpoint-config",
            FileKind::DescribeScalableTargets => {
                "aws application-autoscaling describe-scalable-targets"
            }
            FileKind::DescribeScalingPolicies => {
                "aws application-autoscaling describe-scaling-policies"
            }
            FileKind::DescribeScheduledActions => {
                "aws application-autoscaling describe-scheduled-actions"
            }
            FileKind::DescribeScalingActivities => {
                "aws application-autoscaling describe-scaling-activities"
            }
            FileKind::DescribeAlarms => "aws cloudwatch describe-alarms",
            FileKind::DescribeAlarmHistory => "aws cloudwatch describe-alarm-history",
            FileKind::GetMetricData => "aws cloudwatch get-metric-data",
            FileKind::MetricDataQueries => "aws cloudwatch get-metric-data --metric-data-queries",
            FileKind::GetMetricStatistics => "aws cloudwatch get-metric-statistics",
            FileKind::Notifications => "SNS notifications of an asynchronous endpoint",
        }
    }
}

/// One object of a `describe-*` list kept as JSON (scalable targets, scaling policies,
/// scheduled actions), for the importer to read with the request shapes of
/// `crate::aws::cli_json`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawItem {
    /// Where it was read.
    pub origin: Origin,
    /// The object as printed by the CLI, its top-level timestamps (`CreationTime`,
    /// `StartTime`, `EndTime`) made UTC ISO 8601 text.
    pub value: serde_json::Value,
}

/// Everything read from the user's files. Lists are sorted oldest first and hold each
/// item once (pages merged; exact duplicates from overlapping pages dropped).
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    /// Every file read, with its kind, in the order read (sorted by path).
    pub files: Vec<(PathBuf, FileKind)>,
    /// The endpoint the records are of (see `load`).
    pub endpoint_name: Option<String>,
    /// Its production variant, when the files say.
    pub variant_name: Option<String>,
    /// `describe-endpoint` (the one modified last if several).
    pub endpoint: Option<endpoint::Endpoint>,
    /// `describe-endpoint-config` files.
    pub endpoint_configs: Vec<endpoint::EndpointConfig>,
    /// `ScalableTargets[*]`.
    pub scalable_targets: Vec<RawItem>,
    /// `ScalingPolicies[*]`.
    pub scaling_policies: Vec<RawItem>,
    /// `ScheduledActions[*]`.
    pub scheduled_actions: Vec<RawItem>,
    /// `MetricAlarms[*]` of `describe-alarms`.
    pub alarms: Vec<alarms::AlarmRecord>,
    /// State changes of alarms from `describe-alarm-history`, oldest first.
    pub alarm_history: Vec<alarms::AlarmTransition>,
    /// `ScalingActivities[*]`, by `StartTime`, oldest first.
    pub activities: Vec<scaling::Activity>,
    /// Metric series, one per (metric, statistic), each sorted by time.
    pub metrics: Vec<metrics::MetricSeries>,
    /// SNS notifications, by `receivedTime`.
    pub notifications: Vec<notifications::Notification>,
    /// Problems that leave the rest usable, `file: path: message`.
    pub warnings: Vec<String>,
}

impl Recorded {
    /// The series of `metric` with statistic `stat` (`Average`, `Sum`, `p99`, ...).
    pub fn series(&self, metric: &str, stat: &str) -> Option<&metrics::MetricSeries> {
        self.metrics
            .iter()
            .find(|s| s.metric == metric && s.stat == stat)
    }

    /// Every statistic recorded of `metric`.
    pub fn stats_of(&self, metric: &str) -> Vec<&str> {
        self.metrics
            .iter()
            .filter(|s| s.metric == metric)
            .map(|s| s.stat.as_str())
            .collect()
    }

    /// Whether any file of `kind` was read.
    pub fn has(&self, kind: FileKind) -> bool {
        self.files.iter().any(|(_, k)| *k == kind)
    }
}
