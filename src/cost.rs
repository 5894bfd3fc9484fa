//! Instance pricing and billing.
//!
//! Owns the built-in price table and the billing rule: instances are billed per second
//! (to the microsecond here) at an hourly rate, from launch (default) or from when they
//! become InService (`bill_from`), until they stop or the run ends (spec 4.3).
//!
//! The table holds on-demand us-east-1 list prices for SageMaker real-time/async hosting
//! as collected in the spec (4.4). They are list prices to re-check against the AWS
//! pricing page before reporting costs; a scenario can always set its own price.

use crate::endpoint::fleet::StoppedInstance;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Built-in on-demand prices, USD per instance-hour (us-east-1; re-check before use).
pub const PRICE_TABLE: &[(&str, f64)] = &[
    ("ml.c5.xlarge", 0.204),
    ("ml.g4dn.xlarge", 0.7364),
    ("ml.g5.xlarge", 1.408),
    ("ml.m5.xlarge", 0.23),
    ("ml.p3.2xlarge", 3.825),
];

/// The built-in price of `instance_type`, if the table has it.
pub fn list_price(instance_type: &str) -> Option<f64> {
    PRICE_TABLE
        .iter()
        .find(|(name, _)| *name == instance_type)
        .map(|&(_, p)| p)
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
        assert_eq!(list_price("ml.g5.xlarge"), Some(1.408));
        assert_eq!(list_price("ml.g4dn.xlarge"), Some(0.7364));
        assert_eq!(list_price("ml.unknown"), None);
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
