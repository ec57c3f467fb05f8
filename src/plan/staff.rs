//! The analytic staffing requirement of a scenario: for every interval × channel ×
//! language × tier, the offered load, the agents the channel's targets require, and
//! the agents to schedule after shrinkage; then a weekly summary of FTE and cost.
//!
//! Flows through the tiers: of the contacts reaching tier k a share `resolve` is
//! resolved, `escalate` goes on to tier k+1 and the rest leaves unresolved; a share of
//! the unresolved comes back as new first-line contacts `recontact.delay` later. A warm
//! transfer arrives at the next tier in the same interval with the customer still on
//! line (a live queue with the channel's targets); a ticket joins the next tier's
//! backlog (deferred work with the tier's ticket target). A ticket stays a ticket on
//! later tiers, and deferred channels escalate only as tickets.

#![allow(clippy::needless_range_loop)] // cells are indexed by interval, channel, language and tier at once

use crate::erlang::{self, Binding, Load, Model, SlDefinition, Targets, deferred};
use crate::error::{Error, Result};
use crate::scenario::{ChannelKind, LiveModel, Scenario, Target};

use super::requirement::{self, GroupRequirement};

/// How contacts of one cell are worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Customers wait on line (first line, or warm transfer).
    Live,
    /// A backlog answered within a response target (e-mail, tickets).
    Deferred,
}

impl Work {
    pub fn name(&self) -> &'static str {
        match self {
            Work::Live => "live",
            Work::Deferred => "deferred",
        }
    }
}

/// One interval × channel × language × tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub interval: usize,
    pub channel: usize,
    pub language: usize,
    pub tier: usize,
    pub work: Work,
    /// Contacts arriving in the interval (re-contacts included).
    pub contacts: f64,
    /// Mean handle time, seconds.
    pub aht_s: f64,
    /// Offered load, Erlang (contacts × AHT / interval).
    pub offered_load_erlangs: f64,
    /// Agents required (whole agents for live work; fractional for deferred work).
    pub required: f64,
    /// Agents to schedule after shrinkage: required / (1 − shrinkage).
    pub scheduled: f64,
    /// Service level at the required agents (live work with a service-level target).
    pub service_level: Option<f64>,
    /// Average speed of answer at the required agents, seconds (live work).
    pub asa_s: Option<f64>,
    /// Share abandoning at the required agents (live work where customers abandon).
    pub p_abandon: Option<f64>,
    /// Occupancy at the required agents (live work).
    pub occupancy: Option<f64>,
    /// Contacts carried into the next interval (deferred work).
    pub backlog: Option<f64>,
    /// Targets that one agent fewer would miss (live work), or `OCC` where the
    /// deferred occupancy cap applies.
    pub binding: Vec<Binding>,
}

/// Per-tier weekly figures.
#[derive(Debug, Clone, PartialEq)]
pub struct TierSummary {
    pub tier: usize,
    /// Required agent-hours per week.
    pub required_agent_hours: f64,
    /// Scheduled (paid) agent-hours per week.
    pub scheduled_agent_hours: f64,
    /// Full-time equivalents: scheduled hours / hours per FTE week.
    pub fte: f64,
    /// Paid cost per week: scheduled hours × the tier's cost per agent-hour.
    pub cost_per_week: f64,
    /// Largest number of agents scheduled in one interval.
    pub peak_scheduled: f64,
    /// Required agent-hours per week if every language were pooled in one team of
    /// universal agents (same channels and tier): the pooling gain's baseline.
    pub pooled_required_agent_hours: f64,
    /// Required agent-hours per week if every channel × language cell were its own
    /// team (equal to `required_agent_hours` for a scenario without groups).
    pub cells_required_agent_hours: f64,
}

/// What the weekly figures are sized by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Each agent group is one pool of the contacts routed to it.
    Groups,
    /// Each channel × language × tier cell is its own team (a scenario without groups).
    Cells,
}

