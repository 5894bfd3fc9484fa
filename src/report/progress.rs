//! Progress bars on stderr for work that takes more than about a second: only when stderr
//! is a terminal (no bar at all otherwise, so logs and pipes stay clean), and drawn only
//! once a second has passed, so quick runs show nothing.
//!
//! The engine has no progress hook; a [`MinuteTracker`] is an [`Observer`] that moves the
//! bar from `on_minute`, at most every 1% of the run, keeping the hot path to one compare.

use crate::sim::observer::{MinuteRecord, Observer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Work shorter than this shows no bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// One progress bar over a number of simulated minutes (all variants of a comparison, or
/// one run), or no bar.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    /// A bar over `total_minutes` when stderr is a terminal; otherwise [`Progress::none`].
    pub fn for_stderr(total_minutes: u64) -> Progress {
        if std::io::stderr().is_terminal() {
            Progress::with_bar(total_minutes)
        } else {
            Progress::none()
        }
    }

    /// No bar: every call does nothing.
    pub fn none() -> Progress {
        Progress {
            bar: None,
            started: Instant::now(),
        }
    }

    /// A bar over `total_minutes`, hidden until a tracker sees a second has passed.
    pub fn with_bar(total_minutes: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total_minutes), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(
            "{msg:>16} [{bar:40}] {percent:>3}%  {pos}/{len} simulated minutes, ETA {eta}",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress {
            bar: Some(bar),
            started: Instant::now(),
        }
    }

    /// A tracker for one run of `minutes` simulated minutes that starts `offset` minutes
    /// into the bar, labelled `label`.
    pub fn tracker(&self, offset: u64, minutes: u64, label: &str) -> MinuteTracker {
        if let Some(bar) = &self.bar {
            bar.set_message(label.to_string());
        }
        MinuteTracker {
            bar: self.bar.clone(),
            started: self.started,
            offset,
            minutes,
            step: (minutes / 100).max(1),
            next: 0,
        }
    }

    /// Where the bar is (None without a bar).
    pub fn position(&self) -> Option<u64> {
        self.bar.as_ref().map(ProgressBar::position)
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Moves a [`Progress`] bar as one run's minutes close.
#[derive(Debug)]
pub struct MinuteTracker {
    bar: Option<ProgressBar>,
    started: Instant,
    offset: u64,
    minutes: u64,
    step: u64,
    next: u64,
}

impl MinuteTracker {
    fn update(&mut self, done: u64) {
        let Some(bar) = &self.bar else {
            return;
        };
        // The bar is shared by the trackers of a comparison: switch its target once.
        if bar.is_hidden() && self.started.elapsed() >= SHOW_AFTER {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position(self.offset + done.min(self.minutes));
    }

    /// Mark the run complete (the bar at `offset + minutes`).
    pub fn finish(&mut self) {
        self.update(self.minutes);
    }
}

impl Observer for MinuteTracker {
    #[inline]
    fn on_minute(&mut self, m: &MinuteRecord) {
        if m.minute >= self.next {
            self.next = m.minute + self.step;
            self.update(m.minute + 1);
        }
    }
}

/// Simulated minutes in a horizon of `horizon_s` seconds (a partial minute counts).
pub fn horizon_minutes(horizon_s: f64) -> u64 {
    (horizon_s / 60.0).ceil().max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::minute::MinuteCounts;

    fn minute(m: u64) -> MinuteRecord {
        MinuteRecord {
            minute: m,
            counts: MinuteCounts::default(),
            queued: 0,
            in_flight: 0,
            desired: 0,
            pending: 0,
            in_service: 0,
            draining: 0,
            machines: 0,
            cost_usd: 0.0,
            metrics: [None; crate::metrics::METRIC_COUNT],
        }
    }

    #[test]
    fn trackers_move_one_shared_bar_in_steps() {
        let p = Progress::with_bar(2 * 1000);
        let mut first = p.tracker(0, 1000, "a");
        for m in 0..=9 {
            first.on_minute(&minute(m));
        }
        assert_eq!(p.position(), Some(1), "updates at most every 1%");
        first.on_minute(&minute(10));
        assert_eq!(p.position(), Some(11));
        first.finish();
        assert_eq!(p.position(), Some(1000));
        let mut second = p.tracker(1000, 1000, "b");
        second.on_minute(&minute(0));
        assert_eq!(p.position(), Some(1001));
        second.finish();
        assert_eq!(p.position(), Some(2000));
        p.finish();
    }

    #[test]
    fn no_bar_does_nothing() {
        let p = Progress::none();
        let mut t = p.tracker(0, 10, "x");
        t.on_minute(&minute(3));
        t.finish();
        assert_eq!(p.position(), None);
        assert_eq!(horizon_minutes(3600.0), 60);
        assert_eq!(horizon_minutes(90.0), 2);
    }
}
