//! `ccsim replay --each`: each file replayed on its own, each observed KPI judged
//! against the replay's two staffing bounds; the numbers are `ccsim replay`'s.

use crate::util::{ccsim, json};

const SAMPLE: &str = "tests/data/trace/anonymous_bank_1999_sample.txt";

#[test]
fn each_period_is_the_replay_of_its_file_judged_between_the_bounds() {
    let flags = [
        "--replications",
        "4",
        "--duty-bin",
        "15m",
        "--wrap-up",
        "60s",
    ];
    let mut one = vec!["replay", SAMPLE, "--json"];
    one.extend(flags);
    let single = json(&ccsim(&one));
    // the same file twice: two periods, each the replay of the file alone
    let mut each = vec!["replay", "--each", SAMPLE, SAMPLE, "--json"];
    each.extend(flags);
    let v = json(&ccsim(&each));
    let periods = v["periods"].as_array().expect("periods");
    assert_eq!(periods.len(), 2);
    let mut between = 0;
    for p in periods {
        assert_eq!(p["source"], "anonymous_bank_1999_sample.txt");
        assert_eq!(p["contacts"], single["calls"]);
        let kpis = p["kpis"].as_array().unwrap();
        let keys: Vec<&str> = kpis.iter().map(|k| k["key"].as_str().unwrap()).collect();
        assert_eq!(
            keys,
            [
                "abandon_rate",
                "service_level",
                "asa_s",
                "wait_p90_s",
                "mean_wait_all_s"
            ]
        );
        for k in kpis {
            let s = &single["kpis"][k["key"].as_str().unwrap()];
            assert_eq!(k["observed"], s["observed"]);
            assert_eq!(k["agent_ids"]["mean"], s["simulated"]["mean"]);
            assert_eq!(k["busy_peak"]["mean"], s["simulated_busy_peak"]["mean"]);
            // between: the observed value within the two means ± their half-widths
            let f = |x: &serde_json::Value| x.as_f64().unwrap();
            let (a, ah) = (f(&s["simulated"]["mean"]), f(&s["simulated"]["half_width"]));
            let (b, bh) = (
                f(&s["simulated_busy_peak"]["mean"]),
                f(&s["simulated_busy_peak"]["half_width"]),
            );
            let o = f(&k["observed"]);
            let inside = (a - ah).min(b - bh) <= o && o <= (a + ah).max(b + bh);
            assert_eq!(k["between"], inside, "{k}");
            between += usize::from(inside);
        }
    }
    assert_eq!(v["judged"], 10);
    // the settings are in the report: seed, the bank's 90 s head start, Kaplan-Meier
    assert_eq!(v["seed"], 1);
    assert_eq!(v["replications"], 4);
    assert_eq!(v["class_order"], "head_start");
    assert_eq!(v["head_start_s"], 90.0);
    assert_eq!(v["patience"], "kaplan_meier");
    assert_eq!(v["wrap_up_cv"], serde_json::Value::Null);
    assert_eq!(periods[0]["wrap_up_cv"], single["wrap_up_cv"]);
    assert!(
        single["wrap_up_cv"].as_f64().unwrap() > 1.0,
        "{}",
        single["wrap_up_cv"]
    );
    assert_eq!(single["wrap_up_cv"], single["after_call_gaps"]["cv"]);
    assert_eq!(single["class_order"], "head_start");
    assert_eq!(single["head_start_s"], 90.0);
    assert_eq!(v["between"], between);
    // the table ends with the count
    let mut text = vec!["replay", "--each", SAMPLE, SAMPLE];
    text.extend(flags);
    let out = ccsim(&text);
    assert!(out.status.success());
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(
        t.starts_with("Each file replayed on its own · seed 1 · 4 replications · agents on duty per 15m · 1m after-call work (lognormal, each file's cv of the gaps between an agent's calls while callers waited) · classes: each served as if it had arrived 1m30s earlier than the class below · patience: Kaplan-Meier of each file, given the wait\n"),
        "{t}"
    );
    assert!(
        t.trim_end().ends_with(&format!(
            "{between} of 10 period-KPIs observed between the replay's two staffing bounds (each widened by its 95% interval)"
        )),
        "{t}"
    );
}
