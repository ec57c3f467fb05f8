//! Exports of a staffing plan: text tables, CSV and JSON, all as bytes or strings.

use crate::erlang::Binding;
use crate::plan::staff::{Basis, DeferredQueue};
use crate::plan::{Cell, StaffPlan};
use crate::report::format::{
    SCHEMA_VERSION, binding_codes, binding_legend, fmt_fixed, fmt_pct, paint_verdicts,
};
use crate::report::{Table, json_f64};
use crate::scenario::Scenario;

/// A deferred queue's name: the channel on the first tier (`email`), `tier channel`
/// later (`L2 chat`), as in `ccsim simulate`.
fn deferred_name(s: &Scenario, d: &DeferredQueue) -> String {
    if d.tier == 0 {
        s.channels[d.channel].name.clone()
    } else {
        format!("{} {}", s.tiers[d.tier].name, s.channels[d.channel].name)
    }
}

/// Whether a deferred queue's plan meets its target: the share answered within T.
pub fn deferred_pass(d: &DeferredQueue) -> bool {
    d.target.service_level.is_none_or(|g| d.attainment >= g)
}

fn deferred_target_text(d: &DeferredQueue) -> String {
    let within = crate::duration::format_duration_s(d.within_s);
    match d.target.service_level {
        Some(g) => format!("≥ {} within {within}", fmt_fixed(g, 2)),
        None => format!("within {within}"),
    }
}

/// The targets the plan misses, for `--check`: deferred queues whose planned
/// responses fall short (live cells are staffed to meet theirs).
pub fn missed(s: &Scenario, p: &StaffPlan) -> Vec<String> {
    p.deferred
        .iter()
        .filter(|d| !deferred_pass(d))
        .map(|d| format!("{} ({})", deferred_name(s, d), deferred_target_text(d)))
        .collect()
}

/// Header of every cell export, with units.
pub const CELL_COLUMNS: [&str; 17] = [
    "interval",
    "interval_start",
    "channel",
    "language",
    "tier",
    "work",
    "contacts",
    "aht_s",
    "offered_load_erlangs",
    "required_agents",
    "scheduled_agents",
    "service_level",
    "asa_s",
    "p_abandon",
    "occupancy",
    "backlog_contacts",
    "binding",
];

fn cell_row(s: &Scenario, c: &Cell) -> Vec<String> {
    let opt = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.6}"));
    vec![
        c.interval.to_string(),
        s.demand.labels.get(c.interval).cloned().unwrap_or_default(),
        s.channels[c.channel].name.clone(),
        s.languages[c.language].name.clone(),
        s.tiers[c.tier].name.clone(),
        c.work.name().into(),
        format!("{:.6}", c.contacts),
        format!("{:.3}", c.aht_s),
        format!("{:.6}", c.offered_load_erlangs),
        format!("{:.4}", c.required),
        format!("{:.4}", c.scheduled),
        opt(c.service_level),
        opt(c.asa_s.filter(|x| x.is_finite())),
        opt(c.p_abandon),
        opt(c.occupancy),
        opt(c.backlog),
        binding_codes(&c.binding),
    ]
}

/// Every cell as CSV.
pub fn cells_csv(s: &Scenario, p: &StaffPlan) -> crate::Result<Vec<u8>> {
    let mut t = Table::new(CELL_COLUMNS);
    for c in &p.cells {
        t.push(cell_row(s, c));
    }
    t.to_csv()
}

/// Totals over all tiers: (required h, scheduled h, FTE, cost, pooled required h).
fn totals(p: &StaffPlan) -> (f64, f64, f64, f64, f64) {
    p.tiers.iter().fold((0.0, 0.0, 0.0, 0.0, 0.0), |a, t| {
        (
            a.0 + t.required_agent_hours,
            a.1 + t.scheduled_agent_hours,
            a.2 + t.fte,
            a.3 + t.cost_per_week,
            a.4 + t.pooled_required_agent_hours,
        )
    })
}

