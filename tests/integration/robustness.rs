//! Property tests over random scenarios, fuzz-style robustness of every input reader, and an
//! overload test.
//!
//! Every proptest here runs with a fixed ChaCha seed and no failure persistence, so a CI run
//! is the same every time. The fuzz targets only check that readers return `Ok` or an error
//! and never panic; the property tests check invariants the engine must keep on any valid
//! scenario.

use crate::common::{assert_conservation, run_seed, scenario};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, RngSeed};
use scalesim::aws::import::{import, AwsCliJsonSpec};
use scalesim::rng::{stream_rng, Stream};
use scalesim::scenario::from_text;
use scalesim::sim::observer::Outcome;
use scalesim::time::Duration;
use scalesim::workload::{ArrivalModel, ArrivalSpec, CountsSpec, LoadContext, Spread, TraceSpec};
use std::path::{Path, PathBuf};

/// Deterministic proptest configuration: fixed seed, ChaCha, no persistence files.
fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        source_file: Some(file!()),
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(text: &str, base_dir: &Path, overrides: &[String]) -> bool {
    from_text(text, Path::new("fuzz.toml"), base_dir, overrides).is_ok()
}

// ---------------------------------------------------------------------------------------
// 1. Properties of random valid scenarios
// ---------------------------------------------------------------------------------------

/// Generated parameters of one scenario.
#[derive(Debug, Clone)]
struct Params {
    seed: u64,
    horizon_min: u32,
    arrival: u8,
    rate_milli: u32,
    burst_count: u32,
    burst_every_s: Option<u32>,
    service: u8,
    service_mean_ms: u32,
    cv_pct: u32,
    concurrency: u32,
    min: u32,
    max: u32,
    ttl_s: u32,
    timeout_s: u32,
    cold_s: u32,
    policy: u8,
    target_pct: u32,
    drain: bool,
    bill_launch: bool,
    /// 0 async, 1 real-time IC, 2 keep-alive (queue), 3 keep-alive (reject), 4 KEDA,
    /// 5 Knative, 6 HPA.
    platform: u8,
}

fn params() -> impl Strategy<Value = Params> {
    let a = (
        any::<u64>(),
        5u32..=180,
        0u8..4,
        10u32..=2000,
        1u32..=60,
        prop::option::of(60u32..=1800),
        0u8..5,
        100u32..=120_000,
        10u32..=200,
    );
    let b = (
        1u32..=4,
        0u32..=2,
        0u32..=4,
        60u32..=3600,
        1u32..=3600,
        0u32..=900,
        0u8..4,
        50u32..=500,
        any::<bool>(),
        any::<bool>(),
    );
    (a, b, 0u8..7).prop_map(
        |(
            (
                seed,
                horizon_min,
                arrival,
                rate_milli,
                burst_count,
                burst_every_s,
                service,
                service_mean_ms,
                cv_pct,
            ),
            (
                concurrency,
                min,
                max_extra,
                ttl_s,
                timeout_s,
                cold_s,
                policy,
                target_pct,
                drain,
                bill_launch,
            ),
            platform,
        )| {
            let min = if platform == 6 { min.max(1) } else { min };
            let max = (min.max(1) + max_extra).min(5);
            Params {
                seed,
                horizon_min,
                arrival,
                rate_milli,
                burst_count,
                burst_every_s,
                service,
                service_mean_ms,
                cv_pct,
                concurrency,
                min,
                max,
                ttl_s,
                timeout_s,
                cold_s,
                policy,
                target_pct,
                drain,
                bill_launch,
                platform,
            }
        },
    )
}

