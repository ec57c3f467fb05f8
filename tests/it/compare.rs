//! `ccsim compare`: variants simulated with common random numbers. The same customers
//! meet every variant (per-contact random numbers), so an identical copy differs by
//! exactly 0 and one more agent's effect is estimated far more tightly from paired
//! replications than from independent runs.

use crate::util::{ccsim, json};
use std::path::{Path, PathBuf};

use ccsim::compare::{self, CompareOptions, Variant};

fn scratch(name: &str) -> PathBuf {
    crate::util::scratch("compare", name)
}

fn variant(label: &str, path: &str, extra_agents: u32) -> Variant {
    let mut s = ccsim::scenario::load(Path::new(path)).expect("scenario");
    s.groups[0].shifts[0].agents += extra_agents;
    s.groups[0].headcount += extra_agents;
    Variant {
        label: label.into(),
        scenario: s,
        scenario_path: PathBuf::from(path),
        roster: None,
        set: None,
    }
}

/// The done-when line of common random numbers: W1 (M/M/14+M, a month) against itself
/// with a 15th agent. Paired replications give the abandonment difference a 95%
/// half-width at least 3× narrower than two independent runs would (3.7× here; seeds
/// 1–8 gave 3.1–3.9× at 100 replications; a shared random sequence per purpose, before
/// per-contact streams, gave 1.5×).
#[test]
fn one_more_agent_is_measured_3x_more_tightly_with_paired_replications() {
    let variants = [
        variant("A", "scenarios/w1.toml", 0),
        variant("B", "scenarios/w1.toml", 1),
    ];
    let opt = CompareOptions {
        seed: 1,
        replications: 100,
        threads: 2,
        days: None,
    };
    let c = compare::compare(&variants, &opt, &|_| {}).expect("compare");
    let row = |kpi: &str| {
        c.rows
            .iter()
            .find(|r| r.scope == "queue" && r.name == "voice" && r.kpi == kpi)
            .unwrap_or_else(|| panic!("no voice {kpi}"))
    };
    let ab = row("abandon_rate").diffs[1].expect("a difference");
    assert!(ab.mean < 0.0 && ab.shown(), "{ab:?}");
    assert_eq!(ab.n, 100);
    let narrowing = ab.narrowing().expect("a paired half-width");
    assert!(
        narrowing >= 3.0,
        "paired {} vs independent {}: {narrowing}×",
        ab.half_width,
        ab.unpaired_half_width
    );
    // the same customers: offered contacts are identical replication by replication
    let offered = row("offered").diffs[1].expect("offered");
    assert!(offered.identical && offered.mean == 0.0, "{offered:?}");
    // the 15th agent raises the service level, shown with confidence
    let sl = row("service_level").diffs[1].expect("service level");
    assert!(sl.mean > 0.0 && sl.shown(), "{sl:?}");
}

#[test]
fn a_scenario_against_an_identical_copy_differs_by_exactly_zero() {
    let dir = scratch("copy");
    let copy = dir.join("copy.toml");
    std::fs::copy("scenarios/desk.toml", &copy).expect("copy");
    let out = json(&ccsim(&[
        "compare",
        "scenarios/desk.toml",
        copy.to_str().unwrap(),
        "-r",
        "5",
        "--days",
        "7",
        "-q",
        "--json",
    ]));
    let rows = out["rows"].as_array().expect("rows");
    assert!(rows.len() >= 10, "{rows:?}");
    for r in rows {
        let d = &r["differences"][1];
        assert_eq!(d["mean"], 0.0, "{r}");
        assert_eq!(d["identical"], true, "{r}");
        assert_eq!(d["shown"], false, "{r}");
        assert_eq!(d["half_width"], 0.0, "{r}");
        assert_eq!(r["values"][0], r["values"][1], "{r}");
    }
    assert_eq!(out["intervals"].as_array().map(Vec::len), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A roster as a variant, the text verdicts, CSV, and the same bytes on 1 and 3 threads.
#[test]
fn rosters_are_variants_and_the_output_does_not_depend_on_threads() {
    let dir = scratch("roster");
    let csv = dir.join("compare.csv");
    let args = |threads: &str| {
        ccsim(&[
            "compare",
            "scenarios/mmc.toml",
            "--roster",
            "tests/data/roster/mmc_staggered.toml",
            "-r",
            "8",
            "--days",
            "7",
            "-q",
            "-j",
            threads,
            "--csv",
            csv.to_str().unwrap(),
        ])
    };
    let one = args("1");
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let csv_one = std::fs::read(&csv).expect("csv");
    let three = args("3");
    assert_eq!(one.stdout, three.stdout);
    assert_eq!(csv_one, std::fs::read(&csv).expect("csv"));
    let text = String::from_utf8(one.stdout).expect("utf-8");
    assert!(
        text.contains("B against A: paired differences B − A"),
        "{text}"
    );
    assert!(
        text.contains("+ tests/data/roster/mmc_staggered.toml"),
        "{text}"
    );
    assert!(text.contains("identical in every replication"), "{text}");
    let csv_text = String::from_utf8(csv_one).expect("utf-8");
    assert!(csv_text.starts_with("scope,name,kpi,base,base_mean,variant,variant_mean,difference,paired_half_width,unpaired_half_width,replications,shown,verdict\n"), "{csv_text}");
    assert!(csv_text.contains("queue,voice,offered,A,"), "{csv_text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fewer_than_two_variants_or_rosters_with_several_scenarios_are_bad_input() {
    let one = ccsim(&["compare", "scenarios/w1.toml", "-q"]);
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&one.stderr),
        "error: a comparison needs two or more variants, and 1 was given\n   = help: give two or more scenario files, or one scenario with --roster files or --set values (a scenario with templates and no shifts is not a variant of its own)\n"
    );
    let both = ccsim(&[
        "compare",
        "scenarios/mmc.toml",
        "scenarios/w1.toml",
        "--roster",
        "tests/data/roster/mmc_staggered.toml",
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&both.stderr),
        "error: --roster and --set make variants of one scenario, but several scenario files were given\n   = help: give one scenario with --roster files or --set values, or several scenario files without them\n"
    );
    assert!(both.stdout.is_empty());
    let none = ccsim(&["compare"]);
    assert_eq!(none.status.code(), Some(2));
}

/// `--set` values as variants: more contacts are offered (the same customers plus
/// more), shown as a difference with confidence.
#[test]
fn set_values_are_variants_of_the_one_scenario() {
    let out = json(&ccsim(&[
        "compare",
        "scenarios/desk.toml",
        "--set",
        "demand.weekly_contacts=+20%",
        "-r",
        "4",
        "--days",
        "3",
        "-q",
        "--json",
    ]));
    assert_eq!(out["variants"][1]["set"], "demand.weekly_contacts=3600");
    assert_eq!(out["variants"][0]["set"], serde_json::Value::Null);
    let offered = out["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "voice" && r["kpi"] == "offered")
        .expect("voice offered");
    let d = &offered["differences"][1];
    assert!(
        d["mean"].as_f64().unwrap() > 0.0 && d["shown"] == true,
        "{d}"
    );
    let both = ccsim(&[
        "compare",
        "scenarios/mmc.toml",
        "--roster",
        "tests/data/roster/mmc_staggered.toml",
        "--set",
        "demand.weekly_contacts=1",
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&both.stderr),
        "error: variants come from --roster files or from --set values, not both\n   = help: compare rosters in one run and --set values in another\n"
    );
}
