//! The Erlang calculator through the library (`erlang::calculator`, `required_agents`,
//! `measures`): exact answers at the edges, unstable queues, unreachable targets,
//! accepted ranges. The command line's own checks are in `cli.rs`.

use ccsim::erlang::calculator::{self, ErlangRequest};
use ccsim::erlang::{self, Load, Model, SlDefinition, Targets, required_agents};

fn cap(c: f64) -> Targets {
    Targets {
        max_occupancy: Some(c),
        ..Targets::default()
    }
}

#[test]
fn occupancy_cap_on_a_whole_quotient_is_met_exactly() {
    // 252 calls / 30 min, AHT 300 s: A = 42 Erlang; 42 / 0.7 = 60 agents exactly
    // (the float A is 42.00000000000001: a strict comparison asked for 61)
    let load = Load::per_interval(252.0, 1800.0, 300.0);
    let r = required_agents(Model::C, load, &cap(0.7)).unwrap();
    assert_eq!(r.agents, 60);
    assert_eq!(r.binding, vec![erlang::Binding::Occupancy]);
    // the same cap on chat without stretch: 60 slots of 2 chats = 30 agents
    let chat = Model::Chat {
        concurrency: 2,
        stretch: 0.0,
        patience_s: None,
    };
    assert_eq!(required_agents(chat, load, &cap(0.7)).unwrap().agents, 30);
    // other whole quotients: 90 calls of 4 min per hour = 6 Erlang, cap 0.75 -> 8
    let load = Load::per_interval(90.0, 3600.0, 240.0);
    assert_eq!(
        required_agents(Model::C, load, &cap(0.75)).unwrap().agents,
        8
    );
}

#[test]
fn a_service_level_met_exactly_is_met() {
    // N = 1: P(wait) = A. 360 calls of 1 s per 30 min: A = 0.2, so 80% answered
    // at once (80/0) is met exactly by one agent
    let load = Load::per_interval(360.0, 1800.0, 1.0);
    let t = Targets {
        service_level: Some(0.8),
        within_s: Some(0.0),
        ..Targets::default()
    };
    let r = required_agents(Model::C, load, &t).unwrap();
    assert_eq!(r.agents, 1);
}

#[test]
fn erlang_c_at_and_below_the_load_is_unstable_the_same_way() {
    // 15 calls / 15 min, AHT 420 s: A = 7 Erlang, and the float arrival rate is a hair
    // below 7 agents' capacity: N = 7 gave asa_s 2.9e17 while N = 6 gave null
    let load = Load::per_interval(15.0, 900.0, 420.0);
    for n in [0, 6, 7] {
        let m = erlang::measures(Model::C, n, load, Some(20.0), SlDefinition::Offered);
        assert!(!m.stable, "N = {n}: {m:?}");
        assert_eq!(
            (m.p_wait, m.service_level, m.asa_s, m.mean_wait_all_s),
            (None, None, None, None),
            "N = {n}"
        );
        assert_eq!(m.occupancy, if n == 0 { 0.0 } else { 1.0 }, "N = {n}");
    }
    let m = erlang::measures(Model::C, 8, load, Some(20.0), SlDefinition::Offered);
    assert!(
        m.stable && m.asa_s.is_some_and(|a| a > 0.0 && a < 1e4),
        "{m:?}"
    );
    // chat without patience is unstable the same way: 7 agents x 1 chat
    let chat = Model::Chat {
        concurrency: 1,
        stretch: 0.0,
        patience_s: None,
    };
    let m = erlang::measures(chat, 7, load, Some(20.0), SlDefinition::Offered);
    assert!(!m.stable && m.asa_s.is_none(), "{m:?}");
}

