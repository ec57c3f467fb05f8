//! The common core of Erlang C, Erlang A and the chat model: a birth–death chain whose
//! states below a threshold `m` (not all capacity busy) have known weights, and whose
//! states `m + q` (all capacity busy, `q` waiting) complete work at a fixed rate while
//! each waiting contact abandons at rate θ (θ = 0: nobody abandons).
//!
//! With x = λ/θ, y = r/θ (r = completion rate when full) and weights relative to state
//! m, the queue states weigh r_q = x^q / Π_{i=1..q} (y+i). An arrival finding q waiting
//! is served after V_q = Σ_{j=0..q} Exp(r + jθ) and answered iff its own patience
//! exceeds V_q, with P(answered | q) = y/(y+q+1). Summing over q with the Beta-integral
//! form of the hypoexponential density (the rates form an arithmetic progression):
//!
//! * P(answered, 0 < wait ≤ T) = π_m · y · ∫_0^U e^{xu} (1-u)^y du, U = 1 - e^{-θT}
//!   (this is Mandelbaum & Zeltyn's incomplete-gamma formula in integral form);
//! * P(wait > T, still waiting or served later) = π_m · y · w^y e^{xU} Σ_k (xw)^k / Π_{i=0..k}(y+i),
//!   w = e^{-θT};
//! * E[wait · 1{answered}] = (π_m/θ) Σ_q r_q · y/(y+q+1) · Σ_{j=1..q+1} 1/(y+j).
//!
//! Every sum has positive terms only and is kept in scaled form, so nothing overflows
//! or cancels; the one difference (the service-level integral as total minus tail) is
//! replaced by direct quadrature whenever it would lose more than one digit.

use super::numeric::{Span, Weight, ln_add, ln_exp_beta, ln_integral_concave};

/// What the chain says about one arriving contact, in steady state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Core {
    /// Whether the chain has a steady state: without abandonment it needs completion
    /// capacity above the arrival rate (see [`super::staffing::exceeds`]).
    pub stable: bool,
    /// P(all capacity busy on arrival) = P(wait > 0).
    pub p_wait: f64,
    /// P(the contact abandons).
    pub p_abandon: f64,
    /// P(answered after a wait > 0).
    pub p_answered_after_wait: f64,
    /// The fates of a contact by the service level's T (if T given).
    pub by_t: Option<ByT>,
    /// Mean wait of answered contacts, seconds (zero waits included); `None` when
    /// nobody is answered.
    pub mean_wait_answered_s: Option<f64>,
    /// Mean wait of all offered contacts (abandoned ones until they hang up), seconds.
    pub mean_wait_all_s: f64,
    /// Weight of the states below the threshold relative to the whole chain.
    pub p_below: f64,
}

/// Where an offered contact stands at the service level's T; each share is computed
/// directly (not as one minus the others), so a tiny share is not lost to rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByT {
    /// P(answered with 0 < wait ≤ T).
    pub answered_waited: f64,
    /// P(abandoned with wait ≤ T).
    pub abandoned: f64,
    /// P(still waiting at T): answered or abandoned later.
    pub still_waiting: f64,
    /// P(answered with wait > T).
    pub answered_after: f64,
}

impl Core {
    /// An overloaded queue without abandonment: it grows without bound, so no
    /// waiting measure exists.
    fn unstable(t_s: Option<f64>) -> Core {
        Core {
            stable: false,
            p_wait: 1.0,
            p_abandon: 0.0,
            p_answered_after_wait: 1.0,
            by_t: t_s.map(|_| ByT {
                answered_waited: 0.0,
                abandoned: 0.0,
                still_waiting: 1.0,
                answered_after: 1.0,
            }),
            mean_wait_answered_s: None,
            mean_wait_all_s: f64::INFINITY,
            p_below: 0.0,
        }
    }
}