/// The scenario's TOML text.
fn render(p: &Params) -> String {
    let rate = f64::from(p.rate_milli) / 1000.0;
    let mut t = format!(
        "seed = {}\nhorizon = \"{}m\"\n\n[[arrivals]]\n",
        p.seed >> 1,
        p.horizon_min
    );
    match p.arrival {
        0 => t += &format!("kind = \"poisson\"\nrate_per_s = {rate}\n"),
        1 => {
            t += &format!(
                "kind = \"burst\"\nat = \"90s\"\ncount = {}\n",
                p.burst_count
            );
            if let Some(e) = p.burst_every_s {
                t += &format!("every = \"{e}s\"\n");
            }
        }
        2 => {
            t += &format!(
            "kind = \"schedule\"\nperiod = \"30m\"\nsteps = [{{ at = \"0s\", rate_per_s = {} }}, \
                 {{ at = \"10m\", rate_per_s = {rate} }}, {{ at = \"20m\", rate_per_s = 0.0 }}]\n",
            rate / 4.0
        )
        }
        _ => {
            t += &format!(
                "kind = \"mmpp\"\nrate_high_per_s = {rate}\nrate_low_per_s = {}\n\
                 mean_high = \"2m\"\nmean_low = \"10m\"\n",
                rate / 20.0
            )
        }
    }
    let mean = p.service_mean_ms;
    let cv = f64::from(p.cv_pct) / 100.0;
    t += "\n[service]\n";
    t += &match p.service {
        0 => format!("kind = \"deterministic\"\nvalue = \"{mean}ms\"\n"),
        1 => format!("kind = \"exponential\"\nmean = \"{mean}ms\"\n"),
        2 => format!("kind = \"lognormal\"\nmean = \"{mean}ms\"\ncv = {cv}\n"),
        3 => format!("kind = \"gamma\"\nmean = \"{mean}ms\"\ncv = {cv}\n"),
        _ => format!(
            "kind = \"uniform\"\nmin = \"{}ms\"\nmax = \"{mean}ms\"\n",
            mean / 2
        ),
    };
    t += &format!(
        "\n[endpoint]\nmax_concurrent_invocations_per_instance = {}\nrequest_ttl = \"{}s\"\n\
         invocation_timeout = \"{}s\"\nscale_in_mode = \"{}\"\nbill_from = \"{}\"\n\n\
         [endpoint.cold_start]\nprovisioning = {{ kind = \"deterministic\", value = \"{}s\" }}\n\n\
         [capacity]\nmin = {}\nmax = {}\n\n",
        p.concurrency,
        p.ttl_s,
        p.timeout_s,
        if p.drain { "drain" } else { "kill_requeue" },
        if p.bill_launch {
            "launch"
        } else {
            "in_service"
        },
        p.cold_s,
        p.min,
        p.max,
    );
    t += &platform_tables(p);
    if p.platform >= 2 {
        return t;
    }
    t += "[policy]\n";
    let target = f64::from(p.target_pct) / 100.0;
    // idle_timeout cannot leave zero on a real-time endpoint (it is refused there).
    let kind = if p.platform == 1 && p.policy == 1 {
        0
    } else {
        p.policy
    };
    let policy = match kind {
        0 => "kind = \"fixed\"\n".to_string(),
        1 => "kind = \"idle_timeout\"\nidle_timeout = \"5m\"\n".to_string(),
        _ => {
            let mut s = format!(
                "kind = \"application_auto_scaling\"\n\n[[policy.target_tracking]]\n\
                 policy_name = \"tt\"\nmetric_name = \"ApproximateBacklogSizePerInstance\"\n\
                 target_value = {target}\nscale_in_cooldown = \"300s\"\nscale_out_cooldown = \"60s\"\n"
            );
            if kind == 3 {
                s += "\n[[policy.step_scaling]]\npolicy_name = \"from-zero\"\n\
                      adjustment_type = \"ChangeInCapacity\"\nmetric_aggregation_type = \"Average\"\n\
                      cooldown = \"300s\"\n\
                      step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]\n\n\
                      [policy.step_scaling.alarm]\nalarm_name = \"hbwc\"\n\
                      metric_name = \"HasBacklogWithoutCapacity\"\nstatistic = \"Average\"\n\
                      period = \"60s\"\nevaluation_periods = 2\ndatapoints_to_alarm = 2\n\
                      threshold = 1.0\ncomparison_operator = \"GreaterThanOrEqualToThreshold\"\n\
                      treat_missing_data = \"missing\"\n";
            }
            s
        }
    };
    if p.platform == 1 {
        t += &policy
            .replace(
                "ApproximateBacklogSizePerInstance",
                "ConcurrentRequestsPerCopy",
            )
            .replace("HasBacklogWithoutCapacity", "NoCapacityInvocationFailures")
            .replace("statistic = \"Average\"", "statistic = \"Sum\"");
    } else {
        t += &policy;
    }
    t
}

