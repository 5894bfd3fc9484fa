//! Running a sweep into a folder, resuming it, and merging shard folders.
//!
//! A sweep folder holds `manifest.json` (which sweep, which shard) and `points.jsonl` (one
//! line per finished run, appended and flushed as runs finish). [`run_sweep`] writes the
//! manifest, keeps the finished runs when resuming (and starts over otherwise), runs the
//! rest in parallel, and — for the whole sweep — rewrites `points.jsonl` in run order and
//! writes the final files from it. A shard stops after its runs; [`merge`] joins shard
//! folders into exactly the files an unsharded run writes.

use super::exec::{execute, total_minutes};
use super::manifest::Manifest;
use super::output::finalize;
use super::record::{parse_records, sort_dedup, to_jsonl, RunRecord};
use super::{spec, Shard, Slo, Sweep};
use crate::chart::ChartFormat;
use crate::error::{InputError, Issue};
use crate::report::atomic::write_atomic;
use crate::report::progress::Progress;
use anyhow::Context;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::sync::Mutex;

pub use super::output::Finished;

/// Finished runs, one JSON line each.
pub const POINTS_JSONL: &str = "points.jsonl";
/// Which sweep and shard a folder holds.
pub const MANIFEST_JSON: &str = "manifest.json";

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Output folder.
    pub out: PathBuf,
    /// Worker threads.
    pub jobs: usize,
    /// Keep the runs already in `out/points.jsonl` (else start over).
    pub resume: bool,
    /// Run only this slice of the runs (None, or a count of 1: all of them).
    pub shard: Option<Shard>,
    /// The SLO for a recommendation.
    pub slo: Option<Slo>,
    /// Chart format; None draws no chart.
    pub charts: Option<ChartFormat>,
    /// Show a progress bar on stderr (when it is a terminal).
    pub progress: bool,
    /// Set (e.g. by a Ctrl-C handler) to stop starting new runs; runs in progress finish
    /// and are kept.
    pub stop: Option<Arc<AtomicBool>>,
}

/// What [`run_sweep`] did.
#[derive(Debug, Clone)]
pub enum SweepOutcome {
    /// Stopped before every run finished; the finished ones are in `points.jsonl` and
    /// `--resume` completes the sweep.
    Interrupted {
        /// Runs finished and kept (of this shard).
        kept: usize,
        /// Runs in all (of this shard).
        runs: usize,
    },
    /// A shard finished its slice; merge the shard folders for the final files.
    Shard {
        /// The shard.
        shard: Shard,
        /// Runs in the shard.
        runs: usize,
        /// Runs done now (the others were already finished).
        ran: usize,
    },
    /// The whole sweep is finished and its files are written.
    Complete {
        /// What it found.
        result: Box<Finished>,
        /// Runs done now (the others were already finished).
        ran: usize,
    },
}

fn invalid(file: &Path, message: String) -> InputError {
    InputError::Invalid {
        file: file.to_path_buf(),
        issues: vec![Issue::new("", message)],
    }
}

/// Read and check a folder's records, sorted by run: from `dir/points.jsonl`, which must
/// belong to `sweep` (and to `shard`, when given). A cut-short last line (an interrupted
/// write) is dropped: that run is not finished.
fn read_folder(
    sweep: &Sweep,
    dir: &Path,
    shard: Option<Option<Shard>>,
) -> Result<Vec<RunRecord>, InputError> {
    let path = dir.join(POINTS_JSONL);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(InputError::Read { file: path, source }),
    };
    let (records, _cut) = parse_records(&text, &path, sweep)?;
    if let Some(Some(s)) = shard {
        if let Some(r) = records.iter().find(|r| !s.contains(r.run)) {
            return Err(invalid(&path, format!("run {} is not in shard {s}", r.run)));
        }
    }
    sort_dedup(records).map_err(|m| invalid(&path, m))
}