/// The whole requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffPlan {
    pub cells: Vec<Cell>,
    pub tiers: Vec<TierSummary>,
    /// Shrinkage applied (share of paid time).
    pub shrinkage: f64,
    /// Horizon, seconds.
    pub horizon_s: f64,
    /// Whether the horizon is a repeating week (profile demand).
    pub cyclic: bool,
    /// Mean e-mail/ticket response time, seconds, weighted by contacts (if any deferred
    /// work): every deferred queue mixed, so not comparable with any one target; see
    /// `deferred` for each queue.
    pub deferred_mean_response_s: Option<f64>,
    /// Each deferred queue (a channel's e-mail at the first tier, tickets at later
    /// tiers), every language pooled, in tier then channel order.
    pub deferred: Vec<DeferredQueue>,
    /// What the tiers' weekly figures are sized by.
    pub basis: Basis,
    /// Each group's requirement (empty for a scenario without groups).
    pub groups: Vec<GroupRequirement>,
    /// Trunk lines of each live channel with a `max_blocking` target.
    pub lines: Vec<ChannelLines>,
}

/// The trunk lines a live channel needs for its blocking target: Erlang B on the load
/// the lines carry, each first-line call holding one while it waits and while it talks
/// (arrivals × (AHT + ASA at the required agents) per interval, every language).
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelLines {
    pub channel: usize,
    pub max_blocking: f64,
    /// Lines needed in each interval of the demand.
    pub per_interval: Vec<u32>,
    /// The most lines any interval needs: what to install.
    pub peak: u32,
}

/// The fewest lines whose Erlang B blocking at `load_erlangs` is at most `target`.
pub fn lines_for(load_erlangs: f64, target: f64) -> u32 {
    if load_erlangs.is_nan() || load_erlangs <= 0.0 {
        return 0;
    }
    let mut k = 1u32;
    while crate::erlang::erlang_b(k, load_erlangs) > target && k < crate::limits::MAX_LINES {
        k += 1;
    }
    k
}

/// [`ChannelLines`] of every live channel whose target sets `max_blocking`.
fn channel_lines(s: &Scenario, cells: &[Cell]) -> Vec<ChannelLines> {
    let n = s.demand.n_intervals;
    s.channels
        .iter()
        .enumerate()
        .filter(|(_, ch)| ch.is_live())
        .filter_map(|(c, ch)| ch.target.max_blocking.map(|b| (c, b)))
        .map(|(c, b)| {
            let mut load = vec![0.0f64; n];
            for cell in cells.iter().filter(|x| x.tier == 0 && x.channel == c) {
                let hold_s = cell.aht_s + cell.asa_s.unwrap_or(0.0);
                if let Some(l) = load.get_mut(cell.interval) {
                    *l += cell.contacts * hold_s / s.interval_s;
                }
            }
            let per_interval: Vec<u32> = load.iter().map(|&a| lines_for(a, b)).collect();
            ChannelLines {
                channel: c,
                max_blocking: b,
                peak: per_interval.iter().copied().max().unwrap_or(0),
                per_interval,
            }
        })
        .collect()
}

/// The planned responses of one deferred queue (channel × tier, every language).
#[derive(Debug, Clone, PartialEq)]
pub struct DeferredQueue {
    pub channel: usize,
    pub tier: usize,
    /// The target this work is planned against (the channel's, or the tier's ticket target).
    pub target: Target,
    /// The response target T, seconds.
    pub within_s: f64,
    /// Contacts answered per horizon.
    pub answered: f64,
    /// Mean response time of the answered contacts, seconds (interval midpoints).
    pub mean_response_s: f64,
    /// Longest response time, seconds (interval midpoints).
    pub max_response_s: f64,
    /// Share answered within T.
    pub attainment: f64,
}

const WEEK_S: f64 = 7.0 * 86400.0;

/// Arrivals per interval at every tier, per channel and language: `[tier][channel][language][interval]`.
pub(super) fn flows(s: &Scenario) -> Vec<Vec<Vec<Vec<f64>>>> {
    let d = &s.demand;
    let n = d.n_intervals;
    let cyclic = s.demand.is_cyclic();
    let reach = s.tier_reach();
    // validation keeps back below 1 (the re-contacts die out): see Scenario::recontact_back
    let back = s.recontact_back();
    let delay = (s.recontact.delay_s / s.interval_s).round() as usize;
    let mut out = vec![vec![vec![vec![0.0; n]; d.n_languages]; d.n_channels]; s.tiers.len()];
    for c in 0..d.n_channels {
        for l in 0..d.n_languages {
            let base: Vec<f64> = (0..n).map(|i| d.contacts(i, c, l)).collect();
            let total = with_recontacts(&base, back, delay, cyclic);
            for (k, r) in reach.iter().enumerate() {
                out[k][c][l] = total.iter().map(|x| x * r).collect();
            }
        }
    }
    out
}

