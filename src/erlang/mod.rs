//! Pure Erlang mathematics: no RNG, no I/O, numerically stable from 1 to 100,000
//! agents and from 0.001 Erlang to loads above the agents (where abandonment allows).
//!
//! * [`erlang_b`]: M/M/N/N blocking.
//! * [`erlang_c`]: M/M/N, the industry's staffing model. ASA is the mean wait over
//!   all contacts.
//! * [`erlang_a`]: M/M/N+M (Palm's model with exponential patience). The default
//!   service level is "answered within T over all offered contacts" (abandoned ones are
//!   misses); [`SlDefinition`] offers the other two in use. ASA is the mean wait of the
//!   answered contacts.
//! * [`chat`]: agents holding up to k chats at once (see [`chat`] for the model).
//! * [`deferred`]: e-mail and tickets answered within a response target of hours, with
//!   the backlog carried from one interval to the next.
//! * [`staffing`]: the smallest N meeting every target, square-root staffing, and
//!   shrinkage → scheduled agents → FTE → cost.
//!
//! None of the formulas uses factorials or powers of the load: every quantity comes from
//! recursions or positive series kept in scaled form (see `numeric` and `queue`).
//! Values smaller than about 1e-300 underflow to 0.

pub mod calculator;
pub mod deferred;
pub mod finite;
mod numeric;
mod queue;
pub mod staffing;

pub use staffing::{
    Binding, Requirement, StaffingError, Targets, exceeds, fte, required_agents, scheduled_agents,
    square_root_staffing, within_limit,
};

use numeric::ln_below_weight_erlang;

/// Which service level a report means when contacts abandon (Erlang A, chat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlDefinition {
    /// Answered within T / all offered (abandoned contacts count as misses). Default.
    #[default]
    Offered,
    /// Answered within T / answered.
    Answered,
    /// Answered within T / (offered − abandoned within T): short abandons are excluded.
    ExcludeShortAbandons,
}

/// The queueing model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Model {
    /// Erlang B: contacts finding every agent busy are lost.
    B,
    /// Erlang C: contacts wait as long as it takes.
    C,
    /// Erlang A: contacts wait up to an exponential patience with this mean.
    A { patience_s: f64 },
    /// Chat: agents hold up to `concurrency` chats; with `j` at once each takes
    /// `1 + stretch·(j−1)` times its single-chat handle time; optional exponential patience.
    Chat {
        concurrency: u32,
        stretch: f64,
        patience_s: Option<f64>,
    },
}

impl Model {
    pub fn name(&self) -> &'static str {
        match self {
            Model::B => "b",
            Model::C => "c",
            Model::A { .. } => "a",
            Model::Chat { .. } => "chat",
        }
    }

    pub(crate) fn theta(&self) -> f64 {
        match self {
            Model::A { patience_s }
            | Model::Chat {
                patience_s: Some(patience_s),
                ..
            } => 1.0 / patience_s,
            _ => 0.0,
        }
    }
}

/// Offered traffic of one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Contacts per second.
    pub arrival_rate_per_s: f64,
    /// Mean handle time, seconds (for chat: of one chat handled alone).
    pub aht_s: f64,
}

impl Load {
    /// `calls` contacts (may be fractional) in an interval of `interval_s` seconds.
    pub fn per_interval(calls: f64, interval_s: f64, aht_s: f64) -> Load {
        Load {
            arrival_rate_per_s: calls / interval_s,
            aht_s,
        }
    }

    /// Offered load in Erlang (arrival rate × handle time).
    pub fn erlangs(&self) -> f64 {
        self.arrival_rate_per_s * self.aht_s
    }
}

