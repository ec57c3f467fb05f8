//! The pictures of a result: what each command's report draws, made from the numbers
//! the command returns ([`crate::simulate::Outcome`], [`crate::plan::staff::StaffPlan`],
//! [`crate::plan::Plan`], [`crate::compare::Comparison`], [`crate::sweep::Sweep`]) by
//! the charts of [`crate::plot`]. Each function returns its figures as SVG text.

use crate::engine::{Aggregate, CellKpis, Spec};
use crate::error::Result;
use crate::plan::requirement::GroupRequirement;
use crate::plot::{
    CdfPanel, HeatRow, Line, Panel, Point, PointPanel, Scale, Stroke, TimeAxis, cdf_svg,
    heat_map_svg, panels_svg, points_svg,
};
use crate::scenario::Scenario;
use crate::simulate::Outcome;
use crate::stats::{Moments, t_quantile_975};
use crate::targets::{QueueReport, queue_reports};

/// A drawn chart: what it shows and its SVG document.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// A file name for it, without `.svg` (`staffing`, `waits`).
    pub name: String,
    pub title: String,
    pub svg: String,
}

fn figure(name: &str, title: String, svg: Result<String>) -> Result<Figure> {
    Ok(Figure {
        name: name.into(),
        title,
        svg: svg?,
    })
}

/// Panels a chart shows at most (the rest would make it unreadably long).
pub const MAX_PANELS: usize = 12;

/// The time axis of a simulation's grid.
pub fn axis_of(spec: &Spec) -> TimeAxis {
    TimeAxis {
        interval_s: spec.interval_s,
        intervals: spec.n_intervals,
        week: spec.cyclic,
    }
}

/// The time axis of a scenario's demand grid.
pub fn axis_of_demand(s: &Scenario) -> TimeAxis {
    TimeAxis {
        interval_s: s.interval_s,
        intervals: s.demand.n_intervals,
        week: s.demand.is_cyclic(),
    }
}

/// Mean and 95% interval of a cell's values across replications (`None` without any).
fn mean_band(m: &Moments) -> (Option<f64>, Option<(f64, f64)>) {
    let n = m.count();
    if n == 0 {
        return (None, None);
    }
    let mean = m.mean();
    if n < 2 {
        return (Some(mean), None);
    }
    let h = t_quantile_975(n - 1) * m.std_error();
    (Some(mean), Some((mean - h, mean + h)))
}

/// One group's agents per interval, as far as they are known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupAgents {
    pub name: String,
    /// Agents required on duty (the analytic requirement).
    pub required: Option<Vec<f64>>,
    /// Agents to have on shift for it (after shrinkage).
    pub scheduled: Option<Vec<f64>>,
    /// Agents the roster has on duty.
    pub on_duty: Option<Vec<f64>>,
    /// Agents busy on average in the simulation.
    pub busy: Option<Vec<f64>>,
}

/// Required against rostered (on-duty) agents per interval, one panel per group, with
/// the intervals where the roster has fewer on duty than required marked.
pub fn staffing(title: &str, axis: &TimeAxis, groups: &[GroupAgents]) -> Result<Figure> {
    let panels: Vec<Panel> = groups
        .iter()
        .take(MAX_PANELS)
        .map(|g| {
            let wrap = |v: &Vec<f64>| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
            let mut lines = Vec::new();
            if let Some(r) = &g.required {
                lines.push(Line {
                    label: "required on duty".into(),
                    values: wrap(r),
                    stroke: Stroke::Bold,
                });
            }
            if let Some(d) = &g.on_duty {
                lines.push(Line {
                    label: "on duty (roster)".into(),
                    values: wrap(d),
                    stroke: Stroke::Grey,
                });
            }
            if let Some(sch) = &g.scheduled {
                lines.push(Line {
                    label: "to schedule (after shrinkage)".into(),
                    values: wrap(sch),
                    stroke: Stroke::Thin,
                });
            }
            if let Some(b) = &g.busy {
                lines.push(Line {
                    label: "busy (simulated mean)".into(),
                    values: wrap(b),
                    stroke: Stroke::Thin,
                });
            }
            let marks = match (&g.required, &g.on_duty) {
                (Some(r), Some(d)) => Some((
                    "under-staffed".to_string(),
                    r.iter()
                        .zip(d)
                        .map(|(r, d)| *d + 1e-9 < *r)
                        .collect::<Vec<bool>>(),
                )),
                _ => None,
            };
            Panel {
                name: g.name.clone(),
                y_desc: "agents".into(),
                scale: Scale::Number,
                lines,
                band: None,
                target: None,
                marks,
            }
        })
        .collect();
    figure(
        "staffing",
        title.to_string(),
        panels_svg(title, axis, &panels),
    )
}