/// Check that `dir` holds runs of `manifest`'s sweep and shard (before resuming).
fn check_manifest(dir: &Path, manifest: &Manifest) -> Result<(), InputError> {
    let path = dir.join(MANIFEST_JSON);
    if !path.exists() {
        let points = dir.join(POINTS_JSONL);
        if std::fs::metadata(&points).is_ok_and(|m| m.len() > 0) {
            return Err(invalid(
                &points,
                format!("there is no {MANIFEST_JSON} beside it, so it cannot be resumed; run without --resume to start over"),
            ));
        }
        return Ok(());
    }
    let found = Manifest::read(&path)?;
    if found.sweep_hash != manifest.sweep_hash {
        return Err(invalid(
            &path,
            format!(
                "the folder holds runs of a different sweep (fingerprint {}, this one {}): the \
                 sweep file or its base scenario changed. Use another --out, or run without \
                 --resume to start over",
                found.sweep_hash, manifest.sweep_hash
            ),
        ));
    }
    if found.shard != manifest.shard {
        let name = |s: &Option<String>| s.clone().unwrap_or_else(|| "the whole sweep".into());
        return Err(invalid(
            &path,
            format!(
                "the folder holds {} but this run is {}; give the same --shard, or merge shard \
                 folders with `scalesim merge`",
                name(&found.shard),
                name(&manifest.shard)
            ),
        ));
    }
    Ok(())
}

/// Run `sweep` (or its shard) into `opts.out`, as the module docs describe.
pub fn run_sweep(sweep: &Sweep, opts: &SweepOptions) -> anyhow::Result<SweepOutcome> {
    let out = &opts.out;
    let shard = opts.shard.filter(|s| s.count > 1);
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let manifest = Manifest::new(sweep, shard, out);
    let finished = if opts.resume {
        check_manifest(out, &manifest)?;
        read_folder(sweep, out, Some(shard))?
    } else {
        Vec::new()
    };
    let manifest_path = out.join(MANIFEST_JSON);
    write_atomic(&manifest_path, manifest.to_json().as_bytes())
        .with_context(|| format!("writing {}", manifest_path.display()))?;
    // Start points.jsonl from the runs kept (none when starting over, no cut-short line).
    let jsonl = out.join(POINTS_JSONL);
    write_atomic(&jsonl, to_jsonl(&finished).as_bytes())
        .with_context(|| format!("writing {}", jsonl.display()))?;
    let done: BTreeSet<u64> = finished.iter().map(|r| r.run).collect();
    let total = sweep.runs();
    let mine: Vec<u64> = match shard {
        Some(s) => s.runs(total).collect(),
        None => (0..total).collect(),
    };
    let pending: Vec<u64> = mine.iter().copied().filter(|r| !done.contains(r)).collect();
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&jsonl)
        .with_context(|| format!("opening {}", jsonl.display()))?;
    let sink = Mutex::new(file);
    let progress = if opts.progress && !pending.is_empty() {
        Progress::for_stderr(total_minutes(sweep, &pending))
    } else {
        Progress::none()
    };
    let stop = opts.stop.as_deref();
    let result = execute(sweep, &pending, opts.jobs, &progress, stop, |record| {
        let mut line = record.to_line();
        line.push('\n');
        let mut f = sink
            .lock()
            .map_err(|_| std::io::Error::other("a worker thread panicked"))?;
        f.write_all(line.as_bytes())?;
        f.flush()
    });
    progress.finish();
    result.with_context(|| format!("writing {}", jsonl.display()))?;
    drop(sink);

    let records = read_folder(sweep, out, Some(shard))?;
    let have: BTreeSet<u64> = records.iter().map(|r| r.run).collect();
    if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
        return Ok(SweepOutcome::Interrupted {
            kept: mine.iter().filter(|r| have.contains(r)).count(),
            runs: mine.len(),
        });
    }
    if let Some(r) = mine.iter().find(|r| !have.contains(r)) {
        anyhow::bail!(
            "run {r} is missing from {} after the sweep",
            jsonl.display()
        );
    }
    if let Some(s) = shard {
        return Ok(SweepOutcome::Shard {
            shard: s,
            runs: mine.len(),
            ran: pending.len(),
        });
    }
    write_atomic(&jsonl, to_jsonl(&records).as_bytes())
        .with_context(|| format!("writing {}", jsonl.display()))?;
    let slo = opts.slo.as_ref().or(sweep.slo.as_ref());
    let result = finalize(sweep, &records, out, slo, opts.charts)?;
    Ok(SweepOutcome::Complete {
        result: Box::new(result),
        ran: pending.len(),
    })
}

