//! Properties of random valid scenarios on every platform: conservation, capacity within
//! its bounds, causal request times, busy hours within instance hours, the same summary for
//! the same seed, and sweeps that write the same bytes on one and two threads.

use super::config;
use crate::common::{assert_conservation, run_seed, scenario};
use proptest::prelude::*;
use scalesim::sim::observer::Outcome;

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
