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
        wrap_up_cv: 0.0,
        patience: replay::PatienceModel::Exponential,
        head_start_s: f64::INFINITY,
    };
    let spec =
        replay::replay_spec(&t, &model(3600.0, Staffing::AgentIds, 0.0), &opt).expect("spec");
    assert_eq!(spec.trace.len(), 2786);
    assert_eq!(spec.agents.len(), 14, "the busiest hour has 14 agent ids");
    // the replay reports totals: the engine records per day, not per duty bin (ten
    // years of one-minute bins took 2.7 GB)
    assert_eq!((spec.interval_s, spec.n_intervals), (86400.0, 3));
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
    // the header, 9 KPIs, then 9 per priority class (high, regular)
    assert_eq!(lines.len(), 1 + 9 + 2 * 9);
    let high_asa: Vec<&str> = lines
        .iter()
        .find(|l| l.starts_with("high/asa_s,"))
        .expect("a class row")
        .split(',')
        .collect();
    let want = &v["classes"]["high"]["kpis"]["asa_s"];
    assert_eq!(high_asa[1].parse::<f64>().ok(), want["observed"].as_f64());
    assert_eq!(
        high_asa[2].parse::<f64>().ok(),
        want["simulated"]["mean"].as_f64()
    );
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

/// A file in a fresh temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let dir =
            std::env::temp_dir().join(format!("ccsim-it-replay-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).replace(std::env::temp_dir().to_str().unwrap(), "<tmp>")
}

#[test]
fn replay_reports_patience_as_the_trace_records_it() {
    // generic.csv records abandonment (1 of 5) but not the waits of 3 answered calls:
    // the maximum-likelihood patience is unknown, its lower bound is the 45 s + 12 s
    // waited over 1 abandonment
    let out = ccsim(&[
        "replay",
        "--format",
        "csv",
        "tests/data/trace/generic.csv",
        "--replications",
        "2",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("· patience from the trace at least mean 57 s (3 answered contacts without a wait, counted as 0 s; the replay uses this lower bound)\n"),
        "{text}"
    );
    // a trace without abandon_after_s does not say who abandoned: nothing about
    // abandonment is observed, and nobody abandons in the replay
    let out = ccsim(&[
        "replay",
        "--format",
        "csv",
        "tests/data/trace/mmc_monday.csv",
        "--replications",
        "2",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["patience"],
        serde_json::json!({"kind": "not_recorded", "mean_s": null, "replay_draws": {"kind": "exponential"}})
    );
    for k in ["answered", "abandoned", "abandon_rate", "service_level"] {
        assert_eq!(v["kpis"][k]["observed"], serde_json::Value::Null, "{k}");
    }
    assert_eq!(v["kpis"]["offered"]["observed"], 48.0);
    let out = ccsim(&[
        "replay",
        "--format",
        "csv",
        "tests/data/trace/mmc_monday.csv",
        "--replications",
        "2",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("· abandonment not recorded in the trace: patience unknown, nobody abandons in the replay\n")
            && text.contains("\nabandoned                        -  "),
        "{text}"
    );
    // the bank records both: the estimate, as before
    let out = ccsim(&["replay", SAMPLE, "--replications", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["patience"]["kind"], "estimated");
    assert_eq!(v["patience"]["mean_s"], v["mean_patience_s"]);
}

#[test]
fn duty_bin_is_bounded_and_agent_hours_stay_within_the_trace() {
    for (bin, shown) in [
        ("99999999999999h", "99999999999999h"),
        ("1e-9", "1e-9"),
        ("59s", "59s"),
        ("25h", "25h"),
    ] {
        let out = ccsim(&["replay", SAMPLE, "--duty-bin", bin]);
        assert_eq!(out.status.code(), Some(2), "{bin}");
        assert_eq!(
            stderr(&out),
            format!(
                "error: invalid value '{bin}' for '--duty-bin <DUTY_BIN>': `{shown}` is not from 1m to 1d: the agents-on-duty bin is at least a minute and at most a day, e.g. 1h or 15m\n\nFor more information, try '--help'.\n"
            )
        );
    }
    // after-call work and the target: at most a year
    for flag in ["--wrap-up", "--target"] {
        let out = ccsim(&["replay", SAMPLE, flag, "367d"]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(
            stderr(&out).starts_with(&format!("error: invalid value '367d' for '{flag} <"))
                && stderr(&out).contains(">': `367d` is not from 0 to 366 days\n"),
            "{}",
            stderr(&out)
        );
    }
    // the sample spans 3 days; services begun on the last evening end in a 73rd hour
    // that the replay never runs: its agents are not credited
    let out = ccsim(&["replay", SAMPLE, "--replications", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let on_duty: Vec<f64> = v["agents_on_duty"]
        .as_array()
        .expect("array")
        .iter()
        .map(|n| n.as_f64().expect("number"))
        .collect();
    assert_eq!((on_duty.len(), on_duty[72]), (73, 3.0));
    assert_eq!(v["horizon_s"], 3.0 * 86400.0);
    assert_eq!(v["agent_hours_on_duty"], 259.0);
    assert_eq!(on_duty[..72].iter().sum::<f64>(), 259.0);
    // a one-day bin: 3 bins, each a whole day within the trace
    let out = ccsim(&[
        "replay",
        SAMPLE,
        "--replications",
        "1",
        "--duty-bin",
        "1d",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let days: Vec<u64> = v["agents_on_duty"]
        .as_array()
        .expect("array")
        .iter()
        .map(|n| n.as_u64().expect("count"))
        .collect();
    assert_eq!(days.len(), 4);
    assert_eq!(
        v["agent_hours_on_duty"].as_f64(),
        Some(24.0 * days[..3].iter().sum::<u64>() as f64)
    );
}

#[test]
fn trace_arrivals_beyond_the_days_a_run_may_span_are_bad_input() {
    // a row at 1e300 s panicked (capacity overflow), one at 1e15 s aborted allocating
    // terabytes, two rows a million days apart took gigabytes: every such arrival is
    // rejected where it stands, by replay and simulate --trace alike
    let far = TempFile::new(
        "far.csv",
        b"arrival,channel,language,handle_s,agent\n0,voice,en,60,a\n1e300,voice,en,60,a\n1e15,voice,en,60,a\n86400000000,voice,en,60,a\n",
    );
    let message = |file: &str| {
        format!(
            "error: arrival `1e300` is 3660 days or more after the trace's start (t = 0)\n  --> {file}:3:1\n  |\n3 | 1e300,voice,en,60,a\n  | ^^^^^\n  = help: a trace may span at most 3660 days (the longest `simulate --days`): split it into shorter traces, or check the arrival's date or unit (seconds)\n\n\
             error: arrival `1e15` is 3660 days or more after the trace's start (t = 0)\n  --> {file}:4:1\n  |\n4 | 1e15,voice,en,60,a\n  | ^^^^\n  = help: a trace may span at most 3660 days (the longest `simulate --days`): split it into shorter traces, or check the arrival's date or unit (seconds)\n\n\
             error: arrival `86400000000` is 3660 days or more after the trace's start (t = 0)\n  --> {file}:5:1\n  |\n5 | 86400000000,voice,en,60,a\n  | ^^^^^^^^^^^\n  = help: a trace may span at most 3660 days (the longest `simulate --days`): split it into shorter traces, or check the arrival's date or unit (seconds)\n\n\
             3 problems in {file}\n"
        )
    };
    let file = far
        .path()
        .replace(std::env::temp_dir().to_str().unwrap(), "<tmp>");
    let out = ccsim(&["replay", "--format", "csv", far.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), message(&file));
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--quiet",
        "--trace",
        far.path(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), message(&file));
    // durations beyond a year: positioned too
    let long = TempFile::new(
        "long.csv",
        b"arrival,channel,language,handle_s,wait_s\n0,voice,en,1e308,\n",
    );
    let out = ccsim(&["replay", "--format", "csv", long.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: handle_s `1e308` is longer than 366 days (31622400 s)\n  --> <tmp>/"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn many_unknown_trace_names_are_reported_briefly_and_fast() {
    // 100,000 channels the scenario lacks: each was located by reading the whole
    // file again (quadratic) and printed in full
    let mut text = String::from("arrival,channel,language,handle_s\n");
    for i in 0..100_000 {
        text.push_str(&format!("{i},ch{i:06},en,60\n"));
    }
    let trace = TempFile::new("names.csv", text.as_bytes());
    let started = std::time::Instant::now();
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--quiet",
        "--trace",
        trace.path(),
    ]);
    let took = started.elapsed().as_secs_f64();
    assert_eq!(out.status.code(), Some(2));
    assert!(took < 10.0, "{took} s");
    let err = stderr(&out);
    let file = trace
        .path()
        .replace(std::env::temp_dir().to_str().unwrap(), "<tmp>");
    assert!(
        err.starts_with(&format!(
            "error: trace channel `ch000000` (1 contact) is not in scenarios/mmc.toml\n  --> {file}:2:3\n  |\n2 | 0,ch000000,en,60\n  |   ^^^^^^^^\n  = help: use one of voice, or add a channel named ch000000 to the scenario\n\n"
        )),
        "{err}"
    );
    assert!(
        err.ends_with(&format!(
            "\n\n… and 99980 more channel and language names of {file} not in scenarios/mmc.toml\n"
        )),
        "{err}"
    );
    assert_eq!(err.matches("error: ").count(), 20);
}

#[test]
fn replay_model_of_many_long_services_is_built_in_linear_time() {
    // 20,000 agents, each serving one call of 300 days, at one-minute bins: the agents'
    // shifts were built bins x agents (8.6e9 steps), the estimate bins x services
    let day = 86_400.0;
    let contacts: Vec<trace::TraceContact> = (0..20_000)
        .map(|i| trace::TraceContact {
            arrival_s: f64::from(i),
            channel: "voice".into(),
            language: "en".into(),
            kind: None,
            handle_s: Some(300.0 * day),
            abandon_after_s: None,
            wait_s: Some(0.0),
            agent: Some(format!("a{i}")),
            priority: 0,
            class: 0,
        })
        .collect();
    let t = trace::Trace {
        epoch: None,
        rows_read: contacts.len(),
        contacts,
        skipped: trace::Skipped::default(),
        quirks: trace::Quirks::default(),
        source: "made up".into(),
        abandonment_recorded: true,
    };
    let opt = SimOptions {
        horizon_s: day,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let started = std::time::Instant::now();
    let spec = replay::replay_spec(
        &t,
        &ReplayModel {
            target_s: 20.0,
            duty_bin_s: 60.0,
            staffing: Staffing::AgentIds,
            wrap_up_s: 0.0,
            wrap_up_cv: 0.0,
            patience: replay::PatienceModel::Exponential,
            head_start_s: f64::INFINITY,
        },
        &opt,
    )
    .expect("spec");
    assert!(
        started.elapsed().as_secs_f64() < 10.0,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(spec.agents.len(), 20_000);
    // agent j is on duty from the minute the (j+1)-th service began until the minute
    // in which the (20,000 - j)-th service ends, cut at the end of the replay's cycle
    // (the trace's one day: the engine repeats periods every cycle)
    assert_eq!(spec.cycle_s, day);
    assert_eq!(spec.agents[0].periods, [(0.0, day)]);
    assert_eq!(spec.agents[19_999].periods, [(19_980.0, day)]);
    // a bin with more agents than a replay staffs is bad input
    let mut crowd = t.clone();
    crowd.contacts = (0..100_001)
        .map(|i| trace::TraceContact {
            arrival_s: 7200.0,
            handle_s: Some(60.0),
            agent: Some(format!("a{i}")),
            ..t.contacts[0].clone()
        })
        .collect();
    let model = ReplayModel {
        target_s: 20.0,
        duty_bin_s: 3600.0,
        staffing: Staffing::AgentIds,
        wrap_up_s: 0.0,
        wrap_up_cv: 0.0,
        patience: replay::PatienceModel::Exponential,
        head_start_s: f64::INFINITY,
    };
    let Err(ccsim::Error::Input(e)) = replay::replay_spec(&crowd, &model, &opt) else {
        panic!("a crowd of agents is bad input");
    };
    assert_eq!(
        e,
        "error: the trace has 100001 agents on duty in one bin (from 2h after its start), more than the 100000 a replay can staff\n  = help: check the trace's agent ids, or replay a smaller centre"
    );
}

#[test]
fn one_replication_prints_no_interval() {
    // no interval can be computed from one replication: not a false `± 0`
    let out = ccsim(&["replay", SAMPLE, "--replications", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("± 0"), "{text}");
    assert!(
        text.ends_with("service level: answered within 20s / (answered + abandoned)\n1 replication: no confidence intervals; use --replications 2 or more\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\noffered                       2786              2786 ± —              2786 ± —\n"
        ),
        "{text}"
    );
    let out = ccsim(&["replay", SAMPLE, "--replications", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["kpis"]["offered"]["simulated"],
        serde_json::json!({"mean": 2786.0, "half_width": null})
    );
    assert_eq!(v["occupancy"]["half_width"], serde_json::Value::Null);
    // two replications: the interval, even when it is 0 (every replication offers
    // every call)
    let out = ccsim(&["replay", SAMPLE, "--replications", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["kpis"]["offered"]["simulated"]["half_width"], 0.0);
}

/// A small deterministic generator for the mutation test (xorshift64*).
struct Mutator(u64);

impl Mutator {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    /// `text` with one field of one line replaced by an extreme value, or a line cut,
    /// doubled or dropped.
    fn mutate(&mut self, text: &str, sep: char) -> String {
        const VALUES: [&str; 20] = [
            "",
            "-1",
            "NaN",
            "inf",
            "-inf",
            "1e308",
            "1e15",
            "1e300",
            "99999999999",
            "4294967295",
            "0:00:00",
            "23:59:59",
            "9999-12-31T23:59:59",
            "0000-01-01T00:00:00",
            "256",
            "-0",
            "é",
            "0x10",
            "1e-320",
            "31622401",
        ];
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let i = 1 + self.next(lines.len().saturating_sub(1));
        match self.next(5) {
            0 => {
                let cut = self.next(lines[i].len() + 1);
                let cut = (0..=cut)
                    .rev()
                    .find(|c| lines[i].is_char_boundary(*c))
                    .unwrap_or(0);
                lines[i].truncate(cut);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            _ => {
                let mut fields: Vec<String> = lines[i].split(sep).map(str::to_string).collect();
                let f = self.next(fields.len());
                fields[f] = if self.next(10) == 0 {
                    "7".repeat(10_000)
                } else {
                    VALUES[self.next(VALUES.len())].to_string()
                };
                lines[i] = fields.join(&sep.to_string());
            }
        }
        lines.join("\n") + "\n"
    }
}

#[test]
fn mutated_traces_never_panic_and_every_csv_error_is_positioned() {
    let csvs = [
        std::fs::read_to_string("tests/data/trace/generic.csv").expect("sample"),
        std::fs::read_to_string("tests/data/trace/mmc_monday.csv").expect("sample"),
    ];
    let bank: String = std::fs::read_to_string(SAMPLE)
        .expect("sample")
        .lines()
        .take(400)
        .map(|l| format!("{l}\n"))
        .collect();
    let opt = SimOptions {
        horizon_s: 86400.0,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let check = |t: &trace::Trace| {
        for staffing in [Staffing::AgentIds, Staffing::BusyPeak] {
            for bin in [60.0, 3600.0] {
                let model = ReplayModel {
                    target_s: 20.0,
                    duty_bin_s: bin,
                    staffing,
                    wrap_up_s: 0.0,
                    wrap_up_cv: 0.0,
                    patience: replay::PatienceModel::Exponential,
                    head_start_s: f64::INFINITY,
                };
                // an error is bad input, never a panic
                if let Err(e) = replay::replay_spec(t, &model, &opt) {
                    assert!(matches!(e, ccsim::Error::Input(_)), "{e}");
                }
            }
        }
    };
    let mut m = Mutator(0x5eed);
    let started = std::time::Instant::now();
    for case in 0..4000 {
        let src = &csvs[case % 2];
        let mut text = m.mutate(src, ',');
        if case % 3 == 0 {
            text = m.mutate(&text, ',');
        }
        match trace::parse_csv(&text, std::path::Path::new("m.csv")) {
            Ok(t) => check(&t),
            Err(e) => {
                for p in &e.problems {
                    assert!(
                        p.line_col.is_some() || p.message.starts_with("the trace"),
                        "case {case}: {}\n{text}",
                        p.message
                    );
                }
                assert!(e.to_string().len() < 64 * 1024, "case {case}");
            }
        }
    }
    for case in 0..400 {
        let text = m.mutate(&bank, '\t');
        match trace::parse_anonymous_bank(
            &text,
            std::path::Path::new("m.txt"),
            &BankFilter::default(),
        ) {
            Ok(t) => {
                assert_eq!(
                    t.rows_read,
                    t.contacts.len() + t.skipped.total(),
                    "case {case}"
                );
                check(&t);
            }
            Err(e) => assert!(e.to_string().len() < 64 * 1024, "case {case}"),
        }
    }
    assert!(
        started.elapsed().as_secs_f64() < 60.0,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_trace_without_handle_times_says_what_to_add() {
    let t = TempFile::new(
        "nohandle.csv",
        b"arrival,channel,language\n0,voice,en\n5,voice,en\n",
    );
    let out = ccsim(&["replay", "--format", "csv", t.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the trace has no usable handle times (an empirical distribution needs at least one value)\n  --> ccsim trace CSV {}\n   = help: give answered contacts their service time (the CSV's handle_s, seconds, more than 0 for at least one): a replay draws the handle time of every contact without one from them\n",
            t.path()
                .replace(std::env::temp_dir().to_str().unwrap(), "<tmp>")
        )
    );
}

/// Found by the fuzzer (seed 1, case 11431): a call whose wait (q_time 100001 s) runs
/// past the trace's span kept agents on duty past the replay's cycle, so the engine
/// met their shift's end before its start ("TimeWeighted: time went back" in a debug
/// build, wrong numbers in release). Periods now end with the cycle.
#[test]
fn a_wait_past_the_span_keeps_agents_within_the_cycle() {
    let out = ccsim(&[
        "replay",
        "tests/data/trace/bank_wait_past_span.txt",
        "--replications",
        "2",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let occ = v["occupancy"]["mean"].as_f64().expect("occupancy");
    assert!((0.0..=1.0).contains(&occ), "{v}");
}

/// The Kaplan–Meier patience a replay draws from is the product-limit estimate of the
/// trace's waits (an answered one censored), computed here on its own, to its last
/// step with 30 callers at risk; the tail's mean is the time waited beyond that step
/// over the abandonments beyond it.
#[test]
fn replay_draws_patience_from_the_traces_kaplan_meier_estimate() {
    let path = PathBuf::from("tests/data/trace/anonymous_bank_1999_sample.txt");
    let t = trace::load_anonymous_bank(&[path], &BankFilter::default()).expect("sample");
    let mut waits: Vec<(f64, bool)> = t
        .contacts
        .iter()
        .filter_map(|c| match (c.abandon_after_s, c.wait_s) {
            (Some(a), _) => Some((a, true)),
            (None, w) => w.map(|w| (w, false)),
        })
        .collect();
    waits.sort_by(|a, b| a.0.total_cmp(&b.0));
    // product limit over the distinct abandonment times
    let (mut s, mut until, mut at_end, mut steps) = (1.0, 0.0, 1.0, 0);
    let mut i = 0;
    while i < waits.len() {
        let time = waits[i].0;
        let at_risk = waits.len() - i;
        let mut j = i;
        let mut events = 0;
        while j < waits.len() && waits[j].0 == time {
            events += usize::from(waits[j].1);
            j += 1;
        }
        if events > 0 {
            if at_risk < 30 {
                break;
            }
            s *= 1.0 - events as f64 / at_risk as f64;
            (until, at_end, steps) = (time, s, steps + 1);
        }
        i = j;
    }
    let beyond = waits.iter().filter(|w| w.1 && w.0 > until).count() as f64;
    let exposure: f64 = waits.iter().map(|w| (w.0 - until).max(0.0)).sum();
    let km = replay::km_patience(&t).expect("the sample records abandonment");
    assert_eq!(km.steps, steps);
    assert_eq!(km.until_s, until);
    assert!(
        (km.survival_at_end - at_end).abs() < 1e-12,
        "{} {at_end}",
        km.survival_at_end
    );
    assert!((km.tail_mean_s - exposure / beyond).abs() < 1e-9);
    assert!(km.steps > 20 && at_end > 0.0 && at_end < 1.0);
    // and the replay says so, in its JSON and its text
    let out = ccsim(&[
        "replay",
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        "-r",
        "2",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["patience"]["replay_draws"]["kind"], "kaplan_meier");
    assert_eq!(v["patience"]["replay_draws"]["steps"], steps);
    assert_eq!(v["patience"]["replay_draws"]["until_s"], until);
    let out = ccsim(&[
        "replay",
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        "-r",
        "2",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("patience from the trace: Kaplan-Meier to "),
        "{text}"
    );
    // the exponential model is still there on request, and draws differently
    let exp = ccsim(&[
        "replay",
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        "-r",
        "2",
        "--json",
        "--patience",
        "exponential",
    ]);
    let e: serde_json::Value = serde_json::from_slice(&exp.stdout).expect("json");
    assert_eq!(e["patience"]["replay_draws"]["kind"], "exponential");
    assert_ne!(
        e["kpis"]["asa_s"]["simulated"],
        v["kpis"]["asa_s"]["simulated"]
    );
}

/// After-call gaps by hand: ann's second call starts 10 s after her first ended while
/// a caller waited (counted), her third 700 s after (a break: not counted); bob's gap
/// of 20 s comes when nobody waits (not counted), his next of 130 s while one does.
#[test]
fn after_call_gaps_are_an_agents_pauses_while_callers_waited() {
    let csv = "arrival,channel,language,handle_s,abandon_after_s,wait_s,agent\n\
        0,voice,en,100,,0,ann\n\
        90,voice,en,50,,20,ann\n\
        95,voice,en,,40,,\n\
        960,voice,en,60,,0,ann\n\
        2000,voice,en,100,,0,bob\n\
        2120,voice,en,100,,0,bob\n\
        2200,voice,en,60,,150,bob\n\
        2300,voice,en,60,,0,cy\n";
    let t = trace::parse_csv(csv, std::path::Path::new("gaps.csv")).expect("parses");
    // ann: [0, 100], [110, 160], [960, 1020]; callers wait over [90, 110) and [95, 135)
    // bob: [2000, 2100], [2120, 2220], [2350, 2410]; a caller waits over [2200, 2350)
    let g = replay::after_call_gaps(&t).expect("gaps");
    assert_eq!(g.n, 2, "{g:?}");
    assert_eq!(g.mean_s, 70.0);
    assert_eq!(g.median_s, 70.0);
    // the sample sd of 10 and 130 over their mean: sqrt(7200) / 70
    assert!((g.cv - 7200f64.sqrt() / 70.0).abs() < 1e-12, "{}", g.cv);
    // no agent ids: nothing to measure
    let anon = trace::parse_csv(
        "arrival,channel,language,handle_s\n0,voice,en,10\n5,voice,en,10\n",
        std::path::Path::new("anon.csv"),
    )
    .expect("parses");
    assert_eq!(replay::after_call_gaps(&anon), None);
}

/// Idle agent time while callers waited, by hand, at a 1-minute grain. Minute 0: two
/// calls in service from 0 (to 50 and to 30), so its busy peak is 2; a caller waits
/// over [10, 40) and is served to 80, another leaves at 30, a third waits over
/// [50, 90) and is served to 100. Minute 1's busy peak is 1 (the agent ids make the
/// staffing reach it). Out of calls under the
/// peak while someone waited: [30, 40) one agent, [50, 60) one, [80, 90) one.
#[test]
fn idle_while_waiting_is_the_busy_peak_out_of_calls_while_callers_waited() {
    let csv = "arrival,channel,language,handle_s,abandon_after_s,wait_s,agent\n\
        0,voice,en,50,,0,ann\n\
        0,voice,en,30,,0,bob\n\
        10,voice,en,40,,30,bob\n\
        20,voice,en,,10,,\n\
        50,voice,en,10,,40,ann\n";
    let t = trace::parse_csv(csv, std::path::Path::new("idle.csv")).expect("parses");
    let i = replay::idle_while_waiting(&t, 60.0).expect("callers waited");
    assert_eq!(i.waiting_s, 70.0, "{i:?}");
    assert!((i.idle_agent_s - 30.0).abs() < 1e-9, "{i:?}");
    assert_eq!(i.calls, 2);
    assert!((i.per_call_s - 15.0).abs() < 1e-9, "{i:?}");
    // without agent ids the staffing still reaches the last service's end (minute 1):
    // the same measurement
    let anonymous: String = csv
        .lines()
        .map(|l| l.rsplit_once(',').map_or(l, |(head, _)| head).to_string() + "\n")
        .collect();
    let a = trace::parse_csv(&anonymous, std::path::Path::new("anon.csv")).expect("parses");
    assert_eq!(trace::busy_peak(&a, 60.0), [2, 1]);
    assert_eq!(replay::idle_while_waiting(&a, 60.0), Some(i));
    // the after-call work a scale gives is that multiple of it; a mean stays itself
    let scaled = replay::WrapUp::IdleScaled(2.0).mean_given(Some(i));
    assert!((scaled - 30.0).abs() < 1e-9, "{scaled}");
    assert_eq!(replay::WrapUp::Mean(45.0).mean_given(Some(i)), 45.0);
    // nobody waited: nothing to measure, and no after-call work from a scale
    let calm = trace::parse_csv(
        "arrival,channel,language,handle_s,wait_s\n0,voice,en,10,0\n5,voice,en,10,0\n",
        std::path::Path::new("calm.csv"),
    )
    .expect("parses");
    assert_eq!(replay::idle_while_waiting(&calm, 60.0), None);
    assert_eq!(replay::WrapUp::IdleScaled(2.0).mean_given(None), 0.0);
}

/// A log simulated with 60 s of after-call work after every call, five agents round
/// the clock and a queue most of the day: the idle time per call taken from the queue
/// is the after-call work (the agent takes the next caller as soon as it is done);
/// the same centre without it shows none. Replayed with `--wrap-up-scale 1`, the log
/// gives its own KPIs back.
#[test]
fn idle_while_waiting_recovers_a_simulated_logs_after_call_work() {
    let dir = crate::util::scratch("replay", "idle");
    let centre = |wrap: &str| {
        format!(
            "[scenario]\nname = \"five agents\"\ninterval = \"30m\"\n[shrinkage]\ntotal = 0.0\n\
             [[channel]]\nname = \"voice\"\nkind = \"live\"\npatience = {{ dist = \"gamma\", mean = \"2m\", cv = 0.7 }}\n\
             [channel.target]\nservice_level = 0.8\nwithin = \"20s\"\n\
             [[language]]\nname = \"en\"\nshare = 1.0\n\
             [demand]\nweekly_contacts = 12000\n\
             [[tier]]\nname = \"L1\"\nresolve = 1.0\n[tier.handle_time]\nvoice = {{ dist = \"gamma\", mean = \"4m\", cv = 0.6 }}\n{wrap}\
             [[group]]\nname = \"all\"\ntier = \"L1\"\nlanguages = [\"*\"]\nchannels = [\"*\"]\n\
             [[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\ndays = \"all\"\nagents = 5\n"
        )
    };
    let log_of = |name: &str, wrap: &str| {
        let scenario = dir.join(format!("{name}.toml"));
        std::fs::write(&scenario, centre(wrap)).unwrap();
        let log = dir.join(format!("{name}.csv"));
        crate::util::simulated_log(&scenario, &log, "7");
        trace::load_csv(&log).expect("log")
    };
    let with = log_of(
        "with",
        "[tier.wrap_up]\nvoice = { dist = \"deterministic\", value = \"1m\" }\n",
    );
    let i = replay::idle_while_waiting(&with, 900.0).expect("callers waited");
    assert!(i.calls > 1000, "{i:?}");
    assert!((i.per_call_s - 60.0).abs() < 3.0, "{i:?}");
    let without = log_of("without", "");
    let i = replay::idle_while_waiting(&without, 900.0).expect("callers waited");
    assert!(i.per_call_s < 0.01, "{i:?}");
    // the replay with the after-call work read off the log gives the log's KPIs back
    let options = replay::ReplayOptions {
        target_s: 20.0,
        duty_bin_s: 900.0,
        wrap_up: replay::WrapUp::IdleScaled(1.0),
        wrap_up_cv: None,
        seed: 1,
        replications: 10,
        threads: 2,
        by_class: false,
        head_start_s: 0.0,
        patience: replay::PatienceModel::KaplanMeier,
    };
    let r = replay::run(&with, &options).expect("replays");
    for key in ["abandon_rate", "asa_s", "mean_wait_all_s"] {
        let row = r.rows.iter().find(|row| row.key == key).expect("row");
        let (obs, sim) = (row.observed.expect("observed"), row.simulated_busy_peak);
        assert!(
            (sim.mean / obs - 1.0).abs() < 0.03,
            "{key}: replayed {} ± {}, observed {obs}",
            sim.mean,
            sim.half_width
        );
    }
}

/// `--wrap-up-scale` reads the after-call work off the trace: the report gives the
/// measurement and the mean it made, per file with `--each`; it cannot be given with
/// `--wrap-up`, and a scale out of range is refused.
#[test]
fn the_after_call_work_can_be_read_off_each_trace() {
    // the bank sample at 15 minutes, two replications, and `extra`
    let run = |extra: &[&str]| {
        let mut args = vec!["replay", SAMPLE, "-r", "2", "--duty-bin", "15m"];
        args.extend_from_slice(extra);
        ccsim(&args)
    };
    let json = |out: std::process::Output| -> serde_json::Value {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let v = json(run(&["--wrap-up-scale", "1.5", "--json"]));
    let per_call = v["idle_while_waiting"]["per_call_s"]
        .as_f64()
        .expect("measured");
    assert!(per_call > 0.0, "{v}");
    assert_eq!(v["wrap_up_scale"], 1.5);
    let used = v["wrap_up_s"].as_f64().expect("mean");
    assert!((used - 1.5 * per_call).abs() < 1e-9, "{used} vs {per_call}");
    // the same mean given as --wrap-up replays the same: the scale only sets the mean
    let f = json(run(&["--wrap-up", &format!("{used}s"), "--json"]));
    assert_eq!(f["wrap_up_scale"], serde_json::Value::Null);
    assert_eq!(f["kpis"], v["kpis"]);
    let text = run(&["--wrap-up-scale", "1.5"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("1.5 x the trace's ")
            && text.contains(" s of idle agent time per call while callers waited"),
        "{text}"
    );
    let e = json(run(&["--each", "--wrap-up-scale", "1.5", "--json"]));
    assert_eq!(e["wrap_up_s"], serde_json::Value::Null);
    assert_eq!(e["wrap_up_scale"], 1.5);
    assert!((e["periods"][0]["wrap_up_s"].as_f64().expect("mean") - used).abs() < 1e-9);
    for bad in [
        &["--wrap-up", "30s", "--wrap-up-scale", "1"][..],
        &["--wrap-up-scale=-1"][..],
        &["--wrap-up-scale", "lots"][..],
    ] {
        let o = run(bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--wrap-up"), "{bad:?}: {err}");
    }
}

/// After-call work in the engine: each call keeps its agent busy for its handle time
/// plus a lognormal draw, so the occupancy of an M/M/c without abandonment is
/// λ (E[handle] + E[wrap-up]) / c.
#[test]
fn the_engine_adds_after_call_work_to_every_call() {
    use ccsim::dist::Dist;
    let (rate, aht, wrap, cv, agents) = (1.0 / 60.0, 180.0, 60.0, 2.4, 6u32);
    let opt = SimOptions {
        horizon_s: 20.0 * 86_400.0,
        warmup_s: 86_400.0,
        volume_cv: 0.0,
    };
    let mut spec = ccsim::engine::spec::single_queue(
        rate,
        &Dist::exponential(aht).unwrap(),
        None,
        agents,
        20.0,
        &opt,
    );
    spec.queues[0].wrap_up = Some(Dist::lognormal(wrap, cv).unwrap().sampler());
    let agg = engine::run_replications(&spec, 5, 10, 2, &|_| {});
    let occ: Vec<f64> = agg.per_rep.iter().map(|r| r.occupancy[0]).collect();
    let n = occ.len() as f64;
    let mean = occ.iter().sum::<f64>() / n;
    let se = (occ.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt();
    let want = rate * (aht + wrap) / f64::from(agents);
    assert!(
        (mean - want).abs() < 5.0 * se + 1e-9,
        "occupancy {mean} ± {se} vs {want}"
    );
    // without it, the occupancy is the talk alone: the test tells them apart
    spec.queues[0].wrap_up = None;
    let plain = engine::run_replications(&spec, 5, 10, 2, &|_| {});
    let p = plain.per_rep.iter().map(|r| r.occupancy[0]).sum::<f64>() / n;
    assert!(
        (p - rate * aht / f64::from(agents)).abs() < 0.01 && want - p > 0.1,
        "{p}"
    );
}

/// The same after-call work after every call is the old replay to the bit: the engine
/// adding 30 s to each service gives what adding it to every handle time gave.
#[test]
fn a_constant_after_call_work_is_the_handle_time_plus_it() {
    use ccsim::dist::Dist;
    let path = PathBuf::from("tests/data/trace/anonymous_bank_1999_sample.txt");
    let t = trace::load_anonymous_bank(&[path], &BankFilter::default()).expect("sample");
    let opt = SimOptions {
        horizon_s: replay::span_s(&t),
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let model = ReplayModel {
        target_s: 20.0,
        duty_bin_s: 900.0,
        staffing: Staffing::BusyPeak,
        wrap_up_s: 30.0,
        wrap_up_cv: 0.0,
        patience: replay::PatienceModel::KaplanMeier,
        head_start_s: 90.0,
    };
    let engine_adds = replay::replay_spec(&t, &model, &opt).expect("spec");
    assert!(engine_adds.queues[0].wrap_up.is_some());
    let mut handle_holds = engine_adds.clone();
    handle_holds.queues[0].wrap_up = None;
    for a in &mut handle_holds.trace {
        a.handle_s += 30.0; // NaN (drawn) stays NaN
    }
    let plus: Vec<f64> = t
        .contacts
        .iter()
        .filter_map(|c| c.handle_s)
        .map(|h| h + 30.0)
        .collect();
    handle_holds.queues[0].handle = Dist::empirical(plus).unwrap().sampler();
    let kpis = |spec| {
        let agg = engine::run_replications(spec, 3, 4, 2, &|_| {});
        agg.per_rep.iter().map(|r| r.total).collect::<Vec<_>>()
    };
    let (a, b) = (kpis(&engine_adds), kpis(&handle_holds));
    assert_eq!(a, b);
    // and a spread moves them
    let spread = replay::replay_spec(
        &t,
        &ReplayModel {
            wrap_up_cv: 2.0,
            ..model
        },
        &opt,
    )
    .expect("spec");
    assert_ne!(kpis(&spread), a);
}
