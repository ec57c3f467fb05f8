//! Every target a scenario sets, checked against a simulation: each reported queue (a
//! channel at a tier, every language pooled) with its KPI estimates across
//! replications, and each target as a [`Check`] of an estimate against a [`Goal`].
//! The simulate report renders them; the planner judges its rounds by them.

use crate::engine::Kpis;
use crate::engine::summary::estimates;
use crate::scenario::{Escalation, Scenario, Target};
use crate::simulate::Outcome;
use crate::stats::{Estimate, summarize};

pub use crate::misses::Goal;

fn no_data() -> Estimate {
    Estimate {
        mean: f64::NAN,
        half_width: f64::NAN,
        n: 0,
    }
}

/// One reported queue: a channel at a tier, every language pooled.
#[derive(Debug, Clone)]
pub struct QueueReport<'a> {
    /// The channel's name on the first tier (`chat`), `tier channel` on later ones (`L2 voice`).
    pub name: String,
    pub tier: usize,
    pub channel: usize,
    /// Customers wait on line (first line, warm transfers); else a backlog (e-mail, tickets).
    pub live: bool,
    /// How contacts reach a later tier; `None` on the first.
    pub arrives_by: Option<Escalation>,
    /// The scenario's target for this work, if any: the channel's target for live work
    /// and first-line e-mail, the tier's ticket target (else the channel's) for tickets.
    pub target: Option<&'a Target>,
    /// The T its service level is measured against, seconds.
    pub within_s: Option<f64>,
    /// KPI estimates across replications.
    pub kpis: Vec<(&'static str, Estimate)>,
    /// Occupancy of the busiest group serving it, across replications.
    pub busiest_group_occupancy: Estimate,
}

impl QueueReport<'_> {
    pub fn get(&self, kpi: &str) -> Estimate {
        self.kpis
            .iter()
            .find(|(k, _)| *k == kpi)
            .map_or_else(no_data, |(_, e)| *e)
    }
}

/// The name of channel `c`'s queue at tier `k`: the channel's on the first tier
/// (`chat`), `tier channel` on later ones (`L2 voice`).
pub fn queue_name(s: &Scenario, c: usize, k: usize) -> String {
    if k == 0 {
        s.channels[c].name.clone()
    } else {
        format!("{} {}", s.tiers[k].name, s.channels[c].name)
    }
}

/// Every channel on the first tier, and every channel × later tier that receives work.
pub fn queue_reports<'a>(s: &'a Scenario, o: &Outcome) -> Vec<QueueReport<'a>> {
    let (spec, agg) = (&o.spec, &o.agg);
    let mut out = Vec::new();
    for k in 0..s.tiers.len() {
        for c in 0..s.channels.len() {
            let qs: Vec<usize> = (0..spec.queues.len())
                .filter(|&q| spec.queues[q].tier == k && spec.queues[q].channel == c)
                .collect();
            let Some(&first) = qs.first() else { continue };
            let per_rep: Vec<Kpis> = agg
                .per_rep
                .iter()
                .map(|r| {
                    r.queues
                        .get(k * s.channels.len() + c)
                        .copied()
                        .unwrap_or(r.total)
                })
                .collect();
            let kpis = estimates(&per_rep);
            let offered = kpis
                .iter()
                .find(|(n, _)| *n == "offered")
                .map_or(0.0, |(_, e)| e.mean);
            if k > 0 && offered.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                continue;
            }
            let live = spec.queues[first].live;
            let target = Some(s.target_at(c, k));
            let mut groups: Vec<usize> = qs
                .iter()
                .flat_map(|&q| spec.queues[q].groups.iter().copied())
                .collect();
            groups.sort_unstable();
            groups.dedup();
            let busiest: Vec<f64> = agg
                .per_rep
                .iter()
                .map(|r| {
                    groups
                        .iter()
                        .filter_map(|&g| r.occupancy.get(g).copied())
                        .filter(|x| x.is_finite())
                        .fold(f64::NAN, f64::max)
                })
                .collect();
            out.push(QueueReport {
                name: queue_name(s, c, k),
                tier: k,
                channel: c,
                live,
                arrives_by: (k > 0).then_some(if live {
                    Escalation::WarmTransfer
                } else {
                    Escalation::Ticket
                }),
                target,
                within_s: spec.queues[first].target_s,
                kpis,
                busiest_group_occupancy: summarize(&busiest),
            });
        }
    }
    out
}

/// One target of the scenario checked against the simulation (on the mean).
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// `queue` or `group`.
    pub scope: &'static str,
    pub name: String,
    /// The KPI's key (as in the JSON and CSV).
    pub kpi: &'static str,
    /// What the table calls it.
    pub label: String,
    pub goal: Goal,
    pub value: Estimate,
    /// Decimals in the table.
    pub digits: usize,
}

impl Check {
    /// Met on the mean; `None` when the KPI has no value (no contacts).
    pub fn pass(&self) -> Option<bool> {
        self.goal.met_by(self.value.mean)
    }
}

pub fn sl_label(within_s: Option<f64>) -> String {
    within_s.map_or("service level".into(), |t| {
        format!("service level ({})", crate::duration::format_duration_s(t))
    })
}

pub fn wait_label(live: bool) -> &'static str {
    if live { "ASA (s)" } else { "mean response (s)" }
}

/// The targets one queue is checked against.
pub fn queue_checks(q: &QueueReport) -> Vec<Check> {
    let Some(t) = q.target else {
        return Vec::new();
    };
    let check = |kpi: &'static str, label: String, goal, value, digits| Check {
        scope: "queue",
        name: q.name.clone(),
        kpi,
        label,
        goal,
        value,
        digits,
    };
    let mut out = Vec::new();
    if let Some(g) = t.service_level {
        out.push(check(
            "service_level",
            sl_label(q.within_s),
            Goal::AtLeast(g),
            q.get("service_level"),
            3,
        ));
    }
    if let Some(g) = t.max_asa_s {
        out.push(check(
            "asa_s",
            wait_label(q.live).into(),
            Goal::AtMost(g),
            q.get("asa_s"),
            1,
        ));
    }
    if let (Some(g), true) = (t.max_abandon, q.live) {
        out.push(check(
            "abandon_rate",
            "abandon rate".into(),
            Goal::AtMost(g),
            q.get("abandon_rate"),
            4,
        ));
    }
    if let Some(g) = t.max_occupancy {
        out.push(check(
            "occupancy_busiest_group",
            "occupancy, busiest group".into(),
            Goal::AtMost(g),
            q.busiest_group_occupancy,
            3,
        ));
    }
    out
}

pub fn group_occupancy(o: &Outcome, g: usize) -> Estimate {
    let occ: Vec<f64> = o.agg.per_rep.iter().map(|r| r.occupancy[g]).collect();
    summarize(&occ)
}

/// Every target the scenario sets, checked on the mean: each queue's (service level,
/// ASA or mean response, abandonment, occupancy of the groups serving it) and each
/// group's occupancy cap.
pub fn checks(s: &Scenario, o: &Outcome) -> Vec<Check> {
    let mut out: Vec<Check> = queue_reports(s, o).iter().flat_map(queue_checks).collect();
    for (g, gs) in o.spec.groups.iter().enumerate() {
        if let Some(cap) = s.groups.get(g).and_then(|x| x.max_occupancy) {
            out.push(Check {
                scope: "group",
                name: gs.name.clone(),
                kpi: "occupancy",
                label: "occupancy".into(),
                goal: Goal::AtMost(cap),
                value: group_occupancy(o, g),
                digits: 3,
            });
        }
    }
    out
}
