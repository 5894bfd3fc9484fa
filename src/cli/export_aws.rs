//! `scalesim export-aws`: write the AWS CLI JSON that sets up a scenario's scaling.

use super::ScenarioArgs;
use crate::aws::export::readme;
use crate::report::atomic::write_atomic;
use crate::scenario;
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
    let kind = sc.sim.endpoint.platform.kind();
    if !sc.has_aws_scaling() {
        return Err(crate::error::InputError::Invalid {
            file: sc.file.clone(),
            issues: vec![crate::error::Issue::new(
                "platform.kind",
                format!(
                    "export-aws writes Application Auto Scaling JSON for SageMaker endpoints; a {} scenario has no AWS scaling to export",
                    kind.name()
                ),
            )],
        }
        .into());
    }
    let (files, note) = sc.aws_export(&args.region, &args.account_id);
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
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
