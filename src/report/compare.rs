//! `ccsim compare`'s output: the variants, every KPI with each variant's value and the
//! paired difference against the first with a plain verdict, where they differ most,
//! and the cost difference; as text, JSON and CSV.

use serde_json::{Value, json};

use super::Table;
use super::format::{fmt_fixed, fmt_pct};
use super::json_f64;
use crate::compare::{Comparison, Diff, Row, Unit};

/// The KPI as people read it.
pub fn kpi_label(kpi: &str) -> &str {
    match kpi {
        "service_level" => "service level",
        "asa_s" => "ASA",
        "abandon_rate" => "abandonment",
        "wait_p90_s" => "90th percentile wait",
        "mean_queue_length" => "mean queue length",
        other => other,
    }
}

/// A value in the KPI's unit: shares as percentages, seconds with one decimal.
fn value_text(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Share => fmt_pct(x, 2),
        Unit::Seconds => format!("{} s", fmt_fixed(x, 1)),
        Unit::Count => count_text(x),
    }
}

/// A count: more decimals the smaller it is (a mean queue length of 0.04).
fn count_text(x: f64) -> String {
    let a = x.abs();
    fmt_fixed(
        x,
        if a < 1.0 {
            3
        } else if a < 100.0 {
            2
        } else {
            1
        },
    )
}

/// A difference in the KPI's unit: shares in percentage points.
fn diff_text(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Share => format!("{} pp", fmt_fixed(x * 100.0, 2)),
        Unit::Seconds => format!("{} s", fmt_fixed(x, 2)),
        Unit::Count => count_text(x),
    }
}

fn signed(unit: Unit, x: f64) -> String {
    let t = diff_text(unit, x);
    if x > 0.0 && t.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{t}")
    } else {
        t
    }
}

/// The verdict on one difference: "B lowers voice abandonment by 0.62 pp ± 0.21 pp",
/// "no difference shown (+0.10 pp ± 0.30 pp)", or "identical".
pub fn verdict(row: &Row, label: &str, d: &Diff) -> String {
    if d.identical {
        return "identical in every replication".into();
    }
    let subject = format!("{} {}", row.name, kpi_label(row.kpi));
    if !d.half_width.is_finite() {
        return format!("{}: one replication, no interval", signed(row.unit, d.mean));
    }
    if d.shown() {
        let verb = if d.mean > 0.0 { "raises" } else { "lowers" };
        let judged = match row.higher_is_better {
            Some(h) if h == (d.mean > 0.0) => " (better)",
            Some(_) => " (worse)",
            None => "",
        };
        format!(
            "{label} {verb} {subject} by {} ± {}{judged}",
            diff_text(row.unit, d.mean.abs()),
            diff_text(row.unit, d.half_width)
        )
    } else {
        format!(
            "no difference shown ({} ± {})",
            signed(row.unit, d.mean),
            diff_text(row.unit, d.half_width)
        )
    }
}