/// What a model says at a given number of agents. `None` where a measure does not
/// apply to the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub agents: u32,
    /// Whether the queue has a steady state. Without abandonment (Erlang C, chat
    /// without patience) it needs more capacity than the offered load; at or below it
    /// the queue grows without bound and every waiting measure is `None`.
    pub stable: bool,
    /// Offered load, Erlang.
    pub offered_load_erlangs: f64,
    /// Erlang B: share of contacts lost because every agent is busy.
    pub blocking: Option<f64>,
    /// Share of contacts that wait at all.
    pub p_wait: Option<f64>,
    /// Service level for T = `target_t_s` under the chosen definition.
    pub service_level: Option<f64>,
    /// 1 − service level, computed directly (not by subtraction from 1), so that a
    /// target comparison sees a small miss that `service_level` would round to 1.
    pub service_level_miss: Option<f64>,
    /// The T of the service level, seconds.
    pub target_t_s: Option<f64>,
    /// Average speed of answer, seconds: over all contacts for Erlang C, over answered
    /// contacts for Erlang A and chat (`None` when nobody is answered).
    pub asa_s: Option<f64>,
    /// Mean wait of every offered contact (abandoned ones until they leave), seconds.
    pub mean_wait_all_s: Option<f64>,
    /// Share of offered contacts that abandon.
    pub p_abandon: Option<f64>,
    /// Share of agents' time (for chat: of their chat slots) spent handling contacts.
    pub occupancy: f64,
}

/// Erlang B: the probability that a contact finds all `agents` busy in an M/M/N/N
/// system with `load_erlangs` offered.
pub fn erlang_b(agents: u32, load_erlangs: f64) -> f64 {
    if agents == 0 {
        return 1.0;
    }
    if load_erlangs <= 0.0 {
        return 0.0;
    }
    // 1/B(N) = 1 + W_N, W_N = Σ_{n<N} π_n/π_N
    let ln_w = ln_below_weight_erlang(agents, load_erlangs);
    1.0 / (1.0 + ln_w.exp())
}

/// Erlang C: the probability that a contact waits in an M/M/N queue (1 when the load
/// is not below the agents).
pub fn erlang_c(agents: u32, load_erlangs: f64) -> f64 {
    if load_erlangs <= 0.0 {
        return if agents == 0 { 1.0 } else { 0.0 };
    }
    if load_erlangs >= agents as f64 {
        return 1.0;
    }
    let ln_w = ln_below_weight_erlang(agents, load_erlangs);
    let ln_w1 = ln_w + (-load_erlangs / agents as f64).ln_1p();
    1.0 / (1.0 + ln_w1.exp())
}

/// Erlang C measures at `agents` (see [`measures`]).
pub fn erlang_c_measures(agents: u32, load: Load, t_s: Option<f64>) -> Measures {
    measures(Model::C, agents, load, t_s, SlDefinition::Offered)
}

/// Erlang A measures at `agents` (see [`measures`]).
pub fn erlang_a_measures(agents: u32, load: Load, patience_s: f64, t_s: Option<f64>) -> Measures {
    measures(
        Model::A { patience_s },
        agents,
        load,
        t_s,
        SlDefinition::Offered,
    )
}

/// Every measure of `model` with `agents` agents, the service level for T = `t_s`
/// under `sl`.
pub fn measures(
    model: Model,
    agents: u32,
    load: Load,
    t_s: Option<f64>,
    sl: SlDefinition,
) -> Measures {
    measures_given_below(model, agents, load, t_s, sl, None)
}

