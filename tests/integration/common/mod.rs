//! Helpers shared by the integration tests: building and running scenarios in process here,
//! running the `scalesim` binary in [`binary`].

mod binary;

pub use binary::*;

use scalesim::scenario::{self, Scenario};
use scalesim::sim::observer::{Collect, Observer, RequestRecord};
use scalesim::sim::summary::RunSummary;
use scalesim::sim::Simulation;
use std::path::Path;

/// Build a scenario from TOML text (data paths resolve from the crate root).
pub fn scenario(text: &str) -> Scenario {
    scenario_with(text, &[])
}

/// Build a scenario from TOML text with `--set` overrides.
pub fn scenario_with(text: &str, overrides: &[&str]) -> Scenario {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    scenario::from_text(
        text,
        Path::new("test.toml"),
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &overrides,
    )
    .unwrap_or_else(|e| panic!("test scenario invalid: {e}"))
}

/// Run with the scenario's seed, collecting every record.
pub fn run_collect(sc: &Scenario) -> (RunSummary, Collect) {
    run_seed(sc, sc.seed())
}

/// Run with `seed`, collecting every record; asserts conservation.
pub fn run_seed(sc: &Scenario, seed: u64) -> (RunSummary, Collect) {
    let mut c = Collect::default();
    let s = Simulation::new(&sc.sim, seed, sc.build_policy()).run(&mut c);
    assert_conservation(&s);
    (s, c)
}

/// Run with `seed` and a custom observer; asserts conservation.
pub fn run_with<O: Observer>(sc: &Scenario, seed: u64, obs: &mut O) -> RunSummary {
    let s = Simulation::new(&sc.sim, seed, sc.build_policy()).run(obs);
    assert_conservation(&s);
    s
}

/// arrived = completed + expired + failed + in system at the end.
pub fn assert_conservation(s: &RunSummary) {
    let r = s.requests;
    assert_eq!(
        r.arrived,
        r.completed + r.expired + r.failed + r.rejected + r.in_system_at_end,
        "conservation: {r:?}"
    );
}

/// Requests sorted by id.
pub fn by_id(c: &Collect) -> Vec<RequestRecord> {
    let mut v = c.requests.clone();
    v.sort_by_key(|r| r.id);
    v
}

/// Seconds as f64 from a SimTime.
pub fn s(t: scalesim::time::SimTime) -> f64 {
    t.as_secs_f64()
}
