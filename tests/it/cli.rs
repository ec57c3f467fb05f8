//! The command line as a user meets it: exit codes, JSON fields, messages.

use std::process::{Command, Output};

fn ccsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("run ccsim")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn f(v: &serde_json::Value, k: &str) -> f64 {
    v[k].as_f64()
        .unwrap_or_else(|| panic!("{k} is not a number in {v}"))
}

#[test]
fn erlang_textbook_case() {
    // 100 calls per 30 min, AHT 180 s, 80/20 -> 14 agents, SL ≈ 0.888
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "c",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--target",
        "80/20",
        "--json",
    ]));
    assert_eq!(v["required_agents"], 14);
    assert_eq!(v["agents"], 14);
    assert!((f(&v, "service_level") - 0.8883).abs() < 5e-4, "{v}");
    assert!((f(&v, "offered_load_erlangs") - 10.0).abs() < 1e-12);
    assert_eq!(v["binding"], serde_json::json!(["SL"]));
    assert_eq!(v["model"], "c");
    assert_eq!(v["interval_s"], 1800.0);
    assert_eq!(v["target_t_s"], 20.0);
    for k in [
        "model",
        "calls",
        "interval_s",
        "aht_s",
        "patience_s",
        "concurrency",
        "agents",
        "offered_load_erlangs",
        "blocking",
        "p_wait",
        "service_level",
        "target_t_s",
        "asa_s",
        "p_abandon",
        "occupancy",
        "required_agents",
    ] {
        assert!(v.get(k).is_some(), "field {k} missing from {v}");
    }
    assert!(v["patience_s"].is_null() && v["p_abandon"].is_null() && v["blocking"].is_null());
    // ASA over all contacts for Erlang C: C * AHT / (N - A)
    let asa = f(&v, "asa_s");
    let pw = f(&v, "p_wait");
    assert!((asa - pw * 180.0 / 4.0).abs() < 1e-9, "{asa} {pw}");
}

#[test]
fn erlang_measures_at_given_agents_and_erlang_a() {
    // W1: λ = 160000 / 31 days, AHT 180 s, patience 120 s, 14 agents
    let calls = format!("{}", 160_000.0 / (31.0 * 48.0));
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "a",
        "--calls",
        &calls,
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--patience",
        "2m",
        "--agents",
        "14",
        "--target",
        "80/20",
        "--json",
    ]));
    assert!((f(&v, "p_abandon") - 0.034606).abs() < 1e-6, "{v}");
    assert!((f(&v, "service_level") - 0.898501).abs() < 1e-6, "{v}");
    assert!((f(&v, "asa_s") - 3.5675).abs() < 1e-4, "{v}");
    assert_eq!(v["agents"], 14);
    assert_eq!(v["patience_s"], 120.0);
    // Erlang A needs fewer agents than Erlang C for the same 80/20
    assert!(v["required_agents"].as_u64().unwrap() <= 14);
}

#[test]
fn erlang_blocking_and_chat() {
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "b",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180",
        "--max-blocking",
        "0.01",
        "--json",
    ]));
    assert_eq!(v["required_agents"], 18); // Erlang B(18, 10) = 0.0071, B(17, 10) = 0.0129
    assert!(f(&v, "blocking") < 0.01);
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "chat",
        "--calls",
        "300",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--concurrency",
        "3",
        "--patience",
        "2m",
        "--target",
        "90/60",
        "--json",
    ]));
    assert_eq!(v["concurrency"], 3);
    assert!(f(&v, "service_level") >= 0.9);
    let n = v["required_agents"].as_u64().unwrap();
    assert!((9..=14).contains(&n), "{n}"); // 30 Erlang over 3 slots each
}

