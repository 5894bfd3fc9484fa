//! Plain-English answers: what happened at an evaluation and why ([`decision_answer`]),
//! and why a request waited ([`request_answer`]): no instance InService, the alarm that
//! had to go to ALARM on delayed datapoints, the cold start, the queue. Reason codes are
//! marked as AWS's or scalesim's own (see `crate::policy::decision`). The request's answer
//! is in `answer_request.rs`.

use super::{clock, number, short_alarm_name, span, symbol};
use crate::policy::decision::{
    AlarmCheck, Decision, DecisionResult, Direction, ProposalCheck, ProposalWhy, Reason,
};
use crate::policy::NotScaledReason;

#[path = "answer_request.rs"]
mod request;
pub use request::{request_answer, request_of_interest, Context};

/// `3 of 15 datapoints < 0.9; ALARM needs 15 of 15`.
pub fn alarm_counts(a: &AlarmCheck) -> String {
    let needs = format!(
        "ALARM needs {} of {}",
        a.datapoints_to_alarm, a.evaluation_periods
    );
    if a.evaluated == 0 {
        return format!("no datapoint yet; {needs}");
    }
    format!(
        "{} of {} datapoints {} {}; {needs}",
        a.breaching,
        a.evaluated,
        symbol(a.comparison),
        number(a.threshold)
    )
}

/// `High my-policy is OK (0 of 3 datapoints > 1; ALARM needs 3 of 3)`.
pub fn alarm_phrase(a: &AlarmCheck) -> String {
    format!(
        "{} is {} ({})",
        short_alarm_name(a),
        a.state.as_str(),
        alarm_counts(a)
    )
}

/// The bracketed source of a reason code.
fn code_note(reason: &Reason) -> String {
    if reason.is_aws_code() {
        format!("[AWS NotScaledReason {}]", reason.code())
    } else {
        format!(
            "[scalesim's name {}; AWS logs no reason code for this]",
            reason.code()
        )
    }
}

fn alarm_named<'a>(d: &'a Decision, name: Option<&str>) -> Option<&'a AlarmCheck> {
    let name = name?;
    d.explanation
        .as_ref()?
        .alarms
        .iter()
        .find(|a| a.name == name)
}

/// One policy's proposal in words, e.g. `backlog (target tracking, invoked by High
/// backlog): 1, the formula gave 5, clamped to max 1 (won)`.
pub fn proposal_text(p: &ProposalCheck, d: &Decision) -> String {
    let kind = match p.kind {
        crate::aws::target_tracking::PolicyKind::TargetTracking => "target tracking",
        crate::aws::target_tracking::PolicyKind::Step => "step scaling",
    };
    let by = alarm_named(d, p.alarm.as_deref())
        .map(|a| format!(", invoked by {}", short_alarm_name(a)))
        .unwrap_or_default();
    let c = d.before;
    let computed = p.computed.map(|x| x.to_string()).unwrap_or_default();
    let what = match p.why {
        ProposalWhy::NotInvoked => "nothing: none of its alarms is in ALARM".to_string(),
        ProposalWhy::Proposed => {
            let cap = p.capacity.unwrap_or(0);
            let clamp = match p.computed {
                Some(x) if x > i64::from(cap) => {
                    format!(", the formula gave {x}, clamped to max {cap}")
                }
                Some(x) if x < i64::from(cap) => {
                    format!(", the formula gave {x}, clamped to min {cap}")
                }
                _ => String::new(),
            };
            let won = d
                .explanation
                .as_ref()
                .and_then(|e| e.winner.as_ref())
                .is_some_and(|w| w.policy == p.policy);
            format!("{cap}{clamp}{}", if won { " (won)" } else { "" })
        }
        ProposalWhy::AlreadyMet { reason } => format!(
            "nothing: its result ({computed}, within min {} and max {}) does not move desired {} \
             ({})",
            c.min,
            c.max,
            c.desired,
            reason.code()
        ),
        ProposalWhy::CountedInCooldown { base } => format!(
            "nothing: during the scale-out cooldown its step applies to the capacity before \
             the cooldown began ({base}), giving {computed}, not above desired {}",
            c.desired
        ),
        ProposalWhy::Refused(r) => format!("nothing: {} ({computed})", r.code()),
        ProposalWhy::NoStep { value } => format!(
            "nothing: no step matches the aggregated value {}",
            number(value)
        ),
        ProposalWhy::NoDatapoints => "nothing: its alarm has no datapoint to act on".to_string(),
    };
    format!("{} ({kind}{by}): {what}", p.policy)
}

/// The proposal whose `why` carries `reason`.
fn proposal_with(d: &Decision, reason: NotScaledReason) -> Option<&ProposalCheck> {
    d.explanation.as_ref()?.proposals.iter().find(|p| {
        matches!(p.why, ProposalWhy::AlreadyMet { reason: r } | ProposalWhy::Refused(r) if r == reason)
    })
}

