//! The final files of a sweep, computed from every finished run sorted by run index:
//! `sweep.csv`, `pareto.csv`, the charts, `report.html`, and with an SLO
//! `recommendation.json` and `recommended-aws/`. Every file is written atomically; numbers are printed in Rust's
//! shortest round-trip form, so the same runs always give the same bytes.

use super::pareto::{frontier, Candidate};
use super::record::{Metric, RunRecord};
use super::report::{sweep_page, SweepReport, REPORT_HTML, STATIC_CHARTS};
use super::slo::{check, recommend, Recommendation, Slo};
use super::stats::{aggregate, MeanCi, PointStats};
use super::Sweep;
use crate::aws::export::readme;
use crate::chart::ChartFormat;
use crate::report::atomic::{write_atomic, AtomicFile};
use crate::report::charts::ChartFile;
use crate::report::files::fmt_f64;
use crate::scenario::Scenario;
use anyhow::Context;
use serde::Serialize;
use std::io;
use std::path::Path;

/// One row per point: parameters, then mean and 95% interval of every metric.
pub const SWEEP_CSV: &str = "sweep.csv";
/// The Pareto-optimal rows of `sweep.csv`, cheapest first.
pub const PARETO_CSV: &str = "pareto.csv";
/// The SLO's outcome (only with an SLO).
pub const RECOMMENDATION_JSON: &str = "recommendation.json";
/// The AWS CLI JSON of the recommended point (only when a point meets the SLO).
pub const RECOMMENDED_AWS: &str = "recommended-aws";

/// What a finished sweep found.
#[derive(Debug, Clone)]
pub struct Finished {
    /// One entry per point.
    pub stats: Vec<PointStats>,
    /// Pareto-optimal points, cheapest first.
    pub frontier: Vec<usize>,
    /// The SLO's outcome, when one was given.
    pub recommendation: Option<Recommendation>,
    /// A note when the recommended point's policy has no AWS equivalent.
    pub aws_note: Option<String>,
    /// Whether `recommended-aws/` was written (the recommended point runs on SageMaker).
    pub aws_written: bool,
    /// Charts that could not be drawn, as messages.
    pub chart_errors: Vec<String>,
}

/// Write every final file of `sweep` into `out` from `records` (complete, sorted by run).
pub fn finalize(
    sweep: &Sweep,
    records: &[RunRecord],
    out: &Path,
    slo: Option<&Slo>,
    format: Option<ChartFormat>,
) -> anyhow::Result<Finished> {
    let stats = aggregate(sweep.points.len(), records);
    let lat = sweep.latency_metric.metric();
    let candidates: Vec<Candidate> = stats
        .iter()
        .filter_map(|s| {
            Some(Candidate {
                index: s.point,
                cost: s.get(Metric::CostUsd).mean?,
                latency: s.get(lat).mean?,
            })
        })
        .collect();
    let front = frontier(&candidates);
    let header = header(sweep);
    let all: Vec<Vec<String>> = stats.iter().map(|s| row(sweep, s)).collect();
    let pareto: Vec<Vec<String>> = front.iter().map(|&i| all[i].clone()).collect();
    for (name, rows) in [(SWEEP_CSV, &all), (PARETO_CSV, &pareto)] {
        let path = out.join(name);
        write_csv(&path, &header, rows).with_context(|| format!("writing {}", path.display()))?;
    }
    let recommendation = slo.map(|s| recommend(s, &stats));
    let mut aws_note = None;
    let mut aws_written = false;
    let json_path = out.join(RECOMMENDATION_JSON);
    let aws_dir = out.join(RECOMMENDED_AWS);
    match &recommendation {
        Some(r) => {
            let json = recommendation_json(sweep, &stats, r);
            write_atomic(&json_path, json.as_bytes())
                .with_context(|| format!("writing {}", json_path.display()))?;
            match r.chosen {
                Some(p) if sweep.points[p].scenario.has_aws_scaling() => {
                    aws_note = write_aws(&sweep.points[p].scenario, out)
                        .with_context(|| format!("writing {}", aws_dir.display()))?;
                    aws_written = true;
                }
                Some(_) => remove_stale(&aws_dir)?,
                None => remove_stale(&aws_dir)?,
            }
        }
        None => {
            remove_stale(&json_path)?;
            remove_stale(&aws_dir)?;
        }
    }
    let chart_errors = match format {
        Some(f) => {
            super::charts::write_charts(sweep, &stats, &front, recommendation.as_ref(), out, f)
        }
        None => Vec::new(),
    };
    let report_path = out.join(REPORT_HTML);
    let page = sweep_page(&SweepReport {
        sweep,
        stats: &stats,
        frontier: &front,
        recommendation: recommendation.as_ref(),
        aws_written,
        charts: &written_charts(sweep, out, format, &chart_errors),
    })
    .and_then(|html| write_atomic(&report_path, html.as_bytes()))
    .with_context(|| format!("writing {}", report_path.display()));
    page?;
    Ok(Finished {
        stats,
        frontier: front,
        recommendation,
        aws_note,
        aws_written,
        chart_errors,
    })
}

/// The static charts this sweep just wrote into `out` (none without a format; heatmaps
/// only for a two-key grid; none that failed).
fn written_charts(
    sweep: &Sweep,
    out: &Path,
    format: Option<ChartFormat>,
    errors: &[String],
) -> Vec<ChartFile> {
    let Some(format) = format else {
        return Vec::new();
    };
    STATIC_CHARTS
        .iter()
        .filter(|(stem, _)| !stem.starts_with("heatmap") || sweep.grid.len() == 2)
        .filter(|(stem, _)| !errors.iter().any(|e| e.starts_with(&format!("{stem}:"))))
        .map(|&(stem, title)| ChartFile {
            title,
            path: out.join(format!("{stem}.{}", format.extension())),
        })
        .filter(|c| c.path.is_file())
        .collect()
}