#[test]
fn erlang_table_and_csv() {
    let dir = std::env::temp_dir().join(format!("ccsim-cli-{}", std::process::id()));
    let csv = dir.join("erlang.csv");
    let out = ccsim(&[
        "erlang",
        "--model",
        "c",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--target",
        "80/20",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("required_agents") && text.contains("14"),
        "{text}"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    let mut lines = written.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("model,calls,interval_s,aht_s")
    );
    assert!(lines.next().unwrap().starts_with("c,100,1800,180"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn erlang_bad_input_exits_2_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "erlang",
                "--model",
                "a",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--agents",
                "3",
            ],
            "--model a needs --patience",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
            ],
            "give --agents N",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30 parsecs",
                "--aht",
                "3m",
                "--agents",
                "2",
            ],
            "is not a duration",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "-4",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--agents",
                "2",
            ],
            "--calls",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--target",
                "180/20",
            ],
            "the service level must be below 100%",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--agents",
                "2",
                "--patience",
                "1m",
            ],
            "--patience applies to models a and chat",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--max-occupancy",
                "85",
            ],
            "is not an occupancy cap: give a share above 0 and at most 1",
        ),
        (
            &[
                "erlang",
                "--model",
                "chat",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--concurrency",
                "0",
                "--agents",
                "1",
            ],
            "--concurrency",
        ),
    ];
    for (args, needle) in cases {
        let out = ccsim(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected `{needle}` in {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

/// The calculator's flags: what cannot be a target is refused with the flag named and
/// the way to write it; service levels are percentages.
#[test]
fn erlang_targets_that_cannot_be_met_and_ranges() {
    let base = [
        "erlang",
        "--model",
        "a",
        "--patience",
        "1m",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
    ];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--target", "0.8/20"],
            "invalid value '0.8/20' for '--target <TARGET>': `0.8/20`: the service level is a percentage: write 80/20 for 80% within 20s (service levels are percentages on the command line (80/20) and shares in scenario files (service_level = 0.8))",
        ),
        (
            &["--target", "100/0"],
            "`100/0`: 100% within 0s cannot be met while contacts arrive (every queue has some chance of a longer wait): give e.g. 99.9/0",
        ),
        (
            &["--asa-target", "0"],
            "invalid value '0' for '--asa-target <ASA_TARGET>': `0`: an ASA of 0 cannot be met",
        ),
        (
            &["--max-abandon", "0"],
            "invalid value '0' for '--max-abandon <MAX_ABANDON>': `0`: no abandonment at all cannot be met",
        ),
        (
            &["--max-occupancy", "0"],
            "invalid value '0' for '--max-occupancy <MAX_OCCUPANCY>': `0`: an occupancy cap of 0 cannot be met",
        ),
        (
            &["--agents", "100001"],
            "invalid value '100001' for '--agents <AGENTS>'",
        ),
        (
            &["--agents", "3", "--patience", "400d"],
            "invalid value '400d' for '--patience <PATIENCE>': `400d` is outside the calculator's range: give a duration from 0.001s (1 ms) to 366d",
        ),
        (
            &["--agents", "3", "--aht", "1e27"],
            "invalid value '1e27' for '--aht <AHT>': `1e27` is outside the calculator's range",
        ),
        (
            &["--agents", "3", "--aht", "1s", "--patience", "12d"],
            "error: --patience 288h is more than 1000000 x --aht 1s (277h46m40s): contacts this patient hardly ever abandon; use --model c (or chat without --patience), or a shorter --patience",
        ),
        (
            &["--model", "chat", "--agents", "3", "--stretch", "1.5"],
            "invalid value '1.5' for '--stretch <STRETCH>': `1.5` is not a stretch from 0 to 1",
        ),
        (
            &["--model", "chat", "--agents", "3", "--concurrency", "21"],
            "invalid value '21' for '--concurrency <CONCURRENCY>': 21 is not in 1..=20",
        ),
        (
            &["--agents", "3", "--calls", "1e12"],
            "error: --calls 1000000000000 of 3m per 30m offer 100000000000 Erlang, more than the 100000 agents ccsim staffs can serve (100000 Erlang): lower --calls or split the load",
        ),
    ];
    for (extra, needle) in cases {
        // a flag of `extra` replaces the same flag of `base`
        let mut args: Vec<&str> = base.to_vec();
        for pair in extra.chunks(2) {
            match args.iter().position(|a| *a == pair[0]) {
                Some(i) => args[i + 1] = pair[1],
                None => args.extend_from_slice(pair),
            }
        }
        let out = ccsim(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected `{needle}` in {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
    // the three ways to write 80% within 20 s give the same answer
    for target in ["80/20", "80%/20s", "80%/20"] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(&["--target", target, "--json"]);
        let v = json(&ccsim(&args));
        assert_eq!(v["target_service_level"], 0.8, "{target}");
        assert_eq!(v["target_t_s"], 20.0, "{target}");
    }
}

/// An unreachable target exits 2 and says which target and why.
#[test]
fn erlang_unreachable_target_names_it() {
    let out = ccsim(&[
        "erlang",
        "--model",
        "c",
        "--calls",
        "50000",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--max-occupancy",
        "0.01",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        "error: the targets cannot be met with 100000 agents, the most ccsim staffs: occupancy (OCC) is 0.050000 against a cap of 0.010000; relax them or split the load"
    );
}

/// At and below the offered load Erlang C says `stable: false` with null waits, in
/// JSON and in the table.
#[test]
fn erlang_c_unstable_is_said_the_same_way() {
    for agents in ["6", "7"] {
        let args = [
            "erlang",
            "--model",
            "c",
            "--calls",
            "15",
            "--interval",
            "15m",
            "--aht",
            "420s",
            "--target",
            "80/20",
            "--agents",
            agents,
        ];
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let v = json(&ccsim(&with_json));
        assert_eq!(v["stable"], false, "{agents}: {v}");
        for k in ["p_wait", "service_level", "asa_s", "mean_wait_all_s"] {
            assert!(v[k].is_null(), "{agents}: {k} in {v}");
        }
        assert_eq!(v["meets_targets"], false);
        let out = ccsim(&args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.ends_with("unstable: N <= offered load A: the queue grows without bound, so it has no waits, service level or ASA (-)\n"),
            "{text}"
        );
    }
}
