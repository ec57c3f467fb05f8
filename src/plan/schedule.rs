//! From a group's requirement to shifts: every shift its templates allow (a length, a
//! start, a working-day pattern) with every placement of its breaks inside their
//! windows is one column of a set-covering problem over the week's intervals
//! ([`super::cover`]); the columns of one shift with its breaks in different places form
//! a family that shares the shift's `max_agents`. Because a column's agent is counted
//! only where they are on duty (breaks removed), the solution places breaks so that
//! coverage holds, and the agents of one shift take their breaks at different times
//! where the requirement needs it (staggered, never all at once unless the slack
//! allows). The LP relaxation of exactly this problem bounds every roster's cost.
//!
//! The requirement is of agents on duty; agents absent for a whole shift (shrinkage
//! other than breaks, see [`crate::scenario::Shrinkage::absence`]) are added on top:
//! `⌈required / (1 − absence)⌉` on shift.
//!
//! Pure: no I/O, no clock, no randomness; the same inputs give the same roster.

use crate::error::{Error, Result};
use crate::scenario::{Break, Scenario, Shift, ShiftTemplate};

use super::cover::{self, Column, CoverOptions, CoverProblem, Termination};
use super::requirement::ceil_agents;

const DAY_S: f64 = 86400.0;
const WEEK_S: f64 = 7.0 * DAY_S;
pub use crate::scenario::DAY_NAMES;

/// A group's planned shifts and what they cost.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRoster {
    pub group: usize,
    /// The roster, ready to replace the group's shifts.
    pub shifts: Vec<Shift>,
    /// Cost of one week of the roster (premiums included).
    pub cost_per_week: f64,
    /// Paid agent-hours per week.
    pub paid_hours_per_week: f64,
    /// The LP relaxation's cost: no roster from these templates covering the same
    /// requirement costs less.
    pub lp_bound: f64,
    pub termination: Termination,
    /// Agents required on duty in each interval of the week (the requirement solved for).
    pub required: Vec<u32>,
    /// Agents required on shift in each interval of the week (the covering's rows).
    pub required_on_shift: Vec<u32>,
    /// Agents the roster has on duty (on shift, not on break) in each interval of the week.
    pub on_duty: Vec<u32>,
}

impl GroupRoster {
    /// `cost / bound − 1`: how far above the bound the roster can be at most.
    pub fn gap(&self) -> f64 {
        if self.lp_bound > 0.0 {
            self.cost_per_week / self.lp_bound - 1.0
        } else {
            0.0
        }
    }
}

/// Intervals in a week on the scenario's grid.
pub fn week_slots(s: &Scenario) -> usize {
    (WEEK_S / s.interval_s).round() as usize
}

/// `Mon 03:00` for an interval of the week.
pub fn slot_label(s: &Scenario, slot: usize) -> String {
    let t = slot as f64 * s.interval_s;
    let day = ((t / DAY_S).floor() as usize).min(6);
    let tod = (t - day as f64 * DAY_S) as u64;
    format!(
        "{} {:02}:{:02}",
        DAY_NAMES[day],
        tod / 3600,
        tod % 3600 / 60
    )
}

/// The week slot of each demand interval (a dated forecast's intervals fall on the
/// week by their weekday and time of day).
pub fn slot_of_interval(s: &Scenario) -> Vec<usize> {
    let n = week_slots(s);
    let d = &s.demand;
    (0..d.n_intervals)
        .map(|i| {
            let t = f64::from(d.weekday.get(i).copied().unwrap_or(0)) * DAY_S
                + d.time_of_day_s.get(i).copied().unwrap_or(0.0);
            ((t / s.interval_s).floor() as usize) % n.max(1)
        })
        .collect()
}

/// A requirement on the demand's intervals folded onto the week the roster repeats:
/// the most any week asks for in each interval.
pub fn week_requirement(s: &Scenario, required: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; week_slots(s)];
    for (i, slot) in slot_of_interval(s).into_iter().enumerate() {
        if let Some(&r) = required.get(i) {
            out[slot] = out[slot].max(r);
        }
    }
    out
}

