//! Application Auto Scaling outputs: `describe-scaling-activities` read into [`Activity`];
//! `describe-scalable-targets`, `describe-scaling-policies` and
//! `describe-scheduled-actions` are kept as JSON objects ([`super::RawItem`]) for the
//! importer, which reads them with the request shapes.

use super::{Origin, UtcMicros};

/// `StatusCode` of a scaling activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    /// `Pending`.
    Pending,
    /// `InProgress`.
    InProgress,
    /// `Successful`.
    Successful,
    /// `Overridden`.
    Overridden,
    /// `Unfulfilled`.
    Unfulfilled,
    /// `Failed`.
    Failed,
}

impl ActivityStatus {
    /// The AWS `StatusCode` string.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Pending => "Pending",
            ActivityStatus::InProgress => "InProgress",
            ActivityStatus::Successful => "Successful",
            ActivityStatus::Overridden => "Overridden",
            ActivityStatus::Unfulfilled => "Unfulfilled",
            ActivityStatus::Failed => "Failed",
        }
    }

    /// The status called `s`, if AWS defines it.
    pub fn parse(s: &str) -> Option<ActivityStatus> {
        [
            ActivityStatus::Pending,
            ActivityStatus::InProgress,
            ActivityStatus::Successful,
            ActivityStatus::Overridden,
            ActivityStatus::Unfulfilled,
            ActivityStatus::Failed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// One `NotScaledReasons[*]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotScaledReason {
    /// `Code`, e.g. `AlreadyAtMinCapacity`.
    pub code: String,
    /// `CurrentCapacity`.
    pub current_capacity: Option<u32>,
    /// `MinCapacity`.
    pub min_capacity: Option<u32>,
    /// `MaxCapacity`.
    pub max_capacity: Option<u32>,
}

/// What caused an activity, read from its `Cause`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// `monitor alarm <alarm> in state ALARM triggered policy <policy>`.
    Alarm {
        /// The alarm name.
        alarm: String,
        /// The policy name.
        policy: String,
    },
    /// A scheduled action (`... scheduled action name <name> ...` or `minimum/maximum
    /// capacity was set to ...`); the action name when the text gives it.
    Scheduled {
        /// The scheduled action's name, if the Cause names it.
        name: Option<String>,
    },
    /// Anything else (a manual change, `RegisterScalableTarget`): the Cause as written.
    Other(String),
}

/// One `ScalingActivities[*]` record.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Where it was read.
    pub origin: Origin,
    /// `ActivityId`.
    pub activity_id: String,
    /// `ResourceId`.
    pub resource_id: String,
    /// `ScalableDimension`.
    pub scalable_dimension: String,
    /// `Description`, e.g. `Setting desired instance count to 2.`.
    pub description: String,
    /// `Cause`.
    pub cause: String,
    /// The cause, parsed.
    pub trigger: Trigger,
    /// `StartTime`.
    pub start: UtcMicros,
    /// `EndTime` (absent while in progress).
    pub end: Option<UtcMicros>,
    /// `StatusCode`.
    pub status: ActivityStatus,
    /// `StatusMessage`.
    pub status_message: Option<String>,
    /// The new desired capacity, read from `Description` (`... to N.`; instance count or
    /// copy count), absent for not-scaled records.
    pub desired: Option<u32>,
    /// `NotScaledReasons` (activities listed with `--include-not-scaled-activities`).
    pub not_scaled: Vec<NotScaledReason>,
}

/// Parse a `Cause` text into a [`Trigger`].
pub fn parse_cause(cause: &str) -> Trigger {
    const PREFIX: &str = "monitor alarm ";
    const MIDDLE: &str = " in state ALARM triggered policy ";
    if let Some(rest) = cause.strip_prefix(PREFIX) {
        if let Some((alarm, policy)) = rest.split_once(MIDDLE) {
            // Some records go on after the policy name ("... changing the desired
            // capacity from 1 to 2.").
            let policy = policy
                .split_once(" changing the ")
                .map_or(policy, |(p, _)| p)
                .trim_end_matches('.');
            return Trigger::Alarm {
                alarm: alarm.to_string(),
                policy: policy.to_string(),
            };
        }
    }
    if let Some(i) = cause.find("scheduled action name ") {
        let rest = &cause[i + "scheduled action name ".len()..];
        let name = rest.split_whitespace().next().map(|n| n.to_string());
        return Trigger::Scheduled { name };
    }
    if cause.contains("capacity was set to") {
        return Trigger::Scheduled { name: None };
    }
    Trigger::Other(cause.to_string())
}

/// The capacity `N` of a `Description` ending in `to N.` (`Setting desired instance count
/// to 2.`, `Setting desired copy count to 0.`).
pub fn parse_desired(description: &str) -> Option<u32> {
    let (_, tail) = description.rsplit_once(" to ")?;
    tail.trim().trim_end_matches('.').parse().ok()
}
