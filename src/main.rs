//! The `scalesim` binary: parse arguments, run, map errors to exit codes (see `cli`).

use clap::Parser;
use scalesim::cli::{dispatch, Cli, Interrupted};
use scalesim::error::InputError;
use std::process::ExitCode;

fn main() -> ExitCode {
    match dispatch(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            if e.chain().any(|c| c.downcast_ref::<Interrupted>().is_some()) {
                return ExitCode::from(130);
            }
            eprintln!("error: {e:#}");
            if e.chain().any(|c| c.downcast_ref::<InputError>().is_some()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
