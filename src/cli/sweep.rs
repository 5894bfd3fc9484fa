//! `scalesim sweep`: run a base scenario at every point of a parameter grid, with
//! replications, on every core; write `sweep.csv`, `pareto.csv`, charts, `report.html` and,
//! with an SLO,
//! `recommendation.json` and the recommended point's AWS CLI JSON. The only place that reads
//! the scheduler's environment variables (for `--shard`).

use crate::chart::ChartFormat;
use crate::sweep::driver::{default_out, SweepOptions, SweepOutcome, POINTS_JSONL};
use crate::sweep::exec::default_jobs;
use crate::sweep::{run_sweep, select_shard, spec, text, Shard, ShardEnv, Slo, Sweep};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// Arguments of `scalesim sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The sweep file (TOML): a base scenario and the fields to vary.
    pub sweep: PathBuf,
    /// Output folder [default: output/<sweep name>/, or output/<sweep name>/shard-I-of-N/
    /// for a shard].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads [default: the available parallelism]. Results do not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub jobs: Option<u32>,
    /// Keep the finished runs in DIR/points.jsonl and run only the rest (without it a sweep
    /// starts over).
    #[arg(long)]
    pub resume: bool,
    /// Recommend the cheapest point that meets these objectives at the upper end of its 95%
    /// confidence interval, e.g. 'p99<=15m,expired_rate<=0.01' (p50, p90, p99, max, mean:
    /// durations; expired_rate, failed_rate: fractions or percentages). Replaces the sweep
    /// file's `slo`.
    #[arg(long, value_name = "METRIC<=LIMIT,...", value_parser = parse_slo)]
    pub slo: Option<Slo>,
    /// Run only shard I of N (the runs whose index mod N is I); merge the shard folders with
    /// `scalesim merge`. Without it, taken from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or
    /// AWS_BATCH_JOB_ARRAY_INDEX when set.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Number of shards, for JOB_COMPLETION_INDEX (Kubernetes) and AWS_BATCH_JOB_ARRAY_INDEX
    /// (AWS Batch), which do not tell it.
    #[arg(long, value_name = "N")]
    pub shard_count: Option<u32>,
    /// Format of the chart files.
    #[arg(long, value_enum, default_value_t = ChartFormat::Svg)]
    pub format: ChartFormat,
    /// Draw no chart files (report.html keeps its interactive frontier and table).
    #[arg(long)]
    pub no_charts: bool,
    /// Print nothing on success (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--slo` for clap (its errors exit with code 2 and say what is allowed).
pub fn parse_slo(s: &str) -> Result<Slo, String> {
    s.parse()
}

/// `--shard` for clap.
pub fn parse_shard(s: &str) -> Result<Shard, String> {
    s.parse()
}

/// Print a finished sweep's summary, and fail (exit 1) if some chart could not be drawn.
pub fn report(
    sweep: &Sweep,
    result: &crate::sweep::Finished,
    out: &Path,
    quiet: bool,
) -> anyhow::Result<()> {
    if !quiet {
        print!("{}", text::render(sweep, result, out));
        println!("  output: {}", out.display());
        println!(
            "  report: {}",
            out.join(crate::sweep::report::REPORT_HTML).display()
        );
    }
    if !result.chart_errors.is_empty() {
        anyhow::bail!(
            "{} chart(s) could not be drawn (every other output was written):\n  {}",
            result.chart_errors.len(),
            result.chart_errors.join("\n  ")
        );
    }
    Ok(())
}

/// Run the sweep.
pub fn run(args: SweepArgs) -> anyhow::Result<()> {
    let started = crate::provenance::Started::now();
    let sweep = spec::load(&args.sweep)?;
    for w in &sweep.warnings {
        eprintln!("warning: {w}");
    }
    let env = ShardEnv::from_lookup(|k| std::env::var(k).ok());
    let selected = select_shard(args.shard, args.shard_count, &env)?;
    if let Some((s, source)) = selected {
        if source != "--shard" && !args.quiet {
            eprintln!("note: running shard {s}, from {source}");
        }
    }
    let shard = selected.map(|(s, _)| s);
    let out = args.out.unwrap_or_else(|| default_out(&sweep, shard));
    let jsonl = out.join(POINTS_JSONL);
    if !args.resume && std::fs::metadata(&jsonl).is_ok_and(|m| m.len() > 0) && !args.quiet {
        eprintln!(
            "note: starting over: the runs in {} are discarded (--resume keeps them)",
            jsonl.display()
        );
    }
    let jobs = args.jobs.map_or_else(default_jobs, |j| j as usize);
    let opts = SweepOptions {
        out: out.clone(),
        jobs,
        resume: args.resume,
        shard,
        slo: args.slo,
        charts: (!args.no_charts).then_some(args.format),
        progress: !args.quiet,
        stop: Some(ctrl_c_flag()),
    };
    let outcome = run_sweep(&sweep, &opts)?;
    if !matches!(outcome, SweepOutcome::Interrupted { .. }) {
        let info = started.info("sweep", &args.sweep, sweep.base_seed);
        info.write(&out)
            .with_context(|| format!("writing run.json to {}", out.display()))?;
    }
    match outcome {
        SweepOutcome::Interrupted { kept, runs } => {
            eprintln!(
                "interrupted: {kept} of {runs} runs finished and are kept in {}; run the same command with --resume to finish",
                jsonl.display()
            );
            Err(super::Interrupted.into())
        }
        SweepOutcome::Shard { shard, runs, ran } => {
            if !args.quiet {
                println!(
                    "  shard {shard}: {runs} of {} runs finished ({ran} run now) in {}",
                    sweep.runs(),
                    out.display()
                );
                println!("  when every shard is done: scalesim merge SHARD-DIR... --out DIR");
                if opts.slo.is_some() {
                    println!("  (the SLO applies when merging: give it to scalesim merge --slo)");
                }
            }
            Ok(())
        }
        SweepOutcome::Complete { result, .. } => report(&sweep, &result, &out, args.quiet),
    }
}

/// A flag that Ctrl-C sets: the sweep then starts no new run, lets the runs in progress
/// finish (they are written to points.jsonl) and stops. If a handler cannot be installed
/// (one already is), Ctrl-C keeps its default effect; finished runs are kept either way.
fn ctrl_c_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let set = flag.clone();
    let _ = ctrlc::set_handler(move || set.store(true, std::sync::atomic::Ordering::SeqCst));
    flag
}
