//! The sweep file: parse it, expand the grid, and load and validate every point up front.
//!
//! ```toml
//! base = "scale-from-zero-recipe.toml"   # the base scenario, relative to this file
//! name = "my-sweep"                      # optional: output folder name (default file stem)
//! replications = 5                       # seeds base seed + 0 .. + 4 (default 1)
//! latency_metric = "p99"                 # p50 | p90 | p99 | max (default p99)
//! slo = "p99<=15m,expired_rate<=0.01"    # optional; --slo replaces it
//! set = { "horizon" = "2d" }             # optional: fixed overrides for every point
//!
//! [grid]                                 # cartesian product, keys in written order,
//! "policy.target_tracking[0].target_value" = [1.0, 2.0, 5.0]   # the last key varying
//! "capacity.min" = [0, 1]                                      # fastest
//!
//! [[points]]                             # explicit points, after the grid's
//! set = { "capacity.min" = 1, "endpoint.instance_type" = "ml.g5.xlarge" }
//! ```
//!
//! Keys are dotted field paths exactly as `--set` takes them; values are TOML values. In
//! `set` tables a value written inline (`"policy" = { kind = "fixed" }`) replaces the field,
//! while unquoted dotted keys set single fields, as in `[[variants]]`. The grid's values
//! must be lists. Every point is loaded by the normal scenario loader; all failing points
//! are reported at once, each named by its index and parameters.

use super::entries::{
    assignment, cells, entries, label, label_short, param_columns, points_de, sub, value_text,
    Entry,
};
use super::{LatencyMetric, Point, Slo, Sweep};
use crate::error::{InputError, Issue};
use crate::scenario;
use crate::scenario::locate::{line_col, locate};
use serde::Deserialize;
use std::path::Path;
use toml::de::DeTable;
use toml::Value;

/// Most points a sweep may have.
pub const MAX_POINTS: usize = 100_000;
/// Most replications per point.
pub const MAX_REPLICATIONS: u32 = 10_000;
/// Failing points listed in one error (the rest are counted).
const MAX_LISTED: usize = 10;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    base: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default = "one")]
    replications: u32,
    #[serde(default)]
    latency_metric: LatencyMetric,
    #[serde(default)]
    slo: Option<String>,
    #[serde(default)]
    set: toml::Table,
    #[serde(default)]
    grid: toml::Table,
    #[serde(default)]
    points: Vec<RawPoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    #[serde(default)]
    set: toml::Table,
}

fn one() -> u32 {
    1
}

