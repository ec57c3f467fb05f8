//! The HTML report of each command (`--report FILE.html`): the summary a manager reads
//! first (the verdict, pass or fail per target, FTE and cost, the worst intervals),
//! then the pictures ([`super::figures`]) and the tables (the command's own text
//! output). Each function returns a [`Page`]; [`super::html::render`] makes the bytes.

use super::figures::{self, Figure, GroupAgents};
use super::format::{fmt_count, fmt_estimate, fmt_fixed, fmt_pct};
use super::html::{Block, Class, Page, Section, Table, verdict};
use crate::compare::{Comparison, Unit};
use crate::error::Result;
use crate::plan::planner::Plan;
use crate::plan::requirement::GroupRequirement;
use crate::plan::staff::StaffPlan;
use crate::plot::{PointPanel, Scale, TimeAxis};
use crate::scenario::Scenario;
use crate::simulate::Outcome;
use crate::sweep::Sweep;
use crate::targets::Check;

/// Rows of the worst-intervals table in the summary.
pub const WORST_ROWS: usize = 10;

fn money(x: f64) -> String {
    fmt_count(x.round())
}

fn days_text(horizon_s: f64, warmup_s: f64) -> String {
    format!("{} days", fmt_fixed((horizon_s - warmup_s) / 86400.0, 1))
}

fn figure_blocks(figs: Vec<Figure>) -> Vec<Block> {
    figs.into_iter().map(Block::Figure).collect()
}

/// The value of a check as the text report shows it: shares and seconds with their
/// half-width.
fn check_value(c: &Check) -> String {
    if c.kpi.ends_with("_s") {
        format!("{} s", fmt_estimate(&c.value, c.digits))
    } else {
        fmt_estimate(&c.value, c.digits)
    }
}

fn goal_text(c: &Check) -> String {
    // as the KPI table writes it: shares with 2 decimals, seconds as given
    let seconds = c.kpi.ends_with("_s");
    let goal = c.goal.text(true, !seconds);
    if seconds { format!("{goal} s") } else { goal }
}

/// Pass or fail per target: queue or group, KPI, target, simulated value, verdict.
fn checks_table(checks: &[(Check, Option<bool>)]) -> Table {
    let mut t = Table::new(&[
        "queue or group",
        "KPI",
        "target",
        "simulated (± 95%)",
        "verdict",
    ])
    .caption("Every target");
    for (c, pass) in checks {
        t.push(vec![
            (c.name.clone(), Class::Text),
            (c.label.clone(), Class::Text),
            (goal_text(c), Class::Number),
            (check_value(c), Class::Number),
            verdict(*pass),
        ]);
    }
    t
}

fn targets_verdict(checks: &[(Check, Option<bool>)], how: &str) -> Block {
    let missed = checks.iter().filter(|c| c.1 == Some(false)).count();
    let judged = checks.iter().filter(|c| c.1.is_some()).count();
    if checks.is_empty() {
        return Block::Verdict {
            ok: true,
            text: "The scenario sets no target.".into(),
        };
    }
    Block::Verdict {
        ok: missed == 0,
        text: if missed == 0 {
            format!("All {judged} targets met{how}.")
        } else {
            format!("{missed} of {judged} targets missed{how}.")
        },
    }
}

/// The worst intervals of a simulation (grouped misses, worst first).
fn worst_table(s: &Scenario, o: &Outcome) -> Option<Table> {
    let runs = super::misses::runs(s, o);
    if runs.is_empty() {
        return None;
    }
    let rows = super::misses::rows(s, o, &runs, WORST_ROWS);
    let mut t = Table::from_rows(
        &[
            "queue or group".into(),
            "days".into(),
            "time (UTC)".into(),
            "missed".into(),
            "contacts per replication".into(),
        ],
        &rows.into_iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
    );
    t.caption = Some(if runs.len() > WORST_ROWS {
        format!(
            "The worst intervals ({WORST_ROWS} of {}; all in the JSON)",
            runs.len()
        )
    } else {
        "The worst intervals".into()
    });
    Some(t)
}

