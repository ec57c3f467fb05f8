//! `ccsim replay --each`: every period's observed KPIs against the two staffing bounds
//! of its replay, as a table or JSON.

use serde_json::{Value, json};

use super::format::{fmt_count, fmt_fixed};
use super::{Table, json_f64};
use crate::replay::{PatienceModel, ReplayOptions, WrapUp};
use crate::validation::{Period, inside_count};

/// The settings every period was replayed with, in words: seed, replications, grain,
/// wrap-up, the order classes are served in and the patience drawn.
pub fn settings(o: &ReplayOptions) -> String {
    use crate::duration::format_duration_s;
    format!(
        "Each file replayed on its own · seed {} · {} replications · agents on duty per {} · {} after-call work{} · classes: {} · patience: {}\n",
        o.seed,
        o.replications,
        format_duration_s(o.duty_bin_s),
        match o.wrap_up {
            WrapUp::Mean(s) => format_duration_s(s),
            WrapUp::IdleScaled(k) => format!(
                "{k} x each file's idle agent time per call while callers waited as"
            ),
        },
        match o.wrap_up_cv {
            _ if o.wrap_up == WrapUp::Mean(0.0) => String::new(),
            Some(cv) if cv > 0.0 => format!(" (lognormal, cv {cv})"),
            Some(_) => " (the same after every call)".to_string(),
            None => " (lognormal, each file's cv of the gaps between an agent's calls while callers waited)".to_string(),
        },
        order(o),
        match o.patience {
            PatienceModel::KaplanMeier => "Kaplan-Meier of each file, given the wait",
            PatienceModel::Exponential => "exponential (each file's maximum-likelihood mean)",
        }
    )
}

/// How a replay serves priority classes, as a JSON word: `fifo`, `head_start` or
/// `strict`.
pub fn class_order(o: &ReplayOptions) -> &'static str {
    if !o.by_class {
        "fifo"
    } else if o.head_start_s.is_finite() {
        "head_start"
    } else {
        "strict"
    }
}

/// How a replay serves priority classes, in words.
fn order(o: &ReplayOptions) -> String {
    if !o.by_class {
        "first come first served (--fifo)".into()
    } else if o.head_start_s.is_finite() {
        format!(
            "each served as if it had arrived {} earlier than the class below",
            crate::duration::format_duration_s(o.head_start_s)
        )
    } else {
        "each served strictly before the classes below".into()
    }
}

fn value(x: f64, digits: usize) -> String {
    fmt_fixed(x, digits)
}

/// One row per period and KPI: observed, the two replays, and whether the observed lies
/// between them; the count at the end.
pub fn table(periods: &[Period], options: &ReplayOptions) -> String {
    let mut t = Table::new([
        "period",
        "KPI",
        "observed",
        "agent ids (more staff)",
        "busy peak (less staff)",
        "between",
    ]);
    for p in periods {
        for (i, b) in p.judged.iter().enumerate() {
            let est = |e: &crate::stats::Estimate| {
                if e.half_width.is_finite() {
                    format!(
                        "{} ± {}",
                        value(e.mean, b.digits),
                        value(e.half_width, b.digits)
                    )
                } else {
                    value(e.mean, b.digits)
                }
            };
            t.push(vec![
                if i == 0 {
                    match options.wrap_up {
                        WrapUp::Mean(_) => {
                            format!("{} ({} calls)", p.source, fmt_count(p.contacts as f64))
                        }
                        WrapUp::IdleScaled(_) => format!(
                            "{} ({} calls, {:.1} s after-call work)",
                            p.source,
                            fmt_count(p.contacts as f64),
                            p.wrap_up_s
                        ),
                    }
                } else {
                    String::new()
                },
                b.label.to_string(),
                value(b.observed, b.digits),
                est(&b.agent_ids),
                est(&b.busy_peak),
                if b.inside { "yes" } else { "no" }.to_string(),
            ]);
        }
    }
    let (inside, total) = inside_count(periods);
    format!(
        "{}\n{}{inside} of {total} period-KPIs observed between the replay's two staffing bounds (each widened by its 95% interval)\n",
        settings(options),
        t.render()
    )
}

/// The same as JSON: `periods[]` with each judged KPI, and the count.
pub fn json(periods: &[Period], o: &ReplayOptions) -> Value {
    let (inside, total) = inside_count(periods);
    json!({
        "seed": o.seed,
        "replications": o.replications,
        "duty_bin_s": o.duty_bin_s,
        "wrap_up_s": match o.wrap_up {
            WrapUp::Mean(s) => json_f64(Some(s)),
            WrapUp::IdleScaled(_) => Value::Null,
        },
        "wrap_up_scale": match o.wrap_up {
            WrapUp::IdleScaled(k) => json_f64(Some(k)),
            WrapUp::Mean(_) => Value::Null,
        },
        "wrap_up_cv": o.wrap_up_cv,
        "served_by_class": o.by_class,
        "class_order": class_order(o),
        "head_start_s": if class_order(o) == "head_start" { json_f64(Some(o.head_start_s)) } else { Value::Null },
        "patience": match o.patience {
            PatienceModel::KaplanMeier => "kaplan_meier",
            PatienceModel::Exponential => "exponential",
        },
        "periods": periods.iter().map(|p| json!({
            "source": p.source,
            "contacts": p.contacts,
            "wrap_up_s": p.wrap_up_s,
            "wrap_up_cv": p.wrap_up_cv,
            "kpis": p.judged.iter().map(|b| json!({
                "key": b.key,
                "observed": json_f64(Some(b.observed)),
                "agent_ids": {"mean": json_f64(Some(b.agent_ids.mean)), "half_width": json_f64(Some(b.agent_ids.half_width))},
                "busy_peak": {"mean": json_f64(Some(b.busy_peak.mean)), "half_width": json_f64(Some(b.busy_peak.half_width))},
                "between": b.inside,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "between": inside,
        "judged": total,
    })
}
