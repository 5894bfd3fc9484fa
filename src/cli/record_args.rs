//! Options shared by the commands that read a user's AWS record (`import-aws`,
//! `backtest`, `calibrate`).

use crate::error::{InputError, Issue};
use crate::recorded::load::LoadOptions;
use crate::recorded::{Recorded, UtcMicros};
use std::path::PathBuf;

/// Where the record is and which endpoint's.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordArgs {
    /// The endpoint to read when the files hold several.
    #[arg(long, value_name = "NAME")]
    pub endpoint: Option<String>,
}

impl RecordArgs {
    /// Read `paths` (folders or files) and print its warnings unless `quiet`.
    pub fn load(&self, paths: &[PathBuf], quiet: bool) -> Result<Recorded, InputError> {
        let rec = crate::recorded::load_paths(
            paths,
            &LoadOptions {
                endpoint: self.endpoint.clone(),
            },
        )?;
        if !quiet {
            for w in &rec.warnings {
                eprintln!("warning: {w}");
            }
        }
        Ok(rec)
    }
}

/// The record a scenario is checked against (`backtest`, `calibrate`).
#[derive(Debug, Clone, clap::Args)]
pub struct AgainstArgs {
    /// Folders or files of the AWS CLI output to compare with.
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub against: Vec<PathBuf>,
    #[command(flatten)]
    pub record: RecordArgs,
}

impl AgainstArgs {
    /// Read the record and print its warnings unless `quiet`.
    pub fn load(&self, quiet: bool) -> Result<Recorded, InputError> {
        self.record.load(&self.against, quiet)
    }
}

/// An ISO 8601 instant given on the command line (`--from 2024-03-04T00:00:00Z`).
pub fn parse_instant(flag: &str, text: &str) -> Result<UtcMicros, InputError> {
    crate::aws::schedule::parse_timestamp(text)
        .map(|s| UtcMicros((s * 1e6).round() as i64))
        .map_err(|message| InputError::Invalid {
            file: PathBuf::from(flag),
            issues: vec![Issue::new(flag, message)],
        })
}
