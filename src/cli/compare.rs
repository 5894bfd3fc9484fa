//! `scalesim compare`: run every variant of a scenario on the same arrivals and compare
//! them side by side — a table, `compare.csv`, `compare.json`, four charts and
//! `report.html` in the output folder, and each variant's own run files in
//! `DIR/<variant>/`.

use super::simulate::{charts_and_report, fail_on_chart_errors, simulate, ChartArgs, RunOutput};
use super::ScenarioArgs;
use crate::report::compare::{render_table, rows, write_files, TableWidth};
use crate::report::pages;
use crate::report::progress::{horizon_minutes, Progress};
use crate::scenario::variants::variant_scenarios;
use crate::sim::summary::RunSummary;
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `scalesim compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// A variant: its name, then overrides like --set, separated by commas, e.g.
    /// `min-one:capacity.min=1,capacity.initial=1` (repeatable; commas inside [...],
    /// {...} or quotes stay in the value). Replaces the scenario's [[variants]]. The first
    /// variant is the baseline.
    #[arg(long = "variant", value_name = "NAME:KEY=VALUE,...")]
    variants: Vec<String>,
    /// Output folder [default: output/<scenario name>-compare/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Seed for every random stream of every variant (overrides the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Also write requests.csv in each variant's folder.
    #[arg(long)]
    requests: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
    /// Show every column in the table (it is wider than 100 columns).
    #[arg(long)]
    wide: bool,
    /// Print the comparison as JSON on stdout (the rows of compare.json) instead of the
    /// table.
    #[arg(long, conflicts_with = "quiet")]
    json: bool,
    #[command(flatten)]
    charts: ChartArgs,
}

/// Run and compare the variants.
pub fn run(args: CompareArgs) -> anyhow::Result<()> {
    let started = crate::provenance::Started::now();
    let cmp = variant_scenarios(
        &args.scenario.scenario,
        &args.scenario.overrides,
        &args.variants,
    )?;
    for w in &cmp.base.warnings {
        eprintln!("warning: {w}");
    }
    for v in &cmp.variants {
        for w in v
            .scenario
            .warnings
            .iter()
            .filter(|w| !cmp.base.warnings.contains(w))
        {
            eprintln!("warning: variant {:?}: {w}", v.name);
        }
    }
    let seed = args.seed.unwrap_or(cmp.base.seed());
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(format!("{}-compare", cmp.base.name())));
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;

    let minutes: Vec<u64> = cmp
        .variants
        .iter()
        .map(|v| horizon_minutes(v.scenario.sim.horizon.as_secs_f64()))
        .collect();
    let progress = Progress::for_stderr(minutes.iter().sum());
    let mut results: Vec<RunOutput> = Vec::with_capacity(cmp.variants.len());
    let mut offset = 0;
    for (v, &m) in cmp.variants.iter().zip(&minutes) {
        let tracker = progress.tracker(offset, m, &v.name);
        let run = simulate(
            &v.scenario,
            seed,
            &v.name,
            &out.join(&v.name),
            args.requests,
            tracker,
        );
        let run = match run {
            Ok(r) => r,
            Err(e) => {
                progress.finish();
                return Err(e.context(format!("variant {:?}", v.name)));
            }
        };
        results.push(run);
        offset += m;
    }
    progress.finish();

    let named: Vec<(&str, &RunSummary)> = cmp
        .variants
        .iter()
        .zip(&results)
        .map(|(v, r)| (v.name.as_str(), &r.summary))
        .collect();
    for (name, summary) in &named {
        for w in summary.warnings() {
            eprintln!("warning: variant {name:?}: {w}");
        }
    }
    let table = rows(&named);
    write_files(&out, &table)
        .with_context(|| format!("writing compare.csv and compare.json to {}", out.display()))?;
    let runs: Vec<&RunOutput> = results.iter().collect();
    let recorded: Vec<_> = results.iter().map(|r| (&r.charts, &r.summary)).collect();
    let chart_errors = charts_and_report(&out, &runs, &args.charts, |files| {
        pages::compare_page(&cmp, &table, &recorded, seed, files)
    })?;
    started
        .info("compare", &args.scenario.scenario, seed)
        .write(&out)
        .with_context(|| format!("writing run.json to {}", out.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&table)?);
    } else if !args.quiet {
        let width = if args.wide {
            TableWidth::Wide
        } else {
            TableWidth::Narrow
        };
        print!("{}", render_table(&table, width));
        println!("  output  {}", out.display());
        println!("  report  {}", out.join("report.html").display());
    }
    fail_on_chart_errors(chart_errors)
}
