//! The requirement of each agent group: agents on duty per interval, as the scenario
//! routes contacts, so that a group serving several languages or channels is sized
//! as one pool.
//!
//! Routing split. A (tier, channel, language) cell is answered by the groups of that
//! tier which serve both; a freed agent's group order is its `priority`, so the
//! groups with the lowest priority number (specialists) are sized to take the whole
//! cell, and groups of equal priority take equal shares. Where groups overlap in
//! skills (multi-skill), the real split depends on who is free when a contact
//! arrives: this analytic split is a starting point, and the planner's simulation
//! step settles it ([`crate::plan::schedule`] re-solves with the simulated misses).
//!
//! Sizing one group in one interval:
//! - each live channel the group serves is one Erlang queue over every language routed
//!   to the group (the channel's model and targets; the group's occupancy cap when it
//!   is lower than the channel's); the live channels' agents add up, which is
//!   conservative where one pool answers two channels (it ignores the pooling between
//!   them), and the simulation step takes the surplus back;
//! - deferred work (e-mail, tickets) is levelled over its response window
//!   ([`crate::erlang::deferred::plan`]) and fills the live agents' idle time first: the
//!   group needs `max(live agents, ⌈(busy live + deferred work) / cap⌉)` where `cap`
//!   is the group's occupancy cap (the deferred target's, else 1);
//! - scheduled agents (on shift) are the required ones / (1 − the group's shrinkage).

#![allow(clippy::needless_range_loop)] // cells are indexed by interval, channel, language and tier at once

use crate::erlang::{self, Load, Model, deferred};
use crate::error::{Error, Result};
use crate::scenario::Scenario;

use super::staff::{aht_at, flows, live_model, targets_of, unmet};

/// Share of one (tier, channel, language) cell routed to a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub channel: usize,
    pub language: usize,
    /// Share of the cell's contacts (1 when the group is the cell's only first choice).
    pub share: f64,
}

/// One group's requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRequirement {
    pub group: usize,
    /// What the analytic split gives the group.
    pub routes: Vec<Route>,
    /// Agents required on duty (not on break) per interval: whole agents.
    pub required: Vec<u32>,
    /// Agents on shift per interval: required / (1 − shrinkage).
    pub scheduled: Vec<f64>,
    /// Of `required`, the agents the live channels need on their own, per interval.
    pub live: Vec<u32>,
    /// Deferred work per interval, in agents busy with it (before any cap).
    pub deferred_busy: Vec<f64>,
    /// The group's shrinkage (share of paid time).
    pub shrinkage: f64,
    /// Whether the group shares a cell with other groups of equal priority.
    pub shared: bool,
}

impl GroupRequirement {
    /// Required agent-hours over the horizon.
    pub fn required_agent_hours(&self, interval_s: f64) -> f64 {
        self.required.iter().map(|&r| f64::from(r)).sum::<f64>() * interval_s / 3600.0
    }

    /// Scheduled (paid) agent-hours over the horizon.
    pub fn scheduled_agent_hours(&self, interval_s: f64) -> f64 {
        self.scheduled.iter().sum::<f64>() * interval_s / 3600.0
    }
}

/// The routing split of every cell: `routes[group]`.
pub fn routes(s: &Scenario) -> Vec<Vec<Route>> {
    let mut out = vec![Vec::new(); s.groups.len()];
    for k in 0..s.tiers.len() {
        for c in 0..s.channels.len() {
            for l in 0..s.languages.len() {
                let serving: Vec<usize> = (0..s.groups.len())
                    .filter(|&g| {
                        let gr = &s.groups[g];
                        gr.tier == k && gr.channels.contains(&c) && gr.languages.contains(&l)
                    })
                    .collect();
                let Some(first) = serving.iter().map(|&g| s.groups[g].priority).min() else {
                    continue;
                };
                let chosen: Vec<usize> = serving
                    .into_iter()
                    .filter(|&g| s.groups[g].priority == first)
                    .collect();
                let share = 1.0 / chosen.len() as f64;
                for g in chosen {
                    out[g].push(Route {
                        channel: c,
                        language: l,
                        share,
                    });
                }
            }
        }
    }
    out
}

