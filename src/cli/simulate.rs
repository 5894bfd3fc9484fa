//! What `run` and `compare` share: one simulation feeding the run files, the chart data
//! and the progress bar at once, and the charts plus `report.html` written afterwards.

use crate::chart::ChartFormat;
use crate::report::charts::{write_charts, ChartFile};
use crate::report::files::RunWriter;
use crate::report::progress::MinuteTracker;
use crate::report::recorder::{alarm_owners, ChartRecorder};
use crate::report::tee::Tee;
use crate::report::{atomic::write_atomic, charts::CHARTS};
use crate::scenario::Scenario;
use crate::sim::summary::RunSummary;
use crate::sim::Simulation;
use anyhow::Context;
use std::path::Path;

/// Chart options shared by `run` and `compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct ChartArgs {
    /// Format of the chart files (and of the charts embedded in report.html).
    #[arg(long, value_enum, default_value_t = ChartFormat::Svg)]
    pub format: ChartFormat,
    /// Draw no chart files; report.html is still written, with its interactive charts, the
    /// tables and the scenario.
    #[arg(long)]
    pub no_charts: bool,
}

/// One finished run: its summary and its chart data.
pub struct RunOutput {
    /// What summary.json holds.
    pub summary: RunSummary,
    /// The per-minute series and latency distribution for the charts.
    pub charts: ChartRecorder,
    /// The minutes around each scaling decision (the report's "Why did it scale?").
    pub why: crate::explain::around::AroundScaling,
}

/// Run `sc` with `seed`, writing its files into `dir` (requests.csv too if
/// `with_requests`), labelling its charts `label`, moving `progress` as it goes.
pub fn simulate(
    sc: &Scenario,
    seed: u64,
    label: &str,
    dir: &Path,
    with_requests: bool,
    progress: MinuteTracker,
) -> anyhow::Result<RunOutput> {
    let sim = Simulation::new(&sc.sim, seed, sc.build_policy());
    let alarms = sim.alarm_names();
    let metrics = sc.sim.endpoint.platform.kind().published_metrics();
    let writer = RunWriter::create(dir, with_requests, metrics, &alarms)
        .with_context(|| format!("cannot write to output folder {}", dir.display()))?;
    let recorder = ChartRecorder::new(label, alarms).with_alarm_owners(alarm_owners(&sc.policy));
    let why = crate::report::why::recorder();
    let mut observers = Tee(Tee(writer, why), Tee(recorder, progress));
    let summary = sim.run(&mut observers);
    let Tee(Tee(writer, why), Tee(charts, mut tracker)) = observers;
    tracker.finish();
    writer
        .finish(&summary)
        .with_context(|| format!("writing results to {}", dir.display()))?;
    Ok(RunOutput {
        summary,
        charts,
        why,
    })
}

/// Draw the charts of `runs` into `dir` (unless `--no-charts`), then write `report.html`
/// from `page` (given the charts that were written). Returns the charts that could not be
/// drawn, as messages, so the caller can report them after its table.
pub fn charts_and_report(
    dir: &Path,
    runs: &[&RunOutput],
    opts: &ChartArgs,
    page: impl FnOnce(&[ChartFile]) -> std::io::Result<String>,
) -> anyhow::Result<Vec<String>> {
    let written = if opts.no_charts {
        Default::default()
    } else {
        let pairs: Vec<(&ChartRecorder, &RunSummary)> =
            runs.iter().map(|r| (&r.charts, &r.summary)).collect();
        write_charts(dir, &pairs, opts.format)
    };
    let report = dir.join("report.html");
    let html = page(&written.files).with_context(|| format!("building {}", report.display()))?;
    write_atomic(&report, html.as_bytes())
        .with_context(|| format!("writing {}", report.display()))?;
    Ok(written.errors)
}

/// Turn chart failures into the command's error (exit code 1), after everything else
/// was written.
pub fn fail_on_chart_errors(errors: Vec<String>) -> anyhow::Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{} of {} charts could not be drawn (every other output was written):\n  {}",
        errors.len(),
        CHARTS.len(),
        errors.join("\n  ")
    )
}
