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
        targets,
    }
}

#[test]
fn a_tiny_miss_is_not_rounded_away() {
    // 99.99999999999999% within 20 s: 1 - SL rounds to 0 long before the miss does
    let t = Targets {
        service_level: Some(0.999_999_999_999_99),
        within_s: Some(20.0),
        ..Targets::default()
    };
    let ans = calculator::answer(&request(Model::C, 100.0, t)).unwrap();
    let m = ans.measures;
    let miss = m.service_level_miss.unwrap();
    assert!(miss > 0.0 && miss <= 1e-14 * (1.0 + 1e-9), "{m:?}");
    // one agent fewer misses the target by more than the rounding of 1 - SL
    let below = erlang::measures(
        Model::C,
        ans.required.as_ref().unwrap().agents - 1,
        Load::per_interval(100.0, 1800.0, 180.0),
        Some(20.0),
        SlDefinition::Offered,
    );
    assert!(below.service_level_miss.unwrap() > 1e-14, "{below:?}");
}
