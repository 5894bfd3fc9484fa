//! Arrival processes: when requests reach the endpoint.
//!
//! Owns the scenario input for `[[arrivals]]` ([`ArrivalSpec`]), its validation into an
//! immutable [`ArrivalModel`], and the per-run [`ArrivalStream`] that yields arrival times
//! (and, for traces with service columns, per-request service times) in non-decreasing
//! order. Each kind lives in its own file: `poisson`, `schedule`, `burst`, `mmpp`, `trace`
//! (one timestamp per request) and `counts` (requests per interval). `spec` holds the serde
//! input types and shared field checks; `csvfile` and `timefmt` the CSV and timestamp
//! handling shared by the two file-backed kinds.
//!
//! Models hold no per-run state and clone cheaply (file data sits behind `Arc`). A stream
//! never owns its random generator: the engine passes one [`SimRng`] per source, so two runs
//! with the same seed see the same arrivals whatever else happens in the simulation.
//!
//! Synthetic sources keep their clock as absolute `f64` seconds and convert to ticks once per
//! arrival from that absolute value (never by summing rounded gaps), so rounding does not
//! drift: the error of an arrival time is at most half a microsecond plus the `f64` rounding
//! of the running sum (below a nanosecond for runs shorter than a few years).

mod burst;
mod counts;
mod csvfile;
mod mmpp;
mod poisson;
mod raw;
mod schedule;
mod spec;
mod timefmt;
mod trace;

pub use counts::{CountsSpec, Spread};
pub use raw::{validate_arrivals, MAX_EXPECTED_REQUESTS};
pub(crate) use spec::{check_duration, check_rate, time_from_secs, MAX_SECS};
pub use spec::{ArrivalSpec, MmppState, RateStep};
pub use trace::{ServiceColumns, TraceSpec};

use crate::rng::SimRng;
use crate::time::{SimDuration, SimTime};

/// Where to find files named by a spec, and what per-request data to read from them.
#[derive(Debug, Clone, Copy)]
pub struct LoadContext<'a> {
    /// Directory that relative trace paths are resolved against (the scenario's folder).
    pub base_dir: &'a std::path::Path,
    /// Columns that give each request's service time; only `trace` sources can supply them.
    pub service_columns: Option<&'a ServiceColumns>,
}

/// Why an arrival source could not be built: the one error shape of every input section.
pub use crate::error::BuildError;

/// One request arriving.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrival {
    /// When it arrives.
    pub time: SimTime,
    /// Its service time, when the source carries one per request (trace service columns).
    pub service: Option<SimDuration>,
}

/// A validated arrival source. Clone is cheap (file data behind `Arc`). Holds no per-run state.
#[derive(Debug, Clone)]
pub struct ArrivalModel {
    kind: ModelKind,
}

#[derive(Debug, Clone)]
enum ModelKind {
    Poisson(poisson::PoissonModel),
    Schedule(schedule::ScheduleModel),
    Burst(burst::BurstModel),
    Mmpp(mmpp::MmppModel),
    Trace(trace::TraceModel),
    Counts(counts::CountsModel),
}

impl ArrivalModel {
    /// Validate `spec`, collecting every issue (paths prefixed by `path`, e.g.
    /// `arrivals[2].rate_per_s`), and load files relative to `ctx.base_dir`.
    ///
    /// Returns the model and warnings (e.g. "trace rows were out of order and were sorted").
    /// Service columns in `ctx` are read by `trace` sources only; that every source of a
    /// scenario is then a trace is checked once, by [`validate_arrivals`].
    pub fn build(
        spec: &ArrivalSpec,
        path: &str,
        ctx: &LoadContext,
    ) -> Result<(ArrivalModel, Vec<String>), BuildError> {
        let mut issues = Vec::new();
        let mut warnings = Vec::new();
        let kind = match spec {
            ArrivalSpec::Poisson { rate_per_s } => {
                poisson::PoissonModel::build(*rate_per_s, path, &mut issues).map(ModelKind::Poisson)
            }
            ArrivalSpec::Schedule { period, steps } => {
                schedule::ScheduleModel::build(*period, steps, path, &mut issues)
                    .map(ModelKind::Schedule)
            }
            ArrivalSpec::Burst { at, count, every } => {
                burst::BurstModel::build(*at, *count, *every, path, &mut issues)
                    .map(ModelKind::Burst)
            }
            ArrivalSpec::Mmpp {
                rate_high_per_s,
                rate_low_per_s,
                mean_high,
                mean_low,
                start,
            } => mmpp::MmppModel::build(
                [*rate_high_per_s, *rate_low_per_s],
                [*mean_high, *mean_low],
                *start,
                path,
                &mut issues,
            )
            .map(ModelKind::Mmpp),
            ArrivalSpec::Trace(t) => {
                trace::TraceModel::build(t, path, ctx, &mut issues, &mut warnings)?
                    .map(ModelKind::Trace)
            }
            ArrivalSpec::Counts(c) => {
                counts::CountsModel::build(c, path, ctx, &mut issues, &mut warnings)?
                    .map(ModelKind::Counts)
            }
        };
        match kind {
            Some(kind) if issues.is_empty() => Ok((ArrivalModel { kind }, warnings)),
            _ => Err(BuildError::Invalid(issues)),
        }
    }