/// The requirement of every group, in the scenario's order.
pub fn by_group(s: &Scenario) -> Result<Vec<GroupRequirement>> {
    let flows = flows(s);
    let d = &s.demand;
    let n = d.n_intervals;
    let iv = s.interval_s;
    let cyclic = d.is_cyclic();
    let routes = routes(s);
    let mut out = Vec::with_capacity(s.groups.len());
    for (g, group) in s.groups.iter().enumerate() {
        let k = group.tier;
        let my = &routes[g];
        let shared = my.iter().any(|r| r.share < 1.0);
        let mut live = vec![0u32; n];
        let mut busy = vec![0.0f64; n];
        let mut deferred_busy = vec![0.0f64; n];
        let mut cap = group.max_occupancy.unwrap_or(1.0);
        let mut channels: Vec<usize> = my.iter().map(|r| r.channel).collect();
        channels.dedup();
        for c in channels {
            let channel = &s.channels[c];
            // contacts and work of the group's share of channel c, per interval
            let mut contacts = vec![0.0; n];
            let mut work_s = vec![0.0; n];
            let Some(tier_aht) = s.work_time_mean_at(c, k) else {
                continue;
            };
            for r in my.iter().filter(|r| r.channel == c) {
                for i in 0..n {
                    let x = flows[k][c][r.language][i] * r.share;
                    contacts[i] += x;
                    work_s[i] += x * aht_at(s, k, c, r.language, i, tier_aht);
                }
            }
            let aht: Vec<f64> = (0..n)
                .map(|i| {
                    if contacts[i] > 0.0 {
                        work_s[i] / contacts[i]
                    } else {
                        tier_aht
                    }
                })
                .collect();
            if s.is_live_at(c, k) {
                let model = live_model(&channel.kind).unwrap_or(Model::C);
                let mut targets = targets_of(s.target_at(c, k));
                if let Some(gcap) = group.max_occupancy {
                    targets.max_occupancy =
                        Some(targets.max_occupancy.map_or(gcap, |t: f64| t.min(gcap)));
                }
                for i in 0..n {
                    let load = Load::per_interval(contacts[i], iv, aht[i]);
                    let r = erlang::required_agents(model, load, &targets)
                        .map_err(|e| unmet(s, c, i, &e))?;
                    live[i] += r.agents;
                    // (for chat the occupancy of the slots: an estimate of busy agents)
                    busy[i] += r.measures.occupancy * f64::from(r.agents);
                }
            } else {
                let target = s.target_at(c, k);
                let Some(within_s) = target.within_s else {
                    return Err(Error::Input(format!(
                        "error: {} work at tier {} has no response target: give [channel.target] within (or [tier.ticket_target] within), e.g. \"12h\"",
                        channel.name, s.tiers[k].name
                    )));
                };
                if let Some(t) = target.max_occupancy {
                    cap = cap.min(t);
                }
                let p = deferred::plan(&contacts, &aht, iv, within_s, None, cyclic);
                for (i, x) in p.intervals.iter().enumerate() {
                    deferred_busy[i] += x.agents;
                }
            }
        }
        let shrinkage = group.shrinkage.total();
        let required: Vec<u32> = (0..n)
            .map(|i| {
                let blended = if deferred_busy[i] > 0.0 {
                    ceil_agents((busy[i] + deferred_busy[i]) / cap)
                } else {
                    0
                };
                live[i].max(blended)
            })
            .collect();
        let scheduled = required
            .iter()
            .map(|&r| erlang::scheduled_agents(f64::from(r), shrinkage))
            .collect();
        out.push(GroupRequirement {
            group: g,
            routes: my.clone(),
            required,
            scheduled,
            live,
            deferred_busy,
            shrinkage,
            shared,
        });
    }
    Ok(out)
}