/// total_i = base_i + back · total_{i−delay}: from zero history when not cyclic (one
/// exact pass), else around the repeating week, solved exactly for 0 ≤ back < 1. The
/// map i → i + delay (mod n) splits the week into gcd(n, delay) cycles of length
/// L = n / gcd; on each, total at its first interval is
/// Σ_{t<L} back^t · base_{−t·delay} / (1 − back^L), and the rest follow by the
/// recurrence: linear time, no iteration, no cut-off.
fn with_recontacts(base: &[f64], back: f64, delay: usize, cyclic: bool) -> Vec<f64> {
    let n = base.len();
    if back.is_nan() || back <= 0.0 || n == 0 {
        return base.to_vec();
    }
    if !cyclic {
        if delay == 0 {
            return base.iter().map(|b| b / (1.0 - back)).collect();
        }
        let mut total = base.to_vec();
        for i in delay..n {
            total[i] = base[i] + back * total[i - delay];
        }
        return total;
    }
    let d = delay % n;
    if d == 0 {
        return base.iter().map(|b| b / (1.0 - back)).collect();
    }
    let (mut a, mut b) = (n, d);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let (cycles, len) = (a, n / a);
    // 1 − back^L, without cancellation when back is near 1
    let denom = -((len as f64) * back.ln()).exp_m1();
    let mut total = vec![0.0; n];
    for start in 0..cycles {
        let (mut acc, mut w, mut j) = (0.0, 1.0, start);
        for _ in 0..len {
            acc += w * base[j];
            w *= back;
            j = (j + n - d) % n;
        }
        let mut prev = acc / denom;
        total[start] = prev;
        let mut j = (start + d) % n;
        for _ in 1..len {
            prev = base[j] + back * prev;
            total[j] = prev;
            j = (j + d) % n;
        }
    }
    total
}

pub(super) fn targets_of(t: &Target) -> Targets {
    Targets {
        service_level: t.service_level,
        within_s: t.within_s,
        max_asa_s: t.max_asa_s,
        max_abandon: t.max_abandon,
        max_occupancy: t.max_occupancy,
        max_blocking: None,
        sl_definition: SlDefinition::Offered,
    }
}

pub(super) fn live_model(kind: &ChannelKind) -> Option<Model> {
    match kind {
        ChannelKind::Live {
            patience,
            concurrency,
            concurrency_stretch,
            model,
        } => Some(match model {
            LiveModel::ErlangC => Model::C,
            LiveModel::ErlangA => Model::A {
                patience_s: patience.as_ref().map_or(f64::INFINITY, |p| p.mean_s()),
            },
            LiveModel::Chat => Model::Chat {
                concurrency: *concurrency,
                stretch: *concurrency_stretch,
                patience_s: patience.as_ref().map(|p| p.mean_s()),
            },
        }),
        ChannelKind::Deferred => None,
    }
}

