//! [`Tee`]: one engine run feeding two observers (and, nested, any number): the run files,
//! the chart data and the progress bar all watch the same run.

use crate::policy::AlarmState;
use crate::sim::observer::{ActivityRecord, Decision, MinuteRecord, Observer, RequestRecord};
use crate::time::SimTime;

/// Forwards every hook to `A`, then to `B`. Nest for more: `Tee(a, Tee(b, c))`; take the
/// observers back by destructuring after the run.
#[derive(Debug, Default)]
pub struct Tee<A, B>(pub A, pub B);

impl<A: Observer, B: Observer> Observer for Tee<A, B> {
    fn on_request(&mut self, r: &RequestRecord) {
        self.0.on_request(r);
        self.1.on_request(r);
    }
    fn on_alarms(&mut self, minute: u64, states: &[AlarmState]) {
        self.0.on_alarms(minute, states);
        self.1.on_alarms(minute, states);
    }
    fn on_minute(&mut self, m: &MinuteRecord) {
        self.0.on_minute(m);
        self.1.on_minute(m);
    }
    fn on_activity(&mut self, a: &ActivityRecord) {
        self.0.on_activity(a);
        self.1.on_activity(a);
    }
    fn wants_decisions(&self) -> bool {
        self.0.wants_decisions() || self.1.wants_decisions()
    }
    fn on_decision(&mut self, d: &Decision) {
        self.0.on_decision(d);
        self.1.on_decision(d);
    }
    /// The run goes on while either side wants it.
    fn keep_running(&self, now: SimTime) -> bool {
        self.0.keep_running(now) || self.1.keep_running(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::observer::Collect;
    use crate::sim::Simulation;

    #[test]
    fn both_sides_see_the_whole_run() {
        let sc = crate::scenario::from_text(
            "horizon = \"30m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.2\n\
             [service]\nkind = \"deterministic\"\nvalue = \"2s\"\n[capacity]\nmin = 1\nmax = 1\n",
            std::path::Path::new("t.toml"),
            std::path::Path::new("."),
            &[],
        )
        .expect("valid scenario");
        let mut tee = Tee(Collect::default(), Collect::default());
        let summary = Simulation::new(&sc.sim, 3, sc.build_policy()).run(&mut tee);
        let Tee(a, b) = tee;
        assert_eq!(a.requests.len() as u64, summary.requests.completed);
        assert_eq!(a.requests, b.requests);
        assert_eq!(a.minutes, b.minutes);
        assert_eq!(a.minutes.len(), 30);
        assert_eq!(a.activities, b.activities);
    }
}
