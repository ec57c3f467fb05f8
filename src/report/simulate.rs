//! Exports of a simulation: the KPI table against targets, the JSON summary and the
//! per-interval CSV, all as bytes or strings.

use serde_json::{Map, Value, json};

use crate::engine::summary::estimates;
use crate::engine::{Aggregate, Kpis, Spec};
use crate::report::format::{
    ONE_REPLICATION, SCHEMA_VERSION, fmt_estimate, fmt_fixed, half_width_json, paint_verdicts,
};
use crate::report::{Table, json_f64};
use crate::scenario::{Escalation, Scenario, Target};
use crate::simulate::{Outcome, TracePlacement};
use crate::stats::{Estimate, summarize};

pub use crate::simulate::RunInfo;
pub use crate::targets::{
    Check, QueueReport, checks, group_occupancy, queue_checks, queue_reports, sl_label, wait_label,
};

fn est_json(e: &Estimate) -> Value {
    json!({ "mean": json_f64(Some(e.mean)), "half_width": half_width_json(e) })
}

fn kpi_object(est: &[(&'static str, Estimate)]) -> Value {
    let mut m = Map::new();
    for (name, e) in est {
        m.insert((*name).into(), est_json(e));
    }
    Value::Object(m)
}

pub use crate::misses::Goal;

impl Goal {
    /// `>= 0.8` (CSV, JSON, the goal as given) or `≥ 0.80` (table: shares with 2
    /// decimals, seconds as given).
    pub(crate) fn text(&self, table: bool, share: bool) -> String {
        let (op, v) = match (self, table) {
            (Goal::AtLeast(v), true) => ("≥", *v),
            (Goal::AtMost(v), true) => ("≤", *v),
            (Goal::AtLeast(v), false) => (">=", *v),
            (Goal::AtMost(v), false) => ("<=", *v),
        };
        if table && share {
            format!("{op} {}", fmt_fixed(v, 2))
        } else {
            format!("{op} {v}")
        }
    }
}

/// The targets missed, as `name KPI value (target goal)` for a message. A target
/// whose KPI has no value (no contacts) is not a miss.
pub fn missed(s: &Scenario, o: &Outcome) -> Vec<String> {
    checks(s, o)
        .iter()
        .filter(|c| c.pass() == Some(false))
        .map(|c| {
            format!(
                "{} {} {} (target {})",
                c.name,
                c.label,
                fmt_fixed(c.value.mean, c.digits),
                c.goal.text(false, true)
            )
        })
        .collect()
}

fn target_json(t: Option<&Target>, within_s: Option<f64>) -> Value {
    let Some(t) = t else { return Value::Null };
    json!({
        "service_level": json_f64(t.service_level),
        "within_s": json_f64(within_s),
        "max_asa_s": json_f64(t.max_asa_s),
        "max_abandon": json_f64(t.max_abandon),
        "max_occupancy": json_f64(t.max_occupancy),
    })
}

/// The definition of `service_level` every target is checked with.
pub const SL_DEFINITION: &str = "offered";

/// The documented JSON summary of `ccsim simulate`.
pub fn summary_json(s: &Scenario, o: &Outcome) -> Value {
    let (spec, agg, info) = (&o.spec, &o.agg, &o.info);
    let mut channels = Map::new();
    for (c, ch) in spec.channels.iter().enumerate() {
        let per: Vec<Kpis> = agg.per_rep.iter().map(|r| r.channels[c]).collect();
        let mut v = kpi_object(&estimates(&per));
        if let (Some(classes), Value::Object(map)) = (class_json(o, c), &mut v) {
            map.insert("classes".into(), classes);
        }
        channels.insert(ch.name.clone(), v);
    }
    let mut tiers = Map::new();
    for (k, t) in s.tiers.iter().enumerate() {
        let per: Vec<Kpis> = agg.per_rep.iter().map(|r| r.tiers[k]).collect();
        tiers.insert(t.name.clone(), kpi_object(&estimates(&per)));
    }
    let queues: Vec<Value> = queue_reports(s, o)
        .iter()
        .map(|q| {
            let mut kpis = kpi_object(&q.kpis);
            if let Value::Object(m) = &mut kpis {
                m.insert(
                    "occupancy_busiest_group".into(),
                    est_json(&q.busiest_group_occupancy),
                );
            }
            json!({
                "name": q.name,
                "tier": s.tiers[q.tier].name,
                "channel": s.channels[q.channel].name,
                "work": if q.live { "live" } else { "deferred" },
                "arrives_by": q.arrives_by.map(|e| match e {
                    Escalation::WarmTransfer => "warm_transfer",
                    Escalation::Ticket => "ticket",
                }),
                "target": target_json(q.target, q.within_s),
                "kpis": kpis,
            })
        })
        .collect();
    let mut groups = Map::new();
    for (g, gs) in spec.groups.iter().enumerate() {
        groups.insert(
            gs.name.clone(),
            json!({ "occupancy": est_json(&group_occupancy(o, g)) }),
        );
    }
    let checks = checks(s, o);
    let targets: Vec<Value> = checks
        .iter()
        .map(|c| {
            json!({
                "scope": c.scope,
                "name": c.name,
                "kpi": c.kpi,
                "target": c.goal.text(false, true),
                "mean": json_f64(Some(c.value.mean)),
                "half_width": half_width_json(&c.value),
                "pass": c.pass(),
            })
        })
        .collect();
    let events: Vec<f64> = agg
        .per_rep
        .iter()
        .map(|r| {
            (r.counts.arrivals + r.counts.starts + r.counts.completions + r.counts.abandons) as f64
        })
        .collect();
    let mut v = json!({
        "schema_version": SCHEMA_VERSION,
        "scenario": info.scenario,
        "seed": info.seed,
        "replications": info.replications,
        "confidence_intervals": info.replications >= 2,
        "horizon_s": info.horizon_s,
        "warmup_s": info.warmup_s,
        "volume_cv": info.volume_cv,
        "roster": info.roster,
        "service_level_definition": SL_DEFINITION,
        "channels": Value::Object(channels),
        "total": kpi_object(&estimates(&agg.per_rep.iter().map(|r| r.total).collect::<Vec<_>>())),
        "tiers": Value::Object(tiers),
        "queues": queues,
        "groups": Value::Object(groups),
        "targets": targets,
        "targets_met": checks.iter().all(|c| c.pass() != Some(false)),
        "misses": super::misses::json(s, o, &super::misses::runs(s, o)),
        "events_per_replication": est_json(&summarize(&events)),
    });
    if let (Some(t), Value::Object(map)) = (&o.trace, &mut v) {
        map.insert("trace".into(), trace_json(t));
    }
    v
}

/// The estimates of channel `c`'s first line per priority class, regular first
/// (empty when the channel has none).
pub fn class_estimates(o: &Outcome, c: usize) -> Vec<(String, Vec<(&'static str, Estimate)>)> {
    let Some(ch) = o.spec.channels.get(c) else {
        return Vec::new();
    };
    ch.classes
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let per: Vec<Kpis> = o
                .agg
                .per_rep
                .iter()
                .filter_map(|r| r.classes.get(c)?.get(k).copied())
                .collect();
            (name.clone(), estimates(&per))
        })
        .collect()
}

/// Channel `c`'s `classes` object: each class's KPIs, `None` without classes.
fn class_json(o: &Outcome, c: usize) -> Option<Value> {
    let classes = class_estimates(o, c);
    if classes.is_empty() {
        return None;
    }
    let mut m = Map::new();
    // highest first, as the table
    for (name, est) in classes.iter().rev() {
        m.insert(name.clone(), kpi_object(est));
    }
    Some(Value::Object(m))
}

/// How class level `level` is served, for the class table: `strictly first`, `90s
/// ahead` (its head start), or `-` for regular.
fn served_as(head_start_s: f64, level: usize) -> String {
    if level == 0 {
        "-".into()
    } else if head_start_s.is_finite() {
        format!("{} ahead", crate::duration::format_duration_s(head_start_s))
    } else {
        "strictly first".into()
    }
}

/// The first line of every channel with priority classes, one row per class.
fn class_table(o: &Outcome) -> Option<String> {
    let mut t = Table::new([
        "channel",
        "class",
        "served",
        "offered",
        "service level",
        "ASA (s)",
        "abandon rate",
        "wait p50 (s)",
        "wait p90 (s)",
    ]);
    for (c, ch) in o.spec.channels.iter().enumerate() {
        for (i, (name, est)) in class_estimates(o, c).iter().enumerate().rev() {
            let get = |k: &str| {
                est.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, e)| *e)
                    .unwrap_or(Estimate {
                        mean: f64::NAN,
                        half_width: f64::NAN,
                        n: 0,
                    })
            };
            let first = i + 1 == ch.classes.len();
            t.push(vec![
                if first {
                    ch.name.clone()
                } else {
                    String::new()
                },
                name.clone(),
                served_as(ch.head_start_s.get(i).copied().unwrap_or(f64::INFINITY), i),
                fmt_estimate(&get("offered"), 0),
                fmt_estimate(&get("service_level"), 3),
                fmt_estimate(&get("asa_s"), 1),
                fmt_estimate(&get("abandon_rate"), 4),
                fmt_estimate(&get("wait_p50_s"), 1),
                fmt_estimate(&get("wait_p90_s"), 1),
            ]);
        }
    }
    (!t.rows.is_empty()).then(|| {
        format!(
            "\nPriority classes (first line; highest first: served strictly before the classes below, or as if arrived its head start earlier than a regular contact):\n{}",
            t.render()
        )
    })
}