/// One shift a template allows, before its breaks are placed.
#[derive(Debug, Clone)]
struct Candidate {
    template: usize,
    start_s: f64,
    length_s: f64,
    days: [bool; 7],
}

/// Every placement of a template's breaks: offsets from the shift start, one per rule.
fn break_placements(t: &ShiftTemplate, interval_s: f64) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = vec![Vec::new()];
    for rule in &t.breaks {
        let steps = ((rule.latest_s - rule.earliest_s) / interval_s)
            .round()
            .max(0.0) as usize;
        let mut next = Vec::with_capacity(out.len() * (steps + 1));
        for prefix in &out {
            for k in 0..=steps {
                let mut v = prefix.clone();
                v.push(rule.earliest_s + k as f64 * interval_s);
                next.push(v);
            }
        }
        out = next;
    }
    out
}

/// Week slots on duty for one agent of a shift with breaks at `offsets`.
fn on_duty_slots(c: &Candidate, t: &ShiftTemplate, offsets: &[f64], s: &Scenario) -> Vec<u32> {
    let shift = to_shift(c, t, offsets, 1, String::new());
    let n = week_slots(s);
    let mut out = Vec::new();
    for (a, b) in shift.on_duty_periods() {
        let first = (a / s.interval_s).round() as usize;
        let last = (b / s.interval_s).round() as usize;
        for k in first..last {
            out.push((k % n) as u32);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn to_shift(c: &Candidate, t: &ShiftTemplate, offsets: &[f64], agents: u32, name: String) -> Shift {
    Shift {
        name,
        start_s: c.start_s,
        length_s: c.length_s,
        days: c.days,
        agents,
        breaks: t
            .breaks
            .iter()
            .zip(offsets)
            .map(|(r, &after_s)| Break {
                after_s,
                length_s: r.length_s,
            })
            .collect(),
    }
}

/// Cost of one agent on a shift for a week: every paid interval at the rate, plus the
/// night premium inside its window and the weekend premium on Saturday and Sunday.
fn weekly_cost(c: &Candidate, t: &ShiftTemplate, interval_s: f64) -> f64 {
    let steps = (c.length_s / interval_s).round() as usize;
    let mut cost = 0.0;
    for (day, works) in c.days.iter().enumerate() {
        if !works {
            continue;
        }
        for k in 0..steps {
            let at = (day as f64 * DAY_S + c.start_s + k as f64 * interval_s) % WEEK_S;
            let weekday = (at / DAY_S).floor() as usize;
            let tod = at - weekday as f64 * DAY_S;
            let mut factor = 1.0;
            if weekday >= 5 {
                factor += t.weekend_premium;
            }
            if let Some(p) = &t.night_premium {
                let inside = if p.from_s <= p.to_s {
                    tod >= p.from_s && tod < p.to_s
                } else {
                    tod >= p.from_s || tod < p.to_s
                };
                if inside {
                    factor += p.share;
                }
            }
            cost += factor * interval_s / 3600.0 * t.cost_per_agent_hour;
        }
    }
    cost
}

fn days_text(days: &[bool; 7]) -> String {
    let on: Vec<usize> = (0..7).filter(|&d| days[d]).collect();
    if on.len() == 7 {
        return "Mon-Sun".into();
    }
    // a run of consecutive days (wrapping past Sunday) reads as a range
    for first in &on {
        let run = (0..on.len()).all(|k| days[(first + k) % 7]);
        if run && on.len() > 1 {
            return format!(
                "{}-{}",
                DAY_NAMES[*first],
                DAY_NAMES[(first + on.len() - 1) % 7]
            );
        }
    }
    on.iter()
        .map(|&d| DAY_NAMES[d])
        .collect::<Vec<_>>()
        .join(",")
}

/// `08:30` for seconds after midnight (whole minutes, wrapped to the day).
pub fn hhmm(s: f64) -> String {
    let m = (s / 60.0).round() as u64;
    format!("{:02}:{:02}", m / 60 % 24, m % 60)
}

/// The cheapest roster from group `g`'s templates that has at least `required[slot]`
/// agents on duty in every interval of the week (`required` on the week's grid, see
/// [`week_requirement`]).
///
/// Two stages, repeated: (1) choose shifts by set covering with every agent counted on
/// duty for the whole shift, against the requirement plus an allowance for breaks;
/// (2) place every agent's breaks, one agent at a time, where the roster has the most
/// agents above the requirement (so breaks are staggered); where the breaks leave an
/// interval short, the shortfall joins the allowance and (1) runs again. The covering
/// without breaks is small and solves fast (and tightly); a roster still short after
/// a few rounds gets agents added on the shifts that cover the short intervals best.
/// The LP bound is of the requirement without any allowance, counting every agent on
/// duty for the whole shift: a relaxation of every roster with breaks, so a valid bound.
pub fn schedule_group(
    s: &Scenario,
    g: usize,
    required: &[u32],
    opt: &CoverOptions,
) -> Result<GroupRoster> {
    let group = &s.groups[g];
    let n = week_slots(s);
    let absence = group.shrinkage.absence();
    let need: Vec<u32> = (0..n)
        .map(|i| {
            let r = f64::from(required.get(i).copied().unwrap_or(0));
            ceil_agents(r / (1.0 - absence)).min(crate::limits::MAX_AGENTS)
        })
        .collect();
    // one column per shift: its whole paid time counts
    let mut shifts: Vec<Candidate> = Vec::new();
    let mut columns = Vec::new();
    for (ti, t) in group.templates.iter().enumerate() {
        for &length_s in &t.lengths_s {
            for &start_s in &t.starts_s {
                for days in &t.day_patterns {
                    let c = Candidate {
                        template: ti,
                        start_s,
                        length_s,
                        days: *days,
                    };
                    columns.push(Column {
                        cost: weekly_cost(&c, t, s.interval_s),
                        covers: on_duty_slots(&c, t, &[], s),
                        max_agents: t.max_agents,
                        family: None,
                    });
                    shifts.push(c);
                }
            }
        }
    }
    let placements: Vec<Vec<Vec<f64>>> = group
        .templates
        .iter()
        .map(|t| break_placements(t, s.interval_s))
        .collect();
    // on-duty slots of every (shift, placement)
    let duty: Vec<Vec<Vec<u32>>> = shifts
        .iter()
        .map(|c| {
            let t = &group.templates[c.template];
            placements[c.template]
                .iter()
                .map(|o| on_duty_slots(c, t, o, s))
                .collect()
        })
        .collect();
    let mut problem = CoverProblem {
        required: need.clone(),
        columns,
        family_max: Vec::new(),
        cuts: Vec::new(),
    };
    problem.cuts = day_cuts(&problem, n);
    let first = cover::solve(&problem, opt).map_err(|e| cover_error(s, g, &e))?;
    let lp_bound = first.lp_bound;
    let mut solved = first;
    let mut best: Option<(f64, Placed, Termination)> = None;
    const ROUNDS: usize = 6;
    for round in 0..ROUNDS {
        let mut agents = solved.agents.clone();
        raise_to_minimum(group, &shifts, &mut agents);
        let roster = place_breaks(&need, &agents, &duty);
        let mut have = coverage(n, &roster, &duty);
        let short: Vec<u32> = (0..n).map(|i| need[i].saturating_sub(have[i])).collect();
        let is_short = short.iter().any(|&x| x > 0);
        let mut repaired = roster.clone();
        if is_short {
            repair(
                &need,
                &mut repaired,
                &mut have,
                &shifts,
                &duty,
                &problem.columns,
                group,
            );
        }
        let cost: f64 = repaired
            .iter()
            .map(|&(j, _, a)| problem.columns[j].cost * f64::from(a))
            .sum();
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, repaired, solved.termination));
        }
        if !is_short || round + 1 == ROUNDS {
            break;
        }
        for (r, x) in problem.required.iter_mut().zip(&short) {
            *r += x;
        }
        problem.cuts = day_cuts(&problem, n);
        solved = cover::solve(&problem, opt).map_err(|e| cover_error(s, g, &e))?;
    }
    let Some((cost, roster, termination)) = best else {
        return Err(cover_error(
            s,
            g,
            &cover::CoverError::Solver("no roster was found".into()),
        ));
    };
    let mut out = Vec::new();
    let mut paid_h = 0.0;
    for &(j, p, a) in &roster {
        let c = &shifts[j];
        let t = &group.templates[c.template];
        let offsets = &placements[c.template][p];
        let breaks: Vec<String> = offsets
            .iter()
            .map(|&o| format!(" break +{}", crate::duration::format_duration_s(o)))
            .collect();
        let name = format!(
            "{} {} {}{}",
            t.name,
            days_text(&c.days),
            hhmm(c.start_s),
            breaks.concat()
        );
        let shift = to_shift(c, t, offsets, a, name);
        paid_h += shift.paid_hours_per_week();
        out.push(shift);
    }
    Ok(GroupRoster {
        group: g,
        on_duty: coverage(n, &roster, &duty),
        shifts: out,
        cost_per_week: cost,
        paid_hours_per_week: paid_h,
        lp_bound,
        termination: if cost <= lp_bound * (1.0 + 1e-9) {
            Termination::MeetsBound
        } else {
            match termination {
                Termination::MeetsBound => Termination::Heuristic,
                t => t,
            }
        },
        required_on_shift: need,
        required: required.to_vec(),
    })
}

