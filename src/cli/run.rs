//! `scalesim run`: simulate one scenario and write its outputs, charts and report.

use super::simulate::{charts_and_report, fail_on_chart_errors, simulate, ChartArgs};
use super::ScenarioArgs;
use crate::report::progress::{horizon_minutes, Progress};
use crate::report::{pages, table};
use crate::scenario;
use std::path::PathBuf;

/// Arguments of `scalesim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output folder [default: output/<scenario name>/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Seed for every random stream (overrides the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Also write requests.csv, one row per request.
    #[arg(long)]
    requests: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
    /// Print summary.json on stdout instead of the table.
    #[arg(long, conflicts_with = "quiet")]
    json: bool,
    #[command(flatten)]
    charts: ChartArgs,
}

/// Run the scenario.
pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let started = crate::provenance::Started::now();
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    for w in &sc.warnings {
        eprintln!("warning: {w}");
    }
    if !sc.raw.variants.is_empty() && !args.quiet {
        eprintln!(
            "note: the scenario's {} [[variants]] are not run by `run`; `scalesim compare` runs them",
            sc.raw.variants.len()
        );
    }
    let seed = args.seed.unwrap_or(sc.seed());
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(sc.name()));
    let minutes = horizon_minutes(sc.sim.horizon.as_secs_f64());
    let progress = Progress::for_stderr(minutes);
    let result = simulate(
        &sc,
        seed,
        sc.name(),
        &out,
        args.requests,
        progress.tracker(0, minutes, sc.name()),
    );
    progress.finish();
    let result = result?;
    let chart_errors = charts_and_report(&out, &[&result], &args.charts, |files| {
        pages::run_page(&sc, &result.summary, &result.charts, files, &result.why)
    })?;
    started
        .info("run", &args.scenario.scenario, seed)
        .write(&out)
        .map_err(|e| anyhow::anyhow!("writing run.json to {}: {e}", out.display()))?;
    for w in result.summary.warnings() {
        eprintln!("warning: {w}");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result.summary)?);
    } else if !args.quiet {
        print!("{}", table::render(&result.summary));
        println!("  {:<16}  {}", "output", out.display());
        println!("  {:<16}  {}", "report", out.join("report.html").display());
    }
    fail_on_chart_errors(chart_errors)
}
