//! Patience from censored waits. An abandoned contact's wait is its patience; an
//! answered contact's wait is a lower bound on it (right-censored). Estimators:
//! Kaplan–Meier's survival function (with Greenwood's variance), the exponential
//! maximum likelihood (abandonments / all time waited), the hazard per wait bin
//! (abandonments in the bin / time at risk in it), and censored maximum-likelihood
//! gamma and lognormal fits (Nelder–Mead on the log-parameters).

use super::handle::Params;
use statrs::function::gamma::checked_gamma_ur;

/// One wait: how long the contact waited and whether it ended by hanging up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    pub wait_s: f64,
    pub abandoned: bool,
}

/// One step of the Kaplan–Meier estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmStep {
    /// An abandonment time, seconds.
    pub t_s: f64,
    /// Contacts still waiting just before `t_s` (at risk).
    pub at_risk: usize,
    /// Abandonments at `t_s`.
    pub events: usize,
    /// S(t) just after `t_s`.
    pub survival: f64,
    /// Greenwood's standard error of `survival`.
    pub se: f64,
}

/// Kaplan–Meier estimate of P(patience > t): one step per distinct abandonment time. A
/// contact answered at the same time as an abandonment counts as at risk then.
pub fn kaplan_meier(waits: &[Wait]) -> Vec<KmStep> {
    let mut w: Vec<Wait> = waits.to_vec();
    w.sort_by(|a, b| a.wait_s.total_cmp(&b.wait_s));
    let mut out = Vec::new();
    let mut at_risk = w.len();
    let mut s = 1.0;
    let mut greenwood = 0.0;
    let mut i = 0;
    while i < w.len() {
        let t = w[i].wait_s;
        let mut j = i;
        let mut events = 0;
        while j < w.len() && w[j].wait_s == t {
            events += usize::from(w[j].abandoned);
            j += 1;
        }
        if events > 0 {
            let n = at_risk as f64;
            let d = events as f64;
            s *= 1.0 - d / n;
            if n > d {
                greenwood += d / (n * (n - d));
            }
            out.push(KmStep {
                t_s: t,
                at_risk,
                events,
                survival: s,
                se: s * greenwood.sqrt(),
            });
        }
        at_risk -= j - i;
        i = j;
    }
    out
}

/// S(t) of a Kaplan–Meier estimate (right-continuous steps).
pub fn km_at(steps: &[KmStep], t: f64) -> f64 {
    let k = steps.partition_point(|s| s.t_s <= t);
    if k == 0 { 1.0 } else { steps[k - 1].survival }
}

/// Greenwood's standard error of S(t) of a Kaplan–Meier estimate (0 before the first step).
pub fn km_se_at(steps: &[KmStep], t: f64) -> f64 {
    let k = steps.partition_point(|s| s.t_s <= t);
    if k == 0 { 0.0 } else { steps[k - 1].se }
}

/// Exponential maximum likelihood under censoring: abandonments / total time waited.
/// `None` when nobody abandoned or nobody waited.
pub fn exponential_rate(waits: &[Wait]) -> Option<(f64, f64)> {
    let d = waits.iter().filter(|w| w.abandoned).count() as f64;
    let total: f64 = waits.iter().map(|w| w.wait_s).sum();
    (d > 0.0 && total > 0.0).then(|| (d / total, d / total / d.sqrt()))
}

/// Hazard in one wait bin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HazardBin {
    pub from_s: f64,
    /// End of the bin (infinite for the last).
    pub to_s: f64,
    pub abandoned: usize,
    /// Time waited inside the bin by everyone who reached it, seconds.
    pub at_risk_s: f64,
    /// Abandonments per second of waiting, and its standard error (√d / time at risk).
    pub hazard_per_s: f64,
    pub se_per_s: f64,
}

/// Bin edges of the hazard table, seconds.
pub const HAZARD_EDGES_S: [f64; 9] = [0.0, 15.0, 30.0, 60.0, 120.0, 180.0, 300.0, 600.0, 1800.0];

