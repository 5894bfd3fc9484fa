//! The scenario's `[endpoint]` from the record: the endpoint and its production variant,
//! instance type, concurrency per instance, the price (the price table, `--price`, or another
//! region's row), and the notes on the values the record cannot show.

use super::notes::{Notes, INFERRED};
use super::ImportOptions;
use crate::error::InputError;
use crate::recorded::endpoint::{arn_region, EndpointConfig};
use crate::recorded::Recorded;
use crate::scenario::raw::RawEndpoint;
use std::path::PathBuf;

/// The endpoint's name, its variant's name and the `[endpoint]` section (cold start still
/// the default), with the notes on each value.
pub(super) fn endpoint(
    rec: &Recorded,
    opts: &ImportOptions,
    notes: &mut Notes,
    warnings: &mut Vec<String>,
) -> Result<(String, String, RawEndpoint), InputError> {
    // The endpoint and its variant.
    let config = rec.endpoint_configs.last();
    let (endpoint_name, endpoint_source) = match (&rec.endpoint, &rec.endpoint_name) {
        (Some(e), _) => (e.name.clone(), e.origin.field("EndpointName")),
        (None, Some(n)) => (n.clone(), "the endpoint the record's files name".into()),
        (None, None) => {
            return Err(super::invalid_record(
                opts,
                "the record names no endpoint: save `aws sagemaker describe-endpoint \
                 --endpoint-name NAME --output json` beside the other files"
                    .into(),
            ))
        }
    };
    let variant_name = rec
        .variant_name
        .clone()
        .or_else(|| {
            config
                .and_then(|c| c.variants.first())
                .map(|v| v.name.clone())
        })
        .unwrap_or_else(|| "AllTraffic".into());
    let mut ep = RawEndpoint {
        name: Some(endpoint_name.clone()),
        variant_name: variant_name.clone(),
        ..RawEndpoint::default()
    };
    notes.set("endpoint.name", endpoint_source);
    notes.set(
        "endpoint.variant_name",
        "the production variant of the record",
    );
    match config.and_then(|c| {
        c.variants
            .iter()
            .enumerate()
            .find(|(_, v)| v.name == variant_name)
            .map(|(i, v)| (c, i, v))
    }) {
        Some((c, i, v)) => {
            let path = format!("ProductionVariants[{i}]");
            if let Some(t) = &v.instance_type {
                ep.instance_type = t.clone();
                notes.set(
                    "endpoint.instance_type",
                    c.origin.field(&format!("{path}.InstanceType")),
                );
            } else if let Some((t, _)) = v.instance_pools.first() {
                ep.instance_type = t.clone();
                notes.set(
                    "endpoint.instance_type",
                    format!(
                        "{} (the pool of priority 1; scalesim simulates one instance type)",
                        c.origin
                            .field(&format!("{path}.InstancePools[0].InstanceType"))
                    ),
                );
                if v.instance_pools.len() > 1 {
                    warnings.push(format!(
                        "{}: {} instance pools; scalesim simulates only the first ({t})",
                        c.origin.describe(),
                        v.instance_pools.len()
                    ));
                }
            }
            if let Some(f) = c.metric_publish_frequency_s {
                notes.assumptions.push(format!(
                    "{} is {f} s: it sets how often the utilization metrics are published; \
                     the backlog metrics scalesim simulates stay 1-minute metrics",
                    c.origin
                        .field("MetricsConfig.MetricPublishFrequencyInSeconds")
                ));
            }
        }
        None => {
            notes.set(
                "endpoint.instance_type",
                format!(
                    "scalesim's default: no describe-endpoint-config of variant {variant_name} \
                     in the record"
                ),
            );
        }
    }
    let concurrency = config
        .and_then(|c| {
            c.max_concurrent_invocations_per_instance.map(|n| {
                (
                    n,
                    c.origin.field(
                        "AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance",
                    ),
                )
            })
        })
        .or_else(|| {
            rec.endpoint.as_ref().and_then(|e| {
                e.max_concurrent_invocations_per_instance.map(|n| {
                    (
                        n,
                        e.origin.field(
                            "AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance",
                        ),
                    )
                })
            })
        });
    match concurrency {
        Some((n, src)) => {
            ep.max_concurrent_invocations_per_instance = n;
            notes.set("endpoint.max_concurrent_invocations_per_instance", src);
        }
        None => {
            notes.set(
                "endpoint.max_concurrent_invocations_per_instance",
                "assumed 1: the endpoint config sets no MaxConcurrentInvocationsPerInstance, so \
                 SageMaker chose a value the export does not show; set it if you know it",
            );
            notes
                .assumptions
                .push("MaxConcurrentInvocationsPerInstance assumed 1".into());
        }
    }
    price(rec, opts, config, &mut ep, notes, warnings)?;
    Ok((endpoint_name, variant_name, ep))
}