/// The `[platform]` and `[client]` tables of `p`, with the `[policy]` table for the
/// platforms that bring their own (keep-alive, Kubernetes); the SageMaker platforms get
/// their AWS policy afterwards.
fn platform_tables(p: &Params) -> String {
    let retry = "\n[client]\nmax_attempts = 4\nbackoff = \"10s\"\nmax_backoff = \"40s\"\n";
    let keep_alive = |at_limit: &str| {
        format!(
            "[policy]\nkind = \"fixed\"\n\n[platform]\nkind = \"keep_alive\"\nkeep_alive = \"{}s\"\n\
             provisioned_instances = {}\nmax_instances = {}\nat_limit = \"{at_limit}\"\n{retry}",
            p.cold_s * 2,
            p.min,
            p.max
        )
    };
    let kubernetes =
        |policy: &str| format!("[policy]\n{policy}\n[platform]\nkind = \"kubernetes\"\n");
    match p.platform {
        1 => format!(
            "[platform]\nkind = \"sagemaker_realtime\"\ncopies_per_instance = 2\n\
             instance_launch = \"30s\"\ninstance_release_delay = \"2m\"\n{retry}\n"
        ),
        2 => keep_alive("queue"),
        3 => keep_alive("reject"),
        4 => kubernetes("kind = \"keda\"\ntarget = 2.0\n"),
        5 => kubernetes("kind = \"knative\"\n"),
        6 => kubernetes("kind = \"hpa\"\ntarget = 1.5\n"),
        _ => String::new(),
    }
}

proptest! {
    #![proptest_config(config(64, 0x5ca1e51))]

    #[test]
    fn random_scenarios_keep_invariants(p in params()) {
        let text = render(&p);
        let sc = scenario(&text);
        let (s, c) = run_seed(&sc, p.seed);
        assert_conservation(&s);
        prop_assert_eq!(s.requests.arrived as usize, c.requests.len() + s.requests.in_system_at_end as usize);

        for m in &c.minutes {
            prop_assert!(
                (p.min..=p.max).contains(&m.desired),
                "minute {}: desired {} outside [{}, {}]\n{}", m.minute, m.desired, p.min, p.max, text
            );
        }
        for r in &c.requests {
            prop_assert!(r.finish >= r.arrival, "{:?}", r);
            if let Some(start) = r.start {
                prop_assert!(start >= r.arrival, "{:?}", r);
                prop_assert!(r.finish >= start, "{:?}", r);
            }
            if r.outcome == Outcome::Completed {
                let start = r.start.expect("a completed request started");
                // Times are whole microseconds: allow half a tick of rounding.
                let processing = (r.finish.as_secs_f64()) - start.as_secs_f64();
                let latency = r.finish.as_secs_f64() - r.arrival.as_secs_f64();
                prop_assert!(processing >= r.service_s - 1e-6, "{:?}\n{}", r, text);
                prop_assert!(latency >= r.service_s - 1e-6, "{:?}\n{}", r, text);
            }
        }
        prop_assert!(
            // Inference components: busy hours are copy-hours, at most copies per host ×
            // host-hours.
            s.instance_hours * if p.platform == 1 { 2.0 } else { 1.0 } + 1e-9 >= s.busy_instance_hours,
            "instance_hours {} < busy {}\n{}", s.instance_hours, s.busy_instance_hours, text
        );
        let (again, _) = run_seed(&sc, p.seed);
        prop_assert_eq!(&s, &again, "same seed, different summary\n{}", text);
    }
}