/// [`measures`] with the Erlang loss-chain weight ln W_N (see `numeric`) already known,
/// so a staffing search can step N up in O(1) (ignored for chat).
pub(crate) fn measures_given_below(
    model: Model,
    agents: u32,
    load: Load,
    t_s: Option<f64>,
    sl: SlDefinition,
    known_ln_below: Option<f64>,
) -> Measures {
    let a = load.erlangs();
    let n = agents as f64;
    let mut m = Measures {
        agents,
        stable: true,
        offered_load_erlangs: a,
        blocking: None,
        p_wait: None,
        service_level: None,
        service_level_miss: None,
        target_t_s: t_s,
        asa_s: None,
        mean_wait_all_s: None,
        p_abandon: None,
        occupancy: 0.0,
    };
    if let Model::B = model {
        let b = match known_ln_below {
            Some(ln_w) if agents > 0 && a > 0.0 => 1.0 / (1.0 + ln_w.exp()),
            _ => erlang_b(agents, a),
        };
        m.blocking = Some(b);
        m.occupancy = if agents == 0 {
            0.0
        } else {
            (a * (1.0 - b) / n).min(1.0)
        };
        return m;
    }
    let lambda = load.arrival_rate_per_s;
    let mu = 1.0 / load.aht_s;
    let theta = model.theta();
    let (ln_below, full_rate, capacity, chat_busy) = match model {
        Model::Chat {
            concurrency,
            stretch,
            ..
        } => {
            let c = chat::below_weights(agents, concurrency, stretch, lambda, mu);
            (
                c.ln_below,
                c.full_rate,
                (agents * concurrency.max(1)) as f64,
                Some(c),
            )
        }
        _ => {
            let ln_below = if a <= 0.0 {
                f64::INFINITY
            } else {
                known_ln_below.unwrap_or_else(|| ln_below_weight_erlang(agents, a))
            };
            (ln_below, n * mu, n, None)
        }
    };
    if a <= 0.0 {
        // no traffic: nobody waits
        m.p_wait = Some(0.0);
        m.service_level = t_s.map(|_| 1.0);
        m.service_level_miss = t_s.map(|_| 0.0);
        m.asa_s = Some(0.0);
        m.mean_wait_all_s = Some(0.0);
        m.p_abandon = matches!(
            model,
            Model::A { .. }
                | Model::Chat {
                    patience_s: Some(_),
                    ..
                }
        )
        .then_some(0.0);
        return m;
    }
    let core = queue::core(ln_below, lambda, full_rate, theta, t_s);
    if !core.stable {
        // no steady state: the queue grows without bound, the agents never rest
        m.stable = false;
        m.occupancy = if agents == 0 { 0.0 } else { 1.0 };
        return m;
    }
    m.p_wait = Some(core.p_wait);
    m.asa_s = core.mean_wait_answered_s;
    m.mean_wait_all_s = Some(core.mean_wait_all_s);
    let abandons = theta > 0.0;
    if abandons {
        m.p_abandon = Some(core.p_abandon);
    }
    if let Some(by) = core.by_t {
        let within = core.p_below + by.answered_waited;
        let (sl, miss) = match sl {
            SlDefinition::Offered => (within, by.abandoned + by.still_waiting),
            SlDefinition::Answered => {
                let answered = core.p_below + core.p_answered_after_wait;
                if answered > 0.0 {
                    (within / answered, by.answered_after / answered)
                } else {
                    (0.0, 1.0)
                }
            }
            SlDefinition::ExcludeShortAbandons => {
                let denom = 1.0 - by.abandoned;
                if denom > 0.0 {
                    (within / denom, by.still_waiting / denom)
                } else {
                    (0.0, 1.0)
                }
            }
        };
        m.service_level = Some(sl.min(1.0));
        m.service_level_miss = Some(miss.min(1.0));
    }
    m.occupancy = match chat_busy {
        Some(c) => {
            // mean chats in service / slots: states below the threshold + full states
            if capacity > 0.0 {
                ((c.mean_in_service_below * core.p_below + capacity * core.p_wait) / capacity)
                    .min(1.0)
            } else {
                0.0
            }
        }
        None => {
            if agents == 0 {
                0.0
            } else {
                (a * (1.0 - core.p_abandon) / n).min(1.0)
            }
        }
    };
    m
}