/// The hazard per bin ([`HAZARD_EDGES_S`], the last bin open); bins nobody reached are
/// left out.
pub fn hazard_bins(waits: &[Wait]) -> Vec<HazardBin> {
    let n = HAZARD_EDGES_S.len();
    let mut d = vec![0usize; n];
    let mut exposure = vec![0.0; n];
    for w in waits {
        for (b, e) in exposure.iter_mut().enumerate() {
            let from = HAZARD_EDGES_S[b];
            let to = HAZARD_EDGES_S.get(b + 1).copied().unwrap_or(f64::INFINITY);
            if w.wait_s <= from {
                break;
            }
            *e += w.wait_s.min(to) - from;
        }
        if w.abandoned {
            let b = HAZARD_EDGES_S
                .partition_point(|&e| e < w.wait_s)
                .saturating_sub(1);
            d[b] += 1;
        }
    }
    (0..n)
        .filter(|&b| exposure[b] > 0.0)
        .map(|b| HazardBin {
            from_s: HAZARD_EDGES_S[b],
            to_s: HAZARD_EDGES_S.get(b + 1).copied().unwrap_or(f64::INFINITY),
            abandoned: d[b],
            at_risk_s: exposure[b],
            hazard_per_s: d[b] as f64 / exposure[b],
            se_per_s: (d[b] as f64).sqrt() / exposure[b],
        })
        .collect()
}

/// Abandonment times below this are taken as this in the two-parameter fits, whose
/// densities are 0 or infinite at 0 (half a second: the logs' resolution is a second).
pub const MIN_EVENT_S: f64 = 0.5;

/// Censored log-likelihood of `p`: Σ ln f(abandonment) + Σ ln S(answered wait).
pub fn censored_log_likelihood(p: &Params, waits: &[Wait]) -> f64 {
    waits
        .iter()
        .map(|w| {
            if w.abandoned {
                p.ln_pdf(w.wait_s.max(MIN_EVENT_S))
            } else if w.wait_s <= 0.0 {
                0.0
            } else {
                ln_survival(p, w.wait_s)
            }
        })
        .sum()
}

fn ln_survival(p: &Params, x: f64) -> f64 {
    match *p {
        Params::Exponential { mean_s } => -x / mean_s,
        Params::Gamma { shape, scale_s } => {
            checked_gamma_ur(shape, x / scale_s).map_or(f64::NEG_INFINITY, f64::ln)
        }
        Params::Lognormal { .. } => (1.0 - p.cdf(x)).ln(),
    }
}

/// Minimise `f` over two variables by Nelder–Mead from `x0` with initial `step`.
pub fn nelder_mead(f: impl Fn([f64; 2]) -> f64, x0: [f64; 2], step: f64) -> [f64; 2] {
    let mut s = [x0, [x0[0] + step, x0[1]], [x0[0], x0[1] + step]];
    let mut v = s.map(&f);
    for _ in 0..400 {
        // order best .. worst
        let mut idx = [0, 1, 2];
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        s = idx.map(|i| s[i]);
        v = idx.map(|i| v[i]);
        if (v[2] - v[0]).abs() <= 1e-10 * (1.0 + v[0].abs()) {
            break;
        }
        let c = [(s[0][0] + s[1][0]) / 2.0, (s[0][1] + s[1][1]) / 2.0];
        let at = |t: f64| [c[0] + t * (s[2][0] - c[0]), c[1] + t * (s[2][1] - c[1])];
        let r = at(-1.0);
        let fr = f(r);
        if fr < v[0] {
            let e = at(-2.0);
            let fe = f(e);
            if fe < fr {
                (s[2], v[2]) = (e, fe);
            } else {
                (s[2], v[2]) = (r, fr);
            }
        } else if fr < v[1] {
            (s[2], v[2]) = (r, fr);
        } else {
            let k = at(0.5);
            let fk = f(k);
            if fk < v[2] {
                (s[2], v[2]) = (k, fk);
            } else {
                for i in 1..3 {
                    s[i] = [(s[0][0] + s[i][0]) / 2.0, (s[0][1] + s[i][1]) / 2.0];
                    v[i] = f(s[i]);
                }
            }
        }
    }
    let best = (0..3).min_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap_or(0);
    s[best]
}