proptest! {
    #![proptest_config(config(6, 0x0007_e572))]

    /// A sweep over a random scenario writes the same bytes on 1 and 2 threads.
    #[test]
    fn random_sweeps_are_identical_on_one_and_two_threads(p in params()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = render(&p);
        std::fs::write(dir.path().join("base.toml"), &text).expect("write base");
        let sweep_text = format!(
            "base = \"base.toml\"\nreplications = 2\n[grid]\n\"capacity.max\" = [{}, {}]\n",
            p.max,
            p.max + 1
        );
        let file = dir.path().join("s.toml");
        let sw = scalesim::sweep::from_text(&sweep_text, &file).expect("sweep loads");
        let mut outputs = Vec::new();
        for jobs in [1, 2] {
            let out = dir.path().join(format!("jobs{jobs}"));
            let opts = scalesim::sweep::SweepOptions {
                out: out.clone(),
                jobs,
                resume: false,
                shard: None,
                slo: None,
                charts: None,
                progress: false,
                stop: None,
            };
            scalesim::sweep::run_sweep(&sw, &opts).expect("sweep runs");
            outputs.push((
                std::fs::read(out.join("sweep.csv")).expect("sweep.csv"),
                std::fs::read(out.join("points.jsonl")).expect("points.jsonl"),
            ));
        }
        prop_assert!(outputs[0] == outputs[1], "1 and 2 threads differ\n{}", text);
    }
}

// ---------------------------------------------------------------------------------------
// 2. Fuzz-style robustness: readers return Ok or an error, never panic
// ---------------------------------------------------------------------------------------

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

/// One edit of a text: 0 delete, 1 insert, 2 replace the character at a position.
type Edit = (u8, prop::sample::Index, char);

fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        prop::sample::select(
            "0123456789=\"'[]{}.,-_ \n\r\t#ehmsdu+eE"
                .chars()
                .collect::<Vec<_>>()
        ),
    ]
}

fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0u8..3, any::<prop::sample::Index>(), interesting_char()),
        1..max,
    )
}

fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (op, at, c) in edits {
        let n = chars.len();
        match op {
            0 if n > 0 => {
                chars.remove(at.index(n));
            }
            2 if n > 0 => chars[at.index(n)] = *c,
            _ => chars.insert(at.index(n + 1), *c),
        }
    }
    chars.into_iter().collect()
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

// AWS CLI JSON importer.

const AWS_FILES: &[&str] = &[
    "01-register-scalable-target.json",
    "02-put-scaling-policy-backlog-tt.json",
    "03-put-scaling-policy-scale-from-zero.json",
    "04-put-metric-alarm-has-backlog-without-capacity.json",
    "05-put-scheduled-action-weekday-warm.json",
    "06-put-scheduled-action-weekday-cold.json",
];

fn aws_fixture(i: usize) -> String {
    let p = root().join("tests/fixtures/aws").join(AWS_FILES[i]);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn aws_spec() -> AwsCliJsonSpec {
    AwsCliJsonSpec {
        register_scalable_target: AWS_FILES[0].into(),
        put_scaling_policy: vec![AWS_FILES[1].into(), AWS_FILES[2].into()],
        put_metric_alarm: vec![AWS_FILES[3].into()],
        put_scheduled_action: vec![AWS_FILES[4].into(), AWS_FILES[5].into()],
        cooldown_clock: Default::default(),
    }
}

/// JSON values to put in place of a leaf of a fixture.
const JSON_VALUES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "-1e308",
    "4294967296",
    "18446744073709551616",
    "0.5",
    "null",
    "true",
    "\"\"",
    "\"cron(0 25 * * ? *)\"",
    "\"cron(* * * * * *)\"",
    "\"at(9999-12-31T23:59:59)\"",
    "\"at(2024-02-30T00:00:00)\"",
    "\"rate(0 minutes)\"",
    "\"rate(-1 hours)\"",
    "\"cron(0 8 ? * MON-FRI *)\"",
    "\"endpoint//variant/\"",
    "[]",
    "{}",
    "[{}]",
];

/// Replace the `n`-th leaf (in document order) of `v` by `new`.
fn replace_leaf(v: &mut serde_json::Value, n: &mut usize, new: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => m.values_mut().any(|x| replace_leaf(x, n, new)),
        serde_json::Value::Array(a) => a.iter_mut().any(|x| replace_leaf(x, n, new)),
        leaf => {
            if *n == 0 {
                *leaf = new.clone();
                true
            } else {
                *n -= 1;
                false
            }
        }
    }
}

