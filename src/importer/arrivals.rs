//! Where the requests of the window came from: the exact trace of the SNS notifications
//! (`receivedTime` of every request), or, without them, an estimate from the per-minute
//! metrics.
//!
//! The estimate: async endpoints publish no count of arrivals, so the arrivals of a period
//! are taken as what left it plus what it added to the backlog,
//!
//! ```text
//! arrivals ≈ InvocationsProcesssed + ExpiredRequests + InvocationFailures + ΔApproximateBacklogSize
//! ```
//!
//! with each count's `Sum` (a period without a datapoint had no such request: CloudWatch
//! publishes none) and Δ the change in the backlog over the period, from its value at the
//! period's end to the one at the end of the period before (the backlog before the window
//! counts as 0, so requests already waiting at its start arrive in its first period).
//!
//! CloudWatch gives the backlog's *average* over each period, not its value at the end. A
//! period's average is the mean of gauge samples taken every `sample_interval` from its
//! start, so it stands for the backlog at the samples' mean time, `(period − interval) ÷ 2`
//! into the period (at the very start with one sample a minute; 25 s in with the default
//! 10 s). The backlog at a period's end is interpolated linearly between the averages of
//! that period and the next, at those times. A period's backlog without a datapoint keeps
//! the previous value. The estimates are rounded on their running total, so the total is kept and no
//! count is negative (a dip is taken from the following periods). The requests of a period
//! are then spread uniformly over it (`spread = "uniform"`).

use crate::recorded::metrics::MetricSeries;
use crate::recorded::notifications::Notification;
use crate::recorded::{Recorded, UtcMicros};
use crate::replay::Window;

/// The arrivals of the window, as a CSV for the scenario to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    /// `trace` (one row per request) or `counts` (one row per period).
    pub kind: ArrivalsKind,
    /// The CSV text.
    pub csv: String,
    /// Requests in all.
    pub requests: u64,
    /// Where they came from, for the scenario's comment.
    pub source: String,
    /// Assumptions made.
    pub notes: Vec<String>,
}

/// How [`Arrivals::csv`] is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrivalsKind {
    /// One row per request: `received_time` (ISO 8601 UTC, ms).
    Trace,
    /// One row per period: `period_start`, `arrivals`, and the terms of the estimate.
    Counts {
        /// The period, seconds.
        period_s: u32,
    },
}

/// The time format of the CSV files (a chrono pattern, read as UTC).
pub const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

fn iso_ms(t: UtcMicros) -> String {
    t.iso()
}

/// The exact arrivals from the notifications in `w`, if there are any.
pub fn from_notifications(rec: &Recorded, w: &Window) -> Option<Arrivals> {
    let inside: Vec<&Notification> = rec
        .notifications
        .iter()
        .filter(|n| w.minute_of(n.received).is_some())
        .collect();
    if inside.is_empty() {
        return None;
    }
    let mut times: Vec<UtcMicros> = inside.iter().map(|n| n.received).collect();
    times.sort();
    let mut csv = String::from("received_time\n");
    for t in &times {
        csv.push_str(&iso_ms(*t));
        csv.push('\n');
    }
    let files: Vec<String> = rec
        .files
        .iter()
        .filter(|(_, k)| *k == crate::recorded::FileKind::Notifications)
        .map(|(f, _)| f.display().to_string())
        .collect();
    Some(Arrivals {
        kind: ArrivalsKind::Trace,
        csv,
        requests: times.len() as u64,
        source: format!(
            "the exact arrivals: receivedTime of {} SNS notifications ({})",
            times.len(),
            files.join(", ")
        ),
        notes: Vec::new(),
    })
}

/// The series of `metric`/`stat` per period of `period_s` over `w` (sums of the
/// datapoints whose timestamp falls in each period; `None` where there is none).
fn per_period(s: &MetricSeries, w: &Window, period_s: u32) -> Vec<Option<f64>> {
    let n = periods(w, period_s);
    let mut out = vec![None; n];
    for &(t, v) in &s.points {
        if t < w.start || t >= w.end() {
            continue;
        }
        let i = ((t.0 - w.start.0) / (i64::from(period_s) * 1_000_000)) as usize;
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(slot.unwrap_or(0.0) + v);
        }
    }
    out
}

fn periods(w: &Window, period_s: u32) -> usize {
    let p = u64::from(period_s / 60).max(1);
    w.minutes.div_ceil(p) as usize
}

/// The counts metrics the estimate adds up.
const LEAVING: [&str; 3] = [
    "InvocationsProcesssed",
    "ExpiredRequests",
    "InvocationFailures",
];