/// The documented JSON object of `ccsim staff --json`.
pub fn json(s: &Scenario, p: &StaffPlan) -> serde_json::Value {
    let tiers: Vec<_> = p
        .tiers
        .iter()
        .map(|t| {
            serde_json::json!({
                "tier": s.tiers[t.tier].name,
                "required_agent_hours_per_week": t.required_agent_hours,
                "scheduled_agent_hours_per_week": t.scheduled_agent_hours,
                "fte": t.fte,
                "cost_per_week": t.cost_per_week,
                "peak_scheduled_agents": t.peak_scheduled,
                "pooled_required_agent_hours_per_week": t.pooled_required_agent_hours,
                "cells_required_agent_hours_per_week": t.cells_required_agent_hours,
            })
        })
        .collect();
    let per_week = per_week(p, s);
    let groups: Vec<_> = p
        .groups
        .iter()
        .map(|g| {
            let group = &s.groups[g.group];
            let sch_h = g.scheduled_agent_hours(s.interval_s) * per_week;
            serde_json::json!({
                "group": group.name,
                "tier": s.tiers[group.tier].name,
                "routes": g.routes.iter().map(|r| serde_json::json!({
                    "channel": s.channels[r.channel].name,
                    "language": s.languages[r.language].name,
                    "share": r.share,
                })).collect::<Vec<_>>(),
                "shares_cells_with_other_groups": g.shared,
                "shrinkage": g.shrinkage,
                "required_agent_hours_per_week": g.required_agent_hours(s.interval_s) * per_week,
                "scheduled_agent_hours_per_week": sch_h,
                "fte": crate::erlang::fte(sch_h, s.hours_per_fte_week),
                "cost_per_week": sch_h * group.cost_per_agent_hour,
                "required_agents": g.required,
                "live_agents": g.live,
            })
        })
        .collect();
    let (req, sch, fte, cost, pooled) = totals(p);
    let cells: Vec<_> = p
        .cells
        .iter()
        .map(|c| {
            serde_json::json!({
                "interval": c.interval,
                "interval_start": s.demand.labels.get(c.interval),
                "channel": s.channels[c.channel].name,
                "language": s.languages[c.language].name,
                "tier": s.tiers[c.tier].name,
                "work": c.work.name(),
                "contacts": c.contacts,
                "aht_s": c.aht_s,
                "offered_load_erlangs": c.offered_load_erlangs,
                "required_agents": c.required,
                "scheduled_agents": c.scheduled,
                "service_level": json_f64(c.service_level),
                "asa_s": json_f64(c.asa_s),
                "p_abandon": json_f64(c.p_abandon),
                "occupancy": json_f64(c.occupancy),
                "backlog_contacts": json_f64(c.backlog),
                "binding": c.binding.iter().map(Binding::code).collect::<Vec<_>>(),
            })
        })
        .collect();
    let deferred: Vec<_> = p
        .deferred
        .iter()
        .map(|d| {
            serde_json::json!({
                "name": deferred_name(s, d),
                "tier": s.tiers[d.tier].name,
                "channel": s.channels[d.channel].name,
                "within_s": d.within_s,
                "target_service_level": json_f64(d.target.service_level),
                "contacts": d.answered,
                "mean_response_s": json_f64(Some(d.mean_response_s)),
                "max_response_s": json_f64(Some(d.max_response_s)),
                "service_level": json_f64(Some(d.attainment)),
                "pass": deferred_pass(d),
            })
        })
        .collect();
    serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "scenario": s.name,
        "interval_s": s.interval_s,
        "intervals": s.demand.n_intervals,
        "horizon_s": p.horizon_s,
        "cyclic_week": p.cyclic,
        "shrinkage": p.shrinkage,
        "hours_per_fte_week": s.hours_per_fte_week,
        "contacts": s.demand.total(),
        "deferred": deferred,
        "basis": basis_name(p.basis),
        "groups": groups,
        "lines": p.lines.iter().map(|l| serde_json::json!({
            "channel": s.channels[l.channel].name,
            "max_blocking": l.max_blocking,
            "peak_lines": l.peak,
            "per_interval": l.per_interval,
        })).collect::<Vec<_>>(),
        "tiers": tiers,
        "total": {
            "required_agent_hours_per_week": req,
            "scheduled_agent_hours_per_week": sch,
            "fte": fte,
            "cost_per_week": cost,
            "pooled_required_agent_hours_per_week": pooled,
        },
        "cells": cells,
    })
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Groups => "groups",
        Basis::Cells => "cells",
    }
}

/// Weeks per horizon, to turn horizon totals into weekly figures.
fn per_week(p: &StaffPlan, s: &Scenario) -> f64 {
    7.0 * 86400.0 / p.horizon_s.max(s.interval_s)
}