fn count_leaves(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => m.values().map(count_leaves).sum(),
        serde_json::Value::Array(a) => a.iter().map(count_leaves).sum(),
        _ => 1,
    }
}

fn leaf_edit() -> impl Strategy<Value = (usize, prop::sample::Index, &'static str)> {
    (
        0usize..AWS_FILES.len(),
        any::<prop::sample::Index>(),
        prop::sample::select(JSON_VALUES),
    )
}

fn write_aws(dir: &Path, files: &[String]) {
    for (name, text) in AWS_FILES.iter().zip(files) {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }
}

proptest! {
    #![proptest_config(config(200, 0xa75))]

    #[test]
    fn aws_import_survives_byte_mutations(which in 0usize..AWS_FILES.len(), e in edits(6)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut files: Vec<String> = (0..AWS_FILES.len()).map(aws_fixture).collect();
        files[which] = mutate(&files[which], &e);
        write_aws(dir.path(), &files);
        let _ = import(&aws_spec(), dir.path());
    }

    #[test]
    fn aws_import_survives_value_mutations(changes in prop::collection::vec(leaf_edit(), 1..4)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut docs: Vec<serde_json::Value> = (0..AWS_FILES.len())
            .map(|i| serde_json::from_str(&aws_fixture(i)).expect("fixture is JSON"))
            .collect();
        for (file, at, value) in &changes {
            let new: serde_json::Value = serde_json::from_str(value).expect("value is JSON");
            let leaves = count_leaves(&docs[*file]).max(1);
            let mut n = at.index(leaves);
            replace_leaf(&mut docs[*file], &mut n, &new);
        }
        let files: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
        write_aws(dir.path(), &files);
        let _ = import(&aws_spec(), dir.path());
    }
}

// Trace and counts readers on random CSV files.

const CELLS: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "1.5",
    "  3 ",
    "1e308",
    "-1e308",
    "1e-300",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967296",
    "1700000000",
    "1700000000000",
    "2024-01-01 00:00:00",
    "2024-01-01 00:00:00.123456",
    "2024-02-30 00:00:00",
    "9999-12-31 23:59:59",
    "0000-01-01 00:00:00",
    "-262144-01-01 00:00:00",
    "+262143-12-31 23:59:59",
    "2024-01-01T00:00:00Z",
    "\"quoted, with comma\"",
    "\"unterminated",
    "a,b",
    "\u{feff}",
    "é",
];

const FORMATS: &[&str] = &[
    "epoch_s",
    "epoch_ms",
    "epoch_us",
    "offset_s",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%s",
    "%Y",
    "",
    "%",
    "%Q",
];

#[derive(Debug, Clone)]
struct Csv {
    bom: bool,
    crlf: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    trailing_newline: bool,
}

fn csv_strategy() -> impl Strategy<Value = Csv> {
    let name = prop_oneof![
        4 => prop::sample::select(vec!["t", "n", "x", "", "T"]).prop_map(str::to_string),
        1 => "[a-zA-Z \"]{0,4}",
    ];
    let cell = prop_oneof![
        4 => prop::sample::select(CELLS).prop_map(str::to_string),
        1 => "[0-9.eE+-]{0,22}",
        1 => ".{0,8}",
    ];
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(name, 0..4),
        prop::collection::vec(prop::collection::vec(cell, 0..4), 0..12),
        any::<bool>(),
    )
        .prop_map(|(bom, crlf, header, rows, trailing_newline)| Csv {
            bom,
            crlf,
            header,
            rows,
            trailing_newline,
        })
}

