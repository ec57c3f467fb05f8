//! Where targets are missed, as bytes: the table section of `ccsim simulate`, the
//! `misses` array of its JSON and `misses.csv`. The misses themselves come from
//! [`crate::misses`].

use serde_json::{Value, json};

use crate::misses::{Goal, Kpi, Miss, MissRun, Place};
use crate::report::format::{fmt_count, fmt_fixed};
use crate::report::{Table, json_f64};
use crate::scenario::Scenario;
use crate::simulate::Outcome;

/// Rows the table shows; the JSON and `misses.csv` have them all.
pub const TABLE_ROWS: usize = 10;

/// Every miss of a simulation, grouped and worst first.
pub fn runs(s: &Scenario, o: &Outcome) -> Vec<MissRun> {
    crate::misses::group(
        &crate::misses::misses(s, &o.spec, &o.agg),
        &s.demand,
        s.interval_s,
    )
}

/// Whether the scenario sets any target that intervals are judged on.
fn any_target(s: &Scenario) -> bool {
    let queue = (0..s.tiers.len()).any(|k| {
        (0..s.channels.len()).any(|c| {
            let t = s.target_at(c, k);
            t.service_level.is_some() || t.max_abandon.is_some() || t.max_asa_s.is_some()
        })
    });
    queue || (0..s.groups.len()).any(|g| crate::misses::occupancy_cap(s, g).is_some())
}

/// The service level's T of a queue, seconds.
fn within_s(o: &Outcome, place: Place) -> Option<f64> {
    let Place::Queue {
        channel,
        language,
        tier,
    } = place
    else {
        return None;
    };
    o.spec
        .queues
        .iter()
        .find(|q| q.channel == channel && q.language == language && q.tier == tier)
        .and_then(|q| q.target_s)
}

/// `abandonment`, `service level (20s)`, `ASA`, `mean response`, `occupancy`.
fn kpi_name(s: &Scenario, o: &Outcome, place: Place, kpi: Kpi) -> String {
    match (kpi, place) {
        (Kpi::ServiceLevel, _) => match within_s(o, place) {
            Some(t) => format!("service level ({})", crate::duration::format_duration_s(t)),
            None => "service level".into(),
        },
        (Kpi::AbandonRate, _) => "abandonment".into(),
        (Kpi::AsaS, Place::Queue { channel, tier, .. }) if !s.is_live_at(channel, tier) => {
            "mean response".into()
        }
        (Kpi::AsaS, _) => "ASA".into(),
        (Kpi::Occupancy, _) => "occupancy".into(),
    }
}

/// A KPI's value in the table: shares with 3 decimals, seconds with 1 and `s`.
fn value_text(kpi: Kpi, x: f64) -> String {
    match kpi {
        Kpi::AsaS => format!("{} s", fmt_fixed(x, 1)),
        _ => fmt_fixed(x, 3),
    }
}

/// The target as the scenario gives it, `0.05` or `25 s`.
fn target_text(kpi: Kpi, goal: Goal) -> String {
    match kpi {
        Kpi::AsaS => format!("{} s", goal.target()),
        _ => goal.target().to_string(),
    }
}

/// `>= 0.8`, `<= 0.05`: the goal as the JSON's `targets[]` write it.
fn goal_text(goal: Goal) -> String {
    match goal {
        Goal::AtLeast(v) => format!(">= {v}"),
        Goal::AtMost(v) => format!("<= {v}"),
    }
}

fn replications(o: &Outcome) -> f64 {
    o.agg.per_rep.len().max(1) as f64
}

/// The first `limit` runs as table rows: place, days, window, what is missed against
/// its target, and the contacts per replication.
pub fn rows(s: &Scenario, o: &Outcome, runs: &[MissRun], limit: usize) -> Vec<[String; 5]> {
    let reps = o.agg.per_rep.len();
    runs.iter()
        .take(limit)
        .map(|r| {
            let op = match r.goal {
                Goal::AtLeast(_) => "<",
                Goal::AtMost(_) => ">",
            };
            let per_rep = r.contacts as f64 / replications(o);
            let what = match r.place {
                Place::Queue { .. } => "contacts",
                Place::Group(_) => "contacts in its queues",
            };
            let mut tail = format!("({} {what})", fmt_count(per_rep));
            if r.bound.is_none() && reps >= 2 {
                tail += ", no bound: one replication had contacts there";
            }
            [
                r.place.name(s),
                r.days.clone(),
                r.window.clone(),
                format!(
                    "{} {} {op} {}",
                    kpi_name(s, o, r.place, r.kpi),
                    value_text(r.kpi, r.value),
                    target_text(r.kpi, r.goal)
                ),
                tail,
            ]
        })
        .collect()
}

