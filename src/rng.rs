//! Seeded random streams.
//!
//! Owns the choice of generator and how independent streams are derived from one seed.
//! The generator is `Xoshiro256PlusPlus` (rand 0.10), whose output is portable and
//! stable across platforms; `StdRng`/`SmallRng` are never used because their algorithm may
//! change between releases.
//!
//! Each random source gets its own stream, derived from `(seed, stream, index)` with
//! SplitMix64 mixing. Arrivals, service times and cold starts therefore never share draws:
//! two policies run on the same scenario and seed see exactly the same requests (common
//! random numbers), however differently they launch instances.

use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;

/// The one random generator type used by the simulation.
pub type SimRng = Xoshiro256PlusPlus;

/// The independent random sources of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Arrival times of one arrival source (index = the source's position in the scenario).
    Arrivals,
    /// Service times of requests, drawn in arrival order.
    Service,
    /// Cold-start stage durations, drawn in launch order.
    ColdStart,
    /// Anything a later model needs (e.g. client retries), by index.
    Other,
}

impl Stream {
    fn tag(self) -> u64 {
        match self {
            Stream::Arrivals => 0x4152_5249_5645,  // "ARRIVE"
            Stream::Service => 0x5345_5256_4943,   // "SERVIC"
            Stream::ColdStart => 0x434f_4c44_5354, // "COLDST"
            Stream::Other => 0x4f54_4845_5253,     // "OTHERS"
        }
    }
}

/// SplitMix64 finaliser: a bijective mix with good avalanche.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator for `stream` number `index` of a run seeded with `seed`.
pub fn stream_rng(seed: u64, stream: Stream, index: u64) -> SimRng {
    let key = splitmix64(splitmix64(seed ^ stream.tag()).wrapping_add(index));
    SimRng::seed_from_u64(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map(|_| stream_rng(7, Stream::Service, 0).random())
            .collect();
        assert!(
            a.windows(2).all(|w| w[0] == w[1]),
            "same (seed, stream) gives same first draw"
        );
        let mut x = stream_rng(7, Stream::Service, 0);
        let mut y = stream_rng(7, Stream::Arrivals, 0);
        let mut z = stream_rng(7, Stream::Arrivals, 1);
        let mut w = stream_rng(8, Stream::Service, 0);
        let draws: Vec<u64> = vec![x.random(), y.random(), z.random(), w.random()];
        for i in 0..draws.len() {
            for j in i + 1..draws.len() {
                assert_ne!(draws[i], draws[j]);
            }
        }
    }

    /// Value stability: the stream derivation and generator are part of the output format.
    /// If this changes, every golden file and published figure changes with it.
    #[test]
    fn value_stability_of_first_draw() {
        let mut r = stream_rng(42, Stream::Arrivals, 0);
        let first: u64 = r.random();
        let mut again = stream_rng(42, Stream::Arrivals, 0);
        assert_eq!(first, again.random::<u64>());
        // Pinned so that an accidental change of algorithm or derivation is caught.
        assert_eq!(first, STABLE_FIRST_DRAW);
    }

    const STABLE_FIRST_DRAW: u64 = 5_810_187_695_791_500_772;
}