pub mod chat {
    //! Chat with concurrency: each agent holds up to `k` chats.
    //!
    //! Model: a birth–death chain on the number of chats `n` in the system, in the
    //! spirit of Tezcan & Zhang, "Routing and staffing in customer service chat systems
    //! with impatient customers", Operations Research 62(4), 2014, where an agent's
    //! service rate depends on how many chats it holds. New chats go to the least
    //! loaded agent, so with `n ≤ N·k` chats every agent holds ⌊n/N⌋ or ⌈n/N⌉. An agent
    //! holding `j` chats works each at rate μ/(1 + s(j−1)) (the concurrency stretch `s`:
    //! with 3 chats and s = 0.25 each chat takes 1.5 × its single handle time), so it
    //! completes chats at rate jμ/(1 + s(j−1)). Beyond N·k chats the rest wait in one
    //! FCFS queue, abandoning at rate θ. With s = 0 the model is exactly M/M/(N·k)+M,
    //! the common "k slots per agent" rule; s > 0 captures the slowdown the source
    //! documents warn about ("agents handling several chats at once must not take so
    //! many that customers wait between replies"). Why this model: it is exact for
    //! balanced routing, has one interpretable parameter beyond the handle time, and
    //! reduces to the textbook model, so a planner can see what the stretch costs.

    /// Rescale once a running value passes this (e^575 ≈ 1e250).
    const RESCALE_AT: f64 = 1e250;
    /// ln W beyond which the top state's weight, e^-ln W of the rest, leaves every
    /// queue measure below the smallest double (e^-745) with room for the queue sums.
    const LN_W_ENOUGH: f64 = 900.0;
    const RESCALE_LN: f64 = 575.646_273_248_511_4; // ln(1e250)

    #[derive(Debug, Clone, Copy)]
    pub(super) struct Below {
        /// ln Σ_{n<M} π_n/π_M
        pub ln_below: f64,
        /// completion rate with every slot busy
        pub full_rate: f64,
        /// E[chats in service | n < M]
        pub mean_in_service_below: f64,
    }

    /// Completion rate of the whole team with `n` chats in service (balanced routing).
    pub fn total_rate(n: u64, agents: u32, stretch: f64, mu: f64) -> f64 {
        if agents == 0 {
            return 0.0;
        }
        let na = agents as u64;
        let (j, extra) = (n / na, n % na);
        let per_agent = |j: u64| {
            if j == 0 {
                0.0
            } else {
                j as f64 * mu / (1.0 + stretch * (j as f64 - 1.0))
            }
        };
        (na - extra) as f64 * per_agent(j) + extra as f64 * per_agent(j + 1)
    }

