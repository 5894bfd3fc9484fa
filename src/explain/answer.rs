//! Plain-English answers: what happened at an evaluation and why ([`decision_answer`]),
//! and why a request waited ([`request_answer`]): no instance InService, the alarm that
//! had to go to ALARM on delayed datapoints, the cold start, the queue. Reason codes are
//! marked as AWS's or scalesim's own (see `crate::policy::decision`).

use super::log::ExplainLog;
use super::{clock, number, short_alarm_name, span, symbol};
use crate::policy::decision::{
    AlarmCheck, Decision, DecisionResult, Direction, ProposalCheck, ProposalWhy, Reason,
};
use crate::policy::NotScaledReason;
use crate::sim::observer::{ActivityRecord, ActivityStatus, Outcome, RequestRecord};

/// What the answers need from the scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Context {
    /// Delay from the end of a minute until its datapoint reaches the alarms, seconds.
    pub publish_delay_s: f64,
    /// Requests one instance processes at once.
    pub concurrency: u32,
    /// Requests are refused (and retried by the client) while nothing is InService.
    pub refuses_without_capacity: bool,
}

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

/// The request the question at `log.at` is about: the oldest one waiting at that time, or
/// else the first to arrive within the minute after it.
pub fn request_of_interest(log: &ExplainLog) -> Option<&RequestRecord> {
    let waiting = log
        .requests
        .iter()
        .filter(|r| r.arrival <= log.at)
        .min_by_key(|r| (r.arrival, r.id));
    waiting.or_else(|| {
        log.requests
            .iter()
            .filter(|r| r.arrival >= log.at)
            .min_by_key(|r| (r.arrival, r.id))
    })
}

/// Why request `r` waited, in one sentence; `None` when it did not wait noticeably.
pub fn request_answer(r: &RequestRecord, log: &ExplainLog, ctx: &Context) -> Option<String> {
    let started = r.start.unwrap_or(r.finish);
    let wait_s = started.since(r.arrival).as_secs_f64();
    if wait_s < 0.5 {
        return None;
    }
    let total_s = r.finish.since(r.arrival).as_secs_f64();
    let head = match r.outcome {
        Outcome::Expired => format!(
            "the request that arrived at {} waited {} and expired",
            clock(r.arrival),
            span(wait_s)
        ),
        _ => format!(
            "the request that arrived at {} waited {} and took {} in all",
            clock(r.arrival),
            span(wait_s),
            span(total_s)
        ),
    };
    let prior = log
        .scalings
        .iter()
        .chain(log.at_or_before.iter())
        .filter(|d| d.time <= r.arrival)
        .max_by_key(|d| d.time);
    if !r.cold_wait {
        let queue = prior
            .map(|d| {
                format!(
                    "; {} requests were queued or in flight at {}",
                    d.backlog,
                    clock(d.time)
                )
            })
            .unwrap_or_default();
        return Some(format!(
            "{head}: every InService instance was busy ({} request(s) at a time each){queue}",
            ctx.concurrency
        ));
    }
    let mut parts = vec![format!(
        "no instance was InService when it arrived (desired {})",
        prior.map_or(0, |d| d.desired_after)
    )];
    // The scale-out it waited for: one already under way when it arrived, else the first
    // after (activities cover every policy, also those that scale between minutes).
    let grows = |a: &&ActivityRecord| a.to > a.from && a.status != ActivityStatus::NotScaled;
    let under_way = log
        .activities
        .iter()
        .filter(grows)
        .filter(|a| a.start <= r.arrival && a.end.is_none_or(|e| e > r.arrival))
        .min_by_key(|a| a.start);
    let next = || {
        log.activities
            .iter()
            .filter(grows)
            .filter(|a| a.start > r.arrival && a.start <= started)
            .min_by_key(|a| a.start)
    };
    let Some(activity) = under_way.or_else(next) else {
        parts.push("no scale-out came while it waited".to_string());
        return Some(format!("{head}: {}", parts.join("; ")));
    };
    let (from, to, at) = (activity.from, activity.to, activity.start);
    let decision = log.scalings.iter().find(|d| d.time == at);
    let alarm = decision.and_then(|s| {
        let e = s.explanation.as_ref()?;
        let w = e.winner.as_ref()?;
        let p = e.proposals.iter().find(|p| p.policy == w.policy)?;
        alarm_named(s, p.alarm.as_deref())
    });
    let when = if at <= r.arrival {
        format!(
            "at {}, {} before it arrived",
            clock(at),
            span(r.arrival.since(at).as_secs_f64())
        )
    } else {
        format!(
            "at {}, {} after it arrived",
            clock(at),
            span(at.since(r.arrival).as_secs_f64())
        )
    };
    match alarm {
        Some(a) => parts.push(format!(
            "{} needs {} of {} datapoints {} {} of {} ({:?}), each published {} after its \
             minute ends: it was ALARM {when}, and desired went {from} → {to}",
            short_alarm_name(a),
            a.datapoints_to_alarm,
            a.evaluation_periods,
            symbol(a.comparison),
            number(a.threshold),
            a.metric.unwrap_or("its metric"),
            a.statistic,
            span(ctx.publish_delay_s),
        )),
        None => parts.push(format!(
            "desired went {from} → {to} {when} ({})",
            activity.cause
        )),
    }
    // The activity ends when every instance it launched is InService; that is when this
    // request's instance came up only if the request had not started before.
    let in_service = activity
        .end
        .filter(|&end| activity.status == ActivityStatus::Successful && end <= started);
    match in_service {
        Some(end) => parts.push(format!(
            "the new instance took {} to start (InService at {})",
            span(end.since(at).as_secs_f64()),
            clock(end)
        )),
        None if r.start.is_some() => parts.push(format!(
            "it started at {}, {} after desired went up (the cold start, then any requests \
             ahead of it)",
            clock(started),
            span(started.since(at).as_secs_f64())
        )),
        None => parts.push("no instance came up for it before it left".to_string()),
    }
    if let Some(up) = in_service {
        if started > up && started.since(up).as_secs_f64() >= 0.5 {
            let retry = if ctx.refuses_without_capacity {
                ", or it was waiting for its client's next retry"
            } else {
                ""
            };
            parts.push(format!(
                "then it started {} later: earlier requests went first ({} at a time per \
                 instance){retry}",
                span(started.since(up).as_secs_f64()),
                ctx.concurrency
            ));
        }
    }
    Some(format!("{head}: {}", parts.join("; ")))
}