fn trace_json(t: &TracePlacement) -> Value {
    json!({
        "file": t.file,
        "contacts": t.contacts,
        "epoch": t.epoch,
        "offset_s": t.offset_s,
    })
}

/// The line above the table of a run on a trace: where its first day was placed.
fn trace_note(t: &TracePlacement) -> String {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let weekday = DAYS[((t.offset_s / 86400.0) as usize).min(6)];
    format!(
        "Trace {}: {} contacts from {} (placed on {weekday} of the scenario's week; the {} lead-in is warm-up)\n",
        t.file,
        t.contacts,
        t.epoch.as_deref().unwrap_or("t = 0 (no calendar date)"),
        crate::duration::format_duration_s(t.offset_s),
    )
}

fn verdict(pass: Option<bool>) -> String {
    match pass {
        Some(true) => "yes",
        Some(false) => "NO",
        None => "-",
    }
    .into()
}

/// The KPI tables against every target of the scenario, pass/fail on the mean; misses
/// red and passes green when `colour` (a terminal).
pub fn kpi_table(s: &Scenario, o: &Outcome, colour: bool) -> String {
    let info = &o.info;
    let mut out = o.trace.as_ref().map(trace_note).unwrap_or_default();
    let reps = info.replications;
    out += &format!(
        "Scenario: {}\n{}Seed {} · {} replication{} · {:.1} days simulated{}{}\n\n",
        info.scenario,
        info.roster
            .as_ref()
            .map_or(String::new(), |r| format!("Roster: {r}\n")),
        info.seed,
        reps,
        if reps == 1 { "" } else { "s" },
        info.horizon_s / 86400.0,
        if info.warmup_s > 0.0 {
            format!(" (first {:.1} h warm-up)", info.warmup_s / 3600.0)
        } else {
            String::new()
        },
        if reps >= 2 {
            " · 95% confidence half-widths".to_string()
        } else {
            format!("\n{ONE_REPLICATION}")
        },
    );
    let queues = queue_reports(s, o);
    let mut t = Table::new(["queue", "KPI", "simulated", "target", "pass"]);
    let mut verdicts = Vec::new();
    let mut push = |t: &mut Table, row: Vec<String>, pass: Option<Option<bool>>| {
        t.push(row);
        verdicts.push(pass.flatten());
    };
    let (mut met, mut no_data) = (0usize, 0usize);
    let mut misses = Vec::new();
    for q in &queues {
        let checks = queue_checks(q);
        let mut row =
            |t: &mut Table, kpi: &str, label: String, e: Estimate, digits: usize| match checks
                .iter()
                .find(|c| c.kpi == kpi)
            {
                Some(c) => {
                    let pass = c.pass();
                    match pass {
                        Some(true) => met += 1,
                        Some(false) => misses.push(format!("{} {}", q.name, c.label)),
                        None => no_data += 1,
                    }
                    push(
                        t,
                        vec![
                            String::new(),
                            label,
                            fmt_estimate(&e, digits),
                            c.goal.text(true, c.kpi != "asa_s"),
                            verdict(pass),
                        ],
                        Some(pass),
                    );
                }
                None => push(
                    t,
                    vec![
                        String::new(),
                        label,
                        fmt_estimate(&e, digits),
                        String::new(),
                        String::new(),
                    ],
                    None,
                ),
            };
        let offered = match q.arrives_by {
            None => "offered".to_string(),
            Some(Escalation::WarmTransfer) => "offered (warm transfers)".into(),
            Some(Escalation::Ticket) => "offered (tickets)".into(),
        };
        row(&mut t, "offered", offered, q.get("offered"), 0);
        if let Some(last) = t.rows.last_mut() {
            last[0] = q.name.clone();
        }
        row(
            &mut t,
            "service_level",
            sl_label(q.within_s),
            q.get("service_level"),
            3,
        );
        row(
            &mut t,
            "asa_s",
            wait_label(q.live).into(),
            q.get("asa_s"),
            1,
        );
        if q.live {
            row(
                &mut t,
                "abandon_rate",
                "abandon rate".into(),
                q.get("abandon_rate"),
                4,
            );
        }
        if q.tier == 0 && s.channels.get(q.channel).is_some_and(|c| c.lines.is_some()) {
            row(
                &mut t,
                "blocking",
                "blocking (all lines taken)".into(),
                q.get("blocking"),
                4,
            );
        }
        if q.tier == 0
            && s.channels
                .get(q.channel)
                .is_some_and(|c| c.redial.is_some())
        {
            row(
                &mut t,
                "customers",
                "customers (attempts - redials)".into(),
                q.get("customers"),
                0,
            );
            row(
                &mut t,
                "customer_loss",
                "customers lost (last try failed)".into(),
                q.get("customer_loss"),
                4,
            );
        }
        if q.tier == 0
            && s.channels
                .get(q.channel)
                .is_some_and(|c| c.callback.is_some())
        {
            row(
                &mut t,
                "callbacks",
                "calls back taken (virtual hold)".into(),
                q.get("callbacks"),
                0,
            );
            row(
                &mut t,
                "callback_service_level",
                "calls back within their target".into(),
                q.get("callback_service_level"),
                3,
            );
        }
        if q.target.and_then(|x| x.max_occupancy).is_some() {
            row(
                &mut t,
                "occupancy_busiest_group",
                "occupancy, busiest group".into(),
                q.busiest_group_occupancy,
                3,
            );
        }
        row(
            &mut t,
            "wait_p90_s",
            if q.live {
                "wait p90 (s)"
            } else {
                "response p90 (s)"
            }
            .into(),
            q.get("wait_p90_s"),
            1,
        );
    }
    let rendered = t.render();
    out.push_str(&if colour {
        paint_verdicts(&rendered, &verdicts)
    } else {
        rendered
    });
    // what queueing theory users check, one row per queue (means)
    let mut m = Table::new([
        "queue",
        "P(wait > 0)",
        "mean queue",
        "SL of offered*",
        "SL of answered",
        "SL excl. short ab.",
    ]);
    for q in &queues {
        let mean = |k: &str, d: usize| fmt_fixed(q.get(k).mean, d);
        m.push(vec![
            q.name.clone(),
            mean("p_wait", 3),
            mean("mean_queue_length", 2),
            mean("service_level", 3),
            mean("service_level_answered", 3),
            mean("service_level_excl_short_abandons", 3),
        ]);
    }
    out.push('\n');
    out.push_str(&m.render());
    out.push_str(
        "Means over replications. * The service level the targets use: answered within T / offered,\n\
         offered = answered + abandoned (contacts still waiting at the end are left out);\n\
         e-mail and tickets: responded within T / responded. SL of answered: answered within T /\n\
         answered. SL excl. short ab.: answered within T / (offered - abandoned within T).\n\
         P(wait > 0): share of live contacts that found no agent free. Mean queue: time-average\n\
         contacts waiting (not in service). Blocking: offered calls that found every trunk line\n\
         taken (channels with lines only; ccsim erlang --lines gives the exact M/M/N/K).\n",
    );
    if let Some(classes) = class_table(o) {
        out.push_str(&classes);
    }
    let mut g = Table::new(["group", "occupancy", "cap", "pass"]);
    let mut gverdicts = Vec::new();
    for (gi, gs) in o.spec.groups.iter().enumerate() {
        let e = group_occupancy(o, gi);
        let cap = s.groups.get(gi).and_then(|x| x.max_occupancy);
        let pass = cap.and_then(|c| Goal::AtMost(c).met_by(e.mean));
        if cap.is_some() {
            match pass {
                Some(true) => met += 1,
                Some(false) => misses.push(format!("{} occupancy", gs.name)),
                None => no_data += 1,
            }
        }
        g.push(vec![
            gs.name.clone(),
            fmt_estimate(&e, 3),
            cap.map(|c| Goal::AtMost(c).text(true, true))
                .unwrap_or_default(),
            cap.map(|_| verdict(pass)).unwrap_or_default(),
        ]);
        gverdicts.push(cap.and(pass));
    }
    out.push('\n');
    let rendered = g.render();
    out.push_str(&if colour {
        paint_verdicts(&rendered, &gverdicts)
    } else {
        rendered
    });
    let all = met + misses.len() + no_data;
    let mut summary = if all == 0 {
        "\nTargets: the scenario sets none".to_string()
    } else {
        format!("\nTargets: {met} of {all} met (on the mean)")
    };
    if no_data > 0 {
        summary += &format!("; {no_data} without data (no contacts)");
    }
    if !misses.is_empty() {
        summary += &format!("; missed: {}", misses.join(", "));
    }
    summary.push('\n');
    out.push_str(&summary);
    out.push_str(&super::misses::table(s, o, &super::misses::runs(s, o)));
    out
}