/// Each group of a simulation: its roster's agents on duty, the agents busy on average
/// and (given) the analytic requirement.
pub fn simulated_agents(
    s: &Scenario,
    o: &Outcome,
    required: Option<&[GroupRequirement]>,
) -> Vec<GroupAgents> {
    let (spec, agg) = (&o.spec, &o.agg);
    let ng = spec.groups.len();
    let on_duty = s.on_duty();
    (0..ng)
        .map(|g| {
            let busy = (0..spec.n_intervals)
                .map(|i| {
                    let ends = f64::from(agg.interval_ends.get(i).copied().unwrap_or(0));
                    let c = agg.group_cells.get(i * ng + g);
                    match c {
                        Some(c) if ends > 0.0 => c.busy_area / (ends * spec.interval_s),
                        _ => 0.0,
                    }
                })
                .collect();
            let req = required.and_then(|r| r.iter().find(|x| x.group == g));
            GroupAgents {
                name: format!("group {}", spec.groups[g].name),
                required: req.map(|r| r.required.iter().map(|x| f64::from(*x)).collect()),
                scheduled: None,
                on_duty: (on_duty.len() >= spec.n_intervals * ng && ng > 0)
                    .then(|| (0..spec.n_intervals).map(|i| on_duty[i * ng + g]).collect()),
                busy: Some(busy),
            }
        })
        .collect()
}

/// The KPI panels of one reported queue: each KPI with a target (service level, ASA
/// or mean response, abandonment) per interval with its 95% band across replications.
fn kpi_panels(spec: &Spec, agg: &Aggregate, q: &QueueReport, all: bool) -> Vec<Panel> {
    let lanes = Aggregate::lanes(spec);
    let lane = q.tier * spec.channels.len() + q.channel;
    let cells: Vec<&CellKpis> = (0..spec.n_intervals)
        .filter_map(|i| agg.lane_cell_kpis.get(i * lanes + lane))
        .collect();
    let target = q.target;
    let mut out = Vec::new();
    let mut add =
        |label: String, scale: Scale, goal: Option<f64>, pick: fn(&CellKpis) -> &Moments| {
            let (values, band): (Vec<_>, Vec<_>) = cells.iter().map(|c| mean_band(pick(c))).unzip();
            out.push(Panel {
                name: format!("{}: {label}", q.name),
                y_desc: label.clone(),
                scale,
                lines: vec![Line {
                    label: "simulated mean".into(),
                    values,
                    stroke: Stroke::Bold,
                }],
                band: Some(("95% confidence band".into(), band)),
                target: goal.map(|g| (format!("target {}", scale_text(scale, g)), g)),
                marks: None,
            });
        };
    let sl = target.and_then(|t| t.service_level);
    if sl.is_some() || (all && q.live) {
        add(
            crate::targets::sl_label(q.within_s),
            Scale::Share,
            sl,
            |c| &c.service_level,
        );
    }
    let asa = target.and_then(|t| t.max_asa_s);
    if asa.is_some() || (!q.live && target.is_some_and(|t| t.within_s.is_some())) {
        let label = if q.live { "ASA" } else { "mean response" };
        add(label.into(), Scale::Seconds, asa, |c| &c.asa_s);
    }
    let ab = target.and_then(|t| t.max_abandon).filter(|_| q.live);
    if ab.is_some() || (all && q.live) {
        add("abandonment".into(), Scale::Share, ab, |c| &c.abandon_rate);
    }
    out
}