/// Compute the requirement of a validated scenario.
pub fn staff(s: &Scenario) -> Result<StaffPlan> {
    let d = &s.demand;
    let n = d.n_intervals;
    let interval_s = s.interval_s;
    let shrinkage = s.shrinkage.total();
    let cyclic = s.demand.is_cyclic();
    let flows = flows(s);
    let mut cells = Vec::with_capacity(n * d.n_channels * d.n_languages * s.tiers.len());
    let (mut resp_sum, mut resp_n) = (0.0, 0.0);
    let mut deferred_queues = Vec::new();
    let mut pooled_hours = vec![0.0; s.tiers.len()];
    for (k, tier) in s.tiers.iter().enumerate() {
        for (c, channel) in s.channels.iter().enumerate() {
            let work = if s.is_live_at(c, k) {
                Work::Live
            } else {
                Work::Deferred
            };
            let Some(tier_aht) = s.work_time_mean_at(c, k) else {
                if flows[k][c].iter().flatten().any(|x| *x > 0.0) {
                    return Err(Error::Input(format!(
                        "error: tier {} receives {} contacts but no tier up to it has a handle time for {}: add [tier.handle_time] {} = ...",
                        tier.name, channel.name, channel.name, channel.name
                    )));
                }
                continue;
            };
            let aht_for = |i: usize, l: usize| aht_at(s, k, c, l, i, tier_aht);
            match work {
                Work::Live => {
                    let model = live_model(&channel.kind).unwrap_or(Model::C);
                    let targets = targets_of(&channel.target);
                    if targets.is_empty() {
                        return Err(Error::Input(channel.target.problem(
                            format!("channel {} has no target to staff against", channel.name),
                            "add service_level and within under [channel.target] (or max_asa / max_abandon / max_occupancy)",
                        )));
                    }
                    for l in 0..d.n_languages {
                        for i in 0..n {
                            let contacts = flows[k][c][l][i];
                            let aht = aht_for(i, l);
                            cells.push(live_cell(
                                s,
                                model,
                                &targets,
                                (i, c, l, k),
                                contacts,
                                aht,
                                shrinkage,
                            )?);
                        }
                    }
                    // pooled: all languages in one team
                    for i in 0..n {
                        let contacts: f64 = (0..d.n_languages).map(|l| flows[k][c][l][i]).sum();
                        let work_s: f64 = (0..d.n_languages)
                            .map(|l| flows[k][c][l][i] * aht_for(i, l))
                            .sum();
                        let aht = if contacts > 0.0 {
                            work_s / contacts
                        } else {
                            tier_aht
                        };
                        let load = Load::per_interval(contacts, interval_s, aht);
                        let r = erlang::required_agents(model, load, &targets)
                            .map_err(|e| unmet(s, c, i, &e))?;
                        pooled_hours[k] += r.agents as f64 * interval_s / 3600.0;
                    }
                }
                Work::Deferred => {
                    let target = s.target_at(c, k);
                    let Some(within_s) = target.within_s else {
                        return Err(Error::Input(format!(
                            "error: {} work at tier {} has no response target: give [channel.target] within (or [tier.ticket_target] within), e.g. \"12h\"",
                            channel.name, tier.name
                        )));
                    };
                    let mut pooled_work = vec![0.0; n];
                    let mut pooled_contacts = vec![0.0; n];
                    let mut dq = DeferredQueue {
                        channel: c,
                        tier: k,
                        target: target.clone(),
                        within_s,
                        answered: 0.0,
                        mean_response_s: 0.0,
                        max_response_s: 0.0,
                        attainment: 0.0,
                    };
                    for l in 0..d.n_languages {
                        let contacts = &flows[k][c][l];
                        let ahts: Vec<f64> = (0..n).map(|i| aht_for(i, l)).collect();
                        for i in 0..n {
                            pooled_work[i] += contacts[i] * ahts[i];
                            pooled_contacts[i] += contacts[i];
                        }
                        let p = deferred::plan(
                            contacts,
                            &ahts,
                            interval_s,
                            within_s,
                            target.max_occupancy,
                            cyclic,
                        );
                        let answered: f64 = p.intervals.iter().map(|iv| iv.answered).sum();
                        resp_sum += p.mean_response_s * answered;
                        resp_n += answered;
                        if answered > 0.0 {
                            dq.answered += answered;
                            dq.mean_response_s += p.mean_response_s * answered;
                            dq.attainment += p.attainment * answered;
                            dq.max_response_s = dq.max_response_s.max(p.max_response_s);
                        }
                        for (i, iv) in p.intervals.iter().enumerate() {
                            cells.push(Cell {
                                interval: i,
                                channel: c,
                                language: l,
                                tier: k,
                                work,
                                contacts: contacts[i],
                                aht_s: ahts[i],
                                offered_load_erlangs: contacts[i] * ahts[i] / interval_s,
                                required: iv.agents,
                                scheduled: erlang::scheduled_agents(iv.agents, shrinkage),
                                service_level: None,
                                asa_s: None,
                                p_abandon: None,
                                occupancy: None,
                                backlog: Some(iv.backlog),
                                binding: if target.max_occupancy.is_some() && iv.agents > 0.0 {
                                    vec![Binding::Occupancy]
                                } else {
                                    Vec::new()
                                },
                            });
                        }
                    }
                    if dq.answered > 0.0 {
                        dq.mean_response_s /= dq.answered;
                        dq.attainment /= dq.answered;
                        deferred_queues.push(dq);
                    }
                    let ahts: Vec<f64> = (0..n)
                        .map(|i| {
                            if pooled_contacts[i] > 0.0 {
                                pooled_work[i] / pooled_contacts[i]
                            } else {
                                tier_aht
                            }
                        })
                        .collect();
                    let p = deferred::plan(
                        &pooled_contacts,
                        &ahts,
                        interval_s,
                        within_s,
                        target.max_occupancy,
                        cyclic,
                    );
                    pooled_hours[k] +=
                        p.intervals.iter().map(|iv| iv.agents).sum::<f64>() * interval_s / 3600.0;
                }
            }
        }
    }
    cells.sort_by_key(|x| (x.interval, x.tier, x.channel, x.language));
    let horizon_s = n as f64 * interval_s;
    let per_week = WEEK_S / horizon_s.max(interval_s);
    let groups = if s.groups.is_empty() {
        Vec::new()
    } else {
        requirement::by_group(s)?
    };
    let basis = if groups.is_empty() {
        Basis::Cells
    } else {
        Basis::Groups
    };
    let tiers = s
        .tiers
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let mut peak = vec![0.0; n];
            let (mut req_h, mut sch_h) = (0.0, 0.0);
            for cell in cells.iter().filter(|x| x.tier == k) {
                req_h += cell.required * interval_s / 3600.0;
                sch_h += cell.scheduled * interval_s / 3600.0;
                peak[cell.interval] += cell.scheduled;
            }
            let cells_req_week = req_h * per_week;
            let mut cost_week = sch_h * per_week * t.cost_per_agent_hour;
            if basis == Basis::Groups {
                (req_h, sch_h, cost_week) = (0.0, 0.0, 0.0);
                peak = vec![0.0; n];
                for g in groups.iter().filter(|g| s.groups[g.group].tier == k) {
                    req_h += g.required_agent_hours(interval_s);
                    let h = g.scheduled_agent_hours(interval_s);
                    sch_h += h;
                    cost_week += h * per_week * s.groups[g.group].cost_per_agent_hour;
                    for (p, x) in peak.iter_mut().zip(&g.scheduled) {
                        *p += x;
                    }
                }
            }
            let sch_week = sch_h * per_week;
            TierSummary {
                tier: k,
                required_agent_hours: req_h * per_week,
                scheduled_agent_hours: sch_week,
                fte: erlang::fte(sch_week, s.hours_per_fte_week),
                cost_per_week: cost_week,
                peak_scheduled: peak.iter().fold(0.0, |a, b| a.max(*b)),
                pooled_required_agent_hours: pooled_hours[k] * per_week,
                cells_required_agent_hours: cells_req_week,
            }
        })
        .collect();
    let lines = channel_lines(s, &cells);
    Ok(StaffPlan {
        lines,
        cells,
        tiers,
        shrinkage,
        horizon_s,
        cyclic,
        deferred_mean_response_s: (resp_n > 0.0).then(|| resp_sum / resp_n),
        deferred: deferred_queues,
        basis,
        groups,
    })
}

