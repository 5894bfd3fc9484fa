//! Engine benchmarks (criterion). Figures and the commands that measured them are in
//! benches/README.md.
//!
//! - `week_10rps`: the whole simulation of `scenarios/bench-week-10rps.toml` (a week of
//!   Poisson traffic at 10 requests/s, ~6 million requests), reported as requests per
//!   second of wall time on one core.
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

criterion_group!(benches, week_10rps, event_queue);
criterion_main!(benches);