#[test]
fn nobody_answered_has_no_asa() {
    // Erlang A and chat with patience at 0 agents: everyone abandons, nobody is
    // answered (asa_s was 0)
    let load = Load::per_interval(15.0, 900.0, 420.0);
    for model in [
        Model::A { patience_s: 60.0 },
        Model::Chat {
            concurrency: 3,
            stretch: 0.2,
            patience_s: Some(60.0),
        },
    ] {
        let m = erlang::measures(model, 0, load, Some(20.0), SlDefinition::Offered);
        assert_eq!(m.asa_s, None, "{model:?}: {m:?}");
        assert_eq!(m.p_abandon, Some(1.0), "{model:?}");
        assert_eq!(m.service_level, Some(0.0), "{model:?}");
        assert_eq!(m.occupancy, 0.0, "{model:?}");
        assert!(m.stable, "{model:?}");
        // an ASA target is missed, not met, at 0 agents
        let t = Targets {
            max_asa_s: Some(30.0),
            ..Targets::default()
        };
        assert!(!erlang::staffing::missed(&m, &t).is_empty(), "{model:?}");
    }
    // Erlang B at 0 agents blocks everyone
    let m = erlang::measures(Model::B, 0, load, None, SlDefinition::Offered);
    assert_eq!((m.blocking, m.occupancy), (Some(1.0), 0.0));
}

fn request(model: Model, calls: f64, targets: Targets) -> ErlangRequest {
    ErlangRequest {
        model,
        calls,
        interval_s: 1800.0,
        load: Load::per_interval(calls, 1800.0, 180.0),
        agents: None,
        lines: None,
        targets,
    }
}

#[test]
fn a_tiny_miss_is_not_rounded_away() {
    // 2 calls / 30 min of 3 min, 99.99999999999999% within 20 s: the target allows a
    // miss of 1.1e-16. At 11 agents the miss is 1.29e-16 (a miss SL = 1 - 1.29e-16
    // rounds up to the target, so 11 passed); 12 agents are needed
    let goal = 0.999_999_999_999_999_9;
    let t = Targets {
        service_level: Some(goal),
        within_s: Some(20.0),
        ..Targets::default()
    };
    let ans = calculator::answer(&request(Model::C, 2.0, t)).unwrap();
    assert_eq!(ans.required.as_ref().map(|r| r.agents), Some(12));
    let m = ans.measures;
    let miss = m.service_level_miss.unwrap();
    assert!(miss > 0.0 && miss <= 1.0 - goal, "{m:?}");
    let below = erlang::measures(
        Model::C,
        11,
        Load::per_interval(2.0, 1800.0, 180.0),
        Some(20.0),
        SlDefinition::Offered,
    );
    let miss = below.service_level_miss.unwrap();
    assert!((miss - 1.288_637_867_615_69e-16).abs() < 1e-24, "{below:?}");
}

#[test]
fn limits_of_zero_and_100_percent_are_never_met_with_traffic() {
    // the measures only underflow to 0 (P(miss) < 1e-308 at enough agents): `staff`
    // met a scenario's service_level = 1.0 that way
    let load = Load::per_interval(100.0, 1800.0, 180.0);
    let a = Model::A { patience_s: 180.0 };
    for (model, t, why) in [
        (
            a,
            Targets {
                service_level: Some(1.0),
                within_s: Some(20.0),
                ..Targets::default()
            },
            "a service level of 100% (SL) cannot be met while contacts arrive",
        ),
        (
            a,
            Targets {
                max_abandon: Some(0.0),
                ..Targets::default()
            },
            "no abandonment at all (AB) cannot be met while contacts arrive",
        ),
        (
            Model::C,
            Targets {
                max_asa_s: Some(0.0),
                ..Targets::default()
            },
            "an ASA of 0 (ASA) cannot be met while contacts arrive",
        ),
        (
            Model::B,
            Targets {
                max_blocking: Some(0.0),
                ..Targets::default()
            },
            "no blocking at all (BLK) cannot be met while contacts arrive",
        ),
    ] {
        let e = required_agents(model, load, &t).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "the targets cannot be met with 100000 agents, the most ccsim staffs: {why}; relax them or split the load"
            )
        );
    }
    // without traffic they are met by nobody
    let none = Load::per_interval(0.0, 1800.0, 180.0);
    let t = Targets {
        service_level: Some(1.0),
        within_s: Some(20.0),
        ..Targets::default()
    };
    assert_eq!(required_agents(a, none, &t).unwrap().agents, 0);
}

