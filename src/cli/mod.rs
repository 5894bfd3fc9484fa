//! The command line: argument definitions (clap) and one module per subcommand.
//!
//! Exit codes: 0 success; 2 a user mistake (bad scenario, data file, `--set` or
//! arguments — the message says where and what to fix); 1 anything else (e.g. the output
//! folder cannot be written); 130 a sweep stopped by Ctrl-C (its finished runs are kept for
//! `--resume`).

pub mod backtest;
pub mod calibrate;
pub mod compare;
pub mod explain;
pub mod export_aws;
pub mod import_aws;
pub mod merge;
mod record_args;
pub mod record_aws;
pub mod run;
pub mod simulate;
pub mod sweep;
pub mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// scalesim: simulate autoscaling policies of scale-to-zero inference endpoints and see the
/// latency every request would get and what the instance-hours would cost.
#[derive(Debug, Parser)]
#[command(name = "scalesim", version = crate::provenance::LONG_VERSION, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every command that reads a scenario.
#[derive(Debug, clap::Args)]
pub struct ScenarioArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Override a scenario field by its dotted path, e.g.
    /// `--set endpoint.max_concurrent_invocations_per_instance=4` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write summary.json, timeseries.csv, activities.csv
    /// (and requests.csv with --requests), four charts and report.html.
    Run(run::RunArgs),
    /// Run the variants of a scenario on the same arrivals and compare them: a table,
    /// compare.csv, compare.json, charts and report.html ([[variants]] in the scenario, or
    /// --variant NAME:KEY=VALUE,...).
    Compare(compare::CompareArgs),
    /// Check a scenario and print it normalised, with every default filled in.
    Validate(validate::ValidateArgs),
    /// Write the AWS CLI JSON (register-scalable-target, put-scaling-policy,
    /// put-metric-alarm, put-scheduled-action) that applies a scenario's scaling.
    ExportAws(export_aws::ExportAwsArgs),
    /// Run a base scenario at every point of a parameter grid, with replications, on every
    /// core: sweep.csv (means and 95% CIs), pareto.csv, charts and, with --slo, the
    /// cheapest point that meets it (recommendation.json, recommended-aws/).
    Sweep(sweep::SweepArgs),
    /// Join the folders of a sharded sweep (--shard I/N) into the files of one run.
    Merge(merge::MergeArgs),
    /// Read the AWS CLI output files of your endpoint (describe-*, get-metric-data,
    /// describe-scaling-activities, ...) and write a runnable scenario of it, every value
    /// commented with where it came from.
    ImportAws(import_aws::ImportAwsArgs),
    /// Replay a scenario over its recorded window and compare it with what AWS did:
    /// scaling events, capacity, backlog, wait, instance-hours (backtest.csv, .json, chart).
    Backtest(backtest::BacktestArgs),
    /// Search the settings AWS does not document for the values that best reproduce the
    /// record; write the calibrated scenario.
    Calibrate(calibrate::CalibrateArgs),
    /// Run a scenario and write what AWS would have recorded of it, as AWS CLI output
    /// files (to try import-aws, backtest and calibrate without an AWS account).
    RecordAws(record_aws::RecordAwsArgs),
    /// Why did it (not) scale at a time? The minutes around it: the datapoints each alarm
    /// saw, M-of-N states, cooldowns, each policy's proposal, the winner and the reason
    /// when nothing changed; and why a request waited.
    Explain(explain::ExplainArgs),
}

/// A long command stopped early at the user's request (Ctrl-C); exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// Run the parsed command.
pub fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Validate(a) => validate::run(a),
        Command::ExportAws(a) => export_aws::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Merge(a) => merge::run(a),
        Command::ImportAws(a) => import_aws::run(a),
        Command::Backtest(a) => backtest::run(a),
        Command::Calibrate(a) => calibrate::run(a),
        Command::RecordAws(a) => record_aws::run(a),
        Command::Explain(a) => explain::run(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