    /// A fresh per-run stream positioned at time 0.
    pub fn stream(&self) -> ArrivalStream {
        let inner = match &self.kind {
            ModelKind::Poisson(m) => StreamKind::Poisson(m.stream()),
            ModelKind::Schedule(m) => StreamKind::Schedule(m.stream()),
            ModelKind::Burst(m) => StreamKind::Burst(m.stream()),
            ModelKind::Mmpp(m) => StreamKind::Mmpp(m.stream()),
            ModelKind::Trace(m) => StreamKind::Trace(m.stream()),
            ModelKind::Counts(m) => StreamKind::Counts(m.stream()),
        };
        ArrivalStream { inner }
    }

    /// Long-run mean arrival rate in requests per second (for sizing checks and reports).
    ///
    /// Poisson: the rate. Schedule: the time-average over one period, or the last step's
    /// rate if not periodic. Burst: `count / every`, or 0 for a single burst. MMPP: the
    /// stationary average. Trace: arrivals / last arrival time (0 if all are at time 0).
    /// Counts: total count / end of the last interval.
    pub fn mean_rate_per_s(&self) -> f64 {
        match &self.kind {
            ModelKind::Poisson(m) => m.mean_rate_per_s(),
            ModelKind::Schedule(m) => m.mean_rate_per_s(),
            ModelKind::Burst(m) => m.mean_rate_per_s(),
            ModelKind::Mmpp(m) => m.mean_rate_per_s(),
            ModelKind::Trace(m) => m.mean_rate_per_s(),
            ModelKind::Counts(m) => m.mean_rate_per_s(),
        }
    }

    /// For file sources, the latest time an arrival can have: the last timestamp of a trace,
    /// or just before the end of the last interval of a counts file. `None` for synthetic sources.
    pub fn last_time(&self) -> Option<SimTime> {
        match &self.kind {
            ModelKind::Trace(m) => Some(m.last_time()),
            ModelKind::Counts(m) => Some(m.last_time()),
            _ => None,
        }
    }
}

/// Per-run iterator state of one arrival source. The random generator is passed in to
/// [`ArrivalStream::next_arrival`] (one generator per source, owned by the engine).
#[derive(Debug, Clone)]
pub struct ArrivalStream {
    inner: StreamKind,
}

#[derive(Debug, Clone)]
enum StreamKind {
    Poisson(poisson::PoissonStream),
    Schedule(schedule::ScheduleStream),
    Burst(burst::BurstStream),
    Mmpp(mmpp::MmppStream),
    Trace(trace::TraceStream),
    Counts(counts::CountsStream),
}