/// Human tables: one row per interval (or per cell with `detail`), then the summary;
/// deferred queues' verdicts red or green when `colour` (a terminal).
pub fn text(s: &Scenario, p: &StaffPlan, detail: bool, colour: bool) -> String {
    let n = s.demand.n_intervals;
    let mut out = String::new();
    out.push_str(&format!(
        "Scenario: {}\nHorizon: {} intervals of {} ({}), {:.0} first-line contacts; shrinkage {:.1}%\n\n",
        s.name,
        n,
        crate::duration::format_duration_s(s.interval_s),
        if p.cyclic { "a repeating week" } else { "dated forecast" },
        s.demand.total(),
        p.shrinkage * 100.0 + 0.0 // + 0.0: no "-0.0%"
    ));
    if detail {
        let mut t = Table::new(CELL_COLUMNS);
        for c in &p.cells {
            t.push(cell_row(s, c));
        }
        out.push_str(&t.render());
        out.push_str(&format!(
            "binding: the targets one agent fewer would miss: {}\n",
            binding_legend()
        ));
    } else {
        let mut header = vec!["interval".to_string(), "contacts".to_string()];
        for t in &s.tiers {
            header.push(format!("{} req", t.name));
            header.push(format!("{} sched", t.name));
        }
        header.push("binding".into());
        let mut t = Table::new(header);
        let nt = s.tiers.len();
        let mut req = vec![vec![0.0; nt]; n];
        let mut sch = vec![vec![0.0; nt]; n];
        let mut contacts = vec![0.0; n];
        let mut binds: Vec<Vec<(Binding, usize)>> = vec![Vec::new(); n];
        for g in &p.groups {
            let k = s.groups[g.group].tier;
            for i in 0..n.min(g.required.len()) {
                req[i][k] += f64::from(g.required[i]);
                sch[i][k] += g.scheduled[i];
            }
        }
        for c in &p.cells {
            if p.basis == Basis::Cells {
                req[c.interval][c.tier] += c.required;
                sch[c.interval][c.tier] += c.scheduled;
            }
            if c.tier == 0 {
                contacts[c.interval] += c.contacts;
            }
            for b in &c.binding {
                match binds[c.interval].iter_mut().find(|(x, _)| x == b) {
                    Some(e) => e.1 += 1,
                    None => binds[c.interval].push((*b, 1)),
                }
            }
        }
        for i in 0..n {
            let mut row = vec![
                s.demand.labels.get(i).cloned().unwrap_or_default(),
                format!("{:.1}", contacts[i]),
            ];
            for k in 0..nt {
                row.push(format!("{:.1}", req[i][k]));
                row.push(format!("{:.1}", sch[i][k]));
            }
            binds[i].sort();
            row.push(
                binds[i]
                    .iter()
                    .map(|(b, k)| format!("{}:{k}", b.code()))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            t.push(row);
        }
        out.push_str(&t.render());
        out.push_str(&format!(
            "binding: how many cells (channel x language) each target decides: {}\n",
            binding_legend()
        ));
    }
    if p.basis == Basis::Groups {
        out.push_str(&groups_text(s, p));
    }
    out.push_str(match p.basis {
        Basis::Groups => "\nWeekly summary (each agent group one pool)\n",
        Basis::Cells => "\nWeekly summary (each channel x language cell its own team)\n",
    });
    let mut t = Table::new([
        "tier",
        "required h",
        "scheduled h",
        "FTE",
        "peak sched",
        "cost/week",
        "cells as teams h",
        "all pooled h",
    ]);
    for ts in &p.tiers {
        t.push(vec![
            s.tiers[ts.tier].name.clone(),
            format!("{:.0}", ts.required_agent_hours),
            format!("{:.0}", ts.scheduled_agent_hours),
            format!("{:.1}", ts.fte),
            format!("{:.1}", ts.peak_scheduled),
            format!("{:.0}", ts.cost_per_week),
            format!("{:.0}", ts.cells_required_agent_hours),
            format!("{:.0}", ts.pooled_required_agent_hours),
        ]);
    }
    let (req, sch, fte, cost, pooled) = totals(p);
    let cells: f64 = p.tiers.iter().map(|t| t.cells_required_agent_hours).sum();
    t.push(vec![
        "total".into(),
        format!("{req:.0}"),
        format!("{sch:.0}"),
        format!("{fte:.1}"),
        String::new(),
        format!("{cost:.0}"),
        format!("{cells:.0}"),
        format!("{pooled:.0}"),
    ]);
    out.push_str(&t.render());
    // + 0.0 turns a -0.0 share into 0.0
    out.push_str(&format!(
        "FTE = scheduled agent-hours per week / {} h; scheduled = required / (1 - shrinkage: {}); cells as teams = every\n\
         channel x language its own team (pooling saves {} against it); all pooled = every language in one team of universal agents\n",
        s.hours_per_fte_week,
        match p.basis {
            Basis::Groups => "each group's own".to_string(),
            Basis::Cells => format!("{:.1}%", p.shrinkage * 100.0 + 0.0),
        },
        pct_saved(cells, req),
    ));
    if !p.deferred.is_empty() {
        out.push_str("\nDeferred work, each queue on its own (every language pooled)\n");
        let mut t = Table::new([
            "queue",
            "contacts",
            "mean response",
            "longest",
            "within T",
            "target",
            "pass",
        ]);
        let mut verdicts = Vec::new();
        for d in &p.deferred {
            let pass = deferred_pass(d);
            t.push(vec![
                deferred_name(s, d),
                format!("{:.0}", d.answered),
                fmt_duration(d.mean_response_s),
                fmt_duration(d.max_response_s),
                fmt_pct(d.attainment, 1),
                deferred_target_text(d),
                if pass { "yes" } else { "NO" }.into(),
            ]);
            verdicts.push(Some(pass));
        }
        let rendered = t.render();
        out.push_str(&if colour {
            paint_verdicts(&rendered, &verdicts)
        } else {
            rendered
        });
        out.push_str(
            "contacts per horizon; response times from interval midpoints; within T: share answered within\n\
             the queue's response target. The plan gives each queue just enough capacity to answer every\n\
             contact by its deadline, so its responses come close to T; agents who take e-mail and tickets\n\
             whenever they are free answer sooner (ccsim simulate).\n",
        );
    }
    for l in &p.lines {
        out.push_str(&format!(
            "\nTrunk lines for {}: {} at the peak interval for at most {} of calls hearing busy (Erlang B on the\n\
             load the lines carry: arrivals x (AHT + ASA at the required agents)); set lines = {} on the channel\n\
             and ccsim simulate shows the blocking.\n",
            s.channels[l.channel].name,
            l.peak,
            crate::report::format::fmt_pct(l.max_blocking, 1),
            l.peak
        ));
    }
    out
}

/// One row per group: what it serves and its weekly requirement.
fn groups_text(s: &Scenario, p: &StaffPlan) -> String {
    let per_week = per_week(p, s);
    let mut t = Table::new([
        "group",
        "tier",
        "serves",
        "required h",
        "scheduled h",
        "FTE",
        "peak req",
        "cost/week",
    ]);
    let mut shared = false;
    for g in &p.groups {
        let group = &s.groups[g.group];
        let mut chans: Vec<&str> = Vec::new();
        let mut langs: Vec<&str> = Vec::new();
        for r in &g.routes {
            let c = s.channels[r.channel].name.as_str();
            let l = s.languages[r.language].name.as_str();
            if !chans.contains(&c) {
                chans.push(c);
            }
            if !langs.contains(&l) {
                langs.push(l);
            }
        }
        shared |= g.shared;
        let sch_h = g.scheduled_agent_hours(s.interval_s) * per_week;
        t.push(vec![
            format!("{}{}", group.name, if g.shared { " *" } else { "" }),
            s.tiers[group.tier].name.clone(),
            format!("{} | {}", chans.join(" "), langs.join(" ")),
            format!("{:.0}", g.required_agent_hours(s.interval_s) * per_week),
            format!("{sch_h:.0}"),
            format!("{:.1}", crate::erlang::fte(sch_h, s.hours_per_fte_week)),
            g.required.iter().max().copied().unwrap_or(0).to_string(),
            format!("{:.0}", sch_h * group.cost_per_agent_hour),
        ]);
    }
    let mut out =
        String::from("\nBy agent group (each group one pool of the contacts routed to it)\n");
    out.push_str(&t.render());
    out.push_str(
        "required: agents on duty for every live channel's targets (the live channels' agents add up), with\n\
         e-mail and tickets filling their idle time up to the occupancy cap; scheduled: / (1 - the group's shrinkage)\n",
    );
    if shared {
        out.push_str(
            "* shares contacts with another group of equal priority: the analytic requirement splits them\n\
             equally; who answers depends on who is free (ccsim simulate, ccsim plan settle it)\n",
        );
    }
    out
}

fn pct_saved(split: f64, pooled: f64) -> String {
    if split > 0.0 {
        fmt_pct((split - pooled) / split, 1)
    } else {
        "-".into()
    }
}

fn fmt_duration(s: f64) -> String {
    if s >= 3600.0 {
        format!("{} h", fmt_fixed(s / 3600.0, 1))
    } else {
        format!("{} min", fmt_fixed(s / 60.0, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Target;

    #[test]
    fn a_deferred_queue_short_of_its_share_is_missed() {
        let s = crate::scenario::load(std::path::Path::new("scenarios/olymp.toml")).unwrap();
        let mut p = crate::plan::staff(&s).unwrap();
        assert_eq!(missed(&s, &p), Vec::<String>::new());
        let d = &mut p.deferred[1];
        d.target = Target {
            service_level: Some(0.9),
            ..d.target.clone()
        };
        d.attainment = 0.85;
        assert_eq!(
            missed(&s, &p),
            vec!["L2 chat (≥ 0.90 within 24h)".to_string()]
        );
        let text = text(&s, &p, false, true);
        assert!(
            text.contains("\x1b[31mL2 chat ") && text.contains("\x1b[32myes\x1b[0m"),
            "{text}"
        );
        assert!(!super::text(&s, &p, false, false).contains('\x1b'));
    }
}
