//! Thin entry point: parse the command line, run, print the error once, exit.
//!
//! Exit status: 0 done, 1 a runtime failure (writing a file, ...), 2 bad input (a
//! file or flag; the message says what to change), 3 targets missed (`--check` on
//! `staff` or `simulate`, after everything was printed and written), 130 interrupted (Ctrl-C, SIGTERM,
//! SIGHUP: staged output files are removed first).

use std::process::ExitCode;

fn main() -> ExitCode {
    ccsim::report::install_interrupt_handler();
    match ccsim::cli::main_from_args(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
