//! `ccsim sweep`'s (and `ccsim merge`'s) output: one row per point of the grid, as
//! text, JSON (the [`Sweep`] itself, which `merge` reads back) and CSV.

use super::Table;
use super::format::{fmt_fixed, fmt_pct};
use crate::sweep::{Measure, Sweep};

/// The measures' columns, in the first point's order (every point of one sweep has
/// the same queues unless a setting removes one).
fn columns(s: &Sweep) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in &s.points {
        for m in &p.measures {
            if !out.iter().any(|(n, k)| *n == m.name && *k == m.kpi) {
                out.push((m.name.clone(), m.kpi.clone()));
            }
        }
    }
    out
}

fn short(kpi: &str) -> &str {
    match kpi {
        "service_level" => "SL",
        "asa_s" => "ASA",
        "abandon_rate" => "abandon",
        other => other,
    }
}

fn cell(m: Option<&Measure>) -> String {
    let Some(m) = m else { return "-".into() };
    let Some(mean) = m.mean else {
        return "-".into();
    };
    let hw = m.half_width;
    let mark = match m.met {
        Some(false) => " !",
        _ => "",
    };
    if m.kpi == "asa_s" {
        let h = hw.map_or(String::new(), |h| format!(" ± {}", fmt_fixed(h, 1)));
        format!("{} s{h}{mark}", fmt_fixed(mean, 1))
    } else {
        let h = hw.map_or(String::new(), |h| format!(" ± {}", fmt_fixed(h * 100.0, 1)));
        format!("{}{h}{mark}", fmt_pct(mean, 1))
    }
}

/// The sweep as text.
pub fn text(s: &Sweep) -> String {
    let days = s.days.map_or("31".to_string(), |d| fmt_fixed(d, 1));
    let mut out = format!(
        "Sweep of {}: {} points{}, seed {}, {} replications of {days} days each (common random numbers across the points)\n",
        s.scenario,
        s.points_total,
        s.shard.map_or(String::new(), |x| format!(
            " (shard {}/{}: {} of them)",
            x.index,
            x.of,
            s.points.len()
        )),
        s.seed,
        s.replications,
    );
    out.push_str("FTE and cost/week: what `ccsim staff` asks for at the point; the KPIs: the scenario's own roster simulated (95% intervals in points or seconds; ! misses its target)\n\n");
    let cols = columns(s);
    let mut header: Vec<String> = s.settings.iter().map(|x| x.key.clone()).collect();
    header.extend(["FTE".to_string(), "cost/week".to_string()]);
    header.extend(cols.iter().map(|(n, k)| format!("{n} {}", short(k))));
    header.push("targets met".into());
    let mut t = Table::new(header);
    for p in &s.points {
        let mut row = p.values.clone();
        row.push(fmt_fixed(p.required_fte, 1));
        row.push(fmt_fixed(p.required_cost_per_week, 0));
        for (n, k) in &cols {
            row.push(cell(
                p.measures.iter().find(|m| m.name == *n && m.kpi == *k),
            ));
        }
        row.push(format!("{}/{}", p.targets_met, p.targets));
        t.push(row);
    }
    out.push_str(&t.render());
    out
}

/// The sweep as JSON: exactly what `merge` reads back.
pub fn json(s: &Sweep) -> crate::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(s)
        .map_err(|e| crate::Error::Failure(format!("cannot write the sweep as JSON: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// One CSV row per point: its values, staffing, roster and every measure's mean and
/// half-width.
pub fn csv(s: &Sweep) -> crate::Result<Vec<u8>> {
    let cols = columns(s);
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(s.settings.iter().map(|x| x.key.clone()));
    header.extend(
        [
            "required_fte",
            "required_cost_per_week",
            "roster_paid_hours_per_week",
            "roster_cost_per_week",
            "targets_met",
            "targets",
        ]
        .map(String::from),
    );
    for (n, k) in &cols {
        header.push(format!("{n} {k}"));
        header.push(format!("{n} {k} half_width"));
    }
    let num = |x: Option<f64>| {
        x.filter(|v| v.is_finite())
            .map_or(String::new(), |v| format!("{v}"))
    };
    let mut t = Table::new(header);
    for p in &s.points {
        let mut row = vec![p.index.to_string()];
        row.extend(p.values.iter().cloned());
        row.push(num(Some(p.required_fte)));
        row.push(num(Some(p.required_cost_per_week)));
        row.push(num(Some(p.roster_paid_hours_per_week)));
        row.push(num(Some(p.roster_cost_per_week)));
        row.push(p.targets_met.to_string());
        row.push(p.targets.to_string());
        for (n, k) in &cols {
            let m = p.measures.iter().find(|m| m.name == *n && m.kpi == *k);
            row.push(num(m.and_then(|m| m.mean)));
            row.push(num(m.and_then(|m| m.half_width)));
        }
        t.push(row);
    }
    t.to_csv()
}
