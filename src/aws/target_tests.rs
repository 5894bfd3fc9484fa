//! Tests of the scalable targets: ids, dimensions, parsing, predefined metrics, the
//! scenario's target.

use super::*;

fn ic(name: &str) -> ScalableTarget {
    ScalableTarget::InferenceComponent { name: name.into() }
}

#[test]
fn ids_and_dimensions_per_kind() {
    let v = ScalableTarget::Variant {
        endpoint: "ep".into(),
        variant: "AllTraffic".into(),
    };
    assert_eq!(v.resource_id(), "endpoint/ep/variant/AllTraffic");
    assert_eq!(v.scalable_dimension(), SCALABLE_DIMENSION);
    assert_eq!(v.metric_dimension(), ("EndpointName", "ep"));
    assert_eq!(v.platform(), PlatformKind::SagemakerAsync);
    let c = ic("llama");
    assert_eq!(c.resource_id(), "inference-component/llama");
    assert_eq!(
        c.scalable_dimension(),
        "sagemaker:inference-component:DesiredCopyCount"
    );
    assert_eq!(c.metric_dimension(), ("InferenceComponentName", "llama"));
    assert!(c.is_metric_dimensions(Some(&c.metric_dimensions())));
    assert!(!c.is_metric_dimensions(Some(&v.metric_dimensions())));
    assert!(!c.is_metric_dimensions(None));
    assert_eq!(c.platform(), PlatformKind::SagemakerRealtime);
}

#[test]
fn parse_accepts_both_kinds_and_explains_the_rest() {
    assert_eq!(
        ScalableTarget::parse("sagemaker", "inference-component/x", IC_SCALABLE_DIMENSION),
        Ok(ic("x"))
    );
    assert!(matches!(
        ScalableTarget::parse("sagemaker", "endpoint/e/variant/v", SCALABLE_DIMENSION),
        Ok(ScalableTarget::Variant { .. })
    ));
    let e = ScalableTarget::parse("sagemaker", "endpoint/e/variant/v", IC_SCALABLE_DIMENSION)
        .unwrap_err();
    assert_eq!(e.path, "ResourceId");
    assert!(e.message.contains("inference-component/<name>"), "{e}");
    let e = ScalableTarget::parse(
        "sagemaker",
        "endpoint/e/variant/v",
        "sagemaker:variant:DesiredProvisionedConcurrency",
    )
    .unwrap_err();
    assert_eq!(e.path, "ScalableDimension");
    assert!(e.message.contains("inference components"), "{e}");
    let e = ScalableTarget::parse("ecs", "service/c/s", "ecs:service:DesiredCount").unwrap_err();
    assert_eq!(e.path, "ServiceNamespace");
}

#[test]
fn predefined_ic_metrics_map_both_ways() {
    assert_eq!(
        ic_predefined_metric("SageMakerInferenceComponentInvocationsPerCopy"),
        Some((EndpointMetric::InvocationsPerCopy, Statistic::Sum))
    );
    assert_eq!(
        ic_predefined_metric("SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution"),
        Some((
            EndpointMetric::ConcurrentRequestsPerCopy,
            Statistic::Average
        ))
    );
    assert_eq!(
        ic_predefined_metric("SageMakerVariantInvocationsPerInstance"),
        None
    );
    assert_eq!(
        ic_predefined_type("InvocationsPerCopy", Statistic::Sum),
        Some("SageMakerInferenceComponentInvocationsPerCopy")
    );
    assert_eq!(
        ic_predefined_type("InvocationsPerCopy", Statistic::Average),
        None
    );
    assert_eq!(
        ic_predefined_type("ConcurrentRequestsPerCopy", Statistic::Average),
        Some("SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution")
    );
    for (t, ..) in IC_PREDEFINED_METRICS {
        assert!(super::super::cli_json::PREDEFINED_METRIC_TYPES.contains(&t));
    }
}

#[test]
fn scenario_target_follows_the_platform_and_the_json() {
    let rt = PlatformKind::SagemakerRealtime;
    let (t, issues) = scenario_target(rt, "ep", "v", None, "scen", None);
    assert_eq!((t, issues), (ic("scen"), vec![]));
    let (t, _) = scenario_target(rt, "ep", "v", Some("named"), "scen", None);
    assert_eq!(t, ic("named"));
    let json = ImportedTarget {
        file: "reg.json".into(),
        target: ic("from-json"),
    };
    let (t, issues) = scenario_target(rt, "ep", "v", None, "scen", Some(&json));
    assert_eq!((t, issues), (ic("from-json"), vec![]));
    let (_, issues) = scenario_target(rt, "ep", "v", Some("other"), "scen", Some(&json));
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "platform.inference_component_name");
    assert!(issues[0].message.contains("\"from-json\""));
    assert!(issues[0].message.contains("reg.json"));

    let asy = PlatformKind::SagemakerAsync;
    let (t, issues) = scenario_target(asy, "ep", "v", None, "scen", Some(&json));
    assert_eq!(t.resource_id(), "endpoint/ep/variant/v");
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "policy.register_scalable_target");
    let m = &issues[0].message;
    assert!(m.starts_with("reg.json: ScalableDimension: "), "{m}");
    assert!(
        m.contains("set [platform] kind = \"sagemaker_realtime\""),
        "{m}"
    );

    let variant_json = ImportedTarget {
        file: "reg.json".into(),
        target: ScalableTarget::Variant {
            endpoint: "ep".into(),
            variant: "v".into(),
        },
    };
    let (_, issues) = scenario_target(rt, "ep", "v", None, "scen", Some(&variant_json));
    assert_eq!(issues.len(), 1);
    let m = &issues[0].message;
    assert!(
        m.contains("register ResourceId inference-component/<name>"),
        "{m}"
    );
    assert!(
        m.contains("sagemaker:inference-component:DesiredCopyCount"),
        "{m}"
    );
    let (_, issues) = scenario_target(asy, "ep", "v", None, "scen", Some(&variant_json));
    assert!(issues.is_empty());
}
