//! `ccsim erlang` output: the JSON object, the two-column table and the one-row CSV
//! of a calculator answer.

use super::{Table, json_f64 as f};
use crate::erlang::calculator::ErlangAnswer;
use crate::erlang::{Model, SlDefinition};
use crate::error::Result;

/// The documented JSON object of `ccsim erlang --json`.
pub fn json(ans: &ErlangAnswer) -> serde_json::Value {
    let r = &ans.request;
    let m = &ans.measures;
    let (patience, concurrency, stretch) = match r.model {
        Model::A { patience_s } => (Some(patience_s), None, None),
        Model::Chat {
            concurrency,
            stretch,
            patience_s,
        } => (patience_s, Some(concurrency), Some(stretch)),
        _ => (None, None, None),
    };
    serde_json::json!({
        "schema_version": super::format::SCHEMA_VERSION,
        "model": r.model.name(),
        "calls": r.calls,
        "interval_s": r.interval_s,
        "aht_s": r.load.aht_s,
        "patience_s": f(patience),
        "concurrency": concurrency,
        "concurrency_stretch": f(stretch),
        "agents": m.agents,
        "lines": r.lines.or(ans.required_lines),
        "stable": m.stable,
        "offered_load_erlangs": f(Some(m.offered_load_erlangs)),
        "blocking": f(m.blocking),
        "p_wait": f(m.p_wait),
        "service_level": f(m.service_level),
        "service_level_definition": match r.targets.sl_definition {
            SlDefinition::Offered => "offered",
            SlDefinition::Answered => "answered",
            SlDefinition::ExcludeShortAbandons => "exclude_short_abandons",
        },
        "target_service_level": f(r.targets.service_level),
        "target_t_s": f(r.targets.within_s),
        "asa_s": f(m.asa_s),
        "mean_wait_all_s": f(m.mean_wait_all_s),
        "p_abandon": f(m.p_abandon),
        "occupancy": f(Some(m.occupancy)),
        "required_agents": ans.required.as_ref().map(|q| q.agents),
        "required_lines": ans.required_lines,
        "binding": ans.required.as_ref().map(|q| q.binding.iter().map(|b| b.code()).collect::<Vec<_>>()),
        "meets_targets": ans.meets_targets(),
        "square_root_beta": f(ans.square_root.map(|s| s.0)),
        "square_root_agents": f(ans.square_root.map(|s| s.1)),
    })
}

/// The table as text, with a note under it when the queue has no steady state.
pub fn text(ans: &ErlangAnswer) -> String {
    let mut out = table(ans).render();
    if !ans.measures.stable {
        out.push_str(match ans.request.model {
            Model::Chat { .. } => {
                "unstable: the chats' capacity is not above the offered load A: the queue grows without bound, so it has no waits, service level or ASA (-)\n"
            }
            _ => {
                "unstable: N <= offered load A: the queue grows without bound, so it has no waits, service level or ASA (-)\n"
            }
        });
    }
    out
}

/// A two-column table of the same fields (also the CSV layout, as one row).
pub fn table(ans: &ErlangAnswer) -> Table {
    let mut t = Table::new(["measure", "value"]);
    if let serde_json::Value::Object(map) = json(ans) {
        for (k, v) in map.into_iter().filter(|(k, _)| k != "schema_version") {
            let cell = match v {
                serde_json::Value::Null => "-".to_string(),
                serde_json::Value::String(s) => s,
                // binding targets as everywhere else: SL+AB
                serde_json::Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join("+"),
                serde_json::Value::Number(n) => match n.as_f64() {
                    Some(x) if n.is_f64() => format!("{}", (x * 1e6).round() / 1e6 + 0.0), // + 0.0: never -0
                    _ => n.to_string(),
                },
                other => other.to_string(),
            };
            t.push(vec![k, cell]);
        }
    }
    t
}

/// The table as one CSV row under a header of the field names.
pub fn csv(ans: &ErlangAnswer) -> Result<Vec<u8>> {
    rows_csv(std::slice::from_ref(ans))
}

/// The columns of the many-row table and CSV, in the JSON's field order.
const ROW_FIELDS: [&str; 12] = [
    "calls",
    "aht_s",
    "agents",
    "offered_load_erlangs",
    "stable",
    "p_wait",
    "service_level",
    "asa_s",
    "p_abandon",
    "blocking",
    "occupancy",
    "required_agents",
];

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "-".to_string(),
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => format!("{}", (x * 1e6).round() / 1e6 + 0.0),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn rows_table(answers: &[ErlangAnswer]) -> Table {
    let mut t = Table::new(ROW_FIELDS);
    for ans in answers {
        let j = json(ans);
        t.push(ROW_FIELDS.iter().map(|k| cell(&j[*k])).collect());
    }
    t
}

/// One row per answer (`--calls`, `--aht` or `--agents` given several values), with
/// the model and targets above the table.
pub fn rows_text(answers: &[ErlangAnswer]) -> String {
    let mut out = String::new();
    if let Some(first) = answers.first() {
        let j = json(first);
        out.push_str(&format!(
            "model {}, interval {} s; {} rows\n",
            cell(&j["model"]).trim_matches('"'),
            cell(&j["interval_s"]),
            answers.len()
        ));
    }
    out.push_str(&rows_table(answers).render());
    if answers.iter().any(|a| !a.measures.stable) {
        out.push_str("-: no value (an unstable row: the queue grows without bound)\n");
    }
    out
}

/// Every answer as one CSV row, every field of the one-answer CSV.
pub fn rows_csv(answers: &[ErlangAnswer]) -> Result<Vec<u8>> {
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for ans in answers {
        let t = table(ans);
        if header.is_empty() {
            header = t.rows.iter().map(|r| r[0].clone()).collect();
        }
        rows.push(
            t.rows
                .iter()
                .map(|r| {
                    if r[1] == "-" {
                        String::new()
                    } else {
                        r[1].clone()
                    }
                })
                .collect(),
        );
    }
    Table { header, rows }.to_csv()
}

/// `{"schema_version", "rows": [the one-answer object without its schema_version]}`.
pub fn rows_json(answers: &[ErlangAnswer]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = answers
        .iter()
        .map(|a| {
            let mut j = json(a);
            if let serde_json::Value::Object(m) = &mut j {
                m.shift_remove("schema_version");
            }
            j
        })
        .collect();
    serde_json::json!({
        "schema_version": super::format::SCHEMA_VERSION,
        "rows": rows,
    })
}
