//! The one integration-test binary.

mod cli;
mod erlang_ref;
mod replay;
mod simulate;
mod staff;
mod theory;