fn scale_text(scale: Scale, v: f64) -> String {
    match scale {
        Scale::Share => format!("{:.1}%", v * 100.0),
        Scale::Seconds => crate::duration::format_duration_s(v),
        Scale::Number => format!("{v}"),
    }
}

/// Service level, ASA and abandonment per interval against their targets, for every
/// reported queue with a target (else the first line's live queues), with the
/// simulation's 95% band.
pub fn kpis_per_interval(s: &Scenario, o: &Outcome) -> Result<Option<Figure>> {
    let reports = queue_reports(s, o);
    let mut panels: Vec<Panel> = reports
        .iter()
        .flat_map(|q| kpi_panels(&o.spec, &o.agg, q, false))
        .collect();
    if panels.is_empty() {
        panels = reports
            .iter()
            .filter(|q| q.tier == 0 && q.live)
            .flat_map(|q| kpi_panels(&o.spec, &o.agg, q, true))
            .collect();
    }
    if panels.is_empty() {
        return Ok(None);
    }
    panels.truncate(MAX_PANELS);
    let title = "Service per interval against the targets (simulated mean, 95% band)";
    figure(
        "service",
        title.into(),
        panels_svg(title, &axis_of(&o.spec), &panels),
    )
    .map(Some)
}

/// The distribution of waits (answered contacts; e-mail and tickets: response times)
/// per reported queue, with the target's T and share marked.
pub fn wait_distribution(s: &Scenario, o: &Outcome) -> Result<Option<Figure>> {
    let spec = &o.spec;
    let mut panels = Vec::new();
    for q in queue_reports(s, o) {
        let lane = q.tier * spec.channels.len() + q.channel;
        let Some(h) = o.agg.lane_waits.get(lane) else {
            continue;
        };
        if h.count() == 0 {
            continue;
        }
        let t = q.within_s;
        let p99 = h.quantile(0.99).unwrap_or(0.0);
        let max_s = match t {
            Some(t) => (3.0 * t).max(p99.min(10.0 * t)),
            None => p99,
        }
        .max(1.0);
        let steps = 240;
        let pts: Vec<(f64, f64)> = (0..=steps)
            .map(|k| {
                let x = max_s * f64::from(k) / f64::from(steps);
                (x, h.share_within(x).unwrap_or(0.0))
            })
            .collect();
        let sl = q.target.and_then(|t| t.service_level);
        let target = t.map(|t| {
            let label = match sl {
                Some(g) => format!(
                    "target: {:.0}% within {}",
                    g * 100.0,
                    crate::duration::format_duration_s(t)
                ),
                None => format!("T = {}", crate::duration::format_duration_s(t)),
            };
            (label, t, sl)
        });
        panels.push(CdfPanel {
            name: format!(
                "{}: {} answered",
                q.name,
                crate::report::format::fmt_count(
                    h.count() as f64 / o.agg.per_rep.len().max(1) as f64
                )
            ),
            curves: vec![("share answered within".into(), pts)],
            max_s,
            x_desc: if q.live {
                "wait of the answered".into()
            } else {
                "response time".into()
            },
            y_desc: "share waiting at most".into(),
            target,
        });
    }
    if panels.is_empty() {
        return Ok(None);
    }
    panels.truncate(MAX_PANELS);
    let title = "How long customers wait: distribution of waits per queue";
    figure("waits", title.into(), cdf_svg(title, &panels)).map(Some)
}

