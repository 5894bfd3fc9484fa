//! scalesim: a discrete-event simulator and cost model for autoscaling policies of
//! inference endpoints that scale to zero.
//!
//! ```text
//! scenario.toml ──scenario::load──▶ Scenario { SimConfig, policy spec }
//!        (serde → --set overrides → validate: every issue with file:line:col)
//!                                        │
//!                    Simulation::new(&SimConfig, seed, policy)
//!   loop: minute boundaries (samples → datapoint → delay → policy → ScalableTarget guard)
//!         then queue events FIFO: Arrival · InstanceReady · ServiceDone · ExpiryCheck
//!                                        │ Observer hooks (no I/O in the engine)
//!                     report::files::RunWriter ─▶ timeseries.csv, activities.csv,
//!                                                 requests.csv, summary.json
//! ```
//!
//! Modules: [`time`] (integer µs clock, durations), [`rng`] (seeded streams),
//! [`workload`] (arrival processes, traces), [`distribution`] (service and cold-start times),
//! [`endpoint`] (backlog, fleet), [`policy`] (the policy seam and simple policies),
//! [`aws`] (Application Auto Scaling and CloudWatch rules), [`metrics`], [`cost`],
//! [`sim`] (the engine), [`scenario`] (input), [`report`] (output), [`cli`].
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
