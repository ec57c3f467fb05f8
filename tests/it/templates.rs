//! Shift templates (`[[group.template]]`) and roster files (`simulate --roster`):
//! a template expands to exactly the starts, lengths and day patterns it describes; a
//! group of templates alone cannot be simulated until a roster gives it shifts; a
//! roster written by `roster_toml` reads back to the same shifts and the same
//! simulation, byte for byte; every broken roster gives exactly its expected message.
//!
//! The expected messages live next to the broken rosters
//! (`tests/data/broken/roster/NAME.expected`, each applied to
//! `tests/data/plan_small.toml`); `CCSIM_BLESS=1` regenerates them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ccsim::scenario::{Scenario, apply_roster, load, load_roster, load_str, roster_toml};

const H: f64 = 3600.0;

fn ccsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("run ccsim")
}

fn loaded(path: &str) -> Scenario {
    load(Path::new(path)).unwrap_or_else(|e| panic!("{path}:\n{e}"))
}

/// A one-channel scenario on a 30-minute grid whose one group is `group` (its
/// `[[group.shift]]` and `[[group.template]]` entries).
fn with_group(group: &str) -> String {
    format!(
        r#"[scenario]
name = "templates"
interval = "30m"

[[channel]]
name = "voice"
kind = "live"
[channel.target]
service_level = 0.8
within = "20s"

[[language]]
name = "en"
share = 1.0

[demand]
weekly_contacts = 3360

[[tier]]
name = "L1"
resolve = 1.0
cost_per_agent_hour = 20.0
[tier.handle_time]
voice = {{ dist = "exponential", mean = "3m" }}

[[group]]
name = "agents"
tier = "L1"
languages = ["*"]
channels = ["*"]
{group}"#
    )
}

/// A working-day pattern written Monday first, `x` a working day, `.` a day off.
fn days(p: &str) -> [bool; 7] {
    let v: Vec<bool> = p.chars().map(|c| c == 'x').collect();
    v.try_into().expect("seven days")
}

/// The five-day patterns whose working days follow each other around the week, in the
/// order of their working days.
const FIVE_TOGETHER: [&str; 7] = [
    "xxxxx..", // Mon-Fri
    "xxxx..x", // Sun-Thu
    "xxx..xx", // Sat-Wed
    "xx..xxx", // Fri-Tue
    "x..xxxx", // Thu-Mon
    ".xxxxx.", // Tue-Sat
    "..xxxxx", // Wed-Sun
];