    pub(super) fn below_weights(agents: u32, k: u32, stretch: f64, lambda: f64, mu: f64) -> Below {
        let m = agents as u64 * k.max(1) as u64;
        let full_rate = total_rate(m, agents, stretch, mu);
        if m == 0 {
            return Below {
                ln_below: f64::NEG_INFINITY,
                full_rate,
                mean_in_service_below: 0.0,
            };
        }
        // W_n = Σ_{i<n} π_i/π_n = (D(n)/λ)(1 + W_{n-1}); V_n = Σ_{i<n} i π_i/π_n = (D(n)/λ)(V_{n-1} + (n-1)),
        // kept in a common scale (`one` is the 1 of the recursion in that scale), with
        // D(n) stepped as n grows: O(1) per state and no logarithm in the loop
        let na = agents as u64;
        let per_agent = |j: u64| {
            if j == 0 {
                0.0
            } else {
                j as f64 * mu / (1.0 + stretch * (j as f64 - 1.0))
            }
        };
        let inv_lambda = 1.0 / lambda;
        let start = shortcut_start(m, agents, stretch, lambda, mu);
        let (mut j, mut extra) = (start / na, start % na); // n = j·N + extra
        let (mut pa_j, mut pa_next) = (per_agent(j), per_agent(j + 1));
        let (mut w, mut v, mut one, mut ln_scale) = (0.0f64, 0.0f64, 1.0f64, 0.0f64);
        if start > 0 {
            // W_s near its fixed point r/(1 − r), V_s ≈ W_s·(s − 1): any start whose
            // relative error is bounded has decayed below e^-50 by the bulk
            let r = total_rate(start, agents, stretch, mu) * inv_lambda;
            w = r / (1.0 - r);
            v = w * (start - 1) as f64;
        }
        for n in (start + 1)..=m {
            extra += 1;
            if extra == na {
                extra = 0;
                j += 1;
                pa_j = pa_next;
                pa_next = per_agent(j + 1);
            }
            let rate = (na - extra) as f64 * pa_j + extra as f64 * pa_next;
            let ratio = rate * inv_lambda;
            v = ratio * (v + (n - 1) as f64 * one);
            w = ratio * (one + w);
            if w > RESCALE_AT || v > RESCALE_AT {
                w /= RESCALE_AT;
                v /= RESCALE_AT;
                one /= RESCALE_AT;
                ln_scale += RESCALE_LN;
                // Far above the bulk of the chain: if every state still to come completes
                // chats faster than they arrive (D is unimodal in n, so its minimum over
                // the rest is at an end), W only grows from here, the states left weigh
                // less than e^-900 of those below, and every queue measure has
                // underflowed to 0: stop, with W as it is (already beyond e^900) and
                // E[chats in service | below] converged.
                if ln_scale + w.ln() > LN_W_ENOUGH && rate >= lambda && full_rate >= lambda {
                    break;
                }
            }
        }
        let ln_w = w.ln() + ln_scale;
        let ln_v = if v > 0.0 {
            v.ln() + ln_scale
        } else {
            f64::NEG_INFINITY
        };
        let mean_in_service_below = if ln_w == f64::NEG_INFINITY {
            0.0
        } else {
            (ln_v - ln_w).exp()
        };
        Below {
            ln_below: ln_w,
            full_rate,
            mean_in_service_below,
        }
    }

