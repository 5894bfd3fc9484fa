//! Robustness: property tests over random valid scenarios, fuzz-style tests of every input
//! reader, and an overload test, one module each.
//!
//! Every proptest here runs with a fixed ChaCha seed and no failure persistence, so a CI run
//! is the same every time. The fuzz targets only check that readers return `Ok` or an error
//! and never panic; the property tests check invariants the engine must keep on any valid
//! scenario. This module holds what they share: the proptest configuration and random edits
//! of a text.

mod fuzz_aws;
mod fuzz_csv;
mod fuzz_scenarios;
mod overload;
mod properties;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, RngSeed};

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
