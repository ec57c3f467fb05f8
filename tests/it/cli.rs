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
            "at most 100%",
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
            "between 0 and 1",
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
