//! The query files of `get-metric-data` (`--metric-data-queries`): each query's Id, Label
//! and `MetricStat` (metric, dimensions, period, statistic) read with its path
//! ([`parse_queries`]). Re-exported by [`super::metrics`].

use super::json::{self, Obj};
use super::metrics::canonical_metric;
use super::Origin;
use crate::error::Issue;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What a `get-metric-data` query asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum QuerySpec {
    /// `MetricStat`: one metric, statistic and period.
    Stat(StatQuery),
    /// `Expression` (metric math): not read.
    Expression(String),
}

/// The `MetricStat` of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct StatQuery {
    /// `Metric.MetricName` in AWS's spelling.
    pub metric: String,
    /// `Metric.Namespace`.
    pub namespace: Option<String>,
    /// `Stat`.
    pub stat: String,
    /// `Period`, seconds (a multiple of 60).
    pub period_s: u32,
    /// `Metric.Dimensions` as (`Name`, `Value`).
    pub dimensions: Vec<(String, String)>,
}

/// One query of a `--metric-data-queries` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Where it was read (`[2]`, or `MetricDataQueries[2]` in a `--cli-input-json` file).
    pub origin: Origin,
    /// `Id`.
    pub id: String,
    /// `Label`.
    pub label: Option<String>,
    /// `MetricStat` or `Expression`.
    pub spec: QuerySpec,
}

/// A query file: the `--metric-data-queries` list, or a `--cli-input-json` request.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryFile {
    /// The file.
    pub file: PathBuf,
    /// Its queries, in order.
    pub queries: Vec<Query>,
}

impl QueryFile {
    /// The query with `Id` `id`.
    pub fn query(&self, id: &str) -> Option<&Query> {
        self.queries.iter().find(|q| q.id == id)
    }

    /// The `EndpointName` dimension of every `MetricStat` query, with its origin.
    pub fn endpoint_names(&self) -> Vec<(String, Origin)> {
        self.queries
            .iter()
            .filter_map(|q| match &q.spec {
                QuerySpec::Stat(s) => dimension(&s.dimensions, "EndpointName")
                    .map(|e| (e.to_string(), q.origin.clone())),
                QuerySpec::Expression(_) => None,
            })
            .collect()
    }
}

/// The value of dimension `name`.
pub fn dimension<'a>(dims: &'a [(String, String)], name: &str) -> Option<&'a str> {
    dims.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// An issue unless `period_s` is 60 or a multiple of it.
fn check_period(period_s: u32, path: String, issues: &mut Vec<Issue>) {
    if period_s < 60 {
        issues.push(Issue::new(
            path,
            format!(
                "{period_s} s is sub-minute data: scalesim reads 1-minute or coarser data; \
                 use a Period of 60 (or a multiple of 60)"
            ),
        ));
    } else if period_s % 60 != 0 {
        issues.push(Issue::new(
            path,
            format!(
                "{period_s} s is not a multiple of 60: periods of 1-minute or coarser data \
                 are whole minutes"
            ),
        ));
    }
}

/// A query file (a JSON list of queries, or an object with `MetricDataQueries`). Metric
/// math queries get a warning each.
pub fn parse_queries(
    file: &Path,
    doc: &Value,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<String>,
) -> QueryFile {
    let items: Vec<(String, &Value)> = match doc {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (json::at("", i), v))
            .collect(),
        other => Obj::of(other, "", issues)
            .map(|o| o.req_list("MetricDataQueries", issues))
            .unwrap_or_default(),
    };
    let mut queries: Vec<Query> = Vec::new();
    for (path, v) in items {
        let Some(q) = parse_query(file, path, v, issues) else {
            continue;
        };
        if let Some(first) = queries.iter().find(|p| p.id == q.id) {
            issues.push(Issue::new(
                json::join(&q.origin.path, "Id"),
                format!(
                    "{} is also the Id of {}; CloudWatch requires unique Ids",
                    json::quote(&q.id),
                    first.origin.path
                ),
            ));
            continue;
        }
        if let QuerySpec::Expression(e) = &q.spec {
            warnings.push(format!(
                "{}: Id {} is metric math (Expression {}); scalesim reads MetricStat \
                 queries only, so its results are ignored",
                q.origin.describe(),
                json::quote(&q.id),
                json::shown(e)
            ));
        }
        queries.push(q);
    }
    QueryFile {
        file: file.to_path_buf(),
        queries,
    }
}

fn parse_query(file: &Path, path: String, v: &Value, issues: &mut Vec<Issue>) -> Option<Query> {
    let o = Obj::of(v, path, issues)?;
    let before = issues.len();
    let id = o.req_str("Id", issues);
    let label = o.str("Label", issues).map(str::to_string);
    let spec = if let Some(ms) = o.obj("MetricStat", issues) {
        stat_query(&ms, issues).map(QuerySpec::Stat)
    } else if let Some(e) = o.str("Expression", issues) {
        Some(QuerySpec::Expression(e.to_string()))
    } else {
        issues.push(Issue::new(
            o.path.clone(),
            "a query needs MetricStat (or Expression for metric math)",
        ));
        None
    };
    if issues.len() > before {
        return None;
    }
    Some(Query {
        origin: Origin {
            file: file.to_path_buf(),
            path: o.path.clone(),
        },
        id: id?.to_string(),
        label,
        spec: spec?,
    })
}

fn stat_query(ms: &Obj<'_>, issues: &mut Vec<Issue>) -> Option<StatQuery> {
    let metric = match ms.obj("Metric", issues) {
        Some(m) => Some(m),
        None if !ms.has("Metric") => {
            issues.push(Issue::new(
                ms.path_of("Metric"),
                "missing: a MetricStat names its Metric (Namespace, MetricName, Dimensions)",
            ));
            None
        }
        None => None,
    };
    let name = metric
        .as_ref()
        .and_then(|m| m.req_str("MetricName", issues));
    let namespace = metric.as_ref().and_then(|m| m.str("Namespace", issues));
    let dimensions = metric
        .as_ref()
        .map(|m| m.dimensions("Dimensions", issues))
        .unwrap_or_default();
    let period = if ms.has("Period") {
        ms.u32("Period", issues)
    } else {
        issues.push(Issue::new(
            ms.path_of("Period"),
            "missing: a MetricStat has a Period",
        ));
        None
    };
    if let Some(p) = period {
        check_period(p, ms.path_of("Period"), issues);
    }
    let stat = ms.req_str("Stat", issues);
    Some(StatQuery {
        metric: canonical_metric(name?).to_string(),
        namespace: namespace.map(str::to_string),
        stat: stat?.to_string(),
        period_s: period?,
        dimensions,
    })
}
