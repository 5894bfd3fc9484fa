//! Instance pricing and billing.
//!
//! Owns the built-in price table and the billing rule: instances are billed per second
//! (to the microsecond here) at an hourly rate, from launch (default) or from when they
//! become InService (`bill_from`), until they stop or the run ends (docs/aws-semantics.md §4.3).
//!
//! The table is `assets/prices/sagemaker-hosting-on-demand.csv`, built into the binary:
//! one row per instance type and region with the USD per instance-hour, the date of the
//! price and where it was read. They are list prices to re-check against the AWS pricing
//! page before reporting costs; a scenario can always set its own price, and `import-aws
//! --prices FILE` reads a table of the same shape.

use crate::endpoint::fleet::StoppedInstance;
use crate::error::InputError;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The built-in table, as shipped.
pub const BUILTIN_PRICES_CSV: &str =
    include_str!("../assets/prices/sagemaker-hosting-on-demand.csv");
/// Where the built-in table lives in the repository (for messages and comments).
pub const BUILTIN_PRICES_PATH: &str = "assets/prices/sagemaker-hosting-on-demand.csv";

/// One row of a price table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Price {
    /// SageMaker instance type, e.g. `ml.g5.xlarge`.
    pub instance_type: String,
    /// AWS region, e.g. `us-east-1`.
    pub region: String,
    /// On-demand USD per instance-hour.
    pub usd_per_hour: f64,
    /// When the price was read (`YYYY-MM` or a date).
    pub as_of: String,
    /// Where it was read.
    pub source: String,
}

/// A table of instance prices.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    /// The rows, in file order.
    pub rows: Vec<Price>,
}

impl PriceTable {
    /// The built-in table.
    pub fn builtin() -> PriceTable {
        // The shipped file is checked by a test; a broken build of it yields no rows.
        PriceTable::parse(BUILTIN_PRICES_CSV, Path::new(BUILTIN_PRICES_PATH))
            .unwrap_or(PriceTable { rows: Vec::new() })
    }

    /// Read a table with the columns `instance_type,region,usd_per_hour,as_of,source`.
    pub fn load(path: &Path) -> Result<PriceTable, InputError> {
        let text = std::fs::read_to_string(path).map_err(|source| InputError::Read {
            file: path.to_path_buf(),
            source,
        })?;
        PriceTable::parse(&text, path)
    }

    /// Parse the CSV text of a table read from `file`.
    pub fn parse(text: &str, file: &Path) -> Result<PriceTable, InputError> {
        let mut rows = Vec::new();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for (i, row) in reader.deserialize::<Price>().enumerate() {
            let row_error = |message: String| InputError::Row {
                file: file.to_path_buf(),
                row: i as u64 + 2,
                field: None,
                message,
            };
            let price = row.map_err(|e| {
                row_error(format!(
                    "{e}; expected the columns instance_type,region,usd_per_hour,as_of,source"
                ))
            })?;
            if !(price.usd_per_hour.is_finite() && price.usd_per_hour >= 0.0) {
                return Err(InputError::Row {
                    file: file.to_path_buf(),
                    row: i as u64 + 2,
                    field: Some("usd_per_hour".into()),
                    message: format!("{} is not a price in USD per hour", price.usd_per_hour),
                });
            }
            rows.push(price);
        }
        Ok(PriceTable { rows })
    }

    /// The price of `instance_type` in `region`.
    pub fn find(&self, instance_type: &str, region: &str) -> Option<&Price> {
        self.rows
            .iter()
            .find(|p| p.instance_type == instance_type && p.region == region)
    }

    /// The price of `instance_type` in any region, preferring `us-east-1`.
    pub fn find_any_region(&self, instance_type: &str) -> Option<&Price> {
        self.find(instance_type, "us-east-1")
            .or_else(|| self.rows.iter().find(|p| p.instance_type == instance_type))
    }

    /// The instance types of the table, once each, in file order.
    pub fn instance_types(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.rows {
            if !out.contains(&p.instance_type.as_str()) {
                out.push(&p.instance_type);
            }
        }
        out
    }
}

/// The built-in us-east-1 price of `instance_type`, if the table has it.
pub fn list_price(instance_type: &str) -> Option<f64> {
    PriceTable::builtin()
        .find(instance_type, "us-east-1")
        .map(|p| p.usd_per_hour)
}

