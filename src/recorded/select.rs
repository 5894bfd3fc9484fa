//! Which endpoint the files are about, and dropping what belongs to others.
//!
//! Owns [`choose`]: the endpoint is `--endpoint`, else `describe-endpoint`'s
//! `EndpointName`, else the endpoint of the scalable targets (then of the policies,
//! scheduled actions and activities), else the one named by the metric queries' and
//! alarms' dimensions and the notifications; several at the first level that names any is
//! an error asking for `--endpoint`. Then [`filter`] drops, with a warning naming the file
//! and JSON path, every item of another endpoint or variant and every inference-component
//! resource.

use super::alarms::endpoint_of_alarm_name;
use super::load::Parts;
use super::scaling::endpoint_variant;
use super::{json, Origin, RawItem};
use crate::error::{InputError, Issue};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The endpoint and variant the records are kept for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chosen {
    /// The endpoint's name (`None`: no file names one).
    pub endpoint: Option<String>,
    /// The variant's name when the files tell it.
    pub variant: Option<String>,
}

/// (name, where it was read) pairs: one level of evidence.
type Names = Vec<(String, String)>;

fn resource_of(item: &RawItem) -> Option<&str> {
    item.value.get("ResourceId").and_then(|v| v.as_str())
}

/// `(endpoint, variant, where)` of every endpoint-variant resource of the lists.
fn resources(parts: &Parts, targets_only: bool) -> Vec<(&str, &str, String)> {
    let mut out = Vec::new();
    let lists: Vec<&Vec<RawItem>> = if targets_only {
        vec![&parts.targets]
    } else {
        vec![&parts.policies, &parts.schedules]
    };
    for item in lists.into_iter().flatten() {
        if let Some((e, v)) = resource_of(item).and_then(endpoint_variant) {
            out.push((e, v, item.origin.describe()));
        }
    }
    if !targets_only {
        for a in &parts.activities {
            if let Some((e, v)) = endpoint_variant(&a.resource_id) {
                out.push((e, v, a.origin.describe()));
            }
        }
    }
    out
}

/// The names of each level of evidence, strongest first.
fn levels(parts: &Parts) -> [Names; 4] {
    let endpoints = parts
        .endpoints
        .iter()
        .map(|e| (e.name.clone(), e.origin.describe()))
        .collect();
    let pick =
        |r: Vec<(&str, &str, String)>| r.into_iter().map(|(e, _, w)| (e.to_string(), w)).collect();
    let mut others: Names = Vec::new();
    for q in &parts.queries {
        others.extend(
            q.endpoint_names()
                .into_iter()
                .map(|(e, o)| (e, o.describe())),
        );
    }
    for a in &parts.alarms {
        if let Some(e) = a.endpoint() {
            others.push((e.to_string(), a.origin.describe()));
        }
    }
    for n in &parts.notifications {
        if let Some(e) = &n.notification.endpoint_name {
            others.push((e.clone(), n.origin.describe()));
        }
    }
    [
        endpoints,
        pick(resources(parts, true)),
        pick(resources(parts, false)),
        others,
    ]
}

/// Distinct names of a level, each with the first place it was read.
fn distinct(names: &Names) -> BTreeMap<&str, &str> {
    let mut out = BTreeMap::new();
    for (n, w) in names {
        out.entry(n.as_str()).or_insert(w.as_str());
    }
    out
}

