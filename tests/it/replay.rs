//! Trace replay: the shipped Anonymous Bank sample through `ccsim::trace` and the
//! replay run itself (`ccsim::replay`, `ccsim replay`).
//!
//! The expected counts were computed independently of the loader with awk over
//! `tests/data/trace/anonymous_bank_1999_sample.txt` (the header and every record dated
//! 1–3 January 1999 of 01.txt), applying the documented rules in this order: PHANTOM
//! out; types other than PS, PE, IN, NE, NW, TT out (1 `AA`); type IN out (the default
//! filter, 26); HANG with `q_start` 0:00:00 out (122); AGENT with NO_SERVER and
//! `ser_time` 0 out (6); the rest kept, AGENT answered and HANG abandoned. E.g. the
//! kept answered calls: `awk -F'\t' 'NR>1 && $13=="AGENT" && $5!~/IN|AA/ &&
//! !($17=="NO_SERVER" && $16==0)' … | wc -l` = 2584.

use std::path::PathBuf;
use std::process::Command;

use ccsim::engine::{self, SimOptions};
use ccsim::replay::{self, ReplayModel, Staffing};
use ccsim::trace::{self, BankFilter, CivilDate};

const SAMPLE: &str = "tests/data/trace/anonymous_bank_1999_sample.txt";

fn sample() -> trace::Trace {
    trace::load_anonymous_bank(&[PathBuf::from(SAMPLE)], &BankFilter::default())
        .expect("sample loads")
}

fn ccsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("run ccsim")
}

#[test]
fn bank_sample_keeps_and_skips_what_it_says() {
    let t = sample();
    assert_eq!(t.rows_read, 2964);
    assert_eq!(
        t.load_report(),
        format!(
            "Anonymous Bank (Technion SEE Lab, 1999) {SAMPLE}: 2964 rows read, 2786 contacts kept, 178 skipped\n  \
             skipped 23: PHANTOM record (not a real call)\n  \
             skipped 122: hung up in the VRU (never reached the queue)\n  \
             skipped 6: AGENT record with NO_SERVER and no service time\n  \
             skipped 1: unknown type `AA`\n  \
             skipped 26: type IN left out by the type filter (internet consulting, served by a separate internet team)\n  \
             kept 1: negative vru_time\n  \
             kept 43: AGENT with NO_SERVER but a service time (agent unknown)\n  \
             kept 39: AGENT with ser_time 0 (handle time 0 s)\n  \
             kept 2: AGENT without service times (handle time unknown)\n  \
             kept 5: HANG with a service time or agent (kept as abandoned)"
        )
    );
    let o = trace::observed_summary(&t, 20.0);
    assert_eq!((o.offered, o.answered, o.abandoned), (2786, 2584, 202));
    assert_eq!(o.abandon_rate, Some(202.0 / 2786.0));
    // 1,746 answered calls waited at most 20 s
    assert_eq!(o.service_level, Some(1746.0 / 2786.0));
    // the trace starts at midnight of Friday 1 January 1999 and spans three days
    assert_eq!(t.epoch, CivilDate::new(1999, 1, 1));
    assert_eq!(t.span_days(), 3);
    assert!(
        t.contacts
            .windows(2)
            .all(|w| w[0].arrival_s <= w[1].arrival_s)
    );
}

#[test]
fn agents_on_duty_of_the_sample_per_hour() {
    // awk: per hour from 1 January 00:00, the distinct named agents of kept answered
    // calls whose service [q_start + q_time (or vru_exit), + ser_time) touches the hour.
    // Friday: open until 14:00 (the last service ends in the 14:00 hour); Saturday:
    // reopens at 18:00 here; Sunday is a working day in Israel.
    let duty = trace::agents_on_duty(&sample(), 3600.0);
    let expected: [u32; 73] = [
        0, 0, 0, 0, 0, 0, 1, 6, 8, 9, 8, 8, 8, 6, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 5, 5, 4, 5, //
        3, 0, 0, 0, 0, 0, 2, 6, 9, 11, 11, 12, 13, 14, 12, 13, 13, 10, 8, 9, 9, 8, 5, 5, //
        3,
    ];
    // the last bin is 4 January 00:00: services begun before midnight end in it
    assert_eq!(duty, expected);
}

#[test]
fn date_and_type_filters() {
    let jan3 = CivilDate::new(1999, 1, 3);
    let t = trace::load_anonymous_bank(
        &[PathBuf::from(SAMPLE)],
        &BankFilter {
            from: jan3,
            to: jan3,
            ..BankFilter::default()
        },
    )
    .expect("loads");
    assert_eq!(t.epoch, jan3);
    // 600 + 253 records dated 1 and 2 January; 2,035 kept of 3 January
    assert_eq!(t.skipped.date_filtered, 853);
    assert_eq!(t.contacts.len(), 2035);
    // every type: IN is kept too
    let all =
        trace::load_anonymous_bank(&[PathBuf::from(SAMPLE)], &BankFilter::all()).expect("loads");
    assert_eq!(all.contacts.len(), 2811);
}

