//! Run outputs: the files in the output folder, the charts, the HTML report and the table
//! on stdout.
//!
//! [`files::RunWriter`] is an observer that streams `timeseries.csv`, `activities.csv` and
//! (on request) `requests.csv` while the engine runs, and writes `summary.json` at the end;
//! every file is written atomically. [`tee::Tee`] lets one run feed it, a
//! [`recorder::ChartRecorder`] (chart data) and a [`progress::MinuteTracker`] (progress
//! bar) at once. [`charts`] draws the four charts, [`compare`] holds the comparison rows
//! (`compare.csv`, `compare.json`), [`html`] and [`pages`] build the self-contained
//! `report.html` (its interactive charts: [`interactive`] the data model, [`run_charts`]
//! the charts of runs; [`why`], the "Why did it scale?" section), and [`table`] renders the
//! stdout summary. Number formats are fixed, so
//! the same seed gives byte-identical files.

pub mod atomic;
pub mod base64;
pub mod charts;
pub mod compare;
pub mod files;
pub mod html;
pub mod interactive;
pub mod pages;
pub mod progress;
pub mod recorder;
pub mod run_charts;
pub mod table;
pub mod tee;
pub mod why;