fn run_facts(o: &Outcome, scenario_file: &str) -> Vec<(String, String)> {
    let i = &o.info;
    let mut facts = vec![
        (
            "scenario".into(),
            format!("{} ({scenario_file})", i.scenario),
        ),
        ("seed".into(), i.seed.to_string()),
        ("replications".into(), i.replications.to_string()),
        (
            "measured".into(),
            format!(
                "{} per replication{}",
                days_text(i.horizon_s, i.warmup_s),
                if i.warmup_s > 0.0 {
                    format!(
                        " after a warm-up of {}",
                        crate::duration::format_duration_s(i.warmup_s)
                    )
                } else {
                    String::new()
                }
            ),
        ),
    ];
    if i.volume_cv > 0.0 {
        facts.push(("volume CV".into(), fmt_fixed(i.volume_cv, 3)));
    }
    if let Some(r) = &i.roster {
        facts.push(("roster".into(), r.clone()));
    }
    if let Some(t) = &o.trace {
        facts.push((
            "trace".into(),
            format!("{} ({} contacts)", t.file, fmt_count(t.contacts as f64)),
        ));
    }
    facts
}

/// `ccsim simulate --report`: the targets judged on the simulation, the pictures (the
/// analytic requirement per group drawn against the roster), and the KPI table.
pub fn simulate(s: &Scenario, scenario_file: &str, o: &Outcome) -> Result<Page> {
    // a scenario whose requirement cannot be computed still has its simulation drawn
    let required: Option<Vec<GroupRequirement>> = (!s.groups.is_empty())
        .then(|| crate::plan::requirement::by_group(s).ok())
        .flatten();
    let checks: Vec<(Check, Option<bool>)> = super::simulate::checks(s, o)
        .into_iter()
        .map(|c| {
            let p = c.pass();
            (c, p)
        })
        .collect();
    let (hours, cost) = crate::compare::roster_cost(s);
    let total: Vec<f64> = o.agg.per_rep.iter().map(|r| r.total.offered).collect();
    let answered: Vec<f64> = o.agg.per_rep.iter().map(|r| r.total.answered).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let mut summary = vec![
        targets_verdict(&checks, " (on the mean across replications)"),
        Block::Tiles(vec![
            (
                "contacts offered per replication".into(),
                fmt_count(mean(&total)),
            ),
            (
                "answered per replication".into(),
                fmt_count(mean(&answered)),
            ),
            ("paid agent-hours per week".into(), fmt_count(hours)),
            ("cost per week".into(), money(cost)),
            (
                format!("FTE ({} h weeks)", fmt_fixed(s.hours_per_fte_week, 1)),
                fmt_fixed(hours / s.hours_per_fte_week, 1),
            ),
        ]),
        Block::Table(checks_table(&checks)),
    ];
    summary.extend(worst_table(s, o).map(Block::Table));
    Ok(Page {
        title: format!("ccsim simulate: {}", s.name),
        facts: run_facts(o, scenario_file),
        summary,
        sections: vec![
            Section {
                title: "Pictures".into(),
                blocks: figure_blocks(figures::simulation(s, o, required.as_deref())?),
            },
            Section {
                title: "Key figures".into(),
                blocks: vec![Block::Pre(super::simulate::kpi_table(s, o, false))],
            },
        ],
    })
}

/// Per group (else per tier) of a staffing plan: required and to-schedule agents per
/// interval, and the roster's agents on duty where the scenario has shifts.
fn staff_agents(s: &Scenario, p: &StaffPlan) -> Vec<GroupAgents> {
    let n = s.demand.n_intervals;
    let ng = s.groups.len();
    if !p.groups.is_empty() {
        let on_duty = s.on_duty();
        return p
            .groups
            .iter()
            .map(|g| {
                let has_shifts = s.groups.get(g.group).is_some_and(|x| !x.shifts.is_empty());
                GroupAgents {
                    name: format!("group {}", s.groups[g.group].name),
                    required: Some(g.required.iter().map(|x| f64::from(*x)).collect()),
                    scheduled: Some(g.scheduled.clone()),
                    on_duty: (has_shifts && on_duty.len() >= n * ng)
                        .then(|| (0..n).map(|i| on_duty[i * ng + g.group]).collect()),
                    busy: None,
                }
            })
            .collect();
    }
    (0..s.tiers.len())
        .map(|k| {
            let mut req = vec![0.0; n];
            let mut sch = vec![0.0; n];
            for c in p.cells.iter().filter(|c| c.tier == k) {
                if let Some(x) = req.get_mut(c.interval) {
                    *x += c.required;
                }
                if let Some(x) = sch.get_mut(c.interval) {
                    *x += c.scheduled;
                }
            }
            GroupAgents {
                name: format!("tier {}", s.tiers[k].name),
                required: Some(req),
                scheduled: Some(sch),
                on_duty: None,
                busy: None,
            }
        })
        .collect()
}