#[test]
fn replaying_the_sample_is_deterministic_and_uses_every_call() {
    let t = sample();
    let opt = SimOptions {
        horizon_s: f64::from(t.span_days()) * 86400.0,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let model = |duty_bin_s, staffing, wrap_up_s| ReplayModel {
        target_s: 20.0,
        duty_bin_s,
        staffing,
        wrap_up_s,
    };
    let spec =
        replay::replay_spec(&t, &model(3600.0, Staffing::AgentIds, 0.0), &opt).expect("spec");
    assert_eq!(spec.trace.len(), 2786);
    assert_eq!(spec.agents.len(), 14, "the busiest hour has 14 agent ids");
    let a = engine::run_replications(&spec, 5, 4, 1, &|_| {});
    let b = engine::run_replications(&spec, 5, 4, 2, &|_| {});
    assert_eq!(a.per_rep, b.per_rep);
    for r in &a.per_rep {
        assert_eq!(r.total.offered, 2786.0);
        // nearly everyone leaves by the end of the trace's last day
        assert!(
            r.total.answered + r.total.abandoned >= 2780.0,
            "{:?}",
            r.total
        );
    }
    // a finer grain gives fewer agent-hours, so more waiting
    let run = |duty_bin_s, staffing, wrap_up_s| {
        let spec =
            replay::replay_spec(&t, &model(duty_bin_s, staffing, wrap_up_s), &opt).expect("spec");
        let agg = engine::run_replications(&spec, 5, 4, 1, &|_| {});
        agg.per_rep
            .iter()
            .map(|r| r.total.abandon_rate)
            .sum::<f64>()
            / 4.0
    };
    let ids_1h = run(3600.0, Staffing::AgentIds, 0.0);
    // a finer grain gives fewer agent-hours, so more waiting
    let ids_15m = run(900.0, Staffing::AgentIds, 0.0);
    assert!(ids_15m > ids_1h, "{ids_15m} vs {ids_1h}");
    // the lower bound on staffing (calls in service at once) waits more still, and
    // after-call work more again
    let busy_15m = run(900.0, Staffing::BusyPeak, 0.0);
    assert!(busy_15m > ids_15m, "{busy_15m} vs {ids_15m}");
    let wrap = run(900.0, Staffing::BusyPeak, 60.0);
    assert!(wrap > busy_15m, "{wrap} vs {busy_15m}");
    let busy = Staffing::BusyPeak.agents(&t, 3600.0);
    let ids = Staffing::AgentIds.agents(&t, 3600.0);
    assert_eq!(busy.len(), ids.len());
    assert!(
        busy.iter().zip(&ids).all(|(b, i)| b <= i),
        "{busy:?}\n{ids:?}"
    );
}

#[test]
fn replay_cli() {
    let out = ccsim(&["replay", SAMPLE, "--replications", "3", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["calls"], 2786);
    assert_eq!(v["rows_read"], 2964);
    assert_eq!(v["types"], "PS, PE, NE, NW, TT");
    assert_eq!(
        v["skipped"]["type IN left out by the type filter (internet consulting, served by a separate internet team)"],
        26
    );
    assert_eq!(v["kpis"]["abandoned"]["observed"], 202.0);
    assert_eq!(v["kpis"]["offered"]["simulated"]["mean"], 2786.0);
    assert_eq!(v["kpis"]["offered"]["simulated_busy_peak"]["mean"], 2786.0);
    // the lower staffing bound has fewer agent-hours and more abandonment
    let f = |k: &str| v[k].as_f64().expect(k);
    assert!(f("agent_hours_busy_peak") < f("agent_hours_on_duty"));
    let rate = |k: &str| v["kpis"]["abandon_rate"][k]["mean"].as_f64().expect(k);
    assert!(rate("simulated_busy_peak") > rate("simulated"));
    // --csv: the same comparison, one row per KPI
    let path = std::env::temp_dir().join(format!("ccsim-replay-{}.csv", std::process::id()));
    let out = ccsim(&[
        "replay",
        SAMPLE,
        "--replications",
        "3",
        "--csv",
        path.to_str().expect("path"),
    ]);
    assert!(out.status.success());
    let csv = std::fs::read_to_string(&path).expect("csv written");
    let _ = std::fs::remove_file(&path);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "kpi,observed,simulated_mean,simulated_half_width,simulated_busy_peak_mean,simulated_busy_peak_half_width"
    );
    assert_eq!(lines.len(), 10);
    let abandoned: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(abandoned[0], "abandoned");
    assert_eq!(abandoned[1], "202");
    let sim: f64 = abandoned[2].parse().expect("number");
    assert_eq!(
        sim,
        v["kpis"]["abandoned"]["simulated"]["mean"]
            .as_f64()
            .expect("mean")
    );
    let day = ccsim(&[
        "replay",
        SAMPLE,
        "--from",
        "1999-01-03",
        "--to",
        "1999-01-03",
        "--replications",
        "2",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&day.stdout).expect("json");
    assert_eq!(v["calls"], 2035);
    assert_eq!(v["horizon_s"], 86400.0);
}

#[test]
fn replay_cli_bad_input_exits_2() {
    // a CSV read as a bank file
    let out = ccsim(&["replay", "tests/data/trace/generic.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: this is not an Anonymous Bank per-call file\n  --> tests/data/trace/generic.csv:1:1\n   = help: its first line must be the header `vru+line<TAB>call_id<TAB>...<TAB>server` of the Technion monthly files; for ccsim's own format load it as CSV\n\n1 problem in tests/data/trace/generic.csv\n"
    );
    // a broken CSV: every problem with file:line:col
    let out = ccsim(&[
        "replay",
        "--format",
        "csv",
        "tests/data/trace/broken_arrival.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("  --> tests/data/trace/broken_arrival.csv:3:1\n")
            && err.contains("  --> tests/data/trace/broken_arrival.csv:4:1\n")
            && err.ends_with("2 problems in tests/data/trace/broken_arrival.csv\n"),
        "{err}"
    );
    let out = ccsim(&["replay", SAMPLE, "--from", "1999-1-3"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --from `1999-1-3` is not a date: write YYYY-MM-DD, e.g. 1999-01-01\n"
    );
}