/// Chvátal–Gomory cuts across the days: at each time of day t, the seven intervals
/// (one a day) need Σ_d R(d, t) agents; a shift covers time t on a(t) of its days, at
/// most m(t) for any shift, so every whole roster has
/// `Σ_j ⌈a_j(t) / m(t)⌉ · x_j ≥ ⌈Σ_d R(d, t) / m(t)⌉`. Where requirements are small
/// (one agent all night on five-day patterns: the LP takes 7/5 of an agent, people come
/// whole) this lifts the LP bound to what whole people can do, and steers the dive.
fn day_cuts(p: &CoverProblem, n: usize) -> Vec<cover::Cut> {
    let per_day = n / 7;
    if per_day == 0 || per_day * 7 != n {
        return Vec::new();
    }
    let mut out = Vec::new();
    for t in 0..per_day {
        let need: u32 = (0..7).map(|d| p.required[d * per_day + t]).sum();
        if need == 0 {
            continue;
        }
        let counts: Vec<(usize, u32)> = p
            .columns
            .iter()
            .enumerate()
            .filter_map(|(j, c)| {
                let a = c
                    .covers
                    .iter()
                    .filter(|&&r| r as usize % per_day == t)
                    .count() as u32;
                (a > 0).then_some((j, a))
            })
            .collect();
        let Some(m) = counts.iter().map(|x| x.1).max() else {
            continue;
        };
        if m <= 1 || need % m == 0 {
            continue;
        }
        out.push(cover::Cut {
            terms: counts
                .iter()
                .map(|&(j, a)| (j, f64::from(a.div_ceil(m))))
                .collect(),
            rhs: f64::from(need.div_ceil(m)),
        });
    }
    out
}

