//! The Pareto frontier of cost against latency: the points no other point beats on both.
//!
//! Point a dominates b when a costs no more and is no slower, and is strictly better on at
//! least one. The frontier is every point that nothing dominates (two points with the same
//! cost and latency are both on it), sorted by cost, then latency, then index. Points with a
//! missing or non-finite coordinate (no completed request) take no part.

/// One candidate: its index, cost and latency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Point index.
    pub index: usize,
    /// Mean cost (USD).
    pub cost: f64,
    /// Mean latency statistic (s).
    pub latency: f64,
}

/// The indices of the non-dominated candidates, cheapest first.
pub fn frontier(candidates: &[Candidate]) -> Vec<usize> {
    let mut c: Vec<Candidate> = candidates
        .iter()
        .copied()
        .filter(|c| c.cost.is_finite() && c.latency.is_finite())
        .collect();
    c.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(a.latency.total_cmp(&b.latency))
            .then(a.index.cmp(&b.index))
    });
    let mut out = Vec::new();
    // Lowest latency among strictly cheaper points.
    let mut best_cheaper = f64::INFINITY;
    let mut i = 0;
    while i < c.len() {
        // One group of equal cost, sorted by latency: only its fastest can be on the frontier.
        let group_end = c[i..]
            .iter()
            .position(|x| x.cost != c[i].cost)
            .map_or(c.len(), |p| i + p);
        let fastest = c[i].latency;
        if fastest < best_cheaper {
            out.extend(
                c[i..group_end]
                    .iter()
                    .take_while(|x| x.latency == fastest)
                    .map(|x| x.index),
            );
            best_cheaper = fastest;
        }
        i = group_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(index: usize, cost: f64, latency: f64) -> Candidate {
        Candidate {
            index,
            cost,
            latency,
        }
    }

    /// Brute force: not dominated by anyone.
    fn brute(c: &[Candidate]) -> Vec<usize> {
        let mut v: Vec<&Candidate> = c
            .iter()
            .filter(|a| a.cost.is_finite() && a.latency.is_finite())
            .filter(|a| {
                !c.iter().any(|b| {
                    b.cost <= a.cost
                        && b.latency <= a.latency
                        && (b.cost < a.cost || b.latency < a.latency)
                })
            })
            .collect();
        v.sort_by(|a, b| {
            a.cost
                .total_cmp(&b.cost)
                .then(a.latency.total_cmp(&b.latency))
                .then(a.index.cmp(&b.index))
        });
        v.iter().map(|a| a.index).collect()
    }

    #[test]
    fn hand_made_frontier() {
        let pts = [
            cand(0, 10.0, 100.0),   // frontier
            cand(1, 12.0, 100.0),   // dominated by 0 (same latency, dearer)
            cand(2, 20.0, 50.0),    // frontier
            cand(3, 20.0, 60.0),    // dominated by 2 (same cost, slower)
            cand(4, 30.0, 10.0),    // frontier
            cand(5, 35.0, 40.0),    // dominated by 4
            cand(6, 5.0, 500.0),    // frontier: cheapest
            cand(7, 30.0, 10.0),    // ties with 4: both on it
            cand(8, 1.0, f64::NAN), // no latency: left out
        ];
        assert_eq!(frontier(&pts), vec![6, 0, 2, 4, 7]);
        assert_eq!(frontier(&pts), brute(&pts));
        assert!(frontier(&[]).is_empty());
    }

    #[test]
    fn matches_brute_force_on_a_lattice() {
        // Small integer coordinates make many ties.
        let pts: Vec<Candidate> = (0..60)
            .map(|i| cand(i, ((i * 7) % 11) as f64, ((i * 5) % 13) as f64))
            .collect();
        assert_eq!(frontier(&pts), brute(&pts));
    }
}
