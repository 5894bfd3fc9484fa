//! The CSV and JSON files of a run. Column definitions live here and in the README.

use super::atomic::{write_atomic, AtomicFile};
use crate::metrics::{EndpointMetric, StatisticSet};
use crate::policy::AlarmState;
use crate::sim::observer::{ActivityRecord, MinuteRecord, Observer, RequestRecord};
use crate::sim::summary::RunSummary;
use std::io;
use std::path::{Path, PathBuf};

/// Columns of `timeseries.csv` before the metric columns.
pub const TIMESERIES_COLUMNS: &[&str] = &[
    "minute",
    "time_s",
    "arrivals",
    "started",
    "completed",
    "expired",
    "failed",
    "rejected",
    "queued",
    "in_flight",
    "backlog",
    "desired",
    "pending",
    "in_service",
    "draining",
    "machines",
    "cost_usd",
];
/// Statistics written for each published metric (`<Metric>_<Statistic>` columns).
pub const METRIC_STATISTICS: &[&str] = &["Average", "Minimum", "Maximum", "Sum", "SampleCount"];
/// Columns of `requests.csv`.
pub const REQUEST_COLUMNS: &[&str] = &[
    "id",
    "arrival_s",
    "start_s",
    "finish_s",
    "wait_s",
    "service_s",
    "latency_s",
    "outcome",
    "cold_start_wait",
];
/// Columns of `activities.csv`.
pub const ACTIVITY_COLUMNS: &[&str] = &[
    "start_s",
    "end_s",
    "cause",
    "from_capacity",
    "to_capacity",
    "status",
    "not_scaled_reason",
];

fn secs(t: crate::time::SimTime) -> String {
    fmt_f64(t.as_secs_f64())
}

/// Shortest decimal that reads back as the same f64 (deterministic across platforms).
pub fn fmt_f64(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

type CsvOut = csv::Writer<AtomicFile>;

fn csv_out(dir: &Path, name: &str, header: &[String]) -> io::Result<CsvOut> {
    let mut w = csv::Writer::from_writer(AtomicFile::create(&dir.join(name))?);
    w.write_record(header)?;
    Ok(w)
}

fn commit(w: CsvOut) -> io::Result<()> {
    let file = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    file.commit()
}

/// Streams a run's files into a folder. See the module docs for the columns.
pub struct RunWriter {
    dir: PathBuf,
    timeseries: CsvOut,
    activities: CsvOut,
    requests: Option<CsvOut>,
    alarm_states: Vec<AlarmState>,
    metrics: &'static [EndpointMetric],
    error: Option<io::Error>,
    row: Vec<String>,
}

impl RunWriter {
    /// Create the folder and open the files; `with_requests` adds `requests.csv`;
    /// `metrics` are the published metrics to write (the platform's); `alarm_names` adds
    /// one `alarm:<name>` state column per alarm to `timeseries.csv`.
    pub fn create(
        dir: &Path,
        with_requests: bool,
        metrics: &'static [EndpointMetric],
        alarm_names: &[String],
    ) -> io::Result<RunWriter> {
        std::fs::create_dir_all(dir)?;
        let mut ts_header: Vec<String> = TIMESERIES_COLUMNS.iter().map(|s| s.to_string()).collect();
        for m in metrics {
            for s in METRIC_STATISTICS {
                ts_header.push(format!("{}_{s}", m.name()));
            }
        }
        ts_header.extend(alarm_names.iter().map(|n| format!("alarm:{n}")));
        let strings = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Ok(RunWriter {
            dir: dir.to_path_buf(),
            timeseries: csv_out(dir, "timeseries.csv", &ts_header)?,
            activities: csv_out(dir, "activities.csv", &strings(ACTIVITY_COLUMNS))?,
            requests: if with_requests {
                Some(csv_out(dir, "requests.csv", &strings(REQUEST_COLUMNS))?)
            } else {
                None
            },
            alarm_states: Vec::new(),
            metrics,
            error: None,
            row: Vec::with_capacity(40),
        })
    }

    fn keep(&mut self, r: csv::Result<()>) {
        if let Err(e) = r {
            self.error.get_or_insert(io::Error::other(e.to_string()));
        }
    }

    /// Write `summary.json`, then move every file into place. The first write error met
    /// during the run is returned here.
    pub fn finish(self, summary: &RunSummary) -> io::Result<()> {
        if let Some(e) = self.error {
            return Err(e);
        }
        commit(self.timeseries)?;
        commit(self.activities)?;
        if let Some(r) = self.requests {
            commit(r)?;
        }
        let mut json = serde_json::to_vec_pretty(summary).map_err(io::Error::other)?;
        json.push(b'\n');
        write_atomic(&self.dir.join("summary.json"), &json)
    }
}

fn push_stats(row: &mut Vec<String>, s: Option<StatisticSet>) {
    match s {
        Some(s) => {
            for v in [s.average(), s.minimum, s.maximum, s.sum, s.sample_count] {
                row.push(fmt_f64(v));
            }
        }
        None => row.extend(std::iter::repeat_n(String::new(), METRIC_STATISTICS.len())),
    }
}

impl Observer for RunWriter {
    fn on_alarms(&mut self, _minute: u64, states: &[AlarmState]) {
        self.alarm_states.clear();
        self.alarm_states.extend_from_slice(states);
    }

    fn on_request(&mut self, r: &RequestRecord) {
        let Some(w) = &mut self.requests else {
            return;
        };
        let wait = r.start.unwrap_or(r.finish).since(r.arrival);
        let res = w.write_record([
            r.id.to_string(),
            secs(r.arrival),
            r.start.map(secs).unwrap_or_default(),
            secs(r.finish),
            fmt_f64(wait.as_secs_f64()),
            fmt_f64(r.service_s),
            fmt_f64(r.finish.since(r.arrival).as_secs_f64()),
            serde_plain(r.outcome),
            r.cold_wait.to_string(),
        ]);
        self.keep(res);
    }

    fn on_minute(&mut self, m: &MinuteRecord) {
        let mut row = std::mem::take(&mut self.row);
        row.clear();
        let c = m.counts;
        row.extend([
            m.minute.to_string(),
            (m.minute * 60).to_string(),
            c.arrivals.to_string(),
            c.started.to_string(),
            c.completed.to_string(),
            c.expired.to_string(),
            c.failed.to_string(),
            c.rejected.to_string(),
            m.queued.to_string(),
            m.in_flight.to_string(),
            (m.queued + m.in_flight).to_string(),
            m.desired.to_string(),
            m.pending.to_string(),
            m.in_service.to_string(),
            m.draining.to_string(),
            m.machines.to_string(),
            format!("{:.6}", m.cost_usd),
        ]);
        for metric in self.metrics {
            push_stats(&mut row, m.metrics[metric.index()]);
        }
        row.extend(self.alarm_states.drain(..).map(|s| s.as_str().to_string()));
        let res = self.timeseries.write_record(&row);
        self.row = row;
        self.keep(res);
    }

    fn on_activity(&mut self, a: &ActivityRecord) {
        let res = self.activities.write_record([
            secs(a.start),
            a.end.map(secs).unwrap_or_default(),
            a.cause.clone(),
            a.from.to_string(),
            a.to.to_string(),
            format!("{:?}", a.status),
            a.not_scaled_reason
                .map(|r| r.code().to_string())
                .unwrap_or_default(),
        ]);
        self.keep(res);
    }
}

fn serde_plain<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
