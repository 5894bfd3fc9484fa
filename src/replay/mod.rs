//! The recorded window laid out the way the simulation sees it: whole UTC minutes from a
//! start instant ([`Window`]), and the endpoint's capacity over that window as AWS's
//! scaling activities record it ([`capacity::RecordedCapacity`]). Shared by `import-aws`
//! (which sets the scenario's `start_time` and `horizon` from the window), `backtest` and
//! `calibrate` (which compare a run with the record minute by minute).

pub mod capacity;

use crate::recorded::{Recorded, UtcMicros};

const MINUTE_US: i64 = 60_000_000;

/// Whole minutes from `start`: minute `i` covers `[start + 60 i s, start + 60 (i+1) s)`,
/// the same interval as the simulation's minute `i` when the scenario's `start_time` is
/// `start`, and the CloudWatch datapoint stamped `start + 60 i s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Start of the first minute (a whole UTC minute).
    pub start: UtcMicros,
    /// Number of minutes.
    pub minutes: u64,
}

impl Window {
    /// The window from `start` (rounded down to its minute) to `end` (rounded up), at
    /// least one minute long.
    pub fn new(start: UtcMicros, end: UtcMicros) -> Window {
        let start = start.floor_minute();
        let span = (end.0 - start.0).max(1);
        let minutes = (span + MINUTE_US - 1) / MINUTE_US;
        Window {
            start,
            minutes: minutes as u64,
        }
    }

    /// The window a record covers: from the earliest metric datapoint or notification to
    /// the end of the latest one's period, unless `from`/`to` are given.
    pub fn of_record(
        rec: &Recorded,
        from: Option<UtcMicros>,
        to: Option<UtcMicros>,
    ) -> Result<Window, String> {
        let mut first: Option<UtcMicros> = None;
        let mut last: Option<UtcMicros> = None;
        let mut widen = |a: UtcMicros, b: UtcMicros| {
            first = Some(first.map_or(a, |f| f.min(a)));
            last = Some(last.map_or(b, |l| l.max(b)));
        };
        for s in &rec.metrics {
            if let Some((a, b)) = s.span() {
                widen(a, UtcMicros(b.0 + i64::from(s.period_s) * 1_000_000));
            }
        }
        if let (Some(a), Some(b)) = (rec.notifications.first(), rec.notifications.last()) {
            let latest = rec
                .notifications
                .iter()
                .map(|n| n.received)
                .max()
                .unwrap_or(b.received);
            widen(a.received, UtcMicros(latest.0 + 1));
        }
        let start = from.or(first).ok_or_else(|| {
            "the record has no metric datapoints and no notifications, so it covers no time; \
             save the output of `aws cloudwatch get-metric-data` for the endpoint's metrics \
             (docs/aws-record.md lists the commands), or give --from and --to"
                .to_string()
        })?;
        let end = to.or(last).unwrap_or(start);
        if end <= start {
            return Err(format!(
                "the window is empty: it ends ({end}) before or when it starts ({start})"
            ));
        }
        Ok(Window::new(start, end))
    }

    /// The end of the last minute.
    pub fn end(&self) -> UtcMicros {
        UtcMicros(self.start.0 + self.minutes as i64 * MINUTE_US)
    }

    /// Start of minute `i`.
    pub fn at(&self, i: u64) -> UtcMicros {
        UtcMicros(self.start.0 + i as i64 * MINUTE_US)
    }

    /// The minute holding `t`, if inside the window.
    pub fn minute_of(&self, t: UtcMicros) -> Option<u64> {
        if t < self.start || t >= self.end() {
            return None;
        }
        Some(((t.0 - self.start.0) / MINUTE_US) as u64)
    }

    /// UTC of simulation time `sim_us` (µs from the window's start).
    pub fn utc(&self, sim_us: u64) -> UtcMicros {
        UtcMicros(self.start.0.saturating_add(sim_us as i64))
    }

    /// The scenario's `start_time` for this window (`2024-03-04T00:00:00Z`).
    pub fn start_time_text(&self) -> String {
        let secs = self.start.floor_secs();
        chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_else(|| self.start.iso())
    }

    /// The values of `series` per minute of the window (`None` where no datapoint starts
    /// in that minute).
    pub fn per_minute(&self, series: &crate::recorded::metrics::MetricSeries) -> Vec<Option<f64>> {
        let mut out = vec![None; self.minutes as usize];
        for &(t, v) in &series.points {
            if let Some(i) = self.minute_of(t) {
                out[i as usize] = Some(v);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_rounds_to_whole_minutes() {
        let w = Window::new(UtcMicros(90_000_000), UtcMicros(181_000_000));
        assert_eq!(w.start, UtcMicros(60_000_000));
        assert_eq!(w.minutes, 3);
        assert_eq!(w.minute_of(UtcMicros(60_000_000)), Some(0));
        assert_eq!(w.minute_of(UtcMicros(239_999_999)), Some(2));
        assert_eq!(w.minute_of(UtcMicros(240_000_000)), None);
        assert_eq!(w.minute_of(UtcMicros(59_999_999)), None);
        assert_eq!(w.at(2), UtcMicros(180_000_000));
    }

    #[test]
    fn start_time_is_iso_utc() {
        let w = Window::new(
            UtcMicros::from_secs(1_709_510_400),
            UtcMicros::from_secs(1_709_510_460),
        );
        assert_eq!(w.start_time_text(), "2024-03-04T00:00:00Z");
    }
}