/// A roster as (shift, break placement, agents).
type Placed = Vec<(usize, usize, u32)>;

/// A shift staffed below its template's `min_agents` is raised to it.
fn raise_to_minimum(group: &crate::scenario::AgentGroup, shifts: &[Candidate], agents: &mut [u32]) {
    for (j, a) in agents.iter_mut().enumerate() {
        let min = group.templates[shifts[j].template].min_agents;
        if *a > 0 && *a < min {
            *a = min;
        }
    }
}

/// Agents on duty per slot of a roster of (shift, placement, agents).
fn coverage(n: usize, roster: &[(usize, usize, u32)], duty: &[Vec<Vec<u32>>]) -> Vec<u32> {
    let mut have = vec![0u32; n];
    for &(j, p, a) in roster {
        for &slot in &duty[j][p] {
            have[slot as usize] += a;
        }
    }
    have
}

/// Place every agent's breaks, one agent at a time (shifts in order, their agents
/// round-robin), each where the roster has the most agents above `need` over the
/// break's intervals: the fewest short intervals first, then the largest surplus.
fn place_breaks(need: &[u32], agents: &[u32], duty: &[Vec<Vec<u32>>]) -> Vec<(usize, usize, u32)> {
    let n = need.len();
    // everyone on duty for the whole shift first (placement 0 without its breaks is
    // the shift itself: count the shift's full presence through the union of placements)
    let mut have = vec![0i64; n];
    let full: Vec<Vec<u32>> = duty
        .iter()
        .map(|ps| {
            let mut all: Vec<u32> = ps.iter().flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            all
        })
        .collect();
    for (j, &a) in agents.iter().enumerate() {
        for &slot in &full[j] {
            have[slot as usize] += i64::from(a);
        }
    }
    let mut placed: Vec<Vec<u32>> = agents
        .iter()
        .enumerate()
        .map(|(j, _)| vec![0u32; duty[j].len()])
        .collect();
    let mut left: Vec<u32> = agents.to_vec();
    loop {
        let mut any = false;
        for j in 0..agents.len() {
            if left[j] == 0 {
                continue;
            }
            any = true;
            left[j] -= 1;
            if duty[j].len() == 1 && duty[j][0].len() == full[j].len() {
                placed[j][0] += 1;
                continue;
            }
            // the placement whose off-duty slots hurt least
            let mut best: Option<(usize, (i64, i64))> = None;
            for (p, on) in duty[j].iter().enumerate() {
                let (mut shorts, mut slack) = (0i64, i64::MAX);
                for &slot in &full[j] {
                    if on.binary_search(&slot).is_err() {
                        let after = have[slot as usize] - 1 - i64::from(need[slot as usize]);
                        if after < 0 {
                            shorts += 1;
                        }
                        slack = slack.min(after);
                    }
                }
                let key = (-shorts, slack);
                if best.is_none_or(|(_, k)| key > k) {
                    best = Some((p, key));
                }
            }
            let p = best.map_or(0, |(p, _)| p);
            for &slot in &full[j] {
                if duty[j][p].binary_search(&slot).is_err() {
                    have[slot as usize] -= 1;
                }
            }
            placed[j][p] += 1;
        }
        if !any {
            break;
        }
    }
    // then move single agents' breaks while that shortens the short intervals
    let short_of =
        |have: &[i64], slot: u32| (i64::from(need[slot as usize]) - have[slot as usize]).max(0);
    for _pass in 0..20 {
        let mut moved = false;
        for j in 0..agents.len() {
            if duty[j].len() < 2 {
                continue;
            }
            for from in 0..duty[j].len() {
                while placed[j][from] > 0 {
                    // take the agent's break away (on duty there again) ...
                    let off_from: Vec<u32> = full[j]
                        .iter()
                        .copied()
                        .filter(|slot| duty[j][from].binary_search(slot).is_err())
                        .collect();
                    let before: i64 = off_from.iter().map(|&x| short_of(&have, x)).sum();
                    for &slot in &off_from {
                        have[slot as usize] += 1;
                    }
                    // ... and put it where it leaves the least shortfall
                    let mut best = (from, before, i64::MIN);
                    for (p, on) in duty[j].iter().enumerate() {
                        let (mut cost, mut slack) = (0i64, i64::MAX);
                        for &slot in &full[j] {
                            if on.binary_search(&slot).is_err() {
                                let after = have[slot as usize] - 1;
                                cost += (i64::from(need[slot as usize]) - after).max(0);
                                slack = slack.min(after - i64::from(need[slot as usize]));
                            }
                        }
                        if p == from {
                            best.2 = best.2.max(if cost == before { slack } else { i64::MIN });
                        }
                        if cost < best.1 {
                            best = (p, cost, slack);
                        }
                    }
                    let to = best.0;
                    for &slot in &full[j] {
                        if duty[j][to].binary_search(&slot).is_err() {
                            have[slot as usize] -= 1;
                        }
                    }
                    if to == from {
                        break;
                    }
                    placed[j][from] -= 1;
                    placed[j][to] += 1;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    let mut out = Vec::new();
    for (j, ps) in placed.iter().enumerate() {
        for (p, &a) in ps.iter().enumerate() {
            if a > 0 {
                out.push((j, p, a));
            }
        }
    }
    out
}

/// Add agents until no interval is short: each time the (shift, placement) that covers
/// the most short intervals per unit of cost.
fn repair(
    need: &[u32],
    roster: &mut Vec<(usize, usize, u32)>,
    have: &mut [u32],
    shifts: &[Candidate],
    duty: &[Vec<Vec<u32>>],
    columns: &[Column],
    group: &crate::scenario::AgentGroup,
) {
    loop {
        let mut best: Option<(usize, usize, f64)> = None;
        for (j, ps) in duty.iter().enumerate() {
            let on_shift: u32 = roster.iter().filter(|r| r.0 == j).map(|r| r.2).sum();
            if group.templates[shifts[j].template]
                .max_agents
                .is_some_and(|m| on_shift >= m)
            {
                continue;
            }
            for (p, on) in ps.iter().enumerate() {
                let gain = on
                    .iter()
                    .filter(|&&slot| have[slot as usize] < need[slot as usize])
                    .count();
                if gain == 0 {
                    continue;
                }
                let score = gain as f64 / columns[j].cost.max(1e-12);
                if best.is_none_or(|(_, _, b)| score > b) {
                    best = Some((j, p, score));
                }
            }
        }
        let Some((j, p, _)) = best else { return };
        for &slot in &duty[j][p] {
            have[slot as usize] += 1;
        }
        match roster.iter_mut().find(|r| r.0 == j && r.1 == p) {
            Some(r) => r.2 += 1,
            None => roster.push((j, p, 1)),
        }
    }
}

/// A covering problem's failure in the scenario's words.
fn cover_error(s: &Scenario, g: usize, e: &cover::CoverError) -> Error {
    let group = &s.groups[g];
    let origin = group.templates.first().and_then(|t| t.origin.clone());
    let (message, help) = match e {
        cover::CoverError::Uncoverable { row, required } => (
            format!(
                "group {}: no shift of its templates covers {} (where {required} agents are required on shift)",
                group.name,
                slot_label(s, *row)
            ),
            "widen a template's start window or day patterns (or add a template) so that some shift is on duty then",
        ),
        cover::CoverError::CapacityShort {
            row,
            required,
            available,
        } => (
            format!(
                "group {}: at {} {required} agents are required on shift but its templates' max_agents allow {available}",
                group.name,
                slot_label(s, *row)
            ),
            "raise max_agents, or add a template with shifts on duty then",
        ),
        other => (
            format!("group {}: the shift scheduling failed: {other}", group.name),
            "report this with the scenario file",
        ),
    };
    Error::Input(match origin {
        Some(o) => o.problem(message, help),
        None => format!("error: {message}\n   = help: {help}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{BreakRule, Premium};

    fn one_group_scenario() -> Scenario {
        crate::scenario::load(std::path::Path::new("scenarios/mmc.toml")).expect("mmc")
    }

    fn template(starts: &[f64], patterns: Vec<[bool; 7]>) -> ShiftTemplate {
        ShiftTemplate {
            name: "t".into(),
            lengths_s: vec![8.0 * 3600.0],
            starts_s: starts.to_vec(),
            day_patterns: patterns,
            breaks: vec![BreakRule {
                length_s: 1800.0,
                earliest_s: 3.0 * 3600.0,
                latest_s: 5.0 * 3600.0,
            }],
            min_agents: 0,
            max_agents: None,
            cost_per_agent_hour: 20.0,
            night_premium: None,
            weekend_premium: 0.0,
            origin: None,
        }
    }

    fn five_together() -> Vec<[bool; 7]> {
        (0..7)
            .map(|first| {
                let mut d = [false; 7];
                for k in 0..5 {
                    d[(first + k) % 7] = true;
                }
                d
            })
            .collect()
    }

    #[test]
    fn breaks_are_staggered_so_that_coverage_holds() {
        let mut s = one_group_scenario();
        s.groups[0].shrinkage = Default::default();
        s.groups[0].templates = vec![template(&[8.0 * 3600.0], vec![[true; 7]])];
        let n = week_slots(&s);
        // 3 agents from 08:00 to 16:00 every day (intervals 16..32 of each day)
        let mut req = vec![0u32; n];
        for day in 0..7 {
            for k in 16..32 {
                req[day * 48 + k] = 3;
            }
        }
        let r = schedule_group(&s, 0, &req, &CoverOptions::default()).expect("schedules");
        // covering 3 on duty through every break needs a fourth agent; their breaks
        // fall in different half hours
        let agents: u32 = r.shifts.iter().map(|x| x.agents).sum();
        assert_eq!(agents, 4, "{:?}", r.shifts);
        let mut offsets: Vec<f64> = r
            .shifts
            .iter()
            .flat_map(|x| std::iter::repeat_n(x.breaks[0].after_s, x.agents as usize))
            .collect();
        offsets.sort_by(f64::total_cmp);
        offsets.dedup();
        assert_eq!(offsets.len(), 4, "breaks at {offsets:?}");
        for (i, (&have, &need)) in r.on_duty.iter().zip(&req).enumerate() {
            assert!(have >= need, "{} has {have} < {need}", slot_label(&s, i));
        }
        // 4 agents × 7 days × 8 h × 20
        assert_eq!(r.cost_per_week, 4.0 * 7.0 * 8.0 * 20.0);
        assert!(r.lp_bound <= r.cost_per_week + 1e-9);
        assert_eq!(r.paid_hours_per_week, 4.0 * 7.0 * 8.0);
    }

    #[test]
    fn the_post_office_week_through_templates() {
        // Winston's post office with a whole day per "interval": needs 17, 13, 15, 19,
        // 14, 16, 11 on Monday..Sunday, five consecutive days: 23 people (LP 22⅓)
        let mut s = one_group_scenario();
        s.groups[0].shrinkage = Default::default();
        let mut t = template(&[0.0], five_together());
        t.breaks.clear();
        s.groups[0].templates = vec![t];
        let need = [17u32, 13, 15, 19, 14, 16, 11];
        // a 24-hour shift covering each day's 48 intervals with that day's need
        s.groups[0].templates[0].lengths_s = vec![86400.0];
        let req: Vec<u32> = (0..336).map(|i| need[i / 48]).collect();
        let r = schedule_group(&s, 0, &req, &CoverOptions::default()).expect("schedules");
        let agents: u32 = r.shifts.iter().map(|x| x.agents).sum();
        assert_eq!(agents, 23);
        let per_agent = 5.0 * 24.0 * 20.0;
        assert!(
            (r.lp_bound / per_agent - 22.0 - 1.0 / 3.0).abs() < 1e-6,
            "{}",
            r.lp_bound
        );
    }

    #[test]
    fn premiums_and_absence_change_cost_and_heads() {
        let mut s = one_group_scenario();
        let mut t = template(
            &[22.0 * 3600.0],
            vec![[false, false, false, false, false, true, false]],
        );
        t.breaks.clear();
        t.night_premium = Some(Premium {
            share: 0.5,
            from_s: 22.0 * 3600.0,
            to_s: 2.0 * 3600.0,
        });
        t.weekend_premium = 0.25;
        // Saturday 22:00 to Sunday 06:00: 4 night hours, all 8 on the weekend
        let c = Candidate {
            template: 0,
            start_s: 22.0 * 3600.0,
            length_s: 8.0 * 3600.0,
            days: t.day_patterns[0],
        };
        assert_eq!(weekly_cost(&c, &t, 1800.0), 20.0 * (8.0 * 1.25 + 4.0 * 0.5));
        // a fifth of agents absent: 4 on duty need 5 on shift
        s.groups[0].shrinkage = crate::scenario::Shrinkage {
            components: vec![("absence".into(), 0.2), ("breaks".into(), 0.1)],
        };
        s.groups[0].templates = vec![t];
        let mut req = vec![0u32; 336];
        req[5 * 48 + 44] = 4;
        let r = schedule_group(&s, 0, &req, &CoverOptions::default()).expect("schedules");
        assert_eq!(r.shifts.iter().map(|x| x.agents).sum::<u32>(), 5);
        assert_eq!(r.required_on_shift[5 * 48 + 44], 5);
    }

    #[test]
    fn an_interval_no_template_covers_is_named() {
        let mut s = one_group_scenario();
        s.groups[0].templates = vec![template(&[8.0 * 3600.0], vec![[true; 7]])];
        let mut req = vec![0u32; 336];
        req[6 * 48 + 6] = 1; // Sunday 03:00
        let e = schedule_group(&s, 0, &req, &CoverOptions::default()).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(
            text.contains("no shift of its templates covers Sun 03:00"),
            "{text}"
        );
    }

    #[test]
    fn cuts_across_the_days_lift_the_bound_to_whole_people() {
        // one agent around the clock on 8-hour shifts (00:00, 08:00, 16:00), five days
        // in a row: the LP takes 7/5 of a person per start (3 × 1.4 × 40 h × 20 =
        // 3,360); whole people need two per start (4,800), and the cut proves it
        let mut s = one_group_scenario();
        s.groups[0].shrinkage = Default::default();
        let mut t = template(&[0.0, 8.0 * 3600.0, 16.0 * 3600.0], five_together());
        t.breaks.clear();
        s.groups[0].templates = vec![t];
        let r = schedule_group(&s, 0, &[1; 336], &CoverOptions::default()).expect("schedules");
        assert_eq!(r.cost_per_week, 4800.0);
        assert!((r.lp_bound - 4800.0).abs() < 1e-6, "{}", r.lp_bound);
        assert_eq!(r.termination, Termination::MeetsBound);
        // without the cuts the same covering's LP says 3,360
        let p = CoverProblem {
            required: vec![1; 336],
            columns: (0..3)
                .flat_map(|k| {
                    let c = Candidate {
                        template: 0,
                        start_s: k as f64 * 8.0 * 3600.0,
                        length_s: 8.0 * 3600.0,
                        days: [true; 7],
                    };
                    let t = &s.groups[0].templates[0];
                    t.day_patterns
                        .iter()
                        .map(|d| {
                            let c = Candidate {
                                days: *d,
                                ..c.clone()
                            };
                            Column {
                                cost: weekly_cost(&c, t, 1800.0),
                                covers: on_duty_slots(&c, t, &[], &s),
                                max_agents: None,
                                family: None,
                            }
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
            family_max: Vec::new(),
            cuts: Vec::new(),
        };
        let plain = cover::solve(&p, &CoverOptions::default()).expect("solves");
        assert!((plain.lp_bound - 3360.0).abs() < 1e-6, "{}", plain.lp_bound);
        assert_eq!(day_cuts(&p, 336).len(), 48);
    }

    #[test]
    fn labels_and_day_ranges() {
        let s = one_group_scenario();
        assert_eq!(slot_label(&s, 0), "Mon 00:00");
        assert_eq!(slot_label(&s, 6 * 48 + 47), "Sun 23:30");
        assert_eq!(days_text(&[true; 7]), "Mon-Sun");
        assert_eq!(
            days_text(&[true, false, false, false, false, true, true]),
            "Sat-Mon"
        );
        assert_eq!(
            days_text(&[true, false, true, false, false, false, false]),
            "Mon,Wed"
        );
    }
}