/// `ccsim staff --report`: FTE and cost per tier, the requirement per interval against
/// the roster, and the staffing table.
pub fn staff(s: &Scenario, scenario_file: &str, p: &StaffPlan) -> Result<Page> {
    let missed = super::staff::missed(s, p);
    let fte: f64 = p.tiers.iter().map(|t| t.fte).sum();
    let cost: f64 = p.tiers.iter().map(|t| t.cost_per_week).sum();
    let hours: f64 = p.tiers.iter().map(|t| t.scheduled_agent_hours).sum();
    let mut tiles = vec![
        ("FTE to schedule".into(), fmt_fixed(fte, 1)),
        ("paid agent-hours per week".into(), fmt_count(hours)),
        ("cost per week".into(), money(cost)),
    ];
    for t in &p.tiers {
        tiles.push((
            format!("FTE, tier {}", s.tiers[t.tier].name),
            fmt_fixed(t.fte, 1),
        ));
    }
    let mut per_tier = Table::new(&[
        "tier",
        "required agent-hours / week",
        "scheduled agent-hours / week",
        "FTE",
        "cost / week",
        "peak agents scheduled",
    ])
    .caption("Per tier");
    for t in &p.tiers {
        per_tier.push(vec![
            (s.tiers[t.tier].name.clone(), Class::Text),
            (fmt_count(t.required_agent_hours), Class::Number),
            (fmt_count(t.scheduled_agent_hours), Class::Number),
            (fmt_fixed(t.fte, 1), Class::Number),
            (money(t.cost_per_week), Class::Number),
            (fmt_fixed(t.peak_scheduled, 1), Class::Number),
        ]);
    }
    let verdict = if missed.is_empty() {
        Block::Verdict {
            ok: true,
            text: "The requirement meets every target (Erlang mathematics; `ccsim simulate` checks it).".into(),
        }
    } else {
        Block::Verdict {
            ok: false,
            text: format!(
                "Targets the requirement cannot meet: {}.",
                missed.join("; ")
            ),
        }
    };
    let axis = figures::axis_of_demand(s);
    let agents = staff_agents(s, p);
    let mut figs = vec![figures::staffing(
        "Agents per interval: required on duty, to schedule, and the roster on duty",
        &axis,
        &agents,
    )?];
    if let Some(f) = staff_backlog(s, p, &axis)? {
        figs.push(f);
    }
    let under: usize = agents
        .iter()
        .map(|g| match (&g.required, &g.on_duty) {
            (Some(r), Some(d)) => r.iter().zip(d).filter(|(r, d)| **d + 1e-9 < **r).count(),
            _ => 0,
        })
        .sum();
    let mut summary = vec![verdict, Block::Tiles(tiles), Block::Table(per_tier)];
    if agents.iter().any(|g| g.on_duty.is_some()) {
        summary.push(Block::Paragraph(if under == 0 {
            "The scenario's roster has at least the required agents on duty in every interval.".into()
        } else {
            format!(
                "The scenario's roster has fewer agents on duty than required in {under} group-intervals (marked in the chart)."
            )
        }));
    }
    Ok(Page {
        title: format!("ccsim staff: {}", s.name),
        facts: vec![
            ("scenario".into(), format!("{} ({scenario_file})", s.name)),
            ("shrinkage".into(), fmt_pct(p.shrinkage, 1)),
            (
                "sized by".into(),
                match p.basis {
                    crate::plan::staff::Basis::Groups => "agent groups (each a pool)".into(),
                    crate::plan::staff::Basis::Cells => {
                        "channel × language × tier cells (each a team)".into()
                    }
                },
            ),
        ],
        summary,
        sections: vec![
            Section {
                title: "Pictures".into(),
                blocks: figure_blocks(figs),
            },
            Section {
                title: "Staffing".into(),
                blocks: vec![Block::Pre(super::staff::text(s, p, false, false))],
            },
        ],
    })
}

