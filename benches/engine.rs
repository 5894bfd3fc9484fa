//! Engine benchmarks (criterion). Figures and the commands that measured them are in
//! benches/README.md.
//!
//! - `week_10rps`: the whole simulation of `scenarios/bench-week-10rps.toml` (a week of
//!   Poisson traffic at 10 requests/s, ~6 million requests), reported as requests per
//!   second of wall time on one core.
//! - `platform_week`: the same week of traffic on the other platforms — keep-alive (a new
//!   instance per request that finds none idle) and Knative on Kubernetes (a policy tick
//!   every 2 s) — to show what each platform's mechanism costs.
//! - `event_queue`: push/pop of the event queue at a steady size.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use scalesim::scenario;
use scalesim::sim::queue::EventQueue;
use scalesim::sim::Simulation;
use scalesim::time::SimTime;
use std::path::Path;
use std::time::Duration;

fn week_10rps(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench-week-10rps.toml");
    let sc = scenario::load(&path, &[]).expect("bench scenario is valid");
    let requests = Simulation::new(&sc.sim, 1, sc.build_policy())
        .run(&mut ())
        .requests
        .arrived;
    let mut g = c.benchmark_group("engine");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Elements(requests));
    g.bench_function("week_10rps", |b| {
        b.iter(|| Simulation::new(&sc.sim, 1, sc.build_policy()).run(&mut ()))
    });
    g.finish();
}

fn platform_week(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench-week-10rps.toml");
    let variants: [(&str, &[&str]); 2] = [
        (
            "keep_alive",
            &[
                "platform={kind=\"keep_alive\", keep_alive=\"10m\", max_instances=50}",
                "policy={kind=\"fixed\"}",
                "capacity={}",
            ],
        ),
        (
            "knative",
            &[
                "platform={kind=\"kubernetes\"}",
                "policy={kind=\"knative\", scale_down_delay=\"5m\"}",
            ],
        ),
    ];
    let mut g = c.benchmark_group("platform_week");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15));
    for (name, overrides) in variants {
        let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        let sc = scenario::load(&path, &overrides).expect("bench variant is valid");
        let requests = Simulation::new(&sc.sim, 1, sc.build_policy())
            .run(&mut ())
            .requests
            .arrived;
        g.throughput(Throughput::Elements(requests));
        g.bench_function(name, |b| {
            b.iter(|| Simulation::new(&sc.sim, 1, sc.build_policy()).run(&mut ()))
        });
    }
    g.finish();
}

fn event_queue(c: &mut Criterion) {
    let mut g = c.benchmark_group("event_queue");
    const N: u64 = 100_000;
    g.throughput(Throughput::Elements(N));
    g.bench_function("push_pop_steady_1000", |b| {
        b.iter_batched(
            || {
                let mut q = EventQueue::default();
                for i in 0..1000u64 {
                    q.push(SimTime(i * 7919 % 10_000), i);
                }
                q
            },
            |mut q| {
                for i in 0..N {
                    let (t, _) = q.pop().unwrap_or((SimTime(0), 0));
                    q.push(SimTime(t.0 + 1 + (i * 7919) % 10_000), i);
                }
                q
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, week_10rps, platform_week, event_queue);
criterion_main!(benches);
