//! Why a request waited, in one sentence ([`request_answer`]): every instance busy, or
//! no instance InService and the scale-out it waited for (the alarm that had to go to
//! ALARM on delayed datapoints, or the activity's cause), the cold start, then the queue.
//! A child of `answer.rs`, which answers for the decisions.

use super::alarm_named;
use crate::explain::log::ExplainLog;
use crate::explain::{clock, number, short_alarm_name, span, symbol};
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
