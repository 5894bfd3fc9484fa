//! `scalesim import-aws`: a runnable scenario from the AWS CLI output files a user saved.

use super::record_args::{parse_instant, RecordArgs};
use crate::cost::PriceTable;
use crate::importer::{self, ImportOptions};
use std::path::PathBuf;

/// Arguments of `scalesim import-aws`.
#[derive(Debug, clap::Args)]
pub struct ImportAwsArgs {
    /// Folders or files of AWS CLI output (`--output json`); each file is recognised by
    /// its content.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    record: RecordArgs,
    /// Output folder for scenario.toml, arrivals.csv and import-report.json
    /// [default: output/<endpoint>-import/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Start of the window to import (ISO 8601) [default: the record's first datapoint].
    #[arg(long, value_name = "TIME")]
    from: Option<String>,
    /// End of the window (ISO 8601) [default: the end of the record].
    #[arg(long, value_name = "TIME")]
    to: Option<String>,
    /// Scenario name [default: the endpoint's name].
    #[arg(long)]
    name: Option<String>,
    /// Price table (CSV: instance_type,region,usd_per_hour,as_of,source) [default: the
    /// shipped assets/prices/sagemaker-hosting-on-demand.csv].
    #[arg(long, value_name = "FILE")]
    prices: Option<PathBuf>,
    /// Price per instance-hour in USD (overrides the table).
    #[arg(long, value_name = "USD")]
    price: Option<f64>,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

/// Import, write, check that the scenario loads, and say what was found.
pub fn run(args: ImportAwsArgs) -> anyhow::Result<()> {
    let rec = args.record.load(&args.paths, args.quiet)?;
    let mut opts = ImportOptions {
        from: args
            .from
            .as_deref()
            .map(|t| parse_instant("--from", t))
            .transpose()?,
        to: args
            .to
            .as_deref()
            .map(|t| parse_instant("--to", t))
            .transpose()?,
        name: args.name.clone(),
        price: args.price,
        record: PathBuf::from(
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ..ImportOptions::default()
    };
    if let Some(p) = args.price.filter(|p| !(p.is_finite() && *p >= 0.0)) {
        anyhow::bail!(crate::error::InputError::Invalid {
            file: PathBuf::from("--price"),
            issues: vec![crate::error::Issue::new(
                "--price",
                format!("{p} is not a price: give USD per instance-hour, 0 or more"),
            )],
        });
    }
    if let Some(path) = &args.prices {
        opts.prices = PriceTable::load(path)?;
        opts.prices_source = path.display().to_string();
    }
    let imported = importer::import(&rec, &opts)?;
    let r = &imported.report;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(format!("{}-import", r.endpoint)));
    let scenario = importer::write(&out, &imported)?;
    if args.quiet {
        return Ok(());
    }
    for w in r.warnings.iter().skip(rec.warnings.len()) {
        eprintln!("warning: {w}");
    }
    println!(
        "endpoint {} ({}), {} to {} ({} minutes)",
        r.endpoint, r.variant, r.window_start, r.window_end, r.minutes
    );
    println!("  arrivals      {} requests: {}", r.requests, r.arrivals);
    for key in [
        "service",
        "endpoint.cold_start",
        "endpoint.instance_type",
        "endpoint.price_per_instance_hour",
        "capacity.initial",
        "metrics.sample_interval",
    ] {
        if let Some(v) = r.values.iter().find(|v| v.key == key) {
            println!(
                "  {:<13} {}",
                key.rsplit('.').next().unwrap_or(key),
                v.source
            );
        }
    }
    for d in &r.differences {
        println!("  differs       {d}");
    }
    // The service time's assumption is printed with it above.
    for a in r
        .assumptions
        .iter()
        .filter(|a| !a.starts_with("service time:"))
    {
        println!("  assumed       {a}");
    }
    println!("  scenario      {}", scenario.display());
    println!(
        "  report        {}",
        out.join(importer::REPORT_FILE).display()
    );
    let dirs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    println!(
        "next: scalesim backtest {} --against {}",
        scenario.display(),
        dirs.join(" ")
    );
    println!(
        "      scalesim calibrate {} --against {}",
        scenario.display(),
        dirs.join(" ")
    );
    Ok(())
}
