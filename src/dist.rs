//! Service-time and patience distributions.
//!
//! Every distribution is built through a constructor that checks its parameters and
//! knows its analytic mean and variance (statrs' habit), so tests and the Erlang
//! staffing (which uses only the mean) never estimate what is known exactly.

use std::fmt;

use crate::limits::{MAX_CV, MAX_DIST_MEAN_S, MIN_CV, MIN_DIST_MEAN_S};

/// A non-negative duration distribution, in seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// Exponential with the given mean.
    Exponential { mean_s: f64 },
    /// Lognormal given by its mean and coefficient of variation (sd / mean).
    LogNormal { mean_s: f64, cv: f64 },
    /// Gamma given by its mean and coefficient of variation (shape = 1 / cv²).
    Gamma { mean_s: f64, cv: f64 },
    /// Always the same value.
    Deterministic { value_s: f64 },
    /// Resampled from observed values (each equally likely).
    Empirical { samples_s: Vec<f64> },
}

/// Which parameter a distribution refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    Mean,
    Cv,
    Value,
    Samples,
}

/// Why a distribution's parameters were refused.
#[derive(Debug, Clone, PartialEq)]
pub struct DistError {
    /// The parameter at fault.
    pub param: Param,
    /// What is wrong, with the accepted range.
    pub message: String,
    /// The refused value (NaN for an empty or all-zero sample).
    pub value: f64,
}

impl fmt::Display for DistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DistError {}

/// A mean or value in seconds: [`MIN_DIST_MEAN_S`] to [`MAX_DIST_MEAN_S`].
fn seconds(param: Param, what: &str, v: f64) -> Result<f64, DistError> {
    if (MIN_DIST_MEAN_S..=MAX_DIST_MEAN_S).contains(&v) {
        Ok(v)
    } else {
        Err(DistError {
            param,
            value: v,
            message: format!(
                "{what} is {} s, outside {}",
                num_words(v),
                range_words(MIN_DIST_MEAN_S, MAX_DIST_MEAN_S, " s")
            ),
        })
    }
}

/// A coefficient of variation: [`MIN_CV`] to [`MAX_CV`], where the samplers are exact.
fn cv_in_range(v: f64) -> Result<f64, DistError> {
    if (MIN_CV..=MAX_CV).contains(&v) {
        Ok(v)
    } else {
        Err(DistError {
            param: Param::Cv,
            value: v,
            message: format!(
                "the coefficient of variation is {}, outside {} where the sampler is exact",
                num_words(v),
                range_words(MIN_CV, MAX_CV, "")
            ),
        })
    }
}

