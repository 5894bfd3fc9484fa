//! Mistakes on the command line or in variants exit with code 2 and say what to do.

use super::*;

#[test]
fn mistakes_exit_with_code_2_and_say_what_to_do() {
    let (dir, file) = setup(SCENARIO);
    let plain = SCENARIO.split("[[variants]]").next().expect("base part");
    let bare = dir.path().join("bare.toml");
    std::fs::write(&bare, plain).expect("write");
    let out = dir.path().join("out");
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["compare", arg(&bare)],
            &["no variants", "[[variants]]", "--variant NAME:KEY=VALUE"],
        ),
        (
            &[
                "compare",
                arg(&file),
                "--variant",
                "ok",
                "--variant",
                "oops:capacity.minimum=1",
            ],
            &["variant \"oops\"", "minimum"],
        ),
        (
            &["compare", arg(&file), "--variant", "oops:capacity.min=9"],
            &["variant \"oops\"", "capacity.min"],
        ),
        (
            &["compare", arg(&file), "--variant", "a/b:capacity.min=1"],
            &["not allowed in a variant name"],
        ),
        (
            &[
                "compare",
                arg(&file),
                "--variant",
                "dup",
                "--variant",
                "dup",
            ],
            &["already used"],
        ),
    ];
    for (args, needles) in cases {
        let mut args = args.to_vec();
        args.extend(["--out", arg(&out)]);
        let err = run_fails(&args, 2);
        for n in needles {
            assert!(err.contains(n), "{args:?}: {err}");
        }
    }
    assert!(!out.exists(), "nothing written on an input mistake");
}
