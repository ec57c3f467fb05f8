//! The command line: one subcommand per user job.

use clap::{Parser, Subcommand};
use std::ffi::OsString;

use crate::error::{Error, Result};

#[derive(Debug, Parser)]
#[command(
    name = "ccsim",
    version,
    about = "Contact-centre simulator and capacity planner"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Erlang calculator (B, C, A, chat): measures at N agents, or the agents a target needs.
    Erlang,
}

/// Parse arguments and run the chosen command.
pub fn main_from_args<I, T>(args: I) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return Ok(());
            }
            return Err(Error::Input(e.to_string()));
        }
    };
    match cli.command {
        Command::Erlang => Err(Error::Failure("not built yet".into())),
    }
}
