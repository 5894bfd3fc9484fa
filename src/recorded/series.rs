//! From the parsed metric files to one [`MetricSeries`] per (metric, statistic).
//!
//! Owns matching each `get-metric-data` output to its query file (the one whose Ids hold
//! all of the output's Ids, Labels breaking ties), reading a result's metric from its
//! Label when no query file names it (with the assumption said), dropping metrics of other
//! endpoints, the `StatusCode` warnings (a `PartialData` page without its continuation),
//! the 1-minute-or-coarser check, and merging pages: sorted oldest first, a timestamp
//! read twice kept once (the first value; a different second value warned once per
//! series), the period from the query or else from the spacing of the timestamps.
//! The merge itself is in `series_merge.rs` (the child module `merge`).

use super::metrics::{
    dimension, parse_label, DataOutput, DataResult, MetricSeries, QueryFile, QuerySpec, StatsOutput,
};
use super::{json, Origin, UtcMicros};
use crate::error::{InputError, Issue};
use std::path::PathBuf;

#[path = "series_merge.rs"]
mod merge;
use merge::{merge, spacing_issue};
/// The endpoint and variant whose metrics are kept (`None`: any).
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    /// `EndpointName`.
    pub endpoint: Option<&'a str>,
    /// `VariantName`.
    pub variant: Option<&'a str>,
}

/// The datapoints of one result or one statistic of a `get-metric-statistics` output.
struct Source {
    metric: String,
    stat: String,
    /// From the query.
    period_s: Option<u32>,
    dimensions: Vec<(String, String)>,
    /// `(time, value, index)`.
    points: Vec<(UtcMicros, f64, usize)>,
    origin: Origin,
    /// `MetricDataResults[i].Timestamps` or `Datapoints`: the path of point `j` is
    /// `prefix[j]`.
    prefix: String,
    assumption: Option<String>,
}

/// Per-file issues, in the order the files were first met.
#[derive(Default)]
struct FileIssues(Vec<(PathBuf, Vec<Issue>)>);

impl FileIssues {
    fn push(&mut self, file: &std::path::Path, issue: Issue) {
        match self.0.iter_mut().find(|(f, _)| f == file) {
            Some((_, v)) => v.push(issue),
            None => self.0.push((file.to_path_buf(), vec![issue])),
        }
    }

    fn into_error(self) -> Option<InputError> {
        let (file, issues) = self.0.into_iter().next()?;
        Some(InputError::Invalid { file, issues })
    }
}

/// Every metric series of the outputs, sorted by (metric, statistic).
pub fn build(
    data: &[DataOutput],
    queries: &[QueryFile],
    stats: &[StatsOutput],
    scope: Scope<'_>,
    warnings: &mut Vec<String>,
) -> Result<Vec<MetricSeries>, InputError> {
    let mut sources = Vec::new();
    for (k, d) in data.iter().enumerate() {
        let paired = pair(d, queries)?;
        output_warnings(d, k, data, warnings);
        for r in &d.results {
            if let Some(s) = resolve(d, r, paired, scope, warnings) {
                sources.push(s);
            }
        }
    }
    for s in stats {
        sources.extend(statistic_sources(s));
    }
    let mut issues = FileIssues::default();
    for s in &sources {
        if let Some(issue) = spacing_issue(s) {
            issues.push(&s.origin.file, issue);
        }
    }
    if let Some(e) = issues.into_error() {
        return Err(e);
    }
    merge(sources, warnings)
}

/// The query file `d` was run with: the one whose Ids contain all of `d`'s (the one whose
/// Labels also match when several do); none if no file has them all.
fn pair<'q>(d: &DataOutput, queries: &'q [QueryFile]) -> Result<Option<&'q QueryFile>, InputError> {
    if d.results.is_empty() {
        return Ok(None);
    }
    let candidates: Vec<&QueryFile> = queries
        .iter()
        .filter(|q| d.results.iter().all(|r| q.query(&r.id).is_some()))
        .collect();
    if candidates.len() <= 1 {
        return Ok(candidates.first().copied());
    }
    let matching: Vec<&QueryFile> = candidates
        .iter()
        .copied()
        .filter(|q| labels_match(d, q))
        .collect();
    if let [one] = matching.as_slice() {
        return Ok(Some(*one));
    }
    let ids: Vec<&str> = d.results.iter().map(|r| r.id.as_str()).collect();
    let files: Vec<String> = candidates
        .iter()
        .map(|q| q.file.display().to_string())
        .collect();
    Err(InputError::Invalid {
        file: d.file.clone(),
        issues: vec![Issue::new(
            "MetricDataResults",
            format!(
                "its Ids ({}) are in {} query files ({}) and the Labels do not tell which one \
                 it was run with; give the queries of each get-metric-data command unique \
                 Ids (e.g. m1, m2 in one file and n1, n2 in the other), or keep only its own \
                 query file beside this output",
                ids.join(", "),
                candidates.len(),
                files.join(", ")
            ),
        )],
    })
}

/// Whether every result's Label is its query's (a query without a Label prints the
/// metric name).
fn labels_match(d: &DataOutput, q: &QueryFile) -> bool {
    d.results.iter().all(|r| {
        let Some(query) = q.query(&r.id) else {
            return false;
        };
        match (&r.label, &query.label, &query.spec) {
            (None, _, _) => true,
            (Some(rl), Some(ql), _) => rl == ql,
            (Some(rl), None, QuerySpec::Stat(s)) => *rl == s.metric,
            (Some(_), None, QuerySpec::Expression(_)) => true,
        }
    })
}

