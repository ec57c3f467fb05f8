//! Maximum-likelihood fits of positive durations (handle times): exponential,
//! lognormal and gamma, each judged by the Kolmogorov–Smirnov distance to the sample.
//!
//! The KS p-value is Kolmogorov's asymptotic one with Stephens' small-sample factor
//! (`(√n + 0.12 + 0.11/√n) D`). With the parameters estimated from the same sample the
//! true p-value is smaller (Lilliefors): the reported one is approximate and lenient,
//! and with many rounded values (whole seconds) every smooth fit is rejected.

use statrs::function::erf::erfc;
use statrs::function::gamma::{checked_gamma_lr, digamma, ln_gamma};

/// The families fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Exponential,
    Lognormal,
    Gamma,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Exponential => "exponential",
            Family::Lognormal => "lognormal",
            Family::Gamma => "gamma",
        }
    }
}

/// One fitted distribution with its natural parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Params {
    /// Mean, seconds.
    Exponential { mean_s: f64 },
    /// Mean and standard deviation of ln(x).
    Lognormal { mu: f64, sigma: f64 },
    /// Shape k and scale θ (seconds): mean kθ.
    Gamma { shape: f64, scale_s: f64 },
}

impl Params {
    pub fn family(&self) -> Family {
        match self {
            Params::Exponential { .. } => Family::Exponential,
            Params::Lognormal { .. } => Family::Lognormal,
            Params::Gamma { .. } => Family::Gamma,
        }
    }

    /// Mean, seconds.
    pub fn mean_s(&self) -> f64 {
        match *self {
            Params::Exponential { mean_s } => mean_s,
            Params::Lognormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Params::Gamma { shape, scale_s } => shape * scale_s,
        }
    }

    /// Coefficient of variation (standard deviation / mean).
    pub fn cv(&self) -> f64 {
        match *self {
            Params::Exponential { .. } => 1.0,
            Params::Lognormal { sigma, .. } => ((sigma * sigma).exp() - 1.0).sqrt(),
            Params::Gamma { shape, .. } => 1.0 / shape.sqrt(),
        }
    }

    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match *self {
            Params::Exponential { mean_s } => 1.0 - (-x / mean_s).exp(),
            Params::Lognormal { mu, sigma } => {
                0.5 * erfc(-(x.ln() - mu) / (sigma * std::f64::consts::SQRT_2))
            }
            Params::Gamma { shape, scale_s } => {
                checked_gamma_lr(shape, x / scale_s).unwrap_or(f64::NAN)
            }
        }
    }

    /// ln of the density at x > 0.
    pub fn ln_pdf(&self, x: f64) -> f64 {
        match *self {
            Params::Exponential { mean_s } => -mean_s.ln() - x / mean_s,
            Params::Lognormal { mu, sigma } => {
                let z = (x.ln() - mu) / sigma;
                -x.ln() - sigma.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() - 0.5 * z * z
            }
            Params::Gamma { shape, scale_s } => {
                (shape - 1.0) * x.ln() - x / scale_s - ln_gamma(shape) - shape * scale_s.ln()
            }
        }
    }

    /// The p-quantile (0 < p < 1), seconds, by bisection on the CDF where no closed form.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Params::Exponential { mean_s } => -mean_s * (1.0 - p).ln(),
            Params::Lognormal { mu, sigma } => (mu + sigma * normal_quantile(p)).exp(),
            Params::Gamma { .. } => {
                let (mut lo, mut hi) = (0.0, self.mean_s().max(1e-9));
                let mut guard = 0;
                while self.cdf(hi) < p && guard < 200 {
                    hi *= 2.0;
                    guard += 1;
                }
                for _ in 0..200 {
                    let mid = 0.5 * (lo + hi);
                    if self.cdf(mid) < p {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                0.5 * (lo + hi)
            }
        }
    }
}

/// The standard normal p-quantile (Acklam's rational approximation, refined by one
/// Newton step on erfc: about 1e-15 relative).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let x = if p < 0.02425 {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - 0.02425 {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // one Newton step
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// Trigamma ψ′(x), x > 0: recurrence up to 10, then the asymptotic series (error below 1e-13).
pub fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + 1.0 / x
        + x2 / 2.0
        + (1.0 / x)
            * x2
            * (1.0 / 6.0
                - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 * (1.0 / 30.0 - x2 * 5.0 / 66.0))))
}

