//! `README.md` of a written record: where it came from (a simulation, not AWS), and for
//! every file the AWS CLI command whose output it stands for ([`Commands`]).

use super::{endpoint::config_name, ids, scaling::policy_alarms, Ctx, Out, TimestampStyle};
use crate::aws::export::SERVICE_NAMESPACE;
use std::io;

/// The AWS CLI command behind each kind of file, with this endpoint's names and window.
pub(super) struct Commands<'c> {
    pub(super) cx: &'c Ctx<'c>,
}

impl Commands<'_> {
    fn aas(&self, command: &str, resource: &str) -> String {
        format!(
            "`aws application-autoscaling {command} --service-namespace {SERVICE_NAMESPACE} \
             {resource} {}`",
            self.cx.resource_id
        )
    }

    fn window(&self, from: &str, to: &str) -> String {
        let cx = self.cx;
        format!("{from} {} {to} {}", cx.rec.start.iso(), cx.end().iso())
    }

    pub(super) fn endpoint_config(&self) -> String {
        format!(
            "`aws sagemaker describe-endpoint-config --endpoint-config-name {}`",
            config_name(self.cx)
        )
    }

    pub(super) fn endpoint(&self) -> String {
        format!(
            "`aws sagemaker describe-endpoint --endpoint-name {}`",
            self.cx.endpoint
        )
    }

    pub(super) fn scalable_targets(&self) -> String {
        self.aas("describe-scalable-targets", "--resource-ids")
    }

    pub(super) fn scaling_policies(&self) -> String {
        self.aas("describe-scaling-policies", "--resource-id")
    }

    pub(super) fn scheduled_actions(&self) -> String {
        self.aas("describe-scheduled-actions", "--resource-id")
    }

    pub(super) fn activities(&self) -> String {
        let cmd = self.aas("describe-scaling-activities", "--resource-id");
        format!(
            "{} --include-not-scaled-activities`",
            cmd.trim_end_matches('`')
        )
    }

    pub(super) fn alarms(&self) -> String {
        let cx = self.cx;
        let names: Vec<String> = cx
            .export
            .policies
            .iter()
            .filter_map(|p| p.get("PolicyName").and_then(serde_json::Value::as_str))
            .flat_map(|p| policy_alarms(cx, p))
            .map(|n| format!("'{n}'"))
            .collect();
        format!(
            "`aws cloudwatch describe-alarms --alarm-names {}`",
            names.join(" ")
        )
    }

    pub(super) fn alarm_history(&self) -> String {
        format!(
            "`aws cloudwatch describe-alarm-history --history-item-type StateUpdate {}` \
             (all alarms; `--alarm-name` for one)",
            self.window("--start-date", "--end-date")
        )
    }

    pub(super) fn metric_queries(&self) -> String {
        "the `--metric-data-queries` file of `aws cloudwatch get-metric-data`".into()
    }

    pub(super) fn metric_data(&self) -> String {
        format!(
            "`aws cloudwatch get-metric-data --metric-data-queries \
             file://get-metric-data-queries.json {}`",
            self.window("--start-time", "--end-time")
        )
    }

    pub(super) fn notifications(&self) -> String {
        "the endpoint's SNS notifications (`SuccessTopic` and `ErrorTopic` of \
         `AsyncInferenceConfig.OutputConfig.NotificationConfig`), one message a line"
            .into()
    }
}

/// Write `README.md` listing the files written so far.
pub(super) fn write(cx: &Ctx<'_>, out: &mut Out<'_>) -> io::Result<()> {
    let text = readme(cx, out);
    out.bytes("README.md", text.as_bytes(), "this description")
}

fn readme(cx: &Ctx<'_>, out: &Out<'_>) -> String {
    let sc = cx.scenario();
    let seed = cx.opts.seed.unwrap_or(sc.seed());
    let horizon = crate::time::format_duration_secs(sc.sim.horizon.as_secs_f64());
    let times = match cx.opts.timestamps {
        TimestampStyle::EpochSeconds => "epoch seconds with milliseconds (AWS CLI v1)".to_string(),
        TimestampStyle::Iso8601 { offset_minutes } => format!(
            "ISO 8601 with the UTC offset {} (AWS CLI v2, e.g. `{}`)",
            offset(offset_minutes),
            ids::iso_offset(cx.rec.start, offset_minutes)
        ),
    };
    let mut s = format!(
        "# Simulated AWS record of endpoint `{}`\n\n\
         Written by scalesim (`scalesim record-aws`) from a simulation. **This is not real \
         AWS data**:\nno endpoint, alarm or metric of this folder exists; the ARNs, ids and \
         the account\n`{}` are made up (deterministic hashes of the names).\n\n\
         - scenario: `{}` (`{}`)\n- seed: {seed}\n- start (simulation time 0): {}\n\
         - horizon: {horizon} (until {})\n- region: {}\n- timestamps: {times}\n\n\
         Each file has the shape of the output of the AWS CLI command beside it, so that\n\
         scalesim's `import-aws`, `backtest` and `calibrate` (or any tool that reads real\n\
         exports) can read this folder as they read a real one.\n\n\
         | file | stands for |\n| --- | --- |\n",
        cx.endpoint,
        cx.opts.account_id,
        sc.name(),
        sc.file.display(),
        cx.rec.start.iso(),
        cx.end().iso(),
        cx.opts.region,
    );
    for (files, command) in rows(out) {
        s += &format!("| {files} | {} |\n", command.replace('|', "\\|"));
    }
    if let Some(size) = cx.opts.page_size {
        s += &format!(
            "\nLists and metric results are split into pages of at most {} items or \
             datapoints\n(`-page-1`, `-page-2`, …, newest first), as the CLI prints them \
             with `--max-items`;\nevery page but the last carries a `NextToken`.\n",
            size.max(1)
        );
    }
    s += "\nMembers of JSON objects are in alphabetical order (the AWS CLI prints them in \
          its own order;\nJSON readers do not care). Metric datapoints are per minute, \
          stamped with the start of their\nminute; counts and latencies have datapoints \
          only in minutes with events, as in CloudWatch.\n";
    s
}

/// The README's table rows: each file with its command, the pages of one command as one
/// row (`a-page-1.json` … `a-page-9.json`).
fn rows(out: &Out<'_>) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut group: Option<(String, String, usize)> = None;
    let flush = |group: &mut Option<(String, String, usize)>, rows: &mut Vec<(String, String)>| {
        if let Some((stem, command, n)) = group.take() {
            let files = if n == 1 {
                format!("`{stem}-page-1.json`")
            } else {
                format!("`{stem}-page-1.json` … `{stem}-page-{n}.json` ({n} pages)")
            };
            rows.push((files, command));
        }
    };
    for f in &out.files {
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let page = name
            .strip_suffix(".json")
            .and_then(|n| n.rsplit_once("-page-"))
            .and_then(|(stem, n)| Some((stem.to_string(), n.parse::<usize>().ok()?)));
        match (&mut group, page) {
            (Some((stem, _, n)), Some((s, k))) if *stem == s && k == *n + 1 => *n = k,
            (_, Some((s, 1))) => {
                flush(&mut group, &mut rows);
                group = Some((s, f.command.clone(), 1));
            }
            _ => {
                flush(&mut group, &mut rows);
                rows.push((format!("`{name}`"), f.command.clone()));
            }
        }
    }
    flush(&mut group, &mut rows);
    rows
}

/// `+08:00`, `-05:30`, `+00:00`.
fn offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}