/// When the billing clock of an instance starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BillFrom {
    /// From launch, cold start included (default).
    #[default]
    Launch,
    /// From the moment the instance is InService.
    InService,
}

/// Accumulates billed instance time.
#[derive(Debug, Clone)]
pub struct Billing {
    bill_from: BillFrom,
    price_per_hour: f64,
    closed_micros: u128,
}

impl Billing {
    /// Billing at `price_per_hour` USD per instance-hour.
    pub fn new(bill_from: BillFrom, price_per_hour: f64) -> Billing {
        Billing {
            bill_from,
            price_per_hour,
            closed_micros: 0,
        }
    }

    fn billed_span(&self, launched: SimTime, in_service: Option<SimTime>, end: SimTime) -> u128 {
        let start = match self.bill_from {
            BillFrom::Launch => Some(launched),
            BillFrom::InService => in_service,
        };
        start.map_or(0, |s| u128::from(end.since(s).0))
    }

    /// An instance stopped: add its billed time.
    pub fn on_stop(&mut self, s: &StoppedInstance) {
        self.closed_micros += self.billed_span(s.launched_at, s.in_service_at, s.stopped_at);
    }

    /// Billed instance-microseconds up to `now`, counting `running` instances (launch and
    /// in-service times) as if they stopped now.
    pub fn billed_micros(
        &self,
        now: SimTime,
        running: impl Iterator<Item = (SimTime, Option<SimTime>)>,
    ) -> u128 {
        self.closed_micros
            + running
                .map(|(l, s)| self.billed_span(l, s, now))
                .sum::<u128>()
    }

    /// Cost in USD of `billed_micros` instance-microseconds.
    pub fn cost_usd(&self, billed_micros: u128) -> f64 {
        billed_micros as f64 / 3.6e9 * self.price_per_hour
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_documented_prices() {
        let table = PriceTable::parse(BUILTIN_PRICES_CSV, Path::new(BUILTIN_PRICES_PATH))
            .expect("the shipped price table parses");
        assert!(table.rows.len() >= 10);
        assert!(table
            .rows
            .iter()
            .all(|p| !p.as_of.is_empty() && !p.source.is_empty()));
        assert_eq!(list_price("ml.g5.xlarge"), Some(1.408));
        assert_eq!(list_price("ml.p5.48xlarge"), Some(113.068));
        assert_eq!(list_price("ml.g4dn.xlarge"), Some(0.7364));
        assert_eq!(list_price("ml.unknown"), None);
    }

    #[test]
    fn a_bad_price_row_names_its_row_and_field() {
        let text = "instance_type,region,usd_per_hour,as_of,source\nml.x,us-east-1,-1,2025,me\n";
        let e = PriceTable::parse(text, Path::new("p.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("p.csv: row 2") && e.contains("usd_per_hour"),
            "{e}"
        );
        let text = "instance_type,price\nml.x,1\n";
        let e = PriceTable::parse(text, Path::new("p.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("row 2") && e.contains("instance_type,region"),
            "{e}"
        );
    }

    #[test]
    fn bills_from_launch_or_in_service() {
        let stop = StoppedInstance {
            slot: 0,
            launched_at: SimTime::from_secs(0),
            in_service_at: Some(SimTime::from_secs(600)),
            stopped_at: SimTime::from_secs(3600),
        };
        let mut launch = Billing::new(BillFrom::Launch, 2.0);
        launch.on_stop(&stop);
        assert_eq!(
            launch.billed_micros(SimTime::from_secs(3600), std::iter::empty()),
            3_600_000_000
        );
        assert!((launch.cost_usd(3_600_000_000) - 2.0).abs() < 1e-12);
        let mut served = Billing::new(BillFrom::InService, 2.0);
        served.on_stop(&stop);
        let never_served = StoppedInstance {
            slot: 0,
            in_service_at: None,
            ..stop
        };
        served.on_stop(&never_served);
        assert_eq!(
            served.billed_micros(SimTime::from_secs(3600), std::iter::empty()),
            3_000_000_000
        );
        let live = [(SimTime::from_secs(1800), Some(SimTime::from_secs(2400)))];
        assert_eq!(
            served.billed_micros(SimTime::from_secs(3600), live.into_iter()),
            3_000_000_000 + 1_200_000_000
        );
    }
}
