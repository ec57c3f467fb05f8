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

fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ccsim"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run ccsim")
}

#[test]
fn staff_reports_each_deferred_queue_against_its_own_target() {
    let out = run(&["staff", "scenarios/olymp.toml"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // no mixed mean of e-mail and tickets that reads as a miss of the 12 h target
    assert!(!text.contains("mean response 15.4 h"), "{text}");
    let row = |queue: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{queue} ")))
            .unwrap_or_else(|| panic!("{queue} in {text}"))
            .to_string()
    };
    assert!(row("email").contains("≥ 0.95 within 12h") && row("email").ends_with("yes"));
    assert!(row("L2 chat").contains("≥ 0.90 within 24h"));
    assert!(row("L3 email").contains("≥ 0.90 within 48h"));
    let email_mean_h: f64 = row("email")
        .split_whitespace()
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    assert!(email_mean_h < 12.0, "{}", row("email"));
    let out = run(&["staff", "scenarios/olymp.toml", "--json"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let deferred = v["deferred"].as_array().unwrap();
    let names: Vec<&str> = deferred
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "email", "L2 chat", "L2 email", "L3 chat", "L3 voice", "L3 email"
        ]
    );
    assert_eq!(deferred[0]["within_s"], 43200.0);
    assert_eq!(deferred[0]["target_service_level"], 0.95);
    assert_eq!(deferred[0]["pass"], true);
    assert!(deferred[0]["mean_response_s"].as_f64().unwrap() < 43200.0);
    assert!(v.get("deferred_mean_response_s").is_none());
}

#[test]
fn every_json_has_a_schema_version_and_every_code_a_legend() {
    let erlang = [
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
    ];
    let jsons: [&[&str]; 4] = [
        &["staff", "scenarios/mmc.toml", "--json"],
        &[
            "simulate",
            "scenarios/mmc.toml",
            "--days",
            "1",
            "--replications",
            "2",
            "--json",
        ],
        &[&erlang[..], &["--json"]].concat(),
        &[
            "replay",
            "tests/data/trace/mmc_monday.csv",
            "--format",
            "csv",
            "--replications",
            "2",
            "--json",
        ],
    ];
    for args in jsons {
        let out = run(args, &[]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["schema_version"], 1, "{args:?}");
    }
    // binding targets in one notation in every CSV
    let dir = std::env::temp_dir().join(format!("ccsim-binding-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (e, s) = (dir.join("erlang.csv"), dir.join("staff.csv"));
    let out = run(
        &[&erlang[..], &["--csv", e.to_str().unwrap()]].concat(),
        &[],
    );
    assert!(out.status.success());
    let out = run(
        &[
            "staff",
            "scenarios/olymp.toml",
            "--csv",
            s.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success());
    let (e, s) = (
        std::fs::read_to_string(e).unwrap(),
        std::fs::read_to_string(s).unwrap(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!e.contains('[') && !e.contains('"'), "{e}");
    let column = e
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|h| h == "binding")
        .expect("a binding column");
    let erlang_binding = e.lines().nth(1).unwrap().split(',').nth(column).unwrap();
    assert_eq!(erlang_binding, "SL");
    assert!(
        s.lines().any(|l| l.ends_with(",SL+AB")),
        "staff CSV binding"
    );
    // every code the staff table prints is in its legend
    let out = run(&["staff", "scenarios/olymp.toml"], &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    let legend = text.lines().find(|l| l.starts_with("binding: ")).unwrap();
    for code in ["SL", "ASA", "AB", "OCC", "BLK", "STAB"] {
        assert!(legend.contains(&format!(" {code} ")), "{code}: {legend}");
    }
    assert!(!text.contains("-0.0"), "{text}");
    let out = run(&["staff", "scenarios/mmc.toml", "--detail"], &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("binding: the targets one agent fewer would miss: SL service level")
            && text.contains("STAB stability"),
        "{text}"
    );
}

#[test]
fn check_exits_3_on_a_missed_target_after_printing_everything() {
    // olymp misses the abandonment target of voice and of its warm transfers
    let csv = std::env::temp_dir().join(format!("ccsim-check-{}.csv", std::process::id()));
    let args = [
        "simulate",
        "scenarios/olymp.toml",
        "--days",
        "3",
        "--replications",
        "2",
        "--quiet",
        "--check",
        "--csv",
        csv.to_str().unwrap(),
    ];
    let out = run(&args, &[]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("\nTargets: ") && text.contains("L1 Arabic"),
        "{text}"
    );
    assert!(
        err.starts_with("error: ") && err.contains("missed (--check): "),
        "{err}"
    );
    assert!(err.contains("L2 voice abandon rate"), "{err}");
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("queue,L2 voice,abandon_rate")
    );
    let _ = std::fs::remove_file(&csv);
    // piped: no escape codes, in the table or the JSON
    assert!(!text.contains('\x1b'), "{text}");
    let json = run(
        &[&args[..], &["--json"]].concat(),
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(json.status.code(), Some(3));
    assert!(!json.stdout.contains(&0x1b));
    // forced colour paints misses red and passes green; NO_COLOR wins
    let forced = run(&args, &[("CLICOLOR_FORCE", "1")]);
    let painted = String::from_utf8(forced.stdout).unwrap();
    assert!(
        painted.contains("\x1b[31m") && painted.contains("\x1b[32myes\x1b[0m"),
        "{painted}"
    );
    let plain = run(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert_eq!(String::from_utf8(plain.stdout).unwrap(), text);
    // without --check the same run exits 0; a run meeting every target exits 0 with --check
    let out = run(&args[..args.len() - 3], &[]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["staff", "scenarios/olymp.toml", "--check"], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One rule, read by the staffing plan, the engine and the reports: which queue at
/// which tier is live, and which target it answers to.
#[test]
fn one_rule_gives_each_tier_and_channel_its_queue_kind_and_target() {
    let s = ccsim::scenario::load(std::path::Path::new("scenarios/olymp.toml")).expect("olymp");
    let ch = |name: &str| {
        s.channels
            .iter()
            .position(|c| c.name == name)
            .expect("channel")
    };
    let (voice, chat, email) = (ch("voice"), ch("chat"), ch("email"));
    // voice goes on to L2 by warm transfer, then to L3 as a ticket; chat goes on as a ticket
    assert!(s.is_live_at(voice, 0) && s.is_live_at(voice, 1) && !s.is_live_at(voice, 2));
    assert!(s.is_live_at(chat, 0) && !s.is_live_at(chat, 1));
    assert!(!s.is_live_at(email, 0));
    assert_eq!(s.target_at(voice, 1), &s.channels[voice].target);
    let l2_tickets = s.tiers[1].ticket_target.as_ref().expect("L2 ticket target");
    assert_eq!(s.target_at(email, 1), l2_tickets);
    assert_eq!(s.target_at(chat, 1).within_s, Some(24.0 * 3600.0));
    assert_eq!(s.target_at(voice, 2).within_s, Some(48.0 * 3600.0));
    assert_eq!(s.target_at(email, 0), &s.channels[email].target);
}

/// `pooling_pooled.toml` (one team of 11 languages) needs fewer agents than
/// `pooling_split.toml` (11 language teams), and each requirement agrees with its
/// simulation: with the staffed agents on duty around the clock, the simulated service
/// level lies within its 95% interval plus 0.01 of Erlang C's (exact for these
/// exponential, Poisson, no-abandonment queues).
#[test]
fn a_pooled_team_needs_fewer_agents_than_split_teams_and_both_match_their_simulations() {
    use ccsim::erlang::{Load, erlang_c_measures};
    let mut hours = Vec::new();
    for (file, per_group_erlangs) in [
        ("scenarios/pooling_pooled.toml", 20.0),
        ("scenarios/pooling_split.toml", 20.0 / 11.0),
    ] {
        let path = Path::new(file);
        let mut s = load(path).unwrap();
        let p = staff(&s).unwrap();
        assert_eq!(p.groups.len(), s.groups.len());
        hours.push(p.tiers[0].required_agent_hours);
        // the requirement is flat: every interval the same number of agents
        let n = p.groups[0].required[0];
        assert!(p.groups.iter().all(|g| g.required.iter().all(|&r| r == n)));
        // simulate exactly the requirement: each group n agents around the clock
        for g in &mut s.groups {
            g.shifts.truncate(1);
            g.shifts[0].agents = n;
            g.headcount = n;
        }
        let req = ccsim::simulate::Request {
            scenario: &s,
            scenario_path: path,
            seed: 11,
            replications: 8,
            threads: 2,
            days: Some(7.0),
            warmup_s: 0.0,
            volume_cv: 0.0,
            trace: None,
            roster: None,
        };
        let out = ccsim::simulate::run(&req, &|_| {}).unwrap();
        let sl: Vec<f64> = out
            .agg
            .per_rep
            .iter()
            .map(|r| r.channels[0].service_level)
            .collect();
        let m = sl.iter().sum::<f64>() / sl.len() as f64;
        let sd = (sl.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (sl.len() - 1) as f64).sqrt();
        let half = 2.365 * sd / (sl.len() as f64).sqrt(); // t(0.975, 7)
        let load = Load::per_interval(per_group_erlangs * 10.0, 1800.0, 180.0);
        let theory = erlang_c_measures(n, load, Some(20.0))
            .service_level
            .unwrap();
        assert!(theory >= 0.8, "{file}: {n} agents give {theory}");
        assert!(
            (m - theory).abs() <= half + 0.01,
            "{file}: simulated {m:.4} ± {half:.4}, Erlang C {theory:.4} at {n} agents"
        );
    }
    // 24 agents for the pool against 11 teams of 4
    assert_eq!(hours, vec![24.0 * 168.0, 44.0 * 168.0]);
}

/// A week of `s` (an hour's warm-up), `replications` of them from `seed`: the estimate
/// of `kpi` of each replication.
fn week_estimate(
    s: &ccsim::scenario::Scenario,
    seed: u64,
    replications: u64,
    kpi: impl Fn(&ccsim::engine::RepKpis) -> f64,
) -> ccsim::stats::Estimate {
    let spec = ccsim::engine::spec::compile(
        s,
        &ccsim::engine::spec::SimOptions {
            horizon_s: 7.0 * 86_400.0,
            warmup_s: 3600.0,
            volume_cv: 0.0,
        },
    )
    .expect("compiles");
    let agg = ccsim::engine::run_replications(&spec, seed, replications, 2, &|_| {});
    let per: Vec<f64> = agg.per_rep.iter().map(kpi).collect();
    ccsim::stats::summarize(&per)
}

/// The M/M/c scenario with its 3-minute handle time split as 2 minutes of talk and a
/// minute of after-call work (`[tier.wrap_up]`): Erlang staffs the agents' whole
/// time, 14 in every interval as for 3 minutes of talk, and the simulation keeps an
/// agent busy through the after-call work (occupancy λ·E[work]/c: 10 Erlang on the
/// 20 scheduled less 30% absent, 14 on average).
#[test]
fn after_call_work_is_part_of_the_agents_time() {
    let text = std::fs::read_to_string("scenarios/mmc.toml").unwrap();
    let split = text.replace(
        "voice = { dist = \"exponential\", mean = \"3m\" }",
        "voice = { dist = \"exponential\", mean = \"2m\" }\n[tier.wrap_up]\nvoice = { dist = \"lognormal\", mean = \"1m\", cv = 1.5 }",
    );
    assert_ne!(split, text);
    let path = Path::new("scenarios/mmc-wrap-up.toml");
    let s = ccsim::scenario::load_str(&split, path).expect("loads");
    assert_eq!(s.work_time_mean_at(0, 0), Some(180.0));
    let p = staff(&s).expect("staffed");
    for c in &p.cells {
        assert_eq!(c.required, 14.0, "{c:?}");
    }
    let spec = ccsim::engine::spec::compile(
        &s,
        &ccsim::engine::spec::SimOptions {
            horizon_s: 3600.0,
            warmup_s: 0.0,
            volume_cv: 0.0,
        },
    )
    .expect("compiles");
    assert!(spec.queues[0].wrap_up.is_some());
    assert_eq!(spec.queues[0].mean_handle_s, 180.0);
    let e = week_estimate(&s, 7, 20, |r| r.occupancy[0]);
    // 100 calls per 30 minutes x 180 s on 14 agents: 0.714
    assert!(
        (e.mean - 10.0 / 14.0).abs() <= e.half_width.max(0.005) * 1.5,
        "occupancy {} ± {}",
        e.mean,
        e.half_width
    );
    // without the after-call work the agents are busy two thirds as long
    let talk_only = text.replace(
        "voice = { dist = \"exponential\", mean = \"3m\" }",
        "voice = { dist = \"exponential\", mean = \"2m\" }",
    );
    let s2 = ccsim::scenario::load_str(&talk_only, path).expect("loads");
    let e2 = week_estimate(&s2, 7, 20, |r| r.occupancy[0]);
    assert!(
        (e2.mean / e.mean - 2.0 / 3.0).abs() < 0.02,
        "{} vs {}",
        e2.mean,
        e.mean
    );
}

/// A forecast's `aht` is the first line's handle time in the simulation as in `ccsim
/// staff`: 20 calls an hour for a week on 5 agents round the clock, the tier's
/// handle time exponential with a 3-minute mean, the forecast's 6 minutes on the even
/// hours and none on the odd ones. Occupancy: 20 x (360 + 180) / 2 / 3600 / 5 = 0.3
/// (0.2 if the forecast were ignored); `staff` requires more agents on the even hours.
#[test]
fn a_forecasts_handle_time_is_the_one_simulated() {
    let dir = crate::util::scratch("staff", "forecast-aht");
    let mut csv = String::from("interval_start,channel,language,contacts,aht\n");
    for h in 0..168 {
        let aht = if h % 2 == 0 { "360" } else { "" };
        csv += &format!(
            "2019-01-{:02}T{:02}:00,voice,en,20,{aht}\n",
            7 + h / 24,
            h % 24
        );
    }
    std::fs::write(dir.join("forecast.csv"), csv).unwrap();
    let text = std::fs::read_to_string("scenarios/mmc.toml")
        .unwrap()
        .replace("total = 0.30", "total = 0.0")
        .replace(
            "weekly_contacts = 33600          # 100 per half hour, 336 half hours a week",
            "forecast = \"forecast.csv\"",
        )
        .replace("interval = \"30m\"", "interval = \"60m\"");
    let text = text[..text.find("[[group.shift]]").unwrap()].to_string()
        + "[[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\ndays = \"all\"\nagents = 5\n";
    let path = dir.join("forecast-aht.toml");
    std::fs::write(&path, &text).unwrap();
    let s = load(&path).expect("loads");
    assert_eq!(s.demand.n_intervals, 168);
    let e = week_estimate(&s, 3, 10, |r| r.occupancy[0]);
    assert!(
        (e.mean - 0.3).abs() <= e.half_width.max(0.003) * 2.0,
        "occupancy {} ± {}",
        e.mean,
        e.half_width
    );
    // the requirement follows the forecast's handle time hour by hour
    let p = staff(&s).expect("staffed");
    let need = |i: usize| p.cells.iter().find(|c| c.interval == i).map(|c| c.required);
    assert!(need(0) > need(1), "{:?} vs {:?}", need(0), need(1));
}

/// After-call work keeps the agent, not the customer: the caller's trunk line is free
/// when the talk ends. 100 calls per 30 minutes of 3 minutes' talk on 12 lines, with
/// agents to spare: Erlang B(12 lines, 10 Erlang) = 0.1197 blocked, with or without
/// 5 minutes of after-call work (held through it, the lines would carry 26.7 Erlang and
/// block over half the calls).
#[test]
fn after_call_work_does_not_hold_the_line() {
    let text = std::fs::read_to_string("scenarios/mmc.toml")
        .unwrap()
        .replace("kind = \"live\"\n", "kind = \"live\"\nlines = 12\n")
        .replace("agents = 20", "agents = 60")
        .replace("total = 0.30", "total = 0.0");
    let wrapped = text.replace(
        "voice = { dist = \"exponential\", mean = \"3m\" }",
        "voice = { dist = \"exponential\", mean = \"3m\" }\n[tier.wrap_up]\nvoice = { dist = \"deterministic\", value = \"5m\" }",
    );
    assert_ne!(wrapped, text);
    let blocking = |toml: &str| {
        let s =
            ccsim::scenario::load_str(toml, Path::new("scenarios/mmc-lines.toml")).expect("loads");
        week_estimate(&s, 11, 10, |r| r.total.blocking)
    };
    for toml in [&text, &wrapped] {
        let e = blocking(toml);
        assert!(
            (e.mean - 0.1197).abs() <= (3.0 * e.half_width).max(0.004),
            "blocking {} ± {}",
            e.mean,
            e.half_width
        );
    }
}