/// The section of the table: the first [`TABLE_ROWS`] runs, worst first, and how many
/// more the JSON lists. Empty when the scenario sets no target an interval is judged on.
pub fn table(s: &Scenario, o: &Outcome, runs: &[MissRun]) -> String {
    if !any_target(s) {
        return String::new();
    }
    let reps = o.agg.per_rep.len();
    if runs.is_empty() {
        return format!(
            "\nWhere targets are missed: nowhere (every interval × queue and group with {} or more contacts meets its targets{})\n",
            crate::misses::MIN_CONTACTS,
            if reps >= 2 {
                " at the one-sided 95% bound"
            } else {
                ""
            }
        );
    }
    let mut out = if reps >= 2 {
        format!(
            "\nWhere targets are missed (one-sided 95% bound across {reps} replications; times UTC; contacts per replication):\n"
        )
    } else {
        "\nWhere targets are missed (1 replication: the values alone, no bound; use --replications 2 or more; times UTC):\n".to_string()
    };
    let rows = rows(s, o, runs, TABLE_ROWS);
    let mut width = [0usize; 4];
    for row in &rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str("  ");
            line.push_str(cell);
            if let Some(w) = width.get(i) {
                line.push_str(&" ".repeat(w - cell.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if runs.len() > TABLE_ROWS {
        out += &format!(
            "  … and {} more in the JSON (--json, --out)\n",
            runs.len() - TABLE_ROWS
        );
    }
    out
}

/// The names of a place: channel, language, tier and group (null where none).
fn place_json(s: &Scenario, place: Place) -> [(&'static str, Value); 4] {
    match place {
        Place::Queue {
            channel,
            language,
            tier,
        } => [
            ("channel", json!(s.channels[channel].name)),
            ("language", json!(s.languages[language].name)),
            ("tier", json!(s.tiers[tier].name)),
            ("group", Value::Null),
        ],
        Place::Group(g) => [
            ("channel", Value::Null),
            ("language", Value::Null),
            ("tier", json!(s.tiers[s.groups[g].tier].name)),
            ("group", json!(s.groups[g].name)),
        ],
    }
}

fn interval_json(s: &Scenario, o: &Outcome, m: &Miss) -> Value {
    json!({
        "index": m.interval,
        "label": s.demand.labels.get(m.interval),
        "value": json_f64(Some(m.value)),
        "bound": json_f64(m.bound),
        "contacts": m.contacts as f64 / replications(o),
        "replications": m.replications,
    })
}

/// The `misses` array of the JSON summary: every run, worst first.
pub fn json(s: &Scenario, o: &Outcome, runs: &[MissRun]) -> Value {
    Value::Array(
        runs.iter()
            .map(|r| {
                let mut m = serde_json::Map::new();
                for (k, v) in place_json(s, r.place) {
                    m.insert(k.into(), v);
                }
                m.insert("kpi".into(), json!(r.kpi.key()));
                m.insert("value".into(), json_f64(Some(r.value)));
                m.insert("bound".into(), json_f64(r.bound));
                m.insert("target".into(), json!(goal_text(r.goal)));
                m.insert("days".into(), json!(r.days));
                m.insert("window".into(), json!(r.window));
                m.insert(
                    "contacts".into(),
                    json!(r.contacts as f64 / replications(o)),
                );
                m.insert(
                    "intervals".into(),
                    Value::Array(r.cells.iter().map(|c| interval_json(s, o, c)).collect()),
                );
                Value::Object(m)
            })
            .collect(),
    )
}

/// `misses.csv`: one row per missed interval, run by run (worst first), with the run's
/// days and window.
pub fn csv(s: &Scenario, o: &Outcome, runs: &[MissRun]) -> crate::Result<Vec<u8>> {
    let mut t = Table::new([
        "interval",
        "interval_start",
        "channel",
        "language",
        "tier",
        "group",
        "kpi",
        "value",
        "bound",
        "target",
        "contacts",
        "replications",
        "days",
        "window",
    ]);
    let text = |v: &Value| match v {
        Value::String(x) => x.clone(),
        _ => String::new(),
    };
    let num = |x: Option<f64>| {
        json_f64(x)
            .as_f64()
            .map_or(String::new(), |v| v.to_string())
    };
    for r in runs {
        let names = place_json(s, r.place);
        for m in &r.cells {
            t.push(vec![
                m.interval.to_string(),
                s.demand.labels.get(m.interval).cloned().unwrap_or_default(),
                text(&names[0].1),
                text(&names[1].1),
                text(&names[2].1),
                text(&names[3].1),
                r.kpi.key().into(),
                num(Some(m.value)),
                num(m.bound),
                goal_text(r.goal),
                num(Some(m.contacts as f64 / replications(o))),
                m.replications.to_string(),
                r.days.clone(),
                r.window.clone(),
            ]);
        }
    }
    t.to_csv()
}
