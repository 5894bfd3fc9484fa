//! `manifest.json`: which sweep (its file and fingerprint) and which shard a sweep folder
//! holds, so that `--resume` and `scalesim merge` refuse runs of another sweep.

use super::Sweep;
use crate::error::InputError;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// What a sweep folder holds (`manifest.json`): which sweep, and which slice of its runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The sweep file, relative to the folder that holds this manifest (so that the two
    /// can move together); absolute only when no relative path joins them (another drive).
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
    /// The manifest of `sweep` for `shard` (None: the whole sweep), to be written in the
    /// existing folder `folder`.
    pub fn new(sweep: &Sweep, shard: Option<super::Shard>, folder: &Path) -> Manifest {
        let file = std::fs::canonicalize(&sweep.file).unwrap_or_else(|_| sweep.file.clone());
        let file = std::fs::canonicalize(folder)
            .ok()
            .and_then(|dir| relative_path(&dir, &file))
            .unwrap_or(file);
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

    /// The sweep file of the manifest read from `folder`.
    pub fn sweep_path(&self, folder: &Path) -> PathBuf {
        folder.join(&self.sweep_file)
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// The path from the absolute folder `from` to the absolute path `to` (`../sweeps/a.toml`),
/// or `None` when they share no root.
pub fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    if a.first() != b.first() {
        return None;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::{Path, PathBuf};

    #[test]
    fn relative_paths_walk_up_then_down() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b));
        assert_eq!(
            rel("/w/output/sweep", "/w/sweeps/a.toml"),
            Some(PathBuf::from("../../sweeps/a.toml"))
        );
        assert_eq!(rel("/w", "/w/a.toml"), Some(PathBuf::from("a.toml")));
        assert_eq!(
            Path::new("/w/output/sweep").join(rel("/w/output/sweep", "/w/a.toml").unwrap()),
            PathBuf::from("/w/output/sweep/../../a.toml")
        );
    }
}
