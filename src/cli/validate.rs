//! `scalesim validate`: check a scenario and print it normalised.

use super::ScenarioArgs;
use crate::scenario;
use crate::scenario::variants::variant_scenarios;

/// Arguments of `scalesim validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
}

/// Validate and print. A scenario with `[[variants]]` has each variant checked too.
pub fn run(args: ValidateArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    for w in &sc.warnings {
        eprintln!("warning: {w}");
    }
    if !sc.raw.variants.is_empty() {
        let cmp = variant_scenarios(&args.scenario.scenario, &args.scenario.overrides, &[])?;
        let names: Vec<&str> = cmp.variants.iter().map(|v| v.name.as_str()).collect();
        eprintln!("variants ok: {}", names.join(", "));
    }
    print!("{}", sc.to_toml());
    eprintln!("{}: ok", args.scenario.scenario.display());
    Ok(())
}
