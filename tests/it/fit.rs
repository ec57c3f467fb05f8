//! `ccsim fit`: on a contact log that ccsim simulated from a known scenario, every
//! rate, share and distribution parameter comes back within 3 standard errors, and the
//! Kaplan–Meier patience agrees with the true one under heavy censoring; bad logs exit 2
//! with file:line:col; the written scenario loads, and `staff` and `simulate` run on it.

use crate::util::{ccsim, json, scratch};
use ccsim::fit::handle::Params;
use std::path::Path;

/// The known centre: voice (gamma handle 4m cv 0.6, gamma patience 2m cv 0.7) and chat
/// (lognormal handle 3m cv 0.8, exponential patience 3m), two languages, a weekly
/// profile, 5 agents for about 7 Erlang: heavily overloaded, so most waits are censored
/// by an answer only about 70% of the time.
const TRUTH: &str = r#"
[scenario]
name = "fit truth"
interval = "30m"

[shrinkage]
total = 0.0

[[channel]]
name = "voice"
kind = "live"
patience = { dist = "gamma", mean = "2m", cv = 0.7 }
[channel.target]
service_level = 0.8
within = "20s"

[[channel]]
name = "chat"
kind = "live"
patience = { dist = "exponential", mean = "3m" }
[channel.target]
service_level = 0.8
within = "1m"

[[language]]
name = "en"
share = 0.7

[[language]]
name = "de"
share = 0.3

[demand]
weekly_contacts = 20000
channel_mix = { voice = 0.6, chat = 0.4 }
day_of_week = [1.3, 1.0, 1.0, 1.0, 1.0, 0.9, 0.8]

[[tier]]
name = "L1"
resolve = 1.0
[tier.handle_time]
voice = { dist = "gamma", mean = "4m", cv = 0.6 }
chat = { dist = "lognormal", mean = "3m", cv = 0.8 }

[[group]]
name = "all"
tier = "L1"
languages = ["*"]
channels = ["*"]
[[group.shift]]
start = "00:00"
length = "24h"
days = "all"
agents = 5
"#;

const DAYS: &str = "14";

/// The simulated log of [`TRUTH`] (14 days, seed 3) in `dir`.
fn simulated_log(dir: &Path) -> std::path::PathBuf {
    let scenario = dir.join("truth.toml");
    std::fs::write(&scenario, TRUTH).unwrap();
    let log = dir.join("log.csv");
    crate::util::simulated_log(&scenario, &log, DAYS);
    log
}

fn within(what: &str, got: f64, want: f64, se: f64) {
    assert!(
        (got - want).abs() <= 3.0 * se,
        "{what}: fitted {got}, true {want}, 3 SE = {} (seed 3, {DAYS} days)",
        3.0 * se
    );
}