/// The endpoint (and variant) the files are about; `first` names the error's file.
pub fn choose(
    wanted: Option<&str>,
    parts: &Parts,
    first: &Path,
    warnings: &mut Vec<String>,
) -> Result<Chosen, InputError> {
    let levels = levels(parts);
    let endpoint = match wanted {
        Some(w) => {
            let all: Vec<&str> = levels
                .iter()
                .flat_map(|l| distinct(l).into_keys())
                .collect();
            if !all.is_empty() && !all.contains(&w) {
                let mut found: Vec<&str> = all.clone();
                found.sort_unstable();
                found.dedup();
                warnings.push(format!(
                    "--endpoint {}: no file records this endpoint (they record {}); only \
                     records that name no endpoint are kept",
                    json::quote(w),
                    quoted(&found)
                ));
            }
            Some(w.to_string())
        }
        None => from_levels(&levels, first)?,
    };
    let variant = endpoint
        .as_deref()
        .and_then(|e| choose_variant(e, parts, warnings));
    Ok(Chosen { endpoint, variant })
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| json::quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn from_levels(levels: &[Names; 4], first: &Path) -> Result<Option<String>, InputError> {
    let Some(level) = levels.iter().map(distinct).find(|d| !d.is_empty()) else {
        return Ok(None);
    };
    if level.len() == 1 {
        return Ok(level.into_keys().next().map(str::to_string));
    }
    let found: Vec<String> = level
        .iter()
        .map(|(n, w)| format!("{} ({w})", json::quote(n)))
        .collect();
    Err(InputError::Invalid {
        file: first.to_path_buf(),
        issues: vec![Issue::new(
            "",
            format!(
                "these files record several endpoints: {}; choose one with --endpoint NAME",
                found.join(", ")
            ),
        )],
    })
}

/// The variant of `endpoint`: that of its scalable targets, else of its other Application
/// Auto Scaling records, else its only production variant.
fn choose_variant(endpoint: &str, parts: &Parts, warnings: &mut Vec<String>) -> Option<String> {
    for targets_only in [true, false] {
        let mut variants: Vec<&str> = resources(parts, targets_only)
            .into_iter()
            .filter(|(e, _, _)| *e == endpoint)
            .map(|(_, v, _)| v)
            .collect();
        variants.sort_unstable();
        variants.dedup();
        match variants.as_slice() {
            [] => continue,
            [one] => return Some((*one).to_string()),
            many => {
                warnings.push(format!(
                    "endpoint {} has several variants with scaling records ({}); the records \
                     of every variant are kept",
                    json::quote(endpoint),
                    quoted(many)
                ));
                return None;
            }
        }
    }
    let e = parts.endpoints.iter().find(|e| e.name == endpoint)?;
    match e.variants.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    }
}

/// Why resource `rid` is not `c`'s, if it is not.
fn resource_problem(rid: &str, c: &Chosen) -> Option<String> {
    if rid.starts_with("inference-component/") {
        return Some(
            "is an inference component; scalesim reads the variants of asynchronous \
             endpoints (endpoint/<name>/variant/<variant>)"
                .into(),
        );
    }
    let Some((e, v)) = endpoint_variant(rid) else {
        return Some(
            "is not a SageMaker endpoint variant (endpoint/<name>/variant/<variant>)".into(),
        );
    };
    let other_endpoint = c.endpoint.as_deref().is_some_and(|ep| ep != e);
    let other_variant = c.variant.as_deref().is_some_and(|w| w != v);
    if !(other_endpoint || other_variant) {
        return None;
    }
    let expected = format!(
        "endpoint/{}/variant/{}",
        c.endpoint.as_deref().unwrap_or(e),
        c.variant.as_deref().unwrap_or("<variant>")
    );
    Some(format!(
        "is not this endpoint's ({})",
        json::quote(&expected)
    ))
}

fn resource_warning(origin: &Origin, rid: &str, problem: &str) -> String {
    format!(
        "{}: ResourceId {} {problem}; ignored",
        origin.describe(),
        json::quote(rid)
    )
}

/// Keep the items of `c`'s resource.
fn retain_raw(items: &mut Vec<RawItem>, c: &Chosen, warnings: &mut Vec<String>) {
    items.retain(|item| {
        let rid = resource_of(item).unwrap_or_default();
        match resource_problem(rid, c) {
            Some(p) => {
                warnings.push(resource_warning(&item.origin, rid, &p));
                false
            }
            None => true,
        }
    });
}

/// Warnings for items dropped in bulk (notifications, alarm history): the first of each
/// file, and how many in all.
#[derive(Default)]
struct Bulk(Vec<(PathBuf, String, usize)>);

