//! Decisions as JSON records for scripts (`scalesim explain --json`): a list with one
//! object per minute boundary. Its scalar fields are flat (`pandas.DataFrame(records)`);
//! `alarms` and `proposals` are lists of flat objects
//! (`pandas.json_normalize(records, "alarms", ["time_s"])`). Alarm names are whole.

use super::clock;
use crate::policy::decision::{
    AlarmCheck, AlarmRole, Decision, DecisionResult, ProposalCheck, ProposalWhy, Reason,
};
use serde::Serialize;

/// One decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRecord {
    /// Seconds from the start.
    pub time_s: f64,
    /// The same as `H:MM:SS`.
    pub time: String,
    /// The minute that had just closed.
    pub minute: u64,
    /// Requests queued or in flight.
    pub backlog: u32,
    /// Desired capacity before the policy acted.
    pub desired: u32,
    /// Instances InService.
    pub in_service: u32,
    /// Instances pending.
    pub pending: u32,
    /// Minimum capacity before.
    pub min: u32,
    /// Maximum capacity before.
    pub max: u32,
    /// Desired capacity after.
    pub desired_after: u32,
    /// `scaled` or `unchanged`.
    pub result: &'static str,
    /// Who asked, when scaled.
    pub cause: Option<String>,
    /// The reason code, when unchanged.
    pub reason: Option<&'static str>,
    /// `aws` (a NotScaledReasons code) or `scalesim` (scalesim's own name), when unchanged.
    pub reason_source: Option<&'static str>,
    /// The policy whose proposal won, its capacity and direction (`out`/`in`).
    pub winner_policy: Option<String>,
    /// The winning capacity.
    pub winner_capacity: Option<u32>,
    /// Seconds of scale-out cooldown left when the evaluation began.
    pub scale_out_cooldown_left_s: Option<f64>,
    /// Seconds of scale-in cooldown left.
    pub scale_in_cooldown_left_s: Option<f64>,
    /// Every alarm.
    pub alarms: Vec<AlarmRecord>,
    /// Every policy's proposal.
    pub proposals: Vec<ProposalRecord>,
}

/// One alarm at one decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmRecord {
    /// Full alarm name.
    pub name: String,
    /// Short display name (`High <policy>`).
    pub short_name: String,
    /// The policy it invokes.
    pub policy: String,
    /// `high`, `low` or `step`.
    pub role: &'static str,
    /// The metric.
    pub metric: Option<&'static str>,
    /// The statistic.
    pub statistic: String,
    /// The AWS ComparisonOperator.
    pub comparison: String,
    /// The threshold.
    pub threshold: f64,
    /// M.
    pub datapoints_to_alarm: u32,
    /// N.
    pub evaluation_periods: u32,
    /// Breaching datapoints among those evaluated.
    pub breaching: u32,
    /// Datapoints evaluated.
    pub evaluated: u32,
    /// State after the evaluation.
    pub state: &'static str,
    /// State before.
    pub previous_state: &'static str,
    /// The evaluation range, oldest first.
    pub datapoints: Vec<DatapointRecord>,
}

/// One period of an alarm's evaluation range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DatapointRecord {
    /// First minute the period covers.
    pub minute: u64,
    /// Its value (`null`: no datapoint).
    pub value: Option<f64>,
    /// Breaches the threshold.
    pub breaching: bool,
    /// Used by the evaluation.
    pub evaluated: bool,
}

/// One policy's proposal at one decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalRecord {
    /// Policy name.
    pub policy: String,
    /// `TargetTracking` or `Step`.
    pub kind: String,
    /// The alarm in ALARM that invoked it (full name).
    pub alarm: Option<String>,
    /// The capacity it put forward.
    pub capacity: Option<u32>,
    /// The formula's result before clamping.
    pub computed: Option<i64>,
    /// `not_invoked`, `proposed`, `already_met`, `counted_in_cooldown`, `refused`,
    /// `no_step`, `no_datapoints`.
    pub why: &'static str,
    /// The AWS code that fits, for `already_met` and `refused`.
    pub code: Option<&'static str>,
}