/// Every KPI of the summary as one CSV row: `scope` (`channel`, `total`, `tier`,
/// `queue` or `group`), `name`, `kpi`, `mean`, `half_width` (empty with one
/// replication), and for the KPIs the scenario sets a goal for, `target` (e.g.
/// `>= 0.8`, `<= 0.05`) and `pass` (`yes`/`no`, on the mean).
pub fn kpi_csv(s: &Scenario, o: &Outcome) -> crate::Result<Vec<u8>> {
    let agg = &o.agg;
    let mut t = Table::new([
        "scope",
        "name",
        "kpi",
        "mean",
        "half_width",
        "target",
        "pass",
    ]);
    let num = |x: Value| x.as_f64().map_or(String::new(), |v| v.to_string());
    let yes_no = |p: Option<bool>| match p {
        Some(true) => "yes".to_string(),
        Some(false) => "no".to_string(),
        None => String::new(),
    };
    let rows =
        |t: &mut Table, scope: &str, name: &str, est: &[(&str, Estimate)], checks: &[Check]| {
            for (kpi, e) in est {
                let (target, pass) = match checks.iter().find(|c| c.kpi == *kpi) {
                    Some(c) => (c.goal.text(false, true), yes_no(c.pass())),
                    None => (String::new(), String::new()),
                };
                t.push(vec![
                    scope.into(),
                    name.into(),
                    (*kpi).into(),
                    num(json_f64(Some(e.mean))),
                    num(half_width_json(e)),
                    target,
                    pass,
                ]);
            }
        };
    let queues = queue_reports(s, o);
    for (c, ch) in s.channels.iter().enumerate() {
        let per: Vec<Kpis> = agg.per_rep.iter().map(|r| r.channels[c]).collect();
        let checks = queues
            .iter()
            .find(|q| q.tier == 0 && q.channel == c)
            .map(queue_checks)
            .unwrap_or_default();
        let checks: Vec<Check> = checks
            .into_iter()
            .filter(|c| c.kpi != "occupancy_busiest_group")
            .collect();
        rows(&mut t, "channel", &ch.name, &estimates(&per), &checks);
    }
    // each channel's priority classes (first line), highest first, as `channel/class`
    for (c, ch) in s.channels.iter().enumerate() {
        for (name, est) in class_estimates(o, c).iter().rev() {
            rows(&mut t, "class", &format!("{}/{name}", ch.name), est, &[]);
        }
    }
    let per: Vec<Kpis> = agg.per_rep.iter().map(|r| r.total).collect();
    rows(&mut t, "total", "", &estimates(&per), &[]);
    for (k, tier) in s.tiers.iter().enumerate() {
        let per: Vec<Kpis> = agg.per_rep.iter().map(|r| r.tiers[k]).collect();
        rows(&mut t, "tier", &tier.name, &estimates(&per), &[]);
    }
    for q in &queues {
        let mut est = q.kpis.clone();
        est.push(("occupancy_busiest_group", q.busiest_group_occupancy));
        rows(&mut t, "queue", &q.name, &est, &queue_checks(q));
    }
    for (g, gs) in o.spec.groups.iter().enumerate() {
        let e = group_occupancy(o, g);
        let checks: Vec<Check> = s
            .groups
            .get(g)
            .and_then(|x| x.max_occupancy)
            .map(|cap| Check {
                scope: "group",
                name: gs.name.clone(),
                kpi: "occupancy",
                label: "occupancy".into(),
                goal: Goal::AtMost(cap),
                value: e,
                digits: 3,
            })
            .into_iter()
            .collect();
        rows(&mut t, "group", &gs.name, &[("occupancy", e)], &checks);
    }
    t.to_csv()
}

