//! M/M/N/K with or without patience: `agents` servers and `lines` places in all (a
//! trunk of K lines: a call holds a line while it waits and while it talks), Poisson
//! arrivals, exponential handle times and, optionally, exponential patience. A call
//! that finds every line taken is blocked (hears busy). K = N is Erlang B's loss
//! system; K → ∞ gives Erlang C (no patience) or Erlang A.
//!
//! The chain on n = 0..=K calls present has birth rate λ below K and death rate
//! μ·min(n, N) + θ·(n − N)⁺; its stationary distribution is computed in logarithms
//! and, by PASTA, is what an arrival sees. With q = n − N calls ahead of it, an
//! entering call reaches an agent after V_q = Σ_{j=0..q} Exp(Nμ + jθ) unless its own
//! patience runs out first: P(answered | q) = y/(y + q + 1), y = Nμ/θ, and
//! E[wait · 1{answered} | q] = P(answered | q) · Σ_{j=1..q+1} 1/(θ(y + j)). Tilting
//! each stage by e^{−θv} makes the answered wait a sum of Exp(θ(y + 1 + j)), which is
//! −ln(B)/θ with B ~ Beta(y + 1, q + 1): P(answered within T | q) =
//! P(answered | q) · I_{1−e^{−θT}}(q + 1, y + 1). Without patience the wait is
//! Erlang(q + 1, Nμ) and P(wait ≤ T | q) the regularised gamma P(q + 1, NμT).
//! Every sum is finite (q < K − N): nothing is truncated.

use statrs::function::beta::beta_reg;
use statrs::function::gamma::gamma_lr;

use super::Load;

/// What the M/M/N/K(+M) chain says, per offered call unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiniteMeasures {
    pub agents: u32,
    pub lines: u32,
    /// Share of offered calls that find every line taken (busy tone).
    pub blocking: f64,
    /// Share of offered calls that get a line but no free agent: they wait.
    pub p_wait: f64,
    /// Share of offered calls that abandon while waiting.
    pub p_abandon: f64,
    /// Share of calls that got a line and abandoned: abandoned / (answered + abandoned).
    pub abandon_rate: f64,
    /// Mean wait of the calls that got a line (abandoned ones until they hung up), s.
    pub mean_wait_s: f64,
    /// Mean wait of answered calls, s (`None` when nobody is answered).
    pub asa_s: Option<f64>,
    /// Answered within T / (answered + abandoned), the simulation's service level
    /// (`None` without T).
    pub service_level: Option<f64>,
    /// Mean busy agents / agents.
    pub occupancy: f64,
    /// Mean lines in use (waiting and talking): the lines' carried load, Erlang.
    pub lines_busy_erlangs: f64,
}

