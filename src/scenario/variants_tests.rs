//! Tests of scenario variants: file and command-line forms, the top-level comma splitter,
//! and the errors (each naming the variant).

use super::*;
use crate::scenario::PolicyConfig;

const BASE: &str = r#"name = "t"
horizon = "2h"

[[arrivals]]
kind = "poisson"
rate_per_s = 0.05

[service]
kind = "exponential"
mean = "10s"

[capacity]
max = 2

[policy]
kind = "idle_timeout"
idle_timeout = "5m"
"#;

const VARIANTS: &str = r#"
[[variants]]
name = "zero"

[[variants]]
name = "min-one"
description = "one warm instance"
set = { "capacity.min" = 1, "capacity.initial" = 1 }

[[variants]]
name = "fixed-two"
set = { "policy" = { kind = "fixed" }, "capacity.initial" = 2 }

[[variants]]
name = "sub-table"
[variants.set]
"endpoint.request_ttl" = "1h"
[variants.set.capacity]
max = 3
"#;

fn load(text: &str, set: &[&str], cli: &[&str]) -> Result<Comparison, InputError> {
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    let cli: Vec<String> = cli.iter().map(|s| s.to_string()).collect();
    from_text(text, Path::new("v.toml"), Path::new("."), &set, &cli)
}

fn err(text: &str, cli: &[&str]) -> String {
    match load(text, &[], cli) {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            assert!(matches!(e, InputError::Variant { .. }), "{e:?}");
            e.to_string()
        }
    }
}

#[test]
fn file_variants_in_order_each_entry_a_set_assignment() {
    let c = load(&format!("{BASE}{VARIANTS}"), &[], &[]).expect("loads");
    let names: Vec<&str> = c.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["zero", "min-one", "fixed-two", "sub-table"]);
    let [zero, min_one, fixed, sub] = &c.variants[..] else {
        panic!("four variants")
    };
    assert!(zero.overrides.is_empty());
    assert_eq!(zero.scenario.sim.capacity.min, 0);
    // A quoted path sets one field: max stays 2.
    assert_eq!(
        (
            min_one.scenario.sim.capacity.min,
            min_one.scenario.sim.capacity.initial
        ),
        (1, 1)
    );
    assert_eq!(min_one.scenario.sim.capacity.max, 2);
    assert_eq!(min_one.description.as_deref(), Some("one warm instance"));
    // An inline table replaces the whole field.
    assert!(matches!(fixed.scenario.policy, PolicyConfig::Fixed));
    assert_eq!(fixed.scenario.sim.capacity.initial, 2);
    // A sub-table replaces the whole table, like an inline one.
    assert_eq!(sub.scenario.raw.capacity.max, Some(3));
    assert_eq!(sub.scenario.sim.capacity.min, 0);
    assert_eq!(sub.scenario.sim.endpoint.request_ttl.as_secs_f64(), 3600.0);
    for v in &c.variants {
        assert!(v.scenario.raw.variants.is_empty(), "variants removed");
        assert!(!v.scenario.to_toml().contains("[[variants]]"));
    }
    assert_eq!(c.base.raw.variants.len(), 4);
}

#[test]
fn command_line_variants_replace_the_files_and_keep_bracketed_commas() {
    let arrivals = r#"arrivals=[{ kind = "poisson", rate_per_s = 0.1 }, { kind = "burst", at = "1h", count = 3 }]"#;
    let c = load(
        &format!("{BASE}{VARIANTS}"),
        &["horizon=\"1h\""],
        &[
            "base",
            &format!("two-sources:{arrivals},capacity.max=3"),
            "ttl:endpoint.request_ttl=\"2h\",description=\"a, b\"",
        ],
    )
    .expect("loads");
    let names: Vec<&str> = c.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["base", "two-sources", "ttl"]);
    let two = &c.variants[1];
    assert_eq!(two.scenario.sim.arrivals.len(), 2);
    assert_eq!(two.scenario.sim.capacity.max, 3);
    assert_eq!(two.overrides.len(), 2);
    assert_eq!(
        c.variants[2].scenario.raw.description.as_deref(),
        Some("a, b")
    );
    for v in &c.variants {
        assert_eq!(
            v.scenario.sim.horizon.as_secs_f64(),
            3600.0,
            "--set applies to all"
        );
    }
}