/// How often each grid interval occurs in the recorded part of the horizon.
fn occurrences(spec: &Spec) -> Vec<f64> {
    let mut n = vec![0.0; spec.n_intervals];
    let total = (spec.horizon_s / spec.interval_s).ceil() as usize;
    for k in 0..total {
        let start = k as f64 * spec.interval_s;
        if start + spec.interval_s <= spec.warmup_s {
            continue;
        }
        if let Some(i) = spec.cycle_interval(start) {
            n[i] += 1.0;
        }
    }
    n
}

/// Interval rows: every grid interval × queue with traffic. Counts are per occurrence
/// of the interval (a Monday 09:00 of a 31-day run occurs 4 or 5 times) averaged over
/// replications; rates and percentiles pool every contact of that interval.
pub fn intervals_csv(s: &Scenario, spec: &Spec, agg: &Aggregate) -> crate::Result<Vec<u8>> {
    let occ = occurrences(spec);
    let mut t = Table::new([
        "interval",
        "interval_start",
        "channel",
        "language",
        "tier",
        "offered",
        "answered",
        "abandoned",
        "escalated",
        "service_level",
        "asa_s",
        "abandon_rate",
        "wait_p50_s",
        "wait_p90_s",
        "wait_p99_s",
        "backlog_contacts",
    ]);
    let reps = agg.per_rep.len().max(1) as f64;
    let nq = spec.queues.len();
    let opt = |v: Option<f64>| {
        v.filter(|x| x.is_finite())
            .map_or(String::new(), |x| format!("{x:.4}"))
    };
    for (i, occurs) in occ.iter().enumerate() {
        for (q, qs) in spec.queues.iter().enumerate() {
            let Some(cell) = agg.cells.get(i * nq + q) else {
                continue;
            };
            let c = &cell.tally;
            let backlog = agg.backlog.get(i * nq + q).copied().unwrap_or(0.0);
            if c.offered == 0 && c.answered == 0 && c.abandoned == 0 && backlog == 0.0 {
                continue;
            }
            let ends = agg.interval_ends.get(i).copied().unwrap_or(0) as f64;
            let per = reps * occurs.max(1.0);
            t.push(vec![
                i.to_string(),
                s.demand.labels.get(i).cloned().unwrap_or_default(),
                spec.channels[qs.channel].name.clone(),
                s.languages
                    .get(qs.language)
                    .map(|l| l.name.clone())
                    .unwrap_or_default(),
                s.tiers
                    .get(qs.tier)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                format!("{:.3}", c.offered as f64 / per),
                format!("{:.3}", c.answered as f64 / per),
                format!("{:.3}", c.abandoned as f64 / per),
                format!("{:.3}", c.escalated as f64 / per),
                opt(c.service_level()),
                opt(c.asa_s()),
                opt(c.abandon_rate()),
                opt(cell.waits.quantile(0.5)),
                opt(cell.waits.quantile(0.9)),
                opt(cell.waits.quantile(0.99)),
                if qs.live {
                    String::new()
                } else {
                    opt((ends > 0.0).then(|| backlog / ends))
                },
            ]);
        }
    }
    t.to_csv()
}

