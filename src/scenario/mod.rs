//! Scenario files: raw serde structs (`file`) are checked (`validate`) into the plain
//! model (`model`); every problem is reported with `path:line:col`.

pub mod model;

pub use model::*;
