//! `scalesim run`: simulate one scenario and write its outputs.

use super::ScenarioArgs;
use crate::report::files::RunWriter;
use crate::report::table;
use crate::scenario;
use crate::sim::Simulation;
use anyhow::Context;
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
}

/// Run the scenario.
pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    for w in &sc.warnings {
        eprintln!("warning: {w}");
    }
    let seed = args.seed.unwrap_or(sc.seed());
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(sc.name()));
    let sim = Simulation::new(&sc.sim, seed, sc.build_policy());
    let mut writer = RunWriter::create(&out, args.requests, &sim.alarm_names())
        .with_context(|| format!("cannot write to output folder {}", out.display()))?;
    let summary = sim.run(&mut writer);
    writer
        .finish(&summary)
        .with_context(|| format!("writing results to {}", out.display()))?;
    if !args.quiet {
        print!("{}", table::render(&summary));
        println!("  {:<16}  {}", "output", out.display());
    }
    Ok(())
}
