//! The kinds of failure a user can tell apart by exit status.

use std::fmt;

/// An error that ends a command. Bad input exits 2; targets missed under `--check`
/// exit 3; anything else exits 1.
#[derive(Debug)]
pub enum Error {
    /// The user's input (a file, a flag) is wrong; the message says what to change.
    Input(String),
    /// Something failed that is not the input's fault (writing a file, ...).
    Failure(String),
    /// `--check`: the command ran and printed everything, but targets were missed (exit 3).
    TargetsMissed(String),
}

impl Error {
    /// Exit status for this error: 2 for bad input, 1 for a runtime failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Failure(_) => 1,
            Error::TargetsMissed(_) => 3,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) | Error::Failure(m) | Error::TargetsMissed(m) => {
                f.write_str(m.trim_end())
            }
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