fn remove_stale(path: &Path) -> anyhow::Result<()> {
    let r = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    match r {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing the stale {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Columns: `point`, `label`, `replications`, one per swept path, then
/// `<metric>_mean`, `<metric>_ci95_lo`, `<metric>_ci95_hi` for every [`Metric::ALL`].
pub fn header(sweep: &Sweep) -> Vec<String> {
    let mut h: Vec<String> = ["point", "label", "replications"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(sweep.params.iter().cloned());
    for m in Metric::ALL {
        for suffix in ["mean", "ci95_lo", "ci95_hi"] {
            h.push(format!("{}_{suffix}", m.column()));
        }
    }
    h
}

fn cell(v: Option<f64>) -> String {
    v.map(fmt_f64).unwrap_or_default()
}

fn row(sweep: &Sweep, s: &PointStats) -> Vec<String> {
    let p = &sweep.points[s.point];
    let mut r = vec![
        s.point.to_string(),
        p.label.clone(),
        s.replications.to_string(),
    ];
    r.extend(p.values.iter().cloned());
    for m in Metric::ALL {
        let v = s.get(m);
        r.extend([cell(v.mean), cell(v.lo), cell(v.hi)]);
    }
    r
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?
        .commit()
}

#[derive(Serialize)]
struct Figure {
    mean: Option<f64>,
    ci95_lo: Option<f64>,
    ci95_hi: Option<f64>,
}

impl From<MeanCi> for Figure {
    fn from(m: MeanCi) -> Figure {
        Figure {
            mean: m.mean,
            ci95_lo: m.lo,
            ci95_hi: m.hi,
        }
    }
}

#[derive(Serialize)]
struct ConstraintReport {
    constraint: String,
    column: &'static str,
    limit: f64,
    mean: Option<f64>,
    judged: Option<f64>,
    ok: bool,
}

#[derive(Serialize)]
struct PointReport {
    point: usize,
    label: String,
    params: serde_json::Map<String, serde_json::Value>,
    overrides: Vec<String>,
    cost_usd: Figure,
    constraints: Vec<ConstraintReport>,
}

#[derive(Serialize)]
struct RecommendationFile {
    slo: String,
    judged_on: &'static str,
    replications: u32,
    met: bool,
    points_meeting: usize,
    recommended: Option<PointReport>,
    aws_cli_json: Option<&'static str>,
    closest: Vec<PointReport>,
}

fn point_report(sweep: &Sweep, s: &PointStats, slo: &Slo) -> PointReport {
    let p = &sweep.points[s.point];
    PointReport {
        point: s.point,
        label: p.label.clone(),
        params: sweep
            .params
            .iter()
            .zip(&p.values)
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
        overrides: p.overrides.clone(),
        cost_usd: s.get(Metric::CostUsd).into(),
        constraints: slo
            .constraints
            .iter()
            .map(|c| {
                let k = check(s, c);
                ConstraintReport {
                    constraint: c.text.clone(),
                    column: c.metric.column(),
                    limit: c.limit,
                    mean: k.mean,
                    judged: k.judged,
                    ok: k.ok,
                }
            })
            .collect(),
    }
}

/// `recommendation.json`: the SLO, the recommended point (or none) with its figures and
/// overrides, and when none meets the SLO the closest points.
pub fn recommendation_json(sweep: &Sweep, stats: &[PointStats], r: &Recommendation) -> String {
    let file = RecommendationFile {
        slo: r.slo.text.clone(),
        judged_on: if sweep.replications > 1 {
            "upper end of the 95% confidence interval"
        } else {
            "the single replication's value (no interval with 1 replication)"
        },
        replications: sweep.replications,
        met: r.chosen.is_some(),
        points_meeting: r.meeting,
        recommended: r.chosen.map(|p| point_report(sweep, &stats[p], &r.slo)),
        aws_cli_json: r
            .chosen
            .filter(|&p| sweep.points[p].scenario.has_aws_scaling())
            .map(|_| RECOMMENDED_AWS),
        closest: r
            .closest
            .iter()
            .map(|&p| point_report(sweep, &stats[p], &r.slo))
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// Write `sc`'s AWS CLI JSON and README into `out/recommended-aws/` as `scalesim
/// export-aws` does (default region and account), replacing the folder whole. Returns a
/// note when the policy has no AWS form.
fn write_aws(sc: &Scenario, out: &Path) -> anyhow::Result<Option<String>> {
    let (files, note) = sc.aws_export("us-east-1", "123456789012");
    let dir = out.join(RECOMMENDED_AWS);
    let tmp = out.join(format!(".{RECOMMENDED_AWS}.tmp-{}", std::process::id()));
    remove_stale(&tmp)?;
    let written = (|| -> io::Result<()> {
        std::fs::create_dir_all(&tmp)?;
        for f in &files {
            std::fs::write(tmp.join(&f.name), f.json.as_bytes())?;
        }
        std::fs::write(tmp.join("README.md"), readme(&files, sc.name()).as_bytes())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.into());
    }
    remove_stale(&dir)?;
    std::fs::rename(&tmp, &dir)?;
    Ok(note.map(String::from))
}
