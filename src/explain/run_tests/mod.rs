//! Decision records and answers on hand-checkable runs: the records of single decisions,
//! then the answers and the log's effect on a run. This module holds the scenario helpers
//! and the one-request scenario the parts share.

mod answers;
mod decisions;

use super::answer::{decision_answer, request_answer, request_of_interest, Context};
use super::log::ExplainLog;
use super::output;
use crate::policy::decision::{Decision, DecisionResult, ProposalWhy, Reason};
use crate::policy::{AlarmState, NotScaledReason};
use crate::scenario::{self, Scenario};
use crate::sim::observer::Collect;
use crate::sim::Simulation;
use crate::time::{SimDuration, SimTime};
use std::path::Path;

fn scenario(text: &str) -> Scenario {
    scenario::from_text(text, Path::new("t.toml"), Path::new("."), &[])
        .unwrap_or_else(|e| panic!("{e}"))
}

fn mins(m: u64) -> SimTime {
    SimTime(m * 60_000_000)
}

/// Every decision of a run of `sc`.
fn decisions(sc: &Scenario) -> Vec<Decision> {
    let mut log = ExplainLog::new(SimTime::ZERO, SimDuration(u64::MAX / 4));
    Simulation::new(&sc.sim, sc.seed(), sc.build_policy()).run(&mut log);
    log.decisions
}

fn at(ds: &[Decision], minute: u64) -> &Decision {
    ds.iter()
        .find(|d| d.time == mins(minute))
        .unwrap_or_else(|| panic!("no decision at minute {minute}"))
}

fn reason(d: &Decision) -> Reason {
    match d.result {
        DecisionResult::Unchanged { reason } => reason,
        DecisionResult::Scaled { .. } => panic!("scaled at {:?}", d.time),
    }
}

fn scaled_to(d: &Decision) -> (u32, u32) {
    match d.result {
        DecisionResult::Scaled { from, to, .. } => (from, to),
        DecisionResult::Unchanged { reason } => panic!("unchanged at {:?}: {reason:?}", d.time),
    }
}

const ONE_REQUEST_AT_30S: &str = r#"
horizon = "20m"
[[arrivals]]
kind = "burst"
at = "30s"
count = 1
[service]
kind = "deterministic"
value = "1h"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "10m" }
[capacity]
initial = 0
min = 0
max = 3
[metrics]
metric_delay = "60s"
"#;
