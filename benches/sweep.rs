//! Sweep benchmarks (criterion): a 64-point sweep (8 target values × 8 maximum capacities)
//! of `scenarios/bench-week-10rps.toml` cut to one hour (about 36,000 requests per run), one
//! replication, on 1 thread and on 2 threads, so the parallel speed-up reads off the two
//! figures. Only the runs are timed (no files are written).
//!
//! `cargo bench --bench sweep`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scalesim::report::progress::Progress;
use scalesim::sweep::{self, exec::execute};
use std::path::Path;
use std::time::Duration;

fn sweep_64(c: &mut Criterion) {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench-week-10rps.toml");
    let text = format!(
        "base = {:?}\nset = {{ horizon = \"1h\" }}\n[grid]\n\
         \"policy.target_tracking[0].target_value\" = [0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0]\n\
         \"capacity.max\" = [10, 15, 20, 25, 30, 35, 40, 50]\n",
        base.to_string_lossy()
    );
    let s = sweep::from_text(&text, Path::new("bench-sweep.toml")).expect("bench sweep is valid");
    assert_eq!(s.points.len(), 64);
    let runs: Vec<u64> = (0..s.runs()).collect();
    let mut g = c.benchmark_group("sweep_64_points");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(runs.len() as u64));
    for jobs in [1usize, 2] {
        g.bench_function(format!("{jobs}_thread"), |b| {
            b.iter(|| execute(&s, &runs, jobs, &Progress::none(), None, |_| Ok(())).expect("runs"))
        });
    }
    g.finish();
}

criterion_group!(benches, sweep_64);
criterion_main!(benches);