/// The analytic backlog of the deferred work per interval.
fn staff_backlog(s: &Scenario, p: &StaffPlan, axis: &TimeAxis) -> Result<Option<Figure>> {
    use crate::plot::{Line, Panel, Stroke};
    let n = s.demand.n_intervals;
    let mut panels = Vec::new();
    for k in 0..s.tiers.len() {
        for c in 0..s.channels.len() {
            let cells: Vec<_> = p
                .cells
                .iter()
                .filter(|x| x.tier == k && x.channel == c && x.backlog.is_some())
                .collect();
            if cells.is_empty() {
                continue;
            }
            let mut v = vec![0.0; n];
            for x in cells {
                if let Some(slot) = v.get_mut(x.interval) {
                    *slot += x.backlog.unwrap_or(0.0);
                }
            }
            panels.push(Panel {
                name: format!(
                    "{}: backlog carried into the next interval",
                    crate::targets::queue_name(s, c, k)
                ),
                y_desc: "contacts waiting".into(),
                scale: Scale::Number,
                lines: vec![Line {
                    label: "at the required agents".into(),
                    values: v.into_iter().map(Some).collect(),
                    stroke: Stroke::Bold,
                }],
                band: None,
                target: None,
                marks: None,
            });
        }
    }
    if panels.is_empty() {
        return Ok(None);
    }
    panels.truncate(figures::MAX_PANELS);
    let title = "E-mail and ticket backlog at the required agents";
    Ok(Some(Figure {
        name: "backlog".into(),
        title: title.into(),
        svg: crate::plot::panels_svg(title, axis, &panels)?,
    }))
}

/// `ccsim plan --report`: the plan's verdict, cost and gap, the roster against the
/// requirement, and the simulation of the final roster.
pub fn plan(p: &Plan, scenario_file: &str) -> Result<Page> {
    let s = &p.scenario;
    let checks: Vec<(Check, Option<bool>)> = p
        .judgements
        .iter()
        .map(|j| (j.check.clone(), j.met))
        .collect();
    let mut tiles = vec![
        ("cost per week".into(), money(p.cost_per_week())),
        (
            "paid agent-hours per week".into(),
            fmt_count(p.paid_hours_per_week()),
        ),
        (
            format!("FTE ({} h weeks)", fmt_fixed(s.hours_per_fte_week, 1)),
            fmt_fixed(p.paid_hours_per_week() / s.hours_per_fte_week, 1),
        ),
        ("above the LP bound".into(), fmt_pct(p.gap(), 1)),
    ];
    if let Some((cost, _)) = p.own_roster {
        tiles.push(("the scenario's own roster, per week".into(), money(cost)));
    }
    let mut summary = vec![
        targets_verdict(&checks, " (at the one-sided 95% bound)"),
        Block::Tiles(tiles),
        Block::Table(checks_table(&checks)),
    ];
    summary.extend(worst_table(s, &p.outcome).map(Block::Table));
    let slots = crate::plan::schedule::week_slots(s);
    let axis = TimeAxis {
        interval_s: s.interval_s,
        intervals: slots,
        week: true,
    };
    let agents: Vec<GroupAgents> = p
        .rosters
        .iter()
        .map(|r| GroupAgents {
            name: format!("group {}", s.groups[r.group].name),
            required: Some(r.required.iter().map(|x| f64::from(*x)).collect()),
            scheduled: None,
            on_duty: Some(r.on_duty.iter().map(|x| f64::from(*x)).collect()),
            busy: None,
        })
        .collect();
    let mut figs = Vec::new();
    if !agents.is_empty() {
        figs.push(figures::staffing(
            "The planned roster: agents required and on duty per interval of the week",
            &axis,
            &agents,
        )?);
    }
    let o = &p.outcome;
    figs.extend(figures::kpis_per_interval(s, o)?);
    figs.extend(figures::wait_distribution(s, o)?);
    figs.extend(figures::occupancy_heat_map(o)?);
    figs.extend(figures::backlog(s, o)?);
    Ok(Page {
        title: format!("ccsim plan: {}", s.name),
        facts: run_facts(o, scenario_file),
        summary,
        sections: vec![
            Section {
                title: "Pictures".into(),
                blocks: figure_blocks(figs),
            },
            Section {
                title: "The plan".into(),
                blocks: vec![Block::Pre(super::plan::text(p, false))],
            },
        ],
    })
}

