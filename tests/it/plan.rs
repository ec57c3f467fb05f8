//! `ccsim plan` on `scenarios/desk.toml`: the roster it returns meets every target in
//! an independent simulation (another seed, 30 replications), its roster file
//! reproduces the plan's simulation byte for byte, and a template set that cannot
//! cover an interval is bad input naming that interval.

use crate::util::{ccsim, json};
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    crate::util::scratch("plan", name)
}

#[test]
fn the_planned_roster_meets_every_target_in_an_independent_simulation() {
    let dir = scratch("independent");
    let roster = dir.join("roster.toml");
    let plan = json(&ccsim(&[
        "plan",
        "scenarios/desk.toml",
        "--seed",
        "1",
        "-r",
        "10",
        "--days",
        "14",
        "-q",
        "--json",
        "--write-roster",
        roster.to_str().unwrap(),
    ]));
    assert_eq!(plan["met"], true, "{}", plan["rounds"]);
    let cost = plan["cost_per_week"].as_f64().unwrap();
    let bound = plan["lp_bound"].as_f64().unwrap();
    assert!(bound > 0.0 && cost >= bound, "cost {cost} bound {bound}");
    // cheaper than the desk's own hand-made roster, which meets the targets too
    let own = plan["own_roster"]["cost_per_week"].as_f64().unwrap();
    assert!(
        cost < own,
        "plan {cost} against the hand-made roster's {own}"
    );
    // another seed, 30 replications, the default 31 days: every target still met
    let out = ccsim(&[
        "simulate",
        "scenarios/desk.toml",
        "--roster",
        roster.to_str().unwrap(),
        "--seed",
        "2",
        "-r",
        "30",
        "-q",
        "--check",
    ]);
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Targets: 5 of 5 met"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_roster_file_reproduces_the_plans_simulation_byte_for_byte() {
    let dir = scratch("roundtrip");
    let roster = dir.join("roster.toml");
    let plan = json(&ccsim(&[
        "plan",
        "scenarios/desk.toml",
        "--seed",
        "3",
        "-r",
        "4",
        "--days",
        "7",
        "-q",
        "--json",
        "--write-roster",
        roster.to_str().unwrap(),
    ]));
    let sim = json(&ccsim(&[
        "simulate",
        "scenarios/desk.toml",
        "--roster",
        roster.to_str().unwrap(),
        "--seed",
        "3",
        "-r",
        "4",
        "--days",
        "7",
        "-q",
        "--json",
    ]));
    let mut planned = plan["simulation"].clone();
    let mut simulated = sim.clone();
    // the one difference: simulate names the roster file it read
    planned["roster"] = serde_json::Value::Null;
    simulated["roster"] = serde_json::Value::Null;
    assert_eq!(
        serde_json::to_string_pretty(&planned).unwrap(),
        serde_json::to_string_pretty(&simulated).unwrap()
    );
    // and the file names the plan and its shifts
    let text = std::fs::read_to_string(&roster).unwrap();
    assert!(
        text.starts_with("# ccsim roster for \"Small planning desk\""),
        "{text}"
    );
    let shifts: u64 = plan["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["shifts"].as_array().unwrap().len() as u64)
        .sum();
    assert_eq!(text.matches("[[group.shift]]").count() as u64, shifts);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_plan_is_the_same_whatever_the_threads() {
    let run = |threads: &str| {
        ccsim(&[
            "plan",
            "scenarios/desk.toml",
            "-r",
            "3",
            "--days",
            "3",
            "-q",
            "-j",
            threads,
        ])
    };
    let (one, three) = (run("1"), run("3"));
    assert!(one.status.success());
    assert_eq!(one.stdout, three.stdout);
}

#[test]
fn an_interval_no_template_covers_is_bad_input_naming_it() {
    let dir = scratch("uncoverable");
    // day shifts only (starts 06:00 to 10:00): nobody covers the night's calls
    let text = std::fs::read_to_string("scenarios/desk.toml")
        .unwrap()
        .replace(
            "start = { from = \"00:00\", to = \"23:00\", every = \"1h\" }",
            "start = { from = \"06:00\", to = \"10:00\", every = \"1h\" }",
        );
    let path = dir.join("days_only.toml");
    std::fs::write(&path, text).unwrap();
    let out = ccsim(&["plan", path.to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(
            "error: group English: no shift of its templates covers Mon 00:00 (where 3 agents are required on shift)"
        ),
        "{err}"
    );
    assert!(err.contains("days_only.toml:"), "{err}");
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_scenario_without_templates_has_nothing_to_plan() {
    let out = ccsim(&["plan", "scenarios/mmc.toml", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(
            "error: no group of scenarios/mmc.toml has a shift template: nothing to plan"
        ),
        "{err}"
    );
}

#[test]
fn judged_in_every_interval_the_plan_leaves_no_confident_interval_miss() {
    let horizon = json(&ccsim(&[
        "plan",
        "scenarios/desk.toml",
        "-r",
        "6",
        "--days",
        "7",
        "-q",
        "--json",
    ]));
    let interval = json(&ccsim(&[
        "plan",
        "scenarios/desk.toml",
        "-r",
        "6",
        "--days",
        "7",
        "-q",
        "--json",
        "--targets",
        "interval",
    ]));
    assert_eq!(interval["met"], true, "{}", interval["rounds"]);
    assert_eq!(interval["targets"], "interval");
    let confident = |plan: &serde_json::Value| {
        plan["simulation"]["misses"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !m["bound"].is_null())
            .count()
    };
    assert_eq!(
        confident(&interval),
        0,
        "{}",
        interval["simulation"]["misses"]
    );
    // every horizon target is judged too
    let judged = interval["judgements"].as_array().unwrap();
    assert!(!judged.is_empty() && judged.iter().all(|j| j["met"] == true));
    assert_eq!(horizon["met"], true);
}
