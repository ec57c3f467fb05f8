//! From measures to people: the smallest number of agents meeting every target,
//! square-root staffing for teaching, and shrinkage → scheduled agents → FTE.

use std::fmt;

use super::numeric::{ln_add, ln_below_weight_erlang};
use super::{Load, Measures, Model, SlDefinition, measures, measures_given_below};

/// KPI targets a staffing must meet; `None` means no target of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Targets {
    /// Share of contacts answered within `within_s` (0..=1).
    pub service_level: Option<f64>,
    /// The T of the service level, seconds.
    pub within_s: Option<f64>,
    /// Highest average speed of answer, seconds.
    pub max_asa_s: Option<f64>,
    /// Highest share of offered contacts abandoning.
    pub max_abandon: Option<f64>,
    /// Highest occupancy (the occupancy cap).
    pub max_occupancy: Option<f64>,
    /// Highest Erlang B blocking.
    pub max_blocking: Option<f64>,
    /// How the service level is measured when contacts abandon.
    pub sl_definition: SlDefinition,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.service_level.is_none()
            && self.max_asa_s.is_none()
            && self.max_abandon.is_none()
            && self.max_occupancy.is_none()
            && self.max_blocking.is_none()
    }
}

/// A target that is not met with one agent fewer: it decides the staffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// The queue would grow without bound (load at or above capacity, nobody abandons).
    Stability,
    ServiceLevel,
    Asa,
    Abandon,
    Occupancy,
    Blocking,
}

impl Binding {
    /// Short code used in tables and CSV (`SL`, `ASA`, `AB`, `OCC`, `BLK`, `STAB`).
    pub fn code(&self) -> &'static str {
        match self {
            Binding::Stability => "STAB",
            Binding::ServiceLevel => "SL",
            Binding::Asa => "ASA",
            Binding::Abandon => "AB",
            Binding::Occupancy => "OCC",
            Binding::Blocking => "BLK",
        }
    }
}

/// The answer of [`required_agents`].
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub agents: u32,
    /// The measures at `agents`.
    pub measures: Measures,
    /// The targets that one agent fewer would miss.
    pub binding: Vec<Binding>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StaffingError {
    /// No target was given, so no staffing can be derived.
    NoTarget,
    /// Only an occupancy cap, for a model that loses contacts: 0 agents meet it (every
    /// contact is blocked or abandons, nobody works), so it cannot decide a staffing.
    OccupancyOnly,
    /// The targets cannot be met by any number of agents up to `tried`
    /// ([`crate::limits::MAX_AGENTS`]); `measures` are those at `tried`.
    Unreachable {
        tried: u32,
        failing: Vec<Binding>,
        measures: Box<Measures>,
        targets: Box<Targets>,
    },
}

impl fmt::Display for StaffingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaffingError::NoTarget => f.write_str(
                "no target given: add a service level (e.g. --target 80/20), an ASA, abandonment, occupancy or blocking target",
            ),
            StaffingError::OccupancyOnly => f.write_str(
                "an occupancy cap alone is met by 0 agents where contacts are lost (all blocked or abandoning, nobody working): add a service-level, ASA, abandonment or blocking target",
            ),
            StaffingError::Unreachable {
                tried,
                failing,
                measures: m,
                targets: t,
            } => {
                let why: Vec<String> = failing.iter().map(|b| why_missed(*b, m, t)).collect();
                write!(
                    f,
                    "the targets cannot be met with {tried} agents, the most ccsim staffs: {}; relax them or split the load",
                    why.join("; ")
                )
            }
        }
    }
}