impl Bulk {
    fn add(&mut self, file: &Path, message: impl FnOnce() -> String) {
        match self.0.iter_mut().find(|(f, _, _)| f == file) {
            Some((_, _, n)) => *n += 1,
            None => self.0.push((file.to_path_buf(), message(), 1)),
        }
    }

    fn flush(self, what: &str, warnings: &mut Vec<String>) {
        for (_, message, n) in self.0 {
            if n == 1 {
                warnings.push(message);
            } else {
                warnings.push(format!(
                    "{message} ({n} {what} of other endpoints in this file)"
                ));
            }
        }
    }
}

/// Drop everything in `parts` that is not of `c`'s endpoint and variant.
pub fn filter(parts: &mut Parts, c: &Chosen, warnings: &mut Vec<String>) {
    filter_endpoints(parts, c, warnings);
    retain_raw(&mut parts.targets, c, warnings);
    retain_raw(&mut parts.policies, c, warnings);
    retain_raw(&mut parts.schedules, c, warnings);
    parts
        .activities
        .retain(|a| match resource_problem(&a.resource_id, c) {
            Some(p) => {
                warnings.push(resource_warning(&a.origin, &a.resource_id, &p));
                false
            }
            None => true,
        });
    let Some(ep) = c.endpoint.as_deref() else {
        return;
    };
    filter_alarms(parts, ep, warnings);
    let mut bulk = Bulk::default();
    parts
        .notifications
        .retain(|n| match &n.notification.endpoint_name {
            Some(e) if e != ep => {
                bulk.add(&n.origin.file, || {
                    format!(
                        "{}: requestParameters.endpointName {} is not this endpoint ({}); ignored",
                        n.origin.describe(),
                        json::quote(e),
                        json::quote(ep)
                    )
                });
                false
            }
            _ => true,
        });
    bulk.flush("notifications", warnings);
}

fn filter_endpoints(parts: &mut Parts, c: &Chosen, warnings: &mut Vec<String>) {
    let Some(ep) = c.endpoint.as_deref() else {
        return;
    };
    parts.endpoints.retain(|e| {
        let keep = e.name == ep;
        if !keep {
            warnings.push(format!(
                "{}: EndpointName {} is not this endpoint ({}); ignored",
                e.origin.describe(),
                json::quote(&e.name),
                json::quote(ep)
            ));
        }
        keep
    });
    let config_names: Vec<String> = parts
        .endpoints
        .iter()
        .filter_map(|e| e.config_name.clone())
        .collect();
    if config_names.is_empty() {
        return;
    }
    parts.configs.retain(|cfg| {
        let keep = config_names.contains(&cfg.name);
        if !keep {
            warnings.push(format!(
                "{}: EndpointConfigName {} is not the config of endpoint {} ({}); ignored",
                cfg.origin.describe(),
                json::quote(&cfg.name),
                json::quote(ep),
                config_names.join(", ")
            ));
        }
        keep
    });
}

fn filter_alarms(parts: &mut Parts, ep: &str, warnings: &mut Vec<String>) {
    let mut dropped: Vec<String> = Vec::new();
    parts.alarms.retain(|a| match a.endpoint() {
        Some(e) if e != ep => {
            let how = if a.dimensions.iter().any(|(n, _)| n == "EndpointName") {
                "dimension EndpointName"
            } else {
                "its name"
            };
            warnings.push(format!(
                "{}: alarm {} watches endpoint {} ({how}), not this endpoint ({}); ignored",
                a.origin.describe(),
                json::quote(&a.name),
                json::quote(e),
                json::quote(ep)
            ));
            dropped.push(a.name.clone());
            false
        }
        _ => true,
    });
    let mut bulk = Bulk::default();
    parts.history.retain(|h| {
        let t = &h.transition;
        let other =
            endpoint_of_alarm_name(&t.alarm).is_some_and(|e| e != ep) || dropped.contains(&t.alarm);
        if other {
            bulk.add(&t.origin.file, || {
                format!(
                    "{}: alarm {} is not of this endpoint ({}); its history is ignored",
                    t.origin.describe(),
                    json::quote(&t.alarm),
                    json::quote(ep)
                )
            });
        }
        !other
    });
    bulk.flush("history items", warnings);
}
