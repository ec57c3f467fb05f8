//! `ccsim teach`: the lessons list, and the hockey stick's numbers are `ccsim erlang`'s.

use crate::util::{ccsim, scratch};

#[test]
fn teach_lists_its_lessons_and_names_a_wrong_one() {
    let out = ccsim(&["teach"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("hockey-stick"), "{text}");
    let bad = ccsim(&["teach", "pooling-of-nothing"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: no lesson `pooling-of-nothing`\n   = help: the lessons are: hockey-stick, pooling, variability, abandonment, square-root, reality\n"
    );
}

/// Every row of the lesson is the calculator's answer at that many agents, and the
/// starred row is the calculator's required agents; the plot is an SVG with the title,
/// the axis labels and both series.
#[test]
fn the_hockey_stick_agrees_with_the_calculator() {
    let dir = scratch("teach", "stick");
    let svg = dir.join("stick.svg");
    // one queue, the same in the lesson and in the calculator
    let load = "--calls 300 --interval 1h --aht 4m --target 90/30";
    let mut args = vec!["teach", "hockey-stick", "--plot", svg.to_str().unwrap()];
    args.extend(load.split(' '));
    let out = ccsim(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let calc = |agents: &str| {
        let mut args = vec!["erlang", "--model", "c", "--json", "--agents", agents];
        args.extend(load.split(' '));
        crate::util::json(&ccsim(&args))
    };
    let required = calc("30")["required_agents"].as_u64().unwrap();
    let mut rows = 0;
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some(Ok(n)) = cols.first().map(|c| c.parse::<u64>()) else {
            continue;
        };
        rows += 1;
        let starred = cols.get(1) == Some(&"*");
        assert_eq!(starred, n == required, "{line}");
        let sl_text = cols[if starred { 2 } else { 1 }];
        let sl: f64 = sl_text.trim_end_matches('%').parse().unwrap();
        let want = calc(&n.to_string())["service_level"].as_f64().unwrap() * 100.0;
        assert!(
            (sl - want).abs() <= 0.05 + 1e-9,
            "{n} agents: {sl} vs {want}"
        );
    }
    assert!(rows >= 5, "{text}");
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.trim_end().ends_with("</svg>"));
    for label in [
        "Service level and occupancy against agents",
        "agents",
        "service level",
        "occupancy",
        "90%",
    ] {
        assert!(picture.contains(label), "missing {label}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The cells of the table row whose first cell is `label` (cells are separated by two
/// or more spaces), `nth` such row from 0.
fn row(text: &str, label: &str, nth: usize) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|cells| cells.first().map(String::as_str) == Some(label))
        .nth(nth)
        .unwrap_or_else(|| panic!("no row {nth} `{label}` in\n{text}"))
}

/// `91.26% ± 0.34` → (91.26, 0.34); `88.84%` → (88.84, 0).
fn pct(cell: &str) -> (f64, f64) {
    let (m, hw) = cell.split_once(" ± ").unwrap_or((cell, "0"));
    (
        m.trim_end_matches('%').parse().unwrap(),
        hw.trim_end_matches('%').parse().unwrap(),
    )
}

/// `7.8 ± 0.4` → (7.8, 0.4).
fn num(cell: &str) -> (f64, f64) {
    pct(cell)
}

fn stdout_of(args: &[&str]) -> String {
    let out = ccsim(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn erlang(args: &str) -> serde_json::Value {
    let mut a = vec!["erlang", "--json"];
    a.extend(args.split(' '));
    crate::util::json(&ccsim(&a))
}

fn assert_svg(path: &std::path::Path, labels: &[&str]) {
    let svg = std::fs::read_to_string(path).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for label in labels {
        assert!(svg.contains(label), "{}: missing {label}", path.display());
    }
}

/// Each split's agents per team are the calculator's requirement for its share of the
/// calls, and the teams' sum is their product with the teams.
#[test]
fn pooling_agrees_with_the_calculator() {
    let dir = scratch("teach", "pooling");
    let svg = dir.join("pooling.svg");
    let text = stdout_of(&[
        "teach",
        "pooling",
        "--teams",
        "5",
        "--calls",
        "200",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    for k in 1..=5u64 {
        let cells = row(&text, &k.to_string(), 0);
        let calls = 200.0 / k as f64;
        let want = erlang(&format!(
            "--model c --calls {calls} --interval 30m --aht 3m --target 80/20"
        ));
        let per_team: u64 = cells[2].parse().unwrap();
        assert_eq!(
            per_team,
            want["required_agents"].as_u64().unwrap(),
            "{k} teams"
        );
        assert_eq!(cells[3].parse::<u64>().unwrap(), k * per_team, "{k} teams");
        let occ = pct(&cells[4]).0;
        assert!((occ - want["occupancy"].as_f64().unwrap() * 100.0).abs() <= 0.05 + 1e-9);
    }
    // 200 calls of 3m per 30m: one team of 24, five teams of 7
    assert_eq!(row(&text, "1", 0)[3], "24");
    assert_eq!(row(&text, "5", 0)[3], "35");
    assert_svg(
        &svg,
        &[
            "Agents needed against the number of teams",
            "teams the calls are split into",
            "agents",
            "agents needed, all teams (Erlang C)",
            "offered load (Erlang)",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// N per size is the calculator's; β = (N − A)/√A; occupancy A/N rises with size.
#[test]
fn square_root_agrees_with_the_calculator() {
    let dir = scratch("teach", "sqrt");
    let svg = dir.join("sqrt.svg");
    let text = stdout_of(&[
        "teach",
        "square-root",
        "--loads",
        "1,10,100,1000",
        "--aht",
        "3m",
        "--interval",
        "30m",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    let mut last_occ = 0.0;
    for a in [1.0f64, 10.0, 100.0, 1000.0] {
        let cells = row(&text, &format!("{a:.2}"), 0);
        let calls = a * 1800.0 / 180.0;
        let want = erlang(&format!(
            "--model c --calls {calls} --interval 30m --aht 3m --target 80/20"
        ))["required_agents"]
            .as_u64()
            .unwrap();
        let n: u64 = cells[2].parse().unwrap();
        assert_eq!(n, want, "{a} Erlang");
        let beta: f64 = cells[4].parse().unwrap();
        assert!(
            (beta - (n as f64 - a) / a.sqrt()).abs() < 5e-4,
            "{a}: {beta}"
        );
        let occ = pct(&cells[5]).0;
        assert!((occ - 100.0 * a / n as f64).abs() <= 0.05 + 1e-9);
        assert!(occ > last_occ, "{a}: {occ} after {last_occ}");
        last_occ = occ;
    }
    assert_svg(
        &svg,
        &[
            "Occupancy against offered load",
            "offered load (Erlang, log scale)",
            "occupancy (share of agents",
            "occupancy A/N (Erlang C",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The requirements are `ccsim erlang`'s for models c and a; the simulated rows are
/// `ccsim simulate` of the scenario the lesson writes, with its seed, replications and
/// days, at both requirements.
#[test]
fn abandonment_agrees_with_the_calculator_and_the_simulator() {
    let dir = scratch("teach", "abandon");
    let svg = dir.join("abandon.svg");
    let toml = dir.join("abandon.toml");
    let text = stdout_of(&[
        "teach",
        "abandonment",
        "--patience",
        "3m",
        "--seed",
        "7",
        "-r",
        "5",
        "--days",
        "3",
        "--write-scenario",
        toml.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
    ]);
    let load = "--calls 100 --interval 30m --aht 3m --target 80/20";
    let n_c = erlang(&format!("--model c {load}"))["required_agents"]
        .as_u64()
        .unwrap();
    let n_a = erlang(&format!("--model a --patience 3m {load}"))["required_agents"]
        .as_u64()
        .unwrap();
    assert!(n_a < n_c, "patience lowers the requirement: {n_a} vs {n_c}");
    let c_row = row(&text, "Erlang C", 0);
    assert_eq!(c_row[1], n_c.to_string());
    // Erlang A at both staffings, as the calculator gives it
    for (nth, n) in [(0, n_c), (1, n_a)] {
        let a_row = row(&text, "Erlang A", nth);
        assert_eq!(a_row[1], n.to_string());
        let want = erlang(&format!("--model a --patience 3m {load} --agents {n}"));
        let sl = pct(&a_row[2]).0;
        assert!((sl - want["service_level"].as_f64().unwrap() * 100.0).abs() <= 0.005 + 1e-9);
        let ab = pct(&a_row[4]).0;
        assert!((ab - want["p_abandon"].as_f64().unwrap() * 100.0).abs() <= 0.005 + 1e-9);
    }
    // the simulation rows are ccsim simulate's, at N_A (the written scenario) and N_C
    let scenario = std::fs::read_to_string(&toml).unwrap();
    let at_c = dir.join("abandon_c.toml");
    std::fs::write(
        &at_c,
        scenario.replace(
            &format!("\nagents = {n_a}\n"),
            &format!("\nagents = {n_c}\n"),
        ),
    )
    .unwrap();
    for (nth, n, file) in [(0, n_c, &at_c), (1, n_a, &toml)] {
        let sim_row = row(&text, "simulation", nth);
        assert_eq!(sim_row[1], n.to_string());
        let sim = crate::util::json(&ccsim(&[
            "simulate",
            file.to_str().unwrap(),
            "--seed",
            "7",
            "-r",
            "5",
            "--days",
            "3",
            "--json",
            "-q",
        ]));
        let total = &sim["total"];
        let close = |cell: &str, key: &str, scale: f64, digits: i32| {
            let (m, hw) = num(cell);
            let want = &total[key];
            let unit = 10f64.powi(-digits) / 2.0 + 1e-9;
            assert!(
                (m - want["mean"].as_f64().unwrap() * scale).abs() <= unit,
                "{n} agents {key}: {cell} vs {want}"
            );
            assert!(
                (hw - want["half_width"].as_f64().unwrap() * scale).abs() <= unit,
                "{n} agents {key}: {cell} vs {want}"
            );
        };
        close(&sim_row[2], "service_level", 100.0, 2);
        close(&sim_row[3], "asa_s", 1.0, 1);
        close(&sim_row[4], "abandon_rate", 100.0, 2);
    }
    assert!(text.contains("master seed 7"), "{text}");
    assert_svg(
        &svg,
        &[
            "Service level against agents: Erlang C, Erlang A (patience 3m) and simulation",
            "agents",
            "service level (share answered within T)",
            "Erlang C (nobody hangs up)",
            "Erlang A (patience 3m)",
            "simulation (Erlang A queue",
            "target 80%",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The exponential row agrees with Erlang C within its confidence interval, and the
/// mean wait grows with the handle times' variation.
#[test]
fn variability_grows_waits_and_cv_1_is_erlang_c() {
    let dir = scratch("teach", "variability");
    let svg = dir.join("var.svg");
    let text = stdout_of(&["teach", "variability", "--plot", svg.to_str().unwrap()]);
    let theory = row(&text, "Erlang C (theory)", 0);
    let n = erlang("--model c --calls 100 --interval 30m --aht 3m --target 80/20");
    let agents = n["required_agents"].as_u64().unwrap();
    assert!(text.contains(&format!("{agents} agents")), "{text}");
    let c_sl = n["service_level"].as_f64().unwrap() * 100.0;
    assert!((pct(&theory[3]).0 - c_sl).abs() <= 0.005 + 1e-9);
    let exp = row(&text, "exponential", 0);
    assert_eq!((exp[1].as_str(), exp[2].as_str()), ("1", "0"));
    let (sl, hw) = pct(&exp[3]);
    assert!(
        (sl - c_sl).abs() <= hw + 0.005,
        "simulated {sl} ± {hw} vs Erlang C {c_sl}"
    );
    let (asa, asa_hw) = num(&exp[4]);
    let c_asa = n["asa_s"].as_f64().unwrap();
    assert!(
        (asa - c_asa).abs() <= asa_hw + 0.05,
        "{asa} ± {asa_hw} vs {c_asa}"
    );
    let waits: Vec<f64> = [
        row(&text, "deterministic", 0),
        row(&text, "gamma, cv 0.5", 0),
        exp,
        row(&text, "gamma, cv 2", 0),
    ]
    .iter()
    .map(|r| num(&r[4]).0)
    .collect();
    assert!(waits.windows(2).all(|w| w[1] > w[0]), "{waits:?}");
    // uncertain volume on top of exponential handle times waits longer still
    let volume = row(&text, "exponential", 1);
    assert_eq!(volume[2], "0.1");
    assert!(num(&volume[4]).0 > waits[2]);
    assert!(text.contains("master seed 1"), "{text}");
    assert_svg(
        &svg,
        &[
            "Mean wait (ASA) against handle-time variability",
            "coefficient of variation of handle time",
            "ASA (s)",
            "simulated ASA (95% interval)",
            "Erlang C (assumes cv 1)",
            "cv 1 with volume cv 0.1",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The observed and replayed figures are `ccsim replay`'s on the same file; the shipped
/// sample is the default trace.
#[test]
fn reality_is_the_replay_of_the_sample() {
    let dir = scratch("teach", "reality");
    let svg = dir.join("reality.svg");
    let sample = "tests/data/trace/anonymous_bank_1999_sample.txt";
    let text = stdout_of(&["teach", "reality", "--plot", svg.to_str().unwrap()]);
    let from_file = stdout_of(&["teach", "reality", "--trace", sample]);
    // the same numbers from the embedded sample and from the file
    let tables = |t: &str| t[t.find("measure ").unwrap()..].to_string();
    assert_eq!(tables(&text), tables(&from_file));
    let replay = crate::util::json(&ccsim(&["replay", sample, "--json"]));
    let kpis = &replay["kpis"];
    for (label, key, scale, digits) in [
        ("service level", "service_level", 100.0, 2),
        ("abandon rate", "abandon_rate", 100.0, 2),
        ("ASA of answered (s)", "asa_s", 1.0, 1),
    ] {
        let cells = row(&text, label, 0);
        let unit = 10f64.powi(-digits) / 2.0 + 1e-9;
        let obs = num(&cells[1]).0;
        assert!(
            (obs - kpis[key]["observed"].as_f64().unwrap() * scale).abs() <= unit,
            "{label}"
        );
        for (cell, which) in [(&cells[2], "simulated"), (&cells[3], "simulated_busy_peak")] {
            let (m, hw) = num(cell);
            let want = &kpis[key][which];
            assert!(
                (m - want["mean"].as_f64().unwrap() * scale).abs() <= unit,
                "{label} {which}"
            );
            assert!(
                (hw - want["half_width"].as_f64().unwrap() * scale).abs() <= unit,
                "{label} {which}"
            );
        }
    }
    let calls = row(&text, "calls", 0);
    assert_eq!(calls[1], replay["calls"].to_string());
    // the days add up to the trace
    let days: u64 = ["1999-01-01", "1999-01-02", "1999-01-03"]
        .iter()
        .map(|d| row(&text, d, 0)[1].parse::<u64>().unwrap())
        .sum();
    assert_eq!(days.to_string(), calls[1]);
    assert_svg(
        &svg,
        &[
            "Service level by hour: observed, Erlang A and Erlang C",
            "hours from the trace",
            "service level (share answered within 20s)",
            "observed",
            "Erlang A (trace",
            "Erlang C",
            "target 80%",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Bad flag values and flags a lesson does not take are bad input (exit 2), said clearly.
#[test]
fn teach_refuses_bad_flags() {
    for (args, says) in [
        (&["teach", "pooling", "--teams", "1"][..], "--teams"),
        (
            &["teach", "variability", "--cv", "0,-1"][..],
            "handle-time cv",
        ),
        (
            &["teach", "square-root", "--loads", "0"][..],
            "offered load",
        ),
        (
            &["teach", "variability", "--volume-cv", "2"][..],
            "volume cv",
        ),
        (
            &["teach", "hockey-stick", "--write-scenario", "x.toml"][..],
            "simulates no scenario",
        ),
        (
            &["teach", "pooling", "--trace", "x.txt"][..],
            "reads no trace",
        ),
        (
            &["teach", "reality", "--trace", "/nonexistent/bank.txt"][..],
            "/nonexistent/bank.txt",
        ),
    ] {
        let out = ccsim(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