/// Occupancy (busy / on-duty time) of each group in each interval.
pub fn occupancy_heat_map(o: &Outcome) -> Result<Option<Figure>> {
    let (spec, agg) = (&o.spec, &o.agg);
    let ng = spec.groups.len();
    if ng == 0 {
        return Ok(None);
    }
    let rows: Vec<HeatRow> = spec
        .groups
        .iter()
        .enumerate()
        .map(|(g, gs)| HeatRow {
            name: gs.name.clone(),
            values: (0..spec.n_intervals)
                .map(|i| agg.group_cells.get(i * ng + g).and_then(|c| c.occupancy()))
                .collect(),
        })
        .collect();
    let title = "Occupancy of each group per interval (darker: busier)";
    figure(
        "occupancy",
        title.into(),
        heat_map_svg(title, &axis_of(spec), &rows, "occupancy"),
    )
    .map(Some)
}

/// The backlog of each deferred queue (e-mail, tickets) at interval ends, and its mean
/// response time per interval against the response target.
pub fn backlog(s: &Scenario, o: &Outcome) -> Result<Option<Figure>> {
    let (spec, agg) = (&o.spec, &o.agg);
    let nq = spec.queues.len();
    let mut panels = Vec::new();
    for q in queue_reports(s, o).iter().filter(|q| !q.live) {
        let members: Vec<usize> = (0..nq)
            .filter(|&i| spec.queues[i].tier == q.tier && spec.queues[i].channel == q.channel)
            .collect();
        let values = (0..spec.n_intervals)
            .map(|i| {
                let ends = f64::from(agg.interval_ends.get(i).copied().unwrap_or(0));
                (ends > 0.0).then(|| {
                    members
                        .iter()
                        .map(|&m| agg.backlog.get(i * nq + m).copied().unwrap_or(0.0))
                        .sum::<f64>()
                        / ends
                })
            })
            .collect();
        panels.push(Panel {
            name: format!("{}: backlog at the end of each interval", q.name),
            y_desc: "contacts waiting".into(),
            scale: Scale::Number,
            lines: vec![Line {
                label: "simulated mean".into(),
                values,
                stroke: Stroke::Bold,
            }],
            band: None,
            target: None,
            marks: None,
        });
        let lanes = Aggregate::lanes(spec);
        let lane = q.tier * spec.channels.len() + q.channel;
        let (values, band): (Vec<_>, Vec<_>) = (0..spec.n_intervals)
            .map(|i| {
                agg.lane_cell_kpis
                    .get(i * lanes + lane)
                    .map_or((None, None), |c| mean_band(&c.asa_s))
            })
            .unzip();
        panels.push(Panel {
            name: format!("{}: mean response time of the contacts answered", q.name),
            y_desc: "response time".into(),
            scale: Scale::Seconds,
            lines: vec![Line {
                label: "simulated mean".into(),
                values,
                stroke: Stroke::Bold,
            }],
            band: Some(("95% confidence band".into(), band)),
            target: q.within_s.map(|t| {
                (
                    format!("response target {}", crate::duration::format_duration_s(t)),
                    t,
                )
            }),
            marks: None,
        });
    }
    if panels.is_empty() {
        return Ok(None);
    }
    panels.truncate(MAX_PANELS);
    let title = "E-mail and ticket backlog over the week, and response times";
    figure(
        "backlog",
        title.into(),
        panels_svg(title, &axis_of(spec), &panels),
    )
    .map(Some)
}

/// Every picture of a simulation: staffing per group (with the analytic requirement
/// where given), service per interval, waits, occupancy and backlog.
pub fn simulation(
    s: &Scenario,
    o: &Outcome,
    required: Option<&[GroupRequirement]>,
) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    if !o.spec.groups.is_empty() {
        let groups = simulated_agents(s, o, required);
        out.push(staffing(
            "Agents per interval: required, on duty and busy, per group",
            &axis_of(&o.spec),
            &groups,
        )?);
    }
    out.extend(kpis_per_interval(s, o)?);
    out.extend(wait_distribution(s, o)?);
    out.extend(occupancy_heat_map(o)?);
    out.extend(backlog(s, o)?);
    Ok(out)
}

