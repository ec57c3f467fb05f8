//! `ccsim teach`: lessons a trainer runs in front of a class. Each lesson computes its
//! numbers with the same functions the other commands use (no numbers of its own) and
//! returns them; `report::teach` writes the explanation and `plot` the picture.

use crate::erlang::{Load, Measures, Model, SlDefinition, Targets, measures, required_agents};
use crate::error::{Error, Result};

/// The lessons, with what each shows.
pub const LESSONS: [(&str, &str); 1] = [(
    "hockey-stick",
    "service level and occupancy against agents for one queue: near the target one agent fewer costs far more than one more saves",
)];

/// The hockey stick of one Erlang C queue.
#[derive(Debug, Clone)]
pub struct HockeyStick {
    pub calls: f64,
    pub interval_s: f64,
    pub aht_s: f64,
    /// Service-level target: (share, T seconds).
    pub target: (f64, f64),
    /// The fewest agents meeting the target.
    pub required: u32,
    /// Measures from a few agents below the requirement to a few above.
    pub rows: Vec<Measures>,
}

/// Erlang C measures around the agents `calls` per `interval_s` of `aht_s` need for
/// the service level `target` (share within T seconds).
pub fn hockey_stick(
    calls: f64,
    interval_s: f64,
    aht_s: f64,
    target: (f64, f64),
) -> Result<HockeyStick> {
    let load = Load::per_interval(calls, interval_s, aht_s);
    let targets = Targets {
        service_level: Some(target.0),
        within_s: Some(target.1),
        ..Targets::default()
    };
    let req = required_agents(Model::C, load, &targets)
        .map_err(|e| Error::Input(crate::erlang::calculator::explain(&e)))?;
    let stable_from = load.erlangs().floor() as u32 + 1;
    let from = req.agents.saturating_sub(4).max(stable_from).max(1);
    let rows = (from..=req.agents + 4)
        .map(|n| measures(Model::C, n, load, Some(target.1), SlDefinition::Offered))
        .collect();
    Ok(HockeyStick {
        calls,
        interval_s,
        aht_s,
        target,
        required: req.agents,
        rows,
    })
}
