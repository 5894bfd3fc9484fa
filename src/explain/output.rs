//! What `scalesim explain` prints: run the scenario with an [`ExplainLog`] and lay out the
//! table, the details of the evaluation at the time asked about, and the answers.

use super::answer::{decision_answer, request_answer, request_of_interest, Context};
use super::log::ExplainLog;
use super::table::{build, details, render_text};
use super::{clock, span, wrap, WIDTH};
use crate::scenario::Scenario;
use crate::sim::Simulation;
use crate::time::{SimDuration, SimTime};

/// Run `sc` with `seed` until `explain` has what it needs about `at` and `window`.
pub fn run(sc: &Scenario, seed: u64, at: SimTime, window: SimDuration) -> ExplainLog {
    let mut log = ExplainLog::new(at, window);
    Simulation::new(&sc.sim, seed, sc.build_policy()).run(&mut log);
    log
}

/// The answers for `log`: what the evaluation at (or else just after) `log.at` did and
/// why, then why the request of interest waited, if one did.
pub fn answers(log: &ExplainLog, ctx: &Context) -> Vec<String> {
    let mut out = Vec::new();
    let decision = log
        .at_or_before
        .as_ref()
        .or_else(|| log.decisions.iter().find(|d| d.time >= log.at));
    if let Some(d) = decision {
        let first_after = if d.time > log.at {
            format!(
                "the first evaluation after {} is at {}: ",
                clock(log.at),
                clock(d.time)
            )
        } else {
            String::new()
        };
        out.push(format!("{first_after}{}", decision_answer(d)));
    }
    if let Some(a) = request_of_interest(log).and_then(|r| request_answer(r, log, ctx)) {
        out.push(a);
    }
    out
}

/// The whole text `explain` prints for `log` (of `sc` with `seed`).
pub fn text(sc: &Scenario, seed: u64, log: &ExplainLog) -> String {
    let ctx = Context {
        publish_delay_s: sc.sim.metrics.publish_delay.as_secs_f64(),
        concurrency: sc.sim.endpoint.max_concurrent_invocations_per_instance,
        refuses_without_capacity: sc.sim.endpoint.platform.refuses_without_capacity(),
    };
    let mut out = format!(
        "scalesim explain: {} (seed {seed}) at {}, {} either side\n",
        sc.name(),
        clock(log.at),
        span(log.window.as_secs_f64())
    );
    out.push_str(&wrap(
        &format!(
            "Times are from the start ({}). The policy runs at every whole minute, on the \
             datapoints published by then ({} after each minute ends).",
            sc.raw.start_time,
            span(ctx.publish_delay_s)
        ),
        WIDTH,
        "",
    ));
    out.push_str("\n\n");
    if log.decisions.is_empty() {
        out.push_str("No evaluation in the window.\n");
    } else {
        out.push_str(&render_text(&build(
            &log.decisions,
            Some(log.at),
            Some(WIDTH),
        )));
        out.push('\n');
    }
    let shown = log
        .at_or_before
        .as_ref()
        .or_else(|| log.decisions.iter().find(|d| d.time >= log.at));
    if let Some(d) = shown {
        out.push_str(&details(d));
        out.push_str("\n\n");
    }
    for a in answers(log, &ctx) {
        out.push_str(&wrap(&format!("answer: {a}"), WIDTH, "  "));
        out.push('\n');
    }
    out
}
