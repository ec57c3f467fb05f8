//! ccsim: a contact-centre simulator and capacity planner.
//!
//! The pipeline: a scenario file is read and validated into a plain model
//! ([`scenario`]); pure Erlang mathematics ([`erlang`]) gives the analytic staffing
//! answer; the discrete-event [`engine`] simulates it, recording with the streaming
//! statistics of [`stats`] (histograms, time-weighted levels, confidence intervals);
//! [`plan`] turns it into required and scheduled agents per interval; [`report`] turns
//! results into bytes (tables, CSV, JSON) and one place writes files. Historical
//! contacts load through [`trace`] (one loader for ccsim's CSV and the Anonymous Bank
//! files); they feed `ccsim replay` ([`replay`]) and `ccsim simulate --trace`.

pub mod cli;
pub mod compare;
pub mod dist;
pub mod duration;
pub mod engine;
pub mod erlang;
pub mod error;
pub mod examples;
pub mod fit;
pub mod limits;
pub mod misses;
pub mod plan;
pub mod plot;
pub mod replay;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod simulate;
pub mod stats;
pub mod sweep;
pub mod targets;
pub mod teach;
pub mod trace;
pub mod validation;

pub use error::{Error, Result};
