//! The one integration-test binary.

mod cli;
mod erlang_ref;
mod replay;
mod staff;
mod theory;