/// KPI estimates with their intervals, one panel per KPI: `points[kpi]` holds each
/// variant's (or swept value's) estimate.
pub fn estimates(
    title: &str,
    x_desc: &str,
    panels: Vec<PointPanel>,
    joined: bool,
    categorical: bool,
) -> Result<Option<Figure>> {
    let panels: Vec<PointPanel> = panels
        .into_iter()
        .filter(|p| p.points.iter().any(|q| q.mean.is_finite()))
        .take(MAX_PANELS)
        .collect();
    if panels.is_empty() {
        return Ok(None);
    }
    figure(
        "estimates",
        title.into(),
        points_svg(title, x_desc, &panels, joined, categorical),
    )
    .map(Some)
}

/// A point of an estimate chart.
pub fn point(label: impl Into<String>, x: f64, mean: f64, half_width: f64) -> Point {
    Point {
        label: label.into(),
        x,
        mean,
        half_width,
    }
}

/// Points of a fitted distribution function from 0 to `max_s`.
fn cdf_points(params: &crate::fit::handle::Params, max_s: f64) -> Vec<(f64, f64)> {
    let steps = 240;
    (0..=steps)
        .map(|k| {
            let x = max_s * f64::from(k) / f64::from(steps);
            (x, params.cdf(x))
        })
        .collect()
}

/// `ccsim fit`'s handle times: per channel the observed distribution (bold) and each
/// fitted one (exponential, lognormal, gamma by maximum likelihood, with their KS p).
pub fn fit_handle(fit: &crate::fit::Fit) -> Result<Option<Figure>> {
    use crate::fit::{Chosen, p_words};
    let mut panels = Vec::new();
    for h in &fit.handle {
        let m = h.empirical_s.len();
        let Some(&p99) = h.quantiles_s.last() else {
            continue;
        };
        if m == 0 || p99.is_nan() || p99 <= 0.0 {
            continue;
        }
        let max_s = 1.1 * p99;
        let observed: Vec<(f64, f64)> = h
            .empirical_s
            .iter()
            .enumerate()
            .map(|(i, &x)| (x, (i as f64 + 0.5) / m as f64))
            .collect();
        let mut curves = vec![(
            format!(
                "observed ({} calls)",
                crate::report::format::fmt_count(h.n as f64)
            ),
            observed,
        )];
        for c in &h.candidates {
            curves.push((
                format!("{} (KS p {})", c.params.family().name(), p_words(c.ks_p)),
                cdf_points(&c.params, max_s),
            ));
        }
        let chosen = match &h.chosen {
            Chosen::Fitted(p) => p.family().name(),
            Chosen::Empirical(_) => "empirical",
        };
        panels.push(CdfPanel {
            name: format!("{}: handle time (the scenario gets: {chosen})", h.channel),
            curves,
            max_s,
            x_desc: "handle time".into(),
            y_desc: "share at most".into(),
            target: None,
        });
    }
    if panels.is_empty() {
        return Ok(None);
    }
    panels.truncate(MAX_PANELS);
    let title = "Handle times: observed and fitted distributions";
    figure("handle", title.into(), cdf_svg(title, &panels)).map(Some)
}

/// `ccsim fit`'s staffing: the agents on duty the log shows per interval of the week
/// (each interval's mean over its weekdays), the upper bound (every agent id serving)
/// bold and the lower (most contacts in service at once) grey; `None` when the log
/// names no agents.
pub fn fit_staffing(fit: &crate::fit::Fit) -> Result<Option<Figure>> {
    let Some(st) = &fit.staffing else {
        return Ok(None);
    };
    let wrap = |v: &[f64]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
    let hours = |v: &[f64]| crate::fit::ObservedStaffing::hours_per_week(v, fit.interval_s);
    let axis = TimeAxis {
        interval_s: fit.interval_s,
        intervals: st.agent_ids.len(),
        week: true,
    };
    let panel = Panel {
        name: "agents on duty in the log, mean of each weekday".into(),
        y_desc: "agents".into(),
        scale: Scale::Number,
        lines: vec![
            Line {
                label: format!(
                    "every agent id serving (upper bound, {:.0} agent-hours a week)",
                    hours(&st.agent_ids)
                ),
                values: wrap(&st.agent_ids),
                stroke: Stroke::Bold,
            },
            Line {
                label: format!(
                    "most contacts in service at once (lower bound, {:.0})",
                    hours(&st.busy_peak)
                ),
                values: wrap(&st.busy_peak),
                stroke: Stroke::Grey,
            },
        ],
        band: None,
        target: None,
        marks: None,
    };
    let title = "Staffing the log shows, per interval of the week";
    figure(
        "staffing",
        title.to_string(),
        panels_svg(title, &axis, &[panel]),
    )
    .map(Some)
}

