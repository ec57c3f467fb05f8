//! The one integration-test binary.

mod cli;
mod erlang_ref;
mod staff;
mod theory;