/// Read and validate the sweep file at `path`.
pub fn load(path: &Path) -> Result<Sweep, InputError> {
    let text = std::fs::read_to_string(path).map_err(|source| InputError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    from_text(&text, path)
}

/// The sweep file parsed and checked, before any scenario is loaded.
struct Parsed {
    raw: RawSweep,
    slo: Option<Slo>,
    fixed: Vec<Entry>,
    grid: Vec<(String, Vec<Value>)>,
    explicit: Vec<Vec<Entry>>,
    grid_count: usize,
}

/// Validate sweep `text` as if read from `file` (the base scenario resolves from its folder).
pub fn from_text(text: &str, file: &Path) -> Result<Sweep, InputError> {
    let Parsed {
        raw,
        slo,
        fixed,
        grid,
        explicit,
        grid_count,
    } = parse(text, file)?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let base_file = dir.join(&raw.base);
    let base_text = std::fs::read_to_string(&base_file).map_err(|source| InputError::Read {
        file: base_file.clone(),
        source,
    })?;
    let base_dir = base_file.parent().unwrap_or(Path::new("."));
    let fixed_overrides: Vec<String> = fixed.iter().map(assignment).collect();
    let base =
        scenario::from_text(&base_text, &base_file, base_dir, &fixed_overrides).map_err(|e| {
            InputError::Invalid {
                file: file.to_path_buf(),
                issues: vec![Issue::new("", format!("the base scenario with `set`: {e}"))],
            }
        })?;
    let params = param_columns(&grid, &explicit);
    let mut defs = expand_grid(&grid, grid_count);
    defs.extend(explicit);

    let mut points = Vec::with_capacity(defs.len());
    let mut failures: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = base.warnings.clone();
    for (index, own) in defs.into_iter().enumerate() {
        let label = label(&own, false);
        let mut overrides = fixed_overrides.clone();
        overrides.extend(own.iter().map(assignment));
        match scenario::from_text(&base_text, &base_file, base_dir, &overrides) {
            Ok(mut sc) if sc.raw.seed == base.raw.seed => {
                sc.raw.variants.clear();
                for w in &sc.warnings {
                    if !warnings.contains(w) {
                        warnings.push(w.clone());
                    }
                }
                points.push(Point {
                    index,
                    values: cells(&params, &own, &sc),
                    short_label: label_short(&own),
                    label,
                    overrides,
                    scenario: sc,
                });
            }
            Ok(sc) => failures.push(format!(
                "point {index} ({label}): it changes the seed to {}; replications choose the seeds",
                sc.raw.seed
            )),
            Err(e) => failures.push(format!("point {index} ({label}): {e}")),
        }
    }
    if !failures.is_empty() {
        return Err(point_failures(file, failures));
    }
    let name = raw.name.unwrap_or_else(|| {
        file.file_stem()
            .map_or("sweep".into(), |s| s.to_string_lossy().into_owned())
    });
    let hash = fingerprint(raw.replications, base.raw.seed, &points);
    Ok(Sweep {
        file: file.to_path_buf(),
        name,
        base_file,
        replications: raw.replications,
        base_seed: base.raw.seed,
        latency_metric: raw.latency_metric,
        slo,
        params,
        grid: grid
            .into_iter()
            .map(|(k, v)| (k, v.iter().map(value_text).collect()))
            .collect(),
        points,
        hash,
        warnings,
    })
}

/// Parse the sweep file and check everything that needs no scenario; every issue at once.
fn parse(text: &str, file: &Path) -> Result<Parsed, InputError> {
    let raw: RawSweep = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        InputError::Syntax {
            file: file.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    let de = DeTable::parse(text).ok();
    let root = de.as_ref().map(|d| d.get_ref());
    let mut issues = Vec::new();
    let issue = |issues: &mut Vec<Issue>, path: &str, message: String| {
        let mut i = Issue::new(path, message);
        i.line_col = locate(text, path);
        issues.push(i);
    };
    if !(1..=MAX_REPLICATIONS).contains(&raw.replications) {
        let m = format!("must be 1 to {MAX_REPLICATIONS}, got {}", raw.replications);
        issue(&mut issues, "replications", m);
    }
    let slo = match raw.slo.as_deref().map(str::parse::<Slo>) {
        Some(Err(m)) => {
            issue(&mut issues, "slo", m);
            None
        }
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let fixed = entries(&raw.set, sub(root, "set"), text, false);
    let mut grid: Vec<(String, Vec<Value>)> = Vec::new();
    for e in entries(&raw.grid, sub(root, "grid"), text, true) {
        match e.value {
            Value::Array(values) if !values.is_empty() => grid.push((e.key, values)),
            _ => {
                let m = "must be a non-empty list of values, e.g. [1, 2, 5]".to_string();
                issue(&mut issues, &format!("grid.{:?}", e.key), m);
            }
        }
    }
    let de_points = points_de(root);
    let explicit: Vec<Vec<Entry>> = raw
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| entries(&p.set, de_points.get(i).copied().flatten(), text, false))
        .collect();
    let grid_count = if grid.is_empty() {
        0
    } else {
        grid.iter()
            .try_fold(1usize, |acc, (_, v)| acc.checked_mul(v.len()))
            .unwrap_or(usize::MAX)
    };
    let total = grid_count.saturating_add(explicit.len());
    if total == 0 && issues.is_empty() {
        let m = "nothing to sweep: add a [grid] of field paths and lists of values, e.g.\n    \
                 [grid]\n    \"capacity.min\" = [0, 1]\n  or [[points]] with set = { \"KEY\" = VALUE }";
        issue(&mut issues, "", m.into());
    } else if total > MAX_POINTS {
        let m = format!("{total} points is more than the {MAX_POINTS} allowed");
        issue(&mut issues, "grid", m);
    }
    let swept = explicit.iter().flatten().map(|e| &e.key);
    if swept
        .chain(grid.iter().map(|(k, _)| k))
        .any(|k| k == "seed")
    {
        let m = "the seed cannot vary between points (common random numbers): replication r \
                 runs every point with seed = base seed + r; set the base seed in `set`";
        issue(&mut issues, "seed", m.into());
    }
    if !issues.is_empty() {
        return Err(InputError::Invalid {
            file: file.to_path_buf(),
            issues,
        });
    }
    Ok(Parsed {
        raw,
        slo,
        fixed,
        grid,
        explicit,
        grid_count,
    })
}

/// The grid's points: the cartesian product of its values, the last key varying fastest.
fn expand_grid(grid: &[(String, Vec<Value>)], count: usize) -> Vec<Vec<Entry>> {
    (0..count)
        .map(|i| {
            let mut rem = i;
            let mut chosen: Vec<Entry> = grid
                .iter()
                .rev()
                .map(|(key, values)| {
                    let e = Entry {
                        key: key.clone(),
                        value: values[rem % values.len()].clone(),
                        pos: 0,
                    };
                    rem /= values.len();
                    e
                })
                .collect();
            chosen.reverse();
            chosen
        })
        .collect()
}

/// The error listing the points that failed to load (the first few, then a count).
fn point_failures(file: &Path, failures: Vec<String>) -> InputError {
    let n = failures.len();
    let mut issues: Vec<Issue> = failures
        .into_iter()
        .take(MAX_LISTED)
        .map(|m| Issue::new("", m))
        .collect();
    if n > MAX_LISTED {
        issues.push(Issue::new(
            "",
            format!("... and {} more point(s)", n - MAX_LISTED),
        ));
    }
    InputError::Invalid {
        file: file.to_path_buf(),
        issues,
    }
}

/// FNV-1a (64-bit) of the scalesim version, every point's overrides and normalised scenario,
/// the replications and the base seed, as 16 hex digits. Stable across platforms and Rust
/// versions.
fn fingerprint(replications: u32, base_seed: u64, points: &[Point]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed("scalesim-sweep-1");
    feed(env!("CARGO_PKG_VERSION"));
    feed(&replications.to_string());
    feed(&base_seed.to_string());
    for p in points {
        feed(&p.overrides.join("\n"));
        feed(&p.scenario.to_toml());
    }
    format!("{h:016x}")
}
