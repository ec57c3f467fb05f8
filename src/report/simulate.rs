//! Exports of a simulation: the KPI table against targets, the JSON summary and the
//! per-interval CSV, all as bytes or strings.

use serde_json::{Map, Value, json};

use crate::engine::summary::estimates;
use crate::engine::{Aggregate, Spec};
use crate::report::{Table, json_f64};
use crate::scenario::Scenario;
use crate::simulate::{Outcome, TracePlacement};
use crate::stats::{Estimate, summarize};

pub use crate::simulate::RunInfo;

fn est_json(e: &Estimate) -> Value {
    json!({ "mean": json_f64(Some(e.mean)), "half_width": json_f64(Some(e.half_width)) })
}

fn kpi_object(per_rep: Vec<crate::engine::Kpis>) -> Value {
    let mut m = Map::new();
    for (name, e) in estimates(&per_rep) {
        m.insert(name.into(), est_json(&e));
    }
    Value::Object(m)
}

/// The documented JSON summary of `ccsim simulate`.
pub fn summary_json(s: &Scenario, o: &Outcome) -> Value {
    let (spec, agg, info) = (&o.spec, &o.agg, &o.info);
    let mut channels = Map::new();
    for (c, ch) in spec.channels.iter().enumerate() {
        channels.insert(
            ch.name.clone(),
            kpi_object(agg.per_rep.iter().map(|r| r.channels[c]).collect()),
        );
    }
    let mut tiers = Map::new();
    for (k, t) in s.tiers.iter().enumerate() {
        tiers.insert(
            t.name.clone(),
            kpi_object(agg.per_rep.iter().map(|r| r.tiers[k]).collect()),
        );
    }
    let mut groups = Map::new();
    for (g, gs) in spec.groups.iter().enumerate() {
        let occ: Vec<f64> = agg.per_rep.iter().map(|r| r.occupancy[g]).collect();
        groups.insert(
            gs.name.clone(),
            json!({ "occupancy": est_json(&summarize(&occ)) }),
        );
    }
    let events: Vec<f64> = agg
        .per_rep
        .iter()
        .map(|r| {
            (r.counts.arrivals + r.counts.starts + r.counts.completions + r.counts.abandons) as f64
        })
        .collect();
    let mut v = json!({
        "scenario": info.scenario,
        "seed": info.seed,
        "replications": info.replications,
        "horizon_s": info.horizon_s,
        "warmup_s": info.warmup_s,
        "volume_cv": info.volume_cv,
        "channels": Value::Object(channels),
        "total": kpi_object(agg.per_rep.iter().map(|r| r.total).collect()),
        "tiers": Value::Object(tiers),
        "groups": Value::Object(groups),
        "events_per_replication": est_json(&summarize(&events)),
    });
    if let (Some(t), Value::Object(map)) = (&o.trace, &mut v) {
        map.insert("trace".into(), trace_json(t));
    }
    v
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

fn pm(e: &Estimate, digits: usize) -> String {
    if !e.mean.is_finite() {
        return "-".into();
    }
    format!("{:.digits$} ± {:.digits$}", e.mean, e.half_width)
}

/// The KPI table against the scenario's targets, pass/fail on the mean.
pub fn kpi_table(s: &Scenario, o: &Outcome) -> String {
    let (spec, agg, info) = (&o.spec, &o.agg, &o.info);
    let mut out = o.trace.as_ref().map(trace_note).unwrap_or_default();
    out += &format!(
        "Scenario: {}\nSeed {} · {} replications · {:.1} days simulated{} · 95% confidence half-widths\n\n",
        info.scenario,
        info.seed,
        info.replications,
        info.horizon_s / 86400.0,
        if info.warmup_s > 0.0 {
            format!(" (first {:.1} h warm-up)", info.warmup_s / 3600.0)
        } else {
            String::new()
        }
    );
    let mut t = Table::new(["channel", "KPI", "simulated", "target", "pass"]);
    let verdict = |ok: bool| if ok { "yes" } else { "NO" }.to_string();
    for (c, ch) in s.channels.iter().enumerate() {
        let per: Vec<_> = agg.per_rep.iter().map(|r| r.channels[c]).collect();
        let e: std::collections::HashMap<&str, Estimate> = estimates(&per).into_iter().collect();
        let get = |k: &str| {
            e.get(k).copied().unwrap_or(Estimate {
                mean: f64::NAN,
                half_width: f64::NAN,
                n: 0,
            })
        };
        t.push(vec![
            ch.name.clone(),
            "offered".into(),
            pm(&get("offered"), 0),
            String::new(),
            String::new(),
        ]);
        let within = ch
            .target
            .within_s
            .map(crate::duration::format_duration_s)
            .unwrap_or_default();
        let sl = get("service_level");
        match ch.target.service_level {
            Some(goal) => t.push(vec![
                String::new(),
                format!("service level ({within})"),
                pm(&sl, 3),
                format!("≥ {goal:.2}"),
                verdict(sl.mean >= goal),
            ]),
            None => t.push(vec![
                String::new(),
                "service level".into(),
                pm(&sl, 3),
                String::new(),
                String::new(),
            ]),
        }
        let asa = get("asa_s");
        let asa_label = if ch.is_live() {
            "ASA (s)"
        } else {
            "mean response (s)"
        };
        match ch.target.max_asa_s {
            Some(goal) => t.push(vec![
                String::new(),
                asa_label.into(),
                pm(&asa, 1),
                format!("≤ {goal}"),
                verdict(asa.mean <= goal),
            ]),
            None => t.push(vec![
                String::new(),
                asa_label.into(),
                pm(&asa, 1),
                String::new(),
                String::new(),
            ]),
        }
        if ch.is_live() {
            let ab = get("abandon_rate");
            match ch.target.max_abandon {
                Some(goal) => t.push(vec![
                    String::new(),
                    "abandon rate".into(),
                    pm(&ab, 4),
                    format!("≤ {goal}"),
                    verdict(ab.mean <= goal),
                ]),
                None => t.push(vec![
                    String::new(),
                    "abandon rate".into(),
                    pm(&ab, 4),
                    String::new(),
                    String::new(),
                ]),
            }
        }
        t.push(vec![
            String::new(),
            "wait p90 (s)".into(),
            pm(&get("wait_p90_s"), 1),
            String::new(),
            String::new(),
        ]);
    }
    out.push_str(&t.render());
    let mut g = Table::new(["group", "occupancy", "cap", "pass"]);
    for (gi, gs) in spec.groups.iter().enumerate() {
        let occ: Vec<f64> = agg.per_rep.iter().map(|r| r.occupancy[gi]).collect();
        let e = summarize(&occ);
        let cap = s.groups.get(gi).and_then(|x| x.max_occupancy);
        g.push(vec![
            gs.name.clone(),
            pm(&e, 3),
            cap.map(|c| format!("≤ {c:.2}")).unwrap_or_default(),
            cap.map(|c| verdict(e.mean <= c)).unwrap_or_default(),
        ]);
    }
    out.push('\n');
    out.push_str(&g.render());
    out
}

/// Every KPI of the summary as one CSV row: `scope` (`channel`, `total`, `tier` or
/// `group`), `name`, `kpi`, `mean`, `half_width`, and for the KPIs the scenario sets a
/// goal for, `target` (e.g. `>= 0.8`, `<= 0.05`) and `pass` (`yes`/`no`, on the mean).
pub fn kpi_csv(s: &Scenario, o: &Outcome) -> crate::Result<Vec<u8>> {
    let (spec, agg) = (&o.spec, &o.agg);
    let mut t = Table::new([
        "scope",
        "name",
        "kpi",
        "mean",
        "half_width",
        "target",
        "pass",
    ]);
    let num = |x: f64| {
        json_f64(Some(x))
            .as_f64()
            .map_or(String::new(), |v| v.to_string())
    };
    let mut rows = |scope: &str,
                    name: &str,
                    per: Vec<crate::engine::Kpis>,
                    goals: &dyn Fn(&str) -> Option<(bool, f64)>| {
        for (kpi, e) in estimates(&per) {
            let (target, pass) = match goals(kpi) {
                Some((at_least, goal)) => (
                    format!("{} {goal}", if at_least { ">=" } else { "<=" }),
                    if !e.mean.is_finite() {
                        String::new()
                    } else if (at_least && e.mean >= goal) || (!at_least && e.mean <= goal) {
                        "yes".into()
                    } else {
                        "no".into()
                    },
                ),
                None => (String::new(), String::new()),
            };
            t.push(vec![
                scope.into(),
                name.into(),
                kpi.into(),
                num(e.mean),
                num(e.half_width),
                target,
                pass,
            ]);
        }
    };
    for (c, ch) in s.channels.iter().enumerate() {
        let goals = |kpi: &str| match kpi {
            "service_level" => ch.target.service_level.map(|g| (true, g)),
            "asa_s" => ch.target.max_asa_s.map(|g| (false, g)),
            "abandon_rate" => ch.target.max_abandon.map(|g| (false, g)),
            _ => None,
        };
        rows(
            "channel",
            &ch.name,
            agg.per_rep.iter().map(|r| r.channels[c]).collect(),
            &goals,
        );
    }
    rows(
        "total",
        "",
        agg.per_rep.iter().map(|r| r.total).collect(),
        &|_| None,
    );
    for (k, tier) in s.tiers.iter().enumerate() {
        rows(
            "tier",
            &tier.name,
            agg.per_rep.iter().map(|r| r.tiers[k]).collect(),
            &|_| None,
        );
    }
    for (g, gs) in spec.groups.iter().enumerate() {
        let occ: Vec<f64> = agg.per_rep.iter().map(|r| r.occupancy[g]).collect();
        let e = crate::stats::summarize(&occ);
        let cap = s.groups.get(g).and_then(|x| x.max_occupancy);
        t.push(vec![
            "group".into(),
            gs.name.clone(),
            "occupancy".into(),
            num(e.mean),
            num(e.half_width),
            cap.map(|c| format!("<= {c}")).unwrap_or_default(),
            cap.map(|c| if e.mean <= c { "yes" } else { "no" }.to_string())
                .unwrap_or_default(),
        ]);
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
            let left = (c.answered + c.abandoned) as f64;
            let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
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
                opt(ratio(c.within_t as f64, left)),
                opt(ratio(c.wait_sum_s, c.answered as f64)),
                opt(ratio(c.abandoned as f64, left)),
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
