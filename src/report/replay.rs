//! `ccsim replay` as bytes: the table, the JSON object and the CSV of a
//! [`ReplayResult`]. No I/O: the command prints or writes what these return.

use crate::error::Result;
use crate::replay::{KpiRow, Patience, ReplayResult, WrapUp};
use crate::report::{Table, format, json_f64};
use crate::stats::Estimate;
use crate::trace::Trace;

fn est_json(e: Estimate) -> serde_json::Value {
    serde_json::json!({"mean": json_f64(Some(e.mean)), "half_width": format::half_width_json(&e)})
}

fn counts(v: Vec<(String, usize)>) -> serde_json::Value {
    serde_json::Value::Object(
        v.into_iter()
            .map(|(k, n)| (k, serde_json::json!(n)))
            .collect(),
    )
}

/// What the trace says about patience, as JSON: `kind` and the mean it gives (a lower
/// bound for `at_least`).
fn patience_json(r: &ReplayResult) -> serde_json::Value {
    let p = r.patience;
    let kind = match p {
        Patience::NotRecorded => "not_recorded",
        Patience::NobodyAbandoned => "nobody_abandoned",
        Patience::Estimated { .. } => "estimated",
        Patience::AtLeast { .. } => "at_least",
    };
    let mut v = serde_json::json!({"kind": kind, "mean_s": json_f64(p.mean_s())});
    if let serde_json::Value::Object(map) = &mut v {
        if let Patience::AtLeast { unknown_waits, .. } = p {
            map.insert(
                "answered_without_wait".into(),
                serde_json::json!(unknown_waits),
            );
        }
        let model = match &r.km {
            Some(km) => serde_json::json!({
                "kind": "kaplan_meier",
                "steps": km.steps,
                "until_s": km.until_s,
                "survival_at_end": km.survival_at_end,
                "tail_mean_s": json_f64(Some(km.tail_mean_s)),
                "mean_s": km.table.mean_s(),
            }),
            None => serde_json::json!({"kind": "exponential"}),
        };
        map.insert("replay_draws".into(), model);
    }
    v
}

/// The comparison as CSV: one row per KPI, observed beside both replays; with priority
/// classes, then one row per class and KPI (`high/asa_s`).
pub fn csv(r: &ReplayResult) -> Result<Vec<u8>> {
    let mut t = Table::new([
        "kpi",
        "observed",
        "simulated_mean",
        "simulated_half_width",
        "simulated_busy_peak_mean",
        "simulated_busy_peak_half_width",
    ]);
    let num = |x: Option<f64>| {
        json_f64(x)
            .as_f64()
            .map_or(String::new(), |v| v.to_string())
    };
    // the totals, then each priority class's rows as `class/kpi` (`high/asa_s`)
    let classes = r.classes.iter().flat_map(|c| {
        c.rows
            .iter()
            .map(move |row| (format!("{}/{}", c.name, row.key), row))
    });
    for (key, row) in r
        .rows
        .iter()
        .map(|row| (row.key.to_string(), row))
        .chain(classes)
    {
        let (u, l) = (row.simulated, row.simulated_busy_peak);
        t.push(vec![
            key,
            num(row.observed),
            num(Some(u.mean)),
            num(format::half_width_json(&u).as_f64()),
            num(Some(l.mean)),
            num(format::half_width_json(&l).as_f64()),
        ]);
    }
    t.to_csv()
}

/// Rows as the `kpis` object: each KPI observed and under both bounds.
fn rows_json(rows: &[KpiRow]) -> serde_json::Value {
    let mut cmp = serde_json::Map::new();
    for row in rows {
        cmp.insert(
            row.key.into(),
            serde_json::json!({
                "observed": json_f64(row.observed),
                "simulated": est_json(row.simulated),
                "simulated_busy_peak": est_json(row.simulated_busy_peak),
            }),
        );
    }
    serde_json::Value::Object(cmp)
}

