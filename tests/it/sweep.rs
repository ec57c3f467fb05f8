//! `ccsim sweep` and `ccsim merge`: what-if grids over a scenario's keys, split into
//! shards run as separate processes and merged back byte for byte.

use std::path::PathBuf;

use crate::util::{ccsim, json};

fn scratch(name: &str) -> PathBuf {
    crate::util::scratch("sweep", name)
}

const SET: &str = "demand.weekly_contacts=+0%..+40%:10%";

fn sweep_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "sweep",
        "scenarios/desk.toml",
        "--set",
        SET,
        "--set",
        "group.English.shift.\"day a\".agents=3,4",
        "-r",
        "3",
        "--days",
        "3",
        "-q",
    ];
    v.extend_from_slice(extra);
    v
}

/// The done-when line: a sweep run as 3 shards in parallel processes merges into
/// exactly the unsplit run's output (JSON, table and CSV).
#[test]
fn three_shards_in_parallel_processes_merge_byte_for_byte() {
    let dir = scratch("shards");
    let whole = ccsim(&sweep_args(&["--json"]));
    let whole_json = json(&whole);
    assert_eq!(whole_json["points_total"], 10);
    assert_eq!(whole_json["points"].as_array().map(Vec::len), Some(10));
    // three processes at once
    let children: Vec<_> = (1..=3)
        .map(|i| {
            let shard = format!("{i}/3");
            let out = std::fs::File::create(dir.join(format!("part{i}.json"))).expect("file");
            let args = sweep_args(&["--json", "--shard", &shard])
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>();
            std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
                .args(&args)
                .stdout(out)
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("wait").success());
    }
    let part = |i: usize| {
        dir.join(format!("part{i}.json"))
            .to_string_lossy()
            .into_owned()
    };
    let (p1, p2, p3) = (part(1), part(2), part(3));
    // the shards hold 4, 3 and 3 points, round robin
    let first: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&p1).expect("part")).expect("json");
    assert_eq!(first["shard"]["index"], 1);
    let idx: Vec<u64> = first["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["index"].as_u64().unwrap())
        .collect();
    assert_eq!(idx, vec![0, 3, 6, 9]);
    // in any order
    let merged = ccsim(&["merge", &p3, &p1, &p2, "--json"]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(
        merged.stdout == whole.stdout,
        "the merged JSON differs from the unsplit run's"
    );
    let csv_whole = dir.join("whole.csv");
    let csv_merged = dir.join("merged.csv");
    let text_whole = ccsim(&sweep_args(&["--csv", csv_whole.to_str().unwrap()]));
    let text_merged = ccsim(&[
        "merge",
        &p1,
        &p2,
        &p3,
        "--csv",
        csv_merged.to_str().unwrap(),
    ]);
    assert!(text_whole.status.success() && text_merged.status.success());
    assert!(
        text_whole.stdout == text_merged.stdout,
        "the merged table differs"
    );
    assert!(
        std::fs::read(&csv_whole).unwrap() == std::fs::read(&csv_merged).unwrap(),
        "the merged CSV differs"
    );
    // a shard left out, or given twice
    let missing = ccsim(&["merge", &p1, &p2]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "error: point 2 of 10 is in none of the shards\n   = help: give every shard of the sweep (--shard 1/N to N/N)\n"
    );
    let twice = ccsim(&["merge", &p1, &p2, &p3, &p1]);
    assert_eq!(twice.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&twice.stderr),
        "error: point 0 is in more than one shard\n   = help: give each shard once\n"
    );
    // a shard of another sweep
    let other = dir.join("other.json");
    let o = ccsim(&[
        "sweep",
        "scenarios/desk.toml",
        "--set",
        SET,
        "-r",
        "3",
        "--days",
        "3",
        "-q",
        "--json",
        "--shard",
        "2/3",
    ]);
    std::fs::write(&other, &o.stdout).unwrap();
    let mixed = ccsim(&["merge", &p1, other.to_str().unwrap(), &p3]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&mixed.stderr).contains("is a shard of another sweep than"),
        "{}",
        String::from_utf8_lossy(&mixed.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The grid: first setting slowest; more contacts ask for more staff and wait longer,
/// a fourth agent on the day shift lowers abandonment (common random numbers make
/// both hold point by point).
#[test]
fn a_grid_varies_the_first_setting_slowest_and_measures_each_point() {
    let s = json(&ccsim(&sweep_args(&["--json"])));
    let points = s["points"].as_array().unwrap();
    let values: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            p["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(values[0], vec!["3000", "3"]);
    assert_eq!(values[1], vec!["3000", "4"]);
    assert_eq!(values[9], vec!["4200", "4"]);
    let fte: Vec<f64> = points
        .iter()
        .map(|p| p["required_fte"].as_f64().unwrap())
        .collect();
    for w in fte.chunks(2).collect::<Vec<_>>().windows(2) {
        assert!(w[1][0] > w[0][0], "FTE must grow with contacts: {fte:?}");
    }
    let abandon = |p: &serde_json::Value| {
        p["measures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "voice" && m["kpi"] == "abandon_rate")
            .and_then(|m| m["mean"].as_f64())
            .unwrap()
    };
    for pair in points.chunks(2) {
        assert!(
            abandon(&pair[1]) < abandon(&pair[0]),
            "a fourth agent must lower abandonment: {} vs {}",
            abandon(&pair[1]),
            abandon(&pair[0])
        );
    }
}

#[test]
fn a_bad_key_or_value_names_the_key_and_the_nearest_valid_one() {
    let cases: [(&str, &str); 5] = [
        (
            "demnd.weekly_contacts=1,2",
            "error: --set demnd.weekly_contacts: no `demnd` in the scenario's top level\n   = help: did you mean `demand`? the keys there are: channel, demand, group, language, scenario, shrinkage, tier\n",
        ),
        (
            "tier.L2.handle_time.voice.mean=3m",
            "error: --set tier.L2.handle_time.voice.mean: no `tier` named `L2`\n   = help: did you mean `L1`? the names there are: L1\n",
        ),
        (
            "demand.weekly_contacts=-5",
            "error: --set demand.weekly_contacts=-5: weekly_contacts is -5: it cannot be negative\n   = help: write the expected contacts of a week, zero or more\n",
        ),
        (
            "demand.weekly_contacts=abc",
            "error: --set demand.weekly_contacts: `abc` is not a number\n   = help: write a list (a,b,c), a range (from..to:step), relative changes (+0%..+30%:5%) or, for durations, changes such as -30s; the file has 3000\n",
        ),
        (
            "demand.monthly_contacts=+0%..+30%:10%",
            "error: --set demand.monthly_contacts: relative changes need a number or a duration in the file\n   = help: write a list (a,b,c), a range (from..to:step), relative changes (+0%..+30%:5%) or, for durations, changes such as -30s; the key is not set in the file: did you mean `weekly_contacts`?\n",
        ),
    ];
    for (set, want) in cases {
        let out = ccsim(&["sweep", "scenarios/desk.toml", "--set", set, "-q"]);
        assert_eq!(out.status.code(), Some(2), "{set}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), want, "{set}");
        assert!(out.stdout.is_empty());
    }
    let shard = ccsim(&[
        "sweep",
        "scenarios/desk.toml",
        "--set",
        "demand.weekly_contacts=1",
        "--shard",
        "4/3",
    ]);
    assert_eq!(shard.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&shard.stderr).starts_with(
        "error: invalid value '4/3' for '--shard <I/N>': `4/3` is not a shard: write I/N with 1 <= I <= N, e.g. 2/3"
    ));
    let dir = scratch("notjson");
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "{\"points\": 3}\n").unwrap();
    let merged = ccsim(&["merge", junk.to_str().unwrap()]);
    assert_eq!(merged.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&merged.stderr).contains("not a sweep's JSON"),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