/// Why desired capacity stayed, in words, with the code and its source.
pub fn reason_text(d: &Decision, reason: &Reason) -> String {
    let c = d.before;
    let e = d.explanation.as_ref();
    let winner = e.and_then(|e| e.winner.as_ref());
    let invoked = |p: &ProposalCheck| -> String {
        alarm_named(d, p.alarm.as_deref())
            .map(|a| format!("{} is ALARM and ", short_alarm_name(a)))
            .unwrap_or_default()
    };
    let text = match reason {
        Reason::NoAlarmInAlarm => {
            let alarms: Vec<String> = e
                .map(|e| e.alarms.iter().map(alarm_phrase).collect())
                .unwrap_or_default();
            format!("no alarm is in ALARM: {}", alarms.join("; "))
        }
        Reason::ScaleOutCooldown { left_s } => format!(
            "the scale-out cooldown has {} left, and a step during it counts the capacity \
             already added since it began",
            span(*left_s)
        ),
        Reason::ScaleInCooldown { left_s } => format!(
            "{} proposes {}, but the scale-in cooldown has {} left",
            winner.map_or("a policy", |w| w.policy.as_str()),
            winner.map_or(String::new(), |w| w.capacity.to_string()),
            span(*left_s)
        ),
        Reason::ScaleInNotAgreed => {
            let (wanting, not): (Vec<&ProposalCheck>, Vec<&ProposalCheck>) = e
                .map(|e| {
                    e.proposals
                        .iter()
                        .filter(|p| {
                            p.kind == crate::aws::target_tracking::PolicyKind::TargetTracking
                        })
                        .partition(|p| p.capacity.is_some_and(|x| x < c.desired))
                })
                .unwrap_or_default();
            let names = |v: &[&ProposalCheck]| {
                v.iter()
                    .map(|p| p.policy.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "{} would scale in, but {} does not propose a scale-in, and a target tracking \
                 scale-in needs every such policy to agree",
                names(&wanting),
                names(&not)
            )
        }
        Reason::Suspended { direction } => format!(
            "dynamic scale-{} is suspended",
            if *direction == Direction::Out {
                "out"
            } else {
                "in"
            }
        ),
        Reason::Aws(NotScaledReason::AlreadyAtMaxCapacity) => {
            match proposal_with(d, NotScaledReason::AlreadyAtMaxCapacity) {
                Some(p) => format!(
                    "{}{} asks for {}, but desired is already at the maximum {}",
                    invoked(p),
                    p.policy,
                    p.computed.unwrap_or_default(),
                    c.max
                ),
                None => format!("desired is already at the maximum {}", c.max),
            }
        }
        Reason::Aws(NotScaledReason::AlreadyAtMinCapacity) => {
            match proposal_with(d, NotScaledReason::AlreadyAtMinCapacity) {
                Some(p) => format!(
                    "{}{} asks for {}, but desired is already at the minimum {}",
                    invoked(p),
                    p.policy,
                    p.computed.unwrap_or_default(),
                    c.min
                ),
                None => format!("desired is already at the minimum {}", c.min),
            }
        }
        Reason::Aws(NotScaledReason::AlreadyAtDesiredCapacity) => {
            match proposal_with(d, NotScaledReason::AlreadyAtDesiredCapacity) {
                Some(p) => format!(
                    "{}{} asks for {}, which desired already is ({} InService, {} pending)",
                    invoked(p),
                    p.policy,
                    p.computed.unwrap_or_default(),
                    c.in_service,
                    c.pending
                ),
                None => "the proposal equals the desired capacity".to_string(),
            }
        }
        Reason::Aws(NotScaledReason::TargetServicePutResourceAsUnscalable) => format!(
            "the endpoint is still updating (an earlier change has {} instance(s) pending), so \
             it refuses the change{}",
            c.pending,
            winner.map_or(String::new(), |w| format!(" to {}", w.capacity))
        ),
        Reason::Aws(NotScaledReason::AutoScalingAnticipatedFlapping) => {
            "scaling in would likely trigger an immediate scale-out".to_string()
        }
        Reason::NoProposal => {
            "the policies that were invoked proposed nothing (no step matched, or no \
             datapoint)"
                .to_string()
        }
        Reason::NothingRequested => "the policy asked for no change".to_string(),
    };
    format!("{text} {}", code_note(reason))
}

/// What happened at decision `d` and why, in one sentence.
pub fn decision_answer(d: &Decision) -> String {
    let c = d.before;
    match &d.result {
        DecisionResult::Scaled { from, to, cause } => {
            let dir = if to > from { "scale-out" } else { "scale-in" };
            let e = d.explanation.as_ref();
            let because = e
                .and_then(|e| e.winner.as_ref())
                .and_then(|w| e?.proposals.iter().find(|p| p.policy == w.policy))
                .map(|p| {
                    let alarm = alarm_named(d, p.alarm.as_deref())
                        .map(|a| format!("{} and ", alarm_phrase(a)))
                        .unwrap_or_default();
                    let cap = p.capacity.unwrap_or(*to);
                    let clamp = match p.computed {
                        Some(x) if x != i64::from(cap) => {
                            let bound = if x > i64::from(cap) { "max" } else { "min" };
                            format!(" (the formula gave {x}, clamped to {bound} {cap})")
                        }
                        _ => String::new(),
                    };
                    format!("{alarm}{} proposed {cap}{clamp}", p.policy)
                })
                .unwrap_or_else(|| super::table::short_cause(d, cause));
            format!(
                "{dir} at {}: desired {from} → {to}, because {because}",
                clock(d.time)
            )
        }
        DecisionResult::Unchanged { reason } => format!(
            "no change at {}: desired stays {} ({} InService, {} pending), because {}",
            clock(d.time),
            c.desired,
            c.in_service,
            c.pending,
            reason_text(d, reason)
        ),
    }
}