/// The replay as one JSON object; `types` is the bank filter's types, if any.
pub fn json(trace: &Trace, r: &ReplayResult, types: Option<&str>) -> serde_json::Value {
    let cmp = rows_json(&r.rows);
    let o = &r.options;
    let mut v = serde_json::json!({
        "schema_version": format::SCHEMA_VERSION,
        "seed": o.seed,
        "replications": o.replications,
        "target_t_s": o.target_s,
        "horizon_s": r.horizon_s,
        "source": trace.source,
        "types": types,
        "rows_read": trace.rows_read,
        "calls": trace.contacts.len(),
        "skipped": counts(trace.skipped.reasons()),
        "kept_with_quirks": counts(trace.quirks.notes()),
        "mean_handle_s": json_f64(r.observed.aht_s),
        "mean_patience_s": json_f64(r.observed.mean_patience_s),
        "patience": patience_json(r),
        "duty_bin_s": o.duty_bin_s,
        "wrap_up_s": r.wrap_up_s,
        "wrap_up_scale": match o.wrap_up {
            WrapUp::IdleScaled(k) => json_f64(Some(k)),
            WrapUp::Mean(_) => serde_json::Value::Null,
        },
        "idle_while_waiting": r.idle.map(|i| serde_json::json!({
            "waiting_hours": i.waiting_s / 3600.0,
            "idle_agent_hours": i.idle_agent_s / 3600.0,
            "calls": i.calls,
            "per_call_s": i.per_call_s,
        })),
        "wrap_up_cv": r.wrap_up_cv,
        "after_call_gaps": r.after_call.map(|g| serde_json::json!({
            "n": g.n,
            "mean_s": g.mean_s,
            "median_s": g.median_s,
            "cv": g.cv,
        })),
        "agents_on_duty": r.upper.on_duty,
        "agent_hours_on_duty": r.upper.agent_hours,
        "occupancy": est_json(r.upper.occupancy),
        "busy_peak": r.lower.on_duty,
        "agent_hours_busy_peak": r.lower.agent_hours,
        "occupancy_busy_peak": est_json(r.lower.occupancy),
        "kpis": cmp,
    });
    if let (false, serde_json::Value::Object(map)) = (r.classes.is_empty(), &mut v) {
        let mut classes = serde_json::Map::new();
        for c in &r.classes {
            classes.insert(
                c.name.clone(),
                serde_json::json!({ "kpis": rows_json(&c.rows) }),
            );
        }
        map.insert("served_by_class".into(), serde_json::json!(o.by_class));
        let order = super::validation::class_order(o);
        map.insert("class_order".into(), serde_json::json!(order));
        map.insert(
            "head_start_s".into(),
            match order {
                "head_start" => serde_json::json!(o.head_start_s),
                _ => serde_json::Value::Null,
            },
        );
        map.insert("classes".into(), serde_json::Value::Object(classes));
    }
    v
}

/// The replay as a text report: what was loaded, the assumptions, and the table of
/// observed and simulated KPIs.
pub fn table(trace: &Trace, r: &ReplayResult, types: Option<&str>) -> String {
    use crate::duration::format_duration_s;
    let o = &r.options;
    let mut out = format!(
        "Replay ({} days{})\n{}\nSeed {} · {} replications · handle times as observed{} · {}\nAgents on duty per {}, two bounds read from the trace: every agent id serving in the bin (upper; peak {}, {:.0} agent-hours) and the most calls in service at once (lower; peak {}, {:.0} agent-hours)\n\n",
        trace.span_days(),
        types.map_or(String::new(), |t| format!(", types {t}")),
        trace.load_report(),
        o.seed,
        o.replications,
        r.wrap_up_text(),
        r.patience_text(),
        format_duration_s(o.duty_bin_s),
        r.upper.peak,
        r.upper.agent_hours,
        r.lower.peak,
        r.lower.agent_hours,
    );
    let pm = |e: Estimate, digits: usize| format::fmt_estimate(&e, digits);
    let mut t = Table::new([
        "KPI",
        "observed",
        "simulated, agent ids",
        "simulated, busy peak",
    ]);
    for row in &r.rows {
        let digits = row.digits;
        t.push(vec![
            row.label.to_string(),
            row.observed
                .map_or("-".to_string(), |o| format::fmt_fixed(o, digits)),
            pm(row.simulated, digits),
            pm(row.simulated_busy_peak, digits),
        ]);
    }
    t.push(vec![
        "occupancy".into(),
        "-".into(),
        pm(r.upper.occupancy, 3),
        pm(r.lower.occupancy, 3),
    ]);
    out.push_str(&t.render());
    if !r.classes.is_empty() {
        out.push_str(&format!(
            "\nPriority classes, highest first ({}):\n",
            if !o.by_class {
                "--fifo: the replay serves every call first come first served, whatever its class".to_string()
            } else if o.head_start_s.is_finite() {
                format!(
                    "the replay serves each class as if it had arrived {} earlier than the class below it, first come first served otherwise",
                    format_duration_s(o.head_start_s)
                )
            } else {
                "the replay serves each class before the classes below it, first come first served within it".to_string()
            }
        ));
        let mut c = Table::new([
            "class",
            "KPI",
            "observed",
            "simulated, agent ids",
            "simulated, busy peak",
        ]);
        let shown = [
            "offered",
            "abandon_rate",
            "service_level",
            "asa_s",
            "wait_p90_s",
            "mean_wait_all_s",
        ];
        for class in r.classes.iter().rev() {
            for (i, row) in class
                .rows
                .iter()
                .filter(|w| shown.contains(&w.key))
                .enumerate()
            {
                let digits = row.digits;
                c.push(vec![
                    if i == 0 {
                        class.name.clone()
                    } else {
                        String::new()
                    },
                    row.label.to_string(),
                    row.observed
                        .map_or("-".to_string(), |o| format::fmt_fixed(o, digits)),
                    pm(row.simulated, digits),
                    pm(row.simulated_busy_peak, digits),
                ]);
            }
        }
        out.push_str(&c.render());
    }
    out.push_str(&format!(
        "service level: answered within {} / (answered + abandoned)\n",
        format_duration_s(o.target_s)
    ));
    if o.replications < 2 {
        out.push_str(format::ONE_REPLICATION);
        out.push('\n');
    }
    out
}
