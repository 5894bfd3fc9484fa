//! `scalesim record-aws`: run a scenario and write what AWS would have recorded of it, in
//! the shapes of the AWS CLI outputs `import-aws` reads. For trying `import-aws`,
//! `backtest` and `calibrate` without an AWS account, and for checking that they recover
//! settings that are known.

use super::ScenarioArgs;
use crate::recorded::write::{write_record, SimulatedRecord, TimestampStyle, WriteOptions};
use crate::scenario;
use crate::sim::trace::RunTrace;
use crate::sim::Simulation;
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `scalesim record-aws`.
#[derive(Debug, clap::Args)]
pub struct RecordAwsArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output folder [default: output/<scenario name>/aws-record/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Seed (overrides the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Timestamps as AWS CLI v1 prints them for SageMaker (`epoch`) or as CLI v2 does, ISO
    /// 8601 with a UTC offset (`iso`, `iso+08:00`, `iso-05:00`).
    #[arg(long, default_value = "iso")]
    timestamps: String,
    /// Datapoints or items per file; more go to further pages (with NextToken).
    #[arg(long, value_name = "N")]
    page_size: Option<usize>,
    /// Also write the SNS notification of every request (notifications.jsonl).
    #[arg(long)]
    notifications: bool,
    /// Write only this metric series, as Metric:Statistic (repeatable; default: all).
    #[arg(long = "metric", value_name = "METRIC:STAT")]
    metrics: Vec<String>,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

fn timestamp_style(text: &str) -> anyhow::Result<TimestampStyle> {
    let bad = || {
        anyhow::anyhow!(crate::error::InputError::Invalid {
            file: PathBuf::from("--timestamps"),
            issues: vec![crate::error::Issue::new(
                "--timestamps",
                format!("{text:?}: use epoch, iso, or iso with an offset such as iso+08:00"),
            )],
        })
    };
    match text {
        "epoch" => Ok(TimestampStyle::EpochSeconds),
        "iso" => Ok(TimestampStyle::Iso8601 { offset_minutes: 0 }),
        t => {
            let offset = t.strip_prefix("iso").ok_or_else(bad)?;
            let (sign, hm) = match offset.split_at_checked(1) {
                Some(("+", rest)) => (1, rest),
                Some(("-", rest)) => (-1, rest),
                _ => return Err(bad()),
            };
            let (h, m) = hm.split_once(':').ok_or_else(bad)?;
            let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            if !(0..=14).contains(&h) || !(0..60).contains(&m) {
                return Err(bad());
            }
            Ok(TimestampStyle::Iso8601 {
                offset_minutes: sign * (h * 60 + m),
            })
        }
    }
}

/// Run the scenario and write its record.
pub fn run(args: RecordAwsArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    let timestamps = timestamp_style(&args.timestamps)?;
    if args.page_size == Some(0) {
        anyhow::bail!(crate::error::InputError::Invalid {
            file: PathBuf::from("--page-size"),
            issues: vec![crate::error::Issue::new(
                "--page-size",
                "must be at least 1"
            )],
        });
    }
    let known = crate::recorded::write::metric_series();
    if let Some(bad) = args.metrics.iter().find(|m| !known.contains(m)) {
        anyhow::bail!(crate::error::InputError::Invalid {
            file: PathBuf::from("--metric"),
            issues: vec![crate::error::Issue::new(
                "--metric",
                format!(
                    "{bad:?} is not a series scalesim writes; use one of {}",
                    known.join(", ")
                ),
            )],
        });
    }
    let seed = args.seed.unwrap_or(sc.seed());
    let window = crate::backtest::window_of(&sc)?;
    let sim = Simulation::new(&sc.sim, seed, sc.build_policy());
    let mut trace = RunTrace::new(sim.alarm_names(), args.notifications);
    sim.run(&mut trace);
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(sc.name()).join("aws-record"));
    let opts = WriteOptions {
        timestamps,
        page_size: args.page_size,
        notifications: args.notifications,
        seed: Some(seed),
        metrics: (!args.metrics.is_empty()).then(|| args.metrics.clone()),
        ..WriteOptions::default()
    };
    let rec = SimulatedRecord {
        scenario: &sc,
        start: window.start,
        trace: &trace,
    };
    let files = match write_record(&out, &rec, &opts) {
        Ok(files) => files,
        // A scenario the writer cannot record (another platform) is the user's input.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            anyhow::bail!(crate::error::InputError::Invalid {
                file: sc.file.clone(),
                issues: vec![crate::error::Issue::new("platform.kind", e.to_string())],
            })
        }
        Err(e) => {
            return Err(e).with_context(|| format!("writing the record into {}", out.display()))
        }
    };
    if !args.quiet {
        for f in &files {
            println!("{}", f.display());
        }
    }
    Ok(())
}