/// A number as a user reads it: `1e27` rather than 28 digits.
pub fn num_words(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-3..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// `0.001 to 1000`, `0.001 s to 31622400 s`.
fn range_words(lo: f64, hi: f64, unit: &str) -> String {
    format!("{}{unit} to {}{unit}", num_words(lo), num_words(hi))
}

impl Dist {
    pub fn exponential(mean_s: f64) -> Result<Dist, DistError> {
        Ok(Dist::Exponential {
            mean_s: seconds(Param::Mean, "the mean", mean_s)?,
        })
    }

    pub fn lognormal(mean_s: f64, cv: f64) -> Result<Dist, DistError> {
        Ok(Dist::LogNormal {
            mean_s: seconds(Param::Mean, "the mean", mean_s)?,
            cv: cv_in_range(cv)?,
        })
    }

    pub fn gamma(mean_s: f64, cv: f64) -> Result<Dist, DistError> {
        Ok(Dist::Gamma {
            mean_s: seconds(Param::Mean, "the mean", mean_s)?,
            cv: cv_in_range(cv)?,
        })
    }

    pub fn deterministic(value_s: f64) -> Result<Dist, DistError> {
        Ok(Dist::Deterministic {
            value_s: seconds(Param::Value, "the value", value_s)?,
        })
    }

    pub fn empirical(samples_s: Vec<f64>) -> Result<Dist, DistError> {
        let refuse = |message: String| DistError {
            param: Param::Samples,
            message,
            value: f64::NAN,
        };
        if samples_s.is_empty() {
            return Err(refuse(
                "an empirical distribution needs at least one value".into(),
            ));
        }
        if let Some(bad) = samples_s
            .iter()
            .find(|v| !(0.0..=MAX_DIST_MEAN_S).contains(*v))
        {
            return Err(refuse(format!(
                "empirical values must be seconds from 0 to {}, found {bad}",
                num_words(MAX_DIST_MEAN_S)
            )));
        }
        let d = Dist::Empirical { samples_s };
        if d.mean_s() < MIN_DIST_MEAN_S {
            return Err(refuse(format!(
                "the empirical values' mean is {} s, below {MIN_DIST_MEAN_S} s",
                d.mean_s()
            )));
        }
        Ok(d)
    }

    /// Analytic mean, seconds.
    pub fn mean_s(&self) -> f64 {
        match self {
            Dist::Exponential { mean_s }
            | Dist::LogNormal { mean_s, .. }
            | Dist::Gamma { mean_s, .. } => *mean_s,
            Dist::Deterministic { value_s } => *value_s,
            Dist::Empirical { samples_s } => samples_s.iter().sum::<f64>() / samples_s.len() as f64,
        }
    }

    /// Analytic variance, seconds².
    pub fn variance_s2(&self) -> f64 {
        match self {
            Dist::Exponential { mean_s } => mean_s * mean_s,
            Dist::LogNormal { mean_s, cv } | Dist::Gamma { mean_s, cv } => (mean_s * cv).powi(2),
            Dist::Deterministic { .. } => 0.0,
            Dist::Empirical { samples_s } => {
                let m = self.mean_s();
                samples_s.iter().map(|v| (v - m).powi(2)).sum::<f64>() / samples_s.len() as f64
            }
        }
    }

    /// Squared coefficient of variation (variance / mean²): 1 for exponential.
    pub fn scv(&self) -> f64 {
        self.variance_s2() / self.mean_s().powi(2)
    }

    /// Short name as written in scenario files.
    pub fn kind(&self) -> &'static str {
        match self {
            Dist::Exponential { .. } => "exponential",
            Dist::LogNormal { .. } => "lognormal",
            Dist::Gamma { .. } => "gamma",
            Dist::Deterministic { .. } => "deterministic",
            Dist::Empirical { .. } => "empirical",
        }
    }
}

/// A distribution ready to draw from: parameters converted once.
#[derive(Debug, Clone)]
pub enum Sampler {
    /// Exponential: a standard exponential draw times the mean (`scale_s`).
    Exponential {
        scale_s: f64,
    },
    LogNormal(rand_distr::LogNormal<f64>),
    Gamma(rand_distr::Gamma<f64>),
    Deterministic(f64),
    Empirical(Vec<f64>),
    /// A survival function read off data (a replay's Kaplan–Meier patience).
    Survival(Box<SurvivalTable>),
}

/// A survival function P(X > t) read off data: steps (a Kaplan–Meier estimate) up to
/// its last step, then an exponential tail. It can draw X given X > a floor exactly,
/// which a replay needs for a caller known to have been patient at least as long as
/// it waited.
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalTable {
    /// Step times, strictly increasing, seconds.
    times_s: Vec<f64>,
    /// S just after each step: non-increasing, in (0, 1].
    survival: Vec<f64>,
    /// Hazard beyond the last step, per second.
    tail_rate: f64,
}

impl SurvivalTable {
    /// A table from its steps and tail hazard, or what is wrong with them.
    pub fn new(times_s: Vec<f64>, survival: Vec<f64>, tail_rate: f64) -> Result<Self, String> {
        if times_s.is_empty() || times_s.len() != survival.len() {
            return Err("a survival table needs one survival value per step, and a step".into());
        }
        if times_s.iter().any(|t| !t.is_finite() || *t < 0.0)
            || times_s.windows(2).any(|w| w[0] >= w[1])
        {
            return Err("survival steps must be finite, at least 0 and increasing".into());
        }
        if survival.iter().any(|s| !(*s > 0.0 && *s <= 1.0))
            || survival.windows(2).any(|w| w[1] > w[0])
        {
            return Err("survival values must be in (0, 1] and never rise".into());
        }
        if !(tail_rate.is_finite() && tail_rate > 0.0) {
            return Err("the tail hazard must be above 0 and finite".into());
        }
        Ok(SurvivalTable {
            times_s,
            survival,
            tail_rate,
        })
    }

