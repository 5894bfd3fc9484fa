//! Service-time specs.
//!
//! Owns how a scenario writes the time one instance spends serving one request
//! ([`ServiceSpec`]): either any [`DistSpec`] kind, written the same way, or a linear model
//! in columns of the trace row (`base + Σ per_unit_s[column] × row[column]`, e.g. tokens).
//! The engine builds a [`super::Dist`] from [`ServiceSpec::as_dist`] for the distribution
//! kinds and evaluates the linear form itself from the trace row.
//!
//! serde's `flatten` cannot be combined with `deny_unknown_fields`, so the distribution
//! variants are repeated here and converted with one `match` each way.

use super::{check_duration, field_path, Bound, DistSpec};
use crate::error::Issue;
use crate::time::Duration;
use std::collections::BTreeMap;

/// Time to serve one request, as written in a scenario (TOML inline table).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ServiceSpec {
    /// As [`DistSpec::Deterministic`].
    Deterministic {
        /// The fixed duration.
        value: Duration,
    },
    /// As [`DistSpec::Exponential`].
    Exponential {
        /// Mean duration.
        mean: Duration,
    },
    /// As [`DistSpec::Lognormal`].
    Lognormal {
        /// Mean duration.
        mean: Duration,
        /// Coefficient of variation (sd ÷ mean), > 0.
        cv: f64,
    },
    /// As [`DistSpec::Gamma`].
    Gamma {
        /// Mean duration.
        mean: Duration,
        /// Coefficient of variation (sd ÷ mean), > 0.
        cv: f64,
    },
    /// As [`DistSpec::Uniform`].
    Uniform {
        /// Smallest duration.
        min: Duration,
        /// Largest duration.
        max: Duration,
    },
    /// As [`DistSpec::Empirical`].
    Empirical {
        /// The samples file, relative to the scenario file's directory.
        path: String,
        /// The CSV column to use; the file then has a header line.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// service = `base` + Σ `per_unit_s[column]` × (value of `column` in the trace row),
    /// e.g. `{ kind = "linear", base = "200ms", per_unit_s = { output_tokens = 0.02 } }`.
    Linear {
        /// Fixed part of every request, >= 0.
        base: Duration,
        /// Seconds per unit of each named trace column, each finite and >= 0.
        per_unit_s: BTreeMap<String, f64>,
    },
}

impl ServiceSpec {
    /// `Some(dist spec)` for the distribution kinds, `None` for `linear`.
    pub fn as_dist(&self) -> Option<DistSpec> {
        Some(match self.clone() {
            ServiceSpec::Deterministic { value } => DistSpec::Deterministic { value },
            ServiceSpec::Exponential { mean } => DistSpec::Exponential { mean },
            ServiceSpec::Lognormal { mean, cv } => DistSpec::Lognormal { mean, cv },
            ServiceSpec::Gamma { mean, cv } => DistSpec::Gamma { mean, cv },
            ServiceSpec::Uniform { min, max } => DistSpec::Uniform { min, max },
            ServiceSpec::Empirical { path, column } => DistSpec::Empirical { path, column },
            ServiceSpec::Linear { .. } => return None,
        })
    }

    /// Every problem with the linear form (base >= 0; at least one column; names
    /// non-empty; coefficients finite and >= 0), paths prefixed by `path`
    /// (e.g. `"service.per_unit_s.tokens"`). Empty for the distribution kinds, which
    /// [`super::Dist::build`] validates.
    pub fn validate_linear(&self, path: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        let ServiceSpec::Linear { base, per_unit_s } = self else {
            return issues;
        };
        check_duration(
            &mut issues,
            field_path(path, "base"),
            *base,
            Bound::NonNegative,
        );
        let coef_path = field_path(path, "per_unit_s");
        if per_unit_s.is_empty() {
            issues.push(Issue::new(
                coef_path.clone(),
                "names no column; give seconds per unit of at least one trace column, \
                 e.g. per_unit_s = { output_tokens = 0.02 }",
            ));
        }
        for (column, &coef) in per_unit_s {
            if column.trim().is_empty() {
                issues.push(Issue::new(coef_path.clone(), "has an empty column name"));
                continue;
            }
            const ALLOWED: &str = "allowed: a finite number of seconds per unit >= 0";
            let problem = if coef.is_nan() {
                "is NaN".to_string()
            } else if coef.is_infinite() {
                "is infinite".to_string()
            } else if coef < 0.0 {
                format!("is negative ({coef})")
            } else {
                continue;
            };
            issues.push(Issue::new(
                field_path(&coef_path, column),
                format!("{problem}; {ALLOWED}"),
            ));
        }
        issues
    }