/// Whole agents for a fractional need, without counting a rounding hair above a whole
/// number as one more agent.
pub(super) fn ceil_agents(x: f64) -> u32 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    let r = x.round();
    if (x - r).abs() <= 1e-9 * r.max(1.0) {
        r as u32
    } else {
        x.ceil().min(f64::from(u32::MAX)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(path: &str) -> Scenario {
        crate::scenario::load(std::path::Path::new(path)).expect("scenario loads")
    }

    #[test]
    fn one_pool_of_eleven_languages_needs_fewer_agents_than_eleven_teams() {
        let pooled = by_group(&load("scenarios/pooling_pooled.toml")).expect("pooled");
        let split = by_group(&load("scenarios/pooling_split.toml")).expect("split");
        assert_eq!(pooled.len(), 1);
        assert_eq!(split.len(), 11);
        // 200 calls of 3 minutes per half hour: 20 erlangs; 80/20 needs 24 (Erlang C,
        // `ccsim erlang --model c --calls 200 --interval 30m --aht 3m --target 80/20`);
        // each language alone: 1.82 erlangs, 4 agents (--calls 18.1818)
        assert!(
            pooled[0].required.iter().all(|&r| r == 24),
            "{:?}",
            &pooled[0].required[..4]
        );
        for g in &split {
            assert!(g.required.iter().all(|&r| r == 4), "{:?}", &g.required[..4]);
            assert_eq!(g.routes.len(), 1);
        }
        let hours = |v: &[GroupRequirement]| -> f64 {
            v.iter().map(|g| g.required_agent_hours(1800.0)).sum()
        };
        assert_eq!(hours(&pooled), 24.0 * 168.0);
        assert_eq!(hours(&split), 44.0 * 168.0);
    }

    #[test]
    fn equal_priority_groups_split_a_cell_and_the_lower_number_takes_it_all() {
        let text = std::fs::read_to_string("scenarios/pooling_pooled.toml").expect("read");
        // a second universal group of equal priority: each takes half of every cell
        let twin = text.clone()
            + "\n[[group]]\nname = \"twin\"\ntier = \"L1\"\nlanguages = [\"*\"]\nchannels = [\"voice\"]\n[[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\ndays = \"all\"\nagents = 1\n";
        let s = crate::scenario::load_str(&twin, std::path::Path::new("twin.toml")).expect("twin");
        let r = by_group(&s).expect("twin");
        assert!(
            r.iter()
                .all(|g| g.shared && g.routes.iter().all(|x| x.share == 0.5))
        );
        // 10 erlangs each: 80/20 needs 14 (--calls 100)
        assert!(
            r.iter().all(|g| g.required[0] == 14),
            "{:?}",
            r[0].required[0]
        );
        // an English specialist group ahead of the universal agents takes English whole
        let spec = text
            + "\n[[group]]\nname = \"en\"\ntier = \"L1\"\npriority = -1\nlanguages = [\"en\"]\nchannels = [\"voice\"]\n[[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\ndays = \"all\"\nagents = 1\n";
        let s = crate::scenario::load_str(&spec, std::path::Path::new("spec.toml")).expect("spec");
        let r = by_group(&s).expect("spec");
        assert_eq!(r[0].routes.len(), 10);
        assert_eq!(r[1].routes.len(), 1);
        assert!(!r[0].shared && !r[1].shared);
        assert_eq!(r[1].required[0], 4);
    }

    #[test]
    fn deferred_work_fills_idle_live_time_before_it_asks_for_agents() {
        let s = load("scenarios/olymp.toml");
        let r = by_group(&s).expect("olymp");
        for g in &r {
            for i in 0..s.demand.n_intervals {
                assert!(g.required[i] >= g.live[i]);
                // never more than live agents plus the deferred work at the cap, plus one
                let cap = s.groups[g.group].max_occupancy.unwrap_or(1.0).min(0.9);
                assert!(
                    f64::from(g.required[i])
                        <= f64::from(g.live[i]) + g.deferred_busy[i] / cap + 1.0,
                    "{} at {i}",
                    s.groups[g.group].name
                );
            }
        }
        // every L1 contact is routed once: shares of each cell add up to 1
        let routes = routes(&s);
        for c in 0..s.channels.len() {
            for l in 0..s.languages.len() {
                let total: f64 = routes
                    .iter()
                    .enumerate()
                    .filter(|(g, _)| s.groups[*g].tier == 0)
                    .flat_map(|(_, v)| v.iter())
                    .filter(|x| x.channel == c && x.language == l)
                    .map(|x| x.share)
                    .sum();
                assert!((total - 1.0).abs() < 1e-12);
            }
        }
    }
}
