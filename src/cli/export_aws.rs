//! `scalesim export-aws`: write the AWS CLI JSON that sets up a scenario's scaling.

use super::ScenarioArgs;
use crate::aws::export::{export, readme};
use crate::aws::spec::AasSpec;
use crate::report::atomic::write_atomic;
use crate::scenario::{self, raw::PolicySpec};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `scalesim export-aws`.
#[derive(Debug, clap::Args)]
pub struct ExportAwsArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output folder [default: output/<scenario name>/aws/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// AWS region for the placeholder policy ARNs in alarm actions.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// AWS account id for the placeholder policy ARNs in alarm actions.
    #[arg(long, default_value = "123456789012")]
    account_id: String,
}

/// Write one JSON file per AWS CLI call, plus a README with the commands in order.
pub fn run(args: ExportAwsArgs) -> anyhow::Result<()> {
    let sc = scenario::load(&args.scenario.scenario, &args.scenario.overrides)?;
    let empty = AasSpec::default();
    let spec = match &sc.raw.policy {
        PolicySpec::ApplicationAutoScaling(spec) => spec,
        PolicySpec::Fixed => {
            eprintln!("note: the fixed policy has no scaling policies; only the scalable target is exported");
            &empty
        }
        other => {
            eprintln!(
                "warning: the {} policy has no AWS equivalent; only the scalable target is exported",
                match other {
                    PolicySpec::IdleTimeout { .. } => "idle_timeout",
                    _ => "scenario's",
                }
            );
            &empty
        }
    };
    let endpoint = sc
        .raw
        .endpoint
        .name
        .clone()
        .unwrap_or_else(|| sc.name().to_string());
    let files = export(
        spec,
        sc.sim.capacity.min,
        sc.sim.capacity.max,
        &endpoint,
        &sc.raw.endpoint.variant_name,
        &args.region,
        &args.account_id,
    );
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(sc.name()).join("aws"));
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    for f in &files {
        write_atomic(&out.join(&f.name), f.json.as_bytes())
            .with_context(|| format!("writing {}", out.join(&f.name).display()))?;
    }
    write_atomic(&out.join("README.md"), readme(&files, sc.name()).as_bytes())
        .with_context(|| format!("writing {}", out.join("README.md").display()))?;
    for f in &files {
        println!("{}", f.aws_command);
    }
    eprintln!("wrote {} file(s) to {}", files.len() + 1, out.display());
    Ok(())
}
