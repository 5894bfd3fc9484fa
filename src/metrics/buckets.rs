//! Counts per bucket in the layout of an HDR histogram with 3 significant digits over
//! 1 µs .. [`super::histogram::HIGHEST_MICROS`], recorded with one array increment.
//!
//! Owns the bucket arithmetic only: which bucket a value falls in, and the lowest value and
//! width of a bucket. Bucket `k` of the HDR layout (k ≥ 1) holds 1024 sub-buckets of width 2ᵏ
//! from 1024·2ᵏ to 2048·2ᵏ µs; bucket 0 holds 2048 sub-buckets of 1 µs. The flat index and
//! the values are exactly those of the `hdrhistogram` crate (`Histogram::new_with_bounds(1,
//! HIGHEST_MICROS, 3)`), which the tests check, so quantiles computed here are the ones the
//! crate would give.

/// log2 of the sub-buckets in bucket 0 (2048 = the smallest power of two ≥ 2·10³).
const SUB_BUCKET_MAGNITUDE: u32 = 11;
/// log2 of the sub-buckets used in every bucket after the first.
const HALF_MAGNITUDE: u32 = SUB_BUCKET_MAGNITUDE - 1;
const HALF_COUNT: usize = 1 << HALF_MAGNITUDE;
/// Values below this all land in bucket 0.
const SUB_BUCKET_MASK: u64 = (1 << SUB_BUCKET_MAGNITUDE) - 1;
/// 64 − unit magnitude (0: the unit is 1 µs) − sub-bucket magnitude.
const LEADING_ZERO_COUNT_BASE: u32 = 64 - SUB_BUCKET_MAGNITUDE;

/// Number of counters: 39 buckets of 1024 after the first 2048, as the crate allocates for
/// the bounds above (checked by a test).
pub const LEN: usize = 40_960;

/// The bucket (power of two) of a value.
#[inline(always)]
fn bucket_of(value: u64) -> u32 {
    LEADING_ZERO_COUNT_BASE - (value | SUB_BUCKET_MASK).leading_zeros()
}

/// The flat counter index of `value` (at most `HIGHEST_MICROS`, so it is below [`LEN`]).
#[inline(always)]
pub fn index_of(value: u64) -> usize {
    let bucket = bucket_of(value);
    let sub_bucket = (value >> bucket) as usize;
    (((bucket + 1) as usize) << HALF_MAGNITUDE) + sub_bucket - HALF_COUNT
}

/// The lowest value of counter `index` and the width of its range of equal values.
pub fn range_of(index: usize) -> (u64, u64) {
    let mut bucket = (index >> HALF_MAGNITUDE) as i64 - 1;
    let mut sub_bucket = (index & (HALF_COUNT - 1)) + HALF_COUNT;
    if bucket < 0 {
        sub_bucket -= HALF_COUNT;
        bucket = 0;
    }
    let low = (sub_bucket as u64) << bucket;
    (low, 1u64 << bucket_of(low))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::histogram::HIGHEST_MICROS;
    use hdrhistogram::Histogram;

    fn reference() -> Histogram<u64> {
        Histogram::new_with_bounds(1, HIGHEST_MICROS, 3).unwrap()
    }

    #[test]
    fn same_layout_as_the_hdrhistogram_crate() {
        let h = reference();
        assert_eq!(h.distinct_values(), LEN);
        assert!(index_of(HIGHEST_MICROS) < LEN);
        let mut values: Vec<u64> = (0..5000).collect();
        let mut v = 5000u64;
        while v < HIGHEST_MICROS {
            values.extend([v - 1, v, v + 1, v + v / 3]);
            v = v * 2 - v / 7;
        }
        values.push(HIGHEST_MICROS);
        for v in values.into_iter().filter(|&v| v <= HIGHEST_MICROS) {
            let i = index_of(v);
            let (low, width) = range_of(i);
            assert_eq!(low, h.lowest_equivalent(v), "lowest of {v}");
            assert_eq!(width, h.equivalent_range(v), "width of {v}");
            assert!(low <= v && v - low < width, "{v} in [{low}, +{width})");
            assert_eq!(index_of(low), i);
            assert_eq!(index_of(low + width - 1), i);
        }
    }
}