/// The estimate from the metrics (see the module docs), with gauge samples every
/// `sample_interval_s` seconds within a period.
pub fn from_metrics(
    rec: &Recorded,
    w: &Window,
    sample_interval_s: u32,
) -> Result<Arrivals, String> {
    let processed = rec.series("InvocationsProcesssed", "Sum").ok_or_else(|| {
        "no arrivals: the record has neither SNS notifications nor the Sum of \
         InvocationsProcesssed; save one of them (docs/aws-record.md lists the commands)"
            .to_string()
    })?;
    let period_s = processed.period_s.max(60);
    let mut notes = Vec::new();
    if period_s != 60 {
        notes.push(format!(
            "InvocationsProcesssed has {period_s}-second datapoints, so the arrivals are known \
             per {period_s} s only"
        ));
    }
    let n = periods(w, period_s);
    let mut terms: Vec<Vec<f64>> = Vec::new();
    for metric in LEAVING {
        match rec.series(metric, "Sum") {
            Some(s) => terms.push(
                per_period(s, w, period_s)
                    .into_iter()
                    .map(|v| v.unwrap_or(0.0))
                    .collect(),
            ),
            None => {
                if metric != "InvocationsProcesssed" {
                    notes.push(format!(
                        "no {metric} Sum datapoint in the record: taken as 0 (CloudWatch \
                         publishes none for a minute without such requests)"
                    ));
                }
                terms.push(vec![0.0; n]);
            }
        }
    }
    let backlog = match ["Average", "Maximum"].iter().find_map(|stat| {
        rec.series("ApproximateBacklogSize", stat)
            .map(|s| (*stat, s))
    }) {
        Some((stat, s)) => {
            if stat != "Average" {
                notes.push(format!(
                    "the backlog change uses ApproximateBacklogSize {stat} (no Average in the \
                     record)"
                ));
            }
            // The last datapoint of each period stands for the period's backlog.
            let mut last: Vec<Option<f64>> = vec![None; n];
            for &(t, v) in &s.points {
                if t >= w.start && t < w.end() {
                    let i = ((t.0 - w.start.0) / (i64::from(period_s) * 1_000_000)) as usize;
                    if let Some(slot) = last.get_mut(i) {
                        *slot = Some(v);
                    }
                }
            }
            let missing = last.iter().filter(|v| v.is_none()).count();
            if missing > 0 {
                notes.push(format!(
                    "{missing} of {n} periods have no ApproximateBacklogSize datapoint; each keeps \
                     the previous period's backlog"
                ));
            }
            let mut held = 0.0;
            last.into_iter()
                .map(|v| {
                    held = v.unwrap_or(held);
                    held
                })
                .collect()
        }
        None => {
            notes.push(
                "no ApproximateBacklogSize in the record: the arrivals are what left each period, \
                 with no change in the backlog"
                    .into(),
            );
            vec![0.0; n]
        }
    };
    // Where in a period its average stands: `centre` seconds after the period's start.
    let period = f64::from(period_s);
    let centre = (period - f64::from(sample_interval_s.clamp(1, period_s))) / 2.0;
    let at_end: Vec<f64> = (0..n)
        .map(|i| match backlog.get(i + 1) {
            Some(next) => backlog[i] + (next - backlog[i]) * (period - centre) / period,
            None => backlog[i],
        })
        .collect();
    let mut csv =
        String::from("period_start,arrivals,invocations_processed,expired,failed,backlog_change\n");
    let (mut running, mut emitted) = (0.0_f64, 0u64);
    let mut previous = 0.0;
    for (i, &end) in at_end.iter().enumerate() {
        let change = end - previous;
        previous = end;
        let estimate = terms[0][i] + terms[1][i] + terms[2][i] + change;
        running += estimate;
        let target = running.round().max(0.0) as u64;
        let count = target.saturating_sub(emitted);
        emitted += count;
        if count == 0 && estimate == 0.0 && change == 0.0 {
            continue; // a period with nothing in it needs no row
        }
        let start = UtcMicros(w.start.0 + i as i64 * i64::from(period_s) * 1_000_000);
        csv.push_str(&format!(
            "{},{count},{},{},{},{}\n",
            iso_ms(start),
            terms[0][i],
            terms[1][i],
            terms[2][i],
            change
        ));
    }
    Ok(Arrivals {
        kind: ArrivalsKind::Counts { period_s },
        csv,
        requests: emitted,
        source: format!(
            "estimated per {period_s} s from the metrics: InvocationsProcesssed + ExpiredRequests \
             + InvocationFailures + the change in ApproximateBacklogSize ({})",
            processed
                .origins
                .first()
                .map(|o| o.file.display().to_string())
                .unwrap_or_default()
        ),
        notes,
    })
}
