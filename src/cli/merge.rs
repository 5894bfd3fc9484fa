//! `scalesim merge`: join the folders of a sharded sweep into exactly the files one
//! unsharded run writes (`points.jsonl`, `sweep.csv`, `pareto.csv`, charts and, with an
//! SLO, `recommendation.json` and `recommended-aws/`).

use super::sweep::{parse_slo, report};
use crate::chart::ChartFormat;
use crate::sweep::{merge, Slo};
use std::path::PathBuf;

/// Arguments of `scalesim merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard folders (each written by `scalesim sweep --shard I/N`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Output folder [default: output/<sweep name>/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The sweep file [default: the path recorded in the shards' manifest.json]; it must be
    /// the sweep the shards ran.
    #[arg(long, value_name = "FILE")]
    pub sweep: Option<PathBuf>,
    /// The SLO for a recommendation, as `scalesim sweep --slo` (replaces the sweep file's).
    #[arg(long, value_name = "METRIC<=LIMIT,...", value_parser = parse_slo)]
    pub slo: Option<Slo>,
    /// Format of the chart files.
    #[arg(long, value_enum, default_value_t = ChartFormat::Svg)]
    pub format: ChartFormat,
    /// Draw no chart files (report.html keeps its interactive frontier and table).
    #[arg(long)]
    pub no_charts: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Merge the shard folders.
pub fn run(args: MergeArgs) -> anyhow::Result<()> {
    let charts = (!args.no_charts).then_some(args.format);
    let (sweep, result, out) = merge(
        &args.dirs,
        args.out.as_deref(),
        args.sweep.as_deref(),
        args.slo.as_ref(),
        charts,
    )?;
    report(&sweep, &result, &out, args.quiet)
}
