//! `scalesim backtest`: replay a scenario over its window and compare it with the record.

use super::record_args::AgainstArgs;
use super::simulate::ChartArgs;
use super::ScenarioArgs;
use crate::backtest;
use crate::scenario;
use std::path::PathBuf;

/// Arguments of `scalesim backtest`.
#[derive(Debug, clap::Args)]
pub struct BacktestArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    record: AgainstArgs,
    /// Output folder [default: output/<scenario name>/backtest/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Seed (overrides the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    charts: ChartArgs,
}

/// Run the backtest and write its files.
pub fn run(args: BacktestArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    if !args.quiet {
        for w in &sc.warnings {
            eprintln!("warning: {w}");
        }
    }
    let rec = args.record.load(args.quiet)?;
    let seed = args.seed.unwrap_or(sc.seed());
    let bt = backtest::run(&sc, &rec, seed)?;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(sc.name()).join("backtest"));
    let chart = (!args.charts.no_charts).then_some(args.charts.format);
    let (written, chart_error) = backtest::output::write(&out, &bt, &sc, chart)?;
    if !args.quiet {
        print!("{}", backtest::output::text(&bt));
        for f in &written {
            println!("  wrote {}", f.display());
        }
    }
    if let Some(e) = chart_error {
        anyhow::bail!("the backtest chart could not be drawn (every other file was written): {e}");
    }
    Ok(())
}