/// The target the first variant's scenario sets for a queue's KPI.
fn compare_target(c: &Comparison, queue: &str, kpi: &str) -> Option<(String, f64)> {
    let m = c.variants.first()?;
    let q = crate::targets::queue_reports(&m.variant.scenario, &m.outcome)
        .into_iter()
        .find(|q| q.name == queue)?;
    let t = q.target?;
    let v = match kpi {
        "service_level" => t.service_level,
        "abandon_rate" => t.max_abandon.filter(|_| q.live),
        "asa_s" => t.max_asa_s,
        _ => None,
    }?;
    Some(("target (A's scenario)".into(), v))
}

fn unit_scale(u: Unit) -> Scale {
    match u {
        Unit::Share => Scale::Share,
        Unit::Seconds => Scale::Seconds,
        Unit::Count => Scale::Number,
    }
}

/// `ccsim compare --report`: the verdicts, cost per variant, and each KPI per variant
/// with its interval.
pub fn compare(c: &Comparison) -> Result<Page> {
    let labels: Vec<String> = c.variants.iter().map(|m| m.variant.label.clone()).collect();
    let mut verdicts = Table::new(&["variant", "queue or group", "KPI", "verdict"])
        .caption("Each variant against A (paired: common random numbers)");
    let mut shown = 0;
    for row in &c.rows {
        for (v, d) in row.diffs.iter().enumerate() {
            if let Some(d) = d {
                let text = super::compare::verdict(row, &labels[v], d);
                if d.shown() {
                    shown += 1;
                }
                verdicts.push(vec![
                    (labels[v].clone(), Class::Text),
                    (row.name.clone(), Class::Text),
                    (super::compare::kpi_label(row.kpi).into(), Class::Text),
                    (text, Class::Text),
                ]);
            }
        }
    }
    let mut cost = Table::new(&["variant", "what", "paid agent-hours / week", "cost / week"])
        .caption("Cost of each variant's roster");
    for m in &c.variants {
        let what = m
            .variant
            .set
            .clone()
            .or_else(|| m.variant.roster.as_ref().map(|r| r.display().to_string()))
            .unwrap_or_else(|| m.variant.scenario_path.display().to_string());
        cost.push(vec![
            (m.variant.label.clone(), Class::Text),
            (what, Class::Text),
            (fmt_count(m.paid_hours_per_week), Class::Number),
            (money(m.cost_per_week), Class::Number),
        ]);
    }
    let panels: Vec<PointPanel> = c
        .rows
        .iter()
        .filter(|r| {
            r.scope == "queue" && ["service_level", "abandon_rate", "asa_s"].contains(&r.kpi)
        })
        .map(|r| PointPanel {
            name: format!("{}: {}", r.name, super::compare::kpi_label(r.kpi)),
            y_desc: super::compare::kpi_label(r.kpi).into(),
            scale: unit_scale(r.unit),
            points: r
                .values
                .iter()
                .enumerate()
                .filter_map(|(v, e)| {
                    e.map(|e| figures::point(labels[v].clone(), v as f64, e.mean, e.half_width))
                })
                .collect(),
            target: compare_target(c, &r.name, r.kpi),
        })
        .collect();
    let figs: Vec<Figure> = figures::estimates(
        "Each KPI per variant with its 95% confidence interval",
        "variant",
        panels,
        false,
        true,
    )?
    .into_iter()
    .collect();
    let o = &c.options;
    Ok(Page {
        title: format!("ccsim compare: {} variants", c.variants.len()),
        facts: vec![
            ("variants".into(), labels.join(", ")),
            ("seed".into(), o.seed.to_string()),
            ("replications".into(), o.replications.to_string()),
            (
                "days".into(),
                o.days.map_or("31".into(), |d| fmt_fixed(d, 1)),
            ),
        ],
        summary: vec![
            Block::Verdict {
                ok: true,
                text: format!("{shown} differences shown at 95% (paired across replications)."),
            },
            Block::Table(cost),
            Block::Table(verdicts),
        ],
        sections: vec![
            Section {
                title: "Pictures".into(),
                blocks: figure_blocks(figs),
            },
            Section {
                title: "The comparison".into(),
                blocks: vec![Block::Pre(super::compare::text(c))],
            },
        ],
    })
}