/// `ccsim fit`'s patience: per live channel the Kaplan–Meier estimate of the share
/// who hang up by each wait (bold) and the censored maximum-likelihood fits.
pub fn fit_patience(fit: &crate::fit::Fit) -> Result<Option<Figure>> {
    let mut panels = Vec::new();
    for p in &fit.patience {
        let Some(last) = p.km.last() else {
            continue;
        };
        let max_s = last.t_s.max(1.0);
        // the Kaplan–Meier steps as a staircase of 1 − S
        let mut km = vec![(0.0, 0.0)];
        let mut before = 1.0;
        for k in &p.km {
            km.push((k.t_s, 1.0 - before));
            km.push((k.t_s, 1.0 - k.survival));
            before = k.survival;
        }
        let mut curves = vec![(
            format!(
                "Kaplan-Meier ({} waits, {} hung up)",
                crate::report::format::fmt_count(p.waits as f64),
                crate::report::format::fmt_count(p.abandoned as f64)
            ),
            km,
        )];
        for (params, _, distance) in &p.fits {
            curves.push((
                format!(
                    "{} (max distance to Kaplan-Meier {:.3})",
                    params.family().name(),
                    distance
                ),
                cdf_points(params, max_s),
            ));
        }
        panels.push(CdfPanel {
            name: format!(
                "{}: patience (the scenario gets: {})",
                p.channel,
                p.chosen.family().name()
            ),
            curves,
            max_s,
            x_desc: "wait".into(),
            y_desc: "share hung up by".into(),
            target: None,
        });
    }
    if panels.is_empty() {
        return Ok(None);
    }
    panels.truncate(MAX_PANELS);
    let title = "Patience: who hangs up by each wait, estimated and fitted";
    figure("patience", title.into(), cdf_svg(title, &panels)).map(Some)
}

/// `ccsim replay --each`: per KPI, each period's observed value against the range its
/// replays under the two staffing bounds allow (each widened by its 95% interval).
pub fn validation(periods: &[crate::validation::Period]) -> Result<Option<Figure>> {
    use crate::plot::{Bracket, BracketPanel};
    let panels: Vec<BracketPanel> = crate::validation::KEYS
        .iter()
        .filter_map(|key| {
            let brackets: Vec<Bracket> = periods
                .iter()
                .filter_map(|p| {
                    let b = p.judged.iter().find(|b| b.key == *key)?;
                    let (lo, hi) = crate::validation::range(&b.agent_ids, &b.busy_peak);
                    Some(Bracket {
                        label: p.source.trim_end_matches(".txt").to_string(),
                        lo,
                        hi,
                        observed: b.observed,
                    })
                })
                .collect();
            let label = periods
                .iter()
                .flat_map(|p| &p.judged)
                .find(|b| b.key == *key)?
                .label;
            let scale = if key.ends_with("_s") {
                Scale::Seconds
            } else {
                Scale::Share
            };
            Some(BracketPanel {
                name: label.to_string(),
                y_desc: label.trim_end_matches(" (s)").to_string(),
                scale,
                brackets,
            })
        })
        .collect();
    if panels.is_empty() {
        return Ok(None);
    }
    let title = "Observed against the replay's two staffing bounds";
    figure(
        "brackets",
        title.into(),
        crate::plot::brackets_svg(title, "period", &panels),
    )
    .map(Some)
}
