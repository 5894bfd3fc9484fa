//! Kubernetes-family autoscalers: the Horizontal Pod Autoscaler, KEDA and the Knative Pod
//! Autoscaler, each re-implemented as a pure state machine behind the policy seam.
//!
//! ```text
//!   engine ──every tick_period()──▶ on_tick(&LiveInput)  ──▶ SetDesired { desired, cause }
//!          ──request finds 0 InService──▶ on_demand_without_capacity (Knative activator)
//! ```
//!
//! The three models, and what a "pod" is here (one simulated instance; a pod that is still
//! cold-starting is `capacity.pending`, a ready pod is `capacity.in_service`):
//!
//! * [`hpa`] — `autoscaling/v2` HorizontalPodAutoscaler: every `sync_period` it turns one
//!   metric into a replica proposal (`replica_calculator.go`: tolerance, unready pods),
//!   stabilizes it over a recommendation history and rate-limits it with the scale-up /
//!   scale-down behaviour policies (`horizontal.go`). It never acts at 0 replicas.
//! * [`keda`] — a KEDA `ScaledObject`: KEDA polls its trigger every `polling_interval` and
//!   owns the 0 ↔ 1 step (activation, cooldown); between 1 and max an embedded HPA on
//!   KEDA's External metric decides (`scale_scaledobjects.go`).
//! * [`knative`] — the Knative Pod Autoscaler (KPA): concurrency averaged over a stable and
//!   a panic window every `tick_interval` (`scaling/autoscaler.go`), scale to zero through
//!   the PodAutoscaler's Active/Inactive states and the activator
//!   (`reconciler/autoscaling/kpa/scaler.go`, `kpa.go`), and the activator's poke when a
//!   request finds no pod.
//!
//! The seam: the scenario's `[policy] kind = "hpa" | "keda" | "knative"` section is one of
//! [`HpaSpec`], [`KedaSpec`], [`KnativeSpec`] (serde, every field defaulted, validated by
//! their `validate(&mut At)` into the one issue collector, [`crate::error::Issues`]); the
//! engine builds the policy with `HpaPolicy::new(&spec, capacity.min)`, `KedaPolicy::new(&spec)` or
//! `KnativePolicy::new(&spec)` and drives it through [`crate::policy::ScalingPolicy`]. The
//! policies only propose a desired replica count; the engine's scalable-target guard clamps
//! it to `[capacity.min, capacity.max]`, records the activity and runs the cold starts.
//! Nothing here does I/O or reads a clock: time is `LiveInput::now`.

pub mod hpa;
pub mod keda;
pub mod knative;

pub use hpa::{
    HpaBehaviorSpec, HpaMetric, HpaPolicy, HpaScalingPolicy, HpaSpec, ScaleDownRules, ScaleUpRules,
    ScalingPolicyType, SelectPolicy,
};
pub use keda::{KedaMetric, KedaPolicy, KedaSpec};
pub use knative::{KnativePolicy, KnativeSpec};

use crate::time::SimTime;

/// `true` when `now` is a positive multiple of `period` (a zero period never matches).
pub(crate) fn is_multiple(now: SimTime, period: u64) -> bool {
    period > 0 && now.0 > 0 && now.0 % period == 0
}

/// A finite, non-negative reading; anything else counts as 0.
pub(crate) fn reading(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        x
    } else {
        0.0
    }
}

/// `ceil(x)` as a replica count: NaN and negatives give 0, huge values saturate.
pub(crate) fn ceil_count(x: f64) -> u32 {
    if x.is_nan() || x <= 0.0 {
        0
    } else if x >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        x.ceil() as u32
    }
}

/// Greatest common divisor (`gcd(a, 0) = a`).
pub(crate) fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// A number for a cause string: at most two decimals, trailing zeros dropped.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// How the scenario embeds the specs: `[policy] kind = "..."`, internally tagged.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
    enum Tagged {
        Hpa(HpaSpec),
        Keda(KedaSpec),
        Knative(KnativeSpec),
    }

    #[test]
    fn specs_work_inside_an_internally_tagged_enum() {
        let hpa: Tagged = toml::from_str(
            "kind = \"hpa\"\ntarget = 4\n[scale_down]\npolicies = [{ type = \"pods\", value = 1 }]",
        )
        .unwrap();
        let Tagged::Hpa(h) = hpa else { panic!() };
        assert_eq!(h.target, Some(4.0));
        assert_eq!(h.scale_down.policies[0].value, 1);
        let keda: Tagged =
            toml::from_str("kind = \"keda\"\ncooldown_period = \"10m\"\n[hpa]\ntolerance = 0.2")
                .unwrap();
        let Tagged::Keda(k) = keda else { panic!() };
        assert_eq!(k.cooldown_period.secs(), 600.0);
        assert_eq!(k.hpa.tolerance, 0.2);
        let kn: Tagged = toml::from_str("kind = \"knative\"\ntarget = 2").unwrap();
        assert!(matches!(
            kn,
            Tagged::Knative(KnativeSpec {
                target: Some(2.0),
                ..
            })
        ));
        assert!(toml::from_str::<Tagged>("kind = \"knative\"\nstable = \"60s\"").is_err());
    }

    #[test]
    fn helpers() {
        assert_eq!(gcd(30_000_000, 15_000_000), 15_000_000);
        assert_eq!(gcd(20, 15), 5);
        assert_eq!(ceil_count(2.0000001), 3);
        assert_eq!(ceil_count(f64::NAN), 0);
        assert_eq!(ceil_count(-1.0), 0);
        assert_eq!(ceil_count(1e300), u32::MAX);
        assert_eq!(num(3.2), "3.2");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(0.333), "0.33");
        assert!(is_multiple(SimTime::from_secs(30), 15_000_000));
        assert!(!is_multiple(SimTime::ZERO, 15_000_000));
        assert!(!is_multiple(SimTime::from_secs(20), 15_000_000));
    }
}
