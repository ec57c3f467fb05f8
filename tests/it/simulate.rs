//! `ccsim simulate` as a user meets it.

use std::process::Command;

fn ccsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("run ccsim")
}

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let run = |threads: &str| {
        ccsim(&[
            "simulate",
            "scenarios/olymp.toml",
            "--days",
            "7",
            "--replications",
            "4",
            "--seed",
            "99",
            "--threads",
            threads,
            "--json",
        ])
    };
    let (one, three) = (run("1"), run("3"));
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert_eq!(one.stdout, three.stdout);
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
fn out_dir_gets_both_files_and_the_table_shows_targets() {
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
