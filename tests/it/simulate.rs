//! `ccsim simulate` as a user meets it.

use std::process::Command;

fn ccsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("run ccsim")
}

/// Runs `args --json` on 1 and on 3 threads, asserts success and identical bytes, and
/// returns the 1-thread run.
fn same_bytes_on_1_and_3_threads(args: &[&str]) -> std::process::Output {
    let run = |threads: &str| {
        let mut all = args.to_vec();
        all.extend(["--threads", threads, "--json"]);
        ccsim(&all)
    };
    let (one, three) = (run("1"), run("3"));
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert_eq!(one.stdout, three.stdout);
    one
}

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let one = same_bytes_on_1_and_3_threads(&[
        "simulate",
        "scenarios/olymp.toml",
        "--days",
        "7",
        "--replications",
        "4",
        "--seed",
        "99",
    ]);
    let other = ccsim(&[
        "simulate",
        "scenarios/olymp.toml",
        "--days",
        "7",
        "--replications",
        "4",
        "--seed",
        "100",
        "--json",
    ]);
    assert_ne!(one.stdout, other.stdout);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v["seed"], 99);
    assert_eq!(v["replications"], 4);
    assert_eq!(v["horizon_s"], 7.0 * 86400.0);
    for ch in ["chat", "voice", "email"] {
        for k in [
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
        ] {
            assert!(
                v["channels"][ch][k]["mean"].is_number(),
                "channels.{ch}.{k} in {}",
                v["channels"][ch]
            );
            assert!(
                v["channels"][ch][k]["half_width"].is_number(),
                "channels.{ch}.{k}"
            );
        }
    }
    assert!(v["total"]["offered"]["mean"].as_f64().unwrap() > 30_000.0);
    assert!(
        v["groups"]["L1 English"]["occupancy"]["mean"]
            .as_f64()
            .unwrap()
            > 0.1
    );
    assert_eq!(v["channels"]["email"]["abandoned"]["mean"], 0.0);
}

