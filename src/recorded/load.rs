//! Reading a folder or a list of files into one [`Recorded`].
//!
//! Owns the dispatch of each recognised file to the reader of its kind. The files are
//! found and read (at most [`MAX_FILE_BYTES`] a file) by `files`; the endpoint is chosen
//! and other endpoints' records dropped by `select`; metric series are built by `series`;
//! the pages are merged, deduplicated and sorted by `assemble`.

use super::alarms::{self, AlarmRecord, HistoryEntry};
use super::detect::{classify, Classified, Doc};
use super::endpoint::{self, Endpoint, EndpointConfig};
use super::metrics::{self, DataOutput, QueryFile, StatsOutput};
use super::notifications::{self, Received};
use super::scaling::{self, Activity};
use super::select;
use super::series::{self, Scope};
use super::{json, FileKind, RawItem, Recorded};
use crate::error::{InputError, Issue};
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

use super::assemble::assemble;
use super::files::expand;
pub use super::files::{is_skipped, read_limited, Input};
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
