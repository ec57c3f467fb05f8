//! The one integration-test binary.

mod calculator;
mod cli;
mod erlang_ref;
mod fuzz;
mod plan;
mod replay;
mod scenario_errors;
mod simulate;
mod staff;
mod templates;
mod theory;