/// In words: how the measures `m` miss the target of kind `b`.
fn why_missed(b: Binding, m: &Measures, t: &Targets) -> String {
    let num = |v: Option<f64>| v.map_or("none".to_string(), |v| format!("{v:.6}"));
    let n = m.agents;
    let zero = |limit: Option<f64>| limit.is_some_and(|l| l <= 0.0);
    let never = match b {
        Binding::ServiceLevel if t.service_level.is_some_and(|g| g >= 1.0) => {
            Some("a service level of 100% (SL)")
        }
        Binding::Asa if zero(t.max_asa_s) => Some("an ASA of 0 (ASA)"),
        Binding::Abandon if zero(t.max_abandon) => Some("no abandonment at all (AB)"),
        Binding::Occupancy if zero(t.max_occupancy) => Some("an occupancy cap of 0 (OCC)"),
        Binding::Blocking if zero(t.max_blocking) => Some("no blocking at all (BLK)"),
        _ => None,
    };
    if let Some(what) = never {
        return format!("{what} cannot be met while contacts arrive");
    }
    match b {
        Binding::Stability => format!(
            "the queue is unstable (STAB): the offered load of {:.1} Erlang is not below the capacity of {n} agents",
            m.offered_load_erlangs
        ),
        Binding::ServiceLevel => format!(
            "the service level (SL) is {} (missing {}) against a target of {} (allowing {})",
            num(m.service_level),
            m.service_level_miss
                .map_or("all".to_string(), |x| format!("{x:.3e}")),
            num(t.service_level),
            t.service_level
                .map_or("-".to_string(), |g| format!("{:.3e}", 1.0 - g)),
        ),
        Binding::Asa => format!(
            "the ASA is {} s against a target of {} s",
            num(m.asa_s),
            num(t.max_asa_s)
        ),
        Binding::Abandon => format!(
            "abandonment (AB) is {} against a target of {}",
            num(m.p_abandon),
            num(t.max_abandon)
        ),
        Binding::Occupancy => format!(
            "occupancy (OCC) is {} against a cap of {}",
            num(Some(m.occupancy)),
            num(t.max_occupancy)
        ),
        Binding::Blocking => format!(
            "blocking (BLK) is {} against a target of {}",
            num(m.blocking),
            num(t.max_blocking)
        ),
    }
}

impl std::error::Error for StaffingError {}

/// Relative accuracy of every measure: the library agrees with a 50-digit reference
/// to this share of each value (`tests/it/erlang_ref.rs` asserts it; the largest error
/// seen there is 3.4e-13), which includes the rounding of decimal inputs (0.7, 252/1800)
/// to binary.
pub const MEASURE_REL_ACCURACY: f64 = 1e-9;

/// Whether `value` is at most `limit`: the one comparison of a measure with its target
/// (occupancy caps, service-level misses, ASA, abandonment, blocking) and of the
/// offered load with the capacity (stability). It allows [`MEASURE_REL_ACCURACY`] of
/// `limit`, so a measure that meets its target exactly in decimal arithmetic (42
/// Erlang on 60 agents under a 0.7 cap) is never failed by binary rounding, and a
/// value it accepts is within that share of the limit. A NaN is never within.
pub fn within_limit(value: f64, limit: f64) -> bool {
    value <= limit + limit.abs() * MEASURE_REL_ACCURACY
}

/// Whether `value` is above `limit` by more than the measures' accuracy: the negation
/// of [`within_limit`] (so a queue whose capacity equals its load is unstable).
pub fn exceeds(value: f64, limit: f64) -> bool {
    !within_limit(value, limit)
}

