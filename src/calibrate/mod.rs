//! `scalesim calibrate`: find the values of the settings AWS does not document (`[I]`)
//! that best reproduce the user's record, using the backtest's score
//! (`crate::backtest::compare`, 0 = a perfect reproduction).
//!
//! The settings searched ([`knobs`]): `metrics.sample_interval`, `metrics.metric_delay`,
//! and, with Application Auto Scaling, `policy.tt_current_capacity`,
//! `policy.cooldown_clock`, `policy.refuse_while_updating`; then the cold start's mean
//! (the scenario's, scaled by 0.8 to 1.25, its cv kept).
//!
//! The search is coordinate descent: from the scenario's own values, each setting in turn
//! takes the value that scores best with the others held, until a whole round changes
//! nothing (at most [`MAX_ROUNDS`]). The metric delay and the cold start are searched
//! together (every pair), because both decide when new capacity arrives. Each step's candidates are the points of one sweep
//! (`crate::sweep`: every point loaded and validated by the scenario loader, run in
//! parallel on `--jobs` threads, replications on seeds base + 0, 1, ...), and every
//! assignment is run once. Ties keep the current value, so a setting the record cannot
//! tell apart keeps its default.
//!
//! Scores of two assignments are compared seed by seed (the same seeds for every
//! assignment: common random numbers): a value replaces the current one only if it scores
//! better on average by more than [`SETTLED_MARGIN`] and by more than twice the standard
//! error of the paired differences (with two replications or more).
//!
//! "How sure": for each setting, the score of each of its values with every other setting
//! at its best value; the margin is how much worse the second-best value scores, with its
//! standard error. A setting is settled by the record when the margin passes the same
//! test; otherwise the record cannot tell its values apart.
//!
//! `metrics.sample_interval` is not searched when the record has a gauge's `SampleCount`:
//! that measures it directly (`import-aws` sets it from there).
//!
//! The search is here; `evaluate.rs` runs and scores each batch of assignments.

pub mod output;

use crate::backtest::{self, capacity_of, window_of};
use crate::error::InputError;
use crate::recorded::Recorded;
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

/// Replications per assignment by default.
pub const DEFAULT_REPLICATIONS: u32 = 5;
/// Most rounds of coordinate descent.
pub const MAX_ROUNDS: usize = 4;
/// A second-best value scoring less than this much worse than the best leaves the setting
/// unsettled by the record.
pub const SETTLED_MARGIN: f64 = 0.005;

mod evaluate;
use evaluate::evaluate;

/// One setting to search and its candidate values (TOML literals, as `--set` takes them).
mod knobs;
pub use knobs::{knobs, Knob};

/// One evaluated assignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Value of each knob, in knob order.
    pub values: Vec<String>,
    /// Mean score over the replications.
    pub score: f64,
    /// The score of each replication (seeds base + 0, 1, ...).
    pub scores: Vec<f64>,
    /// Share of recorded events matched (mean).
    pub events_matched_share: Option<f64>,
    /// Mean absolute error of capacity (mean).
    pub capacity_mae: f64,
    /// Relative error of instance-hours (mean).
    pub instance_hours_relative_error: Option<f64>,
}

/// Each knob's values scored with the others at their best.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The knob.
    pub key: String,
    /// What it changes.
    pub what: String,
    /// The scenario's value.
    pub current: String,
    /// (value, score), in the knob's order.
    pub scores: Vec<(String, f64)>,
    /// The best value.
    pub best: String,
    /// The second-best value.
    pub second: Option<String>,
    /// Score of the second-best − score of the best (mean over the replications).
    pub margin: Option<f64>,
    /// Standard error of the margin (paired over the replications; None with one).
    pub margin_se: Option<f64>,
    /// Whether the record settles it (margin ≥ [`SETTLED_MARGIN`]).
    pub settled: bool,
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// The knobs, in search order.
    pub knobs: Vec<Knob>,
    /// The best assignment, in knob order.
    pub best: Vec<String>,
    /// Its score.
    pub best_score: f64,
    /// The score of the scenario as it was.
    pub initial_score: f64,
    /// Per knob, how sure.
    pub profiles: Vec<Profile>,
    /// Every assignment run, in the order run.
    pub evaluations: Vec<Evaluation>,
    /// Rounds of coordinate descent.
    pub rounds: usize,
    /// Simulation runs in all.
    pub runs: u64,
    /// Replications per assignment.
    pub replications: u32,
}

/// What the search needs beside the scenario.
pub struct Search<'a> {
    /// The scenario file (the sweeps' base).
    pub scenario: &'a Scenario,
    /// The record.
    pub recorded: &'a Recorded,
    /// Worker threads.
    pub jobs: usize,
    /// Replications per assignment.
    pub replications: u32,
    /// Progress on stderr.
    pub progress: bool,
}

/// The order of the search, in blocks of knobs searched together: the policy's rules
/// first (their effects are large and plain), then the metric delay with the cold start
/// (both move when new capacity arrives, so one can stand in for the other if searched
/// apart), then the sample interval.
fn search_blocks(knobs: &[Knob]) -> Vec<Vec<usize>> {
    let find = |key: &str| knobs.iter().position(|k| k.key == key);
    let mut blocks: Vec<Vec<usize>> = [
        "policy.refuse_while_updating",
        "policy.tt_current_capacity",
        "policy.cooldown_clock",
    ]
    .iter()
    .filter_map(|k| find(k).map(|i| vec![i]))
    .collect();
    let timing: Vec<usize> = ["metrics.metric_delay", "endpoint.cold_start"]
        .iter()
        .filter_map(|k| find(k))
        .collect();
    if !timing.is_empty() {
        blocks.push(timing);
    }
    let placed: Vec<usize> = blocks.iter().flatten().copied().collect();
    for i in 0..knobs.len() {
        if !placed.contains(&i) {
            blocks.push(vec![i]);
        }
    }
    blocks
}

