//! Numerical building blocks: sums of huge or tiny positive terms kept in scaled form,
//! and a quadrature for log-concave integrands. No factorials, no powers that overflow.

/// Rescale once a running value passes this (e^575 ≈ 1e250).
const RESCALE_AT: f64 = 1e250;
const RESCALE_LN: f64 = 575.646_273_248_511_4; // ln(1e250)

/// ln(e^a + e^b) without overflow.
pub fn ln_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// ln(Σ_{n<N} π_n / π_N) for the Erlang loss chain with load `a`: the weight of the
/// states below `n` relative to state `n`, i.e. `1/B(n, a) - 1`.
///
/// Uses the recursion W_n = (n/a)(1 + W_{n-1}), W_0 = 0, whose relative error never
/// grows, started where an error in the start value has decayed below e^-45 by n, so
/// that the cost is O(√a + |n - a|) at most (and far less in deep overload) rather than
/// O(n), and kept in scaled form.
pub fn ln_below_weight_erlang(n: u32, a: f64) -> f64 {
    if n == 0 {
        return f64::NEG_INFINITY;
    }
    let nf = n as f64;
    // Start at s < n from an approximate W_s. The relative error of W contracts by
    // W_{m-1}/(1 + W_{m-1}) ≤ m/a per step, so from s to min(n, a) it shrinks at least by
    // exp(-[(a-s)² - (a-min(n,a))²] / 2a); s is chosen to make that below e^-45.
    let top = nf.min(a);
    let s = a - (90.0 * a + (a - top) * (a - top)).sqrt() - 5.0;
    let start = if n <= 64 || s <= 1.0 {
        0
    } else {
        (s.floor() as u32).min(n - 1)
    };
    // W_s ≈ fixed point of W = (s/a)(1 + W), i.e. (s/a)/(1 - s/a), good when s < a.
    let mut w = if start == 0 {
        0.0
    } else {
        let r = start as f64 / a;
        r / (1.0 - r)
    };
    let mut ln_scale = 0.0;
    let mut one = 1.0; // the "1" of the recursion in the current scale
    for m in (start + 1)..=n {
        w = (m as f64 / a) * (one + w);
        if w > RESCALE_AT {
            w /= RESCALE_AT;
            one /= RESCALE_AT;
            ln_scale += RESCALE_LN;
        }
    }
    w.ln() + ln_scale
}

/// Gauss–Legendre nodes and weights on [-1, 1], computed once by Newton's method.
fn gauss_legendre() -> &'static [(f64, f64)] {
    use std::sync::OnceLock;
    static NODES: OnceLock<Vec<(f64, f64)>> = OnceLock::new();
    NODES.get_or_init(|| {
        const N: usize = 20;
        let mut out = Vec::with_capacity(N);
        for i in 0..N {
            let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (N as f64 + 0.5)).cos();
            let mut dp = 1.0;
            for _ in 0..100 {
                let (mut p0, mut p1) = (1.0, x);
                for k in 2..=N {
                    let p2 = ((2 * k - 1) as f64 * x * p1 - (k - 1) as f64 * p0) / k as f64;
                    p0 = p1;
                    p1 = p2;
                }
                dp = N as f64 * (x * p1 - p0) / (x * x - 1.0);
                let dx = p1 / dp;
                x -= dx;
                if dx.abs() < 1e-16 {
                    break;
                }
            }
            out.push((x, 2.0 / ((1.0 - x * x) * dp * dp)));
        }
        out
    })
}

/// Most quadrature panels on either side of the mode.
const MAX_PANELS: u32 = 10_000;