/// The price per instance-hour, then the notes on the per-request settings and defaults.
fn price(
    rec: &Recorded,
    opts: &ImportOptions,
    config: Option<&EndpointConfig>,
    ep: &mut RawEndpoint,
    notes: &mut Notes,
    warnings: &mut Vec<String>,
) -> Result<(), InputError> {
    // Price.
    let region = rec
        .endpoint
        .as_ref()
        .and_then(|e| e.arn.as_deref())
        .or_else(|| config.and_then(|c| c.arn.as_deref()))
        .and_then(arn_region)
        .map(str::to_string);
    let price = match (opts.price, &region) {
        (Some(p), _) => (p, "given with --price".to_string()),
        (None, Some(r)) => match opts.prices.find(&ep.instance_type, r) {
            Some(p) => (
                p.usd_per_hour,
                format!(
                    "{} row {} {} ({}, {}); re-check before reporting costs",
                    opts.prices_source, p.instance_type, p.region, p.as_of, p.source
                ),
            ),
            None => fallback_price(opts, &ep.instance_type, Some(r), warnings)?,
        },
        (None, None) => fallback_price(opts, &ep.instance_type, None, warnings)?,
    };
    ep.price_per_instance_hour = Some(price.0);
    notes.set("endpoint.price_per_instance_hour", price.1);
    notes.set(
        "endpoint.request_ttl",
        "scalesim's default (6 h, AWS's default RequestTTLSeconds): the TTL is a header of each \
         request, not in the export",
    );
    notes.set(
        "endpoint.invocation_timeout",
        "scalesim's default (900 s, AWS's default InvocationTimeoutSeconds): a header of each \
         request, not in the export",
    );
    notes.set(
        "endpoint.scale_in_mode",
        format!("scalesim's default. {INFERRED}"),
    );
    notes.set(
        "endpoint.bill_from",
        "scalesim's default [I]: billing from launch",
    );
    Ok(())
}

fn fallback_price(
    opts: &ImportOptions,
    instance_type: &str,
    region: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<(f64, String), InputError> {
    match opts.prices.find_any_region(instance_type) {
        Some(p) => {
            warnings.push(format!(
                "no price of {instance_type} in {} in {}; the {} price is used (give --price or \
                 --prices for your region)",
                region.unwrap_or("the endpoint's region (unknown: no ARN in the record)"),
                opts.prices_source,
                p.region
            ));
            Ok((
                p.usd_per_hour,
                format!(
                    "{} row {} {} ({}, {}): not the endpoint's region; re-check",
                    opts.prices_source, p.instance_type, p.region, p.as_of, p.source
                ),
            ))
        }
        None => Err(InputError::Invalid {
            file: PathBuf::from(&opts.prices_source),
            issues: vec![crate::error::Issue::new(
                "",
                format!(
                    "no price for instance type {instance_type:?}; give one with --price USD_PER_HOUR \
                     or a table with --prices FILE (columns instance_type,region,usd_per_hour,as_of,source)"
                ),
            )],
        }),
    }
}