/// Measures of the chain. `ln_below` = ln Σ_{n<m} π_n/π_m (−∞ when m = 0),
/// `lambda` the arrival rate, `full_rate` the completion rate with all capacity busy,
/// `theta` the abandonment rate of one waiting contact (0 for none), `t_s` the service
/// level's T.
pub fn core(ln_below: f64, lambda: f64, full_rate: f64, theta: f64, t_s: Option<f64>) -> Core {
    if theta <= 0.0 || !theta.is_finite() {
        return core_no_abandon(ln_below, lambda, full_rate, t_s);
    }
    if full_rate <= 0.0 {
        // nobody is ever served: every contact waits and abandons
        return Core {
            stable: true,
            p_wait: 1.0,
            p_abandon: 1.0,
            p_answered_after_wait: 0.0,
            by_t: t_s.map(|t| ByT {
                answered_waited: 0.0,
                abandoned: -(-theta * t).exp_m1(),
                still_waiting: (-theta * t).exp(),
                answered_after: 0.0,
            }),
            mean_wait_answered_s: None,
            mean_wait_all_s: 1.0 / theta,
            p_below: 0.0,
        };
    }
    let (x, y) = (lambda / theta, full_rate / theta);
    core_from_sums(ln_below, theta, t_s, x, y, queue_sums(x, y))
}

/// [`core`] from the queue sums of x = λ/θ, y = full_rate/θ.
fn core_from_sums(
    ln_below: f64,
    theta: f64,
    t_s: Option<f64>,
    x: f64,
    y: f64,
    s: QueueSums,
) -> Core {
    let ln_z = ln_add(ln_below, s.ln_j);
    let p_wait = (s.ln_j - ln_z).exp();
    let p_below = (ln_below - ln_z).exp();
    let p_abandon = (s.ln_abandon - ln_z).exp();
    let p_answered_after_wait = (s.ln_answered - ln_z).exp();
    let p_answered = (p_below + p_answered_after_wait).min(1.0);
    let wait_answered = (s.ln_wait_answered - ln_z).exp() / theta;
    let mean_wait_answered_s = (p_answered > 0.0).then(|| wait_answered / p_answered);
    let by_t = t_s.map(|t| {
        let w = (-theta * t).exp();
        let u = -(-theta * t).exp_m1(); // 1 - w, accurately for small θT
        // ln ∫ e^{xu}(1-u)^y du over [0, U] (head) and [U, 1] (tail), and
        // ln ∫_U^1 e^{xu}(1-u)^{y-1} du (still waiting at T)
        let (ln_head, ln_tail, ln_still) = if s.integral {
            // the same quadrature and reference point as the sums: ratios stay exact
            let b = y - 1.0;
            let head = Span {
                u_lo: 0.0,
                u_hi: u,
                v_lo: w,
                v_hi: 1.0,
            };
            let tail = Span {
                u_lo: u,
                u_hi: 1.0,
                v_lo: 0.0,
                v_hi: w,
            };
            (
                ln_exp_beta(x, b, Weight::V, head),
                ln_exp_beta(x, b, Weight::V, tail),
                ln_exp_beta(x, b, Weight::One, tail),
            )
        } else {
            let ln_i1 = s.ln_answered - y.ln(); // ∫_0^1 e^{xu}(1-u)^y du
            let (ln_tail, ln_still) = if w > 0.0 {
                (
                    (y + 1.0) * w.ln() + x * u + ln_series(x * w, y + 1.0),
                    y * w.ln() + x * u + ln_series(x * w, y),
                )
            } else {
                (f64::NEG_INFINITY, f64::NEG_INFINITY)
            };
            let ln_head = if ln_tail - ln_i1 < -0.7 {
                ln_i1 + (-(ln_tail - ln_i1).exp()).ln_1p()
            } else if y >= 2.0 {
                let head = Span {
                    u_lo: 0.0,
                    u_hi: u,
                    v_lo: w,
                    v_hi: 1.0,
                };
                ln_exp_beta(x, y - 1.0, Weight::V, head)
            } else {
                let g = |v: f64| x * v + y * (-v).ln_1p();
                let dg = |v: f64| x - y / (1.0 - v);
                let d2g = |v: f64| -y / ((1.0 - v) * (1.0 - v));
                let mode = if x > y { 1.0 - y / x } else { 0.0 };
                ln_integral_concave(g, dg, d2g, 0.0, u, mode)
            };
            (ln_head, ln_tail, ln_still)
        };
        let answered_waited = (y.ln() + ln_head - ln_z).exp().min(p_answered_after_wait);
        // answered after T: y ∫_U^1 e^{xu}(1-u)^y du
        let answered_after = (y.ln() + ln_tail - ln_z).exp();
        // still waiting at T: w · P(V > T), P(V > T) = π_m y ∫_U^1 e^{xu}(1-u)^{y-1} du
        let still_waiting = (w.ln() + y.ln() + ln_still - ln_z).exp();
        let abandoned = (p_wait - answered_waited - still_waiting).clamp(0.0, p_abandon);
        ByT {
            answered_waited,
            abandoned,
            still_waiting,
            answered_after,
        }
    });
    Core {
        stable: true,
        p_wait,
        p_abandon,
        p_answered_after_wait,
        by_t,
        mean_wait_answered_s,
        mean_wait_all_s: p_abandon / theta,
        p_below,
    }
}