/// `ccsim sweep --report`: each point's FTE, cost and targets met, and each KPI
/// against the swept value.
pub fn sweep(sw: &Sweep) -> Result<Page> {
    let keys: Vec<String> = sw.settings.iter().map(|s| s.key.clone()).collect();
    let mut header: Vec<&str> = keys.iter().map(String::as_str).collect();
    header.extend([
        "required FTE",
        "required cost / week",
        "roster cost / week",
        "targets met",
    ]);
    let mut points = Table::new(&header).caption("Each point of the sweep");
    for p in &sw.points {
        let mut row: Vec<(String, Class)> = p
            .values
            .iter()
            .map(|v| (v.clone(), Class::Number))
            .collect();
        row.push((fmt_fixed(p.required_fte, 1), Class::Number));
        row.push((money(p.required_cost_per_week), Class::Number));
        row.push((money(p.roster_cost_per_week), Class::Number));
        row.push((
            format!("{} / {}", p.targets_met, p.targets),
            if p.targets_met == p.targets {
                Class::Pass
            } else {
                Class::Fail
            },
        ));
        points.push(row);
    }
    let all_met = sw
        .points
        .iter()
        .filter(|p| p.targets_met == p.targets)
        .count();
    // x: the swept value where one key varies and it reads as a number, else the point
    let numeric: Option<Vec<f64>> = (sw.settings.len() == 1)
        .then(|| {
            sw.points
                .iter()
                .map(|p| p.values.first().and_then(|v| leading_number(v)))
                .collect()
        })
        .flatten();
    let x_of = |i: usize| numeric.as_ref().map_or(i as f64, |xs| xs[i]);
    let label_of = |i: usize| sw.points[i].values.join(", ");
    let mut panels: Vec<PointPanel> = Vec::new();
    if let Some(first) = sw.points.first() {
        for (m, measure) in first.measures.iter().enumerate() {
            let scale = if measure.kpi == "asa_s" {
                Scale::Seconds
            } else {
                Scale::Share
            };
            panels.push(PointPanel {
                name: format!(
                    "{}: {}",
                    measure.name,
                    super::compare::kpi_label(&measure.kpi)
                ),
                y_desc: super::compare::kpi_label(&measure.kpi).into(),
                scale,
                points: sw
                    .points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let e = p.measures.get(m)?;
                        Some(figures::point(
                            label_of(i),
                            x_of(i),
                            e.mean?,
                            e.half_width.unwrap_or(0.0),
                        ))
                    })
                    .collect(),
                target: measure.target.map(|t| ("target".to_string(), t)),
            });
        }
    }
    let x_desc = if numeric.is_some() {
        keys.join(", ")
    } else {
        format!("point ({})", keys.join(", "))
    };
    let figs: Vec<Figure> = figures::estimates(
        "Each KPI against the swept value, with 95% confidence intervals",
        &x_desc,
        panels,
        true,
        numeric.is_none(),
    )?
    .into_iter()
    .collect();
    Ok(Page {
        title: format!("ccsim sweep: {}", sw.scenario),
        facts: vec![
            ("scenario".into(), sw.scenario.clone()),
            ("swept".into(), keys.join(", ")),
            ("seed".into(), sw.seed.to_string()),
            ("replications".into(), sw.replications.to_string()),
            (
                "days".into(),
                sw.days.map_or("31".into(), |d| fmt_fixed(d, 1)),
            ),
        ],
        summary: vec![
            Block::Verdict {
                ok: all_met == sw.points.len(),
                text: format!(
                    "{all_met} of {} points meet every target with the requirement's roster.",
                    sw.points.len()
                ),
            },
            Block::Table(points),
        ],
        sections: vec![
            Section {
                title: "Pictures".into(),
                blocks: figure_blocks(figs),
            },
            Section {
                title: "The sweep".into(),
                blocks: vec![Block::Pre(super::sweep::text(sw))],
            },
        ],
    })
}

