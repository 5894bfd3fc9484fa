//! Reading a folder or a list of files into one [`Recorded`].
//!
//! Owns the file handling (a folder is the regular files directly in it, sorted; dot files
//! and READMEs skipped; no FIFO or device is opened; at most [`MAX_FILE_BYTES`] a file),
//! the dispatch of each recognised file to the reader of its kind, and the assembly:
//! pages merged, exact duplicates dropped, every list sorted oldest first. The endpoint is
//! chosen and other endpoints' records dropped by `select`; metric series are built by
//! `series`.

use super::alarms::{self, AlarmRecord, HistoryEntry};
use super::detect::{classify, Classified, Doc};
use super::endpoint::{self, Endpoint, EndpointConfig};
use super::metrics::{self, DataOutput, QueryFile, StatsOutput};
use super::notifications::{self, Received};
use super::scaling::{self, Activity};
use super::select::{self, Chosen};
use super::series::{self, Scope};
use super::{json, FileKind, RawItem, Recorded, UtcMicros};
use crate::error::{InputError, Issue};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most of one file that is read: 1 GiB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Options of [`load`] and [`load_paths`].
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The endpoint whose records are kept (`--endpoint`); `None`: the one the files name
    /// (an error if they name several).
    pub endpoint: Option<String>,
}

/// Read every AWS CLI output file in `dir` (see [`load_paths`]).
pub fn load(dir: &Path, opts: &LoadOptions) -> Result<Recorded, InputError> {
    load_paths(&[dir.to_path_buf()], opts)
}

/// Read the files in `paths` (a folder stands for the regular files directly in it, in
/// sorted order). A file given by name must be of a kind scalesim reads; one found in a
/// folder that is not gets a warning and is skipped.
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> Result<Recorded, InputError> {
    let mut warnings = Vec::new();
    let inputs = expand(paths, &mut warnings)?;
    let mut texts = Vec::with_capacity(inputs.len());
    for (path, explicit) in inputs {
        let bytes = read_limited(&path, MAX_FILE_BYTES)?;
        texts.push(Input {
            path,
            explicit,
            bytes,
        });
    }
    let first = paths.first().cloned().unwrap_or_default();
    load_inputs(texts, &first, opts, warnings)
}

