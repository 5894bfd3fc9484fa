//! The scenario loader on arbitrary and TOML-like strings, on mutated shipped scenarios and
//! under random `--set` overrides: it returns a scenario or an error and never panics, and
//! what loads runs.

use super::{config, edits, mutate};
use crate::common::{root, run_seed};
use proptest::prelude::*;
use scalesim::scenario::from_text;
use std::path::Path;

fn load(text: &str, base_dir: &Path, overrides: &[String]) -> bool {
    from_text(text, Path::new("fuzz.toml"), base_dir, overrides).is_ok()
}

/// Shipped scenarios that load quickly (the trace scenario reads a 320 kB file).
const SHIPPED: &[&str] = &[
    "steady-poisson.toml",
    "async-scale-to-zero.toml",
    "async-scale-to-zero-story.toml",
    "scale-from-zero-recipe.toml",
    "aws-cli-json-recipe.toml",
    "compare-scale-to-zero.toml",
];

fn shipped(i: usize) -> String {
    let p = root().join("scenarios").join(SHIPPED[i % SHIPPED.len()]);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Dotted paths a user might `--set`.
const KEYS: &[&str] = &[
    "seed",
    "horizon",
    "start_time",
    "name",
    "arrivals[0].rate_per_s",
    "arrivals[0].kind",
    "arrivals[0]",
    "arrivals[5].rate_per_s",
    "arrivals.0.rate_per_s",
    "arrivals",
    "service",
    "service.kind",
    "service.mean",
    "service.cv",
    "endpoint.max_concurrent_invocations_per_instance",
    "endpoint.request_ttl",
    "endpoint.invocation_timeout",
    "endpoint.scale_in_mode",
    "endpoint.bill_from",
    "endpoint.cold_start",
    "endpoint.cold_start.image_pull",
    "endpoint.price_per_instance_hour",
    "capacity.min",
    "capacity.max",
    "capacity.initial",
    "metrics.sample_interval",
    "metrics.metric_delay",
    "policy",
    "policy.kind",
    "policy.idle_timeout",
    "policy.target_tracking[0].target_value",
    "policy.target_tracking",
    "policy.step_scaling=[]",
    "policy.step_scaling[0].alarm.period",
    "",
    ".",
    "[0]",
    "a..b",
    "x[18446744073709551616]",
    "arrivals[-1]",
];

/// Values (read as TOML, else as a string).
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "4294967296",
    "18446744073709551615",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "0.0",
    "1e-300",
    "true",
    "\"\"",
    "\"0s\"",
    "\"1us\"",
    "\"10m\"",
    "\"1000000000w\"",
    "\"-5s\"",
    "\"nan s\"",
    "2h",
    "1d",
    "99999999999999999999d",
    "[]",
    "[1, 2]",
    "{}",
    "{ kind = \"exponential\", mean = \"2s\" }",
    "{ kind = \"deterministic\", value = \"0s\" }",
    "{ image_size_gb = 1e300, bandwidth_mb_per_s = 1e-300, jitter_cv = 1e10 }",
    "poisson",
    "kill_requeue",
    "\"2024-13-45T99:99:99Z\"",
    "\"9999-12-31T23:59:59Z\"",
    "",
];

fn override_strategy() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-z_.\\[\\]0-9=]{0,24}",
    ];
    let value = prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(str::to_string),
        1 => ".{0,24}",
    ];
    prop_oneof![
        10 => (key, value).prop_map(|(k, v)| format!("{k}={v}")),
        1 => ".{0,24}",
    ]
}

proptest! {
    #![proptest_config(config(200, 0xf022))]

    #[test]
    fn loader_survives_arbitrary_strings(text in ".{0,300}") {
        let _ = load(&text, &root(), &[]);
    }

    #[test]
    fn loader_survives_toml_like_strings(
        text in "([a-z_\\[\\]]{1,12}( ?= ?)(\"[0-9a-z ]{0,6}\"|[-0-9.e]{1,8}|\\[\\]|\\{\\}|true)\n){0,12}"
    ) {
        let _ = load(&text, &root(), &[]);
    }

    #[test]
    fn loader_survives_mutated_shipped_scenarios(which in 0usize..SHIPPED.len(), e in edits(8)) {
        let text = mutate(&shipped(which), &e);
        let _ = load(&text, &root().join("scenarios"), &[]);
    }

    #[test]
    fn loader_survives_random_overrides(
        which in 0usize..SHIPPED.len(),
        mut overrides in prop::collection::vec(override_strategy(), 1..4),
    ) {
        // Keep runs short whatever was overridden, then run what loads.
        overrides.push("horizon=20m".into());
        let base = root().join("scenarios");
        if let Ok(sc) = from_text(&shipped(which), Path::new("fuzz.toml"), &base, &overrides) {
            let _ = run_seed(&sc, sc.seed());
        }
    }
}