/// θ = 0: the queue part is geometric with ratio ρ = λ / full_rate (Erlang C form).
/// At or below the arrival rate (to the comparison's slack) there is no steady state.
fn core_no_abandon(ln_below: f64, lambda: f64, full_rate: f64, t_s: Option<f64>) -> Core {
    if !super::staffing::exceeds(full_rate, lambda) {
        return Core::unstable(t_s);
    }
    let rho = lambda / full_rate;
    // P(wait) = J/(W + J) with J = 1/(1-ρ): = 1/(1 + W(1-ρ))
    let ln_w1 = ln_below + (-rho).ln_1p();
    let p_wait = 1.0 / (1.0 + ln_w1.exp());
    let gap = full_rate - lambda;
    let mean_wait = p_wait / gap;
    Core {
        stable: true,
        p_wait,
        p_abandon: 0.0,
        p_answered_after_wait: p_wait,
        by_t: t_s.map(|t| {
            let late = p_wait * (-gap * t).exp();
            ByT {
                answered_waited: -p_wait * (-gap * t).exp_m1(),
                abandoned: 0.0,
                still_waiting: late,
                answered_after: late,
            }
        }),
        mean_wait_answered_s: Some(mean_wait),
        mean_wait_all_s: mean_wait,
        p_below: 1.0 - p_wait,
    }
}

/// Logs of the queue-state sums (all in one scale).
struct QueueSums {
    /// ln Σ r_q
    ln_j: f64,
    /// ln Σ r_q (q+1)/(y+q+1): abandonment
    ln_abandon: f64,
    /// ln Σ r_q y/(y+q+1): answered after waiting
    ln_answered: f64,
    /// ln Σ r_q y/(y+q+1) H_q: wait of the answered, times θ
    ln_wait_answered: f64,
    /// Whether the sums came from quadrature (then so must the service level's parts).
    integral: bool,
}

const RESCALE_AT: f64 = 1e250;
const RESCALE_LN: f64 = 575.646_273_248_511_4;

/// Most terms summed before a series gives way to quadrature (when y ≥ 2, where every
/// integral form has a power (1-u)^b with b ≥ 1); below that the series is short anyway
/// (x = A·y/N < 2A terms).
const SERIES_BUDGET: u32 = 100_000;
/// Hard stop of a series (never reached inside the accepted ranges).
const SERIES_MAX: u32 = 50_000_000;

fn queue_sums(x: f64, y: f64) -> QueueSums {
    series_queue_sums(x, y, if y >= 2.0 { SERIES_BUDGET } else { SERIES_MAX })
        .unwrap_or_else(|| integral_queue_sums(x, y))
}