    /// Where the weight recursion may start instead of state 0: far enough below the
    /// bulk that a start value's relative error has decayed below e^-50 by it. The error
    /// of W contracts by W/(1 + W) = 1 − B(n) ≤ D(n)/λ per state (carried throughput is
    /// at most the capacity when D is non-decreasing, i.e. stretch ≤ 1), and V's no
    /// faster than W's; so walk down from the first state with D(n) ≥ λ until
    /// Σ ln(λ/D) passes 50. Costs about √(100·n) states instead of n.
    fn shortcut_start(m: u64, agents: u32, stretch: f64, lambda: f64, mu: f64) -> u64 {
        if stretch > 1.0 || m < 64 {
            return 0;
        }
        // first n with D(n) ≥ λ (D is non-decreasing), or m
        let (mut lo, mut hi) = (1u64, m);
        if total_rate(m, agents, stretch, mu) < lambda {
            lo = m;
        } else {
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if total_rate(mid, agents, stretch, mu) >= lambda {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
        }
        let mut n = lo;
        let mut fall = 0.0;
        while n > 1 && fall < 50.0 {
            fall += (lambda / total_rate(n, agents, stretch, mu)).ln();
            n -= 1;
        }
        if fall < 50.0 { 0 } else { n }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_case() {
        // 100 calls per 30 minutes, AHT 180 s, 80/20: 14 agents, SL ≈ 0.888
        let load = Load::per_interval(100.0, 1800.0, 180.0);
        assert!((load.erlangs() - 10.0).abs() < 1e-12);
        let m13 = erlang_c_measures(13, load, Some(20.0));
        let m14 = erlang_c_measures(14, load, Some(20.0));
        assert!(m13.service_level.unwrap() < 0.8);
        let sl = m14.service_level.unwrap();
        assert!((sl - 0.8883).abs() < 5e-4, "{sl}");
    }

    #[test]
    fn w1_erlang_a() {
        // the bench workload W1: exact values from shared/bench/peers (6 digits)
        let load = Load {
            arrival_rate_per_s: 160_000.0 / (31.0 * 86400.0),
            aht_s: 180.0,
        };
        let m = erlang_a_measures(14, load, 120.0, Some(20.0));
        assert!((m.p_abandon.unwrap() - 0.034606).abs() < 1e-6, "{m:?}");
        assert!((m.service_level.unwrap() - 0.898501).abs() < 1e-6, "{m:?}");
        assert!((m.asa_s.unwrap() - 3.5675).abs() < 1e-4, "{m:?}");
        assert!((m.p_wait.unwrap() - 0.182565).abs() < 1e-6, "{m:?}");
        assert!((m.occupancy - 0.741470).abs() < 1e-6, "{m:?}");
        assert!((m.mean_wait_all_s.unwrap() - 4.1527).abs() < 1e-4, "{m:?}");
        let ans = measures(
            Model::A { patience_s: 120.0 },
            14,
            load,
            Some(20.0),
            SlDefinition::Answered,
        );
        assert!(
            (ans.service_level.unwrap() - 0.930710).abs() < 1e-6,
            "{ans:?}"
        );
        let ex = measures(
            Model::A { patience_s: 120.0 },
            14,
            load,
            Some(20.0),
            SlDefinition::ExcludeShortAbandons,
        );
        let (o, e) = (m.service_level.unwrap(), ex.service_level.unwrap());
        assert!(e > o && e < ans.service_level.unwrap(), "{o} {e}");
    }

    #[test]
    fn chat_shortcut_agrees_with_the_full_recursion() {
        // the chain's weights from state 0 (in logs) against the shortcut's
        for &(agents, k, s, a) in &[
            (200u32, 3u32, 0.25, 500.0f64),
            (1000, 2, 0.0, 1900.0),
            (500, 20, 1.0, 450.0),
            (3000, 5, 0.5, 4000.0),
            (100, 10, 0.1, 2000.0),
        ] {
            let (lambda, mu) = (a / 180.0, 1.0 / 180.0);
            let got = chat::below_weights(agents, k, s, lambda, mu);
            let m = agents as u64 * k as u64;
            let (mut ln_w, mut ln_v) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
            for n in 1..=m {
                let ln_r = (chat::total_rate(n, agents, s, mu) / lambda).ln();
                ln_v = if n == 1 {
                    f64::NEG_INFINITY
                } else {
                    ln_r + numeric::ln_add(ln_v, ((n - 1) as f64).ln())
                };
                ln_w = ln_r + numeric::ln_add(0.0, ln_w);
            }
            if ln_w < 900.0 {
                assert!(
                    (got.ln_below - ln_w).abs() < 1e-10 * ln_w.abs().max(1.0),
                    "{agents} {k} {s} {a}: {} vs {ln_w}",
                    got.ln_below
                );
            }
            let mean = (ln_v - ln_w).exp();
            assert!(
                (got.mean_in_service_below - mean).abs() < 1e-10 * mean,
                "{agents} {k} {s} {a}: {} vs {mean}",
                got.mean_in_service_below
            );
        }
    }

    #[test]
    fn chat_without_stretch_is_erlang_a_with_more_agents() {
        let load = Load::per_interval(120.0, 1800.0, 180.0);
        let chat = measures(
            Model::Chat {
                concurrency: 3,
                stretch: 0.0,
                patience_s: Some(60.0),
            },
            4,
            load,
            Some(30.0),
            SlDefinition::Offered,
        );
        let a = measures(
            Model::A { patience_s: 60.0 },
            12,
            load,
            Some(30.0),
            SlDefinition::Offered,
        );
        for (x, y) in [
            (chat.p_wait, a.p_wait),
            (chat.service_level, a.service_level),
            (chat.p_abandon, a.p_abandon),
            (chat.asa_s, a.asa_s),
        ] {
            let (x, y) = (x.unwrap(), y.unwrap());
            assert!((x - y).abs() <= 1e-12 * y.abs().max(1e-300), "{x} vs {y}");
        }
        assert!((chat.occupancy - a.occupancy).abs() < 1e-12);
    }
}
