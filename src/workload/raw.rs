//! The `[[arrivals]]` section of a scenario as a whole: every source validated into an
//! [`ArrivalModel`] (the raw form of one source is [`ArrivalSpec`]), with the checks that
//! look across sources or at other sections: at least one source, per-request service
//! columns only from traces, traces that run past the horizon, and the number of requests
//! the run would generate.

use super::{ArrivalModel, ArrivalSpec, LoadContext};
use crate::error::Issues;
use crate::time::{Duration, SimTime};

/// The largest number of requests a run may be expected to generate. Above it the run would
/// take hours; refuse before starting.
pub const MAX_EXPECTED_REQUESTS: f64 = 1e10;

/// Validate every source of `arrivals` for a run of `horizon`, loading trace files through
/// `ctx`. Issues go under `arrivals[i]`; warnings are prefixed with the source's path.
pub fn validate_arrivals(
    arrivals: &[ArrivalSpec],
    horizon: Duration,
    ctx: &LoadContext,
    issues: &mut Issues,
) -> Vec<ArrivalModel> {
    let mut at = issues.at("");
    if arrivals.is_empty() {
        at.field("arrivals")
            .push("at least one arrival source is required ([[arrivals]])");
    }
    let horizon_time = SimTime(horizon.to_sim().0);
    let mut models = Vec::with_capacity(arrivals.len());
    let mut expected_requests = 0.0;
    for (i, spec) in arrivals.iter().enumerate() {
        let mut source = at.index("arrivals", i);
        if ctx.service_columns.is_some() && !matches!(spec, ArrivalSpec::Trace(_)) {
            source.field("kind").push(
                "service kind \"linear\" reads per-request columns, so every arrival source must be a \"trace\"",
            );
            continue;
        }
        let path = source.path().to_string();
        let built = ArrivalModel::build(spec, &path, ctx).map(|(model, warnings)| {
            for w in warnings {
                source.warn(w);
            }
            model
        });
        let Some(model) = source.issues().take(built) else {
            continue;
        };
        if let Some(last) = model.last_time() {
            if last >= horizon_time && horizon.secs() > 0.0 {
                source.warn(format!(
                    "the trace runs to {:.0}s, beyond the horizon ({horizon}); later requests are not simulated",
                    last.as_secs_f64(),
                ));
            }
        }
        expected_requests += model.mean_rate_per_s() * horizon.secs();
        models.push(model);
    }
    if expected_requests > MAX_EXPECTED_REQUESTS {
        at.field("arrivals").push(format!(
            "about {expected_requests:.3e} requests over the horizon; the limit is {MAX_EXPECTED_REQUESTS:.0e}. Shorten the horizon or lower the rates"
        ));
    }
    models
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::ServiceColumns;
    use std::path::Path;

    fn hour() -> Duration {
        Duration::from_secs(3600.0)
    }

    #[test]
    fn service_columns_only_from_traces() {
        let cols = ServiceColumns {
            base_s: 1.0,
            per_unit_s: vec![],
        };
        let ctx = LoadContext {
            base_dir: Path::new("."),
            service_columns: Some(&cols),
        };
        let spec = ArrivalSpec::Poisson { rate_per_s: 1.0 };
        let mut issues = Issues::new();
        let models = validate_arrivals(&[spec], hour(), &ctx, &mut issues);
        assert!(models.is_empty());
        let list = issues.into_issues();
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0].path, "arrivals[0].kind");
        assert!(list[0].message.contains("must be a \"trace\""), "{list:?}");
    }

    #[test]
    fn needs_a_source_and_a_bounded_request_count() {
        let ctx = LoadContext {
            base_dir: Path::new("."),
            service_columns: None,
        };
        let mut issues = Issues::new();
        validate_arrivals(&[], hour(), &ctx, &mut issues);
        let fast = ArrivalSpec::Poisson { rate_per_s: 1e7 };
        let models = validate_arrivals(&[fast], hour(), &ctx, &mut issues);
        assert_eq!(models.len(), 1);
        let list = issues.into_issues();
        assert_eq!(list.len(), 2, "{list:?}");
        assert!(list[0].message.contains("at least one arrival source"));
        assert!(list[1].message.contains("requests over the horizon"));
    }
}
