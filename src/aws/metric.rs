//! CloudWatch metric vocabulary: statistics, comparison operators, missing-data treatment.
//!
//! Owns the small enums every alarm and policy shares, with exactly the spellings AWS uses
//! in JSON (docs/aws-semantics.md §5.3, §5.5): [`Statistic`] (`Average`, `Minimum`, `Maximum`,
//! `Sum`, `SampleCount`), [`ComparisonOperator`] (the four static-threshold operators; the three
//! anomaly-band operators of 5.5 are not modelled), [`TreatMissingData`] (`missing`,
//! `ignore`, `breaching`, `notBreaching`, docs/aws-semantics.md §7.3), and [`StatisticSet`], the
//! per-period aggregate CloudWatch keeps for a metric (docs/aws-semantics.md §0.2: endpoint metrics
//! are 1-minute metrics).
//!
//! Non-finite values never panic: comparisons with NaN do not breach, and the average of
//! an empty set is NaN (an alarm treats NaN as a missing datapoint, see `alarm`).

use serde::{Deserialize, Serialize};

pub use crate::metrics::{Statistic, StatisticSet};

/// How an alarm compares a datapoint with its threshold (docs/aws-semantics.md §5.5, static
/// thresholds only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ComparisonOperator {
    /// `value >= threshold` breaches.
    GreaterThanOrEqualToThreshold,
    /// `value > threshold` breaches.
    GreaterThanThreshold,
    /// `value < threshold` breaches.
    LessThanThreshold,
    /// `value <= threshold` breaches.
    LessThanOrEqualToThreshold,
}

impl ComparisonOperator {
    /// Whether `value` breaches `threshold` under this operator. NaN never breaches.
    pub fn breaches(&self, value: f64, threshold: f64) -> bool {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => value >= threshold,
            ComparisonOperator::GreaterThanThreshold => value > threshold,
            ComparisonOperator::LessThanThreshold => value < threshold,
            ComparisonOperator::LessThanOrEqualToThreshold => value <= threshold,
        }
    }
}

/// How an alarm treats periods without a datapoint (docs/aws-semantics.md §7.3; AWS default
/// `missing`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum TreatMissingData {
    /// `missing`: missing points are not considered; all missing → INSUFFICIENT_DATA.
    #[default]
    Missing,
    /// `ignore`: the current alarm state is kept when missing points would be needed.
    Ignore,
    /// `breaching`: missing points count as breaching.
    Breaching,
    /// `notBreaching`: missing points count as within the threshold.
    NotBreaching,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistic_set_gets_each_statistic() {
        let s = StatisticSet::from_values(&[2.0, 4.0, 9.0]).unwrap();
        assert_eq!(s.get(Statistic::Average), 5.0);
        assert_eq!(s.get(Statistic::Minimum), 2.0);
        assert_eq!(s.get(Statistic::Maximum), 9.0);
        assert_eq!(s.get(Statistic::Sum), 15.0);
        assert_eq!(s.get(Statistic::SampleCount), 3.0);
        assert!(StatisticSet::from_values(&[]).is_none());
        let empty = StatisticSet {
            sample_count: 0.0,
            sum: 0.0,
            minimum: 0.0,
            maximum: 0.0,
        };
        assert!(empty.get(Statistic::Average).is_nan());
    }

    #[test]
    fn comparison_operators_breach() {
        use ComparisonOperator::*;
        assert!(GreaterThanOrEqualToThreshold.breaches(1.0, 1.0));
        assert!(!GreaterThanThreshold.breaches(1.0, 1.0));
        assert!(GreaterThanThreshold.breaches(1.5, 1.0));
        assert!(LessThanThreshold.breaches(0.5, 1.0));
        assert!(!LessThanThreshold.breaches(1.0, 1.0));
        assert!(LessThanOrEqualToThreshold.breaches(1.0, 1.0));
        for op in [
            GreaterThanOrEqualToThreshold,
            GreaterThanThreshold,
            LessThanThreshold,
            LessThanOrEqualToThreshold,
        ] {
            assert!(!op.breaches(f64::NAN, 1.0));
        }
    }

    fn j<T: Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn serde_names_are_the_aws_names() {
        assert_eq!(j(&TreatMissingData::NotBreaching), "\"notBreaching\"");
        assert_eq!(j(&TreatMissingData::Missing), "\"missing\"");
        assert_eq!(j(&TreatMissingData::Ignore), "\"ignore\"");
        assert_eq!(j(&TreatMissingData::Breaching), "\"breaching\"");
        assert_eq!(j(&Statistic::SampleCount), "\"SampleCount\"");
        assert_eq!(
            j(&ComparisonOperator::GreaterThanOrEqualToThreshold),
            "\"GreaterThanOrEqualToThreshold\""
        );
        let t: TreatMissingData = serde_json::from_str("\"notBreaching\"").unwrap();
        assert_eq!(t, TreatMissingData::NotBreaching);
        assert!(serde_json::from_str::<TreatMissingData>("\"NotBreaching\"").is_err());
    }
}