fn alarm_record(a: &AlarmCheck) -> AlarmRecord {
    AlarmRecord {
        name: a.name.clone(),
        short_name: super::short_alarm_name(a),
        policy: a.policy.clone(),
        role: match a.role {
            AlarmRole::High => "high",
            AlarmRole::Low => "low",
            AlarmRole::Step => "step",
        },
        metric: a.metric,
        statistic: format!("{:?}", a.statistic),
        comparison: format!("{:?}", a.comparison),
        threshold: a.threshold,
        datapoints_to_alarm: a.datapoints_to_alarm,
        evaluation_periods: a.evaluation_periods,
        breaching: a.breaching,
        evaluated: a.evaluated,
        state: a.state.as_str(),
        previous_state: a.previous.as_str(),
        datapoints: a
            .datapoints
            .iter()
            .map(|p| DatapointRecord {
                minute: p.minute,
                value: p.value,
                breaching: p.breaching,
                evaluated: p.evaluated,
            })
            .collect(),
    }
}

fn proposal_record(p: &ProposalCheck) -> ProposalRecord {
    let (why, code) = match p.why {
        ProposalWhy::NotInvoked => ("not_invoked", None),
        ProposalWhy::Proposed => ("proposed", None),
        ProposalWhy::AlreadyMet { reason } => ("already_met", Some(reason.code())),
        ProposalWhy::CountedInCooldown { .. } => ("counted_in_cooldown", None),
        ProposalWhy::Refused(r) => ("refused", Some(r.code())),
        ProposalWhy::NoStep { .. } => ("no_step", None),
        ProposalWhy::NoDatapoints => ("no_datapoints", None),
    };
    ProposalRecord {
        policy: p.policy.clone(),
        kind: format!("{:?}", p.kind),
        alarm: p.alarm.clone(),
        capacity: p.capacity,
        computed: p.computed,
        why,
        code,
    }
}

/// The record of one decision.
pub fn record(d: &Decision) -> DecisionRecord {
    let (result, cause, reason): (_, _, Option<&Reason>) = match &d.result {
        DecisionResult::Scaled { cause, .. } => ("scaled", Some(cause.clone()), None),
        DecisionResult::Unchanged { reason } => ("unchanged", None, Some(reason)),
    };
    let e = d.explanation.as_ref();
    let winner = e.and_then(|e| e.winner.as_ref());
    DecisionRecord {
        time_s: d.time.as_secs_f64(),
        time: clock(d.time),
        minute: d.minute,
        backlog: d.backlog,
        desired: d.before.desired,
        in_service: d.before.in_service,
        pending: d.before.pending,
        min: d.before.min,
        max: d.before.max,
        desired_after: d.desired_after,
        result,
        cause,
        reason: reason.map(Reason::code),
        reason_source: reason.map(|r| if r.is_aws_code() { "aws" } else { "scalesim" }),
        winner_policy: winner.map(|w| w.policy.clone()),
        winner_capacity: winner.map(|w| w.capacity),
        scale_out_cooldown_left_s: e.and_then(|e| e.scale_out_cooldown_left_s),
        scale_in_cooldown_left_s: e.and_then(|e| e.scale_in_cooldown_left_s),
        alarms: e.map_or(Vec::new(), |e| e.alarms.iter().map(alarm_record).collect()),
        proposals: e.map_or(Vec::new(), |e| {
            e.proposals.iter().map(proposal_record).collect()
        }),
    }
}

/// Every decision as pretty-printed JSON (a list), ending in a newline.
pub fn to_json(decisions: &[Decision]) -> String {
    let records: Vec<DecisionRecord> = decisions.iter().map(record).collect();
    let mut s = serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
