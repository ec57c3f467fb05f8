//! Exports of a plan: tables, CSV, JSON and the roster file, all as strings or bytes.

use serde_json::{Value, json};

use crate::plan::cover::Termination;
use crate::plan::planner::{Plan, TargetsMode};
use crate::report::Table;
use crate::report::format::{SCHEMA_VERSION, fmt_fixed, fmt_pct, paint_verdicts};
use crate::scenario::Shift;

use crate::plan::schedule::{DAY_NAMES, hhmm};

fn days_text(days: &[bool; 7]) -> String {
    let on: Vec<&str> = (0..7).filter(|&d| days[d]).map(|d| DAY_NAMES[d]).collect();
    if on.len() == 7 {
        "every day".into()
    } else {
        on.join(" ")
    }
}

fn breaks_text(sh: &Shift) -> String {
    if sh.breaks.is_empty() {
        return "-".into();
    }
    sh.breaks
        .iter()
        .map(|b| {
            format!(
                "{}-{}",
                hhmm(sh.start_s + b.after_s),
                hhmm(sh.start_s + b.after_s + b.length_s)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn termination_text(t: Termination) -> &'static str {
    match t {
        Termination::MeetsBound => "optimal (meets the bound)",
        Termination::ProvenOptimal => "proven optimal",
        Termination::NodeLimit => "node budget used",
        Termination::Heuristic => "heuristic",
    }
}

fn targets_name(m: TargetsMode) -> &'static str {
    match m {
        TargetsMode::Horizon => "horizon",
        TargetsMode::Interval => "interval",
    }
}

/// The plan as tables.
pub fn text(p: &Plan, colour: bool) -> String {
    let s = &p.scenario;
    let o = &p.options;
    let mut out = format!(
        "Scenario: {}\nPlan: seed {}, {} replication{} of {} days per round, targets judged over the {}{}\n",
        s.name,
        o.seed,
        o.replications,
        if o.replications == 1 { "" } else { "s" },
        fmt_fixed(p.outcome.info.horizon_s / 86400.0, 1),
        targets_name(o.targets),
        if o.targets == TargetsMode::Interval {
            " and in every interval"
        } else {
            ""
        },
    );
    for (r, &g) in p.rosters.iter().zip(&p.planned) {
        let group = &s.groups[g];
        out.push_str(&format!(
            "\nGroup {} ({})\n",
            group.name, s.tiers[group.tier].name
        ));
        let mut t = Table::new([
            "shift",
            "start",
            "length",
            "days",
            "breaks",
            "agents",
            "paid h/week",
        ]);
        for sh in r.shifts.iter().filter(|x| x.agents > 0) {
            t.push(vec![
                sh.name.clone(),
                hhmm(sh.start_s),
                crate::duration::format_duration_s(sh.length_s),
                days_text(&sh.days),
                breaks_text(sh),
                sh.agents.to_string(),
                format!("{:.1}", sh.paid_hours_per_week()),
            ]);
        }
        out.push_str(&t.render());
        out.push_str(&format!(
            "{} people, {:.1} paid hours a week ({:.1} FTE), cost {:.0} a week; LP bound {:.0}, gap {} ({})\n",
            r.shifts.iter().map(|x| x.agents).sum::<u32>(),
            r.paid_hours_per_week,
            crate::erlang::fte(r.paid_hours_per_week, s.hours_per_fte_week),
            r.cost_per_week,
            r.lp_bound,
            fmt_pct(r.gap(), 1),
            termination_text(r.termination),
        ));
    }
    out.push_str(&format!(
        "\nTotal: {:.1} paid hours a week ({:.1} FTE), cost {:.0} a week; LP bound {:.0}, gap {}\n",
        p.paid_hours_per_week(),
        crate::erlang::fte(p.paid_hours_per_week(), s.hours_per_fte_week),
        p.cost_per_week(),
        p.lp_bound(),
        fmt_pct(p.gap(), 1),
    ));
    if let Some((cost, hours)) = p.own_roster {
        out.push_str(&format!(
            "The scenario's own roster of these groups: {hours:.1} paid hours, cost {cost:.0} a week ({} than the plan)\n",
            if cost > p.cost_per_week() {
                format!("{} dearer", fmt_pct(cost / p.cost_per_week() - 1.0, 1))
            } else {
                format!("{} cheaper", fmt_pct(1.0 - cost / p.cost_per_week(), 1))
            }
        ));
    }
    out.push_str(
        "\nRounds (each simulates the roster with the same seed: common random numbers)\n",
    );
    let mut t = Table::new([
        "round",
        "kind",
        "cost/week",
        "targets missed",
        "agent-intervals",
        "kept",
    ]);
    for (i, r) in p.rounds.iter().enumerate() {
        t.push(vec![
            (i + 1).to_string(),
            r.kind.into(),
            format!("{:.0}", r.cost_per_week),
            if r.missed.is_empty() {
                "none".into()
            } else {
                r.missed.join("; ")
            },
            match r.kind {
                "trim" => format!("-{}", r.changed),
                _ => format!("+{}", r.changed),
            },
            if r.kept { "yes" } else { "no" }.into(),
        ]);
    }
    out.push_str(&t.render());
    out.push_str(&format!(
        "\nTargets of the final roster (one-sided 95% bound across replications): {}\n",
        if p.met {
            "every target met"
        } else {
            "NOT every target met"
        }
    ));
    let mut t = Table::new(["queue/group", "KPI", "mean", "bound", "target", "met"]);
    let mut verdicts = Vec::new();
    for j in &p.judgements {
        let (op, goal) = match j.check.goal {
            crate::targets::Goal::AtLeast(v) => ("≥", v),
            crate::targets::Goal::AtMost(v) => ("≤", v),
        };
        t.push(vec![
            j.check.name.clone(),
            j.check.label.clone(),
            fmt_fixed(j.check.value.mean, j.check.digits),
            fmt_fixed(j.bound, j.check.digits),
            format!(
                "{op} {}",
                fmt_fixed(
                    goal,
                    j.check
                        .digits
                        .min(2)
                        .max(if goal.fract() == 0.0 { 0 } else { 2 })
                )
            ),
            match j.met {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "no data",
            }
            .into(),
        ]);
        verdicts.push(j.met);
    }
    let rendered = t.render();
    out.push_str(&if colour {
        paint_verdicts(&rendered, &verdicts)
    } else {
        rendered
    });
    out.push_str(&format!(
        "\nThe final round's simulation (`ccsim simulate SCENARIO --roster FILE --seed {} -r {}` prints the same):\n",
        o.seed, o.replications
    ));
    out.push_str(&crate::report::simulate::kpi_table(s, &p.outcome, colour));
    out
}

/// One row per planned shift.
pub fn shifts_csv(p: &Plan) -> crate::Result<Vec<u8>> {
    let mut t = Table::new([
        "group",
        "shift",
        "start",
        "length_s",
        "days",
        "breaks",
        "agents",
        "paid_hours_per_week",
    ]);
    for (r, &g) in p.rosters.iter().zip(&p.planned) {
        for sh in r.shifts.iter().filter(|x| x.agents > 0) {
            t.push(vec![
                p.scenario.groups[g].name.clone(),
                sh.name.clone(),
                hhmm(sh.start_s),
                format!("{}", sh.length_s),
                days_text(&sh.days),
                breaks_text(sh),
                sh.agents.to_string(),
                format!("{:.3}", sh.paid_hours_per_week()),
            ]);
        }
    }
    t.to_csv()
}

/// The plan as the documented JSON object.
pub fn json(p: &Plan) -> Value {
    let s = &p.scenario;
    let groups: Vec<Value> = p
        .rosters
        .iter()
        .zip(&p.planned)
        .map(|(r, &g)| {
            json!({
                "group": s.groups[g].name,
                "tier": s.tiers[s.groups[g].tier].name,
                "shifts": r.shifts.iter().filter(|x| x.agents > 0).map(|sh| json!({
                    "name": sh.name,
                    "start": hhmm(sh.start_s),
                    "length_s": sh.length_s,
                    "days": (0..7).filter(|&d| sh.days[d]).map(|d| DAY_NAMES[d]).collect::<Vec<_>>(),
                    "breaks": sh.breaks.iter().map(|b| json!({"after_s": b.after_s, "length_s": b.length_s})).collect::<Vec<_>>(),
                    "agents": sh.agents,
                    "paid_hours_per_week": sh.paid_hours_per_week(),
                })).collect::<Vec<_>>(),
                "people": r.shifts.iter().map(|x| x.agents).sum::<u32>(),
                "paid_hours_per_week": r.paid_hours_per_week,
                "fte": crate::erlang::fte(r.paid_hours_per_week, s.hours_per_fte_week),
                "cost_per_week": r.cost_per_week,
                "lp_bound": r.lp_bound,
                "gap": r.gap(),
                "solver": termination_text(r.termination),
                "required_on_shift": r.required_on_shift,
                "on_duty": r.on_duty,
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "scenario": s.name,
        "seed": p.options.seed,
        "replications": p.options.replications,
        "targets": targets_name(p.options.targets),
        "met": p.met,
        "cost_per_week": p.cost_per_week(),
        "lp_bound": p.lp_bound(),
        "gap": p.gap(),
        "paid_hours_per_week": p.paid_hours_per_week(),
        "own_roster": p.own_roster.map(|(c, h)| json!({"cost_per_week": c, "paid_hours_per_week": h})),
        "groups": groups,
        "rounds": p.rounds.iter().map(|r| json!({
            "kind": r.kind,
            "cost_per_week": r.cost_per_week,
            "missed": r.missed,
            "changed": r.changed,
            "kept": r.kept,
        })).collect::<Vec<_>>(),
        "judgements": p.judgements.iter().map(|j| json!({
            "scope": j.check.scope,
            "name": j.check.name,
            "kpi": j.check.kpi,
            "mean": crate::report::json_f64(Some(j.check.value.mean).filter(|x| x.is_finite())),
            "bound": crate::report::json_f64(Some(j.bound).filter(|x| x.is_finite())),
            "met": j.met,
        })).collect::<Vec<_>>(),
        "simulation": crate::report::simulate::summary_json(s, &p.outcome),
    })
}

/// The roster file of the planned groups, with a header naming the plan.
pub fn roster_file(p: &Plan, scenario_path: &std::path::Path) -> String {
    let header = format!(
        "ccsim roster for \"{}\" ({}), written by ccsim plan\nseed {}, {} replications, targets {}: cost {:.0} a week, LP bound {:.0}\nccsim simulate {} --roster THIS_FILE --seed {} -r {} reproduces the plan's KPIs",
        p.scenario.name,
        scenario_path.display(),
        p.options.seed,
        p.options.replications,
        targets_name(p.options.targets),
        p.cost_per_week(),
        p.lp_bound(),
        scenario_path.display(),
        p.options.seed,
        p.options.replications,
    );
    crate::scenario::roster_toml(&p.scenario, &p.planned, &header)
}

/// The targets the final roster misses, for `--check`.
pub fn missed(p: &Plan) -> Vec<String> {
    p.judgements
        .iter()
        .filter(|j| j.met == Some(false))
        .map(|j| format!("{} {}", j.check.name, j.check.label))
        .collect()
}
