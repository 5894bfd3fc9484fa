//! The normalised scenario: the document `scalesim validate` prints and reports show,
//! built once validation has succeeded from the raw scenario and the validated values
//! (defaults, imported values and the capacity the platform decides filled in). It is an
//! output of loading; validation never reads it.

use super::aws_import::Resolved;
use super::raw::{PolicySpec, RawPlatform, RawScenario};
use crate::sim::SimConfig;

/// The scenario `resolved` (named `name`) as validated into `sim`, as a TOML document.
pub fn normalised(resolved: Resolved, name: &str, sim: &SimConfig) -> RawScenario {
    let mut doc = resolved.raw.clone();
    doc.name = Some(name.to_string());
    doc.capacity.initial = Some(sim.capacity.initial);
    doc.capacity.min = Some(sim.capacity.min);
    doc.capacity.max = Some(sim.capacity.max);
    doc.endpoint.name = Some(resolved.endpoint_name().unwrap_or(name).to_string());
    doc.endpoint.variant_name = resolved.variant_name().to_string();
    if doc.endpoint.price_per_instance_hour.is_none() {
        doc.endpoint.price_per_instance_hour = Some(sim.endpoint.price_per_instance_hour);
    }
    if let RawPlatform::SagemakerRealtime(rt) = &mut doc.platform {
        rt.inference_component_name = resolved.inference_component_name().map(str::to_string);
    }
    if let Some(imported) = resolved.imported {
        doc.policy = PolicySpec::ApplicationAutoScaling(imported.spec.clone());
    }
    doc
}