    /// P(X > t).
    pub fn survival_at(&self, t_s: f64) -> f64 {
        let i = self.times_s.partition_point(|x| *x <= t_s);
        if i == 0 {
            return 1.0;
        }
        let last = self.times_s.len() - 1;
        if i > last {
            let beyond = t_s - self.times_s[last];
            return self.survival[last] * (-beyond * self.tail_rate).exp();
        }
        self.survival[i - 1]
    }

    /// The mean, seconds: the area under the survival function.
    pub fn mean_s(&self) -> f64 {
        let mut area = 0.0;
        let (mut t, mut s) = (0.0, 1.0);
        for (&ti, &si) in self.times_s.iter().zip(&self.survival) {
            area += s * (ti - t);
            (t, s) = (ti, si);
        }
        area + s / self.tail_rate
    }

    /// One draw of X given X > `floor_s` (the inverse of the conditional survival
    /// function at a uniform draw).
    pub fn sample_beyond<R: rand::Rng + ?Sized>(&self, rng: &mut R, floor_s: f64) -> f64 {
        // u in (0, 1]: S(X) = u·S(floor)
        let u = 1.0 - rng.random::<f64>();
        let target = u * self.survival_at(floor_s);
        let last = self.times_s.len() - 1;
        if target < self.survival[last] {
            let base = floor_s.max(self.times_s[last]);
            return base + (self.survival_at(base) / target).ln() / self.tail_rate;
        }
        // the first step where S falls to the target (after the floor: S there is
        // above the target unless u = 1)
        let i = self.survival.partition_point(|s| *s > target);
        self.times_s[i].max(floor_s)
    }
}

impl Dist {
    /// A sampler for this distribution. The constructors keep every parameter where
    /// rand_distr's `LogNormal::new` and `Gamma::new` accept it (a finite σ ≥ 0; a
    /// finite shape and scale above 0), so the constant fallbacks below are never
    /// taken for a `Dist` built through them (`samplers_at_the_bounds_are_random`).
    pub fn sampler(&self) -> Sampler {
        use rand_distr::{Gamma, LogNormal};
        match self {
            // the scale rand_distr's `Exp::new(1 / mean)` keeps, to the last bit
            Dist::Exponential { mean_s } => Sampler::Exponential {
                scale_s: 1.0 / (1.0 / mean_s),
            },
            Dist::LogNormal { mean_s, cv } => {
                // σ² = ln(1 + cv²), μ = ln(mean) − σ²/2; at the smallest cv, 0.001, the
                // rounding of 1 + cv² moves σ² by 1e-10 of itself (ln_1p would be exact,
                // but would change every draw of the shipped scenarios in the last bit)
                let s2 = (1.0 + cv * cv).ln();
                match LogNormal::new(mean_s.ln() - 0.5 * s2, s2.sqrt()) {
                    Ok(d) => Sampler::LogNormal(d),
                    Err(_) => Sampler::Deterministic(*mean_s),
                }
            }
            Dist::Gamma { mean_s, cv } => {
                // shape k = 1/cv², scale θ = mean·cv²
                match Gamma::new(1.0 / (cv * cv), mean_s * cv * cv) {
                    Ok(d) => Sampler::Gamma(d),
                    Err(_) => Sampler::Deterministic(*mean_s),
                }
            }
            Dist::Deterministic { value_s } => Sampler::Deterministic(*value_s),
            Dist::Empirical { samples_s } => Sampler::Empirical(samples_s.clone()),
        }
    }
}