impl ArrivalStream {
    /// The next arrival, or `None` when the source is exhausted. Times never decrease.
    /// O(1) amortised, no allocation.
    #[inline]
    pub fn next_arrival(&mut self, rng: &mut SimRng) -> Option<Arrival> {
        let time = match &mut self.inner {
            StreamKind::Poisson(s) => s.next(rng),
            StreamKind::Schedule(s) => s.next(rng),
            StreamKind::Burst(s) => s.next(),
            StreamKind::Mmpp(s) => s.next(rng),
            StreamKind::Trace(s) => return s.next(),
            StreamKind::Counts(s) => s.next(rng),
        }?;
        Some(Arrival {
            time,
            service: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream_rng, Stream};
    use crate::time::Duration;
    use std::path::Path;

    fn ctx() -> LoadContext<'static> {
        LoadContext {
            base_dir: Path::new("."),
            service_columns: None,
        }
    }

    #[test]
    fn issues_are_collected_with_paths() {
        let spec = ArrivalSpec::Mmpp {
            rate_high_per_s: f64::NAN,
            rate_low_per_s: -1.0,
            mean_high: Duration(0.0),
            mean_low: Duration(1.0),
            start: MmppState::High,
        };
        let Err(BuildError::Invalid(issues)) = ArrivalModel::build(&spec, "arrivals[2]", &ctx())
        else {
            panic!("expected issues")
        };
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "arrivals[2].rate_high_per_s",
                "arrivals[2].rate_low_per_s",
                "arrivals[2].mean_high"
            ]
        );
        let text = BuildError::Invalid(issues).to_string();
        assert!(text.contains("3 problem(s)"), "{text}");
    }

    #[test]
    fn same_seed_same_sequence() {
        let specs = [
            ArrivalSpec::Poisson { rate_per_s: 50.0 },
            ArrivalSpec::Schedule {
                period: Some(Duration(10.0)),
                steps: vec![
                    RateStep {
                        at: Duration(0.0),
                        rate_per_s: 30.0,
                    },
                    RateStep {
                        at: Duration(4.0),
                        rate_per_s: 0.0,
                    },
                ],
            },
            ArrivalSpec::Burst {
                at: Duration(1.0),
                count: 3,
                every: Some(Duration(2.0)),
            },
            ArrivalSpec::Mmpp {
                rate_high_per_s: 100.0,
                rate_low_per_s: 1.0,
                mean_high: Duration(1.0),
                mean_low: Duration(5.0),
                start: MmppState::Low,
            },
        ];
        for (i, spec) in specs.iter().enumerate() {
            let (model, _) = ArrivalModel::build(spec, "a", &ctx()).unwrap();
            let run = |m: &ArrivalModel| {
                let mut rng = stream_rng(99, Stream::Arrivals, i as u64);
                let mut s = m.stream();
                (0..2000)
                    .map(|_| s.next_arrival(&mut rng))
                    .collect::<Vec<_>>()
            };
            let a = run(&model);
            assert_eq!(a, run(&model.clone()), "{spec:?}");
            assert!(a
                .windows(2)
                .all(|w| w[0].unwrap().time <= w[1].unwrap().time));
            let mut other = stream_rng(100, Stream::Arrivals, i as u64);
            let mut s = model.stream();
            let b: Vec<_> = (0..2000).map(|_| s.next_arrival(&mut other)).collect();
            if i != 2 {
                assert_ne!(a, b, "a different seed changes random sources");
            }
        }
    }

    #[test]
    fn real_azure_code_trace() {
        // The trace ships with the repository; a missing file fails the build of the spec.
        let spec = ArrivalSpec::Trace(TraceSpec {
            path: "scenarios/traces/azure-llm-inference-2023-code.csv".into(),
            time_column: "TIMESTAMP".into(),
            time_format: "%Y-%m-%d %H:%M:%S%.f".into(),
            origin: None,
            speedup: None,
        });
        let cols = ServiceColumns {
            base_s: 0.2,
            per_unit_s: vec![
                ("ContextTokens".into(), 1e-5),
                ("GeneratedTokens".into(), 0.01),
            ],
        };
        let c = LoadContext {
            base_dir: Path::new(env!("CARGO_MANIFEST_DIR")),
            service_columns: Some(&cols),
        };
        let (model, warnings) = ArrivalModel::build(&spec, "arrivals[0]", &c).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let mut rng = stream_rng(0, Stream::Arrivals, 0);
        let mut s = model.stream();
        let arrivals: Vec<Arrival> = std::iter::from_fn(|| s.next_arrival(&mut rng)).collect();
        assert_eq!(model.last_time(), Some(arrivals[arrivals.len() - 1].time));
        // The README says 8,818 rows, but the file holds 8,819 data rows (CRLF endings, no
        // final newline, so `wc -l` counts 8,819 lines including the header).
        assert_eq!(arrivals.len(), 8819);
        assert_eq!(arrivals[0].time, SimTime::ZERO);
        assert!(arrivals.windows(2).all(|w| w[0].time <= w[1].time));
        assert!(arrivals.iter().all(|a| a.service.is_some()));
        let last = arrivals[arrivals.len() - 1].time.as_secs_f64();
        assert!(last > 3000.0 && last < 3700.0, "about one hour: {last}");
    }
}