#[test]
fn templates_expand_to_exactly_their_lengths_starts_and_day_patterns() {
    let text = with_group(
        r#"
[[group.template]]
name = "window"
length = ["8h30m", "8h", "8h"]
start = { from = "06:00", to = "10:00", every = "30m" }
work_days = 5
breaks = [{ length = "30m", earliest = "3h", latest = "5h" }, { length = "30m", earliest = "6h", latest = "7h" }]
min_agents = 2
max_agents = 40
night_premium = { share = 0.25, from = "22:00", to = "06:00" }
weekend_premium = 0.5

[[group.template]]
name = "night"
length = "8h"
start = { from = "22:00", to = "02:00", every = "1h" }
work_days = 5
days_off = "any"
cost_per_agent_hour = 25.5

[[group.template]]
name = "fixed"
length = 28800
start = ["09:00", "07:00", "09:00"]
days = "mon-fri"

[[group.template]]
name = "every day"
length = ["10h", "4h"]
start = { from = "06:00", to = "10:00", every = "1h30m" }
work_days = 7
days_off = "together"
"#,
    );
    let s = load_str(&text, Path::new("templates.toml")).unwrap_or_else(|e| panic!("{e}"));
    let g = &s.groups[0];
    // templates alone: no shifts, nobody counted yet
    assert!(g.shifts.is_empty());
    assert_eq!(g.headcount, 0);
    assert_eq!(g.templates.len(), 4);
    let [window, night, fixed, every_day] = &g.templates[..] else {
        panic!("four templates")
    };

    assert_eq!(window.name, "window");
    assert_eq!(
        window.lengths_s,
        [8.0 * H, 8.5 * H],
        "sorted, no duplicates"
    );
    let starts: Vec<f64> = (0..9).map(|i| 6.0 * H + f64::from(i) * 1800.0).collect();
    assert_eq!(
        window.starts_s, starts,
        "06:00 to 10:00 every 30m, both ends"
    );
    let together: Vec<[bool; 7]> = FIVE_TOGETHER.iter().map(|p| days(p)).collect();
    assert_eq!(
        window.day_patterns, together,
        "days_off defaults to together"
    );
    assert_eq!(window.breaks.len(), 2);
    assert_eq!(
        (
            window.breaks[0].length_s,
            window.breaks[0].earliest_s,
            window.breaks[0].latest_s
        ),
        (1800.0, 3.0 * H, 5.0 * H)
    );
    assert_eq!(window.breaks[1].earliest_s, 6.0 * H);
    assert_eq!((window.min_agents, window.max_agents), (2, Some(40)));
    assert_eq!(
        window.cost_per_agent_hour, 20.0,
        "the group's (the tier's) rate"
    );
    let night_pay = window.night_premium.as_ref().expect("night premium");
    assert_eq!(
        (night_pay.share, night_pay.from_s, night_pay.to_s),
        (0.25, 22.0 * H, 6.0 * H)
    );
    assert_eq!(window.weekend_premium, 0.5);
    let origin = window.origin.as_ref().expect("origin");
    assert_eq!(origin.file, Path::new("templates.toml"));
    assert_eq!(origin.line, "name = \"window\"");

    // a window past midnight: 22, 23, 0, 1, 2, ascending
    assert_eq!(night.starts_s, [0.0, H, 2.0 * H, 22.0 * H, 23.0 * H]);
    assert_eq!(night.lengths_s, [8.0 * H]);
    assert_eq!(night.day_patterns.len(), 21, "C(7, 5) choices");
    assert!(
        night
            .day_patterns
            .iter()
            .all(|p| p.iter().filter(|d| **d).count() == 5)
    );
    let mut unique = night.day_patterns.clone();
    unique.dedup();
    assert_eq!(unique.len(), 21, "no duplicates");
    assert_eq!(night.day_patterns[0], days("xxxxx.."));
    assert_eq!(night.day_patterns[20], days("..xxxxx"));
    for p in &together {
        assert!(night.day_patterns.contains(p));
    }
    assert_eq!(night.cost_per_agent_hour, 25.5);
    assert_eq!((night.min_agents, night.max_agents), (0, None));
    assert!(night.night_premium.is_none() && night.breaks.is_empty());
    assert_eq!(night.weekend_premium, 0.0);

    // fixed days: one pattern; a list of starts sorted without duplicates
    assert_eq!(fixed.day_patterns, [days("xxxxx..")]);
    assert_eq!(fixed.starts_s, [7.0 * H, 9.0 * H]);
    assert_eq!(fixed.lengths_s, [8.0 * H]);

    // a step that does not reach `to` stops before it; seven days a week is one pattern
    assert_eq!(every_day.starts_s, [6.0 * H, 7.5 * H, 9.0 * H]);
    assert_eq!(every_day.lengths_s, [4.0 * H, 10.0 * H]);
    assert_eq!(every_day.day_patterns, [days("xxxxxxx")]);

    // `staff` ignores templates; `simulate` and the engine refuse a group without shifts
    ccsim::plan::staff(&s).expect("staffs");
    let req = ccsim::simulate::Request {
        scenario: &s,
        scenario_path: Path::new("templates.toml"),
        seed: 1,
        replications: 1,
        threads: 1,
        days: Some(1.0),
        warmup_s: 0.0,
        volume_cv: 0.0,
        trace: None,
        roster: None,
    };
    match ccsim::simulate::run(&req, &|_| {}) {
        Err(e @ ccsim::Error::Input(_)) => {
            assert_eq!(e.exit_code(), 2);
            let line = text
                .lines()
                .position(|l| l == "name = \"window\"")
                .expect("line")
                + 1;
            let pad = " ".repeat(line.to_string().len());
            assert_eq!(
                e.to_string(),
                format!(
                    "error: group `agents` has shift templates but no shifts: its agents are not planned yet\n  --> templates.toml:{line}:8\n{pad} |\n{line} | name = \"window\"\n{pad} |        ^\n{pad} = help: run `ccsim plan` and pass its roster with --roster FILE"
                )
            );
        }
        other => panic!("expected bad input, got {:?}", other.map(|o| o.info)),
    }
    let opt = ccsim::engine::SimOptions {
        horizon_s: 86400.0,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    assert_eq!(
        ccsim::engine::compile(&s, &opt).map(|_| ()),
        Err(ccsim::engine::spec::CompileError(
            "group `agents` has shift templates but no shifts: run `ccsim plan` and pass its roster with --roster FILE".into()
        ))
    );
}

#[test]
fn the_planning_scenario_has_a_template_and_a_hand_made_roster_per_language() {
    let s = loaded("tests/data/plan_small.toml");
    assert_eq!(s.interval_s, 1800.0);
    assert_eq!(s.channels.len(), 2);
    assert_eq!(s.languages.len(), 2);
    assert!((s.demand.total() - 3000.0).abs() < 1e-6);
    assert_eq!(s.groups.len(), 2);
    for g in &s.groups {
        assert_eq!(g.languages.len(), 1);
        assert_eq!(g.channels, [0, 1]);
        assert!(!g.shifts.is_empty() && g.headcount > 0, "{}", g.name);
        let [t] = &g.templates[..] else {
            panic!("{}: one template", g.name)
        };
        assert_eq!(t.lengths_s, [8.0 * H]);
        assert_eq!(
            t.starts_s,
            (0..24).map(|h| f64::from(h) * H).collect::<Vec<_>>()
        );
        assert_eq!(t.day_patterns.len(), 7);
        assert_eq!(t.breaks.len(), 1);
        assert_eq!(t.cost_per_agent_hour, 20.0);
    }
    // the hand-made roster covers every interval of the week
    let on = s.on_duty();
    for i in 0..s.demand.n_intervals {
        for g in 0..2 {
            assert!(
                on[i * 2 + g] > 0.0,
                "{} {}",
                s.groups[g].name,
                s.demand.labels[i]
            );
        }
    }
}

/// A shift compared field by field (bits of every time).
fn same_shifts(a: &Scenario, b: &Scenario) {
    assert_eq!(a.groups.len(), b.groups.len());
    for (ga, gb) in a.groups.iter().zip(&b.groups) {
        assert_eq!(ga.name, gb.name);
        assert_eq!(ga.headcount, gb.headcount, "{}", ga.name);
        assert_eq!(ga.shifts.len(), gb.shifts.len(), "{}", ga.name);
        for (x, y) in ga.shifts.iter().zip(&gb.shifts) {
            assert_eq!(x.name, y.name);
            assert_eq!(x.start_s.to_bits(), y.start_s.to_bits(), "{}", x.name);
            assert_eq!(x.length_s.to_bits(), y.length_s.to_bits(), "{}", x.name);
            assert_eq!(x.days, y.days);
            assert_eq!(x.agents, y.agents);
            assert_eq!(x.breaks.len(), y.breaks.len());
            for (p, q) in x.breaks.iter().zip(&y.breaks) {
                assert_eq!(p.after_s.to_bits(), q.after_s.to_bits(), "{}", x.name);
                assert_eq!(p.length_s.to_bits(), q.length_s.to_bits(), "{}", x.name);
            }
        }
    }
}

/// The JSON summary of one replication of two days, seed 7.
fn summary(s: &Scenario, path: &Path) -> Vec<u8> {
    let req = ccsim::simulate::Request {
        scenario: s,
        scenario_path: path,
        seed: 7,
        replications: 1,
        threads: 1,
        days: Some(2.0),
        warmup_s: 0.0,
        volume_cv: 0.0,
        trace: None,
        roster: None,
    };
    let outcome = ccsim::simulate::run(&req, &|_| {}).expect("simulates");
    ccsim::report::json_bytes(&ccsim::report::simulate::summary_json(s, &outcome))
}

#[test]
fn a_roster_of_every_group_reads_back_to_the_same_simulation() {
    let path = Path::new("scenarios/olymp.toml");
    let s = loaded("scenarios/olymp.toml");
    let all: Vec<usize> = (0..s.groups.len()).collect();
    let header = "ccsim roster for \"Olymp\"\nwritten by the round-trip test";
    let text = roster_toml(&s, &all, header);
    assert!(
        text.starts_with("# ccsim roster for \"Olymp\"\n# written by the round-trip test\n\n[[group]]\nname = \"L1 English\"\n"),
        "{text}"
    );
    assert_eq!(text, roster_toml(&s, &all, header), "byte-stable");
    let r = apply_roster(&s, &text, Path::new("olymp_roster.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    same_shifts(&s, &r);
    assert_eq!(
        roster_toml(&r, &all, header),
        text,
        "written again, the same bytes"
    );
    assert_eq!(summary(&s, path), summary(&r, path));
}

#[test]
fn durations_that_are_not_whole_minutes_and_odd_names_read_back_exactly() {
    let text = with_group(
        r#"[[group.shift]]
name = 'say "hi" \ tab	here'
start = "07:59"
length = "8h0.123456789s"
days = ["tue", "sun"]
agents = 3
breaks = [{ after = 1234.5678, length = 0.1 }, { after = "4h", length = 1e-9 }]
[[group.shift]]
start = "23:00"
length = 30000.000001
days = "all"
agents = 0
"#,
    );
    let s = load_str(&text, Path::new("odd.toml")).unwrap_or_else(|e| panic!("{e}"));
    let roster = roster_toml(&s, &[0], "");
    assert!(
        roster.starts_with("[[group]]\nname = \"agents\"\n"),
        "{roster}"
    );
    assert!(roster.contains("length = \"28800.12345678"), "{roster}");
    assert!(
        roster.contains("after = \"1234.5678s\", length = \"0.1s\""),
        "{roster}"
    );
    assert!(
        roster.contains("name = \"shift 2\""),
        "an unnamed shift keeps its name"
    );
    let r = apply_roster(&s, &roster, Path::new("odd_roster.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{roster}"));
    same_shifts(&s, &r);
    assert_eq!(r.groups[0].shifts[0].name, "say \"hi\" \\ tab\there");
    assert_eq!(r.groups[0].shifts[0].start_s, 7.0 * H + 59.0 * 60.0);
}

#[test]
fn a_roster_replaces_the_shifts_of_the_groups_it_lists_and_no_others() {
    let s = loaded("tests/data/plan_small.toml");
    let text = "[[group]]\nname = \"German\"\n[[group.shift]]\nstart = \"08:00\"\nlength = \"8h\"\ndays = \"mon-fri\"\nagents = 4\n[[group.shift]]\nstart = \"16:00\"\nlength = \"8h\"\ndays = \"weekend\"\nagents = 1\n";
    let r = apply_roster(&s, text, Path::new("german.toml")).unwrap_or_else(|e| panic!("{e}"));
    let (en, de) = (&r.groups[0], &r.groups[1]);
    assert_eq!(en.shifts.len(), s.groups[0].shifts.len());
    assert_eq!(en.headcount, s.groups[0].headcount);
    assert_eq!(de.shifts.len(), 2);
    assert_eq!(de.headcount, 5, "recomputed from the roster's shifts");
    assert_eq!(de.shifts[0].name, "shift 1");
    assert_eq!(de.templates, s.groups[1].templates, "templates stay");
    // the scenario is untouched
    assert_eq!(s.groups[1].shifts.len(), 6);
    // a roster file from disk
    let lean = load_roster(&s, Path::new("tests/data/roster/plan_small_lean.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lean.groups[0].headcount, 12);
    assert_eq!(lean.groups[1].headcount, 8);
    let mmc = load_roster(
        &loaded("scenarios/mmc.toml"),
        Path::new("tests/data/roster/mmc_staggered.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mmc.groups[0].shifts.len(), 6);
    assert_eq!(mmc.groups[0].headcount, 60);
    let missing = load_roster(&s, Path::new("tests/data/roster/no_such.toml")).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "error: cannot read the roster file: no such file\n  --> tests/data/roster/no_such.toml\n   = help: check the path given to --roster\n\n1 problem in tests/data/roster/no_such.toml"
    );
}

/// The broken rosters, sorted by name.
fn broken_rosters() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/data/broken/roster")
        .expect("tests/data/broken/roster")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_broken_roster_gives_its_expected_message_word_for_word() {
    let s = loaded("tests/data/plan_small.toml");
    let bless = std::env::var_os("CCSIM_BLESS").is_some();
    let mut mismatches = Vec::new();
    let files = broken_rosters();
    for path in &files {
        let rel = format!(
            "tests/data/broken/roster/{}",
            path.file_name().expect("file name").to_string_lossy()
        );
        let got = match load_roster(&s, Path::new(&rel)) {
            Ok(_) => {
                mismatches.push(format!("{rel}: applied without a problem"));
                continue;
            }
            Err(e) => e.to_string(),
        };
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, format!("{got}\n")).expect("write .expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let expected = expected.strip_suffix('\n').unwrap_or(&expected);
        if got != expected {
            mismatches.push(format!(
                "{rel}\n--- expected ---\n{expected}\n--- got ---\n{got}\n"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} broken rosters differ (CCSIM_BLESS=1 regenerates):\n\n{}",
        mismatches.len(),
        files.len(),
        mismatches.join("\n")
    );
    let names: Vec<String> = files
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for kind in [
        "unknown_group",
        "group_twice",
        "bad_shift",
        "unknown_key",
        "not_a_roster",
        "group_without_shifts",
        "headcount_mismatch",
        "no_groups",
        "agents_total_over_limit",
    ] {
        assert!(names.iter().any(|n| n == kind), "no broken roster {kind}");
    }
}

#[test]
fn no_roster_text_makes_apply_roster_panic() {
    let s = loaded("tests/data/plan_small.toml");
    let lean = std::fs::read_to_string("tests/data/roster/plan_small_lean.toml").expect("read");
    let path = Path::new("fuzz_roster.toml");
    let mut cut = 0;
    while cut < lean.len() {
        if lean.is_char_boundary(cut) {
            if let Err(e) = apply_roster(&s, &lean[..cut], path) {
                assert!(!e.problems.is_empty());
            }
        }
        cut += 7;
    }
    for (from, to) in [
        ("\"8h\"", "\"-8h\""),
        ("\"8h\"", "1e300"),
        ("\"8h\"", "\"99999999h\""),
        ("\"07:00\"", "\"24:00\""),
        ("agents = 3", "agents = 4294967295"),
        ("agents = 3", "agents = nan"),
        ("\"all\"", "[]"),
        ("headcount = 12", "headcount = -1"),
        ("[[group]]", "[[group]]\n[[group]]"),
        ("name = \"German\"", "name = \"\""),
    ] {
        let _ = apply_roster(&s, &lean.replace(from, to), path);
        let _ = apply_roster(&s, &lean.replacen(from, to, 1), path);
    }
}

/// A scratch folder of its own for a test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ccsim-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn simulate_roster_names_the_file_and_plans_a_templates_only_scenario() {
    let roster = "tests/data/roster/plan_small_lean.toml";
    let args = [
        "simulate",
        "tests/data/plan_small.toml",
        "-r",
        "1",
        "--days",
        "1",
        "-q",
    ];
    let out = ccsim(&[&args[..], &["--roster", roster]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.starts_with(&format!(
            "Scenario: Small planning desk\nRoster: {roster}\nSeed 1 · 1 replication"
        )),
        "{table}"
    );
    let json = |extra: &[&str]| -> serde_json::Value {
        let out = ccsim(&[&args[..], &["--json"], extra].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    assert_eq!(json(&["--roster", roster])["roster"], roster);
    assert!(json(&[])["roster"].is_null());
    // without a roster the table has no roster line
    let plain = ccsim(&args);
    assert!(
        String::from_utf8(plain.stdout)
            .unwrap()
            .starts_with("Scenario: Small planning desk\nSeed 1 ·")
    );

    // a broken roster is bad input, positioned in the roster file
    let bad = ccsim(
        &[
            &args[..],
            &["--roster", "tests/data/broken/roster/unknown_group.toml"],
        ]
        .concat(),
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.starts_with("error: the roster names group `Englsh`, which is not in the scenario\n  --> tests/data/broken/roster/unknown_group.toml:3:8\n"),
        "{err}"
    );

    // templates alone: `staff` runs, `simulate` asks for a roster, and runs with one
    let scratch = Scratch::new("templates-only");
    let full = std::fs::read_to_string("tests/data/plan_small.toml").expect("read");
    let mut only = String::new();
    let mut skip = false;
    for line in full.lines() {
        if line.starts_with("[[group.shift]]") || line.starts_with("# the hand-made") {
            skip = true;
        } else if line.starts_with("[[group]]") {
            skip = false;
        }
        if !skip {
            only.push_str(line);
            only.push('\n');
        }
    }
    assert!(!only.contains("[[group.shift]]"));
    let file = scratch.0.join("only_templates.toml");
    std::fs::write(&file, &only).expect("write");
    let file = file.to_str().expect("UTF-8 path");
    let staff = ccsim(&["staff", file]);
    assert!(
        staff.status.success(),
        "{}",
        String::from_utf8_lossy(&staff.stderr)
    );
    let refused = ccsim(&["simulate", file, "-r", "1", "--days", "1", "-q"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8(refused.stderr).unwrap();
    let line = only
        .lines()
        .position(|l| l == "name = \"eight hours\"")
        .expect("template")
        + 1;
    assert!(
        err.starts_with(&format!(
            "error: group `English` has shift templates but no shifts: its agents are not planned yet\n  --> {file}:{line}:8\n"
        )),
        "{err}"
    );
    assert!(
        err.ends_with("= help: run `ccsim plan` and pass its roster with --roster FILE\n"),
        "{err}"
    );
    let planned = ccsim(&[
        "simulate", file, "-r", "1", "--days", "1", "-q", "--roster", roster,
    ]);
    assert!(
        planned.status.success(),
        "{}",
        String::from_utf8_lossy(&planned.stderr)
    );
}