/// The exact measures of M/M/`agents`/`lines` with `load` offered, exponential
/// patience of mean `patience_s` (`None`: nobody abandons), service level at T = `t_s`.
/// `lines` below `agents` act as `agents = lines` (no call can reach the other agents).
pub fn finite_measures(
    agents: u32,
    lines: u32,
    load: Load,
    patience_s: Option<f64>,
    t_s: Option<f64>,
) -> FiniteMeasures {
    let n_agents = agents.min(lines);
    let lam = load.arrival_rate_per_s;
    let mu = if load.aht_s > 0.0 {
        1.0 / load.aht_s
    } else {
        f64::INFINITY
    };
    let theta = patience_s
        .filter(|p| *p > 0.0 && p.is_finite())
        .map_or(0.0, |p| 1.0 / p);
    let k = lines as usize;
    let n = n_agents as usize;
    if lines == 0 || lam.is_nan() || lam <= 0.0 || !mu.is_finite() {
        let blocked = if lines == 0 && lam > 0.0 { 1.0 } else { 0.0 };
        return FiniteMeasures {
            agents,
            lines,
            blocking: blocked,
            p_wait: 0.0,
            p_abandon: 0.0,
            abandon_rate: 0.0,
            mean_wait_s: 0.0,
            asa_s: if blocked < 1.0 { Some(0.0) } else { None },
            service_level: t_s.map(|_| 1.0),
            occupancy: 0.0,
            lines_busy_erlangs: 0.0,
        };
    }
    // ln of the unnormalised stationary weights
    let mut ln_w = vec![0.0f64; k + 1];
    for i in 1..=k {
        let death = mu * (i.min(n) as f64) + theta * (i.saturating_sub(n) as f64);
        ln_w[i] = ln_w[i - 1] + lam.ln() - death.ln();
    }
    let top = ln_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = ln_w.iter().map(|x| (x - top).exp()).sum();
    let pi: Vec<f64> = ln_w.iter().map(|x| (x - top).exp() / total).collect();
    let blocking = pi[k];
    let entering = 1.0 - blocking;
    let p_wait: f64 = pi[n..k].iter().sum();
    let lq: f64 = (n + 1..=k).map(|i| (i - n) as f64 * pi[i]).sum();
    let busy: f64 = (0..=k).map(|i| (i.min(n) as f64) * pi[i]).sum();
    let in_system: f64 = (0..=k).map(|i| i as f64 * pi[i]).sum();
    let p_abandon = theta * lq / lam;
    let served = n as f64 * mu;
    // per waiting position q (an arrival finding n + q calls present, q < k − n)
    let mut p_answered_after_wait = 0.0;
    let mut wait_answered = 0.0;
    let mut answered_within = 0.0;
    for q in 0..k.saturating_sub(n) {
        let p = pi[n + q];
        if p == 0.0 {
            continue;
        }
        let (p_ans, mean_if, within) = if theta > 0.0 {
            let y = served / theta;
            let p_ans = y / (y + q as f64 + 1.0);
            let mean: f64 = (1..=q + 1).map(|j| 1.0 / (theta * (y + j as f64))).sum();
            let within = t_s.map_or(0.0, |t| {
                let u = -(-theta * t).exp_m1(); // 1 − e^{−θT}
                beta_reg(q as f64 + 1.0, y + 1.0, u.clamp(0.0, 1.0))
            });
            (p_ans, mean, within)
        } else {
            let mean = (q as f64 + 1.0) / served;
            let within = t_s.map_or(0.0, |t| gamma_lr(q as f64 + 1.0, served * t));
            (1.0, mean, within)
        };
        p_answered_after_wait += p * p_ans;
        wait_answered += p * p_ans * mean_if;
        answered_within += p * p_ans * within;
    }
    let p_no_wait: f64 = pi[..n].iter().sum();
    let answered = p_no_wait + p_answered_after_wait;
    let left = entering; // every entering call is answered or abandons
    FiniteMeasures {
        agents,
        lines,
        blocking,
        p_wait,
        p_abandon,
        abandon_rate: if left > 0.0 { p_abandon / left } else { 0.0 },
        mean_wait_s: if entering > 0.0 {
            lq / (lam * entering)
        } else {
            0.0
        },
        asa_s: (answered > 0.0).then(|| wait_answered / answered),
        service_level: t_s.map(|_| {
            if left > 0.0 {
                ((p_no_wait + answered_within) / left).min(1.0)
            } else {
                1.0
            }
        }),
        occupancy: if agents > 0 {
            busy / agents as f64
        } else {
            0.0
        },
        lines_busy_erlangs: in_system,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::{Model, SlDefinition, erlang_b, measures};

    fn load(calls_per_h: f64, aht_s: f64) -> Load {
        Load::per_interval(calls_per_h, 3600.0, aht_s)
    }

    /// K = N is Erlang B's loss system.
    #[test]
    fn as_many_lines_as_agents_is_erlang_b() {
        for (n, calls) in [(1u32, 20.0), (5, 60.0), (30, 500.0), (100, 2000.0)] {
            let l = load(calls, 180.0);
            let m = finite_measures(n, n, l, None, Some(20.0));
            let b = erlang_b(n, l.erlangs());
            assert!(
                (m.blocking - b).abs() < 1e-12 * b.max(1e-300) + 1e-15,
                "{n}: {} vs {b}",
                m.blocking
            );
            assert_eq!(m.p_wait, 0.0);
            assert!((m.service_level.unwrap() - 1.0).abs() < 1e-12);
            // carried load = offered × (1 − B)
            assert!((m.lines_busy_erlangs - l.erlangs() * (1.0 - b)).abs() < 1e-9);
        }
    }

    /// M/M/1/2 by hand: weights 1, ρ, ρ²; the one waiting place.
    #[test]
    fn a_single_agent_with_two_lines_by_hand() {
        let rho: f64 = 0.8;
        let l = Load {
            arrival_rate_per_s: rho / 100.0,
            aht_s: 100.0,
        };
        let m = finite_measures(1, 2, l, None, Some(50.0));
        let z = 1.0 + rho + rho * rho;
        assert!((m.blocking - rho * rho / z).abs() < 1e-15);
        assert!((m.p_wait - rho / z).abs() < 1e-15);
        // entering calls that wait find one ahead: wait ~ Exp(1/100)
        let p_wait_entering = (rho / z) / (1.0 - rho * rho / z);
        assert!((m.mean_wait_s - p_wait_entering * 100.0).abs() < 1e-9);
        let sl = 1.0 - p_wait_entering * (-0.5f64).exp();
        assert!((m.service_level.unwrap() - sl).abs() < 1e-12, "{m:?}");
    }

    /// Many lines: the chain is Erlang C's (no patience) and Erlang A's (patience).
    #[test]
    fn many_lines_are_erlang_c_and_erlang_a() {
        let l = load(300.0, 180.0); // 15 Erlang
        let c = measures(Model::C, 17, l, Some(20.0), SlDefinition::Offered);
        let f = finite_measures(17, 2000, l, None, Some(20.0));
        assert!(f.blocking < 1e-15);
        assert!((f.p_wait - c.p_wait.unwrap()).abs() < 1e-10, "{f:?} {c:?}");
        assert!((f.asa_s.unwrap() - c.asa_s.unwrap()).abs() < 1e-8);
        assert!((f.service_level.unwrap() - c.service_level.unwrap()).abs() < 1e-10);
        let a = measures(
            Model::A { patience_s: 120.0 },
            14,
            l,
            Some(20.0),
            SlDefinition::Offered,
        );
        let g = finite_measures(14, 2000, l, Some(120.0), Some(20.0));
        assert!(
            (g.p_abandon - a.p_abandon.unwrap()).abs() < 1e-10,
            "{g:?} {a:?}"
        );
        assert!((g.p_wait - a.p_wait.unwrap()).abs() < 1e-10);
        assert!((g.asa_s.unwrap() - a.asa_s.unwrap()).abs() < 1e-8);
        assert!((g.mean_wait_s - a.mean_wait_all_s.unwrap()).abs() < 1e-8);
        // Erlang A's offered service level counts answered within T over offered; here
        // over answered + abandoned, the same calls when nobody is blocked
        assert!((g.service_level.unwrap() - a.service_level.unwrap()).abs() < 1e-9);
    }

    /// Fewer lines block more and leave the calls that get through shorter waits.
    #[test]
    fn fewer_lines_block_more_and_wait_less() {
        let l = load(300.0, 180.0);
        let wide = finite_measures(15, 25, l, Some(120.0), Some(20.0));
        let narrow = finite_measures(15, 18, l, Some(120.0), Some(20.0));
        assert!(narrow.blocking > wide.blocking);
        assert!(narrow.mean_wait_s < wide.mean_wait_s);
        assert!(narrow.service_level.unwrap() > wide.service_level.unwrap());
        // flow balance: offered = blocked + answered + abandoned
        for m in [wide, narrow] {
            let answered = m.occupancy * 15.0 / l.erlangs();
            let sum = m.blocking + answered + m.p_abandon;
            assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        }
    }
}
