//! Shift templates (`[[group.template]]`): a template expands to exactly the starts,
//! lengths and day patterns it describes; a group of templates alone cannot be
//! simulated until it has shifts.

use std::path::Path;

use ccsim::scenario::{Scenario, load, load_str};

const H: f64 = 3600.0;

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