#[test]
fn fit_recovers_the_simulated_centre() {
    let dir = scratch("fit", "recover");
    let log = simulated_log(&dir);
    let trace = ccsim::trace::load_csv(&log).unwrap();
    let fit = ccsim::fit::fit(&trace, &ccsim::fit::FitOptions::default()).unwrap();
    let a = &fit.arrivals;
    // contacts still waiting at the horizon are not in the log: a handful at most
    assert!(fit.contacts > 39_000, "{}", fit.contacts);
    within("weekly contacts", a.weekly_contacts, 20_000.0, a.weekly_se);
    let dow = [1.3, 1.0, 1.0, 1.0, 1.0, 0.9, 0.8];
    let sum: f64 = dow.iter().sum();
    for (d, w) in dow.iter().enumerate() {
        // two days of each weekday: Poisson SE of their mean
        let want = 20_000.0 * w / sum;
        within(
            &format!("weekday {d}"),
            a.day_of_week[d],
            want,
            (want / 2.0).sqrt(),
        );
    }
    for (name, share, se) in &a.channel_mix {
        within(
            &format!("mix {name}"),
            *share,
            if name == "voice" { 0.6 } else { 0.4 },
            *se,
        );
    }
    for (name, share, se) in &a.language_share {
        within(
            &format!("language {name}"),
            *share,
            if name == "en" { 0.7 } else { 0.3 },
            *se,
        );
    }
    // Poisson arrivals: no day factor beyond Poisson noise, and no outlier day
    assert!(a.volume_cv.unwrap() < 0.03, "{:?}", a.volume_cv);
    assert!(a.days.iter().all(|d| !d.outlier));

    // handle times
    let voice = fit.handle.iter().find(|h| h.channel == "voice").unwrap();
    let gamma = voice
        .candidates
        .iter()
        .find(|c| matches!(c.params, Params::Gamma { .. }))
        .unwrap();
    let Params::Gamma { shape, scale_s } = gamma.params else {
        unreachable!()
    };
    let k = 1.0 / 0.36;
    within("voice gamma shape", shape, k, gamma.se[0]);
    within("voice gamma scale", scale_s, 240.0 / k, gamma.se[1]);
    assert!(
        gamma.ks_p > 0.01,
        "true family rejected: KS p {}",
        gamma.ks_p
    );
    let chat = fit.handle.iter().find(|h| h.channel == "chat").unwrap();
    let ln = chat
        .candidates
        .iter()
        .find(|c| matches!(c.params, Params::Lognormal { .. }))
        .unwrap();
    let Params::Lognormal { mu, sigma } = ln.params else {
        unreachable!()
    };
    let s2 = (1.0f64 + 0.64).ln();
    within("chat lognormal mu", mu, 180f64.ln() - s2 / 2.0, ln.se[0]);
    within("chat lognormal sigma", sigma, s2.sqrt(), ln.se[1]);
    assert!(ln.ks_p > 0.01, "true family rejected: KS p {}", ln.ks_p);
    assert!(
        matches!(
            chat.chosen,
            ccsim::fit::Chosen::Fitted(Params::Lognormal { .. })
        ),
        "{}",
        chat.why
    );

    // patience: exponential chat by ML and the LRT
    let pc = fit.patience.iter().find(|p| p.channel == "chat").unwrap();
    within(
        "chat patience rate",
        pc.rate_per_s,
        1.0 / 180.0,
        pc.rate_se_per_s,
    );
    assert_eq!(pc.chosen.family().name(), "exponential", "{}", pc.why);
    // voice: gamma patience, heavily censored; Kaplan–Meier against the truth
    let pv = fit.patience.iter().find(|p| p.channel == "voice").unwrap();
    let answered = 1.0 - pv.abandoned as f64 / pv.waits as f64;
    assert!(
        (0.55..0.85).contains(&answered),
        "answered share {answered}"
    );
    let truth = Params::Gamma {
        shape: 1.0 / 0.49,
        scale_s: 120.0 * 0.49,
    };
    let mut ks: f64 = 0.0;
    for step in pv.km.iter().filter(|s| s.at_risk >= 100) {
        let s_true = 1.0 - truth.cdf(step.t_s);
        ks = ks.max((step.survival - s_true).abs());
        assert!(
            (step.survival - s_true).abs() <= 4.0 * step.se + 1e-3,
            "KM at {} s: {} against true {s_true} (Greenwood SE {})",
            step.t_s,
            step.survival,
            step.se
        );
    }
    // the KS distance of KM to the truth where at least 100 are at risk
    assert!(
        ks < 0.03,
        "KS distance of Kaplan-Meier to the true patience {ks}"
    );
    assert_ne!(pv.chosen.family().name(), "exponential", "{}", pv.why);
}

