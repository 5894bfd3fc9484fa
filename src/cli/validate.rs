//! `scalesim validate`: check a scenario and print it normalised.

use super::ScenarioArgs;
use crate::scenario;

/// Arguments of `scalesim validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
}

/// Validate and print.
pub fn run(args: ValidateArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    for w in &sc.warnings {
        eprintln!("warning: {w}");
    }
    print!("{}", sc.to_toml());
    eprintln!("{}: ok", args.scenario.scenario.display());
    Ok(())
}
