//! Writing a simulated run in the shapes of the AWS CLI outputs that [`super::load`] reads:
//! what AWS would have recorded had the simulated endpoint been real. `scalesim
//! record-aws` writes a whole folder (to try `import-aws`, `backtest` and `calibrate`
//! without an AWS account, and for the round-trip tests); `backtest` writes the simulated
//! activities as `describe-scaling-activities` JSON so that a user can diff them with
//! their own.

use super::UtcMicros;
use crate::scenario::Scenario;
use crate::sim::trace::RunTrace;

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
    /// `NextToken`. `None`: one file each.
    pub page_size: Option<usize>,
    /// Also write the SNS notifications of every finished request (`notifications.jsonl`);
    /// needs a trace with its requests.
    pub notifications: bool,
    /// Region of the ARNs.
    pub region: String,
    /// Account id of the ARNs.
    pub account_id: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            timestamps: TimestampStyle::Iso8601 { offset_minutes: 0 },
            page_size: None,
            notifications: false,
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
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
