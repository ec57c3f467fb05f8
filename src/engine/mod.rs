//! The discrete-event engine: one event loop ([`sim`]) over a compiled model of the
//! centre ([`spec`]), recording streaming statistics ([`record`]). No I/O, no CLI,
//! no progress bar: progress goes to an [`Observer`] the caller hands in.

pub mod record;
pub mod sim;
pub mod spec;

pub use record::Recorder;
pub use sim::{EventCounts, Observer, Silent, Sim};
pub use spec::{SimOptions, Spec, compile};

/// The outcome of one replication.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub replication: u64,
    pub rec: Recorder,
    pub counts: EventCounts,
}

/// Run one replication of `spec` with streams derived from (`seed`, `replication`).
pub fn run_replication(
    spec: &Spec,
    seed: u64,
    replication: u64,
    observer: &mut dyn Observer,
) -> RunResult {
    let mut sim = Sim::new(spec, seed, replication);
    sim.run(observer);
    RunResult {
        replication,
        rec: sim.rec,
        counts: sim.counts,
    }
}
