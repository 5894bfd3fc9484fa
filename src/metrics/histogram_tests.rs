//! Unit tests of the latency distribution: nearest-rank quantiles, exact below the limit,
//! the stated error above it, merging, agreement with the hdrhistogram crate.

use super::*;
use crate::rng::{stream_rng, Stream};
use rand::RngExt;
use rand_distr::Exp1;

/// An exponential duration of mean `mean_micros`.
fn exponential(rng: &mut crate::rng::SimRng, mean_micros: f64) -> u64 {
    let e: f64 = rng.sample(Exp1);
    (e * mean_micros) as u64
}

/// The nearest-rank quantile of sorted `values`, straight from the definition.
fn exact(sorted: &[u64], q: f64) -> u64 {
    let n = sorted.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    sorted[rank - 1]
}

const QUANTILES: [f64; 9] = [0.0, 0.001, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0];

#[test]
fn nearest_rank_on_a_hand_checked_sample() {
    let mut s = DurationStats::new();
    for v in [5u64, 1, 4, 2, 3, 10, 9, 8, 7, 6] {
        s.record(SimDuration::from_secs(v));
    }
    assert!(s.is_exact());
    assert_eq!(s.relative_error(), 0.0);
    // n = 10: rank ⌈q·10⌉ of 1..=10 s.
    for (q, want) in [
        (0.0, 1.0),
        (0.1, 1.0),
        (0.11, 2.0),
        (0.5, 5.0),
        (0.9, 9.0),
        (0.91, 10.0),
        (0.99, 10.0),
        (1.0, 10.0),
    ] {
        assert_eq!(s.quantile_secs(q), want, "q = {q}");
    }
    // 0.99 × 100 rounds to a hair above 99 in binary; the rank is still 99.
    assert_eq!(nearest_rank(0.99, 100), 99);
    assert_eq!(nearest_rank(0.9, 10), 9);
    assert_eq!(nearest_rank(0.0, 0), 1);
}

#[test]
fn exact_below_the_limit_on_a_seeded_exponential_sample() {
    let mut rng = stream_rng(11, Stream::Other, 0);
    let mut s = DurationStats::new();
    let mut values: Vec<u64> = (0..EXACT_LIMIT)
        .map(|_| exponential(&mut rng, 2e6))
        .collect();
    for &v in &values {
        s.record(SimDuration(v));
    }
    assert!(s.is_exact(), "exactly EXACT_LIMIT values stay exact");
    values.sort_unstable();
    for q in QUANTILES {
        assert_eq!(
            s.quantile_secs(q),
            exact(&values, q) as f64 / 1e6,
            "q = {q}"
        );
    }
    s.record(SimDuration(1));
    assert!(!s.is_exact(), "one more switches to the histogram");
    assert_eq!(s.relative_error(), HISTOGRAM_RELATIVE_ERROR);
}

#[test]
fn within_the_stated_error_above_the_limit_on_a_million_values() {
    // Exponential, mean 2 s, plus a tail of long values and exact zeros: 1e6 values.
    let mut rng = stream_rng(12, Stream::Other, 0);
    let mut values: Vec<u64> = (0..1_000_000)
        .map(|i| match i % 1000 {
            0 => 0,
            1 => rng.random_range(1_000_000_000..100_000_000_000),
            _ => exponential(&mut rng, 2e6),
        })
        .collect();
    let mut s = DurationStats::new();
    for &v in &values {
        s.record(SimDuration(v));
    }
    assert!(!s.is_exact());
    values.sort_unstable();
    let mut worst: f64 = 0.0;
    for q in QUANTILES
        .into_iter()
        .chain((1..100).map(|k| k as f64 / 100.0))
    {
        let want = exact(&values, q) as f64;
        let got = s.quantile_secs(q) * 1e6;
        let rel = if want == 0.0 {
            got
        } else {
            (got - want).abs() / want
        };
        assert!(
            rel <= HISTOGRAM_RELATIVE_ERROR,
            "q = {q}: got {got} µs, exact {want} µs, relative error {rel}"
        );
        worst = worst.max(rel);
    }
    const { assert!(HISTOGRAM_RELATIVE_ERROR < 0.001, "the issue asks for 0.1 %") };
    // The bound is not vacuous: the midpoint is not the exact value.
    assert!(worst > 0.0);
    assert_eq!(s.max_secs(), *values.last().unwrap() as f64 / 1e6);
    let mean = values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64 / 1e6;
    assert!((s.mean_secs() - mean).abs() < 1e-9);
    assert_eq!(s.heap_bytes(), HISTOGRAM_BYTES);
}