/// The comparison as text.
pub fn text(c: &Comparison) -> String {
    let o = &c.options;
    let days = c.variants.first().map_or(0.0, |m| {
        (m.outcome.info.horizon_s - m.outcome.info.warmup_s) / 86400.0
    });
    let mut out = format!(
        "Comparison: seed {}, {} replications of {} days; every variant sees the same customers (common random numbers)\n\n",
        o.seed,
        o.replications,
        fmt_fixed(days, 1)
    );
    let mut t = Table::new(["variant", "files", "paid h/week", "cost/week"]);
    for m in &c.variants {
        t.push(vec![
            m.variant.label.clone(),
            m.variant.name(),
            fmt_fixed(m.paid_hours_per_week, 1),
            fmt_fixed(m.cost_per_week, 0),
        ]);
    }
    out.push_str(&t.render());
    if let Some(base) = c.variants.first() {
        for m in &c.variants[1..] {
            let d = m.cost_per_week - base.cost_per_week;
            let rel = if base.cost_per_week > 0.0 {
                format!(
                    " ({}{})",
                    if d > 0.0 { "+" } else { "" },
                    fmt_pct(d / base.cost_per_week, 1)
                )
            } else {
                String::new()
            };
            let line = if base.cost_per_week == 0.0 && m.cost_per_week == 0.0 {
                "Cost: no group sets cost_per_agent_hour".to_string()
            } else if d == 0.0 {
                format!(
                    "Cost: {} costs the same as {}",
                    m.variant.label, base.variant.label
                )
            } else {
                format!(
                    "Cost: {} costs {} a week {} than {}{rel}",
                    m.variant.label,
                    fmt_fixed(d.abs(), 0),
                    if d > 0.0 { "more" } else { "less" },
                    base.variant.label
                )
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push('\n');
    // each variant's values
    let mut header = vec!["queue/group".to_string(), "KPI".to_string()];
    header.extend(c.variants.iter().map(|m| m.variant.label.clone()));
    let mut t = Table::new(header);
    for r in &c.rows {
        let mut row = vec![r.name.clone(), kpi_label(r.kpi).to_string()];
        row.extend(r.values.iter().map(|v| match v {
            Some(e) => value_text(r.unit, e.mean),
            None => "-".into(),
        }));
        t.push(row);
    }
    out.push_str(&t.render());
    let base = c.variants.first().map_or("A", |m| m.variant.label.as_str());
    for (i, m) in c.variants.iter().enumerate().skip(1) {
        let label = &m.variant.label;
        out.push_str(&format!(
            "\n{label} against {base}: paired differences {label} − {base} with 95% intervals; 'independent' is the half-width two unpaired runs would give\n"
        ));
        let mut t = Table::new([
            "queue/group",
            "KPI",
            "difference",
            "paired ±",
            "independent ±",
            "narrower",
            "verdict",
        ]);
        let mut shown = 0;
        for r in &c.rows {
            let Some(Some(d)) = r.diffs.get(i) else {
                continue;
            };
            if d.shown() {
                shown += 1;
            }
            t.push(vec![
                r.name.clone(),
                kpi_label(r.kpi).to_string(),
                signed(r.unit, d.mean),
                diff_text(r.unit, d.half_width),
                diff_text(r.unit, d.unpaired_half_width),
                d.narrowing()
                    .map_or("-".into(), |x| format!("{}×", fmt_fixed(x, 1))),
                verdict(r, label, d),
            ]);
        }
        out.push_str(&t.render());
        out.push_str(&format!("{shown} differences shown\n"));
        let near: Vec<_> = c.intervals.iter().filter(|x| x.variant == i).collect();
        if !near.is_empty() {
            out.push_str(&format!(
                "\nIntervals where {label} and {base} differ most (contacts per replication that waited beyond T or abandoned; interval values pooled over replications):\n"
            ));
            let mut t = Table::new([
                "interval".to_string(),
                "queue".to_string(),
                format!("missed {base}"),
                format!("missed {label}"),
                format!("SL {base}"),
                format!("SL {label}"),
                format!("abandon {base}"),
                format!("abandon {label}"),
            ]);
            for x in near {
                t.push(vec![
                    x.label.clone(),
                    x.queue.clone(),
                    fmt_fixed(x.missed[0], 2),
                    fmt_fixed(x.missed[1], 2),
                    fmt_pct(x.service_level[0], 1),
                    fmt_pct(x.service_level[1], 1),
                    fmt_pct(x.abandon_rate[0], 1),
                    fmt_pct(x.abandon_rate[1], 1),
                ]);
            }
            out.push_str(&t.render());
        }
    }
    out
}

fn diff_json(d: &Option<Diff>, row: &Row, label: &str) -> Value {
    match d {
        None => Value::Null,
        Some(d) => json!({
            "mean": json_f64(Some(d.mean)),
            "half_width": json_f64(Some(d.half_width)),
            "unpaired_half_width": json_f64(Some(d.unpaired_half_width)),
            "n": d.n,
            "identical": d.identical,
            "shown": d.shown(),
            "verdict": verdict(row, label, d),
        }),
    }
}

/// The comparison as the documented JSON object.
pub fn json(c: &Comparison) -> Value {
    let labels: Vec<&str> = c
        .variants
        .iter()
        .map(|m| m.variant.label.as_str())
        .collect();
    json!({
        "schema_version": 1,
        "seed": c.options.seed,
        "replications": c.options.replications,
        "days": c.variants.first().map(|m| (m.outcome.info.horizon_s - m.outcome.info.warmup_s) / 86400.0),
        "variants": c.variants.iter().map(|m| json!({
            "label": m.variant.label,
            "scenario": m.variant.scenario_path.display().to_string(),
            "roster": m.variant.roster.as_ref().map(|p| p.display().to_string()),
            "set": m.variant.set,
            "paid_hours_per_week": json_f64(Some(m.paid_hours_per_week)),
            "cost_per_week": json_f64(Some(m.cost_per_week)),
        })).collect::<Vec<_>>(),
        "rows": c.rows.iter().map(|r| json!({
            "scope": r.scope,
            "name": r.name,
            "kpi": r.kpi,
            "values": r.values.iter().map(|v| v.map_or(Value::Null, |e| json!({
                "mean": json_f64(Some(e.mean)),
                "half_width": super::format::half_width_json(&e),
                "n": e.n,
            }))).collect::<Vec<_>>(),
            "differences": r.diffs.iter().enumerate()
                .map(|(i, d)| diff_json(d, r, labels.get(i).copied().unwrap_or("")))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "intervals": c.intervals.iter().map(|x| json!({
            "variant": labels.get(x.variant).copied(),
            "interval": x.interval,
            "label": x.label,
            "queue": x.queue,
            "missed_per_replication": [json_f64(Some(x.missed[0])), json_f64(Some(x.missed[1]))],
            "service_level": [json_f64(Some(x.service_level[0])), json_f64(Some(x.service_level[1]))],
            "abandon_rate": [json_f64(Some(x.abandon_rate[0])), json_f64(Some(x.abandon_rate[1]))],
        })).collect::<Vec<_>>(),
    })
}

/// One CSV row per KPI and variant after the first: its value, the first's, and the
/// paired difference.
pub fn csv(c: &Comparison) -> crate::Result<Vec<u8>> {
    let mut t = Table::new([
        "scope",
        "name",
        "kpi",
        "base",
        "base_mean",
        "variant",
        "variant_mean",
        "difference",
        "paired_half_width",
        "unpaired_half_width",
        "replications",
        "shown",
        "verdict",
    ]);
    let num = |x: f64| {
        if x.is_finite() {
            format!("{x}")
        } else {
            String::new()
        }
    };
    let base = c.variants.first().map_or("A", |m| m.variant.label.as_str());
    for r in &c.rows {
        for (i, d) in r.diffs.iter().enumerate().skip(1) {
            let Some(d) = d else { continue };
            let label = c.variants[i].variant.label.as_str();
            let mean = |k: usize| r.values.get(k).and_then(|v| v.map(|e| e.mean));
            t.push(vec![
                r.scope.into(),
                r.name.clone(),
                r.kpi.into(),
                base.into(),
                mean(0).map_or(String::new(), num),
                label.into(),
                mean(i).map_or(String::new(), num),
                num(d.mean),
                num(d.half_width),
                num(d.unpaired_half_width),
                d.n.to_string(),
                d.shown().to_string(),
                verdict(r, label, d),
            ]);
        }
    }
    t.to_csv()
}
