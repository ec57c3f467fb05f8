//! Thin entry point: parse the command line, run, print the error once, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ccsim::cli::main_from_args(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
