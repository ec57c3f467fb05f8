//! `ccsim staff` on every shipped scenario, and every broken scenario through the CLI.

use std::path::Path;
use std::process::Command;

use ccsim::plan::{Work, staff};
use ccsim::scenario::load;

#[test]
fn every_shipped_scenario_is_staffed() {
    let mut seen = 0;
    for entry in std::fs::read_dir("scenarios").expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let s = load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let p = staff(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let n = s.demand.n_intervals;
        assert_eq!(p.cells.len() % n, 0, "{}", path.display());
        assert!(
            p.cells
                .iter()
                .all(|c| c.required >= 0.0 && c.scheduled >= c.required),
            "{}",
            path.display()
        );
        // every live cell with traffic meets the channel's targets at its required agents
        for c in p
            .cells
            .iter()
            .filter(|c| c.work == Work::Live && c.contacts > 0.0)
        {
            let t = &s.channels[c.channel].target;
            if let (Some(goal), Some(sl)) = (t.service_level, c.service_level) {
                assert!(sl >= goal - 1e-12, "{}: {c:?}", path.display());
            }
            if let (Some(goal), Some(occ)) = (t.max_occupancy, c.occupancy) {
                assert!(occ <= goal + 1e-12, "{}: {c:?}", path.display());
            }
        }
        let fte: f64 = p.tiers.iter().map(|t| t.fte).sum();
        assert!(fte > 0.0, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 4, "only {seen} scenarios");
}

#[test]
fn mmc_scenario_is_the_textbook_case() {
    // 100 calls per 30 min, AHT 180 s, 80/20 -> 14 agents in every interval
    let s = load(Path::new("scenarios/mmc.toml")).expect("mmc loads");
    let p = staff(&s).expect("staffed");
    assert_eq!(p.cells.len(), s.demand.n_intervals);
    for c in &p.cells {
        assert!((c.contacts - 100.0).abs() < 1e-9, "{c:?}");
        assert_eq!(c.required, 14.0, "{c:?}");
        assert!((c.service_level.unwrap() - 0.8883).abs() < 5e-4, "{c:?}");
        // 30% shrinkage: 14 / (1 - 0.3) = 20 scheduled
        assert!((c.scheduled - 20.0).abs() < 1e-9, "{c:?}");
    }
}

#[test]
fn pooling_saves_agents() {
    let split = staff(&load(Path::new("scenarios/pooling_split.toml")).unwrap()).unwrap();
    let pooled = staff(&load(Path::new("scenarios/pooling_pooled.toml")).unwrap()).unwrap();
    let hours =
        |p: &ccsim::plan::StaffPlan| p.tiers.iter().map(|t| t.required_agent_hours).sum::<f64>();
    let pooled_col = |p: &ccsim::plan::StaffPlan| {
        p.tiers
            .iter()
            .map(|t| t.pooled_required_agent_hours)
            .sum::<f64>()
    };
    // the split requirement is the sum of 11 small queues; the pooled column is one big queue
    assert!(
        pooled_col(&split) < 0.8 * hours(&split),
        "{} vs {}",
        pooled_col(&split),
        hours(&split)
    );
    assert!((pooled_col(&split) - pooled_col(&pooled)).abs() < 1e-6);
}

#[test]
fn olymp_week() {
    let s = load(Path::new("scenarios/olymp.toml")).expect("olymp loads");
    let p = staff(&s).expect("staffed");
    assert_eq!(s.languages.len(), 11);
    assert_eq!(s.tiers.len(), 3);
    assert_eq!(
        p.cells.len(),
        s.demand.n_intervals * s.channels.len() * s.languages.len() * s.tiers.len()
    );
    // 160,000+ a month is 36,800+ first-line contacts a week, plus re-contacts
    let contacts: f64 = p
        .cells
        .iter()
        .filter(|c| c.tier == 0)
        .map(|c| c.contacts)
        .sum();
    assert!(contacts > s.demand.total() && s.demand.total() > 160_000.0 * 7.0 / 30.4375);
    // deferred e-mail is answered within its target; L2/L3 receive escalations
    assert!(
        p.cells
            .iter()
            .any(|c| c.work == Work::Deferred && c.backlog.unwrap_or(0.0) > 0.0)
    );
    assert!(p.tiers.iter().all(|t| t.fte > 0.0));
}

#[test]
fn staff_cli_prints_the_week_and_json() {
    let exe = env!("CARGO_BIN_EXE_ccsim");
    let out = Command::new(exe)
        .args(["staff", "scenarios/mmc.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Mon 00:00") && text.contains("Sun 23:30") && text.contains("Weekly summary"),
        "{text}"
    );
    let out = Command::new(exe)
        .args(["staff", "scenarios/mmc.toml", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["intervals"], 336);
    assert_eq!(v["cells"][0]["required_agents"], 14.0);
    assert_eq!(v["cells"].as_array().unwrap().len(), 336);
    // 14 agents x 168 h; FTE = scheduled hours / hours per FTE week
    let req = v["total"]["required_agent_hours_per_week"]
        .as_f64()
        .unwrap();
    assert!((req - 14.0 * 168.0).abs() < 1e-9, "{req}");
    let fte = v["total"]["fte"].as_f64().unwrap();
    let sched = v["total"]["scheduled_agent_hours_per_week"]
        .as_f64()
        .unwrap();
    assert!((fte - sched / v["hours_per_fte_week"].as_f64().unwrap()).abs() < 1e-9);
}

#[test]
fn broken_scenarios_exit_2_through_the_cli() {
    let exe = env!("CARGO_BIN_EXE_ccsim");
    let mut n = 0;
    for entry in std::fs::read_dir("tests/data/broken").expect("tests/data/broken") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let rel = format!(
            "tests/data/broken/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let expected =
            std::fs::read_to_string(path.with_extension("expected")).expect("expected message");
        let out = Command::new(exe).args(["staff", &rel]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{rel}");
        assert!(out.stdout.is_empty(), "{rel} printed to stdout");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            expected.trim_end(),
            "{rel}"
        );
        n += 1;
    }
    assert!(n >= 15, "only {n} broken scenarios");
}

#[test]
fn a_missing_scenario_file_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["staff", "scenarios/no_such_file.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: cannot read the scenario file: no such file\n  --> scenarios/no_such_file.toml\n   = help: check the path; scenario files live in scenarios/\n\n1 problem in scenarios/no_such_file.toml"
    );
}

#[test]
fn scenario_errors_through_the_library_match_the_cli() {
    // the same text whether a program loads the file or a person runs the CLI
    let rel = "tests/data/broken/several_problems.toml";
    let err = load(Path::new(rel)).expect_err("broken");
    let expected = std::fs::read_to_string("tests/data/broken/several_problems.expected").unwrap();
    assert_eq!(err.to_string(), expected.trim_end());
    assert_eq!(err.problems.len(), 4);
}
