//! Run outputs: the files in the output folder and the table on stdout.
//!
//! [`files::RunWriter`] is an observer that streams `timeseries.csv`, `activities.csv` and
//! (on request) `requests.csv` while the engine runs, and writes `summary.json` at the end;
//! every file is written atomically. [`table`] renders the stdout summary. Number formats
//! are fixed, so the same seed gives byte-identical files.

pub mod atomic;
pub mod files;
pub mod table;
