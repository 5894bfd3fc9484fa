//! `manifest.json`: which sweep (its file and fingerprint) and which shard a sweep folder
//! holds, so that `--resume` and `scalesim merge` refuse runs of another sweep.

use super::Sweep;
use crate::error::InputError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a sweep folder holds (`manifest.json`): which sweep, and which slice of its runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The sweep file (absolute when it could be resolved).
    pub sweep_file: String,
    /// The sweep's fingerprint ([`Sweep::hash`]).
    pub sweep_hash: String,
    /// Number of points.
    pub points: usize,
    /// Replications per point.
    pub replications: u32,
    /// Runs in the whole sweep.
    pub runs: u64,
    /// The slice this folder runs, `"I/N"`; null for the whole sweep.
    pub shard: Option<String>,
    /// Version of scalesim that wrote it.
    pub scalesim_version: String,
}

impl Manifest {
    /// The manifest of `sweep` for `shard` (None: the whole sweep).
    pub fn new(sweep: &Sweep, shard: Option<super::Shard>) -> Manifest {
        let file = std::fs::canonicalize(&sweep.file).unwrap_or_else(|_| sweep.file.clone());
        Manifest {
            sweep_file: file.to_string_lossy().into_owned(),
            sweep_hash: sweep.hash.clone(),
            points: sweep.points.len(),
            replications: sweep.replications,
            runs: sweep.runs(),
            shard: shard.map(|s| s.to_string()),
            scalesim_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// Read `path`.
    pub fn read(path: &Path) -> Result<Manifest, InputError> {
        let text = std::fs::read_to_string(path).map_err(|source| InputError::Read {
            file: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| InputError::Syntax {
            file: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