impl Sampler {
    /// One draw, seconds.
    #[inline]
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        use rand_distr::{Distribution, Exp1, StandardNormal};
        // the standard draws are called directly (the same values as `Exp` and
        // `LogNormal` give): through `Rng::sample` they were a call each
        match self {
            Sampler::Exponential { scale_s } => {
                let e: f64 = Exp1.sample(rng);
                e * scale_s
            }
            Sampler::LogNormal(d) => d.from_zscore(StandardNormal.sample(rng)),
            Sampler::Gamma(d) => d.sample(rng),
            Sampler::Deterministic(v) => *v,
            Sampler::Empirical(v) => v[rng.random_range(0..v.len())],
            Sampler::Survival(t) => t.sample_beyond(rng, 0.0),
        }
    }

    /// One draw given that it exceeds `floor_s` (a caller who has waited `floor_s`
    /// without hanging up): exact for a survival table, and for the exponential
    /// (memoryless: the floor plus a draw); for the others the floor plus a draw.
    #[inline]
    pub fn sample_beyond<R: rand::Rng + ?Sized>(&self, rng: &mut R, floor_s: f64) -> f64 {
        match self {
            Sampler::Survival(t) => t.sample_beyond(rng, floor_s),
            other => other.sample(rng) + floor_s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survival_table_draws_beyond_a_floor_as_its_conditional_law() {
        use rand::SeedableRng;
        // steps at 10, 20, 30 s to 0.8, 0.5, 0.4, then a tail of mean 50 s
        let t = SurvivalTable::new(vec![10.0, 20.0, 30.0], vec![0.8, 0.5, 0.4], 0.02).unwrap();
        assert_eq!(t.survival_at(5.0), 1.0);
        assert_eq!(t.survival_at(10.0), 0.8);
        assert_eq!(t.survival_at(29.9), 0.5);
        assert!((t.survival_at(80.0) - 0.4 * (-1.0f64).exp()).abs() < 1e-15);
        assert!((t.mean_s() - (10.0 + 0.8 * 10.0 + 0.5 * 10.0 + 0.4 * 50.0)).abs() < 1e-12);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 200_000;
        for floor in [0.0, 15.0, 45.0] {
            let draws: Vec<f64> = (0..n).map(|_| t.sample_beyond(&mut rng, floor)).collect();
            assert!(draws.iter().all(|x| *x >= floor));
            // P(X > x | X > floor) = S(x) / S(floor), within 4 standard errors
            for x in [10.0, 20.0, 30.0, 60.0, 120.0] {
                let p = if x < floor {
                    1.0
                } else {
                    t.survival_at(x) / t.survival_at(floor)
                };
                let got = draws.iter().filter(|d| **d > x).count() as f64 / n as f64;
                let se = (p * (1.0 - p) / n as f64).sqrt().max(1e-9);
                assert!(
                    (got - p).abs() <= 4.0 * se + 1e-12,
                    "floor {floor} x {x}: {got} vs {p}"
                );
            }
        }
        let s = Sampler::Survival(Box::new(t.clone()));
        let mean = (0..n).map(|_| s.sample(&mut rng)).sum::<f64>() / n as f64;
        assert!((mean - t.mean_s()).abs() < 0.5, "{mean}");
        // the refusals
        assert!(SurvivalTable::new(vec![], vec![], 1.0).is_err());
        assert!(SurvivalTable::new(vec![2.0, 1.0], vec![0.9, 0.8], 1.0).is_err());
        assert!(SurvivalTable::new(vec![1.0, 2.0], vec![0.8, 0.9], 1.0).is_err());
        assert!(SurvivalTable::new(vec![1.0], vec![0.0], 1.0).is_err());
        assert!(SurvivalTable::new(vec![1.0], vec![0.5], 0.0).is_err());
    }

    #[test]
    fn moments() {
        let e = Dist::exponential(180.0).unwrap();
        assert_eq!(e.mean_s(), 180.0);
        assert_eq!(e.variance_s2(), 32400.0);
        assert_eq!(e.scv(), 1.0);
        let l = Dist::lognormal(200.0, 0.5).unwrap();
        assert_eq!(l.variance_s2(), 10000.0);
        let d = Dist::empirical(vec![1.0, 3.0]).unwrap();
        assert_eq!(d.mean_s(), 2.0);
        assert_eq!(d.variance_s2(), 1.0);
        assert!(Dist::exponential(0.0).is_err());
        assert!(Dist::gamma(10.0, -1.0).is_err());
        assert!(Dist::empirical(vec![]).is_err());
        assert!(Dist::empirical(vec![1.0, f64::NAN]).is_err());
    }

    #[test]
    fn parameters_outside_the_exact_range_are_refused_with_the_range() {
        let e = Dist::gamma(180.0, 1e-160).unwrap_err();
        assert_eq!(e.param, Param::Cv);
        assert_eq!(
            e.to_string(),
            "the coefficient of variation is 1e-160, outside 0.001 to 1000 where the sampler is exact"
        );
        for cv in [f64::NAN, f64::INFINITY, 0.0, -1.0, 1e154, 1000.5, 0.000999] {
            assert!(Dist::gamma(180.0, cv).is_err(), "gamma cv {cv}");
            assert!(Dist::lognormal(180.0, cv).is_err(), "lognormal cv {cv}");
        }
        let e = Dist::exponential(1e27).unwrap_err();
        assert_eq!(e.param, Param::Mean);
        assert_eq!(
            e.to_string(),
            "the mean is 1e27 s, outside 1e-9 s to 1e12 s"
        );
        assert!(Dist::exponential(1e-10).is_err());
        assert!(Dist::deterministic(f64::INFINITY).is_err());
        assert!(Dist::empirical(vec![1.0, 1e13]).is_err());
        assert!(
            Dist::exponential(1e9).is_ok(),
            "a replay's nobody-abandons patience"
        );
        assert!(Dist::empirical(vec![0.0, 0.0]).is_err());
    }

    #[test]
    fn samplers_at_the_bounds_are_random_with_the_analytic_mean() {
        use rand::SeedableRng;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 100_000;
        for (d, tol) in [
            (Dist::gamma(180.0, MIN_CV).unwrap(), 1e-4),
            (Dist::lognormal(180.0, MIN_CV).unwrap(), 1e-4),
            (Dist::gamma(MIN_DIST_MEAN_S, 0.5).unwrap(), 1e-2),
            (Dist::gamma(MAX_DIST_MEAN_S, 0.5).unwrap(), 1e-2),
            (Dist::lognormal(MAX_DIST_MEAN_S, 0.5).unwrap(), 1e-2),
        ] {
            let s = d.sampler();
            assert!(
                matches!(s, Sampler::Gamma(_) | Sampler::LogNormal(_)),
                "{d:?} samples a constant"
            );
            let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
            assert!(xs.iter().all(|x| x.is_finite() && *x >= 0.0), "{d:?}");
            let mean = xs.iter().sum::<f64>() / n as f64;
            // 5 standard errors of the mean (the cv is at most 0.5 here)
            assert!((mean / d.mean_s() - 1.0).abs() <= tol, "{d:?}: mean {mean}");
            let distinct = xs.iter().filter(|x| **x != xs[0]).count();
            assert!(distinct > n / 2, "{d:?}: {distinct} distinct draws");
        }
        // the largest cv: still random, finite, never all zero
        for d in [
            Dist::gamma(180.0, MAX_CV).unwrap(),
            Dist::lognormal(180.0, MAX_CV).unwrap(),
        ] {
            let s = d.sampler();
            assert!(matches!(s, Sampler::Gamma(_) | Sampler::LogNormal(_)));
            let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
            assert!(xs.iter().all(|x| x.is_finite() && *x >= 0.0), "{d:?}");
            assert!(xs.iter().any(|x| *x > 0.0), "{d:?}");
        }
    }

    #[test]
    fn samplers_have_the_analytic_mean() {
        use rand::SeedableRng;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 200_000;
        for d in [
            Dist::exponential(180.0).unwrap(),
            Dist::lognormal(180.0, 0.8).unwrap(),
            Dist::gamma(180.0, 0.5).unwrap(),
            Dist::deterministic(180.0).unwrap(),
            Dist::empirical(vec![120.0, 240.0]).unwrap(),
        ] {
            let s = d.sampler();
            let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            // 5 standard errors of the mean; variance within 5%
            let se = (d.variance_s2() / n as f64).sqrt();
            assert!(
                (mean - d.mean_s()).abs() <= 5.0 * se + 1e-9,
                "{d:?}: mean {mean}"
            );
            assert!(
                (var - d.variance_s2()).abs() <= 0.05 * d.variance_s2() + 1e-9,
                "{d:?}: var {var}"
            );
        }
    }
}
