//! The files `calibrate` writes: `calibration.csv` (every assignment run, with its score),
//! `calibration.json` (each setting's profile, the best values, how sure), and
//! `calibrated.toml` (the scenario with the best values, every other line as it was).

use super::Calibration;
use crate::report::atomic::write_atomic;
use crate::report::files::fmt_f64;
use anyhow::Context;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item, Table};

/// `calibration.csv`.
pub const CSV: &str = "calibration.csv";
/// `calibration.json`.
pub const JSON: &str = "calibration.json";
/// Suffix of the calibrated scenario, written beside the scenario (so that its relative
/// data paths, such as `arrivals.csv`, still hold): `scenario.toml` → `scenario-calibrated.toml`.
pub const SCENARIO_SUFFIX: &str = "-calibrated.toml";

/// Where the calibrated version of the scenario file `scenario` goes.
pub fn calibrated_path(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
    scenario.with_file_name(format!("{stem}{SCENARIO_SUFFIX}"))
}

/// The text of `calibration.csv`: one row per assignment run.
pub fn csv(c: &Calibration) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = c.knobs.iter().map(|k| k.key.clone()).collect();
    header.extend(
        [
            "score",
            "events_matched_share",
            "capacity_mae",
            "instance_hours_relative_error",
            "best",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    w.write_record(&header)?;
    for e in &c.evaluations {
        let mut row = e.values.clone();
        row.push(fmt_f64(e.score));
        row.push(e.events_matched_share.map(fmt_f64).unwrap_or_default());
        row.push(fmt_f64(e.capacity_mae));
        row.push(
            e.instance_hours_relative_error
                .map(fmt_f64)
                .unwrap_or_default(),
        );
        row.push((e.values == c.best).to_string());
        w.write_record(&row)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Set `path` (dotted) to `value` (TOML text) in `doc`, creating tables on the way, with a
/// comment saying what it was.
fn set(doc: &mut DocumentMut, path: &str, value: &str, comment: &str) -> anyhow::Result<()> {
    let parsed: DocumentMut = format!("v = {value}")
        .parse()
        .with_context(|| format!("{value:?} is not a TOML value"))?;
    let new = parsed
        .get("v")
        .and_then(Item::as_value)
        .cloned()
        .context("no value")?;
    let keys: Vec<&str> = path.split('.').collect();
    let Some((last, parents)) = keys.split_last() else {
        anyhow::bail!("empty path");
    };
    let mut table: &mut Table = doc.as_table_mut();
    for k in parents {
        if !table.contains_key(k) {
            table.insert(k, Item::Table(Table::new()));
        }
        table = table
            .get_mut(k)
            .and_then(Item::as_table_mut)
            .with_context(|| format!("{k} is not a table"))?;
    }
    table.insert(last, Item::Value(new));
    if let Some(mut key) = table.key_mut(last) {
        key.leaf_decor_mut().set_prefix(format!("# {comment}\n"));
    }
    Ok(())
}

/// The scenario text `original` with the best values of `c`.
pub fn calibrated_scenario(original: &str, c: &Calibration) -> anyhow::Result<String> {
    let mut doc: DocumentMut = original.parse().context("the scenario is not valid TOML")?;
    for (k, p) in c.knobs.iter().zip(&c.profiles) {
        if p.best == k.current {
            continue;
        }
        let how = match p.margin {
            Some(m) if p.settled => format!(
                "the next best, {}, scores {m:.3} worse",
                p.second.clone().unwrap_or_default()
            ),
            _ => "not settled by the record (the next best scores about the same)".into(),
        };
        let comment = format!(
            "calibrated by scalesim calibrate (was {}): {how}",
            k.current
        );
        set(&mut doc, &k.key, &p.best, &comment)?;
    }
    Ok(doc.to_string())
}

/// Write the files of `c` into `dir`, and the calibrated scenario beside `scenario` (whose
/// text is `original`).
pub fn write(
    dir: &Path,
    c: &Calibration,
    scenario: &Path,
    original: &str,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (path, text) in [
        (dir.join(CSV), csv(c)?),
        (dir.join(JSON), serde_json::to_string_pretty(c)? + "\n"),
        (calibrated_path(scenario), calibrated_scenario(original, c)?),
    ] {
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// A table of the result for the terminal.
pub fn text(c: &Calibration) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "calibrate  {} assignments, {} runs, {} round(s); score {:.3} as given, {:.3} calibrated (0 = perfect)",
        c.evaluations.len(),
        c.runs,
        c.rounds,
        c.initial_score,
        c.best_score
    );
    for p in &c.profiles {
        let scores: Vec<String> = p
            .scores
            .iter()
            .map(|(v, sc)| format!("{}={:.3}", short(v), sc))
            .collect();
        let next = p.second.as_deref().map(short).unwrap_or_default();
        let se = p
            .margin_se
            .map(|e| format!(" ± {e:.3}"))
            .unwrap_or_default();
        let verdict = match p.margin {
            Some(m) if p.settled => format!("settled: the next best, {next}, scores {m:+.3}{se}"),
            Some(m) => format!(
                "not settled: the next best, {next}, scores {m:+.3}{se} (not clearly worse)"
            ),
            None => p.what.clone(),
        };
        let _ = writeln!(s, "  {:<30} best {:<22} {verdict}", p.key, short(&p.best));
        let _ = writeln!(s, "  {:<30} {}", "", scores.join("  "));
    }
    s
}

/// A value without its quotes, and a cold-start table as its mean.
fn short(v: &str) -> String {
    if let Some(i) = v.find("mean = ").or_else(|| v.find("value = ")) {
        let rest = &v[i..];
        let start = rest.find('"').map(|j| j + 1).unwrap_or(0);
        let end = rest[start..]
            .find('"')
            .map(|j| start + j)
            .unwrap_or(rest.len());
        return format!("mean {}", &rest[start..end]);
    }
    v.trim_matches('"').to_string()
}
