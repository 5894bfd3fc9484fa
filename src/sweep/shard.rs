//! Cluster shards: shard I of N runs the runs whose index ≡ I (mod N), a deterministic slice
//! that spreads every point's replications and the grid's corners over all shards.
//!
//! The shard comes from `--shard I/N`, or else from the scheduler's environment: Slurm job
//! arrays (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN`, count `SLURM_ARRAY_TASK_COUNT`),
//! Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX`) and AWS Batch array jobs
//! (`AWS_BATCH_JOB_ARRAY_INDEX`); the last two do not tell the count, so `--shard-count N`
//! gives it (it also overrides Slurm's). The values are passed in ([`ShardEnv`]): this
//! module never reads the process environment.

use crate::error::{InputError, Issue};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Most shards.
pub const MAX_SHARDS: u32 = 1_000_000;

/// Shard `index` of `count` (0 ≤ index < count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 0.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// A shard, checked.
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 || count > MAX_SHARDS {
            return Err(format!(
                "the shard count must be 1 to {MAX_SHARDS}, got {count}"
            ));
        }
        if index >= count {
            return Err(format!(
                "shard index {index} is out of range: with {count} shard(s) it must be 0 to {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether run `run` is in this shard.
    pub fn contains(self, run: u64) -> bool {
        run % u64::from(self.count) == u64::from(self.index)
    }

    /// The runs of `0..total` in this shard, in order.
    pub fn runs(self, total: u64) -> impl Iterator<Item = u64> {
        (u64::from(self.index)..total).step_by(self.count as usize)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N`, e.g. `0/4`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let help = "write I/N: shard I (from 0) of N, e.g. 0/4";
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?} is not I/N; {help}"))?;
        let parse = |t: &str| {
            t.trim()
                .parse::<u32>()
                .map_err(|_| format!("{s:?}: {t:?} is not a whole number; {help}"))
        };
        Shard::new(parse(i)?, parse(n)?)
    }
}

/// The scheduler variables that select a shard, as found in the environment (None: unset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShardEnv {
    /// `SLURM_ARRAY_TASK_ID`.
    pub slurm_array_task_id: Option<String>,
    /// `SLURM_ARRAY_TASK_MIN` (the first id of the array; default 0).
    pub slurm_array_task_min: Option<String>,
    /// `SLURM_ARRAY_TASK_COUNT`.
    pub slurm_array_task_count: Option<String>,
    /// `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job).
    pub job_completion_index: Option<String>,
    /// `AWS_BATCH_JOB_ARRAY_INDEX`.
    pub aws_batch_job_array_index: Option<String>,
}

impl ShardEnv {
    /// The variables as `lookup` (e.g. `|k| std::env::var(k).ok()`) gives them.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ShardEnv {
        ShardEnv {
            slurm_array_task_id: lookup("SLURM_ARRAY_TASK_ID"),
            slurm_array_task_min: lookup("SLURM_ARRAY_TASK_MIN"),
            slurm_array_task_count: lookup("SLURM_ARRAY_TASK_COUNT"),
            job_completion_index: lookup("JOB_COMPLETION_INDEX"),
            aws_batch_job_array_index: lookup("AWS_BATCH_JOB_ARRAY_INDEX"),
        }
    }
}

fn env_error(path: &str, message: String) -> InputError {
    InputError::Invalid {
        file: PathBuf::from("environment"),
        issues: vec![Issue::new(path, message)],
    }
}

fn number(var: &str, value: &str) -> Result<u32, InputError> {
    value
        .trim()
        .parse()
        .map_err(|_| env_error(var, format!("{value:?} is not a whole number")))
}

/// The shard to run, and where it came from: `flag` (`--shard`) first, then Slurm, then a
/// Kubernetes Indexed Job, then AWS Batch; None runs the whole sweep. `shard_count`
/// (`--shard-count`) gives the count for Kubernetes and AWS Batch (and overrides Slurm's).
pub fn select_shard(
    flag: Option<Shard>,
    shard_count: Option<u32>,
    env: &ShardEnv,
) -> Result<Option<(Shard, &'static str)>, InputError> {
    if let Some(s) = flag {
        if shard_count.is_some_and(|n| n != s.count) {
            return Err(env_error(
                "--shard-count",
                format!("it contradicts --shard {s}; give one of them"),
            ));
        }
        return Ok(Some((s, "--shard")));
    }
    let check =
        |var: &str, index: u32, count: u32| Shard::new(index, count).map_err(|m| env_error(var, m));
    if let Some(id) = &env.slurm_array_task_id {
        let var = "SLURM_ARRAY_TASK_ID";
        let min = match &env.slurm_array_task_min {
            Some(m) => number("SLURM_ARRAY_TASK_MIN", m)?,
            None => 0,
        };
        let id = number(var, id)?;
        let index = id
            .checked_sub(min)
            .ok_or_else(|| env_error(var, format!("{id} is below SLURM_ARRAY_TASK_MIN ({min})")))?;
        let count = match (shard_count, &env.slurm_array_task_count) {
            (Some(n), _) => n,
            (None, Some(c)) => number("SLURM_ARRAY_TASK_COUNT", c)?,
            (None, None) => {
                return Err(env_error(
                    "SLURM_ARRAY_TASK_COUNT",
                    "is not set; give the number of shards with --shard-count N".into(),
                ))
            }
        };
        return check(var, index, count).map(|s| Some((s, "Slurm (SLURM_ARRAY_TASK_ID)")));
    }
    let indexed = [
        (
            &env.job_completion_index,
            "JOB_COMPLETION_INDEX",
            "Kubernetes (JOB_COMPLETION_INDEX)",
            "the Job's completions",
        ),
        (
            &env.aws_batch_job_array_index,
            "AWS_BATCH_JOB_ARRAY_INDEX",
            "AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX)",
            "the array size",
        ),
    ];
    for (value, var, source, what) in indexed {
        if let Some(v) = value {
            let index = number(var, v)?;
            let count = shard_count.ok_or_else(|| {
                env_error(
                    var,
                    format!("is set ({v}) but the number of shards is not: give --shard-count N ({what})"),
                )
            })?;
            return check(var, index, count).map(|s| Some((s, source)));
        }
    }
    match shard_count {
        Some(n) => Err(env_error(
            "--shard-count",
            format!(
                "{n} shards, but which one? Give --shard I/{n}, or run as a Slurm array task, a \
                 Kubernetes Indexed Job or an AWS Batch array job"
            ),
        )),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ShardEnv {
        ShardEnv::from_lookup(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn parses_and_slices() {
        let s: Shard = "1/3".parse().unwrap();
        assert_eq!(s, Shard { index: 1, count: 3 });
        assert_eq!(s.runs(8).collect::<Vec<_>>(), vec![1, 4, 7]);
        assert!(s.contains(4) && !s.contains(5));
        for bad in ["3/3", "1", "a/2", "0/0", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn selects_from_flag_then_slurm_then_kubernetes_then_batch() {
        let none = ShardEnv::default();
        assert_eq!(select_shard(None, None, &none).unwrap(), None);
        let flag = Shard::new(2, 4).ok();
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "8"),
            ("JOB_COMPLETION_INDEX", "0"),
        ]);
        let got = |f, n, e: &ShardEnv| select_shard(f, n, e).unwrap().map(|(s, _)| s);
        assert_eq!(got(flag, None, &slurm), flag);
        assert_eq!(got(None, None, &slurm), Shard::new(4, 8).ok());
        let k8s = env(&[
            ("JOB_COMPLETION_INDEX", "3"),
            ("AWS_BATCH_JOB_ARRAY_INDEX", "1"),
        ]);
        assert_eq!(got(None, Some(5), &k8s), Shard::new(3, 5).ok());
        let batch = env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "1")]);
        assert_eq!(got(None, Some(2), &batch), Shard::new(1, 2).ok());
    }

    #[test]
    fn missing_or_bad_values_are_input_errors() {
        let k8s = env(&[("JOB_COMPLETION_INDEX", "3")]);
        let e = select_shard(None, None, &k8s).unwrap_err().to_string();
        assert!(e.contains("--shard-count"), "{e}");
        let e = select_shard(None, Some(3), &k8s).unwrap_err().to_string();
        assert!(e.contains("out of range"), "{e}");
        let bad = env(&[
            ("SLURM_ARRAY_TASK_ID", "x"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ]);
        assert!(select_shard(None, None, &bad).is_err());
        let e = select_shard(None, Some(4), &ShardEnv::default()).unwrap_err();
        assert!(e.to_string().contains("which one"), "{e}");
        assert!(select_shard(Shard::new(0, 2).ok(), Some(3), &ShardEnv::default()).is_err());
    }
}
