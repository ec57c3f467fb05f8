//! Scenario files: raw serde structs ([`raw`]) are checked ([`validate`], [`demand`])
//! into the plain model ([`model`]); every problem is reported at once with
//! `path:line:col`, the line, a caret and what to change ([`diagnostic`]). A roster
//! file replaces the shifts of some groups ([`load_roster`], [`roster_toml`]).

mod demand;
pub mod diagnostic;
mod load;
pub mod model;
pub mod raw;
mod roster;
mod validate;

pub use demand::{civil_from_days, days_from_civil, parse_timestamp};
pub use diagnostic::{Diagnostic, LoadError};
pub(crate) use load::nearest;
pub use load::{load, load_str, read_scenario_text};
pub use model::*;
pub use roster::{apply_roster, load_roster, roster_toml};