/// Mean and standard error of `b − a`, replication by replication.
fn paired(a: &Evaluation, b: &Evaluation) -> (f64, Option<f64>) {
    let d: Vec<f64> = a.scores.iter().zip(&b.scores).map(|(x, y)| y - x).collect();
    let n = d.len().max(1) as f64;
    let mean = d.iter().sum::<f64>() / n;
    let se = (d.len() > 1).then(|| {
        let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (var / n).sqrt()
    });
    (mean, se)
}

/// Whether `worse − better` (mean, standard error) is a real difference.
fn clearly(mean: f64, se: Option<f64>) -> bool {
    mean > SETTLED_MARGIN && se.is_none_or(|se| mean > 2.0 * se)
}

/// Search the knobs of `search.scenario` (see the module docs).
pub fn calibrate(search: &Search<'_>) -> Result<Calibration, InputError> {
    let sc = search.scenario;
    let window = window_of(sc)?;
    // The same checks as a backtest (platform, overlap with the record).
    backtest::run(sc, search.recorded, sc.seed())?;
    let capacity = capacity_of(sc, search.recorded, &window);
    let knobs = knobs(sc, search.recorded);
    let mut cache: BTreeMap<Vec<String>, Evaluation> = BTreeMap::new();
    let mut order: Vec<Vec<String>> = Vec::new();
    let mut run_points = |points: Vec<Vec<String>>,
                          cache: &mut BTreeMap<Vec<String>, Evaluation>|
     -> Result<(), InputError> {
        let todo: Vec<Vec<String>> =
            points
                .into_iter()
                .filter(|p| !cache.contains_key(p))
                .fold(Vec::new(), |mut acc, p| {
                    if !acc.contains(&p) {
                        acc.push(p);
                    }
                    acc
                });
        if todo.is_empty() {
            return Ok(());
        }
        for e in evaluate(search, &knobs, &todo, &window, &capacity)? {
            order.push(e.values.clone());
            cache.insert(e.values.clone(), e);
        }
        Ok(())
    };
    let blocks = search_blocks(&knobs);
    let initial: Vec<String> = knobs.iter().map(|k| k.current.clone()).collect();
    let mut current = initial.clone();
    let mut rounds = 0;
    for _ in 0..MAX_ROUNDS {
        rounds += 1;
        let mut changed = false;
        for block in &blocks {
            let mut candidates: Vec<Vec<String>> = vec![current.clone()];
            for &k in block {
                candidates = candidates
                    .iter()
                    .flat_map(|p| {
                        knobs[k].values.iter().map(move |v| {
                            let mut q = p.clone();
                            q[k] = v.clone();
                            q
                        })
                    })
                    .collect();
            }
            run_points(candidates.clone(), &mut cache)?;
            let mut best = current.clone();
            for c in &candidates {
                if let (Some(b), Some(e)) = (cache.get(&best), cache.get(c)) {
                    let (gain, se) = paired(e, b);
                    if clearly(gain, se) {
                        best = c.clone();
                    }
                }
            }
            if best != current {
                current = best;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Profiles at the final point (mostly cached already).
    let mut profile_points = Vec::new();
    for (k, knob) in knobs.iter().enumerate() {
        for v in &knob.values {
            let mut p = current.clone();
            p[k] = v.clone();
            profile_points.push(p);
        }
    }
    run_points(profile_points, &mut cache)?;
    let score_of = |p: &Vec<String>| cache.get(p).map_or(f64::INFINITY, |e| e.score);
    let profiles = knobs
        .iter()
        .enumerate()
        .map(|(k, knob)| {
            let scores: Vec<(String, f64)> = knob
                .values
                .iter()
                .map(|v| {
                    let mut p = current.clone();
                    p[k] = v.clone();
                    (v.clone(), score_of(&p))
                })
                .collect();
            let best = current[k].clone();
            let best_eval = cache.get(&current);
            let second = scores
                .iter()
                .filter(|(v, _)| *v != best)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .cloned();
            let (margin, margin_se) = match (&second, best_eval) {
                (Some((v, _)), Some(b)) => {
                    let mut p = current.clone();
                    p[k] = v.clone();
                    match cache.get(&p) {
                        Some(e) => {
                            let (m, se) = paired(b, e);
                            (Some(m), se)
                        }
                        None => (None, None),
                    }
                }
                _ => (None, None),
            };
            Profile {
                key: knob.key.clone(),
                what: knob.what.clone(),
                current: knob.current.clone(),
                scores,
                best,
                second: second.map(|s| s.0),
                margin,
                margin_se,
                settled: margin.is_some_and(|m| clearly(m, margin_se)),
            }
        })
        .collect();
    let evaluations: Vec<Evaluation> = order.iter().filter_map(|p| cache.get(p).cloned()).collect();
    let runs = evaluations.len() as u64 * u64::from(search.replications.max(1));
    Ok(Calibration {
        best_score: score_of(&current),
        initial_score: score_of(&initial),
        best: current,
        knobs,
        profiles,
        evaluations,
        rounds,
        runs,
        replications: search.replications.max(1),
    })
}