/// The targets `m` misses. A target whose measure does not exist at `m` (no steady
/// state, nobody answered) is missed; abandonment and blocking targets are met by
/// models where nobody abandons or is blocked. With traffic, waits, abandonment,
/// blocking and busy time are positive at any N (they only underflow to 0), so a limit
/// of 0 on them, or a service level of 100%, is never met.
pub fn missed(m: &Measures, t: &Targets) -> Vec<Binding> {
    let traffic = m.offered_load_erlangs > 0.0;
    // a positive measure within a limit; a limit of 0 only without traffic
    let within = |value: f64, limit: f64| within_limit(value, limit) && (limit > 0.0 || !traffic);
    let mut out = Vec::new();
    if !m.stable {
        out.push(Binding::Stability);
    }
    if let Some(goal) = t.service_level {
        // SL ≥ goal  ⇔  P(miss) ≤ 1 − goal, with the miss computed directly
        if !m
            .service_level_miss
            .is_some_and(|miss| within(miss, 1.0 - goal))
        {
            out.push(Binding::ServiceLevel);
        }
    }
    if let Some(goal) = t.max_asa_s {
        if !m.asa_s.is_some_and(|asa| within(asa, goal)) {
            out.push(Binding::Asa);
        }
    }
    if let (Some(goal), Some(ab)) = (t.max_abandon, m.p_abandon) {
        if !within(ab, goal) {
            out.push(Binding::Abandon);
        }
    }
    if let Some(goal) = t.max_occupancy {
        if !within(m.occupancy, goal) {
            out.push(Binding::Occupancy);
        }
    }
    if let (Some(goal), Some(b)) = (t.max_blocking, m.blocking) {
        if !within(b, goal) {
            out.push(Binding::Blocking);
        }
    }
    out
}

/// Largest staffing tried before giving up.
const MAX_AGENTS: u32 = crate::limits::MAX_AGENTS;

