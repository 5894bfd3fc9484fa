//! Tests of `cron`: parsing, minute matching, next-firing search and impossible expressions,
//! one module each. This module holds the helpers and constants they share.
//!
//! Hand-computed timestamps start from 2024-01-01T00:00Z = 1_704_067_200 (a Monday) and add
//! 86_400 per day, 3_600 per hour, 60 per minute.

mod firings;
mod impossible_and_malformed;
mod parsing;

use super::*;
use crate::aws::schedule::parse_civil;
use crate::civil::civil_from_days;

/// Unix seconds of a UTC civil time `yyyy-mm-ddThh:mm:ss`.
fn ts(s: &str) -> i64 {
    parse_civil(s).unwrap().unix_seconds()
}

fn cron(s: &str) -> Cron {
    Cron::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

/// Every firing of `c` in `[from, until)`, by repeated `next_at_or_after`.
fn firings(c: &Cron, from: i64, until: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut t = from;
    while let Some(f) = c.next_at_or_after(t, until) {
        out.push(f);
        t = f + 60;
    }
    out
}

const JAN1_2024: i64 = 1_704_067_200;
const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