#[test]
fn empty_is_zero_and_merge_adds() {
    let mut a = DurationStats::new();
    assert_eq!(a.quantile_secs(0.99), 0.0);
    assert!(a.cdf_points().is_empty());
    let mut b = DurationStats::new();
    b.record(SimDuration::from_secs(3));
    a.record(SimDuration::from_secs(1));
    a.merge(&b);
    assert_eq!(a.count(), 2);
    assert_eq!(a.mean_secs(), 2.0);
    assert_eq!(a.max_secs(), 3.0);
    assert!(a.is_exact());
    assert_eq!(a.cdf_points(), vec![(1.0, 0.5), (3.0, 1.0)]);
}

#[test]
fn merging_past_the_limit_switches_and_keeps_every_value() {
    let mut a = DurationStats::new();
    let mut b = DurationStats::new();
    for i in 0..EXACT_LIMIT as u64 {
        a.record(SimDuration(1_000 + i));
        b.record(SimDuration(100_000 + i));
    }
    let mut big = DurationStats::new();
    for i in 0..EXACT_LIMIT as u64 + 1 {
        big.record(SimDuration(5_000_000 + i));
    }
    a.merge(&b);
    assert!(!a.is_exact());
    assert_eq!(a.count(), 2 * EXACT_LIMIT as u64);
    // The median is the largest of a's values: 1000 + 65535 µs.
    let median = a.quantile_secs(0.5) * 1e6;
    assert!((median - 66_535.0).abs() <= 66_535.0 * HISTOGRAM_RELATIVE_ERROR);
    let mut c = DurationStats::new();
    c.record(SimDuration(7));
    c.merge(&big);
    assert!(!c.is_exact());
    assert_eq!(c.count(), EXACT_LIMIT as u64 + 2);
    assert_eq!(
        c.quantile_secs(0.0),
        7e-6,
        "the exact minimum bounds the result"
    );
    let cdf = c.cdf_points();
    assert_eq!(cdf.last(), Some(&(c.max_secs(), 1.0)));
    assert!(cdf.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
}

/// Quantiles and CDF points are those the `hdrhistogram` crate gives for the same values
/// (the middle of the nearest-rank bucket; the bucket's upper edge), clamped as documented.
#[test]
fn same_results_as_the_hdrhistogram_crate() {
    use hdrhistogram::Histogram;
    let mut rng = stream_rng(13, Stream::Other, 0);
    let mut reference = Histogram::<u64>::new_with_bounds(1, HIGHEST_MICROS, 3).unwrap();
    let mut s = DurationStats::new();
    for i in 0..200_000u64 {
        let v = match i % 500 {
            0 => 0,
            1 => rng.random_range(1_000_000_000..HIGHEST_MICROS + 1_000),
            _ => exponential(&mut rng, 2e6),
        };
        s.record(SimDuration(v));
        reference.saturating_record(v.min(HIGHEST_MICROS));
    }
    assert!(!s.is_exact());
    for q in QUANTILES
        .into_iter()
        .chain((1..1000).map(|k| k as f64 / 1000.0))
    {
        let rank = nearest_rank(q, s.count());
        let mut seen = 0;
        let bucket = reference
            .iter_recorded()
            .find_map(|v| {
                seen += v.count_at_value();
                (seen >= rank).then(|| v.value_iterated_to())
            })
            .unwrap();
        let want = reference
            .median_equivalent(bucket)
            .clamp(s.min_micros, s.max_micros);
        assert_eq!(s.quantile_micros(q), want, "q = {q}");
    }
    let mut seen = 0;
    let want: Vec<(f64, f64)> = reference
        .iter_recorded()
        .map(|v| {
            seen += v.count_at_value();
            let upper = reference
                .highest_equivalent(v.value_iterated_to())
                .min(s.max_micros);
            (upper as f64 / 1e6, seen as f64 / s.count() as f64)
        })
        .collect();
    assert_eq!(s.cdf_points(), want);
}