/// The default output folder of `sweep`: `output/<name>/`, or
/// `output/<name>/shard-I-of-N/` for a shard.
pub fn default_out(sweep: &Sweep, shard: Option<Shard>) -> PathBuf {
    let base = PathBuf::from("output").join(&sweep.name);
    match shard.filter(|s| s.count > 1) {
        Some(s) => base.join(format!("shard-{}-of-{}", s.index, s.count)),
        None => base,
    }
}

/// Join the shard folders `dirs` into `out` (default [`default_out`]): check they hold runs
/// of one sweep (loaded from `sweep_file`, or from the path in their manifests) and every
/// run of it, then write the sorted `points.jsonl`, a whole-sweep manifest and the final
/// files (`slo` replaces the sweep file's). Returns the sweep, what it found, and the
/// output folder.
pub fn merge(
    dirs: &[PathBuf],
    out: Option<&Path>,
    sweep_file: Option<&Path>,
    slo: Option<&Slo>,
    charts: Option<ChartFormat>,
) -> anyhow::Result<(Sweep, Finished, PathBuf)> {
    let mut manifests = Vec::with_capacity(dirs.len());
    for d in dirs {
        manifests.push(Manifest::read(&d.join(MANIFEST_JSON))?);
    }
    let Some(first) = manifests.first() else {
        return Err(invalid(Path::new("merge"), "give at least one shard folder".into()).into());
    };
    if let Some((d, m)) = dirs
        .iter()
        .zip(&manifests)
        .find(|(_, m)| m.sweep_hash != first.sweep_hash)
    {
        return Err(invalid(
            &d.join(MANIFEST_JSON),
            format!(
                "it holds runs of a different sweep than {} (fingerprint {} vs {})",
                dirs[0].display(),
                m.sweep_hash,
                first.sweep_hash
            ),
        )
        .into());
    }
    let file = sweep_file.map_or_else(|| first.sweep_path(&dirs[0]), Path::to_path_buf);
    let sweep = spec::load(&file)?;
    if sweep.hash != first.sweep_hash {
        return Err(invalid(
            &file,
            format!(
                "the sweep changed since the shards ran (fingerprint {}, the shards' {}): its \
                 file or its base scenario was edited; rerun the shards",
                sweep.hash, first.sweep_hash
            ),
        )
        .into());
    }
    let mut all = Vec::new();
    for d in dirs {
        all.extend(read_folder(&sweep, d, None)?);
    }
    let out = out.map_or_else(|| default_out(&sweep, None), Path::to_path_buf);
    let out = out.as_path();
    let records = sort_dedup(all).map_err(|m| invalid(out, m))?;
    let total = sweep.runs();
    if records.len() as u64 != total {
        let have: BTreeSet<u64> = records.iter().map(|r| r.run).collect();
        let missing: Vec<u64> = (0..total).filter(|r| !have.contains(r)).collect();
        let shards: Vec<Shard> = manifests
            .iter()
            .filter_map(|m| m.shard.as_deref().and_then(|s| s.parse().ok()))
            .collect();
        let uncovered = missing
            .iter()
            .filter(|&&r| !shards.iter().any(|s| s.contains(r)))
            .count();
        let (point, replication) = sweep.run_of(missing[0]);
        return Err(invalid(
            out,
            format!(
                "{} of {total} runs are missing (the first: run {}, point {point} replication \
                 {replication}); {uncovered} of them are in no given folder's shard. Finish the \
                 shards (rerun them with --resume) or add their folders, then merge again",
                missing.len(),
                missing[0]
            ),
        )
        .into());
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let manifest_path = out.join(MANIFEST_JSON);
    write_atomic(
        &manifest_path,
        Manifest::new(&sweep, None, out).to_json().as_bytes(),
    )
    .with_context(|| format!("writing {}", manifest_path.display()))?;
    let jsonl = out.join(POINTS_JSONL);
    write_atomic(&jsonl, to_jsonl(&records).as_bytes())
        .with_context(|| format!("writing {}", jsonl.display()))?;
    let result = finalize(&sweep, &records, out, slo.or(sweep.slo.as_ref()), charts)?;
    let out = out.to_path_buf();
    Ok((sweep, result, out))
}
