//! `scalesim calibrate`: search the `[I]` settings for the values that best reproduce the
//! record.

use super::record_args::AgainstArgs;
use super::ScenarioArgs;
use crate::calibrate::{self, Search};
use crate::scenario;
use crate::sweep::exec::default_jobs;
use std::path::PathBuf;

/// Arguments of `scalesim calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    record: AgainstArgs,
    /// Output folder [default: output/<scenario name>/calibrate/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Worker threads [default: every core].
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Seeds per assignment (scores are compared seed by seed).
    #[arg(long, default_value_t = crate::calibrate::DEFAULT_REPLICATIONS)]
    replications: u32,
    /// Print nothing on success (no progress bar).
    #[arg(long, short)]
    quiet: bool,
}

/// Calibrate and write the files.
pub fn run(args: CalibrateArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    if !args.quiet {
        for w in &sc.warnings {
            eprintln!("warning: {w}");
        }
    }
    if !args.scenario.overrides.is_empty() {
        anyhow::bail!(crate::error::InputError::Invalid {
            file: sc.file.clone(),
            issues: vec![crate::error::Issue::new(
                "--set",
                "calibrate searches the scenario file as written; put the values in the file \
                 instead of --set, so that calibrated.toml keeps them",
            )],
        });
    }
    if args.replications == 0 || args.replications > 100 {
        anyhow::bail!(crate::error::InputError::Invalid {
            file: sc.file.clone(),
            issues: vec![crate::error::Issue::new(
                "--replications",
                format!("{} is out of range: allowed 1 to 100", args.replications),
            )],
        });
    }
    let rec = args.record.load(args.quiet)?;
    let result = calibrate::calibrate(&Search {
        scenario: &sc,
        recorded: &rec,
        jobs: args.jobs.unwrap_or_else(default_jobs).max(1),
        replications: args.replications,
        progress: !args.quiet,
    })?;
    let original =
        std::fs::read_to_string(&sc.file).map_err(|source| crate::error::InputError::Read {
            file: sc.file.clone(),
            source,
        })?;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(sc.name()).join("calibrate"));
    let written = calibrate::output::write(&out, &result, &sc.file, &original)?;
    if !args.quiet {
        print!("{}", calibrate::output::text(&result));
        for f in &written {
            println!("  wrote {}", f.display());
        }
        println!(
            "next: scalesim backtest {} --against {}",
            calibrate::output::calibrated_path(&sc.file).display(),
            args.record
                .against
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    Ok(())
}
