//! `scalesim explain`: why the endpoint did (not) scale around a time, and why a request
//! waited: the per-minute decisions, the evaluation at that time in full, and answers in
//! plain English (or the decisions as JSON).

use super::ScenarioArgs;
use crate::error::{InputError, Issue};
use crate::explain::{json, output};
use crate::scenario::{self, Scenario};
use crate::time::{format_duration_secs, parse_duration_secs, SimDuration, SimTime};
use std::path::PathBuf;

/// Longest `--window`.
const MAX_WINDOW_S: f64 = 86_400.0;

/// Arguments of `scalesim explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The time to explain: a duration from the start (`2h15m`, `30s`) or an ISO 8601
    /// timestamp (`2024-01-01T02:15:00Z`, read against the scenario's `start_time`).
    #[arg(long, value_name = "TIME")]
    at: String,
    /// How far before and after TIME the per-minute table goes.
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    window: String,
    /// Seed for every random stream (overrides the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Print the decisions of the window as JSON (a list of records) instead of the text.
    #[arg(long)]
    json: bool,
}

fn usage(flag: &str, message: String) -> InputError {
    InputError::Invalid {
        file: PathBuf::from(flag),
        issues: vec![Issue::new(flag, message)],
    }
}

/// `--at` as a time of the run of `sc`.
pub fn parse_at(sc: &Scenario, text: &str) -> Result<SimTime, InputError> {
    let horizon_s = sc.sim.horizon.as_secs_f64();
    let secs = match parse_duration_secs(text) {
        Ok(s) => s,
        Err(_) => {
            let ts = crate::aws::schedule::parse_timestamp(text).map_err(|_| {
                usage(
                    "--at",
                    format!(
                        "{text:?} is neither a duration from the start (e.g. 2h15m, 30s) nor an \
                         ISO 8601 timestamp (e.g. 2024-01-01T02:15:00Z)"
                    ),
                )
            })?;
            let start = crate::aws::schedule::parse_timestamp(&sc.raw.start_time).unwrap_or(0.0);
            if ts < start {
                return Err(usage(
                    "--at",
                    format!(
                        "{text} is before the scenario's start_time {}",
                        sc.raw.start_time
                    ),
                ));
            }
            ts - start
        }
    };
    if !(0.0..horizon_s).contains(&secs) {
        return Err(usage(
            "--at",
            format!(
                "{text} is {} from the start, beyond the horizon ({}); give a time before it",
                format_duration_secs(secs.max(0.0)),
                format_duration_secs(horizon_s)
            ),
        ));
    }
    Ok(SimTime(SimDuration::from_secs_f64(secs).0))
}

/// `--window` as a duration.
fn parse_window(text: &str) -> Result<SimDuration, InputError> {
    let secs = parse_duration_secs(text).map_err(|e| usage("--window", e))?;
    if secs > MAX_WINDOW_S {
        return Err(usage(
            "--window",
            format!("{text} is longer than the most allowed, 1d"),
        ));
    }
    Ok(SimDuration::from_secs_f64(secs))
}

/// Run the scenario up to a little past `--at` and print the explanation.
pub fn run(args: ExplainArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    for w in &sc.warnings {
        eprintln!("warning: {w}");
    }
    let at = parse_at(&sc, &args.at)?;
    let window = parse_window(&args.window)?;
    let seed = args.seed.unwrap_or(sc.seed());
    let log = output::run(&sc, seed, at, window);
    if args.json {
        print!("{}", json::to_json(&log.decisions));
    } else {
        print!("{}", output::text(&sc, seed, &log));
    }
    Ok(())
}
