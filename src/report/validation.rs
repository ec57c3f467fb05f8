//! `ccsim replay --each`: every period's observed KPIs against the two staffing bounds
//! of its replay, as a table or JSON.

use serde_json::{Value, json};

use super::format::{fmt_count, fmt_fixed};
use super::{Table, json_f64};
use crate::validation::{Period, inside_count};

fn value(x: f64, digits: usize) -> String {
    fmt_fixed(x, digits)
}

/// One row per period and KPI: observed, the two replays, and whether the observed lies
/// between them; the count at the end.
pub fn table(periods: &[Period]) -> String {
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
                    format!("{} ({} calls)", p.source, fmt_count(p.contacts as f64))
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
        "{}{inside} of {total} period-KPIs observed between the replay's two staffing bounds (each widened by its 95% interval)\n",
        t.render()
    )
}

/// The same as JSON: `periods[]` with each judged KPI, and the count.
pub fn json(periods: &[Period]) -> Value {
    let (inside, total) = inside_count(periods);
    json!({
        "periods": periods.iter().map(|p| json!({
            "source": p.source,
            "contacts": p.contacts,
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