/// Warnings of the output's top-level `Messages` and of its results' `StatusCode`s.
fn output_warnings(d: &DataOutput, k: usize, all: &[DataOutput], warnings: &mut Vec<String>) {
    let file = d.file.display();
    if !d.messages.is_empty() {
        warnings.push(format!("{file}: Messages: {}", d.messages.join("; ")));
    }
    for r in &d.results {
        let at = format!("{file}: {}", json::join(&r.path, "StatusCode"));
        match r.status.as_deref() {
            Some("PartialData") if !continued(&r.id, k, all) => {
                let token = d
                    .next_token
                    .as_deref()
                    .unwrap_or("<the NextToken it printed>");
                warnings.push(format!(
                    "{at}: PartialData and no further page of Id {} was found; the series may \
                     stop early (rerun get-metric-data with --next-token {token} and save that \
                     page too)",
                    json::quote(&r.id)
                ));
            }
            Some(code @ ("InternalError" | "Forbidden")) => {
                let messages = if r.messages.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.messages.join("; "))
                };
                warnings.push(format!(
                    "{at}: {code}{messages}; the datapoints of Id {} may be missing",
                    json::quote(&r.id)
                ));
            }
            _ => {}
        }
    }
}

/// Whether another output (another page of the same command) has a result with Id `id`.
fn continued(id: &str, k: usize, all: &[DataOutput]) -> bool {
    all.iter()
        .enumerate()
        .any(|(i, d)| i != k && d.results.iter().any(|r| r.id == id))
}

/// The source of result `r`: from its query when paired, else from its Label.
fn resolve(
    d: &DataOutput,
    r: &DataResult,
    paired: Option<&QueryFile>,
    scope: Scope<'_>,
    warnings: &mut Vec<String>,
) -> Option<Source> {
    let at = format!("{}: {}", d.file.display(), r.path);
    let mut source = Source {
        metric: String::new(),
        stat: String::new(),
        period_s: None,
        dimensions: Vec::new(),
        points: r
            .points
            .iter()
            .enumerate()
            .map(|(j, (t, v))| (*t, *v, j))
            .collect(),
        origin: Origin {
            file: d.file.clone(),
            path: r.path.clone(),
        },
        prefix: json::join(&r.path, "Timestamps"),
        assumption: None,
    };
    if let Some(q) = paired.and_then(|q| q.query(&r.id)) {
        let QuerySpec::Stat(s) = &q.spec else {
            return None; // metric math: warned with the query file
        };
        if let Some(why) = other_endpoint(&s.dimensions, scope) {
            warnings.push(format!(
                "{at}: Id {} is {} of {why} (dimensions in {}); ignored",
                json::quote(&r.id),
                s.metric,
                q.origin.field("MetricStat.Metric.Dimensions")
            ));
            return None;
        }
        source.metric = s.metric.clone();
        source.stat = s.stat.clone();
        source.period_s = Some(s.period_s);
        source.dimensions = s.dimensions.clone();
        return Some(source);
    }
    let Some(label) = r.label.as_deref() else {
        warnings.push(format!(
            "{at}: no Label and no query file with Id {} to name its metric; ignored (save \
             the --metric-data-queries file beside the output)",
            json::quote(&r.id)
        ));
        return None;
    };
    let Some((metric, stat)) = parse_label(label) else {
        warnings.push(format!(
            "{at}.Label: {} names no metric of a SageMaker asynchronous endpoint and no query \
             file has Id {}; ignored (save the --metric-data-queries file beside the output)",
            json::quote(label),
            json::quote(&r.id)
        ));
        return None;
    };
    let no_query = format!("no query file matched Id {}", json::quote(&r.id));
    source.metric = metric.to_string();
    match stat {
        Some(stat) => {
            source.stat = stat;
            source.assumption = Some(format!(
                "metric and statistic read from the Label {} ({no_query})",
                json::quote(label)
            ));
        }
        None => {
            let default = super::metrics::async_metric(metric).map_or("Average", |(_, s)| s);
            source.stat = default.to_string();
            source.assumption = Some(format!(
                "statistic not in the file ({no_query}); assumed {default} from the Label"
            ));
        }
    }
    Some(source)
}

/// Why `dims` are not of `scope` (`endpoint "other-ep", not this endpoint's ("my-ep")`).
fn other_endpoint(dims: &[(String, String)], scope: Scope<'_>) -> Option<String> {
    for (name, want) in [
        ("EndpointName", scope.endpoint),
        ("VariantName", scope.variant),
    ] {
        if let (Some(got), Some(want)) = (dimension(dims, name), want) {
            if got != want {
                return Some(format!(
                    "{name} {}, not this endpoint's ({})",
                    json::quote(got),
                    json::quote(want)
                ));
            }
        }
    }
    None
}

/// One source per statistic of a `get-metric-statistics` output.
fn statistic_sources(s: &StatsOutput) -> Vec<Source> {
    s.series
        .iter()
        .map(|(stat, points)| Source {
            metric: s.metric.clone(),
            stat: stat.clone(),
            period_s: None,
            dimensions: Vec::new(),
            points: points.clone(),
            origin: Origin {
                file: s.file.clone(),
                path: "Datapoints".into(),
            },
            prefix: "Datapoints".into(),
            assumption: None,
        })
        .collect()
}