/// The number a swept value starts with: `0.25`, `30` of `30s`, `+10` of `+10%`.
fn leading_number(v: &str) -> Option<f64> {
    let t = v.trim();
    let end = t
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+'))))
        .map_or(t.len(), |(i, _)| i);
    t[..end].parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `ccsim teach LESSON --report`: the lesson's explanation and numbers, then its plots.
pub fn teach(r: &super::teach::Rendered) -> Page {
    Page {
        title: format!("ccsim teach: {}", r.title),
        facts: Vec::new(),
        summary: vec![Block::Pre(r.text.clone())],
        sections: vec![Section {
            title: "Pictures".into(),
            blocks: r
                .svgs
                .iter()
                .enumerate()
                .map(|(i, (title, svg))| {
                    Block::Figure(Figure {
                        name: format!("lesson-{}", i + 1),
                        title: title.clone(),
                        svg: svg.clone(),
                    })
                })
                .collect(),
        }],
    }
}

/// `ccsim fit`'s page: what was read, the fitted distributions beside the observed
/// ones, and the whole text report.
pub fn fit(fit: &crate::fit::Fit, source: &str, text: &str) -> Result<Page> {
    let mut blocks = Vec::new();
    if let Some(f) = figures::fit_handle(fit)? {
        blocks.push(Block::Figure(f));
    }
    if let Some(f) = figures::fit_patience(fit)? {
        blocks.push(Block::Figure(f));
    }
    if let Some(f) = figures::fit_staffing(fit)? {
        blocks.push(Block::Figure(f));
    }
    let weekly: f64 = fit.arrivals.weekly_contacts;
    Ok(Page {
        title: format!("ccsim fit: {source}"),
        facts: vec![
            ("log".into(), source.to_string()),
            ("contacts".into(), fmt_count(fit.contacts as f64)),
            ("grid".into(), crate::duration::format_duration_s(fit.interval_s)),
        ],
        summary: vec![
            Block::Tiles(vec![
                ("contacts read".into(), fmt_count(fit.contacts as f64)),
                ("contacts a week".into(), fmt_count(weekly)),
                ("channels".into(), fit.handle.len().to_string()),
            ]),
            Block::Paragraph(
                "Each fitted distribution beside the observed one: handle times by maximum likelihood (the scenario gets the fit with the highest Kolmogorov-Smirnov p-value if it is at least 0.01, else the observed values), patience from censored waits (Kaplan-Meier and censored maximum-likelihood fits).".into(),
            ),
        ],
        sections: vec![
            Section {
                title: "Fitted and observed".into(),
                blocks,
            },
            Section {
                title: "The fit's report".into(),
                blocks: vec![Block::Pre(text.to_string())],
            },
        ],
    })
}

/// `ccsim replay` (`--each`: every file on its own): how many observed KPIs lie between
/// the two staffing bounds' replays, the chart of each against its range, and the
/// command's table.
pub fn validation(
    periods: &[crate::validation::Period],
    options: &crate::replay::ReplayOptions,
    text: &str,
) -> Result<Page> {
    let (inside, total) = crate::validation::inside_count(periods);
    let contacts: usize = periods.iter().map(|p| p.contacts).sum();
    let mut blocks = Vec::new();
    if let Some(f) = figures::validation(periods)? {
        blocks.push(Block::Figure(f));
    }
    Ok(Page {
        title: match periods {
            [one] => format!("ccsim replay: {}", one.source),
            _ => format!("ccsim replay --each: {} periods", periods.len()),
        },
        facts: vec![
            ("seed".into(), options.seed.to_string()),
            ("replications".into(), options.replications.to_string()),
            (
                "agents on duty per".into(),
                crate::duration::format_duration_s(options.duty_bin_s),
            ),
        ],
        summary: vec![
            Block::Verdict {
                ok: inside == total,
                text: format!("{inside} of {total} observed KPIs between the two staffing bounds"),
            },
            Block::Tiles(vec![
                ("periods".into(), periods.len().to_string()),
                ("contacts".into(), fmt_count(contacts as f64)),
                ("KPIs between".into(), format!("{inside} of {total}")),
            ]),
            Block::Paragraph(
                "The trace records services, not presence, so the agents on duty are read from it twice: every agent id serving (more staff) and the most calls in service at once (less staff). Each period is replayed under both; an honest replay brackets what customers saw, so each observed KPI should lie between the two replays, each widened by its 95% interval.".into(),
            ),
        ],
        sections: vec![
            Section {
                title: "Observed against the bounds".into(),
                blocks,
            },
            Section {
                title: "The replay's table".into(),
                blocks: vec![Block::Pre(text.to_string())],
            },
        ],
    })
}
