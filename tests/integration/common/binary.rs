//! Running the `scalesim` binary: the one way every integration test starts it, from the
//! repository root (so relative paths such as `scenarios/…` and `tests/fixtures/…` name
//! files of this repository), with its output in the panic message when it does not end
//! as the test expects.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the crate's manifest folder).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the built `scalesim` binary with the current folder at the repository
/// root; add arguments, environment or pipes, then run it.
pub fn scalesim() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scalesim"));
    c.current_dir(root());
    c
}

/// Run `scalesim args…` to the end and return its output, whatever its exit status.
pub fn run(args: &[&str]) -> Output {
    output_of(scalesim().args(args))
}

/// Run `command` to the end and return its output (panics only if it cannot start).
pub fn output_of(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

/// Run `scalesim args…`, assert it succeeded and return its output.
#[track_caller]
pub fn run_success(args: &[&str]) -> Output {
    let o = run(args);
    expect_success(&o, &format!("scalesim {args:?}"));
    o
}

/// Run `scalesim args…`, assert it succeeded and return its standard output.
#[track_caller]
pub fn run_ok(args: &[&str]) -> String {
    stdout(&run_success(args))
}

/// Run `scalesim args…`, assert it exited with `code` and return its standard error.
#[track_caller]
pub fn run_fails(args: &[&str], code: i32) -> String {
    let o = run(args);
    expect_exit(&o, code, &format!("scalesim {args:?}"));
    stderr(&o)
}

/// Assert that the run `o` succeeded; the panic shows its status and both outputs.
#[track_caller]
pub fn assert_success(o: &Output) {
    expect_success(o, "scalesim");
}

/// Assert that the run `o` exited with `code`; the panic shows its status and both outputs.
#[track_caller]
pub fn assert_exit(o: &Output, code: i32) {
    expect_exit(o, code, "scalesim");
}

/// Assert that `o`, the run of `what`, succeeded; the panic shows its status and both outputs.
#[track_caller]
pub fn expect_success(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed ({}):\n{}",
        o.status,
        both(o)
    );
}

/// Assert that `o`, the run of `what`, exited with `code`; the panic shows its status and
/// both outputs.
#[track_caller]
pub fn expect_exit(o: &Output, code: i32, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: expected exit code {code}, got {}:\n{}",
        o.status,
        both(o)
    );
}

/// The standard output of `o` as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The standard error of `o` as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn both(o: &Output) -> String {
    format!("--- stdout\n{}--- stderr\n{}", stdout(o), stderr(o))
}

/// A path as a command-line argument (test paths are UTF-8).
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