#[test]
fn fitted_scenario_loads_and_staff_and_simulate_run_on_it() {
    let dir = scratch("fit", "scenario");
    let log = simulated_log(&dir);
    let out_toml = dir.join("fitted.toml");
    let v = json(&ccsim(&[
        "fit",
        log.to_str().unwrap(),
        "--out",
        out_toml.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["handle_time"].as_array().unwrap().len(), 2);
    let text = std::fs::read_to_string(&out_toml).unwrap();
    assert!(text.contains("# fitted from "), "{text}");
    assert!(text.contains("KS D = "), "{text}");
    ccsim::scenario::load_str(&text, &out_toml).unwrap();
    let staff = ccsim(&["staff", out_toml.to_str().unwrap(), "--json"]);
    assert!(
        staff.status.success(),
        "{}",
        String::from_utf8_lossy(&staff.stderr)
    );
    let sim = ccsim(&[
        "simulate",
        out_toml.to_str().unwrap(),
        "-q",
        "-r",
        "2",
        "--days",
        "2",
    ]);
    assert!(
        sim.status.success(),
        "{}",
        String::from_utf8_lossy(&sim.stderr)
    );
    // the text report names every part
    let t = ccsim(&["fit", log.to_str().unwrap()]);
    let t = String::from_utf8_lossy(&t.stdout);
    for part in [
        "Arrivals",
        "Handle time, voice",
        "Patience, voice",
        "Kaplan-Meier",
        "scenario gets",
    ] {
        assert!(t.contains(part), "{part} missing:\n{t}");
    }
}

/// An exit status 2 whose message names `file:line:col` and contains `text`.
fn bad(args: &[&str], at: &str, text: &str) {
    let out = ccsim(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(at), "no `{at}` in:\n{err}");
    assert!(err.contains(text), "no `{text}` in:\n{err}");
}

#[test]
fn bad_logs_exit_2_with_their_place() {
    let dir = scratch("fit", "bad");
    let w = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let empty = w("empty.csv", "");
    bad(&["fit", &empty], "empty.csv", "the trace file is empty");
    let header_only = w("header.csv", "arrival,channel,language\n");
    bad(&["fit", &header_only], "header.csv", "holds no contacts");
    let negative = w(
        "neg.csv",
        "arrival,channel,language,handle_s\n0,voice,en,10\n5,voice,en,-3\n",
    );
    bad(
        &["fit", &negative],
        "neg.csv:3:12",
        "handle_s `-3` is not a number of seconds",
    );
    let neg_arrival = w("negarr.csv", "arrival,channel,language\n-5,voice,en\n");
    bad(
        &["fit", &neg_arrival],
        "negarr.csv:2:1",
        "arrival `-5` is not a time",
    );
    let unknown = w(
        "unknown.csv",
        "arrival,channel,language,talk\n0,voice,en,10\n",
    );
    bad(
        &["fit", &unknown],
        "unknown.csv:1:26",
        "unknown column `talk`",
    );
    // generic CSV: a mapping to a column the header lacks, an unmapped column, a bad time
    let generic = w(
        "generic.csv",
        "start_time,queue,lang,talk_time,customer\n04/03/2024 09:00,voice,en,120,a\n04/03/2024 09:01,voice,en,80,b\n",
    );
    bad(
        &[
            "fit",
            &generic,
            "--column",
            "arrival=start",
            "--column",
            "channel=queue",
            "--column",
            "language=lang",
        ],
        "generic.csv:1:1",
        "the header has no column `start`",
    );
    bad(
        &[
            "fit",
            &generic,
            "--column",
            "arrival=start_time",
            "--column",
            "channel=queue",
            "--column",
            "language=lang",
            "--column",
            "handle_s=talk_time",
            "--time-format",
            "%d/%m/%Y %H:%M",
        ],
        "generic.csv:1:33",
        "unknown column `customer`",
    );
    bad(
        &[
            "fit",
            &generic,
            "--column",
            "arrival=start_time",
            "--column",
            "channel=queue",
            "--column",
            "language=lang",
            "--column",
            "handle_s=talk_time",
            "--skip-column",
            "customer",
            "--time-format",
            "%Y-%m-%d %H:%M",
        ],
        "generic.csv:2:1",
        "is not a time in the format",
    );
    // the same file read right: two contacts on 2024-03-04
    let v = json(&ccsim(&[
        "fit",
        &generic,
        "--column",
        "arrival=start_time",
        "--column",
        "channel=queue",
        "--column",
        "language=lang",
        "--column",
        "handle_s=talk_time",
        "--skip-column",
        "customer",
        "--time-format",
        "%d/%m/%Y %H:%M",
        "--json",
    ]));
    assert_eq!(v["contacts"], 2);
    assert_eq!(v["epoch"], "2024-03-04");
    assert_eq!(v["handle_time"][0]["observed"]["mean_s"], 100.0);
    // a bank file through the bank loader: a missing file is bad input too
    bad(
        &["fit", "no/such.txt", "--trace-format", "bank"],
        "no/such.txt",
        "cannot read",
    );
}

#[test]
fn unsorted_logs_fit_as_sorted_ones() {
    // the loaders sort by arrival: order in the file does not matter
    let dir = scratch("fit", "unsorted");
    let sorted = "arrival,channel,language,handle_s,abandon_after_s,wait_s\n0,voice,en,100,,0\n60,voice,en,,30,30\n120,voice,en,200,,5\n86500,voice,en,150,,12\n";
    let mut rows: Vec<&str> = sorted.lines().skip(1).collect();
    rows.reverse();
    let unsorted = format!(
        "arrival,channel,language,handle_s,abandon_after_s,wait_s\n{}\n",
        rows.join("\n")
    );
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    std::fs::write(&a, sorted).unwrap();
    std::fs::write(&b, unsorted).unwrap();
    let ja = json(&ccsim(&["fit", a.to_str().unwrap(), "--json"]));
    let mut jb = json(&ccsim(&["fit", b.to_str().unwrap(), "--json"]));
    jb["source"] = ja["source"].clone();
    assert_eq!(ja, jb);
}

/// `--classes`: the bank sample's high class is written and the file loads and
/// simulates with it, the class's share as the log's.
#[test]
fn fit_writes_priority_classes_that_load() {
    let dir = crate::util::scratch("fit", "classes");
    let out = dir.join("classes.toml");
    let run = crate::util::ccsim(&[
        "fit",
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        "--trace-format",
        "bank",
        "--classes",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let j = crate::util::json(&run);
    let text = std::fs::read_to_string(&out).expect("the scenario");
    assert!(text.contains("[[channel.class]]"), "{text}");
    let classes = j["classes"].as_array().expect("classes");
    let high = classes
        .iter()
        .find(|c| c["class"] == "high")
        .expect("a high class");
    let share = high["share"].as_f64().unwrap();
    assert!(text.contains(&format!("share = {share:.6}")), "{text}");
    // the bank's documented rule: 90 s ahead, not strictly first
    assert_eq!(high["head_start_s"].as_f64(), Some(90.0));
    assert!(
        text.contains(&format!("share = {share:.6}\nhead_start = \"1m30s\"")),
        "{text}"
    );
    let sim = crate::util::json(&crate::util::ccsim(&[
        "simulate",
        out.to_str().unwrap(),
        "-r",
        "2",
        "--days",
        "2",
        "-q",
        "--json",
    ]));
    assert!(
        sim["channels"]["voice"]["classes"]["high"].is_object(),
        "{sim}"
    );
    // a CSV's priorities come without a rule: strictly first
    let csv = dir.join("classes-csv.toml");
    let j = crate::util::json(&crate::util::ccsim(&[
        "fit",
        "tests/data/trace/generic.csv",
        "--classes",
        "--out",
        csv.to_str().unwrap(),
        "--json",
    ]));
    let classes = j["classes"].as_array().expect("classes");
    assert!(!classes.is_empty(), "{j}");
    assert!(classes.iter().all(|c| c["head_start_s"].is_null()), "{j}");
    let text = std::fs::read_to_string(&csv).expect("the scenario");
    assert!(
        text.contains("[[channel.class]]") && !text.contains("head_start"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The KPIs a contact log shows: (abandon rate, mean wait of the answered), read from
/// ccsim's trace CSV (`arrival,channel,language,handle_s,abandon_after_s,wait_s,agent`).
fn log_kpis(log: &Path) -> (f64, f64) {
    let text = std::fs::read_to_string(log).unwrap();
    let (mut n, mut abandoned, mut answered, mut waited) = (0usize, 0usize, 0usize, 0.0);
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        n += 1;
        if f[4].is_empty() {
            answered += 1;
            waited += f[5].parse::<f64>().unwrap();
        } else {
            abandoned += 1;
        }
    }
    (abandoned as f64 / n as f64, waited / answered as f64)
}

#[test]
fn a_scenario_staffed_as_the_log_shows_reproduces_the_logs_kpis() {
    let dir = scratch("fit", "staffing");
    let log = simulated_log(&dir);
    // the simulated log names its agents: 5 of them, round the clock
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("arrival,channel,language,handle_s,abandon_after_s,wait_s,agent\n"));
    let mut agents: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next().filter(|a| !a.is_empty()))
        .collect();
    agents.sort_unstable();
    agents.dedup();
    assert_eq!(agents, ["a0", "a1", "a2", "a3", "a4"]);
    let (abandon, asa) = log_kpis(&log);
    // the report gives both bounds: 5 agents every interval of the week
    let v = json(&ccsim(&["fit", log.to_str().unwrap(), "--json"]));
    let hours = &v["staffing"]["agent_hours_per_week"];
    assert_eq!(hours["agent_ids"].as_f64(), Some(840.0), "{hours}");
    assert_eq!(hours["busy_peak"].as_f64(), Some(840.0), "{hours}");
    for (staffing, what) in [
        ("agent-ids", "every agent id serving"),
        ("busy-peak", "the most contacts in service at once"),
    ] {
        let out_toml = dir.join(format!("{staffing}.toml"));
        let out = ccsim(&[
            "fit",
            log.to_str().unwrap(),
            "--out",
            out_toml.to_str().unwrap(),
            "--staffing",
            staffing,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let scenario = std::fs::read_to_string(&out_toml).unwrap();
        assert!(scenario.contains(what), "{scenario}");
        // five agents round the clock, every day, with no shrinkage: 840 agent-hours
        assert!(
            scenario.contains(
                "[[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\nagents = 5\n"
            ),
            "{scenario}"
        );
        assert!(scenario.contains("840.0 agent-hours a week"), "{scenario}");
        assert!(scenario.contains("shrinkage = 0\n"), "{scenario}");
        // simulating it gives the log's abandonment and wait back (the log: one 14-day
        // run; the fit: 10 of them), within 15%
        let v = json(&ccsim(&[
            "simulate",
            out_toml.to_str().unwrap(),
            "-r",
            "10",
            "--days",
            DAYS,
            "--json",
        ]));
        let sim_abandon = v["total"]["abandon_rate"]["mean"].as_f64().unwrap();
        let sim_asa = v["total"]["asa_s"]["mean"].as_f64().unwrap();
        assert!(
            (sim_abandon / abandon - 1.0).abs() < 0.15,
            "{staffing}: abandonment {sim_abandon} simulated, {abandon} in the log"
        );
        assert!(
            (sim_asa / asa - 1.0).abs() < 0.15,
            "{staffing}: ASA {sim_asa} s simulated, {asa} s in the log"
        );
    }
    // --write-roster: the same shifts as a roster file; simulated with it, the scenario
    // gives the same numbers as with its own shifts
    let scenario = dir.join("with-roster.toml");
    let roster = dir.join("roster.toml");
    let out = ccsim(&[
        "fit",
        log.to_str().unwrap(),
        "--out",
        scenario.to_str().unwrap(),
        "--staffing",
        "busy-peak",
        "--write-roster",
        roster.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let roster_text = std::fs::read_to_string(&roster).unwrap();
    assert!(roster_text.starts_with("# Roster of the scenario fitted by `ccsim fit`"));
    assert!(
        roster_text.contains("[[group]]\nname = \"agents\"\n"),
        "{roster_text}"
    );
    let sim = |extra: &[&str]| {
        let mut args = vec![
            "simulate",
            scenario.to_str().unwrap(),
            "-r",
            "2",
            "--days",
            "2",
            "--json",
        ];
        args.extend_from_slice(extra);
        json(&ccsim(&args))
    };
    assert_eq!(
        sim(&[])["total"],
        sim(&["--roster", roster.to_str().unwrap()])["total"]
    );
    // `fit INPUT --out OUT FLAGS --json`, and the scenario it wrote
    let fit_to = |input: &str, out: &Path, flags: &[&str]| {
        let mut args = vec!["fit", input, "--out", out.to_str().unwrap()];
        args.extend_from_slice(flags);
        args.push("--json");
        let v = json(&ccsim(&args));
        (v, std::fs::read_to_string(out).unwrap())
    };
    // the after-call work a written scenario adds to voice's talk time, seconds
    let added = |text: &str, out: &Path| {
        let fitted = ccsim::scenario::load_str(text, out).unwrap();
        let voice = fitted
            .channels
            .iter()
            .position(|c| c.name == "voice")
            .unwrap();
        let talk = fitted.handle_time_at(voice, 0).unwrap().mean_s();
        fitted.work_time_mean_at(voice, 0).unwrap() - talk
    };
    // --wrap-up: after-call work on every live channel, spread as the log's gaps
    let with_wrap = dir.join("wrap-up.toml");
    let (v, text) = fit_to(log.to_str().unwrap(), &with_wrap, &["--wrap-up", "30s"]);
    let cv = v["after_call_gaps"]["cv"].as_f64().expect("gaps measured");
    assert!(v["after_call_gaps"]["n"].as_u64().unwrap() > 100, "{v}");
    for ch in ["voice", "chat"] {
        let line = format!("{ch} = {{ dist = \"lognormal\", mean = \"30s\", cv = {cv:.3} }}");
        assert!(text.contains(&line), "{line} missing:\n{text}");
    }
    let work = added(&text, &with_wrap);
    assert!((work - 30.0).abs() < 1e-9, "{work}");
    // --wrap-up-scale: this log has no after-call work, so it shows no idle time while
    // callers waited, and a multiple of it adds none
    let scaled = dir.join("wrap-up-scale.toml");
    let (v, text) = fit_to(log.to_str().unwrap(), &scaled, &["--wrap-up-scale", "2"]);
    let per_call = v["idle_while_waiting"]["per_call_s"]
        .as_f64()
        .expect("idle");
    assert!(per_call < 0.01, "{per_call}");
    assert!(!text.contains("[tier.wrap_up]"), "{text}");
    // the bank's agents were out of calls while callers waited: the mean is the
    // multiple of it, to a tenth of a second
    let (v, text) = fit_to(
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        &scaled,
        &[
            "--trace-format",
            "bank",
            "--interval",
            "15m",
            "--wrap-up-scale",
            "1.18",
        ],
    );
    let per_call = v["idle_while_waiting"]["per_call_s"]
        .as_f64()
        .expect("idle");
    assert!(per_call > 10.0, "{per_call}");
    assert!(
        text.contains(&format!(
            "mean 1.18 x the log's {per_call:.1} s of idle agent time per call while callers waited (--wrap-up-scale)"
        )),
        "{text}"
    );
    let want = (1.18 * per_call * 10.0).round() / 10.0;
    let work = added(&text, &scaled);
    assert!((work - want).abs() < 1e-9, "{work} vs {want}");
    // a log without agents cannot say who was on duty: exit 2, nothing written
    let no_agents = dir.join("no-agents.csv");
    std::fs::write(
        &no_agents,
        "arrival,channel,language,handle_s,abandon_after_s,wait_s\n0,voice,en,100,,0\n60,voice,en,,30,30\n",
    )
    .unwrap();
    let target = dir.join("never.toml");
    for (input, flags, file, message) in [
        // a log without agents cannot say who was on duty
        (
            &no_agents,
            ["--staffing", "agent-ids"],
            "no-agents.csv",
            "the log names no agents",
        ),
        // nobody answered after waiting: no idle time to scale
        (
            &no_agents,
            ["--wrap-up-scale", "1.2"],
            "no-agents.csv",
            "nobody waited in this log; give the after-call work as --wrap-up DUR instead",
        ),
        // after-call work no number of agents keeps up with
        (
            &log,
            ["--wrap-up", "366d"],
            "log.csv",
            "the fitted scenario cannot be staffed",
        ),
    ] {
        let mut args = vec![
            "fit",
            input.to_str().unwrap(),
            "--out",
            target.to_str().unwrap(),
        ];
        args.extend(flags);
        // exit 2, nothing written
        bad(&args, file, message);
        assert!(!target.exists(), "{flags:?}");
    }
    // a millisecond of after-call work is written as it reads back
    let tiny = dir.join("tiny.toml");
    let out = ccsim(&[
        "fit",
        no_agents.to_str().unwrap(),
        "--out",
        tiny.to_str().unwrap(),
        "--wrap-up",
        "0.001s",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&tiny).unwrap();
    assert!(
        text.contains("voice = { dist = \"deterministic\", value = \"0.001s\" }"),
        "{text}"
    );
    // --staffing says how --out is staffed: alone it is refused
    let alone = ccsim(&["fit", log.to_str().unwrap(), "--staffing", "busy-peak"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--out"));
}