/// One file's content, and whether it was named (not found in a folder).
#[derive(Debug, Clone)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Named on its own (an unknown kind is then an error, not a warning).
    pub explicit: bool,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Whether a folder entry is skipped silently: a dot file or a README (any case, any
/// extension).
pub fn is_skipped(name: &str) -> bool {
    name.starts_with('.')
        || name
            .split('.')
            .next()
            .is_some_and(|stem| stem.eq_ignore_ascii_case("README"))
}

fn read_error(file: &Path, message: String) -> InputError {
    InputError::Read {
        file: file.to_path_buf(),
        source: std::io::Error::other(message),
    }
}

fn not_regular(file: &Path) -> InputError {
    read_error(
        file,
        "not a regular file (a FIFO, device or socket); give an AWS CLI output file or a \
         folder of them"
            .into(),
    )
}

/// The files `paths` stand for, each with whether it was named on its own.
fn expand(
    paths: &[PathBuf],
    warnings: &mut Vec<String>,
) -> Result<Vec<(PathBuf, bool)>, InputError> {
    let mut out: Vec<(PathBuf, bool)> = Vec::new();
    let mut push = |p: PathBuf, explicit: bool| {
        if !out.iter().any(|(q, _)| *q == p) {
            out.push((p, explicit));
        }
    };
    for p in paths {
        let meta = fs::metadata(p).map_err(|source| InputError::Read {
            file: p.clone(),
            source,
        })?;
        if meta.is_dir() {
            for entry in folder_files(p, warnings)? {
                push(entry, false);
            }
        } else if meta.is_file() {
            push(p.clone(), true);
        } else {
            return Err(not_regular(p));
        }
    }
    Ok(out)
}

/// The regular files directly in `dir`, sorted, skipping dot files, READMEs and folders;
/// other entries (FIFOs, sockets) get a warning.
fn folder_files(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<PathBuf>, InputError> {
    let read = |source| InputError::Read {
        file: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(read)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read)?;
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_skipped(&name) {
            continue;
        }
        let meta = fs::metadata(&path).map_err(|source| InputError::Read {
            file: path.clone(),
            source,
        })?;
        if meta.is_file() {
            out.push(path);
        } else if !meta.is_dir() {
            warnings.push(format!(
                "{}: not a regular file (a FIFO, device or socket); ignored",
                path.display()
            ));
        }
    }
    Ok(out)
}

/// The bytes of `file`, at most `limit` of them (more is an error); the metadata is
/// checked first so that a FIFO or device is never opened.
pub fn read_limited(file: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Read {
        file: file.to_path_buf(),
        source,
    };
    let meta = fs::metadata(file).map_err(io)?;
    if !meta.is_file() {
        return Err(not_regular(file));
    }
    let too_large = || {
        let shown = if limit == MAX_FILE_BYTES {
            "1 GiB".to_string()
        } else {
            format!("{limit} bytes")
        };
        read_error(
            file,
            format!(
                "larger than {shown}, the most scalesim reads of one file; save the export \
                 in several pages (--max-items / --next-token)"
            ),
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    fs::File::open(file)
        .map_err(io)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Everything read from the files, before the endpoint is chosen and the pages merged.
#[derive(Debug, Default)]
pub struct Parts {
    /// `describe-endpoint` outputs.
    pub endpoints: Vec<Endpoint>,
    /// `describe-endpoint-config` outputs.
    pub configs: Vec<EndpointConfig>,
    /// `ScalableTargets[*]`.
    pub targets: Vec<RawItem>,
    /// `ScalingPolicies[*]`.
    pub policies: Vec<RawItem>,
    /// `ScheduledActions[*]`.
    pub schedules: Vec<RawItem>,
    /// `ScalingActivities[*]`.
    pub activities: Vec<Activity>,
    /// `MetricAlarms[*]`.
    pub alarms: Vec<AlarmRecord>,
    /// `StateUpdate` items of `describe-alarm-history`.
    pub history: Vec<HistoryEntry>,
    /// `get-metric-data` outputs.
    pub metric_data: Vec<DataOutput>,
    /// Query files.
    pub queries: Vec<QueryFile>,
    /// `get-metric-statistics` outputs.
    pub statistics: Vec<StatsOutput>,
    /// Notifications.
    pub notifications: Vec<Received>,
}

/// Read `inputs` (in order) into one [`Recorded`]; `first` names the file of errors that
/// concern them all; `warnings` holds those found so far.
pub fn load_inputs(
    inputs: Vec<Input>,
    first: &Path,
    opts: &LoadOptions,
    mut warnings: Vec<String>,
) -> Result<Recorded, InputError> {
    let mut parts = Parts::default();
    let mut files = Vec::new();
    for input in inputs {
        if let Some(kind) = read_input(&input, &mut parts, &mut warnings)? {
            files.push((input.path, kind));
        }
    }
    let chosen = select::choose(opts.endpoint.as_deref(), &parts, first, &mut warnings)?;
    select::filter(&mut parts, &chosen, &mut warnings);
    let scope = Scope {
        endpoint: chosen.endpoint.as_deref(),
        variant: chosen.variant.as_deref(),
    };
    let metrics = series::build(
        &parts.metric_data,
        &parts.queries,
        &parts.statistics,
        scope,
        &mut warnings,
    )?;
    Ok(assemble(parts, chosen, metrics, files, warnings))
}

/// Recognise and read one file into `parts`; its kind, or `None` if skipped.
fn read_input(
    input: &Input,
    parts: &mut Parts,
    warnings: &mut Vec<String>,
) -> Result<Option<FileKind>, InputError> {
    let file = &input.path;
    let classified = match std::str::from_utf8(&input.bytes) {
        Ok(text) => classify(text),
        Err(_) => Classified::Unknown("not UTF-8 text".into()),
    };
    match classified {
        Classified::Known(kind, doc) => {
            let mut issues = Vec::new();
            read_kind(kind, file, &doc, parts, &mut issues, warnings);
            if issues.is_empty() {
                Ok(Some(kind))
            } else {
                Err(InputError::Invalid {
                    file: file.clone(),
                    issues,
                })
            }
        }
        Classified::Unknown(why) if input.explicit => Err(InputError::Invalid {
            file: file.clone(),
            issues: vec![Issue::new(
                "",
                format!(
                    "not an AWS CLI output scalesim reads ({why}); it reads the JSON \
                     (--output json) of {}",
                    commands()
                ),
            )],
        }),
        Classified::Unknown(why) => {
            warnings.push(format!(
                "{}: not an AWS CLI output scalesim reads ({why}); ignored",
                file.display()
            ));
            Ok(None)
        }
        Classified::Syntax(e) => Err(json::syntax_error(file, &e)),
    }
}

/// Every command whose output is read, for messages.
fn commands() -> String {
    FileKind::ALL
        .iter()
        .map(|k| k.command())
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_kind(
    kind: FileKind,
    file: &Path,
    doc: &Doc,
    parts: &mut Parts,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<String>,
) {
    let v = match (kind, doc) {
        (FileKind::Notifications, _) => {
            parts
                .notifications
                .extend(notifications::parse(file, doc, issues));
            return;
        }
        (_, Doc::Json(v)) => v,
        (_, Doc::Lines(_)) => return,
    };
    match kind {
        FileKind::DescribeEndpoint => parts
            .endpoints
            .extend(endpoint::parse_endpoint(file, v, issues)),
        FileKind::DescribeEndpointConfig => parts
            .configs
            .extend(endpoint::parse_endpoint_config(file, v, issues)),
        FileKind::DescribeScalableTargets => {
            parts
                .targets
                .extend(scaling::parse_raw_items(file, v, "ScalableTargets", issues))
        }
        FileKind::DescribeScalingPolicies => {
            parts
                .policies
                .extend(scaling::parse_raw_items(file, v, "ScalingPolicies", issues))
        }
        FileKind::DescribeScheduledActions => parts.schedules.extend(scaling::parse_raw_items(
            file,
            v,
            "ScheduledActions",
            issues,
        )),
        FileKind::DescribeScalingActivities => parts
            .activities
            .extend(scaling::parse_activities(file, v, issues)),
        FileKind::DescribeAlarms => parts
            .alarms
            .extend(alarms::parse_alarms(file, v, issues, warnings)),
        FileKind::DescribeAlarmHistory => {
            parts.history.extend(alarms::parse_history(file, v, issues))
        }
        FileKind::GetMetricData => parts
            .metric_data
            .push(metrics::parse_metric_data(file, v, issues)),
        FileKind::MetricDataQueries => parts
            .queries
            .push(metrics::parse_queries(file, v, issues, warnings)),
        FileKind::GetMetricStatistics => parts
            .statistics
            .push(metrics::parse_statistics(file, v, issues, warnings)),
        FileKind::Notifications => {}
    }
}

/// Merge the pages of each list, drop duplicates, sort oldest first.
fn assemble(
    parts: Parts,
    chosen: Chosen,
    metrics: Vec<metrics::MetricSeries>,
    files: Vec<(PathBuf, FileKind)>,
    mut warnings: Vec<String>,
) -> Recorded {
    let w = &mut warnings;
    let endpoint = latest_endpoint(parts.endpoints, w);
    let mut endpoint_configs = dedup_keep_newer(
        parts.configs,
        |c| c.name.clone(),
        |c| c.creation_time,
        |a, b| {
            EndpointConfig {
                origin: b.origin.clone(),
                ..a.clone()
            } == *b
        },
        |c| c.origin.describe(),
        "endpoint config",
        w,
    );
    endpoint_configs.sort_by_key(|c| (c.creation_time.is_none(), c.creation_time));
    let scalable_targets = raw_list(parts.targets, "", "scalable target", w);
    let scaling_policies = raw_list(parts.policies, "PolicyName", "scaling policy", w);
    let scheduled_actions = raw_list(
        parts.schedules,
        "ScheduledActionName",
        "scheduled action",
        w,
    );
    let alarms = dedup_keep_newer(
        parts.alarms,
        |a| a.name.clone(),
        |a| raw_time(&a.raw, "AlarmConfigurationUpdatedTimestamp"),
        |a, b| a.raw == b.raw,
        |a| a.origin.describe(),
        "alarm",
        w,
    );
    Recorded {
        files,
        endpoint,
        endpoint_configs,
        scalable_targets,
        scaling_policies,
        scheduled_actions,
        alarms,
        alarm_history: history(parts.history),
        activities: activities(parts.activities),
        metrics,
        notifications: notifications(parts.notifications),
        endpoint_name: chosen.endpoint,
        variant_name: chosen.variant,
        warnings,
    }
}

/// The `describe-endpoint` with the latest `LastModifiedTime` (the first of equals).
fn latest_endpoint(endpoints: Vec<Endpoint>, warnings: &mut Vec<String>) -> Option<Endpoint> {
    let mut best: Option<Endpoint> = None;
    for e in endpoints {
        let Some(b) = &best else {
            best = Some(e);
            continue;
        };
        let same = Endpoint {
            origin: b.origin.clone(),
            ..e.clone()
        } == *b;
        if same {
            continue;
        }
        let newer = e.last_modified_time > b.last_modified_time;
        let (kept, other) = if newer { (&e, b) } else { (b, &e) };
        warnings.push(format!(
            "{}: another describe-endpoint of {} differs ({}); kept the one modified last ({})",
            other.origin.describe(),
            json::quote(&e.name),
            kept.origin.describe(),
            kept.last_modified_time
                .map_or_else(|| "no LastModifiedTime".to_string(), |t| t.iso())
        ));
        if newer {
            best = Some(e);
        }
    }
    best
}

/// Items merged by `key`: equal ones once; of different ones with the same key, the one
/// with the later `time` (the first if not later), with a warning.
fn dedup_keep_newer<T: Clone, K: Ord>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
    time: impl Fn(&T) -> Option<UtcMicros>,
    same: impl Fn(&T, &T) -> bool,
    describe: impl Fn(&T) -> String,
    what: &str,
    warnings: &mut Vec<String>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut index: BTreeMap<K, usize> = BTreeMap::new();
    for item in items {
        let k = key(&item);
        let Some(kept) = index.get(&k).and_then(|&i| out.get_mut(i)) else {
            index.insert(k, out.len());
            out.push(item);
            continue;
        };
        if same(kept, &item) {
            continue;
        }
        let newer = time(&item) > time(kept);
        let (new_desc, old_desc) = (describe(&item), describe(kept));
        warnings.push(if newer {
            format!("{old_desc}: the same {what} differs in {new_desc}; kept that later one")
        } else {
            format!("{new_desc}: the same {what} differs in {old_desc}; kept that one")
        });
        if newer {
            *kept = item;
        }
    }
    out
}

fn raw_time(v: &serde_json::Value, key: &str) -> Option<UtcMicros> {
    v.get(key).and_then(|t| json::parse_time_value(t).ok())
}

fn raw_str(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_string()
}

/// A list of raw items merged (by ResourceId, ScalableDimension and `name_key`) and sorted
/// by `CreationTime`.
fn raw_list(items: Vec<RawItem>, name_key: &str, what: &str, w: &mut Vec<String>) -> Vec<RawItem> {
    let mut out = dedup_keep_newer(
        items,
        |i| {
            (
                raw_str(&i.value, "ResourceId"),
                raw_str(&i.value, "ScalableDimension"),
                raw_str(&i.value, name_key),
            )
        },
        |i| raw_time(&i.value, "CreationTime"),
        |a, b| a.value == b.value,
        |i| i.origin.describe(),
        what,
        w,
    );
    out.sort_by_key(|i| {
        let t = raw_time(&i.value, "CreationTime");
        (t.is_none(), t)
    });
    out
}

/// Activities once each (by `ActivityId`), by `StartTime`.
fn activities(items: Vec<Activity>) -> Vec<Activity> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<Activity> = items
        .into_iter()
        .filter(|a| seen.insert(a.activity_id.clone()))
        .collect();
    out.sort_by(|a, b| (a.start, &a.activity_id).cmp(&(b.start, &b.activity_id)));
    out
}

/// State changes once each (by alarm, time, type, summary), by time.
fn history(items: Vec<HistoryEntry>) -> Vec<alarms::AlarmTransition> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<alarms::AlarmTransition> = items
        .into_iter()
        .filter(|h| {
            let (a, t, k, s) = h.key();
            seen.insert((a.to_string(), t, k.to_string(), s.to_string()))
        })
        .map(|h| h.transition)
        .collect();
    out.sort_by(|a, b| (a.time, &a.alarm).cmp(&(b.time, &b.alarm)));
    out
}

/// Notifications once each (SNS may deliver one twice), by `receivedTime`.
fn notifications(items: Vec<Received>) -> Vec<notifications::Notification> {
    let mut out: Vec<notifications::Notification> =
        items.into_iter().map(|r| r.notification).collect();
    out.sort_by(|a, b| {
        let key = |n: &notifications::Notification| {
            (
                n.received,
                n.event,
                n.inference_id.clone(),
                n.status == notifications::InvocationStatus::Failed,
                n.endpoint_name.clone(),
                n.failure_reason.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out.dedup();
    out
}