/// The sums as integrals (Beta-integral forms of the same series):
/// Σ r_q = y ∫ e^{xu}(1-u)^{y-1}, Σ r_q (q+1)/(y+q+1) = y ∫ u e^{xu}(1-u)^{y-1},
/// Σ r_q y/(y+q+1) = y ∫ e^{xu}(1-u)^y, Σ r_q y/(y+q+1) H_q = y ∫ -ln(1-u) e^{xu}(1-u)^y,
/// all over [0, 1]. Needs y ≥ 2.
fn integral_queue_sums(x: f64, y: f64) -> QueueSums {
    let (ln_y, b) = (y.ln(), y - 1.0);
    QueueSums {
        ln_j: ln_y + ln_exp_beta(x, b, Weight::One, Span::ALL),
        ln_abandon: ln_y + ln_exp_beta(x, b, Weight::U, Span::ALL),
        ln_answered: ln_y + ln_exp_beta(x, b, Weight::V, Span::ALL),
        ln_wait_answered: ln_y + ln_exp_beta(x, b, Weight::VMinusLnV, Span::ALL),
        integral: true,
    }
}

/// The sums term by term; `None` if they need more than `budget` terms.
fn series_queue_sums(x: f64, y: f64, budget: u32) -> Option<QueueSums> {
    let (mut r, mut j, mut ab, mut ans, mut wa) = (1.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut ln_scale = 0.0;
    let mut h = 0.0; // H_q = Σ_{i=1..q+1} 1/(y+i)
    let mut q = 0.0f64;
    let mut terms = 0u32;
    loop {
        let d = y + q + 1.0;
        h += 1.0 / d;
        j += r;
        ab += r * (q + 1.0) / d;
        let a = r * y / d;
        ans += a;
        wa += a * h;
        // next term
        q += 1.0;
        r *= x / (y + q);
        if r > RESCALE_AT {
            r /= RESCALE_AT;
            j /= RESCALE_AT;
            ab /= RESCALE_AT;
            ans /= RESCALE_AT;
            wa /= RESCALE_AT;
            ln_scale += RESCALE_LN;
        }
        // past the peak (ratio < 1) and negligible: stop
        if (x < y + q && r < 1e-18 * j) || r == 0.0 {
            break;
        }
        terms += 1;
        if terms >= budget {
            return None;
        }
    }
    Some(QueueSums {
        ln_j: j.ln() + ln_scale,
        ln_abandon: ab.ln() + ln_scale,
        ln_answered: ans.ln() + ln_scale,
        ln_wait_answered: wa.ln() + ln_scale,
        integral: false,
    })
}

/// ln Σ_{k≥0} z^k / Π_{i=0..k} (a+i), a > 0 (the lower incomplete gamma series:
/// γ(a, z) = z^a e^{-z} · this) = ln ∫_0^1 e^{zu}(1-u)^{a-1} du, by quadrature when
/// the series would be long and a ≥ 2.
fn ln_series(z: f64, a: f64) -> f64 {
    let budget = if a >= 2.0 { SERIES_BUDGET } else { SERIES_MAX };
    series(z, a, budget).unwrap_or_else(|| ln_exp_beta(z, a - 1.0, Weight::One, Span::ALL))
}

fn series(z: f64, a: f64, budget: u32) -> Option<f64> {
    let mut term = 1.0 / a;
    let mut sum = 0.0;
    let mut ln_scale = 0.0;
    let mut k = 0.0f64;
    let mut terms = 0u32;
    loop {
        sum += term;
        k += 1.0;
        term *= z / (a + k);
        if term > RESCALE_AT {
            term /= RESCALE_AT;
            sum /= RESCALE_AT;
            ln_scale += RESCALE_LN;
        }
        if (z < a + k && term < 1e-18 * sum) || term == 0.0 {
            break;
        }
        terms += 1;
        if terms >= budget {
            return None;
        }
    }
    Some(sum.ln() + ln_scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_matches_closed_form_for_a_one() {
        // a = 1: Σ z^k/(k+1)! = (e^z - 1)/z
        for &z in &[0.1f64, 1.0, 5.0, 30.0] {
            let got = ln_series(z, 1.0).exp();
            let want = z.exp_m1() / z;
            assert!((got - want).abs() / want < 1e-14, "z={z}");
        }
    }

    #[test]
    fn integrals_agree_with_the_series() {
        // where both are cheap, the quadrature forms give the series' sums
        for &(x, y) in &[
            (5.0f64, 3.0),
            (40.0, 60.0),
            (300.0, 100.0),
            (1e4, 1.2e4),
            (2e4, 1e4),
            (1e3, 999.0),
            (2.5, 1.5),
            (3e5, 2e5),
            (1e6, 1.001e6),
        ] {
            let s = series_queue_sums(x, y, SERIES_MAX).unwrap();
            let i = integral_queue_sums(x, y);
            for (what, a, b) in [
                ("j", s.ln_j, i.ln_j),
                ("abandon", s.ln_abandon, i.ln_abandon),
                ("answered", s.ln_answered, i.ln_answered),
                ("wait", s.ln_wait_answered, i.ln_wait_answered),
            ] {
                assert!(
                    (a - b).abs() <= 1e-10 + 1e-14 * a.abs(),
                    "x={x} y={y} {what}: series {a} vs integral {b}"
                );
            }
            for a in [y, y + 1.0] {
                let s = series(x, a, SERIES_MAX).unwrap();
                let i = ln_exp_beta(x, a - 1.0, Weight::One, Span::ALL);
                assert!((s - i).abs() <= 1e-11 * s.abs().max(1.0), "x={x} a={a}");
            }
        }
    }

    #[test]
    fn service_level_parts_agree_on_both_paths() {
        // the same chain through the series and through quadrature
        for &(lnw, x, y, t) in &[
            (1.0f64, 40.0, 60.0, 0.5),
            (-3.0, 300.0, 100.0, 0.01),
            (5.0, 1e4, 1.2e4, 2.0),
            (0.0, 2e4, 1e4, 1e-4),
        ] {
            let theta = 0.1;
            let t_s = Some(t / theta);
            let a = core_from_sums(
                lnw,
                theta,
                t_s,
                x,
                y,
                series_queue_sums(x, y, SERIES_MAX).unwrap(),
            );
            let b = core_from_sums(lnw, theta, t_s, x, y, integral_queue_sums(x, y));
            let (pa, pb) = (a.by_t.unwrap(), b.by_t.unwrap());
            for (what, u, v) in [
                ("p_wait", a.p_wait, b.p_wait),
                ("p_abandon", a.p_abandon, b.p_abandon),
                ("answered_waited", pa.answered_waited, pb.answered_waited),
                ("answered_after", pa.answered_after, pb.answered_after),
                ("still_waiting", pa.still_waiting, pb.still_waiting),
            ] {
                assert!(
                    (u - v).abs() <= 1e-10 * u.abs().max(1e-300),
                    "x={x} y={y} t={t} {what}: series {u} vs quadrature {v}"
                );
            }
            // abandoned by T is a difference of the others: absolute agreement
            assert!(
                (pa.abandoned - pb.abandoned).abs() < 1e-11,
                "x={x} y={y} t={t}"
            );
        }
    }

    #[test]
    fn queue_flows_balance() {
        // answered + abandoned = 1 and the SL pieces add up to P(wait)
        for &(lnw, lam, r, th) in &[
            (1.0f64, 0.5, 0.4, 0.1),
            (-3.0, 2.0, 1.0, 0.5),
            (5.0, 0.1, 1.0, 0.01),
        ] {
            let c = core(lnw, lam, r, th, Some(7.0));
            let answered = c.p_below + (c.p_wait - c.p_abandon);
            assert!((answered + c.p_abandon - 1.0).abs() < 1e-13);
            assert!((c.p_below + c.p_answered_after_wait + c.p_abandon - 1.0).abs() < 1e-13);
            let by = c.by_t.unwrap();
            let sl = c.p_below + by.answered_waited;
            assert!(sl <= 1.0 - c.p_abandon + 1e-15 && by.abandoned <= c.p_abandon + 1e-15);
            // every contact that waits is answered or abandons by T, or is still waiting
            let parts = by.answered_waited + by.abandoned + by.still_waiting;
            assert!((parts - c.p_wait).abs() < 1e-13, "{parts} vs {}", c.p_wait);
            let answered_parts = by.answered_waited + by.answered_after;
            assert!((answered_parts - c.p_answered_after_wait).abs() < 1e-13);
            assert!(by.answered_after <= by.still_waiting + 1e-15);
            assert!(sl >= c.p_below);
        }
    }
}