/// Mean time an agent is occupied by a first-line contact of channel `c`, language `l`
/// in interval `i` at tier `k`: the forecast's handle time where it gives one (first
/// tier only) plus the tier's after-call work, else `tier_aht` (the tier's handle time
/// and after-call work, see [`Scenario::work_time_mean_at`]).
pub(super) fn aht_at(s: &Scenario, k: usize, c: usize, l: usize, i: usize, tier_aht: f64) -> f64 {
    if k == 0 {
        let d = &s.demand;
        let v = d.aht_s[d.index(i, c, l)];
        if v.is_finite() && v > 0.0 {
            return v + s.wrap_up_at(c, k).map_or(0.0, |w| w.mean_s());
        }
    }
    tier_aht
}

/// A live channel's targets that no number of agents meets in interval `i`, at the
/// target's place in the scenario file.
pub(super) fn unmet(s: &Scenario, c: usize, i: usize, e: &erlang::StaffingError) -> Error {
    let label = s.demand.labels.get(i).map_or("", String::as_str);
    Error::Input(s.channels[c].target.problem(
        format!("channel {} at {label}: {e}", s.channels[c].name),
        "relax this target, or check that interval's contacts and handle time",
    ))
}

fn live_cell(
    s: &Scenario,
    model: Model,
    targets: &Targets,
    (i, c, l, k): (usize, usize, usize, usize),
    contacts: f64,
    aht_s: f64,
    shrinkage: f64,
) -> Result<Cell> {
    let load = Load::per_interval(contacts, s.interval_s, aht_s);
    let r = erlang::required_agents(model, load, targets).map_err(|e| unmet(s, c, i, &e))?;
    let m = r.measures;
    let required = r.agents as f64;
    Ok(Cell {
        interval: i,
        channel: c,
        language: l,
        tier: k,
        work: Work::Live,
        contacts,
        aht_s,
        offered_load_erlangs: load.erlangs(),
        required,
        scheduled: erlang::scheduled_agents(required, shrinkage),
        service_level: m.service_level,
        asa_s: m.asa_s,
        p_abandon: m.p_abandon,
        occupancy: Some(m.occupancy),
        backlog: None,
        binding: r.binding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recontacts_cycle_to_their_fixed_point() {
        // constant base 10, 20% back after 2 intervals: total = 10 / 0.8 everywhere
        let t = with_recontacts(&[10.0; 8], 0.2, 2, true);
        for v in t {
            assert!((v - 12.5).abs() < 1e-9, "{v}");
        }
        // not cyclic: the first `delay` intervals have no history
        let t = with_recontacts(&[10.0; 4], 0.2, 2, false);
        assert_eq!(t[0], 10.0);
        assert!((t[2] - 12.0).abs() < 1e-12);
    }

    #[test]
    fn a_target_no_number_of_agents_meets_is_reported_at_its_key() {
        // ten million calls of a day each a week: 1.4 million erlangs, more than the
        // most agents ccsim staffs
        let text = std::fs::read_to_string("scenarios/mmc.toml")
            .expect("mmc")
            .replacen("weekly_contacts = 33600", "weekly_contacts = 1e7", 1)
            .replacen("mean = \"3m\"", "mean = \"1d\"", 1);
        let s = crate::scenario::load_str(&text, std::path::Path::new("scenarios/mmc.toml"))
            .expect("mmc loads");
        let Err(err) = staff(&s) else {
            panic!("1.4 million erlangs staffed");
        };
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(
            text.starts_with(
                "error: channel voice at Mon 00:00: the targets cannot be met with 100000 agents"
            ),
            "{text}"
        );
        assert!(
            text.ends_with("\n  --> scenarios/mmc.toml:17:17\n   |\n17 | service_level = 0.80\n   |                 ^\n   = help: relax this target, or check that interval's contacts and handle time"),
            "{text}"
        );
    }

    #[test]
    fn recontacts_near_one_reach_the_exact_fixed_point() {
        // a week of half hours, returns after 24 h, 99.9% come back: the fixed point
        // holds in every interval (200 sweeps stopped 25% short of it)
        let n = 336;
        let base: Vec<f64> = (0..n).map(|i| 1.0 + (i % 48) as f64).collect();
        for (back, delay) in [(0.999, 48), (0.5, 7), (0.9, 336 + 5), (0.3, 0)] {
            let t = with_recontacts(&base, back, delay, true);
            for i in 0..n {
                let earlier = t[(i + n * (delay / n + 1) - delay) % n];
                let want = base[i] + back * earlier;
                assert!(
                    (t[i] - want).abs() <= 1e-12 * want,
                    "back {back} delay {delay} at {i}: {} vs {want}",
                    t[i]
                );
            }
            // in the long run every first contact brings 1 / (1 − back) contacts
            let ratio = t.iter().sum::<f64>() / base.iter().sum::<f64>();
            assert!((ratio * (1.0 - back) - 1.0).abs() < 1e-9, "{ratio}");
        }
    }
}
