//! `ccsim fit`'s report: what was fitted against what was observed, as text or JSON.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::fit::handle::{Params, QUANTILES};
use crate::fit::{Chosen, Fit, outlier_rule, p_words};
use crate::report::json_f64;

/// A finite number, or null.
fn f(v: f64) -> Value {
    json_f64(Some(v))
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn params_json(p: &Params) -> Value {
    let natural = match *p {
        Params::Exponential { mean_s } => json!({ "mean_s": f(mean_s) }),
        Params::Lognormal { mu, sigma } => json!({ "mu": f(mu), "sigma": f(sigma) }),
        Params::Gamma { shape, scale_s } => {
            json!({ "shape": f(shape), "scale_s": f(scale_s) })
        }
    };
    json!({
        "dist": p.family().name(),
        "params": natural,
        "mean_s": f(p.mean_s()),
        "cv": f(p.cv()),
        "quantiles_s": QUANTILES.iter().map(|&q| f(p.quantile(q))).collect::<Vec<_>>(),
    })
}

fn params_words(p: &Params) -> String {
    match *p {
        Params::Exponential { mean_s } => {
            format!("mean {mean_s:.2} s (rate {:.6}/s)", 1.0 / mean_s)
        }
        Params::Lognormal { mu, sigma } => format!("mu {mu:.4}, sigma {sigma:.4}"),
        Params::Gamma { shape, scale_s } => format!("shape {shape:.4}, scale {scale_s:.2} s"),
    }
}

/// The JSON report.
pub fn json(fit: &Fit, source: &str) -> Value {
    let a = &fit.arrivals;
    json!({
        "schema_version": 1,
        "source": source,
        "contacts": fit.contacts,
        "epoch": fit.epoch,
        "interval_s": fit.interval_s,
        "notes": fit.notes,
        "arrivals": {
            "days": a.days.iter().map(|d| json!({
                "index": d.index, "date": d.date, "weekday": WEEKDAYS[d.weekday],
                "contacts": d.contacts, "weekday_median": d.weekday_median, "outlier": d.outlier,
            })).collect::<Vec<_>>(),
            "outlier_rule": outlier_rule(),
            "days_used": a.days_used,
            "weekly_contacts": f(a.weekly_contacts),
            "weekly_contacts_se": f(a.weekly_se),
            "day_of_week": a.day_of_week.iter().map(|x| f(*x)).collect::<Vec<_>>(),
            "channel_mix": a.channel_mix.iter().map(|(c, p, se)| json!({"channel": c, "share": f(*p), "se": f(*se)})).collect::<Vec<_>>(),
            "language_share": a.language_share.iter().map(|(c, p, se)| json!({"language": c, "share": f(*p), "se": f(*se)})).collect::<Vec<_>>(),
            "time_of_day": a.time_of_day.iter().map(|(c, v)| json!({"channel": c, "contacts": v})).collect::<Vec<_>>(),
            "time_of_day_by_weekday": a.time_of_day_by_weekday,
            "by_queue": a.by_queue.iter().map(|q| json!({
                "channel": q.channel, "language": q.language,
                "weekly_contacts": f(q.weekly_contacts),
                "day_of_week": q.day_of_week.iter().map(|x| f(*x)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "daily_cv": json_f64(a.daily_cv),
            "volume_cv": json_f64(a.volume_cv),
        },
        "handle_time": fit.handle.iter().map(|h| json!({
            "channel": h.channel,
            "n": h.n,
            "zeros_left_out": h.zeros,
            "observed": {
                "mean_s": f(h.mean_s), "cv": f(h.cv),
                "quantiles": QUANTILES.to_vec(),
                "quantiles_s": h.quantiles_s.iter().map(|x| f(*x)).collect::<Vec<_>>(),
            },
            "fits": h.candidates.iter().map(|c| {
                let mut v = params_json(&c.params);
                v["log_likelihood"] = f(c.log_likelihood);
                v["ks_d"] = f(c.ks_d);
                v["ks_p"] = f(c.ks_p);
                v["se"] = Value::from(c.se.iter().map(|x| f(*x)).collect::<Vec<_>>());
                v
            }).collect::<Vec<_>>(),
            "chosen": match &h.chosen {
                Chosen::Fitted(p) => p.family().name().to_string(),
                Chosen::Empirical(_) => "empirical".to_string(),
            },
            "why": h.why,
        })).collect::<Vec<_>>(),
        "patience": fit.patience.iter().map(|p| json!({
            "channel": p.channel,
            "waits": p.waits,
            "abandoned": p.abandoned,
            "exponential_rate_per_s": f(p.rate_per_s),
            "exponential_rate_se_per_s": f(p.rate_se_per_s),
            "exponential_mean_s": f(1.0 / p.rate_per_s),
            "hazard": p.hazard.iter().map(|b| json!({
                "from_s": b.from_s, "to_s": if b.to_s.is_finite() { f(b.to_s) } else { Value::Null },
                "abandoned": b.abandoned, "at_risk_s": f(b.at_risk_s),
                "per_min": f(b.hazard_per_s * 60.0), "se_per_min": f(b.se_per_s * 60.0),
            })).collect::<Vec<_>>(),
            "kaplan_meier": QUANTILE_TIMES_S.iter().map(|&t| json!({
                "t_s": t, "survival": f(crate::fit::patience::km_at(&p.km, t)),
                "se": f(crate::fit::patience::km_se_at(&p.km, t)),
            })).collect::<Vec<_>>(),
            "fits": p.fits.iter().map(|(q, ll, d)| {
                let mut v = params_json(q);
                v["log_likelihood"] = f(*ll);
                v["km_distance"] = f(*d);
                v
            }).collect::<Vec<_>>(),
            "lrt_gamma_vs_exponential": f(p.lrt),
            "lrt_p": f(p.lrt_p),
            "chosen": p.chosen.family().name(),
            "why": p.why,
        })).collect::<Vec<_>>(),
        "classes": fit.classes.iter().map(|c| json!({
            "channel": c.channel, "class": c.class, "contacts": c.contacts,
            "share": f(c.share), "se": f(c.se),
            "head_start_s": c.head_start_s.map(f),
        })).collect::<Vec<_>>(),
        "after_call_gaps": fit.after_call.map(|g| json!({
            "n": g.n, "mean_s": f(g.mean_s), "median_s": f(g.median_s), "cv": f(g.cv),
        })),
        "idle_while_waiting": fit.idle.map(|i| json!({
            "waiting_hours": f(i.waiting_s / 3600.0),
            "idle_agent_hours": f(i.idle_agent_s / 3600.0),
            "calls": i.calls,
            "per_call_s": f(i.per_call_s),
        })),
        "staffing": fit.staffing.as_ref().map(|st| json!({
            "agent_ids": st.agent_ids.iter().copied().map(f).collect::<Vec<_>>(),
            "busy_peak": st.busy_peak.iter().copied().map(f).collect::<Vec<_>>(),
            "agent_hours_per_week": {
                "agent_ids": f(crate::fit::ObservedStaffing::hours_per_week(&st.agent_ids, fit.interval_s)),
                "busy_peak": f(crate::fit::ObservedStaffing::hours_per_week(&st.busy_peak, fit.interval_s)),
            },
        })),
    })
}

/// Waits at which the report shows the Kaplan–Meier survival, seconds.
const QUANTILE_TIMES_S: [f64; 8] = [10.0, 30.0, 60.0, 120.0, 180.0, 300.0, 600.0, 1200.0];

/// The text report.
pub fn text(fit: &Fit, source: &str) -> String {
    let a = &fit.arrivals;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Fitted from {source}: {} contacts, {} days{}",
        fit.contacts,
        a.days.len(),
        fit.epoch.as_ref().map_or(
            " (plain seconds: day 0 taken as a Monday)".into(),
            |e| format!(" from {e}")
        )
    );
    for n in &fit.notes {
        let _ = writeln!(t, "note: {n}");
    }
    let _ = writeln!(t, "\nArrivals (grid {} min)", fit.interval_s / 60.0);
    let _ = writeln!(
        t,
        "  contacts a week    {:.1} ± {:.1} (SE), from {} days",
        a.weekly_contacts, a.weekly_se, a.days_used
    );
    let dow: Vec<String> = WEEKDAYS
        .iter()
        .zip(a.day_of_week)
        .map(|(d, x)| format!("{d} {x:.0}"))
        .collect();
    let _ = writeln!(t, "  mean day           {}", dow.join("  "));
    for (c, p, se) in &a.channel_mix {
        let _ = writeln!(t, "  channel {c:<10} {:.2}% ± {:.2}", p * 100.0, se * 100.0);
    }
    for (l, p, se) in &a.language_share {
        let _ = writeln!(t, "  language {l:<9} {:.2}% ± {:.2}", p * 100.0, se * 100.0);
    }
    for (c, v) in &a.time_of_day {
        let total: f64 = v.iter().sum();
        let (peak, at) = v
            .iter()
            .enumerate()
            .fold((0.0, 0), |m, (i, x)| if *x > m.0 { (*x, i) } else { m });
        let start = at as f64 * fit.interval_s;
        let _ = writeln!(
            t,
            "  {c}: busiest interval {:02}:{:02} UTC ({:.1}% of the day's contacts)",
            (start / 3600.0) as u32,
            ((start % 3600.0) / 60.0) as u32,
            100.0 * peak / total.max(1.0)
        );
    }
    match (a.daily_cv, a.volume_cv) {
        (Some(d), Some(v)) => {
            let _ = writeln!(
                t,
                "  day-to-day cv      {d:.3} after weekday effects; {v:.3} beyond Poisson noise: `ccsim simulate --volume-cv {v:.3}`"
            );
        }
        _ => {
            let _ = writeln!(t, "  day-to-day cv      - (needs two days of some weekday)");
        }
    }
    let outliers: Vec<&crate::fit::Day> = a.days.iter().filter(|d| d.outlier).collect();
    let _ = writeln!(
        t,
        "  outlier days       {} ({})",
        outliers.len(),
        outlier_rule()
    );
    for d in outliers {
        let _ = writeln!(
            t,
            "    {} {}: {} contacts, its weekday's median {:.0}{}",
            d.date.clone().unwrap_or_else(|| format!("day {}", d.index)),
            WEEKDAYS[d.weekday],
            d.contacts,
            d.weekday_median,
            if a.days_used < a.days.len() {
                " (left out)"
            } else {
                " (kept: --drop-outliers leaves it out)"
            }
        );
    }

    for h in &fit.handle {
        let _ = writeln!(
            t,
            "\nHandle time, {}: n = {}{}",
            h.channel,
            h.n,
            if h.zeros > 0 {
                format!(" ({} of 0 s left out)", h.zeros)
            } else {
                String::new()
            }
        );
        let qs: Vec<String> = QUANTILES
            .iter()
            .map(|q| format!("p{}", q * 100.0))
            .collect();
        let _ = writeln!(
            t,
            "  {:<12} {:>9} {:>6} {:>8} {:>10}  {}",
            "",
            "mean s",
            "cv",
            "KS D",
            "KS p",
            qs.iter().map(|q| format!("{q:>8}")).collect::<String>()
        );
        let row = |name: &str, mean: f64, cv: f64, d: String, p: String, q: Vec<f64>| {
            format!(
                "  {name:<12} {mean:>9.1} {cv:>6.3} {d:>8} {p:>10}  {}\n",
                q.iter().map(|x| format!("{x:>8.1}")).collect::<String>()
            )
        };
        t.push_str(&row(
            "observed",
            h.mean_s,
            h.cv,
            "".into(),
            "".into(),
            h.quantiles_s.clone(),
        ));
        for c in &h.candidates {
            t.push_str(&row(
                c.params.family().name(),
                c.params.mean_s(),
                c.params.cv(),
                format!("{:.4}", c.ks_d),
                p_words(c.ks_p),
                QUANTILES.iter().map(|&q| c.params.quantile(q)).collect(),
            ));
        }
        for c in &h.candidates {
            let _ = writeln!(
                t,
                "  {} parameters: {} (SE {})",
                c.params.family().name(),
                params_words(&c.params),
                c.se.iter()
                    .map(|x| format!("{x:.4}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let _ = writeln!(t, "  scenario gets: {}", h.why);
    }
    if !fit.handle.is_empty() {
        t.push_str("  (KS p-values use Kolmogorov's distribution with parameters estimated from the same data: approximate, too lenient for small samples; with whole-second times and thousands of values every smooth fit is rejected)\n");
    }

    for p in &fit.patience {
        let _ = writeln!(
            t,
            "\nPatience, {}: {} waits, {} abandoned ({:.1}% censored by an answer)",
            p.channel,
            p.waits,
            p.abandoned,
            100.0 * (p.waits - p.abandoned) as f64 / p.waits.max(1) as f64
        );
        let _ = writeln!(
            t,
            "  exponential ML     mean {:.1} s (rate {:.5}/s ± {:.5})",
            1.0 / p.rate_per_s,
            p.rate_per_s,
            p.rate_se_per_s
        );
        t.push_str("  hazard per min by wait:");
        for b in &p.hazard {
            let _ = write!(
                t,
                " {}-{}s {:.3}±{:.3};",
                b.from_s,
                if b.to_s.is_finite() {
                    format!("{}", b.to_s)
                } else {
                    String::new()
                },
                b.hazard_per_s * 60.0,
                b.se_per_s * 60.0
            );
        }
        t.push('\n');
        t.push_str("  survival P(patience > t): t s   ");
        for &x in &QUANTILE_TIMES_S {
            let _ = write!(t, "{x:>7}");
        }
        t.push_str("\n    Kaplan-Meier               ");
        for &x in &QUANTILE_TIMES_S {
            let _ = write!(t, "{:>7.3}", crate::fit::patience::km_at(&p.km, x));
        }
        t.push('\n');
        for (q, ll, d) in &p.fits {
            let _ = write!(t, "    {:<27}", q.family().name());
            for &x in &QUANTILE_TIMES_S {
                let _ = write!(t, "{:>7.3}", 1.0 - q.cdf(x));
            }
            let _ = writeln!(
                t,
                "   ({}, mean {:.1} s, ln L {:.1}, max |S - KM| {:.4})",
                params_words(q),
                q.mean_s(),
                ll,
                d
            );
        }
        let _ = writeln!(t, "  scenario gets: {}", p.why);
    }

    if !fit.classes.is_empty() {
        t.push_str("\nPriority classes (written as [[channel.class]] with --classes)\n");
        for c in &fit.classes {
            let _ = writeln!(
                t,
                "  {} {}: {} contacts, share {:.4} ± {:.4}",
                c.channel, c.class, c.contacts, c.share, c.se
            );
        }
    }
    if let Some(st) = &fit.staffing {
        let hours = |v: &[f64]| crate::fit::ObservedStaffing::hours_per_week(v, fit.interval_s);
        let peak = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        t.push_str(
            "\nStaffing the log shows (a scenario with it: --staffing agent-ids|busy-peak)\n",
        );
        let _ = writeln!(
            t,
            "  every agent id serving (upper)       {:.1} agent-hours a week, at most {:.1} at once",
            hours(&st.agent_ids),
            peak(&st.agent_ids)
        );
        let _ = writeln!(
            t,
            "  most contacts in service (lower)     {:.1} agent-hours a week, at most {:.1} at once",
            hours(&st.busy_peak),
            peak(&st.busy_peak)
        );
    }
    if let Some(g) = fit.after_call {
        let _ = writeln!(
            t,
            "  gaps between an agent's calls while callers waited (after-call work the log leaves out; --wrap-up):\n    {} gaps, median {:.0} s, mean {:.1} s, cv {:.2}",
            g.n, g.median_s, g.mean_s, g.cv
        );
    }
    if let Some(i) = fit.idle {
        let _ = writeln!(
            t,
            "  agents under the busy peak but out of calls while callers waited (--wrap-up-scale multiplies it):\n    {:.1} agent-hours over {:.1} hours of queue, {} calls taken from it: {:.1} s a call",
            i.idle_agent_s / 3600.0,
            i.waiting_s / 3600.0,
            i.calls,
            i.per_call_s
        );
    }
    t
}