#[test]
fn splits_on_top_level_commas_only() {
    assert_eq!(split_top_level("a=1,b=2", ','), ["a=1", "b=2"]);
    assert_eq!(
        split_top_level("a=[1, 2],b={ x = 1, y = [3, 4] },c=3", ','),
        ["a=[1, 2]", "b={ x = 1, y = [3, 4] }", "c=3"]
    );
    assert_eq!(
        split_top_level(r#"a="x, \"y, z\"",b='p, q',c=1"#, ','),
        [r#"a="x, \"y, z\"""#, "b='p, q'", "c=1"]
    );
    assert_eq!(split_top_level("", ','), [""]);
    assert_eq!(
        split_top_level("a=[1,2", ','),
        ["a=[1,2"],
        "unbalanced: one piece"
    );
    assert_eq!(split_top_level("a=1],b=2", ','), ["a=1]", "b=2"]);
}

#[test]
fn no_variants_is_an_error_that_says_how_to_add_them() {
    let e = err(BASE, &[]);
    assert!(
        e.contains("[[variants]]") && e.contains("--variant NAME:KEY=VALUE"),
        "{e}"
    );
}

#[test]
fn errors_name_the_variant() {
    let text = format!("{BASE}{VARIANTS}");
    let e = err(&text, &["ok", "bad:capacity.minn=1"]);
    assert!(e.contains("variant \"bad\"") && e.contains("minn"), "{e}");
    let e = err(&text, &["bad:arrivals[5].rate_per_s=1"]);
    assert!(
        e.contains("variant \"bad\"") && e.contains("out of range"),
        "{e}"
    );
    let e = err(&text, &["bad:capacity.min"]);
    assert!(e.contains("not KEY=VALUE"), "{e}");
    let e = err(&text, &["a b:capacity.min=1"]);
    assert!(e.contains("not allowed in a variant name"), "{e}");
    let e = err(&text, &["x", "X"]);
    assert!(e.contains("already used"), "{e}");
    let e = err(&text, &["s:seed=7"]);
    assert!(e.contains("same seed"), "{e}");
    let e = err(&text, &["big:capacity.min=5"]);
    assert!(
        e.contains("variant \"big\"") && e.contains("capacity.min"),
        "{e}"
    );
}

#[test]
fn unquoted_dotted_keys_are_refused_with_the_quoted_form() {
    let text = format!(
        "{BASE}\n[[variants]]\nname = \"dotted\"\nset = {{ capacity.min = 1, capacity.initial = 1 }}\n"
    );
    let e = err(&text, &[]);
    let line = text.lines().count();
    assert!(
        e.contains("variant \"dotted\"") && e.contains(&format!("v.toml:{line}:9")),
        "{e}"
    );
    assert!(
        e.contains(r#""capacity.initial" = 1, "capacity.min" = 1"#),
        "{e}"
    );
}

#[test]
fn normalised_variants_read_back_the_same() {
    let c = load(&format!("{BASE}{VARIANTS}"), &[], &[]).expect("loads");
    let printed = c.base.to_toml();
    assert!(printed.contains("[variants.set.policy]"), "{printed}");
    let again = load(&printed, &[], &[]).expect("validate's output loads");
    for (a, b) in c.variants.iter().zip(&again.variants) {
        assert_eq!(a.scenario.raw, b.scenario.raw, "{}", a.name);
    }
}

#[test]
fn file_variant_issues_point_at_the_set_entry() {
    let text = format!("{BASE}\n[[variants]]\nname = \"big\"\nset = {{ \"capacity.min\" = 5 }}\n");
    let e = err(&text, &[]);
    let line = text.lines().count();
    assert!(
        e.contains("variant \"big\"") && e.contains(&format!("line {line}, column 9")),
        "{e}"
    );
}