/// Exponential MLE: the mean.
pub fn fit_exponential(x: &[f64]) -> Params {
    Params::Exponential {
        mean_s: x.iter().sum::<f64>() / x.len() as f64,
    }
}

/// Lognormal MLE: mean and (1/n) standard deviation of ln x (x > 0).
pub fn fit_lognormal(x: &[f64]) -> Params {
    let n = x.len() as f64;
    let mu = x.iter().map(|v| v.ln()).sum::<f64>() / n;
    let var = x.iter().map(|v| (v.ln() - mu).powi(2)).sum::<f64>() / n;
    Params::Lognormal {
        mu,
        sigma: var.sqrt().max(1e-12),
    }
}

/// Gamma MLE (x > 0): the shape solves ln k − ψ(k) = ln x̄ − mean(ln x), by Newton from
/// Minka's starting value; the scale is x̄ / k.
pub fn fit_gamma(x: &[f64]) -> Params {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let s = mean.ln() - x.iter().map(|v| v.ln()).sum::<f64>() / n;
    // all values (nearly) equal: the shape is unbounded; the largest the scenario takes
    // (cv 0.001) stands for it
    if s <= 1e-12 || !s.is_finite() {
        return Params::Gamma {
            shape: MAX_SHAPE,
            scale_s: mean / MAX_SHAPE,
        };
    }
    let mut k = (3.0 - s + ((s - 3.0).powi(2) + 24.0 * s).sqrt()) / (12.0 * s);
    for _ in 0..100 {
        let f = k.ln() - digamma(k) - s;
        let df = 1.0 / k - trigamma(k);
        let next = k - f / df;
        let next = if next > 0.0 { next } else { k / 2.0 };
        let done = (next - k).abs() <= 1e-12 * k;
        k = next;
        if done {
            break;
        }
    }
    let k = k.min(MAX_SHAPE);
    Params::Gamma {
        shape: k,
        scale_s: mean / k,
    }
}

/// The largest gamma shape fitted: cv 0.001, the smallest a scenario takes.
pub const MAX_SHAPE: f64 = 1e6;

/// Kolmogorov–Smirnov distance between a sorted sample and a CDF.
pub fn ks_statistic(sorted: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let n = sorted.len() as f64;
    let mut d: f64 = 0.0;
    for (i, &x) in sorted.iter().enumerate() {
        let f = cdf(x);
        d = d.max(f - i as f64 / n).max((i + 1) as f64 / n - f);
    }
    d
}

/// Asymptotic p-value of a KS distance `d` with `n` values (Stephens' factor).
pub fn ks_p_value(d: f64, n: usize) -> f64 {
    let sn = (n as f64).sqrt();
    let lambda = (sn + 0.12 + 0.11 / sn) * d;
    kolmogorov_q(lambda)
}

/// Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}.
pub fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda < 0.2 {
        return 1.0;
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for j in 1..=100 {
        let term = (-2.0 * (j * j) as f64 * lambda * lambda).exp();
        sum += sign * term;
        if term < 1e-16 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// One candidate fitted to a sample, with its goodness of fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub params: Params,
    /// Log-likelihood at the estimate.
    pub log_likelihood: f64,
    /// KS distance to the sample and its approximate p-value.
    pub ks_d: f64,
    pub ks_p: f64,
    /// Standard errors of the natural parameters (Fisher information): exponential
    /// [mean]; lognormal [mu, sigma]; gamma [shape, scale].
    pub se: Vec<f64>,
}

/// The quantiles every report shows.
pub const QUANTILES: [f64; 5] = [0.1, 0.25, 0.5, 0.9, 0.99];

/// The p-quantile of a sorted sample (linear interpolation between order statistics,
/// type 7).
pub fn sample_quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Fit the three families to a sorted sample of positive values (at least 2).
pub fn fit_all(sorted: &[f64]) -> Vec<Candidate> {
    let n = sorted.len() as f64;
    [
        fit_exponential(sorted),
        fit_lognormal(sorted),
        fit_gamma(sorted),
    ]
    .into_iter()
    .map(|params| {
        let ks_d = ks_statistic(sorted, |x| params.cdf(x));
        let se = match params {
            Params::Exponential { mean_s } => vec![mean_s / n.sqrt()],
            Params::Lognormal { sigma, .. } => {
                vec![sigma / n.sqrt(), sigma / (2.0 * n).sqrt()]
            }
            Params::Gamma { shape, scale_s } => {
                // inverse Fisher information of (k, θ) per observation:
                // [[ψ'(k), 1/θ], [1/θ, k/θ²]]
                let det = shape * trigamma(shape) - 1.0;
                let var_k = shape / (n * det);
                let var_t = scale_s * scale_s * trigamma(shape) / (n * det);
                vec![var_k.sqrt(), var_t.sqrt()]
            }
        };
        Candidate {
            params,
            log_likelihood: sorted.iter().map(|&x| params.ln_pdf(x)).sum(),
            ks_d,
            ks_p: ks_p_value(ks_d, sorted.len()),
            se,
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_mle_is_the_mean() {
        let x = [1.0, 2.0, 3.0, 10.0];
        assert_eq!(fit_exponential(&x), Params::Exponential { mean_s: 4.0 });
    }

    #[test]
    fn lognormal_mle_by_hand() {
        // ln x = 0, 1, 2: mean 1, variance (1 + 0 + 1) / 3
        let x = [1.0, 1f64.exp(), 2f64.exp()];
        let Params::Lognormal { mu, sigma } = fit_lognormal(&x) else {
            panic!("not lognormal")
        };
        assert!((mu - 1.0).abs() < 1e-12);
        assert!((sigma - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    /// Reference values computed offline with mpmath 1.3.0 at 30 digits:
    /// `s = log(5.5) - fsum(log(v) for v in range(1, 11)) / 10;
    /// findroot(lambda k: log(k) - digamma(k) - s, 2.5)` gives shape
    /// 2.72844431397915910 and scale 5.5 / shape = 2.01580071538231551;
    /// `polygamma(1, 2.5)` is 0.490357756100234865.
    #[test]
    fn gamma_mle_matches_mpmath() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        let Params::Gamma { shape, scale_s } = fit_gamma(&x) else {
            panic!("not gamma")
        };
        // independent check: the MLE equation ln k − ψ(k) = ln x̄ − mean(ln x)
        let s = 5.5f64.ln() - x.iter().map(|v| v.ln()).sum::<f64>() / 10.0;
        assert!((shape.ln() - digamma(shape) - s).abs() < 1e-12);
        assert!((shape * scale_s - 5.5).abs() < 1e-12);
        assert!(
            (shape - 2.728_444_313_979_159).abs() < 1e-10,
            "shape {shape}"
        );
        assert!(
            (scale_s - 2.015_800_715_382_315_5).abs() < 1e-10,
            "scale {scale_s}"
        );
        assert!((trigamma(2.5) - 0.4903577561002349).abs() < 1e-12);
    }

    #[test]
    fn normal_quantile_inverts_the_cdf() {
        for p in [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999] {
            let z = normal_quantile(p);
            let back = 0.5 * erfc(-z / std::f64::consts::SQRT_2);
            assert!((back - p).abs() < 1e-13 * p.max(1e-3) * 1e3, "{p}: {back}");
        }
    }

    #[test]
    fn ks_distance_and_p_by_hand() {
        // uniform CDF on [0, 1] at 0.5 with one value: D = max(0.5 − 0, 1 − 0.5)
        assert_eq!(ks_statistic(&[0.5], |x| x), 0.5);
        // Q_KS(1.36) ≈ 0.049 (the 5% critical value of the Kolmogorov distribution)
        assert!((kolmogorov_q(1.358) - 0.05).abs() < 1e-3);
    }

    #[test]
    fn quantiles_invert_cdfs() {
        for p in [
            Params::Exponential { mean_s: 180.0 },
            Params::Lognormal {
                mu: 5.0,
                sigma: 0.8,
            },
            Params::Gamma {
                shape: 2.5,
                scale_s: 60.0,
            },
        ] {
            for q in QUANTILES {
                let x = p.quantile(q);
                assert!((p.cdf(x) - q).abs() < 1e-9, "{p:?} {q}");
            }
        }
    }
}
