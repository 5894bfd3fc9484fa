//! The scenario's `[metrics]` from the record: the gauges' sample interval that their
//! `SampleCount` shows, and the notes on the metric settings AWS does not document.

use super::notes::{Notes, INFERRED};
use crate::recorded::Recorded;
use crate::scenario::raw::RawMetrics;
use crate::time::Duration;

/// `[metrics]` and the sample interval found (seconds, and why), with their notes.
pub(super) fn metrics(rec: &Recorded, notes: &mut Notes) -> (RawMetrics, Option<(u32, String)>) {
    // Metrics.
    let mut metrics = RawMetrics::default();
    let sampled = sample_interval(rec);
    match &sampled {
        Some((s, why)) => {
            metrics.sample_interval = Duration::from_secs(f64::from(*s));
            notes.set("metrics.sample_interval", why.clone());
        }
        None => notes.set(
            "metrics.sample_interval",
            format!("scalesim's default (10 s). {INFERRED}; a SampleCount of ApproximateBacklogSize in the export would settle it"),
        ),
    }
    notes.set(
        "metrics.metric_delay",
        format!("scalesim's default (60 s). {INFERRED}"),
    );
    notes.set(
        "metrics.tt_from_zero",
        format!("scalesim's default. {INFERRED}"),
    );
    notes.set(
        "metrics.per_instance_denominator",
        format!("scalesim's default. {INFERRED}"),
    );

    (metrics, sampled)
}

/// The interval between gauge samples that the gauges' SampleCount shows, if exported.
fn sample_interval(rec: &Recorded) -> Option<(u32, String)> {
    for metric in [
        "ApproximateBacklogSize",
        "ApproximateBacklogSizePerInstance",
        "HasBacklogWithoutCapacity",
        "ApproximateAgeOfOldestRequest",
    ] {
        let Some(s) = rec.series(metric, "SampleCount") else {
            continue;
        };
        let mut counts: Vec<f64> = s
            .points
            .iter()
            .map(|p| p.1 / f64::from((s.period_s / 60).max(1)))
            .filter(|c| *c >= 1.0)
            .collect();
        if counts.is_empty() {
            continue;
        }
        counts.sort_by(f64::total_cmp);
        let k = counts[counts.len() / 2].round().clamp(1.0, 60.0) as u32;
        let interval = 60 / k;
        return Some((
            interval,
            format!(
                "{metric} SampleCount: typically {k} sample(s) a minute ({}), so one every {interval} s",
                s.origins
                    .first()
                    .map(|o| o.file.display().to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    None
}