#[test]
fn the_issues_hangs_end_fast() {
    // Erlang A's service level with patience 3.5e17 s took 28 s (its sum walked 1e9
    // terms); staffing with a handle time of 1e27 s did not end. The command line now
    // refuses both (see cli.rs); the library still answers at once.
    let load = Load::per_interval(100.0, 1800.0, 180.0);
    let start = std::time::Instant::now();
    let m = erlang::measures(
        Model::A { patience_s: 3.5e17 },
        8,
        load,
        Some(20.0),
        SlDefinition::Offered,
    );
    assert!(
        m.service_level.is_some_and(|s| (0.0..=1.0).contains(&s)),
        "{m:?}"
    );
    let t = Targets {
        service_level: Some(0.8),
        within_s: Some(20.0),
        ..Targets::default()
    };
    let r = required_agents(Model::C, Load::per_interval(100.0, 1800.0, 1e27), &t);
    assert!(
        matches!(
            r,
            Err(erlang::StaffingError::Unreachable { tried: 100_000, .. })
        ),
        "{r:?}"
    );
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 1.0, "took {took:?}");
}

/// Property tests over the accepted ranges (README, "Accepted ranges and limits"):
/// the required N is the smallest meeting every target, the service level rises with
/// N, and no call takes long.
mod properties {
    use super::*;
    use ccsim::erlang::calculator::{
        MAX_PATIENCE_PER_AHT, MAX_STRETCH, MIN_SHARE_TARGET, MIN_TIME_S, max_load_erlangs,
    };
    use ccsim::erlang::staffing::missed;
    use ccsim::erlang::{StaffingError, within_limit};
    use ccsim::limits::{MAX_AGENTS, MAX_CONCURRENCY, MAX_DURATION_S};
    use proptest::prelude::*;
    use std::time::{Duration, Instant};

    /// The slowest a single staffing search may be (measured: well under 50 ms in the
    /// test profile; the bound leaves room for a machine shared with other builds).
    const BOUND: Duration = Duration::from_secs(2);