/// Censored maximum-likelihood gamma, from the exponential with mean `mean_s`.
pub fn fit_gamma_censored(waits: &[Wait], mean_s: f64) -> Params {
    let make = |x: [f64; 2]| Params::Gamma {
        shape: x[0].exp(),
        scale_s: x[1].exp(),
    };
    let nll = |x: [f64; 2]| {
        // shapes from 0.001 to about 1100 (cv 0.03 to 30): beyond, the incomplete gamma
        // function is slow and no patience looks like that
        if x[0].abs() > 7.0 {
            return f64::INFINITY;
        }
        let v = -censored_log_likelihood(&make(x), waits);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    make(nelder_mead(nll, [0.0, mean_s.ln()], 0.3))
}

/// Censored maximum-likelihood lognormal, from the exponential with mean `mean_s`.
pub fn fit_lognormal_censored(waits: &[Wait], mean_s: f64) -> Params {
    let make = |x: [f64; 2]| Params::Lognormal {
        mu: x[0],
        sigma: x[1].exp(),
    };
    let nll = |x: [f64; 2]| {
        if !(-7.0..=3.0).contains(&x[1]) {
            return f64::INFINITY;
        }
        let v = -censored_log_likelihood(&make(x), waits);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    make(nelder_mead(nll, [mean_s.ln() - 0.5, 0.0], 0.3))
}

/// Upper tail of χ² with one degree of freedom: P(χ²₁ > x) = erfc(√(x/2)).
pub fn chi2_1_sf(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        statrs::function::erf::erfc((x / 2.0).sqrt())
    }
}

/// Largest |S_KM(t) − S_fit(t)| over the abandonment times (both sides of each step).
pub fn km_distance(steps: &[KmStep], p: &Params) -> f64 {
    let mut prev = 1.0;
    let mut d: f64 = 0.0;
    for s in steps {
        let fit = 1.0 - p.cdf(s.t_s);
        d = d.max((prev - fit).abs()).max((s.survival - fit).abs());
        prev = s.survival;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(wait_s: f64, abandoned: bool) -> Wait {
        Wait { wait_s, abandoned }
    }

    /// Worked by hand: waits 1, 2+, 3, 3, 4+, 5 (+ answered).
    /// t=1: 6 at risk, 1 event: S = 5/6.
    /// t=3: 4 at risk (2, answered, left), 2 events: S = 5/6 · 2/4 = 5/12.
    /// t=5: 1 at risk, 1 event: S = 0.
    #[test]
    fn kaplan_meier_by_hand() {
        let km = kaplan_meier(&[
            w(3.0, true),
            w(1.0, true),
            w(2.0, false),
            w(3.0, true),
            w(4.0, false),
            w(5.0, true),
        ]);
        let got: Vec<(f64, usize, usize, f64)> = km
            .iter()
            .map(|s| (s.t_s, s.at_risk, s.events, s.survival))
            .collect();
        let want = [
            (1.0, 6, 1, 5.0 / 6.0),
            (3.0, 4, 2, 5.0 / 12.0),
            (5.0, 1, 1, 0.0),
        ];
        assert_eq!(got.len(), 3);
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0, g.1, g.2), (w.0, w.1, w.2));
            assert!((g.3 - w.3).abs() < 1e-15);
        }
        // Greenwood at t=1: S² · 1/(6·5) → se = 5/6 · √(1/30)
        assert!((km[0].se - 5.0 / 6.0 * (1.0f64 / 30.0).sqrt()).abs() < 1e-15);
        assert_eq!(km_at(&km, 0.5), 1.0);
        assert_eq!(km_at(&km, 3.0), 5.0 / 12.0);
    }

    #[test]
    fn exponential_rate_is_abandons_over_time_waited() {
        let (rate, se) = exponential_rate(&[w(10.0, true), w(30.0, false), w(60.0, true)]).unwrap();
        assert!((rate - 2.0 / 100.0).abs() < 1e-15);
        assert!((se - 0.02 / 2f64.sqrt()).abs() < 1e-15);
        assert!(exponential_rate(&[w(10.0, false)]).is_none());
    }

    #[test]
    fn hazard_bins_by_hand() {
        // one abandons at 20 s, one answered at 70 s
        let bins = hazard_bins(&[w(20.0, true), w(70.0, false)]);
        // [0,15): 15 + 15 s; [15,30): 5 + 15; [30,60): 30; [60,120): 10
        let got: Vec<(f64, usize, f64)> = bins
            .iter()
            .map(|b| (b.from_s, b.abandoned, b.at_risk_s))
            .collect();
        assert_eq!(
            got,
            vec![
                (0.0, 0, 30.0),
                (15.0, 1, 20.0),
                (30.0, 0, 30.0),
                (60.0, 0, 10.0)
            ]
        );
    }

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let x = nelder_mead(
            |x| (x[0] - 1.0).powi(2) + 3.0 * (x[1] + 2.0).powi(2),
            [0.0, 0.0],
            0.5,
        );
        assert!(
            (x[0] - 1.0).abs() < 1e-4 && (x[1] + 2.0).abs() < 1e-4,
            "{x:?}"
        );
    }

    #[test]
    fn censored_gamma_of_uncensored_data_is_the_plain_mle() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        let waits: Vec<Wait> = x.iter().map(|&v| w(v, true)).collect();
        let Params::Gamma { shape, .. } = fit_gamma_censored(&waits, 5.5) else {
            panic!()
        };
        // mpmath value, see handle::tests::gamma_mle_matches_mpmath
        assert!((shape - 2.728_444_313_979_159).abs() < 1e-3, "{shape}");
    }
}
