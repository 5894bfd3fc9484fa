//! Scoring candidate assignments: a batch of assignments of the knobs is written as one
//! sweep on the scenario (`crate::sweep`, every point loaded and validated by the scenario
//! loader), run in parallel, each run backtested against the record, and the backtest
//! figures averaged over the replications into one [`Evaluation`] per assignment.

use super::knobs::quoted;
use super::{Evaluation, Knob, Search};
use crate::backtest;
use crate::error::{InputError, Issue};
use crate::replay::capacity::RecordedCapacity;
use crate::replay::Window;
use crate::report::progress::Progress;
use std::path::Path;
use std::sync::Mutex;

/// The sweep file that runs `points` (each an assignment of `knobs`) on `base`.
fn sweep_text(base: &Path, replications: u32, knobs: &[Knob], points: &[Vec<String>]) -> String {
    let mut s = format!(
        "base = {}\nname = \"calibrate\"\nreplications = {replications}\n",
        quoted(&base.display().to_string())
    );
    for p in points {
        let sets: Vec<String> = knobs
            .iter()
            .zip(p)
            .map(|(k, v)| format!("{} = {v}", quoted(&k.key)))
            .collect();
        s.push_str(&format!("\n[[points]]\nset = {{ {} }}\n", sets.join(", ")));
    }
    s
}

/// Run `points` (assignments) as one sweep; returns their evaluations in order.
pub(super) fn evaluate(
    search: &Search<'_>,
    knobs: &[Knob],
    points: &[Vec<String>],
    window: &Window,
    capacity: &RecordedCapacity,
) -> Result<Vec<Evaluation>, InputError> {
    let base = std::path::absolute(&search.scenario.file).unwrap_or(search.scenario.file.clone());
    let text = sweep_text(&base, search.replications, knobs, points);
    let sweep_file = base.with_file_name("calibrate-search.toml");
    let sweep = crate::sweep::from_text(&text, &sweep_file).map_err(|e| InputError::Invalid {
        file: search.scenario.file.clone(),
        issues: vec![Issue::new(
            "",
            format!("a calibration point does not load: {e}"),
        )],
    })?;
    let runs: Vec<u64> = (0..sweep.runs()).collect();
    let minutes = crate::sweep::exec::total_minutes(&sweep, &runs);
    let progress = if search.progress {
        Progress::for_stderr(minutes)
    } else {
        Progress::none()
    };
    let results = Mutex::new(Vec::new());
    let rec = search.recorded;
    crate::sweep::exec::execute_with(
        &sweep,
        &runs,
        search.jobs,
        &progress,
        None,
        |sw, run| {
            let (point, replication) = sw.run_of(run);
            let sc = &sw.points[point].scenario;
            let bt = backtest::run_in(sc, rec, sw.seed(replication), window, capacity);
            (run, bt.comparison.figures)
        },
        |r| {
            if let Ok(mut all) = results.lock() {
                all.push(r);
            }
            Ok(())
        },
    )
    .map_err(|e| InputError::Invalid {
        file: search.scenario.file.clone(),
        issues: vec![Issue::new("", format!("calibration runs failed: {e}"))],
    })?;
    progress.finish();
    let mut all = results.into_inner().unwrap_or_default();
    all.sort_by_key(|r| r.0);
    let reps = f64::from(search.replications.max(1));
    let mut out = Vec::with_capacity(points.len());
    for (i, p) in points.iter().enumerate() {
        let figs: Vec<_> = all
            .iter()
            .filter(|(run, _)| sweep.run_of(*run).0 == i)
            .map(|(_, f)| f)
            .collect();
        let mean = |f: &dyn Fn(&crate::backtest::compare::Figures) -> f64| {
            figs.iter().map(|x| f(x)).sum::<f64>() / reps
        };
        let mean_opt = |f: &dyn Fn(&crate::backtest::compare::Figures) -> Option<f64>| {
            let v: Vec<f64> = figs.iter().filter_map(|x| f(x)).collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        };
        out.push(Evaluation {
            values: p.clone(),
            score: mean(&|f| f.score),
            scores: figs.iter().map(|f| f.score).collect(),
            events_matched_share: mean_opt(&|f| f.events_matched_share),
            capacity_mae: mean(&|f| f.capacity_mae),
            instance_hours_relative_error: mean_opt(&|f| f.instance_hours_relative_error),
        });
    }
    Ok(out)
}