/// Group rows: every grid interval × agent group with agents on duty: mean agents on
/// duty and occupancy (busy time / on-duty time), pooled over replications.
pub fn groups_csv(s: &Scenario, spec: &Spec, agg: &Aggregate) -> crate::Result<Vec<u8>> {
    let mut t = Table::new([
        "interval",
        "interval_start",
        "group",
        "agents_on_duty",
        "occupancy",
    ]);
    let ng = spec.groups.len();
    for i in 0..spec.n_intervals {
        let ends = agg.interval_ends.get(i).copied().unwrap_or(0) as f64;
        if ends == 0.0 {
            continue;
        }
        for (g, gs) in spec.groups.iter().enumerate() {
            let Some(c) = agg.group_cells.get(i * ng + g) else {
                continue;
            };
            if c.on_duty_area <= 0.0 {
                continue;
            }
            t.push(vec![
                i.to_string(),
                s.demand.labels.get(i).cloned().unwrap_or_default(),
                gs.name.clone(),
                format!("{:.3}", c.on_duty_area / (ends * spec.interval_s)),
                format!("{:.4}", c.busy_area / c.on_duty_area),
            ]);
        }
    }
    t.to_csv()
}

/// A simulated contact log as ccsim's trace CSV (docs/trace.md):
/// `arrival,channel,language,handle_s,abandon_after_s,wait_s,agent`, arrivals in seconds
/// from the start of the run (Monday 00:00), times to the millisecond; `agent` is the
/// answering agent's number (`a0`, `a1`, … in the order of the scenario's groups and
/// shifts), empty for an abandoned contact.
pub fn trace_csv(s: &Scenario, spec: &Spec, log: &[crate::engine::sim::LoggedContact]) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut out = String::from("arrival,channel,language,handle_s,abandon_after_s,wait_s,agent\n");
    for c in log {
        let q = &spec.queues[c.queue];
        let channel = s.channels.get(q.channel).map_or("", |ch| ch.name.as_str());
        let language = s.languages.get(q.language).map_or("", |l| l.name.as_str());
        let (handle, abandon) = match c.handle_s {
            Some(h) => (format!("{h:.3}"), String::new()),
            None => (String::new(), format!("{:.3}", c.wait_s)),
        };
        let agent = c.agent.map_or(String::new(), |a| format!("a{a}"));
        let _ = writeln!(
            out,
            "{:.3},{channel},{language},{handle},{abandon},{:.3},{agent}",
            c.arrival_s, c.wait_s
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_without_data_is_not_a_miss() {
        let path = std::path::Path::new("scenarios/mmc.toml");
        let s = crate::scenario::load(path).unwrap();
        let req = crate::simulate::Request {
            scenario: &s,
            scenario_path: path,
            seed: 1,
            replications: 2,
            threads: 1,
            days: Some(1.0),
            warmup_s: 0.0,
            volume_cv: 0.0,
            trace: None,
            roster: None,
        };
        let mut o = crate::simulate::run(&req, &|_| {}).unwrap();
        let table = kpi_table(&s, &o, false);
        assert!(
            table.contains("\nTargets: 1 of 1 met (on the mean)\n\nWhere targets are missed"),
            "{table}"
        );
        // as if nobody had called: the service level has no value
        for r in &mut o.agg.per_rep {
            r.queues[0].service_level = f64::NAN;
        }
        assert_eq!(missed(&s, &o), Vec::<String>::new());
        assert_eq!(summary_json(&s, &o)["targets_met"], true);
        let table = kpi_table(&s, &o, false);
        assert!(
            table.contains("\nTargets: 0 of 1 met (on the mean); 1 without data (no contacts)\n"),
            "{table}"
        );
        // a miss is one
        for r in &mut o.agg.per_rep {
            r.queues[0].service_level = 0.5;
        }
        assert_eq!(
            missed(&s, &o),
            vec!["voice service level (20s) 0.500 (target >= 0.8)".to_string()]
        );
        assert_eq!(summary_json(&s, &o)["targets_met"], false);
    }
}
