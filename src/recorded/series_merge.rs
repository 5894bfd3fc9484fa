//! Merging the pages of a metric into one [`MetricSeries`] per (metric, statistic): sorted
//! oldest first, a timestamp read twice kept once (the first value; a different second value
//! warned once per series), the 1-minute-or-coarser check, the period from the query or
//! else from the spacing of the timestamps. A child of [`super`] (`series`).

use super::Source;
use crate::error::{InputError, Issue};
use crate::recorded::metrics::MetricSeries;
use crate::recorded::{json, Origin, UtcMicros};
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The smallest positive spacing of `times`, µs.
pub(super) fn min_spacing(times: impl Iterator<Item = UtcMicros>) -> Option<i64> {
    let mut sorted: Vec<i64> = times.map(|t| t.0).collect();
    sorted.sort_unstable();
    sorted
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if b > a => Some(b - a),
            _ => None,
        })
        .min()
}

/// An issue if the datapoints of `s` are less than a minute or not whole minutes apart.
pub(super) fn spacing_issue(s: &Source) -> Option<Issue> {
    let d = min_spacing(s.points.iter().map(|p| p.0))?;
    let secs = d as f64 / 1e6;
    if d < 60_000_000 {
        Some(Issue::new(
            s.prefix.clone(),
            format!(
                "{} {}: datapoints {secs} s apart are sub-minute data; scalesim reads 1-minute \
                 or coarser data (rerun with a Period of 60 or a multiple of 60)",
                s.metric, s.stat
            ),
        ))
    } else if d % 60_000_000 != 0 {
        Some(Issue::new(
            s.prefix.clone(),
            format!(
                "{} {}: datapoints {secs} s apart; periods of 1-minute or coarser data are \
                 whole minutes",
                s.metric, s.stat
            ),
        ))
    } else {
        None
    }
}

/// A series being merged.
struct Builder {
    metric: String,
    stat: String,
    period: Option<(u32, Origin)>,
    period_warned: bool,
    dimensions: Vec<(String, String)>,
    /// time → (value, file it was read from).
    points: BTreeMap<UtcMicros, (f64, PathBuf)>,
    origins: Vec<Origin>,
    assumptions: Vec<String>,
    conflict_warned: bool,
}

pub(super) fn merge(
    sources: Vec<Source>,
    warnings: &mut Vec<String>,
) -> Result<Vec<MetricSeries>, InputError> {
    // Of a metric and statistic given at several periods (1-minute and 5-minute data),
    // only the finest is kept: mixed periods make no single series.
    // A source without a period (get-metric-statistics) counts with its spacing.
    let period_of = |s: &Source| {
        s.period_s.or_else(|| {
            min_spacing(s.points.iter().map(|p| p.0))
                .and_then(|us| u32::try_from(us / 1_000_000).ok())
        })
    };
    let mut finest: BTreeMap<(String, String), u32> = BTreeMap::new();
    for s in sources.iter().filter(|s| !s.points.is_empty()) {
        if let Some(p) = period_of(s) {
            let e = finest
                .entry((s.metric.clone(), s.stat.clone()))
                .or_insert(p);
            *e = (*e).min(p);
        }
    }
    let mut builders: BTreeMap<(String, String), Builder> = BTreeMap::new();
    for s in sources {
        if s.points.is_empty() {
            continue;
        }
        let key = (s.metric.clone(), s.stat.clone());
        if let (Some(p), Some(&f)) = (period_of(&s), finest.get(&key)) {
            if p > f {
                warnings.push(format!(
                    "{}: {} {} has {p}-second datapoints here and {f}-second ones in another \
                     file; the {f}-second ones are used and these ignored",
                    s.origin.describe(),
                    s.metric,
                    s.stat
                ));
                continue;
            }
        }
        let b = builders
            .entry((s.metric.clone(), s.stat.clone()))
            .or_insert_with(|| Builder {
                metric: s.metric.clone(),
                stat: s.stat.clone(),
                period: None,
                period_warned: false,
                dimensions: Vec::new(),
                points: BTreeMap::new(),
                origins: Vec::new(),
                assumptions: Vec::new(),
                conflict_warned: false,
            });
        add_source(b, s, warnings);
    }
    builders.into_values().map(finish).collect()
}

fn add_source(b: &mut Builder, s: Source, warnings: &mut Vec<String>) {
    if let Some(p) = s.period_s {
        match &b.period {
            None => b.period = Some((p, s.origin.clone())),
            Some((p0, o0)) if *p0 != p && !b.period_warned => {
                warnings.push(format!(
                    "{}: {} {} has Period {p} s in its query and {p0} s in that of {}; kept \
                     {p0} s",
                    s.origin.describe(),
                    b.metric,
                    b.stat,
                    o0.describe()
                ));
                b.period_warned = true;
            }
            Some(_) => {}
        }
    }
    if b.dimensions.is_empty() {
        b.dimensions = s.dimensions.clone();
    }
    for (t, v, j) in &s.points {
        match b.points.entry(*t) {
            Entry::Vacant(e) => {
                e.insert((*v, s.origin.file.clone()));
            }
            Entry::Occupied(e) => {
                let (v0, f0) = e.get();
                if v0 != v && !b.conflict_warned {
                    warnings.push(format!(
                        "{}: {}: {} {} at {t} is {v} here and {v0} in {}; kept the first \
                         (further differences in this series are not reported)",
                        s.origin.file.display(),
                        json::at(&s.prefix, *j),
                        b.metric,
                        b.stat,
                        f0.display()
                    ));
                    b.conflict_warned = true;
                }
            }
        }
    }
    b.origins.push(s.origin);
    if let Some(a) = s.assumption {
        if !b.assumptions.contains(&a) {
            b.assumptions.push(a);
        }
    }
}

/// The series of `b`, its period inferred from the spacing when no query gave it.
fn finish(mut b: Builder) -> Result<MetricSeries, InputError> {
    let period_s = match &b.period {
        Some((p, _)) => *p,
        None => infer_period(&mut b)?,
    };
    let assumption = (!b.assumptions.is_empty()).then(|| b.assumptions.join("; "));
    Ok(MetricSeries {
        metric: b.metric,
        stat: b.stat,
        period_s,
        dimensions: b.dimensions,
        points: b.points.into_iter().map(|(t, (v, _))| (t, v)).collect(),
        origins: b.origins,
        assumption,
    })
}

fn infer_period(b: &mut Builder) -> Result<u32, InputError> {
    let Some(d) = min_spacing(b.points.keys().copied()) else {
        b.assumptions.push(
            "period assumed 60 s (a single datapoint, and no query file gave the period)".into(),
        );
        return Ok(60);
    };
    let whole = d % 60_000_000 == 0;
    match u32::try_from(d / 1_000_000) {
        Ok(p) if whole => {
            b.assumptions.push(format!(
                "period {p} s inferred from the spacing of the timestamps (no query file gave \
                 it)"
            ));
            Ok(p)
        }
        _ => {
            let files: Vec<String> = b.origins.iter().map(Origin::describe).collect();
            let file = b
                .origins
                .first()
                .map(|o| o.file.clone())
                .unwrap_or_default();
            Err(InputError::Invalid {
                file,
                issues: vec![Issue::new(
                    "",
                    format!(
                        "{} {}: the datapoints of {} are {} s apart once merged; scalesim reads \
                         1-minute or coarser data on whole minutes (are these files of the \
                         same period?)",
                        b.metric,
                        b.stat,
                        files.join(", "),
                        d as f64 / 1e6
                    ),
                )],
            })
        }
    }
}