/// ln ∫_a^b e^{g(u)} du for a concave `g` with derivative `dg` and second derivative
/// `d2g`, maximised at `mode` (clamped into [a, b]).
///
/// Panels of 20-point Gauss–Legendre march outward from the mode with widths set by
/// the local slope and curvature (so e^g changes by a bounded factor per panel) until
/// e^g has fallen 50 below its maximum, where concavity bounds the rest by e^-50.
pub fn ln_integral_concave(
    g: impl Fn(f64) -> f64,
    dg: impl Fn(f64) -> f64,
    d2g: impl Fn(f64) -> f64,
    a: f64,
    b: f64,
    mode: f64,
) -> f64 {
    if b <= a {
        return f64::NEG_INFINITY;
    }
    let m = mode.clamp(a, b);
    let g_max = g(m);
    let nodes = gauss_legendre();
    let mut total = 0.0;
    for dir in [1.0f64, -1.0] {
        let end = if dir > 0.0 { b } else { a };
        let mut t = m;
        // at most MAX_PANELS panels a side, each halved at most 64 times: the work is
        // bounded whatever the integrand (a steep log singularity needs ~60 panels)
        let mut panels = 0;
        while (end - t) * dir > 0.0 && panels < MAX_PANELS {
            panels += 1;
            let scale = dg(t).abs() + (-d2g(t)).max(0.0).sqrt();
            let mut h = if scale > 0.0 {
                1.5 / scale
            } else {
                (end - t).abs()
            };
            h = h.min((end - t).abs());
            // keep the fall of g across a panel moderate (curvature may grow fast)
            let mut halvings = 0;
            while halvings < 64 && h > 0.0 && (g(t) - g(t + dir * h)).abs() > 6.0 {
                h *= 0.5;
                halvings += 1;
            }
            if h <= 0.0 || t + dir * h == t {
                break; // the panel is below the resolution of t: nothing left to add
            }
            let (lo, hi) = if dir > 0.0 { (t, t + h) } else { (t - h, t) };
            let (c, r) = (0.5 * (lo + hi), 0.5 * (hi - lo));
            let mut s = 0.0;
            for &(x, w) in nodes {
                s += w * (g(c + r * x) - g_max).exp();
            }
            total += s * r;
            t += dir * h;
            if g(t) - g_max < -50.0 {
                break;
            }
        }
    }
    g_max + total.ln()
}

/// The weight `f` of [`ln_exp_beta`] (v = 1 − u).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// f = 1
    One,
    /// f = u
    U,
    /// f = v
    V,
    /// f = −v ln v
    VMinusLnV,
}

/// A range of u ∈ [0, 1] given in both coordinates, u and v = 1 − u, each as accurate
/// as the caller knows it (so that a range ending near u = 1 keeps its precision).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub u_lo: f64,
    pub u_hi: f64,
    pub v_lo: f64,
    pub v_hi: f64,
}

impl Span {
    /// All of [0, 1].
    pub const ALL: Span = Span {
        u_lo: 0.0,
        u_hi: 1.0,
        v_lo: 0.0,
        v_hi: 1.0,
    };
}