#[test]
fn out_dir_gets_every_file_and_the_table_shows_targets() {
    let dir = std::env::temp_dir().join(format!("ccsim-sim-{}", std::process::id()));
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--days",
        "3",
        "--replications",
        "3",
        "--out",
        dir.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Seed 1") && text.contains("service level (20s)") && text.contains("≥ 0.80"),
        "{text}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["replications"], 3);
    let csv = std::fs::read_to_string(dir.join("intervals.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("interval,interval_start,channel,language,tier,offered")
    );
    // 3 days of a 336-interval week: 144 interval rows with traffic, ~100 offered each
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 144);
    let offered: f64 = rows[0].split(',').nth(5).unwrap().parse().unwrap();
    assert!((offered - 100.0).abs() < 20.0, "{offered}");
    // 20 rostered, 30% absent for a whole shift: about 14 on duty, about 10 of them busy
    let groups = std::fs::read_to_string(dir.join("groups.csv")).unwrap();
    let rows: Vec<&str> = groups.lines().skip(1).collect();
    assert_eq!(rows.len(), 144);
    let mean_on_duty = rows
        .iter()
        .map(|r| r.split(',').nth(3).unwrap().parse::<f64>().unwrap())
        .sum::<f64>()
        / 144.0;
    assert!((mean_on_duty - 14.0).abs() < 1.5, "{mean_on_duty}");
    for r in &rows {
        let f: Vec<&str> = r.split(',').collect();
        let on_duty: f64 = f[3].parse().unwrap();
        assert!((9.0..=19.0).contains(&on_duty), "{r}");
        let occ: f64 = f[4].parse().unwrap();
        assert!((0.45..1.0).contains(&occ), "{r}");
    }
    // a centre running close to its target: each of the 144 cells is judged at 95%, so
    // a few chance misses are expected, not more
    assert!(misses_csv_rows(&dir, &summary) <= 5);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_simulate_input_exits_2() {
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--days",
        "1",
        "--warmup",
        "2d",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("the warm-up (48h) leaves nothing of the run (--days 1) to measure")
    );
    let out = ccsim(&["simulate", "scenarios/mmc.toml", "--replications", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = ccsim(&["simulate", "tests/data/broken/concurrency_zero.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------
// `simulate --trace`: historical contacts replace the generated first-line arrivals.
// The two samples are written by tests/reference/make_trace_samples.py; the counts
// below are `awk -F, 'NR>1{n[$2]++} END{for(k in n) print k, n[k]}'` over them.

const OLYMP_TRACE: &str = "tests/data/trace/olymp_thursday.csv";
const MMC_TRACE: &str = "tests/data/trace/mmc_monday.csv";

/// A scenario and a trace, compiled as `simulate --trace` does (default horizon).
fn with_trace(
    scenario_path: &str,
    trace_path: &str,
) -> (ccsim::scenario::Scenario, ccsim::engine::Spec) {
    use std::path::Path;
    let scenario = ccsim::scenario::load(Path::new(scenario_path)).expect("scenario");
    let trace = ccsim::trace::load_csv(Path::new(trace_path)).expect("trace");
    let offset = ccsim::replay::week_offset_s(&trace);
    let opt = ccsim::engine::SimOptions {
        horizon_s: offset + f64::from(trace.span_days()) * 86400.0,
        warmup_s: offset,
        volume_cv: 0.0,
    };
    let mut spec = ccsim::engine::compile(&scenario, &opt).expect("compiles");
    spec.trace = ccsim::replay::scenario_arrivals(
        &spec,
        &scenario,
        Path::new(scenario_path),
        &trace,
        Path::new(trace_path),
        offset,
    )
    .expect("every channel and language is in the scenario");
    (scenario, spec)
}

/// olymp + its Thursday trace.
fn olymp_with_trace() -> (ccsim::scenario::Scenario, ccsim::engine::Spec) {
    with_trace("scenarios/olymp.toml", OLYMP_TRACE)
}

#[test]
fn trace_contacts_are_placed_on_their_weekday_with_their_own_times() {
    let (_, spec) = olymp_with_trace();
    assert_eq!(spec.trace.len(), 637);
    // 2024-03-07 is a Thursday: three days after the scenario's Monday 00:00 UTC
    let thursday = 3.0 * 86400.0;
    let first = spec.trace[0];
    assert_eq!(first.t_s, thursday + (6 * 3600 + 60 + 24) as f64);
    assert!(first.handle_s.is_nan(), "row 2 has no handle time: drawn");
    assert!(!first.patience_exact && first.patience_min_s == 0.0);
    // row 3: 06:02:21 voice en, handle 396 s
    assert_eq!(spec.trace[1].handle_s, 396.0);
    // row 52: 07:18:48 voice vi, abandoned after 166 s: exactly that patience
    let abandoned = spec
        .trace
        .iter()
        .find(|a| a.t_s == thursday + (7 * 3600 + 18 * 60 + 48) as f64)
        .expect("row 52");
    assert!(abandoned.patience_exact && abandoned.patience_min_s == 166.0);
}

#[test]
fn trace_arrivals_replace_the_generated_ones_per_channel() {
    let (scenario, mut spec) = olymp_with_trace();
    // re-contacts (olymp: 30% of the unresolved, a day later) would add first-line
    // contacts of their own: without them offered is exactly the trace
    spec.recontact_share = 0.0;
    let agg = ccsim::engine::run_replications(&spec, 7, 2, 1, &|_| {});
    for rep in &agg.per_rep {
        let offered: Vec<(&str, f64)> = scenario
            .channels
            .iter()
            .zip(&rep.channels)
            .map(|(c, k)| (c.name.as_str(), k.offered))
            .collect();
        assert_eq!(
            offered,
            [("chat", 221.0), ("voice", 323.0), ("email", 93.0)]
        );
    }
    // through the CLI, with olymp's re-contacts: at least the trace, the week placed
    let out = ccsim(&[
        "simulate",
        "scenarios/olymp.toml",
        "--trace",
        OLYMP_TRACE,
        "--replications",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["horizon_s"], 4.0 * 86400.0);
    assert_eq!(v["warmup_s"], 3.0 * 86400.0);
    assert_eq!(v["trace"]["contacts"], 637);
    assert_eq!(v["trace"]["epoch"], "2024-03-07");
    for (ch, n) in [("chat", 221.0), ("voice", 323.0), ("email", 93.0)] {
        let offered = v["channels"][ch]["offered"]["mean"]
            .as_f64()
            .expect("offered");
        assert!(offered >= n && offered < n * 1.1, "{ch}: {offered} for {n}");
    }
}

#[test]
fn a_trace_with_every_handle_time_is_served_as_given() {
    // mmc: 14 or more agents on duty around the clock for 48 contacts, 30 minutes apart:
    // every contact is answered at once
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--trace",
        MMC_TRACE,
        "--replications",
        "3",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // plain seconds: no calendar date, the trace starts on Monday; one day
    assert_eq!(
        (v["horizon_s"].as_f64(), v["warmup_s"].as_f64()),
        (Some(86400.0), Some(0.0))
    );
    let voice = &v["channels"]["voice"];
    for (k, want) in [
        ("offered", 48.0),
        ("answered", 48.0),
        ("abandoned", 0.0),
        ("asa_s", 0.0),
    ] {
        assert_eq!(voice[k]["mean"].as_f64(), Some(want), "{k}: {voice}");
        assert_eq!(voice[k]["half_width"].as_f64(), Some(0.0), "{k}");
    }
    // and the agents were busy exactly the trace's handle times: 60 + 10 k, k < 48
    let (_, spec) = with_trace("scenarios/mmc.toml", MMC_TRACE);
    assert_eq!(
        (spec.warmup_s, spec.horizon_s),
        (0.0, 86400.0),
        "a Monday's trace"
    );
    let agg = ccsim::engine::run_replications(&spec, 3, 1, 1, &|_| {});
    let busy: f64 = agg.group_cells.iter().map(|c| c.busy_area).sum();
    assert!((busy - 14_160.0).abs() < 1e-6, "busy {busy} s");
}

#[test]
fn a_trace_channel_the_scenario_lacks_is_bad_input() {
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--trace",
        "tests/data/trace/unknown_channel.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: trace channel `sms` (2 contacts) is not in scenarios/mmc.toml\n\
         \x20 --> tests/data/trace/unknown_channel.csv:3:21\n\
         \x20 |\n\
         3 | 2024-03-04T09:05:00,sms,en,60\n\
         \x20 |                     ^^^\n\
         \x20 = help: use one of voice, or add a channel named sms to the scenario\n\
         \n\
         error: trace language `de` (1 contact) is not in scenarios/mmc.toml\n\
         \x20 --> tests/data/trace/unknown_channel.csv:4:25\n\
         \x20 |\n\
         4 | 2024-03-04T09:06:00,sms,de,60\n\
         \x20 |                         ^^\n\
         \x20 = help: use one of en, or add a language named de to the scenario\n"
    );
    // a broken trace file: its own positioned errors, exit 2
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--trace",
        "tests/data/trace/broken_values.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("  --> tests/data/trace/broken_values.csv:3:13\n")
    );
}

#[test]
fn a_trace_run_gives_the_same_bytes_whatever_the_threads() {
    same_bytes_on_1_and_3_threads(&[
        "simulate",
        "scenarios/olymp.toml",
        "--trace",
        OLYMP_TRACE,
        "--replications",
        "4",
        "--seed",
        "11",
    ]);
}

/// `--csv FILE` holds every KPI of the JSON summary, with the channel targets and
/// pass/fail on the mean.
#[test]
fn csv_file_has_every_kpi_of_the_summary() {
    let path = std::env::temp_dir().join(format!("ccsim-kpis-{}.csv", std::process::id()));
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--days",
        "2",
        "--replications",
        "3",
        "--json",
        "--csv",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("scope,name,kpi,mean,half_width,target,pass")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 22 KPIs for the channel, the total, the tier and the queue (which adds the
    // occupancy of its busiest group), one occupancy for the group
    assert_eq!(rows.len(), 4 * 22 + 1 + 1);
    let row = |scope: &str, kpi: &str| {
        rows.iter()
            .find(|r| r[0] == scope && r[2] == kpi)
            .unwrap_or_else(|| panic!("{scope} {kpi}"))
    };
    let sl = row("channel", "service_level");
    assert_eq!(sl[1], "voice");
    let mean: f64 = sl[3].parse().unwrap();
    assert_eq!(
        mean,
        v["channels"]["voice"]["service_level"]["mean"]
            .as_f64()
            .unwrap()
    );
    assert_eq!(sl[5], ">= 0.8");
    assert_eq!(sl[6], if mean >= 0.8 { "yes" } else { "no" });
    let offered: f64 = row("total", "offered")[3].parse().unwrap();
    assert_eq!(offered, v["total"]["offered"]["mean"].as_f64().unwrap());
    let occ = row("group", "occupancy");
    assert_eq!(occ[1], "agents");
    assert_eq!(
        occ[3].parse::<f64>().unwrap(),
        v["groups"]["agents"]["occupancy"]["mean"].as_f64().unwrap()
    );
}

#[test]
fn the_library_runs_a_simulation_without_the_command_line() {
    // The planner's path: a loaded scenario and a request in, an outcome out, no
    // printing; the outcome renders to exactly what the command prints.
    let path = std::path::Path::new("scenarios/mmc.toml");
    let scenario = ccsim::scenario::load(path).unwrap();
    let req = ccsim::simulate::Request {
        scenario: &scenario,
        scenario_path: path,
        seed: 5,
        replications: 2,
        threads: 1,
        days: Some(2.0),
        warmup_s: 0.0,
        volume_cv: 0.0,
        trace: None,
        roster: None,
    };
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let outcome = ccsim::simulate::run(&req, &|_| {
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(outcome.agg.per_rep.len(), 2);
    assert_eq!(outcome.info.horizon_s, 2.0 * 86400.0);
    assert!(
        calls.into_inner() > 0,
        "the progress callback was never called"
    );
    let cli = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--seed",
        "5",
        "--replications",
        "2",
        "--days",
        "2",
        "--threads",
        "1",
    ]);
    assert_eq!(
        String::from_utf8(cli.stdout).unwrap(),
        ccsim::report::simulate::kpi_table(&scenario, &outcome, false)
    );
    // bad input is an error, not a print
    let bad = ccsim::simulate::Request {
        warmup_s: 3.0 * 86400.0,
        ..req
    };
    match ccsim::simulate::run(&bad, &|_| {}) {
        Err(ccsim::Error::Input(m)) => assert!(m.contains("shorten --warmup"), "{m}"),
        other => panic!("expected bad input, got {:?}", other.map(|o| o.info)),
    }
}

/// Mean and standard error of per-replication values.
fn mean_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let m = values.iter().sum::<f64>() / n;
    let v = values.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (v / n).sqrt())
}

#[test]
fn queueing_kpis_match_erlang_c_and_their_definitions() {
    use ccsim::dist::Dist;
    use ccsim::engine::{self, SimOptions, spec::single_queue};
    // M/M/10 at 85% load: P(wait) = C(10, 8.5), Lq = C · A / (c − A).
    let (c, aht, a) = (10u32, 120.0, 8.5);
    let opt = SimOptions {
        horizon_s: 8.0 * 86400.0,
        warmup_s: 86400.0,
        volume_cv: 0.0,
    };
    let spec = single_queue(
        a / aht,
        &Dist::exponential(aht).unwrap(),
        None,
        c,
        20.0,
        &opt,
    );
    let agg = engine::run_replications(&spec, 3, 8, 2, &|_| {});
    let pc = ccsim::erlang::erlang_c(c, a);
    let lq = pc * a / (f64::from(c) - a);
    let per = |f: fn(&engine::Kpis) -> f64| -> Vec<f64> {
        agg.per_rep.iter().map(|r| f(&r.total)).collect()
    };
    for (what, values, theory) in [
        ("P(wait > 0)", per(|k| k.p_wait), pc),
        ("mean queue length", per(|k| k.mean_queue_length), lq),
    ] {
        let (m, se) = mean_se(&values);
        assert!(
            (m - theory).abs() < 5.0 * se,
            "{what}: simulated {m:.5} ± {se:.5} vs Erlang C {theory:.5} (seed 3, c 10, A 8.5)"
        );
    }
    // With impatient customers the three service-level definitions follow from the
    // counts: within T / offered ≤ within T / (offered − short abandons) ≤ within T / answered.
    let spec = single_queue(
        a / aht,
        &Dist::exponential(aht).unwrap(),
        Some(&Dist::exponential(60.0).unwrap()),
        c,
        20.0,
        &opt,
    );
    let res = engine::run_replication(&spec, 4, 0, &mut engine::Silent);
    let k = engine::RepKpis::of(&spec, &res).total;
    let q = &res.rec.queues[0];
    assert!(
        q.abandoned_within_t > 0 && q.abandoned_within_t < q.abandoned,
        "{q:?}"
    );
    let left = (q.answered + q.abandoned) as f64;
    assert_eq!(k.service_level, q.within_t as f64 / left);
    assert_eq!(
        k.service_level_answered,
        q.within_t as f64 / q.answered as f64
    );
    assert_eq!(
        k.service_level_excl_short_abandons,
        q.within_t as f64 / (left - q.abandoned_within_t as f64)
    );
    assert!(k.service_level < k.service_level_excl_short_abandons);
    assert!(k.service_level_excl_short_abandons < k.service_level_answered);
    assert_eq!(k.p_wait, 1.0 - q.immediate as f64 / left);
    // Little's law on the sample path: L = (sum of waits) / recorded time.
    let lw = (q.wait_sum_s + q.abandon_wait_sum_s) / (opt.horizon_s - opt.warmup_s);
    assert!(
        (k.mean_queue_length - lw).abs() < 0.01 * lw,
        "L {} vs λW {lw}",
        k.mean_queue_length
    );
}

fn olymp(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["simulate", "scenarios/olymp.toml", "--days", "3", "--quiet"];
    args.extend(extra);
    ccsim(&args)
}

#[test]
fn every_target_of_every_tier_is_checked_in_table_csv_and_json() {
    let csv_path =
        std::env::temp_dir().join(format!("ccsim-olymp-kpis-{}.csv", std::process::id()));
    let out = olymp(&["--replications", "2", "--csv", csv_path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let _ = std::fs::remove_file(&csv_path);
    // the warm transfers of L2 voice: a live queue with the channel's 80/20 and 5% targets
    let l2_voice: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("L2 voice "))
        .take(6)
        .collect();
    assert!(l2_voice[0].contains("offered (warm transfers)"), "{text}");
    assert!(
        l2_voice[1].contains("service level (20s)") && l2_voice[1].contains("≥ 0.80"),
        "{text}"
    );
    assert!(
        l2_voice[3].contains("abandon rate") && l2_voice[3].contains("≤ 0.05"),
        "{text}"
    );
    // tickets at L2 and L3 against the tiers' ticket targets, 24 h and 48 h at 90%
    for (queue, within) in [("L2 chat", "24h"), ("L2 email", "24h"), ("L3 voice", "48h")] {
        let rows: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{queue} ")))
            .take(2)
            .collect();
        assert!(rows[0].contains("offered (tickets)"), "{queue}: {text}");
        assert!(
            rows[1].contains(&format!("service level ({within})")) && rows[1].contains("≥ 0.90"),
            "{queue}: {text}"
        );
    }
    assert!(text.contains("\nTargets: "), "{text}");
    assert!(
        text.contains("SL of answered") && text.contains("P(wait > 0)"),
        "{text}"
    );
    // the CSV checks the same targets
    let row = |name: &str, kpi: &str| -> Vec<String> {
        csv.lines()
            .map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
            .find(|r| r[0] == "queue" && r[1] == name && r[2] == kpi)
            .unwrap_or_else(|| panic!("queue {name} {kpi} in\n{csv}"))
    };
    assert_eq!(row("L3 chat", "service_level")[5], ">= 0.9");
    assert_eq!(row("L2 voice", "abandon_rate")[5], "<= 0.05");
    assert_eq!(row("L2 email", "occupancy_busiest_group")[5], "<= 0.9");
    // and the JSON lists every check with its verdict
    let out = olymp(&["--replications", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["service_level_definition"], "offered");
    let targets = v["targets"].as_array().unwrap();
    let find = |name: &str, kpi: &str| {
        targets
            .iter()
            .find(|t| t["name"] == name && t["kpi"] == kpi)
            .unwrap_or_else(|| panic!("{name} {kpi} in {targets:?}"))
    };
    assert_eq!(find("L3 email", "service_level")["target"], ">= 0.9");
    assert!(find("L2 voice", "service_level")["pass"].is_boolean());
    assert_eq!(find("L1 Arabic", "occupancy")["scope"], "group");
    // 9 queues (3 channels × 3 tiers) × their targets + 8 capped groups
    let queues = v["queues"].as_array().unwrap();
    assert_eq!(queues.len(), 9);
    let warm = queues.iter().find(|q| q["name"] == "L2 voice").unwrap();
    assert_eq!(warm["work"], "live");
    assert_eq!(warm["arrives_by"], "warm_transfer");
    for k in [
        "p_wait",
        "mean_queue_length",
        "service_level_answered",
        "service_level_excl_short_abandons",
    ] {
        assert!(warm["kpis"][k]["mean"].is_number(), "{k}: {warm}");
    }
    let all_pass = targets.iter().all(|t| t["pass"] == true);
    assert_eq!(v["targets_met"], all_pass);
}

#[test]
fn one_replication_prints_no_interval() {
    let out = olymp(&["--replications", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\n1 replication: no confidence intervals; use --replications 2 or more\n"),
        "{text}"
    );
    assert!(
        !text.contains("± 0") && !text.contains("half-widths"),
        "{text}"
    );
    assert!(text.contains(" ± —"), "{text}");
    let out = olymp(&["--replications", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["channels"]["voice"]["service_level"]["mean"].is_number());
    assert!(v["channels"]["voice"]["service_level"]["half_width"].is_null());
    assert_eq!(v["confidence_intervals"], false);
    // the same for a replay of one replication
    let replay = |json: &[&str]| {
        let mut args = vec![
            "replay",
            "tests/data/trace/mmc_monday.csv",
            "--format",
            "csv",
            "--replications",
            "1",
        ];
        args.extend(json);
        ccsim(&args)
    };
    let text = String::from_utf8(replay(&[]).stdout).unwrap();
    assert!(
        text.contains("\n1 replication: no confidence intervals; use --replications 2 or more\n"),
        "{text}"
    );
    assert!(text.contains("48 ± —") && !text.contains("± 0"), "{text}");
    let v: serde_json::Value = serde_json::from_slice(&replay(&["--json"]).stdout).unwrap();
    assert!(
        v["kpis"]["offered"]["simulated"]["half_width"].is_null(),
        "{v}"
    );
    assert!(v["occupancy"]["mean"].is_number() && v["occupancy"]["half_width"].is_null());
    // two replications do have intervals
    let out = olymp(&["--replications", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["channels"]["voice"]["service_level"]["half_width"].is_number());
}

// ---------------------------------------------------------------------------------
// Where targets are missed: intervals × queues (and groups) judged on the one-sided
// 95% bound across replications, grouped by window of the day and days.

/// The `misses` entries of a simulate JSON for one queue and KPI, worst first:
/// (days, window, value, bound).
fn misses_of(
    v: &serde_json::Value,
    queue: [&str; 3],
    kpi: &str,
) -> Vec<(String, String, f64, Option<f64>)> {
    v["misses"]
        .as_array()
        .expect("a misses array")
        .iter()
        .filter(|m| {
            m["channel"] == queue[0]
                && m["language"] == queue[1]
                && m["tier"] == queue[2]
                && m["kpi"] == kpi
        })
        .map(|m| {
            (
                m["days"].as_str().unwrap().to_string(),
                m["window"].as_str().unwrap().to_string(),
                m["value"].as_f64().unwrap(),
                m["bound"].as_f64(),
            )
        })
        .collect()
}

/// Checks `misses.csv` in `dir` against the `misses` of `summary` (one row per missed
/// interval, in order) and returns its rows.
fn misses_csv_rows(dir: &std::path::Path, summary: &serde_json::Value) -> usize {
    let misses = std::fs::read_to_string(dir.join("misses.csv")).unwrap();
    assert_eq!(
        misses.lines().next().unwrap(),
        "interval,interval_start,channel,language,tier,group,kpi,value,bound,target,contacts,replications,days,window"
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(misses.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    let cells: Vec<(&serde_json::Value, &serde_json::Value)> = summary["misses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| {
            m["intervals"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |c| (m, c))
        })
        .collect();
    assert_eq!(rows.len(), cells.len(), "{misses}");
    for (row, (run, cell)) in rows.iter().zip(&cells) {
        assert_eq!(&row[0], cell["index"].to_string());
        assert_eq!(&row[1], cell["label"].as_str().unwrap());
        assert_eq!(&row[2], run["channel"].as_str().unwrap_or(""));
        assert_eq!(&row[6], run["kpi"].as_str().unwrap());
        // (serde_json reads floats to within an ulp)
        let same = |csv: &str, json: &serde_json::Value| match (csv.parse::<f64>(), json.as_f64()) {
            (Ok(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs(),
            (Err(_), None) => csv.is_empty(),
            _ => false,
        };
        assert!(same(&row[7], &cell["value"]), "{row:?} {cell}");
        assert!(same(&row[8], &cell["bound"]), "{row:?} {cell}");
        assert_eq!(&row[9], run["target"].as_str().unwrap());
        assert_eq!(
            (&row[12], &row[13]),
            (
                run["days"].as_str().unwrap(),
                run["window"].as_str().unwrap()
            )
        );
    }
    rows.len()
}

#[test]
fn olymp_misses_english_voice_every_day_when_its_shifts_break() {
    // olymp's English day and evening shifts (3 + 3 agents from 08:00 and 16:00 UTC)
    // break for 30 minutes 3h30 and 4h30 in: at 11:30, 12:30, 19:30 and 20:30 half of
    // the English agents are away, and English callers hang up
    let args = [
        "simulate",
        "scenarios/olymp.toml",
        "--days",
        "14",
        "--replications",
        "8",
        "--quiet",
    ];
    let dir = std::env::temp_dir().join(format!("ccsim-misses-{}", std::process::id()));
    let out = ccsim(&[&args[..], &["--out", dir.to_str().unwrap()]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert!(misses_csv_rows(&dir, &v) > 100);
    let _ = std::fs::remove_dir_all(&dir);
    let voice = misses_of(&v, ["voice", "en", "L1"], "abandon_rate");
    let mut worst: Vec<(&str, &str)> = voice[..4]
        .iter()
        .map(|(d, w, _, _)| (d.as_str(), w.as_str()))
        .collect();
    worst.sort();
    assert_eq!(
        worst,
        vec![
            ("Mon–Sun", "11:30–12:00"),
            ("Mon–Sun", "12:30–13:00"),
            ("Mon–Sun", "19:30–20:00"),
            ("Mon–Sun", "20:30–21:00"),
        ],
        "{voice:?}"
    );
    for (days, window, value, bound) in &voice[..4] {
        // about 0.4 of the callers hang up (the cap is 0.05); every day's lower bound
        // is above the cap
        assert!(*value > 0.3, "{days} {window}: {value}");
        assert!(bound.is_some_and(|b| b > 0.05 && b < *value), "{bound:?}");
    }
    // no other window is missed every day: the rest of the day runs close to the cap,
    // missed here and there by chance
    assert!(
        voice[4..].iter().all(|(d, _, _, _)| d != "Mon–Sun"),
        "{voice:?}"
    );
    // each entry lists its intervals: 11:30 on each day of the week
    let entry = v["misses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["channel"] == "voice"
                && m["language"] == "en"
                && m["kpi"] == "abandon_rate"
                && m["window"] == "11:30–12:00"
        })
        .unwrap();
    let labels: Vec<&str> = entry["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Mon 11:30",
            "Tue 11:30",
            "Wed 11:30",
            "Thu 11:30",
            "Fri 11:30",
            "Sat 11:30",
            "Sun 11:30"
        ]
    );
    assert_eq!(entry["intervals"][0]["index"], 23);
    assert_eq!(entry["target"], "<= 0.05");
    assert!(entry["group"].is_null());
    let contacts: f64 = entry["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["contacts"].as_f64().unwrap())
        .sum();
    assert!((entry["contacts"].as_f64().unwrap() - contacts).abs() < 1e-9);
    // the table: the first 10, worst first, and how many more
    let text = String::from_utf8(out.stdout).unwrap();
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Where targets are missed"))
        .collect();
    assert!(
        section[0].contains("one-sided 95% bound across 8 replications"),
        "{text}"
    );
    assert_eq!(section.len(), 12, "{text}");
    let more = v["misses"].as_array().unwrap().len() - 10;
    assert_eq!(
        section[11],
        format!("  … and {more} more in the JSON (--json, --out)")
    );
    assert!(
        section.iter().any(|l| l.contains("voice en L1")
            && l.contains("Mon–Sun")
            && l.contains("11:30–12:00")
            && l.contains("service level (20s)")
            && l.contains(" < 0.8")),
        "{text}"
    );
}

#[test]
fn a_centre_that_meets_its_targets_everywhere_misses_nowhere() {
    // W1: 14 agents round the clock for 10 Erlang, 80/20 met at 0.90 in every interval
    let args = [
        "simulate",
        "scenarios/w1.toml",
        "--days",
        "7",
        "--replications",
        "5",
        "--quiet",
    ];
    let out = ccsim(&[&args[..], &["--json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["misses"], serde_json::json!([]), "{}", v["misses"]);
    let text = String::from_utf8(ccsim(&args).stdout).unwrap();
    assert!(
        text.ends_with(
            "\nWhere targets are missed: nowhere (every interval × queue and group with 5 or more contacts meets its targets at the one-sided 95% bound)\n"
        ),
        "{text}"
    );
}

#[test]
fn one_replication_misses_have_no_bound() {
    let out = olymp(&["--replications", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let misses = v["misses"].as_array().unwrap();
    assert!(!misses.is_empty());
    for m in misses {
        assert!(m["bound"].is_null(), "{m}");
        for i in m["intervals"].as_array().unwrap() {
            assert!(i["bound"].is_null() && i["replications"] == 1, "{m}");
        }
    }
    let text = String::from_utf8(olymp(&["--replications", "1"]).stdout).unwrap();
    assert!(
        text.contains("\nWhere targets are missed (1 replication: the values alone, no bound; use --replications 2 or more; times UTC):\n"),
        "{text}"
    );
    // two replications: bounds
    let v: serde_json::Value =
        serde_json::from_slice(&olymp(&["--replications", "2", "--json"]).stdout).unwrap();
    assert!(
        v["misses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["bound"].is_number())
    );
}

/// A dated forecast's clock starts at its first interval (Sunday 2019-01-06 22:00 in
/// `week.toml`), and the roster is placed on that weekday and time: two agents on
/// Sunday 19:00-03:00 answer every call of the forecast (Sunday 22:00 to Monday 02:00)
/// within seconds. The roster used to sit 22 hours off (Monday 00:00 at time 0), so the
/// same agents missed the calls of Monday 01:00 and customers waited over two hours.
#[test]
fn a_dated_forecast_is_served_by_the_roster_of_its_own_weekday_and_time() {
    let dir = std::env::temp_dir().join(format!("ccsim-dated-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("roster.toml");
    std::fs::write(
        &roster,
        "[[group]]\nname = \"desk\"\n[[group.shift]]\nstart = \"19:00\"\nlength = \"8h\"\ndays = [\"sun\"]\nagents = 2\n",
    )
    .unwrap();
    let out = ccsim(&[
        "simulate",
        "tests/data/forecast/week.toml",
        "--roster",
        roster.to_str().unwrap(),
        "-r",
        "4",
        "-q",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let asa = v["channels"]["voice"]["asa_s"]["mean"].as_f64().unwrap();
    assert!(asa < 60.0, "voice ASA {asa} s");
    assert_eq!(v["misses"].as_array().unwrap().len(), 0, "{}", v["misses"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