/// A time cell in `format` for `k` seconds after 2024-01-01 (or as an offset).
fn time_cell(format: &str, k: u64) -> String {
    let (d, r) = (k / 86_400, k % 86_400);
    let (h, m, sec) = (r / 3600, (r / 60) % 60, r % 60);
    match format {
        "epoch_s" => format!("{}", 1_704_067_200 + k),
        "epoch_ms" => format!("{}", (1_704_067_200 + k) * 1000),
        "epoch_us" => format!("{}", (1_704_067_200 + k) * 1_000_000),
        "offset_s" => format!("{}.25", k),
        "%Y-%m-%dT%H:%M:%SZ" => format!("2024-01-{:02}T{h:02}:{m:02}:{sec:02}Z", 1 + d % 28),
        _ => format!("2024-01-{:02} {h:02}:{m:02}:{sec:02}", 1 + d % 28),
    }
}

/// A mostly valid file: header with `t` and `n`, rows of times in `format` and counts, with
/// now and then one cell replaced by something odd. Also fits `empirical` (column `t` or `n`).
fn structured_csv() -> impl Strategy<Value = (Csv, &'static str)> {
    let row = (
        0u64..200_000,
        prop_oneof![9 => 0u64..50, 1 => Just(u64::MAX)],
        prop_oneof![
            15 => Just(None),
            1 => (0usize..3, prop::sample::select(CELLS)).prop_map(Some),
        ],
    );
    (
        prop::sample::select(&FORMATS[..7]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(row, 1..40),
        any::<bool>(),
    )
        .prop_map(|(format, bom, crlf, extra, rows, trailing_newline)| {
            let mut header = vec!["t".to_string(), "n".to_string()];
            if extra {
                header.insert(1, "x".into());
            }
            let rows = rows
                .into_iter()
                .map(|(k, n, odd)| {
                    let mut r = vec![time_cell(format, k), n.to_string()];
                    if extra {
                        r.insert(1, "tokens".into());
                    }
                    if let Some((i, cell)) = odd {
                        let i = i % r.len();
                        r[i] = cell.to_string();
                    }
                    r
                })
                .collect();
            let csv = Csv {
                bom,
                crlf,
                header,
                rows,
                trailing_newline,
            };
            (csv, format)
        })
}

/// A random or a structured file, with its time format.
fn any_csv() -> impl Strategy<Value = (Csv, &'static str)> {
    prop_oneof![
        (csv_strategy(), prop::sample::select(FORMATS)),
        structured_csv(),
    ]
}

fn render_csv(c: &Csv) -> String {
    let eol = if c.crlf { "\r\n" } else { "\n" };
    let mut lines = vec![c.header.join(",")];
    lines.extend(c.rows.iter().map(|r| r.join(",")));
    let mut s = if c.bom {
        "\u{feff}".to_string()
    } else {
        String::new()
    };
    s += &lines.join(eol);
    if c.trailing_newline {
        s += eol;
    }
    s
}

/// Build `spec` and draw a bounded number of arrivals from it.
fn build_and_stream(spec: &ArrivalSpec, dir: &Path) {
    let ctx = LoadContext {
        base_dir: dir,
        service_columns: None,
    };
    let built = ArrivalModel::build(spec, "arrivals[0]", &ctx);
    if let Ok((model, _warnings)) = built {
        let _ = model.mean_rate_per_s();
        let _ = model.last_time();
        let mut rng = stream_rng(1, Stream::Arrivals, 0);
        let mut stream = model.stream();
        let mut last = None;
        for _ in 0..2000 {
            let Some(a) = stream.next_arrival(&mut rng) else {
                break;
            };
            assert!(last.is_none_or(|l| a.time >= l), "arrival times decrease");
            last = Some(a.time);
        }
    }
}

fn opt_cell() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        8 => Just(None),
        1 => prop::sample::select(CELLS).prop_map(|c| Some(c.to_string())),
    ]
}

fn trace_spec(format: &str, origin: Option<String>, speedup: Option<f64>) -> ArrivalSpec {
    ArrivalSpec::Trace(TraceSpec {
        path: "f.csv".into(),
        time_column: "t".into(),
        time_format: format.into(),
        origin,
        speedup,
    })
}