    /// Every problem with this spec, whatever its kind (distribution kinds as
    /// [`DistSpec::validate`], linear as [`ServiceSpec::validate_linear`]).
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        match self.as_dist() {
            Some(d) => d.validate(path),
            None => self.validate_linear(path),
        }
    }
}

impl From<DistSpec> for ServiceSpec {
    fn from(d: DistSpec) -> ServiceSpec {
        match d {
            DistSpec::Deterministic { value } => ServiceSpec::Deterministic { value },
            DistSpec::Exponential { mean } => ServiceSpec::Exponential { mean },
            DistSpec::Lognormal { mean, cv } => ServiceSpec::Lognormal { mean, cv },
            DistSpec::Gamma { mean, cv } => ServiceSpec::Gamma { mean, cv },
            DistSpec::Uniform { min, max } => ServiceSpec::Uniform { min, max },
            DistSpec::Empirical { path, column } => ServiceSpec::Empirical { path, column },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::secs;
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct W {
        service: ServiceSpec,
    }

    #[test]
    fn distribution_kinds_convert_both_ways() {
        let specs = [
            DistSpec::Deterministic { value: secs(1.0) },
            DistSpec::Exponential { mean: secs(1.0) },
            DistSpec::Lognormal {
                mean: secs(1.0),
                cv: 0.5,
            },
            DistSpec::Gamma {
                mean: secs(1.0),
                cv: 0.5,
            },
            DistSpec::Uniform {
                min: secs(1.0),
                max: secs(2.0),
            },
            DistSpec::Empirical {
                path: "x.csv".into(),
                column: Some("c".into()),
            },
        ];
        for d in specs {
            assert_eq!(ServiceSpec::from(d.clone()).as_dist(), Some(d));
        }
    }

    #[test]
    fn toml_forms() {
        let w: W =
            toml::from_str(r#"service = { kind = "lognormal", mean = "2s", cv = 0.5 }"#).unwrap();
        assert_eq!(
            w.service,
            ServiceSpec::Lognormal {
                mean: secs(2.0),
                cv: 0.5
            }
        );
        let text = r#"service = { kind = "linear", base = "200ms", per_unit_s = { output_tokens = 0.02, input_tokens = 0.0005 } }"#;
        let w: W = toml::from_str(text).unwrap();
        let ServiceSpec::Linear { base, per_unit_s } = &w.service else {
            panic!("{w:?}")
        };
        assert_eq!(*base, secs(0.2));
        assert_eq!(per_unit_s["output_tokens"], 0.02);
        assert_eq!(w.service.as_dist(), None);
        assert!(w.service.validate("service").is_empty());
        let back: W = toml::from_str(&toml::to_string(&w).unwrap()).unwrap();
        assert_eq!(back, w);
    }

    #[test]
    fn toml_unknown_field_is_named() {
        let e = toml::from_str::<W>(
            r#"service = { kind = "linear", base = "1s", per_unit = { t = 1.0 } }"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `per_unit`"), "{e}");
    }

    #[test]
    fn linear_validation() {
        let spec = ServiceSpec::Linear {
            base: secs(-1.0),
            per_unit_s: BTreeMap::from([
                ("tokens".to_string(), -0.5),
                ("bytes".to_string(), f64::NAN),
            ]),
        };
        let issues = spec.validate_linear("service");
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "service.base",
                "service.per_unit_s.bytes",
                "service.per_unit_s.tokens"
            ]
        );
        assert!(issues[1].message.contains("NaN") && issues[1].message.contains(">= 0"));
        assert!(issues[2].message.contains("negative"));

        let empty = ServiceSpec::Linear {
            base: secs(0.1),
            per_unit_s: BTreeMap::new(),
        };
        let issues = empty.validate_linear("service");
        assert_eq!(issues[0].path, "service.per_unit_s");
        assert!(issues[0].message.contains("at least one"));

        assert!(ServiceSpec::Exponential { mean: secs(-1.0) }
            .validate_linear("service")
            .is_empty());
        assert_eq!(
            ServiceSpec::Exponential { mean: secs(-1.0) }.validate("service")[0].path,
            "service.mean"
        );
    }
}