/// The smallest number of agents whose measures meet every target in `targets`.
///
/// Every measure is monotone in the number of agents, so the answer is bracketed by
/// doubling from a square-root-staffing guess and found by bisection. With no traffic
/// the answer is 0 agents.
pub fn required_agents(
    model: Model,
    load: Load,
    targets: &Targets,
) -> Result<Requirement, StaffingError> {
    if targets.is_empty() {
        return Err(StaffingError::NoTarget);
    }
    let a = load.erlangs();
    let eval = |n: u32| measures(model, n, load, targets.within_s, targets.sl_definition);
    let loses_contacts = model.theta() > 0.0 || model == Model::B;
    let occupancy_only = Targets {
        max_occupancy: None,
        ..*targets
    }
    .is_empty();
    if loses_contacts && occupancy_only && a > 0.0 {
        return Err(StaffingError::OccupancyOnly);
    }
    // targets that every contact lost still meets (abandonment or blocking up to 100%)
    if a > 0.0 && missed(&eval(0), targets).is_empty() {
        return Ok(Requirement {
            agents: 0,
            measures: eval(0),
            binding: Vec::new(),
        });
    }
    if a <= 0.0 {
        let m = eval(0);
        return Ok(Requirement {
            agents: 0,
            measures: m,
            binding: Vec::new(),
        });
    }
    if let Model::B | Model::C = model {
        return step_up(model, load, targets);
    }
    if let Model::A { .. } = model {
        // the Erlang C answer to the same targets (abandonment ignored) is a close
        // guess: walk from it down (or up) to the smallest N that passes
        let c_targets = Targets {
            max_abandon: None,
            ..*targets
        };
        if !c_targets.is_empty() {
            if let Ok(guess) = step_up(Model::C, load, &c_targets) {
                return walk_from(model, load, targets, guess.agents);
            }
        }
    }
    let per_agent = match model {
        Model::Chat { concurrency, .. } => concurrency.max(1) as f64,
        _ => 1.0,
    };
    let slots = a / per_agent;
    // everything fails at 0 agents; find a passing upper end
    let mut lo = 0u32;
    let mut hi = ((slots + 2.0 * slots.sqrt()).ceil() as u32).clamp(1, MAX_AGENTS);
    loop {
        let m = eval(hi);
        let miss = missed(&m, targets);
        if miss.is_empty() {
            break;
        }
        lo = hi;
        if hi >= MAX_AGENTS {
            return Err(unreachable(m, miss, targets));
        }
        hi = hi.saturating_mul(2).min(MAX_AGENTS);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if missed(&eval(mid), targets).is_empty() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let measures = eval(hi);
    let binding = if hi == 0 {
        Vec::new()
    } else {
        missed(&eval(hi - 1), targets)
    };
    Ok(Requirement {
        agents: hi,
        measures,
        binding,
    })
}

fn unreachable(m: Measures, failing: Vec<Binding>, targets: &Targets) -> StaffingError {
    StaffingError::Unreachable {
        tried: m.agents,
        failing,
        measures: Box::new(m),
        targets: Box::new(*targets),
    }
}

/// Erlang B and C: from the smallest candidate (⌊A⌋ + 1 for C, which needs N > A; 1
/// for B) step N up one at a time, carrying the loss-chain weight W_N by its O(1)
/// recursion, until every target is met. The answer is about β√A steps away.
fn step_up(model: Model, load: Load, targets: &Targets) -> Result<Requirement, StaffingError> {
    let a = load.erlangs();
    let mut n: u32 = if model == Model::C {
        (a.floor() as u32).saturating_add(1).min(MAX_AGENTS)
    } else {
        1
    };
    let mut ln_w = ln_below_weight_erlang(n, a);
    let eval = |n: u32, ln_w: f64| {
        measures_given_below(
            model,
            n,
            load,
            targets.within_s,
            targets.sl_definition,
            Some(ln_w),
        )
    };
    // one agent fewer than the first candidate, for the binding list
    let mut prev_missed = if n > 0 {
        missed(
            &measures(model, n - 1, load, targets.within_s, targets.sl_definition),
            targets,
        )
    } else {
        Vec::new()
    };
    loop {
        let m = eval(n, ln_w);
        let miss = missed(&m, targets);
        if miss.is_empty() {
            return Ok(Requirement {
                agents: n,
                measures: m,
                binding: prev_missed,
            });
        }
        if n >= MAX_AGENTS {
            return Err(unreachable(m, miss, targets));
        }
        prev_missed = miss;
        n += 1;
        ln_w = ((n as f64) / a).ln() + ln_add(0.0, ln_w);
    }
}

/// From `start`, gallop (1, 2, 4, ... agents) down while the targets are met, or up
/// until they are, then bisect: the probes stay near the answer, where every
/// evaluation is cheap (no deep overload).
fn walk_from(
    model: Model,
    load: Load,
    targets: &Targets,
    start: u32,
) -> Result<Requirement, StaffingError> {
    // the walk and the bisection revisit N (the answer, the N below it for `binding`):
    // each N is evaluated once
    let seen: std::cell::RefCell<Vec<(u32, Measures)>> = std::cell::RefCell::new(Vec::new());
    let eval = |n: u32| {
        if let Some((_, m)) = seen.borrow().iter().find(|(k, _)| *k == n) {
            return *m;
        }
        let m = measures(model, n, load, targets.within_s, targets.sl_definition);
        seen.borrow_mut().push((n, m));
        m
    };
    let passes = |n: u32| missed(&eval(n), targets).is_empty();
    let start = start.max(1);
    // bracket: lo fails (or is 0), hi passes
    let (mut lo, mut hi);
    if passes(start) {
        hi = start;
        let mut step = 1u32;
        loop {
            let probe = hi.saturating_sub(step);
            if probe == 0 {
                lo = 0;
                break;
            }
            if passes(probe) {
                hi = probe;
                step = step.saturating_mul(2);
            } else {
                lo = probe;
                break;
            }
        }
    } else {
        lo = start;
        let mut step = 1u32;
        loop {
            let probe = lo.saturating_add(step).min(MAX_AGENTS);
            if passes(probe) {
                hi = probe;
                break;
            }
            if probe >= MAX_AGENTS {
                let m = eval(probe);
                return Err(unreachable(m, missed(&m, targets), targets));
            }
            lo = probe;
            step = step.saturating_mul(2);
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if passes(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let binding = if hi == 0 {
        Vec::new()
    } else {
        missed(&eval(hi - 1), targets)
    };
    Ok(Requirement {
        agents: hi,
        measures: eval(hi),
        binding,
    })
}

/// Square-root staffing N = A + β√A (Halfin–Whitt), for teaching.
pub fn square_root_staffing(load_erlangs: f64, beta: f64) -> f64 {
    load_erlangs + beta * load_erlangs.sqrt()
}

/// Halfin–Whitt's approximation of P(wait) for N = A + β√A, β > 0:
/// α(β) = [1 + β Φ(β)/φ(β)]⁻¹.
pub fn halfin_whitt_p_wait(beta: f64) -> f64 {
    let phi = (-0.5 * beta * beta).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let cdf = 0.5 * erfc(-beta / std::f64::consts::SQRT_2);
    1.0 / (1.0 + beta * cdf / phi)
}

/// The β of square-root staffing that meets a service level `sl` within `t_s`
/// (SL ≈ 1 − α(β) e^{−β√A·T/AHT}), by bisection; 0 when any β > 0 meets it.
pub fn beta_for_service_level(load: Load, sl: f64, t_s: f64) -> f64 {
    let a = load.erlangs();
    let sl_at = |b: f64| 1.0 - halfin_whitt_p_wait(b) * (-b * a.sqrt() * t_s / load.aht_s).exp();
    let (mut lo, mut hi) = (1e-9, 1.0);
    while sl_at(hi) < sl && hi < 64.0 {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if sl_at(mid) < sl {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7:
/// enough for the square-root-staffing approximation it serves).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let ans = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { ans } else { 2.0 - ans }
}

/// Agents to schedule so that `required` are available after `shrinkage` (a share of
/// paid time, 0..1): required / (1 − shrinkage).
pub fn scheduled_agents(required: f64, shrinkage: f64) -> f64 {
    required / (1.0 - shrinkage)
}

/// Full-time equivalents for `paid_agent_hours` in a week of `hours_per_fte_week`.
pub fn fte(paid_agent_hours_per_week: f64, hours_per_fte_week: f64) -> f64 {
    paid_agent_hours_per_week / hours_per_fte_week
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_staffing() {
        // 100 calls / 30 min, AHT 180 s, 80/20 -> 14 agents, SL ≈ 0.888, 20 scheduled at 30% shrinkage
        let load = Load::per_interval(100.0, 1800.0, 180.0);
        let t = Targets {
            service_level: Some(0.8),
            within_s: Some(20.0),
            ..Targets::default()
        };
        let r = required_agents(Model::C, load, &t).unwrap();
        assert_eq!(r.agents, 14);
        assert!((r.measures.service_level.unwrap() - 0.888).abs() < 1e-3);
        assert_eq!(r.binding, vec![Binding::ServiceLevel]);
        let s = scheduled_agents(r.agents as f64, 0.30);
        assert!((s - 20.0).abs() < 1e-9, "{s}");
    }

    #[test]
    fn occupancy_cap_binds() {
        let load = Load::per_interval(1000.0, 1800.0, 180.0); // 100 Erlang
        let t = Targets {
            service_level: Some(0.8),
            within_s: Some(20.0),
            max_occupancy: Some(0.85),
            ..Targets::default()
        };
        let r = required_agents(Model::C, load, &t).unwrap();
        assert_eq!(r.agents, 118); // ceil(100 / 0.85) = 118 > the 80/20 answer
        assert_eq!(r.binding, vec![Binding::Occupancy]);
    }

    #[test]
    fn erlang_a_may_staff_below_the_load() {
        let load = Load::per_interval(1000.0, 1800.0, 180.0); // 100 Erlang
        let t = Targets {
            max_abandon: Some(0.2),
            ..Targets::default()
        };
        let r = required_agents(Model::A { patience_s: 60.0 }, load, &t).unwrap();
        assert!(r.agents < 100, "{}", r.agents);
        assert!(r.measures.p_abandon.unwrap() <= 0.2);
    }

    #[test]
    fn halfin_whitt_and_erfc() {
        assert!((erfc(0.0) - 1.0).abs() < 2e-7);
        assert!((erfc(1.0) - 0.157_299_207_050_285_1).abs() < 2e-7);
        // β → 0: α → 1
        assert!(halfin_whitt_p_wait(1e-6) > 0.999);
        // β = 1: α = 1/(1 + Φ(1)/φ(1)) = 0.22336...
        assert!((halfin_whitt_p_wait(1.0) - 0.223_361_274_798_260_8).abs() < 1e-6);
    }

    #[test]
    fn w3_grid_matches_the_peer_reference() {
        // shared/bench/peers W3: 1,000 half-hour volumes log-spaced 10..5000, AHT 180 s,
        // 80/20; pyworkforce and the reference agree on 85,510 agents in all
        let t = Targets {
            service_level: Some(0.8),
            within_s: Some(20.0),
            ..Targets::default()
        };
        let total: u32 = (0..1000)
            .map(|i| {
                let calls = 10.0 * 500f64.powf(i as f64 / 999.0);
                required_agents(Model::C, Load::per_interval(calls, 1800.0, 180.0), &t)
                    .unwrap()
                    .agents
            })
            .sum();
        assert_eq!(total, 85_510);
    }

    #[test]
    fn stepping_agrees_with_bisection() {
        // the O(1) stepping for B and C gives the same answer as a plain scan
        for calls in [0.5, 3.0, 17.0, 100.0, 900.0, 4000.0] {
            let load = Load::per_interval(calls, 1800.0, 240.0);
            let t = Targets {
                service_level: Some(0.9),
                within_s: Some(15.0),
                max_occupancy: Some(0.9),
                ..Targets::default()
            };
            let r = required_agents(Model::C, load, &t).unwrap();
            let scan = (1..)
                .find(|&n| {
                    missed(
                        &measures(Model::C, n, load, Some(15.0), SlDefinition::Offered),
                        &t,
                    )
                    .is_empty()
                })
                .unwrap();
            assert_eq!(r.agents, scan, "calls {calls}");
            let tb = Targets {
                max_blocking: Some(0.02),
                ..Targets::default()
            };
            let rb = required_agents(Model::B, load, &tb).unwrap();
            let scan = (1..)
                .find(|&n| {
                    missed(
                        &measures(Model::B, n, load, None, SlDefinition::Offered),
                        &tb,
                    )
                    .is_empty()
                })
                .unwrap();
            assert_eq!(rb.agents, scan, "calls {calls}");
        }
    }

    #[test]
    fn erlang_a_walk_agrees_with_a_scan() {
        for calls in [0.5, 3.0, 17.0, 100.0, 900.0] {
            let load = Load::per_interval(calls, 1800.0, 240.0);
            for t in [
                Targets {
                    service_level: Some(0.8),
                    within_s: Some(20.0),
                    ..Targets::default()
                },
                Targets {
                    service_level: Some(0.8),
                    within_s: Some(20.0),
                    max_abandon: Some(0.02),
                    ..Targets::default()
                },
                Targets {
                    max_abandon: Some(0.1),
                    ..Targets::default()
                },
            ] {
                let model = Model::A { patience_s: 90.0 };
                let r = required_agents(model, load, &t).unwrap();
                let scan = (1..)
                    .find(|&n| {
                        missed(
                            &measures(model, n, load, t.within_s, SlDefinition::Offered),
                            &t,
                        )
                        .is_empty()
                    })
                    .unwrap();
                assert_eq!(r.agents, scan, "calls {calls} {t:?}");
            }
        }
    }

    #[test]
    fn missing_targets() {
        let load = Load::per_interval(100.0, 1800.0, 180.0);
        assert_eq!(
            required_agents(Model::C, load, &Targets::default()),
            Err(StaffingError::NoTarget)
        );
    }
}