    /// A value spread evenly in log scale over [lo, hi].
    fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
        (0.0f64..=1.0).prop_map(move |u| (lo.ln() + u * (hi.ln() - lo.ln())).exp().clamp(lo, hi))
    }

    /// A model for handle time `aht`: patience from 1 ms to 366 days and at most
    /// MAX_PATIENCE_PER_AHT handle times.
    fn model(aht: f64) -> impl Strategy<Value = Model> {
        let patience = move || {
            log_uniform(1e-7, MAX_PATIENCE_PER_AHT).prop_map(move |r| {
                (r * aht).clamp(MIN_TIME_S, MAX_DURATION_S.min(MAX_PATIENCE_PER_AHT * aht))
            })
        };
        prop_oneof![
            Just(Model::B),
            Just(Model::C),
            patience().prop_map(|p| Model::A { patience_s: p }),
            (
                1u32..=MAX_CONCURRENCY,
                prop_oneof![Just(0.0), 0.0..=MAX_STRETCH],
                proptest::option::of(patience()),
            )
                .prop_map(|(k, s, p)| Model::Chat {
                    concurrency: k,
                    stretch: s,
                    patience_s: p,
                }),
        ]
    }

    /// A model, a load inside its range (a share of the most MAX_AGENTS agents
    /// carry, log-spread down to 1e-4 of it), and targets that fit the model.
    fn case() -> impl Strategy<Value = (Model, Load, Targets)> {
        log_uniform(MIN_TIME_S, MAX_DURATION_S)
            .prop_flat_map(|aht| {
                (
                    model(aht),
                    log_uniform(1e-9, 0.999),
                    (
                        Just(aht),
                        prop_oneof![
                            Just(SlDefinition::Offered),
                            Just(SlDefinition::Answered),
                            Just(SlDefinition::ExcludeShortAbandons),
                        ],
                    ),
                    (
                        proptest::option::of((1.0f64..99.999, log_uniform(1e-3, MAX_DURATION_S))),
                        proptest::option::of(log_uniform(1e-3, MAX_DURATION_S)),
                        proptest::option::of(0.05f64..=1.0),
                        proptest::option::of(log_uniform(MIN_SHARE_TARGET, 1.0)),
                        proptest::option::of(log_uniform(MIN_SHARE_TARGET, 1.0)),
                    ),
                )
            })
            .prop_filter_map(
                "a target that fits the model",
                |(model, share, (aht, definition), (sl, asa, occ, ab, blk))| {
                    let a = share * max_load_erlangs(model);
                    let load = Load {
                        arrival_rate_per_s: a / aht,
                        aht_s: aht,
                    };
                    let abandons = matches!(
                        model,
                        Model::A { .. }
                            | Model::Chat {
                                patience_s: Some(_),
                                ..
                            }
                    );
                    let t = if model == Model::B {
                        Targets {
                            max_blocking: blk,
                            max_occupancy: occ,
                            ..Targets::default()
                        }
                    } else {
                        Targets {
                            service_level: sl.map(|s| s.0 / 100.0),
                            within_s: sl.map(|s| s.1),
                            max_asa_s: asa,
                            max_abandon: if abandons { ab } else { None },
                            max_occupancy: occ,
                            sl_definition: if abandons {
                                definition
                            } else {
                                SlDefinition::Offered
                            },
                            ..Targets::default()
                        }
                    };
                    (!t.is_empty()).then_some((model, load, t))
                },
            )
    }

    fn eval(model: Model, n: u32, load: Load, t: &Targets) -> Measures {
        erlang::measures(model, n, load, t.within_s, t.sl_definition)
    }

    use ccsim::erlang::Measures;

    /// The corners of the accepted ranges, where series and quadratures are longest:
    /// every staffing search and measure there finishes within the bound.
    #[test]
    fn corners_of_the_ranges_are_fast() {
        let mut slowest = (Duration::ZERO, String::new());
        for aht in [MIN_TIME_S, MAX_DURATION_S] {
            for share in [1e-9, 0.999] {
                for model in [
                    Model::B,
                    Model::C,
                    Model::A {
                        patience_s: MIN_TIME_S,
                    },
                    Model::A {
                        patience_s: 120.0f64.min(MAX_PATIENCE_PER_AHT * aht),
                    },
                    Model::A {
                        patience_s: MAX_DURATION_S.min(MAX_PATIENCE_PER_AHT * aht),
                    },
                    Model::Chat {
                        concurrency: MAX_CONCURRENCY,
                        stretch: 0.0,
                        patience_s: None,
                    },
                    Model::Chat {
                        concurrency: MAX_CONCURRENCY,
                        stretch: MAX_STRETCH,
                        patience_s: Some(MAX_DURATION_S.min(MAX_PATIENCE_PER_AHT * aht)),
                    },
                    Model::Chat {
                        concurrency: 3,
                        stretch: 0.25,
                        patience_s: Some(MIN_TIME_S),
                    },
                ] {
                    let a = share * max_load_erlangs(model);
                    let load = Load {
                        arrival_rate_per_s: a / aht,
                        aht_s: aht,
                    };
                    let targets = if model == Model::B {
                        vec![Targets {
                            max_blocking: Some(MIN_SHARE_TARGET),
                            ..Targets::default()
                        }]
                    } else {
                        vec![
                            Targets {
                                service_level: Some(0.8),
                                within_s: Some(20.0),
                                ..Targets::default()
                            },
                            Targets {
                                service_level: Some(0.999_99),
                                within_s: Some(MAX_DURATION_S),
                                max_asa_s: Some(MIN_TIME_S),
                                ..Targets::default()
                            },
                            Targets {
                                max_asa_s: Some(MAX_DURATION_S),
                                max_occupancy: Some(0.5),
                                ..Targets::default()
                            },
                        ]
                    };
                    for t in targets {
                        let start = Instant::now();
                        let r = required_agents(model, load, &t);
                        for n in [0, 1, (a as u32).min(MAX_AGENTS)] {
                            let _ = eval(model, n, load, &t);
                        }
                        let took = start.elapsed();
                        let what =
                            format!("{model:?} A={a} aht={aht} {t:?}: {:?}", r.map(|r| r.agents));
                        assert!(took < BOUND, "{what} took {took:?}");
                        if took > slowest.0 {
                            slowest = (took, what);
                        }
                    }
                }
            }
        }
        eprintln!("slowest corner: {:?} {}", slowest.0, slowest.1);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 300,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202),
            ..ProptestConfig::default()
        })]

        #[test]
        fn required_agents_is_the_smallest_meeting_every_target((model, load, t) in case()) {
            let start = Instant::now();
            let r = required_agents(model, load, &t);
            let took = start.elapsed();
            prop_assert!(took < BOUND, "{model:?} {load:?} {t:?}: {took:?}");
            match r {
                Ok(r) => {
                    let n = r.agents;
                    prop_assert!(missed(&eval(model, n, load, &t), &t).is_empty(), "{n} misses");
                    if n > 0 {
                        let below = missed(&eval(model, n - 1, load, &t), &t);
                        prop_assert!(!below.is_empty(), "{} also meets", n - 1);
                        prop_assert_eq!(below, r.binding);
                    }
                    // small answers: no N below meets every target
                    if n <= 40 {
                        for m in 0..n {
                            prop_assert!(!missed(&eval(model, m, load, &t), &t).is_empty(), "{m} < {n} meets");
                        }
                    }
                }
                Err(StaffingError::Unreachable { tried, failing, .. }) => {
                    prop_assert_eq!(tried, MAX_AGENTS);
                    prop_assert!(!failing.is_empty());
                }
                Err(StaffingError::OccupancyOnly) => {
                    let lossy = !matches!(model, Model::C | Model::Chat { patience_s: None, .. });
                    let only_cap = Targets { max_occupancy: None, ..t }.is_empty();
                    prop_assert!(lossy && only_cap, "{t:?}");
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }

        #[test]
        fn service_level_rises_with_agents(
            (model, load, t) in case(),
            at in 0.0f64..=1.0,
            t_s in log_uniform(1e-3, MAX_DURATION_S),
        ) {
            let model = if model == Model::B { Model::C } else { model };
            // around the load: where the service level changes
            let slots = match model {
                Model::Chat { concurrency, .. } => concurrency as f64,
                _ => 1.0,
            };
            let a = load.erlangs() / slots;
            let n = ((a + (at - 0.3) * 6.0 * a.sqrt().max(1.0)).max(0.0) as u32).min(MAX_AGENTS - 1);
            let t = Targets { within_s: Some(t_s), ..t };
            let start = Instant::now();
            let (lo, hi) = (eval(model, n, load, &t), eval(model, n + 1, load, &t));
            prop_assert!(start.elapsed() < BOUND, "{:?}", start.elapsed());
            match (lo.service_level_miss, hi.service_level_miss) {
                (Some(m0), Some(m1)) => prop_assert!(
                    within_limit(m1, m0),
                    "miss rises from {m0} at {n} to {m1} at {}", n + 1
                ),
                (Some(_), None) => prop_assert!(false, "{} has no service level", n + 1),
                (None, _) => prop_assert!(!lo.stable, "{n} has no service level"),
            }
        }
    }
}

