//! scalesim: a discrete-event simulator and cost model for autoscaling policies of
//! inference endpoints that scale to zero (SageMaker asynchronous endpoints under
//! Application Auto Scaling, real-time endpoints with inference components, Kubernetes
//! HPA/KEDA/Knative, keep-alive).
//!
//! # Architecture
//!
//! Data flows one way. The AWS behaviour the engine and the policies reproduce is described
//! rule by rule in `docs/aws-semantics.md` (the code cites it as `docs/aws-semantics.md §N.N`),
//! the AWS JSON the importers read in `docs/aws-inputs.md`.
//!
//! ```text
//! scenario.toml ─▶ scenario::load: parse (serde, --set overrides, RawScenario)
//!                  ─▶ aws_import (kind = "aws_cli_json": the AWS CLI JSON files)
//!                  ─▶ validate (every issue with file:line:col) ─▶ SimConfig + PolicyConfig
//!                  ─▶ normalise (what `scalesim validate` prints)
//!                                       │ Simulation::new(&SimConfig, seed, policy)
//!                                       ▼
//! sim::Simulation, a thin loop (step / run_until / run) over five parts:
//!   arrivals ─▶ endpoint (backlog, fleet, PlatformRules of platform::*) ─▶ statistics
//!   publication: gauge samples ─▶ per-minute datapoints (metrics::minute) ─▶ delay
//!   control: at each minute boundary the datapoints go to the policy seam
//!            (policy::ScalingPolicy: aws::autoscaling, k8s::*, policy::idle_timeout, …)
//!            whose ScalingActions pass the policy::target::ScalableTarget guard
//!            ([min, max], scaling activities) and are carried out on the endpoint
//!                                       │ Observer hooks (the engine does no I/O)
//!                                       ▼
//! report: RunWriter ─▶ timeseries.csv, activities.csv, requests.csv, summary.json;
//!         charts, report.html, the stdout table; RunSummary for compare / sweep
//! ```
//!
//! Inside the engine ([`sim`]) each part owns one concern: `arrivals` (the sources and
//! their next arrival), `endpoint` (backlog, fleet, platform state), `control` (policy,
//! scalable target, open activities, ticks), `publication` (the minute being accumulated
//! and the publication delay) and `statistics` (outcomes, latency, billing, the summary);
//! `requests` and `scaling` glue them. Same-instant order is in [`sim::event`]. The engine
//! never names a platform ([`platform::PlatformRules`] decides admission, placement,
//! billing and scale-in order) nor a policy (the seam in [`policy`]).
//!
//! | module | owns |
//! | --- | --- |
//! | [`scenario`] | scenario files: parse, `--set` overrides, AWS JSON import, validation, normalised form |
//! | [`workload`] | arrival processes and traces |
//! | [`distribution`] | random durations: service times and cold starts |
//! | [`sim`] | the discrete-event engine: event queue, clock, minute boundaries, observer hooks |
//! | [`endpoint`] | backlog, fleet of instances or copies, hosts under the copies |
//! | [`platform`] | the serving platforms and their rules ([`platform::PlatformRules`]), one file each |
//! | [`metrics`] | per-minute CloudWatch-style metrics, latency histograms, run totals |
//! | [`policy`] | the policy seam ([`policy::ScalingPolicy`]), the scalable-target guard, simple policies |
//! | [`aws`] | CloudWatch alarms and Application Auto Scaling; AWS CLI JSON in and out |
//! | [`k8s`] | Kubernetes HPA, KEDA and Knative KPA behind the policy seam |
//! | [`cost`] | instance prices and billing |
//! | [`report`] | output files, charts, HTML report, stdout table |
//! | [`explain`] | "why did it (not) scale?" from the policy's per-minute decisions |
//! | [`sweep`] | parameter grids, replications, per-point summaries |
//! | [`recorded`] | what AWS recorded of a real endpoint (CLI output JSON): read, and written from a run |
//! | [`importer`] | `import-aws`: a scenario from a recorded endpoint |
//! | [`replay`] | the recorded window in whole UTC minutes and its capacity |
//! | [`backtest`] | replay a record and score the simulation against it |
//! | [`calibrate`] | search the inferred (`[I]`) settings against a record |
//! | [`chart`] | SVG and PNG charts |
//! | [`cli`] | the command line, one module per subcommand |
//! | [`time`], [`rng`], [`civil`] | integer µs clock and durations, seeded streams, calendar dates |
//! | [`error`], [`provenance`], [`theory`] | input errors, where a result came from, closed-form queueing checks |
#![forbid(unsafe_code)]

pub mod aws;
pub mod backtest;
pub mod calibrate;
pub mod chart;
pub mod civil;
pub mod cli;
pub mod cost;
pub mod distribution;
pub mod endpoint;
pub mod error;
pub mod explain;
pub mod importer;
pub mod k8s;
pub mod metrics;
pub mod platform;
pub mod policy;
pub mod provenance;
pub mod recorded;
pub mod replay;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sweep;
pub mod theory;
pub mod time;
pub mod workload;