proptest! {
    #![proptest_config(config(200, 0x7ace))]

    #[test]
    fn trace_reader_survives_random_csv(
        (csv, format) in any_csv(),
        origin in opt_cell(),
        speedup in prop_oneof![
            6 => Just(None),
            2 => prop::sample::select(vec![1.0, 3.5, 1e-3, 1e6]).prop_map(Some),
            1 => prop::sample::select(vec![0.0, -1.0, 1e-300, 1e300, f64::NAN, f64::INFINITY]).prop_map(Some),
        ],
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f.csv"), render_csv(&csv)).expect("write");
        build_and_stream(&trace_spec(format, origin, speedup), dir.path());
    }

    #[test]
    fn counts_reader_survives_random_csv(
        (csv, format) in any_csv(),
        origin in opt_cell(),
        interval in prop_oneof![
            6 => prop::sample::select(vec![60.0, 1.0, 3600.0, 0.5, 1e-6]),
            1 => prop::sample::select(vec![0.0, -1.0, 1e-9, 1e12, 1e300, f64::NAN]),
        ],
        poisson in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f.csv"), render_csv(&csv)).expect("write");
        let spec = ArrivalSpec::Counts(CountsSpec {
            path: "f.csv".into(),
            time_column: "t".into(),
            count_column: "n".into(),
            time_format: format.into(),
            interval: Duration::from_secs(interval),
            spread: if poisson { Spread::Poisson } else { Spread::Uniform },
            origin,
        });
        build_and_stream(&spec, dir.path());
    }

    #[test]
    fn empirical_samples_survive_random_files(
        (mut csv, _format) in any_csv(),
        column in prop::option::of(prop::sample::select(vec!["t", "n", "", "missing"])),
        single in any::<bool>(),
    ) {
        if single {
            // One value per line (the format without `column`): keep the last column.
            csv.header.truncate(csv.header.len().min(1));
            for r in &mut csv.rows {
                if let Some(last) = r.pop() {
                    *r = vec![last];
                }
            }
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f.csv"), render_csv(&csv)).expect("write");
        let column = column.map_or(String::new(), |c| format!("column = \"{c}\"\n"));
        let text = format!(
            "horizon = \"10m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.2\n\
             [service]\nkind = \"empirical\"\npath = \"f.csv\"\n{column}\
             [endpoint]\ninvocation_timeout = \"1h\"\n[endpoint.cold_start]\n\
             [capacity]\nmin = 1\nmax = 1\n"
        );
        if let Ok(sc) = from_text(&text, Path::new("fuzz.toml"), dir.path(), &[]) {
            // Whatever the samples, a short run completes and conserves requests.
            let _ = run_seed(&sc, 1);
        }
    }
}

// ---------------------------------------------------------------------------------------
// 3. Overload: the TTL bounds the backlog
// ---------------------------------------------------------------------------------------

#[test]
fn overload_backlog_is_bounded_by_ttl() {
    let rate: f64 = 5.0;
    let ttl_s: f64 = 60.0;
    let sc = scenario(
        r#"
        seed = 11
        horizon = "2h"
        [[arrivals]]
        kind = "poisson"
        rate_per_s = 5.0
        [service]
        kind = "deterministic"
        value = "10s"
        [endpoint]
        max_concurrent_invocations_per_instance = 1
        request_ttl = "60s"
        [capacity]
        min = 1
        max = 1
        [policy]
        kind = "fixed"
        "#,
    );
    let (s, c) = run_seed(&sc, sc.seed());
    assert_conservation(&s);
    assert!(s.requests.expired > 0, "{:?}", s.requests);
    assert!(s.requests.completed > 0, "{:?}", s.requests);
    // Capacity is 0.1 req/s: nearly everything expires.
    assert!(
        s.requests.expired > s.requests.completed * 10,
        "{:?}",
        s.requests
    );
    let peak = c.minutes.iter().map(|m| m.queued).max().unwrap_or(0);
    // A request waits at most the TTL, so the queue holds at most the arrivals of the last
    // TTL: Poisson with mean rate × TTL = 300; six standard deviations of margin.
    let mean = rate * ttl_s;
    let bound = mean + 6.0 * mean.sqrt();
    assert!(
        f64::from(peak) <= bound,
        "peak backlog {peak} above {bound}"
    );
    assert!(
        f64::from(peak) >= mean * 0.8,
        "peak backlog {peak} suspiciously low"
    );
}