/// ln ∫ e^{xu} (1−u)^b f(u) du over `span`, for x ≥ 0 and b ≥ 1, by quadrature of the
/// log-concave integrand, in O(1) whatever x and b (the series it replaces needs about
/// x − b terms). The exponent is kept relative to the mode of e^{xu}(1−u)^b, the same
/// for every weight and span, so that ratios of these integrals (the chain's
/// probabilities) keep full precision even where x and b are 1e9: around a mode near
/// u = 1 (x > b) the integral is taken over v = 1 − u.
pub fn ln_exp_beta(x: f64, b: f64, f: Weight, span: Span) -> f64 {
    // ln f, (ln f)', (ln f)'' in the coordinate t (t = u or t = v); `in_v` says which
    fn weight(f: Weight, t: f64, in_v: bool) -> (f64, f64, f64) {
        // value and derivatives of ln u and ln v as functions of t
        let (ln_t, ln_other) = (t.ln(), (-t).ln_1p());
        let d_own = (1.0 / t, -1.0 / (t * t));
        let d_other = (-1.0 / (1.0 - t), -1.0 / ((1.0 - t) * (1.0 - t)));
        // u in t: own if !in_v; v in t: own if in_v
        let (ln_u, du) = if in_v {
            (ln_other, d_other)
        } else {
            (ln_t, d_own)
        };
        let (ln_v, dv) = if in_v {
            (ln_t, d_own)
        } else {
            (ln_other, d_other)
        };
        match f {
            Weight::One => (0.0, 0.0, 0.0),
            Weight::U => (ln_u, du.0, du.1),
            Weight::V => (ln_v, dv.0, dv.1),
            Weight::VMinusLnV => {
                // ln v + ln L, L = −ln v: (ln L)' = −(ln v)'/L, (ln L)'' = −(ln v)''/L − ((ln v)'/L)²
                let l = -ln_v;
                let d1 = dv.0 - dv.0 / l;
                let d2 = dv.1 - dv.1 / l - (dv.0 / l) * (dv.0 / l);
                (ln_v + l.ln(), d1, d2)
            }
        }
    }
    if x > b {
        // v = 1 − u: e^x ∫ e^{−xv} v^b f dv, mode v* = b/x
        let vm = b / x;
        let c = x * (1.0 - vm) + b * vm.ln();
        let g = move |v: f64| -x * (v - vm) + b * ((v - vm) / vm).ln_1p() + weight(f, v, true).0;
        let dg = move |v: f64| -x + b / v + weight(f, v, true).1;
        let d2g = move |v: f64| -b / (v * v) + weight(f, v, true).2;
        c + ln_integral_concave(g, dg, d2g, span.v_lo, span.v_hi, vm)
    } else {
        // mode of e^{xu}(1−u)^b at u = 0; a weight vanishing at 0 moves it in to the
        // root of b u² − (x − b) u − 1 = 0
        let inner = ((x - b) + ((x - b) * (x - b) + 4.0 * b).sqrt()) / (2.0 * b);
        let mode = if f == Weight::One || f == Weight::V {
            0.0
        } else {
            inner
        };
        let g = move |u: f64| x * u + b * (-u).ln_1p() + weight(f, u, false).0;
        let dg = move |u: f64| x - b / (1.0 - u) + weight(f, u, false).1;
        let d2g = move |u: f64| -b / ((1.0 - u) * (1.0 - u)) + weight(f, u, false).2;
        ln_integral_concave(g, dg, d2g, span.u_lo, span.u_hi, mode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_weight_matches_direct_sum() {
        // W_n = Σ_{k<n} n!/(k! a^{n-k}) computed directly for small n
        for &(n, a) in &[(1u32, 0.5), (5, 3.0), (14, 10.0), (30, 45.0), (60, 2.0)] {
            let mut direct = 0.0;
            for k in 0..n {
                let mut t = 1.0;
                for j in (k + 1)..=n {
                    t *= j as f64 / a;
                }
                direct += t;
            }
            let got = ln_below_weight_erlang(n, a).exp();
            assert!(
                (got - direct).abs() / direct < 1e-13,
                "n={n} a={a}: {got} vs {direct}"
            );
        }
    }

    #[test]
    fn start_shortcut_agrees_with_full_recursion() {
        // n large enough for the shortcut; compare with the plain O(n) recursion in logs
        for &(n, a) in &[
            (200u32, 180.0),
            (1000, 1200.0),
            (500, 5000.0),
            (3000, 2900.0),
        ] {
            let mut w = 0.0f64; // ln-free but safe at these sizes? use logs
            let mut ln_w = f64::NEG_INFINITY;
            for m in 1..=n {
                ln_w = (m as f64 / a).ln() + ln_add(0.0, ln_w);
                w = ln_w;
            }
            let got = ln_below_weight_erlang(n, a);
            assert!(
                (got - w).abs() < 1e-11 * w.abs().max(1.0),
                "n={n} a={a}: {got} vs {w}"
            );
        }
    }

    #[test]
    fn concave_quadrature() {
        // ∫_0^1 e^{-50 (u-0.3)^2} du
        let g = |u: f64| -50.0 * (u - 0.3) * (u - 0.3);
        let got = ln_integral_concave(g, |u| -100.0 * (u - 0.3), |_| -100.0, 0.0, 1.0, 0.3).exp();
        // erf-based reference: sqrt(pi/50)/2 * (erf(0.7*sqrt50) + erf(0.3*sqrt50))
        let reference =
            0.125_331_413_731_550_02 * (0.999_999_999_997_440_4 + 0.997_300_203_936_739_8);
        assert!(
            (got - reference).abs() / reference < 1e-12,
            "{got} vs {reference}"
        );
        // ∫_0^1 e^{3u} du = (e^3 - 1)/3
        let got = ln_integral_concave(|u| 3.0 * u, |_| 3.0, |_| 0.0, 0.0, 1.0, 1.0).exp();
        let want = (3f64.exp() - 1.0) / 3.0;
        assert!((got - want).abs() / want < 1e-14);
    }
}