/// A range or list on `--calls`, `--aht` or `--agents` gives one row per value (their
/// product), each row exactly the answer of the single call; the CSV writes them all.
#[test]
fn ranges_give_one_row_per_value_each_the_single_answer() {
    let base = [
        "erlang",
        "--model",
        "a",
        "--interval",
        "30m",
        "--patience",
        "2m",
        "--target",
        "80/20",
    ];
    let with = |extra: &[&str]| -> std::process::Output {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        ccsim(&args)
    };
    let out = with(&[
        "--calls",
        "100..200:50",
        "--aht",
        "3m,4m",
        "--agents",
        "12..13",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = all["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3 * 2 * 2);
    let mut k = 0;
    for calls in ["100", "150", "200"] {
        for aht in ["3m", "4m"] {
            for agents in ["12", "13"] {
                let one = with(&["--calls", calls, "--aht", aht, "--agents", agents, "--json"]);
                let mut one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
                one.as_object_mut().unwrap().shift_remove("schema_version");
                assert_eq!(rows[k], one, "row {k}: {calls} {aht} {agents}");
                k += 1;
            }
        }
    }
    // the CSV: a header and one line per row; the table: one line per row
    let dir = std::env::temp_dir().join(format!("ccsim-erlang-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("rows.csv");
    let out = with(&[
        "--calls",
        "100",
        "--aht",
        "3m",
        "--agents",
        "10..20",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 1 + 11);
    assert!(text.starts_with("model,calls,interval_s,aht_s,"), "{text}");
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        table.lines().filter(|l| l.starts_with("100 ")).count(),
        11,
        "{table}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_range_names_the_flag_and_how_to_write_it() {
    for (flag, value, says) in [
        (
            "--aht",
            "3m..4m",
            "`3m..4m` is a range without a step: write it as 3m..5m:30s",
        ),
        (
            "--calls",
            "200..100",
            "`200..100` runs backwards: write the smaller value first, e.g. 100..200:10",
        ),
        (
            "--agents",
            "10..20:0",
            "`10..20:0`: the step must be above 0, e.g. 10..20 or 10..40:5",
        ),
        (
            "--agents",
            "0..100000",
            "`0..100000` has 100001 values: at most 10000 are computed in one call; take a coarser step",
        ),
        ("--calls", "10,x", "`x` is not a number of zero or more"),
    ] {
        let mut args = vec![
            "erlang",
            "--model",
            "c",
            "--interval",
            "30m",
            "--target",
            "80/20",
        ];
        if flag != "--calls" {
            args.extend(["--calls", "100"]);
        }
        if flag != "--aht" {
            args.extend(["--aht", "3m"]);
        }
        args.extend([flag, value]);
        let out = ccsim(&args);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{flag} {value}: {err}");
    }
    // the product is capped too
    let out = ccsim(&[
        "erlang",
        "--model",
        "c",
        "--interval",
        "30m",
        "--target",
        "80/20",
        "--calls",
        "1..200",
        "--aht",
        "1m..100m:1m",
        "--agents",
        "1..2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: --calls, --aht and --agents give 40000 rows together: at most 10000 are computed in one call"), "{err}");
}

fn ccsim(args: &[&str]) -> std::process::Output {
    crate::util::ccsim(args)
}

/// `ccsim erlang --json` with `flags` (separated by spaces).
fn erlang_json(flags: &str) -> serde_json::Value {
    let mut all = vec!["erlang", "--json"];
    all.extend(flags.split(' '));
    crate::util::json(&ccsim(&all))
}

/// `--lines`: M/M/N/K, exact. With as many lines as agents it is Erlang B; M/M/1/2 by
/// hand (ρ = 0.8: weights 1, 0.8, 0.64); fewer lines than the queue needs block calls
/// that would otherwise wait.
#[test]
fn trunk_lines_give_the_exact_m_m_n_k_measures() {
    let loss = erlang_json("--model c --calls 300 --interval 1h --aht 3m --agents 18 --lines 18");
    let b = erlang_json("--model b --calls 300 --interval 1h --aht 3m --agents 18");
    let (x, y) = (
        loss["blocking"].as_f64().unwrap(),
        b["blocking"].as_f64().unwrap(),
    );
    assert!((x - y).abs() < 1e-12, "{x} vs Erlang B {y}");
    assert_eq!(loss["lines"], 18);
    assert_eq!(loss["p_wait"], 0.0);
    let hand = erlang_json(
        "--model c --calls 28.8 --interval 1h --aht 100s --agents 1 --lines 2 --target 80/50",
    );
    let z = 1.0 + 0.8 + 0.64;
    assert!(
        (hand["blocking"].as_f64().unwrap() - 0.64 / z).abs() < 1e-12,
        "{hand}"
    );
    assert!((hand["p_wait"].as_f64().unwrap() - 0.8 / z).abs() < 1e-12);
    // an entering call waits with probability 0.8/1.8, then Exp(100 s)
    let sl = 1.0 - (0.8 / 1.8) * (-0.5f64).exp();
    assert!((hand["service_level"].as_f64().unwrap() - sl).abs() < 1e-12);
    // a blocking target is judged with --lines
    let judged = erlang_json(
        "--model a --calls 300 --interval 1h --aht 3m --patience 2m --agents 15 --lines 18 --max-blocking 0.05",
    );
    assert_eq!(judged["meets_targets"], false, "{judged}");
    assert!(judged["blocking"].as_f64().unwrap() > 0.05);
}

#[test]
fn lines_with_the_wrong_flags_are_bad_input() {
    let base = [
        "erlang",
        "--calls",
        "300",
        "--interval",
        "1h",
        "--aht",
        "3m",
    ];
    let cases: [(&[&str], &str); 5] = [
        (
            &["--model", "b", "--agents", "15", "--lines", "18"],
            "error: --lines applies to models c and a (calls wait on a line), not b: for --model b the agents are the lines\n",
        ),
        (
            &["--model", "c", "--lines", "18", "--target", "80/20"],
            "error: --lines needs --agents: the calculator gives the measures of N agents on K lines (M/M/N/K)\n",
        ),
        (
            &["--model", "c", "--agents", "20", "--lines", "18"],
            "error: --lines 18 is fewer than --agents 20: every call an agent talks to holds a line; give at least as many lines as agents\n",
        ),
        (
            &[
                "--model",
                "c",
                "--max-blocking",
                "0.01",
                "--target",
                "80/20",
            ],
            "error: --max-blocking with --model c sizes trunk lines for --agents N (or judges --lines K): give --agents\n",
        ),
        (
            &[
                "--model",
                "a",
                "--patience",
                "2m",
                "--agents",
                "20",
                "--lines",
                "25",
                "--sl-definition",
                "answered",
            ],
            "error: --lines gives the service level over answered and abandoned calls (offered); leave --sl-definition out\n",
        ),
    ];
    for (extra, want) in cases {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        let out = ccsim(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), want, "{extra:?}");
    }
}

/// A blocking target on models c and a sizes the trunk: the fewest lines K whose exact
/// M/M/N/K blocking meets it (W1: 17 lines block 1.8%, 18 lines 0.95%); when the
/// agents cannot carry the load no number of lines is enough.
#[test]
fn a_blocking_target_sizes_the_lines() {
    // W1's load with the flags given
    let w1 =
        |flags: &str| erlang_json(&format!("{flags} --calls 160000 --interval 31d --aht 180s"));
    let sized = w1("--model a --patience 120s --agents 14 --max-blocking 0.01");
    assert_eq!(sized["required_lines"], 18, "{sized}");
    assert_eq!(sized["lines"], 18);
    assert_eq!(sized["meets_targets"], true);
    let fewer = w1("--model a --patience 120s --agents 14 --lines 17 --max-blocking 0.01");
    assert!(fewer["blocking"].as_f64().unwrap() > 0.01 && fewer["meets_targets"] == false);
    let none = w1("--model c --agents 10 --max-blocking 0.01");
    assert_eq!(none["required_lines"], serde_json::Value::Null);
    assert_eq!(none["meets_targets"], false);
    // with lines without end the blocking tends to 1 - N/A (10 agents, 10.75 Erlang)
    let b = none["blocking"].as_f64().unwrap();
    assert!(
        (b - (1.0 - 10.0 / (160000.0 * 180.0 / (31.0 * 86400.0)))).abs() < 1e-6,
        "{b}"
    );
}
