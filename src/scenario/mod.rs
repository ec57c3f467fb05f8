//! Scenario files: raw serde structs ([`raw`]) are checked ([`load`]) into the plain
//! model ([`model`]); every problem is reported at once with `path:line:col`, the line,
//! a caret and what to change ([`diagnostic`]).

pub mod diagnostic;
mod load;
pub mod model;
pub mod raw;

pub use diagnostic::{Diagnostic, LoadError};
pub use load::{days_from_civil, load, load_str, parse_timestamp};
pub use model::*;
